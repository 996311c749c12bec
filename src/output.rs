//! Output: where a build writes, and the rules that keep it from harming anything else.
//!
//! A build writes into a fresh staging folder beside the output and swaps it in only when the
//! whole build succeeded, so a failed build leaves the previous output as it was. The output is
//! marked with a `.spotter-output` file; Spotter replaces only a folder carrying that mark (or
//! an empty one), and refuses outright a path that is the guide, holds it, or sits inside its
//! sources. `spotter serve` keeps its private site up to date with an [`Update`] instead,
//! which writes only the files whose bytes changed.
//!
//! It writes the bytes it is given and knows nothing of pages: what each file holds is the
//! render stage's.

use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use crate::diagnostics::Diagnostic;

mod carry;

/// The file that marks a folder as Spotter's output.
pub const MARKER: &str = ".spotter-output";

/// A file put into the output as it is ([`Output::place`]): a picture or a clip, whose name
/// says what it holds.
#[derive(Debug, Clone)]
pub struct Placing {
    /// Its site path.
    pub rel: String,
    /// The file it is a copy of.
    pub from: PathBuf,
    /// The inode of `from` when known (the cache notes its files'), to save looking.
    pub inode: Option<u64>,
}

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
    /// The OS error of the first write that failed for a reason that fails every write.
    halted: OnceLock<i32>,
    /// Warnings about earlier builds' leftovers that could not be removed.
    notes: Vec<Diagnostic>,
    /// The old output's folders this build carries into the new one ([`carry`]).
    carried: Mutex<Vec<carry::Carried>>,
    #[cfg(test)]
    faults: Faults,
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
    /// What earlier builds of the same output left beside it (killed before they could clean
    /// up) is removed first; a leftover that cannot be removed is a warning of [`Output::commit`].
    pub fn begin(target: PathBuf) -> io::Result<Output> {
        let (parent, name) = parent_and_name(&target)?;
        fs::create_dir_all(parent)?;
        let notes = clear_leftovers(parent, &name);
        let staging = parent.join(format!(".{name}.{NEW}{}", std::process::id()));
        fs::create_dir(&staging)?;
        let marked = fs::write(
            staging.join(MARKER),
            "This folder was written by spotter build; spotter may replace it.\n",
        );
        if let Err(e) = marked {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
        Ok(Output {
            target,
            staging,
            halted: OnceLock::new(),
            notes,
            carried: Mutex::default(),
            #[cfg(test)]
            faults: Faults::default(),
        })
    }

    /// Where the output will end up.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Writes a file at `rel` (a site path with `/`, no `..`) into the staging folder. Once a
    /// write has failed for a reason that fails every write (see [`Output::halted`]), every
    /// later one fails at once with the same error, touching nothing.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        if let Some(e) = self.halted() {
            return Err(e);
        }
        let path = site_path(&self.staging, rel)?;
        #[cfg(test)]
        let written = self.faults.write(|| write_file(&path, bytes));
        #[cfg(not(test))]
        let written = write_file(&path, bytes);
        if let Err(e) = &written {
            if let Some(code) = e.raw_os_error().filter(|_| fails_every_write(e)) {
                let _ = self.halted.set(code);
            }
        }
        written
    }

    /// Puts the file `from` at the site path `rel` without reading it: a hard link to it when
    /// it is on the same file system, else a copy made by the kernel (a copy-on-write clone
    /// where the file system has them). Pictures come so from the cache, whose files are
    /// read-only and never changed in place (a new one is renamed over an old one), so a link
    /// is as good as a copy, and takes no time: copying 1,800 pictures took about 0.1 s of a
    /// warm build.
    pub fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        if let Some(e) = self.halted() {
            return Err(e);
        }
        let path = site_path(&self.staging, rel)?;
        let copied = in_folder(&path, || link_or_copy(from, &path));
        if let Err(e) = &copied {
            self.note_failure(e);
        }
        copied
    }

    /// Puts the files `from` at their site paths, as [`Output::copy`] does, when their names
    /// say what they hold (pictures and clips, named by the hash of what they were made from):
    /// a folder of them the old output has is carried into the new one, with only what is new
    /// put into it ([`carry`]). Returns the files that could not be put, by index.
    pub fn place(&self, files: &[Placing]) -> Vec<(usize, io::Error)> {
        let mut by_folder: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, file) in files.iter().enumerate() {
            let folder = file.rel.rsplit_once('/').map_or("", |(folder, _)| folder);
            by_folder.entry(folder).or_default().push(i);
        }
        let mut errors = Vec::new();
        let old = self.target.join(MARKER).is_file();
        for (folder, indices) in by_folder {
            let these: Vec<&Placing> = indices.iter().map(|&i| &files[i]).collect();
            match old
                .then(|| carry::prepare(&self.target, folder, &these))
                .flatten()
            {
                Some((carried, failed)) => {
                    for (n, e) in failed {
                        self.note_failure(&e);
                        errors.push((indices[n], e));
                    }
                    let mut all = self.carried.lock().unwrap_or_else(|e| e.into_inner());
                    all.push(carried);
                }
                None => {
                    for (&i, file) in indices.iter().zip(these) {
                        if let Err(e) = self.copy(&file.rel, &file.from) {
                            errors.push((i, e));
                        }
                    }
                }
            }
        }
        errors
    }

    /// Notes a write that failed, for [`Output::halted`].
    fn note_failure(&self, e: &io::Error) {
        if let Some(code) = e.raw_os_error().filter(|_| fails_every_write(e)) {
            let _ = self.halted.set(code);
        }
    }

    /// The error of the first write that failed for a reason that would fail every other
    /// write too: the disk is full, the quota is used up, the file system is read-only, or
    /// writing in the staging folder is not permitted. A build stops writing there and reports
    /// it once, not once per file.
    pub fn halted(&self) -> Option<io::Error> {
        self.halted
            .get()
            .map(|&code| io::Error::from_raw_os_error(code))
    }

    /// Puts the finished output in place of the old one, in one step where the file system can
    /// swap two folders (Linux), and removes the old one. Returns warnings: the new output is
    /// in place, but an old one, or an earlier build's leftover, could not be removed. On an
    /// error, the new output is thrown away and the error says what became of the old one.
    pub fn commit(mut self) -> Result<Vec<Diagnostic>, Diagnostic> {
        let mut notes = std::mem::take(&mut self.notes);
        let (parent, name) = parent_and_name(&self.target).map_err(|e| self.failed(&e))?;
        let old = parent.join(format!(".{name}.{OLD}{}", std::process::id()));
        let mut carried = std::mem::take(self.carried.get_mut().unwrap_or_else(|e| e.into_inner()));
        let mut moved = Vec::new();
        for folder in &mut carried {
            match folder.carry_in(&self.target, &self.staging) {
                Ok(m) => moved.extend(m),
                Err(e) => {
                    self.carry_back(&carried, &moved);
                    let _ = remove_tree(&self.staging);
                    return Err(self.failed(&e));
                }
            }
        }
        let old = match self.put_in_place(&old) {
            Ok(Some(old)) => old,
            Ok(None) => {
                moved.iter().for_each(|m| m.clear_stale(&self.target));
                return Ok(notes);
            }
            Err(e) => {
                self.carry_back(&carried, &moved);
                let _ = remove_tree(&self.staging);
                return Err(e);
            }
        };
        moved.iter().for_each(|m| m.clear_stale(&self.target));
        #[cfg(test)]
        let removed = if self.faults.keep_old {
            Err(io::Error::from_raw_os_error(1))
        } else {
            remove_tree(&old)
        };
        #[cfg(not(test))]
        let removed = remove_tree(&old);
        if let Err(e) = removed {
            notes.push(
                Diagnostic::warning(
                    &self.target,
                    format!(
                        "the new site is in place, but the old one could not be removed ({e}); it is left in {}",
                        old.display()
                    ),
                )
                .with_hint("remove that folder yourself (a file marked immutable can stop it: `lsattr -R` shows one), or let the next build try again"),
            );
        }
        Ok(notes)
    }

    /// Moves the staging folder to the target. Returns where the old output went, if there
    /// was one: `old`, or the staging folder's name if it could not be renamed after a swap.
    fn put_in_place(&self, old: &Path) -> Result<Option<PathBuf>, Diagnostic> {
        #[cfg(test)]
        if let Some(code) = self.faults.refuse_swap {
            return Err(self.failed(&io::Error::from_raw_os_error(code)));
        }
        #[cfg(target_os = "linux")]
        if swap(&self.staging, &self.target).is_ok() {
            // The old output is where the staging folder was: named as what it is now.
            return Ok(Some(match fs::rename(&self.staging, old) {
                Ok(()) => old.to_path_buf(),
                Err(_) => self.staging.clone(),
            }));
        }
        // No old output, or no swapping here: the old output is moved aside, then the new
        // one put in its place.
        let had_old = match fs::rename(&self.target, old) {
            Ok(()) => true,
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => return Err(self.failed(&e)),
        };
        if let Err(e) = fs::rename(&self.staging, &self.target) {
            if !had_old {
                return Err(self.failed(&e));
            }
            if let Err(back) = fs::rename(old, &self.target) {
                return Err(Diagnostic::error(
                    &self.target,
                    format!(
                        "cannot put the new site in place ({e}), nor the old one back ({back}): the old site is in {}",
                        old.display()
                    ),
                )
                .with_hint(format!(
                    "move {} back to {} to keep the old site, or build again",
                    old.display(),
                    self.target.display()
                )));
            }
            return Err(self.failed(&e));
        }
        Ok(had_old.then(|| old.to_path_buf()))
    }

    /// The error of a swap that left the old output as it was.
    fn failed(&self, e: &io::Error) -> Diagnostic {
        Diagnostic::error(
            &self.target,
            format!("cannot put the new site in place: {e}; the old output is as it was"),
        )
        .with_hint(cannot_write_hint(&self.target, e))
    }

    /// Throws the staging folder away; the old output stays as it was.
    pub fn abandon(mut self) {
        let carried = std::mem::take(self.carried.get_mut().unwrap_or_else(|e| e.into_inner()));
        self.carry_back(&carried, &[]);
        let _ = remove_tree(&self.staging);
    }

    /// Puts the old output's carried folders back as they were: moved back from the staging
    /// folder, without the files this build added.
    fn carry_back(&self, carried: &[carry::Carried], moved: &[carry::Moved]) {
        for m in moved.iter().rev() {
            let _ = m.back();
        }
        for folder in carried {
            folder.take_back(&self.target);
        }
    }

    /// Makes the output fail as `faults` says.
    #[cfg(test)]
    pub(crate) fn inject(mut self, faults: Faults) -> Output {
        self.faults = faults;
        self
    }
}

