// known-answers.test.mjs — searches on the default corpus (corpus/*.txt)
// whose right answers were worked out by reading the five texts, not by
// running the engine.  Run through the WebAssembly core (what the page runs);
// parity.test.mjs checks that the CLI answers the same.
//
// The five documents (ids are the file names without .txt):
//   000_7c59c344a3186c0e  Moroccan embassy letter on the CSDN visit to NATO
//                         (n°. 143/4 P/2012/CRY) + the NATO record of decisions
//                         PPC-DS(2012)0009; "l'OTAN" many times, "cyber-défense",
//                         "États-Unis", "menace terroriste", "terrorisme".
//   001_470fb5816bf4cc43  "Maroc Leaks": NATO capacity-building initiative,
//                         Stamatopoulos, "cyberdéfense", "Cybersécurité", "I'OTAN"
//                         (OCR), "menace terroriste".
//   002_41e792016c4892aa  2022 article: Daech summit, Hammouchi in the
//                         "États-Unis", "menaces", "groupes terroristes".
//   003_4625da25efb4d1b6  Libération article: "Feuille de route" 2020-2030,
//                         "hors-Otan", "Etats-Unis", Hammouchi, "menaces",
//                         "danger terroriste".
//   004_5b4bad2fd53bf112  2018 article: Proliferation Security Initiative,
//                         "Etats-Unis", "menace terroriste", "groupes terroristes".
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { corpusMeta, corpusTexts, fold, openWasmIndex, requireBuild, slice } from './helpers.mjs';

requireBuild();
const { index } = await openWasmIndex();
after(() => index.close());

const D0 = '000_7c59c344a3186c0e';
const D1 = '001_470fb5816bf4cc43';
const D2 = '002_41e792016c4892aa';
const D3 = '003_4625da25efb4d1b6';
const D4 = '004_5b4bad2fd53bf112';
const ALL = [D0, D1, D2, D3, D4];

// Words of a text as this test reads them (independently of the C
// tokenizer): folded, split on anything that is not a letter or a digit.
const words = (text) => fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
const TEXTS = corpusTexts();

test('the corpus is the one these answers were worked out on', () => {
  assert.deepStrictEqual([...TEXTS.keys()], ALL);
});

// Each case: the query, the documents that must be found (exactly), and what
// a highlighted word may be once folded (a predicate on each of its words).
const CASES = [
  {
    // sécurité / Sécurité are in all five texts.
    query: 'securite', expect: ALL, word: (w) => w.startsWith('secur'),
  },
  {
    // "OTAN"/"Otan" in 000 (l'OTAN), 001 (L’OTAN, I'OTAN), 003 (hors-Otan);
    // 002 and 004 never name it (004 has "ONU", 000/001 also "NATO").
    query: "l'OTAN", expect: [D0, D1, D3], word: (w) => w === 'otan',
  },
  {
    // "États-Unis" (000 §1.6, 002) and "Etats-Unis" (003, 004); 001 has none.
    query: 'Etats-Unis', expect: [D0, D2, D3, D4], word: (w) => w === 'etats' || w === 'unis',
  },
  { query: 'Stamatopoulos', expect: [D1], word: (w) => w === 'stamatopoulos' },
  {
    // "cyberdéfense" only in 001; 000 writes "cyber-défense" (two words).
    query: 'cyberdefense', expect: [D1], word: (w) => w === 'cyberdefense',
  },
  {
    // "Feuille de route pour la coopération..." and "feuille de route": 003 only.
    query: '"feuille de route"', expect: [D3], word: (w) => ['feuille', 'de', 'route'].includes(w),
  },
  {
    // Stemming: no text has both exact words "menaces" and "terroristes"
    // except 002; with stems, every text has a form of each:
    // 000 menace + terroriste/terrorisme, 001 menace + terroriste,
    // 002 menaces + terroristes, 003 menaces + terroriste, 004 menace + terroristes.
    query: 'menaces terroristes', expect: ALL,
    word: (w) => w.startsWith('menac') || w.startsWith('terror'),
  },
  { query: '143/4', expect: [D0], word: (w) => w === '143' || w === '4' },
  { query: 'PPC-DS(2012)0009', expect: [D0], word: (w) => ['ppc', 'ds', '2012', '0009'].includes(w) },
  { query: 'Hammouchi', expect: [D2, D3], word: (w) => w === 'hammouchi' },
  {
    // All five have sécurité; 000, 001, 003 name the OTAN.
    query: 'sécurité -OTAN', expect: [D2, D4], word: (w) => w.startsWith('secur'),
  },
  {
    // OTAN in 000, 001, 003; Daech only in 002.
    query: 'otan OR daech', expect: [D0, D1, D2, D3], word: (w) => w === 'otan' || w === 'daech',
  },
  {
    // 000 "cyber-défense" (cyber), 001 "cyberdéfense", "Cybersécurité".
    query: 'cyber*', expect: [D0, D1], word: (w) => w.startsWith('cyber'),
  },
];

