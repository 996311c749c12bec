//! The one place Spotter touches the YAML library.
//!
//! Front matter and `site.yaml` are parsed here into typed values, and a YAML error becomes a
//! message with a line, a column and a hint that says what to do (a did-you-mean where the
//! library names what it expected). [`parse_fields`] reads a mapping key by key, so that every
//! wrong value of a file is reported at once. [`Locator`] finds where a value stands in the
//! text, so that errors found after parsing (an unknown muscle, say) point at the line that
//! names it. Nothing here knows what a page is.

use std::marker::PhantomData;
use std::mem::MaybeUninit;

use libyaml_rs as sys;
use serde::de::DeserializeOwned;

use crate::diagnostics::did_you_mean;

/// How deep lists and mappings may nest. Front matter needs three or four levels. The YAML
/// scanner takes time quadratic in the depth of `[[[[...` (every open bracket may start a key,
/// and each is looked at again for every token), so deeper text is refused before it is parsed.
pub const MAX_DEPTH: usize = 64;

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
    check_depth(text)?;
    from_str(text).map_err(|e| explain(&e, text, first_line))
}

/// Parses `text` into an untyped value.
pub fn parse_value(text: &str) -> Result<serde_yaml::Value, YamlError> {
    parse(text)
}

fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, serde_yaml::Error> {
    let text = if text.trim().is_empty() { "{}" } else { text };
    serde_yaml::from_str(text)
}

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
                if e.location().is_none() || is_syntax(&e) {
                    // Parsed alone, an entry should not fail to scan; if it does, the
                    // whole text's own error is the one to trust.
                    return fail(whole);
                }
                let mut error = explain(&e, &alone, first_line + entry.line - 1);
                if error.line > 0 {
                    error.line += entry.line - 1;
                }
                errors.push(error);
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

/// Whether the library's error is about the text's syntax rather than a value's meaning.
fn is_syntax(error: &serde_yaml::Error) -> bool {
    let text = error.to_string();
    text.contains(" while ") || text.contains("at position")
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

/// Refuses text whose lists and mappings nest deeper than [`MAX_DEPTH`], at the place where
/// they do, before the text is parsed.
fn check_depth(text: &str) -> Result<(), YamlError> {
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

/// What [`Events`] tells of one parse event.
struct Event {
    kind: EventKind,
    /// Byte offset in the text where the event's node starts.
    index: usize,
    /// 1-based line and column there.
    line: usize,
    col: usize,
}

enum EventKind {
    MappingStart {
        block: bool,
    },
    SequenceStart,
    /// The end of a mapping or sequence.
    End,
    /// A scalar, with its value.
    Scalar(String),
    Alias,
    StreamEnd,
    /// Stream and document starts and ends.
    Other,
}

/// The YAML library's own event parser, read one event at a time, so that a check can stop
/// as soon as it knows (the library's `from_str` scans the whole text first).
struct Events<'a> {
    /// Boxed: the library keeps pointers to the parser in the parser.
    parser: Box<MaybeUninit<sys::yaml_parser_t>>,
    initialised: bool,
    /// After a syntax error or the end of the stream.
    done: bool,
    text: PhantomData<&'a str>,
}

impl<'a> Events<'a> {
    fn new(text: &'a str) -> Self {
        let mut parser = Box::new(MaybeUninit::<sys::yaml_parser_t>::uninit());
        // SAFETY: `parser` is initialised before use and deleted in `drop`; it does not move
        // (it is boxed), and `text` outlives it (the lifetime `'a`).
        let initialised = unsafe {
            let p = parser.as_mut_ptr();
            let ok = !sys::yaml_parser_initialize(p).fail;
            if ok {
                sys::yaml_parser_set_encoding(p, sys::YAML_UTF8_ENCODING);
                sys::yaml_parser_set_input_string(p, text.as_ptr(), text.len() as u64);
            }
            ok
        };
        Events {
            parser,
            initialised,
            done: !initialised,
            text: PhantomData,
        }
    }

    /// The next event; `None` after a syntax error or the end of the stream.
    fn next(&mut self) -> Option<Event> {
        if self.done {
            return None;
        }
        let mut event = MaybeUninit::<sys::yaml_event_t>::uninit();
        // SAFETY: the parser was initialised in `new`; an event the parser filled is read and
        // then deleted once.
        unsafe {
            let p = self.parser.as_mut_ptr();
            if sys::yaml_parser_parse(p, event.as_mut_ptr()).fail {
                self.done = true;
                return None;
            }
            let e = event.as_mut_ptr();
            let kind = match (*e).type_ {
                sys::YAML_MAPPING_START_EVENT => EventKind::MappingStart {
                    block: (*e).data.mapping_start.style == sys::YAML_BLOCK_MAPPING_STYLE,
                },
                sys::YAML_SEQUENCE_START_EVENT => EventKind::SequenceStart,
                sys::YAML_MAPPING_END_EVENT | sys::YAML_SEQUENCE_END_EVENT => EventKind::End,
                sys::YAML_SCALAR_EVENT => {
                    let s = (*e).data.scalar;
                    let bytes = std::slice::from_raw_parts(s.value, s.length as usize);
                    EventKind::Scalar(String::from_utf8_lossy(bytes).into_owned())
                }
                sys::YAML_ALIAS_EVENT => EventKind::Alias,
                sys::YAML_STREAM_END_EVENT => EventKind::StreamEnd,
                _ => EventKind::Other,
            };
            let mark = (*e).start_mark;
            sys::yaml_event_delete(e);
            if matches!(kind, EventKind::StreamEnd) {
                self.done = true;
            }
            Some(Event {
                kind,
                index: mark.index as usize,
                line: mark.line as usize + 1,
                col: mark.column as usize + 1,
            })
        }
    }
}

impl Drop for Events<'_> {
    fn drop(&mut self) {
        if self.initialised {
            // SAFETY: initialised in `new`, and deleted only here.
            unsafe { sys::yaml_parser_delete(self.parser.as_mut_ptr()) }
        }
    }
}

