//! Link: turns loaded content into a [`Guide`] whose every name points at something.
//!
//! Here muscles and equipment are resolved by slug, title or alias against the content and the
//! built-in catalogue (content first), exercises by slug; the regression ladder gets its inverse
//! and is checked for cycles; workouts get the equipment they need and the muscles they work;
//! posts get their dates; and pages get the paths `@/` links name. Every name that resolves to
//! nothing is an error at the line that wrote it, with the closest known names as a hint.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::model::catalogue::{Catalogue, Entry};
use crate::model::*;
use crate::source::front_matter::{
    Date, ExerciseMatter, FrontMatter, ItemMatter, PageMatter, PostMatter, WorkoutMatter,
};
use crate::source::load::{Content, Doc, Source};
use crate::source::slug::{is_valid, name_key, slugify};

/// URL folders the generator owns; a standalone page may not take them.
const RESERVED: [&str; 8] = [
    "exercises",
    "workouts",
    "cards",
    "muscles",
    "equipment",
    "blog",
    "tags",
    "static",
];

/// Links `content` into a guide. The guide is returned even when there are errors (with the
/// faulty references left out), so later stages can report their own errors too.
pub fn link(content: &Content, config: SiteConfig, catalogue: &Catalogue) -> (Guide, Diagnostics) {
    let mut diags = Diagnostics::new();
    let Content {
        exercises,
        workouts,
        muscles,
        equipment,
        posts,
        pages,
        sections,
        failed,
    } = content;
    let broken = broken_slugs(failed);

    let (muscles, muscle_names) = build_terms(
        &catalogue.muscles,
        muscles.iter().map(TermDoc::muscle).collect(),
        "muscle",
        &mut diags,
    );
    let (equipment, equipment_names) = build_terms(
        &catalogue.equipment,
        equipment.iter().map(TermDoc::equipment).collect(),
        "equipment",
        &mut diags,
    );
    let mut muscles: Vec<Muscle> = muscles
        .into_iter()
        .map(|term| Muscle {
            term,
            primary_of: Vec::new(),
            secondary_of: Vec::new(),
        })
        .collect();
    let mut equipment: Vec<Equipment> = equipment
        .into_iter()
        .map(|term| Equipment {
            term,
            used_by: Vec::new(),
        })
        .collect();
    let bodyweight = equipment
        .iter()
        .position(|e| e.term.meta.slug == "none")
        .unwrap_or_else(|| {
            equipment.push(Equipment {
                term: Term {
                    meta: Meta {
                        slug: "none".into(),
                        title: "Bodyweight".into(),
                        summary: None,
                        tags: Vec::new(),
                        weight: None,
                        redirect_from: Vec::new(),
                        source: None,
                    },
                    aliases: Vec::new(),
                    region: None,
                    description: None,
                },
                used_by: Vec::new(),
            });
            equipment.len() - 1
        });

    // Exercises: metadata and slugs first, so the ladder can name any of them. What each
    // file says is read in parallel; slugs are claimed in path order.
    let (mut exercise_list, found): (Vec<Exercise>, Vec<Diagnostics>) = exercises
        .par_iter()
        .map(|doc| {
            let mut found = Diagnostics::new();
            let m = &doc.matter;
            let exercise = Exercise {
                meta: meta_of(doc, &mut found),
                aliases: m.aliases.clone(),
                level: m.level,
                sets: m.sets.clone(),
                primary: Vec::new(),
                secondary: Vec::new(),
                equipment: Vec::new(),
                easier: Vec::new(),
                harder: Vec::new(),
                workouts: Vec::new(),
            };
            (exercise, found)
        })
        .unzip();
    let mut slugs = SlugSet::new("exercise", exercises.len());
    for ((doc, exercise), found) in exercises.iter().zip(&exercise_list).zip(found) {
        diags.extend(found);
        slugs.claim(&exercise.meta.slug, &doc.source, &mut diags);
    }
    let exercise_ids = slugs.ids;

    let names = ExerciseNames {
        terms: TermNames {
            muscles: &muscle_names,
            equipment: &equipment_names,
            bodyweight,
        },
        exercises: &exercise_ids,
        broken: &broken,
    };
    let resolved: Vec<(Resolved, Diagnostics)> = exercises
        .par_iter()
        .enumerate()
        .map(|(id, doc)| {
            let mut found = Diagnostics::new();
            (names.resolve(id, doc, &mut found), found)
        })
        .collect();
    let mut edges: Vec<Edge> =
        Vec::with_capacity(resolved.iter().map(|(r, _)| r.edges.len()).sum());
    for (ex, (r, found)) in exercise_list.iter_mut().zip(resolved) {
        diags.extend(found);
        ex.primary = r.primary;
        ex.secondary = r.secondary;
        ex.equipment = r.equipment;
        edges.extend(r.edges);
    }
    link_ladder(&mut exercise_list, &edges, exercises, &mut diags);
    // Shared from here on: a guide linked again after a small edit keeps the exercises it
    // did not change.
    let mut exercise_list: Vec<Arc<Exercise>> = exercise_list.into_iter().map(Arc::new).collect();
    for (id, ex) in exercise_list.iter().enumerate() {
        for &m in &ex.primary {
            muscles[m].primary_of.push(id);
        }
        for &m in &ex.secondary {
            muscles[m].secondary_of.push(id);
        }
        if ex.equipment.is_empty() {
            equipment[bodyweight].used_by.push(id);
        }
        for &e in &ex.equipment {
            equipment[e].used_by.push(id);
        }
    }

    // Workouts.
    let linked: Vec<(Arc<Workout>, [Diagnostics; 2])> = workouts
        .par_iter()
        .map(|doc| {
            let (mut of_meta, mut of_items) = (Diagnostics::new(), Diagnostics::new());
            let meta = meta_of(doc, &mut of_meta);
            let workout = link_workout(
                doc,
                meta,
                &exercise_ids,
                &broken,
                &exercise_list,
                &mut of_items,
            );
            (Arc::new(workout), [of_meta, of_items])
        })
        .collect();
    let mut slugs = SlugSet::new("workout", workouts.len());
    let mut workout_list = Vec::with_capacity(workouts.len());
    for (doc, (workout, [of_meta, of_items])) in workouts.iter().zip(linked) {
        diags.extend(of_meta);
        slugs.claim(&workout.meta.slug, &doc.source, &mut diags);
        diags.extend(of_items);
        workout_list.push(workout);
    }
    note_uses(&mut exercise_list, &workout_list);

    // Posts, newest first.
    let mut slugs = SlugSet::new("post", posts.len());
    let mut post_list: Vec<(Post, &str)> = Vec::with_capacity(posts.len());
    for doc in posts {
        let meta = meta_of(doc, &mut diags);
        slugs.claim(&meta.slug, &doc.source, &mut diags);
        let date = match (&doc.matter.date, &doc.date_prefix) {
            (Some(d), _) => Some(*d),
            (None, Some(prefix)) => match prefix.parse::<Date>() {
                Ok(d) => Some(d),
                Err(e) => {
                    diags.push(
                        Diagnostic::error(&doc.source.path, format!("the file name's date {e}"))
                            .with_hint("rename the file to start with a real date, YYYY-MM-DD-, or set `date:`"),
                    );
                    None
                }
            },
            (None, None) => {
                if !doc.is_broken("date") {
                    diags.push(doc.source.yaml_error(0, 0, "a post needs a date").with_hint(
                        "add `date: YYYY-MM-DD`, or start the file name with it: 2024-05-01-title.md",
                    ));
                }
                None
            }
        };
        let post = Post {
            meta,
            date: date.unwrap_or(Date {
                year: 1970,
                month: 1,
                day: 1,
            }),
            updated: doc.matter.updated,
            author: doc.matter.author.clone().or_else(|| config.author.clone()),
        };
        post_list.push((post, doc.source.rel.as_str()));
    }
    post_list.sort_by(|(a, _), (b, _)| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.meta.slug.cmp(&b.meta.slug))
    });

    // Standalone pages.
    let mut page_paths = SlugSet::new("page", pages.len());
    let mut page_list = Vec::with_capacity(pages.len());
    for doc in pages {
        let dir = doc.source.rel.rsplit_once('/').map(|(d, _)| d);
        let mut meta = meta_of(doc, &mut diags);
        let path = match dir {
            Some(d) => format!(
                "{}/{}",
                d.split('/').map(slugify).collect::<Vec<_>>().join("/"),
                meta.slug
            ),
            None => meta.slug.clone(),
        };
        let top = path.split('/').next().unwrap_or_default();
        if RESERVED.contains(&top) {
            diags.push(
                doc.source
                    .yaml_error(0, 0, format!("the page would be published at /{path}/, inside the generated /{top}/ pages"))
                    .with_hint("move it, or give it another `slug:`"),
            );
        }
        page_paths.claim(&path, &doc.source, &mut diags);
        meta.slug = path.rsplit('/').next().unwrap_or_default().to_string();
        page_list.push(Page { meta, path });
    }

    let mut section_map = HashMap::new();
    let mut paths = HashMap::with_capacity_and_hasher(
        sections.len()
            + exercises.len()
            + workouts.len()
            + posts.len()
            + pages.len()
            + muscles.len()
            + equipment.len(),
        Default::default(),
    );
    for (folder, doc) in sections {
        let known = ["", "exercises", "workouts", "muscles", "equipment", "blog"];
        if !known.contains(&folder.as_str()) {
            diags.push(doc.source.yaml_error(0, 0, format!("content/{folder}/_index.md introduces no page")).with_hint(
                "_index.md introduces the home page (content/_index.md) or the exercises, workouts, muscles, equipment and blog indexes",
            ));
            continue;
        }
        let c = doc.matter.common();
        let default_title = if folder.is_empty() {
            config.title.clone()
        } else {
            default_section_title(folder).to_string()
        };
        let meta = Meta {
            slug: folder.clone(),
            title: c.title.map_or(default_title, str::to_string),
            summary: c.summary.map(str::to_string),
            tags: Vec::new(),
            weight: c.weight,
            redirect_from: Vec::new(),
            source: Some(doc.source.clone()),
        };
        paths.insert(doc.source.rel.clone(), Target::Section(folder.clone()));
        section_map.insert(
            folder.clone(),
            Page {
                meta,
                path: folder.clone(),
            },
        );
    }

    for (i, doc) in exercises.iter().enumerate() {
        paths.insert(doc.source.rel.clone(), Target::Exercise(i));
    }
    for (i, doc) in workouts.iter().enumerate() {
        paths.insert(doc.source.rel.clone(), Target::Workout(i));
    }
    for (i, (_, rel)) in post_list.iter().enumerate() {
        paths.insert(rel.to_string(), Target::Post(i));
    }
    for (i, doc) in pages.iter().enumerate() {
        paths.insert(doc.source.rel.clone(), Target::Page(i));
    }
    for (i, m) in muscles.iter().enumerate() {
        if let Some(src) = &m.term.meta.source {
            paths.insert(src.rel.clone(), Target::Muscle(i));
        }
    }
    for (i, e) in equipment.iter().enumerate() {
        if let Some(src) = &e.term.meta.source {
            paths.insert(src.rel.clone(), Target::Equipment(i));
        }
    }

    let post_list: Vec<Post> = post_list.into_iter().map(|(p, _)| p).collect();
    let tags = collect_tags(
        &post_list,
        &exercise_list,
        &workout_list,
        &page_list,
        &mut diags,
    );

    let mut guide = Guide {
        config,
        exercises: exercise_list,
        exercise_order: Vec::new(),
        workouts: workout_list,
        muscles,
        equipment,
        posts: post_list,
        pages: page_list,
        sections: section_map,
        tags,
        featured: Vec::new(),
        bodyweight,
        paths: Arc::new(paths),
        broken_paths: failed.iter().cloned().collect(),
    };
    sort_relations(&mut guide, None);
    guide.featured = featured(&guide, &mut diags);
    check_redirects(&guide, &mut diags);
    (guide, diags)
}

