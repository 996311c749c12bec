//! wger (github.com/wger-project/wger): its exercise fixtures, Django's JSON dumps of
//! exercises (`exercise-base-data.json`), their translations with aliases and tips
//! (`translations.json`), muscles, equipment, categories, licences and languages.
//!
//! Each exercise becomes a page from its translation into the chosen language: the name the
//! title, the HTML description Markdown, its aliases and tips kept, and its licence and author
//! the page's `credit:` (each text has its own: CC BY-SA 3 or 4, CC0, ...). Muscles keep wger's
//! (Latin) names, which the catalogue knows; an exercise naming no muscle takes its category
//! (Arms, Legs, Back, ...) as a broad muscle. Exercises of one variation group list each other
//! as `variations`. An exercise with no translation into the language keeps its English one;
//! one whose name and text read as another language than the one they are filed under is
//! reported, as is every other guess.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::{
    first_sentence, one_line, read_json, Converted, Error, Exercise, Line, Report, Site, Vocabulary,
};
use crate::source::front_matter::Credit;

/// The data set's name in `source.dataset`.
pub const DATASET: &str = "wger";

/// The files read, in the fixture folder.
pub const FILES: [&str; 7] = [
    "exercise-base-data.json",
    "translations.json",
    "muscles.json",
    "equipment.json",
    "categories.json",
    "licenses.json",
    "languages.json",
];

/// One object of a Django fixture: its model, its key and its fields.
#[derive(Debug, Deserialize)]
struct Fixture {
    model: String,
    pk: u64,
    fields: serde_json::Value,
}

#[derive(Debug, Deserialize)]
struct Base {
    category: u64,
    #[serde(default)]
    variation_group: Option<String>,
    #[serde(default)]
    muscles: Vec<u64>,
    #[serde(default)]
    muscles_secondary: Vec<u64>,
    #[serde(default)]
    equipment: Vec<u64>,
}

#[derive(Debug, Deserialize)]
struct Translation {
    license: u64,
    #[serde(default)]
    license_author: String,
    #[serde(default)]
    description: String,
    name: String,
    language: u64,
    exercise: u64,
}

#[derive(Debug, Deserialize)]
struct Alias {
    translation: u64,
    alias: String,
}

#[derive(Debug, Deserialize)]
struct Comment {
    translation: u64,
    comment: String,
}

#[derive(Debug, Deserialize)]
struct Named {
    name: String,
}

#[derive(Debug, Deserialize)]
struct License {
    short_name: String,
    #[serde(default)]
    url: String,
}

#[derive(Debug, Deserialize)]
struct Language {
    short_name: String,
    #[serde(default)]
    full_name_en: String,
}

/// The fixture folder, read.
struct Data {
    bases: Vec<(u64, Base)>,
    translations: Vec<(u64, Translation)>,
    aliases: Vec<Alias>,
    comments: Vec<Comment>,
    muscles: HashMap<u64, String>,
    equipment: HashMap<u64, String>,
    categories: HashMap<u64, String>,
    licenses: HashMap<u64, License>,
    languages: HashMap<u64, Language>,
}

/// Reads the fixtures in `dir` and converts every exercise into `language` (a code such as
/// `en`, one of `languages.json`'s).
pub fn convert_dir(dir: &Path, language: &str) -> Result<Converted, Error> {
    let missing: Vec<&str> = FILES
        .iter()
        .copied()
        .filter(|f| !dir.join(f).is_file())
        .collect();
    if !missing.is_empty() {
        return Err(Error::Input(
            dir.to_path_buf(),
            format!(
                "not wger's fixture folder: {} missing (it needs {})",
                missing.join(", "),
                FILES.join(", ")
            ),
        ));
    }
    let data = read(dir)?;
    let readme = std::fs::read_to_string(dir.join("README.md")).ok();
    let source = std::fs::read_to_string(dir.join("SOURCE")).ok();
    convert(data, language, readme.as_deref(), source.as_deref())
}

