'use strict';
// The exercise filter of /exercises/, in a real Chromium, on a fixture guide of eleven
// exercises: without JavaScript everything shows and no dead form does; with it, muscles, owned
// equipment, level and text filter the list, the count follows, the URL carries the filter
// through a reload, and Clear resets.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const h = require('./lib/harness');

const GUIDE = path.join(h.GUIDES_DIR, 'filter');

// What the fixture says about each exercise (tests/browser/guides/filter/content/exercises).
const EXERCISES = {
  'push-up': { muscles: ['pectoralis-major', 'triceps', 'anterior-deltoid'], equipment: [], level: 'beginner' },
  'goblet-squat': { muscles: ['quadriceps', 'glutes'], equipment: ['kettlebell'], level: 'beginner' },
  'barbell-back-squat': { muscles: ['quadriceps', 'glutes', 'hamstrings'], equipment: ['barbell'], level: 'advanced' },
  'dumbbell-curl': { muscles: ['biceps', 'forearms'], equipment: ['dumbbells'], level: 'beginner' },
  plank: { muscles: ['abdominals', 'obliques'], equipment: [], level: 'beginner' },
  'romanian-deadlift': { muscles: ['hamstrings', 'glutes', 'erector-spinae'], equipment: ['barbell'], level: 'intermediate' },
  'band-pull-apart': { muscles: ['rhomboids', 'posterior-deltoid', 'trapezius'], equipment: ['resistance-band'], level: 'beginner' },
  'dumbbell-bench-press': { muscles: ['pectoralis-major', 'triceps', 'anterior-deltoid'], equipment: ['dumbbells', 'bench'], level: 'intermediate' },
  'kettlebell-swing': { muscles: ['glutes', 'hamstrings', 'erector-spinae'], equipment: ['kettlebell'], level: 'intermediate' },
  'pull-up': { muscles: ['latissimus-dorsi', 'biceps', 'rhomboids'], equipment: ['pull-up-bar'], level: 'advanced' },
  'skull-crusher': { muscles: ['triceps'], equipment: ['ez-curl-bar', 'bench'], level: 'intermediate' }
};
const ALL = Object.keys(EXERCISES).sort();
const where = (pred) => ALL.filter((s) => pred(EXERCISES[s]));

let work;
let server;
let browser;

before(async () => {
  work = h.tempDir('filter');
  const built = h.buildGuide(GUIDE, { workDir: work });
  server = await h.serve(built.out);
  browser = await h.launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
  h.removeDir(work);
});

const LIST_ITEMS = 'main li:has(a[href*="/exercises/"])';

/** Slugs of the exercises whose list item is visible, sorted. */
async function visibleSlugs (page) {
  const items = page.locator(LIST_ITEMS);
  const n = await items.count();
  const slugs = [];
  for (let i = 0; i < n; i++) {
    const li = items.nth(i);
    if (!(await li.isVisible())) continue;
    const href = await li.locator('a[href*="/exercises/"]').first().getAttribute('href');
    const m = /\/exercises\/([^/]+)\/?$/.exec(href);
    assert.ok(m, `an exercise link: ${href}`);
    slugs.push(m[1]);
  }
  return [...new Set(slugs)].sort();
}

/** The number the live count shows first. */
async function countShown (page) {
  const text = await page.locator('#filter-count').textContent();
  const m = /(\d+)/.exec(text);
  assert.ok(m, `the count says a number: "${text}"`);
  return { n: Number(m[1]), text: text.trim() };
}

async function assertShown (page, expected, what) {
  // The filter runs on input events; give it a moment, then compare.
  let shown;
  for (let tries = 0; tries < 30; tries++) {
    shown = await visibleSlugs(page);
    if (JSON.stringify(shown) === JSON.stringify(expected)) break;
    await page.waitForTimeout(100);
  }
  assert.deepEqual(shown, expected, what);
  const count = await countShown(page);
  assert.equal(count.n, expected.length, `the count follows (${what}): "${count.text}"`);
}

const checkbox = (page, name, value) => page.locator(`form input[type="checkbox"][name="${name}"][value="${value}"]`);
const query = (page) => new URL(page.url()).searchParams;

