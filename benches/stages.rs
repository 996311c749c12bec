//! Criterion benchmarks of Spotter's stages on a generated 1,000-exercise guide.
//!
//!     cargo bench --bench stages                 # all four: about 40 s once built, on 2 cores
//!     cargo bench --bench stages -- link         # one of them
//!
//! The guide is `../shared/bench/gen_corpus.py --exercises 1000 --format spotter` (next to the
//! repository; `GEN_CORPUS` overrides the path) made acyclic by `benches/acyclic.py`, generated
//! once into the system temp folder and reused (`SPOTTER_BENCH_CORPUS` points at another guide
//! instead). Stages measured:
//!
//! - `load`: `load::load`, reading and parsing every Markdown file with its front matter;
//! - `link`: `link::link` on loaded content (it consumes the content, so each iteration gets a
//!   freshly loaded one, made outside the measurement);
//! - `render`: `internals::render` into `internals::Discard`: every body through Markdown (with code
//!   highlighting) and every page through the theme, writing nothing;
//! - `check`: `spotter::check`, the whole of `spotter check` (config, load, link, theme, render).
//!
//! Under `cargo test --all-targets` (no `--bench` argument) criterion runs each benchmark once
//! as a smoke test; then a 20-exercise guide is used (or, when the generator is not there, as in
//! a fresh clone, the repository's own example guide), so the test stays short.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use criterion::{BatchSize, Criterion, SamplingMode};
use spotter::internals::load_guide;
use spotter::internals::Catalogue;
use spotter::internals::Theme;
use spotter::internals::{render, Discard, Script};
use spotter::SiteConfig;
use spotter::{Options, Timings};

/// Exercises in the benchmarked guide.
const EXERCISES: usize = 1000;
/// Exercises in the guide of the `cargo test` smoke run.
const SMOKE_EXERCISES: usize = 20;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The generated guide of `n` exercises, generating it first if needed; `None` when the
/// generator or python3 is missing.
fn generated_corpus(n: usize) -> Option<PathBuf> {
    let root = manifest_dir();
    let generator = std::env::var_os("GEN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/bench/gen_corpus.py"));
    let acyclic = root.join("benches/acyclic.py");
    if !generator.is_file() {
        eprintln!("stages: no corpus generator at {}", generator.display());
        return None;
    }
    // Keyed by the scripts' sizes and times too, so an edited generator makes a new guide.
    let stamp = |p: &Path| {
        std::fs::metadata(p)
            .map(|m| {
                let t = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_secs());
                format!("{}-{t}", m.len())
            })
            .unwrap_or_default()
    };
    let key = format!(
        "n={n} gen={} acyclic={}",
        stamp(&generator),
        stamp(&acyclic)
    );
    let dir = std::env::temp_dir().join(format!("spotter-bench-stages-{n}"));
    let ready = dir.join(".bench-ready");
    if std::fs::read_to_string(&ready).ok().as_deref() == Some(key.as_str()) {
        return Some(dir);
    }
    // Generate beside the final place and rename, so two bench processes never share a half-made
    // guide.
    let staging = std::env::temp_dir().join(format!(
        "spotter-bench-stages-{n}.new-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&staging);
    eprintln!(
        "stages: generating a {n}-exercise guide in {}",
        dir.display()
    );
    let python = |args: &[&std::ffi::OsStr]| -> bool {
        match Command::new("python3").args(args).status() {
            Ok(s) => s.success(),
            Err(e) => {
                eprintln!("stages: cannot run python3: {e}");
                false
            }
        }
    };
    let n_arg = n.to_string();
    if !python(&[
        generator.as_os_str(),
        "--exercises".as_ref(),
        n_arg.as_ref(),
        "--out".as_ref(),
        staging.as_os_str(),
        "--format".as_ref(),
        "spotter".as_ref(),
    ]) || !python(&[acyclic.as_os_str(), staging.as_os_str()])
    {
        let _ = std::fs::remove_dir_all(&staging);
        return None;
    }
    std::fs::write(staging.join(".bench-ready"), &key).expect("write the corpus stamp");
    let _ = std::fs::remove_dir_all(&dir);
    if std::fs::rename(&staging, &dir).is_err() {
        // Another process put its copy there first: use that one.
        let _ = std::fs::remove_dir_all(&staging);
    }
    Some(dir)
}

/// The guide to benchmark.
fn corpus(smoke: bool) -> PathBuf {
    if let Some(dir) = std::env::var_os("SPOTTER_BENCH_CORPUS") {
        return PathBuf::from(dir);
    }
    let n = if smoke { SMOKE_EXERCISES } else { EXERCISES };
    match generated_corpus(n) {
        Some(dir) => dir,
        None if smoke => {
            eprintln!("stages: smoke run on the repository's own guide instead");
            manifest_dir()
        }
        None => panic!(
            "cannot generate the benchmark guide: needs python3 and ../shared/bench/gen_corpus.py \
             (or set GEN_CORPUS, or SPOTTER_BENCH_CORPUS to a ready guide)"
        ),
    }
}

fn stages(c: &mut Criterion, root: &Path) {
    let options = Options::new(root);

    // The guide must build cleanly, or the benchmarks would time the error paths.
    let (guide, diags) = load_guide(&options, &mut Timings::default())
        .unwrap_or_else(|_| panic!("{}: the guide does not load", root.display()));
    if diags.has_errors() {
        for d in diags.iter().filter(|d| d.is_error()).take(10) {
            eprintln!("{d}\n");
        }
        panic!(
            "{}: {} errors (was benches/acyclic.py run on it?)",
            root.display(),
            diags.error_count()
        );
    }
    let theme = Theme::load(root, &guide.config.theme).expect("the theme loads");
    let config = SiteConfig::load(root).expect("site.yaml loads");
    println!(
        "stages: {}: {} exercises, {} workouts, {} posts",
        root.display(),
        guide.exercises.len(),
        guide.workouts.len(),
        guide.posts.len()
    );

    let mut group = c.benchmark_group("stages");
    // Each iteration takes milliseconds to a second: few samples, one iteration-count each.
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));

    group.bench_function("load", |b| {
        b.iter_with_large_drop(|| spotter::internals::load(black_box(root), false))
    });

    let content = spotter::internals::load(root, false).0;
    group.bench_function("link", |b| {
        b.iter_batched(
            || config.clone(),
            |config| spotter::internals::link(black_box(&content), config, Catalogue::builtin()),
            BatchSize::PerIteration,
        )
    });

    group.bench_function("render", |b| {
        b.iter_with_large_drop(|| {
            render(black_box(&guide), &theme, &Discard, false, Script::None).expect("renders")
        })
    });

    group.bench_function("check", |b| {
        b.iter_with_large_drop(|| spotter::check(black_box(&options)).expect("checks"))
    });

    group.finish();
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --all-targets` does not, and criterion then runs
    // every benchmark once: use a small guide so that stays quick.
    let smoke = !std::env::args().any(|a| a == "--bench");
    let root = corpus(smoke);
    let mut c = Criterion::default().configure_from_args();
    stages(&mut c, &root);
    c.final_summary();
}
