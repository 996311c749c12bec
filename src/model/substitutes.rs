//! Substitutes: for an exercise, the other exercises that work one of its primary muscles as a
//! primary muscle of their own, best first.
//!
//! The order, each rule breaking the ties of the one before:
//!
//! 1. more of the exercise's primary muscles worked as primary (a muscle counting once for
//!    itself and once for each whole it is part of);
//! 2. fewer muscles worked by one of the two and not the other, counted the same way (a
//!    clean works the quadriceps as a goblet squat does, and eight muscles more besides: a
//!    poorer substitute for it than a lunge);
//! 3. a level nearer its own (an exercise without a level is one step from any level);
//! 4. fewer pieces of equipment it does not already use;
//! 5. the guide's order of exercises (weight, then title).
//!
//! [`Traits`] holds what the ranking reads of every exercise as bit sets, made once per
//! guide, so that ranking the candidates of one exercise is a few word operations each: a
//! muscle worked by 700 of 10,000 exercises makes 700 candidates for each of those 700.

use crate::model::{Guide, Id};

/// One substitute of an exercise, and why. The candidates are the exercises filed under one
/// of its primary muscles or under a part of one (an exercise for the anterior deltoid is one
/// for the deltoids); what two exercises share counts the wholes their muscles are parts of
/// too, so that the closest parts come first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Substitute {
    /// The other exercise.
    pub id: Id,
    /// The primary muscles they share, each named as closely as they share it.
    pub shared: Vec<Id>,
    /// The exercise's secondary muscles it works, primary or secondary, named as closely.
    pub also: Vec<Id>,
    /// The equipment it needs that the exercise does not use.
    pub needs: Vec<Id>,
    /// The equipment the exercise uses that it does without.
    pub spares: Vec<Id>,
}

/// What the ranking reads of each exercise, as a row of words: its primary muscles and the
/// muscles it works (primary or secondary) as bit sets of `wm` words each, its equipment as a
/// bit set of `wq` words, and a last word holding its level, its place in the guide's order
/// and its id. Each exercise's row is in `rows`, and again in `listed`, once in the stretch of
/// each of its primary muscles, so that the candidates of an exercise are read one after
/// another from memory.
pub struct Traits {
    wm: usize,
    wq: usize,
    rows: Vec<u64>,
    /// Where each muscle's stretch of `listed` begins and ends, in rows.
    lists: Vec<std::ops::Range<usize>>,
    listed: Vec<u64>,
}

/// The level of an exercise without one, in the last word of its row.
const LEVEL_NONE: u64 = 3;

/// The place and the id in the last word of a row: 31 bits each, under the level's two.
const LOW_31: u64 = (1 << 31) - 1;

#[inline(always)]
fn set(bits: &mut [u64], i: usize) {
    bits[i / 64] |= 1 << (i % 64);
}

#[inline(always)]
fn has(bits: &[u64], i: usize) -> bool {
    bits[i / 64] & (1 << (i % 64)) != 0
}

#[inline(always)]
fn common(a: &[u64], b: &[u64]) -> u64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| u64::from((x & y).count_ones()))
        .sum()
}

#[inline(always)]
fn apart(a: &[u64], b: &[u64]) -> u64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| u64::from((x ^ y).count_ones()))
        .sum()
}

#[inline(always)]
fn beyond(a: &[u64], b: &[u64]) -> u64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| u64::from((x & !y).count_ones()))
        .sum()
}

/// The muscles set in both `a` and `b`.
fn both(a: &[u64], b: &[u64]) -> Vec<Id> {
    let mut ids = Vec::new();
    for (w, (x, y)) in a.iter().zip(b).enumerate() {
        let mut bits = x & y;
        while bits != 0 {
            ids.push(w * 64 + bits.trailing_zeros() as usize);
            bits &= bits - 1;
        }
    }
    ids
}

