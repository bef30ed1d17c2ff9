#!/usr/bin/env node
// entities.mjs — the entity evaluation (`npm run eval`): runs the native CLI
// `lanterne annotate` on every corpus document, with the knowledge base
// (corpus/entities.json) and without it (built-in gazetteer + discovery
// only), and compares the mentions with the gold of tests/gold/.
//   mention P/R/F1: a predicted mention is right when its span and its type
//     both equal a gold mention's (exact UTF-8 byte offsets); also reported
//     with the page-furniture mentions (gold "furniture": true) left out;
//   linking accuracy: among the right mentions, the share linked to the gold
//     entity.  With the KB, ids are compared directly.  Without it, the
//     predicted ids are the recognizer's own (gazetteer or discovered), so
//     each predicted id is mapped to the gold entity it most often stands for;
//   multi-alias entities: gold entities written in several forms whose right
//     mentions all carry one same predicted id.
// Throughput: annotating the whole corpus many times in one process would
// need a C harness; here it is the CLI's wall time per byte (process start
// included), a lower bound on the core's speed.
// Writes tests/eval/results.md and tests/eval/results.json.
// Usage: node tests/eval/entities.mjs [path/to/lanterne]
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const kbPath = join(root, 'corpus', 'entities.json');
const goldDir = join(root, 'tests', 'gold');
const documents = readdirSync(goldDir).filter((f) => /^\d.*\.json$/.test(f)).sort()
  .map((f) => JSON.parse(readFileSync(join(goldDir, f), 'utf8')));

function annotate(cli, id, withKb) {
  const args = ['annotate', join(root, 'corpus', `${id}.txt`)];
  if (withKb) args.push('--kb', kbPath);
  const answer = JSON.parse(execFileSync(cli, args, { encoding: 'utf8', maxBuffer: 1 << 26 }));
  if (!Array.isArray(answer.entities)) {
    throw new Error(`eval: ${cli} does not report entities: rebuild it (npm run build)`);
  }
  const mentions = [];
  for (const entity of answer.entities)
    for (const m of entity.mentions)
      mentions.push({ start: m.start, end: m.end, text: m.text, type: entity.type, entity: entity.id });
  return mentions;
}

