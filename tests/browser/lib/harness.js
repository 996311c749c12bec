'use strict';
// Shared helpers of the browser suite: build a guide with the spotter binary into a scratch
// folder, serve that folder on 127.0.0.1 with a tiny HTTP server, launch the system Chromium
// through playwright-core (which never downloads a browser of its own), and run tools such as
// pdfinfo. Only node's standard library and playwright-core.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const { spawnSync, execFileSync } = require('node:child_process');

const BROWSER_DIR = path.resolve(__dirname, '..');
const REPO_ROOT = path.resolve(BROWSER_DIR, '..', '..');
const GUIDES_DIR = path.join(BROWSER_DIR, 'guides');

/** The spotter binary: $SPOTTER_BIN, else the debug build `cargo test` makes. */
function spotterBin () {
  const bin = process.env.SPOTTER_BIN
    ? path.resolve(process.env.SPOTTER_BIN)
    : path.resolve(BROWSER_DIR, '..', '..', 'target', 'debug', 'spotter');
  if (!fs.existsSync(bin)) {
    throw new Error(`spotter binary not found at ${bin}: run \`cargo build\` or set SPOTTER_BIN`);
  }
  return bin;
}

/** A new scratch folder, removed by `cleanup()`. */
function tempDir (label) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `spotter-browser-${label}-`));
}

/** Removes a scratch folder; with SPOTTER_TEST_KEEP=1 keeps it (PDFs, screenshots) and says where. */
function removeDir (dir) {
  if (!dir) return;
  if (process.env.SPOTTER_TEST_KEEP === '1') {
    process.stderr.write(`kept ${dir}\n`);
    return;
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

function copyDir (from, to) {
  fs.cpSync(from, to, { recursive: true });
}

/**
 * Builds the guide at `root` into a fresh folder under `workDir`. With `siteYaml`, the guide is
 * first copied under `workDir` and its site.yaml replaced. Returns the output folder and what
 * the build printed. Throws (with the build's output) when the build fails.
 */
function buildGuide (root, { workDir, siteYaml, args = [], name = 'site' } = {}) {
  let guide = root;
  if (siteYaml !== undefined) {
    guide = path.join(workDir, `${name}-guide`);
    copyDir(root, guide);
    fs.rmSync(path.join(guide, 'public'), { recursive: true, force: true });
    fs.writeFileSync(path.join(guide, 'site.yaml'), siteYaml);
  }
  const out = path.join(workDir, `${name}-public`);
  const res = spawnSync(spotterBin(), ['build', '--root', guide, '--output', out, ...args], {
    encoding: 'utf8',
    timeout: 120_000
  });
  const result = { out, guide, status: res.status, stdout: res.stdout || '', stderr: res.stderr || '' };
  if (res.error) throw res.error;
  if (res.status !== 0) {
    throw new Error(`spotter build --root ${guide} exited ${res.status}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  }
  if (!fs.existsSync(path.join(out, 'index.html'))) {
    throw new Error(`spotter build succeeded but wrote no ${path.join(out, 'index.html')}`);
  }
  return result;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.pdf': 'application/pdf'
};

/**
 * Serves `dir` on 127.0.0.1 at a free port, under the path `prefix` (`/` or `/guide/`, as the
 * site's base_url says). A folder serves its index.html; `/a` redirects to `/a/` when `a` is a
 * folder; a missing file gets 404.html with status 404. Resolves to { origin, url, close }.
 */
function serve (dir, { prefix = '/' } = {}) {
  const root = fs.realpathSync(dir);
  const server = http.createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch (e) {
      res.writeHead(400).end('bad request');
      return;
    }
    const send404 = () => {
      const page = path.join(root, '404.html');
      res.writeHead(404, { 'content-type': TYPES['.html'] });
      res.end(fs.existsSync(page) ? fs.readFileSync(page) : 'not found');
    };
    if (!pathname.startsWith(prefix)) {
      if (pathname + '/' === prefix) {
        res.writeHead(301, { location: prefix }).end();
        return;
      }
      send404();
      return;
    }
    const rel = pathname.slice(prefix.length);
    let file = path.resolve(root, '.' + path.posix.sep + rel);
    if (file !== root && !file.startsWith(root + path.sep)) {
      send404();
      return;
    }
    let stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat && stat.isDirectory()) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { location: pathname + '/' }).end();
        return;
      }
      file = path.join(file, 'index.html');
      stat = fs.statSync(file, { throwIfNoEntry: false });
    }
    if (!stat || !stat.isFile()) {
      send404();
      return;
    }
    const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'content-length': stat.size, 'cache-control': 'no-store' });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      const origin = `http://127.0.0.1:${port}`;
      resolve({
        origin,
        url: (p = '') => origin + prefix + p.replace(/^\//, ''),
        close: () => new Promise((done) => {
          server.closeAllConnections();
          server.close(() => done());
        })
      });
    });
  });
}

const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
];

