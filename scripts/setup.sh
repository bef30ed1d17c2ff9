#!/usr/bin/env bash
# setup.sh — install what Lanterne needs to build and test, and fetch the
# third-party C sources it compiles, each pinned by version and checked by
# SHA-256, into the git-ignored folder third_party/.
#
# Idempotent: every step first checks whether its result is already there, so
# `npm start` and `npm test` can call it every time for the price of a few
# `test -f`.  Downloads are cached in ~/.cache/lanterne (or $LANTERNE_CACHE)
# so that a fresh clone on the same machine does not fetch them again.
#
# Where it cannot install (not root), it stops and prints the exact command
# to run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
THIRD="$ROOT/third_party"
CACHE="${LANTERNE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lanterne}"
mkdir -p "$THIRD" "$CACHE"

say() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------
# Pinned third-party sources.  To upgrade one, change its version and hash
# together; the hash is of the file as the registry serves it.
# ---------------------------------------------------------------------------
SQLITE_NPM_PACKAGE="better-sqlite3"          # ships the SQLite amalgamation
SQLITE_NPM_VERSION="13.2.0"                   # SQLite 3.54.1
SQLITE_NPM_SHA256="40487589df3496f2ee0079d22b73c63fccebe7db0e8ee9a2c42421861e321e0b"

# Debian bookworm source packages: "name version dsc-sha256".  The .dsc lists
# the SHA-256 of every tarball, and dpkg-source checks those on unpacking, so
# pinning the .dsc pins the whole source package (with Debian's patches).
DEBIAN_SOURCES=(
  "cjson 1.7.15-1+deb12u4 764c2de141d680f4fb4cada30c526dacaa30ead061b9b9c34f2b81e2df0f8439"
  "utf8proc 2.8.0-1 6ce2b0ab12fe7d0c3fd0a40d4eb886ae82bf6ea356e4db1a0a9f76582947625c"
  "snowball 2.2.0-2 eb649a11e8d3a16d3e4ede21552b7ec59292e01db89ea84278457a701d9cca3d"
  "libzstd 1.5.4+dfsg2-5 8f602f92b575aa8b5e979196fb6ee82d78f233521dc9636526d3ecba1f63c1b1"
)

APT_PACKAGES=(cmake make gcc g++ emscripten dpkg-dev chromium nodejs npm clang libclang-rt-14-dev valgrind zstd)
DEB_SRC_FILE=/etc/apt/sources.list.d/lanterne-deb-src.sources

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"
  else return 77
  fi
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

check_sha256() { # file expected
  local got; got="$(sha256_of "$1")"
  [ "$got" = "$2" ] || die "$1: SHA-256 is $got, expected $2 (corrupt download or changed upstream; delete it and run again)"
}

# ---------------------------------------------------------------------------
# 1. Toolchain from Debian's packages.
# ---------------------------------------------------------------------------
missing_tools() {
  local m=()
  command -v cmake >/dev/null || m+=(cmake)
  command -v make >/dev/null || m+=(make)
  command -v cc >/dev/null || m+=(gcc)
  command -v c++ >/dev/null || m+=(g++)
  command -v emcc >/dev/null || m+=(emscripten)
  command -v dpkg-source >/dev/null || m+=(dpkg-dev)
  [ -x /usr/bin/chromium ] || m+=(chromium)
  # Fuzzing (scripts/fuzz.sh): clang and its libFuzzer runtime; memory
  # checks of the CLI (scripts/valgrind.sh): valgrind.
  command -v clang >/dev/null || m+=(clang)
  ls "$(clang -print-resource-dir 2>/dev/null || echo /nonexistent)"/lib/linux/libclang_rt.fuzzer-*.a \
    >/dev/null 2>&1 || m+=(libclang-rt-14-dev)
  command -v valgrind >/dev/null || m+=(valgrind)
  # Compressing the page's data (scripts/build-page.mjs).
  command -v zstd >/dev/null || m+=(zstd)
  printf '%s\n' "${m[@]}"
}

has_deb_src() {
  grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/
}

