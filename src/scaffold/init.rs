//! `spotter init`: a new guide that builds as it is, written into a new or empty folder.
//!
//! The guide is `starter/init/`, laid out as it is written: `site.yaml` with every key at its
//! default but the title, a home page, an about page, two exercises, a workout and a welcome
//! post dated today. This module fills in the title (made from the folder's name) and the date,
//! and keeps the built site out of version control. It is not for adding pages to a guide: that
//! is [`super::new_page`].

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{fill, today_utc, write_new, yaml_string, Error};
use crate::config::SiteConfig;
use crate::source::front_matter::Date;

const SITE_YAML: &str = include_str!("starter/init/site.yaml");
const HOME: &str = include_str!("starter/init/content/_index.md");
const ABOUT: &str = include_str!("starter/init/content/about.md");
const PUSH_UP: &str = include_str!("starter/init/content/exercises/push-up.md");
const INCLINE_PUSH_UP: &str = include_str!("starter/init/content/exercises/incline-push-up.md");
const PUSH_UP_BUILDER: &str = include_str!("starter/init/content/workouts/push-up-builder.md");
/// Written as `content/blog/DATE-welcome.md`, dated today.
const WELCOME: &str = include_str!("starter/init/content/blog/welcome.md");

/// A guide written by [`init`].
#[derive(Debug)]
pub struct Created {
    /// The guide's folder, as given.
    pub dir: PathBuf,
    /// The files written, relative to the folder.
    pub files: Vec<String>,
}

impl Created {
    /// What to do next, for the command line to print.
    pub fn next_steps(&self) -> String {
        let dir = self.dir.display().to_string();
        let cd = if dir.contains(char::is_whitespace) {
            format!("\"{dir}\"")
        } else {
            dir.clone()
        };
        let mut out = format!("created a new guide in {dir}:\n");
        for file in &self.files {
            out.push_str(&format!("  {file}\n"));
        }
        out.push_str("\nnext steps:\n");
        let steps = [
            (
                format!("cd {cd} && spotter serve"),
                "preview it at http://127.0.0.1:1111/, rebuilt as you save",
            ),
            (
                "spotter build".to_string(),
                "or write the site into public/",
            ),
            (
                "spotter new exercise \"Title\"".to_string(),
                "add a page with its front matter filled in (or workout, post)",
            ),
            (
                "spotter check".to_string(),
                "check content and links without writing anything",
            ),
        ];
        let width = steps
            .iter()
            .map(|(c, _)| c.chars().count())
            .max()
            .unwrap_or(0);
        for (command, what) in &steps {
            let pad = width - command.chars().count();
            out.push_str(&format!("  {command}{:pad$}   {what}\n", ""));
        }
        out.push_str(&format!(
            "
The default theme is built into spotter, so the guide needs no themes/ folder.
To customise it, copy themes/default/ from the Spotter repository into {dir}/themes/default/,
or override single templates in {dir}/templates/.
"
        ));
        out
    }
}

/// Writes a new guide into `dir`, which must not exist yet or be empty (hidden entries such as
/// `.git` are allowed; an existing `.gitignore` gets `/public` added instead of being replaced).
pub fn init(dir: &Path) -> Result<Created, Error> {
    let gitignore_exists = make_room(dir)?;
    let title = title_from_folder(dir);
    let date = today_utc();
    let files: Vec<(String, String)> = vec![
        ("site.yaml".into(), site_yaml(&title)),
        ("content/_index.md".into(), home_page(&title)),
        ("content/about.md".into(), ABOUT.into()),
        ("content/exercises/push-up.md".into(), PUSH_UP.into()),
        (
            "content/exercises/incline-push-up.md".into(),
            INCLINE_PUSH_UP.into(),
        ),
        (
            "content/workouts/push-up-builder.md".into(),
            PUSH_UP_BUILDER.into(),
        ),
        (
            format!("content/blog/{date}-welcome.md"),
            welcome_post(&title, date),
        ),
    ];
    let mut written = Vec::new();
    for (rel, text) in &files {
        write_new(&dir.join(rel), &dir.join(rel), text)?;
        written.push(rel.clone());
    }
    written.extend(ignore_output(dir, gitignore_exists)?);
    Ok(Created {
        dir: dir.to_path_buf(),
        files: written,
    })
}

