//! Markdown: a page's body to HTML.
//!
//! CommonMark with tables, footnotes, strikethrough and task lists; fenced code highlighted
//! ([`crate::render::highlight`]); `@/path.md` links resolved to the page's URL; headings given ids;
//! shortcode lines replaced by what the render stage makes of them; raw HTML sanitised unless
//! the site allows it. Every link and embed a body makes is recorded, for backlinks. Errors
//! point at the body's line.
//!
//! Every URL a link or an image written in Markdown syntax gives (inline, reference,
//! autolink) must have a scheme of [`ALLOWED_SCHEMES`], or none (relative URLs, `#fragments`,
//! `@/` links): any other (`javascript:`, `vbscript:`, `data:`, ...) is an error at the URL,
//! and the link is made to `#` (or the image to no source) should the error not be reported,
//! as for a catalogue description. This holds for every body of every page, and so for the
//! feed, which carries the posts' bodies as made here. The sanitiser holds the links of raw
//! HTML to the same list. `allow_raw_html: true` is the site owner's choice to keep raw HTML
//! as written, links and all; Markdown link syntax still goes through the list.
//!
//! A NUL character in a body becomes U+FFFD, as CommonMark asks, and so does any other
//! character XML may not hold.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::model::{Guide, Target};
use crate::render::highlight::highlight;
use crate::render::media;
use crate::render::shortcode::{self, Call};
use crate::source::load::Source;
use crate::source::slug::slugify;

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

/// The URL schemes a link or image in Markdown may use.
pub const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// What to write instead of a refused URL.
fn allowed_hint() -> String {
    let schemes: Vec<String> = ALLOWED_SCHEMES.iter().map(|s| format!("{s}:")).collect();
    let (last, rest) = schemes.split_last().expect("some scheme is allowed");
    format!(
        "links and images may use {} and {last} URLs, relative URLs, #fragments and @/ links \
         to pages",
        rest.join(", ")
    )
}

/// The scheme of `url` as a browser reads it, lowercased; `None` for a relative URL. Browsers
/// drop leading and trailing controls and spaces, and tabs and newlines anywhere, before they
/// look for the scheme: ` java\tscript:` is `javascript:`.
pub fn scheme(url: &str) -> Option<String> {
    let url = url.trim_matches(|c: char| c <= ' ');
    let mut scheme = String::new();
    for c in url.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')) {
        match c {
            ':' if !scheme.is_empty() => return Some(scheme),
            c if c.is_ascii_alphabetic() => scheme.push(c.to_ascii_lowercase()),
            c if !scheme.is_empty() && (c.is_ascii_digit() || "+-.".contains(c)) => scheme.push(c),
            _ => return None,
        }
    }
    None
}

/// The scheme of `url` when Markdown may not link to it (see [`ALLOWED_SCHEMES`]).
pub fn refused_scheme(url: &str) -> Option<String> {
    scheme(url).filter(|s| !ALLOWED_SCHEMES.contains(&s.as_str()))
}

