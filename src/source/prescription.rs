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
//! Where a message can suggest a fix, it ends with a clause `; did you mean "..."?`;
//! [`split_hint`] separates that hint from the message for a diagnostic.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

/// A length of time, in whole seconds: rests, holds.
///
/// Written as `30s`, `30 s`, `45sec`, `1min`, `1m30s`, `1m 30s`, `2m`, `1:30` (minutes and
/// seconds) or a bare number of seconds (`90`); shown as `30 s`, `1 min`, `1 min 30 s`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Seconds(pub u32);

/// How hard an exercise or a prescription is meant to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// New to the movement or to training.
    Beginner,
    /// Some months of regular training.
    Intermediate,
    /// Years of training, or a hard variant.
    Advanced,
}

/// How many repetitions each set asks for, or how long it is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Reps {
    /// An exact count, at least 1: `10`.
    Count(u32),
    /// A range from fewer to more, the first at least 1: `8-12`.
    Range(u32, u32),
    /// A hold of at least one second: `30s`.
    Hold(Seconds),
    /// As many as possible: `max` or `AMRAP`.
    Max,
}

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
    /// Tempo, as 3 or 4 parts of digits or `x` joined by `-`: `3-1-1`, `2-0-1-0`.
    pub tempo: Option<String>,
    /// A free note: a cue, a grip, a variation.
    pub note: Option<String>,
}

/// The `sets:` field of an exercise: one prescription, or one per level.
///
/// Deserialising never gives an empty list; in a list, every prescription has a distinct level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sets(pub Vec<Prescription>);

/// Splits a trailing `; did you mean "..."?` hint off a message of this module.
///
/// Returns the message without the hint, and the hint (`did you mean "rest"?`) if there was one.
pub fn split_hint(message: &str) -> (&str, Option<&str>) {
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

// ---------------------------------------------------------------------------------------------
// Seconds

const DURATION_FORMS: &str = "such as 30s, 45 sec, 1min, 1m30s or 1:30";

impl Seconds {
    /// The duration in ISO 8601 form for schema.org: `PT30S`, `PT1M30S`, `PT2M`, `PT1H5M`.
    pub fn iso8601(&self) -> String {
        let (h, m, s) = (self.0 / 3600, self.0 / 60 % 60, self.0 % 60);
        let mut out = String::from("PT");
        if h > 0 {
            out.push_str(&format!("{h}H"));
        }
        if m > 0 {
            out.push_str(&format!("{m}M"));
        }
        if s > 0 || self.0 == 0 {
            out.push_str(&format!("{s}S"));
        }
        out
    }
}

impl fmt::Display for Seconds {
    /// `30 s`, `1 min`, `1 min 30 s`, `2 min`; longer times stay in minutes (`90 min`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (m, s) = (self.0 / 60, self.0 % 60);
        match (m, s) {
            (0, s) => write!(f, "{s} s"),
            (m, 0) => write!(f, "{m} min"),
            (m, s) => write!(f, "{m} min {s} s"),
        }
    }
}

/// The unit after a number in a duration.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Minutes,
    Seconds,
}

fn unit(word: &str) -> Option<Unit> {
    match word.to_ascii_lowercase().as_str() {
        "s" | "sec" | "secs" | "second" | "seconds" => Some(Unit::Seconds),
        "m" | "min" | "mins" | "minute" | "minutes" => Some(Unit::Minutes),
        _ => None,
    }
}

impl FromStr for Seconds {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let unreadable =
            || format!("cannot read \"{text}\" as a duration: expected a time {DURATION_FORMS}");
        if text.is_empty() {
            return Err(format!(
                "a duration cannot be empty: write a time {DURATION_FORMS}"
            ));
        }
        if let Some(n) = whole_number(text) {
            return n
                .map(Seconds)
                .map_err(|e| format!("cannot read \"{text}\" as a duration: {e}"));
        }
        if let Some((m, sec)) = text.split_once(':') {
            let (m, sec) = (m.trim(), sec.trim());
            let minutes = whole_number(m).ok_or_else(unreadable)?;
            if sec.len() != 2 {
                return Err(unreadable());
            }
            let seconds = whole_number(sec).ok_or_else(unreadable)??;
            return minutes_and_seconds(text, minutes.map_err(|_| unreadable())?, seconds);
        }
        // A sequence of NUMBER UNIT parts, minutes before seconds, each at most once; a bare
        // number after minutes counts as seconds (`1m30`).
        let mut minutes: Option<u32> = None;
        let mut seconds: Option<u32> = None;
        let mut rest = text;
        while !rest.is_empty() {
            let digits_end = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            let number = whole_number(&rest[..digits_end]).ok_or_else(unreadable)?;
            let number =
                number.map_err(|e| format!("cannot read \"{text}\" as a duration: {e}"))?;
            rest = rest[digits_end..].trim_start();
            let word_end = rest
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(rest.len());
            let word = &rest[..word_end];
            rest = rest[word_end..].trim_start();
            let unit = match (word, minutes) {
                ("", Some(_)) if rest.is_empty() => Unit::Seconds,
                _ => unit(word).ok_or_else(unreadable)?,
            };
            match unit {
                Unit::Minutes if minutes.is_none() && seconds.is_none() => minutes = Some(number),
                Unit::Seconds if seconds.is_none() => seconds = Some(number),
                _ => return Err(unreadable()),
            }
        }
        match minutes {
            Some(m) => minutes_and_seconds(text, m, seconds.unwrap_or(0)),
            None => Ok(Seconds(seconds.unwrap_or(0))),
        }
    }
}

