//! Pictures made for tests: encoded by the `image` crate, a JPEG carrying EXIF orientation and
//! GPS tags, and a PNG that claims a size it does not have. The integration tests use them
//! too, so this module is public, though no build uses it.

use std::io::Cursor;

use image::{ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};

/// A `width` x `height` picture of smooth gradients (so that encoders have something real to
/// do), encoded as `format`.
pub fn encoded(format: ImageFormat, width: u32, height: u32) -> Vec<u8> {
    if format == ImageFormat::Bmp {
        // No BMP encoder is built in; its signature is enough to be told apart.
        let mut bytes = b"BM".to_vec();
        bytes.resize(64, 0);
        return bytes;
    }
    let image = RgbImage::from_fn(width, height, |x, y| {
        Rgb([
            (x * 255 / width.max(1)) as u8,
            (y * 255 / height.max(1)) as u8,
            ((x + y) % 256) as u8,
        ])
    });
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).expect("encodes");
    out.into_inner()
}

/// A PNG with see-through pixels (a disc on a clear ground), `width` x `height`.
pub fn transparent_png(width: u32, height: u32) -> Vec<u8> {
    let (cx, cy, r) = (width / 2, height / 2, width.min(height) / 3);
    let image = RgbaImage::from_fn(width, height, |x, y| {
        let d = x.abs_diff(cx).pow(2) + y.abs_diff(cy).pow(2);
        if d <= r * r {
            Rgba([200, 40, 40, 255])
        } else {
            Rgba([0, 0, 0, 0])
        }
    });
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, ImageFormat::Png).expect("encodes");
    out.into_inner()
}

/// A PNG whose header claims `width` x `height` pixels, with next to no pixel data after it.
pub fn huge_png(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]); // 8 bits, RGB, deflate, no filter, not interlaced
    chunk(&mut png, b"IHDR", &ihdr);
    // A stored deflate block of one empty row: far too little for the size claimed.
    chunk(
        &mut png,
        b"IDAT",
        &[0x78, 0x01, 0x01, 0x01, 0x00, 0xfe, 0xff, 0x00],
    );
    chunk(&mut png, b"IEND", &[]);
    png
}

fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend((data.len() as u32).to_be_bytes());
    let start = png.len();
    png.extend(kind);
    png.extend(data);
    let crc = crc32(&png[start..]);
    png.extend(crc.to_be_bytes());
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The latitude [`jpeg_with_exif`] writes in its GPS tags, as the bytes of its seconds'
/// rational (2417/100): a test looks for them in what was written.
pub const GPS_SECONDS: [u8; 8] = [0, 0, 0x09, 0x71, 0, 0, 0, 100];

/// A JPEG stored `width` x `height`, carrying an EXIF block with `orientation` (1 to 8) and,
/// with `gps`, where it was taken (48° 51' 24.17" N).
pub fn jpeg_with_exif(width: u32, height: u32, orientation: u16, gps: bool) -> Vec<u8> {
    let jpeg = encoded(ImageFormat::Jpeg, width, height);
    // TIFF, big-endian: IFD0 at 8 with the orientation and a pointer to the GPS IFD at 38,
    // whose latitude's three rationals are at 68.
    let mut tiff: Vec<u8> = b"MM\0\x2a".to_vec();
    tiff.extend(8u32.to_be_bytes());
    let entries: u16 = if gps { 2 } else { 1 };
    tiff.extend(entries.to_be_bytes());
    tiff.extend(entry(0x0112, 3, 1, u32::from(orientation) << 16));
    if gps {
        tiff.extend(entry(0x8825, 4, 1, 38));
    }
    tiff.extend(0u32.to_be_bytes());
    if gps {
        tiff.resize(38, 0);
        tiff.extend(2u16.to_be_bytes());
        tiff.extend(entry(0x0001, 2, 2, u32::from_be_bytes(*b"N\0\0\0")));
        tiff.extend(entry(0x0002, 5, 3, 68));
        tiff.extend(0u32.to_be_bytes());
        for (num, den) in [(48u32, 1u32), (51, 1)] {
            tiff.extend(num.to_be_bytes());
            tiff.extend(den.to_be_bytes());
        }
        tiff.extend(GPS_SECONDS);
    }
    let mut app1 = vec![0xff, 0xe1];
    app1.extend(((tiff.len() + 8) as u16).to_be_bytes());
    app1.extend(b"Exif\0\0");
    app1.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

fn entry(tag: u16, kind: u16, count: u32, value: u32) -> Vec<u8> {
    let mut e = tag.to_be_bytes().to_vec();
    e.extend(kind.to_be_bytes());
    e.extend(count.to_be_bytes());
    e.extend(value.to_be_bytes());
    e
}
