// share.js — several embeds of the same explorer page in one article share
// one compiled WebAssembly module and the index bytes, where the browser
// allows it.
//
// Each embed is an <iframe> of the same page (web/embed.js).  Frames of the
// same origin under one article are in one agent cluster, where a
// WebAssembly.Module can be posted to another window and is shared, not
// recompiled.  So an embed that starts asks its sibling frames (the other
// frames of its parent) for the module and the gzipped index before
// decoding its own copy; a sibling that has them answers at once, one still
// loading answers "wait" and sends them when it has them.
//
// What the browser refuses, and what happens then:
//   - file:// pages have opaque origins ("null"): the browser drops a
//     message addressed to the same origin ('/') and cannot clone a Module
//     across them; nothing is asked and each embed decodes its own copy;
//   - frames of other origins (ads, videos) never receive the request: it
//     is addressed to this page's origin only, and answers from any other
//     origin are ignored;
//   - pages of another corpus or version on the same origin ignore the
//     request: it names this page's build (a hash of its wasm and index,
//     written by scripts/build-page.mjs).
// The request is a plain message and reveals nothing beyond that build
// hash; the answer carries what the page itself contains.

const NS = 'lanterne-share';
const ASK_MS = 120;       // how long to wait for any sibling to answer
const WAIT_MS = 20000;    // how long to wait for a sibling that is loading

let mine = null;          // {module, indexGz} once this page has them
const waiting = new Set(); // windows that asked while we were loading
let listening = false;

function siblings() {
  const out = [];
  try {
    const frames = window.parent.frames;
    for (let i = 0; i < frames.length; i++) if (frames[i] !== window) out.push(frames[i]);
  } catch { /* no access to the parent's frame list */ }
  return out;
}

/** Can this page share at all? (embedded, in a real origin) */
export function canShare() {
  return window.parent !== window && self.origin !== 'null' && typeof WebAssembly === 'object';
}

function build() {
  return document.documentElement.dataset.build || '';
}

function valid(data) {
  return data && typeof data === 'object' && data.ns === NS && data.build === build() && build() !== '';
}

function send(target, message) {
  try {
    target.postMessage(message, self.origin);
  } catch { /* the target went away, or refused the Module: it decodes its own */ }
}

function listen() {
  if (listening) return;
  listening = true;
  window.addEventListener('message', (ev) => {
    if (ev.origin !== self.origin || !valid(ev.data) || !ev.source || ev.source === window) return;
    if (ev.data.type === 'ask') {
      if (mine) send(ev.source, { ns: NS, build: build(), type: 'give', module: mine.module, indexGz: mine.indexGz });
      else if (loadingSelf) { waiting.add(ev.source); send(ev.source, { ns: NS, build: build(), type: 'wait' }); }
    }
  });
}

let loadingSelf = false;

/** This page is decoding its own copy: siblings asking now will be sent it. */
export function loadingOwn() {
  if (!canShare()) return;
  listen();
  loadingSelf = true;
}

/** This page has the module and the gzipped index: share them from now on. */
export function offer(module, indexGz) {
  if (!canShare()) return;
  listen();
  mine = { module, indexGz };
  for (const w of waiting) send(w, { ns: NS, build: build(), type: 'give', module, indexGz });
  waiting.clear();
}

/** This page could not load its own copy: siblings waiting for it stop. */
export function failed() {
  loadingSelf = false;
  for (const w of waiting) send(w, { ns: NS, build: build(), type: 'fail' });
  waiting.clear();
}

/**
 * Asks the sibling frames.  Resolves with {module, indexGz} from a sibling,
 * or null (no sibling has them, or the browser cannot share them).
 */
export function ask() {
  if (!canShare() || !build()) return Promise.resolve(null);
  const others = siblings();
  if (!others.length) return Promise.resolve(null);
  listen();
  return new Promise((resolve) => {
    let timer = 0;
    const done = (value) => {
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      window.removeEventListener('messageerror', onError);
      resolve(value);
    };
    const onMessage = (ev) => {
      if (ev.origin !== self.origin || !valid(ev.data)) return;
      const d = ev.data;
      if (d.type === 'give' && d.module instanceof WebAssembly.Module && d.indexGz instanceof Uint8Array) done({ module: d.module, indexGz: d.indexGz });
      else if (d.type === 'wait') { clearTimeout(timer); timer = setTimeout(() => done(null), WAIT_MS); }
      else if (d.type === 'fail') done(null);
    };
    // A Module that could not be received (another agent cluster).
    const onError = () => done(null);
    window.addEventListener('message', onMessage);
    window.addEventListener('messageerror', onError);
    timer = setTimeout(() => done(null), ASK_MS);
    for (const w of others) send(w, { ns: NS, build: build(), type: 'ask' });
  });
}
