//! What templates get of pictures and clips: [`ImageCtx`] (a picture's files as `srcset`s,
//! with its alt text, caption and credit), [`VideoCtx`], [`OgImage`] (the picture a page is
//! shared with) and the `/credits/` entries; and the `<picture>` a Markdown body image
//! becomes. Everything here is made from [`crate::pictures::Pictures`], which the pictures
//! stage filled: a picture that is not there was reported then.

use serde::Serialize;

use crate::model::{Guide, Image, Meta, Video, VideoKind};
use crate::pictures::Picture;
use crate::render::views;
use crate::source::front_matter::Credit;

/// A picture as a template shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImageCtx {
    /// What it shows, for `alt`.
    pub alt: String,
    /// A line shown under it.
    pub caption: Option<String>,
    /// Who made it.
    pub credit: Option<CreditCtx>,
    /// Width of its widest file, in pixels, for `width`.
    pub width: u32,
    /// Height of its widest file, for `height`.
    pub height: u32,
    /// Its widest fallback file (JPEG or PNG), for `<img src>`.
    pub src: String,
    /// Every fallback file with its width (`URL 480w, URL 960w`), for `<img srcset>`.
    pub srcset: String,
    /// Every WebP file with its width, for `<source type="image/webp" srcset>`.
    pub webp_srcset: String,
    /// The fallback's media type: `image/jpeg` or `image/png`.
    pub fallback_type: &'static str,
    /// Its narrowest WebP file, for a small thumbnail.
    pub thumb: String,
    /// The fallback files a thumbnail needs ([`THUMBNAIL_PIXELS`]), for `<img srcset>`.
    pub thumb_srcset: String,
    /// The WebP files a thumbnail needs, for `<source type="image/webp" srcset>`.
    pub thumb_webp_srcset: String,
    /// The widest fallback file a thumbnail needs, for `<img src>`.
    pub thumb_src: String,
    /// Width of the narrowest file.
    pub thumb_width: u32,
    /// Height of the narrowest file.
    pub thumb_height: u32,
}

/// A credit as a template shows it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CreditCtx {
    /// Who made it.
    pub author: Option<String>,
    /// Its licence's SPDX identifier (`CC-BY-4.0`).
    pub license: Option<String>,
    /// The licence's page on spdx.org.
    pub license_url: Option<String>,
    /// Where it was taken from, as written.
    pub source: Option<String>,
    /// `source` when it is an http(s) URL, to link.
    pub source_url: Option<String>,
}

/// A clip as a template shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VideoCtx {
    /// `youtube`, `vimeo` or `file`.
    pub kind: &'static str,
    /// What it shows (the player's name); the page's title when not given.
    pub title: String,
    /// For `youtube` and `vimeo`: the video's page, linked without JavaScript.
    pub url: Option<String>,
    /// For `youtube` and `vimeo`: the player's address, loaded only when the reader asks
    /// (`data-embed` of the facade).
    pub embed_url: Option<String>,
    /// For `file`: the clip's address on the site.
    pub src: Option<String>,
    /// For `file`: its media type (`video/mp4`, `video/webm`).
    pub media_type: Option<&'static str>,
    /// The picture shown before it plays.
    pub poster: Option<ImageCtx>,
    /// A line shown under it.
    pub caption: Option<String>,
    /// Who made it.
    pub credit: Option<CreditCtx>,
}

/// The picture a page is shared with (`og:image`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OgImage {
    /// Absolute URL of a fallback file (JPEG or PNG: not every site that reads it takes
    /// WebP), the widest up to 1600 pixels.
    pub url: String,
    /// Its width.
    pub width: u32,
    /// Its height.
    pub height: u32,
    /// Its media type.
    pub media_type: &'static str,
    /// What it shows.
    pub alt: String,
}

/// One picture or clip on `/credits/`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreditEntry {
    /// `picture`, `clip` or `text` (a page's `credit:`).
    pub kind: &'static str,
    /// The page that shows it.
    pub page_title: String,
    /// That page's address.
    pub page_url: String,
    /// The picture's alt text, or the clip's title.
    pub what: String,
    /// A thumbnail: the picture, or the clip's poster.
    pub thumbnail: Option<ImageCtx>,
    /// Who made it, if said.
    pub credit: Option<CreditCtx>,
}

