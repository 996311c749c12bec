//! Property tests of the `sets:` language (`src/source/prescription/`): every form the SPEC allows
//! reads as the value it was made from, and what Spotter prints reads back as the same value.
//!
//! The generators write each value in every spelling the SPEC and the module allow: the
//! shorthand `SETSxREPS[ per side]` with `x`, `X` or `×` and any spacing, REPS as a count, a
//! range, a hold or `max`; the mapping form with its keys in any order, in block or flow
//! style; and lists with one prescription per level. Durations likewise (`30s`, `45 sec`,
//! `1m30s`, `1:30`, ...). Loads (`load: 12kg`) are not part of the language yet.

use crate::fuzz_targets as targets;

use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use spotter::internals::{Level, Load, Prescription, Reps, Seconds, Sets};

// ---------------------------------------------------------------------------------------------
// Generators: a value and a text that must read as it

/// A number of seconds, written with seconds only: `45`, `45s`, `45 sec`, `45 Seconds`.
fn seconds_text() -> impl Strategy<Value = (String, u32)> {
    let unit = select(vec!["", "s", " s", "sec", " secs", " seconds", "S", " Sec"]);
    (0u32..100_000, unit).prop_map(|(n, unit)| (format!("{n}{unit}"), n))
}

/// Minutes and seconds: `2min`, `2 m`, `1m30s`, `1m 30s`, `1 min 30 s`, `1m30`, `1:30`.
fn minutes_text() -> impl Strategy<Value = (String, u32)> {
    let minutes = select(vec!["m", "min", " min", " mins", " minutes", "M", " Min"]);
    let seconds = select(vec!["s", " s", "sec", " seconds", ""]);
    let gap = select(vec!["", " ", "  "]);
    (0u32..1000, 0u32..60, minutes, gap, seconds, any::<bool>()).prop_map(
        |(m, s, minutes, gap, seconds, colon)| {
            let text = if colon {
                format!("{m}:{s:02}")
            } else if s == 0 && seconds.is_empty() {
                format!("{m}{minutes}")
            } else {
                format!("{m}{minutes}{gap}{s}{seconds}")
            };
            (text, m * 60 + s)
        },
    )
}

/// Any duration, with spaces around it sometimes.
fn duration_text() -> impl Strategy<Value = (String, Seconds)> {
    (prop_oneof![seconds_text(), minutes_text()], any::<bool>()).prop_map(|((text, n), pad)| {
        let text = if pad { format!("  {text} ") } else { text };
        (text, Seconds(n))
    })
}

/// Reps: `10`, `8-12`, `8–12`, `8 — 12`, a hold of at least a second, `max`, `AMRAP`.
fn reps_text() -> impl Strategy<Value = (String, Reps)> {
    let count = (1u32..1000).prop_map(|n| (n.to_string(), Reps::Count(n)));
    let dash = select(vec!["-", "–", "—", " - ", " – "]);
    let range = (1u32..500, 1u32..500, dash).prop_map(|(lo, more, dash)| {
        (
            format!("{lo}{dash}{}", lo + more),
            Reps::Range(lo, lo + more),
        )
    });
    let hold = duration_text()
        .prop_filter(
            "a hold lasts a second or more, and a bare number is a count",
            |(t, s)| s.0 >= 1 && !t.trim().bytes().all(|b| b.is_ascii_digit()),
        )
        .prop_map(|(text, s)| (text.trim().to_string(), Reps::Hold(s)));
    let max = select(vec!["max", "Max", "MAX", "AMRAP", "amrap"])
        .prop_map(|t| (t.to_string(), Reps::Max));
    prop_oneof![count, range, hold, max]
}

/// The shorthand `SETSxREPS[ reps][ per side]`, and the prescription it stands for.
fn shorthand_text() -> impl Strategy<Value = (String, Prescription)> {
    let sign = select(vec!["x", "X", "×", " x ", " × ", "x ", " X"]);
    let reps_word = select(vec!["", " reps", " rep", " Reps"]);
    let side = select(vec![
        "",
        "",
        "",
        " per side",
        " per arm",
        " per leg",
        " each side",
        " each arm",
        " each leg",
        "/side",
        "/arm",
        "/leg",
        " per hand",
        " Per Side",
    ]);
    (1u32..100, sign, reps_text(), reps_word, side, any::<bool>()).prop_map(
        |(sets, sign, (reps, value), word, side, pad)| {
            let text = format!("{sets}{sign}{reps}{word}{side}");
            let text = if pad { format!(" {text}  ") } else { text };
            let p = Prescription {
                per_side: !side.is_empty(),
                ..Prescription::new(sets, value)
            };
            (text, p)
        },
    )
}

