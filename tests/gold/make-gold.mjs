#!/usr/bin/env node
// Regenerates tests/gold/<doc-id>.json from tests/gold/annotations.txt and corpus/*.txt.
//
//   node tests/gold/make-gold.mjs            write the JSON files, print counts
//   node tests/gold/make-gold.mjs --check    regenerate in memory, fail if a file on disk differs
//
// Offsets are UTF-8 byte offsets into the document file ([start, end), end exclusive).
// The script fails loudly (exit 1) on: unknown document or entity id; a surface form that is
// not an alias of its entity; a surface whose number of free occurrences differs from the
// count written in annotations.txt (not found, or more occurrences than declared = ambiguous);
// an occurrence index out of range; a furniture anchor that is missing or not unique; any
// occurrence of any knowledge-base alias in a document that is neither annotated nor
// explicitly skipped; a byte span whose text differs from the mention text.
// See tests/gold/README.md for the annotation guidelines and the file format.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const check = process.argv.includes("--check");
const errors = [];
const fail = (msg) => errors.push(msg);

const kb = JSON.parse(readFileSync(join(root, "corpus", "entities.json"), "utf8"));
const entities = new Map(kb.entities.map((e) => [e.id, e]));
if (entities.size !== kb.entities.length) fail("entities.json: duplicate entity ids");

