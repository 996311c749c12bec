//! Render: the linked guide through the theme into files.
//!
//! First the bodies of workouts, posts, pages, muscles and equipment are turned to HTML
//! ([`crate::render::markdown`]), in parallel, which also tells what links to what; from that come the
//! "mentioned in" lists. Then every page is a [`Job`]: its context is built small from the
//! shared [`Views`], rendered with Tera, and handed to a [`Sink`] (the output folder, or
//! nothing for `spotter check`), again in parallel. An exercise's body, which only its own page
//! shows and which is most of a guide's text, is made in that page's job and then dropped.

pub mod cards;
pub mod context;
pub mod feeds;
pub mod highlight;
pub mod markdown;
pub mod schedule;
pub mod shortcode;
pub mod theme;
pub mod views;

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tera::Context;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::model::*;
use crate::output::Output;
use crate::render::context::*;
use crate::render::markdown::{Embed, Env, ShortcodeError};
use crate::render::shortcode::Call;
use crate::render::theme::{StaticFile, Theme};
use crate::render::views::{json_ld, KeptRefs, ListCard, Views};
use crate::serve::affected;
use crate::serve::fingerprint::{print_of, Ctx};
use crate::serve::lent::Lent;
use crate::serve::renumber::Renumbering;
use crate::source::load::Source;

/// Where rendered files go.
pub trait Sink: Sync {
    /// Writes `bytes` at the site path `rel`.
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;

    /// Keeps the file at `rel` as it was written before, without writing it again; false
    /// when there is no such file (then it must be written).
    fn keep(&self, _rel: &str) -> bool {
        false
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
}

/// A sink that keeps nothing: `spotter check` renders everything and writes nothing.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _: &str, _: &[u8]) -> io::Result<()> {
        Ok(())
    }
}

/// What a render produced.
#[derive(Default)]
pub struct Report {
    /// What `serve` needs to re-render a few pages later (bodies always; the rest when the
    /// render was asked to remember).
    pub memo: Memo,
    /// Files written.
    pub files: usize,
    /// Pages kept as they were on disk, their inputs unchanged ([`render_over`]).
    pub kept: usize,
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
struct Done {
    files: usize,
    template: Option<(&'static str, Duration)>,
    /// Time spent on the page's own Markdown, when the job rendered it.
    markdown: Duration,
    warnings: Vec<Diagnostic>,
    /// What an exercise's body links to or embeds, when the job made it.
    refs: Option<Vec<Target>>,
    /// The print of the page's inputs, when the job was asked for it instead of the page.
    print: Option<u64>,
    /// The site path of the page's file, with its print.
    file: Option<String>,
}

impl Done {
    fn files(files: usize) -> Done {
        Done {
            files,
            ..Done::default()
        }
    }
}

/// A page's body as Markdown, with its file.
fn meta_text(meta: &Meta) -> Option<(&str, Option<&Source>)> {
    let src = meta.source.as_deref()?;
    Some((src.body(), Some(src)))
}

/// A muscle's or piece of equipment's body as Markdown: its file's, or else the catalogue's
/// description.
fn term_text(term: &Term) -> Option<(&str, Option<&Source>)> {
    match (&term.meta.source, &term.description) {
        (Some(src), _) if !src.body().trim().is_empty() => Some((src.body(), Some(src))),
        (_, Some(d)) => Some((d, None)),
        _ => None,
    }
}

/// A body kept for the rest of the build (and by `serve`), without the spare capacity its
/// growth left.
fn kept(mut html: String) -> String {
    html.shrink_to_fit();
    html
}

/// Sums the template times of `done`, slowest template first.
fn template_times<'a>(done: impl Iterator<Item = &'a Done>) -> Vec<TemplateTime> {
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

/// Every body as HTML, and which posts and pages link to what. Exercise bodies are the
/// exception: they are most of a guide, only their own page shows them, so each is made in
/// its page's job and not kept.
#[derive(Default, Clone)]
pub struct Bodies {
    workouts: Vec<String>,
    posts: Vec<String>,
    pages: Vec<String>,
    muscles: Vec<String>,
    equipment: Vec<String>,
    sections: HashMap<String, String>,
    /// Posts and pages that link to or embed each target.
    mentions: HashMap<Target, Vec<Target>>,
    /// What each post and page links to or embeds.
    outgoing: HashMap<Target, Vec<Target>>,
}

/// A body as last rendered, with the print of what it was made from (see
/// [`Renderer::body_print`]): `spotter serve` renders again only the bodies whose text or
/// embeds changed. Exercise bodies are made with their pages, and kept with them.
#[derive(Clone, Default)]
struct KeptBody {
    print: Option<u64>,
    html: markdown::Html,
    errors: Vec<Diagnostic>,
}

/// What a render keeps for `spotter serve`: the bodies, the cards, and a print of what every
/// page was made from, so an update re-renders only the pages whose inputs changed.
#[derive(Default)]
pub struct Memo {
    bodies: Bodies,
    /// The bodies of `bodies` with what they were made from.
    kept_bodies: HashMap<Target, KeptBody>,
    /// Each workout's card, made once for its own page and the deck, and shared with the
    /// renders that keep it.
    cards: Vec<Arc<CardView<'static>>>,
    /// The print of what each card was made from.
    card_prints: Vec<u64>,
    /// What lists show of each exercise, rendered once.
    exercise_cards: Vec<ListCard>,
    /// The print of what each exercise card was made from.
    exercise_card_prints: Vec<u64>,
    /// The exercise refs of the last render, which the next one makes again only where they
    /// changed.
    kept_refs: KeptRefs,
    /// Each workout's card as the deck's context holds it.
    deck: Lent,
    /// Each exercise's list item as the exercise index's context holds it.
    index: Lent,
    /// The search index, entry by entry.
    search: std::sync::Mutex<feeds::SearchIndex>,
    /// What each exercise's body links to or embeds, as of its page's last render.
    exercise_refs: Vec<Vec<Target>>,
    /// The print of each page's inputs, as of the site on disk. Jobs that are not made from a
    /// template (feeds, search index, redirects) have none and are always made again.
    prints: Prints,
    /// The print of what every page shows of the site, as of `prints`.
    site_print: u64,
    /// The print of each tag as pages show it (with its count), as of `prints`.
    tag_prints: Vec<u64>,
    /// The print of the muscles and equipment as pages show them (with their counts), as of
    /// `prints`.
    term_print: u64,
}

impl Memo {
    /// Forgets what the pages were made from, so the next update renders every page (after
    /// the site on disk became unknown).
    pub fn forget_pages(&mut self) {
        self.prints.clear();
    }
}

impl std::fmt::Debug for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Report")
            .field("files", &self.files)
            .field("warnings", &self.warnings)
            .finish()
    }
}

impl Bodies {
    /// The HTML of a target's body.
    fn slot(&mut self, target: &Target) -> Option<&mut String> {
        match target {
            Target::Exercise(_) => None,
            Target::Workout(i) => self.workouts.get_mut(*i),
            Target::Muscle(i) => self.muscles.get_mut(*i),
            Target::Equipment(i) => self.equipment.get_mut(*i),
            Target::Post(i) => self.posts.get_mut(*i),
            Target::Page(i) => self.pages.get_mut(*i),
            Target::Section(s) => self.sections.get_mut(s),
        }
    }

    /// Works out the "mentioned in" lists from what each post and page links to, posts
    /// (newest first) before pages, as a full build does.
    fn recount_mentions(&mut self, posts: usize, pages: usize) {
        let mut mentions: HashMap<Target, Vec<Target>> = HashMap::new();
        let sources = (0..posts)
            .map(Target::Post)
            .chain((0..pages).map(Target::Page));
        for from in sources {
            for to in self.outgoing.get(&from).into_iter().flatten() {
                if *to != from {
                    let list = mentions.entry(to.clone()).or_default();
                    if !list.contains(&from) {
                        list.push(from.clone());
                    }
                }
            }
        }
        self.mentions = mentions;
    }
}

/// The print of each page's inputs, by page: made again with every rebuild (12,600 pages at
/// 10,000 exercises), so hashed with foldhash.
type Prints = HashMap<Job, u64, foldhash::fast::RandomState>;

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
    /// `/cards/`.
    Cards,
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
    /// Feed, sitemap, robots.txt.
    Feeds,
    /// The search index.
    SearchIndex,
    /// Redirect pages from `redirect_from`.
    Redirects,
}

impl Job {
    /// Whether the job renders a page: the feeds (with the sitemap), the search index and the
    /// redirects make other files.
    fn is_page(&self) -> bool {
        !matches!(self, Job::Feeds | Job::SearchIndex | Job::Redirects)
    }

    /// The site path of the page the job renders (`exercises/row/`, `404.html`); `None` for
    /// the jobs that make other files.
    fn path(&self, g: &Guide) -> Option<String> {
        let target = |t: Target| Some(g.path_of(&t));
        match self {
            Job::Home => target(Target::Section(String::new())),
            Job::Exercises => target(Target::Section("exercises".into())),
            Job::Muscles => target(Target::Section("muscles".into())),
            Job::EquipmentList => target(Target::Section("equipment".into())),
            Job::Workouts => target(Target::Section("workouts".into())),
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
            Job::Feeds | Job::SearchIndex | Job::Redirects => None,
        }
    }
}

/// The files the feeds job writes.
const FEED_FILES: [&str; 3] = ["atom.xml", "robots.txt", "sitemap.xml"];

/// The file the search index job writes.
const SEARCH_INDEX: &str = "search-index.json";

/// What a file of the site is, for messages about another that would land on it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Made {
    /// A page, at its site path.
    Page(String),
    /// A static file, a feed, the search index.
    File,
    /// A redirect, from `redirect_from` in this file.
    Redirect(PathBuf),
}

/// The site path of the file a redirect from `from` writes, when `from` is a path within
/// the site ([`crate::model::link`] reports it when not).
fn redirect_file(from: &str) -> Option<String> {
    crate::model::link::redirect_path(from).map(|path| format!("{path}/index.html"))
}

/// Renders `guide` with `theme` into `sink`.
/// With `bodies_only`, stops after the Markdown (to report its errors when linking already
/// failed). With `remember`, the report's memo also holds what [`update`] needs.
pub fn render(
    guide: &Guide,
    theme: &Theme,
    sink: &dyn Sink,
    bodies_only: bool,
    remember: bool,
) -> Result<Report, Diagnostics> {
    render_with(guide, theme, sink, bodies_only, remember, None)
}

