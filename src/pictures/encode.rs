//! Encode: pixels to the files a page links, WebP and a JPEG or PNG fallback.
//!
//! Only pixels are written: no EXIF, no XMP, no colour profile, no comment, so nothing the
//! camera recorded (where a photo was taken, on what, by whom) reaches the site. The same
//! pixels always give the same bytes.
//!
//! WebP is libwebp's lossy encoder (the `webp` crate, built from libwebp's bundled C source
//! with the C compiler Rust already needs; no system library). The `image` crate writes only
//! lossless WebP: for a 1600 x 1067 photograph it wrote 1,622 KB in 17 ms, libwebp at quality
//! 80 wrote 291 KB in 189 ms (`cargo run --release --example photos -- encoders`). A reader
//! downloads every byte on every visit and the cache makes each picture once, so lossy it is.
//! The fallback is the `image` crate's baseline JPEG (PNG for
//! pictures with see-through pixels, which JPEG cannot hold).

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ExtendedColorType, ImageEncoder};

use super::resize::Pixels;

/// The kind of file a fallback is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Fallback {
    /// `.jpg`, for opaque pictures.
    Jpeg,
    /// `.png`, for pictures with see-through pixels.
    Png,
}

impl Fallback {
    /// The file name's extension.
    pub fn extension(self) -> &'static str {
        match self {
            Fallback::Jpeg => "jpg",
            Fallback::Png => "png",
        }
    }

    /// The media type, for `<source type>` and `og:image:type`.
    pub fn media_type(self) -> &'static str {
        match self {
            Fallback::Jpeg => "image/jpeg",
            Fallback::Png => "image/png",
        }
    }
}

/// `pixels` as lossy WebP at `quality` (0 to 100).
pub fn webp(pixels: &Pixels, quality: u8) -> Vec<u8> {
    let encoder = if pixels.alpha {
        webp::Encoder::from_rgba(&pixels.bytes, pixels.width, pixels.height)
    } else {
        webp::Encoder::from_rgb(&pixels.bytes, pixels.width, pixels.height)
    };
    encoder.encode(f32::from(quality)).to_vec()
}

/// `pixels` as the fallback `kind`: JPEG at `quality`, or PNG.
pub fn fallback(pixels: &Pixels, kind: Fallback, quality: u8) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let color = if pixels.alpha {
        ExtendedColorType::Rgba8
    } else {
        ExtendedColorType::Rgb8
    };
    let written = match kind {
        Fallback::Jpeg => JpegEncoder::new_with_quality(&mut out, quality).write_image(
            &pixels.bytes,
            pixels.width,
            pixels.height,
            color,
        ),
        Fallback::Png => {
            PngEncoder::new_with_quality(&mut out, CompressionType::Default, FilterType::Adaptive)
                .write_image(&pixels.bytes, pixels.width, pixels.height, color)
        }
    };
    written.expect("pixels of their stated size encode to memory");
    out.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pixels(alpha: bool) -> Pixels {
        let n = if alpha { 4 } else { 3 };
        Pixels {
            width: 32,
            height: 16,
            alpha,
            bytes: (0..32 * 16 * n).map(|i| (i % 251) as u8).collect(),
        }
    }

    #[test]
    fn webp_is_lossy_riff_and_the_same_every_time() {
        let a = webp(&pixels(false), 80);
        assert_eq!(&a[..4], b"RIFF");
        assert_eq!(&a[8..16], b"WEBPVP8 ");
        assert_eq!(a, webp(&pixels(false), 80));
        // With alpha: the extended header and an alpha chunk.
        let b = webp(&pixels(true), 80);
        assert_eq!(&b[8..16], b"WEBPVP8X");
    }

    #[test]
    fn fallbacks_are_jpeg_or_png_of_the_same_size() {
        let jpeg = fallback(&pixels(false), Fallback::Jpeg, 80);
        assert_eq!(&jpeg[..2], [0xff, 0xd8]);
        let png = fallback(&pixels(true), Fallback::Png, 80);
        let back = image::load_from_memory(&png).unwrap();
        assert_eq!((back.width(), back.height()), (32, 16));
        assert!(back.color().has_alpha());
        assert_eq!(jpeg, fallback(&pixels(false), Fallback::Jpeg, 80));
    }
}
