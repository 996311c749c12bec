//! Machine-read files: the Atom feed, the sitemap, `robots.txt` and the search index. Dates
//! come from content, never from the clock, so the same guide gives the same bytes.

use serde::Serialize;

use crate::model::*;
use crate::render::highlight::escape_into;
use crate::serve::entry_cache::EntryCache;

/// How many posts the feed carries.
pub const FEED_LENGTH: usize = 20;

/// `value` as compact JSON, each control character XML refuses (NUL, from a `"\0"` in front
/// matter) written as U+FFFD, as the pages show it, rather than kept as `\u0000`: for the
/// search index and the pages' JSON-LD.
pub fn json(value: &impl Serialize) -> String {
    use serde_json::ser::{CharEscape, CompactFormatter, Formatter};
    use std::io;
    struct Replacing;
    impl Formatter for Replacing {
        fn write_char_escape<W: ?Sized + io::Write>(
            &mut self,
            writer: &mut W,
            escape: CharEscape,
        ) -> io::Result<()> {
            match escape {
                CharEscape::AsciiControl(_) | CharEscape::Backspace | CharEscape::FormFeed => {
                    writer.write_all(b"\\ufffd")
                }
                other => CompactFormatter.write_char_escape(writer, other),
            }
        }
    }
    let mut out = Vec::with_capacity(128);
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Replacing);
    match value.serialize(&mut serializer) {
        // serde_json writes UTF-8.
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// `/atom.xml`: the newest posts with their full content. `bodies[i]` is post `i`'s HTML.
pub fn atom(guide: &Guide, bodies: &[String]) -> String {
    let c = &guide.config;
    let feed_url = c.absolute("atom.xml");
    let updated = guide
        .posts
        .iter()
        .map(|p| p.updated.unwrap_or(p.date).max(p.date))
        .max();
    let mut x = String::with_capacity(64 * 1024);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:media=\"http://search.yahoo.com/mrss/\" xml:base=\"{}\" xml:lang=\"{}\">\n",
        esc(&c.base_url),
        esc(&c.language)
    ));
    x.push_str(&format!("  <title>{}</title>\n", esc(&c.title)));
    if !c.description.is_empty() {
        x.push_str(&format!("  <subtitle>{}</subtitle>\n", esc(&c.description)));
    }
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        esc(&feed_url)
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        esc(&c.base_url)
    ));
    x.push_str(&format!("  <id>{}</id>\n", esc(&feed_url)));
    x.push_str(&format!(
        "  <updated>{}</updated>\n",
        updated.map_or_else(|| "1970-01-01T00:00:00Z".into(), |d| d.rfc3339())
    ));
    x.push_str("  <generator>Spotter</generator>\n");
    if let Some(logo) = crate::render::media::logo_image(guide) {
        x.push_str(&format!("  <logo>{}</logo>\n", esc(&logo.url)));
    }
    if let Some(a) = &c.author {
        x.push_str(&format!("  <author><name>{}</name></author>\n", esc(a)));
    }
    for (i, post) in guide.posts.iter().enumerate().take(FEED_LENGTH) {
        let url = c.absolute(&guide.path_of(&Target::Post(i)));
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <title>{}</title>\n", esc(&post.meta.title)));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            esc(&url)
        ));
        x.push_str(&format!("    <id>{}</id>\n", esc(&url)));
        x.push_str(&format!(
            "    <published>{}</published>\n",
            post.date.rfc3339()
        ));
        x.push_str(&format!(
            "    <updated>{}</updated>\n",
            post.updated.unwrap_or(post.date).max(post.date).rfc3339()
        ));
        if let Some(a) = post.author.as_ref().or(c.author.as_ref()) {
            x.push_str(&format!("    <author><name>{}</name></author>\n", esc(a)));
        } else {
            x.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                esc(&c.title)
            ));
        }
        for tag in &post.meta.tags {
            x.push_str(&format!("    <category term=\"{}\"/>\n", esc(tag)));
        }
        if let Some(s) = &post.meta.summary {
            x.push_str(&format!("    <summary>{}</summary>\n", esc(s)));
        }
        // The post's cover (or its clip's poster), which readers show beside the entry.
        if let Some(image) = crate::render::media::own_image_of(guide, &post.meta) {
            let (url, w, h) = (esc(&image.url), image.width, image.height);
            x.push_str(&format!(
                "    <media:thumbnail url=\"{url}\" width=\"{w}\" height=\"{h}\"/>\n"
            ));
            x.push_str(&format!(
                "    <media:content url=\"{url}\" medium=\"image\" type=\"{}\" width=\"{w}\" height=\"{h}\"><media:description type=\"plain\">{}</media:description></media:content>\n",
                image.media_type,
                esc(&image.alt)
            ));
        }
        x.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            esc(&absolute_links(bodies.get(i).map_or("", String::as_str), c))
        ));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// `html` with root-relative addresses made absolute: `href` and `src` values, and each
