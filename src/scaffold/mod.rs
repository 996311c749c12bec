//! Scaffolding: `spotter new` writes one page with its front matter filled in ([`new_page`]), and
//! `spotter init` writes a whole new guide that builds as it is ([`init`]); [`json_schema`] is
//! the schema editors check front matter with.
//!
//! What is written is kept as files beside the code, to be edited as Markdown and YAML:
//! `starter/init/` is the guide `init` writes, laid out as it is written, and `starter/new/`
//! holds the page of each kind `new` writes. They are built into the binary, and a `{name}` in
//! them is a placeholder that `fill` replaces (a title, a date, an exercise's slug).
//!
//! Everything written here passes `spotter check` as written: placeholders are real values (a
//! muscle of the built-in catalogue, an exercise the guide already has), and the comments beside
//! them say what else may go there. Nothing here ever overwrites a file: files are created with
//! `create_new`, so even a file that appears between the check and the write is left alone.
//!
//! It is not for validating content (that is `spotter check`) and it does not copy the default
//! theme, which is built into the binary.

mod init;
pub mod json_schema;
mod new;
pub(crate) mod placeholders;
mod program_schema;

pub use init::{init, Created};
pub use new::{new_page, Kind, Written};

use std::fmt;
use std::fs::{self, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::source::front_matter::Date;

/// Why a page or a guide was not written.
#[derive(Debug)]
pub enum Error {
    /// The title has no letter or digit to make a file name from (a usage error).
    NoSlug {
        /// The title as given.
        title: String,
    },
    /// `--date` was given for something that is not a post (a usage error).
    DateNotForKind {
        /// What was asked for.
        kind: Kind,
    },
    /// The folder is neither a guide nor inside one (a usage error).
    NotAGuide {
        /// The folder.
        root: PathBuf,
    },
    /// The file to write is already there.
    Exists {
        /// The file.
        path: PathBuf,
    },
    /// Another page of the same kind already publishes under the slug.
    SlugTaken {
        /// The slug.
        slug: String,
        /// The page that has it.
        path: PathBuf,
    },
    /// `init` was pointed at a folder that already holds files.
    NotEmpty {
        /// The folder.
        dir: PathBuf,
    },
    /// `init` was pointed at something that is not a folder.
    NotAFolder {
        /// The path.
        path: PathBuf,
    },
    /// Reading or writing failed.
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        error: io::Error,
    },
}

impl Error {
    /// Whether the command was wrong (exit status 2) rather than the guide (exit status 1).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            Error::NoSlug { .. } | Error::DateNotForKind { .. } | Error::NotAGuide { .. }
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoSlug { title } => write!(
                f,
                "the title \"{title}\" has no letter or digit to make a file name from"
            ),
            Error::DateNotForKind { kind } => write!(
                f,
                "--date is for posts; a new {kind} has no date"
            ),
            Error::NotAGuide { root } => {
                let place = if root == Path::new(".") || root == Path::new("") {
                    "the current folder".to_string()
                } else {
                    root.display().to_string()
                };
                write!(
                    f,
                    "{place} is not a guide: it has no site.yaml and no content/ folder; run `spotter init DIR` to start one, or give the guide with --root"
                )
            }
            Error::Exists { path } => write!(
                f,
                "{} already exists; nothing was written (choose another title, or edit that file)",
                path.display()
            ),
            Error::SlugTaken { slug, path } => write!(
                f,
                "{} already publishes under the slug \"{slug}\"; nothing was written (choose another title)",
                path.display()
            ),
            Error::NotEmpty { dir } => write!(
                f,
                "{} is not empty; nothing was written (give a new or empty folder)",
                dir.display()
            ),
            Error::NotAFolder { path } => write!(
                f,
                "{} exists and is not a folder; nothing was written",
                path.display()
            ),
            Error::Io { path, error } => write!(f, "cannot write {}: {error}", path.display()),
        }
    }
}

impl std::error::Error for Error {}

/// Creates `path` with `text`, refusing to replace anything already there.
fn write_new(path: &Path, shown: &Path, text: &str) -> Result<(), Error> {
    let io_error = |error| Error::Io {
        path: shown.to_path_buf(),
        error,
    };
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(io_error)?;
    }
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|error| match error.kind() {
            io::ErrorKind::AlreadyExists => Error::Exists {
                path: shown.to_path_buf(),
            },
            _ => io_error(error),
        })?;
    file.write_all(text.as_bytes()).map_err(io_error)
}

/// Today's date in UTC, from the system clock.
pub fn today_utc() -> Date {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    date_from_days(seconds / 86_400)
}