/// Makes `dir` a folder to write a guide into: creates it if it is not there, and refuses it if
/// it holds anything but hidden entries. Says whether it has a `.gitignore` already.
fn make_room(dir: &Path) -> Result<bool, Error> {
    let mut gitignore_exists = false;
    match fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => {
            return Err(Error::NotAFolder {
                path: dir.to_path_buf(),
            })
        }
        Ok(_) => {
            for entry in fs::read_dir(dir).map_err(io_error(dir))? {
                let name = entry.map_err(io_error(dir))?.file_name();
                let name = name.to_string_lossy();
                if !name.starts_with('.') {
                    return Err(Error::NotEmpty {
                        dir: dir.to_path_buf(),
                    });
                }
                gitignore_exists |= name == ".gitignore";
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(dir).map_err(io_error(dir))?;
        }
        Err(e) => return Err(io_error(dir)(e)),
    }
    Ok(gitignore_exists)
}

/// What `spotter init` keeps out of version control: the built site, and the pictures
/// processed by earlier builds (made again from the originals whenever they are missing).
const IGNORED: [&str; 2] = ["/public", "/.spotter-cache"];

/// Keeps the built site and the picture cache out of version control: writes a `.gitignore`
/// holding [`IGNORED`], or adds to the one `dir` has the lines it lacks. Says what it wrote,
/// for the list of files written.
fn ignore_output(dir: &Path, gitignore_exists: bool) -> Result<Option<String>, Error> {
    let gitignore = dir.join(".gitignore");
    if !gitignore_exists {
        write_new(&gitignore, &gitignore, &format!("{}\n", IGNORED.join("\n")))?;
        return Ok(Some(".gitignore".into()));
    }
    let old = fs::read_to_string(&gitignore).map_err(io_error(&gitignore))?;
    let missing: Vec<&str> = IGNORED
        .iter()
        .copied()
        .filter(|want| {
            let bare = want.trim_start_matches('/');
            !old.lines().any(|l| {
                let l = l.trim().trim_end_matches('/');
                l == *want || l == bare
            })
        })
        .collect();
    if missing.is_empty() {
        return Ok(None);
    }
    let sep = if old.is_empty() || old.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    let added = missing.join("\n");
    fs::write(&gitignore, format!("{old}{sep}{added}\n")).map_err(io_error(&gitignore))?;
    Ok(Some(format!(".gitignore (added {})", missing.join(", "))))
}

/// Turns a system error about `path` into ours.
fn io_error(path: &Path) -> impl FnOnce(io::Error) -> Error {
    let path = path.to_path_buf();
    move |error| Error::Io { path, error }
}

/// `my-upper_back guide` -> `My Upper Back Guide`; the default title when the name has no
/// letter or digit.
fn title_from_folder(dir: &Path) -> String {
    let name = match dir.file_name() {
        Some(n) => n.to_string_lossy().into_owned(),
        // `.` or `..`: the folder's own name.
        None => fs::canonicalize(dir)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_default(),
    };
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect();
    if words.is_empty() {
        SiteConfig::default().title
    } else {
        words.join(" ")
    }
}

/// The `base_url` a new guide starts with: a placeholder that reads as one, which `build`
/// warns of until it is replaced (the default, `spotter serve`'s own address, would make
/// cards whose QR codes open a page only on the machine that built them).
pub const INIT_BASE_URL: &str = "https://my-guide.example/";

