//! A program's `weeks:`, as written: each week a list of days, a mapping with its days and a
//! note, or `same: N`; each day a workout's slug, `rest`, or a workout with a note. What the
//! names mean (which workout, which week) is [`crate::model::link`]'s to tell.

use serde::{Deserialize, Deserializer};

use crate::source::front_matter::{line, note, Limited, LINE_MAX};

/// The most days a week has.
pub const DAYS_MAX: usize = 7;

/// One week of `weeks:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WeekMatter {
    /// Its days (`[six-minute-upper-back, rest, ...]`, or `{days: [...], note: ...}`).
    Days {
        /// The days, 1 to 7.
        days: Vec<DayMatter>,
        /// What to change this week.
        note: Option<String>,
    },
    /// `same: N`: the same days as week N (1-based), which comes before it.
    Same(u32),
}

/// One day of a week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayMatter {
    /// `rest`.
    Rest,
    /// A workout's slug, and a note for that day.
    Workout {
        /// The workout's slug as written.
        workout: String,
        /// What to do differently that day.
        note: Option<String>,
    },
}

/// `{days: [...], note: ...}` or `{same: N}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WeekMap {
    days: Option<Days>,
    #[serde(default, deserialize_with = "note")]
    note: Option<String>,
    same: Option<u32>,
}

/// `{workout: SLUG, note: ...}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DayMap {
    #[serde(default, deserialize_with = "line")]
    workout: Option<String>,
    #[serde(default, deserialize_with = "note")]
    note: Option<String>,
}

/// A list of 1 to 7 days.
struct Days(Vec<DayMatter>);

impl<'de> Deserialize<'de> for Days {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Days, D::Error> {
        use serde::de::Error;
        let days = Vec::<DayMatter>::deserialize(d)?;
        if days.is_empty() || days.len() > DAYS_MAX {
            return Err(D::Error::custom(format!(
                "a week has 1 to {DAYS_MAX} days, not {}{}list the week's days, `rest` for a day off; a longer block is more weeks",
                days.len(),
                crate::source::yaml::HINT
            )));
        }
        Ok(Days(days))
    }
}

impl<'de> Deserialize<'de> for WeekMatter {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<WeekMatter, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = WeekMatter;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list of days, a mapping with `days:`, or `same: N`")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<WeekMatter, A::Error> {
                let Days(days) =
                    Days::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
                Ok(WeekMatter::Days { days, note: None })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<WeekMatter, A::Error> {
                use serde::de::Error;
                let m = WeekMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                match (m.days, m.same, m.note) {
                    (Some(Days(days)), None, note) => Ok(WeekMatter::Days { days, note }),
                    (None, Some(n), None) => Ok(WeekMatter::Same(n)),
                    (None, Some(_), Some(_)) => Err(A::Error::custom(format!(
                        "a week that is `same:` as another takes no note{}write the week out with `days:` to give it a note",
                        crate::source::yaml::HINT
                    ))),
                    (Some(_), Some(_), _) => Err(A::Error::custom(format!(
                        "a week has `days:` or `same:`, not both{}keep `days:` to list the week, or `same: N` to repeat week N",
                        crate::source::yaml::HINT
                    ))),
                    (None, None, _) => Err(A::Error::custom(format!(
                        "a week needs `days:` or `same:`{}write `- days: [WORKOUT, rest, ...]` or `- same: 1`",
                        crate::source::yaml::HINT
                    ))),
                }
            }
        }
        d.deserialize_any(Visitor)
    }
}

impl<'de> Deserialize<'de> for DayMatter {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<DayMatter, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = DayMatter;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a workout's slug, `rest`, or `{workout: SLUG, note: ...}`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DayMatter, E> {
                let name = Limited {
                    what: "the workout's name",
                    max: LINE_MAX,
                }
                .visit_str(v)?;
                Ok(match name.trim() {
                    "rest" => DayMatter::Rest,
                    _ => DayMatter::Workout {
                        workout: name,
                        note: None,
                    },
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<DayMatter, A::Error> {
                use serde::de::Error;
                let m = DayMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                match m.workout {
                    Some(workout) => Ok(DayMatter::Workout {
                        workout,
                        note: m.note,
                    }),
                    None => Err(A::Error::custom(format!(
                        "a day written as a mapping needs `workout:`{}write `{{workout: SLUG, note: \"...\"}}`, or `rest` for a day off",
                        crate::source::yaml::HINT
                    ))),
                }
            }
        }
        d.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weeks(yaml: &str) -> Result<Vec<WeekMatter>, String> {
        crate::source::yaml::parse::<Vec<WeekMatter>>(yaml)
            .map_err(|e| format!("{} {:?}", e.message, e.hint))
    }

    #[test]
    fn a_week_is_days_a_mapping_or_same() {
        let w = weeks("- [a, rest, {workout: b, note: heavy}]\n- same: 1\n- days: [rest, a]\n  note: harder\n")
            .unwrap();
        assert_eq!(
            w,
            vec![
                WeekMatter::Days {
                    days: vec![
                        DayMatter::Workout {
                            workout: "a".into(),
                            note: None
                        },
                        DayMatter::Rest,
                        DayMatter::Workout {
                            workout: "b".into(),
                            note: Some("heavy".into())
                        },
                    ],
                    note: None
                },
                WeekMatter::Same(1),
                WeekMatter::Days {
                    days: vec![
                        DayMatter::Rest,
                        DayMatter::Workout {
                            workout: "a".into(),
                            note: None
                        }
                    ],
                    note: Some("harder".into())
                },
            ]
        );
    }

    #[test]
    fn a_week_of_eight_days_or_none_is_refused() {
        assert!(weeks("- [a, a, a, a, a, a, a, a]\n")
            .unwrap_err()
            .contains("1 to 7 days, not 8"));
        assert!(weeks("- []\n").unwrap_err().contains("1 to 7 days, not 0"));
        assert!(weeks("- {same: 1, days: [a]}\n")
            .unwrap_err()
            .contains("not both"));
        assert!(weeks("- {note: x}\n").unwrap_err().contains("a week needs"));
        assert!(weeks("- [{note: x}]\n")
            .unwrap_err()
            .contains("a day written as a mapping needs"));
        assert!(weeks("- {same: 1, note: x}\n")
            .unwrap_err()
            .contains("takes no note"));
    }
}
