//! End-to-end builds of fixture guides (`tests/fixtures/`) with the default theme, and
//! assertions on the pages they give.
//!
//! `tests/fixtures/small/` is a small guide that uses every feature once: exercises in
//! sub-folders, a custom muscle and a piece of equipment, a muscle file overriding a built-in
//! entry, names written as aliases (`lats`, `Latissimus Dorsi`, `body only`), a one-way ladder,
//! a workout, two dated posts, a page, a home page text and a draft.
//!
//! Assertions read links (`href` values, entities decoded) rather than markup where they can,
//! so that they hold whatever the theme's classes are; where order on a page matters they
//! cut the page at the default theme's landmarks, named in one place below.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{
    self, assert_full_build, build, check_and_build, copy_dir, options, read, spotter, tree,
    tree_diff, write, Node, TempDir,
};

// The default theme's landmarks these tests cut pages at.
/// Start of the "easier" rung of an exercise's ladder.
const LADDER_EASIER: &str = "ladder-easier";
/// The current exercise's rung of the ladder.
const LADDER_CURRENT: &str = "ladder-current";
/// Start of the "harder" rung of the ladder.
const LADDER_HARDER: &str = "ladder-harder";
/// Heading of a muscle page's primary list.
const MUSCLE_PRIMARY: &str = "id=\"primary-heading\"";
/// Heading of a muscle page's secondary list.
const MUSCLE_SECONDARY: &str = "id=\"secondary-heading\"";

/// A built site in a scratch folder.
struct Site {
    _tmp: TempDir,
    out: PathBuf,
    stderr: String,
}

impl Site {
    /// The HTML of the page at the site path `url` (`/exercises/band-row/`).
    fn page(&self, url: &str) -> String {
        let rel = url.trim_start_matches('/');
        let path = if rel.is_empty() || rel.ends_with('/') {
            self.out.join(rel).join("index.html")
        } else {
            self.out.join(rel)
        };
        assert!(
            path.is_file(),
            "{url} was not built; the output has:\n{}",
            common::files(&self.out).join("\n")
        );
        read(path)
    }

    /// Whether the page at `url` exists.
    fn has(&self, url: &str) -> bool {
        let rel = url.trim_start_matches('/');
        self.out.join(rel).join("index.html").is_file() || self.out.join(rel).is_file()
    }

    /// Every file of the output with its text (lossily decoded).
    fn texts(&self) -> BTreeMap<String, String> {
        tree(&self.out)
            .into_iter()
            .filter_map(|(p, n)| match n {
                Node::File(b) => Some((p, String::from_utf8_lossy(&b).into_owned())),
                _ => None,
            })
            .collect()
    }
}

fn fixture(name: &str) -> PathBuf {
    common::tests_dir().join("fixtures").join(name)
}

/// Builds the guide at `root` into a scratch folder; the build must succeed.
fn build_root(root: &Path, tmp: TempDir, extra: &[&str]) -> Site {
    let out = tmp.join("out");
    let run = build(root, &out, extra);
    run.expect_code(0);
    Site {
        out,
        stderr: run.stderr,
        _tmp: tmp,
    }
}

/// Builds `tests/fixtures/NAME` as it is.
fn build_fixture(name: &str, extra: &[&str]) -> Site {
    build_root(&fixture(name), TempDir::new(&format!("it-{name}")), extra)
}

/// Copies `tests/fixtures/NAME`, lets `edit` change the copy, and builds it.
fn build_edited(name: &str, extra: &[&str], edit: impl FnOnce(&Path)) -> Site {
    let tmp = TempDir::new(&format!("it-{name}-edited"));
    let root = tmp.join("guide");
    copy_dir(&fixture(name), &root);
    edit(&root);
    build_root(&root, tmp, extra)
}

/// Decodes the character references an attribute value may hold.
fn decode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';') else { break };
        let entity = &rest[1..end];
        let ch = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The values of every `NAME="..."` attribute in `html`, decoded, in order.
fn attrs(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        found.push(decode(&rest[..end]));
        rest = &rest[end..];
    }
    found
}

/// The `href`s of `html`, decoded.
fn hrefs(html: &str) -> Vec<String> {
    attrs(html, "href")
}

/// The part of `html` from the first `start` to the next `end` after it (or the end).
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in the page"));
    let rest = &html[from..];
    match rest[start.len()..].find(end) {
        Some(i) => &rest[..start.len() + i],
        None => rest,
    }
}

/// Panics unless `html` links to every one of `urls`.
fn assert_links(html: &str, urls: &[&str], page: &str) {
    let links = hrefs(html);
    for url in urls {
        assert!(
            links.iter().any(|l| l == url),
            "{page} does not link to {url}; it links to:\n{}",
            links.join("\n")
        );
    }
}

/// Panics if `html` links to any of `urls`.
fn assert_no_links(html: &str, urls: &[&str], page: &str) {
    let links = hrefs(html);
    for url in urls {
        assert!(
            !links.iter().any(|l| l == url),
            "{page} should not link to {url}"
        );
    }
}

/// Where `url` is first linked in `html`.
fn link_position(html: &str, url: &str) -> Option<usize> {
    let mut offset = 0;
    let needle = " href=\"";
    while let Some(i) = html[offset..].find(needle) {
        let start = offset + i + needle.len();
        let end = start + html[start..].find('"').unwrap_or(0);
        if decode(&html[start..end]) == url {
            return Some(start);
        }
        offset = end;
    }
    None
}

// --- Exercises ------------------------------------------------------------------------------

#[test]
fn each_exercise_has_its_page_linking_its_muscles_and_equipment() {
    let site = build_fixture("small", &[]);
    assert!(
        site.stderr.is_empty(),
        "the fixture builds with warnings:\n{}",
        site.stderr
    );
    for slug in [
        "band-pull-apart",
        "band-row",
        "inverted-row",
        "superman",
        "kettlebell-row",
        "ez-bar-pullover",
    ] {
        assert!(
            site.has(&format!("/exercises/{slug}/")),
            "/exercises/{slug}/ was not built"
        );
    }
    // Sub-folders do not show in URLs.
    assert!(!site.has("/exercises/bands/band-row/"));

    // `lats` and `rhomboid` are aliases; `door strap` is an alias from a content file.
    let band_row = site.page("/exercises/band-row/");
    assert_links(
        &band_row,
        &[
            "/muscles/latissimus-dorsi/",
            "/muscles/rhomboids/",
            "/muscles/biceps/",
            "/equipment/resistance-band/",
            "/equipment/door-anchor/",
        ],
        "/exercises/band-row/",
    );
    // `Latissimus Dorsi` (a title, in another case) is the same muscle as `lats`.
    let inverted = site.page("/exercises/inverted-row/");
    assert_links(
        &inverted,
        &[
            "/muscles/latissimus-dorsi/",
            "/muscles/rhomboids/",
            "/muscles/posterior-deltoid/",
            "/equipment/none/",
        ],
        "/exercises/inverted-row/",
    );
    // Instructions, prescription and summary are on the page.
    assert!(inverted.contains("Hang under a sturdy table"));
    assert!(inverted.contains("Row your chest to a bar"));
    let pullover = site.page("/exercises/ez-bar-pullover/");
    assert_links(
        &pullover,
        &["/equipment/ez-curl-bar/", "/equipment/bench/"],
        "/exercises/ez-bar-pullover/",
    );
    // The exercise list links every exercise.
    let list = site.page("/exercises/");
    assert_links(
        &list,
        &[
            "/exercises/band-pull-apart/",
            "/exercises/band-row/",
            "/exercises/inverted-row/",
            "/exercises/superman/",
            "/exercises/kettlebell-row/",
            "/exercises/ez-bar-pullover/",
        ],
        "/exercises/",
    );
    // Posts and pages that link to or embed an exercise are listed on it.
    let pull_apart = site.page("/exercises/band-pull-apart/");
    assert_links(
        &pull_apart,
        &["/about/", "/blog/pull-aparts-daily/"],
        "/exercises/band-pull-apart/",
    );
    // Workouts that use it.
    assert_links(
        &band_row,
        &["/workouts/desk-break/"],
        "/exercises/band-row/",
    );
}

