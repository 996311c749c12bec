//! Cards: what makes a workout printable. The QR code that opens the workout's page, the
//! estimate of how a card's content fits one page of the card size (and what to do when it
//! does not), the arrangement of cards on a sheet, and the per-muscle set chart.
//!
//! The fit is an estimate made at build time from the text; the theme's print CSS clips
//! anything past the page, so a card always prints on exactly one page, and the build says when
//! the estimate finds that even the smallest layout would overflow.

use crate::config::{CardSize, SheetSize};
use std::sync::Arc;

use rayon::prelude::*;
use tera::Context;

use crate::diagnostics::Diagnostic;
use crate::model::{Id, Target};
use crate::render::context::{CardView, Fit, MuscleLoadView, WorkoutView};
use crate::render::highlight::escape_into;
use crate::render::views::ListCard;
use crate::render::Renderer;

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
/// Above 1.0 the type grows into the room a short workout leaves, so that a card of four items
/// is not a third blank.
const SCALES: [f64; 11] = [
    1.5, 1.38, 1.27, 1.17, 1.08, 1.0, 0.92, 0.85, 0.78, 0.72, 0.66,
];

/// Cards narrower than this (millimetres) keep their items in one column.
const TWO_COLUMNS_FROM_MM: f64 = 100.0;

/// How the card for `workout` fits one page of `size`: the largest type that fits, in one
/// column or, on wide enough cards, two.
pub fn fit(workout: &WorkoutView<'_>, size: CardSize) -> Fit {
    let (w, h) = size.mm();
    let widths: &[u32] = if w >= TWO_COLUMNS_FROM_MM {
        &[1, 2]
    } else {
        &[1]
    };
    for scale in SCALES {
        // Type larger than the base size reads best in one column: two narrow columns of
        // big type break every name.
        let widths = if scale > 1.0 { &widths[..1] } else { widths };
        for &columns in widths {
            if fits(workout, w, h, scale, columns) {
                return Fit {
                    scale,
                    columns,
                    fits: true,
                };
            }
        }
    }
    Fit {
        scale: SCALES[SCALES.len() - 1],
        columns: *widths.last().unwrap_or(&1),
        fits: false,
    }
}

