//! Programs and log sheets: `/programs/`, each program's page (`/programs/SLUG/`: the
//! week-by-day grid, the equipment, the weekly sets per muscle) and its printable sheet
//! (`/programs/SLUG/sheet/`), and each workout's log sheet (`/cards/SLUG/log/`: a row of
//! boxes per set for load and reps, for several sessions).
//!
//! A program's view is made from the guide in its page's job: programs are few, and what
//! they show of their workouts changes with any workout, so nothing of them is kept.

use std::collections::BTreeMap;

use crate::model::*;
use crate::render::context::*;
use crate::render::pages::Page;
use crate::render::views::credit_view;
use crate::render::{Job, Renderer};
use crate::serve::fingerprint::Ctx;

/// How many sessions a log sheet has room for.
pub const LOG_SESSIONS: u32 = 6;

/// What lists show of program `id`.
pub fn program_ref(g: &Guide, id: Id) -> ProgramRef {
    let p = &g.programs[id];
    let url = g.url_of(&Target::Program(id));
    ProgramRef {
        slug: p.meta.slug.clone(),
        title: p.meta.title.clone(),
        sheet_url: Job::ProgramSheet(id).url(g).unwrap_or_default(),
        url,
        summary: p.meta.summary.clone(),
        level: p.level,
        week_count: p.weeks.len(),
        session_count: p
            .weeks
            .iter()
            .map(|w| Program::workouts_of(w).count())
            .sum(),
    }
}

/// The programs that use workout `id`, by weight and title.
pub fn programs_using(g: &Guide, id: Id) -> Vec<ProgramRef> {
    let mut ids: Vec<Id> = (0..g.programs.len())
        .filter(|&p| g.programs[p].uses(id))
        .collect();
    sort_by_weight_then_title(&mut ids, |i| &g.programs[i].meta);
    ids.into_iter().map(|i| program_ref(g, i)).collect()
}

/// A muscle's sets in each week: (primary, helping).
type PerWeek = Vec<(u32, u32)>;

/// The sets each muscle gets in each week of `program`, by muscle.
fn sets_per_week(g: &Guide, program: &Program) -> BTreeMap<Id, PerWeek> {
    let weeks = program.weeks.len();
    let mut by_muscle: BTreeMap<Id, Vec<(u32, u32)>> = BTreeMap::new();
    for (n, week) in program.weeks.iter().enumerate() {
        for w in Program::workouts_of(week) {
            for l in &g.workouts[w].muscles {
                let row = by_muscle
                    .entry(l.muscle)
                    .or_insert_with(|| vec![(0, 0); weeks]);
                row[n].0 = row[n].0.saturating_add(l.primary_sets);
                row[n].1 = row[n].1.saturating_add(l.secondary_sets);
            }
        }
    }
    by_muscle
}

/// The weekly sets of `program`: each muscle's average over its weeks (rounded), and the
/// table of them week by week, most sets first.
fn weekly_sets(
    g: &Guide,
    links: &[TermLink],
    program: &Program,
) -> (Vec<WeeklySets>, Vec<SetsRow>, Vec<MuscleLoad>) {
    let weeks = program.weeks.len().max(1) as u64;
    // Each muscle with its total and primary sets over all weeks, for the order.
    let mut rows: Vec<(u64, u64, Id, PerWeek)> = sets_per_week(g, program)
        .into_iter()
        .map(|(m, per)| {
            let total: u64 = per.iter().map(|(p, s)| u64::from(*p) + u64::from(*s)).sum();
            let primary: u64 = per.iter().map(|(p, _)| u64::from(*p)).sum();
            (total, primary, m, per)
        })
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let weekly = rows
        .iter()
        .map(|(total, _, m, _)| WeeklySets {
            muscle: links[*m].clone(),
            sets: u32::try_from((total + weeks / 2) / weeks).unwrap_or(u32::MAX),
        })
        .collect();
    // The average week as the body map draws it: each muscle's sets as a primary mover and
    // as a helper, rounded, most worked first.
    let average = |n: u64| u32::try_from((n + weeks / 2) / weeks).unwrap_or(u32::MAX);
    let loads = rows
        .iter()
        .map(|(total, primary, m, _)| MuscleLoad {
            muscle: *m,
            primary_sets: average(*primary),
            // So that the two add up to the table's average week.
            secondary_sets: average(*total).saturating_sub(average(*primary)),
        })
        .filter(|l| l.primary_sets + l.secondary_sets > 0)
        .collect();
    let table = rows
        .into_iter()
        .map(|(_, _, m, per)| SetsRow {
            muscle: links[m].clone(),
            weeks: per.iter().map(|(p, s)| p.saturating_add(*s)).collect(),
            primary: per.iter().map(|(p, _)| *p).collect(),
        })
        .collect();
    (weekly, table, loads)
}

