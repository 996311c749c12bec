//! `spotter new`: one page of a kind, its front matter filled in, written into a guide.
//!
//! The pages are `starter/new/*.md`; this module picks the values for their placeholders (the
//! title, a post's date, an exercise and a workout the guide already has, so the page passes
//! `spotter check` as written) and refuses a file name or slug already taken. It is not for
//! starting a guide: that is [`super::init`].

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use super::{fill, today_utc, write_new, yaml_string, Error};
use crate::source::front_matter::{Date, FrontMatter};
use crate::source::load::{self, Doc};
use crate::source::slug::{is_valid, slugify};

/// What `spotter new` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `content/exercises/SLUG.md`.
    Exercise,
    /// `content/workouts/SLUG.md`.
    Workout,
    /// `content/programs/SLUG.md`.
    Program,
    /// `content/blog/YYYY-MM-DD-SLUG.md`.
    Post,
}

impl Kind {
    /// Every kind, in the order the command line lists them.
    pub const ALL: [Kind; 4] = [Kind::Exercise, Kind::Workout, Kind::Program, Kind::Post];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Exercise => "exercise",
            Kind::Workout => "workout",
            Kind::Program => "program",
            Kind::Post => "post",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Kind, String> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!("unknown kind \"{s}\": expected exercise, workout, program or post")
            })
    }
}

/// A page written by [`new_page`].
#[derive(Debug)]
pub struct Written {
    /// The file, as the user would name it: under the root given, or relative when the root
    /// is the current folder.
    pub path: PathBuf,
    /// Things worth telling beside the path, such as a workout that still needs an exercise.
    pub notes: Vec<String>,
}

/// Writes a new page of `kind` titled `title` into the guide at `root`. A post is dated `date`,
/// or today (UTC) when it is `None`.
pub fn new_page(
    root: &Path,
    kind: Kind,
    title: &str,
    date: Option<Date>,
) -> Result<Written, Error> {
    if date.is_some() && kind != Kind::Post {
        return Err(Error::DateNotForKind { kind });
    }
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(Error::NoSlug {
            title: title.to_string(),
        });
    }
    if !root.join("site.yaml").is_file() && !root.join("content").is_dir() {
        return Err(Error::NotAGuide {
            root: root.to_path_buf(),
        });
    }
    let shown = |rel: &str| -> PathBuf {
        if root == Path::new(".") || root == Path::new("") {
            PathBuf::from(rel)
        } else {
            root.join(rel)
        }
    };
    let date = date.unwrap_or_else(today_utc);
    let rel = match kind {
        Kind::Exercise => format!("content/exercises/{slug}.md"),
        Kind::Workout => format!("content/workouts/{slug}.md"),
        Kind::Program => format!("content/programs/{slug}.md"),
        Kind::Post => format!("content/blog/{date}-{slug}.md"),
    };
    let path = shown(&rel);
    if root.join(&rel).exists() {
        return Err(Error::Exists { path });
    }

    // Drafts count for slug clashes (they clash once built with --drafts), but a workout only
    // names an exercise that a plain build has.
    let (content, _) = load::load(root, true);
    let taken = match kind {
        Kind::Exercise => slug_owner(&content.exercises, &slug),
        Kind::Workout => slug_owner(&content.workouts, &slug),
        Kind::Program => slug_owner(&content.programs, &slug),
        Kind::Post => slug_owner(&content.posts, &slug),
    };
    if let Some(owner) = taken {
        return Err(Error::SlugTaken {
            slug,
            path: shown(&owner.to_string_lossy()),
        });
    }
    let exercise = content
        .exercises
        .iter()
        .filter(|d| !d.matter.common().draft)
        .map(published_slug)
        .find(|s| is_valid(s));
    let workout = content
        .workouts
        .iter()
        .filter(|d| !d.matter.common().draft)
        .map(published_slug)
        .find(|s| is_valid(s));

    let mut notes = Vec::new();
    let text = match kind {
        Kind::Exercise => exercise_page(title, exercise.as_deref()),
        Kind::Workout => {
            if exercise.is_none() {
                notes.push(
                    "the guide has no exercise yet: add one under `exercises:` before building"
                        .to_string(),
                );
            }
            workout_page(title, exercise.as_deref())
        }
        Kind::Program => {
            if workout.is_none() {
                notes.push(
                    "the guide has no workout yet: add one, then name it under `weeks:` before building"
                        .to_string(),
                );
            }
            let workout = workout.as_deref().unwrap_or("WORKOUT");
            fill(
                PROGRAM,
                &[("title", &yaml_string(title)), ("workout", workout)],
            )
        }
        Kind::Post => post_page(title, date, exercise.as_deref(), workout.as_deref()),
    };
    write_new(&root.join(&rel), &path, &text)?;
    Ok(Written { path, notes })
}

