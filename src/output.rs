//! Output: where a build writes, and the rules that keep it from harming anything else.
//!
//! A build writes into a fresh staging folder beside the output and swaps it in only when the
//! whole build succeeded, so a failed build leaves the previous output as it was. The output is
//! marked with a `.spotter-output` file; Spotter replaces only a folder carrying that mark (or
//! an empty one), and refuses outright a path that is the guide, holds it, or sits inside its
//! sources. `spotter serve` keeps its private site up to date with an [`Update`] instead,
//! which writes only the files whose bytes changed.

use rayon::prelude::*;
use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// The file that marks a folder as Spotter's output.
pub const MARKER: &str = ".spotter-output";

/// Why an output path was refused (a usage error: exit status 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A build's output being written.
#[derive(Debug)]
pub struct Output {
    target: PathBuf,
    staging: PathBuf,
}

/// Resolves `path` to an absolute path without requiring it to exist: the longest existing
/// ancestor is canonicalised (following links), the rest appended without `..` or `.`.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        match fs::canonicalize(existing) {
            Ok(canon) => {
                let mut out = canon;
                for part in rest.iter().rev() {
                    out.push(part);
                }
                return Ok(out);
            }
            Err(_) => {
                let name = existing
                    .file_name()
                    .ok_or_else(|| io::Error::other("no existing ancestor"))?;
                if name == ".." || name == "." {
                    return Err(io::Error::other("path has .. after a missing folder"));
                }
                rest.push(name.to_os_string());
                existing = existing
                    .parent()
                    .ok_or_else(|| io::Error::other("no existing ancestor"))?;
            }
        }
    }
}

/// Checks that `output` may be written for the guide at `root`, without touching anything.
pub fn check_target(root: &Path, output: &Path) -> Result<PathBuf, Refused> {
    let shown = output.display();
    let root =
        resolve(root).map_err(|e| Refused(format!("cannot resolve the guide folder: {e}")))?;
    let target = resolve(output)
        .map_err(|e| Refused(format!("cannot resolve the output folder {shown}: {e}")))?;
    if target
        .components()
        .any(|c| matches!(c, Component::ParentDir))
    {
        return Err(Refused(format!(
            "refusing output {shown}: it cannot be resolved"
        )));
    }
    if root.starts_with(&target) {
        return Err(Refused(format!(
            "refusing output {shown}: it is the guide folder or holds it, and building there would replace the guide"
        )));
    }
    for (source, dir) in sources(&root) {
        let linked = if dir.starts_with(root.join(&source)) {
            String::new()
        } else {
            format!(", which is {}", dir.display())
        };
        if target.starts_with(&dir) {
            return Err(Refused(format!(
                "refusing output {shown}: it is inside the guide's {source}/ folder{linked}"
            )));
        }
        if dir.starts_with(&target) {
            return Err(Refused(format!(
                "refusing output {shown}: it holds the guide's {source}/ folder{linked}, and building there would replace it"
            )));
        }
    }
    if target.parent().is_none() {
        return Err(Refused(format!(
            "refusing output {shown}: it is the file system root"
        )));
    }
    match fs::symlink_metadata(&target) {
        Ok(meta) if !meta.is_dir() => Err(Refused(format!(
            "refusing output {shown}: it exists and is not a folder"
        ))),
        Ok(_) => {
            let ours = target.join(MARKER).is_file();
            let empty = fs::read_dir(&target)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if ours || empty {
                Ok(target)
            } else {
                Err(Refused(format!(
                    "refusing output {shown}: the folder exists and is not Spotter's earlier output (it has no {MARKER} file), so Spotter will not replace it; choose a new or empty folder"
                )))
            }
        }
        Err(_) => Ok(target),
    }
}

/// The folders of the guide at `root` (canonical) that an output must stay out of, by name:
/// each where the guide has it and, when it is a link, where it really is (a link may lead
/// elsewhere in the guide, and one out of the guide fails the build, but not before the output
/// path is checked). A theme under `themes/` may be a link of its own.
fn sources(root: &Path) -> Vec<(String, PathBuf)> {
    let mut names: Vec<String> = ["content", "static", "templates", "themes"]
        .map(String::from)
        .into();
    if let Ok(themes) = fs::read_dir(root.join("themes")) {
        names.extend(
            themes
                .flatten()
                .map(|e| format!("themes/{}", e.file_name().to_string_lossy())),
        );
    }
    let mut dirs = Vec::new();
    for name in names {
        let dir = root.join(&name);
        if let Ok(real) = fs::canonicalize(&dir) {
            if real != dir {
                dirs.push((name.clone(), real));
            }
        }
        dirs.push((name, dir));
    }
    dirs
}

