//! The contexts templates receive: the contract between Spotter and a theme.
//!
//! Each template gets `site` ([`SiteCtx`]), `page` ([`PageCtx`]) and the variables the table
//! below names; shortcode templates get `site` but no `page`, as they render inside other pages.
//! Everything is built once per page from references into the guide: small views, never the
//! whole site. Strings are plain text and Tera escapes them; fields documented as
//! HTML (`body`, `chart`, `qr`, `json_ld`, a card's `html`) are already safe and are printed with `| safe`.
//!
//! | template | variables besides `site` and `page` |
//! |---|---|
//! | `index.html` | `intro` (HTML), `featured` [[`WorkoutRef`]], `workouts` [[`WorkoutRef`]], `posts` [[`PostRef`]] (newest 5), `muscles` [[`TermRef`]], `equipment` [[`TermRef`]], `pages` [[`LinkRef`]], `exercise_count` |
//! | `exercises.html` | `intro` (HTML), `exercises` [[`ExerciseItem`]], `muscles` [[`TermRef`]], `equipment` [[`TermRef`]], `levels` \[string\] |
//! | `exercise.html` | `exercise` [`ExerciseView`] |
//! | `muscles.html` | `intro` (HTML), `regions` [[`Region`]], `map` [`BodyMap`] (every listed muscle a link) |
//! | `muscle.html` | `term` [`TermView`], `primary` [[`ExerciseItem`]], `secondary` [[`ExerciseItem`]], `map` [`BodyMap`] (the clickable map, this muscle lit), `parent` [`TermLink`]?, `parts` [[`TermLink`]] |
//! | `equipment_list.html` | `intro` (HTML), `equipment` [[`TermRef`]] |
//! | `equipment.html` | `term` [`TermView`], `exercises` [[`ExerciseItem`]] |
//! | `workouts.html` | `intro` (HTML), `workouts` [[`WorkoutRef`]] |
//! | `workout.html` | `workout` [`WorkoutView`], `programs` [[`ProgramRef`]] (those that use it) |
//! | `card.html` | `card` [`CardView`] |
//! | `log.html` | `workout` [`WorkoutRef`], `log` [`LogView`] |
//! | `programs.html` | `intro` (HTML), `programs` [[`ProgramRef`]] |
//! | `program.html` | `program` [`ProgramView`] |
//! | `program_sheet.html` | `program` [`ProgramView`], `sheet` [`SizeCtx`] (the paper: `site.yaml` `sheet_size`) |
//! | `cards.html` | `cards` [[`CardView`]], `sheet` [`SheetCtx`] |
//! | `blog.html` | `intro` (HTML), `posts` [[`PostRef`]], `paginator` [`Paginator`] |
//! | `post.html` | `post` [`PostView`], `previous` [`PostRef`]?, `next` [`PostRef`]? (older, newer) |
//! | `tags.html` | `tags` [[`TagRef`]] |
//! | `tag.html` | `tag` [`TagRef`], `posts` [[`PostRef`]], `exercises` [[`ExerciseItem`]], `workouts` [[`WorkoutRef`]], `pages` [[`LinkRef`]] |
//! | `page.html` | `content` [`PageView`] |
//! | `404.html` | nothing more |
//! | `credits.html` | `credits` [[`CreditEntry`]]: every picture and clip of the guide's pages (rendered only when there is one) |
//! | `shortcodes/exercise.html` | `exercise` [`ExerciseView`] (its `body` is empty) |
//! | `shortcodes/workout.html` | `workout` [`WorkoutView`] (its `body` is empty) |
//! | `shortcodes/NAME.html` (a site's own) | `args` (the call's arguments by name) |
//! | `partials/exercise_card.html` | `e` [`ExerciseRef`]: rendered once per exercise, shown in lists as [`ExerciseItem::card`] |
//! | `partials/exercise_item.html` | `e` [`ExerciseRef`], `card` (HTML, its card): rendered once per exercise, shown in the exercise index as [`ExerciseItem::item`] |
//! | `partials/card.html` | `card` [`CardView`], `card_heading`: included by `card.html`; also rendered once per workout with `card_heading` "h2" as [`CardView::html`], which the deck shows |

