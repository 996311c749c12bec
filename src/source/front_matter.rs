//! Typed front matter, one struct per kind of page.
//!
//! Each struct rejects unknown keys, so a typo is an error with a did-you-mean instead of a
//! silently ignored line. Values are kept as written (names, slugs); resolving them against the
//! rest of the guide is the link stage's job.

use serde::{Deserialize, Deserializer, Serialize};

use crate::source::prescription::{Level, Load, Reps, Seconds, Sets};

/// Declares a front-matter struct with the keys every page may set, plus its own.
macro_rules! front_matter {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// The title (required for every page but the home page and catalogue overrides).
            #[serde(default, deserialize_with = "title")]
            pub title: Option<String>,
            /// Replaces the slug taken from the file name.
            #[serde(default, deserialize_with = "line")]
            pub slug: Option<String>,
            /// One or two sentences, shown in lists and meta descriptions.
            #[serde(default, deserialize_with = "summary")]
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
            /// Where an importer took the page from.
            pub source: Option<Origin>,
            /// Who wrote the page's text, under which licence.
            pub credit: Option<Credit>,
            /// Pictures of the page; the first is its cover.
            #[serde(default)]
            pub images: Vec<ImageMatter>,
            /// A clip: a YouTube or Vimeo URL, or a `.mp4` or `.webm` file.
            #[serde(default, deserialize_with = "video")]
            pub video: Option<VideoMatter>,
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
                    source: self.source.as_ref(),
                    credit: self.credit.as_ref(),
                    images: &self.images,
                    video: self.video.as_ref(),
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
    /// `source`.
    pub source: Option<&'a Origin>,
    /// `credit`.
    pub credit: Option<&'a Credit>,
    /// `images`.
    pub images: &'a [ImageMatter],
    /// `video`.
    pub video: Option<&'a VideoMatter>,
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
        /// Variants without an order (exercise slugs).
        #[serde(default, deserialize_with = "one_or_many")]
        variations: Vec<String>,
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
        #[serde(default, deserialize_with = "line")]
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
    #[serde(default, deserialize_with = "line")]
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
    /// How heavy: `12kg`, `25lb`, `RPE 8`, `70%`.
    pub load: Option<Load>,
    /// A coaching note.
    #[serde(default, deserialize_with = "note")]
    pub note: Option<String>,
}

front_matter! {
    /// A program: `content/programs/*.md`, weeks of days, each a workout or a rest.
    ProgramMatter {
        /// Who it is for.
        level: Option<Level>,
        /// The weeks, in order.
        #[serde(default)]
        weeks: Vec<crate::source::program::WeekMatter>,
    }
}

front_matter! {
    /// A muscle: `content/muscles/*.md`, adding to or overriding the built-in catalogue.
    MuscleMatter {
        /// Other names it is known by.
        #[serde(default, deserialize_with = "one_or_many")]
        aliases: Vec<String>,
        /// Where on the body it is, e.g. `upper-back`.
        #[serde(default, deserialize_with = "line")]
        region: Option<String>,
        /// The muscle it is a part of, by name (`deltoids`).
        #[serde(default, deserialize_with = "line")]
        parent: Option<String>,
        /// The body map's regions it is drawn as, or `none`.
        #[serde(default)]
        map: Option<crate::model::bodymap::MapSpec>,
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
        #[serde(default, deserialize_with = "line")]
        author: Option<String>,
    }
}

front_matter! {
    /// Any other page (`content/about.md`), the home page (`content/_index.md`) or a section's
    /// introduction (`content/exercises/_index.md`).
    PageMatter {}
}