impl Output {
    /// Starts a build's output for `target` (already checked): a fresh staging folder beside it.
    pub fn begin(target: PathBuf) -> io::Result<Output> {
        let parent = target
            .parent()
            .ok_or_else(|| io::Error::other("output has no parent"))?;
        fs::create_dir_all(parent)?;
        let name = target
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let staging = parent.join(format!(".{name}.spotter-new-{}", std::process::id()));
        if staging.exists() {
            fs::remove_dir_all(&staging)?;
        }
        fs::create_dir(&staging)?;
        fs::write(
            staging.join(MARKER),
            "This folder was written by spotter build; spotter may replace it.\n",
        )?;
        Ok(Output { target, staging })
    }

    /// Where the output will end up.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Writes a file at `rel` (a site path with `/`, no `..`) into the staging folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        write_file(&site_path(&self.staging, rel)?, bytes)
    }

    /// Puts the finished output in place of the old one.
    pub fn commit(self) -> io::Result<()> {
        let parent = self
            .target
            .parent()
            .ok_or_else(|| io::Error::other("output has no parent"))?;
        let name = self
            .target
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let old = parent.join(format!(".{name}.spotter-old-{}", std::process::id()));
        let had_old = match fs::rename(&self.target, &old) {
            Ok(()) => true,
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => return Err(e),
        };
        if let Err(e) = fs::rename(&self.staging, &self.target) {
            if had_old {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(e);
        }
        if had_old {
            remove_tree(&old)?;
        }
        Ok(())
    }

    /// Throws the staging folder away; the old output stays as it was.
    pub fn abandon(self) {
        let _ = fs::remove_dir_all(&self.staging);
    }
}

/// Removes the folder `dir` and everything in it, in parallel: a big site's old output is tens
/// of thousands of entries, and removing them one by one took longer than writing the new ones.
/// Symbolic links are removed, never followed.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let entries = fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    fs::remove_dir(dir)
}

/// The file for the site path `rel` (`/`-separated) under `dir`; a path that could leave
/// `dir` (`..`, `.`, a backslash) is refused.
fn site_path(dir: &Path, rel: &str) -> io::Result<PathBuf> {
    let mut path = dir.to_path_buf();
    for part in rel.split('/').filter(|p| !p.is_empty()) {
        if part == ".." || part == "." || part.contains('\\') {
            return Err(io::Error::other(format!(
                "refusing to write outside the output: {rel}"
            )));
        }
        path.push(part);
    }
    Ok(path)
}

fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(path, bytes)
}

/// A hash of a file's bytes, to tell whether a page changed without keeping the old one (and
/// of a page's serialized inputs, for [`crate::fingerprint`]). Hashes live as long as the
/// process and nobody picks the bytes to collide, so it is foldhash's, with a fixed seed: an
/// update hashes tens of megabytes (the exercise index alone is ten at 10,000 exercises),
/// about five times faster than with the standard library's SipHash.
pub(crate) fn digest(bytes: &[u8]) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = foldhash::quality::FixedState::with_seed(0).build_hasher();
    hasher.write(bytes);
    hasher.finish()
}

/// The hash of every file of a site Spotter keeps up to date, by site path. Every rebuild makes
/// it again (12,600 paths at 10,000 exercises), so its own hasher is foldhash's too.
pub type Hashes = HashMap<String, u64, foldhash::fast::RandomState>;

/// An update of a folder Spotter owns and keeps up to date (`spotter serve`'s private site):
/// only files whose bytes changed are written, and they replace the files there only once the
/// whole render succeeded, so a failed rebuild leaves the site as it was. A rebuild of a big
/// guide then writes a handful of files instead of all of them.
///
/// A changed file is written as the render makes it, beside the file it replaces under a
/// hidden name, and put in its place by [`Update::finish`] (see `replace`): writing happens
/// while other pages are still rendering, and a reader of the site sees the old file or the
/// new one, never half of one. Files of an update that is not finished are removed.
pub struct Update<'a> {
    dir: PathBuf,
    /// The files as they are now; `None` for an empty folder, where files are written as
    /// they come.
    previous: Option<&'a Hashes>,
    made: Mutex<Hashes>,
    /// Changed files, written under their staged name: (staged, final).
    pending: Mutex<Vec<(PathBuf, PathBuf)>>,
}

