// embed.test.mjs — the explorer embedded in a news article (dist/embed.js,
// dist/demo/article.html, built by `npm run build`), end to end in headless
// Chromium (Debian's, driven by playwright-core).
//
// The demo article is opened from file:// and from a local web server (the
// only address the browser may reach; every other request is refused and
// recorded).  Checks: embed.js is small and adds one global; each of the
// three embeds shows its preset slice (the answers the CLI gives); the
// height follows the content within limits; an embed below the fold loads
// nothing until scrolled to; over HTTP the embeds share one download and
// one compiled wasm module; a hostile article stylesheet and script do not
// break the embeds, and the embeds do not change the article's styles;
// readers' clicks, keys and history stay inside the embed, and the "open
// the full explorer" link carries the state; theme, accent, language,
// limits, the plain <iframe> form, a narrow column and refused addresses;
// no request leaves the page.  Screenshots go to tests/output/.  Timings
// are printed, never asserted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, INDEX, cliJson, requireBuild } from './helpers.mjs';

requireBuild();
const DIST = path.join(ROOT, 'dist');
const ARTICLE = path.join(DIST, 'demo/article.html');
const EMBED_JS = path.join(DIST, 'embed.js');
const OUT = path.join(ROOT, 'tests/output');
const CHROMIUM = '/usr/bin/chromium';
const HAMMOUCHI_DOCS = ['002_41e792016c4892aa', '003_4625da25efb4d1b6'];
const LETTER = '000_7c59c344a3186c0e';

let chromium;
let browser;
let server;
let base;            // http://127.0.0.1:port/
const served = [];   // {path, bytes} of every request the server answered
const leaks = [];    // requests that tried to leave the page
const dialogs = [];

const articleHtml = () => readFileSync(ARTICLE, 'utf8');
const styleHash = (html) => `'sha256-${createHash('sha256').update(/<style>([\s\S]*?)<\/style>/.exec(html)[1]).digest('base64')}'`;

