// lanterne.mjs — Lanterne's side of the benchmark: the native index build
// (the `lanterne` CLI, with corpus/entities.json as knowledge base), the
// single-file page for that index (scripts/build-page.mjs, when present), a
// cold open in a fresh Node process (module load + openIndex + first query,
// see lanterne-open.mjs), and searches in the WebAssembly core in this
// process, whole page requests and their components measured apart.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { now, gzipSize } from '../stats.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI = path.join(ROOT, 'build/native/lanterne');
export const WRAPPER = path.join(ROOT, 'build/wasm/lanterne.mjs');
const KB = path.join(ROOT, 'corpus/entities.json');
const PAGE_BUILDER = path.join(ROOT, 'scripts/build-page.mjs');

export const name = 'Lanterne';

export const version = () => execFileSync(CLI, ['--version'], { encoding: 'utf8' }).trim();

/** Native build: {buildMs, textBytes, indexBytes, gzBytes, documents, mbPerS}. */
export function build(corpusDir, dbPath) {
  const t0 = now();
  execFileSync(CLI, ['build', corpusDir, '-o', dbPath, '--kb', KB], { stdio: ['ignore', 'pipe', 'pipe'] });
  const buildMs = now() - t0;
  const info = JSON.parse(execFileSync(CLI, ['info', dbPath, '--json'], { encoding: 'utf8' }));
  const indexBytes = statSync(dbPath).size;
  return {
    buildMs, documents: info.documents, textBytes: info.text_bytes, indexBytes,
    gzBytes: gzipSize(readFileSync(dbPath)), mbPerS: info.text_bytes / 1e6 / (buildMs / 1000),
  };
}

/** The packed index a page carries (`lanterne pack`): {path, bytes}. */
export function pack(dbPath, outPath) {
  execFileSync(CLI, ['pack', dbPath, '-o', outPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  return { path: outPath, bytes: statSync(outPath).size };
}

/**
 * The single-file page for an index, or {error} saying why there is none.
 * keepFullText: the page with the full-text index as built instead of the
 * packed index (build-page's --keep-full-text).
 */
export function buildPage(dbPath, outHtml, { keepFullText = false } = {}) {
  if (!existsSync(PAGE_BUILDER)) return { error: 'scripts/build-page.mjs not present' };
  try {
    execFileSync(process.execPath, [PAGE_BUILDER, '--index', dbPath, '--out', outHtml, '--title', 'bench', ...(keepFullText ? ['--keep-full-text'] : [])],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
    return { path: outHtml, bytes: statSync(outHtml).size };
  } catch (err) {
    return { error: `build-page.mjs failed: ${String(err.stderr || err.message).trim().split('\n').slice(-3).join(' ')}` };
  }
}

/** Cold open in a fresh process: {moduleMs, openMs, firstQueryMs, heapBytes}. */
export function coldOpen(dbPath, request) {
  const out = execFileSync(process.execPath, [path.join(path.dirname(fileURLToPath(import.meta.url)), 'lanterne-open.mjs'), dbPath, JSON.stringify(request)],
    { encoding: 'utf8', maxBuffer: 16 << 20 });
  return JSON.parse(out);
}

let core = null;
async function wrapper() {
  if (!core) core = await import(WRAPPER);
  return core;
}

/** Opens an index in this process: {index, openMs, heapBytes}. */
export async function open(dbPath) {
  const w = await wrapper();
  const bytes = new Uint8Array(readFileSync(dbPath));
  await w.loadCore();
  const t0 = now();
  const index = await w.openIndex(bytes, { name: path.basename(dbPath) });
  const openMs = now() - t0;
  const M = await w.loadCore();
  return { index, openMs, heapBytes: M.HEAPU8.length };
}

/** Whether search requests take "entities" (the core refuses an unknown id). */
export function supportsEntities(index) {
  const a = index.search({ query: '', limit: 0, timeline: false, entities: ['__bench_no_such_entity__'] });
  return Boolean(a.error);
}

// The page's request (facets and timeline on, as the core defaults) and its
// parts, to see where a search's time goes.
export const VARIANTS = {
  page: (r) => ({ ...r, limit: 20 }),
  'count only (limit 0, no timeline, no facets)': (r) => ({ ...r, limit: 0, timeline: false, facets: false }),
  'hits + snippets (limit 20, no timeline, no facets)': (r) => ({ ...r, limit: 20, timeline: false, facets: false }),
  'timeline only (limit 0, no facets)': (r) => ({ ...r, limit: 0, timeline: true, facets: false }),
  'facets only (limit 0, no timeline)': (r) => ({ ...r, limit: 0, timeline: false, facets: true }),
};

export function search(index, request) {
  const a = index.search(request);
  if (a.error) throw new Error(`Lanterne search ${JSON.stringify(request)}: ${a.error}`);
  return a;
}
