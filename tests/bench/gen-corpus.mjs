// gen-corpus.mjs — writes a synthetic but realistic French corpus folder for
// the benchmark: N documents whose words follow a Zipf law over a vocabulary
// ranked from real French text (corpus/*.txt by frequency, then the long tail
// from Debian's wfrench word list), lengths from ~50-word notes to
// ~5000-word cables (log-normal), with known entities (aliases from
// corpus/entities.json), dates and datelines woven in, and a corpus.json
// (titles, dates, sources) that Lanterne reads.  Deterministic: the same
// (N, seed) always gives the same bytes.
//
// Besides the documents it writes bench.json (not read by Lanterne): the
// query mix chosen from this vocabulary, and, per document, its date and the
// entities woven into it, which the peers use for their date and entity
// filters (they have no date or entity extraction of their own).
//
//   node tests/bench/gen-corpus.mjs --docs 10000 --seed 1 --out build/bench/corpora/10k
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DICT = '/usr/share/dict/french';

// ---------------------------------------------------------------------------
// Seeded PRNG (mulberry32) and the few distributions we need.
// ---------------------------------------------------------------------------
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (arr) => arr[int(arr.length)];
  const normal = () => {
    const u = 1 - next(), v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return { next, int, pick, normal };
}

// ---------------------------------------------------------------------------
// Vocabulary: real French ranked by frequency, long tail from the word list.
// ---------------------------------------------------------------------------
const WORD = /[\p{L}][\p{L}\p{M}]*(?:-[\p{L}][\p{L}\p{M}]*)*/gu;

function buildVocabulary(size, rnd) {
  const counts = new Map();
  const dir = path.join(ROOT, 'corpus');
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.txt')) continue;
    for (const m of readFileSync(path.join(dir, f), 'utf8').matchAll(WORD)) {
      const w = m[0].toLowerCase();
      if (w.length < 2 && w !== 'a' && w !== 'à' && w !== 'y') continue;
      counts.set(w, (counts.get(w) || 0) + 1);
    }
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map((e) => e[0]);
  if (!existsSync(DICT)) {
    throw new Error(`${DICT} is missing: install Debian's wfrench (apt-get install -y wfrench)`);
  }
  const seen = new Set(ranked);
  const tail = readFileSync(DICT, 'utf8').split('\n')
    .filter((w) => /^\p{Ll}[\p{Ll}\p{M}]{2,}$/u.test(w) && !seen.has(w));
  // Shuffle the tail (Fisher-Yates) so that rank does not follow the alphabet.
  for (let i = tail.length - 1; i > 0; i--) {
    const j = rnd.int(i + 1);
    [tail[i], tail[j]] = [tail[j], tail[i]];
  }
  return ranked.concat(tail.slice(0, Math.max(0, size - ranked.length)));
}

// Zipf–Mandelbrot sampler over ranks: p(r) ∝ 1 / (r + q)^s.
function zipfSampler(n, s, q, rnd) {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let r = 0; r < n; r++) { total += 1 / Math.pow(r + 1 + q, s); cdf[r] = total; }
  for (let r = 0; r < n; r++) cdf[r] /= total;
  return () => {
    const u = rnd.next();
    let lo = 0, hi = n - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cdf[mid] < u) lo = mid + 1; else hi = mid; }
    return lo;
  };
}

