//! Load: walks `content/`, reads every Markdown file and parses its front matter into the typed
//! struct of its kind.
//!
//! Files are read and parsed in parallel and returned in path order, so a build does not depend
//! on the order the file system lists them. This stage checks what one file can tell on its own
//! (UTF-8, fences, YAML, known keys, value formats); what needs other files is the link stage's.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source::front_matter::{
    EquipmentMatter, ExerciseMatter, FrontMatter, MuscleMatter, PageMatter, PostMatter,
    ProgramMatter, WorkoutMatter,
};
use crate::source::split::{self, SplitError};
use crate::source::yaml;

/// One content file as read from disk.
#[derive(Debug, PartialEq)]
pub struct Source {
    /// Path as shown to the user: relative to the guide root, e.g. `content/exercises/row.md`.
    pub path: PathBuf,
    /// Path relative to `content/`, with `/`: what `@/` links name, e.g. `exercises/row.md`.
    pub rel: String,
    /// The whole text, byte-order mark removed.
    pub text: String,
    /// Byte offset where the YAML starts.
    yaml_start: usize,
    /// Byte length of the YAML.
    yaml_len: usize,
    /// 1-based line of the file where the YAML starts.
    pub yaml_line: usize,
    /// Byte offset where the Markdown body starts.
    body_start: usize,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
}

impl Source {
    /// The front matter's YAML.
    pub fn yaml(&self) -> &str {
        &self.text[self.yaml_start..self.yaml_start + self.yaml_len]
    }

    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// An error at a line and column of the YAML (1-based, relative to the YAML text).
    pub fn yaml_error(&self, line: usize, col: usize, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::error(&self.path, message);
        if line == 0 {
            d.at(&self.text, 1, 1)
        } else {
            d.at(&self.text, self.yaml_line + line - 1, col)
        }
    }

    /// An error where `value` is written under the key `path` of the front matter (its `nth`
    /// occurrence there), falling back to the key's line and then the first line.
    pub fn error_at_value(
        &self,
        path: &[&str],
        value: &str,
        nth: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        let locator = yaml::Locator::new(self.yaml());
        match locator.find(path, value, nth) {
            Some((line, col)) => {
                let underline = if locator.find_all(path, value).is_empty() {
                    1
                } else {
                    value.chars().count()
                };
                self.yaml_error(line, col, message).spanning(underline)
            }
            None => self.yaml_error(0, 0, message),
        }
    }

    /// An error at the key `path` of the front matter, or the first line.
    pub fn error_at_key(&self, path: &[&str], message: impl Into<String>) -> Diagnostic {
        match yaml::Locator::new(self.yaml()).key_line(path) {
            Some((line, col)) => self
                .yaml_error(line, col, message)
                .spanning(path.last().map_or(1, |k| k.len())),
            None => self.yaml_error(0, 0, message),
        }
    }

    /// An error at a 1-based line and column of the body.
    pub fn body_error(&self, line: usize, col: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(&self.path, message).at(&self.text, self.body_line + line - 1, col)
    }
}

/// Reads `source`'s file again. Returns the new text as a [`Source`] when only the body
/// changed (the front matter is the same to the byte, so nothing that linking decided can have
/// changed), and `None` otherwise (also when the file is no longer one a full [`load`] reads,
/// such as a symbolic link put in its place).
pub fn reread(root: &Path, source: &Source) -> Option<Source> {
    let bytes = std::fs::read(listed(root, &source.rel)?).ok()?;
    let text = text_of(&source.path, bytes).ok()?;
    let new = Source::new(source.path.clone(), &source.rel, text).ok()?;
    (new.yaml() == source.yaml() && new.yaml_line == source.yaml_line).then_some(new)
}

impl Source {
    /// A file's text (byte-order mark removed here) cut at its front matter fences.
    fn new(path: PathBuf, rel: &str, text: String) -> Result<Source, (SplitError, String)> {
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        let split = match split::split(&text) {
            Ok(split) => split,
            Err(e) => return Err((e, text)),
        };
        let yaml_start = split.yaml.as_ptr() as usize - text.as_ptr() as usize;
        let body_start = split.body.as_ptr() as usize - text.as_ptr() as usize;
        Ok(Source {
            path,
            rel: rel.to_string(),
            yaml_start,
            yaml_len: split.yaml.len(),
            yaml_line: split.yaml_line,
            body_start,
            body_line: split.body_line,
            text,
        })
    }
}

