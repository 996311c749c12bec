//! The ladder: each exercise's regressions (easier variants) and progressions (harder ones).
//! A step written on either side shows on both (a regression of A has A as a progression),
//! and a ladder that climbs back to where it started is an error that names the whole cycle.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::diagnostics::Diagnostics;
use crate::model::{Exercise, Id};
use crate::source::front_matter::ExerciseMatter;
use crate::source::load::Doc;

use super::meta::SlugIds;

/// One step of the ladder: `easier` is easier than `harder`, as written at `declared_by`.
pub(super) struct Edge {
    easier: Id,
    harder: Id,
    declared_by: Id,
    /// `regressions` or `progressions`.
    key: &'static str,
    /// The name as written.
    name: String,
    /// How many times the same name was written before in that list.
    nth: usize,
}

/// The steps of the ladder exercise `id` (read from `doc`) writes, each other exercise named by
/// its slug in `exercises`. An unknown name is an error, unless it is the slug of a file that
/// failed to load (in `broken`); so is an exercise naming itself.
pub(super) fn edges_of(
    id: Id,
    doc: &Doc<ExerciseMatter>,
    exercises: &SlugIds,
    broken: &HashSet<String>,
    diags: &mut Diagnostics,
) -> Vec<Edge> {
    let src = &doc.source;
    let m = &doc.matter;
    let mut edges = Vec::new();
    for (key, list) in [
        ("regressions", &m.regressions),
        ("progressions", &m.progressions),
    ] {
        for (nth, name) in list.iter().enumerate() {
            let nth = list[..nth].iter().filter(|n| *n == name).count();
            let Some(&other) = exercises.get(name.trim()) else {
                if broken.contains(name.trim()) {
                    continue;
                }
                let d = src.error_at_value(
                    &[key],
                    name,
                    nth,
                    format!("unknown exercise \"{name}\" in {key}"),
                );
                diags.push(
                    d.suggest(name, exercises.keys().map(String::as_str))
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
            edges.push(Edge {
                easier,
                harder,
                declared_by: id,
                key,
                name: name.clone(),
                nth,
            });
        }
    }
    edges
}

/// Fills in `easier` and `harder` and reports every cycle.
pub(super) fn link_ladder(
    exercises: &mut [Exercise],
    edges: &[Edge],
    docs: &[Doc<ExerciseMatter>],
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
                            report_cycle(&cycle, &edges[edge], exercises, docs, diags);
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

/// Reports the cycle `cycle` (each easier than the next, the last easier than the first) at
/// the step `closing` that closes it.
fn report_cycle(
    cycle: &[Id],
    closing: &Edge,
    exercises: &[Exercise],
    docs: &[Doc<ExerciseMatter>],
    diags: &mut Diagnostics,
) {
    let mut names: Vec<&str> = cycle
        .iter()
        .map(|&n| exercises[n].meta.slug.as_str())
        .collect();
    names.push(&exercises[cycle[0]].meta.slug);
    let src = &docs[closing.declared_by].source;
    diags.push(
        src.error_at_value(
            &[closing.key],
            &closing.name,
            closing.nth,
            format!(
                "the ladder has a cycle: {} (each easier than the next)",
                names.join(" → ")
            ),
        )
        .with_hint(
            "an exercise cannot be both easier and harder than another: remove one of these links",
        ),
    );
}

/// The shortest chain of "easier than" steps from `from` to `to` (both included), which with
/// the step `to -> from` closes the shortest cycle through that step.
fn shortest_path(harder: &[Vec<(Id, usize)>], from: Id, to: Id) -> Vec<Id> {
    let mut previous: HashMap<Id, Id> = HashMap::new();
    let mut queue = VecDeque::from([from]);
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

#[cfg(test)]
mod tests {
    use crate::model::link::testing::*;

    fn step(slug: &str, more: &str) -> (String, String) {
        let title = slug.to_uppercase();
        (
            format!("exercises/{slug}.md"),
            exercise_matter(&title, "rhomboids", more),
        )
    }

    fn link_steps(steps: &[(String, String)]) -> (crate::model::Guide, Vec<String>) {
        let files: Vec<(&str, &str)> = steps
            .iter()
            .map(|(p, m)| (p.as_str(), m.as_str()))
            .collect();
        link(&files)
    }

    #[test]
    fn a_step_written_on_either_side_shows_on_both() {
        let (guide, errors) = link_steps(&[
            step("a", "regressions: [b]"),
            step("b", ""),
            step("c", "progressions: [a]"),
        ]);
        assert_eq!(errors, Vec::<String>::new());
        let a = exercise(&guide, "a");
        assert_eq!(exercise_slugs(&guide, &a.easier), ["b", "c"]);
        assert_eq!(exercise_slugs(&guide, &a.harder), Vec::<String>::new());
        // A regression of A has A as its progression, and a progression of C has C as its
        // regression.
        assert_eq!(exercise_slugs(&guide, &exercise(&guide, "b").harder), ["a"]);
        assert_eq!(exercise_slugs(&guide, &exercise(&guide, "c").harder), ["a"]);
        assert!(exercise(&guide, "b").easier.is_empty());
    }

    #[test]
    fn a_step_written_on_both_sides_is_one_step() {
        let (guide, errors) = link_steps(&[
            step("a", "regressions: [b]"),
            step("b", "progressions: [a]"),
        ]);
        assert_eq!(errors, Vec::<String>::new());
        assert_eq!(exercise_slugs(&guide, &exercise(&guide, "a").easier), ["b"]);
        assert_eq!(exercise_slugs(&guide, &exercise(&guide, "b").harder), ["a"]);
    }

    #[test]
    fn a_cycle_is_reported_once_naming_every_step() {
        let (_, errors) = link_steps(&[
            step("a", "progressions: [b]"),
            step("b", "progressions: [c]"),
            step("c", "progressions: [a]"),
            step("d", "regressions: [a]"),
        ]);
        assert_eq!(
            errors,
            ["content/exercises/c.md:5: the ladder has a cycle: a → b → c → a (each easier than the next) (an exercise cannot be both easier and harder than another: remove one of these links)"]
        );
    }

    #[test]
    fn an_exercise_cannot_be_its_own_regression_or_progression() {
        let (guide, errors) = link_steps(&[
            step("a", "regressions: [a]\nprogressions: [b, a]"),
            step("b", ""),
        ]);
        assert_eq!(
            errors,
            [
                "content/exercises/a.md:5: an exercise cannot be its own regression (remove \"a\" from regressions)",
                "content/exercises/a.md:6: an exercise cannot be its own progression (remove \"a\" from progressions)",
            ]
        );
        let a = exercise(&guide, "a");
        assert!(a.easier.is_empty());
        assert_eq!(exercise_slugs(&guide, &a.harder), ["b"]);
    }

    #[test]
    fn an_unknown_exercise_is_an_error_unless_its_file_failed_to_load() {
        let (_, errors) = link(&[
            (
                "exercises/a.md",
                &exercise_matter("A", "rhomboids", "regressions: [knee-pushup, broken]"),
            ),
            ("exercises/broken.md", "title: [Broken"),
            (
                "exercises/knee-push-up.md",
                &exercise_matter("Knee push-up", "rhomboids", ""),
            ),
        ]);
        assert_eq!(errors.len(), 2, "{errors:?}");
        // What loading reported comes first.
        assert!(
            errors[0].starts_with("content/exercises/broken.md:2: "),
            "{errors:?}"
        );
        assert_eq!(
            errors[1],
            "content/exercises/a.md:5: unknown exercise \"knee-pushup\" in regressions (did you mean \"knee-push-up\"?)"
        );
    }
}
