//! `site.yaml`: the settings of one guide. Every key has a default, and an unknown key is an
//! error with a did-you-mean, like everywhere else.
//!
//! Each value is checked here on its own (a URL, a theme's folder name); what needs the rest of
//! the guide is checked by the stage that uses it: the theme's folder by [`crate::render::theme`],
//! the featured workouts by [`crate::model::link`].

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::source::yaml;

/// The settings of a guide, from `site.yaml`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    /// The guide's name, shown in every page's header and title.
    #[serde(deserialize_with = "crate::source::front_matter::required_line")]
    pub title: String,
    /// One line about the guide: the home page's meta description and the feed's subtitle.
    #[serde(deserialize_with = "crate::source::front_matter::required_text")]
    pub description: String,
    /// Where the site will live, e.g. `https://example.org/guide/`: used for absolute URLs in
    /// the feed, the sitemap and the cards' QR codes, and for the path of every internal link.
    #[serde(deserialize_with = "crate::source::front_matter::required_line")]
    pub base_url: String,
    /// The language of the content, for `<html lang>`.
    #[serde(deserialize_with = "crate::source::front_matter::required_line")]
    pub language: String,
    /// The default author of posts and the feed.
    #[serde(deserialize_with = "crate::source::front_matter::line")]
    pub author: Option<String>,
    /// The theme under `themes/` (the built-in `default` when the guide has none).
    #[serde(deserialize_with = "crate::source::front_matter::required_line")]
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
    #[serde(deserialize_with = "crate::source::front_matter::one_or_many")]
    pub featured: Vec<String>,
    /// How pictures are processed.
    pub images: ImagesConfig,
    /// How loads show: `metric` (kilograms), `imperial` (pounds) or `both`.
    pub units: crate::source::prescription::Units,
    /// A picture of the guide, under `static/` (`/logo.png`): the favicon, and the picture
    /// pages without one of their own are shared with (`og:image`).
    #[serde(deserialize_with = "crate::source::front_matter::line")]
    pub logo: Option<String>,
    /// The text of `site.yaml`, for pointing errors found later at their line.
    #[serde(skip)]
    pub source: String,
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
            images: ImagesConfig::default(),
            units: Default::default(),
            logo: None,
            source: String::new(),
        }
    }
}

/// `images:` in `site.yaml`: how pictures are processed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImagesConfig {
    /// The widths, in pixels, each picture is published at (never wider than it is).
    pub widths: Vec<u32>,
    /// The quality of the WebP and JPEG files, 1 to 100.
    pub quality: u8,
    /// Whether every picture and clip must say who made it (`credit:`).
    pub require_credit: bool,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            widths: vec![480, 960, 1600],
            quality: 80,
            require_credit: false,
        }
    }
}

impl ImagesConfig {
    /// The most widths a picture may be published at, and the widest.
    const MAX_WIDTHS: usize = 8;
    const MAX_WIDTH: u32 = 8192;

    /// How pictures are processed, as [`crate::pictures`] takes it.
    pub fn settings(&self) -> crate::pictures::Settings {
        let mut widths = self.widths.clone();
        widths.sort_unstable();
        widths.dedup();
        crate::pictures::Settings {
            widths,
            quality: self.quality,
        }
    }

