//! Carry: the folders of the old output whose files are named by what they hold (`pictures/`,
//! `clips/`), carried into the new output instead of made again file by file.
//!
//! A picture's file name holds the hash of what it was made from, so a file of that name never
//! changes: the old output's folder of them can become the new output's, with what is new
//! linked in and what is no longer shown taken out. A rebuild over a site of thousands of
//! pictures then touches only the pictures that changed.
//!
//! - While the build runs, new files are added to the old folder. The old site names none of
//!   them, so it is served as it was; a failed build takes them out again.
//! - A file there is kept only when it is the cache's own file (the same inode): one that
//!   another tool replaced, or a copy, is put there again, under a temporary name renamed over
//!   it, so the old site never shows half a file.
//! - Just before the swap, the folder is moved into the new output (one rename), and moved
//!   back when the swap fails. When the new output already has that folder (a static file of
//!   the guide lives there), the files go into it one by one instead.
//! - After the swap, the files the new site does not show are removed.

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{link_or_copy, site_path, Placing};

/// A folder of the old output that a build carries into its new one.
#[derive(Debug)]
pub(super) struct Carried {
    /// Its site path (`pictures`).
    folder: String,
    /// Each file the new site has in it, with the file it comes from.
    wanted: Vec<(OsString, PathBuf)>,
    /// What is in it that the new site does not have.
    stale: Vec<OsString>,
    /// Files this build added to it.
    added: Vec<OsString>,
}

/// A carried folder moved from the old output into the new.
#[derive(Debug)]
pub(super) struct Moved {
    /// Its site path.
    folder: String,
    /// Where it is in the new output.
    into: PathBuf,
    /// Where it was in the old.
    from: PathBuf,
    /// What is in it that the new site does not have.
    stale: Vec<OsString>,
}

/// Makes the old output's folder at `folder` (under `target`) hold `files` (site paths in that
/// folder, and the files they come from), when there is such a folder; `None` when there is
/// none to carry, and the files are to be written into the new output as usual. The errors
/// are by index in `files`.
#[cfg(unix)]
pub(super) fn prepare(
    target: &Path,
    folder: &str,
    files: &[&Placing],
) -> Option<(Carried, Vec<(usize, io::Error)>)> {
    use std::os::unix::fs::{DirEntryExt, MetadataExt};
    if folder.is_empty() {
        return None;
    }
    let old = site_path(target, folder).ok()?;
    if !fs::symlink_metadata(&old).ok()?.is_dir() {
        return None;
    }
    let listed: HashMap<OsString, u64> = (fs::read_dir(&old).ok()?.flatten())
        .map(|e| (e.file_name(), e.ino()))
        .collect();
    let mut carried = Carried {
        folder: folder.to_string(),
        wanted: Vec::with_capacity(files.len()),
        stale: Vec::new(),
        added: Vec::new(),
    };
    let mut errors = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let (rel, from) = (file.rel.as_str(), file.from.as_path());
        let name = OsString::from(rel.rsplit('/').next().unwrap_or(rel));
        let there = listed.get(&name).copied();
        let inode = match file.inode {
            Some(inode) => Ok(inode),
            None => fs::metadata(from).map(|m| m.ino()),
        };
        let placed = match inode {
            Ok(inode) if there == Some(inode) => Ok(()),
            Ok(_) => replace(from, &old, &name),
            Err(e) => Err(e),
        };
        match placed {
            Ok(()) if there.is_none() => carried.added.push(name.clone()),
            Ok(()) => {}
            Err(e) => errors.push((i, e)),
        }
        carried.wanted.push((name, from.to_path_buf()));
    }
    let wanted: HashSet<&OsString> = carried.wanted.iter().map(|(n, _)| n).collect();
    carried.stale = (listed.into_keys())
        .filter(|name| !wanted.contains(name))
        .collect();
    Some((carried, errors))
}

#[cfg(not(unix))]
pub(super) fn prepare(
    _target: &Path,
    _folder: &str,
    _files: &[&Placing],
) -> Option<(Carried, Vec<(usize, io::Error)>)> {
    None
}

/// Puts `from` at `dir/name` in one step: linked (or copied) under a temporary name, then
/// renamed over whatever is there.
fn replace(from: &Path, dir: &Path, name: &OsString) -> io::Result<()> {
    let mut temporary = OsString::from(".");
    temporary.push(name);
    temporary.push(format!(".spotter-{}", std::process::id()));
    let temporary = dir.join(temporary);
    let _ = fs::remove_file(&temporary);
    link_or_copy(from, &temporary)?;
    fs::rename(&temporary, dir.join(name)).inspect_err(|_| {
        let _ = fs::remove_file(&temporary);
    })
}

impl Carried {
    /// Moves the folder from the old output `target` into the new one, `staging`, or, when the
    /// new one has that folder already, puts the files into it. What moved, to be moved back
    /// if the swap fails.
    pub(super) fn carry_in(&mut self, target: &Path, staging: &Path) -> io::Result<Option<Moved>> {
        let from = site_path(target, &self.folder)?;
        let into = site_path(staging, &self.folder)?;
        if fs::symlink_metadata(&into).is_ok() {
            for (name, file) in &self.wanted {
                let path = into.join(name);
                if fs::symlink_metadata(&path).is_err() {
                    link_or_copy(file, &path)?;
                }
            }
            return Ok(None);
        }
        if let Some(parent) = into.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::rename(&from, &into)?;
        Ok(Some(Moved {
            folder: self.folder.clone(),
            into,
            from,
            stale: std::mem::take(&mut self.stale),
        }))
    }

    /// Takes out of the old output `target` the files this build added to it (the build
    /// failed, and the old output stays as it was).
    pub(super) fn take_back(&self, target: &Path) {
        let Ok(dir) = site_path(target, &self.folder) else {
            return;
        };
        for name in &self.added {
            let _ = fs::remove_file(dir.join(name));
        }
    }
}

impl Moved {
    /// Moves the folder back into the old output.
    pub(super) fn back(&self) -> io::Result<()> {
        fs::rename(&self.into, &self.from)
    }

    /// Removes from the folder, now in the output `target`, what the new site does not have.
    /// What cannot be removed stays: the site names none of it.
    pub(super) fn clear_stale(&self, target: &Path) {
        let Ok(dir) = site_path(target, &self.folder) else {
            return;
        };
        for name in &self.stale {
            let path = dir.join(name);
            let removed = fs::remove_file(&path);
            if removed.is_err() && path.is_dir() {
                let _ = fs::remove_dir_all(&path);
            }
        }
    }
}
