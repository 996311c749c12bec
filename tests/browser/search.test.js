'use strict';
// The site's search, on the bundled guide in a real Chromium: the header box answers as one
// types, grouped by kind (a muscle's name finds the exercises that work it and the muscle's
// page; a word of a post's text finds the post); Enter opens /search/?q=, which lists every
// result and works as a page of its own; nothing is asked of another host; and without
// JavaScript the box is a form that lands on the exercise list.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./lib/harness');

const site = h.useBundledSite('search');

/** The results the header box shows, as { heading: [titles] }. */
async function shown (page, panel) {
  return page.evaluate((sel) => {
    const out = {};
    for (const g of document.querySelectorAll(sel + ' .search-group')) {
      out[g.querySelector('h2').textContent.replace(/\s*\(\d+\)$/, '')] = [...g.querySelectorAll('li > a')].map((a) => a.textContent);
    }
    return out;
  }, panel);
}

test('the header box answers as one types, by kind, and Enter opens the search page', async () => {
  const context = await site.browser.newContext();
  const tracker = h.trackRequests(context);
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(site.server.url('workouts/'));
    const box = page.getByRole('searchbox', { name: 'Search the guide' });
    const t0 = Date.now();
    await box.fill('rhomboids');
    await page.locator('#site-search-results a').first().waitFor();
    const firstResultMs = Date.now() - t0;
    const first = await shown(page, '#site-search-results');
    assert.ok(first.Exercises && first.Exercises.length > 0, JSON.stringify(first));
    assert.equal(first.Muscles[0], 'Rhomboids', 'the muscle by that name comes first');
    assert.match(await page.locator('#site-search-status').textContent(), /^\d+ results? for “rhomboids”: press the down arrow to reach them$/);
    assert.equal(await box.getAttribute('aria-expanded'), null, 'a searchbox carries no aria-expanded');

    // A word of a post's text, not of its title.
    await box.fill('eager');
    await page.locator('#site-search-results .search-all', { hasText: '“eager”' }).waitFor();
    const groups = await shown(page, '#site-search-results');
    assert.deepEqual(groups.Posts, ['Stop Shrugging - Finding Your Lower Traps'], JSON.stringify(groups));

    // Enter: every result on a page of its own.
    await box.fill('rhomboids');
    await page.locator('#site-search-results a').first().waitFor();
    await box.press('Enter');
    await page.waitForURL(/\/search\/\?q=rhomboids$/);
    await page.locator('#search-results a').first().waitFor();
    const all = await shown(page, '#search-results');
    assert.ok(all.Exercises.length > first.Exercises.length, 'the page lists more than the box shows');
    assert.match(await page.locator('#search-status').innerText(), /\d+ results? for “rhomboids”/);
    assert.deepEqual(tracker.foreign(), [], 'nothing from another host');
    assert.deepEqual(errors, []);
    process.stdout.write(`# search: first result ${firstResultMs} ms after typing (index read on the first keystroke)\n`);
  } finally {
    await context.close();
  }
});

test('/search/?q= works as a page of its own', async () => {
  const context = await site.browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(site.server.url('search/?q=band%20row'));
    await page.locator('#search-results a').first().waitFor();
    assert.equal(await page.getByRole('searchbox', { name: 'Search the guide' }).last().inputValue(), 'band row');
    const results = await shown(page, '#search-results');
    assert.ok(results.Exercises.includes('Band High Row'), JSON.stringify(results));
  } finally {
    await context.close();
  }
});

test('without JavaScript the box lands on the exercise list', async () => {
  const context = await site.browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(site.server.url(''));
    const box = page.locator('#site-search-q');
    await box.fill('row');
    await box.press('Enter');
    await page.waitForURL(/\/exercises\/\?q=row$/);
    assert.ok((await page.locator('main li').count()) > 10, 'the whole list shows');
  } finally {
    await context.close();
  }
});

test('the index is a small part of the site', () => {
  const index = fs.statSync(path.join(site.out, 'search-index.json')).size;
  let html = 0;
  for (const p of h.htmlPages(site.out)) html += fs.statSync(path.join(site.out, p, 'index.html')).size;
  process.stdout.write(`# search index ${index} bytes, HTML ${html} bytes (${(100 * index / html).toFixed(1)}%)\n`);
  assert.ok(index < html / 10, `${index} bytes of index for ${html} of HTML`);
});