// ---------------------------------------------------------------------------
// What gets woven in.
// ---------------------------------------------------------------------------
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const MONTHS_UPPER = ['JANVIER', 'FEVRIER', 'MARS', 'AVRIL', 'MAI', 'JUIN', 'JUILLET', 'AOUT', 'SEPTEMBRE', 'OCTOBRE', 'NOVEMBRE', 'DECEMBRE'];
const CITIES = ['BRUXELLES', 'RABAT', 'WASHINGTON', 'PARIS', 'NAPLES', 'GENÈVE', 'NEW YORK', 'MADRID'];
const SOURCES = [
  'Ambassade du Maroc à Bruxelles', 'Mission du Maroc auprès de l’OTAN', 'Ministère des Affaires étrangères',
  'Direction des Affaires stratégiques', 'Ambassade du Maroc à Washington', 'Cabinet du Ministre',
  'Direction générale des études et de la documentation', 'Mission permanente à Genève',
  'Service de presse', 'Consulat général à Paris',
];
const TYPES = [['note', 0.35], ['cable', 0.3], ['letter', 0.15], ['report', 0.12], ['email', 0.08]];
const CLASSIFICATIONS = ['Confidentiel', 'Diffusion restreinte', 'Secret', 'Non classifié'];
// Fixed phrases that readers search for; woven in so that phrase queries match.
const PHRASES = ['feuille de route', 'lutte contre le terrorisme', 'coopération militaire', 'renforcement des capacités',
  'dialogue méditerranéen', 'sécurité maritime', 'échange de renseignements', 'mesures de confiance'];

const pad = (n, w = 2) => String(n).padStart(w, '0');

function randomDate(rnd) {
  // 2005-01-01 .. 2022-12-31, a bit more weight on recent years.
  const y = 2005 + Math.floor(Math.pow(rnd.next(), 0.8) * 18);
  const m = 1 + rnd.int(12), d = 1 + rnd.int(28);
  return { y, m, d };
}

function dateMention(rnd) {
  const { y, m, d } = randomDate(rnd);
  switch (rnd.int(5)) {
    case 0: return `${d} ${MONTHS[m - 1]} ${y}`;
    case 1: return `le ${d === 1 ? '1er' : d} ${MONTHS[m - 1]} ${y}`;
    case 2: return `${y}-${pad(m)}`;
    case 3: return `en ${MONTHS[m - 1]} ${y}`;
    default: return `${pad(d)}/${pad(m)}/${y}`;
  }
}

function pickType(rnd) {
  let u = rnd.next();
  for (const [t, p] of TYPES) { if ((u -= p) < 0) return t; }
  return 'note';
}

