//! Workouts: each item resolved to an exercise (or a rest), and what the workout needs and
//! works, derived from its exercises: its equipment in order of first use, and the sets each
//! muscle gets over all rounds. Each exercise then knows the workouts that use it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::Diagnostics;
use crate::model::{Exercise, Id, Item, Meta, MuscleLoad, Step, Workout};
use crate::source::front_matter::{ItemMatter, WorkoutMatter};
use crate::source::load::{Doc, Source};

use super::meta::{meta_of, SlugIds, SlugSet};

/// Links every workout of `docs` against the exercises (`exercise_ids` their slugs,
/// `broken` those of exercise files that failed to load), each slug claimed in path order.
pub(super) fn link_workouts(
    docs: &[Doc<WorkoutMatter>],
    exercise_ids: &SlugIds,
    broken: &HashSet<String>,
    exercises: &[Arc<Exercise>],
    diags: &mut Diagnostics,
) -> Vec<Arc<Workout>> {
    let linked: Vec<(Arc<Workout>, [Diagnostics; 2])> = docs
        .par_iter()
        .map(|doc| {
            let (mut of_meta, mut of_items) = (Diagnostics::new(), Diagnostics::new());
            let meta = meta_of(doc, &mut of_meta);
            let workout = link_workout(doc, meta, exercise_ids, broken, exercises, &mut of_items);
            (Arc::new(workout), [of_meta, of_items])
        })
        .collect();
    let mut slugs = SlugSet::new("workout", docs.len());
    let mut workouts = Vec::with_capacity(docs.len());
    for (doc, (workout, [of_meta, of_items])) in docs.iter().zip(linked) {
        diags.extend(of_meta);
        slugs.claim(&workout.meta.slug, &doc.source, diags);
        diags.extend(of_items);
        workouts.push(workout);
    }
    workouts
}

/// The workout read from `doc`, with `meta`.
pub(super) fn link_workout(
    doc: &Doc<WorkoutMatter>,
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
        let d = src.error_at_key(&["exercises"], "a workout needs at least one exercise");
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
pub(super) fn work_of(
    items: &[Item],
    rounds: u32,
    exercises: &[Arc<Exercise>],
) -> (Vec<Id>, Vec<MuscleLoad>) {
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

/// The item `index` of a workout read from `src`: an exercise step, a rest, or nothing when
/// it is wrong (and reported). `seen` counts the times each exercise was named before.
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
                || item.load.is_some()
                || item.note.is_some()
                || item.per_side
            {
                diags.push(
                    nth_item_error(
                        "a rest item takes no reps, sets, hold, per_side, load or note".into(),
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
                sets_given: item.sets.is_some(),
                reps: item.reps,
                hold: item.hold,
                per_side: item.per_side,
                load: item.load,
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

/// Notes on each exercise the workouts that use it, in workout order (changing only those
/// whose list changed).
pub(super) fn note_uses(exercises: &mut [Arc<Exercise>], workouts: &[Arc<Workout>]) {
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

#[cfg(test)]
mod tests {
    use crate::model::link::testing::*;
    use crate::model::{Item, MuscleLoad};

    /// A row (rhomboids, helped by lats, with a band), a curl (biceps, with a dumbbell) and a
    /// plank (rhomboids, bodyweight), and `workout` as `workouts/w.md`.
    fn with_workout(workout: &str) -> (crate::model::Guide, Vec<String>) {
        link(&[
            (
                "exercises/row.md",
                "title: Row\nmuscles:\n  primary: [rhomboids]\n  secondary: [lats]\nequipment: [band]",
            ),
            ("exercises/curl.md", &exercise_matter("Curl", "biceps", "equipment: [dumbbell]")),
            ("exercises/plank.md", &exercise_matter("Plank", "rhomboids", "equipment: [none]")),
            ("workouts/w.md", workout),
        ])
    }

    #[test]
    fn a_workout_needs_its_exercises_equipment_and_works_their_muscles_over_all_rounds() {
        let (guide, errors) = with_workout(
            "title: W\nrounds: 3\nexercises:\n  - exercise: plank\n  - exercise: curl\n  - rest: 30s\n  - exercise: row\n    sets: 2\n  - exercise: curl",
        );
        assert_eq!(errors, Vec::<String>::new());
        let w = &guide.workouts[0];
        assert_eq!(w.items.len(), 5);
        assert!(matches!(w.items[2], Item::Rest(_)));
        // In order of first use; bodyweight is no equipment.
        assert_eq!(
            equipment_slugs(&guide, &w.equipment),
            ["dumbbell", "resistance-band"]
        );
        // Most sets first, then most as a primary mover: rhomboids 3 (plank) + 6 (row).
        let load = |slug: &str, primary_sets, secondary_sets| MuscleLoad {
            muscle: muscle_id(&guide, slug),
            primary_sets,
            secondary_sets,
        };
        assert_eq!(
            w.muscles,
            [
                load("rhomboids", 9, 0),
                load("biceps", 6, 0),
                load("latissimus-dorsi", 0, 6)
            ]
        );
        // Each exercise knows the workout once, however often it is in it.
        assert_eq!(exercise(&guide, "curl").workouts, [0]);
        assert_eq!(exercise(&guide, "row").workouts, [0]);
    }

    #[test]
    fn a_wrong_item_is_an_error_at_its_line() {
        let (guide, errors) = with_workout(
            "title: W\nrounds: 0\nexercises:\n  - exercise: rows\n  - exercise: row\n    rest: 30s\n  - rest: 30s\n    reps: 5\n  - note: hm\n  - exercise: curl\n    sets: 0",
        );
        let at = "content/workouts/w.md";
        assert_eq!(
            errors,
            [
                format!("{at}:3: a workout needs at least one round (set `rounds: 1` or more)"),
                format!("{at}:5: unknown exercise \"rows\" (did you mean \"row\"?)"),
                format!("{at}:6: an item is an exercise or a rest, not both (put the rest in an item of its own: `- rest: 30s`)"),
                format!("{at}:8: a rest item takes no reps, sets, hold, per_side, load or note (remove them from the rest, or give them to an exercise item)"),
                format!("{at}:10: an item needs `exercise:` or `rest:` (write `- exercise: SLUG` or `- rest: 30s`)"),
                format!("{at}:11: sets must be at least 1 (write `sets: 1` or more, or leave `sets:` out for one set)"),
            ]
        );
        let w = &guide.workouts[0];
        assert_eq!(w.rounds, 1);
        // The rest and the curl, done once.
        assert_eq!(w.items.len(), 2);
        assert!(matches!(&w.items[1], Item::Exercise(s) if s.sets == 1));
    }

    #[test]
    fn a_workout_needs_an_exercise() {
        let (_, errors) = with_workout("title: W");
        assert_eq!(
            errors,
            ["content/workouts/w.md:1: a workout needs at least one exercise (list them under `exercises:`, each as `- exercise: SLUG`)"]
        );
    }
}
