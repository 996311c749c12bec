//! Which exercise pages and workout cards a change of content can change, for `spotter serve`.
//!
//! After an edit, [`crate::serve::update::update`] re-renders only the pages whose inputs
//! changed, and tells which those are by a fingerprint of each page's inputs. Making that
//! fingerprint costs about as much as building the page's context, and a guide's exercise pages
//! are most of its pages: this module narrows them down to those an edit can affect, and only
//! those are fingerprinted again. Every other page keeps its fingerprint. The same goes for
//! workouts' cards, which their pages, the deck and the cards' own pages are made from. After
//! files were added or removed, the two linkings number their pages differently: the change
//! then says how ([`Moves`]), and what the files removed were.
//!
//! An exercise's page is made from the exercise itself and from what it names or what names it,
//! one step away in the linking, in the guide before the edit or after it:
//!
//! - the list view (title, level, ...) of the exercises a step above or below it on its ladder;
//! - the list view of its substitutes (the exercises it lists, in the guide before the edit
//!   and after it);
//! - the workouts that use it;
//! - its tags, by name and address (not their counts, which only the tag pages show);
//! - the posts and pages that mention it;
//! - its muscles and equipment;
//! - the exercises and workouts its body embeds, shown as their own pages show them.
//!
//! So its page can change only when one of these changed. A workout's card is made from the
//! workout, the list views of its exercises, its tags, and the muscles and equipment they work
//! (by name and address: how many exercises each has shows only on the indexes). An edit to a
//! muscle, a piece of equipment, a section or the site's navigation reaches too far to be
//! worth following: everything is fingerprinted again then.

use std::collections::HashMap;

use crate::model::substitutes::Traits;
use crate::model::{Guide, Id, Item, Target};
use crate::render::substitutes::SUBSTITUTES;
use crate::serve::moves::{Ids, Moves};

/// What changed, as [`exercise_pages`] needs it. Lists are of ids in the guide after the
/// change, but for `gone` and the first of `outgoing`, which are of the guide before.
pub struct Change<'a> {
    /// The guide as it was linked before the edit.
    pub old: &'a Guide,
    /// The guide as linked now.
    pub new: &'a Guide,
    /// After files were added or removed: where each page went. `None` when each page has
    /// the same id in both.
    pub moves: Option<&'a Moves>,
    /// The targets whose files were read again (or added).
    pub edited: &'a [Target],
    /// The targets whose files were removed, by their ids before.
    pub gone: &'a [Target],
    /// Whether what every page shows of the site (its navigation, ...) changed.
    pub site_changed: bool,
    /// Whether what pages other than the indexes show of a muscle or a piece of equipment
    /// changed (its name or address).
    pub terms_changed: bool,
    /// Exercises whose list view changed (what a list or a ladder shows of them), or that
    /// are new.
    pub exercise_views: &'a [Id],
    /// Tags whose name or address changed, or that are new.
    pub tags: &'a [Id],
    /// What each post and page linked to or embedded before the edit, and what they do now.
    pub outgoing: [&'a HashMap<Target, Vec<Target>>; 2],
    /// What each exercise's body links to or embeds (by exercise id).
    pub embeds: &'a [Vec<Target>],
}

/// One of the two linkings a change is between, with the way from its ids to the new
/// guide's and back.
struct Side<'a> {
    guide: &'a Guide,
    /// To the new guide's ids (`None` when they are these).
    to_new: Option<&'a Ids>,
    /// From the new guide's ids (`None` when they are these).
    from_new: Option<&'a Ids>,
    /// This side's exercises reached: edited, shown differently, or gone.
    exercises: Vec<Id>,
    /// This side's workouts reached: edited, their cards changed, or gone.
    workouts: Vec<Id>,
    /// This side's tags whose name or address changed.
    tags: Vec<Id>,
}

impl Side<'_> {
    fn exercise_to_new(&self, i: Id) -> Option<Id> {
        self.to_new.map_or(Some(i), |ids| ids.exercise(i))
    }

    fn workout_to_new(&self, w: Id) -> Option<Id> {
        self.to_new.map_or(Some(w), |ids| ids.workout(w))
    }

    fn target_to_new(&self, t: &Target) -> Option<Target> {
        self.to_new.map_or(Some(t.clone()), |ids| ids.target(t))
    }

    fn target_from_new(&self, t: &Target) -> Option<Target> {
        self.from_new.map_or(Some(t.clone()), |ids| ids.target(t))
    }
}

