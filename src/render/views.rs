//! Views: the small, typed pieces of the guide that template contexts are made of
//! ([`crate::render::context`]). Built here and nowhere else, so every page shows an exercise, a muscle
//! or a workout the same way.

use crate::model::substitutes::{Substitute, Traits};
use crate::model::*;
use crate::render::context::*;
use crate::render::plan::{self, Dose, Plan};
use crate::render::substitutes::{reason, SUBSTITUTES};
use crate::render::Job;
use crate::serve::entry_cache::EntryCache;
use crate::source::prescription::{Level, Reps};

/// Exercise refs kept from one render to the next, for `spotter serve`, with their fingerprints:
/// after an edit, a ref is made again only when its exercise changed, or what refs show of
/// the muscles, the equipment and the site's address.
pub type CachedRefs = EntryCache<Exercise, (ExerciseRef, u64)>;

/// What lists show of an exercise, rendered once per exercise: its card
/// (`partials/exercise_card.html`), which every list shows, and its item in the exercise index
/// (`partials/exercise_item.html`), which shows the card with what the filter reads. Each is
/// empty when the theme has no such partial. Shared, not copied, by the renders that keep them.
#[derive(Debug, Clone, Default)]
pub struct ListCard {
    /// The card (HTML).
    pub card: std::sync::Arc<str>,
    /// The index item (HTML).
    pub item: std::sync::Arc<str>,
}

/// Refs computed once per build and shared by every page.
pub struct Views<'g> {
    /// The guide.
    pub guide: &'g Guide,
    /// One per muscle.
    pub muscles: Vec<TermRef>,
    /// One per piece of equipment.
    pub equipment: Vec<TermRef>,
    /// Each muscle as exercises and workouts name it.
    pub muscle_links: Vec<TermLink>,
    /// Each piece of equipment as exercises and workouts name it.
    pub equipment_links: Vec<TermLink>,
    /// One per exercise.
    pub exercises: Vec<ExerciseRef>,
    /// The fingerprint of each exercise's ref, when the refs are to be kept (else empty).
    pub exercise_fingerprints: Vec<u64>,
    /// The fingerprint of what exercise refs show besides their exercise, when the refs are to
    /// be kept (else 0).
    around: u64,
    /// One per workout.
    pub workouts: Vec<WorkoutRef>,
    /// One per tag.
    pub tags: Vec<TagRef>,
    /// Each tag as the pages that carry it link to it.
    pub tag_links: Vec<TagLink>,
    /// What substitutes are ranked by.
    traits: Traits,
    /// Each workout's chart of sets per muscle, made the first time a view of the workout
    /// needs it (its card and its page both do).
    charts: Vec<std::sync::OnceLock<String>>,
}

