//! Linking again after an edit: only the edited files, from the guide linked before, when the
//! edit keeps what other entries are linked by (`spotter serve`).

use std::collections::HashSet;
use std::sync::Arc;

use crate::diagnostics::Diagnostics;
use crate::model::catalogue::Catalogue;
use crate::model::{Exercise, Guide, Id, Meta};
use crate::source::front_matter::{ExerciseMatter, PageMatter, PostMatter, WorkoutMatter};
use crate::source::load::{Content, Doc};

use super::meta::{broken_slugs, meta_of, SlugIds};
use super::order::{featured, sort_relations};
use super::pages::author_of;
use super::tags::collect_tags;
use super::terms::{move_under_terms, names_of_terms, Names, TermNames};
use super::unlinked_exercise;
use super::workouts::{link_workout, note_uses, work_of};

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

/// Links `content` after the edits `edited`, from `old`: the guide as [`super::link`] made it
/// with `catalogue`, without errors, from `content` as it was before. Only what the edited
/// files hold is linked again, with what is derived from all entries: the tags when an entry's
/// tags changed, the order of all exercises (moving only those whose weight or title changed),
/// the uses of exercises when a workout changed, the featured workouts. An exercise whose
/// muscles or equipment changed moves between those terms' lists, and the workouts that use it
/// are worked out again. The new guide shares every entry it did not change with `old`, so an
/// edit to a title neither links nor copies ten thousand exercises (`spotter serve`).
///
/// `None` when an edit changes what other entries are linked by (a slug, a ladder step, a
/// variation, a redirect, a post's date), or when linking it finds an error: then only [`super::link`] can
/// tell what the guide is.
pub fn relink_edited(
    old: &Guide,
    content: &Content,
    catalogue: &Catalogue,
    edited: &[Edited],
) -> Option<Guide> {
    let mut relinking = Relinking {
        guide: old.clone(),
        content,
        catalogue,
        found: Diagnostics::new(),
        uses_changed: false,
        tags_changed: false,
        moved: Vec::new(),
        exercise_ids: None,
        term_names: None,
        works_changed: Vec::new(),
        broken: broken_slugs(&content.failed),
    };
    for edit in edited {
        match edit {
            Edited::Exercise(id, was) => relinking.exercise(*id, was)?,
            Edited::Workout(id, was) => relinking.workout(*id, was)?,
            Edited::Post(id, was) => relinking.post(*id, was)?,
            Edited::Page(id, was) => relinking.page(*id, was)?,
        }
    }
    relinking.finish()
}

/// A guide being linked again, edit by edit, and what the edits changed.
struct Relinking<'a> {
    guide: Guide,
    content: &'a Content,
    catalogue: &'a Catalogue,
    found: Diagnostics,
    /// Whether a workout changed (so the uses of exercises).
    uses_changed: bool,
    /// Whether an entry's tags changed.
    tags_changed: bool,
    /// Exercises whose weight or title changed (so their place in the order of all exercises).
    moved: Vec<Id>,
    /// Exercises by slug, made when a workout is linked again.
    exercise_ids: Option<SlugIds>,
    /// The names of muscles and equipment, made when an exercise names others.
    term_names: Option<(Names, Names)>,
    /// The exercises that name other muscles or equipment.
    works_changed: Vec<Id>,
    /// Slugs of exercise files that failed to load.
    broken: HashSet<String>,
}

