//! Tags: every tag written on an exercise, workout, post or page, by slug, with what carries
//! it.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostics::Diagnostics;
use crate::model::{Exercise, Meta, Page, Post, Tag, Workout};
use crate::source::slug::slugify;

/// The tags of `posts`, `exercises`, `workouts` and `pages`, in slug order: each named as it
/// was first written, with the entries carrying it in their own order. A tag with no letter or
/// digit has no slug, and is an error.
pub(super) fn collect_tags(
    posts: &[Post],
    exercises: &[Arc<Exercise>],
    workouts: &[Arc<Workout>],
    pages: &[Page],
    diags: &mut Diagnostics,
) -> Vec<Tag> {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    let mut add = |meta: &Meta, push: &dyn Fn(&mut Tag)| {
        for name in &meta.tags {
            let slug = slugify(name);
            if slug.is_empty() {
                if let Some(src) = &meta.source {
                    diags.push(
                        src.error_at_value(
                            &["tags"],
                            name,
                            0,
                            format!("tag \"{name}\" has no letters or digits"),
                        )
                        .with_hint("give the tag a letter or digit, or remove it"),
                    );
                }
                continue;
            }
            // Most names are of tags met before: look up without copying the slug.
            if let Some(tag) = tags.get_mut(&slug) {
                push(tag);
                continue;
            }
            let mut tag = Tag {
                name: name.trim().to_string(),
                slug: slug.clone(),
                posts: Vec::new(),
                exercises: Vec::new(),
                workouts: Vec::new(),
                pages: Vec::new(),
            };
            push(&mut tag);
            tags.insert(slug, tag);
        }
    };
    for (i, p) in posts.iter().enumerate() {
        add(&p.meta, &|t| {
            if t.posts.last() != Some(&i) {
                t.posts.push(i)
            }
        });
    }
    for (i, e) in exercises.iter().enumerate() {
        add(&e.meta, &|t| {
            if t.exercises.last() != Some(&i) {
                t.exercises.push(i)
            }
        });
    }
    for (i, w) in workouts.iter().enumerate() {
        add(&w.meta, &|t| {
            if t.workouts.last() != Some(&i) {
                t.workouts.push(i)
            }
        });
    }
    for (i, p) in pages.iter().enumerate() {
        add(&p.meta, &|t| {
            if t.pages.last() != Some(&i) {
                t.pages.push(i)
            }
        });
    }
    tags.into_values().collect()
}

#[cfg(test)]
mod tests {
    use crate::model::link::testing::*;

    #[test]
    fn tags_gather_by_slug_under_the_name_first_written() {
        let (guide, errors) = link(&[
            (
                "blog/2024-05-01-news.md",
                "title: News\ntags: [upper-body, News]",
            ),
            (
                "exercises/row.md",
                &exercise_matter("Row", "rhomboids", "tags: [Upper Body, upper body]"),
            ),
            (
                "workouts/w.md",
                "title: W\ntags: [UPPER BODY]\nexercises:\n  - exercise: row",
            ),
            ("about.md", "title: About\ntags: [news]"),
        ]);
        assert_eq!(errors, Vec::<String>::new());
        let tags: Vec<(&str, &str)> = guide
            .tags
            .iter()
            .map(|t| (t.slug.as_str(), t.name.as_str()))
            .collect();
        // In slug order; posts are met first.
        assert_eq!(tags, [("news", "News"), ("upper-body", "upper-body")]);
        let (news, upper) = (&guide.tags[0], &guide.tags[1]);
        assert_eq!((&news.posts[..], &news.pages[..]), (&[0][..], &[0][..]));
        assert!(news.exercises.is_empty() && news.workouts.is_empty());
        // An entry carrying a tag twice is listed once.
        assert_eq!(
            (&upper.posts[..], &upper.exercises[..], &upper.workouts[..]),
            (&[0][..], &[0][..], &[0][..])
        );
    }

    #[test]
    fn a_tag_without_a_letter_or_digit_is_an_error() {
        let (guide, errors) = link(&[("about.md", "title: About\ntags: [\"--\", ok]")]);
        assert_eq!(
            errors,
            ["content/about.md:3: tag \"--\" has no letters or digits (give the tag a letter or digit, or remove it)"]
        );
        assert_eq!(guide.tags.len(), 1);
        assert_eq!(guide.tags[0].slug, "ok");
    }
}
