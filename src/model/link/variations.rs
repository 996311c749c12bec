//! Variations: exercises that are variants of each other without an order (`variations:`),
//! unlike the ladder's easier and harder steps. A variation written on one side shows on both:
//! if A lists B, B's page shows A.

use std::collections::HashSet;

use crate::diagnostics::Diagnostics;
use crate::model::{Exercise, Id};
use crate::source::front_matter::ExerciseMatter;
use crate::source::load::Doc;

use super::meta::SlugIds;

/// The exercises that exercise `id` (read from `doc`) names as its variations, each by its
/// slug in `exercises`. An unknown name is an error, unless it is the slug of a file that
/// failed to load (in `broken`); so is an exercise naming itself.
pub(super) fn variations_of(
    id: Id,
    doc: &Doc<ExerciseMatter>,
    exercises: &SlugIds,
    broken: &HashSet<String>,
    diags: &mut Diagnostics,
) -> Vec<Id> {
    let src = &doc.source;
    let list = &doc.matter.variations;
    let mut found = Vec::new();
    for (i, name) in list.iter().enumerate() {
        let nth = list[..i].iter().filter(|n| *n == name).count();
        match exercises.get(name.trim()) {
            Some(&other) if other == id => diags.push(
                src.error_at_value(
                    &["variations"],
                    name,
                    nth,
                    "an exercise cannot be its own variation",
                )
                .with_hint(format!("remove \"{name}\" from variations")),
            ),
            Some(&other) => {
                if !found.contains(&other) {
                    found.push(other);
                }
            }
            None if broken.contains(name.trim()) => {}
            None => diags.push(
                src.error_at_value(
                    &["variations"],
                    name,
                    nth,
                    format!("unknown exercise \"{name}\" in variations"),
                )
                .suggest(name, exercises.keys().map(String::as_str))
                .with_hint_if_none(
                    "name an exercise by its slug: its file name under content/exercises/, without .md",
                ),
            ),
        }
    }
    found
}

/// Fills in each exercise's `variations` from what each names (`named[id]`), on both sides.
pub(super) fn link_variations(exercises: &mut [Exercise], named: &[Vec<Id>]) {
    for (id, others) in named.iter().enumerate() {
        for &other in others {
            for (a, b) in [(id, other), (other, id)] {
                if !exercises[a].variations.contains(&b) {
                    exercises[a].variations.push(b);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::link::testing::*;

    fn with(slug: &str, more: &str) -> (String, String) {
        (
            format!("exercises/{slug}.md"),
            exercise_matter(&slug.to_uppercase(), "rhomboids", more),
        )
    }

    fn link_all(files: &[(String, String)]) -> (crate::model::Guide, Vec<String>) {
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, m)| (p.as_str(), m.as_str()))
            .collect();
        link(&files)
    }

    #[test]
    fn a_variation_written_on_one_side_shows_on_both() {
        let (guide, errors) = link_all(&[
            with("a", "variations: [b, c, b]"),
            with("b", "variations: [a]"),
            with("c", ""),
            with("d", "variations: c"),
        ]);
        assert_eq!(errors, Vec::<String>::new());
        let of = |s| {
            let mut v = exercise_slugs(&guide, &exercise(&guide, s).variations);
            v.sort();
            v
        };
        assert_eq!(of("a"), ["b", "c"]);
        assert_eq!(of("b"), ["a"]);
        assert_eq!(of("c"), ["a", "d"]);
        assert_eq!(of("d"), ["c"]);
        // Variations are no step of the ladder.
        assert!(exercise(&guide, "a").easier.is_empty() && exercise(&guide, "a").harder.is_empty());
    }

    #[test]
    fn an_unknown_or_own_variation_is_an_error_at_its_line() {
        let (guide, errors) = link_all(&[
            with("knee-push-up", ""),
            with("push-up", "variations:\n  - knee-pushup\n  - push-up"),
        ]);
        assert_eq!(
            errors,
            [
                "content/exercises/push-up.md:6: unknown exercise \"knee-pushup\" in variations (did you mean \"knee-push-up\"?)",
                "content/exercises/push-up.md:7: an exercise cannot be its own variation (remove \"push-up\" from variations)",
            ]
        );
        assert!(exercise(&guide, "push-up").variations.is_empty());
    }
}
