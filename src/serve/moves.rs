//! Where each page went when files were added or removed (`spotter serve`): ids are positions
//! in the guide's lists, so a page added or removed moves the ids of those after it. Pages are
//! matched by what names them for good: a slug, a standalone page's path. The memo of the site
//! on disk moves with them in one step ([`crate::serve::update::Memo::reshape`]); from then on an
//! update is the same whether files came and went or not.

use std::collections::HashMap;

use foldhash::fast::RandomState;

use crate::model::{Guide, Id, Target};
use crate::render::{job_of, Job};

/// For each kind of page of one linking, the id of each page in another (`None`: not there).
#[derive(Debug, PartialEq, Eq)]
pub struct Ids {
    exercises: Vec<Option<Id>>,
    workouts: Vec<Option<Id>>,
    programs: Vec<Option<Id>>,
    posts: Vec<Option<Id>>,
    pages: Vec<Option<Id>>,
    muscles: Vec<Option<Id>>,
    equipment: Vec<Option<Id>>,
    tags: Vec<Option<Id>>,
}

/// The id in `to` of each of `from`, matched by `key`.
fn matched<'a, T: 'a>(
    from: impl Iterator<Item = &'a T>,
    to: impl Iterator<Item = &'a T>,
    key: impl Fn(&'a T) -> &'a str,
) -> Vec<Option<Id>> {
    let at: HashMap<&str, Id, RandomState> = to.enumerate().map(|(i, x)| (key(x), i)).collect();
    from.map(|x| at.get(key(x)).copied()).collect()
}

impl Ids {
    /// The id in `to` of each page of `from`.
    fn new(from: &Guide, to: &Guide) -> Ids {
        Ids {
            exercises: matched(from.exercises.iter(), to.exercises.iter(), |e| {
                e.meta.slug.as_str()
            }),
            workouts: matched(from.workouts.iter(), to.workouts.iter(), |w| {
                w.meta.slug.as_str()
            }),
            programs: matched(from.programs.iter(), to.programs.iter(), |p| {
                p.meta.slug.as_str()
            }),
            posts: matched(from.posts.iter(), to.posts.iter(), |p| p.meta.slug.as_str()),
            pages: matched(from.pages.iter(), to.pages.iter(), |p| p.path.as_str()),
            muscles: matched(from.muscles.iter(), to.muscles.iter(), |m| {
                m.term.meta.slug.as_str()
            }),
            equipment: matched(from.equipment.iter(), to.equipment.iter(), |e| {
                e.term.meta.slug.as_str()
            }),
            tags: matched(from.tags.iter(), to.tags.iter(), |t| t.slug.as_str()),
        }
    }

    /// The id there of exercise `id`.
    pub fn exercise(&self, id: Id) -> Option<Id> {
        self.exercises.get(id).copied().flatten()
    }

    /// The id there of workout `id`.
    pub fn workout(&self, id: Id) -> Option<Id> {
        self.workouts.get(id).copied().flatten()
    }

    /// The id there of tag `id`.
    pub fn tag(&self, id: Id) -> Option<Id> {
        self.tags.get(id).copied().flatten()
    }

    /// `target` there.
    pub fn target(&self, target: &Target) -> Option<Target> {
        let at = |ids: &[Option<Id>], id: Id| ids.get(id).copied().flatten();
        Some(match target {
            Target::Exercise(i) => Target::Exercise(at(&self.exercises, *i)?),
            Target::Workout(i) => Target::Workout(at(&self.workouts, *i)?),
            Target::Program(i) => Target::Program(at(&self.programs, *i)?),
            Target::Muscle(i) => Target::Muscle(at(&self.muscles, *i)?),
            Target::Equipment(i) => Target::Equipment(at(&self.equipment, *i)?),
            Target::Post(i) => Target::Post(at(&self.posts, *i)?),
            Target::Page(i) => Target::Page(at(&self.pages, *i)?),
            Target::Section(s) => Target::Section(s.clone()),
        })
    }
}

/// Where each page of an old linking of a guide is in a new one, and back.
#[derive(Debug)]
pub struct Moves {
    /// The new id of each old page.
    pub to_new: Ids,
    /// The old id of each new page.
    pub to_old: Ids,
}

impl Moves {
    /// Matches the pages of `old` with those of `new`.
    pub fn new(old: &Guide, new: &Guide) -> Moves {
        Moves {
            to_new: Ids::new(old, new),
            to_old: Ids::new(new, old),
        }
    }

    /// The way back, from the new linking to the old.
    pub fn reversed(self) -> Moves {
        Moves {
            to_new: self.to_old,
            to_old: self.to_new,
        }
    }

    /// The page an old job made, as a job of the new linking; `None` when the page is gone.
    pub(crate) fn job(&self, job: &Job) -> Option<Job> {
        let ids = &self.to_new;
        Some(match job {
            Job::Exercise(i) => Job::Exercise(ids.exercise(*i)?),
            Job::Workout(i) => Job::Workout(ids.workout(*i)?),
            Job::Card(i) => Job::Card(ids.workout(*i)?),
            Job::Log(i) => Job::Log(ids.workout(*i)?),
            Job::Program(i) => job_of(&ids.target(&Target::Program(*i))?)?,
            Job::ProgramSheet(i) => match ids.target(&Target::Program(*i))? {
                Target::Program(n) => Job::ProgramSheet(n),
                _ => return None,
            },
            Job::Tag(i) => Job::Tag(ids.tag(*i)?),
            Job::Muscle(i) => job_of(&ids.target(&Target::Muscle(*i))?)?,
            Job::Equipment(i) => job_of(&ids.target(&Target::Equipment(*i))?)?,
            Job::Post(i) => job_of(&ids.target(&Target::Post(*i))?)?,
            Job::Page(i) => job_of(&ids.target(&Target::Page(*i))?)?,
            other => other.clone(),
        })
    }

    /// `values`, one per old exercise, moved to the new ids: a new exercise's slot is `fill()`.
    pub(crate) fn exercises<T>(&self, values: Vec<T>, fill: impl Fn() -> T) -> Vec<T> {
        moved(values, &self.to_old.exercises, fill)
    }

    /// `values`, one per old workout, moved to the new ids: a new workout's slot is `fill()`.
    pub(crate) fn workouts<T>(&self, values: Vec<T>, fill: impl Fn() -> T) -> Vec<T> {
        moved(values, &self.to_old.workouts, fill)
    }

    /// `values`, one per old tag, moved to the new ids: a new tag's slot is `fill()`.
    pub(crate) fn tags<T>(&self, values: Vec<T>, fill: impl Fn() -> T) -> Vec<T> {
        moved(values, &self.to_old.tags, fill)
    }
}

/// `values` (by old id) by new id, where new id `i` was old id `back[i]`; `fill()` where it
/// was none (or there is no value for it).
fn moved<T>(values: Vec<T>, back: &[Option<Id>], fill: impl Fn() -> T) -> Vec<T> {
    let mut old: Vec<Option<T>> = values.into_iter().map(Some).collect();
    back.iter()
        .map(|was| {
            was.and_then(|w| old.get_mut(w)?.take())
                .unwrap_or_else(&fill)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_slugs_and_gone_pages_have_none() {
        let old = matched(["a", "b", "c"].iter(), ["a", "x", "c", "b"].iter(), |s| s);
        assert_eq!(old, vec![Some(0), Some(3), Some(2)]);
        let gone = matched(["a", "b"].iter(), ["b"].iter(), |s| s);
        assert_eq!(gone, vec![None, Some(0)]);
    }

    #[test]
    fn values_move_to_their_new_ids_and_new_slots_are_filled() {
        let (old, new) = (["a", "b", "c"], ["a", "x", "c", "b"]);
        let back = matched(new.iter(), old.iter(), |s| s);
        let values = vec!["A".to_string(), "B".into(), "C".into()];
        assert_eq!(moved(values, &back, || "?".into()), ["A", "?", "C", "B"]);
        // Fewer values than old ids (a memo made before some were): the rest are filled.
        assert_eq!(moved(vec![1], &back, || 0), [1, 0, 0, 0]);
    }
}
