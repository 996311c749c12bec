//! What a contributor is told about a YAML error: the library's message turned into Spotter's
//! words, placed at a file line and column, with a hint that says what to do (a did-you-mean
//! where the library lists what it expected, else what to write instead).
//!
//! It is not for errors found after parsing (an unknown muscle, a broken link): those are
//! placed with [`super::Locator`] and reported by the stage that finds them.

use crate::diagnostics::did_you_mean;

use super::{YamlError, MAX_DEPTH};

pub(super) fn explain(error: &serde_yaml::Error, text: &str, first_line: usize) -> YamlError {
    let (mut line, mut col) = error.location().map_or((0, 0), |l| (l.line(), l.column()));
    let full = error.to_string();
    // A problem the reader finds (a control character) is placed by its byte offset.
    if let Some((message, offset)) = full.rsplit_once(" at position ") {
        if let Ok(offset) = offset.trim().parse::<usize>() {
            (line, col) = place_of(text, offset);
            let (message, hint) = reader_problem(message, text, offset);
            return YamlError {
                line,
                col,
                message,
                hint: Some(hint),
            };
        }
    }
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

/// 1-based line and column of byte `offset` of `text`.
fn place_of(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// A problem of the characters themselves, at byte `offset` of `text`.
fn reader_problem(message: &str, text: &str, offset: usize) -> (String, String) {
    let found = text.get(offset..).and_then(|rest| rest.chars().next());
    match found {
        Some(c) if message.contains("control characters") => (
            format!("control character U+{:04X} is not allowed in YAML", u32::from(c)),
            "delete it (most editors do not show it); to write a tab or line break inside a value, use double quotes and \\t or \\n".into(),
        ),
        _ => (
            message.to_string(),
            "save the file as plain UTF-8 text".into(),
        ),
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
                None => {
                    let fix = syntax_fix(&text)
                        .unwrap_or("quote a value that holds `: ` or ` #` or starts with [ { & * ! | > ' \" % @ or `");
                    format!("{what} that began on line {l}, column {c}: {fix}")
                }
            });
        }
        text.push_str(" while ");
        text.push_str(what);
    }
    if hint.is_none() {
        hint = Some(
            syntax_fix(&text)
                .unwrap_or("quote a value that holds `: ` or ` #` or starts with [ { & * ! | > ' \" % @ or `")
                .to_string(),
        );
    }
    Some((text, hint))
}

/// What to do about one of the scanner's complaints.
fn syntax_fix(problem: &str) -> Option<&'static str> {
    const FIXES: &[(&str, &str)] = &[
        ("mapping values are not allowed", "a value that holds `: ` needs quotes, e.g. `title: \"Rows: a guide\"`"),
        ("tab character", "indent with spaces, not tabs"),
        ("cannot start any token", "quote the value: it starts with a character YAML keeps for itself (` @ % or a tab)"),
        ("did not find expected key", "keys of one mapping start in the same column; quote a value that holds `: ` or starts with [ or {"),
        ("did not find expected '-' indicator", "items of one list each start with `- `, all in the same column"),
        ("block sequence entries are not allowed", "put the list on the lines under its key, or write it as `[a, b]`"),
        ("could not find expected ':'", "write `key: value`, with a space after the colon, or quote the text"),
        ("unknown escape character", "in double quotes write `\\\\` for a backslash, or use single quotes"),
        ("did not find expected alphabetic or numeric character", "a value that starts with & or * needs quotes"),
        ("tag", "a value that starts with ! needs quotes"),
        ("unknown anchor", "a value that starts with * needs quotes"),
        ("did not find expected node content", "write a value after the key, or quote it"),
        ("did not find expected ',' or ']'", "separate the items of a list with commas and close it with `]`"),
        ("did not find expected ',' or '}'", "separate the entries of a mapping with commas and close it with `}`"),
        ("end of stream", "close the quotes, list or mapping left open"),
        ("found incomplete explicit", "close the quotes, list or mapping left open"),
    ];
    FIXES
        .iter()
        .find(|(problem_part, _)| problem.contains(problem_part))
        .map(|(_, fix)| *fix)
}

/// Turns the library's phrasing into ours, with a hint: a did-you-mean where it lists what it
/// expected, else what to write instead.
fn rewrite(message: &str, path: Option<&str>) -> (String, Option<String>) {
    // Our own deserialisers put a hint after "; ".
    if let Some((m, h)) = message.split_once("; did you mean ") {
        return (m.to_string(), Some(format!("did you mean {h}")));
    }
    if let Some((m, h)) = message.split_once(HINT) {
        return (m.replace('`', "\""), Some(h.to_string()));
    }
    if let Some(rewritten) = named_key_or_value(message) {
        return rewritten;
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let key = path.map(|p| p.rsplit('.').next().unwrap_or(p));
        return invalid_type(rest, key);
    }
    if let Some(rest) = message.strip_prefix("invalid value: integer ") {
        return out_of_range(rest);
    }
    if message == "recursion limit exceeded" {
        return (
            format!("lists and mappings nest more than {MAX_DEPTH} levels deep here"),
            Some("front matter needs a few levels at most: close the lists and mappings opened before this point".into()),
        );
    }
    // The messages of Spotter's own deserialisers say what to write ("expected a time such as
    // 30s"); the library's few others get a pointer to the documentation.
    let says_what_to_do = ["expected", "write", "such as", "give ", "use ", "add "]
        .iter()
        .any(|w| message.contains(w));
    let hint = (!says_what_to_do).then(|| SCHEMA_HINT.into());
    (message.replace('`', "\""), hint)
}

