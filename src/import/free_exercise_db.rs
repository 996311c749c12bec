//! free-exercise-db (github.com/yuhonas/free-exercise-db): its `exercises.json`, one array of
//! 873 exercises, released into the public domain (Unlicense).
//!
//! Each entry becomes a page: its instructions the body (numbered steps), the first sentence
//! the summary, its muscles and equipment in the data set's own words (the built-in catalogue
//! knows them: "middle back", "body only", "e-z curl bar"), `expert` written as `advanced`,
//! `category`, `force` and `mechanic` as tags. An entry naming no equipment (`null`) is written
//! `equipment: unknown`, not bodyweight. Its pictures are noted, not copied: their rights are
//! not known (free-exercise-db#2).

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use serde::Deserialize;

use super::{
    first_sentence, one_line, read_json, Converted, Error, Exercise, Line, Report, Site, Vocabulary,
};
use crate::source::front_matter::Credit;
use crate::source::prescription::Level;

/// The data set's name in `source.dataset`.
pub const DATASET: &str = "free-exercise-db";

/// The repository, which the credit names as the source.
const REPOSITORY: &str = "https://github.com/yuhonas/free-exercise-db";

/// One entry of `exercises.json`. Keys the importer does not use are let through, so that a
/// later dump with more of them still imports.
#[derive(Debug, Deserialize)]
struct Entry {
    id: String,
    name: String,
    #[serde(default)]
    force: Option<String>,
    level: String,
    #[serde(default)]
    mechanic: Option<String>,
    equipment: Option<String>,
    #[serde(rename = "primaryMuscles")]
    primary_muscles: Vec<String>,
    #[serde(rename = "secondaryMuscles", default)]
    secondary_muscles: Vec<String>,
    #[serde(default)]
    instructions: Vec<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    images: Vec<String>,
}

/// Reads `file` (the data set's `exercises.json`) and converts every entry. The licence and
/// `SOURCE` files beside it, when there, go into the guide's page about the data.
pub fn convert_file(file: &Path) -> Result<Converted, Error> {
    let entries: Vec<Entry> = read_json(
        file,
        "free-exercise-db's exercises.json (an array of exercises, each with id, name, level, equipment, primaryMuscles, ...)",
    )?;
    let beside = |name: &str| {
        file.parent()
            .and_then(|d| std::fs::read_to_string(d.join(name)).ok())
    };
    let licence = beside("LICENSE.md").or_else(|| beside("LICENSE"));
    Ok(convert(
        entries,
        licence.as_deref(),
        beside("SOURCE").as_deref(),
    ))
}

/// Converts `entries` (see the module).
fn convert(entries: Vec<Entry>, licence: Option<&str>, source: Option<&str>) -> Converted {
    let vocabulary = Vocabulary::builtin();
    let mut seen = HashSet::new();
    let mut exercises = Vec::with_capacity(entries.len());
    let mut tally = Tally::default();
    for e in entries {
        if !seen.insert(e.id.clone()) {
            tally.duplicate_ids.push(e.id);
            continue;
        }
        if let Some(exercise) = exercise(e, &vocabulary, &mut tally) {
            exercises.push(exercise);
        }
    }
    let report = tally.report(exercises.len());
    Converted {
        dataset: DATASET,
        site: Site {
            title: "Exercises from free-exercise-db".into(),
            description:
                "Exercises from free-exercise-db, an open exercise data set in the public domain."
                    .into(),
            language: "en".into(),
        },
        about: about(licence, source),
        exercises,
        report,
    }
}

/// What the conversion met, for the report.
#[derive(Default)]
struct Tally {
    expert: usize,
    levels: usize,
    unknown_levels: Vec<String>,
    muscle_names: BTreeSet<String>,
    unknown_muscles: Vec<String>,
    no_muscle: Vec<String>,
    equipment: usize,
    no_equipment: Vec<String>,
    unknown_equipment: Vec<String>,
    tags: usize,
    summaries: usize,
    images: usize,
    no_instructions: Vec<String>,
    duplicate_ids: Vec<String>,
}

