//! Source: what a guide's files say, read and typed, before anything is resolved.
//!
//! [`load`] walks `content/` (never out of the guide: [`confine`]), [`split`] cuts each file at
//! its `---` fences, [`yaml`] parses the front matter into the structs of [`front_matter`] with
//! every error placed at its line and column, [`prescription`] reads `sets:` and durations, and
//! [`slug`] holds the one rule for URL names. Nothing here knows other pages: that is
//! [`crate::model::link`].

pub mod confine;
pub mod front_matter;
pub mod load;
pub mod prescription;
pub mod program;
pub mod slug;
pub mod split;
pub mod yaml;
