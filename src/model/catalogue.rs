//! The built-in catalogue of muscles and equipment that ships inside the binary.
//!
//! A new guide needs no `content/muscles/` or `content/equipment/` files: every name an
//! exercise is likely to use — including the vocabularies of the open exercise databases
//! (free-exercise-db, wger) — is here, with a title, aliases, a summary and a short description.
//! The entries live in `catalogue/muscles.yaml` and `catalogue/equipment.yaml` beside this file
//! and are embedded at compile time.
//!
//! This module only loads the lists. Resolving a name across content files and the catalogue,
//! and letting content override an entry, is done where pages are linked.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::model::bodymap::MapSpec;

/// One muscle or piece of equipment of the built-in catalogue.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// URL name: lowercase ASCII letters, digits and hyphens (`posterior-deltoid`).
    pub slug: String,
    /// Name shown on pages (`Posterior deltoid`).
    pub title: String,
    /// Other names it goes by (`rear delts`); resolved and searched like the title.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// For muscles, the body region: one of [`REGIONS`]. `None` for equipment.
    #[serde(default)]
    pub region: Option<String>,
    /// For muscles, the muscle it is a part of (`deltoids` for `anterior-deltoid`), by slug.
    #[serde(default)]
    pub parent: Option<String>,
    /// For muscles, the body map's regions it outlines (see [`crate::model::bodymap`]), or
    /// `none`. A whole with parts (`deltoids`) draws theirs and needs none of its own.
    #[serde(default)]
    pub map: Option<MapSpec>,
    /// One plain sentence.
    pub summary: String,
    /// A few sentences of Markdown.
    pub description: String,
}

/// The built-in muscles and equipment.
#[derive(Debug, Clone, Serialize)]
pub struct Catalogue {
    /// Muscles and muscle groups, each with a region.
    pub muscles: Vec<Entry>,
    /// Equipment, including `none` (bodyweight) and `other`.
    pub equipment: Vec<Entry>,
}

/// The body regions a built-in muscle may belong to, from head to foot.
pub const REGIONS: [&str; 10] = [
    "neck",
    "shoulders",
    "chest",
    "upper-back",
    "arms",
    "forearms",
    "core",
    "lower-back",
    "hips",
    "legs",
];

const MUSCLES_YAML: &str = include_str!("catalogue/muscles.yaml");
const EQUIPMENT_YAML: &str = include_str!("catalogue/equipment.yaml");

impl Catalogue {
    /// The catalogue embedded in the binary, parsed on first use.
    ///
    /// # Panics
    ///
    /// Only if the embedded YAML is invalid, which the unit tests rule out.
    pub fn builtin() -> &'static Catalogue {
        static BUILTIN: OnceLock<Catalogue> = OnceLock::new();
        BUILTIN.get_or_init(|| Catalogue::parse().unwrap_or_else(|e| panic!("{e}")))
    }

    fn parse() -> Result<Catalogue, String> {
        let read = |file: &str, text: &str| -> Result<Vec<Entry>, String> {
            serde_yaml::from_str(text)
                .map_err(|e| format!("the built-in catalogue/{file} is invalid: {e}"))
        };
        Ok(Catalogue {
            muscles: read("muscles.yaml", MUSCLES_YAML)?,
            equipment: read("equipment.yaml", EQUIPMENT_YAML)?,
        })
    }
}

