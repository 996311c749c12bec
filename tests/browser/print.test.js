'use strict';
// Printing ordinary pages of the bundled guide: with print media, the site navigation, the skip
// link and the footer are hidden and the page's own heading shows; nothing loads from another
// host.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./lib/harness');

const site = h.useBundledSite('print');

/** The first page (in name order) of a section of the output, e.g. `exercises/band-face-pull/`. */
function firstPageOf (section) {
  const dirs = fs.readdirSync(path.join(site.out, section), { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(site.out, section, d.name, 'index.html')))
    .map((d) => d.name)
    .sort();
  assert.ok(dirs.length > 0, `the bundled guide has pages under /${section}/`);
  return `${section}/${dirs[0]}/`;
}

// Site chrome: navigation outside <main>, the skip link, and the page footer (not a footer
// inside an article or the main content).
const SITE_NAV = 'nav:not(main nav)';
const SKIP_LINK = 'a[href="#main"], a[href="#content"], a.skip-link';
const SITE_FOOTER = 'footer:not(main footer):not(article footer)';

for (const [what, pagePath] of [['the home page', () => ''], ['an exercise page', () => firstPageOf('exercises')], ['a workout page', () => firstPageOf('workouts')]]) {
  test(`printing ${what} hides the navigation, skip link and footer`, async () => {
    const context = await site.browser.newContext();
    const tracker = h.trackRequests(context);
    try {
      const page = await context.newPage();
      const url = site.server.url(pagePath());
      const res = await page.goto(url, { waitUntil: 'load' });
      assert.equal(res.status(), 200, `GET ${url}`);

      // On screen the chrome is there, so that hiding it in print means something.
      assert.ok(await page.locator(SITE_NAV).count() > 0, `${url}: the page has site navigation`);
      assert.ok(await page.locator(SITE_NAV).first().isVisible(), `${url}: the navigation shows on screen`);
      assert.equal(await page.locator(SKIP_LINK).count(), 1, `${url}: the page has one skip link`);
      assert.ok(await page.locator(SITE_FOOTER).count() > 0, `${url}: the page has a footer`);
      assert.ok(await page.locator(SITE_FOOTER).first().isVisible(), `${url}: the footer shows on screen`);

      await page.emulateMedia({ media: 'print' });
      const navs = page.locator(SITE_NAV);
      for (let i = 0; i < await navs.count(); i++) {
        assert.equal(await navs.nth(i).isVisible(), false, `${url}: navigation ${i + 1} is hidden in print`);
      }
      assert.equal(await page.locator(SKIP_LINK).first().isVisible(), false, `${url}: the skip link is hidden in print`);
      const footers = page.locator(SITE_FOOTER);
      for (let i = 0; i < await footers.count(); i++) {
        assert.equal(await footers.nth(i).isVisible(), false, `${url}: the footer is hidden in print`);
      }
      const h1 = page.locator('main h1');
      assert.equal(await h1.count(), 1, `${url}: one main heading`);
      assert.ok(await h1.isVisible(), `${url}: the main heading shows in print`);
      assert.ok((await h1.textContent()).trim().length > 0, `${url}: the main heading has text`);

      // A real print of it: at least one page, and the heading's text is on it.
      const pdf = path.join(site.work, `print-${what.replace(/\W+/g, '-')}.pdf`);
      await page.pdf({ path: pdf, printBackground: true });
      assert.ok(h.pdfInfo(pdf).pages >= 1);
      const heading = h.normText(await h1.textContent());
      const text = h.normText(h.pdfText(pdf));
      assert.ok(text.includes(heading), `${url}: the printed page shows "${heading}"`);

      assert.ok(tracker.all().length > 0);
      assert.deepEqual(tracker.foreign(), [], `${url}: requests to other hosts`);
    } finally {
      await context.close();
    }
  });
}