/// Every fixture file of `dir`, each object's fields read into the type of its model.
fn read(dir: &Path) -> Result<Data, Error> {
    let load = |name: &str| -> Result<(std::path::PathBuf, Vec<Fixture>), Error> {
        let path = dir.join(name);
        let list = read_json(&path, "a wger fixture (an array of {model, pk, fields})")?;
        Ok((path, list))
    };
    fn fields<T: DeserializeOwned>(path: &Path, f: Fixture) -> Result<(u64, T), Error> {
        let pk = f.pk;
        serde_json::from_value(f.fields)
            .map(|v| (pk, v))
            .map_err(|e| {
                Error::Input(
                    path.to_path_buf(),
                    format!("not a wger fixture: {} {pk}: {e}", f.model),
                )
            })
    }
    fn all<T: DeserializeOwned>(path: &Path, list: Vec<Fixture>) -> Result<Vec<(u64, T)>, Error> {
        list.into_iter().map(|f| fields(path, f)).collect()
    }
    let names = |name: &str| -> Result<HashMap<u64, String>, Error> {
        let (path, list) = load(name)?;
        Ok(all::<Named>(&path, list)?
            .into_iter()
            .map(|(pk, n)| (pk, n.name))
            .collect())
    };
    let (path, list) = load("exercise-base-data.json")?;
    let bases = all(&path, list)?;
    let (path, list) = load("translations.json")?;
    let (mut translations, mut aliases, mut comments) = (Vec::new(), Vec::new(), Vec::new());
    for f in list {
        match f.model.as_str() {
            "exercises.alias" => aliases.push(fields::<Alias>(&path, f)?.1),
            "exercises.exercisecomment" => comments.push(fields::<Comment>(&path, f)?.1),
            _ => translations.push(fields::<Translation>(&path, f)?),
        }
    }
    let (path, list) = load("licenses.json")?;
    let licenses = all(&path, list)?.into_iter().collect();
    let (path, list) = load("languages.json")?;
    let languages = all(&path, list)?.into_iter().collect();
    Ok(Data {
        bases,
        translations,
        aliases,
        comments,
        muscles: names("muscles.json")?,
        equipment: names("equipment.json")?,
        categories: names("categories.json")?,
        licenses,
        languages,
    })
}

/// The broad muscle an exercise of wger's category `name` works when it names no muscle, and
/// whether that is a guess beyond the category's own word.
fn broad_muscle(category: &str) -> (&str, bool) {
    if category.eq_ignore_ascii_case("cardio") {
        // Cardio names no part of the body; wger's cardio is run, cycled, rowed and jumped.
        ("Legs", true)
    } else {
        (category, false)
    }
}

/// What the conversion met, for the report.
#[derive(Default)]
struct Tally {
    muscle_names: BTreeMap<String, usize>,
    unknown_muscles: Vec<String>,
    equipment_names: usize,
    unknown_equipment: Vec<String>,
    no_equipment: Vec<String>,
    broad: Vec<String>,
    cardio: Vec<String>,
    fallback: Vec<String>,
    other_language: Vec<String>,
    no_author: Vec<String>,
    licences: BTreeMap<String, usize>,
    unknown_licences: Vec<String>,
    html: usize,
    summaries: usize,
    aliases: usize,
    tips: usize,
    grouped: usize,
    groups: usize,
    untranslated: Vec<String>,
    other_translations: usize,
}

fn convert(
    data: Data,
    language: &str,
    readme: Option<&str>,
    source: Option<&str>,
) -> Result<Converted, Error> {
    let index = Index::new(&data, language)?;
    let mut tally = Tally::default();
    let mut bases: Vec<&(u64, Base)> = data.bases.iter().collect();
    bases.sort_by_key(|b| b.0);
    let exercises: Vec<Exercise> = bases
        .into_iter()
        .filter_map(|(pk, base)| index.exercise(*pk, base, &mut tally))
        .collect();
    tally.groups = index.groups.values().filter(|m| m.len() > 1).count();
    let licences = licence_list(&data.licenses, &tally.licences);
    let report = tally.report(exercises.len(), &index.language_name);
    Ok(Converted {
        dataset: DATASET,
        site: Site {
            title: "Exercises from wger".into(),
            description:
                "Exercises from wger's open exercise data, each text credited to its author.".into(),
            language: language.to_ascii_lowercase(),
        },
        about: about(&licences, readme, source),
        exercises,
        report,
    })
}

