//! The JSON Schema of a program's own keys (`level`, `weeks`), beside the other kinds' in
//! [`super::json_schema`]: each week a list of 1 to 7 days, a mapping with `days:` and a
//! `note:`, or `same: N`; each day a workout's slug, `rest`, or `{workout, note}`.

use serde_json::{json, Map, Value};

use super::json_schema::{count, describe, level, object, or_null, text};
use crate::source::front_matter::{LINE_MAX, NOTE_MAX};
use crate::source::program::DAYS_MAX;

/// `level` and `weeks`.
pub(super) fn program_properties() -> Map<String, Value> {
    let day = json!({
        "oneOf": [
            describe(
                json!({ "type": "string", "minLength": 1, "maxLength": LINE_MAX }),
                "A workout's slug (its file name without .md), or `rest` for a day off.",
                json!(["six-minute-upper-back", "rest"]),
            ),
            describe(
                json!({
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["workout"],
                    "properties": {
                        "workout": describe(
                            json!({ "type": "string", "minLength": 1, "maxLength": LINE_MAX }),
                            "The workout's slug.",
                            json!(["upper-back-strength-session"]),
                        ),
                        "note": text("What to do differently that day.", "one more set of each row", NOTE_MAX),
                    },
                }),
                "A workout with a note for that day.",
                json!([{ "workout": "upper-back-strength-session", "note": "one more set of each row" }]),
            ),
        ]
    });
    let days = json!({
        "type": "array",
        "minItems": 1,
        "maxItems": DAYS_MAX,
        "items": day,
    });
    let week = json!({
        "oneOf": [
            describe(days.clone(), "The week's days, 1 to 7.", json!([["six-minute-upper-back", "rest"]])),
            describe(
                json!({
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["days"],
                    "properties": {
                        "days": describe(days, "The week's days, 1 to 7.", json!([["six-minute-upper-back", "rest"]])),
                        "note": text("What to change this week.", "Add one set to every exercise.", NOTE_MAX),
                    },
                }),
                "The week's days with a note.",
                json!([{ "days": ["six-minute-upper-back", "rest"], "note": "Add one set to every exercise." }]),
            ),
            describe(
                json!({
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["same"],
                    "properties": {
                        "same": count("The week (counted from 1) this one repeats; it must come before.", 1),
                    },
                }),
                "The same days as an earlier week.",
                json!([{ "same": 1 }]),
            ),
        ]
    });
    object(vec![
        ("level", or_null(level("Who the program is for."))),
        (
            "weeks",
            describe(
                json!({ "type": "array", "minItems": 1, "items": week }),
                "The weeks in order: each a list of days, a mapping with `days:` and `note:`, or `same: N`.",
                json!([[["six-minute-upper-back", "rest", "upper-back-strength-session"], { "same": 1 }]]),
            ),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::super::json_schema::{schema, Kind};

    #[test]
    fn a_program_schema_names_its_weeks_and_days() {
        let s = schema(Kind::Program);
        assert!(s["required"].as_array().unwrap().contains(&"weeks".into()));
        let week = &s["properties"]["weeks"]["items"]["oneOf"];
        assert_eq!(week.as_array().unwrap().len(), 3);
        assert_eq!(week[0]["maxItems"], 7);
        assert!(week[2]["properties"]["same"].is_object());
    }
}
