#!/usr/bin/env bash
# test.sh — `npm test`: builds what scripts/build.sh builds, plus an
# AddressSanitizer + UndefinedBehaviorSanitizer build of the C core in
# build/asan, then runs
#   - the C tests (ctest) of the native build and of the sanitizer build,
#   - the libFuzzer targets of tests/fuzz, 10 s each (scripts/fuzz.sh, in
#     build/fuzz; LANTERNE_FUZZ_SECONDS changes the time),
#   - the CLI under valgrind (scripts/valgrind.sh, in build/valgrind),
#   - the Node tests (node --test tests/node/): WebAssembly against native
#     parity, known answers on corpus/, the wasm core in headless Chromium,
#     latency figures.
# Every suite runs even when an earlier one failed; the last line sums up and
# the exit status is non-zero if anything failed.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JOBS="${JOBS:-2}"
LOGS="$ROOT/build/logs"

say() { printf 'test: %s\n' "$*"; }

# Build (set-up, native, wasm, index).  Nothing can be tested without it.
if ! bash scripts/build.sh; then
  say "SUMMARY: FAILED (the build failed, no test was run)"
  exit 1
fi
mkdir -p "$LOGS"

passed=()
failed=()
record() { # name status
  if [ "$2" = 0 ]; then passed+=("$1"); else failed+=("$1"); fi
}

# The C tests of the native build (build.sh built only the CLI).
native_ok=1
say "native: compile the C tests (build/native)"
if ! cmake --build build/native -j"$JOBS" >"$LOGS/native-tests-build.log" 2>&1; then
  tail -n 40 "$LOGS/native-tests-build.log" >&2
  say "native: compile FAILED (log: build/logs/native-tests-build.log)"
  native_ok=0
fi
record "native tests build" $((1 - native_ok))

# Sanitizer build.  Debug, so that reports point at source lines.
asan_ok=1
say "asan: configure (build/asan)"
if ! cmake -S . -B build/asan -DLANTERNE_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >"$LOGS/asan-configure.log" 2>&1; then
  tail -n 40 "$LOGS/asan-configure.log" >&2
  say "asan: configure FAILED (log: build/logs/asan-configure.log)"
  asan_ok=0
fi
if [ "$asan_ok" = 1 ]; then
  say "asan: compile (build/asan)"
  if ! cmake --build build/asan -j"$JOBS" >"$LOGS/asan-build.log" 2>&1; then
    tail -n 40 "$LOGS/asan-build.log" >&2
    say "asan: compile FAILED (log: build/logs/asan-build.log)"
    asan_ok=0
  fi
fi
record "asan build" $((1 - asan_ok))

# ctest prints nothing useful for a folder without tests but succeeds.
# Time limits keep a hung test from eating CI's 90 minutes.
run_ctest() { # dir
  ctest --test-dir "$1" --output-on-failure -j"$JOBS" --timeout 600
}

if [ "$native_ok" = 1 ]; then
  say "ctest: build/native"
  run_ctest build/native
  record "ctest native" $?
fi

if [ "$asan_ok" = 1 ]; then
  say "ctest: build/asan (AddressSanitizer + UBSan)"
  ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1}" \
  UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
    run_ctest build/asan
  record "ctest asan" $?
fi

# Fuzzing: every target for a bounded time; any finding fails (the input
# is left in build/fuzz/findings/).
say "fuzz: scripts/fuzz.sh ${LANTERNE_FUZZ_SECONDS:-10} (build/fuzz)"
JOBS="$JOBS" bash scripts/fuzz.sh "${LANTERNE_FUZZ_SECONDS:-10}"
record "fuzz" $?

# The CLI under valgrind: memory errors and definite leaks.
say "valgrind: scripts/valgrind.sh (build/valgrind)"
JOBS="$JOBS" timeout --kill-after=10 600 bash scripts/valgrind.sh
record "valgrind" $?

# Files listed explicitly: how `node --test <folder>` reads a folder changed
# between Node versions.
say "node --test tests/node/*.test.mjs"
timeout --kill-after=10 900 node --test tests/node/*.test.mjs
status=$?
[ "$status" = 124 ] && say "node tests: stopped after 15 minutes (a test hung)"
record "node tests" $status

summary="passed: ${passed[*]:-none}; failed: ${failed[*]:-none}"
if [ "${#failed[@]}" = 0 ]; then
  say "SUMMARY: OK ($summary)"
  exit 0
fi
say "SUMMARY: FAILED ($summary)"
exit 1
