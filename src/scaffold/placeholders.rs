//! Placeholder text `spotter new` wrote that is still in a page about to be published.
//!
//! A new page is a draft (`draft: true`) until its author takes that line out; a page published
//! with the starter's sentences in it ("One or two sentences on ...") is a page nobody finished.
//! Every line of the starter pages that is prose is a placeholder; a line of a page that is not
//! a draft and reads the same (as a summary, a note, a list item or a line of the body) is
//! reported as a warning at its file and line.

use std::collections::HashSet;
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::source::front_matter::FrontMatter;
use crate::source::load::{Content, Doc, Source};

/// The starter pages whose prose is placeholder text.
const STARTERS: &[&str] = &[
    include_str!("starter/new/exercise.md"),
    include_str!("starter/new/workout.md"),
    include_str!("starter/new/workout-exercises.yaml"),
    include_str!("starter/new/post.md"),
    include_str!("starter/new/program.md"),
];

/// What a line says, without what may stand around the same words: indentation, a list
/// marker, a `summary:` or `note:` key, a trailing comment. Empty for any other key's value
/// (`schedule: 3 days a week` is an example of a value, not a sentence to rewrite).
fn said(line: &str) -> &str {
    let mut s = line.trim();
    if let Some(rest) = s.strip_prefix("- ").or_else(|| s.strip_prefix("* ")) {
        s = rest.trim_start();
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        if let Some(rest) = s[digits..].strip_prefix(". ") {
            s = rest.trim_start();
        }
    }
    let key = (s.bytes())
        .take_while(|b| b.is_ascii_lowercase() || *b == b'_')
        .count();
    if key > 0 && s[key..].starts_with(':') {
        if !matches!(&s[..key], "summary" | "note") {
            return "";
        }
        s = s[key + 1..].trim_start();
    }
    if let Some(i) = s.find("  #") {
        s = s[..i].trim_end();
    }
    s.trim_matches('"')
}

/// The placeholder lines of the starter pages, as [`said`] reads them: prose of five words or
/// more, with no `{placeholder}` and outside comments.
fn placeholders() -> &'static HashSet<&'static str> {
    static LINES: OnceLock<HashSet<&'static str>> = OnceLock::new();
    LINES.get_or_init(|| {
        let mut lines = HashSet::new();
        for text in STARTERS {
            let mut in_comment = false;
            for line in text.lines() {
                let t = line.trim();
                if t.starts_with("<!--") {
                    in_comment = !t.contains("-->");
                    continue;
                }
                if in_comment {
                    in_comment = !t.contains("-->");
                    continue;
                }
                let s = said(line);
                if t.starts_with('#') || s.contains('{') || s.split_whitespace().count() < 5 {
                    continue;
                }
                lines.insert(s);
            }
        }
        lines
    })
}

/// A warning for each line of placeholder text in a page of `content` that is not a draft.
pub(crate) fn left_in(content: &Content) -> Vec<Diagnostic> {
    fn of<M: FrontMatter + Sync>(docs: &[Doc<M>]) -> Vec<Diagnostic> {
        (docs.par_iter())
            .filter(|d| !d.matter.common().draft)
            .flat_map_iter(|d| in_source(&d.source))
            .collect()
    }
    let mut found = of(&content.exercises);
    found.extend(of(&content.workouts));
    found.extend(of(&content.programs));
    found.extend(of(&content.posts));
    found
}

/// The placeholder lines of one file.
fn in_source(source: &Source) -> Vec<Diagnostic> {
    let placeholders = placeholders();
    let text = &source.text;
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let s = said(line);
        if s.is_empty() || !placeholders.contains(s) {
            continue;
        }
        let col = line[..line.find(s).unwrap_or(0)].chars().count() + 1;
        found.push(
            Diagnostic::warning(
                &source.path,
                "this is the placeholder text `spotter new` wrote, and the page is published",
            )
            .at(text, i + 1, col)
            .spanning(s.chars().count())
            .with_hint(
                "write the page's own words here, or put `draft: true` back in its front matter \
                 until it is ready",
            ),
        );
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_lines_are_the_starters_prose() {
        let lines = placeholders();
        assert!(
            lines.contains("One or two sentences on what the exercise is and what it is good for.")
        );
        assert!(lines.contains("The movement, one step at a time."));
        assert!(lines.contains("A coaching note, shown on the page and the card."));
        assert!(lines.contains(
            "Who the program is for, what it asks each week and how to tell it is working."
        ));
        // Not a key's value, a heading, a comment or a line with the title in it.
        assert!(!lines
            .iter()
            .any(|l| l.contains("beginner") || l.starts_with('#')));
        assert!(!lines
            .iter()
            .any(|l| l.contains("delete it when you are done")));
    }

    #[test]
    fn a_line_is_read_without_its_marker_key_and_comment() {
        assert_eq!(
            said("  - A short phrase to keep in mind on every rep."),
            "A short phrase to keep in mind on every rep."
        );
        assert_eq!(
            said("2. The movement, one step at a time."),
            "The movement, one step at a time."
        );
        assert_eq!(
            said("    note: A coaching note, shown on the page and the card.   # shown"),
            "A coaching note, shown on the page and the card."
        );
        assert_eq!(said("summary: \"Quoted words.\""), "Quoted words.");
        assert_eq!(said("schedule: 3 days a week    # how often"), "");
    }
}
