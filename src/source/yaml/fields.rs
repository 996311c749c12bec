//! Reading a mapping key by key ([`parse_fields`]): a wrong value does not hide the errors of
//! the other keys, and the value is still made from the keys that are sound.
//!
//! It finds the top-level entries with the library's event parser and parses each alone. It is
//! not for explaining an error (`explain`) nor for finding a value after parsing (`locator`).

use serde::de::DeserializeOwned;

use super::depth::check_depth;
use super::events::{EventKind, Events};
use super::explain::explain;
use super::{from_str, YamlError};

/// What [`parse_fields`] made of a mapping.
#[derive(Debug)]
pub struct Fields<T> {
    /// The value read from the keys whose values are sound; `None` when the text could not be
    /// read key by key (a syntax error, say).
    pub value: Option<T>,
    /// Every error found, in the order of the text.
    pub errors: Vec<YamlError>,
    /// The top-level keys whose values are wrong (each has its error in `errors`), so that
    /// what is missing for want of them is not reported a second time.
    pub broken: Vec<String>,
}

/// Parses `text` (starting on line `first_line` of its file) into `T` key by key: a wrong
/// value does not hide the errors of the other keys, and `T` is still made from the keys
/// that are sound. A syntax error stops it (the rest of the text cannot be trusted).
///
/// The common case, text without errors, is parsed once. Otherwise each top-level entry is
/// parsed on its own, with the rest of the text blanked so that positions stay those of the
/// file, and the sound entries are then parsed together.
pub fn parse_fields<T: DeserializeOwned>(text: &str, first_line: usize) -> Fields<T> {
    let fail = |e: YamlError| Fields {
        value: None,
        errors: vec![e],
        broken: Vec::new(),
    };
    if let Err(e) = check_depth(text) {
        return fail(e);
    }
    let whole = match from_str(text) {
        Ok(value) => {
            return Fields {
                value: Some(value),
                errors: Vec::new(),
                broken: Vec::new(),
            }
        }
        Err(e) => explain(&e, text, first_line),
    };
    let Some(entries) = top_level_entries(text) else {
        return fail(whole);
    };
    let mut errors = Vec::new();
    let mut broken: Vec<String> = Vec::new();
    let mut sound = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for entry in &entries {
        if seen.contains(&entry.key.as_str()) {
            errors.push(YamlError {
                line: entry.line,
                col: entry.col,
                message: format!("key \"{}\" appears twice", entry.key),
                hint: Some(format!(
                    "keep one `{}:` line and remove the other",
                    entry.key
                )),
            });
            continue;
        }
        seen.push(&entry.key);
        // The entry alone, indented as it is: its lines are counted from the key's line, so
        // that parsing every entry costs one pass over the text, however many there are.
        let alone = format!(
            "{}{}",
            " ".repeat(entry.col - 1),
            &text[entry.span.0..entry.span.1]
        );
        match from_str::<T>(&alone) {
            Ok(_) => sound.push(entry.span),
            Err(e) => {
                if e.location().is_none() || super::explain::is_syntax(&e) {
                    // Parsed alone, an entry should not fail to scan; if it does, the
                    // whole text's own error is the one to trust.
                    return fail(whole);
                }
                let at = |error: &mut YamlError| {
                    if error.line > 0 {
                        error.line += entry.line - 1;
                    }
                };
                // A list: each wrong item is told, not only the first.
                let items = item_errors::<T>(&alone, &entry.key, first_line + entry.line - 1);
                if items.is_empty() {
                    let mut error = explain(&e, &alone, first_line + entry.line - 1);
                    at(&mut error);
                    errors.push(error);
                } else {
                    for mut error in items {
                        at(&mut error);
                        errors.push(error);
                    }
                }
                broken.push(entry.key.clone());
            }
        }
    }
    if errors.is_empty() {
        return fail(whole);
    }
    let value = match from_str::<T>(&keep_only(text, &sound)) {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(explain(&e, text, first_line));
            None
        }
    };
    Fields {
        value,
        errors,
        broken,
    }
}