impl Relinking<'_> {
    /// Exercise `id`, whose front matter was `was`.
    fn exercise(&mut self, id: Id, was: &ExerciseMatter) -> Option<()> {
        let doc = self.content.exercises.get(id)?;
        let now = &doc.matter;
        let keeps_links = now.slug == was.slug
            && now.redirect_from == was.redirect_from
            && now.regressions == was.regressions
            && now.progressions == was.progressions
            && now.variations == was.variations;
        if !keeps_links {
            return None;
        }
        let fresh = unlinked_exercise(doc, &mut self.found);
        if now.muscles != was.muscles || now.equipment != was.equipment {
            let (content, catalogue) = (self.content, self.catalogue);
            let (muscles, equipment) = self
                .term_names
                .get_or_insert_with(|| names_of_terms(content, catalogue));
            let names = TermNames::new(muscles, equipment, self.guide.bodyweight);
            let works = names.resolve(doc, &mut self.found);
            if move_under_terms(&mut self.guide, id, works) {
                self.works_changed.push(id);
            }
        }
        let exercise = Arc::make_mut(self.guide.exercises.get_mut(id)?);
        let meta = &fresh.meta;
        self.tags_changed |= meta.tags != exercise.meta.tags;
        if (&meta.weight, &meta.title) != (&exercise.meta.weight, &exercise.meta.title) {
            self.moved.push(id);
        }
        // What the file says is new; what linking found (its muscles and equipment, moved
        // above when they changed; its ladder and workouts, unchanged) stays.
        let take = std::mem::take;
        *exercise = Exercise {
            primary: take(&mut exercise.primary),
            secondary: take(&mut exercise.secondary),
            equipment: take(&mut exercise.equipment),
            easier: take(&mut exercise.easier),
            harder: take(&mut exercise.harder),
            variations: take(&mut exercise.variations),
            workouts: take(&mut exercise.workouts),
            ..fresh
        };
        Some(())
    }

    /// Workout `id`, whose front matter was `was`.
    fn workout(&mut self, id: Id, was: &WorkoutMatter) -> Option<()> {
        let doc = self.content.workouts.get(id)?;
        let now = &doc.matter;
        if now.slug != was.slug || now.redirect_from != was.redirect_from {
            return None;
        }
        let meta = meta_of(doc, &mut self.found);
        let guide = &mut self.guide;
        let ids = self.exercise_ids.get_or_insert_with(|| {
            (guide.exercises.iter().enumerate())
                .map(|(i, e)| (e.meta.slug.clone(), i))
                .collect()
        });
        let workout = link_workout(
            doc,
            meta,
            ids,
            &self.broken,
            &guide.exercises,
            &mut self.found,
        );
        let slot = guide.workouts.get_mut(id)?;
        self.tags_changed |= workout.meta.tags != slot.meta.tags;
        *slot = Arc::new(workout);
        self.uses_changed = true;
        Some(())
    }

    /// Post `id`, whose front matter was `was`. Posts are ordered by date: while that stays,
    /// only the post's own entry changes.
    fn post(&mut self, id: Id, was: &PostMatter) -> Option<()> {
        let doc = doc_of(&self.content.posts, &self.guide.posts.get(id)?.meta)?;
        let now = &doc.matter;
        if now.slug != was.slug || now.redirect_from != was.redirect_from || now.date != was.date {
            return None;
        }
        let meta = meta_of(doc, &mut self.found);
        let author = author_of(now, &self.guide.config);
        let post = self.guide.posts.get_mut(id)?;
        self.tags_changed |= meta.tags != post.meta.tags;
        post.meta = meta;
        post.updated = now.updated;
        post.author = author;
        Some(())
    }

    /// Standalone page `id`, whose front matter was `was`. Pages are published under their
    /// slug: while that stays, only the page's own entry changes.
    fn page(&mut self, id: Id, was: &PageMatter) -> Option<()> {
        let page = self.guide.pages.get_mut(id)?;
        let doc = doc_of(&self.content.pages, &page.meta)?;
        let now = &doc.matter;
        if now.slug != was.slug || now.redirect_from != was.redirect_from {
            return None;
        }
        let slug = std::mem::take(&mut page.meta.slug);
        let meta = meta_of(doc, &mut self.found);
        self.tags_changed |= meta.tags != page.meta.tags;
        page.meta = Meta { slug, ..meta };
        Some(())
    }

    /// What is derived from all entries, made again as far as the edits changed it; the guide,
    /// when no edit was in error.
    fn finish(self) -> Option<Guide> {
        let Relinking {
            mut guide,
            mut found,
            uses_changed,
            tags_changed,
            mut moved,
            works_changed,
            ..
        } = self;
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
}