impl<'g> Views<'g> {
    /// Computes the shared refs. With `kept` (refs made before, perhaps for another guide),
    /// exercise refs are made only where they may differ, and fingerprinted to be kept again
    /// ([`Views::keep`]).
    pub fn new(guide: &'g Guide, kept: Option<CachedRefs>) -> Self {
        use rayon::prelude::*;
        let muscles: Vec<TermRef> = guide
            .muscles
            .iter()
            .enumerate()
            .map(|(i, m)| {
                term_ref(
                    guide,
                    &m.term,
                    Target::Muscle(i),
                    m.primary_of.len() + m.secondary_of.len(),
                )
            })
            .collect();
        let equipment: Vec<TermRef> = guide
            .equipment
            .iter()
            .enumerate()
            .map(|(i, e)| term_ref(guide, &e.term, Target::Equipment(i), e.used_by.len()))
            .collect();
        // A build keeps no refs: it has nothing to fingerprint.
        let around = match kept {
            None => 0,
            Some(_) => crate::serve::fingerprint::fingerprint_of(&(
                guide.config.base_path(),
                (muscles.iter())
                    .map(|t| (&t.slug, &t.title))
                    .collect::<Vec<_>>(),
                (equipment.iter())
                    .map(|t| (&t.slug, &t.title))
                    .collect::<Vec<_>>(),
                &guide.equipment[guide.bodyweight].term.meta.slug,
                guide.muscles.iter().map(|m| m.parent).collect::<Vec<_>>(),
            )),
        };
        let make = |i: Id| exercise_ref(guide, i, &muscles, &equipment);
        let (exercises, exercise_fingerprints) = match kept {
            None => (
                (0..guide.exercises.len())
                    .into_par_iter()
                    .map(make)
                    .collect(),
                Vec::new(),
            ),
            Some(mut kept) => {
                let make = |i| {
                    let r = make(i);
                    let fingerprint = crate::serve::fingerprint::fingerprint_of(&r);
                    (r, fingerprint)
                };
                kept.renew(
                    &guide.exercises,
                    around,
                    Exercise::same_apart_from_links,
                    make,
                );
                #[cfg(debug_assertions)]
                for (i, (_, fingerprint)) in kept.values().enumerate() {
                    assert_eq!(
                        *fingerprint,
                        make(i).1,
                        "the kept ref of exercise {i} is stale"
                    );
                }
                kept.take().into_iter().unzip()
            }
        };
        let workouts = (0..guide.workouts.len())
            .map(|i| workout_ref(guide, i))
            .collect();
        let tags: Vec<TagRef> = guide
            .tags
            .iter()
            .map(|t| TagRef {
                name: t.name.clone(),
                slug: t.slug.clone(),
                url: format!("{}tags/{}/", guide.config.base_path(), t.slug),
                count: t.posts.len() + t.exercises.len() + t.workouts.len() + t.pages.len(),
            })
            .collect();
        Views {
            guide,
            muscle_links: muscles.iter().map(link).collect(),
            equipment_links: equipment.iter().map(link).collect(),
            muscles,
            equipment,
            exercises,
            exercise_fingerprints,
            around,
            workouts,
            tag_links: tags.iter().map(TagRef::link).collect(),
            tags,
            charts: guide.workouts.iter().map(|_| Default::default()).collect(),
            traits: Traits::of(guide),
        }
    }

    /// The exercise refs with their fingerprints, for the next render to start from (none when
    /// they were not fingerprinted).
    pub fn keep(&mut self) -> CachedRefs {
        if self.exercise_fingerprints.len() != self.exercises.len() {
            return CachedRefs::default();
        }
        let refs = std::mem::take(&mut self.exercises);
        let fingerprints = std::mem::take(&mut self.exercise_fingerprints);
        EntryCache::keep(
            &self.guide.exercises,
            self.around,
            refs.into_iter().zip(fingerprints).collect(),
        )
    }

    /// Links to the tags as written on a page.
    pub fn tags_of(&self, names: &[String]) -> Vec<TagLink> {
        let mut out: Vec<TagLink> = Vec::new();
        for name in names {
            let slug = crate::source::slug::slugify(name);
            if let Ok(i) = self.tags.binary_search_by(|t| t.slug.as_str().cmp(&slug)) {
                if !out.iter().any(|t| t.slug == slug) {
                    out.push(self.tag_links[i].clone());
                }
            }
        }
        out
    }

    /// A post as listed.
    pub fn post_ref(&self, id: Id) -> PostRef {
        let p = &self.guide.posts[id];
        PostRef {
            slug: p.meta.slug.clone(),
            title: p.meta.title.clone(),
            url: self.guide.url_of(&Target::Post(id)),
            date: p.date.to_string(),
            date_long: p.date.long(),
            summary: p.meta.summary.clone(),
            author: p.author.clone(),
            tags: self.tags_of(&p.meta.tags),
        }
    }

    /// A link to any page.
    pub fn link_ref(&self, target: &Target) -> LinkRef {
        LinkRef {
            title: self.guide.title_of(target).to_string(),
            url: self.guide.url_of(target),
            kind: match target {
                Target::Exercise(_) => "exercise",
                Target::Workout(_) => "workout",
                Target::Program(_) => "program",
                Target::Muscle(_) => "muscle",
                Target::Equipment(_) => "equipment",
                Target::Post(_) => "post",
                Target::Page(_) => "page",
                Target::Section(_) => "section",
            },
        }
    }