impl<'a> Update<'a> {
    /// The first build into the empty (or missing) folder `dir`.
    pub fn fresh(dir: &Path) -> Update<'a> {
        Update {
            dir: dir.to_path_buf(),
            previous: None,
            made: Mutex::default(),
            pending: Mutex::default(),
        }
    }

    /// A rebuild of `dir`, whose files have the hashes `previous`.
    pub fn over(dir: &Path, previous: &'a Hashes) -> Update<'a> {
        let mut update = Update::fresh(dir);
        update.previous = Some(previous);
        update
    }

    /// Takes the file at `rel`: written now into a fresh folder, or kept for [`Update::finish`]
    /// when it differs from the file already there.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = site_path(&self.dir, rel)?;
        let hash = digest(bytes);
        lock(&self.made).insert(rel.to_string(), hash);
        match self.previous {
            None => write_file(&path, bytes),
            Some(previous) if previous.get(rel) == Some(&hash) => Ok(()),
            Some(_) => {
                let staged = staged_path(&path);
                // Listed first, so that a failed write is cleaned up too.
                lock(&self.pending).push((staged.clone(), path));
                write_file(&staged, bytes)
            }
        }
    }

    /// Keeps the file at `rel` as the site has it, unwritten (its page's inputs are those it
    /// was made from); false when the site has no such file, which must then be written.
    pub fn keep(&self, rel: &str) -> bool {
        let Some(&hash) = self.previous.and_then(|p| p.get(rel)) else {
            return false;
        };
        lock(&self.made).insert(rel.to_string(), hash);
        true
    }

    /// Puts the files that changed (written beside their places as the render made them) in
    /// place, and has the old ones removed. When the render made `whole_site`, files it no longer
    /// makes are removed (with their folders, once empty), and the hashes returned are the
    /// site's; otherwise (a few pages re-rendered) the rest stay, and the hashes returned are
    /// those of the files this render made, to merge into the earlier ones. Also returns how
    /// many files were written.
    pub fn finish(self, whole_site: bool) -> io::Result<(usize, Hashes)> {
        let pending = std::mem::take(&mut *lock(&self.pending));
        let aside = replaced_dir(&self.dir);
        let replaced: Vec<io::Result<Option<PathBuf>>> = pending
            .par_iter()
            .map(|(staged, path)| replace(staged, path, &aside))
            .collect();
        // Freeing the old files' pages takes milliseconds per ten megabytes: not the reader's
        // wait.
        let old: Vec<PathBuf> = (replaced.iter())
            .filter_map(|r| r.as_ref().ok()?.clone())
            .collect();
        if !old.is_empty() {
            crate::drop_elsewhere(Removed(old));
        }
        if let Some(Err(e)) = replaced.into_iter().find(Result::is_err) {
            // What is left staged goes (the drop); what was renamed is in place.
            lock(&self.pending).extend(pending.into_iter().filter(|(s, _)| s.exists()));
            return Err(e);
        }
        let made = std::mem::take(&mut *lock(&self.made));
        if let (true, Some(previous)) = (whole_site, self.previous) {
            for rel in previous.keys().filter(|rel| !made.contains_key(*rel)) {
                let path = site_path(&self.dir, rel)?;
                match fs::remove_file(&path) {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                    _ => {}
                }
                // Folders of removed pages go too; a folder still in use refuses.
                let mut dir = path.parent();
                while let Some(d) = dir.filter(|d| *d != self.dir) {
                    if fs::remove_dir(d).is_err() {
                        break;
                    }
                    dir = d.parent();
                }
            }
        }
        let written = if self.previous.is_some() {
            pending.len()
        } else {
            made.len()
        };
        Ok((written, made))
    }
}

impl Drop for Update<'_> {
    /// Removes the files an update staged and did not put in place (it failed, or was not
    /// finished).
    fn drop(&mut self) {
        for (staged, _) in std::mem::take(&mut *lock(&self.pending)) {
            let _ = fs::remove_file(staged);
        }
    }
}

/// Where an update moves the files it replaced, to be removed on a thread of their own: a
/// hidden folder beside the site (so on the same file system, and never served).
pub fn replaced_dir(site: &Path) -> PathBuf {
    let name = site
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    site.with_file_name(format!(".{name}.replaced"))
}

