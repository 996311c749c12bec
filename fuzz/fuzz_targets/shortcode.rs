//! Fuzz target `shortcode`: the checks live in `spotter_fuzz::shortcode`, which `tests/it/fuzz_regressions.rs`
//! also runs on every input kept under `fuzz/regressions/shortcode/`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| spotter_fuzz::shortcode(data));