#[test]
fn the_ladder_shows_regressions_as_easier_and_the_inverse_as_harder() {
    let site = build_fixture("small", &[]);
    // inverted-row lists band-row as its regression: band-row is on its easier side.
    let inverted = site.page("/exercises/inverted-row/");
    let easier = between(&inverted, LADDER_EASIER, LADDER_CURRENT);
    assert_links(
        easier,
        &["/exercises/band-row/"],
        "inverted-row's easier rung",
    );
    // ... and nowhere after the current rung.
    let after_current = between(&inverted, LADDER_CURRENT, "</ol>");
    assert_no_links(
        after_current,
        &["/exercises/band-row/"],
        "inverted-row's harder rung",
    );

    // band-row lists nothing, yet shows inverted-row as harder.
    let band_row = site.page("/exercises/band-row/");
    let harder = between(&band_row, LADDER_HARDER, "</ol>");
    assert_links(
        harder,
        &["/exercises/inverted-row/"],
        "band-row's harder rung",
    );
    assert!(
        !band_row.contains(LADDER_EASIER),
        "band-row has no easier variant"
    );

    // A progression works the same way the other round.
    let kb = site.page("/exercises/kettlebell-row/");
    let harder = between(&kb, LADDER_HARDER, "</ol>");
    assert_links(
        harder,
        &["/exercises/ez-bar-pullover/"],
        "kettlebell-row's harder rung",
    );
    let pullover = site.page("/exercises/ez-bar-pullover/");
    let easier = between(&pullover, LADDER_EASIER, LADDER_CURRENT);
    assert_links(
        easier,
        &["/exercises/kettlebell-row/"],
        "ez-bar-pullover's easier rung",
    );

    // An exercise outside any ladder shows none.
    let superman = site.page("/exercises/superman/");
    assert!(!superman.contains(LADDER_EASIER) && !superman.contains(LADDER_HARDER));
}

// --- Muscles and equipment ------------------------------------------------------------------

#[test]
fn muscle_pages_list_primary_exercises_then_secondary_ones() {
    let site = build_fixture("small", &[]);
    let rhomboids = site.page("/muscles/rhomboids/");
    let primary = between(&rhomboids, MUSCLE_PRIMARY, MUSCLE_SECONDARY);
    assert_links(
        primary,
        &[
            "/exercises/band-pull-apart/",
            "/exercises/band-row/",
            "/exercises/inverted-row/",
        ],
        "rhomboids' primary list",
    );
    assert_no_links(
        primary,
        &["/exercises/kettlebell-row/"],
        "rhomboids' primary list",
    );
    let secondary = between(&rhomboids, MUSCLE_SECONDARY, "</section>");
    assert_links(
        secondary,
        &["/exercises/kettlebell-row/"],
        "rhomboids' secondary list",
    );
    assert_no_links(
        secondary,
        &["/exercises/band-row/"],
        "rhomboids' secondary list",
    );

    // Both spellings of the lats land on one page.
    let lats = site.page("/muscles/latissimus-dorsi/");
    let primary = between(&lats, MUSCLE_PRIMARY, "</section>");
    assert_links(
        primary,
        &[
            "/exercises/band-row/",
            "/exercises/inverted-row/",
            "/exercises/kettlebell-row/",
            "/exercises/ez-bar-pullover/",
        ],
        "the lats' primary list",
    );
    assert!(!site.has("/muscles/lats/"));
    // The muscle index links them.
    assert_links(
        &site.page("/muscles/"),
        &["/muscles/rhomboids/", "/muscles/latissimus-dorsi/"],
        "/muscles/",
    );
}

#[test]
fn content_files_override_and_extend_the_built_in_catalogue() {
    let site = build_fixture("small", &[]);
    // content/muscles/rhomboids.md overrides the built-in entry of that slug.
    let rhomboids = site.page("/muscles/rhomboids/");
    assert!(rhomboids.contains("FIXTURE-RHOMBOIDS-BODY"));
    assert!(rhomboids.contains("FIXTURE-RHOMBOIDS-SUMMARY"));
    assert!(rhomboids.contains("between the shoulder blades"));
    // A new muscle and a new piece of equipment have pages, linked from what uses them.
    let serratus = site.page("/muscles/serratus-posterior/");
    assert!(serratus.contains("FIXTURE-SERRATUS-POSTERIOR-BODY"));
    assert_links(
        &serratus,
        &["/exercises/kettlebell-row/"],
        "/muscles/serratus-posterior/",
    );
    let anchor = site.page("/equipment/door-anchor/");
    assert!(anchor.contains("FIXTURE-DOOR-ANCHOR-BODY"));
    assert_links(
        &anchor,
        &["/exercises/band-row/"],
        "/equipment/door-anchor/",
    );
}

#[test]
fn equipment_none_lists_the_bodyweight_exercises() {
    let site = build_fixture("small", &[]);
    let none = site.page("/equipment/none/");
    // superman names no equipment; inverted-row says `body only`.
    assert_links(
        &none,
        &["/exercises/superman/", "/exercises/inverted-row/"],
        "/equipment/none/",
    );
    assert_no_links(
        &none,
        &["/exercises/band-row/", "/exercises/kettlebell-row/"],
        "/equipment/none/",
    );
    let bands = site.page("/equipment/resistance-band/");
    assert_links(
        &bands,
        &["/exercises/band-pull-apart/", "/exercises/band-row/"],
        "/equipment/resistance-band/",
    );
    assert_links(
        &site.page("/equipment/"),
        &["/equipment/none/", "/equipment/resistance-band/"],
        "/equipment/",
    );
}

#[test]
fn free_exercise_db_vocabulary_resolves_without_content_files() {
    let tmp = TempDir::new("it-vocabulary");
    let root = tmp.join("guide");
    write(
        root.join("content/exercises/good-morning.md"),
        "---\ntitle: Good Morning\nmuscles:\n  primary: [lower back]\n  secondary: [middle back]\nequipment: [body only]\n---\n",
    );
    write(
        root.join("content/exercises/mixed-row.md"),
        "---\ntitle: Mixed Row\nmuscles:\n  primary: [middle back]\nequipment: [e-z curl bar, kettlebells, bands]\n---\n",
    );
    let site = build_root(&root, tmp, &[]);
    assert_links(
        &site.page("/exercises/good-morning/"),
        &[
            "/muscles/erector-spinae/",
            "/muscles/upper-back/",
            "/equipment/none/",
        ],
        "/exercises/good-morning/",
    );
    assert_links(
        &site.page("/exercises/mixed-row/"),
        &[
            "/muscles/upper-back/",
            "/equipment/ez-curl-bar/",
            "/equipment/kettlebell/",
            "/equipment/resistance-band/",
        ],
        "/exercises/mixed-row/",
    );
}