    /// An exercise's full view (its page, and the `exercise` shortcode with an empty body).
    pub fn exercise_view<'a>(
        &'a self,
        id: Id,
        body: &'a str,
        mentioned_in: Vec<LinkRef>,
    ) -> ExerciseView<'a> {
        let e = &self.guide.exercises[id];
        let r = &self.exercises[id];
        ExerciseView {
            slug: &r.slug,
            title: &r.title,
            url: &r.url,
            summary: r.summary.as_deref(),
            level: r.level,
            aliases: &r.aliases,
            prescription: r.prescription.as_deref(),
            primary: e
                .primary
                .iter()
                .map(|&m| self.muscle_links[m].clone())
                .collect(),
            secondary: e
                .secondary
                .iter()
                .map(|&m| self.muscle_links[m].clone())
                .collect(),
            equipment: e
                .equipment
                .iter()
                .map(|&q| self.equipment_links[q].clone())
                .collect(),
            body,
            prescriptions: e.sets.as_ref().map_or_else(Vec::new, |s| {
                let units = self.guide.config.units;
                s.0.iter().map(|p| PrescriptionView::of(p, units)).collect()
            }),
            regions: self.exercise_map(&e.primary, &e.secondary),
            easier: e.easier.iter().map(|&i| self.step(i)).collect(),
            harder: e.harder.iter().map(|&i| self.step(i)).collect(),
            variations: e.variations.iter().map(|&i| self.step(i)).collect(),
            workouts: e
                .workouts
                .iter()
                .map(|&i| self.workouts[i].clone())
                .collect(),
            substitutes: (self.traits.substitutes(self.guide, id, SUBSTITUTES).iter())
                .map(|s| self.substitute(id, s))
                .collect(),
            mentioned_in,
            tags: self.tags_of(&e.meta.tags),
            credit: credit_view(&e.meta),
        }
    }

    /// The substitute `s` of exercise `of`, with its reason in words.
    fn substitute(&self, of: Id, s: &Substitute) -> SubstituteView<'_> {
        let r = &self.exercises[s.id];
        let level = (self.guide.exercises[of].level, r.level);
        SubstituteView {
            title: &r.title,
            url: &r.url,
            level: r.level,
            reason: reason(s, level, &self.muscle_links, &self.equipment_links),
            equipment_keys: &r.equipment_keys,
        }
    }

    /// Another exercise as a step of a ladder.
    fn step(&self, id: Id) -> LadderStep<'_> {
        let r = &self.exercises[id];
        LadderStep {
            title: &r.title,
            url: &r.url,
            level: r.level,
        }
    }

    /// An exercise in a long list (a muscle's, a piece of equipment's or a tag's), with its
    /// card rendered beforehand; its `item` is empty, as only the exercise index shows it.
    pub fn item<'a>(&'a self, id: Id, card: &'a ListCard) -> ExerciseItem<'a> {
        ExerciseItem {
            item: "",
            ..self.index_item(id, card)
        }
    }

    /// An exercise in the exercise index, with its card and index item rendered beforehand.
    pub fn index_item<'a>(&'a self, id: Id, card: &'a ListCard) -> ExerciseItem<'a> {
        let r = &self.exercises[id];
        ExerciseItem {
            slug: &r.slug,
            title: &r.title,
            url: &r.url,
            level: r.level,
            card: &card.card,
            item: &card.item,
            search_text: &r.search_text,
            muscle_keys: &r.muscle_keys,
            equipment_keys: &r.equipment_keys,
        }
    }

    /// A workout's full view; `body` and `mentioned_in` are the caller's.
    pub fn workout_view<'a>(
        &self,
        id: Id,
        body: &'a str,
        mentioned_in: Vec<LinkRef>,
    ) -> WorkoutView<'a> {
        let g = self.guide;
        let w = &g.workouts[id];
        let items = w
            .items
            .iter()
            .map(|item| match item {
                Item::Rest(s) => ItemView {
                    kind: "rest",
                    exercise: None,
                    prescription: s.to_string(),
                    sets: 0,
                    reps: None,
                    hold: None,
                    per_side: false,
                    load: None,
                    note: None,
                    rest: Some(s.to_string()),
                    rest_between_sets: None,
                },
                Item::Exercise(step) => self.item_view(step, w.level),
            })
            .collect();
        let plan = Plan::of(g, id);
        let muscles: Vec<MuscleLoadView> = w
            .muscles
            .iter()
            .map(|l| MuscleLoadView {
                muscle: self.muscle_links[l.muscle].clone(),
                primary_sets: l.primary_sets,
                secondary_sets: l.secondary_sets,
            })
            .collect();
        let chart = self.charts[id]
            .get_or_init(|| crate::render::cards::muscle_chart(&muscles))
            .clone();
        WorkoutView {
            summary_ref: self.workouts[id].clone(),
            rest_between_rounds: w.rest_between_rounds.as_ref().map(ToString::to_string),
            items,
            player: plan.json(),
            duration_iso: plan::iso8601(plan.seconds),
            equipment: w
                .equipment
                .iter()
                .map(|&e| self.equipment_links[e].clone())
                .collect(),
            muscles,
            chart,
            regions: self.workout_map(&w.muscles),
            body,
            mentioned_in,
            tags: self.tags_of(&w.meta.tags),
            credit: credit_view(&w.meta),
        }
    }
}