use serde::Serialize;

pub use crate::render::media::{ImageCtx, OgImage, VideoCtx};
use crate::source::prescription::{Level, Prescription, Units};

/// The site, the same on every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteCtx {
    /// `site.yaml` title.
    pub title: String,
    /// `site.yaml` description.
    pub description: String,
    /// Absolute base URL, ending in `/`.
    pub base_url: String,
    /// Path prefix of every internal link, ending in `/` (`/` at a domain's root).
    pub base_path: String,
    /// Language code for `<html lang>`.
    pub language: String,
    /// Default author.
    pub author: Option<String>,
    /// Main navigation, in order.
    pub nav: Vec<LinkRef>,
    /// URL of the Atom feed.
    pub feed_url: String,
    /// URL of `/credits/`, when the guide has pictures or clips (and so that page).
    pub credits_url: Option<String>,
    /// URL of the theme's and site's static files (`{{ site.static_url }}style.css`).
    pub static_url: String,
    /// The card size (`A6`, `A5`, `4x6in`, `3x5in`) with its page size in millimetres.
    pub card_size: SizeCtx,
    /// `site.yaml`'s `logo:`, processed as any picture.
    pub logo: Option<ImageCtx>,
    /// The favicon: the logo's narrowest JPEG or PNG file.
    pub icon: Option<String>,
}

/// A paper size.
#[derive(Debug, Clone, Serialize)]
pub struct SizeCtx {
    /// As written in `site.yaml`.
    pub name: String,
    /// Width in millimetres.
    pub width_mm: f64,
    /// Height in millimetres.
    pub height_mm: f64,
}

/// The page being rendered.
#[derive(Debug, Clone, Serialize)]
pub struct PageCtx<'a> {
    /// `<title>` text (without the site's name).
    pub title: String,
    /// Meta description (the site's description when the page has none).
    pub description: String,
    /// Site-relative URL of this page (base path included).
    pub url: String,
    /// Absolute URL of this page, for `<link rel="canonical">`.
    pub permalink: String,
    /// What it is: `home`, `exercises`, `exercise`, `muscles`, `muscle`, `equipment_list`,
    /// `equipment`, `workouts`, `workout`, `card`, `cards`, `blog`, `post`, `tags`, `tag`,
    /// `page`, `404`, `credits`.
    pub kind: &'static str,
    /// schema.org JSON-LD for a `<script type="application/ld+json">` (HTML-safe), or empty.
    pub json_ld: String,
    /// The page's pictures (`images:`), its cover first.
    pub images: Vec<ImageCtx>,
    /// The page's clip (`video:`).
    pub video: Option<VideoCtx>,
    /// The picture the page is shared with (`og:image`): its cover, its clip's poster, or the
    /// site's logo.
    pub image: Option<OgImage>,
    /// The main navigation ([`SiteCtx::nav`]) as seen from this page.
    pub nav: Vec<NavLink<'a>>,
}

/// A link of the main navigation, as seen from one page.
#[derive(Debug, Clone, Serialize)]
pub struct NavLink<'a> {
    /// The section's title.
    pub title: &'a str,
    /// Its URL.
    pub url: &'a str,
    /// This page is the section's index.
    pub current: bool,
    /// This page is inside the section.
    pub active: bool,
}

/// A link to a page.
#[derive(Debug, Clone, Serialize)]
pub struct LinkRef {
    /// The page's title.
    pub title: String,
    /// Its URL.
    pub url: String,
    /// What it is: `exercise`, `workout`, `post`, `page`, `muscle`, `equipment`, `section`.
    pub kind: &'static str,
}

