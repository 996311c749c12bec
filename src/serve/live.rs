//! The site `spotter serve` keeps up to date. It is built once into a folder Spotter owns;
//! after each edit it is brought up to date doing no more than the edit needs:
//!
//! - only bodies changed (each front matter the same to the byte): the pages those bodies
//!   show are rendered again ([`update::rerender`]);
//! - front matter changed in files that were there before: those files are read again and
//!   linked again (alone when they keep what other entries are linked by, see
//!   [`crate::model::link::relink_edited`]; else with the whole guide), and only the pages whose inputs
//!   changed are rendered ([`update::update`]);
//! - Markdown files under `content/` added or removed (or an edit that adds or removes pages):
//!   those files are applied to the content as read ([`crate::source::load::apply`]), the whole
//!   guide is linked, what is kept of the site moves to the pages' new ids
//!   ([`update::Memo::reshape`]), and the update is as above: only the pages whose inputs
//!   changed are rendered, and the files of pages gone are removed;
//! - a picture or clip file a page shows changed (under `content/` or `static/`): the pictures
//!   are collected again (only a changed file is decoded), and the pages that show a file
//!   whose name on the site changed are updated as if edited;
//! - anything else (a template, `site.yaml`, the logo, a file outside `content/`): everything
//!   is read and rendered again.
//!
//! Whichever way, only files whose bytes changed are written, and only once the whole update
//! succeeded, so a mistake leaves the last good site in place.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::Diagnostics;
use crate::model::link::Edited;
use crate::model::{Guide, Target};
use crate::output::{Hashes, Update};
use crate::pipeline::{self, Failure, Linked, Options};
use crate::render;
use crate::render::theme::Theme;
use crate::serve::moves::Moves;
use crate::serve::update::{self, Memo};
use crate::source::load::{Content, Reloaded};

/// What changed, as [`LiveSite::update`] tells it apart.
#[derive(Default)]
struct Paths {
    /// Markdown files, relative to `content/`.
    pages: Vec<String>,
    /// Picture and clip files pages show, relative to the guide folder.
    pictures: Vec<String>,
}

/// A served site and what is needed to update it.
pub struct LiveSite {
    options: Options,
    /// Where the site is.
    dir: PathBuf,
    /// The guide folder as the file watcher names it (canonical).
    watched_root: PathBuf,
    /// The content as read, kept in step with the files.
    content: Content,
    /// Files (under `content/`) edited since the last update that succeeded: they are read
    /// again with the next edit, and until then bodies alone are not updated.
    pending: Vec<String>,
    /// After a rebuild failed (or its site could not be written), the next update builds
    /// again: `Some(true)` when only Markdown files under `content/` changed since the site
    /// was built, so its theme is the same.
    failed_rebuild: Option<bool>,
    guide: Guide,
    theme: Theme,
    memo: Memo,
    /// The hash of every file of the site.
    hashes: Hashes,
}

/// What an update did.
#[derive(Debug)]
pub enum Outcome {
    /// Edited bodies: this many pages rendered again.
    Bodies {
        /// Pages written.
        pages: usize,
    },
    /// Edited front matter: the pages whose inputs changed rendered again.
    Pages {
        /// Pages rendered.
        pages: usize,
        /// Pages in the site.
        of: usize,
        /// Files whose bytes changed.
        written: usize,
        /// Warnings.
        warnings: Diagnostics,
    },
    /// Everything built again: linked and fingerprinted, and rendered but for the pages whose
    /// inputs are those they were made from.
    Rebuilt {
        /// Pages kept as they were, their inputs unchanged (after files were added or
        /// removed; none after other changes, which render every page).
        kept: usize,
        /// Files whose bytes changed.
        written: usize,
        /// Warnings.
        warnings: Diagnostics,
    },
    /// The guide has errors; the site is as it was.
    Failed(Diagnostics),
    /// The update could not be made or written (the message says why).
    Error(String),
}

impl LiveSite {
    /// Builds the guide of `options` into `options`' output folder, which Spotter owns.
    /// Returns the site, the files written and the warnings.
    pub fn build(options: Options) -> Result<(LiveSite, usize, Diagnostics), Failure> {
        let dir = options.output_dir();
        let update = Update::fresh(&dir);
        let served = pipeline::build_to_serve(&options, &update)?;
        let (_, hashes) = update
            .finish(true)
            .map_err(|e| pipeline::write_failure(&dir, &e))?;
        let mut built = served.built;
        let warnings = std::mem::take(&mut built.report.warnings);
        let files = built.report.files;
        let watched_root =
            std::fs::canonicalize(&options.root).unwrap_or_else(|_| options.root.clone());
        let site = LiveSite {
            options,
            dir,
            watched_root,
            content: served.content,
            pending: Vec::new(),
            failed_rebuild: None,
            guide: built.guide,
            theme: built.theme,
            memo: served.memo,
            hashes,
        };
        Ok((site, files, warnings))
    }

