//! Pictures: every picture a page shows, made ready for the web at build time.
//!
//! A picture is decoded within a bound on memory ([`decode`]), turned upright by its EXIF
//! orientation, stripped of every piece of metadata, resized to the widths of `site.yaml`'s
//! `images.widths` (never made bigger: [`resize`]) and encoded to WebP with a JPEG fallback,
//! or PNG for a picture with see-through pixels ([`encode`]). What one picture makes is
//! cached under the guide by the hash of its bytes and the parameters ([`cache`]), so a
//! second build encodes nothing. The same picture always makes the same bytes.
//!
//! This module processes bytes into files. Which pictures a guide has, and where it writes
//! them, is [`collect`]'s; how a page shows them is the render's.

pub mod cache;
pub mod collect;
pub mod decode;
pub mod encode;
pub mod path;
pub mod resize;
#[doc(hidden)]
pub mod testing;

use std::path::PathBuf;

use rayon::prelude::*;

pub use cache::{Cache, Key, Manifest, Seen};
pub use collect::{collect, Picture, Pictures};
pub use decode::DecodeError;
pub use encode::Fallback;

use resize::Pixels;

/// Files by name, with their bytes: what [`make`] makes of a picture.
pub type Files = Vec<(String, Vec<u8>)>;

/// One width's size and its two files.
type Variant = ((u32, u32), [(String, Vec<u8>); 2]);

/// How pictures are processed: `site.yaml`'s `images:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The widths a picture is published at, in pixels.
    pub widths: Vec<u32>,
    /// The encoders' quality, 1 to 100.
    pub quality: u8,
}

/// A picture processed: its files in the cache, and what a page needs to show them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// What the files were made from.
    pub key: Key,
    /// The folder of its files in the cache.
    pub dir: PathBuf,
    /// The size of the picture, upright; the files' sizes.
    pub manifest: Manifest,
    /// Whether this build made the files (false: they came from the cache).
    pub encoded: bool,
}

/// Why a picture could not be processed.
#[derive(Debug)]
pub enum Failure {
    /// Its bytes are not a picture Spotter can use.
    Decode(DecodeError),
    /// The cache could not be written.
    Cache(std::io::Error),
}

impl Processed {
    /// The name of the file of the variant `width` wide, in the cache folder: `480.webp`.
    pub fn file(&self, width: u32, webp: bool) -> String {
        let ext = if webp {
            "webp"
        } else {
            self.manifest.fallback.extension()
        };
        format!("{width}.{ext}")
    }
}

/// Processes `bytes` with `settings`, or takes what an earlier build made of them from
/// `cache` (what a build does to each picture, by way of `seen.json`).
#[cfg(test)]
pub(crate) fn process(
    bytes: &[u8],
    settings: &Settings,
    cache: &Cache,
) -> Result<Processed, Failure> {
    let key = Key::of(bytes, &settings.widths, settings.quality);
    cached(&key, cache).map_or_else(|| process_as(&key, bytes, settings, cache), Ok)
}

/// What an earlier build made under `key`, if the cache has it.
pub fn cached(key: &Key, cache: &Cache) -> Option<Processed> {
    let manifest = cache.get(key)?;
    Some(Processed {
        dir: cache.entry(key),
        key: *key,
        manifest,
        encoded: false,
    })
}

/// Processes `bytes`, whose key is `key`, into `cache`.
pub fn process_as(
    key: &Key,
    bytes: &[u8],
    settings: &Settings,
    cache: &Cache,
) -> Result<Processed, Failure> {
    let key = *key;
    let (manifest, files) = make(bytes, settings).map_err(Failure::Decode)?;
    let manifest = cache.put(&key, &files, &manifest).map_err(Failure::Cache)?;
    Ok(Processed {
        dir: cache.entry(&key),
        key,
        manifest,
        encoded: true,
    })
}

