//! `spotter schema`: JSON Schemas (draft-07) of the front matter of each kind of page and of
//! `site.yaml`, for editors that check YAML as it is typed (the YAML language server's
//! `# yaml-language-server: $schema=...`, for one).
//!
//! The schemas are written by hand to mirror [`crate::source::front_matter`] and
//! [`crate::config`] key for key; the tests below compare them with the structs, so a key added
//! to one and not the other fails the build. Each kind's schema stands alone (no `$ref`);
//! `spotter schema` with no kind prints their union, [`any_page`], which an editor can use for
//! every content file at once.
//!
//! A schema is an editor's aid, not the judge: `spotter check` is. Where a regular expression
//! cannot say what Spotter checks, the schema accepts a little more than Spotter does:
//!
//! - a range of reps (`8-12`) is not checked to go from fewer to more, and a hold of reps may be
//!   `0s` (Spotter wants at least one second);
//! - numbers are not checked for overflow, dates not for the length of their month, and a list of
//!   prescriptions per level not for a level given twice;
//! - a slug may hold any non-ASCII character, where Spotter takes only lowercase letters and
//!   digits;
//! - `region` takes any text (Spotter warns about a near miss of a known region).
//!
//! And a little less, where Spotter is lenient about spelling: a level must be written in
//! lowercase (Spotter also reads `Beginner`), a card or sheet size as listed, `title` may not be
//! left empty on a muscle or equipment file (Spotter reads an empty title there as none), and a
//! rest item may not say `per_side: false`. A key left empty (YAML null) is accepted wherever
//! Spotter reads it as absent without complaint.

use std::fmt;
use std::str::FromStr;

use serde_json::{json, Map, Value};

use crate::config::SiteConfig;
use crate::source::front_matter::{LINE_MAX, NOTE_MAX, SUMMARY_MAX};

/// The JSON Schema dialect of every schema here: draft-07, the newest the YAML language server
/// (behind VS Code's, Neovim's, Helix's and Zed's YAML support) fully supports; it warns that
/// a 2020-12 schema is "not yet fully supported". The schemas use nothing newer.
pub const DIALECT: &str = "http://json-schema.org/draft-07/schema#";

/// What a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `content/exercises/**.md`.
    Exercise,
    /// `content/workouts/**.md`.
    Workout,
    /// `content/programs/*.md`.
    Program,
    /// `content/blog/*.md`.
    Post,
    /// Any other page, e.g. `content/about.md`.
    Page,
    /// `content/_index.md` and the sections' `_index.md`: a page whose title is optional.
    Section,
    /// `content/muscles/*.md`.
    Muscle,
    /// `content/equipment/*.md`.
    Equipment,
    /// `site.yaml`.
    Site,
}

impl Kind {
    /// Every kind, in the order of the combined output.
    pub const ALL: [Kind; 9] = [
        Kind::Exercise,
        Kind::Workout,
        Kind::Program,
        Kind::Post,
        Kind::Page,
        Kind::Section,
        Kind::Muscle,
        Kind::Equipment,
        Kind::Site,
    ];

    /// The name on the command line and in the combined output.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Exercise => "exercise",
            Kind::Workout => "workout",
            Kind::Program => "program",
            Kind::Post => "post",
            Kind::Page => "page",
            Kind::Section => "section",
            Kind::Muscle => "muscle",
            Kind::Equipment => "equipment",
            Kind::Site => "site",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Kind, String> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
                format!("unknown kind \"{s}\": expected one of {}", names.join(", "))
            })
    }
}

/// The schema of one kind.
pub fn schema(kind: Kind) -> Value {
    match kind {
        Kind::Exercise => page(
            "Spotter exercise",
            "The front matter of an exercise: a file under content/exercises/.",
            &["title", "muscles"],
            exercise_properties(),
        ),
        Kind::Workout => page(
            "Spotter workout",
            "The front matter of a workout: a file under content/workouts/. The equipment it needs and the muscles it works are derived from its exercises.",
            &["title", "exercises"],
            workout_properties(),
        ),
        Kind::Program => page(
            "Spotter program",
            "The front matter of a program: a file under content/programs/, weeks of days, each day a workout or a rest.",
            &["title", "weeks"],
            super::program_schema::program_properties(),
        ),
        Kind::Post => page(
            "Spotter blog post",
            "The front matter of a post: a file under content/blog/. Its date is `date`, or the YYYY-MM-DD- prefix of its file name.",
            &["title"],
            post_properties(),
        ),
        Kind::Page => page(
            "Spotter page",
            "The front matter of any other page, e.g. content/about.md, published at /about/.",
            &["title"],
            Map::new(),
        ),
        Kind::Section => page(
            "Spotter home page or section introduction",
            "The front matter of content/_index.md (the home page, titled after site.yaml unless it says otherwise) or of content/exercises/_index.md and the like (the text above an index).",
            &[],
            Map::new(),
        ),
        Kind::Muscle => page(
            "Spotter muscle",
            "The front matter of a file under content/muscles/: it adds to, or overrides, the built-in muscle of the same slug, or adds a new muscle (which then needs a title).",
            &[],
            muscle_properties(),
        ),
        Kind::Equipment => page(
            "Spotter equipment",
            "The front matter of a file under content/equipment/: it adds to, or overrides, the built-in piece of equipment of the same slug, or adds a new one (which then needs a title).",
            &[],
            equipment_properties(),
        ),
        Kind::Site => site(),
    }
}

/// The front matter of any page: one schema an editor can use as it is.
///
/// Which kind a file is follows from its path, and JSON Schema cannot look at the path, so this
/// is the union of the kinds (`anyOf`, as a `title` alone fits several): a document passes when
/// it is the front matter of some kind. Each kind's schema closes its keys, so a key of one kind
/// next to a key of another still fails. The kinds' schemas are under `definitions`, by name.
pub fn any_page() -> Value {
    let pages = Kind::ALL.into_iter().filter(|&k| k != Kind::Site);
    let defs: Map<String, Value> = pages
        .clone()
        .map(|k| {
            let mut one = schema(k);
            // `$schema` belongs at the root of a schema, not in `definitions`.
            if let Some(map) = one.as_object_mut() {
                map.remove("$schema");
            }
            (k.name().to_string(), one)
        })
        .collect();
    let any_of: Vec<Value> = pages
        .map(|k| json!({ "$ref": format!("#/definitions/{}", k.name()) }))
        .collect();
    json!({
        "$schema": DIALECT,
        "title": "Spotter front matter",
        "description": "The front matter of any Spotter page: an exercise, workout, post, page, home page or section introduction, muscle or piece of equipment. A document passes when it is the front matter of one of them; `spotter schema --kind KIND` prints the schema of one kind, which checks more closely.",
        "anyOf": any_of,
        "definitions": defs,
    })
}

