//! The documentation under `docs/` checked against the program, so that it cannot drift:
//!
//! - every YAML example marked `<!-- example: PATH -->` (PATH a content file such as
//!   `content/exercises/band-row.md`, or `site.yaml`) is put into a copy of the bundled guide at
//!   PATH and checked with `spotter check`, which must pass; one marked
//!   `<!-- example: PATH fails -->` must fail, and the ```text block after it must be what
//!   `spotter check` prints, word for word, and what `spotter build` prints too. Its front
//!   matter must also pass `spotter schema` (the schema of any page, and the one of its kind)
//!   unless it is marked to fail;
//! - the bundled guide's front matter passes `spotter schema` too;
//! - `docs/themes.md` names every variable of every template and every field of every value a
//!   template gets: the bundled guide is built with templates that print their whole context
//!   (`__tera_context`), and what they print is walked alongside the reference's tables.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::common::{
    build, check, check_and_build, copy_dir, read, repo_root, spotter, write, TempDir,
};
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Examples

/// One marked example of `docs/`.
#[derive(Debug)]
struct Example {
    /// Where it is: `docs/content.md:120`.
    place: String,
    /// Where it goes in the guide.
    path: String,
    /// The fenced block's text.
    text: String,
    /// What `spotter check` must print, for an example that must fail.
    fails_with: Option<String>,
}

/// The Markdown files of `docs/`, by name.
fn doc_files() -> BTreeMap<String, String> {
    let dir = repo_root().join("docs");
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(&dir).expect("docs/") {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            let name = format!("docs/{}", path.file_name().unwrap().to_string_lossy());
            out.insert(name, read(&path));
        }
    }
    out
}

/// The fenced block starting at `lines[start]` (its opening fence): its info string, its text,
/// and the index of the line after its closing fence.
fn fence(lines: &[&str], start: usize) -> Option<(String, String, usize)> {
    let info = lines
        .get(start)?
        .trim()
        .strip_prefix("```")?
        .trim()
        .to_string();
    let mut text = String::new();
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        if line.trim() == "```" {
            return Some((info, text, i + 1));
        }
        text.push_str(line);
        text.push('\n');
    }
    None
}

/// Every marked example of every file of `docs/`, and every ```yaml block that is not marked
/// (which should be none: an example that cannot be built says so with `<!-- not built -->`).
fn examples() -> (Vec<Example>, Vec<String>) {
    let mut found = Vec::new();
    let mut unmarked = Vec::new();
    for (name, text) in doc_files() {
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i].trim();
            if let Some(marker) = line
                .strip_prefix("<!-- example:")
                .and_then(|m| m.strip_suffix("-->"))
            {
                let marker = marker.trim();
                let (path, fails) = match marker.strip_suffix(" fails") {
                    Some(p) => (p.trim(), true),
                    None => (marker, false),
                };
                let place = format!("{name}:{}", i + 1);
                let (info, block, next) = fence(&lines, i + 1)
                    .unwrap_or_else(|| panic!("{place}: no fenced block right after the marker"));
                assert_eq!(info, "yaml", "{place}: an example is a ```yaml block");
                let mut after = next;
                let fails_with = if fails {
                    while lines.get(after).is_some_and(|l| l.trim().is_empty()) {
                        after += 1;
                    }
                    let (info, expected, end) = fence(&lines, after).unwrap_or_else(|| {
                        panic!("{place}: an example that fails is followed by a ```text block")
                    });
                    assert_eq!(info, "text", "{place}: the error goes in a ```text block");
                    after = end;
                    Some(expected)
                } else {
                    None
                };
                found.push(Example {
                    place,
                    path: path.to_string(),
                    text: block,
                    fails_with,
                });
                i = after;
                continue;
            }
            if line == "<!-- not built -->" {
                // The block after it is shown, not built.
                i = fence(&lines, i + 1).map_or(i + 1, |(_, _, next)| next);
                continue;
            }
            if line == "```yaml" {
                unmarked.push(format!("{name}:{}", i + 1));
            }
            i = fence(&lines, i).map_or(i + 1, |(_, _, next)| next);
        }
    }
    (found, unmarked)
}

/// The bundled guide, copied into a scratch folder.
fn bundled_guide(label: &str) -> TempDir {
    let tmp = TempDir::new(label);
    copy_dir(&repo_root().join("content"), &tmp.join("content"));
    fs::copy(repo_root().join("site.yaml"), tmp.join("site.yaml")).unwrap();
    tmp
}

/// An example's file as it goes into the guide: front matter gets its fences if it was shown
/// without them.
fn file_text(example: &Example) -> String {
    if example.path.ends_with(".md") && !example.text.starts_with("---\n") {
        format!("---\n{}---\n", example.text)
    } else {
        example.text.clone()
    }
}

