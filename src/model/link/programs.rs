//! Programs: each day's workout resolved by slug, each `same: N` week given week N's days.
//! A name that is no workout is an error at the line that writes it, with the closest
//! workouts' slugs as a hint; `same:` may only repeat a week written before it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::diagnostics::Diagnostics;
use crate::model::{Day, Id, Program, Week, Workout};
use crate::source::front_matter::ProgramMatter;
use crate::source::load::{Doc, Source};
use crate::source::program::{DayMatter, WeekMatter};
use crate::source::slug::slugify;

use super::meta::{meta_of, SlugSet};

/// Links every program of `docs` against `workouts`; `failed` are the files that could not
/// be read (a workout among them may be named without a second error).
pub(super) fn link_programs(
    docs: &[Doc<ProgramMatter>],
    workouts: &[Arc<Workout>],
    failed: &[String],
    diags: &mut Diagnostics,
) -> Vec<Program> {
    let mut ids: HashMap<&str, Id> = HashMap::with_capacity(workouts.len());
    for (i, w) in workouts.iter().enumerate() {
        ids.entry(w.meta.slug.as_str()).or_insert(i);
    }
    let broken: HashSet<String> = failed
        .iter()
        .filter_map(|rel| rel.strip_prefix("workouts/"))
        .map(|rel| slugify(crate::source::load::stem_of(rel)))
        .collect();
    let mut slugs = SlugSet::new("program", docs.len());
    let mut programs = Vec::with_capacity(docs.len());
    for doc in docs {
        let meta = meta_of(doc, diags);
        slugs.claim(&meta.slug, &doc.source, diags);
        let weeks = weeks_of(doc, &ids, &broken, diags);
        programs.push(Program {
            meta,
            level: doc.matter.level,
            weeks,
        });
    }
    programs
}

/// The weeks of the program read from `doc`.
fn weeks_of(
    doc: &Doc<ProgramMatter>,
    ids: &HashMap<&str, Id>,
    broken: &HashSet<String>,
    diags: &mut Diagnostics,
) -> Vec<Week> {
    let src = &doc.source;
    if doc.matter.weeks.is_empty() && !doc.is_broken("weeks") {
        let d = src.error_at_key(&["weeks"], "a program needs at least one week");
        diags.push(d.with_hint(
            "list them under `weeks:`, each a list of days: `- [WORKOUT, rest, WORKOUT]`",
        ));
    }
    // How many times each name was met, to place an error at the right one.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut same_seen: HashMap<u32, usize> = HashMap::new();
    let mut weeks: Vec<Week> = Vec::with_capacity(doc.matter.weeks.len());
    for (i, week) in doc.matter.weeks.iter().enumerate() {
        match week {
            WeekMatter::Days { days, note } => {
                let days = days
                    .iter()
                    .filter_map(|d| day_of(d, src, ids, broken, &mut seen, diags))
                    .collect();
                weeks.push(Week {
                    days,
                    note: note.clone(),
                    same_as: None,
                });
            }
            WeekMatter::Same(n) => {
                let nth = same_seen.entry(*n).or_insert(0);
                let this = *nth;
                *nth += 1;
                let target = (*n as usize).checked_sub(1).filter(|&t| t < i);
                let Some(t) = target else {
                    let message = if *n as usize == i + 1 {
                        format!("week {} cannot be the same as itself", i + 1)
                    } else if *n == 0 {
                        "weeks are counted from 1: there is no week 0".to_string()
                    } else {
                        format!(
                            "week {} cannot be the same as week {n}, which comes after it",
                            i + 1
                        )
                    };
                    let hint = if i == 0 {
                        "write the first week's days out: `- [WORKOUT, rest, ...]`".to_string()
                    } else if i == 1 {
                        "write `same: 1`, or write the week's days out".to_string()
                    } else {
                        format!("name an earlier week, from 1 to {i}, or write its days out")
                    };
                    diags.push(
                        src.error_at_value(&["weeks", "same"], &n.to_string(), this, message)
                            .with_hint(hint),
                    );
                    continue;
                };
                let days = weeks.get(t).map(|w| w.days.clone()).unwrap_or_default();
                weeks.push(Week {
                    days,
                    note: None,
                    same_as: Some(t),
                });
            }
        }
    }
    weeks
}

