'use strict';
// Programs and log sheets of the bundled guide in Chromium: the program sheet and a workout's
// log sheet each print on exactly one page of the sheet size (A4 by default), and axe-core
// finds no violation on the programs index, a program's page, its sheet and a log sheet, in
// light and dark colour schemes.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./lib/harness');

const site = h.useBundledSite('programs');
const PROGRAM = 'programs/four-week-upper-back-builder/';
const A4 = { width: 595.3, height: 841.9 };

for (const [what, pagePath] of [
  ['the program sheet', `${PROGRAM}sheet/`],
  ['a log sheet', 'cards/upper-back-strength-session/log/'],
  ['the log sheet of a circuit', 'cards/six-minute-upper-back/log/']
]) {
  test(`${what} prints on exactly one A4 page`, async () => {
    const context = await site.browser.newContext();
    const tracker = h.trackRequests(context);
    try {
      const page = await context.newPage();
      const res = await page.goto(site.server.url(pagePath), { waitUntil: 'load' });
      assert.equal(res.status(), 200);
      const pdf = path.join(site.work, `${pagePath.replace(/\//g, '_')}.pdf`);
      await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
      const info = h.pdfInfo(pdf);
      assert.equal(info.pages, 1, `${pagePath}: ${info.pages} pages`);
      assert.ok(Math.abs(info.width - A4.width) < 2 && Math.abs(info.height - A4.height) < 2, `${pagePath}: ${info.width} × ${info.height} pt`);
      const text = h.normText(h.pdfText(pdf));
      assert.ok(text.includes('upper back guide'), `${pagePath}: the site's name is printed`);
      if (pagePath.includes('/log/')) {
        assert.ok(text.includes('load') && text.includes('reps'), `${pagePath}: the boxes are labelled`);
      } else {
        assert.ok(text.includes('week') && text.includes('rest'), `${pagePath}: the grid is printed`);
      }
      // Nothing of the sheet is clipped by the page: the last row ends above its bottom.
      await page.emulateMedia({ media: 'print' });
      const overflow = await page.evaluate(() => {
        const sheet = document.querySelector('.print-sheet');
        const last = [...sheet.querySelectorAll('tr')].pop();
        return last.getBoundingClientRect().bottom - sheet.getBoundingClientRect().bottom;
      });
      assert.ok(overflow <= 0, `${pagePath}: the last row is ${overflow} px past the page`);
      assert.deepEqual(tracker.foreign(), [], 'nothing from another host');
    } finally {
      await context.close();
    }
  });
}

test('axe-core finds no violation on the programs pages and a log sheet', { timeout: 240_000 }, async () => {
  const axe = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const problems = [];
  for (const scheme of ['light', 'dark']) {
    const context = await site.browser.newContext({ colorScheme: scheme });
    try {
      const page = await context.newPage();
      for (const p of ['programs/', PROGRAM, `${PROGRAM}sheet/`, 'cards/desk-posture-reset/log/', 'workouts/upper-back-strength-session/']) {
        for (const width of [1366, 390]) {
          await page.setViewportSize({ width, height: 900 });
          const res = await page.goto(site.server.url(p), { waitUntil: 'load' });
          assert.equal(res.status(), 200, p);
          await page.addScriptTag({ content: axe });
          const violations = await page.evaluate(async () => {
            // The site's search box is left out: its aria attributes are the header's, on
            // every page, not these pages'.
            const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
            return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
          });
          for (const v of violations) problems.push(`/${p} (${scheme}, ${width} px): ${v}`);
        }
      }
    } finally {
      await context.close();
    }
  }
  assert.deepEqual(problems, []);
});
