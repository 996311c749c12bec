//! The linked guide: every page with its names resolved to the things they name.
//!
//! These are the domain's types (`Exercise`, `Muscle`, `Equipment`, `Workout`, the regression
//! ladder, `Post`, `Page`) after the link stage: references are indices into the guide's lists,
//! inverse relations (what a muscle is worked by, which workouts use an exercise, what is easier
//! than what) are filled in, and nothing here can be dangling. Rendering reads these; it never
//! looks names up again.

pub mod bodymap;
pub mod catalogue;
pub mod link;
pub mod substitutes;

use std::collections::HashMap;
use std::sync::Arc;

use crate::config::SiteConfig;
use crate::source::front_matter::{Credit, Date, Origin};
use crate::source::load::Source;
use crate::source::prescription::{Level, Load, Reps, Seconds, Sets};

/// Index of an item in its list of the [`Guide`].
pub type Id = usize;

/// A whole guide, linked.
#[derive(Debug, Clone, PartialEq)]
pub struct Guide {
    /// `site.yaml`.
    pub config: SiteConfig,
    /// Every exercise, in content path order; each shared with the guides linked again from
    /// this one after an edit that left it as it was.
    pub exercises: Vec<Arc<Exercise>>,
    /// Every exercise by weight, then title: the order every list shows them in.
    pub exercise_order: Vec<Id>,
    /// Every workout, shared like the exercises.
    pub workouts: Vec<Arc<Workout>>,
    /// Every program, by weight, then title.
    pub programs: Vec<Program>,
    /// Every muscle known: the built-in catalogue merged with `content/muscles/`.
    pub muscles: Vec<Muscle>,
    /// Every piece of equipment known, likewise; [`Guide::bodyweight`] is `none`.
    pub equipment: Vec<Equipment>,
    /// Posts, newest first.
    pub posts: Vec<Post>,
    /// Standalone pages.
    pub pages: Vec<Page>,
    /// `_index.md` files: `""` is the home page's text, `exercises` the exercise index's, ...
    pub sections: HashMap<String, Page>,
    /// Tags in name order.
    pub tags: Vec<Tag>,
    /// Workouts shown first on the home page: `featured` in `site.yaml`, else the first three
    /// by weight and title.
    pub featured: Vec<Id>,
    /// The `none` entry of `equipment`: what bodyweight exercises are listed under.
    pub bodyweight: Id,
    /// What each `@/` path (relative to `content/`) names (made with every link: hashed with
    /// foldhash).
    pub paths: Arc<HashMap<String, Target, foldhash::fast::RandomState>>,
    /// Content files that failed to load; links to them are not reported again.
    pub broken_paths: std::collections::HashSet<String>,
    /// The pictures and clips of its pages, processed ([`crate::pictures::collect`], after
    /// linking); empty until then.
    pub pictures: Arc<crate::pictures::Pictures>,
}

/// Something with a page of its own.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// `/exercises/SLUG/`.
    Exercise(Id),
    /// `/workouts/SLUG/`.
    Workout(Id),
    /// `/programs/SLUG/`.
    Program(Id),
    /// `/muscles/SLUG/`.
    Muscle(Id),
    /// `/equipment/SLUG/`.
    Equipment(Id),
    /// `/blog/SLUG/`.
    Post(Id),
    /// A standalone page.
    Page(Id),
    /// The home page or a section index (`exercises`, `blog`, ...).
    Section(String),
}

/// What every page has.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    /// The last part of the URL.
    pub slug: String,
    /// The title.
    pub title: String,
    /// A sentence or two for lists.
    pub summary: Option<String>,
    /// Tags, as written.
    pub tags: Vec<String>,
    /// Sort key in lists, lowest first.
    pub weight: Option<i64>,
    /// Old URLs (site-relative paths) that redirect here.
    pub redirect_from: Vec<String>,
    /// The file it came from; `None` for built-in catalogue entries.
    pub source: Option<Arc<Source>>,
    /// Who wrote its text, under which licence (`credit:`).
    pub credit: Option<Box<Credit>>,
    /// Where an importer took it from (`source:`).
    pub origin: Option<Box<Origin>>,
    /// Its pictures (`images:`), the cover first.
    pub images: Vec<Image>,
    /// Its clip (`video:`).
    pub video: Option<Box<Video>>,
}