/// One entry as a page; `None` when it names no muscle the catalogue knows.
fn exercise(e: Entry, vocabulary: &Vocabulary, tally: &mut Tally) -> Option<Exercise> {
    let title = one_line(&e.name);
    let mut known_muscles = |names: Vec<String>| -> Vec<String> {
        let mut kept = Vec::new();
        for name in names {
            let name = name.trim().to_string();
            if vocabulary.is_muscle(&name) {
                tally.muscle_names.insert(name.to_lowercase());
                if !kept.contains(&name) {
                    kept.push(name);
                }
            } else {
                tally.unknown_muscles.push(format!("{name} ({title})"));
            }
        }
        kept
    };
    let primary = known_muscles(e.primary_muscles);
    let secondary: Vec<String> = known_muscles(e.secondary_muscles)
        .into_iter()
        .filter(|m| !primary.contains(m))
        .collect();
    if primary.is_empty() {
        tally.no_muscle.push(title);
        return None;
    }
    let level = match e.level.trim().to_ascii_lowercase().as_str() {
        "beginner" => Some(Level::Beginner),
        "intermediate" => Some(Level::Intermediate),
        "expert" | "advanced" => {
            tally.expert += usize::from(e.level.trim().eq_ignore_ascii_case("expert"));
            Some(Level::Advanced)
        }
        _ => {
            tally.unknown_levels.push(format!("{} ({title})", e.level));
            None
        }
    };
    tally.levels += usize::from(level.is_some());
    let equipment = match e.equipment.as_deref().map(str::trim) {
        Some(name) if vocabulary.is_equipment(name) => {
            tally.equipment += 1;
            vec![name.to_string()]
        }
        Some(name) => {
            tally.unknown_equipment.push(format!("{name} ({title})"));
            vec!["unknown".to_string()]
        }
        None => {
            tally.no_equipment.push(title.clone());
            vec!["unknown".to_string()]
        }
    };
    let mut tags = Vec::new();
    for tag in [&e.category, &e.force, &e.mechanic].into_iter().flatten() {
        let tag = tag.trim();
        if !tag.is_empty() && !tags.iter().any(|t: &String| t == tag) {
            tags.push(tag.to_string());
        }
    }
    tally.tags += usize::from(!tags.is_empty());
    let steps: Vec<&str> = e
        .instructions
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    if steps.is_empty() {
        tally.no_instructions.push(title.clone());
    }
    let body: String = steps
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{}. {}\n", i + 1, escape_markdown(s)))
        .collect();
    let summary = steps.first().and_then(|s| first_sentence(s));
    tally.summaries += usize::from(summary.is_some());
    let mut notes = Vec::new();
    if !e.images.is_empty() {
        tally.images += e.images.len();
        notes
            .push("Pictures of the data set, not copied (their rights are not known):".to_string());
        for path in &e.images {
            notes.push(format!(
                "  {REPOSITORY}/blob/main/exercises/{}",
                path.trim()
            ));
        }
    }
    let url =
        e.id.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            .then(|| format!("{REPOSITORY}/blob/main/exercises/{}.json", e.id));
    Some(Exercise {
        id: e.id,
        title,
        summary,
        primary,
        secondary,
        equipment,
        level,
        tags,
        credit: Some(Credit {
            author: None,
            license: Some("Unlicense".into()),
            source: Some(REPOSITORY.into()),
        }),
        url,
        body,
        notes,
        ..Exercise::default()
    })
}

impl Tally {
    fn report(self, exercises: usize) -> Report {
        Report {
            mapped: vec![
                Line::new(exercises, "exercises, each a page under content/exercises/"),
                Line::new(
                    self.levels,
                    format!("levels, of which {} \"expert\" written as advanced", self.expert),
                ),
                Line::new(
                    self.muscle_names.len(),
                    "muscle names kept as written, each known to the built-in catalogue",
                )
                .with_examples(self.muscle_names.iter().cloned().collect()),
                Line::new(
                    self.equipment,
                    "pieces of equipment kept as written (\"body only\" is bodyweight)",
                ),
                Line::new(self.tags, "exercises with their category, force and mechanic as tags"),
            ],
            guessed: vec![
                Line::new(self.summaries, "summaries: the first sentence of the instructions"),
                Line::of(
                    &self.no_equipment,
                    "exercises naming no equipment (null): written `equipment: unknown`, not bodyweight",
                ),
                Line::of(
                    &self.unknown_equipment,
                    "pieces of equipment the catalogue does not know: written `equipment: unknown`",
                ),
            ],
            dropped: vec![
                Line::new(
                    self.images,
                    "picture paths: noted in each page's front matter, not copied (their rights are not known)",
                ),
                Line::of(&self.unknown_muscles, "muscle names the catalogue does not know"),
                Line::of(&self.no_muscle, "exercises naming no muscle the catalogue knows"),
                Line::of(&self.unknown_levels, "levels other than beginner, intermediate and expert"),
                Line::of(&self.no_instructions, "exercises with no instructions (their pages have no body)"),
                Line::of(&self.duplicate_ids, "entries whose id an earlier entry has"),
            ],
            ..Report::default()
        }
    }
}

impl Line {
    fn with_examples(mut self, all: Vec<String>) -> Line {
        self.examples = all.into_iter().take(super::EXAMPLES).collect();
        self
    }
}

