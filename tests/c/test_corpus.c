/*
** test_corpus.c — tests of the corpus side: SHA-256, HTML to text, reading
** corpus folders (walk, encodings, skipped files, corpus.json, errors, on
** one thread or two, background.h) and the default corpus shipped in
** corpus/.
**
** Each corpus case builds its own folder under /tmp with mkdtemp() and
** removes it afterwards.
*/
#ifndef _GNU_SOURCE
#define _GNU_SOURCE  /* mkdtemp, nftw, symlink */
#endif
#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "background.h"
#include "check.h"
#include "corpus.h"
#include "dates.h"
#include "html_text.h"
#include "sha256.h"
#include "utf8.h"

#ifndef LANTERNE_SOURCE_DIR
#define LANTERNE_SOURCE_DIR "."
#endif

/* ---------------------------------------------------------------------------
** Temporary folders.
*/

static char *make_temp_dir(void) {
  static char path[64];
  strcpy(path, "/tmp/lanterne-corpus-XXXXXX");
  if (!mkdtemp(path)) {
    perror("mkdtemp");
    exit(2);
  }
  return strdup(path);
}

/* Creates every folder of `path` below it (like mkdir -p on its dirname). */
static void make_parents(const char *path) {
  char *copy = strdup(path);
  for (char *p = copy + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    mkdir(copy, 0755);
    *p = '/';
  }
  free(copy);
}

static void write_bytes(const char *dir, const char *rel, const char *data, size_t n) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, rel);
  make_parents(path);
  FILE *f = fopen(path, "wb");
  if (!f) {
    perror(path);
    exit(2);
  }
  fwrite(data, 1, n, f);
  fclose(f);
}

static void write_text(const char *dir, const char *rel, const char *text) {
  write_bytes(dir, rel, text, strlen(text));
}

static void make_link(const char *dir, const char *rel, const char *target) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, rel);
  make_parents(path);
  if (symlink(target, path) != 0) perror(path);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  return remove(path);
}

static void remove_dir(char *dir) {
  nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  free(dir);
}

/* Loads the corpus in dir, which must succeed; on failure reports it,
** removes dir and returns 0. */
static int load_or_remove(char *dir, lt_corpus *c) {
  char *error = NULL;
  int rc = lt_corpus_load(dir, 2, c, &error);
  CHECK(rc == 0, "load: %s", error ? error : "");
  free(error);
  if (rc != 0) remove_dir(dir);
  return rc == 0;
}

/* ---------------------------------------------------------------------------
** Looking into a loaded corpus.
*/

static const lt_document *doc(const lt_corpus *c, const char *id) {
  for (size_t i = 0; i < c->count; i++)
    if (strcmp(c->docs[i].id, id) == 0) return &c->docs[i];
  return NULL;
}

/* Is there a warning containing both fragments? */
static int has_warning(const lt_corpus *c, const char *a, const char *b) {
  for (size_t i = 0; i < c->warning_count; i++)
    if (strstr(c->warnings[i], a) && (!b || strstr(c->warnings[i], b))) return 1;
  return 0;
}

static int contains(const char *haystack, const char *needle) {
  return haystack && strstr(haystack, needle) != NULL;
}

/* Loads a folder expected to fail and returns the error (caller frees). */
static char *load_error(const char *dir) {
  lt_corpus c;
  char *error = NULL;
  int rc = lt_corpus_load(dir, 2, &c, &error);
  CHECK(rc == -1, "load of %s should fail", dir);
  CHECK(error != NULL, "an error message for %s", dir);
  CHECK(c.count == 0 && c.docs == NULL && c.title == NULL, "nothing to free after failure");
  if (rc == 0) lt_corpus_free(&c);
  return error;
}

/* ---------------------------------------------------------------------------
** SHA-256.
*/