/// `muscles` less each that is a whole of another of them: what two exercises share, named
/// as closely as they share it (the anterior deltoid, not the deltoids as well).
fn narrowest(guide: &Guide, muscles: Vec<Id>) -> Vec<Id> {
    let wider: Vec<Id> = (muscles.iter()).flat_map(|&m| guide.wholes_of(m)).collect();
    muscles.into_iter().filter(|m| !wider.contains(m)).collect()
}

/// One row of [`Traits`], split into its parts.
struct Row<'a> {
    primary: &'a [u64],
    worked: &'a [u64],
    equipment: &'a [u64],
    level: u64,
    place: u64,
    id: Id,
}

/// The row `row`, with bit sets `wm` and `wq` words wide.
#[inline(always)]
fn parse(row: &[u64], wm: usize, wq: usize) -> Row<'_> {
    let (primary, rest) = row.split_at(wm);
    let (worked, rest) = rest.split_at(wm);
    let (equipment, last) = rest.split_at(wq);
    let last = last[0];
    Row {
        primary,
        worked,
        equipment,
        level: last >> 62,
        place: (last >> 31) & LOW_31,
        id: (last & LOW_31) as Id,
    }
}

impl Traits {
    /// The traits of every exercise of `guide`.
    pub fn of(guide: &Guide) -> Self {
        let n = guide.exercises.len();
        let wm = guide.muscles.len().div_ceil(64).max(1);
        let wq = guide.equipment.len().div_ceil(64).max(1);
        let width = 2 * wm + wq + 1;
        let mut places = vec![0u64; n];
        for (place, &i) in guide.exercise_order.iter().enumerate() {
            if let Some(p) = places.get_mut(i) {
                *p = place as u64 & LOW_31;
            }
        }
        let mut rows = vec![0u64; n * width];
        for (i, (e, row)) in guide
            .exercises
            .iter()
            .zip(rows.chunks_mut(width))
            .enumerate()
        {
            let (primary, rest) = row.split_at_mut(wm);
            let (worked, rest) = rest.split_at_mut(wm);
            let (equipment, last) = rest.split_at_mut(wq);
            for &p in &e.primary {
                for m in guide.with_wholes(p) {
                    set(primary, m);
                    set(worked, m);
                }
            }
            for &s in &e.secondary {
                for m in guide.with_wholes(s) {
                    set(worked, m);
                }
            }
            for &k in &e.equipment {
                set(equipment, k);
            }
            let level = e.level.map_or(LEVEL_NONE, |l| l as u64);
            last[0] = level << 62 | places[i] << 31 | (i as u64 & LOW_31);
        }
        let mut lists = Vec::with_capacity(guide.muscles.len());
        let mut listed = Vec::new();
        for m in &guide.muscles {
            let start = listed.len() / width;
            for &c in &m.primary_of {
                if let Some(row) = rows.get(c * width..(c + 1) * width) {
                    listed.extend_from_slice(row);
                }
            }
            lists.push(start..listed.len() / width);
        }
        Traits {
            wm,
            wq,
            rows,
            lists,
            listed,
        }
    }

    /// The `limit` best substitutes of exercise `id` of `guide` (the guide these traits are
    /// of), best first.
    pub fn substitutes(&self, guide: &Guide, id: Id, limit: usize) -> Vec<Substitute> {
        if limit == 0 {
            return Vec::new();
        }
        let best = self.best_any(guide, id, limit);
        let e = &guide.exercises[id];
        let width = 2 * self.wm + self.wq + 1;
        let mine = parse(&self.rows[id * width..(id + 1) * width], self.wm, self.wq);
        let mut secondary = vec![0u64; self.wm];
        for &s in &e.secondary {
            for m in guide.with_wholes(s) {
                set(&mut secondary, m);
            }
        }
        best.into_iter()
            .map(|(_, c)| {
                let s = &guide.exercises[c];
                let theirs = parse(&self.rows[c * width..(c + 1) * width], self.wm, self.wq);
                let shared = narrowest(guide, both(mine.primary, theirs.primary));
                let also = narrowest(guide, both(&secondary, theirs.worked))
                    .into_iter()
                    .filter(|m| {
                        !shared
                            .iter()
                            .any(|&p| guide.with_wholes(p).any(|w| w == *m))
                    })
                    .collect();
                Substitute {
                    id: c,
                    shared,
                    also,
                    needs: (s.equipment.iter().copied())
                        .filter(|q| !e.equipment.contains(q))
                        .collect(),
                    spares: (e.equipment.iter().copied())
                        .filter(|q| !s.equipment.contains(q))
                        .collect(),
                }
            })
            .collect()
    }

