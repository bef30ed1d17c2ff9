// bad-input.test.mjs — issue #9: every bad input ends in a clear message or a
// clean result, never in a crash, a raw engine error, a half-written index or
// a lost file.
//
// One TABLE of cases.  A build case makes its corpus in a fresh temporary
// folder (`c/`, always with the good document c/good.txt unless it says
// otherwise), puts a previous index at the -o path, runs the native CLI and
// checks:
//   (a) the exit status;
//   (b) stderr matches the case's pattern (the file and/or the problem), and
//       never shows a raw SQLite error;
//   (c) nothing was lost: after a failure every file of the temporary folder
//       (previous index included) is byte-identical and no temporary file is
//       left; after a success the corpus is unchanged and the index holds
//       exactly the expected documents (`lanterne search --json ''` lists
//       them all), with the case's words findable.
// Index cases give search/verify/info a damaged or foreign index file; query
// cases send hostile text to the CLI and to the WebAssembly core (including
// what only JavaScript can send: lone surrogates, raw invalid UTF-8) and
// expect results or none, valid JSON, no error, in bounded time.
//
// The CLI is build/native/lanterne (scripts/build.sh); LANTERNE_BIN points
// elsewhere, e.g. LANTERNE_BIN=build/h-input/lanterne.  Cases needing an
// unreadable file run the CLI as `nobody` through setpriv when the tests run
// as root (root reads everything), and are skipped with the reason when that
// is impossible.
//
// Manual checks, too slow for this file (figures in README.md, "Bad input"):
// a 100 MB document and 100 000 tiny files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, INDEX, WRAPPER } from './helpers.mjs';

const CLI = process.env.LANTERNE_BIN
  ? path.resolve(ROOT, process.env.LANTERNE_BIN)
  : path.join(ROOT, 'build/native/lanterne');
if (!fs.existsSync(CLI)) {
  throw new Error(`${path.relative(ROOT, CLI)} missing: run \`npm run build\` first (or set LANTERNE_BIN)`);
}

const QUERY_BOUND_MS = 2000; // generous: the machine is shared and noisy
const BUILD_TIMEOUT_MS = 30000; // a hang (e.g. reading a named pipe) fails

const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((f) => fs.existsSync(f));
// Why cases that need an unreadable file cannot run here, or null.
const NOBODY_UNAVAILABLE = IS_ROOT && !SETPRIV
  ? 'running as root without setpriv: chmod 000 does not stop root from reading' : null;

const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'lanterne-bad-input-'));
fs.chmodSync(WORK, 0o755); // `nobody` must reach the case folders
after(() => {
  // Cases lock files and folders (chmod 0): unlock them so that removal
  // works when the tests do not run as root.
  const unlock = (p) => {
    let st;
    try { st = fs.lstatSync(p); } catch { return; }
    if (st.isSymbolicLink()) return;
    try { fs.chmodSync(p, st.isDirectory() ? 0o755 : 0o644); } catch { /* not ours */ }
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) unlock(path.join(p, name));
  };
  unlock(WORK);
  fs.rmSync(WORK, { recursive: true, force: true });
});

// Raw SQLite error texts that must never reach the reader.
const RAW_ENGINE = /file is not a database|database disk image is malformed|SQL logic error|no such (table|column)|unable to open database|SQLITE_[A-Z]|sqlite3_/i;

/** Runs the CLI; as `nobody` when asked and needed.  Returns status, output, time. */
function cli(args, { as } = {}) {
  let cmd = CLI;
  let argv = args;
  if (as === 'nobody' && IS_ROOT) {
    cmd = SETPRIV;
    argv = ['--reuid=65534', '--regid=65534', '--clear-groups', CLI, ...args];
  }
  const started = performance.now();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: BUILD_TIMEOUT_MS, maxBuffer: 64 << 20 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - started, error: r.error };
}

function sha(buffer) {
  return createHash('sha256').update(buffer).digest('hex');
}

/** Every entry below `dir`: files by SHA-256, links by target, folders, others by kind. */
function snapshot(dir) {
  const out = {};
  const walk = (rel) => {
    const full = path.join(dir, rel);
    let st;
    try { st = fs.lstatSync(full); } catch { return; }
    if (st.isSymbolicLink()) out[rel] = `link -> ${fs.readlinkSync(full)}`;
    else if (st.isDirectory()) {
      out[rel] = 'folder';
      let names = [];
      try { names = fs.readdirSync(full); } catch { /* unreadable: kept as a folder */ }
      for (const name of names.sort()) walk(path.join(rel, name));
    } else if (st.isFile()) {
      try { out[rel] = sha(fs.readFileSync(full)); } catch { out[rel] = `unreadable file, ${st.size} bytes`; }
    } else out[rel] = 'special';
  };
  walk('');
  return out;
}

