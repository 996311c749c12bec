//! Redirects: the old paths a page is also found at (`redirect_from:`), which must be plain
//! paths within the site. Where they land among the site's files is the render's to check.

use crate::diagnostics::Diagnostics;
use crate::model::Guide;

/// The site path a `redirect_from` entry names (`old-name` for `/old-name/`), when it is a
/// plain path within the site: no `..`, no hidden or empty segment, no odd character.
pub fn redirect_path(from: &str) -> Option<&str> {
    let path = from.trim().trim_matches('/');
    let safe = !path.is_empty()
        && path
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != ".." && !seg.starts_with('.'))
        && path
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./~".contains(c));
    safe.then_some(path)
}

/// Redirects must be plain site paths. That none lands on a file of the site is checked
/// where the files are known, when rendering ([`crate::render`]).
pub(super) fn check_redirects(guide: &Guide, diags: &mut Diagnostics) {
    for (_, meta) in guide.metas() {
        let Some(src) = &meta.source else { continue };
        for from in &meta.redirect_from {
            if redirect_path(from).is_none() {
                diags.push(
                    src.error_at_value(
                        &["redirect_from"],
                        from,
                        0,
                        format!("redirect_from \"{from}\" is not a path within the site"),
                    )
                    .with_hint("write a site path such as /old-name/"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::redirect_path;
    use crate::model::link::testing::*;

    #[test]
    fn a_redirect_is_a_plain_path_within_the_site() {
        assert_eq!(redirect_path("/old-name/"), Some("old-name"));
        assert_eq!(
            redirect_path(" guides/old_row.v2 "),
            Some("guides/old_row.v2")
        );
        for wrong in [
            "",
            "/",
            "../up",
            "a/../b",
            "a//b",
            ".hidden/x",
            "a b",
            "a?b",
            "x\\y",
        ] {
            assert_eq!(redirect_path(wrong), None, "{wrong:?}");
        }
    }

    #[test]
    fn a_redirect_out_of_the_site_is_an_error_at_its_line() {
        let (_, errors) = link(&[(
            "about.md",
            "title: About\nredirect_from: [/old-about/, /../etc/passwd]",
        )]);
        assert_eq!(
            errors,
            ["content/about.md:3: redirect_from \"/../etc/passwd\" is not a path within the site (write a site path such as /old-name/)"]
        );
    }
}
