//! Why a substitute is one, in a sentence for its exercise's page: what it works of the
//! exercise's muscles, what it needs instead, and how hard it is beside it.
//!
//! `Works the rhomboids and trapezius too; needs a resistance band instead of dumbbells;
//! harder (advanced).`

use crate::model::substitutes::Substitute;
use crate::model::Id;
use crate::render::context::TermLink;
use crate::source::prescription::Level;

/// How many substitutes an exercise's page lists.
pub const SUBSTITUTES: usize = 6;

/// The reason `s` is a substitute, given the levels (of the exercise, of the substitute)
/// and every muscle and piece of equipment as linked.
pub fn reason(
    s: &Substitute,
    (level, its_level): (Option<Level>, Option<Level>),
    muscles: &[TermLink],
    equipment: &[TermLink],
) -> String {
    let muscle_names =
        |ids: &[Id]| listed(ids.iter().map(|&m| lowercase(&muscles[m].title)), "and");
    let kit_names = |ids: &[Id]| {
        listed(
            ids.iter().map(|&q| with_article(&equipment[q].title)),
            "and",
        )
    };
    let mut parts = vec![format!("works the {} too", muscle_names(&s.shared))];
    if !s.also.is_empty() {
        parts[0].push_str(&format!(", and the {}", muscle_names(&s.also)));
    }
    match (s.needs.is_empty(), s.spares.is_empty()) {
        (true, true) => {}
        (false, true) => parts.push(format!("needs {} as well", kit_names(&s.needs))),
        (true, false) => {
            let spared = s.spares.iter().map(|&q| lowercase(&equipment[q].title));
            parts.push(format!("needs no {}", listed(spared, "or")));
        }
        (_, _) => parts.push(format!(
            "needs {} instead of {}",
            kit_names(&s.needs),
            kit_names(&s.spares)
        )),
    }
    if let (Some(a), Some(b)) = (level, its_level) {
        if a != b {
            let way = if b > a { "harder" } else { "easier" };
            parts.push(format!("{way} ({})", b.as_str()));
        }
    }
    let mut text = parts.join("; ");
    if let Some(first) = text.get(..1) {
        text.replace_range(..1, &first.to_uppercase());
    }
    text.push('.');
    text
}

/// `a`, `a and b`, `a, b and c` (or `or` for `and`).
fn listed(items: impl Iterator<Item = String>, and: &str) -> String {
    let items: Vec<String> = items.collect();
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {and} {last}", rest.join(", ")),
    }
}

/// A name as it reads inside a sentence: each word's capital lowered, unless the word is
/// capitals throughout (`TRX`, `EZ`).
fn lowercase(name: &str) -> String {
    name.split(' ')
        .map(|w| {
            let acronym = w.chars().filter(|c| c.is_alphabetic()).count() > 1
                && w.chars().all(|c| !c.is_lowercase());
            if acronym {
                w.to_string()
            } else {
                w.to_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A piece of equipment as one needs it: `dumbbells`, `a resistance band`, `an EZ bar`.
fn with_article(title: &str) -> String {
    let name = lowercase(title);
    let plural = name.ends_with('s') && !name.ends_with("ss");
    if plural {
        return name;
    }
    let vowel = name.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']);
    format!("{} {name}", if vowel { "an" } else { "a" })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(titles: &[&str]) -> Vec<TermLink> {
        titles
            .iter()
            .map(|t| TermLink {
                slug: t.to_lowercase().replace(' ', "-"),
                title: t.to_string(),
                url: String::new(),
                region: None,
            })
            .collect()
    }

    fn sub(shared: &[Id], also: &[Id], needs: &[Id], spares: &[Id]) -> Substitute {
        Substitute {
            id: 0,
            shared: shared.to_vec(),
            also: also.to_vec(),
            needs: needs.to_vec(),
            spares: spares.to_vec(),
        }
    }

    #[test]
    fn a_reason_names_the_muscles_the_equipment_and_the_level() {
        let muscles = links(&["Rhomboids", "Trapezius", "Latissimus dorsi"]);
        let kit = links(&["Dumbbells", "Resistance band", "EZ curl bar", "Bench"]);
        let levels = (Some(Level::Beginner), Some(Level::Beginner));
        let say = |s: &Substitute, l| reason(s, l, &muscles, &kit);
        assert_eq!(
            say(&sub(&[0, 1], &[], &[1], &[0]), levels),
            "Works the rhomboids and trapezius too; needs a resistance band instead of dumbbells."
        );
        assert_eq!(
            say(&sub(&[0], &[2], &[3], &[]), (Some(Level::Beginner), Some(Level::Advanced))),
            "Works the rhomboids too, and the latissimus dorsi; needs a bench as well; harder (advanced)."
        );
        assert_eq!(
            say(
                &sub(&[1], &[], &[], &[0, 3]),
                (Some(Level::Intermediate), Some(Level::Beginner))
            ),
            "Works the trapezius too; needs no dumbbells or bench; easier (beginner)."
        );
        assert_eq!(
            say(&sub(&[0], &[], &[2], &[1]), (None, Some(Level::Advanced))),
            "Works the rhomboids too; needs an EZ curl bar instead of a resistance band."
        );
        assert_eq!(
            say(&sub(&[2], &[], &[], &[]), levels),
            "Works the latissimus dorsi too."
        );
    }
}
