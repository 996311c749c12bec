//! Render: the linked guide through the theme into files.
//!
//! First the bodies of workouts, posts, pages, muscles and equipment are turned to HTML
//! ([`crate::render::markdown`]), in parallel, which also tells what links to what; from that come the
//! "mentioned in" lists. Then every page is a [`Job`]: its context is built small from the
//! shared [`Views`], rendered with Tera, and handed to a [`Sink`] (the output folder, or
//! nothing for `spotter check`), again in parallel. An exercise's body, which only its own page
//! shows and which is most of a guide's text, is made in that page's job and then dropped.

pub(crate) mod bodies;
pub(crate) mod bodymap;
pub mod cards;
pub mod context;
pub mod feeds;
pub(crate) mod files;
pub mod highlight;
pub mod markdown;
pub mod media;
pub(crate) mod pages;
pub mod plan;
pub mod programs;
pub mod schedule;
pub mod shortcode;
pub(crate) mod substitutes;
pub mod theme;
pub mod views;

use std::collections::BTreeMap;
#[cfg(debug_assertions)]
use std::collections::HashMap;
use std::io;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::*;
use crate::output::{Output, Placing};
pub use crate::render::bodies::Bodies;
use crate::render::context::*;
#[cfg(debug_assertions)]
use crate::render::files::Made;
use crate::render::theme::{StaticFile, Theme};
use crate::render::views::ListCard;
use crate::render::views::{CachedRefs, Views};
use crate::serve::fingerprint::{fingerprint_of, Ctx};
use crate::serve::update::Cache;
use std::sync::Arc;

/// Where rendered files go.
pub trait Sink: Sync {
    /// Writes `bytes` at the site path `rel`.
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;

    /// Keeps the file at `rel` as it was written before, without writing it again; false
    /// when there is no such file (then it must be written).
    fn keep(&self, _rel: &str) -> bool {
        false
    }

    /// Writes the file `from` at the site path `rel` (a processed picture, a clip).
    fn copy(&self, rel: &str, from: &std::path::Path) -> io::Result<()> {
        std::fs::read(from).and_then(|bytes| self.write(rel, &bytes))
    }

    /// Puts each file `from` at its site path, as [`Sink::copy`] does, and keeps those the
    /// sink has already; these are pictures and clips, whose names say what they hold. Returns
    /// the files that could not be put, by index.
    fn place(&self, files: &[Placing]) -> Vec<(usize, io::Error)> {
        let mut errors = Vec::new();
        for (i, file) in files.iter().enumerate() {
            if !self.keep(&file.rel) {
                if let Err(e) = self.copy(&file.rel, &file.from) {
                    errors.push((i, e));
                }
            }
        }
        errors
    }
}

impl Sink for crate::output::Update<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        crate::output::Update::write(self, rel, bytes)
    }

    fn keep(&self, rel: &str) -> bool {
        crate::output::Update::keep(self, rel)
    }
}

impl Sink for Output {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        Output::write(self, rel, bytes)
    }

    fn copy(&self, rel: &str, from: &std::path::Path) -> io::Result<()> {
        Output::copy(self, rel, from)
    }

    fn place(&self, files: &[Placing]) -> Vec<(usize, io::Error)> {
        Output::place(self, files)
    }
}

/// A sink that keeps nothing: `spotter check` renders everything and writes nothing.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _: &str, _: &[u8]) -> io::Result<()> {
        Ok(())
    }

    // The file need not be read to be written nowhere; that it is there is all to check.
    fn copy(&self, _: &str, from: &std::path::Path) -> io::Result<()> {
        std::fs::metadata(from).map(|_| ())
    }
}

