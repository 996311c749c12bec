'use strict';
// The follow-along player of a workout page, in a real Chromium with a fake clock
// (page.clock), on a fixture guide (tests/browser/guides/player): "Short Circuit" is two rounds
// of a row (8 reps, 25 lb: waits for Done) and a side plank held 10 s on each side (counts
// down), 20 s apart. Start; the rep step waits however long; Space marks it done; the holds
// count down, beep and move on; the rest between rounds; back, skip and pause; the last step
// ends the workout; the announcements; axe-core finds nothing with the player open; nothing is
// asked of another host; without JavaScript the page is the plain list.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const h = require('./lib/harness');

const GUIDE = path.join(h.GUIDES_DIR, 'player');
const AXE = require.resolve('axe-core/axe.min.js');

const site = h.useSite('player', GUIDE);

/** A page of a new context with a fake clock, counting the beeps (oscillators started). */
async function open (slug, options = {}) {
  const context = await site.browser.newContext(options);
  const tracker = h.trackRequests(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    window.__beeps = 0;
    const Real = window.AudioContext;
    if (Real) {
      const start = Real.prototype.createOscillator;
      Real.prototype.createOscillator = function () {
        window.__beeps += 1;
        return start.call(this);
      };
    }
  });
  await page.clock.install({ time: new Date('2026-01-05T07:00:00Z') });
  await page.goto(site.server.url(`workouts/${slug}/`));
  return { context, page, tracker, errors };
}

/** What the player shows: where, title, detail, clock (or null when hidden), next. */
async function shown (page) {
  return page.evaluate(() => {
    const q = (name) => document.querySelector(`[data-player] [data-${name}]`);
    const visible = (el) => el && !el.closest('[hidden]');
    return {
      where: q('where').textContent,
      title: q('title').textContent,
      detail: q('detail').textContent,
      clock: visible(q('clock')) ? q('clock').textContent : null,
      done: visible(document.querySelector('[data-action=done]')),
      next: q('next').textContent,
      live: q('live').textContent,
      stage: visible(q('player-stage')),
      end: visible(q('player-end'))
    };
  });
}

