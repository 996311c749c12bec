//! [`Sets`]: the `sets:` field as YAML gives it, in any of its three forms: the shorthand (read
//! by `shorthand`), a mapping `{sets: 3, reps: 8-12, rest: 40s}`, or a list of mappings with one
//! per level.
//!
//! Unknown and repeated keys are refused where the key stands, so the YAML library places the
//! error at the key's own line and column. It is not for the shorthand's own rules, nor for
//! reps and durations (`reps`, `duration`).

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::shorthand::SHORTHAND_FORMS;
use super::{hint, whole_number, Level, Load, Prescription, Reps, Seconds};

/// The `sets:` field of an exercise: one prescription, or one per level.
///
/// Deserialising never gives an empty list; in a list, every prescription has a distinct level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sets(pub Vec<Prescription>);

impl Sets {
    /// The prescription for `level`, or the first one when none is for that level (or no level
    /// is asked for).
    ///
    /// # Panics
    ///
    /// If the list is empty, which deserialising never gives.
    pub fn for_level(&self, level: Option<Level>) -> &Prescription {
        level
            .and_then(|wanted| self.0.iter().find(|p| p.level == Some(wanted)))
            .unwrap_or(&self.0[0])
    }
}

const KEYS: [&str; 8] = [
    "sets", "reps", "per_side", "rest", "load", "tempo", "note", "level",
];

/// A key of the mapping form.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Sets,
    Reps,
    PerSide,
    Rest,
    Load,
    Tempo,
    Note,
    Level,
}

impl Key {
    fn name(self) -> &'static str {
        KEYS[self as usize]
    }
}

/// Reads a key, refusing unknown and repeated keys where the key stands, so the YAML library
/// reports the key's own line and column.
struct KeySeed<'a> {
    seen: &'a [Key],
}

impl<'de> de::DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a key: {}", KEYS.join(", "))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        let key = match v {
            "sets" => Key::Sets,
            "reps" => Key::Reps,
            "per_side" => Key::PerSide,
            "rest" => Key::Rest,
            "load" => Key::Load,
            "tempo" => Key::Tempo,
            "note" => Key::Note,
            "level" => Key::Level,
            "hold" | "duration" | "time" => {
                return Err(E::custom(format!(
                    "unknown key \"{v}\" in sets: write a hold as reps, such as reps: 30s"
                )))
            }
            _ => {
                return Err(E::custom(format!(
                    "unknown key \"{v}\" in sets: allowed keys are {}{}",
                    KEYS.join(", "),
                    hint(v, &KEYS)
                )))
            }
        };
        if self.seen.contains(&key) {
            return Err(E::custom(format!(
                "key \"{}\" appears twice in sets: give it once",
                key.name()
            )));
        }
        Ok(key)
    }
}

/// The number of sets in the mapping form: a whole number, at least 1.
struct SetCount(u32);

impl<'de> Deserialize<'de> for SetCount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SetCountVisitor;

        impl Visitor<'_> for SetCountVisitor {
            type Value = SetCount;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number of sets, such as 3")
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<SetCount, E> {
                match u32::try_from(v) {
                    Ok(0) => Err(E::custom(
                        "the number of sets must be at least 1: write 1 or more",
                    )),
                    Ok(n) => Ok(SetCount(n)),
                    Err(_) => Err(E::custom(format!("{v} sets is too many: write fewer"))),
                }
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<SetCount, E> {
                match u64::try_from(v) {
                    Ok(v) => self.visit_u64(v),
                    Err(_) => Err(E::custom(
                        "the number of sets must be at least 1: write 1 or more",
                    )),
                }
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<SetCount, E> {
                match whole_number(v.trim()) {
                    Some(n) => self.visit_u64(u64::from(n.map_err(E::custom)?)),
                    None => Err(E::custom(format!(
                        "cannot read \"{}\" as a number of sets: give a whole number such as 3, and the reps under reps:",
                        v.trim()
                    ))),
                }
            }
        }

        deserializer.deserialize_any(SetCountVisitor)
    }
}

/// A checked tempo string.
struct Tempo(String);

impl<'de> Deserialize<'de> for Tempo {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TempoVisitor;

        impl Visitor<'_> for TempoVisitor {
            type Value = Tempo;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a tempo such as 3-1-1 or 2-0-1-0")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Tempo, E> {
                check_tempo(v).map(Tempo).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(TempoVisitor)
    }
}

