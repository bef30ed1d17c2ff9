#!/usr/bin/env bash
# measure.sh — prints the figures of the README's "Measured" section, from an
# existing build (run `npm run build` first): WebAssembly module size (raw and
# gzip -9), native index build time of corpus/ (best of 5), index size, and
# the wasm search latency in Node (tests/node/latency.test.mjs).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CORE=build/wasm/lanterne-core.mjs
[ -f "$CORE" ] && [ -x build/native/lanterne ] || { echo "measure: run npm run build first" >&2; exit 1; }

raw=$(wc -c <"$CORE")
gz=$(gzip -9 -c "$CORE" | wc -c)
echo "wasm module (lanterne-core.mjs, wasm inlined as base64): $raw bytes raw, $gz bytes gzip -9"
echo "  optimisation: $(grep -m1 '^LANTERNE_WASM_OPT' build/wasm/CMakeCache.txt | cut -d= -f2)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
best=""
for _ in 1 2 3 4 5; do
  start=$(date +%s%N)
  build/native/lanterne build corpus -o "$tmp/corpus.db" >/dev/null
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
done
docs=$(find corpus -type f \( -name '*.txt' -o -name '*.md' -o -name '*.html' -o -name '*.htm' \) | wc -l)
text=$(find corpus -type f \( -name '*.txt' -o -name '*.md' -o -name '*.html' -o -name '*.htm' \) -exec cat {} + | wc -c)
echo "native index build of corpus/ ($docs documents, $text bytes): best of 5 ${best} ms (wall clock, process included)"
echo "index size: $(wc -c <"$tmp/corpus.db") bytes"

node --test tests/node/latency.test.mjs 2>&1 | grep -E '^# wasm' | sed 's/^# //'
