//! Fuzz target `guide`: the checks live in `spotter_fuzz::guide`, which `tests/it/fuzz_regressions.rs`
//! also runs on every input kept under `fuzz/regressions/guide/`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| spotter_fuzz::guide(data));