fn reps() -> impl Strategy<Value = Reps> {
    prop_oneof![
        (1u32..=u32::MAX).prop_map(Reps::Count),
        (1u32..u32::MAX)
            .prop_flat_map(|lo| (Just(lo), lo + 1..=u32::MAX))
            .prop_map(|(lo, hi)| Reps::Range(lo, hi)),
        (1u32..=u32::MAX).prop_map(|s| Reps::Hold(Seconds(s))),
        Just(Reps::Max),
    ]
}

fn tempo() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        Just("x".to_string()),
        Just("X".to_string()),
        (0u32..100).prop_map(|n| n.to_string()),
        (0u32..10).prop_map(|n| format!("0{n}")),
    ];
    prop::collection::vec(part, 3..=4).prop_map(|parts| parts.join("-"))
}

fn note() -> impl Strategy<Value = String> {
    let piece = select(vec![
        "squeeze",
        " ",
        "hold: 2 s",
        "\"quoted\"",
        "it's",
        "#1",
        "- dash",
        "{x}",
        "ü",
        "\\",
        "tab\there",
    ]);
    prop::collection::vec(piece, 1..5)
        .prop_map(|pieces| pieces.concat())
        .prop_filter("a blank note is no note", |n| !n.trim().is_empty())
}

/// A prescription as the mapping form can give it (every key set or not).
fn prescription(level: Option<Level>) -> impl Strategy<Value = Prescription> {
    (
        1u32..1000,
        reps(),
        any::<bool>(),
        prop::option::of((0u32..100_000).prop_map(Seconds)),
        prop::option::of(load()),
        prop::option::of(tempo()),
        prop::option::of(note()),
    )
        .prop_map(
            move |(sets, reps, per_side, rest, load, tempo, note)| Prescription {
                level,
                sets,
                reps,
                per_side,
                rest,
                load,
                tempo,
                note,
            },
        )
}

/// A load of any kind, as a prescription may carry it.
fn load() -> impl Strategy<Value = Load> {
    prop_oneof![
        (1u32..=100_000).prop_map(Load::Kg),
        (1u32..=100_000).prop_map(Load::Lb),
        (10u32..=100).prop_map(Load::Rpe),
        (1u32..=100).prop_map(Load::Percent),
    ]
}

/// The mapping form of a prescription, its keys in any order, in block style (indented by
/// `indent`) or flow style, with each value written in one of the forms the language allows.
fn mapping_text(p: Prescription) -> impl Strategy<Value = (String, Prescription)> {
    let reps = match p.reps {
        Reps::Count(n) => Just(n.to_string()).boxed(),
        Reps::Range(lo, hi) => select(vec![
            format!("{lo}-{hi}"),
            format!("{lo} – {hi}"),
            format!("\"{lo}-{hi}\""),
        ])
        .boxed(),
        Reps::Hold(s) => {
            select(vec![s.to_string(), format!("{}s", s.0), format!("\"{s}\"")]).boxed()
        }
        Reps::Max => select(vec!["max".to_string(), "AMRAP".to_string()]).boxed(),
    };
    let rest = match p.rest {
        Some(s) => select(vec![s.0.to_string(), s.to_string(), format!("{}s", s.0)])
            .prop_map(Some)
            .boxed(),
        None => Just(None).boxed(),
    };
    (reps, rest, Just(p), any::<bool>(), any::<u64>()).prop_map(|(reps, rest, p, flow, order)| {
        let mut pairs = vec![
            ("sets".to_string(), p.sets.to_string()),
            ("reps".into(), reps),
        ];
        if p.per_side || order % 2 == 0 {
            pairs.push(("per_side".into(), p.per_side.to_string()));
        }
        if let Some(rest) = rest {
            pairs.push(("rest".into(), rest));
        }
        if let Some(load) = &p.load {
            // As shown, `12.5 kg` or `70% 1RM`, less the words a share is shown with.
            pairs.push(("load".into(), load.to_string().replace(" 1RM", "")));
        }
        if let Some(tempo) = &p.tempo {
            pairs.push(("tempo".into(), tempo.clone()));
        }
        if let Some(note) = &p.note {
            pairs.push(("note".into(), targets::quoted(note)));
        }
        if let Some(level) = p.level {
            pairs.push(("level".into(), level.to_string()));
        }
        // A rotation and maybe a reversal: every key may come first or last.
        let turn = (order as usize / 2) % pairs.len();
        pairs.rotate_left(turn);
        if order & 4 != 0 {
            pairs.reverse();
        }
        let text = if flow {
            let inner: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            format!("{{{}}}", inner.join(", "))
        } else {
            pairs.iter().map(|(k, v)| format!("{k}: {v}\n")).collect()
        };
        (text, p)
    })
}

