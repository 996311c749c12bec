//! What only `spotter serve` does with a render: keep what it made (the [`Memo`]), and after
//! an edit render again only what the edit changed ([`update`], [`rerender`]). After files were
//! added or removed, the memo first moves to the pages' new ids ([`Memo::reshape`]); the update
//! is then the same.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::*;
use crate::render::bodies::kept;
use crate::render::context::CardView;
use crate::render::files::page_file;
use crate::render::theme::Theme;
use crate::render::views::{CachedRefs, ListCard};
use crate::render::{
    job_of, markdown, schedule, tally, template_times, Done, Job, Laps, Parts, Renderer, Report,
    Script, Sink,
};
use crate::serve::affected;
use crate::serve::fingerprint::{fingerprint_of, Ctx};
use crate::serve::list_values::ListValues;
use crate::serve::moves::Moves;

/// What a full render for `spotter serve` did, and what it keeps for the next.
pub struct Rendered {
    /// Files and warnings.
    pub report: Report,
    /// What the next update renders with.
    pub memo: Memo,
}

/// [`crate::render::render`] for `spotter serve`: pages with its live-reload script, and
/// what [`update`] and [`rerender`] need kept in the memo.
pub fn render_to_serve(
    guide: &Guide,
    theme: &Theme,
    sink: &dyn Sink,
    bodies_only: bool,
) -> Result<Rendered, Diagnostics> {
    let kept = Some((Parts::default(), Cache::default()));
    let mut r = Renderer::new(
        guide,
        theme,
        sink,
        Script::LiveReload,
        kept,
        Some(CachedRefs::default()),
    )?;
    let mut laps = Laps::start();
    let (mut report, mut diags) = r.begin(&mut laps, bodies_only)?;
    match r.make_cards() {
        Ok(warnings) => report.warnings.extend(warnings),
        Err(d) => {
            diags.push(d);
            return Err(diags);
        }
    }
    let cache = r.cache_mut();
    cache.deck.reset(guide.workouts.len());
    cache.index.reset(guide.exercises.len());
    laps.lap(&mut report, "cards");
    let jobs = r.jobs();
    // As a build renders them (see `crate::render::render`).
    let results: Vec<_> = jobs.par_iter().map(|job| Some(r.run(job))).collect();
    laps.lap(&mut report, "pages");
    report.templates = template_times(results.iter().flatten().flatten());
    let refs = tally(&mut report, diags, jobs.iter().zip(results))?;
    let mut exercise_refs = vec![Vec::new(); guide.exercises.len()];
    for (i, links) in refs {
        exercise_refs[i] = links;
    }
    r.cache_mut().exercise_refs = exercise_refs;
    r.note_card_fingerprints();
    let fingerprints = r.fingerprints(&jobs);
    let (site_fingerprint, tag_fingerprints, term_fingerprint) = (
        r.site_fingerprint,
        r.tag_fingerprints(),
        r.term_fingerprint(),
    );
    let cache = r.cache_mut();
    cache.fingerprints = fingerprints;
    cache.site_fingerprint = site_fingerprint;
    cache.tag_fingerprints = tag_fingerprints.into_iter().map(Some).collect();
    cache.term_fingerprint = term_fingerprint;
    let mut memo = Memo::default();
    give_back(r, &mut memo);
    Ok(Rendered { report, memo })
}

/// A renderer with what `memo` kept (which it holds until [`give_back`]).
fn renderer_over<'g>(
    guide: &'g Guide,
    theme: &'g Theme,
    sink: &'g dyn Sink,
    memo: &mut Memo,
) -> Result<Renderer<'g>, Diagnostics> {
    let refs = std::mem::take(&mut memo.cache.cached_refs);
    let Memo { parts, cache } = std::mem::take(memo);
    let kept = Some((parts, cache));
    Renderer::new(guide, theme, sink, Script::LiveReload, kept, Some(refs))
}

