//! The scaffolding commands end to end: `spotter init`, `spotter new` and `spotter schema`, run
//! as a user would run them, with what they write checked by `spotter check` and `spotter build`.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{self, Run, TempDir};

/// Runs `spotter ARGS` in `dir`.
fn spotter(dir: &Path, args: &[&str]) -> Run {
    common::spotter(args, Some(dir))
}

/// Runs `spotter ARGS` in `dir` and insists it succeeded.
fn ok(dir: &Path, args: &[&str]) -> Run {
    let run = spotter(dir, args);
    assert_eq!(run.code, 0, "spotter {args:?} failed:\n{run:#?}");
    run
}

/// A scratch folder with a new guide in `guide/`, and the guide's path.
fn new_guide(label: &str) -> (TempDir, PathBuf) {
    let tmp = TempDir::new(label);
    ok(tmp.path(), &["init", "guide"]);
    let guide = tmp.join("guide");
    (tmp, guide)
}

fn check_passes(guide: &Path) {
    let run = ok(guide, &["check"]);
    assert!(run.stdout.contains("no errors"), "{run:#?}");
}

#[test]
fn init_makes_a_guide_that_checks_and_builds() {
    let tmp = TempDir::new("init");
    let run = ok(tmp.path(), &["init", "my-guide"]);
    assert!(
        run.stdout.contains("cd my-guide && spotter serve"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("spotter build"), "{}", run.stdout);
    assert!(run.stdout.contains("themes/default/"), "{}", run.stdout);
    let guide = tmp.join("my-guide");
    for file in [
        "site.yaml",
        ".gitignore",
        "content/_index.md",
        "content/about.md",
        "content/exercises/push-up.md",
        "content/exercises/incline-push-up.md",
        "content/workouts/push-up-builder.md",
    ] {
        assert!(guide.join(file).is_file(), "{file} was not written");
    }
    let posts: Vec<_> = fs::read_dir(guide.join("content/blog")).unwrap().collect();
    assert_eq!(posts.len(), 1);
    assert!(!guide.join("themes").exists(), "the theme is built in");
    let site = fs::read_to_string(guide.join("site.yaml")).unwrap();
    assert!(site.contains("title: My Guide\n"), "{site}");
    assert!(site.contains("base_url: "), "{site}");
    assert_eq!(
        fs::read_to_string(guide.join(".gitignore")).unwrap(),
        "/public\n/.spotter-cache\n"
    );

    let run = ok(&guide, &["check"]);
    assert!(
        run.stdout
            .contains("checked 2 exercises, 1 workout, 1 post, 1 page"),
        "{run:#?}"
    );
    // The one warning is of the placeholder base_url, until the guide says where it lives.
    assert!(
        run.stderr
            .starts_with("site.yaml:15:11: warning: base_url https://my-guide.example/ is an address reserved for examples"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("warning").count(), 1, "{}", run.stderr);
    ok(&guide, &["build"]);
    let home = fs::read_to_string(guide.join("public/index.html")).unwrap();
    assert!(home.contains("My Guide"));
    assert!(guide
        .join("public/exercises/incline-push-up/index.html")
        .is_file());
    assert!(guide
        .join("public/cards/push-up-builder/index.html")
        .is_file());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = TempDir::new("init-refuses");
    fs::create_dir(tmp.join("full")).unwrap();
    fs::write(tmp.join("full/notes.txt"), "mine").unwrap();
    let run = spotter(tmp.path(), &["init", "full"]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(run.stderr.contains("full is not empty"), "{}", run.stderr);
    assert_eq!(fs::read_dir(tmp.join("full")).unwrap().count(), 1);

    // A guide made earlier is not empty either.
    ok(tmp.path(), &["init", "guide"]);
    let before = fs::read_to_string(tmp.join("guide/site.yaml")).unwrap();
    assert_eq!(spotter(tmp.path(), &["init", "guide"]).code, 1);
    assert_eq!(
        fs::read_to_string(tmp.join("guide/site.yaml")).unwrap(),
        before
    );

    // A file is not a folder.
    fs::write(tmp.join("file"), "x").unwrap();
    assert_eq!(spotter(tmp.path(), &["init", "file"]).code, 1);
}

#[test]
fn init_accepts_an_empty_folder_and_one_with_only_hidden_files() {
    let tmp = TempDir::new("init-empty");
    fs::create_dir_all(tmp.join("empty")).unwrap();
    ok(&tmp.join("empty"), &["init", "."]);
    check_passes(&tmp.join("empty"));

    fs::create_dir_all(tmp.join("repo/.git")).unwrap();
    fs::write(tmp.join("repo/.gitignore"), "/target\n").unwrap();
    ok(tmp.path(), &["init", "repo"]);
    assert_eq!(
        fs::read_to_string(tmp.join("repo/.gitignore")).unwrap(),
        "/target\n/public\n/.spotter-cache\n"
    );
    check_passes(&tmp.join("repo"));
}

#[test]
fn new_exercise_writes_a_page_that_checks() {
    let (_tmp, guide) = new_guide("new-exercise");
    let run = ok(&guide, &["new", "exercise", "Band Pull-Apart"]);
    assert_eq!(run.stdout.trim(), "content/exercises/band-pull-apart.md");
    let path = guide.join("content/exercises/band-pull-apart.md");
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("---\ntitle: Band Pull-Apart\ndraft: true "),
        "{text}"
    );
    for part in [
        "summary:",
        "primary: [rhomboids]",
        "secondary: []",
        "equipment: []",
        "level: beginner",
        "sets: 3x8-12",
        "regressions: []",
        "progressions: []",
        "aliases: []",
        "## How to do it",
        "## Cues",
        "## Common mistakes",
    ] {
        assert!(text.contains(part), "no {part:?} in:\n{text}");
    }
    // A draft until its author says otherwise: checked with --drafts, not built without.
    let run = ok(&guide, &["check"]);
    assert!(run.stdout.contains("checked 2 exercises"), "{run:#?}");
    let run = ok(&guide, &["check", "--drafts"]);
    assert!(run.stdout.contains("checked 3 exercises"), "{run:#?}");
    // Only the init's placeholder base_url is warned of.
    assert_eq!(run.stderr.matches("warning").count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("base_url https://my-guide.example/"),
        "{}",
        run.stderr
    );

    // Published with the starter's sentences still in it: each is pointed out.
    fs::write(&path, text.replace("draft: true", "weight: 1")).unwrap();
    let run = ok(&guide, &["check"]);
    assert!(run.stdout.contains("checked 3 exercises"), "{run:#?}");
    let expected = [
        "content/exercises/band-pull-apart.md:4:10: warning: this is the placeholder text `spotter new` wrote, and the page is published",
        " 4 | summary: One or two sentences on what the exercise is and what it is good for.",
        "content/exercises/band-pull-apart.md:20:4: warning",
        "content/exercises/band-pull-apart.md:26:3: warning",
        "hint: write the page's own words here, or put `draft: true` back in its front matter until it is ready",
    ];
    for line in expected {
        assert!(run.stderr.contains(line), "no {line:?} in:\n{}", run.stderr);
    }
    assert!(!run.stderr.contains("## How to do it"), "{}", run.stderr);
}

#[test]
fn new_takes_a_root_and_prints_the_path_under_it() {
    let (tmp, guide) = new_guide("new-root");
    let run = ok(
        tmp.path(),
        &["new", "exercise", "Face Pull: Seated", "--root", "guide"],
    );
    let written = PathBuf::from(run.stdout.trim());
    assert_eq!(
        written,
        Path::new("guide").join("content/exercises/face-pull-seated.md")
    );
    let text = fs::read_to_string(tmp.path().join(&written)).unwrap();
    assert!(text.contains("title: \"Face Pull: Seated\"\n"), "{text}");
    check_passes(&guide);
}

#[test]
fn new_workout_names_an_exercise_of_the_guide_and_checks() {
    let (_tmp, guide) = new_guide("new-workout");
    let run = ok(&guide, &["new", "workout", "Morning Circuit"]);
    assert_eq!(run.stdout.trim(), "content/workouts/morning-circuit.md");
    let text = fs::read_to_string(guide.join("content/workouts/morning-circuit.md")).unwrap();
    for part in [
        "title: Morning Circuit\n",
        "summary:",
        "level: beginner",
        "rounds:",
        "rest_between_rounds:",
        "schedule:",
        "  - exercise: incline-push-up\n",
    ] {
        assert!(text.contains(part), "no {part:?} in:\n{text}");
    }
    assert!(text.contains("draft: true"), "{text}");
    let run = ok(&guide, &["check", "--drafts"]);
    assert!(run.stdout.contains("2 workouts"), "{run:#?}");
}

#[test]
fn new_workout_in_a_guide_without_exercises_shows_an_example_instead() {
    let tmp = TempDir::new("new-workout-empty");
    fs::write(tmp.join("site.yaml"), "title: Empty\n").unwrap();
    let run = ok(tmp.path(), &["new", "workout", "Solo"]);
    assert!(run.stderr.contains("no exercise yet"), "{run:#?}");
    let text = fs::read_to_string(tmp.join("content/workouts/solo.md")).unwrap();
    assert!(text.contains("exercises: []"), "{text}");
    assert!(text.contains("# - exercise: "), "{text}");
}

#[test]
fn new_post_is_dated_and_checks() {
    let (_tmp, guide) = new_guide("new-post");
    let run = ok(
        &guide,
        &["new", "post", "Why Rows?", "--date", "2024-05-01"],
    );
    assert_eq!(run.stdout.trim(), "content/blog/2024-05-01-why-rows.md");
    let text = fs::read_to_string(guide.join("content/blog/2024-05-01-why-rows.md")).unwrap();
    for part in [
        "title: Why Rows?\n",
        "date: 2024-05-01\n",
        "summary:",
        "tags: []",
        "{{ exercise(slug=",
        "(@/exercises/",
    ] {
        assert!(text.contains(part), "no {part:?} in:\n{text}");
    }
    assert!(text.contains("draft: true"), "{text}");
    let run = ok(&guide, &["check", "--drafts"]);
    assert!(run.stdout.contains("2 posts"), "{run:#?}");
    ok(&guide, &["build"]);
    assert!(!guide.join("public/blog/why-rows/index.html").exists());
    ok(&guide, &["build", "--drafts"]);
    assert!(guide.join("public/blog/why-rows/index.html").is_file());
}

#[test]
fn new_post_without_a_date_is_dated_today() {
    let (_tmp, guide) = new_guide("new-post-today");
    let run = ok(&guide, &["new", "post", "Today"]);
    let path = run.stdout.trim();
    let name = path.strip_prefix("content/blog/").unwrap();
    let date = &name[..10];
    assert!(name.ends_with("-today.md"), "{path}");
    let b = date.as_bytes();
    assert!(
        b.len() == 10 && b[4] == b'-' && b[7] == b'-' && date.starts_with("20"),
        "{date}"
    );
    let text = fs::read_to_string(guide.join(path)).unwrap();
    assert!(text.contains(&format!("date: {date}\n")), "{text}");
    check_passes(&guide);
}

#[test]
fn new_refuses_an_existing_file_or_slug() {
    let (_tmp, guide) = new_guide("new-exists");
    let file = guide.join("content/exercises/push-up.md");
    let before = fs::read_to_string(&file).unwrap();
    let run = spotter(&guide, &["new", "exercise", "Push-Up"]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(
        run.stderr
            .contains("content/exercises/push-up.md already exists"),
        "{}",
        run.stderr
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), before);

    // Another file that publishes under the same slug.
    fs::create_dir_all(guide.join("content/exercises/upper")).unwrap();
    fs::write(
        guide.join("content/exercises/upper/row.md"),
        "---\ntitle: Row\nmuscles:\n  primary: [rhomboids]\n---\n",
    )
    .unwrap();
    let run = spotter(&guide, &["new", "exercise", "Row"]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(
        run.stderr.contains("content/exercises/upper/row.md"),
        "{}",
        run.stderr
    );
    assert!(!guide.join("content/exercises/row.md").exists());
    ok(&guide, &["new", "post", "Note", "--date", "2024-01-01"]);
    let run = spotter(&guide, &["new", "post", "Note", "--date", "2024-02-02"]);
    assert_eq!(run.code, 1, "{run:#?}");
}

#[test]
fn new_refuses_bad_usage_with_status_2() {
    let (_tmp, guide) = new_guide("new-usage");
    for args in [
        &["new", "banana", "X"][..],
        &["new", "exercise", "!!!"],
        &["new", "exercise", "X", "--date", "2024-01-01"],
        &["new", "post", "X", "--date", "2024-02-30"],
        &["new", "exercise"],
    ] {
        let run = spotter(&guide, args);
        assert_eq!(run.code, 2, "{args:?}: {run:#?}");
    }
    let run = spotter(&guide, &["new", "banana", "X"]);
    assert!(run.stderr.contains("banana"), "{}", run.stderr);
    assert!(!guide.join("content/banana").exists());
    // Outside any guide.
    let outside = TempDir::new("new-outside");
    let run = spotter(outside.path(), &["new", "exercise", "X"]);
    assert_eq!(run.code, 2, "{run:#?}");
    assert!(run.stderr.contains("spotter init"), "{}", run.stderr);
    assert!(!outside.join("content").exists());
}

#[test]
fn schema_prints_one_schema_for_any_page_or_one_kind() {
    let tmp = TempDir::new("schema");
    let any = json(&ok(tmp.path(), &["schema"]).stdout);
    assert_eq!(any["$schema"], "http://json-schema.org/draft-07/schema#");
    // One definition a kind of page, and the schema is any one of them.
    let kinds = [
        "exercise",
        "workout",
        "program",
        "post",
        "page",
        "section",
        "muscle",
        "equipment",
    ];
    let refs: Vec<Value> = kinds
        .iter()
        .map(|kind| serde_json::json!({ "$ref": format!("#/definitions/{kind}") }))
        .collect();
    assert_eq!(any["anyOf"], Value::Array(refs), "{any:#}");
    let definitions = any["definitions"].as_object().expect("definitions");
    let mut defined: Vec<&str> = definitions.keys().map(String::as_str).collect();
    let mut wanted = kinds.to_vec();
    defined.sort();
    wanted.sort();
    // site.yaml is not front matter: it has a schema of its own.
    assert_eq!(defined, wanted, "{any:#}");
    for kind in kinds {
        let definition = &definitions[kind];
        assert_eq!(definition["type"], "object", "{kind}: {definition:#}");
        assert_eq!(definition["additionalProperties"], false, "{kind}");
        assert!(definition["properties"]["title"].is_object(), "{kind}");
    }

    let site = json(&ok(tmp.path(), &["schema", "--kind", "site"]).stdout);
    assert_eq!(site["$schema"], "http://json-schema.org/draft-07/schema#");
    assert!(site["properties"]["card_size"].is_object(), "{site:#}");
    assert!(site["properties"]["base_url"].is_object(), "{site:#}");
    assert!(site["properties"]["regressions"].is_null(), "{site:#}");

    // One kind alone is that kind's definition, as a schema of its own.
    let one = json(&ok(tmp.path(), &["schema", "--kind", "exercise"]).stdout);
    assert_eq!(one["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(one["additionalProperties"], false);
    for key in ["title", "muscles", "sets", "regressions", "progressions"] {
        assert!(one["properties"][key].is_object(), "no {key}: {one:#}");
    }
    assert_eq!(one["properties"], definitions["exercise"]["properties"]);
    assert!(one.get("definitions").is_none() && one.get("anyOf").is_none());
    assert_eq!(spotter(tmp.path(), &["schema", "--kind", "banana"]).code, 2);
}

/// `text` parsed as JSON.
fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}
