//! Collect: every picture and clip file a guide shows, read and processed once however many
//! pages show it, in parallel; the stage between linking and rendering.
//!
//! Pictures are named by front matter (`images:`, a clip's `poster:`, found by name when
//! linking) and by Markdown bodies (`![alt](start.jpg)`, found here). Each file is checked
//! here: that it is in the guide (no symbolic link on the way leading out,
//! [`crate::source::confine`]), that it can be read, that it is a picture that can be decoded
//! within bounded memory; and, with `images.require_credit`, that each use says who made it.
//! Every error is at the page's line that names the file, once for each page that names it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use pulldown_cmark::{Event, Options, Parser, Tag};
use rayon::prelude::*;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::model::{Guide, Image, Meta, VideoKind};
use crate::output::Placing;
use crate::source::front_matter::Credit;
use crate::source::load::Source;

use super::path::{is_local, resolve, Refused};
use super::{cached, process_as, Cache, DecodeError, Failure, Key, Processed, Seen, Settings};

/// The most bytes a picture file may have: more than any camera writes for one photo.
pub const MAX_PICTURE_BYTES: u64 = 64 * 1024 * 1024;

/// The pictures and clips of a guide, processed, by file (relative to the guide folder).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pictures {
    /// Each picture, by its file (`content/exercises/start.jpg`).
    pub pictures: BTreeMap<String, Picture>,
    /// Each clip file, by its file: where the site has it, and where to copy it from.
    pub clips: BTreeMap<String, Clip>,
    /// How many pictures this build decoded and encoded (the others came from the cache).
    pub encoded: usize,
    /// `site.yaml`'s `logo:`, processed.
    pub logo: Option<(Image, Picture)>,
}

/// A picture ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// Its files in the cache, and their sizes.
    pub processed: Processed,
    /// The start of its files' names on the site: `pictures/start-1f2e3d4c5b`.
    pub stem: String,
}

/// A clip file of the guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clip {
    /// Its path on the site: `clips/pull-apart-1f2e3d4c5b.mp4`.
    pub site_path: String,
    /// The file to copy.
    pub from: PathBuf,
}

impl Picture {
    /// The site path of its file `width` pixels wide: WebP, or the fallback.
    pub fn site_path(&self, width: u32, webp: bool) -> String {
        let ext = if webp {
            "webp"
        } else {
            self.processed.manifest.fallback.extension()
        };
        format!("{}-{width}.{ext}", self.stem)
    }

    /// Every file of the picture: its site path, the cached file it is copied from, and that
    /// file's inode as the cache noted it.
    pub fn files(&self) -> impl Iterator<Item = Placing> + '_ {
        let m = &self.processed.manifest;
        m.variants.iter().flat_map(move |&(w, _)| {
            [true, false].map(|webp| {
                let name = self.processed.file(w, webp);
                Placing {
                    rel: self.site_path(w, webp),
                    from: self.processed.dir.join(&name),
                    inode: m.inodes.get(&name).copied(),
                }
            })
        })
    }
}

impl Clip {
    /// The clip's file, put on the site as it is.
    pub fn file(&self) -> Placing {
        Placing {
            rel: self.site_path.clone(),
            from: self.from.clone(),
            inode: None,
        }
    }
}

impl Pictures {
    /// Whether the guide's pages show any picture or clip (the logo does not count).
    pub fn has_any(&self) -> bool {
        let logo = self.logo.as_ref().map(|(i, _)| i.file.as_str());
        self.pictures.keys().any(|f| Some(f.as_str()) != logo) || !self.clips.is_empty()
    }

    /// Every file of the pictures and clips, in the order of their source files.
    pub fn placings(&self) -> Vec<Placing> {
        let pictures = self.pictures.values().flat_map(Picture::files);
        pictures
            .chain(self.clips.values().map(Clip::file))
            .collect()
    }

    /// The site path of every file of the pictures and clips, sorted.
    pub fn files(&self) -> Vec<String> {
        let mut files: Vec<String> = self.placings().into_iter().map(|p| p.rel).collect();
        files.sort();
        files
    }