/// `text` with every character outside `spans` (byte ranges, in order) blanked, line breaks
/// kept, so that lines and columns stay where they were.
fn keep_only(text: &str, spans: &[(usize, usize)]) -> String {
    let mut spans = spans.iter().peekable();
    text.char_indices()
        .map(|(i, c)| {
            while spans.next_if(|&&(_, end)| end <= i).is_some() {}
            let kept = spans.peek().is_some_and(|&&(start, _)| start <= i);
            if kept || c == '\n' || c == '\r' {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// The errors of the items of the entry `alone` (`key:` and a block list under it, as
/// [`parse_fields`] cuts it out, its first line `first_line` of the file), each item read
/// with the others blanked: empty when the value is no such list of two items or more, or
/// when no item is wrong on its own. An error names its item by its place in the list.
fn item_errors<T: DeserializeOwned>(alone: &str, key: &str, first_line: usize) -> Vec<YamlError> {
    // Each item's lines: from a line whose first character is the `-` of the first item's
    // indentation to the next such line.
    let mut starts: Vec<usize> = Vec::new();
    let mut indent = None;
    let mut offset = 0;
    for (n, line) in alone.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start_matches(' ');
        let col = line.len() - trimmed.len();
        let item = n > 0 && (trimmed.starts_with("- ") || trimmed.trim_end() == "-");
        if item && indent.is_none_or(|i| i == col) {
            indent = Some(col);
            starts.push(offset);
        }
        offset += line.len();
    }
    if starts.len() < 2 {
        return Vec::new();
    }
    let ends: Vec<usize> = starts
        .iter()
        .skip(1)
        .copied()
        .chain([alone.len()])
        .collect();
    let head = (0, starts[0]);
    let mut errors = Vec::new();
    for (i, (&start, &end)) in starts.iter().zip(&ends).enumerate() {
        let one = keep_only(alone, &[head, (start, end)]);
        if let Err(e) = from_str::<T>(&one) {
            if e.location().is_none() || super::explain::is_syntax(&e) {
                return Vec::new();
            }
            let mut error = explain(&e, &one, first_line);
            // Read alone, the item is the list's first.
            error.message = error
                .message
                .replacen(&format!("{key}[0]"), &format!("{key}[{i}]"), 1);
            errors.push(error);
        }
    }
    errors
}

/// One `key: value` entry of a top-level block mapping.
struct Entry {
    key: String,
    /// 1-based line and column of the key.
    line: usize,
    col: usize,
    /// Bytes from the key to the next key (or the end of the text).
    span: (usize, usize),
}

/// The entries of `text`'s top-level mapping, when it is a block mapping with plain keys and
/// no aliases (an alias could name an anchor of another entry).
fn top_level_entries(text: &str) -> Option<Vec<Entry>> {
    let mut events = Events::new(text);
    let mut depth = 0usize;
    let mut entries: Vec<Entry> = Vec::new();
    // Nodes met so far directly in the top-level mapping: keys and values alternate.
    let mut nodes = 0usize;
    loop {
        let event = events.next()?;
        let is_key = depth == 1 && nodes.is_multiple_of(2);
        match event.kind {
            EventKind::StreamEnd => break,
            EventKind::Alias => return None,
            EventKind::MappingStart { block } if depth == 0 => {
                if !block {
                    return None;
                }
                depth = 1;
            }
            EventKind::MappingStart { .. } | EventKind::SequenceStart => {
                if depth == 0 || is_key {
                    return None;
                }
                if depth == 1 {
                    nodes += 1;
                }
                depth += 1;
            }
            EventKind::End => depth = depth.checked_sub(1)?,
            EventKind::Scalar(value) => {
                if depth == 0 {
                    return None;
                }
                if is_key {
                    if let Some(last) = entries.last_mut() {
                        last.span.1 = event.index;
                    }
                    entries.push(Entry {
                        key: value,
                        line: event.line,
                        col: event.col,
                        span: (event.index, text.len()),
                    });
                }
                if depth == 1 {
                    nodes += 1;
                }
            }
            EventKind::Other => {}
        }
    }
    Some(entries)
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml::fixtures::Full;

    #[test]
    fn every_wrong_key_is_reported_and_the_sound_ones_kept() {
        let text = "title: Row\nlevel: beginer\nrounds: many\ntags:\n  - a\ntitel: x\n";
        let fields = parse_fields::<Full>(text, 2);
        let places: Vec<(usize, usize, &str)> = fields
            .errors
            .iter()
            .map(|e| (e.line, e.col, e.message.as_str()))
            .collect();
        assert_eq!(
            places,
            [
                (2, 8, "unknown value \"beginer\" (in `level`)"),
                (3, 9, "`rounds` must be a whole number, not string \"many\""),
                (6, 1, "unknown key \"titel\""),
            ]
        );
        assert_eq!(fields.broken, ["level", "rounds", "titel"]);
        assert_eq!(
            fields.value,
            Some(Full {
                title: Some("Row".into()),
                tags: Some(vec!["a".into()]),
                ..Full::default()
            })
        );
    }

    #[test]
    fn many_wrong_keys_cost_one_pass_each_not_one_per_line() {
        // 5,000 unknown keys: each entry is parsed alone, not with the whole text blanked.
        let text: String = (0..5_000).map(|i| format!("key{i}: x\n")).collect();
        let fields = parse_fields::<Full>(&text, 2);
        assert_eq!(fields.errors.len(), 5_000);
        assert_eq!(
            (fields.errors[4_999].line, fields.errors[4_999].col),
            (5_000, 1)
        );
        assert_eq!(fields.value, Some(Full::default()));
    }

    #[test]
    fn keep_only_blanks_between_spans() {
        assert_eq!(keep_only("ab\ncd\nef", &[(0, 1), (4, 7)]), "a \n d\ne ");
    }

    #[test]
    fn a_key_twice_is_one_error_and_the_first_is_kept() {
        let fields = parse_fields::<Full>("title: A\nrounds: 2\ntitle: B\n", 1);
        assert_eq!(fields.errors.len(), 1);
        assert_eq!(fields.errors[0].line, 3);
        assert_eq!(fields.errors[0].message, "key \"title\" appears twice");
        assert_eq!(fields.value.unwrap().title.as_deref(), Some("A"));
    }

    #[test]
    fn a_syntax_error_is_reported_alone() {
        let fields = parse_fields::<Full>("title: \"A\nlevel: beginer\n", 1);
        assert_eq!(fields.errors.len(), 1);
        assert!(fields.value.is_none());
        assert!(
            fields.errors[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("not closed"),
            "{:?}",
            fields.errors
        );
    }
}
