// lanterne-open.mjs — run in a fresh Node process by lanterne.mjs: how long
// a reader waits from nothing loaded to the first answer (module load,
// openIndex on the index bytes, one search), and the wasm heap after load.
//   node lanterne-open.mjs <index.db> '<request json>'  → JSON on stdout
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WRAPPER = path.join(fileURLToPath(new URL('../../../', import.meta.url)), 'build/wasm/lanterne.mjs');
const [dbPath, request] = process.argv.slice(2);
const bytes = new Uint8Array(readFileSync(dbPath));
const t0 = performance.now();
const w = await import(WRAPPER);
const M = await w.loadCore();
const t1 = performance.now();
const index = await w.openIndex(bytes, { name: path.basename(dbPath) });
const t2 = performance.now();
const heapBytes = M.HEAPU8.length;
const answer = index.search(JSON.parse(request));
const t3 = performance.now();
if (answer.error) throw new Error(answer.error);
process.stdout.write(JSON.stringify({ moduleMs: t1 - t0, openMs: t2 - t1, firstQueryMs: t3 - t2, toFirstAnswerMs: t3 - t0, heapBytes }));
index.close();