/// A muscle or piece of equipment in a list of them: the home page's, the indexes'.
#[derive(Debug, Clone, Serialize)]
pub struct TermRef {
    /// URL part and filter key.
    pub slug: String,
    /// Display name.
    pub title: String,
    /// Its page.
    pub url: String,
    /// One sentence.
    pub summary: Option<String>,
    /// Muscles: body region (`upper-back`, ...).
    pub region: Option<String>,
    /// Its title and other names, lowercased and space-separated (what the finder's text box
    /// matches an exercise's muscles and equipment by).
    pub names: String,
    /// How many exercises list it (primary or secondary for muscles).
    pub count: usize,
}

/// A muscle or piece of equipment as an exercise or a workout names it. It has no count:
/// a count changes with any exercise that lists the term or stops listing it, and keeping it
/// out of the pages that name the term keeps such an edit from reaching them all.
#[derive(Debug, Clone, Serialize)]
pub struct TermLink {
    /// URL part and filter key.
    pub slug: String,
    /// Display name.
    pub title: String,
    /// Its page.
    pub url: String,
    /// Muscles: the body region in words (`Upper back`).
    pub region: Option<String>,
}

/// Muscles grouped by body region, for `/muscles/`.
#[derive(Debug, Clone, Serialize)]
pub struct Region {
    /// The region's key (`upper-back`).
    pub slug: String,
    /// Display name (`Upper back`).
    pub title: String,
    /// Its muscles.
    pub muscles: Vec<TermRef>,
}

/// A muscle's or a piece of equipment's own page.
#[derive(Debug, Clone, Serialize)]
pub struct TermView<'a> {
    /// URL part.
    pub slug: String,
    /// Display name.
    pub title: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// One sentence.
    pub summary: Option<String>,
    /// Body region (muscles only).
    pub region: Option<String>,
    /// Description (HTML).
    pub body: &'a str,
    /// True for `/equipment/none/`.
    pub bodyweight: bool,
    /// Who wrote its text (a `content/` file's), and where it was taken from.
    pub credit: Option<CreditView>,
}

/// An exercise in a list, a ladder or a shortcode.
#[derive(Debug, Clone, Serialize)]
pub struct ExerciseRef {
    /// URL part.
    pub slug: String,
    /// Name.
    pub title: String,
    /// Its page.
    pub url: String,
    /// One sentence.
    pub summary: Option<String>,
    /// `beginner`, `intermediate`, `advanced`, or none.
    pub level: Option<Level>,
    /// The default prescription in words (`3 × 8–12`), if any.
    pub prescription: Option<String>,
    /// Names of its primary muscles (lists show names; the exercise's page links them).
    pub primary: Vec<String>,
    /// Names of its secondary muscles.
    pub secondary: Vec<String>,
    /// Names of its equipment; empty for bodyweight.
    pub equipment: Vec<String>,
    /// Other names.
    pub aliases: Vec<String>,
    /// Lowercased title and aliases, for the filter's text search (`data-text`).
    pub search_text: String,
    /// Space-separated slugs of every muscle it works and of the wholes they are parts of, for
    /// the filter's `data-muscles`.
    pub muscle_keys: String,
    /// Space-separated slugs of its equipment (`none` when bodyweight), for `data-equipment`.
    pub equipment_keys: String,
    /// Its cover (first picture), for lists, the finder and workout cards.
    pub thumbnail: Option<Box<ImageCtx>>,
}

