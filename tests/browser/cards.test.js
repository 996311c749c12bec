'use strict';
// Printable workout cards, printed by a real Chromium: every /cards/SLUG/ is exactly one page of
// the card size for each `card_size`, the deck /cards/ fills ceil(cards / per sheet) sheets of
// the `sheet_size`, the QR code on a card decodes to the workout's absolute URL, and a workout
// far too long for a small card builds with a "cannot fit" warning.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./lib/harness');

const GUIDE = path.join(h.GUIDES_DIR, 'cards');
const BASE_URL = 'https://cards.example.org/guide/';
const PREFIX = '/guide/';

const PT_PER_MM = 72 / 25.4;
const TOLERANCE_PT = 1.5;

// Card sizes as site.yaml names them, in millimetres, and the page size a PDF must have (pt).
const CARDS = {
  A6: { mm: [105, 148], pt: [297.64, 419.53] },
  A5: { mm: [148, 210], pt: [419.53, 595.28] },
  '4x6in': { mm: [101.6, 152.4], pt: [288, 432] },
  '3x5in': { mm: [76.2, 127], pt: [216, 360] }
};
const SHEETS = {
  A4: { mm: [210, 297], pt: [595.28, 841.89] },
  Letter: { mm: [215.9, 279.4], pt: [612, 792] }
};

/** How many cards of `card` fit, upright and side by side, on a sheet of `sheet`. */
function perSheet (card, sheet) {
  const across = Math.max(1, Math.floor((sheet.mm[0] + 0.01) / card.mm[0]));
  const down = Math.max(1, Math.floor((sheet.mm[1] + 0.01) / card.mm[1]));
  return across * down;
}

