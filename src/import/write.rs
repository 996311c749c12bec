//! Writing an imported guide: every file or none, and never over a file edited since.
//!
//! Each page the importer writes carries, as the last line of its `source:`, a hash of the
//! rest of the file (`  hash: v1-...`). An import into a folder that already holds a guide
//! replaces a page only while that hash still matches what the page holds: a page edited since
//! (or a file the importer did not write) is kept, and the report says so.
//!
//! A new folder is written whole beside where it goes and moved into place; into an existing
//! folder, every file to write is first written beside its place, and only once all are
//! written is each moved over the one it replaces.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::{Error, GuideFile};
use crate::source::front_matter::Origin;

/// What became of one file of the guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fate {
    /// Written where there was none.
    New,
    /// Written over the importer's own file, unedited since.
    Replaced,
    /// Already as it would be written.
    Unchanged,
    /// Kept: the importer wrote it, and it was edited since.
    KeptEdited,
    /// Kept: the importer did not write it (or its hash was taken out).
    KeptOwn,
}

impl fmt::Display for Fate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Fate::New => "written",
            Fate::Replaced => "written over an earlier import, unedited since",
            Fate::Unchanged => "unchanged",
            Fate::KeptEdited => "kept, as they were edited since the last import",
            Fate::KeptOwn => {
                "kept, as they carry no hash of an import (site.yaml is written only where there is none)"
            }
        })
    }
}

/// How the hash line of `source:` starts.
const HASH_LINE: &str = "  hash: v1-";

/// A stable 64-bit digest of `text` (FNV-1a): the same in every version of Spotter, so that a
/// later import tells the files it wrote.
fn digest(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// `text` (a page whose front matter ends with its `source:` mapping, then perhaps comments)
/// with `  hash: v1-DIGEST` added as the mapping's last line, DIGEST that of `text`.
pub(super) fn with_hash(text: &str) -> String {
    let Some(start) = text.find("\nsource:\n") else {
        return text.to_string();
    };
    let mut at = start + "\nsource:\n".len();
    while text[at..].starts_with("  ") {
        at += text[at..].find('\n').map_or(text.len() - at, |i| i + 1);
    }
    format!(
        "{}{HASH_LINE}{:016x}\n{}",
        &text[..at],
        digest(text),
        &text[at..]
    )
}

/// The hash line of `text`'s front matter, and where it is.
fn hash_line(text: &str) -> Option<(usize, &str)> {
    let matter_end = text.get(4..)?.find("\n---")? + 4;
    let at = text[..matter_end].find(&format!("\n{HASH_LINE}"))? + 1;
    let len = text[at..].find('\n').map_or(text.len() - at, |i| i + 1);
    Some((at, &text[at..at + len]))
}

/// Whether `text` is a page as the importer wrote it: its hash line holds the digest of the
/// rest of it.
pub fn is_unedited(text: &str) -> bool {
    let Some((at, line)) = hash_line(text) else {
        return false;
    };
    let rest = format!("{}{}", &text[..at], &text[at + line.len()..]);
    let written = line.trim_end().strip_prefix(HASH_LINE);
    written == Some(format!("{:016x}", digest(&rest)).as_str())
}

/// The exercise pages of `out` that an import of `dataset` wrote (edited since or not): each
/// entry's slug (its file name), by the entry's id in `source:`.
pub(super) fn earlier_pages(out: &Path, dataset: &str) -> HashMap<String, String> {
    /// Only `source:` is read; every other key is let through.
    #[derive(serde::Deserialize)]
    struct SourceOnly {
        #[serde(default)]
        source: Option<Origin>,
    }
    let mut found = HashMap::new();
    let Ok(entries) = fs::read_dir(out.join("content/exercises")) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let (Some(stem), Some("md")) = (
            path.file_stem().and_then(|s| s.to_str()),
            path.extension().and_then(|s| s.to_str()),
        ) else {
            continue;
        };
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let Some(matter) = text
            .strip_prefix("---\n")
            .and_then(|rest| rest.split("\n---").next())
        else {
            continue;
        };
        if let Ok(SourceOnly {
            source:
                Some(Origin {
                    dataset: Some(d),
                    id: Some(id),
                    ..
                }),
        }) = serde_yaml::from_str(matter)
        {
            if d == dataset {
                found.insert(id, stem.to_string());
            }
        }
    }
    found
}

/// Writes `files` into the guide folder `out` as the module says; what became of each.
pub(super) fn write_guide(
    out: &Path,
    files: &[GuideFile],
) -> Result<BTreeMap<Fate, Vec<PathBuf>>, Error> {
    if out.exists() && !out.is_dir() {
        return Err(Error::Usage(format!(
            "{} is a file; give --out a folder, new or holding a guide",
            out.display()
        )));
    }
    let mut fates: BTreeMap<Fate, Vec<PathBuf>> = BTreeMap::new();
    let mut to_write = Vec::new();
    for file in files {
        let path = out.join(&file.rel);
        let fate = match fs::read_to_string(&path) {
            Err(e) if e.kind() == ErrorKind::NotFound => Fate::New,
            Err(e) => return Err(Error::Read(path, e)),
            Ok(old) if old == file.text => Fate::Unchanged,
            Ok(old) if file.owned && is_unedited(&old) => Fate::Replaced,
            Ok(old) if hash_line(&old).is_some() => Fate::KeptEdited,
            Ok(_) => Fate::KeptOwn,
        };
        if matches!(fate, Fate::New | Fate::Replaced) {
            to_write.push(file);
        }
        fates.entry(fate).or_default().push(file.rel.clone());
    }
    if out.exists() {
        write_in_place(out, &to_write)?;
    } else {
        write_new(out, &to_write)?;
    }
    Ok(fates)
}

