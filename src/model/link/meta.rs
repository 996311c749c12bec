//! What every page has ([`Meta`]) from its front matter, the slug it is published under, and
//! the slugs taken within a kind, each by one file only.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Id, Meta};
use crate::source::front_matter::{Common, FrontMatter};
use crate::source::load::{Doc, Source};
use crate::source::slug::{is_valid, slugify};

/// Ids by slug or name. Made again with every link, 10,000 entries and more for a big guide,
/// and looked up for every name an exercise gives: hashed with foldhash.
pub(super) type SlugIds = HashMap<String, Id, foldhash::fast::RandomState>;

/// What every page has, from its front matter. Its slug is not claimed here (see
/// [`SlugSet::claim`]).
pub(super) fn meta_of<M: FrontMatter>(doc: &Doc<M>, diags: &mut Diagnostics) -> Meta {
    let c = doc.matter.common();
    let src = &doc.source;
    let title = match c.title.map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        Some(_) => {
            diags.push(
                src.error_at_key(&["title"], "the title is empty")
                    .with_hint("write the page's name after `title:`"),
            );
            doc.stem.clone()
        }
        None if doc.is_broken("title") => doc.stem.clone(),
        None => {
            diags.push(
                src.yaml_error(0, 0, "missing title")
                    .with_hint("add `title: ...` to the front matter"),
            );
            doc.stem.clone()
        }
    };
    let slug = slug_of(c.slug, &doc.stem, src, diags);
    let mut meta = Meta {
        slug,
        title,
        ..Meta::default()
    };
    set_common(&mut meta, src, &c, diags);
    meta
}

/// Gives `meta` what every page's front matter `c`, read from `src`, may say besides its
/// title and slug: what `c` leaves out stays as it was (a catalogue entry's summary, say).
pub(super) fn set_common(
    meta: &mut Meta,
    src: &Arc<Source>,
    c: &Common<'_>,
    diags: &mut Diagnostics,
) {
    if let Some(s) = c.summary.map(str::trim).filter(|s| !s.is_empty()) {
        meta.summary = Some(s.to_string());
    }
    meta.tags = c.tags.to_vec();
    meta.weight = c.weight;
    meta.redirect_from = c.redirect_from.to_vec();
    meta.source = Some(src.clone());
    meta.credit = c.credit.cloned().map(Box::new);
    meta.origin = c.source.cloned().map(Box::new);
    let (images, video) = super::media::media_of(src, c, diags);
    meta.images = images;
    meta.video = video.map(Box::new);
}

/// The slug a file is published under: its `slug:` when that is a valid slug (else an error,
/// with the slugified form as a hint), otherwise its file name slugified.
pub(super) fn slug_of(
    given: Option<&str>,
    stem: &str,
    src: &Source,
    diags: &mut Diagnostics,
) -> String {
    let slug = match given {
        Some(s) if is_valid(s) => s.to_string(),
        Some(s) => {
            let fixed = slugify(s);
            let d = src.error_at_value(
                &["slug"],
                s,
                0,
                format!("slug \"{s}\" may hold only lowercase letters, digits and single hyphens"),
            );
            if fixed.is_empty() {
                diags.push(d.with_hint(
                    "write a slug of lowercase letters, digits and hyphens, e.g. `slug: band-row`, or remove `slug:`",
                ));
                slugify(stem)
            } else {
                diags.push(d.with_hint(format!("write \"{fixed}\"")));
                fixed
            }
        }
        None => slugify(stem),
    };
    if slug.is_empty() {
        diags.push(
            Diagnostic::error(&src.path, "the file name gives no slug")
                .with_hint("name the file with letters or digits, or set `slug:`"),
        );
        return "untitled".to_string();
    }
    slug
}

/// Slugs taken within one kind, to report duplicates. Entries claim in order, one claim
/// each, so the `n`th claim is entry `n`: a slug names the entry that claimed it first, even
/// when an earlier entry's claim failed.
pub(super) struct SlugSet {
    kind: &'static str,
    pub(super) ids: SlugIds,
    /// Each claim's file, by entry.
    sources: Vec<Arc<Source>>,
}

impl SlugSet {
    pub(super) fn new(kind: &'static str, entries: usize) -> Self {
        SlugSet {
            kind,
            ids: SlugIds::with_capacity_and_hasher(entries, Default::default()),
            sources: Vec::with_capacity(entries),
        }
    }