impl Views<'_> {
    /// An exercise item of a workout for `level`: its own prescription, or, when it gives
    /// neither reps nor a hold, its exercise's for that level (as the player plays it).
    pub(crate) fn item_view(&self, step: &Step, level: Option<Level>) -> ItemView {
        let g = self.guide;
        let exercise = &g.exercises[step.exercise];
        let dose = Dose::of(step, exercise, level);
        let borrowed = step.reps.is_none() && step.hold.is_none() && exercise.sets.is_some();
        let prescription = match (borrowed, &exercise.sets) {
            (true, Some(sets)) => {
                let mut p = sets.for_level(level.or(exercise.level)).clone();
                p.sets = dose.sets;
                p.per_side = dose.per_side;
                p.load = None;
                p.summary()
            }
            _ => step_summary(step),
        };
        ItemView {
            kind: "exercise",
            exercise: Some(self.exercises[step.exercise].clone()),
            prescription,
            sets: dose.sets,
            reps: dose.reps.as_ref().map(Reps::to_string),
            hold: dose.hold.as_ref().map(ToString::to_string),
            per_side: dose.per_side,
            load: dose.load.map(|l| l.show(g.config.units)),
            note: step.note.clone(),
            rest: None,
            // The rest the player takes (one rule, in `Dose::of`).
            rest_between_sets: (dose.sets > 1)
                .then_some(dose.rest)
                .flatten()
                .map(|r| r.to_string()),
        }
    }
}

/// A workout step's prescription in words: `2 × 10 per side`, `30 s hold`, `10`.
pub fn step_summary(step: &Step) -> String {
    let mut s = String::new();
    if step.sets > 1 {
        s.push_str(&format!("{} × ", step.sets));
    }
    match (&step.reps, &step.hold) {
        (Some(r), Some(h)) => s.push_str(&format!("{r}, {h} hold")),
        (Some(Reps::Hold(h)), None) => s.push_str(&format!("{h} hold")),
        (Some(r), None) => s.push_str(&r.to_string()),
        (None, Some(h)) => s.push_str(&format!("{h} hold")),
        (None, None) => {
            if s.is_empty() {
                s.push_str("1 set");
            } else {
                s.truncate(s.len() - " × ".len());
                s.push_str(" sets");
            }
        }
    }
    if step.per_side {
        s.push_str(" per side");
    }
    s
}

/// What the credit line under a page's body shows: its `credit:` and `source:`; `None` when
/// the page has neither.
pub fn credit_view(meta: &Meta) -> Option<CreditView> {
    if meta.credit.is_none() && meta.origin.is_none() {
        return None;
    }
    let credit = (meta.credit.as_deref())
        .map(crate::render::media::credit_ctx)
        .unwrap_or_default();
    let origin = meta.origin.as_deref().cloned().unwrap_or_default();
    Some(CreditView {
        author: credit.author,
        license: credit.license,
        license_url: credit.license_url,
        source: credit.source,
        source_url: credit.source_url,
        dataset: origin.dataset,
        dataset_id: origin.id,
        dataset_url: origin.url.filter(|u| is_web_address(u)),
    })
}

