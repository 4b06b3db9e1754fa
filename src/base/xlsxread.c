/* xlsxread.c - see xlsxread.h. Elements are matched by local name, so the
 * transitional and the strict namespaces both read. */
#include "base/xlsxread.h"
#include "base/date.h"
#include "base/util.h"
#include "base/xmlsafe.h"
#include "base/zipread.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SHEET_XML (24u << 20)
#define MAX_PART_XML (16u << 20)

static bool named(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (named(c, name)) return c;
    return NULL;
}

/* An attribute by local name (r:id and id alike), malloc'd, or NULL. */
static char *attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (strcmp((const char *)a->name, name) == 0) {
            xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
            char *s = xstrdup(v ? (const char *)v : "");
            xmlFree(v);
            return s;
        }
    return NULL;
}

/* XML text parsed, refusing DTDs (spreadsheets never write one; they
 * are how entity bombs arrive); NULL with err set. */
static xmlDoc *parse(const char *name, const char *xml, size_t len, char *err, size_t errlen)
{
    return xml_parse_untrusted(name, xml, len, "spreadsheets", err, errlen);
}

/* A part parsed; NULL when missing (err set only when required) or bad. */
static xmlDoc *part(ZipRead *z, const char *name, size_t limit, bool required, char *err, size_t errlen)
{
    char *xml;
    size_t len;
    ZipReadStatus st = zipread_member(z, name, limit, &xml, &len);
    if (st != ZIPREAD_OK) {
        if (st != ZIPREAD_MISSING || required)
            snprintf(err, errlen, "%s: %s", name, st == ZIPREAD_TOO_LARGE ? "too large for a form" : zipread_status_text(st));
        return NULL;
    }
    xmlDoc *doc = parse(name, xml, len, err, errlen);
    free(xml);
    return doc;
}

/* Text under n, phonetic guides (rPh) left out. */
static void text_of(const xmlNode *n, Buf *b)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (named(c, "rPh")) continue;
        if (named(c, "t")) {
            xmlChar *s = xmlNodeGetContent(c);
            if (s) buf_puts(b, (const char *)s);
            xmlFree(s);
        } else if (c->type == XML_ELEMENT_NODE) text_of(c, b);
    }
}

typedef struct {
    char **strings;
    size_t n_strings;
    char *kind;            /* per cell format (cellXfs index): 'd' date, 'p' percent, 'n' other */
    size_t n_kinds;
    bool date1904;
} Shared;

static void read_strings(Shared *sh, const xmlDoc *doc)
{
    size_t cap = 0;
    const xmlNode *root = doc ? xmlDocGetRootElement((xmlDoc *)doc) : NULL;
    for (const xmlNode *si = root ? root->children : NULL; si; si = si->next) {
        if (!named(si, "si")) continue;
        Buf b = {0};
        text_of(si, &b);
        *ARRAY_PUSH(sh->strings, sh->n_strings, cap) = b.data ? buf_take(&b) : xstrdup("");
    }
}

/* Is a number format's code a date's (d, m, y outside quotes and
 * brackets) or a percent's? */
static char format_kind(int id, const char *code)
{
    if (id == 9 || id == 10) return 'p';
    if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58))
        return 'd';
    if (!code) return 'n';
    bool quoted = false, bracket = false, date = false;
    for (const char *c = code; *c; c++) {
        if (*c == '"') quoted = !quoted;
        else if (!quoted && *c == '[') bracket = true;
        else if (!quoted && *c == ']') bracket = false;
        else if (!quoted && !bracket && *c == '%') return 'p';
        else if (!quoted && !bracket && strchr("dmyDMY", *c)) date = true;
    }
    return date ? 'd' : 'n';
}