    /// The folder the site is in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Brings the site up to date after the files `changed` (absolute paths, as the file
    /// watcher gives them) changed.
    pub fn update(&mut self, changed: &[PathBuf]) -> Outcome {
        // Read once: what a path is can change on disk while the update runs.
        let paths = self.content_paths(changed);
        let pictures = paths.as_ref().map_or(Vec::new(), |p| p.pictures.clone());
        let pages = paths.map(|p| p.pages);
        // A rebuild of the content alone keeps the static files: after a picture under
        // `static/` changed, everything is built again.
        let statics = pictures.iter().any(|f| f.starts_with("static/"));
        let content_only = |pages: Option<Vec<String>>| pages.filter(|_| !statics);
        if let Some(was) = self.failed_rebuild {
            return self.rebuild(content_only(pages).filter(|_| was));
        }
        let bodies = pages.as_deref().filter(|_| pictures.is_empty());
        if let Some(outcome) = bodies.and_then(|rels| self.update_bodies(rels)) {
            return outcome;
        }
        if let Some(outcome) = (pages.clone()).and_then(|rels| self.update_pages(rels, &pictures)) {
            if statics && matches!(outcome, Outcome::Failed(_)) {
                // The static files it did not copy are copied by the next update, a build.
                self.failed_rebuild = Some(false);
            }
            return outcome;
        }
        self.rebuild(content_only(pages))
    }

    /// The Markdown files of `changed`, relative to `content/`, if nothing else there changed
    /// but files that came and went (an editor's or `sed -i`'s temporary file, renamed over
    /// the page it saves) and pictures and clips pages show (under `content/` or `static/`,
    /// but for the logo, which every page shows). `None` when another path is outside
    /// `content/`, or is a folder there, or was one (gone, with pages of the guide in it).
    fn content_paths(&self, changed: &[PathBuf]) -> Option<Paths> {
        let mut paths = Paths::default();
        for path in changed {
            let rel = path
                .strip_prefix(&self.watched_root)
                .ok()?
                .to_str()?
                .replace('\\', "/");
            // A picture or clip a page shows: processed again (the others come from the
            // cache), and only the pages showing it rendered again.
            let pictures = &self.guide.pictures;
            let logo = pictures.logo.as_ref().map(|(image, _)| image.file.as_str());
            if pictures.pictures.contains_key(&rel) || pictures.clips.contains_key(&rel) {
                if logo == Some(rel.as_str()) {
                    return None;
                }
                paths.pictures.push(rel);
                continue;
            }
            let rel = rel.strip_prefix("content/")?.to_string();
            if rel.ends_with(".md") {
                paths.pages.push(rel);
                continue;
            }
            let folder = format!("{rel}/");
            let held_pages = || self.guide.paths.keys().any(|p| p.starts_with(&folder));
            if rel.is_empty() || path.is_dir() || held_pages() {
                return None;
            }
        }
        Some(paths)
    }

    /// Edits that changed only bodies of the pages `changed` (under `content/`). `None` when
    /// anything else changed.
    fn update_bodies(&mut self, changed: &[String]) -> Option<Outcome> {
        if !self.pending.is_empty() {
            return None;
        }
        let mut targets = Vec::new();
        let mut sources = Vec::new();
        let mut words_changed = false;
        for rel in changed {
            let target = self.guide.paths.get(rel)?.clone();
            let old = self.guide.meta(&target)?.source.clone()?;
            let new = crate::source::load::reread(&self.options.root, &old)?;
            // A body that shows a picture (or did) is updated with the pictures read again.
            if new.body().contains("![") || old.body().contains("![") {
                return None;
            }
            let words = crate::render::feeds::words;
            words_changed |= words(old.body()) != words(new.body());
            sources.push((target.clone(), Arc::new(new)));
            targets.push(target);
        }
        let mut rels = Vec::new();
        for (target, source) in sources {
            rels.push(source.rel.clone());
            if let Some(meta) = self.guide.meta_mut(&target) {
                meta.source = Some(source);
            }
        }
        let update = Update::over(&self.dir, &self.hashes);
        let rendered = update::rerender(
            &self.guide,
            &self.theme,
            &update,
            &mut self.memo,
            &targets,
            words_changed,
        );
        let pages = match rendered {
            Ok(pages) => pages,
            Err(d) => {
                self.pending.extend(rels);
                return Some(Outcome::Failed(d));
            }
        };
        // The same front matter, so the same reading of it: only the text is new.
        for rel in &rels {
            let reloaded = crate::source::load::reload(
                &self.options.root,
                &mut self.content,
                rel,
                self.options.drafts,
            );
            if reloaded != Ok(Reloaded::Replaced) {
                self.pending.push(rel.clone());
            }
        }
        Some(match update.finish(false) {
            Ok((_, made)) => {
                self.hashes.extend(made);
                Outcome::Bodies { pages }
            }
            Err(e) => self.write_failed(&e),
        })
    }

