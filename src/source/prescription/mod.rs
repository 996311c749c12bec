//! The `sets:` prescription of an exercise, and the durations it uses.
//!
//! This module reads what a contributor writes under `sets:` — the shorthand `3x8-12`, the
//! mapping `{sets: 3, reps: 8-12, rest: 40s}`, or a list of mappings with one per [`Level`] —
//! into a [`Sets`] value, and turns a [`Prescription`] back into the short text shown on pages
//! and cards. [`Seconds`] is the duration type for holds and rests everywhere in Spotter.
//!
//! It is not for workouts (a workout item has its own keys and reuses [`Reps`] and [`Seconds`]),
//! nor for reporting errors: parse errors are plain `String` messages, and deserialisation
//! errors go through [`serde::de::Error::custom`] so the YAML library adds the position.
//!
//! Where a message can suggest a fix, it ends with a clause `; did you mean "..."?`.
//!
//! A file for each part: [`Seconds`] in `duration`, [`Level`] in `level`, [`Reps`] in `reps`,
//! the shorthand `3x8-12` in `shorthand`, and [`Sets`] with its mapping and list forms in
//! `sets`; here, the [`Prescription`] they make up and what they share.

mod duration;
mod level;
mod load;
mod reps;
mod sets;
mod shorthand;

use serde::Serialize;

pub use duration::Seconds;
pub use level::Level;
pub use load::{Load, Units};
pub use reps::Reps;
pub use sets::Sets;

/// One prescription: how many sets of how many reps, with optional rest, tempo and note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prescription {
    /// The level this prescription is for; `None` when it is for everyone.
    pub level: Option<Level>,
    /// Number of sets, at least 1.
    pub sets: u32,
    /// Reps, or the hold, of each set.
    pub reps: Reps,
    /// Whether the reps are done on each side (arm, leg) in turn.
    pub per_side: bool,
    /// Rest between sets.
    pub rest: Option<Seconds>,
    /// How heavy each set is: a weight, an effort or a share of the maximum.
    pub load: Option<Load>,
    /// Tempo, as 3 or 4 parts of digits or `x` joined by `-`: `3-1-1`, `2-0-1-0`.
    pub tempo: Option<String>,
    /// A free note: a cue, a grip, a variation.
    pub note: Option<String>,
}

impl Prescription {
    /// A prescription of `sets` sets of `reps`, with nothing else set.
    pub fn new(sets: u32, reps: Reps) -> Self {
        Prescription {
            level: None,
            sets,
            reps,
            per_side: false,
            rest: None,
            load: None,
            tempo: None,
            note: None,
        }
    }

    /// The prescription in one short line, with its load as written:
    /// `SETS × REPS[ per side][ · LOAD][ · tempo TEMPO][ · rest REST]`.
    ///
    /// `3 × 8–12`, `3 × 10 per side`, `2 × 30 s`, `3 × max · rest 40 s`,
    /// `3 × 8 · 12 kg · tempo 3-1-1 · rest 1 min`. The level and the note are left out: pages
    /// show them beside the summary.
    pub fn summary(&self) -> String {
        let units = match self.load {
            Some(Load::Lb(_)) => Units::Imperial,
            _ => Units::Metric,
        };
        self.summary_in(units)
    }

    /// [`Prescription::summary`] with the load shown in `units` (`site.yaml`'s `units:`).
    pub fn summary_in(&self, units: Units) -> String {
        let mut out = format!("{} × {}", self.sets, self.reps);
        if self.per_side {
            out.push_str(" per side");
        }
        if let Some(load) = &self.load {
            out.push_str(&format!(" · {}", load.show(units)));
        }
        if let Some(tempo) = &self.tempo {
            out.push_str(&format!(" · tempo {tempo}"));
        }
        if let Some(rest) = &self.rest {
            out.push_str(&format!(" · rest {rest}"));
        }
        out
    }
}

/// Splits a trailing `; did you mean "..."?` hint off a message of this module.
///
/// Returns the message without the hint, and the hint (`did you mean "rest"?`) if there was one.
#[cfg(test)]
pub(crate) fn split_hint(message: &str) -> (&str, Option<&str>) {
    match message.rfind("; did you mean \"") {
        Some(i) => (&message[..i], Some(&message[i + 2..])),
        None => (message, None),
    }
}