/// [`render`] remembering, into `sink` over the site a render of `old` made and `memo` has
/// kept up to date (`spotter serve`, after the content files `changed` were added, changed or
/// removed, with the same theme): every page the change can reach is printed (every page but
/// the exercise pages it cannot reach, see [`affected`]), and a page whose print is the one its
/// page had in `old` keeps its file as it is. An exercise page is made again when its body
/// linked to a page that is gone, to report it. What of `memo` the new render keeps is taken
/// out of it (the exercise refs and search entries; the next render makes them again).
pub fn render_over(
    guide: &Guide,
    theme: &Theme,
    sink: &dyn Sink,
    (old, memo): (&Guide, &mut Memo),
    changed: &[String],
) -> Result<Report, Diagnostics> {
    let carried = Carried {
        refs: std::mem::take(&mut memo.kept_refs),
        search: std::mem::take(memo.search.get_mut().unwrap_or_else(|e| e.into_inner())),
    };
    let memo = &*memo;
    let ids = Renumbering::new(old, guide);
    // Slugs are unique: matching them the other way round is the same.
    debug_assert_eq!(ids.inverse(guide), Renumbering::new(guide, old));
    let over = Over {
        old,
        memo,
        back: ids.inverse(guide),
        ids,
        edited: (changed.iter())
            .filter_map(|rel| guide.paths.get(rel).cloned())
            .collect(),
        gone: (changed.iter())
            .filter_map(|rel| old.paths.get(rel).cloned())
            .collect(),
    };
    render_with(guide, theme, sink, false, true, Some((&over, carried)))
}

/// What [`render_over`] takes out of the memo it renders over, to keep what still holds.
struct Carried {
    refs: KeptRefs,
    search: feeds::SearchIndex,
}

/// Which exercise pages a change reaches, as [`render_over`] works it out.
struct Reach {
    /// By id; `None` when it can reach any.
    exercise_pages: Option<Vec<bool>>,
    /// Whether the exercise's body's links, as of its last render, are all there still (else
    /// its page is made again).
    known: Vec<bool>,
}

/// What [`render_over`] renders over.
struct Over<'a> {
    /// The linking the site on disk was made from.
    old: &'a Guide,
    /// What was kept of that site.
    memo: &'a Memo,
    /// The new id of each old page.
    ids: Renumbering,
    /// The old id of each new page.
    back: Renumbering,
    /// The pages of the files changed or added, by new ids.
    edited: Vec<Target>,
    /// The pages of the files changed or removed, by old ids.
    gone: Vec<Target>,
}

fn render_with(
    guide: &Guide,
    theme: &Theme,
    sink: &dyn Sink,
    bodies_only: bool,
    remember: bool,
    previous: Option<(&Over<'_>, Carried)>,
) -> Result<Report, Diagnostics> {
    let (previous, kept, moved, search) = match previous {
        Some((over, carried)) => (
            Some(over),
            Some(carried.refs),
            Some(&over.back),
            carried.search,
        ),
        None => (
            None,
            remember.then(KeptRefs::default),
            None,
            Default::default(),
        ),
    };
    let memo = Memo {
        search: std::sync::Mutex::new(search),
        ..Memo::default()
    };
    let mut r = Renderer::new(guide, theme, sink, memo, kept, moved)?;
    let mut clock = Instant::now();
    let mut lap = |report: &mut Report, name: &'static str| {
        let now = Instant::now();
        report.stages.push((name, now - clock));
        clock = now;
    };
    let mut report = Report::default();
    let mut diags = r.render_bodies();
    lap(&mut report, "markdown");
    diags.extend(r.check_redirects());
    if diags.has_errors() || bodies_only {
        // Exercise bodies are otherwise made with their pages: check them now, so that
        // every error is reported at once.
        let exercises: Vec<Vec<Diagnostic>> = guide
            .exercises
            .par_iter()
            .map(|e| r.body(&e.meta).1)
            .collect();
        diags.extend(exercises.into_iter().flatten());
        return Err(diags);
    }
    for (rel, file) in &theme.statics {
        let result = match file {
            StaticFile::Embedded(bytes) => sink.write(rel, bytes),
            StaticFile::Disk(path) => std::fs::read(path).and_then(|b| sink.write(rel, &b)),
        };
        if let Err(e) = result {
            diags.push(
                Diagnostic::error(
                    PathBuf::from("static").join(rel),
                    format!("cannot copy: {e}"),
                )
                .with_hint(
                    "check that the file exists, you may read it and the output may be written",
                ),
            );
        }
        report.files += 1;
    }
    let made = match previous {
        None => r.make_cards().map(|warnings| (warnings, None)),
        Some(over) => r
            .renew_over(over)
            .map(|(warnings, reach)| (warnings, Some(reach))),
    };
    let reach = match made {
        Ok((warnings, reach)) => {
            report.warnings.extend(warnings);
            reach
        }
        Err(d) => {
            diags.push(d);
            return Err(diags);
        }
    };
    lap(&mut report, "cards");
    let jobs = r.jobs();
    let (results, printed) = match (previous, reach) {
        // Rayon's halving, not `schedule::in_order`: over thousands of pages it evens out, and
        // it keeps the big index pages on one thread, one at a time (in order: 245 against
        // 201 MiB peak at 10,000 exercises, for the same time).
        (Some(over), Some(reach)) => {
            let (results, prints) = r.render_changed(&jobs, over, &reach);
            (results, Some(prints))
        }
        _ => {
            let results: Vec<_> = jobs.par_iter().map(|job| Some(r.run(job, false))).collect();
            (results, None)
        }
    };
    lap(&mut report, "pages");
    report.templates = template_times(results.iter().flatten().flatten());
    let mut exercise_refs = if previous.is_some() {
        std::mem::take(&mut r.memo.exercise_refs)
    } else {
        vec![Vec::new(); if remember { guide.exercises.len() } else { 0 }]
    };
    let mut rendered_exercises = Vec::new();
    for (job, result) in jobs.iter().zip(results) {
        let Some(result) = result else {
            report.kept += 1;
            report.files += 1;
            continue;
        };
        if let Job::Exercise(_) = job {
            rendered_exercises.push(job.clone());
        }
        match result {
            Ok(done) => {
                report.files += done.files;
                report.page_markdown += done.markdown;
                report.warnings.extend(done.warnings);
                if let (Job::Exercise(i), Some(refs), true) = (job, done.refs, remember) {
                    exercise_refs[*i] = refs;
                }
            }
            Err(d) => diags.extend(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    if remember {
        r.memo.exercise_refs = exercise_refs;
        if printed.is_none() {
            r.note_card_prints();
        }
        r.memo.prints = match printed {
            None => r.prints(&jobs),
            // Exercise pages made again are printed with what their bodies now embed.
            Some(prints) => (jobs.iter().zip(prints))
                .filter_map(|(job, print)| Some((job.clone(), print?)))
                .chain(r.prints(&rendered_exercises))
                .collect(),
        };
        r.memo.site_print = r.site_print;
        r.memo.tag_prints = r.tag_prints();
        r.memo.term_print = r.term_print();
    }
    if !remember {
        crate::drop_elsewhere((
            std::mem::take(&mut r.memo.deck),
            std::mem::take(&mut r.memo.index),
        ));
    }
    report.memo = std::mem::take(&mut r.memo);
    report.memo.kept_refs = r.views.keep();
    r.drop_views_elsewhere();
    Ok(report)
}

/// What [`update`] did.
#[derive(Debug, Default)]
pub struct Updated {
    /// Pages whose inputs changed, rendered again.
    pub pages: usize,
    /// Pages in all.
    pub of: usize,
    /// Warnings of the pages rendered.
    pub warnings: Diagnostics,
}

/// A front matter edit, as [`update`] takes it.
pub struct Edit<'a> {
    /// The guide as linked after the edit.
    pub guide: &'a Guide,
    /// The guide as linked before, which the site on disk shows.
    pub old: &'a Guide,
    /// The pages whose files were read again.
    pub edited: &'a [Target],
}

/// Brings a site made by a remembering [`render`] (and kept up to date by `update` since) up to
/// date with `edit.guide`, a new linking of the same pages (`spotter serve`, after front matter
/// edits): renders again only the pages whose inputs changed, and the feeds. On error, the
/// memo is as it was. Once what was written to `sink` is on disk, the memo describes it.
pub fn update(
    edit: &Edit<'_>,
    theme: &Theme,
    sink: &dyn Sink,
    memo: &mut Memo,
) -> Result<Updated, Diagnostics> {
    let kept = std::mem::take(&mut memo.kept_refs);
    let taken = std::mem::take(memo);
    let mut r = Renderer::new(edit.guide, theme, sink, taken, Some(kept), None)?;
    let result = r.update(edit);
    *memo = std::mem::take(&mut r.memo);
    memo.kept_refs = r.views.keep();
    r.drop_views_elsewhere();
    result
}

/// Re-renders the pages that a change to the bodies of `changed` affects, reusing the bodies
/// of `memo` from the last render: each changed page, the pages whose "mentioned in" lists change, and
/// the feed when a post changed. For `spotter serve`, after [`crate::source::load::reread`] found
/// that only bodies changed, so everything linking decided still holds. Returns the pages
/// written.
pub fn rerender(
    guide: &Guide,
    theme: &Theme,
    sink: &dyn Sink,
    memo: &mut Memo,
    changed: &[Target],
) -> Result<usize, Diagnostics> {
    let kept = std::mem::take(&mut memo.kept_refs);
    let taken = std::mem::take(memo);
    let mut r = Renderer::new(guide, theme, sink, taken, Some(kept), None)?;
    let result = r.rerender(changed);
    *memo = std::mem::take(&mut r.memo);
    memo.kept_refs = r.views.keep();
    r.drop_views_elsewhere();
    result
}

/// Which pages and files a guide makes: two linkings of the same shape make the same files,
/// so [`update`] can render one over the site of the other without removing any.
pub fn shape(guide: &Guide) -> Vec<String> {
    let g = guide;
    let mut shape: Vec<String> = g
        .metas()
        .map(|(target, meta)| format!("{}\n{}", g.path_of(&target), meta.redirect_from.join("\n")))
        .collect();
    shape.extend(g.tags.iter().map(|t| format!("tag {}", t.slug)));
    shape.extend(g.sections.keys().map(|k| format!("section {k}")));
    shape.extend(
        (0..g.muscles.len())
            .filter(|&i| g.muscle_is_listed(i))
            .map(|i| format!("listed muscle {i}")),
    );
    shape.extend(
        (0..g.equipment.len())
            .filter(|&i| g.equipment_is_listed(i))
            .map(|i| format!("listed equipment {i}")),
    );
    shape.sort();
    shape
}

/// Whether `new`, linked from `old` by the edited files alone
/// ([`crate::pipeline::Linked::Alone`]), has the [`shape`] of `old`, without making it: every
/// page keeps its address and redirects then, so only the tags and which muscles and
/// equipment are listed can differ.
pub fn same_shape_linked_alone(old: &Guide, new: &Guide) -> bool {
    fn listed(g: &Guide) -> impl Iterator<Item = bool> + '_ {
        let muscles = (0..g.muscles.len()).map(|i| g.muscle_is_listed(i));
        muscles.chain((0..g.equipment.len()).map(|i| g.equipment_is_listed(i)))
    }
    (old.tags.iter().map(|t| &t.slug)).eq(new.tags.iter().map(|t| &t.slug))
        && listed(old).eq(listed(new))
}

/// For each item now (by new id, with the print of what it would be made from, `now`), the
/// old id of the item made from just that (`made_from`, by old id, of the first `made` old
/// items, those there are), found at its new id by `new_id`; `None` when there is none.
fn still_made_from(
    made: usize,
    made_from: &[u64],
    now: &[u64],
    new_id: impl Fn(Id) -> Option<Id>,
) -> Vec<Option<Id>> {
    let mut kept = vec![None; now.len()];
    for (was, print) in made_from.iter().enumerate().take(made) {
        if let Some(i) = new_id(was).filter(|&i| now.get(i) == Some(print)) {
            kept[i] = Some(was);
        }
    }
    kept
}

/// The job of an old linking's page in the new one, numbered by `ids`; `None` when the page
/// is gone.
fn renumbered(job: &Job, ids: &Renumbering) -> Option<Job> {
    let target = |t: Target| ids.target(&t);
    Some(match job {
        Job::Exercise(i) => Job::Exercise(ids.exercise(*i)?),
        Job::Workout(i) => Job::Workout(ids.workout(*i)?),
        Job::Card(i) => Job::Card(ids.workout(*i)?),
        Job::Tag(i) => Job::Tag(ids.tag(*i)?),
        Job::Muscle(i) => job_of(&target(Target::Muscle(*i))?)?,
        Job::Equipment(i) => job_of(&target(Target::Equipment(*i))?)?,
        Job::Post(i) => job_of(&target(Target::Post(*i))?)?,
        Job::Page(i) => job_of(&target(Target::Page(*i))?)?,
        other => other.clone(),
    })
}

/// The site path of the file of the page at `path`: `path` itself when it names an HTML file
/// (`404.html`), else its folder's `index.html`.
fn page_file(mut path: String) -> String {
    if !path.ends_with(".html") {
        path.push_str("index.html");
    }
    path
}

/// The job that renders a target's own page.
fn job_of(target: &Target) -> Option<Job> {
    Some(match target {
        Target::Exercise(i) => Job::Exercise(*i),
        Target::Workout(i) => Job::Workout(*i),
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
            "blog" => Job::Blog(1),
            _ => return None,
        },
    })
}

