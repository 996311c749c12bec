//! The shorthand of a prescription, `SETSxREPS[ per side]`: `3x8-12`, `3 × 10 per side`,
//! `2x30s`, `3xmax`, read into a [`Prescription`].
//!
//! It is not for the mapping and list forms of `sets:` (`sets`), nor for showing a prescription
//! ([`Prescription::summary`]).

use std::str::FromStr;

use super::reps::{parse_reps, RepsError, REPS_FORMS};
use super::{whole_number, Prescription};

pub(super) const SHORTHAND_FORMS: &str =
    "expected SETSxREPS such as 3x8-12, 3x10 per side, 2x30s or 3xmax";

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
pub(super) fn strip_per_side(text: &str) -> Option<&str> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::prescription::Reps;

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
}
