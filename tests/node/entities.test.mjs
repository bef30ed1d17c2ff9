// entities.test.mjs — holds the entity evaluation figures (tests/eval/
// entities.mjs against tests/gold/) so that they cannot regress: mention F1
// with the knowledge base and without it, linking accuracy, and every
// multi-alias entity linked as one.  Thresholds sit just below the figures
// reached (see tests/eval/results.md); raise them when the figures improve.
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CLI, ROOT } from './helpers.mjs';
import { evaluate } from '../eval/entities.mjs';

// LANTERNE_CLI: another build of the CLI (e.g. a developer's build folder).
const cli = process.env.LANTERNE_CLI ? path.resolve(process.env.LANTERNE_CLI) : CLI;

const THRESHOLDS = {
  with_kb: { f1: 0.98, precision: 0.96, recall: 0.99, linking: 0.99 },
  without_kb: { f1: 0.89, precision: 0.92, recall: 0.85, linking: 0.99 },
};

for (const [run, withKb] of [['with_kb', true], ['without_kb', false]]) {
  test(`entity evaluation ${run.replace('_', ' ')}`, () => {
    assert.ok(existsSync(cli), `${path.relative(ROOT, cli)} missing: run \`npm run build\` first`);
    const r = evaluate(cli, withKb);
    const want = THRESHOLDS[run];
    assert.ok(r.all.f1 >= want.f1, `F1 ${r.all.f1.toFixed(4)} < ${want.f1}`);
    assert.ok(r.all.precision >= want.precision, `precision ${r.all.precision.toFixed(4)} < ${want.precision}`);
    assert.ok(r.all.recall >= want.recall, `recall ${r.all.recall.toFixed(4)} < ${want.recall}`);
    assert.ok(r.linking.accuracy >= want.linking, `linking ${r.linking.accuracy.toFixed(4)} < ${want.linking}`);
    if (withKb)
      assert.deepEqual(r.multi_alias.split, [], 'every multi-alias entity is linked as one');
  });
}