fn one(d: Diagnostic) -> Diagnostics {
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
    if !guide.posts.is_empty() {
        nav.push(LinkRef {
            title: guide.title_of(&section("blog")).to_string(),
            url: format!("{base}blog/"),
            kind: "section",
        });
    }
    let (w, h) = c.card_size.mm();
    SiteCtx {
        title: c.title.clone(),
        description: c.description.clone(),
        base_url: c.base_url.clone(),
        base_path: base.clone(),
        language: c.language.clone(),
        author: c.author.clone(),
        nav,
        feed_url: format!("{base}atom.xml"),
        static_url: base,
        card_size: SizeCtx {
            name: c.card_size.name().into(),
            width_mm: w,
            height_mm: h,
        },
    }
}

struct Renderer<'g> {
    guide: &'g Guide,
    theme: &'g Theme,
    views: Views<'g>,
    site_value: tera::Value,
    /// The print of `site_value`, which prints hold instead of the value itself (the site's
    /// navigation comes from content).
    site_print: u64,
    /// Bodies, cards, and (for `serve`) what each page was made from.
    memo: Memo,
    sink: &'g dyn Sink,
    /// The main navigation, for each page's view of it.
    nav: Vec<LinkRef>,
    /// [`Renderer::files`], to check each write against.
    #[cfg(debug_assertions)]
    files: std::sync::OnceLock<HashMap<String, Made>>,
}

/// A rendered page ready to be written.
struct Page<'a> {
    template: &'static str,
    path: String,
    title: String,
    description: Option<String>,
    kind: &'static str,
    json_ld: String,
    source: Option<&'a Source>,
}

impl<'g> Renderer<'g> {
    /// A renderer with the site's shared views made and `bodies` as the bodies so far.
    fn new(
        guide: &'g Guide,
        theme: &'g Theme,
        sink: &'g dyn Sink,
        memo: Memo,
        kept: Option<KeptRefs>,
        moved: Option<&Renumbering>,
    ) -> Result<Self, Diagnostics> {
        let site = site_ctx(guide);
        let site_value = tera::to_value(&site)
            .map_err(|e| one(Diagnostic::error("site.yaml", e.to_string())))?;
        Ok(Renderer {
            guide,
            theme,
            views: Views::new_moved(guide, kept, moved),
            site_print: print_of(&site_value),
            site_value,
            nav: site.nav,
            memo,
            sink,
            #[cfg(debug_assertions)]
            files: std::sync::OnceLock::new(),
        })
    }