/// A picture a page names, found by name: where its file is and what is said of it. Its
/// pixels are read by [`crate::pictures::collect`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// `src` as written.
    pub src: String,
    /// Its file, relative to the guide folder with `/` (`content/exercises/start.jpg`).
    pub file: String,
    /// What it shows, for those who cannot see it.
    pub alt: String,
    /// A line shown under it.
    pub caption: Option<String>,
    /// Who made it.
    pub credit: Option<Credit>,
}

/// A clip a page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Video {
    /// `src` as written.
    pub src: String,
    /// Where it plays from.
    pub kind: VideoKind,
    /// The picture shown before it plays.
    pub poster: Option<Image>,
    /// What it shows, in a few words.
    pub title: Option<String>,
    /// A line shown under it.
    pub caption: Option<String>,
    /// Who made it.
    pub credit: Option<Credit>,
}

/// Where a clip plays from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VideoKind {
    /// A YouTube video, by its id.
    YouTube(String),
    /// A Vimeo video, by its number.
    Vimeo(String),
    /// A file of the guide (relative to its folder, with `/`), and its media type.
    File(String, &'static str),
}

/// An exercise.
#[derive(Debug, Clone, PartialEq)]
pub struct Exercise {
    /// Title, slug, summary, tags, source.
    pub meta: Meta,
    /// Other names.
    pub aliases: Vec<String>,
    /// How hard it is.
    pub level: Option<Level>,
    /// The prescription.
    pub sets: Option<Sets>,
    /// The muscles doing the work (at least one).
    pub primary: Vec<Id>,
    /// The muscles helping.
    pub secondary: Vec<Id>,
    /// What it needs; empty for bodyweight only.
    pub equipment: Vec<Id>,
    /// The ladder: easier variants (its regressions, and those that name it as a progression).
    pub easier: Vec<Id>,
    /// The ladder: harder variants.
    pub harder: Vec<Id>,
    /// Variants without an order: those it names as `variations` and those naming it.
    pub variations: Vec<Id>,
    /// Workouts that use it.
    pub workouts: Vec<Id>,
}

/// A muscle, built-in or from `content/muscles/`.
#[derive(Debug, Clone, PartialEq)]
pub struct Muscle {
    /// The shared parts of a catalogue entry.
    pub term: Term,
    /// The muscle it is a part of (`parent:`).
    pub parent: Option<Id>,
    /// The body map's regions it is drawn as: those of its `map:` and of its parts, in the
    /// drawing's order; empty when it is not drawn.
    pub regions: Vec<&'static str>,
    /// The regions of its own `map:` (not its parts'), what the clickable map links to it.
    pub own_regions: Vec<&'static str>,
    /// Exercises where it is primary, or one of its parts is (a whole lists its parts').
    pub primary_of: Vec<Id>,
    /// Exercises where it is secondary, or one of its parts is, and that are not listed as
    /// primary.
    pub secondary_of: Vec<Id>,
}

/// A piece of equipment, built-in or from `content/equipment/`.
#[derive(Debug, Clone, PartialEq)]
pub struct Equipment {
    /// The shared parts of a catalogue entry.
    pub term: Term,
    /// Exercises that need it (for `none`: the bodyweight exercises).
    pub used_by: Vec<Id>,
}

/// What muscles and equipment share.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// Title, slug, summary, source.
    pub meta: Meta,
    /// Other names.
    pub aliases: Vec<String>,
    /// Where on the body (muscles only).
    pub region: Option<String>,
    /// The built-in description (Markdown), used when no content file gives a body.
    pub description: Option<String>,
}

