//! Posts, standalone pages and section introductions: a post's date (from `date:` or its file
//! name), a page's path (its folders and slug, outside the generated folders), the `_index.md`
//! files that introduce the home page and the indexes, and the paths `@/` links name.

use std::collections::HashMap;

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{default_section_title, Equipment, Meta, Muscle, Page, Post, Target};
use crate::source::front_matter::{Date, FrontMatter, PageMatter, PostMatter};
use crate::source::load::{Content, Doc};
use crate::source::slug::slugify;

use super::meta::{meta_of, SlugSet};

/// URL folders the generator owns; a standalone page may not take them.
const RESERVED: [&str; 8] = [
    "exercises",
    "workouts",
    "cards",
    "muscles",
    "equipment",
    "blog",
    "tags",
    "static",
];

/// The folders an `_index.md` may introduce: the home page's and the indexes'.
const SECTIONS: [&str; 7] = [
    "",
    "exercises",
    "workouts",
    "programs",
    "muscles",
    "equipment",
    "blog",
];

/// Who wrote a post: its `author:`, else the site's author.
pub(super) fn author_of(post: &PostMatter, config: &SiteConfig) -> Option<String> {
    post.author.clone().or_else(|| config.author.clone())
}

/// The posts of `docs`, newest first (then by slug), each with its file's path under
/// `content/`. Without `author:`, a post is by the site's author.
pub(super) fn link_posts<'a>(
    docs: &'a [Doc<PostMatter>],
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> Vec<(Post, &'a str)> {
    let mut slugs = SlugSet::new("post", docs.len());
    let mut posts: Vec<(Post, &str)> = Vec::with_capacity(docs.len());
    for doc in docs {
        let meta = meta_of(doc, diags);
        slugs.claim(&meta.slug, &doc.source, diags);
        let post = Post {
            meta,
            date: date_of(doc, diags).unwrap_or(Date {
                year: 1970,
                month: 1,
                day: 1,
            }),
            updated: doc.matter.updated,
            author: author_of(&doc.matter, config),
        };
        posts.push((post, doc.source.rel.as_str()));
    }
    posts.sort_by(|(a, _), (b, _)| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.meta.slug.cmp(&b.meta.slug))
    });
    posts
}

/// A post's date: its `date:`, else the date its file name starts with.
fn date_of(doc: &Doc<PostMatter>, diags: &mut Diagnostics) -> Option<Date> {
    match (&doc.matter.date, &doc.date_prefix) {
        (Some(d), _) => Some(*d),
        (None, Some(prefix)) => {
            match prefix.parse::<Date>() {
                Ok(d) => Some(d),
                Err(e) => {
                    diags.push(
                    Diagnostic::error(&doc.source.path, format!("the file name's date {e}"))
                        .with_hint("rename the file to start with a real date, YYYY-MM-DD-, or set `date:`"),
                );
                    None
                }
            }
        }
        (None, None) => {
            if !doc.is_broken("date") {
                diags.push(doc.source.yaml_error(0, 0, "a post needs a date").with_hint(
                    "add `date: YYYY-MM-DD`, or start the file name with it: 2024-05-01-title.md",
                ));
            }
            None
        }
    }
}

/// The standalone pages of `docs`, each published at its folders (slugified) and its slug.
pub(super) fn link_pages(docs: &[Doc<PageMatter>], diags: &mut Diagnostics) -> Vec<Page> {
    let mut paths = SlugSet::new("page", docs.len());
    let mut pages = Vec::with_capacity(docs.len());
    for doc in docs {
        // A page that is a folder (`guides/safety/index.md`) is published as its folder.
        let folder = doc.source.rel.strip_suffix("/index.md");
        let dir = folder
            .unwrap_or(&doc.source.rel)
            .rsplit_once('/')
            .map(|(d, _)| d);
        let mut meta = meta_of(doc, diags);
        let path = match dir {
            Some(d) => format!(
                "{}/{}",
                d.split('/').map(slugify).collect::<Vec<_>>().join("/"),
                meta.slug
            ),
            None => meta.slug.clone(),
        };
        let top = path.split('/').next().unwrap_or_default();
        if RESERVED.contains(&top) {
            diags.push(
                doc.source
                    .yaml_error(0, 0, format!("the page would be published at /{path}/, inside the generated /{top}/ pages"))
                    .with_hint("move it, or give it another `slug:`"),
            );
        }
        paths.claim(&path, &doc.source, diags);
        meta.slug = path.rsplit('/').next().unwrap_or_default().to_string();
        pages.push(Page { meta, path });
    }
    pages
}

