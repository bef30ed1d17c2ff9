#!/usr/bin/env bash
# run.sh — `npm run bench`: builds Lanterne (scripts/build.sh: native CLI and
# wasm), makes sure Debian's French word list is there (wfrench), installs
# the benchmark's own pinned packages into tests/bench/node_modules (apart
# from the root node_modules), then runs tests/bench/run.mjs with the given
# arguments (--full adds the 100k corpus).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"

if [ ! -f /usr/share/dict/french ]; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wfrench >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wfrench >/dev/null; }
  else
    echo "bench: /usr/share/dict/french is missing. Run: sudo apt-get install -y wfrench" >&2
    exit 1
  fi
fi

bash scripts/build.sh

if [ ! -d "$HERE/node_modules" ] || [ "$HERE/package-lock.json" -nt "$HERE/node_modules/.package-lock.json" ]; then
  echo "bench: installing the peers (tests/bench/package-lock.json)"
  if [ -f "$HERE/package-lock.json" ]; then
    npm ci --prefix "$HERE" --no-audit --no-fund --loglevel=error
  else
    npm install --prefix "$HERE" --no-audit --no-fund --loglevel=error
  fi
fi

exec node --expose-gc "$HERE/run.mjs" "$@"