/// candidate of a `srcset` (a body picture's widths). Feed readers show entries away from the
/// site, and many ignore `xml:base`.
fn absolute_links(html: &str, config: &crate::config::SiteConfig) -> String {
    let origin = config.base_url.trim_end_matches('/');
    let origin = origin
        .strip_suffix(config.base_path().trim_end_matches('/'))
        .unwrap_or(origin);
    let absolute = |url: &str, out: &mut String| {
        if url.starts_with('/') && !url.starts_with("//") {
            out.push_str(origin);
        }
        out.push_str(url);
    };
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(i) = rest.find("=\"") {
        let attr_start = rest[..i]
            .rfind(|c: char| c.is_whitespace())
            .map_or(0, |j| j + 1);
        let attr = &rest[attr_start..i];
        out.push_str(&rest[..i + 2]);
        rest = &rest[i + 2..];
        let end = rest.find('"').unwrap_or(rest.len());
        let (value, after) = rest.split_at(end);
        match attr {
            "href" | "src" => absolute(value, &mut out),
            "srcset" => {
                for (n, candidate) in value.split(',').enumerate() {
                    if n > 0 {
                        out.push(',');
                    }
                    let url_start = candidate.len() - candidate.trim_start().len();
                    out.push_str(&candidate[..url_start]);
                    absolute(&candidate[url_start..], &mut out);
                }
            }
            _ => out.push_str(value),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// One page of the sitemap.
pub struct SitemapEntry {
    /// Site-relative path (`exercises/row/`).
    pub path: String,
    /// Last change, when known.
    pub lastmod: Option<crate::source::front_matter::Date>,
}

/// `/sitemap.xml`.
pub fn sitemap(guide: &Guide, entries: &[SitemapEntry]) -> String {
    let mut x = String::with_capacity(entries.len() * 96 + 128);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for e in entries {
        x.push_str("  <url><loc>");
        escape_into(&mut x, &guide.config.absolute(&e.path));
        x.push_str("</loc>");
        if let Some(d) = e.lastmod {
            x.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    x
}

/// `/robots.txt`.
pub fn robots(guide: &Guide) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        guide.config.absolute("sitemap.xml")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// Every entry of the search index, made afresh.
    fn search_entries(guide: &Guide) -> Vec<SearchEntry<'_>> {
        let exercises = (0..guide.exercises.len()).map(|i| exercise_entry(guide, i));
        exercises.chain(other_entries(guide)).collect()
    }

    #[test]
    fn a_kept_search_index_makes_the_same_json_as_one_made_afresh() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (content, _) = crate::source::load::load(root, false);
        let (mut guide, _) = crate::pipeline::relink(Default::default(), &content);
        let whole = |g: &Guide| {
            let entries = search_entries(g);
            json(&entries)
        };
        let mut index = SearchIndex::default();
        assert_eq!(index.make(&guide), whole(&guide));
        assert_eq!(search_index(&guide), whole(&guide));
        assert!(guide.exercises.len() > 3 && guide.posts.len() > 1);
        Arc::make_mut(&mut guide.exercises[2]).meta.title = "Renamed".into();
        Arc::make_mut(&mut guide.exercises[3])
            .aliases
            .push("another name".into());
        guide.posts[1].meta.tags.push("new-tag".into());
        let made = index.make(&guide);
        assert!(made.contains("\"title\":\"Renamed\"") && made.contains("another name"));
        assert!(made.contains("new-tag"));
        assert_eq!(made, whole(&guide));
        // What entries show of muscles: every exercise's entry is made again.
        let worked = guide.exercises[0].primary[0];
        guide.muscles[worked].term.meta.slug = "renamed-muscle".into();
        let made = index.make(&guide);
        assert!(made.contains("renamed-muscle"));
        assert_eq!(made, whole(&guide));
        assert_eq!(search_index(&guide), made);
        guide.exercises.pop();
        assert_eq!(index.make(&guide), whole(&guide));
        let (empty, _) =
            crate::pipeline::relink(Default::default(), &crate::source::load::Content::default());
        assert_eq!(index.make(&empty), "[]");
        assert_eq!(search_index(&empty), "[]");
    }

    #[test]
    fn json_and_xml_carry_no_control_character() {
        assert_eq!(
            json(&("a\0b", "c\u{1}\u{8}\u{c}d", "\t\n\r\"\\")),
            r#"["a\ufffdb","c\ufffd\ufffd\ufffdd","\t\n\r\"\\"]"#
        );
        assert_eq!(esc("a\0b\u{1f}c\td<"), "a\u{FFFD}b\u{FFFD}c\td&lt;");
    }

    #[test]
    fn links_become_absolute() {
        let mut c = crate::config::SiteConfig::default();
        c.set_base_url("https://example.org/guide/").unwrap();
        let html = r##"<a href="/guide/exercises/row/">row</a> <img src="/guide/x.png"> <a href="//cdn/x">y</a> <a data-href="/z">z</a> <a href="#top">t</a>"##;
        assert_eq!(
            absolute_links(html, &c),
            r##"<a href="https://example.org/guide/exercises/row/">row</a> <img src="https://example.org/guide/x.png"> <a href="//cdn/x">y</a> <a data-href="/z">z</a> <a href="#top">t</a>"##
        );
        // Every width of a picture, in its <source> and its <img>.
        let html = r#"<picture><source type="image/webp" srcset="/guide/pictures/a-320.webp 320w, /guide/pictures/a-640.webp 640w" sizes="100vw"><img src="/guide/pictures/a-640.jpg" srcset="/guide/pictures/a-320.jpg 320w,https://cdn.example.com/a.jpg 640w" alt="a, b"></picture>"#;
        assert_eq!(
            absolute_links(html, &c),
            r#"<picture><source type="image/webp" srcset="https://example.org/guide/pictures/a-320.webp 320w, https://example.org/guide/pictures/a-640.webp 640w" sizes="100vw"><img src="https://example.org/guide/pictures/a-640.jpg" srcset="https://example.org/guide/pictures/a-320.jpg 320w,https://cdn.example.com/a.jpg 640w" alt="a, b"></picture>"#
        );
    }
}

#[derive(Serialize)]
struct SearchEntry<'a> {
    title: &'a str,
    url: String,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    aliases: &'a [String],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    muscles: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    equipment: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<&'static str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    tags: &'a [String],
    /// The words of its text that a search may match besides the above (see [`words_of`]).
    #[serde(skip_serializing_if = "String::is_empty")]
    words: String,
}

/// The most words of a page's text an entry carries: enough to find a page by what it is
/// about, few enough to keep the index a small part of the site.
const WORDS: usize = 32;

/// The distinct words of `meta`'s body (lowercased, of three letters or more, the commonest
/// English words left out), the first [`WORDS`] of them, space-separated.
fn words_of(meta: &Meta) -> String {
    meta.source
        .as_ref()
        .map_or_else(String::new, |s| words(s.body()))
}

/// The words of `body` a search index entry carries (see [`words_of`]).
pub(crate) fn words(body: &str) -> String {
    const COMMON: &[&str] = &[
        "the", "and", "for", "with", "you", "your", "that", "this", "are", "not", "but", "from",
        "into", "then", "than", "them", "they", "its", "it's", "was", "were", "will", "can",
        "each", "one", "two", "all", "any", "out", "off", "too", "how", "what", "when", "which",
        "who", "why", "has", "have", "had", "more", "most", "less", "over", "under", "until",
        "while", "there", "here", "their", "also", "just", "only", "very", "our", "use",
    ];
    let mut seen: Vec<String> = Vec::new();
    for word in body.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-') {
        let word = word
            .trim_matches(|c: char| c == '\'' || c == '-')
            .to_lowercase();
        if word.chars().count() < 3 || word.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if COMMON.contains(&word.as_str()) || seen.contains(&word) {
            continue;
        }
        seen.push(word);
        if seen.len() == WORDS {
            break;
        }
    }
    seen.join(" ")
}

