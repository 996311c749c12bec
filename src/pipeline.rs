//! The pipeline: config, load, link, theme, render, write, in that order, for `build` and
//! `check` alike. Errors of every stage that can run are gathered before giving up, so one
//! run reports every mistake.
//!
//! It only runs the stages: what each does is in its own module, printing is the command line's
//! (`src/main.rs`), and bringing a served site up to date after an edit is
//! [`crate::serve::live`]'s, which calls the parts it needs ([`relink`], [`relink_after`]).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::catalogue::Catalogue;
use crate::model::link::Edited;
use crate::model::Guide;
use crate::output::{check_target, Output};
use crate::render::theme::Theme;
use crate::render::{self, Report, Script, Sink};
use crate::serve::update::{self, Memo};
use crate::source::load::Content;

/// What a build is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The guide folder.
    pub root: PathBuf,
    /// Where to write (`public/` under the root by default).
    pub output: Option<PathBuf>,
    /// Replaces `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
}

impl Options {
    /// Builds the guide at `root` with defaults.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Options {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
        }
    }

    /// The output folder.
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// Why a build did not happen.
#[derive(Debug)]
pub enum Failure {
    /// The command was wrong (exit status 2): a refused output path, a bad `--base-url`.
    Usage(String),
    /// The guide has errors (exit status 1).
    Content(Diagnostics),
}

/// How long each stage took.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    /// Stage name and duration, in order.
    pub stages: Vec<(&'static str, Duration)>,
}

impl Timings {
    fn lap(&mut self, name: &'static str, since: &mut Instant) {
        let now = Instant::now();
        self.stages.push((name, now - *since));
        *since = now;
    }
}

/// A finished build.
pub struct Built {
    /// The linked guide.
    pub guide: Guide,
    /// The theme it was rendered with.
    pub theme: Theme,
    /// Files and warnings.
    pub report: Report,
    /// Stage times.
    pub timings: Timings,
}

/// The first build of `spotter serve`, with what it keeps to update the site after edits.
pub struct Served {
    /// The build.
    pub built: Built,
    /// The content as read, before linking.
    pub content: Content,
    /// What the render keeps for the next ([`crate::serve::update`]).
    pub memo: Memo,
}

/// Which run of the pipeline: a build keeps nothing once its site is written; `serve` keeps
/// the content as read and what its render made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Build,
    Serve,
}

/// Reads and links the guide; returns it with every diagnostic so far.
pub fn load_guide(
    options: &Options,
    timings: &mut Timings,
) -> Result<(Guide, Diagnostics), Failure> {
    let clock = Instant::now();
    let (config, root_warning) = read_config(options)?;
    let (guide, diags, _) = load_content(options, config, root_warning, clock, timings, false);
    Ok((guide, diags))
}

/// The guide's `site.yaml` (with `--base-url` applied), and a warning when the guide folder
/// looks empty.
fn read_config(options: &Options) -> Result<(SiteConfig, Option<Diagnostic>), Failure> {
    let root_warning = check_root(&options.root)?;
    crate::source::confine::real_path(&options.root, "site.yaml")
        .map_err(|d| Failure::Content([d].into_iter().collect()))?;
    let mut config =
        SiteConfig::load(&options.root).map_err(|d| Failure::Content(d.into_iter().collect()))?;
    if let Some(url) = &options.base_url {
        config.set_base_url(url).map_err(Failure::Usage)?;
    }
    Ok((config, root_warning))
}

/// Reads the content and links it with `config`; the load stage is timed from `clock`. With
/// `keep`, also returns the content as read.
fn load_content(
    options: &Options,
    config: SiteConfig,
    root_warning: Option<Diagnostic>,
    mut clock: Instant,
    timings: &mut Timings,
    keep: bool,
) -> (Guide, Diagnostics, Option<Content>) {
    let (content, mut diags) = crate::source::load::load(&options.root, options.drafts);
    diags.extend(root_warning);
    diags.extend(crate::scaffold::placeholders::left_in(&content));
    timings.lap("load", &mut clock);
    let (mut guide, link_diags) = relink(config, &content);
    diags.extend(link_diags);
    timings.lap("link", &mut clock);
    diags.extend(collect_pictures(&options.root, &mut guide));
    timings.lap("pictures", &mut clock);
    if keep {
        (guide, diags, Some(content))
    } else {
        crate::drop_elsewhere(content);
        (guide, diags, None)
    }
}

