/*
** lanterne.mjs — the JavaScript side of the WebAssembly boundary.
**
** The page (and the Node tests) use Lanterne through this file only.  It
** loads the WebAssembly core (lanterne-core.mjs, built from the same C as the
** native `lanterne` CLI, exporting exactly the functions of src/lanterne.h),
** and turns its C calling convention — pointers, NUL-ended UTF-8, JSON text,
** lanterne_free() — into plain JavaScript: objects in, objects out.
**
**   import { openIndex } from './lanterne.mjs';
**   const index = await openIndex(new Uint8Array(bytesOfTheIndexFile));
**   const answer = index.search({ query: "l'OTAN", limit: 20 });
**   index.close();
**
** Works unchanged in Node (>= 18) and in browsers: it imports nothing but
** './lanterne-core.mjs' and uses only TextEncoder and typed arrays.
**
** Answers are returned as the C core gives them: a failed request is an
** object with an `error` key (e.g. {"error": "no document with id ..."}), not
** an exception.  Exceptions are kept for what the C side cannot answer at all:
** an index that does not open, a closed index, memory exhausted.
**
** Memory ownership (C side rules in src/lanterne.h):
**   - every buffer this file allocates with lanterne_malloc() is released
**     with lanterne_free() before the call that allocated it returns, except
**     the copy of the index bytes, which lanterne_open_bytes() takes over
**     (and frees itself, even when opening fails);
**   - every char* a lanterne_* function returns is copied into a JS string
**     and released with lanterne_free() at once (lanterne_version()'s static
**     string excepted);
**   - an open index holds wasm memory (the index bytes and SQLite's state)
**     until close(); nothing frees it automatically.
*/
import createLanterneCore from './lanterne-core.mjs';

// One WebAssembly instance per JavaScript realm, created on first use and
// shared by every open index.
let corePromise = null;

/** Loads (once) and returns the WebAssembly module. */
export function loadCore() {
  if (!corePromise) {
    corePromise = createLanterneCore().catch((err) => {
      corePromise = null; // let a later call try again
      throw new Error(`Lanterne: the WebAssembly core failed to load: ${err && err.message ? err.message : err}`);
    });
  }
  return corePromise;
}

const encoder = new TextEncoder();