    fn rerender(&mut self, changed: &[Target]) -> Result<usize, Diagnostics> {
        let g = self.guide;
        let mut diags = Diagnostics::new();
        let mut jobs: Vec<Job> = Vec::new();
        let mut mentions_changed = false;
        for target in changed {
            jobs.extend(job_of(target));
            if matches!(target, Target::Exercise(_)) {
                // Its page's job makes its body (and reports its errors).
                continue;
            }
            let (html, errors) = self.body_of(target);
            diags.extend(errors);
            if let Some(slot) = self.memo.bodies.slot(target) {
                *slot = kept(html.html);
            }
            if matches!(target, Target::Post(_) | Target::Page(_)) {
                let old = self
                    .memo
                    .bodies
                    .outgoing
                    .insert(target.clone(), html.refs.clone())
                    .unwrap_or_default();
                if old != html.refs {
                    mentions_changed = true;
                    for t in old.iter().chain(&html.refs) {
                        jobs.extend(job_of(t));
                    }
                }
            }
            if matches!(target, Target::Post(_)) {
                jobs.push(Job::Feeds);
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        if mentions_changed {
            self.memo
                .bodies
                .recount_mentions(g.posts.len(), g.pages.len());
        }
        // Exercise cards are made from front matter alone, which has not changed; a memo
        // without them (not from a full render) has them made now.
        if self.memo.exercise_cards.len() != g.exercises.len() {
            self.memo.exercise_cards = self
                .render_exercise_cards()
                .map_err(|d| [d].into_iter().collect::<Diagnostics>())?;
            self.memo.index.reset(g.exercises.len());
        }
        let mut seen = std::collections::HashSet::new();
        jobs.retain(|j| seen.insert(j.clone()));
        // These pages are made from new bodies, which their prints do not know of.
        for job in &jobs {
            self.memo.prints.remove(job);
        }
        let results = schedule::in_order(&jobs, |job| self.run(job, false));
        let mut files = 0;
        for (job, result) in jobs.iter().zip(results) {
            match result {
                Ok(done) => {
                    files += done.files;
                    if let (Job::Exercise(i), Some(refs)) = (job, done.refs) {
                        if let Some(slot) = self.memo.exercise_refs.get_mut(*i) {
                            *slot = refs;
                        }
                    }
                }
                Err(d) => diags.extend(d),
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(files)
    }

    /// Frees the shared views on a thread of their own: at ten thousand exercises they take
    /// tens of milliseconds to free, and the render is done with them.
    fn drop_views_elsewhere(&mut self) {
        crate::drop_elsewhere((
            std::mem::take(&mut self.views.exercises),
            std::mem::take(&mut self.views.workouts),
        ));
    }

    /// See [`update`].
    fn update(&mut self, edit: &Edit<'_>) -> Result<Updated, Diagnostics> {
        let g = self.guide;
        // The stored bodies are few and quick to make: all are made again. Exercise bodies are
        // made with their pages.
        let old_bodies = std::mem::take(&mut self.memo.bodies);
        let mut warnings = self.render_bodies();
        if warnings.has_errors() {
            self.memo.bodies = old_bodies;
            return Err(warnings);
        }
        let stale = match self.refresh_exercise_cards() {
            Ok(stale) => stale,
            Err(d) => {
                self.memo.bodies = old_bodies;
                return Err([d].into_iter().collect());
            }
        };

        let tag_prints = self.tag_prints();
        let tags: Vec<Id> = (0..tag_prints.len())
            .filter(|&i| self.memo.tag_prints.get(i) != Some(&tag_prints[i]))
            .collect();
        let term_print = self.term_print();
        let reach = affected::Change {
            old: edit.old,
            new: g,
            ids: None,
            edited: edit.edited,
            gone: &[],
            site_changed: self.site_print != self.memo.site_print,
            terms_changed: term_print != self.memo.term_print,
            exercise_views: &stale,
            tags: &tags,
            outgoing: [&old_bodies.outgoing, &self.memo.bodies.outgoing],
            embeds: &self.memo.exercise_refs,
        };

        // Workouts' cards are kept with the print of what they were made from; those the edit
        // cannot reach keep their prints.
        let n = g.workouts.len();
        let reached = affected::workout_cards(&reach);
        let was = &self.memo.card_prints;
        let prints = self.card_prints(reached.as_deref(), |i| was.get(i).copied());
        if self.memo.cards.len() != n {
            self.memo.cards.clear();
            self.memo.card_prints.clear();
            self.memo.deck.reset(n);
        }
        let stale_cards: Vec<Id> = (0..n)
            .filter(|&i| self.memo.card_prints.get(i) != Some(&prints[i]))
            .collect();
        let made: Vec<_> = stale_cards.par_iter().map(|&i| self.card(i)).collect();
        self.memo.deck.forget(&stale_cards);
        for (&i, (card, warning)) in stale_cards.iter().zip(made) {
            warnings.extend(warning);
            if i < self.memo.cards.len() {
                self.memo.cards[i] = card;
            } else {
                self.memo.cards.push(card);
            }
        }
        self.memo.card_prints = prints;

        let affected = if self.memo.exercise_refs.len() == g.exercises.len() {
            affected::exercise_pages(&reach, &stale_cards)
        } else {
            None
        };

        let jobs = self.jobs();
        let of = jobs.iter().filter(|job| job.is_page()).count();
        // Exercise pages the edit cannot reach keep their prints. The others are printed
        // again and, when their print changed (or they have none), rendered in the same go,
        // biggest first, so the big pages start while the small ones are still printed.
        let (kept, to_print): (Vec<Job>, Vec<Job>) = jobs.iter().cloned().partition(|job| {
            matches!((job, &affected), (Job::Exercise(i), Some(pages)) if !pages[*i])
                && self.memo.prints.contains_key(job)
        });
        #[cfg(debug_assertions)]
        self.check_kept(&kept);
        let outcomes = schedule::in_order(&to_print, |job| {
            let print = self.print(job);
            let same = print.is_some() && print.as_ref() == self.memo.prints.get(job);
            (print, (!same).then(|| self.run(job, false)))
        });
        let mut prints: Prints = kept
            .into_iter()
            .filter_map(|job| {
                let print = *self.memo.prints.get(&job)?;
                Some((job, print))
            })
            .collect();
        let mut diags = Diagnostics::new();
        let mut refs_changed = Vec::new();
        let mut pages = 0;
        for (job, (print, result)) in to_print.iter().zip(outcomes) {
            if let Some(print) = print {
                prints.insert(job.clone(), print);
            }
            let Some(result) = result else { continue };
            pages += usize::from(job.is_page());
            match result {
                Ok(done) => {
                    warnings.extend(done.warnings);
                    if let (Job::Exercise(i), Some(refs)) = (job, done.refs) {
                        if self.memo.exercise_refs.len() != g.exercises.len() {
                            self.memo.exercise_refs = vec![Vec::new(); g.exercises.len()];
                        }
                        if self.memo.exercise_refs[*i] != refs {
                            self.memo.exercise_refs[*i] = refs;
                            refs_changed.push(job.clone());
                        }
                    }
                }
                Err(d) => diags.extend(d),
            }
        }
        if diags.has_errors() {
            self.memo.bodies = old_bodies;
            return Err(diags);
        }
        // A page whose body now embeds other pages is printed with them.
        prints.extend(self.prints(&refs_changed));
        self.memo.prints = prints;
        self.memo.site_print = self.site_print;
        self.memo.tag_prints = tag_prints;
        self.memo.term_print = term_print;
        Ok(Updated {
            pages,
            of,
            warnings,
        })
    }

    /// Makes again the exercises' list cards whose print changed (the others are kept), and
    /// returns those exercises. On error, every card is made again next time.
    fn refresh_exercise_cards(&mut self) -> Result<Vec<Id>, Diagnostic> {
        let prints = self.exercise_card_prints();
        if self.memo.exercise_cards.len() != prints.len() {
            self.memo.exercise_cards = vec![ListCard::default(); prints.len()];
            self.memo.exercise_card_prints.clear();
            self.memo.index.reset(prints.len());
        }
        let stale: Vec<Id> = (0..prints.len())
            .filter(|&i| self.memo.exercise_card_prints.get(i) != Some(&prints[i]))
            .collect();
        let made: Vec<Result<ListCard, Diagnostic>> =
            stale.par_iter().map(|&i| self.exercise_card(i)).collect();
        self.memo.index.forget(&stale);
        for (&i, card) in stale.iter().zip(made) {
            match card {
                Ok(card) => self.memo.exercise_cards[i] = card,
                Err(d) => {
                    self.memo.exercise_card_prints.clear();
                    return Err(d);
                }
            }
        }
        self.memo.exercise_card_prints = prints;
        Ok(stale)
    }

    /// Debug builds check what [`affected`] decided: an exercise page it left out must print
    /// as it did.
    #[cfg(debug_assertions)]
    fn check_kept(&self, kept: &[Job]) {
        for (job, print) in self.prints(kept) {
            assert_eq!(
                self.memo.prints.get(&job),
                Some(&print),
                "{job:?} changed, but the edit was thought not to reach it"
            );
        }
    }

    /// The print of each tag as the pages that carry it show it.
    fn tag_prints(&self) -> Vec<u64> {
        self.views.tag_links.iter().map(print_of).collect()
    }

    /// The print of the muscles and equipment as the pages that name them show them (the
    /// indexes, which show their counts, are printed on every update).
    fn term_print(&self) -> u64 {
        print_of(&(&self.views.muscle_links, &self.views.equipment_links))
    }

    /// The print of what each exercise's list card is made from.
    fn exercise_card_prints(&self) -> Vec<u64> {
        let refs = &self.views.exercise_prints;
        debug_assert_eq!(refs.len(), self.views.exercises.len(), "refs not printed");
        refs.par_iter()
            .map(|r| print_of(&(self.site_print, r)))
            .collect()
    }

    /// The print of each workout's card: `was(i)` for workout `i` when it has one and `reached`
    /// (the cards a change can reach, see [`affected::workout_cards`]) rules it out, else made
    /// now. Debug builds check the prints kept.
    fn card_prints(
        &self,
        reached: Option<&[bool]>,
        was: impl Fn(Id) -> Option<u64> + Sync,
    ) -> Vec<u64> {
        (0..self.guide.workouts.len())
            .into_par_iter()
            .map(|i| match was(i) {
                Some(print) if reached.is_some_and(|cards| !cards[i]) => {
                    debug_assert_eq!(
                        print,
                        self.card_print(i),
                        "the card of workout {i} changed, but the change was thought not to \
                         reach it"
                    );
                    print
                }
                _ => self.card_print(i),
            })
            .collect()
    }

    /// The print of workout `id`'s view without body or mentions, with the site's: what its
    /// card is made from (its HTML with the site), and most of its page.
    fn card_print(&self, id: Id) -> u64 {
        print_of(&(self.site_print, self.views.workout_view(id, "", Vec::new())))
    }

    /// Renders the `jobs` whose print differs from the one their page had in the guide
    /// rendered over, and keeps the others' files as they are (`None`): the exercise pages
    /// `reach` rules out, unprinted. Also returns each job's print.
    #[allow(clippy::type_complexity)]
    fn render_changed(
        &mut self,
        jobs: &[Job],
        over: &Over<'_>,
        reach: &Reach,
    ) -> (Vec<Option<Result<Done, Vec<Diagnostic>>>>, Vec<Option<u64>>) {
        let g = self.guide;
        let before: Prints = (over.memo.prints.iter())
            .filter_map(|(job, print)| Some((renumbered(job, &over.ids)?, *print)))
            .collect();
        let this = &*self;
        schedule::in_order(jobs, |job| {
            let known = match job {
                Job::Exercise(i) => reach.known[*i],
                _ => true,
            };
            // An exercise page the change cannot reach, with its body's links all there.
            let unreached = match job {
                Job::Exercise(i) if known => {
                    let pages = reach.exercise_pages.as_ref();
                    pages.is_some_and(|pages| !pages[*i]).then_some(*i)
                }
                _ => None,
            };
            if let (Some(i), Some(&print)) = (unreached, before.get(job)) {
                let file = page_file(g.path_of(&Target::Exercise(i)));
                if this.sink.keep(&file) {
                    debug_assert_eq!(
                        this.print(job),
                        Some(print),
                        "{job:?} changed, but the change was thought not to reach it"
                    );
                    return (Some(print), None);
                }
            }
            let (print, file) = match this.run(job, true) {
                Ok(done) => (done.print, done.file),
                Err(_) => (None, None),
            };
            let same = known
                && print.is_some()
                && print.as_ref() == before.get(job)
                && file.is_some_and(|f| this.sink.keep(&f));
            (print, (!same).then(|| this.run(job, false)))
        })
        .into_iter()
        .map(|(print, result)| (result, print))
        .unzip()
    }

    /// Notes the print of every workout's card and exercise's list card, which the prints of
    /// the pages showing them hold ([`Renderer::renew_over`] notes them as it goes).
    fn note_card_prints(&mut self) {
        self.memo.card_prints = (0..self.guide.workouts.len())
            .into_par_iter()
            .map(|i| self.card_print(i))
            .collect();
        self.memo.exercise_card_prints = self.exercise_card_prints();
    }

    /// The print of each of `jobs` that has one.
    fn prints(&self, jobs: &[Job]) -> Prints {
        jobs.par_iter()
            .filter_map(|job| Some((job.clone(), self.print(job)?)))
            .collect()
    }

    /// The print of `job`'s inputs, if it has one.
    fn print(&self, job: &Job) -> Option<u64> {
        match self.run(job, true) {
            Ok(Done { print, .. }) => print,
            Err(_) => None,
        }
    }

    /// Turns every body into HTML and works out what mentions what.
    fn render_bodies(&mut self) -> Diagnostics {
        let g = self.guide;
        let kept_bodies = &std::mem::take(&mut self.memo.kept_bodies);
        let kept_or_made = |target: Target, text: Option<(&str, Option<&Source>)>| {
            text.map(|(text, src)| self.kept_body(target, text, src, kept_bodies))
                .unwrap_or_default()
        };
        let body_of = |target: Target, meta: &Meta| kept_or_made(target, meta_text(meta));
        let term_body = |target: Target, term: &Term| kept_or_made(target, term_text(term));
        let workouts: Vec<_> = (g.workouts.par_iter().enumerate())
            .map(|(i, w)| body_of(Target::Workout(i), &w.meta))
            .collect();
        let posts: Vec<_> = (g.posts.par_iter().enumerate())
            .map(|(i, p)| body_of(Target::Post(i), &p.meta))
            .collect();
        let pages: Vec<_> = (g.pages.par_iter().enumerate())
            .map(|(i, p)| body_of(Target::Page(i), &p.meta))
            .collect();
        let muscles: Vec<_> = g
            .muscles
            .par_iter()
            .enumerate()
            .map(|(i, m)| {
                if g.muscle_is_listed(i) {
                    term_body(Target::Muscle(i), &m.term)
                } else {
                    Default::default()
                }
            })
            .collect();
        let equipment: Vec<_> = g
            .equipment
            .par_iter()
            .enumerate()
            .map(|(i, e)| {
                if g.equipment_is_listed(i) {
                    term_body(Target::Equipment(i), &e.term)
                } else {
                    Default::default()
                }
            })
            .collect();
        let mut sections: Vec<(&String, &crate::model::Page)> = g.sections.iter().collect();
        sections.sort_by(|a, b| a.0.cmp(b.0));
        let sections: Vec<_> = sections
            .into_iter()
            .map(|(k, p)| (k.clone(), body_of(Target::Section(k.clone()), &p.meta)))
            .collect();
        // What was made is kept for the next update (all of it: a body no longer there is
        // simply not asked for).
        let all = (workouts.iter())
            .chain(&posts)
            .chain(&pages)
            .chain(&muscles)
            .chain(&equipment)
            .chain(sections.iter().map(|(_, made)| made));
        self.memo.kept_bodies = all
            .filter_map(|(target, made)| Some((target.clone()?, made.clone())))
            .collect();

        let mut diags = Diagnostics::new();
        let mut outgoing: HashMap<Target, Vec<Target>> = HashMap::new();
        for (i, (_, body)) in posts.iter().enumerate() {
            outgoing.insert(Target::Post(i), body.html.refs.clone());
        }
        for (i, (_, body)) in pages.iter().enumerate() {
            outgoing.insert(Target::Page(i), body.html.refs.clone());
        }
        let mut take = |list: Vec<(Option<Target>, KeptBody)>| -> Vec<String> {
            list.into_iter()
                .map(|(_, body)| {
                    diags.extend(body.errors);
                    kept(body.html.html)
                })
                .collect()
        };
        self.memo.bodies = Bodies {
            workouts: take(workouts),
            posts: take(posts),
            pages: take(pages),
            muscles: take(muscles),
            equipment: take(equipment),
            sections: HashMap::new(),
            mentions: HashMap::new(),
            outgoing,
        };
        self.memo
            .bodies
            .recount_mentions(g.posts.len(), g.pages.len());
        for (k, (_, body)) in sections {
            diags.extend(body.errors);
            self.memo.bodies.sections.insert(k, body.html.html);
        }
        diags
    }

    /// Markdown `text` (the body of `source`, if any) as HTML, with the problems found in it.
    fn markdown(&self, text: &str, source: Option<&Source>) -> (markdown::Html, Vec<Diagnostic>) {
        let shortcodes = |call: &Call| self.shortcode(call);
        let env = Env {
            guide: self.guide,
            shortcodes: &shortcodes,
        };
        markdown::render(&env, text, source)
    }

    /// A page's body as HTML, with the problems found in it.
    fn body(&self, meta: &Meta) -> (markdown::Html, Vec<Diagnostic>) {
        (meta_text(meta).map(|(text, src)| self.markdown(text, src))).unwrap_or_default()
    }

    /// The body `text` of `target` (of `source`) as `kept` holds it when it was made from
    /// the same inputs, else made again; with its target, to be kept.
    fn kept_body(
        &self,
        target: Target,
        text: &str,
        source: Option<&Source>,
        kept: &HashMap<Target, KeptBody>,
    ) -> (Option<Target>, KeptBody) {
        if let Some(k) = kept.get(&target) {
            if k.print.is_some() && k.print == self.body_print(text, &k.html) {
                return (Some(target), k.clone());
            }
        }
        let (html, errors) = self.markdown(text, source);
        let print = self.body_print(text, &html);
        (
            Some(target),
            KeptBody {
                print,
                html,
                errors,
            },
        )
    }

    /// The print of what a body made from `text` is made from, given what it embeds (`html`):
    /// the text, the site, and the views its shortcodes show of the pages they embed. An
    /// update renders over a guide with the same pages at the same addresses (else the site
    /// is built again, with nothing kept), so the same text links to and embeds the same
    /// pages there, and the same print means the same HTML.
    fn body_print(&self, text: &str, html: &markdown::Html) -> Option<u64> {
        let g = self.guide;
        let embeds: Option<Vec<u64>> = (html.embeds.iter())
            .map(|t| match t {
                Target::Exercise(i) if *i < g.exercises.len() => {
                    Some(print_of(&self.views.exercise_view(*i, "", Vec::new())))
                }
                Target::Workout(i) if *i < g.workouts.len() => {
                    Some(print_of(&self.views.workout_view(*i, "", Vec::new())))
                }
                _ => None,
            })
            .collect();
        // A body that embeds a page the guide does not have has none.
        embeds.map(|embeds| print_of(&(text, self.site_print, g.config.allow_raw_html, embeds)))
    }

    /// A muscle's or piece of equipment's body: its file's, or else the catalogue's description.
    fn term_body(&self, term: &Term) -> (markdown::Html, Vec<Diagnostic>) {
        (term_text(term).map(|(text, src)| self.markdown(text, src))).unwrap_or_default()
    }

    /// The body of the page `target`, made as a full render makes it.
    fn body_of(&self, target: &Target) -> (markdown::Html, Vec<Diagnostic>) {
        let g = self.guide;
        match target {
            Target::Muscle(i) => self.term_body(&g.muscles[*i].term),
            Target::Equipment(i) => self.term_body(&g.equipment[*i].term),
            other => g.meta(other).map(|m| self.body(m)).unwrap_or_default(),
        }
    }

    /// Makes every workout's card and every exercise's list card. Returns the cards' warnings.
    fn make_cards(&mut self) -> Result<Vec<Diagnostic>, Diagnostic> {
        let g = self.guide;
        let (cards, warnings): (Vec<_>, Vec<_>) = (0..g.workouts.len())
            .into_par_iter()
            .map(|i| self.card(i))
            .unzip();
        self.memo.cards = cards;
        self.memo.deck.reset(g.workouts.len());
        self.memo.exercise_cards = self.render_exercise_cards()?;
        self.memo.index.reset(g.exercises.len());
        Ok(warnings.into_iter().flatten().collect())
    }

    /// Renders every exercise's list card once (empty when the theme has no card partial).
    fn render_exercise_cards(&self) -> Result<Vec<ListCard>, Diagnostic> {
        (0..self.guide.exercises.len())
            .into_par_iter()
            .map(|i| self.exercise_card(i))
            .collect()
    }

    /// [`Renderer::make_cards`] over the site `over` was made from: keeps the cards made from
    /// what they were made from, notes every card's print, and works out which exercise pages
    /// the change can reach. Returns the cards' warnings and that reach.
    fn renew_over(&mut self, over: &Over<'_>) -> Result<(Vec<Diagnostic>, Reach), Diagnostic> {
        let g = self.guide;
        let memo = over.memo;
        let ids = &over.ids;

        // Exercises' list cards, and with them what lists and ladders show of each exercise.
        let prints = self.exercise_card_prints();
        let kept = still_made_from(
            memo.exercise_cards.len(),
            &memo.exercise_card_prints,
            &prints,
            |i| ids.exercise(i),
        );
        self.memo.exercise_cards = (kept.par_iter().enumerate())
            .map(|(i, was)| match was {
                Some(was) => Ok(memo.exercise_cards[*was].clone()),
                None => self.exercise_card(i),
            })
            .collect::<Result<_, _>>()?;
        self.memo.exercise_card_prints = prints;
        // An exercise's list item is made from what its card is made from.
        self.memo.index.take_kept(&memo.index, &kept);
        let exercise_views: Vec<Id> = (0..kept.len()).filter(|&i| kept[i].is_none()).collect();

        let known = self.renumber_refs(over);
        let search = self.memo.search.get_mut();
        (search.unwrap_or_else(|e| e.into_inner())).carry_over(g, |i| over.back.exercise(i));
        let tag_prints = self.tag_prints();
        let tags: Vec<Id> = (0..tag_prints.len())
            .filter(|&t| {
                let was = over.back.tag(t).and_then(|was| memo.tag_prints.get(was));
                was != Some(&tag_prints[t])
            })
            .collect();
        let change = affected::Change {
            old: over.old,
            new: g,
            ids: Some([ids, &over.back]),
            edited: &over.edited,
            gone: &over.gone,
            site_changed: self.site_print != memo.site_print,
            terms_changed: self.term_print() != memo.term_print,
            exercise_views: &exercise_views,
            tags: &tags,
            outgoing: [&memo.bodies.outgoing, &self.memo.bodies.outgoing],
            embeds: &self.memo.exercise_refs,
        };

        // Workouts' cards: those the change cannot reach keep their prints.
        let reached = affected::workout_cards(&change);
        let prints = self.card_prints(reached.as_deref(), |i| {
            let was = over.back.workout(i)?;
            memo.card_prints.get(was).copied()
        });
        let kept = still_made_from(memo.cards.len(), &memo.card_prints, &prints, |i| {
            ids.workout(i)
        });
        let (cards, warnings): (Vec<_>, Vec<_>) = (kept.par_iter().enumerate())
            .map(|(i, was)| match was {
                Some(was) => (memo.cards[*was].clone(), None),
                None => self.card(i),
            })
            .unzip();
        self.memo.cards = cards;
        self.memo.card_prints = prints;
        // The deck's values of the cards kept are theirs still.
        self.memo.deck.take_kept(&memo.deck, &kept);
        let stale_cards: Vec<Id> = (0..kept.len()).filter(|&i| kept[i].is_none()).collect();

        let reach = Reach {
            exercise_pages: affected::exercise_pages(&change, &stale_cards),
            known,
        };
        Ok((warnings.into_iter().flatten().collect(), reach))
    }

    /// Takes what each exercise's body linked to and embedded, as of the site rendered over,
    /// by new ids; one that linked to a page now gone has none. Returns which have theirs.
    fn renumber_refs(&mut self, over: &Over<'_>) -> Vec<bool> {
        let g = self.guide;
        let mut known = vec![false; g.exercises.len()];
        let mut refs = vec![Vec::new(); g.exercises.len()];
        for (was, targets) in over.memo.exercise_refs.iter().enumerate() {
            let Some(id) = over.ids.exercise(was) else {
                continue;
            };
            if let Some(targets) = targets.iter().map(|t| over.ids.target(t)).collect() {
                refs[id] = targets;
                known[id] = true;
            }
        }
        self.memo.exercise_refs = refs;
        known
    }

    /// What lists show of one exercise: its card (`partials/exercise_card.html`), then its
    /// item in the exercise index (`partials/exercise_item.html`, given the card too); each
    /// empty when the theme has no such partial (it then lists exercises from their other
    /// fields).
    fn exercise_card(&self, i: Id) -> Result<ListCard, Diagnostic> {
        const CARD: &str = "partials/exercise_card.html";
        const ITEM: &str = "partials/exercise_item.html";
        let has = |template: &str| self.theme.origins.contains_key(template);
        if !has(CARD) && !has(ITEM) {
            return Ok(ListCard::default());
        }
        let render = |template: &str, what: &str, ctx: &Context| {
            if !has(template) {
                return Ok(Arc::<str>::from(""));
            }
            let html = self.theme.tera.render(template, ctx).map_err(|e| {
                Diagnostic::error(
                    self.theme.origin(template),
                    format!(
                        "cannot render the {what} of {}: {}",
                        self.views.exercises[i].url,
                        crate::render::theme::error_chain(&e)
                    ),
                )
            })?;
            Ok(html.into())
        };
        let mut ctx = Context::new();
        ctx.insert("site", &self.site_value);
        ctx.insert("e", &self.views.exercises[i]);
        let card = render(CARD, "card", &ctx)?;
        ctx.insert("card", &*card);
        let item = render(ITEM, "index item", &ctx)?;
        Ok(ListCard { card, item })
    }

    /// Puts the list items of some exercises into `ctx`. Their print is that of what their
    /// cards are made from, which is what the rest of an item is made from too.
    fn insert_items(&self, ctx: &mut Ctx, key: &str, ids: &[Id]) {
        match ctx {
            Ctx::Render(_) => ctx.insert(key, &self.items(ids)),
            Ctx::Print(_) => {
                let prints: Vec<_> = ids
                    .iter()
                    .map(|&i| self.memo.exercise_card_prints.get(i))
                    .collect();
                ctx.insert(key, &prints);
            }
        }
    }

    /// The list items of some exercises.
    fn items(&self, ids: &[Id]) -> Vec<ExerciseItem<'_>> {
        ids.iter()
            .map(|&i| self.views.item(i, &self.memo.exercise_cards[i]))
            .collect()
    }

    /// Renders one shortcode call.
    fn shortcode(&self, call: &Call) -> Result<Embed, ShortcodeError> {
        let g = self.guide;
        let name = call.name.as_str();
        let template = format!("shortcodes/{name}.html");
        let fail = |message: String, hint: Option<String>, at: Option<&str>| ShortcodeError {
            message,
            hint,
            at: at.map(str::to_string),
        };
        if !self.theme.has_shortcode(name) {
            let known = self.theme.shortcode_names();
            let hint = match did_you_mean(name, known.iter().copied()) {
                Some(best) => format!("did you mean \"{best}\"?"),
                None => format!("known shortcodes: {}", known.join(", ")),
            };
            return Err(fail(
                format!("unknown shortcode \"{name}\""),
                Some(hint),
                Some(name),
            ));
        }
        let mut ctx = Context::new();
        ctx.insert("site", &self.site_value);
        let target = match name {
            "exercise" | "workout" => {
                let Some(slug) = call.text("slug") else {
                    return Err(fail(
                        format!("shortcode \"{name}\" needs a slug"),
                        Some(format!("write {{{{ {name}(slug=\"...\") }}}}")),
                        Some(name),
                    ));
                };
                let slugs: Vec<&str> = if name == "exercise" {
                    g.exercises.iter().map(|e| e.meta.slug.as_str()).collect()
                } else {
                    g.workouts.iter().map(|w| w.meta.slug.as_str()).collect()
                };
                let Some(id) = slugs.iter().position(|x| *x == slug) else {
                    let hint = did_you_mean(slug, slugs.iter().copied())
                        .map(|b| format!("did you mean \"{b}\"?"));
                    return Err(fail(
                        format!("unknown {name} \"{slug}\" in shortcode"),
                        hint,
                        Some(slug),
                    ));
                };
                if name == "exercise" {
                    ctx.insert("exercise", &self.views.exercise_view(id, "", Vec::new()));
                    Some(Target::Exercise(id))
                } else {
                    ctx.insert("workout", &self.views.workout_view(id, "", Vec::new()));
                    Some(Target::Workout(id))
                }
            }
            _ => {
                ctx.insert("args", &call.args);
                None
            }
        };
        self.theme
            .tera
            .render(&template, &ctx)
            .map(|html| Embed { html, target })
            .map_err(|e| {
                fail(
                    format!(
                        "shortcode template {} failed: {}",
                        self.theme.origin(&template).display(),
                        crate::render::theme::error_chain(&e)
                    ),
                    None,
                    None,
                )
            })
    }

    /// Every page of the guide, the biggest first: the pages that list every exercise or
    /// workout, then those that list some, then single pages. Updates start them in this
    /// order (see [`schedule`]); a full build splits them between threads in halves.
    fn jobs(&self) -> Vec<Job> {
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
        jobs.extend((0..g.posts.len()).map(Job::Post));
        jobs.extend((0..g.pages.len()).map(Job::Page));
        jobs
    }

    fn blog_pages(&self) -> usize {
        self.guide
            .posts
            .len()
            .div_ceil(self.guide.config.paginate_by)
            .max(1)
    }

    fn mentions(&self, target: &Target) -> Vec<LinkRef> {
        self.memo
            .bodies
            .mentions
            .get(target)
            .map_or_else(Vec::new, |list| {
                list.iter().map(|t| self.views.link_ref(t)).collect()
            })
    }

    fn intro(&self, section: &str) -> String {
        self.memo
            .bodies
            .sections
            .get(section)
            .cloned()
            .unwrap_or_default()
    }

    /// Renders and writes one job; returns files written and warnings.
    /// With `print`, makes the print of the page's inputs instead (see [`Memo`]).
    fn run(&self, job: &Job, print: bool) -> Result<Done, Vec<Diagnostic>> {
        let g = self.guide;
        let v = &self.views;
        let base = g.config.base_path();
        let mut ctx = Ctx::new(print);
        let section_page =
            |name: &str, kind: &'static str, template: &'static str, json: String| Page {
                template,
                path: format!("{name}/"),
                title: g.title_of(&Target::Section(name.to_string())).to_string(),
                description: g.sections.get(name).and_then(|p| p.meta.summary.clone()),
                kind,
                json_ld: json,
                source: g.sections.get(name).and_then(|p| p.meta.source.as_deref()),
            };
        let page = match job {
            Job::Home => {
                ctx.insert("intro", &self.intro(""));
                ctx.insert(
                    "featured",
                    &g.featured
                        .iter()
                        .map(|&i| &v.workouts[i])
                        .collect::<Vec<_>>(),
                );
                ctx.insert("workouts", &v.workouts);
                let posts: Vec<PostRef> =
                    (0..g.posts.len().min(5)).map(|i| v.post_ref(i)).collect();
                ctx.insert("posts", &posts);
                ctx.insert("muscles", &self.listed_muscles());
                ctx.insert("equipment", &self.listed_equipment());
                let mut pages: Vec<Id> = (0..g.pages.len()).collect();
                sort_by_weight_then_title(&mut pages, |i| &g.pages[i].meta);
                ctx.insert(
                    "pages",
                    &pages
                        .iter()
                        .map(|&i| v.link_ref(&Target::Page(i)))
                        .collect::<Vec<_>>(),
                );
                ctx.insert("exercise_count", &g.exercises.len());
                Page {
                    template: "index.html",
                    path: String::new(),
                    title: g
                        .sections
                        .get("")
                        .map_or_else(|| g.config.title.clone(), |p| p.meta.title.clone()),
                    description: Some(g.config.description.clone()).filter(|d| !d.is_empty()),
                    kind: "home",
                    json_ld: json_ld::website(g),
                    source: g.sections.get("").and_then(|p| p.meta.source.as_deref()),
                }
            }
            Job::Exercises => {
                let ordered = &g.exercise_order;
                ctx.insert("intro", &self.intro("exercises"));
                if print {
                    self.insert_items(&mut ctx, "exercises", ordered);
                }
                ctx.insert("muscles", &self.listed_muscles());
                ctx.insert("equipment", &self.listed_equipment());
                ctx.insert("levels", &views::levels());
                // Made from the order of the items and their addresses, which a print holds
                // already (as the items' prints, with the site's).
                let json = if print {
                    String::new()
                } else {
                    json_ld::item_list(
                        g,
                        "Exercises",
                        ordered.iter().map(|&i| g.path_of(&Target::Exercise(i))),
                    )
                };
                let page = section_page("exercises", "exercises", "exercises.html", json);
                let items = (&self.memo.index, "exercises", &ordered[..]);
                return self
                    .finish_lending(page, ctx, items, |i| {
                        self.views.index_item(i, &self.memo.exercise_cards[i])
                    })
                    .map_err(|d| vec![d]);
            }
            Job::Exercise(id) => {
                let e = &g.exercises[*id];
                let target = Target::Exercise(*id);
                let page = self.content_page(
                    "exercise.html",
                    "exercise",
                    &target,
                    &e.meta,
                    json_ld::exercise(g, *id),
                );
                if print {
                    // The body's HTML is made from its text and from the pages it embeds.
                    ctx.raw(e.meta.source.as_ref().map_or("", |s| s.body()));
                    for t in self.memo.exercise_refs.get(*id).into_iter().flatten() {
                        match t {
                            Target::Exercise(i) => {
                                ctx.insert("embed", &v.exercise_view(*i, "", Vec::new()))
                            }
                            // The view a workout embed shows is its card's.
                            Target::Workout(i) => {
                                ctx.insert("embed", &self.memo.card_prints.get(*i))
                            }
                            _ => {}
                        }
                    }
                    ctx.insert(
                        "exercise",
                        &v.exercise_view(*id, "", self.mentions(&target)),
                    );
                    return self.finish(page, ctx).map_err(|d| vec![d]);
                }
                let started = Instant::now();
                let (body, problems) = self.body(&e.meta);
                let markdown = started.elapsed();
                if problems.iter().any(Diagnostic::is_error) {
                    return Err(problems);
                }
                let view = v.exercise_view(*id, &body.html, self.mentions(&target));
                ctx.insert("exercise", &view);
                let done = self.finish(page, ctx).map_err(|d| vec![d])?;
                return Ok(Done {
                    markdown,
                    warnings: problems,
                    refs: Some(body.refs),
                    ..done
                });
            }
            Job::Muscles => {
                let mut regions: Vec<Region> = Vec::new();
                for m in self.listed_muscles() {
                    let key = m.region.clone().unwrap_or_else(|| "other".into());
                    match regions.iter_mut().find(|r| r.slug == key) {
                        Some(r) => r.muscles.push(m),
                        None => regions.push(Region {
                            title: views::region_name(&key),
                            slug: key,
                            muscles: vec![m],
                        }),
                    }
                }
                let order = crate::model::catalogue::REGIONS;
                regions.sort_by_key(|r| {
                    (
                        order
                            .iter()
                            .position(|o| *o == r.slug)
                            .unwrap_or(order.len()),
                        r.slug.clone(),
                    )
                });
                ctx.insert("intro", &self.intro("muscles"));
                ctx.insert("regions", &regions);
                section_page("muscles", "muscles", "muscles.html", String::new())
            }
            Job::Muscle(id) => {
                let m = &g.muscles[*id];
                ctx.insert(
                    "term",
                    &self.term_view(&m.term, &self.memo.bodies.muscles[*id], false),
                );
                self.insert_items(&mut ctx, "primary", &m.primary_of);
                self.insert_items(&mut ctx, "secondary", &m.secondary_of);
                self.content_page(
                    "muscle.html",
                    "muscle",
                    &Target::Muscle(*id),
                    &m.term.meta,
                    json_ld::muscle(g, *id),
                )
            }
            Job::EquipmentList => {
                ctx.insert("intro", &self.intro("equipment"));
                ctx.insert("equipment", &self.listed_equipment());
                section_page(
                    "equipment",
                    "equipment_list",
                    "equipment_list.html",
                    String::new(),
                )
            }
            Job::Equipment(id) => {
                let e = &g.equipment[*id];
                ctx.insert(
                    "term",
                    &self.term_view(
                        &e.term,
                        &self.memo.bodies.equipment[*id],
                        *id == g.bodyweight,
                    ),
                );
                self.insert_items(&mut ctx, "exercises", &e.used_by);
                self.content_page(
                    "equipment.html",
                    "equipment",
                    &Target::Equipment(*id),
                    &e.term.meta,
                    String::new(),
                )
            }
            Job::Workouts => {
                let mut ids: Vec<Id> = (0..g.workouts.len()).collect();
                sort_by_weight_then_title(&mut ids, |i| &g.workouts[i].meta);
                ctx.insert("intro", &self.intro("workouts"));
                ctx.insert(
                    "workouts",
                    &ids.iter().map(|&i| &v.workouts[i]).collect::<Vec<_>>(),
                );
                let json = json_ld::item_list(
                    g,
                    "Workouts",
                    ids.iter().map(|&i| g.path_of(&Target::Workout(i))),
                );
                section_page("workouts", "workouts", "workouts.html", json)
            }
            Job::Workout(id) => {
                let target = Target::Workout(*id);
                let body = &self.memo.bodies.workouts[*id];
                if print {
                    // The page's view is its card's, with the body and mentions added.
                    ctx.insert("workout", &self.memo.card_prints.get(*id));
                    ctx.insert("body", body);
                    ctx.insert("mentions", &self.mentions(&target));
                } else {
                    ctx.insert(
                        "workout",
                        &v.workout_view(*id, body, self.mentions(&target)),
                    );
                }
                self.content_page(
                    "workout.html",
                    "workout",
                    &target,
                    &g.workouts[*id].meta,
                    json_ld::workout(g, *id),
                )
            }
            Job::Card(id) => {
                let card = &self.memo.cards[*id];
                ctx.insert_or_print("card", &**card, self.memo.card_prints.get(*id));
                let w = &g.workouts[*id];
                Page {
                    template: "card.html",
                    path: job.path(g).unwrap_or_default(),
                    title: format!("{} — card", w.meta.title),
                    description: w.meta.summary.clone(),
                    kind: "card",
                    json_ld: String::new(),
                    source: w.meta.source.as_deref(),
                }
            }
            Job::Cards => {
                let mut ids: Vec<Id> = (0..g.workouts.len()).collect();
                sort_by_weight_then_title(&mut ids, |i| &g.workouts[i].meta);
                let cards: Vec<&CardView> = ids.iter().map(|&i| &*self.memo.cards[i]).collect();
                let (columns, rows) = cards::sheet_grid(g.config.card_size, g.config.sheet_size);
                let per_sheet = columns * rows;
                let sheets: Vec<Vec<usize>> = (0..cards.len())
                    .collect::<Vec<_>>()
                    .chunks(per_sheet as usize)
                    .map(<[usize]>::to_vec)
                    .collect();
                let (w, h) = g.config.sheet_size.mm();
                if print {
                    let prints: Vec<_> =
                        ids.iter().map(|&i| self.memo.card_prints.get(i)).collect();
                    ctx.insert("cards", &prints);
                }
                ctx.insert(
                    "sheet",
                    &SheetCtx {
                        size: SizeCtx {
                            name: g.config.sheet_size.name().into(),
                            width_mm: w,
                            height_mm: h,
                        },
                        columns,
                        rows,
                        per_sheet,
                        sheets,
                    },
                );
                let page = Page {
                    template: "cards.html",
                    path: job.path(g).unwrap_or_default(),
                    title: "Workout cards".into(),
                    description: Some(
                        "Every workout card, laid out to print several to a sheet.".into(),
                    ),
                    kind: "cards",
                    json_ld: String::new(),
                    source: None,
                };
                let cards = (&self.memo.deck, "cards", &ids[..]);
                return self
                    .finish_lending(page, ctx, cards, |i| &*self.memo.cards[i])
                    .map_err(|d| vec![d]);
            }
            Job::Blog(n) => {
                let per = g.config.paginate_by;
                let total = self.blog_pages();
                let posts: Vec<PostRef> = ((n - 1) * per..(n * per).min(g.posts.len()))
                    .map(|i| v.post_ref(i))
                    .collect();
                let page_url = |k: usize| {
                    if k == 1 {
                        format!("{base}blog/")
                    } else {
                        format!("{base}blog/page/{k}/")
                    }
                };
                ctx.insert(
                    "intro",
                    &if *n == 1 {
                        self.intro("blog")
                    } else {
                        String::new()
                    },
                );
                ctx.insert("posts", &posts);
                ctx.insert(
                    "paginator",
                    &Paginator {
                        current: *n,
                        total,
                        previous_url: (*n > 1).then(|| page_url(n - 1)),
                        next_url: (*n < total).then(|| page_url(n + 1)),
                    },
                );
                let mut p = section_page("blog", "blog", "blog.html", String::new());
                if *n > 1 {
                    p.path = job.path(g).unwrap_or_default();
                    p.title = format!("{} — page {n}", p.title);
                }
                p
            }
            Job::Post(id) => {
                let p = &g.posts[*id];
                let view = PostView {
                    summary_ref: v.post_ref(*id),
                    updated: p.updated.map(|d| d.to_string()),
                    body: &self.memo.bodies.posts[*id],
                };
                ctx.insert("post", &view);
                ctx.insert(
                    "previous",
                    &(*id + 1 < g.posts.len()).then(|| v.post_ref(id + 1)),
                );
                ctx.insert("next", &(*id > 0).then(|| v.post_ref(id - 1)));
                self.content_page(
                    "post.html",
                    "post",
                    &Target::Post(*id),
                    &p.meta,
                    json_ld::post(g, *id),
                )
            }
            Job::Tags => {
                ctx.insert("tags", &v.tags);
                Page {
                    template: "tags.html",
                    path: job.path(g).unwrap_or_default(),
                    title: "Tags".into(),
                    description: None,
                    kind: "tags",
                    json_ld: String::new(),
                    source: None,
                }
            }
            Job::Tag(id) => {
                let t = &g.tags[*id];
                ctx.insert("tag", &v.tags[*id]);
                ctx.insert(
                    "posts",
                    &t.posts.iter().map(|&i| v.post_ref(i)).collect::<Vec<_>>(),
                );
                self.insert_items(&mut ctx, "exercises", &t.exercises);
                ctx.insert(
                    "workouts",
                    &t.workouts
                        .iter()
                        .map(|&i| &v.workouts[i])
                        .collect::<Vec<_>>(),
                );
                ctx.insert(
                    "pages",
                    &t.pages
                        .iter()
                        .map(|&i| v.link_ref(&Target::Page(i)))
                        .collect::<Vec<_>>(),
                );
                Page {
                    template: "tag.html",
                    path: job.path(g).unwrap_or_default(),
                    title: format!("Tagged “{}”", t.name),
                    description: None,
                    kind: "tag",
                    json_ld: String::new(),
                    source: None,
                }
            }
            Job::Page(id) => {
                let p = &g.pages[*id];
                ctx.insert(
                    "content",
                    &PageView {
                        title: p.meta.title.clone(),
                        summary: p.meta.summary.clone(),
                        body: &self.memo.bodies.pages[*id],
                        tags: v.tags_of(&p.meta.tags),
                    },
                );
                self.content_page(
                    "page.html",
                    "page",
                    &Target::Page(*id),
                    &p.meta,
                    String::new(),
                )
            }
            Job::NotFound => Page {
                template: "404.html",
                path: job.path(g).unwrap_or_default(),
                title: "Page not found".into(),
                description: None,
                kind: "404",
                json_ld: String::new(),
                source: None,
            },
            // Not made from templates: these have no print and are always made again.
            Job::Feeds | Job::SearchIndex | Job::Redirects if print => return Ok(Done::default()),
            Job::Feeds => return self.feeds().map(Done::files).map_err(|d| vec![d]),
            Job::SearchIndex => {
                let json = (self.memo.search.lock())
                    .unwrap_or_else(|e| e.into_inner())
                    .make(g);
                return self
                    .write(SEARCH_INDEX, json.as_bytes())
                    .map(|()| Done::files(1))
                    .map_err(|d| vec![d]);
            }
            Job::Redirects => return self.redirects().map(Done::files).map_err(|d| vec![d]),
        };
        self.finish(page, ctx).map_err(|d| vec![d])
    }

    fn content_page<'a>(
        &self,
        template: &'static str,
        kind: &'static str,
        target: &Target,
        meta: &'a Meta,
        json_ld: String,
    ) -> Page<'a> {
        Page {
            template,
            path: self.guide.path_of(target),
            title: meta.title.clone(),
            description: meta.summary.clone(),
            kind,
            json_ld,
            source: meta.source.as_deref(),
        }
    }

    /// Renders `page` with `ctx` and writes it.
    fn finish(&self, page: Page<'_>, mut ctx: Ctx) -> Result<Done, Diagnostic> {
        self.finish_in(page, &mut ctx)
    }

    /// [`Renderer::finish`] for a page listing every card or exercise: to render it, the
    /// values of `lent` for `order` (made with `make` where there is none) are lent into its
    /// context under `key`, and taken back after. A print holds what the caller put in it.
    fn finish_lending<T: serde::Serialize>(
        &self,
        page: Page<'_>,
        mut ctx: Ctx,
        (lent, key, order): (&Lent, &str, &[Id]),
        make: impl Fn(Id) -> T,
    ) -> Result<Done, Diagnostic> {
        if let Ctx::Render(c) = &mut ctx {
            lent.lend(c, key, order, make).map_err(|e| {
                Diagnostic::error(
                    self.theme.origin(page.template),
                    format!("cannot make the context of {}: {e}", page.path),
                )
            })?;
        }
        let done = self.finish_in(page, &mut ctx);
        if let Ctx::Render(c) = &mut ctx {
            lent.give_back(c, key, order);
        }
        done
    }

    /// [`Renderer::finish`], leaving the context to the caller (to take back what it lent).
    fn finish_in(&self, page: Page<'_>, ctx: &mut Ctx) -> Result<Done, Diagnostic> {
        let g = self.guide;
        let base_path = g.config.base_path();
        let url = format!("{}{}", base_path, page.path);
        let print = matches!(ctx, Ctx::Print(_));
        ctx.insert_or_print("site", &self.site_value, Some(&self.site_print));
        ctx.insert(
            "page",
            &PageCtx {
                title: page.title,
                description: page
                    .description
                    .unwrap_or_else(|| g.config.description.clone()),
                permalink: g.config.absolute(&page.path),
                url: url.clone(),
                kind: page.kind,
                json_ld: page.json_ld,
                // Made from `url` and the site's navigation, both in the print already.
                nav: if print {
                    Vec::new()
                } else {
                    self.nav
                        .iter()
                        .map(|link| NavLink {
                            title: &link.title,
                            url: &link.url,
                            current: url == link.url,
                            active: url != link.url
                                && link.url != base_path
                                && url.starts_with(&link.url),
                        })
                        .collect()
                },
            },
        );
        let file = page_file(page.path);
        let ctx = match ctx {
            Ctx::Render(ctx) => ctx,
            Ctx::Print(bytes) => {
                let mut bytes = std::mem::take(bytes);
                bytes.extend_from_slice(page.template.as_bytes());
                return Ok(Done {
                    print: Some(Ctx::digest(bytes)),
                    file: Some(file),
                    ..Done::default()
                });
            }
        };
        // Pages are rendered into one buffer per thread, reused: a page is tens of kilobytes,
        // and growing a fresh string for each was a fair share of the build.
        thread_local! {
            static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        let took = BUFFER.with_borrow_mut(|html| {
            html.clear();
            let started = Instant::now();
            let rendered = self.theme.tera.render_to(page.template, ctx, &mut *html);
            let took = started.elapsed();
            rendered.map_err(|e| {
                let from = page
                    .source
                    .map_or_else(String::new, |s| format!(" (from {})", s.path.display()));
                Diagnostic::error(
                    self.theme.origin(page.template),
                    format!(
                        "cannot render {url}{from}: {}",
                        crate::render::theme::error_chain(&e)
                    ),
                )
            })?;
            if g.config.live_reload {
                let script = b"<script src=\"/__spotter/live.js\" defer></script>\n";
                let at = html
                    .windows(7)
                    .rposition(|w| w == b"</body>")
                    .unwrap_or(html.len());
                html.splice(at..at, script.iter().copied());
            }
            self.write(&file, html)?;
            Ok::<_, Diagnostic>(took)
        })?;
        Ok(Done {
            files: 1,
            template: Some((page.template, took)),
            ..Done::default()
        })
    }

    /// A workout's card, and a warning when it cannot fit its page.
    fn card(&self, id: Id) -> (Arc<CardView<'static>>, Option<Diagnostic>) {
        let mut warning = None;
        let g = self.guide;
        let workout = self.views.workout_view(id, "", Vec::new());
        let permalink = g.config.absolute(&g.path_of(&Target::Workout(id)));
        let fit = cards::fit(&workout, g.config.card_size);
        if !fit.fits {
            if let Some(src) = &g.workouts[id].meta.source {
                warning = Some(
                    Diagnostic::warning(&src.path, format!(
                        "the card for \"{}\" cannot fit on one {} page even in the smallest type: {} items are too many, so the printed card is cut off at the bottom",
                        g.workouts[id].meta.title,
                        g.config.card_size.name(),
                        workout.items.len()
                    ))
                    .with_hint("split the workout in two, shorten its notes, or set a larger `card_size` in site.yaml"),
                );
            }
        }
        let mut card = CardView {
            qr: cards::qr_svg(&permalink),
            permalink,
            workout,
            fit,
            html: String::new(),
        };
        card.html = self.deck_card(&card);
        (Arc::new(card), warning)
    }

    /// A workout's card as the deck shows it: `partials/card.html` with `site`, `card` and
    /// `card_heading` "h2", rendered once per card so that the deck of a thousand is not
    /// rendered card by card again after every edit. Empty when the theme has no such partial,
    /// or when it needs more of the deck's context (the deck then includes it itself).
    fn deck_card(&self, card: &CardView) -> String {
        const TEMPLATE: &str = "partials/card.html";
        if !self.theme.origins.contains_key(TEMPLATE) {
            return String::new();
        }
        let mut ctx = Context::new();
        ctx.insert("site", &self.site_value);
        ctx.insert("card", card);
        ctx.insert("card_heading", "h2");
        match self.theme.tera.render(TEMPLATE, &ctx) {
            Ok(html) => html.into_boxed_str().into(),
            Err(_) => String::new(),
        }
    }

    fn listed_muscles(&self) -> Vec<TermRef> {
        let g = self.guide;
        let mut ids: Vec<Id> = (0..g.muscles.len())
            .filter(|&i| g.muscle_is_listed(i))
            .collect();
        sort_by_weight_then_title(&mut ids, |i| &g.muscles[i].term.meta);
        ids.iter().map(|&i| self.views.muscles[i].clone()).collect()
    }

    fn listed_equipment(&self) -> Vec<TermRef> {
        let g = self.guide;
        let mut ids: Vec<Id> = (0..g.equipment.len())
            .filter(|&i| g.equipment_is_listed(i) && i != g.bodyweight)
            .collect();
        sort_by_weight_then_title(&mut ids, |i| &g.equipment[i].term.meta);
        if g.equipment_is_listed(g.bodyweight) {
            ids.insert(0, g.bodyweight);
        }
        ids.iter()
            .map(|&i| self.views.equipment[i].clone())
            .collect()
    }

    fn term_view<'a>(&self, term: &Term, body: &'a str, bodyweight: bool) -> TermView<'a> {
        TermView {
            slug: term.meta.slug.clone(),
            title: term.meta.title.clone(),
            aliases: term.aliases.clone(),
            summary: term.meta.summary.clone(),
            region: term.region.clone(),
            body,
            bodyweight,
        }
    }