    /// The ids of the `limit` best substitutes of exercise `id`, best first, without the
    /// reasons: what serve compares between two linkings.
    pub fn ranked(&self, guide: &Guide, id: Id, limit: usize) -> Vec<Id> {
        if limit == 0 {
            return Vec::new();
        }
        self.best_any(guide, id, limit)
            .into_iter()
            .map(|(_, c)| c)
            .collect()
    }

    /// [`Traits::best`], with the processor's population count where it has one: counting
    /// shared muscles is most of the work, and without it a count is a dozen instructions.
    fn best_any(&self, guide: &Guide, id: Id, limit: usize) -> Vec<(u64, Id)> {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("popcnt") {
            #[target_feature(enable = "popcnt")]
            fn counted(t: &Traits, guide: &Guide, id: Id, limit: usize) -> Vec<(u64, Id)> {
                t.best_widths(guide, id, limit)
            }
            // SAFETY: the processor has the feature, as just checked.
            return unsafe { counted(self, guide, id, limit) };
        }
        self.best_widths(guide, id, limit)
    }

    /// [`Traits::best`], compiled for the common widths of bit sets: most guides name under
    /// 128 muscles and under 128 pieces of equipment.
    #[inline(always)]
    fn best_widths(&self, guide: &Guide, id: Id, limit: usize) -> Vec<(u64, Id)> {
        match (self.wm, self.wq) {
            (1, 1) => self.best(guide, id, limit, 1, 1),
            (2, 1) => self.best(guide, id, limit, 2, 1),
            (1, 2) => self.best(guide, id, limit, 1, 2),
            (2, 2) => self.best(guide, id, limit, 2, 2),
            (wm, wq) => self.best(guide, id, limit, wm, wq),
        }
    }

