//! The one place Spotter touches the YAML library.
//!
//! Front matter and `site.yaml` are parsed here into typed values, and a YAML error becomes a
//! message with a line, a column and a hint that says what to do (a did-you-mean where the
//! library names what it expected). [`parse_fields`] reads a mapping key by key, so that every
//! wrong value of a file is reported at once. [`Locator`] finds where a value stands in the
//! text, so that errors found after parsing (an unknown muscle, say) point at the line that
//! names it. Nothing here knows what a page is.
//!
//! A file for each part: `depth` refuses text nested too deep before the library parses it,
//! reading it with `events` (the library's event parser, the only `unsafe` code here); `fields`
//! reads a mapping key by key; `explain` turns the library's errors into Spotter's; `locator`
//! finds values in the text.

mod depth;
mod events;
mod explain;
mod fields;
mod locator;

use serde::de::DeserializeOwned;

use depth::check_depth;
use explain::explain;
pub use explain::HINT;
pub use fields::parse_fields;
pub use locator::Locator;

/// How deep lists and mappings may nest. Front matter needs three or four levels. The YAML
/// scanner takes time quadratic in the depth of `[[[[...` (every open bracket may start a key,
/// and each is looked at again for every token), so deeper text is refused before it is parsed.
pub const MAX_DEPTH: usize = 64;

/// A YAML error, positioned in the YAML text handed to [`parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line within the YAML text; 0 when unknown.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub col: usize,
    /// What is wrong.
    pub message: String,
    /// What may fix it.
    pub hint: Option<String>,
}

/// Parses `text` into `T`. An empty document counts as an empty mapping.
#[cfg(test)]
pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    parse_at(text, 1)
}

/// Parses `text`, which starts on line `first_line` of its file, so that positions named inside
/// messages are file lines too.
pub fn parse_at<T: DeserializeOwned>(text: &str, first_line: usize) -> Result<T, YamlError> {
    check_depth(text)?;
    from_str(text).map_err(|e| explain(&e, text, first_line))
}

/// Parses `text` into an untyped value.
#[cfg(test)]
pub(crate) fn parse_value(text: &str) -> Result<serde_yaml::Value, YamlError> {
    parse(text)
}

/// The library's `from_str`, with an empty document read as an empty mapping.
fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, serde_yaml::Error> {
    let text = if text.trim().is_empty() { "{}" } else { text };
    serde_yaml::from_str(text)
}

/// Front matter the tests of this module parse.
#[cfg(test)]
mod fixtures {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    pub(super) struct Page {
        title: String,
        level: Option<Lvl>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub(super) enum Lvl {
        Beginner,
        Advanced,
    }

    impl PartialEq for Lvl {
        fn eq(&self, other: &Lvl) -> bool {
            std::mem::discriminant(self) == std::mem::discriminant(other)
        }
    }

    #[derive(Debug, Deserialize, PartialEq, Default)]
    #[serde(deny_unknown_fields)]
    pub(super) struct Full {
        pub(super) title: Option<String>,
        pub(super) level: Option<Lvl>,
        pub(super) rounds: Option<u32>,
        pub(super) tags: Option<Vec<String>>,
    }
}
