//! `spotter import`: each data set imported into a guide that builds with no error, from the
//! slices in `tests/fixtures/import/` and from the whole data sets in `tests/data/`; a
//! second import that keeps what was edited; and bad input, which writes nothing.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{build, copy_dir, read, spotter, tree, tree_diff, write, Run, TempDir};

/// The slices of the data sets.
fn fixture(name: &str) -> PathBuf {
    crate::common::tests_dir()
        .join("fixtures/import")
        .join(name)
}

/// The whole data sets, committed under `tests/data/` with their licences (or `$SPOTTER_DATA`,
/// a folder holding others of the same shape).
fn shared_data() -> PathBuf {
    std::env::var_os("SPOTTER_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::common::tests_dir().join("data"))
}

/// `spotter import ARGS`.
fn import<S: AsRef<OsStr>>(args: &[S]) -> Run {
    let mut all: Vec<&OsStr> = vec![OsStr::new("import")];
    all.extend(args.iter().map(AsRef::as_ref));
    spotter(all, None)
}

/// Builds the guide at `root` into `root/../site`, which must succeed with nothing on stderr;
/// the site folder.
fn built(root: &Path) -> PathBuf {
    let out = root.with_file_name("site");
    build(root, &out, &[]).expect_clean();
    out
}

fn page(site: &Path, rel: &str) -> String {
    read(site.join(rel).join("index.html"))
}

/// The `href`s of `html`.
fn links(html: &str) -> Vec<&str> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect()
}

/// Every exercise page of `site` links only to muscle and equipment pages that were built.
fn assert_term_links_resolve(site: &Path) -> usize {
    let mut pages = 0;
    for entry in fs::read_dir(site.join("exercises")).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.join("index.html").is_file() {
            continue;
        }
        pages += 1;
        let html = read(dir.join("index.html"));
        for href in links(&html) {
            if href.starts_with("/muscles/") || href.starts_with("/equipment/") {
                let target = site.join(href.trim_start_matches('/')).join("index.html");
                assert!(
                    target.is_file(),
                    "{} links to {href}, which was not built",
                    dir.display()
                );
            }
        }
    }
    pages
}

#[test]
fn a_slice_of_free_exercise_db_becomes_a_guide_that_builds() {
    let tmp = TempDir::new("import-fedb");
    let guide = tmp.join("guide");
    let run = import(&[
        fixture("free-exercise-db/exercises.json").as_os_str(),
        OsStr::new("--out"),
        guide.as_os_str(),
    ]);
    // The subcommand's name comes first.
    assert_eq!(run.code, 2, "{run:?}");
    let run = import(&[
        OsStr::new("free-exercise-db"),
        fixture("free-exercise-db/exercises.json").as_os_str(),
        OsStr::new("--out"),
        guide.as_os_str(),
    ]);
    run.expect_clean();
    for line in [
        "imported 10 exercises from free-exercise-db into",
        "   10 levels, of which 2 \"expert\" written as advanced",
        "    2 exercises naming no equipment (null): written `equipment: unknown`, not bodyweight (Adductor/Groin, Alternate Leg Diagonal Bound)",
        "    1 exercises with no instructions (their pages have no body) (Iron Cross)",
        "   12 written",
    ] {
        assert!(run.stdout.contains(line), "{line}\n{}", run.stdout);
    }
    let site = built(&guide);
    assert_eq!(assert_term_links_resolve(&site), 10);
    let sit_up = page(&site, "exercises/3-4-sit-up");
    assert!(
        sit_up.contains("href=\"/equipment/none/\""),
        "body only is bodyweight"
    );
    assert!(sit_up.contains(
        "<a rel=\"license\" href=\"https://spdx.org/licenses/Unlicense.html\">Unlicense</a>"
    ));
    assert!(sit_up.contains("free-exercise-db #3_4_Sit-Up"));
    assert!(sit_up.contains("href=\"/tags/strength/\""));
    // expert is advanced; null equipment is not known, never bodyweight.
    assert!(page(&site, "exercises/alternating-renegade-row").contains("Advanced"));
    let none = page(&site, "equipment/none");
    assert!(!none.contains("/exercises/adductor-groin/"));
    let unknown = page(&site, "equipment/unknown");
    assert!(
        unknown.contains("/exercises/adductor-groin/")
            && unknown.contains("/exercises/alternate-leg-diagonal-bound/")
    );
    // Pictures are noted, not copied; the licence goes with the data.
    let text = read(guide.join("content/exercises/3-4-sit-up.md"));
    assert!(text.contains(
        "#   https://github.com/yuhonas/free-exercise-db/blob/main/exercises/3_4_Sit-Up/0.jpg"
    ));
    assert!(!site.join("exercises/3-4-sit-up/0.jpg").exists());
    let about = page(&site, "about-the-data");
    assert!(
        about.contains("This is free and unencumbered software released into the public domain.")
    );
}

