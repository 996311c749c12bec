//! Terms: the muscles and the equipment. The built-in catalogue's entries, merged with
//! `content/muscles/` and `content/equipment/` (a file with an entry's slug overrides it), and
//! the names they are known by: slug, title and aliases, in any case, content before
//! catalogue. A name belongs to one content file only. Exercises name terms here, and each
//! term lists the exercises that name it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::diagnostics::{did_you_mean, Diagnostics, Severity};
use crate::model::catalogue::{Catalogue, Entry, REGIONS};
use crate::model::{Equipment, Exercise, Guide, Id, Meta, Muscle, Term};
use crate::source::front_matter::{
    Common, EquipmentMatter, ExerciseMatter, FrontMatter, MuscleMatter,
};
use crate::source::load::{Content, Doc, Source};
use crate::source::slug::{name_key, slugify};

use super::meta::{slug_of, SlugIds, SlugSet};

/// The muscles and equipment of a guide, with the names they are known by.
pub(super) struct Terms {
    pub(super) muscles: Vec<Muscle>,
    pub(super) equipment: Vec<Equipment>,
    muscle_names: Names,
    equipment_names: Names,
    /// The `none` entry of `equipment`.
    pub(super) bodyweight: Id,
}

impl Terms {
    /// What an exercise's muscles and equipment are resolved against.
    pub(super) fn names(&self) -> TermNames<'_> {
        TermNames {
            muscles: &self.muscle_names,
            equipment: &self.equipment_names,
            bodyweight: self.bodyweight,
        }
    }

    /// Lists each exercise under the muscles and equipment it names (bodyweight's when it
    /// names no equipment) and the wholes those muscles are parts of, in exercise order.
    pub(super) fn list(&mut self, exercises: &[Arc<Exercise>]) {
        let (muscles, equipment) = (&mut self.muscles, &mut self.equipment);
        for (id, ex) in exercises.iter().enumerate() {
            let (primary, secondary) = filed_under(muscles, &ex.primary, &ex.secondary);
            for m in primary {
                muscles[m].primary_of.push(id);
            }
            for m in secondary {
                muscles[m].secondary_of.push(id);
            }
            if ex.equipment.is_empty() {
                equipment[self.bodyweight].used_by.push(id);
            }
            for &e in &ex.equipment {
                equipment[e].used_by.push(id);
            }
        }
    }
}

/// The muscles and equipment of `content` merged into those of `catalogue`, with no exercise
/// listed yet. Bodyweight (`none`) is among the equipment, built in or not.
pub(super) fn link_terms(
    content: &Content,
    catalogue: &Catalogue,
    diags: &mut Diagnostics,
) -> Terms {
    let (muscles, muscle_names) = build_terms(
        &catalogue.muscles,
        content.muscles.iter().map(TermDoc::muscle).collect(),
        "muscle",
        diags,
    );
    let (equipment, equipment_names) = build_terms(
        &catalogue.equipment,
        content.equipment.iter().map(TermDoc::equipment).collect(),
        "equipment",
        diags,
    );
    let mut muscles: Vec<Muscle> = muscles
        .into_iter()
        .map(|term| Muscle {
            term,
            parent: None,
            regions: Vec::new(),
            own_regions: Vec::new(),
            primary_of: Vec::new(),
            secondary_of: Vec::new(),
        })
        .collect();
    super::parts::link_parts(
        &mut muscles,
        &muscle_names,
        catalogue,
        &content.muscles,
        diags,
    );
    let mut equipment: Vec<Equipment> = equipment
        .into_iter()
        .map(|term| Equipment {
            term,
            used_by: Vec::new(),
        })
        .collect();
    let bodyweight = equipment
        .iter()
        .position(|e| e.term.meta.slug == "none")
        .unwrap_or_else(|| {
            equipment.push(Equipment {
                term: new_term("none", "Bodyweight"),
                used_by: Vec::new(),
            });
            equipment.len() - 1
        });
    Terms {
        muscles,
        equipment,
        muscle_names,
        equipment_names,
        bodyweight,
    }
}

