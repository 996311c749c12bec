//! Which exercise pages and workout cards a front matter edit can change, for `spotter serve`.
//!
//! After an edit, [`crate::render::update`] re-renders only the pages whose inputs changed, and
//! tells which those are by a print of each page's inputs. Making that print costs about as
//! much as building the page's context, and a guide's exercise pages are most of its pages:
//! this module narrows them down to those an edit can reach, and only those are printed again.
//! Every other page keeps its print. The same goes for workouts' cards, which their pages, the
//! deck and the cards' own pages are made from.
//!
//! An exercise's page is made from the exercise itself and from what it names or what names it,
//! one step away in the linking, in the guide before the edit or after it:
//!
//! - the list view (title, level, ...) of the exercises a step above or below it on its ladder;
//! - the workouts that use it;
//! - its tags, by name and address (not their counts, which only the tag pages show);
//! - the posts and pages that mention it;
//! - its muscles and equipment;
//! - the exercises and workouts its body embeds, shown as their own pages show them.
//!
//! So its page can change only when one of these changed. A workout's card is made from the
//! workout, the list views of its exercises, its tags, and the muscles and equipment they work
//! (by name and address: how many exercises each has shows only on the indexes). An edit to a muscle, a piece of equipment, a section or
//! the site's navigation reaches too far to be worth following: everything is printed again
//! then.

use std::collections::HashMap;

use crate::model::{Guide, Id, Item, Target};

/// What changed, as [`exercise_pages`] needs it. Every list is of ids in the guide after the
/// edit, which has the same pages as the one before (an edit that adds or removes pages is a
/// full build).
pub struct Change<'a> {
    /// The guide as it was linked before the edit.
    pub old: &'a Guide,
    /// The guide as linked now.
    pub new: &'a Guide,
    /// The targets whose files were read again.
    pub edited: &'a [Target],
    /// Whether what every page shows of the site (its navigation, ...) changed.
    pub site_changed: bool,
    /// Whether what pages other than the indexes show of a muscle or a piece of equipment
    /// changed (its name or address).
    pub terms_changed: bool,
    /// Exercises whose list view changed (what a list or a ladder shows of them).
    pub exercise_views: &'a [Id],
    /// Tags whose name or address changed.
    pub tags: &'a [Id],
    /// What each post and page linked to or embedded before the edit, and what they do now.
    pub outgoing: [&'a HashMap<Target, Vec<Target>>; 2],
    /// What each exercise's body links to or embeds (by exercise id).
    pub embeds: &'a [Vec<Target>],
}

impl Change<'_> {
    /// The exercises edited, and those whose list view changed.
    fn exercises_reached(&self) -> impl Iterator<Item = Id> + '_ {
        let edited = self.edited.iter().filter_map(|t| match t {
            Target::Exercise(x) => Some(*x),
            _ => None,
        });
        edited.chain(self.exercise_views.iter().copied())
    }

    /// Whether the edit can change any page: then nothing is narrowed down.
    fn reaches_far(&self) -> bool {
        let edits_far = self.edited.iter().any(|t| {
            matches!(
                t,
                Target::Muscle(_) | Target::Equipment(_) | Target::Section(_)
            )
        });
        self.site_changed || edits_far || !same_ids(self.old, self.new)
    }
}

/// Whether each exercise and workout has the same id in both guides.
fn same_ids(old: &Guide, new: &Guide) -> bool {
    let exercises = old.exercises.len() == new.exercises.len()
        && (old.exercises.iter().zip(&new.exercises)).all(|(a, b)| a.meta.slug == b.meta.slug);
    let workouts = old.workouts.len() == new.workouts.len()
        && (old.workouts.iter().zip(&new.workouts)).all(|(a, b)| a.meta.slug == b.meta.slug);
    exercises && workouts
}

