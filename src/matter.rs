//! Typed front matter, one struct per kind of page.
//!
//! Each struct rejects unknown keys, so a typo is an error with a did-you-mean instead of a
//! silently ignored line. Values are kept as written (names, slugs); resolving them against the
//! rest of the guide is the link stage's job.

use serde::{Deserialize, Deserializer, Serialize};

use crate::prescription::{Level, Reps, Seconds, Sets};

/// Declares a front-matter struct with the keys every page may set, plus its own.
macro_rules! front_matter {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// The title (required for every page but the home page and catalogue overrides).
            pub title: Option<String>,
            /// Replaces the slug taken from the file name.
            pub slug: Option<String>,
            /// One or two sentences, shown in lists and meta descriptions.
            pub summary: Option<String>,
            /// Free-form tags; each has a page under `/tags/`.
            #[serde(default, deserialize_with = "one_or_many")]
            pub tags: Vec<String>,
            /// Orders pages in lists, lowest first, before the title.
            pub weight: Option<i64>,
            /// Kept out of the build unless `--drafts` is given.
            #[serde(default)]
            pub draft: bool,
            /// Old URLs that redirect here.
            #[serde(default, deserialize_with = "one_or_many")]
            pub redirect_from: Vec<String>,
            $($(#[$fmeta])* pub $field: $ty,)*
        }

        impl FrontMatter for $name {
            fn common(&self) -> Common<'_> {
                Common {
                    title: self.title.as_deref(),
                    slug: self.slug.as_deref(),
                    summary: self.summary.as_deref(),
                    tags: &self.tags,
                    weight: self.weight,
                    draft: self.draft,
                    redirect_from: &self.redirect_from,
                }
            }
        }
    };
}

/// The keys every kind of page shares, borrowed from its front matter.
#[derive(Debug, Clone, Copy)]
pub struct Common<'a> {
    /// `title`.
    pub title: Option<&'a str>,
    /// `slug`.
    pub slug: Option<&'a str>,
    /// `summary`.
    pub summary: Option<&'a str>,
    /// `tags`.
    pub tags: &'a [String],
    /// `weight`.
    pub weight: Option<i64>,
    /// `draft`.
    pub draft: bool,
    /// `redirect_from`.
    pub redirect_from: &'a [String],
}

/// Front matter of any kind.
pub trait FrontMatter {
    /// The keys every page has.
    fn common(&self) -> Common<'_>;
}

front_matter! {
    /// An exercise: `content/exercises/**.md`.
    ExerciseMatter {
        /// The muscles it works.
        muscles: Option<MuscleRefs>,
        /// What it needs; empty means bodyweight only.
        #[serde(default, deserialize_with = "one_or_many")]
        equipment: Vec<String>,
        /// How hard it is.
        level: Option<Level>,
        /// The prescription.
        sets: Option<Sets>,
        /// Easier variants (exercise slugs).
        #[serde(default, deserialize_with = "one_or_many")]
        regressions: Vec<String>,
        /// Harder variants (exercise slugs).
        #[serde(default, deserialize_with = "one_or_many")]
        progressions: Vec<String>,
        /// Other names of the exercise.
        #[serde(default, deserialize_with = "one_or_many")]
        aliases: Vec<String>,
    }
}

/// The `muscles:` mapping of an exercise.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MuscleRefs {
    /// The muscles that do the work; at least one.
    #[serde(default, deserialize_with = "one_or_many")]
    pub primary: Vec<String>,
    /// The muscles that help.
    #[serde(default, deserialize_with = "one_or_many")]
    pub secondary: Vec<String>,
}

front_matter! {
    /// A workout: `content/workouts/**.md`.
    WorkoutMatter {
        /// Who it is for.
        level: Option<Level>,
        /// How many times the list is gone through; 1 when absent.
        rounds: Option<u32>,
        /// The rest after each round but the last.
        rest_between_rounds: Option<Seconds>,
        /// How often to do it, as free text ("5 days a week").
        schedule: Option<String>,
        /// The exercises and rests, in order.
        #[serde(default)]
        exercises: Vec<ItemMatter>,
    }
}

/// One entry of a workout: an exercise with its prescription, or a rest.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemMatter {
    /// The exercise's slug.
    pub exercise: Option<String>,
    /// A rest of this length (an item of its own).
    pub rest: Option<Seconds>,
    /// Repetitions per set.
    pub reps: Option<Reps>,
    /// Sets per round; 1 when absent.
    pub sets: Option<u32>,
    /// Whether the reps are for each side.
    #[serde(default)]
    pub per_side: bool,
    /// A hold instead of reps.
    pub hold: Option<Seconds>,
    /// A coaching note.
    pub note: Option<String>,
}

