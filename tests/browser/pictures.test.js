'use strict';
// Pictures and video in a real browser, on a guide made here with pictures drawn here (PNG,
// written with node's zlib): the browser picks a file from `srcset` to suit the screen, nothing
// is requested from another host before the video facade is clicked (and the player once it
// is), without JavaScript the facade is a link to the video, the pages with pictures pass the
// accessibility basics the other pages pass, and a workout card with pictures prints on one
// page with its pictures loaded.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const h = require('./lib/harness');

/** A PNG of `width` x `height` opaque pixels: smooth colour with a little noise. */
function png (width, height, seed) {
  const crcTable = [];
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crcTable[n] = c >>> 0;
  }
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const raw = Buffer.alloc((width * 3 + 1) * height);
  let state = seed * 2654435761 >>> 0 || 1;
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      state ^= state << 13; state ^= state >>> 17; state ^= state << 5; state >>>= 0;
      const grain = (state % 9) - 4;
      const i = row + 1 + x * 3;
      raw[i] = Math.max(0, Math.min(255, ((x * 255) / width + seed * 40) % 256 + grain));
      raw[i + 1] = Math.max(0, Math.min(255, (y * 255) / height + grain));
      raw[i + 2] = Math.max(0, Math.min(255, 120 + grain));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0))
  ]);
}

function write (file, contents) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, contents);
}

const site = {};

before(async () => {
  site.work = h.tempDir('pictures');
  const guide = path.join(site.work, 'guide');
  write(path.join(guide, 'site.yaml'), 'title: Pictured Guide\nbase_url: http://127.0.0.1/\nlogo: /logo.png\n');
  write(path.join(guide, 'content/exercises/band-row/index.md'), [
    '---',
    'title: Band Row',
    'summary: Pull a band to your ribs.',
    'muscles:',
    '  primary: [rhomboids]',
    'equipment: [resistance band]',
    'sets: 3x12',
    'images:',
    '  - src: start.png',
    '    alt: Arms straight, the band taut',
    '    caption: Start',
    '    credit: {author: Ana Ruiz, license: CC-BY-4.0, source: "https://example.org/p/12"}',
    '  - src: finish.png',
    '    alt: Elbows back, the band at the ribs',
    'video:',
    '  src: https://www.youtube.com/watch?v=abc123',
    '  poster: start.png',
    '  title: Band row, side view',
    '---',
    'Pull the band to your ribs, then let it back slowly.',
    ''
  ].join('\n'));
  write(path.join(guide, 'content/exercises/band-row/start.png'), png(2000, 1333, 1));
  write(path.join(guide, 'content/exercises/band-row/finish.png'), png(1200, 800, 2));
  write(path.join(guide, 'static/logo.png'), png(256, 256, 3));
  write(path.join(guide, 'content/workouts/quick-pull.md'), [
    '---',
    'title: Quick Pull',
    'exercises:',
    '  - exercise: band-row',
    '    reps: 12',
    '    sets: 3',
    '---',
    ''
  ].join('\n'));
  site.out = h.buildGuide(guide, { workDir: site.work }).out;
  site.server = await h.serve(site.out);
  site.browser = await h.launchBrowser();
});

after(async () => {
  if (site.browser) await site.browser.close();
  if (site.server) await site.server.close();
  h.removeDir(site.work);
});

/** The file name (without the picture's name and hash) the cover's <img> shows: `960.webp`. */
async function coverFile (page) {
  await page.waitForFunction(() => {
    const img = document.querySelector('.figure-cover img');
    return img && img.complete && img.currentSrc;
  });
  const src = await page.evaluate(() => document.querySelector('.figure-cover img').currentSrc);
  return src.replace(/^.*-(\d+\.\w+)$/, '$1');
}

test('the browser picks the file from srcset that suits the screen, in WebP', async () => {
  for (const [width, scale, want] of [[390, 1, '480.webp'], [390, 2, '960.webp'], [1366, 1, '960.webp'], [1366, 2, '1600.webp']]) {
    const context = await site.browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: scale });
    try {
      const page = await context.newPage();
      await page.goto(site.server.url('exercises/band-row/'), { waitUntil: 'load' });
      assert.equal(await coverFile(page), want, `at ${width} px wide and ${scale}x`);
      // The space is kept before the picture arrives: width and height are given.
      const box = await page.evaluate(() => {
        const img = document.querySelector('.figure-cover img');
        return { ratio: img.width / img.height, natural: img.naturalWidth / img.naturalHeight };
      });
      assert.ok(Math.abs(box.ratio - box.natural) < 0.01, `the box has the picture's shape: ${JSON.stringify(box)}`);
    } finally {
      await context.close();
    }
  }
});

