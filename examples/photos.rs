//! Photograph-like pictures for the picture benchmark (`benches/pictures.sh`), and the
//! measurement the WebP encoder was chosen by.
//!
//!     cargo run --release --example photos -- make DIR COUNT WIDTH HEIGHT
//!     cargo run --release --example photos -- encoders
//!
//! A "photograph" here is smooth light over shapes with fine noise on top, as a sensor gives:
//! encoders have as much to do as with a real photo (a plain gradient would compress to
//! nothing), and every picture differs.

use std::io::Cursor;
use std::time::Instant;

use image::{ImageFormat, Rgb, RgbImage};

fn photo(seed: u64, width: u32, height: u32) -> RgbImage {
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut noise = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let hue = (seed % 7) as f32 / 7.0;
    let (cx, cy) = (
        (noise() % u64::from(width)) as f32,
        (noise() % u64::from(height)) as f32,
    );
    let radius = width.min(height) as f32 / 3.0;
    RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
        let light = 0.35 + 0.5 * (1.0 - fy) * (0.6 + 0.4 * (fx * 3.1 + hue * 6.0).sin());
        let d = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt();
        let disc = if d < radius { 0.35 } else { 0.0 };
        let grain = (noise() % 25) as f32 - 12.0;
        let channel = |k: f32| {
            let v = 255.0
                * (light * (0.6 + 0.4 * ((hue + k) * std::f32::consts::TAU).cos()) + disc)
                + grain;
            v.clamp(0.0, 255.0) as u8
        };
        Rgb([channel(0.0), channel(0.33), channel(0.66)])
    })
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("make") => {
            let dir = std::path::Path::new(&args[1]);
            let count: u64 = args[2].parse().expect("COUNT");
            let width: u32 = args[3].parse().expect("WIDTH");
            let height: u32 = args[4].parse().expect("HEIGHT");
            std::fs::create_dir_all(dir).unwrap();
            use rayon::prelude::*;
            (0..count).into_par_iter().for_each(|i| {
                let mut out = Cursor::new(Vec::new());
                let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
                photo(i, width, height).write_with_encoder(encoder).unwrap();
                std::fs::write(dir.join(format!("photo-{i:03}.jpg")), out.into_inner()).unwrap();
            });
        }
        Some("encoders") => {
            let picture = photo(1, 1600, 1067);
            let started = Instant::now();
            let mut lossless = Cursor::new(Vec::new());
            picture.write_to(&mut lossless, ImageFormat::WebP).unwrap();
            let lossless_time = started.elapsed();
            let started = Instant::now();
            let lossy = webp::Encoder::from_rgb(picture.as_raw(), 1600, 1067).encode(80.0);
            let lossy_time = started.elapsed();
            println!(
                "1600 x 1067: image (lossless) {} bytes in {:?}; libwebp lossy q80 {} bytes in {:?}",
                lossless.get_ref().len(),
                lossless_time,
                lossy.len(),
                lossy_time
            );
        }
        _ => eprintln!("usage: photos make DIR COUNT WIDTH HEIGHT | photos encoders"),
    }
}
