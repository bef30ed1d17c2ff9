#!/usr/bin/env bash
# start.sh — `npm start` on a fresh Debian machine: set-up (toolchain and
# pinned third-party sources), native and WebAssembly builds, index of the
# default corpus in corpus/ and the explorer page dist/lanterne.html (all by
# scripts/build.sh), then a look at the result: the index summary, a sample
# search from the command line, and where the page is.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/build.sh

INDEX=build/index/corpus.db
echo
echo "== lanterne info $INDEX"
build/native/lanterne info "$INDEX"
echo
echo "== lanterne search $INDEX securite"
build/native/lanterne search "$INDEX" securite
echo
echo "Index: $INDEX. Search it with: build/native/lanterne search $INDEX '<query>'"
echo "Explorer: open $ROOT/dist/lanterne.html in a browser (one file, works offline);"
echo "          dist/site/ is the same page as separate files for a web server."
echo "Your own corpus: npm run explorer -- <corpus-dir> -o <file.html>"