/** The ids of every document in an index, via the CLI (an empty query lists them all). */
function indexIds(db) {
  const r = cli(['search', db, '--json', '--limit', '1000']);
  assert.equal(r.status, 0, `search ${db}: ${r.stderr}`);
  return JSON.parse(r.stdout).hits.map((h) => h.id).sort();
}

function searchIds(db, query) {
  const r = cli(['search', db, '--json', '--limit', '1000', '--', query]);
  assert.equal(r.status, 0, `search ${db} ${query}: ${r.stderr}`);
  return JSON.parse(r.stdout).hits.map((h) => h.id);
}

const GOOD = 'Compte rendu de la réunion sur la sécurité du Maroc et l’OTAN.\n';
const PREVIOUS_DIR = path.join(WORK, 'previous-corpus');
const PREVIOUS_INDEX = path.join(WORK, 'previous.db');
const QUERY_INDEX = path.join(WORK, 'query.db');

before(() => {
  // The index that sits at -o before each build: it must survive a failure.
  fs.mkdirSync(PREVIOUS_DIR);
  fs.writeFileSync(path.join(PREVIOUS_DIR, 'earlier.txt'), 'Un index construit plus tôt.\n');
  let r = cli(['build', PREVIOUS_DIR, '-o', PREVIOUS_INDEX]);
  assert.equal(r.status, 0, r.stderr);
  // The index the CLI query cases search.
  const q = path.join(WORK, 'query-corpus');
  fs.mkdirSync(q);
  fs.writeFileSync(path.join(q, 'a.txt'), GOOD);
  fs.writeFileSync(path.join(q, 'b.txt'), 'Réunion à Rabat : « feuille de route » contre la menace terroriste, NEAR la frontière.\n');
  r = cli(['build', q, '-o', QUERY_INDEX]);
  assert.equal(r.status, 0, r.stderr);
});

const enc = (s, encoding) => Buffer.from(s, encoding);
const utf16be = (s) => { const b = Buffer.from(s, 'utf16le'); b.swap16(); return b; };
const cp1252 = (s) => Buffer.from([...s].map((ch) => ({ '’': 0x92, 'œ': 0x9c, '€': 0x80, '…': 0x85 })[ch] ?? ch.charCodeAt(0)));

