//! What only `spotter serve` does with a render: keep what it made (the [`Memo`]), and after
//! an edit render again only what the edit changed ([`update`], [`rerender`]) or, after files
//! were added or removed, render the new linking over the site of the old ([`render_over`]).

use std::collections::HashMap;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::*;
use crate::render::bodies::kept;
use crate::render::files::page_file;
use crate::render::theme::Theme;
use crate::render::views::{KeptRefs, ListCard};
use crate::render::{
    feeds, job_of, markdown, schedule, tally, template_times, Done, Job, Laps, Parts, Renderer,
    Report, Script, Sink,
};
use crate::serve::affected;
use crate::serve::fingerprint::{print_of, Ctx};
use crate::serve::lent::Lent;
use crate::serve::renumber::Renumbering;

/// [`render_to_serve`], into `sink` over the site a render of `old` made and `memo` has
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
) -> Result<Rendered, Diagnostics> {
    let carried = Carried {
        refs: std::mem::take(&mut memo.cache.kept_refs),
        search: std::mem::take(
            memo.parts
                .search
                .get_mut()
                .unwrap_or_else(|e| e.into_inner()),
        ),
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
    render_serving(guide, theme, sink, false, Some((&over, carried)))
}

/// The cache of a renderer of `spotter serve`, borrowed apart from its other fields.
macro_rules! cache_mut {
    ($r:ident) => {
        $r.cache
            .as_mut()
            .expect("only a render that keeps a cache makes prints")
    };
}

/// What a full render for `spotter serve` did, and what it keeps for the next.
pub struct Rendered {
    /// Files and warnings.
    pub report: Report,
    /// What the next update renders with.
    pub memo: Memo,
    /// Pages kept as they were on disk, their inputs unchanged ([`render_over`]).
    pub kept: usize,
}

/// [`crate::render::render`] for `spotter serve`: pages with its live-reload script, and
/// what [`update`] and [`rerender`] need kept in the memo.
pub fn render_to_serve(
    guide: &Guide,
    theme: &Theme,
    sink: &dyn Sink,
    bodies_only: bool,
) -> Result<Rendered, Diagnostics> {
    render_serving(guide, theme, sink, bodies_only, None)
}

/// A renderer with what `memo` kept (which it holds until [`give_back`]).
fn renderer_over<'g>(
    guide: &'g Guide,
    theme: &'g Theme,
    sink: &'g dyn Sink,
    memo: &mut Memo,
) -> Result<Renderer<'g>, Diagnostics> {
    let refs = std::mem::take(&mut memo.cache.kept_refs);
    let Memo { parts, cache } = std::mem::take(memo);
    let kept = Some((parts, cache));
    Renderer::new(
        guide,
        theme,
        sink,
        Script::LiveReload,
        kept,
        Some(refs),
        None,
    )
}

/// Puts what `r` keeps back into `memo`.
fn give_back(mut r: Renderer<'_>, memo: &mut Memo) {
    memo.parts = std::mem::take(&mut r.parts);
    memo.cache = r.cache.take().unwrap_or_default();
    memo.cache.kept_refs = r.views.keep();
    r.drop_views_elsewhere();
}