/** Evaluates one run: withKb true (corpus/entities.json) or false. */
export function evaluate(cli, withKb) {
  const counts = { all: { tp: 0, fp: 0, fn: 0 }, body: { tp: 0, fp: 0, fn: 0 } };
  const matched = [];   // {gold entity, predicted id, surface}
  const errors = { missed: [], spurious: [] };
  let bytes = 0, started = process.hrtime.bigint();
  for (const doc of documents) {
    const predicted = annotate(cli, doc.id, withKb);
    bytes += readFileSync(join(root, 'corpus', `${doc.id}.txt`)).length;
    const key = (m) => `${m.start}:${m.end}:${m.type}`;
    const goldByKey = new Map(doc.mentions.map((m) => [key(m), m]));
    const predictedKeys = new Set(predicted.map(key));
    // A prediction inside furniture is left out of the "body" figures.
    const furniture = doc.mentions.filter((m) => m.furniture);
    const inFurniture = (m) => goldByKey.get(key(m))?.furniture ||
      furniture.some((f) => m.start < f.end && f.start < m.end);
    for (const p of predicted) {
      const gold = goldByKey.get(key(p));
      const scopes = inFurniture(p) ? ['all'] : ['all', 'body'];
      for (const s of scopes) counts[s][gold ? 'tp' : 'fp']++;
      if (gold) matched.push({ gold: gold.entity, predicted: p.entity, text: gold.text });
      else errors.spurious.push(`${doc.id} ${p.start}-${p.end} ${p.type} "${p.text}"`);
    }
    for (const g of doc.mentions) {
      if (predictedKeys.has(key(g))) continue;
      for (const s of g.furniture ? ['all'] : ['all', 'body']) counts[s].fn++;
      errors.missed.push(`${doc.id} ${g.start}-${g.end} ${g.type} "${g.text}" (${g.entity})`);
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // Linking: map each predicted id to the gold entity it most often is.
  const votes = new Map();
  for (const m of matched) {
    if (!m.predicted) continue;
    const v = votes.get(m.predicted) ?? new Map();
    v.set(m.gold, (v.get(m.gold) ?? 0) + 1);
    votes.set(m.predicted, v);
  }
  const mapping = new Map([...votes].map(([id, v]) =>
    [id, [...v].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0]]));
  const linkedRight = matched.filter((m) => m.predicted &&
    (withKb ? m.predicted === m.gold : mapping.get(m.predicted) === m.gold)).length;
  // Multi-alias entities linked as one.
  const forms = new Map();
  for (const m of matched) {
    const f = forms.get(m.gold) ?? { texts: new Set(), ids: new Set() };
    f.texts.add(m.text);
    f.ids.add(m.predicted ?? '(none)');
    forms.set(m.gold, f);
  }
  const multi = [...forms].filter(([, f]) => f.texts.size > 1);
  const asOne = multi.filter(([id, f]) => f.ids.size === 1 && (!withKb || f.ids.has(id)));
  const prf = ({ tp, fp, fn }) => {
    const p = tp / (tp + fp || 1), r = tp / (tp + fn || 1);
    return { precision: p, recall: r, f1: p + r ? 2 * p * r / (p + r) : 0, tp, fp, fn };
  };
  return {
    all: prf(counts.all), body: prf(counts.body),
    linking: { accuracy: linkedRight / (matched.length || 1), right: linkedRight, of: matched.length },
    multi_alias: { entities: multi.length, as_one: asOne.length,
                   split: multi.filter((m) => !asOne.includes(m)).map(([id, f]) => `${id}: ${[...f.ids].join(', ')}`) },
    cli_mb_per_second: bytes / 1e6 / seconds,
    errors,
  };
}

/** Both runs, the report written to tests/eval/results.{md,json}. */
export function evaluateAll(cli) {
  const results = { with_kb: evaluate(cli, true), without_kb: evaluate(cli, false) };
  writeReport(results);
  return results;
}

function writeReport(results) {
const pct = (x) => (100 * x).toFixed(1);
const row = (name, r) => `| ${name} | ${pct(r.all.precision)} | ${pct(r.all.recall)} | **${pct(r.all.f1)}** | ` +
  `${pct(r.body.precision)} | ${pct(r.body.recall)} | ${pct(r.body.f1)} | ${pct(r.linking.accuracy)} (${r.linking.right}/${r.linking.of}) | ` +
  `${r.multi_alias.as_one}/${r.multi_alias.entities} |`;
let md = `# Entity evaluation\n\nGenerated by \`npm run eval\` (tests/eval/entities.mjs) against tests/gold/ ` +
  `(${documents.reduce((n, d) => n + d.mentions.length, 0)} gold mentions in ${documents.length} documents). ` +
  `A mention is right when its UTF-8 byte span and its type equal a gold mention's.\n\n` +
  `| run | P | R | F1 | P (no furniture) | R (no furniture) | F1 (no furniture) | linking accuracy | multi-alias entities linked as one |\n` +
  `| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n` +
  row('with corpus/entities.json', results.with_kb) + '\n' + row('without KB (gazetteer + discovery)', results.without_kb) + '\n';
for (const [name, r] of Object.entries(results)) {
  md += `\n## ${name}: errors\n\nSplit multi-alias entities: ${r.multi_alias.split.join('; ') || 'none'}\n\n`;
  md += `Missed (${r.errors.missed.length}):\n\n${r.errors.missed.map((e) => `- ${e}`).join('\n') || '- none'}\n\n`;
  md += `Spurious (${r.errors.spurious.length}):\n\n${r.errors.spurious.map((e) => `- ${e}`).join('\n') || '- none'}\n`;
}
writeFileSync(join(root, 'tests', 'eval', 'results.md'), md);
writeFileSync(join(root, 'tests', 'eval', 'results.json'), JSON.stringify(
  Object.fromEntries(Object.entries(results).map(([k, r]) => [k, { ...r, errors: undefined, cli_mb_per_second: undefined }])), null, 2) + '\n');
}

const invokedDirectly = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (invokedDirectly) {
  const cli = process.argv[2] ?? ['build/native/lanterne', 'build/dev-ent/lanterne']
    .map((p) => join(root, p)).find(existsSync);
  if (!cli || !existsSync(cli)) {
    console.error('eval: no lanterne binary: run `npm run build` first, or pass its path');
    process.exit(1);
  }
  const results = evaluateAll(cli);
  const pct = (x) => (100 * x).toFixed(1);
  for (const [name, r] of Object.entries(results))
    console.log(`${name}: P ${pct(r.all.precision)} R ${pct(r.all.recall)} F1 ${pct(r.all.f1)}` +
              ` (no furniture F1 ${pct(r.body.f1)}), linking ${pct(r.linking.accuracy)}%,` +
              ` multi-alias as one ${r.multi_alias.as_one}/${r.multi_alias.entities}`);
}
