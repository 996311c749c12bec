//! Scaffolding: `spotter new` writes one page with its front matter filled in, and
//! `spotter init` writes a whole new guide that builds as it is.
//!
//! Everything written here passes `spotter check` as written: placeholders are real values (a
//! muscle of the built-in catalogue, an exercise the guide already has), and the comments beside
//! them say what else may go there. Nothing here ever overwrites a file: files are created with
//! `create_new`, so even a file that appears between the check and the write is left alone.
//!
//! It is not for validating content (that is `spotter check`) and it does not copy the default
//! theme, which is built into the binary.

pub mod json_schema;

use std::fmt;
use std::fs::{self, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::config::SiteConfig;
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
    /// `content/blog/YYYY-MM-DD-SLUG.md`.
    Post,
}

impl Kind {
    /// Every kind, in the order the command line lists them.
    pub const ALL: [Kind; 3] = [Kind::Exercise, Kind::Workout, Kind::Post];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Exercise => "exercise",
            Kind::Workout => "workout",
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
            .ok_or_else(|| format!("unknown kind \"{s}\": expected exercise, workout or post"))
    }
}

/// Why a page or a guide was not written.
#[derive(Debug)]
pub enum Error {
    /// The title has no letter or digit to make a file name from (a usage error).
    NoSlug {
        /// The title as given.
        title: String,
    },
    /// `--date` was given for something that is not a post (a usage error).
    DateNotForKind {
        /// What was asked for.
        kind: Kind,
    },
    /// The folder is neither a guide nor inside one (a usage error).
    NotAGuide {
        /// The folder.
        root: PathBuf,
    },
    /// The file to write is already there.
    Exists {
        /// The file.
        path: PathBuf,
    },
    /// Another page of the same kind already publishes under the slug.
    SlugTaken {
        /// The slug.
        slug: String,
        /// The page that has it.
        path: PathBuf,
    },
    /// `init` was pointed at a folder that already holds files.
    NotEmpty {
        /// The folder.
        dir: PathBuf,
    },
    /// `init` was pointed at something that is not a folder.
    NotAFolder {
        /// The path.
        path: PathBuf,
    },
    /// Reading or writing failed.
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        error: io::Error,
    },
}

impl Error {
    /// Whether the command was wrong (exit status 2) rather than the guide (exit status 1).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            Error::NoSlug { .. } | Error::DateNotForKind { .. } | Error::NotAGuide { .. }
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoSlug { title } => write!(
                f,
                "the title \"{title}\" has no letter or digit to make a file name from"
            ),
            Error::DateNotForKind { kind } => write!(
                f,
                "--date is for posts; a new {kind} has no date"
            ),
            Error::NotAGuide { root } => {
                let place = if root == Path::new(".") || root == Path::new("") {
                    "the current folder".to_string()
                } else {
                    root.display().to_string()
                };
                write!(
                    f,
                    "{place} is not a guide: it has no site.yaml and no content/ folder; run `spotter init DIR` to start one, or give the guide with --root"
                )
            }
            Error::Exists { path } => write!(
                f,
                "{} already exists; nothing was written (choose another title, or edit that file)",
                path.display()
            ),
            Error::SlugTaken { slug, path } => write!(
                f,
                "{} already publishes under the slug \"{slug}\"; nothing was written (choose another title)",
                path.display()
            ),
            Error::NotEmpty { dir } => write!(
                f,
                "{} is not empty; nothing was written (give a new or empty folder)",
                dir.display()
            ),
            Error::NotAFolder { path } => write!(
                f,
                "{} exists and is not a folder; nothing was written",
                path.display()
            ),
            Error::Io { path, error } => write!(f, "cannot write {}: {error}", path.display()),
        }
    }
}

impl std::error::Error for Error {}

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

/// Creates `path` with `text`, refusing to replace anything already there.
fn write_new(path: &Path, shown: &Path, text: &str) -> Result<(), Error> {
    let io_error = |error| Error::Io {
        path: shown.to_path_buf(),
        error,
    };
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(io_error)?;
    }
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|error| match error.kind() {
            io::ErrorKind::AlreadyExists => Error::Exists {
                path: shown.to_path_buf(),
            },
            _ => io_error(error),
        })?;
    file.write_all(text.as_bytes()).map_err(io_error)
}

