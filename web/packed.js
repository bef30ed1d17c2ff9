// packed.js — how a single-file page carries its binary data (the wasm
// core and the index) inside its HTML, and how the page gets the bytes back.
//
// The bytes are compressed with Zstandard (the `zstd` tool at level 19 when
// the page is built) and written as text, 7 bits per character ("text7"):
//
//   - the compressed bytes are read as a stream of bits, most significant
//     first, cut into groups of 7 (the last one padded with zero bits);
//   - a group is written as the ASCII character of its value, except the
//     four values the HTML file cannot hold as they are inside a <script>
//     element: NUL (the parser replaces it), LF and CR (tools rewrite line
//     ends) and `<` (it could close the element), and `~`, the escape:
//     those five are written as `~` and a digit, `~0` to `~4`;
//   - line ends are never data, so the decoder skips any a tool inserted.
//
// The page stays pure ASCII: Chromium reads an HTML file that has other
// characters markedly slower (escapes written as U+00C0 and up, two bytes
// in UTF-8, made a 21 MB page take 0.42 s to read instead of ~0.3 s).
//
// Why not gzip and base64, which browsers decode natively: base64 spends 8
// bits of file on 6 of data (1.33x), text7 on 7 plus one byte per escaped
// group (1.19x), and zstd -19 makes an index about a fifth smaller than
// gzip -9: together, the 10k-document page of the benchmark went from 30.6
// to 21.8 MB.  Decoding is wasm/unpack.c (zstd's own decoder, and text7),
// a separate 76 KB WebAssembly module, faster than the browser's gunzip,
// which checks zstd's checksum: a damaged page says so.
//
// Here: encodeText7 (for scripts/build-page.mjs) and Unpacker, the
// decoder's JavaScript side (web/boot.js's worker, web/app.js).

/** Values of a 7-bit group that are written escaped: ESCAPED[i] as `~` and the digit i (wasm/unpack.c has the same). */
const ESCAPED = [0x00, 0x0a, 0x0d, 0x3c, 0x7e];
const ESCAPE = 0x7e;
const DIGIT_0 = 0x30;

/** Bytes to text7 (an ASCII string). */
export function encodeText7(bytes) {
  // at most 2 characters per 7 bits
  const codes = new Uint8Array(2 * Math.ceil((bytes.length * 8) / 7));
  let n = 0, acc = 0, bits = 0;
  const put = (v) => {
    const escaped = ESCAPED.indexOf(v);
    if (escaped < 0) {
      codes[n++] = v;
    } else {
      codes[n++] = ESCAPE;
      codes[n++] = DIGIT_0 + escaped;
    }
  };
  for (let i = 0; i < bytes.length; i++) {
    acc = ((acc << 8) | bytes[i]) & 0x7fff; // the bits not yet written are the last `bits + 8`
    bits += 8;
    while (bits >= 7) {
      bits -= 7;
      put((acc >> bits) & 0x7f);
    }
  }
  if (bits > 0) put((acc << (7 - bits)) & 0x7f);
  let text = '';
  for (let at = 0; at < n; at += 0x8000) text += String.fromCharCode.apply(null, codes.subarray(at, Math.min(at + 0x8000, n)));
  return text;
}

/**
 * An instance of the decoder, ready (its exports), whose unpack_emit()
 * calls `emit(at, n)`: the next n bytes at `at` in its memory.
 */
async function decoder(decoderModule, emit) {
  const instance = await WebAssembly.instantiate(decoderModule, {
    env: {
      // Emscripten's standalone wasm asks for it; nothing to do
      emscripten_notify_memory_growth() {},
      unpack_emit: (at, n) => emit(at >>> 0, n >>> 0),
    },
  });
  instance.exports._initialize();
  return instance.exports;
}

/**
 * Unpacks data (of a size the page announces) from its pieces, in order:
 * text7 (pushText) or compressed bytes (pushBytes), with its own instance
 * of the decoder.  The decoder hands the bytes out 1 MB at a time, so its
 * memory stays ~10 MB whatever the size of the data.  They go into one
 * buffer of the announced size:
 *
 *   const u = await Unpacker.create(decoderModule, size);
 *   u.pushText(part.textContent);   // each part, in order
 *   const bytes = u.finish();       // a Uint8Array of `size` bytes
 *
 * or, with `onBytes`, to that function as they come (a view, valid only
 * during the call: copy it), and finish() returns null.
 *
 * Throws an Error saying what is wrong ("the data is cut short", ...) on
 * damaged, short or long data.  `decoderModule`: the compiled
 * lanterne-unpack.wasm (WebAssembly.Module).
 */
