//! `spotter serve` brings its site up to date after each edit doing no more than the edit
//! needs. This test makes a guide of some size (exercises on ladders, tagged, linking and
//! embedding each other; workouts; dated posts; a page), edits its front matter at random with
//! a fixed seed, and checks after every edit that the served site is, byte for byte, the one a
//! full build of the guide as it is now makes, and that the update rendered no more pages than
//! those whose bytes differ between the full builds before and after the edit, but for two
//! kinds of page that serve is known to render again unchanged ([`Bound::allowed`]).
//!
//! Every edit keeps the guide valid and keeps its pages (every tag, muscle and piece of
//! equipment stays in use, no file is added or removed), so serve takes its incremental path.
//! The guide overrides the default theme's layouts and shortcodes with copies that also print
//! the whole template context, so that a page rendered from stale inputs differs in its bytes
//! even where the default theme does not show the stale part. Debug builds also link the whole
//! guide after every edit that serve links file by file, and panic if the guides differ.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::common::{assert_full_build, check, files, options, read, tree, write, Node, TempDir};
use spotter::internals::{LiveSite, Outcome};

const SEED: u64 = 0x5EED_2024_0501_F00D;
const EXERCISES: usize = 40;
const WORKOUTS: usize = 8;
const POSTS: usize = 6;
const EDITS: usize = 40;

const LEVELS: [&str; 3] = ["beginner", "intermediate", "advanced"];
// Names as a contributor writes them: slugs, titles and aliases of the built-in catalogue.
const MUSCLES: [&str; 10] = [
    "lats",
    "rhomboid",
    "biceps",
    "rear delts",
    "trapezius",
    "middle back",
    "lower back",
    "glutes",
    "Forearms",
    "core",
];
const EQUIPMENT: [&str; 6] = [
    "resistance band",
    "dumbbell",
    "kettlebells",
    "pull-up bar",
    "bench",
    "body only",
];
const TAGS: [&str; 5] = ["rows", "posture", "mobility", "strength", "warm-up"];
const SETS: [&str; 6] = [
    "3x10",
    "3x8-12",
    "2x30s",
    "3 x max",
    "3x8 per side",
    "{sets: 3, reps: 10-12, rest: 60s}",
];
const FOLDERS: [&str; 3] = ["bands", "weights", "bodyweight"];
const ADJECTIVES: [&str; 10] = [
    "Band",
    "Dumbbell",
    "Kneeling",
    "Standing",
    "Prone",
    "Seated",
    "Single-Arm",
    "Wide-Grip",
    "Slow & Steady",
    "Incline",
];
const NOUNS: [&str; 8] = [
    "Row",
    "Pull-Apart",
    "Face Pull",
    "Raise",
    "Pullover",
    "Shrug",
    "Hold",
    "Reach",
];
const NAMES: [&str; 12] = [
    "Desk Break",
    "Morning Reset",
    "Lunch Circuit",
    "Posture Fix",
    "Evening Ladder",
    "Band Blast",
    "Quiet Strength",
    "Shoulder Saver",
    "Travel Kit",
    "Ten Minutes",
    "Back Day",
    "Rest Day Flow",
];
const TEXTS: [&str; 4] = [
    "Move slowly and keep your ribs down.",
    "Breathe out as you pull and in as you return.",
    "Stop a rep short of losing your form.",
    "Squeeze your shoulder blades together at the end of each rep.",
];

/// A small xorshift generator: the same seed, the same guide and the same edits.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// A page of the guide, as a link or a shortcode names it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Ref {
    Exercise(usize),
    Workout(usize),
    Post(usize),
    About,
}

/// A paragraph of a body.
#[derive(Debug, Clone, PartialEq)]
enum Para {
    Text(&'static str),
    Link(Ref),
    /// A shortcode: of an exercise or a workout.
    Embed(Ref),
}

#[derive(Debug, Clone)]
struct Exercise {
    title: String,
    level: usize,
    primary: Vec<&'static str>,
    secondary: Vec<&'static str>,
    equipment: Vec<&'static str>,
    tags: Vec<&'static str>,
    /// Easier exercises: always of a lower index, so the ladder has no cycle.
    regressions: Vec<usize>,
    /// Harder exercises: always of a higher index.
    progressions: Vec<usize>,
    sets: &'static str,
    aliases: Vec<String>,
    body: Vec<Para>,
}

#[derive(Debug, Clone, PartialEq)]
enum Item {
    Exercise { exercise: usize, reps: u32 },
    Rest(u32),
}

#[derive(Debug, Clone)]
struct Workout {
    title: String,
    level: usize,
    tags: Vec<&'static str>,
    items: Vec<Item>,
    body: Vec<Para>,
}

#[derive(Debug, Clone)]
struct Post {
    /// The date the file name starts with.
    file_date: String,
    /// A `date:` in the front matter, which overrides it.
    date: Option<String>,
    /// An `updated:` date.
    updated: Option<String>,
    title: String,
    tags: Vec<&'static str>,
    body: Vec<Para>,
}

/// The whole guide, from which every file is written.
#[derive(Debug, Clone)]
struct Guide {
    exercises: Vec<Exercise>,
    workouts: Vec<Workout>,
    posts: Vec<Post>,
    about_title: String,
    about: Vec<Para>,
}

const SITE: &str = "title: Generated Guide
description: A guide made up by the serve_edits test.
base_url: https://example.org/
author: Test Author
paginate_by: 4
";

/// Templates of the default theme, overridden by the guide with copies that also print all
/// they were given: a page made from a different context then differs in its bytes, whatever
/// the theme shows of it. The deck (`cards.html`) and a card's page (`card.html`) are pages of
/// their own, not made from `base.html`.
const DUMPED: [(&str, &str); 5] = [
    (
        "base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "card.html",
        include_str!("../../themes/default/templates/card.html"),
    ),
    (
        "cards.html",
        include_str!("../../themes/default/templates/cards.html"),
    ),
    (
        "shortcodes/exercise.html",
        include_str!("../../themes/default/templates/shortcodes/exercise.html"),
    ),
    (
        "shortcodes/workout.html",
        include_str!("../../themes/default/templates/shortcodes/workout.html"),
    ),
];

const HOME: &str = "---\ntitle: Generated Guide\n---\nA guide to a stronger upper back.\n";

/// `count` distinct items of `pool` that are not in `not`.
fn distinct<T: Copy + PartialEq>(rng: &mut Rng, pool: &[T], count: usize, not: &[T]) -> Vec<T> {
    let mut out = Vec::new();
    while out.len() < count {
        let x = rng.pick(pool);
        if !out.contains(&x) && !not.contains(&x) {
            out.push(x);
        }
    }
    out
}

/// An exercise title no exercise has.
fn new_exercise_title(rng: &mut Rng, taken: &[Exercise]) -> String {
    loop {
        let title = format!("{} {}", rng.pick(&ADJECTIVES), rng.pick(&NOUNS));
        if taken.iter().all(|e| e.title != title) {
            return title;
        }
    }
}

/// A name none of `taken` has.
fn new_name(rng: &mut Rng, taken: &[&str], suffix: &str) -> String {
    loop {
        let name = format!("{} {suffix}", rng.pick(&NAMES));
        if !taken.contains(&name.as_str()) {
            return name;
        }
    }
}

fn list(items: &[&str]) -> String {
    format!("[{}]", items.join(", "))
}

impl Guide {
    fn generate(rng: &mut Rng) -> Guide {
        let mut exercises: Vec<Exercise> = Vec::new();
        for i in 0..EXERCISES {
            let title = new_exercise_title(rng, &exercises);
            // The first few exercises use every muscle, piece of equipment and tag once.
            let mut primary = if i < MUSCLES.len() {
                vec![MUSCLES[i]]
            } else {
                Vec::new()
            };
            let more = 1 + rng.below(2) - primary.len().min(1);
            primary.extend(distinct(rng, &MUSCLES, more, &primary.clone()));
            let count = rng.below(3);
            let secondary = distinct(rng, &MUSCLES, count, &primary);
            let equipment = if i < EQUIPMENT.len() {
                vec![EQUIPMENT[i]]
            } else if rng.chance(25) {
                Vec::new()
            } else {
                let count = 1 + rng.below(2);
                distinct(rng, &EQUIPMENT[..5], count, &[])
            };
            let mut tags = if i < TAGS.len() {
                vec![TAGS[i]]
            } else {
                Vec::new()
            };
            let more = rng.below(3);
            tags.extend(distinct(rng, &TAGS, more, &tags.clone()));
            let lower: Vec<usize> = (0..i).collect();
            let regressions = if i > 0 && rng.chance(50) {
                let count = 1 + rng.below(2.min(i));
                distinct(rng, &lower, count, &[])
            } else {
                Vec::new()
            };
            let higher: Vec<usize> = (i + 1..EXERCISES).collect();
            let progressions = if !higher.is_empty() && rng.chance(20) {
                vec![rng.pick(&higher)]
            } else {
                Vec::new()
            };
            let mut body = vec![Para::Text(rng.pick(&TEXTS))];
            if rng.chance(40) {
                body.push(Para::Link(random_ref(rng, Some(i), true)));
            }
            if rng.chance(35) {
                body.push(Para::Embed(random_ref(rng, Some(i), false)));
            }
            exercises.push(Exercise {
                title,
                level: rng.below(3),
                primary,
                secondary,
                equipment,
                tags,
                regressions,
                progressions,
                sets: rng.pick(&SETS),
                aliases: Vec::new(),
                body,
            });
        }
        let all: Vec<usize> = (0..EXERCISES).collect();
        let mut workouts: Vec<Workout> = Vec::new();
        for _ in 0..WORKOUTS {
            let taken: Vec<&str> = workouts.iter().map(|w| w.title.as_str()).collect();
            let title = new_name(rng, &taken, "Workout");
            let count = 3 + rng.below(4);
            let mut items: Vec<Item> = distinct(rng, &all, count, &[])
                .into_iter()
                .map(|exercise| Item::Exercise {
                    exercise,
                    reps: 5 + rng.below(16) as u32,
                })
                .collect();
            if rng.chance(50) {
                items.insert(2, Item::Rest(10 * (1 + rng.below(4) as u32)));
            }
            let mut body = vec![Para::Text(rng.pick(&TEXTS))];
            if rng.chance(50) {
                body.push(Para::Link(Ref::Exercise(rng.pick(&all))));
            }
            let count = rng.below(3);
            workouts.push(Workout {
                title,
                level: rng.below(3),
                tags: distinct(rng, &TAGS, count, &[]),
                items,
                body,
            });
        }
        let mut posts: Vec<Post> = Vec::new();
        for p in 0..POSTS {
            let taken: Vec<&str> = posts.iter().map(|p| p.title.as_str()).collect();
            let title = new_name(rng, &taken, "Notes");
            let mut body = vec![
                Para::Text(rng.pick(&TEXTS)),
                Para::Link(Ref::Exercise(rng.pick(&all))),
            ];
            if rng.chance(60) {
                body.push(Para::Embed(random_ref(rng, None, false)));
            }
            let count = rng.below(3);
            posts.push(Post {
                file_date: format!("2024-{:02}-{:02}", 1 + 2 * p, 1 + (p * 7) % 28),
                date: None,
                updated: None,
                title,
                tags: distinct(rng, &TAGS, count, &[]),
                body,
            });
        }
        let about = vec![
            Para::Text(rng.pick(&TEXTS)),
            Para::Link(Ref::Exercise(rng.pick(&all))),
            Para::Link(Ref::Post(rng.below(POSTS))),
            Para::Embed(Ref::Workout(rng.below(WORKOUTS))),
        ];
        Guide {
            exercises,
            workouts,
            posts,
            about_title: "About".into(),
            about,
        }
    }

