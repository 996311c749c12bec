//! The pages: one function per kind of page, each building its page's small context
//! ([`crate::render::context`]) from the shared views and handing it to
//! [`Renderer::finish`], which renders it with its template and writes it.

use std::time::Instant;

use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::render::context::*;
use crate::render::files::{page_file, SEARCH_INDEX};
use crate::render::views::{self, credit_view, json_ld};
use crate::render::{cards, feeds, media, Done, Job, Renderer};
use crate::serve::fingerprint::Ctx;
use crate::serve::list_values::ListValues;
use tera::Context;

/// A page ready to be rendered: its template and what its `page` context is made from.
pub(crate) struct Page<'a> {
    pub(crate) template: &'static str,
    pub(crate) path: String,
    pub(crate) title: String,
    pub(crate) description: Option<String>,
    pub(crate) kind: &'static str,
    pub(crate) json_ld: String,
    /// What the page's file says of it, when it has one.
    pub(crate) meta: Option<&'a Meta>,
}

impl<'g> Renderer<'g> {
    /// Renders and writes one job; returns files written and warnings.
    pub(crate) fn run(&self, job: &Job) -> Result<Done, Vec<Diagnostic>> {
        self.run_in(job, Ctx::render())
    }

    /// [`Renderer::run`] with `ctx`, or, given a [`Ctx::fingerprint`], makes the fingerprint
    /// of the page's inputs instead of the page (`spotter serve`, see
    /// [`crate::serve::fingerprint`]).
    pub(crate) fn run_in(&self, job: &Job, mut ctx: Ctx) -> Result<Done, Vec<Diagnostic>> {
        let one = |d: Diagnostic| vec![d];
        let c = &mut ctx;
        let page = match *job {
            Job::Home => self.home(c),
            // These finish themselves: they lend their items, or make the page's body.
            Job::Exercises => return self.exercise_index(ctx).map_err(one),
            Job::Exercise(id) => return self.exercise(id, ctx),
            Job::Cards => return self.deck(ctx).map_err(one),
            Job::Muscles => self.muscle_index(c),
            Job::Muscle(id) => self.muscle(id, c),
            Job::EquipmentList => self.equipment_index(c),
            Job::Equipment(id) => self.equipment(id, c),
            Job::Workouts => self.workout_index(c),
            Job::Workout(id) => self.workout(id, c),
            Job::Card(id) => self.card_page(id, c),
            Job::Log(id) => self.log_page(id, c),
            Job::Programs => self.program_index(c),
            Job::Program(id) => self.program(id, c),
            Job::ProgramSheet(id) => self.program_sheet(id, c),
            Job::Blog(n) => self.blog(n, c),
            Job::Post(id) => self.post(id, c),
            Job::Tags => self.tag_index(c),
            Job::Tag(id) => self.tag(id, c),
            Job::Page(id) => self.page(id, c),
            Job::NotFound => self.not_found(),
            Job::Search => self.plain_page(job, "search.html", "Search".into(), "search"),
            Job::Credits => self.credits(c),
            // Not made from templates: these have no fingerprint and are always made again.
            Job::Feeds | Job::SearchIndex | Job::Redirects if c.is_fingerprint() => {
                return Ok(Done::default())
            }
            Job::Feeds => return self.feeds().map(Done::files).map_err(one),
            Job::SearchIndex => return self.search_index().map_err(one),
            Job::Redirects => return self.redirects().map(Done::files).map_err(one),
        };
        self.finish(page, ctx).map_err(one)
    }

