//! Fuzz target `sets`: the checks live in `spotter_fuzz::sets`, which `tests/it/fuzz_regressions.rs`
//! also runs on every input kept under `fuzz/regressions/sets/`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| spotter_fuzz::sets(data));