    /// What is wrong with the values, if anything: a message and a hint.
    fn check(&self) -> Option<(&'static str, String, &'static str)> {
        if self.widths.is_empty() || self.widths.len() > Self::MAX_WIDTHS {
            return Some((
                "widths",
                format!(
                    "images.widths lists {} widths; it needs 1 to {}",
                    self.widths.len(),
                    Self::MAX_WIDTHS
                ),
                "list the widths pictures are published at, e.g. `widths: [480, 960, 1600]`",
            ));
        }
        if let Some(w) = self
            .widths
            .iter()
            .find(|&&w| !(16..=Self::MAX_WIDTH).contains(&w))
        {
            return Some((
                "widths",
                format!(
                    "images.widths has {w}; a width is 16 to {} pixels",
                    Self::MAX_WIDTH
                ),
                "screens are 320 to 2560 pixels wide: e.g. `widths: [480, 960, 1600]`",
            ));
        }
        if !(1..=100).contains(&self.quality) {
            return Some((
                "quality",
                format!("images.quality is {}; it is 1 to 100", self.quality),
                "80 keeps photographs sharp at a quarter of their size",
            ));
        }
        None
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

/// The most bytes `site.yaml` may hold: a few settings take a few hundred.
pub const SITE_YAML_MAX: usize = 64 * 1024;

/// Whether `url` is an absolute http(s) URL with a host, as every link and feed is made from
/// it; the error says what is wrong, after the URL.
fn check_base_url(url: &str) -> Result<(), String> {
    let wrong = |why: &str| Err(format!("\"{url}\" {why}"));
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return wrong("is not an absolute http(s) URL");
    }
    match url::Url::parse(url) {
        Err(e) => wrong(&format!("is not a valid URL: {e}")),
        Ok(u) if u.host_str().is_none_or(str::is_empty) => wrong("names no host"),
        Ok(u) if u.query().is_some() || u.fragment().is_some() => {
            wrong("may not have a query (?) or fragment (#)")
        }
        Ok(_) => Ok(()),
    }
}

impl SiteConfig {
    /// What is wrong with `base_url` for a published site, when it names a loopback address
    /// (`127.0.0.1`, `localhost`, `::1`) or a name reserved for examples and tests
    /// (`*.example`, `*.test`, `*.invalid`, RFC 2606): a QR code or a feed link made from it
    /// leads nowhere once the site is somewhere else. `example.org` and its kin are let be:
    /// they are domains of their own, used on purpose in tests and demonstrations.
    pub fn placeholder_base_url(&self) -> Option<&'static str> {
        let host = url::Url::parse(&self.base_url).ok()?.host()?.to_owned();
        match host {
            url::Host::Ipv4(ip) if ip.is_loopback() || ip.is_unspecified() => {
                Some("a loopback address")
            }
            url::Host::Ipv6(ip) if ip.is_loopback() || ip.is_unspecified() => {
                Some("a loopback address")
            }
            url::Host::Domain(d) => {
                let d = d.trim_end_matches('.').to_ascii_lowercase();
                let under = |tld: &str| d == tld || d.ends_with(&format!(".{tld}"));
                if under("localhost") {
                    Some("a loopback address")
                } else if ["example", "test", "invalid"].iter().any(|t| under(t)) {
                    Some("an address reserved for examples")
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// Reads `site.yaml` under `root`; defaults when there is none. Every error of it is
    /// reported, not only the first.
    pub fn load(root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
        let path = root.join("site.yaml");
        let shown = Path::new("site.yaml");
        let text = match std::fs::read(&path) {
            Ok(bytes) => crate::source::load::text_of(shown, bytes).map_err(|d| vec![d])?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SiteConfig::default()),
            Err(e) => {
                return Err(vec![Diagnostic::error(
                    shown,
                    format!("cannot read site.yaml: {e}"),
                )
                .with_hint("check that site.yaml is a file you may read")])
            }
        };
        let text = crate::source::split::strip_bom(&text);
        if text.len() > SITE_YAML_MAX {
            return Err(vec![Diagnostic::error(
                shown,
                format!(
                    "site.yaml is {} bytes, more than the {SITE_YAML_MAX} it may hold",
                    text.len()
                ),
            )
            .with_hint(
                "site.yaml holds a few short settings: shorten the long ones",
            )]);
        }
        let fields = yaml::parse_fields::<SiteConfig>(text, 1);
        let mut errors: Vec<Diagnostic> = fields
            .errors
            .into_iter()
            .map(|e| {
                Diagnostic::error(shown, e.message)
                    .at(text, e.line, e.col)
                    .with_hint_opt(e.hint)
            })
            .collect();
        let Some(mut config) = fields.value else {
            return Err(errors);
        };
        config.source = text.to_string();
        errors.extend(config.validate());
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(errors)
        }
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

    /// Checks the values' meaning; normalises `base_url` to end in `/`.
    fn validate(&mut self) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        let text = &self.source;
        let at_key = |key: &str, message: String| {
            let place = yaml::Locator::new(text).key_line(&[key]).unwrap_or((0, 0));
            Diagnostic::error("site.yaml", message).at(text, place.0, place.1)
        };
        if let Err(e) = check_base_url(&self.base_url) {
            errors.push(
                at_key("base_url", format!("base_url {e}"))
                    .with_hint("write it in full, e.g. https://example.org/guide/"),
            );
        }
        if self.paginate_by == 0 {
            errors.push(
                at_key("paginate_by", "paginate_by must be at least 1".into()).with_hint(
                    "write how many posts a page of /blog/ lists, e.g. `paginate_by: 20`",
                ),
            );
        }
        if self.theme.is_empty()
            || !self
                .theme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            errors.push(
                at_key(
                    "theme",
                    format!(
                        "theme \"{}\" is not a folder name under themes/",
                        self.theme
                    ),
                )
                .with_hint("name a folder of themes/ (letters, digits, - and _), or remove `theme:` for the built-in one"),
            );
        }
        if let Some((key, message, hint)) = self.images.check() {
            let place = yaml::Locator::new(text)
                .key_line(&["images", key])
                .unwrap_or((0, 0));
            errors.push(
                Diagnostic::error("site.yaml", message)
                    .at(text, place.0, place.1)
                    .with_hint(hint),
            );
        }
        if !self.base_url.ends_with('/') {
            self.base_url.push('/');
        }
        errors
    }