// Sanity check of the hand-made truth against the texts, for the cases that
// need no stemming: the documents holding every word of the query.
test('the expected answers agree with the texts (cases without stemming)', () => {
  const has = (id, w) => words(TEXTS.get(id)).includes(w);
  const hasPhrase = (id, phrase) => ` ${words(TEXTS.get(id)).join(' ')} `.includes(` ${phrase} `);
  assert.deepStrictEqual(ALL.filter((id) => has(id, 'otan')), [D0, D1, D3]);
  assert.deepStrictEqual(ALL.filter((id) => hasPhrase(id, 'etats unis')), [D0, D2, D3, D4]);
  assert.deepStrictEqual(ALL.filter((id) => has(id, 'stamatopoulos')), [D1]);
  assert.deepStrictEqual(ALL.filter((id) => has(id, 'cyberdefense')), [D1]);
  assert.deepStrictEqual(ALL.filter((id) => hasPhrase(id, 'feuille de route')), [D3]);
  assert.deepStrictEqual(ALL.filter((id) => hasPhrase(id, '143 4')), [D0]);
  assert.deepStrictEqual(ALL.filter((id) => hasPhrase(id, 'ppc ds 2012 0009')), [D0]);
  assert.deepStrictEqual(ALL.filter((id) => has(id, 'hammouchi')), [D2, D3]);
  assert.deepStrictEqual(ALL.filter((id) => has(id, 'securite')), ALL);
  assert.deepStrictEqual(ALL.filter((id) => has(id, 'daech')), [D2]);
  assert.deepStrictEqual(ALL.filter((id) => words(TEXTS.get(id)).some((w) => w.startsWith('cyber'))), [D0, D1]);
  assert.deepStrictEqual(ALL.filter((id) => has(id, 'menaces') && has(id, 'terroristes')), [D2]);
  assert.deepStrictEqual(
    ALL.filter((id) => words(TEXTS.get(id)).some((w) => /^menaces?$/.test(w))
      && words(TEXTS.get(id)).some((w) => /^terroris(te|tes|me|mes)$/.test(w))), ALL);
});

// A query that names an entity of corpus/entities.json also matches that
// entity's other names (NATO finds OTAN), and highlights them: the words of
// every alias of every entity one of whose aliases the query contains.
const KB = JSON.parse(fs.readFileSync(new URL('../../corpus/entities.json', import.meta.url), 'utf8')).entities;
const dropElided = (ws) => ws.filter((w, i, a) => !(a.length > 1 && i === 0 && (w === 'l' || w === 'i' || w === 'd')));
function aliasWordsOf(query) {
  const q = ` ${dropElided(words(query)).join(' ')} `;
  const named = KB.filter((e) => e.aliases.some((a) => {
    const aw = dropElided(words(a)).join(' ');
    return aw && q.includes(` ${aw} `);
  }));
  return new Set(named.flatMap((e) => e.aliases.flatMap((a) => words(a))));
}

