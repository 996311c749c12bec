//! `spotter serve` after a picture's file changed: only the pages that show it (and the lists
//! that show it as a thumbnail) are rendered again, the old picture's files leave the site, and
//! the site is, byte for byte, the one a full build makes.

use std::fs;
use std::path::{Path, PathBuf};

use image::ImageFormat;
use spotter::internals::pictures as testing;
use spotter::internals::{LiveSite, Outcome};

use crate::common::{assert_full_build, check, options, read, tree, write, TempDir};

/// Exercise `slug`'s page, with `extra` front matter and `body`.
fn exercise(title: &str, muscle: &str, extra: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\nmuscles:\n  primary: [{muscle}]\nequipment: [dumbbell]\nsets: 3x10\n{extra}---\n{body}\n"
    )
}

/// A guide of a dozen exercises: the row's cover is `start.png` (it is also in a workout and
/// tagged), the press shows `form.png` in its body, as does the about page, and the curl's
/// second picture is `/posters/curl.png` under `static/`.
fn guide(root: &Path) {
    write(
        root.join("site.yaml"),
        "title: Pictured\nbase_url: https://example.org/\nimages:\n  widths: [120, 240]\n",
    );
    write(
        root.join("content/_index.md"),
        "---\ntitle: Home\n---\nHi.\n",
    );
    let muscles = ["lats", "chest", "biceps", "quadriceps"];
    for i in 0..12 {
        write(
            root.join(format!("content/exercises/move-{i}.md")),
            exercise(&format!("Move {i}"), muscles[i % 4], "", "Move."),
        );
    }
    write(
        root.join("content/exercises/row.md"),
        exercise(
            "Row",
            "lats",
            "tags: [pull]\nimages:\n  - src: start.png\n    alt: Arms long\n",
            "Pull.",
        ),
    );
    write(
        root.join("content/exercises/press.md"),
        exercise("Press", "chest", "", "Push.\n\n![Arms up](form.png)"),
    );
    write(
        root.join("content/exercises/curl.md"),
        exercise(
            "Curl",
            "biceps",
            "images:\n  - src: curl.png\n    alt: Elbows in\n  - src: /posters/curl.png\n    alt: From the side\n",
            "Curl.",
        ),
    );
    write(
        root.join("content/workouts/pull-day.md"),
        "---\ntitle: Pull Day\nexercises:\n  - exercise: row\n    reps: 10\n  - exercise: move-0\n    reps: 8\n---\n",
    );
    write(
        root.join("content/about.md"),
        "---\ntitle: About\n---\nHow to stand.\n\n![Feet apart](exercises/form.png)\n",
    );
    picture(root, "content/exercises/start.png", 300);
    picture(root, "content/exercises/form.png", 280);
    picture(root, "content/exercises/curl.png", 260);
    picture(root, "static/posters/curl.png", 240);
}

/// Writes a PNG `width` pixels wide at `rel` (its bytes differ with the width).
fn picture(root: &Path, rel: &str, width: u32) {
    write(
        root.join(rel),
        testing::encoded(ImageFormat::Png, width, 200),
    );
}

/// A served guide, with what a test checks it against.
struct Served {
    tmp: TempDir,
    root: PathBuf,
    site: LiveSite,
    builds: usize,
}

impl Served {
    fn new(name: &str) -> Served {
        let tmp = TempDir::new(name);
        let root = tmp.join("guide");
        guide(&root);
        check(&root).expect_clean();
        let (site, _, warnings) = LiveSite::build(options(&root, &tmp.join("live")))
            .unwrap_or_else(|f| panic!("the guide does not build: {f:?}"));
        assert!(warnings.is_empty(), "{warnings:?}");
        let root = fs::canonicalize(&root).unwrap();
        Served {
            tmp,
            root,
            site,
            builds: 0,
        }
    }

    /// The update after the files `rels` (under the guide folder) changed.
    fn update(&mut self, rels: &[&str]) -> Outcome {
        let changed: Vec<PathBuf> = rels.iter().map(|rel| self.root.join(rel)).collect();
        self.site.update(&changed)
    }

    /// A full build of the guide as it is now, checked to be the served site; returns its
    /// pages (HTML files) with their text.
    fn full_build(&mut self, after: &str) -> Vec<(String, String)> {
        self.builds += 1;
        let full = self.tmp.join(format!("full-{}", self.builds));
        assert_full_build(&self.root, self.site.dir(), &full, after);
        html_pages(&full)
    }

    /// The site's picture files.
    fn picture_files(&self) -> Vec<String> {
        (tree(&self.site.dir().join("pictures")).into_keys()).collect()
    }
}

/// Every HTML file under `dir` with its text.
fn html_pages(dir: &Path) -> Vec<(String, String)> {
    (tree(dir).into_keys())
        .filter(|rel| rel.ends_with(".html"))
        .map(|rel| (rel.clone(), read(dir.join(&rel))))
        .collect()
}

/// How many pages differ between two full builds (or are in one only).
fn changed(before: &[(String, String)], after: &[(String, String)]) -> usize {
    let differ = after.iter().filter(|page| !before.contains(page)).count();
    let gone = (before.iter()).filter(|(rel, _)| !after.iter().any(|(r, _)| r == rel));
    differ + gone.count()
}

/// The pages an update that rendered pages rendered, and how many the site has.
fn rendered(outcome: Outcome, what: &str) -> (usize, usize) {
    match outcome {
        Outcome::Pages { pages, of, .. } => (pages, of),
        other => panic!("{what}: not an update of a few pages: {other:?}"),
    }
}

