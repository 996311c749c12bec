//! A workout page's follow-along player, its estimated time and loads in the site's units:
//! the JSON block the player reads (its steps, escaped so that no note ends the element), the
//! time on the page, the card and in the JSON-LD, and loads converted on exercise pages,
//! workout pages and cards.

use crate::common::*;

/// A guide of a row with a prescription per level, a plank and a two-round workout, with
/// `site.yaml` saying `units`; built, its output folder.
fn guide(units: &str) -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new("player");
    let root = dir.join("guide");
    write(
        root.join("site.yaml"),
        format!("title: Player\nbase_url: https://example.org/\n{units}"),
    );
    write(
        root.join("content/exercises/row.md"),
        "---\ntitle: Row\nmuscles: {primary: [rhomboids]}\nequipment: [dumbbells]\nsets:\n  - {level: beginner, sets: 2, reps: 10, rest: 30s, load: 12kg}\n  - {level: advanced, sets: 4, reps: 6-8, load: RPE 8}\n---\nPull.\n",
    );
    write(
        root.join("content/exercises/plank.md"),
        "---\ntitle: Plank\nmuscles: {primary: [abdominals]}\nsets: {sets: 1, reps: 30s, load: 70%}\n---\nHold.\n",
    );
    write(
        root.join("content/workouts/circuit.md"),
        "---\ntitle: Circuit\nlevel: beginner\nrounds: 2\nrest_between_rounds: 1min\nexercises:\n  - exercise: plank\n    hold: 30s\n    per_side: true\n    note: \"side on </script><script>alert(1)</script>\"\n  - exercise: row\n  - exercise: row\n    reps: 12\n    load: 25lb\n  - rest: 20s\n---\nTwice through.\n",
    );
    let out = dir.join("public");
    build(&root, &out, &[]).expect_clean();
    (dir, out)
}

/// The text of the page's player JSON block, parsed.
fn plan_of(page: &str) -> serde_json::Value {
    let open = "<script type=\"application/json\" id=\"workout-plan\">";
    let start = page.find(open).expect("no player JSON block") + open.len();
    let len = page[start..]
        .find("</script>")
        .expect("the block never ends");
    serde_json::from_str(&page[start..start + len]).expect("the block is not JSON")
}

#[test]
fn a_workout_page_carries_its_plan_for_the_player() {
    let (_dir, out) = guide("units: imperial\n");
    let page = read(out.join("workouts/circuit/index.html"));
    assert!(page.contains(">Start workout</button>"), "no start button");
    assert!(
        page.contains("player.js\" defer></script>"),
        "no player script"
    );
    assert!(
        page.contains("data-player hidden>"),
        "the player must be hidden until its script shows it"
    );
    let plan = plan_of(&page);
    let steps = plan["steps"].as_array().unwrap();
    let shape: Vec<String> = steps
        .iter()
        .map(|s| {
            format!(
                "{} {} {} r{} {}/{} side{} {}",
                s["kind"].as_str().unwrap(),
                s["title"].as_str().unwrap(),
                s["detail"].as_str().unwrap(),
                s["round"],
                s["set"],
                s["sets"],
                s["side"],
                s["seconds"]
            )
        })
        .collect();
    let round = |r: u32| {
        vec![
            format!("work Plank 30 s hold r{r} 1/1 side1 30"),
            format!("work Plank 30 s hold r{r} 1/1 side2 30"),
            // No reps in the item: the row's beginner prescription, its load in pounds.
            format!("work Row 10 reps · 27.5 lb r{r} 1/2 side0 null"),
            format!("rest Rest 30 s r{r} 0/0 side0 30"),
            format!("work Row 10 reps · 27.5 lb r{r} 2/2 side0 null"),
            format!("work Row 12 reps · 25 lb r{r} 1/1 side0 null"),
        ]
    };
    let mut want = round(1);
    // The rest item and the rest between rounds are one rest, the longer.
    want.push("rest Rest 1 min r1 0/0 side0 60".into());
    want.extend(round(2));
    // The rest item at the very end is dropped.
    assert_eq!(shape, want);
    assert_eq!(steps[6]["rest"], "rounds");
    // 2 × (2 × 30 s hold + 2 × 10 reps at 3 s + 30 s + 12 reps at 3 s) + 60 s = 432 s.
    assert_eq!(plan["seconds"], 432);
    assert_eq!(plan["rounds"], 2);

    // A note's </script> cannot end the block, and comes back whole.
    assert_eq!(
        steps[0]["note"],
        "side on </script><script>alert(1)</script>"
    );
    assert!(!page.contains("<script>alert(1)"), "the note broke out");

    // The time, to the minute, on the page and in the JSON-LD.
    assert!(
        page.contains("<time datetime=\"PT7M\">About 7 min</time>"),
        "no time on the page"
    );
    assert!(page.contains("\"totalTime\":\"PT7M\""), "no totalTime");
    // Loads in the list, in pounds; the card has the time and the loads too.
    assert!(page.contains("<span class=\"item-load\">25 lb</span>"));
    assert!(page.contains("<span class=\"item-load\">27.5 lb</span>"));
    let card = read(out.join("cards/circuit/index.html"));
    assert!(card.contains("About 7 min"), "no time on the card");
    assert!(card.contains(" · 27.5 lb"), "no load on the card");
}