/// Failures an [`Output`] is made to have, to test what a build says about them.
#[cfg(test)]
#[derive(Debug, Default)]
pub(crate) struct Faults {
    /// Writes after the first so many fail with this OS error.
    pub fail: Option<(usize, i32)>,
    /// Putting the new output in place fails with this OS error.
    pub refuse_swap: Option<i32>,
    /// Removing the old output fails.
    pub keep_old: bool,
    /// Writes tried so far.
    pub writes: std::sync::atomic::AtomicUsize,
}

#[cfg(test)]
impl Faults {
    fn write(&self, write: impl FnOnce() -> io::Result<()>) -> io::Result<()> {
        let n = (self.writes).fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        match self.fail {
            Some((after, code)) if n >= after => Err(io::Error::from_raw_os_error(code)),
            _ => write(),
        }
    }
}

/// Whether a failed write failed for a reason every other write of the output would fail for
/// too: files of the staging folder differ only in name and size.
fn fails_every_write(e: &io::Error) -> bool {
    use io::ErrorKind::*;
    matches!(
        e.kind(),
        StorageFull | QuotaExceeded | ReadOnlyFilesystem | PermissionDenied
    )
}

/// What to do when the output cannot be written for the reason `e`.
pub fn cannot_write_hint(output: &Path, e: &io::Error) -> String {
    use io::ErrorKind::*;
    let folder = output.parent().unwrap_or(output).display();
    match e.kind() {
        StorageFull => format!(
            "the disk that holds {folder} is full: free some space on it, or build elsewhere with --output DIR"
        ),
        QuotaExceeded => format!(
            "your disk quota for {folder} is used up: free some space, or build elsewhere with --output DIR"
        ),
        ReadOnlyFilesystem => format!(
            "{folder} is on a read-only file system: build elsewhere with --output DIR"
        ),
        PermissionDenied => format!(
            "check that {folder} may be written (its owner and permissions, and `lsattr -d` for an immutable folder), or build elsewhere with --output DIR"
        ),
        _ => "build elsewhere with --output DIR if the reason cannot be helped".into(),
    }
}

