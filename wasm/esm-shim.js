// esm-shim.js — put before Emscripten's output (--extern-pre-js) by the
// WebAssembly build.  Emscripten 3.1.6 (Debian bookworm's) writes ES-module
// output that, under Node, reads `__dirname`, which ES modules do not have,
// and fails at load.  With -sSINGLE_FILE the module never uses that folder
// (the wasm is inlined as base64), so an empty one is enough.  Harmless in
// browsers.
var __dirname = "";