/// Who made a picture, a clip or a text, under which licence, and where it was taken from:
/// `credit: {author: Ana Ruiz, license: CC-BY-4.0, source: "https://example.org/p/12"}`.
/// Pages show it beside what it credits, and `/credits/` lists every one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Credit {
    /// Who made it.
    #[serde(
        default,
        deserialize_with = "line",
        skip_serializing_if = "Option::is_none"
    )]
    pub author: Option<String>,
    /// Its licence, as an SPDX identifier (`CC-BY-4.0`, `CC0-1.0`, `MIT`).
    #[serde(
        default,
        deserialize_with = "line",
        skip_serializing_if = "Option::is_none"
    )]
    pub license: Option<String>,
    /// Where it was taken from: a URL or a few words.
    #[serde(
        default,
        deserialize_with = "line",
        skip_serializing_if = "Option::is_none"
    )]
    pub source: Option<String>,
}

/// Where an importer took a page from: `source: {dataset: wger, id: "123", url: "..."}`.
/// `spotter import` also writes `hash`, a digest of the file it wrote, to tell on a later
/// import whether the file was edited since (and so is to be kept).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Origin {
    /// The data set's name (`free-exercise-db`, `wger`).
    #[serde(
        default,
        deserialize_with = "line",
        skip_serializing_if = "Option::is_none"
    )]
    pub dataset: Option<String>,
    /// The entry's id in the data set.
    #[serde(
        default,
        deserialize_with = "id",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// The entry's address on the web.
    #[serde(
        default,
        deserialize_with = "line",
        skip_serializing_if = "Option::is_none"
    )]
    pub url: Option<String>,
    /// What `spotter import` wrote, digested; absent in a file written by hand.
    #[serde(
        default,
        deserialize_with = "line",
        skip_serializing_if = "Option::is_none"
    )]
    pub hash: Option<String>,
}

/// One picture of `images:`: `{src: start.jpg, alt: ..., caption: ..., credit: {...}}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageMatter {
    /// The file: beside the page's file (`start.jpg`, `band-row/start.jpg`), or under
    /// `static/` (`/photos/start.jpg`).
    #[serde(deserialize_with = "required_line")]
    pub src: String,
    /// What the picture shows, for those who cannot see it; required, never empty.
    #[serde(default, deserialize_with = "summary")]
    pub alt: Option<String>,
    /// A line shown under the picture.
    #[serde(default, deserialize_with = "summary")]
    pub caption: Option<String>,
    /// Who made it.
    pub credit: Option<Credit>,
}

/// `video:`: a URL or a file (`video: https://www.youtube.com/watch?v=ID`), or the same with
/// more said of it (`video: {src: clip.mp4, poster: clip.jpg, credit: {...}}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VideoMatter {
    /// A YouTube or Vimeo URL, or a `.mp4` or `.webm` file found as a picture is.
    #[serde(deserialize_with = "required_line")]
    pub src: String,
    /// A picture shown before the clip plays (found as a picture is).
    #[serde(default, deserialize_with = "line")]
    pub poster: Option<String>,
    /// What the clip shows, in a few words: the player's accessible name.
    #[serde(default, deserialize_with = "summary")]
    pub title: Option<String>,
    /// A line shown under the clip.
    #[serde(default, deserialize_with = "summary")]
    pub caption: Option<String>,
    /// Who made it.
    pub credit: Option<Credit>,
}

/// `video:` as a URL or file alone, or as a mapping.
fn video<'de, D: Deserializer<'de>>(d: D) -> Result<Option<VideoMatter>, D::Error> {
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = Option<VideoMatter>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a URL or a file, or a mapping with `src:`")
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            let src = Limited {
                what: "the value",
                max: LINE_MAX,
            }
            .visit_str(v)?;
            Ok(Some(VideoMatter {
                src,
                ..VideoMatter::default()
            }))
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            VideoMatter::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Some)
        }
    }
    d.deserialize_any(Visitor)
}

/// The most characters a one-line value may have: a title, a name, a slug, a tag. No guide
/// comes near; the limit is there because such values are repeated (a muscle's title on the
/// page of every exercise that works it), so a huge one would grow a build by gigabytes.
pub const LINE_MAX: usize = 200;