#[test]
fn a_slice_of_wger_keeps_each_texts_credit_and_its_variations() {
    let tmp = TempDir::new("import-wger");
    let guide = tmp.join("guide");
    let run = import(&[
        OsStr::new("wger"),
        fixture("wger").as_os_str(),
        OsStr::new("--out"),
        guide.as_os_str(),
    ]);
    run.expect_clean();
    for line in [
        "imported 11 exercises from wger into",
        "names filed as English whose text reads as another language (Jalón abierto (Spanish?))",
        "cardio exercises naming no muscle: Legs (Jogging)",
    ] {
        assert!(run.stdout.contains(line), "{line}\n{}", run.stdout);
    }
    let site = built(&guide);
    assert_eq!(assert_term_links_resolve(&site), 11);
    // One English name twice: two pages.
    assert!(site
        .join("exercises/sitting-calf-raises/index.html")
        .is_file());
    assert!(site
        .join("exercises/sitting-calf-raises-2/index.html")
        .is_file());
    // A variation group of three: each page shows the other two.
    let wrist_curl = page(&site, "exercises/barbell-reverse-wrist-curl");
    let variations = wrist_curl
        .split("id=\"variations-heading\"")
        .nth(1)
        .expect("Variations");
    let variations = &variations[..variations.find("</section>").unwrap()];
    let shown: Vec<&str> = links(variations);
    assert_eq!(shown.len(), 2, "{variations}");
    assert!(
        shown.contains(&"/exercises/barbell-wrist-curl/"),
        "{shown:?}"
    );
    // Each text's author and licence.
    let text = read(guide.join("content/exercises/barbell-reverse-wrist-curl.md"));
    let author = text
        .lines()
        .find_map(|l| l.strip_prefix("  author: "))
        .expect("an author");
    let line = wrist_curl.split("class=\"credit-line\"").nth(1).unwrap();
    assert!(line.contains(&format!("by {author}")), "{line}");
    assert!(
        line.contains("href=\"https://spdx.org/licenses/CC-BY-SA-"),
        "{line}"
    );
    // Cardio naming no muscle: legs; no equipment: not known.
    let jogging = page(&site, "exercises/jogging");
    assert!(jogging.contains("href=\"/muscles/legs/\""), "{jogging}");
    let about = page(&site, "about-the-data");
    assert!(
        about.contains("creativecommons.org/licenses/by-sa/4.0"),
        "{about}"
    );
}

