//! The site's files: which files a render makes (to refuse a redirect landing on one of
//! them), and the files not made from templates: the feeds, the sitemap and the redirects.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::render::{feeds, Job, Renderer};

/// The files the feeds job writes.
pub(crate) const FEED_FILES: [&str; 3] = ["atom.xml", "robots.txt", "sitemap.xml"];

/// The file the search index job writes.
pub(crate) const SEARCH_INDEX: &str = "search-index.json";

/// What a file of the site is, for messages about another that would land on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Made {
    /// A page, at its site path.
    Page(String),
    /// A static file, a feed, the search index.
    File,
    /// A redirect, from `redirect_from` in this file.
    Redirect(PathBuf),
}

/// The site path of the file a redirect from `from` writes, when `from` is a path within
/// the site ([`crate::model::link`] reports it when not).
pub(crate) fn redirect_file(from: &str) -> Option<String> {
    crate::model::link::redirect_path(from).map(|path| format!("{path}/index.html"))
}

/// The site path of the file of the page at `path`: `path` itself when it names an HTML file
/// (`404.html`), else its folder's `index.html`.
pub(crate) fn page_file(mut path: String) -> String {
    if !path.ends_with(".html") {
        path.push_str("index.html");
    }
    path
}

impl Renderer<'_> {
    /// Every file the site has, by site path, with what it is: the static files, each job's
    /// page or files, and the redirects, which [`Renderer::check_redirects`] has kept from
    /// landing on another. A render writes these and no other (debug builds check each write).
    pub(crate) fn files(&self) -> HashMap<String, Made> {
        let g = self.guide;
        let mut files: HashMap<String, Made> = HashMap::new();
        files.extend(
            self.theme
                .statics
                .keys()
                .map(|rel| (rel.clone(), Made::File)),
        );
        files.extend(self.generated_files());
        for (_, meta) in g.metas() {
            let Some(src) = &meta.source else { continue };
            for file in meta.redirect_from.iter().filter_map(|f| redirect_file(f)) {
                files
                    .entry(file)
                    .or_insert_with(|| Made::Redirect(src.path.clone()));
            }
        }
        files
    }

    /// The files the jobs make from the guide: its pages, the feeds and the search index.
    fn generated_files(&self) -> Vec<(String, Made)> {
        let mut files = Vec::new();
        files.extend((self.guide.pictures.placings().into_iter()).map(|p| (p.rel, Made::File)));
        for job in self.jobs() {
            match job {
                Job::Feeds => files.extend(FEED_FILES.map(|f| (f.to_string(), Made::File))),
                Job::SearchIndex => files.push((SEARCH_INDEX.into(), Made::File)),
                Job::Redirects => {}
                page => {
                    let path = page.path(self.guide).unwrap_or_default();
                    files.push((page_file(path.clone()), Made::Page(path)));
                }
            }
        }
        files
    }

    /// An error at each static file that stands where the site makes something from the
    /// guide: on a file it makes (a page, a feed, the search index), which would replace it;
    /// where it makes a folder (a static file `exercises`); or inside a file it makes (a static
    /// folder `atom.xml/`). Either way the write would fail or lose the static file. Paths are
    /// compared without case, as some file systems do.
    pub(crate) fn check_statics(&self) -> Vec<Diagnostic> {
        let made: HashMap<String, (String, Made)> = (self.generated_files().into_iter())
            .map(|(file, made)| (file.to_lowercase(), (file, made)))
            .collect();
        let folders: std::collections::HashSet<&str> = (made.keys())
            .flat_map(|file| file.match_indices('/').map(move |(i, _)| &file[..i]))
            .collect();
        let mut errors: Vec<Diagnostic> = (self.theme.statics.keys())
            .filter_map(|rel| {
                let lower = rel.to_lowercase();
                let inside = || {
                    let mut prefixes = lower.match_indices('/').map(|(i, _)| &lower[..i]);
                    prefixes.find_map(|folder| made.get(folder))
                };
                let (message, hint) = if let Some((file, made)) = made.get(&lower) {
                    let what = match made {
                        Made::Page(path) => format!("the page /{path}"),
                        _ => format!("the site's own /{file}"),
                    };
                    let hint = match made {
                        Made::Page(_) => "rename or move the static file; to change that page, override its template in templates/",
                        _ => "rename or move the static file: Spotter writes this file from the guide itself",
                    };
                    (format!("this static file would be replaced by {what}, which Spotter makes"), hint)
                } else if folders.contains(lower.as_str()) {
                    (
                        format!("this static file stands where the site makes the folder /{lower}/ of its pages"),
                        "rename or move the static file",
                    )
                } else if let Some((file, _)) = inside() {
                    (
                        format!("this static file is inside /{file}, a file the site makes"),
                        "rename or move the static folder",
                    )
                } else {
                    return None;
                };
                Some(
                    Diagnostic::error(PathBuf::from("static").join(rel), message)
                        .with_hint(hint),
                )
            })
            .collect();
        errors.sort_by(|a, b| a.path.cmp(&b.path));
        errors
    }

    /// An error at each `redirect_from` entry whose redirect would land on a file of the
    /// site (a page, a static file, a feed, another redirect), or inside one. Paths are
    /// compared without case, as some file systems do.
    pub(crate) fn check_redirects(&self) -> Vec<Diagnostic> {
        let g = self.guide;
        if g.metas().all(|(_, meta)| meta.redirect_from.is_empty()) {
            return Vec::new();
        }
        let mut taken: HashMap<String, (String, Made)> = self
            .files()
            .into_iter()
            .filter(|(_, made)| !matches!(made, Made::Redirect(_)))
            .map(|(file, made)| (file.to_lowercase(), (file, made)))
            .collect();
        let mut errors = Vec::new();
        for (_, meta) in g.metas() {
            let Some(src) = &meta.source else { continue };
            for from in &meta.redirect_from {
                let Some(file) = redirect_file(from) else {
                    continue;
                };
                let key = file.to_lowercase();
                // The file itself, or a folder it needs that is a file.
                let folders = key.match_indices('/').map(|(i, _)| &key[..i]);
                let landed = std::iter::once(key.as_str())
                    .chain(folders)
                    .find_map(|k| taken.get(k));
                let Some((on, made)) = landed else {
                    taken.insert(key, (file, Made::Redirect(src.path.clone())));
                    continue;
                };
                let (message, hint) = match made {
                    Made::Page(path) => (
                        format!("redirect_from \"{from}\" lands on a page of the site, /{path}"),
                        "a redirect needs an old address the site does not use; remove this entry",
                    ),
                    Made::File => (
                        format!("redirect_from \"{from}\" lands on a file of the site, /{on}"),
                        "a redirect needs an old address the site does not use; remove this entry",
                    ),
                    Made::Redirect(owner) => (
                        format!(
                            "redirect_from \"{from}\" is already redirected from {}",
                            owner.display()
                        ),
                        "an old address can redirect to one page only; remove one of the two",
                    ),
                };
                errors.push(
                    src.error_at_value(&["redirect_from"], from, 0, message)
                        .with_hint(hint),
                );
            }
        }
        errors
    }

    /// Writes a file of the site.
    pub(crate) fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        #[cfg(debug_assertions)]
        {
            let files = self.files.get_or_init(|| self.files());
            debug_assert!(
                files.contains_key(rel),
                "{rel} is written but not among the site's files (Renderer::files)"
            );
        }
        self.sink
            .write(rel, bytes)
            .map_err(|e| Diagnostic::error(PathBuf::from(rel), format!("cannot write: {e}")))
    }

    pub(crate) fn feeds(&self) -> Result<usize, Diagnostic> {
        let g = self.guide;
        let write = |rel: &str, text: String| self.write(rel, text.as_bytes());
        let [atom, robots, sitemap] = FEED_FILES;
        write(atom, feeds::atom(g, &self.parts.bodies.posts))?;
        write(robots, feeds::robots(g))?;
        let mut entries = vec![feeds::SitemapEntry {
            path: String::new(),
            lastmod: None,
        }];
        for s in [
            "exercises/",
            "muscles/",
            "equipment/",
            "workouts/",
            "cards/",
            "tags/",
        ] {
            entries.push(feeds::SitemapEntry {
                path: s.into(),
                lastmod: None,
            });
        }
        if !g.programs.is_empty() || g.sections.contains_key("programs") {
            entries.push(feeds::SitemapEntry {
                path: "programs/".into(),
                lastmod: None,
            });
        }
        let blog_lastmod = g
            .posts
            .iter()
            .map(|p| p.updated.unwrap_or(p.date).max(p.date))
            .max();
        if !g.posts.is_empty() || g.sections.contains_key("blog") {
            entries.push(feeds::SitemapEntry {
                path: "blog/".into(),
                lastmod: blog_lastmod,
            });
            for n in 2..=self.blog_pages() {
                entries.push(feeds::SitemapEntry {
                    path: format!("blog/page/{n}/"),
                    lastmod: None,
                });
            }
        }
        let mut targets: Vec<Target> = Vec::new();
        targets.extend((0..g.exercises.len()).map(Target::Exercise));
        targets.extend(
            (0..g.muscles.len())
                .filter(|&i| g.muscle_is_listed(i))
                .map(Target::Muscle),
        );
        targets.extend(
            (0..g.equipment.len())
                .filter(|&i| g.equipment_is_listed(i))
                .map(Target::Equipment),
        );
        targets.extend((0..g.workouts.len()).map(Target::Workout));
        targets.extend((0..g.programs.len()).map(Target::Program));
        targets.extend((0..g.posts.len()).map(Target::Post));
        targets.extend((0..g.pages.len()).map(Target::Page));
        for t in &targets {
            let lastmod = match t {
                Target::Post(i) => Some(
                    g.posts[*i]
                        .updated
                        .unwrap_or(g.posts[*i].date)
                        .max(g.posts[*i].date),
                ),
                _ => None,
            };
            entries.push(feeds::SitemapEntry {
                path: g.path_of(t),
                lastmod,
            });
        }
        let logs = self.theme.has_template("log.html");
        let pages = (0..g.workouts.len())
            .flat_map(|i| [Job::Card(i), Job::Log(i)])
            .filter(|job| logs || !matches!(job, Job::Log(_)));
        let sheets = (0..g.programs.len()).map(Job::ProgramSheet);
        for job in pages.chain(sheets).chain((0..g.tags.len()).map(Job::Tag)) {
            entries.push(feeds::SitemapEntry {
                path: job.path(g).unwrap_or_default(),
                lastmod: None,
            });
        }
        write(sitemap, feeds::sitemap(g, &entries))?;
        Ok(3)
    }

    pub(crate) fn redirects(&self) -> Result<usize, Diagnostic> {
        let g = self.guide;
        let mut n = 0;
        for (target, meta) in g.metas() {
            for file in meta.redirect_from.iter().filter_map(|f| redirect_file(f)) {
                let html =
                    feeds::redirect(&g.url_of(&target), &g.config.absolute(&g.path_of(&target)));
                self.write(&file, html.as_bytes())?;
                n += 1;
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{Discard, Sink};
    use std::io;
    use std::sync::Mutex;

    /// A sink that notes the path of every file written.
    #[derive(Default)]
    struct Noted(Mutex<Vec<String>>);

    impl Sink for Noted {
        fn write(&self, rel: &str, _: &[u8]) -> io::Result<()> {
            self.0.lock().unwrap().push(rel.to_string());
            Ok(())
        }
    }

    #[test]
    pub(crate) fn a_render_writes_the_files_the_renderer_knows_of_and_no_other() {
        let tmp = std::env::temp_dir().join(format!("spotter-files-{}", std::process::id()));
        let root = tmp.join("guide");
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small");
        for entry in walkdir::WalkDir::new(&fixture) {
            let entry = entry.unwrap();
            let to = root.join(entry.path().strip_prefix(&fixture).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        // Blog pages past the first, a static file of the guide, redirects.
        let site = std::fs::read_to_string(root.join("site.yaml")).unwrap();
        std::fs::write(root.join("site.yaml"), format!("{site}paginate_by: 1\n")).unwrap();
        std::fs::create_dir_all(root.join("static/img")).unwrap();
        std::fs::write(root.join("static/img/x.svg"), "<svg/>").unwrap();
        let about = root.join("content/about.md");
        let text = std::fs::read_to_string(&about).unwrap();
        let text = text.replacen(
            "---\n",
            "---\nredirect_from: [/old-about/, /older/about]\n",
            1,
        );
        std::fs::write(&about, text).unwrap();

        let noted = Noted::default();
        let options = crate::pipeline::Options::new(&root);
        let built = crate::pipeline::build_into(&options, crate::render::Script::None, &noted);
        std::fs::remove_dir_all(&tmp).unwrap();
        let built = built.unwrap_or_else(|_| panic!("the guide builds"));
        let mut written = noted.0.into_inner().unwrap();
        written.sort();
        let before = written.len();
        written.dedup();
        assert_eq!(before, written.len(), "a file is written twice");
        let r = Renderer::new(
            &built.guide,
            &built.theme,
            &Discard,
            crate::render::Script::None,
            None,
            None,
        )
        .unwrap();
        let mut known: Vec<String> = r.files().into_keys().collect();
        known.sort();
        assert_eq!(written, known);
        for file in [
            "blog/page/2/index.html",
            "img/x.svg",
            "old-about/index.html",
            "older/about/index.html",
            "cards/desk-break/index.html",
            "tags/rows/index.html",
            "404.html",
            "atom.xml",
            "search-index.json",
        ] {
            assert!(
                known.iter().any(|k| k == file),
                "{file} is not among {known:?}"
            );
        }
    }
}
