#!/usr/bin/env bash
# build.sh — builds everything `npm start` and `npm test` need, incrementally:
#   1. scripts/setup.sh (toolchain, pinned third-party sources, npm packages;
#      idempotent, a few seconds when all is in place),
#   2. the native Release build in build/native (the `lanterne` CLI),
#   3. the WebAssembly build in build/wasm (lanterne-core.mjs and the
#      page data decoder lanterne-unpack.wasm, with
#      wasm/lanterne.mjs copied beside it so that its import of
#      './lanterne-core.mjs' resolves),
#   4. the index of the default corpus: build/index/corpus.db,
#   5. the explorer page for it: dist/lanterne.html and dist/site/
#      (scripts/build-page.mjs).
# Each step prints one line; the tools' own output goes to build/logs/*.log
# and its end is shown when a step fails.  Re-running only redoes what changed.
#
# Environment: LANTERNE_SKIP_SETUP=1 skips step 1; JOBS (default 2) sets the
# build parallelism.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JOBS="${JOBS:-2}"
LOGS="$ROOT/build/logs"
mkdir -p "$LOGS"

say() { printf 'build: %s\n' "$*"; }
fail() { printf 'build: FAILED: %s\n' "$*" >&2; exit 1; }

# run_step NAME DESCRIPTION COMMAND...: runs COMMAND with its output in
# build/logs/NAME.log; on failure shows the log's end and stops.
run_step() {
  local name="$1" what="$2"; shift 2
  local log="$LOGS/$name.log" start end
  start=$(date +%s)
  if ! "$@" >"$log" 2>&1; then
    printf '\n--- last lines of %s ---\n' "${log#"$ROOT"/}" >&2
    tail -n 40 "$log" >&2
    printf -- '---\n' >&2
    fail "$what (full log: ${log#"$ROOT"/})"
  fi
  end=$(date +%s)
  say "$what: ok ($((end - start)) s)"
}

# 1. Set-up ------------------------------------------------------------------
if [ "${LANTERNE_SKIP_SETUP:-0}" != 1 ]; then
  run_step setup "set-up (scripts/setup.sh)" bash scripts/setup.sh
fi
for tool in cmake cc emcc node; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (run: bash scripts/setup.sh)"
done

# 2. Native build -----------------------------------------------------------
configure_native() {
  cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release
}
# Configuring again is cheap (a second or so) and changes nothing that is
# up to date; it also repairs a folder left by a failed configure.
run_step native-configure "native: configure (build/native)" configure_native
# Only the CLI here; scripts/test.sh builds the C tests too.
run_step native-build "native: compile (build/native/lanterne)" \
  cmake --build build/native -j"$JOBS" --target lanterne
[ -x build/native/lanterne ] || fail "native: build/native/lanterne was not produced"

# 3. WebAssembly build ------------------------------------------------------
# Debian's emcc finds its Node.js modules (acorn, ...) only through NODE_PATH.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
configure_wasm() {
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=MinSizeRel
}
run_step wasm-configure "wasm: configure (build/wasm, emcmake)" configure_wasm
run_step wasm-build "wasm: compile (build/wasm/lanterne-core.mjs)" \
  cmake --build build/wasm -j"$JOBS"
[ -f build/wasm/lanterne-core.mjs ] || fail "wasm: build/wasm/lanterne-core.mjs was not produced"
[ -f build/wasm/lanterne-unpack.wasm ] || fail "wasm: build/wasm/lanterne-unpack.wasm was not produced"
cp -p wasm/lanterne.mjs build/wasm/lanterne.mjs
say "wasm: $(wc -c <build/wasm/lanterne-core.mjs) bytes in lanterne-core.mjs (wasm inlined), wrapper copied to build/wasm/lanterne.mjs"

# 4. Index of the default corpus --------------------------------------------
INDEX=build/index/corpus.db
mkdir -p build/index
# Rebuild when the index is missing or older than the CLI or any corpus file.
if [ ! -f "$INDEX" ] || [ build/native/lanterne -nt "$INDEX" ] \
   || [ -n "$(find corpus -newer "$INDEX" -print -quit)" ]; then
  run_step index "index: corpus/ -> $INDEX" build/native/lanterne build corpus -o "$INDEX"
else
  say "index: $INDEX is up to date"
fi
# 5. The explorer page (web/): dist/lanterne.html, and dist/site/ ----------
PAGE=dist/lanterne.html
if [ ! -f "$PAGE" ] || [ ! -f dist/site/index.html ] || [ "$INDEX" -nt "$PAGE" ] \
   || [ build/wasm/lanterne-core.mjs -nt "$PAGE" ] || [ build/wasm/lanterne-unpack.wasm -nt "$PAGE" ] \
   || [ scripts/build-page.mjs -nt "$PAGE" ] \
   || [ wasm/lanterne.mjs -nt "$PAGE" ] || [ -n "$(find web -newer "$PAGE" -print -quit)" ]; then
  run_step page "page: $PAGE and dist/site/" node scripts/build-page.mjs --index "$INDEX" --out "$PAGE" --site dist/site
  say "$(tail -n 1 "$LOGS/page.log")"
else
  say "page: $PAGE is up to date"
fi
say "done"
