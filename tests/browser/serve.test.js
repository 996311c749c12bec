'use strict';
// `spotter serve` in a real Chromium, on a copy of a small fixture guide: an open exercise page
// reloads by itself when its Markdown changes; a broken edit keeps the last good site (no
// reload, the diagnostic names the file, and the open page and any page opened then show it
// over themselves, as text) and fixing it reloads again, without it; paths that try to leave
// the site (`..`, percent-encoded `..`, through /__spotter/) answer 404 and never a file's
// contents; the server listens on 127.0.0.1 only; an unknown path gets the site's 404 page with
// status 404; and on SIGINT (with a page still holding its event stream) the process exits and
// removes its private site folder.
//
// The child gets TMPDIR set to a scratch folder of this test, so its private site folder
// (TMPDIR/spotter-serve-PID) sits where planted files can catch a path that escapes it:
// TMPDIR/Cargo.toml is one `..` above the site, TMPDIR/../etc/passwd two.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const h = require('./lib/harness');
const sp = require('./lib/serve-process');

const GUIDE = path.join(h.GUIDES_DIR, 'serve');
const EXERCISE = path.join('content', 'exercises', 'push-up.md');
const EXERCISE_URL = '/exercises/push-up/';
const RELOAD_TIMEOUT_MS = 10_000;

// Unique strings planted in files a path traversal could reach.
const TOKEN = `spotter-serve-test-${process.pid}-${Date.now()}`;
const SENTINEL_CARGO = `[package]\nname = "${TOKEN}-cargo"\n`;
const SENTINEL_PASSWD = `root:x:0:0:${TOKEN}-passwd:/root:/bin/sh\n`;

let scratch; // this test's folder
let guide; // the copy of the fixture guide that serve watches
let childTmp; // TMPDIR of the child: its private site folder goes here
let siteDir; // childTmp/spotter-serve-PID
let server; // the handle from startServe
let browser;
let page;
let navigations = 0; // main-frame navigations of `page`

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The exercise's Markdown with `title` and the given primary muscle. */
function exerciseSource (title, primary = 'pectoralis-major') {
  return [
    '---',
    `title: ${title}`,
    'summary: Push-up for the serve tests.',
    'muscles:',
    `  primary: [${primary}]`,
    '  secondary: [triceps, anterior-deltoid]',
    'equipment: []',
    'level: beginner',
    'sets: 3x8-12',
    '---',
    'How to do the Push-up: set up, move with control, and stop when the form slips.',
    ''
  ].join('\n');
}

/** Resolves when the page's live-reload event stream has answered (so a reload cannot be missed). */
function eventStreamOpened (p) {
  const opened = p.waitForResponse((r) => new URL(r.url()).pathname === '/__spotter/events', { timeout: RELOAD_TIMEOUT_MS });
  opened.catch(() => {}); // awaited later; a timeout must not surface as an unhandled rejection first
  return opened;
}

/** [h1 text, marker] of the page, or null while it is between documents. */
async function pageState (p) {
  try {
    return await p.evaluate(() => {
      const h1 = document.querySelector('h1');
      return [h1 ? h1.textContent.trim() : null, window.__spotterMarker || null];
    });
  } catch (e) {
    return null;
  }
}

/**
 * Polls until the page is a new document (the marker set on the old one is gone) whose h1 is
 * `title`; resolves to the milliseconds since `t0`. Throws after RELOAD_TIMEOUT_MS.
 */
async function waitForReloadedTitle (p, title, t0) {
  const deadline = t0 + RELOAD_TIMEOUT_MS;
  let last = null;
  while (performance.now() < deadline) {
    const state = await pageState(p);
    if (state) {
      last = state;
      if (state[0] === title && state[1] === null) return performance.now() - t0;
    }
    await sleep(10);
  }
  const fresh = await sp.rawGet(server.port, new URL(p.url()).pathname).catch(() => null);
  const served = fresh && fresh.body.includes(`<h1>${title}</h1>`)
    ? `the server already serves the new page (GET ${new URL(p.url()).pathname} has it), so the open page never acted on a reload event`
    : 'the server does not serve the new page either';
  throw new Error(`the page did not reload to h1 "${title}" within ${RELOAD_TIMEOUT_MS} ms (last [h1, marker]: ${JSON.stringify(last)}); ${served}; serve stderr:\n${server.stderr()}`);
}

