// run.mjs — the benchmark driver (run by run.sh): for each corpus size,
// generates the corpus (gen-corpus.mjs), then measures Lanterne and the
// peers on it in the same run — index builds, sizes, load to first answer,
// query latency over the fixed query mix — interleaving the engines round by
// round on this shared, noisy machine and keeping medians.  Writes
// results/latest.json and results/latest.md (report.mjs).
//   node --expose-gc tests/bench/run.mjs [--full] [--sizes 1000,10000] [--seed 1]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './gen-corpus.mjs';
import { now, median, percentile, byteLength, gzipSize, heapUsed, loadCorpus } from './stats.mjs';
import * as lanterne from './engines/lanterne.mjs';
import * as minisearch from './engines/minisearch.mjs';
import * as flexsearch from './engines/flexsearch.mjs';
import * as lunr from './engines/lunr.mjs';
import * as pagefind from './engines/pagefind.mjs';
import { measurePage } from './page.mjs';
import { writeReport } from './report.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = path.join(ROOT, 'build/bench');
const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : def; };
const FULL = args.includes('--full');
const SIZES = opt('sizes', FULL ? '1000,10000,100000' : '1000,10000').split(',').map(Number);
const SEED = Number(opt('seed', '1'));
const LATENCY_BUDGET_MS = Number(opt('budget', '25000')); // per engine and size
const PEERS = [minisearch, flexsearch, lunr];
const log = (...a) => console.log('bench:', ...a);
const label = (n) => (n >= 1000 ? `${n / 1000}k` : String(n));

function corpusFor(n) {
  const dir = path.join(OUT, 'corpora', label(n));
  const benchFile = `${dir}.bench.json`;
  let bench = existsSync(benchFile) ? JSON.parse(readFileSync(benchFile, 'utf8')) : null;
  if (!bench || bench.docs !== n || bench.seed !== SEED || !existsSync(path.join(dir, 'corpus.json'))) {
    const t0 = now();
    generate({ docs: n, seed: SEED, out: dir });
    bench = JSON.parse(readFileSync(benchFile, 'utf8'));
    log(`generated ${n} documents (${(bench.textBytes / 1e6).toFixed(1)} MB) in ${((now() - t0) / 1000).toFixed(0)} s`);
  }
  return { dir, bench };
}

const rotate = (arr, k) => arr.slice(k % arr.length).concat(arr.slice(0, k % arr.length));