// --- Workouts ---------------------------------------------------------------------------------

#[test]
fn a_workout_shows_its_exercises_equipment_muscles_and_card() {
    let site = build_fixture("small", &[]);
    let workout = site.page("/workouts/desk-break/");
    assert_links(
        &workout,
        &[
            "/exercises/band-pull-apart/",
            "/exercises/band-row/",
            "/exercises/superman/",
            // Derived from its exercises.
            "/equipment/resistance-band/",
            "/equipment/door-anchor/",
            "/muscles/rhomboids/",
            "/muscles/erector-spinae/",
            "/cards/desk-break/",
        ],
        "/workouts/desk-break/",
    );
    assert!(workout.contains("overhand grip"));
    let card = site.page("/cards/desk-break/");
    assert!(card.contains("<svg"), "the card has no QR code");
    assert!(card.contains("overhand grip"));
    assert!(
        site.page("/cards/").contains("overhand grip"),
        "/cards/ holds every card"
    );
    assert_links(
        &site.page("/workouts/"),
        &["/workouts/desk-break/"],
        "/workouts/",
    );
}

/// The deck shows each card as `partials/card.html` rendered once on its own (`card.html`); a
/// theme's partial that needs more of the deck's context than the card has no `html`, and the
/// default deck includes it instead, where it sees all of that context.
#[test]
fn the_deck_shows_a_themes_card_partial_rendered_alone_or_included() {
    let with_partial = |partial: &'static str, deck: Option<&'static str>| {
        build_edited("small", &[], move |root| {
            write(root.join("templates/partials/card.html"), partial);
            if let Some(deck) = deck {
                write(root.join("templates/cards.html"), deck);
            }
        })
    };
    let alone = "<p class=\"mine\">{{ card.workout.title }} as {{ card_heading }}</p>";
    let needs_page = "<p class=\"mine\">{{ card.workout.title }} in {{ page.title }}</p>";
    let bare_deck = "{% for card in cards %}[{{ card.html | safe }}]{% endfor %}";

    let site = with_partial(alone, None);
    let deck = site.page("/cards/");
    assert!(
        deck.contains("<p class=\"mine\">Desk Break as h2</p>"),
        "{deck}"
    );
    let card = site.page("/cards/desk-break/");
    assert!(
        card.contains("<p class=\"mine\">Desk Break as h1</p>"),
        "{card}"
    );
    let deck = with_partial(alone, Some(bare_deck)).page("/cards/");
    assert!(
        deck.starts_with("[<p class=\"mine\">Desk Break as h2</p>]"),
        "{deck}"
    );

    let deck = with_partial(needs_page, None).page("/cards/");
    assert!(
        deck.contains("<p class=\"mine\">Desk Break in Workout cards</p>"),
        "{deck}"
    );
    let deck = with_partial(needs_page, Some(bare_deck)).page("/cards/");
    assert!(deck.starts_with("[]"), "{deck}");
}

/// The exercise index shows each exercise as `partials/exercise_item.html` rendered once (an
/// `<li>` with what the filter reads, around the card), which a guide may override; other
/// lists do not carry it.
#[test]
fn the_exercise_index_shows_each_exercise_as_its_item_partial() {
    let site = build_fixture("small", &[]);
    let index = site.page("/exercises/");
    let item = index
        .split("<li ")
        .find(|li| li.contains("href=\"/exercises/band-pull-apart/\""))
        .expect("the index lists Band Pull-Apart");
    let attrs = &item[..item.find('>').unwrap()];
    for attr in [
        "data-muscles=\"rhomboids",
        "data-equipment=\"",
        "data-level=\"beginner\"",
        "data-text=\"band pull-apart",
    ] {
        assert!(attrs.contains(attr), "{attr} not in <li {attrs}>");
    }
    assert!(
        item.contains("<article class=\"card-item-inner exercise-card\">"),
        "the item holds no card: {item}"
    );
    assert_eq!(index.matches("<li data-muscles=").count(), 6, "{index}");

    // A guide's own item; the other lists have none (their cards are theirs).
    let mine = "<li class=\"mine\">{{ e.title }}: {{ card | length > 0 }}</li>";
    let list = "{% for e in primary %}[{{ e.title }} {{ e.item | length }}]{% endfor %}";
    let site = build_edited("small", &[], |root| {
        write(root.join("templates/partials/exercise_item.html"), mine);
        write(root.join("templates/muscle.html"), list);
    });
    let index = site.page("/exercises/");
    assert!(
        index.contains("<li class=\"mine\">Band Pull-Apart: true</li>"),
        "{index}"
    );
    let muscle = site.page("/muscles/rhomboids/");
    assert!(muscle.contains("[Band Pull-Apart 0]"), "{muscle}");
}

// --- Markdown: links, shortcodes, raw HTML ---------------------------------------------------

#[test]
fn internal_links_resolve_to_page_urls() {
    let site = build_fixture("small", &[]);
    let about = site.page("/about/");
    assert_links(
        &about,
        &[
            "/exercises/band-pull-apart/",
            "/blog/why-rows/",
            "/workouts/desk-break/",
            "/muscles/rhomboids/",
            "/exercises/inverted-row/#ladder-heading",
            "/about/",
        ],
        "/about/",
    );
    let post = site.page("/blog/why-rows/");
    assert_links(&post, &["/exercises/band-row/"], "/blog/why-rows/");
    for (path, text) in site.texts() {
        assert!(
            !hrefs(&text).iter().any(|h| h.starts_with("@/")),
            "{path} has an unresolved @/ link"
        );
    }
}

#[test]
fn shortcodes_embed_exercises_and_workouts() {
    let site = build_fixture("small", &[]);
    let about = site.page("/about/");
    assert!(
        about.contains("Row your chest to a bar"),
        "the exercise embed shows its summary"
    );
    assert_links(&about, &["/exercises/inverted-row/"], "/about/");
    let post = site.page("/blog/why-rows/");
    assert_links(
        &post,
        &[
            "/workouts/desk-break/",
            "/cards/desk-break/",
            "/exercises/band-pull-apart/",
        ],
        "the workout embed in /blog/why-rows/",
    );
    assert!(
        post.contains("overhand grip"),
        "the workout embed shows its items' notes"
    );
    let newer = site.page("/blog/pull-aparts-daily/");
    assert!(newer.contains("Pull a light band apart"));
    for (path, text) in site.texts() {
        assert!(
            !text.contains("exercise(slug=") && !text.contains("workout(slug="),
            "{path} shows a shortcode call instead of its embed"
        );
    }
}

#[test]
fn raw_html_is_sanitised_unless_the_site_allows_it() {
    let site = build_fixture("small", &[]);
    let about = site.page("/about/");
    assert!(
        about.contains("RAW-HTML-KEPT"),
        "harmless markup keeps its text"
    );
    assert!(!about.contains("onclick"), "event handlers are removed");
    assert!(!about.contains("alert(\"raw\")"), "scripts are removed");

    let site = build_edited("small", &[], |root| {
        let yaml = read(root.join("site.yaml"));
        write(
            root.join("site.yaml"),
            format!("{yaml}allow_raw_html: true\n"),
        );
    });
    let about = site.page("/about/");
    assert!(
        about.contains("onclick=\"evil()\""),
        "raw HTML is kept as written"
    );
    assert!(about.contains("<script>alert(\"raw\")</script>"));
}

