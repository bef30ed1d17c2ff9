// core-shim.mjs — stands in for './lanterne-core.mjs' when the page is
// bundled (scripts/build-page.mjs): the Emscripten module is imported with
// its inlined base64 wasm taken out, and the page hands it the wasm bytes
// itself (decompressed from the page, or fetched on a web server), so the
// binary is carried gzipped instead of as 1.4 MB of base64.
import createCore from 'lanterne:core';

let wasmBinary = null;

/** Sets the WebAssembly binary (Uint8Array) before the first openIndex(). */
export function setWasmBinary(bytes) {
  wasmBinary = bytes;
}

export default function createLanterneCore(options = {}) {
  if (!wasmBinary) return Promise.reject(new Error('the WebAssembly binary was not given'));
  return createCore({ ...options, wasmBinary });
}
