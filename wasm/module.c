/*
** module.c — the WebAssembly module's one translation unit.
**
** It holds no code on purpose: the module exports the public API of
** src/lanterne.h as it is (the list is wasm/exports.txt), so the page runs
** exactly the functions the native CLI runs.  The JavaScript side of the
** boundary (copying strings and the index in, JSON out, freeing) is
** wasm/lanterne.mjs.  This file only gives the link step a source and
** documents that choice.
*/
#include "lanterne.h"
