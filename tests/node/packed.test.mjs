// packed.test.mjs — how the page carries its binary data (web/packed.js,
// wasm/unpack.c): text7 written by encodeText7 and zstd, read back by the
// decoder the page runs (build/wasm/lanterne-unpack.wasm), whole or in the
// parts scripts/build-page.mjs cuts, at any compression level, and every
// kind of damage refused with a message that says what is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { INDEX, WRAPPER, compileDecoder, packedIndex, pageIndexParts, requireBuild } from './helpers.mjs';
import { encodeText7, packedSize, unpack, Unpacker } from '../../web/packed.js';
import { buildPage, zstd } from '../../scripts/build-page.mjs';

requireBuild();
const decoder = await compileDecoder();

/** Bytes with every value, and runs that zstd packs tightly. */
function sample(n, seed = 1) {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = i % 97 < 40 ? (x >>> 16) & 0xff : i & 0xff;
  }
  return out;
}

test('text7 is ASCII without NUL, line ends or <, and ~ only before a digit 0 to 4', () => {
  const all = Buffer.from(Array.from({ length: 7 * 256 }, (_, i) => (i * 37) & 0xff));
  const text = encodeText7(all);
  assert.match(text, /^[\x01-\x09\x0b\x0c\x0e-\x3b\x3d-\x7f]*$/);
  assert.match(text.replace(/~[0-4]/g, ''), /^[^~]*$/);
  // 8 characters per 7 bytes, plus one per escape
  const escapes = (text.match(/~/g) || []).length;
  assert.equal(text.length, (all.length / 7) * 8 + escapes);
  assert.equal(encodeText7(Buffer.alloc(0)), '');
});

test('any length round-trips, whole and in parts of whole 7-byte groups', async () => {
  for (const n of [1, 2, 3, 6, 7, 8, 13, 14, 15, 100, 4095, 65537]) {
    const data = sample(n, n);
    const packed = zstd(data);
    assert.deepEqual(Buffer.from(await unpack(decoder, encodeText7(packed), n)), data, `${n} bytes as text7`);
    assert.deepEqual(Buffer.from(await unpack(decoder, packed, n)), data, `${n} bytes as bytes`);
    // the page's parts: 7k bytes each, the last one shorter
    const u = await Unpacker.create(decoder, n);
    for (let at = 0; at < packed.length; at += 14) u.pushText(encodeText7(packed.subarray(at, at + 14)));
    assert.deepEqual(Buffer.from(u.finish()), data, `${n} bytes in parts`);
    u.close();
  }
  const random = randomBytes(200000); // does not compress: zstd stores it
  assert.deepEqual(Buffer.from(await unpack(decoder, encodeText7(zstd(random)), random.length)), random);
});

test('line ends inserted anywhere in the text, even inside an escape, are skipped', async () => {
  const data = sample(5000);
  const text = encodeText7(zstd(data));
  assert.ok(text.includes('~'), 'the sample has no escape to split');
  const spread = text.replace(/~/g, '~\r\n').replace(/(.{50})/g, '$1\n');
  assert.deepEqual(Buffer.from(await unpack(decoder, spread, data.length)), data);
});

test('damage is refused, saying what is wrong', async () => {
  const data = sample(20000);
  const packed = zstd(data);
  const text = encodeText7(packed);
  const middle = text.length >> 1;
  const at = text[middle] === '~' ? middle + 2 : middle;
  const cases = [
    ['cut short', encodeText7(packed.subarray(0, packed.length - 9)), data.length, /cut short/],
    ['announced longer', text, data.length + 1, /shorter than announced/],
    ['announced shorter', text, data.length - 1, /longer than announced/],
    ['a changed character', text.slice(0, at) + (text[at] === 'a' ? 'b' : 'a') + text.slice(at + 1), data.length, /damaged|cut short|announced/],
    ['a foreign character', `${text.slice(0, at)}\u00e9${text.slice(at + 1)}`, data.length, /never writes/],
    ['a < in the text', `${text.slice(0, at)}<${text.slice(at + 1)}`, data.length, /never writes/],
    ['an escape without its digit', `${text.slice(0, at)}~9${text.slice(at)}`, data.length, /escape its encoding never writes/],
    ['no size', text, 0, /no usable size/],
  ];
  for (const [name, input, size, message] of cases) {
    await assert.rejects(unpack(decoder, input, size), message, name);
  }
  // A changed byte in the compressed stream: zstd's checksum catches what its decoder does not.
  for (const offset of [20, packed.length >> 1, packed.length - 6]) {
    const damaged = Buffer.from(packed);
    damaged[offset] ^= 0x10;
    await assert.rejects(unpack(decoder, damaged, data.length), /damaged|cut short|announced/, `byte ${offset}`);
  }
});