/// The bodies of every kind of page of the small fixture: (file under content/, what the
/// body says before any added text).
const EVERY_KIND_OF_BODY: &[&str] = &[
    "_index.md",
    "about.md",
    "blog/2024-05-01-why-rows.md",
    "equipment/door-anchor.md",
    "exercises/bands/band-row.md",
    "muscles/rhomboids.md",
    "workouts/desk-break.md",
];

/// Whether `text` (a page, or the feed with its escaped HTML) has an attribute whose URL
/// has a scheme a page may not link to.
fn has_script_url(text: &str) -> bool {
    // The feed escapes its entries' HTML once more.
    let text = decode(&decode(text)).to_ascii_lowercase();
    let text: String = text
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    ["javascript:", "vbscript:", "data:"].iter().any(|scheme| {
        text.match_indices(scheme).any(|(i, _)| {
            let before = text[..i].trim_end_matches(|c: char| c <= ' ');
            before.ends_with("=\"") || before.ends_with("='") || before.ends_with('=')
        })
    })
}

#[test]
fn no_page_or_feed_links_to_a_script_whatever_the_bodies_say() {
    // Raw HTML is sanitised; Markdown links to allowed schemes pass.
    let site = build_edited("small", &[], |root| {
        for rel in EVERY_KIND_OF_BODY {
            let path = root.join("content").join(rel);
            let text = read(&path);
            write(
                &path,
                format!(
                    "{text}\n<a href=\"javascript:alert(1)\">a</a> <a href=\" JaVaScRiPt:alert(1)\">b</a> \
                     <a href=\"vbscript:x\">c</a> <img src=\"data:image/png;base64,AAAA\"> \
                     <a href=\"java&#x09;script:alert(1)\">d</a>\n\n\
                     [ok](https://example.org/) [mail](mailto:me@example.org) [top](#top)\n"
                ),
            );
        }
    });
    let texts = site.texts();
    assert!(texts.contains_key("atom.xml"));
    for (path, text) in &texts {
        if path.ends_with(".html") || path.ends_with(".xml") {
            assert!(!has_script_url(text), "{path} links to a script");
        }
    }
    assert_links(
        &site.page("/about/"),
        &["https://example.org/", "mailto:me@example.org"],
        "/about/",
    );
    let feed = decode(&texts["atom.xml"]);
    assert!(
        feed.contains("href=\"https://example.org/\""),
        "the feed keeps allowed links"
    );
}

#[test]
fn a_markdown_link_to_a_script_is_an_error_in_every_kind_of_body() {
    let tmp = TempDir::new("script-links");
    let root = tmp.join("guide");
    copy_dir(&fixture("small"), &root);
    let out = tmp.join("out");
    build(&root, &out, &[]).expect_code(0);
    let before = tree(&out);
    for rel in EVERY_KIND_OF_BODY {
        let path = root.join("content").join(rel);
        let text = read(&path);
        write(&path, format!("{text}\nSee [this](javascript:alert(1)).\n"));
    }
    // `build` says what `check` says.
    let run = check_and_build(&root, &out);
    run.expect_code(1);
    for rel in EVERY_KIND_OF_BODY {
        let line = read(root.join("content").join(rel)).lines().count();
        let at = format!(
            "content/{rel}:{line}:12: error: link to a \"javascript:\" URL is not allowed\n"
        );
        assert!(run.stderr.contains(&at), "no {at:?} in\n{}", run.stderr);
    }
    assert!(run.stderr.contains(
        " = hint: links and images may use http:, https:, mailto: and tel: URLs, relative \
         URLs, #fragments and @/ links to pages\n"
    ));
    let diff = tree_diff(&before, &tree(&out));
    assert!(
        diff.is_empty(),
        "a failed build changed the output:\n{diff}"
    );
}

#[test]
fn a_redirect_over_a_file_of_the_site_fails_the_build_and_keeps_the_output() {
    let tmp = TempDir::new("redirect-over");
    let root = tmp.join("guide");
    copy_dir(&fixture("small"), &root);
    let out = tmp.join("out");
    build(&root, &out, &[]).expect_code(0);
    let before = tree(&out);
    let about = root.join("content/about.md");
    let text = read(&about);
    for (from, error) in [
        ("/exercises/", "lands on a page of the site, /exercises/"),
        ("/tags/rows/", "lands on a page of the site, /tags/rows/"),
        (
            "/cards/desk-break/",
            "lands on a page of the site, /cards/desk-break/",
        ),
        (
            "/blog/why-rows/",
            "lands on a page of the site, /blog/why-rows/",
        ),
        ("/style.css", "lands on a file of the site, /style.css"),
        ("/atom.xml", "lands on a file of the site, /atom.xml"),
        ("/sitemap.xml/", "lands on a file of the site, /sitemap.xml"),
        ("/404.html", "lands on a page of the site, /404.html"),
    ] {
        write(
            &about,
            text.replacen("---\n", &format!("---\nredirect_from: [\"{from}\"]\n"), 1),
        );
        let message = format!("content/about.md:2:18: error: redirect_from \"{from}\" {error}\n");
        let run = check_and_build(&root, &out);
        run.expect_code(1);
        assert!(
            run.stderr.contains(&message),
            "no {message:?} in\n{}",
            run.stderr
        );
        let diff = tree_diff(&before, &tree(&out));
        assert!(
            diff.is_empty(),
            "a failed build changed the output:\n{diff}"
        );
    }
    // A redirect from an address the site does not use is written.
    write(
        &about,
        text.replacen("---\n", "---\nredirect_from: [/about-us/]\n", 1),
    );
    build(&root, &out, &[]).expect_code(0);
    assert!(read(out.join("about-us/index.html")).contains("/about/"));
}

#[test]
fn a_nul_in_a_body_or_in_front_matter_reaches_no_file_of_the_site() {
    let site = build_edited("small", &[], |root| {
        // A NUL byte in the body; NUL and another control written as YAML escapes.
        write(
            root.join("content/blog/2024-07-01-nul.md"),
            "---\ntitle: \"Nul\\0 Title\\x01\"\nsummary: \"Sum\\0mary\"\ntags: [rows]\n---\n\
             Body \0 text, `code \0`, [link \0](/a\0b).\n\n```\nfence \0\n```\n",
        );
    });
    let texts = site.texts();
    for (path, text) in &texts {
        if [".html", ".xml", ".json", ".txt"]
            .iter()
            .any(|e| path.ends_with(e))
        {
            assert!(!text.contains('\0'), "{path} has a NUL");
            if path.ends_with(".xml") || path.ends_with(".json") {
                assert!(!text.contains('\u{1}'), "{path} has a control character");
                assert!(!text.contains("\\u0000"), "{path} has an escaped NUL");
            }
        }
    }
    let post = site.page("/blog/nul/");
    for shown in [
        "Nul\u{FFFD} Title",
        "Sum\u{FFFD}mary",
        "Body \u{FFFD} text",
        "code \u{FFFD}",
        "fence \u{FFFD}",
    ] {
        assert!(post.contains(shown), "/blog/nul/ does not show {shown:?}");
    }
    let feed = &texts["atom.xml"];
    for shown in [
        "Nul\u{FFFD} Title\u{FFFD}",
        "Sum\u{FFFD}mary",
        "Body \u{FFFD} text",
    ] {
        assert!(feed.contains(shown), "the feed does not show {shown:?}");
    }
    let index = search_index(&texts["search-index.json"]);
    let entry = index
        .iter()
        .find(|e| e["url"] == "/blog/nul/")
        .expect("the search index lists /blog/nul/");
    assert_eq!(entry["title"], "Nul\u{FFFD} Title\u{FFFD}", "{entry}");
    assert_eq!(entry["summary"], "Sum\u{FFFD}mary", "{entry}");
    // The page's JSON-LD has the same text.
    let post = json_ld(&site.page("/blog/nul/"));
    assert_eq!(post.len(), 1, "{post:?}");
    assert_eq!(
        post[0]["headline"], "Nul\u{FFFD} Title\u{FFFD}",
        "{}",
        post[0]
    );
    assert_eq!(post[0]["description"], "Sum\u{FFFD}mary", "{}", post[0]);
}