/// A file of a linked guide read again after an edit, with its front matter as it was.
pub enum Edited {
    /// Exercise `id` (its index in [`Content::exercises`] and [`Guide::exercises`]).
    Exercise(Id, ExerciseMatter),
    /// Workout `id`.
    Workout(Id, WorkoutMatter),
    /// Post `id` (its index in [`Guide::posts`], newest first).
    Post(Id, PostMatter),
    /// Standalone page `id`.
    Page(Id, PageMatter),
}

/// Links `content` after the edits `edited`, from `old`: the guide as [`link`] made it with
/// `catalogue`, without errors, from `content` as it was before. Only what the edited files
/// hold is linked again, with what is derived from all entries: the tags when an entry's tags
/// changed, the order of all exercises (moving only those whose weight or title changed), the
/// uses of exercises when a workout changed, the featured workouts. An exercise whose muscles
/// or equipment changed moves between those terms' lists, and the workouts that use it are
/// worked out again. The new guide shares every entry it did not change with `old`, so an
/// edit to a title neither links nor copies ten thousand exercises (`spotter serve`).
///
/// `None` when an edit changes what other entries are linked by (a slug, a ladder step, a
/// redirect, a post's date), or when linking it finds an error: then only [`link`] can tell
/// what the guide is.
pub fn relink_edited(
    old: &Guide,
    content: &Content,
    catalogue: &Catalogue,
    edited: &[Edited],
) -> Option<Guide> {
    let mut guide = old.clone();
    let mut found = Diagnostics::new();
    let mut uses_changed = false;
    // Whether an entry's tags changed; exercises whose weight or title did (so their place
    // in the order of all exercises).
    let mut tags_changed = false;
    let mut moved: Vec<Id> = Vec::new();
    let mut exercise_ids: Option<SlugIds> = None;
    // The names of muscles and equipment, made when an exercise names others; the exercises
    // that name other ones.
    let mut term_names: Option<(Names, Names)> = None;
    let mut works_changed: Vec<Id> = Vec::new();
    let broken = broken_slugs(&content.failed);
    for edit in edited {
        match edit {
            Edited::Exercise(id, was) => {
                let doc = content.exercises.get(*id)?;
                let now = &doc.matter;
                let keeps_links = now.slug == was.slug
                    && now.redirect_from == was.redirect_from
                    && now.regressions == was.regressions
                    && now.progressions == was.progressions;
                if !keeps_links {
                    return None;
                }
                let meta = meta_of(doc, &mut found);
                if now.muscles != was.muscles || now.equipment != was.equipment {
                    let (muscles, equipment) =
                        term_names.get_or_insert_with(|| names_of_terms(content, catalogue));
                    let names = TermNames {
                        muscles,
                        equipment,
                        bodyweight: guide.bodyweight,
                    };
                    let works = names.resolve(doc, &mut found);
                    if move_under_terms(&mut guide, *id, works) {
                        works_changed.push(*id);
                    }
                }
                let exercise = Arc::make_mut(guide.exercises.get_mut(*id)?);
                tags_changed |= meta.tags != exercise.meta.tags;
                if (&meta.weight, &meta.title) != (&exercise.meta.weight, &exercise.meta.title) {
                    moved.push(*id);
                }
                exercise.meta = meta;
                exercise.aliases.clone_from(&now.aliases);
                exercise.level = now.level;
                exercise.sets.clone_from(&now.sets);
            }
            Edited::Workout(id, was) => {
                let doc = content.workouts.get(*id)?;
                let now = &doc.matter;
                if now.slug != was.slug || now.redirect_from != was.redirect_from {
                    return None;
                }
                let meta = meta_of(doc, &mut found);
                let ids = exercise_ids.get_or_insert_with(|| {
                    (guide.exercises.iter().enumerate())
                        .map(|(i, e)| (e.meta.slug.clone(), i))
                        .collect()
                });
                let workout = link_workout(doc, meta, ids, &broken, &guide.exercises, &mut found);
                let slot = guide.workouts.get_mut(*id)?;
                tags_changed |= workout.meta.tags != slot.meta.tags;
                *slot = Arc::new(workout);
                uses_changed = true;
            }
            // Posts are ordered by date, pages are published under their slug: while those
            // stay, only their own entry changes.
            Edited::Post(id, was) => {
                let doc = doc_of(&content.posts, &guide.posts.get(*id)?.meta)?;
                let now = &doc.matter;
                if now.slug != was.slug
                    || now.redirect_from != was.redirect_from
                    || now.date != was.date
                {
                    return None;
                }
                let meta = meta_of(doc, &mut found);
                let author = now.author.clone().or_else(|| guide.config.author.clone());
                let post = guide.posts.get_mut(*id)?;
                tags_changed |= meta.tags != post.meta.tags;
                post.meta = meta;
                post.updated = now.updated;
                post.author = author;
            }
            Edited::Page(id, was) => {
                let page = guide.pages.get_mut(*id)?;
                let doc = doc_of(&content.pages, &page.meta)?;
                let now = &doc.matter;
                if now.slug != was.slug || now.redirect_from != was.redirect_from {
                    return None;
                }
                let slug = std::mem::take(&mut page.meta.slug);
                let meta = meta_of(doc, &mut found);
                tags_changed |= meta.tags != page.meta.tags;
                page.meta = Meta { slug, ..meta };
            }
        }
    }
    if uses_changed {
        note_uses(&mut guide.exercises, &guide.workouts);
    }
    // What the workouts using an exercise that now works other muscles or needs other
    // equipment work and need.
    for &x in &works_changed {
        for &w in &guide.exercises[x].workouts {
            let workout = &guide.workouts[w];
            let works = work_of(&workout.items, workout.rounds, &guide.exercises);
            if (&works.0, &works.1) != (&workout.equipment, &workout.muscles) {
                let workout = Arc::make_mut(&mut guide.workouts[w]);
                (workout.equipment, workout.muscles) = works;
            }
        }
    }
    // With every entry's tags as they were, the tags are as they were (the old guide was
    // linked without errors, so without a tag in error).
    if tags_changed {
        guide.tags = collect_tags(
            &guide.posts,
            &guide.exercises,
            &guide.workouts,
            &guide.pages,
            &mut found,
        );
    }
    moved.sort_unstable();
    moved.dedup();
    sort_relations(&mut guide, Some(&moved));
    guide.featured = featured(&guide, &mut found);
    found.is_empty().then_some(guide)
}

