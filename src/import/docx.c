/* docx.c - a Word or WPS .docx plan as a PlanDoc (see plandoc.h): the
 * body's paragraphs in order, with the numbers Word's automatic numbering
 * displays before them, and its tables as grids (merged cells filled as
 * Word shows them). Text boxes, deleted text, field codes, headers and
 * footers are not plan text. Read with libzip (base/zipread) and libxml2,
 * never with entity expansion or the network. */
#include "import/plandoc.h"
#include "base/cnfmt.h"
#include "base/util.h"
#include "base/xmlsafe.h"
#include "base/zipread.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define MAX_DOCUMENT_XML (64u << 20)
#define MAX_PART_XML (8u << 20)
#define MAX_LEVELS 9

/* ---- XML helpers ---- */

static bool is_w(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && strcmp((const char *)n->ns->href, W_NS) == 0 &&
           strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *child_w(const xmlNode *n, const char *name)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is_w(c, name)) return c;
    return NULL;
}

/* The w:val (or another w: attribute) of an element, or def. */
static int attr_int(const xmlNode *n, const char *name, int def)
{
    if (!n) return def;
    xmlChar *v = xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)W_NS);
    if (!v) return def;
    int x = atoi((const char *)v);
    xmlFree(v);
    return x;
}

static void attr_copy(const xmlNode *n, const char *name, char *out, size_t size)
{
    out[0] = '\0';
    if (!n) return;
    xmlChar *v = xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)W_NS);
    if (!v) return;
    snprintf(out, size, "%s", (const char *)v);
    xmlFree(v);
}

/* XML parsed, refusing DTDs (no Office part has one; they are how entity
 * bombs arrive). NULL with err set. */
static xmlDoc *parse_part(const char *name, const char *xml, size_t len, char *err, size_t errlen)
{
    return xml_parse_untrusted(name, xml, len, "Word", err, errlen);
}

/* A part of the package, unpacked under a limit; NULL when it is missing
 * (an error only when required) or cannot be read. */
static char *read_part(ZipRead *z, const char *name, size_t limit, bool required, size_t *len, char *err, size_t errlen)
{
    char *xml;
    ZipReadStatus st = zipread_member(z, name, limit, &xml, len);
    if (st == ZIPREAD_OK) return xml;
    if (st != ZIPREAD_MISSING || required) snprintf(err, errlen, "%s: %s", name, zipread_status_text(st));
    return NULL;
}

/* ---- automatic numbering (numbering.xml, styles.xml) ---- */

typedef struct {
    int start;
    char fmt[40], text[80];
} Level;

typedef struct {
    int id;
    Level lvl[MAX_LEVELS];
    int counter[MAX_LEVELS];
    bool counting[MAX_LEVELS];
} AbstractNum;

typedef struct {
    int id, abstract_id;
    int start_override[MAX_LEVELS];   /* 0: none */
    bool started;
} NumInstance;

typedef struct {
    char id[80], based_on[80];
    int num_id, ilvl;                 /* num_id -1: none said */
} StyleNum;

typedef struct {
    AbstractNum *abstracts;
    size_t n_abstracts, cap_abstracts;
    NumInstance *nums;
    size_t n_nums, cap_nums;
    StyleNum *styles;
    size_t n_styles, cap_styles;
} Numbering;

static void read_levels(const xmlNode *parent, Level *lvl, int *override)
{
    for (const xmlNode *l = parent->children; l; l = l->next) {
        const xmlNode *x = is_w(l, "lvl") ? l : is_w(l, "lvlOverride") ? child_w(l, "lvl") : NULL;
        int i = attr_int(l, "ilvl", -1);
        if (i < 0 || i >= MAX_LEVELS) continue;
        if (override && is_w(l, "lvlOverride")) {
            const xmlNode *so = child_w(l, "startOverride");
            if (so) override[i] = attr_int(so, "val", 1);
        }
        if (!x || !lvl) continue;
        lvl[i].start = attr_int(child_w(x, "start"), "val", 1);
        attr_copy(child_w(x, "numFmt"), "val", lvl[i].fmt, sizeof lvl[i].fmt);
        attr_copy(child_w(x, "lvlText"), "val", lvl[i].text, sizeof lvl[i].text);
    }
}

