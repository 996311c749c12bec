//! The keys an importer writes, as any guide may write them by hand: `variations`, a text's
//! `credit` and its `source`, and `equipment: unknown`. Each is built into a small guide and
//! read back from the pages.

use std::path::Path;

use crate::common::{build, read, write, TempDir};

/// Writes `content/REL` for each of `files` (front matter without its fences, then a body).
fn guide(root: &Path, files: &[(&str, &str)]) {
    for (rel, matter) in files {
        write(
            root.join("content").join(rel),
            format!("---\n{matter}\n---\nKeep the chest up.\n"),
        );
    }
}

/// Builds `root` into `root/public` for an address of its own (the default one, a loopback
/// address, is warned of), which must succeed without a word on stderr.
fn built(root: &Path) -> std::path::PathBuf {
    let out = root.join("public");
    build(root, &out, &["--base-url", "https://imported-keys.org/"]).expect_clean();
    out
}

fn page(out: &Path, rel: &str) -> String {
    read(out.join(rel).join("index.html"))
}

/// The part of `html` from the "Variations" heading to the end of its section.
fn variations(html: &str) -> &str {
    let Some(start) = html.find("id=\"variations-heading\"") else {
        return "";
    };
    let rest = &html[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

#[test]
fn a_variation_written_on_one_side_shows_on_both_pages_apart_from_the_ladder() {
    let tmp = TempDir::new("variations");
    let row = "muscles:\n  primary: [rhomboids]\nequipment: [resistance band]";
    guide(
        tmp.path(),
        &[
            (
                "exercises/band-row.md",
                &format!("title: Band Row\n{row}\nvariations: [wide-grip-band-row]"),
            ),
            (
                "exercises/wide-grip-band-row.md",
                &format!("title: Wide-grip Band Row\n{row}\nregressions: [easy-row]"),
            ),
            ("exercises/easy-row.md", &format!("title: Easy Row\n{row}")),
        ],
    );
    let out = built(tmp.path());
    let band = page(&out, "exercises/band-row");
    assert!(
        variations(&band).contains("href=\"/exercises/wide-grip-band-row/\""),
        "{band}"
    );
    // The other side shows it too, though its file does not list it; its ladder stays its own.
    let wide = page(&out, "exercises/wide-grip-band-row");
    let listed = variations(&wide);
    assert!(listed.contains("href=\"/exercises/band-row/\""), "{wide}");
    assert!(!listed.contains("easy-row"), "{listed}");
    assert!(wide.contains("ladder-easier"));
    // An exercise with no variation shows no such section.
    assert_eq!(variations(&page(&out, "exercises/easy-row")), "");
}

#[test]
fn a_text_credit_and_its_source_show_under_the_body_of_every_kind_of_page() {
    let tmp = TempDir::new("credits");
    let credit = "credit: {author: Ana Ruiz, license: CC-BY-SA-4.0, source: \"https://example.org/row\"}\nsource: {dataset: wger, id: \"31\", url: \"https://wger.de/exercise/31/view-base\"}";
    guide(
        tmp.path(),
        &[
            (
                "exercises/band-row.md",
                &format!("title: Band Row\nmuscles:\n  primary: [rhomboids]\n{credit}"),
            ),
            (
                "workouts/rows.md",
                &format!("title: Rows\nexercises:\n  - exercise: band-row\n{credit}"),
            ),
            ("blog/2024-05-01-rows.md", &format!("title: Rows\n{credit}")),
            ("about.md", &format!("title: About\n{credit}")),
            ("muscles/rhomboids.md", credit),
            ("equipment/towel.md", &format!("title: Towel\n{credit}")),
            (
                "exercises/plain-row.md",
                "title: Plain Row\nmuscles:\n  primary: [rhomboids]",
            ),
        ],
    );
    let out = built(tmp.path());
    for rel in [
        "exercises/band-row",
        "workouts/rows",
        "blog/rows",
        "about",
        "muscles/rhomboids",
        "equipment/towel",
    ] {
        let html = page(&out, rel);
        let line = html
            .split("<p class=\"credit-line\">")
            .nth(1)
            .unwrap_or_else(|| panic!("{rel} has no credit line:\n{html}"));
        let line = &line[..line.find("</p>").unwrap()];
        for part in [
            "by Ana Ruiz",
            "<a rel=\"license\" href=\"https://spdx.org/licenses/CC-BY-SA-4.0.html\">CC-BY-SA-4.0</a>",
            "<a href=\"https://example.org/row\">https://example.org/row</a>",
            "<a href=\"https://wger.de/exercise/31/view-base\">wger #31</a>",
        ] {
            assert!(line.contains(part), "{rel}: {part} not in {line}");
        }
    }
    // A page that credits nothing shows no line.
    assert!(!page(&out, "exercises/plain-row").contains("credit-line"));
    // /credits/ lists each credited text, with its page, and no page that credits nothing; the
    // footer of every page links to it.
    let credits = page(&out, "credits");
    for rel in ["exercises/band-row", "workouts/rows", "blog/rows", "about"] {
        assert!(
            credits.contains(&format!("<strong>Text:</strong> <a href=\"/{rel}/\">")),
            "{rel} not on /credits/:\n{credits}"
        );
    }
    assert_eq!(credits.matches("By Ana Ruiz").count(), 6, "{credits}");
    assert!(!credits.contains("/exercises/plain-row/"), "{credits}");
    assert!(page(&out, "exercises/plain-row").contains("href=\"/credits/\""));
}

#[test]
fn equipment_not_known_is_neither_bodyweight_nor_offered_as_needing_nothing() {
    let tmp = TempDir::new("unknown-equipment");
    guide(
        tmp.path(),
        &[
            (
                "exercises/sled-push.md",
                "title: Sled Push\nmuscles:\n  primary: [quadriceps]\nequipment: unknown",
            ),
            (
                "exercises/squat.md",
                "title: Squat\nmuscles:\n  primary: [quadriceps]",
            ),
        ],
    );
    let out = built(tmp.path());
    let bodyweight = page(&out, "equipment/none");
    assert!(bodyweight.contains("/exercises/squat/"));
    assert!(
        !bodyweight.contains("/exercises/sled-push/"),
        "{bodyweight}"
    );
    let unknown = page(&out, "equipment/unknown");
    assert!(unknown.contains("/exercises/sled-push/"), "{unknown}");
    let sled = page(&out, "exercises/sled-push");
    assert!(sled.contains("Equipment not known"), "{sled}");
    // The finder reads `unknown`, which no "equipment I own" box offers.
    let index = page(&out, "exercises");
    let item = index
        .split("<li ")
        .skip(1)
        .find(|li| li.contains("/exercises/sled-push/"))
        .unwrap();
    assert!(item.contains("data-equipment=\"unknown\""), "{item}");
    assert!(!index.contains("name=\"own\" value=\"unknown\""));
}
