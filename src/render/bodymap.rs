//! The body maps pages show ([`BodyMap`]): an exercise's muscles, primary and secondary; a
//! workout's, shaded by their sets; and the clickable map of `/muscles/` and each muscle's
//! page. Drawn per muscle, never per region: a muscle lights the regions it outlines (its own
//! and its parts', [`crate::model::Muscle::regions`]), so a legend lists exactly what is lit.

use crate::model::bodymap::{HIDDEN, REGIONS};
use crate::model::{Id, MuscleLoad};
use crate::render::context::{BodyMap, MapMuscle};
use crate::render::views::Views;

impl Views<'_> {
    /// A muscle lit on a map in `role`, as the regions `regions`, linked to its page if it has
    /// one.
    fn lit(
        &self,
        id: Id,
        role: &'static str,
        regions: Vec<&'static str>,
        label: String,
    ) -> MapMuscle {
        let t = &self.muscles[id];
        MapMuscle {
            slug: t.slug.clone(),
            title: t.title.clone(),
            url: self.guide.muscle_is_listed(id).then(|| t.url.clone()),
            role,
            regions,
            label,
            sets: 0,
            shade: 0,
        }
    }

    /// An exercise's map: its primary muscles solid, its secondary ones hatched over them, each
    /// region lit once (a secondary muscle's area inside a primary one's stays primary, and the
    /// legend says so).
    pub fn exercise_map(&self, primary: &[Id], secondary: &[Id]) -> BodyMap {
        let g = self.guide;
        let mut map = BodyMap::default();
        let (mut shown, mut helpers, mut undrawn) = (Vec::new(), Vec::new(), Vec::new());
        let mut covered: Vec<&'static str> = Vec::new();
        let mut lit = Vec::new();
        for &m in primary {
            let title = &self.muscles[m].title;
            let regions = g.muscles[m].regions.clone();
            if regions.is_empty() {
                undrawn.push(title.clone());
                continue;
            }
            covered.extend(&regions);
            shown.push(title.clone());
            lit.push(self.lit(m, "primary", regions, format!("{title}, primary")));
        }
        let mut under = Vec::new();
        for &m in secondary {
            let title = &self.muscles[m].title;
            let all = &g.muscles[m].regions;
            let regions: Vec<&'static str> = all
                .iter()
                .copied()
                .filter(|r| !covered.contains(r))
                .collect();
            if all.is_empty() {
                undrawn.push(title.clone());
            } else if regions.is_empty() {
                helpers.push(format!("{title} (inside a primary area)"));
            } else {
                covered.extend(&regions);
                helpers.push(title.clone());
                under.push(self.lit(m, "secondary", regions, format!("{title}, secondary")));
            }
        }
        // Secondary last, on top: a region of one that lies under a primary one's (the
        // supraspinatus under the trapezius) shows hatched over it.
        map.muscles = lit.into_iter().chain(under).collect();
        map.primary_names = shown.join(", ");
        map.secondary_names = helpers.join(", ");
        map.undrawn_names = undrawn.join(", ");
        let mut said = Vec::new();
        if !map.primary_names.is_empty() {
            said.push(format!("Primary: {}.", map.primary_names));
        }
        if !map.secondary_names.is_empty() {
            said.push(format!("Secondary: {}.", map.secondary_names));
        }
        if !map.undrawn_names.is_empty() {
            said.push(format!("Not drawn: {}.", map.undrawn_names));
        }
        map.description = if said.is_empty() {
            "No muscle drawn.".into()
        } else {
            said.join(" ")
        };
        map
    }

    /// A workout's map: each muscle it works lit by its sets over all rounds (the numbers of
    /// its chart), darker for more; solid where it is a primary mover, hatched where it only
    /// helps. The least worked are drawn first, so the most worked lie on top.
    pub fn workout_map(&self, loads: &[MuscleLoad]) -> BodyMap {
        self.sets_map(loads, "over all rounds")
    }

    /// A map of `loads` (most worked first), each muscle lit by its sets `counted` so
    /// (`over all rounds`, `in an average week`), as [`Views::workout_map`] describes.
    pub fn sets_map(&self, loads: &[MuscleLoad], counted: &str) -> BodyMap {
        let g = self.guide;
        let most = loads
            .iter()
            .map(|l| l.primary_sets + l.secondary_sets)
            .max()
            .unwrap_or(0);
        let mut map = BodyMap {
            most_sets: most,
            ..BodyMap::default()
        };
        let (mut shown, mut helpers, mut undrawn) = (Vec::new(), Vec::new(), Vec::new());
        for l in loads.iter().rev() {
            let m = l.muscle;
            let title = &self.muscles[m].title;
            let sets = l.primary_sets + l.secondary_sets;
            let regions = g.muscles[m].regions.clone();
            let plural = if sets == 1 { "" } else { "s" };
            // A muscle that is a primary mover in some sets and helps in others says how many
            // of each, as the table beside the map does.
            let named = match (l.primary_sets, l.secondary_sets) {
                (p, s) if p > 0 && s > 0 => {
                    format!("{title} ({sets} set{plural}, {p} as a primary mover)")
                }
                _ => format!("{title} ({sets} set{plural})"),
            };
            if regions.is_empty() {
                undrawn.push(named);
                continue;
            }
            let role = if l.primary_sets > 0 {
                "primary"
            } else {
                "secondary"
            };
            if role == "primary" {
                shown.push(named.clone());
            } else {
                helpers.push(named.clone());
            }
            let mut lit = self.lit(m, role, regions, named);
            lit.sets = sets;
            lit.shade = (sets * 4).div_ceil(most.max(1)).clamp(1, 4);
            map.muscles.push(lit);
        }
        shown.reverse();
        helpers.reverse();
        undrawn.reverse();
        map.primary_names = shown.join(", ");
        map.secondary_names = helpers.join(", ");
        map.undrawn_names = undrawn.join(", ");
        map.description = format!(
            "Sets per muscle {counted}, darker for more (at most {most}). {}",
            [
                ("Primary", &map.primary_names),
                ("Helping only", &map.secondary_names),
                ("Not drawn", &map.undrawn_names),
            ]
            .iter()
            .filter(|(_, names)| !names.is_empty())
            .map(|(what, names)| format!("{what}: {names}."))
            .collect::<Vec<_>>()
            .join(" ")
        )
        .trim_end()
        .to_string();
        map
    }

    /// The clickable map: every region a link to the muscle it outlines, or, when that muscle
    /// has no page, to the nearest whole it is a part of that has one; with `current`, that
    /// muscle's regions lit. Regions of muscles that lie under others show only when lit.
    pub fn clickable_map(&self, current: Option<Id>) -> BodyMap {
        let g = self.guide;
        let lit_regions: &[&'static str] = current.map_or(&[], |c| &g.muscles[c].regions);
        // (muscle, lit) -> its regions, in the order first met.
        let mut groups: Vec<(Id, bool, Vec<&'static str>)> = Vec::new();
        for region in REGIONS {
            let lit = lit_regions.contains(&region);
            if HIDDEN.contains(&region) && !lit {
                continue;
            }
            let Some(owner) = g
                .muscles
                .iter()
                .position(|m| m.own_regions.contains(&region))
            else {
                continue;
            };
            let Some(target) = g.with_wholes(owner).find(|&m| g.muscle_is_listed(m)) else {
                continue;
            };
            match groups
                .iter_mut()
                .find(|(m, l, _)| *m == target && *l == lit)
            {
                Some((_, _, regions)) => regions.push(region),
                None => groups.push((target, lit, vec![region])),
            }
        }
        // The lit ones last, on top.
        groups.sort_by_key(|(_, lit, _)| *lit);
        let mut map = BodyMap::default();
        for (m, lit, regions) in groups {
            let title = &self.muscles[m].title;
            let (role, label) = if lit {
                ("current", format!("{title}, shown on this page"))
            } else {
                ("link", title.clone())
            };
            let label = if Some(m) == current {
                format!("{title}, this page")
            } else {
                label
            };
            map.muscles.push(self.lit(m, role, regions, label));
        }
        let choose = "Tinted muscles have a page of their own: select one to open it.";
        map.description = match current {
            Some(c) if lit_regions.is_empty() => {
                format!(
                    "{} is not drawn on the map. {choose}",
                    self.muscles[c].title
                )
            }
            Some(c) => format!("{} is lit. {choose}", self.muscles[c].title),
            None => choose.into(),
        };
        map
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Guide;
    use crate::render::views::Views;

    fn guide() -> Guide {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (content, _) = crate::source::load::load(root, false);
        crate::pipeline::relink(Default::default(), &content).0
    }

    fn id(g: &Guide, slug: &str) -> usize {
        g.muscles
            .iter()
            .position(|m| m.term.meta.slug == slug)
            .unwrap()
    }

    #[test]
    fn a_secondary_muscle_sharing_no_region_is_drawn_and_named() {
        let g = guide();
        let views = Views::new(&g, None);
        let map = views.exercise_map(
            &[id(&g, "posterior-deltoid")],
            &[
                id(&g, "deltoids"),
                id(&g, "infraspinatus"),
                id(&g, "subscapularis"),
            ],
        );
        let drawn: Vec<(&str, &str, Vec<&str>)> = (map.muscles.iter())
            .map(|m| (m.slug.as_str(), m.role, m.regions.clone()))
            .collect();
        assert_eq!(
            drawn,
            [
                ("posterior-deltoid", "primary", vec!["posterior-deltoid"]),
                (
                    "deltoids",
                    "secondary",
                    vec!["anterior-deltoid", "lateral-deltoid"]
                ),
                ("infraspinatus", "secondary", vec!["infraspinatus"]),
            ]
        );
        let title = |slug: &str| views.muscles[id(&g, slug)].title.clone();
        assert_eq!(map.primary_names, title("posterior-deltoid"));
        assert_eq!(
            map.secondary_names,
            format!("{}, {}", title("deltoids"), title("infraspinatus"))
        );
        assert_eq!(map.undrawn_names, title("subscapularis"));
        let inside = views.exercise_map(&[id(&g, "trapezius")], &[id(&g, "middle-trapezius")]);
        assert_eq!(
            inside.secondary_names,
            format!("{} (inside a primary area)", title("middle-trapezius"))
        );
        assert_eq!(inside.muscles.len(), 1);
    }

    #[test]
    fn the_clickable_map_links_each_region_once() {
        let g = guide();
        let views = Views::new(&g, None);
        let rhomboids = id(&g, "rhomboids");
        let map = views.clickable_map(Some(rhomboids));
        let mut seen = Vec::new();
        for m in &map.muscles {
            assert!(m.url.is_some(), "{} has no page", m.slug);
            for r in &m.regions {
                assert!(!seen.contains(r), "{r} twice");
                seen.push(*r);
            }
        }
        let lit: Vec<&str> = (map.muscles.iter())
            .filter(|m| m.role == "current")
            .map(|m| m.slug.as_str())
            .collect();
        assert_eq!(lit, ["rhomboids"]);
    }
}
