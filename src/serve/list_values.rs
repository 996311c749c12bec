//! Tera values kept from one render to the next, for the pages that list everything.
//!
//! Tera 1 renders from a context of owned values, so a page listing every workout card or
//! every exercise serializes each of them into one, every time it is rendered: at a thousand
//! cards that was most of the time `spotter serve` took to render the deck again after an
//! edit. A [`ListValues`] keeps each item's value between renders; a page borrows them all (they
//! move into its context and back, uncopied), and only the items that changed since are
//! serialized again.

use std::sync::Mutex;

use serde::Serialize;
use tera::{Context, Value};

use crate::model::Id;

/// One value per item (by id), made when first needed, kept until the item changes.
#[derive(Default)]
pub struct ListValues {
    values: Mutex<Vec<Value>>,
}

impl ListValues {
    /// Forgets the values of `ids`, whose items changed.
    pub fn forget(&self, ids: &[Id]) {
        let mut values = self.lock();
        for &i in ids {
            if let Some(v) = values.get_mut(i) {
                *v = Value::Null;
            }
        }
    }

    /// Forgets every value, and makes room for `len` items.
    pub fn reset(&self, len: usize) {
        let mut values = self.lock();
        values.clear();
        values.resize(len, Value::Null);
    }

    /// Moves the values to their items' new ids, after files were added or removed: `moved`
    /// takes them by old id and gives them by new id (see [`crate::serve::moves::Moves`]).
    pub fn reorder(&self, moved: impl FnOnce(Vec<Value>) -> Vec<Value>) {
        let mut values = self.lock();
        *values = moved(std::mem::take(&mut *values));
    }

    /// Moves the values of `order` (made with `make` where there is none) into `ctx` as an
    /// array under `key`. [`ListValues::give_back`] takes them back.
    pub fn lend<T: Serialize>(
        &self,
        ctx: &mut Context,
        key: &str,
        order: &[Id],
        make: impl Fn(Id) -> T,
    ) -> tera::Result<()> {
        let mut values = self.lock();
        let mut list = Vec::with_capacity(order.len());
        for &i in order {
            if values.len() <= i {
                values.resize(i + 1, Value::Null);
            }
            let value = match std::mem::take(&mut values[i]) {
                Value::Null => tera::to_value(make(i))?,
                value => value,
            };
            list.push(value);
        }
        let mut map = tera::Map::new();
        map.insert(key.to_string(), Value::Array(list));
        ctx.extend(Context::from_value(Value::Object(map))?);
        Ok(())
    }

    /// Takes back the values lent into `ctx` under `key`, in `order`.
    pub fn give_back(&self, ctx: &mut Context, key: &str, order: &[Id]) {
        let Some(Value::Array(list)) = ctx.remove(key) else {
            return;
        };
        let mut values = self.lock();
        for (&i, value) in order.iter().zip(list) {
            if let Some(slot) = values.get_mut(i) {
                *slot = value;
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Value>> {
        self.values.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn values_are_made_once_and_again_only_when_forgotten() {
        let lent = ListValues::default();
        let made = AtomicUsize::new(0);
        let make = |i: Id| {
            made.fetch_add(1, Ordering::Relaxed);
            format!("item {i}")
        };
        let order = [2, 0, 1];
        let mut ctx = Context::new();
        lent.lend(&mut ctx, "items", &order, make).unwrap();
        assert_eq!(
            ctx.get("items"),
            Some(&serde_json::json!(["item 2", "item 0", "item 1"]))
        );
        lent.give_back(&mut ctx, "items", &order);
        assert!(ctx.get("items").is_none());
        assert_eq!(made.load(Ordering::Relaxed), 3);

        // ListValues again in another order: nothing is made.
        let order = [1, 2, 0];
        let mut ctx = Context::new();
        lent.lend(&mut ctx, "items", &order, make).unwrap();
        assert_eq!(
            ctx.get("items"),
            Some(&serde_json::json!(["item 1", "item 2", "item 0"]))
        );
        lent.give_back(&mut ctx, "items", &order);
        assert_eq!(made.load(Ordering::Relaxed), 3);

        // A forgotten value is made again, from the item as it is now.
        lent.forget(&[2]);
        let mut ctx = Context::new();
        lent.lend(&mut ctx, "items", &[2], |i| format!("new {i}"))
            .unwrap();
        assert_eq!(ctx.get("items"), Some(&serde_json::json!(["new 2"])));
    }

    #[test]
    fn values_move_to_their_new_ids_and_new_items_are_made() {
        let values = ListValues::default();
        let mut ctx = Context::new();
        lent_all(&values, &mut ctx, 3, "old");
        // Old item 1 is gone, old item 2 is item 0 now, item 1 is new.
        values.reorder(|old| {
            let mut old: Vec<Option<Value>> = old.into_iter().map(Some).collect();
            vec![old[2].take().unwrap(), Value::Null]
        });
        let mut ctx = Context::new();
        lent_all(&values, &mut ctx, 2, "new");
        assert_eq!(
            ctx.get("items"),
            Some(&serde_json::json!(["old 2", "new 1"]))
        );
    }

    /// Lends items `0..n` of `lent` into `ctx` under "items" (made as "`made` i"), and takes
    /// them back, leaving a copy in `ctx`.
    fn lent_all(lent: &ListValues, ctx: &mut Context, n: usize, made: &str) {
        let order: Vec<Id> = (0..n).collect();
        lent.lend(ctx, "items", &order, |i| format!("{made} {i}"))
            .unwrap();
        let copy = ctx.get("items").cloned().unwrap();
        lent.give_back(ctx, "items", &order);
        ctx.insert("items", &copy);
    }

    #[test]
    fn values_not_given_back_are_made_again() {
        let lent = ListValues::default();
        let mut ctx = Context::new();
        lent.lend(&mut ctx, "items", &[0], |_| "first").unwrap();
        drop(ctx);
        let mut ctx = Context::new();
        lent.lend(&mut ctx, "items", &[0], |_| "second").unwrap();
        assert_eq!(ctx.get("items"), Some(&serde_json::json!(["second"])));
    }
}
