//! Pictures and video: guides with pictures the tests make (the `image` crate writes them),
//! built by the binary; what the pages say of them, and the files written: formats, sizes,
//! no metadata, the same bytes every build, and a second build that encodes nothing.

use std::fs;
use std::path::Path;

use image::ImageFormat;
use spotter::internals::pictures as testing;

use crate::common::{build, options, read, tree, write, TempDir};

/// A guide whose exercise `band-row` is a folder holding its pictures: a photo carrying EXIF
/// orientation and a GPS position as its cover, a PNG with see-through pixels, a body image,
/// a YouTube clip with a poster; a page with a clip of its own; a logo under `static/`.
fn guide_with_pictures(root: &Path) {
    write(
        root.join("site.yaml"),
        "title: Pictured\nbase_url: https://example.org/guide/\nlogo: /logo.png\nimages:\n  widths: [320, 640]\n",
    );
    write(
        root.join("content/exercises/band-row/index.md"),
        "---\ntitle: Band Row\nmuscles:\n  primary: [rhomboids]\nequipment: [resistance band]\nimages:\n  - src: start.jpg\n    alt: Arms straight, the band taut\n    caption: Start\n    credit: {author: Ana Ruiz, license: CC-BY-4.0, source: \"https://example.org/p/12\"}\n  - src: diagram.png\n    alt: The path of the elbows\nvideo:\n  src: https://www.youtube.com/watch?v=abc123\n  poster: /posters/row.jpg\n  title: Band row, side view\n  credit: {author: Ben Ode, license: CC0-1.0}\n---\nPull the band to your ribs.\n\n![Elbows back, the band at the ribs](finish.webp)\n",
    );
    // Stored 900 wide and 600 high, shown turned a quarter: 600 x 900.
    write(
        root.join("content/exercises/band-row/start.jpg"),
        testing::jpeg_with_exif(900, 600, 6, true),
    );
    write(
        root.join("content/exercises/band-row/diagram.png"),
        testing::transparent_png(500, 250),
    );
    write(
        root.join("content/exercises/band-row/finish.webp"),
        testing::encoded(ImageFormat::WebP, 400, 300),
    );
    write(
        root.join("static/posters/row.jpg"),
        testing::encoded(ImageFormat::Jpeg, 800, 450),
    );
    write(
        root.join("static/logo.png"),
        testing::transparent_png(256, 256),
    );
    write(
        root.join("content/workouts/quick.md"),
        "---\ntitle: Quick\nexercises:\n  - exercise: band-row\n    reps: 10\n---\n",
    );
    write(
        root.join("content/about.md"),
        "---\ntitle: About\nvideo: {src: clip.mp4, poster: /posters/row.jpg, title: A tour}\n---\nHello.\n",
    );
    write(
        root.join("content/clip.mp4"),
        b"\0\0\0\x18ftypmp42 not really a clip",
    );
}