fn explain(error: &serde_yaml::Error, text: &str, first_line: usize) -> YamlError {
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
    let key = path.map(|p| p.rsplit('.').next().unwrap_or(p));
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
        return (format!("unknown key \"{unknown}\""), Some(hint));
    }
    if let Some(value) = quoted("unknown variant ") {
        let hint = did_you_mean(value, expected.iter().copied())
            .map(|best| format!("did you mean \"{best}\"?"))
            .unwrap_or_else(|| match expected.is_empty() {
                true => SCHEMA_HINT.into(),
                false => format!("write one of: {}", expected.join(", ")),
            });
        return (format!("unknown value \"{value}\""), Some(hint));
    }
    if let Some(missing) = quoted("missing field ") {
        return (
            format!("missing key \"{missing}\""),
            Some(format!("add `{missing}: ...`")),
        );
    }
    if let Some(twice) = quoted("duplicate field ") {
        return (
            format!("key \"{twice}\" appears twice"),
            Some(format!("keep one `{twice}:` line and remove the other")),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
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
        return (what, Some(type_hint(key, wanted)));
    }
    if let Some(rest) = message.strip_prefix("invalid value: integer ") {
        let number = rest.split('`').nth(1).unwrap_or(rest);
        let wanted = rest.split_once(", expected ").map_or("", |(_, w)| w);
        let hint = if number.starts_with('-') {
            "write a number of 0 or more"
        } else if wanted.starts_with("u8") {
            "write a number of at most 255"
        } else {
            "write a smaller number"
        };
        return (
            format!("the number {number} is out of range"),
            Some(hint.into()),
        );
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

    #[derive(Debug, Deserialize, PartialEq, Default)]
    #[serde(deny_unknown_fields)]
    struct Full {
        title: Option<String>,
        level: Option<Lvl>,
        rounds: Option<u32>,
        tags: Option<Vec<String>>,
    }

    impl PartialEq for Lvl {
        fn eq(&self, other: &Lvl) -> bool {
            std::mem::discriminant(self) == std::mem::discriminant(other)
        }
    }

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