    /// The ranks and ids of the `limit` best substitutes of exercise `id`, best first, with
    /// bit sets `wm` and `wq` words wide.
    #[inline(always)]
    fn best(&self, guide: &Guide, id: Id, limit: usize, wm: usize, wq: usize) -> Vec<(u64, Id)> {
        let width = 2 * wm + wq + 1;
        let e = &guide.exercises[id];
        let mine = parse(&self.rows[id * width..(id + 1) * width], wm, wq);
        // A candidate's rank in one word, lowest best: from the top, the primary muscles it
        // does not share (8 bits), the muscles one of the two works and the other does not
        // (8), the level gap (2), its equipment beyond the exercise's (8) and its place in
        // the guide (32).
        let rank = |c: &Row<'_>| -> u64 {
            let shared = 255 - common(mine.primary, c.primary).min(255);
            let worked = apart(mine.worked, c.worked).min(255);
            let gap = match (mine.level, c.level) {
                (LEVEL_NONE, LEVEL_NONE) => 0,
                (LEVEL_NONE, _) | (_, LEVEL_NONE) => 1,
                (a, b) => a.abs_diff(b),
            };
            let extra = beyond(c.equipment, mine.equipment).min(255);
            shared << 50 | worked << 42 | gap << 40 | extra << 32 | c.place
        };
        // (rank, id): the best `limit` so far, best first.
        let mut best: Vec<(u64, Id)> = Vec::with_capacity(limit + 1);
        // The candidates are in the lists of its own primary muscles, which hold the exercises
        // of their parts too. (Not in those of the wholes its muscles are parts of: a whole may
        // be as wide as the legs, whose list is every exercise for any muscle of them.)
        let muscles = &e.primary;
        for (k, &m) in muscles.iter().enumerate() {
            let Some(list) = self.lists.get(m) else {
                continue;
            };
            let earlier = &muscles[..k];
            let rows = &self.listed[list.start * width..list.end * width];
            for row in rows.chunks_exact(width) {
                let c = parse(row, wm, wq);
                // The exercise itself, or met in the list of an earlier primary muscle.
                if c.id == id || earlier.iter().any(|&p| has(c.primary, p)) {
                    continue;
                }
                let key = rank(&c);
                if best.len() == limit && key >= best[limit - 1].0 {
                    continue;
                }
                let at = best.partition_point(|(k, _)| *k < key);
                best.insert(at, (key, c.id));
                best.truncate(limit);
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::link::testing::{equipment_slugs, exercise_id, link, muscle_slugs};

    /// A guide of the exercises `rows`: (slug, primary, secondary, equipment, level), against
    /// the test catalogue (rhomboids, lats, biceps; a band, a dumbbell).
    fn guide(rows: &[(&str, &str, &str, &str, &str)]) -> Guide {
        let files: Vec<(String, String)> = rows
            .iter()
            .map(|(slug, p, s, q, level)| {
                (
                    format!("exercises/{slug}.md"),
                    format!("title: {slug}\nmuscles:\n  primary: [{p}]\n  secondary: [{s}]\nequipment: [{q}]\nlevel: {level}"),
                )
            })
            .collect();
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let (guide, found) = link(&files);
        assert_eq!(found, Vec::<String>::new());
        guide
    }

    /// The slugs of the substitutes of `slug`, best first.
    fn ranked(guide: &Guide, slug: &str, limit: usize) -> Vec<String> {
        Traits::of(guide)
            .substitutes(guide, exercise_id(guide, slug), limit)
            .into_iter()
            .map(|s| guide.exercises[s.id].meta.slug.clone())
            .collect()
    }

    #[test]
    fn shared_primaries_come_first_then_secondaries_then_level_then_equipment() {
        let guide = guide(&[
            ("row", "rhomboids, lats", "biceps", "dumbbell", "beginner"),
            // Both primaries, no secondary, far in level.
            ("both", "lats, rhomboids", "", "dumbbell", "advanced"),
            // One primary, and the secondary.
            (
                "one-and-biceps",
                "rhomboids",
                "biceps",
                "dumbbell",
                "advanced",
            ),
            // One primary, the same level, more equipment.
            ("one-level", "lats", "", "dumbbell, band", "beginner"),
            // One primary, the same level, no equipment it lacks.
            ("one-level-bare", "rhomboids", "", "", "beginner"),
            // One primary, a step away in level.
            ("one-step", "rhomboids", "", "", "intermediate"),
            // Works the biceps only (the row's secondary): not a substitute.
            ("curl", "biceps", "rhomboids", "dumbbell", "beginner"),
        ]);
        assert_eq!(
            ranked(&guide, "row", 10),
            [
                "both",
                "one-and-biceps",
                "one-level-bare",
                "one-level",
                "one-step"
            ]
        );
        assert_eq!(ranked(&guide, "row", 2), ["both", "one-and-biceps"]);
        assert!(ranked(&guide, "row", 0).is_empty());
        assert!(ranked(&guide, "curl", 10).is_empty());
    }

    #[test]
    fn a_substitute_says_what_it_shares_and_what_it_needs_instead() {
        let guide = guide(&[
            ("row", "rhomboids, lats", "biceps", "dumbbell", "beginner"),
            ("band-row", "lats, rhomboids", "biceps", "band", "beginner"),
        ]);
        let [sub] = &Traits::of(&guide).substitutes(&guide, exercise_id(&guide, "row"), 5)[..]
        else {
            panic!("not one substitute");
        };
        assert_eq!(sub.id, exercise_id(&guide, "band-row"));
        assert_eq!(
            muscle_slugs(&guide, &sub.shared),
            ["rhomboids", "latissimus-dorsi"]
        );
        assert_eq!(muscle_slugs(&guide, &sub.also), ["biceps"]);
        assert_eq!(equipment_slugs(&guide, &sub.needs), ["resistance-band"]);
        assert_eq!(equipment_slugs(&guide, &sub.spares), ["dumbbell"]);
    }

    #[test]
    fn a_candidate_working_more_muscles_besides_ranks_after_a_closer_one() {
        let guide = guide(&[
            ("row", "rhomboids", "lats", "", "beginner"),
            // Works the row's muscles, and the biceps besides.
            ("a-big-pull", "rhomboids", "lats, biceps", "", "beginner"),
            ("b-close-row", "rhomboids", "lats", "", "beginner"),
        ]);
        assert_eq!(ranked(&guide, "row", 5), ["b-close-row", "a-big-pull"]);
    }

    #[test]
    fn ties_keep_the_guides_order_and_no_exercise_is_its_own_substitute() {
        let guide = guide(&[
            ("c-row", "rhomboids", "", "", "beginner"),
            ("a-row", "rhomboids", "", "", "beginner"),
            ("b-row", "rhomboids", "", "", "beginner"),
        ]);
        assert_eq!(ranked(&guide, "c-row", 5), ["a-row", "b-row"]);
        assert_eq!(ranked(&guide, "a-row", 5), ["b-row", "c-row"]);
    }

    #[test]
    fn a_whole_has_its_parts_exercises_and_a_part_its_own() {
        let parts = [
            (
                "muscles/upper-lats.md",
                "title: Upper lats\nparent: lats\nmap: [teres major]",
            ),
            (
                "muscles/lower-lats.md",
                "title: Lower lats\nparent: lats\nmap: [teres major]",
            ),
        ];
        let exercise = |slug: &str, primary: &str| {
            (
                format!("exercises/{slug}.md"),
                format!("title: {slug}\nmuscles:\n  primary: [{primary}]"),
            )
        };
        let rows = [
            exercise("high-row", "upper lats"),
            exercise("pulldown", "lats"),
            exercise("straight-arm", "lower lats"),
            exercise("other-high-row", "upper lats"),
            exercise("curl", "biceps"),
        ];
        let mut files: Vec<(&str, &str)> = parts.to_vec();
        files.extend(rows.iter().map(|(a, b)| (a.as_str(), b.as_str())));
        let (guide, found) = link(&files);
        assert_eq!(found, Vec::<String>::new());
        let traits = Traits::of(&guide);
        let subs = |slug: &str| -> Vec<(String, Vec<String>)> {
            (traits
                .substitutes(&guide, exercise_id(&guide, slug), 10)
                .iter())
            .map(|s| {
                let name = guide.exercises[s.id].meta.slug.clone();
                (name, muscle_slugs(&guide, &s.shared))
            })
            .collect()
        };
        let pair = |a: &str, b: &str| (a.to_string(), vec![b.to_string()]);
        // A part's substitutes are filed under it (or its parts): not under its whole or its
        // sibling, whose lists may be as wide as the legs'.
        assert_eq!(subs("high-row"), [pair("other-high-row", "upper-lats")]);
        // The whole's substitutes are its parts' exercises, sharing the whole.
        assert_eq!(
            subs("pulldown"),
            [
                pair("high-row", "latissimus-dorsi"),
                pair("other-high-row", "latissimus-dorsi"),
                pair("straight-arm", "latissimus-dorsi"),
            ]
        );
    }
}
