// stats.mjs — small measuring helpers shared by the benchmark: percentiles,
// medians, gzip size, a monotonic clock, and the corpus loader the JS peers
// use (the generated .txt files plus bench.json's dates and entities).
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync, constants as zc } from 'node:zlib';
import path from 'node:path';

export const now = () => performance.now();

/** Nearest-rank percentile of an array of numbers (not modified). */
export function percentile(values, p) {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const median = (values) => percentile(values.filter((v) => v != null), 50);

/** Gzip size (level 9, as the page embeds its index) of a Buffer or string. */
export function gzipSize(data) {
  return gzipSync(typeof data === 'string' ? Buffer.from(data) : data, { level: zc.Z_BEST_COMPRESSION }).length;
}

export const byteLength = (data) => (typeof data === 'string' ? Buffer.byteLength(data) : data.length);

/** Heap in use after a collection (node --expose-gc), in bytes. */
export function heapUsed() {
  if (globalThis.gc) { globalThis.gc(); globalThis.gc(); }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * The generated corpus as the JS peers index it: [{id, title, text, date,
 * entities}] with the title from corpus.json and date/entities from
 * bench.json (the peers have no date or entity extraction of their own).
 */
export function loadCorpus(dir, bench) {
  const meta = JSON.parse(readFileSync(path.join(dir, 'corpus.json'), 'utf8')).documents;
  const docs = [];
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.txt')) continue;
    const id = f.slice(0, -4);
    const t = bench.truth[id];
    docs.push({ id, title: meta[id].title, text: readFileSync(path.join(dir, f), 'utf8'), date: t.date, entities: t.entities });
  }
  return docs;
}

/**
 * A reader's query as the JS peers can take it: the words (quotes removed:
 * none of the JS peers has phrase search), and whether the last is a prefix.
 */
export function plainWords(request) {
  const words = request.query.replace(/["*]/g, ' ').split(/\s+/).filter(Boolean);
  return { words, prefixLast: Boolean(request.as_you_type) && !/\s$/.test(request.query) };
}

/**
 * What the page shows besides the hits, computed the way a site built on a
 * JS peer would: filter by period and entities, then a month timeline and
 * top-10 entity facets over all matches.  `docs` are the stored fields
 * ({date, entities}) of the matches, best first.
 */
export function pageAnswer(request, matches, limit = 20) {
  let kept = matches;
  if (request.from || request.to) {
    const from = request.from || '0000', to = (request.to || '9999') + '\uffff';
    kept = kept.filter((d) => d.date && d.date >= from && d.date <= to);
  }
  if (request.entities && request.entities.length) {
    kept = kept.filter((d) => request.entities.every((e) => d.entities.includes(e)));
  }
  const months = new Map();
  const ents = new Map();
  let undated = 0;
  for (const d of kept) {
    if (d.date) { const k = d.date.slice(0, 7); months.set(k, (months.get(k) || 0) + 1); } else undated++;
    for (const e of d.entities) ents.set(e, (ents.get(e) || 0) + 1);
  }
  const facets = [...ents.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
  return { total: kept.length, hits: kept.slice(0, limit), timeline: { buckets: months.size, undated }, facets };
}
