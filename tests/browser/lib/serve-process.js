'use strict';
// Helpers for tests of `spotter serve`: run it as a child process on a free port, follow what it
// prints on stderr, stop it with a signal, and send raw HTTP requests whose path goes out
// exactly as written (no normalisation of `..` or percent escapes by a client library).
// Only node's standard library.

const net = require('node:net');
const http = require('node:http');
const { spawn } = require('node:child_process');

/** A port that was free on 127.0.0.1 a moment ago. */
function freePort () {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts `BIN serve --root ROOT --port PORT ...args` with `env` added to the environment and
 * resolves once it prints that it is serving. Rejects (with its stderr) if it exits or stays
 * silent for `timeout` ms. The handle follows stderr: `stderr()` is all of it so far,
 * `waitForStderr(re, { from, timeout })` waits for `re` to match what came after offset `from`.
 */
function startServe (bin, { root, port, args = [], env = {}, timeout = 60_000 }) {
  const child = spawn(bin, ['serve', '--root', root, '--port', String(port), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let err = '';
  let out = '';
  const waiters = new Set();
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let exitInfo = null;
  exited.then((info) => { exitInfo = info; for (const w of waiters) w.check(); });
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => {
    err += d;
    for (const w of waiters) w.check();
  });

  function waitForStderr (re, { from = 0, timeout: ms = 10_000 } = {}) {
    return new Promise((resolve, reject) => {
      const w = {
        check () {
          const m = re.exec(err.slice(from));
          if (m) {
            done();
            resolve(m);
          } else if (exitInfo) {
            done();
            reject(new Error(`spotter serve exited (${JSON.stringify(exitInfo)}) before printing ${re}; stderr:\n${err}`));
          }
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`spotter serve did not print ${re} within ${ms} ms; stderr since offset ${from}:\n${err.slice(from)}`));
      }, ms);
      function done () { clearTimeout(timer); waiters.delete(w); }
      waiters.add(w);
      w.check();
    });
  }

  /** Sends `signal` and resolves to { code, signal, ms } once it exits, or to null after `ms`. */
  async function stop (signal = 'SIGINT', ms = 10_000) {
    if (exitInfo) return { ...exitInfo, ms: 0 };
    const t0 = Date.now();
    child.kill(signal);
    let timer;
    const res = await Promise.race([
      exited,
      new Promise((resolve) => { timer = setTimeout(() => resolve(null), ms); })
    ]);
    clearTimeout(timer);
    return res && { ...res, ms: Date.now() - t0 };
  }

  const handle = {
    child,
    pid: child.pid,
    port,
    origin: `http://127.0.0.1:${port}`,
    stderr: () => err,
    stdout: () => out,
    exited,
    hasExited: () => exitInfo !== null,
    waitForStderr,
    stop
  };
  return waitForStderr(/serving .* at (http:\/\/\S+?)\/? /, { timeout }).then(() => handle);
}

/**
 * A raw GET of `rawPath` (sent byte for byte as the request target) to host:port. Resolves to
 * { status, headers, body } or rejects with the socket error (e.g. ECONNREFUSED).
 */
function rawGet (port, rawPath, { host = '127.0.0.1', timeout = 5_000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port, method: 'GET', path: rawPath, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeout, () => req.destroy(new Error(`GET ${rawPath} on ${host}:${port} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/** Resolves to 'connected' or the error code of a plain TCP connection to host:port. */
function tryConnect (host, port, timeout = 3_000) {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const finish = (what) => { sock.destroy(); resolve(what); };
    sock.setTimeout(timeout, () => finish('timeout'));
    sock.once('connect', () => finish('connected'));
    sock.once('error', (e) => finish(e.code || e.message));
  });
}

module.exports = { freePort, startServe, rawGet, tryConnect };
