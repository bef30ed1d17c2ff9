/*
** query.c — the reader's query language, read forgivingly and written out as
** FTS5 expressions that cannot fail to parse.
**
** Two passes over at most LT_QUERY_MAX_BYTES bytes:
**   1. a scanner cuts the text into raw items: bare words, "phrases" and the
**      OR keyword, each with its exclusion (-) and prefix (*) marks.  Nothing
**      else is syntax: brackets, colons, carets, NEAR, AND, NOT stay inside
**      the words, where the tokenizer reads them as separators.
**   2. each item is tokenized exactly as documents are (lt_tokenize, without
**      stems) and written as one quoted FTS5 string; the strings are joined
**      into OR groups, the groups into an AND, the exclusions into an OR.
** Because every token reaches FTS5 inside double quotes, and the only bare
** words we ever write are AND, OR, parentheses and the prefix star, the
** output is valid FTS5 whatever the input.  See query.h for the format.
*/
#include "query.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* ---------------------------------------------------------------------------
** Growing text buffer.  A failed allocation is remembered in `failed` so that
** callers may append freely and check once at the end.
*/

typedef struct text_buffer {
  char *data;
  size_t length, capacity;
  int failed;
} text_buffer;

static int text_buffer_reserve(text_buffer *buffer, size_t extra) {
  if (buffer->failed) return -1;
  if (buffer->length + extra + 1 <= buffer->capacity) return 0;
  size_t new_capacity = buffer->capacity ? buffer->capacity : 64;
  while (new_capacity < buffer->length + extra + 1) new_capacity *= 2;
  char *grown = realloc(buffer->data, new_capacity);
  if (!grown) { buffer->failed = 1; return -1; }
  buffer->data = grown;
  buffer->capacity = new_capacity;
  return 0;
}

static void text_buffer_append_bytes(text_buffer *buffer, const char *bytes, size_t n) {
  if (n == 0) return; /* bytes may be NULL then, and memcpy must not see it */
  if (text_buffer_reserve(buffer, n) != 0) return;
  memcpy(buffer->data + buffer->length, bytes, n);
  buffer->length += n;
  buffer->data[buffer->length] = '\0';
}

static void text_buffer_append(text_buffer *buffer, const char *text) {
  text_buffer_append_bytes(buffer, text, strlen(text));
}

static void text_buffer_clear(text_buffer *buffer) {
  buffer->length = 0;
  if (buffer->data) buffer->data[0] = '\0';
}

static void text_buffer_release(text_buffer *buffer) {
  free(buffer->data);
  buffer->data = NULL;
  buffer->length = buffer->capacity = 0;
}

/* Hands the buffer's text to the caller (NULL when empty) and empties it. */
static char *text_buffer_take(text_buffer *buffer) {
  if (buffer->length == 0) { text_buffer_release(buffer); return NULL; }
  char *text = buffer->data;
  buffer->data = NULL;
  buffer->length = buffer->capacity = 0;
  return text;
}

/* ---------------------------------------------------------------------------
** Characters the scanner gives a meaning to.
*/

/* Unicode White_Space, plus every C0 control and DEL: a NUL or an escape
** typed or pasted into a query is a word break, never part of a word. */
static int is_white_space(int cp) {
  if (cp < 0) return 0; /* invalid byte: left to the tokenizer */
  if (cp <= 0x20 || cp == 0x7F) return 1;
  switch (cp) {
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202F: case 0x205F: case 0x3000:
      return 1;
  }
  return cp >= 0x2000 && cp <= 0x200A;
}

/* '-', and the minus sign and en dash that word processors and phones put
** in its place. */
static int is_minus_sign(int cp) {
  return cp == '-' || cp == 0x2212 || cp == 0x2013;
}

/* Returns the code point that closes a phrase opened by cp, or 0 when cp
** opens nothing.  French guillemets and English curly quotes come in pairs;
** the straight quote closes itself. */
static int closing_quote_for(int cp) {
  switch (cp) {
    case '"': return '"';
    case 0xAB: return 0xBB;       /* « » */
    case 0x201C: return 0x201D;   /* “ ” */
  }
  return 0;
}

/* ---------------------------------------------------------------------------
** Scanner: the text as a sequence of raw items.
*/

typedef enum raw_item_kind {
  RAW_ITEM_WORD,
  RAW_ITEM_PHRASE,
  RAW_ITEM_OR
} raw_item_kind;

typedef struct raw_item {
  raw_item_kind kind;
  int excluded;            /* led by a minus sign */
  int prefix;              /* word ended with '*' (or as-you-type) */
  const char *text;        /* what the tokenizer reads */
  size_t length;
} raw_item;

typedef struct scanner {
  const unsigned char *text;
  size_t length;
  size_t position;
} scanner;

static int scanner_peek(const scanner *s, int *cp) {
  if (s->position >= s->length) { *cp = 0; return 0; }
  return lt_utf8_decode(s->text + s->position, s->length - s->position, cp);
}

