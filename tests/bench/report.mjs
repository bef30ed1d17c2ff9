// report.mjs — writes the benchmark's results: results/latest.json (all the
// figures, machine and versions) and results/latest.md (the tables, the
// goals of issue 8 side by side with the figures, and the hand-written
// analysis kept in ANALYSIS.md, which describes the committed run).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RESULTS = path.join(HERE, 'results');

function pkgVersion(name) {
  try { return JSON.parse(readFileSync(path.join(HERE, 'node_modules', name, 'package.json'), 'utf8')).version; } catch { return null; }
}

function machine() {
  let chromium = null;
  try { chromium = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { /* absent */ }
  return {
    nproc: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    cpu: os.cpus()[0]?.model, memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    loadavg: os.loadavg().map((x) => +x.toFixed(2)), platform: `${os.type()} ${os.release()}`, chromium,
  };
}

const MB = (b) => (b == null ? '–' : (b / 1e6).toFixed(b < 1e7 ? 2 : 1));
const ms = (x) => (x == null ? '–' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const s = (x) => (x == null ? '–' : (x / 1000).toFixed(x < 10000 ? 2 : 1));
const ratio = (a, b) => (a == null || b == null || !b ? '–' : `${(a / b).toFixed(2)}×`);
const label = (n) => (n >= 1000 ? `${n / 1000}k` : String(n));

function sizeSection(r) {
  const E = r.engines, L = E.Lanterne;
  const names = Object.keys(E);
  const out = [];
  out.push(`## ${label(r.documents)} documents (${MB(r.textBytes)} MB of text)`, '');
  out.push('| engine | build s | MB/s | index MB | gzip MB | gzip ÷ text | load → first answer ms | p50 ms | p95 ms | p99 ms | heap MB |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const k of names) {
    const e = E[k];
    if (e.error && e.buildMs == null) { out.push(`| ${k} | ${e.error} |||||||||`); continue; }
    const lat = e.latency || {};
    out.push(`| ${k} | ${s(e.buildMs)} | ${(r.textBytes / 1e6 / (e.buildMs / 1000)).toFixed(2)} | ${MB(e.indexBytes)} | ${MB(e.gzBytes)} | ${(e.gzBytes / r.textBytes).toFixed(2)} | ` +
      `${ms(e.loadToFirstAnswerMs)} | ${ms(lat.p50)} | ${ms(lat.p95)} | ${ms(lat.p99)} | ${MB(e.heapBytes)} |`);
  }
  out.push('', 'Lanterne ÷ peer (below 1: Lanterne better):', '');
  out.push('| peer | build time | gzip size | load → first answer | p50 | p95 |', '|---|---:|---:|---:|---:|---:|');
  for (const k of names.filter((x) => x !== 'Lanterne')) {
    const e = E[k];
    out.push(`| ${k} | ${ratio(L.buildMs, e.buildMs)} | ${ratio(L.gzBytes, e.gzBytes)} | ${ratio(L.loadToFirstAnswerMs, e.loadToFirstAnswerMs)} | ` +
      `${ratio(L.latency?.p50, e.latency?.p50)} | ${ratio(L.latency?.p95, e.latency?.p95)} |`);
  }
  const qnames = Object.keys(L.latency?.perQuery || {});
  const lat = names.filter((k) => E[k].latency);
  out.push('', 'Median latency per query, ms (matches in brackets; peers have no phrases — words ANDed — and compute timeline and facets in JS over all matches):', '');
  // Lanterne's search in Chromium (the page's core, the same requests) beside Node's.
  const inPage = L.page?.corePerQueryMedian;
  out.push(`| query | ${lat.join(' | ')}${inPage ? ' | Lanterne in Chromium' : ''} |`, `|---|${lat.map(() => '---:').join('|')}${inPage ? '|---:' : ''}|`);
  for (const q of qnames) out.push(`| ${q} | ${lat.map((k) => { const p = E[k].latency.perQuery[q]; return p ? `${ms(p.median)} (${p.total})` : '–'; }).join(' | ')}${inPage ? ` | ${ms(inPage[q])}` : ''} |`);
  if (L.components) {
    const vs = Object.keys(L.components);
    out.push('', 'Lanterne (wasm, Node): where a search’s time goes, median ms:', '');
    out.push(`| query | ${vs.join(' | ')} |`, `|---|${vs.map(() => '---:').join('|')}|`);
    for (const q of qnames) out.push(`| ${q} | ${vs.map((v) => ms(L.components[v][q])).join(' | ')} |`);
  }
  if (L.builds?.length > 1) out.push('', `Lanterne build: median of ${L.builds.length} runs (${L.builds.map((b) => (b.buildMs / 1000).toFixed(2)).join(', ')} s).`);
  out.push('', `Lanterne load: module ${ms(L.moduleMs)} ms, openIndex ${ms(L.openMs)} ms, first query (common term, page request) ${ms(L.firstQueryMs)} ms (fresh Node processes, median of ${L.cold?.length}), on the packed index that pages carry (${MB(L.packedBytes)} MB; opening rebuilds its full-text index)${L.coldBuilt?.length ? `; on the index as built (${MB(r.engines.Lanterne.indexBytes)} MB), openIndex ${ms(L.builtOpenMs)} ms, first answer ${ms(L.builtLoadToFirstAnswerMs)} ms, wasm heap ${MB(L.builtHeapBytes)} MB` : ''}; wasm heap after load ${MB(L.heapBytes)} MB; entity filter in requests: ${L.entityFilter ? 'supported' : 'not supported'}.`);
  const p = L.page || {};
  if (p.error) out.push('', `Chromium page: ${p.error}.`);
  else out.push('', `Single-file page: ${MB(p.bytes)} MB = ${(p.bytes / r.textBytes).toFixed(2)} × the text. Chromium (file://): first answer ${ms(p.firstAnswerMs)} ms after navigation start (index open done at ${ms(p.openMs)} ms${p.heapBytes ? `, wasm heap then ${MB(p.heapBytes)} MB` : ''}${p.firstAnswersMs?.length > 1 ? `; the median of ${p.firstAnswersMs.length} loads: ${p.firstAnswersMs.map(ms).join(', ')} ms` : ''}; full-text index rebuilt at ${ms(p.preparedMs)} ms, wasm heap then ${MB(p.preparedHeapBytes)} MB)${p.linkFirstAnswerMs != null ? `; opened from a link with the query "${p.linkQuery}", first answer ${ms(p.linkFirstAnswerMs)} ms (${p.linkFirstAnswersMs.map(ms).join(', ')} ms)` : ''}; search + render in the page p50 ${ms(p.searchP50)} ms, p95 ${ms(p.searchP95)} ms over ${p.searchMs?.length} searches right after opening, ${ms(p.withExtrasP50)} / ${ms(p.withExtrasP95)} ms with the timeline and the entities drawn too${p.warmWithExtrasMs?.length ? `, and ${ms(p.warmWithExtrasP50)} / ${ms(p.warmWithExtrasP95)} ms over the ${p.warmWithExtrasMs.length} searches after those` : ''}${p.coreMs?.length ? `; the search alone (20 hits, timeline and facets, the mix's requests as in Node) p50 ${ms(p.coreP50)}, p95 ${ms(p.coreP95)}, p99 ${ms(p.coreP99)} ms over ${p.coreMs.length} searches` : ''}${p.errors?.length ? `; page errors: ${p.errors.join('; ')}` : ''}.`);
  const f = L.pageFullText;
  if (f) out.push('', f.error ? `Page with the full-text index as built (--keep-full-text): ${f.error}.` : `Page with the full-text index as built (--keep-full-text): ${MB(f.bytes)} MB = ${(f.bytes / r.textBytes).toFixed(2)} × the text; first answer ${ms(f.firstAnswerMs)} ms (the median of ${f.firstAnswersMs.length} loads: ${f.firstAnswersMs.map(ms).join(', ')} ms)${f.linkFirstAnswerMs != null ? `, from a link with a query ${ms(f.linkFirstAnswerMs)} ms (${f.linkFirstAnswersMs.map(ms).join(', ')} ms)` : ''}, wasm heap ${MB(f.heapBytes)} MB.`);
  if (E.Pagefind?.search) out.push('', `Pagefind search: ${E.Pagefind.search}. Its bundle counts all ${E.Pagefind.files} files (index chunks and fragments, already gzipped by Pagefind, plus its JS/CSS).`);
  return out.join('\n');
}

function goals(results) {
  const r = results.sizes.find((x) => x.documents === 10000);
  if (!r) return '';
  const L = r.engines.Lanterne, p = L.page || {};
  // `unmetCase`: a case of a met goal that is not met, said beside it.
  const row = (g, v, ok, unmetCase = null) => `| ${g} | ${v} | ${ok == null ? '–' : ok ? `met${unmetCase ? ` opened bare; **not met** ${unmetCase}` : ''}` : '**not met**'} |`;
  return ['## Goals of issue 8 at 10k documents (compared, not asserted)', '', '| goal | measured | |', '|---|---|---|',
    row('query p95 ≤ 5 ms with facets and timeline (Chromium)', [
      p.coreP95 != null ? `${ms(p.coreP95)} ms for the search in Chromium (20 hits, timeline and facets; ${p.coreMs.length} searches)` : null,
      p.withExtrasP95 != null ? `${ms(p.withExtrasP95)} ms in the page with results, timeline and entities drawn (the first ${p.withExtrasMs.length} searches after opening), ${ms(p.warmWithExtrasP95)} ms over the ${p.warmWithExtrasMs?.length} after` : null,
      `${ms(L.latency?.p95)} ms in Node (wasm)`].filter(Boolean).join('; '), (p.coreP95 ?? L.latency?.p95) <= 5),
    row('first answer ≤ 1 s after opening', p.firstAnswerMs != null
      ? `${ms(p.firstAnswerMs)} ms opened bare (Chromium: the documents, timeline and entities); ${p.linkFirstAnswerMs != null ? `${ms(p.linkFirstAnswerMs)} ms opened from a link with a query; ` : ''}${ms(L.loadToFirstAnswerMs)} ms in Node (a word query)`
      : `${ms(L.loadToFirstAnswerMs)} ms (Node)`,
      (p.firstAnswerMs ?? L.loadToFirstAnswerMs) <= 1000, p.linkFirstAnswerMs != null && p.linkFirstAnswerMs > 1000 ? 'from a link with a query' : null),
    row('single-file page ≤ 0.6 × raw text', p.bytes ? `${(p.bytes / r.textBytes).toFixed(2)} ×` : `index gzip ${(L.gzBytes / r.textBytes).toFixed(2)} ×`, p.bytes ? p.bytes / r.textBytes <= 0.6 : null),
    row('native build ≥ 10 MB/s', `${(r.textBytes / 1e6 / (L.buildMs / 1000)).toFixed(2)} MB/s`, r.textBytes / 1e6 / (L.buildMs / 1000) >= 10),
    ''].join('\n');
}

export function writeReport(results, { lanterneVersion }) {
  mkdirSync(RESULTS, { recursive: true });
  results.machine = machine();
  results.versions = {
    node: process.version, lanterne: lanterneVersion,
    ...Object.fromEntries(['minisearch', 'flexsearch', 'lunr', 'lunr-languages', 'pagefind', 'playwright-core'].map((n) => [n, pkgVersion(n)])),
  };
  const json = path.join(RESULTS, 'latest.json');
  writeFileSync(json, JSON.stringify(results, null, 1) + '\n');
  const m = results.machine, v = results.versions;
  const md = [
    '# Lanterne benchmark — latest run', '',
    `${results.date}, ${results.durationS?.toFixed(0)} s; machine: ${m.nproc} CPUs (${m.cpu}), ${m.memoryGiB} GiB, ${m.platform}, load ${m.loadavg.join(' ')} at the end (shared, noisy: compare ratios, not absolute times).`,
    `Versions: Node ${v.node}, ${v.lanterne}, MiniSearch ${v.minisearch}, FlexSearch ${v.flexsearch}, Lunr ${v.lunr} + lunr-languages ${v['lunr-languages']}, Pagefind ${v.pagefind}, ${m.chromium || 'no Chromium'}.`,
    `Corpus: tests/bench/gen-corpus.mjs, seed ${results.seed}. Run with \`npm run bench\` (\`-- --full\` adds 100k). Medians over interleaved rounds; latency percentiles pool every query of the mix.`, '',
    goals(results),
    ...results.sizes.map(sizeSection), '',
  ];
  const analysis = path.join(HERE, 'ANALYSIS.md');
  if (existsSync(analysis)) md.push(readFileSync(analysis, 'utf8'));
  const mdFile = path.join(RESULTS, 'latest.md');
  writeFileSync(mdFile, md.join('\n'));
  return [json, mdFile];
}
