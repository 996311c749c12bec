//! Code highlighting: fenced code blocks to HTML with CSS classes (`hl-` prefixed), so the
//! theme's stylesheet decides the colours.
//!
//! Highlighting is the costliest thing a build does, so the syntax set is loaded once, on the
//! first code block, and each thread keeps a cache from (parser state, line) to (HTML, next
//! state): highlighting a line is a pure function of the two, and guides repeat lines a lot.

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
}

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

/// Appends `text` with `&`, `<`, `>` and `"` escaped.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
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
}