    /// Every file the site has, by site path, with what it is: the static files, each job's
    /// page or files, and the redirects, which [`Renderer::check_redirects`] has kept from
    /// landing on another. A render writes these and no other (debug builds check each write).
    fn files(&self) -> HashMap<String, Made> {
        let g = self.guide;
        let mut files: HashMap<String, Made> = HashMap::new();
        files.extend(
            self.theme
                .statics
                .keys()
                .map(|rel| (rel.clone(), Made::File)),
        );
        for job in self.jobs() {
            match job {
                Job::Feeds => files.extend(FEED_FILES.map(|f| (f.to_string(), Made::File))),
                Job::SearchIndex => {
                    files.insert(SEARCH_INDEX.into(), Made::File);
                }
                Job::Redirects => {}
                page => {
                    let path = page.path(g).unwrap_or_default();
                    files.insert(page_file(path.clone()), Made::Page(path));
                }
            }
        }
        for (_, meta) in g.metas() {
            let Some(src) = &meta.source else { continue };
            for file in meta.redirect_from.iter().filter_map(|f| redirect_file(f)) {
                files
                    .entry(file)
                    .or_insert_with(|| Made::Redirect(src.path.clone()));
            }
        }
        files
    }

    /// An error at each `redirect_from` entry whose redirect would land on a file of the
    /// site (a page, a static file, a feed, another redirect), or inside one. Paths are
    /// compared without case, as some file systems do.
    fn check_redirects(&self) -> Vec<Diagnostic> {
        let g = self.guide;
        if g.metas().all(|(_, meta)| meta.redirect_from.is_empty()) {
            return Vec::new();
        }
        let mut taken: HashMap<String, (String, Made)> = self
            .files()
            .into_iter()
            .filter(|(_, made)| !matches!(made, Made::Redirect(_)))
            .map(|(file, made)| (file.to_lowercase(), (file, made)))
            .collect();
        let mut errors = Vec::new();
        for (_, meta) in g.metas() {
            let Some(src) = &meta.source else { continue };
            for from in &meta.redirect_from {
                let Some(file) = redirect_file(from) else {
                    continue;
                };
                let key = file.to_lowercase();
                // The file itself, or a folder it needs that is a file.
                let folders = key.match_indices('/').map(|(i, _)| &key[..i]);
                let landed = std::iter::once(key.as_str())
                    .chain(folders)
                    .find_map(|k| taken.get(k));
                let Some((on, made)) = landed else {
                    taken.insert(key, (file, Made::Redirect(src.path.clone())));
                    continue;
                };
                let (message, hint) = match made {
                    Made::Page(path) => (
                        format!("redirect_from \"{from}\" lands on a page of the site, /{path}"),
                        "a redirect needs an old address the site does not use; remove this entry",
                    ),
                    Made::File => (
                        format!("redirect_from \"{from}\" lands on a file of the site, /{on}"),
                        "a redirect needs an old address the site does not use; remove this entry",
                    ),
                    Made::Redirect(owner) => (
                        format!(
                            "redirect_from \"{from}\" is already redirected from {}",
                            owner.display()
                        ),
                        "an old address can redirect to one page only; remove one of the two",
                    ),
                };
                errors.push(
                    src.error_at_value(&["redirect_from"], from, 0, message)
                        .with_hint(hint),
                );
            }
        }
        errors
    }