    /// Replaces the base URL (from `--base-url`), normalised to end in `/`.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        check_base_url(url).map_err(|e| {
            format!("--base-url {e}; write it in full, e.g. https://example.org/guide/")
        })?;
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

    /// The errors of loading `site.yaml` holding `bytes`, as printed.
    fn load_errors(name: &str, bytes: &[u8]) -> Vec<String> {
        let dir = std::env::temp_dir().join(format!("spotter-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("site.yaml"), bytes).unwrap();
        let result = SiteConfig::load(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        result
            .err()
            .unwrap_or_default()
            .iter()
            .map(Diagnostic::to_string)
            .collect()
    }

    #[test]
    fn loopback_and_example_base_urls_are_placeholders() {
        let mut c = SiteConfig::default();
        assert_eq!(c.placeholder_base_url(), Some("a loopback address"));
        for (url, said) in [
            ("http://localhost:8080/", Some("a loopback address")),
            ("http://[::1]/", Some("a loopback address")),
            ("http://127.0.0.2/", Some("a loopback address")),
            (
                "https://my-guide.example/",
                Some("an address reserved for examples"),
            ),
            ("https://example.org/guide/", None),
            (
                "https://x.invalid/",
                Some("an address reserved for examples"),
            ),
            (
                "https://guide.test/",
                Some("an address reserved for examples"),
            ),
            ("https://backguide.org/", None),
            ("https://example.organic.fit/", None),
            ("http://192.168.1.20/", None),
        ] {
            c.set_base_url(url).unwrap();
            assert_eq!(c.placeholder_base_url(), said, "{url}");
        }
    }

    #[test]
    fn base_url_must_be_a_url() {
        let errors = load_errors("base-url", b"title: X\nbase_url: \"http://[::1\"\n");
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0]
                .starts_with("site.yaml:2:1: error: base_url \"http://[::1\" is not a valid URL"),
            "{}",
            errors[0]
        );
        let mut c = SiteConfig::default();
        assert!(c.set_base_url("http://[::1").is_err());
        assert!(c.set_base_url("https://").is_err());
        assert!(c.set_base_url("https://example.org/guide?x=1").is_err());
        assert!(c.set_base_url("http://[::1]:8080/").is_ok());
    }

    #[test]
    fn not_utf8_is_placed_at_the_first_bad_byte() {
        let errors = load_errors("utf8", b"title: X\ndescription: Caf\xe9\n");
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].starts_with("site.yaml:2:17: error: file is not valid UTF-8 (byte 0xe9)"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn every_error_of_site_yaml_is_reported() {
        let errors = load_errors(
            "every",
            format!(
                "title: {}\ncard_sise: A5\npaginate_by: 0\nbase_url: ftp://x/\n",
                "t".repeat(201)
            )
            .as_bytes(),
        );
        let mut places: Vec<&str> = errors
            .iter()
            .map(|e| &e[..e.find(" error").unwrap()])
            .collect();
        places.sort();
        assert_eq!(
            places,
            [
                "site.yaml:1:8:",
                "site.yaml:2:1:",
                "site.yaml:3:1:",
                "site.yaml:4:1:"
            ]
        );
    }

    #[test]
    fn images_take_widths_and_a_quality_within_bounds() {
        let dir = std::env::temp_dir().join(format!("spotter-images-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("site.yaml"),
            "title: X\nimages:\n  widths: [960, 320, 960]\n  require_credit: true\n",
        )
        .unwrap();
        let c = SiteConfig::load(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(c.images.require_credit);
        assert_eq!(c.images.settings().widths, [320, 960]);
        assert_eq!(c.images.settings().quality, 80);
        assert_eq!(SiteConfig::default().images.widths, [480, 960, 1600]);

        let errors = load_errors("images", b"title: X\nimages:\n  widths: [480, 20000]\n");
        assert!(
            errors[0].starts_with(
                "site.yaml:3:3: error: images.widths has 20000; a width is 16 to 8192 pixels"
            ),
            "{errors:?}"
        );
        let errors = load_errors("quality", b"title: X\nimages: {quality: 0}\n");
        assert!(
            errors[0].contains("error: images.quality is 0; it is 1 to 100"),
            "{errors:?}"
        );
        let errors = load_errors("sizes", b"title: X\nimages: {sizes: 3}\n");
        assert!(errors[0].contains("unknown key \"sizes\""), "{errors:?}");
    }

    #[test]
    fn unknown_key_is_an_error_with_hint() {
        let dir = std::env::temp_dir().join(format!("spotter-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("site.yaml"), "title: X\ncard_sise: A5\n").unwrap();
        let err = SiteConfig::load(&dir).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].to_string(), "site.yaml:2:1: error: unknown key \"card_sise\"\n 2 | card_sise: A5\n   | ^\n = hint: did you mean \"card_size\"?");
    }

    #[test]
    fn units_are_metric_unless_told() {
        assert_eq!(
            SiteConfig::default().units,
            crate::source::prescription::Units::Metric
        );
        let dir = std::env::temp_dir().join(format!("spotter-units-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("site.yaml"), "title: X\nunits: both\n").unwrap();
        let c = SiteConfig::load(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(c.units, crate::source::prescription::Units::Both);
        let errors = load_errors("units", b"title: X\nunits: pounds\n");
        assert_eq!(
            errors,
            ["site.yaml:2:8: error: unknown value \"pounds\" (in `units`)\n 2 | units: pounds\n   |        ^\n = hint: write one of: metric, imperial, both"]
        );
    }
}