    /// The picture the page at `page_rel` (under `content/`) names `src`, if it was processed.
    pub fn named(&self, page_rel: &str, src: &str) -> Option<&Picture> {
        self.pictures.get(&resolve(page_rel, src).ok()?)
    }
}

/// Where a page names a file, for its errors.
#[derive(Debug, Clone)]
enum Place {
    /// In front matter, as the `nth` `src` at the key path `at`.
    Front {
        source: Arc<Source>,
        at: &'static [&'static str],
        src: String,
        nth: usize,
    },
    /// In `site.yaml`, as the value of `key`.
    Config {
        text: String,
        key: &'static str,
        src: String,
    },
    /// In the body, at a 1-based line and column, `len` characters long.
    Body {
        source: Arc<Source>,
        line: usize,
        col: usize,
        src: String,
    },
}

impl Place {
    fn error(&self, message: impl Into<String>) -> Diagnostic {
        match self {
            Place::Front {
                source,
                at,
                src,
                nth,
            } => source.error_at_value(at, src, *nth, message),
            Place::Config { text, key, src } => {
                let (line, col) = crate::source::yaml::Locator::new(text)
                    .find(&[key], src, 0)
                    .unwrap_or((0, 0));
                Diagnostic::error("site.yaml", message)
                    .at(text, line, col)
                    .spanning(src.chars().count())
            }
            Place::Body {
                source,
                line,
                col,
                src,
            } => source
                .body_error(*line, *col, message)
                .spanning(src.chars().count().max(1)),
        }
    }

    fn src(&self) -> &str {
        match self {
            Place::Front { src, .. } | Place::Config { src, .. } | Place::Body { src, .. } => src,
        }
    }
}

/// What the pages of `guide` name: pictures and clips, each with the places naming it.
#[derive(Default)]
struct Uses {
    pictures: BTreeMap<String, Vec<Place>>,
    clips: BTreeMap<String, Vec<Place>>,
}

/// Reads and processes every picture and clip of `guide` (at `root`), taking what earlier
/// builds made from the cache; every error is at the page that names the file.
pub fn collect(root: &Path, guide: &Guide) -> (Pictures, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut uses = uses_of(guide, &mut diags);
    let logo = logo_of(guide, &mut uses, &mut diags);
    let settings = guide.config.images.settings();
    let cache = Cache::of_guide(root);
    if uses.pictures.is_empty() && uses.clips.is_empty() {
        return (Pictures::default(), diags);
    }
    let folder = match crate::source::confine::Guide::new(root) {
        Ok(folder) => folder,
        Err(d) => {
            diags.push(d);
            return (Pictures::default(), diags);
        }
    };
    let seen = Seen::load(&cache);
    let made: Vec<(&String, Result<Processed, Problem>)> = uses
        .pictures
        .par_iter()
        .map(|(file, _)| (file, read_picture(&folder, file, &settings, &cache, &seen)))
        .collect();
    let mut pictures = Pictures::default();
    for (file, result) in made {
        match result {
            Ok(processed) => {
                pictures.encoded += usize::from(processed.encoded);
                let stem = format!("pictures/{}-{}", name_of(file), &processed.key.hex()[..10]);
                pictures
                    .pictures
                    .insert(file.clone(), Picture { processed, stem });
            }
            Err(problem) => {
                for place in &uses.pictures[file] {
                    diags.push(problem.at(place, "picture"));
                }
            }
        }
    }
    pictures.logo = logo.and_then(|image| {
        let picture = pictures.pictures.get(&image.file)?.clone();
        Some((image, picture))
    });
    for (file, places) in &uses.clips {
        match read_clip(&folder, file, &seen) {
            Ok(clip) => {
                pictures.clips.insert(file.clone(), clip);
            }
            Err(problem) => {
                for place in places {
                    diags.push(problem.at(place, "clip"));
                }
            }
        }
    }
    // Only a little time is lost if this fails: the next build reads the files again.
    let _ = seen.save(&cache);
    (pictures, diags)
}

