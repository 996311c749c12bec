//! What each page of one linking of a guide is in another linking of it, after files were
//! added or removed (`spotter serve`): ids are positions in the guide's lists, so a page added
//! or removed moves the ids of those after it. Pages are matched by what names them for good:
//! a slug, a standalone page's path.

use std::collections::HashMap;

use foldhash::fast::RandomState;

use crate::model::{Guide, Id, Target};

/// For each kind of page, the new id of each old one (`None`: gone).
#[derive(Debug, PartialEq, Eq)]
pub struct Renumbering {
    exercises: Vec<Option<Id>>,
    workouts: Vec<Option<Id>>,
    posts: Vec<Option<Id>>,
    pages: Vec<Option<Id>>,
    muscles: Vec<Option<Id>>,
    equipment: Vec<Option<Id>>,
    tags: Vec<Option<Id>>,
}

/// The new id of each of `old`, matched by `key` against `new`.
fn matched<'a, T: 'a>(
    old: impl Iterator<Item = &'a T>,
    new: impl Iterator<Item = &'a T>,
    key: impl Fn(&'a T) -> &'a str,
) -> Vec<Option<Id>> {
    let at: HashMap<&str, Id, RandomState> = new.enumerate().map(|(i, x)| (key(x), i)).collect();
    old.map(|x| at.get(key(x)).copied()).collect()
}

/// The old id of each of `len` new ones, from the new id of each old one.
fn inverted(ids: &[Option<Id>], len: usize) -> Vec<Option<Id>> {
    let mut back = vec![None; len];
    for (old, new) in ids.iter().enumerate() {
        if let Some(new) = *new {
            back[new] = Some(old);
        }
    }
    back
}

impl Renumbering {
    /// Matches the pages of `old` with those of `new`.
    pub fn new(old: &Guide, new: &Guide) -> Renumbering {
        Renumbering {
            exercises: matched(old.exercises.iter(), new.exercises.iter(), |e| {
                e.meta.slug.as_str()
            }),
            workouts: matched(old.workouts.iter(), new.workouts.iter(), |w| {
                w.meta.slug.as_str()
            }),
            posts: matched(old.posts.iter(), new.posts.iter(), |p| p.meta.slug.as_str()),
            pages: matched(old.pages.iter(), new.pages.iter(), |p| p.path.as_str()),
            muscles: matched(old.muscles.iter(), new.muscles.iter(), |m| {
                m.term.meta.slug.as_str()
            }),
            equipment: matched(old.equipment.iter(), new.equipment.iter(), |e| {
                e.term.meta.slug.as_str()
            }),
            tags: matched(old.tags.iter(), new.tags.iter(), |t| t.slug.as_str()),
        }
    }

    /// The other way round: for each kind of page of `new` (the guide `self` matched `old`
    /// with), the old id of each new one.
    pub fn inverse(&self, new: &Guide) -> Renumbering {
        Renumbering {
            exercises: inverted(&self.exercises, new.exercises.len()),
            workouts: inverted(&self.workouts, new.workouts.len()),
            posts: inverted(&self.posts, new.posts.len()),
            pages: inverted(&self.pages, new.pages.len()),
            muscles: inverted(&self.muscles, new.muscles.len()),
            equipment: inverted(&self.equipment, new.equipment.len()),
            tags: inverted(&self.tags, new.tags.len()),
        }
    }

    /// The new id of old exercise `id`.
    pub fn exercise(&self, id: Id) -> Option<Id> {
        self.exercises.get(id).copied().flatten()
    }

    /// The new id of old workout `id`.
    pub fn workout(&self, id: Id) -> Option<Id> {
        self.workouts.get(id).copied().flatten()
    }

    /// The new id of old tag `id`.
    pub fn tag(&self, id: Id) -> Option<Id> {
        self.tags.get(id).copied().flatten()
    }

    /// The old `target` in the new guide.
    pub fn target(&self, target: &Target) -> Option<Target> {
        let new = |ids: &[Option<Id>], id: Id| ids.get(id).copied().flatten();
        Some(match target {
            Target::Exercise(i) => Target::Exercise(new(&self.exercises, *i)?),
            Target::Workout(i) => Target::Workout(new(&self.workouts, *i)?),
            Target::Muscle(i) => Target::Muscle(new(&self.muscles, *i)?),
            Target::Equipment(i) => Target::Equipment(new(&self.equipment, *i)?),
            Target::Post(i) => Target::Post(new(&self.posts, *i)?),
            Target::Page(i) => Target::Page(new(&self.pages, *i)?),
            Target::Section(s) => Target::Section(s.clone()),
        })
    }
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
    fn the_inverse_gives_each_new_id_its_old_one() {
        let (old, new) = (["a", "b", "c"], ["a", "x", "c", "b"]);
        let back = inverted(&matched(old.iter(), new.iter(), |s| s), new.len());
        assert_eq!(back, matched(new.iter(), old.iter(), |s| s));
        assert_eq!(back, vec![Some(0), None, Some(2), Some(1)]);
    }
}
