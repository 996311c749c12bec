//! Diagnostics: what Spotter tells a contributor when their guide is wrong.
//!
//! Every stage collects [`Diagnostic`]s instead of stopping at the first one; the command line
//! sorts them and prints them together. A diagnostic always points at a file, and at a line and
//! column when one is known, shows that line, and carries a hint when there is one to give.
//! This module does not decide what is an error; the stages do.

use std::fmt;
use std::path::{Path, PathBuf};

/// How many characters of the quoted line are shown past the column: a line of megabytes is
/// not printed whole.
const SHOWN_PAST_COLUMN: usize = 80;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build fails.
    Error,
    /// The build goes on; the reader should still look.
    Warning,
}

impl Severity {
    /// Its name, as a diagnostic's line says it.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem found in a guide, at a place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, as the user should see it (relative to the guide root where possible).
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub col: usize,
    /// The offending line's text, shown under the message.
    pub source_line: Option<String>,
    /// How many characters to underline from `col` (at least one).
    pub span: usize,
    /// What is wrong, as one sentence without a trailing period.
    pub message: String,
    /// What to do about it, e.g. `did you mean "rhomboids"?`.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error about a whole file.
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 0,
            col: 0,
            source_line: None,
            span: 1,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning about a whole file.
    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// Points the diagnostic at `line:col` of `text` (the whole file), quoting that line (cut
    /// short some way past the column when it is very long).
    /// A position past the last line (a parser's end of input, in a file with no final line
    /// end) is the end of the last line.
    pub fn at(mut self, text: &str, mut line: usize, mut col: usize) -> Self {
        let mut quoted = text.lines().nth(line.saturating_sub(1));
        // Only a position past the lines there are is worth counting them for.
        if quoted.is_none() && line > 0 {
            let lines = text.lines().count();
            if line > lines + usize::from(text.ends_with('\n')) && lines > 0 {
                quoted = text.lines().last();
                line = lines;
                col = quoted.map_or(0, |l| l.trim_end().chars().count()) + 1;
            }
        }
        self.line = line;
        self.col = col;
        self.source_line = quoted.map(|l| {
            let l = l.trim_end();
            let keep = col.max(1) + SHOWN_PAST_COLUMN;
            let shown = match l.char_indices().nth(keep) {
                Some((cut, _)) => format!("{} …", &l[..cut]),
                None => l.to_string(),
            };
            shown.chars().map(visible).collect()
        });
        self
    }

    /// Underlines `len` characters from the column.
    pub fn spanning(mut self, len: usize) -> Self {
        self.span = len.max(1);
        self
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds `hint`, if there is one.
    pub fn with_hint_opt(mut self, hint: Option<String>) -> Self {
        if hint.is_some() {
            self.hint = hint;
        }
        self
    }

    /// Adds a hint unless there is one already.
    pub fn with_hint_if_none(self, hint: impl Into<String>) -> Self {
        if self.hint.is_some() {
            self
        } else {
            self.with_hint(hint)
        }
    }

    /// Adds a did-you-mean hint when one of `candidates` is close to `wrong`.
    pub fn suggest<'a>(self, wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Self {
        match did_you_mean(wrong, candidates) {
            Some(best) => self.with_hint(format!("did you mean \"{best}\"?")),
            None => self,
        }
    }

    /// Is this an error (as opposed to a warning)?
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> (&Path, usize, usize, Severity, &str) {
        (
            &self.path,
            self.line,
            self.col,
            self.severity,
            &self.message,
        )
    }
}

/// The closest of `candidates` to `wrong`, if any is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let wrong_lc = wrong.trim().to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(&wrong_lc, &candidate.to_lowercase());
        if score >= 0.8 && best.is_none_or(|(s, c)| score > s || (score == s && candidate < c)) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = self.severity.name();
        let path = self.path.display().to_string();
        let (path, message) = (Shown(&path), Shown(&self.message));
        match (self.line, self.col) {
            (0, _) => write!(f, "{path}: {label}: {message}")?,
            (line, 0) => write!(f, "{path}:{line}: {label}: {message}")?,
            (line, col) => write!(f, "{path}:{line}:{col}: {label}: {message}")?,
        }
        if let Some(source) = &self.source_line {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            write!(f, "\n {number} | {source}")?;
            if self.col > 0 {
                let lead: String = source
                    .chars()
                    .take(self.col - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n {pad} | {lead}{}", "^".repeat(self.span))?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n = hint: {}", Shown(hint))?;
        }
        Ok(())
    }
}