/// A content file with its parsed front matter and the slug it will be published under.
#[derive(Debug)]
pub struct Doc<M> {
    /// The file.
    pub source: Arc<Source>,
    /// The parsed front matter.
    pub matter: M,
    /// The file stem (a post's date prefix removed), before any `slug:` override.
    pub stem: String,
    /// The `YYYY-MM-DD-` prefix of the file name, for posts.
    pub date_prefix: Option<String>,
    /// Top-level keys of the front matter whose values were wrong, reported when the file was
    /// read: what is missing for want of them is not a second error.
    pub broken: Vec<String>,
}

impl<M> Doc<M> {
    /// Whether the front matter's `key` was written but wrong (and so left out of `matter`),
    /// or misspelt (`titel:` for `title:`): either way it was reported, and its absence is
    /// not a second error.
    pub fn is_broken(&self, key: &str) -> bool {
        self.broken
            .iter()
            .any(|k| k == key || crate::diagnostics::did_you_mean(k, [key]).is_some())
    }
}

/// Everything under `content/`, by kind, each list in path order.
#[derive(Debug, Default)]
pub struct Content {
    /// `exercises/**.md`.
    pub exercises: Vec<Doc<ExerciseMatter>>,
    /// `workouts/**.md`.
    pub workouts: Vec<Doc<WorkoutMatter>>,
    /// `programs/*.md`.
    pub programs: Vec<Doc<ProgramMatter>>,
    /// `muscles/*.md`.
    pub muscles: Vec<Doc<MuscleMatter>>,
    /// `equipment/*.md`.
    pub equipment: Vec<Doc<EquipmentMatter>>,
    /// `blog/*.md`.
    pub posts: Vec<Doc<PostMatter>>,
    /// Any other `*.md`.
    pub pages: Vec<Doc<PageMatter>>,
    /// Files that exist but could not be read or parsed, or whose front matter has errors
    /// (paths relative to `content/`): others may still name them, and that is not a second
    /// error. A file with wrong values is also in its list, read from its sound keys, so that
    /// the link stage checks what it can.
    pub failed: Vec<String>,
    /// `_index.md` files: the home page (`_index.md`) and section introductions
    /// (`exercises/_index.md`, ...), keyed by their folder (`""` for the home page).
    pub sections: Vec<(String, Doc<PageMatter>)>,
}

/// Which kind a file is, from where it sits under `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Exercise,
    Workout,
    Program,
    Muscle,
    Equipment,
    Post,
    Page,
    Section,
}

fn kind_of(rel: &str) -> Kind {
    let file = rel.rsplit('/').next().unwrap_or(rel);
    if file == "_index.md" {
        return Kind::Section;
    }
    match rel.split_once('/').map(|(top, _)| top) {
        Some("exercises") => Kind::Exercise,
        Some("workouts") => Kind::Workout,
        Some("programs") => Kind::Program,
        Some("muscles") => Kind::Muscle,
        Some("equipment") => Kind::Equipment,
        Some("blog") => Kind::Post,
        _ => Kind::Page,
    }
}

/// One parsed file, before sorting into [`Content`].
enum Loaded {
    Exercise(Doc<ExerciseMatter>),
    Workout(Doc<WorkoutMatter>),
    Program(Doc<ProgramMatter>),
    Muscle(Doc<MuscleMatter>),
    Equipment(Doc<EquipmentMatter>),
    Post(Doc<PostMatter>),
    Page(Doc<PageMatter>),
    Section(String, Doc<PageMatter>),
    Draft,
}