/// An exercise in a long list (the index, a muscle's, a piece of equipment's or a tag's page):
/// its card, rendered once from `partials/exercise_card.html`, its item in the exercise index,
/// rendered once from `partials/exercise_item.html`, and what the filter needs.
#[derive(Debug, Clone, Serialize)]
pub struct ExerciseItem<'a> {
    /// URL part.
    pub slug: &'a str,
    /// Name.
    pub title: &'a str,
    /// Its page.
    pub url: &'a str,
    /// `beginner`, `intermediate`, `advanced`, or none.
    pub level: Option<Level>,
    /// The exercise's card (HTML), from `partials/exercise_card.html`; empty when the theme
    /// has no such partial.
    pub card: &'a str,
    /// The exercise as the exercise index lists it (HTML: the card, with what the filter
    /// reads), from `partials/exercise_item.html`; empty when the theme has no such partial,
    /// and in every list but the index.
    pub item: &'a str,
    /// For the filter's `data-text`.
    pub search_text: &'a str,
    /// For the filter's `data-muscles`.
    pub muscle_keys: &'a str,
    /// For the filter's `data-equipment`.
    pub equipment_keys: &'a str,
}

/// A step of an exercise's ladder: another exercise, easier or harder.
#[derive(Debug, Clone, Serialize)]
pub struct LadderStep<'a> {
    /// Name.
    pub title: &'a str,
    /// Its page.
    pub url: &'a str,
    /// Its level, if set.
    pub level: Option<Level>,
}

/// Who made a page's text, under which licence, and where it was taken from: its
/// `credit:` and `source:`, as the credit line under the body shows them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CreditView {
    /// Who made it.
    pub author: Option<String>,
    /// The licence's SPDX identifier, as written (`CC-BY-SA-4.0`).
    pub license: Option<String>,
    /// The licence's page at spdx.org, when `license` is written as an SPDX identifier.
    pub license_url: Option<String>,
    /// Where it was taken from, as written in `credit.source`: a URL or a few words.
    pub source: Option<String>,
    /// `source` when it is a web address, to link it.
    pub source_url: Option<String>,
    /// The data set an importer took the page from (`source.dataset`).
    pub dataset: Option<String>,
    /// The entry's id in that data set (`source.id`).
    pub dataset_id: Option<String>,
    /// The entry's address (`source.url`).
    pub dataset_url: Option<String>,
}

/// One prescription of an exercise.
#[derive(Debug, Clone, Serialize)]
pub struct PrescriptionView {
    /// Which level it is for, when the exercise has one per level.
    pub level: Option<Level>,
    /// In words: `3 × 8–12 per side`.
    pub summary: String,
    /// Sets.
    pub sets: u32,
    /// Reps in words (`8–12`, `30 s`, `max`).
    pub reps: String,
    /// Reps are per side.
    pub per_side: bool,
    /// Rest between sets in words.
    pub rest: Option<String>,
    /// The load in the site's units: `12 kg`, `27.5 lb`, `12 kg (27.5 lb)`, `RPE 8`, `70% 1RM`.
    pub load: Option<String>,
    /// Tempo as written.
    pub tempo: Option<String>,
    /// Note.
    pub note: Option<String>,
}

impl PrescriptionView {
    /// The view of one prescription, its load shown in `units`.
    pub fn of(p: &Prescription, units: Units) -> Self {
        PrescriptionView {
            level: p.level,
            summary: p.summary_in(units),
            sets: p.sets,
            reps: p.reps.to_string(),
            per_side: p.per_side,
            rest: p.rest.as_ref().map(ToString::to_string),
            load: p.load.map(|l| l.show(units)),
            tempo: p.tempo.clone(),
            note: p.note.clone(),
        }
    }
}

