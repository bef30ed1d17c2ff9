/*
** fuzz_html.c — libFuzzer target for the HTML-to-text reducer,
** lt_html_to_text() (html_text.h), and the first-line title of documents
** without one, lt_first_line_title() (corpus.h).
**
** Input: an HTML file's bytes, repaired to valid UTF-8 as the corpus
** loader does before it reduces HTML.  Checks:
**   - the text is valid UTF-8 of exactly *out_len bytes (no NUL inside:
**     character references such as &#0; never produce one) and holds no
**     control character but newline and tab;
**   - it is trimmed (no leading or trailing white space) and has no run of
**     more than one empty line;
**   - the title, when there is one, is valid UTF-8 on a single line;
**   - the text is not longer than the input by more than 3 bytes per
**     character reference (none decodes to more than 4 bytes from "&x;");
**   - lt_first_line_title() of the text is valid UTF-8 of at most 120
**     bytes, one line, never empty.
*/
#include "fuzz_common.h"
#include "corpus.h"
#include "html_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  size_t n;
  char *html = fuzz_repaired(data, size, &n);
  size_t len = 0;
  char *title = NULL;
  char *text = lt_html_to_text(html, n, &len, &title);
  FUZZ_CHECK(text != NULL, "no text");
  FUZZ_CHECK(strlen(text) == len, "text of %zu bytes says %zu", strlen(text), len);
  FUZZ_CHECK(lt_utf8_valid(text, len), "text is not valid UTF-8");
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)text[i];
    FUZZ_CHECK(c >= 0x20 || c == '\n' || c == '\t', "control byte 0x%02x at %zu", c, i);
  }
  if (len) {
    FUZZ_CHECK(!strchr(" \n\t", text[0]) && !strchr(" \n\t", text[len - 1]),
               "text not trimmed: \"%s\"", text);
    FUZZ_CHECK(!strstr(text, "\n\n\n"), "two empty lines in a row");
  }
  size_t ampersands = 0;
  for (size_t i = 0; i < n; i++) ampersands += html[i] == '&';
  FUZZ_CHECK(len <= n + 3 * ampersands, "text of %zu bytes from %zu", len, n);
  if (title) {
    FUZZ_CHECK(fuzz_valid_string(title) && !strchr(title, '\n'), "title \"%s\"", title);
  }

  char *line = lt_first_line_title(text, len);
  FUZZ_CHECK(line && line[0] && strlen(line) <= 120 && fuzz_valid_string(line) && !strchr(line, '\n'),
             "first-line title \"%s\"", line ? line : "(null)");
  free(line);
  free(title);
  free(text);
  free(html);
  return 0;
}
