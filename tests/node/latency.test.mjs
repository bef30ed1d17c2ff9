// latency.test.mjs — how long a search takes in the WebAssembly core under
// Node, over a mix of queries like a reader's.  Informational: the figures
// are printed (and given to the test runner as a diagnostic), never asserted,
// since they depend on the machine.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { INDEX, openWasmIndex, requireBuild } from './helpers.mjs';

requireBuild();
const startOpen = performance.now();
const { lanterne, index } = await openWasmIndex();
const openMs = performance.now() - startOpen;
after(() => index.close());

const MIX = [
  'securite', "l'OTAN", 'Etats-Unis', '"feuille de route"', 'menaces terroristes', 'cyber*',
  'maroc', 'sécurité -OTAN', 'otan OR daech', '143/4', 'coop', '', 'Hammouchi', '"lutte contre le terrorisme"',
];

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

test('latency of 200 WebAssembly searches (informational)', (t) => {
  for (const query of MIX) index.search({ query, limit: 20 }); // warm-up
  const times = [];
  for (let i = 0; i < 200; i++) {
    const query = MIX[i % MIX.length];
    const t0 = performance.now();
    const answer = index.search({ query, limit: 20, as_you_type: i % 3 === 0 });
    times.push(performance.now() - t0);
    assert.ok(!('error' in answer));
  }
  times.sort((a, b) => a - b);
  const line = `wasm search latency over ${times.length} searches: p50 ${percentile(times, 50).toFixed(3)} ms, ` +
    `p95 ${percentile(times, 95).toFixed(3)} ms, max ${times[times.length - 1].toFixed(3)} ms ` +
    `(index ${readFileSync(INDEX).length} bytes, first open incl. module load ${openMs.toFixed(1)} ms)`;
  t.diagnostic(line);
});

test('latency of opening the index (informational)', async (t) => {
  const bytes = new Uint8Array(readFileSync(INDEX));
  const times = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    const other = await lanterne.openIndex(bytes);
    times.push(performance.now() - t0);
    other.close();
  }
  times.sort((a, b) => a - b);
  const line = `wasm openIndex (module loaded): p50 ${percentile(times, 50).toFixed(3)} ms over ${times.length}`;
  t.diagnostic(line);
});