static void read_numbering(Numbering *nb, const xmlDoc *doc)
{
    const xmlNode *root = doc ? xmlDocGetRootElement((xmlDoc *)doc) : NULL;
    for (const xmlNode *n = root ? root->children : NULL; n; n = n->next) {
        if (is_w(n, "abstractNum")) {
            AbstractNum *a = ARRAY_PUSH(nb->abstracts, nb->n_abstracts, nb->cap_abstracts);
            memset(a, 0, sizeof *a);
            a->id = attr_int(n, "abstractNumId", -1);
            for (int i = 0; i < MAX_LEVELS; i++) a->lvl[i].start = 1;
            read_levels(n, a->lvl, NULL);
        } else if (is_w(n, "num")) {
            NumInstance *x = ARRAY_PUSH(nb->nums, nb->n_nums, nb->cap_nums);
            memset(x, 0, sizeof *x);
            x->id = attr_int(n, "numId", -1);
            x->abstract_id = attr_int(child_w(n, "abstractNumId"), "val", -1);
            read_levels(n, NULL, x->start_override);
        }
    }
}

static void read_styles(Numbering *nb, const xmlDoc *doc)
{
    const xmlNode *root = doc ? xmlDocGetRootElement((xmlDoc *)doc) : NULL;
    for (const xmlNode *n = root ? root->children : NULL; n; n = n->next) {
        if (!is_w(n, "style")) continue;
        StyleNum *s = ARRAY_PUSH(nb->styles, nb->n_styles, nb->cap_styles);
        attr_copy(n, "styleId", s->id, sizeof s->id);
        attr_copy(child_w(n, "basedOn"), "val", s->based_on, sizeof s->based_on);
        const xmlNode *np = child_w(child_w(n, "pPr"), "numPr");
        s->num_id = np ? attr_int(child_w(np, "numId"), "val", -1) : -1;
        s->ilvl = np ? attr_int(child_w(np, "ilvl"), "val", 0) : 0;
    }
}

static const StyleNum *find_style(const Numbering *nb, const char *id)
{
    for (size_t i = 0; i < nb->n_styles; i++)
        if (strcmp(nb->styles[i].id, id) == 0) return &nb->styles[i];
    return NULL;
}

/* The paragraph's numbering: its own w:numPr, else its style's (and the
 * styles that style is based on). False when it is not numbered. */
static bool paragraph_numbering(const Numbering *nb, const xmlNode *p, int *num_id, int *ilvl)
{
    const xmlNode *ppr = child_w(p, "pPr");
    const xmlNode *np = child_w(ppr, "numPr");
    *num_id = -1;
    *ilvl = 0;
    if (np) {
        *num_id = attr_int(child_w(np, "numId"), "val", -1);
        *ilvl = attr_int(child_w(np, "ilvl"), "val", 0);
    }
    char style[80];
    attr_copy(child_w(ppr, "pStyle"), "val", style, sizeof style);
    for (int depth = 0; *num_id < 0 && style[0] && depth < 10; depth++) {
        const StyleNum *s = find_style(nb, style);
        if (!s) break;
        if (s->num_id >= 0) { *num_id = s->num_id; *ilvl = s->ilvl; }
        snprintf(style, sizeof style, "%s", s->based_on);
    }
    return *num_id > 0 && *ilvl >= 0 && *ilvl < MAX_LEVELS;
}

