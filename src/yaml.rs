//! The one place Spotter touches the YAML library.
//!
//! Front matter and `site.yaml` are parsed here into typed values, and a YAML error becomes a
//! message with a line, a column and, where the library names what it expected, a did-you-mean
//! hint. [`Locator`] finds where a value stands in the text, so that errors found after parsing
//! (an unknown muscle, say) point at the line that names it. Nothing here knows what a page is.

use serde::de::DeserializeOwned;

use crate::diagnostics::did_you_mean;

/// A YAML error, positioned in the YAML text handed to [`parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line within the YAML text; 0 when unknown.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub col: usize,
    /// What is wrong.
    pub message: String,
    /// What may fix it.
    pub hint: Option<String>,
}

/// Parses `text` into `T`. An empty document counts as an empty mapping.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    parse_at(text, 1)
}

/// Parses `text`, which starts on line `first_line` of its file, so that positions named inside
/// messages are file lines too.
pub fn parse_at<T: DeserializeOwned>(text: &str, first_line: usize) -> Result<T, YamlError> {
    let text = if text.trim().is_empty() { "{}" } else { text };
    serde_yaml::from_str(text).map_err(|e| explain(&e, first_line))
}

/// Parses `text` into an untyped value.
pub fn parse_value(text: &str) -> Result<serde_yaml::Value, YamlError> {
    parse(text)
}

fn explain(error: &serde_yaml::Error, first_line: usize) -> YamlError {
    let (line, col) = error.location().map_or((0, 0), |l| (l.line(), l.column()));
    let full = error.to_string();
    let raw = match full.rfind(" at line ") {
        // A syntax error also names where its context began (", while ... at line"); keep that.
        Some(i) if !full.contains(", while ") => &full[..i],
        _ => &full,
    };
    // The library prefixes a path (`muscles.primary: ...`); keep it as context.
    let (path, message) = match raw.split_once(": ") {
        Some((p, m)) if !p.contains(' ') && !p.is_empty() => (Some(p), m),
        _ => (None, raw),
    };
    let (message, hint) = syntax(message, first_line).unwrap_or_else(|| rewrite(message, path));
    let message = match path {
        Some(p) if !message.contains(p) && !message.contains('`') => {
            format!("{message} (in `{p}`)")
        }
        _ => message,
    };
    YamlError {
        line,
        col,
        message,
        hint,
    }
}

/// Syntax errors name places "at line L column C" counted within the YAML; these become file
/// lines, and the place where an unclosed list, mapping or quote began becomes the hint.
fn syntax(message: &str, first_line: usize) -> Option<(String, Option<String>)> {
    if !message.contains(" at line ") {
        return None;
    }
    let mut text = String::new();
    let mut hint = None;
    for (i, part) in message.split(", while ").enumerate() {
        let (what, place) = match part.split_once(" at line ") {
            Some((w, rest)) => {
                let mut nums = rest.split(" column ");
                let l: usize = nums.next()?.trim().parse().ok()?;
                let c: usize = nums.next()?.trim().parse().ok()?;
                (w, Some((l + first_line - 1, c)))
            }
            None => (part, None),
        };
        if i == 0 {
            text.push_str(what);
            continue;
        }
        if let Some((l, c)) = place {
            let opened = if what.contains("flow sequence") {
                Some(("list", "]"))
            } else if what.contains("flow mapping") {
                Some(("mapping", "}"))
            } else if what.contains("quoted scalar") {
                Some(("quoted text", "the closing quote"))
            } else {
                None
            };
            hint = Some(match opened {
                Some((kind, close)) => {
                    let close = if close.len() == 1 {
                        format!("`{close}`")
                    } else {
                        close.to_string()
                    };
                    format!("the {kind} opened on line {l}, column {c} is not closed: add {close}")
                }
                None => format!("{what} that began on line {l}, column {c}"),
            });
        }
        text.push_str(" while ");
        text.push_str(what);
    }
    Some((text, hint))
}