/// Reads the Markdown files under `root/content`. With `drafts` false, pages marked
/// `draft: true` are left out.
pub fn load(root: &Path, drafts: bool) -> (Content, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let files = list_markdown(root, &mut diagnostics);
    let loaded: Vec<(Option<Loaded>, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|(abs, rel)| load_file(root, abs, rel, drafts))
        .collect();
    // Sized up front: growing these a push at a time moved every document several times,
    // on one thread, while the others waited.
    let mut content = Content::default();
    let count = |kind: Kind| files.iter().filter(|(_, rel)| kind_of(rel) == kind).count();
    content.exercises.reserve_exact(count(Kind::Exercise));
    content.workouts.reserve_exact(count(Kind::Workout));
    content.posts.reserve_exact(count(Kind::Post));
    for ((_, rel), (item, errors)) in files.iter().zip(loaded) {
        if !errors.is_empty() {
            content.failed.push(rel.clone());
            diagnostics.extend(errors);
        }
        match item {
            Some(Loaded::Exercise(d)) => content.exercises.push(d),
            Some(Loaded::Workout(d)) => content.workouts.push(d),
            Some(Loaded::Program(d)) => content.programs.push(d),
            Some(Loaded::Muscle(d)) => content.muscles.push(d),
            Some(Loaded::Equipment(d)) => content.equipment.push(d),
            Some(Loaded::Post(d)) => content.posts.push(d),
            Some(Loaded::Page(d)) => content.pages.push(d),
            Some(Loaded::Section(folder, d)) => content.sections.push((folder, d)),
            Some(Loaded::Draft) | None => {}
        }
    }
    (content, diagnostics)
}

/// Brings `content` up to date with the file `rel` (a path under `content/`, as a file
/// watcher reports it), whatever happened to it: read again, read for the first time, or left
/// out when it is gone, now a draft, or not a file a full [`load`] reads (hidden, or through a
/// symbolic link). The errors are those a full load reports for the file, which is then left
/// out or kept as a full load does. The order of every list is that of a full load.
pub fn apply(
    root: &Path,
    content: &mut Content,
    rel: &str,
    drafts: bool,
) -> Result<(), Vec<Diagnostic>> {
    content.exercises.retain(|d| d.source.rel != rel);
    content.workouts.retain(|d| d.source.rel != rel);
    content.programs.retain(|d| d.source.rel != rel);
    content.muscles.retain(|d| d.source.rel != rel);
    content.equipment.retain(|d| d.source.rel != rel);
    content.posts.retain(|d| d.source.rel != rel);
    content.pages.retain(|d| d.source.rel != rel);
    content.sections.retain(|(_, d)| d.source.rel != rel);
    content.failed.retain(|f| f != rel);
    let Some(abs) = listed(root, rel) else {
        return Ok(());
    };
    let (loaded, errors) = load_file(root, &abs, rel, drafts);
    if let Some(loaded) = loaded {
        place(content, loaded, Place::InOrder);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        content.failed.push(rel.to_string());
        Err(errors)
    }
}

/// The order [`list_markdown`] lists paths in: folder by folder, names compared as bytes.
fn walk_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.split('/').cmp(b.split('/'))
}

/// The file at `rel` under `content/`, when a full [`load`] reads it: a Markdown file, reached
/// through no hidden name and no symbolic link.
fn listed(root: &Path, rel: &str) -> Option<PathBuf> {
    if !rel.ends_with(".md") {
        return None;
    }
    // `load` starts at `content/` itself, wherever inside the guide it leads.
    crate::source::confine::real_path(root, "content").ok()??;
    let mut path = root.join("content");
    let parts: Vec<&str> = rel.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        if part.starts_with('.') || part.is_empty() {
            return None;
        }
        path.push(part);
        let kind = path.symlink_metadata().ok()?.file_type();
        let last = i + 1 == parts.len();
        if (last && !kind.is_file()) || (!last && !kind.is_dir()) {
            return None;
        }
    }
    Some(path)
}

/// What reading one file again did to `content`.
#[derive(Debug, PartialEq, Eq)]
pub enum Reloaded {
    /// The file's new text and front matter replaced the old, in place.
    Replaced,
    /// The file is not where it was: new, gone, now a draft, or it failed to load before.
    /// Only [`apply`] (or a full load) tells what the content is now.
    Moved,
}

/// Reads `rel` (a path under `content/`) again and puts it in place of its old version in
/// `content`, so a guide can be linked again without reading every file (`spotter serve`).
/// The errors are those a full load would report for the file; the old version then stays.
pub fn reload(
    root: &Path,
    content: &mut Content,
    rel: &str,
    drafts: bool,
) -> Result<Reloaded, Vec<Diagnostic>> {
    let Some(abs) = listed(root, rel) else {
        return Ok(Reloaded::Moved);
    };
    if content.failed.iter().any(|f| f == rel) {
        return Ok(Reloaded::Moved);
    }
    match load_file(root, &abs, rel, drafts) {
        (Some(loaded), errors) if errors.is_empty() => Ok(place(content, loaded, Place::Instead)),
        (_, errors) => Err(errors),
    }
}