/// What `spotter schema` prints: one kind's schema, or by default the front matter of any
/// page ([`any_page`]).
pub fn to_json(kind: Option<Kind>) -> String {
    let value = kind.map_or_else(any_page, schema);
    // A `Value` always serialises.
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Patterns. JSON Schema patterns are ECMA-262 regular expressions without flags, so a word that
// Spotter reads in any case is spelled out letter by letter (`[mM][aA][xX]`).

/// `pattern` with every ASCII letter matched in either case. Only for patterns without escapes.
fn any_case(pattern: &str) -> String {
    pattern
        .chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A whole number of at least 1, leading zeros allowed as Spotter allows them.
const AT_LEAST_ONE: &str = r"0*[1-9]\d*";

/// A time with units or a colon, not a bare number: `30s`, `1min`, `1m30s`, `1:30`.
fn hold_pattern() -> String {
    let minutes = any_case("m(?:in(?:s|utes?)?)?");
    let seconds = any_case("s(?:ec(?:s|onds?)?)?");
    format!(r"\d+\s*:\s*[0-5]\d|\d+\s*{minutes}(?:\s*0*[0-5]?\d(?:\s*{seconds})?)?|\d+\s*{seconds}")
}

/// A duration written as text (see [`crate::source::prescription::Seconds`]).
fn duration_pattern() -> String {
    format!(r"^\s*(?:\d+|{})\s*$", hold_pattern())
}

/// Reps without anchors: a count, a range, a hold or max.
fn reps_core() -> String {
    format!(
        r"{}|{}|{AT_LEAST_ONE}|{AT_LEAST_ONE}\s*[-–—]\s*\d+|{}",
        any_case("max"),
        any_case("amrap"),
        hold_pattern()
    )
}

/// Reps written as text (see [`crate::source::prescription::Reps`]).
fn reps_pattern() -> String {
    format!(r"^\s*(?:{})\s*$", reps_core())
}

/// The `sets` shorthand `SETSxREPS[ reps][ per side]` (see
/// [`crate::source::prescription::Prescription`]'s `FromStr`).
fn shorthand_pattern() -> String {
    let side = format!(
        r"\s+(?:{})|\s*/(?:{})",
        any_case("per (?:side|arm|leg|hand)|each (?:side|arm|leg)"),
        any_case("side|arm|leg")
    );
    format!(
        r"^\s*{AT_LEAST_ONE}\s*[xX×]\s*(?:{})(?:\s* {})?(?:{side})?\s*$",
        reps_core(),
        any_case("reps?")
    )
}

/// A tempo: 3 or 4 parts, each up to two digits or `x`, joined by `-`.
const TEMPO: &str = r"^\s*(?:\d{1,2}|[xX])(?:-(?:\d{1,2}|[xX])){2,3}\s*$";

/// A date, `YYYY-MM-DD`.
const DATE: &str = r"^\s*\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\s*$";

/// A slug: lowercase ASCII letters and digits, or any non-ASCII character, in runs joined by
/// single hyphens. (ASCII punctuation, uppercase and whitespace are out.)
const SLUG: &str = r"^[^\x00-\x2F\x3A-\x60\x7B-\x7F\s]+(?:-[^\x00-\x2F\x3A-\x60\x7B-\x7F\s]+)*$";

/// The largest number Spotter keeps (a `u32`).
const MAX_U32: u64 = u32::MAX as u64;

// ---------------------------------------------------------------------------------------------
// Building blocks

/// `schema` with a description and examples.
pub(super) fn describe(mut schema: Value, description: &str, examples: Value) -> Value {
    schema["description"] = description.into();
    schema["examples"] = examples;
    schema
}

/// `schema` that also takes YAML null (an empty value), which Spotter reads as absent.
pub(super) fn or_null(mut schema: Value) -> Value {
    if let Some(list) = schema.get_mut("enum").and_then(Value::as_array_mut) {
        list.push(Value::Null);
    } else if let Some(list) = schema.get_mut("oneOf").and_then(Value::as_array_mut) {
        list.push(json!({ "type": "null" }));
    } else if let Some(t) = schema.get("type").and_then(Value::as_str) {
        schema["type"] = json!([t, "null"]);
    }
    schema
}

/// Text of at most `max` characters (the limits of [`crate::source::front_matter`]).
pub(super) fn text(description: &str, example: &str, max: usize) -> Value {
    or_null(describe(
        json!({ "type": "string", "maxLength": max }),
        description,
        json!([example]),
    ))
}

/// A name or a list of names (the `one_or_many` keys of [`crate::source::front_matter`]).
fn names(description: &str, examples: Value) -> Value {
    or_null(names_required(description, examples))
}

fn names_required(description: &str, examples: Value) -> Value {
    describe(
        json!({ "oneOf": [
            { "type": "string", "maxLength": LINE_MAX },
            { "type": "array", "items": { "type": "string", "maxLength": LINE_MAX } },
        ] }),
        description,
        examples,
    )
}

pub(super) fn level(description: &str) -> Value {
    describe(
        json!({ "enum": ["beginner", "intermediate", "advanced"] }),
        description,
        json!(["beginner"]),
    )
}

/// A load: a weight in kg or lb, an RPE or a share of the one-rep maximum. The pattern does not
/// check ranges (an RPE up to 10, a share up to 100%, a weight up to 1000).
const LOAD: &str = r"^\s*(\d+([.,]\d{1,2})?\s*([kK]([gG][sS]?|[iI][lL][oO]([gG][rR][aA][mM])?[sS]?)|[lL][bB][sS]?|[pP][oO][uU][nN][dD][sS]?)|[rR][pP][eE]\s*\d+(\.\d)?|\d+\s*%)\s*$";

fn load(description: &str) -> Value {
    describe(
        json!({ "type": "string", "pattern": LOAD }),
        description,
        json!(["12kg", "25lb", "RPE 8", "70%"]),
    )
}

fn duration(description: &str, example: &str) -> Value {
    describe(
        json!({ "oneOf": [
            { "type": "integer", "minimum": 0, "maximum": MAX_U32, "description": "Seconds." },
            {
                "type": "string",
                "pattern": duration_pattern(),
                "description": "A time such as 30s, 45 sec, 1min, 1m30s or 1:30, or a number of seconds.",
            },
        ] }),
        description,
        json!([example]),
    )
}

fn reps(description: &str) -> Value {
    describe(
        json!({ "oneOf": [
            { "type": "integer", "minimum": 1, "maximum": MAX_U32, "description": "A count of reps." },
            {
                "type": "string",
                "pattern": reps_pattern(),
                "description": "A count (10), a range (8-12), a hold (30s, 1min, 1m30s) or max (also AMRAP).",
            },
        ] }),
        description,
        json!(["8-12", 10, "30s", "max"]),
    )
}

pub(super) fn count(description: &str, example: u64) -> Value {
    describe(
        json!({ "type": "integer", "minimum": 1, "maximum": MAX_U32 }),
        description,
        json!([example]),
    )
}

fn flag(description: &str, example: bool) -> Value {
    describe(json!({ "type": "boolean" }), description, json!([example]))
}

fn date(description: &str) -> Value {
    or_null(describe(
        json!({ "type": "string", "pattern": DATE }),
        description,
        json!(["2024-05-01"]),
    ))
}

/// A page's schema: the keys every page has, then `own`.
fn page(title: &str, description: &str, required: &[&str], own: Map<String, Value>) -> Value {
    let mut properties = common_properties(required.contains(&"title"));
    properties.extend(own);
    json!({
        "$schema": DIALECT,
        "title": format!("{title} front matter"),
        "description": description,
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

pub(super) fn object(pairs: Vec<(&str, Value)>) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

// ---------------------------------------------------------------------------------------------
// The kinds

fn common_properties(title_required: bool) -> Map<String, Value> {
    let title = describe(
        json!({ "type": "string", "pattern": r"\S", "maxLength": LINE_MAX }),
        if title_required {
            "The title: the page's heading and the name it is listed under."
        } else {
            "The title: the page's heading and the name it is listed under (optional here)."
        },
        json!(["Band Pull-Apart"]),
    );
    object(vec![
        ("title", title),
        (
            "slug",
            or_null(describe(
                json!({ "type": "string", "pattern": SLUG, "maxLength": LINE_MAX }),
                "Replaces the slug taken from the file name (the last part of the page's URL): lowercase letters, digits and single hyphens.",
                json!(["band-pull-apart"]),
            )),
        ),
        (
            "summary",
            text(
                "One or two sentences, shown in lists and in the page's meta description.",
                "A quick band drill for the muscles between the shoulder blades.",
                SUMMARY_MAX,
            ),
        ),
        (
            "tags",
            names(
                "Free-form tags, one or a list; each has a page under /tags/.",
                json!([["band", "posture"], "home"]),
            ),
        ),
        (
            "weight",
            or_null(describe(
                json!({ "type": "integer" }),
                "Orders pages in lists, lowest first; pages of equal weight are ordered by title.",
                json!([10]),
            )),
        ),
        (
            "draft",
            flag(
                "Keeps the page out of a build unless `--drafts` is given.",
                true,
            ),
        ),
        (
            "redirect_from",
            names(
                "Old URLs of the page (site paths such as /exercises/old-name/), one or a list; each redirects here.",
                json!([["/exercises/old-name/"], "/old-name/"]),
            ),
        ),
        ("credit", or_null(credit("Who wrote the page's text, under which licence, and where it was taken from; shown under the body and on /credits/."))),
        ("source", or_null(origin())),
        ("images", images()),
        ("video", video()),
    ])
}

/// A mapping of optional one-line values, closed.
fn closed_mapping(fields: &[(&str, &str, Value)], description: &str, example: Value) -> Value {
    let properties: Map<String, Value> = fields
        .iter()
        .map(|(k, d, e)| {
            (
                k.to_string(),
                text(d, e.as_str().unwrap_or_default(), LINE_MAX),
            )
        })
        .collect();
    describe(
        json!({ "type": "object", "additionalProperties": false, "properties": properties }),
        description,
        json!([example]),
    )
}

/// `credit` (the shape of [`crate::source::front_matter::Credit`]), described as `what`
/// (a page's text, a picture, a clip) takes it.
fn credit(what: &str) -> Value {
    closed_mapping(
        &[
            ("author", "Who made it.", json!("Ana Ruiz")),
            (
                "license",
                "Its licence, as an SPDX identifier (CC-BY-SA-4.0, CC0-1.0, MIT).",
                json!("CC-BY-SA-4.0"),
            ),
            (
                "source",
                "Where it was taken from: a URL or a few words.",
                json!("https://example.org/p/12"),
            ),
        ],
        what,
        json!({ "author": "Ana Ruiz", "license": "CC-BY-SA-4.0", "source": "https://example.org/p/12" }),
    )
}

/// `source`: where an importer took a page from.
fn origin() -> Value {
    let mut schema = closed_mapping(
        &[
            ("dataset", "The data set's name.", json!("wger")),
            ("id", "The entry's id in the data set.", json!("111")),
            (
                "url",
                "The entry's address on the web.",
                json!("https://wger.de/exercise/111/view-base"),
            ),
            (
                "hash",
                "Written by `spotter import`: a digest of the file it wrote, so that a later import keeps the file once edited. Leave it as it is.",
                json!("4f2a9c0d1b3e5a77"),
            ),
        ],
        "Where an importer took the page from: the data set, the entry's id and address.",
        json!({ "dataset": "wger", "id": "111", "url": "https://wger.de/exercise/111/view-base" }),
    );
    // An id may also be written as a whole number.
    schema["properties"]["id"] = or_null(describe(
        json!({ "oneOf": [
            { "type": "string", "maxLength": LINE_MAX },
            { "type": "integer" },
        ] }),
        "The entry's id in the data set: a string or a whole number.",
        json!(["111", 111]),
    ));
    schema
}

/// `images:`, a list of pictures.
fn images() -> Value {
    or_null(describe(
        json!({
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["src", "alt"],
                "properties": {
                    "src": describe(
                        json!({ "type": "string", "minLength": 1, "maxLength": LINE_MAX }),
                        "The picture's file (JPEG, PNG, WebP or GIF): beside the page's file, or /NAME under static/.",
                        json!(["start.jpg", "/photos/start.jpg"]),
                    ),
                    "alt": describe(
                        json!({ "type": "string", "pattern": r"\S", "maxLength": SUMMARY_MAX }),
                        "What the picture shows, for readers who cannot see it; required, never empty.",
                        json!(["Arms straight ahead, band at chest height"]),
                    ),
                    "caption": text("A line shown under the picture.", "Start position", SUMMARY_MAX),
                    "credit": or_null(credit("Who made the picture, under which licence, and where it was taken from; shown in its caption and on /credits/.")),
                },
            },
        }),
        "Pictures of the page, resized and encoded at build time; the first is its cover (its picture in lists and when shared).",
        json!([[{ "src": "start.jpg", "alt": "Arms straight ahead, band at chest height" }]]),
    ))
}

/// `video:`, a URL or file alone, or a mapping.
fn video() -> Value {
    let src = describe(
        json!({ "type": "string", "minLength": 1, "maxLength": LINE_MAX }),
        "A YouTube or Vimeo URL, or a .mp4 or .webm file beside the page (or /NAME under static/).",
        json!(["https://www.youtube.com/watch?v=ID", "pull-apart.mp4"]),
    );
    or_null(describe(
        json!({ "oneOf": [
            src.clone(),
            {
                "type": "object",
                "additionalProperties": false,
                "required": ["src"],
                "properties": {
                    "src": src,
                    "poster": text("A picture shown before the clip plays, found as a picture is.", "pull-apart.jpg", LINE_MAX),
                    "title": text("What the clip shows, in a few words: the player's name.", "Band pull-apart, side view", SUMMARY_MAX),
                    "caption": text("A line shown under the clip.", "Slow on the way back", SUMMARY_MAX),
                    "credit": or_null(credit("Who made the clip, under which licence, and where it was taken from; shown under it and on /credits/.")),
                },
            },
        ] }),
        "A clip: a remote one shows as a still that loads the player only when clicked; a file plays in the page.",
        json!(["https://www.youtube.com/watch?v=ID", { "src": "pull-apart.mp4", "poster": "pull-apart.jpg" }]),
    ))
}

fn exercise_properties() -> Map<String, Value> {
    let muscles = describe(
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["primary"],
            "properties": {
                "primary": describe(
                    json!({ "oneOf": [
                        { "type": "string" },
                        { "type": "array", "items": { "type": "string" }, "minItems": 1 },
                    ] }),
                    "The muscles that do the work, at least one: by slug, title or alias, in any case (lats, Latissimus Dorsi, latissimus-dorsi).",
                    json!([["rhomboids", "trapezius"]]),
                ),
                "secondary": names(
                    "The muscles that help: by slug, title or alias.",
                    json!([["posterior-deltoid", "lats"]]),
                ),
            },
        }),
        "The muscles the exercise works.",
        json!([{ "primary": ["rhomboids", "trapezius"], "secondary": ["posterior-deltoid"] }]),
    );
    object(vec![
        ("muscles", muscles),
        (
            "equipment",
            names(
                "What the exercise needs, by slug, title or alias; empty or absent means bodyweight only; `unknown` says it is not known.",
                json!([["dumbbells"], "resistance-band", []]),
            ),
        ),
        ("level", or_null(level("How hard the exercise is."))),
        ("sets", or_null(sets())),
        (
            "regressions",
            names(
                "Easier variants: the slugs of other exercises (their file names without .md).",
                json!([["resistance-band-row"]]),
            ),
        ),
        (
            "progressions",
            names(
                "Harder variants: the slugs of other exercises (their file names without .md).",
                json!([["single-arm-kettlebell-row"]]),
            ),
        ),
        (
            "variations",
            names(
                "Variants without an order, neither easier nor harder: the slugs of other exercises (their file names without .md).",
                json!([["kneeling-push-up"]]),
            ),
        ),
        (
            "aliases",
            names(
                "Other names of the exercise; they are searched, resolved and shown.",
                json!([["dumbbell bent-over row"]]),
            ),
        ),
    ])
}

/// The `sets` key: shorthand, a mapping, or a list of mappings with one per level.
fn sets() -> Value {
    let mapping = |levelled: bool| {
        let mut required = vec!["sets", "reps"];
        if levelled {
            required.insert(0, "level");
        }
        let level_description = if levelled {
            "The level this prescription is for; each level at most once in the list."
        } else {
            "The level this prescription is meant for."
        };
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": required,
            "properties": {
                "sets": describe(
                    json!({ "oneOf": [
                        { "type": "integer", "minimum": 1, "maximum": MAX_U32 },
                        { "type": "string", "pattern": format!(r"^\s*{AT_LEAST_ONE}\s*$") },
                    ] }),
                    "The number of sets, at least 1.",
                    json!([3]),
                ),
                "reps": reps("Reps of each set, or how long each set is held."),
                "per_side": flag("Whether the reps are done on each side (arm, leg) in turn.", true),
                "rest": duration("The rest between sets.", "40s"),
                "load": load("How heavy each set is: a weight (12kg, 25lb, converted to the site's units), an effort (RPE 8) or a share of the one-rep maximum (70%)."),
                "tempo": describe(
                    json!({ "type": "string", "pattern": TEMPO }),
                    "The tempo: 3 or 4 parts joined by -, each a number of seconds or x (explosive), e.g. 3-1-1 or 2-0-1-0.",
                    json!(["3-1-1"]),
                ),
                "note": text("A free note: a cue, a grip, a variation.", "squeeze at the top", NOTE_MAX),
                "level": level(level_description),
            },
        })
    };
    describe(
        json!({ "oneOf": [
            {
                "type": "string",
                "pattern": shorthand_pattern(),
                "description": "SETSxREPS[ per side]: x, X or ×, spaces allowed; REPS is a count, a range, a hold or max. E.g. 3x8-12, 3 × 10 per side, 2x30s, 3xmax.",
                "examples": ["3x8-12", "3 × 10 per side", "2x30s", "3xmax"],
            },
            describe(
                mapping(false),
                "One prescription as a mapping.",
                json!([{ "sets": 3, "reps": "8-12", "per_side": true, "rest": "40s", "tempo": "3-1-1", "note": "squeeze", "level": "beginner" }]),
            ),
            describe(
                json!({
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 3,
                    "items": mapping(true),
                }),
                "One prescription per level.",
                json!([[
                    { "level": "beginner", "sets": 2, "reps": 10 },
                    { "level": "advanced", "sets": 4, "reps": "8-12", "rest": "1m30s" },
                ]]),
            ),
        ] }),
        "The prescription: shorthand such as 3x8-12, a mapping {sets: 3, reps: 8-12, rest: 40s}, or a list of such mappings with one per level.",
        json!(["3x8-12"]),
    )
}