/// The names of the muscles and equipment of `content` and `catalogue`, as [`link_terms`]
/// resolves them. What is wrong with those entries was reported when they were linked.
pub(super) fn names_of_terms(content: &Content, catalogue: &Catalogue) -> (Names, Names) {
    let mut reported = Diagnostics::new();
    let muscles = content.muscles.iter().map(TermDoc::muscle).collect();
    let (_, muscles) = build_terms(&catalogue.muscles, muscles, "muscle", &mut reported);
    let equipment = content.equipment.iter().map(TermDoc::equipment).collect();
    let (_, equipment) = build_terms(&catalogue.equipment, equipment, "equipment", &mut reported);
    (muscles, equipment)
}

/// A muscle or equipment file, reduced to what a catalogue entry needs.
struct TermDoc<'a> {
    source: &'a Arc<Source>,
    /// Whether its `title:` was written but wrong (and reported).
    title_broken: bool,
    stem: &'a str,
    common: Common<'a>,
    aliases: &'a [String],
    region: Option<&'a str>,
}

impl<'a> TermDoc<'a> {
    fn muscle(doc: &'a Doc<MuscleMatter>) -> Self {
        TermDoc {
            source: &doc.source,
            title_broken: doc.is_broken("title"),
            stem: &doc.stem,
            common: doc.matter.common(),
            aliases: &doc.matter.aliases,
            region: doc.matter.region.as_deref(),
        }
    }

    fn equipment(doc: &'a Doc<EquipmentMatter>) -> Self {
        TermDoc {
            source: &doc.source,
            title_broken: doc.is_broken("title"),
            stem: &doc.stem,
            common: doc.matter.common(),
            aliases: &doc.matter.aliases,
            region: None,
        }
    }
}

/// Name lookup for muscles or equipment: names from content first, then built-in ones.
pub(super) struct Names {
    content: SlugIds,
    builtin: SlugIds,
    /// Every name, as written, for did-you-mean hints.
    shown: Vec<String>,
}

impl Names {
    /// Every name, as written, for did-you-mean hints.
    pub(super) fn shown(&self) -> impl Iterator<Item = &str> {
        self.shown.iter().map(String::as_str)
    }

    /// The entry a name refers to, by slug, title or alias, ignoring case and separators.
    pub(super) fn resolve(&self, name: &str) -> Option<Id> {
        let key = name_key(name);
        self.content
            .get(&key)
            .or_else(|| self.builtin.get(&key))
            .copied()
    }
}

/// The terms of `builtin` with those of `docs` (of `kind`, `muscle` or `equipment`) merged in,
/// and every name they are known by.
fn build_terms(
    builtin: &[Entry],
    docs: Vec<TermDoc<'_>>,
    kind: &'static str,
    diags: &mut Diagnostics,
) -> (Vec<Term>, Names) {
    let (mut terms, mut names) = builtin_terms(builtin);
    let by_slug: SlugIds = terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.meta.slug.clone(), i))
        .collect();
    let mut claimed: HashMap<String, (Id, Arc<Source>)> = HashMap::new();
    let mut slugs = SlugSet::new(kind, docs.len());
    for doc in docs {
        let src = doc.source;
        let slug = slug_of(doc.common.slug, doc.stem, src, diags);
        if !slugs.claim(&slug, src, diags) {
            continue;
        }
        let existing = by_slug.get(&slug).copied();
        let title = match (
            doc.common.title.map(str::trim).filter(|t| !t.is_empty()),
            existing,
        ) {
            (Some(t), _) => t.to_string(),
            (None, Some(i)) => terms[i].meta.title.clone(),
            (None, None) if doc.title_broken => doc.stem.to_string(),
            (None, None) => {
                diags.push(
                    src.yaml_error(0, 0, "missing title")
                        .with_hint("add `title: ...` to the front matter"),
                );
                doc.stem.to_string()
            }
        };
        let id = existing.unwrap_or_else(|| {
            terms.push(new_term(&slug, &title));
            terms.len() - 1
        });
        merge(&mut terms[id], &doc, &title, diags);
        let own = std::iter::once(("slug", slug.as_str()))
            .chain(std::iter::once(("title", title.as_str())))
            .chain(doc.aliases.iter().map(|a| ("aliases", a.as_str())));
        let mut seen_here = HashSet::new();
        for (key, name) in own {
            let k = name_key(name);
            if !seen_here.insert(k.clone()) {
                continue;
            }
            match claimed.get(&k) {
                Some((other, first)) if *other != id => {
                    diags.push(
                        src.error_at_value(
                            &[key],
                            name,
                            0,
                            format!(
                                "the {kind} name \"{name}\" is also claimed by {}",
                                first.path.display()
                            ),
                        )
                        .with_hint(
                            "a name may belong to one entry only: remove it from one of the files",
                        ),
                    );
                }
                _ => {
                    claimed.insert(k.clone(), (id, src.clone()));
                    names.content.insert(k, id);
                    names.shown.push(name.to_string());
                }
            }
        }
    }
    names.shown.sort();
    names.shown.dedup();
    (terms, names)
}