/// The folder an output sits in, and its name.
fn parent_and_name(target: &Path) -> io::Result<(&Path, String)> {
    let parent = target
        .parent()
        .ok_or_else(|| io::Error::other("output has no parent"))?;
    let name = target
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    Ok((parent, name))
}

/// The name a build's staging folder for the output `NAME` has: `.NAME.spotter-new-PID`.
const NEW: &str = "spotter-new-";
/// The name an output moved aside has while it is removed: `.NAME.spotter-old-PID`.
const OLD: &str = "spotter-old-";

/// Removes what earlier builds of the output `name` in `parent` left there: staging folders
/// and old outputs of builds that are no longer running (killed, or stopped by a failed
/// removal). Only what is clearly Spotter's own is removed: a folder (not a link) named
/// `.NAME.spotter-new-PID` or `.NAME.spotter-old-PID` for this output's name, whose process
/// `PID` is not running, and which holds the output mark or nothing. Returns a warning for
/// each one that could not be removed.
fn clear_leftovers(parent: &Path, name: &str) -> Vec<Diagnostic> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let prefix = format!(".{name}.");
    let mut notes = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = (file_name.to_str())
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|n| n.strip_prefix(NEW).or_else(|| n.strip_prefix(OLD)))
            .filter(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let path = entry.path();
        let ours = entry.file_type().is_ok_and(|t| t.is_dir())
            && (path.join(MARKER).is_file()
                || fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none()));
        if !ours || (pid != std::process::id() && running(pid)) {
            continue;
        }
        if let Err(e) = remove_tree(&path) {
            notes.push(
                Diagnostic::warning(
                    &path,
                    format!("an earlier build of this output left this folder, and it cannot be removed: {e}"),
                )
                .with_hint("remove it yourself (a file marked immutable can stop it: `lsattr -R` shows one); it holds nothing but a site Spotter built"),
            );
        }
    }
    notes
}

