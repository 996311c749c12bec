//! A workout as it is played: every round, set, side and rest in order, as the follow-along
//! player steps through them, and how long that takes.
//!
//! One [`Plan`] serves both: the player reads its steps from a JSON block in the workout's
//! page ([`Plan::json`]), and the page, the card and the JSON-LD show its estimated time
//! ([`Plan::seconds`]). The estimate counts holds and rests as written; a set of reps takes
//! [`REP_SECONDS`] a rep (or the prescription's tempo, its parts added up), a range its middle
//! and `max` [`MAX_REPS`] reps; sets of one exercise are [`SET_REST`] apart unless the
//! prescription gives its own rest. An item that gives neither reps nor a hold is played as
//! its exercise's own prescription (`sets:`, for the workout's level).
//!
//! It is not for showing the items as a list (`views`), nor for reading what was written
//! (`source::prescription`).

use serde::Serialize;

use crate::model::{Exercise, Guide, Id, Item, Step, Target};
use crate::source::prescription::{Level, Load, Reps, Seconds, Units};

/// The time a rep takes when the prescription gives no tempo.
pub const REP_SECONDS: u32 = 3;
/// The reps a set of `max` is counted as.
pub const MAX_REPS: u32 = 10;
/// The rest between two sets of one exercise when its prescription gives none.
pub const SET_REST: Seconds = Seconds(45);
/// The most steps a plan holds. A workout of more (thousands of rounds or sets, which no one
/// does) gets no steps, so no player, and its time is the plain sum of its parts.
pub const MAX_STEPS: u64 = 5000;

/// What one exercise item asks for, once its exercise's own prescription has filled in what
/// the item leaves out.
#[derive(Debug, Clone, PartialEq)]
pub struct Dose {
    /// Sets in each round.
    pub sets: u32,
    /// Reps (or a hold written as reps) of each set.
    pub reps: Option<Reps>,
    /// A hold: the whole set, or each rep when reps are given too.
    pub hold: Option<Seconds>,
    /// Each side in turn.
    pub per_side: bool,
    /// Rest between sets: what its exercise prescribes for the level, when it says.
    pub rest: Option<Seconds>,
    /// How heavy.
    pub load: Option<Load>,
    /// The tempo, as written.
    pub tempo: Option<String>,
}

impl Dose {
    /// The dose of `step`, an item naming `exercise`, in a workout for `level`: the item's own
    /// reps or hold, or else the exercise's prescription for that level (its sets too, unless
    /// the item gives them).
    pub fn of(step: &Step, exercise: &Exercise, level: Option<Level>) -> Dose {
        let prescribed =
            (exercise.sets.as_ref()).map(|sets| sets.for_level(level.or(exercise.level)));
        let own = Dose {
            sets: step.sets,
            reps: step.reps,
            hold: step.hold,
            per_side: step.per_side,
            // An item gives no rest of its own: its exercise's, as with its own reps.
            rest: prescribed.and_then(|p| p.rest),
            load: step.load,
            tempo: None,
        };
        if step.reps.is_some() || step.hold.is_some() {
            return own;
        }
        let Some(p) = prescribed else {
            return own;
        };
        Dose {
            sets: if step.sets_given { step.sets } else { p.sets },
            reps: Some(p.reps),
            hold: None,
            per_side: step.per_side || p.per_side,
            rest: p.rest,
            load: step.load.or(p.load),
            tempo: p.tempo.clone(),
        }
    }

    /// How long one set (one side of it) is held, when it is timed: a hold, or reps written
    /// as a hold.
    fn timed(&self) -> Option<Seconds> {
        match (self.reps, self.hold) {
            (Some(Reps::Hold(h)), _) | (None, Some(h)) => Some(h),
            _ => None,
        }
    }

    /// The estimated time of one set (one side of it) of reps.
    fn rep_set_seconds(&self) -> u32 {
        let reps = match self.reps {
            Some(Reps::Count(n)) => n,
            Some(Reps::Range(lo, hi)) => lo + (hi - lo).div_ceil(2),
            Some(Reps::Max) => MAX_REPS,
            Some(Reps::Hold(_)) | None => 1,
        };
        let pace = self.tempo.as_deref().map_or(REP_SECONDS, tempo_seconds);
        let held = self.hold.map_or(0, |h| h.0);
        reps.saturating_mul(pace.saturating_add(held))
    }