/*
** The cases.  Build cases: files (relative to c/, string or Buffer), setup(ctx)
** for anything else, args(ctx) (default: build c -o out.db), status, stderr
** (a pattern it must match), ids (the documents the index must hold after a
** success), find ([query, id] pairs), notFind (words that must not be
** indexed), as ('nobody').  Other kinds: run(ctx)
** does its own checks.
*/
const TABLE = [
  // ---- the corpus folder itself -------------------------------------------
  { name: 'missing folder', noGood: true, args: (x) => ['build', path.join(x.dir, 'nope'), '-o', x.out],
    status: 1, stderr: /nope: no such folder; check the name/ },
  { name: 'corpus path is a file', args: (x) => ['build', path.join(x.corpus, 'good.txt'), '-o', x.out],
    status: 1, stderr: /good\.txt: not a folder/ },
  { name: 'empty folder', noGood: true, status: 1, stderr: /c: no \.txt, \.md or \.html documents found; nothing to index/ },
  { name: 'only unsupported files', noGood: true, files: { 'scan.pdf': '%PDF-1.4', 'notes.docx': 'PK' },
    status: 1, stderr: /no \.txt, \.md or \.html documents found/ },
  { name: 'every document skipped', noGood: true, files: { 'a.txt': enc('%PDF\0\x01'), 'b.txt': '' },
    status: 1, stderr: /nothing to index: all 2 .* files were skipped \(.*a\.txt: binary file skipped/ },
  // ---- files that are skipped with a warning --------------------------------
  { name: 'empty file', files: { 'empty.txt': '' }, status: 0, stderr: /c\/empty\.txt: empty document skipped/, ids: ['good'] },
  { name: 'blank file and blank HTML page', files: { 'blank.md': ' \n\t\r\n', 'page.html': '<p> </p>' },
    status: 0, stderr: /blank\.md: empty document skipped[^]*page\.html: empty document skipped/, ids: ['good'] },
  { name: 'binary file (NUL bytes)', files: { 'scan.txt': enc('%PDF-1.4\0\0\x01\x02binary') },
    status: 0, stderr: /c\/scan\.txt: binary file skipped \(it holds NUL bytes/, ids: ['good'] },
  { name: 'NUL byte late in a text', files: { 'late.txt': Buffer.concat([enc('mot '.repeat(3000)), enc('\0fin unique\n')]) },
    status: 0, stderr: /^$/, ids: ['good', 'late'], find: [['unique', 'late']] },
  { name: 'dangling symbolic link', setup: (x) => fs.symlinkSync('nowhere.txt', path.join(x.corpus, 'dangling.txt')),
    status: 0, stderr: /c\/dangling\.txt: cannot be read \(No such file or directory\), skipped/, ids: ['good'] },
  { name: 'symbolic link loop', setup: (x) => { fs.mkdirSync(path.join(x.corpus, 'sub')); fs.writeFileSync(path.join(x.corpus, 'sub/s.txt'), GOOD); fs.symlinkSync('..', path.join(x.corpus, 'sub/up')); },
    status: 0, stderr: /sub\/up: links to a folder already read, skipped/, ids: ['good', 'sub/s'] },
  { name: 'named pipe called x.txt (must not hang)', setup: (x) => mkfifo(path.join(x.corpus, 'pipe.txt')),
    status: 0, stderr: /c\/pipe\.txt: not a regular file \(a named pipe\), skipped/, ids: ['good'] },
  { name: 'link to a device called x.txt (must not hang)', setup: (x) => fs.symlinkSync('/dev/zero', path.join(x.corpus, 'zero.txt')),
    status: 0, stderr: /c\/zero\.txt: not a regular file \(a device\), skipped/, ids: ['good'] },
  { name: 'HTML with scripts, styles and handlers', files: { 'page.html': '<title>Page</title><script>evilscript()</script><style>p{color:red}</style><p onclick="evilhandler()">Texte <b>Larache</b></p><img src=x onerror=evilimg()>' },
    status: 0, stderr: /^$/, ids: ['good', 'page'], find: [['larache', 'page']], notFind: ['evilscript', 'evilhandler', 'evilimg', 'color'] },
  { name: 'unreadable file', as: 'nobody', setup: (x) => { fs.writeFileSync(path.join(x.corpus, 'secret.txt'), GOOD); fs.chmodSync(path.join(x.corpus, 'secret.txt'), 0); },
    status: 0, stderr: /c\/secret\.txt: cannot be read \(Permission denied\), skipped/, ids: ['good'] },
  { name: 'unreadable folder', as: 'nobody', setup: (x) => { fs.mkdirSync(path.join(x.corpus, 'locked')); fs.writeFileSync(path.join(x.corpus, 'locked/a.txt'), GOOD); fs.chmodSync(path.join(x.corpus, 'locked'), 0); },
    status: 0, stderr: /c\/locked: folder could not be read \(Permission denied\), skipped/, ids: ['good'] },
  // ---- encodings --------------------------------------------------------------
  { name: 'invalid UTF-8 in a UTF-8 text', files: { 'damaged.txt': Buffer.concat([enc('Été à Genève, un octet '), Buffer.from([0xff]), enc(' perdu\n')]) },
    status: 0, stderr: /c\/damaged\.txt: invalid UTF-8 repaired \(1 sequence replaced/, ids: ['damaged', 'good'], find: [['genève', 'damaged'], ['perdu', 'damaged']] },
  { name: 'Windows-1252 French text', files: { 'ancien.txt': cp1252('Légion d’honneur : « œuvre » à 5 € pour la coopération…\r\n') },
    status: 0, stderr: /c\/ancien\.txt: not UTF-8; read as Windows-1252 \(Latin-1\)/, ids: ['ancien', 'good'],
    find: [['légion', 'ancien'], ['oeuvre', 'ancien'], ['"d’honneur"', 'ancien'], ['coopération', 'ancien']] },
  { name: 'Latin-1 text', files: { 'latin1.txt': enc('Café crème à Montréal, hôtel de l’été\n'.replace('’', "'"), 'latin1') },
    status: 0, stderr: /latin1\.txt: not UTF-8; read as Windows-1252/, ids: ['good', 'latin1'], find: [['montréal', 'latin1'], ['hotel', 'latin1']] },
  { name: 'Latin-1 file name', files: { [enc('r\xe9sum\xe9.txt', 'latin1').toString('latin1')]: GOOD }, rawNames: true,
    status: 0, stderr: /sum\uFFFD\.txt: the file name is not valid UTF-8/, ids: ['good', 'r\uFFFDsum\uFFFD'] },
  { name: 'UTF-8 byte order mark', files: { 'bom.txt': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), enc('Titre avec marque\nMarrakech\n')]) },
    status: 0, stderr: /^$/, ids: ['bom', 'good'], find: [['marrakech', 'bom']] },
  { name: 'UTF-16 LE with byte order mark', files: { 'u16le.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), enc('Rapport de Tanger 😀\r\n', 'utf16le')]) },
    status: 0, stderr: /c\/u16le\.txt: UTF-16 text \(little-endian\), converted to UTF-8/, ids: ['good', 'u16le'], find: [['tanger', 'u16le']] },
  { name: 'UTF-16 BE with byte order mark', files: { 'u16be.md': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be('Note de Fès\n')]) },
    status: 0, stderr: /c\/u16be\.md: UTF-16 text \(big-endian\), converted to UTF-8/, ids: ['good', 'u16be'], find: [['fes', 'u16be']] },
  { name: 'UTF-16 without byte order mark', files: { 'nobom.txt': enc('Oujda\n', 'utf16le') },
    status: 0, stderr: /c\/nobom\.txt: binary file skipped/, ids: ['good'] },
  { name: 'CRLF and lone CR line ends', files: { 'crlf.txt': 'Titre Windows\r\nAgadir\rEssaouira\r\n' },
    status: 0, stderr: /^$/, ids: ['crlf', 'good'], find: [['agadir', 'crlf'], ['essaouira', 'crlf']] },
  // ---- odd names ------------------------------------------------------------
  { name: 'folder named x.txt', files: { 'x.txt/inside.txt': 'Dans un dossier nommé x.txt : Kénitra\n' },
    status: 0, stderr: /^$/, ids: ['good', 'x.txt/inside'], find: [['kenitra', 'x.txt/inside']] },
  { name: 'file name with a newline', files: { 'deux\nlignes.txt': 'Tétouan\n' },
    status: 0, stderr: /^$/, ids: ['deux\nlignes', 'good'], find: [['tetouan', 'deux\nlignes']] },
  { name: 'file names with ..', files: { 'a..b.txt': 'Nador\n', 'notes..md': 'Safi\n', '..hidden.txt': 'caché\n' },
    status: 0, stderr: /^$/, ids: ['a..b', 'good', 'notes.'], find: [['nador', 'a..b'], ['safi', 'notes.']] },
  { name: 'duplicate ids (a.txt and a.md)', files: { 'sub/a.txt': 'un\n', 'sub/a.md': 'deux\n' },
    status: 1, stderr: /sub\/a\.md and .*sub\/a\.txt: both give the document id "sub\/a"; rename or remove one/ },
  { name: 'duplicate ids differing in extension case', files: { 'n.TXT': 'un\n', 'n.html': '<p>deux</p>' },
    status: 1, stderr: /both give the document id "n"/ },
  // ---- corpus.json ------------------------------------------------------------
  { name: 'corpus.json malformed (trailing comma)', files: { 'corpus.json': '{\n  "title": "x",\n  "documents": {"good": {"date": "2012",}}\n}' },
    status: 1, stderr: /c\/corpus\.json:3:\d+: malformed JSON \(look for a missing or extra comma/ },
  { name: 'corpus.json truncated', files: { 'corpus.json': '{"title": "Fuite",\n "documents": {"good": {' },
    status: 1, stderr: /c\/corpus\.json:2:\d+: malformed JSON/ },
  { name: 'corpus.json empty', files: { 'corpus.json': '' },
    status: 1, stderr: /c\/corpus\.json: the file is empty; write \{\} in it, or delete it/ },
  { name: 'corpus.json top-level array', files: { 'corpus.json': '[{"id": "good"}]' },
    status: 1, stderr: /c\/corpus\.json:1:1: must hold a JSON object .* not a list/ },
  { name: 'corpus.json "date": 2014 (a number)', files: { 'corpus.json': '{\n  "documents": {\n    "good": {"date": 2014}\n  }\n}' },
    status: 1, stderr: /c\/corpus\.json:3:22: documents\."good"\.date must be a string in double quotes such as "2014" .*not a number/ },
  { name: 'corpus.json "title": ["x"] (a list)', files: { 'corpus.json': '{"documents": [{"id": "good",\n  "title": ["x"]}]}' },
    status: 1, stderr: /c\/corpus\.json:2:12: documents\[0\]\.title must be a string .*not a list/ },
  { name: 'corpus.json date that is not a date', files: { 'corpus.json': '{"documents": {"good": {"date": "hier"}}}' },
    status: 1, stderr: /corpus\.json:1:\d+: documents\."good"\.date "hier" is not a date \(use YYYY, YYYY-MM or YYYY-MM-DD\)/ },
  { name: 'corpus.json documents of the wrong type', files: { 'corpus.json': '{"title": "t", "documents": 5}' },
    status: 1, stderr: /corpus\.json:1:29: documents must be an object .* not a number/ },
  { name: 'corpus.json list entry without id', files: { 'corpus.json': '{"documents": [{"title": "sans id"}]}' },
    status: 1, stderr: /corpus\.json:1:16: documents\[0\]\.id must be a string .*missing/ },
  { name: 'corpus.json entry for no document', files: { 'corpus.json': '{"documents": {"absent": {"title": "x"}}}' },
    status: 0, stderr: /corpus\.json:1:26: documents\."absent": no document has this id .* entry ignored/, ids: ['good'] },
  { name: 'corpus.json in Windows-1252', files: { 'corpus.json': cp1252('{"title": "Fuite d’été"}') },
    status: 0, stderr: /c\/corpus\.json: not UTF-8; read as Windows-1252/, ids: ['good'], title: 'Fuite d’été' },
  { name: 'corpus.json in UTF-16 with byte order mark', files: { 'corpus.json': Buffer.concat([Buffer.from([0xff, 0xfe]), enc('{"title": "Été"}', 'utf16le')]) },
    status: 0, stderr: /c\/corpus\.json: UTF-16 text/, ids: ['good'], title: 'Été' },
  { name: 'corpus.json unreadable', as: 'nobody', setup: (x) => { fs.writeFileSync(path.join(x.corpus, 'corpus.json'), '{}'); fs.chmodSync(path.join(x.corpus, 'corpus.json'), 0); },
    status: 1, stderr: /c\/corpus\.json: cannot be read \(Permission denied\); make it readable/ },
  // ---- entities.json and --kb -----------------------------------------------------
  { name: 'entities.json malformed', files: { 'entities.json': '{"entities": [\n  {"id": "x",\n' },
    status: 1, stderr: /c\/entities\.json:\d+:\d+: malformed JSON/ },
  { name: 'entities.json wrongly typed name', files: { 'entities.json': '{"entities": [{"id": "x", "type": "person", "name": 3}]}' },
    status: 1, stderr: /c\/entities\.json: entity 0 \("x"\): "name" must be a string/ },
  { name: 'entities.json top-level array', files: { 'entities.json': '[]' },
    status: 1, stderr: /c\/entities\.json: expected \{"entities": \[\.\.\.\]\}/ },
  { name: 'entities.json duplicate id', files: { 'entities.json': '{"entities": [{"id": "x", "type": "person", "name": "X"}, {"id": "x", "type": "place", "name": "Y"}]}' },
    status: 1, stderr: /c\/entities\.json: entity 1 \("x"\): the id is used twice/ },
  { name: '--kb names a missing file', args: (x) => ['build', x.corpus, '-o', x.out, '--kb', path.join(x.dir, 'kb.json')],
    status: 1, stderr: /kb\.json: cannot read the knowledge base \(No such file or directory\)/ },
  // ---- the output path ---------------------------------------------------------
  { name: '-o into a missing folder (created)', args: (x) => ['build', x.corpus, '-o', path.join(x.dir, 'new/deeper/out.db')],
    status: 0, stderr: /^$/, ids: ['good'], db: (x) => path.join(x.dir, 'new/deeper/out.db') },
  { name: '-o is a folder', args: (x) => ['build', x.corpus, '-o', x.dir],
    status: 1, stderr: /: is a folder; give the index a file name, such as .*\/index\.db/ },
  { name: '-o is one of the documents', args: (x) => ['build', x.corpus, '-o', path.join(x.corpus, 'good.txt')],
    status: 1, stderr: /c\/good\.txt: this file exists and is not an index; Lanterne will not replace it/ },
  { name: '-o is corpus.json', files: { 'corpus.json': '{"title": "t"}' }, args: (x) => ['build', x.corpus, '-o', path.join(x.corpus, 'corpus.json')],
    status: 1, stderr: /corpus\.json: this file exists and is not an index/ },
  { name: '-o in a folder that cannot be written', as: 'nobody', setup: (x) => { fs.mkdirSync(path.join(x.dir, 'ro')); fs.chmodSync(path.join(x.dir, 'ro'), 0o555); },
    args: (x) => ['build', x.corpus, '-o', path.join(x.dir, 'ro/out.db')], status: 1, stderr: /ro\/out\.db: cannot write here \(Permission denied\)/ },
  // ---- size ---------------------------------------------------------------------
  { name: '2 000 tiny files', setup: (x) => { for (let i = 0; i < 2000; i++) { const d = path.join(x.corpus, `d${Math.floor(i / 100)}`); if (i % 100 === 0) fs.mkdirSync(d); fs.writeFileSync(path.join(d, `n${i}.txt`), `Note ${i} numéro${i}\n`); } },
    status: 0, stderr: /^$/, count: 2001, find: [['numéro1999', 'd19/n1999']] },
  { name: 'a 3 MB document', setup: (x) => fs.writeFileSync(path.join(x.corpus, 'big.txt'), 'Rapport. '.concat('la sécurité du Maroc et de l’OTAN, réunion à Rabat. '.repeat(60000), 'Zanzibar fin.\n')),
    status: 0, stderr: /^$/, ids: ['big', 'good'], find: [['zanzibar', 'big']] },
];