fn workout_properties() -> Map<String, Value> {
    let exercise_item = describe(
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["exercise"],
            "properties": {
                "exercise": describe(
                    json!({ "type": "string" }),
                    "The exercise's slug (its file name without .md).",
                    json!(["band-pull-apart"]),
                ),
                "reps": or_null(reps("Reps per set, or how long each set is held.")),
                "sets": or_null(count("Sets per round; 1 when absent.", 2)),
                "per_side": flag("Whether the reps are for each side.", true),
                "hold": or_null(duration("A hold instead of reps.", "30s")),
                "load": or_null(load("How heavy each set is: 12kg, 25lb, RPE 8 or 70%.")),
                "note": text("A coaching note, shown on the page and the card.", "overhand grip", NOTE_MAX),
            },
        }),
        "An exercise with its own prescription.",
        json!([{ "exercise": "band-pull-apart", "reps": 10, "sets": 2, "per_side": true, "hold": "5s", "note": "overhand grip" }]),
    );
    let rest_item = describe(
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["rest"],
            "properties": {
                "rest": duration("A rest of this length.", "30s"),
            },
        }),
        "A rest, in an item of its own.",
        json!([{ "rest": "30s" }]),
    );
    object(vec![
        ("level", or_null(level("Who the workout is for."))),
        (
            "rounds",
            or_null(count(
                "How many times the list is gone through; 1 when absent.",
                2,
            )),
        ),
        (
            "rest_between_rounds",
            or_null(duration("The rest after each round but the last.", "30s")),
        ),
        (
            "schedule",
            text(
                "How often to do it, as free text.",
                "5 days a week",
                LINE_MAX,
            ),
        ),
        (
            "exercises",
            describe(
                json!({
                    "type": "array",
                    "minItems": 1,
                    "items": { "oneOf": [exercise_item, rest_item] },
                }),
                "The exercises and rests, in order.",
                json!([[{ "exercise": "band-pull-apart", "reps": 10 }, { "rest": "30s" }]]),
            ),
        ),
    ])
}