/// The fixtures, indexed to convert one exercise at a time.
struct Index<'a> {
    data: &'a Data,
    /// The chosen language's key.
    wanted: u64,
    /// English's key, the language every exercise has.
    english: Option<u64>,
    /// The chosen language's name, in English.
    language_name: String,
    /// Each exercise's translations, lowest key first.
    translations: HashMap<u64, Vec<&'a (u64, Translation)>>,
    /// Each translation's aliases.
    aliases: HashMap<u64, Vec<&'a str>>,
    /// Each translation's tips.
    tips: HashMap<u64, Vec<&'a str>>,
    /// The exercises of each variation group.
    groups: HashMap<&'a str, Vec<u64>>,
    vocabulary: Vocabulary,
    detector: LanguageCheck,
}

impl<'a> Index<'a> {
    /// `data` indexed for `language` (a code of its languages); an unknown code is a usage error.
    fn new(data: &'a Data, language: &str) -> Result<Self, Error> {
        let key_of = |code: &str| {
            (data.languages.iter())
                .find(|(_, l)| l.short_name.eq_ignore_ascii_case(code))
                .map(|(pk, _)| *pk)
        };
        let wanted = key_of(language).ok_or_else(|| {
            let mut codes: Vec<&str> = (data.languages.values())
                .map(|l| l.short_name.as_str())
                .collect();
            codes.sort_unstable();
            Error::Usage(format!(
                "wger has no language \"{language}\"; --language takes one of: {}",
                codes.join(", ")
            ))
        })?;
        let mut translations: HashMap<u64, Vec<&(u64, Translation)>> = HashMap::new();
        for t in &data.translations {
            translations.entry(t.1.exercise).or_default().push(t);
        }
        for list in translations.values_mut() {
            list.sort_by_key(|t| t.0);
        }
        let mut aliases: HashMap<u64, Vec<&str>> = HashMap::new();
        for a in &data.aliases {
            aliases
                .entry(a.translation)
                .or_default()
                .push(a.alias.trim());
        }
        let mut tips: HashMap<u64, Vec<&str>> = HashMap::new();
        for c in &data.comments {
            tips.entry(c.translation)
                .or_default()
                .push(c.comment.trim());
        }
        let mut groups: HashMap<&str, Vec<u64>> = HashMap::new();
        for (pk, b) in &data.bases {
            if let Some(g) = b.variation_group.as_deref().filter(|g| !g.is_empty()) {
                groups.entry(g).or_default().push(*pk);
            }
        }
        Ok(Index {
            data,
            wanted,
            english: key_of("en"),
            language_name: data.languages[&wanted].full_name_en.clone(),
            translations,
            aliases,
            tips,
            groups,
            vocabulary: Vocabulary::builtin(),
            detector: LanguageCheck::new(language),
        })
    }