/// Diagnostics collected across a stage or a whole build.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// No diagnostics.
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    /// Records one.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Records all of `other`.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    /// Whether any recorded diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// The diagnostics sorted by file, line and column, duplicates removed.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.0.dedup();
        self.0
    }

    /// Iterates in the order recorded.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Whether none were recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

/// Text from a guide (a file name, a value quoted in a message) as a terminal may be given it:
/// its control characters as pictures, but for the line ends a message may hold.
struct Shown<'a>(&'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            let c = if c == '\n' { c } else { visible(c) };
            fmt::Write::write_char(f, c)?;
        }
        Ok(())
    }
}

/// A control character of a quoted line as its picture (`␍` for a carriage return), one
/// character for one so the caret stays under its column: written raw, it would move the
/// terminal's cursor or work as an escape sequence.
fn visible(c: char) -> char {
    match c {
        '\t' => c,
        '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_message_shows_control_characters_as_pictures() {
        let d = super::Diagnostic::error("a\x1b]0;x\x07.md", "unknown muscle \"\x1b[2J\"")
            .with_hint("did you mean \"a\rb\"?");
        assert_eq!(
            d.to_string(),
            "a\u{241b}]0;x\u{2407}.md: error: unknown muscle \"\u{241b}[2J\"\n = hint: did you mean \"a\u{240d}b\"?"
        );
    }

    #[test]
    fn a_quoted_line_shows_control_characters_as_pictures() {
        let d = super::Diagnostic::error("a.md", "x").at("a\rb\x1b[2Jc\td\x7f", 1, 2);
        assert_eq!(
            d.source_line.as_deref(),
            Some("a\u{240d}b\u{241b}[2Jc\td\u{2421}")
        );
    }

    #[test]
    fn a_position_past_the_last_line_is_the_end_of_the_last_line() {
        let d = super::Diagnostic::error("site.yaml", "x").at("title: A\nbase", 3, 1);
        assert_eq!((d.line, d.col), (2, 5));
        assert_eq!(d.source_line.as_deref(), Some("base"));
        // After a final line end, the empty line there is a place of its own.
        let d = super::Diagnostic::error("site.yaml", "x").at("title: A\n", 2, 1);
        assert_eq!((d.line, d.col), (2, 1));
    }

    use super::*;

    #[test]
    fn renders_place_line_caret_and_hint() {
        let text = "---\ntitle: Row\nmuscles:\n  primary: [rhomboid]\n---\n";
        let d = Diagnostic::error("content/exercises/row.md", "unknown muscle \"rhomboid\"")
            .at(text, 4, 13)
            .spanning(8)
            .suggest("rhomboid", ["trapezius", "rhomboids"]);
        assert_eq!(
            d.to_string(),
            "content/exercises/row.md:4:13: error: unknown muscle \"rhomboid\"\n \
             4 |   primary: [rhomboid]\n   |             ^^^^^^^^\n = hint: did you mean \"rhomboids\"?"
        );
    }

    #[test]
    fn a_long_line_is_cut_past_the_column() {
        let text = format!("title: {}\n", "x".repeat(1000));
        let d = Diagnostic::error("a.md", "too long").at(&text, 1, 8);
        let shown = d.source_line.unwrap();
        assert_eq!(shown, format!("title: {} …", "x".repeat(81)));
    }

    #[test]
    fn whole_file_diagnostic_has_no_position() {
        let d = Diagnostic::error("a.md", "file is not UTF-8");
        assert_eq!(d.to_string(), "a.md: error: file is not UTF-8");
    }

    #[test]
    fn no_hint_for_distant_names() {
        assert_eq!(did_you_mean("quux", ["rhomboids", "lats"]), None);
        assert_eq!(did_you_mean("Lats", ["lats", "traps"]), Some("lats"));
    }

    #[test]
    fn sorted_orders_by_place_and_dedups() {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::error("b.md", "x"));
        all.push(Diagnostic::error("a.md", "y").at("1\n2\n", 2, 1));
        all.push(Diagnostic::error("a.md", "z").at("1\n2\n", 1, 1));
        all.push(Diagnostic::error("b.md", "x"));
        let order: Vec<_> = all.sorted().into_iter().map(|d| d.message).collect();
        assert_eq!(order, ["z", "y", "x"]);
    }
}
