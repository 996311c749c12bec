//! Programs, log sheets and cards: a small guide with two programs built end to end, the
//! pages asserted on; the warning of a placeholder `base_url`; and `spotter serve` keeping the
//! site the full build's while programs and the workouts they name are edited, added and
//! removed.

use std::fs;
use std::path::Path;

use crate::common::{assert_full_build, build, check, options, read, write, TempDir};
use spotter::internals::{LiveSite, Outcome};

const SITE: &str = "title: Pencil Gym\nbase_url: https://pencil-gym.org/\n";

/// A row working the rhomboids (and the biceps as a helper) and a push-up.
const ROW: &str = "---\ntitle: Band Row\nmuscles: {primary: [rhomboids], secondary: [biceps]}\nequipment: [resistance band]\nsets: {sets: 3, reps: 10, rest: 45s}\n---\nPull.\n";
const PUSH_UP: &str = "---\ntitle: Push-up\nmuscles: {primary: [pectoralis major]}\n---\nPush.\n";

/// Two rounds of three sets of rows: 6 sets of rhomboids, 6 of biceps as a helper.
fn circuit() -> String {
    "---\ntitle: Row Circuit\nrounds: 2\nrest_between_rounds: 60s\nexercises:\n  - exercise: band-row\n    sets: 3\n    reps: 10\n  - exercise: push-up\n    reps: 8\n---\n".to_string()
}

/// One round: straight sets.
fn straight() -> String {
    "---\ntitle: Straight Rows\nexercises:\n  - exercise: band-row\n    sets: 3\n    reps: 12\n    note: slow on the way back\n---\n".to_string()
}

const UNUSED: &str =
    "---\ntitle: Push Day\nexercises:\n  - exercise: push-up\n    sets: 2\n    reps: 10\n---\n";

/// Week 1: the circuit twice; week 2 the same; week 3 the circuit once and straight rows once.
const BLOCK: &str = "---\ntitle: Row Block\nsummary: Three weeks of rows.\nlevel: beginner\nweeks:\n  - [row-circuit, rest, {workout: row-circuit, note: lighter band}]\n  - same: 1\n  - days: [straight-rows, rest, row-circuit]\n    note: Heavier band.\n---\nRow often.\n";

fn guide(root: &Path) {
    write(root.join("site.yaml"), SITE);
    write(root.join("content/exercises/band-row.md"), ROW);
    write(root.join("content/exercises/push-up.md"), PUSH_UP);
    write(root.join("content/workouts/row-circuit.md"), circuit());
    write(root.join("content/workouts/straight-rows.md"), straight());
    write(root.join("content/workouts/push-day.md"), UNUSED);
    write(root.join("content/programs/row-block.md"), BLOCK);
}

fn built(tmp: &TempDir) -> std::path::PathBuf {
    let root = tmp.join("guide");
    guide(&root);
    let out = tmp.join("out");
    build(&root, &out, &[]).expect_clean();
    out
}

fn page(out: &Path, rel: &str) -> String {
    read(out.join(rel).join("index.html"))
}