fn minutes_and_seconds(text: &str, minutes: u32, seconds: u32) -> Result<Seconds, String> {
    if seconds >= 60 {
        return Err(format!(
            "cannot read \"{text}\" as a duration: the seconds after the minutes must be under 60"
        ));
    }
    minutes
        .checked_mul(60)
        .and_then(|m| m.checked_add(seconds))
        .map(Seconds)
        .ok_or_else(|| format!("cannot read \"{text}\" as a duration: it is too long; write a shorter one, such as 1m30s"))
}

impl<'de> Deserialize<'de> for Seconds {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SecondsVisitor;

        impl Visitor<'_> for SecondsVisitor {
            type Value = Seconds;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "a duration {DURATION_FORMS}")
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Seconds, E> {
                u32::try_from(v).map(Seconds).map_err(|_| {
                    E::custom(format!(
                        "{v} seconds is too long a duration: write a shorter one, such as 1m30s"
                    ))
                })
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Seconds, E> {
                match u64::try_from(v) {
                    Ok(v) => self.visit_u64(v),
                    Err(_) => Err(E::custom(format!(
                        "a duration cannot be negative, got {v}: write a time such as 30s"
                    ))),
                }
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Seconds, E> {
                Err(E::custom(format!(
                    "cannot read {v} as a duration: use whole seconds, or minutes and seconds such as 1m30s"
                )))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Seconds, E> {
                v.parse().map_err(E::custom)
            }
        }

        deserializer.deserialize_any(SecondsVisitor)
    }
}

// ---------------------------------------------------------------------------------------------
// Level

const LEVELS: [&str; 3] = ["beginner", "intermediate", "advanced"];

impl Level {
    /// Every level, easiest first.
    pub const ALL: [Level; 3] = [Level::Beginner, Level::Intermediate, Level::Advanced];

    /// The lowercase name: `beginner`, `intermediate`, `advanced`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Level::Beginner => "beginner",
            Level::Intermediate => "intermediate",
            Level::Advanced => "advanced",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Level {
    type Err = String;

    /// Reads a level case-insensitively.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_lowercase();
        Level::ALL
            .into_iter()
            .find(|level| level.as_str() == wanted)
            .ok_or_else(|| {
                format!(
                    "unknown level \"{}\": expected beginner, intermediate or advanced{}",
                    s.trim(),
                    hint(&wanted, &LEVELS)
                )
            })
    }
}

impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LevelVisitor;

        impl Visitor<'_> for LevelVisitor {
            type Value = Level;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a level: beginner, intermediate or advanced")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Level, E> {
                v.parse().map_err(E::custom)
            }
        }

        deserializer.deserialize_str(LevelVisitor)
    }
}

// ---------------------------------------------------------------------------------------------
// Reps

const REPS_FORMS: &str = "a count (10), a range (8-12), a hold (30s, 1min, 1m30s) or max";

/// Why a reps text was refused: it is not reps at all, or it is reps with a wrong value.
enum RepsError {
    Unreadable,
    Invalid(String),
}

fn parse_reps(text: &str) -> Result<Reps, RepsError> {
    let text = text.trim();
    let lower = text.to_lowercase();
    if lower == "max" || lower == "amrap" {
        return Ok(Reps::Max);
    }
    if let Some(n) = whole_number(text) {
        return match n.map_err(RepsError::Invalid)? {
            0 => Err(RepsError::Invalid(
                "reps must be at least 1: write 1 or more, or max".into(),
            )),
            n => Ok(Reps::Count(n)),
        };
    }
    if let Some((lo, hi)) = text.split_once(['-', '–', '—']) {
        let (Some(lo), Some(hi)) = (whole_number(lo.trim()), whole_number(hi.trim())) else {
            return Err(RepsError::Unreadable);
        };
        let (lo, hi) = (
            lo.map_err(RepsError::Invalid)?,
            hi.map_err(RepsError::Invalid)?,
        );
        if lo == 0 {
            return Err(RepsError::Invalid(
                "a range of reps starts at 1 or more".into(),
            ));
        }
        if lo >= hi {
            return Err(RepsError::Invalid(
                "a range goes from fewer to more reps, such as 8-12".into(),
            ));
        }
        return Ok(Reps::Range(lo, hi));
    }
    match text.parse::<Seconds>() {
        Ok(Seconds(0)) => Err(RepsError::Invalid(
            "a hold must last at least 1 second".into(),
        )),
        Ok(hold) => Ok(Reps::Hold(hold)),
        Err(_) => Err(RepsError::Unreadable),
    }
}

impl fmt::Display for Reps {
    /// `10`, `8–12` (with an en dash), `30 s`, `max`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reps::Count(n) => write!(f, "{n}"),
            Reps::Range(lo, hi) => write!(f, "{lo}–{hi}"),
            Reps::Hold(hold) => write!(f, "{hold}"),
            Reps::Max => f.write_str("max"),
        }
    }
}

impl FromStr for Reps {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_reps(s).map_err(|e| {
            let text = s.trim();
            match e {
                RepsError::Unreadable => {
                    format!("cannot read \"{text}\" as reps: expected {REPS_FORMS}")
                }
                RepsError::Invalid(why) => format!("cannot read \"{text}\" as reps: {why}"),
            }
        })
    }
}

