//! Code highlighting: fenced code blocks to HTML with CSS classes (`hl-` prefixed), so the
//! theme's stylesheet decides the colours.
//!
//! Highlighting is the costliest thing a build does, so the syntax set is loaded once, on the
//! first code block, and each thread keeps a cache from (parser state, line) to (HTML, next
//! state): highlighting a line is a pure function of the two, and guides repeat lines a lot.
//!
//! What the cache cannot help with is a line never seen before, and YAML blocks often start
//! with one (`exercise: goblet-squat`): syntect's YAML grammar takes 10 to 30 µs over such a
//! line. But at the top level of a YAML block, every `key: value` line whose key and value are
//! plain words is highlighted alike, the words aside: the same spans around the key, the same
//! around the value, the same state after. So the first such line in each of those states is
//! made into a template by syntect, and the others are filled into it ([`PairTemplate`]).
//! A test holds the templates to what syntect makes of thousands of generated lines.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use syntect::html::{line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };
/// Distinct parser states a thread remembers; past this, new states are not cached.
const MAX_STATES: usize = 512;
/// Lines a thread remembers before starting afresh.
const MAX_LINES: usize = 200_000;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// What a thread remembers of lines it has highlighted.
#[derive(Default)]
struct Cache {
    states: Vec<(ParseState, ScopeStack)>,
    /// For each interned state, the lines highlighted from it (looked up by `&str`, so a hit
    /// allocates nothing).
    lines: Vec<HashMap<Box<str>, Highlighted>>,
    /// Lines remembered in all.
    remembered: usize,
    /// The templates of plain `key: value` lines in [`PAIRS_SYNTAX`], once made: for the start
    /// of a block, and for the top level of a mapping (the state after such a line there).
    pairs: Option<Vec<PairTemplate>>,
}

/// How syntect highlights a plain `key: value` line ([`plain_pair`]) in one parser state:
/// `open` KEY `between` VALUE `close`, with `spans` spans left open and the state `next` after.
struct PairTemplate {
    state: u32,
    open: Box<str>,
    between: Box<str>,
    close: Box<str>,
    spans: isize,
    next: u32,
}

/// The line a template is made from: a plain pair whose words cannot be confused with the
/// markup around them.
const TEMPLATE_LINE: &str = "k: v\n";
/// The syntax whose plain pairs are templated.
const PAIRS_SYNTAX: &str = "YAML";

struct Highlighted {
    html: Box<str>,
    spans: isize,
    next: u32,
}

impl Cache {
    fn intern(&mut self, state: &ParseState, stack: &ScopeStack) -> Option<u32> {
        if let Some(i) = self
            .states
            .iter()
            .position(|(s, k)| s == state && k == stack)
        {
            return Some(i as u32);
        }
        if self.states.len() >= MAX_STATES {
            return None;
        }
        self.states.push((state.clone(), stack.clone()));
        self.lines.push(HashMap::new());
        Some(self.states.len() as u32 - 1)
    }

    /// The template for plain pairs of `syntax` in state `id`, if there is one.
    fn pair_template(&self, syntax: &SyntaxReference, id: u32) -> Option<&PairTemplate> {
        if syntax.name != PAIRS_SYNTAX {
            return None;
        }
        self.pairs.as_ref()?.iter().find(|t| t.state == id)
    }

    /// Makes the templates of [`PAIRS_SYNTAX`], whose blocks start in state `start`.
    fn learn_pairs(&mut self, start: u32) {
        let mut templates = Vec::new();
        if let Some(first) = self.template_at(start) {
            let after = first.next;
            templates.push(first);
            if let Some(top) = self.template_at(after) {
                templates.push(top);
            }
        }
        self.pairs = Some(templates);
    }

    /// syntect's highlighting of [`TEMPLATE_LINE`] in state `id`, cut around its key and value.
    fn template_at(&mut self, id: u32) -> Option<PairTemplate> {
        let (mut state, mut stack) = self.states[id as usize].clone();
        let ops = state.parse_line(TEMPLATE_LINE, syntaxes()).ok()?;
        let (html, spans) =
            line_tokens_to_classed_spans(TEMPLATE_LINE, &ops, STYLE, &mut stack).ok()?;
        let key = html.find(">k</span>")? + 1;
        let value = key + html[key..].find(">v</span>")? + 1;
        let next = self.intern(&state, &stack)?;
        Some(PairTemplate {
            state: id,
            open: html[..key].into(),
            between: html[key + 1..value].into(),
            close: html[value + 1..].into(),
            spans,
            next,
        })
    }
}