/// An exercise's own page.
#[derive(Debug, Clone, Serialize)]
pub struct ExerciseView<'a> {
    /// URL part.
    pub slug: &'a str,
    /// Name.
    pub title: &'a str,
    /// Its page.
    pub url: &'a str,
    /// One sentence.
    pub summary: Option<&'a str>,
    /// `beginner`, `intermediate`, `advanced`, or none.
    pub level: Option<Level>,
    /// Other names.
    pub aliases: &'a [String],
    /// The default prescription in words (`3 × 8–12`), if any.
    pub prescription: Option<&'a str>,
    /// Primary muscles, linked.
    pub primary: Vec<TermLink>,
    /// Secondary muscles, linked.
    pub secondary: Vec<TermLink>,
    /// Equipment, linked; empty for bodyweight.
    pub equipment: Vec<TermLink>,
    /// Instructions (HTML).
    pub body: &'a str,
    /// One prescription, or one per level.
    pub prescriptions: Vec<PrescriptionView>,
    /// The body map: its primary and secondary muscles lit.
    pub regions: BodyMap,
    /// Easier variants.
    pub easier: Vec<LadderStep<'a>>,
    /// Harder variants.
    pub harder: Vec<LadderStep<'a>>,
    /// Variants without an order, named on either side (`variations:`).
    pub variations: Vec<LadderStep<'a>>,
    /// Workouts that use it.
    pub workouts: Vec<WorkoutRef>,
    /// Other exercises for its primary muscles, best first (at most six).
    pub substitutes: Vec<SubstituteView<'a>>,
    /// Posts and pages that link to it or embed it.
    pub mentioned_in: Vec<LinkRef>,
    /// Its tags.
    pub tags: Vec<TagLink>,
    /// Who wrote its text, and where it was taken from; `None` when its file says neither.
    pub credit: Option<CreditView>,
}

/// Another exercise that works an exercise's primary muscles, and why it is a substitute.
#[derive(Debug, Clone, Serialize)]
pub struct SubstituteView<'a> {
    /// Name.
    pub title: &'a str,
    /// Its page.
    pub url: &'a str,
    /// Its level, if set.
    pub level: Option<Level>,
    /// Why, in one sentence: `Works the rhomboids and trapezius too; needs a resistance band
    /// instead of dumbbells.`
    pub reason: String,
    /// Space-separated slugs of all its equipment (`none` when bodyweight), as the
    /// exercise filter's `data-equipment` has them: the page's script puts first the
    /// substitutes the reader has the equipment for.
    pub equipment_keys: &'a str,
}

/// What a body map draws: the muscles it lights, each as the regions of the drawing it
/// outlines (`partials/bodymap.html` draws each region with `<use href="…bodymap.svg#r-REGION">`
/// over the whole figure, `#figure`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct BodyMap {
    /// The muscles lit, in the order to draw them (what lies on top last).
    pub muscles: Vec<MapMuscle>,
    /// The primary muscles drawn, in words (`Rhomboids, Middle trapezius`); empty if none.
    pub primary_names: String,
    /// The secondary muscles drawn, in words; one whose area lies inside a primary one's says
    /// so (`Trapezius (inside a primary area)`); empty if none.
    pub secondary_names: String,
    /// The muscles named that the map does not draw (`map: none`), in words; empty if none.
    pub undrawn_names: String,
    /// One sentence saying what it shows, for a text alternative.
    pub description: String,
    /// On a workout's map: the most sets any muscle gets (shades run up to it); else 0.
    pub most_sets: u32,
}

/// A muscle lit on a body map.
#[derive(Debug, Clone, Serialize)]
pub struct MapMuscle {
    /// URL part.
    pub slug: String,
    /// Display name.
    pub title: String,
    /// Its page, if it has one: the regions link to it.
    pub url: Option<String>,
    /// `primary` (solid), `secondary` (hatched), `current` (the muscle of the page shown),
    /// or `link` (the clickable map of `/muscles/`: drawn plain, lit on hover and focus).
    pub role: &'static str,
    /// The regions it outlines (`rhomboids`, `lower-trapezius`), each an element `r-REGION`
    /// of the drawing.
    pub regions: Vec<&'static str>,
    /// Its accessible name: its title, with its role or its sets (`Rhomboids, primary`).
    pub label: String,
    /// On a workout's map: its sets over all rounds, and its shade from 1 (fewest) to 4.
    pub sets: u32,
    /// See `sets`; 0 elsewhere.
    pub shade: u32,
}