/// The names of the muscles and equipment of `content` and `catalogue`, as [`link`] resolves
/// them. What is wrong with those entries was reported when they were linked.
fn names_of_terms(content: &Content, catalogue: &Catalogue) -> (Names, Names) {
    let mut reported = Diagnostics::new();
    let muscles = content.muscles.iter().map(TermDoc::muscle).collect();
    let (_, muscles) = build_terms(&catalogue.muscles, muscles, "muscle", &mut reported);
    let equipment = content.equipment.iter().map(TermDoc::equipment).collect();
    let (_, equipment) = build_terms(&catalogue.equipment, equipment, "equipment", &mut reported);
    (muscles, equipment)
}

/// An exercise's primary muscles, secondary muscles and equipment.
type Works = (Vec<Id>, Vec<Id>, Vec<Id>);

/// Moves exercise `id` of `guide` from the lists of the muscles and equipment it named to
/// those of `works` (bodyweight's when it names no equipment). Whether they differ.
fn move_under_terms(guide: &mut Guide, id: Id, works: Works) -> bool {
    let e = &guide.exercises[id];
    if (&works.0, &works.1, &works.2) == (&e.primary, &e.secondary, &e.equipment) {
        return false;
    }
    let e = Arc::make_mut(&mut guide.exercises[id]);
    let (primary, secondary, equipment) = works;
    let before = (
        std::mem::replace(&mut e.primary, primary),
        std::mem::replace(&mut e.secondary, secondary),
        std::mem::replace(&mut e.equipment, equipment),
    );
    let now = (&e.primary[..], &e.secondary[..], &e.equipment[..]);
    let (muscles, kit, bodyweight) = (&mut guide.muscles, &mut guide.equipment, guide.bodyweight);
    let mut lists = |(primary, secondary, equipment): (&[Id], &[Id], &[Id]), listed: bool| {
        let change = |list: &mut Vec<Id>| {
            if listed {
                list.push(id);
            } else {
                list.retain(|&i| i != id);
            }
        };
        primary
            .iter()
            .for_each(|&m| change(&mut muscles[m].primary_of));
        secondary
            .iter()
            .for_each(|&m| change(&mut muscles[m].secondary_of));
        if equipment.is_empty() {
            change(&mut kit[bodyweight].used_by);
        }
        equipment.iter().for_each(|&q| change(&mut kit[q].used_by));
    };
    lists((&before.0, &before.1, &before.2), false);
    lists(now, true);
    true
}