static void format_counter(Buf *b, const char *fmt, int n)
{
    static const char *const CIRCLED[] = { "①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩",
                                           "⑪", "⑫", "⑬", "⑭", "⑮", "⑯", "⑰", "⑱", "⑲", "⑳" };
    static const char *const STEMS[] = { "甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸" };
    if (n < 0) n = 0;
    if (strncmp(fmt, "chinese", 7) == 0 || strcmp(fmt, "japaneseCounting") == 0 ||
        strncmp(fmt, "taiwaneseCounting", 17) == 0 || strcmp(fmt, "koreanCounting") == 0) cn_num(b, n);
    else if (strcmp(fmt, "ideographDigital") == 0 || strcmp(fmt, "taiwaneseDigital") == 0) cn_digits(b, n);
    else if (strcmp(fmt, "ideographTraditional") == 0 && n >= 1 && n <= 10) buf_puts(b, STEMS[n - 1]);
    else if (strncmp(fmt, "decimalEnclosedCircle", 21) == 0 && n >= 1 && n <= 20) buf_puts(b, CIRCLED[n - 1]);
    else if (strcmp(fmt, "decimalEnclosedParen") == 0) buf_printf(b, "(%d)", n);
    else if (strcmp(fmt, "decimalZero") == 0) buf_printf(b, "%02d", n);
    else if ((strcmp(fmt, "upperLetter") == 0 || strcmp(fmt, "lowerLetter") == 0) && n >= 1)
        buf_putc(b, (char)((fmt[0] == 'u' ? 'A' : 'a') + (n - 1) % 26));
    else if (strcmp(fmt, "none") == 0 || strcmp(fmt, "bullet") == 0) return;
    else buf_printf(b, "%d", n);
}

/* Advance the list's counters for this paragraph and write the number as
 * Word displays it ("2.", "（三）") into b. */
static void number_paragraph(Numbering *nb, int num_id, int ilvl, Buf *b)
{
    NumInstance *num = NULL;
    for (size_t i = 0; i < nb->n_nums; i++)
        if (nb->nums[i].id == num_id) num = &nb->nums[i];
    AbstractNum *a = NULL;
    for (size_t i = 0; num && i < nb->n_abstracts; i++)
        if (nb->abstracts[i].id == num->abstract_id) a = &nb->abstracts[i];
    if (!a) return;
    if (!num->started) {
        num->started = true;
        for (int l = 0; l < MAX_LEVELS; l++)
            if (num->start_override[l]) { a->counter[l] = num->start_override[l] - 1; a->counting[l] = true; }
    }
    a->counter[ilvl] = a->counting[ilvl] ? a->counter[ilvl] + 1 : a->lvl[ilvl].start;
    a->counting[ilvl] = true;
    for (int l = ilvl + 1; l < MAX_LEVELS; l++) a->counting[l] = false;
    if (strcmp(a->lvl[ilvl].fmt, "bullet") == 0) return;
    for (const char *t = a->lvl[ilvl].text; *t; t++) {
        if (t[0] == '%' && t[1] >= '1' && t[1] <= '9') {
            int l = t[1] - '1';
            format_counter(b, a->lvl[l].fmt, a->counting[l] ? a->counter[l] : a->lvl[l].start);
            t++;
        } else buf_putc(b, *t);
    }
}

static void numbering_free(Numbering *nb)
{
    free(nb->abstracts);
    free(nb->nums);
    free(nb->styles);
}

/* ---- text of paragraphs ---- */

/* Elements whose text is not the paragraph's: deleted or moved-away text,
 * field codes, text boxes and drawings, notes' marks. */
static bool skipped_element(const xmlNode *n)
{
    static const char *const SKIP[] = { "pPr", "rPr", "del", "delText", "moveFrom", "instrText", "txbxContent",
                                        "drawing", "pict", "object", "footnoteReference", "endnoteReference",
                                        "commentReference", "fldData", NULL };
    if (n->ns && strcmp((const char *)n->name, "AlternateContent") == 0) return true;
    for (int i = 0; SKIP[i]; i++)
        if (is_w(n, SKIP[i])) return true;
    return false;
}

static void run_text(const xmlNode *n, Buf *b)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || skipped_element(c)) continue;
        if (is_w(c, "t")) {
            xmlChar *s = xmlNodeGetContent(c);
            if (s) { buf_puts(b, (const char *)s); xmlFree(s); }
        } else if (is_w(c, "tab")) buf_putc(b, '\t');
        else if (is_w(c, "br") || is_w(c, "cr")) {
            char type[16];
            attr_copy(c, "type", type, sizeof type);
            if (strcmp(type, "page") != 0 && strcmp(type, "column") != 0) buf_putc(b, '\n');
        } else if (is_w(c, "noBreakHyphen")) buf_putc(b, '-');
        else if (is_w(c, "p")) { run_text(c, b); buf_putc(b, '\n'); }
        else run_text(c, b);
    }
}

