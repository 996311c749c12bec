'use strict';
// The body map in a real browser, on the built bundled guide: /muscles/ is a clickable map
// whose regions open their muscle's page; each page's map draws the shared figure (one file,
// fetched once a page) with its muscles lit; and axe-core finds nothing wrong in the content
// of the pages that show a map, in light and dark, at desktop and phone widths.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

const site = h.useBundledSite('bodymap');

/** A point inside the first shape of the link `selector`, where a reader would click. */
async function pointIn (page, selector) {
  return page.evaluate((sel) => {
    const use = document.querySelector(sel + ' use');
    const box = use.getBoundingClientRect();
    // Scan the box for a point whose topmost element is this link's shape.
    for (let fy = 0.5; fy < 1; fy += 0.1) {
      for (let fx = 0.5; fx > 0; fx -= 0.1) {
        const x = box.left + box.width * fx;
        const y = box.top + box.height * fy;
        const hit = document.elementFromPoint(x, y);
        if (hit && hit.closest(sel)) return { x, y };
      }
    }
    return null;
  }, selector);
}

test('a region of the map on /muscles/ opens its muscle\'s page', { timeout: 120_000 }, async () => {
  const context = await site.browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  try {
    await page.goto(site.server.url('muscles/'), { waitUntil: 'networkidle' });
    const links = await page.$$eval('.bodymap a', (as) => as.map((a) => ({
      href: a.getAttribute('href'), name: a.getAttribute('aria-label')
    })));
    assert.ok(links.length >= 10, `${links.length} links on the map`);
    for (const l of links) assert.ok(l.name && l.href.startsWith('/muscles/'), JSON.stringify(l));
    const selector = '.bodymap a[href="/muscles/rhomboids/"]';
    const at = await pointIn(page, selector);
    assert.ok(at, 'no visible point of the rhomboids on the map');
    await Promise.all([page.waitForURL('**/muscles/rhomboids/'), page.mouse.click(at.x, at.y)]);
    assert.equal(await page.textContent('h1'), 'Rhomboids');
    // Its own map lights it, and it is marked as this page.
    const lit = await page.$$eval('.bodymap a.bm-current', (as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(lit, ['/muscles/rhomboids/']);
    assert.equal(await page.getAttribute('.bodymap a.bm-current', 'aria-current'), 'page');
    // The figure and every region came from one shared file, fetched once a page (the test
    // server asks for no caching), not once a region.
    assert.equal(fetched.filter((p) => p === '/bodymap.svg').length, 2, fetched.join('\n'));
    // The lit shapes are painted in the primary colour, not left plain.
    const fill = await page.$eval('.bodymap a.bm-current use', (u) => getComputedStyle(u).fill);
    const plain = await page.$eval('.bm-figure', (u) => getComputedStyle(u).fill);
    assert.notEqual(fill, plain);
  } finally {
    await context.close();
  }
});

test('axe-core finds no violation on the pages with a map', { timeout: 300_000 }, async () => {
  const axePath = require.resolve('axe-core/axe.min.js');
  const pages = ['muscles/', 'muscles/trapezius/', 'exercises/band-face-pull/', 'workouts/six-minute-upper-back/'];
  const problems = [];
  for (const colorScheme of ['light', 'dark']) {
    for (const width of [1366, 390]) {
      const context = await site.browser.newContext({ viewport: { width, height: 900 }, colorScheme });
      const page = await context.newPage();
      try {
        for (const p of pages) {
          await page.goto(site.server.url(p), { waitUntil: 'networkidle' });
          await page.addScriptTag({ path: axePath });
          const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
          for (const v of result.violations) {
            problems.push(`${colorScheme} ${width} /${p}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')}`);
          }
        }
      } finally {
        await context.close();
      }
    }
  }
  assert.deepEqual(problems, []);
});