/// What a render produced.
#[derive(Default)]
pub struct Report {
    /// Files written.
    pub files: usize,
    /// Warnings (cards that cannot fit, ...).
    pub warnings: Diagnostics,
    /// Wall time of each render stage, in order: `markdown`, `cards`, `pages`.
    pub stages: Vec<(&'static str, Duration)>,
    /// Time spent in each template, slowest first (summed over threads, so it can exceed the
    /// wall time of `pages`).
    pub templates: Vec<TemplateTime>,
    /// Time spent turning exercise bodies into HTML, which happens in their pages' jobs
    /// (summed over threads).
    pub page_markdown: Duration,
}

/// How much of a render one template took.
#[derive(Debug, Clone)]
pub struct TemplateTime {
    /// Its name (`exercise.html`).
    pub name: &'static str,
    /// Pages rendered with it.
    pub pages: usize,
    /// Time inside Tera for those pages, summed over threads.
    pub time: Duration,
}

/// What one job wrote: how many files, and which template it rendered in how long.
#[derive(Default)]
pub(crate) struct Done {
    pub(crate) files: usize,
    pub(crate) template: Option<(&'static str, Duration)>,
    /// Time spent on the page's own Markdown, when the job rendered it.
    pub(crate) markdown: Duration,
    pub(crate) warnings: Vec<Diagnostic>,
    /// What an exercise's body links to or embeds, when the job made it.
    pub(crate) refs: Option<Vec<Target>>,
    /// The fingerprint of the page's inputs, when the job was asked for it instead of the page.
    pub(crate) fingerprint: Option<u64>,
    /// The site path of the page's file, with its fingerprint.
    pub(crate) file: Option<String>,
}

impl Done {
    pub(crate) fn files(files: usize) -> Done {
        Done {
            files,
            ..Done::default()
        }
    }
}

/// Sums the template times of `done`, slowest template first.
pub(crate) fn template_times<'a>(done: impl Iterator<Item = &'a Done>) -> Vec<TemplateTime> {
    let mut by_name: BTreeMap<&'static str, TemplateTime> = BTreeMap::new();
    for (name, time) in done.filter_map(|d| d.template) {
        let entry = by_name.entry(name).or_insert(TemplateTime {
            name,
            pages: 0,
            time: Duration::ZERO,
        });
        entry.pages += 1;
        entry.time += time;
    }
    let mut times: Vec<TemplateTime> = by_name.into_values().collect();
    times.sort_by(|a, b| b.time.cmp(&a.time).then(a.name.cmp(b.name)));
    times
}

impl std::fmt::Debug for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Report")
            .field("files", &self.files)
            .field("warnings", &self.warnings)
            .finish()
    }
}

/// One page to render.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Job {
    /// `/`.
    Home,
    /// `/exercises/`.
    Exercises,
    /// `/exercises/SLUG/`.
    Exercise(Id),
    /// `/muscles/`.
    Muscles,
    /// `/muscles/SLUG/`.
    Muscle(Id),
    /// `/equipment/`.
    EquipmentList,
    /// `/equipment/SLUG/`.
    Equipment(Id),
    /// `/workouts/`.
    Workouts,
    /// `/workouts/SLUG/`.
    Workout(Id),
    /// `/cards/SLUG/`.
    Card(Id),
    /// `/cards/SLUG/log/`: the workout's log sheet.
    Log(Id),
    /// `/cards/`.
    Cards,
    /// `/programs/` (only when the guide has programs).
    Programs,
    /// `/programs/SLUG/`.
    Program(Id),
    /// `/programs/SLUG/sheet/`: the printable program sheet.
    ProgramSheet(Id),
    /// `/blog/` and `/blog/page/N/` (1-based).
    Blog(usize),
    /// `/blog/SLUG/`.
    Post(Id),
    /// `/tags/`.
    Tags,
    /// `/tags/SLUG/`.
    Tag(Id),
    /// A standalone page.
    Page(Id),
    /// `/404.html`.
    NotFound,
    /// `/credits/`: every picture and clip, who made it and under which licence (only when
    /// the guide has any).
    Credits,
    /// Feed, sitemap, robots.txt.
    Feeds,
    /// The search index.
    SearchIndex,
    /// `/search/`: the site's search, when the theme has `search.html`.
    Search,
    /// Redirect pages from `redirect_from`.
    Redirects,
}