/* ---- the body ---- */

typedef struct {
    PlanDoc *d;
    Numbering nb;
    size_t paragraphs, tables;
} Walk;

static void add_paragraph(Walk *w, const xmlNode *p)
{
    Buf b = {0};
    int num_id, ilvl;
    if (paragraph_numbering(&w->nb, p, &num_id, &ilvl)) number_paragraph(&w->nb, num_id, ilvl, &b);
    run_text(p, &b);
    w->paragraphs++;
    char where[40];
    snprintf(where, sizeof where, "paragraph %zu", w->paragraphs);
    const char *s = b.data ? buf_cstr(&b) : "";
    /* a line break inside a paragraph is a line of its own */
    for (const char *e; *s; s = *e ? e + 1 : e) {
        e = strchr(s, '\n');
        if (!e) e = s + strlen(s);
        if (e > s) plandoc_add_line(w->d, s, (size_t)(e - s), where);
    }
    buf_free(&b);
}

/* The text of a table cell: its paragraphs, one per line. */
static char *cell_text(Walk *w, const xmlNode *tc)
{
    Buf b = {0};
    for (const xmlNode *c = tc->children; c; c = c->next) {
        if (!is_w(c, "p") && !is_w(c, "tbl") && !is_w(c, "sdt")) continue;
        if (b.len && b.data[b.len - 1] != '\n') buf_putc(&b, '\n');
        int num_id, ilvl;
        if (is_w(c, "p") && paragraph_numbering(&w->nb, c, &num_id, &ilvl)) number_paragraph(&w->nb, num_id, ilvl, &b);
        run_text(c, &b);
    }
    while (b.len && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == ' ')) b.len--;
    char *s = arena_strndup(&w->d->arena, b.data ? b.data : "", b.len);
    buf_free(&b);
    return s;
}

static size_t table_columns(const xmlNode *tbl)
{
    size_t cols = 0;
    for (const xmlNode *g = child_w(child_w(tbl, "tblGrid"), "gridCol"); g; g = g->next) cols += is_w(g, "gridCol");
    for (const xmlNode *tr = tbl->children; tr; tr = tr->next) {
        if (!is_w(tr, "tr")) continue;
        size_t c = (size_t)attr_int(child_w(child_w(tr, "trPr"), "gridBefore"), "val", 0);
        for (const xmlNode *tc = tr->children; tc; tc = tc->next)
            if (is_w(tc, "tc")) c += (size_t)(attr_int(child_w(child_w(tc, "tcPr"), "gridSpan"), "val", 1) > 0
                                                 ? attr_int(child_w(child_w(tc, "tcPr"), "gridSpan"), "val", 1) : 1);
        if (c > cols) cols = c;
    }
    return cols > 64 ? 64 : cols;
}

/* A vertically merged cell continues the one above: Word shows the text of
 * the first over all of them, and so does the grid. */
static bool merge_continues(const xmlNode *tc)
{
    const xmlNode *vm = child_w(child_w(tc, "tcPr"), "vMerge");
    if (!vm) return false;
    char v[16];
    attr_copy(vm, "val", v, sizeof v);
    return strcmp(v, "restart") != 0;
}

