//! The bodies of workouts, posts, pages, muscles, equipment and sections, turned to HTML once
//! per render, in parallel, with what each post and page links to; from that come the
//! "mentioned in" lists. An exercise's body is made in its own page's job instead.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::diagnostics::Diagnostics;
use crate::model::*;
use crate::render::markdown::{self, Env};
use crate::render::shortcode::Call;
use crate::render::Renderer;
use crate::serve::update::CachedBody;
use crate::source::load::Source;

/// A page's body as Markdown, with its file.
pub(crate) fn meta_text(meta: &Meta) -> Option<(&str, Option<&Source>)> {
    let src = meta.source.as_deref()?;
    Some((src.body(), Some(src)))
}

/// A muscle's or piece of equipment's body as Markdown: its file's, or else the catalogue's
/// description.
pub(crate) fn term_text(term: &Term) -> Option<(&str, Option<&Source>)> {
    match (&term.meta.source, &term.description) {
        (Some(src), _) if !src.body().trim().is_empty() => Some((src.body(), Some(src))),
        (_, Some(d)) => Some((d, None)),
        _ => None,
    }
}

/// A body kept for the rest of the build (and by `serve`), without the spare capacity its
/// growth left.
pub(crate) fn kept(mut html: String) -> String {
    html.shrink_to_fit();
    html
}

/// Every body as HTML, and which posts and pages link to what. Exercise bodies are the
/// exception: they are most of a guide, only their own page shows them, so each is made in
/// its page's job and not kept.
#[derive(Default, Clone)]
pub struct Bodies {
    pub(crate) workouts: Vec<String>,
    pub(crate) programs: Vec<String>,
    pub(crate) posts: Vec<String>,
    pub(crate) pages: Vec<String>,
    pub(crate) muscles: Vec<String>,
    pub(crate) equipment: Vec<String>,
    pub(crate) sections: HashMap<String, String>,
    /// Posts and pages that link to or embed each target.
    pub(crate) mentions: HashMap<Target, Vec<Target>>,
    /// What each post and page links to or embeds.
    pub(crate) outgoing: HashMap<Target, Vec<Target>>,
}

impl Bodies {
    /// The HTML of a target's body.
    pub(crate) fn slot(&mut self, target: &Target) -> Option<&mut String> {
        match target {
            Target::Exercise(_) => None,
            Target::Workout(i) => self.workouts.get_mut(*i),
            Target::Program(i) => self.programs.get_mut(*i),
            Target::Muscle(i) => self.muscles.get_mut(*i),
            Target::Equipment(i) => self.equipment.get_mut(*i),
            Target::Post(i) => self.posts.get_mut(*i),
            Target::Page(i) => self.pages.get_mut(*i),
            Target::Section(s) => self.sections.get_mut(s),
        }
    }

    /// Works out the "mentioned in" lists from what each post and page links to, posts
    /// (newest first) before pages, as a full build does.
    pub(crate) fn recount_mentions(&mut self, posts: usize, pages: usize) {
        let mut mentions: HashMap<Target, Vec<Target>> = HashMap::new();
        let sources = (0..posts)
            .map(Target::Post)
            .chain((0..pages).map(Target::Page));
        for from in sources {
            for to in self.outgoing.get(&from).into_iter().flatten() {
                if *to != from {
                    let list = mentions.entry(to.clone()).or_default();
                    if !list.contains(&from) {
                        list.push(from.clone());
                    }
                }
            }
        }
        self.mentions = mentions;
    }
}