// ---- damaged or foreign index files given to search, verify, info ---------------
const indexCases = [
  ['a truncated index', (f) => fs.writeFileSync(f, fs.readFileSync(PREVIOUS_INDEX).subarray(0, 5000)), 'search', /not a Lanterne index: the file is damaged or is not an SQLite database/],
  ['a text file given as index', (f) => fs.writeFileSync(f, 'hello\n'), 'verify', /not a Lanterne index/],
  ['an empty file given as index', (f) => fs.writeFileSync(f, ''), 'info', /not a Lanterne index/],
  ['a folder given as index', (f) => fs.mkdirSync(f), 'search', /not a file/],
  ['a missing index', () => {}, 'search', /no such file/],
  ['an index with its second page overwritten', (f) => { fs.writeFileSync(f, fs.readFileSync(PREVIOUS_INDEX)); const b = fs.readFileSync(f); b.fill(0x41, 4096, 8192); fs.writeFileSync(f, b); }, 'verify', /not a Lanterne index|damaged/],
  ['an index damaged in its full-text part', (f) => { const b = Buffer.from(fs.readFileSync(PREVIOUS_INDEX)); b.fill(0xde, 36864 - 4096, 36864 + 8192); fs.writeFileSync(f, b); }, 'search', /damaged|not a Lanterne index/],
  ['a truncated index', (f) => fs.writeFileSync(f, fs.readFileSync(PREVIOUS_INDEX).subarray(0, 5000)), 'pack', /not a Lanterne index: the file is damaged or is not an SQLite database/],
  ['a text file given as index', (f) => fs.writeFileSync(f, 'hello\n'), 'pack', /not a Lanterne index/],
  ['a missing index', () => {}, 'pack', /no such file/],
];
for (const [name, make, command, pattern] of indexCases) {
  TABLE.push({
    name: `${command} on ${name}`, kind: 'index',
    run(x) {
      const f = path.join(x.dir, 'given.db');
      make(f);
      const before = snapshot(x.dir);
      const args = command === 'verify' ? [command, f, x.corpus] : command === 'search' ? [command, f, 'maroc']
        : command === 'pack' ? [command, f, '-o', path.join(x.dir, 'packed.db')] : [command, f];
      const r = cli(args);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`^lanterne: error: ${escapeRe(f)}: `), "the message names the file first");
      assert.match(r.stderr, /rebuild|lanterne build/, "and says what to do");
      assert.match(r.stderr, pattern);
      assert.doesNotMatch(r.stderr, RAW_ENGINE);
      assert.deepEqual(snapshot(x.dir), before, 'the index file is only read');
    },
  });
}

