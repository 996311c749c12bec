'use strict';
// Accessibility basics on the pages of the built bundled guide (every index.html and 404.html,
// at most 60, taken in turn from each section so every kind of page is seen): <html lang>, a
// title, exactly one h1, an accessible name (as Chromium computes it) for every image, SVG image,
// form control, link and button; no request to another host and no missing resource; and no
// violation axe-core finds on the whole page.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./lib/harness');

const CAP = 60;
const AXE = require.resolve('axe-core/axe.min.js');

const site = h.useBundledSite('a11y');

/** At most CAP pages, round-robin over sections (first path segment), in name order. */
function pickPages () {
  const all = h.htmlPages(site.out);
  if (fs.existsSync(path.join(site.out, '404.html'))) all.push('404.html');
  const sections = new Map();
  for (const p of all) {
    const key = p.includes('/') ? p.split('/')[0] : p;
    if (!sections.has(key)) sections.set(key, []);
    sections.get(key).push(p);
  }
  const queues = [...sections.values()];
  const picked = [];
  while (picked.length < CAP && queues.some((q) => q.length)) {
    for (const q of queues) {
      if (q.length && picked.length < CAP) picked.push(q.shift());
    }
  }
  return { picked: picked.sort(), total: all.length };
}

test('a11y basics on every page of the bundled guide', { timeout: 600_000 }, async () => {
  const { picked, total } = pickPages();
  assert.ok(picked.length >= Math.min(CAP, total) && picked.length > 10, `pages to check: ${picked.length} of ${total}`);
  const context = await site.browser.newContext();
  const tracker = h.trackRequests(context);
  const missing = [];
  context.on('response', (res) => {
    const url = new URL(res.url());
    if (res.status() >= 400 && url.pathname !== '/favicon.ico' && res.request().resourceType() !== 'document') {
      missing.push(`${res.status()} ${res.url()}`);
    }
  });
  const problems = [];
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('Accessibility.enable');
  try {
    for (const p of picked) {
      const url = site.server.url(p);
      const res = await page.goto(url, { waitUntil: 'load' });
      const bad = (msg) => problems.push(`/${p}: ${msg}`);
      if (res.status() !== 200) bad(`status ${res.status()}`);

      const facts = await page.evaluate(() => ({
        lang: document.documentElement.getAttribute('lang'),
        title: document.title,
        h1: document.querySelectorAll('h1').length,
        imgNoAlt: Array.from(document.querySelectorAll('img:not([alt])')).map((e) => e.outerHTML.slice(0, 160))
      }));
      if (!facts.lang || !facts.lang.trim()) bad('<html> has no lang');
      if (!facts.title || !facts.title.trim()) bad('no <title>');
      if (facts.h1 !== 1) bad(`${facts.h1} h1 elements, expected exactly one`);
      for (const img of facts.imgNoAlt) bad(`img without alt: ${img}`);

      // Images that are not marked decorative (alt="") and SVG images need a name.
      for (const n of await h.accessibleNames(cdp, 'img:not([alt=""]), svg[role="img"]')) {
        if (!n.ignored && !n.name) bad(`image without an accessible name: ${n.html}`);
      }
      const controls = 'input:not([type="hidden"]), select, textarea';
      for (const n of await h.accessibleNames(cdp, controls)) {
        if (!n.ignored && !n.name) bad(`form control without a label: ${n.html}`);
      }
      // Controls hidden from the accessibility tree still need a label for when they show.
      const unlabelled = await page.evaluate((sel) => Array.from(document.querySelectorAll(sel)).filter((el) => {
        if (el.getAttribute('aria-label') && el.getAttribute('aria-label').trim()) return false;
        const by = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)
          .map((id) => document.getElementById(id)).filter(Boolean).map((e) => e.textContent.trim()).join('');
        if (by) return false;
        if (el.labels && Array.from(el.labels).some((l) => l.textContent.trim())) return false;
        if (el.getAttribute('title') && el.getAttribute('title').trim()) return false;
        return true;
      }).map((el) => el.outerHTML.slice(0, 160)), controls);
      for (const html of unlabelled) bad(`form control without a label: ${html}`);

      for (const n of await h.accessibleNames(cdp, 'a[href], button')) {
        if (!n.ignored && !n.name) bad(`link or button without an accessible name: ${n.html}`);
      }

      await page.addScriptTag({ path: AXE });
      const axe = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      for (const v of axe.violations) {
        bad(`axe ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')}`);
      }
    }
  } finally {
    await context.close();
  }
  assert.deepEqual(problems, [], `accessibility problems on ${picked.length} pages`);
  assert.deepEqual(tracker.foreign(), [], 'requests to other hosts');
  assert.deepEqual(missing, [], 'resources that failed to load');
});