/// The entries of the built-in catalogue as terms, and their names.
fn builtin_terms(builtin: &[Entry]) -> (Vec<Term>, Names) {
    let terms = builtin
        .iter()
        .map(|e| Term {
            meta: Meta {
                summary: Some(e.summary.clone()).filter(|s| !s.is_empty()),
                ..new_term(&e.slug, &e.title).meta
            },
            aliases: e.aliases.clone(),
            region: e.region.clone(),
            description: Some(e.description.clone()).filter(|s| !s.is_empty()),
        })
        .collect();
    let mut names = Names {
        content: SlugIds::default(),
        builtin: SlugIds::default(),
        shown: Vec::new(),
    };
    for (id, e) in builtin.iter().enumerate() {
        for name in std::iter::once(&e.slug).chain([&e.title]).chain(&e.aliases) {
            names.builtin.entry(name_key(name)).or_insert(id);
            names.shown.push(name.clone());
        }
    }
    (terms, names)
}

/// A term with only a slug and a title.
fn new_term(slug: &str, title: &str) -> Term {
    Term {
        meta: Meta {
            slug: slug.to_string(),
            title: title.to_string(),
            ..Meta::default()
        },
        aliases: Vec::new(),
        region: None,
        description: None,
    }
}

/// Gives `term` what `doc` says, titled `title`: what the file leaves out stays the
/// catalogue's.
fn merge(term: &mut Term, doc: &TermDoc<'_>, title: &str, diags: &mut Diagnostics) {
    let c = &doc.common;
    term.meta.title = title.to_string();
    super::meta::set_common(&mut term.meta, doc.source, c, diags);
    if !doc.aliases.is_empty() {
        term.aliases = doc.aliases.to_vec();
    }
    if let Some(r) = doc.region {
        // Any region groups muscles on /muscles/; the body map shades the ones it knows,
        // so a near miss of one of those ("shoulder") is worth a warning.
        let region = r.trim();
        if !REGIONS.contains(&region) {
            if let Some(best) = did_you_mean(region, REGIONS) {
                if best.len().abs_diff(region.len()) <= 2 {
                    let mut d = doc.source.error_at_value(
                        &["region"],
                        region,
                        0,
                        format!(
                            "region \"{region}\" is not one the body map knows, so it will not be shaded"
                        ),
                    );
                    d.severity = Severity::Warning;
                    diags.push(d.with_hint(format!("did you mean \"{best}\"?")));
                }
            }
        }
        term.region = Some(region.to_string());
    }
}

/// What an exercise's muscles and equipment are resolved against.
pub(super) struct TermNames<'a> {
    muscles: &'a Names,
    equipment: &'a Names,
    bodyweight: Id,
}

/// An exercise's primary muscles, secondary muscles and equipment.
pub(super) type Works = (Vec<Id>, Vec<Id>, Vec<Id>);

impl<'a> TermNames<'a> {
    /// The names `muscles` and `equipment` (`names_of_terms`), with `bodyweight`.
    pub(super) fn new(muscles: &'a Names, equipment: &'a Names, bodyweight: Id) -> Self {
        TermNames {
            muscles,
            equipment,
            bodyweight,
        }
    }

