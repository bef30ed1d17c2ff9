// page.test.mjs — the explorer page (dist/lanterne.html, built by
// `npm run build`) end to end in headless Chromium (Debian's, driven by
// playwright-core), opened from file:// with every request that is not
// file:, data: or blob: refused and recorded.
//
// Checks: typing a query shows the documents the CLI finds; a period brushed
// on the timeline (mouse) or chosen with the keyboard filters them; an
// entity facet filters them (when the core gives facets); the reader steps
// through hits; a deep link and a reload restore the view; the back button
// closes the reader; the language switches; a hostile corpus runs nothing;
// a damaged page says so; the warm-up searches after load change nothing
// and stop when the reader types; axe-core finds no serious or critical violation;
// no request leaves the page.  Screenshots go to tests/output/.  Timings are
// printed, never asserted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, INDEX, INDEX_PARTS, cliJson, compileDecoder, packedIndex, pageIndexParts, requireBuild } from './helpers.mjs';
import { encodeText7, unpack } from '../../web/packed.js';
import { zstd } from '../../scripts/build-page.mjs';

requireBuild();
const PAGE = path.join(ROOT, 'dist/lanterne.html');
const OUT = path.join(ROOT, 'tests/output');
const CHROMIUM = '/usr/bin/chromium';
const PAGE_URL = pathToFileURL(PAGE).href;

let chromium;
let browser;
let tmp;
const leaks = [];   // requests that tried to leave the page
const dialogs = []; // alert/confirm/prompt opened by anything

