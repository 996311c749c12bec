//! Markdown: a page's body to HTML.
//!
//! CommonMark with tables, footnotes, strikethrough and task lists; fenced code highlighted
//! ([`crate::highlight`]); `@/path.md` links resolved to the page's URL; headings given ids;
//! shortcode lines replaced by what the render stage makes of them; raw HTML sanitised unless
//! the site allows it. Every link and embed a body makes is recorded, for backlinks. Errors
//! point at the body's line.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::highlight::highlight;
use crate::load::Source;
use crate::model::{Guide, Target};
use crate::shortcode::{self, Call};
use crate::slug::slugify;

/// What a shortcode call renders to.
pub struct Embed {
    /// The HTML to put in place of the call.
    pub html: String,
    /// The page it embeds, if it embeds one (for backlinks).
    pub target: Option<Target>,
}

/// Why a shortcode call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortcodeError {
    /// What is wrong.
    pub message: String,
    /// What may fix it.
    pub hint: Option<String>,
    /// The text within the call to point at (its name, an argument's value), if any.
    pub at: Option<String>,
}

/// Renders shortcode calls.
pub type Shortcodes<'a> = dyn Fn(&Call) -> Result<Embed, ShortcodeError> + Sync + 'a;

/// What Markdown rendering needs from the rest of the build.
pub struct Env<'a> {
    /// For `@/` links.
    pub guide: &'a Guide,
    /// Renders shortcodes.
    pub shortcodes: &'a Shortcodes<'a>,
}

/// A body rendered.
#[derive(Debug, Default, Clone)]
pub struct Html {
    /// The HTML.
    pub html: String,
    /// Pages this body links to or embeds, in order, possibly repeated.
    pub refs: Vec<Target>,
    /// Those of `refs` it embeds (by shortcode), in order.
    pub embeds: Vec<Target>,
}

/// Placeholder delimiters for HTML that must not pass through the sanitiser.
const MARK: char = '\u{F8FF}';