/// Puts the file `staged` at `path`, in one step: a reader finds the old file or the new one.
/// Returns where the old file went (in `aside`), to be removed, if it is still there.
///
/// Renaming over a file makes ext4 write the new one out first (its `auto_da_alloc`): about
/// half a millisecond per megabyte, spent before the rename returns, on every update. On
/// Linux the two files are swapped instead, which it does not do, and the old one is moved
/// into `aside` under a name of its own (not over anything). Where swapping is not
/// supported, or there is no old file, it is a plain rename.
#[cfg_attr(not(target_os = "linux"), allow(unused_variables))]
fn replace(staged: &Path, path: &Path, aside: &Path) -> io::Result<Option<PathBuf>> {
    #[cfg(target_os = "linux")]
    if swap(staged, path).is_ok() {
        use std::sync::atomic::{AtomicU64, Ordering};
        static OLD: AtomicU64 = AtomicU64::new(0);
        let n = OLD.fetch_add(1, Ordering::Relaxed);
        let old = aside.join(format!("{}-{n}", std::process::id()));
        let _ = fs::create_dir_all(aside);
        if fs::rename(staged, &old).is_ok() {
            return Ok(Some(old));
        }
        // No room beside the site after all: the old file goes now (the new one is in
        // place whatever happens to it).
        let _ = fs::remove_file(staged);
        return Ok(None);
    }
    fs::rename(staged, path).map(|()| None)
}