/// Whether the card's content fits a `width` × `height` mm page at `scale` in `columns`,
/// estimated from the default theme's layout (style.css, `.wcard`): 6 mm padding; a header
/// with the title (1.5em, bold) and a line of rounds and rests; the items, each a numbered
/// line (bold title, prescription) with an optional note (.85em, italic); a footer as tall as
/// the 22 mm QR code. Text widths are overestimated and heights padded by a tenth, so an
/// estimate errs towards smaller type rather than a clipped card.
pub fn fits(workout: &WorkoutView<'_>, width: f64, height: f64, scale: f64, columns: u32) -> bool {
    // Type grown past the base size is a bonus, not a need: it is taken only with room to
    // spare, as the estimate's errors grow with it.
    let safety = if scale > 1.0 { 1.3 } else { 1.1 };
    let f = 10.0 * scale * 0.3528; // the base font size in millimetres
    let inner_w = width - 12.0;
    let inner_h = height - 12.0;
    let lines =
        |chars: usize, char_w: f64, room: f64| ((chars as f64 * char_w) / room).ceil().max(1.0);

    let title = &workout.summary_ref.title;
    // The site's name above the title, one line at .75em.
    let mut head = 0.75 * f * 1.3;
    head += lines(title.chars().count(), 0.62 * 1.5 * f, inner_w) * 1.5 * f * 1.2 + 0.5;
    let meta_chars = 40
        + workout
            .summary_ref
            .schedule
            .as_ref()
            .map_or(0, |s| s.chars().count());
    head += lines(meta_chars, 0.55 * 0.9 * f, inner_w) * 0.9 * f * 1.3;
    head += 1.0 + 0.4 + 0.5;

    let equipment: usize = workout
        .equipment
        .iter()
        .map(|e| e.title.chars().count() + 2)
        .sum();
    let text_w = inner_w - 22.0 - 3.0;
    let foot_text = 0.78 * f * 1.28
        + lines(equipment.max(24), 0.6 * 0.95 * f, text_w) * 0.95 * f * 1.3
        + 2.0 * 2.47 * 1.3;
    let foot = foot_text.max(22.0) + 1.0 + 1.0 + 0.4;

    let room = (inner_h - head - foot) / safety;
    if room <= 0.0 {
        return false;
    }
    let column_w = (inner_w - 4.0 * f64::from(columns - 1)) / f64::from(columns);
    let text_w = column_w - 1.8 * f;
    let mut used = vec![0.0_f64; columns as usize];
    let mut column = 0;
    for item in &workout.items {
        let item_h = match &item.exercise {
            Some(e) => {
                let title_w = e.title.chars().count() as f64 * 0.62 * f;
                let rx_chars =
                    item.prescription.chars().count() + if item.per_side { 4 } else { 0 };
                let rx_w = rx_chars as f64 * 0.6 * f;
                let mut n = (title_w / text_w).ceil().max(1.0);
                let last = title_w - (n - 1.0) * text_w;
                if last + 2.0 + rx_w > text_w {
                    n += 1.0;
                }
                let mut h = n * 1.3 * f;
                // The note and the rest between sets share a line at .85em.
                let rest = item
                    .rest_between_sets
                    .as_ref()
                    .map_or(0, |r| r.chars().count() + 24);
                let note = item.note.as_ref().map_or(0, |n| n.chars().count()) + rest;
                if note > 0 {
                    h += lines(note, 0.55 * 0.85 * f, text_w) * 0.85 * f * 1.3;
                }
                h + 1.4
            }
            None => 1.3 * f + 1.4,
        };
        // Columns fill in order and an item never breaks across two.
        while used[column] + item_h > room {
            column += 1;
            if column == used.len() {
                return false;
            }
        }
        used[column] += item_h;
    }
    true
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

impl Renderer<'_> {
    /// Makes every workout's card and every exercise's list card. Returns the cards' warnings.
    pub(crate) fn make_cards(&mut self) -> Result<Vec<Diagnostic>, Diagnostic> {
        let g = self.guide;
        let (cards, warnings): (Vec<_>, Vec<_>) = (0..g.workouts.len())
            .into_par_iter()
            .map(|i| self.card(i))
            .unzip();
        self.parts.cards = cards;
        self.parts.exercise_cards = self.render_exercise_cards()?;
        Ok(warnings.into_iter().flatten().collect())
    }

    /// Renders every exercise's list card once (empty when the theme has no card partial).
    pub(crate) fn render_exercise_cards(&self) -> Result<Vec<ListCard>, Diagnostic> {
        (0..self.guide.exercises.len())
            .into_par_iter()
            .map(|i| self.exercise_card(i))
            .collect()
    }

    /// What lists show of one exercise: its card (`partials/exercise_card.html`), then its
    /// item in the exercise index (`partials/exercise_item.html`, given the card too); each
    /// empty when the theme has no such partial (it then lists exercises from their other
    /// fields).
    pub(crate) fn exercise_card(&self, i: Id) -> Result<ListCard, Diagnostic> {
        const CARD: &str = "partials/exercise_card.html";
        const ITEM: &str = "partials/exercise_item.html";
        let has = |template: &str| self.theme.origins.contains_key(template);
        if !has(CARD) && !has(ITEM) {
            return Ok(ListCard::default());
        }
        let render = |template: &str, what: &str, ctx: &Context| {
            if !has(template) {
                return Ok(Arc::<str>::from(""));
            }
            let html = self.theme.tera.render(template, ctx).map_err(|e| {
                Diagnostic::error(
                    self.theme.origin(template),
                    format!(
                        "cannot render the {what} of {}: {}",
                        self.views.exercises[i].url,
                        crate::render::theme::error_chain(&e)
                    ),
                )
            })?;
            Ok(html.into())
        };
        let mut ctx = Context::new();
        ctx.insert("site", &self.site_value);
        ctx.insert("e", &self.views.exercises[i]);
        let card = render(CARD, "card", &ctx)?;
        ctx.insert("card", &*card);
        let item = render(ITEM, "index item", &ctx)?;
        Ok(ListCard { card, item })
    }
}

impl Renderer<'_> {
    /// A workout's card, and a warning when it cannot fit its page.
    pub(crate) fn card(&self, id: Id) -> (Arc<CardView<'static>>, Option<Diagnostic>) {
        let mut warning = None;
        let g = self.guide;
        let workout = self.views.workout_view(id, "", Vec::new());
        let permalink = g.config.absolute(&g.path_of(&Target::Workout(id)));
        let fit = fit(&workout, g.config.card_size);
        if !fit.fits {
            if let Some(src) = &g.workouts[id].meta.source {
                warning = Some(
                    Diagnostic::warning(&src.path, format!(
                        "the card for \"{}\" cannot fit on one {} page even in the smallest type: {} items are too many, so the printed card is cut off at the bottom",
                        g.workouts[id].meta.title,
                        g.config.card_size.name(),
                        workout.items.len()
                    ))
                    .with_hint("split the workout in two, shorten its notes, or set a larger `card_size` in site.yaml"),
                );
            }
        }
        let mut card = CardView {
            qr: qr_svg(&permalink),
            permalink,
            workout,
            fit,
            html: String::new(),
        };
        card.html = self.deck_card(&card);
        (Arc::new(card), warning)
    }

    /// A workout's card as the deck shows it: `partials/card.html` with `site`, `card` and
    /// `card_heading` "h2", rendered once per card so that the deck of a thousand is not
    /// rendered card by card again after every edit. Empty when the theme has no such partial,
    /// or when it needs more of the deck's context (the deck then includes it itself).
    pub(crate) fn deck_card(&self, card: &CardView) -> String {
        const TEMPLATE: &str = "partials/card.html";
        if !self.theme.origins.contains_key(TEMPLATE) {
            return String::new();
        }
        let mut ctx = Context::new();
        ctx.insert("site", &self.site_value);
        ctx.insert("card", card);
        ctx.insert("card_heading", "h2");
        match self.theme.tera.render(TEMPLATE, &ctx) {
            Ok(html) => html.into_boxed_str().into(),
            Err(_) => String::new(),
        }
    }
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
