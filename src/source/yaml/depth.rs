//! The nesting check: text whose lists and mappings nest deeper than [`MAX_DEPTH`] is refused,
//! at the place where they do, before the library parses it (its scanner takes time quadratic
//! in the depth).
//!
//! It is not for any other limit of front matter (lengths and counts are checked by the types
//! that read the values).

use super::events::{EventKind, Events};
use super::{YamlError, MAX_DEPTH};

/// Refuses text whose lists and mappings nest deeper than [`MAX_DEPTH`], at the place where
/// they do, before the text is parsed.
pub(super) fn check_depth(text: &str) -> Result<(), YamlError> {
    if !may_nest_deep(text) {
        return Ok(());
    }
    let mut events = Events::new(text);
    let mut depth = 0;
    while let Some(event) = events.next() {
        match event.kind {
            EventKind::MappingStart { .. } | EventKind::SequenceStart => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(YamlError {
                        line: event.line,
                        col: event.col,
                        message: format!(
                            "lists and mappings nest more than {MAX_DEPTH} levels deep here"
                        ),
                        hint: Some(
                            "front matter needs a few levels at most: close the lists and mappings opened before this point with `]` and `}`, or quote the text".into(),
                        ),
                    });
                }
            }
            EventKind::End => depth -= 1,
            EventKind::StreamEnd => break,
            _ => {}
        }
    }
    // A syntax error stops the events; the parser reports it, having scanned no deeper.
    Ok(())
}

/// A cheap bound on how deep `text` could nest, so that the common case does not pay for the
/// exact count. A flow collection opens with `[` or `{`; a block collection on a line either
/// starts further right than its parent (the indentation) or after an indicator (`- `, `? `,
/// `: `) on that line, and a sequence may share its parent mapping's column.
fn may_nest_deep(text: &str) -> bool {
    let bytes = text.as_bytes();
    let flow = bytes.iter().filter(|&&b| b == b'[' || b == b'{').count();
    let block = text
        .lines()
        .map(|line| {
            let indent = line.len() - line.trim_start_matches(' ').len();
            let indicators = line.bytes().filter(|b| b"-?:".contains(b)).count();
            2 * (indent + indicators) + 2
        })
        .max()
        .unwrap_or(0);
    flow + block > MAX_DEPTH
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml::fixtures::Page;
    use crate::source::yaml::{parse, parse_at, parse_value};

    #[test]
    fn deep_flow_nesting_fails_fast_where_it_gets_too_deep() {
        // Parsed whole, this took the scanner over 20 seconds.
        let text = format!("title: {}\n", "[".repeat(100_000));
        let err = parse::<Page>(&text).unwrap_err();
        // The top-level mapping is the first level.
        assert_eq!((err.line, err.col), (1, 7 + MAX_DEPTH));
        assert_eq!(
            err.message,
            "lists and mappings nest more than 64 levels deep here"
        );
        assert!(err.hint.is_some());
        let text = format!("title: x\nlevel: {}\n", "{a: ".repeat(100_000));
        let err = parse_at::<Page>(&text, 2).unwrap_err();
        assert_eq!((err.line, err.col), (2, 8 + 4 * (MAX_DEPTH - 1)));
    }

    #[test]
    fn deep_block_nesting_is_refused_too() {
        let text = format!("title: x\nlevel:\n{}a\n", "- ".repeat(100));
        let err = parse::<Page>(&text).unwrap_err();
        assert_eq!((err.line, err.col), (3, 1 + 2 * (MAX_DEPTH - 1)));
    }

    #[test]
    fn ordinary_nesting_is_not_counted_as_deep() {
        let text = "a: [[1, 2], {b: [c, d]}]\nb:\n  - - x\n    - y\n";
        assert!(parse_value(text).is_ok());
        let nested = |n: usize| format!("a: {}{}", "[".repeat(n), "]".repeat(n));
        assert!(check_depth(&nested(MAX_DEPTH - 1)).is_ok());
        assert!(check_depth(&nested(MAX_DEPTH)).is_err());
    }
}