    /// A section's page (`/exercises/`, `/blog/`...), its title and text from the section's
    /// `_index.md` if any.
    pub(crate) fn section_page(
        &self,
        name: &str,
        kind: &'static str,
        template: &'static str,
        json_ld: String,
    ) -> Page<'g> {
        let g = self.guide;
        let section = g.sections.get(name);
        Page {
            template,
            path: format!("{name}/"),
            title: g.title_of(&Target::Section(name.to_string())).to_string(),
            description: section.and_then(|p| p.meta.summary.clone()),
            kind,
            json_ld,
            meta: section.map(|p| &p.meta),
        }
    }

    /// A page with no file of its own (`/tags/`, `/404.html`...).
    pub(crate) fn plain_page(
        &self,
        job: &Job,
        template: &'static str,
        title: String,
        kind: &'static str,
    ) -> Page<'g> {
        Page {
            template,
            path: job.path(self.guide).unwrap_or_default(),
            title,
            description: None,
            kind,
            json_ld: String::new(),
            meta: None,
        }
    }

    /// `/`.
    pub(crate) fn home(&self, ctx: &mut Ctx) -> Page<'g> {
        let g = self.guide;
        let v = &self.views;
        ctx.insert("intro", &self.intro(""));
        let featured: Vec<_> = g.featured.iter().map(|&i| &v.workouts[i]).collect();
        ctx.insert("featured", &featured);
        ctx.insert("workouts", &v.workouts);
        let posts: Vec<PostRef> = (0..g.posts.len().min(5)).map(|i| v.post_ref(i)).collect();
        ctx.insert("posts", &posts);
        ctx.insert("muscles", &self.listed_muscles());
        ctx.insert("equipment", &self.listed_equipment());
        let mut pages: Vec<Id> = (0..g.pages.len()).collect();
        sort_by_weight_then_title(&mut pages, |i| &g.pages[i].meta);
        let pages: Vec<_> = pages
            .iter()
            .map(|&i| v.link_ref(&Target::Page(i)))
            .collect();
        ctx.insert("pages", &pages);
        ctx.insert("exercise_count", &g.exercises.len());
        let home = g.sections.get("");
        Page {
            template: "index.html",
            path: String::new(),
            title: home.map_or_else(|| g.config.title.clone(), |p| p.meta.title.clone()),
            description: Some(g.config.description.clone()).filter(|d| !d.is_empty()),
            kind: "home",
            json_ld: json_ld::website(g),
            meta: home.map(|p| &p.meta),
        }
    }

    /// `/exercises/`: every exercise's item, lent from those kept.
    pub(crate) fn exercise_index(&self, mut ctx: Ctx) -> Result<Done, Diagnostic> {
        let g = self.guide;
        let fingerprint = ctx.is_fingerprint();
        let ordered = &g.exercise_order;
        ctx.insert("intro", &self.intro("exercises"));
        if fingerprint {
            self.insert_items(&mut ctx, "exercises", ordered);
        }
        ctx.insert("muscles", &self.listed_muscles());
        ctx.insert("equipment", &self.listed_equipment());
        ctx.insert("levels", &views::levels());
        // Made from the order of the items and their addresses, which a fingerprint holds
        // already (as the items' fingerprints, with the site's).
        let json = if fingerprint {
            String::new()
        } else {
            let paths = ordered.iter().map(|&i| g.path_of(&Target::Exercise(i)));
            json_ld::item_list(g, "Exercises", paths)
        };
        let page = self.section_page("exercises", "exercises", "exercises.html", json);
        let items = (
            self.cache.as_ref().map(|c| &c.index),
            "exercises",
            &ordered[..],
        );
        self.finish_listing(page, ctx, items, |i| {
            self.views.index_item(i, &self.parts.exercise_cards[i])
        })
    }

    /// `/exercises/SLUG/`, whose body is made here, in its page's job, and not kept.
    pub(crate) fn exercise(&self, id: Id, mut ctx: Ctx) -> Result<Done, Vec<Diagnostic>> {
        let g = self.guide;
        let v = &self.views;
        let e = &g.exercises[id];
        let target = Target::Exercise(id);
        let json = json_ld::exercise(g, id);
        let page = self.content_page("exercise.html", "exercise", &target, &e.meta, json);
        if ctx.is_fingerprint() {
            // The body's HTML is made from its text, the pictures it shows and the pages it
            // embeds.
            if let Some(source) = &e.meta.source {
                ctx.raw(source.body());
                ctx.insert("pictures", &self.body_pictures(&source.rel, source.body()));
            }
            for t in self.cache().exercise_refs.get(id).into_iter().flatten() {
                match t {
                    Target::Exercise(i) => {
                        ctx.insert("embed", &v.exercise_view(*i, "", Vec::new()))
                    }
                    // The view a workout embed shows is its card's.
                    Target::Workout(i) => {
                        ctx.insert("embed", &self.cache().card_fingerprints.get(*i))
                    }
                    _ => {}
                }
            }
            ctx.insert("exercise", &v.exercise_view(id, "", self.mentions(&target)));
            return self.finish(page, ctx).map_err(|d| vec![d]);
        }
        let started = Instant::now();
        let (body, problems) = self.body(&e.meta);
        let markdown = started.elapsed();
        if problems.iter().any(Diagnostic::is_error) {
            return Err(problems);
        }
        let view = v.exercise_view(id, &body.html, self.mentions(&target));
        ctx.insert("exercise", &view);
        let done = self.finish(page, ctx).map_err(|d| vec![d])?;
        Ok(Done {
            markdown,
            warnings: problems,
            refs: Some(body.refs),
            ..done
        })
    }

    /// `/muscles/`: the listed muscles by region.
    pub(crate) fn muscle_index(&self, ctx: &mut Ctx) -> Page<'g> {
        let mut regions: Vec<Region> = Vec::new();
        for m in self.listed_muscles() {
            let key = m.region.clone().unwrap_or_else(|| "other".into());
            match regions.iter_mut().find(|r| r.slug == key) {
                Some(r) => r.muscles.push(m),
                None => regions.push(Region {
                    title: views::region_name(&key),
                    slug: key,
                    muscles: vec![m],
                }),
            }
        }
        let order = crate::model::catalogue::REGIONS;
        regions.sort_by_key(|r| {
            let at = order.iter().position(|o| *o == r.slug);
            (at.unwrap_or(order.len()), r.slug.clone())
        });
        ctx.insert("intro", &self.intro("muscles"));
        ctx.insert("regions", &regions);
        ctx.insert("map", &self.views.clickable_map(None));
        self.section_page("muscles", "muscles", "muscles.html", String::new())
    }

    /// `/muscles/SLUG/`.
    pub(crate) fn muscle(&self, id: Id, ctx: &mut Ctx) -> Page<'g> {
        let g = self.guide;
        let m = &g.muscles[id];
        let body = &self.parts.bodies.muscles[id];
        ctx.insert("term", &self.term_view(&m.term, body, false));
        self.insert_items(ctx, "primary", &m.primary_of);
        self.insert_items(ctx, "secondary", &m.secondary_of);
        ctx.insert("map", &self.views.clickable_map(Some(id)));
        let link = |i: Id| self.views.muscle_links[i].clone();
        let listed = |i: &Id| g.muscle_is_listed(*i);
        ctx.insert("parent", &m.parent.filter(listed).map(link));
        let parts: Vec<TermLink> = (0..g.muscles.len())
            .filter(|&i| g.muscles[i].parent == Some(id) && g.muscle_is_listed(i))
            .map(link)
            .collect();
        ctx.insert("parts", &parts);
        let json = json_ld::muscle(g, id);
        self.content_page(
            "muscle.html",
            "muscle",
            &Target::Muscle(id),
            &m.term.meta,
            json,
        )
    }

    /// `/equipment/`.
    pub(crate) fn equipment_index(&self, ctx: &mut Ctx) -> Page<'g> {
        ctx.insert("intro", &self.intro("equipment"));
        ctx.insert("equipment", &self.listed_equipment());
        let template = "equipment_list.html";
        self.section_page("equipment", "equipment_list", template, String::new())
    }

    /// `/equipment/SLUG/`.
    pub(crate) fn equipment(&self, id: Id, ctx: &mut Ctx) -> Page<'g> {
        let g = self.guide;
        let e = &g.equipment[id];
        let body = &self.parts.bodies.equipment[id];
        ctx.insert("term", &self.term_view(&e.term, body, id == g.bodyweight));
        self.insert_items(ctx, "exercises", &e.used_by);
        let target = Target::Equipment(id);
        self.content_page(
            "equipment.html",
            "equipment",
            &target,
            &e.term.meta,
            String::new(),
        )
    }

    /// `/workouts/`.
    pub(crate) fn workout_index(&self, ctx: &mut Ctx) -> Page<'g> {
        let g = self.guide;
        let mut ids: Vec<Id> = (0..g.workouts.len()).collect();
        sort_by_weight_then_title(&mut ids, |i| &g.workouts[i].meta);
        ctx.insert("intro", &self.intro("workouts"));
        let workouts: Vec<_> = ids.iter().map(|&i| &self.views.workouts[i]).collect();
        ctx.insert("workouts", &workouts);
        let paths = ids.iter().map(|&i| g.path_of(&Target::Workout(i)));
        let json = json_ld::item_list(g, "Workouts", paths);
        self.section_page("workouts", "workouts", "workouts.html", json)
    }

    /// `/workouts/SLUG/`.
    pub(crate) fn workout(&self, id: Id, ctx: &mut Ctx) -> Page<'g> {
        let g = self.guide;
        let target = Target::Workout(id);
        let body = &self.parts.bodies.workouts[id];
        if ctx.is_fingerprint() {
            // The page's view is its card's, with the body and mentions added.
            ctx.insert("workout", &self.cache().card_fingerprints.get(id));
            ctx.insert("body", body);
            ctx.insert("mentions", &self.mentions(&target));
        } else {
            let view = self.views.workout_view(id, body, self.mentions(&target));
            ctx.insert("workout", &view);
        }
        ctx.insert("programs", &crate::render::programs::programs_using(g, id));
        let json = json_ld::workout(g, id, self.views.workouts[id].minutes);
        self.content_page(
            "workout.html",
            "workout",
            &target,
            &g.workouts[id].meta,
            json,
        )
    }

    /// `/cards/SLUG/`: one workout's card.
    pub(crate) fn card_page(&self, id: Id, ctx: &mut Ctx) -> Page<'g> {
        let g = self.guide;
        let card = &self.parts.cards[id];
        if ctx.is_fingerprint() {
            ctx.insert("card", &self.cache().card_fingerprints.get(id));
        } else {
            ctx.insert("card", &**card);
        }
        let w = &g.workouts[id];
        Page {
            template: "card.html",
            path: Job::Card(id).path(g).unwrap_or_default(),
            title: format!("{} — card", w.meta.title),
            description: w.meta.summary.clone(),
            kind: "card",
            json_ld: String::new(),
            meta: Some(&w.meta),
        }
    }

    /// `/cards/`: the deck, every workout's card laid out on sheets, lent from those kept.
    pub(crate) fn deck(&self, mut ctx: Ctx) -> Result<Done, Diagnostic> {
        let g = self.guide;
        let mut ids: Vec<Id> = (0..g.workouts.len()).collect();
        sort_by_weight_then_title(&mut ids, |i| &g.workouts[i].meta);
        let (columns, rows) = cards::sheet_grid(g.config.card_size, g.config.sheet_size);
        let per_sheet = columns * rows;
        let sheets: Vec<Vec<usize>> = (0..ids.len())
            .collect::<Vec<_>>()
            .chunks(per_sheet as usize)
            .map(<[usize]>::to_vec)
            .collect();
        let (w, h) = g.config.sheet_size.mm();
        if ctx.is_fingerprint() {
            let fingerprints: Vec<_> = ids
                .iter()
                .map(|&i| self.cache().card_fingerprints.get(i))
                .collect();
            ctx.insert("cards", &fingerprints);
        }
        let size = SizeCtx {
            name: g.config.sheet_size.name().into(),
            width_mm: w,
            height_mm: h,
        };
        let sheet = SheetCtx {
            size,
            columns,
            rows,
            per_sheet,
            sheets,
        };
        ctx.insert("sheet", &sheet);
        let page = Page {
            description: Some("Every workout card, laid out to print several to a sheet.".into()),
            ..self.plain_page(&Job::Cards, "cards.html", "Workout cards".into(), "cards")
        };
        let cards = (self.cache.as_ref().map(|c| &c.deck), "cards", &ids[..]);
        self.finish_listing(page, ctx, cards, |i| &*self.parts.cards[i])
    }

    /// `/blog/` and `/blog/page/N/`.
    pub(crate) fn blog(&self, n: usize, ctx: &mut Ctx) -> Page<'g> {
        let g = self.guide;
        let base = g.config.base_path();
        let per = g.config.paginate_by;
        let total = self.blog_pages();
        let posts: Vec<PostRef> = ((n - 1) * per..(n * per).min(g.posts.len()))
            .map(|i| self.views.post_ref(i))
            .collect();
        let page_url = |k: usize| {
            if k == 1 {
                format!("{base}blog/")
            } else {
                format!("{base}blog/page/{k}/")
            }
        };
        let intro = if n == 1 {
            self.intro("blog")
        } else {
            String::new()
        };
        ctx.insert("intro", &intro);
        ctx.insert("posts", &posts);
        let paginator = Paginator {
            current: n,
            total,
            previous_url: (n > 1).then(|| page_url(n - 1)),
            next_url: (n < total).then(|| page_url(n + 1)),
        };
        ctx.insert("paginator", &paginator);
        let mut p = self.section_page("blog", "blog", "blog.html", String::new());
        if n > 1 {
            p.path = Job::Blog(n).path(g).unwrap_or_default();
            p.title = format!("{} — page {n}", p.title);
        }
        p
    }

    /// `/blog/SLUG/`.
    pub(crate) fn post(&self, id: Id, ctx: &mut Ctx) -> Page<'g> {
        let g = self.guide;
        let v = &self.views;
        let p = &g.posts[id];
        let view = PostView {
            summary_ref: v.post_ref(id),
            updated: p.updated.map(|d| d.to_string()),
            body: &self.parts.bodies.posts[id],
            credit: credit_view(&p.meta),
        };
        ctx.insert("post", &view);
        ctx.insert(
            "previous",
            &(id + 1 < g.posts.len()).then(|| v.post_ref(id + 1)),
        );
        ctx.insert("next", &(id > 0).then(|| v.post_ref(id - 1)));
        let json = json_ld::post(g, id);
        self.content_page("post.html", "post", &Target::Post(id), &p.meta, json)
    }

    /// `/tags/`.
    pub(crate) fn tag_index(&self, ctx: &mut Ctx) -> Page<'g> {
        ctx.insert("tags", &self.views.tags);
        self.plain_page(&Job::Tags, "tags.html", "Tags".into(), "tags")
    }

    /// `/tags/SLUG/`.
    pub(crate) fn tag(&self, id: Id, ctx: &mut Ctx) -> Page<'g> {
        let g = self.guide;
        let v = &self.views;
        let t = &g.tags[id];
        ctx.insert("tag", &v.tags[id]);
        let posts: Vec<_> = t.posts.iter().map(|&i| v.post_ref(i)).collect();
        ctx.insert("posts", &posts);
        self.insert_items(ctx, "exercises", &t.exercises);
        let workouts: Vec<_> = t.workouts.iter().map(|&i| &v.workouts[i]).collect();
        ctx.insert("workouts", &workouts);
        let pages: Vec<_> = t
            .pages
            .iter()
            .map(|&i| v.link_ref(&Target::Page(i)))
            .collect();
        ctx.insert("pages", &pages);
        let title = format!("Tagged “{}”", t.name);
        self.plain_page(&Job::Tag(id), "tag.html", title, "tag")
    }

    /// A standalone page.
    pub(crate) fn page(&self, id: Id, ctx: &mut Ctx) -> Page<'g> {
        let p = &self.guide.pages[id];
        let view = PageView {
            title: p.meta.title.clone(),
            summary: p.meta.summary.clone(),
            body: &self.parts.bodies.pages[id],
            tags: self.views.tags_of(&p.meta.tags),
            credit: credit_view(&p.meta),
        };
        ctx.insert("content", &view);
        self.content_page(
            "page.html",
            "page",
            &Target::Page(id),
            &p.meta,
            String::new(),
        )
    }

    /// `/404.html`.
    pub(crate) fn not_found(&self) -> Page<'g> {
        self.plain_page(&Job::NotFound, "404.html", "Page not found".into(), "404")
    }

    /// `/credits/`.
    pub(crate) fn credits(&self, ctx: &mut Ctx) -> Page<'g> {
        ctx.insert("credits", &media::credits(self.guide));
        self.plain_page(&Job::Credits, "credits.html", "Credits".into(), "credits")
    }

    /// The search index: made afresh by a build, from the entries kept by `spotter serve`.
    pub(crate) fn search_index(&self) -> Result<Done, Diagnostic> {
        let json = match &self.cache {
            None => feeds::search_index(self.guide),
            Some(cache) => {
                let search = cache.search.lock();
                search.unwrap_or_else(|e| e.into_inner()).make(self.guide)
            }
        };
        self.write(SEARCH_INDEX, json.as_bytes())?;
        Ok(Done::files(1))
    }

    pub(crate) fn content_page<'a>(
        &self,
        template: &'static str,
        kind: &'static str,
        target: &Target,
        meta: &'a Meta,
        json_ld: String,
    ) -> Page<'a> {
        Page {
            template,
            path: self.guide.path_of(target),
            title: meta.title.clone(),
            description: meta.summary.clone(),
            kind,
            json_ld,
            meta: Some(meta),
        }
    }

    /// Renders `page` with `ctx` and writes it.
    pub(crate) fn finish(&self, page: Page<'_>, mut ctx: Ctx) -> Result<Done, Diagnostic> {
        self.finish_in(page, &mut ctx)
    }

    /// [`Renderer::finish`] for a page listing every card or exercise, whose items (`make`
    /// makes item `i`) go into its context under `key`, in `order`. `spotter serve` keeps
    /// their values from one render to the next (`lent`: made where there is none, lent into
    /// the context and taken back after); a build makes them for the page alone. A fingerprint
    /// holds what the caller put in it.
    pub(crate) fn finish_listing<T: serde::Serialize>(
        &self,
        page: Page<'_>,
        mut ctx: Ctx,
        (lent, key, order): (Option<&ListValues>, &str, &[Id]),
        make: impl Fn(Id) -> T,
    ) -> Result<Done, Diagnostic> {
        let Ctx::Render(c) = &mut ctx else {
            return self.finish_in(page, &mut ctx);
        };
        let failed = |e: &dyn std::fmt::Display| {
            Diagnostic::error(
                self.theme.origin(page.template),
                format!("cannot make the context of {}: {e}", page.path),
            )
        };
        let Some(lent) = lent else {
            let items = (order.iter().map(|&i| tera::to_value(make(i))))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| failed(&e))?;
            let mut map = tera::Map::new();
            map.insert(key.to_string(), tera::Value::Array(items));
            c.extend(Context::from_value(tera::Value::Object(map)).map_err(|e| failed(&e))?);
            return self.finish_in(page, &mut ctx);
        };
        lent.lend(c, key, order, make).map_err(|e| failed(&e))?;
        let done = self.finish_in(page, &mut ctx);
        if let Ctx::Render(c) = &mut ctx {
            lent.give_back(c, key, order);
        }
        done
    }

    /// [`Renderer::finish`], leaving the context to the caller (to take back what it lent).
    pub(crate) fn finish_in(&self, page: Page<'_>, ctx: &mut Ctx) -> Result<Done, Diagnostic> {
        let g = self.guide;
        let base_path = g.config.base_path();
        let url = format!("{}{}", base_path, page.path);
        let fingerprint = matches!(ctx, Ctx::Fingerprint(_));
        ctx.insert_or_fingerprint("site", &self.site_value, Some(&self.site_fingerprint));
        let title = page.title;
        ctx.insert(
            "page",
            &PageCtx {
                title: title.clone(),
                description: page
                    .description
                    .unwrap_or_else(|| g.config.description.clone()),
                permalink: g.config.absolute(&page.path),
                url: url.clone(),
                kind: page.kind,
                json_ld: page.json_ld,
                images: page.meta.map_or_else(Vec::new, |m| media::images_of(g, m)),
                video: page.meta.and_then(|m| media::video_of(g, m, &title)),
                image: media::og_image_of(g, page.meta),
                // Made from `url` and the site's navigation, both in the fingerprint already.
                nav: if fingerprint {
                    Vec::new()
                } else {
                    self.nav
                        .iter()
                        .map(|link| NavLink {
                            title: &link.title,
                            url: &link.url,
                            current: url == link.url,
                            active: url != link.url
                                && link.url != base_path
                                && url.starts_with(&link.url),
                        })
                        .collect()
                },
            },
        );
        let file = page_file(page.path);
        let ctx = match ctx {
            Ctx::Render(ctx) => ctx,
            Ctx::Fingerprint(bytes) => {
                let mut bytes = std::mem::take(bytes);
                bytes.extend_from_slice(page.template.as_bytes());
                return Ok(Done {
                    fingerprint: Some(Ctx::digest(bytes)),
                    file: Some(file),
                    ..Done::default()
                });
            }
        };
        // Pages are rendered into one buffer per thread, reused: a page is tens of kilobytes,
        // and growing a fresh string for each was a fair share of the build.
        thread_local! {
            static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        let took = BUFFER.with_borrow_mut(|html| {
            html.clear();
            let started = Instant::now();
            let rendered = self.theme.tera.render_to(page.template, ctx, &mut *html);
            let took = started.elapsed();
            rendered.map_err(|e| {
                let from = (page.meta.and_then(|m| m.source.as_deref()))
                    .map_or_else(String::new, |s| format!(" (from {})", s.path.display()));
                Diagnostic::error(
                    self.theme.origin(page.template),
                    format!(
                        "cannot render {url}{from}: {}",
                        crate::render::theme::error_chain(&e)
                    ),
                )
            })?;
            if self.script == crate::render::Script::LiveReload {
                let script = b"<script src=\"/__spotter/live.js\" defer></script>\n";
                let at = html
                    .windows(7)
                    .rposition(|w| w == b"</body>")
                    .unwrap_or(html.len());
                html.splice(at..at, script.iter().copied());
            }
            self.write(&file, html)?;
            Ok::<_, Diagnostic>(took)
        })?;
        Ok(Done {
            files: 1,
            template: Some((page.template, took)),
            ..Done::default()
        })
    }

    pub(crate) fn listed_muscles(&self) -> Vec<TermRef> {
        let g = self.guide;
        let mut ids: Vec<Id> = (0..g.muscles.len())
            .filter(|&i| g.muscle_is_listed(i))
            .collect();
        sort_by_weight_then_title(&mut ids, |i| &g.muscles[i].term.meta);
        ids.iter().map(|&i| self.views.muscles[i].clone()).collect()
    }

    pub(crate) fn listed_equipment(&self) -> Vec<TermRef> {
        let g = self.guide;
        let mut ids: Vec<Id> = (0..g.equipment.len())
            .filter(|&i| g.equipment_is_listed(i) && i != g.bodyweight)
            .collect();
        sort_by_weight_then_title(&mut ids, |i| &g.equipment[i].term.meta);
        if g.equipment_is_listed(g.bodyweight) {
            ids.insert(0, g.bodyweight);
        }
        ids.iter()
            .map(|&i| self.views.equipment[i].clone())
            .collect()
    }

    pub(crate) fn term_view<'a>(
        &self,
        term: &Term,
        body: &'a str,
        bodyweight: bool,
    ) -> TermView<'a> {
        TermView {
            slug: term.meta.slug.clone(),
            title: term.meta.title.clone(),
            aliases: term.aliases.clone(),
            summary: term.meta.summary.clone(),
            region: term.region.clone(),
            body,
            bodyweight,
            credit: credit_view(&term.meta),
        }
    }
}