/// Renders `body` (of `source`, for error positions).
pub fn render(env: &Env<'_>, body: &str, source: Option<&Source>) -> (Html, Vec<Diagnostic>) {
    // What XML may not hold (NUL and the other control characters but tab and line ends) is
    // U+FFFD in prose and inline code as in fenced code, one character for another: columns
    // stay where they were.
    let body: Cow<'_, str> = if body.contains(crate::render::highlight::not_in_xml) {
        let replace = |c| {
            if crate::render::highlight::not_in_xml(c) {
                '\u{FFFD}'
            } else {
                c
            }
        };
        Cow::Owned(body.chars().map(replace).collect())
    } else {
        Cow::Borrowed(body)
    };
    let body = &*body;
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    let lines = LineIndex::new(body);
    let mut errors = Vec::new();
    let mut embeds = Vec::new();
    let mut kept: Vec<String> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut error = |range: &Range<usize>, message: String, hint: Option<String>| {
        if let Some(src) = source {
            let (line, col) = lines.line_col(body, range.start);
            let span = body
                .get(range.clone())
                .map_or(1, |t| t.chars().count().max(1));
            let d = src.body_error(line, col, message).spanning(span);
            errors.push(d.with_hint_opt(hint));
        }
    };
    let keep = |html: String, kept: &mut Vec<String>| -> Event<'static> {
        kept.push(html);
        Event::Html(CowStr::from(format!("{MARK}{}{MARK}", kept.len() - 1)))
    };

    let mut parser = Parser::new_ext(body, options).into_offset_iter();
    let mut links = Links {
        env,
        body,
        defs: (parser.reference_definitions().iter())
            .map(|(label, def)| (fold_label(label), def.span.clone()))
            .collect(),
        refs: Vec::new(),
        raw_html: false,
    };
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
                        links.refs.extend(embed.target.clone());
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
            Event::Start(Tag::Image { ref dest_url, .. })
                if body_picture(env, source, dest_url).is_some() =>
            {
                let picture = body_picture(env, source, dest_url).expect("just found");
                let alt = image_alt(parser.by_ref().map(|(e, _)| e));
                let (image, picture) = picture;
                let image = crate::model::Image {
                    alt: alt.trim().to_string(),
                    ..image
                };
                let base = env.guide.config.base_path();
                let html = media::body_picture(&media::image_ctx(base, &image, picture));
                events.push(keep(html, &mut kept));
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
                    events.push(links.event(e, &r, &mut error));
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            other => events.push(links.event(other, &range, &mut error)),
        }
    }

    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if links.raw_html && !env.guide.config.allow_raw_html {
        html = sanitise(&html);
    }
    if !kept.is_empty() {
        html = restore(&html, &kept);
    }
    let refs = links.refs;
    (Html { html, refs, embeds }, errors)
}

/// The processed picture a body image `![alt](dest_url)` of the page `source` shows, when
/// it names a file of the guide that the pictures stage processed (one it could not was
/// reported there, at this image), with an [`Image`](crate::model::Image) to describe it.
fn body_picture<'g>(
    env: &Env<'g>,
    source: Option<&Source>,
    dest_url: &str,
) -> Option<(crate::model::Image, &'g crate::pictures::Picture)> {
    let source = source?;
    let url = percent_encoding::percent_decode_str(dest_url).decode_utf8_lossy();
    if !crate::pictures::path::is_local(&url) {
        return None;
    }
    let file = crate::pictures::path::resolve(&source.rel, &url).ok()?;
    let picture = env.guide.pictures.pictures.get(&file)?;
    let image = crate::model::Image {
        src: dest_url.to_string(),
        file,
        alt: String::new(),
        caption: None,
        credit: None,
    };
    Some((image, picture))
}

/// A reference label as the parser matches it: case and runs of white space do not count.
fn fold_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// What the events of a body tell as they pass, and what finding a URL in its text needs.
struct Links<'b, 'e> {
    env: &'b Env<'e>,
    body: &'b str,
    /// The span of each reference definition, by its folded label.
    defs: HashMap<String, Range<usize>>,
    /// The pages the body links to, in order.
    refs: Vec<Target>,
    /// Whether the body has raw HTML.
    raw_html: bool,
}