/// A workout.
#[derive(Debug, Clone, PartialEq)]
pub struct Workout {
    /// Title, slug, summary, tags, source.
    pub meta: Meta,
    /// Who it is for.
    pub level: Option<Level>,
    /// How many rounds (at least one).
    pub rounds: u32,
    /// The rest between rounds.
    pub rest_between_rounds: Option<Seconds>,
    /// How often, as written.
    pub schedule: Option<String>,
    /// The exercises and rests in order.
    pub items: Vec<Item>,
    /// Equipment needed, in order of first use; empty for bodyweight only.
    pub equipment: Vec<Id>,
    /// The muscles worked, most sets first.
    pub muscles: Vec<MuscleLoad>,
}

/// A program: weeks of days, each day a workout or a rest.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    /// Title, slug, summary, tags, source.
    pub meta: Meta,
    /// Who it is for.
    pub level: Option<Level>,
    /// The weeks in order, each with its days (a `same: N` week holds week N's days).
    pub weeks: Vec<Week>,
}

/// One week of a program.
#[derive(Debug, Clone, PartialEq)]
pub struct Week {
    /// Its days, 1 to 7.
    pub days: Vec<Day>,
    /// What to change this week.
    pub note: Option<String>,
    /// The week (0-based) it repeats, when written `same: N`.
    pub same_as: Option<usize>,
}

/// One day of a program's week.
#[derive(Debug, Clone, PartialEq)]
pub enum Day {
    /// A day off.
    Rest,
    /// A workout, with what to do differently that day.
    Workout {
        /// Which workout.
        workout: Id,
        /// The day's note.
        note: Option<String>,
    },
}

impl Program {
    /// The workouts of a week, in order, each as often as it is done.
    pub fn workouts_of(week: &Week) -> impl Iterator<Item = Id> + '_ {
        week.days.iter().filter_map(|d| match d {
            Day::Workout { workout, .. } => Some(*workout),
            Day::Rest => None,
        })
    }

    /// Whether a day of any week is the workout `id`.
    pub fn uses(&self, id: Id) -> bool {
        self.weeks
            .iter()
            .any(|w| Self::workouts_of(w).any(|w| w == id))
    }
}

/// One entry of a workout.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// An exercise with its own prescription.
    Exercise(Step),
    /// A rest.
    Rest(Seconds),
}

/// An exercise as done in a workout.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Which exercise.
    pub exercise: Id,
    /// Sets in each round (1 when not given).
    pub sets: u32,
    /// Whether the item gave `sets:` itself.
    pub sets_given: bool,
    /// Repetitions per set.
    pub reps: Option<Reps>,
    /// A hold instead of reps.
    pub hold: Option<Seconds>,
    /// Whether the reps are per side.
    pub per_side: bool,
    /// How heavy each set is.
    pub load: Option<Load>,
    /// A coaching note.
    pub note: Option<String>,
}

/// How many sets a workout gives one muscle, over all rounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MuscleLoad {
    /// The muscle.
    pub muscle: Id,
    /// Sets where it is a primary mover.
    pub primary_sets: u32,
    /// Sets where it helps.
    pub secondary_sets: u32,
}

/// A blog post.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    /// Title, slug, summary, tags, source.
    pub meta: Meta,
    /// Publication date.
    pub date: Date,
    /// Last real change.
    pub updated: Option<Date>,
    /// Who wrote it.
    pub author: Option<String>,
}

/// A standalone page, a section introduction or the home page's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Title, slug, summary, tags, source.
    pub meta: Meta,
    /// Site-relative path of its URL, without slashes at either end (`about`, `guides/safety`).
    pub path: String,
}

/// A tag and what carries it.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    /// As first written.
    pub name: String,
    /// URL part.
    pub slug: String,
    /// Posts, newest first.
    pub posts: Vec<Id>,
    /// Exercises.
    pub exercises: Vec<Id>,
    /// Workouts.
    pub workouts: Vec<Id>,
    /// Standalone pages.
    pub pages: Vec<Id>,
}

