//! Spotter: a static-site generator for exercise guides.
//!
//! A build is a pipeline of plain stages over plain types:
//!
//! 1. [`load`]: `content/**.md` -> [`load::Content`] (front matter typed per kind of page);
//! 2. [`link`]: `Content` + the built-in [`catalogue`] -> [`model::Guide`] (every name resolved,
//!    ladders, indexes, workouts' derived equipment and muscles);
//! 3. [`markdown`]: every body -> HTML, with `@/` links, shortcodes and highlighted code
//!    (an exercise's body is made with its page, in the next stage);
//! 4. [`render`]: the guide through the Tera theme into pages;
//! 5. [`output`]: pages written to a fresh directory that replaces the old output only when
//!    the whole build succeeded.
//!
//! Each stage collects [`diagnostics::Diagnostic`]s; [`pipeline::build`] runs them in order.
//! [`live`] keeps a served site up to date after edits, running only the stages an edit needs.

// A diagnostic is a few strings and errors are the rare path: returned unboxed.
#![allow(clippy::result_large_err)]

pub mod affected;
pub mod cards;
pub mod catalogue;
pub mod config;
pub mod confine;
pub mod context;
pub mod diagnostics;
pub mod feeds;
pub mod fingerprint;
pub mod frontmatter;
pub mod highlight;
pub mod kept;
pub mod lent;
pub mod link;
pub mod live;
pub mod load;
pub mod markdown;
pub mod matter;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod prescription;
pub mod render;
pub mod renumber;
pub mod scaffold;
pub mod schedule;
pub mod schema;
pub mod serve;
pub mod shortcode;
pub mod slug;
pub mod theme;
pub mod views;
pub mod yaml;

/// Frees `value` on a thread of its own: a big guide's structures take tens of milliseconds to
/// free, one allocation at a time, and no stage needs to wait for that. Should no thread be
/// had, `spawn` drops `value` itself, here.
pub(crate) fn drop_elsewhere<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("spotter-drop".into())
        .spawn(move || drop(value));
}