    /// Writes a file of the site.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        #[cfg(debug_assertions)]
        {
            let files = self.files.get_or_init(|| self.files());
            debug_assert!(
                files.contains_key(rel),
                "{rel} is written but not among the site's files (Renderer::files)"
            );
        }
        self.sink
            .write(rel, bytes)
            .map_err(|e| Diagnostic::error(PathBuf::from(rel), format!("cannot write: {e}")))
    }

    fn feeds(&self) -> Result<usize, Diagnostic> {
        let g = self.guide;
        let write = |rel: &str, text: String| self.write(rel, text.as_bytes());
        let [atom, robots, sitemap] = FEED_FILES;
        write(atom, feeds::atom(g, &self.memo.bodies.posts))?;
        write(robots, feeds::robots(g))?;
        let mut entries = vec![feeds::SitemapEntry {
            path: String::new(),
            lastmod: None,
        }];
        for s in [
            "exercises/",
            "muscles/",
            "equipment/",
            "workouts/",
            "cards/",
            "tags/",
        ] {
            entries.push(feeds::SitemapEntry {
                path: s.into(),
                lastmod: None,
            });
        }
        let blog_lastmod = g
            .posts
            .iter()
            .map(|p| p.updated.unwrap_or(p.date).max(p.date))
            .max();
        if !g.posts.is_empty() || g.sections.contains_key("blog") {
            entries.push(feeds::SitemapEntry {
                path: "blog/".into(),
                lastmod: blog_lastmod,
            });
            for n in 2..=self.blog_pages() {
                entries.push(feeds::SitemapEntry {
                    path: format!("blog/page/{n}/"),
                    lastmod: None,
                });
            }
        }
        let mut targets: Vec<Target> = Vec::new();
        targets.extend((0..g.exercises.len()).map(Target::Exercise));
        targets.extend(
            (0..g.muscles.len())
                .filter(|&i| g.muscle_is_listed(i))
                .map(Target::Muscle),
        );
        targets.extend(
            (0..g.equipment.len())
                .filter(|&i| g.equipment_is_listed(i))
                .map(Target::Equipment),
        );
        targets.extend((0..g.workouts.len()).map(Target::Workout));
        targets.extend((0..g.posts.len()).map(Target::Post));
        targets.extend((0..g.pages.len()).map(Target::Page));
        for t in &targets {
            let lastmod = match t {
                Target::Post(i) => Some(
                    g.posts[*i]
                        .updated
                        .unwrap_or(g.posts[*i].date)
                        .max(g.posts[*i].date),
                ),
                _ => None,
            };
            entries.push(feeds::SitemapEntry {
                path: g.path_of(t),
                lastmod,
            });
        }
        let pages = (0..g.workouts.len()).map(Job::Card);
        for job in pages.chain((0..g.tags.len()).map(Job::Tag)) {
            entries.push(feeds::SitemapEntry {
                path: job.path(g).unwrap_or_default(),
                lastmod: None,
            });
        }
        write(sitemap, feeds::sitemap(g, &entries))?;
        Ok(3)
    }

    fn redirects(&self) -> Result<usize, Diagnostic> {
        let g = self.guide;
        let mut n = 0;
        for (target, meta) in g.metas() {
            for file in meta.redirect_from.iter().filter_map(|f| redirect_file(f)) {
                let html =
                    feeds::redirect(&g.url_of(&target), &g.config.absolute(&g.path_of(&target)));
                self.write(&file, html.as_bytes())?;
                n += 1;
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// A sink that notes the path of every file written.
    #[derive(Default)]
    struct Noted(Mutex<Vec<String>>);

    impl Sink for Noted {
        fn write(&self, rel: &str, _: &[u8]) -> io::Result<()> {
            self.0.lock().unwrap().push(rel.to_string());
            Ok(())
        }
    }

    #[test]
    fn a_render_writes_the_files_the_renderer_knows_of_and_no_other() {
        let tmp = std::env::temp_dir().join(format!("spotter-files-{}", std::process::id()));
        let root = tmp.join("guide");
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small");
        for entry in walkdir::WalkDir::new(&fixture) {
            let entry = entry.unwrap();
            let to = root.join(entry.path().strip_prefix(&fixture).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        // Blog pages past the first, a static file of the guide, redirects.
        let site = std::fs::read_to_string(root.join("site.yaml")).unwrap();
        std::fs::write(root.join("site.yaml"), format!("{site}paginate_by: 1\n")).unwrap();
        std::fs::create_dir_all(root.join("static/img")).unwrap();
        std::fs::write(root.join("static/img/x.svg"), "<svg/>").unwrap();
        let about = root.join("content/about.md");
        let text = std::fs::read_to_string(&about).unwrap();
        let text = text.replacen(
            "---\n",
            "---\nredirect_from: [/old-about/, /older/about]\n",
            1,
        );
        std::fs::write(&about, text).unwrap();

        let noted = Noted::default();
        let options = crate::pipeline::Options::new(&root);
        let built = crate::pipeline::build_into(&options, false, &noted);
        std::fs::remove_dir_all(&tmp).unwrap();
        let built = built.unwrap_or_else(|_| panic!("the guide builds"));
        let mut written = noted.0.into_inner().unwrap();
        written.sort();
        let before = written.len();
        written.dedup();
        assert_eq!(before, written.len(), "a file is written twice");
        let r = Renderer::new(
            &built.guide,
            &built.theme,
            &Discard,
            Memo::default(),
            None,
            None,
        )
        .unwrap();
        let mut known: Vec<String> = r.files().into_keys().collect();
        known.sort();
        assert_eq!(written, known);
        for file in [
            "blog/page/2/index.html",
            "img/x.svg",
            "old-about/index.html",
            "older/about/index.html",
            "cards/desk-break/index.html",
            "tags/rows/index.html",
            "404.html",
            "atom.xml",
            "search-index.json",
        ] {
            assert!(
                known.iter().any(|k| k == file),
                "{file} is not among {known:?}"
            );
        }
    }
}