/// Checks a tempo: 3 or 4 parts, each digits or `x`, joined by `-`.
fn check_tempo(text: &str) -> Result<String, String> {
    let text = text.trim();
    let parts: Vec<&str> = text.split('-').collect();
    let part_ok = |p: &&str| {
        p.eq_ignore_ascii_case("x")
            || (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if (3..=4).contains(&parts.len()) && parts.iter().all(part_ok) {
        Ok(text.to_string())
    } else {
        Err(format!(
            "cannot read \"{text}\" as a tempo: expected 3 or 4 parts joined by \"-\", each a number of seconds or x, such as 3-1-1 or 2-0-1-0"
        ))
    }
}

/// Reads the mapping form; `needs_level` is set for an item of the list form.
fn visit_prescription<'de, A: MapAccess<'de>>(
    mut map: A,
    needs_level: bool,
) -> Result<Prescription, A::Error> {
    let mut seen = Vec::new();
    let mut sets = None;
    let mut reps = None;
    let mut per_side = None;
    let mut rest = None;
    let mut load = None;
    let mut tempo = None;
    let mut note: Option<String> = None;
    let mut level = None;
    while let Some(key) = map.next_key_seed(KeySeed { seen: &seen })? {
        seen.push(key);
        match key {
            Key::Sets => sets = Some(map.next_value::<SetCount>()?.0),
            Key::Reps => reps = Some(map.next_value::<Reps>()?),
            Key::PerSide => per_side = Some(map.next_value::<bool>()?),
            Key::Rest => rest = Some(map.next_value::<Seconds>()?),
            Key::Load => load = Some(map.next_value::<Load>()?),
            Key::Tempo => tempo = Some(map.next_value::<Tempo>()?.0),
            Key::Note => note = map.next_value::<Note>()?.0,
            Key::Level => level = Some(map.next_value::<Level>()?),
        }
    }
    let Some(sets) = sets else {
        return Err(de::Error::custom(
            "sets needs a \"sets\" key with the number of sets, such as sets: 3",
        ));
    };
    let Some(reps) = reps else {
        return Err(de::Error::custom(
            "sets needs a \"reps\" key, such as reps: 8-12, reps: 30s or reps: max",
        ));
    };
    if needs_level && level.is_none() {
        return Err(de::Error::custom(
            "each prescription in a list of sets needs a level: beginner, intermediate or advanced",
        ));
    }
    Ok(Prescription {
        level,
        sets,
        reps,
        per_side: per_side.unwrap_or(false),
        rest,
        load,
        tempo,
        note: note.filter(|n| !n.trim().is_empty()),
    })
}

/// A prescription's note, of at most [`crate::source::front_matter::NOTE_MAX`] characters.
struct Note(Option<String>);

impl<'de> Deserialize<'de> for Note {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::source::front_matter::note(deserializer).map(Note)
    }
}

/// Reads an item of the list form: a mapping with a level that no earlier item has.
struct LevelledSeed<'a> {
    taken: &'a [Prescription],
}

impl<'de> de::DeserializeSeed<'de> for LevelledSeed<'_> {
    type Value = Prescription;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Prescription, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for LevelledSeed<'_> {
    type Value = Prescription;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(
            "a mapping with level, sets and reps, such as {level: beginner, sets: 3, reps: 8-12}",
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Prescription, A::Error> {
        let p = visit_prescription(map, true)?;
        if self.taken.iter().any(|q| q.level == p.level) {
            let level = p.level.map_or("", |l| l.as_str());
            return Err(de::Error::custom(format!(
                "level \"{level}\" is given twice in sets: give each level once"
            )));
        }
        Ok(p)
    }
}

impl<'de> Deserialize<'de> for Sets {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SetsVisitor;