impl Job {
    /// Whether the job renders a page: the feeds (with the sitemap), the search index and the
    /// redirects make other files.
    pub(crate) fn is_page(&self) -> bool {
        !matches!(self, Job::Feeds | Job::SearchIndex | Job::Redirects)
    }

    /// The address of the page the job renders, under the site's base path (what links to
    /// it write); `None` for the jobs that make other files.
    pub(crate) fn url(&self, g: &Guide) -> Option<String> {
        Some(format!("{}{}", g.config.base_path(), self.path(g)?))
    }

    /// The site path of the page the job renders (`exercises/row/`, `404.html`); `None` for
    /// the jobs that make other files.
    pub(crate) fn path(&self, g: &Guide) -> Option<String> {
        let target = |t: Target| Some(g.path_of(&t));
        match self {
            Job::Home => target(Target::Section(String::new())),
            Job::Exercises => target(Target::Section("exercises".into())),
            Job::Muscles => target(Target::Section("muscles".into())),
            Job::EquipmentList => target(Target::Section("equipment".into())),
            Job::Workouts => target(Target::Section("workouts".into())),
            Job::Programs => target(Target::Section("programs".into())),
            Job::Program(i) => target(Target::Program(*i)),
            Job::ProgramSheet(i) => Some(format!("programs/{}/sheet/", g.programs[*i].meta.slug)),
            Job::Log(i) => Some(format!("cards/{}/log/", g.workouts[*i].meta.slug)),
            Job::Blog(1) => target(Target::Section("blog".into())),
            Job::Blog(n) => Some(format!("blog/page/{n}/")),
            Job::Exercise(i) => target(Target::Exercise(*i)),
            Job::Muscle(i) => target(Target::Muscle(*i)),
            Job::Equipment(i) => target(Target::Equipment(*i)),
            Job::Workout(i) => target(Target::Workout(*i)),
            Job::Post(i) => target(Target::Post(*i)),
            Job::Page(i) => target(Target::Page(*i)),
            Job::Card(i) => Some(format!("cards/{}/", g.workouts[*i].meta.slug)),
            Job::Cards => Some("cards/".into()),
            Job::Tags => Some("tags/".into()),
            Job::Tag(i) => Some(format!("tags/{}/", g.tags[*i].slug)),
            Job::NotFound => Some("404.html".into()),
            Job::Search => Some("search/".into()),
            Job::Credits => Some("credits/".into()),
            Job::Feeds | Job::SearchIndex | Job::Redirects => None,
        }
    }
}

/// What pages carry besides what their theme makes of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Script {
    /// Nothing: the site as `build` writes it.
    #[default]
    None,
    /// `spotter serve`'s live-reload script, before `</body>`: the site as `serve` writes it.
    LiveReload,
}

/// Renders `guide` with `theme` into `sink`, once: `build`, and `check` (into
/// [`crate::links::Links`], which follows the pages' links).
/// With `bodies_only`, stops after the Markdown (to report its errors when linking already
/// failed). Nothing is kept for a later render (`spotter serve` renders with
/// [`crate::serve::update::render_to_serve`]).
pub fn render(
    guide: &Guide,
    theme: &Theme,
    sink: &dyn Sink,
    bodies_only: bool,
    script: Script,
) -> Result<Report, Diagnostics> {
    let mut r = Renderer::new(guide, theme, sink, script, None, None)?;
    let mut laps = Laps::start();
    let (mut report, mut diags) = r.begin(&mut laps, bodies_only)?;
    match r.make_cards() {
        Ok(warnings) => report.warnings.extend(warnings),
        Err(d) => {
            diags.push(d);
            return Err(diags);
        }
    }
    laps.lap(&mut report, "cards");
    let jobs = r.jobs();
    // Rayon's halving, not `schedule::in_order`: over thousands of pages it evens out, and
    // it keeps the big index pages on one thread, one at a time (in order: 245 against
    // 201 MiB peak at 10,000 exercises, for the same time).
    let results: Vec<_> = jobs.par_iter().map(|job| r.run(job)).collect();
    laps.lap(&mut report, "pages");
    report.templates = template_times(results.iter().flatten());
    tally(
        &mut report,
        diags,
        jobs.iter().zip(results.into_iter().map(Some)),
    )?;
    r.drop_views_elsewhere();
    Ok(report)
}