/// Puts what `r` keeps back into `memo`.
fn give_back(mut r: Renderer<'_>, memo: &mut Memo) {
    memo.parts = std::mem::take(&mut r.parts);
    memo.cache = r.cache.take().unwrap_or_default();
    memo.cache.cached_refs = r.views.keep();
    r.drop_views_elsewhere();
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

/// An edit, as [`update`] takes it.
pub struct Edit<'a> {
    /// The guide as linked after the edit.
    pub guide: &'a Guide,
    /// The guide as linked before, which the site on disk shows.
    pub old: &'a Guide,
    /// The pages whose files were read again or added, or that show a picture or clip whose
    /// file changed, by their ids in `guide`.
    pub edited: &'a [Target],
    /// The pages whose files were removed, by their ids in `old`.
    pub gone: &'a [Target],
    /// After files were added or removed, where each page went (the memo has moved with them,
    /// see [`Memo::reshape`]); `None` when every page has the same id in both guides.
    pub moves: Option<&'a Moves>,
    /// Whether the update makes the whole site: every file is then made or kept, so that the
    /// rest can be removed (after pages came and went, or pictures).
    pub whole_site: bool,
}

/// Brings a site made by [`render_to_serve`] (and kept up to date by `update` since) up to
/// date with `edit.guide`, a new linking of the guide (`spotter serve`, after an edit):
/// renders again only the pages whose inputs changed, and the feeds. On error, the memo is as
/// it was (but for a reshape). Once what was written to `sink` is on disk, the memo describes
/// it.
pub fn update(
    edit: &Edit<'_>,
    theme: &Theme,
    sink: &dyn Sink,
    memo: &mut Memo,
) -> Result<Updated, Diagnostics> {
    // An exercise edited may be the same entry with another picture behind its cover.
    let exercises = edit.edited.iter().filter_map(|t| match t {
        Target::Exercise(i) => Some(*i),
        _ => None,
    });
    memo.cache.cached_refs.forget(exercises);
    let mut r = renderer_over(edit.guide, theme, sink, memo)?;
    let result = r.update(edit);
    give_back(r, memo);
    result
}