// ---------- parse annotations.txt ----------
const docs = []; // {id, furniture: [[startAnchor, endAnchor, line]], entries: [{surface, entity, sel, total, line}]}
const src = readFileSync(join(here, "annotations.txt"), "utf8").split("\n");
let cur = null;
const unescape = (s) => s.replace(/\\n/g, "\n").replace(/\\t/g, "\t");
src.forEach((raw, i) => {
  const line = i + 1;
  // comments: a line starting with "#", or " # " (space, hash, space) up to the end of the line
  const text = (raw.trimStart().startsWith("#") ? "" : raw.replace(/\s#\s.*$/, "")).trim();
  if (text === "") return;
  if (text.startsWith("@doc ")) {
    cur = { id: text.slice(5).trim(), furniture: [], entries: [] };
    docs.push(cur);
    return;
  }
  if (!cur) return fail(`annotations.txt:${line}: line before any @doc`);
  if (text.startsWith("@furniture ")) {
    const parts = text.slice(11).split("=>");
    if (parts.length !== 2) return fail(`annotations.txt:${line}: expected @furniture START => END`);
    cur.furniture.push([unescape(parts[0].trim()), unescape(parts[1].trim()), line]);
    return;
  }
  const cols = text.split("|").map((c) => c.trim());
  if (cols.length !== 3) return fail(`annotations.txt:${line}: expected "surface | entity | count" but got ${JSON.stringify(text)}`);
  const [surface, entity, spec] = cols;
  let m;
  let sel = null, total;
  if ((m = /^(\d+)$/.exec(spec))) total = +m[1];
  else if ((m = /^(\d+(?:,\d+)*)\/(\d+)$/.exec(spec))) { sel = m[1].split(",").map(Number); total = +m[2]; }
  else return fail(`annotations.txt:${line}: bad count ${JSON.stringify(spec)} (use N or i,j/N)`);
  if (total < 1) return fail(`annotations.txt:${line}: count must be >= 1`);
  if (sel && sel.some((k) => k < 1 || k > total)) return fail(`annotations.txt:${line}: occurrence index out of 1..${total}`);
  if (entity !== "-") {
    const e = entities.get(entity);
    if (!e) fail(`annotations.txt:${line}: unknown entity ${JSON.stringify(entity)}`);
    else if (!e.aliases.includes(surface)) fail(`annotations.txt:${line}: ${JSON.stringify(surface)} is not an alias of ${entity}`);
  }
  cur.entries.push({ surface, entity, sel, total, line });
});

// ---------- helpers ----------
const isWordChar = (ch) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
function findAll(text, surface) {
  const out = [];
  for (let at = text.indexOf(surface); at !== -1; at = text.indexOf(surface, at + 1)) {
    const before = at > 0 ? String.fromCodePoint(text.codePointAt(at - 1) >= 0xdc00 && text.codePointAt(at - 1) <= 0xdfff ? text.codePointAt(at - 2) : text.codePointAt(at - 1)) : undefined;
    const after = at + surface.length < text.length ? String.fromCodePoint(text.codePointAt(at + surface.length)) : undefined;
    if (!isWordChar(before) && !isWordChar(after)) out.push([at, at + surface.length]);
  }
  return out;
}
const overlaps = (a, spans) => spans.some((b) => a[0] < b[1] && b[0] < a[1]);
const context = (text, [s, e]) => JSON.stringify(text.slice(Math.max(0, s - 30), e + 30));

// ---------- build ----------
const results = [];
const seenDocs = new Set();
for (const doc of docs) {
  if (seenDocs.has(doc.id)) fail(`@doc ${doc.id} appears twice`);
  seenDocs.add(doc.id);
  const path = join(root, "corpus", doc.id + ".txt");
  if (!existsSync(path)) { fail(`unknown document ${doc.id}`); continue; }
  const buf = readFileSync(path);
  const text = buf.toString("utf8");
  const byteAt = (ci) => Buffer.byteLength(text.slice(0, ci), "utf8");

  const regions = [];
  for (const [a, b, line] of doc.furniture) {
    const s = text.indexOf(a);
    if (s === -1 || text.indexOf(a, s + 1) !== -1) { fail(`annotations.txt:${line}: furniture start anchor ${JSON.stringify(a)} must occur exactly once in ${doc.id}`); continue; }
    const e = text.indexOf(b, s);
    if (e === -1) { fail(`annotations.txt:${line}: furniture end anchor ${JSON.stringify(b)} not found after start in ${doc.id}`); continue; }
    regions.push([s, e + b.length]);
  }

  // longest surface first; ties keep file order
  const order = doc.entries.map((en, k) => [en, k]).sort((x, y) => y[0].surface.length - x[0].surface.length || x[1] - y[1]).map((x) => x[0]);
  const taken = []; // spans annotated or explicitly skipped
  const mentions = [];
  const errorsBefore = errors.length;
  for (const en of order) {
    const free = findAll(text, en.surface).filter((sp) => !overlaps(sp, taken));
    if (free.length !== en.total) {
      fail(`annotations.txt:${en.line}: ${JSON.stringify(en.surface)} has ${free.length} free occurrence(s) in ${doc.id}, annotations say ${en.total}` +
        (free.length ? ":\n    " + free.map((sp, k) => `#${k + 1} ${context(text, sp)}`).join("\n    ") : " (not found)"));
      continue;
    }
    const chosen = en.sel ? en.sel.map((k) => free[k - 1]) : free;
    for (const sp of chosen) {
      taken.push(sp);
      if (en.entity === "-") continue;
      const start = byteAt(sp[0]), end = byteAt(sp[1]);
      const got = buf.subarray(start, end).toString("utf8");
      if (got !== en.surface) fail(`${doc.id}: byte span ${start}-${end} is ${JSON.stringify(got)}, expected ${JSON.stringify(en.surface)}`);
      const furniture = regions.some(([s, e]) => sp[0] >= s && sp[1] <= e);
      mentions.push({ start, end, text: en.surface, type: entities.get(en.entity).type, entity: en.entity, furniture });
    }
  }

  // coverage: every alias occurrence must be annotated or explicitly skipped
  // (only checked once the document's counts are right, to avoid cascades of errors)
  if (errors.length === errorsBefore) for (const e of kb.entities) {
    for (const alias of e.aliases) {
      for (const sp of findAll(text, alias)) {
        if (!overlaps(sp, taken)) fail(`${doc.id}: alias ${JSON.stringify(alias)} (${e.id}) at char ${sp[0]} is neither annotated nor skipped: ${context(text, sp)}`);
      }
    }
  }
  mentions.sort((a, b) => a.start - b.start || a.end - b.end);
  results.push({ id: doc.id, mentions });
}
for (const f of ["000_7c59c344a3186c0e", "001_470fb5816bf4cc43", "002_41e792016c4892aa", "003_4625da25efb4d1b6", "004_5b4bad2fd53bf112"])
  if (!seenDocs.has(f)) fail(`document ${f} has no @doc section`);

if (errors.length) {
  console.error(errors.map((e) => "error: " + e).join("\n"));
  console.error(`${errors.length} error(s); nothing written`);
  process.exit(1);
}

// ---------- write / check ----------
const serialize = (r) =>
  `{\n  "id": ${JSON.stringify(r.id)},\n  "mentions": [\n` +
  r.mentions.map((m) => "    " + JSON.stringify(m)).join(",\n") +
  (r.mentions.length ? "\n" : "") + "  ]\n}\n";
let stale = 0;
for (const r of results) {
  const out = join(here, r.id + ".json");
  const body = serialize(r);
  if (check) {
    if (!existsSync(out) || readFileSync(out, "utf8") !== body) { console.error(`stale: ${out}`); stale++; }
  } else writeFileSync(out, body);
}
if (check && stale) { console.error(`${stale} gold file(s) out of date: run node tests/gold/make-gold.mjs`); process.exit(1); }

// ---------- counts ----------
const types = ["person", "organization", "place", "event"];
console.log(`| document | ${types.join(" | ")} | total | of which furniture | distinct entities |`);
console.log(`| --- | ${types.map(() => "---").join(" | ")} | --- | --- | --- |`);
const sum = Object.fromEntries(types.map((t) => [t, 0]));
let all = 0, furn = 0;
const ents = new Set();
for (const r of results) {
  const c = Object.fromEntries(types.map((t) => [t, r.mentions.filter((m) => m.type === t).length]));
  const f = r.mentions.filter((m) => m.furniture).length;
  const d = new Set(r.mentions.map((m) => m.entity));
  d.forEach((x) => ents.add(x));
  types.forEach((t) => (sum[t] += c[t]));
  all += r.mentions.length; furn += f;
  console.log(`| ${r.id} | ${types.map((t) => c[t]).join(" | ")} | ${r.mentions.length} | ${f} | ${d.size} |`);
}
console.log(`| **all** | ${types.map((t) => sum[t]).join(" | ")} | ${all} | ${furn} | ${ents.size} |`);
const unused = kb.entities.filter((e) => !ents.has(e.id)).map((e) => e.id);
if (unused.length) console.log(`entities with no gold mention: ${unused.join(", ")}`);
console.log(check ? "gold files up to date" : `wrote ${results.length} gold file(s)`);
