//! The theme: Tera templates and static files, from the guide's `themes/NAME/` or, for the
//! default theme when the guide has no copy of it, from the binary. A guide's own `templates/`
//! and `static/` override the theme's files of the same path.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::diagnostics::{Diagnostic, Diagnostics};

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// Where a static file's bytes come from.
#[derive(Debug, Clone)]
pub enum StaticFile {
    /// Built into the binary.
    Embedded(&'static [u8]),
    /// On disk.
    Disk(PathBuf),
}

/// A loaded theme.
pub struct Theme {
    /// The compiled templates.
    pub tera: Tera,
    /// Static files by output path.
    pub statics: BTreeMap<String, StaticFile>,
    /// Where each template came from, for messages.
    pub origins: BTreeMap<String, PathBuf>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("templates", &self.origins.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Theme {
    /// Loads the theme `name` for the guide at `root`.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostics> {
        let mut templates: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        let mut statics = BTreeMap::new();
        let mut diags = Diagnostics::new();
        let theme_dir = format!("themes/{name}");
        if let Err(d) = crate::source::confine::real_path(root, &theme_dir) {
            return Err([d].into_iter().collect());
        }
        if root.join(&theme_dir).is_dir() {
            let mut found = Vec::new();
            read_tree(
                root,
                &format!("{theme_dir}/templates"),
                &mut diags,
                &mut |rel, path| {
                    found.push((rel.to_string(), path.to_path_buf()));
                },
            );
            for (rel, path) in found {
                read_template(root, &rel, &path, &mut templates, &mut diags);
            }
            read_tree(
                root,
                &format!("{theme_dir}/static"),
                &mut diags,
                &mut |rel, path| {
                    statics.insert(rel.to_string(), StaticFile::Disk(path.to_path_buf()));
                },
            );
        } else if name == "default" {
            for (rel, bytes) in DEFAULT_THEME {
                let shown = PathBuf::from("themes/default").join(rel);
                if let Some(t) = rel.strip_prefix("templates/") {
                    templates.insert(
                        t.to_string(),
                        (shown, String::from_utf8_lossy(bytes).into_owned()),
                    );
                } else if let Some(s) = rel.strip_prefix("static/") {
                    statics.insert(s.to_string(), StaticFile::Embedded(bytes));
                }
            }
        } else {
            let mut all = Diagnostics::new();
            all.push(
                Diagnostic::error(
                    "site.yaml",
                    format!("theme \"{name}\" not found: there is no themes/{name}/ folder"),
                )
                .with_hint("remove `theme:` to use the built-in default theme"),
            );
            return Err(all);
        }
        let mut found = Vec::new();
        read_tree(root, "templates", &mut diags, &mut |rel, path| {
            found.push((rel.to_string(), path.to_path_buf()));
        });
        for (rel, path) in found {
            read_template(root, &rel, &path, &mut templates, &mut diags);
        }
        read_tree(root, "static", &mut diags, &mut |rel, path| {
            statics.insert(rel.to_string(), StaticFile::Disk(path.to_path_buf()));
        });
        if diags.has_errors() {
            return Err(diags);
        }
        let origins: BTreeMap<String, PathBuf> = templates
            .iter()
            .map(|(k, (p, _))| (k.clone(), p.clone()))
            .collect();
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        tera.set_escape_fn(escape_html);
        if let Err(e) =
            tera.add_raw_templates(templates.iter().map(|(n, (_, t))| (n.as_str(), t.as_str())))
        {
            // Tera stops at the first broken template: compile each alone (the others standing
            // in empty, so `extends` and `import` resolve) to report every one of them.
            for (name, (path, text)) in &templates {
                let others = templates
                    .keys()
                    .filter(|k| *k != name)
                    .map(|k| (k.as_str(), ""));
                if let Err(e) = Tera::default()
                    .add_raw_templates(others.chain([(name.as_str(), text.as_str())]))
                {
                    diags.push(template_error(path, text, &e));
                }
            }
            if !diags.has_errors() {
                diags.push(Diagnostic::error(Path::new("templates"), error_chain(&e)));
            }
            return Err(diags);
        }
        for required in REQUIRED {
            if !origins.contains_key(*required) {
                diags.push(
                    Diagnostic::error(
                        PathBuf::from("themes")
                            .join(name)
                            .join("templates")
                            .join(required),
                        format!("the theme has no template {required}"),
                    )
                    .with_hint(format!(
                        "add it, e.g. a copy of the default theme's themes/default/templates/{required}"
                    )),
                );
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(Theme {
            tera,
            statics,
            origins,
        })
    }

    /// Where a template came from, for messages.
    pub fn origin(&self, template: &str) -> PathBuf {
        self.origins
            .get(template)
            .cloned()
            .unwrap_or_else(|| PathBuf::from("templates").join(template))
    }

    /// Whether the theme (or the site) has the template `name` (`search.html`).
    pub fn has_template(&self, name: &str) -> bool {
        self.origins.contains_key(name)
    }

    /// Whether the theme (or the site) has `shortcodes/NAME.html`.
    pub fn has_shortcode(&self, name: &str) -> bool {
        self.origins
            .contains_key(&format!("shortcodes/{name}.html"))
    }

    /// Names of every shortcode template.
    pub fn shortcode_names(&self) -> Vec<&str> {
        self.origins
            .keys()
            .filter_map(|k| k.strip_prefix("shortcodes/")?.strip_suffix(".html"))
            .collect()
    }
}

/// Escapes text for HTML: `&`, `<`, `>`, `"` and `'`. Unlike Tera's default it leaves `/`
/// alone, so URLs stay readable in the output and in feeds. NUL and the other control
/// characters HTML and XML refuse (a `"\0"` in front matter) become U+FFFD.
pub(crate) fn escape_html(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 16);
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            b if b < 0x20 && crate::render::highlight::not_in_xml(char::from(b)) => "\u{FFFD}",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out
}

/// Templates every theme must have.
pub const REQUIRED: &[&str] = &[
    "index.html",
    "exercises.html",
    "exercise.html",
    "muscles.html",
    "muscle.html",
    "equipment_list.html",
    "equipment.html",
    "workouts.html",
    "workout.html",
    "card.html",
    "cards.html",
    "blog.html",
    "post.html",
    "tags.html",
    "tag.html",
    "page.html",
    "404.html",
];

fn read_template(
    root: &Path,
    rel: &str,
    path: &Path,
    templates: &mut BTreeMap<String, (PathBuf, String)>,
    diags: &mut Diagnostics,
) {
    let shown = crate::source::load::shown(root, path);
    match std::fs::read(path).map(String::from_utf8) {
        Ok(Ok(text)) => {
            templates.insert(rel.to_string(), (shown, text));
        }
        Ok(Err(e)) => diags.push(crate::source::load::not_utf8(&shown, e)),
        Err(e) => diags.push(
            Diagnostic::error(shown, format!("cannot read template: {e}"))
                .with_hint("check that the file exists and you may read it"),
        ),
    }
}

/// Calls `f` with every file under the guide's folder `rel` (`templates`, `themes/NAME/static`)
/// with its path relative to that folder (with `/`) and its path, sorted, skipping hidden
/// files. Links in the folder are not followed; the folder itself may be a link only when it
/// stays inside the guide ([`crate::source::confine`]), and one out of it is an error in `diags`.
fn read_tree(root: &Path, rel: &str, diags: &mut Diagnostics, f: &mut dyn FnMut(&str, &Path)) {
    if let Err(d) = crate::source::confine::real_path(root, rel) {
        diags.push(d);
        return;
    }
    let dir = root.join(rel);
    if !dir.is_dir() {
        return;
    }
    let walker = crate::source::confine::walk(&dir);
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().map_or_else(
                    || PathBuf::from(rel),
                    |p| crate::source::load::shown(root, p),
                );
                diags.push(Diagnostic::error(path, format!("cannot read: {e}")));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        if let Ok(rel) = entry.path().strip_prefix(&dir) {
            f(&rel.to_string_lossy().replace('\\', "/"), entry.path());
        }
    }
}

/// A Tera error and its causes as one message.
pub fn error_chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

fn template_error(path: &Path, text: &str, e: &tera::Error) -> Diagnostic {
    let chain = error_chain(e);
    if let Some((line, col, tag)) = unclosed_block(text) {
        return Diagnostic::error(path, format!("template syntax error: `{{% {tag} %}}` is not closed before the end of the template"))
            .at(text, line, col)
            .with_hint(format!("add `{{% end{tag} %}}` where the block ends"));
    }
    // Tera's parse errors carry "--> LINE:COL" and an explanation after "= ".
    let place = chain.split("--> ").nth(1).and_then(|rest| {
        let (l, rest) = rest.split_once(':')?;
        let c: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some((l.trim().parse::<usize>().ok()?, c.parse::<usize>().ok()?))
    });
    let explanation = chain.rsplit("= ").next().map(str::trim).unwrap_or("");
    let message = if place.is_some() && !explanation.is_empty() {
        format!("template syntax error: {explanation}")
    } else {
        format!("template error: {chain}")
    };
    let d = Diagnostic::error(path, message);
    match place {
        Some((line, col)) => d.at(text, line, col),
        None => d,
    }
}

/// The first block tag (`if`, `for`, `block`, `macro`, `filter`, `raw`) left open at the end
/// of a template, with its line and column: Tera only says it reached the end unexpectedly.
fn unclosed_block(text: &str) -> Option<(usize, usize, &'static str)> {
    const BLOCKS: [&str; 6] = ["if", "for", "block", "macro", "filter", "raw"];
    let mut open: Vec<(usize, &'static str)> = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(start) = rest.find("{%") {
        let tag_start = offset + start;
        let after = &rest[start + 2..];
        let Some(end) = after.find("%}") else { break };
        let inner = after[..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let word = inner.split_whitespace().next().unwrap_or("");
        if let Some(kind) = BLOCKS.iter().find(|b| **b == word) {
            open.push((tag_start, kind));
        } else if let Some(kind) = word.strip_prefix("end") {
            if let Some(i) = open.iter().rposition(|(_, k)| *k == kind) {
                open.truncate(i);
            }
        }
        let consumed = start + 2 + end + 2;
        offset += consumed;
        rest = &rest[consumed..];
    }
    let &(at, kind) = open.first()?;
    let line = text[..at].matches('\n').count() + 1;
    let col = text[..at]
        .rsplit('\n')
        .next()
        .map_or(0, |l| l.chars().count())
        + 1;
    Some((line, col, kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tera is patched (`vendor/tera/PATCHED.md`) so that a dotted lookup borrows the segments
    /// it has nothing to unescape in; what a lookup finds stays what tera 1.20.1 finds,
    /// `~1` and `~0` unescaped as in a JSON pointer.
    #[test]
    fn dotted_lookups_find_what_tera_always_found() {
        let mut tera = tera::Tera::default();
        tera.add_raw_template(
            "t",
            "{{ e.title }}|{{ e.muscles.0.name }}|{{ e[\"a~1b\"] }}|{{ e[\"c~0d\"] }}|{% for m in e.muscles %}{{ m.name }}{% endfor %}",
        )
        .unwrap();
        let value = serde_json::json!({
            "title": "Row",
            "muscles": [{"name": "lats"}, {"name": "rhomboids"}],
            "a/b": "slash",
            "c~d": "tilde",
        });
        let mut ctx = tera::Context::new();
        ctx.insert("e", &value);
        assert_eq!(
            tera.render("t", &ctx).unwrap(),
            "Row|lats|slash|tilde|latsrhomboids"
        );
    }

    #[test]
    fn escapes_markup_but_not_slashes() {
        assert_eq!(
            escape_html("a/b <i>\"x\" & 'y'</i> é"),
            "a/b &lt;i&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/i&gt; é"
        );
    }

    #[test]
    fn finds_the_unclosed_block() {
        assert_eq!(
            unclosed_block("<p>\n  {% if x %}\n{% for a in b %}{% endfor %}\n"),
            Some((2, 3, "if"))
        );
        assert_eq!(unclosed_block("{% if x %}{% endif %}"), None);
    }

    #[test]
    fn default_theme_is_embedded_and_compiles() {
        let dir = std::env::temp_dir().join(format!("spotter-theme-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let theme = Theme::load(&dir, "default").unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(theme.has_shortcode("exercise"));
        assert!(theme.has_shortcode("workout"));
        assert!(theme.statics.contains_key("style.css"));
    }

    #[test]
    fn syntax_error_points_at_template_line() {
        let text = "<p>\n{% if x %}\n";
        let e = Tera::default()
            .add_raw_template("t.html", text)
            .unwrap_err();
        let d = template_error(Path::new("templates/t.html"), text, &e);
        assert!(d.to_string().starts_with("templates/t.html:"), "{d}");
    }
}