    /// Exercise `pk` as a page; `None` when it has no translation, or names no muscle and its
    /// category none the catalogue knows.
    fn exercise(&self, pk: u64, base: &Base, tally: &mut Tally) -> Option<Exercise> {
        let list = self.translations.get(&pk).map_or(&[][..], Vec::as_slice);
        let chosen = (list.iter())
            .find(|t| t.1.language == self.wanted)
            .or_else(|| list.iter().find(|t| Some(t.1.language) == self.english))
            .or_else(|| list.first());
        let Some((tpk, t)) = chosen.map(|t| (t.0, &t.1)) else {
            tally.untranslated.push(pk.to_string());
            return None;
        };
        tally.other_translations += list.len() - 1;
        let title = one_line(&t.name);
        let title = if title.is_empty() {
            format!("Exercise {pk}")
        } else {
            title
        };
        let mut notes = Vec::new();
        if t.language != self.wanted {
            let code = self
                .data
                .languages
                .get(&t.language)
                .map_or("?", |l| l.short_name.as_str());
            tally.fallback.push(format!("{title} ({code})"));
            notes.push(format!(
                "Its name and text are not in {}: wger's data has no such translation.",
                self.language_name
            ));
        }

        let mut body = html_to_markdown(&t.description);
        tally.html += usize::from(!body.is_empty());
        if t.language == self.wanted {
            if let Some(other) = self.detector.other_language(&title, &body) {
                tally.other_language.push(format!("{title} ({other}?)"));
            }
        }
        let summary = first_sentence(&body);
        tally.summaries += usize::from(summary.is_some());
        if let Some(list) = self.tips.get(&tpk).filter(|l| !l.is_empty()) {
            body.push_str("\n\n## Tips\n\n");
            for tip in list {
                let tip = super::free_exercise_db::escape_markdown(tip);
                body.push_str(&format!("- {tip}\n"));
            }
            tally.tips += list.len();
        }

        let category = (self.data.categories.get(&base.category))
            .map(String::as_str)
            .unwrap_or("");
        let mut primary = self.muscles(&base.muscles, &title, tally);
        let secondary: Vec<String> = (self.muscles(&base.muscles_secondary, &title, tally))
            .into_iter()
            .filter(|m| !primary.contains(m))
            .collect();
        if primary.is_empty() {
            let (broad, guessed) = broad_muscle(category);
            if !self.vocabulary.is_muscle(broad) {
                let what = format!("category {category:?} ({title})");
                tally.unknown_muscles.push(what);
                return None;
            }
            if guessed {
                tally.cardio.push(title.clone());
            } else {
                tally.broad.push(format!("{title} ({broad})"));
            }
            primary.push(broad.to_string());
        }
        let equipment = self.equipment(&base.equipment, &title, tally);
        let url = format!("https://wger.de/api/v2/exerciseinfo/{pk}/");
        let credit = self.credit(t, &title, &url, tally);
        let variations: Vec<String> = (base.variation_group.as_deref())
            .and_then(|g| self.groups.get(g))
            .map(|members| {
                members
                    .iter()
                    .filter(|m| **m != pk)
                    .map(u64::to_string)
                    .collect()
            })
            .unwrap_or_default();
        tally.grouped += usize::from(!variations.is_empty());
        let aliases: Vec<String> = (self.aliases.get(&tpk).into_iter().flatten())
            .map(|a| one_line(a))
            .filter(|a| !a.is_empty() && *a != title)
            .collect();
        tally.aliases += aliases.len();
        Some(Exercise {
            id: pk.to_string(),
            title,
            summary,
            aliases,
            primary,
            secondary,
            equipment,
            level: None,
            tags: Some(category.to_string())
                .filter(|c| !c.is_empty())
                .into_iter()
                .collect(),
            variations,
            credit: Some(credit),
            url: Some(url),
            body,
            notes,
        })
    }

    /// The names of the muscles `ids` that the catalogue knows, each once; the others are
    /// counted as dropped.
    fn muscles(&self, ids: &[u64], title: &str, tally: &mut Tally) -> Vec<String> {
        let mut names = Vec::new();
        for id in ids {
            match self.data.muscles.get(id) {
                Some(n) if self.vocabulary.is_muscle(n) => {
                    *tally.muscle_names.entry(n.clone()).or_default() += 1;
                    if !names.contains(n) {
                        names.push(n.clone());
                    }
                }
                other => tally.unknown_muscles.push(format!(
                    "{} ({title})",
                    other.map_or_else(|| format!("muscle {id}"), Clone::clone)
                )),
            }
        }
        names
    }