/// The calendar date `days` days after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn date_from_days(days: u64) -> Date {
    let z = i64::try_from(days).unwrap_or(0) + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    Date {
        year: u16::try_from(year).unwrap_or(u16::MAX),
        month: u8::try_from(month).unwrap_or(1),
        day: u8::try_from(day).unwrap_or(1),
    }
}

/// `text` as a YAML scalar that reads back as exactly `text`: plain where that is safe,
/// double-quoted otherwise (a title such as `Yes`, `10`, `Row: the basics` or `#1 pull`).
fn yaml_string(text: &str) -> String {
    let plain_reads_back = !text.is_empty()
        && !text.contains(['\n', '\r', '"', '\''])
        && serde_yaml::from_str::<std::collections::BTreeMap<String, serde_yaml::Value>>(&format!(
            "k: {text}\n"
        ))
        .is_ok_and(|m| {
            m.len() == 1 && m.get("k") == Some(&serde_yaml::Value::String(text.to_string()))
        });
    if plain_reads_back {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            // YAML allows only printable characters, even between quotes.
            c if c.is_control() || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `template` with each placeholder, a `{name}` of lowercase letters and `_`, replaced by the
/// value `values` gives it. Anything else in braces (`{sets: 3}`, a shortcode's `{{ ... }}`) is
/// kept as written, and the values are put in as they are, never read for placeholders
/// themselves (a title may be `{date}`).
///
/// # Panics
///
/// If `template` has a placeholder that `values` does not give: the templates are built in, so
/// a test that writes each of them finds it.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
            .unwrap_or(after.len());
        if name_len == 0 || !after[name_len..].starts_with('}') {
            out.push('{');
            rest = after;
            continue;
        }
        let name = &after[..name_len];
        let Some((_, value)) = values.iter().find(|(n, _)| *n == name) else {
            panic!("a starter file has the placeholder {{{name}}}, which is given no value");
        };
        out.push_str(value);
        rest = &after[name_len + 1..];
    }
    out.push_str(rest);
    out
}

/// The front matter of a page written here, parsed as its kind.
#[cfg(test)]
fn matter<M: serde::de::DeserializeOwned>(text: &str) -> M {
    let split = crate::source::split::split(text).expect("front matter");
    crate::source::yaml::parse(split.yaml).unwrap_or_else(|e| panic!("{e:?}\n{text}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::front_matter::PageMatter;
    use crate::source::yaml;

    #[test]
    fn titles_read_back_exactly() {
        for title in [
            "Band Pull-Apart",
            "Yes",
            "null",
            "10",
            "3x8",
            "Row: the basics",
            "#1 pull",
            "Rows # and more",
            "- dash",
            "[bracket]",
            "{brace}",
            "O'Neil's \"row\"",
            "tab\there",
            "back\\slash",
            " leading space",
            "*star",
            "&anchor",
            "!tag",
            "@at",
            "`tick",
            "%percent",
            "|pipe",
            ">fold",
            "?q",
            "Élévation ×2",
            "bell\u{7}",
            "",
        ] {
            let m: PageMatter = yaml::parse(&format!("title: {}\n", yaml_string(title)))
                .unwrap_or_else(|e| panic!("{title:?}: {e:?}"));
            assert_eq!(m.title.as_deref(), Some(title), "{}", yaml_string(title));
        }
        assert_eq!(yaml_string("Band Pull-Apart"), "Band Pull-Apart");
        assert_eq!(yaml_string("Yes"), "Yes");
        assert_eq!(yaml_string("true"), "\"true\"");
    }

    #[test]
    fn dates_from_days() {
        let d = |n| date_from_days(n).to_string();
        assert_eq!(d(0), "1970-01-01");
        assert_eq!(d(59), "1970-03-01");
        assert_eq!(d(11_016), "2000-02-29");
        assert_eq!(d(19_844), "2024-05-01");
        assert_eq!(d(20_513), "2026-03-01");
        assert_eq!(d(2_932_896), "9999-12-31");
        let today = today_utc();
        assert!(today.year >= 2024 && (1..=12).contains(&today.month));
    }

    #[test]
    fn fill_replaces_placeholders_once_and_keeps_other_braces() {
        let filled = fill(
            "title: {title}\nsets: {sets: 3}\n{{ workout(slug=\"{slug}\") }}\n{}{title_}",
            &[
                ("title", "{slug} and {title}"),
                ("slug", "row"),
                ("title_", "x"),
            ],
        );
        assert_eq!(
            filled,
            "title: {slug} and {title}\nsets: {sets: 3}\n{{ workout(slug=\"row\") }}\n{}x"
        );
    }

    #[test]
    #[should_panic(expected = "{date}")]
    fn fill_refuses_a_placeholder_without_a_value() {
        fill("date: {date}\n", &[("title", "Row")]);
    }
}
