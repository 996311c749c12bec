//! What each fuzz target checks, one function per target.
//!
//! Every function takes any bytes, runs them through one part of Spotter, and panics when a
//! property that must hold for every input does not: beyond "no panic", a prescription that
//! reads prints back to text that reads the same, and a diagnostic points inside its file. The
//! fuzz targets (`fuzz_targets/*.rs`) call these functions, and `tests/it/fuzz_regressions.rs`
//! compiles this same file to run every input kept under `fuzz/regressions/TARGET/`, so a
//! fixed crash stays fixed on stable, in every `cargo test`.
//!
//! This file is not for generating inputs: libFuzzer mutates the seed corpora `run.sh` makes
//! from the bundled guide and `tests/bad/`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use spotter::internals::load_guide;
use spotter::internals::shortcode::{self, Arg, Call};
use spotter::internals::split;
use spotter::internals::yaml::{self, Locator};
use spotter::internals::Theme;
use spotter::internals::{render, Discard, Script};
use spotter::internals::{
    EquipmentMatter, ExerciseMatter, MuscleMatter, PageMatter, PostMatter, WorkoutMatter,
};
use spotter::internals::{Prescription, Reps, Seconds, Sets};
use spotter::Date;
use spotter::{Diagnostic, Diagnostics};
use spotter::{Failure, Options, Timings};

/// A target's checks: they panic when a property does not hold for the input.
pub type Check = fn(&[u8]);

/// Every target, by the name of its folder under `fuzz/regressions/` and of its binary.
pub const TARGETS: &[(&str, Check)] = &[
    ("front_matter", front_matter),
    ("sets", sets),
    ("shortcode", shortcode),
    ("guide", guide),
];

// ---------------------------------------------------------------------------------------------
// front_matter: the splitter, the YAML reader and every kind of typed front matter

/// Splits `data` as a content file and reads its YAML as every kind of page's front matter.
///
/// The two parts and their line numbers must be where the text has them; a YAML error and every
/// place the [`Locator`] finds must lie inside the YAML.
pub fn front_matter(data: &[u8]) {
    // What the loader refuses (not UTF-8, a carriage return alone) never reaches the parser.
    let Ok(text) = spotter::internals::text_of(Path::new("fuzz.md"), data.to_vec()) else {
        return;
    };
    let text = text.as_str();
    if let Ok(date) = text.parse::<Date>() {
        assert_eq!(date.to_string().parse::<Date>(), Ok(date), "{text:?}");
        let _ = date.long();
    }
    let text = split::strip_bom(text);
    let Ok(split) = split::split(text) else {
        return;
    };
    let yaml_at = offset_in(text, split.yaml);
    let body_at = offset_in(text, split.body);
    assert!(is_fence(&text[..yaml_at]), "{text:?}: no opening fence");
    assert!(
        is_fence(&text[yaml_at + split.yaml.len()..body_at]),
        "{text:?}: no closing fence"
    );
    assert_eq!(split.yaml_line, 2);
    if !split.body.is_empty() {
        assert_eq!(
            split.body_line,
            text[..body_at].matches('\n').count() + 1,
            "{text:?}: the body's line"
        );
    }
    let yaml = split.yaml;
    read_as::<ExerciseMatter>(yaml, |m| {
        let locator = Locator::new(yaml);
        if let Some(muscles) = &m.muscles {
            locate_all(yaml, &locator, &["muscles", "primary"], &muscles.primary);
            locate_all(
                yaml,
                &locator,
                &["muscles", "secondary"],
                &muscles.secondary,
            );
        }
        locate_all(yaml, &locator, &["equipment"], &m.equipment);
        locate_all(yaml, &locator, &["regressions"], &m.regressions);
        locate_all(yaml, &locator, &["progressions"], &m.progressions);
        locate_all(yaml, &locator, &["tags"], &m.tags);
        for key in [&["sets"][..], &["muscles", "primary"], &["level"]] {
            if let Some(place) = locator.key_line(key) {
                assert_inside(yaml, place, &format!("key {key:?}"));
            }
        }
        if let Some(sets) = &m.sets {
            check_sets(sets);
        }
    });
    read_as::<WorkoutMatter>(yaml, |m| {
        let locator = Locator::new(yaml);
        let slugs: Vec<String> = m
            .exercises
            .iter()
            .flat_map(|i| i.exercise.clone())
            .collect();
        locate_all(yaml, &locator, &["exercises", "exercise"], &slugs);
    });
    read_as::<MuscleMatter>(yaml, |_| {});
    read_as::<EquipmentMatter>(yaml, |_| {});
    read_as::<PageMatter>(yaml, |_| {});
    read_as::<PostMatter>(yaml, |m| {
        for date in [m.date, m.updated].into_iter().flatten() {
            assert_eq!(date.to_string().parse::<Date>(), Ok(date));
        }
    });
}