/// The key and value of `line` if it is a plain `key: value` pair at the start of a line: a
/// key of ASCII letters, digits, `-` and `_`; a value of words of ASCII letters, digits and `-`
/// with single spaces between; each starting with a letter, and neither a word YAML reads as
/// something other than a string (`true`, `no`, `null`, ...). Nothing in either needs escaping.
fn plain_pair(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.strip_suffix('\n')?.split_once(": ")?;
    let starts_with_letter = |s: &str| s.starts_with(|c: char| c.is_ascii_alphabetic());
    let key_ok = starts_with_letter(key)
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let value_ok = starts_with_letter(value)
        && value.split(' ').all(|word| {
            !word.is_empty() && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    (key_ok && value_ok && !reserved(key) && !reserved(value)).then_some((key, value))
}

/// Words YAML reads as booleans or null, in any case (some casings are strings to YAML, but
/// these are left to syntect).
fn reserved(word: &str) -> bool {
    const WORDS: [&str; 9] = ["y", "n", "yes", "no", "true", "false", "on", "off", "null"];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

/// The syntax for a fence's language token (`yaml`, `rust`, `sh`, ...), if known.
fn syntax_for(lang: &str) -> Option<&'static SyntaxReference> {
    let token = lang.split([',', ' ']).next().unwrap_or("").trim();
    if token.is_empty() {
        return None;
    }
    syntaxes().find_syntax_by_token(token)
}

/// `code` as a highlighted `<pre>` block. Unknown languages are escaped, not highlighted.
pub fn highlight(code: &str, lang: &str) -> String {
    let lang_class = lang.split([',', ' ']).next().unwrap_or("").trim();
    let mut out = String::with_capacity(code.len() * 3 + 64);
    out.push_str("<pre class=\"code\"");
    if !lang_class.is_empty() {
        out.push_str(" data-lang=\"");
        escape_into(&mut out, lang_class);
        out.push('"');
    }
    out.push_str("><code>");
    match syntax_for(lang).and_then(|syntax| highlight_lines(code, syntax)) {
        Some(html) => out.push_str(&html),
        None => escape_into(&mut out, code),
    }
    out.push_str("</code></pre>\n");
    out
}

fn highlight_lines(code: &str, syntax: &SyntaxReference) -> Option<String> {
    let set = syntaxes();
    let owned;
    let code = if code.ends_with('\n') {
        code
    } else {
        owned = format!("{code}\n");
        &owned
    };
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.remembered > MAX_LINES {
            cache.lines.iter_mut().for_each(HashMap::clear);
            cache.remembered = 0;
        }
        let mut html = String::with_capacity(code.len() * 3);
        let mut open: isize = 0;
        let start = (ParseState::new(syntax), ScopeStack::new());
        let mut cached = cache.intern(&start.0, &start.1);
        if let (Some(id), true, None) = (cached, syntax.name == PAIRS_SYNTAX, &cache.pairs) {
            cache.learn_pairs(id);
        }
        let mut live: Option<(ParseState, ScopeStack)> =
            if cached.is_some() { None } else { Some(start) };
        for line in code.split_inclusive('\n') {
            if let Some(id) = cached {
                if let Some(hit) = cache.lines[id as usize].get(line) {
                    html.push_str(&hit.html);
                    open += hit.spans;
                    cached = Some(hit.next);
                    continue;
                }
                if let (Some(t), Some((key, value))) =
                    (cache.pair_template(syntax, id), plain_pair(line))
                {
                    for part in [&*t.open, key, &t.between, value, &t.close] {
                        html.push_str(part);
                    }
                    open += t.spans;
                    cached = Some(t.next);
                    continue;
                }
            }
            let (mut state, mut stack) = match (live.take(), cached) {
                (Some(l), _) => l,
                (None, Some(id)) => cache.states[id as usize].clone(),
                (None, None) => return None,
            };
            let ops = state.parse_line(line, set).ok()?;
            let (fragment, spans) =
                line_tokens_to_classed_spans(line, &ops, STYLE, &mut stack).ok()?;
            html.push_str(&fragment);
            open += spans;
            let next = cache.intern(&state, &stack);
            if let (Some(id), Some(next)) = (cached, next) {
                let highlighted = Highlighted {
                    html: fragment.into(),
                    spans,
                    next,
                };
                cache.lines[id as usize].insert(Box::from(line), highlighted);
                cache.remembered += 1;
            }
            cached = next;
            if next.is_none() {
                live = Some((state, stack));
            }
        }
        for _ in 0..open.max(0) {
            html.push_str("</span>");
        }
        Some(html)
    })
}

