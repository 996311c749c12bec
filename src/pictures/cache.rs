//! Cache: processed pictures kept between builds in `.spotter-cache/pictures/` under the
//! guide, so that a second build decodes and encodes nothing.
//!
//! An entry is a folder named by the [`Key`] of what it was made from (the source's bytes
//! and every parameter that changes the output), holding the encoded files and, written
//! last, `picture.json`, which says what they are: an entry without it is unfinished (a
//! build stopped midway) and is made again. Files are written under a temporary name and
//! renamed into place, so two builds of the same guide at once never read half a file.
//! Nothing is ever removed: entries of pictures no longer used stay until the folder is
//! deleted, which is always safe.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::encode::Fallback;

/// Where the cache lives under a guide.
pub const DIR: &str = ".spotter-cache";

/// What an entry is made from, hashed: the bytes of the source, the widths, the quality and
/// [`FORMAT`], which changes whenever processing makes other bytes from the same input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key(pub [u8; 32]);

/// The version of what processing makes; a new one leaves old entries unused.
const FORMAT: u32 = 1;

impl Key {
    /// The key of `bytes` processed to `widths` at `quality`.
    pub fn of(bytes: &[u8], widths: &[u32], quality: u8) -> Key {
        Key::of_hash(&Key::hash_bytes(bytes), widths, quality)
    }

    /// The hash of a source's bytes, which [`Key::of_hash`] makes a key.
    pub fn hash_bytes(bytes: &[u8]) -> [u8; 32] {
        *blake3::hash(bytes).as_bytes()
    }

    /// The key of the bytes whose hash is `bytes`, processed to `widths` at `quality`.
    pub fn of_hash(bytes: &[u8; 32], widths: &[u32], quality: u8) -> Key {
        let mut hasher = blake3::Hasher::new();
        hasher.update(&FORMAT.to_le_bytes());
        hasher.update(&[quality]);
        hasher.update(&(widths.len() as u32).to_le_bytes());
        for w in widths {
            hasher.update(&w.to_le_bytes());
        }
        hasher.update(bytes);
        Key(*hasher.finalize().as_bytes())
    }

    /// The key in hexadecimal.
    pub fn hex(&self) -> String {
        blake3::Hash::from(self.0).to_hex().to_string()
    }
}

/// What an entry holds: the picture's size upright, and its files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Width of the picture, upright.
    pub width: u32,
    /// Height of the picture, upright.
    pub height: u32,
    /// The kind of the fallback files.
    pub fallback: Fallback,
    /// The widths and heights written, narrowest first; each has `W.webp` and `W.jpg` (or
    /// `W.png`).
    pub variants: Vec<(u32, u32)>,
    /// The inode of each file when it was stored, by name: a build's output keeps a picture's
    /// file from the build before only when it is still this one (see `output::carry`).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub inodes: std::collections::BTreeMap<String, u64>,
}

/// The cache of one guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache of the guide at `root`.
    pub fn of_guide(root: &Path) -> Cache {
        Cache {
            dir: root.join(DIR).join("pictures"),
        }
    }

    /// The folder of the entry `key`.
    pub fn entry(&self, key: &Key) -> PathBuf {
        self.dir.join(key.hex())
    }

    /// The manifest of the entry `key`, when it is complete.
    pub fn get(&self, key: &Key) -> Option<Manifest> {
        let bytes = fs::read(self.entry(key).join("picture.json")).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Stores `files` (name, bytes) as the entry `key`, then its manifest, with the files'
    /// inodes; returns the manifest stored.
    pub fn put(
        &self,
        key: &Key,
        files: &[(String, Vec<u8>)],
        manifest: &Manifest,
    ) -> io::Result<Manifest> {
        let dir = self.entry(key);
        fs::create_dir_all(&dir)?;
        let mut stored = manifest.clone();
        for (name, bytes) in files {
            let path = dir.join(name);
            write_read_only(&path, bytes)?;
            #[cfg(unix)]
            stored.inodes.insert(
                name.clone(),
                std::os::unix::fs::MetadataExt::ino(&fs::metadata(&path)?),
            );
        }
        let json = serde_json::to_vec(&stored).map_err(io::Error::other)?;
        write_atomically(&dir.join("picture.json"), &json)?;
        Ok(stored)
    }
}

/// What a build saw of each source file: its size, modification time and inode when the hash
/// of its bytes was last worked out, so that a later build takes the hash of a file that has
/// not changed (by those) without reading it, as `git status` does. Kept in
/// `.spotter-cache/pictures/seen.json`.
#[derive(Debug, Default)]
pub struct Seen {
    files: std::sync::Mutex<std::collections::BTreeMap<String, Stamp>>,
    changed: std::sync::atomic::AtomicBool,
}

/// A file as [`Seen`] knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    size: u64,
    modified_ns: u128,
    inode: u64,
    hash: String,
}

impl Stamp {
    fn of(meta: &fs::Metadata) -> Option<(u64, u128, u64)> {
        let modified = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some((meta.len(), modified.as_nanos(), inode))
    }
}

