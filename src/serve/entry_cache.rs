//! Values made from each entry of a guide, kept for the next guide `spotter serve` links after
//! an edit. Guides linked one from another share the entries an edit did not change (each is
//! an `Arc`), so an entry at the same address is the same entry, unchanged: what was made
//! from it still holds, as long as whatever else went into it is the same too. A guide linked
//! whole makes every entry anew: its entries are compared by what the values are made from.

use std::sync::Arc;

use rayon::prelude::*;

use crate::model::Id;
use crate::serve::moves::Moves;

/// One value per entry, each with the entry it was made from. The entries are held, so that
/// no other can take their address while the values are kept.
pub struct EntryCache<T, V> {
    /// The fingerprint of what the values are made from besides their entry.
    around: u64,
    /// By entry id; `None` where nothing is kept.
    kept: Vec<Option<(Arc<T>, V)>>,
}

impl<T, V> Default for EntryCache<T, V> {
    fn default() -> Self {
        EntryCache {
            around: 0,
            kept: Vec::new(),
        }
    }
}

impl<T: Send + Sync, V: Send> EntryCache<T, V> {
    /// Makes the value of each of `entries`: the one kept for the entry at its id, when that
    /// is the very same entry or `same` says it is made from the same, and `around` (the
    /// fingerprint of everything else the values are made from) is as it was; else made with
    /// `make`, in parallel.
    pub fn renew(
        &mut self,
        entries: &[Arc<T>],
        around: u64,
        same: impl Fn(&T, &T) -> bool + Sync,
        make: impl Fn(Id) -> V + Sync + Send,
    ) {
        let mut kept = std::mem::take(&mut self.kept);
        if around != self.around {
            kept.clear();
        }
        kept.resize_with(entries.len(), || None);
        self.kept = (kept.into_par_iter().zip(entries).enumerate())
            .map(|(i, (slot, entry))| {
                let value = match slot {
                    Some((old, value)) if Arc::ptr_eq(&old, entry) || same(&old, entry) => value,
                    _ => make(i),
                };
                Some((entry.clone(), value))
            })
            .collect();
        self.around = around;
    }

    /// Forgets the values kept for the entries `ids`: made from something besides their entry
    /// that changed (an exercise's ref shows its cover picture, whose file may change while
    /// its front matter does not).
    pub fn forget(&mut self, ids: impl IntoIterator<Item = Id>) {
        for i in ids {
            if let Some(slot) = self.kept.get_mut(i) {
                *slot = None;
            }
        }
    }

    /// Moves what is kept to the entries' new ids, after files were added or removed.
    pub fn reorder(&mut self, moves: &Moves) {
        self.kept = moves.exercises(std::mem::take(&mut self.kept), || None);
    }

    /// The values, in entry order (after [`EntryCache::renew`], one per entry).
    pub fn values(&self) -> impl Iterator<Item = &V> + '_ {
        self.kept.iter().flatten().map(|(_, value)| value)
    }

    /// Takes the values out, in entry order (nothing is kept after).
    pub fn take(&mut self) -> Vec<V> {
        (std::mem::take(&mut self.kept).into_iter().flatten())
            .map(|(_, value)| value)
            .collect()
    }

    /// Keeps `values`, made from `entries` with `around`.
    pub fn keep(entries: &[Arc<T>], around: u64, values: Vec<V>) -> Self {
        EntryCache {
            around,
            kept: (entries.iter().cloned().zip(values)).map(Some).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// What makes the value of entry `i` of `entries` (the entry in capitals), counting in
    /// `made` the values it makes.
    fn counting<'a>(
        made: &'a AtomicUsize,
        entries: &[Arc<String>],
    ) -> impl Fn(Id) -> String + Sync + Send + 'a {
        let entries = entries.to_vec();
        move |i: Id| {
            made.fetch_add(1, Ordering::Relaxed);
            entries[i].to_uppercase()
        }
    }

    fn never(_: &String, _: &String) -> bool {
        false
    }

    #[test]
    fn a_value_is_made_again_only_for_another_entry_or_around() {
        let made = &AtomicUsize::new(0);
        let make = |entries: &[Arc<String>]| counting(made, entries);
        let entries: Vec<Arc<String>> = ["a", "b", "c"].map(|s| Arc::new(s.into())).to_vec();
        let mut kept: EntryCache<String, String> = EntryCache::default();
        kept.renew(&entries, 1, never, make(&entries));
        assert_eq!(made.swap(0, Ordering::Relaxed), 3);

        // The same "b" in value, but another entry: made again; the others kept.
        let mut next = entries.clone();
        next[1] = Arc::new("b".into());
        next.push(Arc::new("d".into()));
        kept.renew(&next, 1, never, make(&next));
        assert_eq!(made.swap(0, Ordering::Relaxed), 2);
        assert!(kept.values().eq(["A", "B", "C", "D"].iter()));

        // Something else they are made from changed: all made again.
        kept.renew(&next, 2, never, make(&next));
        assert_eq!(made.swap(0, Ordering::Relaxed), 4);
        next.truncate(2);
        kept.renew(&next, 2, never, make(&next));
        assert_eq!(made.swap(0, Ordering::Relaxed), 0);
        assert_eq!(kept.take(), ["A", "B"]);
    }

    #[test]
    fn another_entry_made_from_the_same_keeps_its_value() {
        let made = &AtomicUsize::new(0);
        let make = |entries: &[Arc<String>]| counting(made, entries);
        let entries: Vec<Arc<String>> = ["a", "b"].map(|s| Arc::new(s.into())).to_vec();
        let mut kept: EntryCache<String, String> = EntryCache::default();
        kept.renew(&entries, 1, never, make(&entries));
        made.swap(0, Ordering::Relaxed);

        // Linked whole: every entry anew, "b" made from the same text, "c2" from another.
        let next: Vec<Arc<String>> = vec![Arc::new("a".into()), Arc::new("c2".into())];
        kept.renew(&next, 1, |a, b| a == b, make(&next));
        assert!(kept.values().eq(["A", "C2"].iter()));
        assert_eq!(made.swap(0, Ordering::Relaxed), 1, "c2 is made");
    }
}