/// Appends `text` with `&`, `<`, `>` and `"` escaped, and each character XML cannot carry
/// (NUL and the other controls but tab and line ends; U+FFFE, U+FFFF) as U+FFFD: what this
/// writes goes into feeds and SVG as well as HTML.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if not_in_xml(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// Whether XML 1.0 forbids `c` in a document, even as a character reference.
pub fn not_in_xml(c: char) -> bool {
    matches!(c, '\0'..='\x08' | '\x0B' | '\x0C' | '\x0E'..='\x1F' | '\u{FFFE}' | '\u{FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_yaml_with_classes() {
        let html = highlight("sets: 3\nreps: \"8-12\"\n", "yaml");
        assert!(
            html.starts_with("<pre class=\"code\" data-lang=\"yaml\"><code>"),
            "{html}"
        );
        assert!(html.contains("hl-entity hl-name hl-tag"), "{html}");
        assert!(html.contains("8-12") && html.contains("&quot;"), "{html}");
    }

    #[test]
    fn cached_and_fresh_output_agree() {
        let code = "exercise: row\nsets: 3\nreps: \"8-12\"\nrest: 60s\n";
        let first = highlight(code, "yaml");
        let second = highlight(code, "yaml");
        assert_eq!(first, second);
        let other = highlight("exercise: press\nsets: 3\n", "yaml");
        assert!(other.contains("press"));
    }

    #[test]
    fn unknown_language_is_escaped() {
        assert_eq!(
            highlight("<b>", "nope"),
            "<pre class=\"code\" data-lang=\"nope\"><code>&lt;b&gt;</code></pre>\n"
        );
        assert_eq!(
            highlight("x", ""),
            "<pre class=\"code\"><code>x</code></pre>\n"
        );
    }

    #[test]
    fn spans_are_balanced() {
        let html = highlight("a: \"unterminated\n", "yaml");
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count(),
            "{html}"
        );
    }

    /// What syntect alone makes of a YAML block: no cache, no templates.
    fn reference(code: &str) -> String {
        let syntax = syntax_for("yaml").unwrap();
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut html = String::from("<pre class=\"code\" data-lang=\"yaml\"><code>");
        let mut open = 0;
        for line in code.split_inclusive('\n') {
            let ops = state.parse_line(line, syntaxes()).unwrap();
            let (fragment, spans) =
                line_tokens_to_classed_spans(line, &ops, STYLE, &mut stack).unwrap();
            html.push_str(&fragment);
            open += spans;
        }
        for _ in 0..open {
            html.push_str("</span>");
        }
        html.push_str("</code></pre>\n");
        html
    }

    /// A small deterministic generator (xorshift): the same lines on every run.
    struct Gen(u64);

    impl Gen {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
        fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
            from[self.below(from.len())]
        }
        /// A random word (first character from `first`, the others from `rest`), or a tricky one.
        fn word(&mut self, first: &[u8], rest: &[u8]) -> String {
            if self.below(3) == 0 {
                return self.pick(TRICKY).to_string();
            }
            let len = 1 + self.below(10);
            (0..len)
                .map(|i| {
                    let from = if i == 0 { first } else { rest };
                    from[self.below(from.len())] as char
                })
                .collect()
        }
        /// A `key: value` line, plain or (with a tricky word) not.
        fn pair(&mut self) -> String {
            let key = self.word(LETTERS, KEY_CHARS);
            let words = 1 + self.below(4);
            let value: Vec<String> = (0..words)
                .map(|i| self.word(if i == 0 { LETTERS } else { VALUE_CHARS }, VALUE_CHARS))
                .collect();
            format!("{key}: {}", value.join(" "))
        }
    }

    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const KEY_CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
    const VALUE_CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-";
    /// Words that YAML, or the markup around a template, could read differently.
    const TRICKY: &[&str] = &[
        "true",
        "True",
        "TRUE",
        "tRUE",
        "false",
        "yes",
        "Yes",
        "YES",
        "no",
        "No",
        "NO",
        "y",
        "Y",
        "n",
        "N",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "null",
        "Null",
        "NULL",
        "nULL",
        "nan",
        "NaN",
        "inf",
        "Inf",
        "yess",
        "nope",
        "tru",
        "nul",
        "k",
        "v",
        "span",
        "class",
        "hl",
        "yaml",
        "source",
        "string",
        "entity",
        "lt",
        "gt",
        "amp",
        "quot",
        "x-",
        "a-b-c",
        "e",
        "E",
        "o",
        "x1",
        "b2024-01-01",
        "goblet-squat",
        "Goblet",
        "Squat",
        "alternating-ab-wheel-carry",
    ];
    /// Lines that are not plain pairs, to go before, between and after them.
    const OTHER: &[&str] = &[
        "sets: 3",
        "reps: \"8-12\"",
        "rest: 90s",
        "rpe: 7.5",
        "load: -2",
        "note: 'a ''b'''",
        "# a comment",
        "tags: [legs, home]",
        "map: {a: 1}",
        "list:",
        "  - back squat",
        "  - name: row",
        "    sets: 4",
        "text: |",
        "  Keep the chest up.",
        "folded: >-",
        "  one",
        "anchor: &base",
        "  a: 1",
        "ref: *base",
        "tagged: !custom value",
        "---",
        "...",
        "date: 2024-05-01",
        "url: https://example.org/x?y=1#frag",
        "\"quoted key\": 1",
        "? complex",
        ": value",
        "key with: colon: inside",
        "a: b #c",
        "a: b  ",
        "a:  b",
        " a: b",
        "a:b",
        "",
        "empty:",
        "- item",
        "- k: v",
        "<<: *base",
        "x: 0x1F",
        "x: .inf",
        "x: ~",
        "x: 1e3",
    ];

    #[test]
    fn templated_lines_are_highlighted_as_syntect_highlights_them() {
        let mut g = Gen(0x5eed_1234_abcd_9876);
        let mut plain = 0;
        for _ in 0..3000 {
            let lines = 1 + g.below(8);
            let mut block = String::new();
            for _ in 0..lines {
                let line = if g.below(10) < 7 {
                    g.pair()
                } else {
                    g.pick(OTHER).to_string()
                };
                block.push_str(&line);
                block.push('\n');
                plain += usize::from(plain_pair(&format!("{line}\n")).is_some());
            }
            assert_eq!(
                highlight(&block, "yaml"),
                reference(&block),
                "for:\n{block}"
            );
        }
        // Most generated pairs are plain; the others hold a word YAML reads otherwise.
        assert!(plain > 5000, "{plain} plain pairs");
        CACHE.with(|cache| {
            let cache = cache.borrow();
            let pairs = cache.pairs.as_ref().expect("YAML was highlighted");
            let states: Vec<u32> = pairs.iter().map(|t| t.state).collect();
            assert_eq!(states.len(), 2, "at the start and at the top level");
            assert_ne!(states[0], states[1]);
        });
    }

    #[test]
    fn plain_pairs_are_words_that_stay_strings() {
        for line in [
            "exercise: goblet-squat\n",
            "name: Goblet Squat\n",
            "key_2: v\n",
            "a-b: x3\n",
            "Level: Beginner\n",
        ] {
            assert!(plain_pair(line).is_some(), "{line:?}");
        }
        for line in [
            "sets: 3\n",
            "rest: 90s\n",
            "done: true\n",
            "skip: No\n",
            "on: x\n",
            "x: null\n",
            "x: a  b\n",
            "x: a \n",
            " x: a\n",
            "x: a: b\n",
            "x: a #b\n",
            "x: \"a\"\n",
            "x: a.b\n",
            "x: 2024-01-01\n",
            "x: a",
        ] {
            assert!(plain_pair(line).is_none(), "{line:?}");
        }
    }
}