fn post_properties() -> Map<String, Value> {
    object(vec![
        (
            "date",
            date("The publication date, YYYY-MM-DD; when absent, the YYYY-MM-DD- prefix of the file name."),
        ),
        ("updated", date("The date of the last real change, YYYY-MM-DD.")),
        (
            "author",
            text("Who wrote the post; when absent, site.yaml's author.", "Sam", LINE_MAX),
        ),
    ])
}

fn aliases(what: &str) -> Value {
    names(
        &format!("Other names of the {what}; exercises may name it by any of them."),
        json!([["lats", "lat"]]),
    )
}

fn muscle_properties() -> Map<String, Value> {
    let regions: Vec<Value> = crate::model::catalogue::REGIONS
        .iter()
        .map(|&r| Value::from(r))
        .collect();
    let map_regions: Vec<Value> = crate::model::bodymap::REGIONS
        .iter()
        .map(|&r| Value::from(r))
        .collect();
    let mut map_words = map_regions.clone();
    map_words.insert(0, Value::from("none"));
    object(vec![
        ("aliases", aliases("muscle")),
        (
            "region",
            or_null(describe(
                json!({ "type": "string" }),
                &format!(
                    "Where on the body the muscle is; muscles are grouped by region, and a muscle with no `map` and no parts is drawn as its region's area: {}.",
                    crate::model::catalogue::REGIONS.join(", ")
                ),
                Value::Array(regions),
            )),
        ),
        (
            "parent",
            or_null(describe(
                json!({ "type": "string", "maxLength": LINE_MAX }),
                "The muscle it is a part of, by any of its names: that muscle's page, the finder's filter for it and the search include the exercises filed under this one.",
                json!(["deltoids"]),
            )),
        ),
        (
            "map",
            or_null(describe(
                json!({ "oneOf": [
                    { "type": "string", "enum": map_words },
                    { "type": "array", "items": { "type": "string", "enum": map_regions } },
                ] }),
                "The body map's regions the muscle is drawn as, or `none` to leave it off the map; a muscle with parts is drawn as their regions too.",
                json!([["rhomboids"], "none"]),
            )),
        ),
    ])
}

