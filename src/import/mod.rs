//! `spotter import`: a guide made from an open exercise data set, with its credits kept.
//!
//! Each data set has a converter ([`free_exercise_db`], [`wger`]) that reads its files and
//! turns every entry into an [`Exercise`]: the data set's own words for muscles and equipment
//! (which resolve in the built-in catalogue), its text as the body, its licence and author as
//! the page's `credit:`, and where it came from as its `source:`. What the converters share is
//! here: slugs made from the titles and kept distinct, the pages written out as Markdown with
//! front matter, and the [`Report`] of what was mapped, guessed and dropped. Writing the guide
//! folder, and telling the files the importer wrote from those edited since, is [`write`]'s.
//!
//! A converter reads and converts everything before anything is written, so bad input (a
//! missing file, a file that is not the JSON expected) is an error with nothing written.

pub mod free_exercise_db;
pub mod wger;
mod write;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::catalogue::{self, Catalogue, Entry};
use crate::source::front_matter::{Credit, Origin, LINE_MAX};
use crate::source::prescription::Level;
use crate::source::slug::{name_key, slugify};

pub use write::Fate;

/// One exercise as a converter read it, before it has a slug.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Exercise {
    /// Its id in the data set; [`Exercise::variations`] name others by it.
    pub id: String,
    /// Its name.
    pub title: String,
    /// A sentence for lists.
    pub summary: Option<String>,
    /// Other names.
    pub aliases: Vec<String>,
    /// The muscles doing the work, in the data set's words.
    pub primary: Vec<String>,
    /// The muscles helping.
    pub secondary: Vec<String>,
    /// What it needs, in the data set's words; `["unknown"]` when the data set does not say.
    pub equipment: Vec<String>,
    /// How hard it is.
    pub level: Option<Level>,
    /// Tags (the data set's categories and the like).
    pub tags: Vec<String>,
    /// The ids of its variations.
    pub variations: Vec<String>,
    /// Who wrote its text, under which licence.
    pub credit: Option<Credit>,
    /// The entry's address.
    pub url: Option<String>,
    /// The instructions, in Markdown.
    pub body: String,
    /// Lines for the guide's author, written as YAML comments at the end of the front matter.
    pub notes: Vec<String>,
}

/// A data set converted: its exercises, the pages about it, and what the conversion did.
#[derive(Debug)]
pub struct Converted {
    /// The data set's name, as `source.dataset` writes it.
    pub dataset: &'static str,
    /// Every exercise, in the data set's order.
    pub exercises: Vec<Exercise>,
    /// `site.yaml`'s title, description and language, for a new guide.
    pub site: Site,
    /// The Markdown of `content/about-the-data.md`: where the data comes from, its licences.
    pub about: String,
    /// What was mapped, guessed and dropped.
    pub report: Report,
}

/// What `site.yaml` says in an imported guide.
#[derive(Debug)]
pub struct Site {
    /// The guide's title.
    pub title: String,
    /// One line about it.
    pub description: String,
    /// Its language code.
    pub language: String,
}

/// What went wrong. Nothing is written when an import fails.
#[derive(Debug)]
pub enum Error {
    /// A file could not be read.
    Read(PathBuf, std::io::Error),
    /// The guide could not be written.
    Write(PathBuf, std::io::Error),
    /// A file is not what the data set's files are.
    Input(PathBuf, String),
    /// A wrong command: an unknown language, an output that is a file.
    Usage(String),
}

impl Error {
    /// Whether the command itself was wrong (exit status 2).
    pub fn is_usage(&self) -> bool {
        matches!(self, Error::Usage(_))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Read(path, e) => write!(f, "cannot read {}: {e}", path.display()),
            Error::Write(path, e) => write!(f, "cannot write {}: {e}", path.display()),
            Error::Input(path, message) => write!(f, "{}: {message}", path.display()),
            Error::Usage(message) => f.write_str(message),
        }
    }
}

/// Reads `path` as JSON of type `T`; a missing file or another shape is an error that names
/// the file, and for JSON, the line and column.
pub(crate) fn read_json<T: serde::de::DeserializeOwned>(
    path: &Path,
    expected: &str,
) -> Result<T, Error> {
    let text = std::fs::read(path).map_err(|e| Error::Read(path.to_path_buf(), e))?;
    serde_json::from_slice(&text).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Data => format!("not {expected}: {e}"),
            _ => format!("not JSON ({e}); expected {expected}"),
        };
        Error::Input(path.to_path_buf(), what)
    })
}

// ---------------------------------------------------------------------------------------------
// The report

