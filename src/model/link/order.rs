//! Order: every list a reader sees, by weight then title, and the workouts the home page
//! features.

use std::sync::Arc;

use crate::diagnostics::Diagnostics;
use crate::model::{sort_by_weight_then_title, weight_then_title, Guide, Id};

/// Orders every list a reader sees by weight, then title. With `moved`, the guide's
/// `exercise_order` is that of the guide it was linked again from, and `moved` the exercises
/// whose weight or title changed since: only those move.
pub(super) fn sort_relations(guide: &mut Guide, moved: Option<&[Id]>) {
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
    // ladder or variations are out of order are changed.
    let sorted = |ids: &[Id]| ids.is_sorted_by_key(|&i| rank[i]);
    for ex in &mut guide.exercises {
        if !sorted(&ex.easier) || !sorted(&ex.harder) || !sorted(&ex.variations) {
            let ex = Arc::make_mut(ex);
            by_rank(&mut ex.easier);
            by_rank(&mut ex.harder);
            by_rank(&mut ex.variations);
        }
    }
    for t in &mut guide.tags {
        by_rank(&mut t.exercises);
    }
}

/// The workouts `site.yaml` features, each slug resolved; without `featured`, the first three.
pub(super) fn featured(guide: &Guide, diags: &mut Diagnostics) -> Vec<Id> {
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

#[cfg(test)]
mod tests {
    use crate::config::SiteConfig;
    use crate::model::link::testing::*;

    #[test]
    fn lists_go_by_weight_then_title_ignoring_case() {
        let (guide, errors) = link(&[
            ("exercises/a.md", &exercise_matter("zed", "rhomboids", "")),
            (
                "exercises/b.md",
                &exercise_matter("Alpha", "rhomboids", "regressions: [a, c, d]"),
            ),
            ("exercises/c.md", &exercise_matter("beta", "rhomboids", "")),
            (
                "exercises/d.md",
                &exercise_matter("Omega", "rhomboids", "weight: 1"),
            ),
        ]);
        assert_eq!(errors, Vec::<String>::new());
        assert_eq!(
            exercise_slugs(&guide, &guide.exercise_order),
            ["d", "b", "c", "a"]
        );
        let rhomboids = &guide.muscles[muscle_id(&guide, "rhomboids")];
        assert_eq!(
            exercise_slugs(&guide, &rhomboids.primary_of),
            ["d", "b", "c", "a"]
        );
        assert_eq!(
            exercise_slugs(&guide, &exercise(&guide, "b").easier),
            ["d", "c", "a"]
        );
    }

    #[test]
    fn the_home_page_features_the_workouts_named_or_the_first_three() {
        let mut files = vec![(
            "exercises/a.md".to_string(),
            exercise_matter("A", "rhomboids", ""),
        )];
        for (slug, title) in [
            ("w1", "Delta"),
            ("w2", "Alpha"),
            ("w3", "Charlie"),
            ("w4", "Bravo"),
        ] {
            let matter = format!("title: {title}\nexercises:\n  - exercise: a");
            files.push((format!("workouts/{slug}.md"), matter));
        }
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, m)| (p.as_str(), m.as_str()))
            .collect();
        let slugs = |guide: &crate::model::Guide| -> Vec<String> {
            let featured = guide.featured.iter();
            featured
                .map(|&w| guide.workouts[w].meta.slug.clone())
                .collect()
        };
        let (guide, errors) = link(&files);
        assert_eq!(errors, Vec::<String>::new());
        assert_eq!(slugs(&guide), ["w2", "w4", "w3"]);

        let config = SiteConfig {
            featured: vec!["w3".into(), "w1".into(), "w5".into()],
            ..Default::default()
        };
        let (guide, errors) = link_with(config, &files);
        assert_eq!(slugs(&guide), ["w3", "w1"]);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].contains("featured workout \"w5\" does not exist"),
            "{errors:?}"
        );
    }
}