/// The document `meta` was linked from.
fn doc_of<'a, M>(docs: &'a [Doc<M>], meta: &Meta) -> Option<&'a Doc<M>> {
    let rel = &meta.source.as_ref()?.rel;
    docs.iter().find(|d| d.source.rel == *rel)
}

/// Slugs of exercise files that failed to load: naming them is not a second error.
fn broken_slugs(failed: &[String]) -> HashSet<String> {
    failed
        .iter()
        .filter_map(|rel| rel.strip_prefix("exercises/"))
        .map(|rel| {
            slugify(
                rel.rsplit('/')
                    .next()
                    .unwrap_or(rel)
                    .trim_end_matches(".md"),
            )
        })
        .collect()
}

/// Notes on each exercise the workouts that use it, in workout order (changing only those
/// whose list changed).
fn note_uses(exercises: &mut [Arc<Exercise>], workouts: &[Arc<Workout>]) {
    let mut uses: Vec<Vec<Id>> = vec![Vec::new(); exercises.len()];
    for (id, w) in workouts.iter().enumerate() {
        for item in &w.items {
            if let Item::Exercise(step) = item {
                let uses = &mut uses[step.exercise];
                if uses.last() != Some(&id) && !uses.contains(&id) {
                    uses.push(id);
                }
            }
        }
    }
    for (exercise, uses) in exercises.iter_mut().zip(uses) {
        if exercise.workouts != uses {
            Arc::make_mut(exercise).workouts = uses;
        }
    }
}

/// Title, slug and the rest of [`Meta`] for a content file, with the checks every kind shares.
/// What one exercise's front matter names, resolved.
struct Resolved {
    primary: Vec<Id>,
    secondary: Vec<Id>,
    equipment: Vec<Id>,
    /// Its regressions and progressions, as ladder edges.
    edges: Vec<Edge>,
}

/// What an exercise's muscles and equipment are resolved against.
struct TermNames<'a> {
    muscles: &'a Names,
    equipment: &'a Names,
    bodyweight: Id,
}

impl TermNames<'_> {
    /// The primary muscles, secondary muscles (less the primary ones) and equipment (less
    /// bodyweight) the exercise read from `doc` names.
    fn resolve(
        &self,
        doc: &Doc<crate::source::front_matter::ExerciseMatter>,
        diags: &mut Diagnostics,
    ) -> (Vec<Id>, Vec<Id>, Vec<Id>) {
        let src = &doc.source;
        let m = &doc.matter;
        let (mut primary, mut secondary) = (Vec::new(), Vec::new());
        match &m.muscles {
            // Written but wrong: reported when the file was read.
            None if doc.is_broken("muscles") => {}
            None => diags.push(
                src.yaml_error(0, 0, "an exercise needs its muscles")
                    .with_hint("add `muscles:` with `primary: [...]` naming at least one muscle"),
            ),
            Some(refs) => {
                if refs.primary.is_empty() {
                    diags.push(
                        src.error_at_key(
                            &["muscles", "primary"],
                            "an exercise needs at least one primary muscle",
                        )
                        .with_hint(
                            "name the muscles that do the work, e.g. `primary: [rhomboids]`",
                        ),
                    );
                }
                primary = resolve_all(
                    &refs.primary,
                    &["muscles", "primary"],
                    self.muscles,
                    "muscle",
                    src,
                    diags,
                );
                secondary = resolve_all(
                    &refs.secondary,
                    &["muscles", "secondary"],
                    self.muscles,
                    "muscle",
                    src,
                    diags,
                );
                secondary.retain(|s| !primary.contains(s));
            }
        }
        let mut equipment = resolve_all(
            &m.equipment,
            &["equipment"],
            self.equipment,
            "equipment",
            src,
            diags,
        );
        equipment.retain(|&e| e != self.bodyweight);
        (primary, secondary, equipment)
    }
}

/// Everything an exercise's names are resolved against.
struct ExerciseNames<'a> {
    terms: TermNames<'a>,
    exercises: &'a SlugIds,
    /// Slugs of exercise files that failed to load.
    broken: &'a HashSet<String>,
}

impl ExerciseNames<'_> {
    /// Resolves the muscles, equipment and ladder of exercise `id`, read from `doc`.
    fn resolve(
        &self,
        id: Id,
        doc: &Doc<crate::source::front_matter::ExerciseMatter>,
        diags: &mut Diagnostics,
    ) -> Resolved {
        let src = &doc.source;
        let m = &doc.matter;
        let (primary, secondary, equipment) = self.terms.resolve(doc, diags);
        let mut r = Resolved {
            primary,
            secondary,
            equipment,
            edges: Vec::new(),
        };
        for (key, list) in [
            ("regressions", &m.regressions),
            ("progressions", &m.progressions),
        ] {
            for (nth, name) in list.iter().enumerate() {
                let nth = list[..nth].iter().filter(|n| *n == name).count();
                let Some(&other) = self.exercises.get(name.trim()) else {
                    if self.broken.contains(name.trim()) {
                        continue;
                    }
                    let d = src.error_at_value(
                        &[key],
                        name,
                        nth,
                        format!("unknown exercise \"{name}\" in {key}"),
                    );
                    diags.push(
                        d.suggest(name, self.exercises.keys().map(String::as_str))
                            .with_hint_if_none(
                                "name an exercise by its slug: its file name under content/exercises/, without .md",
                            ),
                    );
                    continue;
                };
                if other == id {
                    let kind = if key == "regressions" {
                        "regression"
                    } else {
                        "progression"
                    };
                    diags.push(
                        src.error_at_value(
                            &[key],
                            name,
                            nth,
                            format!("an exercise cannot be its own {kind}"),
                        )
                        .with_hint(format!("remove \"{name}\" from {key}")),
                    );
                    continue;
                }
                let (easier, harder) = if key == "regressions" {
                    (other, id)
                } else {
                    (id, other)
                };
                r.edges.push(Edge {
                    easier,
                    harder,
                    declared_by: id,
                    key,
                    name: name.clone(),
                    nth,
                });
            }
        }
        r
    }
}