/// Decodes, resizes and encodes `bytes`: what the files are, and each file by name.
pub fn make(bytes: &[u8], settings: &Settings) -> Result<(Manifest, Files), DecodeError> {
    let decoded = decode::decode(bytes)?;
    let image = decoded.image;
    let (width, height) = (image.width(), image.height());
    // A picture whose format has alpha but whose every pixel is opaque is a photograph: it
    // gets a JPEG.
    let alpha = image.color().has_alpha() && image.to_rgba8().pixels().any(|p| p.0[3] < 255);
    let source = Pixels {
        width,
        height,
        alpha,
        bytes: if alpha {
            image.into_rgba8().into_raw()
        } else {
            image.into_rgb8().into_raw()
        },
    };
    let fallback = if alpha { Fallback::Png } else { Fallback::Jpeg };
    let widths = resize::widths_for(width, &settings.widths);
    let made: Vec<Variant> = widths
        .par_iter()
        .map(|&w| {
            let pixels = resize::resize(&source, w, &mut fast_image_resize::Resizer::new());
            let webp = encode::webp(&pixels, settings.quality);
            let other = encode::fallback(&pixels, fallback, settings.quality);
            (
                (pixels.width, pixels.height),
                [
                    (format!("{w}.webp"), webp),
                    (format!("{w}.{}", fallback.extension()), other),
                ],
            )
        })
        .collect();
    let variants = made.iter().map(|(size, _)| *size).collect();
    let files = made.into_iter().flat_map(|(_, files)| files).collect();
    let manifest = Manifest {
        width,
        height,
        fallback,
        variants,
        inodes: Default::default(),
    };
    Ok((manifest, files))
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::ImageFormat;

    fn settings() -> Settings {
        Settings {
            widths: vec![480, 960, 1600],
            quality: 80,
        }
    }

    fn decoded(bytes: &[u8]) -> image::DynamicImage {
        image::load_from_memory(bytes).unwrap()
    }

    #[test]
    fn a_photo_is_made_into_webp_and_jpeg_at_each_width_it_has() {
        let jpeg = testing::encoded(ImageFormat::Jpeg, 1200, 800);
        let (manifest, files) = make(&jpeg, &settings()).unwrap();
        assert_eq!((manifest.width, manifest.height), (1200, 800));
        assert_eq!(manifest.fallback, Fallback::Jpeg);
        assert_eq!(manifest.variants, [(480, 320), (960, 640), (1200, 800)]);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "480.webp",
                "480.jpg",
                "960.webp",
                "960.jpg",
                "1200.webp",
                "1200.jpg"
            ]
        );
        for (name, bytes) in &files {
            let format = image::guess_format(bytes).unwrap();
            let want = if name.ends_with(".webp") {
                ImageFormat::WebP
            } else {
                ImageFormat::Jpeg
            };
            assert_eq!(format, want, "{name}");
            let w: u32 = name.split('.').next().unwrap().parse().unwrap();
            let picture = decoded(bytes);
            assert_eq!(
                (picture.width(), picture.height()),
                (w, w * 2 / 3),
                "{name}"
            );
        }
    }

    #[test]
    fn see_through_pixels_get_a_png_and_opaque_ones_do_not() {
        let png = testing::transparent_png(600, 400);
        let (manifest, files) = make(&png, &settings()).unwrap();
        assert_eq!(manifest.fallback, Fallback::Png);
        assert_eq!(manifest.variants, [(480, 320), (600, 400)]);
        let fallback = &files[1];
        assert_eq!(fallback.0, "480.png");
        assert!(decoded(&fallback.1).color().has_alpha());
        // An RGBA PNG with every pixel opaque is a photograph.
        let opaque = image::RgbaImage::from_pixel(50, 40, image::Rgba([9, 9, 9, 255]));
        let mut bytes = std::io::Cursor::new(Vec::new());
        opaque.write_to(&mut bytes, ImageFormat::Png).unwrap();
        let (manifest, _) = make(bytes.get_ref(), &settings()).unwrap();
        assert_eq!(manifest.fallback, Fallback::Jpeg);
    }

    #[test]
    fn exif_is_applied_then_dropped_with_the_gps_position() {
        let jpeg = testing::jpeg_with_exif(600, 400, 6, true);
        assert!(contains(&jpeg, b"Exif") && contains(&jpeg, &testing::GPS_SECONDS));
        let (manifest, files) = make(&jpeg, &settings()).unwrap();
        // Stored 600 x 400, shown turned a quarter.
        assert_eq!((manifest.width, manifest.height), (400, 600));
        assert_eq!(manifest.variants, [(400, 600)]);
        for (name, bytes) in &files {
            assert!(!contains(bytes, b"Exif"), "{name} has EXIF");
            assert!(
                !contains(bytes, &testing::GPS_SECONDS),
                "{name} has the position"
            );
            assert!(
                !contains(bytes, b"XMP") && !contains(bytes, b"ICCP"),
                "{name}"
            );
            let picture = decoded(bytes);
            assert_eq!((picture.width(), picture.height()), (400, 600), "{name}");
        }
    }

    #[test]
    fn the_same_picture_makes_the_same_bytes() {
        let gif = testing::encoded(ImageFormat::Gif, 700, 300);
        let (a, files_a) = make(&gif, &settings()).unwrap();
        let (b, files_b) = make(&gif, &settings()).unwrap();
        assert_eq!((a, files_a), (b, files_b));
    }

    #[test]
    fn a_second_processing_comes_from_the_cache() {
        let dir = std::env::temp_dir().join(format!("spotter-process-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let cache = Cache::of_guide(&dir);
        let webp = testing::encoded(ImageFormat::WebP, 500, 250);
        let first = process(&webp, &settings(), &cache).unwrap();
        assert!(first.encoded);
        let second = process(&webp, &settings(), &cache).unwrap();
        assert!(!second.encoded);
        assert_eq!(first.manifest, second.manifest);
        assert_eq!(first.file(480, true), "480.webp");
        let bytes = std::fs::read(second.dir.join(second.file(500, false))).unwrap();
        assert_eq!(decoded(&bytes).width(), 500);
        let other = Settings {
            quality: 60,
            ..settings()
        };
        assert!(process(&webp, &other, &cache).unwrap().encoded);
        std::fs::remove_dir_all(dir).unwrap();
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }
}