    /// The names of the equipment `ids` that the catalogue knows; `unknown` when none is.
    fn equipment(&self, ids: &[u64], title: &str, tally: &mut Tally) -> Vec<String> {
        let mut names = Vec::new();
        for id in ids {
            match self.data.equipment.get(id) {
                Some(n) if self.vocabulary.is_equipment(n) => {
                    tally.equipment_names += 1;
                    names.push(n.clone());
                }
                other => tally.unknown_equipment.push(format!(
                    "{} ({title})",
                    other.map_or_else(|| format!("equipment {id}"), Clone::clone)
                )),
            }
        }
        if names.is_empty() {
            if ids.is_empty() {
                tally.no_equipment.push(title.to_string());
            }
            names.push("unknown".to_string());
        }
        names
    }

    /// The credit of translation `t`: its author, its licence's SPDX identifier, and `url`.
    fn credit(&self, t: &Translation, title: &str, url: &str, tally: &mut Tally) -> Credit {
        let license =
            self.data
                .licenses
                .get(&t.license)
                .map(|l| match super::spdx_of(&l.short_name) {
                    Some(id) => id.to_string(),
                    None => {
                        tally
                            .unknown_licences
                            .push(format!("{} ({title})", l.short_name));
                        l.short_name.trim().to_string()
                    }
                });
        if let Some(l) = &license {
            *tally.licences.entry(l.clone()).or_default() += 1;
        }
        let author = Some(t.license_author.trim().to_string()).filter(|a| !a.is_empty());
        if author.is_none() {
            tally.no_author.push(title.to_string());
        }
        Credit {
            author,
            license,
            source: Some(url.to_string()),
        }
    }
}

/// The licences the texts are under, with how many texts each, and their pages.
fn licence_list(licenses: &HashMap<u64, License>, used: &BTreeMap<String, usize>) -> String {
    let mut text = String::new();
    for (id, n) in used {
        let page = licenses
            .values()
            .find(|l| {
                super::spdx_of(&l.short_name) == Some(id.as_str()) || l.short_name.trim() == id
            })
            .map(|l| l.url.trim())
            .filter(|u| u.starts_with("http"));
        match page {
            Some(url) => text.push_str(&format!("- [{id}]({url}): {n} texts\n")),
            None => text.push_str(&format!("- {id}: {n} texts\n")),
        }
    }
    text
}

/// The page about the data.
fn about(licences: &str, readme: Option<&str>, source: Option<&str>) -> String {
    let mut text = String::from(
        "The exercises of this guide were imported with `spotter import` from the exercise \
         data of [wger](https://wger.de), the free workout manager. Every text has its own \
         author and licence, shown under it; a text under a Creative Commons BY-SA licence \
         must keep its author and licence when it is republished, and what is made from it \
         must be shared under the same licence.\n\n## Licences of the texts\n\n",
    );
    text.push_str(licences);
    if let Some(source) = source {
        text.push_str(&format!(
            "\nThe data as imported: {}\n",
            super::free_exercise_db::escape_markdown(source.trim())
        ));
    }
    if let Some(readme) = readme {
        text.push_str("\n## About the data\n\n");
        for line in readme.trim().lines().filter(|l| !l.starts_with('#')) {
            text.push_str(line);
            text.push('\n');
        }
    }
    text
}

/// wger's HTML description as Markdown.
fn html_to_markdown(html: &str) -> String {
    if html.trim().is_empty() {
        return String::new();
    }
    let converter = htmd::HtmlToMarkdown::builder()
        .options(htmd::options::Options {
            bullet_list_marker: htmd::options::BulletListMarker::Dash,
            ul_bullet_spacing: 1,
            ol_number_spacing: 1,
            ..Default::default()
        })
        .build();
    let md = converter.convert(html).unwrap_or_else(|_| html.to_string());
    // Non-breaking spaces, which wger's editor leaves, read as spaces.
    md.replace('\u{a0}', " ").trim().to_string()
}

/// Tells a text that reads as another language than the one chosen.
struct LanguageCheck {
    wanted: Option<whatlang::Lang>,
}