impl Seen {
    /// What earlier builds saw, from `cache` (nothing when it cannot be read).
    pub fn load(cache: &Cache) -> Seen {
        let files = fs::read(cache.dir.join("seen.json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        Seen {
            files: std::sync::Mutex::new(files),
            changed: Default::default(),
        }
    }

    /// The hash of the bytes of `file` (by its name for messages and the map), whose metadata
    /// is `meta`, when it has not changed since it was seen.
    pub fn hash(&self, file: &str, meta: &fs::Metadata) -> Option<[u8; 32]> {
        let (size, modified_ns, inode) = Stamp::of(meta)?;
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let stamp = files.get(file)?;
        if (stamp.size, stamp.modified_ns, stamp.inode) != (size, modified_ns, inode) {
            return None;
        }
        Some(*blake3::Hash::from_hex(&stamp.hash).ok()?.as_bytes())
    }

    /// Notes that `file`, with metadata `meta`, has bytes of hash `hash`.
    pub fn note(&self, file: &str, meta: &fs::Metadata, hash: &[u8; 32]) {
        let Some((size, modified_ns, inode)) = Stamp::of(meta) else {
            return;
        };
        let stamp = Stamp {
            size,
            modified_ns,
            inode,
            hash: blake3::Hash::from(*hash).to_hex().to_string(),
        };
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        if files.get(file) != Some(&stamp) {
            files.insert(file.to_string(), stamp);
            self.changed
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// Writes what was seen into `cache`, when anything changed.
    pub fn save(&self, cache: &Cache) -> io::Result<()> {
        if !self.changed.load(std::sync::atomic::Ordering::Relaxed) {
            return Ok(());
        }
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        fs::create_dir_all(&cache.dir)?;
        let json = serde_json::to_vec(&*files).map_err(io::Error::other)?;
        write_atomically(&cache.dir.join("seen.json"), &json)
    }
}

/// [`write_atomically`], the file made read-only first: builds link the site's pictures to
/// these files, and a tool that edited one of those in place would change the cache too.
fn write_read_only(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".{}.tmp", std::process::id()));
    fs::write(&temporary, bytes)?;
    let mut permissions = fs::metadata(&temporary)?.permissions();
    permissions.set_readonly(true);
    fs::set_permissions(&temporary, permissions)?;
    fs::rename(&temporary, path)
}

/// Writes `bytes` beside `path` under a name of this process's, then renames it to `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".{}.tmp", std::process::id()));
    fs::write(&temporary, bytes)?;
    fs::rename(&temporary, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_change_with_bytes_and_parameters() {
        let a = Key::of(b"picture", &[480, 960], 80);
        assert_eq!(a, Key::of(b"picture", &[480, 960], 80));
        assert_ne!(a, Key::of(b"picturf", &[480, 960], 80));
        assert_ne!(a, Key::of(b"picture", &[480], 80));
        assert_ne!(a, Key::of(b"picture", &[480, 960], 81));
        assert_eq!(a.hex().len(), 64);
    }

    #[test]
    fn a_file_seen_unchanged_gives_its_hash_without_being_read() {
        let dir = std::env::temp_dir().join(format!("spotter-seen-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let cache = Cache::of_guide(&dir);
        let file = dir.join("a.jpg");
        fs::write(&file, b"one").unwrap();
        let meta = fs::metadata(&file).unwrap();
        let seen = Seen::load(&cache);
        assert_eq!(seen.hash("a.jpg", &meta), None);
        let hash = Key::hash_bytes(b"one");
        seen.note("a.jpg", &meta, &hash);
        seen.save(&cache).unwrap();
        let again = Seen::load(&cache);
        assert_eq!(again.hash("a.jpg", &meta), Some(hash));
        assert_eq!(again.hash("b.jpg", &meta), None);
        // Written again (another size, another time): read again.
        std::thread::sleep(std::time::Duration::from_millis(5));
        fs::write(&file, b"three").unwrap();
        assert_eq!(again.hash("a.jpg", &fs::metadata(&file).unwrap()), None);
        assert_eq!(Key::of(b"one", &[480], 80), Key::of_hash(&hash, &[480], 80));
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn an_entry_without_its_manifest_is_not_there() {
        let dir = std::env::temp_dir().join(format!("spotter-cache-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let cache = Cache::of_guide(&dir);
        let key = Key::of(b"x", &[480], 80);
        assert_eq!(cache.get(&key), None);
        fs::create_dir_all(cache.entry(&key)).unwrap();
        fs::write(cache.entry(&key).join("480.webp"), b"half").unwrap();
        assert_eq!(cache.get(&key), None);
        let manifest = Manifest {
            width: 10,
            height: 5,
            fallback: Fallback::Jpeg,
            variants: vec![(10, 5)],
            inodes: Default::default(),
        };
        let stored = cache
            .put(&key, &[("10.webp".into(), b"w".to_vec())], &manifest)
            .unwrap();
        assert_eq!(cache.get(&key), Some(stored.clone()));
        #[cfg(unix)]
        assert_eq!(
            stored.inodes["10.webp"],
            std::os::unix::fs::MetadataExt::ino(
                &fs::metadata(cache.entry(&key).join("10.webp")).unwrap()
            )
        );
        assert_eq!(fs::read(cache.entry(&key).join("10.webp")).unwrap(), b"w");
        fs::remove_dir_all(dir).unwrap();
    }
}
