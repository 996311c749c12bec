//! The guide and its output as the file system has them: folders that are symbolic links, an
//! output inside a linked folder, and what a killed build leaves beside the output.
//!
//! Each test makes a small guide (the mini theme, so that these tests are about what is read and
//! written, not about what the default theme prints) in a scratch folder, changes its shape, and
//! runs the binary as a user would.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::common::{self, build, check, check_and_build, tree, tree_diff, write, TempDir};

/// A guide that builds with the mini theme, in `dir/guide`.
fn good_guide(dir: &Path) -> PathBuf {
    let root = dir.join("guide");
    common::write_mini_theme(&root, "mini");
    write(root.join("site.yaml"), "title: Test\ntheme: mini\n");
    write(
        root.join("content/exercises/band-row.md"),
        "---\ntitle: Band Row\nmuscles:\n  primary: [rhomboids]\n---\nRow.\n",
    );
    write(root.join("content/about.md"), "---\ntitle: About\n---\n");
    write(root.join("static/extra.txt"), "static file\n");
    fs::create_dir_all(root.join("templates")).unwrap();
    root
}

/// Folders and files whose contents mark them as from outside the guide.
const SECRET: &str = "SECRET-FROM-OUTSIDE";

/// Makes `rel` of the guide at `root` a link to a copy of it outside the guide, under `outside`,
/// holding [`SECRET`]. Returns what the link points at.
fn link_out(root: &Path, rel: &str, outside: &Path) -> PathBuf {
    let here = root.join(rel);
    let there = outside.join(rel.replace('/', "-"));
    if rel == "site.yaml" {
        write(&there, format!("title: {SECRET}\ntheme: mini\n"));
    } else {
        // The same folder, with a secret added where it would be published or read.
        for (path, node) in tree(&here) {
            if let common::Node::File(bytes) = node {
                write(there.join(path), bytes);
            }
        }
        fs::create_dir_all(&there).unwrap();
        write(there.join("secret.txt"), SECRET);
        write(
            there.join("secret.md"),
            format!("---\ntitle: {SECRET}\n---\n"),
        );
    }
    if here.is_dir() {
        fs::remove_dir_all(&here).unwrap();
    } else {
        fs::remove_file(&here).unwrap();
    }
    symlink(&there, &here).unwrap();
    there
}

/// No file under `dir` holds [`SECRET`].
fn assert_nothing_from_outside(dir: &Path) {
    for (path, node) in tree(dir) {
        if let common::Node::File(bytes) = node {
            assert!(
                !String::from_utf8_lossy(&bytes).contains(SECRET),
                "{path} holds a file from outside the guide"
            );
        }
    }
}

#[test]
fn a_folder_linked_out_of_the_guide_fails_check_and_build_and_publishes_nothing() {
    for rel in [
        "content",
        "static",
        "templates",
        "themes",
        "themes/mini",
        "themes/mini/templates",
        "themes/mini/static",
        "site.yaml",
    ] {
        let tmp = TempDir::new("link-out");
        let root = good_guide(tmp.path());
        let out = tmp.join("site");
        build(&root, &out, &[]).expect_code(0);
        let before = tree(&out);
        let there = link_out(&root, rel, &tmp.join("outside"));
        // Where the link is, where it points, what to do.
        let said = format!(
            "{rel}: error: {rel} is a symbolic link to {}, outside the guide folder, so Spotter does not read it\n = hint: copy the ",
            there.display()
        );
        // `build` says what `check` says, and leaves the output as it was.
        let run = check_and_build(&root, &out);
        run.expect_code(1);
        assert!(run.stderr.contains(&said), "{rel}:\n{}", run.stderr);
        let diff = tree_diff(&before, &tree(&out));
        assert!(
            diff.is_empty(),
            "{rel}: the failed build changed the output:\n{diff}"
        );
        assert_nothing_from_outside(&out);
        // Nor into a new output.
        let fresh = tmp.join("fresh");
        build(&root, &fresh, &[]).expect_code(1);
        assert!(
            !fresh.exists(),
            "{rel}: a failed build made {}",
            fresh.display()
        );
        let strays: Vec<_> = (fs::read_dir(tmp.path()).unwrap().flatten())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".spotter-"))
            .collect();
        assert!(strays.is_empty(), "{rel}: left {strays:?}");
    }
}

