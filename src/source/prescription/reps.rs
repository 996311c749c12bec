//! [`Reps`]: how many repetitions a set asks for, or how long it is held, read from `10`,
//! `8-12`, `30s` or `max`.
//!
//! It is not for the number of sets or the per-side ending of the shorthand (`shorthand`), though
//! `reps: 10 per side` is caught here to say where per-side goes.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use super::shorthand::strip_per_side;
use super::{whole_number, Seconds};

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

pub(super) const REPS_FORMS: &str =
    "a count (10), a range (8-12), a hold (30s, 1min, 1m30s) or max";

/// Why a reps text was refused: it is not reps at all, or it is reps with a wrong value.
pub(super) enum RepsError {
    Unreadable,
    Invalid(String),
}

pub(super) fn parse_reps(text: &str) -> Result<Reps, RepsError> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