    /// Where the page `r` is, under `content/`.
    fn path(&self, r: Ref) -> String {
        match r {
            Ref::Exercise(i) => {
                // One added after the first build goes first, and moves the ids of the others.
                let folder = if i < EXERCISES {
                    FOLDERS[i % 3]
                } else {
                    FOLDERS[0]
                };
                format!("exercises/{folder}/{}.md", exercise_slug(i))
            }
            Ref::Workout(w) => format!("workouts/{}.md", workout_slug(w)),
            Ref::Post(p) => format!("blog/{}-note-{p}.md", self.posts[p].file_date),
            Ref::About => "about.md".into(),
        }
    }

    fn body(&self, paras: &[Para]) -> String {
        let mut out = String::new();
        for para in paras {
            match *para {
                Para::Text(text) => out.push_str(text),
                Para::Link(r) => out.push_str(&format!(
                    "Read about [{}](@/{}) too.",
                    self.title(r),
                    self.path(r)
                )),
                Para::Embed(Ref::Exercise(i)) => out.push_str(&format!(
                    "{{{{ exercise(slug=\"{}\") }}}}",
                    exercise_slug(i)
                )),
                Para::Embed(Ref::Workout(w)) => {
                    out.push_str(&format!("{{{{ workout(slug=\"{}\") }}}}", workout_slug(w)))
                }
                Para::Embed(r) => panic!("no shortcode embeds {r:?}"),
            }
            out.push_str("\n\n");
        }
        out
    }

    fn title(&self, r: Ref) -> &str {
        match r {
            Ref::Exercise(i) => &self.exercises[i].title,
            Ref::Workout(w) => &self.workouts[w].title,
            Ref::Post(p) => &self.posts[p].title,
            Ref::About => &self.about_title,
        }
    }

    /// The text of the file of the page `r`.
    fn text(&self, r: Ref) -> String {
        let mut fm = String::from("---\n");
        let mut line = |key: &str, value: String| fm.push_str(&format!("{key}: {value}\n"));
        let body = match r {
            Ref::Exercise(i) => {
                let e = &self.exercises[i];
                line("title", e.title.clone());
                line("summary", format!("Move {i} of the generated guide."));
                line("muscles", String::new());
                line("  primary", list(&e.primary));
                if !e.secondary.is_empty() {
                    line("  secondary", list(&e.secondary));
                }
                if !e.equipment.is_empty() {
                    line("equipment", list(&e.equipment));
                }
                line("level", LEVELS[e.level].into());
                line("sets", e.sets.into());
                if !e.aliases.is_empty() {
                    line("aliases", format!("[{}]", e.aliases.join(", ")));
                }
                if !e.tags.is_empty() {
                    line("tags", list(&e.tags));
                }
                let slugs =
                    |ids: &[usize]| ids.iter().map(|&j| exercise_slug(j)).collect::<Vec<_>>();
                if !e.regressions.is_empty() {
                    line(
                        "regressions",
                        format!("[{}]", slugs(&e.regressions).join(", ")),
                    );
                }
                if !e.progressions.is_empty() {
                    line(
                        "progressions",
                        format!("[{}]", slugs(&e.progressions).join(", ")),
                    );
                }
                &e.body
            }
            Ref::Workout(w) => {
                let w = &self.workouts[w];
                line("title", w.title.clone());
                line("summary", format!("{} items.", w.items.len()));
                line("level", LEVELS[w.level].into());
                line("rounds", "2".into());
                line("rest_between_rounds", "30s".into());
                if !w.tags.is_empty() {
                    line("tags", list(&w.tags));
                }
                line("exercises", String::new());
                for item in &w.items {
                    match item {
                        Item::Exercise { exercise, reps } => {
                            line("  - exercise", exercise_slug(*exercise));
                            line("    reps", reps.to_string());
                        }
                        Item::Rest(s) => line("  - rest", format!("{s}s")),
                    }
                }
                &w.body
            }
            Ref::Post(p) => {
                let p = &self.posts[p];
                line("title", p.title.clone());
                line("summary", format!("What {} is about.", p.title));
                if let Some(date) = &p.date {
                    line("date", date.clone());
                }
                if let Some(date) = &p.updated {
                    line("updated", date.clone());
                }
                if !p.tags.is_empty() {
                    line("tags", list(&p.tags));
                }
                &p.body
            }
            Ref::About => {
                line("title", self.about_title.clone());
                &self.about
            }
        };
        // `line` wrote "key: " for mapping keys with nothing after them.
        let fm = fm.replace(": \n", ":\n");
        format!("{fm}---\n{}", self.body(body))
    }