/// Whether `needle` is somewhere in `haystack`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn pictures_are_written_as_webp_and_a_fallback_at_each_width_without_metadata() {
    let tmp = TempDir::new("pictures");
    let root = tmp.join("guide");
    guide_with_pictures(&root);
    let out = tmp.join("public");
    build(&root, &out, &[]).expect_clean();

    let mut seen = Vec::new();
    for entry in fs::read_dir(out.join("pictures")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = fs::read(&path).unwrap();
        let (stem, ext) = name.rsplit_once('.').unwrap();
        let width: u32 = stem.rsplit('-').next().unwrap().parse().unwrap();
        let format = image::guess_format(&bytes).unwrap();
        let want = match ext {
            "webp" => ImageFormat::WebP,
            "jpg" => ImageFormat::Jpeg,
            "png" => ImageFormat::Png,
            other => panic!("{name}: an extension {other}"),
        };
        assert_eq!(format, want, "{name}");
        let picture = image::load_from_memory(&bytes).unwrap();
        assert_eq!(picture.width(), width, "{name}");
        assert!(!contains(&bytes, b"Exif"), "{name} carries EXIF");
        assert!(
            !contains(&bytes, &testing::GPS_SECONDS),
            "{name} carries the GPS position"
        );
        seen.push((
            stem.split('-').next().unwrap().to_string(),
            width,
            ext.to_string(),
            picture.height(),
        ));
    }
    seen.sort();
    let of = |name: &str| -> Vec<(u32, &str, u32)> {
        seen.iter()
            .filter(|(n, ..)| n == name)
            .map(|(_, w, e, h)| (*w, e.as_str(), *h))
            .collect()
    };
    // Upright (600 x 900), at each width narrower than it and its own below the widest.
    assert_eq!(
        of("start"),
        [
            (320, "jpg", 480),
            (320, "webp", 480),
            (600, "jpg", 900),
            (600, "webp", 900)
        ]
    );
    // See-through pixels: PNG, not JPEG.
    assert_eq!(
        of("diagram"),
        [
            (320, "png", 160),
            (320, "webp", 160),
            (500, "png", 250),
            (500, "webp", 250)
        ]
    );
    assert_eq!(
        of("finish"),
        [
            (320, "jpg", 240),
            (320, "webp", 240),
            (400, "jpg", 300),
            (400, "webp", 300)
        ]
    );
    assert_eq!(of("row").len(), 4, "the poster");
    assert_eq!(
        of("logo"),
        [(256, "png", 256), (256, "webp", 256)],
        "never made bigger"
    );

    let page = read(out.join("exercises/band-row/index.html"));
    let start = seen_prefix(&out, "start");
    assert!(
        page.contains(&format!(
            "<source type=\"image/webp\" srcset=\"/guide/{start}-320.webp 320w, /guide/{start}-600.webp 600w\""
        )),
        "{page}"
    );
    assert!(
        page.contains(&format!(
            "<img src=\"/guide/{start}-600.jpg\" srcset=\"/guide/{start}-320.jpg 320w, /guide/{start}-600.jpg 600w\""
        )),
        "{page}"
    );
    assert!(page.contains("width=\"600\" height=\"900\" alt=\"Arms straight, the band taut\""));
    assert!(page.contains("loading=\"lazy\" decoding=\"async\""));
    assert!(page.contains("<figcaption>Start <span class=\"credit\">Ana Ruiz, <a href=\"https://spdx.org/licenses/CC-BY-4.0.html\" rel=\"license\">CC-BY-4.0</a>, <a href=\"https://example.org/p/12\">source</a></span></figcaption>"), "{page}");
    // The cover is what the page is shared with, absolute.
    assert!(page.contains(&format!(
        "<meta property=\"og:image\" content=\"https://example.org/guide/{start}-600.jpg\">"
    )));
    // The body image is a <picture> too, from the page's folder.
    let finish = seen_prefix(&out, "finish");
    assert!(page.contains(&format!("<img src=\"/guide/{finish}-400.jpg\" srcset=\"/guide/{finish}-320.jpg 320w, /guide/{finish}-400.jpg 400w\"")), "{page}");
    assert!(page.contains("alt=\"Elbows back, the band at the ribs\""));
    // The clip is a link to YouTube with the player's address for the script; no frame.
    assert!(
        page.contains("<a class=\"video-link\" href=\"https://www.youtube.com/watch?v=abc123\">")
    );
    assert!(
        page.contains("data-embed=\"https://www.youtube-nocookie.com/embed/abc123?autoplay=1\"")
    );
    assert!(!page.contains("<iframe"));
    assert!(page.contains("/guide/video.js"));
    // The logo is the favicon.
    let logo = seen_prefix(&out, "logo");
    assert!(
        page.contains(&format!(
            "<link rel=\"icon\" href=\"/guide/{logo}-256.png\">"
        )),
        "{page}"
    );

    // The cover is the exercise's thumbnail in every list and on its workout's card.
    for list in [
        "exercises/index.html",
        "muscles/rhomboids/index.html",
        "equipment/resistance-band/index.html",
        "cards/quick/index.html",
    ] {
        let html = read(out.join(list));
        assert!(
            html.contains(&format!("/guide/{start}-320.webp 320w")),
            "{list} has no thumbnail"
        );
    }
    // A page without a picture is shared with the logo.
    let home = read(out.join("index.html"));
    assert!(
        home.contains(&format!(
            "<meta property=\"og:image\" content=\"https://example.org/guide/{logo}-256.png\">"
        )),
        "{home}"
    );

    // A local clip plays in the page, copied as it is.
    let about = read(out.join("about/index.html"));
    let clip = fs::read_dir(out.join("clips"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert_eq!(
        fs::read(&clip).unwrap(),
        fs::read(root.join("content/clip.mp4")).unwrap()
    );
    let clip_name = clip.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        about.contains(&format!(
            "<source src=\"/guide/clips/{clip_name}\" type=\"video/mp4\">"
        )),
        "{about}"
    );
    assert!(about.contains("<video controls"));
    assert!(!about.contains("video.js"), "no script without a facade");

    // Credits: every picture and clip, with author, licence and source.
    let credits = read(out.join("credits/index.html"));
    for want in [
        "Arms straight, the band taut",
        "By Ana Ruiz",
        "<a href=\"https://spdx.org/licenses/CC-BY-4.0.html\" rel=\"license\">CC-BY-4.0</a>",
        "<a href=\"https://example.org/p/12\">https://example.org/p/12</a>",
        "The path of the elbows",
        "Band row, side view",
        "By Ben Ode",
        "A tour",
    ] {
        assert!(credits.contains(want), "credits lack {want}:\n{credits}");
    }
    assert!(home.contains("<a href=\"/guide/credits/\">Credits</a>"));
}