    /// The primary muscles, secondary muscles (less the primary ones) and equipment (less
    /// bodyweight) the exercise read from `doc` names.
    pub(super) fn resolve(&self, doc: &Doc<ExerciseMatter>, diags: &mut Diagnostics) -> Works {
        let src = &doc.source;
        let m = &doc.matter;
        let (mut primary, mut secondary) = (Vec::new(), Vec::new());
        match &m.muscles {
            // Written but wrong: reported when the file was read.
            None if doc.is_broken("muscles") => {}
            None => diags.push(
                src.yaml_error(0, 0, "an exercise needs its muscles")
                    .with_hint("add `muscles:` with `primary: [...]` naming at least one muscle"),
            ),
            Some(refs) => {
                if refs.primary.is_empty() {
                    diags.push(
                        src.error_at_key(
                            &["muscles", "primary"],
                            "an exercise needs at least one primary muscle",
                        )
                        .with_hint(
                            "name the muscles that do the work, e.g. `primary: [rhomboids]`",
                        ),
                    );
                }
                let path = ["muscles", "primary"];
                primary = resolve_all(&refs.primary, &path, self.muscles, "muscle", src, diags);
                let path = ["muscles", "secondary"];
                secondary = resolve_all(&refs.secondary, &path, self.muscles, "muscle", src, diags);
                secondary.retain(|s| !primary.contains(s));
            }
        }
        let mut equipment = resolve_all(
            &m.equipment,
            &["equipment"],
            self.equipment,
            "equipment",
            src,
            diags,
        );
        equipment.retain(|&e| e != self.bodyweight);
        (primary, secondary, equipment)
    }
}