/// A list with one prescription for each of one to three distinct levels.
fn level_list() -> impl Strategy<Value = (String, Sets)> {
    subsequence(Level::ALL.to_vec(), 1..=3)
        .prop_shuffle()
        .prop_flat_map(|levels| {
            levels
                .into_iter()
                .map(|l| prescription(Some(l)).prop_flat_map(mapping_text))
                .collect::<Vec<_>>()
        })
        .prop_map(|items| {
            let text = items
                .iter()
                .map(|(text, _)| match text.strip_prefix('{') {
                    Some(_) => format!("- {text}\n"),
                    None => format!("- {}", text.replace('\n', "\n  ").trim_end_matches(' ')),
                })
                .collect();
            (text, Sets(items.into_iter().map(|(_, p)| p).collect()))
        })
}

fn sets(text: &str) -> Result<Sets, String> {
    serde_yaml::from_str::<Sets>(text).map_err(|e| e.to_string())
}

// ---------------------------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn durations_read_in_every_form((text, want) in duration_text()) {
        prop_assert_eq!(text.parse::<Seconds>(), Ok(want), "{:?}", text);
    }

    #[test]
    fn durations_print_as_they_read(n in any::<u32>()) {
        let shown = Seconds(n).to_string();
        prop_assert_eq!(shown.parse::<Seconds>(), Ok(Seconds(n)), "{:?}", shown);
    }

    #[test]
    fn reps_read_in_every_form((text, want) in reps_text()) {
        prop_assert_eq!(text.parse::<Reps>(), Ok(want), "{:?}", text);
    }

    #[test]
    fn reps_print_as_they_read(r in reps()) {
        let shown = r.to_string();
        prop_assert_eq!(shown.parse::<Reps>(), Ok(r), "{:?}", shown);
    }

    #[test]
    fn shorthand_reads_in_every_form((text, want) in shorthand_text()) {
        prop_assert_eq!(text.parse::<Prescription>(), Ok(want.clone()), "{:?}", text);
        // The same text as the value of `sets:`.
        prop_assert_eq!(sets(&targets::quoted(&text)), Ok(Sets(vec![want])), "{:?}", text);
    }

    #[test]
    fn shorthand_summary_reads_back(sets_n in 1u32..=u32::MAX, r in reps(), per_side in any::<bool>()) {
        let p = Prescription { per_side, ..Prescription::new(sets_n, r) };
        let shown = p.summary();
        prop_assert_eq!(shown.parse::<Prescription>(), Ok(p), "{:?}", shown);
    }

    #[test]
    fn mapping_form_reads_with_keys_in_any_order(
        (text, want) in prop::option::of(select(Level::ALL.to_vec()))
            .prop_flat_map(prescription)
            .prop_flat_map(mapping_text)
    ) {
        prop_assert_eq!(sets(&text), Ok(Sets(vec![want])), "{}", text);
    }

    #[test]
    fn level_lists_read_one_prescription_per_level((text, want) in level_list()) {
        let got = sets(&text);
        prop_assert_eq!(&got, &Ok(want.clone()), "{}", text);
        for p in &want.0 {
            prop_assert_eq!(want.for_level(p.level), p);
        }
    }

    #[test]
    fn printed_sets_read_back((_, want) in level_list()) {
        let shown = targets::sets_yaml(&want);
        prop_assert_eq!(sets(&shown), Ok(want), "{}", shown);
    }
}
