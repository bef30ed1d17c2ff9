#!/usr/bin/env node
// build-page.mjs — writes the Lanterne explorer page for an index:
//   - a single HTML file (default dist/lanterne.html) holding everything:
//     the page's JavaScript and CSS inline, the wasm binary and the index
//     compressed with zstd and written 7 bits per character (web/packed.js)
//     in non-executed <script type="application/octet-stream"> elements
//     (the index in parts that web/boot.js unpacks in a worker while the
//     page is still being read), and a Content-Security-Policy that allows
//     only the page's own inline scripts and style (by SHA-256), wasm
//     compilation and that worker, so that the page can make no network
//     request at all;
//   - optionally (--site DIR) the same page as separate cacheable files for
//     a web server: index.html, lanterne.js, lanterne.css, lanterne.wasm,
//     lanterne-unpack.wasm (the decoder), index.db.zst;
//   - beside the page (unless --no-embed): embed.js, the one-line embed
//     for news articles (web/embed.js, minified), and demo/article.html, a
//     news article about the default corpus with three embeds
//     (web/demo/article.html).
//
// The Emscripten module (build/wasm/lanterne-core.mjs) carries its wasm as
// base64 inside its JavaScript (-sSINGLE_FILE); here the binary is taken
// out of it and the module is made to accept it from the page instead
// (Module.wasmBinary), so that it is compressed like the index.
//
// The index is packed first (`lanterne pack`): the page rebuilds its
// full-text index from the text when it opens, which makes the page about
// 40 % smaller at 10k documents for ~0.5 s more before the first answer
// (tests/bench/ANALYSIS.md); --keep-full-text ships it as built instead.
//
// Compression is Debian's `zstd` tool (scripts/setup.sh installs it), at
// level 19 by default: about 15 s for a 54 MB index on two cores, 200 s for
// 550 MB.  --level 9 makes a draft page ~11 % bigger in a twentieth of the
// time (the 10k index: 19.5 MB in 0.8 s, against 17.2 MB in 15 s).
//
//   node scripts/build-page.mjs [--index build/index/corpus.db]
//        [--out dist/lanterne.html] [--site dist/site] [--title TEXT] [--no-embed]
//        [--level 1-19] [--keep-full-text]
// (LANTERNE_NO_MINIFY=1 leaves the script readable, for profiling the page.)
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import { gzipSync, constants as zc } from 'node:zlib';
import { encodeText7 } from '../web/packed.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const WEB = path.join(ROOT, 'web');

function fail(message) {
  const err = new Error(message);
  err.userMessage = true;
  throw err;
}

/** The Emscripten glue without its inlined wasm, and the wasm bytes. */
export function splitCore(coreSource) {
  const re = /wasmBinaryFile="data:application\/octet-stream;base64,([A-Za-z0-9+/=]*)"/g;
  const found = [...coreSource.matchAll(re)];
  if (found.length !== 1) fail('lanterne-core.mjs: expected exactly one inlined wasm (built with -sSINGLE_FILE)');
  const wasm = Buffer.from(found[0][1], 'base64');
  if (wasm.subarray(0, 4).toString('binary') !== '\0asm') fail('lanterne-core.mjs: the inlined data is not a wasm binary');
  const hook = 'var wasmBinary;';
  if (coreSource.split(hook).length !== 2) fail(`lanterne-core.mjs: expected "${hook}" once (Emscripten version changed?)`);
  const glue = coreSource
    .replace(re, 'wasmBinaryFile="data:application/octet-stream;base64,"')
    .replace(hook, 'var wasmBinary=Module["wasmBinary"];');
  return { glue, wasm };
}