describe('without JavaScript', () => {
  test('every exercise is listed and the filter form is hidden', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(server.url('exercises/'));
      assert.deepEqual(await visibleSlugs(page), ALL);
      const form = page.locator('form:has(input[name="muscle"])');
      assert.equal(await form.count(), 1, 'the page has the filter form');
      assert.equal(await form.isVisible(), false, 'no dead filter controls without JavaScript');
      const count = await countShown(page);
      assert.equal(count.n, ALL.length, `the count names every exercise: "${count.text}"`);
    } finally {
      await context.close();
    }
  });
});

describe('with JavaScript', () => {
  let context;
  let page;
  let tracker;
  const errors = [];

  before(async () => {
    context = await browser.newContext();
    tracker = h.trackRequests(context);
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
  });

  after(async () => {
    if (context) await context.close();
  });

  test('the form shows and every exercise is listed', async () => {
    await page.goto(server.url('exercises/'));
    assert.ok(await page.locator('form:has(input[name="muscle"])').isVisible(), 'the filter form shows');
    await assertShown(page, ALL, 'no filter');
  });

  test('ticking a muscle shows only the exercises that work it', async () => {
    await checkbox(page, 'muscle', 'triceps').check();
    await assertShown(page, where((e) => e.muscles.includes('triceps')), 'muscle: triceps');
    assert.deepEqual(query(page).getAll('muscle'), ['triceps'], 'the URL carries the muscle');
  });

  test('a second muscle widens the list (any of)', async () => {
    await checkbox(page, 'muscle', 'glutes').check();
    await assertShown(page, where((e) => e.muscles.includes('triceps') || e.muscles.includes('glutes')), 'muscles: triceps or glutes');
    assert.deepEqual(query(page).getAll('muscle').sort(), ['glutes', 'triceps']);
  });

  test('the filter survives a reload through the URL', async () => {
    const before = page.url();
    await page.reload();
    assert.equal(page.url(), before);
    assert.ok(await checkbox(page, 'muscle', 'triceps').isChecked(), 'triceps still ticked');
    assert.ok(await checkbox(page, 'muscle', 'glutes').isChecked(), 'glutes still ticked');
    await assertShown(page, where((e) => e.muscles.includes('triceps') || e.muscles.includes('glutes')), 'after reload');
  });

  test('Clear resets the list, the boxes and the URL', async () => {
    await page.getByRole('button', { name: /clear/i }).first().click();
    await assertShown(page, ALL, 'cleared');
    assert.equal(await checkbox(page, 'muscle', 'triceps').isChecked(), false);
    assert.equal(new URL(page.url()).search, '', 'the URL has no filter left');
  });

  test('owned equipment shows what it fully covers, plus bodyweight exercises', async () => {
    await checkbox(page, 'own', 'dumbbells').check();
    const covered = (owned) => where((e) => e.equipment.every((q) => owned.includes(q)));
    await assertShown(page, covered(['dumbbells']), 'own: dumbbells');
    assert.ok(!(await visibleSlugs(page)).includes('dumbbell-bench-press'), 'the bench press also needs a bench');
    await checkbox(page, 'own', 'bench').check();
    await assertShown(page, covered(['dumbbells', 'bench']), 'own: dumbbells, bench');
    assert.deepEqual(query(page).getAll('own').sort(), ['bench', 'dumbbells']);
    await page.reload();
    await assertShown(page, covered(['dumbbells', 'bench']), 'own: dumbbells, bench after reload');
    await page.getByRole('button', { name: /clear/i }).first().click();
    await assertShown(page, ALL, 'cleared');
  });

  test('the level select filters', async () => {
    await page.locator('form select[name="level"]').selectOption('advanced');
    await assertShown(page, where((e) => e.level === 'advanced'), 'level: advanced');
    assert.equal(query(page).get('level'), 'advanced');
    await page.locator('form select[name="level"]').selectOption('');
    await assertShown(page, ALL, 'any level');
  });

  test('the text box filters by name and alias', async () => {
    const box = page.locator('#exercise-filter input[name="q"]');
    await box.fill('squat');
    await assertShown(page, ['barbell-back-squat', 'goblet-squat'], 'text: squat');
    assert.equal(query(page).get('q'), 'squat');
    await box.fill('Front Plank');
    await assertShown(page, ['plank'], 'text: an alias, in other case');
    await box.fill('zzz-nothing');
    await assertShown(page, [], 'text that matches nothing');
    await box.fill('');
    await assertShown(page, ALL, 'empty text');
  });

  test('the text box matches the names of muscles and equipment too', async () => {
    const box = page.locator('#exercise-filter input[name="q"]');
    // "lats" is an alias of the latissimus dorsi; "kettlebell" a piece of equipment.
    await box.fill('lats');
    await assertShown(page, where((e) => e.muscles.includes('latissimus-dorsi')), 'text: lats');
    await box.fill('kettlebell');
    await assertShown(page, where((e) => e.equipment.includes('kettlebell')), 'text: kettlebell');
    await box.fill('');
    await assertShown(page, ALL, 'empty text');
  });

  test('an empty list says which filter empties it', async () => {
    await checkbox(page, 'muscle', 'biceps').check();
    await page.locator('form select[name="level"]').selectOption('advanced');
    await checkbox(page, 'own', 'dumbbells').check();
    await assertShown(page, [], 'biceps, advanced, own dumbbells');
    const why = (await page.locator('#filter-empty').innerText()).trim();
    // Without the level, the dumbbell curl shows; without the equipment, the pull-up; the level
    // frees one exercise and so does the equipment: the first with the most wins, named.
    assert.match(why, /^No exercise matches all of these filters: without (the level advanced|the equipment you own), 1 exercise would show\./, why);
    assert.doesNotMatch(why, /ticking more equipment/);
    await page.getByRole('button', { name: /clear/i }).first().click();
    await assertShown(page, ALL, 'cleared');
  });

  test('filters combine', async () => {
    await checkbox(page, 'muscle', 'glutes').check();
    await page.locator('form select[name="level"]').selectOption('intermediate');
    await assertShown(page, where((e) => e.muscles.includes('glutes') && e.level === 'intermediate'), 'glutes and intermediate');
    await checkbox(page, 'own', 'kettlebell').check();
    await assertShown(page, ['kettlebell-swing'], 'glutes, intermediate, own kettlebell');
    await page.reload();
    await assertShown(page, ['kettlebell-swing'], 'combined, after reload');
    await page.getByRole('button', { name: /clear/i }).first().click();
    await assertShown(page, ALL, 'cleared');
    assert.equal(new URL(page.url()).search, '');
  });

  test('a shared filtered URL opens filtered', async () => {
    const other = await browser.newContext();
    try {
      const p = await other.newPage();
      await p.goto(server.url('exercises/?muscle=biceps&level=beginner'));
      await assertShown(p, ['dumbbell-curl'], 'opened with ?muscle=biceps&level=beginner');
    } finally {
      await other.close();
    }
  });

  test('on a phone the filters fold away and the results come first', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const p = await phone.newPage();
      await p.goto(server.url('exercises/'));
      const more = p.locator('details#filter-more');
      assert.equal(await more.evaluate((d) => d.open), false, 'the muscle and equipment boxes are folded');
      assert.equal(await checkbox(p, 'muscle', 'triceps').isVisible(), false);
      const first = await p.locator(LIST_ITEMS).first().boundingBox();
      assert.ok(first.y < 844, `the first exercise is on the first screen (at y = ${first.y})`);
      assert.equal(await p.evaluate(() => document.documentElement.scrollWidth), 390, 'nothing is wider than the screen');
      // Unfolded, a tick filters, and the summary counts it once folded again.
      await p.locator('details#filter-more > summary').click();
      await checkbox(p, 'muscle', 'triceps').check();
      await assertShown(p, where((e) => e.muscles.includes('triceps')), 'phone: triceps');
      await p.locator('details#filter-more > summary').click();
      assert.match(await p.locator('#filter-more-count').innerText(), /1 ticked/);
    } finally {
      await phone.close();
    }
  });

  test('nothing loads from another host, and the script throws no error', () => {
    assert.deepEqual(tracker.foreign(), []);
    assert.deepEqual(errors, []);
  });
});