/// `search-index.json` read as JSON: its entries, each an object with a title, a URL and a
/// kind.
fn search_index(text: &str) -> Vec<Value> {
    let index: Value = serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("search-index.json is not JSON: {e}\n{text}"));
    let Value::Array(entries) = index else {
        panic!("search-index.json is not a list: {text}");
    };
    for entry in &entries {
        for key in ["title", "url", "kind"] {
            assert!(entry[key].is_string(), "an entry has no {key}: {entry}");
        }
    }
    entries
}

/// The JSON-LD blocks of a page, each parsed.
fn json_ld(html: &str) -> Vec<Value> {
    split_json_ld(html)
        .1
        .iter()
        .map(|json| {
            serde_json::from_str(json)
                .unwrap_or_else(|e| panic!("JSON-LD that is not JSON: {e}\n{json}"))
        })
        .collect()
}

// --- Posts and drafts -----------------------------------------------------------------------

#[test]
fn posts_drop_their_date_prefix_and_the_blog_lists_newest_first() {
    let site = build_fixture("small", &[]);
    assert!(site.has("/blog/why-rows/"));
    assert!(site.has("/blog/pull-aparts-daily/"));
    assert!(!site.has("/blog/2024-05-01-why-rows/"));
    let post = site.page("/blog/why-rows/");
    assert!(post.contains("OLDER-POST-BODY"));
    assert!(post.contains("2024-05-01"), "the post shows its date");
    let blog = site.page("/blog/");
    let newer = link_position(&blog, "/blog/pull-aparts-daily/").expect("newer post listed");
    let older = link_position(&blog, "/blog/why-rows/").expect("older post listed");
    assert!(newer < older, "/blog/ lists the newest post first");
    // Tags have pages listing their posts.
    assert_links(
        &site.page("/tags/rows/"),
        &["/blog/why-rows/", "/blog/pull-aparts-daily/"],
        "/tags/rows/",
    );
    // The feed lists the posts newest first, with absolute links.
    let feed = read(site.out.join("atom.xml"));
    let newer = feed.find("https://example.org/blog/pull-aparts-daily/");
    let older = feed.find("https://example.org/blog/why-rows/");
    assert!(
        newer.is_some() && older.is_some() && newer < older,
        "{feed}"
    );
    // So do the links inside an entry: a feed reader shows it away from the site.
    assert!(
        feed.contains("href=&quot;https://example.org/exercises/band-row/&quot;"),
        "{feed}"
    );
    assert!(!feed.contains("href=&quot;/"), "{feed}");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = build_fixture("small", &[]);
    assert!(!site.has("/exercises/secret-row/"));
    for (path, text) in site.texts() {
        assert!(
            !text.contains("secret-row")
                && !text.contains("Secret Draft Row")
                && !text.contains("DRAFT-BODY"),
            "{path} mentions the draft"
        );
    }
    let site = build_fixture("small", &["--drafts"]);
    assert!(site.page("/exercises/secret-row/").contains("DRAFT-BODY"));
    assert_links(
        &site.page("/exercises/"),
        &["/exercises/secret-row/"],
        "/exercises/ with --drafts",
    );
}

// --- Safety and encodings -------------------------------------------------------------------

#[test]
fn front_matter_text_is_escaped_in_html() {
    const EVIL: &str = "<script>alert(1)</script>";
    let site = build_edited("small", &[], |root| {
        write(
            root.join("content/exercises/evil-row.md"),
            format!(
                "---\ntitle: \"Evil {EVIL} Row\"\nsummary: \"</script><script>alert(2)</script> & <img src=x onerror=alert(3)> <!-- x\"\n\
                 aliases: [\"<b>bold</b>\"]\ntags: [\"<i>tag</i>\"]\nmuscles:\n  primary: [rhomboids]\n\
                 sets: {{sets: 3, reps: 10, note: \"{EVIL}\"}}\n---\nBody.\n"
            ),
        );
        write(
            root.join("content/workouts/evil-workout.md"),
            format!(
                "---\ntitle: \"Evil {EVIL} Workout\"\nschedule: \"{EVIL}\"\nexercises:\n  - exercise: evil-row\n    reps: 5\n    note: \"{EVIL}\"\n---\n"
            ),
        );
        write(
            root.join("content/blog/2024-07-01-evil.md"),
            format!("---\ntitle: \"Evil {EVIL} Post\"\nauthor: \"{EVIL}\"\n---\nBody.\n"),
        );
        write(
            root.join("content/muscles/evil-muscle.md"),
            format!("---\ntitle: \"Evil {EVIL} Muscle\"\nregion: \"{EVIL}\"\n---\n"),
        );
        let yaml = read(root.join("site.yaml"));
        write(
            root.join("site.yaml"),
            yaml.replace(
                "title: Small Guide",
                &format!("title: \"Small {EVIL} Guide\""),
            ),
        );
    });
    let page = site.page("/exercises/evil-row/");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the title is shown, escaped"
    );
    for (path, text) in site.texts() {
        if !(path.ends_with(".html") || path.ends_with(".xml")) {
            continue;
        }
        let (markup, scripts) = split_json_ld(&text);
        for raw in [
            "<script>alert(",
            "</script><script>",
            "<img src=x",
            "<b>bold</b>",
            "<i>tag</i>",
        ] {
            assert!(!markup.contains(raw), "{path} holds {raw:?} unescaped");
        }
        // Inside JSON-LD, text is JSON: it must not end the element or open a comment, and
        // must stay valid JSON.
        for json in scripts {
            assert!(
                !json.contains("</") && !json.contains("<!--"),
                "{path}: JSON-LD can break out of its <script>: {json}"
            );
            if let Err(e) = serde_json::from_str::<Value>(&json) {
                panic!("{path}: JSON-LD that is not JSON ({e}): {json}");
            }
        }
    }
    // And the JSON says what the front matter says, markup and all.
    let ld = json_ld(&page);
    assert_eq!(ld.len(), 1, "{ld:?}");
    assert_eq!(ld[0]["@type"], "ExercisePlan", "{}", ld[0]);
    assert_eq!(ld[0]["name"], format!("Evil {EVIL} Row"), "{}", ld[0]);
    assert_eq!(
        ld[0]["description"],
        "</script><script>alert(2)</script> & <img src=x onerror=alert(3)> <!-- x",
        "{}",
        ld[0]
    );
    let ld = json_ld(&site.page("/blog/evil/"));
    assert_eq!(ld[0]["headline"], format!("Evil {EVIL} Post"), "{}", ld[0]);
}

