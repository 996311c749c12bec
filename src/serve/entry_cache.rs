//! Values made from each entry of a guide, kept for the next guide `spotter serve` links after
//! an edit. Guides linked one from another share the entries an edit did not change (each is
//! an `Arc`), so an entry at the same address is the same entry, unchanged: what was made
//! from it still holds, as long as whatever else went into it is the same too.

use std::sync::Arc;

use rayon::prelude::*;

use crate::model::Id;

/// One value per entry, each with the entry it was made from. The entries are held, so that
/// no other can take their address while the values are kept.
pub struct EntryCache<T, V> {
    /// The fingerprint of what the values are made from besides their entry.
    around: u64,
    entries: Vec<Arc<T>>,
    values: Vec<V>,
}

impl<T, V> Default for EntryCache<T, V> {
    fn default() -> Self {
        EntryCache {
            around: 0,
            entries: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<T: Send + Sync, V: Send> EntryCache<T, V> {
    /// Makes the value of each of `entries`: the one kept for the very same entry, when
    /// `around` (the fingerprint of everything else the values are made from) is also as it was;
    /// else made with `make`, in parallel.
    pub fn renew(&mut self, entries: &[Arc<T>], around: u64, make: impl Fn(Id) -> V + Sync + Send) {
        self.renew_moved(entries, around, Some, |_, _| false, make);
    }

    /// [`EntryCache::renew`] for entries that may have moved and been made again (another
    /// linking of a guide, after files were added or removed): entry `i` was entry `was(i)`,
    /// and the value kept for that one is its value too when it is the very same entry or
    /// `same` says it is made from the same.
    pub fn renew_moved(
        &mut self,
        entries: &[Arc<T>],
        around: u64,
        was: impl Fn(Id) -> Option<Id>,
        same: impl Fn(&T, &T) -> bool,
        make: impl Fn(Id) -> V + Sync + Send,
    ) {
        let mut kept: Vec<Option<V>> =
            if around == self.around && self.entries.len() == self.values.len() {
                std::mem::take(&mut self.values)
                    .into_iter()
                    .map(Some)
                    .collect()
            } else {
                Vec::new()
            };
        let old = std::mem::take(&mut self.entries);
        let mut moved: Vec<Option<V>> = (0..entries.len())
            .map(|i| {
                let w = was(i).filter(|&w| w < kept.len())?;
                let (old, new) = (&old[w], &entries[i]);
                (Arc::ptr_eq(old, new) || same(old, new))
                    .then(|| kept[w].take())
                    .flatten()
            })
            .collect();
        self.values = (moved.par_iter_mut().enumerate())
            .map(|(i, value)| value.take().unwrap_or_else(|| make(i)))
            .collect();
        self.entries = entries.to_vec();
        self.around = around;
    }

    /// The values, in entry order.
    pub fn values(&self) -> &[V] {
        &self.values
    }

    /// Takes the values out, in entry order (nothing is kept after).
    pub fn take(&mut self) -> Vec<V> {
        self.entries.clear();
        std::mem::take(&mut self.values)
    }

    /// Keeps `values`, made from `entries` with `around`.
    pub fn keep(entries: &[Arc<T>], around: u64, values: Vec<V>) -> Self {
        EntryCache {
            around,
            entries: entries.to_vec(),
            values,
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

    #[test]
    fn a_value_is_made_again_only_for_another_entry_or_around() {
        let made = &AtomicUsize::new(0);
        let make = |entries: &[Arc<String>]| counting(made, entries);
        let entries: Vec<Arc<String>> = ["a", "b", "c"].map(|s| Arc::new(s.into())).to_vec();
        let mut kept: EntryCache<String, String> = EntryCache::default();
        kept.renew(&entries, 1, make(&entries));
        assert_eq!(made.swap(0, Ordering::Relaxed), 3);

        // The same "b" in value, but another entry: made again; the others kept.
        let mut next = entries.clone();
        next[1] = Arc::new("b".into());
        next.push(Arc::new("d".into()));
        kept.renew(&next, 1, make(&next));
        assert_eq!(made.swap(0, Ordering::Relaxed), 2);
        assert_eq!(kept.values(), ["A", "B", "C", "D"]);

        // Something else they are made from changed: all made again.
        kept.renew(&next, 2, make(&next));
        assert_eq!(made.swap(0, Ordering::Relaxed), 4);
        next.truncate(2);
        kept.renew(&next, 2, make(&next));
        assert_eq!(made.swap(0, Ordering::Relaxed), 0);
        assert_eq!(kept.take(), ["A", "B"]);
    }

    #[test]
    fn a_moved_entry_keeps_its_value_when_it_is_the_same_one_or_made_from_the_same() {
        let made = &AtomicUsize::new(0);
        let make = |entries: &[Arc<String>]| counting(made, entries);
        let entries: Vec<Arc<String>> = ["a", "b", "c"].map(|s| Arc::new(s.into())).to_vec();
        let mut kept: EntryCache<String, String> = EntryCache::default();
        kept.renew(&entries, 1, make(&entries));
        made.swap(0, Ordering::Relaxed);

        // "x" came first, moving the others; "b" is made again from the same text, "c" from
        // another.
        let next: Vec<Arc<String>> = vec![
            Arc::new("x".into()),
            entries[0].clone(),
            Arc::new("b".into()),
            Arc::new("c2".into()),
        ];
        let was = |i: Id| (i > 0).then(|| i - 1);
        kept.renew_moved(&next, 1, was, |a, b| a == b, make(&next));
        assert_eq!(kept.values(), ["X", "A", "B", "C2"]);
        assert_eq!(made.swap(0, Ordering::Relaxed), 2, "x and c2 are made");

        // Another `around`: everything is made.
        kept.renew_moved(&next, 2, Some, |a, b| a == b, make(&next));
        assert_eq!(made.swap(0, Ordering::Relaxed), 4);
    }
}