impl Renderer<'_> {
    /// Turns every body into HTML and works out what mentions what.
    pub(crate) fn render_bodies(&mut self) -> Diagnostics {
        let g = self.guide;
        // `spotter serve` keeps the bodies with what they were made from; a build does not.
        let cached_bodies = self
            .cache
            .as_mut()
            .map(|c| std::mem::take(&mut c.cached_bodies));
        let cached_bodies = cached_bodies.as_ref();
        let kept_or_made = |target: Target, text: Option<(&str, Option<&Source>)>| {
            text.map(|(text, src)| self.kept_body(target, text, src, cached_bodies))
                .unwrap_or_default()
        };
        let body_of = |target: Target, meta: &Meta| kept_or_made(target, meta_text(meta));
        let term_body = |target: Target, term: &Term| kept_or_made(target, term_text(term));
        let workouts: Vec<_> = (g.workouts.par_iter().enumerate())
            .map(|(i, w)| body_of(Target::Workout(i), &w.meta))
            .collect();
        let programs: Vec<_> = (g.programs.par_iter().enumerate())
            .map(|(i, p)| body_of(Target::Program(i), &p.meta))
            .collect();
        let posts: Vec<_> = (g.posts.par_iter().enumerate())
            .map(|(i, p)| body_of(Target::Post(i), &p.meta))
            .collect();
        let pages: Vec<_> = (g.pages.par_iter().enumerate())
            .map(|(i, p)| body_of(Target::Page(i), &p.meta))
            .collect();
        let muscles: Vec<_> = g
            .muscles
            .par_iter()
            .enumerate()
            .map(|(i, m)| {
                if g.muscle_is_listed(i) {
                    term_body(Target::Muscle(i), &m.term)
                } else {
                    Default::default()
                }
            })
            .collect();
        let equipment: Vec<_> = g
            .equipment
            .par_iter()
            .enumerate()
            .map(|(i, e)| {
                if g.equipment_is_listed(i) {
                    term_body(Target::Equipment(i), &e.term)
                } else {
                    Default::default()
                }
            })
            .collect();
        let mut sections: Vec<(&String, &crate::model::Page)> = g.sections.iter().collect();
        sections.sort_by(|a, b| a.0.cmp(b.0));
        let sections: Vec<_> = sections
            .into_iter()
            .map(|(k, p)| (k.clone(), body_of(Target::Section(k.clone()), &p.meta)))
            .collect();
        // What was made is kept for the next update (all of it: a body no longer there is
        // simply not asked for).
        if let Some(cache) = &mut self.cache {
            let all = (workouts.iter())
                .chain(&programs)
                .chain(&posts)
                .chain(&pages)
                .chain(&muscles)
                .chain(&equipment)
                .chain(sections.iter().map(|(_, made)| made));
            cache.cached_bodies = all
                .filter_map(|(target, made)| Some((target.clone()?, made.clone())))
                .collect();
        }

        let mut diags = Diagnostics::new();
        let mut outgoing: HashMap<Target, Vec<Target>> = HashMap::new();
        for (i, (_, body)) in posts.iter().enumerate() {
            outgoing.insert(Target::Post(i), body.html.refs.clone());
        }
        for (i, (_, body)) in pages.iter().enumerate() {
            outgoing.insert(Target::Page(i), body.html.refs.clone());
        }
        let mut take = |list: Vec<(Option<Target>, CachedBody)>| -> Vec<String> {
            list.into_iter()
                .map(|(_, body)| {
                    diags.extend(body.errors);
                    kept(body.html.html)
                })
                .collect()
        };
        self.parts.bodies = Bodies {
            workouts: take(workouts),
            programs: take(programs),
            posts: take(posts),
            pages: take(pages),
            muscles: take(muscles),
            equipment: take(equipment),
            sections: HashMap::new(),
            mentions: HashMap::new(),
            outgoing,
        };
        self.parts
            .bodies
            .recount_mentions(g.posts.len(), g.pages.len());
        for (k, (_, body)) in sections {
            diags.extend(body.errors);
            self.parts.bodies.sections.insert(k, body.html.html);
        }
        diags
    }

    /// Markdown `text` (the body of `source`, if any) as HTML, with the problems found in it.
    pub(crate) fn markdown(
        &self,
        text: &str,
        source: Option<&Source>,
    ) -> (markdown::Html, Vec<Diagnostic>) {
        let shortcodes = |call: &Call| self.shortcode(call);
        let env = Env {
            guide: self.guide,
            shortcodes: &shortcodes,
        };
        markdown::render(&env, text, source)
    }

    /// A page's body as HTML, with the problems found in it.
    pub(crate) fn body(&self, meta: &Meta) -> (markdown::Html, Vec<Diagnostic>) {
        (meta_text(meta).map(|(text, src)| self.markdown(text, src))).unwrap_or_default()
    }

    /// The body `text` of `target` (of `source`) as `kept` holds it when it was made from
    /// the same inputs, else made again; with its target, to be kept. A build keeps nothing
    /// (`kept` is `None`): its bodies are made, not fingerprinted.
    pub(crate) fn kept_body(
        &self,
        target: Target,
        text: &str,
        source: Option<&Source>,
        kept: Option<&HashMap<Target, CachedBody>>,
    ) -> (Option<Target>, CachedBody) {
        if let Some(k) = kept.and_then(|kept| kept.get(&target)) {
            if k.fingerprint.is_some()
                && k.fingerprint == self.body_fingerprint(text, source, &k.html)
            {
                return (Some(target), k.clone());
            }
        }
        let (html, errors) = self.markdown(text, source);
        let fingerprint = kept.and_then(|_| self.body_fingerprint(text, source, &html));
        (
            Some(target),
            CachedBody {
                fingerprint,
                html,
                errors,
            },
        )
    }

    /// A muscle's or piece of equipment's body: its file's, or else the catalogue's description.
    pub(crate) fn term_body(&self, term: &Term) -> (markdown::Html, Vec<Diagnostic>) {
        (term_text(term).map(|(text, src)| self.markdown(text, src))).unwrap_or_default()
    }

    /// The body of the page `target`, made as a full render makes it.
    pub(crate) fn body_of(&self, target: &Target) -> (markdown::Html, Vec<Diagnostic>) {
        let g = self.guide;
        match target {
            Target::Muscle(i) => self.term_body(&g.muscles[*i].term),
            Target::Equipment(i) => self.term_body(&g.equipment[*i].term),
            other => g.meta(other).map(|m| self.body(m)).unwrap_or_default(),
        }
    }
}