/// `site.yaml`'s `logo:`, a picture under `static/`, noted as a use.
fn logo_of(guide: &Guide, uses: &mut Uses, diags: &mut Diagnostics) -> Option<Image> {
    let src = guide.config.logo.as_deref()?;
    let place = Place::Config {
        text: guide.config.source.clone(),
        key: "logo",
        src: src.to_string(),
    };
    // A path without `/` is under `static/` all the same: site.yaml sits beside no page.
    let under_static = format!("/{}", src.trim_start_matches('/'));
    match resolve("", &under_static) {
        Ok(file) => {
            uses.pictures.entry(file.clone()).or_default().push(place);
            Some(Image {
                src: src.to_string(),
                file,
                alt: guide.config.title.clone(),
                caption: None,
                credit: None,
            })
        }
        Err(refused) => {
            let (what, hint) = refused.explain();
            diags.push(
                place
                    .error(format!("the logo \"{src}\" {what}"))
                    .with_hint(hint),
            );
            None
        }
    }
}

/// The file name of `file` without its extension, slugified, for the names of what it makes.
fn name_of(file: &str) -> String {
    let name = file.rsplit('/').next().unwrap_or(file);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let slug = crate::source::slug::slugify(stem);
    if slug.is_empty() {
        "picture".into()
    } else {
        slug
    }
}

/// Every picture and clip the pages of `guide` name; errors of names that lead nowhere (in
/// bodies: front matter's were found when linking) and of missing credits.
fn uses_of(guide: &Guide, diags: &mut Diagnostics) -> Uses {
    let mut uses = Uses::default();
    let require_credit = guide.config.images.require_credit;
    let metas = guide
        .metas()
        .map(|(_, m)| m)
        .chain(guide.sections.values().map(|p| &p.meta));
    // Bodies are read in parallel: only those with an image are parsed.
    let metas: Vec<&Meta> = metas.filter(|m| m.source.is_some()).collect();
    let found: Vec<(Uses, Diagnostics)> = metas
        .par_iter()
        .map(|meta| {
            let mut uses = Uses::default();
            let mut diags = Diagnostics::new();
            let source = meta.source.as_ref().expect("filtered");
            front_uses(meta, source, require_credit, &mut uses, &mut diags);
            body_uses(source, &mut uses, &mut diags);
            (uses, diags)
        })
        .collect();
    for (found, d) in found {
        diags.extend(d);
        for (file, places) in found.pictures {
            uses.pictures.entry(file).or_default().extend(places);
        }
        for (file, places) in found.clips {
            uses.clips.entry(file).or_default().extend(places);
        }
    }
    uses
}

fn front_uses(
    meta: &Meta,
    source: &Arc<Source>,
    require_credit: bool,
    uses: &mut Uses,
    diags: &mut Diagnostics,
) {
    for (i, image) in meta.images.iter().enumerate() {
        let nth = meta.images[..i]
            .iter()
            .filter(|o| o.src == image.src)
            .count();
        let place = Place::Front {
            source: source.clone(),
            at: &["images", "src"],
            src: image.src.clone(),
            nth,
        };
        // A picture refused for want of a credit is not read: one mistake, one error.
        if require_credit && !check_credit(&place, image.credit.as_ref(), "picture", diags) {
            continue;
        }
        uses.pictures
            .entry(image.file.clone())
            .or_default()
            .push(place);
    }
    let Some(video) = &meta.video else { return };
    if let Some(poster) = &video.poster {
        let place = Place::Front {
            source: source.clone(),
            at: &["video", "poster"],
            src: poster.src.clone(),
            nth: 0,
        };
        uses.pictures
            .entry(poster.file.clone())
            .or_default()
            .push(place);
    }
    let place = Place::Front {
        source: source.clone(),
        at: if !crate::source::yaml::Locator::new(source.yaml())
            .find_all(&["video", "src"], &video.src)
            .is_empty()
        {
            &["video", "src"]
        } else {
            &["video"]
        },
        src: video.src.clone(),
        nth: 0,
    };
    if require_credit && !check_credit(&place, video.credit.as_ref(), "clip", diags) {
        return;
    }
    if let VideoKind::File(file, _) = &video.kind {
        uses.clips.entry(file.clone()).or_default().push(place);
    }
}