#[test]
fn a_cover_replaced_renders_the_pages_that_show_it_and_its_old_files_go() {
    let mut served = Served::new("serve-cover");
    let before = served.full_build("the first build");
    let old_files = served.picture_files();
    assert!(
        old_files.iter().any(|f| f.starts_with("start-")),
        "{old_files:?}"
    );

    picture(&served.root, "content/exercises/start.png", 320);
    let outcome = served.update(&["content/exercises/start.png"]);
    let (pages, of) = rendered(outcome, "the cover replaced");
    let after = served.full_build("the cover replaced");
    // The row's page, its lists (the exercise index, its muscle's and that muscle's whole's,
    // its equipment's and tag's pages), the cards of the workout that uses it and the deck,
    // and the credits: what a full build shows changed. And the workout's page, whose context
    // holds its items' covers, which the default theme shows on the card alone.
    let changed = changed(&before, &after);
    assert!(changed >= 8, "{changed} pages changed");
    assert!(
        pages <= changed + 1,
        "{pages} pages rendered of {of}, {changed} changed"
    );
    let now = served.picture_files();
    let gone: Vec<&String> = old_files
        .iter()
        .filter(|f| f.starts_with("start-"))
        .collect();
    assert!(
        gone.iter().all(|f| !now.contains(f)),
        "the old cover's files are still there: {now:?}"
    );
    assert!(
        read(served.site.dir().join("exercises/row/index.html")).contains("Arms long"),
        "the row shows its cover"
    );
}

#[test]
fn a_body_picture_replaced_renders_the_pages_whose_bodies_show_it() {
    let mut served = Served::new("serve-body-picture");
    let before = served.full_build("the first build");
    picture(&served.root, "content/exercises/form.png", 310);
    let outcome = served.update(&["content/exercises/form.png"]);
    let (pages, of) = rendered(outcome, "a body picture replaced");
    let after = served.full_build("a body picture replaced");
    // The press and the about page show it in their bodies, the credits list it.
    let changed = changed(&before, &after);
    assert!(changed >= 2, "{changed} pages changed");
    assert!(
        pages <= changed,
        "{pages} pages rendered of {of}, {changed} changed"
    );

    // And once more: the body kept from the last update is not the one shown.
    picture(&served.root, "content/exercises/form.png", 330);
    let outcome = served.update(&["content/exercises/form.png"]);
    rendered(outcome, "a body picture replaced again");
    served.full_build("a body picture replaced again");
}

#[test]
fn a_picture_under_static_replaced_is_copied_again_with_its_pages() {
    let mut served = Served::new("serve-static-picture");
    let before = served.full_build("the first build");
    picture(&served.root, "static/posters/curl.png", 250);
    let outcome = served.update(&["static/posters/curl.png"]);
    let (pages, of) = rendered(outcome, "a picture under static/ replaced");
    // The file at its own address is the new one too (the full build checks it).
    let after = served.full_build("a picture under static/ replaced");
    let changed = changed(&before, &after);
    assert!(
        pages <= changed,
        "{pages} pages rendered of {of}, {changed} changed"
    );
}

#[test]
fn a_picture_added_that_a_page_names_lets_the_page_build() {
    let mut served = Served::new("serve-picture-added");
    served.full_build("the first build");
    write(
        served.root.join("content/exercises/move-3.md"),
        exercise(
            "Move 3",
            "quadriceps",
            "images:\n  - src: squat.png\n    alt: Knees out\n",
            "Move.",
        ),
    );
    match served.update(&["content/exercises/move-3.md"]) {
        Outcome::Failed(d) => assert!(format!("{d:?}").contains("squat.png"), "{d:?}"),
        other => panic!("a missing picture is an error: {other:?}"),
    }
    picture(&served.root, "content/exercises/squat.png", 220);
    let outcome = served.update(&["content/exercises/squat.png"]);
    let (pages, of) = rendered(outcome, "the picture added");
    assert!(pages < of / 2, "{pages} pages rendered of {of}");
    served.full_build("the picture added");
    assert!(
        read(served.site.dir().join("exercises/move-3/index.html")).contains("Knees out"),
        "the page shows its picture"
    );
}

#[test]
fn a_cover_replaced_with_an_exercise_added_in_the_same_save_is_a_build() {
    let mut served = Served::new("serve-cover-and-added");
    served.full_build("the first build");
    picture(&served.root, "content/exercises/start.png", 340);
    write(
        served.root.join("content/exercises/a-new-one.md"),
        exercise("A New One", "lats", "", "New."),
    );
    let outcome = served.update(&[
        "content/exercises/start.png",
        "content/exercises/a-new-one.md",
    ]);
    assert!(
        matches!(outcome, Outcome::Rebuilt { kept, .. } if kept > 0),
        "{outcome:?}"
    );
    served.full_build("a cover replaced and an exercise added");
}

#[test]
fn a_picture_under_static_that_fails_is_still_copied_by_the_next_update() {
    let mut served = Served::new("serve-static-fails");
    served.full_build("the first build");
    write(served.root.join("static/posters/curl.png"), "not a picture");
    match served.update(&["static/posters/curl.png"]) {
        Outcome::Failed(d) => assert!(format!("{d:?}").contains("curl.png"), "{d:?}"),
        other => panic!("a corrupt picture is an error: {other:?}"),
    }
    // The page no longer shows it: the file is a static file alone, as it is now.
    write(
        served.root.join("content/exercises/curl.md"),
        exercise(
            "Curl",
            "biceps",
            "images:\n  - src: curl.png\n    alt: Elbows in\n",
            "Curl.",
        ),
    );
    match served.update(&["content/exercises/curl.md"]) {
        Outcome::Failed(d) => panic!("{d:?}"),
        Outcome::Error(e) => panic!("{e}"),
        _ => {}
    }
    served.full_build("the static picture no longer shown");
}