before(async () => {
  assert.ok(existsSync(PAGE), 'dist/lanterne.html is missing: run npm run build');
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run bash scripts/setup.sh`);
  ({ chromium } = await import('playwright-core'));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  mkdirSync(OUT, { recursive: true });
  tmp = mkdtempSync(path.join(tmpdir(), 'lanterne-page-'));
});

after(async () => {
  if (browser) await browser.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A fresh page in its own context, network off, ready when the index is open. */
async function open(url = PAGE_URL, { locale = 'fr-FR', width = 1280, height = 900, bypassCSP = false, wait = true, init = null } = {}) {
  const context = await browser.newContext({ locale, viewport: { width, height }, bypassCSP });
  if (init) await context.addInitScript(init);
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (/^(file|data|blob):/.test(u)) return route.continue();
    leaks.push(u);
    return route.abort();
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.errors = errors;
  await page.goto(url);
  if (wait) await page.waitForSelector('body[data-ready]', { timeout: 30000 });
  return page;
}

const ids = (page) => page.$$eval('#results li[data-doc-id]', (l) => l.map((x) => x.dataset.docId));
const cliIds = (query, extra = []) => cliJson(['search', INDEX, '--json', '--limit', '50', '--as-you-type', ...extra, '--', query]).hits.map((h) => h.id);
const hashHas = (page, s) => page.waitForFunction((x) => decodeURIComponent(location.hash).includes(x), s, { timeout: 5000 });

async function typeQuery(page, q) {
  await page.fill('#q', '');
  await page.type('#q', q);
  await hashHas(page, `q=${q}`);
  await page.waitForSelector('body:not([data-busy])'); // timeline and facets follow the results
}

test('typing a query shows the documents the CLI finds, with highlighted snippets', async () => {
  const page = await open();
  const first = await page.evaluate(() => ({
    first: window.__lanterne.firstAnswerMs, open: window.__lanterne.openMs, decoded: window.__lanterne.decodedMs,
    parsed: performance.getEntriesByType('navigation')[0].domInteractive,
  }));
  // Empty query: every document, by date.
  assert.deepEqual(await ids(page), cliIds(''));
  await page.screenshot({ path: path.join(OUT, 'page-home.png'), fullPage: true });
  await page.evaluate(() => { window.__lanterne.searches.length = 0; window.__lanterne.core.length = 0; });
  await page.type('#q', 'securite', { delay: 120 }); // one search per keystroke
  await hashHas(page, 'q=securite');
  const perKey = await page.evaluate(() => ({ total: window.__lanterne.searches.slice(), core: window.__lanterne.core.slice() }));
  const sorted = perKey.total.slice().sort((a, b) => a - b);
  assert.deepEqual(await ids(page), cliIds('securite'));
  await typeQuery(page, 'otan');
  const got = await ids(page);
  assert.deepEqual(got, cliIds('otan'));
  assert.ok(got.length > 0);
  assert.match(await page.textContent('#total'), /\d+ documents?/);
  const marks = await page.$$eval('#results .snippet mark', (m) => m.map((x) => x.textContent.toLowerCase()));
  assert.ok(marks.length > 0 && marks.every((m) => m === 'otan'), `marks: ${marks}`);
  // Sort by date.
  await page.selectOption('#sort', 'date');
  await hashHas(page, 'sort=date');
  assert.deepEqual(await ids(page), cliIds('otan', ['--sort', 'date']));
  await page.screenshot({ path: path.join(OUT, 'page-search.png'), fullPage: true });
  const med = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1].toFixed(1);
  console.log(`# page: ${readFileSync(PAGE).length} bytes; first answered query ${first.first.toFixed(0)} ms after navigation ` +
    `(page parsed ${first.parsed.toFixed(0)} ms, wasm and index decoded ${first.decoded.toFixed(0)} ms, index open ${first.open.toFixed(0)} ms); ` +
    `per keystroke: search ${med(perKey.core)} ms median, search + results shown ${med(perKey.total)} ms median, ` +
    `max ${sorted[sorted.length - 1].toFixed(1)} ms (${sorted.length} keystrokes)`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a period brushed on the timeline, or chosen with the keyboard, filters the results', async () => {
  const page = await open();
  const keys = await page.$$eval('.tl-bar', (b) => b.map((x) => x.dataset.key));
  assert.ok(keys.includes('2012') && keys.includes('2014'), `bars: ${keys}`);
  const a = await page.locator('.tl-bar[data-key="2012"]').boundingBox();
  const b = await page.locator('.tl-bar[data-key="2014"]').boundingBox();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height - 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height - 2, { steps: 5 });
  await page.mouse.up();
  await hashHas(page, 'from=2012&to=2014');
  assert.deepEqual(await ids(page), cliIds('', ['--from', '2012', '--to', '2014']));
  assert.ok((await ids(page)).length >= 1);
  await page.screenshot({ path: path.join(OUT, 'page-period.png'), fullPage: true });
  // Keyboard: the period's selects.
  await page.focus('#tl-to');
  await page.selectOption('#tl-to', '2018');
  await hashHas(page, 'to=2018');
  assert.deepEqual(await ids(page), cliIds('', ['--from', '2012', '--to', '2018']));
  // "Speaks of" applies the period to mentioned dates.
  await page.click('#tl-mentioned');
  await hashHas(page, 'dates=mentioned');
  assert.deepEqual(await ids(page), cliIds('', ['--from', '2012', '--to', '2018', '--dates', 'mentioned']));
  await page.click('#tl-clear');
  await page.waitForFunction(() => !location.hash.includes('from='));
  assert.deepEqual(await ids(page), cliIds(''));
  await page.context().close();
});

