// unpack-imports.js — tells Emscripten that lanterne-unpack.wasm imports
// unpack_emit() (wasm/unpack.h) from JavaScript: web/packed.js gives it
// when it instantiates the module.  Nothing here ends up in the page.
mergeInto(LibraryManager.library, {
  unpack_emit: function () {},
});