    /// Every page of the guide.
    fn refs(&self) -> Vec<Ref> {
        (0..EXERCISES)
            .map(Ref::Exercise)
            .chain((0..WORKOUTS).map(Ref::Workout))
            .chain((0..POSTS).map(Ref::Post))
            .chain([Ref::About])
            .collect()
    }

    /// Why the guide would not have the pages it started with, or would be invalid.
    fn problem(&self) -> Option<String> {
        let used = |name: &str, by: &dyn Fn(&Exercise) -> bool| {
            (!self.exercises.iter().any(by)).then(|| format!("{name} is no longer used"))
        };
        for m in MUSCLES {
            let p = used(m, &|e| e.primary.contains(&m) || e.secondary.contains(&m));
            if p.is_some() {
                return p;
            }
        }
        for x in EQUIPMENT.into_iter().chain(TAGS) {
            let p = used(x, &|e| e.equipment.contains(&x) || e.tags.contains(&x));
            if p.is_some() {
                return p;
            }
        }
        let mut dates: Vec<&str> = self
            .posts
            .iter()
            .map(|p| p.date.as_deref().unwrap_or(&p.file_date))
            .collect();
        dates.sort_unstable();
        dates.dedup();
        if dates.len() != self.posts.len() {
            return Some("two posts share a date".into());
        }
        for w in &self.workouts {
            let mut ids: Vec<usize> = w
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Exercise { exercise, .. } => Some(*exercise),
                    Item::Rest(_) => None,
                })
                .collect();
            let n = ids.len();
            ids.sort_unstable();
            ids.dedup();
            if n < 3 || ids.len() != n || n > 6 {
                return Some(format!("{} has {n} exercises", w.title));
            }
        }
        None
    }
}

/// Exercise `i`'s slug; those added after the first build sort first.
fn exercise_slug(i: usize) -> String {
    if i < EXERCISES {
        format!("move-{i:02}")
    } else {
        format!("added-move-{i:02}")
    }
}

/// Workout `w`'s slug; those added after the first build sort first.
fn workout_slug(w: usize) -> String {
    if w < WORKOUTS {
        format!("circuit-{w}")
    } else {
        format!("added-circuit-{w}")
    }
}

/// A page to link to (any kind when `link`) or to embed (an exercise or a workout), never the
/// exercise `not`.
fn random_ref(rng: &mut Rng, not: Option<usize>, link: bool) -> Ref {
    loop {
        let r = match rng.below(if link { 5 } else { 3 }) {
            0 | 1 => Ref::Exercise(rng.below(EXERCISES)),
            2 => Ref::Workout(rng.below(WORKOUTS)),
            3 => Ref::Post(rng.below(POSTS)),
            _ => Ref::About,
        };
        if Some(r) != not.map(Ref::Exercise) {
            return r;
        }
    }
}

/// The kinds of edits, each to the front matter of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    ExerciseTitle,
    ExerciseLevel,
    ExerciseTag,
    ExerciseRegression,
    ExerciseMuscle,
    ExerciseEquipment,
    ExerciseEmbed,
    ExerciseAlias,
    ExerciseSets,
    WorkoutTitle,
    WorkoutReps,
    WorkoutSwap,
    WorkoutItem,
    PostTitle,
    PostDate,
    PostUpdated,
    PostLink,
    PageTitle,
}

const KINDS: [Kind; 18] = [
    Kind::ExerciseTitle,
    Kind::ExerciseLevel,
    Kind::ExerciseTag,
    Kind::ExerciseRegression,
    Kind::ExerciseMuscle,
    Kind::ExerciseEquipment,
    Kind::ExerciseEmbed,
    Kind::ExerciseAlias,
    Kind::ExerciseSets,
    Kind::WorkoutTitle,
    Kind::WorkoutReps,
    Kind::WorkoutSwap,
    Kind::WorkoutItem,
    Kind::PostTitle,
    Kind::PostDate,
    Kind::PostUpdated,
    Kind::PostLink,
    Kind::PageTitle,
];