fn equipment_properties() -> Map<String, Value> {
    object(vec![("aliases", aliases("piece of equipment"))])
}

fn site() -> Value {
    json!({
        "$schema": DIALECT,
        "title": "Spotter site.yaml",
        "description": "The settings of a guide. Every key has a default.",
        "type": "object",
        "properties": site_properties(),
        "additionalProperties": false,
    })
}

/// The keys of site.yaml, each with its default: [`SiteConfig::default`]'s value.
fn site_properties() -> Map<String, Value> {
    let string = |description: &str, example: &str| {
        describe(json!({ "type": "string" }), description, json!([example]))
    };
    let mut properties = object(vec![
        (
            "title",
            string(
                "The guide's name, shown in every page's header and title.",
                "Upper Back Guide",
            ),
        ),
        (
            "description",
            string(
                "One line about the guide: the home page's meta description and the feed's subtitle.",
                "Exercises and workouts for a stronger upper back.",
            ),
        ),
        (
            "base_url",
            describe(
                json!({ "type": "string", "pattern": "^https?://" }),
                "Where the site will live, as an absolute http(s) URL: used for absolute URLs in the feed, the sitemap and the cards' QR codes, and for the path of every internal link.",
                json!(["https://example.org/guide/"]),
            ),
        ),
        (
            "language",
            string("The language of the content, for <html lang>.", "en"),
        ),
        (
            "author",
            text("The default author of posts and of the feed.", "Sam", LINE_MAX),
        ),
        (
            "theme",
            describe(
                json!({ "type": "string", "pattern": "^[A-Za-z0-9_-]+$" }),
                "The theme: a folder under themes/. `default` is built into spotter.",
                json!(["default"]),
            ),
        ),
        (
            "allow_raw_html",
            flag(
                "Whether raw HTML in Markdown is kept as written instead of sanitised.",
                false,
            ),
        ),
        (
            "card_size",
            describe(
                json!({ "enum": ["A6", "A5", "4x6in", "3x5in", "a6", "a5"] }),
                "The size one workout card prints at: A6 (105 × 148 mm), A5 (148 × 210 mm), 4x6in or 3x5in.",
                json!(["A6"]),
            ),
        ),
        (
            "sheet_size",
            describe(
                json!({ "enum": ["A4", "Letter", "a4", "letter"] }),
                "The paper the deck of cards at /cards/ prints on: A4 or Letter.",
                json!(["A4"]),
            ),
        ),
        (
            "paginate_by",
            describe(
                json!({ "type": "integer", "minimum": 1 }),
                "Posts per page of /blog/.",
                json!([20]),
            ),
        ),
        (
            "featured",
            describe(
                json!({ "type": "array", "items": { "type": "string" } }),
                "Workouts shown first on the home page, by slug; when empty, the first three by weight.",
                json!([["six-minute-upper-back"]]),
            ),
        ),
        (
            "images",
            describe(
                json!({
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                        "widths": describe(
                            json!({ "type": "array", "minItems": 1, "maxItems": 8, "items": { "type": "integer", "minimum": 16, "maximum": 8192 } }),
                            "The widths in pixels each picture is published at; a picture is never made wider than it is.",
                            json!([[480, 960, 1600]]),
                        ),
                        "quality": describe(
                            json!({ "type": "integer", "minimum": 1, "maximum": 100 }),
                            "The quality of the WebP and JPEG files, 1 to 100.",
                            json!([80]),
                        ),
                        "require_credit": flag(
                            "Whether every picture and clip must say who made it and under which licence (`credit:`).",
                            true,
                        ),
                    },
                }),
                "How pictures are processed.",
                json!([{ "widths": [480, 960, 1600], "quality": 80, "require_credit": false }]),
            ),
        ),
        (
            "units",
            describe(
                json!({ "enum": ["metric", "imperial", "both"] }),
                "How loads show: metric (kg), imperial (lb) or both; a converted weight is rounded to the nearest 1.25 kg or 2.5 lb.",
                json!(["metric"]),
            ),
        ),
        (
            "logo",
            text(
                "A picture under static/ (/logo.png): the favicon, and the picture pages without one of their own are shared with.",
                "/logo.png",
                LINE_MAX,
            ),
        ),
    ]);
    let defaults = serde_json::to_value(SiteConfig::default()).unwrap_or_default();
    for (key, schema) in properties.iter_mut() {
        schema["default"] = defaults.get(key).cloned().unwrap_or(Value::Null);
    }
    properties
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde::de::DeserializeOwned;
    use syntect::parsing::Regex;

    use super::*;
    use crate::source::front_matter::{
        EquipmentMatter, ExerciseMatter, ItemMatter, MuscleMatter, PageMatter, PostMatter,
        WorkoutMatter,
    };
    use crate::source::prescription::{Prescription, Reps, Seconds, Sets};

    /// The keys a struct accepts, read from the error serde gives for an unknown key.
    fn struct_keys<T: DeserializeOwned + fmt::Debug>(yaml: &str) -> BTreeSet<String> {
        let err = serde_yaml::from_str::<T>(yaml).unwrap_err().to_string();
        let list = err
            .split_once("expected ")
            .map(|(_, l)| l)
            .or_else(|| err.split_once("allowed keys are ").map(|(_, l)| l))
            .unwrap_or_else(|| panic!("no key list in: {err}"));
        let list = list.split(" at line").next().unwrap();
        let keys: BTreeSet<String> = if list.contains('`') {
            list.split('`')
                .skip(1)
                .step_by(2)
                .map(String::from)
                .collect()
        } else {
            list.split(", ").map(|k| k.trim().to_string()).collect()
        };
        assert!(keys.len() > 1, "{err}");
        keys
    }

    fn keys_of(schema: &Value) -> BTreeSet<String> {
        schema["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("no properties in {schema}"))
            .keys()
            .cloned()
            .collect()
    }

    /// A document setting every key of `schema` to its first example.
    fn every_key(schema: &Value) -> String {
        let doc: Map<String, Value> = schema["properties"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| {
                let example = v["examples"][0].clone();
                assert!(!example.is_null(), "{k} has no example");
                (k.clone(), example)
            })
            .collect();
        // JSON is YAML.
        Value::Object(doc).to_string()
    }

    fn parse<T: DeserializeOwned>(doc: &str) -> T {
        serde_yaml::from_str(doc).unwrap_or_else(|e| panic!("{doc}: {e}"))
    }

    #[test]
    fn every_key_of_every_struct_is_in_its_schema_and_no_other() {
        const UNKNOWN: &str = "zzz_unknown: 1\n";
        let check = |name: &str, keys: BTreeSet<String>, schema: &Value| {
            assert_eq!(keys, keys_of(schema), "{name}");
        };
        check(
            "exercise",
            struct_keys::<ExerciseMatter>(UNKNOWN),
            &schema(Kind::Exercise),
        );
        check(
            "workout",
            struct_keys::<WorkoutMatter>(UNKNOWN),
            &schema(Kind::Workout),
        );
        check(
            "post",
            struct_keys::<PostMatter>(UNKNOWN),
            &schema(Kind::Post),
        );
        check(
            "page",
            struct_keys::<PageMatter>(UNKNOWN),
            &schema(Kind::Page),
        );
        check(
            "section",
            struct_keys::<PageMatter>(UNKNOWN),
            &schema(Kind::Section),
        );
        check(
            "muscle",
            struct_keys::<MuscleMatter>(UNKNOWN),
            &schema(Kind::Muscle),
        );
        check(
            "equipment",
            struct_keys::<EquipmentMatter>(UNKNOWN),
            &schema(Kind::Equipment),
        );
        check(
            "site",
            struct_keys::<SiteConfig>(UNKNOWN),
            &schema(Kind::Site),
        );
        let exercise = schema(Kind::Exercise);
        check(
            "muscles",
            struct_keys::<ExerciseMatter>("muscles: {zzz_unknown: 1}"),
            &exercise["properties"]["muscles"],
        );
        let sets = &exercise["properties"]["sets"]["oneOf"];
        let prescription_keys = struct_keys::<Sets>("{sets: 1, reps: 1, zzz_unknown: 1}");
        check("sets mapping", prescription_keys.clone(), &sets[1]);
        check("sets per level", prescription_keys, &sets[2]["items"]);
        // A workout item is one struct; the schema splits it into two shapes.
        let items = &schema(Kind::Workout)["properties"]["exercises"]["items"]["oneOf"];
        let mut item_keys = keys_of(&items[0]);
        item_keys.extend(keys_of(&items[1]));
        assert_eq!(struct_keys::<ItemMatter>(UNKNOWN), item_keys);
    }

    #[test]
    fn a_document_with_every_key_reads_into_the_struct() {
        let doc = |k| every_key(&schema(k));
        let e: ExerciseMatter = parse(&doc(Kind::Exercise));
        assert!(e.sets.is_some() && e.muscles.is_some() && e.level.is_some());
        let w: WorkoutMatter = parse(&doc(Kind::Workout));
        assert_eq!(w.exercises.len(), 2);
        let _: PostMatter = parse(&doc(Kind::Post));
        let _: PageMatter = parse(&doc(Kind::Page));
        let _: PageMatter = parse(&doc(Kind::Section));
        let _: MuscleMatter = parse(&doc(Kind::Muscle));
        let _: EquipmentMatter = parse(&doc(Kind::Equipment));
        let _: SiteConfig = parse(&doc(Kind::Site));
        // Every form of `sets` and of a workout item, from their own examples.
        let exercise = schema(Kind::Exercise);
        for form in exercise["properties"]["sets"]["oneOf"].as_array().unwrap() {
            // The last form is null, which has no example.
            for example in form["examples"].as_array().into_iter().flatten() {
                let _: Sets = parse(&example.to_string());
            }
        }
        let workout = schema(Kind::Workout);
        for shape in workout["properties"]["exercises"]["items"]["oneOf"]
            .as_array()
            .unwrap()
        {
            let _: ItemMatter = parse(&shape["examples"][0].to_string());
            let _: ItemMatter = parse(&every_key(shape));
        }
    }

    #[test]
    fn the_site_schema_gives_the_real_defaults() {
        let site = schema(Kind::Site);
        let defaults = serde_json::to_value(SiteConfig::default()).unwrap();
        for (key, value) in defaults.as_object().unwrap() {
            assert_eq!(&site["properties"][key]["default"], value, "{key}");
        }
    }

    /// Calls `f` with every subschema under `properties`, `items` and `oneOf`, with its path.
    fn walk(path: &str, schema: &Value, f: &mut impl FnMut(&str, &Value)) {
        f(path, schema);
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (k, v) in props {
                walk(&format!("{path}.{k}"), v, f);
            }
        }
        if let Some(items) = schema.get("items") {
            walk(&format!("{path}[]"), items, f);
        }
        for list in ["oneOf", "anyOf"] {
            if let Some(branches) = schema.get(list).and_then(Value::as_array) {
                for (i, v) in branches.iter().enumerate() {
                    walk(&format!("{path}/{list}{i}"), v, f);
                }
            }
        }
    }

    #[test]
    fn every_property_is_described_and_objects_are_closed() {
        for kind in Kind::ALL {
            let s = schema(kind);
            assert_eq!(s["$schema"], DIALECT);
            walk(kind.name(), &s, &mut |path, sub| {
                if let Some(props) = sub.get("properties").and_then(Value::as_object) {
                    assert_eq!(sub["additionalProperties"], false, "{path}");
                    for (k, v) in props {
                        let d = v["description"].as_str().unwrap_or_default();
                        assert!(!d.is_empty(), "{path}.{k} has no description");
                    }
                }
            });
        }
        for kind in [Kind::Exercise, Kind::Workout, Kind::Post, Kind::Page] {
            assert!(schema(kind)["required"]
                .as_array()
                .unwrap()
                .contains(&"title".into()));
        }
        for kind in [Kind::Muscle, Kind::Equipment, Kind::Section, Kind::Site] {
            let s = schema(kind);
            let required = s.get("required").and_then(Value::as_array);
            assert!(required.is_none_or(|r| !r.contains(&"title".into())));
        }
    }

    /// Every `pattern` in every schema, with where it is.
    fn patterns() -> Vec<(String, String)> {
        let mut out = Vec::new();
        for kind in Kind::ALL {
            walk(kind.name(), &schema(kind), &mut |path, sub| {
                if let Some(p) = sub.get("pattern").and_then(Value::as_str) {
                    out.push((path.to_string(), p.to_string()));
                }
            });
        }
        out
    }

    fn matches(pattern: &str, text: &str) -> bool {
        Regex::new(pattern.to_string()).search(text, 0, text.len(), None)
    }

    #[test]
    fn patterns_compile_and_accept_their_examples() {
        let all = patterns();
        assert!(all.len() >= 10, "{all:?}");
        for (path, p) in &all {
            assert!(Regex::try_compile(p).is_none(), "{path}: {p}");
        }
        for kind in Kind::ALL {
            walk(kind.name(), &schema(kind), &mut |path, sub| {
                let Some(p) = sub.get("pattern").and_then(Value::as_str) else {
                    return;
                };
                for ex in sub["examples"].as_array().into_iter().flatten() {
                    if let Some(ex) = ex.as_str() {
                        assert!(matches(p, ex), "{path}: {ex:?} does not match {p}");
                    }
                }
            });
        }
    }

    /// Texts to try the patterns on: good, bad and borderline.
    const DURATIONS: &[&str] = &[
        "30s",
        "30 s",
        "45sec",
        "45 secs",
        "20 seconds",
        "1min",
        "1 min",
        "1m30s",
        "1m 30s",
        "1 min 30 s",
        "1m30",
        "2m",
        "2 minutes",
        "90",
        "1:30",
        "0:45",
        "10:05",
        "0",
        "0s",
        " 40s ",
        "30S",
        "1 MIN",
        "1 : 30",
        "soon",
        "",
        "1m90s",
        "1:5",
        "30s1m",
        "1.5min",
        "30s 30s",
        "1h",
        "-5",
        "1:90",
        "s",
        "1m 60",
        "1m59",
        "1mins",
        "1minute 5second",
        "5 sec",
        "30sx",
        "1m30s,",
        "m",
        "30 ss",
        "2 min 0",
        "1:60",
        "01:00",
    ];

    const REPS: &[&str] = &[
        "10",
        "8-12",
        "8–12",
        "8 - 12",
        "8—12",
        "30s",
        "1min",
        "1m30s",
        "max",
        "AMRAP",
        "Max",
        " max ",
        "0",
        "0-5",
        "lots",
        "8-twelve",
        "10 per side",
        "1:30",
        "007",
        "1-",
        "-3",
        "12x",
        "5 reps",
        "maximum",
    ];

    const SHORTHANDS: &[&str] = &[
        "3x8-12",
        "3 × 10 per side",
        "2x30s",
        "3xmax",
        "3XAMRAP",
        "3 x 8–12 per arm",
        "3×10",
        "3 X 10",
        "  3 x10  ",
        "2x1m30s",
        "2 x 1 min",
        "3x10 reps",
        "3x10 reps per side",
        "3x10 per side",
        "3x10 per arm",
        "3x10 per leg",
        "3x10 each side",
        "3x10 Per Side",
        "3x10 /side",
        "3x10/side",
        "3x10/arm",
        "3x10 per hand",
        "3x10 each arm",
        "3x10 each leg",
        "3x10 rep",
        "3x30s per side",
        "3x max reps",
        "3x",
        "x10",
        "3 sets of 10",
        "3x per side",
        "0x10",
        "3x0",
        "3xlots",
        "3x10 per sid",
        "3x10super side",
        "3x10per side",
        "3x10 each hand",
        "3x/side",
        "3xx10",
        "3x10 per side reps",
        "03x10",
        "3x10  reps",
        "3x10reps",
        "3*10",
        "3x8-12 per  side",
    ];

    const LOADS: &[&str] = &[
        "12kg",
        "12 kg",
        "12.5kg",
        "2,25 kg",
        "20 KG",
        "16 kilos",
        "3 kilograms",
        "25lb",
        "25 lbs",
        "2.5 pounds",
        "RPE 8",
        "rpe8.5",
        "70%",
        "70 %",
        "12",
        "heavy",
        "12 stone",
        "1.234kg",
        "RPE 8.25",
        "7.5%",
        "-5kg",
        "kg",
        "RPE",
        "",
        "RPE 11",
        "120%",
        "0kg",
        "2000 kg",
    ];
    const TEMPOS: &[&str] = &[
        "3-1-1",
        "2-0-1-0",
        "3-0-x-1",
        "10-0-1",
        "2-0-X-1",
        " 3-1-1 ",
        "3-1",
        "3-1-1-1-1",
        "310",
        "3--1",
        "a-1-1",
        "100-1-1",
        "3 - 1 - 1",
    ];

    const DATES: &[&str] = &[
        "2024-05-01",
        "2024-02-29",
        "1999-12-31",
        " 2024-05-01 ",
        "2024-13-01",
        "2024-00-10",
        "2024-05-00",
        "2024-5-1",
        "May 5",
        "2024-05-32",
        "24-05-01",
        "2024/05/01",
    ];

    const SLUGS: &[&str] = &[
        "band-pull-apart",
        "i-y-t",
        "row",
        "élévation",
        "a1",
        "Upper",
        "../x",
        "a/b",
        "",
        "-a",
        "a-",
        "a--b",
        "a_b",
        "a b",
        "a.b",
    ];

    /// Asserts that `pattern` accepts exactly what `accepts` does, but for `known` texts
    /// (the documented differences).
    fn agree(
        name: &str,
        pattern: &str,
        texts: &[&str],
        known: &[&str],
        accepts: impl Fn(&str) -> bool,
    ) {
        for &t in texts {
            let (p, s) = (matches(pattern, t), accepts(t));
            if known.contains(&t) {
                assert!(
                    p && !s,
                    "{name} {t:?}: listed as a known difference, but pattern {p}, spotter {s}"
                );
            } else {
                assert_eq!(p, s, "{name} {t:?}: pattern {p}, spotter {s}\n{pattern}");
            }
        }
    }

    #[test]
    fn patterns_accept_what_spotter_accepts() {
        agree("duration", &duration_pattern(), DURATIONS, &[], |t| {
            t.parse::<Seconds>().is_ok()
        });
        // A hold of 0 seconds and a range that does not go up are the documented differences.
        agree("reps", &reps_pattern(), REPS, &["0s"], |t| {
            t.parse::<Reps>().is_ok()
        });
        agree(
            "reps",
            &reps_pattern(),
            &["12-8", "0s", "0m0s"],
            &["12-8", "0s", "0m0s"],
            |t| t.parse::<Reps>().is_ok(),
        );
        agree("sets", &shorthand_pattern(), SHORTHANDS, &[], |t| {
            t.parse::<Prescription>().is_ok()
        });
        agree(
            "sets",
            &shorthand_pattern(),
            &["3x12-8", "3x0s"],
            &["3x12-8", "3x0s"],
            |t| t.parse::<Prescription>().is_ok(),
        );
        // Through YAML as well, where the shorthand is a string.
        for &t in SHORTHANDS {
            let yaml = format!("{:?}", t);
            let parsed = serde_yaml::from_str::<Sets>(&yaml).is_ok();
            assert_eq!(matches(&shorthand_pattern(), t), parsed, "{t:?}");
        }
        // Ranges are the documented differences.
        agree(
            "load",
            LOAD,
            LOADS,
            &["RPE 11", "120%", "0kg", "2000 kg"],
            |t| t.parse::<crate::source::prescription::Load>().is_ok(),
        );
        agree("tempo", TEMPO, TEMPOS, &[], |t| {
            serde_yaml::from_str::<Sets>(&format!("{{sets: 1, reps: 1, tempo: {t:?}}}")).is_ok()
        });
        // The length of a month is not checked.
        agree("date", DATE, DATES, &[], |t| {
            t.parse::<crate::source::front_matter::Date>().is_ok()
        });
        agree(
            "date",
            DATE,
            &["2023-02-29", "2024-04-31"],
            &["2023-02-29", "2024-04-31"],
            |t| t.parse::<crate::source::front_matter::Date>().is_ok(),
        );
        agree("slug", SLUG, SLUGS, &[], crate::source::slug::is_valid);
        agree(
            "slug",
            SLUG,
            &["Élan"],
            &["Élan"],
            crate::source::slug::is_valid,
        );
    }

    #[test]
    fn kinds_and_output() {
        assert_eq!("exercise".parse(), Ok(Kind::Exercise));
        assert_eq!("Site".parse(), Ok(Kind::Site));
        assert!("banana"
            .parse::<Kind>()
            .unwrap_err()
            .contains("exercise, workout"));
        let one: Value = serde_json::from_str(&to_json(Some(Kind::Post))).unwrap();
        assert_eq!(one, schema(Kind::Post));
    }

    /// The union names every kind of page but `site.yaml`, each by a `$ref` that resolves.
    #[test]
    fn the_default_schema_is_the_union_of_the_page_kinds() {
        let any: Value = serde_json::from_str(&to_json(None)).unwrap();
        assert_eq!(any["$schema"], DIALECT);
        let refs: Vec<&str> = any["anyOf"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["$ref"].as_str().unwrap())
            .collect();
        let pages: Vec<Kind> = Kind::ALL.into_iter().filter(|&k| k != Kind::Site).collect();
        assert_eq!(refs.len(), pages.len());
        for (r, kind) in refs.iter().zip(&pages) {
            let def = any
                .pointer(r.trim_start_matches('#'))
                .unwrap_or_else(|| panic!("{r} does not resolve"));
            let mut own = schema(*kind);
            own.as_object_mut().unwrap().remove("$schema");
            assert_eq!(def, &own, "{kind}");
        }
        assert!(any["definitions"].get("site").is_none());
    }
}