    /// What a set asks for in words: `10 reps`, `8–12 reps`, `max reps`, `30 s hold`,
    /// `10 reps, 2 s hold each`, with its load: `10 reps · 12 kg`.
    fn detail(&self, units: Units) -> String {
        let mut out = match (self.reps, self.hold) {
            (Some(Reps::Hold(h)), _) | (None, Some(h)) => format!("{h} hold"),
            (Some(r), Some(h)) => format!("{r} reps, {h} hold each"),
            (Some(r), None) => format!("{r} reps"),
            (None, None) => "1 set".to_string(),
        };
        if let Some(load) = &self.load {
            out.push_str(&format!(" · {}", load.show(units)));
        }
        out
    }
}

/// The seconds of one rep at `tempo` (`3-1-1` is 5; an explosive `x` counts as 1).
fn tempo_seconds(tempo: &str) -> u32 {
    let total: u32 = tempo
        .split('-')
        .map(|p| p.trim().parse::<u32>().unwrap_or(1))
        .sum();
    total.max(1)
}

/// One step of the player.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlayStep {
    /// `work` or `rest`.
    pub kind: &'static str,
    /// The exercise's name, or `Rest`.
    pub title: String,
    /// The exercise's page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// What the step asks for: `10 reps · 12 kg`, `30 s hold`; a rest's length, `45 s`.
    pub detail: String,
    /// How long the step's clock runs; `None` when it waits for the reader (a set of reps).
    pub seconds: Option<u32>,
    /// Its estimated length: `seconds`, or the reps at their pace.
    pub estimate: u32,
    /// The round, from 1.
    pub round: u32,
    /// The set of its exercise, from 1 (0 for a rest).
    pub set: u32,
    /// The sets of its exercise in this round (0 for a rest).
    pub sets: u32,
    /// 1 or 2 for the first or second side of a per-side set; 0 otherwise.
    pub side: u32,
    /// A rest's reason: `item` (written in the list), `sets` (between sets) or `rounds`.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub rest: &'static str,
    /// The item's coaching note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A workout as the player plays it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// The workout's title.
    pub title: String,
    /// Its rounds.
    pub rounds: u32,
    /// Every step, in order.
    pub steps: Vec<PlayStep>,
    /// The estimated time of the whole workout, in seconds.
    pub seconds: u32,
}

impl Plan {
    /// The plan of workout `id` of `guide`, its loads shown in the site's units.
    pub fn of(guide: &Guide, id: Id) -> Plan {
        let w = &guide.workouts[id];
        let units = guide.config.units;
        let (count, plain) = size_of(guide, id);
        if count > MAX_STEPS {
            return Plan {
                title: w.meta.title.clone(),
                rounds: w.rounds,
                steps: Vec::new(),
                seconds: u32::try_from(plain).unwrap_or(u32::MAX),
            };
        }
        let mut steps: Vec<PlayStep> = Vec::new();
        for round in 1..=w.rounds {
            if round > 1 {
                if let Some(rest) = w.rest_between_rounds {
                    push_rest(&mut steps, rest, round - 1, "rounds");
                }
            }
            for item in &w.items {
                match item {
                    Item::Rest(s) => push_rest(&mut steps, *s, round, "item"),
                    Item::Exercise(step) => {
                        // Always there in a linked guide; a guide changed by hand may lack it.
                        let Some(exercise) = guide.exercises.get(step.exercise) else {
                            continue;
                        };
                        let dose = Dose::of(step, exercise, w.level);
                        let url = guide.url_of(&Target::Exercise(step.exercise));
                        push_sets(&mut steps, &dose, step, exercise, url, round, units);
                    }
                }
            }
        }
        // A rest after the last set ends nothing: the workout is over.
        while steps.last().is_some_and(|s| s.kind == "rest") {
            steps.pop();
        }
        let seconds = steps
            .iter()
            .fold(0u32, |sum, s| sum.saturating_add(s.estimate));
        Plan {
            title: w.meta.title.clone(),
            rounds: w.rounds,
            steps,
            seconds,
        }
    }

    /// The plan as JSON for a `<script type="application/json">` element: `<` is written
    /// `\u003c`, so no text of the guide (a note holding `</script>`) can end the element.
    pub fn json(&self) -> String {
        crate::render::feeds::json(self).replace('<', "\\u003c")
    }
}