apt_updated=0
apt_update_once() {
  [ "$apt_updated" = 1 ] && return 0
  as_root apt-get update -q >&2 || return $?
  apt_updated=1
}

install_toolchain() {
  local need; need="$(missing_tools | tr '\n' ' ')"
  local need_src=0; has_deb_src || need_src=1
  [ -z "${need// }" ] && [ "$need_src" = 0 ] && return 0
  if [ "$need_src" = 1 ]; then
    say "adding a deb-src entry ($DEB_SRC_FILE) for apt-get source"
    local uris; uris="$(grep -hm1 '^URIs:' /etc/apt/sources.list.d/debian.sources 2>/dev/null | cut -d' ' -f2)"
    [ -n "$uris" ] || uris="http://deb.debian.org/debian"
    local body="Types: deb-src
URIs: $uris
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
"
    if ! printf '%s' "$body" | as_root tee "$DEB_SRC_FILE" >/dev/null; then
      die "cannot write $DEB_SRC_FILE (not root). Run:
  printf '%s' '$body' | sudo tee $DEB_SRC_FILE && sudo apt-get update"
    fi
    apt_updated=0
  fi
  if [ -n "${need// }" ]; then
    say "installing Debian packages: $need"
    if ! { apt_update_once && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $need >&2; }; then
      die "cannot install packages (not root?). Run:
  sudo apt-get update && sudo apt-get install -y $need"
    fi
  else
    apt_update_once || die "apt-get update failed. Run: sudo apt-get update"
  fi
}

# ---------------------------------------------------------------------------
# 2. Third-party sources.
# ---------------------------------------------------------------------------
fetch_sqlite() {
  [ -f "$THIRD/sqlite/sqlite3.c" ] && [ -f "$THIRD/sqlite/.version-$SQLITE_NPM_VERSION" ] && return 0
  local tgz="$CACHE/$SQLITE_NPM_PACKAGE-$SQLITE_NPM_VERSION.tgz"
  if [ ! -f "$tgz" ] || [ "$(sha256_of "$tgz")" != "$SQLITE_NPM_SHA256" ]; then
    say "fetching $SQLITE_NPM_PACKAGE@$SQLITE_NPM_VERSION from npm (for its SQLite amalgamation)"
    (cd "$CACHE" && npm pack --silent "$SQLITE_NPM_PACKAGE@$SQLITE_NPM_VERSION" >/dev/null) \
      || die "npm pack $SQLITE_NPM_PACKAGE@$SQLITE_NPM_VERSION failed (is the npm registry reachable?)"
  fi
  check_sha256 "$tgz" "$SQLITE_NPM_SHA256"
  rm -rf "$THIRD/sqlite" && mkdir -p "$THIRD/sqlite"
  tar -xzf "$tgz" -C "$THIRD/sqlite" --strip-components=3 \
    package/deps/sqlite3/sqlite3.c package/deps/sqlite3/sqlite3.h package/deps/sqlite3/sqlite3ext.h
  touch "$THIRD/sqlite/.version-$SQLITE_NPM_VERSION"
  say "SQLite $(grep -m1 '#define SQLITE_VERSION ' "$THIRD/sqlite/sqlite3.h" | cut -d'"' -f2) ready"
}

# Downloads (or reuses from the cache) one Debian source package and unpacks
# it, patches applied, into $THIRD/src/<name>.  Prints that folder.
fetch_debian_source() { # name version dsc_sha256
  local name="$1" version="$2" sum="$3"
  local dir="$THIRD/src/$name-$version"
  if [ -f "$dir/.lanterne-ok" ]; then echo "$dir"; return 0; fi
  local cached="$CACHE/debian/$name-$version"
  local dsc="$cached/${name}_${version#*:}.dsc"
  if [ ! -f "$dsc" ] || [ "$(sha256_of "$dsc")" != "$sum" ]; then
    say "fetching Debian source $name=$version"
    rm -rf "$cached" && mkdir -p "$cached"
    (cd "$cached" && apt-get source --download-only -q "$name=$version" >&2) \
      || die "apt-get source $name=$version failed (a deb-src entry is needed, and the pinned version must still be published)"
  fi
  check_sha256 "$dsc" "$sum"
  rm -rf "$dir" && mkdir -p "$THIRD/src"
  # dpkg-source checks every tarball against the SHA-256 listed in the .dsc.
  dpkg-source -q -x "$dsc" "$dir" >/dev/null 2>&1 || die "dpkg-source could not unpack $dsc"
  touch "$dir/.lanterne-ok"
  echo "$dir"
}