/// Where [`place`] puts a file read.
#[derive(Clone, Copy)]
enum Place {
    /// Instead of the document read from the same file, if there is one.
    Instead,
    /// Where a full [`load`] has it.
    InOrder,
}

/// Puts `loaded` in its list of `content`. [`Reloaded::Moved`] when it has none (a draft),
/// or, to go `Instead` of a document, there is none from its file.
fn place(content: &mut Content, loaded: Loaded, how: Place) -> Reloaded {
    fn put<T>(list: &mut Vec<T>, item: T, rel: impl Fn(&T) -> &str, how: Place) -> Reloaded {
        let new = rel(&item).to_string();
        match how {
            Place::Instead => match list.iter_mut().find(|x| rel(x) == new) {
                Some(slot) => *slot = item,
                None => return Reloaded::Moved,
            },
            Place::InOrder => {
                let at = list.partition_point(|x| walk_order(rel(x), &new).is_lt());
                list.insert(at, item);
            }
        }
        Reloaded::Replaced
    }
    fn rel<M>(d: &Doc<M>) -> &str {
        &d.source.rel
    }
    match loaded {
        Loaded::Exercise(d) => put(&mut content.exercises, d, rel, how),
        Loaded::Workout(d) => put(&mut content.workouts, d, rel, how),
        Loaded::Program(d) => put(&mut content.programs, d, rel, how),
        Loaded::Muscle(d) => put(&mut content.muscles, d, rel, how),
        Loaded::Equipment(d) => put(&mut content.equipment, d, rel, how),
        Loaded::Post(d) => put(&mut content.posts, d, rel, how),
        Loaded::Page(d) => put(&mut content.pages, d, rel, how),
        Loaded::Section(folder, d) => put(&mut content.sections, (folder, d), |(_, d)| rel(d), how),
        Loaded::Draft => Reloaded::Moved,
    }
}

/// Every `.md` file under `content/`, sorted, with its path relative to `content/`. Hidden
/// files and folders are skipped; symbolic links are not followed, so content cannot pull in
/// files from outside the guide. `content` itself may be a link that stays inside the guide
/// ([`crate::source::confine`]); one that leads out of it is an error.
fn list_markdown(root: &Path, diagnostics: &mut Diagnostics) -> Vec<(PathBuf, String)> {
    if let Err(d) = crate::source::confine::real_path(root, "content") {
        diagnostics.push(d);
        return Vec::new();
    }
    let content = root.join("content");
    if !content.is_dir() {
        if content.exists() {
            diagnostics.push(
                Diagnostic::error("content", "content is not a folder")
                    .with_hint("content/ holds the guide's Markdown files"),
            );
        }
        return Vec::new();
    }
    let mut files = Vec::new();
    let walker = crate::source::confine::walk(&content);
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| PathBuf::from("content"), |p| shown(root, p));
                diagnostics.push(
                    Diagnostic::error(path, format!("cannot read: {e}"))
                        .with_hint("check that the folder exists and you may read it"),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&content) else {
            continue;
        };
        let Some(rel) = rel.to_str() else {
            diagnostics.push(
                Diagnostic::error(shown(root, entry.path()), "file name is not valid UTF-8")
                    .with_hint("rename the file: its name becomes a URL, so it must be text"),
            );
            continue;
        };
        files.push((entry.path().to_path_buf(), rel.replace('\\', "/")));
    }
    files
}