export class Unpacker {
  static async create(decoderModule, size, onBytes = null) {
    if (!Number.isSafeInteger(size) || size <= 0) throw new Error(`the page announces no usable size for its data (${size})`);
    let unpacker = null;
    const exports = await decoder(decoderModule, (at, n) => unpacker.emit(at, n));
    unpacker = new Unpacker(exports, size, onBytes);
    return unpacker;
  }

  constructor(exports, size, onBytes) {
    this.x = exports;
    this.size = size;
    this.onBytes = onBytes;
    this.out = onBytes ? null : new Uint8Array(size);
    this.length = 0;
    this.handle = this.x.unpack_new(size);
    if (!this.handle) throw new Error(`not enough memory to unpack ${size} bytes`);
    this.scratch = 0;
    this.scratchSize = 0;
  }

  /** From the decoder: the next n bytes, at `at` in its memory (it checks they fit the size). */
  emit(at, n) {
    const bytes = new Uint8Array(this.x.memory.buffer, at, n);
    if (this.onBytes) this.onBytes(bytes);
    else this.out.set(bytes, this.length);
    this.length += n;
  }

  /** A buffer of at least n bytes in the decoder's memory. */
  buffer(n) {
    if (n > this.scratchSize) {
      if (this.scratch) this.x.unpack_free(this.scratch);
      this.scratchSize = Math.max(n, 1 << 16);
      this.scratch = this.x.unpack_alloc(this.scratchSize);
      if (!this.scratch) throw new Error('not enough memory to unpack the data');
    }
    return this.scratch;
  }

  check(result) {
    if (result === 0) return;
    const at = this.x.unpack_error(this.handle) >>> 0;
    const bytes = new Uint8Array(this.x.memory.buffer, at);
    const message = at ? new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(0))) : 'unknown error';
    throw new Error(/^the data/.test(message) ? message : `the data is damaged (zstd: ${message})`);
  }

  /** Adds the next piece of text7 (a string, as the page's element holds it). */
  pushText(text) {
    if (!this.handle) throw new Error('the data was already unpacked');
    // text7 is ASCII, 1 byte of UTF-8 per character; anything else is 3
    // at most, and refused by the decoder.
    const max = text.length * 3;
    const at = this.buffer(max);
    const { read, written } = new TextEncoder().encodeInto(text, new Uint8Array(this.x.memory.buffer, at, max));
    if (read !== text.length) throw new Error('the data could not be read');
    this.check(this.x.unpack_text(this.handle, at, written));
  }

  /** Adds the next compressed bytes. */
  pushBytes(bytes) {
    if (!this.handle) throw new Error('the data was already unpacked');
    for (let from = 0; from < bytes.length; from += 1 << 20) {
      const piece = bytes.subarray(from, from + (1 << 20));
      const at = this.buffer(piece.length);
      new Uint8Array(this.x.memory.buffer, at, piece.length).set(piece);
      this.check(this.x.unpack_bytes(this.handle, at, piece.length));
    }
  }

  /**
   * Ends the unpack: the data (null when given to `onBytes`); throws if
   * it is cut short or not the size announced.  Frees the decoder's
   * buffers.
   */
  finish() {
    if (!this.handle) throw new Error('the data was already unpacked');
    try {
      this.check(this.x.unpack_finish(this.handle));
    } finally {
      this.close();
    }
    return this.out;
  }

  /** Frees the decoder's buffers (the instance's memory goes with the Unpacker). */
  close() {
    if (this.handle) this.x.unpack_delete(this.handle);
    if (this.scratch) this.x.unpack_free(this.scratch);
    this.handle = 0;
    this.scratch = 0;
    this.scratchSize = 0;
  }
}

/**
 * The size of the data compressed bytes (a zstd file: a web server's
 * index.db.zst) say they hold, read by zstd itself from their header; 0
 * when they do not say it.
 */
export async function packedSize(decoderModule, bytes) {
  const x = await decoder(decoderModule, () => {});
  const header = bytes.subarray(0, 18); // ZSTD_FRAMEHEADERSIZE_MAX
  const at = x.unpack_alloc(header.length);
  if (!at) return 0;
  new Uint8Array(x.memory.buffer, at, header.length).set(header);
  return x.unpack_content_size(at, header.length) >>> 0;
}

/** Text7 (or compressed bytes) unpacked whole, to `size` bytes. */
export async function unpack(decoderModule, data, size) {
  const u = await Unpacker.create(decoderModule, size);
  try {
    if (typeof data === 'string') u.pushText(data);
    else u.pushBytes(data);
    return u.finish();
  } finally {
    u.close();
  }
}