/// The section introductions of `docs`, by folder; without `title:`, one is titled as the
/// site (the home page) or as its index.
pub(super) fn link_sections(
    docs: &[(String, Doc<PageMatter>)],
    config: &SiteConfig,
    diags: &mut Diagnostics,
) -> HashMap<String, Page> {
    let mut sections = HashMap::new();
    for (folder, doc) in docs {
        if !SECTIONS.contains(&folder.as_str()) {
            diags.push(doc.source.yaml_error(0, 0, format!("content/{folder}/_index.md introduces no page")).with_hint(
                "_index.md introduces the home page (content/_index.md) or the exercises, workouts, programs, muscles, equipment and blog indexes",
            ));
            continue;
        }
        let c = doc.matter.common();
        let default_title = if folder.is_empty() {
            config.title.clone()
        } else {
            default_section_title(folder).to_string()
        };
        let mut meta = Meta {
            slug: folder.clone(),
            title: c.title.map_or(default_title, str::to_string),
            ..Meta::default()
        };
        super::meta::set_common(&mut meta, &doc.source, &c, diags);
        let page = Page {
            meta,
            path: folder.clone(),
        };
        sections.insert(folder.clone(), page);
    }
    sections
}

/// What each file's path under `content/` names, for `@/` links: the exercises, workouts and
/// pages of `content` by their place there, the posts by theirs in `post_rels` (newest first),
/// and the muscles, equipment and sections that come from a file.
pub(super) fn paths_of(
    content: &Content,
    post_rels: &[&str],
    muscles: &[Muscle],
    equipment: &[Equipment],
    sections: &HashMap<String, Page>,
) -> HashMap<String, Target, foldhash::fast::RandomState> {
    let mut paths = HashMap::with_capacity_and_hasher(
        content.sections.len()
            + content.exercises.len()
            + content.workouts.len()
            + content.programs.len()
            + content.posts.len()
            + content.pages.len()
            + muscles.len()
            + equipment.len(),
        Default::default(),
    );
    for (folder, page) in sections {
        if let Some(src) = &page.meta.source {
            paths.insert(src.rel.clone(), Target::Section(folder.clone()));
        }
    }
    for (i, doc) in content.exercises.iter().enumerate() {
        paths.insert(doc.source.rel.clone(), Target::Exercise(i));
    }
    for (i, doc) in content.workouts.iter().enumerate() {
        paths.insert(doc.source.rel.clone(), Target::Workout(i));
    }
    for (i, doc) in content.programs.iter().enumerate() {
        paths.insert(doc.source.rel.clone(), Target::Program(i));
    }
    for (i, rel) in post_rels.iter().enumerate() {
        paths.insert(rel.to_string(), Target::Post(i));
    }
    for (i, doc) in content.pages.iter().enumerate() {
        paths.insert(doc.source.rel.clone(), Target::Page(i));
    }
    for (i, m) in muscles.iter().enumerate() {
        if let Some(src) = &m.term.meta.source {
            paths.insert(src.rel.clone(), Target::Muscle(i));
        }
    }
    for (i, e) in equipment.iter().enumerate() {
        if let Some(src) = &e.term.meta.source {
            paths.insert(src.rel.clone(), Target::Equipment(i));
        }
    }
    paths
}

#[cfg(test)]
mod tests {
    use crate::config::SiteConfig;
    use crate::model::link::testing::*;
    use crate::model::Target;

