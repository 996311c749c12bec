//! Spotter: a static-site generator for exercise guides.
//!
//! A build is a pipeline of plain stages over plain types, one folder a stage:
//!
//! 1. [`source`]: `site.yaml` and `content/**.md` -> [`source::load::Content`]: each file split
//!    at its fences, its front matter read into the typed struct of its kind
//!    ([`source::front_matter`]), `sets:` read as a [`source::prescription::Prescription`];
//! 2. [`model`]: `Content` + the built-in [`model::catalogue`] -> [`model::Guide`] by
//!    [`model::link`]: every name resolved, ladders, indexes, workouts' derived equipment and
//!    muscles;
//! 3. [`render`]: every body through [`render::markdown`] (`@/` links, shortcodes, highlighted
//!    code), then every page through the Tera [`render::theme`] with its typed
//!    [`render::context`];
//! 4. [`output`]: pages written to a fresh folder that replaces the old output only when the
//!    whole build succeeded.
//!
//! Each stage collects [`diagnostics::Diagnostic`]s; [`pipeline::build`] and
//! [`pipeline::check`] run them in order. [`serve`] keeps a served site up to date after edits,
//! running only the stages an edit needs ([`serve::live`]); [`scaffold`] writes new pages and
//! guides, and the JSON Schema editors check front matter with.

// A diagnostic is a few strings and errors are the rare path: returned unboxed.
#![allow(clippy::result_large_err)]

pub mod config;
pub mod diagnostics;
pub mod model;
pub mod output;
pub mod pictures;
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod source;

/// Frees `value` on a thread of its own: a big guide's structures take tens of milliseconds to
/// free, one allocation at a time, and no stage needs to wait for that. Should no thread be
/// had, `spawn` drops `value` itself, here.
pub(crate) fn drop_elsewhere<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("spotter-drop".into())
        .spawn(move || drop(value));
}
