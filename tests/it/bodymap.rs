//! The body map and the parts of muscles, end to end: the markup an exercise's map is drawn
//! with (a snapshot), the clickable map of `/muscles/`, and a whole's page, filter data and
//! search entries taking in the exercises filed under its parts.

use std::path::Path;

use crate::common::{build, read, write, TempDir};

/// Writes a guide of `files` (paths under `content/`) into `tmp` and builds it; the build must
/// succeed. Returns the output folder.
fn built(tmp: &TempDir, files: &[(&str, &str)]) -> std::path::PathBuf {
    let root = tmp.join("guide");
    write(
        root.join("site.yaml"),
        "title: Map test\nbase_url: https://example.org/\n",
    );
    for (rel, text) in files {
        write(root.join("content").join(rel), text);
    }
    let out = tmp.join("out");
    build(&root, &out, &[]).expect_code(0);
    out
}

fn page(out: &Path, url: &str) -> String {
    read(out.join(url.trim_start_matches('/')).join("index.html"))
}

/// The `<figure class="bodymap...">` of a page.
fn figure(html: &str) -> &str {
    let start = html.find("<figure class=\"bodymap").expect("no body map");
    let end = start + html[start..].find("</figure>").unwrap() + "</figure>".len();
    &html[start..end]
}

const FACE_PULL: &str = "---\ntitle: Band Face Pull\nmuscles:\n  primary: [rear delts]\n  secondary: [middle traps, infraspinatus, transverse abdominis]\nequipment: [band]\n---\nPull to the face.\n";

#[test]
fn an_exercise_map_draws_each_muscle_as_a_link_around_its_regions() {
    let tmp = TempDir::new("bodymap-exercise");
    let out = built(&tmp, &[("exercises/band-face-pull.md", FACE_PULL)]);
    let html = page(&out, "/exercises/band-face-pull/");
    let expected = r##"<figure class="bodymap">
<svg class="bodymap-svg" viewBox="0 0 400 420" role="group" aria-labelledby="bodymap-title" aria-describedby="bodymap-desc" xmlns="http://www.w3.org/2000/svg">
<title id="bodymap-title">Muscles worked by Band Face Pull: front and back views</title>
<desc id="bodymap-desc">Primary: Posterior deltoid. Secondary: Middle trapezius, Infraspinatus. Not drawn: Transverse abdominis.</desc>
<defs><pattern id="bm-hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect class="bm-hatch-bg" width="4" height="4"/><rect class="bm-hatch-line" width="1.6" height="4"/></pattern></defs>
<use class="bm-figure" href="/bodymap.svg#figure" aria-hidden="true"/>
<a class="bm-muscle bm-primary" href="/muscles/posterior-deltoid/" aria-label="Posterior deltoid, primary"><use href="/bodymap.svg#r-posterior-deltoid"/></a>
<a class="bm-muscle bm-secondary" href="/muscles/middle-trapezius/" aria-label="Middle trapezius, secondary"><use href="/bodymap.svg#r-middle-trapezius"/></a>
<a class="bm-muscle bm-secondary" href="/muscles/infraspinatus/" aria-label="Infraspinatus, secondary"><use href="/bodymap.svg#r-infraspinatus"/></a>
</svg>
<figcaption class="bodymap-legend">
  <span class="legend-item"><span class="swatch swatch-primary" aria-hidden="true"></span>Primary (solid): Posterior deltoid</span>
  <span class="legend-item"><span class="swatch swatch-secondary" aria-hidden="true"></span>Secondary (hatched): Middle trapezius, Infraspinatus</span>
  <span class="legend-item"><span class="swatch swatch-none" aria-hidden="true"></span>Not drawn: Transverse abdominis</span>
</figcaption>
</figure>"##;
    // The rear delts face-pull lights the back of the shoulder, its helpers each their own
    // region, and the muscle that says `map: none` only in the legend.
    assert_eq!(figure(&html), expected);
    // The drawing itself is one shared file, never inlined.
    assert!(out.join("bodymap.svg").is_file());
    assert!(!html.contains("<path"), "the page carries the drawing");
}

#[test]
fn a_whole_lists_draws_and_filters_the_exercises_of_its_parts() {
    let tmp = TempDir::new("bodymap-parts");
    let out = built(
        &tmp,
        &[
            ("exercises/band-face-pull.md", FACE_PULL),
            (
                "exercises/front-raise.md",
                "---\ntitle: Front Raise\nmuscles:\n  primary: [front delts]\n---\n",
            ),
            (
                "muscles/clavicular-deltoid.md",
                "---\ntitle: Clavicular deltoid\nparent: front delts\nmap: [anterior-deltoid]\n---\nThe front fibres' front.\n",
            ),
            (
                "exercises/plate-raise.md",
                "---\ntitle: Plate Raise\nmuscles:\n  primary: [clavicular deltoid]\n---\n",
            ),
        ],
    );
    // The deltoids' page lists what their heads (and a head's own part) are filed under.
    let deltoids = page(&out, "/muscles/deltoids/");
    for url in [
        "/exercises/band-face-pull/",
        "/exercises/front-raise/",
        "/exercises/plate-raise/",
    ] {
        assert!(
            deltoids.contains(&format!("href=\"{url}\"")),
            "{url} not on the deltoids' page"
        );
    }
    assert!(deltoids.contains("Its parts</dt><dd><a href=\"/muscles/anterior-deltoid/\">Anterior deltoid</a>, <a href=\"/muscles/posterior-deltoid/\">Posterior deltoid</a>"), "{deltoids}");
    // Its map lights all three heads; the part it names links up to its whole.
    let map = figure(&deltoids);
    for head in ["anterior", "lateral", "posterior"] {
        assert!(
            map.contains(&format!("#r-{head}-deltoid")),
            "{head} not drawn"
        );
    }
    let part = page(&out, "/muscles/clavicular-deltoid/");
    assert!(
        part.contains("Part of</dt><dd><a href=\"/muscles/anterior-deltoid/\">"),
        "{part}"
    );
    // The finder's filter and the search index know the wholes of each exercise's muscles.
    let index = page(&out, "/exercises/");
    assert!(
        index.contains("data-muscles=\"clavicular-deltoid anterior-deltoid deltoids\""),
        "{}",
        &index[index.find("plate-raise").unwrap_or(0)..][..400.min(index.len())]
    );
    let search = read(out.join("search-index.json"));
    assert!(
        search.contains("\"muscles\":[\"clavicular-deltoid\",\"anterior-deltoid\",\"deltoids\"]"),
        "{search}"
    );
    // /muscles/ is the clickable map: a muscle's region links to its page.
    let muscles = page(&out, "/muscles/");
    let map = figure(&muscles);
    assert!(
        map.contains("<a class=\"bm-muscle bm-link\" href=\"/muscles/posterior-deltoid/\" aria-label=\"Posterior deltoid\"><use href=\"/bodymap.svg#r-posterior-deltoid\"/></a>"),
        "{map}"
    );
}