impl<'de> Deserialize<'de> for Reps {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RepsVisitor;

        impl Visitor<'_> for RepsVisitor {
            type Value = Reps;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "reps: {REPS_FORMS}")
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Reps, E> {
                match u32::try_from(v) {
                    Ok(0) => Err(E::custom(
                        "reps must be at least 1: write 1 or more, or max",
                    )),
                    Ok(n) => Ok(Reps::Count(n)),
                    Err(_) => Err(E::custom(format!(
                        "{v} reps is too many: write fewer, or max"
                    ))),
                }
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Reps, E> {
                match u64::try_from(v) {
                    Ok(v) => self.visit_u64(v),
                    Err(_) => Err(E::custom(
                        "reps must be at least 1: write 1 or more, or max",
                    )),
                }
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Reps, E> {
                if let Some(reps) = strip_per_side(v) {
                    return Err(E::custom(format!(
                        "cannot read \"{}\" as reps: write the reps alone (reps: {}) and add per_side: true",
                        v.trim(),
                        reps.trim()
                    )));
                }
                v.parse().map_err(E::custom)
            }
        }

        deserializer.deserialize_any(RepsVisitor)
    }
}

// ---------------------------------------------------------------------------------------------
// Prescription

const SHORTHAND_FORMS: &str = "expected SETSxREPS such as 3x8-12, 3x10 per side, 2x30s or 3xmax";

/// Endings that mark the reps as done on each side in turn; longest first where one ends another.
const PER_SIDE: [&str; 10] = [
    "per side",
    "per arm",
    "per leg",
    "each side",
    "each arm",
    "each leg",
    "/side",
    "/arm",
    "/leg",
    "per hand",
];

/// The text before a per-side ending (`per side`, `/arm`), if `text` has one.
fn strip_per_side(text: &str) -> Option<&str> {
    let lower = text.trim_end().to_lowercase();
    PER_SIDE.iter().find_map(|ending| {
        let before = lower.strip_suffix(ending)?;
        // Lowercasing can change byte lengths outside ASCII; the endings are ASCII, so cut the
        // original at the same distance from its end.
        let cut = text.trim_end().len() - ending.len();
        let head = text.get(..cut)?;
        let joined = ending.starts_with('/') || before.ends_with(char::is_whitespace);
        joined.then_some(head)
    })
}

/// Checks a tempo: 3 or 4 parts, each digits or `x`, joined by `-`.
fn check_tempo(text: &str) -> Result<String, String> {
    let text = text.trim();
    let parts: Vec<&str> = text.split('-').collect();
    let part_ok = |p: &&str| {
        p.eq_ignore_ascii_case("x")
            || (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if (3..=4).contains(&parts.len()) && parts.iter().all(part_ok) {
        Ok(text.to_string())
    } else {
        Err(format!(
            "cannot read \"{text}\" as a tempo: expected 3 or 4 parts joined by \"-\", each a number of seconds or x, such as 3-1-1 or 2-0-1-0"
        ))
    }
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
            tempo: None,
            note: None,
        }
    }

    /// The prescription in one short line, for pages and cards:
    /// `SETS × REPS[ per side][ · tempo TEMPO][ · rest REST]`.
    ///
    /// `3 × 8–12`, `3 × 10 per side`, `2 × 30 s`, `3 × max · rest 40 s`,
    /// `3 × 8 · tempo 3-1-1 · rest 1 min`. The level and the note are left out: pages show them
    /// beside the summary.
    pub fn summary(&self) -> String {
        let mut out = format!("{} × {}", self.sets, self.reps);
        if self.per_side {
            out.push_str(" per side");
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

impl FromStr for Prescription {
    type Err = String;

    /// Reads the shorthand `SETSxREPS[ per side]`: `3x8-12`, `3 × 10 per side`, `2x30s`,
    /// `3xmax`. The sign may be `x`, `X` or `×`, with spaces around it or not.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let fail = |why: &str| format!("cannot read \"{text}\" as sets: {why}");
        let digits_end = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        let after_sets = text[digits_end..].trim_start();
        let after_sign = ['x', 'X', '×']
            .iter()
            .find_map(|&sign| after_sets.strip_prefix(sign));
        let (Some(sets), Some(after_sign)) = (whole_number(&text[..digits_end]), after_sign) else {
            return Err(fail(SHORTHAND_FORMS));
        };
        let sets = sets.map_err(|e| fail(&e))?;
        if sets == 0 {
            return Err(fail(
                "the number of sets must be at least 1; write 1 or more, such as 1x10",
            ));
        }
        let (reps, per_side) = match strip_per_side(after_sign) {
            Some(head) => (head, true),
            None => (after_sign, false),
        };
        let mut reps = reps.trim();
        for word in [" reps", " rep"] {
            if reps.len() > word.len() && reps.to_lowercase().ends_with(word) {
                reps = reps[..reps.len() - word.len()].trim_end();
                break;
            }
        }
        if reps.is_empty() {
            return Err(fail(SHORTHAND_FORMS));
        }
        let reps = parse_reps(reps).map_err(|e| match e {
            RepsError::Unreadable => {
                fail(&format!("\"{reps}\" is not reps; expected {REPS_FORMS}"))
            }
            RepsError::Invalid(why) => fail(&why),
        })?;
        Ok(Prescription {
            per_side,
            ..Prescription::new(sets, reps)
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Sets

const KEYS: [&str; 7] = ["sets", "reps", "per_side", "rest", "tempo", "note", "level"];

/// A key of the mapping form.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Sets,
    Reps,
    PerSide,
    Rest,
    Tempo,
    Note,
    Level,
}

impl Key {
    fn name(self) -> &'static str {
        KEYS[self as usize]
    }
}

/// Reads a key, refusing unknown and repeated keys where the key stands, so the YAML library
/// reports the key's own line and column.
struct KeySeed<'a> {
    seen: &'a [Key],
}

impl<'de> de::DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a key: {}", KEYS.join(", "))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        let key = match v {
            "sets" => Key::Sets,
            "reps" => Key::Reps,
            "per_side" => Key::PerSide,
            "rest" => Key::Rest,
            "tempo" => Key::Tempo,
            "note" => Key::Note,
            "level" => Key::Level,
            "hold" | "duration" | "time" => {
                return Err(E::custom(format!(
                    "unknown key \"{v}\" in sets: write a hold as reps, such as reps: 30s"
                )))
            }
            _ => {
                return Err(E::custom(format!(
                    "unknown key \"{v}\" in sets: allowed keys are {}{}",
                    KEYS.join(", "),
                    hint(v, &KEYS)
                )))
            }
        };
        if self.seen.contains(&key) {
            return Err(E::custom(format!(
                "key \"{}\" appears twice in sets: give it once",
                key.name()
            )));
        }
        Ok(key)
    }
}