/// A workout in a list.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WorkoutRef {
    /// URL part.
    pub slug: String,
    /// Name.
    pub title: String,
    /// Its page.
    pub url: String,
    /// Its printable card.
    pub card_url: String,
    /// Its printable log sheet (`/cards/SLUG/log/`).
    pub log_url: String,
    /// One sentence.
    pub summary: Option<String>,
    /// Who it is for.
    pub level: Option<Level>,
    /// Rounds.
    pub rounds: u32,
    /// How many exercise items.
    pub exercise_count: usize,
    /// As written (`5 days a week`).
    pub schedule: Option<String>,
    /// Its estimated time in words, to the minute: `about 6 min` (see `src/render/plan.rs`).
    pub duration: String,
    /// Its estimated time in whole minutes, at least 1.
    pub minutes: u32,
}

/// One line of a workout.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    /// `exercise` or `rest`.
    pub kind: &'static str,
    /// The exercise (for `exercise` items).
    pub exercise: Option<ExerciseRef>,
    /// The prescription in words: `2 × 10 per side`, `30 s hold`, `10` (for `rest`: `30 s`).
    pub prescription: String,
    /// Sets per round.
    pub sets: u32,
    /// Reps in words.
    pub reps: Option<String>,
    /// Hold in words.
    pub hold: Option<String>,
    /// Per side.
    pub per_side: bool,
    /// The load in the site's units (`12 kg`, `RPE 8`): the item's, or its exercise's when the
    /// item plays the exercise's own prescription. Not part of `prescription`.
    pub load: Option<String>,
    /// Coaching note.
    pub note: Option<String>,
    /// Rest length in words (for `rest` items).
    pub rest: Option<String>,
    /// The rest between its sets in words, when it has more than one and its exercise's
    /// prescription (for the workout's level) gives one (`sets: {rest: 40s}`).
    pub rest_between_sets: Option<String>,
}

/// Sets a workout gives one muscle.
#[derive(Debug, Clone, Serialize)]
pub struct MuscleLoadView {
    /// The muscle.
    pub muscle: TermLink,
    /// Sets as a primary mover.
    pub primary_sets: u32,
    /// Sets as a helper.
    pub secondary_sets: u32,
}

/// A workout's own page (and the `workout` shortcode).
#[derive(Debug, Clone, Default, Serialize)]
pub struct WorkoutView<'a> {
    /// Everything a list shows.
    #[serde(flatten)]
    pub summary_ref: WorkoutRef,
    /// Rest between rounds in words.
    pub rest_between_rounds: Option<String>,
    /// The items in order.
    pub items: Vec<ItemView>,
    /// The follow-along player's steps as JSON (HTML-safe: no `<`), for a
    /// `<script type="application/json">` element; see `src/render/plan.rs`.
    pub player: String,
    /// Its estimated time as an ISO 8601 duration to the minute (`PT6M`), for `<time datetime>`.
    pub duration_iso: String,
    /// Equipment needed; empty for bodyweight only.
    pub equipment: Vec<TermLink>,
    /// Muscles worked, most sets first.
    pub muscles: Vec<MuscleLoadView>,
    /// The set count per muscle as an accessible inline SVG bar chart (HTML).
    pub chart: String,
    /// The body map, each muscle shaded by its sets.
    pub regions: BodyMap,
    /// Description (HTML).
    pub body: &'a str,
    /// Posts and pages that link to it or embed it.
    pub mentioned_in: Vec<LinkRef>,
    /// Its tags.
    pub tags: Vec<TagLink>,
    /// Who wrote its text, and where it was taken from.
    pub credit: Option<CreditView>,
}

/// A printable card.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CardView<'a> {
    /// The workout.
    pub workout: WorkoutView<'a>,
    /// Absolute URL of the workout's page (what the QR code opens).
    pub permalink: String,
    /// The QR code as inline SVG (HTML).
    pub qr: String,
    /// How the card fits its page: font scale and columns.
    pub fit: Fit,
    /// The card as the deck shows it (HTML): `partials/card.html` rendered once with `site`,
    /// `card` and `card_heading` "h2". Empty when the theme has no such partial or it needs
    /// more than these; the deck then includes the partial itself.
    pub html: String,
}

