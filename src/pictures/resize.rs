//! Resize: the widths a picture is published at, and the pixels at each, by
//! `fast_image_resize` (SIMD convolution, Lanczos3, alpha premultiplied while filtering).

use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};

/// Pixels in rows, 3 (RGB) or 4 (RGBA) bytes each.
pub struct Pixels {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Whether each pixel has an alpha byte.
    pub alpha: bool,
    /// The bytes, row by row.
    pub bytes: Vec<u8>,
}

/// The widths a picture `width` pixels wide is published at: each of `widths` narrower than
/// it, and its own width when that is narrower than the widest of `widths`, so a picture is
/// never made bigger and the widest screens get all it has. Ascending, without repeats.
pub fn widths_for(width: u32, widths: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = widths.iter().copied().filter(|&w| w < width).collect();
    if widths.iter().any(|&w| w >= width) {
        out.push(width);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The height of a picture `width` x `height` scaled to `to` pixels wide, at least 1.
pub fn height_at(width: u32, height: u32, to: u32) -> u32 {
    let h = (u64::from(height) * u64::from(to) + u64::from(width) / 2) / u64::from(width);
    (h as u32).max(1)
}

/// `source` scaled to `to` pixels wide (its own pixels when that is its width).
pub fn resize(source: &Pixels, to: u32, resizer: &mut Resizer) -> Pixels {
    let height = height_at(source.width, source.height, to);
    if to == source.width {
        return Pixels {
            width: source.width,
            height: source.height,
            alpha: source.alpha,
            bytes: source.bytes.clone(),
        };
    }
    let kind = if source.alpha {
        PixelType::U8x4
    } else {
        PixelType::U8x3
    };
    let src =
        fast_image_resize::images::ImageRef::new(source.width, source.height, &source.bytes, kind)
            .expect("the buffer holds width x height pixels");
    let mut dst = Image::new(to, height, kind);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    resizer
        .resize(&src, &mut dst, &options)
        .expect("source and destination have the same kind of pixel");
    Pixels {
        width: to,
        height,
        alpha: source.alpha,
        bytes: dst.into_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_is_never_made_bigger() {
        let widths = [480, 960, 1600];
        assert_eq!(widths_for(3000, &widths), [480, 960, 1600]);
        assert_eq!(widths_for(1600, &widths), [480, 960, 1600]);
        assert_eq!(widths_for(1200, &widths), [480, 960, 1200]);
        assert_eq!(widths_for(300, &widths), [300]);
        assert_eq!(widths_for(960, &[960, 480]), [480, 960]);
    }

    #[test]
    fn heights_keep_the_shape() {
        assert_eq!(height_at(3000, 2000, 480), 320);
        assert_eq!(height_at(1000, 1, 10), 1);
        assert_eq!(height_at(3, 2, 2), 1);
    }

    #[test]
    fn pixels_are_scaled() {
        let source = Pixels {
            width: 40,
            height: 20,
            alpha: false,
            bytes: vec![128; 40 * 20 * 3],
        };
        let out = resize(&source, 10, &mut Resizer::new());
        assert_eq!((out.width, out.height, out.bytes.len()), (10, 5, 150));
        assert!(out.bytes.iter().all(|&b| b == 128));
    }
}