// Lone UTF-16 surrogates (possible in JS strings, e.g. from a cut paste)
// become U+FFFD, as TextEncoder and Node's command-line arguments do.  This
// must happen before JSON.stringify, which would otherwise write them as
// "\ud800" escapes that a JSON parser may refuse.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
function wellFormed(s) {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

// JSON.stringify with every string made well-formed.
function requestJson(request) {
  return JSON.stringify(request, (key, value) => (typeof value === 'string' ? wellFormed(value) : value));
}

/*
** Copies `bytes` (a Uint8Array) into a new lanterne_malloc() buffer followed
** by a NUL byte.  Returns its address; the caller owns it.
*/
function copyIn(M, bytes) {
  const ptr = M._lanterne_malloc(bytes.length + 1) >>> 0;
  if (!ptr) throw new Error('Lanterne: out of memory');
  // Read HEAPU8 after malloc: growing memory replaces the view.
  M.HEAPU8.set(bytes, ptr);
  M.HEAPU8[ptr + bytes.length] = 0;
  return ptr;
}

/*
** A JS string as a NUL-ended UTF-8 C string in wasm memory; the caller owns
** it.  (Emscripten's stringToUTF8 would write lone surrogates as invalid
** UTF-8; TextEncoder writes U+FFFD.)  A NUL character in the string ends the
** C string there.
*/
function cString(M, s) {
  return copyIn(M, encoder.encode(String(s)));
}

/*
** Takes a char* answer from a lanterne_* function: copies it out, frees it,
** parses its JSON.  NULL means the C side ran out of memory.
*/
function takeJson(M, ptr) {
  ptr >>>= 0;
  if (!ptr) throw new Error('Lanterne: out of memory');
  let text;
  try {
    text = M.UTF8ToString(ptr);
  } finally {
    M._lanterne_free(ptr);
  }
  return JSON.parse(text);
}

/*
** Calls fn(...args, requestPtr) with `request` passed as JSON text, and
** returns the parsed answer.  Frees the request and the answer.
*/
function callWithJson(M, fn, args, request) {
  const req = cString(M, requestJson(request));
  try {
    return takeJson(M, fn(...args, req));
  } finally {
    M._lanterne_free(req);
  }
}

/*
** Opens an index from its bytes (Uint8Array, ArrayBuffer or any ArrayBuffer
** view, e.g. a Node Buffer).  The bytes are copied into wasm memory; the
** caller's array is not kept.  (openIndexFromChunks, below, takes them in
** pieces instead.)  `name` only appears in error messages.
** Rejects with an Error carrying the C side's message when the bytes are not
** a Lanterne index.
**
** Returns { search(request), document(request), entity(request),
**           entities(request), info(), close() }:
**   search({query, limit, offset, as_you_type, sort, from, to, dates,
**           timeline, entities, facets})               -> answer object
**   document({id, query})                              -> document object
**   entity({id})           -> aliases, description, documents, co-occurring
**   entities({type})                                   -> {entities: [...]}
**   info()                                             -> corpus summary
**   prepare({bytes})  rebuilds a packed index's full-text index a step
**                     further (src/index_pack.h)  -> {ready, documents_done, documents}
**   close()   frees the index's wasm memory; idempotent.
** A request given as a string is taken as {query: string} for search(),
** {id: string} for document() and entity(), {type: string} for entities().
** See src/lanterne.h for the JSON fields.
*/
export async function openIndex(bytes, { name = 'index' } = {}) {
  const M = await loadCore();
  let view;
  if (bytes instanceof Uint8Array) view = bytes;
  else if (bytes instanceof ArrayBuffer) view = new Uint8Array(bytes);
  else if (ArrayBuffer.isView(bytes)) view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  else throw new TypeError('openIndex: bytes must be a Uint8Array or an ArrayBuffer');
  const n = view.length;
  const dataPtr = allocIndex(M, n, name);
  M.HEAPU8.set(view, dataPtr);
  return openOwned(M, dataPtr, n, name);
}

/*
** Opens an index whose bytes come in pieces, each written into wasm memory
** as it comes: the page feeds it the blocks its zstd decoder unpacks, so
** the index (54 MB at 10,000 documents) is never also assembled in a
** JavaScript buffer and copied over.  `chunks`: a ReadableStream or an
** (async) iterable of Uint8Array; `size`: their total length in bytes,
** known beforehand (the page announces it).  Rejects, having
** freed what it allocated and cancelled the stream, if the pieces add up
** to another length (Error with .sizeMismatch set) or the stream fails.
** `onRead()`, if given, is called when all the bytes are in, before opening.
** `prefault`: write zeros over the index's memory before waiting for the
** first piece.  The first write to fresh wasm memory faults each page in
** (~0.2 s for 54 MB in Chromium on the bench machine); when the pieces come
** late, from another thread, that is better done while waiting for them.
*/
export async function openIndexFromChunks(chunks, size, { name = 'index', onRead = null, prefault = false } = {}) {
  const M = await loadCore();
  if (!Number.isSafeInteger(size) || size < 0) throw new TypeError('openIndexFromChunks: size must be a byte count');
  const reader = chunks && typeof chunks.getReader === 'function' ? chunks.getReader() : null;
  const iterator = reader ? null : (chunks[Symbol.asyncIterator] ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]());
  let dataPtr = 0;
  let at = 0;
  try {
    dataPtr = allocIndex(M, size, name);
    if (prefault) M.HEAPU8.fill(0, dataPtr, dataPtr + size);
    for (;;) {
      const { done, value } = reader ? await reader.read() : await iterator.next();
      if (done) break;
      const piece = value instanceof Uint8Array ? value : new Uint8Array(value);
      if (at + piece.length > size) throw mismatch(name, size);
      // Read HEAPU8 again each time: memory may have grown meanwhile.
      M.HEAPU8.set(piece, dataPtr + at);
      at += piece.length;
    }
    if (at !== size) throw mismatch(name, size);
    if (onRead) onRead();
  } catch (err) {
    M._lanterne_free(dataPtr);
    try {
      if (reader) await reader.cancel();
      else if (iterator && typeof iterator.return === 'function') await iterator.return();
    } catch { /* already failed */ }
    throw err;
  }
  return openOwned(M, dataPtr, size, name);
}

function mismatch(name, size) {
  const err = new Error(`Lanterne: ${name} is not ${size} bytes long as announced`);
  err.sizeMismatch = true;
  return err;
}

