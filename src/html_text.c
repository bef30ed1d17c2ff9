/*
** html_text.c — reducing an HTML document to readable plain text.
**
** Leaked HTML is rarely well formed: pages saved from browsers, mail
** exports, fragments cut in the middle of a tag.  Rather than a full HTML5
** parser we run a small state machine over the bytes that never fails: a
** '<' that does not open a tag is text, an unterminated comment or quoted
** attribute ends at the end of the input (or the next '>' for quotes), a
** missing end tag simply leaves its element open.
**
** Two passes:
**   1. walk the markup and write a "raw" text in which every run of source
**      white space is one space and block boundaries are '\n';
**   2. tidy the raw text: collapse runs of spaces, trim every line, allow at
**      most one empty line in a row, trim the whole.
** The output is text, never markup.
*/
#include "html_text.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------------------
** A growable byte buffer.  On allocation failure `failed` is set and further
** appends are ignored, so callers check once at the end.
*/
typedef struct {
  char *data;
  size_t len, cap;
  int failed;
} buffer;

static void buf_reserve(buffer *b, size_t extra) {
  if (b->failed || b->len + extra + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra + 1) cap *= 2;
  char *grown = realloc(b->data, cap);
  if (!grown) {
    b->failed = 1;
    return;
  }
  b->data = grown;
  b->cap = cap;
}