/// The search index's entry for exercise `id`.
fn exercise_entry(guide: &Guide, id: Id) -> SearchEntry<'_> {
    let e = &guide.exercises[id];
    SearchEntry {
        title: &e.meta.title,
        url: guide.url_of(&Target::Exercise(id)),
        kind: "exercise",
        summary: e.meta.summary.as_deref(),
        aliases: &e.aliases,
        // And the wholes they are parts of: a search for the deltoids finds an exercise filed
        // under the rear deltoid.
        muscles: {
            let mut slugs: Vec<&str> = Vec::new();
            for &named in e.primary.iter().chain(&e.secondary) {
                for m in guide.with_wholes(named) {
                    let slug = guide.muscles[m].term.meta.slug.as_str();
                    if !slugs.contains(&slug) {
                        slugs.push(slug);
                    }
                }
            }
            slugs
        },
        equipment: e
            .equipment
            .iter()
            .map(|&q| guide.equipment[q].term.meta.slug.as_str())
            .collect(),
        level: e.level.map(|l| l.as_str()),
        tags: &e.meta.tags,
        words: words_of(&e.meta),
    }
}

/// The fingerprint of what an exercise's entry shows besides the exercise: the site's address and
/// the slugs of the muscles (and what each is a part of) and equipment.
fn around_exercises(guide: &Guide) -> u64 {
    crate::serve::fingerprint::fingerprint_of(&(
        guide.config.base_path(),
        (guide.muscles.iter())
            .map(|m| (&m.term.meta.slug, m.parent))
            .collect::<Vec<_>>(),
        (guide.equipment.iter())
            .map(|q| &q.term.meta.slug)
            .collect::<Vec<_>>(),
    ))
}