/// The number of sets in the mapping form: a whole number, at least 1.
struct SetCount(u32);

impl<'de> Deserialize<'de> for SetCount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SetCountVisitor;

        impl Visitor<'_> for SetCountVisitor {
            type Value = SetCount;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number of sets, such as 3")
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<SetCount, E> {
                match u32::try_from(v) {
                    Ok(0) => Err(E::custom(
                        "the number of sets must be at least 1: write 1 or more",
                    )),
                    Ok(n) => Ok(SetCount(n)),
                    Err(_) => Err(E::custom(format!("{v} sets is too many: write fewer"))),
                }
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<SetCount, E> {
                match u64::try_from(v) {
                    Ok(v) => self.visit_u64(v),
                    Err(_) => Err(E::custom(
                        "the number of sets must be at least 1: write 1 or more",
                    )),
                }
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<SetCount, E> {
                match whole_number(v.trim()) {
                    Some(n) => self.visit_u64(u64::from(n.map_err(E::custom)?)),
                    None => Err(E::custom(format!(
                        "cannot read \"{}\" as a number of sets: give a whole number such as 3, and the reps under reps:",
                        v.trim()
                    ))),
                }
            }
        }

        deserializer.deserialize_any(SetCountVisitor)
    }
}

/// A checked tempo string.
struct Tempo(String);

impl<'de> Deserialize<'de> for Tempo {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TempoVisitor;

        impl Visitor<'_> for TempoVisitor {
            type Value = Tempo;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a tempo such as 3-1-1 or 2-0-1-0")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Tempo, E> {
                check_tempo(v).map(Tempo).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(TempoVisitor)
    }
}

/// Reads the mapping form; `needs_level` is set for an item of the list form.
fn visit_prescription<'de, A: MapAccess<'de>>(
    mut map: A,
    needs_level: bool,
) -> Result<Prescription, A::Error> {
    let mut seen = Vec::new();
    let mut sets = None;
    let mut reps = None;
    let mut per_side = None;
    let mut rest = None;
    let mut tempo = None;
    let mut note: Option<String> = None;
    let mut level = None;
    while let Some(key) = map.next_key_seed(KeySeed { seen: &seen })? {
        seen.push(key);
        match key {
            Key::Sets => sets = Some(map.next_value::<SetCount>()?.0),
            Key::Reps => reps = Some(map.next_value::<Reps>()?),
            Key::PerSide => per_side = Some(map.next_value::<bool>()?),
            Key::Rest => rest = Some(map.next_value::<Seconds>()?),
            Key::Tempo => tempo = Some(map.next_value::<Tempo>()?.0),
            Key::Note => note = map.next_value::<Note>()?.0,
            Key::Level => level = Some(map.next_value::<Level>()?),
        }
    }
    let Some(sets) = sets else {
        return Err(de::Error::custom(
            "sets needs a \"sets\" key with the number of sets, such as sets: 3",
        ));
    };
    let Some(reps) = reps else {
        return Err(de::Error::custom(
            "sets needs a \"reps\" key, such as reps: 8-12, reps: 30s or reps: max",
        ));
    };
    if needs_level && level.is_none() {
        return Err(de::Error::custom(
            "each prescription in a list of sets needs a level: beginner, intermediate or advanced",
        ));
    }
    Ok(Prescription {
        level,
        sets,
        reps,
        per_side: per_side.unwrap_or(false),
        rest,
        tempo,
        note: note.filter(|n| !n.trim().is_empty()),
    })
}

/// A prescription's note, of at most [`crate::source::front_matter::NOTE_MAX`] characters.
struct Note(Option<String>);

impl<'de> Deserialize<'de> for Note {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::source::front_matter::note(deserializer).map(Note)
    }
}

