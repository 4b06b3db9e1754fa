/* html.c - a plan saved from a government web page as a PlanDoc (see
 * plandoc.h). The article is the element whose own paragraphs hold the
 * most text (navigation, menus and footers hold little); its blocks become
 * lines and its tables grids (rowspan and colspan filled as a browser shows
 * them). The page's <title> comes first, as the notice's title often lives
 * only there. libxml2's HTML parser, without network access. */
#include "import/plandoc.h"
#include "base/utf8.h"
#include "base/util.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_COLS 64
#define MAX_DEPTH 200

static bool named(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, name) == 0;
}

static bool named_any(const xmlNode *n, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (named(n, names[i])) return true;
    return false;
}

static const char *const NOT_TEXT[] = { "script", "style", "noscript", "iframe", "select", "button", "nav", "head",
                                        "textarea", "svg", "object", NULL };
static const char *const BLOCKS[] = { "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section",
                                      "article", "blockquote", "pre", "dd", "dt", "dl", "center", "tr", "header",
                                      "footer", "main", "aside", "form", "hr", "caption", NULL };
static const char *const PARAGRAPHS[] = { "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre",
                                          "table", "font", "span", "strong", "b", "center", NULL };

/* Bytes of text under n (outside scripts and the like). */
static size_t text_size(const xmlNode *n, int depth)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        return n->content ? strlen((const char *)n->content) : 0;
    if (n->type != XML_ELEMENT_NODE || named_any(n, NOT_TEXT) || depth > MAX_DEPTH) return 0;
    size_t s = 0;
    for (const xmlNode *c = n->children; c; c = c->next) s += text_size(c, depth + 1);
    return s;
}

/* The element whose own children carry the most paragraph text. */
static void find_article(const xmlNode *n, int depth, const xmlNode **best, size_t *best_score)
{
    if (n->type != XML_ELEMENT_NODE || named_any(n, NOT_TEXT) || depth > MAX_DEPTH) return;
    size_t score = 0;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE) score += text_size(c, depth + 1);
        else if (named_any(c, PARAGRAPHS)) score += text_size(c, depth + 1);
    }
    if (score > *best_score) { *best_score = score; *best = n; }
    for (const xmlNode *c = n->children; c; c = c->next) find_article(c, depth + 1, best, best_score);
}

typedef struct {
    PlanDoc *d;
    Buf line;
    size_t paragraphs, tables;
} Walk;

static void flush(Walk *w)
{
    const char *s = w->line.data ? buf_cstr(&w->line) : "";
    size_t n = w->line.len;
    while (n && (s[0] == ' ')) { s++; n--; }
    while (n && s[n - 1] == ' ') n--;
    if (n) {
        char where[40];
        snprintf(where, sizeof where, "paragraph %zu", ++w->paragraphs);
        plandoc_add_line(w->d, s, n, where);
    }
    w->line.len = 0;
}

/* Text with HTML's white space collapsed; a newline in the source is a
 * space, not a paragraph. */
static void add_text(Buf *b, const char *s)
{
    for (; *s; s++) {
        char c = (*s == '\n' || *s == '\r' || *s == '\t') ? ' ' : *s;
        if (c == ' ' && b->len && b->data[b->len - 1] == ' ') continue;
        buf_putc(b, c);
    }
}

static void walk(Walk *w, const xmlNode *n, int depth);

static void cell_text_of(const xmlNode *n, Buf *b, int depth)
{
    for (const xmlNode *c = n->children; c && depth < MAX_DEPTH; c = c->next) {
        if (c->type == XML_TEXT_NODE && c->content) add_text(b, (const char *)c->content);
        else if (c->type != XML_ELEMENT_NODE || named_any(c, NOT_TEXT)) continue;
        else if (named(c, "br") || named(c, "p") || named(c, "div") || named(c, "li")) {
            if (b->len && b->data[b->len - 1] != '\n') buf_putc(b, '\n');
            cell_text_of(c, b, depth + 1);
        } else cell_text_of(c, b, depth + 1);
    }
}

static int attr_span(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    int x = v ? atoi((const char *)v) : 1;
    xmlFree(v);
    return x < 1 ? 1 : x > MAX_COLS ? MAX_COLS : x;
}

static void collect_rows(const xmlNode *n, const xmlNode **rows, size_t *n_rows, size_t cap)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (named(c, "tr") && *n_rows < cap) rows[(*n_rows)++] = c;
        else if (named(c, "thead") || named(c, "tbody") || named(c, "tfoot")) collect_rows(c, rows, n_rows, cap);
    }
}