static void read_styles(Shared *sh, const xmlDoc *doc)
{
    const xmlNode *root = doc ? xmlDocGetRootElement((xmlDoc *)doc) : NULL;
    const xmlNode *fmts = child(root, "numFmts"), *xfs = child(root, "cellXfs");
    size_t cap = 0;
    for (const xmlNode *x = xfs ? xfs->children : NULL; x; x = x->next) {
        if (!named(x, "xf")) continue;
        char *ids = attr(x, "numFmtId");
        int id = ids ? atoi(ids) : 0;
        free(ids);
        char *code = NULL;
        for (const xmlNode *f = fmts ? fmts->children : NULL; f && !code; f = f->next) {
            char *fid = named(f, "numFmt") ? attr(f, "numFmtId") : NULL;
            if (fid && atoi(fid) == id) code = attr(f, "formatCode");
            free(fid);
        }
        *ARRAY_PUSH(sh->kind, sh->n_kinds, cap) = format_kind(id, code);
        free(code);
    }
}

/* "H7" into a 0-based column and 1-based row; false when it is not one. */
static bool cell_ref(const char *r, size_t *col, size_t *row)
{
    size_t c = 0, n = 0;
    while (*r >= 'A' && *r <= 'Z' && n < 4) c = c * 26 + (size_t)(*r++ - 'A' + 1), n++;
    if (!n || *r < '1' || *r > '9') return false;
    char *end;
    unsigned long x = strtoul(r, &end, 10);
    if (*end || x == 0) return false;
    *col = c - 1;
    *row = x;
    return true;
}

/* A number as the sheet shows it: a percent as "85%", a date as ISO,
 * otherwise without the binary noise of 17 digits. */
static char *number_text(const Shared *sh, const char *v, char kind)
{
    char *end;
    double x = strtod(v, &end);
    if (end == v || !isfinite(x)) return xstrdup(v);
    char out[64];
    if (kind == 'p') snprintf(out, sizeof out, "%.12g%%", x * 100);
    else if (kind == 'd' && x >= 1 && x < 2958466) {
        /* serial days from 1899-12-30 (1900 system, Lotus's leap day included) or 1904-01-01 */
        int day = (int)floor(x) + (sh->date1904 ? date_from_ymd(1904, 1, 1) : date_from_ymd(1899, 12, 30));
        date_format_iso(day, out);
    } else snprintf(out, sizeof out, "%.15g", x);
    return xstrdup(out);
}

static char *cell_value(const Shared *sh, const xmlNode *c)
{
    char *t = attr(c, "t"), *s = attr(c, "s");
    const xmlNode *v = child(c, "v");
    xmlChar *vs = v ? xmlNodeGetContent(v) : NULL;
    const char *val = vs ? (const char *)vs : "";
    char *out;
    size_t style = s ? (size_t)strtoul(s, NULL, 10) : 0;
    char kind = style < sh->n_kinds ? sh->kind[style] : 'n';
    if (t && strcmp(t, "s") == 0) {
        size_t i = (size_t)strtoul(val, NULL, 10);
        out = xstrdup(i < sh->n_strings && *val ? sh->strings[i] : "");
    } else if (t && strcmp(t, "inlineStr") == 0) {
        Buf b = {0};
        const xmlNode *is = child(c, "is");
        if (is) text_of(is, &b);
        out = b.data ? buf_take(&b) : xstrdup("");
    } else if (t && strcmp(t, "b") == 0) out = xstrdup(strcmp(val, "1") == 0 ? "TRUE" : "FALSE");
    else if (t && (strcmp(t, "str") == 0 || strcmp(t, "e") == 0 || strcmp(t, "d") == 0)) out = xstrdup(val);
    else out = *val ? number_text(sh, val, kind) : xstrdup("");
    xmlFree(vs);
    free(t);
    free(s);
    return out;
}

