//! The `spotter` command line. Only argument handling and printing live here; the work is in
//! the library (`spotter::build`, `spotter::check`, ...).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use spotter::Diagnostics;
use spotter::{Failure, Options};

/// Spotter: builds exercise guides from Markdown into a cross-linked website.
#[derive(Parser)]
#[command(name = "spotter", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the guide, serve it on 127.0.0.1, rebuild on change and reload the browser.
    Serve {
        /// The guide folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on: 127.0.0.1, ::1, localhost, or another interface's
        /// address or name.
        ///
        /// Only requests that name the server as localhost, 127.0.0.1 or [::1] (or as the
        /// interface given) are answered, so that a web page cannot read the guide through a
        /// name of its own pointed at this machine (DNS rebinding). A wildcard, 0.0.0.0 or ::,
        /// listens on every interface: it exposes the guide to the network, and answers any
        /// host name.
        #[arg(long, default_value = "127.0.0.1")]
        interface: String,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Build the guide into a folder (public/ by default).
    Build {
        /// The guide folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: ROOT/public).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Replace site.yaml's base_url.
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
    },
    /// Check content, links and templates; write nothing.
    Check {
        /// The guide folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Write a new exercise, workout, program or post with its front matter filled in.
    New {
        /// What to write: exercise, workout, program or post.
        kind: spotter::PageKind,
        /// The page's title; the file name is made from it.
        title: String,
        /// The guide folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// A post's date, YYYY-MM-DD (default: today, UTC).
        #[arg(long)]
        date: Option<spotter::Date>,
    },
    /// Start a new guide in DIR (new or empty) that builds as it is.
    Init {
        /// The folder to create the guide in.
        dir: PathBuf,
    },
    /// Make a guide from an open exercise data set, its credits kept.
    ///
    /// Importing again into the same folder rewrites only the pages the importer wrote and
    /// that were not edited since; every other file is kept.
    Import {
        #[command(subcommand)]
        dataset: Dataset,
    },
    /// Print the JSON Schema of the front matter, for editors' YAML validation.
    Schema {
        /// One kind only: exercise, workout, program, post, page, section, muscle, equipment or site
        /// (default: the front matter of any kind of page, one schema for every content file).
        #[arg(long)]
        kind: Option<spotter::SchemaKind>,
    },
}

#[derive(Subcommand)]
enum Dataset {
    /// free-exercise-db's exercises.json (github.com/yuhonas/free-exercise-db).
    FreeExerciseDb {
        /// The data set's exercises.json.
        file: PathBuf,
        /// The guide folder to write (new, or holding an earlier import).
        #[arg(long, default_value = "free-exercise-db-guide")]
        out: PathBuf,
    },
    /// wger's exercise fixtures: a folder of exercise-base-data.json, translations.json,
    /// muscles.json, equipment.json, categories.json, licenses.json and languages.json.
    Wger {
        /// The folder of fixtures.
        dir: PathBuf,
        /// The guide folder to write (new, or holding an earlier import).
        #[arg(long, default_value = "wger-guide")]
        out: PathBuf,
        /// The language of the pages: a code of wger's languages.json (en, de, es, ...).
        #[arg(long, default_value = "en")]
        language: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            timings,
        } => build(
            Options {
                root,
                output,
                base_url,
                drafts,
            },
            timings,
        ),
        Command::Serve {
            root,
            port,
            interface,
            drafts,
        } => serve(spotter::ServeOptions {
            root,
            interface,
            port,
            drafts,
        }),
        Command::Check { root, drafts } => check(Options {
            root,
            output: None,
            base_url: None,
            drafts,
        }),
        Command::New {
            kind,
            title,
            root,
            date,
        } => scaffolded(spotter::new_page(&root, kind, &title, date), |written| {
            for note in &written.notes {
                eprintln!("note: {note}");
            }
            println!("{}", written.path.display());
        }),
        Command::Init { dir } => scaffolded(spotter::init(&dir), |created| {
            print!("{}", created.next_steps());
        }),
        Command::Import { dataset } => import(dataset),
        Command::Schema { kind } => {
            println!("{}", spotter::schema(kind));
            ExitCode::SUCCESS
        }
    }
}

/// `spotter build`; with `timings`, how long each stage and each template took.
fn build(options: Options, timings: bool) -> ExitCode {
    let target = options.output_dir();
    finish(spotter::build(&options), "; nothing was written", |built| {
        if timings {
            print_timings(built);
        }
        let programs = programs_counted(built);
        format!(
            "built {}, {}, {programs}{}: {} files in {}",
            count(built.guide.exercises.len(), "exercise"),
            count(built.guide.workouts.len(), "workout"),
            count(built.guide.posts.len(), "post"),
            built.report.files,
            target.display()
        )
    })
}