test('nothing is requested from another host before the video facade is clicked', async () => {
  const context = await site.browser.newContext({ viewport: { width: 1366, height: 900 } });
  const tracker = h.trackRequests(context);
  // The player itself is not fetched: only that it is asked for counts.
  await context.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort());
  try {
    const page = await context.newPage();
    await page.goto(site.server.url('exercises/band-row/'), { waitUntil: 'networkidle' });
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForTimeout(300);
    assert.deepEqual(tracker.foreign(), [], 'requests to other hosts before a click');
    assert.equal(await page.locator('iframe').count(), 0);
    const link = page.locator('.video-facade a.video-link');
    assert.equal(await link.getAttribute('href'), 'https://www.youtube.com/watch?v=abc123');
    await link.click();
    await page.waitForSelector('.video-facade iframe');
    const frame = page.locator('.video-facade iframe');
    assert.equal(await frame.getAttribute('src'), 'https://www.youtube-nocookie.com/embed/abc123?autoplay=1');
    assert.equal(await frame.getAttribute('title'), 'Band row, side view');
    assert.equal(page.url(), site.server.url('exercises/band-row/'), 'the click did not leave the page');
    await page.waitForTimeout(300);
    assert.ok(tracker.foreign().some((u) => u.startsWith('https://www.youtube-nocookie.com/embed/abc123')), `after the click: ${tracker.foreign()}`);
  } finally {
    await context.close();
  }
});

test('without JavaScript the facade is a link to the video', async () => {
  const context = await site.browser.newContext({ javaScriptEnabled: false });
  const tracker = h.trackRequests(context);
  await context.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort());
  try {
    const page = await context.newPage();
    await page.goto(site.server.url('exercises/band-row/'), { waitUntil: 'load' });
    const link = page.locator('.video-facade a.video-link');
    assert.ok(await link.isVisible());
    assert.match(await link.innerText(), /Play: Band row, side view/);
    await Promise.all([page.waitForRequest((r) => r.url().startsWith('https://www.youtube.com/watch?v=abc123')), link.click()]);
    assert.ok(tracker.foreign().some((u) => u.startsWith('https://www.youtube.com/watch')));
  } finally {
    await context.close();
  }
});

test('pages with pictures pass the accessibility basics', async () => {
  const context = await site.browser.newContext();
  const tracker = h.trackRequests(context);
  const missing = [];
  context.on('response', (res) => {
    if (res.status() >= 400) missing.push(`${res.status()} ${res.url()}`);
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('Accessibility.enable');
  const problems = [];
  try {
    for (const p of ['exercises/band-row/', 'exercises/', 'muscles/rhomboids/', 'workouts/quick-pull/', 'cards/quick-pull/', 'credits/', '']) {
      await page.goto(site.server.url(p), { waitUntil: 'load' });
      const facts = await page.evaluate(() => ({
        lang: document.documentElement.getAttribute('lang'),
        title: document.title.trim(),
        h1: document.querySelectorAll('h1').length,
        noAlt: [...document.querySelectorAll('img:not([alt])')].map((i) => i.outerHTML.slice(0, 120))
      }));
      if (!facts.lang) problems.push(`/${p}: no lang`);
      if (!facts.title) problems.push(`/${p}: no title`);
      if (facts.h1 !== 1) problems.push(`/${p}: ${facts.h1} h1`);
      for (const i of facts.noAlt) problems.push(`/${p}: an image without alt: ${i}`);
      for (const n of await h.accessibleNames(cdp, 'a[href], button, video, iframe')) {
        if (!n.ignored && !n.name) problems.push(`/${p}: no accessible name: ${n.html}`);
      }
      for (const n of await h.accessibleNames(cdp, 'img:not([alt=""])')) {
        if (!n.ignored && !n.name) problems.push(`/${p}: a picture without a name: ${n.html}`);
      }
    }
    assert.deepEqual(problems, []);
    assert.deepEqual(missing, [], 'missing resources');
    assert.deepEqual(tracker.foreign(), [], 'requests to other hosts');
  } finally {
    await context.close();
  }
});

test('a workout card with pictures prints on one page, its pictures loaded', async () => {
  const context = await site.browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(site.server.url('cards/quick-pull/'), { waitUntil: 'networkidle' });
    const thumbs = await page.evaluate(() => [...document.querySelectorAll('.wcard-thumb img')].map((i) => ({ done: i.complete && i.naturalWidth > 0, lazy: i.loading })));
    assert.equal(thumbs.length, 1);
    assert.deepEqual(thumbs, [{ done: true, lazy: 'auto' }]);
    const pdf = path.join(site.work, 'card.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    const info = h.pdfInfo(pdf);
    assert.equal(info.pages, 1, 'the card prints on one page');
    if (process.env.SPOTTER_TEST_KEEP === '1') {
      h.run('pdftoppm', ['-png', '-r', '150', pdf, path.join(site.work, 'card')]);
    }
  } finally {
    await context.close();
  }
});
