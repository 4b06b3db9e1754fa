/* inst_list.c - see inst_list.h. */
#include "cli/inst_list.h"
#include "base/csv.h"
#include "base/diag.h"
#include "base/utf8.h"
#include "base/util.h"
#include "base/xlsxread.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LISTED 100000

static bool valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
            return false;
    return true;
}

static char *trimmed(const char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    if (strncmp(s, "\u3000", 3) == 0) s += 3;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
    return xstrndup(s, n);
}

/* A plain list: "全称", or "全称<tab>简称", "全称,简称", "全称  简称". */
static void rows_from_text(Csv *grid, const char *text)
{
    memset(grid, 0, sizeof *grid);
    int line = 0;
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char *l = xstrndup(p, n);
        line++;
        CsvRow *r = ARRAY_PUSH(grid->rows, grid->n, grid->cap);
        r->line = line;
        r->fields = xcalloc(3, sizeof *r->fields);
        char *cut = strchr(l, '\t');
        if (!cut) cut = strchr(l, ',');
        if (!cut) cut = strstr(l, "，");
        if (!cut) cut = strstr(l, "  ");
        if (cut) {
            size_t skip = strncmp(cut, "，", 3) == 0 ? 3 : 1;
            *cut = '\0';
            r->fields[1] = trimmed(cut + skip);
        }
        r->fields[0] = trimmed(l);
        r->n = cut ? 2 : 1;
        free(l);
        p = e ? e + 1 : p + n;
    }
}

/* Which columns hold the name, the short name and the id. */
typedef struct {
    int name, short_name, id, first_row;
} Columns;

static Columns columns_of(const Csv *g)
{
    Columns c = { 0, 1, -1, 0 };
    if (!g->n) return c;
    const CsvRow *h = &g->rows[0];
    bool header = false;
    for (size_t j = 0; j < h->n; j++) {
        const char *f = h->fields[j];
        if (strstr(f, "简称")) { c.short_name = (int)j; header = true; }
        else if (strstr(f, "编号") || strcmp(f, "id") == 0 || strcmp(f, "ID") == 0) { c.id = (int)j; header = true; }
        else if (strstr(f, "名称") || strstr(f, "全称") || strcmp(f, "单位") == 0) { c.name = (int)j; header = true; }
    }
    if (header) c.first_row = 1;
    if (c.short_name == c.name) c.short_name = -1;
    return c;
}

static const char *field(const CsvRow *r, int j) { return j >= 0 && (size_t)j < r->n ? r->fields[j] : ""; }

static bool take_rows(const char *path, const Csv *g, InstitutionList *l)
{
    Columns c = columns_of(g);
    l->items = xcalloc(g->n + 1, sizeof *l->items);
    bool ok = true;
    for (size_t i = (size_t)c.first_row; i < g->n && l->n < MAX_LISTED; i++) {
        char *name = trimmed(field(&g->rows[i], c.name));
        if (!*name) { free(name); continue; }
        ListedInstitution *it = &l->items[l->n];
        char *id = trimmed(field(&g->rows[i], c.id)), *sn = trimmed(field(&g->rows[i], c.short_name));
        for (size_t k = 0; k < l->n; k++)
            if (strcmp(l->items[k].name, name) == 0) {
                SrcPos p = { path, g->rows[i].line ? g->rows[i].line : (int)i + 1, 1 };
                diag_error(p, "\"%s\" is on the list twice", name);
                ok = false;
            }
        it->name = name;
        it->short_name = *sn ? sn : (free(sn), NULL);
        it->id = valid_id(id) ? id : (free(id), xasprintf(g->n > 99 ? "i%03zu" : "i%02zu", l->n + 1));
        for (size_t k = 0; k < l->n; k++)
            if (strcmp(l->items[k].id, it->id) == 0) {
                SrcPos p = { path, g->rows[i].line ? g->rows[i].line : (int)i + 1, 1 };
                diag_error(p, "the id \"%s\" is on the list twice", it->id);
                ok = false;
            }
        l->n++;
    }
    return ok;
}

bool inst_list_read(const char *path, InstitutionList *l)
{
    memset(l, 0, sizeof *l);
    char *raw;
    size_t len;
    if (read_file(path, 16u << 20, &raw, &len) != 0) {
        diag_error(file_pos(path), "cannot read the list of reporting institutions: %s", file_strerror(errno));
        return false;
    }
    Csv grid = { 0 };
    XlsxBook book = { 0 };
    bool ok = true, is_book = len >= 4 && memcmp(raw, "PK\x03\x04", 4) == 0;
    char err[300];
    if (is_book) {
        ok = xlsx_read(&book, raw, len, err, sizeof err);
        if (!ok) diag_error(file_pos(path), "%s", err);
    } else {
        bool gb;
        size_t tl;
        char *text = text_as_utf8(raw, len, &tl, &gb);
        size_t n = strlen(path);
        if (!text) {
            diag_error(file_pos(path), "the list of reporting institutions is neither .xlsx nor text in UTF-8 or GB18030");
            ok = false;
        } else if (n > 4 && strcmp(path + n - 4, ".csv") == 0) {
            csv_parse(&grid, text, tl);
        } else {
            rows_from_text(&grid, text);
        }
        free(text);
    }
    free(raw);
    const Csv *g = is_book ? (book.n ? &book.sheets[0].grid : NULL) : &grid;
    if (ok && g) ok = take_rows(path, g, l);
    if (ok && l->n == 0) {
        diag_error(file_pos(path), "the list of reporting institutions names no institution");
        ok = false;
    }
    csv_free(&grid);
    if (is_book) xlsx_free(&book);
    return ok;
}

static bool ends_with(const char *s, const char *w)
{
    size_t n = strlen(s), m = strlen(w);
    return m > 0 && n >= m && strcmp(s + n - m, w) == 0;
}

size_t inst_list_match(const InstitutionList *l, const char *unit, size_t *ids, size_t max)
{
    size_t n = 0;
    for (size_t k = 0; k < l->n && n < max; k++) {
        const ListedInstitution *it = &l->items[k];
        bool same = strcmp(unit, it->name) == 0 || (it->short_name && strcmp(unit, it->short_name) == 0) ||
                    (strlen(unit) >= 9 && ends_with(it->name, unit));
        if (same) ids[n++] = k;
    }
    return n;
}

void inst_list_free(InstitutionList *l)
{
    for (size_t k = 0; k < l->n; k++) {
        free(l->items[k].id);
        free(l->items[k].name);
        free(l->items[k].short_name);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}