/// Puts every processed picture's files and every clip from the cache into `sink`; says how
/// many files the pictures have. A file the sink has already (`spotter serve`'s site) is kept:
/// a picture's and a clip's names hold the hash of what they were made from.
///
/// It needs neither the theme nor any page, so a build runs it on a thread of its own while
/// the theme loads and the pages render ([`crate::pipeline`]). The files go one at a time:
/// they share one folder, whose every new name the kernel makes under one lock, so two
/// threads take as long as one.
pub fn place_pictures(
    pictures: &crate::pictures::Pictures,
    sink: &dyn Sink,
) -> (usize, Vec<Diagnostic>) {
    let files = pictures.placings();
    let errors = (sink.place(&files).into_iter())
        .map(|(i, e)| {
            let Placing { rel, from, .. } = &files[i];
            Diagnostic::error(from, format!("cannot copy to /{rel}: {e}")).with_hint(
                "check that the output may be written; removing .spotter-cache/ makes the pictures again",
            )
        })
        .collect();
    (files.len(), errors)
}

/// Copies the static file `file` to its site path `rel` in `sink`; the error is at the file.
pub(crate) fn copy_static(rel: &str, file: &StaticFile, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let result = match file {
        StaticFile::Embedded(bytes) => sink.write(rel, bytes),
        StaticFile::Disk(path) => std::fs::read(path).and_then(|b| sink.write(rel, &b)),
    };
    result.map_err(|e| {
        Diagnostic::error(
            PathBuf::from("static").join(rel),
            format!("cannot copy: {e}"),
        )
        .with_hint("check that the file exists, you may read it and the output may be written")
    })
}

/// The clock of a render's stages.
pub(crate) struct Laps(Instant);

impl Laps {
    pub(crate) fn start() -> Laps {
        Laps(Instant::now())
    }

    /// Notes in `report` the time since the last lap as stage `name`'s.
    pub(crate) fn lap(&mut self, report: &mut Report, name: &'static str) {
        let now = Instant::now();
        report.stages.push((name, now - self.0));
        self.0 = now;
    }
}