/// Every name of `entry`: its slug, its title, then its aliases.
pub(crate) fn names(entry: &Entry) -> impl Iterator<Item = &str> {
    [entry.slug.as_str(), entry.title.as_str()]
        .into_iter()
        .chain(entry.aliases.iter().map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// A name as a reader would compare it: trimmed, lowercase.
    fn key(name: &str) -> String {
        name.trim().to_lowercase()
    }

    /// A stricter key that also treats spaces, hyphens and other punctuation alike, so that a
    /// resolver which slugifies names (`Latissimus Dorsi` = `latissimus-dorsi`) finds no clash.
    fn loose_key(name: &str) -> String {
        key(name)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("-")
    }

    fn resolve<'a>(entries: &'a [Entry], name: &str) -> Option<&'a Entry> {
        entries
            .iter()
            .find(|e| names(e).any(|n| key(n) == key(name)))
    }

    fn assert_resolves(entries: &[Entry], wanted: &[(&str, &str)]) {
        for (name, slug) in wanted {
            match resolve(entries, name) {
                Some(entry) => assert_eq!(&entry.slug, slug, "{name:?} resolves elsewhere"),
                None => panic!("{name:?} does not resolve"),
            }
        }
    }

    #[test]
    fn embedded_yaml_parses() {
        let catalogue = Catalogue::parse().unwrap();
        assert!(catalogue.muscles.len() >= 35);
        assert!(catalogue.equipment.len() >= 20);
        assert!(std::ptr::eq(Catalogue::builtin(), Catalogue::builtin()));
    }

    #[test]
    fn no_name_belongs_to_two_entries() {
        let catalogue = Catalogue::builtin();
        for (what, entries) in [
            ("muscles", &catalogue.muscles),
            ("equipment", &catalogue.equipment),
        ] {
            for normalise in [key, loose_key] {
                let mut owner: BTreeMap<String, &str> = BTreeMap::new();
                for entry in entries.iter() {
                    for name in names(entry) {
                        if let Some(other) = owner.insert(normalise(name), &entry.slug) {
                            assert_eq!(
                                other, entry.slug,
                                "{what}: {name:?} names both {other} and {}",
                                entry.slug
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn entries_are_well_formed() {
        let catalogue = Catalogue::builtin();
        let all = catalogue.muscles.iter().chain(&catalogue.equipment);
        for entry in all {
            let slug = &entry.slug;
            assert!(
                !slug.is_empty()
                    && slug
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && !slug.starts_with('-')
                    && !slug.ends_with('-')
                    && !slug.contains("--"),
                "bad slug {slug:?}"
            );
            assert!(!entry.title.trim().is_empty(), "{slug}: no title");
            let summary = entry.summary.trim();
            assert!(summary.ends_with('.'), "{slug}: summary is not a sentence");
            assert!(!summary.contains('\n'), "{slug}: summary spans lines");
            assert!(
                entry.description.trim().len() > summary.len(),
                "{slug}: description shorter than summary"
            );
            for alias in &entry.aliases {
                assert_eq!(alias, alias.trim(), "{slug}: alias {alias:?} has spaces");
                assert!(!alias.is_empty(), "{slug}: empty alias");
            }
        }
        for muscle in &catalogue.muscles {
            let region = muscle.region.as_deref().unwrap_or("");
            assert!(
                REGIONS.contains(&region),
                "{}: region {region:?} is not one of {REGIONS:?}",
                muscle.slug
            );
        }
        for item in &catalogue.equipment {
            assert_eq!(item.region, None, "{}: equipment has no region", item.slug);
        }
    }

    #[test]
    fn free_exercise_db_vocabulary_resolves() {
        let catalogue = Catalogue::builtin();
        assert_resolves(
            &catalogue.muscles,
            &[
                ("abdominals", "abdominals"),
                ("abductors", "hip-abductors"),
                ("adductors", "hip-adductors"),
                ("biceps", "biceps"),
                ("calves", "calves"),
                ("chest", "pectoralis-major"),
                ("forearms", "forearms"),
                ("glutes", "glutes"),
                ("hamstrings", "hamstrings"),
                ("lats", "latissimus-dorsi"),
                ("lower back", "erector-spinae"),
                ("middle back", "upper-back"),
                ("neck", "neck"),
                ("quadriceps", "quadriceps"),
                ("shoulders", "deltoids"),
                ("traps", "trapezius"),
                ("triceps", "triceps"),
            ],
        );
        assert_resolves(
            &catalogue.equipment,
            &[
                ("barbell", "barbell"),
                ("dumbbell", "dumbbells"),
                ("other", "other"),
                ("body only", "none"),
                ("cable", "cable-machine"),
                ("machine", "machine"),
                ("kettlebells", "kettlebell"),
                ("bands", "resistance-band"),
                ("medicine ball", "medicine-ball"),
                ("exercise ball", "exercise-ball"),
                ("foam roll", "foam-roller"),
                ("e-z curl bar", "ez-curl-bar"),
            ],
        );
    }

    #[test]
    fn wger_vocabulary_resolves() {
        let catalogue = Catalogue::builtin();
        assert_resolves(
            &catalogue.muscles,
            &[
                ("Anterior deltoid", "anterior-deltoid"),
                ("Biceps brachii", "biceps"),
                ("Biceps femoris", "hamstrings"),
                ("Brachialis", "brachialis"),
                ("Gastrocnemius", "gastrocnemius"),
                ("Gluteus maximus", "gluteus-maximus"),
                ("Latissimus dorsi", "latissimus-dorsi"),
                ("Obliquus externus abdominis", "obliques"),
                ("Pectoralis major", "pectoralis-major"),
                ("Quadriceps femoris", "quadriceps"),
                ("Rectus abdominis", "abdominals"),
                ("Serratus anterior", "serratus-anterior"),
                ("Soleus", "soleus"),
                ("Trapezius", "trapezius"),
                ("Triceps brachii", "triceps"),
                ("Shoulders", "deltoids"),
                ("Chest", "pectoralis-major"),
                ("Abs", "abdominals"),
                ("Quads", "quadriceps"),
                ("Lats", "latissimus-dorsi"),
                ("Traps", "trapezius"),
                ("Glutes", "glutes"),
                ("Hamstrings", "hamstrings"),
                ("Calves", "calves"),
                ("Obliques", "obliques"),
                // The categories, which an exercise naming no muscle is filed under.
                ("Arms", "arms"),
                ("Legs", "legs"),
                ("Abs", "abdominals"),
                ("Chest", "pectoralis-major"),
                ("Back", "back"),
                ("Shoulders", "deltoids"),
                ("Erector spinae", "erector-spinae"),
            ],
        );
        assert_resolves(
            &catalogue.equipment,
            &[
                ("Barbell", "barbell"),
                ("SZ-Bar", "ez-curl-bar"),
                ("Dumbbell", "dumbbells"),
                ("Gym mat", "gym-mat"),
                ("Swiss Ball", "exercise-ball"),
                ("Pull-up bar", "pull-up-bar"),
                ("none (bodyweight exercise)", "none"),
                ("Bench", "bench"),
                ("Incline bench", "incline-bench"),
                ("Kettlebell", "kettlebell"),
                ("Resistance band", "resistance-band"),
                ("Cable machine", "cable-machine"),
            ],
        );
    }

    #[test]
    fn guide_vocabulary_resolves() {
        let catalogue = Catalogue::builtin();
        assert_resolves(
            &catalogue.muscles,
            &[
                ("rhomboids", "rhomboids"),
                ("rhomboid major", "rhomboids"),
                ("rear delts", "posterior-deltoid"),
                ("Posterior Deltoid", "posterior-deltoid"),
                ("front delts", "anterior-deltoid"),
                ("side delts", "lateral-deltoid"),
                ("upper traps", "upper-trapezius"),
                ("middle traps", "middle-trapezius"),
                ("lower traps", "lower-trapezius"),
                ("infraspinatus", "infraspinatus"),
                ("supraspinatus", "supraspinatus"),
                ("teres major", "teres-major"),
                ("teres minor", "teres-minor"),
                ("subscapularis", "subscapularis"),
                ("rotator cuff", "rotator-cuff"),
                ("latissimus-dorsi", "latissimus-dorsi"),
                ("pec minor", "pectoralis-minor"),
                ("pectoral minor", "pectoralis-minor"),
                ("erector spinae", "erector-spinae"),
                ("core", "core"),
                ("brachialis", "brachialis"),
                ("hip flexors", "hip-flexors"),
                ("tibialis anterior", "tibialis-anterior"),
                ("levator scapulae", "levator-scapulae"),
            ],
        );
        assert_resolves(
            &catalogue.equipment,
            &[
                ("none", "none"),
                ("Bodyweight", "none"),
                ("bodyweight", "none"),
                ("no equipment", "none"),
                ("dumbbells", "dumbbells"),
                ("band", "resistance-band"),
                ("loop band", "resistance-band"),
                ("mini band", "mini-loop"),
                ("mini loop", "mini-loop"),
                ("TRX", "suspension-trainer"),
                ("ez bar", "ez-curl-bar"),
                ("lat pulldown machine", "lat-pulldown-machine"),
                ("stability ball", "exercise-ball"),
                ("lacrosse ball", "massage-ball"),
                ("tennis ball", "massage-ball"),
                ("wall or door frame", "wall"),
                ("door frame", "wall"),
                ("Other equipment", "other"),
            ],
        );
        let none = resolve(&catalogue.equipment, "none").unwrap();
        assert_eq!(none.title, "Bodyweight");
        // What a data set leaves out is not known, and is no bodyweight.
        assert_eq!(
            resolve(&catalogue.equipment, "unknown").unwrap().slug,
            "unknown"
        );
        let other = resolve(&catalogue.equipment, "other").unwrap();
        assert_eq!(other.title, "Other equipment");
    }

    /// The slug of the catalogue muscle `slug` names as a parent.
    fn parent_of<'a>(muscles: &'a [Entry], entry: &Entry) -> Option<&'a Entry> {
        let parent = entry.parent.as_deref()?;
        let found = muscles.iter().find(|m| m.slug == parent);
        assert!(
            found.is_some(),
            "{}: parent {parent:?} is no slug",
            entry.slug
        );
        found
    }

    #[test]
    fn every_muscle_is_drawn_or_says_it_is_not() {
        use crate::model::bodymap::{self, REGIONS};
        let muscles = &Catalogue::builtin().muscles;
        let has_parts = |slug: &str| muscles.iter().any(|m| m.parent.as_deref() == Some(slug));
        let mut owners: BTreeMap<&str, &str> = BTreeMap::new();
        for m in muscles {
            // Parents name catalogue slugs, and never lead back to where they started.
            let mut seen = vec![m.slug.as_str()];
            let mut at = m;
            while let Some(p) = parent_of(muscles, at) {
                assert!(
                    !seen.contains(&p.slug.as_str()),
                    "{}: parents cycle: {seen:?}",
                    m.slug
                );
                seen.push(&p.slug);
                at = p;
            }
            match &m.map {
                // A whole draws its parts (and its own map's regions, if it has one).
                None => assert!(
                    has_parts(&m.slug),
                    "{}: says neither `map:` nor has parts",
                    m.slug
                ),
                Some(map) => {
                    let names = map.names();
                    let none = matches!(map, bodymap::MapSpec::Word(w) if w == "none");
                    assert!(none || !names.is_empty(), "{}: an empty map", m.slug);
                    for name in names {
                        let region = bodymap::region(name);
                        assert_eq!(region, Some(name), "{}: {name:?} is no region", m.slug);
                        owners.entry(name).or_insert(&m.slug);
                    }
                }
            }
        }
        // Every region of the drawing is some muscle's, and the default theme draws each.
        let svg = include_str!("../../themes/default/static/bodymap.svg");
        for region in REGIONS {
            assert!(owners.contains_key(region), "no muscle outlines {region}");
            assert!(
                svg.contains(&format!("<g id=\"r-{region}\"")),
                "the drawing lacks r-{region}"
            );
        }
        // Wholes are drawn as their parts: the deltoids as their three heads, seen from the
        // front and the back.
        let deltoid_parts: Vec<&str> = (muscles.iter())
            .filter(|m| m.parent.as_deref() == Some("deltoids"))
            .map(|m| m.slug.as_str())
            .collect();
        assert_eq!(
            deltoid_parts,
            ["anterior-deltoid", "lateral-deltoid", "posterior-deltoid"]
        );
    }

    /// Every muscle and equipment name of the three open data sets (English names), from
    /// `tests/data/`: each resolves as the link stage resolves a name.
    #[test]
    fn every_name_of_the_open_data_sets_resolves() {
        use serde_json::Value;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        let read = |file: &str| -> Value {
            let text = std::fs::read_to_string(root.join(file)).unwrap();
            serde_json::from_str(&text).unwrap()
        };
        let strings = |v: &Value| -> Vec<String> {
            match v {
                Value::String(s) => vec![s.clone()],
                Value::Array(a) => a
                    .iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect(),
                _ => Vec::new(),
            }
        };
        let (mut muscles, mut equipment) = (Vec::new(), Vec::new());
        for ex in read("free-exercise-db/exercises.json").as_array().unwrap() {
            muscles.extend(strings(&ex["primaryMuscles"]));
            muscles.extend(strings(&ex["secondaryMuscles"]));
            equipment.extend(strings(&ex["equipment"]));
        }
        for m in read("wger/muscles.json").as_array().unwrap() {
            muscles.extend(strings(&m["fields"]["name"]));
            muscles.extend(
                strings(&m["fields"]["name_en"])
                    .into_iter()
                    .filter(|n| !n.is_empty()),
            );
        }
        for c in read("wger/categories.json").as_array().unwrap() {
            // Cardio is no muscle: the importer files it under the legs.
            muscles.extend(
                strings(&c["fields"]["name"])
                    .into_iter()
                    .filter(|n| n != "Cardio"),
            );
        }
        for q in read("wger/equipment.json").as_array().unwrap() {
            equipment.extend(strings(&q["fields"]["name"]));
        }
        let exercemus = read("exercemus/vocabulary.json");
        muscles.extend(strings(&exercemus["muscles"]));
        muscles.extend(strings(&exercemus["exercises_used"]["muscles"]));
        for (group, members) in exercemus["muscle_groups"].as_object().unwrap() {
            muscles.push(group.clone());
            muscles.extend(strings(members));
        }
        equipment.extend(strings(&exercemus["equipment"]));
        equipment.extend(strings(&exercemus["exercises_used"]["equipment"]));
        // Region words, and what the catalogue's gaps were found by.
        muscles.extend(
            [
                "arms",
                "legs",
                "back",
                "hips",
                "outer thighs",
                "glute medius",
                "upper chest",
            ]
            .map(String::from),
        );
        let catalogue = Catalogue::builtin();
        let resolves = |entries: &[Entry], name: &str| {
            let key = crate::source::slug::name_key(name);
            entries
                .iter()
                .any(|e| names(e).any(|n| crate::source::slug::name_key(n) == key))
        };
        let unknown = |entries: &[Entry], names: &[String]| -> Vec<String> {
            let mut out: Vec<String> = (names.iter())
                .filter(|n| !resolves(entries, n))
                .cloned()
                .collect();
            out.sort();
            out.dedup();
            out
        };
        assert!(muscles.len() > 100 && equipment.len() > 100);
        assert_eq!(unknown(&catalogue.muscles, &muscles), Vec::<String>::new());
        assert_eq!(
            unknown(&catalogue.equipment, &equipment),
            Vec::<String>::new()
        );
        // Calves are two muscles, and the glutes three.
        assert_resolves(
            &catalogue.muscles,
            &[
                ("soleus", "soleus"),
                ("gastrocnemius", "gastrocnemius"),
                ("gluteals", "glutes"),
                ("glute medius", "gluteus-medius"),
                ("outer thighs", "hip-abductors"),
                ("hips", "hips"),
                ("upper chest", "upper-chest"),
                ("lower abs", "lower-abs"),
                ("piriformis", "hip-rotators"),
                ("QL", "quadratus-lumborum"),
                ("peroneals", "peroneals"),
            ],
        );
        assert_resolves(
            &catalogue.equipment,
            &[
                ("smith machine", "smith-machine"),
                ("trap bar", "trap-bar"),
                ("landmine", "landmine"),
                ("rings", "rings"),
                ("dip bars", "dip-bars"),
                ("plyo box", "plyo-box"),
                ("jump rope", "jump-rope"),
                ("sled", "sled"),
                ("weight plate", "weight-plate"),
                ("ab wheel", "ab-wheel"),
                ("bosu", "bosu"),
                ("treadmill", "treadmill"),
                ("exercise bike", "exercise-bike"),
                ("rower", "rower"),
                ("chair", "chair"),
                ("towel", "towel"),
                ("preacher bench", "preacher-bench"),
            ],
        );
    }

    #[test]
    fn names_lists_slug_title_then_aliases() {
        let entry = Entry {
            slug: "rhomboids".into(),
            title: "Rhomboids".into(),
            aliases: vec!["rhomboid major".into(), "rhomboid minor".into()],
            region: Some("upper-back".into()),
            parent: None,
            map: None,
            summary: String::new(),
            description: String::new(),
        };
        assert_eq!(
            names(&entry).collect::<Vec<_>>(),
            ["rhomboids", "Rhomboids", "rhomboid major", "rhomboid minor"]
        );
    }

    #[test]
    fn unknown_fields_are_refused() {
        let err = serde_yaml::from_str::<Vec<Entry>>(
            "- slug: a\n  title: A\n  summary: S.\n  description: D.\n  colour: red\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("unknown field `colour`"), "{err}");
    }
}
