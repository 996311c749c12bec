//! Inputs that once broke a fuzz target, kept so that what was fixed stays fixed.
//!
//! Every file under `fuzz/regressions/TARGET/` goes through the very checks the fuzz target
//! `TARGET` runs (`fuzz/src/lib.rs`, compiled into this test), on stable, in every
//! `cargo test`. When `fuzz/run.sh` finds a crash, fix it and copy the input from
//! `fuzz/artifacts/TARGET/` here. An input that still fails because its fix belongs to other
//! work waits under `fuzz/pending/TARGET/`: those must still fail, so that the day one passes,
//! this test says to move it to `fuzz/regressions/`.

use crate::fuzz_targets as targets;

use std::fs;
use std::panic;
use std::path::{Path, PathBuf};

fn regressions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions")
}

fn pending_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/pending")
}

/// The entries of `dir` but hidden ones (`.gitkeep`), in name order; none when it does not
/// exist.
fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| {
        !p.file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .starts_with('.')
    });
    paths.sort();
    paths
}

/// The files of `dir`, in name order.
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let mut files = entries(dir);
    files.retain(|p| p.is_file());
    files
}

#[test]
fn every_kept_fuzz_input_passes_its_target() {
    let mut failed = Vec::new();
    for (name, check) in targets::TARGETS {
        for path in inputs(&regressions_dir().join(name)) {
            let bytes = fs::read(&path).expect("read a kept input");
            if panic::catch_unwind(|| check(&bytes)).is_err() {
                failed.push(path.display().to_string());
            }
        }
    }
    assert!(
        failed.is_empty(),
        "these kept inputs fail their fuzz target again (the panic is printed above):\n{}",
        failed.join("\n")
    );
}

#[test]
fn every_pending_fuzz_input_still_fails_its_target() {
    for (name, check) in targets::TARGETS {
        for path in inputs(&pending_dir().join(name)) {
            let bytes = fs::read(&path).expect("read a pending input");
            assert!(
                panic::catch_unwind(|| check(&bytes)).is_err(),
                "{} passes now: move it to fuzz/regressions/{name}/",
                path.display()
            );
        }
    }
}

/// A folder named after no target would never be run: a typo must not hide regressions.
#[test]
fn every_kept_inputs_folder_is_a_target() {
    for path in [regressions_dir(), pending_dir()]
        .iter()
        .flat_map(|dir| entries(dir))
    {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        assert!(
            path.is_dir() && targets::TARGETS.iter().any(|(t, _)| *t == name),
            "{} is not the folder of a fuzz target ({})",
            path.display(),
            targets::TARGETS
                .iter()
                .map(|(t, _)| *t)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}
