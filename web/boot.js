// boot.js — starts gunzipping the page's index while the browser is still
// reading the page.
//
// A single-file page carries its index gzipped and base64-encoded in parts
// (<script type="application/octet-stream" class="lanterne-index-part">),
// each followed by a one-line inline script calling feed().  The browser
// runs the page's module (app.js) only once it has read the whole file:
// for a 10,000-document leak, about a second of reading 30 MB of HTML.
// Until then the second core is idle.  Here each part, as soon as it is
// read, goes to a worker that decodes and gunzips it; by the time app.js
// runs, the index is mostly or entirely gunzipped, and app.js only copies
// it into the core's memory.
//
// Where the worker cannot start (an old browser, a stricter policy), the
// parts are only kept, and app.js decodes them itself as before; the page
// works the same, later.  Nothing here touches the DOM beyond removing the
// parts once read, so that the page does not hold the index twice.
//
// This file is inlined as a classic script before the parts (its hash is in
// the page's Content-Security-Policy, with `worker-src blob:` for the worker).
(() => {
  'use strict';

  // Base64 to bytes, for the worker and for app.js (the wasm, and the
  // index where there is no worker).  The native decoder, where the browser
  // has it, is several times faster than atob() and a loop.
  function decodeBase64(text) {
    if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text.trim());
    const bin = atob(text.replace(/\s+/g, ''));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  // Runs in the worker (with decodeBase64): base64 parts in; at the end,
  // the gunzipped index out, transferred, not copied.  (The gzipped bytes,
  // which web/share.js gives sibling embeds, are not needed: a page that
  // can share starts no worker, below.)
  function workerMain(decode) {
    const stream = new DecompressionStream('gzip');
    const writer = stream.writable.getWriter();
    // The index, gunzipped into one buffer of the size the page announces,
    // so that the page copies it into the core's memory in one go.
    let index = null;
    let size = 0;
    let failure = null;
    let lastPartAt = 0;     // when the last part came (ms since the epoch)
    const fail = (err) => { failure = failure || String(err && err.message ? err.message : err); };
    const reading = (async () => {
      const reader = stream.readable.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (!index || size + value.length > index.length) throw new Error(`the index is longer than the ${index ? index.length : 0} bytes announced`);
        index.set(value, size);
        size += value.length;
      }
      if (size !== index.length) throw new Error(`the index is ${size} bytes long, not ${index.length} as announced`);
    })().catch(fail);
    self.onmessage = async (event) => {
      const message = event.data;
      if (typeof message.part === 'string') {
        if (failure) return;
        try {
          if (!index) index = new Uint8Array(message.size);
          writer.write(decode(message.part)).catch(fail);
        } catch (err) {
          fail(err);
        }
        return;
      }
      if (message.end) {
        lastPartAt = performance.timeOrigin + performance.now();
        if (!failure) await writer.close().catch(fail);
        await reading;
        if (failure) {
          self.postMessage({ error: failure });
          return;
        }
        const doneAt = performance.timeOrigin + performance.now();
        self.postMessage({ index, lastPartAt, doneAt }, [index.buffer]);
      }
    };
  }

  let texts = [];        // the parts, until the worker has gunzipped them
  let size = 0;          // of the gunzipped index, as the first part announces
  let worker = null;
  let ended = false;
  let settle = null;
  const result = new Promise((resolve) => { settle = resolve; });

  // An embed in an article that can share (web/share.js, canShare()) is
  // usually given the index by a sibling embed: a worker gunzipping it in
  // every embed at once would only take the cores from the first one.
  const sharing = window.parent !== window && self.origin !== 'null';
  if (!sharing) try {
    const url = URL.createObjectURL(new Blob([`(${workerMain})(${decodeBase64})`], { type: 'text/javascript' }));
    worker = new Worker(url);
    URL.revokeObjectURL(url);
    worker.onmessage = (event) => {
      if (!event.data.error) texts = [];
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
    // the first part says how long the gunzipped index is
    if (!texts.length) size = Number(part.dataset.size) || 0;
    if (worker) worker.postMessage({ part: text, size });
    texts.push(text);
    if (part.dataset.last === 'true') {
      ended = true;
      if (worker) worker.postMessage({ end: true });
    }
  }

  window.__lanterneIndexParts = {
    feed,
    decodeBase64,
    /** Whether the last part was read (else the file was cut short). */
    complete: () => ended,
    /** The base64 parts read so far, in order. */
    texts: () => texts,
    /** How long the gunzipped index is, as the first part says (0: not said). */
    size: () => size,
    /** Whether a worker is gunzipping the parts (it may still fail to start: see gunzipped()). */
    hasWorker: () => worker !== null,
    /**
     * Once complete(): resolves, when the worker has gunzipped the last
     * part, with {index, lastPartAt, doneAt} (the times when the worker got
     * the last part and had gunzipped it, ms since the epoch) or {error};
     * or with {noWorker: true} when there is no worker (then use texts()).
     */
    gunzipped: () => (worker ? result : Promise.resolve({ noWorker: true })),
  };
})();