/// The most characters of a summary or a description: a few sentences.
pub const SUMMARY_MAX: usize = 1_000;

/// The most characters of a workout item's note.
pub const NOTE_MAX: usize = 500;

/// A string of at most `max` characters; `what` names it in the error.
pub(crate) struct Limited {
    pub(crate) what: &'static str,
    pub(crate) max: usize,
}

impl Limited {
    fn check<E: serde::de::Error>(&self, v: &str) -> Result<(), E> {
        // Counting stops past the limit: a long value is not read twice.
        let n = v.chars().take(self.max + 1).count();
        if n <= self.max {
            return Ok(());
        }
        let (what, max) = (self.what, self.max);
        Err(E::custom(format!(
            "{what} is {} characters long, more than the {max} it may have{}shorten it to one line; longer text belongs in the body, below the closing `---`",
            v.chars().count(),
            crate::source::yaml::HINT
        )))
    }
}

impl serde::de::Visitor<'_> for Limited {
    type Value = String;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }
    // Checked inside the visitor, so that the error is at the value's own position.
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
        self.check(v)?;
        Ok(v.to_string())
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<String, E> {
        self.check(&v)?;
        Ok(v)
    }
}

/// An optional string of at most `max` characters.
fn optional<'de, D: Deserializer<'de>>(
    deserializer: D,
    what: &'static str,
    max: usize,
) -> Result<Option<String>, D::Error> {
    struct Visitor(Limited);
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_string(self.0).map(Some)
        }
    }
    deserializer.deserialize_option(Visitor(Limited { what, max }))
}

/// A title: one line of at most [`LINE_MAX`] characters.
pub(crate) fn title<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    optional(d, "the title", LINE_MAX)
}

/// A summary: at most [`SUMMARY_MAX`] characters.
pub(crate) fn summary<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    optional(d, "the summary", SUMMARY_MAX)
}

/// A note: at most [`NOTE_MAX`] characters.
pub(crate) fn note<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    optional(d, "the note", NOTE_MAX)
}

/// A name, slug or other one-line value: at most [`LINE_MAX`] characters.
pub(crate) fn line<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    optional(d, "the value", LINE_MAX)
}

/// An id: one line, or a whole number (`id: 73` is `id: "73"`).
pub(crate) fn id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string or a whole number")
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Limited {
                what: "the id",
                max: LINE_MAX,
            }
            .visit_str(v)
            .map(Some)
        }
    }
    d.deserialize_option(Visitor)
}

/// A required one-line value (of `site.yaml`): at most [`LINE_MAX`] characters.
pub(crate) fn required_line<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_string(Limited {
        what: "the value",
        max: LINE_MAX,
    })
}

/// A required text of a few sentences (of `site.yaml`): at most [`SUMMARY_MAX`] characters.
pub(crate) fn required_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_string(Limited {
        what: "the text",
        max: SUMMARY_MAX,
    })
}