/// `guide` after an edit of `kind`: the guide, the page edited and what changed. `None` when
/// the page picked cannot have this edit.
fn edit(guide: &Guide, kind: Kind, rng: &mut Rng) -> Option<(Guide, Ref, String)> {
    let mut g = guide.clone();
    let i = rng.below(EXERCISES);
    let w = rng.below(WORKOUTS);
    let p = rng.below(POSTS);
    let what = match kind {
        Kind::ExerciseTitle | Kind::ExerciseLevel | Kind::ExerciseEmbed => {
            let mut what = if kind == Kind::ExerciseTitle || rng.chance(50) {
                let title = new_exercise_title(rng, &g.exercises);
                let e = &mut g.exercises[i];
                format!(
                    "title {:?} -> {title:?}",
                    std::mem::replace(&mut e.title, title.clone())
                )
            } else {
                let e = &mut g.exercises[i];
                let level = (e.level + 1 + rng.below(2)) % 3;
                let old = std::mem::replace(&mut e.level, level);
                format!("level {} -> {}", LEVELS[old], LEVELS[level])
            };
            if kind == Kind::ExerciseEmbed {
                let to = random_ref(rng, Some(i), false);
                let body = &mut g.exercises[i].body;
                match body.iter_mut().find(|p| matches!(p, Para::Embed(_))) {
                    Some(para) => *para = Para::Embed(to),
                    None => body.push(Para::Embed(to)),
                }
                what.push_str(&format!(", embeds {to:?}"));
            }
            what
        }
        Kind::ExerciseTag => {
            let e = &mut g.exercises[i];
            if !e.tags.is_empty() && (e.tags.len() == TAGS.len() || rng.chance(50)) {
                let tag = e.tags.remove(rng.below(e.tags.len()));
                format!("tag {tag} removed")
            } else {
                let tag = distinct(rng, &TAGS, 1, &e.tags)[0];
                e.tags.push(tag);
                format!("tag {tag} added")
            }
        }
        Kind::ExerciseSets => {
            let e = &mut g.exercises[i];
            let to = rng.pick(&SETS);
            if to == e.sets {
                return None;
            }
            format!("sets {} -> {to}", std::mem::replace(&mut e.sets, to))
        }
        Kind::ExerciseAlias => {
            let e = &mut g.exercises[i];
            if !e.aliases.is_empty() && rng.chance(50) {
                format!("alias {} removed", e.aliases.remove(0))
            } else {
                let alias = format!("also move {}", e.aliases.len() + 100 * i);
                e.aliases.push(alias.clone());
                format!("alias {alias} added")
            }
        }
        Kind::ExerciseRegression => {
            let e = &mut g.exercises[i];
            if !e.regressions.is_empty() && (e.regressions.len() == i || rng.chance(50)) {
                let j = e.regressions.remove(rng.below(e.regressions.len()));
                format!("regression {} removed", exercise_slug(j))
            } else if i > 0 {
                let lower: Vec<usize> = (0..i).collect();
                let j = distinct(rng, &lower, 1, &e.regressions)[0];
                e.regressions.push(j);
                format!("regression {} added", exercise_slug(j))
            } else {
                return None;
            }
        }
        Kind::ExerciseMuscle => {
            let e = &mut g.exercises[i];
            let not: Vec<&str> = e.primary.iter().chain(&e.secondary).copied().collect();
            let to = distinct(rng, &MUSCLES, 1, &not)[0];
            if rng.chance(50) {
                let at = rng.below(e.primary.len());
                let from = std::mem::replace(&mut e.primary[at], to);
                format!("primary muscle {from} -> {to}")
            } else if !e.secondary.is_empty() && rng.chance(50) {
                let from = e.secondary.remove(rng.below(e.secondary.len()));
                format!("secondary muscle {from} removed")
            } else {
                e.secondary.push(to);
                format!("secondary muscle {to} added")
            }
        }
        Kind::ExerciseEquipment => {
            let e = &mut g.exercises[i];
            if !e.equipment.is_empty() && rng.chance(50) {
                let from = e.equipment.remove(rng.below(e.equipment.len()));
                format!("equipment {from} removed")
            } else {
                let to = distinct(rng, &EQUIPMENT, 1, &e.equipment)[0];
                e.equipment.push(to);
                format!("equipment {to} added")
            }
        }
        Kind::WorkoutTitle | Kind::PostTitle | Kind::PostLink => {
            let mut taken: Vec<&str> = guide.workouts.iter().map(|w| w.title.as_str()).collect();
            taken.extend(guide.posts.iter().map(|p| p.title.as_str()));
            if kind == Kind::WorkoutTitle {
                let title = new_name(rng, &taken, "Workout");
                let old = std::mem::replace(&mut g.workouts[w].title, title.clone());
                format!("title {old:?} -> {title:?}")
            } else {
                let title = new_name(rng, &taken, "Notes");
                let old = std::mem::replace(&mut g.posts[p].title, title.clone());
                let mut what = format!("title {old:?} -> {title:?}");
                if kind == Kind::PostLink {
                    let to = random_ref(rng, None, true);
                    let body = &mut g.posts[p].body;
                    match body.iter_mut().find(|p| matches!(p, Para::Link(_))) {
                        Some(para) => *para = Para::Link(to),
                        None => body.push(Para::Link(to)),
                    }
                    what.push_str(&format!(", links to {to:?}"));
                }
                what
            }
        }
        Kind::WorkoutReps | Kind::WorkoutSwap | Kind::WorkoutItem => {
            let items = &mut g.workouts[w].items;
            let exercises: Vec<usize> = (0..items.len())
                .filter(|&k| matches!(items[k], Item::Exercise { .. }))
                .collect();
            let used: Vec<usize> = items
                .iter()
                .filter_map(|i| match i {
                    Item::Exercise { exercise, .. } => Some(*exercise),
                    Item::Rest(_) => None,
                })
                .collect();
            let all: Vec<usize> = (0..EXERCISES).collect();
            let k = rng.pick(&exercises);
            let Item::Exercise { exercise, reps } = &mut items[k] else {
                unreachable!()
            };
            match kind {
                Kind::WorkoutReps => {
                    let to = 5 + rng.below(16) as u32;
                    if to == *reps {
                        return None;
                    }
                    format!("item {k} reps {} -> {to}", std::mem::replace(reps, to))
                }
                Kind::WorkoutSwap => {
                    let to = distinct(rng, &all, 1, &used)[0];
                    let from = std::mem::replace(exercise, to);
                    format!(
                        "item {k} exercise {} -> {}",
                        exercise_slug(from),
                        exercise_slug(to)
                    )
                }
                _ if exercises.len() > 3 && rng.chance(50) => {
                    let from = *exercise;
                    items.remove(k);
                    format!("item {k} ({}) removed", exercise_slug(from))
                }
                _ => {
                    let to = distinct(rng, &all, 1, &used)[0];
                    let at = rng.below(items.len() + 1);
                    items.insert(
                        at,
                        Item::Exercise {
                            exercise: to,
                            reps: 8,
                        },
                    );
                    format!("item {} added at {at}", exercise_slug(to))
                }
            }
        }
        Kind::PostDate => {
            let date = format!("2024-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
            let old = g.posts[p].date.replace(date.clone());
            format!("date {old:?} -> {date} (file {})", guide.posts[p].file_date)
        }
        Kind::PostUpdated => {
            let date = format!("2025-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
            let old = g.posts[p].updated.replace(date.clone());
            format!("updated {old:?} -> {date}")
        }
        Kind::PageTitle => {
            let taken = [g.about_title.as_str()];
            let title = new_name(rng, &taken, "Page");
            let old = std::mem::replace(&mut g.about_title, title.clone());
            format!("title {old:?} -> {title:?}")
        }
    };
    let edited = match kind {
        Kind::ExerciseTitle
        | Kind::ExerciseLevel
        | Kind::ExerciseTag
        | Kind::ExerciseRegression
        | Kind::ExerciseMuscle
        | Kind::ExerciseEquipment
        | Kind::ExerciseEmbed
        | Kind::ExerciseAlias
        | Kind::ExerciseSets => Ref::Exercise(i),
        Kind::WorkoutTitle | Kind::WorkoutReps | Kind::WorkoutSwap | Kind::WorkoutItem => {
            Ref::Workout(w)
        }
        Kind::PostTitle | Kind::PostDate | Kind::PostUpdated | Kind::PostLink => Ref::Post(p),
        Kind::PageTitle => Ref::About,
    };
    Some((g, edited, what))
}

/// The path the file watcher gives for `rel` under the guide's `content/`.
fn watched(content: &Path, rel: &str) -> PathBuf {
    rel.split('/').fold(content.to_path_buf(), |p, c| p.join(c))
}

/// A guide of `SITE`, `HOME`, the `templates` given (name, text) and the `files` given (path
/// under `content/`, text), in `tmp`, checked clean and built into a live site.
fn live_site(
    tmp: &TempDir,
    templates: impl IntoIterator<Item = (String, String)>,
    files: impl IntoIterator<Item = (String, String)>,
) -> (PathBuf, LiveSite) {
    let root = tmp.join("guide");
    write(root.join("site.yaml"), SITE);
    write(root.join("content/_index.md"), HOME);
    for (name, text) in templates {
        write(root.join("templates").join(name), text);
    }
    for (rel, text) in files {
        write(root.join("content").join(rel), text);
    }
    check(&root).expect_clean();
    let (site, _, warnings) = LiveSite::build(options(&root, &tmp.join("live")))
        .unwrap_or_else(|f| panic!("the guide does not build: {f:?}"));
    assert!(warnings.is_empty(), "{warnings:?}");
    (root, site)
}

/// The default theme's layouts and shortcodes of [`DUMPED`], printing their whole context.
fn dumped() -> impl Iterator<Item = (String, String)> {
    let dump = "<!-- {{ __tera_context }} -->";
    DUMPED
        .into_iter()
        .map(move |(name, text)| (name.to_string(), format!("{text}{dump}\n")))
}

impl Guide {
    /// Every file of the guide: its path under `content/` and its text.
    fn files(&self) -> Vec<(String, String)> {
        self.refs()
            .into_iter()
            .map(|r| (self.path(r), self.text(r)))
            .collect()
    }
}

/// A site as [`tree`] reads it.
type Site = BTreeMap<String, Node>;

/// Builds the guide at `root` in full into `full`, checks that the served site `site` is that
/// build, and returns it (without the output marker).
fn full_build(root: &Path, site: &Path, full: &Path, after: &str) -> Site {
    assert_full_build(root, site, full, after);
    let mut built = tree(full);
    built.remove(spotter::internals::MARKER);
    built
}

/// The pages of a site: its HTML files. The generated guide redirects no address, so each is
/// the page of one of the update's jobs, and an update of a guide with as many pages renders
/// at most that many ([`Counts::check`] checks it).
fn pages(site: &Site) -> impl Iterator<Item = &str> {
    site.keys()
        .map(String::as_str)
        .filter(|path| path.ends_with(".html"))
}

/// The file of the page of `r` in the site.
fn page_of(r: Ref) -> String {
    match r {
        Ref::Exercise(i) => format!("exercises/{}/index.html", exercise_slug(i)),
        Ref::Workout(w) => format!("workouts/{}/index.html", workout_slug(w)),
        Ref::Post(p) => format!("blog/note-{p}/index.html"),
        Ref::About => "about/index.html".into(),
    }
}

impl Guide {
    /// The posts in the order the blog lists them, newest first.
    fn post_order(&self) -> Vec<usize> {
        let date = |p: usize| {
            self.posts[p]
                .date
                .as_deref()
                .unwrap_or(&self.posts[p].file_date)
        };
        let mut order: Vec<usize> = (0..self.posts.len()).collect();
        order.sort_by(|&a, &b| date(b).cmp(date(a)));
        order
    }
}

/// One front matter edit, as [`Counts::check`] bounds what its update rendered: its kind, the
/// guide before and after it, and the full builds of each.
struct Bound<'a> {
    kind: Kind,
    guides: (&'a Guide, &'a Guide),
    sites: (&'a Site, &'a Site),
}

impl Bound<'_> {
    /// The pages whose bytes differ between the full builds before and after the edit: each
    /// must have been rendered again, and with the themes of this test, which print every
    /// template's whole context, a page whose inputs changed is one of them.
    fn changed(&self) -> Vec<&str> {
        let (before, after) = self.sites;
        pages(after)
            .filter(|path| before.get(*path) != after.get(*path))
            .collect()
    }

    /// The pages whose bytes stay the same that an update may still render again: those of
    /// the two kinds whose fingerprint in serve changes with an edit that leaves the page as
    /// it was. Each comes with why, and each is made out from the guides and the sites, not
    /// from what serve thought the edit reached.
    fn allowed(&self) -> Vec<(String, &'static str)> {
        let (before, after) = self.guides;
        let changed = self.changed();
        let changed = |r: Ref| changed.contains(&page_of(r).as_str());
        let mut allowed = Vec::new();
        // An exercise page is fingerprinted with the view of every exercise and workout its
        // body links to or embeds (serve keeps what each body refers to, not which of those
        // it embeds), though a link shows only the address, which no such edit changes: the
        // page of an exercise linking to an exercise or workout whose page changed is
        // rendered again, and comes out as it was. (Fingerprinting what the body embeds
        // alone would spare it.) The changed page stands in for the linked view, which
        // leaves out the mentions and body.
        for (i, e) in after.exercises.iter().enumerate() {
            let links = |p: &Para| match p {
                Para::Link(r @ (Ref::Exercise(_) | Ref::Workout(_))) => changed(*r),
                _ => false,
            };
            if !changed(Ref::Exercise(i)) && e.body.iter().any(links) {
                allowed.push((
                    page_of(Ref::Exercise(i)),
                    "its body links to a changed page",
                ));
            }
        }
        // Serve keeps each page's fingerprint by its page's job, and a post's job by the
        // post's place among them by date: a date that moves a post moves the posts between
        // its old and new places to other jobs, and each, compared with another post's
        // fingerprint, is rendered again, unchanged when its neighbours are the same.
        // (Keeping posts' fingerprints by address would spare them.)
        let (was, now) = (before.post_order(), after.post_order());
        for p in 0..after.posts.len() {
            let at = |order: &[usize]| order.iter().position(|&q| q == p);
            if !changed(Ref::Post(p)) && at(&was) != at(&now) {
                allowed.push((page_of(Ref::Post(p)), "it moved among the posts"));
            }
        }
        allowed
    }
}