#[test]
fn a_folder_linked_elsewhere_in_the_guide_is_read() {
    let tmp = TempDir::new("link-in");
    let root = good_guide(tmp.path());
    for rel in ["content", "static", "themes/mini"] {
        let there = root.join("shared").join(rel);
        fs::create_dir_all(there.parent().unwrap()).unwrap();
        fs::rename(root.join(rel), &there).unwrap();
        let up = "../".repeat(rel.matches('/').count());
        symlink(format!("{up}shared/{rel}"), root.join(rel)).unwrap();
    }
    write(
        root.join("shared/static/linked.txt"),
        "linked static file\n",
    );
    let out = tmp.join("site");
    build(&root, &out, &[]).expect_code(0);
    assert!(out.join("exercises/band-row/index.html").is_file());
    assert!(out.join("about/index.html").is_file());
    assert_eq!(common::read(out.join("linked.txt")), "linked static file\n");
    assert!(out.join("style.css").is_file(), "the theme's static files");
    check(&root).expect_code(0);
}

#[test]
fn an_output_in_the_real_folder_of_a_linked_source_is_refused() {
    let tmp = TempDir::new("link-output");
    let root = good_guide(tmp.path());
    fs::create_dir_all(root.join("shared")).unwrap();
    for rel in ["content", "static"] {
        fs::rename(root.join(rel), root.join("shared").join(rel)).unwrap();
        symlink(format!("shared/{rel}"), root.join(rel)).unwrap();
    }
    let before = tree(tmp.path());
    for (output, says) in [
        (
            "shared/content",
            "is inside the guide's content/ folder, which is ",
        ),
        (
            "shared/content/site",
            "is inside the guide's content/ folder, which is ",
        ),
        (
            "shared/static/site",
            "is inside the guide's static/ folder, which is ",
        ),
        ("shared", "holds the guide's content/ folder, which is "),
    ] {
        let run = build(&root, &root.join(output), &[]);
        run.expect_code(2);
        assert!(
            run.stderr.starts_with("error: refusing output") && run.stderr.contains(says),
            "--output {output}: {}",
            run.stderr
        );
    }
    let diff = tree_diff(&before, &tree(tmp.path()));
    assert!(diff.is_empty(), "a refused build changed files:\n{diff}");
    build(&root, &root.join("public"), &[]).expect_code(0);
}

/// The staging folder a running build `pid` writes `out` in.
fn staging(out: &Path, pid: u32) -> PathBuf {
    let name = out.file_name().unwrap().to_string_lossy();
    out.with_file_name(format!(".{name}.spotter-new-{pid}"))
}

#[test]
fn what_a_killed_build_left_the_next_build_removes() {
    let tmp = TempDir::new("killed");
    let root = good_guide(tmp.path());
    // Enough pages that the build is still writing when it is killed.
    for i in 0..2000 {
        write(
            root.join(format!("content/exercises/row-{i}.md")),
            format!("---\ntitle: Row {i}\nmuscles:\n  primary: [rhomboids]\n---\nRow {i} times.\n"),
        );
    }
    let out = tmp.join("site");
    build(&root, &out, &[]).expect_code(0);
    let before = tree(&out);

    let mut left = Vec::new();
    for _ in 0..3 {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_spotter"))
            .args(["build", "--root"])
            .arg(&root)
            .arg("--output")
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let dir = staging(&out, child.id());
        let started = Instant::now();
        // Static files are written first, then the pages.
        while !dir.join("style.css").exists() && child.try_wait().unwrap().is_none() {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "the build never wrote"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        // SIGKILL: the build cannot clean up.
        child.kill().unwrap();
        child.wait().unwrap();
        if dir.is_dir() {
            left.push(dir);
        }
    }
    assert!(!left.is_empty(), "no build was killed while writing");
    // Each build clears what the ones before it left, so only the last one's is there.
    let (last, earlier) = left.split_last().unwrap();
    assert!(last.join(".spotter-output").is_file());
    for dir in earlier {
        assert!(!dir.exists(), "{} was not removed", dir.display());
    }
    assert_eq!(
        tree_diff(&before, &tree(&out)),
        "",
        "a killed build changed the output"
    );

    build(&root, &out, &[]).expect_code(0);
    let strays: Vec<_> = (fs::read_dir(tmp.path()).unwrap().flatten())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".spotter-"))
        .collect();
    assert!(strays.is_empty(), "left after the next build: {strays:?}");
}