front_matter! {
    /// A muscle: `content/muscles/*.md`, adding to or overriding the built-in catalogue.
    MuscleMatter {
        /// Other names it is known by.
        #[serde(default, deserialize_with = "one_or_many")]
        aliases: Vec<String>,
        /// Where on the body it is, e.g. `upper-back`.
        region: Option<String>,
    }
}

front_matter! {
    /// A piece of equipment: `content/equipment/*.md`.
    EquipmentMatter {
        /// Other names it is known by.
        #[serde(default, deserialize_with = "one_or_many")]
        aliases: Vec<String>,
    }
}

front_matter! {
    /// A blog post: `content/blog/*.md`.
    PostMatter {
        /// Publication date, `YYYY-MM-DD`; else taken from the file name.
        date: Option<Date>,
        /// Date of the last real change.
        updated: Option<Date>,
        /// Who wrote it; else the site's author.
        author: Option<String>,
    }
}

front_matter! {
    /// Any other page (`content/about.md`), the home page (`content/_index.md`) or a section's
    /// introduction (`content/exercises/_index.md`).
    PageMatter {}
}

/// Accepts `key: value` as well as `key: [value, ...]`.
pub(crate) fn one_or_many<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Option::<OneOrMany>::deserialize(deserializer)? {
        None => Vec::new(),
        Some(OneOrMany::One(s)) => vec![s],
        Some(OneOrMany::Many(v)) => v,
    })
}

/// A calendar date, `YYYY-MM-DD`. Dates come from content, never from the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "String")]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month.
    pub day: u8,
}

impl Date {
    /// The date at midnight UTC in RFC 3339 form, for feeds and sitemaps.
    pub fn rfc3339(self) -> String {
        format!("{self}T00:00:00Z")
    }

    /// "5 May 2024".
    pub fn long(self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        format!(
            "{} {} {}",
            self.day,
            MONTHS[usize::from(self.month) - 1],
            self.year
        )
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.to_string()
    }
}

impl std::str::FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Date, String> {
        let bad = || format!("\"{s}\" is not a date: write YYYY-MM-DD, e.g. 2024-05-01");
        let parts: Vec<&str> = s.trim().split('-').collect();
        let [y, m, d] = parts[..] else {
            return Err(bad());
        };
        let digits =
            |part: &str, n: usize| part.len() == n && part.bytes().all(|b| b.is_ascii_digit());
        if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
            return Err(bad());
        }
        let (year, month, day): (u16, u8, u8) = (
            y.parse().map_err(|_| bad())?,
            m.parse().map_err(|_| bad())?,
            d.parse().map_err(|_| bad())?,
        );
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return Err(format!("\"{s}\" is not a date: there is no month {month}")),
        };
        if day == 0 || day > days {
            return Err(format!("\"{s}\" is not a date: that month has {days} days"));
        }
        Ok(Date { year, month, day })
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Date;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a date, YYYY-MM-DD")
            }
            // Parsing inside the visitor keeps the error at the value's own position.
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    #[test]
    fn dates_are_checked() {
        assert_eq!(
            "2024-02-29".parse::<Date>().unwrap().to_string(),
            "2024-02-29"
        );
        assert!("2023-02-29".parse::<Date>().is_err());
        assert!("2023-13-01".parse::<Date>().is_err());
        assert!("May 5".parse::<Date>().is_err());
        assert!("+024-+5-01".parse::<Date>().is_err());
        assert_eq!("2024-05-01".parse::<Date>().unwrap().long(), "1 May 2024");
    }

    #[test]
    fn exercise_matter_reads_lists_or_single_values() {
        let m: ExerciseMatter =
            yaml::parse("title: Row\nmuscles:\n  primary: rhomboids\nequipment: [dumbbells]\n")
                .unwrap();
        assert_eq!(m.muscles.unwrap().primary, ["rhomboids"]);
        assert_eq!(m.equipment, ["dumbbells"]);
    }

    #[test]
    fn unknown_keys_are_rejected_with_a_hint() {
        let err = yaml::parse::<ExerciseMatter>("title: Row\nregresions: [a]\n").unwrap_err();
        assert_eq!(err.message, "unknown key \"regresions\"");
        assert_eq!(err.hint.as_deref(), Some("did you mean \"regressions\"?"));
        let err = yaml::parse::<ItemMatter>("exercise: row\nrep: 10\n").unwrap_err();
        assert_eq!(err.hint.as_deref(), Some("did you mean \"reps\"?"));
    }
}
