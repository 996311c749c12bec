//! The site's own links, checked in what a render made (`spotter check`): every link and
//! picture address inside the site must name a file the site has, and every `#fragment` an
//! element of that page. The render writes into a [`Links`] sink, which keeps no page, only
//! what each links to and which ids it has; [`Links::check`] then reports each address that
//! leads nowhere, at the line of the page's source file that writes it when there is one (a
//! Markdown link), else at the page (a link a template makes).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io;
use std::sync::Mutex;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Guide, Target};
use crate::render::Sink;
use crate::source::load::Source;

/// What the pages of a render link to, and what the site has.
#[derive(Default)]
pub(crate) struct Links {
    /// Every file written, with what a page links to and its ids (others have none).
    files: Mutex<Vec<File>>,
}

/// A file of the site, as [`Links`] keeps it.
struct File {
    /// Its site path.
    rel: String,
    /// The addresses it links to, each once, as written.
    links: Vec<String>,
    /// Its elements' ids.
    ids: Vec<String>,
}

impl Sink for Links {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        // Read as the render hands the page over, on its thread; only the keeping is shared.
        let (links, ids) = match (rel.ends_with(".html"), std::str::from_utf8(bytes)) {
            (true, Ok(html)) => scan(html),
            (true, Err(_)) => scan(&String::from_utf8_lossy(bytes)),
            (false, _) => (Vec::new(), Vec::new()),
        };
        let file = File {
            rel: rel.to_string(),
            links,
            ids,
        };
        (self.files.lock().unwrap_or_else(|e| e.into_inner())).push(file);
        Ok(())
    }

    // A picture or a clip is not read: it has no links, and it is there.
    fn copy(&self, rel: &str, from: &std::path::Path) -> io::Result<()> {
        std::fs::metadata(from)?;
        self.write(rel, &[])
    }
}

/// The site's files, by site path, with their ids.
struct Seen<'a> {
    files: HashMap<&'a str, &'a [String]>,
}

impl Links {
    /// An error for each address that leads nowhere, given the guide rendered.
    pub(crate) fn check(self, guide: &Guide) -> Diagnostics {
        let files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        let seen = Seen {
            files: (files.iter())
                .map(|f| (f.rel.as_str(), f.ids.as_slice()))
                .collect(),
        };
        let base = guide.config.base_path();
        // What each address leads to, worked out once: one written from the root is the same
        // on every page; a relative one is resolved from each page that writes it.
        let mut from_root: HashMap<&str, Option<(String, Option<String>)>> = HashMap::new();
        // In a stable order: by the page, then the address.
        let mut broken: BTreeMap<(&str, &str), (String, Option<String>)> = BTreeMap::new();
        for file in &files {
            let page = format!("{base}{}", file.rel);
            for written in &file.links {
                let verdict = if written.starts_with('/') && !written.starts_with("//") {
                    (from_root.entry(written))
                        .or_insert_with(|| {
                            let to = resolve(base, written)?;
                            leads_nowhere(&to, &seen, base)
                        })
                        .clone()
                } else {
                    resolve(&page, written).and_then(|to| leads_nowhere(&to, &seen, base))
                };
                if let Some(why) = verdict {
                    broken.insert((&file.rel, written), why);
                }
            }
        }
        if broken.is_empty() {
            return Diagnostics::new();
        }
        let sources = sources(guide);
        let mut diags = Diagnostics::new();
        for ((page, written), (why, closest)) in broken {
            let source = sources.get(page);
            diags.push(diagnostic(page, written, &why, closest, source));
        }
        diags
    }
}