/// The credit `c` as templates show it.
pub fn credit_ctx(c: &Credit) -> CreditCtx {
    let license = c.license.clone().filter(|l| !l.trim().is_empty());
    let spdx = license.as_deref().filter(|l| {
        l.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'+'))
    });
    let source = c.source.clone().filter(|s| !s.trim().is_empty());
    CreditCtx {
        author: c.author.clone().filter(|a| !a.trim().is_empty()),
        license_url: spdx.map(|l| format!("https://spdx.org/licenses/{l}.html")),
        license,
        source_url: source.clone().filter(|s| views::is_web_address(s)),
        source,
    }
}

/// The most device pixels a thumbnail is shown across: 8rem (the widest the default theme
/// shows one) on a screen of three device pixels to the CSS pixel. A thumbnail's `srcset`
/// stops at the first width that covers it, as no browser picks a wider one.
pub const THUMBNAIL_PIXELS: u32 = 128 * 3;

/// The picture `picture`, described by `image`, with its files under `base_path`.
pub fn image_ctx(base_path: &str, image: &Image, picture: &Picture) -> ImageCtx {
    let m = &picture.processed.manifest;
    let set = |variants: &[(u32, u32)], webp: bool| {
        variants
            .iter()
            .map(|&(w, _)| format!("{base_path}{} {w}w", picture.site_path(w, webp)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let &(width, height) = m.variants.last().expect("a picture has a file");
    let &(thumb_width, thumb_height) = m.variants.first().expect("a picture has a file");
    // A thumbnail's widths: up to the first wide enough for it on any screen.
    let enough = (m.variants.iter())
        .position(|&(w, _)| w >= THUMBNAIL_PIXELS)
        .map_or(m.variants.len(), |i| i + 1);
    let thumbs = &m.variants[..enough];
    let &(thumb_src_width, _) = thumbs.last().expect("a picture has a file");
    ImageCtx {
        alt: image.alt.clone(),
        caption: image.caption.clone(),
        credit: image.credit.as_ref().map(credit_ctx),
        width,
        height,
        src: format!("{base_path}{}", picture.site_path(width, false)),
        srcset: set(&m.variants, false),
        webp_srcset: set(&m.variants, true),
        fallback_type: m.fallback.media_type(),
        thumb: format!("{base_path}{}", picture.site_path(thumb_width, true)),
        thumb_srcset: set(thumbs, false),
        thumb_webp_srcset: set(thumbs, true),
        thumb_src: format!("{base_path}{}", picture.site_path(thumb_src_width, false)),
        thumb_width,
        thumb_height,
    }
}

/// The pictures of the page `meta` that were processed, the cover first.
pub fn images_of(guide: &Guide, meta: &Meta) -> Vec<ImageCtx> {
    let base = guide.config.base_path();
    crate::pictures::collect::shown(&guide.pictures, &meta.images)
        .map(|(image, picture)| image_ctx(base, image, picture))
        .collect()
}

/// The cover of the page `meta` (its first picture), if it has one.
pub fn cover_of(guide: &Guide, meta: &Meta) -> Option<ImageCtx> {
    let image = meta.images.first()?;
    let picture = guide.pictures.pictures.get(&image.file)?;
    Some(image_ctx(guide.config.base_path(), image, picture))
}

/// The clip of the page `meta`, titled `page_title` when it has no title of its own.
pub fn video_of(guide: &Guide, meta: &Meta, page_title: &str) -> Option<VideoCtx> {
    let video = meta.video.as_ref()?;
    let base = guide.config.base_path();
    let poster = video.poster.as_ref().and_then(|p| {
        let picture = guide.pictures.pictures.get(&p.file)?;
        Some(image_ctx(base, p, picture))
    });
    let title = video
        .title
        .clone()
        .unwrap_or_else(|| format!("Video: {page_title}"));
    let (kind, url, embed_url, src, media_type) = match &video.kind {
        VideoKind::YouTube(id) => (
            "youtube",
            Some(format!("https://www.youtube.com/watch?v={id}")),
            Some(format!(
                "https://www.youtube-nocookie.com/embed/{id}?autoplay=1"
            )),
            None,
            None,
        ),
        VideoKind::Vimeo(id) => (
            "vimeo",
            Some(format!("https://vimeo.com/{id}")),
            Some(format!(
                "https://player.vimeo.com/video/{id}?autoplay=1&dnt=1"
            )),
            None,
            None,
        ),
        VideoKind::File(file, media_type) => (
            "file",
            None,
            None,
            Some(format!(
                "{base}{}",
                guide.pictures.clips.get(file)?.site_path
            )),
            Some(*media_type),
        ),
    };
    Some(VideoCtx {
        kind,
        title,
        url,
        embed_url,
        src,
        media_type,
        poster,
        caption: video.caption.clone(),
        credit: video.credit.as_ref().map(credit_ctx),
    })
}

/// The picture a page with `meta` is shared with: its cover, else its clip's poster, else
/// the site's logo.
pub fn og_image_of(guide: &Guide, meta: Option<&Meta>) -> Option<OgImage> {
    meta.and_then(|m| own_image_of(guide, m))
        .or_else(|| logo_image(guide))
}

/// The site's logo, as [`og_image_of`] gives a picture.
pub fn logo_image(guide: &Guide) -> Option<OgImage> {
    let (image, picture) = guide.pictures.logo.as_ref()?;
    shared(guide, image, picture)
}

/// The page's own picture, as [`og_image_of`] gives it: its cover, else its clip's poster
/// (a feed's entry shows it).
pub fn own_image_of(guide: &Guide, meta: &Meta) -> Option<OgImage> {
    let poster = meta
        .video
        .as_deref()
        .and_then(|v: &Video| v.poster.as_ref());
    let image = meta.images.first().or(poster)?;
    shared(guide, image, guide.pictures.pictures.get(&image.file)?)
}

/// `image`, processed as `picture`, as a page is shared with it.
fn shared(guide: &Guide, image: &Image, picture: &Picture) -> Option<OgImage> {
    let m = &picture.processed.manifest;
    let &(width, height) = m
        .variants
        .iter()
        .rev()
        .find(|(w, _)| *w <= 1600)
        .or(m.variants.first())?;
    Some(OgImage {
        url: guide.config.absolute(&picture.site_path(width, false)),
        width,
        height,
        media_type: m.fallback.media_type(),
        alt: image.alt.clone(),
    })
}

/// The `<picture>` a Markdown body shows for `![alt](src)`.
pub fn body_picture(ctx: &ImageCtx) -> String {
    // As the theme escapes: `/` stays as it is, so addresses read as written.
    let e = crate::render::theme::escape_html;
    format!(
        "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"(min-width: 48rem) 46rem, 100vw\"><img src=\"{}\" srcset=\"{}\" sizes=\"(min-width: 48rem) 46rem, 100vw\" width=\"{}\" height=\"{}\" alt=\"{}\" loading=\"lazy\" decoding=\"async\"></picture>",
        e(&ctx.webp_srcset),
        e(&ctx.src),
        e(&ctx.srcset),
        ctx.width,
        ctx.height,
        e(&ctx.alt)
    )
}

/// Every picture and clip of the guide's pages, for `/credits/`: by page, in the order of
/// each kind of page, then as the page lists them.
pub fn credits(guide: &Guide) -> Vec<CreditEntry> {
    let base = guide.config.base_path();
    let mut entries = Vec::new();
    let mut pages: Vec<(String, String, &Meta)> = guide
        .metas()
        .map(|(t, m)| (guide.title_of(&t).to_string(), guide.url_of(&t), m))
        .collect();
    let mut sections: Vec<_> = guide.sections.iter().collect();
    sections.sort_by(|a, b| a.0.cmp(b.0));
    for (name, page) in sections {
        let t = crate::model::Target::Section(name.clone());
        pages.push((guide.title_of(&t).to_string(), guide.url_of(&t), &page.meta));
    }
    for (page_title, page_url, meta) in pages {
        for (image, picture) in crate::pictures::collect::shown(&guide.pictures, &meta.images) {
            entries.push(CreditEntry {
                kind: "picture",
                page_title: page_title.clone(),
                page_url: page_url.clone(),
                what: image.alt.clone(),
                thumbnail: Some(image_ctx(base, image, picture)),
                credit: image.credit.as_ref().map(credit_ctx),
            });
        }
        if let Some(video) = video_of(guide, meta, &page_title) {
            entries.push(CreditEntry {
                kind: "clip",
                page_title: page_title.clone(),
                page_url: page_url.clone(),
                what: video.title,
                thumbnail: video.poster,
                credit: video.credit,
            });
        }
        if let Some(credit) = &meta.credit {
            entries.push(CreditEntry {
                kind: "text",
                what: page_title.clone(),
                page_title,
                page_url,
                thumbnail: None,
                credit: Some(credit_ctx(credit)),
            });
        }
    }
    entries
}

/// Whether the guide has anything to credit on `/credits/`: a picture, a clip or a text with
/// its `credit:`.
pub fn has_credits(guide: &Guide) -> bool {
    guide.pictures.has_any() || guide.metas().any(|(_, m)| m.credit.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thumbnail_lists_the_widths_up_to_the_first_wide_enough() {
        let picture = |widths: &[u32]| Picture {
            processed: crate::pictures::Processed {
                key: crate::pictures::Key([0; 32]),
                dir: "cache".into(),
                manifest: crate::pictures::Manifest {
                    width: 2000,
                    height: 1000,
                    fallback: crate::pictures::Fallback::Jpeg,
                    variants: widths.iter().map(|&w| (w, w / 2)).collect(),
                    inodes: Default::default(),
                },
                encoded: false,
            },
            stem: "pictures/a-0000000000".into(),
        };
        let image = Image {
            src: "a.jpg".into(),
            file: "content/a.jpg".into(),
            alt: "A".into(),
            caption: None,
            credit: None,
        };
        let ctx = image_ctx("/", &image, &picture(&[160, 320, 480, 960, 1600]));
        assert_eq!(
            ctx.thumb_srcset,
            "/pictures/a-0000000000-160.jpg 160w, /pictures/a-0000000000-320.jpg 320w, /pictures/a-0000000000-480.jpg 480w"
        );
        assert_eq!(
            ctx.thumb_webp_srcset,
            "/pictures/a-0000000000-160.webp 160w, /pictures/a-0000000000-320.webp 320w, /pictures/a-0000000000-480.webp 480w"
        );
        assert_eq!(ctx.thumb_src, "/pictures/a-0000000000-480.jpg");
        assert_eq!(ctx.src, "/pictures/a-0000000000-1600.jpg");
        assert_eq!(
            (ctx.thumb, ctx.thumb_width),
            ("/pictures/a-0000000000-160.webp".to_string(), 160)
        );
        // 384 pixels is wide enough; narrower widths are all listed.
        let ctx = image_ctx("/", &image, &picture(&[384, 800]));
        assert_eq!(ctx.thumb_srcset, "/pictures/a-0000000000-384.jpg 384w");
        let ctx = image_ctx("/", &image, &picture(&[100, 200]));
        assert_eq!(ctx.thumb_srcset, ctx.srcset);
        assert_eq!(ctx.thumb_src, ctx.src);
    }

    #[test]
    fn a_credit_links_its_licence_and_a_source_that_is_a_url() {
        let c = credit_ctx(&Credit {
            author: Some("Ana Ruiz".into()),
            license: Some("CC-BY-4.0".into()),
            source: Some("https://example.org/p/12".into()),
        });
        assert_eq!(
            c.license_url.as_deref(),
            Some("https://spdx.org/licenses/CC-BY-4.0.html")
        );
        assert_eq!(c.source_url.as_deref(), Some("https://example.org/p/12"));
        let c = credit_ctx(&Credit {
            author: None,
            license: Some("all rights reserved".into()),
            source: Some("the author's archive".into()),
        });
        assert_eq!((c.license_url, c.source_url), (None, None));
    }
}
