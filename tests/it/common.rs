//! Helpers shared by the integration tests: scratch folders, running the `spotter`
//! binary, and reading files and whole trees back.
//!
//! Only std: the binary is run with `std::process::Command`, scratch folders live under
//! `std::env::temp_dir()` with names no other test (or test run) uses, and are removed when
//! their guard is dropped.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The exit status Rust gives a process that panicked.
pub const PANIC_EXIT: i32 = 101;

/// The repository root (where `Cargo.toml` is).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/` in the repository.
pub fn tests_dir() -> PathBuf {
    repo_root().join("tests")
}

/// A scratch folder under the system's temporary folder, removed on drop.
#[derive(Debug)]
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    /// A new, empty folder whose name starts with `spotter-test-LABEL-`.
    pub fn new(label: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let path = std::env::temp_dir().join(format!(
            "spotter-test-{label}-{}-{n}-{nanos}",
            std::process::id()
        ));
        fs::create_dir_all(&path)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", path.display()));
        // Canonical, so paths compare equal to what the binary resolves.
        let path = fs::canonicalize(&path).unwrap_or(path);
        TempDir { path }
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `self.path().join(rel)`.
    pub fn join(&self, rel: impl AsRef<Path>) -> PathBuf {
        self.path.join(rel)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// What one run of the binary did.
#[derive(Debug, Clone)]
pub struct Run {
    /// The exit status; -1 when killed by a signal.
    pub code: i32,
    /// Standard output, lossily decoded.
    pub stdout: String,
    /// Standard error, lossily decoded.
    pub stderr: String,
    /// The command, for messages.
    pub command: String,
}

impl Run {
    /// Panics (with the whole output) unless the run exited with `code`.
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "`{}` exited with {} (expected {code})\n--- stdout\n{}\n--- stderr\n{}",
            self.command, self.code, self.stdout, self.stderr
        );
        self
    }

    /// Panics unless the run succeeded with nothing on standard error.
    pub fn expect_clean(&self) -> &Run {
        self.expect_code(0);
        assert!(
            self.stderr.is_empty(),
            "`{}` succeeded but printed on stderr:\n{}",
            self.command,
            self.stderr
        );
        self
    }

    /// Whether the binary panicked (exit status 101, or a panic message on stderr).
    pub fn panicked(&self) -> bool {
        self.code == PANIC_EXIT || self.stderr.contains("panicked at")
    }
}

/// Runs `spotter ARGS` in `cwd` (the system's temporary folder when `None`, so that no test
/// depends on where cargo runs it).
pub fn spotter<I, S>(args: I, cwd: Option<&Path>) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<_> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
    let command = std::iter::once("spotter".to_string())
        .chain(args.iter().map(|a| a.to_string_lossy().into_owned()))
        .collect::<Vec<_>>()
        .join(" ");
    let cwd = cwd.map_or_else(std::env::temp_dir, Path::to_path_buf);
    let out = Command::new(env!("CARGO_BIN_EXE_spotter"))
        .args(&args)
        .current_dir(&cwd)
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap_or_else(|e| panic!("cannot run `{command}`: {e}"));
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        command,
    }
}

/// `spotter check --root ROOT`.
pub fn check(root: &Path) -> Run {
    spotter(
        [OsStr::new("check"), OsStr::new("--root"), root.as_os_str()],
        None,
    )
}