/// With `images.require_credit: true`, a picture or clip must say who made it and under
/// which licence; false (and an error) when it does not.
fn check_credit(
    place: &Place,
    credit: Option<&Credit>,
    what: &str,
    diags: &mut Diagnostics,
) -> bool {
    let missing = match credit {
        None => "has no `credit:`",
        Some(c) if c.author.as_deref().is_none_or(|a| a.trim().is_empty()) => {
            "has a `credit:` without `author:`"
        }
        Some(c) if c.license.as_deref().is_none_or(|l| l.trim().is_empty()) => {
            "has a `credit:` without `license:`"
        }
        Some(_) => return true,
    };
    diags.push(
        place
            .error(format!("the {what} \"{}\" {missing}, and site.yaml requires one", place.src()))
            .with_hint("say who made it and under which licence: `credit: {author: Ana Ruiz, license: CC-BY-4.0, source: \"https://example.org/p/12\"}`"),
    );
    false
}

/// An image a Markdown body shows from a file of the guide (not from another host).
struct BodyImage {
    /// Its link as written.
    dest: String,
    /// Its link, percent-decoded: the file's name.
    url: String,
    /// Where its Markdown is in the body, in bytes.
    range: std::ops::Range<usize>,
    /// Its alt text.
    alt: String,
}

/// The images `body` shows from files of the guide, in order: the one reading of a body's
/// pictures, for the build ([`body_uses`]) and for serve ([`body_files`]) alike.
fn local_images(body: &str) -> Vec<BodyImage> {
    if !body.contains("![") {
        return Vec::new();
    }
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    let mut parser = Parser::new_ext(body, options).into_offset_iter();
    let mut images = Vec::new();
    while let Some((event, range)) = parser.next() {
        let Event::Start(Tag::Image { dest_url, .. }) = event else {
            continue;
        };
        let alt = crate::render::markdown::image_alt(parser.by_ref().map(|(e, _)| e));
        let url = percent_encoding::percent_decode_str(&dest_url).decode_utf8_lossy();
        if is_local(&url) {
            images.push(BodyImage {
                url: url.into_owned(),
                dest: dest_url.to_string(),
                range,
                alt,
            });
        }
    }
    images
}

/// The pictures a Markdown body shows from files of the guide (`![alt](start.jpg)`); an
/// image without alt text, or whose name leads out of the guide, is an error at it.
fn body_uses(source: &Arc<Source>, uses: &mut Uses, diags: &mut Diagnostics) {
    let body = source.body();
    for BodyImage {
        dest,
        url,
        range,
        alt,
    } in local_images(body)
    {
        let text = &body[range.clone()];
        let at = text.rfind(&dest).map_or(range.start, |i| range.start + i);
        let before = &body[..at];
        let line = before.matches('\n').count() + 1;
        let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
            .chars()
            .count()
            + 1;
        let place = Place::Body {
            source: source.clone(),
            line,
            col,
            src: dest.clone(),
        };
        match resolve(&source.rel, &url) {
            Ok(file) => {
                if alt.trim().is_empty() {
                    diags.push(
                        place
                            .error(format!("the picture \"{dest}\" has no alt text"))
                            .with_hint("say in a few words what it shows, between the brackets: `![Arms straight, band at chest height](start.jpg)`"),
                    );
                    continue;
                }
                uses.pictures.entry(file).or_default().push(place);
            }
            Err(refused @ (Refused::Outside | Refused::Empty)) => {
                let (what, hint) = refused.explain();
                diags.push(
                    place
                        .error(format!("the picture \"{dest}\" {what}"))
                        .with_hint(hint),
                );
            }
            Err(Refused::Remote) => {}
        }
    }
}