/// `; did you mean "x"?` when a candidate is close to `wrong`, else nothing.
fn hint(wrong: &str, candidates: &[&str]) -> String {
    crate::diagnostics::did_you_mean(wrong, candidates.iter().copied())
        .map(|best| format!("; did you mean \"{best}\"?"))
        .unwrap_or_default()
}

/// Parses a whole number made only of ASCII digits, or says why not.
fn whole_number(digits: &str) -> Option<Result<u32, String>> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(
        digits
            .parse::<u32>()
            .map_err(|_| format!("{digits} is too large: write a smaller number")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[test]
    fn summary_adds_tempo_and_rest() {
        let mut p = "3x8".parse::<Prescription>().unwrap();
        p.rest = Some(Seconds(40));
        assert_eq!(p.summary(), "3 × 8 · rest 40 s");
        p.tempo = Some("3-1-1".into());
        p.rest = Some(Seconds(90));
        assert_eq!(p.summary(), "3 × 8 · tempo 3-1-1 · rest 1 min 30 s");
        p.load = Some("25lb".parse().unwrap());
        assert_eq!(p.summary(), "3 × 8 · 25 lb · tempo 3-1-1 · rest 1 min 30 s");
        assert_eq!(
            p.summary_in(Units::Both),
            "3 × 8 · 25 lb (11.25 kg) · tempo 3-1-1 · rest 1 min 30 s"
        );
        assert_eq!(
            p.summary_in(Units::Metric),
            "3 × 8 · 11.25 kg · tempo 3-1-1 · rest 1 min 30 s"
        );
    }

    #[test]
    fn deserialise_the_parts_alone() {
        assert_eq!(serde_yaml::from_str::<Seconds>("45").unwrap(), Seconds(45));
        assert_eq!(
            serde_yaml::from_str::<Seconds>("1m30s").unwrap(),
            Seconds(90)
        );
        assert_eq!(serde_yaml::from_str::<Reps>("12").unwrap(), Reps::Count(12));
        assert_eq!(serde_yaml::from_str::<Reps>("AMRAP").unwrap(), Reps::Max);
        assert_eq!(
            serde_yaml::from_str::<Level>("advanced").unwrap(),
            Level::Advanced
        );
        assert!(serde_yaml::from_str::<Seconds>("-4")
            .unwrap_err()
            .to_string()
            .starts_with("a duration cannot be negative"));
        assert!(serde_yaml::from_str::<Level>("3").is_err());
        // The same rules hold through JSON, as `spotter schema` tooling might use it.
        let sets: Sets =
            serde_json::from_str(r#"{"sets": 3, "reps": "8-12", "rest": 40}"#).unwrap();
        assert_eq!(sets.0[0].summary(), "3 × 8–12 · rest 40 s");
    }

    #[test]
    fn yaml_errors_inside_front_matter_point_at_the_value() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Page {
            title: String,
            sets: Sets,
        }
        let err = |text: &str| serde_yaml::from_str::<Page>(text).unwrap_err().to_string();
        assert_eq!(
            err("title: Row\nsets: 3\n"),
            "sets: cannot read 3 as sets: give the reps too, such as 3x10, or a mapping such as {sets: 3, reps: 10} at line 2 column 7"
        );
        assert_eq!(
            err("title: Row\nsets:\n  sets: 3\n"),
            "sets: sets needs a \"reps\" key, such as reps: 8-12, reps: 30s or reps: max at line 3 column 3"
        );
        assert_eq!(
            err("title: Row\nsets:\n  sets: 3\n  reps: 10\n  rset: 30s\n"),
            "sets: unknown key \"rset\" in sets: allowed keys are sets, reps, per_side, rest, load, tempo, note, level; did you mean \"rest\"? at line 5 column 3"
        );
        assert_eq!(
            err("title: Row\nsets:\n  - {level: beginner, sets: 2, reps: 10}\n  - {level: advanced, sets: 3, reps: 8-x}\n"),
            "sets[1].reps: cannot read \"8-x\" as reps: expected a count (10), a range (8-12), a hold (30s, 1min, 1m30s) or max at line 4 column 38"
        );
        let page: Page = serde_yaml::from_str("title: Row\nsets: 3x8-12\n").unwrap();
        assert_eq!(page.sets.for_level(None).summary(), "3 × 8–12");
    }
}
