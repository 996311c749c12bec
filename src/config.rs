//! `site.yaml`: the settings of one guide. Every key has a default, and an unknown key is an
//! error with a did-you-mean, like everywhere else.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::yaml;

/// The settings of a guide, from `site.yaml`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    /// The guide's name, shown in every page's header and title.
    pub title: String,
    /// One line about the guide: the home page's meta description and the feed's subtitle.
    pub description: String,
    /// Where the site will live, e.g. `https://example.org/guide/`: used for absolute URLs in
    /// the feed, the sitemap and the cards' QR codes, and for the path of every internal link.
    pub base_url: String,
    /// The language of the content, for `<html lang>`.
    pub language: String,
    /// The default author of posts and the feed.
    pub author: Option<String>,
    /// The theme under `themes/` (the built-in `default` when the guide has none).
    pub theme: String,
    /// Whether raw HTML in Markdown is kept as written instead of sanitised.
    pub allow_raw_html: bool,
    /// The size one workout card prints at.
    pub card_size: CardSize,
    /// The paper the deck of cards at `/cards/` prints on.
    pub sheet_size: SheetSize,
    /// Posts per page of `/blog/`.
    pub paginate_by: usize,
    /// Workouts shown first on the home page (slugs); by default the first three by weight.
    #[serde(deserialize_with = "crate::matter::one_or_many")]
    pub featured: Vec<String>,
    /// The text of `site.yaml`, for pointing errors found later at their line.
    #[serde(skip)]
    pub source: String,
    /// Whether pages load `spotter serve`'s live-reload script (never from `site.yaml`).
    #[serde(skip)]
    pub live_reload: bool,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Exercise Guide".into(),
            description: String::new(),
            base_url: "http://127.0.0.1:1111".into(),
            language: "en".into(),
            author: None,
            theme: "default".into(),
            allow_raw_html: false,
            card_size: CardSize::A6,
            sheet_size: SheetSize::A4,
            paginate_by: 20,
            featured: Vec::new(),
            source: String::new(),
            live_reload: false,
        }
    }
}

/// The size of one printed workout card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum CardSize {
    /// 105 × 148 mm.
    #[serde(rename = "A6", alias = "a6")]
    A6,
    /// 148 × 210 mm.
    #[serde(rename = "A5", alias = "a5")]
    A5,
    /// 4 × 6 inches (index card, portrait).
    #[serde(rename = "4x6in")]
    In4x6,
    /// 3 × 5 inches (index card, portrait).
    #[serde(rename = "3x5in")]
    In3x5,
}

impl CardSize {
    /// Width and height in millimetres, portrait.
    pub fn mm(self) -> (f64, f64) {
        match self {
            CardSize::A6 => (105.0, 148.0),
            CardSize::A5 => (148.0, 210.0),
            CardSize::In4x6 => (101.6, 152.4),
            CardSize::In3x5 => (76.2, 127.0),
        }
    }

    /// The name used in `site.yaml`.
    pub fn name(self) -> &'static str {
        match self {
            CardSize::A6 => "A6",
            CardSize::A5 => "A5",
            CardSize::In4x6 => "4x6in",
            CardSize::In3x5 => "3x5in",
        }
    }
}

/// The paper the deck of cards is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum SheetSize {
    /// 210 × 297 mm.
    #[serde(rename = "A4", alias = "a4")]
    A4,
    /// 8.5 × 11 inches.
    #[serde(rename = "Letter", alias = "letter")]
    Letter,
}

impl SheetSize {
    /// Width and height in millimetres, portrait.
    pub fn mm(self) -> (f64, f64) {
        match self {
            SheetSize::A4 => (210.0, 297.0),
            SheetSize::Letter => (215.9, 279.4),
        }
    }

    /// The name used in `site.yaml`.
    pub fn name(self) -> &'static str {
        match self {
            SheetSize::A4 => "A4",
            SheetSize::Letter => "Letter",
        }
    }
}