/// `path` relative to the guide root, for messages.
pub fn shown(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

/// The most bytes front matter may hold. The longest real front matter, a workout of many
/// items, is a few kilobytes; past this, a page would declare more tags, aliases or
/// redirects than any guide has, each a page or a name repeated on other pages.
pub const FRONT_MATTER_MAX: usize = 64 * 1024;

/// Reads one file: what it holds (`None` when nothing could be read, or its front matter is
/// not YAML), and every error of it.
fn load_file(
    root: &Path,
    abs: &Path,
    rel: &str,
    drafts: bool,
) -> (Option<Loaded>, Vec<Diagnostic>) {
    match read_file(root, abs, rel, drafts) {
        Ok(read) => read,
        Err(d) => (None, vec![d]),
    }
}

fn read_file(
    root: &Path,
    abs: &Path,
    rel: &str,
    drafts: bool,
) -> Result<(Option<Loaded>, Vec<Diagnostic>), Diagnostic> {
    let path = shown(root, abs);
    let bytes = std::fs::read(abs).map_err(|e| {
        Diagnostic::error(&path, format!("cannot read: {e}"))
            .with_hint("check that the file exists and you may read it")
    })?;
    let text = text_of(&path, bytes)?;
    read_text(path, rel, text, drafts)
}

/// What the file `rel`, shown as `path`, holds when its text is `text`: [`read_file`] once
/// the file is read.
fn read_text(
    path: PathBuf,
    rel: &str,
    text: String,
    drafts: bool,
) -> Result<(Option<Loaded>, Vec<Diagnostic>), Diagnostic> {
    let source = Source::new(path.clone(), rel, text).map_err(|(e, text)| match e {
        SplitError::Missing => Diagnostic::error(
            &path,
            "no front matter: the file must start with a `---` line",
        )
        .at(&text, 1, 1)
        .with_hint("begin the file with ---, then `title: ...`, then --- on its own line"),
        SplitError::Unclosed => Diagnostic::error(&path, "front matter is not closed")
            .at(&text, 1, 1)
            .spanning(3)
            .with_hint("add a line `---` after the last key of the front matter"),
    })?;
    too_big(&source)?;
    let kind = kind_of(rel);
    let stem = stem_of(rel);
    let (date_prefix, stem) = match kind {
        Kind::Post => split_date_prefix(stem),
        _ => (None, stem),
    };
    let doc = Unread {
        source: Arc::new(source),
        stem: stem.to_string(),
        date_prefix,
        drafts,
    };
    Ok(match kind {
        Kind::Exercise => doc.read(Loaded::Exercise),
        Kind::Workout => doc.read(Loaded::Workout),
        Kind::Program => doc.read(Loaded::Program),
        Kind::Muscle => doc.read(Loaded::Muscle),
        Kind::Equipment => doc.read(Loaded::Equipment),
        Kind::Post => doc.read(Loaded::Post),
        Kind::Page => doc.read(Loaded::Page),
        Kind::Section => {
            let folder = rel.rsplit_once('/').map_or("", |(dir, _)| dir).to_string();
            // A section's introduction is published with its section, draft or not.
            let doc = Unread {
                drafts: true,
                ..doc
            };
            doc.read(|d| Loaded::Section(folder, d))
        }
    })
}

/// A file split at its fences, its front matter not yet read.
struct Unread {
    source: Arc<Source>,
    stem: String,
    date_prefix: Option<String>,
    /// Whether drafts are read.
    drafts: bool,
}

impl Unread {
    /// Reads the front matter as `M`, and the file as `kind` of it: nothing when the front
    /// matter could not be read at all, a draft when it is one and drafts are left out.
    fn read<M: FrontMatter + DeserializeOwned>(
        self,
        kind: impl FnOnce(Doc<M>) -> Loaded,
    ) -> (Option<Loaded>, Vec<Diagnostic>) {
        let (matter, broken, errors) = parse_matter::<M>(&self.source);
        let Some(matter) = matter else {
            return (None, errors);
        };
        if is_draft(&matter) && !self.drafts {
            return (Some(Loaded::Draft), errors);
        }
        let doc = Doc {
            source: self.source,
            matter,
            stem: self.stem,
            date_prefix: self.date_prefix,
            broken,
        };
        (Some(kind(doc)), errors)
    }
}

/// `Content` of the files `files` (each a path under `content/` and its whole text), read as
/// [`load`] reads them from a guide, and their errors: the later stages' tests build small
/// guides with it, without writing them out.
#[cfg(test)]
pub(crate) fn from_texts(files: &[(&str, &str)]) -> (Content, Diagnostics) {
    let mut files = files.to_vec();
    files.sort_by(|(a, _), (b, _)| walk_order(a, b));
    let mut content = Content::default();
    let mut diagnostics = Diagnostics::new();
    for (rel, text) in files {
        let path = Path::new("content").join(rel);
        let (loaded, errors) =
            read_text(path, rel, text.to_string(), false).unwrap_or_else(|d| (None, vec![d]));
        if !errors.is_empty() {
            content.failed.push(rel.to_string());
            diagnostics.extend(errors);
        }
        if let Some(loaded) = loaded {
            place(&mut content, loaded, Place::InOrder);
        }
    }
    (content, diagnostics)
}

/// Front matter past [`FRONT_MATTER_MAX`] is refused before it is parsed, at its longest line
/// (almost always the one value that makes it so big).
fn too_big(source: &Source) -> Result<(), Diagnostic> {
    let yaml = source.yaml();
    if yaml.len() <= FRONT_MATTER_MAX {
        return Ok(());
    }
    let (index, longest) = yaml
        .split('\n')
        .enumerate()
        .max_by_key(|(i, l)| (l.len(), std::cmp::Reverse(*i)))
        .unwrap_or((0, ""));
    Err(source
        .yaml_error(
            index + 1,
            1,
            format!(
                "the front matter is {} bytes, more than the {FRONT_MATTER_MAX} it may hold; its longest line, this one, is {} characters",
                yaml.len(),
                longest.chars().count()
            ),
        )
        .with_hint("a title, summary or name is one short line: move long text to the body, below the closing `---`"))
}

fn is_draft<M: FrontMatter>(m: &M) -> bool {
    m.common().draft
}

/// The front matter of `source` read key by key: what could be read, the keys that could not,
/// and every error.
fn parse_matter<M: DeserializeOwned>(source: &Source) -> (Option<M>, Vec<String>, Vec<Diagnostic>) {
    let fields = yaml::parse_fields(source.yaml(), source.yaml_line);
    let errors = fields
        .errors
        .into_iter()
        .map(|e| {
            source
                .yaml_error(e.line, e.col, e.message)
                .with_hint_opt(e.hint)
        })
        .collect();
    (fields.value, fields.broken, errors)
}

/// `2024-05-01-why-rows` -> (`Some("2024-05-01")`, `why-rows`).
fn split_date_prefix(stem: &str) -> (Option<String>, &str) {
    let b = stem.as_bytes();
    let shape = b.len() > 11
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && (b[10] == b'-' || b[10] == b'_');
    if shape {
        (Some(stem[..10].to_string()), &stem[11..])
    } else {
        (None, stem)
    }
}

/// The name a file gives its page: its name without `.md`, or, for a page that is a folder
/// holding its pictures (`exercises/band-row/index.md`), the folder's name.
pub fn stem_of(rel: &str) -> &str {
    let mut parts = rel.rsplit('/');
    let file = parts.next().unwrap_or(rel);
    match (file, parts.next()) {
        ("index.md", Some(folder)) => folder,
        _ => file.trim_end_matches(".md"),
    }
}

/// A file's bytes as text: UTF-8, with lines ended by LF or CRLF. A carriage return alone is
/// refused: YAML, Markdown and editors take it for a line end, Spotter's line numbers do not, so
/// every position after it would be wrong.
pub fn text_of(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|e| not_utf8(path, e))?;
    // A byte search: every page of every build passes here.
    let lone_cr = text
        .match_indices('\r')
        .find(|&(i, _)| text.as_bytes().get(i + 1) != Some(&b'\n'));
    if let Some((at, _)) = lone_cr {
        let before = &text[..at];
        let line = before.matches('\n').count() + 1;
        let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
            .chars()
            .count()
            + 1;
        return Err(Diagnostic::error(
            path,
            "a carriage return alone ends this line, an old Mac line end",
        )
        .at(&text, line, col)
        .with_hint("save the file with LF (or CRLF) line ends; most editors have the setting"));
    }
    Ok(text)
}