/// How many steps workout `id` has, and its time as the plain sum of its parts (rests not
/// merged), without making the steps.
fn size_of(guide: &Guide, id: Id) -> (u64, u64) {
    let w = &guide.workouts[id];
    let (mut count, mut seconds) = (0u64, 0u64);
    for item in &w.items {
        match item {
            Item::Rest(s) => {
                count += 1;
                seconds = seconds.saturating_add(u64::from(s.0));
            }
            Item::Exercise(step) => {
                let Some(exercise) = guide.exercises.get(step.exercise) else {
                    continue;
                };
                let dose = Dose::of(step, exercise, w.level);
                let sides: u64 = if dose.per_side { 2 } else { 1 };
                let sets = u64::from(dose.sets);
                let set = u64::from(dose.timed().map_or_else(|| dose.rep_set_seconds(), |h| h.0));
                let rest = u64::from(dose.rest.unwrap_or(SET_REST).0);
                count = count.saturating_add(sets.saturating_mul(sides + 1));
                seconds = seconds
                    .saturating_add(sets.saturating_mul(sides).saturating_mul(set))
                    .saturating_add(sets.saturating_sub(1).saturating_mul(rest));
            }
        }
    }
    let rounds = u64::from(w.rounds);
    let between = u64::from(w.rest_between_rounds.map_or(0, |s| s.0));
    (
        count.saturating_add(1).saturating_mul(rounds),
        seconds
            .saturating_mul(rounds)
            .saturating_add(rounds.saturating_sub(1).saturating_mul(between)),
    )
}

/// Adds a rest of `length` in `round`; a rest straight after another is taken with it, as one
/// rest of the longer length (a rest at the end of a round, then the rest between rounds).
fn push_rest(steps: &mut Vec<PlayStep>, length: Seconds, round: u32, why: &'static str) {
    if length.0 == 0 {
        return;
    }
    if let Some(last) = steps.last_mut().filter(|s| s.kind == "rest") {
        if length.0 > last.estimate {
            last.estimate = length.0;
            last.seconds = Some(length.0);
            last.detail = length.to_string();
        }
        if why == "rounds" {
            last.rest = why;
        }
        return;
    }
    steps.push(PlayStep {
        kind: "rest",
        title: "Rest".into(),
        url: None,
        detail: length.to_string(),
        seconds: Some(length.0),
        estimate: length.0,
        round,
        set: 0,
        sets: 0,
        side: 0,
        rest: why,
        note: None,
    });
}

/// Adds the sets of one exercise item in `round`: each set (each side of it) a step, with
/// the rest between sets.
fn push_sets(
    steps: &mut Vec<PlayStep>,
    dose: &Dose,
    step: &Step,
    exercise: &Exercise,
    url: String,
    round: u32,
    units: Units,
) {
    let timed = dose.timed();
    let estimate = timed.map_or_else(|| dose.rep_set_seconds(), |h| h.0);
    let detail = dose.detail(units);
    let sides: &[u32] = if dose.per_side { &[1, 2] } else { &[0] };
    for set in 1..=dose.sets {
        if set > 1 {
            push_rest(steps, dose.rest.unwrap_or(SET_REST), round, "sets");
        }
        for &side in sides {
            steps.push(PlayStep {
                kind: "work",
                title: exercise.meta.title.clone(),
                url: Some(url.clone()),
                detail: detail.clone(),
                seconds: timed.map(|h| h.0),
                estimate,
                round,
                set,
                sets: dose.sets,
                side,
                rest: "",
                note: step.note.clone(),
            });
        }
    }
}

/// An estimated time in words, to the minute: `about 6 min`, `about 1 h 5 min`; under a
/// minute, `under 1 min`.
pub fn about(seconds: u32) -> String {
    let minutes = seconds.saturating_add(30) / 60;
    match (minutes / 60, minutes % 60) {
        (0, 0) => "under 1 min".into(),
        (0, m) => format!("about {m} min"),
        (h, 0) => format!("about {h} h"),
        (h, m) => format!("about {h} h {m} min"),
    }
}

