//! The body map's regions: the areas a theme's drawing outlines (the default theme's is
//! `static/bodymap.svg`, one element `r-REGION` per region), and what a muscle says of them.
//!
//! A muscle draws the regions of its `map:` and those of its parts (a muscle whose `parent:` it
//! is), so the deltoids light the three heads. `map: none` says a muscle is not drawn; a muscle
//! that says nothing and has no parts is drawn as the area of its `region:` (the upper back's,
//! the legs'), so a guide's own muscle shows somewhere. This module only knows the names; the
//! parts and wholes are linked in `model::link::parts`.

use serde::{Deserialize, Serialize};

/// Every region of the drawing, from head to foot. A region is named after the muscle it
/// outlines; the ones a muscle lies under (`pectoralis-minor`, `supraspinatus`) are outlined only
/// when they are lit.
pub const REGIONS: [&str; 40] = [
    "neck",
    "levator-scapulae",
    "upper-trapezius",
    "middle-trapezius",
    "lower-trapezius",
    "anterior-deltoid",
    "lateral-deltoid",
    "posterior-deltoid",
    "supraspinatus",
    "infraspinatus",
    "teres-minor",
    "teres-major",
    "rhomboids",
    "latissimus-dorsi",
    "upper-chest",
    "pectoralis-major",
    "pectoralis-minor",
    "serratus-anterior",
    "biceps",
    "brachialis",
    "triceps",
    "forearm-flexors",
    "forearm-extensors",
    "abdominals",
    "lower-abs",
    "obliques",
    "erector-spinae",
    "quadratus-lumborum",
    "gluteus-maximus",
    "gluteus-medius",
    "hip-rotators",
    "hip-flexors",
    "hip-abductors",
    "hip-adductors",
    "quadriceps",
    "hamstrings",
    "gastrocnemius",
    "soleus",
    "tibialis-anterior",
    "peroneals",
];

/// The regions of muscles that lie under others (`pectoralis-minor` under the pectoralis
/// major): the drawing outlines them only when they are lit.
pub const HIDDEN: [&str; 5] = [
    "levator-scapulae",
    "supraspinatus",
    "pectoralis-minor",
    "quadratus-lumborum",
    "hip-rotators",
];

/// What a muscle's `map:` says: the regions it outlines, or `none` (it is not drawn).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MapSpec {
    /// `map: [rhomboids]`: these regions.
    Regions(Vec<String>),
    /// `map: none`, or one region written without brackets.
    Word(String),
}

impl MapSpec {
    /// The region names written, none for `none`.
    pub fn names(&self) -> Vec<&str> {
        match self {
            MapSpec::Word(w) if w.trim().eq_ignore_ascii_case("none") => Vec::new(),
            MapSpec::Word(w) => vec![w.trim()],
            MapSpec::Regions(list) => list.iter().map(|r| r.trim()).collect(),
        }
    }
}

/// The region named `name` (as written, in any case), if the drawing has it.
pub fn region(name: &str) -> Option<&'static str> {
    let key = crate::source::slug::slugify(name);
    REGIONS.iter().copied().find(|r| *r == key)
}

/// The area of a body region (`upper-back`, one of [`crate::model::catalogue::REGIONS`]): what
/// a muscle that names only its `region:` is drawn as.
pub fn area_of(region: &str) -> &'static [&'static str] {
    match region {
        "neck" => &["neck"],
        "shoulders" => &["anterior-deltoid", "lateral-deltoid", "posterior-deltoid"],
        "chest" => &["upper-chest", "pectoralis-major"],
        "upper-back" => &[
            "middle-trapezius",
            "lower-trapezius",
            "rhomboids",
            "infraspinatus",
            "teres-minor",
            "teres-major",
        ],
        "arms" => &["biceps", "brachialis", "triceps"],
        "forearms" => &["forearm-flexors", "forearm-extensors"],
        "core" => &["abdominals", "lower-abs", "obliques"],
        "lower-back" => &["erector-spinae"],
        "hips" => &["gluteus-maximus", "gluteus-medius", "hip-flexors"],
        "legs" => &["quadriceps", "hamstrings", "gastrocnemius", "soleus"],
        _ => &[],
    }
}

/// `regions` in the drawing's order, each once.
pub fn in_order(regions: impl IntoIterator<Item = &'static str>) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = regions.into_iter().collect();
    out.sort_by_key(|r| REGIONS.iter().position(|x| x == r));
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_is_found_in_any_case_and_spelling() {
        assert_eq!(region("Rhomboids"), Some("rhomboids"));
        assert_eq!(region("lower abs"), Some("lower-abs"));
        assert_eq!(region("rhomboid"), None);
    }

    #[test]
    fn every_area_is_made_of_regions() {
        for coarse in crate::model::catalogue::REGIONS {
            let area = area_of(coarse);
            assert!(!area.is_empty(), "{coarse} has no area");
            assert!(
                area.iter().all(|r| REGIONS.contains(r)),
                "{coarse}: {area:?}"
            );
        }
    }

    #[test]
    fn map_none_names_nothing() {
        let none: MapSpec = serde_yaml::from_str("none").unwrap();
        assert_eq!(none.names(), Vec::<&str>::new());
        let two: MapSpec = serde_yaml::from_str("[rhomboids, lower abs]").unwrap();
        assert_eq!(two.names(), ["rhomboids", "lower abs"]);
        assert_eq!(in_order(["soleus", "neck", "soleus"]), ["neck", "soleus"]);
    }
}
