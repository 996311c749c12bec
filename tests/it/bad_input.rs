//! Bad input: what Spotter tells a contributor about each kind of mistake, and what a build
//! does (and never does) to its output.
//!
//! Every folder under `tests/bad/` is a small guide with one fault (`many-errors` has several).
//! Its `expected.txt` holds `exit: N` on the first line, then the exact standard error of
//! `spotter check --root tests/bad/CASE`. Paths in messages are relative to the guide root, so
//! the files do not depend on where the repository is checked out. Each case is a test of its
//! own, `bad_input::case::NAME` (the folder's name with `_` for `-`), listed in [`cases!`]
//! below; it also runs `spotter build` on the guide, which must say what `check` says and
//! write nothing.
//!
//! To rewrite every `expected.txt` from what the binary prints now, run
//!
//! ```text
//! SPOTTER_BLESS=1 cargo test --test it bad_input
//! ```
//!
//! (or `bad_input::case::NAME` for one case), then read each changed file (`git diff
//! tests/bad`) as a contributor would before committing it: it must name the file, the line and
//! column of the offending value, show that line, and give a hint where one helps. Error
//! messages are product. A run that panics (exit status 101) is never blessed, and blessing
//! does not make a build that disagrees with `check` pass.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{
    self, build, check, check_agrees_with_build, check_and_build, copy_dir, read, spotter, tree,
    tree_diff, write, Run, TempDir,
};

/// One test a case: `cases! { unknown_muscle ... }` makes `case::unknown_muscle`, which checks
/// `tests/bad/unknown-muscle/`, and `CASES`, the names, so that a folder with no test (or a test
/// with no folder) fails [`every_case_has_its_folder_and_every_folder_its_case`].
macro_rules! cases {
    ($($name:ident)*) => {
        /// The cases, as their tests are named.
        const CASES: &[&str] = &[$(stringify!($name)),*];

        /// One test a folder of `tests/bad/`.
        mod case {
            $(
                #[test]
                fn $name() {
                    super::expect_case(stringify!($name));
                }
            )*
        }
    };
}

cases! {
    bad_base_url
    bad_date
    bad_level
    bad_load
    bad_sets
    bad_video
    broken_internal_link
    control_character
    credit_unknown_key
    deep_nesting
    duplicate_slug
    duplicate_slug_then_self_regression
    empty_primary_muscles
    every_field_error
    item_partial_error
    ladder_cycle
    line_too_long
    link_to_script
    lone_carriage_return
    many_errors
    missing_title
    muscle_parts
    muscles_as_a_list
    no_front_matter
    non_utf8
    picture_missing
    picture_not_a_picture
    picture_outside_guide
    picture_too_large
    picture_without_alt
    picture_without_credit
    post_without_date
    program_same_week_ahead
    program_unknown_workout
    program_week_too_long
    program_without_weeks
    redirect_outside
    redirect_over_page
    redirect_over_static_file
    reference_to_broken_file
    reference_to_broken_folder_page
    self_regression
    self_variation
    shortcode_missing_slug
    shortcode_unknown_slug
    site_yaml_not_utf8
    slug_with_dotdot
    static_links_out
    static_over_page
    template_runtime_error
    template_syntax_error
    unclosed_front_matter
    unknown_equipment
    unknown_key
    unknown_muscle
    unknown_regression
    unknown_shortcode
    unknown_site_key
    unknown_variation
    workout_bad_rest
    workout_no_exercises
    workout_unknown_exercise
    workout_zero_rounds
    wrong_list_items
    yaml_syntax
}

fn bad_dir() -> PathBuf {
    common::tests_dir().join("bad")
}

