//! Cards: what makes a workout printable. The QR code that opens the workout's page, the
//! estimate of how a card's content fits one page of the card size (and what to do when it
//! does not), the arrangement of cards on a sheet, and the per-muscle set chart.
//!
//! The fit is an estimate made at build time from the text; the theme's print CSS clips
//! anything past the page, so a card always prints on exactly one page, and the build says when
//! the estimate finds that even the smallest layout would overflow.

use crate::config::{CardSize, SheetSize};
use crate::context::{Fit, MuscleLoadView, WorkoutView};
use crate::highlight::escape_into;

/// The QR code for `url` as inline SVG that scales to its box.
///
/// The mask pattern is fixed instead of chosen by scoring all eight: every mask gives a valid
/// code, and scoring them was a fifth of a large guide's build time.
pub fn qr_svg(url: &str) -> String {
    let Some((width, dark)) = qr_modules(url) else {
        return String::new();
    };
    let quiet = 4;
    let size = width + 2 * quiet;
    let mut label = String::new();
    escape_into(&mut label, url);
    let mut out = format!(
        "<svg role=\"img\" aria-label=\"QR code: {label}\" class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"100%\" height=\"100%\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\""
    );
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if dark[y * width + x] {
                let start = x;
                while x < width && dark[y * width + x] {
                    x += 1;
                }
                out.push_str(&format!(
                    "M{} {}h{}v1h-{}z",
                    start + quiet,
                    y + quiet,
                    x - start,
                    x - start
                ));
            } else {
                x += 1;
            }
        }
    }
    out.push_str("\"/></svg>");
    out
}

/// The modules of the QR code for `data` (row by row, `true` for dark) and its width.
fn qr_modules(data: &str) -> Option<(usize, Vec<bool>)> {
    use qrcode::canvas::{Canvas, MaskPattern};
    use qrcode::{bits, ec, Color, EcLevel};
    let level = EcLevel::M;
    let bits = bits::encode_auto(data.as_bytes(), level).ok()?;
    let version = bits.version();
    let bytes = bits.into_bytes();
    let (encoded, ec_data) = ec::construct_codewords(&bytes, version, level).ok()?;
    let mut canvas = Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&encoded, &ec_data);
    canvas.apply_mask(MaskPattern::HorizontalLines);
    let modules: Vec<bool> = canvas
        .into_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    let width = version.width().try_into().ok()?;
    Some((width, modules))
}

/// Type scales tried, largest first; the last is the smallest that stays legible.
const SCALES: [f64; 6] = [1.0, 0.92, 0.85, 0.78, 0.72, 0.66];

/// How the card for `workout` fits one page of `size`.
pub fn fit(workout: &WorkoutView, size: CardSize) -> Fit {
    let (w, h) = size.mm();
    for columns in [1u32, 2] {
        for scale in SCALES {
            if columns == 2 && w < 100.0 {
                continue;
            }
            if content_height(workout, w, scale, columns) <= h {
                return Fit {
                    scale,
                    columns,
                    fits: true,
                };
            }
        }
    }
    let columns = if w < 100.0 { 1 } else { 2 };
    Fit {
        scale: SCALES[SCALES.len() - 1],
        columns,
        fits: false,
    }
}

/// Estimated height in millimetres of a card's content, laid out as the default theme does:
/// 6 mm padding, a title, a line of rounds and rests, the items, the equipment, and a footer
/// holding the 22 mm QR code.
pub fn content_height(workout: &WorkoutView, width_mm: f64, scale: f64, columns: u32) -> f64 {
    const PT: f64 = 0.3528; // millimetres per point
    let base = 10.0 * scale * PT; // font size in mm
    let line = base * 1.3;
    let padding = 6.0;
    let inner = width_mm - 2.0 * padding;
    let chars_per_line = |font: f64, width: f64| ((width / (font * 0.5)).floor()).max(8.0);
    let wrap = |text: &str, font: f64, width: f64| {
        (text.chars().count() as f64 / chars_per_line(font, width))
            .ceil()
            .max(1.0)
    };
    let title_font = base * 1.5;
    let mut height = 2.0 * padding;
    height += wrap(&workout.summary_ref.title, title_font, inner) * title_font * 1.2 + 1.5;
    height += line + 1.5; // rounds and rests
    let column_width = (inner - 4.0 * f64::from(columns - 1)) / f64::from(columns);
    let mut items = 0.0;
    for item in &workout.items {
        let mut h = match &item.exercise {
            Some(e) => {
                wrap(
                    &format!("{} — {}", e.title, item.prescription),
                    base,
                    column_width,
                ) * line
            }
            None => line,
        };
        if let Some(note) = &item.note {
            h += wrap(note, base * 0.85, column_width) * line * 0.85;
        }
        items += h + 1.2;
    }
    height += items / f64::from(columns);
    if !workout.equipment.is_empty() {
        let names: Vec<&str> = workout.equipment.iter().map(|e| e.title.as_str()).collect();
        height += wrap(&names.join(", "), base, inner) * line + 1.0;
    }
    height + 22.0 + 2.0
}

