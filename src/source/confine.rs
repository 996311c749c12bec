//! Confine: a guide is read from inside its folder only.
//!
//! The folders and files Spotter reads a guide from (`content/`, `static/`, `templates/`,
//! `themes/NAME/` with its `templates/` and `static/`, `site.yaml`) may be symbolic links only
//! when the link stays inside the guide folder: a link out of it would publish whatever it
//! points at (a `static` linked to `/etc` put the system's password hashes on the site). A link
//! out of the guide, or to nothing, is an error at the link. Links met while walking those
//! folders are never followed: [`walk`] is the one walk of a guide's folder, for `load` and
//! `theme` alike. This module decides where reading may start and how a folder is walked; it
//! reads no file.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// Walks the guide's folder `dir`, in name order, following no link (a link inside is listed
/// as a link, for the caller to pass over) and leaving out every file and folder whose name
/// starts with a dot (editors' and version control's own).
pub fn walk(dir: &Path) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
}

/// The real path (every link resolved) of `rel` under the guide at `root`, where `rel` is a
/// `/`-separated path of the guide's own (`static`, `themes/NAME/templates`, `site.yaml`).
/// `None` when there is nothing at `rel` (or it cannot be looked at: the reader then finds it
/// missing, as before). An error at the first part of `rel` that is a symbolic link leading out
/// of the guide folder or to nothing.
pub fn real_path(root: &Path, rel: &str) -> Result<Option<PathBuf>, Diagnostic> {
    Ok(Guide::new(root)?.real_file(rel)?.map(|(path, _)| path))
}

/// A guide folder, resolved once, for confining many paths to it (every picture of a guide).
/// It remembers the folders it found to be no link, to look at each only once: make a new one
/// for each reading of the guide.
#[derive(Debug)]
pub struct Guide {
    root: PathBuf,
    real_root: PathBuf,
    folders: std::sync::RwLock<std::collections::HashSet<PathBuf>>,
}

impl Guide {
    /// The guide at `root`; an error when its folder cannot be resolved.
    pub fn new(root: &Path) -> Result<Guide, Diagnostic> {
        let real_root = fs::canonicalize(root).map_err(|e| {
            Diagnostic::error(
                root,
                format!("cannot resolve the guide folder {}: {e}", root.display()),
            )
        })?;
        Ok(Guide {
            root: root.to_path_buf(),
            real_root,
            folders: Default::default(),
        })
    }

    /// The guide folder, as given.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether `path` was found a folder, and no link, before.
    fn known_folder(&self, path: &Path) -> bool {
        let folders = self.folders.read().unwrap_or_else(|e| e.into_inner());
        folders.contains(path)
    }

    /// [`real_path`], with what is there (links followed).
    pub fn real_file(&self, rel: &str) -> Result<Option<(PathBuf, fs::Metadata)>, Diagnostic> {
        let mut path = self.root.clone();
        let mut shown = PathBuf::new();
        let mut linked = false;
        let mut last = None;
        let parts = rel.split('/').count();
        for (i, part) in rel.split('/').enumerate() {
            path.push(part);
            shown.push(part);
            let inner = i + 1 < parts;
            if inner && self.known_folder(&path) {
                continue;
            }
            let Ok(meta) = fs::symlink_metadata(&path) else {
                return Ok(None);
            };
            if !meta.file_type().is_symlink() {
                if inner && meta.is_dir() {
                    let mut folders = self.folders.write().unwrap_or_else(|e| e.into_inner());
                    folders.insert(path.clone());
                }
                last = Some(meta);
                continue;
            }
            linked = true;
            let to = fs::read_link(&path).map_or_else(|_| "?".into(), |t| t.display().to_string());
            match fs::canonicalize(&path) {
                Ok(real) if real.starts_with(&self.real_root) => {}
                Ok(real) => return Err(outside(&shown, &to, real.is_dir())),
                Err(e) => {
                    return Err(Diagnostic::error(
                        &shown,
                        format!(
                            "{} is a symbolic link to {to}, which cannot be followed: {e}",
                            shown.display()
                        ),
                    )
                    .with_hint(
                        "point the link at a folder inside the guide, or put the files there instead of the link",
                    ))
                }
            }
        }
        let plain = rel.split('/').all(|p| !matches!(p, "" | "." | ".."));
        match last {
            // No link on the way and nothing to resolve: the path is real as it is, under the
            // real root; what was looked at last is what is there.
            Some(meta) if !linked && plain => Ok(Some((self.real_root.join(rel), meta))),
            _ => Ok(fs::canonicalize(&path)
                .ok()
                .and_then(|real| Some((fs::metadata(&real).ok()?, real)))
                .map(|(meta, real)| (real, meta))),
        }
    }
}