/// Why `resolved` (a site path under the site's base path, maybe with a `#fragment`) leads
/// nowhere, and the closest address that leads somewhere, if one is close; `None` when it
/// leads to a file, and to an element of it.
fn leads_nowhere(resolved: &str, seen: &Seen, base: &str) -> Option<(String, Option<String>)> {
    let (path, fragment) = match resolved.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (resolved, None),
    };
    let inside = path.strip_prefix(base.trim_end_matches('/'));
    let Some(rel) = inside.filter(|r| r.is_empty() || r.starts_with('/')) else {
        return Some((
            format!("it is outside the site, which lives under {base}"),
            None,
        ));
    };
    let rel = rel.trim_start_matches('/');
    let file = [
        rel.to_string(),
        format!("{rel}index.html"),
        format!("{rel}/index.html"),
    ]
    .into_iter()
    .find(|f| (rel.is_empty() || !f.ends_with('/')) && seen.files.contains_key(f.as_str()));
    let Some(file) = file else {
        let pages = (seen.files.keys()).map(|f| f.strip_suffix("index.html").unwrap_or(f));
        let closest = crate::diagnostics::did_you_mean(rel, pages)
            .map(|page| format!("{}/{page}", base.trim_end_matches('/')));
        return Some(("the site has no such page or file".to_string(), closest));
    };
    match fragment {
        Some(id) if !id.is_empty() && file.ends_with(".html") => {
            let id = percent_encoding::percent_decode_str(id).decode_utf8_lossy();
            let ids = seen.files.get(file.as_str()).copied().unwrap_or_default();
            if ids.iter().any(|i| *i == id) {
                return None;
            }
            let ids = ids.iter().map(String::as_str);
            let closest = crate::diagnostics::did_you_mean(&id, ids).map(|i| format!("{path}#{i}"));
            Some((format!("the page has no element with id=\"{id}\""), closest))
        }
        _ => None,
    }
}

/// The diagnostic for a link to `written` on `page` that leads nowhere (`why`): at the line of
/// the page's source that writes it, if its source does, else at the page.
fn diagnostic(
    page: &str,
    written: &str,
    why: &str,
    closest: Option<String>,
    source: Option<&Written<'_>>,
) -> Diagnostic {
    let message = format!("the link to \"{written}\" leads nowhere: {why}");
    let hint = match closest {
        Some(address) => format!("did you mean \"{address}\"?"),
        None => "correct the address; a link to a page written with @/ and its file \
                 (`@/exercises/row.md`) is checked by every build"
            .to_string(),
    };
    let at = source.and_then(|(s, links)| {
        let (line, col, len) = find(&s.text, written)
            .map(|(line, col)| (line, col, written.chars().count()))
            .or_else(|| links.get(written).copied())?;
        Some(
            Diagnostic::error(&s.path, &message)
                .at(&s.text, line, col)
                .spanning(len),
        )
    });
    match at {
        Some(d) => d.with_hint(hint),
        None => {
            let made = match source {
                Some((s, _)) => format!("the page is made from {}", s.path.display()),
                None => "the page is made".to_string(),
            };
            Diagnostic::error(format!("public/{page}"), &message).with_hint(format!(
                "{made} by the theme's templates, and the link is in one of them: {hint}"
            ))
        }
    }
}

/// The 1-based line and column of the first `(written)` or `"written"` in `text`, where a
/// Markdown link or an HTML attribute writes an address.
fn find(text: &str, written: &str) -> Option<(usize, usize)> {
    let at = [
        format!("({written})"),
        format!("({written} "),
        format!("\"{written}\""),
    ]
    .iter()
    .filter_map(|needle| text.find(needle.as_str()))
    .min()?
        + 1;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..at].matches('\n').count() + 1;
    Some((line, text[line_start..at].chars().count() + 1))
}

/// A page's source file, and where it writes each `@/` link, by the address the link became
/// (line, column and length).
type Written<'g> = (&'g Source, HashMap<String, (usize, usize, usize)>);

/// The source file of each page made from one, by the page's site path, with its `@/` links.
fn sources(guide: &Guide) -> HashMap<String, Written<'_>> {
    let mut map = HashMap::new();
    let made = |target: &Target| format!("{}index.html", guide.path_of(target));
    let pages = guide.metas();
    let sections =
        (guide.sections.iter()).map(|(name, page)| (Target::Section(name.clone()), &page.meta));
    for (target, meta) in pages.chain(sections) {
        if let Some(source) = &meta.source {
            map.insert(made(&target), (&**source, at_links(guide, &source.text)));
        }
    }
    map
}

