//! [`Level`]: how hard an exercise or a prescription is meant to be, read case-insensitively
//! with a did-you-mean for a misspelt level.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use super::hint;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::prescription::split_hint;

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
}