/// `html` without its JSON-LD blocks, and the blocks' contents.
fn split_json_ld(html: &str) -> (String, Vec<String>) {
    const OPEN: &str = "<script type=\"application/ld+json\">";
    let mut markup = String::new();
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(OPEN) {
        markup.push_str(&rest[..i]);
        let after = &rest[i + OPEN.len()..];
        let end = after.find("</script>").unwrap_or(after.len());
        scripts.push(after[..end].to_string());
        rest = after[end..].strip_prefix("</script>").unwrap_or("");
    }
    markup.push_str(rest);
    (markup, scripts)
}

#[test]
fn crlf_and_bom_files_build_like_lf_files() {
    let plain = build_fixture("small", &[]);
    let converted = build_edited("small", &[], |root| {
        let mut n = 0;
        for (rel, node) in tree(&root.join("content")) {
            let Node::File(bytes) = node else { continue };
            let text = String::from_utf8(bytes).unwrap().replace('\n', "\r\n");
            // Every file gets CRLF; every other one a byte-order mark too.
            let bom = if n % 2 == 0 { "\u{feff}" } else { "" };
            n += 1;
            write(root.join("content").join(rel), format!("{bom}{text}"));
        }
        let yaml = read(root.join("site.yaml"));
        write(
            root.join("site.yaml"),
            format!("\u{feff}{}", yaml.replace('\n', "\r\n")),
        );
    });
    let diff = tree_diff(&tree(&plain.out), &tree(&converted.out));
    assert!(
        diff.is_empty(),
        "CRLF and BOM files build differently from LF files:\n{diff}"
    );
}

#[test]
fn the_same_input_builds_byte_identical_output() {
    let first = build_fixture("small", &[]);
    let second = build_fixture("small", &[]);
    let a = tree(&first.out);
    let diff = tree_diff(&a, &tree(&second.out));
    assert!(diff.is_empty(), "two builds differ:\n{diff}");
    assert!(a.len() > 20, "suspiciously few files: {:?}", a.keys());
}

#[test]
fn a_base_url_with_a_path_prefixes_every_internal_link() {
    let site = build_fixture("small", &["--base-url", "https://example.org/sub/"]);
    assert_links(
        &site.page("/exercises/band-row/"),
        &[
            "/sub/muscles/rhomboids/",
            "/sub/equipment/door-anchor/",
            "/sub/exercises/inverted-row/",
        ],
        "/exercises/band-row/",
    );
    assert_links(
        &site.page("/about/"),
        &["/sub/exercises/band-pull-apart/", "/sub/blog/why-rows/"],
        "/about/",
    );
    for (path, text) in site.texts() {
        if !path.ends_with(".html") {
            continue;
        }
        for url in attrs(&text, "href")
            .into_iter()
            .chain(attrs(&text, "src"))
            .chain(attrs(&text, "action"))
        {
            assert!(
                !url.starts_with('/') || url.starts_with("/sub/"),
                "{path} links to {url}, outside the base path /sub/"
            );
        }
    }
    let feed = read(site.out.join("atom.xml"));
    assert!(feed.contains("https://example.org/sub/blog/why-rows/"));
    let sitemap = read(site.out.join("sitemap.xml"));
    assert!(sitemap.contains("https://example.org/sub/exercises/band-row/"));
    assert!(!sitemap.contains("https://example.org/exercises/"));
}

#[test]
fn the_machine_read_files_exist() {
    let site = build_fixture("small", &[]);
    for file in [
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "search-index.json",
        "404.html",
    ] {
        let path = site.out.join(file);
        assert!(path.is_file(), "/{file} was not built");
        assert!(fs::metadata(&path).unwrap().len() > 0, "/{file} is empty");
    }
    let sitemap = read(site.out.join("sitemap.xml"));
    for url in [
        "https://example.org/",
        "https://example.org/exercises/band-row/",
        "https://example.org/blog/why-rows/",
        "https://example.org/about/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>{url}</loc>")),
            "{url} not in the sitemap"
        );
    }
    let robots = read(site.out.join("robots.txt"));
    assert!(
        robots.contains("https://example.org/sitemap.xml"),
        "{robots}"
    );
    let index = search_index(&read(site.out.join("search-index.json")));
    let entry = index
        .iter()
        .find(|e| e["url"] == "/exercises/band-pull-apart/")
        .expect("the search index lists /exercises/band-pull-apart/");
    assert_eq!(entry["title"], "Band Pull-Apart", "{entry}");
    assert_eq!(entry["kind"], "exercise", "{entry}");
    assert_eq!(entry["level"], "beginner", "{entry}");
    assert_eq!(
        entry["aliases"],
        serde_json::json!(["pull-apart"]),
        "{entry}"
    );
    // Every exercise, workout, post and page, and every muscle and piece of equipment with a
    // page, and nothing else: no draft, no list page.
    let mut urls: Vec<&str> = index.iter().map(|e| e["url"].as_str().unwrap()).collect();
    urls.sort();
    let pages: Vec<String> = ["about", "blog/pull-aparts-daily", "blog/why-rows"]
        .iter()
        .map(|p| format!("/{p}/"))
        .collect();
    assert!(pages.iter().all(|p| urls.contains(&p.as_str())), "{urls:?}");
    assert!(
        !urls
            .iter()
            .any(|u| u.contains("secret") || u.ends_with("/exercises/")),
        "{urls:?}"
    );
    for prefix in ["/exercises/", "/workouts/", "/muscles/", "/equipment/"] {
        let listed = urls.iter().filter(|u| u.starts_with(prefix)).count();
        let made = fs::read_dir(site.out.join(&prefix[1..]))
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_dir())
            .count();
        assert_eq!(
            listed, made,
            "{prefix}: every page is in the index once: {urls:?}"
        );
    }
    // A muscle is found by its other names; an entry carries words of its text.
    let lats = index
        .iter()
        .find(|e| e["url"] == "/muscles/latissimus-dorsi/")
        .unwrap();
    assert!(
        lats["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "lats"),
        "{lats}"
    );
    assert!(
        entry["words"].as_str().is_some_and(|w| !w.is_empty()),
        "{entry}"
    );
    let home = site.page("/");
    assert!(
        home.contains("HOME-INTRO"),
        "the home page shows content/_index.md"
    );
    assert_links(&home, &["/workouts/desk-break/"], "/");
}

// --- The bundled guide ----------------------------------------------------------------------

#[test]
fn the_bundled_guide_checks_clean() {
    let root = common::repo_root();
    let run = spotter(["check", "--root", "."], Some(&root));
    run.expect_clean();
    assert!(run.stdout.contains("no errors"), "{}", run.stdout);
}

#[test]
fn check_agrees_with_build_on_the_fixture() {
    let tmp = TempDir::new("it-check-and-build");
    check_and_build(&fixture("small"), &tmp.join("out")).expect_clean();
}

