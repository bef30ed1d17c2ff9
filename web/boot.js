// boot.js — starts unpacking the page's index while the browser is still
// reading the page.
//
// A single-file page carries its index compressed and written as text
// (web/packed.js) in parts (<script type="application/octet-stream"
// class="lanterne-index-part">), each followed by a one-line inline script
// calling feed().  The browser runs the page's module (app.js) only once it
// has read the whole file: for a 10,000-document leak, about half a second
// of reading 22 MB of HTML.  Until then the second core is idle.  Here each
// part, as soon as it is read, goes to a worker that decodes and unpacks
// it; by the time app.js runs, the index is mostly or entirely unpacked,
// and app.js only copies it into the core's memory.
//
// The worker runs this same script (bundled with web/packed.js, and with
// the decoder, lanterne-unpack.wasm, as base64 in __LANTERNE_UNPACK_WASM__,
// which scripts/build-page.mjs defines), taken from the page's inline
// <script>: there is no other file to load.  Where the worker cannot start
// (an old browser, a stricter policy), the parts are only kept, and app.js
// unpacks them itself; the page works the same, later.  Nothing here touches the DOM beyond removing
// the parts once read, so that the page does not hold the index twice.
//
// This file is inlined as a classic script before the parts (its hash is in
// the page's Content-Security-Policy, with `worker-src blob:` for the worker).
import { Unpacker } from './packed.js';

/* global __LANTERNE_UNPACK_WASM__ */

/** The decoder (lanterne-unpack.wasm), compiled once per thread. */
let decoder = null;
function decoderModule() {
  if (!decoder) {
    const text = __LANTERNE_UNPACK_WASM__;
    let bytes;
    if (typeof Uint8Array.fromBase64 === 'function') {
      bytes = Uint8Array.fromBase64(text);
    } else {
      const bin = atob(text);
      bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    }
    decoder = WebAssembly.compile(bytes);
  }
  return decoder;
}

/**
 * In the worker: text7 parts in; at the end, the unpacked index out,
 * transferred, not copied.  (The parts, which web/share.js gives sibling
 * embeds, are not kept by the page then: a page that can share starts no
 * worker, below.)
 */
function workerMain() {
  // compiled while the first part is still being read
  decoderModule().catch(() => {});
  let unpacker = null;   // a promise of the Unpacker, once the first part says the size
  let failure = null;
  const fail = (err) => { failure = failure || String(err && err.message ? err.message : err); };
  // Parts are unpacked in order, each after the one before.
  let queue = Promise.resolve();
  self.onmessage = (event) => {
    const message = event.data;
    if (typeof message.part === 'string') {
      if (!unpacker) unpacker = decoderModule().then((module) => Unpacker.create(module, message.size));
      queue = queue.then(async () => {
        if (failure) return;
        (await unpacker).pushText(message.part);
      }).catch(fail);
      return;
    }
    if (message.end) {
      const lastPartAt = performance.timeOrigin + performance.now();
      queue = queue.then(async () => {
        let index = null;
        try {
          if (!unpacker) throw new Error('no part of the index came');
          const u = await unpacker;
          if (failure) u.close();
          else index = u.finish();
        } catch (err) {
          fail(err);
        }
        if (failure) {
          self.postMessage({ error: failure });
        } else {
          const doneAt = performance.timeOrigin + performance.now();
          self.postMessage({ index, lastPartAt, doneAt }, [index.buffer]);
        }
        // The decoder's memory (the size of the index) would otherwise stay
        // as long as the page.
        self.close();
      });
    }
  };
}

function pageMain() {
  // app.js unpacks the core with it: compiled while the page is read
  decoderModule().catch(() => {});
  const parts = [];      // the parts (text7), until the worker has unpacked them
  let size = 0;          // of the unpacked index, as the first part announces
  let worker = null;
  let ended = false;
  let settle = null;
  const result = new Promise((resolve) => { settle = resolve; });

  // An embed in an article that can share (web/share.js, canShare()) is
  // usually given the index by a sibling embed: a worker unpacking it in
  // every embed at once would only take the cores from the first one.
  const sharing = window.parent !== window && self.origin !== 'null';
  const source = document.currentScript && document.currentScript.textContent;
  if (!sharing && source) try {
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    worker = new Worker(url);
    URL.revokeObjectURL(url);
    worker.onmessage = (event) => {
      if (!event.data.error) parts.length = 0;
      settle(event.data);
    };
    // Also how a worker refused by the page's policy reports, later.
    worker.onerror = (event) => {
      event.preventDefault();
      worker = null;
      settle({ noWorker: true });
    };
  } catch {
    worker = null;
  }

  /** Called by the inline script after each part: `feed(document.currentScript)`. */
  function feed(script) {
    const part = script && script.previousElementSibling;
    if (!part || !part.classList.contains('lanterne-index-part') || ended) return;
    const text = part.textContent;
    part.remove();
    script.remove();
    // the first part says how long the unpacked index is
    if (!parts.length) size = Number(part.dataset.size) || 0;
    if (worker) worker.postMessage({ part: text, size });
    parts.push(text);
    if (part.dataset.last === 'true') {
      ended = true;
      if (worker) worker.postMessage({ end: true });
    }
  }

  window.__lanterneIndexParts = {
    feed,
    /** Whether the last part was read (else the file was cut short). */
    complete: () => ended,
    /** The parts read so far (text7), in order. */
    parts: () => parts,
    /** How long the unpacked index is, as the first part says (0: not said). */
    size: () => size,
    /** Whether a worker is unpacking the parts (it may still fail to start: see unpacked()). */
    hasWorker: () => worker !== null,
    /**
     * Once complete(): resolves, when the worker has unpacked the last
     * part, with {index, lastPartAt, doneAt} (the times when the worker got
     * the last part and had unpacked it, ms since the epoch) or {error};
     * or with {noWorker: true} when there is no worker (then use parts()).
     */
    unpacked: () => (worker ? result : Promise.resolve({ noWorker: true })),
    /** The decoder, lanterne-unpack.wasm, compiled (a promise of a WebAssembly.Module). */
    decoder: decoderModule,
  };
}

if (typeof document === 'undefined') workerMain();
else pageMain();
