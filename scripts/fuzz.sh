#!/usr/bin/env bash
# fuzz.sh — builds the libFuzzer targets of tests/fuzz/ (clang, AddressSanitizer
# + UBSan, in build/fuzz) and runs each one for a bounded time.
#
#   bash scripts/fuzz.sh [seconds-per-target] [target...]
#
# Default: 60 seconds per target, every target.  `npm test` runs it with 10;
# a longer run, e.g. before a release: `bash scripts/fuzz.sh 600`.
# Targets are named without the fuzz_ prefix (tokenizer, query, dates,
# annotate, kb_json, corpus_json, html, unpack).
#
# Each target starts from its seeds (tests/fuzz/seeds/<target>/, read only)
# and from what earlier runs on this machine found (build/fuzz/corpus/<target>/,
# git-ignored: generated inputs are never committed), with its dictionary
# (tests/fuzz/dict/) when it has one.  Prints the executions of every target
# (libFuzzer's stat::number_of_executed_units).  Exit status 1 when any
# target finds anything (crash, sanitizer report, failed property, leak,
# timeout, memory limit): the input is left in build/fuzz/findings/, and
#   build/fuzz/tests/fuzz/fuzz_<target> build/fuzz/findings/<file>
# replays it.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SECONDS_PER_TARGET="${1:-60}"
shift || true
ALL_TARGETS=(tokenizer query dates annotate kb_json corpus_json html unpack)
TARGETS=("$@")
[ "${#TARGETS[@]}" = 0 ] && TARGETS=("${ALL_TARGETS[@]}")
JOBS="${JOBS:-2}"
BUILD="${LANTERNE_FUZZ_BUILD:-$ROOT/build/fuzz}"  # another folder: e.g. a cold-build timing
LOGS="$BUILD/logs"
FINDINGS="$BUILD/findings"

say() { printf 'fuzz: %s\n' "$*"; }

case "$SECONDS_PER_TARGET" in
  ''|*[!0-9]*) say "usage: bash scripts/fuzz.sh [seconds-per-target] [target...]"; exit 2 ;;
esac
for t in "${TARGETS[@]}"; do
  [ -f "tests/fuzz/fuzz_$t.c" ] || { say "no target \"$t\" (targets: ${ALL_TARGETS[*]})"; exit 2; }
done
command -v clang >/dev/null || { say "clang is missing: run bash scripts/setup.sh"; exit 1; }

TMP="$BUILD/tmp.$$"
mkdir -p "$LOGS" "$FINDINGS" "$TMP"
started=$(date +%s)

# Configure once (clang, the fuzz option); later runs only rebuild what
# changed, so the SQLite amalgamation is compiled once per machine.
if [ ! -f "$BUILD/CMakeCache.txt" ] || ! grep -q '^LANTERNE_FUZZ:BOOL=ON' "$BUILD/CMakeCache.txt"; then
  say "configure (${BUILD#"$ROOT/"}, clang)"
  if ! CC=clang cmake -S . -B "$BUILD" -DLANTERNE_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug \
       >"$LOGS/configure.log" 2>&1; then
    tail -n 30 "$LOGS/configure.log" >&2
    say "configure FAILED (log: build/fuzz/logs/configure.log)"
    exit 1
  fi
fi
say "compile (${BUILD#"$ROOT/"})"
if ! nice cmake --build "$BUILD" --target lanterne_fuzz -j"$JOBS" >"$LOGS/build.log" 2>&1; then
  tail -n 40 "$LOGS/build.log" >&2
  say "compile FAILED (log: build/fuzz/logs/build.log)"
  exit 1
fi
compiled=$(date +%s)

dictionary_of() {
  case "$1" in
    query) echo tests/fuzz/dict/query.dict ;;
    dates|annotate) echo tests/fuzz/dict/dates.dict ;;
    kb_json|corpus_json) echo tests/fuzz/dict/json.dict ;;
    html) echo tests/fuzz/dict/html.dict ;;
  esac
}

failed=()
total_runs=0
for t in "${TARGETS[@]}"; do
  corpus="$BUILD/corpus/$t"
  mkdir -p "$corpus"
  dict="$(dictionary_of "$t")"
  log="$LOGS/$t.log"
  args=(-max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -max_len=8192
        -print_final_stats=1 -artifact_prefix="$FINDINGS/$t-")
  [ -n "$dict" ] && args+=(-dict="$dict")
  marker="$TMP/started-$t"
  touch "$marker"
  # TMPDIR: fuzz_corpus_json makes its folder there.
  TMPDIR="$TMP" \
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}" \
  UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
    nice "$BUILD/tests/fuzz/fuzz_$t" "${args[@]}" "$corpus" "tests/fuzz/seeds/$t" >"$log" 2>&1
  status=$?
  found=$(find "$FINDINGS" -name "$t-*" -newer "$marker" | head -n 1)
  runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
  [ -n "$runs" ] || runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
  [ -n "$runs" ] || runs="?"
  [ "$runs" != "?" ] && total_runs=$((total_runs + runs))
  if [ "$status" = 0 ] && [ -z "$found" ]; then
    say "$t: $runs executions in ${SECONDS_PER_TARGET} s, no finding"
  else
    failed+=("$t")
    grep -E 'ERROR|property failed|SUMMARY|^    #[0-9]' "$log" | head -n 25 >&2
    say "$t: FINDING after $runs executions (exit $status; log: build/fuzz/logs/$t.log; input: ${found:-none})"
  fi
done
rm -rf "$TMP"

finished=$(date +%s)
say "$total_runs executions over ${#TARGETS[@]} targets; compile $((compiled - started)) s, fuzzing $((finished - compiled)) s"
if [ "${#failed[@]}" = 0 ]; then
  say "OK: no finding"
  exit 0
fi
say "FAILED: findings in ${failed[*]} (inputs in build/fuzz/findings/)"
exit 1