static void add_table(Walk *w, const xmlNode *tbl)
{
    size_t cols = table_columns(tbl), rows = 0, cap = 0, cap_where = 0, n_where = 0;
    if (!cols) return;
    char **grid = NULL, **where = NULL;
    w->tables++;
    for (const xmlNode *tr = tbl->children; tr; tr = tr->next) {
        if (!is_w(tr, "tr")) continue;
        grow_array((void **)&grid, &cap, (rows + 1) * cols, sizeof *grid);
        memset(grid + rows * cols, 0, cols * sizeof *grid);
        size_t c = (size_t)attr_int(child_w(child_w(tr, "trPr"), "gridBefore"), "val", 0);
        for (const xmlNode *tc = tr->children; tc && c < cols; tc = tc->next) {
            if (!is_w(tc, "tc")) continue;
            int span = attr_int(child_w(child_w(tc, "tcPr"), "gridSpan"), "val", 1);
            if (merge_continues(tc) && rows > 0) grid[rows * cols + c] = grid[(rows - 1) * cols + c];
            else grid[rows * cols + c] = cell_text(w, tc);
            c += span > 0 ? (size_t)span : 1;
        }
        *ARRAY_PUSH(where, n_where, cap_where) = arena_printf(&w->d->arena, "table %zu, row %zu", w->tables, rows + 1);
        rows++;
    }
    if (rows) plandoc_add_table(w->d, grid, rows, cols, where, true, 0);
    free(grid);
    free(where);
}

static void walk_blocks(Walk *w, const xmlNode *parent, int depth)
{
    for (const xmlNode *n = parent->children; n && depth < 20; n = n->next) {
        if (is_w(n, "p")) add_paragraph(w, n);
        else if (is_w(n, "tbl")) add_table(w, n);
        else if (is_w(n, "sdt")) walk_blocks(w, child_w(n, "sdtContent") ? child_w(n, "sdtContent") : n, depth + 1);
        else if (is_w(n, "customXml") || is_w(n, "ins") || is_w(n, "sdtContent")) walk_blocks(w, n, depth + 1);
    }
}

bool plandoc_from_wordml(PlanDoc *d, const char *document, size_t document_len, const char *numbering,
                         size_t numbering_len, const char *styles, size_t styles_len, char *err, size_t errlen)
{
    d->format = PLAN_DOCX;
    d->lines_are_paragraphs = true;
    Walk w = { d, {0}, 0, 0 };
    /* a broken numbering or style part only loses the numbers */
    char ignored[200];
    xmlDoc *num = parse_part("word/numbering.xml", numbering, numbering_len, ignored, sizeof ignored);
    xmlDoc *sty = parse_part("word/styles.xml", styles, styles_len, ignored, sizeof ignored);
    read_numbering(&w.nb, num);
    read_styles(&w.nb, sty);
    xmlDoc *doc = parse_part("word/document.xml", document, document_len, err, errlen);
    const xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    const xmlNode *body = child_w(root, "body");
    if (doc && !body) snprintf(err, errlen, "word/document.xml: no w:body");
    if (body) walk_blocks(&w, body, 0);
    xmlFreeDoc(doc);
    xmlFreeDoc(num);
    xmlFreeDoc(sty);
    numbering_free(&w.nb);
    return body != NULL;
}

bool plandoc_from_docx(PlanDoc *d, const char *data, size_t len, char *err, size_t errlen)
{
    ZipReadStatus st;
    ZipRead *z = zipread_open(data, len, &st);
    if (!z) { snprintf(err, errlen, "%s", zipread_status_text(st)); return false; }
    if (!zipread_has(z, "word/document.xml")) {
        snprintf(err, errlen, zipread_has(z, "xl/workbook.xml") ? "an Excel workbook, not a plan: plans are read from "
                 "text, .docx or .html" : "a ZIP archive but not a Word document (.docx): no word/document.xml");
        zipread_close(z);
        return false;
    }
    size_t dl = 0, nl = 0, sl = 0;
    char ignored[200];
    char *numbering = read_part(z, "word/numbering.xml", MAX_PART_XML, false, &nl, ignored, sizeof ignored);
    char *styles = read_part(z, "word/styles.xml", MAX_PART_XML, false, &sl, ignored, sizeof ignored);
    char *document = read_part(z, "word/document.xml", MAX_DOCUMENT_XML, true, &dl, err, errlen);
    bool ok = document && plandoc_from_wordml(d, document, dl, numbering, nl, styles, sl, err, errlen);
    free(document);
    free(numbering);
    free(styles);
    zipread_close(z);
    return ok;
}