// Pages the server makes from the demo article.
const PAGES = {
  // The article without embed.js: what the article looks like on its own.
  '/demo/plain.html': () => articleHtml().replace('<script src="../embed.js" defer></script>', ''),
  // A hostile article: styles that flatten and hide everything, fonts, and
  // a script that tampers with globals and fakes the embeds' messages.
  '/demo/hostile.html': () => articleHtml().replace('</head>', `<style>
    @font-face { font-family: "Hostile"; src: local("Comic Sans MS"); }
    * { all: unset !important; font-family: "Hostile", cursive !important; }
    div { display: none !important; }
    iframe { display: none !important; width: 0 !important; height: 0 !important; }
    [data-lanterne] { height: 0 !important; overflow: hidden !important; opacity: 0 !important; }
    </style></head>`).replace('</body>', `<script type="module">
    // A module runs after the deferred embed.js: it tampers with what
    // embed.js uses later (lazy loading, messages).
    window.__lanterne = 'article';
    try { window.Lanterne = 'taken'; } catch { /* not writable */ }
    window.IntersectionObserver = function () { throw new Error('hostile'); };
    window.URL = null; window.URLSearchParams = null;
    setInterval(() => window.postMessage({ ns: 'lanterne', type: 'height', height: 99999 }, '*'), 50);
    </script></body>`),
  // The article on another site (news.example) than the explorer (127.0.0.1).
  '/demo/cross.html': () => articleHtml().replaceAll('"../lanterne.html"', `"${base}lanterne.html"`).replace('"../embed.js"', `"${base}embed.js"`),
  // Options, refused addresses, the plain iframe form, a narrow column.
  '/demo/cases.html': () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>cases</title>
    <script src="../embed.js"></script></head><body style="margin:0">
    <div id="dark" data-lanterne="../lanterne.html" data-query="otan" data-theme="dark" data-accent="#ffd000" data-lang="en" data-height="250" data-min-height="200" data-max-height="300"></div>
    <div id="entity" data-lanterne="../lanterne.html" data-view="entity" data-entity="DGST" data-theme="auto" data-lang="fr" data-height="300"></div>
    <div id="narrow" style="width:360px"><div data-lanterne="../lanterne.html" data-query="otan" data-height="300"></div></div>
    <div id="quoted" data-lanterne="../lanterne.html" data-query='"&gt;&lt;img src=x onerror=parent.__pwned=1&gt; Hammouchi' data-height="200"></div>
    <iframe id="plain" src="../lanterne.html#embed=1&amp;q=Hammouchi&amp;view=results" title="Lanterne" style="width:100%;height:480px;border:0"></iframe>
    <div class="bad" data-lanterne="javascript:parent.__pwned=2"></div>
    <div class="bad" data-lanterne=" JaVaScRiPt:parent.__pwned=3"></div>
    <div class="bad" data-lanterne="java&#9;script:parent.__pwned=4"></div>
    <div class="bad" data-lanterne="data:text/html,&lt;script&gt;parent.__pwned=5&lt;/script&gt;"></div>
    <div class="bad" data-lanterne="http://user:pw@127.0.0.1/lanterne.html"></div>
    </body></html>`,
};

before(async () => {
  for (const f of [ARTICLE, EMBED_JS, path.join(DIST, 'lanterne.html')]) assert.ok(existsSync(f), `${path.relative(ROOT, f)} is missing: run npm run build`);
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run bash scripts/setup.sh`);
  ({ chromium } = await import('playwright-core'));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run',
      `--host-resolver-rules=MAP ${NEWS} 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1`],
  });
  mkdirSync(OUT, { recursive: true });
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript' };
  server = http.createServer((req, res) => {
    const p = decodeURIComponent(req.url.split(/[?#]/)[0]);
    let body = null;
    if (PAGES[p]) body = Buffer.from(PAGES[p]());
    else {
      const file = path.join(DIST, path.normalize(p).replace(/^(\.\.[/\\])+/, ''));
      if (file.startsWith(DIST) && existsSync(file) && !file.endsWith(path.sep)) body = readFileSync(file);
    }
    if (!body) { res.writeHead(404); res.end(); return; }
    served.push({ path: p, bytes: body.length });
    const headers = { 'content-type': types[path.extname(p)] || 'application/octet-stream', 'cache-control': 'public, max-age=600' };
    // The demo article under a strict CSP of its own: embed.js needs no
    // inline script and no style permission (it styles through the CSSOM).
    if (p === '/demo/article.html') {
      headers['content-security-policy'] = `default-src 'none'; script-src 'self'; style-src ${styleHash(body.toString())}; frame-src 'self'; base-uri 'none'`;
    }
    res.writeHead(200, headers);
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}/`;
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

const NEWS = 'news.example'; // resolves to the local server (launch arguments)
const local = (u) => /^(file|data|blob):/.test(u) || u.startsWith(base) || u.startsWith(base.replace('127.0.0.1', NEWS));

/**
 * A fresh article page in its own context; only file:, data:, blob: and the
 * local server are reachable.  `cache`: Playwright's request interception
 * turns the HTTP cache off, so a page that measures the cache is not
 * intercepted: its requests are only recorded (and other hosts do not
 * resolve, see the launch arguments).
 */
async function open(url, { width = 1280, height = 800, locale = 'fr-FR', cache = false, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ locale, viewport: { width, height }, colorScheme });
  if (cache) {
    context.on('request', (r) => { if (!local(r.url())) leaks.push(r.url()); });
  } else {
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (local(u)) return route.continue();
      leaks.push(u);
      return route.abort();
    });
  }
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await page.goto(url);
  return page;
}

const hosts = (page) => page.locator('[data-lanterne]');
const states = (page) => page.$$eval('[data-lanterne]', (l) => l.map((x) => x.getAttribute('data-lanterne-state')));

/** The explorer frame of embed i, once it answered. */
async function embedFrame(page, i, selector = '[data-lanterne]') {
  const host = page.locator(selector).nth(i);
  await host.scrollIntoViewIfNeeded();
  await page.waitForFunction(([s, n]) => document.querySelectorAll(s)[n].getAttribute('data-lanterne-state') === 'ready', [selector, i], { timeout: 30000 });
  const frame = await (await host.locator('iframe').elementHandle()).contentFrame();
  await frame.waitForSelector('body[data-ready]:not([data-busy])');
  return { host, frame };
}

const frameIds = (frame) => frame.$$eval('#results li[data-doc-id]', (l) => l.map((x) => x.dataset.docId));
const cliIds = (query, extra = []) => cliJson(['search', INDEX, '--json', '--limit', '50', '--as-you-type', ...extra, '--', query]).hits.map((h) => h.id);

/** The iframe's height matches the content it reported, within the limits. */
async function checkHeight(page, host, frame, { min = 240, max = 900 } = {}) {
  await page.waitForTimeout(150); // the last resize message
  const box = await host.locator('iframe').boundingBox();
  const content = await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
  const inner = await page.evaluate(() => window.innerHeight);
  const want = Math.max(min, Math.min(content, Math.max(min, Math.min(max, Math.round(inner * 0.9))))) + 2;
  assert.ok(Math.abs(box.height - want) <= 1, `iframe ${box.height} px, content ${content} px, expected ${want} px`);
  return { height: box.height, content };
}

test('dist/embed.js is small and adds exactly one global, Lanterne', async () => {
  const size = readFileSync(EMBED_JS).length;
  assert.ok(size < 8 * 1024, `embed.js is ${size} bytes`);
  const names = async (p) => {
    const page = await open(`${base}demo/${p}`);
    const own = await page.evaluate(() => Object.getOwnPropertyNames(window));
    const lanterne = await page.evaluate(() => window.Lanterne && { version: window.Lanterne.version, scan: typeof window.Lanterne.scan });
    await page.context().close();
    return { own, lanterne };
  };
  const plain = await names('plain.html');
  const withEmbeds = await names('article.html');
  // (numbered properties are the page's frames, not variables)
  assert.deepEqual(withEmbeds.own.filter((n) => !plain.own.includes(n) && !/^\d+$/.test(n)), ['Lanterne']);
  assert.equal(plain.lanterne, undefined);
  assert.deepEqual(withEmbeds.lanterne, { version: JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version, scan: 'function' });
  console.log(`# embed.js: ${size} bytes`);
});

test('the demo article from file://, network off: each embed shows its preset slice', async () => {
  const page = await open(pathToFileURL(ARTICLE).href);
  await page.waitForFunction(() => document.querySelector('[data-lanterne]').getAttribute('data-lanterne-state') === 'ready', null, { timeout: 30000 });
  // Only the embed near the viewport has loaded.
  assert.deepEqual(await states(page), ['ready', 'waiting', 'waiting']);
  assert.equal(await hosts(page).nth(2).locator('iframe').count(), 0);
  assert.equal(page.frames().length, 2);
  // No focus taken, no scroll: the reader is still at the top of the article.
  assert.deepEqual(await page.evaluate(() => [document.activeElement.tagName, window.scrollY]), ['BODY', 0]);

  // 1. A search pre-filled with a person.
  const one = await embedFrame(page, 0);
  assert.equal(await one.frame.inputValue('#q'), 'Hammouchi');
  assert.deepEqual(await frameIds(one.frame), cliIds('Hammouchi'));
  assert.deepEqual((await frameIds(one.frame)).sort(), HAMMOUCHI_DOCS);
  const marks = await one.frame.$$eval('#results .snippet mark', (m) => m.map((x) => x.textContent));
  assert.ok(marks.length >= 2 && marks.every((m) => m === 'Hammouchi'), `marks: ${marks}`);
  assert.ok(await one.frame.evaluate(() => document.documentElement.classList.contains('embed')));
  assert.equal(await one.frame.isVisible('#corpus-info'), false, 'compact chrome');
  const full = new URL(await one.frame.getAttribute('#full-link', 'href'));
  assert.equal(full.pathname, pathToFileURL(path.join(DIST, 'lanterne.html')).pathname);
  assert.deepEqual(Object.fromEntries(new URLSearchParams(full.hash.slice(1))), { q: 'Hammouchi', view: 'results', lang: 'fr', accent: 'b3261e' });
  assert.equal(await one.frame.getAttribute('#full-link', 'target'), '_blank');
  // The article's accent, made readable.
  assert.equal(await one.frame.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()), '#b3261e');
  const h1 = await checkHeight(page, one.host, one.frame);
  await one.host.screenshot({ path: path.join(OUT, 'embed-search.png') });

  // 2. A timeline of one organisation, named as readers know it ("OTAN").
  const two = await embedFrame(page, 1);
  assert.deepEqual(await two.frame.$$eval('#chips .chip', (c) => c.map((x) => x.dataset.entityId)), ['nato']);
  assert.deepEqual(await frameIds(two.frame), cliIds('', ['--entity', 'nato']));
  assert.equal((await frameIds(two.frame)).length, 3);
  const buckets = cliJson(['search', INDEX, '--json', '--entity', 'nato', '--', '']).timeline.written.buckets.map((b) => b.key);
  assert.deepEqual(buckets, ['2012', '2014', '2020']);
  const bars = await two.frame.$$eval('.tl-bar', (b) => b.filter((x) => parseFloat(x.getAttribute('height')) > 0).map((x) => x.dataset.key));
  assert.deepEqual(bars, buckets);
  assert.equal(await two.frame.isVisible('#timeline'), true);
  assert.equal(await two.frame.isVisible('.searchbar'), false);
  const tlBox = await two.frame.locator('#timeline').boundingBox();
  const listBox = await two.frame.locator('#results').boundingBox();
  assert.ok(tlBox.y < listBox.y, 'the timeline leads');
  await checkHeight(page, two.host, two.frame);
  await two.host.screenshot({ path: path.join(OUT, 'embed-timeline.png') });

  // 3. One document with its entities.
  const three = await embedFrame(page, 2);
  const doc = cliJson(['document', INDEX, LETTER, '--json']);
  assert.equal(await three.frame.textContent('#reader-title'), doc.title);
  assert.equal(await three.frame.isVisible('#app'), false);
  const counts = new Map();
  for (const m of doc.mentions) counts.set(m.entity, (counts.get(m.entity) || 0) + 1);
  const listed = await three.frame.$$eval('.doc-entities button', (b) => b.map((x) => x.dataset.entityId));
  assert.ok(counts.size > 10 && counts.size <= 40, `${counts.size} entities`);
  assert.deepEqual(new Set(listed), new Set(counts.keys()));
  assert.equal(listed[0], [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0], 'most mentioned first');
  assert.ok(listed.includes('csdn') && listed.includes('nato') && listed.includes('gabor_iklody'));
  assert.ok(await three.frame.locator('#doc-text .mention').count() > 10);
  await checkHeight(page, three.host, three.frame);
  await three.host.screenshot({ path: path.join(OUT, 'embed-document.png') });

  // file:// pages are opaque origins: the browser shares nothing between the frames.
  const shared = [];
  for (const f of page.frames().slice(1)) shared.push(await f.evaluate(() => `${window.__lanterne.shared ? 'shared' : 'own copy'}: first answer ${Math.round(window.__lanterne.firstAnswerMs)} ms, wasm module + index ${Math.round(window.__lanterne.coreMs)} ms`));
  console.log(`# file://: first embed ${h1.height} px high (content ${h1.content} px); opaque origins, so each embed decodes its own copy: ${shared.join('; ')}`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('over HTTP: an embed below the fold loads nothing until scrolled to; then the embeds share one download and one compiled module', async () => {
  served.length = 0;
  const page = await open(`${base}demo/article.html`, { cache: true });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.waitForFunction(() => document.querySelector('[data-lanterne]').getAttribute('data-lanterne-state') === 'ready', null, { timeout: 30000 });
  await page.waitForTimeout(500);
  assert.deepEqual(await states(page), ['ready', 'waiting', 'waiting']);
  assert.deepEqual(served.map((s) => s.path), ['/demo/article.html', '/embed.js', '/lanterne.html']);
  const before = served.reduce((n, s) => n + s.bytes, 0);
  const pageBytes = served[2].bytes;
  // Scroll to the last embed: it loads now (the middle one too, on the way).
  const t0 = Date.now();
  const three = await embedFrame(page, 2);
  const waited = Date.now() - t0;
  const two = await embedFrame(page, 1);
  assert.ok(requests.filter((u) => u.startsWith(`${base}lanterne.html`)).length >= 2, 'the frames navigated');
  // One download: the other frames come from the HTTP cache.
  assert.equal(served.filter((s) => s.path === '/lanterne.html').length, 1, JSON.stringify(served));
  // One compiled module: the later embeds got it from the first one.
  const frames = page.frames().slice(1);
  const info = [];
  for (const f of frames) info.push(await f.evaluate(() => ({ hash: location.hash, shared: window.__lanterne.shared, first: Math.round(window.__lanterne.firstAnswerMs), core: Math.round(window.__lanterne.coreMs) })));
  const byView = Object.fromEntries(info.map((x) => [new URLSearchParams(x.hash.slice(1)).get('view'), x]));
  assert.equal(byView.results.shared, false);
  assert.equal(byView.timeline.shared, true);
  assert.equal(byView.document.shared, true);
  assert.deepEqual(await frameIds(two.frame), cliIds('', ['--entity', 'nato']));
  assert.equal(await three.frame.textContent('#reader-title'), cliJson(['document', INDEX, LETTER, '--json']).title);
  console.log(`# below the fold before scrolling: 0 requests, 0 bytes for the embeds not near the viewport ` +
    `(the article loaded ${before} bytes: article + embed.js + one explorer page of ${pageBytes} bytes); ` +
    `time to first answer (from the frame's navigation): ${info.map((x) => `${new URLSearchParams(x.hash.slice(1)).get('view')} ${x.first} ms (wasm module + index ${x.shared ? 'from a sibling' : 'decoded and compiled'} in ${x.core} ms)`).join(', ')}; ` +
    `scroll to ready: ${waited} ms`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('over HTTP, with the article on another site, the embeds still share one compiled module', async () => {
  const page = await open(`${base.replace('127.0.0.1', NEWS)}demo/cross.html`);
  const shared = [];
  for (const i of [0, 2, 1]) {
    const { frame } = await embedFrame(page, i);
    shared.push(await frame.evaluate(() => [location.origin, window.__lanterne.shared]));
  }
  // One embed decodes the module, the other two get it from it; which one
  // goes first depends on which frame the browser loads first.
  assert.deepEqual(shared.map(([origin]) => origin), [base.slice(0, -1), base.slice(0, -1), base.slice(0, -1)]);
  assert.equal(shared.filter(([, fromSibling]) => !fromSibling).length, 1, JSON.stringify(shared));
  assert.ok(page.url().includes(NEWS));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a hostile article stylesheet and script do not break the embeds; the embeds do not change the article', async () => {
  const page = await open(`${base}demo/hostile.html`);
  for (let i = 0; i < 3; i++) {
    const { host, frame } = await embedFrame(page, i);
    const box = await host.locator('iframe').boundingBox();
    assert.ok(box && box.width > 500 && box.height > 200 && box.height < 1000, `embed ${i}: ${JSON.stringify(box)}`);
    assert.equal(await frame.evaluate(() => getComputedStyle(document.body).fontFamily.includes('Hostile')), false);
    if (i === 0) assert.deepEqual(await frameIds(frame), cliIds('Hammouchi'));
    if (i === 2) assert.equal(await frame.isVisible('#reader-title'), true);
  }
  // Its fake height messages did not resize anything; its globals stayed its own.
  assert.ok((await hosts(page).nth(0).locator('iframe').boundingBox()).height < 1000);
  assert.equal(await page.evaluate(() => typeof window.Lanterne), 'object');
  await page.screenshot({ path: path.join(OUT, 'embed-hostile.png') });
  assert.deepEqual(page.errors, []);
  await page.context().close();

  // Every element of the article keeps its computed style with the embeds.
  const snapshot = async (url) => {
    const p = await open(url);
    await p.waitForLoadState('load');
    if (url.includes('article.html')) await p.waitForFunction(() => document.querySelector('[data-lanterne]').getAttribute('data-lanterne-state') === 'ready', null, { timeout: 30000 });
    const s = await p.evaluate(() => {
      const props = ['display', 'font-family', 'font-size', 'font-weight', 'line-height', 'color', 'background-color', 'margin-top', 'margin-bottom', 'padding-left', 'border-top-width', 'width', 'text-align', 'letter-spacing'];
      const all = [document.documentElement, document.body, ...document.querySelectorAll('body *')];
      return {
        sheets: document.styleSheets.length,
        styles: all.filter((e) => !e.closest('[data-lanterne]')).map((e) => `${e.tagName} ${props.map((k) => getComputedStyle(e).getPropertyValue(k)).join('|')}`),
      };
    });
    await p.context().close();
    return s;
  };
  const plain = await snapshot(`${base}demo/plain.html`);
  const embedded = await snapshot(`${base}demo/article.html`);
  assert.equal(embedded.sheets, plain.sheets, 'no stylesheet added');
  assert.ok(plain.styles.length > 15, `${plain.styles.length} elements`);
  assert.deepEqual(embedded.styles, plain.styles);
});

test('readers\' clicks, keys and history stay inside the embed; "open the full explorer" carries the state', async () => {
  const page = await open(pathToFileURL(ARTICLE).href);
  const { host, frame } = await embedFrame(page, 0);
  const history0 = await page.evaluate(() => history.length);
  const scroll0 = await page.evaluate(() => window.scrollY);
  await frame.click(`#results li[data-doc-id="${HAMMOUCHI_DOCS[0]}"] .hit-link`);
  await frame.waitForSelector('#reader:not([hidden])');
  assert.equal(await frame.textContent('#reader-title'), cliJson(['document', INDEX, HAMMOUCHI_DOCS[0], '--json']).title);
  assert.ok(await frame.locator('#doc-text mark.hit').count() >= 1);
  await frame.click('#hit-next');
  assert.equal(await page.evaluate(() => history.length), history0, 'no history entry in the article');
  assert.equal(await page.evaluate(() => window.scrollY), scroll0, 'the article did not scroll');
  assert.equal(page.url(), pathToFileURL(ARTICLE).href);
  await page.keyboard.press('Escape');
  await frame.waitForSelector('#reader', { state: 'hidden' });
  // Typing searches inside the embed.
  await frame.fill('#q', 'otan');
  await frame.waitForFunction(() => decodeURIComponent(location.hash).includes('q=otan'));
  await frame.waitForSelector('body:not([data-busy])');
  assert.deepEqual(await frameIds(frame), cliIds('otan'));
  assert.equal(await page.evaluate(() => history.length), history0);
  await checkHeight(page, host, frame);
  // The full explorer opens in a new tab with the same search, not embedded.
  const [popup] = await Promise.all([page.context().waitForEvent('page'), frame.click('#full-link')]);
  await popup.waitForSelector('body[data-ready]', { timeout: 30000 });
  assert.ok(!popup.url().includes('embed=1'), popup.url());
  assert.equal(await popup.evaluate(() => document.documentElement.classList.contains('embed')), false);
  assert.equal(await popup.inputValue('#q'), 'otan');
  assert.deepEqual(await frameIds(popup), cliIds('otan'));
  assert.equal(page.url(), pathToFileURL(ARTICLE).href, 'the article stayed');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('theme, accent, language and height limits by attribute; the plain iframe form; a narrow column; refused addresses', async () => {
  const page = await open(`${base}demo/cases.html`, { locale: 'fr-FR', colorScheme: 'dark' });
  // Dark theme, a pale accent made readable, English, 200-300 px.
  const dark = await embedFrame(page, 0, '#dark');
  const look = await dark.frame.evaluate(() => {
    const cs = getComputedStyle(document.documentElement);
    return { theme: document.documentElement.dataset.theme, lang: document.documentElement.lang, bg: getComputedStyle(document.body).backgroundColor, accent: cs.getPropertyValue('--accent').trim(), card: cs.getPropertyValue('--card').trim(), placeholder: document.getElementById('q').placeholder };
  });
  assert.equal(look.theme, 'dark');
  assert.equal(look.lang, 'en');
  assert.equal(look.placeholder, 'Search (press /)');
  assert.equal(look.bg, 'rgb(21, 23, 27)');
  const lum = (hex) => { const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((s) => (s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4)); return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  assert.ok(ratio(look.accent, look.card) >= 4.5, `accent ${look.accent} on ${look.card}`);
  assert.deepEqual(await frameIds(dark.frame), cliIds('otan'));
  const darkBox = await dark.host.locator('iframe').boundingBox();
  assert.ok(darkBox.height <= 302 && darkBox.height >= 202, `height ${darkBox.height}`);
  await checkHeight(page, dark.host, dark.frame, { min: 200, max: 300 });
  await dark.host.screenshot({ path: path.join(OUT, 'embed-dark.png') });

  // An entity's card, named by its acronym; the theme follows the reader's system.
  const entity = await embedFrame(page, 0, '#entity');
  const dgst = cliJson(['entity', INDEX, 'dgst', '--json']);
  assert.equal(await entity.frame.textContent('#entity-card h3'), dgst.name);
  assert.equal(await entity.frame.isVisible('#entity-card'), true);
  assert.deepEqual(await frameIds(entity.frame), cliIds('', ['--entity', 'dgst']));
  assert.equal(await entity.frame.evaluate(() => document.documentElement.dataset.theme), 'dark');
  const cardBox = await entity.frame.locator('#entity-card').boundingBox();
  assert.ok(cardBox.y < (await entity.frame.locator('#results').boundingBox()).y, 'the card leads');
  assert.equal(await entity.frame.evaluate(() => document.activeElement.tagName), 'BODY', 'no focus taken');
  await entity.host.screenshot({ path: path.join(OUT, 'embed-entity.png') });

  // A 360 px column: the embed is 360 px wide and nothing overflows inside;
  // without data-theme it stays light, whatever the system prefers.
  const narrow = await embedFrame(page, 0, '#narrow [data-lanterne]');
  assert.equal(await narrow.frame.evaluate(() => document.documentElement.dataset.theme), undefined);
  assert.equal(Math.round((await narrow.host.locator('iframe').boundingBox()).width), 360);
  const overflow = await narrow.frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `overflow ${overflow} px`);

  // Markup in an attribute is a query, nothing else.
  const quoted = await embedFrame(page, 0, '#quoted');
  assert.equal(await quoted.frame.inputValue('#q'), '"><img src=x onerror=parent.__pwned=1> Hammouchi');
  assert.equal(await page.locator('img').count(), 0);

  // The plain <iframe> form, with the options in its address.
  const plainFrame = await (await page.$('#plain')).contentFrame();
  await plainFrame.waitForSelector('body[data-ready]', { timeout: 30000 });
  assert.ok(await plainFrame.evaluate(() => document.documentElement.classList.contains('embed')));
  assert.deepEqual(await frameIds(plainFrame), cliIds('Hammouchi'));

  // Five frames of the page started together (the iframe form at once,
  // four embeds in view on DOMContentLoaded): they agree on who decodes and
  // most receive the module (how many depends on timing: an embed whose
  // siblings answer too late decodes its own copy).
  const starts = [];
  for (const f of page.frames().slice(1)) starts.push(await f.evaluate(() => [window.__lanterne.shared, window.__lanterne.share.join(' | ')]));
  assert.equal(starts.length, 5);
  assert.ok(starts.filter((x) => x[0]).length >= 2, `shared: ${JSON.stringify(starts, null, 1)}`);
  console.log(`# five embeds started together: ${starts.filter((x) => !x[0]).length} decoded their own copy, ${starts.filter((x) => x[0]).length} received it`);

  // Refused addresses: no frame, a note, nothing run.
  const bad = page.locator('.bad');
  assert.equal(await bad.count(), 5);
  for (let i = 0; i < 5; i++) {
    assert.equal(await bad.nth(i).getAttribute('data-lanterne-state'), 'error');
    assert.equal(await bad.nth(i).locator('iframe').count(), 0);
    assert.match(await bad.nth(i).textContent(), /adresse de l’explorateur refusée|explorer address refused/);
  }
  // Lanterne.scan() embeds what an article adds later.
  await page.evaluate(() => {
    const d = document.createElement('div');
    d.id = 'late';
    d.setAttribute('data-lanterne', '../lanterne.html');
    d.setAttribute('data-query', 'Hammouchi');
    document.body.append(d);
    window.Lanterne.scan();
  });
  const late = await embedFrame(page, 0, '#late');
  assert.deepEqual(await frameIds(late.frame), cliIds('Hammouchi'));
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('axe-core finds no serious or critical violation in embed mode, light and dark', async () => {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 700, height: 800 }, bypassCSP: true });
  await context.route('**/*', (route) => (local(route.request().url()) ? route.continue() : (leaks.push(route.request().url()), route.abort())));
  const page = await context.newPage();
  const axe = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  const pageUrl = pathToFileURL(path.join(DIST, 'lanterne.html')).href;
  for (const hash of ['embed=1&q=otan&accent=b3261e', 'embed=1&q=otan&theme=dark&accent=ffd000', `embed=1&view=document&doc=${LETTER}&theme=dark`, 'embed=1&view=entity&e=dgst&view=entity&theme=dark']) {
    await page.goto(`${pageUrl}#${hash}`);
    await page.reload(); // a new hash alone would not reload the page
    await page.waitForSelector('body[data-ready]:not([data-busy])', { timeout: 30000 });
    await page.addScriptTag({ content: axe });
    const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((x) => x.target.join(' ')).join(', ')}`), [], hash);
  }
  await context.close();
});

test('no request left the page', () => {
  assert.deepEqual(leaks, []);
});