// Checks every highlight of an answer: inside its snippet, in order, not
// overlapping, and on a word the query asked for (or another name of an
// entity it names).
function checkHighlights(answer, word, query) {
  const aliasWords = aliasWordsOf(query);
  for (const hit of answer.hits) {
    const size = Buffer.byteLength(hit.snippet);
    assert.ok(hit.highlights.length > 0, `${query}: ${hit.id} has no highlight in its snippet ${JSON.stringify(hit.snippet)}`);
    let last = 0;
    for (const [start, end] of hit.highlights) {
      assert.ok(Number.isInteger(start) && Number.isInteger(end), 'integer offsets');
      assert.ok(last <= start && start < end && end <= size, `${query}: highlight [${start}, ${end}) out of order or outside ${size} bytes`);
      last = end;
      const text = slice(hit.snippet, [start, end]);
      // A highlight may include the elided article (l'/I') of its word.
      const hw = words(text).filter((w, i, a) => !(a.length > 1 && i === 0 && (w === 'l' || w === 'i')));
      assert.ok(hw.length > 0 && (hw.every(word) || hw.every((w) => aliasWords.has(w))),
        `${query}: ${hit.id}: highlighted ${JSON.stringify(text)} is not a word of the query`);
    }
  }
}

for (const { query, expect, word } of CASES) {
  test(`known answer: ${query}`, () => {
    const answer = index.search({ query, limit: 50 });
    assert.ok(!('error' in answer), answer.error);
    assert.equal(answer.query, query);
    assert.deepStrictEqual(answer.hits.map((h) => h.id).sort(), [...expect].sort());
    assert.equal(answer.total, expect.length, 'total');
    for (const hit of answer.hits) {
      assert.equal(typeof hit.title, 'string');
      assert.ok(hit.title.length > 0);
      assert.equal(typeof hit.snippet, 'string');
    }
    checkHighlights(answer, word, query);
    // Scores rank the hits (best first) for a relevance search.
    const scores = answer.hits.map((h) => h.score);
    assert.deepStrictEqual([...scores].sort((a, b) => b - a), scores, 'hits in score order');
  });
}

test('document() highlights every occurrence of the query words', () => {
  // "Hammouchi" occurs once in 002 and once in 003.
  for (const id of [D2, D3]) {
    const doc = index.document({ id, query: 'Hammouchi' });
    assert.equal(doc.id, id);
    assert.equal(doc.text.replace(/\s+/g, ' ').trim().length > 0, true);
    assert.equal(doc.highlights.length, 1, `${id}: ${JSON.stringify(doc.highlights)}`);
    assert.equal(slice(doc.text, doc.highlights[0]), 'Hammouchi');
  }
  // "Stamatopoulos" occurs three times in 001.
  const doc = index.document({ id: D1, query: 'Stamatopoulos' });
  assert.deepStrictEqual(doc.highlights.map((h) => slice(doc.text, h)), Array(3).fill('Stamatopoulos'));
  // The text is the file's text.
  assert.equal(index.document({ id: D4 }).text.trim(), TEXTS.get(D4).trim());
  assert.match(index.document({ id: 'no-such-document' }).error, /no-such-document/);
});