/// The entries of the search index after the exercises': workouts, programs, posts, pages.
fn other_entries(guide: &Guide) -> Vec<SearchEntry<'_>> {
    fn simple<'a>(
        guide: &Guide,
        target: Target,
        meta: &'a Meta,
        kind: &'static str,
    ) -> SearchEntry<'a> {
        SearchEntry {
            title: &meta.title,
            url: guide.url_of(&target),
            kind,
            summary: meta.summary.as_deref(),
            aliases: &[],
            muscles: Vec::new(),
            equipment: Vec::new(),
            level: None,
            tags: &meta.tags,
            words: words_of(meta),
        }
    }
    let mut entries = Vec::with_capacity(guide.workouts.len() + guide.posts.len());
    // Muscles and equipment by every name they go by: a search for "lats" finds the page.
    for (i, m) in guide.muscles.iter().enumerate() {
        if guide.muscle_is_listed(i) {
            let entry = simple(guide, Target::Muscle(i), &m.term.meta, "muscle");
            entries.push(SearchEntry {
                aliases: &m.term.aliases,
                ..entry
            });
        }
    }
    for (i, q) in guide.equipment.iter().enumerate() {
        if guide.equipment_is_listed(i) {
            let entry = simple(guide, Target::Equipment(i), &q.term.meta, "equipment");
            entries.push(SearchEntry {
                aliases: &q.term.aliases,
                ..entry
            });
        }
    }
    for (i, w) in guide.workouts.iter().enumerate() {
        entries.push(simple(guide, Target::Workout(i), &w.meta, "workout"));
    }
    for (i, p) in guide.programs.iter().enumerate() {
        entries.push(SearchEntry {
            level: p.level.map(|l| l.as_str()),
            ..simple(guide, Target::Program(i), &p.meta, "program")
        });
    }
    for (i, p) in guide.posts.iter().enumerate() {
        entries.push(simple(guide, Target::Post(i), &p.meta, "post"));
    }
    for (i, p) in guide.pages.iter().enumerate() {
        entries.push(simple(guide, Target::Page(i), &p.meta, "page"));
    }
    entries
}