/// Reads and processes the pictures `guide` names ([`crate::pictures::collect`]: only those
/// changed since they were last processed are encoded), and gives them to it.
pub fn collect_pictures(root: &Path, guide: &mut Guide) -> Diagnostics {
    let (pictures, diags) = crate::pictures::collect(root, guide);
    guide.pictures = std::sync::Arc::new(pictures);
    diags
}

/// Links `content` as read with `config` (`spotter serve` links again after reading a few
/// files again).
pub fn relink(config: SiteConfig, content: &Content) -> (Guide, Diagnostics) {
    crate::model::link::link(content, config, Catalogue::builtin())
}

/// How [`relink_after`] linked a guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Linked {
    /// The edited files alone: every page keeps its address and redirects, so only the tags
    /// and which muscles and equipment are listed can change which pages the guide has.
    Alone,
    /// Everything again.
    Whole,
}

/// Links `content` again after the edits `edited` to `old`, a guide linked without errors from
/// the content as it was: only the edited files when that is enough
/// ([`crate::model::link::relink_edited`]), everything otherwise. Debug builds check the first way
/// against the second.
pub fn relink_after(
    old: &Guide,
    content: &Content,
    edited: &[Edited],
) -> (Guide, Diagnostics, Linked) {
    // Linking reads no picture: the pictures processed for `old` stay (a changed picture is
    // processed again only by a new build).
    let Some(guide) = crate::model::link::relink_edited(old, content, Catalogue::builtin(), edited)
    else {
        let (mut guide, diags) = relink(old.config.clone(), content);
        guide.pictures = old.pictures.clone();
        return (guide, diags, Linked::Whole);
    };
    #[cfg(debug_assertions)]
    {
        let (mut full, diags) = relink(old.config.clone(), content);
        full.pictures = guide.pictures.clone();
        assert!(
            diags.is_empty(),
            "linking everything found errors: {diags:?}"
        );
        assert!(
            full == guide,
            "linking the edited files alone made another guide than linking everything"
        );
    }
    (guide, Diagnostics::new(), Linked::Alone)
}

/// A mistyped `--root` must not pass unnoticed: a missing folder is refused, and a folder with
/// neither `content/` nor `site.yaml` builds (an empty guide is still a guide) with a warning.
fn check_root(root: &Path) -> Result<Option<Diagnostic>, Failure> {
    if !root.is_dir() {
        return Err(Failure::Usage(format!(
            "the guide folder {} does not exist or is not a folder",
            root.display()
        )));
    }
    if !root.join("content").exists() && !root.join("site.yaml").exists() {
        return Ok(Some(
            Diagnostic::warning(
                "content",
                format!(
                    "{} has no content/ folder and no site.yaml, so the site is empty",
                    root.display()
                ),
            )
            .with_hint("is --root right? `spotter init DIR` makes a new guide"),
        ));
    }
    Ok(None)
}

/// Builds the guide into its output folder; the old output is replaced only on success.
pub fn build(options: &Options) -> Result<Built, Failure> {
    build_with(options, Script::None)
}

/// Builds, with `script` in every page: with [`Script::LiveReload`], the site a served one is,
/// built in one go.
pub fn build_with(options: &Options, script: Script) -> Result<Built, Failure> {
    let target =
        check_target(&options.root, &options.output_dir()).map_err(|r| Failure::Usage(r.0))?;
    let config = read_config(options)?;
    let output = Output::begin(target.clone())
        .map_err(|e| Failure::Content([output_failure(&target, &e)].into_iter().collect()))?;
    write_site(options, config, output, script)
}

/// Builds into `output` and puts it in place when the build succeeded (and wrote everything);
/// throws it away otherwise.
fn write_site(
    options: &Options,
    config: (SiteConfig, Option<Diagnostic>),
    output: Output,
    script: Script,
) -> Result<Built, Failure> {
    let built = run(
        options,
        config,
        Mode::Build,
        &output,
        |guide, theme, bodies_only| {
            let report = render::render(guide, theme, &output, bodies_only, script);
            Ok((report.map_err(Failure::Content)?, ()))
        },
    );
    if let Some(e) = output.halted() {
        // Every file failed, or would have, for this one reason: said once, for the output.
        let target = output.target().to_path_buf();
        output.abandon();
        let reason = e.to_string();
        let mut diags: Diagnostics = match built {
            Ok(_) => Diagnostics::new(),
            Err(Failure::Content(d)) => d
                .into_iter()
                .filter(|d| !d.message.ends_with(&reason))
                .collect(),
            Err(usage) => return Err(usage),
        };
        diags.push(output_failure(&target, &e));
        return Err(Failure::Content(diags));
    }
    match built {
        Ok((mut built, _)) => {
            let started = Instant::now();
            let notes = output
                .commit()
                .map_err(|d| Failure::Content([d].into_iter().collect()))?;
            built.report.warnings.extend(notes);
            built.timings.stages.push(("swap", started.elapsed()));
            Ok(built)
        }
        Err(failure) => {
            output.abandon();
            Err(failure)
        }
    }
}