// ---- lanterne pack: where the packed index goes -------------------------------------
const packCases = [
  ['-o is the index itself', (x, f) => f, /the packed index must be another file than the index it packs/],
  ['-o is a journalist\'s file', (x) => { const f = path.join(x.dir, 'notes.txt'); fs.writeFileSync(f, 'Notes, not an index.\n'); return f; },
    /notes\.txt: this file exists and is not an index; Lanterne will not replace it/],
  ['-o is a folder', (x) => x.corpus, /: is a folder; give the index a file name/],
];
for (const [name, output, pattern] of packCases) {
  TABLE.push({
    name: `pack: ${name}`, kind: 'index',
    run(x) {
      const f = path.join(x.dir, 'given.db');
      fs.copyFileSync(PREVIOUS_INDEX, f);
      const out = output(x, f);
      const before = snapshot(x.dir);
      const r = cli(['pack', f, '-o', out]);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /^lanterne: error: /);
      assert.match(r.stderr, pattern);
      assert.deepEqual(snapshot(x.dir), before, 'nothing written, nothing lost');
    },
  });
}

// ---- queries: the CLI ------------------------------------------------------------------
const HOSTILE = [
  ['unbalanced quote', '"feuille de route'],
  ['FTS5 operators', 'maroc AND OR NOT otan'],
  ['FTS5 column filter', 'title:maroc body:otan {text}:x'],
  ['NEAR(', 'NEAR(maroc otan'],
  ['* alone', '*'],
  ['10 000 characters', 'sécurité Maroc « OTAN » '.repeat(500).slice(0, 10000)],
  ['right-to-left marks', '\u200Fالمغرب\u200E \u202Eotan\u202C'],
  ['emoji', '🔥 Maroc 👨‍👩‍👧 👍🏽'],
  ['leading minus and SQL', "-maroc '; DROP TABLE documents; --"],
  ['parentheses, carets, plus', '((( ^maroc + otan ))) )'],
];
for (const [name, query] of HOSTILE) {
  TABLE.push({
    name: `CLI query: ${name}`, kind: 'query',
    run() {
      for (const extra of [[], ['--as-you-type']]) {
        const r = cli(['search', QUERY_INDEX, '--json', ...extra, '--', query]);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stderr, '');
        const answer = JSON.parse(r.stdout);
        assert.ok(!('error' in answer), answer.error);
        assert.ok(Array.isArray(answer.hits) && answer.total >= 0);
        assert.equal(answer.query, query, 'the query is echoed whole');
        assert.ok(r.ms < QUERY_BOUND_MS, `${Math.round(r.ms)} ms`);
      }
    },
  });
}