impl LanguageCheck {
    fn new(code: &str) -> Self {
        // wger's two-letter codes, as whatlang's three-letter ones.
        let three = match code.to_ascii_lowercase().as_str() {
            "en" => "eng",
            "de" => "deu",
            "es" => "spa",
            "fr" => "fra",
            "it" => "ita",
            "pt" => "por",
            "nl" => "nld",
            "cs" => "ces",
            "pl" => "pol",
            "ru" => "rus",
            "uk" => "ukr",
            "sv" => "swe",
            "tr" => "tur",
            "hr" => "hrv",
            "el" => "ell",
            "bg" => "bul",
            "id" => "ind",
            "he" => "heb",
            "ar" => "ara",
            "fa" => "pes",
            "zh" => "cmn",
            "eo" => "epo",
            "az" => "aze",
            _ => "",
        };
        LanguageCheck {
            wanted: whatlang::Lang::from_code(three),
        }
    }

    /// The language `title` and `body` read as, in English, when it is reliably another one
    /// than the chosen one. Names alone are too short to tell: the text goes with them.
    fn other_language(&self, title: &str, body: &str) -> Option<&'static str> {
        let wanted = self.wanted?;
        let text = format!("{title}. {body}");
        if text.chars().filter(|c| c.is_alphabetic()).count() < 20 {
            return None;
        }
        let info = whatlang::detect(&text)?;
        (info.is_reliable() && info.lang() != wanted).then(|| info.lang().eng_name())
    }
}

