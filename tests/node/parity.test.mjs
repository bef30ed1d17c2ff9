// parity.test.mjs — the WebAssembly core (what the page runs) must answer
// exactly as the native CLI does, on the same index: search, document, info,
// tokens and query parsing, for ordinary, accented, coded and hostile input.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  INDEX, cliJson, corpusTexts, nativeSearch, nativeTokens, openWasmIndex, requireBuild, runCli,
} from './helpers.mjs';

requireBuild(); // fail, do not skip, when the build is missing
const { lanterne, index } = await openWasmIndex();
after(() => index.close());

const LONG = 'securite OTAN Maroc « coopération » l’Alliance '.repeat(250).slice(0, 10000);

export const QUERIES = [
  // plain words, case and accents
  'securite', 'sécurité', 'SÉCURITÉ', 'Maroc', 'maroc coopération', 'xyzzy',
  // elision, both apostrophes, OCR's I' for l'
  "l'OTAN", 'l’OTAN', "I'OTAN", 'I’OTAN', "d'Amérique", "aujourd'hui",
  // words the tokenizer splits become phrases
  'Etats-Unis', 'États-Unis', '143/4', 'PPC-DS(2012)0009', 'C-M(2010)0019',
  // phrases, prefixes, exclusion, OR
  '"feuille de route"', '"menace terroriste"', 'menaces terroristes', 'cyber*', 'coop*', 'c*',
  'sécurité -OTAN', '-OTAN', 'Maroc -"feuille de route"', 'otan OR daech',
  '"lutte contre" OR Hammouchi', 'Stamatopoulos', 'Hammouchi', 'œuvre', 'ﬁn',
  // empty and blank
  '', '   ', '\t\n',
  // hostile: FTS5 syntax, unbalanced quotes, operators alone, SQL
  '"', '""', '"unclosed phrase', 'NEAR(', 'NEAR(otan maroc, 2)', '*', '**', '-', '- - -',
  'OR', 'AND OR NOT', 'otan OR', 'OR otan', '((((', ')', 'title:maroc', 'body:otan', '^otan',
  'otan + maroc', '{otan}', "'; DROP TABLE documents; --", '\\', '%', '_', '\u0001',
  // long input, long words, many terms
  LONG, 'a'.repeat(300), Array.from({ length: 100 }, (_, i) => `mot${i}`).join(' '),
  // emoji, RTL and invisible characters, other scripts, broken UTF-16
  '🔥 OTAN 👍🏽', '👨‍👩‍👧', '\u200Fالمغرب\u200E OTAN', '\u202Eotan\u202C', 'sé\u200Bcurité',
  '日本語', 'Ελλάδα', '\uD800otan', 'otan\uDC00',
];

test('at least 25 queries are compared', () => {
  assert.ok(QUERIES.length >= 25);
});

for (const [i, q] of QUERIES.entries()) {
  test(`search parity #${i}: ${JSON.stringify(q.length > 40 ? `${q.slice(0, 40)}…` : q)}`, () => {
    const native = nativeSearch(q, { limit: 50 });
    const wasm = index.search({ query: q, limit: 50 });
    assert.ok(!('error' in wasm), `wasm answered an error: ${wasm.error}`);
    assert.deepStrictEqual(wasm, native);
  });
}

test('search parity: paging, sort by date, as-you-type, limits', () => {
  const cases = [
    [{ query: 'securite', limit: 2, offset: 1 }, ['--limit', '2', '--offset', '1']],
    [{ query: 'securite', limit: 0 }, ['--limit', '0']],
    [{ query: 'securite', limit: 5000 }, ['--limit', '5000']],
    [{ query: '', limit: 3, offset: 3 }, ['--limit', '3', '--offset', '3']],
    [{ query: 'maroc', offset: 99 }, ['--offset', '99']],
    [{ query: 'securite', sort: 'date' }, ['--sort', 'date']],
    [{ query: 'secu', as_you_type: true }, ['--as-you-type']],
    [{ query: 'otan ', as_you_type: true }, ['--as-you-type']],
    [{ query: "l'ot", as_you_type: true }, ['--as-you-type']],
    [{ query: '"feuille de ro', as_you_type: true }, ['--as-you-type']],
    [{ query: '', from: '2014', to: '2020' }, ['--from', '2014', '--to', '2020']],
    [{ query: 'securite', from: '2018-11-15' }, ['--from', '2018-11-15']],
    [{ query: 'maroc', from: '2012', dates: 'mentioned' }, ['--from', '2012', '--dates', 'mentioned']],
    [{ query: '', to: '2012-04', sort: 'date' }, ['--to', '2012-04', '--sort', 'date']],
    [{ query: 'otan', from: '2018-13' }, ['--from', '2018-13']], // an error on both sides
    [{ query: 'otan', from: '2020', to: '2010' }, ['--from', '2020', '--to', '2010']],
  ];
  for (const [request, flags] of cases) {
    const native = cliJson(['search', INDEX, '--json', ...flags, '--', request.query]);
    const wasm = index.search(request);
    assert.deepStrictEqual(wasm, native, JSON.stringify(request));
  }
});

