//! Fuzz target `front_matter`: the checks live in `spotter_fuzz::front_matter`, which `tests/it/fuzz_regressions.rs`
//! also runs on every input kept under `fuzz/regressions/front_matter/`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| spotter_fuzz::front_matter(data));