impl Tally {
    fn report(self, exercises: usize, language: &str) -> Report {
        let muscles: Vec<String> = self.muscle_names.keys().cloned().collect();
        let licences: Vec<String> = self
            .licences
            .iter()
            .map(|(l, n)| format!("{l}: {n}"))
            .collect();
        Report {
            mapped: vec![
                Line::new(
                    exercises,
                    format!("exercises, each a page from its {language} translation"),
                ),
                Line {
                    count: self.licences.values().sum(),
                    what: "texts credited to their author under their own licence".into(),
                    examples: licences,
                },
                Line::new(self.html, "descriptions from HTML to Markdown"),
                Line::of(
                    &muscles,
                    "muscle names kept as written, each known to the built-in catalogue",
                ),
                Line::new(self.equipment_names, "pieces of equipment kept as written"),
                Line::new(
                    self.grouped,
                    format!(
                        "exercises of {} variation groups listing each other as variations",
                        self.groups
                    ),
                ),
                Line::new(self.aliases, "aliases"),
                Line::new(
                    self.tips,
                    "tips, listed under Tips in their exercise's page",
                ),
            ],
            guessed: vec![
                Line::of(
                    &self.broad,
                    "exercises naming no muscle: their category as a broad muscle",
                ),
                Line::of(&self.cardio, "cardio exercises naming no muscle: Legs"),
                Line::of(
                    &self.no_equipment,
                    "exercises naming no equipment: written `equipment: unknown`, not bodyweight",
                ),
                Line::new(
                    self.summaries,
                    "summaries: the first sentence of the description",
                ),
                Line::of(
                    &self.fallback,
                    format!("names not in {language}: kept in the language wger has them in"),
                ),
                Line::of(
                    &self.other_language,
                    format!("names filed as {language} whose text reads as another language"),
                ),
                Line::of(
                    &self.no_author,
                    "texts whose author wger does not name (credited without one)",
                ),
                Line::of(
                    &self.unknown_licences,
                    "licences with no SPDX identifier known: written as wger names them",
                ),
            ],
            dropped: vec![
                Line::new(
                    self.other_translations,
                    format!("translations into languages other than {language}"),
                ),
                Line::of(&self.unknown_muscles, "muscles the catalogue does not know"),
                Line::of(
                    &self.unknown_equipment,
                    "pieces of equipment the catalogue does not know",
                ),
                Line::of(
                    &self.untranslated,
                    "exercises with no translation at all (by id)",
                ),
            ],
            ..Report::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixture folder of two exercises in one variation group and a third on its own.
    fn data() -> Data {
        let fixtures = |json: &str| -> Vec<Fixture> { serde_json::from_str(json).unwrap() };
        let mut bases = Vec::new();
        for f in fixtures(
            r#"[
            {"model": "exercises.exercise", "pk": 9, "fields": {"category": 8, "variation_group": "g1", "muscles": [1], "muscles_secondary": [1, 2], "equipment": [3]}},
            {"model": "exercises.exercise", "pk": 12, "fields": {"category": 8, "variation_group": "g1", "muscles": [], "muscles_secondary": [], "equipment": []}},
            {"model": "exercises.exercise", "pk": 20, "fields": {"category": 15, "variation_group": null, "muscles": [], "muscles_secondary": [], "equipment": [7]}}
        ]"#,
        ) {
            bases.push(fields::<Base>(f));
        }
        let mut translations = Vec::new();
        for f in fixtures(
            r#"[
            {"model": "exercises.translation", "pk": 1, "fields": {"license": 2, "license_author": "Ana", "description": "<p>Curl the <strong>bar</strong> up. Lower it.</p><ul><li>Slowly</li></ul>", "name": "Biceps Curl", "language": 2, "exercise": 9}},
            {"model": "exercises.translation", "pk": 2, "fields": {"license": 2, "license_author": "Ben", "description": "<p>Die Stange beugen.</p>", "name": "Bizepscurl", "language": 1, "exercise": 9}},
            {"model": "exercises.translation", "pk": 3, "fields": {"license": 3, "license_author": "", "description": "", "name": "Hammer Curl", "language": 2, "exercise": 12}},
            {"model": "exercises.translation", "pk": 4, "fields": {"license": 1, "license_author": "Cy", "description": "<p>Laufen.</p>", "name": "Laufen", "language": 1, "exercise": 20}}
        ]"#,
        ) {
            translations.push(fields::<Translation>(f));
        }
        let names =
            |pairs: &[(u64, &str)]| pairs.iter().map(|(k, v)| (*k, v.to_string())).collect();
        Data {
            bases,
            translations,
            aliases: vec![Alias {
                translation: 1,
                alias: "Curl".into(),
            }],
            comments: vec![Comment {
                translation: 1,
                comment: "Elbows *still*".into(),
            }],
            muscles: names(&[(1, "Biceps brachii"), (2, "Brachialis")]),
            equipment: names(&[(3, "SZ-Bar"), (7, "none (bodyweight exercise)")]),
            categories: names(&[(8, "Arms"), (15, "Cardio")]),
            licenses: [
                (
                    1,
                    "CC-BY-SA 3",
                    "https://creativecommons.org/licenses/by-sa/3.0/",
                ),
                (
                    2,
                    "CC-BY-SA 4",
                    "https://creativecommons.org/licenses/by-sa/4.0/",
                ),
                (3, "CC0", ""),
            ]
            .into_iter()
            .map(|(pk, s, u)| {
                (
                    pk,
                    License {
                        short_name: s.into(),
                        url: u.into(),
                    },
                )
            })
            .collect(),
            languages: [(1, "de", "German"), (2, "en", "English")]
                .into_iter()
                .map(|(pk, s, n)| {
                    (
                        pk,
                        Language {
                            short_name: s.into(),
                            full_name_en: n.into(),
                        },
                    )
                })
                .collect(),
        }
    }

    fn fields<T: DeserializeOwned>(f: Fixture) -> (u64, T) {
        (f.pk, serde_json::from_value(f.fields).unwrap())
    }