/// What every page has, from its front matter. Its slug is not claimed here (see
/// [`SlugSet::claim`]).
fn meta_of<M: FrontMatter>(doc: &Doc<M>, diags: &mut Diagnostics) -> Meta {
    let c = doc.matter.common();
    let src = &doc.source;
    let title = match c.title.map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        Some(_) => {
            diags.push(
                src.error_at_key(&["title"], "the title is empty")
                    .with_hint("write the page's name after `title:`"),
            );
            doc.stem.clone()
        }
        None if doc.is_broken("title") => doc.stem.clone(),
        None => {
            diags.push(
                src.yaml_error(0, 0, "missing title")
                    .with_hint("add `title: ...` to the front matter"),
            );
            doc.stem.clone()
        }
    };
    let slug = slug_of(c.slug, &doc.stem, src, diags);
    Meta {
        slug,
        title,
        summary: c
            .summary
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        tags: c.tags.to_vec(),
        weight: c.weight,
        redirect_from: c.redirect_from.to_vec(),
        source: Some(src.clone()),
    }
}

/// The slug a file is published under: its `slug:` when that is a valid slug (else an error,
/// with the slugified form as a hint), otherwise its file name slugified.
fn slug_of(given: Option<&str>, stem: &str, src: &Source, diags: &mut Diagnostics) -> String {
    let slug = match given {
        Some(s) if is_valid(s) => s.to_string(),
        Some(s) => {
            let fixed = slugify(s);
            let d = src.error_at_value(
                &["slug"],
                s,
                0,
                format!("slug \"{s}\" may hold only lowercase letters, digits and single hyphens"),
            );
            if fixed.is_empty() {
                diags.push(d.with_hint(
                    "write a slug of lowercase letters, digits and hyphens, e.g. `slug: band-row`, or remove `slug:`",
                ));
                slugify(stem)
            } else {
                diags.push(d.with_hint(format!("write \"{fixed}\"")));
                fixed
            }
        }
        None => slugify(stem),
    };
    if slug.is_empty() {
        diags.push(
            Diagnostic::error(&src.path, "the file name gives no slug")
                .with_hint("name the file with letters or digits, or set `slug:`"),
        );
        return "untitled".to_string();
    }
    slug
}

/// Slugs taken within one kind, to report duplicates. Entries claim in order, one claim
/// each, so the `n`th claim is entry `n`: a slug names the entry that claimed it first, even
/// when an earlier entry's claim failed.
struct SlugSet {
    kind: &'static str,
    ids: SlugIds,
    /// Each claim's file, by entry.
    sources: Vec<Arc<Source>>,
}

impl SlugSet {
    fn new(kind: &'static str, entries: usize) -> Self {
        SlugSet {
            kind,
            ids: SlugIds::with_capacity_and_hasher(entries, Default::default()),
            sources: Vec::with_capacity(entries),
        }
    }

    /// Takes `slug` for the next entry, from `source`; a slug already taken is an error at
    /// the second file.
    fn claim(&mut self, slug: &str, source: &Arc<Source>, diags: &mut Diagnostics) -> bool {
        let id = self.sources.len();
        self.sources.push(source.clone());
        if let Some(&first) = self.ids.get(slug) {
            let message = format!(
                "duplicate {} slug \"{slug}\": {} has it too",
                self.kind,
                self.sources[first].path.display()
            );
            let written = crate::source::yaml::Locator::new(source.yaml())
                .key_line(&["slug"])
                .is_some();
            let d = if written {
                source.error_at_value(&["slug"], slug, 0, message)
            } else {
                Diagnostic::error(&source.path, message)
            };
            diags.push(d.with_hint("rename one of the files, or give one a `slug:`"));
            return false;
        }
        self.ids.insert(slug.to_string(), id);
        true
    }
}

/// A muscle or equipment file, reduced to what a catalogue entry needs.
struct TermDoc<'a> {
    source: &'a Arc<Source>,
    /// Whether its `title:` was written but wrong (and reported).
    title_broken: bool,
    stem: &'a str,
    common: crate::source::front_matter::Common<'a>,
    aliases: &'a [String],
    region: Option<&'a str>,
}

impl<'a> TermDoc<'a> {
    fn muscle(doc: &'a Doc<crate::source::front_matter::MuscleMatter>) -> Self {
        TermDoc {
            source: &doc.source,
            title_broken: doc.is_broken("title"),
            stem: &doc.stem,
            common: doc.matter.common(),
            aliases: &doc.matter.aliases,
            region: doc.matter.region.as_deref(),
        }
    }

    fn equipment(doc: &'a Doc<crate::source::front_matter::EquipmentMatter>) -> Self {
        TermDoc {
            source: &doc.source,
            title_broken: doc.is_broken("title"),
            stem: &doc.stem,
            common: doc.matter.common(),
            aliases: &doc.matter.aliases,
            region: None,
        }
    }
}

/// Ids by slug or name. Made again with every link, 10,000 entries and more for a big guide,
/// and looked up for every name an exercise gives: hashed with foldhash.
type SlugIds = HashMap<String, Id, foldhash::fast::RandomState>;

/// Name lookup for muscles or equipment: names from content first, then built-in ones.
pub struct Names {
    content: SlugIds,
    builtin: SlugIds,
    /// Every name, as written, for did-you-mean hints.
    shown: Vec<String>,
}

impl Names {
    /// The entry a name refers to, by slug, title or alias, ignoring case and separators.
    pub fn resolve(&self, name: &str) -> Option<Id> {
        let key = name_key(name);
        self.content
            .get(&key)
            .or_else(|| self.builtin.get(&key))
            .copied()
    }
}