    /// Takes `slug` for the next entry, from `source`; a slug already taken is an error at
    /// the second file.
    pub(super) fn claim(
        &mut self,
        slug: &str,
        source: &Arc<Source>,
        diags: &mut Diagnostics,
    ) -> bool {
        let id = self.sources.len();
        self.sources.push(source.clone());
        if let Some(&first) = self.ids.get(slug) {
            let message = format!(
                "duplicate {} slug \"{slug}\": {} has it too",
                self.kind,
                self.sources[first].path.display()
            );
            let d = if yaml_has_key(source, "slug") {
                source.error_at_value(&["slug"], slug, 0, message)
            } else {
                Diagnostic::error(&source.path, message)
            };
            diags.push(d.with_hint("rename one of the files, or give one a `slug:`"));
            return false;
        }
        self.ids.insert(slug.to_string(), id);
        true
    }
}

/// Slugs of exercise files that failed to load: naming them is not a second error.
pub(super) fn broken_slugs(failed: &[String]) -> HashSet<String> {
    failed
        .iter()
        .filter_map(|rel| rel.strip_prefix("exercises/"))
        .map(|rel| slugify(crate::source::load::stem_of(rel)))
        .collect()
}

/// Whether the front matter of `src` writes the top-level `key`.
pub(super) fn yaml_has_key(src: &Source, key: &str) -> bool {
    crate::source::yaml::Locator::new(src.yaml())
        .key_line(&[key])
        .is_some()
}

#[cfg(test)]
mod tests {
    use super::broken_slugs;
    use crate::model::link::testing::*;
    use crate::model::Item;

    #[test]
    fn a_slug_taken_twice_is_an_error_at_the_second_file_and_names_the_first() {
        let (guide, errors) = link(&[
            ("exercises/row.md", &exercise_matter("Row", "rhomboids", "")),
            (
                "exercises/upper/row.md",
                &exercise_matter("Upper row", "rhomboids", ""),
            ),
            (
                "exercises/seated-row.md",
                &exercise_matter("Seated row", "rhomboids", "slug: row"),
            ),
            ("workouts/w.md", "title: W\nexercises:\n  - exercise: row"),
        ]);
        let hint = "(rename one of the files, or give one a `slug:`)";
        assert_eq!(
            errors,
            [
                // Where `slug:` is written, at it; else the file.
                format!("content/exercises/seated-row.md:5: duplicate exercise slug \"row\": content/exercises/row.md has it too {hint}"),
                format!("content/exercises/upper/row.md:0: duplicate exercise slug \"row\": content/exercises/row.md has it too {hint}"),
            ]
        );
        let Item::Exercise(step) = &guide.workouts[0].items[0] else {
            panic!("{:?}", guide.workouts[0].items)
        };
        assert_eq!(guide.exercises[step.exercise].meta.title, "Row");
    }

    #[test]
    fn a_slug_is_the_file_name_or_a_valid_slug_given() {
        let (guide, errors) = link(&[
            ("Safety First.md", "title: Safety"),
            ("about.md", "title: About\nslug: About Us"),
            ("contact.md", "title: Contact\nslug: \"!!\""),
        ]);
        assert_eq!(
            errors,
            [
                "content/about.md:3: slug \"About Us\" may hold only lowercase letters, digits and single hyphens (write \"about-us\")",
                "content/contact.md:3: slug \"!!\" may hold only lowercase letters, digits and single hyphens (write a slug of lowercase letters, digits and hyphens, e.g. `slug: band-row`, or remove `slug:`)",
            ]
        );
        let slugs: Vec<&str> = guide.pages.iter().map(|p| p.meta.slug.as_str()).collect();
        assert_eq!(slugs, ["safety-first", "about-us", "contact"]);
    }

    #[test]
    fn a_missing_or_empty_title_is_an_error_and_the_file_name_stands_in() {
        let (guide, errors) = link(&[
            ("about.md", "summary: Who we are."),
            ("faq.md", "title: \" \""),
        ]);
        assert_eq!(
            errors,
            [
                "content/about.md:1: missing title (add `title: ...` to the front matter)",
                "content/faq.md:2: the title is empty (write the page's name after `title:`)",
            ]
        );
        let titles: Vec<&str> = guide.pages.iter().map(|p| p.meta.title.as_str()).collect();
        assert_eq!(titles, ["about", "faq"]);
        assert_eq!(guide.pages[0].meta.summary.as_deref(), Some("Who we are."));
    }

    #[test]
    fn the_slugs_of_exercise_files_that_failed_are_known() {
        let failed = [
            "exercises/upper/Band Row.md",
            "workouts/w.md",
            "exercises/plank.md",
            // A page that is a folder is known by the folder's name.
            "exercises/face-pull/index.md",
        ];
        let failed: Vec<String> = failed.iter().map(|f| f.to_string()).collect();
        let mut slugs: Vec<String> = broken_slugs(&failed).into_iter().collect();
        slugs.sort();
        assert_eq!(slugs, ["band-row", "face-pull", "plank"]);
    }
}