/// Swaps the files at `a` and `b` (both must exist), atomically.
#[cfg(target_os = "linux")]
fn swap(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let cstr = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (cstr(a)?, cstr(b)?);
    // SAFETY: both paths are NUL-terminated strings that outlive the call, which only reads
    // them.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Files to remove, when dropped.
struct Removed(Vec<PathBuf>);

impl Drop for Removed {
    fn drop(&mut self) {
        for path in &self.0 {
            let _ = fs::remove_file(path);
        }
    }
}

/// Where a changed file is written before it replaces `path`: beside it, hidden.
fn staged_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.spotter-new"))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("spotter-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("guide/content")).unwrap();
        dir
    }

    #[test]
    fn refuses_the_guide_its_ancestors_and_its_sources() {
        let dir = scratch("refuse");
        let guide = dir.join("guide");
        for bad in [
            guide.clone(),
            dir.clone(),
            guide.join("content"),
            guide.join("content/x"),
            guide.join("static/out"),
        ] {
            assert!(check_target(&guide, &bad).is_err(), "{bad:?}");
        }
        assert!(check_target(&guide, &guide.join("public")).is_ok());
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn refuses_a_foreign_folder_but_replaces_its_own() {
        let dir = scratch("foreign");
        let guide = dir.join("guide");
        let out = guide.join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(check_target(&guide, &out).is_err());
        fs::write(out.join(MARKER), "").unwrap();
        let target = check_target(&guide, &out).unwrap();
        let o = Output::begin(target).unwrap();
        o.write("a/index.html", b"hi").unwrap();
        assert!(o.write("../escape", b"x").is_err());
        o.commit().unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "hi");
        assert!(!out.join("notes.txt").exists());
        assert!(out.join(MARKER).exists());
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn abandon_leaves_old_output() {
        let dir = scratch("abandon");
        let out = dir.join("guide/public");
        let o = Output::begin(check_target(&dir.join("guide"), &out).unwrap()).unwrap();
        o.write("index.html", b"one").unwrap();
        o.commit().unwrap();
        let o = Output::begin(check_target(&dir.join("guide"), &out).unwrap()).unwrap();
        o.write("index.html", b"two").unwrap();
        o.abandon();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "one");
        let leftovers: Vec<_> = fs::read_dir(dir.join("guide"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
        fs::remove_dir_all(dir).unwrap();
    }
    #[cfg(unix)]
    #[test]
    fn refuses_an_output_in_or_holding_the_real_folder_of_a_linked_source() {
        let dir = scratch("linked");
        let guide = dir.join("guide");
        fs::remove_dir_all(guide.join("content")).unwrap();
        fs::create_dir_all(guide.join("shared/content")).unwrap();
        fs::create_dir_all(guide.join("shared/static")).unwrap();
        fs::create_dir_all(guide.join("themes")).unwrap();
        fs::create_dir_all(guide.join("elsewhere/mine")).unwrap();
        std::os::unix::fs::symlink("shared/content", guide.join("content")).unwrap();
        std::os::unix::fs::symlink("shared/static", guide.join("static")).unwrap();
        std::os::unix::fs::symlink("../elsewhere/mine", guide.join("themes/mine")).unwrap();
        for (bad, says) in [
            (
                "shared/content",
                "inside the guide's content/ folder, which is",
            ),
            (
                "shared/content/out",
                "inside the guide's content/ folder, which is",
            ),
            (
                "shared/static/out",
                "inside the guide's static/ folder, which is",
            ),
            (
                "elsewhere/mine/out",
                "inside the guide's themes/mine/ folder",
            ),
            ("shared", "it holds the guide's content/ folder"),
        ] {
            let e = check_target(&guide, &guide.join(bad)).unwrap_err();
            assert!(e.0.contains(says), "{bad}: {e}");
        }
        assert!(check_target(&guide, &guide.join("public")).is_ok());
        assert!(check_target(&guide, &guide.join("shared/public")).is_ok());
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn an_update_writes_only_what_changed_and_removes_what_is_gone() {
        let dir = scratch("update").join("site");
        let first = Update::fresh(&dir);
        first.write("a/index.html", b"same").unwrap();
        first.write("b/index.html", b"old").unwrap();
        first.write("c/index.html", b"gone").unwrap();
        let (written, hashes) = first.finish(true).unwrap();
        assert_eq!((written, hashes.len()), (3, 3));
        let mtime = |rel: &str| fs::metadata(dir.join(rel)).unwrap().modified().unwrap();
        let untouched = mtime("a/index.html");

        let again = Update::over(&dir, &hashes);
        again.write("a/index.html", b"same").unwrap();
        again.write("b/index.html", b"new").unwrap();
        assert_eq!(
            fs::read(dir.join("b/index.html")).unwrap(),
            b"old",
            "not before finish"
        );
        let (written, hashes) = again.finish(true).unwrap();
        assert_eq!((written, hashes.len()), (1, 2));
        assert_eq!(fs::read(dir.join("b/index.html")).unwrap(), b"new");
        assert_eq!(mtime("a/index.html"), untouched);
        assert!(!dir.join("c").exists(), "a removed page takes its folder");

        // A few pages re-rendered: the rest stay.
        let some = Update::over(&dir, &hashes);
        some.write("b/index.html", b"newer").unwrap();
        let (written, made) = some.finish(false).unwrap();
        assert_eq!((written, made.len()), (1, 1));
        assert!(dir.join("a/index.html").exists());
        assert!(Update::over(&dir, &hashes).write("../x", b"").is_err());
        fs::remove_dir_all(dir.parent().unwrap()).unwrap();
    }

    #[test]
    fn an_unfinished_update_leaves_the_site_as_it_was() {
        let dir = scratch("unfinished").join("site");
        let first = Update::fresh(&dir);
        first.write("a/index.html", b"old").unwrap();
        let (_, hashes) = first.finish(true).unwrap();
        let files = || {
            let mut all: Vec<String> = walkdir::WalkDir::new(&dir)
                .into_iter()
                .map(|e| {
                    e.unwrap()
                        .path()
                        .strip_prefix(&dir)
                        .unwrap()
                        .display()
                        .to_string()
                })
                .collect();
            all.sort();
            all
        };
        let before = files();

        let failed = Update::over(&dir, &hashes);
        failed.write("a/index.html", b"new").unwrap();
        assert_eq!(fs::read(dir.join("a/index.html")).unwrap(), b"old");
        drop(failed);
        assert_eq!(fs::read(dir.join("a/index.html")).unwrap(), b"old");
        assert_eq!(files(), before, "nothing staged is left");

        let done = Update::over(&dir, &hashes);
        done.write("a/index.html", b"new").unwrap();
        done.finish(false).unwrap();
        assert_eq!(fs::read(dir.join("a/index.html")).unwrap(), b"new");
        assert_eq!(files(), before, "the staged file became the page");
        // The old one went aside, to be removed on a thread of its own.
        let aside = replaced_dir(&dir);
        let left = || fs::read_dir(&aside).map_or(0, |d| d.count());
        for _ in 0..500 {
            if left() == 0 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert_eq!(left(), 0, "the old file is removed");
        fs::remove_dir_all(dir.parent().unwrap()).unwrap();
    }
}