impl SiteConfig {
    /// Reads `site.yaml` under `root`; defaults when there is none.
    pub fn load(root: &Path) -> Result<SiteConfig, Diagnostic> {
        let path = root.join("site.yaml");
        let shown = Path::new("site.yaml");
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes)
                .map_err(|_| Diagnostic::error(shown, "site.yaml is not valid UTF-8"))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SiteConfig::default()),
            Err(e) => {
                return Err(Diagnostic::error(
                    shown,
                    format!("cannot read site.yaml: {e}"),
                ))
            }
        };
        let text = crate::frontmatter::strip_bom(&text);
        let config: SiteConfig = yaml::parse(text).map_err(|e| {
            let d = Diagnostic::error(shown, e.message).at(text, e.line, e.col);
            match e.hint {
                Some(h) => d.with_hint(h),
                None => d,
            }
        })?;
        let mut config = config.validate(text)?;
        config.source = text.to_string();
        Ok(config)
    }

    /// An error at `value` under `key` in `site.yaml`.
    pub fn error_at(&self, key: &str, value: &str, message: impl Into<String>) -> Diagnostic {
        let place = yaml::Locator::new(&self.source)
            .find(&[key], value, 0)
            .unwrap_or((0, 0));
        Diagnostic::error("site.yaml", message)
            .at(&self.source, place.0, place.1)
            .spanning(value.chars().count())
    }

    fn validate(mut self, text: &str) -> Result<SiteConfig, Diagnostic> {
        let at_key = |key: &str, message: String| {
            let place = yaml::Locator::new(text).key_line(&[key]).unwrap_or((0, 0));
            Diagnostic::error("site.yaml", message).at(text, place.0, place.1)
        };
        if !(self.base_url.starts_with("http://") || self.base_url.starts_with("https://")) {
            return Err(at_key(
                "base_url",
                format!(
                    "base_url \"{}\" is not an absolute http(s) URL",
                    self.base_url
                ),
            )
            .with_hint("write it in full, e.g. https://example.org/"));
        }
        if self.paginate_by == 0 {
            return Err(at_key(
                "paginate_by",
                "paginate_by must be at least 1".into(),
            ));
        }
        if self.theme.is_empty()
            || !self
                .theme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(at_key(
                "theme",
                format!(
                    "theme \"{}\" is not a folder name under themes/",
                    self.theme
                ),
            ));
        }
        if !self.base_url.ends_with('/') {
            self.base_url.push('/');
        }
        Ok(self)
    }

    /// Replaces the base URL (from `--base-url`), normalised to end in `/`.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(format!(
                "--base-url \"{url}\" is not an absolute http(s) URL"
            ));
        }
        self.base_url = url.to_string();
        if !self.base_url.ends_with('/') {
            self.base_url.push('/');
        }
        Ok(())
    }

    /// The path part of the base URL, ending in `/`: the prefix of every internal link.
    pub fn base_path(&self) -> &str {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, rest)| rest);
        match after_scheme.find('/') {
            Some(i) => &after_scheme[i..],
            None => "/",
        }
    }

    /// `path` (site-relative, no leading slash) as an absolute URL.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_comes_from_base_url() {
        let mut c = SiteConfig::default();
        c.set_base_url("https://example.org/guide").unwrap();
        assert_eq!(c.base_path(), "/guide/");
        assert_eq!(
            c.absolute("/exercises/row/"),
            "https://example.org/guide/exercises/row/"
        );
        c.set_base_url("https://example.org").unwrap();
        assert_eq!(c.base_path(), "/");
    }

    #[test]
    fn unknown_key_is_an_error_with_hint() {
        let dir = std::env::temp_dir().join(format!("spotter-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("site.yaml"), "title: X\ncard_sise: A5\n").unwrap();
        let err = SiteConfig::load(&dir).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(err.to_string(), "site.yaml:2:1: error: unknown key \"card_sise\"\n 2 | card_sise: A5\n   | ^\n = hint: did you mean \"card_size\"?");
    }
}