/* Skips white space; returns the number of bytes skipped. */
static size_t scanner_skip_white_space(scanner *s) {
  size_t start = s->position;
  int cp;
  int width;
  while ((width = scanner_peek(s, &cp)) > 0 && is_white_space(cp)) s->position += (size_t)width;
  return s->position - start;
}

/* Reads a phrase whose opening quote has been consumed, up to its closing
** quote or, when the reader never closed it, to the end of the text. */
static void scan_phrase(scanner *s, int closing_quote, raw_item *item) {
  item->kind = RAW_ITEM_PHRASE;
  item->text = (const char *)s->text + s->position;
  int cp;
  int width;
  while ((width = scanner_peek(s, &cp)) > 0) {
    if (cp == closing_quote) {
      item->length = (size_t)((const char *)s->text + s->position - item->text);
      s->position += (size_t)width;
      return;
    }
    s->position += (size_t)width;
  }
  item->length = (size_t)((const char *)s->text + s->position - item->text);
}

/* Reads a bare word up to white space or an opening quote (a quote inside a
** word starts a phrase, as in web search engines).  A trailing run of '*'
** marks a prefix; the exact word OR, unsigned, is the keyword. */
static void scan_word(scanner *s, int had_sign, raw_item *item) {
  item->kind = RAW_ITEM_WORD;
  item->text = (const char *)s->text + s->position;
  int cp;
  int width;
  while ((width = scanner_peek(s, &cp)) > 0 && !is_white_space(cp) && !closing_quote_for(cp))
    s->position += (size_t)width;
  item->length = (size_t)((const char *)s->text + s->position - item->text);
  while (item->length > 0 && item->text[item->length - 1] == '*') {
    item->length--;
    item->prefix = 1;
  }
  if (!had_sign && !item->prefix && item->length == 2 && memcmp(item->text, "OR", 2) == 0)
    item->kind = RAW_ITEM_OR;
}

/* Reads the item at the scanner's position, which is not white space and
** not the end.  Leading signs: any minus excludes, '+' means nothing (web
** search engines used it for "required", which every word already is). */
static void scan_item(scanner *s, raw_item *item) {
  memset(item, 0, sizeof *item);
  int had_sign = 0;
  int cp;
  int width;
  while ((width = scanner_peek(s, &cp)) > 0 && (is_minus_sign(cp) || cp == '+')) {
    if (is_minus_sign(cp)) item->excluded = 1;
    had_sign = 1;
    s->position += (size_t)width;
  }
  int closing_quote = width > 0 ? closing_quote_for(cp) : 0;
  if (closing_quote) {
    s->position += (size_t)width;
    scan_phrase(s, closing_quote, item);
  } else {
    /* A lone sign gives an empty word here, which vanishes later. */
    scan_word(s, had_sign, item);
  }
}

/* Cuts n to LT_QUERY_MAX_BYTES without splitting a UTF-8 sequence: backs up
** over at most three continuation bytes, so broken input cannot make it
** back up further. */
static size_t bounded_length(const char *text, size_t n) {
  if (n <= LT_QUERY_MAX_BYTES) return n;
  size_t cut = LT_QUERY_MAX_BYTES;
  for (int i = 0; i < 3 && cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80; i++) cut--;
  return cut;
}

/* ---------------------------------------------------------------------------
** Writing one item as an FTS5 string: "t1 t2 t3", with " *" for a prefix.
*/

typedef struct item_writer {
  text_buffer *out;
  int token_count;
} item_writer;

/* lt_tokenize callback: appends one token inside the open quote. */
static int append_token(void *context, int flags, const char *token, int length,
                        int start, int end) {
  item_writer *writer = context;
  if (writer->token_count > 0) text_buffer_append_bytes(writer->out, " ", 1);
  for (int i = 0; i < length; i++) {
    /* Tokens are letters and digits; still, a quote inside would end the FTS5
    ** string early and a NUL would cut the C string, so neither gets through
    ** as it is. */
    if (token[i] == '"') text_buffer_append_bytes(writer->out, "\"\"", 2);
    else if (token[i] != '\0') text_buffer_append_bytes(writer->out, token + i, 1);
  }
  writer->token_count++;
  return writer->out->failed ? 1 : 0;
}

/* Writes the item into `out` (emptied first).  Returns the number of tokens
** (0: the item vanishes), or -1 when memory ran out. */
static int write_item(lt_tokenizer *tokenizer, const raw_item *item, text_buffer *out) {
  text_buffer_clear(out);
  text_buffer_append(out, "\"");
  item_writer writer = { out, 0 };
  int rc = lt_tokenize(tokenizer, item->text, item->length, 0, append_token, &writer);
  if (rc != 0 || out->failed) return -1;
  text_buffer_append(out, item->prefix ? "\" *" : "\"");
  return out->failed ? -1 : writer.token_count;
}

/* ---------------------------------------------------------------------------
** Assembling the items into the match and exclude expressions.
*/

typedef struct query_builder {
  text_buffer match;        /* finished groups, joined with " AND " */
  text_buffer exclude;      /* excluded items, joined with " OR " */
  text_buffer group;        /* the OR group being read */
  int group_item_count;
  int kept_item_count;      /* items that produced tokens, up to the limit */
  int or_pending;           /* an OR came after the group's last item */
  int last_kept_was_positive;
} query_builder;