/// Reads `yaml` (line 2 of its file, as front matter is) as `T`; an error must point inside
/// the file, and a value is handed to `then`.
fn read_as<T: serde::de::DeserializeOwned>(yaml: &str, then: impl FnOnce(T)) {
    match yaml::parse_at::<T>(yaml, 2) {
        Ok(value) => then(value),
        Err(e) => {
            assert!(!e.message.is_empty(), "{yaml:?}: an empty message");
            if e.line > 0 {
                assert_inside(yaml, (e.line, e.col), &e.message);
            }
        }
    }
}

/// Every place the locator gives for `values` under `path` lies inside `yaml`.
fn locate_all(yaml: &str, locator: &Locator<'_>, path: &[&str], values: &[String]) {
    for (nth, value) in values.iter().enumerate() {
        if let Some(place) = locator.find(path, value, nth) {
            assert_inside(yaml, place, &format!("{value:?} under {path:?}"));
        }
    }
}

/// Panics unless 1-based `(line, col)` is a place in `text`: a line it has (or the line just
/// after its last line break), and a column on that line or just after its end (`col` 0 means
/// the whole line).
fn assert_inside(text: &str, (line, col): (usize, usize), what: &str) {
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(
        (1..=lines.len()).contains(&line),
        "{what}: line {line} is outside a text of {} lines: {text:?}",
        lines.len()
    );
    let shown = lines[line - 1]
        .strip_suffix('\r')
        .unwrap_or(lines[line - 1]);
    assert!(
        col <= shown.chars().count() + 1,
        "{what}: column {col} is past the end of line {line} {shown:?}"
    );
}

fn offset_in(outer: &str, inner: &str) -> usize {
    inner.as_ptr() as usize - outer.as_ptr() as usize
}

fn is_fence(line: &str) -> bool {
    line.trim_end_matches(['\n', '\r', ' ', '\t']) == "---"
}

// ---------------------------------------------------------------------------------------------
// sets: prescriptions, reps and durations

/// Reads `data` as the shorthand, as reps, as a duration and as the YAML of a `sets:` value.
///
/// Whatever reads must be valid (at least one set, a range from fewer to more, ...) and must
/// print back to text that reads as the same value: the shorthand through
/// [`Prescription::summary`], reps and durations through `Display`, and `sets:` through
/// [`sets_yaml`].
pub fn sets(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(p) = text.parse::<Prescription>() {
        check_prescription(&p);
        let shown = p.summary();
        let again: Prescription = shown
            .parse()
            .unwrap_or_else(|e| panic!("{text:?} reads, but its summary {shown:?} does not: {e}"));
        assert_eq!(again, p, "{text:?} printed as {shown:?}");
    }
    if let Ok(reps) = text.parse::<Reps>() {
        check_reps(reps);
        let shown = reps.to_string();
        assert_eq!(
            shown.parse::<Reps>(),
            Ok(reps),
            "{text:?} printed as {shown:?}"
        );
    }
    if let Ok(duration) = text.parse::<Seconds>() {
        let shown = duration.to_string();
        assert_eq!(
            shown.parse::<Seconds>(),
            Ok(duration),
            "{text:?} printed as {shown:?}"
        );
        let _ = duration.iso8601();
    }
    if let Ok(sets) = serde_yaml::from_str::<Sets>(text) {
        check_sets(&sets);
        let shown = sets_yaml(&sets);
        let again = serde_yaml::from_str::<Sets>(&shown).unwrap_or_else(|e| {
            panic!("{text:?} reads, but printed as {shown:?} it does not: {e}")
        });
        assert_eq!(again, sets, "{text:?} printed as {shown:?}");
    }
}

/// What deserialising promises of a `sets:` value: not empty, each prescription valid, and in a
/// list of several, one distinct level each.
pub fn check_sets(sets: &Sets) {
    assert!(!sets.0.is_empty(), "an empty list of prescriptions");
    for p in &sets.0 {
        check_prescription(p);
        let _ = p.summary();
    }
    if sets.0.len() > 1 {
        for (i, p) in sets.0.iter().enumerate() {
            assert!(p.level.is_some(), "prescription {i} of a list has no level");
            assert!(
                sets.0[..i].iter().all(|q| q.level != p.level),
                "level {:?} twice",
                p.level
            );
        }
    }
}

