//! Small guides for the link stage's tests: a few files, each a path under `content/` and its
//! front matter, read by the loader as a guide's files are, and linked against a catalogue of
//! a few entries.

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::catalogue::{Catalogue, Entry};
use crate::model::{Exercise, Guide, Id};
use crate::source::load::{from_texts, Content};

/// The content of `files` (a path under `content/`, the front matter without its fences),
/// each with a line of body, and what loading them reported.
pub(in crate::model) fn load(files: &[(&str, &str)]) -> (Content, Vec<String>) {
    let texts: Vec<String> = files
        .iter()
        .map(|(_, matter)| format!("---\n{matter}\n---\nText.\n"))
        .collect();
    let files: Vec<(&str, &str)> = files
        .iter()
        .zip(&texts)
        .map(|((rel, _), text)| (*rel, text.as_str()))
        .collect();
    let (content, diags) = from_texts(&files);
    (content, diags.sorted().iter().map(shown).collect())
}

/// The content of `files`, which load without an error.
pub(in crate::model) fn content(files: &[(&str, &str)]) -> Content {
    let (content, errors) = load(files);
    assert_eq!(errors, Vec::<String>::new(), "loading reported");
    content
}

/// `files` linked with the default `site.yaml` against [`catalogue`], and everything loading
/// and linking reported, in order of file and line.
pub(crate) fn link(files: &[(&str, &str)]) -> (Guide, Vec<String>) {
    link_with(SiteConfig::default(), files)
}

/// `files` linked with `config`, as [`link`].
pub(in crate::model) fn link_with(
    config: SiteConfig,
    files: &[(&str, &str)],
) -> (Guide, Vec<String>) {
    let (content, mut found) = load(files);
    let (guide, diags) = super::link(&content, config, &catalogue());
    found.extend(diags.sorted().iter().map(shown));
    (guide, found)
}

/// A diagnostic on one line: `path:line: message (hint)`, `warning: ` before a warning's.
pub(in crate::model) fn shown(d: &Diagnostic) -> String {
    let warning = if d.severity == Severity::Warning {
        "warning: "
    } else {
        ""
    };
    let hint = d
        .hint
        .as_ref()
        .map(|h| format!(" ({h})"))
        .unwrap_or_default();
    format!(
        "{}:{}: {warning}{}{hint}",
        d.path.display(),
        d.line,
        d.message
    )
}

/// A catalogue of a few muscles (rhomboids; latissimus-dorsi, also "lats"; biceps) and
/// pieces of equipment (none, titled Bodyweight; resistance-band, also "band"; dumbbell).
pub(in crate::model) fn catalogue() -> Catalogue {
    let entry = |slug: &str, title: &str, aliases: &[&str], region: Option<&str>| Entry {
        slug: slug.into(),
        title: title.into(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        region: region.map(str::to_string),
        parent: None,
        map: None,
        summary: format!("The {title} entry."),
        description: String::new(),
    };
    Catalogue {
        muscles: vec![
            entry("rhomboids", "Rhomboids", &[], Some("upper-back")),
            entry(
                "latissimus-dorsi",
                "Latissimus dorsi",
                &["lats"],
                Some("upper-back"),
            ),
            entry("biceps", "Biceps", &["biceps brachii"], Some("arms")),
        ],
        equipment: vec![
            entry("none", "Bodyweight", &["bodyweight"], None),
            entry("resistance-band", "Resistance band", &["band"], None),
            entry("dumbbell", "Dumbbell", &[], None),
        ],
    }
}

/// The id of the exercise `slug` of `guide`.
pub(in crate::model) fn exercise_id(guide: &Guide, slug: &str) -> Id {
    let found = guide.exercises.iter().position(|e| e.meta.slug == slug);
    found.unwrap_or_else(|| panic!("no exercise {slug}"))
}

/// The exercise `slug` of `guide`.
pub(in crate::model) fn exercise<'a>(guide: &'a Guide, slug: &str) -> &'a Exercise {
    &guide.exercises[exercise_id(guide, slug)]
}

/// The slugs of the exercises `ids` of `guide`.
pub(in crate::model) fn exercise_slugs(guide: &Guide, ids: &[Id]) -> Vec<String> {
    ids.iter()
        .map(|&i| guide.exercises[i].meta.slug.clone())
        .collect()
}

/// The slugs of the muscles `ids` of `guide`.
pub(in crate::model) fn muscle_slugs(guide: &Guide, ids: &[Id]) -> Vec<String> {
    ids.iter()
        .map(|&i| guide.muscles[i].term.meta.slug.clone())
        .collect()
}

/// The slugs of the pieces of equipment `ids` of `guide`.
pub(in crate::model) fn equipment_slugs(guide: &Guide, ids: &[Id]) -> Vec<String> {
    ids.iter()
        .map(|&i| guide.equipment[i].term.meta.slug.clone())
        .collect()
}

/// The id of the muscle `slug` of `guide`.
pub(in crate::model) fn muscle_id(guide: &Guide, slug: &str) -> Id {
    let found = guide.muscles.iter().position(|m| m.term.meta.slug == slug);
    found.unwrap_or_else(|| panic!("no muscle {slug}"))
}

/// An exercise's front matter: titled `title`, working `primary`, with `more` keys after.
pub(in crate::model) fn exercise_matter(title: &str, primary: &str, more: &str) -> String {
    format!("title: {title}\nmuscles:\n  primary: [{primary}]\n{more}")
}