test('a page built at another compression level carries the same index; a level out of range is refused', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanterne-level-'));
  try {
    const out = path.join(dir, 'page.html');
    const fast = await buildPage({ out, level: 3, embed: false });
    const html = readFileSync(out, 'utf8');
    const parts = pageIndexParts(html);
    const index = await packedIndex();
    assert.deepEqual(Buffer.from(await unpack(decoder, parts.join(''), index.length)), index);
    const best = await buildPage({ out, embed: false });
    assert.ok(best.indexPacked < fast.indexPacked, `level 19 (${best.indexPacked} bytes) is not smaller than level 3 (${fast.indexPacked})`);
    for (const level of [0, 20, 2.5, Number.NaN]) {
      await assert.rejects(buildPage({ out, level, embed: false }), /compression level must be a whole number from 1 to 19/, String(level));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the size a zstd file says it holds is read from its header, or 0', async () => {
  for (const n of [1, 300, 70000]) assert.equal(await packedSize(decoder, zstd(sample(n))), n);
  assert.equal(await packedSize(decoder, Buffer.from('not zstd at all, not even close')), 0);
  assert.equal(await packedSize(decoder, Buffer.alloc(0)), 0);
});

test('a page carries the packed index, which answers in WebAssembly exactly as the index it came from; --keep-full-text carries the index as built', async () => {
  const built = readFileSync(INDEX), packed = await packedIndex();
  assert.ok(packed.length < built.length, `packed ${packed.length} bytes, built ${built.length}`);
  const lanterne = await import(WRAPPER);
  const a = await lanterne.openIndex(new Uint8Array(built), { name: 'built.db' });
  const b = await lanterne.openIndex(new Uint8Array(packed), { name: 'packed.db' });
  try {
    // What needs no word search is answered before the full-text index is
    // rebuilt; the rebuild then goes on a step at a time.
    assert.equal(a.prepare({}).ready, true, 'a built index is ready at once');
    for (const request of [{ query: '', limit: 50 }, { query: '', sort: 'date', from: '2015', to: '2020', limit: 50 }, { query: '', entities: ['nato'], limit: 50 }]) {
      assert.deepEqual(b.search(request), a.search(request), JSON.stringify(request));
    }
    assert.deepEqual(b.entities({}), a.entities({}));
    let step = b.prepare({ bytes: 1 });
    assert.deepEqual([step.ready, step.documents_done, step.documents], [false, 1, 5], 'one small step, one document');
    while (!step.ready) step = b.prepare({ bytes: 1 });
    assert.equal(step.documents_done, 5);
    for (const request of [
      { query: 'OTAN', limit: 50 }, { query: '"lutte contre le terrorisme"', limit: 50 }, { query: 'coop', as_you_type: true, limit: 50 },
      { query: 'maroc -washington', limit: 50 }, { query: 'Rabat OR Washington', sort: 'date', limit: 50 },
      { query: '', limit: 50 }, { query: 'maroc', from: '2015', to: '2020-06', limit: 50 }, { query: 'cooperation', entities: ['nato'], limit: 50 },
    ]) {
      const want = a.search(request);
      assert.ok(!want.error && want.total > 0, `${JSON.stringify(request)}: ${want.error || 'no hits'}`);
      assert.deepEqual(b.search(request), want, JSON.stringify(request));
    }
    const id = a.search({ query: 'OTAN', limit: 1 }).hits[0].id;
    assert.deepEqual(b.document({ id, query: 'OTAN securite' }), a.document({ id, query: 'OTAN securite' }));
  } finally {
    a.close();
    b.close();
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'lanterne-full-text-'));
  try {
    const out = path.join(dir, 'page.html');
    const full = await buildPage({ out, pack: false, level: 3, embed: false });
    assert.deepEqual(Buffer.from(await unpack(decoder, pageIndexParts(readFileSync(out, 'utf8')).join(''), built.length)), built);
    const small = await buildPage({ out, level: 3, embed: false });
    assert.ok(small.html < full.html, `the packed page (${small.html} bytes) is not smaller than the full one (${full.html})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