/// The files of the guide a Markdown body shows as pictures (`![alt](start.jpg)`), resolved
/// from the page at `rel` (under `content/`), in order; names that lead nowhere are left out.
pub fn body_files(rel: &str, body: &str) -> Vec<String> {
    local_images(body)
        .into_iter()
        .filter_map(|image| resolve(rel, &image.url).ok())
        .collect()
}

/// Whether the page `meta` shows one of the picture or clip `files`: in `images:`, as its
/// clip or the clip's poster, or in its body.
pub fn shows_any(meta: &Meta, files: &BTreeSet<String>) -> bool {
    let video = meta.video.as_ref();
    let clip = video.and_then(|v| match &v.kind {
        VideoKind::File(file, _) => Some(file),
        _ => None,
    });
    let poster = video.and_then(|v| v.poster.as_ref()).map(|p| &p.file);
    meta.images
        .iter()
        .map(|i| &i.file)
        .chain(clip)
        .chain(poster)
        .any(|f| files.contains(f))
        || meta.source.as_ref().is_some_and(|s| {
            body_files(&s.rel, s.body())
                .iter()
                .any(|f| files.contains(f))
        })
}

impl Pictures {
    /// The picture and clip files whose site files differ between `self` and `other`: changed,
    /// added or no longer shown.
    pub fn changed_files(&self, other: &Pictures) -> BTreeSet<String> {
        // By their names on the site, which hold the hash of what they were made from.
        let names = |p: &Pictures| -> BTreeMap<String, String> {
            let pictures = (p.pictures.iter()).map(|(f, p)| (f.clone(), p.stem.clone()));
            let clips = (p.clips.iter()).map(|(f, c)| (f.clone(), c.site_path.clone()));
            pictures.chain(clips).collect()
        };
        let (a, b) = (names(self), names(other));
        let changed = a.iter().filter(|(f, name)| b.get(*f) != Some(*name));
        let added = b.keys().filter(|f| !a.contains_key(*f));
        changed.map(|(f, _)| f).chain(added).cloned().collect()
    }
}

/// Why a file named by a page cannot be used: what is wrong (after "the picture \"NAME\"")
/// and what to do.
#[derive(Debug)]
struct Problem {
    what: String,
    hint: String,
}

impl Problem {
    fn new(what: impl Into<String>, hint: impl Into<String>) -> Problem {
        Problem {
            what: what.into(),
            hint: hint.into(),
        }
    }

    /// A file that is there but cannot be read.
    fn unreadable(e: std::io::Error) -> Problem {
        Problem::new(
            format!("cannot be read: {e}"),
            "check that you may read the file",
        )
    }

    fn at(&self, place: &Place, kind: &str) -> Diagnostic {
        place
            .error(format!("the {kind} \"{}\" {}", place.src(), self.what))
            .with_hint(self.hint.clone())
    }
}

/// The real path of `file` (relative to the guide at `root`), checked to be a file inside
/// the guide and at most `max` bytes long.
fn open(
    folder: &crate::source::confine::Guide,
    file: &str,
    max: u64,
) -> Result<(PathBuf, std::fs::Metadata), Problem> {
    let (real, meta) = match folder.real_file(file) {
        Ok(Some(found)) => found,
        Ok(None) => return Err(missing(folder.root(), file)),
        Err(d) => {
            return Err(Problem::new(
                format!("leads out of the guide: {}", d.message),
                "copy the file into the guide instead of linking to it",
            ))
        }
    };
    if !meta.is_file() {
        return Err(Problem::new(
            format!("is not a file: {file} is a folder"),
            "name a file in that folder",
        ));
    }
    if meta.len() > max {
        return Err(Problem::new(
            format!(
                "is {} MB, more than the {} MB a file may have",
                meta.len() / (1024 * 1024),
                max / (1024 * 1024)
            ),
            "make it smaller before adding it: the site never shows it bigger than images.widths",
        ));
    }
    Ok((real, meta))
}