/// The document `meta` was linked from.
fn doc_of<'a, M>(docs: &'a [Doc<M>], meta: &Meta) -> Option<&'a Doc<M>> {
    let rel = &meta.source.as_ref()?.rel;
    docs.iter().find(|d| d.source.rel == *rel)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{relink_edited, Edited};
    use crate::model::link::testing::*;
    use crate::model::Guide;

    const WORKOUT: &str = "title: W\nexercises:\n  - exercise: row\n  - exercise: curl";

    /// A guide of a row, a curl and a workout of both, with the row's front matter `row`,
    /// linked whole: its content and guide (whether or not linking found errors).
    fn guide_with_row(row: &str) -> (crate::source::load::Content, Guide) {
        let content = content(&[
            (
                "exercises/curl.md",
                &exercise_matter("Curl", "biceps", "equipment: [dumbbell]"),
            ),
            ("exercises/row.md", row),
            ("workouts/w.md", WORKOUT),
        ]);
        let (guide, _) = crate::model::link::link(&content, Default::default(), &catalogue());
        (content, guide)
    }

    /// The guide linked again from `before` after the row became `row`, beside the guide
    /// linked whole.
    fn relinked(before: &str, row: &str) -> (Guide, Option<Guide>, Guide) {
        let (old_content, old) = guide_with_row(before);
        let (_, found) = crate::model::link::link(&old_content, Default::default(), &catalogue());
        assert!(found.is_empty(), "{:?}", found.sorted());
        let (content, whole) = guide_with_row(row);
        let was = old_content.exercises[1].matter.clone();
        let edited = [Edited::Exercise(1, was)];
        let again = relink_edited(&old, &content, &catalogue(), &edited);
        (old, again, whole)
    }

    #[test]
    fn an_exercise_named_and_working_otherwise_links_as_a_whole_link_does() {
        let before = exercise_matter("Row", "rhomboids", "tags: [back]");
        let after = exercise_matter("Bent row", "lats", "equipment: [band]\nweight: -1");
        let (old, again, whole) = relinked(&before, &after);
        let (_, found) = link(&[("exercises/row.md", &after)]);
        assert_eq!(found, Vec::<String>::new());
        let again = again.expect("linked again");
        assert_eq!(again, whole);
        // Moved between the muscles' lists, and the workout needs the band now.
        assert_eq!(
            equipment_slugs(&again, &again.workouts[0].equipment),
            ["resistance-band", "dumbbell"]
        );
        assert_eq!(
            exercise_slugs(&again, &again.exercise_order),
            ["row", "curl"]
        );
        assert!(again.tags.is_empty());
        // What the edit left alone is shared.
        assert!(Arc::ptr_eq(&old.exercises[0], &again.exercises[0]));
    }

    #[test]
    fn an_edit_to_what_others_are_linked_by_or_in_error_needs_a_whole_link() {
        let before = exercise_matter("Row", "rhomboids", "");
        for after in [
            exercise_matter("Row", "rhomboids", "slug: rowing"),
            exercise_matter("Row", "rhomboids", "regressions: [curl]"),
            exercise_matter("Row", "rhomboids", "variations: [curl]"),
            exercise_matter("Row", "rhomboids", "redirect_from: [/old-row/]"),
            exercise_matter("Row", "rhomboid", ""),
            exercise_matter("\" \"", "rhomboids", ""),
        ] {
            let (_, again, _) = relinked(&before, &after);
            assert!(again.is_none(), "{after}");
        }
    }

    #[test]
    fn an_edited_workout_links_as_a_whole_link_does() {
        let row = exercise_matter("Row", "rhomboids", "equipment: [band]");
        let (old_content, old) = guide_with_row(&row);
        let workout = "title: W\ntags: [pull]\nexercises:\n  - exercise: row";
        let content = content(&[
            (
                "exercises/curl.md",
                &exercise_matter("Curl", "biceps", "equipment: [dumbbell]"),
            ),
            ("exercises/row.md", &row),
            ("workouts/w.md", workout),
        ]);
        let (whole, _) = crate::model::link::link(&content, Default::default(), &catalogue());
        let edited = [Edited::Workout(0, old_content.workouts[0].matter.clone())];
        let again = relink_edited(&old, &content, &catalogue(), &edited);
        assert_eq!(again.as_ref(), Some(&whole));
        assert!(exercise(&whole, "curl").workouts.is_empty());
        assert_eq!(whole.tags.len(), 1);
    }
}