#[test]
fn a_site_adds_its_own_shortcodes_and_they_work_in_every_kind_of_page() {
    let site = build_edited("small", &[], |root| {
        write(
            root.join("templates/shortcodes/note.html"),
            "<aside class=\"note\">NOTE: {{ args.text }} ({{ args.times }})</aside>",
        );
        let muscle = root.join("content/muscles/rhomboids.md");
        let text = read(&muscle);
        write(
            &muscle,
            format!("{text}\n{{{{ note(text=\"Squeeze the blades\", times=3) }}}}\n\n{{{{ exercise(slug=\"band-pull-apart\") }}}}\n"),
        );
        let about = root.join("content/about.md");
        let text = read(&about);
        write(
            &about,
            format!("{text}\n{{{{ note(text=\"<b>bold</b>\", times=1) }}}}\n"),
        );
    });
    let muscle = site.page("/muscles/rhomboids/");
    assert!(
        muscle.contains("<aside class=\"note\">NOTE: Squeeze the blades (3)</aside>"),
        "{muscle}"
    );
    assert_links(
        &muscle,
        &["/exercises/band-pull-apart/"],
        "the exercise embed on a muscle page",
    );
    let about = site.page("/about/");
    assert!(
        about.contains("NOTE: &lt;b&gt;bold&lt;/b&gt; (1)"),
        "shortcode arguments are escaped"
    );
}

/// `spotter serve` re-renders only the pages a body edit touches; the result must be the site
/// a full build makes of the edited guide.
#[test]
fn updating_edited_bodies_gives_the_same_site_as_a_full_build() {
    use spotter::internals::Update;
    let tmp = TempDir::new("it-incremental");
    let (root, live, _, _) = served_copy(&tmp);
    let first = Update::fresh(&live);
    let served = spotter::internals::build_to_serve(&options(&root, &live), &first)
        .unwrap_or_else(|_| panic!("the fixture builds"));
    let (_, hashes) = first.finish(true).expect("written");
    let (built, mut memo) = (served.built, served.memo);
    let mut guide = built.guide;

    // Edit the bodies of an exercise and of a post; the post now links to another exercise,
    // which changes that exercise's "mentioned in".
    let exercise = root.join("content/exercises/bands/band-row.md");
    write(
        &exercise,
        format!("{}\nA line added while serving.\n", read(&exercise)),
    );
    let post = root.join("content/blog/2024-05-01-why-rows.md");
    write(
        &post,
        format!(
            "{}\nThen try the [pull-apart](@/exercises/bands/band-pull-apart.md).\n",
            read(&post)
        ),
    );
    // A muscle whose file loses its body falls back to the catalogue's description.
    let muscle = root.join("content/muscles/rhomboids.md");
    write(
        &muscle,
        read(&muscle).replace(
            "FIXTURE-RHOMBOIDS-BODY: two flat muscles between the shoulder blades.",
            "",
        ),
    );
    let mut changed = Vec::new();
    for rel in [
        "exercises/bands/band-row.md",
        "blog/2024-05-01-why-rows.md",
        "muscles/rhomboids.md",
    ] {
        let target = guide.paths[rel].clone();
        let old = guide.meta_mut(&target).unwrap().source.clone().unwrap();
        let new = spotter::internals::reread(&root, &old).expect("only the body changed");
        guide.meta_mut(&target).unwrap().source = Some(std::sync::Arc::new(new));
        changed.push(target);
    }
    let update = Update::over(&live, &hashes);
    let pages =
        spotter::internals::rerender(&guide, &built.theme, &update, &mut memo, &changed, true)
            .unwrap_or_else(|_| panic!("re-render"));
    assert!(
        pages >= 3,
        "the two pages, the newly mentioned exercise and the feed: {pages}"
    );
    update.finish(false).expect("written");
    assert_full_build(&root, &live, &tmp.join("full"), "body edits");
    assert!(
        read(live.join("exercises/band-row/index.html")).contains("A line added while serving.")
    );
    assert!(read(live.join("exercises/band-pull-apart/index.html")).contains("/blog/why-rows/"));

    // A front matter edit is not a body edit.
    write(
        &exercise,
        read(&exercise).replacen("title:", "title: Renamed\nsummary_old:", 1),
    );
    let target = guide.paths["exercises/bands/band-row.md"].clone();
    let old = guide.meta_mut(&target).unwrap().source.clone().unwrap();
    assert!(spotter::internals::reread(&root, &old).is_none());
}

/// `spotter serve` rebuilds everything after a front matter edit, but writes only the files
/// that changed and removes those the guide no longer makes: the site must be the one a full
/// build makes, and a failed rebuild must leave it untouched.
#[test]
fn rebuilding_a_served_site_writes_only_what_changed() {
    use spotter::internals::build_into;
    use spotter::internals::Update;
    let tmp = TempDir::new("it-rebuild");
    let (root, live, _, hashes) = served_copy(&tmp);
    let all = hashes.len();

    // A new title shows on many pages; a removed post takes its page and folder with it.
    let exercise = root.join("content/exercises/bands/band-row.md");
    write(
        &exercise,
        read(&exercise).replacen("title: ", "title: Banded ", 1),
    );
    fs::remove_file(root.join("content/blog/2024-06-15-pull-aparts-daily.md")).unwrap();
    let update = Update::over(&live, &hashes);
    build_into(
        &options(&root, &live),
        spotter::internals::Script::LiveReload,
        &update,
    )
    .unwrap_or_else(|_| panic!("the edit builds"));
    let (written, hashes) = update.finish(true).expect("written");
    assert!(
        written > 0 && written < all / 2,
        "{written} of {all} files rewritten"
    );
    assert_full_build(&root, &live, &tmp.join("full"), "a rebuild");
    assert!(!live.join("blog/pull-aparts-daily").exists());

    // A failed rebuild writes nothing.
    let before = tree(&live);
    write(
        &exercise,
        read(&exercise).replacen("title: ", "title: [", 1),
    );
    let update = Update::over(&live, &hashes);
    assert!(build_into(
        &options(&root, &live),
        spotter::internals::Script::LiveReload,
        &update
    )
    .is_err());
    drop(update);
    assert!(tree_diff(&before, &tree(&live)).is_empty());
}

/// What a served site is checked against: the guide at `root`, edited as the test goes.
struct Served {
    tmp: TempDir,
    root: PathBuf,
    watched: PathBuf,
    site: spotter::internals::LiveSite,
    fulls: usize,
}

impl Served {
    fn new(name: &str) -> Served {
        let tmp = TempDir::new(name);
        let root = tmp.join("guide");
        copy_dir(&fixture("small"), &root);
        let (site, _, _) = spotter::internals::LiveSite::build(options(&root, &tmp.join("live")))
            .unwrap_or_else(|_| panic!("the fixture builds"));
        let watched = fs::canonicalize(&root).unwrap();
        Served {
            tmp,
            root,
            watched,
            site,
            fulls: 0,
        }
    }

    /// Replaces `from` by `to` in the content file `rel` and updates the site.
    fn edit(&mut self, rel: &str, from: &str, to: &str) -> spotter::internals::Outcome {
        let path = self.root.join("content").join(rel);
        let text = read(&path);
        assert!(text.contains(from), "{rel} has {from:?}");
        write(&path, text.replacen(from, to, 1));
        self.site.update(&[self.watched.join("content").join(rel)])
    }

    /// The served site is the one a full build of the guide as it is now makes.
    fn is_full_build(&mut self, after: &str) {
        self.fulls += 1;
        let full = self.tmp.join(format!("full-{}", self.fulls));
        assert_full_build(&self.root, self.site.dir(), &full, after);
    }
}