/// How many cards go on a sheet: as many columns and rows as fit.
pub fn sheet_grid(card: CardSize, sheet: SheetSize) -> (u32, u32) {
    let (cw, ch) = card.mm();
    let (sw, sh) = sheet.mm();
    let columns = ((sw + 0.01) / cw).floor().max(1.0) as u32;
    let rows = ((sh + 0.01) / ch).floor().max(1.0) as u32;
    (columns, rows)
}

/// The per-muscle set chart: horizontal bars, primary sets solid, secondary sets lighter, with
/// the numbers in text so nothing depends on colour.
pub fn muscle_chart(loads: &[MuscleLoadView]) -> String {
    if loads.is_empty() {
        return String::new();
    }
    let max = loads
        .iter()
        .map(|l| l.primary_sets + l.secondary_sets)
        .max()
        .unwrap_or(1)
        .max(1);
    let row = 24.0;
    let label_w = 150.0;
    let bar_w = 200.0;
    let width = label_w + bar_w + 70.0;
    let height = row * loads.len() as f64 + 8.0;
    let mut desc = String::new();
    for l in loads {
        if !desc.is_empty() {
            desc.push_str("; ");
        }
        desc.push_str(&format!(
            "{}: {} primary, {} secondary",
            l.muscle.title, l.primary_sets, l.secondary_sets
        ));
    }
    let mut out = String::new();
    out.push_str(&format!(
        "<svg class=\"set-chart\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"set-chart-title set-chart-desc\" xmlns=\"http://www.w3.org/2000/svg\">"
    ));
    out.push_str(
        "<title id=\"set-chart-title\">Sets per muscle</title><desc id=\"set-chart-desc\">",
    );
    escape_into(&mut out, &desc);
    out.push_str("</desc>");
    for (i, l) in loads.iter().enumerate() {
        let y = 4.0 + row * i as f64;
        let p = bar_w * f64::from(l.primary_sets) / f64::from(max);
        let s = bar_w * f64::from(l.secondary_sets) / f64::from(max);
        out.push_str(&format!(
            "<text x=\"0\" y=\"{:.1}\" class=\"set-chart-label\">",
            y + 16.0
        ));
        escape_into(&mut out, &l.muscle.title);
        out.push_str("</text>");
        if p > 0.0 {
            out.push_str(&format!(
                "<rect x=\"{label_w}\" y=\"{:.1}\" width=\"{p:.1}\" height=\"16\" class=\"set-chart-primary\" fill=\"#1f5f8b\"/>",
                y + 3.0
            ));
        }
        if s > 0.0 {
            out.push_str(&format!(
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{s:.1}\" height=\"16\" class=\"set-chart-secondary\" fill=\"#9cc3df\" stroke=\"#1f5f8b\" stroke-width=\"1\"/>",
                label_w + p,
                y + 3.0
            ));
        }
        let note = match (l.primary_sets, l.secondary_sets) {
            (p, 0) => format!("{p}"),
            (0, s) => format!("{s} (helps)"),
            (p, s) => format!("{p} + {s}"),
        };
        out.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"set-chart-value\">{note}</text>",
            label_w + p + s + 6.0,
            y + 16.0
        ));
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_is_inline_svg_with_label() {
        let svg = qr_svg("https://example.org/workouts/six-minute/");
        assert!(svg.starts_with("<svg role=\"img\" aria-label=\"QR code: https://example.org/workouts/six-minute/\""), "{}", &svg[..120]);
        assert!(svg.contains("viewBox=\"0 0 37 37\""), "{}", &svg[..300]);
        assert!(
            svg.contains("<path fill=\"#000\" d=\"M4 4h7v1h-7z"),
            "finder pattern row missing"
        );
    }

    #[test]
    fn grids_follow_paper() {
        assert_eq!(sheet_grid(CardSize::A6, SheetSize::A4), (2, 2));
        assert_eq!(sheet_grid(CardSize::A5, SheetSize::A4), (1, 1));
        assert_eq!(sheet_grid(CardSize::In3x5, SheetSize::Letter), (2, 2));
        assert_eq!(sheet_grid(CardSize::In4x6, SheetSize::Letter), (2, 1));
    }
}