/// The workouts whose cards `edit` can change, by id; `None` when it can change any of them.
pub fn workout_cards(edit: &Change<'_>) -> Option<Vec<bool>> {
    if edit.reaches_far() || edit.terms_changed {
        return None;
    }
    let new = edit.new;
    let mut cards = vec![false; new.workouts.len()];
    let mut mark = |id: Id| {
        if let Some(card) = cards.get_mut(id) {
            *card = true;
        }
    };
    // An edited exercise's muscles and equipment add to its workouts'; a changed list view
    // shows in their items.
    for x in edit.exercises_reached() {
        for g in [edit.old, new] {
            g.exercises
                .get(x)
                .into_iter()
                .flat_map(|e| &e.workouts)
                .for_each(|&w| mark(w));
        }
    }
    for &t in edit.tags {
        for g in [edit.old, new] {
            g.tags
                .get(t)
                .into_iter()
                .flat_map(|t| &t.workouts)
                .for_each(|&w| mark(w));
        }
    }
    for t in edit.edited {
        if let Target::Workout(w) = t {
            mark(*w);
        }
    }
    Some(cards)
}

/// The exercise pages `edit` can change, by id, given the workouts whose cards changed;
/// `None` when it can change any of them.
pub fn exercise_pages(edit: &Change<'_>, workout_views: &[Id]) -> Option<Vec<bool>> {
    if edit.reaches_far() {
        return None;
    }
    let (old, new) = (edit.old, edit.new);
    let guides = [old, new];
    let mut pages = vec![false; new.exercises.len()];
    let mut mark = |id: Id| {
        if let Some(page) = pages.get_mut(id) {
            *page = true;
        }
    };

    // Exercises edited or shown differently, and their ladder neighbours, which show them.
    for x in edit.exercises_reached() {
        mark(x);
        for g in guides {
            if let Some(e) = g.exercises.get(x) {
                e.easier.iter().chain(&e.harder).for_each(|&i| mark(i));
            }
        }
    }
    // Workouts edited or shown differently: the exercises they use list them.
    let workouts = workouts_of(edit, workout_views);
    for &w in &workouts {
        for g in guides {
            for item in g.workouts.get(w).map_or(&[][..], |w| &w.items) {
                if let Item::Exercise(step) = item {
                    mark(step.exercise);
                }
            }
        }
    }
    // Tags whose name or address changed show on every exercise they tag.
    for &t in edit.tags {
        for g in guides {
            g.tags
                .get(t)
                .into_iter()
                .flat_map(|t| &t.exercises)
                .for_each(|&i| mark(i));
        }
    }
    // Posts and pages edited or linking elsewhere: the exercises they mention list them.
    let [before, after] = edit.outgoing;
    let mentioners = before
        .keys()
        .chain(after.keys())
        .filter(|from| edit.edited.contains(from) || before.get(*from) != after.get(*from));
    for from in mentioners {
        for to in [before, after].iter().filter_map(|o| o.get(from)).flatten() {
            if let Target::Exercise(i) = to {
                mark(*i);
            }
        }
    }

    // An exercise that embeds another shows it as that one's page does (but for the body and
    // mentions, which embeds leave out): it changes when that page's view changed.
    let shown = pages.clone();
    for (i, embeds) in edit.embeds.iter().enumerate() {
        let changed = embeds.iter().any(|t| match t {
            Target::Exercise(x) => shown.get(*x).copied().unwrap_or(true),
            Target::Workout(w) => workouts.contains(w),
            _ => false,
        });
        if changed {
            pages[i] = true;
        }
    }
    Some(pages)
}

/// The workouts edited or shown differently.
fn workouts_of(edit: &Change<'_>, workout_views: &[Id]) -> Vec<Id> {
    let mut workouts: Vec<Id> = edit
        .edited
        .iter()
        .filter_map(|t| match t {
            Target::Workout(w) => Some(*w),
            _ => None,
        })
        .chain(workout_views.iter().copied())
        .collect();
    workouts.sort_unstable();
    workouts.dedup();
    workouts
}
