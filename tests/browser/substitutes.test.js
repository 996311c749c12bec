'use strict';
// An exercise page's substitutes, in a real Chromium, on a fixture guide of five rows of the
// rhomboids, each needing something else: the page lists them closest first (the inverted row
// needs nothing the dumbbell row does not, so it leads); once the reader has ticked the
// equipment they own in the exercise finder, the page puts first, in that order, those they
// have everything for, and marks them.

const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const h = require('./lib/harness');

const GUIDE = path.join(h.GUIDES_DIR, 'substitutes');

const site = h.useSite('substitutes', GUIDE);

/** The substitutes listed on `page`, in order: [title, marked as doable]. */
async function listed (page) {
  return page.locator('#substitute-list > li').evaluateAll((items) => items.map((li) => [
    li.querySelector('a').textContent.trim(),
    li.querySelector('.substitute-have') !== null
  ]));
}

describe('substitutes', () => {
  test('without owned equipment the page order stays, with a reason each', async () => {
    const context = await site.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(site.server.url('exercises/dumbbell-row/'));
      assert.deepEqual(await listed(page), [
        ['Inverted Row', false], ['Band Row', false], ['Barbell Row', false], ['Cable Row', false]
      ]);
      const why = await page.locator('#substitute-list > li').first().locator('p').innerText();
      assert.equal(why, 'Works the rhomboids too; needs no dumbbells.');
    } finally {
      await context.close();
    }
  });

  test('equipment ticked in the finder puts first what the reader can do', async () => {
    const context = await site.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(site.server.url('exercises/'));
      await page.locator('form input[name="own"][value="barbell"]').check();
      await page.goto(site.server.url('exercises/dumbbell-row/'));
      assert.deepEqual(await listed(page), [
        ['Inverted Row', true], ['Barbell Row', true], ['Band Row', false], ['Cable Row', false]
      ]);
      assert.match(await page.locator('#substitutes-note').innerText(), /first those you have the equipment for/);

      // Without JavaScript the list is the page's, unmarked.
      const plain = await site.browser.newContext({ javaScriptEnabled: false });
      try {
        const p = await plain.newPage();
        await p.goto(site.server.url('exercises/dumbbell-row/'));
        assert.equal(await p.locator('#substitute-list > li').count(), 4);
        assert.equal(await p.locator('.substitute-have').count(), 0);
      } finally {
        await plain.close();
      }
    } finally {
      await context.close();
    }
  });
});
