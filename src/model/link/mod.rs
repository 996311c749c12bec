//! Link: turns loaded content into a [`Guide`] whose every name points at something.
//!
//! Here muscles and equipment are resolved by slug, title or alias against the content and the
//! built-in catalogue (content first), exercises by slug; the regression ladder gets its inverse
//! and is checked for cycles; workouts get the equipment they need and the muscles they work;
//! posts get their dates; and pages get the paths `@/` links name. Every name that resolves to
//! nothing is an error at the line that wrote it, with the closest known names as a hint.
//!
//! [`link`] runs the steps in order, one module each: [`terms`] (muscles and equipment, and
//! their names), [`meta`] (what every page has, and slugs), [`ladder`], [`variations`],
//! [`workouts`], [`programs`],
//! [`pages`] (posts, pages, sections and `@/` paths), [`tags`], [`order`] (the order of
//! lists, the featured workouts) and [`redirects`]. [`relink_edited`] links again only the
//! files an edit changed.

mod ladder;
mod media;
mod meta;
mod order;
mod pages;
mod parts;
mod programs;
mod redirects;
mod relink;
mod tags;
mod terms;
#[cfg(test)]
pub(crate) mod testing;
mod variations;
mod workouts;

use std::collections::HashSet;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostics;
use crate::model::catalogue::Catalogue;
use crate::model::{Exercise, Guide, Post};
use crate::source::front_matter::ExerciseMatter;
use crate::source::load::{Content, Doc};

pub use redirects::redirect_path;
pub use relink::{relink_edited, Edited};

use meta::{broken_slugs, meta_of, SlugIds, SlugSet};
use terms::TermNames;

/// Links `content` into a guide. The guide is returned even when there are errors (with the
/// faulty references left out), so later stages can report their own errors too.
pub fn link(content: &Content, config: SiteConfig, catalogue: &Catalogue) -> (Guide, Diagnostics) {
    let mut diags = Diagnostics::new();
    let broken = broken_slugs(&content.failed);
    let mut terms = terms::link_terms(content, catalogue, &mut diags);
    let (exercises, exercise_ids) =
        link_exercises(&content.exercises, &terms.names(), &broken, &mut diags);
    terms.list(&exercises);
    let mut exercises = exercises;
    let workouts = workouts::link_workouts(
        &content.workouts,
        &exercise_ids,
        &broken,
        &exercises,
        &mut diags,
    );
    workouts::note_uses(&mut exercises, &workouts);
    let programs =
        programs::link_programs(&content.programs, &workouts, &content.failed, &mut diags);
    let posts = pages::link_posts(&content.posts, &config, &mut diags);
    let page_list = pages::link_pages(&content.pages, &mut diags);
    let sections = pages::link_sections(&content.sections, &config, &mut diags);
    let post_rels: Vec<&str> = posts.iter().map(|(_, rel)| *rel).collect();
    let paths = pages::paths_of(
        content,
        &post_rels,
        &terms.muscles,
        &terms.equipment,
        &sections,
    );
    let posts: Vec<Post> = posts.into_iter().map(|(p, _)| p).collect();
    let tags = tags::collect_tags(&posts, &exercises, &workouts, &page_list, &mut diags);

    let mut guide = Guide {
        config,
        exercises,
        exercise_order: Vec::new(),
        workouts,
        programs,
        muscles: terms.muscles,
        equipment: terms.equipment,
        posts,
        pages: page_list,
        sections,
        tags,
        featured: Vec::new(),
        bodyweight: terms.bodyweight,
        paths: Arc::new(paths),
        broken_paths: content.failed.iter().cloned().collect(),
        pictures: Arc::default(),
    };
    order::sort_relations(&mut guide, None);
    guide.featured = order::featured(&guide, &mut diags);
    redirects::check_redirects(&guide, &mut diags);
    (guide, diags)
}

/// What the file of an exercise says of it, before linking finds its muscles, equipment,
/// ladder and workouts (which stay empty here).
pub(super) fn unlinked_exercise(doc: &Doc<ExerciseMatter>, found: &mut Diagnostics) -> Exercise {
    let m = &doc.matter;
    Exercise {
        meta: meta_of(doc, found),
        aliases: m.aliases.clone(),
        level: m.level,
        sets: m.sets.clone(),
        primary: Vec::new(),
        secondary: Vec::new(),
        equipment: Vec::new(),
        easier: Vec::new(),
        harder: Vec::new(),
        variations: Vec::new(),
        workouts: Vec::new(),
    }
}

/// The exercises of `docs`, with their muscles and equipment resolved against `terms` and
/// their ladder linked, and their ids by slug. Metadata and slugs come first, so that the
/// ladder can name any exercise. What each file says is read in parallel; slugs are claimed
/// in path order.
fn link_exercises(
    docs: &[Doc<ExerciseMatter>],
    terms: &TermNames<'_>,
    broken: &HashSet<String>,
    diags: &mut Diagnostics,
) -> (Vec<Arc<Exercise>>, SlugIds) {
    let (mut exercises, found): (Vec<Exercise>, Vec<Diagnostics>) = docs
        .par_iter()
        .map(|doc| {
            let mut found = Diagnostics::new();
            let exercise = unlinked_exercise(doc, &mut found);
            (exercise, found)
        })
        .unzip();
    let mut slugs = SlugSet::new("exercise", docs.len());
    for ((doc, exercise), found) in docs.iter().zip(&exercises).zip(found) {
        diags.extend(found);
        slugs.claim(&exercise.meta.slug, &doc.source, diags);
    }
    let ids = slugs.ids;

    let resolved: Vec<_> = docs
        .par_iter()
        .enumerate()
        .map(|(id, doc)| {
            let mut found = Diagnostics::new();
            let works = terms.resolve(doc, &mut found);
            let edges = ladder::edges_of(id, doc, &ids, broken, &mut found);
            let variations = variations::variations_of(id, doc, &ids, broken, &mut found);
            (works, edges, variations, found)
        })
        .collect();
    let mut edges = Vec::with_capacity(resolved.iter().map(|(_, e, _, _)| e.len()).sum());
    let mut named = Vec::with_capacity(resolved.len());
    for (ex, ((primary, secondary, equipment), of_one, variations, found)) in
        exercises.iter_mut().zip(resolved)
    {
        diags.extend(found);
        (ex.primary, ex.secondary, ex.equipment) = (primary, secondary, equipment);
        edges.extend(of_one);
        named.push(variations);
    }
    ladder::link_ladder(&mut exercises, &edges, docs, diags);
    variations::link_variations(&mut exercises, &named);
    // Shared from here on: a guide linked again after a small edit keeps the exercises it
    // did not change.
    (exercises.into_iter().map(Arc::new).collect(), ids)
}
