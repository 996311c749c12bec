//! Slugs: the URL-safe names of pages, tags and catalogue entries. One place for the rule.

/// Lowercases `text` and joins its words with hyphens: `Band Pull-Apart` -> `band-pull-apart`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
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

/// Whether `slug` may be used as written: lowercase letters, digits and single hyphens, so it
/// can never name a path outside its folder.
pub fn is_valid(slug: &str) -> bool {
    !slug.is_empty() && slugify(slug) == slug
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
        out.extend(word.chars().flat_map(char::to_lowercase));
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

    #[test]
    fn name_keys_ignore_case_and_separators() {
        assert_eq!(name_key("Latissimus Dorsi"), name_key("latissimus-dorsi"));
        assert_eq!(name_key(" E-Z curl  bar"), "e z curl bar");
    }
}
