// helpers.mjs — shared by the Node tests: where the repository and the build
// outputs are, running the native CLI, opening the index in WebAssembly.
// The tests need `npm run build` (or `npm test`, which builds) first; a
// missing build makes them fail, never skip.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = path.join(ROOT, 'build/native/lanterne');
export const INDEX = path.join(ROOT, 'build/index/corpus.db');
export const WRAPPER = path.join(ROOT, 'build/wasm/lanterne.mjs');
export const CORE = path.join(ROOT, 'build/wasm/lanterne-core.mjs');
export const CORPUS = path.join(ROOT, 'corpus');

/** Throws, naming what is missing, unless the build outputs are all there. */
export function requireBuild() {
  const missing = [CLI, INDEX, WRAPPER, CORE].filter((f) => !existsSync(f));
  if (missing.length) {
    throw new Error(
      `build output missing: ${missing.map((f) => path.relative(ROOT, f)).join(', ')}; ` +
        'run `npm run build` (or `npm test`) first');
  }
}

/**
 * Runs the native CLI; returns its standard output.  A failing command
 * (exit status 1, message "lanterne: error: <message>" on stderr) gives
 * {error: message} in place of the output, as the C API does.
 */
export function runCli(args, input) {
  try {
    const stdin = input === undefined ? 'ignore' : 'pipe';
    return { out: execFileSync(CLI, args, { encoding: 'utf8', maxBuffer: 256 << 20, stdio: [stdin, 'pipe', 'pipe'], input }) };
  } catch (err) {
    const stderr = String(err.stderr || '');
    const m = /^lanterne: error: (.*)$/m.exec(stderr);
    if (err.status === 1 && m) return { error: m[1] };
    throw new Error(`${path.relative(ROOT, CLI)} ${args.join(' ').slice(0, 200)} failed (status ${err.status}): ${stderr.slice(0, 2000)}`);
  }
}

/** `lanterne <command> ... --json` as parsed JSON (or {error}); `input`
 * goes to its standard input. */
export function cliJson(args, input) {
  const r = runCli(args, input);
  return 'error' in r ? { error: r.error } : JSON.parse(r.out);
}

/** Native search, exactly as lanterne_search answers {query, limit, offset}. */
export function nativeSearch(query, { limit = 50, offset } = {}) {
  const args = ['search', INDEX, '--json', '--limit', String(limit)];
  if (offset !== undefined) args.push('--offset', String(offset));
  args.push('--', query); // `--`: a query may start with '-'
  return cliJson(args);
}

/** Native lanterne_tokens(), rebuilt from the `tokens` command's lines. */
export function nativeTokens(text) {
  const r = runCli(['tokens', text]);
  if ('error' in r) return { error: r.error };
  const tokens = [];
  for (const line of r.out.split('\n')) {
    if (line === '') continue;
    const m = /^(  \+ )?(.*)\t(\d+)-(\d+)$/.exec(line);
    if (!m) throw new Error(`unexpected line from lanterne tokens: ${JSON.stringify(line)}`);
    tokens.push({ token: m[2], start: Number(m[3]), end: Number(m[4]), colocated: Boolean(m[1]) });
  }
  return { tokens };
}

/** The corpus files' ids (file names without .txt) and texts. */
export function corpusTexts() {
  const texts = new Map();
  for (const f of readdirSync(CORPUS).sort()) {
    if (f.endsWith('.txt')) texts.set(f.slice(0, -4), readFileSync(path.join(CORPUS, f), 'utf8'));
  }
  return texts;
}

/** The corpus.json metadata, or {} when the corpus has none. */
export function corpusMeta() {
  const f = path.join(CORPUS, 'corpus.json');
  return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : {};
}

/** Opens build/index/corpus.db in the WebAssembly core. */
export async function openWasmIndex() {
  requireBuild();
  const lanterne = await import(WRAPPER);
  const index = await lanterne.openIndex(new Uint8Array(readFileSync(INDEX)), { name: 'corpus.db' });
  return { lanterne, index };
}

/**
 * A fold for checking answers, written independently of the C core: accents
 * off, lower case, typographic ligatures spelled out.
 */
export function fold(s) {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
    .replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(/ß/g, 'ss');
}

/** The text of highlight [start, end) (UTF-8 byte offsets) in `text`. */
export function slice(text, [start, end]) {
  return Buffer.from(text, 'utf8').subarray(start, end).toString('utf8');
}

let packed = null;
/** The packed form of build/index/corpus.db (`lanterne pack`), the index a page carries. */
export async function packedIndex() {
  requireBuild();
  if (!packed) packed = (await import('../../scripts/build-page.mjs')).packIndex(INDEX, CLI);
  return packed;
}

/** The page's data decoder (wasm/unpack.c), compiled. */
export const compileDecoder = () => WebAssembly.compile(readFileSync(path.join(ROOT, 'build/wasm/lanterne-unpack.wasm')));

// A single-file page's index: text7 parts (web/packed.js,
// scripts/build-page.mjs), each followed by the inline script that hands
// it to web/boot.js.
export const INDEX_PARTS = /<script type="application\/octet-stream" class="lanterne-index-part"[^>]*>[^<]*<\/script><script>[^<]*<\/script>/g;

/** A page's index parts (text7), in order. */
export function pageIndexParts(html) {
  return (html.match(INDEX_PARTS) || []).map((p) => />([^<]*)<\/script>/.exec(p)[1]);
}