impl Exercise {
    /// Whether `other` ranks as a substitute, and shows in a list of substitutes, as this
    /// one does: the same address, name, place in the guide's order, level, muscles and
    /// equipment.
    pub fn ranks_as(&self, other: &Exercise) -> bool {
        self.meta.slug == other.meta.slug
            && self.meta.title == other.meta.title
            && self.meta.weight == other.meta.weight
            && self.level == other.level
            && self.primary == other.primary
            && self.secondary == other.secondary
            && self.equipment == other.equipment
    }

    /// Whether `other` (the same exercise in another linking of a guide) is as this one in
    /// everything but how it is linked: its ladder, its workouts, its weight and its redirects.
    /// What lists, ladders and the search index show of an exercise is made from these fields
    /// and its body's words (and the names of its muscles and equipment), so it is the same
    /// when they are.
    pub fn same_apart_from_links(&self, other: &Exercise) -> bool {
        // Every field named, so that a new one is weighed here before it compiles.
        let Exercise {
            meta,
            aliases,
            level,
            sets,
            primary,
            secondary,
            equipment,
            easier: _,
            harder: _,
            variations: _,
            workouts: _,
        } = self;
        let Meta {
            slug,
            title,
            summary,
            tags,
            weight: _,
            redirect_from: _,
            source,
            credit: _,
            origin: _,
            images,
            video,
        } = meta;
        let b = &other.meta;
        // The body's words are searched (the search index's entry).
        let same_body = match (source, &b.source) {
            (Some(x), Some(y)) => Arc::ptr_eq(x, y) || x.body() == y.body(),
            (x, y) => x.is_none() && y.is_none(),
        };
        same_body
            && *slug == b.slug
            && *title == b.title
            && *summary == b.summary
            && *tags == b.tags
            && *images == b.images
            && *video == b.video
            && *aliases == other.aliases
            && *level == other.level
            && *sets == other.sets
            && *primary == other.primary
            && *secondary == other.secondary
            && *equipment == other.equipment
    }
}

impl Guide {
    /// The site-relative path of a target's page, with a trailing slash (`exercises/row/`), or
    /// `""` for the home page.
    pub fn path_of(&self, target: &Target) -> String {
        match target {
            Target::Exercise(i) => format!("exercises/{}/", self.exercises[*i].meta.slug),
            Target::Workout(i) => format!("workouts/{}/", self.workouts[*i].meta.slug),
            Target::Program(i) => format!("programs/{}/", self.programs[*i].meta.slug),
            Target::Muscle(i) => format!("muscles/{}/", self.muscles[*i].term.meta.slug),
            Target::Equipment(i) => format!("equipment/{}/", self.equipment[*i].term.meta.slug),
            Target::Post(i) => format!("blog/{}/", self.posts[*i].meta.slug),
            Target::Page(i) => format!("{}/", self.pages[*i].path),
            Target::Section(s) if s.is_empty() => String::new(),
            Target::Section(s) => format!("{s}/"),
        }
    }

    /// The page an `@/` link names by its file under `content/` (`exercises/row.md`). A page
    /// that is a folder (`band-row/index.md`) is linked as a file too (`band-row.md`), so
    /// making a page a folder for its pictures breaks no link to it.
    pub fn linked_by(&self, rel: &str) -> Option<&Target> {
        self.paths.get(rel).or_else(|| {
            let stem = rel.strip_suffix(".md")?;
            self.paths.get(&format!("{stem}/index.md"))
        })
    }

    /// The URL of a target's page as linked from other pages (base path included).
    pub fn url_of(&self, target: &Target) -> String {
        format!("{}{}", self.config.base_path(), self.path_of(target))
    }

