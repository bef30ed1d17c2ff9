/*
** html_text.h — reducing an HTML document to readable text.
**
** Tags are dropped, the content of <script>, <style>, <noscript>,
** <template> and <head> (but the <title>) is dropped, block elements
** (p, div, br, li, h1-h6, tr, ...) become line breaks, character references
** (&eacute;, &#233;, &#xE9;) are decoded, runs of spaces collapse.  The
** result is text, never markup: nothing of it is executed anywhere.
*/
#ifndef LT_HTML_TEXT_H
#define LT_HTML_TEXT_H

#include <stddef.h>

/*
** Converts n bytes of HTML (valid UTF-8) to text.  Returns a malloc'd
** NUL-ended string (caller frees with free()) and its length in *out_len, or
** NULL when memory runs out.  If title is not NULL, *title receives the text
** of <title> (or of the first <h1> when there is no <title>), malloc'd, or
** NULL when there is neither.
*/
char *lt_html_to_text(const char *html, size_t n, size_t *out_len, char **title);

#endif