/// How a card's content is laid out to stay on one page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Fit {
    /// Multiplier for the card's base font size (1.0, down to the smallest legible).
    pub scale: f64,
    /// Item list columns (1 or 2).
    pub columns: u32,
    /// False when even the smallest layout overflows (the build says so).
    pub fits: bool,
}

/// The sheet the deck is printed on.
#[derive(Debug, Clone, Serialize)]
pub struct SheetCtx {
    /// Paper size.
    pub size: SizeCtx,
    /// Cards across.
    pub columns: u32,
    /// Cards down.
    pub rows: u32,
    /// Cards per sheet.
    pub per_sheet: u32,
    /// The cards, grouped by sheet.
    pub sheets: Vec<Vec<usize>>,
}

/// A post in a list.
#[derive(Debug, Clone, Serialize)]
pub struct PostRef {
    /// URL part.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Its page.
    pub url: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `1 May 2024`.
    pub date_long: String,
    /// One or two sentences.
    pub summary: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Tags.
    pub tags: Vec<TagLink>,
}

/// A post's own page.
#[derive(Debug, Clone, Serialize)]
pub struct PostView<'a> {
    /// Everything a list shows.
    #[serde(flatten)]
    pub summary_ref: PostRef,
    /// `YYYY-MM-DD` of the last change.
    pub updated: Option<String>,
    /// The post (HTML).
    pub body: &'a str,
    /// Who wrote its text, and where it was taken from.
    pub credit: Option<CreditView>,
}

/// Pagination of `/blog/`.
#[derive(Debug, Clone, Serialize)]
pub struct Paginator {
    /// 1-based.
    pub current: usize,
    /// Number of pages.
    pub total: usize,
    /// Newer posts' page.
    pub previous_url: Option<String>,
    /// Older posts' page.
    pub next_url: Option<String>,
}

/// A tag as a page that carries it links to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagLink {
    /// As written.
    pub name: String,
    /// URL part.
    pub slug: String,
    /// Its page.
    pub url: String,
}

/// A tag with how many things carry it, for the tag index and the tag's own page. Pages that
/// carry a tag get a [`TagLink`] instead: a tag's count changes with any entry it is added to
/// or taken from, and keeping it out of those pages keeps that edit from reaching them all.
#[derive(Debug, Clone, Serialize)]
pub struct TagRef {
    /// As written.
    pub name: String,
    /// URL part.
    pub slug: String,
    /// Its page.
    pub url: String,
    /// How many things carry it.
    pub count: usize,
}

impl TagRef {
    /// The tag as the pages that carry it show it.
    pub fn link(&self) -> TagLink {
        TagLink {
            name: self.name.clone(),
            slug: self.slug.clone(),
            url: self.url.clone(),
        }
    }
}

/// A standalone page.
#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: Option<String>,
    /// Body (HTML).
    pub body: &'a str,
    /// Its tags.
    pub tags: Vec<TagLink>,
    /// Who wrote its text, and where it was taken from.
    pub credit: Option<CreditView>,
}

/// A program in a list.
#[derive(Debug, Clone, Serialize)]
pub struct ProgramRef {
    /// URL part.
    pub slug: String,
    /// Name.
    pub title: String,
    /// Its page.
    pub url: String,
    /// Its printable sheet (`/programs/SLUG/sheet/`).
    pub sheet_url: String,
    /// One sentence.
    pub summary: Option<String>,
    /// Who it is for.
    pub level: Option<Level>,
    /// How many weeks.
    pub week_count: usize,
    /// Training days (not rest days) over all weeks.
    pub session_count: usize,
}

