// page.mjs — the single-file page in headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core): time from opening the
// file:// page to its first answered query (the page records it in
// window.__lanterne.firstAnswerMs, from navigation start), then each query
// of the mix typed into the URL hash as the page reads it, timed by the page
// itself (search + rendering of results, then of the timeline and facets),
// and then the search alone: the mix's requests timed around the core's
// call in the page, as Node's latency run times them.  The page is
// opened `loads` times, each in a new tab: the first answer moves by a
// second from load to load on the shared machine, so the median is
// reported; the searches run in the last tab.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { now } from './stats.mjs';

const CHROMIUM = '/usr/bin/chromium';

export async function measurePage(htmlPath, queries, { rounds = 2, warmRounds = 3, coreRounds = 20, loads = 3, linkQuery = null, timeoutMs = 120000 } = {}) {
  if (!existsSync(CHROMIUM)) return { error: `not measured: ${CHROMIUM} missing` };
  let chromium;
  try { ({ chromium } = await import('playwright-core')); } catch { return { error: 'not measured: playwright-core not installed' }; }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const errors = [];
    const opened = [];
    let page = null;
    // Opened bare (`loads` times), then from a link naming a query (the
    // mix's common term, `linkLoads` times): the page's first answer is then
    // that query's, which needs the full-text index.  Each load also waits
    // until the page has rebuilt it (a packed index; a built one is ready
    // at once), so that the searches below meet it complete.
    const linkLoads = linkQuery ? loads : 0;
    const linked = [];
    for (let l = 0; l < loads + linkLoads; l++) {
      if (page) await page.close();
      page = await browser.newPage();
      page.on('pageerror', (e) => errors.push(String(e.message)));
      const t0 = now();
      const hash = l < loads ? '' : `#${new URLSearchParams({ q: linkQuery })}`;
      await page.goto(pathToFileURL(htmlPath).href + hash);
      await page.waitForFunction(() => window.__lanterne && window.__lanterne.firstAnswerMs !== null, null, { timeout: timeoutMs });
      const wallMs = now() - t0;
      await page.waitForFunction(() => window.__lanterne.phases.prepared, null, { timeout: timeoutMs });
      const got = { wallMs, ...(await page.evaluate(() => ({ firstAnswerMs: window.__lanterne.firstAnswerMs, openMs: window.__lanterne.openMs, heapBytes: window.__lanterne.heapBytes, preparedMs: window.__lanterne.phases.prepared, preparedHeapBytes: window.__lanterne.preparedHeapBytes }))) };
      (l < loads ? opened : linked).push(got);
    }
    // the bare load with the median first answer; the searches run in the
    // last bare load's page
    const medianOf = (list) => [...list].sort((a, b) => a.firstAnswerMs - b.firstAnswerMs)[Math.floor(list.length / 2)];
    const s = medianOf(opened);
    const link = linked.length ? medianOf(linked) : null;
    if (linked.length) {
      await page.close();
      page = await browser.newPage();
      page.on('pageerror', (e) => errors.push(String(e.message)));
      await page.goto(pathToFileURL(htmlPath).href);
      await page.waitForFunction(() => window.__lanterne && window.__lanterne.phases.prepared, null, { timeout: timeoutMs });
    }
    // Each search: the results (search + render) and, as the page draws them
    // right after when the address changes, the timeline and the entities.
    // The first `rounds` rounds right after opening (code the browser has
    // not optimised yet), then `warmRounds` more.
    const times = [], withExtras = [], warmTimes = [], warmWithExtras = [];
    for (let r = 0; r < rounds + warmRounds; r++) {
      for (const q of queries) {
        if (q.request.entities || q.request.as_you_type) continue; // the hash carries words and periods
        const hash = new URLSearchParams({ q: q.request.query + (r % 2 ? ' ' : ''), ...(q.request.from ? { from: q.request.from, to: q.request.to } : {}) });
        const n = await page.evaluate(() => [window.__lanterne.searches.length, window.__lanterne.extras.length]);
        await page.evaluate((h) => { location.hash = h; }, hash.toString());
        await page.waitForFunction(([k, e]) => window.__lanterne.searches.length > k && window.__lanterne.extras.length > e, n, { timeout: timeoutMs });
        const [search, extras] = await page.evaluate(() => [window.__lanterne.searches.at(-1), window.__lanterne.extras.at(-1)]);
        (r < rounds ? times : warmTimes).push(search);
        (r < rounds ? withExtras : warmWithExtras).push(search + extras);
      }
    }
    // The search alone, as the core answers it in Chromium: every request of
    // the mix (entity filter and prefix too) as Node's latency run asks it
    // (20 hits, timeline and facets), interleaved over `coreRounds` rounds
    // after one warm-up round, without drawing anything.
    const core = await page.evaluate(([mix, coreRounds]) => {
      const search = window.__lanterne.search;
      const out = mix.map(() => []);
      for (let r = -1; r < coreRounds; r++) {
        mix.forEach((request, i) => {
          const t0 = performance.now();
          search({ ...request, limit: 20 });
          if (r >= 0) out[i].push(performance.now() - t0);
        });
      }
      return out;
    }, [queries.map((q) => q.request), coreRounds]);
    return {
      coreMs: core.flat(), corePerQuery: Object.fromEntries(queries.map((q, i) => [q.name, core[i]])),
      firstAnswerMs: s.firstAnswerMs, openMs: s.openMs, heapBytes: s.heapBytes, wallToFirstAnswerMs: s.wallMs, firstAnswersMs: opened.map((o) => o.firstAnswerMs),
      preparedMs: s.preparedMs, preparedHeapBytes: s.preparedHeapBytes,
      ...(link ? { linkQuery, linkFirstAnswerMs: link.firstAnswerMs, linkFirstAnswersMs: linked.map((o) => o.firstAnswerMs) } : {}),
      searchMs: times, withExtrasMs: withExtras, warmSearchMs: warmTimes, warmWithExtrasMs: warmWithExtras, errors,
    };
  } catch (err) {
    return { error: `page measurement failed: ${err.message.split('\n')[0]}` };
  } finally {
    await browser.close();
  }
}