/// Reads an item of the list form: a mapping with a level that no earlier item has.
struct LevelledSeed<'a> {
    taken: &'a [Prescription],
}

impl<'de> de::DeserializeSeed<'de> for LevelledSeed<'_> {
    type Value = Prescription;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Prescription, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for LevelledSeed<'_> {
    type Value = Prescription;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(
            "a mapping with level, sets and reps, such as {level: beginner, sets: 3, reps: 8-12}",
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Prescription, A::Error> {
        let p = visit_prescription(map, true)?;
        if self.taken.iter().any(|q| q.level == p.level) {
            let level = p.level.map_or("", |l| l.as_str());
            return Err(de::Error::custom(format!(
                "level \"{level}\" is given twice in sets: give each level once"
            )));
        }
        Ok(p)
    }
}

impl Sets {
    /// The prescription for `level`, or the first one when none is for that level (or no level
    /// is asked for).
    ///
    /// # Panics
    ///
    /// If the list is empty, which deserialising never gives.
    pub fn for_level(&self, level: Option<Level>) -> &Prescription {
        level
            .and_then(|wanted| self.0.iter().find(|p| p.level == Some(wanted)))
            .unwrap_or(&self.0[0])
    }
}

impl<'de> Deserialize<'de> for Sets {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SetsVisitor;