test('an entity facet filters the results and shows as a removable chip', async (t) => {
  const page = await open();
  await typeQuery(page, 'otan');
  const facet = page.locator('#facets .facet-button').first();
  if (!(await facet.count())) {
    t.skip('this core gives no entity facets yet');
    await page.context().close();
    return;
  }
  const id = await facet.getAttribute('data-entity-id');
  await facet.click();
  await hashHas(page, `e=${id}`);
  assert.deepEqual(await ids(page), cliIds('otan', ['--entity', id]));
  assert.equal(await page.locator(`#chips .chip[data-entity-id="${id}"]`).count(), 1);
  if (await page.locator('#facets .info-button').count()) {
    await page.locator('#facets .info-button').first().click();
    await page.waitForSelector('#entity-card:not([hidden]) h3');
  }
  await page.screenshot({ path: path.join(OUT, 'page-entities.png'), fullPage: true });
  await page.click(`#chips .chip[data-entity-id="${id}"]`);
  await page.waitForFunction(() => !location.hash.includes('e='));
  assert.deepEqual(await ids(page), cliIds('otan'));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the reader opens a document, steps through its hits, and closes with Esc and with Back', async () => {
  const page = await open();
  await typeQuery(page, 'otan');
  const first = (await ids(page))[0];
  // Keyboard: arrow down from the search box to the first result, Enter opens.
  await page.focus('#q');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.closest('li').dataset.docId), first);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#reader:not([hidden])');
  await hashHas(page, `doc=${first}`);
  const doc = cliJson(['document', INDEX, first, '--query', 'otan', '--json']);
  assert.equal(await page.textContent('#reader-title'), doc.title);
  const n = await page.locator('#doc-text mark.hit').count();
  assert.equal(n, doc.highlights.length);
  assert.ok(n >= 2, `hits: ${n}`);
  assert.match(await page.textContent('#hit-pos'), new RegExp(`1 sur ${n}`));
  await page.click('#hit-next');
  assert.match(await page.textContent('#hit-pos'), new RegExp(`2 sur ${n}`));
  assert.equal(await page.getAttribute('#doc-text mark.hit.current', 'id'), 'hit-1');
  await page.keyboard.press('n');
  assert.equal(await page.getAttribute('#doc-text mark.hit.current', 'id'), 'hit-2');
  await page.click('#hit-prev');
  await page.click('#hit-prev');
  assert.equal(await page.getAttribute('#doc-text mark.hit.current', 'id'), 'hit-0');
  await page.click('#hit-prev'); // wraps to the last
  assert.equal(await page.getAttribute('#doc-text mark.hit.current', 'id'), `hit-${n - 1}`);
  assert.ok((await page.textContent('#reader .meta')).includes(doc.sha256));
  // Entity mentions and dates are marked (hits win where they overlap).
  assert.ok(doc.mentions.length > 0 && doc.dates.length > 0, 'the core gives mentions and dates');
  const mentionIds = await page.$$eval('#doc-text .mention', (els) => els.map((e) => e.dataset.entityId));
  assert.ok(mentionIds.length > 0, 'entity mentions are marked');
  const known = new Set(doc.mentions.map((m) => m.entity));
  assert.ok(mentionIds.every((id) => known.has(id)), 'every marked mention is one the core reported');
  assert.ok(await page.locator('#doc-text time.date-mark').count() > 0, 'dates are marked');
  await page.screenshot({ path: path.join(OUT, 'page-reader.png') });
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: path.join(OUT, 'page-reader-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await page.keyboard.press('Escape');
  await page.waitForSelector('#reader', { state: 'hidden' });
  assert.ok(!(await page.evaluate(() => location.hash)).includes('doc='));
  assert.equal(await page.evaluate(() => document.activeElement.closest('li') && document.activeElement.closest('li').dataset.docId), first);
  // Back button.
  await page.click(`#results li[data-doc-id="${first}"] .hit-link`);
  await page.waitForSelector('#reader:not([hidden])');
  await page.goBack();
  await page.waitForSelector('#reader', { state: 'hidden' });
  await page.goForward();
  await page.waitForSelector('#reader:not([hidden])');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a deep link opens the view it names, and a reload restores it', async () => {
  const id = cliIds('otan')[1];
  const page = await open(`${PAGE_URL}#q=otan&from=2010&to=2015&doc=${id}`);
  await page.waitForSelector('#reader:not([hidden])');
  const title = cliJson(['document', INDEX, id, '--json']).title;
  assert.equal(await page.textContent('#reader-title'), title);
  await page.reload();
  await page.waitForSelector('body[data-ready]');
  await page.waitForSelector('#reader:not([hidden])');
  assert.equal(await page.textContent('#reader-title'), title);
  assert.equal(await page.inputValue('#q'), 'otan');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#reader', { state: 'hidden' });
  assert.deepEqual(await ids(page), cliIds('otan', ['--from', '2010', '--to', '2015']));
  assert.equal(await page.inputValue('#tl-from'), '2010');
  await page.context().close();
});

test('the interface follows the browser language and switches between French and English', async () => {
  const page = await open(`${PAGE_URL}#q=otan`, { locale: 'en-US' });
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.getAttribute('#q', 'placeholder'), 'Search (press /)');
  assert.ok((await page.textContent('#results')).includes('14 August 2014'));
  await page.click('#lang');
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.equal(await page.textContent('#tl-title'), 'Chronologie');
  assert.ok((await page.textContent('#results')).includes('14 août 2014'));
  // `/` focuses the search box.
  await page.click('#tl-title');
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
  await page.context().close();
});