/// Adds what the jobs did to `report` (`None`: a page kept as it was); returns what each
/// exercise page rendered links to and embeds, or every error of the jobs with `diags`, those
/// of the render so far.
pub(crate) fn tally<'j>(
    report: &mut Report,
    mut diags: Diagnostics,
    done: impl Iterator<Item = (&'j Job, Option<Result<Done, Vec<Diagnostic>>>)>,
) -> Result<Vec<(Id, Vec<Target>)>, Diagnostics> {
    let mut refs = Vec::new();
    for (job, result) in done {
        match result {
            None => report.files += 1,
            Some(Ok(done)) => {
                report.files += done.files;
                report.page_markdown += done.markdown;
                report.warnings.extend(done.warnings);
                if let (Job::Exercise(i), Some(links)) = (job, done.refs) {
                    refs.push((*i, links));
                }
            }
            Some(Err(d)) => diags.extend(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(refs)
}

/// The job that renders a target's own page.
pub(crate) fn job_of(target: &Target) -> Option<Job> {
    Some(match target {
        Target::Exercise(i) => Job::Exercise(*i),
        Target::Workout(i) => Job::Workout(*i),
        Target::Program(i) => Job::Program(*i),
        Target::Muscle(i) => Job::Muscle(*i),
        Target::Equipment(i) => Job::Equipment(*i),
        Target::Post(i) => Job::Post(*i),
        Target::Page(i) => Job::Page(*i),
        Target::Section(s) => match s.as_str() {
            "" => Job::Home,
            "exercises" => Job::Exercises,
            "muscles" => Job::Muscles,
            "equipment" => Job::EquipmentList,
            "workouts" => Job::Workouts,
            "programs" => Job::Programs,
            "blog" => Job::Blog(1),
            _ => return None,
        },
    })
}

pub(crate) fn one(d: Diagnostic) -> Diagnostics {
    let mut all = Diagnostics::new();
    all.push(d);
    all
}

fn site_ctx(guide: &Guide) -> SiteCtx {
    let c = &guide.config;
    let base = c.base_path().to_string();
    let section = |s: &str| Target::Section(s.to_string());
    let mut nav: Vec<LinkRef> = ["exercises", "workouts", "muscles", "equipment"]
        .iter()
        .map(|s| LinkRef {
            title: guide.title_of(&section(s)).to_string(),
            url: format!("{base}{s}/"),
            kind: "section",
        })
        .collect();
    if !guide.programs.is_empty() {
        nav.insert(
            2,
            LinkRef {
                title: guide.title_of(&section("programs")).to_string(),
                url: format!("{base}programs/"),
                kind: "section",
            },
        );
    }
    if !guide.posts.is_empty() {
        nav.push(LinkRef {
            title: guide.title_of(&section("blog")).to_string(),
            url: format!("{base}blog/"),
            kind: "section",
        });
    }
    let (w, h) = c.card_size.mm();
    let logo = guide.pictures.logo.as_ref();
    SiteCtx {
        logo: logo.map(|(image, picture)| media::image_ctx(&base, image, picture)),
        icon: logo.map(|(_, p)| {
            let narrowest = p.processed.manifest.variants[0].0;
            format!("{base}{}", p.site_path(narrowest, false))
        }),
        title: c.title.clone(),
        description: c.description.clone(),
        base_url: c.base_url.clone(),
        base_path: base.clone(),
        language: c.language.clone(),
        author: c.author.clone(),
        nav,
        feed_url: format!("{base}atom.xml"),
        credits_url: media::has_credits(guide).then(|| format!("{base}credits/")),
        static_url: base,
        card_size: SizeCtx {
            name: c.card_size.name().into(),
            width_mm: w,
            height_mm: h,
        },
    }
}

/// What the pages of a render are made of besides the guide's views: the bodies, each
/// workout's card and each exercise's list card.
#[derive(Default)]
pub(crate) struct Parts {
    pub(crate) bodies: Bodies,
    /// Each workout's card, made once for its own page and the deck (and, by `serve`, shared
    /// with the renders that keep it).
    pub(crate) cards: Vec<Arc<CardView<'static>>>,
    /// What lists show of each exercise, rendered once.
    pub(crate) exercise_cards: Vec<ListCard>,
}

pub(crate) struct Renderer<'g> {
    pub(crate) guide: &'g Guide,
    pub(crate) theme: &'g Theme,
    pub(crate) views: Views<'g>,
    pub(crate) site_value: tera::Value,
    pub(crate) sink: &'g dyn Sink,
    pub(crate) script: Script,
    /// The main navigation, for each page's view of it.
    pub(crate) nav: Vec<LinkRef>,
    pub(crate) parts: Parts,
    /// What `spotter serve` keeps from one render to the next, with the fingerprint of
    /// `site_value`; `None` for `build` and `check`, which keep nothing.
    pub(crate) cache: Option<Cache>,
    pub(crate) site_fingerprint: u64,
    /// [`Renderer::files`], to check each write against.
    #[cfg(debug_assertions)]
    pub(crate) files: std::sync::OnceLock<HashMap<String, Made>>,
}

impl<'g> Renderer<'g> {
    /// A renderer with the site's shared views made. `spotter serve` gives it what it keeps
    /// (`cache`, with `parts` made before, and the exercise refs kept); a build gives none.
    pub(crate) fn new(
        guide: &'g Guide,
        theme: &'g Theme,
        sink: &'g dyn Sink,
        script: Script,
        kept: Option<(Parts, Cache)>,
        refs: Option<CachedRefs>,
    ) -> Result<Self, Diagnostics> {
        let site = site_ctx(guide);
        let site_value = tera::to_value(&site)
            .map_err(|e| one(Diagnostic::error("site.yaml", e.to_string())))?;
        let (parts, cache) = match kept {
            Some((parts, cache)) => (parts, Some(cache)),
            None => (Parts::default(), None),
        };
        Ok(Renderer {
            guide,
            theme,
            views: Views::new(guide, refs),
            site_fingerprint: if cache.is_some() {
                fingerprint_of(&site_value)
            } else {
                0
            },
            site_value,
            nav: site.nav,
            parts,
            cache,
            sink,
            script,
            #[cfg(debug_assertions)]
            files: std::sync::OnceLock::new(),
        })
    }

    /// The first stage of a full render: every body but the exercises', the redirects checked,
    /// and the static files copied. On error, also checks the exercises' bodies, so that every
    /// error is reported at once; with `bodies_only`, stops there.
    /// Returns the report so far, with the errors of copying the static files, which the rest
    /// of the render adds to.
    pub(crate) fn begin(
        &mut self,
        laps: &mut Laps,
        bodies_only: bool,
    ) -> Result<(Report, Diagnostics), Diagnostics> {
        let mut report = Report::default();
        let mut diags = self.render_bodies();
        laps.lap(&mut report, "markdown");
        diags.extend(self.check_redirects());
        diags.extend(self.check_statics());
        if self.guide.pictures.has_any() && !self.theme.origins.contains_key("credits.html") {
            diags.push(
                Diagnostic::error(
                    self.theme.origin("credits.html"),
                    "the theme has no template credits.html, which a guide with pictures or clips needs for /credits/",
                )
                .with_hint("add it, e.g. a copy of the default theme's themes/default/templates/credits.html"),
            );
        }
        if !self.guide.programs.is_empty() || self.guide.sections.contains_key("programs") {
            for template in ["programs.html", "program.html", "program_sheet.html"] {
                if !self.theme.origins.contains_key(template)
                    && (template == "programs.html" || !self.guide.programs.is_empty())
                {
                    diags.push(
                        Diagnostic::error(
                            self.theme.origin(template),
                            format!("the theme has no template {template}, which a guide with programs needs"),
                        )
                        .with_hint(format!("add it, e.g. a copy of the default theme's themes/default/templates/{template}")),
                    );
                }
            }
        }
        if diags.has_errors() || bodies_only {
            diags.extend(self.exercise_body_errors());
            return Err(diags);
        }
        report.files += self.theme.statics.len();
        diags.extend(self.copy_statics());
        Ok((report, diags))
    }

    /// The errors of every exercise's body (made, else, in its page's job).
    pub(crate) fn exercise_body_errors(&self) -> Vec<Diagnostic> {
        let exercises: Vec<Vec<Diagnostic>> = (self.guide.exercises.par_iter())
            .map(|e| self.body(&e.meta).1)
            .collect();
        exercises.into_iter().flatten().collect()
    }

    /// Copies the theme's and the guide's static files into the sink.
    pub(crate) fn copy_statics(&self) -> Vec<Diagnostic> {
        (self.theme.statics.iter())
            .filter_map(|(rel, file)| copy_static(rel, file, self.sink).err())
            .collect()
    }

    /// Frees the shared views on a thread of their own: at ten thousand exercises they take
    /// tens of milliseconds to free, and the render is done with them.
    pub(crate) fn drop_views_elsewhere(&mut self) {
        crate::drop_elsewhere((
            std::mem::take(&mut self.views.exercises),
            std::mem::take(&mut self.views.workouts),
        ));
    }

    /// Puts the list items of some exercises into `ctx`. Their fingerprint is that of what their
    /// cards are made from, which is what the rest of an item is made from too.
    pub(crate) fn insert_items(&self, ctx: &mut Ctx, key: &str, ids: &[Id]) {
        match ctx {
            Ctx::Render(_) => ctx.insert(key, &self.items(ids)),
            Ctx::Fingerprint(_) => {
                let fingerprints: Vec<_> = ids
                    .iter()
                    .map(|&i| self.cache().exercise_card_fingerprints.get(i))
                    .collect();
                ctx.insert(key, &fingerprints);
            }
        }
    }

    /// The list items of some exercises.
    pub(crate) fn items(&self, ids: &[Id]) -> Vec<ExerciseItem<'_>> {
        ids.iter()
            .map(|&i| self.views.item(i, &self.parts.exercise_cards[i]))
            .collect()
    }

    /// Every page of the guide, the biggest first: the pages that list every exercise or
    /// workout, then those that list some, then single pages. Updates start them in this
    /// order (see [`schedule`]); a full build splits them between threads in halves.
    pub(crate) fn jobs(&self) -> Vec<Job> {
        let g = self.guide;
        let mut jobs = vec![
            Job::Exercises,
            Job::Cards,
            Job::SearchIndex,
            Job::Feeds,
            Job::Workouts,
            Job::Muscles,
            Job::EquipmentList,
            Job::Tags,
            Job::Home,
            Job::NotFound,
            Job::Redirects,
        ];
        if self.theme.has_template("search.html") {
            jobs.push(Job::Search);
        }
        if media::has_credits(g) {
            jobs.push(Job::Credits);
        }
        jobs.extend(
            (0..g.muscles.len())
                .filter(|&i| g.muscle_is_listed(i))
                .map(Job::Muscle),
        );
        jobs.extend(
            (0..g.equipment.len())
                .filter(|&i| g.equipment_is_listed(i))
                .map(Job::Equipment),
        );
        jobs.extend((0..g.tags.len()).map(Job::Tag));
        if !g.posts.is_empty() || g.sections.contains_key("blog") {
            jobs.extend((1..=self.blog_pages()).map(Job::Blog));
        }
        jobs.extend((0..g.exercises.len()).map(Job::Exercise));
        jobs.extend((0..g.workouts.len()).flat_map(|i| [Job::Workout(i), Job::Card(i)]));
        // A theme without log sheets (one older than them) makes none.
        if self.theme.has_template("log.html") {
            jobs.extend((0..g.workouts.len()).map(Job::Log));
        }
        // The index comes with the first program, or with its introduction (as the blog's).
        if !g.programs.is_empty() || g.sections.contains_key("programs") {
            jobs.push(Job::Programs);
        }
        if !g.programs.is_empty() {
            jobs.extend(
                (0..g.programs.len()).flat_map(|i| [Job::Program(i), Job::ProgramSheet(i)]),
            );
        }
        jobs.extend((0..g.posts.len()).map(Job::Post));
        jobs.extend((0..g.pages.len()).map(Job::Page));
        jobs
    }

    pub(crate) fn blog_pages(&self) -> usize {
        self.guide
            .posts
            .len()
            .div_ceil(self.guide.config.paginate_by)
            .max(1)
    }

    pub(crate) fn mentions(&self, target: &Target) -> Vec<LinkRef> {
        self.parts
            .bodies
            .mentions
            .get(target)
            .map_or_else(Vec::new, |list| {
                list.iter().map(|t| self.views.link_ref(t)).collect()
            })
    }

    pub(crate) fn intro(&self, section: &str) -> String {
        self.parts
            .bodies
            .sections
            .get(section)
            .cloned()
            .unwrap_or_default()
    }
}