#[test]
fn every_yaml_example_in_the_docs_is_marked() {
    let (found, unmarked) = examples();
    assert!(
        unmarked.is_empty(),
        "```yaml blocks with no <!-- example: PATH --> before them: {unmarked:?}"
    );
    assert!(found.len() >= 10, "only {} examples found", found.len());
    let kinds: BTreeSet<&str> = found.iter().map(|e| kind_of(&e.path)).collect();
    for kind in [
        "exercise",
        "workout",
        "post",
        "page",
        "section",
        "muscle",
        "equipment",
        "site",
    ] {
        assert!(kinds.contains(kind), "no example of a {kind}");
    }
}

#[test]
fn every_yaml_example_in_the_docs_builds_or_fails_as_documented() {
    let (found, _) = examples();
    let mut failures = Vec::new();
    for example in &found {
        let guide = bundled_guide("docs-example");
        write(guide.join(&example.path), file_text(example));
        // An example that fails must fail `build` the same way.
        let run = match example.fails_with {
            Some(_) => check_and_build(guide.path(), &guide.join("public")),
            None => check(guide.path()),
        };
        match &example.fails_with {
            None if run.code != 0 => failures.push(format!(
                "{} ({}) should pass `spotter check`:\n{}",
                example.place, example.path, run.stderr
            )),
            Some(expected) => {
                if run.code != 1 {
                    failures.push(format!(
                        "{} ({}) should fail `spotter check`, but it exited with {}:\n{}",
                        example.place, example.path, run.code, run.stderr
                    ));
                } else if !run.stderr.contains(expected.trim_end()) {
                    failures.push(format!(
                        "{} ({}): `spotter check` printed\n{}\nnot what the docs show:\n{}",
                        example.place, example.path, run.stderr, expected
                    ));
                }
            }
            None => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The content reference lists the built-in catalogue as it is.
#[test]
fn the_content_reference_lists_every_built_in_muscle_and_piece_of_equipment() {
    let text = read(repo_root().join("docs/content.md"));
    let catalogue = spotter::internals::Catalogue::builtin();
    let missing: Vec<&str> = catalogue
        .muscles
        .iter()
        .chain(&catalogue.equipment)
        .map(|entry| entry.slug.as_str())
        .filter(|slug| !text.contains(&format!("`{slug}`")))
        .collect();
    assert!(missing.is_empty(), "not in docs/content.md: {missing:?}");
    for muscle in &catalogue.muscles {
        let region = muscle.region.as_deref().unwrap_or_default();
        let row = format!("| `{region}` | ");
        let line = text
            .lines()
            .find(|l| l.starts_with(&row))
            .unwrap_or_else(|| panic!("no row for the region {region}"));
        assert!(
            line.contains(&format!("`{}`", muscle.slug)),
            "{} is not in the row of {region}",
            muscle.slug
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The schema

/// The kind of page (or `site`) of a file of a guide, as `spotter schema --kind` names it.
fn kind_of(path: &str) -> &'static str {
    if path == "site.yaml" {
        return "site";
    }
    let rel = path
        .strip_prefix("content/")
        .unwrap_or_else(|| panic!("{path} is not under content/"));
    if rel.ends_with("_index.md") {
        return "section";
    }
    match rel.split('/').next() {
        Some("exercises") => "exercise",
        Some("workouts") => "workout",
        Some("programs") => "program",
        Some("blog") => "post",
        Some("muscles") => "muscle",
        Some("equipment") => "equipment",
        _ => "page",
    }
}

/// `spotter schema ARGS`, compiled into a validator.
fn validator(args: &[&str]) -> jsonschema::Validator {
    let run = spotter([&["schema"], args].concat(), None);
    assert_eq!(run.code, 0, "{run:#?}");
    let schema: Value = serde_json::from_str(&run.stdout).expect("the schema is JSON");
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("spotter schema {args:?}: {e}"))
}

/// The front matter of a content file (or the whole of `site.yaml`) as JSON.
fn front_matter(path: &str, text: &str) -> Value {
    let file = path.split(" (").next().unwrap_or(path);
    let yaml = if file.ends_with(".md") {
        spotter::internals::split::split(spotter::internals::split::strip_bom(text))
            .unwrap_or_else(|e| panic!("{path}: {e:?}"))
            .yaml
    } else {
        text
    };
    let value: Value = serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("{path}: {e}"));
    // An empty front matter is an empty mapping.
    if value.is_null() {
        Value::Object(Default::default())
    } else {
        value
    }
}

/// Checks each (path, text) against the schema of any page and the schema of its kind.
fn validate_all(files: &[(String, String)]) -> Vec<String> {
    let any = validator(&[]);
    let mut by_kind: BTreeMap<&str, jsonschema::Validator> = BTreeMap::new();
    let mut failures = Vec::new();
    for (path, text) in files {
        let kind = kind_of(path.split(" (").next().unwrap());
        let doc = front_matter(path, text);
        let own = by_kind
            .entry(kind)
            .or_insert_with(|| validator(&["--kind", kind]));
        let errors: Vec<String> = own.iter_errors(&doc).map(|e| e.to_string()).collect();
        if !errors.is_empty() {
            failures.push(format!("{path} against the {kind} schema: {errors:?}"));
        }
        if kind != "site" && !any.is_valid(&doc) {
            failures.push(format!("{path} against the schema of any page"));
        }
    }
    failures
}

#[test]
fn the_bundled_guide_passes_the_schema() {
    let root = repo_root();
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let rel = e.path().strip_prefix(&root).unwrap();
            (rel.to_string_lossy().into_owned(), read(e.path()))
        })
        .collect();
    files.push(("site.yaml".into(), read(root.join("site.yaml"))));
    assert!(files.len() > 50, "{}", files.len());
    let failures = validate_all(&files);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_docs_examples_pass_the_schema() {
    let (found, _) = examples();
    let files: Vec<(String, String)> = found
        .iter()
        .filter(|e| e.fails_with.is_none())
        .map(|e| (format!("{} ({})", e.path, e.place), file_text(e)))
        .collect();
    let failures = validate_all(&files);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_schema_of_any_page_refuses_what_no_kind_takes() {
    let any = validator(&[]);
    let doc = |yaml: &str| -> Value { serde_yaml::from_str(yaml).unwrap() };
    assert!(any.is_valid(&doc("title: About")));
    assert!(any.is_valid(&doc(
        "title: Row\nmuscles: {primary: [rhomboids]}\nsets: 3x8-12"
    )));
    // A typo, a key of one kind beside a key of another, a bad shorthand.
    assert!(!any.is_valid(&doc("title: Row\nmusles: {primary: [rhomboids]}")));
    assert!(!any.is_valid(&doc(
        "title: Row\nmuscles: {primary: [rhomboids]}\nrounds: 2"
    )));
    assert!(!any.is_valid(&doc(
        "title: Row\nmuscles: {primary: [rhomboids]}\nsets: three"
    )));
}

// ---------------------------------------------------------------------------------------------
// The theme reference

/// A variable or field as the reference documents it: the anchor of its type's section, when
/// its value is an object or a list of objects.
type Fields = BTreeMap<String, Option<String>>;

/// What `docs/themes.md` says: the variables of each template (those of `### Every template`
/// under the key `*`), and the fields of each type, by anchor.
#[derive(Debug, Default)]
struct Reference {
    templates: BTreeMap<String, Fields>,
    types: BTreeMap<String, Fields>,
}

/// The anchor GitHub gives a heading: lowercase, punctuation but `-` and `_` dropped, spaces
/// to hyphens.
fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchor of the first `[text](#anchor)` link in `cell`.
fn link_anchor(cell: &str) -> Option<String> {
    let start = cell.find("](#")? + 3;
    let end = start + cell[start..].find(')')?;
    Some(cell[start..end].to_string())
}

fn parse_reference(text: &str) -> Reference {
    let mut reference = Reference::default();
    // The section being read: a template's name, or a type's anchor.
    let mut current: Option<(bool, String)> = None;
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("### ") {
            let heading = heading.trim();
            current = if heading == "Every template" {
                Some((true, "*".to_string()))
            } else if let Some(name) = heading
                .strip_prefix('`')
                .and_then(|h| h.strip_suffix('`'))
                .filter(|h| h.ends_with(".html"))
            {
                Some((true, name.to_string()))
            } else {
                Some((false, anchor(heading)))
            };
            let (is_template, key) = current.clone().unwrap();
            if is_template {
                reference.templates.entry(key).or_default();
            } else {
                reference.types.entry(key).or_default();
            }
            continue;
        }
        if line.starts_with("## ") {
            current = None;
            continue;
        }
        let Some((is_template, key)) = &current else {
            continue;
        };
        let fields = if *is_template {
            reference.templates.get_mut(key).unwrap()
        } else {
            reference.types.get_mut(key).unwrap()
        };
        // `Every field of [Type](#type)`: that type's fields are this one's too.
        if let Some(rest) = line.strip_prefix("Every field of ") {
            let included = link_anchor(rest).expect("Every field of [Type](#type)");
            fields.insert(format!("..{included}"), None);
            continue;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 4 || !cells[0].is_empty() {
            continue;
        }
        if let Some(name) = cells[1].strip_prefix('`').and_then(|c| c.strip_suffix('`')) {
            fields.insert(name.to_string(), link_anchor(cells[2]));
        }
    }
    reference
}

impl Reference {
    /// The fields of a type, with those of the types it includes.
    fn fields_of(&self, anchor: &str) -> Option<Fields> {
        let own = self.types.get(anchor)?;
        let mut all = Fields::new();
        for (name, ty) in own {
            match name.strip_prefix("..") {
                Some(included) => all.extend(self.fields_of(included).unwrap_or_default()),
                None => {
                    all.insert(name.clone(), ty.clone());
                }
            }
        }
        Some(all)
    }
}

/// What printing every template's context gave: for each template, the contexts it was
/// rendered with.
type Dumps = BTreeMap<String, Vec<Value>>;

/// Finds the context dumps in `text` (a page, or a string inside another dump), and those
/// inside them.
fn collect_dumps(text: &str, dumps: &mut Dumps) {
    const MARK: &str = "{\"template\":";
    let mut from = 0;
    while let Some(at) = text[from..].find(MARK).map(|i| from + i) {
        let mut stream = serde_json::Deserializer::from_str(&text[at..]).into_iter::<Value>();
        match stream.next() {
            Some(Ok(dump)) => {
                let template = dump["template"].as_str().unwrap().to_string();
                let context = dump["context"].clone();
                strings_in(&context, &mut |s| collect_dumps(s, dumps));
                dumps.entry(template).or_default().push(context);
                from = at + stream.byte_offset();
            }
            _ => from = at + 1,
        }
    }
}

fn strings_in(value: &Value, f: &mut impl FnMut(&str)) {
    match value {
        Value::String(s) => f(s),
        Value::Array(a) => a.iter().for_each(|v| strings_in(v, f)),
        Value::Object(o) => o.values().for_each(|v| strings_in(v, f)),
        _ => {}
    }
}

/// Builds the bundled guide, plus a page calling a shortcode of the site's own, with every
/// template of the default theme replaced by one that prints its context.
fn dump_every_context() -> Dumps {
    let guide = bundled_guide("docs-contexts");
    let templates = repo_root().join("themes/default/templates");
    let names: Vec<String> = walkdir::WalkDir::new(&templates)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&templates).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        .chain(["shortcodes/note.html".to_string()])
        .collect();
    for name in &names {
        let shown = if name == "shortcodes/note.html" {
            "shortcodes/NAME.html"
        } else {
            name
        };
        write(
            guide.join("templates").join(name),
            format!("{{\"template\":\"{shown}\",\"context\":{{{{ __tera_context }}}}}}"),
        );
    }
    write(
        guide.join("content/note-shortcode.md"),
        "---\ntitle: A shortcode of the site's own\n---\n\n{{ note(text=\"Breathe out\", times=2) }}\n",
    );
    let out = guide.join("public");
    let run = build(guide.path(), &out, &[]);
    assert_eq!(run.code, 0, "{run:#?}");
    let mut dumps = Dumps::new();
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            collect_dumps(&read(entry.path()), &mut dumps);
        }
    }
    dumps
}

