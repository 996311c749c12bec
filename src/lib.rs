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
//! guides, and the JSON Schema editors check front matter with; [`import`] makes a guide from
//! an open exercise data set.

// A diagnostic is a few strings and errors are the rare path: returned unboxed.
#![allow(clippy::result_large_err)]

pub(crate) mod config;
pub(crate) mod diagnostics;
pub(crate) mod import;
pub(crate) mod links;
pub(crate) mod model;
pub(crate) mod output;
pub(crate) mod pictures;
pub(crate) mod pipeline;
pub(crate) mod render;
pub(crate) mod scaffold;
pub(crate) mod serve;
pub(crate) mod source;

// What the command line runs: the library's API.
pub use crate::config::SiteConfig;
pub use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
pub use crate::import::free_exercise_db::convert_file as convert_free_exercise_db;
pub use crate::import::wger::convert_dir as convert_wger;
pub use crate::import::{import, Converted, Error as ImportError, Report as ImportReport};
pub use crate::pipeline::{build, check, Built, Failure, Options, Timings};
pub use crate::scaffold::json_schema::{to_json as schema, Kind as SchemaKind};
pub use crate::scaffold::{
    init, new_page, Created, Error as ScaffoldError, Kind as PageKind, Written,
};
pub use crate::serve::{serve, ServeError, ServeOptions};
pub use crate::source::front_matter::Date;

/// What the integration tests, the benchmarks and the fuzz targets reach into, besides the
/// API above: the stages one at a time, and serve's site. Not part of the API; it changes
/// with the code.
#[doc(hidden)]
pub mod internals {
    pub use crate::model::catalogue::Catalogue;
    pub use crate::model::link::link;
    pub use crate::output::{Hashes, Update, MARKER};
    pub use crate::pictures::testing as pictures;
    pub use crate::pipeline::{build_into, build_to_serve, build_with, load_guide};
    pub use crate::render::theme::{Theme, REQUIRED};
    pub use crate::render::{render, Discard, Script};
    pub use crate::serve::live::{LiveSite, Outcome};
    pub use crate::serve::update::rerender;
    pub use crate::source::front_matter::{
        EquipmentMatter, ExerciseMatter, MuscleMatter, PageMatter, PostMatter, WorkoutMatter,
    };
    pub use crate::source::load::{load, reread, text_of};
    pub use crate::source::prescription::{Level, Load, Prescription, Reps, Seconds, Sets, Units};

    /// Shortcode calls: `{{ name(key=value) }}`.
    pub mod shortcode {
        pub use crate::render::shortcode::{looks_like_call, parse, Arg, Call};
    }

    /// A page's text split at its front matter fences.
    pub mod split {
        pub use crate::source::split::{split, strip_bom};
    }

    /// Front matter YAML, read with positions.
    pub mod yaml {
        pub use crate::source::yaml::{parse_at, Locator};
    }
}

/// Frees `value` on a thread of its own: a big guide's structures take tens of milliseconds to
/// free, one allocation at a time, and no stage needs to wait for that. Should no thread be
/// had, `spawn` drops `value` itself, here.
pub(crate) fn drop_elsewhere<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("spotter-drop".into())
        .spawn(move || drop(value));
}