impl<'g> Renderer<'g> {
    /// Program `id`'s full view, with its `body`.
    pub(crate) fn program_view<'a>(&self, id: Id, body: &'a str) -> ProgramView<'a> {
        let g = self.guide;
        let p = &g.programs[id];
        let mut used: Vec<Id> = Vec::new();
        let mut equipment: Vec<Id> = Vec::new();
        let weeks = p
            .weeks
            .iter()
            .enumerate()
            .map(|(n, week)| WeekView {
                number: n + 1,
                note: week.note.clone(),
                same_as: week.same_as.map(|s| s + 1),
                days: week
                    .days
                    .iter()
                    .enumerate()
                    .map(|(d, day)| match day {
                        Day::Rest => DayView {
                            number: d + 1,
                            kind: "rest",
                            workout: None,
                            note: None,
                        },
                        Day::Workout { workout, note } => {
                            if !used.contains(workout) {
                                used.push(*workout);
                                for &e in &g.workouts[*workout].equipment {
                                    if !equipment.contains(&e) {
                                        equipment.push(e);
                                    }
                                }
                            }
                            DayView {
                                number: d + 1,
                                kind: "workout",
                                workout: Some(self.views.workouts[*workout].clone()),
                                note: note.clone(),
                            }
                        }
                    })
                    .collect(),
            })
            .collect();
        let (weekly_sets, sets_by_week, loads) = weekly_sets(g, &self.views.muscle_links, p);
        ProgramView {
            summary_ref: program_ref(g, id),
            weeks,
            day_count: p.weeks.iter().map(|w| w.days.len()).max().unwrap_or(0),
            workouts: used
                .iter()
                .map(|&w| self.views.workouts[w].clone())
                .collect(),
            equipment: equipment
                .iter()
                .map(|&e| self.views.equipment_links[e].clone())
                .collect(),
            weekly_sets,
            sets_by_week,
            regions: self.views.sets_map(&loads, "in an average week"),
            body,
            mentioned_in: self.mentions(&Target::Program(id)),
            tags: self.views.tags_of(&p.meta.tags),
            credit: credit_view(&p.meta),
        }
    }

    /// `/programs/`.
    pub(crate) fn program_index(&self, ctx: &mut Ctx) -> Page<'g> {
        let g = self.guide;
        let mut ids: Vec<Id> = (0..g.programs.len()).collect();
        sort_by_weight_then_title(&mut ids, |i| &g.programs[i].meta);
        ctx.insert("intro", &self.intro("programs"));
        let programs: Vec<ProgramRef> = ids.iter().map(|&i| program_ref(g, i)).collect();
        ctx.insert("programs", &programs);
        let paths = ids.iter().map(|&i| g.path_of(&Target::Program(i)));
        let json = crate::render::views::json_ld::item_list(g, "Programs", paths);
        self.section_page("programs", "programs", "programs.html", json)
    }

    /// `/programs/SLUG/`.
    pub(crate) fn program(&self, id: Id, ctx: &mut Ctx) -> Page<'g> {
        let g = self.guide;
        let target = Target::Program(id);
        let view = self.program_view(id, &self.parts.bodies.programs[id]);
        ctx.insert("program", &view);
        let json = crate::render::views::json_ld::program(g, id);
        self.content_page(
            "program.html",
            "program",
            &target,
            &g.programs[id].meta,
            json,
        )
    }

    /// `/programs/SLUG/sheet/`: the program on one printed page of `site.yaml`'s
    /// `sheet_size`.
    pub(crate) fn program_sheet(&self, id: Id, ctx: &mut Ctx) -> Page<'g> {
        let g = self.guide;
        let view = self.program_view(id, "");
        ctx.insert("program", &view);
        ctx.insert("sheet", &self.sheet_size());
        let p = &g.programs[id];
        Page {
            template: "program_sheet.html",
            path: Job::ProgramSheet(id).path(g).unwrap_or_default(),
            title: format!("{} — program sheet", p.meta.title),
            description: p.meta.summary.clone(),
            kind: "program-sheet",
            json_ld: String::new(),
            meta: Some(&p.meta),
        }
    }

    /// `/cards/SLUG/log/`: a workout's log sheet.
    pub(crate) fn log_page(&self, id: Id, ctx: &mut Ctx) -> Page<'g> {
        let g = self.guide;
        // What the sheet shows of the workout and no more: an edit the sheet does not show
        // (an exercise's level, a muscle) leaves its page as it was.
        ctx.insert("workout", &self.views.workouts[id]);
        ctx.insert("log", &self.log_view(id));
        let w = &g.workouts[id];
        Page {
            template: "log.html",
            path: Job::Log(id).path(g).unwrap_or_default(),
            title: format!("{} — log sheet", w.meta.title),
            description: Some(format!(
                "A printable log for {}: a box per set for the load and the reps.",
                w.meta.title
            )),
            kind: "log",
            json_ld: String::new(),
            meta: Some(&w.meta),
        }
    }

    /// The paper sheets print on: `site.yaml`'s `sheet_size`.
    fn sheet_size(&self) -> SizeCtx {
        let size = self.guide.config.sheet_size;
        let (w, h) = size.mm();
        SizeCtx {
            name: size.name().into(),
            width_mm: w,
            height_mm: h,
        }
    }

    /// Workout `id`'s log: a row per set of each exercise, over all rounds.
    pub(crate) fn log_view(&self, id: Id) -> LogView {
        let g = self.guide;
        let w = &g.workouts[id];
        let mut rows = Vec::new();
        for item in &w.items {
            let Item::Exercise(step) = item else { continue };
            // As the workout's page shows it: its own prescription or its exercise's, and
            // its load.
            let shown = self.views.item_view(step, w.level);
            let per_round = shown.sets.max(1);
            let sets = (1..=w.rounds)
                .flat_map(|round| (1..=per_round).map(move |set| LogSet { round, set }))
                .collect();
            let prescription = match &shown.load {
                Some(load) => format!("{} · {load}", shown.prescription),
                None => shown.prescription,
            };
            rows.push(LogRow {
                title: g.exercises[step.exercise].meta.title.clone(),
                prescription,
                note: step.note.clone(),
                sets,
            });
        }
        LogView {
            rest_between_rounds: w.rest_between_rounds.as_ref().map(ToString::to_string),
            permalink: g.config.absolute(&g.path_of(&Target::Workout(id))),
            sessions: LOG_SESSIONS,
            set_count: rows.iter().map(|r: &LogRow| r.sets.len() as u32).sum(),
            rows,
            size: self.sheet_size(),
        }
    }
}