/// The pages rendered and changed by each edit, by kind.
#[derive(Default)]
struct Counts(BTreeMap<Kind, Vec<(usize, usize, usize)>>);

impl Counts {
    /// Checks that the update of `edit`, which rendered `rendered` pages of `of`, rendered no
    /// more than the pages whose bytes it changed and those [`Bound::allowed`] (it rendered at
    /// least those changed, or the site would not be the full build), and notes the counts.
    fn check(&mut self, edit: &Bound<'_>, (rendered, of): (usize, usize), label: &str) {
        let (_, after) = edit.sites;
        assert_eq!(of, pages(after).count(), "{label}\nthe site's pages");
        for r in edit.guides.1.refs() {
            let page = page_of(r);
            assert!(after.contains_key(&page), "{r:?} has no page {page}");
        }
        let (changed, allowed) = (edit.changed(), edit.allowed());
        assert!(
            rendered <= changed.len() + allowed.len(),
            "{label}\n{:?}: the update rendered {rendered} pages of {of}, where {} changed and \
             {} more may be rendered again unchanged\nchanged: {changed:#?}\nallowed: {allowed:#?}",
            edit.kind,
            changed.len(),
            allowed.len(),
        );
        let counts = (rendered, changed.len(), allowed.len());
        self.0.entry(edit.kind).or_default().push(counts);
    }
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (kind, counts) in &self.0 {
            write!(f, "  {kind:?}:")?;
            for (rendered, changed, allowed) in counts {
                write!(f, " {rendered}/{changed}")?;
                if *allowed > 0 {
                    write!(f, "+{allowed}")?;
                }
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

/// Random front matter edits, one file at a time: after each, the served site is the one a
/// full build makes, and it got there rendering no more pages than the edit changed
/// ([`Counts::check`]).
#[test]
fn served_site_after_random_front_matter_edits_is_the_full_build() {
    let started = Instant::now();
    let tmp = TempDir::new("serve-edits");
    let mut rng = Rng(SEED);
    let mut guide = Guide::generate(&mut rng);
    assert_eq!(guide.problem(), None);
    let (root, mut site) = live_site(&tmp, dumped(), guide.files());
    let content = fs::canonicalize(&root).unwrap().join("content");
    let mut last = full_build(&root, site.dir(), &tmp.join("full-0"), "the first build");

    // Rounds of every kind once, each round in a random order.
    let mut kinds = Vec::new();
    while kinds.len() < EDITS {
        let mut round = KINDS;
        for k in (1..round.len()).rev() {
            round.swap(k, rng.below(k + 1));
        }
        kinds.extend(round);
    }
    kinds.truncate(EDITS);
    let mut made: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut counts = Counts::default();
    let (mut pages, mut rendered, mut of) = (0, 0, 0);
    for (n, kind) in kinds.into_iter().enumerate() {
        let n = n + 1;
        let (next, edited, what) = (0..1000)
            .find_map(|_| edit(&guide, kind, &mut rng).filter(|(g, ..)| g.problem().is_none()))
            .unwrap_or_else(|| panic!("edit {n}: no {kind:?} edit keeps the guide's pages"));
        let rel = guide.path(edited);
        let before = read(root.join("content").join(&rel));
        let after = next.text(edited);
        assert_ne!(before, after, "edit {n} ({kind:?}: {what}) changes nothing");
        let was = std::mem::replace(&mut guide, next);
        write(root.join("content").join(&rel), &after);
        *made.entry(kind).or_default() += 1;

        let label = format!(
            "edit {n} ({kind:?}: {what}) of content/{rel}\n--- before\n{before}--- after\n{after}---"
        );
        let update = site.update(&[watched(&content, &rel)]);
        let full = tmp.join(format!("full-{n}"));
        let now = full_build(&root, site.dir(), &full, &label);
        let _ = fs::remove_dir_all(&full);
        match update {
            Outcome::Pages {
                pages: p, of: o, ..
            } => {
                pages += 1;
                rendered += p;
                of += o;
                let edit = Bound {
                    kind,
                    guides: (&was, &guide),
                    sites: (&last, &now),
                };
                counts.check(&edit, (p, o), &label);
            }
            Outcome::Bodies { .. } => {}
            other => panic!("{label}\nthe update gave {other:?}"),
        }
        last = now;
    }
    eprintln!(
        "{EDITS} edits {made:?}: {pages} updated some pages ({rendered} of {of} rendered) in {:.1?}",
        started.elapsed()
    );
    eprintln!("pages rendered/changed (+ allowed) by each edit, by kind:\n{counts}");
    assert!(
        pages >= EDITS * 3 / 4,
        "only {pages} of {EDITS} edits updated pages"
    );
}

/// A tag's count shows only on its own page and the tag index, so a tag added to one more
/// exercise renders that exercise and the tag's pages again, not every page the tag is on.
#[test]
fn a_tag_on_one_more_exercise_does_not_render_every_tagged_page() {
    const TAGGED: usize = 30;
    let tmp = TempDir::new("serve-tag");
    let exercise = |i: usize, tags: &str| {
        format!(
            "---\ntitle: Move {i}\nmuscles:\n  primary: [lats]\nlevel: beginner\nsets: 3x10\ntags: [{tags}]\n---\n{}\n",
            TEXTS[i % TEXTS.len()]
        )
    };
    let files = (0..=TAGGED).map(|i| {
        let tags = if i < TAGGED { "rows" } else { "posture" };
        (format!("exercises/move-{i}.md"), exercise(i, tags))
    });
    let (root, mut site) = live_site(&tmp, [], files);

    let rel = format!("exercises/move-{TAGGED}.md");
    write(
        root.join("content").join(&rel),
        exercise(TAGGED, "posture, rows"),
    );
    let content = fs::canonicalize(&root).unwrap().join("content");
    match site.update(&[watched(&content, &rel)]) {
        Outcome::Pages { pages, .. } => assert!(
            pages < TAGGED,
            "{pages} pages rendered again for one exercise's new tag"
        ),
        other => panic!("the update gave {other:?}"),
    }
    assert_full_build(&root, site.dir(), &tmp.join("full"), "the tag added");
    let tag_page = read(site.dir().join("tags/rows/index.html"));
    assert!(
        tag_page.contains(&format!("{} items", TAGGED + 1)),
        "{tag_page}"
    );
}

/// Pictures while serving: a page that starts to show one, a body that shows one, the picture
/// file replaced, and a new exercise with a picture: after each, the served site is the one a
/// full build makes.
#[test]
fn pictures_named_added_and_replaced_while_serving_are_those_a_build_shows() {
    use image::ImageFormat;
    use spotter::internals::pictures as testing;
    let tmp = TempDir::new("serve-pictures");
    let exercise = |title: &str, extra: &str, body: &str| {
        format!(
            "---\ntitle: {title}\nmuscles:\n  primary: [lats]\nsets: 3x10\n{extra}---\n{body}\n"
        )
    };
    let files = [
        ("exercises/row.md".to_string(), exercise("Row", "", "Pull.")),
        (
            "exercises/press.md".to_string(),
            exercise("Press", "", "Push."),
        ),
    ];
    let (root, mut site) = live_site(&tmp, [], files);
    let content = fs::canonicalize(&root).unwrap().join("content");
    let update = |site: &mut LiveSite, rels: &[&str], what: &str| {
        let changed: Vec<_> = rels.iter().map(|rel| watched(&content, rel)).collect();
        match site.update(&changed) {
            Outcome::Failed(d) => panic!("{what}: {d:?}"),
            Outcome::Error(e) => panic!("{what}: {e}"),
            _ => {}
        }
        assert_full_build(&root, site.dir(), &tmp.join("full"), what);
        let _ = fs::remove_dir_all(tmp.join("full"));
    };

    // Front matter names a new picture.
    fs::write(
        root.join("content/exercises/start.png"),
        testing::encoded(ImageFormat::Png, 640, 400),
    )
    .unwrap();
    write(
        root.join("content/exercises/row.md"),
        exercise(
            "Row",
            "images:\n  - src: start.png\n    alt: Arms long\n",
            "Pull.",
        ),
    );
    update(
        &mut site,
        &["exercises/start.png", "exercises/row.md"],
        "images: added",
    );
    assert!(read(site.dir().join("exercises/row/index.html")).contains("Arms long"));

    // A body shows one.
    write(
        root.join("content/exercises/press.md"),
        exercise("Press", "", "Push.\n\n![Arms up](start.png)"),
    );
    update(&mut site, &["exercises/press.md"], "a body image");
    assert!(read(site.dir().join("exercises/press/index.html")).contains("Arms up"));

    // The picture replaced by another of other size.
    fs::write(
        root.join("content/exercises/start.png"),
        testing::encoded(ImageFormat::Png, 500, 500),
    )
    .unwrap();
    update(&mut site, &["exercises/start.png"], "the picture replaced");

    // A new exercise with a picture.
    write(
        root.join("content/exercises/curl.md"),
        exercise(
            "Curl",
            "images:\n  - src: start.png\n    alt: Elbows in\n",
            "Curl.",
        ),
    );
    update(
        &mut site,
        &["exercises/curl.md"],
        "an exercise added with a picture",
    );
    assert!(read(site.dir().join("exercises/curl/index.html")).contains("Elbows in"));
}

/// An exercise's variations show it by its title: a new title reaches their pages, both the
/// ones it names and the ones that name it.
#[test]
fn a_title_edit_reaches_the_pages_of_the_variations() {
    let tmp = TempDir::new("serve-variations");
    let exercise = |i: usize, title: &str, variations: &str| {
        format!(
            "---\ntitle: {title}\nmuscles:\n  primary: [lats]\nsets: 3x10\nvariations: [{variations}]\n---\n{}\n",
            TEXTS[i % TEXTS.len()]
        )
    };
    let files = [
        (
            "exercises/move-0.md".to_string(),
            exercise(0, "Move 0", "move-1"),
        ),
        ("exercises/move-1.md".to_string(), exercise(1, "Move 1", "")),
        (
            "exercises/move-2.md".to_string(),
            exercise(2, "Move 2", "move-0"),
        ),
    ];
    let (root, mut site) = live_site(&tmp, [], files);
    let rel = "exercises/move-0.md";
    write(
        root.join("content").join(rel),
        exercise(0, "Renamed Move", "move-1"),
    );
    let content = fs::canonicalize(&root).unwrap().join("content");
    match site.update(&[watched(&content, rel)]) {
        Outcome::Pages { .. } => {}
        other => panic!("the update gave {other:?}"),
    }
    for page in ["exercises/move-1/index.html", "exercises/move-2/index.html"] {
        let html = read(site.dir().join(page));
        assert!(html.contains("Renamed Move"), "{page}: {html}");
    }
    assert_full_build(&root, site.dir(), &tmp.join("full"), "the title edited");
}

/// An exercise that names other equipment moves between the equipment's pages; when it was
/// the last to use a piece of equipment, that page goes, and the site is rebuilt without it.
/// Twelve muscles of the built-in catalogue.
const OWN_MUSCLES: [&str; 12] = [
    "lats",
    "rhomboids",
    "biceps",
    "triceps",
    "chest",
    "abs",
    "glutes",
    "quads",
    "hamstrings",
    "calves",
    "forearms",
    "neck",
];

#[test]
fn equipment_edits_move_an_exercise_and_the_last_one_takes_the_page_away() {
    const MOVES: usize = 12;
    let tmp = TempDir::new("serve-equipment");
    // Each works a muscle of its own, so that none is a substitute of another and moving
    // one reaches only the pages of equipment.
    let exercise = |i: usize, equipment: &str| {
        format!(
            "---\ntitle: Move {i}\nmuscles:\n  primary: [{}]\nequipment: [{equipment}]\nsets: 3x10\n---\n{}\n",
            OWN_MUSCLES[i],
            TEXTS[i % TEXTS.len()]
        )
    };
    let rel = |i: usize| format!("exercises/move-{i}.md");
    let files = (0..MOVES).map(|i| {
        let equipment = if i == 0 { "kettlebell" } else { "dumbbell" };
        (rel(i), exercise(i, equipment))
    });
    let (root, mut site) = live_site(&tmp, [], files);
    let content = fs::canonicalize(&root).unwrap().join("content");
    let kettlebell = site.dir().join("equipment/kettlebell/index.html");

    write(root.join("content").join(rel(1)), exercise(1, "kettlebell"));
    match site.update(&[watched(&content, &rel(1))]) {
        Outcome::Pages { pages, .. } => assert!(pages < MOVES, "{pages} pages rendered"),
        other => panic!("moving an exercise to other equipment gave {other:?}"),
    }
    assert_full_build(
        &root,
        site.dir(),
        &tmp.join("full-1"),
        "move 1 to the kettlebell",
    );
    assert!(read(&kettlebell).contains("Move 1"));

    write(root.join("content").join(rel(0)), exercise(0, "dumbbell"));
    write(root.join("content").join(rel(1)), exercise(1, "dumbbell"));
    let changed = [watched(&content, &rel(0)), watched(&content, &rel(1))];
    match site.update(&changed) {
        Outcome::Rebuilt { .. } => {}
        other => panic!("leaving the kettlebell unused gave {other:?}"),
    }
    assert_full_build(
        &root,
        site.dir(),
        &tmp.join("full-2"),
        "the kettlebell unused",
    );
    assert!(!kettlebell.exists());
}

/// Pages a file added or removed may render again, of the hundred or so of the generated
/// guide: its own, its ladder neighbours, the pages that list it or mention it, the indexes,
/// the exercises whose six substitutes it joins or leaves (of the three dozen sharing one of
/// its ten muscles), and those of the files changed with it.
const REACHED: usize = 36;

/// Writes `guide`'s file of `r` (or with `None`, removes the file `rel`) and has the site
/// brought up to date: it must rebuild, rendering at most [`REACHED`] pages again, and be the
/// full build's.
fn add_or_remove(
    site: &mut LiveSite,
    (root, tmp): (&Path, &Path),
    guide: Option<(&Guide, Ref)>,
    rel: &str,
) {
    add_or_remove_with(site, (root, tmp), guide, rel, &[]);
}

/// [`add_or_remove`] with the files `also` (already written) changed in the same update.
fn add_or_remove_with(
    site: &mut LiveSite,
    (root, tmp): (&Path, &Path),
    guide: Option<(&Guide, Ref)>,
    rel: &str,
    also: &[String],
) {
    let content = fs::canonicalize(root).unwrap().join("content");
    let path = root.join("content").join(rel);
    match guide {
        Some((g, r)) => write(&path, g.text(r)),
        None => fs::remove_file(&path).unwrap(),
    }
    let what = format!(
        "{} content/{rel} (and {also:?} changed)",
        if guide.is_some() { "added" } else { "removed" }
    );
    let mut changed = vec![watched(&content, rel)];
    changed.extend(also.iter().map(|rel| watched(&content, rel)));
    match site.update(&changed) {
        Outcome::Rebuilt { kept, .. } => {
            let pages = files(site.dir())
                .iter()
                .filter(|f| f.ends_with(".html"))
                .count();
            let rendered = pages.saturating_sub(kept);
            assert!(
                rendered <= REACHED,
                "{what}: {rendered} of {pages} pages rendered again"
            );
        }
        other => panic!("{what}: the update gave {other:?}"),
    }
    let full = tmp.join("full");
    assert_full_build(root, site.dir(), &full, &what);
    let _ = fs::remove_dir_all(&full);
}

/// Files added and removed rebuild the site, keeping the pages whose inputs did not change:
/// an exercise, a workout and a post come and go (each moving the ids of the pages after it),
/// and a page linking to one that goes is made again, to report the link.
#[test]
fn added_and_removed_files_keep_the_pages_they_do_not_reach() {
    let tmp = TempDir::new("serve-files");
    let mut rng = Rng(SEED ^ 0xADD);
    let mut guide = Guide::generate(&mut rng);
    let (root, mut site) = live_site(&tmp, dumped(), guide.files());
    let dirs = (root.as_path(), tmp.path());

    // An exercise on the ladder, embedding another and linking to a post.
    let mut new = guide.exercises[7].clone();
    new.title = new_exercise_title(&mut rng, &guide.exercises);
    (new.regressions, new.progressions) = (vec![4], Vec::new());
    new.body = vec![
        Para::Text(TEXTS[0]),
        Para::Embed(Ref::Exercise(2)),
        Para::Link(Ref::Post(1)),
    ];
    guide.exercises.push(new);
    let x = Ref::Exercise(EXERCISES);
    add_or_remove(&mut site, dirs, Some((&guide, x)), &guide.path(x));

    // A workout using it, and a post (the newest) embedding that workout and mentioning an
    // exercise.
    guide.workouts.push(Workout {
        title: "Brand New Workout".into(),
        level: 1,
        tags: vec![TAGS[0]],
        items: vec![
            Item::Exercise {
                exercise: EXERCISES,
                reps: 8,
            },
            Item::Rest(30),
            Item::Exercise {
                exercise: 3,
                reps: 10,
            },
            Item::Exercise {
                exercise: 11,
                reps: 12,
            },
        ],
        body: vec![Para::Text(TEXTS[1])],
    });
    let w = Ref::Workout(WORKOUTS);
    add_or_remove(&mut site, dirs, Some((&guide, w)), &guide.path(w));
    guide.posts.push(Post {
        file_date: "2025-06-30".into(),
        date: None,
        updated: None,
        title: "Brand New Notes".into(),
        tags: vec![TAGS[1]],
        body: vec![
            Para::Text(TEXTS[2]),
            Para::Embed(w),
            Para::Link(Ref::Exercise(3)),
        ],
    });
    let p = Ref::Post(POSTS);
    // With an exercise of the first workout renamed in the same update: that workout's card
    // is made again.
    let Item::Exercise { exercise: e, .. } = guide.workouts[0].items[0] else {
        panic!("a workout starts with an exercise")
    };
    guide.exercises[e].title = new_exercise_title(&mut rng, &guide.exercises);
    let renamed = guide.path(Ref::Exercise(e));
    write(
        root.join("content").join(&renamed),
        guide.text(Ref::Exercise(e)),
    );
    // And another one's tag changed, which only its page, its tags' and the search index show.
    let f = (e + 1) % EXERCISES;
    let tags = &mut guide.exercises[f].tags;
    let tag = *TAGS
        .iter()
        .find(|t| !tags.contains(t))
        .expect("a tag it has not");
    match tags.first_mut() {
        Some(first) => *first = tag,
        None => tags.push(tag),
    }
    let retagged = guide.path(Ref::Exercise(f));
    write(
        root.join("content").join(&retagged),
        guide.text(Ref::Exercise(f)),
    );
    add_or_remove_with(
        &mut site,
        dirs,
        Some((&guide, p)),
        &guide.path(p),
        &[renamed, retagged],
    );
    // The pages listing every exercise or card, kept by the rebuilds, are made again from
    // what the rebuilds kept of their items, which moved with the ids.
    let kinds = [Kind::ExerciseTitle, Kind::WorkoutTitle];
    edit_each(
        &kinds,
        &mut guide,
        &mut site,
        dirs,
        &mut rng,
        "with files added",
    );

    // They go, the other way round; the post while an exercise's body still links to it,
    // which is an error (the site stays as it was) until the link goes too.
    let content = fs::canonicalize(&root).unwrap().join("content");
    // One whose body names no exercise or workout, which its page's print would show.
    let l = (0..EXERCISES)
        .find(|&i| {
            let named = |p: &Para| matches!(p, Para::Link(r) | Para::Embed(r) if matches!(r, Ref::Exercise(_) | Ref::Workout(_)));
            !guide.exercises[i].body.iter().any(named)
        })
        .expect("an exercise whose body names no other");
    let linker = Ref::Exercise(l);
    let linker_rel = guide.path(linker);
    // With a new title, so that its page is printed (a body edit alone is not).
    guide.exercises[l].body.push(Para::Link(p));
    guide.exercises[l].title = new_exercise_title(&mut rng, &guide.exercises);
    write(root.join("content").join(&linker_rel), guide.text(linker));
    match site.update(&[watched(&content, &linker_rel)]) {
        Outcome::Pages { .. } => {}
        other => panic!("a link added gave {other:?}"),
    }
    let post = guide.path(p);
    fs::remove_file(root.join("content").join(&post)).unwrap();
    match site.update(&[watched(&content, &post)]) {
        Outcome::Failed(d) => assert!(
            format!("{d:?}").contains(&format!("@/{post}")),
            "the error does not name {post}: {d:?}"
        ),
        other => panic!("removing a linked post gave {other:?}"),
    }
    guide.exercises[l].body.pop();
    add_or_remove(&mut site, dirs, Some((&guide, linker)), &linker_rel);
    guide.posts.pop();
    let workout = guide.path(w);
    add_or_remove(&mut site, dirs, None, &workout);
    guide.workouts.pop();
    let exercise = guide.path(x);
    add_or_remove(&mut site, dirs, None, &exercise);

    // What the rebuilds kept serves the next edits as a full build's would: one of each kind.
    edit_each(
        &KINDS,
        &mut guide,
        &mut site,
        dirs,
        &mut rng,
        "after the rebuilds",
    );
}

/// Makes one edit of each of `kinds` to `guide` and its files, and checks that each update
/// makes the site a full build makes, rendering no more pages than the edit changed.
fn edit_each(
    kinds: &[Kind],
    guide: &mut Guide,
    site: &mut LiveSite,
    (root, tmp): (&Path, &Path),
    rng: &mut Rng,
    when: &str,
) {
    let content = fs::canonicalize(root).unwrap().join("content");
    for &kind in kinds {
        let (next, edited, what) = (0..1000)
            .find_map(|_| edit(guide, kind, rng).filter(|(g, ..)| g.problem().is_none()))
            .unwrap_or_else(|| panic!("{when}: no {kind:?} edit keeps the guide whole"));
        let was = std::mem::replace(guide, next);
        let rel = guide.path(edited);
        write(root.join("content").join(&rel), guide.text(edited));
        let label = format!("{when}, {kind:?}: {what} in content/{rel}");
        // The full build of the guide before the edit, which the last check found it to be.
        let last = tree(site.dir());
        let update = site.update(&[watched(&content, &rel)]);
        let now = full_build(root, site.dir(), &tmp.join("full"), &label);
        let _ = fs::remove_dir_all(tmp.join("full"));
        match update {
            Outcome::Pages { pages, of, .. } => {
                let edit = Bound {
                    kind,
                    guides: (&was, guide),
                    sites: (&last, &now),
                };
                Counts::default().check(&edit, (pages, of), &label);
            }
            Outcome::Bodies { .. } => {}
            other => panic!("{label}: the update gave {other:?}"),
        }
    }
}

/// A file whose update failed is read again by the rebuild a file added next makes, even when
/// it sorts after the new one: here a body linking to an exercise before it is there.
#[test]
fn a_file_added_after_a_failed_update_brings_in_what_that_update_read() {
    let tmp = TempDir::new("serve-pending");
    let mut rng = Rng(SEED ^ 0xFA1);
    let mut guide = Guide::generate(&mut rng);
    let (root, mut site) = live_site(&tmp, dumped(), guide.files());
    let content = fs::canonicalize(&root).unwrap().join("content");
    let mut new = guide.exercises[7].clone();
    new.title = new_exercise_title(&mut rng, &guide.exercises);
    guide.exercises.push(new);
    let added = guide.path(Ref::Exercise(EXERCISES));

    let linker = guide.path(Ref::Exercise(5));
    assert!(added < linker, "{added} sorts after {linker}");
    guide.exercises[5]
        .body
        .push(Para::Link(Ref::Exercise(EXERCISES)));
    write(
        root.join("content").join(&linker),
        guide.text(Ref::Exercise(5)),
    );
    match site.update(&[watched(&content, &linker)]) {
        Outcome::Failed(d) => assert!(format!("{d:?}").contains(&added), "{d:?}"),
        other => panic!("a link to a missing page gave {other:?}"),
    }

    write(
        root.join("content").join(&added),
        guide.text(Ref::Exercise(EXERCISES)),
    );
    match site.update(&[watched(&content, &added)]) {
        Outcome::Rebuilt { .. } => {}
        other => panic!("adding {added} gave {other:?}"),
    }
    assert_full_build(
        &root,
        site.dir(),
        &tmp.join("full"),
        "the page linked to came",
    );
}

/// Random files added and removed (exercises, workouts and posts, the newest added first to
/// go), with random edits between them: after each, the site is the full build's. Each new
/// entry links to and embeds random pages that were there from the start, and each new
/// exercise sorts first, moving the ids of the others.
#[test]
fn random_files_added_and_removed_keep_the_site_a_full_build() {
    const STEPS: usize = 14;
    let tmp = TempDir::new("serve-random-files");
    let mut rng = Rng(SEED ^ 0xF11E5);
    let mut guide = Guide::generate(&mut rng);
    let (root, mut site) = live_site(&tmp, dumped(), guide.files());
    let dirs = (root.as_path(), tmp.path());
    // What was added, newest last, by kind of file.
    let mut added: Vec<Ref> = Vec::new();
    let body = |rng: &mut Rng, text: usize| {
        vec![
            Para::Text(TEXTS[text % TEXTS.len()]),
            Para::Link(random_ref(rng, None, true)),
            Para::Embed(random_ref(rng, None, false)),
        ]
    };
    for step in 0..STEPS {
        let remove = !added.is_empty() && rng.chance(40);
        if remove {
            let r = added.pop().unwrap();
            let rel = guide.path(r);
            match r {
                Ref::Exercise(_) => drop(guide.exercises.pop()),
                Ref::Workout(_) => drop(guide.workouts.pop()),
                Ref::Post(_) => drop(guide.posts.pop()),
                Ref::About => unreachable!(),
            }
            add_or_remove(&mut site, dirs, None, &rel);
            continue;
        }
        let r = match rng.below(3) {
            0 => {
                let mut new = guide.exercises[rng.below(EXERCISES)].clone();
                new.title = new_exercise_title(&mut rng, &guide.exercises);
                new.regressions = vec![rng.below(EXERCISES)];
                new.progressions = Vec::new();
                new.tags = vec![TAGS[rng.below(TAGS.len())]];
                new.body = body(&mut rng, step);
                guide.exercises.push(new);
                Ref::Exercise(guide.exercises.len() - 1)
            }
            1 => {
                let mut picks: Vec<usize> = Vec::new();
                while picks.len() < 3 {
                    let x = rng.below(EXERCISES);
                    if !picks.contains(&x) {
                        picks.push(x);
                    }
                }
                guide.workouts.push(Workout {
                    title: format!("Added Circuit {step}"),
                    level: rng.below(LEVELS.len()),
                    tags: vec![TAGS[rng.below(TAGS.len())]],
                    items: (picks.into_iter())
                        .map(|exercise| Item::Exercise { exercise, reps: 10 })
                        .collect(),
                    body: body(&mut rng, step),
                });
                Ref::Workout(guide.workouts.len() - 1)
            }
            _ => {
                guide.posts.push(Post {
                    file_date: format!("2024-0{}-1{}", 1 + step % 9, step % 10),
                    date: None,
                    updated: None,
                    title: format!("Added Notes {step}"),
                    tags: vec![TAGS[rng.below(TAGS.len())]],
                    body: body(&mut rng, step),
                });
                Ref::Post(guide.posts.len() - 1)
            }
        };
        assert_eq!(guide.problem(), None, "step {step}: adding {r:?}");
        added.push(r);
        add_or_remove(&mut site, dirs, Some((&guide, r)), &guide.path(r));
        // And an edit while it is there.
        let kind = KINDS[rng.below(KINDS.len())];
        edit_each(
            &[kind],
            &mut guide,
            &mut site,
            dirs,
            &mut rng,
            &format!("step {step}"),
        );
    }
}
