//! [`Load`]: how heavy a set is meant to be, read from what a contributor writes (`12kg`,
//! `25 lb`, `RPE 8`, `70%`), and shown in the site's [`Units`], converted and rounded to the
//! plates and dumbbells a gym has.
//!
//! It is not for where a load may be written (`sets`, and a workout's items in
//! [`crate::source::front_matter`]), nor for choosing the units (`site.yaml`, [`crate::config`]).

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

/// How loads are shown: `units:` in `site.yaml`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Units {
    /// Kilograms; a load written in pounds is converted.
    #[default]
    Metric,
    /// Pounds; a load written in kilograms is converted.
    Imperial,
    /// The load as written, then the other unit in brackets: `12 kg (27.5 lb)`.
    Both,
}

impl Units {
    /// The name used in `site.yaml`: `metric`, `imperial`, `both`.
    pub fn name(self) -> &'static str {
        match self {
            Units::Metric => "metric",
            Units::Imperial => "imperial",
            Units::Both => "both",
        }
    }
}

/// A load: a weight in kilograms or pounds, an effort (RPE), or a share of the one-rep maximum.
///
/// Weights are kept in hundredths, so that `12.5kg` and `2.25 lb` are exact and a load can be
/// compared and hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase", tag = "unit", content = "value")]
pub enum Load {
    /// Kilograms, in hundredths: `12kg` is `Kg(1200)`.
    Kg(u32),
    /// Pounds, in hundredths: `25lb` is `Lb(2500)`.
    Lb(u32),
    /// Rate of perceived exertion, 1 to 10, in tenths: `RPE 8.5` is `Rpe(85)`.
    Rpe(u32),
    /// Per cent of the one-rep maximum, 1 to 100: `70%` is `Percent(70)`.
    Percent(u32),
}

/// Kilograms in a pound, exactly.
const KG_PER_LB: f64 = 0.453_592_37;
/// The step a load converted to kilograms is rounded to: the smallest plate most gyms have.
pub const KG_STEP: f64 = 1.25;
/// The step a load converted to pounds is rounded to: the smallest plate most gyms have.
pub const LB_STEP: f64 = 2.5;
/// The heaviest weight a load may name, in either unit: more is a typo.
const MAX_WEIGHT: u32 = 1000;

const LOAD_FORMS: &str = "such as 12kg, 25lb, RPE 8 or 70%";
/// What to write, after the message of an unreadable load (`; hint: ` parts a message from
/// its hint in the errors of Spotter's deserialisers).
const LOAD_HINT: &str = "; hint: write a weight (12kg, 25lb), an effort (RPE 8) or a share of the one-rep maximum (70%)";

impl Load {
    /// The load as the site shows it in `units`: `12 kg`, `27.5 lb`, `12 kg (27.5 lb)`,
    /// `RPE 8`, `70% 1RM`. An effort or a share of the maximum is the same in every unit.
    pub fn show(&self, units: Units) -> String {
        match (*self, units) {
            (Load::Rpe(tenths), _) => format!("RPE {}", decimal(tenths, 10)),
            (Load::Percent(p), _) => format!("{p}% 1RM"),
            (Load::Kg(h), Units::Metric) | (Load::Lb(h), Units::Imperial) => {
                format!("{} {}", decimal(h, 100), self.unit())
            }
            (Load::Kg(_), Units::Imperial) => format!("{} lb", step_text(self.in_lb())),
            (Load::Lb(_), Units::Metric) => format!("{} kg", step_text(self.in_kg())),
            (Load::Kg(h), Units::Both) => {
                format!("{} kg ({} lb)", decimal(h, 100), step_text(self.in_lb()))
            }
            (Load::Lb(h), Units::Both) => {
                format!("{} lb ({} kg)", decimal(h, 100), step_text(self.in_kg()))
            }
        }
    }

    /// The weight in kilograms, rounded to [`KG_STEP`] when it was written in pounds; `None`
    /// for an effort or a share.
    pub fn in_kg(&self) -> Option<f64> {
        match *self {
            Load::Kg(h) => Some(f64::from(h) / 100.0),
            Load::Lb(h) => Some(to_step(f64::from(h) / 100.0 * KG_PER_LB, KG_STEP)),
            _ => None,
        }
    }

    /// The weight in pounds, rounded to [`LB_STEP`] when it was written in kilograms; `None`
    /// for an effort or a share.
    pub fn in_lb(&self) -> Option<f64> {
        match *self {
            Load::Lb(h) => Some(f64::from(h) / 100.0),
            Load::Kg(h) => Some(to_step(f64::from(h) / 100.0 / KG_PER_LB, LB_STEP)),
            _ => None,
        }
    }

    fn unit(&self) -> &'static str {
        match self {
            Load::Kg(_) => "kg",
            Load::Lb(_) => "lb",
            Load::Rpe(_) => "RPE",
            Load::Percent(_) => "%",
        }
    }
}

