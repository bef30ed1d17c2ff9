// core-shim.mjs — stands in for './lanterne-core.mjs' when the page is
// bundled (scripts/build-page.mjs): the Emscripten module is imported with
// its inlined base64 wasm taken out, and the page hands it the compiled
// WebAssembly.Module itself (compiled from the bytes unpacked from the page,
// see packed.js, or fetched on a web server, or received from another embed
// of the same page, see share.js), so the binary is carried compressed
// instead of as 2.3 MB of base64 and is compiled once per page.
import createCore from 'lanterne:core';

let wasmModule = null;

/** Sets the compiled WebAssembly.Module before the first openIndex(). */
export function setWasmModule(module) {
  wasmModule = module;
}

export default function createLanterneCore(options = {}) {
  if (!wasmModule) return Promise.reject(new Error('the WebAssembly module was not given'));
  const module = wasmModule;
  return new Promise((resolve, reject) => {
    createCore({
      ...options,
      // Emscripten's hook: instantiate our module with its imports (a
      // failure rejects here, else the glue would wait for ever).
      instantiateWasm(imports, receiveInstance) {
        WebAssembly.instantiate(module, imports).then((instance) => receiveInstance(instance, module), reject);
        return {};
      },
    }).then(resolve, reject);
  });
}