/// Whether `s` is an http(s) address, to link.
pub(crate) fn is_web_address(s: &str) -> bool {
    let lower = s.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !s.contains(char::is_whitespace)
}

fn term_ref(guide: &Guide, term: &Term, target: Target, count: usize) -> TermRef {
    TermRef {
        slug: term.meta.slug.clone(),
        title: term.meta.title.clone(),
        url: guide.url_of(&target),
        summary: term.meta.summary.clone(),
        region: term.region.clone(),
        names: std::iter::once(&term.meta.title)
            .chain(&term.aliases)
            .map(|n| n.to_lowercase())
            .collect::<Vec<_>>()
            .join(" "),
        count,
    }
}

fn exercise_ref(guide: &Guide, id: Id, muscles: &[TermRef], equipment: &[TermRef]) -> ExerciseRef {
    let e = &guide.exercises[id];
    // The wholes its muscles are parts of too: the finder's filter for the deltoids finds
    // an exercise filed under the posterior deltoid.
    let mut muscle_keys = String::new();
    let mut keyed: Vec<Id> = Vec::new();
    for &named in e.primary.iter().chain(&e.secondary) {
        for m in guide.with_wholes(named) {
            if keyed.contains(&m) {
                continue;
            }
            keyed.push(m);
            if !muscle_keys.is_empty() {
                muscle_keys.push(' ');
            }
            muscle_keys.push_str(&muscles[m].slug);
        }
    }
    let equipment_keys = if e.equipment.is_empty() {
        guide.equipment[guide.bodyweight].term.meta.slug.clone()
    } else {
        e.equipment
            .iter()
            .map(|&q| equipment[q].slug.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    ExerciseRef {
        slug: e.meta.slug.clone(),
        title: e.meta.title.clone(),
        url: guide.url_of(&Target::Exercise(id)),
        summary: e.meta.summary.clone(),
        level: e.level,
        prescription: (e.sets.as_ref())
            .map(|s| s.for_level(e.level).summary_in(guide.config.units)),
        primary: e
            .primary
            .iter()
            .map(|&m| muscles[m].title.clone())
            .collect(),
        secondary: e
            .secondary
            .iter()
            .map(|&m| muscles[m].title.clone())
            .collect(),
        equipment: e
            .equipment
            .iter()
            .map(|&q| equipment[q].title.clone())
            .collect(),
        aliases: e.aliases.clone(),
        search_text: std::iter::once(&e.meta.title)
            .chain(&e.aliases)
            .map(|s| s.to_lowercase())
            .collect::<Vec<_>>()
            .join(" "),
        muscle_keys,
        equipment_keys,
        thumbnail: crate::render::media::cover_of(guide, &e.meta).map(Box::new),
    }
}

/// A term ref reduced to a link.
pub fn link(t: &TermRef) -> TermLink {
    TermLink {
        slug: t.slug.clone(),
        title: t.title.clone(),
        url: t.url.clone(),
        region: t.region.as_deref().map(region_name),
    }
}

/// A region key in words: `upper-back` -> `Upper back`.
pub fn region_name(key: &str) -> String {
    let words = key.replace('-', " ");
    let mut c = words.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

pub(crate) fn workout_ref(guide: &Guide, id: Id) -> WorkoutRef {
    let w = &guide.workouts[id];
    let seconds = Plan::of(guide, id).seconds;
    WorkoutRef {
        slug: w.meta.slug.clone(),
        title: w.meta.title.clone(),
        url: guide.url_of(&Target::Workout(id)),
        card_url: Job::Card(id).url(guide).unwrap_or_default(),
        log_url: Job::Log(id).url(guide).unwrap_or_default(),
        summary: w.meta.summary.clone(),
        level: w.level,
        rounds: w.rounds,
        exercise_count: w
            .items
            .iter()
            .filter(|i| matches!(i, Item::Exercise(_)))
            .count(),
        schedule: w.schedule.clone(),
        duration: plan::about(seconds),
        minutes: (seconds.saturating_add(30) / 60).max(1),
    }
}

/// The levels, for filters.
pub fn levels() -> Vec<&'static str> {
    Level::ALL.iter().map(|l| l.as_str()).collect()
}

/// schema.org JSON-LD, escaped for a `<script>` element.
pub mod json_ld {
    use serde_json::{json, Value};

    use crate::model::*;

    fn script(value: Value) -> String {
        script_of(&value)
    }

    /// A JSON-LD document as its script element holds it.
    fn script_of(value: &impl serde::Serialize) -> String {
        let json = crate::render::feeds::json(value);
        // `<` as \u003c keeps `</script>` and `<!--` out of the element and stays valid JSON.
        json.replace('<', "\\u003c")
    }

    /// An exercise as an `ExercisePlan`.
    pub fn exercise(guide: &Guide, id: Id) -> String {
        // Fields in the order of their JSON keys, as the other documents' maps sort them.
        #[derive(serde::Serialize)]
        struct Plan<'a> {
            #[serde(rename = "@context")]
            context: &'static str,
            #[serde(rename = "@type")]
            kind: &'static str,
            #[serde(rename = "additionalVariable", skip_serializing_if = "Option::is_none")]
            additional_variable: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            description: Option<&'a str>,
            #[serde(rename = "exerciseType")]
            exercise_type: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            intensity: Option<&'static str>,
            name: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            repetitions: Option<String>,
            #[serde(rename = "restPeriods", skip_serializing_if = "Option::is_none")]
            rest_periods: Option<String>,
            url: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            workload: Option<String>,
        }
        let e = &guide.exercises[id];
        let prescription = e.sets.as_ref().map(|s| s.for_level(e.level));
        fn names<'g>(ids: &[Id], of: impl Fn(Id) -> &'g str) -> String {
            ids.iter().map(|&i| of(i)).collect::<Vec<_>>().join(", ")
        }
        let plan = Plan {
            context: "https://schema.org",
            kind: "ExercisePlan",
            additional_variable: (!e.equipment.is_empty()).then(|| {
                let titles = names(&e.equipment, |q| &guide.equipment[q].term.meta.title);
                format!("Equipment: {titles}")
            }),
            description: e.meta.summary.as_deref(),
            exercise_type: names(&e.primary, |m| &guide.muscles[m].term.meta.title),
            intensity: e.level.map(|l| l.as_str()),
            name: &e.meta.title,
            repetitions: prescription.map(|p| p.reps.to_string()),
            rest_periods: prescription.and_then(|p| p.rest.as_ref().map(|r| r.iso8601())),
            url: guide.config.absolute(&guide.path_of(&Target::Exercise(id))),
            workload: prescription.map(|p| p.summary_in(guide.config.units)),
        };
        script_of(&plan)
    }

    /// A program as an `ExercisePlan` over weeks.
    pub fn program(guide: &Guide, id: Id) -> String {
        let p = &guide.programs[id];
        let mut doc = json!({
            "@context": "https://schema.org",
            "@type": "ExercisePlan",
            "name": p.meta.title,
            "url": guide.config.absolute(&guide.path_of(&Target::Program(id))),
            "duration": format!("P{}W", p.weeks.len()),
        });
        if let Some(s) = &p.meta.summary {
            doc["description"] = json!(s);
        }
        if let Some(l) = p.level {
            doc["intensity"] = json!(l.as_str());
        }
        script(doc)
    }

    /// A workout as an `ExercisePlan`, its total time the `minutes` of its estimate.
    pub fn workout(guide: &Guide, id: Id, minutes: u32) -> String {
        let w = &guide.workouts[id];
        let mut v = json!({
            "@context": "https://schema.org",
            "@type": "ExercisePlan",
            "name": w.meta.title,
            "url": guide.config.absolute(&guide.path_of(&Target::Workout(id))),
            "activityFrequency": w.schedule,
        });
        if let Some(s) = &w.meta.summary {
            v["description"] = json!(s);
        }
        if let Some(r) = &w.rest_between_rounds {
            v["restPeriods"] = json!(r.iso8601());
        }
        // The estimate of src/render/plan.rs, to the minute (its WorkoutRef's `minutes`).
        v["totalTime"] = json!(crate::source::prescription::Seconds(minutes * 60).iso8601());
        script(v)
    }

    /// A post as a `BlogPosting`.
    pub fn post(guide: &Guide, id: Id) -> String {
        let p = &guide.posts[id];
        let mut v = json!({
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": p.meta.title,
            "datePublished": p.date.to_string(),
            "url": guide.config.absolute(&guide.path_of(&Target::Post(id))),
        });
        if let Some(u) = p.updated {
            v["dateModified"] = json!(u.to_string());
        }
        if let Some(a) = &p.author {
            v["author"] = json!({"@type": "Person", "name": a});
        }
        if let Some(s) = &p.meta.summary {
            v["description"] = json!(s);
        }
        script(v)
    }

    /// The home page as a `WebSite`.
    pub fn website(guide: &Guide) -> String {
        script(json!({
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": guide.config.title,
            "url": guide.config.base_url,
            "description": guide.config.description,
        }))
    }

    /// A muscle as a `Muscle`.
    pub fn muscle(guide: &Guide, id: Id) -> String {
        let m = &guide.muscles[id].term;
        let mut v = json!({
            "@context": "https://schema.org",
            "@type": "Muscle",
            "name": m.meta.title,
            "url": guide.config.absolute(&guide.path_of(&Target::Muscle(id))),
        });
        if !m.aliases.is_empty() {
            v["alternateName"] = json!(m.aliases);
        }
        if let Some(s) = &m.meta.summary {
            v["description"] = json!(s);
        }
        script(v)
    }

    /// A list page as an `ItemList` of URLs.
    pub fn item_list(guide: &Guide, name: &str, paths: impl Iterator<Item = String>) -> String {
        // Typed, with fields in the order of their JSON keys: the exercise index lists
        // thousands, and a map per item took most of its page's time outside Tera.
        #[derive(serde::Serialize)]
        struct Item {
            #[serde(rename = "@type")]
            kind: &'static str,
            position: usize,
            url: String,
        }
        #[derive(serde::Serialize)]
        struct List<'a> {
            #[serde(rename = "@context")]
            context: &'static str,
            #[serde(rename = "@type")]
            kind: &'static str,
            #[serde(rename = "itemListElement")]
            items: Vec<Item>,
            name: &'a str,
        }
        let items = paths
            .enumerate()
            .map(|(i, p)| Item {
                kind: "ListItem",
                position: i + 1,
                url: guide.config.absolute(&p),
            })
            .collect();
        let list = List {
            context: "https://schema.org",
            kind: "ItemList",
            items,
            name,
        };
        script_of(&list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn kept_exercise_refs_are_the_refs_made_afresh() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (content, _) = crate::source::load::load(root, false);
        let (mut guide, _) = crate::pipeline::relink(Default::default(), &content);
        let afresh = |g: &Guide| serde_json::to_string(&Views::new(g, None).exercises).unwrap();
        // Makes the views from what `kept` holds, checks them, and keeps them again.
        let check = |g: &Guide, kept: CachedRefs| {
            let mut views = Views::new(g, Some(kept));
            assert_eq!(serde_json::to_string(&views.exercises).unwrap(), afresh(g));
            let fingerprints: Vec<u64> = (views.exercises.iter())
                .map(crate::serve::fingerprint::fingerprint_of)
                .collect();
            assert_eq!(views.exercise_fingerprints, fingerprints);
            views.keep()
        };
        let mut kept = check(&guide, CachedRefs::default());
        assert!(guide.exercises.len() > 2);
        // An exercise changed; what refs show of a muscle; the site's address.
        Arc::make_mut(&mut guide.exercises[1]).meta.title = "Renamed".into();
        kept = check(&guide, kept);
        let worked = guide.exercises[0].primary[0];
        guide.muscles[worked].term.meta.title = "Renamed muscle".into();
        kept = check(&guide, kept);
        guide
            .config
            .set_base_url("https://example.org/guide/")
            .unwrap();
        kept = check(&guide, kept);
        guide.exercises.pop();
        check(&guide, kept);
    }
}