/// A program's own page and its sheet.
#[derive(Debug, Clone, Serialize)]
pub struct ProgramView<'a> {
    /// Everything a list shows.
    #[serde(flatten)]
    pub summary_ref: ProgramRef,
    /// The weeks in order.
    pub weeks: Vec<WeekView>,
    /// The most days any week has: the grid's columns.
    pub day_count: usize,
    /// Every workout it uses, in order of first use.
    pub workouts: Vec<WorkoutRef>,
    /// Equipment its workouts need, in order of first use; empty for bodyweight only.
    pub equipment: Vec<TermLink>,
    /// Sets each muscle gets in an average week (primary and helping sets together, rounded),
    /// most first: a plain list for a chart or a body map.
    pub weekly_sets: Vec<WeeklySets>,
    /// The same per week, for a table: one row per muscle, in the order of `weekly_sets`.
    pub sets_by_week: Vec<SetsRow>,
    /// The body map of an average week: each muscle lit by its sets, darker for more.
    pub regions: BodyMap,
    /// Description (HTML).
    pub body: &'a str,
    /// Posts and pages that link to it.
    pub mentioned_in: Vec<LinkRef>,
    /// Its tags.
    pub tags: Vec<TagLink>,
    /// Who wrote its text, and where it was taken from.
    pub credit: Option<CreditView>,
}

/// One week of a program.
#[derive(Debug, Clone, Serialize)]
pub struct WeekView {
    /// 1-based.
    pub number: usize,
    /// What to change this week.
    pub note: Option<String>,
    /// The week (1-based) it repeats, when written `same: N`.
    pub same_as: Option<usize>,
    /// Its days in order.
    pub days: Vec<DayView>,
}

/// One day of a program's week.
#[derive(Debug, Clone, Serialize)]
pub struct DayView {
    /// 1-based, within the week.
    pub number: usize,
    /// `workout` or `rest`.
    pub kind: &'static str,
    /// The workout (for `workout` days).
    pub workout: Option<WorkoutRef>,
    /// What to do differently that day.
    pub note: Option<String>,
}

/// Sets a muscle gets in a week.
#[derive(Debug, Clone, Serialize)]
pub struct WeeklySets {
    /// The muscle.
    pub muscle: TermLink,
    /// Sets.
    pub sets: u32,
}

/// One muscle's sets, week by week.
#[derive(Debug, Clone, Serialize)]
pub struct SetsRow {
    /// The muscle.
    pub muscle: TermLink,
    /// Sets in each week (primary and helping), in week order.
    pub weeks: Vec<u32>,
    /// Of those, the sets where it is a primary mover.
    pub primary: Vec<u32>,
}

/// A workout's log sheet: a row per set, with boxes for load and reps for several sessions.
#[derive(Debug, Clone, Serialize)]
pub struct LogView {
    /// The rest between rounds in words.
    pub rest_between_rounds: Option<String>,
    /// The absolute URL of the workout's page.
    pub permalink: String,
    /// Sessions the sheet has room for: the boxes across.
    pub sessions: u32,
    /// Each exercise item, in order, with one entry per set over all rounds.
    pub rows: Vec<LogRow>,
    /// Rows of boxes in all (one per set).
    pub set_count: u32,
    /// The paper it prints on (`site.yaml` `sheet_size`).
    pub size: SizeCtx,
}

/// One exercise of a log sheet.
#[derive(Debug, Clone, Serialize)]
pub struct LogRow {
    /// The exercise's name.
    pub title: String,
    /// Its prescription in words.
    pub prescription: String,
    /// Its note.
    pub note: Option<String>,
    /// The round each of its sets is in (1-based): one box row each.
    pub sets: Vec<LogSet>,
}

/// One set's row of boxes.
#[derive(Debug, Clone, Serialize)]
pub struct LogSet {
    /// The round (1-based).
    pub round: u32,
    /// The set within the round (1-based).
    pub set: u32,
}