impl Links<'_, '_> {
    /// Rewrites `@/` links, refuses URLs of other schemes than [`ALLOWED_SCHEMES`], and
    /// notes raw HTML.
    fn event<'x>(
        &mut self,
        event: Event<'x>,
        range: &Range<usize>,
        error: &mut impl FnMut(&Range<usize>, String, Option<String>),
    ) -> Event<'x> {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = if dest_url.starts_with("@/") {
                    CowStr::from(self.internal(&dest_url, range, error))
                } else if let Some(scheme) = refused_scheme(&dest_url) {
                    let at = self.url_range(range, &dest_url, link_type, &id);
                    error(
                        &at,
                        format!("link to a \"{scheme}:\" URL is not allowed"),
                        Some(allowed_hint()),
                    );
                    CowStr::from("#")
                } else {
                    dest_url
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match refused_scheme(&dest_url) {
                    Some(scheme) => {
                        let at = self.url_range(range, &dest_url, link_type, &id);
                        error(
                            &at,
                            format!("image from a \"{scheme}:\" URL is not allowed"),
                            Some(allowed_hint()),
                        );
                        CowStr::from("")
                    }
                    None => dest_url,
                };
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Html(h) => {
                self.raw_html = true;
                Event::Html(h)
            }
            Event::InlineHtml(h) => {
                self.raw_html = true;
                Event::InlineHtml(h)
            }
            other => other,
        }
    }

    /// The URL of the `@/` link `dest_url` (at `range`), noted in `refs`; `#` when there is
    /// no such page.
    fn internal(
        &mut self,
        dest_url: &str,
        range: &Range<usize>,
        error: &mut impl FnMut(&Range<usize>, String, Option<String>),
    ) -> String {
        let env = self.env;
        let body = self.body;
        let (path, anchor) = match dest_url.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (dest_url, None),
        };
        let rel = path.trim_start_matches("@/");
        match env.guide.linked_by(rel) {
            Some(target) => {
                self.refs.push(target.clone());
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
        }
    }

    /// Where the URL `url` of a link or image at `range` is written: in its reference
    /// definition for a reference link, else within `range`; as written when it reads as it
    /// is written, else the text after `](`, `]:` or `<`.
    fn url_range(
        &self,
        range: &Range<usize>,
        url: &str,
        link_type: LinkType,
        label: &str,
    ) -> Range<usize> {
        let within = match link_type {
            LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => self
                .defs
                .get(&fold_label(label))
                .cloned()
                .unwrap_or_else(|| range.clone()),
            _ => range.clone(),
        };
        let text = &self.body[within.clone()];
        let url = url.trim_matches(|c: char| c <= ' ');
        if let Some(i) = text.rfind(url).filter(|_| !url.is_empty()) {
            return within.start + i..within.start + i + url.len();
        }
        let start = ["](", "]:", "<"]
            .iter()
            .find_map(|m| text.find(m).map(|i| i + m.len()))
            .unwrap_or(0);
        let rest = &text[start..];
        let skipped = rest.len() - rest.trim_start_matches([' ', '\t', '\n', '<']).len();
        let rest = &rest[skipped..];
        let mut depth = 0usize;
        let end = rest
            .char_indices()
            .find(|&(_, c)| match c {
                '(' => {
                    depth += 1;
                    false
                }
                ')' if depth == 0 => true,
                ')' => {
                    depth -= 1;
                    false
                }
                c => c.is_whitespace() || c == '>',
            })
            .map_or(rest.len(), |(i, _)| i);
        let at = within.start + start + skipped;
        at..at + end
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
            // Raw HTML is held to the list Markdown links are.
            b.url_schemes(ALLOWED_SCHEMES.iter().copied().collect());
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

/// The alt text of an image whose start `events` came after: the text up to its end (which it
/// takes too).
pub(crate) fn image_alt<'a>(events: impl Iterator<Item = Event<'a>>) -> String {
    let mut alt = String::new();
    for e in events {
        match e {
            Event::End(TagEnd::Image) => break,
            Event::Text(t) | Event::Code(t) => alt.push_str(&t),
            _ => {}
        }
    }
    alt
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

    /// Renders `body` as the body of the only page of a guide (read from a scratch folder, so
    /// that errors have a file to point at), with `allow_raw_html`. Returns the HTML and each
    /// error as `line:col+span: message`, its line counted in the body.
    fn render_page(body: &str, allow_raw_html: bool) -> (String, Vec<String>) {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static RUN: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "spotter-markdown-{}-{}",
            std::process::id(),
            RUN.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(dir.join("content")).unwrap();
        std::fs::write(
            dir.join("content/p.md"),
            format!("---\ntitle: P\n---\n{body}"),
        )
        .unwrap();
        let (content, _) = crate::source::load::load(&dir, false);
        std::fs::remove_dir_all(&dir).unwrap();
        let config = crate::config::SiteConfig {
            allow_raw_html,
            ..Default::default()
        };
        let (guide, _) = crate::pipeline::relink(config, &content);
        let src = guide.pages[0].meta.source.clone().unwrap();
        let shortcodes = |_: &Call| -> Result<Embed, ShortcodeError> {
            Ok(Embed {
                html: "<aside>embed</aside>".into(),
                target: None,
            })
        };
        let env = Env {
            guide: &guide,
            shortcodes: &shortcodes,
        };
        let (html, errors) = render(&env, src.body(), Some(&src));
        let errors = errors
            .iter()
            // Lines of the body: the front matter takes three.
            .map(|d| format!("{}:{}+{}: {}", d.line - 3, d.col, d.span, d.message))
            .collect();
        (html.html, errors)
    }

    /// Whether an `href` or `src` of `html` has a URL of a scheme Markdown may not use.
    fn runs_script(html: &str) -> bool {
        let lower = html.to_ascii_lowercase();
        ["href=\"", "src=\""].iter().any(|attr| {
            lower.split(attr).skip(1).any(|rest| {
                let value = rest.split('"').next().unwrap_or_default();
                ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|s| value.trim().starts_with(s))
            })
        })
    }

    #[test]
    fn schemes_read_as_browsers_read_them() {
        let s = |url: &str| scheme(url);
        assert_eq!(s("JaVaScRiPt:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(s(" javascript:x").as_deref(), Some("javascript"));
        assert_eq!(s("\u{1}\tjava\nscr\ript:x").as_deref(), Some("javascript"));
        assert_eq!(s("vbscript:x").as_deref(), Some("vbscript"));
        assert_eq!(s("data:text/html,x").as_deref(), Some("data"));
        assert_eq!(s("web+app.v2-x:y").as_deref(), Some("web+app.v2-x"));
        assert_eq!(s("C:\\x").as_deref(), Some("c"));
        for relative in [
            "",
            "/a:b",
            "a/b:c",
            "./x:y",
            "#top",
            "?q=a:b",
            "@/exercises/row.md",
            "//host/x",
            "1x:y",
            ":x",
            "java script:x",
            "java%3Ascript:x",
        ] {
            assert_eq!(s(relative), None, "{relative:?}");
        }
        for allowed in [
            "http://x",
            "HTTPS://x",
            "mailto:a@b.c",
            "tel:+123",
            "/x",
            "#a",
        ] {
            assert_eq!(refused_scheme(allowed), None, "{allowed:?}");
        }
    }

    #[test]
    fn links_and_images_to_refused_schemes_are_errors_at_their_url() {
        let cases: &[(&str, &str)] = &[
            (
                "[click](javascript:alert(1))",
                "1:9+19: link to a \"javascript:\" URL is not allowed",
            ),
            (
                "Mixed [case](JaVaScRiPt:alert(1)) here.",
                "1:14+19: link to a \"javascript:\" URL is not allowed",
            ),
            (
                "An autolink <javascript:alert(1)>.",
                "1:14+19: link to a \"javascript:\" URL is not allowed",
            ),
            (
                "A [reference][r] link.\n\n[r]: javascript:alert(1)\n",
                "3:6+19: link to a \"javascript:\" URL is not allowed",
            ),
            (
                "A [shortcut] link.\n\n[Shortcut]:\n  vbscript:msgbox(1)\n",
                "4:3+18: link to a \"vbscript:\" URL is not allowed",
            ),
            (
                "[entity](&#106;avascript:alert(1))",
                "1:10+24: link to a \"javascript:\" URL is not allowed",
            ),
            (
                "[space](< javascript:alert(1)>)",
                "1:11+19: link to a \"javascript:\" URL is not allowed",
            ),
            (
                "[tab](<java&#9;script:alert(1)>)",
                "1:8+23: link to a \"javascript:\" URL is not allowed",
            ),
            (
                "[vb](vbscript:msgbox(1))",
                "1:6+18: link to a \"vbscript:\" URL is not allowed",
            ),
            (
                "[data](data:text/html;base64,PHNjcmlwdD4=)",
                "1:8+34: link to a \"data:\" URL is not allowed",
            ),
            (
                "![pic](data:image/png;base64,AAAA)",
                "1:8+26: image from a \"data:\" URL is not allowed",
            ),
            (
                "![pic](javascript:alert(1))",
                "1:8+19: image from a \"javascript:\" URL is not allowed",
            ),
            (
                "# A [heading](javascript:alert(1))",
                "1:15+19: link to a \"javascript:\" URL is not allowed",
            ),
            (
                "| a |\n|---|\n| [cell](javascript:alert(1)) |",
                "3:10+19: link to a \"javascript:\" URL is not allowed",
            ),
            (
                "Raw <b>HTML</b> and [a link](javascript:alert(1)).",
                "1:30+19: link to a \"javascript:\" URL is not allowed",
            ),
        ];
        for allow_raw_html in [false, true] {
            for (body, error) in cases {
                let (html, errors) = render_page(body, allow_raw_html);
                assert_eq!(errors, [error.to_string()], "{body}");
                assert!(!runs_script(&html), "{body} made {html}");
            }
        }
    }

    #[test]
    fn a_refused_url_names_the_allowed_ones() {
        let (_, errors) = render_page("[x](javascript:alert(1))", false);
        assert_eq!(errors.len(), 1);
        assert_eq!(
            allowed_hint(),
            "links and images may use http:, https:, mailto: and tel: URLs, relative URLs, \
             #fragments and @/ links to pages"
        );
    }

    #[test]
    fn allowed_urls_pass_as_written() {
        let body = "[a](http://example.org/) [b](HTTPS://example.org/) [c](mailto:me@example.org) \
                    [d](tel:+441234) [e](/exercises/) [f](../up/) [g](#top) [h](//example.org/x) \
                    <https://example.org/auto> <me@example.org> ![i](/img/x.png)";
        let (html, errors) = render_page(body, false);
        assert_eq!(errors, Vec::<String>::new());
        for href in [
            "href=\"http://example.org/\"",
            "href=\"HTTPS://example.org/\"",
            "href=\"mailto:me@example.org\"",
            "href=\"tel:+441234\"",
            "href=\"/exercises/\"",
            "href=\"../up/\"",
            "href=\"#top\"",
            "href=\"//example.org/x\"",
            "href=\"https://example.org/auto\"",
            "href=\"mailto:me@example.org\"",
            "src=\"/img/x.png\"",
        ] {
            assert!(html.contains(href), "{href} not in {html}");
        }
    }

    #[test]
    fn a_refused_link_without_a_file_to_report_goes_nowhere() {
        // A catalogue description has no file: its errors cannot be reported, and its HTML
        // must be safe all the same.
        let guide = crate::pipeline::relink(Default::default(), &Default::default()).0;
        let shortcodes = |_: &Call| -> Result<Embed, ShortcodeError> { unreachable!() };
        let env = Env {
            guide: &guide,
            shortcodes: &shortcodes,
        };
        let (html, errors) = render(&env, "[x](javascript:alert(1)) ![y](data:x)", None);
        assert!(errors.is_empty());
        assert_eq!(
            html.html,
            "<p><a href=\"#\">x</a> <img src=\"\" alt=\"y\" /></p>\n"
        );
    }

    #[test]
    fn raw_html_links_are_held_to_the_same_schemes_unless_allowed() {
        let body = "<a href=\"javascript:alert(1)\">a</a> <a href=\"ftp://x/\">b</a> \
                    <img src=\"data:image/png;base64,AAAA\"> <a href=\"https://x/\">c</a> \
                    <a href=\"/y/\">d</a> <a href=\"tel:1\">e</a>";
        let (html, errors) = render_page(body, false);
        assert!(errors.is_empty());
        assert!(!runs_script(&html) && !html.contains("ftp:"), "{html}");
        for kept in ["https://x/", "/y/", "tel:1"] {
            assert!(html.contains(&format!("href=\"{kept}\"")), "{html}");
        }
        // `allow_raw_html` is the owner's word that raw HTML is theirs, as written.
        let (html, errors) = render_page(body, true);
        assert!(errors.is_empty());
        assert!(html.contains("href=\"javascript:alert(1)\""), "{html}");
    }

    #[test]
    fn nul_becomes_the_replacement_character() {
        let body = "a\0b `c\0d` [e\0f](/g\0h)\n\n```\ni\0j\n```\n\n# k\0l\n";
        for allow_raw_html in [false, true] {
            let (html, errors) = render_page(body, allow_raw_html);
            assert!(errors.is_empty());
            assert!(!html.contains('\0'), "{html:?}");
            for text in [
                "a\u{FFFD}b",
                "c\u{FFFD}d",
                "e\u{FFFD}f",
                "i\u{FFFD}j",
                "k\u{FFFD}l",
            ] {
                assert!(html.contains(text), "{text:?} not in {html:?}");
            }
        }
        // So do the other characters XML may not hold, in prose and inline code alike.
        let (html, _) = render_page("m\u{1}n `o\u{FFFE}p`\n", false);
        assert!(
            html.contains("m\u{FFFD}n") && html.contains("o\u{FFFD}p"),
            "{html:?}"
        );
        // Columns after a NUL are those of the file.
        let (_, errors) = render_page("\0[x](javascript:x)", false);
        assert_eq!(
            errors,
            ["1:6+12: link to a \"javascript:\" URL is not allowed"]
        );
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
