//! Spotter's integration tests: one test binary, `it`, of one module per subject. Each runs the
//! `spotter` binary (or the library's stages) on small guides in scratch folders.
//!
//! ```text
//! cargo test --test it                       every integration test
//! cargo test --test it bad_input             the bad-input suite (tests/bad/)
//! cargo test --test it bad_input::case::yaml_syntax   one bad-input case
//! cargo test --test it build::               the builds of the fixture guides
//! ```
//!
//! One binary links the library once instead of once a subject, and its tests share one pool
//! of threads.

mod common;
/// The checks of the fuzz targets, shared with the tests that replay their inputs.
#[path = "../../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod fuzz_targets;

mod bad_input;
mod bodymap;
mod build;
mod check_links;
mod commands;
mod docs;
#[cfg(unix)]
mod file_system;
mod fuzz_regressions;
mod import;
mod imported_keys;
mod pictures;
mod player;
mod programs;
mod serve_edits;
mod serve_http;
mod serve_pictures;
mod sets_properties;