fn build_terms(
    builtin: &[Entry],
    docs: Vec<TermDoc<'_>>,
    kind: &str,
    diags: &mut Diagnostics,
) -> (Vec<Term>, Names) {
    let mut terms: Vec<Term> = builtin
        .iter()
        .map(|e| Term {
            meta: Meta {
                slug: e.slug.clone(),
                title: e.title.clone(),
                summary: Some(e.summary.clone()).filter(|s| !s.is_empty()),
                tags: Vec::new(),
                weight: None,
                redirect_from: Vec::new(),
                source: None,
            },
            aliases: e.aliases.clone(),
            region: e.region.clone(),
            description: Some(e.description.clone()).filter(|s| !s.is_empty()),
        })
        .collect();
    let mut names = Names {
        content: SlugIds::default(),
        builtin: SlugIds::default(),
        shown: Vec::new(),
    };
    for (id, e) in builtin.iter().enumerate() {
        for name in std::iter::once(&e.slug).chain([&e.title]).chain(&e.aliases) {
            names.builtin.entry(name_key(name)).or_insert(id);
            names.shown.push(name.clone());
        }
    }
    let by_slug: SlugIds = terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.meta.slug.clone(), i))
        .collect();
    let mut claimed: HashMap<String, (Id, Arc<Source>)> = HashMap::new();
    let mut slugs = SlugSet::new(
        if kind == "muscle" {
            "muscle"
        } else {
            "equipment"
        },
        docs.len(),
    );
    for doc in docs {
        let src = doc.source;
        let c = doc.common;
        let slug = slug_of(c.slug, doc.stem, src, diags);
        if !slugs.claim(&slug, src, diags) {
            continue;
        }
        let existing = by_slug.get(&slug).copied();
        let title = match (c.title.map(str::trim).filter(|t| !t.is_empty()), existing) {
            (Some(t), _) => t.to_string(),
            (None, Some(i)) => terms[i].meta.title.clone(),
            (None, None) if doc.title_broken => doc.stem.to_string(),
            (None, None) => {
                diags.push(
                    src.yaml_error(0, 0, "missing title")
                        .with_hint("add `title: ...` to the front matter"),
                );
                doc.stem.to_string()
            }
        };
        let id = match existing {
            Some(i) => i,
            None => {
                terms.push(Term {
                    meta: Meta {
                        slug: slug.clone(),
                        title: title.clone(),
                        summary: None,
                        tags: Vec::new(),
                        weight: None,
                        redirect_from: Vec::new(),
                        source: None,
                    },
                    aliases: Vec::new(),
                    region: None,
                    description: None,
                });
                terms.len() - 1
            }
        };
        let term = &mut terms[id];
        term.meta.title = title.clone();
        term.meta.source = Some(src.clone());
        if let Some(s) = c.summary {
            term.meta.summary = Some(s.trim().to_string());
        }
        term.meta.tags = c.tags.to_vec();
        term.meta.weight = c.weight;
        term.meta.redirect_from = c.redirect_from.to_vec();
        if !doc.aliases.is_empty() {
            term.aliases = doc.aliases.to_vec();
        }
        if let Some(r) = doc.region {
            // Any region groups muscles on /muscles/; the body map shades the ones it knows,
            // so a near miss of one of those ("shoulder") is worth a warning.
            let region = r.trim();
            if !crate::model::catalogue::REGIONS.contains(&region) {
                if let Some(best) = did_you_mean(region, crate::model::catalogue::REGIONS) {
                    if best.len().abs_diff(region.len()) <= 2 {
                        let mut d = src.error_at_value(&["region"], region, 0, format!(
                            "region \"{region}\" is not one the body map knows, so it will not be shaded"
                        ));
                        d.severity = crate::diagnostics::Severity::Warning;
                        diags.push(d.with_hint(format!("did you mean \"{best}\"?")));
                    }
                }
            }
            term.region = Some(region.to_string());
        }
        let own: Vec<(&str, &str)> = std::iter::once(("slug", slug.as_str()))
            .chain(std::iter::once(("title", title.as_str())))
            .chain(doc.aliases.iter().map(|a| ("aliases", a.as_str())))
            .collect();
        let mut seen_here = HashSet::new();
        for (key, name) in own {
            let k = name_key(name);
            if !seen_here.insert(k.clone()) {
                continue;
            }
            match claimed.get(&k) {
                Some((other, first)) if *other != id => {
                    diags.push(
                        src.error_at_value(
                            &[key],
                            name,
                            0,
                            format!(
                                "the {kind} name \"{name}\" is also claimed by {}",
                                first.path.display()
                            ),
                        )
                        .with_hint(
                            "a name may belong to one entry only: remove it from one of the files",
                        ),
                    );
                }
                _ => {
                    claimed.insert(k.clone(), (id, src.clone()));
                    names.content.insert(k, id);
                    names.shown.push(name.to_string());
                }
            }
        }
    }
    names.shown.sort();
    names.shown.dedup();
    (terms, names)
}

/// Resolves a list of muscle or equipment names written under `path`, reporting each unknown
/// one at its line. Duplicates are dropped.
fn resolve_all(
    list: &[String],
    path: &[&str],
    names: &Names,
    kind: &str,
    src: &Source,
    diags: &mut Diagnostics,
) -> Vec<Id> {
    let mut ids = Vec::with_capacity(list.len());
    for (i, name) in list.iter().enumerate() {
        match names.resolve(name) {
            Some(id) => {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            None => {
                let nth = list[..i].iter().filter(|n| *n == name).count();
                let d = src.error_at_value(path, name, nth, format!("unknown {kind} \"{name}\""));
                let d = match did_you_mean(name, names.shown.iter().map(String::as_str)) {
                    Some(best) => d.with_hint(format!("did you mean \"{best}\"?")),
                    None => d.with_hint(format!(
                        "name a {kind} of the built-in catalogue or add content/{}/{}.md",
                        if kind == "muscle" {
                            "muscles"
                        } else {
                            "equipment"
                        },
                        slugify(name)
                    )),
                };
                diags.push(d);
            }
        }
    }
    ids
}

/// One step of the ladder: `easier` is easier than `harder`, as written at `declared_by`.
struct Edge {
    easier: Id,
    harder: Id,
    declared_by: Id,
    key: &'static str,
    name: String,
    nth: usize,
}

/// Fills in `easier` and `harder` and reports every cycle.
fn link_ladder(
    exercises: &mut [Exercise],
    edges: &[Edge],
    docs: &[Doc<crate::source::front_matter::ExerciseMatter>],
    diags: &mut Diagnostics,
) {
    let mut harder: Vec<Vec<(Id, usize)>> = vec![Vec::new(); exercises.len()];
    for (i, e) in edges.iter().enumerate() {
        if !harder[e.easier].iter().any(|&(h, _)| h == e.harder) {
            harder[e.easier].push((e.harder, i));
            exercises[e.easier].harder.push(e.harder);
            exercises[e.harder].easier.push(e.easier);
        }
    }
    // Depth-first search; a back edge closes a cycle, reported once per closing edge.
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut mark = vec![Mark::New; exercises.len()];
    let mut reported: HashSet<Vec<Id>> = HashSet::new();
    for start in 0..exercises.len() {
        if mark[start] != Mark::New {
            continue;
        }
        let mut stack: Vec<(Id, usize)> = vec![(start, 0)];
        mark[start] = Mark::Open;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&(to, edge)) = harder[node].get(*next) {
                *next += 1;
                match mark[to] {
                    Mark::New => {
                        mark[to] = Mark::Open;
                        stack.push((to, 0));
                    }
                    Mark::Open => {
                        let cycle = shortest_path(&harder, to, node);
                        let mut key = cycle.clone();
                        let min = key
                            .iter()
                            .enumerate()
                            .min_by_key(|(_, &v)| v)
                            .map_or(0, |(i, _)| i);
                        key.rotate_left(min);
                        if reported.insert(key) {
                            let e = &edges[edge];
                            let mut names: Vec<&str> = cycle
                                .iter()
                                .map(|&n| exercises[n].meta.slug.as_str())
                                .collect();
                            names.push(&exercises[to].meta.slug);
                            let src = &docs[e.declared_by].source;
                            diags.push(
                                src.error_at_value(
                                    &[e.key],
                                    &e.name,
                                    e.nth,
                                    format!("the ladder has a cycle: {} (each easier than the next)", names.join(" → ")),
                                )
                                .with_hint("an exercise cannot be both easier and harder than another: remove one of these links"),
                            );
                        }
                    }
                    Mark::Done => {}
                }
            } else {
                mark[node] = Mark::Done;
                stack.pop();
            }
        }
    }
}