/// `text` with the characters Markdown would read as markup escaped.
pub(super) fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '{' | '}'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The page about the data: where it comes from, and its licence, word for word.
fn about(licence: Option<&str>, source: Option<&str>) -> String {
    let mut text = format!(
        "The exercises of this guide were imported with `spotter import` from \
         [free-exercise-db]({REPOSITORY}), which its authors released into the public domain \
         under the [Unlicense](https://spdx.org/licenses/Unlicense.html).\n\n\
         Its pictures were not copied: their rights are not known. Each exercise's file notes \
         where its pictures are in the data set.\n"
    );
    if let Some(source) = source {
        text.push_str(&format!(
            "\nThe data set as imported: {}\n",
            escape_markdown(source.trim())
        ));
    }
    if let Some(licence) = licence {
        text.push_str("\n## The data set's licence\n\n");
        for line in licence.trim().lines() {
            text.push_str(&format!("> {}\n", escape_markdown(line)).replace("> \n", ">\n"));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(json: &str) -> Vec<Entry> {
        serde_json::from_str(json).unwrap()
    }

    const TWO: &str = r#"[
      {"id": "Dip_Machine", "name": "Dip Machine", "force": "push", "level": "expert",
       "mechanic": "compound", "equipment": "machine", "primaryMuscles": ["triceps"],
       "secondaryMuscles": ["chest", "shoulders", "triceps"],
       "instructions": ["Sit securely in a dip machine. Grasp the handles.", "Press *down*."],
       "category": "strength", "images": ["Dip_Machine/0.jpg", "Dip_Machine/1.jpg"]},
      {"id": "Sled_Push", "name": "Sled  Push", "force": null, "level": "beginner",
       "mechanic": null, "equipment": null, "primaryMuscles": ["quadriceps", "elbows"],
       "secondaryMuscles": [], "instructions": [], "category": "strongman", "images": []}
    ]"#;

    #[test]
    fn an_entry_becomes_an_exercise_in_the_data_sets_own_words() {
        let c = convert(entries(TWO), Some("This is free and unencumbered"), None);
        let [dip, sled] = &c.exercises[..] else {
            panic!("{:?}", c.exercises)
        };
        assert_eq!(dip.title, "Dip Machine");
        assert_eq!(dip.level, Some(Level::Advanced));
        assert_eq!(
            (dip.primary.clone(), dip.secondary.clone()),
            (
                vec!["triceps".to_string()],
                vec!["chest".to_string(), "shoulders".to_string()]
            )
        );
        assert_eq!(dip.equipment, ["machine"]);
        assert_eq!(dip.tags, ["strength", "push", "compound"]);
        assert_eq!(
            dip.summary.as_deref(),
            Some("Sit securely in a dip machine.")
        );
        assert_eq!(
            dip.body,
            "1. Sit securely in a dip machine. Grasp the handles.\n2. Press \\*down\\*.\n"
        );
        assert_eq!(
            dip.credit.as_ref().unwrap().license.as_deref(),
            Some("Unlicense")
        );
        assert!(dip
            .url
            .as_deref()
            .unwrap()
            .ends_with("/exercises/Dip_Machine.json"));
        assert_eq!(dip.notes.len(), 3);
        assert!(dip.notes[1].ends_with("exercises/Dip_Machine/0.jpg"));
        // Equipment the data set leaves out is not known: no bodyweight.
        assert_eq!(sled.title, "Sled Push");
        assert_eq!(sled.equipment, ["unknown"]);
        assert_eq!(sled.primary, ["quadriceps"]);
        assert_eq!((sled.summary.as_deref(), sled.body.as_str()), (None, ""));
        let shown = c.report.to_string();
        for line in [
            "    2 exercises, each a page",
            "    2 levels, of which 1 \"expert\" written as advanced",
            "    1 exercises naming no equipment (null): written `equipment: unknown`, not bodyweight (Sled Push)",
            "    2 picture paths",
            "    1 muscle names the catalogue does not know (elbows (Sled Push))",
        ] {
            assert!(shown.contains(line), "{line}\n{shown}");
        }
        assert!(c.about.contains("> This is free and unencumbered"));
    }

    #[test]
    fn an_entry_naming_no_known_muscle_is_dropped_and_reported() {
        let c = convert(
            entries(
                r#"[{"id": "x", "name": "X", "level": "beginner", "equipment": "bands", "primaryMuscles": ["wings"], "secondaryMuscles": []},
                        {"id": "x", "name": "X again", "level": "beginner", "equipment": "bands", "primaryMuscles": ["lats"]}]"#,
            ),
            None,
            None,
        );
        assert!(c.exercises.is_empty());
        let shown = c.report.to_string();
        assert!(
            shown.contains("1 exercises naming no muscle the catalogue knows (X)"),
            "{shown}"
        );
        assert!(
            shown.contains("1 entries whose id an earlier entry has (x)"),
            "{shown}"
        );
    }

    #[test]
    fn a_file_of_another_shape_is_an_error_naming_it() {
        let dir = std::env::temp_dir().join(format!("spotter-fedb-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("exercises.json");
        std::fs::write(&file, r#"[{"id": "a", "name": "A"}]"#).unwrap();
        let err = convert_file(&file).unwrap_err().to_string();
        assert!(
            err.contains("exercises.json: not free-exercise-db's exercises.json"),
            "{err}"
        );
        assert!(err.contains("missing field `level`"), "{err}");
        std::fs::write(&file, "<html>").unwrap();
        let err = convert_file(&file).unwrap_err().to_string();
        assert!(err.contains("not JSON"), "{err}");
        let err = convert_file(&dir.join("nope.json"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("cannot read ") && err.contains("nope.json: No such file"),
            "{err}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