fn check_prescription(p: &Prescription) {
    assert!(p.sets >= 1, "{p:?}: no sets");
    check_reps(p.reps);
    if let Some(tempo) = &p.tempo {
        let parts: Vec<&str> = tempo.split('-').collect();
        assert!(
            (3..=4).contains(&parts.len())
                && parts.iter().all(|part| part.eq_ignore_ascii_case("x")
                    || (1..=2).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())),
            "{p:?}: tempo"
        );
    }
    if let Some(note) = &p.note {
        assert!(!note.trim().is_empty(), "{p:?}: a blank note");
    }
}

fn check_reps(reps: Reps) {
    match reps {
        Reps::Count(n) => assert!(n >= 1, "{reps:?}"),
        Reps::Range(lo, hi) => assert!(1 <= lo && lo < hi, "{reps:?}"),
        Reps::Hold(Seconds(s)) => assert!(s >= 1, "{reps:?}"),
        Reps::Max => {}
    }
}

/// `sets` as a contributor could write it under `sets:` in the mapping form (a flow mapping,
/// or a list of them, one per level), with every value in its shown form: reps `8–12`,
/// `1 min 30 s`, `max`; rests `40 s`.
pub fn sets_yaml(sets: &Sets) -> String {
    let mapping = |p: &Prescription| {
        let reps = match p.reps {
            Reps::Count(n) => n.to_string(),
            other => quoted(&other.to_string()),
        };
        let mut out = format!("{{sets: {}, reps: {reps}, per_side: {}", p.sets, p.per_side);
        if let Some(rest) = p.rest {
            out.push_str(&format!(", rest: {}", quoted(&rest.to_string())));
        }
        if let Some(load) = &p.load {
            // As shown (`12.5 kg`, `RPE 8`, `70% 1RM`), less the words a share is shown with.
            let written = load.to_string().replace(" 1RM", "");
            out.push_str(&format!(", load: {}", quoted(&written)));
        }
        if let Some(tempo) = &p.tempo {
            out.push_str(&format!(", tempo: {}", quoted(tempo)));
        }
        if let Some(note) = &p.note {
            out.push_str(&format!(", note: {}", quoted(note)));
        }
        if let Some(level) = p.level {
            out.push_str(&format!(", level: {level}"));
        }
        out + "}"
    };
    match &sets.0[..] {
        [one] => mapping(one),
        all => all.iter().map(|p| format!("- {}\n", mapping(p))).collect(),
    }
}

/// `text` as a YAML double-quoted scalar, escaping what YAML does not allow as written.
pub fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{20}'..='\u{7e}' => out.push(c),
            c if (c as u32) < 0xa0
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ---------------------------------------------------------------------------------------------
// shortcode: a call on a line of its own

/// Reads `data` as a shortcode line. A call that reads has a valid name and argument names,
/// and written back out (`{{ name(key="text", n=3, b=true) }}`) reads as the same call.
pub fn shortcode(data: &[u8]) {
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    let _ = shortcode::looks_like_call(line);
    let call = match shortcode::parse(line) {
        Ok(call) => call,
        Err(message) => {
            assert!(!message.is_empty(), "{line:?}: an empty message");
            return;
        }
    };
    assert!(
        !call.name.is_empty()
            && call
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
        "{line:?}: name {:?}",
        call.name
    );
    for key in call.args.keys() {
        assert!(
            !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "{line:?}: argument {key:?}"
        );
    }
    let written = call_text(&call);
    assert!(shortcode::looks_like_call(&written) || written.contains('\n'));
    let again = shortcode::parse(&written)
        .unwrap_or_else(|e| panic!("{line:?} reads, but written as {written:?} it does not: {e}"));
    assert!(same_call(&again, &call), "{line:?} written as {written:?}");
}

fn call_text(call: &Call) -> String {
    let args: Vec<String> = call
        .args
        .iter()
        .map(|(key, value)| match value {
            Arg::Text(s) => format!("{key}=\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")),
            Arg::Number(n) => format!("{key}={n}"),
            Arg::Bool(b) => format!("{key}={b}"),
        })
        .collect();
    format!("{{{{ {}({}) }}}}", call.name, args.join(", "))
}

/// Equal calls, a NaN argument being equal to a NaN.
fn same_call(a: &Call, b: &Call) -> bool {
    a.name == b.name
        && a.args.len() == b.args.len()
        && a.args.iter().zip(&b.args).all(|((ka, va), (kb, vb))| {
            ka == kb
                && match (va, vb) {
                    (Arg::Number(x), Arg::Number(y)) => x == y || x.is_nan() && y.is_nan(),
                    _ => va == vb,
                }
        })
}

