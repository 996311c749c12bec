//! A page's pictures and clip (`images:`, `video:`), found by name: each picture's file
//! ([`crate::pictures::path`]), its alt text (required), and what kind of clip a `video:` is.
//! What needs the files themselves (are they there, are they pictures) is
//! [`crate::pictures::collect`]'s, after linking.

use crate::diagnostics::Diagnostics;
use crate::model::{Image, Video, VideoKind};
use crate::pictures::path::resolve;
use crate::source::front_matter::{Common, ImageMatter};
use crate::source::load::Source;

/// The pictures and clip of the page in `source` whose front matter is `c`. A picture that
/// cannot be found by its name is left out, with an error at its `src`.
pub(super) fn media_of(
    source: &Source,
    c: &Common<'_>,
    diags: &mut Diagnostics,
) -> (Vec<Image>, Option<Video>) {
    let mut images = Vec::with_capacity(c.images.len());
    for (i, m) in c.images.iter().enumerate() {
        let nth = c.images[..i].iter().filter(|o| o.src == m.src).count();
        if let Some(image) = image_of(source, m, &["images", "src"], nth, diags) {
            images.push(image);
        }
    }
    let video = c.video.and_then(|v| {
        let kind = kind_of(source, &v.src, diags)?;
        let poster = v.poster.as_ref().and_then(|p| {
            let matter = ImageMatter {
                src: p.clone(),
                alt: Some(v.title.clone().unwrap_or_default()),
                caption: None,
                credit: v.credit.clone(),
            };
            image_of(source, &matter, &["video", "poster"], 0, diags)
        });
        Some(Video {
            src: v.src.clone(),
            kind,
            poster,
            title: v.title.clone(),
            caption: v.caption.clone(),
            credit: v.credit.clone(),
        })
    });
    (images, video)
}

/// The picture `m`, whose `src` is the `nth` of its value at the key `at`.
fn image_of(
    source: &Source,
    m: &ImageMatter,
    at: &[&str],
    nth: usize,
    diags: &mut Diagnostics,
) -> Option<Image> {
    let file = match resolve(&source.rel, &m.src) {
        Ok(file) => file,
        Err(refused) => {
            let (what, hint) = refused.explain();
            diags.push(
                source
                    .error_at_value(at, &m.src, nth, format!("the picture \"{}\" {what}", m.src))
                    .with_hint(hint),
            );
            return None;
        }
    };
    let alt = m.alt.as_deref().map(str::trim).unwrap_or_default();
    // A poster's alt is the clip's title, which may be left out: the player names the clip.
    // A picture without one is left out, so that its one mistake is one error.
    if alt.is_empty() && at[0] == "images" {
        let said = if m.alt.is_some() { "an empty" } else { "no" };
        diags.push(
            source
                .error_at_value(at, &m.src, nth, format!("the picture \"{}\" has {said} `alt:`", m.src))
                .with_hint("say in a few words what the picture shows, for readers who cannot see it: `alt: Arms straight, band at chest height`"),
        );
        return None;
    }
    Some(Image {
        src: m.src.clone(),
        file,
        alt: alt.to_string(),
        caption: m
            .caption
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string),
        credit: m.credit.clone(),
    })
}

/// What kind of clip `src` is: a YouTube or Vimeo video, or a `.mp4` or `.webm` file of the
/// guide; anything else is an error at it.
fn kind_of(source: &Source, src: &str, diags: &mut Diagnostics) -> Option<VideoKind> {
    let refuse = |diags: &mut Diagnostics, what: String, hint: &str| {
        diags.push(
            source
                .error_at_value(&["video"], src, 0, what)
                .with_hint(hint.to_string()),
        );
        None
    };
    if let Ok(url) = url::Url::parse(src) {
        if let Some(kind) = remote(&url) {
            return Some(kind);
        }
        return refuse(
            diags,
            format!("the clip \"{src}\" is neither a YouTube nor a Vimeo video"),
            "link a video page of youtube.com or vimeo.com, or put a .mp4 or .webm file beside the page",
        );
    }
    let lower = src.to_ascii_lowercase();
    let media_type = if lower.ends_with(".mp4") {
        "video/mp4"
    } else if lower.ends_with(".webm") {
        "video/webm"
    } else {
        return refuse(
            diags,
            format!("the clip \"{src}\" is not a .mp4 or .webm file"),
            "browsers play .mp4 (H.264) and .webm files: convert the clip to one, or link it on YouTube or Vimeo",
        );
    };
    match resolve(&source.rel, src) {
        Ok(file) => Some(VideoKind::File(file, media_type)),
        Err(refused) => {
            let (what, hint) = refused.explain();
            refuse(diags, format!("the clip \"{src}\" {what}"), hint)
        }
    }
}

/// The YouTube or Vimeo video a URL shows, if it is one.
fn remote(url: &url::Url) -> Option<VideoKind> {
    let host = url
        .host_str()?
        .trim_start_matches("www.")
        .trim_start_matches("m.");
    let segments: Vec<&str> = url.path_segments()?.filter(|s| !s.is_empty()).collect();
    let id_like = |s: &str| {
        !s.is_empty()
            && s.len() <= 64
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    let youtube = match (host, segments.as_slice()) {
        ("youtube.com" | "youtube-nocookie.com", ["watch"]) => url
            .query_pairs()
            .find(|(k, _)| k == "v")
            .map(|(_, v)| v.into_owned()),
        ("youtube.com" | "youtube-nocookie.com", ["embed" | "shorts" | "live", id]) => {
            Some(id.to_string())
        }
        ("youtu.be", [id]) => Some(id.to_string()),
        _ => None,
    };
    if let Some(id) = youtube.filter(|id| id_like(id)) {
        return Some(VideoKind::YouTube(id));
    }
    match (host, segments.as_slice()) {
        ("vimeo.com", [id]) | ("player.vimeo.com", ["video", id])
            if id.bytes().all(|b| b.is_ascii_digit()) && !id.is_empty() =>
        {
            Some(VideoKind::Vimeo(id.to_string()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(src: &str) -> Option<VideoKind> {
        remote(&url::Url::parse(src).unwrap())
    }

    #[test]
    fn youtube_and_vimeo_urls_are_told_by_their_id() {
        let yt = |id: &str| Some(VideoKind::YouTube(id.into()));
        assert_eq!(
            kind("https://www.youtube.com/watch?v=abc_-1&t=3"),
            yt("abc_-1")
        );
        assert_eq!(kind("https://youtu.be/abc"), yt("abc"));
        assert_eq!(kind("https://youtube.com/shorts/abc"), yt("abc"));
        assert_eq!(kind("https://m.youtube.com/embed/abc"), yt("abc"));
        assert_eq!(
            kind("https://vimeo.com/76979871"),
            Some(VideoKind::Vimeo("76979871".into()))
        );
        assert_eq!(kind("https://vimeo.com/channels/x"), None);
        assert_eq!(kind("https://www.youtube.com/watch?v=a\"b"), None);
        assert_eq!(kind("https://example.org/watch?v=abc"), None);
    }
}
