#!/usr/bin/env bash
# valgrind.sh — runs the `lanterne` CLI under valgrind (memcheck) on a
# representative set of commands and fails on any memory error or definite
# leak.  `npm test` runs it as its own suite.
#
#   bash scripts/valgrind.sh
#
# The CLI is built without sanitizers (they and valgrind exclude each other)
# in build/valgrind (Debug: exact lines in reports).  Each command must exit
# with the status it is meant to (0, or 1/2 for the bad-input cases) and
# valgrind must report nothing (--error-exitcode=99).  The outputs and
# valgrind's reports go to build/valgrind/logs/.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JOBS="${JOBS:-2}"
BUILD="${LANTERNE_VALGRIND_BUILD:-$ROOT/build/valgrind}"
LOGS="$BUILD/logs"

say() { printf 'valgrind: %s\n' "$*"; }

command -v valgrind >/dev/null || { say "valgrind is missing: run bash scripts/setup.sh"; exit 1; }
mkdir -p "$LOGS"
rm -f "$LOGS"/*.log
started=$(date +%s)

if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  if ! cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug >"$LOGS/configure.txt" 2>&1; then
    tail -n 30 "$LOGS/configure.txt" >&2
    say "configure FAILED (log: build/valgrind/logs/configure.txt)"
    exit 1
  fi
fi
if ! cmake --build "$BUILD" --target lanterne -j"$JOBS" >"$LOGS/build.txt" 2>&1; then
  tail -n 40 "$LOGS/build.txt" >&2
  say "compile FAILED (log: build/valgrind/logs/build.txt)"
  exit 1
fi
CLI="$BUILD/lanterne"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/lanterne-valgrind-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
DB="$WORK/corpus.db"
DOC=000_7c59c344a3186c0e

# A corpus that verify finds changed, one with a broken corpus.json, a
# broken knowledge base and a file that is not an index.
cp -r corpus "$WORK/changed"
chmod -R u+w "$WORK/changed"
printf 'Un document ajouté le 3 mars 2015.\n' >"$WORK/changed/005_added.txt"
rm "$WORK/changed/004_5b4bad2fd53bf112.txt"
mkdir "$WORK/bad-json" && printf 'Texte.\n' >"$WORK/bad-json/a.txt"
printf '{"documents": {"a": {"date": 12,}}' >"$WORK/bad-json/corpus.json"
printf '{"entities": [{"id": "x", "type": "place"}]}' >"$WORK/bad-kb.json"
head -c 4096 /dev/urandom >"$WORK/not-an-index.db"
printf 'Rabat, le 3 mars 2015\n\nM. Ahmed Toufiq a reçu la délégation de l’OTAN et des États-Unis.\n' >"$WORK/letter.txt"

failures=0
count=0
# run <expected exit status> <name> <arguments...>; standard input from
# $STDIN when set.
run() {
  local expected="$1" name="$2"
  shift 2
  count=$((count + 1))
  local t0; t0=$(date +%s)
  local log="$LOGS/$(printf '%02d' "$count")-$name.log"
  valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
    --show-leak-kinds=definite --log-file="$log.valgrind" \
    "$CLI" "$@" <"${STDIN:-/dev/null}" >"$log" 2>&1
  local status=$?
  [ -n "${VALGRIND_TIMES:-}" ] && say "$name: $(( $(date +%s) - t0 )) s"
  if [ "$status" = 99 ] || [ -s "$log.valgrind" ]; then
    failures=$((failures + 1))
    say "$name: valgrind reports errors (exit $status):"
    head -n 40 "$log.valgrind" >&2
  elif [ "$status" != "$expected" ]; then
    failures=$((failures + 1))
    say "$name: exit status $status, expected $expected (log: ${log#"$ROOT/"})"
    tail -n 5 "$log" >&2
  fi
}

run 0 build build corpus -o "$DB"
run 0 info info "$DB" --json
run 0 search search "$DB" securite --limit 5
run 0 search-filters search "$DB" 'otan OR nato -usa "feuille de route"' --from 2012 --to 2014-08 \
  --dates written --sort date --entity nato --json
run 0 search-mentioned search "$DB" cyber --dates mentioned --from 2010 --offset 1 --limit 2 --json
run 0 search-as-you-type search "$DB" 'terroris' --as-you-type --json
run 0 search-empty search "$DB" '' --json
run 0 document document "$DB" "$DOC" --query 'otan maroc' --json
run 0 entities entities "$DB" --json
run 0 entities-type entities "$DB" --type person
run 0 entity entity "$DB" nato --json
run 0 annotate annotate "corpus/$DOC.txt"
STDIN="$WORK/letter.txt" run 0 annotate-stdin annotate - --date 2015 --kb corpus/entities.json --no-discovery
run 0 tokens tokens 'l’OTAN, les États-Unis et PPC-DS(2012)0009'
run 0 query query 'otan OR nato -usa "feuille de route" cyber*' --as-you-type
run 0 verify verify "$DB" corpus
# Bad input: each must fail cleanly, freeing what it took.
run 1 verify-changed verify "$DB" "$WORK/changed" --json
run 1 build-bad-corpus-json build "$WORK/bad-json" -o "$WORK/bad.db"
run 1 build-missing-folder build "$WORK/no-such-folder" -o "$WORK/none.db"
run 1 annotate-bad-kb annotate "$WORK/letter.txt" --kb "$WORK/bad-kb.json"
run 1 search-not-an-index search "$WORK/not-an-index.db" otan
run 1 search-bad-date search "$DB" otan --from 2012-13
run 1 entity-unknown entity "$DB" no-such-entity
run 2 usage search

finished=$(date +%s)
if [ "$failures" = 0 ]; then
  say "OK: $count commands, no memory error or definite leak ($((finished - started)) s; logs: build/valgrind/logs/)"
  exit 0
fi
say "FAILED: $failures of $count commands (logs: build/valgrind/logs/)"
exit 1