/// The shortest chain of "easier than" steps from `from` to `to` (both included), which with
/// the step `to -> from` closes the shortest cycle through that step.
fn shortest_path(harder: &[Vec<(Id, usize)>], from: Id, to: Id) -> Vec<Id> {
    let mut previous: HashMap<Id, Id> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([from]);
    previous.insert(from, from);
    while let Some(n) = queue.pop_front() {
        if n == to {
            break;
        }
        for &(next, _) in &harder[n] {
            if let std::collections::hash_map::Entry::Vacant(e) = previous.entry(next) {
                e.insert(n);
                queue.push_back(next);
            }
        }
    }
    let mut path = vec![to];
    let mut at = to;
    while at != from {
        match previous.get(&at) {
            Some(&p) => {
                path.push(p);
                at = p;
            }
            None => break,
        }
    }
    path.reverse();
    path
}

fn link_workout(
    doc: &Doc<crate::source::front_matter::WorkoutMatter>,
    meta: Meta,
    exercise_ids: &SlugIds,
    broken: &HashSet<String>,
    exercises: &[Arc<Exercise>],
    diags: &mut Diagnostics,
) -> Workout {
    let m = &doc.matter;
    let src = &doc.source;
    let rounds = match m.rounds {
        Some(0) => {
            diags.push(
                src.error_at_key(&["rounds"], "a workout needs at least one round")
                    .with_hint("set `rounds: 1` or more"),
            );
            1
        }
        Some(n) => n,
        None => 1,
    };
    if m.exercises.is_empty() && !doc.is_broken("exercises") {
        let d = if yaml_has_key(src, "exercises") {
            src.error_at_key(&["exercises"], "a workout needs at least one exercise")
        } else {
            src.yaml_error(0, 0, "a workout needs at least one exercise")
        };
        diags.push(d.with_hint("list them under `exercises:`, each as `- exercise: SLUG`"));
    }
    let mut items = Vec::with_capacity(m.exercises.len());
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, item) in m.exercises.iter().enumerate() {
        match item_of(item, i, src, exercise_ids, broken, &mut seen, diags) {
            Some(it) => items.push(it),
            None => continue,
        }
    }
    let (equipment, muscles) = work_of(&items, rounds, exercises);
    Workout {
        meta,
        level: m.level,
        rounds,
        rest_between_rounds: m.rest_between_rounds,
        schedule: m.schedule.clone(),
        items,
        equipment,
        muscles,
    }
}

/// What a workout of `items` done `rounds` times needs and works: its equipment in order of
/// first use, and the sets each muscle gets, most first.
fn work_of(items: &[Item], rounds: u32, exercises: &[Arc<Exercise>]) -> (Vec<Id>, Vec<MuscleLoad>) {
    let mut equipment: Vec<Id> = Vec::new();
    let mut load: BTreeMap<Id, (u32, u32)> = BTreeMap::new();
    for item in items {
        let Item::Exercise(step) = item else { continue };
        let ex = &exercises[step.exercise];
        for &e in &ex.equipment {
            if !equipment.contains(&e) {
                equipment.push(e);
            }
        }
        let sets = rounds.saturating_mul(step.sets);
        for &mu in &ex.primary {
            let l = load.entry(mu).or_default();
            l.0 = l.0.saturating_add(sets);
        }
        for &mu in &ex.secondary {
            let l = load.entry(mu).or_default();
            l.1 = l.1.saturating_add(sets);
        }
    }
    let mut muscles: Vec<MuscleLoad> = load
        .into_iter()
        .map(|(muscle, (p, s))| MuscleLoad {
            muscle,
            primary_sets: p,
            secondary_sets: s,
        })
        .collect();
    muscles.sort_by_key(|l| {
        let total = u64::from(l.primary_sets) + u64::from(l.secondary_sets);
        (std::cmp::Reverse(total), std::cmp::Reverse(l.primary_sets))
    });
    (equipment, muscles)
}

fn yaml_has_key(src: &Source, key: &str) -> bool {
    crate::source::yaml::Locator::new(src.yaml())
        .key_line(&[key])
        .is_some()
}

fn item_of<'a>(
    item: &'a ItemMatter,
    index: usize,
    src: &Source,
    exercise_ids: &SlugIds,
    broken: &HashSet<String>,
    seen: &mut HashMap<&'a str, usize>,
    diags: &mut Diagnostics,
) -> Option<Item> {
    let nth_item_error = |message: String| match item_line(src.yaml(), index) {
        Some((l, c)) => src.yaml_error(l, c, message),
        None => src.error_at_key(&["exercises"], message),
    };
    match (&item.exercise, &item.rest) {
        (Some(_), Some(_)) => {
            diags.push(
                nth_item_error("an item is an exercise or a rest, not both".into())
                    .with_hint("put the rest in an item of its own: `- rest: 30s`"),
            );
            None
        }
        (None, Some(rest)) => {
            if item.reps.is_some()
                || item.sets.is_some()
                || item.hold.is_some()
                || item.note.is_some()
                || item.per_side
            {
                diags.push(
                    nth_item_error(
                        "a rest item takes no reps, sets, hold, per_side or note".into(),
                    )
                    .with_hint("remove them from the rest, or give them to an exercise item"),
                );
            }
            Some(Item::Rest(*rest))
        }
        (None, None) => {
            diags.push(
                nth_item_error("an item needs `exercise:` or `rest:`".into())
                    .with_hint("write `- exercise: SLUG` or `- rest: 30s`"),
            );
            None
        }
        (Some(name), None) => {
            let nth = seen.entry(name.as_str()).or_insert(0);
            let this = *nth;
            *nth += 1;
            let Some(&id) = exercise_ids.get(name.trim()) else {
                if broken.contains(name.trim()) {
                    return None;
                }
                let d = src.error_at_value(
                    &["exercises", "exercise"],
                    name,
                    this,
                    format!("unknown exercise \"{name}\""),
                );
                diags.push(
                    d.suggest(name, exercise_ids.keys().map(String::as_str))
                        .with_hint_if_none(
                            "name an exercise by its slug: its file name under content/exercises/, without .md",
                        ),
                );
                return None;
            };
            if item.sets == Some(0) {
                diags.push(
                    nth_item_error("sets must be at least 1".into())
                        .with_hint("write `sets: 1` or more, or leave `sets:` out for one set"),
                );
            }
            Some(Item::Exercise(Step {
                exercise: id,
                sets: item.sets.unwrap_or(1).max(1),
                reps: item.reps,
                hold: item.hold,
                per_side: item.per_side,
                note: item.note.clone(),
            }))
        }
    }
}

