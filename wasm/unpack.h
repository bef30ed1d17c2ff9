/*
** unpack.h — the page's data decoder (unpack.c): text7 to bytes, then zstd
** to the data.  The whole API of lanterne-unpack.wasm, the small module
** web/packed.js drives; also built natively for tests/fuzz/fuzz_unpack.c.
**
** One unpack is one handle:
**
**   Unpack *u = unpack_new(size);            size: of the unpacked data
**   unpack_text(u, text, n);                 each piece of text7, in order
**                                            (or unpack_bytes: compressed bytes)
**   if (unpack_finish(u) != 0) report unpack_error(u);
**   unpack_delete(u);
**
** The unpacked bytes are handed, in order and as they come, to
** unpack_emit(), which the embedder provides (in the page, a function of
** web/packed.js imported by the wasm module).  Pieces are the caller's;
** unpack_text overwrites its piece.
*/
#ifndef LANTERNE_UNPACK_H
#define LANTERNE_UNPACK_H

#include <stddef.h>

typedef struct Unpack Unpack;

/*
** Provided by the embedder: the next n unpacked bytes.  They are valid
** only during the call (the buffer is reused): copy them.
*/
#if defined(__wasm__)
__attribute__((import_module("env"), import_name("unpack_emit")))
#endif
void unpack_emit(const unsigned char *bytes, size_t n);

/* malloc() and free() for the caller's pieces, exported to JavaScript. */
void *unpack_alloc(size_t n);
void unpack_free(void *p);

/* Starts unpacking data of `size` bytes: the handle, or NULL if memory is
** lacking. */
Unpack *unpack_new(size_t size);

/*
** Adds the next piece of text7 (web/packed.js says what it is), as its
** ASCII bytes text[0..n), decoded in place (overwritten).  Line ends are
** skipped anywhere.  Returns 0, or -1 after any error (see unpack_error();
** every later call then fails too).
*/
int unpack_text(Unpack *u, unsigned char *text, size_t n);

/* Adds the next compressed bytes src[0..n).  Returns 0 or -1. */
int unpack_bytes(Unpack *u, const unsigned char *src, size_t n);

/*
** Ends the unpack: 0 if the data is complete (its last zstd frame ended,
** its checksum, when it has one, checked) and of the size announced; else
** -1.  Data longer than announced fails as soon as it shows.
*/
int unpack_finish(Unpack *u);

/* How many bytes were unpacked (and emitted) so far. */
size_t unpack_length(Unpack *u);

/*
** The size of the data a zstd file says it holds, from its first frame's
** header at src[0..n) (ZSTD_FRAMEHEADERSIZE_MAX, 18 bytes, are enough);
** 0 when the header does not say, is not a zstd frame's, or says more
** than a size_t holds.
*/
size_t unpack_content_size(const unsigned char *src, size_t n);

/* What went wrong, a static string ("the data is cut short", a zstd error
** name...), or NULL. */
const char *unpack_error(Unpack *u);

/* Frees the handle.  NULL is allowed. */
void unpack_delete(Unpack *u);

#endif