async function measureSize(n) {
  const { dir, bench } = corpusFor(n);
  const queries = bench.queries;
  const docs = loadCorpus(dir, bench);
  const res = { documents: n, textBytes: bench.textBytes, queries: queries.map((q) => ({ name: q.name, request: q.request })), engines: {} };
  const buildRounds = n <= 1000 ? 3 : 1;
  const db = path.join(OUT, `${label(n)}.db`);

  // 1. Builds, interleaved.  Peers' serialized indexes kept for loading.
  const L = (res.engines.Lanterne = { builds: [] });
  const serialized = {};
  for (const p of PEERS) res.engines[p.name] = { builds: [], serializeMs: [] };
  res.engines.Pagefind = { builds: [] };
  const htmlDir = path.join(OUT, `html-${label(n)}`);
  pagefind.renderHtml(docs, htmlDir);
  const jobs = [
    ['Lanterne', async () => { L.builds.push(lanterne.build(dir, db)); }],
    ...PEERS.map((p) => [p.name, async () => {
      const t0 = now();
      const ix = await p.build(docs);
      const t1 = now();
      serialized[p.name] = await p.serialize(ix);
      res.engines[p.name].builds.push({ buildMs: t1 - t0 });
      res.engines[p.name].serializeMs.push(now() - t1);
    }]),
    ['Pagefind', async () => { res.engines.Pagefind.builds.push(await pagefind.build(htmlDir, path.join(OUT, `pagefind-${label(n)}`))); }],
  ];
  // Past 1k the peers build once (10-25 s each at 10k); Lanterne's build
  // takes seconds, so it runs twice more, between the peers', and its
  // median is kept: one sample moved by a third from run to run.
  const extraLanterne = n <= 1000 ? [] : [1, 3];
  for (let r = 0; r < buildRounds; r++) {
    const schedule = rotate(jobs, r).flatMap((j, i) => (extraLanterne.includes(i) ? [j, jobs[0]] : [j]));
    for (const [name, job] of schedule) {
      try { await job(); log(`${label(n)} build ${name} (round ${r + 1}/${buildRounds}) done`); } catch (err) {
        res.engines[name].error = `build failed: ${err.message}`; log(`${label(n)} build ${name} FAILED: ${err.message}`);
      }
    }
  }
  L.buildMs = median(L.builds.map((b) => b.buildMs));
  Object.assign(L, { indexBytes: L.builds[0]?.indexBytes, gzBytes: L.builds[0]?.gzBytes, indexedTextBytes: L.builds[0]?.textBytes });
  L.mbPerS = L.indexedTextBytes / 1e6 / (L.buildMs / 1000);
  for (const p of PEERS) {
    const e = res.engines[p.name];
    if (!serialized[p.name]) continue;
    e.buildMs = median(e.builds.map((b) => b.buildMs));
    e.indexBytes = byteLength(serialized[p.name]);
    e.gzBytes = gzipSize(serialized[p.name]);
  }
  const pf = res.engines.Pagefind;
  if (pf.builds.length) Object.assign(pf, { buildMs: median(pf.builds.map((b) => b.buildMs)), indexBytes: pf.builds[0].bytes, gzBytes: pf.builds[0].gzBytes, files: pf.builds[0].files });
  pf.search = 'not measured: pagefind.js runs in a browser and fetches its index chunks and wasm over HTTP (Node\'s fetch has no file:// support); build and bundle size only';

  // 2. Loading: Lanterne cold in fresh processes, on the packed index that
  // pages carry (opening rebuilds its full-text index) and on the index as
  // built; peers parse their JSON.
  const first = queries[1].request; // the common term: the heaviest first answer
  const packed = lanterne.pack(db, path.join(OUT, `${label(n)}.packed.db`));
  L.packedBytes = packed.bytes;
  L.cold = [];
  L.coldBuilt = [];
  for (let r = 0; r < 3; r++) {
    L.cold.push(lanterne.coldOpen(packed.path, { ...first, limit: 20 }));
    L.coldBuilt.push(lanterne.coldOpen(db, { ...first, limit: 20 }));
  }
  L.builtOpenMs = median(L.coldBuilt.map((c) => c.openMs));
  L.builtLoadToFirstAnswerMs = median(L.coldBuilt.map((c) => c.toFirstAnswerMs));
  L.builtHeapBytes = median(L.coldBuilt.map((c) => c.heapBytes));
  L.loadToFirstAnswerMs = median(L.cold.map((c) => c.toFirstAnswerMs));
  L.moduleMs = median(L.cold.map((c) => c.moduleMs));
  L.openMs = median(L.cold.map((c) => c.openMs));
  L.firstQueryMs = median(L.cold.map((c) => c.firstQueryMs));
  const opened = await lanterne.open(packed.path); // what the page searches
  L.heapBytes = opened.heapBytes;
  L.entityFilter = lanterne.supportsEntities(opened.index);
  const searchers = { Lanterne: (req) => lanterne.search(opened.index, { ...req, limit: 20 }) };
  for (const p of PEERS) {
    const e = res.engines[p.name];
    if (!serialized[p.name]) continue;
    const loads = [];
    let ix = null;
    const h0 = heapUsed();
    for (let r = 0; r < 3; r++) {
      ix = null;
      const t0 = now();
      ix = await p.load(serialized[p.name]);
      const t1 = now();
      p.search(ix, first);
      loads.push({ loadMs: t1 - t0, toFirstAnswerMs: now() - t0 });
    }
    e.heapBytes = heapUsed() - h0;
    e.loadMs = median(loads.map((l) => l.loadMs));
    e.loadToFirstAnswerMs = median(loads.map((l) => l.toFirstAnswerMs));
    const searcher = ix;
    searchers[p.name] = (req) => p.search(searcher, req);
    delete serialized[p.name];
  }
  log(`${label(n)} loads done`);

  // 3. Latency: the engines interleaved, one pass of the mix per engine per
  // round, until each has spent its budget (at least 3 rounds, at most 30).
  const mix = queries.filter((q) => !q.entity || L.entityFilter);
  const names = Object.keys(searchers);
  const samples = Object.fromEntries(names.map((k) => [k, Object.fromEntries(mix.map((q) => [q.name, []]))]));
  const spent = Object.fromEntries(names.map((k) => [k, 0]));
  const totals = Object.fromEntries(names.map((k) => [k, {}]));
  for (const k of names) for (const q of mix) totals[k][q.name] = searchers[k](q.request).total; // warm-up
  for (let round = 0; round < 30; round++) {
    const active = names.filter((k) => round < 3 || spent[k] < LATENCY_BUDGET_MS);
    if (!active.length) break;
    for (const k of rotate(active, round)) {
      for (const q of mix) {
        const t0 = now();
        searchers[k](q.request);
        const ms = now() - t0;
        samples[k][q.name].push(ms);
        spent[k] += ms;
      }
    }
  }
  for (const k of names) {
    const all = Object.values(samples[k]).flat();
    res.engines[k].latency = {
      samples: all.length, p50: percentile(all, 50), p95: percentile(all, 95), p99: percentile(all, 99),
      perQuery: Object.fromEntries(mix.map((q) => [q.name, { median: median(samples[k][q.name]), total: totals[k][q.name] }])),
    };
  }
  log(`${label(n)} latency done (${names.map((k) => `${k} ${res.engines[k].latency.samples}`).join(', ')} samples)`);

  // 4. Where Lanterne's time goes: the page request and its parts.
  L.components = {};
  for (const [variant, make] of Object.entries(lanterne.VARIANTS)) {
    const perQuery = {};
    for (const q of mix) {
      const t = [];
      for (let r = 0; r < 3; r++) { const t0 = now(); lanterne.search(opened.index, make(q.request)); t.push(now() - t0); }
      perQuery[q.name] = median(t);
    }
    L.components[variant] = perQuery;
  }
  opened.index.close();
  log(`${label(n)} components done`);

  // 5. The single-file page: size, and in Chromium.
  const page = lanterne.buildPage(db, path.join(OUT, `page-${label(n)}.html`));
  if (page.error) L.page = { error: `not measured: ${page.error}` };
  else {
    L.page = { bytes: page.bytes, ...(await measurePage(page.path, queries, { rounds: 2, linkQuery: first.query })) };
    if (L.page.searchMs) {
      L.page.searchP50 = percentile(L.page.searchMs, 50);
      L.page.searchP95 = percentile(L.page.searchMs, 95);
      L.page.withExtrasP50 = percentile(L.page.withExtrasMs, 50);
      L.page.withExtrasP95 = percentile(L.page.withExtrasMs, 95);
      L.page.warmWithExtrasP50 = percentile(L.page.warmWithExtrasMs, 50);
      L.page.warmWithExtrasP95 = percentile(L.page.warmWithExtrasMs, 95);
    }
    if (L.page.coreMs?.length) {
      L.page.coreP50 = percentile(L.page.coreMs, 50);
      L.page.coreP95 = percentile(L.page.coreMs, 95);
      L.page.coreP99 = percentile(L.page.coreMs, 99);
      L.page.corePerQueryMedian = Object.fromEntries(Object.entries(L.page.corePerQuery).map(([k, v]) => [k, median(v)]));
    }
  }
  // The same page with the full-text index as built (--keep-full-text):
  // bigger, but nothing to rebuild when it opens.
  const full = lanterne.buildPage(db, path.join(OUT, `page-${label(n)}-full-text.html`), { keepFullText: true });
  if (full.error) L.pageFullText = { error: `not measured: ${full.error}` };
  else {
    const m = await measurePage(full.path, queries, { rounds: 0, warmRounds: 0, coreRounds: 0, linkQuery: first.query });
    L.pageFullText = { bytes: full.bytes, ...(m.error ? { error: m.error } : { firstAnswerMs: m.firstAnswerMs, firstAnswersMs: m.firstAnswersMs, openMs: m.openMs, heapBytes: m.heapBytes, linkFirstAnswerMs: m.linkFirstAnswerMs, linkFirstAnswersMs: m.linkFirstAnswersMs }) };
  }
  log(`${label(n)} page done`);
  return res;
}

mkdirSync(OUT, { recursive: true });
const started = new Date();
const results = { date: started.toISOString(), seed: SEED, full: FULL, sizes: [] };
for (const n of SIZES) {
  const t0 = now();
  results.sizes.push(await measureSize(n));
  log(`${label(n)} finished in ${((now() - t0) / 1000).toFixed(0)} s`);
}
await pagefind.close();
results.durationS = (Date.now() - started.getTime()) / 1000;
const written = writeReport(results, { lanterneVersion: lanterne.version() });
log(`wrote ${written.map((f) => path.relative(ROOT, f)).join(' and ')} (${results.durationS.toFixed(0)} s)`);