    /// Edits to files that were there before. `None` when the guide's shape changed (pages
    /// added or removed), which needs a rebuild.
    /// `pictures`: picture and clip files (relative to the guide folder) that changed too.
    fn update_pages(&mut self, mut rels: Vec<String>, pictures: &[String]) -> Option<Outcome> {
        // Files read again after a failed update are ahead of the guide: only linking
        // everything tells what changed.
        let before = if self.pending.is_empty() {
            self.before(&rels)
        } else {
            None
        };
        rels.append(&mut self.pending);
        rels.sort();
        rels.dedup();
        let outcome = self.update_pages_of(&rels, before.as_deref(), pictures);
        // A failed update reads them again with the next edit; a rebuild, now (some may
        // have been read again already, some not).
        if matches!(outcome, Some(Outcome::Failed(_)) | None) {
            self.pending = rels;
        }
        outcome
    }

    /// The exercises, workouts, posts and pages `rels` are, with their front matter as the
    /// guide was linked from; `None` if any is something else.
    fn before(&self, rels: &[String]) -> Option<Vec<Edited>> {
        let content = &self.content;
        rels.iter()
            .map(|rel| match self.guide.paths.get(rel)? {
                Target::Exercise(i) => {
                    let doc = content.exercises.get(*i).filter(|d| d.source.rel == *rel)?;
                    Some(Edited::Exercise(*i, doc.matter.clone()))
                }
                Target::Workout(i) => {
                    let doc = content.workouts.get(*i).filter(|d| d.source.rel == *rel)?;
                    Some(Edited::Workout(*i, doc.matter.clone()))
                }
                Target::Post(i) => {
                    let doc = content.posts.iter().find(|d| d.source.rel == *rel)?;
                    Some(Edited::Post(*i, doc.matter.clone()))
                }
                Target::Page(i) => {
                    let doc = content.pages.iter().find(|d| d.source.rel == *rel)?;
                    Some(Edited::Page(*i, doc.matter.clone()))
                }
                _ => None,
            })
            .collect()
    }

    /// `before`: see [`pipeline::relink_after`]; `None` links everything again.
    fn update_pages_of(
        &mut self,
        rels: &[String],
        before: Option<&[Edited]>,
        pictures: &[String],
    ) -> Option<Outcome> {
        let mut errors = Diagnostics::new();
        for rel in rels {
            match crate::source::load::reload(
                &self.options.root,
                &mut self.content,
                rel,
                self.options.drafts,
            ) {
                Ok(Reloaded::Replaced) => {}
                Ok(Reloaded::Moved) => return None,
                Err(d) => errors.extend(d),
            }
        }
        if errors.has_errors() {
            return Some(Outcome::Failed(errors));
        }
        let (guide, mut warnings, linked) = match before {
            Some(before) => pipeline::relink_after(&self.guide, &self.content, before),
            None => {
                let (guide, warnings) = pipeline::relink(self.guide.config.clone(), &self.content);
                (guide, warnings, Linked::Whole)
            }
        };
        let mut guide = guide;
        if shows_pictures(&self.guide, &guide, rels) {
            warnings.extend(pipeline::collect_pictures(&self.options.root, &mut guide));
        }
        if warnings.has_errors() {
            return Some(Outcome::Failed(warnings));
        }
        let same_shape = match linked {
            Linked::Alone => update::same_shape_linked_alone(&self.guide, &guide),
            Linked::Whole => same_shape(&self.guide, &guide),
        };
        debug_assert_eq!(same_shape, self::same_shape(&self.guide, &guide));
        if !same_shape {
            return None;
        }
        let mut edited: Vec<Target> = rels
            .iter()
            .filter_map(|rel| guide.paths.get(rel).cloned())
            .collect();
        add_showing_changed(&self.guide, &guide, &mut edited);
        // The files of pictures no longer shown (or changed: their names hold their hash) go.
        let gone = {
            let now: HashSet<String> = guide.pictures.files().into_iter().collect();
            let was = self.guide.pictures.files().into_iter();
            was.filter(|f| !now.contains(f)).collect::<Vec<_>>()
        };
        let edit = update::Edit {
            guide: &guide,
            old: &self.guide,
            edited: &edited,
            gone: &[],
            moves: None,
            whole_site: false,
        };
        let update = Update::over(&self.dir, &self.hashes);
        let updated = match update::update(&edit, &self.theme, &update, &mut self.memo) {
            Ok(updated) => updated,
            Err(d) => return Some(Outcome::Failed(d)),
        };
        if let Err(d) = self.copy_statics(pictures, &update) {
            return Some(Outcome::Failed(d));
        }
        for file in &gone {
            update.remove(file);
        }
        let old = std::mem::replace(&mut self.guide, guide);
        let finished = update.finish(false);
        // The old linking is big: freeing it need not hold the update up, nor slow its writing.
        crate::drop_elsewhere(old);
        Some(match finished {
            Ok((written, made)) => {
                for file in gone.iter().filter(|f| !made.contains_key(*f)) {
                    self.hashes.remove(file);
                }
                self.hashes.extend(made);
                warnings.extend(updated.warnings);
                Outcome::Pages {
                    pages: updated.pages,
                    of: updated.of,
                    written,
                    warnings,
                }
            }
            Err(e) => self.write_failed(&e),
        })
    }