impl<'a> Change<'a> {
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
        let edits_far = self.edited.iter().chain(self.gone).any(|t| {
            matches!(
                t,
                Target::Muscle(_) | Target::Equipment(_) | Target::Section(_)
            )
        });
        // Without moves, pages are matched by id.
        let matched = self.moves.is_some() || same_ids(self.old, self.new);
        self.site_changed || edits_far || !matched
    }

    /// The guide before and the guide after, each with what the change reached of it, given
    /// the workouts (of the new guide) whose cards changed.
    fn sides(&self, workout_views: &[Id]) -> [Side<'a>; 2] {
        let [to_new, from_new] = match self.moves {
            Some(moves) => [Some(&moves.to_new), Some(&moves.to_old)],
            None => [None, None],
        };
        let back = |ids: Vec<Id>, old: fn(&Ids, Id) -> Option<Id>| -> Vec<Id> {
            match from_new {
                Some(from_new) => ids.into_iter().filter_map(|i| old(from_new, i)).collect(),
                None => ids,
            }
        };
        let exercises: Vec<Id> = self.exercises_reached().collect();
        let mut workouts: Vec<Id> = (self.edited.iter())
            .filter_map(|t| match t {
                Target::Workout(w) => Some(*w),
                _ => None,
            })
            .chain(workout_views.iter().copied())
            .collect();
        workouts.sort_unstable();
        workouts.dedup();
        let gone = |kind: fn(&Target) -> Option<Id>| self.gone.iter().filter_map(kind);
        let mut old = Side {
            guide: self.old,
            to_new,
            from_new: None,
            exercises: back(exercises.clone(), Ids::exercise),
            workouts: back(workouts.clone(), Ids::workout),
            tags: back(self.tags.to_vec(), Ids::tag),
        };
        old.exercises.extend(gone(|t| match t {
            Target::Exercise(x) => Some(*x),
            _ => None,
        }));
        old.workouts.extend(gone(|t| match t {
            Target::Workout(w) => Some(*w),
            _ => None,
        }));
        let new = Side {
            guide: self.new,
            to_new: None,
            from_new,
            exercises,
            workouts,
            tags: self.tags.to_vec(),
        };
        [old, new]
    }
}