/// The error for a file that is not UTF-8, at the line and column of its first bad byte.
pub fn not_utf8(path: &Path, e: std::string::FromUtf8Error) -> Diagnostic {
    let bytes = e.as_bytes();
    let at = e.utf8_error().valid_up_to();
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    let lossy = String::from_utf8_lossy(bytes);
    Diagnostic::error(
        path,
        format!("file is not valid UTF-8 (byte 0x{:02x})", bytes[at]),
    )
    .at(&lossy, line, col)
    .with_hint("save the file as UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_carriage_return_is_refused_where_it_is() {
        let path = Path::new("content/exercises/row.md");
        let d = text_of(path, b"---\ntitle: Row\r\rlevel: x\n---\n".to_vec()).unwrap_err();
        assert_eq!((d.line, d.col), (2, 11));
        assert!(d.message.contains("carriage return alone"), "{}", d.message);
        let fine = "---\r\ntitle: Row\r\n---\r\nbody\r\n";
        assert_eq!(text_of(path, fine.as_bytes().to_vec()).unwrap(), fine);
    }

    #[test]
    fn classifies_by_folder() {
        assert_eq!(kind_of("exercises/upper/row.md"), Kind::Exercise);
        assert_eq!(kind_of("blog/2024-05-01-x.md"), Kind::Post);
        assert_eq!(kind_of("about.md"), Kind::Page);
        assert_eq!(kind_of("_index.md"), Kind::Section);
        assert_eq!(kind_of("exercises/_index.md"), Kind::Section);
    }

    /// A guide under the temporary folder with `files` (path under `content/`, text).
    fn guide(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let root = std::env::temp_dir().join(format!("spotter-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for (rel, text) in files {
            let path = root.join("content").join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        root
    }

    #[test]
    fn huge_front_matter_is_refused_at_its_longest_line_before_parsing() {
        let text = format!(
            "---\ntitle: Rhomboids\nsummary: {}\naliases: [a]\n---\nBody.\n",
            "x".repeat(5_000_000)
        );
        let root = guide("huge", &[("muscles/rhomboids.md", &text)]);
        let (content, diags) = load(&root, false);
        let _ = std::fs::remove_dir_all(&root);
        let diags: Vec<Diagnostic> = diags.into_iter().collect();
        assert_eq!(diags.len(), 1);
        assert_eq!((diags[0].line, diags[0].col), (3, 1));
        assert!(
            diags[0]
                .message
                .starts_with("the front matter is 5000040 bytes, more than the 65536"),
            "{}",
            diags[0].message
        );
        assert!(content.muscles.is_empty());
        assert_eq!(content.failed, ["muscles/rhomboids.md"]);
    }

    #[test]
    fn a_file_with_wrong_values_is_kept_from_its_sound_keys() {
        let text = "---\ntitle: Row\nlevel: expert\nrounds: 2\nequipment: [band]\n---\n";
        let root = guide("partial", &[("exercises/row.md", text)]);
        let (content, diags) = load(&root, false);
        let _ = std::fs::remove_dir_all(&root);
        let lines: Vec<usize> = diags.iter().map(|d| d.line).collect();
        assert_eq!(lines, [3, 4]);
        let row = &content.exercises[0];
        assert_eq!(row.matter.title.as_deref(), Some("Row"));
        assert_eq!(row.matter.equipment, ["band"]);
        assert_eq!(row.broken, ["level", "rounds"]);
        assert!(row.is_broken("level") && !row.is_broken("title"));
        assert_eq!(content.failed, ["exercises/row.md"]);
    }

    #[test]
    fn date_prefix_is_split_off() {
        assert_eq!(
            split_date_prefix("2024-05-01-why-rows"),
            (Some("2024-05-01".into()), "why-rows")
        );
        assert_eq!(split_date_prefix("why-rows"), (None, "why-rows"));
        assert_eq!(split_date_prefix("2024-05-01"), (None, "2024-05-01"));
    }

    /// Every list of `content` by path, in order.
    fn listing(content: &Content) -> Vec<Vec<String>> {
        fn rels<M>(docs: &[Doc<M>]) -> Vec<String> {
            docs.iter().map(|d| d.source.rel.clone()).collect()
        }
        let sections = content
            .sections
            .iter()
            .map(|(f, d)| format!("{f}: {}", d.source.rel));
        let mut failed = content.failed.clone();
        failed.sort();
        vec![
            rels(&content.exercises),
            rels(&content.workouts),
            rels(&content.programs),
            rels(&content.muscles),
            rels(&content.equipment),
            rels(&content.posts),
            rels(&content.pages),
            sections.collect(),
            failed,
        ]
    }

    #[test]
    fn applying_a_file_added_changed_or_removed_is_a_full_load() {
        let root = std::env::temp_dir().join(format!("spotter-apply-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let write = |rel: &str, text: &str| {
            let path = root.join("content").join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        let page = |title: &str| format!("---\ntitle: {title}\n---\nText.\n");
        for rel in [
            "exercises/b.md",
            "exercises/a/z.md",
            "exercises/a-c.md",
            "blog/2024-05-01-x.md",
            "about.md",
        ] {
            write(rel, &page(rel));
        }
        let (mut content, _) = load(&root, false);
        let check = |content: &mut Content, rel: &str, what: &str| {
            let applied = apply(&root, content, rel, false);
            let (full, diags) = load(&root, false);
            assert_eq!(listing(content), listing(&full), "{what} {rel}");
            let own: Vec<Diagnostic> = diags
                .into_iter()
                .filter(|d| d.path == Path::new("content").join(rel))
                .collect();
            assert_eq!(applied.err().unwrap_or_default(), own, "{what} {rel}");
        };
        // New files land where a full load has them: `a/` sorts before `a-c.md` and `b.md`.
        for rel in [
            "exercises/a/y.md",
            "exercises/a.md",
            "exercises/0.md",
            "guides/x/y.md",
        ] {
            write(rel, &page(rel));
            check(&mut content, rel, "added");
        }
        write("exercises/_index.md", &page("Exercises"));
        check(&mut content, "exercises/_index.md", "added");
        write("blog/2024-01-01-y.md", &page("Older"));
        check(&mut content, "blog/2024-01-01-y.md", "added");
        write("exercises/b.md", &page("B again"));
        check(&mut content, "exercises/b.md", "changed");
        assert_eq!(
            content.exercises.last().unwrap().matter.title.as_deref(),
            Some("B again")
        );
        write("exercises/b.md", "---\ntitle: B\ndraft: true\n---\n");
        check(&mut content, "exercises/b.md", "now a draft");
        write("exercises/a.md", "no front matter");
        check(&mut content, "exercises/a.md", "broken");
        write("exercises/.hidden.md", &page("Hidden"));
        check(&mut content, "exercises/.hidden.md", "hidden");
        for rel in ["exercises/a/z.md", "exercises/a.md", "guides/x/y.md"] {
            std::fs::remove_file(root.join("content").join(rel)).unwrap();
            check(&mut content, rel, "removed");
        }
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn reloading_a_file_replaces_it_in_place_or_says_it_moved() {
        let root = std::env::temp_dir().join(format!("spotter-reload-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let dir = root.join("content/exercises");
        std::fs::create_dir_all(&dir).unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
        write("a.md", "---\ntitle: A\n---\nOne.\n");
        write("b.md", "---\ntitle: B\n---\n");
        let (mut content, diags) = load(&root, false);
        assert!(diags.is_empty());

        write("a.md", "---\ntitle: A again\n---\nTwo.\n");
        assert_eq!(
            reload(&root, &mut content, "exercises/a.md", false),
            Ok(Reloaded::Replaced)
        );
        let a = &content.exercises[0];
        assert_eq!(a.matter.title.as_deref(), Some("A again"));
        assert_eq!(a.source.body(), "Two.\n");
        assert_eq!(content.exercises.len(), 2);

        // A new file, a file gone, a file now a draft: only a full load tells.
        write("c.md", "---\ntitle: C\n---\n");
        assert_eq!(
            reload(&root, &mut content, "exercises/c.md", false),
            Ok(Reloaded::Moved)
        );
        std::fs::remove_file(dir.join("b.md")).unwrap();
        assert_eq!(
            reload(&root, &mut content, "exercises/b.md", false),
            Ok(Reloaded::Moved)
        );
        write("a.md", "---\ntitle: A\ndraft: true\n---\n");
        assert_eq!(
            reload(&root, &mut content, "exercises/a.md", false),
            Ok(Reloaded::Moved)
        );

        // A mistake is the error a full load reports, and the old version stays.
        write("a.md", "---\ntitle: [A\n---\n");
        let errors = reload(&root, &mut content, "exercises/a.md", false).unwrap_err();
        assert_eq!(errors[0].path, PathBuf::from("content/exercises/a.md"));
        assert_eq!(
            content.exercises[0].matter.title.as_deref(),
            Some("A again")
        );
        let _ = std::fs::remove_dir_all(&root);
    }
}