test('empty query: all five documents, by date', () => {
  const answer = index.search({ query: '', limit: 50 });
  assert.ok(!('error' in answer));
  assert.equal(answer.total, 5);
  assert.deepStrictEqual(answer.hits.map((h) => h.id).sort(), ALL);
  // Dated documents first, oldest first, then undated; ties by id.
  const key = (h) => [h.date === null ? 1 : 0, h.date ?? '', h.id];
  const sorted = [...answer.hits].sort((a, b) => {
    const ka = key(a), kb = key(b);
    for (let i = 0; i < 3; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    return 0;
  });
  assert.deepStrictEqual(answer.hits.map((h) => h.id), sorted.map((h) => h.id));
  // Dates given in corpus.json, if there is one, are the documents' dates.
  const docs = corpusMeta().documents ?? {};
  for (const hit of answer.hits) {
    if (docs[hit.id]?.date) assert.equal(hit.date, docs[hit.id].date, hit.id);
  }
});

test('period filters on the date documents were written (corpus.json)', () => {
  // corpus.json: 000 2012-04-19, 001 2014-08-14, 002 2022-06, 003 2020-12-27,
  // 004 2018-11.  Bounds are inclusive; a partial date covers its period.
  const cases = [
    [{ query: '', from: '2014', to: '2020' }, [D1, D3, D4]],
    [{ query: '', from: '2018-11-15', to: '2018-11-20' }, [D4]], // "2018-11" overlaps
    [{ query: '', to: '2012' }, [D0]],
    [{ query: '', from: '2021' }, [D2]],
    [{ query: '', from: '2022-06-30', to: '2022-06-30' }, [D2]],
    [{ query: '', from: '2015', to: '2017' }, []],
    [{ query: 'securite', from: '2020' }, [D2, D3]],
    [{ query: "l'OTAN", to: '2014-08-14' }, [D0, D1]],
  ];
  for (const [request, expect] of cases) {
    const answer = index.search({ ...request, limit: 50 });
    assert.ok(!('error' in answer), `${JSON.stringify(request)}: ${answer.error}`);
    assert.deepStrictEqual(answer.hits.map((h) => h.id).sort(), expect, JSON.stringify(request));
    assert.equal(answer.total, expect.length, JSON.stringify(request));
  }
  assert.ok('error' in index.search({ query: '', from: '2018-13' }), 'a month 13 is refused');
  assert.ok('error' in index.search({ query: '', from: 'yesterday' }), 'a word is not a date');
});

test('paging with limit and offset', () => {
  for (const query of ['', 'securite', 'menaces terroristes']) {
    const all = index.search({ query, limit: 50 });
    const paged = [];
    for (let offset = 0; offset < all.total; offset += 2) {
      const page = index.search({ query, limit: 2, offset });
      assert.equal(page.total, all.total);
      assert.equal(page.offset, offset);
      assert.equal(page.limit, 2);
      assert.ok(page.hits.length <= 2);
      paged.push(...page.hits);
    }
    assert.deepStrictEqual(paged, all.hits, query);
    const beyond = index.search({ query, limit: 2, offset: all.total + 10 });
    assert.deepStrictEqual(beyond.hits, []);
    assert.equal(beyond.total, all.total);
  }
  // The limit is capped at 1000; 0 gives the count only.
  assert.equal(index.search({ query: 'securite', limit: 0 }).hits.length, 0);
  assert.equal(index.search({ query: 'securite', limit: 0 }).total, 5);
  assert.ok(index.search({ query: 'securite', limit: 1e9 }).limit <= 1000);
});

test('accents, case and apostrophes do not matter', () => {
  const ids = (query) => index.search({ query, limit: 50 }).hits.map((h) => h.id).sort();
  assert.deepStrictEqual(ids('SÉCURITÉ'), ids('securite'));
  assert.deepStrictEqual(ids('l’OTAN'), ids("l'OTAN"));
  assert.deepStrictEqual(ids("I'OTAN"), ids("l'OTAN"));
  assert.deepStrictEqual(ids('OTAN'), ids("l'OTAN"));
  assert.deepStrictEqual(ids('États-Unis'), ids('Etats-Unis'));
});

test('hostile queries give an answer, never an error', () => {
  const hostile = ['"', 'NEAR(', '*', '-', 'OR', '((((', 'title:otan', "'; DROP TABLE documents; --",
    'x'.repeat(10000), 'é'.repeat(10000), '🔥👍🏽', '\u200F\u200E', '\uD800', '"'.repeat(500), '-'.repeat(500)];
  for (const query of hostile) {
    const answer = index.search({ query, limit: 5 });
    assert.ok(!('error' in answer), `${JSON.stringify(query.slice(0, 20))}: ${answer.error}`);
    assert.ok(Number.isInteger(answer.total) && Array.isArray(answer.hits));
  }
});