static void buf_append(buffer *b, const char *s, size_t n) {
  buf_reserve(b, n);
  if (b->failed) return;
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

static void buf_putc(buffer *b, char c) { buf_append(b, &c, 1); }

static void buf_put_code_point(buffer *b, long cp) {
  char u[4];
  if (cp < 0x80) {
    u[0] = (char)cp;
    buf_append(b, u, 1);
  } else if (cp < 0x800) {
    u[0] = (char)(0xC0 | (cp >> 6));
    u[1] = (char)(0x80 | (cp & 0x3F));
    buf_append(b, u, 2);
  } else if (cp < 0x10000) {
    u[0] = (char)(0xE0 | (cp >> 12));
    u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[2] = (char)(0x80 | (cp & 0x3F));
    buf_append(b, u, 3);
  } else {
    u[0] = (char)(0xF0 | (cp >> 18));
    u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[3] = (char)(0x80 | (cp & 0x3F));
    buf_append(b, u, 4);
  }
}

/* ---------------------------------------------------------------------------
** Character references.
*/
typedef struct {
  const char *name;
  long cp;
} named_entity;

/* The references documents actually use: markup escapes, Latin-1 (which
** covers French accented letters, guillemets and symbols), typographic
** punctuation.  Names are case-sensitive, as in HTML (&Eacute; is É). */
static const named_entity ENTITIES[] = {
  {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
  {"nbsp", 0xA0}, {"iexcl", 0xA1}, {"cent", 0xA2}, {"pound", 0xA3},
  {"curren", 0xA4}, {"yen", 0xA5}, {"brvbar", 0xA6}, {"sect", 0xA7},
  {"uml", 0xA8}, {"copy", 0xA9}, {"ordf", 0xAA}, {"laquo", 0xAB},
  {"not", 0xAC}, {"shy", 0xAD}, {"reg", 0xAE}, {"macr", 0xAF},
  {"deg", 0xB0}, {"plusmn", 0xB1}, {"sup2", 0xB2}, {"sup3", 0xB3},
  {"acute", 0xB4}, {"micro", 0xB5}, {"para", 0xB6}, {"middot", 0xB7},
  {"cedil", 0xB8}, {"sup1", 0xB9}, {"ordm", 0xBA}, {"raquo", 0xBB},
  {"frac14", 0xBC}, {"frac12", 0xBD}, {"frac34", 0xBE}, {"iquest", 0xBF},
  {"Agrave", 0xC0}, {"Aacute", 0xC1}, {"Acirc", 0xC2}, {"Atilde", 0xC3},
  {"Auml", 0xC4}, {"Aring", 0xC5}, {"AElig", 0xC6}, {"Ccedil", 0xC7},
  {"Egrave", 0xC8}, {"Eacute", 0xC9}, {"Ecirc", 0xCA}, {"Euml", 0xCB},
  {"Igrave", 0xCC}, {"Iacute", 0xCD}, {"Icirc", 0xCE}, {"Iuml", 0xCF},
  {"ETH", 0xD0}, {"Ntilde", 0xD1}, {"Ograve", 0xD2}, {"Oacute", 0xD3},
  {"Ocirc", 0xD4}, {"Otilde", 0xD5}, {"Ouml", 0xD6}, {"times", 0xD7},
  {"Oslash", 0xD8}, {"Ugrave", 0xD9}, {"Uacute", 0xDA}, {"Ucirc", 0xDB},
  {"Uuml", 0xDC}, {"Yacute", 0xDD}, {"THORN", 0xDE}, {"szlig", 0xDF},
  {"agrave", 0xE0}, {"aacute", 0xE1}, {"acirc", 0xE2}, {"atilde", 0xE3},
  {"auml", 0xE4}, {"aring", 0xE5}, {"aelig", 0xE6}, {"ccedil", 0xE7},
  {"egrave", 0xE8}, {"eacute", 0xE9}, {"ecirc", 0xEA}, {"euml", 0xEB},
  {"igrave", 0xEC}, {"iacute", 0xED}, {"icirc", 0xEE}, {"iuml", 0xEF},
  {"eth", 0xF0}, {"ntilde", 0xF1}, {"ograve", 0xF2}, {"oacute", 0xF3},
  {"ocirc", 0xF4}, {"otilde", 0xF5}, {"ouml", 0xF6}, {"divide", 0xF7},
  {"oslash", 0xF8}, {"ugrave", 0xF9}, {"uacute", 0xFA}, {"ucirc", 0xFB},
  {"uuml", 0xFC}, {"yacute", 0xFD}, {"thorn", 0xFE}, {"yuml", 0xFF},
  {"OElig", 0x152}, {"oelig", 0x153}, {"Scaron", 0x160}, {"scaron", 0x161},
  {"Yuml", 0x178}, {"fnof", 0x192}, {"circ", 0x2C6}, {"tilde", 0x2DC},
  {"ensp", 0x2002}, {"emsp", 0x2003}, {"thinsp", 0x2009},
  {"zwnj", 0x200C}, {"zwj", 0x200D}, {"lrm", 0x200E}, {"rlm", 0x200F},
  {"ndash", 0x2013}, {"mdash", 0x2014}, {"lsquo", 0x2018},
  {"rsquo", 0x2019}, {"sbquo", 0x201A}, {"ldquo", 0x201C},
  {"rdquo", 0x201D}, {"bdquo", 0x201E}, {"dagger", 0x2020},
  {"Dagger", 0x2021}, {"bull", 0x2022}, {"hellip", 0x2026},
  {"permil", 0x2030}, {"prime", 0x2032}, {"Prime", 0x2033},
  {"lsaquo", 0x2039}, {"rsaquo", 0x203A}, {"euro", 0x20AC},
  {"trade", 0x2122}, {"larr", 0x2190}, {"rarr", 0x2192}, {"minus", 0x2212},
};

/* Numeric references 128..159 name Windows-1252 characters in practice
** (&#146; for an apostrophe in pages exported from Word); browsers read
** them that way, and so do we.  0 marks the five unassigned ones. */
static const long WINDOWS_1252_C1[32] = {
  0x20AC, 0, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x2C6, 0x2030, 0x160, 0x2039, 0x152, 0, 0x17D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x2DC, 0x2122, 0x161, 0x203A, 0x153, 0, 0x17E, 0x178};

#define REPLACEMENT_CHARACTER 0xFFFD

static int is_ascii_alpha(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static int is_ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_ascii_alnum(unsigned char c) { return is_ascii_alpha(c) || is_ascii_digit(c); }
static int hex_value(unsigned char c) {
  if (is_ascii_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
static int is_html_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* What a numeric reference's value becomes: Windows-1252 for 128..159, the
** replacement character for values no text may hold. */
static long sanitize_numeric_reference(long cp) {
  if (cp >= 0x80 && cp <= 0x9F) {
    long mapped = WINDOWS_1252_C1[cp - 0x80];
    return mapped ? mapped : REPLACEMENT_CHARACTER;
  }
  if (cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f') return ' ';
  if (cp <= 0 || cp < 0x20 || cp == 0x7F || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return REPLACEMENT_CHARACTER;
  return cp;
}

/*
** Decodes the character reference starting at html[i] == '&'.  Returns the
** number of bytes consumed (0 when this '&' starts no reference and must be
** kept as a literal '&') and sets *cp.
*/
static size_t decode_reference(const char *html, size_t n, size_t i, long *cp) {
  const unsigned char *s = (const unsigned char *)html;
  size_t j = i + 1;

  if (j < n && s[j] == '#') {
    int hex = (j + 1 < n && (s[j + 1] == 'x' || s[j + 1] == 'X'));
    size_t k = j + 1 + (size_t)hex;
    size_t digits_start = k;
    long value = 0;
    int overflow = 0;
    while (k < n && (hex ? hex_value(s[k]) >= 0 : is_ascii_digit(s[k]))) {
      int d = hex ? hex_value(s[k]) : s[k] - '0';
      if (value > 0x10FFFF) overflow = 1;  /* keep reading, stop growing */
      else value = value * (hex ? 16 : 10) + d;
      k++;
    }
    if (k == digits_start) return 0;  /* "&#" or "&#x" alone: literal */
    if (k < n && s[k] == ';') k++;
    *cp = sanitize_numeric_reference(overflow ? -1 : value);
    return k - i;
  }

  size_t name_end = j;
  while (name_end < n && name_end - j < 32 && is_ascii_alnum(s[name_end])) name_end++;
  size_t name_len = name_end - j;
  if (name_len == 0) return 0;
  for (size_t e = 0; e < sizeof ENTITIES / sizeof ENTITIES[0]; e++) {
    if (strlen(ENTITIES[e].name) == name_len &&
        memcmp(ENTITIES[e].name, html + j, name_len) == 0) {
      *cp = ENTITIES[e].cp;
      /* The ';' is optional, as browsers allow for these common names. */
      return name_end - i + (name_end < n && s[name_end] == ';');
    }
  }
  return 0;
}

/* ---------------------------------------------------------------------------
** Tags.
*/
#define TAG_NAME_MAX 16

typedef struct {
  char name[TAG_NAME_MAX + 1];  /* lowercased; truncated if longer */
  int closing;                  /* </name> */
  size_t end;                   /* index just after the tag's '>' */
} tag;

static int in_list(const char *name, const char *const *list) {
  for (; *list; list++)
    if (strcmp(name, *list) == 0) return 1;
  return 0;
}

/* Elements whose content is never text for the reader. */
static const char *const SKIPPED[] = {"script", "style", "noscript", "template", NULL};

/* Elements that start a new line. */
static const char *const BLOCKS[] = {
  "address", "article", "aside", "blockquote", "body", "br", "caption",
  "center", "dd", "details", "dialog", "div", "dl", "dt", "fieldset",
  "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
  "h6", "header", "hr", "html", "legend", "li", "main", "nav", "ol",
  "option", "p", "pre", "section", "summary", "table", "tbody", "tfoot",
  "thead", "tr", "ul", NULL};

/* Elements separated by a blank line rather than a line break. */
static const char *const PARAGRAPHS[] = {
  "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "pre",
  "ul", "ol", "dl", "hr", "section", "article", NULL};

/* Elements that may appear in <head>; any other start tag ends the head, as
** in browsers, so that a page with a missing </head> keeps its body. */
static const char *const HEAD_CONTENT[] = {
  "head", "title", "meta", "link", "base", "style", "script", "noscript",
  "template", "html", NULL};

static int is_name_char(unsigned char c) {
  return is_ascii_alnum(c) || c == '-' || c == ':' || c == '_' || c == '.';
}

/*
** Parses the tag at html[i] == '<' (the caller checked that a letter, or '/'
** and a letter, follows).  Attributes are skipped, honouring quotes so that
** a '>' inside a quoted value does not end the tag; an unterminated quote
** falls back to the first '>' after it.
*/
static tag parse_tag(const char *html, size_t n, size_t i) {
  const unsigned char *s = (const unsigned char *)html;
  tag t = {{0}, 0, n};
  size_t j = i + 1, len = 0;

  if (s[j] == '/') {
    t.closing = 1;
    j++;
  }
  while (j < n && is_name_char(s[j])) {
    if (len < TAG_NAME_MAX) {
      unsigned char c = s[j];
      t.name[len++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    j++;
  }
  t.name[len] = '\0';

  unsigned char last_significant = 0;
  while (j < n) {
    unsigned char c = s[j];
    if (c == '>') {
      t.end = j + 1;
      return t;
    }
    if ((c == '"' || c == '\'') && last_significant == '=') {
      const char *close = memchr(html + j + 1, c, n - j - 1);
      if (close) {
        j = (size_t)(close - html) + 1;
        last_significant = c;
        continue;
      }
      const char *gt = memchr(html + j + 1, '>', n - j - 1);
      t.end = gt ? (size_t)(gt - html) + 1 : n;
      return t;
    }
    if (!is_html_space(c)) last_significant = c;
    j++;
  }
  return t;  /* unterminated tag: it runs to the end of the input */
}

/* Finds "</name" (case-insensitive, followed by a non-name character or the
** end) from i on.  Returns its index, or n when absent. */
static size_t find_end_tag(const char *html, size_t n, size_t i, const char *name) {
  size_t name_len = strlen(name);
  for (; i + 2 + name_len <= n; i++) {
    if (html[i] != '<' || html[i + 1] != '/') continue;
    if (strncasecmp(html + i + 2, name, name_len) != 0) continue;
    if (i + 2 + name_len == n || !is_name_char((unsigned char)html[i + 2 + name_len]))
      return i;
  }
  return n;
}

/* Index just after the "</name ...>" at i (or n). */
static size_t skip_end_tag(const char *html, size_t n, size_t i) {
  if (i >= n) return n;
  const char *gt = memchr(html + i, '>', n - i);
  return gt ? (size_t)(gt - html) + 1 : n;
}

/* Index just after the first occurrence of `pattern` from i, or n. */
static size_t skip_past(const char *html, size_t n, size_t i, const char *pattern) {
  size_t m = strlen(pattern);
  for (; i + m <= n; i++)
    if (memcmp(html + i, pattern, m) == 0) return i + m;
  return n;
}

/* ---------------------------------------------------------------------------
** Pass 1: markup to raw text.
*/
typedef struct {
  const char *html;
  size_t n;
  buffer raw;          /* the text, with ' ' for white space, '\n' for blocks */
  buffer title;        /* raw text of the first <title> */
  int have_title;
  int in_head;
  int pre_depth;       /* inside <pre>: source line breaks are kept */
  size_t h1_start;     /* offset in raw of the first <h1>'s text, or -1 */
  size_t h1_end;       /* offset in raw where it ended, or -1 while open */
} converter;

#define NO_OFFSET ((size_t)-1)

/* Appends source text html[i..end) to out, decoding character references
** when `decode` and mapping white space to ' ' (or '\n' inside <pre>). */
static void emit_text(converter *cv, buffer *out, size_t i, size_t end, int decode) {
  const char *html = cv->html;
  while (i < end) {
    unsigned char c = (unsigned char)html[i];
    if (c == '&' && decode) {
      long cp;
      size_t used = decode_reference(html, end, i, &cp);
      if (used) {
        if (cp == 0xA0) cp = ' ';          /* layout only: a plain space */
        if (cp != 0xAD) buf_put_code_point(out, cp);  /* soft hyphen: none */
        i += used;
        continue;
      }
    }
    if (c == '\n' && cv->pre_depth > 0) buf_putc(out, '\n');
    else if (is_html_space(c)) buf_putc(out, ' ');
    else buf_putc(out, (char)c);
    i++;
  }
}

/* A block boundary: the raw text must end with at least one line break (two
** for paragraphs).  Boundaries do not add up, so nested blocks
** (<div><div>, </td></tr><tr>) give one break, not a pile of them; only
** <br> always adds a line. */
static void emit_break(converter *cv, const char *name) {
  if (strcmp(name, "br") == 0) {
    buf_putc(&cv->raw, '\n');
    return;
  }
  size_t wanted = in_list(name, PARAGRAPHS) ? 2 : 1, have = 0, i = cv->raw.len;
  while (i > 0 && (cv->raw.data[i - 1] == ' ' || cv->raw.data[i - 1] == '\n')) {
    if (cv->raw.data[i - 1] == '\n') have++;
    i--;
  }
  for (; have < wanted; have++) buf_putc(&cv->raw, '\n');
}

/* Reacts to a tag; returns where scanning resumes. */
static size_t handle_tag(converter *cv, const tag *t) {
  const char *name = t->name;

  if (!t->closing && in_list(name, SKIPPED)) {
    size_t close = find_end_tag(cv->html, cv->n, t->end, name);
    return skip_end_tag(cv->html, cv->n, close);
  }
  if (!t->closing && strcmp(name, "title") == 0) {
    /* Title is text only (entities, no tags), up to </title>. */
    size_t close = find_end_tag(cv->html, cv->n, t->end, "title");
    if (!cv->have_title) {
      emit_text(cv, &cv->title, t->end, close, 1);
      cv->have_title = 1;
    }
    return skip_end_tag(cv->html, cv->n, close);
  }

  if (strcmp(name, "head") == 0) cv->in_head = !t->closing;
  else if (!t->closing && cv->in_head && !in_list(name, HEAD_CONTENT)) cv->in_head = 0;

  if (strcmp(name, "pre") == 0) {
    if (!t->closing) cv->pre_depth++;
    else if (cv->pre_depth > 0) cv->pre_depth--;
  }
  if (in_list(name, BLOCKS)) emit_break(cv, name);
  else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) buf_putc(&cv->raw, ' ');

  if (strcmp(name, "h1") == 0) {
    if (!t->closing && cv->h1_start == NO_OFFSET) cv->h1_start = cv->raw.len;
    else if (t->closing && cv->h1_start != NO_OFFSET && cv->h1_end == NO_OFFSET)
      cv->h1_end = cv->raw.len;
  }
  return t->end;
}

/* Handles the '<' at i; returns where scanning resumes. */
static size_t handle_markup(converter *cv, size_t i) {
  const char *html = cv->html;
  size_t n = cv->n;
  const unsigned char *s = (const unsigned char *)html;
  size_t rest = n - i;

  if (rest >= 4 && memcmp(html + i, "<!--", 4) == 0) {
    /* "<!-->" and "<!--->" are complete (empty) comments in HTML. */
    if (rest >= 5 && html[i + 4] == '>') return i + 5;
    if (rest >= 6 && memcmp(html + i + 4, "->", 2) == 0) return i + 6;
    return skip_past(html, n, i + 4, "-->");
  }
  if (rest >= 9 && strncasecmp(html + i, "<![CDATA[", 9) == 0) {
    size_t end = skip_past(html, n, i + 9, "]]>");
    size_t text_end = (end == n && (n < 3 || memcmp(html + n - 3, "]]>", 3) != 0)) ? n : end - 3;
    if (!cv->in_head) emit_text(cv, &cv->raw, i + 9, text_end, 0);
    return end;
  }
  if (rest >= 2 && (s[i + 1] == '!' || s[i + 1] == '?')) {
    return skip_end_tag(html, n, i + 1);  /* <!DOCTYPE ...>, <?xml ...?> */
  }
  if (rest >= 2 && s[i + 1] == '/' && !(rest >= 3 && is_ascii_alpha(s[i + 2]))) {
    return skip_end_tag(html, n, i + 1);  /* "</>" or "</ ...": bogus, dropped */
  }
  if (rest >= 2 && (is_ascii_alpha(s[i + 1]) || s[i + 1] == '/')) {
    tag t = parse_tag(html, n, i);
    return handle_tag(cv, &t);
  }
  /* A '<' that opens nothing ("a < b", "<3") is text. */
  if (!cv->in_head) buf_putc(&cv->raw, '<');
  return i + 1;
}

static void convert_markup(converter *cv) {
  size_t i = 0;
  while (i < cv->n) {
    if (cv->html[i] == '<') {
      i = handle_markup(cv, i);
      continue;
    }
    /* A run of text up to the next '<'. */
    const char *lt = memchr(cv->html + i, '<', cv->n - i);
    size_t end = lt ? (size_t)(lt - cv->html) : cv->n;
    if (!cv->in_head) emit_text(cv, &cv->raw, i, end, 1);
    i = end;
  }
}

/* ---------------------------------------------------------------------------
** Pass 2: tidying.
*/

/* Collapses runs of spaces, trims each line, keeps at most one empty line
** in a row and drops leading and trailing empty lines.  With
** `single_line`, line breaks become spaces too (for titles). */
static char *tidy(const char *raw, size_t n, int single_line, size_t *out_len) {
  buffer out = {0};
  size_t pending_newlines = 0;
  int pending_space = 0, line_has_text = 0;
  buf_reserve(&out, n);
  for (size_t i = 0; i < n; i++) {
    char c = raw[i];
    if (c == '\n' && !single_line) {
      pending_space = 0;
      if (out.len > 0) pending_newlines++;
      line_has_text = 0;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n') {
      if (line_has_text) pending_space = 1;
      continue;
    }
    if (pending_newlines) {
      buf_append(&out, "\n\n", pending_newlines >= 2 ? 2 : 1);
      pending_newlines = 0;
    } else if (pending_space) {
      buf_putc(&out, ' ');
    }
    pending_space = 0;
    line_has_text = 1;
    buf_putc(&out, c);
  }
  if (out.failed) {
    free(out.data);
    return NULL;
  }
  if (!out.data) {  /* nothing at all: an empty string, not NULL */
    out.data = malloc(1);
    if (!out.data) return NULL;
  }
  out.data[out.len] = '\0';  /* also when nothing was appended */
  *out_len = out.len;
  return out.data;
}

/* The title the caller asked for: <title>, else the first <h1>; NULL when
** neither holds any text. */
static char *pick_title(const converter *cv, int *failed) {
  const char *raw = NULL;
  size_t len = 0;
  if (cv->have_title && cv->title.len > 0) {
    raw = cv->title.data;
    len = cv->title.len;
  }
  size_t len_unused;
  char *title = raw ? tidy(raw, len, 1, &len_unused) : NULL;
  if (raw && !title) *failed = 1;
  if (title && title[0]) return title;
  free(title);

  if (cv->h1_start != NO_OFFSET && cv->raw.data) {
    size_t end = cv->h1_end != NO_OFFSET ? cv->h1_end : cv->raw.len;
    title = tidy(cv->raw.data + cv->h1_start, end - cv->h1_start, 1, &len_unused);
    if (!title) *failed = 1;
    if (title && title[0]) return title;
    free(title);
  }
  return NULL;
}

char *lt_html_to_text(const char *html, size_t n, size_t *out_len, char **title) {
  converter cv;
  memset(&cv, 0, sizeof cv);
  cv.html = html ? html : "";
  cv.n = html ? n : 0;
  cv.h1_start = NO_OFFSET;
  cv.h1_end = NO_OFFSET;
  if (title) *title = NULL;

  convert_markup(&cv);

  char *text = NULL;
  int failed = cv.raw.failed || cv.title.failed;
  if (!failed) {
    size_t len = 0;
    text = tidy(cv.raw.data ? cv.raw.data : "", cv.raw.len, 0, &len);
    if (!text) failed = 1;
    else if (out_len) *out_len = len;
  }
  if (!failed && title) {
    *title = pick_title(&cv, &failed);
  }
  free(cv.raw.data);
  free(cv.title.data);
  if (failed) {
    free(text);
    if (title) {
      free(*title);
      *title = NULL;
    }
    return NULL;
  }
  return text;
}
