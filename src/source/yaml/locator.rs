//! [`Locator`]: where a value stands in a YAML text, by key path, so that errors found after
//! parsing (an unknown muscle, say) point at the line that names it.
//!
//! It is not a parser: it reads the text line by line and may not find a value, and the caller
//! then falls back to the key's line or the front matter's first line.

/// Finds where scalar values stand in a YAML text, by key path, for errors found after parsing.
///
/// It reads block and flow style line by line, tracking which keys enclose each line by
/// indentation. It is a locator, not a parser: when it cannot find a value it says so, and the
/// caller falls back to the key's line or the front matter's first line.
pub struct Locator<'a> {
    lines: Vec<LocatedLine<'a>>,
}

struct LocatedLine<'a> {
    /// Keys enclosing this line, outermost first, including a key on this line.
    path: Vec<&'a str>,
    /// The line's text (no line break).
    text: &'a str,
    /// Byte offset in `text` where values may start (after the key on this line, if any).
    values_from: usize,
}

impl<'a> Locator<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let mut stack: Vec<(usize, &'a str)> = Vec::new();
        let mut lines = Vec::new();
        for raw in text.split('\n') {
            let text = raw.strip_suffix('\r').unwrap_or(raw);
            let code = strip_comment(text);
            let mut indent = code.len() - code.trim_start().len();
            let mut rest = &code[indent..];
            let mut is_item = false;
            while let Some(after) = rest
                .strip_prefix("- ")
                .or_else(|| (rest == "-").then_some(""))
            {
                is_item = true;
                let skipped = rest.len() - after.len();
                let trimmed = after.trim_start();
                indent += skipped + (after.len() - trimmed.len());
                rest = trimmed;
            }
            if rest.is_empty() {
                lines.push(LocatedLine {
                    path: stack.iter().map(|s| s.1).collect(),
                    text,
                    values_from: 0,
                });
                continue;
            }
            let key = key_of(rest);
            match key {
                Some(_) => stack.retain(|&(i, _)| i < indent),
                None if is_item => stack.retain(|&(i, _)| i <= indent),
                None => {}
            }
            let mut values_from = 0;
            if let Some(k) = key {
                stack.push((indent, k));
                values_from = indent + k.len() + 1;
            }
            lines.push(LocatedLine {
                path: stack.iter().map(|s| s.1).collect(),
                text,
                values_from,
            });
        }
        Locator { lines }
    }

    /// Every place (1-based line and column) where `value` stands as a whole scalar under
    /// `path`, in order.
    pub fn find_all(&self, path: &[&str], value: &str) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        for (i, line) in self.lines.iter().enumerate() {
            if line.path.len() < path.len() || line.path[..path.len()] != *path {
                continue;
            }
            let mut from = line.values_from;
            while let Some(at) = find_token(&line.text[from..], value) {
                let byte = from + at;
                found.push((i + 1, line.text[..byte].chars().count() + 1));
                from = byte + value.len();
            }
        }
        found
    }

    /// The `nth` (0-based) place of `value` under `path`; failing that its first place; failing
    /// that the line of the innermost key of `path` that is present.
    pub fn find(&self, path: &[&str], value: &str, nth: usize) -> Option<(usize, usize)> {
        let all = self.find_all(path, value);
        if let Some(&place) = all.get(nth).or(all.first()) {
            return Some(place);
        }
        (1..=path.len())
            .rev()
            .find_map(|n| self.key_line(&path[..n]))
    }

    /// Where the key at `path` is written.
    pub fn key_line(&self, path: &[&str]) -> Option<(usize, usize)> {
        let last = path.last()?;
        self.lines.iter().enumerate().find_map(|(i, line)| {
            if line.path == path && line.values_from > 0 {
                let col = line.values_from - last.len();
                Some((
                    i + 1,
                    line.text[..col.saturating_sub(1)].chars().count() + 1,
                ))
            } else {
                None
            }
        })
    }
}

fn strip_comment(line: &str) -> &str {
    let mut quote = None;
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), c) if c == q => quote = None,
            (None, b'#') if i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t' => {
                return line[..i].trim_end();
            }
            _ => {}
        }
    }
    line.trim_end()
}

/// The key of a `key: value` or `key:` line, unquoted.
fn key_of(rest: &str) -> Option<&str> {
    if rest.starts_with(['[', '{', '"', '\'']) {
        let (q, tail) = rest.split_at(1);
        if q == "\"" || q == "'" {
            let end = tail.find(q)?;
            let after = &tail[end + 1..];
            return (after.starts_with(':')).then_some(&tail[..end]);
        }
        return None;
    }
    let colon = rest
        .find(": ")
        .or_else(|| rest.strip_suffix(':').map(|s| s.len()))?;
    let key = &rest[..colon];
    (!key.is_empty() && !key.contains(['[', '{', ',', '#'])).then_some(key.trim_end())
}

/// Finds `needle` in `hay` where it is not part of a longer word.
fn find_token(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let mut from = 0;
    while let Some(at) = hay[from..].find(needle) {
        let start = from + at;
        let end = start + needle.len();
        let before = hay[..start].chars().next_back();
        let after = hay[end..].chars().next();
        if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
            return Some(start);
        }
        from = start + needle.len().max(1);
        while !hay.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_values_in_block_and_flow_lists() {
        let text = "title: Row\nmuscles:\n  primary: [rhomboids, lats]\n  secondary:\n    - biceps\n    - lats\nequipment: [band]\n";
        let loc = Locator::new(text);
        assert_eq!(loc.find_all(&["muscles", "primary"], "lats"), vec![(3, 24)]);
        assert_eq!(
            loc.find_all(&["muscles", "secondary"], "lats"),
            vec![(6, 7)]
        );
        assert_eq!(loc.find_all(&["equipment"], "band"), vec![(7, 13)]);
        assert_eq!(loc.find(&["muscles", "primary"], "nope", 0), Some((3, 3)));
    }

    #[test]
    fn locates_nth_item_in_sequence_of_mappings() {
        let text =
            "exercises:\n  - exercise: row\n    reps: 10\n  - rest: 30s\n  - exercise: row\n";
        let loc = Locator::new(text);
        assert_eq!(
            loc.find(&["exercises", "exercise"], "row", 1),
            Some((5, 15))
        );
    }

    #[test]
    fn token_must_be_whole() {
        assert_eq!(find_token("[lats-x, lats]", "lats"), Some(9));
        assert_eq!(find_token("# a comment", "comment"), Some(4));
    }
}