test('the player steps through reps, holds, sides and rounds on a fake clock', { timeout: 120_000 }, async () => {
  const { context, page, tracker, errors } = await open('short-circuit');
  try {
    // The JSON block holds the note with its </script> and the page is not broken by it.
    const note = await page.locator('.item-note').first().textContent();
    assert.equal(note, 'Brace first. </script><b>not bold</b>');
    assert.equal(await page.locator('.item-note b').count(), 0);

    const start = page.getByRole('button', { name: 'Start workout' });
    await start.click();
    let s = await shown(page);
    assert.equal(s.title, 'Dumbbell Row');
    assert.equal(s.detail, '8 reps · 25 lb (11.25 kg)');
    assert.equal(s.where, 'Round 1 of 2');
    assert.equal(s.clock, null, 'a rep step shows no clock');
    assert.ok(s.done, 'a rep step shows Done');
    assert.equal(s.next, 'Next: Side Plank, 10 s hold, first side');
    await page.clock.runFor(100);
    s = await shown(page);
    assert.match(s.live, /^Round 1 of 2\. Now: Dumbbell Row, 8 reps · 25 lb \(11\.25 kg\)\. Next: Side Plank/);

    // A set of reps waits, however long.
    await page.clock.runFor(5 * 60_000);
    assert.equal((await shown(page)).title, 'Dumbbell Row');

    // Space says done: the hold starts its clock.
    await page.keyboard.press('Space');
    s = await shown(page);
    assert.equal(s.title, 'Side Plank');
    assert.equal(s.where, 'Round 1 of 2 · First side');
    assert.equal(s.clock, '0:10');
    assert.equal(s.done, false);
    await page.clock.runFor(4_000);
    assert.equal((await shown(page)).clock, '0:06');
    const beepsBefore = await page.evaluate(() => window.__beeps);
    // Its end beeps and moves on to the second side by itself.
    await page.clock.runFor(6_100);
    s = await shown(page);
    assert.equal(s.where, 'Round 1 of 2 · Second side');
    assert.equal(s.clock, '0:10');
    const beeps = await page.evaluate(() => window.__beeps);
    assert.ok(beeps >= beepsBefore + 4, `three short beeps and a long one: ${beeps - beepsBefore}`);

    // Then the rest between rounds counts down, and round 2 begins.
    await page.clock.runFor(10_100);
    s = await shown(page);
    assert.equal(s.title, 'Rest');
    assert.equal(s.where, 'Round 1 of 2 · Rest between rounds');
    assert.equal(s.clock, '0:20');
    assert.equal(s.next, 'Next: Dumbbell Row, 8 reps · 25 lb (11.25 kg)');
    await page.clock.runFor(100);
    assert.match((await shown(page)).live, /^Rest 20 s, then round 2\./);

    // Pause stops the clock; resume goes on from where it was.
    await page.clock.runFor(5_000);
    await page.getByRole('button', { name: 'Pause' }).click();
    assert.equal(await page.locator('[data-action=pause]').getAttribute('aria-pressed'), 'true');
    await page.clock.runFor(60_000);
    assert.equal((await shown(page)).clock, '0:15');
    await page.keyboard.press('p');
    await page.clock.runFor(15_100);
    s = await shown(page);
    assert.equal(s.title, 'Dumbbell Row');
    assert.equal(s.where, 'Round 2 of 2');
    await page.clock.runFor(100);
    assert.match((await shown(page)).live, /^Round 2 of 2\. Now: Dumbbell Row/);

    // Back and skip, by key and by button.
    await page.keyboard.press('ArrowLeft');
    assert.equal((await shown(page)).title, 'Rest');
    await page.keyboard.press('ArrowRight');
    assert.equal((await shown(page)).title, 'Dumbbell Row');
    // A tap on the step marks the set done.
    await page.locator('[data-player-stage] [data-title]').click();
    s = await shown(page);
    assert.equal(s.title, 'Side Plank');
    assert.equal(s.next, 'Next: Side Plank, 10 s hold, second side');
    await page.getByRole('button', { name: 'Skip' }).click();
    s = await shown(page);
    assert.equal(s.where, 'Round 2 of 2 · Second side');
    assert.equal(s.next, 'Next: the end: workout done');

    // axe-core, with the player open and running, on the whole page.
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const violations = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    assert.deepEqual(violations, []);

    // The last step ends the workout.
    await page.clock.runFor(10_100);
    s = await shown(page);
    assert.equal(s.stage, false);
    assert.equal(s.end, true);
    await page.clock.runFor(100);
    assert.equal((await shown(page)).live, 'Workout done. Well done.');
    assert.ok(await page.getByRole('button', { name: 'Start again' }).isVisible());

    assert.deepEqual(tracker.foreign(), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('an item without reps plays its exercise prescription, with rests between sets', { timeout: 60_000 }, async () => {
  const { context, page, errors } = await open('squat-sets');
  try {
    await page.getByRole('button', { name: 'Start workout' }).click();
    let s = await shown(page);
    assert.equal(s.title, 'Goblet Squat');
    assert.equal(s.where, 'Set 1 of 2');
    assert.equal(s.detail, '8 reps · 12 kg (27.5 lb)');
    await page.getByRole('button', { name: 'Done' }).click();
    s = await shown(page);
    assert.equal(s.where, 'Rest between sets');
    assert.equal(s.clock, '0:30');
    await page.keyboard.press('Escape');
    s = await shown(page);
    assert.equal(s.stage, false);
    assert.equal(s.end, false);
    assert.ok(await page.getByRole('button', { name: 'Start workout' }).isVisible());
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('without JavaScript the page is the plain list, with no player', { timeout: 60_000 }, async () => {
  const context = await site.browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(site.server.url('workouts/short-circuit/'));
    assert.equal(await page.getByRole('button', { name: 'Start workout' }).count(), 0);
    assert.equal(await page.locator('[data-player]').isVisible(), false);
    assert.deepEqual(await page.locator('.workout-items .item-name').allTextContents(), ['Dumbbell Row', 'Side Plank']);
    assert.equal(await page.locator('.fact-value time').textContent(), 'About 2 min');
  } finally {
    await context.close();
  }
});