// ---------------------------------------------------------------------------------------------
// guide: a whole guide from bytes

/// Most files one input makes.
const MAX_FILES: usize = 8;

/// Writes the guide `data` describes into a fresh folder and checks it as `spotter check`
/// does: load and link ([`load_guide`]), then render every page, writing nothing
/// ([`render`] into [`Discard`]). The built-in theme is loaded once, not for every
/// input as [`spotter::check`] would, which runs instead when the input's `site.yaml` names
/// another theme.
///
/// It must not panic, must not call the input a usage error, and every diagnostic about a file
/// of the input must point at a line and column inside that file.
pub fn guide(data: &[u8]) {
    static THEME: OnceLock<Theme> = OnceLock::new();
    let theme = THEME.get_or_init(|| {
        let empty = Scratch::new();
        Theme::load(&empty.0, "default").expect("the built-in theme loads")
    });
    let guide = Scratch::new();
    let mut written: Vec<(String, &[u8])> = Vec::new();
    for (rel, bytes) in unpack(data) {
        let path = guide.0.join(&rel);
        let made = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, bytes));
        // Two files may ask for a name that is a folder of the other: the first one stays.
        if made.is_ok() {
            written.retain(|(r, _)| *r != rel);
            written.push((rel, bytes));
        }
    }
    if !written.iter().any(|(rel, _)| rel == "site.yaml") {
        std::fs::write(guide.0.join("site.yaml"), "title: Fuzz\n").expect("write site.yaml");
    }
    let options = Options::new(&guide.0);
    let diagnostics = match load_guide(&options, &mut Timings::default()) {
        Ok((linked, _)) if linked.config.theme != "default" => match spotter::check(&options) {
            Ok(built) => built.report.warnings,
            Err(failure) => content_errors(failure),
        },
        Ok((linked, mut diagnostics)) => {
            let bodies_only = diagnostics.has_errors();
            match render(&linked, theme, &Discard, bodies_only, Script::None) {
                Ok(report) => diagnostics.extend(report.warnings),
                Err(errors) => diagnostics.extend(errors),
            }
            diagnostics
        }
        Err(failure) => content_errors(failure),
    };
    for d in diagnostics.iter() {
        let _ = d.to_string();
        assert!(!d.message.is_empty(), "{d:?}: no message");
        let file = written
            .iter()
            .find(|(rel, _)| Path::new(rel) == d.path)
            .map(|(_, bytes)| String::from_utf8_lossy(bytes));
        if let (Some(text), true) = (file, d.line > 0) {
            let text = split::strip_bom(&text);
            assert_inside(text, (d.line, d.col), &diagnostic_line(d));
        }
    }
}

fn content_errors(failure: Failure) -> Diagnostics {
    match failure {
        Failure::Content(diagnostics) => diagnostics,
        Failure::Usage(message) => panic!("a guide's content made a usage error: {message}"),
    }
}

fn diagnostic_line(d: &Diagnostic) -> String {
    d.to_string().lines().next().unwrap_or_default().to_string()
}

/// The files of a build input: its parts between NUL bytes, at most [`MAX_FILES`]. A part
/// whose first line is a path this allows (`site.yaml`, or `content/` then lowercase names of
/// letters, digits, `-` and `_` and a last one ending `.md`) is that file's text after the
/// line; any other part, whole, is the exercise `content/exercises/fuzz-N.md`.
pub fn unpack(data: &[u8]) -> Vec<(String, &[u8])> {
    data.split(|&b| b == 0)
        .take(MAX_FILES)
        .enumerate()
        .map(|(n, part)| {
            let (first, rest) = match part.iter().position(|&b| b == b'\n') {
                Some(i) => (&part[..i], &part[i + 1..]),
                None => (part, &[][..]),
            };
            match std::str::from_utf8(first) {
                Ok(path) if allowed_path(path) => (path.to_string(), rest),
                _ => (format!("content/exercises/fuzz-{n}.md"), part),
            }
        })
        .collect()
}

fn allowed_path(path: &str) -> bool {
    if path == "site.yaml" {
        return true;
    }
    let Some(rest) = path.strip_prefix("content/") else {
        return false;
    };
    let names: Vec<&str> = rest.split('/').collect();
    let name_ok = |name: &str| {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    };
    names.len() <= 3
        && names.split_last().is_some_and(|(last, folders)| {
            last.strip_suffix(".md").is_some_and(name_ok) && folders.iter().all(|f| name_ok(f))
        })
}

/// A new empty folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("spotter-fuzz-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a scratch folder");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