/// `site.yaml` with every key at its default but the title and `base_url`, each with a
/// comment.
fn site_yaml(title: &str) -> String {
    let d = SiteConfig::default();
    let author = d.author.as_deref().map_or("null".to_string(), yaml_string);
    let featured = if d.featured.is_empty() {
        "[]".to_string()
    } else {
        format!(
            "[{}]",
            d.featured
                .iter()
                .map(|s| yaml_string(s))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    fill(
        SITE_YAML,
        &[
            ("title", &yaml_string(title)),
            ("description", &yaml_string(&d.description)),
            ("base_url", &yaml_string(INIT_BASE_URL)),
            ("language", &yaml_string(&d.language)),
            ("author", &author),
            ("theme", &yaml_string(&d.theme)),
            ("allow_raw_html", &d.allow_raw_html.to_string()),
            ("card_size", d.card_size.name()),
            ("sheet_size", d.sheet_size.name()),
            ("paginate_by", &d.paginate_by.to_string()),
            ("units", d.units.name()),
            ("featured", &featured),
            (
                "image_widths",
                &format!(
                    "[{}]",
                    (d.images.widths.iter())
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
            ("image_quality", &d.images.quality.to_string()),
            ("require_credit", &d.images.require_credit.to_string()),
            (
                "logo",
                &d.logo.as_deref().map_or("null".to_string(), yaml_string),
            ),
        ],
    )
}

/// The home page. Its title is left to site.yaml, so renaming the guide there renames the home
/// page too.
fn home_page(title: &str) -> String {
    fill(HOME, &[("title", title)])
}

/// The first post, dated `date`.
fn welcome_post(title: &str, date: Date) -> String {
    fill(WELCOME, &[("title", title), ("date", &date.to_string())])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scaffold::matter;
    use crate::source::front_matter::{ExerciseMatter, PageMatter, PostMatter, WorkoutMatter};
    use crate::source::yaml;

    #[test]
    fn init_files_parse() {
        let _: ExerciseMatter = matter(PUSH_UP);
        let _: ExerciseMatter = matter(INCLINE_PUSH_UP);
        let _: WorkoutMatter = matter(PUSH_UP_BUILDER);
        let _: PageMatter = matter(ABOUT);
        let _: PageMatter = matter(&home_page("G"));
        let _: PostMatter = matter(&welcome_post("G", "2024-05-01".parse().unwrap()));
    }

    #[test]
    fn site_yaml_sets_every_key_to_its_default() {
        let text = site_yaml("My Guide");
        let read: SiteConfig = yaml::parse(&text).unwrap();
        let mut want = serde_json::to_value(SiteConfig::default()).unwrap();
        want["title"] = "My Guide".into();
        // All but base_url, a placeholder `build` warns of (the default is serve's address).
        want["base_url"] = INIT_BASE_URL.into();
        assert_eq!(serde_json::to_value(&read).unwrap(), want);
        // Every key is written out, not only defaulted.
        let written = yaml::parse_value(&text).unwrap();
        let written: Vec<&str> = written
            .as_mapping()
            .unwrap()
            .keys()
            .filter_map(|k| k.as_str())
            .collect();
        let mut keys: Vec<&str> = want
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut written_sorted = written.clone();
        keys.sort_unstable();
        written_sorted.sort_unstable();
        assert_eq!(written_sorted, keys);
        // And each has a comment above it.
        for key in written {
            let at = text.find(&format!("\n{key}:")).unwrap();
            let before = text[..at].lines().last().unwrap();
            assert!(before.starts_with("# "), "{key} has no comment");
        }
    }

    #[test]
    fn titles_from_folder_names() {
        assert_eq!(title_from_folder(Path::new("my-guide")), "My Guide");
        assert_eq!(
            title_from_folder(Path::new("/x/upper_back  guide")),
            "Upper Back Guide"
        );
        assert_eq!(title_from_folder(Path::new("élan")), "Élan");
        assert_eq!(title_from_folder(Path::new("---")), "Exercise Guide");
    }
}