    /// The title of a target's page.
    pub fn title_of<'a>(&'a self, target: &'a Target) -> &'a str {
        match target {
            Target::Exercise(i) => &self.exercises[*i].meta.title,
            Target::Workout(i) => &self.workouts[*i].meta.title,
            Target::Program(i) => &self.programs[*i].meta.title,
            Target::Muscle(i) => &self.muscles[*i].term.meta.title,
            Target::Equipment(i) => &self.equipment[*i].term.meta.title,
            Target::Post(i) => &self.posts[*i].meta.title,
            Target::Page(i) => &self.pages[*i].meta.title,
            Target::Section(s) => self
                .sections
                .get(s)
                .map_or_else(|| default_section_title(s), |p| p.meta.title.as_str()),
        }
    }

    /// Every page made from a file or a catalogue entry, with its shared parts: exercises,
    /// workouts, posts, standalone pages, muscles, equipment.
    pub fn metas(&self) -> impl Iterator<Item = (Target, &Meta)> {
        let ex = self
            .exercises
            .iter()
            .enumerate()
            .map(|(i, e)| (Target::Exercise(i), &e.meta));
        let wo = self
            .workouts
            .iter()
            .enumerate()
            .map(|(i, w)| (Target::Workout(i), &w.meta));
        let pr = self
            .programs
            .iter()
            .enumerate()
            .map(|(i, p)| (Target::Program(i), &p.meta));
        let po = self
            .posts
            .iter()
            .enumerate()
            .map(|(i, p)| (Target::Post(i), &p.meta));
        let pa = self
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (Target::Page(i), &p.meta));
        let mu = self
            .muscles
            .iter()
            .enumerate()
            .map(|(i, m)| (Target::Muscle(i), &m.term.meta));
        let eq = self
            .equipment
            .iter()
            .enumerate()
            .map(|(i, e)| (Target::Equipment(i), &e.term.meta));
        ex.chain(wo)
            .chain(pr)
            .chain(po)
            .chain(pa)
            .chain(mu)
            .chain(eq)
    }

    /// The shared parts of the page `target`.
    pub fn meta(&self, target: &Target) -> Option<&Meta> {
        Some(match target {
            Target::Exercise(i) => &self.exercises.get(*i)?.meta,
            Target::Workout(i) => &self.workouts.get(*i)?.meta,
            Target::Program(i) => &self.programs.get(*i)?.meta,
            Target::Muscle(i) => &self.muscles.get(*i)?.term.meta,
            Target::Equipment(i) => &self.equipment.get(*i)?.term.meta,
            Target::Post(i) => &self.posts.get(*i)?.meta,
            Target::Page(i) => &self.pages.get(*i)?.meta,
            Target::Section(s) => &self.sections.get(s)?.meta,
        })
    }

    /// The shared parts of the page `target`, to change them.
    pub fn meta_mut(&mut self, target: &Target) -> Option<&mut Meta> {
        Some(match target {
            Target::Exercise(i) => &mut Arc::make_mut(self.exercises.get_mut(*i)?).meta,
            Target::Workout(i) => &mut Arc::make_mut(self.workouts.get_mut(*i)?).meta,
            Target::Program(i) => &mut self.programs.get_mut(*i)?.meta,
            Target::Muscle(i) => &mut self.muscles.get_mut(*i)?.term.meta,
            Target::Equipment(i) => &mut self.equipment.get_mut(*i)?.term.meta,
            Target::Post(i) => &mut self.posts.get_mut(*i)?.meta,
            Target::Page(i) => &mut self.pages.get_mut(*i)?.meta,
            Target::Section(s) => &mut self.sections.get_mut(s)?.meta,
        })
    }

    /// Whether a muscle has a page: it is worked by an exercise or described in content.
    pub fn muscle_is_listed(&self, id: Id) -> bool {
        let m = &self.muscles[id];
        !m.primary_of.is_empty() || !m.secondary_of.is_empty() || m.term.meta.source.is_some()
    }

    /// The muscles `id` is a part of, nearest first (its parent, its parent's parent, ...).
    pub fn wholes_of(&self, id: Id) -> impl Iterator<Item = Id> + '_ {
        wholes_of(&self.muscles, id)
    }

    /// The muscle `id` and each whole it is a part of, nearest first (`anterior-deltoid`,
    /// then `deltoids`).
    pub fn with_wholes(&self, id: Id) -> impl Iterator<Item = Id> + '_ {
        with_wholes(&self.muscles, id)
    }

    /// Whether a piece of equipment has a page.
    pub fn equipment_is_listed(&self, id: Id) -> bool {
        let e = &self.equipment[id];
        !e.used_by.is_empty() || e.term.meta.source.is_some()
    }
}