impl fmt::Display for Load {
    /// The load as written, in its own unit: `12 kg`, `25 lb`, `RPE 8`, `70% 1RM`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let units = match self {
            Load::Lb(_) => Units::Imperial,
            _ => Units::Metric,
        };
        f.write_str(&self.show(units))
    }
}

/// `value` rounded to the nearest `step`, and never below one step: a light dumbbell
/// converted is still a dumbbell.
pub fn to_step(value: f64, step: f64) -> f64 {
    ((value / step).round() * step).max(step)
}

/// A weight already on a step, without trailing zeros: `27.5`, `12`, `1.25`.
fn step_text(value: Option<f64>) -> String {
    decimal((value.unwrap_or(0.0) * 100.0).round() as u32, 100)
}

/// `n / scale` in decimal without trailing zeros: `decimal(1250, 100)` is `12.5`.
fn decimal(n: u32, scale: u32) -> String {
    let (whole, frac) = (n / scale, n % scale);
    if frac == 0 {
        return whole.to_string();
    }
    let width = scale.ilog10() as usize;
    let digits = format!("{frac:0width$}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// Reads a decimal number with at most `places` digits after the point, in units of
/// `10^-places`; `None` when it is not one.
fn fixed(text: &str, places: u32) -> Option<u64> {
    let (whole, frac) = text.split_once(['.', ',']).unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(frac) || frac.len() > places as usize {
        return None;
    }
    let whole: u64 = whole.parse().ok()?;
    let mut frac_value: u64 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    for _ in frac.len()..places as usize {
        frac_value *= 10;
    }
    whole
        .checked_mul(10u64.pow(places))?
        .checked_add(frac_value)
}

impl FromStr for Load {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let lower = text.to_lowercase();
        let unreadable = || format!("cannot read \"{text}\" as a load{LOAD_HINT}");
        if text.is_empty() {
            return Err(format!("a load cannot be empty{LOAD_HINT}"));
        }
        if let Some(effort) = lower.strip_prefix("rpe") {
            let tenths = fixed(effort.trim(), 1).ok_or_else(unreadable)?;
            return match tenths {
                10..=100 => Ok(Load::Rpe(tenths as u32)),
                _ => Err(format!(
                    "cannot read \"{text}\" as a load: an RPE goes from 1 to 10; hint: write RPE 1 (very easy) to RPE 10 (not one more rep), such as RPE 8"
                )),
            };
        }
        if let Some(share) = lower.strip_suffix('%') {
            let p = fixed(share.trim(), 0).ok_or_else(unreadable)?;
            return match p {
                1..=100 => Ok(Load::Percent(p as u32)),
                _ => Err(format!(
                    "cannot read \"{text}\" as a load: a share of the one-rep maximum goes from 1% to 100%; hint: write a whole per cent, such as 70%"
                )),
            };
        }
        let number_end = lower
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(lower.len());
        let (number, unit) = (&lower[..number_end], lower[number_end..].trim());
        let hundredths = fixed(number, 2).ok_or_else(unreadable)?;
        let kind: fn(u32) -> Load = match unit {
            "kg" | "kgs" | "kilo" | "kilos" | "kilogram" | "kilograms" => Load::Kg,
            "lb" | "lbs" | "pound" | "pounds" => Load::Lb,
            "" => return Err(format!(
                "cannot read \"{text}\" as a load: it has no unit; hint: write {number}kg or {number}lb"
            )),
            _ => return Err(unreadable()),
        };
        match hundredths {
            0 => Err(format!(
                "cannot read \"{text}\" as a load: a weight must be more than 0; hint: leave `load:` out for bodyweight"
            )),
            h if h > u64::from(MAX_WEIGHT) * 100 => Err(format!(
                "cannot read \"{text}\" as a load: it is more than {MAX_WEIGHT} {unit}; hint: check the number and its unit"
            )),
            h => Ok(kind(h as u32)),
        }
    }
}

impl<'de> Deserialize<'de> for Load {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LoadVisitor;

        impl Visitor<'_> for LoadVisitor {
            type Value = Load;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "a load {LOAD_FORMS}")
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Load, E> {
                Err(E::custom(format!(
                    "cannot read {v} as a load: it has no unit; hint: write {v}kg or {v}lb"
                )))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Load, E> {
                Err(E::custom(format!("cannot read {v} as a load{LOAD_HINT}")))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Load, E> {
                Err(E::custom(format!(
                    "cannot read {v} as a load: it has no unit; hint: write {v}kg or {v}lb"
                )))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Load, E> {
                v.parse().map_err(E::custom)
            }
        }

        deserializer.deserialize_any(LoadVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(s: &str) -> Load {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn loads_parse_every_form() {
        for (text, want) in [
            ("12kg", Load::Kg(1200)),
            ("12 kg", Load::Kg(1200)),
            ("12.5kg", Load::Kg(1250)),
            ("2,25 kg", Load::Kg(225)),
            ("20 KG", Load::Kg(2000)),
            ("16 kilos", Load::Kg(1600)),
            ("25lb", Load::Lb(2500)),
            ("25 lbs", Load::Lb(2500)),
            ("2.5 pounds", Load::Lb(250)),
            ("RPE 8", Load::Rpe(80)),
            ("rpe8.5", Load::Rpe(85)),
            ("RPE 10", Load::Rpe(100)),
            ("70%", Load::Percent(70)),
            ("70 %", Load::Percent(70)),
        ] {
            assert_eq!(load(text), want, "{text}");
        }
    }

    #[test]
    fn loads_refuse_with_messages() {
        let err = |s: &str| s.parse::<Load>().unwrap_err();
        assert_eq!(
            err("12"),
            "cannot read \"12\" as a load: it has no unit; hint: write 12kg or 12lb"
        );
        assert_eq!(
            err("heavy"),
            "cannot read \"heavy\" as a load; hint: write a weight (12kg, 25lb), an effort (RPE 8) or a share of the one-rep maximum (70%)"
        );
        assert_eq!(
            err("12 stone"),
            "cannot read \"12 stone\" as a load; hint: write a weight (12kg, 25lb), an effort (RPE 8) or a share of the one-rep maximum (70%)"
        );
        assert_eq!(
            err("RPE 11"),
            "cannot read \"RPE 11\" as a load: an RPE goes from 1 to 10; hint: write RPE 1 (very easy) to RPE 10 (not one more rep), such as RPE 8"
        );
        assert_eq!(
            err("120%"),
            "cannot read \"120%\" as a load: a share of the one-rep maximum goes from 1% to 100%; hint: write a whole per cent, such as 70%"
        );
        assert_eq!(
            err("0kg"),
            "cannot read \"0kg\" as a load: a weight must be more than 0; hint: leave `load:` out for bodyweight"
        );
        assert_eq!(
            err("2000 kg"),
            "cannot read \"2000 kg\" as a load: it is more than 1000 kg; hint: check the number and its unit"
        );
        for bad in [
            "",
            "kg",
            "1.234kg",
            "RPE",
            "RPE 8.25",
            "7.5%",
            "-5kg",
            "1..2kg",
            "99999999999999999999kg",
        ] {
            assert!(bad.parse::<Load>().is_err(), "{bad}");
        }
    }

    #[test]
    fn conversions_round_to_plates() {
        // 12 kg is 26.46 lb: the nearest 2.5 lb step is 27.5.
        assert_eq!(Load::Kg(1200).in_lb(), Some(27.5));
        // 25 lb is 11.34 kg: the nearest 1.25 kg step is 11.25.
        assert_eq!(Load::Lb(2500).in_kg(), Some(11.25));
        // 20 kg is 44.09 lb: 45 (the common bar).
        assert_eq!(Load::Kg(2000).in_lb(), Some(45.0));
        // 45 lb is 20.41 kg: 20.
        assert_eq!(Load::Lb(4500).in_kg(), Some(20.0));
        // 100 kg is 220.46 lb: 220.
        assert_eq!(Load::Kg(10000).in_lb(), Some(220.0));
        // A light weight converted never rounds to nothing.
        assert_eq!(Load::Kg(50).in_lb(), Some(2.5));
        assert_eq!(Load::Lb(100).in_kg(), Some(1.25));
        // In its own unit, a weight is as written.
        assert_eq!(Load::Kg(1125).in_kg(), Some(11.25));
        assert_eq!(Load::Lb(1300).in_lb(), Some(13.0));
        assert_eq!(Load::Rpe(80).in_kg(), None);
        assert_eq!(to_step(3.74, 2.5), 2.5);
        assert_eq!(to_step(3.76, 2.5), 5.0);
    }

    #[test]
    fn loads_show_in_every_unit() {
        let show = |l: &str, u| load(l).show(u);
        assert_eq!(show("12kg", Units::Metric), "12 kg");
        assert_eq!(show("12kg", Units::Imperial), "27.5 lb");
        assert_eq!(show("12kg", Units::Both), "12 kg (27.5 lb)");
        assert_eq!(show("25lb", Units::Metric), "11.25 kg");
        assert_eq!(show("25lb", Units::Imperial), "25 lb");
        assert_eq!(show("25lb", Units::Both), "25 lb (11.25 kg)");
        assert_eq!(show("12.5kg", Units::Metric), "12.5 kg");
        assert_eq!(show("RPE 8", Units::Imperial), "RPE 8");
        assert_eq!(show("RPE 7.5", Units::Both), "RPE 7.5");
        assert_eq!(show("70%", Units::Both), "70% 1RM");
        assert_eq!(load("25lb").to_string(), "25 lb");
        assert_eq!(load("2.05kg").to_string(), "2.05 kg");
    }

    #[test]
    fn loads_deserialise_with_messages() {
        assert_eq!(
            serde_yaml::from_str::<Load>("12kg").unwrap(),
            Load::Kg(1200)
        );
        assert_eq!(
            serde_yaml::from_str::<Load>("12").unwrap_err().to_string(),
            "cannot read 12 as a load: it has no unit; hint: write 12kg or 12lb"
        );
        assert_eq!(serde_yaml::from_str::<Units>("both").unwrap(), Units::Both);
    }
}