test('at 360 px wide nothing overflows', async () => {
  const page = await open(`${PAGE_URL}#q=otan`, { width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 360, `page is ${overflow} px wide`);
  await page.screenshot({ path: path.join(OUT, 'page-mobile.png'), fullPage: true });
  await page.click('#results li .hit-link');
  await page.waitForSelector('#reader:not([hidden])');
  await page.screenshot({ path: path.join(OUT, 'page-mobile-reader.png') });
  await page.context().close();
});

test('axe-core finds no serious or critical accessibility violation', async () => {
  // axe is injected as a script: this context alone lets it past the CSP.
  const page = await open(`${PAGE_URL}#q=otan`, { bypassCSP: true });
  await page.addScriptTag({ content: readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8') });
  const check = async (what) => {
    const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((x) => x.target.join(' ')).join(', ')}`), [], what);
  };
  await check('search view');
  await page.click('#results li .hit-link');
  await page.waitForSelector('#reader:not([hidden])');
  await check('reader');
  await page.context().close();
});

test('a hostile corpus runs nothing: markup in text and metadata stays text, javascript: links are not links', async () => {
  const dir = path.join(tmp, 'hostile');
  mkdirSync(dir, { recursive: true });
  const evil = '<script>window.__pwned=1;alert(1)</script><img src=x onerror="window.__pwned=2;alert(2)">';
  writeFileSync(path.join(dir, 'a.txt'), `Rapport ${evil} javascript:window.__pwned=3 pwned pwned\n<svg onload="window.__pwned=4">`);
  writeFileSync(path.join(dir, 'b.html'), `<html><body><p>pwned ${evil}</p><a href="javascript:window.__pwned=5">lien</a></body></html>`);
  writeFileSync(path.join(dir, 'corpus.json'), JSON.stringify({
    title: `Corpus ${evil}`,
    documents: {
      a: { title: `Titre ${evil}`, source: `<b onmouseover="window.__pwned=6">src</b>`, url: 'javascript:window.__pwned=7;alert(7)', classification: '<i>x</i>', date: '2019-03' },
      b: { title: '"><img src=x onerror=alert(8)>', url: ' JaVaScRiPt:alert(9)' },
    },
  }));
  const out = path.join(tmp, 'hostile.html');
  execFileSync('npm', ['run', '--silent', 'explorer', '--', dir, '-o', out], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const page = await open(pathToFileURL(out).href);
  assert.ok((await page.textContent('#corpus-title')).includes('<script>'));
  await typeQuery(page, 'pwned');
  const found = await ids(page);
  assert.deepEqual(found.sort(), ['a', 'b']);
  for (const id of found) {
    await page.click(`#results li[data-doc-id="${id}"] .hit-link`);
    await page.waitForSelector('#reader:not([hidden])');
    assert.equal(await page.locator('#reader a[href]').count(), 0, 'a javascript: URL became a link');
    const hover = page.locator('#reader .meta dd').first();
    await hover.hover();
    await page.keyboard.press('Escape');
    await page.waitForSelector('#reader', { state: 'hidden' });
  }
  assert.equal(await page.locator('img, [onerror], [onload], [onmouseover]').count(), 0, 'corpus markup became elements');
  await page.screenshot({ path: path.join(OUT, 'page-hostile.png'), fullPage: true });
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/** The page with its index replaced by one part holding `text`, announced as `size` bytes unpacked. */
function withIndexPart(html, text, size) {
  const parts = html.match(INDEX_PARTS);
  const feed = /<script>[^<]*<\/script>$/.exec(parts[0])[0];
  const first = html.indexOf(parts[0]);
  const last = parts[parts.length - 1];
  const end = html.indexOf(last) + last.length;
  const one = `<script type="application/octet-stream" class="lanterne-index-part" data-encoding="zstd+text7" data-size="${size}" data-last="true">${text}</script>${feed}`;
  return html.slice(0, first) + one + html.slice(end);
}

test('the index is unpacked while the page is read, or without a worker after', async () => {
  const html = readFileSync(PAGE, 'utf8');
  const parts = pageIndexParts(html);
  assert.ok(parts.length > 0 && parts.join('').length > 1000, 'no index parts in the page');
  assert.ok(/^[\x01-\x09\x0b\x0c\x0e-\x3b\x3d-\x7f]*$/.test(parts.join('')), 'the page\'s data is not ASCII without NUL, line ends and <');
  const index = await packedIndex();
  assert.deepEqual(Buffer.from(await unpack(await compileDecoder(), parts.join(''), index.length)), index, 'the parts are not the packed index');
  let page = await open();
  const early = await page.evaluate(() => window.__lanterne.phases);
  assert.ok(early.workerDone > 0, `the worker did not unpack the index: ${JSON.stringify(early)}`);
  assert.equal(await page.locator('.lanterne-index-part').count(), 0, 'the parts stay in the page once read');
  const answered = await ids(page);
  await page.context().close();
  // A policy that forbids the worker: the page unpacks the parts itself.
  const file = path.join(tmp, 'no-worker.html');
  assert.ok(html.includes('worker-src blob:'), 'the policy does not allow the worker');
  writeFileSync(file, html.replace('worker-src blob:', "worker-src 'none'"));
  page = await open(pathToFileURL(file).href);
  const late = await page.evaluate(() => window.__lanterne.phases);
  assert.equal(late.workerDone, undefined, 'a worker ran despite the policy');
  assert.deepEqual(await ids(page), answered);
  assert.deepEqual(page.errors, []);
  await page.context().close();
  // Line ends inserted in the data (a tool rewriting the file) change nothing.
  writeFileSync(file, html.replace(INDEX_PARTS, (p) => p.replace(/>([^<]*)<\/script><script>/, (m, text) => `>${text.replace(/(.{76})/g, '$1\r\n')}</script><script>`)));
  page = await open(pathToFileURL(file).href);
  assert.deepEqual(await ids(page), answered);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a damaged or truncated page shows a readable error, not a blank page', async () => {
  const html = readFileSync(PAGE, 'utf8');
  const index = readFileSync(INDEX);
  const packed = zstd(index);
  const half = zstd(index.subarray(0, 8192));
  const text = pageIndexParts(html).join('');
  const middle = text.length >> 1;
  const other = text[middle] === 'a' ? 'b' : 'a';
  const variants = {
    // the compressed stream cut in half (a download cut short)
    'truncated-zstd': withIndexPart(html, encodeText7(packed.subarray(0, packed.length >> 1)), index.length),
    // a complete stream of half the index (a damaged database)
    'truncated-db': withIndexPart(html, encodeText7(half), 8192),
    // the unpacked index is not as long as the page says
    'wrong-size': withIndexPart(html, encodeText7(half), index.length),
    // one character changed in the middle (zstd's checksum, or its decoder, sees it)
    'changed-character': withIndexPart(html, text.slice(0, middle) + other + text.slice(middle + 1), index.length),
    // a character text7 never writes
    'foreign-character': withIndexPart(html, text.slice(0, middle) + '\u00e9' + text.slice(middle + 1), index.length),
  };
  for (const [name, damaged] of Object.entries(variants)) {
    const file = path.join(tmp, `${name}.html`);
    writeFileSync(file, damaged);
    const page = await open(pathToFileURL(file).href, { wait: false });
    await page.waitForSelector('#error:not([hidden])', { timeout: 30000 });
    const text = await page.textContent('#error');
    assert.match(text, /endommagé ou incomplet/, `${name}: ${text}`);
    assert.equal(await page.isVisible('#status'), false);
    if (name === 'truncated-zstd') await page.screenshot({ path: path.join(OUT, 'page-error.png') });
    await page.context().close();
  }
  // The file itself cut short in the middle of the index: the page script
  // comes before the data, so it still runs and says so.
  const cut = path.join(tmp, 'cut.html');
  writeFileSync(cut, html.slice(0, html.indexOf('class="lanterne-index-part"') + 2000));
  const page = await open(pathToFileURL(cut).href, { wait: false });
  await page.waitForSelector('#error:not([hidden])', { timeout: 30000 });
  assert.match(await page.textContent('#error'), /endommagé ou incomplet/);
  await page.context().close();
});

test('the packed index is rebuilt in idle periods after the first answer, then the warm-up runs; neither changes what the reader sees, and both give way when the reader types', async () => {
  // The page's idle callbacks are queued, and run one at a time by the test.
  const init = () => {
    const queue = [];
    window.requestIdleCallback = (f) => queue.push(f);
    window.cancelIdleCallback = (id) => { queue[id - 1] = null; };
    window.__runIdle = () => {
      const i = queue.findIndex(Boolean);
      if (i < 0) return false;
      const f = queue[i];
      queue[i] = null;
      f({ didTimeout: false, timeRemaining: () => 50 });
      return true;
    };
  };
  const view = (page) => page.evaluate(() => ({
    hash: location.hash, history: history.length, focus: document.activeElement && document.activeElement.id,
    results: document.getElementById('results').innerHTML, total: document.getElementById('total').textContent,
    facets: document.getElementById('facets').innerHTML, timeline: document.getElementById('tl-body').innerHTML,
    searches: window.__lanterne.searches.length, scroll: scrollY,
  }));
  const runIdle = async (page, max = 1000) => {
    let n = 0;
    while (n < max && await page.evaluate(() => window.__runIdle())) n++;
    return n;
  };

  // Left alone: the documents are listed before the full-text index is
  // rebuilt (the page carries it packed), which the first idle period does
  // (the default corpus is one step), then the warm-up runs its searches to
  // the end; nothing changes.
  let page = await open(PAGE_URL, { init });
  const before = await view(page);
  assert.equal(before.focus, 'q');
  assert.ok(Number(before.total.replace(/\D/g, '')) > 0, `no documents listed before the rebuild: ${before.total}`);
  assert.equal(await page.evaluate(() => window.__lanterne.phases.prepared), undefined, 'rebuilt before any idle period');
  assert.ok(await page.evaluate(() => window.__runIdle()));
  assert.ok(await page.evaluate(() => window.__lanterne.phases.prepared > 0), 'not rebuilt in the first idle period');
  assert.equal(await page.evaluate(() => window.__lanterne.warmUp.done), 0, 'a warm-up search ran in the rebuild\'s idle period');
  const ran = await runIdle(page);
  const warm = await page.evaluate(() => window.__lanterne.warmUp);
  assert.ok(warm && warm.steps > 0, `no warm-up: ${JSON.stringify(warm)}`);
  assert.equal(warm.done, warm.steps);
  assert.equal(warm.stopped, false);
  assert.ok(ran >= warm.steps);
  assert.deepEqual(await view(page), before);
  assert.deepEqual(page.errors, []);
  await page.context().close();

  // The reader types: it stops at the first key, and the search is the reader's.
  page = await open(PAGE_URL, { init });
  await runIdle(page, 3); // the rebuild, then two warm-up searches
  assert.equal(await page.evaluate(() => window.__lanterne.warmUp.done), 2);
  await page.keyboard.type('otan');
  await hashHas(page, 'q=otan');
  await runIdle(page);
  const stopped = await page.evaluate(() => window.__lanterne.warmUp);
  assert.equal(stopped.stopped, true);
  assert.equal(stopped.done, 2);
  await page.waitForSelector('body:not([data-busy])');
  assert.deepEqual(await ids(page), cliIds('otan'));
  assert.deepEqual(page.errors, []);
  await page.context().close();

  // The reader types before any idle period: the search finishes the
  // rebuild itself and finds what the CLI finds.
  page = await open(PAGE_URL, { init });
  assert.equal(await page.evaluate(() => window.__lanterne.phases.prepared), undefined);
  await page.keyboard.type('otan');
  await hashHas(page, 'q=otan');
  await page.waitForSelector('body:not([data-busy])');
  assert.deepEqual(await ids(page), cliIds('otan'));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('dist/site/ (the multi-file variant) works from a web server', async () => {
  const site = path.join(ROOT, 'dist/site');
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.zst': 'application/octet-stream' };
  const server = http.createServer((req, res) => {
    const name = req.url === '/' ? 'index.html' : req.url.slice(1).split(/[?#]/)[0];
    const file = path.join(site, path.basename(name));
    if (!existsSync(file)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const context = await browser.newContext({ locale: 'fr-FR' });
  const base = `http://127.0.0.1:${server.address().port}/`;
  const outside = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(base) || /^(data|blob):/.test(u)) return route.continue();
    outside.push(u);
    return route.abort();
  });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}#q=otan`);
    await page.waitForSelector('body[data-ready]', { timeout: 30000 });
    assert.deepEqual(await ids(page), cliIds('otan'));
    assert.deepEqual(errors, []);
    assert.deepEqual(outside, []);
  } finally {
    await context.close();
    server.close();
  }
});

test('no request left the page', () => {
  assert.deepEqual(leaks, []);
});
