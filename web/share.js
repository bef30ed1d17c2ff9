// share.js — several embeds of the same explorer page in one article share
// one compiled WebAssembly module and the index bytes, where the browser
// allows it.
//
// Each embed is an <iframe> of the same page (web/embed.js).  Frames of the
// same origin under one article are in one agent cluster, where a
// WebAssembly.Module can be posted to another window and is shared, not
// recompiled.  So an embed that starts looks among its sibling frames (the
// other frames of its parent) for pages of the same origin and the same
// build (a hash of the wasm and the index that scripts/build-page.mjs
// writes in the page), asks them for the module and the packed index, and
// decodes its own copy only if none can give them: a sibling that has them
// answers at once, one that is loading its own answers "wait" and sends
// them when it has them.  Embeds that start together and ask each other
// settle it by a random draw: an asking embed that hears an ask with a
// higher number says "wait" (and loads, if no frame gives it the module
// meanwhile); one that hears a lower number asks that embed directly, so
// that it hears it too.  Whoever loads passes the module on.
//
// What the browser refuses, and what happens then:
//   - file:// pages have opaque origins ("null"): their frames cannot read
//     each other and the browser cannot clone a Module across them
//     (messageerror); nothing is asked and each embed decodes its own copy;
//   - frames of other origins (ads, videos) are not asked and never receive
//     anything: messages are addressed to this page's origin only, and
//     answers from any other origin are ignored;
//   - pages of another corpus or version on the same origin are not asked
//     (another build), and would ignore the request.

const NS = 'lanterne-share';
const ASK_MS = 400;       // how long to wait for a sibling of this build to answer
const WAIT_MS = 20000;    // how long to wait for a sibling that is loading

let mine = null;          // {module, data, size} once this page has them
let loadingSelf = false;  // decoding our own copy
let asking = null;        // {token, asked} while we ask
const waiting = new Set(); // windows that asked while we were loading
let listening = false;
/** What happened, for the page's stats (window.__lanterne.share). */
export const log = [];
const note = (what) => log.push(`${Math.round(performance.now())} ${what}`);

/** Can this page share at all? (embedded, in a real origin) */
export function canShare() {
  return window.parent !== window && self.origin !== 'null' && typeof WebAssembly === 'object';
}

function build() {
  return document.documentElement.dataset.build || '';
}

/** The sibling frames that are this page's origin and build. */
function siblings() {
  const out = [];
  try {
    const frames = window.parent.frames;
    for (let i = 0; i < frames.length; i++) {
      const w = frames[i];
      if (w === window) continue;
      try {
        if (w.document.documentElement.dataset.build === build()) out.push(w); // throws for another origin
      } catch { /* another origin: not ours */ }
    }
  } catch { /* no access to the parent's frame list */ }
  return out;
}

function valid(data) {
  return data && typeof data === 'object' && data.ns === NS && data.build === build() && build() !== '';
}

/** The packed index as offer() takes it: text7 parts, or compressed bytes. */
function packedIndex(data) {
  return data instanceof Uint8Array || (Array.isArray(data) && data.length > 0 && data.every((p) => typeof p === 'string'));
}

function send(target, message) {
  try {
    target.postMessage({ ns: NS, build: build(), ...message }, self.origin);
  } catch { /* the target went away, or refused the Module: it decodes its own */ }
}

function listen() {
  if (listening) return;
  listening = true;
  window.addEventListener('message', (ev) => {
    if (ev.origin !== self.origin || !valid(ev.data) || !ev.source || ev.source === window || ev.data.type !== 'ask') return;
    note(`asked (${mine ? 'have' : loadingSelf ? 'loading' : asking ? 'asking' : 'idle'})`);
    if (mine) {
      send(ev.source, { type: 'give', ...mine });
    } else if (loadingSelf || (asking && asking.token < ev.data.token)) {
      // Loading, or both asking and we drew lower: they wait for us (we
      // still take the module from a third frame that has it, and pass it on).
      waiting.add(ev.source);
      send(ev.source, { type: 'wait' });
    } else if (asking && !asking.asked.has(ev.source)) {
      // Both asking, they drew lower: make sure they heard us.
      asking.asked.add(ev.source);
      send(ev.source, { type: 'ask', token: asking.token });
    }
  });
}

/** This page decodes its own copy: siblings asking now will be sent it. */
export function loadingOwn() {
  if (!canShare()) return;
  listen();
  loadingSelf = true;
}

/**
 * This page has the module and the packed index (web/packed.js: its text7
 * parts, or its compressed bytes), `size` bytes once unpacked: share them
 * from now on.
 */
export function offer(module, data, size) {
  if (!canShare()) return;
  listen();
  mine = { module, data, size };
  loadingSelf = false;
  for (const w of waiting) send(w, { type: 'give', ...mine });
  waiting.clear();
}

/** This page could not load its own copy: siblings waiting for it stop. */
export function failed() {
  loadingSelf = false;
  for (const w of waiting) send(w, { type: 'fail' });
  waiting.clear();
}

/**
 * Asks the sibling frames.  Resolves with {module, data, size} from a sibling,
 * or null (none can give them, or the browser cannot share them): the
 * caller then decodes its own copy and calls loadingOwn() and offer().
 */
export function ask() {
  if (!canShare() || !build()) return Promise.resolve(null);
  const others = siblings();
  note(`${others.length} siblings`);
  if (!others.length) return Promise.resolve(null);
  listen();
  return new Promise((resolve) => {
    let timer = 0;
    const done = (value) => {
      note(value ? 'received' : 'no answer');
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      window.removeEventListener('messageerror', onError);
      asking = null;
      resolve(value);
    };
    const onMessage = (ev) => {
      if (ev.origin !== self.origin || !valid(ev.data)) return;
      const d = ev.data;
      note(`got ${d.type}`);
      if (d.type === 'give' && d.module instanceof WebAssembly.Module && packedIndex(d.data) && Number.isSafeInteger(d.size) && d.size > 0) done({ module: d.module, data: d.data, size: d.size });
      else if (d.type === 'wait' && asking) { clearTimeout(timer); timer = setTimeout(() => done(null), WAIT_MS); }
      else if (d.type === 'fail') done(null);
    };
    // A Module that could not be received (another agent cluster).
    const onError = () => done(null);
    window.addEventListener('message', onMessage);
    window.addEventListener('messageerror', onError);
    timer = setTimeout(() => done(null), ASK_MS);
    asking = { token: Math.random(), asked: new Set() };
    for (const w of others) send(w, { type: 'ask', token: asking.token });
  });
}