    /// Copies again the files of `changed` (relative to the guide folder) that are the guide's
    /// static files (a picture under `static/` is one too, at its own address).
    fn copy_statics(&self, changed: &[String], update: &Update<'_>) -> Result<(), Diagnostics> {
        for file in changed {
            let Some(rel) = file.strip_prefix("static/") else {
                continue;
            };
            if let Some(static_file) = self.theme.statics.get(rel) {
                crate::render::copy_static(rel, static_file, update)
                    .map_err(|d| Diagnostics::from_iter([d]))?;
            }
        }
        Ok(())
    }

    /// Builds everything again, writing only the files that changed. With `pages` (only the
    /// Markdown files `pages` under `content/` changed since the site was built, some added or
    /// removed), see [`LiveSite::rebuild_content`].
    fn rebuild(&mut self, pages: Option<Vec<String>>) -> Outcome {
        if let Some(mut rels) = pages {
            rels.append(&mut self.pending);
            rels.sort();
            rels.dedup();
            return self.rebuild_content(rels);
        }
        let update = Update::over(&self.dir, &self.hashes);
        let served = match pipeline::build_to_serve(&self.options, &update) {
            Ok(served) => served,
            Err(failure) => {
                self.failed_rebuild = Some(false);
                return match failure {
                    Failure::Content(d) => Outcome::Failed(d),
                    Failure::Usage(m) => Outcome::Error(m),
                };
            }
        };
        match update.finish(true) {
            Ok((written, hashes)) => {
                self.failed_rebuild = None;
                let mut built = served.built;
                let warnings = std::mem::take(&mut built.report.warnings);
                self.pending.clear();
                crate::drop_elsewhere((
                    std::mem::replace(&mut self.content, served.content),
                    std::mem::replace(&mut self.guide, built.guide),
                    std::mem::replace(&mut self.theme, built.theme),
                    std::mem::replace(&mut self.memo, served.memo),
                    std::mem::replace(&mut self.hashes, hashes),
                ));
                Outcome::Rebuilt {
                    kept: 0,
                    written,
                    warnings,
                }
            }
            Err(e) => {
                self.failed_rebuild = Some(false);
                self.write_failed(&e)
            }
        }
    }