/// `/search-index.json`, every exercise, workout, post and page with what a search matches on,
/// as last made, entry by entry: `spotter serve` makes it again after every edit, and
/// serializes only the entries that changed (the index of a 10,000-exercise guide is 4 MB of
/// JSON). An exercise's entry is kept while its exercise is the same (shared by the guides
/// linked one from another) and so are the site's address and the muscles' and equipment's
/// slugs; any other entry while the hash of what it was made from is the same.
#[derive(Default)]
pub struct SearchIndex {
    /// Each exercise's entry, with the exercise it was made from, and [`around_exercises`].
    exercises: EntryCache<Exercise, String>,
    /// The other entries, each with the hash of what it was made from.
    others: Vec<(u64, String)>,
}

impl SearchIndex {
    /// Moves the exercises' entries to their new ids, after files were added or removed.
    pub fn reorder(&mut self, moves: &crate::serve::moves::Moves) {
        self.exercises.reorder(moves);
    }

    /// The search index of `guide`, reusing the entries made from the same inputs last time.
    pub fn make(&mut self, guide: &Guide) -> String {
        use rayon::prelude::*;
        let json = |entry: &SearchEntry| json(entry);

        let around = around_exercises(guide);
        let exercise_json = |i| json(&exercise_entry(guide, i));
        let same = Exercise::same_apart_from_links;
        (self.exercises).renew(&guide.exercises, around, same, exercise_json);
        #[cfg(debug_assertions)]
        for (i, entry) in self.exercises.values().enumerate() {
            let made = exercise_json(i);
            assert_eq!(
                *entry, made,
                "the kept search entry of exercise {i} is stale"
            );
        }

        let entries = other_entries(guide);
        let mut kept = std::mem::take(&mut self.others);
        kept.resize_with(entries.len(), Default::default);
        self.others = entries
            .par_iter()
            .zip(kept.par_iter_mut())
            .map(|(entry, (kept_fingerprint, kept_json))| {
                let fingerprint = crate::serve::fingerprint::fingerprint_of(entry);
                // A serialized entry is never empty: an empty one was never made.
                if fingerprint == *kept_fingerprint && !kept_json.is_empty() {
                    (fingerprint, std::mem::take(kept_json))
                } else {
                    (fingerprint, json(entry))
                }
            })
            .collect();

        let entries = || (self.exercises.values()).chain(self.others.iter().map(|(_, json)| json));
        json_array(entries)
    }
}

/// The search index of `guide`, made afresh: a build's, which keeps nothing for a next one.
pub fn search_index(guide: &Guide) -> String {
    // Entry by entry into the one buffer: the index is the biggest file at 10,000 exercises,
    // and the other pages render meanwhile.
    let mut out = String::with_capacity(guide.exercises.len() * 700 + 2);
    out.push('[');
    let exercises = (0..guide.exercises.len()).map(|i| exercise_entry(guide, i));
    for (i, entry) in exercises.chain(other_entries(guide)).enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&json(&entry));
    }
    out.push(']');
    out
}

/// The JSON array of the serialized `entries`.
fn json_array<'a, I: Iterator<Item = &'a String>>(entries: impl Fn() -> I) -> String {
    let len = entries().map(|json| json.len() + 1).sum::<usize>();
    let mut out = String::with_capacity(len + 2);
    out.push('[');
    for (i, entry) in entries().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(entry);
    }
    out.push(']');
    out
}

/// A page that sends the reader from an old URL to the new one.
pub fn redirect(to_url: &str, permalink: &str) -> String {
    let to = esc(to_url);
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Moved</title>\
         <link rel=\"canonical\" href=\"{}\"><meta http-equiv=\"refresh\" content=\"0; url={to}\">\
         <meta name=\"robots\" content=\"noindex\"></head>\
         <body><p>This page has moved to <a href=\"{to}\">{to}</a>.</p></body></html>\n",
        esc(permalink)
    )
}