/// Today's date in UTC, from the system clock.
pub fn today_utc() -> Date {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    date_from_days(seconds / 86_400)
}

/// The calendar date `days` days after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn date_from_days(days: u64) -> Date {
    let z = i64::try_from(days).unwrap_or(0) + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    Date {
        year: u16::try_from(year).unwrap_or(u16::MAX),
        month: u8::try_from(month).unwrap_or(1),
        day: u8::try_from(day).unwrap_or(1),
    }
}

/// `text` as a YAML scalar that reads back as exactly `text`: plain where that is safe,
/// double-quoted otherwise (a title such as `Yes`, `10`, `Row: the basics` or `#1 pull`).
fn yaml_string(text: &str) -> String {
    let plain_reads_back = !text.is_empty()
        && !text.contains(['\n', '\r', '"', '\''])
        && serde_yaml::from_str::<std::collections::BTreeMap<String, serde_yaml::Value>>(&format!(
            "k: {text}\n"
        ))
        .is_ok_and(|m| {
            m.len() == 1 && m.get("k") == Some(&serde_yaml::Value::String(text.to_string()))
        });
    if plain_reads_back {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            // YAML allows only printable characters, even between quotes.
            c if c.is_control() || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ---------------------------------------------------------------------------------------------
// The pages `spotter new` writes

fn exercise_page(title: &str, other: Option<&str>) -> String {
    let example = other.unwrap_or("band-pull-apart");
    format!(
        "---
title: {title}
summary: One or two sentences on what the exercise is and what it is good for.
muscles:
  # Muscles by slug, title or alias: the built-in catalogue is listed under /muscles/.
  primary: [rhomboids]  # the muscles that do the work: at least one
  secondary: []         # the muscles that help
equipment: []           # empty means bodyweight only; e.g. [resistance-band] or [dumbbells]
level: beginner         # beginner, intermediate or advanced
sets: 3x8-12            # or 3x10 per side, 2x30s, 3xmax, or {{sets: 3, reps: 8-12, rest: 40s}}
regressions: []         # easier variants: exercise slugs (file names without .md), e.g. [{example}]
progressions: []        # harder variants: exercise slugs
aliases: []             # other names the exercise goes by
---
In a sentence or two: what the exercise is, what it trains and who it suits.

## How to do it

1. The starting position: where you stand, sit or lie, and how you hold the equipment.
2. The movement, one step at a time.
3. The way back to the start.

## Cues

- A short phrase to keep in mind on every rep.

## Common mistakes

- **A common fault**, and how to put it right.
",
        title = yaml_string(title),
    )
}

fn workout_page(title: &str, exercise: Option<&str>) -> String {
    let items = match exercise {
        Some(slug) => format!(
            "exercises:                 # in order: exercises (by slug) with their prescription, and rests
  - exercise: {}
    reps: 10               # a count, a range (8-12), a hold (30s) or max; or hold: 30s
    note: A coaching note, shown on the page and the card.
  # - rest: 30s
  # - exercise: another-exercise
  #   sets: 2              # sets per round
  #   reps: 8-12
  #   per_side: true
",
            yaml_string(slug)
        ),
        None => "exercises: []              # add at least one exercise (by slug), and rests, e.g.:
  # - exercise: band-pull-apart
  #   reps: 10             # a count, a range (8-12), a hold (30s) or max; or hold: 30s
  #   note: A coaching note, shown on the page and the card.
  # - rest: 30s
"
        .to_string(),
    };
    format!(
        "---
title: {title}
summary: One or two sentences on who the workout is for and what it does.
level: beginner            # beginner, intermediate or advanced
rounds: 2                  # times through the list
rest_between_rounds: 30s   # the rest after each round but the last
schedule: 3 days a week    # how often, in your own words
{items}---
Who the workout is for, what it needs and how it feels.

## How to do it

Work through the exercises in order. After the last one, rest, then start the next round.
",
        title = yaml_string(title),
    )
}

fn post_page(title: &str, date: Date, exercise: Option<&str>, workout: Option<&str>) -> String {
    let exercise = exercise.unwrap_or("band-pull-apart");
    let workout = workout.unwrap_or("six-minute-upper-back");
    format!(
        "---
title: {title}
date: {date}
summary: One or two sentences that make someone want to read on.
tags: []                # e.g. [posture, beginners]; each tag has a page under /tags/
---
Write the post here, in Markdown.

<!--
Link to any page by its file under content/; the link is checked when the guide is built:

  See the [exercise](@/exercises/{exercise}.md) for the details.

Embed an exercise or a workout with a shortcode on a line of its own:

{{{{ exercise(slug=\"{exercise}\") }}}}

{{{{ workout(slug=\"{workout}\") }}}}

This comment is not published; delete it when you are done.
-->
",
        title = yaml_string(title),
    )
}

// ---------------------------------------------------------------------------------------------
// `spotter init`

/// A guide written by [`init`].
#[derive(Debug)]
pub struct Created {
    /// The guide's folder, as given.
    pub dir: PathBuf,
    /// The files written, relative to the folder.
    pub files: Vec<String>,
}

impl Created {
    /// What to do next, for the command line to print.
    pub fn next_steps(&self) -> String {
        let dir = self.dir.display().to_string();
        let cd = if dir.contains(char::is_whitespace) {
            format!("\"{dir}\"")
        } else {
            dir.clone()
        };
        let mut out = format!("created a new guide in {dir}:\n");
        for file in &self.files {
            out.push_str(&format!("  {file}\n"));
        }
        out.push_str("\nnext steps:\n");
        let steps = [
            (
                format!("cd {cd} && spotter serve"),
                "preview it at http://127.0.0.1:1111/, rebuilt as you save",
            ),
            (
                "spotter build".to_string(),
                "or write the site into public/",
            ),
            (
                "spotter new exercise \"Title\"".to_string(),
                "add a page with its front matter filled in (or workout, post)",
            ),
            (
                "spotter check".to_string(),
                "check content and links without writing anything",
            ),
        ];
        let width = steps
            .iter()
            .map(|(c, _)| c.chars().count())
            .max()
            .unwrap_or(0);
        for (command, what) in &steps {
            let pad = width - command.chars().count();
            out.push_str(&format!("  {command}{:pad$}   {what}\n", ""));
        }
        out.push_str(&format!(
            "
The default theme is built into spotter, so the guide needs no themes/ folder.
To customise it, copy themes/default/ from the Spotter repository into {dir}/themes/default/,
or override single templates in {dir}/templates/.
"
        ));
        out
    }
}

/// Writes a new guide into `dir`, which must not exist yet or be empty (hidden entries such as
/// `.git` are allowed; an existing `.gitignore` gets `/public` added instead of being replaced).
pub fn init(dir: &Path) -> Result<Created, Error> {
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |error| Error::Io { path, error }
    };
    let mut gitignore_exists = false;
    match fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => {
            return Err(Error::NotAFolder {
                path: dir.to_path_buf(),
            })
        }
        Ok(_) => {
            for entry in fs::read_dir(dir).map_err(io_error(dir))? {
                let name = entry.map_err(io_error(dir))?.file_name();
                let name = name.to_string_lossy();
                if !name.starts_with('.') {
                    return Err(Error::NotEmpty {
                        dir: dir.to_path_buf(),
                    });
                }
                gitignore_exists |= name == ".gitignore";
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(dir).map_err(io_error(dir))?;
        }
        Err(e) => return Err(io_error(dir)(e)),
    }

    let title = title_from_folder(dir);
    let date = today_utc();
    let files: Vec<(String, String)> = vec![
        ("site.yaml".into(), site_yaml(&title)),
        ("content/_index.md".into(), home_page(&title)),
        ("content/about.md".into(), ABOUT.into()),
        ("content/exercises/push-up.md".into(), PUSH_UP.into()),
        (
            "content/exercises/incline-push-up.md".into(),
            INCLINE_PUSH_UP.into(),
        ),
        (
            "content/workouts/push-up-builder.md".into(),
            PUSH_UP_BUILDER.into(),
        ),
        (
            format!("content/blog/{date}-welcome.md"),
            welcome_post(&title, date),
        ),
    ];
    let mut written = Vec::new();
    for (rel, text) in &files {
        write_new(&dir.join(rel), &dir.join(rel), text)?;
        written.push(rel.clone());
    }
    let gitignore = dir.join(".gitignore");
    if gitignore_exists {
        let old = fs::read_to_string(&gitignore).map_err(io_error(&gitignore))?;
        let ignored = old
            .lines()
            .any(|l| matches!(l.trim(), "/public" | "/public/" | "public" | "public/"));
        if !ignored {
            let sep = if old.is_empty() || old.ends_with('\n') {
                ""
            } else {
                "\n"
            };
            fs::write(&gitignore, format!("{old}{sep}/public\n")).map_err(io_error(&gitignore))?;
            written.push(".gitignore (added /public)".into());
        }
    } else {
        write_new(&gitignore, &gitignore, "/public\n")?;
        written.push(".gitignore".into());
    }
    Ok(Created {
        dir: dir.to_path_buf(),
        files: written,
    })
}

/// `my-upper_back guide` -> `My Upper Back Guide`; the default title when the name has no
/// letter or digit.
fn title_from_folder(dir: &Path) -> String {
    let name = match dir.file_name() {
        Some(n) => n.to_string_lossy().into_owned(),
        // `.` or `..`: the folder's own name.
        None => fs::canonicalize(dir)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_default(),
    };
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect();
    if words.is_empty() {
        SiteConfig::default().title
    } else {
        words.join(" ")
    }
}

/// `site.yaml` with every key at its default but the title, each with a comment.
fn site_yaml(title: &str) -> String {
    let d = SiteConfig::default();
    let author = d.author.as_deref().map_or("null".to_string(), yaml_string);
    let featured = if d.featured.is_empty() {
        "[]".to_string()
    } else {
        format!(
            "[{}]",
            d.featured
                .iter()
                .map(|s| yaml_string(s))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    format!(
        "# The settings of this guide. Every key may be left out; the values below are the defaults,
# but for the title. `spotter schema --kind site` prints a JSON Schema of this file for editors.

# The guide's name, shown in every page's header and title.
title: {title}

# One line about the guide: the home page's meta description and the feed's subtitle.
description: {description}

# Where the site will live, e.g. https://example.org/guide/: used for absolute URLs in the feed,
# the sitemap and the cards' QR codes, and for the path of every internal link. Set it before
# publishing; `spotter build --base-url URL` overrides it for one build.
base_url: {base_url}

# The language of the content, for <html lang>: en, de, fr, ...
language: {language}

# The default author of posts and of the feed; null for none.
author: {author}

# The theme: a folder under themes/. `default` is built into spotter, so it needs no folder.
theme: {theme}

# Whether raw HTML in Markdown is kept as written (true) instead of sanitised (false).
allow_raw_html: {allow_raw_html}

# The size one workout card prints at: A6, A5, 4x6in or 3x5in.
card_size: {card_size}

# The paper the deck of cards at /cards/ prints on: A4 or Letter.
sheet_size: {sheet_size}

# Posts per page of /blog/.
paginate_by: {paginate_by}

# Workouts shown first on the home page, by slug, e.g. [push-up-builder]; when empty, the first
# three by weight.
featured: {featured}
",
        title = yaml_string(title),
        description = yaml_string(&d.description),
        base_url = yaml_string(&d.base_url),
        language = yaml_string(&d.language),
        theme = yaml_string(&d.theme),
        allow_raw_html = d.allow_raw_html,
        card_size = d.card_size.name(),
        sheet_size = d.sheet_size.name(),
        paginate_by = d.paginate_by,
    )
}

fn home_page(title: &str) -> String {
    // The title is left to site.yaml, so renaming the guide there renames the home page too.
    format!(
        "---
summary: Exercises, workouts and advice, each on a page of its own.
---
Welcome to {title}. Every exercise has a page with how to do it, the muscles it works and easier \
and harder variants; every workout has a printable card.

Start with the [push-up](@/exercises/push-up.md), or try the \
[push-up builder](@/workouts/push-up-builder.md) workout.
"
    )
}

fn welcome_post(title: &str, date: Date) -> String {
    format!(
        "---
title: Welcome
date: {date}
summary: What this guide is for, and a first workout to try.
tags: [news]
---
This is the first post of {title}. Posts are Markdown files in `content/blog/`; a file name that \
starts with a date, like this one's, dates the post.

A post can link to any page by its file, as in this link to the \
[incline push-up](@/exercises/incline-push-up.md), and a shortcode on a line of its own embeds an \
exercise or a workout:

{{{{ workout(slug=\"push-up-builder\") }}}}
"
    )
}

const ABOUT: &str = "---
title: About
summary: What this guide is and how it is made.
---
This guide is written in Markdown and built into a website by Spotter.

## How it is organised

- `content/exercises/`: one file per exercise, with the muscles it works, the equipment it needs,
  a prescription and its easier and harder variants.
- `content/workouts/`: one file per workout; each gets a page and a printable card.
- `content/blog/`: posts, newest first.
- `content/muscles/` and `content/equipment/`: optional; Spotter knows the common muscles and
  equipment already, and a file here adds to them or changes one.
- Any other file, such as this one, is a page of its own.

## Adding a page

`spotter new exercise \"Band Pull-Apart\"` writes `content/exercises/band-pull-apart.md` with its
front matter filled in; `workout` and `post` work the same way. `spotter check` then checks every
name and link, and `spotter build` writes the site into `public/`.
";

const PUSH_UP: &str = "---
title: Push-Up
summary: The classic bodyweight press for the chest, shoulders and triceps, with the whole body held in one straight line.
muscles:
  primary: [pectoralis-major, triceps]
  secondary: [anterior-deltoid, serratus-anterior, core]
equipment: []
level: beginner
sets: 3x8-12
regressions: [incline-push-up]
aliases: [press-up]
tags: [push, bodyweight]
---
A push-up is a moving plank: the body stays straight from head to heels while the arms lower it
to the floor and press it back up.

## How to do it

1. Put your hands on the floor a little wider than your shoulders, and step your feet back until
   your body is straight.
2. Bend your elbows to lower your chest toward the floor, elbows angled back at about 45 degrees.
3. Stop just above the floor, then press back up until your arms are straight.

## Cues

- Squeeze your glutes and brace your stomach, as for a plank.
- Push the floor away at the top.

## Common mistakes

- **Sagging hips**, which turn the exercise into a back bend: brace, or start with the incline
  version.
- **Elbows flared straight out to the sides**, which strains the shoulders.
";

const INCLINE_PUSH_UP: &str = "---
title: Incline Push-Up
summary: A push-up with the hands on a bench, so you lift less of your weight; the way in to full push-ups.
muscles:
  primary: [pectoralis-major, triceps]
  secondary: [anterior-deltoid, core]
equipment: [bench]
level: beginner
sets: 3x10-15
aliases: [incline press-up, bench push-up]
tags: [push]
---
The higher your hands, the easier the push-up. A bench is a good start; a kitchen counter or a
wall makes it easier still. The push-up lists this exercise as its regression, so its page shows
the push-up as the next step.

## How to do it

1. Put your hands on the edge of a sturdy bench, a little wider than your shoulders, and walk
   your feet back until your body is straight.
2. Lower your chest to the edge of the bench, then press back up.

## Cues

- Keep one straight line from head to heels.

## Common mistakes

- **Reaching with the head** instead of lowering the whole body.
";

const PUSH_UP_BUILDER: &str = "---
title: Push-Up Builder
summary: Easy reps on a bench, then as many full push-ups as you can do well; a few weeks of this builds your first sets of ten.
level: beginner
rounds: 3
rest_between_rounds: 60s
schedule: 3 days a week
exercises:
  - exercise: incline-push-up
    reps: 12
    note: slow on the way down
  - rest: 30s
  - exercise: push-up
    reps: max
    note: stop when your hips start to sag
---
Three rounds of two exercises: a set of incline push-ups to warm up the pattern, then as many full
push-ups as you can do with good form.

## Progressing

When you can do ten full push-ups in every round, add a fourth round, or slow each rep down.
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::front_matter::{ExerciseMatter, PageMatter, PostMatter, WorkoutMatter};
    use crate::source::yaml;

    /// The front matter of a page written here, parsed as its kind.
    fn matter<M: serde::de::DeserializeOwned>(text: &str) -> M {
        let split = crate::source::split::split(text).expect("front matter");
        yaml::parse(split.yaml).unwrap_or_else(|e| panic!("{e:?}\n{text}"))
    }

    #[test]
    fn titles_read_back_exactly() {
        for title in [
            "Band Pull-Apart",
            "Yes",
            "null",
            "10",
            "3x8",
            "Row: the basics",
            "#1 pull",
            "Rows # and more",
            "- dash",
            "[bracket]",
            "{brace}",
            "O'Neil's \"row\"",
            "tab\there",
            "back\\slash",
            " leading space",
            "*star",
            "&anchor",
            "!tag",
            "@at",
            "`tick",
            "%percent",
            "|pipe",
            ">fold",
            "?q",
            "Élévation ×2",
            "bell\u{7}",
            "",
        ] {
            let m: PageMatter = yaml::parse(&format!("title: {}\n", yaml_string(title)))
                .unwrap_or_else(|e| panic!("{title:?}: {e:?}"));
            assert_eq!(m.title.as_deref(), Some(title), "{}", yaml_string(title));
        }
        assert_eq!(yaml_string("Band Pull-Apart"), "Band Pull-Apart");
        assert_eq!(yaml_string("Yes"), "Yes");
        assert_eq!(yaml_string("true"), "\"true\"");
    }

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
    fn init_files_parse() {
        let _: ExerciseMatter = matter(PUSH_UP);
        let _: ExerciseMatter = matter(INCLINE_PUSH_UP);
        let _: WorkoutMatter = matter(PUSH_UP_BUILDER);
        let _: PageMatter = matter(ABOUT);
        let _: PageMatter = matter(&home_page("G"));
        let _: PostMatter = matter(&welcome_post("G", "2024-05-01".parse().unwrap()));
    }

    #[test]
    fn site_yaml_sets_every_key_to_its_default() {
        let text = site_yaml("My Guide");
        let read: SiteConfig = yaml::parse(&text).unwrap();
        let mut want = serde_json::to_value(SiteConfig::default()).unwrap();
        want["title"] = "My Guide".into();
        assert_eq!(serde_json::to_value(&read).unwrap(), want);
        // Every key is written out, not only defaulted.
        let written = yaml::parse_value(&text).unwrap();
        let written: Vec<&str> = written
            .as_mapping()
            .unwrap()
            .keys()
            .filter_map(|k| k.as_str())
            .collect();
        let mut keys: Vec<&str> = want
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut written_sorted = written.clone();
        keys.sort_unstable();
        written_sorted.sort_unstable();
        assert_eq!(written_sorted, keys);
        // And each has a comment above it.
        for key in written {
            let at = text.find(&format!("\n{key}:")).unwrap();
            let before = text[..at].lines().last().unwrap();
            assert!(before.starts_with("# "), "{key} has no comment");
        }
    }

    #[test]
    fn titles_from_folder_names() {
        assert_eq!(title_from_folder(Path::new("my-guide")), "My Guide");
        assert_eq!(
            title_from_folder(Path::new("/x/upper_back  guide")),
            "Upper Back Guide"
        );
        assert_eq!(title_from_folder(Path::new("élan")), "Élan");
        assert_eq!(title_from_folder(Path::new("---")), "Exercise Guide");
    }

    #[test]
    fn dates_from_days() {
        let d = |n| date_from_days(n).to_string();
        assert_eq!(d(0), "1970-01-01");
        assert_eq!(d(59), "1970-03-01");
        assert_eq!(d(11_016), "2000-02-29");
        assert_eq!(d(19_844), "2024-05-01");
        assert_eq!(d(20_513), "2026-03-01");
        assert_eq!(d(2_932_896), "9999-12-31");
        let today = today_utc();
        assert!(today.year >= 2024 && (1..=12).contains(&today.month));
    }

    #[test]
    fn kinds_parse() {
        assert_eq!("exercise".parse(), Ok(Kind::Exercise));
        assert_eq!("Post".parse(), Ok(Kind::Post));
        assert!("banana".parse::<Kind>().is_err());
    }
}