// ---- queries: the WebAssembly core, with what only JavaScript can send ---------------------
let wasm = null; // { lanterne, M, index, raw(functionName, bytes) }
async function wasmCore() {
  if (wasm) return wasm;
  if (!fs.existsSync(WRAPPER) || !fs.existsSync(INDEX)) {
    throw new Error(`${path.relative(ROOT, WRAPPER)} or ${path.relative(ROOT, INDEX)} missing: run \`npm run build\` first`);
  }
  const lanterne = await import(WRAPPER);
  const index = await lanterne.openIndex(new Uint8Array(fs.readFileSync(INDEX)), { name: 'corpus.db' });
  const M = await lanterne.loadCore();
  wasm = { lanterne, M, index };
  return wasm;
}
after(() => wasm && wasm.index.close());
/** Calls a core function with raw bytes (no TextEncoder in between): what a
 * careless page could pass.  Returns the parsed JSON answer. */
function rawCall(M, call, bytes) {
  const p = M._lanterne_malloc(bytes.length + 1) >>> 0;
  M.HEAPU8.set(bytes, p);
  M.HEAPU8[p + bytes.length] = 0;
  try {
    const answer = call(p) >>> 0;
    assert.ok(answer, 'an answer, not NULL');
    const text = M.UTF8ToString(answer);
    M._lanterne_free(answer);
    return JSON.parse(text);
  } finally {
    M._lanterne_free(p);
  }
}
const WASM_QUERIES = [
  ['lone high surrogate', 'maroc \uD800 otan'],
  ['lone low surrogate', '\uDC00sécurité'],
  ['10 000 characters', 'l’OTAN « feuille » '.repeat(600).slice(0, 10000)],
  ['NUL and control characters', 'maroc\u0000otan\u0001\u001b[31m'],
  ['unbalanced quotes and NEAR(', '"« NEAR( -"'],
];
for (const [name, query] of WASM_QUERIES) {
  TABLE.push({
    name: `wasm query: ${name}`, kind: 'query',
    async run() {
      const { index, lanterne } = await wasmCore();
      for (const asYouType of [false, true]) {
        const started = performance.now();
        const answer = index.search({ query, as_you_type: asYouType, limit: 50 });
        const ms = performance.now() - started;
        assert.ok(!('error' in answer), answer.error);
        assert.ok(Array.isArray(answer.hits) && answer.total >= 0);
        assert.ok(ms < QUERY_BOUND_MS, `${Math.round(ms)} ms`);
      }
      const parsed = await lanterne.parseQuery(query);
      assert.ok(!('error' in parsed));
    },
  });
}
TABLE.push({
  name: 'wasm query: raw invalid UTF-8 bytes', kind: 'query',
  async run() {
    const { M, index } = await wasmCore();
    const bad = Buffer.from([0xff, 0xfe, 0x20, 0x6d, 0x61, 0x72, 0x6f, 0x63, 0x20, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80, 0xe2, 0x82]);
    // Through the public JSON API: a request whose query string holds raw invalid bytes.
    const request = Buffer.concat([Buffer.from('{"query": "'), bad, Buffer.from('", "limit": 5}')]);
    const started = performance.now();
    // The open index's handle is private to the wrapper; open a second one the C way.
    const bytes = fs.readFileSync(INDEX);
    const data = M._lanterne_malloc(bytes.length) >>> 0;
    M.HEAPU8.set(bytes, data);
    const handle = M._lanterne_open_bytes(data, bytes.length, 0, 0) >>> 0;
    assert.ok(handle, 'index opened');
    try {
      const answer = rawCall(M, (p) => M._lanterne_search(handle, p), request);
      assert.ok(!('error' in answer), answer.error);
      assert.ok(Array.isArray(answer.hits));
    } finally {
      M._lanterne_close(handle);
    }
    const parsed = rawCall(M, (p) => M._lanterne_parse_query(p, 1), bad);
    assert.ok(!('error' in parsed));
    const tokens = rawCall(M, (p) => M._lanterne_tokens(p), bad);
    assert.ok(Array.isArray(tokens.tokens));
    assert.ok(performance.now() - started < QUERY_BOUND_MS);
    assert.ok(index.info().documents > 0, 'the wrapper\'s own index still answers');
  },
});

