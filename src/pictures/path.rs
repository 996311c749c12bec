//! Where a picture named by a page is: `start.jpg` beside the page's file (or in the folder
//! of a page that is a folder, `band-row/index.md`), `/photos/start.jpg` under `static/`.
//!
//! This is worked out from the names alone, as the link stage does for front matter and the
//! render for Markdown bodies; whether the file is there, and whether a symbolic link on the
//! way leads out of the guide, is for the stage that reads it ([`super::collect`]).

/// Why a name cannot be a picture of the guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// A URL: pictures are processed at build time, so they are files of the guide.
    Remote,
    /// Nothing is named.
    Empty,
    /// `..` climbs out of the guide (or, for a `/` path, out of `static/`).
    Outside,
}

impl Refused {
    /// What is wrong, after the name, and what to do.
    pub fn explain(&self) -> (&'static str, &'static str) {
        match self {
            Refused::Remote => (
                "is a URL, and a picture must be a file of the guide",
                "download the picture into the page's folder (keeping its credit) and name the file",
            ),
            Refused::Empty => (
                "names no file",
                "write the picture's file name, e.g. `src: start.jpg`",
            ),
            Refused::Outside => (
                "leads out of the guide",
                "put the picture beside the page's file, or under static/ and write `/NAME`",
            ),
        }
    }
}

/// The file `src` names from the page at `page_rel` (a path under `content/`), relative to the
/// guide folder with `/`: `content/exercises/start.jpg`, `static/photos/start.jpg`.
pub fn resolve(page_rel: &str, src: &str) -> Result<String, Refused> {
    let src = src.trim();
    if src.contains("://")
        || src.starts_with("//")
        || crate::render::markdown::scheme(src).is_some()
    {
        return Err(Refused::Remote);
    }
    let (mut parts, floor, rest): (Vec<&str>, usize, &str) = match src.strip_prefix('/') {
        Some(rest) => (vec!["static"], 1, rest),
        None => {
            let dir = page_rel.rsplit_once('/').map_or("", |(dir, _)| dir);
            let mut parts = vec!["content"];
            parts.extend(dir.split('/').filter(|p| !p.is_empty()));
            (parts, 0, src)
        }
    };
    let mut named = false;
    for part in rest.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." if parts.len() > floor => {
                parts.pop();
            }
            ".." => return Err(Refused::Outside),
            part => {
                parts.push(part);
                named = true;
            }
        }
    }
    if !named || parts.len() <= floor {
        return Err(Refused::Empty);
    }
    Ok(parts.join("/"))
}

/// Whether `url`, written as a Markdown image, names a file of the guide (and is processed)
/// rather than a URL or a place in the page.
pub fn is_local(url: &str) -> bool {
    let url = url.trim();
    !url.is_empty()
        && !url.starts_with('#')
        && !url.starts_with("//")
        && crate::render::markdown::scheme(url).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_beside_the_page_or_under_static() {
        let row = "exercises/band-row.md";
        assert_eq!(
            resolve(row, "start.jpg").unwrap(),
            "content/exercises/start.jpg"
        );
        assert_eq!(
            resolve("exercises/band-row/index.md", "./img/start.jpg").unwrap(),
            "content/exercises/band-row/img/start.jpg"
        );
        assert_eq!(resolve("about.md", "a.png").unwrap(), "content/a.png");
        assert_eq!(
            resolve(row, "/photos/a.jpg").unwrap(),
            "static/photos/a.jpg"
        );
        assert_eq!(resolve(row, "../../static/a.jpg").unwrap(), "static/a.jpg");
    }

    #[test]
    fn urls_and_ways_out_are_refused() {
        let row = "exercises/band-row.md";
        assert_eq!(
            resolve(row, "https://example.org/a.jpg"),
            Err(Refused::Remote)
        );
        assert_eq!(resolve(row, "//example.org/a.jpg"), Err(Refused::Remote));
        assert_eq!(
            resolve(row, "data:image/png;base64,AAAA"),
            Err(Refused::Remote)
        );
        assert_eq!(resolve(row, "../../../etc/passwd"), Err(Refused::Outside));
        assert_eq!(resolve(row, "/../site.yaml"), Err(Refused::Outside));
        assert_eq!(resolve(row, "/"), Err(Refused::Empty));
        assert_eq!(resolve(row, " "), Err(Refused::Empty));
        assert_eq!(resolve(row, "../.."), Err(Refused::Empty));
    }

    #[test]
    fn markdown_images_of_files_are_told_from_urls() {
        assert!(is_local("start.jpg") && is_local("/a.png"));
        assert!(!is_local("https://x/a.png") && !is_local("#top") && !is_local(""));
    }
}
