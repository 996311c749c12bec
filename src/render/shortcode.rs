//! Shortcodes: `{{ name(key="value", n=3) }}` on a line of its own embeds a template from the
//! theme's (or the site's) `templates/shortcodes/NAME.html`. This module only reads the call;
//! what it renders to is the render stage's business.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use crate::diagnostics::did_you_mean;
use crate::model::Target;
use crate::render::markdown::{Embed, ShortcodeError};
use crate::render::Renderer;

/// One shortcode call.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Call {
    /// The shortcode's name: its template is `shortcodes/NAME.html`.
    pub name: String,
    /// The arguments by name.
    pub args: BTreeMap<String, Arg>,
}

/// An argument's value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Arg {
    /// `"text"`.
    Text(String),
    /// `3`, `-1.5`.
    Number(f64),
    /// `true` or `false`.
    Bool(bool),
}

impl Call {
    /// The text argument `name`, if given as text.
    pub fn text(&self, name: &str) -> Option<&str> {
        match self.args.get(name) {
            Some(Arg::Text(s)) => Some(s),
            _ => None,
        }
    }
}

/// Whether `line` looks like a shortcode call (`{{ ... }}` and nothing else).
pub fn looks_like_call(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("{{") && t.ends_with("}}") && !t.contains('\n')
}

/// Reads a call from a line like `{{ exercise(slug="row") }}`.
pub fn parse(line: &str) -> Result<Call, String> {
    let inner = line
        .trim()
        .strip_prefix("{{")
        .and_then(|s| s.strip_suffix("}}"))
        .ok_or("not a shortcode")?
        .trim();
    let open = inner.find('(').ok_or_else(|| {
        format!("cannot read shortcode `{inner}`: expected NAME(ARGS), e.g. exercise(slug=\"row\")")
    })?;
    let name = inner[..open].trim();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(format!("cannot read shortcode name \"{name}\""));
    }
    let rest = inner[open + 1..].trim_end();
    let body = rest
        .strip_suffix(')')
        .ok_or_else(|| format!("shortcode `{name}` is missing its closing parenthesis"))?;
    let mut args = BTreeMap::new();
    let mut chars = body.char_indices().peekable();
    loop {
        while chars
            .next_if(|(_, c)| c.is_whitespace() || *c == ',')
            .is_some()
        {}
        let Some(&(start, _)) = chars.peek() else {
            break;
        };
        while chars
            .next_if(|(_, c)| c.is_ascii_alphanumeric() || *c == '_')
            .is_some()
        {}
        let end = chars.peek().map_or(body.len(), |&(i, _)| i);
        let key = &body[start..end];
        if key.is_empty() {
            return Err(format!(
                "cannot read the arguments of shortcode `{name}`: expected key=value"
            ));
        }
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        if chars.next().map(|(_, c)| c) != Some('=') {
            return Err(format!(
                "argument `{key}` of shortcode `{name}` needs a value: {key}=\"...\""
            ));
        }
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        let value = match chars.peek().map(|&(_, c)| c) {
            Some(q @ ('"' | '\'')) => {
                chars.next();
                let mut s = String::new();
                let mut closed = false;
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' => {
                            if let Some((_, n)) = chars.next() {
                                s.push(n);
                            }
                        }
                        c if c == q => {
                            closed = true;
                            break;
                        }
                        c => s.push(c),
                    }
                }
                if !closed {
                    return Err(format!(
                        "argument `{key}` of shortcode `{name}` has an unclosed string"
                    ));
                }
                Arg::Text(s)
            }
            _ => {
                let vstart = chars.peek().map_or(body.len(), |&(i, _)| i);
                while chars
                    .next_if(|(_, c)| !c.is_whitespace() && *c != ',')
                    .is_some()
                {}
                let vend = chars.peek().map_or(body.len(), |&(i, _)| i);
                let raw = &body[vstart..vend];
                match raw {
                    "true" => Arg::Bool(true),
                    "false" => Arg::Bool(false),
                    _ => Arg::Number(raw.parse().map_err(|_| {
                        format!("argument `{key}` of shortcode `{name}`: `{raw}` is not a quoted string, a number, true or false")
                    })?),
                }
            }
        };
        if args.insert(key.to_string(), value).is_some() {
            return Err(format!(
                "argument `{key}` is given twice to shortcode `{name}`"
            ));
        }
    }
    Ok(Call {
        name: name.to_string(),
        args,
    })
}