fetch_cjson() {
  [ -f "$THIRD/cjson/cJSON.c" ] && return 0
  local dir; dir="$(fetch_debian_source ${DEBIAN_SOURCES[0]})"
  mkdir -p "$THIRD/cjson" && cp "$dir/cJSON.c" "$dir/cJSON.h" "$dir/LICENSE" "$THIRD/cjson/"
  say "cJSON ready"
}

fetch_utf8proc() {
  [ -f "$THIRD/utf8proc/utf8proc.c" ] && return 0
  local dir; dir="$(fetch_debian_source ${DEBIAN_SOURCES[1]})"
  mkdir -p "$THIRD/utf8proc" && cp "$dir/utf8proc.c" "$dir/utf8proc.h" "$dir/utf8proc_data.c" "$dir/LICENSE.md" "$THIRD/utf8proc/"
  say "utf8proc ready"
}

# Snowball ships the stemmer compiler and the algorithms in its own language;
# we build the compiler natively and generate the C of the two stemmers we
# use (French and English/Porter2), UTF-8 only.
fetch_snowball() {
  [ -f "$THIRD/snowball/stem_UTF_8_french.c" ] && [ -f "$THIRD/snowball/stem_UTF_8_english.c" ] && return 0
  local dir; dir="$(fetch_debian_source ${DEBIAN_SOURCES[2]})"
  say "building the Snowball compiler and generating the French and English stemmers"
  make -s -C "$dir" snowball >&2 || die "building the Snowball compiler failed in $dir"
  rm -rf "$THIRD/snowball" && mkdir -p "$THIRD/snowball"
  local lang
  for lang in french english; do
    "$dir/snowball" "$dir/algorithms/$lang.sbl" -o "$THIRD/snowball/stem_UTF_8_$lang" \
      -eprefix "${lang}_UTF_8_" -r . -u || die "snowball could not generate the $lang stemmer"
  done
  cp "$dir/runtime/api.c" "$dir/runtime/api.h" "$dir/runtime/header.h" "$dir/runtime/utilities.c" "$THIRD/snowball/"
  cp "$dir/COPYING" "$THIRD/snowball/COPYING"
  say "Snowball stemmers ready"
}

# The zstd decoder the page unpacks its data with (wasm/unpack.c): only
# lib/common and lib/decompress are compiled.
fetch_zstd() {
  [ -f "$THIRD/zstd/decompress/zstd_decompress.c" ] && return 0
  local dir; dir="$(fetch_debian_source ${DEBIAN_SOURCES[3]})"
  rm -rf "$THIRD/zstd" && mkdir -p "$THIRD/zstd"
  cp -r "$dir/lib/common" "$dir/lib/decompress" "$dir/lib/zstd.h" "$dir/lib/zstd_errors.h" "$THIRD/zstd/"
  cp "$dir/LICENSE" "$THIRD/zstd/LICENSE"
  say "zstd decoder ready"
}

# ---------------------------------------------------------------------------
# 3. npm packages (test and page tooling), only when package.json changed.
# ---------------------------------------------------------------------------
install_npm() {
  [ -f "$ROOT/package.json" ] || return 0
  if [ -d "$ROOT/node_modules" ] && [ "$ROOT/node_modules/.package-lock.json" -nt "$ROOT/package.json" ]; then
    return 0
  fi
  say "installing npm packages"
  (cd "$ROOT" && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi) >&2 \
    || die "npm install failed in $ROOT"
}

install_toolchain
fetch_sqlite
fetch_cjson
fetch_utf8proc
fetch_snowball
fetch_zstd
install_npm
say "everything is in place"