/// The text between the first `from` after `after` and the next `to`.
fn cut<'a>(html: &'a str, after: &str, to: &str) -> &'a str {
    let start = html
        .find(after)
        .unwrap_or_else(|| panic!("no {after:?} in the page"));
    let rest = &html[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

#[test]
fn a_program_has_its_grid_its_equipment_and_its_weekly_sets() {
    let tmp = TempDir::new("programs-build");
    let out = built(&tmp);
    let index = page(&out, "programs");
    assert!(index.contains("href=\"/programs/row-block/\""), "{index}");
    assert!(
        index.contains("3 weeks") && index.contains("6 sessions"),
        "{index}"
    );

    let p = page(&out, "programs/row-block");
    let grid = cut(&p, "class=\"program-grid\"", "</table>");
    assert_eq!(
        grid.matches("<tr>").count(),
        4,
        "a header and three weeks: {grid}"
    );
    assert_eq!(grid.matches("program-rest\"").count(), 3, "{grid}");
    assert_eq!(
        grid.matches("href=\"/workouts/row-circuit/\"").count(),
        5,
        "{grid}"
    );
    assert!(grid.contains("as week 1"), "{grid}");
    assert!(
        grid.contains("lighter band") && grid.contains("Heavier band."),
        "{grid}"
    );
    assert!(p.contains("href=\"/equipment/resistance-band/\""));
    assert!(p.contains("href=\"/programs/row-block/sheet/\""));

    // Rhomboids: 12 sets in weeks 1 and 2 (two circuits), 9 in week 3 (3 + 6): 11 on average.
    let sets = cut(&p, "class=\"sets-table\"", "</table>");
    let row = cut(sets, "/muscles/rhomboids/", "</tr>");
    assert!(
        row.contains("<td>12</td><td>12</td><td>9</td>")
            && row.contains("<td><strong>11</strong></td>"),
        "{row}"
    );
    // Biceps only help: the primary sets are 0, in brackets.
    let row = cut(sets, "/muscles/biceps/", "</tr>");
    assert!(
        row.contains("<td>12 <span class=\"muted\">(0)</span></td>"),
        "{row}"
    );

    // The body map of an average week says the same numbers: rhomboids lit as a primary
    // mover, the biceps hatched as a helper.
    let map = cut(&p, "class=\"program-map\"", "</figure>");
    assert!(map.contains("Sets per muscle in an average week"), "{map}");
    let helping = cut(map, "Helping only", ".");
    assert!(helping.contains("Biceps ("), "{helping}");
    let primary = cut(map, "Primary: ", ".");
    assert!(primary.contains("Rhomboids (11 sets)"), "{primary}");
    assert!(map.contains("href=\"/muscles/rhomboids/\""), "{map}");

    // The nav links to the programs.
    let home = read(out.join("index.html"));
    assert!(home.contains("href=\"/programs/\""));
}

#[test]
fn workouts_list_the_programs_that_use_them() {
    let tmp = TempDir::new("programs-workouts");
    let out = built(&tmp);
    let used = page(&out, "workouts/straight-rows");
    let programs = cut(&used, "id=\"programs-heading\"", "</section>");
    assert!(
        programs.contains("href=\"/programs/row-block/\""),
        "{programs}"
    );
    let unused = page(&out, "workouts/push-day");
    assert!(!unused.contains("programs-heading"), "{unused}");
}

#[test]
fn a_guide_without_programs_has_no_programs_page_nor_link() {
    let tmp = TempDir::new("programs-none");
    let root = tmp.join("guide");
    guide(&root);
    fs::remove_file(root.join("content/programs/row-block.md")).unwrap();
    let out = tmp.join("out");
    build(&root, &out, &[]).expect_clean();
    assert!(!out.join("programs").exists());
    assert!(!read(out.join("index.html")).contains("/programs/"));
}

#[test]
fn the_sitemap_and_the_search_index_have_programs_sheets_and_logs() {
    let tmp = TempDir::new("programs-sitemap");
    let out = built(&tmp);
    let sitemap = read(out.join("sitemap.xml"));
    for url in [
        "https://pencil-gym.org/programs/",
        "https://pencil-gym.org/programs/row-block/",
        "https://pencil-gym.org/programs/row-block/sheet/",
        "https://pencil-gym.org/cards/push-day/log/",
    ] {
        assert!(sitemap.contains(&format!("<loc>{url}</loc>")), "{url}");
    }
    let index: serde_json::Value =
        serde_json::from_str(&read(out.join("search-index.json"))).unwrap();
    let entries = index
        .as_array()
        .or_else(|| index["entries"].as_array())
        .unwrap();
    let program = entries
        .iter()
        .find(|e| e["kind"] == "program")
        .expect("a program entry");
    assert_eq!(program["url"], "/programs/row-block/");
    assert_eq!(program["level"], "beginner");
}

#[test]
fn a_log_sheet_has_a_row_per_set_and_two_boxes_per_session() {
    let tmp = TempDir::new("programs-log");
    let out = built(&tmp);
    let log = page(&out, "cards/row-circuit/log");
    // Two rounds of three sets of rows, and two rounds of one push-up set.
    assert_eq!(log.matches("class=\"log-set\"").count(), 8, "{log}");
    let rows = cut(&log, "Band Row", "</tbody>");
    assert!(rows.contains("Round 2, set 3"), "{rows}");
    let first = cut(&log, "class=\"log-set\"", "</tr>");
    assert_eq!(first.matches("log-load").count(), 6);
    assert_eq!(first.matches("log-reps").count(), 6);
    assert!(
        log.contains("@page { size: 210mm 297mm; margin: 0; }"),
        "A4 by default"
    );
    // Linked from the workout's page and its card.
    assert!(page(&out, "workouts/row-circuit").contains("href=\"/cards/row-circuit/log/\""));
    assert!(page(&out, "cards/row-circuit").contains("href=\"/cards/row-circuit/log/\""));
    let straight = page(&out, "cards/straight-rows/log");
    assert!(straight.contains("Set 3") && straight.contains("Straight sets"));
}

#[test]
fn the_program_sheet_prints_on_the_sheet_size() {
    let tmp = TempDir::new("programs-sheet");
    let root = tmp.join("guide");
    guide(&root);
    write(
        root.join("site.yaml"),
        format!("{SITE}sheet_size: Letter\n"),
    );
    let out = tmp.join("out");
    build(&root, &out, &[]).expect_clean();
    let sheet = page(&out, "programs/row-block/sheet");
    assert!(
        sheet.contains("@page { size: 215.9mm 279.4mm; margin: 0; }"),
        "{sheet}"
    );
    assert_eq!(sheet.matches("class=\"ps-box\"").count(), 6);
    assert!(sheet.contains("Pencil Gym"));
}

#[test]
fn cards_name_the_site_the_rest_between_sets_and_straight_sets() {
    let tmp = TempDir::new("programs-cards");
    let out = built(&tmp);
    let straight = page(&out, "cards/straight-rows");
    let card = cut(&straight, "<article class=\"wcard", "</article>");
    assert!(card.contains("Pencil Gym"), "{card}");
    assert!(card.contains("Straight sets"), "{card}");
    assert!(!card.contains("1 round"), "{card}");
    assert!(card.contains("rest 45 s between sets"), "{card}");
    // One short item: the type grows into the card.
    let scale: f64 = cut(card, "--scale: ", ";")["--scale: ".len()..]
        .parse()
        .unwrap();
    assert!(scale > 1.0, "{scale}");
    let circuit = page(&out, "cards/row-circuit");
    assert!(circuit.contains("<strong>2</strong> rounds"), "{circuit}");
    // The workout's page says no "Rest between rounds: None" of straight sets.
    let w = page(&out, "workouts/straight-rows");
    assert!(!w.contains("Rest between rounds") && w.contains("Straight sets"));
}

#[test]
fn a_loopback_or_example_base_url_is_warned_of() {
    let tmp = TempDir::new("programs-base-url");
    let root = tmp.join("guide");
    guide(&root);
    for (url, what, other) in [
        (
            "http://127.0.0.1:1111/",
            "a loopback address",
            "http://localhost:8000/",
        ),
        (
            "https://my-guide.example/",
            "an address reserved for examples",
            "https://staging.example/",
        ),
    ] {
        write(
            root.join("site.yaml"),
            format!("title: Pencil Gym\nbase_url: {url}\n"),
        );
        let run = build(&root, &tmp.join("out"), &[]);
        run.expect_code(0);
        let marks = "^".repeat(url.len());
        assert_eq!(
            run.stderr,
            format!("site.yaml:2:11: warning: base_url {url} is {what}: the QR code on every workout card, and every link in the feed and the sitemap, would lead nowhere for a reader\n 2 | base_url: {url}\n   |           {marks}\n = hint: set `base_url:` in site.yaml to where the site will be published, or build with `--base-url URL`\n\n")
        );
        assert_eq!(check(&root).stderr, run.stderr, "check says it too");
        // Given on the command line, it is told of there.
        let run = build(&root, &tmp.join("out"), &["--base-url", other]);
        assert!(
            run.stderr
                .starts_with(&format!("--base-url: warning: base_url {other} is {what}:"))
                && run.stderr.contains(
                    "= hint: give --base-url the address where the site will be published"
                ),
            "{}",
            run.stderr
        );
        // A real address given for the build is not warned of.
        build(
            &root,
            &tmp.join("out"),
            &["--base-url", "https://pencil-gym.org/"],
        )
        .expect_clean();
    }
    // Not written at all: serve's own address, and site.yaml is told to say one.
    write(root.join("site.yaml"), "title: Pencil Gym\n");
    let run = build(&root, &tmp.join("out"), &[]);
    assert!(
        run.stderr.starts_with(
            "site.yaml: warning: base_url http://127.0.0.1:1111/ is a loopback address:"
        ) && run
            .stderr
            .contains("= hint: add `base_url:` to site.yaml with where the site will be published"),
        "{}",
        run.stderr
    );
}

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// A random program over `workouts`: 1 to 4 weeks of 1 to 7 days, some `same:` an earlier
/// week, some days with notes.
fn random_program(rng: &mut Rng, title: &str, workouts: &[&str]) -> String {
    let mut text = format!("---\ntitle: {title}\nweeks:\n");
    let weeks = 1 + rng.below(4);
    for w in 0..weeks {
        if w > 0 && rng.below(3) == 0 {
            text.push_str(&format!("  - same: {}\n", 1 + rng.below(w)));
            continue;
        }
        let days: Vec<String> = (0..1 + rng.below(7))
            .map(|d| match rng.below(4) {
                0 => "rest".to_string(),
                1 => format!(
                    "{{workout: {}, note: day {d}}}",
                    workouts[rng.below(workouts.len())]
                ),
                _ => workouts[rng.below(workouts.len())].to_string(),
            })
            .collect();
        text.push_str(&format!("  - days: [{}]\n", days.join(", ")));
        if rng.below(2) == 0 {
            text.push_str(&format!("    note: week {w} note\n"));
        }
    }
    text.push_str("---\nA program.\n");
    text
}

/// `spotter serve` after edits to programs and to the workouts they name, programs added and
/// removed, a workout added with a program naming it in the same save, and a mistake in
/// between: after each, the served site is the one a full build makes.
#[test]
fn served_programs_follow_edits_as_a_full_build_does() {
    let tmp = TempDir::new("programs-serve");
    let root = tmp.join("guide");
    guide(&root);
    check(&root).expect_clean();
    let (mut site, _, warnings) = LiveSite::build(options(&root, &tmp.join("live")))
        .unwrap_or_else(|f| panic!("the guide does not build: {f:?}"));
    assert!(warnings.is_empty(), "{warnings:?}");
    let content = fs::canonicalize(&root).unwrap().join("content");
    let mut rng = Rng(0x5EED_2024);
    let step = |site: &mut LiveSite, rels: &[&str], what: &str, fails: bool| {
        let paths: Vec<_> = rels
            .iter()
            .map(|rel| rel.split('/').fold(content.clone(), |p, c| p.join(c)))
            .collect();
        match (site.update(&paths), fails) {
            (Outcome::Failed(_), true) => return,
            (Outcome::Failed(d), false) => panic!("{what}: {d:?}"),
            (other, true) => panic!("{what}: a mistake gave {other:?}"),
            _ => {}
        }
        let full = tmp.join("full");
        assert_full_build(&root, site.dir(), &full, what);
        let _ = fs::remove_dir_all(&full);
    };
    let workouts = ["row-circuit", "straight-rows", "push-day"];
    for n in 0..12 {
        let rel = "programs/row-block.md";
        match n % 4 {
            0 | 1 => {
                let text = random_program(&mut rng, "Row Block", &workouts);
                write(content.join(rel), &text);
                step(
                    &mut site,
                    &[rel],
                    &format!("step {n}: program edited to {text}"),
                    false,
                );
            }
            2 => {
                // A workout the program names changes what it works, and its title.
                let sets = 1 + rng.below(5);
                let text = circuit()
                    .replace("sets: 3", &format!("sets: {sets}"))
                    .replace("Row Circuit", &format!("Row Circuit {n}"));
                write(content.join("workouts/row-circuit.md"), &text);
                step(
                    &mut site,
                    &["workouts/row-circuit.md"],
                    &format!("step {n}: workout edited"),
                    false,
                );
            }
            _ => {
                // A second program comes (sorting first, moving the other's id), or goes.
                let added = "programs/a-first.md";
                if content.join(added).exists() {
                    fs::remove_file(content.join(added)).unwrap();
                    step(
                        &mut site,
                        &[added],
                        &format!("step {n}: program removed"),
                        false,
                    );
                } else {
                    let text = random_program(&mut rng, "A First", &workouts);
                    write(content.join(added), &text);
                    step(
                        &mut site,
                        &[added],
                        &format!("step {n}: program added: {text}"),
                        false,
                    );
                }
            }
        }
    }
    // A program naming a workout not there yet fails; the workout added in one save with it
    // builds.
    let rel = "programs/row-block.md";
    write(
        content.join(rel),
        BLOCK.replace("straight-rows", "new-rows"),
    );
    step(
        &mut site,
        &[rel],
        "a program naming a missing workout",
        true,
    );
    write(
        content.join("workouts/new-rows.md"),
        straight().replace("Straight Rows", "New Rows"),
    );
    step(
        &mut site,
        &["workouts/new-rows.md", rel],
        "the workout added",
        false,
    );
    // The program's workout removed and the program changed with it.
    fs::remove_file(content.join("workouts/new-rows.md")).unwrap();
    write(content.join(rel), BLOCK);
    step(
        &mut site,
        &["workouts/new-rows.md", rel],
        "the workout removed",
        false,
    );
    // Every program removed: the index and the nav link go.
    fs::remove_file(content.join(rel)).unwrap();
    let _ = fs::remove_file(content.join("programs/a-first.md"));
    step(
        &mut site,
        &[rel, "programs/a-first.md"],
        "every program removed",
        false,
    );
    assert!(!site.dir().join("programs").exists());
}

#[test]
fn the_programs_index_shows_its_introduction() {
    let tmp = TempDir::new("programs-intro");
    let root = tmp.join("guide");
    guide(&root);
    write(
        root.join("content/programs/_index.md"),
        "---\ntitle: Training Plans\n---\nPick one and print its sheet.\n",
    );
    let out = tmp.join("out");
    build(&root, &out, &[]).expect_clean();
    let index = page(&out, "programs");
    assert!(index.contains("<h1>Training Plans</h1>"), "{index}");
    assert!(index.contains("Pick one and print its sheet."), "{index}");
    assert!(read(out.join("index.html")).contains("href=\"/programs/\">Training Plans"));
}

#[test]
fn new_program_writes_a_draft_over_the_guides_first_workout() {
    let tmp = TempDir::new("programs-new");
    let root = tmp.join("guide");
    guide(&root);
    let run = crate::common::spotter(["new", "program", "Band Month"], Some(&root));
    run.expect_code(0);
    let text = read(root.join("content/programs/band-month.md"));
    assert!(text.contains("draft: true"), "{text}");
    assert!(text.contains("  - [push-day, rest, push-day"), "{text}");
    // A draft: built with --drafts, it is a program of three weeks.
    let out = tmp.join("out");
    build(&root, &out, &["--drafts"]).expect_code(0);
    let p = page(&out, "programs/band-month");
    assert!(p.contains("Week 3") && p.contains("as week 1"), "{p}");
}
