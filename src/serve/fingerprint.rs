//! Fingerprints: a hash of everything a page is made from, that is of its context serialized
//! (plus what a page makes outside its context, such as an exercise's body from its text), so
//! that `spotter serve` can tell which pages an edit changed without rendering them. A page's
//! context is built once, through `Ctx`, for Tera or for its fingerprint, so the two cannot
//! drift apart. Every fingerprint is one hash, `output::digest`'s, of a compact
//! serialization (`fingerprint_of`).

use tera::Context;

/// A page's context as it is built: for Tera, or serialized to be hashed into a fingerprint of
/// everything the page is made from.
pub(crate) enum Ctx {
    Render(Context),
    Fingerprint(Vec<u8>),
}

thread_local! {
    /// The buffer fingerprints are serialized into, one per thread, reused.
    static FINGERPRINT_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Ctx {
    /// A context for Tera.
    pub(crate) fn render() -> Ctx {
        Ctx::Render(Context::new())
    }

    /// A context to be hashed into a fingerprint.
    pub(crate) fn fingerprint() -> Ctx {
        Ctx::Fingerprint(FINGERPRINT_BUFFER.take())
    }

    /// Whether the context is made for a fingerprint (else for Tera).
    pub(crate) fn is_fingerprint(&self) -> bool {
        matches!(self, Ctx::Fingerprint(_))
    }

    /// The fingerprint a context in fingerprint mode holds (and its buffer back for the next).
    pub(crate) fn digest(bytes: Vec<u8>) -> u64 {
        let fingerprint = crate::output::digest(&bytes);
        let mut bytes = bytes;
        bytes.clear();
        FINGERPRINT_BUFFER.set(bytes);
        fingerprint
    }

    /// Inserts `value`, or, in a fingerprint, `fingerprint`: the fingerprint of what `value` is made from.
    pub(crate) fn insert_or_fingerprint<T: serde::Serialize + ?Sized>(
        &mut self,
        key: &str,
        value: &T,
        fingerprint: Option<&u64>,
    ) {
        match self {
            Ctx::Render(_) => self.insert(key, value),
            Ctx::Fingerprint(_) => self.insert(key, &fingerprint),
        }
    }

    /// Adds bytes that only a fingerprint holds (what the page makes outside the context).
    pub(crate) fn raw(&mut self, text: &str) {
        if let Ctx::Fingerprint(bytes) = self {
            bytes.extend_from_slice(text.as_bytes());
            bytes.push(0);
        }
    }

    pub(crate) fn insert<T: serde::Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        match self {
            Ctx::Render(ctx) => ctx.insert(key, value),
            Ctx::Fingerprint(bytes) => {
                bytes.extend_from_slice(key.as_bytes());
                bytes.push(0);
                // A compact serialization (strings are not escaped), or JSON for what it
                // cannot write (sequences of unknown length).
                let at = bytes.len();
                if bincode::serialize_into(&mut *bytes, value).is_err() {
                    bytes.truncate(at);
                    if serde_json::to_writer(&mut *bytes, value).is_err() {
                        // What cannot be serialized is unknown: a fingerprint that matches no other.
                        use std::sync::atomic::{AtomicU64, Ordering};
                        static UNKNOWN: AtomicU64 = AtomicU64::new(0);
                        bytes.truncate(at);
                        let n = UNKNOWN.fetch_add(1, Ordering::Relaxed);
                        bytes.extend_from_slice(b"unknown");
                        bytes.extend_from_slice(&n.to_le_bytes());
                    }
                }
                bytes.push(0);
            }
        }
    }
}

/// The fingerprint of a value: a hash of its serialization.
pub(crate) fn fingerprint_of<T: serde::Serialize + ?Sized>(value: &T) -> u64 {
    let mut ctx = Ctx::fingerprint();
    ctx.insert("", value);
    match ctx {
        Ctx::Fingerprint(bytes) => Ctx::digest(bytes),
        Ctx::Render(_) => unreachable!(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct View<'a> {
        title: &'a str,
        tags: Vec<&'a str>,
    }

    fn page(title: &str, tags: Vec<&str>, body: &str) -> u64 {
        let mut ctx = Ctx::fingerprint();
        ctx.raw(body);
        ctx.insert("view", &View { title, tags });
        match ctx {
            Ctx::Fingerprint(bytes) => Ctx::digest(bytes),
            Ctx::Render(_) => unreachable!(),
        }
    }

    #[test]
    fn a_print_changes_with_anything_in_the_context_and_only_then() {
        let base = page("Row", vec!["back"], "Pull.");
        assert_eq!(base, page("Row", vec!["back"], "Pull."));
        assert_ne!(base, page("Rows", vec!["back"], "Pull."));
        assert_ne!(base, page("Row", vec!["back", "pull"], "Pull."));
        assert_ne!(base, page("Row", vec!["back"], "Pull!"));
        // Where one value ends and the next begins is part of the fingerprint.
        assert_ne!(page("Ro", vec!["wback"], ""), page("Row", vec!["back"], ""));
        assert_eq!(fingerprint_of(&("a", 1)), fingerprint_of(&("a", 1)));
        assert_ne!(fingerprint_of(&("a", 1)), fingerprint_of(&("a", 2)));
    }

    #[test]
    fn a_value_that_cannot_be_serialized_matches_no_fingerprint() {
        struct Broken;
        impl serde::Serialize for Broken {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("no"))
            }
        }
        assert_ne!(fingerprint_of(&Broken), fingerprint_of(&Broken));
    }
}