/// Where `text` writes each `@/` link (`[x](@/exercises/row.md#how)`), by the address it
/// becomes on the site.
fn at_links(guide: &Guide, text: &str) -> HashMap<String, (usize, usize, usize)> {
    let mut found = HashMap::new();
    for (i, _) in text.match_indices("(@/") {
        let start = i + 1;
        let rest = &text[start..];
        let len = rest.find([')', ' ', '\n']).unwrap_or(rest.len());
        let written = &rest[..len];
        let (path, fragment) = match written[2..].split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (&written[2..], None),
        };
        let Some(target) = guide.linked_by(path) else {
            continue;
        };
        let mut url = guide.url_of(target);
        if let Some(f) = fragment {
            url = format!("{url}#{f}");
        }
        let line = text[..start].matches('\n').count() + 1;
        let line_start = text[..start].rfind('\n').map_or(0, |j| j + 1);
        let col = text[line_start..start].chars().count() + 1;
        found
            .entry(url)
            .or_insert((line, col, written.chars().count()));
    }
    found
}

/// The addresses a page links to (each once, as written), and its ids.
fn scan(html: &str) -> (Vec<String>, Vec<String>) {
    let mut links = Vec::new();
    let mut ids = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for (name, value) in attributes(html) {
        match name {
            "id" => ids.push(decode_entities(value)),
            _ => {
                if seen.insert(value) {
                    links.push(decode_entities(value));
                }
            }
        }
    }
    (links, ids)
}