/// `spotter build --root ROOT --output OUTPUT EXTRA...`.
pub fn build(root: &Path, output: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<&OsStr> = vec![
        OsStr::new("build"),
        OsStr::new("--root"),
        root.as_os_str(),
        OsStr::new("--output"),
        output.as_os_str(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    spotter(args, None)
}

/// Runs `spotter check` on the guide at `root`, then `spotter build` into `output`, and fails
/// unless the two agree (see [`check_agrees_with_build`]). Returns `check`'s run.
pub fn check_and_build(root: &Path, output: &Path) -> Run {
    check_agrees_with_build(root, output).unwrap_or_else(|why| panic!("{why}"))
}

/// Runs `spotter check` on the guide at `root`, then `spotter build` into `output`: `check`'s
/// run when neither panicked, both exited with the same status and printed the same standard
/// error, and a build that failed left `output` as it was; else what went wrong.
///
/// The one difference allowed is the summary line of a failed build, which ends with
/// "; nothing was written" (`error: 2 errors in 1 file; nothing was written`): `check` never
/// writes, so it does not say so. Only that ending of the last line is taken off.
pub fn check_agrees_with_build(root: &Path, output: &Path) -> Result<Run, String> {
    let checked = check(root);
    let before = tree(output);
    let built = build(root, output, &[]);
    for run in [&checked, &built] {
        if run.panicked() {
            return Err(format!(
                "`{}` panicked: exit {}\n{}",
                run.command, run.code, run.stderr
            ));
        }
    }
    let said = match built.stderr.strip_suffix("; nothing was written\n") {
        Some(rest) if built.code != 0 && last_line(rest).starts_with("error: ") => {
            format!("{rest}\n")
        }
        _ => built.stderr.clone(),
    };
    if checked.code != built.code || checked.stderr != said {
        return Err(format!(
            "`spotter check` and `spotter build` disagree on {}\n--- check: exit {}\n{}\
             --- build: exit {}\n{}",
            root.display(),
            checked.code,
            checked.stderr,
            built.code,
            built.stderr
        ));
    }
    if built.code != 0 {
        let diff = tree_diff(&before, &tree(output));
        if !diff.is_empty() {
            return Err(format!(
                "a failed build of {} changed its output:\n{diff}",
                root.display()
            ));
        }
    }
    Ok(checked)
}

/// The last line of `text`, without its line ending.
fn last_line(text: &str) -> &str {
    text.trim_end_matches('\n')
        .rsplit('\n')
        .next()
        .unwrap_or("")
}

/// A file as text; panics with the path when it cannot be read.
pub fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Writes `contents` at `path`, creating its folders.
pub fn write(path: impl AsRef<Path>, contents: impl AsRef<[u8]>) {
    let path = path.as_ref();
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    }
    fs::write(path, contents).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// One entry of a tree snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A folder.
    Dir,
    /// A file and its bytes.
    File(Vec<u8>),
    /// A symbolic link and where it points.
    Link(PathBuf),
}

/// Every folder, file and link under `dir` (not `dir` itself), by path relative to `dir`
/// with `/` separators. Links are recorded, not followed. Empty when `dir` does not exist.
pub fn tree(dir: &Path) -> BTreeMap<String, Node> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Node>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let rel = path
                .strip_prefix(base)
                .expect("entry under base")
                .to_string_lossy()
                .replace('\\', "/");
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_symlink() {
                let to = fs::read_link(&path).unwrap_or_default();
                out.insert(rel, Node::Link(to));
            } else if kind.is_dir() {
                out.insert(rel, Node::Dir);
                walk(base, &path, out);
            } else {
                let bytes = fs::read(&path)
                    .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
                out.insert(rel, Node::File(bytes));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The paths of the files (not folders) under `dir`, relative, sorted.
pub fn files(dir: &Path) -> Vec<String> {
    tree(dir)
        .into_iter()
        .filter(|(_, n)| matches!(n, Node::File(_)))
        .map(|(p, _)| p)
        .collect()
}

/// Explains how two snapshots differ (empty when they are equal): paths only in one, and
/// paths whose content differs.
pub fn tree_diff(before: &BTreeMap<String, Node>, after: &BTreeMap<String, Node>) -> String {
    let mut out = String::new();
    for (path, node) in before {
        match after.get(path) {
            None => out.push_str(&format!("  gone:    {path}\n")),
            Some(other) if other != node => out.push_str(&format!("  changed: {path}\n")),
            Some(_) => {}
        }
    }
    for path in after.keys() {
        if !before.contains_key(path) {
            out.push_str(&format!("  new:     {path}\n"));
        }
    }
    out
}

/// Copies the folder `from` into `to` (created), recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("cannot create {}: {e}", to.display()));
    for (rel, node) in tree(from) {
        let dest = to.join(&rel);
        match node {
            Node::Dir => fs::create_dir_all(&dest)
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", dest.display())),
            Node::File(bytes) => write(&dest, bytes),
            Node::Link(_) => panic!("fixtures hold no links: {}", from.join(rel).display()),
        }
    }
}

/// The minimal complete theme the output-handling tests build with, so that they test
/// where a build writes and not what the default theme prints: every template a theme must
/// have, each printing the page's title and URL.
pub fn write_mini_theme(root: &Path, name: &str) {
    let dir = root.join("themes").join(name);
    for t in spotter::internals::REQUIRED {
        write(
            dir.join("templates").join(t),
            format!(
                "<!doctype html><title>{{{{ page.title }}}}</title><p>{t} {{{{ page.url }}}}</p>\n"
            ),
        );
    }
    for s in ["exercise", "workout"] {
        write(
            dir.join(format!("templates/shortcodes/{s}.html")),
            format!("<aside>{s}: {{{{ {s}.title }}}}</aside>\n"),
        );
    }
    write(dir.join("static/style.css"), "body { margin: 0 }\n");
    write(dir.join("theme.yaml"), format!("name: {name}\n"));
}

/// The options that build the guide at `root` into `out`.
pub fn options(root: &Path, out: &Path) -> spotter::Options {
    spotter::Options {
        root: root.to_path_buf(),
        output: Some(out.to_path_buf()),
        base_url: None,
        drafts: false,
    }
}

/// Fails unless the site in `site` is the one a full build of the guide at `root`, as it is
/// now, makes (built into `full`).
pub fn assert_full_build(root: &Path, site: &Path, full: &Path, after: &str) {
    spotter::internals::build_with(&options(root, full), spotter::internals::Script::LiveReload)
        .unwrap_or_else(|f| panic!("the guide does not build after {after}: {f:?}"));
    let mut want = tree(full);
    want.remove(spotter::internals::MARKER);
    let diff = tree_diff(&want, &tree(site));
    assert!(
        diff.is_empty(),
        "after {after}, the served site and a full build differ:\n{diff}"
    );
}