/// Re-renders the pages that a change to the bodies of `changed` affects, reusing the bodies
/// of `memo` from the last render: each changed page, the pages whose "mentioned in" lists change, and
/// the feed when a post changed, and the search index when `words_changed` (the words of a
/// body its entry carries, [`crate::render::feeds::words`]). For `spotter serve`, after [`crate::source::load::reread`] found
/// that only bodies changed, so everything linking decided still holds. Returns the pages
/// written.
pub fn rerender(
    guide: &Guide,
    theme: &Theme,
    sink: &dyn Sink,
    memo: &mut Memo,
    changed: &[Target],
    words_changed: bool,
) -> Result<usize, Diagnostics> {
    let mut r = renderer_over(guide, theme, sink, memo)?;
    let result = r.rerender(changed, words_changed);
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

/// A body as last rendered, with the fingerprint of what it was made from (see
/// [`Renderer::body_fingerprint`]): `spotter serve` renders again only the bodies whose text or
/// embeds changed. Exercise bodies are made with their pages, and kept with them.
#[derive(Clone, Default)]
pub(crate) struct CachedBody {
    pub(crate) fingerprint: Option<u64>,
    pub(crate) html: markdown::Html,
    pub(crate) errors: Vec<Diagnostic>,
}

/// What a render keeps for `spotter serve`: what its pages were made of, and the
/// cache, so an update re-renders only the pages whose inputs changed.
#[derive(Default)]
pub struct Memo {
    pub(crate) parts: Parts,
    pub(crate) cache: Cache,
}

impl Memo {
    /// Moves what is kept of each page to its id in the new linking `moves` leads to (after
    /// files were added or removed), and drops what was kept of pages gone: the memo then
    /// describes the site on disk by the new ids, and [`update`] brings it up to date as after
    /// any other edit. The bodies' HTML stays by the old ids: `update` makes every body again
    /// and compares what they linked to with what the new ones do.
    pub(crate) fn reshape(&mut self, moves: &Moves) {
        let Memo { parts, cache } = self;
        use std::mem::take;
        parts.exercise_cards = moves.exercises(take(&mut parts.exercise_cards), Default::default);
        cache.exercise_card_fingerprints =
            moves.exercises(take(&mut cache.exercise_card_fingerprints), || None);
        cache
            .index
            .reorder(|v| moves.exercises(v, Default::default));
        cache.cached_refs.reorder(moves);
        (cache.search.get_mut().unwrap_or_else(|e| e.into_inner())).reorder(moves);
        // A body that linked to a page gone is made again (its page has no fingerprint), to
        // report the link.
        let mut lost = Vec::new();
        let refs: Vec<Vec<Target>> = (take(&mut cache.exercise_refs).into_iter().enumerate())
            .map(|(was, targets)| {
                let moved: Option<Vec<Target>> =
                    targets.iter().map(|t| moves.to_new.target(t)).collect();
                moved.unwrap_or_else(|| {
                    lost.push(Job::Exercise(was));
                    Vec::new()
                })
            })
            .collect();
        cache.exercise_refs = moves.exercises(refs, Vec::new);
        cache.fingerprints = (take(&mut cache.fingerprints).into_iter())
            .filter(|(job, _)| !lost.contains(job))
            .filter_map(|(job, fingerprint)| Some((moves.job(&job)?, fingerprint)))
            .collect();
        // What a body links to may be gone now, which its fingerprint does not tell: the bodies
        // (few, and quick to make) are all made again.
        cache.cached_bodies.clear();

        let empty = std::sync::Arc::new(CardView::default());
        parts.cards = moves.workouts(take(&mut parts.cards), || empty.clone());
        cache.card_fingerprints = moves.workouts(take(&mut cache.card_fingerprints), || None);
        cache.deck.reorder(|v| moves.workouts(v, Default::default));
        cache.tag_fingerprints = moves.tags(take(&mut cache.tag_fingerprints), || None);
    }

    /// Forgets what the pages were made from, so the next update renders every page (after
    /// the site on disk became unknown).
    pub fn forget_pages(&mut self) {
        self.cache.fingerprints.clear();
    }
}

/// What `spotter serve` keeps of a render besides its [`Parts`]: the fingerprints of what every
/// page, card and body was made from, and the values made from each exercise and workout
/// that the next render reuses where those are the same.
#[derive(Default)]
pub(crate) struct Cache {
    /// The bodies of the parts with what they were made from.
    pub(crate) cached_bodies: HashMap<Target, CachedBody>,
    /// The fingerprint of what each card was made from (`None`: no card of it is kept).
    pub(crate) card_fingerprints: Vec<Option<u64>>,
    /// The fingerprint of what each exercise card was made from (`None`: none is kept).
    pub(crate) exercise_card_fingerprints: Vec<Option<u64>>,
    /// The exercise refs of the last render, which the next one makes again only where they
    /// changed.
    pub(crate) cached_refs: CachedRefs,
    /// Each workout's card as the deck's context holds it.
    pub(crate) deck: ListValues,
    /// Each exercise's list item as the exercise index's context holds it.
    pub(crate) index: ListValues,
    /// What each exercise's body links to or embeds, as of its page's last render.
    pub(crate) exercise_refs: Vec<Vec<Target>>,
    /// The fingerprint of each page's inputs, as of the site on disk. Jobs that are not made from a
    /// template (feeds, search index, redirects) have none and are always made again.
    pub(crate) fingerprints: Fingerprints,
    /// The search index, entry by entry.
    pub(crate) search: std::sync::Mutex<crate::render::feeds::SearchIndex>,
    /// The fingerprint of what every page shows of the site, as of `fingerprints`.
    pub(crate) site_fingerprint: u64,
    /// The fingerprint of each tag as pages show it (with its count), as of `fingerprints`.
    pub(crate) tag_fingerprints: Vec<Option<u64>>,
    /// The fingerprint of the muscles and equipment as pages show them (with their counts), as of
    /// `fingerprints`.
    pub(crate) term_fingerprint: u64,
}

/// The fingerprint of each page's inputs, by page: made again with every rebuild (12,600 pages at
/// 10,000 exercises), so hashed with foldhash.
pub(crate) type Fingerprints = HashMap<Job, u64, foldhash::fast::RandomState>;

impl Renderer<'_> {
    /// What `spotter serve` keeps: there is some in the renders it makes, which alone make
    /// fingerprints.
    pub(crate) fn cache(&self) -> &Cache {
        self.cache
            .as_ref()
            .expect("only a render that keeps a cache makes fingerprints")
    }

    pub(crate) fn cache_mut(&mut self) -> &mut Cache {
        self.cache
            .as_mut()
            .expect("only a render that keeps a cache makes fingerprints")
    }

    pub(crate) fn rerender(
        &mut self,
        changed: &[Target],
        words_changed: bool,
    ) -> Result<usize, Diagnostics> {
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
        // A page's search entry carries words of its body.
        if words_changed {
            jobs.push(Job::SearchIndex);
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
        // These pages are made from new bodies, which their fingerprints do not know of.
        for job in &jobs {
            cache_mut!(self).fingerprints.remove(job);
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
        if edit.moves.is_some() {
            // A page added may fall on a redirect or a static file.
            warnings.extend(self.check_redirects());
            warnings.extend(self.check_statics());
        }
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

        let tag_fingerprints = self.tag_fingerprints();
        let tags: Vec<Id> = (0..tag_fingerprints.len())
            .filter(|&i| self.cache().tag_fingerprints.get(i) != Some(&Some(tag_fingerprints[i])))
            .collect();
        let term_fingerprint = self.term_fingerprint();
        // Out of the cache while the change is looked at, which borrows them.
        let embeds = std::mem::take(&mut cache_mut!(self).exercise_refs);
        let change = affected::Change {
            old: edit.old,
            new: g,
            moves: edit.moves,
            edited: edit.edited,
            gone: edit.gone,
            site_changed: self.site_fingerprint != self.cache().site_fingerprint,
            terms_changed: term_fingerprint != self.cache().term_fingerprint,
            exercise_views: &stale,
            tags: &tags,
            outgoing: [&old_bodies.outgoing, &self.parts.bodies.outgoing],
            embeds: &embeds,
        };

        // Workouts' cards are kept with the fingerprint of what they were made from; those the edit
        // cannot reach keep their fingerprints.
        let n = g.workouts.len();
        let reached = affected::workout_cards(&change);
        let was = &self.cache().card_fingerprints;
        let fingerprints =
            self.card_fingerprints(reached.as_deref(), |i| was.get(i).copied().flatten());
        if self.parts.cards.len() != n {
            self.parts.cards.clear();
            cache_mut!(self).card_fingerprints.clear();
            cache_mut!(self).deck.reset(n);
        }
        let stale_cards: Vec<Id> = (0..n)
            .filter(|&i| self.cache().card_fingerprints.get(i) != Some(&Some(fingerprints[i])))
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
        cache_mut!(self).card_fingerprints = fingerprints.into_iter().map(Some).collect();

        let affected = if embeds.len() == g.exercises.len() {
            affected::exercise_pages(&change, &stale_cards)
        } else {
            None
        };
        cache_mut!(self).exercise_refs = embeds;
        if edit.whole_site {
            warnings.extend(self.keep_statics());
        }
        // The pictures' files: those the site has are kept, new ones copied in.
        warnings.extend(crate::render::place_pictures(&g.pictures, self.sink).1);
        if warnings.has_errors() {
            self.parts.bodies = old_bodies;
            return Err(warnings);
        }

        let jobs = self.jobs();
        let of = jobs.iter().filter(|job| job.is_page()).count();
        // Exercise pages the edit cannot reach keep their fingerprints (and, when the update
        // makes the whole site, their files). The others are fingerprinted again and, when their
        // fingerprint changed (or they have none), rendered in the same go, biggest first, so the
        // big pages start while the small ones are still fingerprinted.
        let (kept, to_fingerprint): (Vec<Job>, Vec<Job>) = jobs.iter().cloned().partition(|job| {
            matches!((job, &affected), (Job::Exercise(i), Some(pages)) if !pages[*i])
                && self.cache().fingerprints.contains_key(job)
                && (!edit.whole_site || self.keep_page(job))
        });
        #[cfg(debug_assertions)]
        self.check_kept(&kept);
        let outcomes = schedule::in_order(&to_fingerprint, |job| {
            let (fingerprint, file) = match self.run_in(job, Ctx::fingerprint()) {
                Ok(done) => (done.fingerprint, done.file),
                Err(_) => (None, None),
            };
            let same = fingerprint.is_some()
                && fingerprint.as_ref() == self.cache().fingerprints.get(job)
                && file.is_some_and(|file| self.sink.keep(&file));
            (fingerprint, (!same).then(|| self.run(job)))
        });
        let mut fingerprints: Fingerprints = kept
            .into_iter()
            .filter_map(|job| {
                let fingerprint = *self.cache().fingerprints.get(&job)?;
                Some((job, fingerprint))
            })
            .collect();
        let mut diags = Diagnostics::new();
        let mut refs_changed = Vec::new();
        let mut pages = 0;
        for (job, (fingerprint, result)) in to_fingerprint.iter().zip(outcomes) {
            if let Some(fingerprint) = fingerprint {
                fingerprints.insert(job.clone(), fingerprint);
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
        fingerprints.extend(self.fingerprints(&refs_changed));
        cache_mut!(self).fingerprints = fingerprints;
        cache_mut!(self).site_fingerprint = self.site_fingerprint;
        cache_mut!(self).tag_fingerprints = tag_fingerprints.into_iter().map(Some).collect();
        cache_mut!(self).term_fingerprint = term_fingerprint;
        Ok(Updated {
            pages,
            of,
            warnings,
        })
    }

    /// Keeps the file of `job`'s page as the site has it; false when it has none.
    fn keep_page(&self, job: &Job) -> bool {
        let g = self.guide;
        match job {
            Job::Exercise(i) => self.sink.keep(&page_file(g.path_of(&Target::Exercise(*i)))),
            _ => false,
        }
    }

    /// Keeps the static files as the site has them (only Markdown files changed), copying
    /// any it lacks.
    fn keep_statics(&self) -> Vec<Diagnostic> {
        let all_kept = (self.theme.statics.iter()).all(|(rel, _)| self.sink.keep(rel));
        if all_kept {
            Vec::new()
        } else {
            self.copy_statics()
        }
    }

    /// Makes again the exercises' list cards whose fingerprint changed (the others are kept), and
    /// returns those exercises. On error, every card is made again next time.
    pub(crate) fn refresh_exercise_cards(&mut self) -> Result<Vec<Id>, Diagnostic> {
        let fingerprints = self.exercise_card_fingerprints();
        if self.parts.exercise_cards.len() != fingerprints.len() {
            self.parts.exercise_cards = vec![ListCard::default(); fingerprints.len()];
            cache_mut!(self).exercise_card_fingerprints.clear();
            cache_mut!(self).index.reset(fingerprints.len());
        }
        let stale: Vec<Id> = (0..fingerprints.len())
            .filter(|&i| {
                self.cache().exercise_card_fingerprints.get(i) != Some(&Some(fingerprints[i]))
            })
            .collect();
        let made: Vec<Result<ListCard, Diagnostic>> =
            stale.par_iter().map(|&i| self.exercise_card(i)).collect();
        cache_mut!(self).index.forget(&stale);
        for (&i, card) in stale.iter().zip(made) {
            match card {
                Ok(card) => self.parts.exercise_cards[i] = card,
                Err(d) => {
                    cache_mut!(self).exercise_card_fingerprints.clear();
                    return Err(d);
                }
            }
        }
        cache_mut!(self).exercise_card_fingerprints = fingerprints.into_iter().map(Some).collect();
        Ok(stale)
    }

    /// Debug builds check what [`affected`] decided: an exercise page it left out must fingerprint
    /// as it did.
    #[cfg(debug_assertions)]
    pub(crate) fn check_kept(&self, kept: &[Job]) {
        for (job, fingerprint) in self.fingerprints(kept) {
            assert_eq!(
                self.cache().fingerprints.get(&job),
                Some(&fingerprint),
                "{job:?} changed, but the edit was thought not to reach it"
            );
        }
    }

    /// The fingerprint of each tag as the pages that carry it show it.
    pub(crate) fn tag_fingerprints(&self) -> Vec<u64> {
        self.views.tag_links.iter().map(fingerprint_of).collect()
    }

    /// The fingerprint of the muscles and equipment as the pages that name them show them (the
    /// indexes, which show their counts, are printed on every update).
    pub(crate) fn term_fingerprint(&self) -> u64 {
        fingerprint_of(&(&self.views.muscle_links, &self.views.equipment_links))
    }

    /// The fingerprint of what each exercise's list card is made from.
    pub(crate) fn exercise_card_fingerprints(&self) -> Vec<u64> {
        let refs = &self.views.exercise_fingerprints;
        debug_assert_eq!(
            refs.len(),
            self.views.exercises.len(),
            "refs not fingerprinted"
        );
        refs.par_iter()
            .map(|r| fingerprint_of(&(self.site_fingerprint, r)))
            .collect()
    }

    /// The fingerprint of each workout's card: `was(i)` for workout `i` when it has one and `reached`
    /// (the cards a change can reach, see [`affected::workout_cards`]) rules it out, else made
    /// now. Debug builds check the fingerprints kept.
    pub(crate) fn card_fingerprints(
        &self,
        reached: Option<&[bool]>,
        was: impl Fn(Id) -> Option<u64> + Sync,
    ) -> Vec<u64> {
        (0..self.guide.workouts.len())
            .into_par_iter()
            .map(|i| match was(i) {
                Some(fingerprint) if reached.is_some_and(|cards| !cards[i]) => {
                    debug_assert_eq!(
                        fingerprint,
                        self.card_fingerprint(i),
                        "the card of workout {i} changed, but the change was thought not to \
                         reach it"
                    );
                    fingerprint
                }
                _ => self.card_fingerprint(i),
            })
            .collect()
    }

    /// The fingerprint of workout `id`'s view without body or mentions, with the site's: what its
    /// card is made from (its HTML with the site), and most of its page.
    pub(crate) fn card_fingerprint(&self, id: Id) -> u64 {
        fingerprint_of(&(
            self.site_fingerprint,
            self.views.workout_view(id, "", Vec::new()),
        ))
    }

    /// Notes the fingerprint of every workout's card and exercise's list card, which the fingerprints of
    /// the pages showing them hold (an update notes those it makes as it goes).
    pub(crate) fn note_card_fingerprints(&mut self) {
        cache_mut!(self).card_fingerprints = (0..self.guide.workouts.len())
            .into_par_iter()
            .map(|i| Some(self.card_fingerprint(i)))
            .collect();
        cache_mut!(self).exercise_card_fingerprints = self
            .exercise_card_fingerprints()
            .into_iter()
            .map(Some)
            .collect();
    }

    /// The fingerprint of each of `jobs` that has one.
    pub(crate) fn fingerprints(&self, jobs: &[Job]) -> Fingerprints {
        jobs.par_iter()
            .filter_map(|job| Some((job.clone(), self.fingerprint(job)?)))
            .collect()
    }

    /// The fingerprint of `job`'s inputs, if it has one.
    pub(crate) fn fingerprint(&self, job: &Job) -> Option<u64> {
        match self.run_in(job, Ctx::fingerprint()) {
            Ok(Done { fingerprint, .. }) => fingerprint,
            Err(_) => None,
        }
    }

    /// The fingerprint of what a body made from `text` (of `source`) is made from, given what it
    /// embeds (`html`): the text, the site, the views its shortcodes show of the pages they
    /// embed, and the pictures it shows. An
    /// update renders over a guide with the same pages at the same addresses (after pages came
    /// and went, no body is kept: see [`Memo::reshape`]), so the same text links to and embeds
    /// the same pages there, and the same fingerprint means the same HTML.
    pub(crate) fn body_fingerprint(
        &self,
        text: &str,
        source: Option<&crate::source::load::Source>,
        html: &markdown::Html,
    ) -> Option<u64> {
        let g = self.guide;
        let embeds: Option<Vec<u64>> = (html.embeds.iter())
            .map(|t| match t {
                Target::Exercise(i) if *i < g.exercises.len() => Some(fingerprint_of(
                    &self.views.exercise_view(*i, "", Vec::new()),
                )),
                Target::Workout(i) if *i < g.workouts.len() => {
                    Some(fingerprint_of(&self.views.workout_view(*i, "", Vec::new())))
                }
                _ => None,
            })
            .collect();
        // A body that embeds a page the guide does not have has none.
        let pictures = source.map(|s| self.body_pictures(&s.rel, text));
        embeds.map(|embeds| {
            fingerprint_of(&(
                text,
                self.site_fingerprint,
                g.config.allow_raw_html,
                embeds,
                pictures,
            ))
        })
    }

    /// The names on the site of the pictures a body `text` of the page at `rel` shows (each
    /// holds the hash of its file): what its HTML holds of them besides its text.
    pub(crate) fn body_pictures(&self, rel: &str, text: &str) -> Vec<Option<&str>> {
        let pictures = &self.guide.pictures.pictures;
        (crate::pictures::collect::body_files(rel, text).iter())
            .map(|file| pictures.get(file).map(|p| p.stem.as_str()))
            .collect()
    }
}