/// The muscles of `muscles` that `id` is a part of, nearest first. Parents never form a
/// cycle (linking breaks any), and the walk stops after as many steps as there are muscles.
pub fn wholes_of(muscles: &[Muscle], id: Id) -> impl Iterator<Item = Id> + '_ {
    std::iter::successors(muscles[id].parent, |&p| muscles[p].parent).take(muscles.len())
}

/// The muscle `id` of `muscles` and each whole it is a part of, nearest first.
pub fn with_wholes(muscles: &[Muscle], id: Id) -> impl Iterator<Item = Id> + '_ {
    std::iter::once(id).chain(wholes_of(muscles, id))
}

/// The title of a section that has no `_index.md`.
pub fn default_section_title(section: &str) -> &'static str {
    match section {
        "exercises" => "Exercises",
        "workouts" => "Workouts",
        "programs" => "Programs",
        "muscles" => "Muscles",
        "equipment" => "Equipment",
        "blog" => "Blog",
        "tags" => "Tags",
        "cards" => "Workout cards",
        _ => "Home",
    }
}

/// Sorts ids by weight, then title: the order of every list a reader sees.
pub fn sort_by_weight_then_title<'a>(ids: &mut [Id], meta: impl Fn(Id) -> &'a Meta) {
    ids.sort_by_cached_key(|&i| weight_then_title(meta(i), i));
}

/// Where the entry `id` with `meta` goes in that order: by weight (none last), then title
/// (ignoring case), then id.
pub fn weight_then_title(meta: &Meta, id: Id) -> (i64, String, Id) {
    (
        meta.weight.unwrap_or(i64::MAX),
        meta.title.to_lowercase(),
        id,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise(title: &str) -> Exercise {
        Exercise {
            meta: Meta {
                slug: "wall-sit".into(),
                title: title.into(),
                summary: None,
                tags: vec!["legs".into()],
                ..Meta::default()
            },
            aliases: Vec::new(),
            level: None,
            sets: None,
            primary: vec![3],
            secondary: Vec::new(),
            equipment: Vec::new(),
            easier: Vec::new(),
            harder: Vec::new(),
            variations: Vec::new(),
            workouts: Vec::new(),
        }
    }

    #[test]
    fn an_exercise_linked_otherwise_is_the_same_apart_from_links() {
        let a = exercise("Wall Sit");
        let mut b = a.clone();
        (b.easier, b.harder, b.workouts) = (vec![1], vec![2], vec![0]);
        b.meta.weight = Some(3);
        assert!(a.same_apart_from_links(&b));

        for change in [
            |e: &mut Exercise| e.meta.slug.push('s'),
            |e: &mut Exercise| e.meta.title.push('!'),
            |e: &mut Exercise| e.meta.summary = Some("Back flat.".into()),
            |e: &mut Exercise| e.level = Some(Level::Beginner),
            |e: &mut Exercise| e.sets = "3x10".parse().ok().map(|p| Sets(vec![p])),
            |e: &mut Exercise| e.primary.push(5),
            |e: &mut Exercise| e.meta.tags.clear(),
            |e: &mut Exercise| e.aliases.push("Chair".into()),
            |e: &mut Exercise| e.secondary.push(4),
            |e: &mut Exercise| e.equipment.push(0),
        ] {
            let mut c = a.clone();
            change(&mut c);
            assert!(!a.same_apart_from_links(&c), "{c:?}");
        }
    }
}