/// A warning when the site is built for `base_url` that is a loopback or example address
/// and has workouts: their cards' QR codes would open nothing for whoever scans them.
fn placeholder_base_url(guide: &Guide) -> Option<Diagnostic> {
    let c = &guide.config;
    let what = c.placeholder_base_url()?;
    if guide.workouts.is_empty() {
        return None;
    }
    let message = format!(
        "base_url {} is {what}: the QR code on every workout card, and every link in the feed and the sitemap, would lead nowhere for a reader",
        c.base_url
    );
    // At the value in site.yaml, unless it came from --base-url (then there is no line).
    let locator = crate::source::yaml::Locator::new(&c.source);
    let written = [c.base_url.as_str(), c.base_url.trim_end_matches('/')]
        .into_iter()
        .find_map(|url| Some((url, locator.find_all(&["base_url"], url).first().copied()?)));
    let hint = "set `base_url:` in site.yaml to where the site will be published, or build with `--base-url URL`";
    Some(match written {
        Some((url, (line, col))) => Diagnostic::warning("site.yaml", message)
            .at(&c.source, line, col)
            .spanning(url.chars().count())
            .with_hint(hint),
        // site.yaml says nothing: the default, serve's own address.
        None if locator.key_line(&["base_url"]).is_none() => Diagnostic::warning("site.yaml", message)
            .with_hint("add `base_url:` to site.yaml with where the site will be published, or build with `--base-url URL`"),
        None => Diagnostic::warning("--base-url", message)
            .with_hint("give --base-url the address where the site will be published"),
    })
}

/// Checks content, links and templates, rendering every page but writing nothing.
pub fn check(options: &Options) -> Result<Built, Failure> {
    let links = crate::links::Links::default();
    let mut built = build_into(options, Script::None, &links)?;
    let broken = links.check(&built.guide);
    if broken.has_errors() {
        let mut diags = std::mem::take(&mut built.report.warnings);
        diags.extend(broken);
        return Err(Failure::Content(diags));
    }
    Ok(built)
}

/// Builds into `sink` rather than the output folder, with `script` in every page.
pub fn build_into(options: &Options, script: Script, sink: &dyn Sink) -> Result<Built, Failure> {
    let config = read_config(options)?;
    let (built, _) = run(
        options,
        config,
        Mode::Build,
        sink,
        |guide, theme, bodies_only| {
            let report = render::render(guide, theme, sink, bodies_only, script);
            Ok((report.map_err(Failure::Content)?, ()))
        },
    )?;
    Ok(built)
}

/// Builds into `sink` for `spotter serve`: with live reload, keeping the content as read and
/// what [`update::update`] needs to re-render only the pages an edit changes.
pub fn build_to_serve(options: &Options, sink: &dyn Sink) -> Result<Served, Failure> {
    let config = read_config(options)?;
    let (built, (memo, content)) = run(
        options,
        config,
        Mode::Serve,
        sink,
        |guide, theme, bodies_only| {
            let rendered = update::render_to_serve(guide, theme, sink, bodies_only);
            let rendered = rendered.map_err(Failure::Content)?;
            Ok((rendered.report, rendered.memo))
        },
    )?;
    Ok(Served {
        built,
        content: content.unwrap_or_default(),
        memo,
    })
}