/// Accepts `key: value` as well as `key: [value, ...]`, each name of at most [`LINE_MAX`]
/// characters.
pub(crate) fn one_or_many<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<String>, D::Error> {
    struct Name(String);
    impl<'de> Deserialize<'de> for Name {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Name, D::Error> {
            d.deserialize_string(Limited {
                what: "the name",
                max: LINE_MAX,
            })
            .map(Name)
        }
    }
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a name or a list of names")
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(vec![Limited {
                what: "the name",
                max: LINE_MAX,
            }
            .visit_str(v)?])
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut names = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
            while let Some(Name(name)) = seq.next_element()? {
                names.push(name);
            }
            Ok(names)
        }
    }
    deserializer.deserialize_any(Visitor)
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
                v.parse().map_err(|e: String| {
                    let hint = if e.contains("write") {
                        ""
                    } else {
                        "write a date of the calendar as YYYY-MM-DD, e.g. 2024-05-01"
                    };
                    let sep = if hint.is_empty() {
                        ""
                    } else {
                        crate::source::yaml::HINT
                    };
                    E::custom(format!("{e}{sep}{hint}"))
                })
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml;

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
    fn one_line_values_are_capped_at_their_own_place() {
        let long = "x".repeat(LINE_MAX + 1);
        let err = yaml::parse::<ExerciseMatter>(&format!("title: {long}\n")).unwrap_err();
        assert_eq!((err.line, err.col), (1, 8));
        assert_eq!(
            err.message,
            "the title is 201 characters long, more than the 200 it may have"
        );
        assert!(err.hint.unwrap().contains("body"));
        let err =
            yaml::parse::<ExerciseMatter>(&format!("title: Row\ntags: [a, {long}]\n")).unwrap_err();
        assert_eq!((err.line, err.col), (2, 11));
        assert_eq!(
            err.message,
            "the name is 201 characters long, more than the 200 it may have (in `tags[1]`)"
        );
        let err =
            yaml::parse::<ExerciseMatter>(&format!("summary: {}\n", "s".repeat(1001))).unwrap_err();
        assert!(
            err.message.starts_with("the summary is 1001 characters"),
            "{err:?}"
        );
        let err = yaml::parse::<ItemMatter>(&format!("exercise: row\nnote: {}\n", "n".repeat(501)))
            .unwrap_err();
        assert!(
            err.message.starts_with("the note is 501 characters"),
            "{err:?}"
        );
        // At the limit, and a null, are fine.
        let m: ExerciseMatter = yaml::parse(&format!(
            "title: {}\nslug:\ntags: a\n",
            "x".repeat(LINE_MAX)
        ))
        .unwrap();
        assert_eq!((m.slug, m.tags), (None, vec!["a".to_string()]));
    }

    #[test]
    fn a_source_id_is_a_string_or_a_whole_number() {
        let m: PageMatter = yaml::parse("source: {dataset: wger, id: 73}\n").unwrap();
        assert_eq!(m.source.unwrap().id.as_deref(), Some("73"));
        let m: PageMatter = yaml::parse("source: {dataset: x, id: Dip_Machine}\n").unwrap();
        assert_eq!(m.source.unwrap().id.as_deref(), Some("Dip_Machine"));
        let err = yaml::parse::<PageMatter>("source: {id: [1]}\n").unwrap_err();
        assert_eq!((err.line, err.col), (1, 14), "{err:?}");
        assert_eq!(
            err.message,
            "`id` must be a string or a whole number, not a list"
        );
    }

    #[test]
    fn pictures_and_a_clip_are_read_on_every_kind() {
        let m: PageMatter = yaml::parse(
            "title: About\nimages:\n  - src: a.jpg\n    alt: A band\n    credit: {author: Ana, license: CC0-1.0}\nvideo: https://youtu.be/x\n",
        )
        .unwrap();
        assert_eq!(m.images[0].src, "a.jpg");
        assert_eq!(
            m.images[0].credit.as_ref().unwrap().author.as_deref(),
            Some("Ana")
        );
        assert_eq!(m.video.unwrap().src, "https://youtu.be/x");
        let m: WorkoutMatter =
            yaml::parse("title: W\nvideo: {src: clip.mp4, poster: clip.jpg}\n").unwrap();
        let video = m.video.unwrap();
        assert_eq!(
            (video.src.as_str(), video.poster.as_deref()),
            ("clip.mp4", Some("clip.jpg"))
        );
        let err = yaml::parse::<ExerciseMatter>("title: R\nimages:\n  - src: a.jpg\n    atl: x\n")
            .unwrap_err();
        assert_eq!(
            (err.line, err.message.as_str()),
            (4, "unknown key \"atl\" (in `images[0]`)")
        );
        let err =
            yaml::parse::<PostMatter>("title: R\nvideo: {src: a.mp4, postr: a.jpg}\n").unwrap_err();
        assert!(err.message.starts_with("unknown key \"postr\""), "{err:?}");
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