/// The line where the `index`th item under `exercises:` starts.
fn item_line(yaml: &str, index: usize) -> Option<(usize, usize)> {
    let mut in_list = false;
    let mut count = 0;
    let mut list_indent = None;
    for (i, line) in yaml.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if !in_list {
            if indent == 0 && trimmed.starts_with("exercises:") {
                in_list = true;
            }
            continue;
        }
        if indent == 0
            && !trimmed.is_empty()
            && !trimmed.starts_with('-')
            && !trimmed.starts_with('#')
        {
            break;
        }
        if trimmed.starts_with("- ") || trimmed == "-" {
            let li = *list_indent.get_or_insert(indent);
            if indent == li {
                if count == index {
                    return Some((i + 1, indent + 1));
                }
                count += 1;
            }
        }
    }
    None
}

fn collect_tags(
    posts: &[Post],
    exercises: &[Arc<Exercise>],
    workouts: &[Arc<Workout>],
    pages: &[Page],
    diags: &mut Diagnostics,
) -> Vec<Tag> {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    let mut add = |meta: &Meta, push: &dyn Fn(&mut Tag)| {
        for name in &meta.tags {
            let slug = slugify(name);
            if slug.is_empty() {
                if let Some(src) = &meta.source {
                    diags.push(
                        src.error_at_value(
                            &["tags"],
                            name,
                            0,
                            format!("tag \"{name}\" has no letters or digits"),
                        )
                        .with_hint("give the tag a letter or digit, or remove it"),
                    );
                }
                continue;
            }
            // Most names are of tags met before: look up without copying the slug.
            if let Some(tag) = tags.get_mut(&slug) {
                push(tag);
                continue;
            }
            let mut tag = Tag {
                name: name.trim().to_string(),
                slug: slug.clone(),
                posts: Vec::new(),
                exercises: Vec::new(),
                workouts: Vec::new(),
                pages: Vec::new(),
            };
            push(&mut tag);
            tags.insert(slug, tag);
        }
    };
    for (i, p) in posts.iter().enumerate() {
        add(&p.meta, &|t| {
            if t.posts.last() != Some(&i) {
                t.posts.push(i)
            }
        });
    }
    for (i, e) in exercises.iter().enumerate() {
        add(&e.meta, &|t| {
            if t.exercises.last() != Some(&i) {
                t.exercises.push(i)
            }
        });
    }
    for (i, w) in workouts.iter().enumerate() {
        add(&w.meta, &|t| {
            if t.workouts.last() != Some(&i) {
                t.workouts.push(i)
            }
        });
    }
    for (i, p) in pages.iter().enumerate() {
        add(&p.meta, &|t| {
            if t.pages.last() != Some(&i) {
                t.pages.push(i)
            }
        });
    }
    tags.into_values().collect()
}

/// Orders every list a reader sees by weight, then title. With `moved`, the guide's
/// `exercise_order` is that of the guide it was linked again from, and `moved` the exercises
/// whose weight or title changed since: only those move.
fn sort_relations(guide: &mut Guide, moved: Option<&[Id]>) {
    // Every list is in the one order of all exercises: rank them once.
    let exercises = &guide.exercises;
    let order = match moved {
        Some(moved) if guide.exercise_order.len() == exercises.len() => {
            let mut order = std::mem::take(&mut guide.exercise_order);
            order.retain(|i| !moved.contains(i));
            let key = |i: Id| weight_then_title(&exercises[i].meta, i);
            for &i in moved {
                let at = order.partition_point(|&j| key(j) < key(i));
                order.insert(at, i);
            }
            order
        }
        _ => {
            let mut order: Vec<Id> = (0..exercises.len()).collect();
            sort_by_weight_then_title(&mut order, |i| &exercises[i].meta);
            order
        }
    };
    let mut rank = vec![0; order.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    guide.exercise_order = order;
    let by_rank = |ids: &mut Vec<Id>| ids.sort_unstable_by_key(|&i| rank[i]);
    for m in &mut guide.muscles {
        by_rank(&mut m.primary_of);
        by_rank(&mut m.secondary_of);
    }
    for e in &mut guide.equipment {
        by_rank(&mut e.used_by);
    }
    // Exercises are shared with the guide a small edit was linked from: only those whose
    // ladder is out of order are changed.
    let sorted = |ids: &[Id]| ids.is_sorted_by_key(|&i| rank[i]);
    for ex in &mut guide.exercises {
        if !sorted(&ex.easier) || !sorted(&ex.harder) {
            let ex = Arc::make_mut(ex);
            by_rank(&mut ex.easier);
            by_rank(&mut ex.harder);
        }
    }
    for t in &mut guide.tags {
        by_rank(&mut t.exercises);
    }
}

/// The workouts `site.yaml` features, each slug resolved; without `featured`, the first three.
fn featured(guide: &Guide, diags: &mut Diagnostics) -> Vec<Id> {
    let workouts = &guide.workouts;
    if guide.config.featured.is_empty() {
        let mut ids: Vec<Id> = (0..workouts.len()).collect();
        sort_by_weight_then_title(&mut ids, |i| &workouts[i].meta);
        ids.truncate(3);
        return ids;
    }
    let mut ids = Vec::new();
    for slug in &guide.config.featured {
        match workouts.iter().position(|w| &w.meta.slug == slug) {
            Some(i) => ids.push(i),
            None => diags.push(
                guide
                    .config
                    .error_at(
                        "featured",
                        slug,
                        format!("featured workout \"{slug}\" does not exist"),
                    )
                    .suggest(slug, workouts.iter().map(|w| w.meta.slug.as_str()))
                    .with_hint_if_none(
                        "name a workout by its slug (its file name under content/workouts/, without .md), or remove it",
                    ),
            ),
        }
    }
    ids
}

/// The site path a `redirect_from` entry names (`old-name` for `/old-name/`), when it is a
/// plain path within the site: no `..`, no hidden or empty segment, no odd character.
pub fn redirect_path(from: &str) -> Option<&str> {
    let path = from.trim().trim_matches('/');
    let safe = !path.is_empty()
        && path
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != ".." && !seg.starts_with('.'))
        && path
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./~".contains(c));
    safe.then_some(path)
}

/// Redirects must be plain site paths. That none lands on a file of the site is checked
/// where the files are known, when rendering ([`crate::render`]).
fn check_redirects(guide: &Guide, diags: &mut Diagnostics) {
    for (_, meta) in guide.metas() {
        let Some(src) = &meta.source else { continue };
        for from in &meta.redirect_from {
            if redirect_path(from).is_none() {
                diags.push(
                    src.error_at_value(
                        &["redirect_from"],
                        from,
                        0,
                        format!("redirect_from \"{from}\" is not a path within the site"),
                    )
                    .with_hint("write a site path such as /old-name/"),
                );
            }
        }
    }
}