/// Whether the process `pid` is running (an earlier build's leftovers are not removed while
/// it is). Where it cannot be told, every process is taken to be running.
fn running(pid: u32) -> bool {
    #[cfg(target_os = "linux")]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        if pid <= 0 {
            return true;
        }
        // SAFETY: signal 0 only checks that the process exists and may be signalled.
        let alive = unsafe { libc::kill(pid, 0) } == 0;
        alive || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = pid;
        true
    }
}

/// Removes the folder `dir` and everything in it, in parallel: a big site's old output is tens
/// of thousands of entries, and removing them one by one took longer than writing the new ones.
/// Symbolic links are removed, never followed. The output's mark goes last, so that a folder
/// whose removal failed or was cut short is still known for Spotter's own.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let entries = fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
    let (mark, rest): (Vec<_>, Vec<_>) = entries.into_iter().partition(|e| e.file_name() == MARKER);
    rest.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    for entry in mark {
        fs::remove_file(entry.path())?;
    }
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

/// Puts the file `from` at `to` without reading it: a hard link to it when it is on the same
/// file system, else a copy made by the kernel (a copy-on-write clone where the file system
/// has them).
fn link_or_copy(from: &Path, to: &Path) -> io::Result<()> {
    fs::hard_link(from, to).or_else(|_| fs::copy(from, to).map(|_| ()))
}

fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    in_folder(path, || fs::write(path, bytes))
}