/// The prefix `pictures/NAME-HASH` of the files of the picture `name` in `out`.
fn seen_prefix(out: &Path, name: &str) -> String {
    let file = fs::read_dir(out.join("pictures"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with(&format!("{name}-")))
        .unwrap_or_else(|| panic!("no picture {name}"));
    let (prefix, _) = file.rsplit_once('-').unwrap();
    format!("pictures/{prefix}")
}

#[test]
fn a_second_build_encodes_nothing_and_writes_the_same_bytes() {
    let tmp = TempDir::new("pictures-cache");
    let root = tmp.join("guide");
    guide_with_pictures(&root);
    let first =
        spotter::build(&options(&root, &tmp.join("one"))).unwrap_or_else(|f| panic!("{f:?}"));
    assert_eq!(first.guide.pictures.encoded, 5);
    assert!(root.join(".spotter-cache/pictures").is_dir());
    let second =
        spotter::build(&options(&root, &tmp.join("two"))).unwrap_or_else(|f| panic!("{f:?}"));
    assert_eq!(second.guide.pictures.encoded, 0);
    let (mut one, mut two) = (tree(&tmp.join("one")), tree(&tmp.join("two")));
    one.remove(spotter::internals::MARKER);
    two.remove(spotter::internals::MARKER);
    assert!(one == two, "two builds wrote different sites");

    // Without the cache, the same bytes again.
    fs::remove_dir_all(root.join(".spotter-cache")).unwrap();
    let third =
        spotter::build(&options(&root, &tmp.join("three"))).unwrap_or_else(|f| panic!("{f:?}"));
    assert_eq!(third.guide.pictures.encoded, 5);
    let mut three = tree(&tmp.join("three"));
    three.remove(spotter::internals::MARKER);
    assert!(
        one == three,
        "a build without the cache wrote a different site"
    );

    // A picture changed in place is made again, under a new name.
    write(
        root.join("content/exercises/band-row/diagram.png"),
        testing::transparent_png(480, 240),
    );
    let fourth =
        spotter::build(&options(&root, &tmp.join("four"))).unwrap_or_else(|f| panic!("{f:?}"));
    assert_eq!(fourth.guide.pictures.encoded, 1);
    let page = read(tmp.join("four/exercises/band-row/index.html"));
    let old = seen_prefix(&tmp.join("one"), "diagram");
    assert!(!page.contains(&old), "the page still shows the old picture");
    assert!(!tmp.join("four").join(format!("{old}-320.webp")).exists());
}

#[test]
fn the_favicon_is_the_logo_or_else_the_themes_own() {
    let tmp = TempDir::new("favicon");
    let root = tmp.join("guide");
    guide_with_pictures(&root);
    let out = tmp.join("public");
    build(&root, &out, &[]).expect_code(0);
    let logo = seen_prefix(&out, "logo");
    let home = read(out.join("index.html"));
    assert!(
        home.contains(&format!(
            "<link rel=\"icon\" href=\"/guide/{logo}-256.png\">"
        )),
        "{home}"
    );
    assert!(!home.contains("favicon.svg"));
    // Without a logo: the theme's icon, which the site has.
    write(
        root.join("site.yaml"),
        "title: Pictured\nbase_url: https://example.org/guide/\nimages:\n  widths: [320, 640]\n",
    );
    build(&root, &out, &[]).expect_code(0);
    let home = read(out.join("index.html"));
    assert!(
        home.contains("<link rel=\"icon\" href=\"/guide/favicon.svg\" type=\"image/svg+xml\">"),
        "{home}"
    );
    assert!(read(out.join("favicon.svg")).starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
}

#[test]
fn a_guide_without_pictures_has_no_credits_and_no_picture_files() {
    let tmp = TempDir::new("no-pictures");
    let root = tmp.join("guide");
    write(
        root.join("content/exercises/row.md"),
        "---\ntitle: Row\nmuscles:\n  primary: [rhomboids]\n---\nRow.\n",
    );
    let out = tmp.join("public");
    build(&root, &out, &[]).expect_clean();
    assert!(!out.join("credits").exists());
    assert!(!out.join("pictures").exists());
    assert!(!root.join(".spotter-cache").exists());
    let page = read(out.join("exercises/row/index.html"));
    assert!(!page.contains("og:image") && !page.contains("<picture") && !page.contains("Credits"));
}

#[cfg(unix)]
#[test]
fn a_picture_reached_through_a_link_out_of_the_guide_is_an_error_at_its_line() {
    let tmp = TempDir::new("pictures-link-out");
    let root = tmp.join("guide");
    write(
        tmp.join("outside/secret.jpg"),
        testing::encoded(ImageFormat::Jpeg, 40, 40),
    );
    write(
        root.join("content/exercises/row.md"),
        "---\ntitle: Row\nmuscles:\n  primary: [rhomboids]\nimages:\n  - src: photos/secret.jpg\n    alt: A row\n---\nRow.\n",
    );
    std::os::unix::fs::symlink(tmp.join("outside"), root.join("content/exercises/photos")).unwrap();
    let run = crate::common::check(&root);
    run.expect_code(1);
    assert!(
        run.stderr.starts_with("content/exercises/row.md:6:10: error: the picture \"photos/secret.jpg\" leads out of the guide: content/exercises/photos is a symbolic link to"),
        "{}",
        run.stderr
    );
    assert!(
        !root.join(".spotter-cache").exists(),
        "the picture was read"
    );
}

#[test]
fn a_picture_named_by_two_pages_is_made_once_and_an_error_in_it_is_told_at_both() {
    let tmp = TempDir::new("pictures-shared");
    let root = tmp.join("guide");
    let page = |title: &str| {
        format!("---\ntitle: {title}\nmuscles:\n  primary: [rhomboids]\nimages:\n  - src: /shared.jpg\n    alt: The band\n---\nRow.\n")
    };
    write(root.join("content/exercises/a.md"), page("A"));
    write(root.join("content/exercises/b.md"), page("B"));
    // A PNG cut short, under a JPEG's name: the bytes tell what it is.
    let mut cut = testing::transparent_png(300, 200);
    cut.truncate(cut.len() / 2);
    write(root.join("static/shared.jpg"), cut);
    let run = crate::common::check(&root);
    run.expect_code(1);
    assert!(
        run.stderr.contains(
            "content/exercises/a.md:6:10: error: the picture \"/shared.jpg\" cannot be decoded"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "content/exercises/b.md:6:10: error: the picture \"/shared.jpg\" cannot be decoded"
        ),
        "{}",
        run.stderr
    );

    write(
        root.join("static/shared.jpg"),
        testing::encoded(ImageFormat::Jpeg, 700, 500),
    );
    let built =
        spotter::build(&options(&root, &tmp.join("public"))).unwrap_or_else(|f| panic!("{f:?}"));
    assert_eq!(built.guide.pictures.encoded, 1);
    assert_eq!(
        fs::read_dir(tmp.join("public/pictures")).unwrap().count(),
        4
    );
}

#[test]
fn a_muscle_and_a_piece_of_equipment_show_their_own_pictures_and_clip() {
    let tmp = TempDir::new("pictures-terms");
    let root = tmp.join("guide");
    write(
        root.join("content/exercises/row.md"),
        "---\ntitle: Row\nmuscles:\n  primary: [rhomboids]\nequipment: [dumbbells]\n---\nRow.\n",
    );
    // One overrides a built-in entry, the other is new to the catalogue.
    write(
        root.join("content/muscles/rhomboids.md"),
        "---\ntitle: Rhomboids\nimages:\n  - src: /rhomboids.png\n    alt: The rhomboids between the shoulder blades\n    credit: {author: Ana Ruiz, license: CC0-1.0}\n---\nBetween the blades.\n",
    );
    write(
        root.join("content/equipment/sandbag.md"),
        "---\ntitle: Sandbag\nvideo: {src: \"https://vimeo.com/123456\", title: Loading a sandbag}\nimages:\n  - src: missing.jpg\n    alt: A sandbag\n---\nA bag of sand.\n",
    );
    write(
        root.join("static/rhomboids.png"),
        testing::transparent_png(400, 300),
    );
    let run = crate::common::check(&root);
    run.expect_code(1);
    assert!(
        run.stderr
            .starts_with("content/equipment/sandbag.md:5:10: error: the picture \"missing.jpg\""),
        "{}",
        run.stderr
    );

    fs::remove_file(root.join("content/equipment/sandbag.md")).unwrap();
    write(
        root.join("content/equipment/sandbag.md"),
        "---\ntitle: Sandbag\nvideo: {src: \"https://vimeo.com/123456\", title: Loading a sandbag}\n---\nA bag of sand.\n",
    );
    let out = tmp.join("public");
    build(&root, &out, &[]).expect_clean();
    let muscle = read(out.join("muscles/rhomboids/index.html"));
    assert!(
        muscle.contains("alt=\"The rhomboids between the shoulder blades\""),
        "{muscle}"
    );
    assert!(muscle.contains("og:image"), "{muscle}");
    let equipment = read(out.join("equipment/sandbag/index.html"));
    assert!(equipment.contains("Loading a sandbag"), "{equipment}");
    assert!(
        equipment.contains("https://vimeo.com/123456"),
        "{equipment}"
    );
    let credits = read(out.join("credits/index.html"));
    assert!(credits.contains("Ana Ruiz"), "{credits}");
}

#[test]
fn a_file_gone_from_the_cache_fails_the_build_at_that_file_and_says_how_to_mend_it() {
    let tmp = TempDir::new("pictures-cache-damaged");
    let root = tmp.join("guide");
    guide_with_pictures(&root);
    let out = tmp.join("public");
    build(&root, &out, &[]).expect_code(0);
    let gone = fs::read_dir(root.join(".spotter-cache/pictures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.join("320.webp").is_file())
        .expect("a cached picture 320 wide")
        .join("320.webp");
    fs::remove_file(&gone).unwrap();
    // A rebuild over the last output keeps the file the output has: the one cached.
    build(&root, &out, &[]).expect_code(0);
    // A build into a new folder needs the cache's file.
    let fresh = tmp.join("fresh");
    let run = build(&root, &fresh, &[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains(&format!(
            "{}: error: cannot copy to /pictures/",
            gone.display()
        )) && run.stderr.contains("-320.webp: No such file or directory")
            && run
                .stderr
                .contains("removing .spotter-cache/ makes the pictures again"),
        "{}",
        run.stderr
    );
    assert!(!fresh.exists(), "a failed build leaves no output");
    fs::remove_dir_all(root.join(".spotter-cache")).unwrap();
    build(&root, &fresh, &[]).expect_code(0);
}

#[test]
fn a_feed_entry_shows_its_post_cover_and_every_address_of_its_pictures_is_absolute() {
    let tmp = TempDir::new("pictures-feed");
    let root = tmp.join("guide");
    guide_with_pictures(&root);
    write(
        root.join("content/blog/2026-05-01-rows.md"),
        "---\ntitle: Rows\nimages:\n  - src: /posters/row.jpg\n    alt: A row from the side\n---\nRow.\n\n![The band at the ribs](/logo.png)\n",
    );
    write(
        root.join("content/blog/2026-04-01-plain.md"),
        "---\ntitle: Plain\n---\nNo picture.\n",
    );
    let out = tmp.join("public");
    build(&root, &out, &[]).expect_code(0);
    let feed = read(out.join("atom.xml"));
    let origin = "https://example.org/guide/";
    let poster = seen_prefix(&out, "row");
    let logo = seen_prefix(&out, "logo");
    assert!(
        feed.contains("xmlns:media=\"http://search.yahoo.com/mrss/\""),
        "{feed}"
    );
    assert!(
        feed.contains(&format!("  <logo>{origin}{logo}-256.png</logo>\n")),
        "{feed}"
    );
    let entries: Vec<&str> = feed.split("<entry>").skip(1).collect();
    assert_eq!(entries.len(), 2, "{feed}");
    let (rows, plain) = (entries[0], entries[1]);
    assert!(rows.contains("<title>Rows</title>") && plain.contains("<title>Plain</title>"));
    // The poster is 800 x 450; the widths are 320 and 640: the widest fallback is shared.
    assert!(
        rows.contains(&format!(
            "<media:thumbnail url=\"{origin}{poster}-640.jpg\" width=\"640\" height=\"360\"/>"
        )),
        "{rows}"
    );
    assert!(
        rows.contains(&format!("<media:content url=\"{origin}{poster}-640.jpg\" medium=\"image\" type=\"image/jpeg\" width=\"640\" height=\"360\"><media:description type=\"plain\">A row from the side</media:description></media:content>")),
        "{rows}"
    );
    assert!(
        !plain.contains("media:"),
        "a post without a picture shows none: {plain}"
    );
    // The body picture's every width, in the escaped HTML of the content.
    let content = rows.split("<content").nth(1).unwrap();
    assert!(
        content.contains(&format!("srcset=&quot;{origin}{logo}-256.webp 256w&quot;"))
            && content.contains(&format!(
            "src=&quot;{origin}{logo}-256.png&quot; srcset=&quot;{origin}{logo}-256.png 256w&quot;"
        )),
        "{content}"
    );
    assert!(
        !content.contains("&quot;/guide/") && !content.contains(", /guide/"),
        "a root-relative address is left in the content: {content}"
    );
}

/// The inode of `path`.
#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&fs::metadata(path).unwrap())
}

/// The site as a build over `out` left it, without the mark that it is Spotter's output.
fn site(out: &Path) -> std::collections::BTreeMap<String, crate::common::Node> {
    let mut site = tree(out);
    site.remove(spotter::internals::MARKER);
    site
}

/// Panics, showing how, unless the sites in `out` and `fresh` are the same.
fn assert_same_site(out: &Path, fresh: &Path) {
    let (out, fresh) = (site(out), site(fresh));
    assert!(out == fresh, "{}", crate::common::tree_diff(&fresh, &out));
}

#[cfg(unix)]
#[test]
fn a_rebuild_over_the_last_output_keeps_its_pictures_and_writes_what_a_fresh_build_writes() {
    let tmp = TempDir::new("pictures-carried");
    let root = tmp.join("guide");
    guide_with_pictures(&root);
    let out = tmp.join("public");
    build(&root, &out, &[]).expect_code(0);
    let start = seen_prefix(&out, "start");
    let start_file = out.join(format!("{start}-320.webp"));
    let first_inode = inode(&start_file);

    // Nothing changed: the same files, the very same picture files.
    build(&root, &out, &[]).expect_code(0);
    assert_eq!(
        inode(&start_file),
        first_inode,
        "the picture was put there again"
    );
    build(&root, &tmp.join("fresh"), &[]).expect_code(0);
    assert_same_site(&out, &tmp.join("fresh"));

    // A picture file another tool replaced is put back as the cache has it.
    let finish = seen_prefix(&out, "finish");
    let finish_file = out.join(format!("{finish}-320.jpg"));
    let good = fs::read(&finish_file).unwrap();
    fs::remove_file(&finish_file).unwrap();
    fs::write(&finish_file, b"squeezed by another tool").unwrap();
    build(&root, &out, &[]).expect_code(0);
    assert_eq!(fs::read(&finish_file).unwrap(), good);

    // A picture changed and one no longer shown: the new files come, the old ones go, and the
    // site is what a fresh build writes.
    write(
        root.join("content/exercises/band-row/diagram.png"),
        testing::transparent_png(480, 240),
    );
    let diagram = seen_prefix(&out, "diagram");
    write(
        root.join("content/about.md"),
        "---\ntitle: About\n---\nHello.\n",
    );
    build(&root, &out, &[]).expect_code(0);
    assert_ne!(seen_prefix(&out, "diagram"), diagram);
    assert!(!out.join(format!("{diagram}-320.webp")).exists());
    assert!(
        !out.join("clips").exists() || fs::read_dir(out.join("clips")).unwrap().next().is_none()
    );
    assert_eq!(inode(&start_file), first_inode);
    fs::remove_dir_all(tmp.join("fresh")).unwrap();
    build(&root, &tmp.join("fresh"), &[]).expect_code(0);
    assert_same_site(&out, &tmp.join("fresh"));
    let leftovers: Vec<_> = fs::read_dir(tmp.join(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("spotter"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn a_static_file_in_the_pictures_folder_is_kept_beside_the_pictures() {
    let tmp = TempDir::new("pictures-static-beside");
    let root = tmp.join("guide");
    guide_with_pictures(&root);
    let out = tmp.join("public");
    build(&root, &out, &[]).expect_code(0);
    write(root.join("static/pictures/team.txt"), "the team");
    build(&root, &out, &[]).expect_code(0);
    assert_eq!(read(out.join("pictures/team.txt")), "the team");
    build(&root, &tmp.join("fresh"), &[]).expect_code(0);
    assert_same_site(&out, &tmp.join("fresh"));
    // Gone from static/: gone from the site, the pictures still there.
    fs::remove_file(root.join("static/pictures/team.txt")).unwrap();
    build(&root, &out, &[]).expect_code(0);
    assert!(!out.join("pictures/team.txt").exists());
    assert!(out
        .join(format!("{}-320.webp", seen_prefix(&out, "start")))
        .is_file());
}