test('document parity: every document, with and without a query; unknown ids', () => {
  const ids = [...corpusTexts().keys()];
  const queries = ['', 'securite', "l'OTAN", '"feuille de route"', 'cyber*', 'menaces terroristes', '"', 'otan OR daech', '-OTAN'];
  for (const id of ids) {
    for (const query of queries) {
      const native = cliJson(['document', INDEX, id, '--json', '--query', query]);
      const wasm = index.document({ id, query });
      assert.ok(!('error' in wasm), `wasm: ${wasm.error}`);
      assert.deepStrictEqual(wasm, native, `${id} ${query}`);
    }
  }
  for (const id of ['nope', 'corpus/000', '../etc/passwd', 'é']) {
    const native = cliJson(['document', INDEX, id, '--json', '--query', '']);
    const wasm = index.document({ id, query: '' });
    assert.ok('error' in wasm, `an error for unknown id ${id}`);
    assert.deepStrictEqual(wasm, native);
  }
});

test('info parity', () => {
  assert.deepStrictEqual(index.info(), cliJson(['info', INDEX, '--json']));
});

test('tokens parity', async () => {
  const texts = [
    '', 'Sécurité', "L’OTAN et l'OTAN, I'OTAN, I'm, I'll, aujourd'hui, jusqu’à, lorsqu'il, qu'il, d'une",
    "the NATO's role", 'États-Unis', 'PPC-DS(2012)0009 et 143/4 P/2012/CRY', 'œuvre, ﬁnale, Straße, Æsir',
    '日本語のテキスト カタカナ', '🔥 OTAN 👍🏽 👨‍👩‍👧', '\u200Fالمغرب\u200E', 'sé\u200Bcurité',
    'ＦＵＬＬ　ｗｉｄｔｈ', 'a'.repeat(300), 'é'.repeat(100), '\uD800otan', LONG,
    ...corpusTexts().values(),
  ];
  for (const text of texts) {
    assert.deepStrictEqual(await lanterne.tokens(text), nativeTokens(text), JSON.stringify(text.slice(0, 60)));
  }
});

test('query parsing parity', async () => {
  for (const q of QUERIES) {
    assert.deepStrictEqual(await lanterne.parseQuery(q, false), cliJson(['query', q]), JSON.stringify(q.slice(0, 60)));
    assert.deepStrictEqual(await lanterne.parseQuery(q, true), cliJson(['query', q, '--as-you-type']), JSON.stringify(q.slice(0, 60)));
  }
});

test('annotate parity: every corpus text, with and without a known date; odd texts', async () => {
  const texts = [...corpusTexts().values(),
    'Bruxelles, le 14 août 2014', 'du 27 au 29 novembre 2018', 'le 31 février 2012', '', '🔥 2020'];
  for (const text of texts) {
    const label = JSON.stringify(text.slice(0, 40));
    assert.deepStrictEqual(await lanterne.annotate(text), cliJson(['annotate', '-'], text), label);
    assert.deepStrictEqual(await lanterne.annotate(text, { date: '2018-11' }),
      cliJson(['annotate', '-', '--date', '2018-11'], text), label);
  }
});

test('the wasm version is the CLI version', async () => {
  const { out } = runCli(['--version']);
  assert.equal(`lanterne ${await lanterne.version()}`, out.trim());
});

test('an index that is not one is refused with a message, and nothing leaks', async () => {
  await assert.rejects(lanterne.openIndex(new Uint8Array([1, 2, 3]), { name: 'junk.db' }), (err) => {
    assert.match(err.message, /junk\.db/);
    return true;
  });
  await assert.rejects(lanterne.openIndex(new Uint8Array(0), { name: 'empty.db' }), /empty\.db/);
  // Opening, using and closing an index many times must not grow wasm
  // memory: each round allocates more than the index's size, so a leak of
  // any of it would show within the 200 rounds.
  const M = await lanterne.loadCore();
  const bytes = new Uint8Array(readFileSync(INDEX));
  const round = async () => {
    const other = await lanterne.openIndex(bytes);
    assert.equal(other.search({ query: 'otan', limit: 1 }).hits.length, 1);
    assert.ok(!('error' in other.document({ id: other.search('').hits[0].id, query: 'otan' })));
    other.info();
    other.close();
    other.close(); // idempotent
    assert.throws(() => other.search({ query: 'otan' }), /closed/);
  };
  for (let i = 0; i < 20; i++) await round(); // warm-up: SQLite's caches
  const heapBefore = M.HEAPU8.length;
  for (let i = 0; i < 200; i++) await round();
  assert.equal(M.HEAPU8.length, heapBefore, 'wasm memory grew while opening and closing the index');
});