/// The exercises of `guide` that list exercise `x` among their substitutes: of those it can
/// be a candidate of (filed under one of its primary muscles or a whole of one, whose lists
/// hold it), the ones whose ranking keeps it.
fn substituted_by(guide: &Guide, traits: &Traits, x: Id) -> Vec<Id> {
    use rayon::prelude::*;
    let e = &guide.exercises[x];
    let mut candidates: Vec<Id> = Vec::new();
    for m in e.primary.iter().flat_map(|&p| guide.with_wholes(p)) {
        for &i in guide.muscles.get(m).map_or(&[][..], |m| &m.primary_of) {
            if i != x
                && guide
                    .exercises
                    .get(i)
                    .is_some_and(|o| o.primary.contains(&m))
            {
                candidates.push(i);
            }
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    candidates
        .into_par_iter()
        .filter(|&i| traits.ranked(guide, i, SUBSTITUTES).contains(&x))
        .collect()
}

/// Whether each exercise and workout has the same id in both guides.
fn same_ids(old: &Guide, new: &Guide) -> bool {
    let exercises = old.exercises.len() == new.exercises.len()
        && (old.exercises.iter().zip(&new.exercises)).all(|(a, b)| a.meta.slug == b.meta.slug);
    let workouts = old.workouts.len() == new.workouts.len()
        && (old.workouts.iter().zip(&new.workouts)).all(|(a, b)| a.meta.slug == b.meta.slug);
    exercises && workouts
}

/// Flags by id, `len` of them, set by `mark` (ids out of range are ignored).
struct Marks(Vec<bool>);

impl Marks {
    fn mark(&mut self, id: Option<Id>) {
        if let Some(flag) = id.and_then(|i| self.0.get_mut(i)) {
            *flag = true;
        }
    }
}

/// The workouts whose cards `edit` can change, by id; `None` when it can change any of them.
pub fn workout_cards(edit: &Change<'_>) -> Option<Vec<bool>> {
    if edit.reaches_far() || edit.terms_changed {
        return None;
    }
    let mut cards = Marks(vec![false; edit.new.workouts.len()]);
    for side in edit.sides(&[]) {
        let g = side.guide;
        // An edited exercise's muscles and equipment add to its workouts'; a changed list
        // view shows in their items.
        for &x in &side.exercises {
            for &w in g.exercises.get(x).into_iter().flat_map(|e| &e.workouts) {
                cards.mark(side.workout_to_new(w));
            }
        }
        for &t in &side.tags {
            for &w in g.tags.get(t).into_iter().flat_map(|t| &t.workouts) {
                cards.mark(side.workout_to_new(w));
            }
        }
        // Edited workouts (the new side's only: a workout gone has no card).
        for &w in &side.workouts {
            cards.mark(side.workout_to_new(w));
        }
    }
    Some(cards.0)
}

/// The exercise pages `edit` can change, by id, given the workouts whose cards changed;
/// `None` when it can change any of them.
pub fn exercise_pages(edit: &Change<'_>, workout_views: &[Id]) -> Option<Vec<bool>> {
    if edit.reaches_far() {
        return None;
    }
    let mut pages = Marks(vec![false; edit.new.exercises.len()]);
    let sides = edit.sides(workout_views);
    for side in &sides {
        let g = side.guide;
        // Exercises edited or shown differently; their ladder neighbours and variations, which
        // show them; and the exercises they are a substitute of, in this linking (listed
        // before the edit, on the old side; listed now, on the new one). Another exercise's
        // substitutes do not depend on one that is in neither of its lists.
        let traits = (!side.exercises.is_empty()).then(|| Traits::of(g));
        for &x in &side.exercises {
            pages.mark(side.exercise_to_new(x));
            if let Some(e) = g.exercises.get(x) {
                for &i in e.easier.iter().chain(&e.harder).chain(&e.variations) {
                    pages.mark(side.exercise_to_new(i));
                }
                // Unless it ranks and shows as it did (a tag or a body edited).
                let (other, twin) = if std::ptr::eq(g, edit.old) {
                    (edit.new, side.exercise_to_new(x))
                } else {
                    (
                        edit.old,
                        side.from_new.map_or(Some(x), |ids| ids.exercise(x)),
                    )
                };
                let same =
                    (twin.and_then(|t| other.exercises.get(t))).is_some_and(|o| o.ranks_as(e));
                if let (Some(traits), false) = (&traits, same) {
                    for i in substituted_by(g, traits, x) {
                        pages.mark(side.exercise_to_new(i));
                    }
                }
            }
        }
        // Workouts edited or shown differently: the exercises they use list them.
        for &w in &side.workouts {
            for item in g.workouts.get(w).map_or(&[][..], |w| &w.items) {
                if let Item::Exercise(step) = item {
                    pages.mark(side.exercise_to_new(step.exercise));
                }
            }
        }
        // Tags whose name or address changed show on every exercise they tag.
        for &t in &side.tags {
            for &i in g.tags.get(t).into_iter().flat_map(|t| &t.exercises) {
                pages.mark(side.exercise_to_new(i));
            }
        }
    }
    // Posts and pages edited, added, gone or linking elsewhere: the exercises they mention
    // list them.
    let [before, after] = edit.outgoing;
    let [old, new] = &sides;
    // What `from` (by its old id) linked to before, by new ids; `None` when a page is gone.
    let linked_before = |from: &Target| -> Option<Vec<Target>> {
        let to = before.get(from)?;
        to.iter().map(|t| old.target_to_new(t)).collect()
    };
    for (from, to) in before {
        let changed = match old.target_to_new(from) {
            None => true,
            Some(f) => edit.edited.contains(&f) || after.get(&f) != linked_before(from).as_ref(),
        };
        if changed {
            for t in to {
                if let Some(Target::Exercise(i)) = old.target_to_new(t) {
                    pages.mark(Some(i));
                }
            }
        }
    }
    for (from, to) in after {
        let changed = match new.target_from_new(from) {
            None => true,
            Some(was) => edit.edited.contains(from) || linked_before(&was).as_ref() != Some(to),
        };
        if changed {
            for t in to {
                if let Target::Exercise(i) = t {
                    pages.mark(Some(*i));
                }
            }
        }
    }

    // An exercise that embeds another shows it as that one's page does (but for the body and
    // mentions, which embeds leave out): it changes when that page's view changed.
    let shown = pages.0.clone();
    for (i, embeds) in edit.embeds.iter().enumerate() {
        let changed = embeds.iter().any(|t| match t {
            Target::Exercise(x) => shown.get(*x).copied().unwrap_or(true),
            Target::Workout(w) => new.workouts.contains(w),
            _ => false,
        });
        if changed {
            pages.0[i] = true;
        }
    }
    Some(pages.0)
}