/* Moves the current group into `match`.  FTS5 only reads two strings side by
** side as AND when neither is in parentheses, so groups are always joined
** with an explicit AND. */
static void flush_group(query_builder *b) {
  if (b->group_item_count == 0) return;
  if (b->match.length > 0) text_buffer_append(&b->match, " AND ");
  if (b->group_item_count > 1) text_buffer_append(&b->match, "(");
  text_buffer_append_bytes(&b->match, b->group.data, b->group.length);
  if (b->group_item_count > 1) text_buffer_append(&b->match, ")");
  text_buffer_clear(&b->group);
  b->group_item_count = 0;
}

static void add_positive_item(query_builder *b, const text_buffer *item) {
  if (b->or_pending && b->group_item_count > 0) {
    text_buffer_append(&b->group, " OR ");
  } else {
    flush_group(b);
  }
  text_buffer_append_bytes(&b->group, item->data, item->length);
  b->group_item_count++;
  b->or_pending = 0;
  b->last_kept_was_positive = 1;
}

/* An exclusion also ends any OR in progress: `a OR -b c` is a, c, not b. */
static void add_excluded_item(query_builder *b, const text_buffer *item) {
  if (b->exclude.length > 0) text_buffer_append(&b->exclude, " OR ");
  text_buffer_append_bytes(&b->exclude, item->data, item->length);
  b->or_pending = 0;
  b->last_kept_was_positive = 0;
}

/* OR only counts between two kept positive items; a leading, trailing or
** doubled OR is dropped here or never used. */
static void add_or_keyword(query_builder *b) {
  if (b->group_item_count > 0 && b->last_kept_was_positive) b->or_pending = 1;
}

static void query_builder_release(query_builder *b) {
  text_buffer_release(&b->match);
  text_buffer_release(&b->exclude);
  text_buffer_release(&b->group);
}

/* Tokenizes one raw item and hands it to the builder.  Returns -1 when
** memory ran out. */
static int add_raw_item(lt_tokenizer *tokenizer, query_builder *b, const raw_item *item,
                        text_buffer *scratch) {
  if (item->kind == RAW_ITEM_OR) {
    add_or_keyword(b);
    return 0;
  }
  int token_count = write_item(tokenizer, item, scratch);
  if (token_count < 0) return -1;
  if (token_count == 0) return 0; /* vanishes: it was all punctuation */
  if (item->excluded) add_excluded_item(b, scratch);
  else add_positive_item(b, scratch);
  b->kept_item_count++;
  return 0;
}

int lt_query_parse(lt_tokenizer *tokenizer, const char *text, size_t n,
                   int as_you_type, lt_query *out) {
  out->match = NULL;
  out->exclude = NULL;
  if (!text) n = 0;

  scanner s = { (const unsigned char *)text, bounded_length(text, n), 0 };
  query_builder builder;
  memset(&builder, 0, sizeof builder);
  text_buffer scratch = { NULL, 0, 0, 0 };
  int rc = 0;

  scanner_skip_white_space(&s);
  while (rc == 0 && s.position < s.length && builder.kept_item_count < LT_QUERY_MAX_TERMS) {
    raw_item item;
    scan_item(&s, &item);
    size_t white_space_after = scanner_skip_white_space(&s);
    int is_last_item = s.position >= s.length;
    /* The reader is still typing the last word: find what it begins. */
    if (as_you_type && is_last_item && white_space_after == 0 &&
        item.kind == RAW_ITEM_WORD && !item.excluded)
      item.prefix = 1;
    rc = add_raw_item(tokenizer, &builder, &item, &scratch);
  }
  if (rc == 0) flush_group(&builder);
  text_buffer_release(&scratch);

  if (rc != 0 || builder.match.failed || builder.exclude.failed || builder.group.failed) {
    query_builder_release(&builder);
    return -1;
  }
  out->match = text_buffer_take(&builder.match);
  out->exclude = text_buffer_take(&builder.exclude);
  text_buffer_release(&builder.group);
  return 0;
}

void lt_query_free(lt_query *q) {
  if (!q) return;
  free(q->match);
  free(q->exclude);
  q->match = NULL;
  q->exclude = NULL;
}

const char *lt_query_string_end(const char *open) {
  const char *p = open + 1;
  for (; *p; p++) {
    if (*p != '"') continue;
    if (p[1] != '"') return p;
    p++; /* a doubled quote: one quote inside the string */
  }
  return p;
}

int lt_query_count_strings(const char *expression, int *only_and) {
  int strings = 0, joined_by_and = 1;
  for (const char *p = expression ? expression : ""; *p; p++) {
    if (*p == '"') {
      strings++;
      p = lt_query_string_end(p);
      if (!*p) break;
    } else if (strncmp(p, "AND", 3) == 0) {
      p += 2;
    } else if (*p != ' ' && *p != '(' && *p != ')' && *p != '*') {
      joined_by_and = 0;
    }
  }
  if (only_and) *only_and = joined_by_and;
  return strings;
}
