//! `spotter check` follows every link and picture address of the site it renders: one that
//! leads to no page or file of the site, or to no element of the page its `#fragment` names,
//! is an error at the line of the source that writes it (or at the page, for a template's).
//! A build does not scan its pages (its links from `@/` are checked as it links them).

use std::fs;

use crate::common::{build, check, copy_dir, read, tests_dir, write, TempDir};

/// The small fixture guide, copied into `tmp` with `about.md` saying `body`.
fn guide_with_about(tmp: &TempDir, body: &str) -> std::path::PathBuf {
    let root = tmp.join("guide");
    copy_dir(&tests_dir().join("fixtures/small"), &root);
    let about = root.join("content/about.md");
    let text = read(&about);
    let front = &text[..text.find("\n---\n").unwrap() + 5];
    write(&about, format!("{front}{body}"));
    root
}

#[test]
fn links_to_no_page_and_to_no_element_are_errors_where_they_are_written() {
    let tmp = TempDir::new("check-links");
    let root = guide_with_about(
        &tmp,
        "See [the list](/exercisez/) and the\n\
         [ladder](@/exercises/bodyweight/inverted-row.md#ladder), and\n\
         [the rows](/exercises/inverted-row/#ladder-heading), [home](../),\n\
         [mail](mailto:coach@example.org) and [away](https://example.org/nowhere/).\n",
    );
    let run = check(&root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "content/about.md:5:16: error: the link to \"/exercisez/\" leads nowhere: the site has no such page or file\n \
         5 | See [the list](/exercisez/) and the\n   \
         |                ^^^^^^^^^^^\n \
         = hint: did you mean \"/exercises/\"?\n\
         \n\
         content/about.md:6:10: error: the link to \"/exercises/inverted-row/#ladder\" leads nowhere: the page has no element with id=\"ladder\"\n \
         6 | [ladder](@/exercises/bodyweight/inverted-row.md#ladder), and\n   \
         |          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n \
         = hint: did you mean \"/exercises/inverted-row/#ladder-heading\"?\n\
         \n\
         error: 2 errors in 1 file\n"
    );
    // A build writes the site: its pages' links are check's to follow.
    let out = tmp.join("public");
    let built = build(&root, &out, &[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(out.join("about/index.html").is_file());
}

#[test]
fn a_guide_with_no_posts_links_to_no_blog() {
    let tmp = TempDir::new("check-links-no-blog");
    let root = tmp.join("guide");
    copy_dir(&tests_dir().join("fixtures/small"), &root);
    fs::remove_dir_all(root.join("content/blog")).unwrap();
    // The about page links to a post; it goes too.
    fs::remove_file(root.join("content/about.md")).unwrap();
    let run = check(&root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = tmp.join("public");
    assert_eq!(build(&root, &out, &[]).code, 0);
    assert!(!out.join("blog").exists());
    assert!(!read(out.join("index.html")).contains("blog/"));
}

#[test]
fn a_template_link_to_no_page_is_an_error_at_the_page() {
    let tmp = TempDir::new("check-links-template");
    let root = tmp.join("guide");
    copy_dir(&tests_dir().join("fixtures/small"), &root);
    let templates = root.join("templates");
    fs::create_dir_all(&templates).unwrap();
    // The built-in 404 page, with one more link.
    write(
        templates.join("404.html"),
        "{% extends \"base.html\" %}{% block content %}<a href=\"{{ site.base_path }}lost/\">lost</a>{% endblock %}",
    );
    let run = check(&root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "public/404.html: error: the link to \"/lost/\" leads nowhere: the site has no such page or file\n \
         = hint: the page is made by the theme's templates, and the link is in one of them: correct the address; a link to a page written with @/ and its file (`@/exercises/row.md`) is checked by every build\n\
         \n\
         error: 1 error in 1 file\n"
    );
}
