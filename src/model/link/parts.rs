//! Parts and wholes of muscles, and what the body map draws of each: a muscle's `parent:` (in
//! the catalogue or its `content/muscles/` file) makes it a part of another, and its `map:` names
//! the regions it outlines. A whole is drawn as its own regions and all its parts'; its page and
//! the finder's filter for it take in the exercises filed under its parts (listed in
//! [`super::terms`]). An unknown parent or region is an error at its line; a cycle of parents is
//! an error that prints the cycle, and is broken where it was found.

use std::sync::Arc;

use crate::diagnostics::Diagnostics;
use crate::model::bodymap::{self, MapSpec, REGIONS};
use crate::model::catalogue::Catalogue;
use crate::model::{Id, Muscle};
use crate::source::front_matter::MuscleMatter;
use crate::source::load::Doc;

use super::terms::Names;

/// What a muscle says of its parent and its map, before they are resolved.
#[derive(Default)]
struct Said<'a> {
    parent: Option<&'a str>,
    map: Option<&'a MapSpec>,
    /// The content file that said it, where errors are reported.
    doc: Option<&'a Doc<MuscleMatter>>,
}

/// Links the parents of `muscles` (the catalogue's entries first, in its order, then the new
/// ones of `docs`) and works out the regions each is drawn as.
pub(super) fn link_parts(
    muscles: &mut [Muscle],
    names: &Names,
    catalogue: &Catalogue,
    docs: &[Doc<MuscleMatter>],
    diags: &mut Diagnostics,
) {
    let mut said: Vec<Said<'_>> = muscles.iter().map(|_| Said::default()).collect();
    for (entry, said) in catalogue.muscles.iter().zip(&mut said) {
        said.parent = entry.parent.as_deref();
        said.map = entry.map.as_ref();
    }
    for doc in docs {
        let Some(id) = muscles.iter().position(|m| {
            (m.term.meta.source.as_ref()).is_some_and(|s| Arc::ptr_eq(s, &doc.source))
        }) else {
            continue;
        };
        let s = &mut said[id];
        s.doc = Some(doc);
        if doc.matter.parent.is_some() {
            s.parent = doc.matter.parent.as_deref();
        }
        if doc.matter.map.is_some() {
            s.map = doc.matter.map.as_ref();
        }
    }
    for (id, s) in said.iter().enumerate() {
        muscles[id].parent = s
            .parent
            .and_then(|name| parent_of(name, s.doc, names, diags));
        muscles[id].own_regions = s.map.map_or_else(Vec::new, |m| regions_of(m, s.doc, diags));
    }
    break_cycles(muscles, &said, diags);
    // A part that names no region of the body is in its whole's (on /muscles/, and drawn as
    // its area when it has no map of its own).
    for id in 0..muscles.len() {
        if muscles[id].term.region.is_none() {
            let region =
                crate::model::wholes_of(muscles, id).find_map(|w| muscles[w].term.region.clone());
            muscles[id].term.region = region;
        }
    }
    draw(muscles, &said);
}

/// The muscle `name` names as a parent; an unknown name is an error at `doc`'s line.
fn parent_of(
    name: &str,
    doc: Option<&Doc<MuscleMatter>>,
    names: &Names,
    diags: &mut Diagnostics,
) -> Option<Id> {
    let found = names.resolve(name);
    if found.is_none() {
        if let Some(doc) = doc {
            let d = doc.source.error_at_value(
                &["parent"],
                name,
                0,
                format!("unknown muscle \"{name}\" as parent"),
            );
            diags.push(
                d.suggest(name, names.shown())
                    .with_hint_if_none("name a muscle of the catalogue or of content/muscles/"),
            );
        }
    }
    found
}

/// The regions `map` names; an unknown one is an error at `doc`'s line.
fn regions_of(
    map: &MapSpec,
    doc: Option<&Doc<MuscleMatter>>,
    diags: &mut Diagnostics,
) -> Vec<&'static str> {
    let mut out = Vec::new();
    for name in map.names() {
        match bodymap::region(name) {
            Some(r) => out.push(r),
            None => {
                if let Some(doc) = doc {
                    let d = doc.source.error_at_value(
                        &["map"],
                        name,
                        0,
                        format!("the body map has no region \"{name}\""),
                    );
                    diags.push(d.suggest(name, REGIONS.iter().copied()).with_hint_if_none(
                        "name regions of the body map (docs/content.md lists them), or write `map: none` alone",
                    ));
                }
            }
        }
    }
    bodymap::in_order(out)
}