/// Makes the file at `path` with `make`, first making its folder when `make` finds none: a
/// folder holds many files, so trying first saves a look for it before each of them.
fn in_folder(path: &Path, make: impl Fn() -> io::Result<()>) -> io::Result<()> {
    match make() {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir)?;
            }
            make()
        }
        done => done,
    }
}

/// A hash of a file's bytes, to tell whether a page changed without keeping the old one (and
/// of a page's serialized inputs, for [`crate::serve::fingerprint`]). Hashes live as long as the
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
    /// Files the site has that the update no longer makes, to remove once it is in place.
    removed: Mutex<Vec<String>>,
}

impl<'a> Update<'a> {
    /// The first build into the empty (or missing) folder `dir`.
    pub fn fresh(dir: &Path) -> Update<'a> {
        Update {
            dir: dir.to_path_buf(),
            previous: None,
            made: Mutex::default(),
            pending: Mutex::default(),
            removed: Mutex::default(),
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

    /// Has the file at `rel` removed by [`Update::finish`], unless the update makes it (a
    /// picture's files no page shows any more, after an update that renders a few pages).
    pub fn remove(&self, rel: &str) {
        lock(&self.removed).push(rel.to_string());
    }

    /// Puts the files that changed (written beside their places as the render made them) in
    /// place, and has the old ones removed. When the render made `whole_site`, files it no longer
    /// makes are removed (with their folders, once empty), and the hashes returned are the
    /// site's; otherwise (a few pages re-rendered) the rest stay but for those given to
    /// [`Update::remove`], and the hashes returned are those of the files this render made, to
    /// merge into the earlier ones. Also returns how many files were written.
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
        let removed = std::mem::take(&mut *lock(&self.removed));
        let gone: Vec<&String> = match (whole_site, self.previous) {
            (true, Some(previous)) => previous.keys().collect(),
            _ => removed.iter().collect(),
        };
        for rel in gone.into_iter().filter(|rel| !made.contains_key(*rel)) {
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
    /// The names in `dir` that look like a build's staging or old folder.
    fn swap_folders(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".spotter-"))
            .collect();
        names.sort();
        names
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_write_that_fails_every_write_halts_the_output() {
        let dir = scratch("halt");
        let target = check_target(&dir.join("guide"), &dir.join("guide/public")).unwrap();
        let o = Output::begin(target).unwrap().inject(Faults {
            fail: Some((2, libc::ENOSPC)),
            ..Faults::default()
        });
        o.write("a.html", b"a").unwrap();
        o.write("b.html", b"b").unwrap();
        assert!(o.halted().is_none());
        let first = o.write("c.html", b"c").unwrap_err();
        assert_eq!(first.kind(), io::ErrorKind::StorageFull);
        assert_eq!(o.halted().unwrap().to_string(), first.to_string());
        for rel in ["d.html", "e/index.html"] {
            assert_eq!(
                o.write(rel, b"x").unwrap_err().to_string(),
                first.to_string()
            );
        }
        assert_eq!(
            o.faults.writes.load(std::sync::atomic::Ordering::SeqCst),
            3,
            "writes after the first failure are not tried"
        );
        o.abandon();

        // A failure of one file alone (here, a name too long) halts nothing.
        let target = check_target(&dir.join("guide"), &dir.join("guide/public")).unwrap();
        let o = Output::begin(target).unwrap();
        assert!(o.write(&"x".repeat(300), b"x").is_err());
        assert!(o.halted().is_none());
        o.write("a.html", b"a").unwrap();
        o.abandon();
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_swap_that_cannot_remove_the_old_output_says_so_and_the_next_build_does() {
        let dir = scratch("keep-old");
        let guide = dir.join("guide");
        let out = guide.join("public");
        let build = |text: &[u8], faults: Faults| {
            let o = Output::begin(check_target(&guide, &out).unwrap()).unwrap();
            o.write("index.html", text).unwrap();
            o.inject(faults).commit()
        };
        assert_eq!(build(b"one", Faults::default()).unwrap(), vec![]);
        let warnings = build(
            b"two",
            Faults {
                keep_old: true,
                ..Faults::default()
            },
        )
        .unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"two");
        let old = format!(".public.spotter-old-{}", std::process::id());
        assert_eq!(swap_folders(&guide), vec![old.clone()]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(!warnings[0].is_error());
        assert_eq!(warnings[0].path, out);
        assert!(
            warnings[0].message.starts_with("the new site is in place")
                && warnings[0].message.contains(&old),
            "{}",
            warnings[0]
        );
        assert_eq!(
            fs::read(guide.join(&old).join("index.html")).unwrap(),
            b"one"
        );

        // The next build removes it.
        assert_eq!(build(b"three", Faults::default()).unwrap(), vec![]);
        assert_eq!(swap_folders(&guide), Vec::<String>::new());
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"three");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_swap_that_fails_leaves_the_old_output_and_says_so() {
        let dir = scratch("refuse-swap");
        let guide = dir.join("guide");
        let out = guide.join("public");
        let o = Output::begin(check_target(&guide, &out).unwrap()).unwrap();
        o.write("index.html", b"one").unwrap();
        o.commit().unwrap();
        let o = Output::begin(check_target(&guide, &out).unwrap()).unwrap();
        o.write("index.html", b"two").unwrap();
        let e = o
            .inject(Faults {
                refuse_swap: Some(1),
                ..Faults::default()
            })
            .commit()
            .unwrap_err();
        assert!(e.is_error());
        assert!(
            e.message.starts_with("cannot put the new site in place")
                && e.message.ends_with("the old output is as it was"),
            "{e}"
        );
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"one");
        assert_eq!(swap_folders(&guide), Vec::<String>::new());
        fs::remove_dir_all(dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn leftovers_of_builds_no_longer_running_are_removed_and_nothing_else() {
        let dir = scratch("leftovers");
        let guide = dir.join("guide");
        // A process that has ended: its PID is not running (unless reused at once).
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let live = std::os::unix::process::parent_id();
        let folder = |name: &str, marked: bool, file: bool| {
            let path = guide.join(name);
            fs::create_dir_all(path.join("exercises/row")).unwrap();
            if marked {
                fs::write(path.join(MARKER), "").unwrap();
            }
            if file {
                fs::write(path.join("exercises/row/index.html"), "old").unwrap();
            }
        };
        let gone = [
            format!(".public.spotter-new-{dead}"),
            format!(".public.spotter-old-{dead}"),
        ];
        for name in &gone {
            folder(name, true, true);
        }
        let empty = format!(".public.spotter-new-{}", u32::MAX);
        fs::create_dir(guide.join(&empty)).unwrap();
        let kept = [
            // A build still running.
            format!(".public.spotter-new-{live}"),
            // Another output's.
            format!(".site.spotter-new-{dead}"),
            format!(".public-2.spotter-old-{dead}"),
            // Not clearly Spotter's: no mark, and files in it.
            format!(".public.spotter-old-{}", u32::MAX - 1),
            // Not a PID.
            ".public.spotter-new-12ab".to_string(),
            ".public.spotter-new-".to_string(),
        ];
        for name in &kept[..3] {
            folder(name, true, true);
        }
        folder(&kept[3], false, true);
        folder(&kept[4], true, true);
        folder(&kept[5], true, true);
        // A link named like a leftover, to a marked folder: never followed nor removed.
        folder("elsewhere", true, true);
        let link = format!(".public.spotter-old-{}", u32::MAX - 2);
        std::os::unix::fs::symlink(guide.join("elsewhere"), guide.join(&link)).unwrap();

        let o = Output::begin(check_target(&guide, &guide.join("public")).unwrap()).unwrap();
        o.write("index.html", b"new").unwrap();
        assert_eq!(o.commit().unwrap(), vec![]);
        let mut left = kept.to_vec();
        left.push(link);
        left.sort();
        assert_eq!(swap_folders(&guide), left);
        assert!(guide.join("elsewhere/exercises/row/index.html").is_file());
        for name in &kept {
            assert!(guide.join(name).join("exercises/row").is_dir(), "{name}");
        }
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