/* A lanterne_malloc() buffer for an index of n bytes. */
function allocIndex(M, n, name) {
  const ptr = M._lanterne_malloc(Math.max(n, 1)) >>> 0;
  if (!ptr) throw new Error(`Lanterne: not enough memory to open ${name} (${n} bytes)`);
  return ptr;
}

/*
** Opens the n index bytes at dataPtr (a lanterne_malloc() buffer), whose
** ownership passes to lanterne_open_bytes() here, whatever its outcome.
*/
function openOwned(M, dataPtr, n, name) {
  // namePtr and errPtrPtr stay ours.
  let namePtr = 0;
  let errPtrPtr = 0;
  let handle = 0;
  try {
    namePtr = cString(M, String(name));
    errPtrPtr = M._lanterne_malloc(4) >>> 0;
    if (!errPtrPtr) throw new Error('Lanterne: out of memory');
    M.HEAPU8.fill(0, errPtrPtr, errPtrPtr + 4); // *error = NULL
  } catch (err) {
    M._lanterne_free(dataPtr); // not yet handed over
    M._lanterne_free(namePtr);
    throw err;
  }
  try {
    handle = M._lanterne_open_bytes(dataPtr, n, namePtr, errPtrPtr) >>> 0;
    if (!handle) {
      const errPtr = M.getValue(errPtrPtr, 'i32') >>> 0;
      let message = `Lanterne: could not open ${name}`;
      if (errPtr) {
        message = M.UTF8ToString(errPtr);
        M._lanterne_free(errPtr);
      }
      throw new Error(message);
    }
  } finally {
    M._lanterne_free(namePtr);
    M._lanterne_free(errPtrPtr);
  }

  let open = true;
  const live = () => {
    if (!open) throw new Error(`Lanterne: ${name} is closed`);
    return handle;
  };
  return {
    search(request = {}) {
      const h = live();
      if (typeof request === 'string') request = { query: request };
      return callWithJson(M, M._lanterne_search, [h], request);
    },
    document(request) {
      const h = live();
      if (typeof request === 'string') request = { id: request };
      return callWithJson(M, M._lanterne_document, [h], request);
    },
    entity(request) {
      const h = live();
      if (typeof request === 'string') request = { id: request };
      return callWithJson(M, M._lanterne_entity, [h], request);
    },
    entities(request = {}) {
      const h = live();
      if (typeof request === 'string') request = { type: request };
      return callWithJson(M, M._lanterne_entities, [h], request);
    },
    info() {
      return takeJson(M, M._lanterne_info(live()));
    },
    prepare(request = {}) {
      return callWithJson(M, M._lanterne_prepare, [live()], request);
    },
    close() {
      if (!open) return;
      open = false;
      M._lanterne_close(handle);
      handle = 0;
    },
  };
}

/** How the tokenizer reads `text`: {tokens: [{token, start, end, colocated}]}. */
export async function tokens(text) {
  const M = await loadCore();
  const p = cString(M, String(text));
  try {
    return takeJson(M, M._lanterne_tokens(p));
  } finally {
    M._lanterne_free(p);
  }
}

/** What a reader's query becomes: {match, exclude} (FTS5 expressions or null). */
export async function parseQuery(query, asYouType = false) {
  const M = await loadCore();
  const p = cString(M, String(query));
  try {
    return takeJson(M, M._lanterne_parse_query(p, asYouType ? 1 : 0));
  } finally {
    M._lanterne_free(p);
  }
}

/**
 * The dates and entities found in a text, as the index would record them:
 * {document_date, dates: [{text, start, end, value, precision, end_value}],
 *  entities: [{id, name, type, mentions: [{text, start, end}]}]}
 * with UTF-8 byte offsets.  `options`: {date: "YYYY[-MM[-DD]]", the
 * document's known date; discover: false for known names only}, or null.
 * In the page there is no file system, so only the built-in gazetteer and
 * discovery are used (the `kb` option names a file).
 */
export async function annotate(text, options = null) {
  const M = await loadCore();
  const p = cString(M, String(text));
  let o = 0;
  try {
    if (options != null) o = cString(M, requestJson(options));
    return takeJson(M, M._lanterne_annotate(p, o)); // o = 0: NULL, no options
  } finally {
    M._lanterne_free(p);
    M._lanterne_free(o);
  }
}

/** The core's version (LANTERNE_VERSION), e.g. "0.1.0". */
export async function version() {
  const M = await loadCore();
  return M.UTF8ToString(M._lanterne_version()); // static string: not freed
}
