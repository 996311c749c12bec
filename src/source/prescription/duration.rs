//! [`Seconds`]: the duration of holds and rests everywhere in Spotter, read from what a
//! contributor writes (`30s`, `1m30s`, `1:30`, `90`) and shown as `30 s` or `1 min 30 s`.
//!
//! It is not for reps (a hold is [`super::Reps::Hold`], which reads its time here).

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use super::whole_number;

/// A length of time, in whole seconds: rests, holds.
///
/// Written as `30s`, `30 s`, `45sec`, `1min`, `1m30s`, `1m 30s`, `2m`, `1:30` (minutes and
/// seconds) or a bare number of seconds (`90`); shown as `30 s`, `1 min`, `1 min 30 s`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Seconds(pub u32);

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
}
