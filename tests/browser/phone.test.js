'use strict';
// The bundled guide on a phone (390 x 844, light and dark): no page of any kind is wider than
// the screen, the navigation is one row, and the printable sheets and cards, which are wider
// than a phone, scroll sideways inside their own box instead of being cut off at the left.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

const site = h.useBundledSite('phone');
const PHONE = { width: 390, height: 844 };

/** One page of each kind the bundled guide has, by its first page of that kind. */
function onePerKind (pages) {
  const kinds = new Map();
  for (const p of pages) {
    const parts = p.split('/').filter(Boolean);
    // The home page, each index, and the first page under each index.
    const kind = parts.length === 0 ? 'home' : parts.length === 1 ? parts[0] : parts[0] + '/*';
    if (!kinds.has(kind)) kinds.set(kind, p);
  }
  return [...kinds.values()];
}

for (const scheme of ['light', 'dark']) {
  test(`no page is wider than a phone (${scheme})`, async () => {
    const pages = onePerKind(h.htmlPages(site.out));
    assert.ok(pages.length >= 12, `pages of many kinds: ${pages.join(', ')}`);
    const context = await site.browser.newContext({ viewport: PHONE, colorScheme: scheme });
    try {
      const page = await context.newPage();
      const wide = [];
      for (const p of pages) {
        await page.goto(site.server.url(p));
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > PHONE.width) wide.push(`/${p} is ${width} px wide`);
        const nav = await page.evaluate(() => {
          const ul = document.querySelector('.site-nav ul');
          if (!ul) return null;
          const tops = new Set([...ul.children].map((li) => Math.round(li.getBoundingClientRect().top)));
          return tops.size;
        });
        if (nav !== null) assert.equal(nav, 1, `/${p}: the navigation is one row`);
      }
      assert.deepEqual(wide, []);
    } finally {
      await context.close();
    }
  });
}

test('the deck and a card scroll inside their box on a phone, from their left edge', async () => {
  const context = await site.browser.newContext({ viewport: PHONE });
  try {
    const page = await context.newPage();
    for (const [p, selector] of [['cards/', '.sheet'], [h.htmlPages(site.out).find((x) => /^cards\/[^/]+\/$/.test(x)), '.wcard']]) {
      await page.goto(site.server.url(p));
      const box = await page.evaluate((sel) => {
        const el = document.querySelector(sel);
        const r = el.getBoundingClientRect();
        const scroller = el.closest('.deck, .card-stage');
        return { left: r.left, right: r.right, scrollWidth: scroller.scrollWidth, clientWidth: scroller.clientWidth };
      }, selector);
      assert.ok(box.left >= 0, `/${p}: the left edge of ${selector} is on the screen (x = ${box.left})`);
      if (box.right > PHONE.width) {
        assert.ok(box.scrollWidth > box.clientWidth, `/${p}: its box scrolls to the right edge (${box.right})`);
      }
    }
  } finally {
    await context.close();
  }
});