/** The system Chromium, headless, through playwright-core. */
async function launchBrowser () {
  const { chromium } = require('playwright-core');
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install the Debian package chromium`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Records every request a browser context makes; `foreign()` lists those not on 127.0.0.1
 * (data:, blob: and about: URLs load nothing from anywhere and are allowed).
 */
function trackRequests (context) {
  const seen = [];
  context.on('request', (req) => seen.push(req.url()));
  return {
    all: () => seen.slice(),
    foreign: () => seen.filter((u) => {
      let url;
      try { url = new URL(u); } catch (e) { return true; }
      if (['data:', 'blob:', 'about:'].includes(url.protocol)) return false;
      return url.hostname !== '127.0.0.1';
    }),
    clear: () => { seen.length = 0; }
  };
}

/** Every index.html under `dir`, as site-relative folder paths (`''`, `exercises/row/`), sorted. */
function htmlPages (dir) {
  const pages = [];
  const walk = (abs, rel) => {
    const entries = fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.isDirectory()) walk(path.join(abs, e.name), rel + e.name + '/');
      else if (e.name === 'index.html') pages.push(rel);
    }
  };
  walk(dir, '');
  return pages.sort();
}

/** Runs a command, returning stdout; throws with stderr on failure. */
function run (cmd, args, opts = {}) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  } catch (e) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${e.status}): ${e.stderr || e.message}`);
  }
}

/** `pdfinfo FILE` as { pages, width, height } (points). */
function pdfInfo (file) {
  const text = run('pdfinfo', [file]);
  const pages = /^Pages:\s+(\d+)/m.exec(text);
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(text);
  if (!pages || !size) throw new Error(`cannot read pdfinfo output for ${file}:\n${text}`);
  return { pages: Number(pages[1]), width: Number(size[1]), height: Number(size[2]), text };
}

/** The text of a PDF in content order, whitespace collapsed. */
function pdfText (file) {
  return run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']).replace(/\s+/g, ' ').trim();
}

/** Lowercased, whitespace-collapsed, with words split at a hyphen by line wrapping re-joined. */
function normText (s) {
  return s.toLowerCase().replace(/\s+/g, ' ').replace(/(\S)- /g, '$1-').trim();
}

/**
 * For a test file about the bundled guide: before its tests, builds the guide, serves it on
 * 127.0.0.1 and starts Chromium; after them, stops both and removes the work folder. Returns
 * an object whose `work`, `out`, `server` and `browser` are set once the tests run.
 */
function useBundledSite(label) {
  return useSite(label, REPO_ROOT);
}

/**
 * The guide at `root`, built under a temporary folder named after `label`, served, and a
 * browser, for the tests of one file: made before them and taken down after. Returns an
 * object whose `out`, `server` and `browser` are set once they run.
 */
function useSite(label, root) {
  const { before, after } = require('node:test');
  const site = {};
  before(async () => {
    site.work = tempDir(label);
    site.out = buildGuide(root, { workDir: site.work }).out;
    site.server = await serve(site.out);
    site.browser = await launchBrowser();
  });
  after(async () => {
    if (site.browser) await site.browser.close();
    if (site.server) await site.server.close();
    removeDir(site.work);
  });
  return site;
}

/**
 * Accessible names, as Chromium's accessibility tree computes them, of the nodes matching
 * `selector`, through the page's CDP session `cdp` (with DOM enabled).
 */
async function accessibleNames (cdp, selector) {
  const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
  const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector });
  const result = [];
  for (const nodeId of nodeIds) {
    const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
    const node = nodes.find((n) => n.backendDOMNodeId !== undefined) || nodes[0];
    const { outerHTML } = await cdp.send('DOM.getOuterHTML', { nodeId });
    result.push({
      ignored: !node || node.ignored,
      name: node && node.name ? String(node.name.value || '').trim() : '',
      html: outerHTML.replace(/\s+/g, ' ').slice(0, 160)
    });
  }
  return result;
}

module.exports = {
  useSite,
  accessibleNames,
  useBundledSite,
  normText,
  BROWSER_DIR,
  REPO_ROOT,
  GUIDES_DIR,
  spotterBin,
  tempDir,
  removeDir,
  buildGuide,
  serve,
  launchBrowser,
  trackRequests,
  htmlPages,
  run,
  pdfInfo,
  pdfText
};