/// The values of the `href`, `src` and `id` attributes of `html`'s tags (`srcset` and the
/// like are left alone), quoted with `"` as Spotter's templates and Markdown write them.
fn attributes(html: &str) -> impl Iterator<Item = (&'static str, &str)> + '_ {
    const NAMES: [&str; 3] = ["href", "src", "id"];
    let bytes = html.as_bytes();
    let mut starts = memchr::memmem::find_iter(bytes, b"=\"");
    let mut after_last = 0;
    std::iter::from_fn(move || loop {
        let i = starts.next()?;
        // Inside the last value read (a `="` in an attribute's text): not an attribute.
        if i < after_last {
            continue;
        }
        let value_start = i + 2;
        let end = value_start + memchr::memchr(b'"', &bytes[value_start..])?;
        after_last = end + 1;
        let before = &html[..i];
        let name = NAMES.into_iter().find(|n| {
            before.ends_with(n)
                && before[..before.len() - n.len()].ends_with(|c: char| c.is_ascii_whitespace())
        });
        if let Some(name) = name {
            return Some((name, &html[value_start..end]));
        }
    })
}

/// `value` with the entities an attribute's escaping makes read back.
fn decode_entities(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// `value`, an address on the page at `page` (a path from the root of the host), as a path
/// from the root of the host with its fragment, percent-decoded; `None` when it is not the
/// site's (another host, or a scheme such as `mailto:`).
fn resolve(page: &str, value: &str) -> Option<String> {
    let value = value.trim();
    if value.is_empty() || value.starts_with("//") {
        return None;
    }
    let scheme = value.split(['/', '?', '#']).next().unwrap_or("");
    if scheme.contains(':') {
        return None;
    }
    let (value, fragment) = match value.split_once('#') {
        Some((v, f)) => (v, Some(f)),
        None => (value, None),
    };
    let value = value.split('?').next().unwrap_or("");
    let page_dir = &page[..page.rfind('/').map_or(0, |i| i + 1)];
    let path = if value.is_empty() {
        page.to_string()
    } else if value.starts_with('/') {
        value.to_string()
    } else {
        format!("{page_dir}{value}")
    };
    let path = normalize(&percent_encoding::percent_decode_str(&path).decode_utf8_lossy());
    Some(match fragment {
        Some(f) => format!("{path}#{f}"),
        None => path,
    })
}

/// `path` with `.` and `..` segments resolved (never above the root).
fn normalize(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    let mut joined = format!("/{}", out.join("/"));
    if trailing && !joined.ends_with('/') {
        joined.push('/');
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_resolve_from_the_page() {
        let page = "/exercises/row/index.html";
        assert_eq!(resolve(page, "/muscles/").as_deref(), Some("/muscles/"));
        assert_eq!(
            resolve(page, "../press/").as_deref(),
            Some("/exercises/press/")
        );
        assert_eq!(
            resolve(page, "img/a.png?v=1").as_deref(),
            Some("/exercises/row/img/a.png")
        );
        assert_eq!(
            resolve(page, "#how").as_deref(),
            Some("/exercises/row/index.html#how")
        );
        assert_eq!(resolve(page, "/a%20b/#x").as_deref(), Some("/a b/#x"));
        for other in [
            "https://example.org/",
            "//cdn.example/x.js",
            "mailto:a@b.c",
            "tel:1",
        ] {
            assert_eq!(resolve(page, other), None, "{other}");
        }
    }

    #[test]
    fn only_href_src_and_id_are_read() {
        let html = r#"<a href="/a/" data-href="/no/" class="x"><img src="b.png" srcset="c.png 2x"><h2 id="how">"#;
        let found: Vec<_> = attributes(html).collect();
        assert_eq!(found, [("href", "/a/"), ("src", "b.png"), ("id", "how")]);
    }

    #[test]
    fn a_link_is_found_where_its_source_writes_it() {
        let text = "---\ntitle: T\n---\nSee [the list](/exercisez/) and\n[x](/exercisez/ \"t\").\n";
        assert_eq!(find(text, "/exercisez/"), Some((4, 16)));
        assert_eq!(find(text, "/nowhere/"), None);
    }

    #[test]
    fn links_lead_to_files_and_their_ids() {
        let links = Links::default();
        links.write("index.html", br#"<a href="/exercises/">x</a><a href="/exercises/#top">t</a><a href="/blog/">b</a><a href="/exercises/#nope">n</a>"#).unwrap();
        links
            .write(
                "exercises/index.html",
                br#"<h1 id="top">E</h1><a href="/">home</a><a href="/x/../style.css">c</a>"#,
            )
            .unwrap();
        links.write("style.css", b"body{}").unwrap();
        assert_eq!(
            resolve("/guide/a/index.html", "../b/").as_deref(),
            Some("/guide/b/")
        );
        assert_eq!(
            resolve("/guide/a/index.html", "#x").as_deref(),
            Some("/guide/a/index.html#x")
        );
        let files = links.files.into_inner().unwrap();
        let seen = Seen {
            files: (files.iter())
                .map(|f| (f.rel.as_str(), f.ids.as_slice()))
                .collect(),
        };
        let nowhere = |r: &str| leads_nowhere(r, &seen, "/");
        assert_eq!(nowhere("/exercises/"), None);
        assert_eq!(
            nowhere("/exercises"),
            None,
            "a folder without its slash is served"
        );
        assert_eq!(nowhere("/exercises/#top"), None);
        assert_eq!(nowhere("/style.css"), None);
        assert_eq!(nowhere("/"), None);
        let (why, closest) = nowhere("/blog/").unwrap();
        assert!(why.contains("no such page"), "{why}");
        assert_eq!(closest, None);
        let (_, closest) = nowhere("/exercisez/").unwrap();
        assert_eq!(closest.as_deref(), Some("/exercises/"));
        let (why, closest) = nowhere("/exercises/#tops").unwrap();
        assert!(why.contains("id=\"tops\""), "{why}");
        assert_eq!(closest.as_deref(), Some("/exercises/#top"));
        let outside = |r: &str| leads_nowhere(r, &seen, "/guide/").unwrap().0;
        assert!(outside("/other/").contains("outside the site"));
        assert!(outside("/guidex/").contains("outside the site"));
        let mut linked: Vec<&String> = files.iter().flat_map(|f| &f.links).collect();
        linked.sort();
        assert_eq!(
            linked,
            [
                "/",
                "/blog/",
                "/exercises/",
                "/exercises/#nope",
                "/exercises/#top",
                "/x/../style.css"
            ]
        );
    }
}