/// Checks `value` at `path` against the documented fields `fields`, down to every object.
fn compare(
    reference: &Reference,
    path: &str,
    value: &Value,
    fields: &Fields,
    out: &mut Vec<String>,
) {
    let Value::Object(object) = value else {
        return;
    };
    for (key, v) in object {
        let here = format!("{path}.{key}");
        let Some(ty) = fields.get(key) else {
            out.push(format!("{here} is not documented"));
            continue;
        };
        descend(reference, &here, v, ty.as_deref(), out);
    }
    for key in fields.keys() {
        if !object.contains_key(key) {
            out.push(format!("{path}.{key} is documented but not in the context"));
        }
    }
}

/// Checks a value whose documented type is `ty` (an anchor, or none for a plain value).
fn descend(
    reference: &Reference,
    path: &str,
    value: &Value,
    ty: Option<&str>,
    out: &mut Vec<String>,
) {
    match value {
        Value::Array(items) => {
            for item in items {
                descend(reference, &format!("{path}[]"), item, ty, out);
            }
        }
        Value::Object(_) => {
            let Some(anchor) = ty else {
                out.push(format!(
                    "{path} is an object, documented without a [Type](#type) link"
                ));
                return;
            };
            if anchor == "map" {
                // A mapping of free keys (a shortcode's arguments).
                return;
            }
            match reference.fields_of(anchor) {
                Some(fields) => compare(reference, path, value, &fields, out),
                None => out.push(format!("{path}: no section for #{anchor}")),
            }
        }
        _ => {}
    }
}