/** The page's JavaScript, one ES module, minified. */
async function bundle(glue) {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(WEB, 'app.js')],
    bundle: true, format: 'esm', minify: !process.env.LANTERNE_NO_MINIFY, write: false, charset: 'utf8',
    target: ['chrome100', 'firefox113', 'safari16.4'], legalComments: 'none', logLevel: 'silent',
    platform: 'browser', external: ['fs', 'path', 'crypto'], // Node-only branches of the Emscripten glue
    plugins: [{
      name: 'lanterne-core',
      setup(b) {
        // wasm/lanterne.mjs imports './lanterne-core.mjs': give it the shim.
        b.onResolve({ filter: /lanterne-core\.mjs$/ }, () => ({ path: path.join(WEB, 'core-shim.mjs') }));
        b.onResolve({ filter: /^lanterne:core$/ }, () => ({ path: 'core', namespace: 'lanterne' }));
        b.onLoad({ filter: /.*/, namespace: 'lanterne' }, () => ({ contents: glue, loader: 'js', resolveDir: WEB }));
      },
    }],
  });
  let js = result.outputFiles[0].text;
  js = js.replace(/<\/(script)/gi, '<\\/$1'); // never end the inline <script> early
  return js;
}

/**
 * web/boot.js bundled (with web/packed.js, and the decoder `unpackWasm` as
 * base64) and minified, to be inlined as a classic script before the index
 * parts; its worker runs the same script.
 */
async function bootScript(unpackWasm) {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(WEB, 'boot.js')],
    define: { __LANTERNE_UNPACK_WASM__: JSON.stringify(unpackWasm.toString('base64')) },
    bundle: true, format: 'iife', minify: !process.env.LANTERNE_NO_MINIFY, write: false, charset: 'utf8',
    target: ['chrome100', 'firefox113', 'safari16.4'], legalComments: 'none', logLevel: 'silent', platform: 'browser',
  });
  return result.outputFiles[0].text.trim().replace(/<\/(script)/gi, '<\\/$1');
}

// Each part of the index is followed by this script, which hands it to
// web/boot.js as soon as the browser has read it.
const FEED_SCRIPT = '__lanterneIndexParts.feed(document.currentScript)';
// Compressed bytes per part: a multiple of 7, so that each part is text7 on
// its own (1 MiB of text), small enough for the worker to start early.
const PART_BYTES = 7 << 17;

/**
 * The compressed index as text7 parts, each followed by FEED_SCRIPT; the
 * first says how long the index is once unpacked.
 */
function indexParts(packed, size) {
  const parts = [];
  for (let at = 0; ; at += PART_BYTES) {
    const last = at + PART_BYTES >= packed.length;
    const bytes = packed.subarray(at, at + PART_BYTES);
    parts.push(`<script type="application/octet-stream" class="lanterne-index-part" data-encoding="zstd+text7"${at === 0 ? ` data-size="${size}"` : ''}${last ? ' data-last="true"' : ''}>${encodeText7(bytes)}</script><script>${FEED_SCRIPT}</script>`);
    if (last) return parts;
  }
}

/** The compression levels a page may use: zstd's, short of the "ultra" ones, whose windows would make the decoder's memory grow. */
export const LEVELS = { min: 1, max: 19, default: 19 };