/** A plain-scalar or quoted YAML value of `key` in front matter (enough for these fixtures). */
function frontMatterValue (text, key) {
  const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  const m = fm && new RegExp(`^${key}:\\s*(.+)$`, 'm').exec(fm[1]);
  if (!m) return undefined;
  return m[1].trim().replace(/^(["'])(.*)\1$/, '$2');
}

// The fixture's workouts: slug, title, and the exercise titles and notes each card must show.
const EXERCISE_TITLES = Object.fromEntries(
  fs.readdirSync(path.join(GUIDE, 'content', 'exercises')).map((f) => [
    f.replace(/\.md$/, ''),
    frontMatterValue(fs.readFileSync(path.join(GUIDE, 'content', 'exercises', f), 'utf8'), 'title')
  ])
);
const WORKOUTS = fs.readdirSync(path.join(GUIDE, 'content', 'workouts')).sort().map((f) => {
  const text = fs.readFileSync(path.join(GUIDE, 'content', 'workouts', f), 'utf8');
  // The exercise items in order, each with its note (rests are left out).
  const items = [];
  let current = null;
  for (const line of text.split('\n')) {
    const ex = /^\s+- exercise: (\S+)$/.exec(line);
    if (ex) {
      current = { title: EXERCISE_TITLES[ex[1]], note: null };
      items.push(current);
      continue;
    }
    if (/^\s+- /.test(line)) current = null;
    const note = /^\s+note: (.+)$/.exec(line);
    if (note && current) current.note = note[1].trim();
  }
  return {
    slug: f.replace(/\.md$/, ''),
    file: f,
    title: frontMatterValue(text, 'title'),
    items,
    exercises: items.map((i) => i.title),
    notes: items.map((i) => i.note).filter(Boolean)
  };
});

function siteYaml (cardSize, sheetSize) {
  return [
    'title: Card Fixture Guide',
    'description: Workouts of every length for the printable cards\' browser tests.',
    `base_url: ${BASE_URL}`,
    `card_size: ${cardSize}`,
    `sheet_size: ${sheetSize}`,
    ''
  ].join('\n');
}

/** Lines of the build's stderr that say a card cannot fit. */
function cannotFitLines (stderr) {
  return stderr.split('\n').filter((l) => /cannot fit/i.test(l));
}

function namesWorkout (line, w) {
  return line.includes(w.file) || line.includes(`"${w.title}"`);
}

const norm = h.normText;

function assertPageSize (info, [w, hgt], what) {
  assert.ok(
    Math.abs(info.width - w) <= TOLERANCE_PT && Math.abs(info.height - hgt) <= TOLERANCE_PT,
    `${what}: page size ${info.width} x ${info.height} pt, expected ${w} x ${hgt} pt (±${TOLERANCE_PT})`
  );
}

let browser;
let work;
const servers = [];

before(async () => {
  assert.ok(WORKOUTS.length >= 5, 'the cards fixture guide has its workouts');
  assert.ok(WORKOUTS.some((w) => w.exercises.length >= 20 && w.notes.length >= 10), 'a long workout with notes');
  assert.ok(WORKOUTS.some((w) => w.exercises.length <= 3), 'a short workout');
  work = h.tempDir('cards');
  browser = await h.launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  await Promise.all(servers.map((s) => s.close()));
  h.removeDir(work);
});

async function buildAndServe (cardSize, sheetSize) {
  const name = `${cardSize}-${sheetSize}`.replace(/[^A-Za-z0-9-]/g, '_');
  const built = h.buildGuide(GUIDE, { workDir: work, siteYaml: siteYaml(cardSize, sheetSize), name });
  const server = await h.serve(built.out, { prefix: PREFIX });
  servers.push(server);
  return { built, server };
}

async function printPdf (context, url, file) {
  const page = await context.newPage();
  try {
    const res = await page.goto(url, { waitUntil: 'load' });
    assert.equal(res.status(), 200, `GET ${url}`);
    await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
  } finally {
    await page.close();
  }
  return h.pdfInfo(file);
}

for (const [size, card] of Object.entries(CARDS)) {
  describe(`card_size ${size}`, () => {
    let a4;
    let context;
    let tracker;

    before(async () => {
      a4 = await buildAndServe(size, 'A4');
      context = await browser.newContext({ deviceScaleFactor: 4 });
      tracker = h.trackRequests(context);
    });

    after(async () => {
      if (context) await context.close();
    });

    test(`every card prints as exactly one ${size} page`, { timeout: 180_000 }, async () => {
      const problems = [];
      for (const w of WORKOUTS) {
        const file = path.join(work, `card-${size}-${w.slug}.pdf`);
        const info = await printPdf(context, a4.server.url(`cards/${w.slug}/`), file);
        if (info.pages !== 1) problems.push(`${w.slug}: ${info.pages} pages`);
        const [pw, ph] = card.pt;
        if (Math.abs(info.width - pw) > TOLERANCE_PT || Math.abs(info.height - ph) > TOLERANCE_PT) {
          problems.push(`${w.slug}: page ${info.width} x ${info.height} pt, expected ${pw} x ${ph}`);
        }
      }
      assert.deepEqual(problems, [], `cards that do not print as one ${size} page`);
      // The expected sizes in points are the millimetre sizes of the contract.
      assert.ok(Math.abs(card.mm[0] * PT_PER_MM - card.pt[0]) < 0.1);
    });

    test('a short card shows its title, rounds, every exercise, note, rest and equipment', async () => {
      const w = WORKOUTS.find((x) => x.slug === 'quick-band-break');
      const text = norm(h.pdfText(path.join(work, `card-${size}-${w.slug}.pdf`)));
      for (const want of [w.title, ...w.exercises, ...w.notes, '2 rounds', 'rest', '30 s', 'resistance band']) {
        assert.ok(text.includes(norm(want)), `the printed ${size} card of ${w.slug} shows "${want}"; its text: ${text}`);
      }
    });

    test('a card the build says fits shows every exercise and note, in order, on its one page', async () => {
      const warned = cannotFitLines(a4.built.stderr);
      const missing = [];
      for (const w of WORKOUTS) {
        if (warned.some((l) => namesWorkout(l, w))) continue;
        const text = norm(h.pdfText(path.join(work, `card-${size}-${w.slug}.pdf`)));
        if (!text.includes(norm(w.title))) missing.push(`${w.slug}: its title`);
        // Names and notes repeat in long workouts, so each is looked for after the one before.
        let at = 0;
        w.items.forEach((item, i) => {
          for (const want of [item.title, item.note].filter(Boolean)) {
            const found = text.indexOf(norm(want), at);
            if (found < 0) {
              missing.push(`${w.slug}: item ${i + 1} of ${w.items.length}, "${want}"`);
              return;
            }
            at = found + norm(want).length;
          }
        });
      }
      assert.deepEqual(missing, [], `${size} cards the build did not warn about, whose printed page lacks content (cut off without a warning)`);
    });

    test('the QR code on each card decodes to the workout\'s absolute URL', { timeout: 120_000 }, async () => {
      const page = await context.newPage();
      try {
        for (const w of WORKOUTS) {
          await page.goto(a4.server.url(`cards/${w.slug}/`), { waitUntil: 'load' });
          const qr = page.locator('svg.qr').first();
          assert.ok(await qr.isVisible(), `${w.slug}: the card shows a QR code`);
          const png = path.join(work, `qr-${size}-${w.slug}.png`);
          await qr.screenshot({ path: png });
          const decoded = h.run('zbarimg', ['--raw', '-q', png]).trim();
          assert.equal(decoded, `${BASE_URL}workouts/${w.slug}/`, `${w.slug}: QR code`);
        }
      } finally {
        await page.close();
      }
    });

    for (const sheetName of Object.keys(SHEETS)) {
      test(`the deck /cards/ prints on ${sheetName} sheets`, { timeout: 120_000 }, async () => {
        const sheet = SHEETS[sheetName];
        const site = sheetName === 'A4' ? a4 : await buildAndServe(size, sheetName);
        const file = path.join(work, `deck-${size}-${sheetName}.pdf`);
        const info = await printPdf(context, site.server.url('cards/'), file);
        const per = perSheet(card, sheet);
        const expected = Math.ceil(WORKOUTS.length / per);
        assert.equal(info.pages, expected, `${WORKOUTS.length} ${size} cards, ${per} to a ${sheetName} sheet`);
        assertPageSize(info, sheet.pt, `deck of ${size} cards on ${sheetName}`);
      });
    }

    test('nothing loads from another host', () => {
      assert.ok(tracker.all().length > 0);
      assert.deepEqual(tracker.foreign(), []);
    });
  });
}

test('a workout far too long for a 3x5in card builds, with a "cannot fit" warning', () => {
  const built = h.buildGuide(GUIDE, { workDir: work, siteYaml: siteYaml('3x5in', 'A4'), name: 'warn' });
  assert.equal(built.status, 0);
  const lines = cannotFitLines(built.stderr);
  const marathon = WORKOUTS.find((w) => w.slug === 'marathon-session');
  assert.ok(lines.some((l) => namesWorkout(l, marathon)), `stderr warns that ${marathon.file} cannot fit:\n${built.stderr}`);
  for (const slug of ['quick-band-break', 'kettlebell-ten']) {
    const w = WORKOUTS.find((x) => x.slug === slug);
    assert.ok(!lines.some((l) => namesWorkout(l, w)), `no warning for the short ${slug}:\n${built.stderr}`);
  }
  assert.ok(fs.existsSync(path.join(built.out, 'cards', marathon.slug, 'index.html')), 'its card is still written');
});