fn outside(shown: &Path, to: &str, is_dir: bool) -> Diagnostic {
    let name = shown.display();
    let hint = if is_dir {
        format!("copy the files into {name}/ instead of linking to them; Spotter follows a link only when it stays inside the guide folder")
    } else {
        format!("copy the file to {name} instead of linking to it; Spotter follows a link only when it stays inside the guide folder")
    };
    Diagnostic::error(
        shown,
        format!("{name} is a symbolic link to {to}, outside the guide folder, so Spotter does not read it"),
    )
    .with_hint(hint)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("spotter-confine-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("guide/shared/static")).unwrap();
        fs::create_dir_all(dir.join("outside")).unwrap();
        fs::canonicalize(dir).unwrap()
    }

    #[test]
    fn a_folder_or_a_link_inside_the_guide_is_its_real_path() {
        let dir = scratch("inside");
        let guide = dir.join("guide");
        fs::create_dir_all(guide.join("content")).unwrap();
        assert_eq!(
            real_path(&guide, "content").unwrap(),
            Some(guide.join("content"))
        );
        symlink("shared/static", guide.join("static")).unwrap();
        assert_eq!(
            real_path(&guide, "static").unwrap(),
            Some(guide.join("shared/static"))
        );
        assert_eq!(real_path(&guide, "templates").unwrap(), None);
        assert_eq!(real_path(&guide, "themes/x/static").unwrap(), None);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn one_guide_confines_many_files_and_says_what_each_is() {
        let dir = scratch("many");
        let guide = dir.join("guide");
        fs::create_dir_all(guide.join("content/a")).unwrap();
        fs::write(guide.join("content/a/x.jpg"), b"12345").unwrap();
        fs::write(guide.join("content/a/y.jpg"), b"1").unwrap();
        let folder = Guide::new(&guide).unwrap();
        let (path, meta) = folder.real_file("content/a/x.jpg").unwrap().unwrap();
        assert_eq!((path, meta.len()), (guide.join("content/a/x.jpg"), 5));
        // The folders on the way are remembered, and a file beside is found the same way.
        assert!(folder.known_folder(&guide.join("content/a")));
        let (path, meta) = folder.real_file("content/a/y.jpg").unwrap().unwrap();
        assert_eq!((path, meta.len()), (guide.join("content/a/y.jpg"), 1));
        assert!(folder.real_file("content/a/z.jpg").unwrap().is_none());
        // A remembered folder does not let a link after it through.
        fs::write(dir.join("outside/secret.jpg"), b"secret").unwrap();
        symlink(
            dir.join("outside/secret.jpg"),
            guide.join("content/a/s.jpg"),
        )
        .unwrap();
        let d = folder.real_file("content/a/s.jpg").unwrap_err();
        assert_eq!(d.path, Path::new("content/a/s.jpg"));
        // A link that stays inside is followed, to the file it names.
        symlink("x.jpg", guide.join("content/a/l.jpg")).unwrap();
        let (path, meta) = folder.real_file("content/a/l.jpg").unwrap().unwrap();
        assert_eq!((path, meta.len()), (guide.join("content/a/x.jpg"), 5));
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_link_out_of_the_guide_or_to_nothing_is_an_error_at_the_link() {
        let dir = scratch("outside");
        let guide = dir.join("guide");
        symlink(dir.join("outside"), guide.join("static")).unwrap();
        let d = real_path(&guide, "static").unwrap_err();
        assert_eq!(d.path, Path::new("static"));
        assert!(
            d.message.contains(&format!(
                "static is a symbolic link to {}, outside the guide folder",
                dir.join("outside").display()
            )),
            "{d}"
        );
        assert!(d.hint.unwrap().contains("copy the files into static/"));

        // Any part of the path: the theme folder, or the folder of themes.
        fs::create_dir_all(guide.join("themes")).unwrap();
        symlink("../../outside", guide.join("themes/mine")).unwrap();
        let d = real_path(&guide, "themes/mine/templates").unwrap_err();
        assert_eq!(d.path, Path::new("themes/mine"));
        assert!(d.message.contains("link to ../../outside,"), "{d}");

        fs::write(dir.join("outside/site.yaml"), "title: X\n").unwrap();
        symlink("../outside/site.yaml", guide.join("site.yaml")).unwrap();
        let d = real_path(&guide, "site.yaml").unwrap_err();
        assert!(d.hint.unwrap().contains("copy the file to site.yaml"));

        symlink("nowhere", guide.join("content")).unwrap();
        let d = real_path(&guide, "content").unwrap_err();
        assert!(d.message.contains("cannot be followed"), "{d}");
        fs::remove_dir_all(dir).unwrap();
    }
}