#[test]
fn units_decide_how_loads_show_on_exercise_pages() {
    let (_dir, metric) = guide("");
    let row = read(metric.join("exercises/row/index.html"));
    assert!(row.contains("2 × 10 · 12 kg · rest 30 s"), "{row}");
    assert!(row.contains("4 × 6–8 · RPE 8"));
    let plank = read(metric.join("exercises/plank/index.html"));
    assert!(plank.contains("1 × 30 s · 70% 1RM"));
    let workout = read(metric.join("workouts/circuit/index.html"));
    // A load written in pounds is shown in kilograms, to the nearest 1.25 kg.
    assert!(workout.contains("<span class=\"item-load\">11.25 kg</span>"));

    let (_dir, both) = guide("units: both\n");
    let row = read(both.join("exercises/row/index.html"));
    assert!(
        row.contains("2 × 10 · 12 kg (27.5 lb) · rest 30 s"),
        "{row}"
    );
    let workout = read(both.join("workouts/circuit/index.html"));
    assert!(workout.contains("<span class=\"item-load\">25 lb (11.25 kg)</span>"));
    assert!(plan_of(&workout)["steps"][2]["detail"] == "10 reps · 12 kg (27.5 lb)");
}

#[test]
fn the_card_says_the_rest_between_sets_the_player_takes() {
    let dir = TempDir::new("player-rest");
    let root = dir.join("guide");
    write(
        root.join("site.yaml"),
        "title: Rest\nbase_url: https://example.org/\n",
    );
    // The row prescribes 90 s between its sets; the plank prescribes nothing.
    write(
        root.join("content/exercises/row.md"),
        "---\ntitle: Row\nmuscles: {primary: [rhomboids]}\nsets: {sets: 3, reps: 10, rest: 90s}\n---\nPull.\n",
    );
    write(
        root.join("content/exercises/plank.md"),
        "---\ntitle: Plank\nmuscles: {primary: [abdominals]}\n---\nHold.\n",
    );
    // Items giving their own reps and holds, with more than one set.
    write(
        root.join("content/workouts/w.md"),
        "---\ntitle: W\nexercises:\n  - exercise: row\n    sets: 2\n    reps: 12\n  - exercise: plank\n    sets: 2\n    hold: 20s\n---\n",
    );
    let out = dir.join("public");
    build(&root, &out, &[]).expect_code(0);
    let plan = plan_of(&read(out.join("workouts/w/index.html")));
    let rests: Vec<u64> = (plan["steps"].as_array().unwrap().iter())
        .filter(|s| s["kind"] == "rest")
        .map(|s| s["seconds"].as_u64().unwrap())
        .collect();
    assert_eq!(rests, [90, 45]);
    let card = read(out.join("cards/w/index.html"));
    assert!(card.contains("rest 1 min 30 s between sets"), "{card}");
    assert!(
        !card.contains("rest 45 s between sets"),
        "a rest the guide does not give is not printed: {card}"
    );
}