/// What an import did with the data, in three lists, each line with a count.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Report {
    /// What was carried over as it was, or by a fixed rule.
    pub mapped: Vec<Line>,
    /// What the importer had to decide for the data set: worth a look.
    pub guessed: Vec<Line>,
    /// What was not carried over.
    pub dropped: Vec<Line>,
    /// What became of each file of the guide; filled in by [`import`].
    pub files: BTreeMap<Fate, Vec<PathBuf>>,
}

/// One line of a [`Report`]: how many of what, and a few examples.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// How many.
    pub count: usize,
    /// Of what, and what was done.
    pub what: String,
    /// Up to [`EXAMPLES`] of them, by name.
    pub examples: Vec<String>,
}

/// How many examples a line of the report names.
pub const EXAMPLES: usize = 5;

impl Line {
    /// A line with no examples.
    pub fn new(count: usize, what: impl Into<String>) -> Line {
        Line {
            count,
            what: what.into(),
            examples: Vec::new(),
        }
    }

    /// A line counting `names`, naming the first few.
    pub fn of(names: &[String], what: impl Into<String>) -> Line {
        Line {
            count: names.len(),
            what: what.into(),
            examples: names.iter().take(EXAMPLES).cloned().collect(),
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (head, lines) in [
            ("mapped", &self.mapped),
            ("guessed", &self.guessed),
            ("dropped", &self.dropped),
        ] {
            let shown: Vec<&Line> = lines.iter().filter(|l| l.count > 0).collect();
            writeln!(
                f,
                "{head}:{}",
                if shown.is_empty() { " nothing" } else { "" }
            )?;
            for line in shown {
                write!(f, "  {:>5} {}", line.count, line.what)?;
                if !line.examples.is_empty() {
                    let more = if line.count > line.examples.len() {
                        ", ..."
                    } else {
                        ""
                    };
                    write!(f, " ({}{more})", line.examples.join(", "))?;
                }
                writeln!(f)?;
            }
        }
        writeln!(f, "files:")?;
        for (fate, paths) in &self.files {
            let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            let line = Line::of(&names, fate.to_string());
            write!(f, "  {:>5} {}", line.count, line.what)?;
            if matches!(fate, Fate::KeptEdited | Fate::KeptOwn) {
                write!(f, ": {}", line.examples.join(", "))?;
                if line.count > line.examples.len() {
                    write!(f, ", ...")?;
                }
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// From exercises to files

/// Imports `converted` into the guide folder `out`: every page and `site.yaml` made, then
/// written (see [`write`]), and the report with what became of each file.
pub fn import(converted: Converted, out: &Path) -> Result<Report, Error> {
    let Converted {
        dataset,
        exercises,
        site,
        about,
        mut report,
    } = converted;
    let earlier = write::earlier_pages(out, dataset);
    let ids: HashSet<&str> = exercises.iter().map(|e| e.id.as_str()).collect();
    let mut gone: Vec<String> = earlier
        .iter()
        .filter(|(id, _)| !ids.contains(id.as_str()))
        .map(|(_, slug)| format!("content/exercises/{slug}.md"))
        .collect();
    gone.sort();
    report.dropped.push(Line::of(
        &gone,
        "pages of an earlier import whose entry the data set no longer has: kept",
    ));
    let mut files = pages_of(dataset, &exercises, &earlier);
    files.push(GuideFile::owned(
        "content/about-the-data.md",
        file_text(
            &Matter {
                title: Some(&format!("About the data: {dataset}")),
                summary: Some("Where this guide's exercises come from, and under which licences."),
                source: Some(Origin {
                    dataset: Some(dataset.to_string()),
                    ..Origin::default()
                }),
                ..Matter::default()
            },
            &[],
            &about,
        ),
    ));
    files.push(GuideFile {
        rel: PathBuf::from("site.yaml"),
        text: site_yaml(&site),
        owned: false,
    });
    report.files = write::write_guide(out, &files)?;
    Ok(report)
}

/// One file of the imported guide.
#[derive(Debug, Clone, PartialEq)]
pub struct GuideFile {
    /// Where it goes, relative to the guide folder.
    pub rel: PathBuf,
    /// What it holds.
    pub text: String,
    /// Whether it carries a `source.hash`, so that a later import may replace it while it is
    /// unedited; `site.yaml` does not, and is written only where there is none.
    pub owned: bool,
}

impl GuideFile {
    fn owned(rel: &str, text: String) -> GuideFile {
        GuideFile {
            rel: PathBuf::from(rel),
            text,
            owned: true,
        }
    }
}

/// The page of every exercise, each under its slug (see [`slugs_of`], which `earlier` goes to).
pub fn pages_of(
    dataset: &str,
    exercises: &[Exercise],
    earlier: &HashMap<String, String>,
) -> Vec<GuideFile> {
    let slugs = slugs_of(exercises, earlier);
    let by_id: HashMap<&str, &str> = exercises
        .iter()
        .zip(&slugs)
        .map(|(e, s)| (e.id.as_str(), s.as_str()))
        .collect();
    exercises
        .iter()
        .zip(&slugs)
        .map(|(e, slug)| {
            let variations: Vec<&str> = e
                .variations
                .iter()
                .filter_map(|id| by_id.get(id.as_str()).copied())
                .filter(|s| s != slug)
                .collect();
            let matter = Matter {
                title: Some(&e.title),
                summary: e.summary.as_deref(),
                aliases: e.aliases.iter().map(String::as_str).collect(),
                muscles: Some(Muscles {
                    primary: e.primary.iter().map(String::as_str).collect(),
                    secondary: e.secondary.iter().map(String::as_str).collect(),
                }),
                equipment: e.equipment.iter().map(String::as_str).collect(),
                level: e.level.map(|l| l.as_str()),
                tags: e.tags.iter().map(String::as_str).collect(),
                variations,
                credit: e.credit.clone(),
                source: Some(Origin {
                    dataset: Some(dataset.to_string()),
                    id: Some(e.id.clone()),
                    url: e.url.clone(),
                    hash: None,
                }),
            };
            GuideFile::owned(
                &format!("content/exercises/{slug}.md"),
                file_text(&matter, &e.notes, &e.body),
            )
        })
        .collect()
}

/// A slug for each exercise, from its title: distinct, and the same whatever order the data set
/// lists them in. An entry an earlier import wrote keeps the slug it has (`earlier`, by id), so
/// that importing again writes each entry over its own page. Titles that give one slug are told
/// apart by `-2`, `-3`, ... in the order of their ids; a title that gives none is `exercise-ID`.
pub fn slugs_of(exercises: &[Exercise], earlier: &HashMap<String, String>) -> Vec<String> {
    let base: Vec<String> = exercises
        .iter()
        .map(|e| {
            let s = slugify(&e.title);
            let s = if s.is_empty() {
                slugify(&format!("exercise {}", e.id))
            } else {
                s
            };
            // A slug is a file name: kept well under the limits of file systems.
            truncate_slug(&s, 80)
        })
        .collect();
    let mut slugs = vec![String::new(); exercises.len()];
    let mut taken: HashSet<String> = HashSet::new();
    for (i, e) in exercises.iter().enumerate() {
        if let Some(slug) = earlier.get(&e.id) {
            if crate::source::slug::is_valid(slug) && taken.insert(slug.clone()) {
                slugs[i] = slug.clone();
            }
        }
    }
    let mut order: Vec<usize> = (0..exercises.len())
        .filter(|&i| slugs[i].is_empty())
        .collect();
    order.sort_by(|&a, &b| {
        (&base[a], id_order(&exercises[a].id)).cmp(&(&base[b], id_order(&exercises[b].id)))
    });
    // Another title's own slug is never given as a `-N` form.
    let reserved: HashSet<&String> = order.iter().map(|&i| &base[i]).collect();
    for i in order {
        let mut slug = base[i].clone();
        let mut k = 1;
        while taken.contains(&slug) || (k > 1 && reserved.contains(&slug)) {
            k += 1;
            slug = format!("{}-{k}", base[i]);
        }
        taken.insert(slug.clone());
        slugs[i] = slug;
    }
    slugs
}

/// Ids compare as numbers where they are numbers (wger's), else as text.
fn id_order(id: &str) -> (u64, &str) {
    (id.parse().unwrap_or(u64::MAX), id)
}

/// `slug` cut to at most `max` bytes, at a hyphen where there is one.
fn truncate_slug(slug: &str, max: usize) -> String {
    if slug.len() <= max {
        return slug.to_string();
    }
    let mut end = max;
    while !slug.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &slug[..end];
    cut.rfind('-')
        .filter(|&i| i > 0)
        .map_or(cut, |i| &cut[..i])
        .to_string()
}

/// The front matter of an imported page, in the order a reader expects the keys.
#[derive(Debug, Default, Serialize)]
struct Matter<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    muscles: Option<Muscles<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    equipment: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    variations: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credit: Option<Credit>,
    // Last, so that the hash is the front matter's last key (see `write`).
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<Origin>,
}

#[derive(Debug, Serialize)]
struct Muscles<'a> {
    primary: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    secondary: Vec<&'a str>,
}

/// A page's file: its front matter (with `notes` as comments after it) and its body, with the
/// hash of that text written into `source:` when it has one.
fn file_text(matter: &Matter<'_>, notes: &[String], body: &str) -> String {
    let yaml = serde_yaml::to_string(matter).unwrap_or_default();
    let mut text = format!("---\n{yaml}");
    for note in notes {
        text.push_str("# ");
        text.push_str(note);
        text.push('\n');
    }
    text.push_str("---\n");
    let body = body.trim();
    if !body.is_empty() {
        text.push_str(body);
        text.push('\n');
    }
    if matter.source.is_some() {
        write::with_hash(&text)
    } else {
        text
    }
}

/// `site.yaml` of an imported guide.
fn site_yaml(site: &Site) -> String {
    #[derive(Serialize)]
    struct SiteYaml<'a> {
        title: &'a str,
        description: &'a str,
        language: &'a str,
    }
    let yaml = serde_yaml::to_string(&SiteYaml {
        title: &site.title,
        description: &site.description,
        language: &site.language,
    })
    .unwrap_or_default();
    format!(
        "# Made by spotter import. Every other key keeps its default: see `spotter schema --kind site`.\n{yaml}"
    )
}

// ---------------------------------------------------------------------------------------------
// Shared conversions

/// The first sentence of `text` (Markdown or plain), as a summary of at most a few hundred
/// characters; `None` when the text has none.
pub fn first_sentence(text: &str) -> Option<String> {
    const MAX: usize = 300;
    let plain: String = text
        .lines()
        .map(|l| l.trim().trim_start_matches(['#', '*', '-', '>', ' ']))
        .map(|l| {
            l.trim_start_matches(|c: char| c.is_ascii_digit())
                .trim_start_matches(['.', ')', ' '])
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['*', '_', '`'], "");
    let plain = plain.trim();
    if plain.is_empty() {
        return None;
    }
    // The end of the first sentence: a stop followed by a space or the end.
    let mut end = plain.len();
    let bytes = plain.as_bytes();
    for (i, c) in plain.char_indices() {
        if matches!(c, '.' | '!' | '?') && (i + 1 == bytes.len() || bytes[i + 1] == b' ') {
            end = i + 1;
            break;
        }
    }
    let sentence = &plain[..end];
    if sentence.chars().count() <= MAX {
        return Some(sentence.to_string());
    }
    let cut: String = sentence.chars().take(MAX).collect();
    let cut = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    Some(format!("{}…", cut.trim_end_matches([',', ';', ':'])))
}

/// `title` as a title may be: one line, at most [`LINE_MAX`] characters.
pub fn one_line(title: &str) -> String {
    let line = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= LINE_MAX {
        return line;
    }
    line.chars().take(LINE_MAX - 1).collect::<String>() + "…"
}

/// Which built-in catalogue entries the names of a data set resolve to.
pub struct Vocabulary {
    muscles: HashMap<String, usize>,
    equipment: HashMap<String, usize>,
}

impl Vocabulary {
    /// The names of the built-in catalogue.
    pub fn builtin() -> Vocabulary {
        let index = |entries: &[Entry]| {
            let mut names = HashMap::new();
            for (i, e) in entries.iter().enumerate() {
                for n in catalogue::names(e) {
                    names.entry(name_key(n)).or_insert(i);
                }
            }
            names
        };
        let c = Catalogue::builtin();
        Vocabulary {
            muscles: index(&c.muscles),
            equipment: index(&c.equipment),
        }
    }

    /// Whether `name` names a built-in muscle, as the link stage resolves it.
    pub fn is_muscle(&self, name: &str) -> bool {
        self.muscles.contains_key(&name_key(name))
    }

    /// Whether `name` names a built-in piece of equipment.
    pub fn is_equipment(&self, name: &str) -> bool {
        self.equipment.contains_key(&name_key(name))
    }
}

/// An SPDX identifier for a licence as data sets write it (`CC-BY-SA 4`, `CC0`); `None` for
/// one it does not know.
pub fn spdx_of(name: &str) -> Option<&'static str> {
    let key: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    Some(match key.as_str() {
        "ccbysa3" | "ccbysa30" => "CC-BY-SA-3.0",
        "ccbysa4" | "ccbysa40" => "CC-BY-SA-4.0",
        "ccby3" | "ccby30" => "CC-BY-3.0",
        "ccby4" | "ccby40" => "CC-BY-4.0",
        "cc0" | "cc010" => "CC0-1.0",
        "odbl" | "odbl10" => "ODbL-1.0",
        "unlicense" => "Unlicense",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise(id: &str, title: &str) -> Exercise {
        Exercise {
            id: id.into(),
            title: title.into(),
            primary: vec!["biceps".into()],
            ..Exercise::default()
        }
    }

    #[test]
    fn slugs_are_distinct_and_do_not_depend_on_the_order_of_the_data() {
        let list = vec![
            exercise("12", "Curl"),
            exercise("3", "curl"),
            exercise("7", "Curl 2"),
            exercise("9", "Curl!"),
            exercise("5", "???"),
        ];
        let slugs = slugs_of(&list, &HashMap::new());
        assert_eq!(slugs, ["curl-4", "curl", "curl-2", "curl-3", "exercise-5"]);
        let mut reversed = list.clone();
        reversed.reverse();
        let mut again = slugs_of(&reversed, &HashMap::new());
        again.reverse();
        assert_eq!(again, slugs);
        assert_eq!(truncate_slug(&"ab-".repeat(40), 10), "ab-ab-ab");
        // An earlier import's slugs stay with their entries, whatever the titles give now.
        let earlier: HashMap<String, String> =
            [("12", "curl"), ("5", "my-curl"), ("9", "bad slug!")]
                .into_iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
        assert_eq!(
            slugs_of(&list, &earlier),
            ["curl", "curl-3", "curl-2", "curl-4", "my-curl"]
        );
    }

    #[test]
    fn a_summary_is_the_first_sentence_cut_to_a_few_hundred_characters() {
        assert_eq!(
            first_sentence("1. Lie down. Then sit up.").as_deref(),
            Some("Lie down.")
        );
        assert_eq!(
            first_sentence("**Hold** the bar at 1.5 m height! Lift.").as_deref(),
            Some("Hold the bar at 1.5 m height!")
        );
        assert_eq!(
            first_sentence("No stop at all").as_deref(),
            Some("No stop at all")
        );
        assert_eq!(first_sentence("  \n").as_deref(), None);
        let long = first_sentence(&"word ".repeat(100)).unwrap();
        assert!(long.ends_with('…') && long.chars().count() <= 301, "{long}");
    }

    #[test]
    fn licences_are_named_by_their_spdx_identifiers() {
        assert_eq!(spdx_of("CC-BY-SA 3"), Some("CC-BY-SA-3.0"));
        assert_eq!(spdx_of("CC-BY-SA 4"), Some("CC-BY-SA-4.0"));
        assert_eq!(spdx_of("CC0"), Some("CC0-1.0"));
        assert_eq!(spdx_of("CC-BY 4"), Some("CC-BY-4.0"));
        assert_eq!(spdx_of("ODbL"), Some("ODbL-1.0"));
        assert_eq!(spdx_of("Proprietary"), None);
    }

    #[test]
    fn a_page_carries_its_source_and_hash_and_names_its_variations_by_slug() {
        let mut a = exercise("1", "Curl");
        a.variations = vec!["2".into(), "1".into(), "99".into()];
        a.notes = vec!["a note".into()];
        a.body = "Curl it.".into();
        let b = exercise("2", "Hammer: Curl");
        let files = pages_of("test-set", &[a, b], &HashMap::new());
        let text = &files[0].text;
        assert_eq!(files[0].rel, PathBuf::from("content/exercises/curl.md"));
        assert!(text.contains("variations:\n- hammer-curl\n"), "{text}");
        assert!(
            text.contains("source:\n  dataset: test-set\n  id: '1'\n"),
            "{text}"
        );
        assert!(text.contains("  hash: v1-"), "{text}");
        assert!(text.ends_with("# a note\n---\nCurl it.\n"), "{text}");
        assert!(write::is_unedited(text));
        assert!(
            files[1].text.contains("title: 'Hammer: Curl'"),
            "{}",
            files[1].text
        );
        let m: crate::source::front_matter::ExerciseMatter = crate::source::yaml::parse(
            text.trim_start_matches("---\n")
                .split("\n---\n")
                .next()
                .unwrap(),
        )
        .unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        assert_eq!(m.variations, ["hammer-curl"]);
        assert!(m.source.unwrap().hash.unwrap().starts_with("v1-"));
    }

    #[test]
    fn the_catalogue_knows_the_data_sets_words() {
        let v = Vocabulary::builtin();
        assert!(v.is_muscle("middle back") && v.is_muscle("Lower-Back") && v.is_muscle("Arms"));
        assert!(v.is_equipment("body only") && v.is_equipment("unknown"));
        assert!(!v.is_muscle("elbows") && !v.is_equipment("spaceship"));
    }
}