/// Turns the library's phrasing into ours, with a did-you-mean where it lists what it expected.
fn rewrite(message: &str, path: Option<&str>) -> (String, Option<String>) {
    // Our own deserialisers put a hint after "; ".
    if let Some((m, h)) = message.split_once("; did you mean ") {
        return (m.to_string(), Some(format!("did you mean {h}")));
    }
    // serde says "expected `a`", "expected `a` or `b`" or "expected one of `a`, `b`, `c`".
    let mut expected: Vec<&str> = message
        .split_once(", expected ")
        .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
        .unwrap_or_default();
    let mut seen = Vec::new();
    expected.retain(|e| {
        let k = e.to_lowercase();
        let fresh = !seen.contains(&k);
        seen.push(k);
        fresh
    });
    let quoted = |prefix: &str| -> Option<&str> {
        let rest = message.strip_prefix(prefix)?;
        let rest = rest.strip_prefix('`')?;
        Some(&rest[..rest.find('`')?])
    };
    if let Some(key) = quoted("unknown field ") {
        let hint = did_you_mean(key, expected.iter().copied())
            .map(|best| format!("did you mean \"{best}\"?"))
            .or_else(|| {
                (!expected.is_empty()).then(|| format!("allowed keys: {}", expected.join(", ")))
            });
        return (format!("unknown key \"{key}\""), hint);
    }
    if let Some(value) = quoted("unknown variant ") {
        let hint = did_you_mean(value, expected.iter().copied())
            .map(|best| format!("did you mean \"{best}\"?"))
            .or_else(|| {
                (!expected.is_empty()).then(|| format!("expected one of: {}", expected.join(", ")))
            });
        return (format!("unknown value \"{value}\""), hint);
    }
    if let Some(key) = quoted("missing field ") {
        return (format!("missing key \"{key}\""), None);
    }
    if let Some(key) = quoted("duplicate field ") {
        return (format!("key \"{key}\" appears twice"), None);
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, wanted) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "something else"));
        let found = found.replace('`', "\"");
        let key = path.map(|p| p.rsplit('.').next().unwrap_or(p));
        if wanted == "struct MuscleRefs" {
            return (
                format!("`muscles` must be a mapping with `primary:` and, if you like, `secondary:`, not {}", article(&found)),
                Some("write `muscles:`, then on the next line, indented, `primary: [...]`".into()),
            );
        }
        let what = match key {
            Some(k) => format!(
                "`{k}` must be {}, not {}",
                plain_type(wanted),
                article(&found)
            ),
            None => format!(
                "the front matter must be {}, not {}",
                plain_type(wanted),
                article(&found)
            ),
        };
        return (what, None);
    }
    if let Some(rest) = message.strip_prefix("invalid value: integer ") {
        let number = rest.split('`').nth(1).unwrap_or(rest);
        return (format!("the number {number} is out of range"), None);
    }
    if message.starts_with("data did not match any variant of untagged enum OneOrMany") {
        return ("expected a name or a list of names".into(), None);
    }
    (message.replace('`', "\""), None)
}

/// Names a serde type expectation in words.
fn plain_type(wanted: &str) -> String {
    match wanted {
        w if w.starts_with("struct ") || w == "a map" || w.starts_with("field identifier") => {
            "a mapping of `key: value` lines".into()
        }
        w if w.starts_with("u") && w[1..].chars().all(|c| c.is_ascii_digit()) => {
            "a whole number".into()
        }
        w if w.starts_with("i") && w[1..].chars().all(|c| c.is_ascii_digit()) => {
            "a whole number".into()
        }
        "a string" | "a sequence" | "a boolean" => wanted
            .replace("a sequence", "a list")
            .replace("a boolean", "true or false"),
        w => w.to_string(),
    }
}

fn article(found: &str) -> String {
    let f = found.replace("sequence", "list").replace("map", "mapping");
    if f.starts_with('"')
        || f.starts_with("integer")
        || f.starts_with("string")
        || f.starts_with("boolean")
        || f.starts_with("floating")
    {
        f
    } else if f.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {f}")
    } else {
        format!("a {f}")
    }
}

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
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Page {
        title: String,
        level: Option<Lvl>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Lvl {
        Beginner,
        Advanced,
    }

    #[test]
    fn unknown_key_gets_did_you_mean_and_position() {
        let err = parse::<Page>("title: Row\ntitel: Row\n").unwrap_err();
        assert_eq!((err.line, err.col), (2, 1));
        assert_eq!(err.message, "unknown key \"titel\"");
        assert_eq!(err.hint.as_deref(), Some("did you mean \"title\"?"));
    }

    #[test]
    fn unknown_variant_gets_did_you_mean() {
        let err = parse::<Page>("title: Row\nlevel: beginer\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert_eq!(err.message, "unknown value \"beginer\" (in `level`)");
        assert_eq!(err.hint.as_deref(), Some("did you mean \"beginner\"?"));
    }

    #[test]
    fn syntax_error_is_positioned() {
        let err = parse::<Page>("title: [Row\n").unwrap_err();
        assert!(err.line >= 1, "{err:?}");
    }

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