/// Prints how long each stage of `built` took, and the time spent in each template.
fn print_timings(built: &spotter::Built) {
    for (stage, t) in &built.timings.stages {
        eprintln!("{stage:>14}: {:>8.1} ms", t.as_secs_f64() * 1000.0);
    }
    eprintln!(
        "exercise bodies, made with their pages: {:.1} ms summed over threads",
        built.report.page_markdown.as_secs_f64() * 1000.0
    );
    eprintln!("time in each template, summed over threads:");
    for t in &built.report.templates {
        eprintln!(
            "{:>24}: {:>8.1} ms for {}",
            t.name,
            t.time.as_secs_f64() * 1000.0,
            count(t.pages, "page")
        );
    }
}

/// `spotter import`: converts the data set, writes the guide, prints the report.
fn import(dataset: Dataset) -> ExitCode {
    let (converted, out) = match dataset {
        Dataset::FreeExerciseDb { file, out } => (spotter::convert_free_exercise_db(&file), out),
        Dataset::Wger { dir, out, language } => (spotter::convert_wger(&dir, &language), out),
    };
    let result = converted.and_then(|c| {
        let (dataset, n) = (c.dataset, c.exercises.len());
        spotter::import(c, &out).map(|report| (dataset, n, report))
    });
    match result {
        Ok((dataset, n, report)) => {
            println!(
                "imported {} from {dataset} into {}",
                count(n, "exercise"),
                out.display()
            );
            print!("{report}");
            println!("next: spotter build --root {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "error: {e}
nothing was written"
            );
            ExitCode::from(if e.is_usage() { 2 } else { 1 })
        }
    }
}

/// `spotter serve`, until it is stopped or fails.
fn serve(options: spotter::ServeOptions) -> ExitCode {
    match spotter::serve(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(spotter::ServeError::Usage(m)) => {
            eprintln!("error: {m}");
            ExitCode::from(2)
        }
        Err(spotter::ServeError::Content(d)) => {
            finish(Err(Failure::Content(d)), "; not serving", |_| String::new())
        }
    }
}

/// `N programs, ` for the summary of a build or a check; nothing when there are none, as in
/// most guides.
fn programs_counted(built: &spotter::Built) -> String {
    match built.guide.programs.len() {
        0 => String::new(),
        n => format!("{}, ", count(n, "program")),
    }
}

/// `spotter check`.
fn check(options: Options) -> ExitCode {
    finish(spotter::check(&options), "", |built| {
        let programs = programs_counted(built);
        format!(
            "checked {}, {}, {programs}{}, {}: no errors",
            count(built.guide.exercises.len(), "exercise"),
            count(built.guide.workouts.len(), "workout"),
            count(built.guide.posts.len(), "post"),
            count(built.guide.pages.len(), "page")
        )
    })
}

/// What `spotter new` or `spotter init` did: `done` prints it, or the error is printed, with
/// exit status 2 for a wrong command and 1 for anything else.
fn scaffolded<T>(result: Result<T, spotter::ScaffoldError>, done: impl FnOnce(T)) -> ExitCode {
    match result {
        Ok(value) => {
            done(value);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(if e.is_usage() { 2 } else { 1 })
        }
    }
}

/// Prints diagnostics and a summary line; picks the exit status.
fn finish(
    result: Result<spotter::Built, Failure>,
    failed_note: &str,
    summary: impl FnOnce(&spotter::Built) -> String,
) -> ExitCode {
    match result {
        Ok(built) => {
            print_all(built.report.warnings.clone());
            println!("{}", summary(&built));
            // The process ends here: freeing a big guide one allocation at a time would only
            // delay that.
            std::mem::forget(built);
            ExitCode::SUCCESS
        }
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Content(diags)) => {
            let errors = diags.error_count();
            let files = {
                let mut f: Vec<_> = diags
                    .iter()
                    .filter(|d| d.is_error())
                    .map(|d| d.path.clone())
                    .collect();
                f.sort();
                f.dedup();
                f.len()
            };
            print_all(diags);
            eprintln!(
                "error: {errors} error{} in {files} file{}{failed_note}",
                if errors == 1 { "" } else { "s" },
                if files == 1 { "" } else { "s" }
            );
            ExitCode::from(1)
        }
    }
}

/// "1 exercise", "3 exercises".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Prints `diags` to stderr in order, a blank line after each.
fn print_all(diags: Diagnostics) {
    for d in diags.sorted() {
        eprintln!("{d}\n");
    }
}

/// mimalloc, built without transparent huge pages (Cargo.toml's `no_thp`): a build touches a few
/// hundred MiB once, and zeroing fresh 2 MiB pages cost more than the TLB saves.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
