//! After Markdown files were added or removed, `spotter serve` links the whole guide again and
//! renders the new linking over the site of the old ([`render_over`]): the two number their
//! pages differently, so what was kept moves to the new ids ([`crate::serve::renumber`]) where
//! its inputs are the same, and only the pages whose fingerprint changed are rendered.

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::*;
use crate::render::files::page_file;
use crate::render::theme::Theme;
use crate::render::views::CachedRefs;
use crate::render::{feeds, job_of, schedule, Done, Job, Renderer, Sink};
use crate::serve::affected;
use crate::serve::fingerprint::Ctx;
use crate::serve::renumber::Renumbering;
use crate::serve::update::{render_serving, Fingerprints, Memo, Rendered};

/// [`crate::serve::update::render_to_serve`], into `sink` over the site a render of `old` made and `memo` has
/// kept up to date (`spotter serve`, after the content files `changed` were added, changed or
/// removed, with the same theme): every page the change can reach is fingerprinted (every page but
/// the exercise pages it cannot affected, see [`affected`]), and a page whose fingerprint is the one its
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
        refs: std::mem::take(&mut memo.cache.cached_refs),
        search: std::mem::take(
            memo.cache
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

/// What [`render_over`] takes out of the memo it renders over, to keep what still holds.
pub(crate) struct Carried {
    pub(crate) refs: CachedRefs,
    pub(crate) search: feeds::SearchIndex,
}

/// Which exercise pages a change reaches, as [`render_over`] works it out.
pub(crate) struct Affected {
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

/// For each item now (by new id, with the fingerprint of what it would be made from, `now`), the
/// old id of the item made from just that (`made_from`, by old id, of the first `made` old
/// items, those there are), found at its new id by `new_id`; `None` when there is none.
pub(crate) fn still_made_from(
    made: usize,
    made_from: &[u64],
    now: &[u64],
    new_id: impl Fn(Id) -> Option<Id>,
) -> Vec<Option<Id>> {
    let mut kept = vec![None; now.len()];
    for (was, fingerprint) in made_from.iter().enumerate().take(made) {
        if let Some(i) = new_id(was).filter(|&i| now.get(i) == Some(fingerprint)) {
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

impl Renderer<'_> {
    /// Renders the `jobs` whose fingerprint differs from the one their page had in the guide
    /// rendered over, and keeps the others' files as they are (`None`): the exercise pages
    /// `affected` rules out, unfingerprinted. Also returns each job's fingerprint.
    #[allow(clippy::type_complexity)]
    pub(crate) fn render_changed(
        &mut self,
        jobs: &[Job],
        over: &Over<'_>,
        affected: &Affected,
    ) -> (Vec<Option<Result<Done, Vec<Diagnostic>>>>, Vec<Option<u64>>) {
        let g = self.guide;
        let before: Fingerprints = (over.memo.cache.fingerprints.iter())
            .filter_map(|(job, fingerprint)| Some((renumbered(job, &over.ids)?, *fingerprint)))
            .collect();
        let this = &*self;
        schedule::in_order(jobs, |job| {
            let known = match job {
                Job::Exercise(i) => affected.known[*i],
                _ => true,
            };
            // An exercise page the change cannot affected, with its body's links all there.
            let unreached = match job {
                Job::Exercise(i) if known => {
                    let pages = affected.exercise_pages.as_ref();
                    pages.is_some_and(|pages| !pages[*i]).then_some(*i)
                }
                _ => None,
            };
            if let (Some(i), Some(&fingerprint)) = (unreached, before.get(job)) {
                let file = page_file(g.path_of(&Target::Exercise(i)));
                if this.sink.keep(&file) {
                    debug_assert_eq!(
                        this.fingerprint(job),
                        Some(fingerprint),
                        "{job:?} changed, but the change was thought not to reach it"
                    );
                    return (Some(fingerprint), None);
                }
            }
            let (fingerprint, file) = match this.run_in(job, Ctx::fingerprint()) {
                Ok(done) => (done.fingerprint, done.file),
                Err(_) => (None, None),
            };
            let same = known
                && fingerprint.is_some()
                && fingerprint.as_ref() == before.get(job)
                && file.is_some_and(|f| this.sink.keep(&f));
            (fingerprint, (!same).then(|| this.run(job)))
        })
        .into_iter()
        .map(|(fingerprint, result)| (result, fingerprint))
        .unzip()
    }

    /// [`Renderer::make_cards`] over the site `over` was made from: keeps the cards made from
    /// what they were made from, notes every card's fingerprint, and works out which exercise pages
    /// the change can affected. Returns the cards' warnings and that affected.
    pub(crate) fn renew_over(
        &mut self,
        over: &Over<'_>,
    ) -> Result<(Vec<Diagnostic>, Affected), Diagnostic> {
        let g = self.guide;
        let memo = over.memo;
        let ids = &over.ids;

        // Exercises' list cards, and with them what lists and ladders show of each exercise.
        let fingerprints = self.exercise_card_fingerprints();
        let kept = still_made_from(
            memo.parts.exercise_cards.len(),
            &memo.cache.exercise_card_fingerprints,
            &fingerprints,
            |i| ids.exercise(i),
        );
        self.parts.exercise_cards = (kept.par_iter().enumerate())
            .map(|(i, was)| match was {
                Some(was) => Ok(memo.parts.exercise_cards[*was].clone()),
                None => self.exercise_card(i),
            })
            .collect::<Result<_, _>>()?;
        cache_mut!(self).exercise_card_fingerprints = fingerprints;
        // An exercise's list item is made from what its card is made from.
        cache_mut!(self).index.take_kept(&memo.cache.index, &kept);
        let exercise_views: Vec<Id> = (0..kept.len()).filter(|&i| kept[i].is_none()).collect();

        let known = self.renumber_refs(over);
        let search = cache_mut!(self).search.get_mut();
        (search.unwrap_or_else(|e| e.into_inner())).carry_over(g, |i| over.back.exercise(i));
        let tag_fingerprints = self.tag_fingerprints();
        let tags: Vec<Id> = (0..tag_fingerprints.len())
            .filter(|&t| {
                let was = over
                    .back
                    .tag(t)
                    .and_then(|was| memo.cache.tag_fingerprints.get(was));
                was != Some(&tag_fingerprints[t])
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
            site_changed: self.site_fingerprint != memo.cache.site_fingerprint,
            terms_changed: self.term_fingerprint() != memo.cache.term_fingerprint,
            exercise_views: &exercise_views,
            tags: &tags,
            outgoing: [&memo.parts.bodies.outgoing, &self.parts.bodies.outgoing],
            embeds: &embeds,
        };

        // Workouts' cards: those the change cannot reach keep their fingerprints.
        let reached = affected::workout_cards(&change);
        let fingerprints = self.card_fingerprints(reached.as_deref(), |i| {
            let was = over.back.workout(i)?;
            memo.cache.card_fingerprints.get(was).copied()
        });
        let kept = still_made_from(
            memo.parts.cards.len(),
            &memo.cache.card_fingerprints,
            &fingerprints,
            |i| ids.workout(i),
        );
        let (cards, warnings): (Vec<_>, Vec<_>) = (kept.par_iter().enumerate())
            .map(|(i, was)| match was {
                Some(was) => (memo.parts.cards[*was].clone(), None),
                None => self.card(i),
            })
            .unzip();
        self.parts.cards = cards;
        cache_mut!(self).card_fingerprints = fingerprints;
        // The deck's values of the cards kept are theirs still.
        cache_mut!(self).deck.take_kept(&memo.cache.deck, &kept);
        let stale_cards: Vec<Id> = (0..kept.len()).filter(|&i| kept[i].is_none()).collect();

        let affected = Affected {
            exercise_pages: affected::exercise_pages(&change, &stale_cards),
            known,
        };
        cache_mut!(self).exercise_refs = embeds;
        Ok((warnings.into_iter().flatten().collect(), affected))
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