/// A full render for `spotter serve`, over the site of `previous` when there is one.
fn render_serving(
    guide: &Guide,
    theme: &Theme,
    sink: &dyn Sink,
    bodies_only: bool,
    previous: Option<(&Over<'_>, Carried)>,
) -> Result<Rendered, Diagnostics> {
    let (over, refs, moved, search) = match previous {
        Some((over, carried)) => (Some(over), carried.refs, Some(&over.back), carried.search),
        None => (None, KeptRefs::default(), None, Default::default()),
    };
    let parts = Parts {
        search: std::sync::Mutex::new(search),
        ..Parts::default()
    };
    let kept = Some((parts, Cache::default()));
    let mut r = Renderer::new(
        guide,
        theme,
        sink,
        Script::LiveReload,
        kept,
        Some(refs),
        moved,
    )?;
    let mut laps = Laps::start();
    let (mut report, mut diags) = r.begin(&mut laps, bodies_only)?;
    let made = match over {
        None => r.make_cards().map(|warnings| (warnings, None)),
        Some(over) => (r.renew_over(over)).map(|(warnings, reach)| (warnings, Some(reach))),
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
    if over.is_none() {
        let cache = r.cache_mut();
        cache.deck.reset(guide.workouts.len());
        cache.index.reset(guide.exercises.len());
    }
    laps.lap(&mut report, "cards");
    let jobs = r.jobs();
    let (results, printed) = match (over, reach) {
        (Some(over), Some(reach)) => {
            let (results, prints) = r.render_changed(&jobs, over, &reach);
            (results, Some(prints))
        }
        // As a build renders them (see `crate::render::render`).
        _ => {
            let results: Vec<_> = jobs.par_iter().map(|job| Some(r.run(job))).collect();
            (results, None)
        }
    };
    laps.lap(&mut report, "pages");
    report.templates = template_times(results.iter().flatten().flatten());
    let kept = results.iter().filter(|result| result.is_none()).count();
    let rendered: Vec<Job> = (jobs.iter().zip(&results))
        .filter(|(job, result)| matches!(job, Job::Exercise(_)) && result.is_some())
        .map(|(job, _)| job.clone())
        .collect();
    let refs = tally(&mut report, diags, jobs.iter().zip(results))?;
    let mut exercise_refs = match over {
        Some(_) => std::mem::take(&mut r.cache_mut().exercise_refs),
        None => vec![Vec::new(); guide.exercises.len()],
    };
    for (i, links) in refs {
        exercise_refs[i] = links;
    }
    r.cache_mut().exercise_refs = exercise_refs;
    if printed.is_none() {
        r.note_card_prints();
    }
    let prints = match printed {
        None => r.prints(&jobs),
        // Exercise pages made again are printed with what their bodies now embed.
        Some(prints) => (jobs.iter().zip(prints))
            .filter_map(|(job, print)| Some((job.clone(), print?)))
            .chain(r.prints(&rendered))
            .collect(),
    };
    let (site_print, tag_prints, term_print) = (r.site_print, r.tag_prints(), r.term_print());
    let cache = r.cache_mut();
    cache.prints = prints;
    cache.site_print = site_print;
    cache.tag_prints = tag_prints;
    cache.term_print = term_print;
    let mut memo = Memo::default();
    give_back(r, &mut memo);
    Ok(Rendered { report, memo, kept })
}

/// What [`render_over`] takes out of the memo it renders over, to keep what still holds.
pub(crate) struct Carried {
    pub(crate) refs: KeptRefs,
    pub(crate) search: feeds::SearchIndex,
}

/// Which exercise pages a change reaches, as [`render_over`] works it out.
pub(crate) struct Reach {
    /// By id; `None` when it can reach any.
    pub(crate) exercise_pages: Option<Vec<bool>>,
    /// Whether the exercise's body's links, as of its last render, are all there still (else
    /// its page is made again).
    pub(crate) known: Vec<bool>,
}

/// What [`render_over`] renders over.
pub(crate) struct Over<'a> {
    /// The linking the site on disk was made from.
    pub(crate) old: &'a Guide,
    /// What was kept of that site.
    pub(crate) memo: &'a Memo,
    /// The new id of each old page.
    pub(crate) ids: Renumbering,
    /// The old id of each new page.
    pub(crate) back: Renumbering,
    /// The pages of the files changed or added, by new ids.
    pub(crate) edited: Vec<Target>,
    /// The pages of the files changed or removed, by old ids.
    pub(crate) gone: Vec<Target>,
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

/// Brings a site made by [`render_to_serve`] (and kept up to date by `update` since) up to
/// date with `edit.guide`, a new linking of the same pages (`spotter serve`, after front matter
/// edits): renders again only the pages whose inputs changed, and the feeds. On error, the
/// memo is as it was. Once what was written to `sink` is on disk, the memo describes it.
pub fn update(
    edit: &Edit<'_>,
    theme: &Theme,
    sink: &dyn Sink,
    memo: &mut Memo,
) -> Result<Updated, Diagnostics> {
    let mut r = renderer_over(edit.guide, theme, sink, memo)?;
    let result = r.update(edit);
    give_back(r, memo);
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
    let mut r = renderer_over(guide, theme, sink, memo)?;
    let result = r.rerender(changed);
    give_back(r, memo);
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
    pub(crate) fn listed(g: &Guide) -> impl Iterator<Item = bool> + '_ {
        let muscles = (0..g.muscles.len()).map(|i| g.muscle_is_listed(i));
        muscles.chain((0..g.equipment.len()).map(|i| g.equipment_is_listed(i)))
    }
    (old.tags.iter().map(|t| &t.slug)).eq(new.tags.iter().map(|t| &t.slug))
        && listed(old).eq(listed(new))
}

/// For each item now (by new id, with the print of what it would be made from, `now`), the
/// old id of the item made from just that (`made_from`, by old id, of the first `made` old
/// items, those there are), found at its new id by `new_id`; `None` when there is none.
pub(crate) fn still_made_from(
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
pub(crate) fn renumbered(job: &Job, ids: &Renumbering) -> Option<Job> {
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

/// A body as last rendered, with the print of what it was made from (see
/// [`Renderer::body_print`]): `spotter serve` renders again only the bodies whose text or
/// embeds changed. Exercise bodies are made with their pages, and kept with them.
#[derive(Clone, Default)]
pub(crate) struct KeptBody {
    pub(crate) print: Option<u64>,
    pub(crate) html: markdown::Html,
    pub(crate) errors: Vec<Diagnostic>,
}

/// What a render keeps for `spotter serve`: what its pages were made of, and the
/// [`Cache`], so an update re-renders only the pages whose inputs changed.
#[derive(Default)]
pub struct Memo {
    pub(crate) parts: Parts,
    pub(crate) cache: Cache,
}

impl Memo {
    /// Forgets what the pages were made from, so the next update renders every page (after
    /// the site on disk became unknown).
    pub fn forget_pages(&mut self) {
        self.cache.prints.clear();
    }
}

/// What `spotter serve` keeps of a render besides its [`Parts`]: the prints of what every
/// page, card and body was made from, and the values made from each exercise and workout
/// that the next render reuses where those are the same.
#[derive(Default)]
pub(crate) struct Cache {
    /// The bodies of the parts with what they were made from.
    pub(crate) kept_bodies: HashMap<Target, KeptBody>,
    /// The print of what each card was made from.
    pub(crate) card_prints: Vec<u64>,
    /// The print of what each exercise card was made from.
    pub(crate) exercise_card_prints: Vec<u64>,
    /// The exercise refs of the last render, which the next one makes again only where they
    /// changed.
    pub(crate) kept_refs: KeptRefs,
    /// Each workout's card as the deck's context holds it.
    pub(crate) deck: Lent,
    /// Each exercise's list item as the exercise index's context holds it.
    pub(crate) index: Lent,
    /// What each exercise's body links to or embeds, as of its page's last render.
    pub(crate) exercise_refs: Vec<Vec<Target>>,
    /// The print of each page's inputs, as of the site on disk. Jobs that are not made from a
    /// template (feeds, search index, redirects) have none and are always made again.
    pub(crate) prints: Prints,
    /// The print of what every page shows of the site, as of `prints`.
    pub(crate) site_print: u64,
    /// The print of each tag as pages show it (with its count), as of `prints`.
    pub(crate) tag_prints: Vec<u64>,
    /// The print of the muscles and equipment as pages show them (with their counts), as of
    /// `prints`.
    pub(crate) term_print: u64,
}

/// The print of each page's inputs, by page: made again with every rebuild (12,600 pages at
/// 10,000 exercises), so hashed with foldhash.
pub(crate) type Prints = HashMap<Job, u64, foldhash::fast::RandomState>;

impl Renderer<'_> {
    /// What `spotter serve` keeps: there is some in the renders it makes, which alone make
    /// prints.
    pub(crate) fn cache(&self) -> &Cache {
        self.cache
            .as_ref()
            .expect("only a render that keeps a cache makes prints")
    }

    pub(crate) fn cache_mut(&mut self) -> &mut Cache {
        self.cache
            .as_mut()
            .expect("only a render that keeps a cache makes prints")
    }

    pub(crate) fn rerender(&mut self, changed: &[Target]) -> Result<usize, Diagnostics> {
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
            if let Some(slot) = self.parts.bodies.slot(target) {
                *slot = kept(html.html);
            }
            if matches!(target, Target::Post(_) | Target::Page(_)) {
                let old = self
                    .parts
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
            self.parts
                .bodies
                .recount_mentions(g.posts.len(), g.pages.len());
        }
        // Exercise cards are made from front matter alone, which has not changed; a memo
        // without them (not from a full render) has them made now.
        if self.parts.exercise_cards.len() != g.exercises.len() {
            self.parts.exercise_cards = self
                .render_exercise_cards()
                .map_err(|d| [d].into_iter().collect::<Diagnostics>())?;
            cache_mut!(self).index.reset(g.exercises.len());
        }
        let mut seen = std::collections::HashSet::new();
        jobs.retain(|j| seen.insert(j.clone()));
        // These pages are made from new bodies, which their prints do not know of.
        for job in &jobs {
            cache_mut!(self).prints.remove(job);
        }
        let results = schedule::in_order(&jobs, |job| self.run(job));
        let mut files = 0;
        for (job, result) in jobs.iter().zip(results) {
            match result {
                Ok(done) => {
                    files += done.files;
                    if let (Job::Exercise(i), Some(refs)) = (job, done.refs) {
                        if let Some(slot) = cache_mut!(self).exercise_refs.get_mut(*i) {
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

    /// See [`update`].
    pub(crate) fn update(&mut self, edit: &Edit<'_>) -> Result<Updated, Diagnostics> {
        let g = self.guide;
        // The stored bodies are few and quick to make: all are made again. Exercise bodies are
        // made with their pages.
        let old_bodies = std::mem::take(&mut self.parts.bodies);
        let mut warnings = self.render_bodies();
        if warnings.has_errors() {
            self.parts.bodies = old_bodies;
            return Err(warnings);
        }
        let stale = match self.refresh_exercise_cards() {
            Ok(stale) => stale,
            Err(d) => {
                self.parts.bodies = old_bodies;
                return Err([d].into_iter().collect());
            }
        };

        let tag_prints = self.tag_prints();
        let tags: Vec<Id> = (0..tag_prints.len())
            .filter(|&i| self.cache().tag_prints.get(i) != Some(&tag_prints[i]))
            .collect();
        let term_print = self.term_print();
        // Out of the cache while the change is looked at, which borrows them.
        let embeds = std::mem::take(&mut cache_mut!(self).exercise_refs);
        let reach = affected::Change {
            old: edit.old,
            new: g,
            ids: None,
            edited: edit.edited,
            gone: &[],
            site_changed: self.site_print != self.cache().site_print,
            terms_changed: term_print != self.cache().term_print,
            exercise_views: &stale,
            tags: &tags,
            outgoing: [&old_bodies.outgoing, &self.parts.bodies.outgoing],
            embeds: &embeds,
        };

        // Workouts' cards are kept with the print of what they were made from; those the edit
        // cannot reach keep their prints.
        let n = g.workouts.len();
        let reached = affected::workout_cards(&reach);
        let was = &self.cache().card_prints;
        let prints = self.card_prints(reached.as_deref(), |i| was.get(i).copied());
        if self.parts.cards.len() != n {
            self.parts.cards.clear();
            cache_mut!(self).card_prints.clear();
            cache_mut!(self).deck.reset(n);
        }
        let stale_cards: Vec<Id> = (0..n)
            .filter(|&i| self.cache().card_prints.get(i) != Some(&prints[i]))
            .collect();
        let made: Vec<_> = stale_cards.par_iter().map(|&i| self.card(i)).collect();
        cache_mut!(self).deck.forget(&stale_cards);
        for (&i, (card, warning)) in stale_cards.iter().zip(made) {
            warnings.extend(warning);
            if i < self.parts.cards.len() {
                self.parts.cards[i] = card;
            } else {
                self.parts.cards.push(card);
            }
        }
        cache_mut!(self).card_prints = prints;

        let affected = if embeds.len() == g.exercises.len() {
            affected::exercise_pages(&reach, &stale_cards)
        } else {
            None
        };
        cache_mut!(self).exercise_refs = embeds;

        let jobs = self.jobs();
        let of = jobs.iter().filter(|job| job.is_page()).count();
        // Exercise pages the edit cannot reach keep their prints. The others are printed
        // again and, when their print changed (or they have none), rendered in the same go,
        // biggest first, so the big pages start while the small ones are still printed.
        let (kept, to_print): (Vec<Job>, Vec<Job>) = jobs.iter().cloned().partition(|job| {
            matches!((job, &affected), (Job::Exercise(i), Some(pages)) if !pages[*i])
                && self.cache().prints.contains_key(job)
        });
        #[cfg(debug_assertions)]
        self.check_kept(&kept);
        let outcomes = schedule::in_order(&to_print, |job| {
            let print = self.print(job);
            let same = print.is_some() && print.as_ref() == self.cache().prints.get(job);
            (print, (!same).then(|| self.run(job)))
        });
        let mut prints: Prints = kept
            .into_iter()
            .filter_map(|job| {
                let print = *self.cache().prints.get(&job)?;
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
                        if self.cache().exercise_refs.len() != g.exercises.len() {
                            cache_mut!(self).exercise_refs = vec![Vec::new(); g.exercises.len()];
                        }
                        if self.cache().exercise_refs[*i] != refs {
                            cache_mut!(self).exercise_refs[*i] = refs;
                            refs_changed.push(job.clone());
                        }
                    }
                }
                Err(d) => diags.extend(d),
            }
        }
        if diags.has_errors() {
            self.parts.bodies = old_bodies;
            return Err(diags);
        }
        // A page whose body now embeds other pages is printed with them.
        prints.extend(self.prints(&refs_changed));
        cache_mut!(self).prints = prints;
        cache_mut!(self).site_print = self.site_print;
        cache_mut!(self).tag_prints = tag_prints;
        cache_mut!(self).term_print = term_print;
        Ok(Updated {
            pages,
            of,
            warnings,
        })
    }

    /// Makes again the exercises' list cards whose print changed (the others are kept), and
    /// returns those exercises. On error, every card is made again next time.
    pub(crate) fn refresh_exercise_cards(&mut self) -> Result<Vec<Id>, Diagnostic> {
        let prints = self.exercise_card_prints();
        if self.parts.exercise_cards.len() != prints.len() {
            self.parts.exercise_cards = vec![ListCard::default(); prints.len()];
            cache_mut!(self).exercise_card_prints.clear();
            cache_mut!(self).index.reset(prints.len());
        }
        let stale: Vec<Id> = (0..prints.len())
            .filter(|&i| self.cache().exercise_card_prints.get(i) != Some(&prints[i]))
            .collect();
        let made: Vec<Result<ListCard, Diagnostic>> =
            stale.par_iter().map(|&i| self.exercise_card(i)).collect();
        cache_mut!(self).index.forget(&stale);
        for (&i, card) in stale.iter().zip(made) {
            match card {
                Ok(card) => self.parts.exercise_cards[i] = card,
                Err(d) => {
                    cache_mut!(self).exercise_card_prints.clear();
                    return Err(d);
                }
            }
        }
        cache_mut!(self).exercise_card_prints = prints;
        Ok(stale)
    }

    /// Debug builds check what [`affected`] decided: an exercise page it left out must print
    /// as it did.
    #[cfg(debug_assertions)]
    pub(crate) fn check_kept(&self, kept: &[Job]) {
        for (job, print) in self.prints(kept) {
            assert_eq!(
                self.cache().prints.get(&job),
                Some(&print),
                "{job:?} changed, but the edit was thought not to reach it"
            );
        }
    }

    /// The print of each tag as the pages that carry it show it.
    pub(crate) fn tag_prints(&self) -> Vec<u64> {
        self.views.tag_links.iter().map(print_of).collect()
    }

    /// The print of the muscles and equipment as the pages that name them show them (the
    /// indexes, which show their counts, are printed on every update).
    pub(crate) fn term_print(&self) -> u64 {
        print_of(&(&self.views.muscle_links, &self.views.equipment_links))
    }

    /// The print of what each exercise's list card is made from.
    pub(crate) fn exercise_card_prints(&self) -> Vec<u64> {
        let refs = &self.views.exercise_prints;
        debug_assert_eq!(refs.len(), self.views.exercises.len(), "refs not printed");
        refs.par_iter()
            .map(|r| print_of(&(self.site_print, r)))
            .collect()
    }

    /// The print of each workout's card: `was(i)` for workout `i` when it has one and `reached`
    /// (the cards a change can reach, see [`affected::workout_cards`]) rules it out, else made
    /// now. Debug builds check the prints kept.
    pub(crate) fn card_prints(
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
    pub(crate) fn card_print(&self, id: Id) -> u64 {
        print_of(&(self.site_print, self.views.workout_view(id, "", Vec::new())))
    }

    /// Renders the `jobs` whose print differs from the one their page had in the guide
    /// rendered over, and keeps the others' files as they are (`None`): the exercise pages
    /// `reach` rules out, unprinted. Also returns each job's print.
    #[allow(clippy::type_complexity)]
    pub(crate) fn render_changed(
        &mut self,
        jobs: &[Job],
        over: &Over<'_>,
        reach: &Reach,
    ) -> (Vec<Option<Result<Done, Vec<Diagnostic>>>>, Vec<Option<u64>>) {
        let g = self.guide;
        let before: Prints = (over.memo.cache.prints.iter())
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
            let (print, file) = match this.run_in(job, Ctx::print()) {
                Ok(done) => (done.print, done.file),
                Err(_) => (None, None),
            };
            let same = known
                && print.is_some()
                && print.as_ref() == before.get(job)
                && file.is_some_and(|f| this.sink.keep(&f));
            (print, (!same).then(|| this.run(job)))
        })
        .into_iter()
        .map(|(print, result)| (result, print))
        .unzip()
    }

    /// Notes the print of every workout's card and exercise's list card, which the prints of
    /// the pages showing them hold ([`Renderer::renew_over`] notes them as it goes).
    pub(crate) fn note_card_prints(&mut self) {
        cache_mut!(self).card_prints = (0..self.guide.workouts.len())
            .into_par_iter()
            .map(|i| self.card_print(i))
            .collect();
        cache_mut!(self).exercise_card_prints = self.exercise_card_prints();
    }

    /// The print of each of `jobs` that has one.
    pub(crate) fn prints(&self, jobs: &[Job]) -> Prints {
        jobs.par_iter()
            .filter_map(|job| Some((job.clone(), self.print(job)?)))
            .collect()
    }

    /// The print of `job`'s inputs, if it has one.
    pub(crate) fn print(&self, job: &Job) -> Option<u64> {
        match self.run_in(job, Ctx::print()) {
            Ok(Done { print, .. }) => print,
            Err(_) => None,
        }
    }

    /// The print of what a body made from `text` is made from, given what it embeds (`html`):
    /// the text, the site, and the views its shortcodes show of the pages they embed. An
    /// update renders over a guide with the same pages at the same addresses (else the site
    /// is built again, with nothing kept), so the same text links to and embeds the same
    /// pages there, and the same print means the same HTML.
    pub(crate) fn body_print(&self, text: &str, html: &markdown::Html) -> Option<u64> {
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

    /// [`Renderer::make_cards`] over the site `over` was made from: keeps the cards made from
    /// what they were made from, notes every card's print, and works out which exercise pages
    /// the change can reach. Returns the cards' warnings and that reach.
    pub(crate) fn renew_over(
        &mut self,
        over: &Over<'_>,
    ) -> Result<(Vec<Diagnostic>, Reach), Diagnostic> {
        let g = self.guide;
        let memo = over.memo;
        let ids = &over.ids;

        // Exercises' list cards, and with them what lists and ladders show of each exercise.
        let prints = self.exercise_card_prints();
        let kept = still_made_from(
            memo.parts.exercise_cards.len(),
            &memo.cache.exercise_card_prints,
            &prints,
            |i| ids.exercise(i),
        );
        self.parts.exercise_cards = (kept.par_iter().enumerate())
            .map(|(i, was)| match was {
                Some(was) => Ok(memo.parts.exercise_cards[*was].clone()),
                None => self.exercise_card(i),
            })
            .collect::<Result<_, _>>()?;
        cache_mut!(self).exercise_card_prints = prints;
        // An exercise's list item is made from what its card is made from.
        cache_mut!(self).index.take_kept(&memo.cache.index, &kept);
        let exercise_views: Vec<Id> = (0..kept.len()).filter(|&i| kept[i].is_none()).collect();

        let known = self.renumber_refs(over);
        let search = self.parts.search.get_mut();
        (search.unwrap_or_else(|e| e.into_inner())).carry_over(g, |i| over.back.exercise(i));
        let tag_prints = self.tag_prints();
        let tags: Vec<Id> = (0..tag_prints.len())
            .filter(|&t| {
                let was = over
                    .back
                    .tag(t)
                    .and_then(|was| memo.cache.tag_prints.get(was));
                was != Some(&tag_prints[t])
            })
            .collect();
        // Out of the cache while the change is looked at, which borrows them.
        let embeds = std::mem::take(&mut cache_mut!(self).exercise_refs);
        let change = affected::Change {
            old: over.old,
            new: g,
            ids: Some([ids, &over.back]),
            edited: &over.edited,
            gone: &over.gone,
            site_changed: self.site_print != memo.cache.site_print,
            terms_changed: self.term_print() != memo.cache.term_print,
            exercise_views: &exercise_views,
            tags: &tags,
            outgoing: [&memo.parts.bodies.outgoing, &self.parts.bodies.outgoing],
            embeds: &embeds,
        };

        // Workouts' cards: those the change cannot reach keep their prints.
        let reached = affected::workout_cards(&change);
        let prints = self.card_prints(reached.as_deref(), |i| {
            let was = over.back.workout(i)?;
            memo.cache.card_prints.get(was).copied()
        });
        let kept = still_made_from(
            memo.parts.cards.len(),
            &memo.cache.card_prints,
            &prints,
            |i| ids.workout(i),
        );
        let (cards, warnings): (Vec<_>, Vec<_>) = (kept.par_iter().enumerate())
            .map(|(i, was)| match was {
                Some(was) => (memo.parts.cards[*was].clone(), None),
                None => self.card(i),
            })
            .unzip();
        self.parts.cards = cards;
        cache_mut!(self).card_prints = prints;
        // The deck's values of the cards kept are theirs still.
        cache_mut!(self).deck.take_kept(&memo.cache.deck, &kept);
        let stale_cards: Vec<Id> = (0..kept.len()).filter(|&i| kept[i].is_none()).collect();

        let reach = Reach {
            exercise_pages: affected::exercise_pages(&change, &stale_cards),
            known,
        };
        cache_mut!(self).exercise_refs = embeds;
        Ok((warnings.into_iter().flatten().collect(), reach))
    }

    /// Takes what each exercise's body linked to and embedded, as of the site rendered over,
    /// by new ids; one that linked to a page now gone has none. Returns which have theirs.
    pub(crate) fn renumber_refs(&mut self, over: &Over<'_>) -> Vec<bool> {
        let g = self.guide;
        let mut known = vec![false; g.exercises.len()];
        let mut refs = vec![Vec::new(); g.exercises.len()];
        for (was, targets) in over.memo.cache.exercise_refs.iter().enumerate() {
            let Some(id) = over.ids.exercise(was) else {
                continue;
            };
            if let Some(targets) = targets.iter().map(|t| over.ids.target(t)).collect() {
                refs[id] = targets;
                known[id] = true;
            }
        }
        cache_mut!(self).exercise_refs = refs;
        known
    }
}