/// The problem of a file that is not there, with the closest name in its folder.
fn missing(root: &Path, file: &str) -> Problem {
    let (dir, name) = file.rsplit_once('/').unwrap_or(("", file));
    let siblings: BTreeSet<String> = std::fs::read_dir(root.join(dir))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.ends_with(".md"))
                .collect()
        })
        .unwrap_or_default();
    let hint = match did_you_mean(name, siblings.iter().map(String::as_str)) {
        Some(best) => format!("did you mean \"{best}\"? (in {dir}/)"),
        None => "a name is looked for beside the page's file, and /NAME under static/".into(),
    };
    Problem::new(format!("is not there: there is no file {file}"), hint)
}

/// The picture `file` processed, from the cache when it has it: a file unchanged since it was
/// last seen is not even read.
fn read_picture(
    folder: &crate::source::confine::Guide,
    file: &str,
    settings: &Settings,
    cache: &Cache,
    seen: &Seen,
) -> Result<Processed, Problem> {
    let (real, meta) = open(folder, file, MAX_PICTURE_BYTES)?;
    let (widths, quality) = (&settings.widths, settings.quality);
    if let Some(hash) = seen.hash(file, &meta) {
        if let Some(done) = cached(&Key::of_hash(&hash, widths, quality), cache) {
            return Ok(done);
        }
    }
    let bytes = std::fs::read(&real).map_err(Problem::unreadable)?;
    let hash = Key::hash_bytes(&bytes);
    let key = Key::of_hash(&hash, widths, quality);
    let processed = match cached(&key, cache) {
        Some(done) => Ok(done),
        None => process_as(&key, &bytes, settings, cache),
    };
    if processed.is_ok() {
        seen.note(file, &meta, &hash);
    }
    processed.map_err(|f| match f {
        Failure::Decode(e @ DecodeError::Format(_)) => Problem::new(
            e.to_string(),
            "save it as JPEG (photographs) or PNG (drawings), or as WebP",
        ),
        Failure::Decode(e @ DecodeError::TooLarge(..)) => Problem::new(
            e.to_string(),
            format!(
                "scale it down before adding it: the site shows it at most {} pixels wide",
                settings.widths.last().copied().unwrap_or_default()
            ),
        ),
        Failure::Decode(e @ DecodeError::Corrupt(_)) => Problem::new(
            e.to_string(),
            "the file may be cut short or damaged: export it again from the original",
        ),
        Failure::Cache(e) => Problem::new(
            format!("cannot be stored in {}/: {e}", super::cache::DIR),
            "Spotter keeps processed pictures there: check that the guide folder may be written",
        ),
    })
}

/// The most bytes a clip file may have.
pub const MAX_CLIP_BYTES: u64 = 512 * 1024 * 1024;

/// The clip `file`, named by the hash of its bytes: a file unchanged since it was last seen is
/// not read.
fn read_clip(
    folder: &crate::source::confine::Guide,
    file: &str,
    seen: &Seen,
) -> Result<Clip, Problem> {
    let (real, meta) = open(folder, file, MAX_CLIP_BYTES)?;
    let hash = match seen.hash(file, &meta) {
        Some(hash) => hash,
        None => {
            let hash = Key::hash_bytes(&std::fs::read(&real).map_err(Problem::unreadable)?);
            seen.note(file, &meta, &hash);
            hash
        }
    };
    let hash = blake3::Hash::from(hash).to_hex();
    let ext = file
        .rsplit_once('.')
        .map_or("mp4", |(_, e)| e)
        .to_ascii_lowercase();
    Ok(Clip {
        site_path: format!("clips/{}-{}.{ext}", name_of(file), &hash[..10]),
        from: real,
    })
}

/// The pictures a page shows in front matter, its cover first, that were processed.
pub fn shown<'p>(
    pictures: &'p Pictures,
    images: &'p [Image],
) -> impl Iterator<Item = (&'p Image, &'p Picture)> {
    images
        .iter()
        .filter_map(|i| Some((i, pictures.pictures.get(&i.file)?)))
}