async function startServer () {
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await sp.freePort();
    try {
      return await sp.startServe(h.spotterBin(), { root: guide, port, env: { TMPDIR: childTmp } });
    } catch (e) {
      lastError = e;
      // Only a port taken between freePort() and bind() is worth another try.
      if (!/cannot listen/.test(e.message)) throw e;
    }
  }
  throw lastError;
}

describe('spotter serve', () => {
  before(async () => {
    scratch = h.tempDir('serve');
    guide = path.join(scratch, 'guide');
    fs.cpSync(GUIDE, guide, { recursive: true });
    fs.rmSync(path.join(guide, 'public'), { recursive: true, force: true });
    childTmp = path.join(scratch, 'tmp', 'child');
    fs.mkdirSync(childTmp, { recursive: true });
    fs.writeFileSync(path.join(childTmp, 'Cargo.toml'), SENTINEL_CARGO);
    fs.writeFileSync(path.join(childTmp, 'site.yaml'), `title: ${TOKEN}-site\n`);
    fs.mkdirSync(path.join(scratch, 'tmp', 'etc'));
    fs.writeFileSync(path.join(scratch, 'tmp', 'etc', 'passwd'), SENTINEL_PASSWD);

    server = await startServer();
    siteDir = path.join(childTmp, `spotter-serve-${server.pid}`);
    assert.ok(fs.existsSync(path.join(siteDir, 'index.html')),
      `while serving, the private site folder ${siteDir} holds the built site`);

    browser = await h.launchBrowser();
    page = await browser.newPage();
    page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) navigations++; });
  });

  after(async () => {
    try {
      if (server) {
        // Stopped while `page` still holds its event stream open: that must not block the exit.
        const res = await server.stop('SIGINT', 10_000);
        if (!res) {
          server.child.kill('SIGKILL');
          await server.exited;
          assert.fail(`spotter serve did not exit within 10 s of SIGINT; stderr:\n${server.stderr()}`);
        }
        process.stdout.write(`serve exited ${JSON.stringify({ code: res.code, signal: res.signal })} ${res.ms} ms after SIGINT\n`);
        assert.equal(res.signal, null, 'serve handles SIGINT itself');
        assert.equal(res.code, 0, `serve exits 0 on SIGINT; stderr:\n${server.stderr()}`);
        assert.ok(!fs.existsSync(siteDir), `the private site folder ${siteDir} is removed on exit`);
        const leftovers = fs.readdirSync(childTmp).filter((n) => n.includes(`spotter-serve-${server.pid}`));
        assert.deepEqual(leftovers, [], `nothing of serve ${server.pid} is left in its temp folder`);
      }
    } finally {
      if (server && !server.hasExited()) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
      if (browser) await browser.close();
      h.removeDir(scratch);
    }
  });

  test('serves the guide on 127.0.0.1 with the live-reload script', async () => {
    assert.match(server.stderr(), new RegExp(`serving .* at http://127\\.0\\.0\\.1:${server.port}/`),
      'the start-up line names the loopback address');
    const res = await sp.rawGet(server.port, EXERCISE_URL);
    assert.equal(res.status, 200);
    assert.match(res.body, /<script[^>]+src="\/__spotter\/live\.js"/, 'the page loads /__spotter/live.js');
    // A reload right after an edit in the same second must not be told "not modified".
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['last-modified'], undefined);
    const js = await sp.rawGet(server.port, '/__spotter/live.js');
    assert.equal(js.status, 200);
    assert.match(js.headers['content-type'], /javascript/);
  });

  test('editing an exercise title reloads the open page by itself', async (t) => {
    const opened = eventStreamOpened(page);
    const res = await page.goto(server.origin + EXERCISE_URL);
    assert.equal(res.status(), 200);
    await opened;
    const before = (await page.locator('h1').first().textContent()).trim();
    assert.equal(before, 'Push-up');
    await page.evaluate(() => { window.__spotterMarker = 'before-edit'; });
    const navsBefore = navigations;

    const reopened = eventStreamOpened(page);
    const t0 = performance.now();
    fs.writeFileSync(path.join(guide, EXERCISE), exerciseSource('Push-up Live Edit'));
    const ms = await waitForReloadedTitle(page, 'Push-up Live Edit', t0);
    await reopened; // the new document listens again before the next test edits

    assert.ok(navigations > navsBefore, 'the page navigated (reloaded) by itself');
    assert.notEqual(before, 'Push-up Live Edit');
    assert.equal((await page.locator('h1').first().textContent()).trim(), 'Push-up Live Edit');
    const rebuilt = /(?:rebuilt|updated \d+ of \d+ pages) in (\d+) ms/.exec(server.stderr());
    const line = `live reload: write -> new h1 shown in ${Math.round(ms)} ms` +
      (rebuilt ? ` (serve's own rebuild: ${rebuilt[1]} ms)` : '');
    t.diagnostic(line);
  });

  test('a broken edit keeps the last good page, names the file, and fixing it reloads', async (t) => {
    const file = path.join(guide, EXERCISE);
    // A fresh load, so this test does not depend on the previous one's reload.
    const opened = eventStreamOpened(page);
    await page.goto(server.origin + EXERCISE_URL);
    await opened;
    const good = (await page.locator('h1').first().textContent()).trim();
    assert.equal(good, 'Push-up Live Edit', 'the page shows the last good build (the previous test\'s edit)');
    await page.evaluate(() => { window.__spotterMarker = 'before-broken-edit'; });
    const navsBefore = navigations;
    const from = server.stderr().length;

    // Markup in the mistake: the overlay must show it as text.
    const wrong = 'not-a-real-muscle<img src=x onerror=window.__spotterInjected=1>';
    fs.writeFileSync(file, exerciseSource('Push-up Broken', wrong));
    await server.waitForStderr(/the build failed; still serving the last good site/, { from, timeout: RELOAD_TIMEOUT_MS });
    const printed = server.stderr().slice(from);
    assert.match(printed, /content\/exercises\/push-up\.md:\d+:\d+: error: unknown muscle "not-a-real-muscle<img/,
      'stderr shows the diagnostic with the file name');

    // The open page shows the same diagnostic over itself, as text.
    const overlay = page.getByRole('alertdialog');
    await overlay.waitFor({ timeout: RELOAD_TIMEOUT_MS });
    const shown = await overlay.innerText();
    assert.match(shown, /1 error in the guide/);
    assert.match(shown, /content\/exercises\/push-up\.md:\d+:\d+: error: unknown muscle "not-a-real-muscle<img src=x onerror=window\.__spotterInjected=1>"/,
      `the overlay shows the terminal's diagnostic, markup as text; it shows:\n${shown}`);
    assert.match(shown, /primary: \[not-a-real-muscle<img/, 'with the offending line');
    assert.match(shown, /hint: /, 'and the hint');
    assert.equal(await page.evaluate(() => window.__spotterInjected), undefined, 'no markup of the mistake ran');
    assert.equal(await overlay.locator('img').count(), 0, 'no element was made from the mistake');
    if (process.env.SPOTTER_SHOTS) {
      const shot = path.join(process.env.SPOTTER_SHOTS, 'serve-error-overlay.png');
      await page.screenshot({ path: shot });
      t.diagnostic(`overlay screenshot: ${shot}`);
    }

    // A page opened while the guide is broken shows it at once.
    const other = await browser.newPage();
    await other.goto(server.origin + '/');
    await other.getByRole('alertdialog').waitFor({ timeout: RELOAD_TIMEOUT_MS });
    assert.match(await other.getByRole('alertdialog').innerText(), /unknown muscle/);
    await other.close();
    assert.doesNotMatch(printed, /rebuilt in|updated \d+ of \d+ pages/, 'a failed build is not reported as a rebuild');

    // A reload would be sent right after the build, before the failure is printed; give one
    // that went out anyway time to arrive.
    await sleep(1_000);
    assert.equal(navigations, navsBefore, 'the page did not reload after the broken edit');
    assert.deepEqual(await pageState(page), ['Push-up Live Edit', 'before-broken-edit'],
      'the open page still shows the last good title, unreloaded');
    const res = await sp.rawGet(server.port, EXERCISE_URL);
    assert.equal(res.status, 200, 'the page is still served');
    assert.match(res.body, /<h1>Push-up Live Edit<\/h1>/, 'with the last good content');
    assert.doesNotMatch(res.body, /Push-up Broken|not-a-real-muscle/);

    const fixFrom = server.stderr().length;
    const reopened = eventStreamOpened(page);
    const t0 = performance.now();
    fs.writeFileSync(file, exerciseSource('Push-up Fixed'));
    const ms = await waitForReloadedTitle(page, 'Push-up Fixed', t0);
    await reopened;
    await server.waitForStderr(/(?:rebuilt|updated \d+ of \d+ pages) in \d+ ms/, { from: fixFrom, timeout: RELOAD_TIMEOUT_MS });
    const fixed = await sp.rawGet(server.port, EXERCISE_URL);
    assert.equal(fixed.status, 200);
    assert.match(fixed.body, /<h1>Push-up Fixed<\/h1>/);
    assert.equal(await page.getByRole('alertdialog').count(), 0, 'the reloaded page shows no errors');
    t.diagnostic(`after the fix: write -> new h1 shown in ${Math.round(ms)} ms`);
  });

  test('paths that leave the site answer 404 and never a file', async () => {
    const siteYaml = fs.readFileSync(path.join(guide, 'site.yaml'), 'utf8');
    const cargo = fs.readFileSync(path.join(h.REPO_ROOT, 'Cargo.toml'), 'utf8');
    const forbidden = [TOKEN, '[package]', 'root:x:0:0', 'base_url:', siteYaml.trim(), cargo.slice(0, 200)];
    const paths = [
      '/../Cargo.toml',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/__spotter/../site.yaml',
      // Variations of the same.
      '/%2e%2e/Cargo.toml',
      '/..%2fCargo.toml',
      '/%2e%2e%2fCargo.toml',
      '/../../etc/passwd',
      '/__spotter/%2e%2e/%2e%2e/Cargo.toml',
      '/__spotter/live.js/../../Cargo.toml',
      '/exercises/../../Cargo.toml'
    ];
    for (const p of paths) {
      const res = await sp.rawGet(server.port, p);
      assert.ok([400, 404].includes(res.status), `GET ${p} answers 404 or 400, not ${res.status}`);
      for (const f of forbidden) {
        assert.ok(!res.body.includes(f), `GET ${p} must not return a file's contents (found ${JSON.stringify(f.slice(0, 40))})`);
      }
    }
  });

  test('listens on 127.0.0.1 only', async (t) => {
    const outside = Object.values(os.networkInterfaces()).flat()
      .filter((a) => a && (a.family === 'IPv4' || a.family === 4) && !a.internal)
      .map((a) => a.address);
    if (outside.length === 0) {
      t.skip('this machine has no non-loopback IPv4 address: the refused-connection check was skipped');
      return;
    }
    assert.equal(await sp.tryConnect('127.0.0.1', server.port), 'connected', 'loopback answers');
    for (const addr of outside) {
      const result = await sp.tryConnect(addr, server.port);
      assert.equal(result, 'ECONNREFUSED', `a connection to ${addr}:${server.port} is refused`);
    }
    t.diagnostic(`connections to ${outside.join(', ')} on port ${server.port} were refused`);
  });

  test('an unknown path answers the site\'s 404 page with status 404', async () => {
    const page404 = fs.readFileSync(path.join(siteDir, '404.html'), 'utf8');
    assert.match(page404, /<h1>Page not found<\/h1>/);
    for (const p of ['/no-such-page/', '/exercises/no-such-exercise/', '/missing.css']) {
      const res = await sp.rawGet(server.port, p);
      assert.equal(res.status, 404, `GET ${p}`);
      assert.match(res.headers['content-type'] || '', /text\/html/, `GET ${p} is HTML`);
      assert.equal(res.body, page404, `GET ${p} answers the site's 404.html`);
    }
    const p2 = await browser.newPage();
    try {
      const res = await p2.goto(server.origin + '/no-such-page/');
      assert.equal(res.status(), 404);
      assert.equal((await p2.locator('h1').first().textContent()).trim(), 'Page not found');
      assert.match(await p2.title(), /Serve Fixture Guide/);
    } finally {
      await p2.close();
    }
  });
});