/* Put a value at (row, col) of the grid, growing it with empty cells. */
static void grid_put(Csv *g, size_t row, size_t col, char *value)
{
    while (g->n < row) {
        CsvRow *r = ARRAY_PUSH(g->rows, g->n, g->cap);
        memset(r, 0, sizeof *r);
        r->line = (int)g->n;
    }
    CsvRow *r = &g->rows[row - 1];
    if (r->n <= col) {
        r->fields = xrealloc(r->fields, (col + 1) * sizeof *r->fields);
        while (r->n <= col) r->fields[r->n++] = xstrdup("");
    }
    free(r->fields[col]);
    r->fields[col] = value;
}

static bool read_sheet(const Shared *sh, const xmlDoc *doc, Csv *g, char *err, size_t errlen)
{
    const xmlNode *data = child(xmlDocGetRootElement((xmlDoc *)doc), "sheetData");
    size_t next_row = 1;
    for (const xmlNode *row = data ? data->children : NULL; row; row = row->next) {
        if (!named(row, "row")) continue;
        char *rs = attr(row, "r");
        size_t rn = rs ? (size_t)strtoul(rs, NULL, 10) : next_row, next_col = 0;
        free(rs);
        if (rn == 0) rn = next_row;
        next_row = rn + 1;
        for (const xmlNode *c = row->children; c; c = c->next) {
            if (!named(c, "c")) continue;
            char *ref = attr(c, "r");
            size_t col = next_col, r = rn;
            if (ref && !cell_ref(ref, &col, &r)) { col = next_col; r = rn; }
            free(ref);
            next_col = col + 1;
            if (r > XLSX_MAX_ROWS || col >= XLSX_MAX_COLS) {
                snprintf(err, errlen, "a cell beyond row %d or column %d: too large for a form", XLSX_MAX_ROWS,
                         XLSX_MAX_COLS);
                return false;
            }
            grid_put(g, r, col, cell_value(sh, c));
        }
    }
    return true;
}

/* The worksheet part a relationship id points to, from workbook.xml.rels. */
static char *sheet_target(const xmlDoc *rels, const char *rid)
{
    const xmlNode *root = rels ? xmlDocGetRootElement((xmlDoc *)rels) : NULL;
    for (const xmlNode *r = root ? root->children : NULL; r; r = r->next) {
        char *id = named(r, "Relationship") ? attr(r, "Id") : NULL;
        bool hit = id && rid && strcmp(id, rid) == 0;
        free(id);
        if (!hit) continue;
        char *t = attr(r, "Target");
        char *path = t[0] == '/' ? xstrdup(t + 1) : xasprintf("xl/%s", t);
        free(t);
        return path;
    }
    return NULL;
}

static bool read_sheets(XlsxBook *b, ZipRead *z, const Shared *sh, const xmlDoc *wb, const xmlDoc *rels, char *err,
                        size_t errlen)
{
    const xmlNode *sheets = child(xmlDocGetRootElement((xmlDoc *)wb), "sheets");
    size_t cap = 0;
    for (const xmlNode *s = sheets ? sheets->children : NULL; s; s = s->next) {
        if (!named(s, "sheet")) continue;
        char *rid = attr(s, "id"), *state = attr(s, "state"), *target = sheet_target(rels, rid);
        XlsxSheet *x = ARRAY_PUSH(b->sheets, b->n, cap);
        memset(x, 0, sizeof *x);
        x->name = attr(s, "name");
        if (!x->name) x->name = xstrdup("");
        x->hidden = state && strcmp(state, "visible") != 0;
        xmlDoc *doc = target ? part(z, target, MAX_SHEET_XML, true, err, errlen) : NULL;
        bool ok = doc && read_sheet(sh, doc, &x->grid, err, errlen);
        if (!target) snprintf(err, errlen, "sheet \"%s\" has no part in the workbook", x->name);
        xmlFreeDoc(doc);
        free(rid);
        free(state);
        free(target);
        if (!ok) return false;
    }
    return true;
}

