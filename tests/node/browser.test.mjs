// browser.test.mjs — the WebAssembly core and its wrapper also work in a
// browser: headless Chromium (installed by scripts/setup.sh) loads
// build/wasm/lanterne.mjs from a local HTTP server, opens the index and
// searches; the answers must equal the native CLI's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CORE, INDEX, WRAPPER, nativeSearch, requireBuild } from './helpers.mjs';

requireBuild();
const CHROMIUM = '/usr/bin/chromium';
const QUERIES = ["l'OTAN", 'menaces terroristes', '"feuille de route"', 'cyber*', '\uD800"NEAR(', ''];

const PAGE = `<!doctype html><meta charset="utf-8"><pre id="out">pending</pre>
<script type="module">
import { openIndex } from './lanterne.mjs';
const out = document.getElementById('out');
try {
  const bytes = new Uint8Array(await (await fetch('corpus.db')).arrayBuffer());
  const index = await openIndex(bytes, { name: 'corpus.db' });
  const answers = ${JSON.stringify(QUERIES)}.map((query) => index.search({ query, limit: 50 }));
  index.close();
  out.textContent = 'RESULT:' + btoa(unescape(encodeURIComponent(JSON.stringify(answers)))) + ':END';
} catch (e) { out.textContent = 'FAILED:' + e.message + ':END'; }
</script>`;

function serve() {
  const files = {
    '/': ['text/html', PAGE],
    '/lanterne.mjs': ['text/javascript', readFileSync(WRAPPER)],
    '/lanterne-core.mjs': ['text/javascript', readFileSync(CORE)],
    '/corpus.db': ['application/octet-stream', readFileSync(INDEX)],
  };
  const server = http.createServer((req, res) => {
    const file = files[req.url];
    if (!file) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': file[0] });
    res.end(file[1]);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('headless Chromium runs the wasm core through lanterne.mjs, answering as the CLI does', async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run bash scripts/setup.sh`);
  const server = await serve();
  // Waits for the page's own verdict: Chromium's --dump-dom with a virtual
  // time budget could dump before the wasm compiled (1 run in 5 here).
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => document.getElementById('out').textContent !== 'pending', null, { timeout: 60000 });
    const dom = await page.content();
    // The page holds the script too: read only the <pre>'s text.
    const pre = /<pre id="out">([^<]*)<\/pre>/.exec(dom);
    assert.ok(pre, `no output element in the page: ${dom.slice(0, 500)}`);
    const failed = /^FAILED:(.*):END$/s.exec(pre[1]);
    assert.ok(!failed, failed && `in the browser: ${failed[1]}`);
    const m = /^RESULT:([A-Za-z0-9+/=]+):END$/.exec(pre[1]);
    assert.ok(m, `no result in the page: ${pre[1].slice(0, 500)}`);
    const answers = JSON.parse(Buffer.from(m[1], 'base64').toString('utf8'));
    QUERIES.forEach((query, i) => assert.deepStrictEqual(answers[i], nativeSearch(query), JSON.stringify(query)));
  } finally {
    await browser.close();
    server.close();
  }
});