/// An estimated time to the minute, for schema.org's `totalTime`: `PT6M`, `PT1H5M`.
pub fn iso8601(seconds: u32) -> String {
    let minutes = (seconds.saturating_add(30) / 60).max(1);
    Seconds(minutes * 60).iso8601()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::link::testing::link;

    /// A guide with a row (3x8-12, or per level), a plank and `workout` as `workouts/w.md`.
    fn plan_of(workout: &str, site_units: Units) -> Plan {
        let (mut guide, errors) = link(&[
            (
                "exercises/row.md",
                "title: Row\nmuscles: {primary: [rhomboids]}\nsets:\n  - {level: beginner, sets: 2, reps: 10, rest: 30s, load: 10kg}\n  - {level: advanced, sets: 4, reps: 6-8, tempo: 3-1-1, load: RPE 8}",
            ),
            ("exercises/plank.md", "title: Plank\nmuscles: {primary: [rhomboids]}"),
            ("workouts/w.md", workout),
        ]);
        assert_eq!(errors, Vec::<String>::new());
        guide.config.units = site_units;
        Plan::of(&guide, 0)
    }

    fn shape(plan: &Plan) -> Vec<String> {
        plan.steps
            .iter()
            .map(|s| {
                let clock = s.seconds.map_or("wait".to_string(), |n| format!("{n}s"));
                match s.kind {
                    "rest" => format!("r{} rest/{} {clock}", s.round, s.rest),
                    _ => format!(
                        "r{} {} {}/{}{} {} {clock}",
                        s.round,
                        s.title,
                        s.set,
                        s.sets,
                        ["", " L", " R"][s.side as usize],
                        s.detail
                    ),
                }
            })
            .collect()
    }

    #[test]
    fn rounds_sets_sides_and_rests_play_in_order() {
        let plan = plan_of(
            "title: W\nrounds: 2\nrest_between_rounds: 1min\nexercises:\n  - exercise: plank\n    hold: 30s\n    per_side: true\n  - exercise: row\n    sets: 2\n    reps: 12\n    load: 25lb\n  - rest: 20s",
            Units::Both,
        );
        assert_eq!(
            shape(&plan),
            [
                "r1 Plank 1/1 L 30 s hold 30s",
                "r1 Plank 1/1 R 30 s hold 30s",
                "r1 Row 1/2 12 reps · 25 lb (11.25 kg) wait",
                // The row's own rest (its prescription's), though the item gives its reps.
                "r1 rest/sets 30s",
                "r1 Row 2/2 12 reps · 25 lb (11.25 kg) wait",
                // The rest item and the rest between rounds, back to back: one rest, the longer.
                "r1 rest/rounds 60s",
                "r2 Plank 1/1 L 30 s hold 30s",
                "r2 Plank 1/1 R 30 s hold 30s",
                "r2 Row 1/2 12 reps · 25 lb (11.25 kg) wait",
                "r2 rest/sets 30s",
                "r2 Row 2/2 12 reps · 25 lb (11.25 kg) wait",
                // The rest at the very end is dropped.
            ]
        );
        // Per round: 2 × 30 s holds, 2 sets of 12 reps at 3 s (72 s) and 30 s between them;
        // then 60 s between the rounds.
        assert_eq!(plan.seconds, 2 * (60 + 72 + 30) + 60);
        assert_eq!(about(plan.seconds), "about 6 min");
        // An exercise that prescribes no rest: 45 s between its sets.
        let plank = plan_of(
            "title: W\nexercises:\n  - exercise: plank\n    sets: 2\n    hold: 20s",
            Units::Metric,
        );
        assert_eq!(
            shape(&plank),
            [
                "r1 Plank 1/2 20 s hold 20s",
                "r1 rest/sets 45s",
                "r1 Plank 2/2 20 s hold 20s"
            ]
        );
    }

    #[test]
    fn an_item_without_reps_plays_its_exercise_prescription_for_the_level() {
        let beginner = plan_of(
            "title: W\nlevel: beginner\nexercises:\n  - exercise: row",
            Units::Imperial,
        );
        assert_eq!(
            shape(&beginner),
            [
                "r1 Row 1/2 10 reps · 22.5 lb wait",
                "r1 rest/sets 30s",
                "r1 Row 2/2 10 reps · 22.5 lb wait",
            ]
        );
        assert_eq!(beginner.seconds, 2 * 30 + 30);
        // Advanced: 4 sets of 6-8 (counted as 7) at tempo 3-1-1 (5 s a rep), 45 s apart; the
        // item's own sets win over the prescription's.
        let advanced = plan_of(
            "title: W\nlevel: advanced\nexercises:\n  - exercise: row\n    sets: 3",
            Units::Metric,
        );
        assert_eq!(advanced.steps[0].detail, "6–8 reps · RPE 8");
        assert_eq!(advanced.steps.len(), 5);
        assert_eq!(advanced.seconds, 3 * 7 * 5 + 2 * 45);
        // No prescription anywhere: one set of one rep's time, as the list says "1 set".
        let bare = plan_of("title: W\nexercises:\n  - exercise: plank", Units::Metric);
        assert_eq!(shape(&bare), ["r1 Plank 1/1 1 set wait"]);
        assert_eq!(bare.seconds, REP_SECONDS);
    }

    #[test]
    fn reps_are_counted_at_their_pace() {
        let dose = |reps, hold, tempo: Option<&str>| Dose {
            sets: 1,
            reps,
            hold,
            per_side: false,
            rest: None,
            load: None,
            tempo: tempo.map(str::to_string),
        };
        assert_eq!(
            dose(Some(Reps::Count(10)), None, None).rep_set_seconds(),
            30
        );
        assert_eq!(
            dose(Some(Reps::Range(8, 12)), None, None).rep_set_seconds(),
            30
        );
        assert_eq!(
            dose(Some(Reps::Range(8, 11)), None, None).rep_set_seconds(),
            30
        );
        assert_eq!(dose(Some(Reps::Max), None, None).rep_set_seconds(), 30);
        assert_eq!(
            dose(Some(Reps::Count(10)), None, Some("2-0-X-1")).rep_set_seconds(),
            40
        );
        assert_eq!(
            dose(Some(Reps::Count(5)), Some(Seconds(2)), None).rep_set_seconds(),
            25
        );
        assert_eq!(
            dose(Some(Reps::Hold(Seconds(40))), None, None).timed(),
            Some(Seconds(40))
        );
        assert_eq!(
            dose(Some(Reps::Count(5)), Some(Seconds(2)), None).detail(Units::Metric),
            "5 reps, 2 s hold each"
        );
    }

    #[test]
    fn estimates_in_words_and_iso8601() {
        for (s, words, iso) in [
            (20, "under 1 min", "PT1M"),
            (89, "about 1 min", "PT1M"),
            (90, "about 2 min", "PT2M"),
            (288, "about 5 min", "PT5M"),
            (3600, "about 1 h", "PT1H"),
            (3900, "about 1 h 5 min", "PT1H5M"),
        ] {
            assert_eq!(about(s), words, "{s}");
            assert_eq!(iso8601(s), iso, "{s}");
        }
    }

    #[test]
    fn a_workout_of_too_many_steps_gets_none_but_its_time() {
        let plan = plan_of(
            "title: W\nrounds: 4294967295\nexercises:\n  - exercise: plank\n    hold: 30s\n    sets: 4294967295",
            Units::Metric,
        );
        assert!(plan.steps.is_empty());
        assert_eq!(plan.seconds, u32::MAX);
        assert_eq!(about(plan.seconds), "about 1193046 h 28 min");
        let plan = plan_of(
            "title: W\nrounds: 100\nrest_between_rounds: 10s\nexercises:\n  - exercise: plank\n    hold: 30s\n    sets: 30",
            Units::Metric,
        );
        // 100 rounds of 30 sets and 29 rests: about 6,000 steps, too many.
        assert!(plan.steps.is_empty());
        assert_eq!(plan.seconds, 100 * (30 * 30 + 29 * 45) + 99 * 10);
        let plan = plan_of(
            "title: W\nrounds: 10\nexercises:\n  - exercise: plank\n    hold: 30s\n    sets: 30",
            Units::Metric,
        );
        assert_eq!(plan.steps.len(), 10 * 59);
    }

    #[test]
    fn the_json_cannot_end_its_script_element() {
        let plan = plan_of(
            "title: W\nexercises:\n  - exercise: plank\n    note: \"</script><script>alert(1)</script>\"",
            Units::Metric,
        );
        let json = plan.json();
        assert!(!json.contains('<'), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            back["steps"][0]["note"],
            "</script><script>alert(1)</script>"
        );
    }
}