bool xlsx_read(XlsxBook *b, const char *data, size_t len, char *err, size_t errlen)
{
    memset(b, 0, sizeof *b);
    err[0] = '\0';
    ZipReadStatus st;
    ZipRead *z = zipread_open(data, len, &st);
    if (!z) { snprintf(err, errlen, "%s", zipread_status_text(st)); return false; }
    if (!zipread_has(z, "xl/workbook.xml")) {
        snprintf(err, errlen, "a ZIP archive but not an Excel workbook (.xlsx): no xl/workbook.xml");
        zipread_close(z);
        return false;
    }
    Shared sh = {0};
    char ignored[200];
    xmlDoc *wb = part(z, "xl/workbook.xml", MAX_PART_XML, true, err, errlen);
    xmlDoc *rels = wb ? part(z, "xl/_rels/workbook.xml.rels", MAX_PART_XML, true, err, errlen) : NULL;
    xmlDoc *strings = rels ? part(z, "xl/sharedStrings.xml", MAX_PART_XML, false, err, errlen) : NULL;
    xmlDoc *styles = rels ? part(z, "xl/styles.xml", MAX_PART_XML, false, ignored, sizeof ignored) : NULL;
    bool ok = wb && rels && (strings || !err[0]);
    if (ok) {
        const xmlNode *pr = child(xmlDocGetRootElement(wb), "workbookPr");
        char *d1904 = pr ? attr(pr, "date1904") : NULL;
        sh.date1904 = d1904 && (strcmp(d1904, "1") == 0 || strcmp(d1904, "true") == 0);
        free(d1904);
        read_strings(&sh, strings);
        read_styles(&sh, styles);
        ok = read_sheets(b, z, &sh, wb, rels, err, errlen);
    }
    for (size_t i = 0; i < sh.n_strings; i++) free(sh.strings[i]);
    free(sh.strings);
    free(sh.kind);
    xmlFreeDoc(wb);
    xmlFreeDoc(rels);
    xmlFreeDoc(strings);
    xmlFreeDoc(styles);
    zipread_close(z);
    if (!ok) xlsx_free(b);
    return ok;
}

void xlsx_free(XlsxBook *b)
{
    for (size_t i = 0; i < b->n; i++) {
        free(b->sheets[i].name);
        csv_free(&b->sheets[i].grid);
    }
    free(b->sheets);
    memset(b, 0, sizeof *b);
}

bool xlsx_read_sheet_xml(XlsxBook *b, const char *sheet, size_t sheet_len, const char *strings, size_t strings_len,
                         const char *styles, size_t styles_len, char *err, size_t errlen)
{
    memset(b, 0, sizeof *b);
    err[0] = '\0';
    Shared sh = {0};
    char ignored[200];
    xmlDoc *st = strings ? parse("sharedStrings", strings, strings_len, ignored, sizeof ignored) : NULL;
    xmlDoc *sy = styles ? parse("styles", styles, styles_len, ignored, sizeof ignored) : NULL;
    xmlDoc *doc = parse("sheet", sheet, sheet_len, err, errlen);
    read_strings(&sh, st);
    read_styles(&sh, sy);
    bool ok = doc != NULL;
    if (ok) {
        b->sheets = xcalloc(1, sizeof *b->sheets);
        b->n = 1;
        b->sheets[0].name = xstrdup("sheet");
        ok = read_sheet(&sh, doc, &b->sheets[0].grid, err, errlen);
    }
    for (size_t i = 0; i < sh.n_strings; i++) free(sh.strings[i]);
    free(sh.strings);
    free(sh.kind);
    xmlFreeDoc(doc);
    xmlFreeDoc(st);
    xmlFreeDoc(sy);
    if (!ok) xlsx_free(b);
    return ok;
}

const XlsxSheet *xlsx_sheet(const XlsxBook *b, const char *name)
{
    for (size_t i = 0; i < b->n; i++)
        if (strcmp(b->sheets[i].name, name) == 0) return &b->sheets[i];
    return NULL;
}