    /// Builds everything again after the Markdown files `rels` (under `content/`) were added,
    /// changed or removed, and nothing else: the other files are not read again, the guide is
    /// linked whole, and the site is updated as after any other edit, with what is kept of it
    /// moved to the pages' new ids ([`update::Memo::reshape`]). When that fails, the files are
    /// read again with the next edit, which builds again.
    fn rebuild_content(&mut self, rels: Vec<String>) -> Outcome {
        let failed = |site: &mut LiveSite, rels: Vec<String>, d: Diagnostics| {
            site.rebuild_again(rels);
            Outcome::Failed(d)
        };
        let root = &self.options.root;
        let mut diags = Diagnostics::new();
        for rel in &rels {
            if let Err(d) =
                crate::source::load::apply(root, &mut self.content, rel, self.options.drafts)
            {
                diags.extend(d);
            }
        }
        let (mut guide, linked) = pipeline::relink(self.guide.config.clone(), &self.content);
        diags.extend(linked);
        if shows_pictures(&self.guide, &guide, &rels) {
            diags.extend(pipeline::collect_pictures(root, &mut guide));
        }
        if diags.has_errors() {
            // Every mistake at once, as a full build reports them: the bodies' too.
            if let Err(d) = render::render(
                &guide,
                &self.theme,
                &render::Discard,
                true,
                render::Script::None,
            ) {
                diags.extend(d);
            }
            return failed(self, rels, diags);
        }
        let moves = Moves::new(&self.guide, &guide);
        self.memo.reshape(&moves);
        let mut edited: Vec<Target> = (rels.iter())
            .filter_map(|rel| guide.paths.get(rel).cloned())
            .collect();
        add_showing_changed(&self.guide, &guide, &mut edited);
        let gone: Vec<Target> = (rels.iter())
            .filter_map(|rel| self.guide.paths.get(rel).cloned())
            .collect();
        let edit = update::Edit {
            guide: &guide,
            old: &self.guide,
            edited: &edited,
            gone: &gone,
            moves: Some(&moves),
            whole_site: true,
        };
        let update = Update::over(&self.dir, &self.hashes);
        let updated = match update::update(&edit, &self.theme, &update, &mut self.memo) {
            Ok(updated) => updated,
            Err(d) => {
                // What it staged goes, and the memo moves back to the pages on disk.
                drop(update);
                self.memo.reshape(&moves.reversed());
                return failed(self, rels, d);
            }
        };
        match update.finish(true) {
            Ok((written, hashes)) => {
                self.failed_rebuild = None;
                self.pending.clear();
                diags.extend(updated.warnings);
                // The old linking is big: freeing it need not hold the rebuild up.
                crate::drop_elsewhere((
                    std::mem::replace(&mut self.guide, guide),
                    std::mem::replace(&mut self.hashes, hashes),
                ));
                Outcome::Rebuilt {
                    kept: updated.of - updated.pages,
                    written,
                    warnings: diags,
                }
            }
            Err(e) => {
                self.rebuild_again(rels);
                self.memo = Memo::default();
                self.write_failed(&e)
            }
        }
    }

    /// After [`LiveSite::rebuild_content`] failed: the next update builds again, reading the
    /// files `rels` again too.
    fn rebuild_again(&mut self, rels: Vec<String>) {
        self.pending = rels;
        self.failed_rebuild = Some(true);
    }

    /// What is on disk is now unknown: the next update writes every file it makes, and
    /// renders every page.
    fn write_failed(&mut self, e: &std::io::Error) -> Outcome {
        self.hashes.clear();
        self.memo.forget_pages();
        Outcome::Error(format!("cannot write {}: {e}", self.dir.display()))
    }
}

/// Whether `new`, linked again after the files `rels` (under `content/`) changed, may show a
/// picture or a clip: `old` did, or one of those files names one (in front matter or body).
/// Else reading the pictures again (a scan of every page) is left out.
fn shows_pictures(old: &Guide, new: &Guide, rels: &[String]) -> bool {
    old.pictures.has_any()
        || old.pictures.logo.is_some()
        || rels.iter().any(|rel| {
            let Some(meta) = new.paths.get(rel).and_then(|t| new.meta(t)) else {
                return false;
            };
            !meta.images.is_empty()
                || meta.video.is_some()
                || meta
                    .source
                    .as_ref()
                    .is_some_and(|s| s.body().contains("!["))
        })
}

/// Adds to `edited` (pages of `new`) the pages that show a picture or clip whose file changed
/// since `old` was built (whose name on the site did): they are rendered as if edited.
fn add_showing_changed(old: &Guide, new: &Guide, edited: &mut Vec<Target>) {
    let shown = old.pictures.changed_files(&new.pictures);
    if !shown.is_empty() {
        let showing: Vec<Target> = (showing(new, &shown))
            .filter(|t| !edited.contains(t))
            .collect();
        edited.extend(showing);
    }
}

/// The pages of `guide` that show one of the picture or clip `files`.
fn showing<'g>(guide: &'g Guide, files: &'g BTreeSet<String>) -> impl Iterator<Item = Target> + 'g {
    let sections = (guide.sections.iter()).map(|(k, p)| (Target::Section(k.clone()), &p.meta));
    (guide.metas().chain(sections))
        .filter(|(_, meta)| crate::pictures::collect::shows_any(meta, files))
        .map(|(target, _)| target)
}

/// Whether two linkings make the same pages ([`render::shape`]): made when needed, not kept
/// (about 15 ms at 10,000 exercises, which a rebuild need not wait for).
fn same_shape(old: &Guide, new: &Guide) -> bool {
    let (old, new) = rayon::join(|| update::shape(old), || update::shape(new));
    old == new
}