// ---------------------------------------------------------------------------------------

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function mkfifo(file) {
  const r = spawnSync('mkfifo', [file]);
  if (r.status !== 0) throw new Error(`mkfifo ${file} failed: ${r.stderr}`);
}

test(`the table holds at least 40 bad-input cases (${TABLE.length})`, () => {
  assert.ok(TABLE.length >= 40);
  assert.equal(new Set(TABLE.map((c) => c.name)).size, TABLE.length, 'case names are unique');
});

let caseNumber = 0;
function newCase() {
  const dir = path.join(WORK, `case-${++caseNumber}`);
  fs.mkdirSync(dir);
  fs.chmodSync(dir, 0o777); // `nobody` writes its index here
  const corpus = path.join(dir, 'c');
  fs.mkdirSync(corpus);
  fs.chmodSync(corpus, 0o755);
  return { dir, corpus, out: path.join(dir, 'out.db') };
}

function writeFiles(corpus, files, rawNames) {
  for (const [rel, content] of Object.entries(files || {})) {
    // Names given as Latin-1 strings stand for raw bytes on disk.
    const full = rawNames ? Buffer.concat([Buffer.from(`${corpus}/`), Buffer.from(rel, 'latin1')]) : path.join(corpus, rel);
    if (!rawNames) fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
}

for (const c of TABLE) {
  const skip = c.as === 'nobody' ? NOBODY_UNAVAILABLE : null;
  test(`bad input: ${c.name}`, { skip: skip || false }, async () => {
    const x = newCase();
    if (c.kind) return c.run(x);

    if (!c.noGood) fs.writeFileSync(path.join(x.corpus, 'good.txt'), GOOD);
    writeFiles(x.corpus, c.files, c.rawNames);
    if (c.setup) c.setup(x);
    fs.copyFileSync(PREVIOUS_INDEX, x.out); // the index a failed build must not touch
    const before = snapshot(x.dir);

    const r = cli(c.args ? c.args(x) : ['build', x.corpus, '-o', x.out], { as: c.as });
    assert.equal(r.error, undefined, `the CLI could not run or timed out: ${r.error}`);
    assert.equal(r.signal, null, `killed by ${r.signal}: ${r.stderr}`);
    assert.equal(r.status, c.status, `exit status (stderr: ${r.stderr})`);
    assert.match(r.stderr, c.stderr);
    assert.doesNotMatch(r.stderr, RAW_ENGINE);
    for (const line of r.stderr.split(/\n(?=lanterne: )/)) {
      if (line) assert.match(line, /^lanterne: (error|warning): /, 'every message is a Lanterne message');
    }

    const after = snapshot(x.dir);
    if (c.status !== 0) {
      // Nothing lost, nothing left: the previous index and every file as they were.
      assert.deepEqual(after, before);
      return;
    }
    // Success: the corpus untouched, only the index written.
    const db = c.db ? c.db(x) : x.out;
    const rel = path.relative(x.dir, db);
    const unchanged = (snap) => Object.fromEntries(Object.entries(snap).filter(([k]) =>
      k !== rel && !(rel.startsWith(`${k}/`) && !(k in before))));
    assert.deepEqual(unchanged(after), unchanged(before));
    assert.deepEqual(Object.keys(after).filter((k) => /\.tmp-/.test(k)), [], 'no temporary file left');
    assert.match(r.stdout, /^Indexed \d+ documents/);
    if (c.ids) assert.deepEqual(indexIds(db), [...c.ids].sort(), 'exactly the good documents are indexed');
    if (c.count) {
      const info = JSON.parse(cli(['info', db, '--json']).stdout);
      assert.equal(info.documents, c.count);
    }
    if (c.title) assert.equal(JSON.parse(cli(['info', db, '--json']).stdout).title, c.title);
    for (const [query, id] of c.find || []) assert.ok(searchIds(db, query).includes(id), `${query} finds ${id}`);
    for (const query of c.notFind || []) assert.deepEqual(searchIds(db, query), [], `${query} is not text`);
    // verify agrees: the index matches the folder it was built from.
    if (!c.as) {
      const v = cli(['verify', db, c.args ? c.args(x)[1] : x.corpus, '--json']);
      assert.equal(v.status, 0, v.stdout + v.stderr);
    }
  });
}