/// The problems of the theme reference `text` against the contexts of `dumps`.
fn theme_reference_problems(text: &str, dumps: &Dumps) -> Vec<String> {
    let reference = parse_reference(text);
    let every = reference.templates.get("*").cloned().unwrap_or_default();
    let mut problems = Vec::new();
    for (template, contexts) in dumps {
        let Some(own) = reference.templates.get(template) else {
            problems.push(format!("no ### `{template}` section"));
            continue;
        };
        let mut fields = every.clone();
        fields.extend(own.clone());
        // `site` and `page` are documented once for all, and not every template gets `page`.
        let mut seen = BTreeSet::new();
        for context in contexts {
            let Value::Object(vars) = context else {
                continue;
            };
            for (key, v) in vars {
                seen.insert(key.clone());
                let here = format!("{template}: {key}");
                match fields.get(key) {
                    None => problems.push(format!("{here} is not documented")),
                    Some(ty) => descend(&reference, &here, v, ty.as_deref(), &mut problems),
                }
            }
        }
        for key in own.keys() {
            if !seen.contains(key) {
                problems.push(format!("{template}: {key} is documented but never given"));
            }
        }
    }
    problems.sort();
    problems.dedup();
    problems
}

#[test]
fn the_theme_reference_names_every_field_of_every_context() {
    let dumps = dump_every_context();
    // Every template the default theme renders on its own, each shortcode and partial it
    // renders once per item, and a site's own shortcode.
    for template in spotter::internals::REQUIRED.iter().copied().chain([
        "partials/card.html",
        "partials/exercise_card.html",
        "partials/exercise_item.html",
        "shortcodes/exercise.html",
        "shortcodes/workout.html",
        "shortcodes/NAME.html",
    ]) {
        assert!(
            dumps.contains_key(template),
            "{template} was never rendered"
        );
    }
    let text = read(repo_root().join("docs/themes.md"));
    let problems = theme_reference_problems(&text, &dumps);
    assert!(
        problems.is_empty(),
        "docs/themes.md and the contexts differ:\n{}",
        problems.join("\n")
    );

    // The check is not empty: a field left out of the reference, or one it names that no
    // context has, is found.
    let without = text.replacen("| `muscle_keys` |", "| `muscle_keyz` |", 1);
    assert_ne!(
        without, text,
        "ExerciseRef's muscle_keys row is gone from the reference"
    );
    let problems = theme_reference_problems(&without, &dumps);
    assert!(
        problems
            .iter()
            .any(|p| p.ends_with(".muscle_keys is not documented")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.ends_with(".muscle_keyz is documented but not in the context")),
        "{problems:?}"
    );
}