static void test_sha256(void) {
  char hex[65];
  lt_sha256_hex("", 0, hex);
  CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  lt_sha256_hex("abc", 3, hex);
  CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  lt_sha256_hex(m448, strlen(m448), hex);
  CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  char *million = malloc(1000000);
  memset(million, 'a', 1000000);
  lt_sha256_hex(million, 1000000, hex);
  CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  free(million);
  /* 55, 56 and 64 bytes straddle the padding boundaries. */
  lt_sha256_hex("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 55, hex);
  CHECK_STR(hex, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  lt_sha256_hex("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 56, hex);
  CHECK_STR(hex, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
}

/* ---------------------------------------------------------------------------
** HTML to text.
*/

/* Converts and checks the text (and optionally the title). */
static void html_case(const char *html, const char *want_text, const char *want_title) {
  size_t len = 12345;
  char *title = (char *)"unset";
  char *text = lt_html_to_text(html, strlen(html), &len, &title);
  CHECK(text != NULL, "conversion of %s", html);
  if (!text) return;
  CHECK_STR(text, want_text);
  CHECK(len == strlen(text), "length %zu for \"%s\"", len, text);
  if (want_title) CHECK_STR(title, want_title);
  else CHECK(title == NULL, "no title expected, got \"%s\"", title);
  free(text);
  free(title);
}

static void test_html(void) {
  html_case("<html><head><title>Le  titre\n</title><style>p{}</style>"
            "<script>var x = '<p>';</script><meta charset=utf-8></head>"
            "<body><p>Premier&nbsp;paragraphe</p><p>Second</p></body></html>",
            "Premier paragraphe\n\nSecond", "Le titre");
  /* Entities: named, accented letters, numeric, hexadecimal, invalid. */
  html_case("<p>&eacute;t&eacute; &Eacute;cole &agrave; &ccedil;a &oelig;uvre &OElig;"
            " &laquo;x&raquo; &hellip; &rsquo; &euro; &copy; &#233; &#xE9; &#XE9;</p>",
            "été École à ça œuvre Œ «x» … ’ € © é é é", NULL);
  html_case("a &#0; b &#xD800; c &#x110000; d &#99999999999999999999; e &#146; f",
            "a \xEF\xBF\xBD b \xEF\xBF\xBD c \xEF\xBF\xBD d \xEF\xBF\xBD e \xE2\x80\x99 f", NULL);
  html_case("AT&T &unknown; &amp &lt;b&gt; &#; &#x;", "AT&T &unknown; & <b> &#; &#x;", NULL);
  /* A '<' that opens no tag is text. */
  html_case("<p>if a < b and 3<4 then</p>", "if a < b and 3<4 then", NULL);
  /* A '>' inside a quoted attribute does not end the tag. */
  html_case("<a title=\"x > y\" href='a>b'>lien</a> fin", "lien fin", NULL);
  /* Unterminated quote: the tag ends at the next '>'. */
  html_case("<a title=\"oops>texte", "texte", NULL);
  /* Comments, including unterminated ones, and CDATA. */
  html_case("avant<!-- cache <p>rien</p> -->apres", "avantapres", NULL);
  html_case("debut <!-- jamais ferme <p>perdu", "debut", NULL);
  html_case("x<!---->y<!-->z", "xyz", NULL);
  html_case("<p><![CDATA[a < b & c]]></p><p><![CDATA[sans fin", "a < b & c\n\nsans fin", NULL);
  /* Unclosed tags, unterminated tag at the end, missing end tags. */
  html_case("<div><p>un<p>deux<li>trois<br>quatre<br/>cinq</div><p", "un\n\ndeux\ntrois\nquatre\ncinq",
            NULL);
  html_case("<script>alert(1)", "", NULL);
  html_case("<SCRIPT type=x>alert('</p>')</SCRIPT >visible<noscript>no</noscript>"
            "<template><p>t</p></template><style>.a{}</style>ok",
            "visibleok", NULL);
  /* Head without </head>: its content is dropped, the body kept. */
  html_case("<head><title>T</title><meta x>garbage<p>corps", "corps", "T");
  /* Title from the first <h1> when there is no <title>. */
  html_case("<body><h1>Le <b>grand</b>\n titre</h1><p>texte</p><h1>autre</h1>",
            "Le grand titre\n\ntexte\n\nautre", "Le grand titre");
  /* Spaces collapse, lines are trimmed, at most one empty line in a row. */
  html_case("  a   b \n\t c <br><br><br><br>  d  <p></p><p></p><p>e</p>", "a b c\n\nd\n\ne", NULL);
  /* <pre> keeps its line breaks. */
  html_case("<pre>ligne 1\nligne 2</pre>", "ligne 1\nligne 2", NULL);
  /* Nested blocks give one break, not several. */
  html_case("<div><div><div>a</div></div></div><div>b</div>", "a\nb", NULL);
  /* Table cells are separated. */
  html_case("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc", NULL);
  /* Declarations and processing instructions vanish. */
  html_case("<!DOCTYPE html><?xml version=\"1.0\"?>texte</>fin", "textefin", NULL);
  /* Empty and degenerate inputs. */
  html_case("", "", NULL);
  html_case("<", "<", NULL);
  html_case("&", "&", NULL);
  html_case("<a", "", NULL);
  html_case("</", "", NULL);
  html_case("<title>sans fin", "", "sans fin");
  html_case("<h1>ouvert", "ouvert", "ouvert");
  /* NULL title pointer is allowed. */
  size_t len;
  char *text = lt_html_to_text("<p>x</p>", 8, &len, NULL);
  CHECK_STR(text, "x");
  free(text);
}

/* ---------------------------------------------------------------------------
** First-line titles and dates.
*/

static void title_case(const char *text, const char *want) {
  char *title = lt_first_line_title(text, strlen(text));
  CHECK_STR(title, want);
  free(title);
}

static void test_first_line_title(void) {
  title_case("\n\n  12\n--\n  Le   titre\tici  \nsuite", "Le titre ici");
  title_case("A\nÉté 2012", "Été 2012");  /* one letter is not enough */
  title_case("# Rapport annuel\n\ntexte", "Rapport annuel");
  title_case("", "(untitled)");
  title_case("1234\n----\n", "(untitled)");
  /* Long lines are cut at a word boundary, "…" included in 120 bytes. */
  char longline[400] = "";
  for (int i = 0; i < 30; i++) strcat(longline, "mot dix ");
  char *title = lt_first_line_title(longline, strlen(longline));
  CHECK(title && strlen(title) <= 120, "title of %zu bytes", title ? strlen(title) : 0);
  CHECK(title && strcmp(title + strlen(title) - 3, "\xE2\x80\xA6") == 0, "ends with …: %s", title ? title : "(none)");
  CHECK(title && strncmp(title, "mot dix mot dix", 15) == 0, "starts with the line: %s", title ? title : "(none)");
  CHECK(title && title[strlen(title) - 4] != ' ', "no space before …: %s", title);
  free(title);
  /* One very long word is cut between characters, never inside one. */
  char word[400] = "";
  for (int i = 0; i < 100; i++) strcat(word, "é");
  title = lt_first_line_title(word, strlen(word));
  CHECK(title && strlen(title) <= 120 && strlen(title) % 2 == 1, "cut on a character: %s", title);
  free(title);
  /* Exactly 120 bytes: kept whole. */
  char exact[121];
  memset(exact, 'x', 120);
  exact[120] = '\0';
  title = lt_first_line_title(exact, 120);
  CHECK_STR(title, exact);
  free(title);
}

static void test_dates(void) {
  CHECK(lt_date_valid("2012"), "year");
  CHECK(lt_date_valid("2012-04"), "month");
  CHECK(lt_date_valid("2012-04-19"), "day");
  CHECK(lt_date_valid("2012-02-29"), "leap day");
  CHECK(lt_date_valid("2000-02-29"), "leap day 2000");
  CHECK(!lt_date_valid("1900-02-29"), "1900 is not leap");
  CHECK(!lt_date_valid("2011-02-29"), "2011 is not leap");
  CHECK(!lt_date_valid("2012-13"), "month 13");
  CHECK(!lt_date_valid("2012-00"), "month 0");
  CHECK(!lt_date_valid("2012-04-31"), "April 31");
  CHECK(!lt_date_valid("2012-4-1"), "short fields");
  CHECK(!lt_date_valid("12"), "two digits");
  CHECK(!lt_date_valid("2012/04/19"), "slashes");
  CHECK(!lt_date_valid("19 avril 2012"), "words");
  CHECK(!lt_date_valid(""), "empty");
  CHECK(!lt_date_valid(NULL), "NULL");
}

/* ---------------------------------------------------------------------------
** Corpus folders.
*/

static void test_walk(void) {
  char *dir = make_temp_dir();
  write_text(dir, "b.txt", "Deuxième document\ntexte");
  write_text(dir, "B.txt", "Majuscule\n");
  write_text(dir, "sub/deep/c.md", "# Note profonde\n\ncorps");
  write_text(dir, "a-b.TXT", "Tiret\n");
  write_text(dir, "a/b.txt", "Barre\n");
  write_text(dir, "page.html",
             "<html><head><title>Titre HTML</title><script>secret()</script></head>"
             "<body><h1>Titre h1</h1><p>Caf&eacute; &amp; th&eacute;</p></body></html>");
  write_text(dir, "old.HTM", "<h1>Vieux format</h1>texte");
  write_text(dir, "data.json", "{}");
  write_text(dir, "report.pdf", "Not a document type");
  write_text(dir, ".hidden.txt", "caché");
  write_text(dir, ".git/config.txt", "caché aussi");
  write_text(dir, "node_modules/pkg/readme.md", "paquet");
  write_text(dir, "noext", "sans extension");

  lt_corpus c;
  if (!load_or_remove(dir, &c)) return;
  /* Sorted bytewise: 'B' < 'a', '-' < '/'. */
  const char *want[] = {"B", "a-b", "a/b", "b", "old", "page", "sub/deep/c"};
  size_t n_want = sizeof want / sizeof want[0];
  CHECK(c.count == n_want, "%zu documents", c.count);
  for (size_t i = 0; i < n_want && i < c.count; i++) CHECK_STR(c.docs[i].id, want[i]);

  const lt_document *d = doc(&c, "sub/deep/c");
  CHECK(d != NULL, "document in a subfolder");
  if (d) {
    CHECK_STR(d->path, "sub/deep/c.md");
    CHECK_STR(d->title, "Note profonde");
    CHECK(d->date == NULL && d->date_source == NULL && d->language == NULL, "no metadata");
  }
  d = doc(&c, "page");
  if (d) {
    CHECK_STR(d->title, "Titre HTML");
    CHECK_STR(d->text, "Titre h1\n\nCafé & thé");
    CHECK(!contains(d->text, "secret"), "script content gone");
    char hex[65];
    lt_sha256_hex(d->text, d->text_len, hex);
    CHECK_STR(d->sha256, hex);
  }
  d = doc(&c, "old");
  if (d) CHECK_STR(d->title, "Vieux format");
  d = doc(&c, "b");
  if (d) {
    CHECK_STR(d->title, "Deuxième document");
    CHECK_STR(d->text, "Deuxième document\ntexte");
    CHECK(d->text_len == strlen(d->text), "text_len");
  }
  d = doc(&c, "a-b");
  if (d) CHECK_STR(d->path, "a-b.TXT");
  CHECK(c.warning_count == 0, "no warnings, got %zu: %s", c.warning_count,
        c.warning_count ? c.warnings[0] : "");
  /* Without corpus.json the title is the folder's name. */
  CHECK_STR(c.title, strrchr(dir, '/') + 1);
  lt_corpus_free(&c);

  /* A trailing slash changes nothing. */
  char with_slash[256];
  snprintf(with_slash, sizeof with_slash, "%s/", dir);
  char *error = NULL;
  int rc = lt_corpus_load(with_slash, 2, &c, &error);
  CHECK(rc == 0 && c.count == n_want, "load with trailing slash");
  if (rc == 0) lt_corpus_free(&c);
  else free(error);
  remove_dir(dir);
}

static void test_problem_files(void) {
  char *dir = make_temp_dir();
  write_text(dir, "good.txt", "Un bon document\n");
  write_text(dir, "latin1.txt", "Caf\xE9 cr\xE8me et \xC3\xA9t\xC3\xA9\r\nligne 2\r\n");
  write_bytes(dir, "binary.txt", "%PDF\0\1\2 binary", 15);
  write_text(dir, "empty.txt", "");
  write_text(dir, "blank.md", "  \n\t\r\n  ");
  write_text(dir, "blankpage.html", "<html><head><title>rien</title></head><body> <p> </p></body></html>");
  write_text(dir, "bom.txt", "\xEF\xBB\xBFTitre avec BOM\n");
  make_link(dir, "broken.txt", "does-not-exist.txt");
  write_text(dir, "r\xE9sum\xE9.txt", "Nom de fichier en Latin-1\n");

  lt_corpus c;
  const lt_document *d;
  char *error = NULL;
  int rc = lt_corpus_load(dir, 2, &c, &error);
  CHECK(rc == 0, "load: %s", error ? error : "");
  free(error);
  if (rc != 0) {
    remove_dir(dir);
    return;
  }
  CHECK(c.count == 4, "good, latin1, bom and résumé kept: %zu", c.count);
  /* A file name in Latin-1: read from disk, shown repaired. */
  d = doc(&c, "r\xEF\xBF\xBDsum\xEF\xBF\xBD");
  CHECK(d != NULL, "Latin-1 file name repaired in the id");
  if (d) CHECK_STR(d->path, "r\xEF\xBF\xBDsum\xEF\xBF\xBD.txt");
  if (d) CHECK_STR(d->text, "Nom de fichier en Latin-1\n");
  CHECK(has_warning(&c, "sum\xEF\xBF\xBD.txt: the file name is not valid UTF-8", NULL),
        "file name warning");
  for (size_t i = 0; i < c.warning_count; i++)
    CHECK(lt_utf8_valid(c.warnings[i], strlen(c.warnings[i])), "warning %zu is UTF-8", i);
  d = doc(&c, "latin1");
  CHECK(d != NULL, "repaired document kept");
  if (d) CHECK_STR(d->text, "Caf\xEF\xBF\xBD cr\xEF\xBF\xBDme et été\nligne 2\n");
  /* Two well-formed accented letters against two bad bytes: damaged UTF-8,
  ** repaired, not read as Windows-1252. */
  CHECK(has_warning(&c, "latin1.txt: invalid UTF-8 repaired (2 sequences", NULL),
        "repair warning");
  CHECK(has_warning(&c, "binary.txt: binary file skipped", NULL), "binary warning");
  CHECK(has_warning(&c, "empty.txt: empty document skipped", NULL), "empty warning");
  CHECK(has_warning(&c, "blank.md: empty document skipped", NULL), "blank warning");
  CHECK(has_warning(&c, "blankpage.html: empty document skipped", NULL), "blank html warning");
  CHECK(has_warning(&c, "broken.txt: cannot be read", "No such file"), "unreadable warning");
  CHECK(doc(&c, "binary") == NULL && doc(&c, "empty") == NULL, "skipped");
  /* Warnings name the file with its folder, so the reader can find it. */
  CHECK(has_warning(&c, dir, "binary.txt"), "full path in warning");
  d = doc(&c, "bom");
  if (d) CHECK_STR(d->title, "Titre avec BOM");
  if (d) CHECK(d->text[0] == 'T', "BOM dropped");
  CHECK(c.warning_count == 7, "%zu warnings", c.warning_count);
  /* Read on one thread, the same documents and warnings in the same order
  ** (with two, the second half of the files is read on a second thread). */
  lt_corpus alone;
  rc = lt_corpus_load(dir, 1, &alone, &error);
  CHECK(rc == 0, "load on one thread: %s", error ? error : "");
  free(error);
  if (rc == 0) {
    CHECK(alone.count == c.count && alone.warning_count == c.warning_count,
          "one thread: %zu documents, %zu warnings", alone.count, alone.warning_count);
    for (size_t i = 0; i < c.count && i < alone.count; i++) {
      CHECK_STR(alone.docs[i].id, c.docs[i].id);
      CHECK_STR(alone.docs[i].text, c.docs[i].text);
      CHECK_STR(alone.docs[i].title, c.docs[i].title);
      CHECK_STR(alone.docs[i].sha256, c.docs[i].sha256);
    }
    for (size_t i = 0; i < c.warning_count && i < alone.warning_count; i++)
      CHECK_STR(alone.warnings[i], c.warnings[i]);
    lt_corpus_free(&alone);
  }
  lt_corpus_free(&c);
  remove_dir(dir);
}

/* ---------------------------------------------------------------------------
** Encodings: which files are Windows-1252, UTF-16, damaged UTF-8.
*/

static void check_guess(const char *bytes, lt_text_encoding want, const char *what) {
  lt_text_encoding got = lt_guess_encoding(bytes, strlen(bytes));
  CHECK(got == want, "%s: guessed %d, want %d", what, (int)got, (int)want);
}

static void test_encoding_rule(void) {
  check_guess("", LT_TEXT_UTF8, "empty");
  check_guess("plain ASCII", LT_TEXT_UTF8, "ASCII");
  check_guess("Caf\xC3\xA9 \xE2\x80\x99 \xC5\x93uvre", LT_TEXT_UTF8, "UTF-8");
  /* French in Windows-1252: é E9, ’ 92, œ 9C, « » AB BB, € 80. */
  check_guess("L\xE9gion d\x92honneur, \xAB \x9Cuvre \xBB, 5 \x80", LT_TEXT_CP1252, "CP1252");
  check_guess("caf\xE9", LT_TEXT_CP1252, "one Latin-1 byte");
  /* UTF-8 with a damaged byte: the well-formed letters win. */
  check_guess("\xC3\xA9t\xC3\xA9 \xFF", LT_TEXT_DAMAGED_UTF8, "damaged UTF-8");
  check_guess("\xC3\xA9 \xE9", LT_TEXT_DAMAGED_UTF8, "one each: UTF-8");
  /* Mac Roman French uses 8F (è) and 8D (ç), undefined in Windows-1252. */
  check_guess("tr\x8F s fran\x8D" "ais", LT_TEXT_DAMAGED_UTF8, "Mac Roman");
  check_guess("\x81\x81\x81", LT_TEXT_DAMAGED_UTF8, "undefined bytes");
  /* A truncated UTF-8 character at the end is damage, not a legacy file. */
  check_guess("\xC3\xA9t\xC3", LT_TEXT_DAMAGED_UTF8, "cut UTF-8");

  size_t n = 0;
  const char *cp = "L\xE9gion d\x92honneur \xAB\xA0\x9Cuvre\xA0\xBB \x80\r\nfin\x81";
  char *text = lt_cp1252_to_utf8(cp, strlen(cp), &n);
  CHECK_STR(text, "Légion d’honneur «\xC2\xA0œuvre\xC2\xA0» €\nfin\xEF\xBF\xBD");
  CHECK(text && n == strlen(text) && lt_utf8_valid(text, n), "converted text is valid UTF-8");
  free(text);
  text = lt_cp1252_to_utf8("a\0b\x01" "c", 5, &n);  /* control characters dropped */
  CHECK_STR(text, "abc");
  free(text);

  size_t replaced = 99;
  /* "é😀\r\n" in UTF-16 LE, then BE. */
  const char le[] = "\xE9\x00\x3D\xD8\x00\xDE\r\x00\n\x00";
  text = lt_utf16_to_utf8(le, sizeof le - 1, 0, &n, &replaced);
  CHECK_STR(text, "é\xF0\x9F\x98\x80\n");
  CHECK(replaced == 0, "nothing replaced: %zu", replaced);
  free(text);
  const char be[] = "\x00\xE9\xD8\x3D\xDE\x00\x00\r\x00\n";
  text = lt_utf16_to_utf8(be, sizeof be - 1, 1, &n, &replaced);
  CHECK_STR(text, "é\xF0\x9F\x98\x80\n");
  free(text);
  /* A lone high surrogate, a lone low one, an odd last byte. */
  const char bad[] = "\x3D\xD8" "a\x00" "\x00\xDE" "b";
  text = lt_utf16_to_utf8(bad, sizeof bad - 1, 0, &n, &replaced);
  CHECK_STR(text, "\xEF\xBF\xBD" "a\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(replaced == 3, "three replaced: %zu", replaced);
  CHECK(text && lt_utf8_valid(text, n), "valid UTF-8");
  free(text);
  text = lt_utf16_to_utf8("", 0, 0, &n, &replaced);
  CHECK_STR(text, "");
  free(text);
}

/* Legacy and Unicode encodings in a corpus folder, each with its warning. */
static void test_encoding_files(void) {
  char *dir = make_temp_dir();
  write_text(dir, "good.txt", "Un document ordinaire\n");
  write_text(dir, "cp1252.txt", "L\xE9gion d\x92honneur\r\n\xAB \x9Cuvre \xBB\r\n");
  write_text(dir, "damaged.txt", "\xC3\xA9t\xC3\xA9 et un octet \xFF perdu\n");
  write_bytes(dir, "utf16le.txt", "\xFF\xFE" "E\0t\0\xE9\0\n\0", 10);
  write_bytes(dir, "utf16be.md", "\xFE\xFF" "\0H\0i\0v\0e\0r", 12);
  write_text(dir, "bom8.txt", "\xEF\xBB\xBF" "caf\xC3\xA9\n");
  write_bytes(dir, "utf16-no-bom.txt", "H\0i\0", 4);  /* NUL bytes, no BOM: binary */
  write_text(dir, "crlf.txt", "ligne 1\r\nligne 2\rligne 3\r\n");

  lt_corpus c;
  if (!load_or_remove(dir, &c)) return;
  const lt_document *d = doc(&c, "cp1252");
  if (d) CHECK_STR(d->text, "Légion d’honneur\n« œuvre »\n");
  if (d) CHECK_STR(d->title, "Légion d’honneur");
  CHECK(has_warning(&c, "cp1252.txt: not UTF-8; read as Windows-1252 (Latin-1)", NULL),
        "Windows-1252 warning");
  d = doc(&c, "damaged");
  if (d) CHECK_STR(d->text, "été et un octet \xEF\xBF\xBD perdu\n");
  CHECK(has_warning(&c, "damaged.txt: invalid UTF-8 repaired (1 sequence", NULL), "repaired");
  d = doc(&c, "utf16le");
  if (d) CHECK_STR(d->text, "Eté\n");
  CHECK(has_warning(&c, "utf16le.txt: UTF-16 text (little-endian), converted", NULL), "UTF-16 LE");
  d = doc(&c, "utf16be");
  if (d) CHECK_STR(d->text, "Hiver");
  CHECK(has_warning(&c, "utf16be.md: UTF-16 text (big-endian), converted", NULL), "UTF-16 BE");
  d = doc(&c, "bom8");
  if (d) CHECK_STR(d->text, "café\n");
  CHECK(!has_warning(&c, "bom8.txt", NULL), "a UTF-8 BOM is no problem");
  CHECK(doc(&c, "utf16-no-bom") == NULL, "UTF-16 without BOM skipped");
  CHECK(has_warning(&c, "utf16-no-bom.txt: binary file skipped", NULL), "binary warning");
  d = doc(&c, "crlf");
  if (d) CHECK_STR(d->text, "ligne 1\nligne 2\nligne 3\n");
  CHECK(!has_warning(&c, "crlf.txt", NULL), "CRLF is no problem");
  CHECK(doc(&c, "good") != NULL, "good document kept");
  CHECK(c.count == 7, "%zu documents", c.count);
  CHECK(c.warning_count == 5, "%zu warnings", c.warning_count);
  for (size_t i = 0; i < c.count; i++)
    CHECK(lt_utf8_valid(c.docs[i].text, c.docs[i].text_len), "%s is UTF-8", c.docs[i].id);
  lt_corpus_free(&c);
  remove_dir(dir);
}

/* Special files: a named pipe must be skipped, not read (it would hang). */
static void test_special_files(void) {
  char *dir = make_temp_dir();
  char path[4096];
  write_text(dir, "good.txt", "Un document\n");
  snprintf(path, sizeof path, "%s/pipe.txt", dir);
  CHECK(mkfifo(path, 0644) == 0, "mkfifo");
  write_text(dir, "folder.txt/inside.txt", "Dans un dossier nommé folder.txt\n");
  write_text(dir, "new\nline.txt", "Nom de fichier avec un saut de ligne\n");
  write_text(dir, "dots..txt", "Deux points\n");
  lt_corpus c;
  char *error = NULL;
  int rc = lt_corpus_load(dir, 2, &c, &error);
  CHECK(rc == 0, "load: %s", error ? error : "");
  free(error);
  if (rc == 0) {
    CHECK(has_warning(&c, "pipe.txt: not a regular file (a named pipe), skipped", NULL),
          "pipe warning");
    CHECK(doc(&c, "folder.txt/inside") != NULL, "a folder named x.txt is a folder");
    CHECK(doc(&c, "new\nline") != NULL, "a file name with a newline");
    CHECK(doc(&c, "dots.") != NULL, "a file name with two dots");
    CHECK(c.count == 4, "%zu documents", c.count);
    lt_corpus_free(&c);
  }
  remove_dir(dir);
}

static void test_errors(void) {
  /* Missing folder. */
  char *error = load_error("/tmp/lanterne-no-such-folder-here");
  CHECK(error && strncmp(error, "/tmp/lanterne-no-such-folder-here: no such folder", 49) == 0,
        "%s", error);
  free(error);

  char *dir = make_temp_dir();
  /* Not a folder. */
  write_text(dir, "file.txt", "x");
  char path[256];
  snprintf(path, sizeof path, "%s/file.txt", dir);
  error = load_error(path);
  CHECK(contains(error, "file.txt: not a folder"), "%s", error ? error : "(none)");
  free(error);
  remove(path);

  /* Empty folder, and a folder holding no document type. */
  error = load_error(dir);
  CHECK(contains(error, ": no .txt, .md or .html documents found"), "%s", error ? error : "(none)");
  CHECK(error && strncmp(error, dir, strlen(dir)) == 0, "folder named first: %s", error ? error : "(none)");
  free(error);
  write_text(dir, "scan.pdf", "%PDF");
  write_text(dir, "only-blank.txt", "\n");
  error = load_error(dir);
  CHECK(contains(error, "nothing to index: all 1 .txt, .md or .html files were skipped") &&
            contains(error, "only-blank.txt: empty document skipped"),
        "%s", error);
  free(error);

  /* Two files giving the same id. */
  write_text(dir, "sub/a.txt", "texte a\n");
  write_text(dir, "sub/a.md", "texte a en markdown\n");
  error = load_error(dir);
  CHECK(contains(error, "sub/a.md") && contains(error, "sub/a.txt"), "both files: %s", error ? error : "(none)");
  CHECK(contains(error, "\"sub/a\""), "the id: %s", error ? error : "(none)");
  free(error);
  remove_dir(dir);
}

/* Writes corpus.json into a one-document folder and returns the load error. */
static char *metadata_error(const char *json) {
  char *dir = make_temp_dir();
  write_text(dir, "003_x.txt", "Un document\n");
  write_text(dir, "corpus.json", json);
  char *error = load_error(dir);
  char prefix[256];
  snprintf(prefix, sizeof prefix, "%s/corpus.json", dir);
  CHECK(error && strncmp(error, prefix, strlen(prefix)) == 0, "file named first: %s", error ? error : "(none)");
  remove_dir(dir);
  /* Drop the folder so callers can compare the rest exactly. */
  if (error && strncmp(error, prefix, strlen(prefix)) == 0) {
    char *rest = strdup(error + strlen(prefix));
    free(error);
    return rest;
  }
  return error;
}

static void test_metadata_errors(void) {
  char *e = metadata_error("{\n  \"title\": \"x\",\n  \"documents\": {\n    \"003_x\": {\"date\": 2012,}\n}");
  /* cJSON points just after the '}' that follows the trailing comma. */
  CHECK(contains(e, ":4:29: malformed JSON (look for a missing or extra comma"), "%s", e);
  free(e);
  e = metadata_error("{\"title\": \"Été\" \"x\"}");
  CHECK(contains(e, ":1:17: malformed JSON"), "%s", e);  /* columns count characters */
  free(e);
  e = metadata_error("");
  CHECK_STR(e, ": the file is empty; write {} in it, or delete it");
  free(e);
  e = metadata_error(" \n");
  CHECK(contains(e, ": the file is empty"), "%s", e);
  free(e);
  e = metadata_error("{} trailing");
  CHECK(contains(e, ":1:4: malformed JSON"), "%s", e);
  free(e);
  e = metadata_error("{\"documents\": {\"003_x\": {\"date\": 2012}}}");
  /* Wrongly typed values: the file, the line and column of the value, the
  ** field, what was expected and what was found. */
  CHECK_STR(e, ":1:34: documents.\"003_x\".date must be a string in double quotes such as "
               "\"2014\" or \"2014-05-01\", not a number; fix it and build again");
  free(e);
  e = metadata_error("{\n  \"title\": \"t\",\n  \"documents\": {\n    \"003_x\": {\"title\": \"a\",\n"
                     "              \"date\": true}}}");
  CHECK(contains(e, ":5:23: documents.\"003_x\".date must be a string") &&
            contains(e, "not true or false"),
        "%s", e);
  free(e);
  e = metadata_error("{\"title\": [\"x\"]}");
  CHECK(contains(e, ":1:11: title must be a string in double quotes, not a list [...]"), "%s",
        e);
  free(e);
  e = metadata_error("{\"documents\": {\"003_x\": {\"date\": \"2012-13\"}}}");
  CHECK_STR(e, ":1:34: documents.\"003_x\".date \"2012-13\" is not a date (use YYYY, YYYY-MM or "
               "YYYY-MM-DD)");
  free(e);
  e = metadata_error("{\"documents\": {\"003_x\": \"titre\"}}");
  CHECK_STR(e, ":1:25: documents.\"003_x\" must be an object {...}, not a string");
  free(e);
  e = metadata_error("{\"documents\": 3}");
  CHECK(contains(e, ": documents must be an object"), "%s", e);
  free(e);
  e = metadata_error("[1, 2]");
  CHECK(contains(e, ":1:1: must hold a JSON object") && contains(e, "not a list"), "%s", e);
  free(e);
  e = metadata_error("{\"documents\": [{\"id\": \"003_x\"}, {\"title\": \"sans id\"}]}");
  CHECK(contains(e, ":1:33: documents[1].id must be a string") && contains(e, "missing"), "%s", e);
  free(e);
  e = metadata_error("{\"documents\": [{\"id\": \"003_x\", \"source\": {}}]}");
  CHECK(contains(e, ":1:42: documents[0].source must be a string") && contains(e, "not an object"),
        "%s", e);
  free(e);
}

static void test_metadata(void) {
  char *dir = make_temp_dir();
  write_text(dir, "a.txt", "Premier titre\ncorps");
  write_text(dir, "b.txt", "Second\n");
  write_text(dir, "c.html", "<title>Titre de page</title><p>corps</p>");
  write_text(dir, "corpus.json",
             "{\"title\": \"Mon corpus\", \"language\": \"fr\", \"extra\": [1, 2],\n"
             " \"documents\": {\n"
             "  \"a\": {\"title\": \"  Titre choisi \", \"date\": \"2012-04-19\", \"source\": "
             "\"Ambassade\", \"url\": \"https://example.org/a\", \"type\": \"letter\", "
             "\"classification\": \"Confidentiel\", \"unknown\": 1},\n"
             "  \"b\": {\"language\": \"en\", \"date\": null, \"title\": \"\", \"source\": "
             "\"Bad \xFF byte, \xC3\xA9t\xC3\xA9\"},\n"
             "  \"missing\": {\"title\": \"nobody\"}\n"
             " }}");
  lt_corpus c;
  char *error = NULL;
  int rc = lt_corpus_load(dir, 2, &c, &error);
  CHECK(rc == 0, "load: %s", error ? error : "");
  free(error);
  if (rc == 0) {
    CHECK_STR(c.title, "Mon corpus");
    const lt_document *a = doc(&c, "a"), *b = doc(&c, "b"), *h = doc(&c, "c");
    CHECK(a && b && h, "three documents");
    if (a) {
      CHECK_STR(a->title, "Titre choisi");
      CHECK_STR(a->date, "2012-04-19");
      CHECK_STR(a->date_source, "metadata");
      CHECK_STR(a->source, "Ambassade");
      CHECK_STR(a->url, "https://example.org/a");
      CHECK_STR(a->type, "letter");
      CHECK_STR(a->classification, "Confidentiel");
      CHECK_STR(a->language, "fr");
    }
    if (b) {
      CHECK_STR(b->title, "Second");  /* blank metadata title: first line */
      CHECK_STR(b->language, "en");
      CHECK(b->date == NULL && b->date_source == NULL, "no date");
      CHECK_STR(b->source, "Bad \xEF\xBF\xBD byte, été");  /* damaged UTF-8: repaired */
    }
    if (h) {
      CHECK_STR(h->title, "Titre de page");
      CHECK_STR(h->language, "fr");
    }
    CHECK(has_warning(&c, "corpus.json", "\"missing\""), "entry naming no document");
    CHECK(has_warning(&c, "corpus.json: invalid UTF-8 repaired (1 sequence", NULL),
          "corpus.json repaired");
    CHECK(c.warning_count == 2, "%zu warnings", c.warning_count);
    lt_corpus_free(&c);
  }

  /* A byte order mark before the JSON is accepted. */
  write_text(dir, "corpus.json", "\xEF\xBB\xBF{\"title\": \"Avec BOM\"}");
  rc = lt_corpus_load(dir, 2, &c, &error);
  CHECK(rc == 0, "load with BOM: %s", error ? error : "");
  free(error);
  if (rc == 0) {
    CHECK_STR(c.title, "Avec BOM");
    lt_corpus_free(&c);
  }

  /* The list form of "documents". */
  write_text(dir, "corpus.json",
             "{\"documents\": [{\"id\": \"b\", \"title\": \"Titre B\", \"date\": \"2020\"},"
             " {\"id\": \"zz\"}]}");
  rc = lt_corpus_load(dir, 2, &c, &error);
  CHECK(rc == 0, "load: %s", error ? error : "");
  free(error);
  if (rc == 0) {
    const lt_document *b = doc(&c, "b");
    if (b) {
      CHECK_STR(b->title, "Titre B");
      CHECK_STR(b->date, "2020");
      CHECK(b->language == NULL, "no default language");
    }
    CHECK(has_warning(&c, "documents[1]", "\"zz\""), "list entry naming no document");
    CHECK_STR(c.title, strrchr(dir, '/') + 1);
    lt_corpus_free(&c);
  }
  remove_dir(dir);
}

static void test_symlinks(void) {
  char *dir = make_temp_dir();
  write_text(dir, "real/doc.txt", "Document réel\n");
  make_link(dir, "real/loop", "..");         /* points back up: a loop */
  make_link(dir, "real/self", ".");          /* points to itself */
  make_link(dir, "alias.txt", "real/doc.txt");  /* a link to a file is read */
  lt_corpus c;
  char *error = NULL;
  int rc = lt_corpus_load(dir, 2, &c, &error);
  CHECK(rc == 0, "load: %s", error ? error : "");
  free(error);
  if (rc == 0) {
    CHECK(c.count == 2, "doc and alias only: %zu", c.count);
    CHECK(doc(&c, "alias") && doc(&c, "real/doc"), "ids");
    CHECK(has_warning(&c, "real/loop", "already read"), "loop reported");
    lt_corpus_free(&c);
  }
  /* A link to a folder outside is followed. */
  char *other = make_temp_dir();
  write_text(other, "ext.txt", "Externe\n");
  char target[4096];
  snprintf(target, sizeof target, "%s", other);
  make_link(dir, "linked", target);
  rc = lt_corpus_load(dir, 2, &c, &error);
  CHECK(rc == 0, "load: %s", error ? error : "");
  free(error);
  if (rc == 0) {
    CHECK(doc(&c, "linked/ext") != NULL, "followed link to a folder");
    lt_corpus_free(&c);
  }
  remove_dir(other);
  remove_dir(dir);
}

/* ---------------------------------------------------------------------------
** The default corpus.
*/

static void test_default_corpus(void) {
  lt_corpus c;
  char *error = NULL;
  int rc = lt_corpus_load(LANTERNE_SOURCE_DIR "/corpus", 2, &c, &error);
  CHECK(rc == 0, "load default corpus: %s", error ? error : "");
  free(error);
  if (rc != 0) return;
  CHECK(c.count == 5, "%zu documents", c.count);
  CHECK(c.warning_count == 0, "%zu warnings: %s", c.warning_count,
        c.warning_count ? c.warnings[0] : "");
  CHECK_STR(c.title, "Maroc–OTAN–États-Unis : coopération sécuritaire (2012–2022)");
  struct {
    const char *id, *date, *title_start;
  } want[] = {
    {"000_7c59c344a3186c0e", "2012-04-19", "Compte rendu de la visite de la délégation du CSDN"},
    {"001_470fb5816bf4cc43", "2014-08-14", "L’OTAN propose au Maroc"},
    {"002_41e792016c4892aa", "2022-06", "La lutte contre le terrorisme"},
    {"003_4625da25efb4d1b6", "2020-12-27", "La coopération militaire et sécuritaire"},
    {"004_5b4bad2fd53bf112", "2018-11", "Le Maroc et les Etats-Unis tiennent à Rabat"},
  };
  for (size_t i = 0; i < 5 && i < c.count; i++) {
    const lt_document *d = &c.docs[i];
    CHECK_STR(d->id, want[i].id);
    CHECK_STR(d->date, want[i].date);
    CHECK_STR(d->date_source, "metadata");
    CHECK_STR(d->language, "fr");
    CHECK(strncmp(d->title, want[i].title_start, strlen(want[i].title_start)) == 0,
          "title of %s: %s", d->id, d->title);
    CHECK(d->type != NULL, "type of %s", d->id);
    CHECK(d->text_len > 1000, "text of %s", d->id);
  }
  if (c.count == 5) {
    CHECK_STR(c.docs[0].classification, "Confidentiel");
    CHECK_STR(c.docs[3].source, "Libération (Maroc)");
  }
  lt_corpus_free(&c);
}

/* A background task: counts to `n` into `total`, returns `result`. */
typedef struct counting {
  long long n, total;
  int result;
} counting;

static int count_up(void *argument) {
  counting *c = argument;
  for (long long i = 1; i <= c->n; i++) c->total += i;
  return c->result;
}

/* lt_background_start() runs the task on a second thread (threads 2) or at
** once (threads 1); either way join gives its result, after it ended. */
static void test_background(void) {
  for (int threads = 1; threads <= 2; threads++) {
    counting a = { 100000, 0, 0 }, b = { 1000, 0, 7 };
    lt_background *first = lt_background_start(count_up, &a, threads);
    lt_background *second = lt_background_start(count_up, &b, threads);
    CHECK(first && second, "threads %d: tasks started", threads);
    if (threads == 1) CHECK(a.total == 5000050000LL, "threads 1: the task ran at once");
    CHECK(lt_background_join(first) == 0, "threads %d: first result", threads);
    CHECK(lt_background_join(second) == 7, "threads %d: second result", threads);
    CHECK(a.total == 5000050000LL && b.total == 500500, "threads %d: totals %lld %lld", threads,
          a.total, b.total);
  }
  CHECK(lt_background_join(NULL) == -1, "joining no task");
}

int main(void) {
  test_background();
  test_sha256();
  test_html();
  test_first_line_title();
  test_dates();
  test_walk();
  test_problem_files();
  test_encoding_rule();
  test_encoding_files();
  test_special_files();
  test_errors();
  test_metadata_errors();
  test_metadata();
  test_symlinks();
  test_default_corpus();
  return check_done();
}
