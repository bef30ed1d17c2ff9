// pagefind.mjs — the Pagefind peer: the corpus rendered as one HTML page per
// document (<html lang="fr">, so Pagefind applies its French stemming; title
// and date as data-pagefind-meta), indexed with the pagefind npm package's
// Node API (which drives its bundled Linux binary), bundle written to disk.
// Pagefind's search runs in a browser: its pagefind.js fetches index chunks
// and a wasm file by URL over HTTP, which Node's fetch cannot serve from
// file:// — so here we measure build time and bundle size; its search is
// measured in headless Chromium by page.mjs when Chromium is available.
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { now, gzipSize } from '../stats.mjs';

export const name = 'Pagefind';
export const pkg = 'pagefind';

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Writes the HTML rendering of the corpus (not timed: a site has it already). */
export function renderHtml(docs, dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const d of docs) {
    const paras = d.text.split(/\n\s*\n/).map((p) => `<p>${esc(p)}</p>`).join('\n');
    writeFileSync(path.join(dir, `${d.id}.html`),
      `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${esc(d.title)}</title></head><body><main data-pagefind-body>` +
      `<h1 data-pagefind-meta="title">${esc(d.title)}</h1>` +
      (d.date ? `<p data-pagefind-meta="date">${d.date}</p>` : '') +
      `${paras}</main></body></html>\n`);
  }
}

function dirBytes(dir) {
  let raw = 0, gz = 0, files = 0;
  for (const f of readdirSync(dir, { recursive: true })) {
    const p = path.join(dir, f);
    if (!statSync(p).isFile()) continue;
    const b = readFileSync(p);
    raw += b.length; files++;
    // Pagefind's index chunks and fragments are gzipped already; gzip what is not.
    gz += f.endsWith('.js') || f.endsWith('.css') || f.endsWith('.json') ? gzipSize(b) : b.length;
  }
  return { raw, gz, files };
}

/** Indexes the HTML folder; returns {buildMs, bytes, gzBytes, files}. */
export async function build(htmlDir, outDir) {
  rmSync(outDir, { recursive: true, force: true });
  const t0 = now();
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'fr' });
  if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
  const added = await index.addDirectory({ path: htmlDir });
  if (added.errors.length) throw new Error(`pagefind: ${added.errors.join('; ')}`);
  const written = await index.writeFiles({ outputPath: outDir });
  if (written.errors.length) throw new Error(`pagefind: ${written.errors.join('; ')}`);
  const buildMs = now() - t0;
  await index.deleteIndex();
  const { raw, gz, files } = dirBytes(outDir);
  return { buildMs, pages: added.page_count, bytes: raw, gzBytes: gz, files };
}

export async function close() { await pagefind.close(); }