/// The content file (relative to the root) of the page among `docs` that publishes under
/// `slug`, if any.
fn slug_owner<M: FrontMatter>(docs: &[Doc<M>], slug: &str) -> Option<PathBuf> {
    docs.iter()
        .find(|d| published_slug(d) == slug)
        .map(|d| d.source.path.clone())
}

/// The slug a page is published under: its valid `slug:`, else its file name's.
fn published_slug<M: FrontMatter>(doc: &Doc<M>) -> String {
    match doc.matter.common().slug {
        Some(s) if is_valid(s) => s.to_string(),
        Some(s) if !slugify(s).is_empty() => slugify(s),
        _ => slugify(&doc.stem),
    }
}

// ---------------------------------------------------------------------------------------------
// The pages, from `starter/new/`

const EXERCISE: &str = include_str!("starter/new/exercise.md");
const WORKOUT: &str = include_str!("starter/new/workout.md");
/// A workout's `exercises:` when the guide has an exercise to name.
const WORKOUT_EXERCISES: &str = include_str!("starter/new/workout-exercises.yaml");
/// A workout's `exercises:` when the guide has none yet.
const WORKOUT_NO_EXERCISE: &str = include_str!("starter/new/workout-no-exercise.yaml");
const POST: &str = include_str!("starter/new/post.md");
const PROGRAM: &str = include_str!("starter/new/program.md");

/// A new exercise; `other` is an exercise of the guide, named as an example regression.
fn exercise_page(title: &str, other: Option<&str>) -> String {
    fill(
        EXERCISE,
        &[
            ("title", &yaml_string(title)),
            ("example", other.unwrap_or("band-pull-apart")),
        ],
    )
}

/// A new workout, with `exercise` as its one item, or with none when the guide has none.
fn workout_page(title: &str, exercise: Option<&str>) -> String {
    let exercises = match exercise {
        Some(slug) => fill(WORKOUT_EXERCISES, &[("exercise", &yaml_string(slug))]),
        None => WORKOUT_NO_EXERCISE.to_string(),
    };
    // The list stands on the placeholder's line, which has a line break of its own.
    fill(
        WORKOUT,
        &[
            ("title", &yaml_string(title)),
            ("exercises", exercises.trim_end_matches('\n')),
        ],
    )
}

/// A new post, whose comment shows how to link to and embed `exercise` and `workout`.
fn post_page(title: &str, date: Date, exercise: Option<&str>, workout: Option<&str>) -> String {
    fill(
        POST,
        &[
            ("title", &yaml_string(title)),
            ("date", &date.to_string()),
            ("exercise", exercise.unwrap_or("band-pull-apart")),
            ("workout", workout.unwrap_or("six-minute-upper-back")),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scaffold::matter;
    use crate::source::front_matter::{ExerciseMatter, PostMatter, WorkoutMatter};

    #[test]
    fn pages_parse_as_their_kind() {
        let e: ExerciseMatter = matter(&exercise_page("Row: \"the\" basics", Some("push-up")));
        assert_eq!(e.title.as_deref(), Some("Row: \"the\" basics"));
        assert_eq!(e.muscles.unwrap().primary, ["rhomboids"]);
        assert!(e.equipment.is_empty());
        assert_eq!(e.sets.unwrap().for_level(None).summary(), "3 × 8–12");

        let w: WorkoutMatter = matter(&workout_page("Circuit", Some("push-up")));
        assert_eq!(w.exercises.len(), 1);
        assert_eq!(w.exercises[0].exercise.as_deref(), Some("push-up"));
        let w: WorkoutMatter = matter(&workout_page("Circuit", None));
        assert!(w.exercises.is_empty());

        let date = "2024-05-01".parse().unwrap();
        let text = post_page("Why rows?", date, None, None);
        let p: PostMatter = matter(&text);
        assert_eq!(p.date, Some(date));
        assert!(text.contains("@/exercises/band-pull-apart.md"));
        assert!(text.contains("{{ exercise(slug=\"band-pull-apart\") }}"));
    }

    #[test]
    fn kinds_parse() {
        assert_eq!("exercise".parse(), Ok(Kind::Exercise));
        assert_eq!("Post".parse(), Ok(Kind::Post));
        assert!("banana".parse::<Kind>().is_err());
    }
}