/// Runs the stages after reading `config` (with the warning of an empty guide folder), rendering
/// into `sink` with `render`; returns the build, with what `render` returned besides its report
/// and, for `serve`, the content as read.
///
/// Three things need not wait for each other: the theme loads on a thread of its own while the
/// content is read and linked (which is partly serial), and the pictures' files are put into
/// `sink` on another as soon as the pictures are known, while the theme loads and the pages
/// render. A render never waits for the pictures, nor the pictures for the render.
fn run<T>(
    options: &Options,
    (config, root_warning): (SiteConfig, Option<Diagnostic>),
    mode: Mode,
    sink: &dyn Sink,
    render: impl FnOnce(&Guide, &Theme, bool) -> Result<(Report, T), Failure>,
) -> Result<(Built, (T, Option<Content>)), Failure> {
    let keep_content = mode == Mode::Serve;
    let mut timings = Timings::default();
    let clock = Instant::now();
    let theme_name = config.theme.clone();
    std::thread::scope(|s| {
        let theme = s.spawn(|| {
            let started = Instant::now();
            (Theme::load(&options.root, &theme_name), started.elapsed())
        });
        let (guide, mut diags, content) = load_content(
            options,
            config,
            root_warning,
            clock,
            &mut timings,
            keep_content,
        );
        // A guide that fails already writes nothing.
        let placing = (!diags.has_errors()).then(|| {
            let pictures = guide.pictures.clone();
            s.spawn(move || {
                let started = Instant::now();
                (render::place_pictures(&pictures, sink), started.elapsed())
            })
        });
        let (theme, took) = theme
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        timings.stages.push(("theme", took));
        let theme = match theme {
            Ok(t) => t,
            Err(d) => {
                diags.extend(d);
                return Err(Failure::Content(diags));
            }
        };
        let failed_already = diags.has_errors();
        let mut result = render(&guide, &theme, failed_already);
        if let Some(placing) = placing {
            let ((count, errors), took) = placing
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            timings.stages.push(("picture files", took));
            match &mut result {
                Ok((report, _)) if errors.is_empty() => report.files += count,
                Ok(_) => result = Err(Failure::Content(errors.into_iter().collect())),
                Err(Failure::Content(d)) => d.extend(errors),
                Err(Failure::Usage(_)) => {}
            }
        }
        finish(mode, guide, theme, diags, content, timings, result)
    })
}

/// What [`run`] returns once the render and the pictures are done.
fn finish<T>(
    mode: Mode,
    guide: Guide,
    theme: Theme,
    mut diags: Diagnostics,
    content: Option<Content>,
    mut timings: Timings,
    result: Result<(Report, T), Failure>,
) -> Result<(Built, (T, Option<Content>)), Failure> {
    let failed_already = diags.has_errors();
    if let Ok((report, _)) = &result {
        timings.stages.extend(report.stages.iter().copied());
    }
    match result {
        Ok(_) if failed_already => Err(Failure::Content(diags)),
        Ok((mut report, kept)) => {
            // `build` and `check` say it; `serve` publishes nothing, at an address of its own.
            if mode == Mode::Build {
                diags.extend(placeholder_base_url(&guide));
            }
            let warnings = std::mem::take(&mut report.warnings);
            diags.extend(warnings);
            report.warnings = diags;
            let built = Built {
                guide,
                theme,
                report,
                timings,
            };
            Ok((built, (kept, content)))
        }
        Err(Failure::Content(d)) => {
            diags.extend(d);
            Err(Failure::Content(diags))
        }
        Err(usage) => Err(usage),
    }
}

/// The failure of writing the site into `dir` (by `build`, or by `serve` into its own folder).
pub(crate) fn write_failure(dir: &Path, e: &std::io::Error) -> Failure {
    Failure::Content([output_failure(dir, e)].into_iter().collect())
}