    #[test]
    fn posts_are_dated_by_date_or_file_name_newest_first() {
        let config = SiteConfig {
            author: Some("Ada".into()),
            ..Default::default()
        };
        let (guide, errors) = link_with(
            config,
            &[
                ("blog/2024-01-05-old.md", "title: Old"),
                (
                    "blog/2023-01-01-new.md",
                    "title: New\ndate: 2024-06-01\nauthor: Bo",
                ),
                ("blog/2024-02-30-odd.md", "title: Odd"),
                ("blog/undated.md", "title: Undated"),
            ],
        );
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[0].starts_with("content/blog/2024-02-30-odd.md:0: the file name's date "),
            "{errors:?}"
        );
        assert_eq!(
            errors[1],
            "content/blog/undated.md:1: a post needs a date (add `date: YYYY-MM-DD`, or start the file name with it: 2024-05-01-title.md)"
        );
        let posts: Vec<(&str, String, Option<&str>)> = guide
            .posts
            .iter()
            .map(|p| {
                (
                    p.meta.slug.as_str(),
                    p.date.to_string(),
                    p.author.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            posts,
            [
                ("new", "2024-06-01".to_string(), Some("Bo")),
                ("old", "2024-01-05".to_string(), Some("Ada")),
                ("odd", "1970-01-01".to_string(), Some("Ada")),
                ("undated", "1970-01-01".to_string(), Some("Ada")),
            ]
        );
        // Paths name the posts in their order.
        assert_eq!(
            guide.paths.get("blog/2023-01-01-new.md"),
            Some(&Target::Post(0))
        );
        assert_eq!(guide.paths.get("blog/undated.md"), Some(&Target::Post(3)));
    }

    #[test]
    fn a_page_is_published_at_its_folders_and_slug_outside_the_generated_folders() {
        let (guide, errors) = link(&[
            ("Guides/Safety First.md", "title: Safety"),
            ("tags.md", "title: Tags"),
            ("guides/safety-first.md", "title: Again"),
        ]);
        assert_eq!(
            errors,
            [
                "content/guides/safety-first.md:0: duplicate page slug \"guides/safety-first\": content/Guides/Safety First.md has it too (rename one of the files, or give one a `slug:`)",
                "content/tags.md:1: the page would be published at /tags/, inside the generated /tags/ pages (move it, or give it another `slug:`)",
            ]
        );
        let pages: Vec<(&str, &str)> = guide
            .pages
            .iter()
            .map(|p| (p.path.as_str(), p.meta.slug.as_str()))
            .collect();
        assert_eq!(
            pages,
            [
                ("guides/safety-first", "safety-first"),
                ("guides/safety-first", "safety-first"),
                ("tags", "tags"),
            ]
        );
    }

    #[test]
    fn sections_introduce_the_home_page_and_the_indexes_only() {
        let config = SiteConfig {
            title: "Rows".into(),
            ..Default::default()
        };
        let (guide, errors) = link_with(
            config,
            &[
                ("_index.md", "summary: Welcome."),
                ("exercises/_index.md", "summary: All of them."),
                ("tags/_index.md", "title: Tags"),
            ],
        );
        assert_eq!(
            errors,
            ["content/tags/_index.md:1: content/tags/_index.md introduces no page (_index.md introduces the home page (content/_index.md) or the exercises, workouts, programs, muscles, equipment and blog indexes)"]
        );
        assert_eq!(guide.sections[""].meta.title, "Rows");
        assert_eq!(guide.sections["exercises"].meta.title, "Exercises");
        assert_eq!(guide.sections.len(), 2);
        assert_eq!(
            guide.paths.get("_index.md"),
            Some(&Target::Section(String::new()))
        );
        assert_eq!(guide.paths.get("tags/_index.md"), None);
    }

    #[test]
    fn paths_name_every_page_made_from_a_file() {
        let (guide, errors) = link(&[
            ("exercises/b.md", &exercise_matter("B", "rhomboids", "")),
            ("exercises/a.md", &exercise_matter("A", "rhomboids", "")),
            ("workouts/w.md", "title: W\nexercises:\n  - exercise: a"),
            ("muscles/rhomboids.md", "title: Rhomboids"),
            ("equipment/kettlebell.md", "title: Kettlebell"),
            ("about.md", "title: About"),
        ]);
        assert_eq!(errors, Vec::<String>::new());
        let mut paths: Vec<(&str, String)> = guide
            .paths
            .iter()
            .map(|(rel, target)| (rel.as_str(), guide.path_of(target)))
            .collect();
        paths.sort();
        assert_eq!(
            paths,
            [
                ("about.md", "about/".to_string()),
                (
                    "equipment/kettlebell.md",
                    "equipment/kettlebell/".to_string()
                ),
                ("exercises/a.md", "exercises/a/".to_string()),
                ("exercises/b.md", "exercises/b/".to_string()),
                ("muscles/rhomboids.md", "muscles/rhomboids/".to_string()),
                ("workouts/w.md", "workouts/w/".to_string()),
            ]
        );
    }
}