#[test]
fn the_theme_reference_has_a_section_for_every_template_of_the_default_theme() {
    let text = read(repo_root().join("docs/themes.md"));
    let reference = parse_reference(&text);
    let templates = repo_root().join("themes/default/templates");
    for entry in walkdir::WalkDir::new(&templates) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&templates).unwrap();
            let name = rel.to_string_lossy().replace('\\', "/");
            assert!(
                reference.templates.contains_key(&name),
                "docs/themes.md has no ### `{name}` section"
            );
        }
    }
}

/// No link in `docs/` or the README leaves the repository but for web addresses, and every
/// relative link names a file that is there.
#[test]
fn relative_links_in_the_docs_resolve() {
    let root = repo_root();
    let mut files = doc_files();
    files.insert("README.md".into(), read(root.join("README.md")));
    files.insert(
        "benches/README.md".into(),
        read(root.join("benches/README.md")),
    );
    let mut broken = Vec::new();
    for (name, text) in &files {
        let dir = Path::new(name).parent().unwrap_or(Path::new(""));
        let mut rest = text.as_str();
        while let Some(at) = rest.find("](") {
            rest = &rest[at + 2..];
            let Some(end) = rest.find(')') else { break };
            let target = &rest[..end];
            if target.starts_with("http://")
                || target.starts_with("https://")
                || target.starts_with('#')
                || target.starts_with("@/")
            {
                continue;
            }
            let file = target.split('#').next().unwrap();
            let resolved = root.join(dir).join(file);
            let inside = fs::canonicalize(&resolved)
                .map(|p| p.starts_with(fs::canonicalize(&root).unwrap()))
                .unwrap_or(false);
            if !inside {
                broken.push(format!("{name}: {target}"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "links that lead nowhere in the repository: {broken:?}"
    );
}
