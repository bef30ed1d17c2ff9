#!/usr/bin/env node
// explorer.mjs — `npm run explorer -- <corpus-dir> -o <file.html>`: indexes
// a folder of documents (with its corpus.json and entities.json when
// present) with the native `lanterne` CLI into a temporary index, then
// writes the single-file explorer page for it (scripts/build-page.mjs).
// Needs `npm run build` first (for build/native/lanterne and the wasm core).
// --embed also writes embed.js beside the page, to put it in articles
// (README, "Embedding the explorer in an article"); --level sets the
// compression (zstd 1-19, default 19: 9 is much faster for a draft);
// --keep-full-text ships the full-text index as built instead of having the
// page rebuild it (a bigger page whose word searches answer sooner after
// opening: README, "The explorer page").
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPage, LEVELS } from './build-page.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = path.join(ROOT, 'build/native/lanterne');
const USAGE = 'usage: npm run explorer -- <corpus-dir> -o <file.html> [--title TEXT] [--site DIR] [--embed] [--level 1-19] [--keep-full-text]';

function die(message, status = 1) {
  console.error(`explorer: ${message}`);
  process.exit(status);
}

const args = process.argv.slice(2);
let corpus = null;
let out = null;
let title;
let site;
let embed = false;
let level;
let pack = true;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '-o' || a === '--out') out = args[++i];
  else if (a === '--title') title = args[++i];
  else if (a === '--site') site = args[++i];
  else if (a === '--embed') embed = true;
  else if (a === '--level') level = Number(args[++i]);
  else if (a === '--keep-full-text') pack = false;
  else if (a === '-h' || a === '--help') { console.log(USAGE); process.exit(0); }
  else if (a.startsWith('-')) die(`unknown option ${a}\n${USAGE}`, 2);
  else if (corpus === null) corpus = a;
  else die(`one corpus folder only\n${USAGE}`, 2);
}
if (!corpus || !out) die(USAGE, 2);
if (level !== undefined && !(Number.isInteger(level) && level >= LEVELS.min && level <= LEVELS.max)) die(`--level must be a whole number from ${LEVELS.min} to ${LEVELS.max}\n${USAGE}`, 2);
if (!existsSync(corpus) || !statSync(corpus).isDirectory()) die(`${corpus} is not a folder`);
if (!existsSync(CLI)) die(`${path.relative(process.cwd(), CLI)} is missing: run npm run build first`);

const tmp = mkdtempSync(path.join(tmpdir(), 'lanterne-explorer-'));
try {
  const index = path.join(tmp, 'index.db');
  try {
    execFileSync(CLI, ['build', corpus, '-o', index], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  } catch (err) {
    die(`indexing ${corpus} failed (status ${err.status})`);
  }
  const r = await buildPage({ index, out: path.resolve(out), title, site: site ? path.resolve(site) : undefined, embed, level, pack });
  console.log(`explorer: wrote ${out} (${r.html.toLocaleString('en')} bytes)${r.embed ? ` and ${path.relative(process.cwd(), r.embed.file)} (${r.embed.bytes} bytes)` : ''}`);
} catch (err) {
  die(err.userMessage ? err.message : err.stack);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