/// A day as written, resolved: `None` when it names no workout (and that is reported).
fn day_of<'a>(
    day: &'a DayMatter,
    src: &Source,
    ids: &HashMap<&str, Id>,
    broken: &HashSet<String>,
    seen: &mut HashMap<&'a str, usize>,
    diags: &mut Diagnostics,
) -> Option<Day> {
    let (name, note) = match day {
        DayMatter::Rest => return Some(Day::Rest),
        DayMatter::Workout { workout, note } => (workout.as_str(), note),
    };
    let nth = seen.entry(name).or_insert(0);
    let this = *nth;
    *nth += 1;
    let Some(&id) = ids.get(name.trim()) else {
        if broken.contains(name.trim()) {
            return None;
        }
        let d = src.error_at_value(
            &["weeks"],
            name,
            this,
            format!("unknown workout \"{name}\""),
        );
        diags.push(
            d.suggest(name, ids.keys().copied().chain(["rest"]))
                .with_hint_if_none(
                    "name a workout by its slug: its file name under content/workouts/, without .md; or `rest` for a day off",
                ),
        );
        return None;
    };
    Some(Day::Workout {
        workout: id,
        note: note.clone(),
    })
}

#[cfg(test)]
mod tests {
    use crate::model::link::testing::*;
    use crate::model::Day;

    const EX: &str = "title: Row\nmuscles: {primary: [rhomboids]}";
    const W: &str = "title: W\nexercises:\n  - exercise: row";

    fn program(weeks: &str) -> Vec<(&'static str, String)> {
        vec![
            ("exercises/row.md", EX.to_string()),
            ("workouts/back-day.md", W.to_string()),
            ("workouts/legs.md", W.to_string()),
            ("programs/p.md", format!("title: P\nweeks:\n{weeks}")),
        ]
    }

    fn run(weeks: &str) -> (crate::model::Guide, Vec<String>) {
        let files = program(weeks);
        let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (*a, b.as_str())).collect();
        link(&files)
    }

    #[test]
    fn days_resolve_and_same_repeats_a_week() {
        let (guide, errors) =
            run("  - [back-day, rest, {workout: legs, note: light}]\n  - same: 1\n");
        assert_eq!(errors, Vec::<String>::new());
        let p = &guide.programs[0];
        assert_eq!(p.weeks.len(), 2);
        assert_eq!(p.weeks[1].days, p.weeks[0].days);
        assert_eq!(p.weeks[1].same_as, Some(0));
        assert_eq!(
            p.weeks[0].days[2],
            Day::Workout {
                workout: 1,
                note: Some("light".into())
            }
        );
        assert!(p.uses(0) && p.uses(1));
    }

    #[test]
    fn an_unknown_workout_is_placed_and_suggested() {
        let (_, errors) = run("  - [back-day, rest]\n  - [rest, back-dy]\n");
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].starts_with("content/programs/p.md:5: unknown workout \"back-dy\""),
            "{errors:?}"
        );
        assert!(
            errors[0].contains("did you mean \"back-day\"?"),
            "{errors:?}"
        );
    }

    #[test]
    fn same_may_not_point_at_itself_or_forward() {
        let (_, errors) = run("  - [back-day]\n  - same: 2\n  - same: 4\n  - [legs]\n");
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[0].contains(":5: week 2 cannot be the same as itself"),
            "{errors:?}"
        );
        assert!(
            errors[1].contains(":6: week 3 cannot be the same as week 4, which comes after it"),
            "{errors:?}"
        );
    }
}