/// Resolves a list of muscle or equipment names written under `path`, reporting each unknown
/// one at its line. Duplicates are dropped.
fn resolve_all(
    list: &[String],
    path: &[&str],
    names: &Names,
    kind: &str,
    src: &Source,
    diags: &mut Diagnostics,
) -> Vec<Id> {
    let mut ids = Vec::with_capacity(list.len());
    for (i, name) in list.iter().enumerate() {
        match names.resolve(name) {
            Some(id) => {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            None => {
                let nth = list[..i].iter().filter(|n| *n == name).count();
                let d = src.error_at_value(path, name, nth, format!("unknown {kind} \"{name}\""));
                let d = match did_you_mean(name, names.shown.iter().map(String::as_str)) {
                    Some(best) => d.with_hint(format!("did you mean \"{best}\"?")),
                    None => d.with_hint(format!(
                        "name {} of the built-in catalogue or add content/{}/{}.md",
                        if kind == "muscle" {
                            "a muscle"
                        } else {
                            "a piece of equipment"
                        },
                        if kind == "muscle" {
                            "muscles"
                        } else {
                            "equipment"
                        },
                        slugify(name)
                    )),
                };
                diags.push(d);
            }
        }
    }
    ids
}

/// The muscles an exercise working `primary` and `secondary` is listed under: those and the
/// wholes they are parts of, each once, a muscle listed as primary not listed as secondary.
pub(super) fn filed_under(
    muscles: &[Muscle],
    primary: &[Id],
    secondary: &[Id],
) -> (Vec<Id>, Vec<Id>) {
    let with_wholes = |ids: &[Id]| {
        let mut out: Vec<Id> = Vec::with_capacity(ids.len());
        for &m in ids {
            for w in crate::model::with_wholes(muscles, m) {
                if !out.contains(&w) {
                    out.push(w);
                }
            }
        }
        out
    };
    let primary = with_wholes(primary);
    let mut secondary = with_wholes(secondary);
    secondary.retain(|m| !primary.contains(m));
    (primary, secondary)
}

/// Moves exercise `id` of `guide` from the lists of the muscles and equipment it named to
/// those of `works` (bodyweight's when it names no equipment). Whether they differ.
pub(super) fn move_under_terms(guide: &mut Guide, id: Id, works: Works) -> bool {
    let e = &guide.exercises[id];
    if (&works.0, &works.1, &works.2) == (&e.primary, &e.secondary, &e.equipment) {
        return false;
    }
    let e = Arc::make_mut(&mut guide.exercises[id]);
    let (primary, secondary, equipment) = works;
    let before = (
        std::mem::replace(&mut e.primary, primary),
        std::mem::replace(&mut e.secondary, secondary),
        std::mem::replace(&mut e.equipment, equipment),
    );
    let (muscles, kit, bodyweight) = (&mut guide.muscles, &mut guide.equipment, guide.bodyweight);
    let before = {
        let (p, s) = filed_under(muscles, &before.0, &before.1);
        (p, s, before.2)
    };
    let (p, s) = filed_under(muscles, &e.primary, &e.secondary);
    let now = (&p[..], &s[..], &e.equipment[..]);
    let mut lists = |(primary, secondary, equipment): (&[Id], &[Id], &[Id]), listed: bool| {
        let change = |list: &mut Vec<Id>| {
            if listed {
                list.push(id);
            } else {
                list.retain(|&i| i != id);
            }
        };
        primary
            .iter()
            .for_each(|&m| change(&mut muscles[m].primary_of));
        secondary
            .iter()
            .for_each(|&m| change(&mut muscles[m].secondary_of));
        if equipment.is_empty() {
            change(&mut kit[bodyweight].used_by);
        }
        equipment.iter().for_each(|&q| change(&mut kit[q].used_by));
    };
    lists((&before.0, &before.1, &before.2), false);
    lists(now, true);
    true
}

#[cfg(test)]
mod tests {
    use crate::model::link::testing::*;

    #[test]
    fn muscles_and_equipment_are_named_by_slug_title_or_alias_in_any_case() {
        let row = "title: Band Row\nmuscles:\n  primary: [RHOMBOIDS, Latissimus Dorsi, lats]\n  secondary: [biceps-brachii, rhomboids]\nequipment: [BAND, Bodyweight]";
        let (guide, errors) = link(&[("exercises/band-row.md", row)]);
        assert_eq!(errors, Vec::<String>::new());
        let row = exercise(&guide, "band-row");
        // Each named once; a primary muscle is not secondary too; bodyweight is no equipment.
        assert_eq!(
            muscle_slugs(&guide, &row.primary),
            ["rhomboids", "latissimus-dorsi"]
        );
        assert_eq!(muscle_slugs(&guide, &row.secondary), ["biceps"]);
        assert_eq!(equipment_slugs(&guide, &row.equipment), ["resistance-band"]);
    }

    #[test]
    fn each_term_lists_the_exercises_naming_it_and_bodyweight_those_naming_none() {
        let (guide, errors) = link(&[
            (
                "exercises/curl.md",
                &exercise_matter("Curl", "biceps", "equipment: [dumbbell]"),
            ),
            (
                "exercises/pull-up.md",
                "title: Pull-up\nmuscles:\n  primary: [lats]\n  secondary: [biceps]",
            ),
        ]);
        assert_eq!(errors, Vec::<String>::new());
        let biceps = &guide.muscles[muscle_id(&guide, "biceps")];
        assert_eq!(exercise_slugs(&guide, &biceps.primary_of), ["curl"]);
        assert_eq!(exercise_slugs(&guide, &biceps.secondary_of), ["pull-up"]);
        let bodyweight = &guide.equipment[guide.bodyweight];
        assert_eq!(bodyweight.term.meta.slug, "none");
        assert_eq!(exercise_slugs(&guide, &bodyweight.used_by), ["pull-up"]);
    }

    #[test]
    fn a_content_file_overrides_the_catalogue_entry_of_its_slug() {
        let (guide, errors) = link(&[
            (
                "muscles/rhomboids.md",
                "title: Rhomboid muscles\naliases: [mid back]",
            ),
            ("exercises/row.md", &exercise_matter("Row", "Mid-Back", "")),
        ]);
        assert_eq!(errors, Vec::<String>::new());
        assert_eq!(guide.muscles.len(), catalogue().muscles.len());
        let rhomboids = &guide.muscles[muscle_id(&guide, "rhomboids")];
        assert_eq!(rhomboids.term.meta.title, "Rhomboid muscles");
        assert_eq!(rhomboids.term.aliases, ["mid back"]);
        // What the file leaves out stays the catalogue's.
        assert_eq!(
            rhomboids.term.meta.summary.as_deref(),
            Some("The Rhomboids entry.")
        );
        assert_eq!(rhomboids.term.region.as_deref(), Some("upper-back"));
        let source = rhomboids.term.meta.source.as_ref().map(|s| s.rel.as_str());
        assert_eq!(source, Some("muscles/rhomboids.md"));
        assert_eq!(
            exercise(&guide, "row").primary,
            [muscle_id(&guide, "rhomboids")]
        );
    }

    #[test]
    fn a_name_in_content_comes_before_the_same_name_in_the_catalogue() {
        let (guide, errors) = link(&[
            (
                "muscles/upper-lats.md",
                "title: Upper lats\naliases: [LATS]",
            ),
            ("exercises/row.md", &exercise_matter("Row", "lats", "")),
        ]);
        assert_eq!(errors, Vec::<String>::new());
        assert_eq!(
            muscle_slugs(&guide, &exercise(&guide, "row").primary),
            ["upper-lats"]
        );
    }

    #[test]
    fn two_files_claiming_one_name_is_an_error_at_the_second() {
        let (guide, errors) = link(&[
            (
                "muscles/lower-traps.md",
                "title: Lower traps\naliases: [traps]",
            ),
            (
                "muscles/upper-traps.md",
                "title: Upper traps\naliases: [Traps]",
            ),
            ("exercises/shrug.md", &exercise_matter("Shrug", "traps", "")),
        ]);
        assert_eq!(
            errors,
            ["content/muscles/upper-traps.md:3: the muscle name \"Traps\" is also claimed by content/muscles/lower-traps.md (a name may belong to one entry only: remove it from one of the files)"]
        );
        assert_eq!(
            muscle_slugs(&guide, &exercise(&guide, "shrug").primary),
            ["lower-traps"]
        );
    }

    #[test]
    fn an_unknown_name_is_an_error_with_the_closest_name_or_where_to_add_it() {
        let (_, errors) = link(&[(
            "exercises/row.md",
            "title: Row\nmuscles:\n  primary: [rhomboid, quux]\nequipment: [dumbell, zorb]",
        )]);
        assert_eq!(
            errors,
            [
                "content/exercises/row.md:4: unknown muscle \"rhomboid\" (did you mean \"Rhomboids\"?)",
                "content/exercises/row.md:4: unknown muscle \"quux\" (name a muscle of the built-in catalogue or add content/muscles/quux.md)",
                "content/exercises/row.md:5: unknown equipment \"dumbell\" (did you mean \"Dumbbell\"?)",
                "content/exercises/row.md:5: unknown equipment \"zorb\" (name a piece of equipment of the built-in catalogue or add content/equipment/zorb.md)",
            ]
        );
    }

    #[test]
    fn an_exercise_needs_a_primary_muscle() {
        let (_, errors) = link(&[
            ("exercises/a.md", "title: A"),
            ("exercises/b.md", "title: B\nmuscles:\n  primary: []"),
        ]);
        assert_eq!(
            errors,
            [
                "content/exercises/a.md:1: an exercise needs its muscles (add `muscles:` with `primary: [...]` naming at least one muscle)",
                "content/exercises/b.md:4: an exercise needs at least one primary muscle (name the muscles that do the work, e.g. `primary: [rhomboids]`)",
            ]
        );
    }

    #[test]
    fn a_region_near_one_the_body_map_knows_is_a_warning() {
        let (guide, errors) = link(&[
            (
                "muscles/front-delts.md",
                "title: Front delts\nregion: shoulder",
            ),
            ("muscles/jaw.md", "title: Jaw\nregion: face"),
        ]);
        assert_eq!(
            errors,
            ["content/muscles/front-delts.md:3: warning: region \"shoulder\" is not one the body map knows, so it will not be shaded (did you mean \"shoulders\"?)"]
        );
        let jaw = &guide.muscles[muscle_id(&guide, "jaw")];
        assert_eq!(jaw.term.region.as_deref(), Some("face"));
    }

    #[test]
    fn bodyweight_is_among_the_equipment_even_when_the_catalogue_has_none() {
        let mut catalogue = catalogue();
        catalogue.equipment.retain(|e| e.slug != "none");
        let content = content(&[(
            "exercises/plank.md",
            &exercise_matter("Plank", "rhomboids", ""),
        )]);
        let (guide, diags) = crate::model::link::link(&content, Default::default(), &catalogue);
        assert!(diags.is_empty());
        let bodyweight = &guide.equipment[guide.bodyweight];
        assert_eq!(
            (
                bodyweight.term.meta.slug.as_str(),
                bodyweight.term.meta.title.as_str()
            ),
            ("none", "Bodyweight")
        );
        assert_eq!(bodyweight.used_by, [0]);
    }
}