/// The one error of a build whose output `dir` cannot be written, with what to do about it.
fn output_failure(dir: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(dir, format!("cannot write the output: {e}"))
        .with_hint(crate::output::cannot_write_hint(dir, e))
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use crate::output::Faults;
    use std::fs;

    /// A new guide (as `spotter init` makes it) in a scratch folder, and the options that build
    /// it into `public/`.
    fn guide(name: &str) -> (PathBuf, Options) {
        let dir =
            std::env::temp_dir().join(format!("spotter-pipeline-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        crate::scaffold::init(&dir).unwrap();
        let dir = fs::canonicalize(dir).unwrap();
        (dir.clone(), Options::new(dir))
    }

    /// Builds as `build` does, into an output failing as `faults` says.
    fn build_failing(options: &Options, faults: Faults) -> Result<Built, Failure> {
        let target = check_target(&options.root, &options.output_dir()).unwrap();
        let config = read_config(options).unwrap();
        let output = Output::begin(target).unwrap().inject(faults);
        write_site(options, config, output, Script::None)
    }

    fn swap_folders(dir: &Path) -> Vec<String> {
        (fs::read_dir(dir).unwrap().flatten())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".spotter-"))
            .collect()
    }

    /// The names of the files in `dir`, with their inodes.
    fn listing(dir: &Path) -> Vec<(String, u64)> {
        use std::os::unix::fs::MetadataExt;
        let mut files: Vec<(String, u64)> = (fs::read_dir(dir).unwrap().flatten())
            .map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                (name, e.metadata().unwrap().ino())
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn a_failed_swap_leaves_the_old_pictures_as_they_were() {
        use crate::pictures::testing::encoded;
        use image::ImageFormat::Png;
        let (dir, options) = guide("carried");
        fs::write(
            dir.join("content/pictured.md"),
            "---\ntitle: Pictured\nimages:\n  - {src: p.png, alt: A dot}\n---\nSee.\n",
        )
        .unwrap();
        fs::write(dir.join("content/p.png"), encoded(Png, 40, 20)).unwrap();
        build(&options).unwrap();
        let pictures = dir.join("public/pictures");
        let before = listing(&pictures);
        let home = fs::read(dir.join("public/index.html")).unwrap();
        assert_eq!(before.len(), 2, "{before:?}");
        // Another picture: its files are added to the old output's folder while the build
        // runs, and taken out again when the new output cannot be put in place.
        fs::write(dir.join("content/p.png"), encoded(Png, 30, 20)).unwrap();
        let failed = build_failing(
            &options,
            Faults {
                refuse_swap: Some(libc::EACCES),
                ..Faults::default()
            },
        );
        assert!(matches!(failed, Err(Failure::Content(_))));
        assert_eq!(listing(&pictures), before);
        assert_eq!(fs::read(dir.join("public/index.html")).unwrap(), home);
        assert_eq!(swap_folders(&dir), vec![".spotter-cache".to_string()]);
        // The next build puts the new picture in and takes the old one out.
        build(&options).unwrap();
        let after = listing(&pictures);
        assert_eq!(after.len(), 2);
        assert!(after.iter().all(|f| !before.contains(f)), "{after:?}");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_full_disk_is_one_error_naming_the_output() {
        let (dir, options) = guide("full");
        let built = build(&options).unwrap();
        assert!(built.report.files > 20, "{}", built.report.files);
        let home = fs::read(dir.join("public/index.html")).unwrap();
        let failed = build_failing(
            &options,
            Faults {
                fail: Some((3, libc::ENOSPC)),
                ..Faults::default()
            },
        );
        let Err(Failure::Content(diags)) = failed else {
            panic!("the build did not fail");
        };
        let diags = diags.sorted();
        assert_eq!(diags.len(), 1, "{diags:#?}");
        let d = &diags[0];
        assert!(d.is_error());
        assert_eq!(d.path, dir.join("public"));
        assert_eq!(
            d.message,
            "cannot write the output: No space left on device (os error 28)"
        );
        assert!(
            (d.hint.as_deref()).is_some_and(|h| h.contains("is full") && h.contains("--output")),
            "{d}"
        );
        assert_eq!(fs::read(dir.join("public/index.html")).unwrap(), home);
        assert_eq!(swap_folders(&dir), Vec::<String>::new());
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn an_old_output_left_behind_by_the_swap_is_a_warning_of_a_finished_build() {
        let (dir, options) = guide("keep-old");
        build(&options).unwrap();
        fs::write(dir.join("public/stale.txt"), "from before").unwrap();
        let built = build_failing(
            &options,
            Faults {
                keep_old: true,
                ..Faults::default()
            },
        )
        .unwrap_or_else(|_| panic!("the build failed"));
        assert!(
            !dir.join("public/stale.txt").exists(),
            "the new site is in place"
        );
        let old = format!(".public.spotter-old-{}", std::process::id());
        assert_eq!(swap_folders(&dir), vec![old.clone()]);
        // Besides the init's placeholder base_url.
        let warnings: Vec<_> = (built.report.warnings.iter())
            .filter(|w| !w.message.starts_with("base_url "))
            .collect();
        assert_eq!(warnings.len(), 1, "{warnings:#?}");
        assert!(!warnings[0].is_error());
        assert!(
            warnings[0].message.starts_with("the new site is in place")
                && warnings[0].message.contains(&old),
            "{}",
            warnings[0]
        );
        // The next build clears it.
        build(&options).unwrap();
        assert_eq!(swap_folders(&dir), Vec::<String>::new());
        fs::remove_dir_all(dir).unwrap();
    }
}