/// Writes `files` into a folder beside `out`, then moves it to `out`.
fn write_new(out: &Path, files: &[&GuideFile]) -> Result<(), Error> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|e| Error::Write(parent.clone(), e))?;
    let name = out
        .file_name()
        .map_or_else(|| "guide".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.spotter-import-{}", std::process::id()));
    let written = (|| {
        for file in files {
            let path = staging.join(&file.rel);
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir).map_err(|e| Error::Write(dir.to_path_buf(), e))?;
            }
            fs::write(&path, &file.text).map_err(|e| Error::Write(path, e))?;
        }
        fs::rename(&staging, out).map_err(|e| Error::Write(out.to_path_buf(), e))
    })();
    if written.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    written
}

/// Writes each of `files` beside its place in `out`, then, once all are written, moves each
/// into place. On an error, what was written beside is removed, with the folders made for it.
fn write_in_place(out: &Path, files: &[&GuideFile]) -> Result<(), Error> {
    let mut made_dirs: Vec<PathBuf> = Vec::new();
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let staging = (|| {
        for file in files {
            let path = out.join(&file.rel);
            let dir = path.parent().unwrap_or(out);
            let mut missing: Vec<PathBuf> = dir
                .ancestors()
                .take_while(|d| !d.exists())
                .map(Path::to_path_buf)
                .collect();
            fs::create_dir_all(dir).map_err(|e| Error::Write(dir.to_path_buf(), e))?;
            missing.reverse();
            made_dirs.extend(missing);
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let tmp = dir.join(format!(".{name}.spotter-import-{}", std::process::id()));
            fs::write(&tmp, &file.text).map_err(|e| Error::Write(tmp.clone(), e))?;
            staged.push((tmp, path));
        }
        Ok(())
    })();
    if let Err(e) = staging {
        for (tmp, _) in &staged {
            let _ = fs::remove_file(tmp);
        }
        for dir in made_dirs.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
        return Err(e);
    }
    for (tmp, path) in &staged {
        fs::rename(tmp, path).map_err(|e| Error::Write(path.clone(), e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "---\ntitle: Curl\nsource:\n  dataset: x\n  id: '1'\n# a note\n---\nCurl.\n";

    #[test]
    fn a_page_is_unedited_until_a_byte_of_it_changes() {
        let hashed = with_hash(PAGE);
        assert!(hashed.contains("  id: '1'\n  hash: v1-"), "{hashed}");
        assert!(hashed.ends_with("# a note\n---\nCurl.\n"));
        assert!(is_unedited(&hashed));
        assert!(!is_unedited(&hashed.replace("Curl.", "Curl slowly.")));
        assert!(!is_unedited(
            &hashed.replace("title: Curl", "title: Biceps Curl")
        ));
        // Without its hash line, a page is the user's.
        let without: String = hashed
            .lines()
            .filter(|l| !l.contains("hash:"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(without, PAGE);
        assert!(!is_unedited(&without));
        // A hash in the body is no hash.
        assert!(hash_line(&format!("---\ntitle: A\n---\n{HASH_LINE}0\n")).is_none());
    }

    #[test]
    fn an_import_again_replaces_only_unedited_pages_of_its_own() {
        let tmp = std::env::temp_dir().join(format!("spotter-import-write-{}", std::process::id()));
        let _ = fs::remove_dir_all(&tmp);
        let out = tmp.join("guide");
        let page = |rel: &str, body: &str| GuideFile {
            rel: PathBuf::from(rel),
            text: with_hash(&PAGE.replace("Curl.", body)),
            owned: true,
        };
        let first = [page("a.md", "A."), page("b.md", "B."), page("c.md", "C.")];
        let fates = write_guide(&out, &first).unwrap();
        assert_eq!(fates[&Fate::New].len(), 3);
        // b edited by hand, c's hash line taken out, a left alone; then the data changes.
        let b = fs::read_to_string(out.join("b.md")).unwrap();
        fs::write(out.join("b.md"), b.replace("B.", "B, my way.")).unwrap();
        let c = fs::read_to_string(out.join("c.md")).unwrap();
        let c: String = c
            .lines()
            .filter(|l| !l.contains("hash:"))
            .map(|l| format!("{l}\n"))
            .collect();
        fs::write(out.join("c.md"), &c).unwrap();
        let second = [
            page("a.md", "A2."),
            page("b.md", "B2."),
            page("c.md", "C2."),
            page("d/e.md", "E."),
        ];
        let fates = write_guide(&out, &second).unwrap();
        assert_eq!(fates[&Fate::Replaced], [PathBuf::from("a.md")]);
        assert_eq!(fates[&Fate::KeptEdited], [PathBuf::from("b.md")]);
        assert_eq!(fates[&Fate::KeptOwn], [PathBuf::from("c.md")]);
        assert_eq!(fates[&Fate::New], [PathBuf::from("d/e.md")]);
        assert!(fs::read_to_string(out.join("a.md"))
            .unwrap()
            .contains("A2."));
        assert!(fs::read_to_string(out.join("b.md"))
            .unwrap()
            .contains("B, my way."));
        assert_eq!(fs::read_to_string(out.join("c.md")).unwrap(), c);
        let fates = write_guide(&out, &second).unwrap();
        assert_eq!(fates[&Fate::Unchanged].len(), 2);
        // No file is left beside the pages.
        let names: Vec<String> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().all(|n| !n.contains("spotter-import")),
            "{names:?}"
        );
        let _ = fs::remove_dir_all(&tmp);
    }
}