/// Renders `body` (of `source`, for error positions).
pub fn render(env: &Env<'_>, body: &str, source: Option<&Source>) -> (Html, Vec<Diagnostic>) {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    let lines = LineIndex::new(body);
    let mut errors = Vec::new();
    let mut refs = Vec::new();
    let mut embeds = Vec::new();
    let mut kept: Vec<String> = Vec::new();
    let mut raw_html = false;
    let mut ids: Vec<String> = Vec::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut error = |range: &Range<usize>, message: String, hint: Option<String>| {
        if let Some(src) = source {
            let (line, col) = lines.line_col(body, range.start);
            let span = body
                .get(range.clone())
                .map_or(1, |t| t.chars().count().max(1));
            let d = src.body_error(line, col, message).spanning(span);
            errors.push(match hint {
                Some(h) => d.with_hint(h),
                None => d,
            });
        }
    };
    let keep = |html: String, kept: &mut Vec<String>| -> Event<'static> {
        kept.push(html);
        Event::Html(CowStr::from(format!("{MARK}{}{MARK}", kept.len() - 1)))
    };

    let mut parser = Parser::new_ext(body, options).into_offset_iter();
    while let Some((event, range)) = parser.next() {
        match event {
            Event::Start(Tag::Paragraph) if shortcode::looks_like_call(&body[range.clone()]) => {
                for (e, _) in parser.by_ref() {
                    if matches!(e, Event::End(TagEnd::Paragraph)) {
                        break;
                    }
                }
                let text = body[range.clone()].trim();
                let call = match shortcode::parse(text) {
                    Ok(call) => call,
                    Err(message) => {
                        error(&range, message, None);
                        continue;
                    }
                };
                match (env.shortcodes)(&call) {
                    Ok(embed) => {
                        refs.extend(embed.target.clone());
                        embeds.extend(embed.target);
                        events.push(keep(embed.html, &mut kept));
                    }
                    Err(e) => {
                        let text = &body[range.clone()];
                        let at =
                            e.at.as_deref()
                                .and_then(|a| text.find(a))
                                .map_or(range.start, |i| range.start + i);
                        let len = e.at.as_deref().map_or(1, |a| a.chars().count());
                        error(&(at..at + len), e.message, e.hint);
                    }
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match &kind {
                    CodeBlockKind::Fenced(lang) => lang.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let mut code = String::new();
                for (e, _) in parser.by_ref() {
                    match e {
                        Event::Text(t) => code.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                events.push(keep(highlight(&code, &lang), &mut kept));
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let mut inner = Vec::new();
                let mut text = String::new();
                for (e, r) in parser.by_ref() {
                    match &e {
                        Event::End(TagEnd::Heading(_)) => break,
                        Event::Text(t) | Event::Code(t) => text.push_str(t),
                        _ => {}
                    }
                    inner.push((e, r));
                }
                let base = id.as_deref().map_or_else(|| slugify(&text), str::to_string);
                let base = if base.is_empty() {
                    "section".to_string()
                } else {
                    base
                };
                let mut unique = base.clone();
                let mut n = 1;
                while ids.contains(&unique) {
                    unique = format!("{base}-{n}");
                    n += 1;
                }
                ids.push(unique.clone());
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(unique)),
                    classes,
                    attrs,
                }));
                for (e, r) in inner {
                    events.push(link_event(
                        env,
                        e,
                        &r,
                        body,
                        &mut refs,
                        &mut error,
                        &mut raw_html,
                    ));
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            other => events.push(link_event(
                env,
                other,
                &range,
                body,
                &mut refs,
                &mut error,
                &mut raw_html,
            )),
        }
    }

    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if raw_html && !env.guide.config.allow_raw_html {
        html = sanitise(&html);
    }
    if !kept.is_empty() {
        html = restore(&html, &kept);
    }
    (Html { html, refs, embeds }, errors)
}

/// Rewrites `@/` links, and notes raw HTML.
fn link_event<'e>(
    env: &Env<'_>,
    event: Event<'e>,
    range: &Range<usize>,
    body: &str,
    refs: &mut Vec<Target>,
    error: &mut impl FnMut(&Range<usize>, String, Option<String>),
    raw_html: &mut bool,
) -> Event<'e> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if dest_url.starts_with("@/") => {
            let (path, anchor) = match dest_url.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (&*dest_url, None),
            };
            let rel = path.trim_start_matches("@/");
            let url = match env.guide.paths.get(rel) {
                Some(target) => {
                    refs.push(target.clone());
                    let mut url = env.guide.url_of(target);
                    if let Some(a) = anchor {
                        url.push('#');
                        url.push_str(a);
                    }
                    url
                }
                None if env.guide.broken_paths.contains(rel) => String::from("#"),
                None => {
                    // Compare file names within the same folder, so a shared folder does not
                    // make every file look close.
                    let (dir, file) = rel.rsplit_once('/').unwrap_or(("", rel));
                    let siblings = env.guide.paths.keys().filter_map(|p| {
                        let (d, f) = p.rsplit_once('/').unwrap_or(("", p));
                        (d == dir).then_some(f)
                    });
                    let hint = did_you_mean(file, siblings)
                        .map(|best| {
                            let full = if dir.is_empty() { best.to_string() } else { format!("{dir}/{best}") };
                            format!("did you mean \"@/{full}\"?")
                        })
                        .or_else(|| Some("an @/ link names a file under content/, e.g. @/exercises/band-pull-apart.md".into()));
                    let at = body[range.clone()]
                        .find("@/")
                        .map_or(range.start, |i| range.start + i);
                    error(&(at..at), format!("link to a missing page: {path}"), hint);
                    String::from("#")
                }
            };
            Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::from(url),
                title,
                id,
            })
        }
        Event::Html(h) => {
            *raw_html = true;
            Event::Html(h)
        }
        Event::InlineHtml(h) => {
            *raw_html = true;
            Event::InlineHtml(h)
        }
        other => other,
    }
}

fn sanitise(html: &str) -> String {
    use std::sync::OnceLock;
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER
        .get_or_init(|| {
            let mut b = ammonia::Builder::default();
            b.add_generic_attributes(["class", "id"]);
            b.add_tags(["input"]);
            b.add_tag_attributes("input", ["type", "checked", "disabled"]);
            b.link_rel(None);
            b
        })
        .clean(html)
        .to_string()
}

/// Puts kept HTML back in place of its placeholders.
fn restore(html: &str, kept: &[String]) -> String {
    let mut out = String::with_capacity(html.len() + kept.iter().map(String::len).sum::<usize>());
    let mut parts = html.split(MARK);
    out.push_str(parts.next().unwrap_or_default());
    while let Some(index) = parts.next() {
        match index.parse::<usize>().ok().and_then(|i| kept.get(i)) {
            Some(k) => out.push_str(k),
            None => {
                out.push(MARK);
                out.push_str(index);
                continue;
            }
        }
        out.push_str(parts.next().unwrap_or_default());
    }
    out
}

/// Byte offsets to 1-based lines and columns.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        (
            line,
            text[start..offset.min(text.len())].chars().count() + 1,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_maps_offsets() {
        let text = "ab\ncd\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 4), (2, 2));
    }

    #[test]
    fn restore_replaces_marks() {
        let kept = vec!["<b>x</b>".to_string()];
        assert_eq!(restore(&format!("a{MARK}0{MARK}b"), &kept), "a<b>x</b>b");
    }

    #[test]
    fn sanitiser_drops_scripts_keeps_structure() {
        let clean = sanitise("<p id=\"a\" onclick=\"x()\">hi<script>alert(1)</script></p><details><summary>s</summary></details>");
        assert_eq!(
            clean,
            "<p id=\"a\">hi</p><details><summary>s</summary></details>"
        );
    }
}