static void add_table(Walk *w, const xmlNode *table)
{
    enum { MAX_ROWS = 4000 };
    const xmlNode **rows = xcalloc(MAX_ROWS, sizeof *rows);
    size_t n_rows = 0, cols = MAX_COLS;
    collect_rows(table, rows, &n_rows, MAX_ROWS);
    char **grid = xcalloc(n_rows * cols + 1, sizeof *grid), **where = xcalloc(n_rows + 1, sizeof *where);
    int span_left[MAX_COLS] = {0};
    char *span_text[MAX_COLS] = {0};
    size_t used = 0;
    w->tables++;
    for (size_t r = 0; r < n_rows; r++) {
        size_t c = 0;
        for (const xmlNode *td = rows[r]->children;; td = td ? td->next : NULL) {
            while (c < cols && span_left[c] > 0) { grid[r * cols + c] = span_text[c]; span_left[c]--; c++; }
            if (!td || c >= cols) break;
            if (!named(td, "td") && !named(td, "th")) continue;
            Buf b = {0};
            cell_text_of(td, &b, 0);
            char *text = arena_strndup(&w->d->arena, b.data ? buf_cstr(&b) : "", b.len);
            buf_free(&b);
            int cs = attr_span(td, "colspan"), rs = attr_span(td, "rowspan");
            for (int k = 0; k < cs && c < cols; k++, c++) {
                grid[r * cols + c] = k == 0 ? text : "";
                span_left[c] = rs - 1;
                span_text[c] = k == 0 ? text : "";
            }
        }
        if (c > used) used = c;
        where[r] = arena_printf(&w->d->arena, "table %zu, row %zu", w->tables, r + 1);
    }
    /* the grid narrowed to the columns used */
    for (size_t r = 0; r < n_rows; r++)
        for (size_t c = 0; c < used; c++) grid[r * used + c] = grid[r * cols + c];
    if (n_rows && used) plandoc_add_table(w->d, grid, n_rows, used, where, true, 0);
    free(grid);
    free(where);
    free(rows);
}

static void walk_list(Walk *w, const xmlNode *ol, int depth)
{
    xmlChar *st = xmlGetProp(ol, (const xmlChar *)"start");
    int k = st ? atoi((const char *)st) : 1;
    xmlFree(st);
    for (const xmlNode *c = ol->children; c; c = c->next) {
        if (!named(c, "li")) { walk(w, c, depth + 1); continue; }
        flush(w);
        buf_printf(&w->line, "%d.", k++);
        walk(w, c, depth + 1);
        flush(w);
    }
}

static void walk(Walk *w, const xmlNode *n, int depth)
{
    if (depth > MAX_DEPTH) return;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content) add_text(&w->line, (const char *)n->content);
        return;
    }
    if (n->type != XML_ELEMENT_NODE || named_any(n, NOT_TEXT)) return;
    if (named(n, "br")) { flush(w); return; }
    if (named(n, "table")) { flush(w); add_table(w, n); return; }
    if (named(n, "ol")) { flush(w); walk_list(w, n, depth); return; }
    bool block = named_any(n, BLOCKS);
    if (block) flush(w);
    for (const xmlNode *c = n->children; c; c = c->next) walk(w, c, depth + 1);
    if (block) flush(w);
}

static const char *guess_encoding(const char *data, size_t len)
{
    size_t head = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 7 <= head; i++)
        if (strncasecmp(data + i, "charset", 7) == 0) return NULL;   /* the page says */
    return utf8_invalid_at(data, len) < len ? "GB18030" : "UTF-8";
}

bool plandoc_from_html(PlanDoc *d, const char *data, size_t len, char *err, size_t errlen)
{
    d->format = PLAN_HTML;
    d->lines_are_paragraphs = true;
    if (len > (size_t)0x7fffffff) { snprintf(err, errlen, "too large for a web page"); return false; }
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt) { snprintf(err, errlen, "out of memory"); return false; }
    htmlDocPtr doc = htmlCtxtReadMemory(ctxt, data, (int)len, NULL, guess_encoding(data, len),
                                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    /* libxml2 halts (rather than recovers) only where going on is unsafe,
     * such as elements nested past its depth limit; what follows would be
     * silently missing, so the page is refused */
    bool halted = ctxt->disableSAX == 1;
    const xmlError *last = halted ? xmlCtxtGetLastError(ctxt) : NULL;
    if (halted) {
        snprintf(err, errlen, "the page could not be read to its end (line %d: %s); the tasks after that point would "
                              "be missing: save the plan again from Word as a web page or as .docx",
                 last ? last->line : 0, last && last->message ? last->message : "the parser stopped");
        char *nl = strchr(err, '\n');
        if (nl) memmove(nl, nl + 1, strlen(nl));
    }
    htmlFreeParserCtxt(ctxt);
    if (halted) {
        xmlFreeDoc(doc);
        return false;
    }
    const xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        snprintf(err, errlen, "an HTML page with nothing in it");
        xmlFreeDoc(doc);
        return false;
    }
    Walk w = { d, {0}, 0, 0 };
    for (const xmlNode *h = root->children; h; h = h->next)
        for (const xmlNode *t = named(h, "head") ? h->children : NULL; t; t = t->next)
            if (named(t, "title")) { walk(&w, t->children ? t->children : t, 0); flush(&w); }
    const xmlNode *article = NULL;
    size_t score = 0;
    find_article(root, 0, &article, &score);
    if (article) walk(&w, article, 0);
    flush(&w);
    buf_free(&w.line);
    xmlFreeDoc(doc);
    return true;
}