/// serde's messages that name a key or a value: unknown, missing or given twice.
fn named_key_or_value(message: &str) -> Option<(String, Option<String>)> {
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
    if let Some(unknown) = quoted("unknown field ") {
        let hint = did_you_mean(unknown, expected.iter().copied())
            .map(|best| format!("did you mean \"{best}\"?"))
            .unwrap_or_else(|| match expected.is_empty() {
                true => "remove it".into(),
                false => format!("remove it, or use one of: {}", expected.join(", ")),
            });
        return Some((format!("unknown key \"{unknown}\""), Some(hint)));
    }
    if let Some(value) = quoted("unknown variant ") {
        let hint = did_you_mean(value, expected.iter().copied())
            .map(|best| format!("did you mean \"{best}\"?"))
            .unwrap_or_else(|| match expected.is_empty() {
                true => SCHEMA_HINT.into(),
                false => format!("write one of: {}", expected.join(", ")),
            });
        return Some((format!("unknown value \"{value}\""), Some(hint)));
    }
    if let Some(missing) = quoted("missing field ") {
        return Some((
            format!("missing key \"{missing}\""),
            Some(format!("add `{missing}: ...`")),
        ));
    }
    let twice = quoted("duplicate field ")?;
    Some((
        format!("key \"{twice}\" appears twice"),
        Some(format!("keep one `{twice}:` line and remove the other")),
    ))
}

/// serde's `invalid type: FOUND, expected WANTED` (after its prefix), for the value of `key`,
/// or of the whole front matter when there is none.
fn invalid_type(rest: &str, key: Option<&str>) -> (String, Option<String>) {
    let (found, wanted) = rest
        .split_once(", expected ")
        .unwrap_or((rest, "something else"));
    let found = found.replace('`', "\"");
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
    (what, Some(type_hint(key, wanted)))
}

/// serde's `invalid value: integer `N`, expected WANTED` (after its prefix): a number out of
/// its type's range.
fn out_of_range(rest: &str) -> (String, Option<String>) {
    let number = rest.split('`').nth(1).unwrap_or(rest);
    let wanted = rest.split_once(", expected ").map_or("", |(_, w)| w);
    let hint = if number.starts_with('-') {
        "write a number of 0 or more"
    } else if wanted.starts_with("u8") {
        "write a number of at most 255"
    } else {
        "write a smaller number"
    };
    (
        format!("the number {number} is out of range"),
        Some(hint.into()),
    )
}

/// Where every key and the values it takes are listed.
const SCHEMA_HINT: &str =
    "`spotter schema` lists every key of each kind of page and of site.yaml, with the values each takes";

/// Separates a message from its hint in the errors of Spotter's own deserialisers.
pub const HINT: &str = "; hint: ";

/// What to write instead of a value of the wrong type, for `key` that wants `wanted`.
fn type_hint(key: Option<&str>, wanted: &str) -> String {
    let k = key.unwrap_or("key");
    match wanted {
        "a string" => format!(
            "write the text after `{k}:` on the same line, in quotes if it starts with [ {{ - or holds `: `, e.g. `{k}: \"[Updated] Rows\"`"
        ),
        "a sequence" => format!("write a list: `{k}: [a, b]`, or one `- item` a line below `{k}:`"),
        "a boolean" => format!("write `{k}: true` or `{k}: false`"),
        w if key.is_none() && (w.starts_with("struct ") || w == "a map") => {
            "write one `key: value` a line, e.g. `title: Band Row`".into()
        }
        w if w.starts_with("struct ") || w == "a map" || w.starts_with("field identifier") => {
            format!("write `{k}:`, then its keys on the lines below, indented")
        }
        w if plain_type(w) == "a whole number" => format!("write a whole number, e.g. `{k}: 3`"),
        w if w.contains("name or a list of names") => {
            format!("write one name, `{k}: name`, or a list, `{k}: [a, b]`")
        }
        w => format!("write {w}"),
    }
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

/// Whether the library's error is about the text's syntax rather than a value's meaning: its
/// message has the scanner's context (`, while ...`) or a reader's byte offset (`at position`),
/// the two forms [`explain`] takes apart.
pub(super) fn is_syntax(error: &serde_yaml::Error) -> bool {
    let text = error.to_string();
    text.contains(" while ") || text.contains("at position")
}

#[cfg(test)]
mod tests {
    use crate::source::yaml::fixtures::{Full, Page};
    use crate::source::yaml::parse;

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
    fn a_control_character_is_placed_at_itself() {
        let err = parse::<Page>("title: Row\nlevel: beg\u{7}inner\n").unwrap_err();
        assert_eq!((err.line, err.col), (2, 11));
        assert_eq!(
            err.message,
            "control character U+0007 is not allowed in YAML"
        );
    }

    #[test]
    fn every_yaml_error_has_a_hint() {
        for text in [
            "title: a: b\n",
            "title: Row\n  level: x\n",
            "title: \"a\\q\"\n",
            "title: @x\n",
            "title: *x\n",
            "- a\ntitle: b\n",
            "title: [a\n",
            "title: {a: b\n",
            "title: \"a\n",
            "title: [a]\n",
            "rounds: -1\n",
            "rounds: 99999999999\n",
            "title: Row\ntitle: Row\n",
            "level: 3\n",
        ] {
            let err = parse::<Full>(text).unwrap_err();
            assert!(err.hint.is_some(), "{text:?}: {err:?}");
        }
    }
}