/// Reports each cycle of parents (at the file of a muscle in it) and breaks it there.
fn break_cycles(muscles: &mut [Muscle], said: &[Said<'_>], diags: &mut Diagnostics) {
    for start in 0..muscles.len() {
        let mut path = vec![start];
        let mut at = start;
        while let Some(p) = muscles[at].parent {
            if let Some(from) = path.iter().position(|&x| x == p) {
                let cycle = &path[from..];
                let shown: Vec<&str> = cycle
                    .iter()
                    .chain(std::iter::once(&p))
                    .map(|&i| muscles[i].term.meta.title.as_str())
                    .collect();
                // Broken at a content file's muscle: the catalogue's parents have no cycle.
                let at_file = cycle.iter().copied().find(|&i| said[i].doc.is_some());
                let breaker = at_file.unwrap_or(at);
                if let Some(doc) = said[breaker].doc {
                    let name = said[breaker].parent.unwrap_or_default();
                    diags.push(
                        doc.source
                            .error_at_value(
                                &["parent"],
                                name,
                                0,
                                format!("muscles are parts of each other: {}", shown.join(" → ")),
                            )
                            .with_hint(
                                "a muscle cannot be a part of its own part: remove one `parent:`",
                            ),
                    );
                }
                muscles[breaker].parent = None;
                break;
            }
            path.push(p);
            at = p;
        }
    }
}

/// Gives each muscle the regions it is drawn as: its own, those of its parts, or else the area
/// of its body region, unless it says `map: none`.
fn draw(muscles: &mut [Muscle], said: &[Said<'_>]) {
    let n = muscles.len();
    let mut regions: Vec<Vec<&'static str>> =
        muscles.iter().map(|m| m.own_regions.clone()).collect();
    let mut has_parts = vec![false; n];
    for id in 0..n {
        for whole in crate::model::wholes_of(muscles, id).collect::<Vec<_>>() {
            has_parts[whole] = true;
            let own = muscles[id].own_regions.clone();
            regions[whole].extend(own);
        }
    }
    for (id, m) in muscles.iter_mut().enumerate() {
        let unsaid = said[id].map.is_none() && !has_parts[id];
        if unsaid {
            let area = m.term.region.as_deref().map_or(&[][..], bodymap::area_of);
            m.own_regions = area.to_vec();
            regions[id] = area.to_vec();
        }
        m.regions = bodymap::in_order(std::mem::take(&mut regions[id]));
    }
}

#[cfg(test)]
mod tests {
    use crate::model::link::testing::*;

    #[test]
    fn a_whole_lists_and_draws_its_parts() {
        let (guide, errors) = link(&[
            (
                "muscles/upper-lats.md",
                "title: Upper lats\nparent: lats\nmap: [teres major]",
            ),
            (
                "exercises/pulldown.md",
                &exercise_matter("Pulldown", "upper lats", ""),
            ),
            (
                "exercises/curl.md",
                "title: Curl\nmuscles:\n  primary: [biceps]\n  secondary: [upper lats]",
            ),
        ]);
        assert_eq!(errors, Vec::<String>::new());
        let lats = &guide.muscles[muscle_id(&guide, "latissimus-dorsi")];
        assert_eq!(exercise_slugs(&guide, &lats.primary_of), ["pulldown"]);
        assert_eq!(exercise_slugs(&guide, &lats.secondary_of), ["curl"]);
        let upper = &guide.muscles[muscle_id(&guide, "upper-lats")];
        assert_eq!(upper.parent, Some(muscle_id(&guide, "latissimus-dorsi")));
        assert_eq!(upper.regions, ["teres-major"]);
        // The test catalogue's lats say no map: they are drawn as their part and their area.
        assert_eq!(lats.regions, ["teres-major"]);
        let rhomboids = &guide.muscles[muscle_id(&guide, "rhomboids")];
        let area = crate::model::bodymap::area_of("upper-back").iter().copied();
        assert_eq!(rhomboids.regions, crate::model::bodymap::in_order(area));
    }

    #[test]
    fn an_unknown_parent_or_region_and_a_cycle_are_errors() {
        let (guide, errors) = link(&[
            ("muscles/a.md", "title: A\nparent: b"),
            ("muscles/b.md", "title: B\nparent: A\nmap: [rhomboid, none]"),
            ("muscles/c.md", "title: C\nparent: rhombiods\nmap: none"),
        ]);
        assert_eq!(
            errors,
            [
                "content/muscles/a.md:3: muscles are parts of each other: A → B → A (a muscle cannot be a part of its own part: remove one `parent:`)",
                "content/muscles/b.md:4: the body map has no region \"rhomboid\" (did you mean \"rhomboids\"?)",
                "content/muscles/b.md:4: the body map has no region \"none\" (name regions of the body map (docs/content.md lists them), or write `map: none` alone)",
                "content/muscles/c.md:3: unknown muscle \"rhombiods\" as parent (did you mean \"Rhomboids\"?)",
            ]
        );
        let c = &guide.muscles[muscle_id(&guide, "c")];
        assert_eq!((c.parent, c.regions.len()), (None, 0));
        let a = muscle_id(&guide, "a");
        assert!(
            guide.muscles[a].parent.is_none()
                || guide.muscles[muscle_id(&guide, "b")].parent.is_none()
        );
    }
}