#[test]
fn wger_in_another_language_keeps_english_where_it_has_no_translation() {
    let tmp = TempDir::new("import-wger-de");
    let guide = tmp.join("guide");
    let run = import(&[
        OsStr::new("wger"),
        fixture("wger").as_os_str(),
        OsStr::new("--out"),
        guide.as_os_str(),
        OsStr::new("--language"),
        OsStr::new("de"),
    ]);
    run.expect_clean();
    assert!(
        run.stdout
            .contains("names not in German: kept in the language wger has them in ("),
        "{}",
        run.stdout
    );
    assert!(read(guide.join("site.yaml")).contains("language: de"));
    built(&guide);
    let run = import(&[
        OsStr::new("wger"),
        fixture("wger").as_os_str(),
        OsStr::new("--out"),
        tmp.join("other").as_os_str(),
        OsStr::new("--language"),
        OsStr::new("klingon"),
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.starts_with("error: wger has no language \"klingon\"; --language takes one of: ar, az, bg, ca, cs, de, el, en,"), "{}", run.stderr);
    assert!(!tmp.join("other").exists());
}

#[test]
fn the_whole_data_sets_import_and_build_with_every_name_resolving() {
    let data = shared_data();
    let tmp = TempDir::new("import-full");
    for (dataset, input, exercises, unknown) in [
        (
            "free-exercise-db",
            data.join("free-exercise-db/exercises.json"),
            873,
            77,
        ),
        ("wger", data.join("wger"), 872, 303),
    ] {
        let guide = tmp.join(dataset).join("guide");
        import(&[
            OsStr::new(dataset),
            input.as_os_str(),
            OsStr::new("--out"),
            guide.as_os_str(),
        ])
        .expect_clean();
        let site = built(&guide);
        assert_eq!(assert_term_links_resolve(&site), exercises, "{dataset}");
        let listed = page(&site, "equipment/unknown").matches("<li").count();
        assert!(
            listed >= unknown,
            "{dataset}: {listed} listed under equipment not known"
        );
        // The finder offers no exercise of unknown equipment as needing nothing.
        let index = page(&site, "exercises");
        let items = index.split("<li data-muscles").skip(1);
        let not_known = items
            .filter(|li| li.contains("data-equipment=\"unknown\""))
            .count();
        assert_eq!(not_known, unknown, "{dataset}");
    }
}

#[test]
fn importing_again_keeps_what_was_edited_and_replaces_the_rest() {
    let tmp = TempDir::new("import-again");
    let data = tmp.join("data");
    copy_dir(&fixture("free-exercise-db"), &data);
    let guide = tmp.join("guide");
    let run_import = || {
        import(&[
            OsStr::new("free-exercise-db"),
            data.join("exercises.json").as_os_str(),
            OsStr::new("--out"),
            guide.as_os_str(),
        ])
    };
    run_import().expect_clean();
    let page_of = |slug: &str| guide.join(format!("content/exercises/{slug}.md"));
    // Edit one page, remove another, add one of the user's own, change site.yaml.
    let edited = read(page_of("ab-roller")).replace("Hold the Ab Roller", "Hold the wheel");
    assert_ne!(edited, read(page_of("ab-roller")));
    write(page_of("ab-roller"), &edited);
    fs::remove_file(page_of("adductor")).unwrap();
    write(
        guide.join("content/exercises/my-row.md"),
        "---\ntitle: My Row\nmuscles:\n  primary: [lats]\n---\n",
    );
    write(guide.join("site.yaml"), "title: My guide\n");
    // The data set changes: a text, two names (one of an edited page), an entry gone.
    let json = read(data.join("exercises.json"))
        .replace("Lie down on the floor", "Lie on the floor")
        .replace(
            "\"name\": \"3/4 Sit-Up\"",
            "\"name\": \"Three-Quarter Sit-Up\"",
        )
        .replace("\"name\": \"Ab Roller\"", "\"name\": \"Ab Wheel\"");
    let mut entries: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    entries.retain(|e| e["id"] != "Iron_Cross");
    write(
        data.join("exercises.json"),
        serde_json::to_string(&entries).unwrap(),
    );

    let run = run_import();
    run.expect_clean();
    assert!(
        run.stdout.contains(
            "    1 kept, as they were edited since the last import: content/exercises/ab-roller.md"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("    1 kept, as they carry no hash of an import (site.yaml is written only where there is none): site.yaml"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("    1 written over an earlier import, unedited since"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("    1 pages of an earlier import whose entry the data set no longer has: kept (content/exercises/iron-cross.md)"), "{}", run.stdout);
    assert_eq!(read(page_of("ab-roller")), edited);
    // Each entry is written over its own page, whatever its name gives now.
    assert!(!page_of("ab-wheel").exists() && !page_of("three-quarter-sit-up").exists());
    let sit_up = read(page_of("3-4-sit-up"));
    assert!(
        sit_up.contains("1. Lie on the floor") && sit_up.contains("title: Three-Quarter Sit-Up")
    );
    assert!(page_of("iron-cross").is_file());
    assert!(
        page_of("adductor").is_file(),
        "a removed page is written again"
    );
    assert_eq!(read(guide.join("site.yaml")), "title: My guide\n");
    assert!(guide.join("content/exercises/my-row.md").is_file());
    let site = built(&guide);
    assert!(page(&site, "exercises/ab-roller").contains("Hold the wheel"));
}

#[test]
fn bad_input_is_an_error_that_writes_nothing() {
    let tmp = TempDir::new("import-bad");
    let not_json = tmp.join("not-json.json");
    write(&not_json, "<html>Not found</html>");
    let wrong_shape = tmp.join("object.json");
    write(&wrong_shape, "{\"exercises\": []}");
    let wger_wrong = tmp.join("wger");
    copy_dir(&fixture("wger"), &wger_wrong);
    write(
        wger_wrong.join("muscles.json"),
        "[{\"model\": \"exercises.muscle\", \"pk\": 1, \"fields\": {\"title\": \"Biceps\"}}]",
    );
    let wger_missing = tmp.join("wger-missing");
    copy_dir(&fixture("wger"), &wger_missing);
    fs::remove_file(wger_missing.join("translations.json")).unwrap();
    let missing = tmp.join("missing.json");
    let cases: [(&str, &Path, &str); 5] = [
        ("free-exercise-db", &not_json, "not-json.json: not JSON (expected value at line 1 column 1); expected free-exercise-db's exercises.json"),
        ("free-exercise-db", &wrong_shape, "object.json: not free-exercise-db's exercises.json (an array of exercises"),
        ("free-exercise-db", &missing, "missing.json: No such file or directory"),
        ("wger", &wger_wrong, "muscles.json: not a wger fixture: exercises.muscle 1: missing field `name`"),
        ("wger", &wger_missing, "not wger's fixture folder: translations.json missing"),
    ];
    // Into a new folder and into a guide already there: neither changes.
    let existing = tmp.join("existing");
    import(&[
        OsStr::new("free-exercise-db"),
        fixture("free-exercise-db/exercises.json").as_os_str(),
        OsStr::new("--out"),
        existing.as_os_str(),
    ])
    .expect_clean();
    let before = tree(&existing);
    for (dataset, input, message) in cases {
        for out in [tmp.join("new"), existing.clone()] {
            let run = import(&[
                OsStr::new(dataset),
                input.as_os_str(),
                OsStr::new("--out"),
                out.as_os_str(),
            ]);
            assert_eq!(run.code, 1, "{run:?}");
            assert!(run.stderr.contains(message), "{message}\n{}", run.stderr);
            assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
            if message.contains("No such file") {
                assert!(
                    run.stderr.starts_with("error: cannot read "),
                    "{}",
                    run.stderr
                );
            }
            assert!(
                run.stderr.ends_with("nothing was written\n"),
                "{}",
                run.stderr
            );
            assert!(run.stdout.is_empty());
        }
        assert!(!tmp.join("new").exists());
        assert_eq!(tree_diff(&before, &tree(&existing)), "");
    }
    // No folder is left beside the output either.
    let names: Vec<String> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains("spotter-import")),
        "{names:?}"
    );
}
