//! Values made from each entry of a guide, kept for the next guide `spotter serve` links after
//! an edit. Guides linked one from another share the entries an edit did not change (each is
//! an `Arc`), so an entry at the same address is the same entry, unchanged: what was made
//! from it still holds, as long as whatever else went into it is the same too.

use std::sync::Arc;

use rayon::prelude::*;

use crate::model::Id;

/// One value per entry, each with the entry it was made from. The entries are held, so that
/// no other can take their address while the values are kept.
pub struct Kept<T, V> {
    /// The print of what the values are made from besides their entry.
    around: u64,
    entries: Vec<Arc<T>>,
    values: Vec<V>,
}

impl<T, V> Default for Kept<T, V> {
    fn default() -> Self {
        Kept {
            around: 0,
            entries: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<T: Send + Sync, V: Send> Kept<T, V> {
    /// Makes the value of each of `entries`: the one kept for the very same entry, when
    /// `around` (the print of everything else the values are made from) is also as it was;
    /// else made with `make`, in parallel.
    pub fn renew(&mut self, entries: &[Arc<T>], around: u64, make: impl Fn(Id) -> V + Sync + Send) {
        let same = around == self.around && self.entries.len() == self.values.len();
        let mut kept: Vec<Option<V>> = if same {
            std::mem::take(&mut self.values)
                .into_iter()
                .map(Some)
                .collect()
        } else {
            Vec::new()
        };
        kept.resize_with(entries.len(), || None);
        let was = std::mem::take(&mut self.entries);
        self.values = (entries.par_iter().enumerate())
            .zip(kept.par_iter_mut())
            .map(|((i, entry), kept)| match (kept.take(), was.get(i)) {
                (Some(value), Some(was)) if Arc::ptr_eq(was, entry) => value,
                _ => make(i),
            })
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
        Kept {
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

    #[test]
    fn a_value_is_made_again_only_for_another_entry_or_around() {
        let made = AtomicUsize::new(0);
        let entries: Vec<Arc<String>> = ["a", "b", "c"].map(|s| Arc::new(s.into())).to_vec();
        let made = &made;
        let make = |entries: &[Arc<String>]| {
            let entries = entries.to_vec();
            move |i: Id| {
                made.fetch_add(1, Ordering::Relaxed);
                entries[i].to_uppercase()
            }
        };
        let mut kept: Kept<String, String> = Kept::default();
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
}