        impl<'de> Visitor<'de> for SetsVisitor {
            type Value = Sets;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("sets as shorthand such as 3x8-12, a mapping with sets and reps, or a list of such mappings, one per level")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Sets, E> {
                v.parse::<Prescription>()
                    .map(|p| Sets(vec![p]))
                    .map_err(E::custom)
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Sets, E> {
                Err(E::custom(format!(
                    "cannot read {v} as sets: give the reps too, such as {v}x10, or a mapping such as {{sets: {v}, reps: 10}}"
                )))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Sets, E> {
                match u64::try_from(v) {
                    Ok(v) => self.visit_u64(v),
                    Err(_) => Err(E::custom(format!(
                        "cannot read {v} as sets: {SHORTHAND_FORMS}"
                    ))),
                }
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Sets, E> {
                Err(E::custom(format!(
                    "cannot read {v} as sets: {SHORTHAND_FORMS}"
                )))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Sets, A::Error> {
                visit_prescription(map, false).map(|p| Sets(vec![p]))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Sets, A::Error> {
                let mut all: Vec<Prescription> = Vec::new();
                while let Some(p) = seq.next_element_seed(LevelledSeed { taken: &all })? {
                    all.push(p);
                }
                if all.is_empty() {
                    return Err(de::Error::custom(
                        "sets is an empty list: give one prescription such as 3x8-12, or one mapping per level",
                    ));
                }
                Ok(Sets(all))
            }
        }

        deserializer.deserialize_any(SetsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Sets {
        serde_yaml::from_str::<Sets>(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn yaml_err(text: &str) -> String {
        serde_yaml::from_str::<Sets>(text).unwrap_err().to_string()
    }

    #[test]
    fn yaml_shorthand() {
        let sets = yaml("3x8-12");
        assert_eq!(sets, Sets(vec![Prescription::new(3, Reps::Range(8, 12))]));
        assert_eq!(
            yaml("\"3 × 10 per side\"").0[0].summary(),
            "3 × 10 per side"
        );
        assert_eq!(yaml("3 x 8–12 per arm").0[0].summary(), "3 × 8–12 per side");
    }

    #[test]
    fn a_note_in_sets_is_capped_at_its_place() {
        let text = format!("sets: 3\nreps: 10\nnote: {}\n", "n".repeat(501));
        let err = crate::source::yaml::parse::<Sets>(&text).unwrap_err();
        assert_eq!((err.line, err.col), (3, 7));
        assert!(
            err.message.starts_with("the note is 501 characters long"),
            "{err:?}"
        );
    }

    #[test]
    fn yaml_mapping_with_every_key() {
        let sets = yaml(
            "sets: 3\nreps: 8-12\nper_side: true\nrest: 40s\nload: 12.5 kg\ntempo: 3-1-1\nnote: \"squeeze\"\nlevel: intermediate\n",
        );
        assert_eq!(
            sets.0,
            vec![Prescription {
                level: Some(Level::Intermediate),
                sets: 3,
                reps: Reps::Range(8, 12),
                per_side: true,
                rest: Some(Seconds(40)),
                load: Some(Load::Kg(1250)),
                tempo: Some("3-1-1".into()),
                note: Some("squeeze".into()),
            }]
        );
        assert_eq!(
            sets.0[0].summary(),
            "3 × 8–12 per side · 12.5 kg · tempo 3-1-1 · rest 40 s"
        );
        let flow = yaml("{sets: 2, reps: 10, rest: 60}");
        assert_eq!(flow.0[0].reps, Reps::Count(10));
        assert_eq!(flow.0[0].rest, Some(Seconds(60)));
        assert_eq!(
            yaml("{sets: 2, reps: 1:30}").0[0].reps,
            Reps::Hold(Seconds(90))
        );
        assert_eq!(
            yaml("{sets: 3, reps: max, rest: 1m}").0[0].summary(),
            "3 × max · rest 1 min"
        );
        assert_eq!(
            yaml("{sets: 3, reps: 30s, tempo: 2-0-X-1}").0[0]
                .tempo
                .as_deref(),
            Some("2-0-X-1")
        );
    }

    #[test]
    fn yaml_list_per_level() {
        let sets = yaml(
            "- level: beginner\n  sets: 2\n  reps: 10\n- level: advanced\n  sets: 4\n  reps: 8-12\n  rest: 1m30s\n",
        );
        assert_eq!(sets.0.len(), 2);
        assert_eq!(
            sets.for_level(Some(Level::Advanced)).summary(),
            "4 × 8–12 · rest 1 min 30 s"
        );
        assert_eq!(sets.for_level(Some(Level::Beginner)).summary(), "2 × 10");
        assert_eq!(
            sets.for_level(Some(Level::Intermediate)).summary(),
            "2 × 10"
        );
        assert_eq!(sets.for_level(None).summary(), "2 × 10");
    }

    #[test]
    fn yaml_unknown_key_names_it_and_suggests() {
        assert_eq!(
            yaml_err("sets: 3\nreps: 10\nrets: 40s\n"),
            "unknown key \"rets\" in sets: allowed keys are sets, reps, per_side, rest, load, tempo, note, level; did you mean \"rest\"? at line 3 column 1"
        );
        assert_eq!(
            yaml_err("{sets: 3, reps: 10, perside: true}"),
            "unknown key \"perside\" in sets: allowed keys are sets, reps, per_side, rest, load, tempo, note, level; did you mean \"per_side\"? at line 1 column 21"
        );
        assert_eq!(
            yaml_err("{sets: 3, reps: 10, colour: red}"),
            "unknown key \"colour\" in sets: allowed keys are sets, reps, per_side, rest, load, tempo, note, level at line 1 column 21"
        );
        assert_eq!(
            yaml_err("{sets: 3, hold: 30s}"),
            "unknown key \"hold\" in sets: write a hold as reps, such as reps: 30s at line 1 column 11"
        );
    }

    #[test]
    fn yaml_errors_have_messages_and_places() {
        assert_eq!(
            yaml_err("3"),
            "cannot read 3 as sets: give the reps too, such as 3x10, or a mapping such as {sets: 3, reps: 10}"
        );
        assert_eq!(
            yaml_err("3x"),
            "cannot read \"3x\" as sets: expected SETSxREPS such as 3x8-12, 3x10 per side, 2x30s or 3xmax"
        );
        assert_eq!(
            yaml_err("sets: 3\n"),
            "sets needs a \"reps\" key, such as reps: 8-12, reps: 30s or reps: max"
        );
        assert_eq!(
            yaml_err("reps: 10\n"),
            "sets needs a \"sets\" key with the number of sets, such as sets: 3"
        );
        assert_eq!(
            yaml_err("sets: 3\nreps: 12-8\n"),
            "reps: cannot read \"12-8\" as reps: a range goes from fewer to more reps, such as 8-12 at line 2 column 7"
        );
        assert_eq!(
            yaml_err("sets: 3\nreps: 0\n"),
            "reps: reps must be at least 1: write 1 or more, or max at line 2 column 7"
        );
        assert_eq!(
            yaml_err("sets: 3\nreps: 10 per side\n"),
            "reps: cannot read \"10 per side\" as reps: write the reps alone (reps: 10) and add per_side: true at line 2 column 7"
        );
        assert_eq!(
            yaml_err("sets: 0\nreps: 10\n"),
            "sets: the number of sets must be at least 1: write 1 or more at line 1 column 7"
        );
        assert_eq!(
            yaml_err("sets: 3\nreps: 10\nrest: soon\n"),
            "rest: cannot read \"soon\" as a duration: expected a time such as 30s, 45 sec, 1min, 1m30s or 1:30 at line 3 column 7"
        );
        assert_eq!(
            yaml_err("sets: 3\nreps: 10\nload: 12\n"),
            "load: cannot read 12 as a load: it has no unit; hint: write 12kg or 12lb at line 3 column 7"
        );
        assert_eq!(
            yaml_err("sets: 3\nreps: 10\ntempo: 3-1\n"),
            "tempo: cannot read \"3-1\" as a tempo: expected 3 or 4 parts joined by \"-\", each a number of seconds or x, such as 3-1-1 or 2-0-1-0 at line 3 column 8"
        );
        assert_eq!(
            yaml_err("sets: 3\nreps: 10\nlevel: beginer\n"),
            "level: unknown level \"beginer\": expected beginner, intermediate or advanced; did you mean \"beginner\"? at line 3 column 8"
        );
        assert_eq!(
            yaml_err("sets: 3\nreps: 10\nreps: 12\n"),
            "key \"reps\" appears twice in sets: give it once at line 3 column 1"
        );
        assert_eq!(
            yaml_err("- sets: 3\n  reps: 10\n"),
            ".[0]: each prescription in a list of sets needs a level: beginner, intermediate or advanced at line 1 column 3"
        );
        assert_eq!(
            yaml_err("- {level: beginner, sets: 2, reps: 10}\n- {level: beginner, sets: 3, reps: 10}\n"),
            ".[1]: level \"beginner\" is given twice in sets: give each level once at line 2 column 3"
        );
        assert_eq!(
            yaml_err("[]"),
            "sets is an empty list: give one prescription such as 3x8-12, or one mapping per level"
        );
        assert!(yaml_err("- 3x10\n").contains("expected a mapping with level, sets and reps"));
    }

    #[test]
    fn tempo_forms() {
        for ok in ["3-1-1", "2-0-1-0", "3-0-x-1", "10-0-1"] {
            assert!(check_tempo(ok).is_ok(), "{ok}");
        }
        for bad in ["3-1", "3-1-1-1-1", "310", "3--1", "a-1-1", "100-1-1"] {
            assert!(check_tempo(bad).is_err(), "{bad}");
        }
    }
}