/// A save the way `sed -i` and many editors make it (a temporary file beside the page, renamed
/// over it) is an edit of that page: the temporary file, gone by the time serve looks, is not a
/// folder of the guide, and must not turn a front matter edit into a rebuild. A folder moved
/// away with the guide's pages in it still is a change of the guide's shape.
#[test]
fn a_page_saved_through_a_temporary_file_is_updated_not_rebuilt() {
    use spotter::internals::Outcome;
    let mut s = Served::new("it-live-temp-save");
    let rel = "exercises/bands/band-row.md";
    let page = s.root.join("content").join(rel);
    let temp = page.with_file_name("sedX1b2c3");
    write(
        &temp,
        read(&page).replacen("title: Band Row", "title: Banded Row", 1),
    );
    fs::rename(&temp, &page).unwrap();
    let changed = [
        s.watched.join("content/exercises/bands/sedX1b2c3"),
        s.watched.join("content").join(rel),
    ];
    match s.site.update(&changed) {
        Outcome::Pages { pages, of, .. } => assert!(pages < of / 2, "{pages} of {of} pages"),
        other => panic!("a title saved through a temporary file: {other:?}"),
    }
    s.is_full_build("a title saved through a temporary file");

    let bands = s.root.join("content/exercises/bands");
    fs::rename(&bands, s.tmp.join("bands-away")).unwrap();
    let outcome = s.site.update(&[s.watched.join("content/exercises/bands")]);
    assert!(
        !matches!(outcome, Outcome::Pages { .. } | Outcome::Bodies { .. }),
        "a folder of pages moved away: {outcome:?}"
    );
}

/// A copy of the small fixture in `tmp`, built into `tmp/live` the way `spotter serve` builds
/// it: the guide's root, the site's folder, the build and the hash of each file written.
fn served_copy(tmp: &TempDir) -> (PathBuf, PathBuf, spotter::Built, spotter::internals::Hashes) {
    let root = tmp.join("guide");
    copy_dir(&fixture("small"), &root);
    let live = tmp.join("live");
    let first = spotter::internals::Update::fresh(&live);
    let built = spotter::internals::build_into(
        &options(&root, &live),
        spotter::internals::Script::LiveReload,
        &first,
    )
    .unwrap_or_else(|_| panic!("the fixture builds"));
    let (written, hashes) = first.finish(true).expect("written");
    assert_eq!(written, hashes.len());
    (root, live, built, hashes)
}

/// However `spotter serve` updates its site (bodies alone, the pages whose inputs changed, or
/// everything), the result is the site a full build makes; a front matter edit renders only
/// some pages; and a mistake leaves the site as it was until it is fixed, even when other
/// files are edited in between.
#[test]
fn a_served_site_is_always_the_one_a_full_build_makes() {
    use spotter::internals::Outcome;
    let mut s = Served::new("it-live");
    // Fewer than two thirds: in this small guide of upper-back exercises an exercise is a
    // substitute of about half the others, whose pages show its name and muscles.
    let some_pages = |outcome: Outcome, what: &str| match outcome {
        Outcome::Pages { pages, of, .. } => {
            assert!(
                pages > 0 && pages < of * 2 / 3,
                "{what}: {pages} of {of} pages"
            );
        }
        other => panic!("{what}: {other:?}"),
    };

    let band_row = "exercises/bands/band-row.md";
    some_pages(
        s.edit(band_row, "title: Band Row", "title: Banded Row"),
        "a title",
    );
    s.is_full_build("an exercise's new title");
    some_pages(
        s.edit(
            band_row,
            "primary: [lats, rhomboid]",
            "primary: [lats, rear delts]",
        ),
        "muscles",
    );
    s.is_full_build("an exercise's new muscles");
    some_pages(
        s.edit(band_row, "level: beginner", "level: intermediate"),
        "a level",
    );
    s.is_full_build("an exercise's new level");
    some_pages(
        s.edit("workouts/desk-break.md", "reps: 10\n", "reps: 12\n"),
        "a workout",
    );
    s.is_full_build("a workout's new reps");
    some_pages(
        s.edit(
            "blog/2024-05-01-why-rows.md",
            "title: Why Rows Come First",
            "title: Why Rows Matter",
        ),
        "a post",
    );
    s.is_full_build("a post's new title");
    some_pages(
        s.edit(
            "exercises/bands/band-pull-apart.md",
            "level: beginner\n",
            "level: beginner\ntags: [rows]\n",
        ),
        "a tag",
    );
    s.is_full_build("an exercise tagged with a tag in use");
    // A muscle shows on most pages of this small guide.
    let outcome = s.edit(
        "muscles/rhomboids.md",
        "title: Rhomboids",
        "title: Rhomboid muscles",
    );
    assert!(matches!(outcome, Outcome::Pages { .. }), "{outcome:?}");
    s.is_full_build("a muscle's new title");

    // A new tag is a new page: everything is rendered again.
    let outcome = s.edit(
        band_row,
        "level: intermediate\n",
        "level: intermediate\ntags: [fresh]\n",
    );
    assert!(matches!(outcome, Outcome::Rebuilt { .. }), "{outcome:?}");
    s.is_full_build("a new tag");
    let outcome = s.edit(band_row, "Anchor the band", "Anchor the long band");
    assert!(matches!(outcome, Outcome::Bodies { .. }), "{outcome:?}");
    s.is_full_build("a body edit");

    // A section's title is in every page's navigation.
    let intro = s.root.join("content/exercises/_index.md");
    write(&intro, "---\ntitle: Moves\n---\nEvery move in the guide.\n");
    let outcome = s
        .site
        .update(&[s.watched.join("content/exercises/_index.md")]);
    assert!(matches!(outcome, Outcome::Rebuilt { .. }), "{outcome:?}");
    s.is_full_build("a new section introduction");
    let outcome = s.edit("exercises/_index.md", "title: Moves", "title: All moves");
    assert!(matches!(outcome, Outcome::Pages { .. }), "{outcome:?}");
    s.is_full_build("a section's new title");

    // A mistake keeps the last good site, also when another file is edited before the fix.
    let before = tree(s.site.dir());
    let outcome = s.edit(
        band_row,
        "primary: [lats, rear delts]",
        "primary: [lats, not-a-muscle]",
    );
    assert!(matches!(outcome, Outcome::Failed(_)), "{outcome:?}");
    let outcome = s.edit(
        "exercises/bands/band-pull-apart.md",
        "Hold the band",
        "Hold the light band",
    );
    assert!(matches!(outcome, Outcome::Failed(_)), "{outcome:?}");
    let outcome = s.edit("workouts/desk-break.md", "reps: 12\n", "reps: [12\n");
    assert!(matches!(outcome, Outcome::Failed(_)), "{outcome:?}");
    assert!(tree_diff(&before, &tree(s.site.dir())).is_empty());
    let outcome = s.edit("workouts/desk-break.md", "reps: [12\n", "reps: 14\n");
    assert!(matches!(outcome, Outcome::Failed(_)), "{outcome:?}");
    some_pages(
        s.edit(
            band_row,
            "primary: [lats, not-a-muscle]",
            "primary: [lats, biceps]",
        ),
        "the fix",
    );
    s.is_full_build("fixing the mistakes");
}