    #[test]
    fn a_translation_becomes_a_page_with_its_credit_variations_and_tips() {
        let c = convert(data(), "en", None, None).unwrap();
        let [curl, hammer, run] = &c.exercises[..] else {
            panic!("{:?}", c.exercises)
        };
        assert_eq!(curl.title, "Biceps Curl");
        assert_eq!(
            curl.body,
            "Curl the **bar** up. Lower it.\n\n- Slowly\n\n## Tips\n\n- Elbows \\*still\\*\n"
        );
        assert_eq!(curl.summary.as_deref(), Some("Curl the bar up."));
        assert_eq!(curl.aliases, ["Curl"]);
        assert_eq!(
            (curl.primary.as_slice(), curl.secondary.as_slice()),
            (
                &["Biceps brachii".to_string()][..],
                &["Brachialis".to_string()][..]
            )
        );
        assert_eq!(curl.equipment, ["SZ-Bar"]);
        let credit = curl.credit.as_ref().unwrap();
        assert_eq!(
            (credit.author.as_deref(), credit.license.as_deref()),
            (Some("Ana"), Some("CC-BY-SA-4.0"))
        );
        assert_eq!(curl.variations, ["12"]);
        assert_eq!(hammer.variations, ["9"]);
        // No muscle: its category; no equipment: not known; no author: none credited.
        assert_eq!(
            (hammer.primary.as_slice(), hammer.equipment.as_slice()),
            (&["Arms".to_string()][..], &["unknown".to_string()][..])
        );
        assert_eq!(hammer.credit.as_ref().unwrap().author, None);
        assert_eq!(
            hammer.credit.as_ref().unwrap().license.as_deref(),
            Some("CC0-1.0")
        );
        // No English translation: kept in German, and said so.
        assert_eq!(
            (run.title.as_str(), run.primary.as_slice()),
            ("Laufen", &["Legs".to_string()][..])
        );
        assert_eq!(run.equipment, ["none (bodyweight exercise)"]);
        assert_eq!(run.notes.len(), 1);
        let shown = c.report.to_string();
        for line in [
            "    1 names not in English: kept in the language wger has them in (Laufen (de))",
            "    1 exercises naming no muscle: their category as a broad muscle (Hammer Curl (Arms))",
            "    1 cardio exercises naming no muscle: Legs (Laufen)",
            "    1 exercises naming no equipment: written `equipment: unknown`, not bodyweight (Hammer Curl)",
            "    2 exercises of 1 variation groups",
            "    1 translations into languages other than English",
            "    3 texts credited to their author under their own licence (CC-BY-SA-3.0: 1, CC-BY-SA-4.0: 1, CC0-1.0: 1)",
        ] {
            assert!(shown.contains(line), "{line}\n{shown}");
        }
        assert!(
            c.about.contains(
                "[CC-BY-SA-4.0](https://creativecommons.org/licenses/by-sa/4.0/): 1 texts"
            ),
            "{}",
            c.about
        );
    }

    #[test]
    fn the_chosen_language_gives_the_page_and_an_unknown_one_is_refused() {
        let c = convert(data(), "de", None, None).unwrap();
        assert_eq!(c.exercises[0].title, "Bizepscurl");
        assert_eq!(
            c.exercises[0].credit.as_ref().unwrap().author.as_deref(),
            Some("Ben")
        );
        assert_eq!(c.exercises[1].title, "Hammer Curl");
        assert_eq!(c.site.language, "de");
        let err = convert(data(), "xx", None, None).unwrap_err();
        assert!(err.is_usage());
        assert_eq!(
            err.to_string(),
            "wger has no language \"xx\"; --language takes one of: de, en"
        );
    }

    #[test]
    fn a_text_in_another_language_than_its_own_is_told() {
        let check = LanguageCheck::new("en");
        assert_eq!(
            check.other_language(
                "Jalón al pecho",
                "El jalón al pecho es un ejercicio importante para fortalecer la espalda."
            ),
            Some("Spanish")
        );
        assert_eq!(
            check.other_language(
                "Row",
                "Pull the handles to your ribs, then let them go back slowly."
            ),
            None
        );
        assert_eq!(check.other_language("Row", ""), None);
    }

    #[test]
    fn a_folder_without_the_fixtures_is_an_error_naming_what_is_missing() {
        let dir = std::env::temp_dir().join(format!("spotter-wger-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("muscles.json"), "[]").unwrap();
        let err = convert_dir(&dir, "en").unwrap_err().to_string();
        assert!(err.contains("not wger's fixture folder: exercise-base-data.json, translations.json, equipment.json"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