impl Renderer<'_> {
    /// Renders one shortcode call.
    pub(crate) fn shortcode(&self, call: &Call) -> Result<Embed, ShortcodeError> {
        let g = self.guide;
        let name = call.name.as_str();
        let template = format!("shortcodes/{name}.html");
        let fail = |message: String, hint: Option<String>, at: Option<&str>| ShortcodeError {
            message,
            hint,
            at: at.map(str::to_string),
        };
        if !self.theme.has_shortcode(name) {
            let known = self.theme.shortcode_names();
            let hint = match did_you_mean(name, known.iter().copied()) {
                Some(best) => format!("did you mean \"{best}\"?"),
                None => format!("known shortcodes: {}", known.join(", ")),
            };
            return Err(fail(
                format!("unknown shortcode \"{name}\""),
                Some(hint),
                Some(name),
            ));
        }
        let mut ctx = Context::new();
        ctx.insert("site", &self.site_value);
        let target = match name {
            "exercise" | "workout" => {
                let Some(slug) = call.text("slug") else {
                    return Err(fail(
                        format!("shortcode \"{name}\" needs a slug"),
                        Some(format!("write {{{{ {name}(slug=\"...\") }}}}")),
                        Some(name),
                    ));
                };
                let slugs: Vec<&str> = if name == "exercise" {
                    g.exercises.iter().map(|e| e.meta.slug.as_str()).collect()
                } else {
                    g.workouts.iter().map(|w| w.meta.slug.as_str()).collect()
                };
                let Some(id) = slugs.iter().position(|x| *x == slug) else {
                    let hint = did_you_mean(slug, slugs.iter().copied())
                        .map(|b| format!("did you mean \"{b}\"?"));
                    return Err(fail(
                        format!("unknown {name} \"{slug}\" in shortcode"),
                        hint,
                        Some(slug),
                    ));
                };
                if name == "exercise" {
                    ctx.insert("exercise", &self.views.exercise_view(id, "", Vec::new()));
                    Some(Target::Exercise(id))
                } else {
                    ctx.insert("workout", &self.views.workout_view(id, "", Vec::new()));
                    Some(Target::Workout(id))
                }
            }
            _ => {
                ctx.insert("args", &call.args);
                None
            }
        };
        self.theme
            .tera
            .render(&template, &ctx)
            .map(|html| Embed { html, target })
            .map_err(|e| {
                fail(
                    format!(
                        "shortcode template {} failed: {}",
                        self.theme.origin(&template).display(),
                        crate::render::theme::error_chain(&e)
                    ),
                    None,
                    None,
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_calls() {
        let c = parse("{{ exercise(slug=\"band-pull-apart\") }}").unwrap();
        assert_eq!(c.name, "exercise");
        assert_eq!(c.text("slug"), Some("band-pull-apart"));
        let c = parse("{{ note(text='a, \"b\"', n=3, big=true) }}").unwrap();
        assert_eq!(c.args["text"], Arg::Text("a, \"b\"".into()));
        assert_eq!(c.args["n"], Arg::Number(3.0));
        assert_eq!(c.args["big"], Arg::Bool(true));
        assert!(parse("{{ nothing() }}").unwrap().args.is_empty());
    }

    #[test]
    fn reports_what_is_wrong() {
        assert_eq!(
            parse("{{ exercise }}").unwrap_err(),
            "cannot read shortcode `exercise`: expected NAME(ARGS), e.g. exercise(slug=\"row\")"
        );
        assert_eq!(
            parse("{{ exercise(slug=\"x) }}").unwrap_err(),
            "argument `slug` of shortcode `exercise` has an unclosed string"
        );
        assert_eq!(
            parse("{{ exercise(slug) }}").unwrap_err(),
            "argument `slug` of shortcode `exercise` needs a value: slug=\"...\""
        );
        assert_eq!(
            parse("{{ e(a=1, a=2) }}").unwrap_err(),
            "argument `a` is given twice to shortcode `e`"
        );
    }
}