// ---------------------------------------------------------------------------
// The generator.
// ---------------------------------------------------------------------------
export function generate({ docs, seed = 1, out, vocabulary = 80000 }) {
  const rnd = prng(seed);
  const vocab = buildVocabulary(vocabulary, rnd);
  const word = zipfSampler(vocab.length, 1.0, 2.7, rnd);
  const entities = JSON.parse(readFileSync(path.join(ROOT, 'corpus/entities.json'), 'utf8')).entities
    .map((e) => ({ id: e.id, aliases: e.aliases.filter((a) => !/^[\p{Ll}]/u.test(a) || a.includes(' ')) }))
    .filter((e) => e.aliases.length);
  // Entities are themselves Zipf-distributed (a few are everywhere).
  const entity = zipfSampler(entities.length, 1.1, 1, rnd);

  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const meta = {};
  const truth = {};
  let textBytes = 0;
  const digits = String(docs - 1).length;

  for (let i = 0; i < docs; i++) {
    const id = `d${pad(i, Math.max(5, digits))}`;
    // Log-normal length: median ~160 words, clamped to [50, 5000].
    const words = Math.max(50, Math.min(5000, Math.round(160 * Math.exp(1.0 * rnd.normal()))));
    const type = pickType(rnd);
    const date = randomDate(rnd);
    const dated = rnd.next() < 0.85; // 15 % undated in corpus.json (date found in the text, or none)
    const docEntities = [];
    const nEnt = rnd.int(5);
    for (let k = 0; k < nEnt; k++) {
      const e = entities[entity()];
      if (!docEntities.includes(e)) docEntities.push(e);
    }
    const lines = [];
    if (type === 'cable' || rnd.next() < 0.2) {
      lines.push(`${rnd.pick(CITIES)}, LE ${date.d} ${MONTHS_UPPER[date.m - 1]} ${date.y}`, '');
    }
    let written = 0, sentence = [], paragraph = [];
    while (written < words) {
      const len = 6 + rnd.int(20);
      sentence = [];
      for (let k = 0; k < len && written < words; k++, written++) sentence.push(vocab[word()]);
      const r = rnd.next();
      if (docEntities.length && r < 0.25) {
        sentence.splice(rnd.int(sentence.length + 1), 0, rnd.pick(rnd.pick(docEntities).aliases));
      } else if (r < 0.33) {
        sentence.splice(rnd.int(sentence.length + 1), 0, dateMention(rnd));
      } else if (r < 0.38) {
        sentence.splice(rnd.int(sentence.length + 1), 0, rnd.pick(PHRASES));
      }
      let s = sentence.join(' ');
      s = s.charAt(0).toUpperCase() + s.slice(1) + (rnd.next() < 0.9 ? '.' : ' ?');
      paragraph.push(s);
      if (rnd.next() < 0.25) { lines.push(paragraph.join(' '), ''); paragraph = []; }
    }
    if (paragraph.length) lines.push(paragraph.join(' '));
    const text = lines.join('\n') + '\n';
    textBytes += Buffer.byteLength(text);
    writeFileSync(path.join(out, `${id}.txt`), text);

    const titleWords = [];
    for (let k = 0, n = 3 + rnd.int(6); k < n; k++) titleWords.push(vocab[word()]);
    if (docEntities.length) titleWords.push(docEntities[0].aliases[0]);
    const title = titleWords.join(' ');
    const iso = `${date.y}-${pad(date.m)}-${pad(date.d)}`;
    meta[id] = {
      title: title.charAt(0).toUpperCase() + title.slice(1),
      ...(dated ? { date: iso } : {}),
      source: rnd.pick(SOURCES),
      type,
      classification: rnd.pick(CLASSIFICATIONS),
    };
    truth[id] = { date: dated ? iso : null, entities: docEntities.map((e) => e.id) };
  }
  writeFileSync(path.join(out, 'corpus.json'), JSON.stringify({
    title: `Corpus de banc d’essai (${docs} documents, graine ${seed})`, language: 'fr', documents: meta,
  }, null, 1));

  // The query mix, from this vocabulary's ranks (same at every size and seed
  // for a given vocabulary, since the vocabulary does not depend on N).
  const content = (from) => vocab.slice(from).find((w) => w.length >= 7 && /^\p{L}+$/u.test(w));
  const common = content(0);
  const mid1 = content(150), mid2 = content(400), mid3 = content(900);
  const rare = content(Math.floor(vocab.length * 0.25));
  const topEntity = entities[0].id;
  const queries = [
    { name: 'rare term', request: { query: rare } },
    { name: 'common term', request: { query: common } },
    { name: 'two words', request: { query: `${common} ${mid1}` } },
    { name: 'three words', request: { query: `${mid1} ${mid2} ${mid3}` } },
    { name: 'phrase', request: { query: '"lutte contre le terrorisme"' } },
    { name: 'prefix (as you type)', request: { query: common.slice(0, 4), as_you_type: true } },
    { name: 'date range', request: { query: mid1, from: '2014-01', to: '2015-06' } },
    { name: 'entity filter', request: { query: mid1, entities: [topEntity] }, entity: true },
  ];
  writeFileSync(path.join(out, '..', `${path.basename(out)}.bench.json`), JSON.stringify({ docs, seed, textBytes, queries, truth }));
  return { docs, seed, textBytes, queries };
}

// ---------------------------------------------------------------------------
// Command line.
// ---------------------------------------------------------------------------
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : def; };
  const docs = Number(opt('docs', '1000'));
  const seed = Number(opt('seed', '1'));
  const out = path.resolve(opt('out', path.join(ROOT, `build/bench/corpora/${docs}`)));
  if (!(docs > 0)) { console.error('usage: gen-corpus.mjs --docs N [--seed S] [--out DIR]'); process.exit(2); }
  const t0 = performance.now();
  const r = generate({ docs, seed, out });
  console.log(`gen-corpus: ${r.docs} documents, ${(r.textBytes / 1e6).toFixed(1)} MB of text in ${path.relative(process.cwd(), out)} ` +
    `(${((performance.now() - t0) / 1000).toFixed(1)} s); queries: ${r.queries.map((q) => JSON.stringify(q.request.query)).join(', ')}`);
}
