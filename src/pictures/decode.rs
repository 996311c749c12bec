//! Decode: a picture's bytes to upright pixels, within a bound on memory.
//!
//! JPEG, PNG, WebP and GIF (its first frame) are read by the `image` crate with
//! [`image::Limits`]: the size a file claims is checked against [`MAX_PIXELS`] before any
//! pixel is allocated, so a small file that claims 100,000 x 100,000 pixels is refused, not
//! decoded into 40 GB. The EXIF orientation is applied here; nothing else of the file's
//! metadata is read, and none of it is carried further (the encoders write pixels only).

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// The most pixels a picture may have: 50 megapixels, more than any phone's photo
/// (8,160 x 6,120), about 200 MB decoded.
pub const MAX_PIXELS: u64 = 50_000_000;

/// The most bytes the decoder may allocate for one picture.
const MAX_ALLOC: u64 = MAX_PIXELS * 4 + 64 * 1024 * 1024;

/// Why a picture cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Not one of the formats Spotter reads.
    Format(Option<String>),
    /// Bigger than [`MAX_PIXELS`]: width and height as the file claims them.
    TooLarge(u32, u32),
    /// The bytes are not a sound picture of its format.
    Corrupt(String),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Format(None) => f.write_str("is not a JPEG, PNG, WebP or GIF picture"),
            DecodeError::Format(Some(format)) => write!(
                f,
                "is a {format} picture; Spotter reads JPEG, PNG, WebP and GIF"
            ),
            DecodeError::TooLarge(w, h) => write!(
                f,
                "claims {w} x {h} pixels, more than the {} megapixels a picture may have",
                MAX_PIXELS / 1_000_000
            ),
            DecodeError::Corrupt(why) => write!(f, "cannot be decoded: {why}"),
        }
    }
}

/// A decoded picture, upright.
pub struct Decoded {
    /// The pixels, turned as the EXIF orientation says.
    pub image: DynamicImage,
    /// The format it was read as.
    #[cfg_attr(not(test), allow(dead_code))]
    pub format: ImageFormat,
}

/// Decodes `bytes`, telling the format from the bytes themselves (not the file name).
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| DecodeError::Corrupt(e.to_string()))?;
    let format = match reader.format() {
        Some(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif)) => {
            f
        }
        Some(other) => {
            return Err(DecodeError::Format(Some(
                format!("{other:?}").to_uppercase(),
            )))
        }
        None => return Err(DecodeError::Format(None)),
    };
    let mut reader = reader;
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(corrupt)?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(DecodeError::TooLarge(w, h));
    }
    // A broken EXIF block is no reason to refuse the picture: it is shown as stored.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    image.apply_orientation(orientation);
    Ok(Decoded { image, format })
}

fn corrupt(e: image::ImageError) -> DecodeError {
    match e {
        image::ImageError::Limits(_) => {
            DecodeError::Corrupt("it needs more memory to decode than a picture may take".into())
        }
        e => DecodeError::Corrupt(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_png_that_claims_a_huge_size_is_refused_before_decoding() {
        let png = crate::pictures::testing::huge_png(100_000, 100_000);
        assert!(png.len() < 200, "{}", png.len());
        assert_eq!(
            decode(&png).err(),
            Some(DecodeError::TooLarge(100_000, 100_000))
        );
    }

    #[test]
    fn what_is_not_a_picture_is_named() {
        assert_eq!(
            decode(b"hello, world").err(),
            Some(DecodeError::Format(None))
        );
        let bmp = crate::pictures::testing::encoded(ImageFormat::Bmp, 4, 4);
        assert_eq!(
            decode(&bmp).err().unwrap().to_string(),
            "is a BMP picture; Spotter reads JPEG, PNG, WebP and GIF"
        );
        let mut jpeg = crate::pictures::testing::encoded(ImageFormat::Jpeg, 64, 64);
        jpeg.truncate(jpeg.len() / 3);
        assert!(matches!(decode(&jpeg), Err(DecodeError::Corrupt(_))));
    }

    #[test]
    fn every_format_is_read() {
        for format in [
            ImageFormat::Jpeg,
            ImageFormat::Png,
            ImageFormat::WebP,
            ImageFormat::Gif,
        ] {
            let bytes = crate::pictures::testing::encoded(format, 30, 20);
            let d = decode(&bytes).unwrap();
            assert_eq!(
                (d.format, d.image.width(), d.image.height()),
                (format, 30, 20)
            );
        }
    }

    #[test]
    fn the_exif_orientation_turns_the_picture() {
        // Stored 30 wide and 20 high, shown turned a quarter (orientation 6).
        let jpeg = crate::pictures::testing::jpeg_with_exif(30, 20, 6, true);
        let d = decode(&jpeg).unwrap();
        assert_eq!((d.image.width(), d.image.height()), (20, 30));
    }
}