fn case_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(bad_dir())
        .expect("tests/bad exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// What `expected.txt` holds for a run.
fn transcript(run: &Run) -> String {
    format!("exit: {}\n{}", run.code, run.stderr)
}

/// The test of the case `name` (`unknown_muscle`, for `tests/bad/unknown-muscle/`): `spotter
/// check` prints its `expected.txt` (or, with `SPOTTER_BLESS=1`, rewrites it), and `spotter
/// build` agrees with it and writes nothing.
fn expect_case(name: &str) {
    let folder = name.replace('_', "-");
    let dir = bad_dir().join(&folder);
    assert!(
        dir.is_dir(),
        "no folder tests/bad/{folder}/ for the case {name}"
    );
    let tmp = TempDir::new(&format!("bad-{folder}"));
    let output = tmp.join("public");
    let run = check_and_build(&dir, &output);
    assert!(
        !run.panicked(),
        "spotter panicked on tests/bad/{folder}: exit {}\n{}",
        run.code,
        run.stderr
    );
    assert!(
        !output.exists(),
        "a build of tests/bad/{folder} wrote {}",
        output.display()
    );
    let actual = transcript(&run);
    let expected_path = dir.join("expected.txt");
    if std::env::var_os("SPOTTER_BLESS").is_some_and(|v| v == "1") {
        write(&expected_path, &actual);
        return;
    }
    match fs::read_to_string(&expected_path) {
        Ok(expected) => assert!(
            expected == actual,
            "tests/bad/{folder}: output differs from expected.txt (SPOTTER_BLESS=1 rewrites it; \
             read the diff before committing it)\n--- expected\n{expected}--- actual\n{actual}"
        ),
        Err(_) => panic!("tests/bad/{folder}: no expected.txt; the binary prints\n{actual}"),
    }
}

#[test]
fn every_case_has_its_folder_and_every_folder_its_case() {
    let folders: Vec<String> = case_dirs()
        .iter()
        .map(|d| d.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for folder in &folders {
        assert!(
            !folder.contains('_'),
            "tests/bad/{folder}: a case's folder is named with `-`, not `_`"
        );
    }
    let present: Vec<String> = folders.iter().map(|f| f.replace('-', "_")).collect();
    let wanted: Vec<String> = CASES.iter().map(|c| c.to_string()).collect();
    assert_eq!(
        present, wanted,
        "the folders of tests/bad/ and the cases! list disagree: each folder needs its line"
    );
    for dir in case_dirs() {
        assert!(
            dir.join("content").is_dir() || dir.join("site.yaml").is_file(),
            "{} is not a guide",
            dir.display()
        );
    }
}

#[test]
fn the_non_utf8_case_really_is_not_utf8() {
    // An editor that re-saves the fixture as UTF-8 would silently turn the case into a pass.
    let bytes = fs::read(bad_dir().join("non-utf8/content/exercises/band-row.md")).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err());
}

// --- No input makes Spotter panic -------------------------------------------------------------

/// Files of a guide: (path under the root, bytes).
type Files = Vec<(&'static str, Vec<u8>)>;

/// Odd inputs, each a guide of its own: (name, files).
fn odd_guides() -> Vec<(&'static str, Files)> {
    fn ex(extra: &str) -> Vec<u8> {
        format!("---\ntitle: Row\nmuscles:\n  primary: [rhomboids]\n{extra}---\nBody.\n")
            .into_bytes()
    }
    fn body(text: &str) -> Vec<u8> {
        format!("---\ntitle: Page\n---\n{text}\n").into_bytes()
    }
    fn workout(items: &str) -> Vec<u8> {
        format!("---\ntitle: W\n{items}---\n").into_bytes()
    }
    let row = ("content/exercises/row.md", ex(""));
    let b = |s: &str| s.as_bytes().to_vec();
    let mut deep_yaml = String::from("---\ntitle: Row\nmuscles:\n  primary: ");
    deep_yaml.push_str(&"[".repeat(5000));
    deep_yaml.push_str(&"]".repeat(5000));
    deep_yaml.push_str("\n---\n");
    // Aliases that expand to 9^8 strings if nothing stops them.
    let mut laughs = String::from("---\ntitle: Row\naliases: &k0 [x, x, x, x, x, x, x, x, x]\n");
    let keys = [
        "tags",
        "equipment",
        "regressions",
        "progressions",
        "redirect_from",
    ];
    for (i, key) in keys.iter().enumerate() {
        let refs = vec![format!("*k{i}"); 9].join(", ");
        laughs.push_str(&format!("{key}: &k{} [{refs}]\n", i + 1));
    }
    let refs5 = ["*k5"; 9].join(", ");
    let refs6 = ["*k6"; 9].join(", ");
    laughs.push_str(&format!(
        "muscles:\n  primary: &k6 [{refs5}]\n  secondary: [{refs6}]\n---\n"
    ));
    vec![
        ("empty-file", vec![("content/exercises/row.md", vec![])]),
        ("only-fence", vec![("content/exercises/row.md", b("---"))]),
        ("empty-front-matter-everywhere", vec![
            ("content/exercises/a.md", b("---\n---\n")),
            ("content/workouts/b.md", b("---\n---\n")),
            ("content/muscles/c.md", b("---\n---\n")),
            ("content/equipment/d.md", b("---\n---\n")),
            ("content/blog/e.md", b("---\n---\n")),
            ("content/f.md", b("---\n---\n")),
            ("content/_index.md", b("---\n---\n")),
            ("content/exercises/_index.md", b("---\n---\n")),
        ]),
        ("front-matter-is-a-list", vec![("content/exercises/row.md", b("---\n- a\n- b\n---\n"))]),
        ("front-matter-is-text", vec![("content/exercises/row.md", b("---\njust text\n---\n"))]),
        ("front-matter-is-null", vec![("content/exercises/row.md", b("---\n~\n---\n"))]),
        ("title-of-every-type", vec![
            ("content/a.md", b("---\ntitle:\n---\n")),
            ("content/b.md", b("---\ntitle: [a, b]\n---\n")),
            ("content/c.md", b("---\ntitle: {a: b}\n---\n")),
            ("content/d.md", b("---\ntitle: 12\n---\n")),
            ("content/e.md", b("---\ntitle: \"   \"\n---\n")),
        ]),
        ("muscles-wrong-shapes", vec![
            ("content/exercises/a.md", b("---\ntitle: A\nmuscles: rhomboids\n---\n")),
            ("content/exercises/b.md", b("---\ntitle: B\nmuscles:\n  primary:\n---\n")),
            ("content/exercises/c.md", b("---\ntitle: C\nmuscles: [rhomboids]\n---\n")),
            ("content/exercises/d.md", b("---\ntitle: D\nmuscles:\n  primary: [[x]]\n---\n")),
            ("content/exercises/e.md", b("---\ntitle: E\nmuscles:\n  primary: [\"\"]\n---\n")),
        ]),
        ("sets-extremes", vec![
            ("content/exercises/a.md", ex("sets: 0x0\n")),
            ("content/exercises/b.md", ex("sets: 99999999999x1\n")),
            ("content/exercises/c.md", ex("sets: 3x99999999999\n")),
            ("content/exercises/d.md", ex("sets: 3x-1\n")),
            ("content/exercises/e.md", ex("sets: 3x1m99999999999s\n")),
            ("content/exercises/f.md", ex("sets: \"×\"\n")),
            ("content/exercises/g.md", ex("sets: x\n")),
            ("content/exercises/h.md", ex("sets: []\n")),
            ("content/exercises/i.md", ex("sets: [{}]\n")),
            ("content/exercises/j.md", ex("sets: [{level: beginner}, {level: beginner}]\n")),
            ("content/exercises/k.md", ex("sets: {sets: 0, reps: 0}\n")),
            ("content/exercises/l.md", ex("sets: 3x10-5\n")),
            ("content/exercises/m.md", ex("sets: 3x99999999999min\n")),
            ("content/exercises/n.md", ex("sets: {sets: 3, reps: 8, rest: -5s, tempo: 9-9-9-9-9}\n")),
            ("content/exercises/o.md", ex("sets: 3 × 10 per side per side\n")),
            ("content/exercises/p.md", ex("sets: 1.5x10\n")),
            ("content/exercises/q.md", ex("weight: 99999999999999999999999\n")),
            ("content/exercises/r.md", ex("sets: 3x٣\n")),
        ]),
        ("workout-extremes", vec![
            row.clone(),
            ("content/workouts/a.md", workout("rounds: -1\nexercises:\n  - exercise: row\n")),
            ("content/workouts/b.md", workout("rounds: 4294967296\nexercises:\n  - exercise: row\n")),
            ("content/workouts/c.md", workout("rounds: 4294967295\nexercises:\n  - exercise: row\n    sets: 4294967295\n")),
            ("content/workouts/d.md", workout("rest_between_rounds: 99999999999999h\nexercises:\n  - exercise: row\n")),
            ("content/workouts/e.md", workout("exercises: [null]\n")),
            ("content/workouts/f.md", workout("exercises:\n  - exercise:\n")),
            ("content/workouts/g.md", workout("exercises:\n  - {}\n")),
            ("content/workouts/h.md", workout("exercises: {a: b}\n")),
            ("content/workouts/i.md", workout("exercises:\n  - exercise: row\n    reps: 0\n    hold: 0s\n    sets: 0\n")),
            ("content/workouts/j.md", workout("exercises:\n  - exercise: row\n    rest: 10s\n  - rest: 0s\n")),
            ("content/workouts/k.md", workout("exercises:\n  - rest: 30s\n")),
            ("content/workouts/l.md", workout("rounds: 4294967295\nexercises:\n  - exercise: row\n    sets: 2\n  - exercise: row\n    sets: 3\n")),
            ("content/exercises/row2.md", b("---\ntitle: Row 2\nmuscles:\n  primary: [lats]\n  secondary: [rhomboids]\n---\n")),
            ("content/workouts/m.md", workout("rounds: 4294967295\nexercises:\n  - exercise: row\n  - exercise: row2\n")),
        ]),
        ("deep-yaml", vec![("content/exercises/row.md", deep_yaml.into_bytes())]),
        ("yaml-anchors", vec![("content/exercises/row.md", laughs.into_bytes())]),
        ("odd-yaml", vec![
            ("content/a.md", b("---\ntitle: A\ntitle: B\n---\n")),
            ("content/b.md", b("---\n\ttitle: A\n---\n")),
            ("content/c.md", b("---\ntitle: !!binary aGVsbG8=\n---\n")),
            ("content/d.md", b("---\n? [a, b]\n: c\n---\n")),
            ("content/e.md", b("---\ntitle: A\n...\n---\n")),
            ("content/f.md", b("---\n--- \ntitle: A\n---\n")),
            ("content/g.md", b("---\ntitle: \"unterminated\n---\n")),
            ("content/h.md", b("---\ntitle: A\n---\n---\n---\n")),
            ("content/i.md", b("\u{feff}\u{feff}---\ntitle: A\n---\n")),
            ("content/j.md", b("---\r\ntitle: A\r---\r\n")),
            ("content/k.md", b("---\ntitle: A\u{0}\n---\n")),
        ]),
        ("unicode-names", vec![
            ("content/exercises/über-row.md", ex("")),
            ("content/exercises/🏋.md", ex("")),
            ("content/exercises/a.md", ex("slug: ünïcode\n")),
            ("content/exercises/b.md", ex("slug: \"\"\n")),
            ("content/exercises/c.md", ex("slug: \"---\"\n")),
            ("content/exercises/d.md", ex("slug: /etc/passwd\n")),
            ("content/exercises/e.md", ex("slug: ..\n")),
            ("content/exercises/f.md", ex("aliases: [\"\", \"  \"]\ntags: [\"\", \"!!!\", \"C++\", \"c\"]\n")),
            ("content/exercises/g.md", b("---\ntitle: \"\u{202e}evil\u{200b}\"\nmuscles:\n  primary: [\"Rhomboids\u{200b}\"]\n---\n")),
        ]),
        ("post-dates", vec![
            ("content/blog/2024-02-30-x.md", b("---\ntitle: X\n---\n")),
            ("content/blog/0000-00-00-y.md", b("---\ntitle: Y\n---\n")),
            ("content/blog/9999-99-99-z.md", b("---\ntitle: Z\n---\n")),
            ("content/blog/2024-01-01-.md", b("---\ntitle: Empty\n---\n")),
            ("content/blog/2024-01-01_under.md", b("---\ntitle: U\n---\n")),
            ("content/blog/a.md", b("---\ntitle: A\ndate: 0000-01-01\nupdated: 1999-12-31\n---\n")),
            ("content/blog/b.md", b("---\ntitle: B\ndate: 2024-02-29T10:00:00Z\n---\n")),
            ("content/blog/c.md", b("---\ntitle: C\ndate: 20240101\n---\n")),
            ("content/blog/d.md", b("---\ntitle: D\ndate: 2024-1-1\n---\n")),
        ]),
        ("odd-bodies", vec![
            row.clone(),
            ("content/a.md", body("{{ }}\n\n{{ exercise( }}\n\n{{ (slug=\"x\") }}\n\n{{ exercise(slug=) }}")),
            ("content/b.md", body("{{ exercise(slug=\"row\", slug=\"row\") }}\n\n{{ exercise(slug=\"\\\") }}\n\n{{ workout(slug=3) }}")),
            ("content/c.md", body("[a](@/) [b](@/#) [c](@/../../etc/passwd) [d](@/exercises/) ![e](@/exercises/row.md) [f](@/exercises/row.md#)")),
            ("content/d.md", body(&format!("{}deep", ">".repeat(20000)))),
            ("content/e.md", body(&"[".repeat(50000))),
            ("content/f.md", body(&"*a ".repeat(20000))),
            ("content/g.md", body("# A\n# A\n# A\n\n[^1] [^nope]\n\n[^1]: note\n\n```rust\nfn main() {\n\n```nosuchlang\nx\n")),
            ("content/h.md", body("<script>alert(1)</script><img src=x onerror=alert(1)><!-- {{ exercise(slug=\"row\") }}")),
            ("content/i.md", body(&"x".repeat(1_000_000))),
            ("content/j.md", body("| a | b |\n|---|\n| 1 |\n\n- [ ] t\n- [x] u\n\n~~s~~ \u{0}")),
            ("content/k.md", body("```\n{{ exercise(slug=\"nope\") }}\n```\n\n    {{ exercise(slug=\"nope\") }}")),
        ]),
        ("redirects-and-tags", vec![
            ("content/exercises/a.md", ex("redirect_from: [\"\", \"/\", \"//\", \"a/../b\", \"%2e%2e/x\", \"/exercises/a/\", \"C:\\\\x\"]\n")),
            ("content/exercises/b.md", ex("redirect_from: [/old/, /old/]\n")),
            ("content/exercises/c.md", ex("redirect_from: /old/\n")),
        ]),
        ("reserved-and-odd-pages", vec![
            row.clone(),
            ("content/exercises.md", b("---\ntitle: E\n---\n")),
            ("content/blog.md", b("---\ntitle: B\n---\n")),
            ("content/404.md", b("---\ntitle: N\n---\n")),
            ("content/index.md", b("---\ntitle: I\n---\n")),
            ("content/static.md", b("---\ntitle: S\n---\n")),
            ("content/sub/deeper/about.md", b("---\ntitle: A\n---\n")),
            ("content/cards/_index.md", b("---\ntitle: C\n---\n")),
            ("content/blog/sub/post.md", b("---\ntitle: P\ndate: 2024-01-01\n---\n")),
            ("content/exercises/sub/_index.md", b("---\ntitle: C\n---\n")),
            ("content/exercises/not-markdown.txt", b("hello")),
            ("content/.hidden.md", b("not front matter")),
        ]),
        ("catalogue-overrides", vec![
            row.clone(),
            ("content/muscles/rhomboids.md", b("---\naliases: [traps]\n---\n")),
            ("content/muscles/new.md", b("---\naliases: [lats]\n---\n")),
            ("content/muscles/x.md", b("---\ntitle: X\naliases: [y]\n---\n")),
            ("content/muscles/y.md", b("---\ntitle: Y\naliases: [x]\n---\n")),
            ("content/equipment/none.md", b("---\ntitle: Nothing\n---\n")),
            ("content/equipment/other.md", b("---\nslug: none\n---\n")),
            ("content/muscles/sub/deep.md", b("---\ntitle: Deep\n---\n")),
        ]),
        ("odd-site-yaml", vec![
            row.clone(),
            ("site.yaml", b("- a\n- b\n")),
        ]),
        ("site-yaml-values", vec![
            row.clone(),
            ("site.yaml", b("base_url: ftp://x\ntheme: ../../etc\npaginate_by: 0\nfeatured: [nope]\ncard_size: B7\n")),
        ]),
        ("site-yaml-featured", vec![
            row.clone(),
            ("site.yaml", b("featured: [nope, \"\"]\npaginate_by: 18446744073709551615\nlanguage: \"\"\ntitle: \"\"\n")),
        ]),
        ("site-yaml-not-utf8", vec![row.clone(), ("site.yaml", vec![0xff, 0xfe, 0x00])]),
        ("template-runtime-error", vec![
            row.clone(),
            ("content/about.md", b("---\ntitle: About\n---\n")),
            ("templates/page.html", b("{{ nope.field }}{% include \"missing.html\" %}")),
            ("templates/shortcodes/bad.html", b("{{ args.x.y }}")),
            ("content/b.md", body("{{ bad(x=1) }}")),
        ]),
        ("template-not-utf8", vec![row.clone(), ("templates/page.html", vec![b'<', 0xff, b'>'])]),
        ("no-content-at-all", vec![("README.md", b("nothing here"))]),
    ]
}

/// Runs `check` and `build` on every odd guide; none may panic or crash, each must end with
/// success or a content error (exit 0 or 1), and `build` must say what `check` says. With
/// `SPOTTER_SHOW_ODD=1` it prints what `check` says about each guide, to read the messages.
#[test]
fn no_input_makes_spotter_panic() {
    let show = std::env::var_os("SPOTTER_SHOW_ODD").is_some_and(|v| v == "1");
    let mut problems = Vec::new();
    for (name, files) in odd_guides() {
        let tmp = TempDir::new(&format!("odd-{name}"));
        let root = tmp.join("guide");
        fs::create_dir_all(&root).unwrap();
        for (path, bytes) in &files {
            write(root.join(path), bytes);
        }
        let tmp_path = tmp.path().to_string_lossy().into_owned();
        match check_agrees_with_build(&root, &tmp.join("out")) {
            Err(why) => problems.push(format!("{name}: {}", why.replace(&tmp_path, "TMP"))),
            Ok(run) => {
                if show {
                    eprintln!("=== {name}: exit {}\n{}", run.code, run.stderr);
                }
                if !(run.code == 0 || run.code == 1) {
                    problems.push(format!(
                        "{name}: `spotter check` and `spotter build` exited with {}\n{}",
                        run.code, run.stderr
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} run(s) crashed or misreported:\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}

#[test]
fn odd_file_system_shapes_do_not_panic() {
    let tmp = TempDir::new("odd-fs");
    let mut problems = Vec::new();
    let mut try_guide = |name: &str, root: &Path| match check_agrees_with_build(
        root,
        &tmp.join(format!("out-{name}")),
    ) {
        Err(why) => problems.push(format!("{name}: {why}")),
        Ok(run) if !(run.code == 0 || run.code == 1) => problems.push(format!(
            "{name}: `spotter check` and `spotter build` exited with {}\n{}",
            run.code, run.stderr
        )),
        Ok(_) => {}
    };

    // content/ is a file; content/exercises is a file; a folder is named like a page.
    let a = tmp.join("content-is-a-file");
    write(a.join("content"), "not a folder");
    try_guide("content-is-a-file", &a);
    let b = tmp.join("exercises-is-a-file");
    write(b.join("content/exercises"), "not a folder");
    fs::create_dir_all(b.join("content/blog/folder.md")).unwrap();
    try_guide("exercises-is-a-file", &b);

    // site.yaml is a folder.
    let c = tmp.join("site-yaml-is-a-folder");
    fs::create_dir_all(c.join("site.yaml")).unwrap();
    write(c.join("content/about.md"), "---\ntitle: About\n---\n");
    try_guide("site-yaml-is-a-folder", &c);

    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        // A link loop, a link out of the guide, a dangling link.
        let d = tmp.join("links");
        common::write_mini_theme(&d, "mini");
        write(d.join("site.yaml"), "theme: mini\n");
        write(d.join("content/about.md"), "---\ntitle: About\n---\n");
        fs::create_dir_all(d.join("content/loop")).unwrap();
        symlink(d.join("content"), d.join("content/loop/back")).unwrap();
        write(
            tmp.join("outside/secret.md"),
            "---\ntitle: Secret\n---\nSECRET\n",
        );
        symlink(tmp.join("outside/secret.md"), d.join("content/secret.md")).unwrap();
        symlink(tmp.join("outside"), d.join("content/exercises")).unwrap();
        symlink(tmp.join("nowhere"), d.join("content/dangling.md")).unwrap();
        fs::create_dir_all(d.join("static")).unwrap();
        symlink(tmp.join("outside/secret.md"), d.join("static/secret.txt")).unwrap();
        symlink(tmp.join("outside"), d.join("static/outside")).unwrap();
        fs::create_dir_all(d.join("templates")).unwrap();
        symlink(tmp.join("outside/secret.md"), d.join("templates/page.html")).unwrap();
        try_guide("links", &d);
        assert!(
            tmp.join("out-links/about/index.html").is_file(),
            "the guide with links did not build"
        );
        // Nothing from outside the guide was published.
        for (path, node) in tree(&tmp.join("out-links")) {
            if let common::Node::File(bytes) = node {
                assert!(
                    !String::from_utf8_lossy(&bytes).contains("SECRET"),
                    "{path} holds a file from outside the guide"
                );
            }
        }

        // A file that cannot be read.
        use std::os::unix::fs::PermissionsExt;
        let e = tmp.join("unreadable");
        write(e.join("content/about.md"), "---\ntitle: About\n---\n");
        fs::set_permissions(
            e.join("content/about.md"),
            fs::Permissions::from_mode(0o000),
        )
        .unwrap();
        try_guide("unreadable", &e);
        fs::set_permissions(
            e.join("content/about.md"),
            fs::Permissions::from_mode(0o644),
        )
        .unwrap();
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

// --- What a build does to its output ----------------------------------------------------------

/// A small guide that builds with the mini theme (so these tests are about output handling,
/// not about the default theme), in `dir/guide`.
fn good_guide(dir: &Path) -> PathBuf {
    let root = dir.join("guide");
    common::write_mini_theme(&root, "mini");
    write(root.join("site.yaml"), "title: Test\ntheme: mini\n");
    write(
        root.join("content/exercises/band-row.md"),
        "---\ntitle: Band Row\nmuscles:\n  primary: [rhomboids]\nequipment: [bands]\n---\nRow.\n",
    );
    write(
        root.join("content/exercises/inverted-row.md"),
        "---\ntitle: Inverted Row\nmuscles:\n  primary: [lats]\nregressions: [band-row]\n---\nRow.\n",
    );
    write(
        root.join("content/workouts/rows.md"),
        "---\ntitle: Rows\nexercises:\n  - exercise: band-row\n    reps: 10\n---\n",
    );
    write(
        root.join("content/blog/2024-05-01-why-rows.md"),
        "---\ntitle: Why Rows\n---\nBecause.\n",
    );
    write(root.join("static/robots-extra.txt"), "static file\n");
    root
}

fn build_ok(root: &Path, out: &Path) {
    build(root, out, &[]).expect_code(0);
}

/// No staging or swap folder is left beside the output.
fn assert_no_leftovers(parent: &Path) {
    let stray: Vec<String> = fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("spotter-new") || n.contains("spotter-old"))
        .collect();
    assert!(
        stray.is_empty(),
        "left behind in {}: {stray:?}",
        parent.display()
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_as_it_was() {
    let tmp = TempDir::new("failed-build");
    let root = good_guide(tmp.path());
    let out = tmp.join("site");
    build_ok(&root, &out);
    let before = tree(&out);
    assert!(
        before.contains_key("exercises/band-row/index.html"),
        "{:?}",
        before.keys()
    );

    // A content error.
    write(
        root.join("content/exercises/band-row.md"),
        "---\ntitle: Band Row\nmuscles:\n  primary: [rhomboidz]\n---\nRow.\n",
    );
    let run = build(&root, &out, &[]);
    run.expect_code(1);
    assert!(run.stderr.contains("unknown muscle"), "{}", run.stderr);
    let diff = tree_diff(&before, &tree(&out));
    assert!(
        diff.is_empty(),
        "a failed build changed the output:\n{diff}"
    );
    assert_no_leftovers(tmp.path());

    // A template error found while rendering, after some pages may have been written.
    write(
        root.join("content/exercises/band-row.md"),
        "---\ntitle: Band Row\nmuscles:\n  primary: [rhomboids]\n---\nRow.\n",
    );
    write(
        root.join("templates/post.html"),
        "{{ no_such_variable.field }}",
    );
    build(&root, &out, &[]).expect_code(1);
    let diff = tree_diff(&before, &tree(&out));
    assert!(
        diff.is_empty(),
        "a failed render changed the output:\n{diff}"
    );
    assert_no_leftovers(tmp.path());
}

#[test]
fn an_earlier_output_is_replaced_whole() {
    let tmp = TempDir::new("replace");
    let root = good_guide(tmp.path());
    let out = tmp.join("site");
    build_ok(&root, &out);
    assert!(out.join("exercises/inverted-row/index.html").is_file());
    assert!(out.join("robots-extra.txt").is_file());

    fs::remove_file(root.join("content/exercises/inverted-row.md")).unwrap();
    fs::remove_file(root.join("static/robots-extra.txt")).unwrap();
    build_ok(&root, &out);
    assert!(out.join("exercises/band-row/index.html").is_file());
    assert!(
        !out.join("exercises/inverted-row").exists(),
        "a page whose source is gone is still in the output"
    );
    assert!(
        !out.join("robots-extra.txt").exists(),
        "a static file whose source is gone is still in the output"
    );
    assert_no_leftovers(tmp.path());

    // Building again gives the same files.
    let first = tree(&out);
    build_ok(&root, &out);
    let diff = tree_diff(&first, &tree(&out));
    assert!(diff.is_empty(), "a second build differs:\n{diff}");

    // The default output is public/ under the root, and it is replaced too.
    let run = spotter(
        [OsStr::new("build"), OsStr::new("--root"), root.as_os_str()],
        None,
    );
    run.expect_code(0);
    assert!(root.join("public/exercises/band-row/index.html").is_file());
    build_ok(&root, &root.join("public"));
}

#[test]
fn an_empty_existing_folder_may_be_the_output() {
    let tmp = TempDir::new("empty-out");
    let root = good_guide(tmp.path());
    let out = tmp.join("empty");
    fs::create_dir_all(&out).unwrap();
    build_ok(&root, &out);
    assert!(out.join("index.html").is_file());
}

/// Builds `root` into `output` and expects a refusal that touches nothing under `watch`.
fn expect_refused(root: &Path, output: &Path, watch: &Path, what: &str) {
    let before = tree(watch);
    let run = build(root, output, &[]);
    assert_eq!(
        run.code, 2,
        "building into {what} should be refused with exit 2, got {}\n{}\n{}",
        run.code, run.stdout, run.stderr
    );
    assert!(
        run.stderr.starts_with("error: ") && run.stderr.contains("refusing"),
        "refusing {what} should say so: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&*output.to_string_lossy()),
        "the refusal of {what} should name the path: {}",
        run.stderr
    );
    let diff = tree_diff(&before, &tree(watch));
    assert!(
        diff.is_empty(),
        "refusing {what} still changed files:\n{diff}"
    );
}

#[test]
fn dangerous_output_paths_are_refused_and_nothing_is_touched() {
    let tmp = TempDir::new("refuse");
    let root = good_guide(tmp.path());
    let watch = tmp.path();
    expect_refused(&root, &root, watch, "the guide itself");
    expect_refused(&root, tmp.path(), watch, "the guide's parent");
    expect_refused(&root, &root.join("content"), watch, "content/");
    expect_refused(
        &root,
        &root.join("content/exercises"),
        watch,
        "a folder inside content/",
    );
    expect_refused(
        &root,
        &root.join("content/new-folder"),
        watch,
        "a new folder inside content/",
    );
    expect_refused(&root, &root.join("static"), watch, "static/");
    expect_refused(
        &root,
        &root.join("themes/mini/out"),
        watch,
        "a folder inside themes/",
    );
    expect_refused(
        &root,
        &root.join("content/.."),
        watch,
        "the guide, spelled with ..",
    );

    // A folder holding someone's files.
    let foreign = tmp.join("my-documents");
    write(foreign.join("taxes.txt"), "keep me");
    write(foreign.join("photos/cat.jpg"), [0xff, 0xd8, 0xff]);
    expect_refused(
        &root,
        &foreign,
        watch,
        "a folder that is not Spotter's output",
    );
    assert_eq!(read(foreign.join("taxes.txt")), "keep me");

    // An existing file.
    let file = tmp.join("notes.txt");
    write(&file, "a file");
    expect_refused(&root, &file, watch, "an existing file");
    assert_eq!(read(&file), "a file");
}

#[test]
fn a_relative_root_and_output_are_checked_the_same_way() {
    let tmp = TempDir::new("refuse-relative");
    let root = good_guide(tmp.path());
    let before = tree(tmp.path());
    for output in [".", "..", "content", "./content/exercises"] {
        let run = spotter(["build", "--root", ".", "--output", output], Some(&root));
        assert_eq!(run.code, 2, "--output {output}: {}", run.stderr);
    }
    let diff = tree_diff(&before, &tree(tmp.path()));
    assert!(diff.is_empty(), "a refused build changed files:\n{diff}");
    // And a good relative output works.
    spotter(
        ["build", "--root", "guide", "--output", "site"],
        Some(tmp.path()),
    )
    .expect_code(0);
    assert!(tmp.join("site/index.html").is_file());
}

#[test]
fn check_writes_nothing() {
    let tmp = TempDir::new("check-writes-nothing");
    let root = good_guide(tmp.path());
    let before = tree(tmp.path());
    check(&root).expect_code(0);
    let diff = tree_diff(&before, &tree(tmp.path()));
    assert!(diff.is_empty(), "check wrote files:\n{diff}");
}

#[test]
fn the_bad_cases_can_be_copied_and_still_fail_the_same_way() {
    // The expected files must not depend on where the guide is: copy one case elsewhere and
    // compare.
    let tmp = TempDir::new("copied-case");
    let from = bad_dir().join("unknown-muscle");
    copy_dir(&from, tmp.path());
    let here = check(tmp.path());
    let there = check(&from);
    assert_eq!(transcript(&here), transcript(&there));
}

/// A mistyped `--root` does not pass unnoticed: a missing folder is a usage error that creates
/// nothing, and a folder with no guide in it gets a warning.
#[test]
fn a_root_that_is_not_a_guide_is_refused() {
    let tmp = TempDir::new("not-a-guide");
    let missing = tmp.join("no-such-guide");
    let run = build(&missing, &missing.join("public"), &[]);
    assert_eq!(run.code, 2, "{run:#?}");
    assert!(
        run.stderr.contains("does not exist or is not a folder"),
        "{}",
        run.stderr
    );
    assert!(!missing.exists(), "nothing is created for a missing root");

    let empty = tmp.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let run = check(&empty);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(
        run.stderr.contains("warning:")
            && run
                .stderr
                .contains("has no content/ folder and no site.yaml"),
        "{}",
        run.stderr
    );
}
