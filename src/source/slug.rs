//! Slugs: the URL-safe names of pages, tags and catalogue entries. One place for the rule.
//!
//! It makes and checks names one at a time; whether a slug is taken twice or names a page that
//! exists is [`crate::model::link`]'s to tell.

/// Lowercases `text` and joins its words with hyphens: `Band Pull-Apart` -> `band-pull-apart`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        // ASCII, most of any guide, without the Unicode tables (linking slugifies every file
        // name and every tag).
        let alphanumeric = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        };
        if alphanumeric {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            pending_dash = true;
        }
    }
    out
}

/// Whether `slug` may be used as written: lowercase letters, digits and single hyphens, so it
/// can never name a path outside its folder. (That is, whether [`slugify`] leaves it as it is.)
pub fn is_valid(slug: &str) -> bool {
    let lower = |c: char| {
        if c.is_ascii() {
            c.is_ascii_digit() || c.is_ascii_lowercase()
        } else {
            let mut l = c.to_lowercase();
            c.is_alphanumeric() && l.next() == Some(c) && l.next().is_none()
        }
    };
    slug.split('-')
        .all(|word| !word.is_empty() && word.chars().all(lower))
}

/// A name compared with others: case, hyphens, underscores and runs of spaces do not matter,
/// so `Latissimus Dorsi` and `latissimus-dorsi` are one name.
pub fn name_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            out.extend(word.chars().flat_map(char::to_lowercase));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugifies() {
        assert_eq!(slugify("Band Pull-Apart"), "band-pull-apart");
        assert_eq!(slugify("  I-Y-T (prone) "), "i-y-t-prone");
        assert_eq!(slugify("../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("Élévation"), "élévation");
    }

    #[test]
    fn validates() {
        assert!(is_valid("band-pull-apart"));
        assert!(!is_valid("../x"));
        assert!(!is_valid("a/b"));
        assert!(!is_valid("Upper"));
        assert!(!is_valid(""));
    }

    /// The rules as first written, without the ASCII shortcuts.
    fn slugify_reference(text: &str) -> String {
        let mut out = String::new();
        let mut pending_dash = false;
        for c in text.chars() {
            if c.is_alphanumeric() {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.extend(c.to_lowercase());
            } else {
                pending_dash = true;
            }
        }
        out
    }

    #[test]
    fn shortcuts_keep_the_rules() {
        let pieces = [
            "a", "Z", "9", "-", "--", " ", "_", "/", ".", "é", "É", "İ", "ß", "Σ", "ǅ", "٣", "x",
            "\u{301}", "ﬁ", "Ⅻ", "ⅻ", "\t",
        ];
        let mut n = 0u64;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in ["", "q", "-", "Q", "é"] {
                        let text = format!("{a}{b}{c}{d}");
                        let slug = slugify_reference(&text);
                        assert_eq!(slugify(&text), slug, "{text:?}");
                        let valid = !text.is_empty() && slug == text;
                        assert_eq!(is_valid(&text), valid, "{text:?}");
                        let key: Vec<String> = text
                            .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
                            .filter(|w| !w.is_empty())
                            .map(|w| w.chars().flat_map(char::to_lowercase).collect())
                            .collect();
                        assert_eq!(name_key(&text), key.join(" "), "{text:?}");
                        n += 1;
                    }
                }
            }
        }
        assert!(n > 50_000);
    }

    #[test]
    fn name_keys_ignore_case_and_separators() {
        assert_eq!(name_key("Latissimus Dorsi"), name_key("latissimus-dorsi"));
        assert_eq!(name_key(" E-Z curl  bar"), "e z curl bar");
    }
}