        impl<'de> Visitor<'de> for SetsVisitor {
            type Value = Sets;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("sets as shorthand such as 3x8-12, a mapping with sets and reps, or a list of such mappings, one per level")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Sets, E> {
                v.parse::<Prescription>()
                    .map(|p| Sets(vec![p]))
                    .map_err(E::custom)
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Sets, E> {
                Err(E::custom(format!(
                    "cannot read {v} as sets: give the reps too, such as {v}x10, or a mapping such as {{sets: {v}, reps: 10}}"
                )))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Sets, E> {
                match u64::try_from(v) {
                    Ok(v) => self.visit_u64(v),
                    Err(_) => Err(E::custom(format!(
                        "cannot read {v} as sets: {SHORTHAND_FORMS}"
                    ))),
                }
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Sets, E> {
                Err(E::custom(format!(
                    "cannot read {v} as sets: {SHORTHAND_FORMS}"
                )))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Sets, A::Error> {
                visit_prescription(map, false).map(|p| Sets(vec![p]))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Sets, A::Error> {
                let mut all: Vec<Prescription> = Vec::new();
                while let Some(p) = seq.next_element_seed(LevelledSeed { taken: &all })? {
                    all.push(p);
                }
                if all.is_empty() {
                    return Err(de::Error::custom(
                        "sets is an empty list: give one prescription such as 3x8-12, or one mapping per level",
                    ));
                }
                Ok(Sets(all))
            }
        }

        deserializer.deserialize_any(SetsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: &str) -> u32 {
        s.parse::<Seconds>().unwrap().0
    }

    #[test]
    fn seconds_parse_every_form() {
        for (text, want) in [
            ("30s", 30),
            ("30 s", 30),
            ("45sec", 45),
            ("45 secs", 45),
            ("20 seconds", 20),
            ("1min", 60),
            ("1 min", 60),
            ("1m30s", 90),
            ("1m 30s", 90),
            ("1 min 30 s", 90),
            ("1m30", 90),
            ("2m", 120),
            ("2 minutes", 120),
            ("90", 90),
            ("1:30", 90),
            ("0:45", 45),
            ("10:05", 605),
            ("0", 0),
            ("0s", 0),
            (" 40s ", 40),
            ("30S", 30),
        ] {
            assert_eq!(secs(text), want, "{text}");
        }
    }

    #[test]
    fn seconds_refuse_with_messages() {
        let err = |s: &str| s.parse::<Seconds>().unwrap_err();
        assert_eq!(
            err("soon"),
            "cannot read \"soon\" as a duration: expected a time such as 30s, 45 sec, 1min, 1m30s or 1:30"
        );
        assert_eq!(
            err(""),
            "a duration cannot be empty: write a time such as 30s, 45 sec, 1min, 1m30s or 1:30"
        );
        assert_eq!(
            err("1m90s"),
            "cannot read \"1m90s\" as a duration: the seconds after the minutes must be under 60"
        );
        assert_eq!(
            err("1:5"),
            "cannot read \"1:5\" as a duration: expected a time such as 30s, 45 sec, 1min, 1m30s or 1:30"
        );
        for bad in [
            "30s1m",
            "1.5min",
            "30s 30s",
            "1h",
            "-5",
            "1:90",
            "s",
            "99999999999",
        ] {
            assert!(bad.parse::<Seconds>().is_err(), "{bad}");
        }
        assert_eq!(
            err("99999999999"),
            "cannot read \"99999999999\" as a duration: 99999999999 is too large: write a smaller number"
        );
    }

    #[test]
    fn seconds_display_and_iso8601() {
        for (n, shown, iso) in [
            (0, "0 s", "PT0S"),
            (30, "30 s", "PT30S"),
            (60, "1 min", "PT1M"),
            (90, "1 min 30 s", "PT1M30S"),
            (120, "2 min", "PT2M"),
            (3900, "65 min", "PT1H5M"),
        ] {
            assert_eq!(Seconds(n).to_string(), shown);
            assert_eq!(Seconds(n).iso8601(), iso);
        }
    }

    #[test]
    fn levels_parse_show_and_suggest() {
        assert_eq!("beginner".parse::<Level>(), Ok(Level::Beginner));
        assert_eq!(" Intermediate ".parse::<Level>(), Ok(Level::Intermediate));
        assert_eq!("ADVANCED".parse::<Level>(), Ok(Level::Advanced));
        assert_eq!(Level::Intermediate.to_string(), "intermediate");
        let err = "beginer".parse::<Level>().unwrap_err();
        assert_eq!(
            err,
            "unknown level \"beginer\": expected beginner, intermediate or advanced; did you mean \"beginner\"?"
        );
        assert_eq!(
            split_hint(&err),
            (
                "unknown level \"beginer\": expected beginner, intermediate or advanced",
                Some("did you mean \"beginner\"?")
            )
        );
        assert_eq!(
            "expert".parse::<Level>().unwrap_err(),
            "unknown level \"expert\": expected beginner, intermediate or advanced"
        );
        assert_eq!(
            serde_json::to_string(&Level::Advanced).unwrap(),
            "\"advanced\""
        );
    }

    #[test]
    fn reps_parse_and_show() {
        for (text, want, shown) in [
            ("10", Reps::Count(10), "10"),
            ("8-12", Reps::Range(8, 12), "8–12"),
            ("8–12", Reps::Range(8, 12), "8–12"),
            ("8 - 12", Reps::Range(8, 12), "8–12"),
            ("30s", Reps::Hold(Seconds(30)), "30 s"),
            ("1min", Reps::Hold(Seconds(60)), "1 min"),
            ("1m30s", Reps::Hold(Seconds(90)), "1 min 30 s"),
            ("max", Reps::Max, "max"),
            ("AMRAP", Reps::Max, "max"),
            ("Max", Reps::Max, "max"),
        ] {
            let reps: Reps = text.parse().unwrap();
            assert_eq!(reps, want, "{text}");
            assert_eq!(reps.to_string(), shown);
        }
    }

    #[test]
    fn reps_refuse_with_messages() {
        let err = |s: &str| s.parse::<Reps>().unwrap_err();
        assert_eq!(
            err("0"),
            "cannot read \"0\" as reps: reps must be at least 1: write 1 or more, or max"
        );
        assert_eq!(
            err("12-8"),
            "cannot read \"12-8\" as reps: a range goes from fewer to more reps, such as 8-12"
        );
        assert_eq!(
            err("8-8"),
            "cannot read \"8-8\" as reps: a range goes from fewer to more reps, such as 8-12"
        );
        assert_eq!(
            err("0-5"),
            "cannot read \"0-5\" as reps: a range of reps starts at 1 or more"
        );
        assert_eq!(
            err("0s"),
            "cannot read \"0s\" as reps: a hold must last at least 1 second"
        );
        assert_eq!(
            err("lots"),
            "cannot read \"lots\" as reps: expected a count (10), a range (8-12), a hold (30s, 1min, 1m30s) or max"
        );
        assert!(err("8-twelve").starts_with("cannot read \"8-twelve\" as reps: expected"));
    }

    fn shorthand(s: &str) -> Prescription {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn shorthand_every_form() {
        let p = shorthand("3x8-12");
        assert_eq!(p, Prescription::new(3, Reps::Range(8, 12)));
        assert_eq!(p.summary(), "3 × 8–12");

        let p = shorthand("3 × 10 per side");
        assert_eq!((p.sets, p.reps, p.per_side), (3, Reps::Count(10), true));
        assert_eq!(p.summary(), "3 × 10 per side");

        assert_eq!(shorthand("2x30s").summary(), "2 × 30 s");
        assert_eq!(shorthand("3xmax").summary(), "3 × max");
        assert_eq!(shorthand("3XAMRAP").summary(), "3 × max");
        assert_eq!(shorthand("3 x 8–12 per arm").summary(), "3 × 8–12 per side");
        assert_eq!(shorthand("3×10").summary(), "3 × 10");
        assert_eq!(shorthand("3 X 10").summary(), "3 × 10");
        assert_eq!(shorthand("  3 x10  ").summary(), "3 × 10");
        assert_eq!(shorthand("2x1m30s").summary(), "2 × 1 min 30 s");
        assert_eq!(shorthand("2 x 1 min").summary(), "2 × 1 min");
        assert_eq!(shorthand("3x10 reps").summary(), "3 × 10");
        assert_eq!(shorthand("3x10 reps per side").summary(), "3 × 10 per side");
        for side in [
            "per side",
            "per arm",
            "per leg",
            "each side",
            "Per Side",
            "/side",
        ] {
            let p = shorthand(&format!("3x10 {side}"));
            assert!(p.per_side, "{side}");
            assert_eq!(p.reps, Reps::Count(10));
        }
        let p = shorthand("3x10/side");
        assert!(p.per_side);
        assert_eq!(p.reps, Reps::Count(10));
        assert!(!shorthand("3x10").per_side);
    }

    #[test]
    fn shorthand_refuses_with_messages() {
        let err = |s: &str| s.parse::<Prescription>().unwrap_err();
        assert_eq!(
            err("3x"),
            "cannot read \"3x\" as sets: expected SETSxREPS such as 3x8-12, 3x10 per side, 2x30s or 3xmax"
        );
        assert_eq!(
            err("x10"),
            "cannot read \"x10\" as sets: expected SETSxREPS such as 3x8-12, 3x10 per side, 2x30s or 3xmax"
        );
        assert_eq!(
            err("3 sets of 10"),
            "cannot read \"3 sets of 10\" as sets: expected SETSxREPS such as 3x8-12, 3x10 per side, 2x30s or 3xmax"
        );
        assert_eq!(
            err("3x per side"),
            "cannot read \"3x per side\" as sets: expected SETSxREPS such as 3x8-12, 3x10 per side, 2x30s or 3xmax"
        );
        assert_eq!(
            err("0x10"),
            "cannot read \"0x10\" as sets: the number of sets must be at least 1; write 1 or more, such as 1x10"
        );
        assert_eq!(
            err("3x12-8"),
            "cannot read \"3x12-8\" as sets: a range goes from fewer to more reps, such as 8-12"
        );
        assert_eq!(
            err("3x0"),
            "cannot read \"3x0\" as sets: reps must be at least 1: write 1 or more, or max"
        );
        assert_eq!(
            err("3xlots"),
            "cannot read \"3xlots\" as sets: \"lots\" is not reps; expected a count (10), a range (8-12), a hold (30s, 1min, 1m30s) or max"
        );
        assert_eq!(
            err("3x10 per sid"),
            "cannot read \"3x10 per sid\" as sets: \"10 per sid\" is not reps; expected a count (10), a range (8-12), a hold (30s, 1min, 1m30s) or max"
        );
        // Not a per-side ending glued to a word.
        assert!("3x10super side".parse::<Prescription>().is_err());
    }

    #[test]
    fn summary_adds_tempo_and_rest() {
        let mut p = shorthand("3x8");
        p.rest = Some(Seconds(40));
        assert_eq!(p.summary(), "3 × 8 · rest 40 s");
        p.tempo = Some("3-1-1".into());
        p.rest = Some(Seconds(90));
        assert_eq!(p.summary(), "3 × 8 · tempo 3-1-1 · rest 1 min 30 s");
    }

    fn yaml(text: &str) -> Sets {
        serde_yaml::from_str::<Sets>(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn yaml_err(text: &str) -> String {
        serde_yaml::from_str::<Sets>(text).unwrap_err().to_string()
    }

    #[test]
    fn yaml_shorthand() {
        let sets = yaml("3x8-12");
        assert_eq!(sets, Sets(vec![Prescription::new(3, Reps::Range(8, 12))]));
        assert_eq!(
            yaml("\"3 × 10 per side\"").0[0].summary(),
            "3 × 10 per side"
        );
        assert_eq!(yaml("3 x 8–12 per arm").0[0].summary(), "3 × 8–12 per side");
    }

    #[test]
    fn a_note_in_sets_is_capped_at_its_place() {
        let text = format!("sets: 3\nreps: 10\nnote: {}\n", "n".repeat(501));
        let err = crate::source::yaml::parse::<Sets>(&text).unwrap_err();
        assert_eq!((err.line, err.col), (3, 7));
        assert!(
            err.message.starts_with("the note is 501 characters long"),
            "{err:?}"
        );
    }

    #[test]
    fn yaml_mapping_with_every_key() {
        let sets = yaml(
            "sets: 3\nreps: 8-12\nper_side: true\nrest: 40s\ntempo: 3-1-1\nnote: \"squeeze\"\nlevel: intermediate\n",
        );
        assert_eq!(
            sets.0,
            vec![Prescription {
                level: Some(Level::Intermediate),
                sets: 3,
                reps: Reps::Range(8, 12),
                per_side: true,
                rest: Some(Seconds(40)),
                tempo: Some("3-1-1".into()),
                note: Some("squeeze".into()),
            }]
        );
        assert_eq!(
            sets.0[0].summary(),
            "3 × 8–12 per side · tempo 3-1-1 · rest 40 s"
        );
        let flow = yaml("{sets: 2, reps: 10, rest: 60}");
        assert_eq!(flow.0[0].reps, Reps::Count(10));
        assert_eq!(flow.0[0].rest, Some(Seconds(60)));
        assert_eq!(
            yaml("{sets: 2, reps: 1:30}").0[0].reps,
            Reps::Hold(Seconds(90))
        );
        assert_eq!(
            yaml("{sets: 3, reps: max, rest: 1m}").0[0].summary(),
            "3 × max · rest 1 min"
        );
        assert_eq!(
            yaml("{sets: 3, reps: 30s, tempo: 2-0-X-1}").0[0]
                .tempo
                .as_deref(),
            Some("2-0-X-1")
        );
    }

    #[test]
    fn yaml_list_per_level() {
        let sets = yaml(
            "- level: beginner\n  sets: 2\n  reps: 10\n- level: advanced\n  sets: 4\n  reps: 8-12\n  rest: 1m30s\n",
        );
        assert_eq!(sets.0.len(), 2);
        assert_eq!(
            sets.for_level(Some(Level::Advanced)).summary(),
            "4 × 8–12 · rest 1 min 30 s"
        );
        assert_eq!(sets.for_level(Some(Level::Beginner)).summary(), "2 × 10");
        assert_eq!(
            sets.for_level(Some(Level::Intermediate)).summary(),
            "2 × 10"
        );
        assert_eq!(sets.for_level(None).summary(), "2 × 10");
    }

    #[test]
    fn yaml_unknown_key_names_it_and_suggests() {
        assert_eq!(
            yaml_err("sets: 3\nreps: 10\nrets: 40s\n"),
            "unknown key \"rets\" in sets: allowed keys are sets, reps, per_side, rest, tempo, note, level; did you mean \"rest\"? at line 3 column 1"
        );
        assert_eq!(
            yaml_err("{sets: 3, reps: 10, perside: true}"),
            "unknown key \"perside\" in sets: allowed keys are sets, reps, per_side, rest, tempo, note, level; did you mean \"per_side\"? at line 1 column 21"
        );
        assert_eq!(
            yaml_err("{sets: 3, reps: 10, colour: red}"),
            "unknown key \"colour\" in sets: allowed keys are sets, reps, per_side, rest, tempo, note, level at line 1 column 21"
        );
        assert_eq!(
            yaml_err("{sets: 3, hold: 30s}"),
            "unknown key \"hold\" in sets: write a hold as reps, such as reps: 30s at line 1 column 11"
        );
    }

    #[test]
    fn yaml_errors_have_messages_and_places() {
        assert_eq!(
            yaml_err("3"),
            "cannot read 3 as sets: give the reps too, such as 3x10, or a mapping such as {sets: 3, reps: 10}"
        );
        assert_eq!(
            yaml_err("3x"),
            "cannot read \"3x\" as sets: expected SETSxREPS such as 3x8-12, 3x10 per side, 2x30s or 3xmax"
        );
        assert_eq!(
            yaml_err("sets: 3\n"),
            "sets needs a \"reps\" key, such as reps: 8-12, reps: 30s or reps: max"
        );
        assert_eq!(
            yaml_err("reps: 10\n"),
            "sets needs a \"sets\" key with the number of sets, such as sets: 3"
        );
        assert_eq!(
            yaml_err("sets: 3\nreps: 12-8\n"),
            "reps: cannot read \"12-8\" as reps: a range goes from fewer to more reps, such as 8-12 at line 2 column 7"
        );
        assert_eq!(
            yaml_err("sets: 3\nreps: 0\n"),
            "reps: reps must be at least 1: write 1 or more, or max at line 2 column 7"
        );
        assert_eq!(
            yaml_err("sets: 3\nreps: 10 per side\n"),
            "reps: cannot read \"10 per side\" as reps: write the reps alone (reps: 10) and add per_side: true at line 2 column 7"
        );
        assert_eq!(
            yaml_err("sets: 0\nreps: 10\n"),
            "sets: the number of sets must be at least 1: write 1 or more at line 1 column 7"
        );
        assert_eq!(
            yaml_err("sets: 3\nreps: 10\nrest: soon\n"),
            "rest: cannot read \"soon\" as a duration: expected a time such as 30s, 45 sec, 1min, 1m30s or 1:30 at line 3 column 7"
        );
        assert_eq!(
            yaml_err("sets: 3\nreps: 10\ntempo: 3-1\n"),
            "tempo: cannot read \"3-1\" as a tempo: expected 3 or 4 parts joined by \"-\", each a number of seconds or x, such as 3-1-1 or 2-0-1-0 at line 3 column 8"
        );
        assert_eq!(
            yaml_err("sets: 3\nreps: 10\nlevel: beginer\n"),
            "level: unknown level \"beginer\": expected beginner, intermediate or advanced; did you mean \"beginner\"? at line 3 column 8"
        );
        assert_eq!(
            yaml_err("sets: 3\nreps: 10\nreps: 12\n"),
            "key \"reps\" appears twice in sets: give it once at line 3 column 1"
        );
        assert_eq!(
            yaml_err("- sets: 3\n  reps: 10\n"),
            ".[0]: each prescription in a list of sets needs a level: beginner, intermediate or advanced at line 1 column 3"
        );
        assert_eq!(
            yaml_err("- {level: beginner, sets: 2, reps: 10}\n- {level: beginner, sets: 3, reps: 10}\n"),
            ".[1]: level \"beginner\" is given twice in sets: give each level once at line 2 column 3"
        );
        assert_eq!(
            yaml_err("[]"),
            "sets is an empty list: give one prescription such as 3x8-12, or one mapping per level"
        );
        assert!(yaml_err("- 3x10\n").contains("expected a mapping with level, sets and reps"));
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
            "sets: unknown key \"rset\" in sets: allowed keys are sets, reps, per_side, rest, tempo, note, level; did you mean \"rest\"? at line 5 column 3"
        );
        assert_eq!(
            err("title: Row\nsets:\n  - {level: beginner, sets: 2, reps: 10}\n  - {level: advanced, sets: 3, reps: 8-x}\n"),
            "sets[1].reps: cannot read \"8-x\" as reps: expected a count (10), a range (8-12), a hold (30s, 1min, 1m30s) or max at line 4 column 38"
        );
        let page: Page = serde_yaml::from_str("title: Row\nsets: 3x8-12\n").unwrap();
        assert_eq!(page.sets.for_level(None).summary(), "3 × 8–12");
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
    fn tempo_forms() {
        for ok in ["3-1-1", "2-0-1-0", "3-0-x-1", "10-0-1"] {
            assert!(check_tempo(ok).is_ok(), "{ok}");
        }
        for bad in ["3-1", "3-1-1-1-1", "310", "3--1", "a-1-1", "100-1-1"] {
            assert!(check_tempo(bad).is_err(), "{bad}");
        }
    }
}