/** Bytes compressed by Debian's `zstd` tool (level 19 by default), with its checksum (wasm/unpack.c checks it). */
export function zstd(bytes, level = LEVELS.default) {
  if (!Number.isInteger(level) || level < LEVELS.min || level > LEVELS.max) fail(`the compression level must be a whole number from ${LEVELS.min} to ${LEVELS.max} (got ${level})`);
  try {
    return execFileSync('zstd', [`-${level}`, '-T0', '-q', '-c', `--stream-size=${bytes.length}`], { input: bytes, maxBuffer: bytes.length + (64 << 20), stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (err) {
    if (err.code === 'ENOENT') fail('the zstd tool is missing: run npm start (scripts/setup.sh installs it) or apt-get install zstd');
    fail(`zstd failed: ${String(err.stderr || err.message).trim()}`);
  }
}

/**
 * The packed form of the index (`lanterne pack`, src/index_pack.c): without
 * its full-text index, which the page rebuilds from the text when it opens
 * it (the compressed index is ~45 % smaller at 10k documents; opening takes
 * ~0.5 s more there).  Written to a temporary folder, read, removed.
 */
export function packIndex(indexPath, cli) {
  if (!existsSync(cli)) fail(`${path.relative(process.cwd(), cli)} is missing: run npm run build first`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lanterne-pack-'));
  try {
    const out = path.join(dir, 'packed.db');
    try {
      execFileSync(cli, ['pack', indexPath, '-o', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      fail(String(err.stderr || err.message).trim().replace(/^lanterne: error: /, ''));
    }
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** web/embed.js minified (it is one self-contained IIFE, nothing to bundle). */
export async function buildEmbedScript(version) {
  const esbuild = await import('esbuild');
  const source = readFileSync(path.join(WEB, 'embed.js'), 'utf8');
  if (!source.includes("'__VERSION__'")) fail("web/embed.js: expected the '__VERSION__' placeholder");
  const { code } = await esbuild.transform(source.replace("'__VERSION__'", JSON.stringify(String(version))), {
    loader: 'js', minify: true, charset: 'utf8', legalComments: 'none',
    target: ['chrome80', 'firefox78', 'safari14'],
  });
  return `/* Lanterne ${version}: the explorer in an article (README, "Embedding the explorer in an article") */\n${code}`;
}

async function minifyCss(css) {
  const esbuild = await import('esbuild');
  return (await esbuild.transform(css, { loader: 'css', minify: true })).code;
}

const sha256 = (s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
const gzip = (b) => gzipSync(b, { level: zc.Z_BEST_COMPRESSION });
const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

function fill(template, values) {
  return template.replace(/\{\{([A-Z]+)\}\}/g, (m, k) => (k in values ? values[k] : m));
}

function writeAtomic(file, data) {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/** The corpus title from the index (native CLI), or null. */
function corpusTitle(indexPath, cli) {
  try {
    const out = execFileSync(cli, ['info', indexPath, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return JSON.parse(out).title || null;
  } catch {
    return null;
  }
}

/**
 * Builds the page(s).  Returns {html: bytes, site: {...sizes}|null}.
 * options: {index, out, site, core, unpack, cli, title, level}
 */
export async function buildPage(options = {}) {
  const indexPath = options.index || path.join(ROOT, 'build/index/corpus.db');
  const out = options.out || path.join(ROOT, 'dist/lanterne.html');
  const corePath = options.core || path.join(ROOT, 'build/wasm/lanterne-core.mjs');
  const unpackPath = options.unpack || path.join(path.dirname(corePath), 'lanterne-unpack.wasm');
  const cli = options.cli || path.join(ROOT, 'build/native/lanterne');
  for (const f of [indexPath, corePath, unpackPath]) if (!existsSync(f)) fail(`${path.relative(process.cwd(), f)} is missing: run npm run build first`);

  const { glue, wasm } = splitCore(readFileSync(corePath, 'utf8'));
  const unpackWasm = readFileSync(unpackPath);
  const js = await bundle(glue);
  const css = await minifyCss(readFileSync(path.join(WEB, 'style.css'), 'utf8'));
  const template = readFileSync(path.join(WEB, 'index.html'), 'utf8');
  // Packed unless asked not to (--keep-full-text): see packIndex.
  const index = options.pack === false ? readFileSync(indexPath) : packIndex(indexPath, cli);
  // zstd -19 of a large index takes seconds: once, for every use below
  const level = options.level ?? LEVELS.default;
  const wasmPacked = zstd(wasm, level), indexPacked = zstd(index, level);
  const title = options.title || corpusTitle(indexPath, cli) || 'Lanterne';
  const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
  // Which wasm and index this page carries: embeds of one page in an
  // article share the compiled module only with the same build (web/share.js).
  const build = createHash('sha256').update(wasm).update(index).digest('hex').slice(0, 24);

  // Single file.
  const boot = await bootScript(unpackWasm);
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(js)} ${sha256(boot)} ${sha256(FEED_SCRIPT)} 'wasm-unsafe-eval'`,
    `style-src ${sha256(css)}`,
    // web/boot.js unpacks the index in a worker made from a blob: URL
    'worker-src blob:',
    'img-src data:', "connect-src 'none'", "base-uri 'none'", "form-action 'none'",
  ].join('; ');
  const data = [
    `<script type="application/octet-stream" id="lanterne-wasm" data-encoding="zstd+text7" data-size="${wasm.length}">${encodeText7(wasmPacked)}</script>`,
    `<script>${boot}</script>`,
    ...indexParts(indexPacked, index.length),
  ].join('\n');
  const html = fill(template, {
    ASSETS: 'inline', BUILD: build, CSP: escapeHtml(csp), TITLE: escapeHtml(title), VERSION: escapeHtml(version),
    STYLE: `<style>${css}</style>`, DATA: data, SCRIPT: `<script type="module">${js}</script>`,
  });
  writeAtomic(out, html);
  const result = { out, html: Buffer.byteLength(html), js: Buffer.byteLength(js), css: Buffer.byteLength(css), wasm: wasm.length, wasmPacked: wasmPacked.length, index: index.length, indexPacked: indexPacked.length, packed: options.pack !== false };

  // Multi-file site.
  if (options.site) {
    const dir = options.site;
    const siteCsp = [
      "default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'",
      'img-src data:', "connect-src 'self'", "base-uri 'none'", "form-action 'none'",
    ].join('; ');
    const page = fill(template, {
      ASSETS: 'site', BUILD: build, CSP: escapeHtml(siteCsp), TITLE: escapeHtml(title), VERSION: escapeHtml(version),
      STYLE: '<link rel="stylesheet" href="lanterne.css">', DATA: '',
      SCRIPT: '<script type="module" src="lanterne.js"></script>',
    });
    writeAtomic(path.join(dir, 'index.html'), page);
    writeAtomic(path.join(dir, 'lanterne.js'), js);
    writeAtomic(path.join(dir, 'lanterne.css'), css);
    writeAtomic(path.join(dir, 'lanterne.wasm'), wasm);
    writeAtomic(path.join(dir, 'lanterne-unpack.wasm'), unpackWasm);
    writeAtomic(path.join(dir, 'index.db.zst'), indexPacked);
    result.site = dir;
  }

  // The article embed and its demo, beside the page.
  if (options.embed) {
    const dir = path.dirname(out);
    const embedJs = await buildEmbedScript(version);
    writeAtomic(path.join(dir, 'embed.js'), embedJs);
    result.embed = { file: path.join(dir, 'embed.js'), bytes: Buffer.byteLength(embedJs), gzip: gzip(Buffer.from(embedJs)).length };
    if (options.demo) {
      // The demo names ../lanterne.html and ../embed.js.
      const demo = readFileSync(path.join(WEB, 'demo/article.html'), 'utf8');
      if (!demo.includes('"../lanterne.html"') || !demo.includes('"../embed.js"')) fail('web/demo/article.html: expected "../lanterne.html" and "../embed.js"');
      writeAtomic(path.join(dir, 'demo/article.html'), demo.replaceAll('"../lanterne.html"', JSON.stringify(`../${path.basename(out)}`)));
      result.demo = path.join(dir, 'demo/article.html');
    }
  }
  return result;
}

function parseArgs(argv) {
  const o = { embed: true, demo: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => { if (i + 1 >= argv.length) fail(`${a} needs a value`); return argv[++i]; };
    if (a === '--index') o.index = path.resolve(next());
    else if (a === '--out' || a === '-o') o.out = path.resolve(next());
    else if (a === '--site') o.site = path.resolve(next());
    else if (a === '--title') o.title = next();
    else if (a === '--no-embed') { o.embed = false; o.demo = false; }
    else if (a === '--level') o.level = Number(next());
    else if (a === '--keep-full-text') o.pack = false;
    else fail(`unknown argument ${a}`);
  }
  return o;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const r = await buildPage(parseArgs(process.argv.slice(2)));
    const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
    console.log(`page: ${path.relative(process.cwd(), r.out)} ${r.html} bytes (${kb(r.html)}): script ${kb(r.js)}, css ${kb(r.css)}, wasm ${kb(r.wasm)} -> zstd ${kb(r.wasmPacked)}, index ${kb(r.index)}${r.packed ? ' (packed)' : ''} -> zstd ${kb(r.indexPacked)} (text7 adds about a sixth)${r.site ? `; site: ${path.relative(process.cwd(), r.site)}/` : ''}` +
      `${r.embed ? `; embed: ${path.relative(process.cwd(), r.embed.file)} ${r.embed.bytes} bytes (${r.embed.gzip} gzip)` : ''}${r.demo ? `, demo: ${path.relative(process.cwd(), r.demo)}` : ''}`);
  } catch (err) {
    console.error(`build-page: ${err.userMessage ? err.message : err.stack}`);
    process.exit(1);
  }
}
