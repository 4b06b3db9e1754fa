/* plandoc.c - see plandoc.h: the shared parts and the plain-text reader. */
#include "import/plandoc.h"
#include "base/utf8.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

PlanLine *plandoc_add_line(PlanDoc *d, const char *text, size_t len, const char *where)
{
    PlanLine *l = ARRAY_PUSH(d->lines, d->n_lines, d->cap_lines);
    l->text = arena_strndup(&d->arena, text, len);
    l->where = arena_strdup(&d->arena, where);
    l->blank_before = false;
    l->table = -1;
    return l;
}

void plandoc_add_table(PlanDoc *d, char **cells, size_t rows, size_t cols, char **row_where, bool add_lines,
                       size_t first_line)
{
    int index = (int)d->n_tables;
    PlanTable *t = ARRAY_PUSH(d->tables, d->n_tables, d->cap_tables);
    t->n_rows = rows;
    t->n_cols = cols;
    t->cells = arena_alloc(&d->arena, (rows * cols + 1) * sizeof *t->cells);
    t->row_where = arena_alloc(&d->arena, (rows + 1) * sizeof *t->row_where);
    for (size_t i = 0; i < rows * cols; i++) t->cells[i] = arena_strdup(&d->arena, cells[i] ? cells[i] : "");
    for (size_t r = 0; r < rows; r++) t->row_where[r] = arena_strdup(&d->arena, row_where[r]);
    t->first_line = add_lines ? d->n_lines : first_line;
    for (size_t r = 0; add_lines && r < rows; r++) {
        Buf b = {0};
        for (size_t c = 0; c < cols; c++) {
            if (c) buf_putc(&b, '\t');
            buf_puts(&b, t->cells[r * cols + c]);
        }
        plandoc_add_line(d, b.data ? buf_cstr(&b) : "", b.len, t->row_where[r])->table = index;
        buf_free(&b);
    }
}

void plandoc_free(PlanDoc *d)
{
    free(d->lines);
    free(d->tables);
    arena_free(&d->arena);
    memset(d, 0, sizeof *d);
}

/* ---- plain text ---- */

static bool blank_at(const char *s, size_t *len)
{
    if (*s == ' ') { *len = 1; return true; }
    if (strncmp(s, "\u3000", 3) == 0) { *len = 3; return true; }
    return false;
}

/* The cells of a line copied from a table: tab-separated, or (without a
 * tab) separated by runs of two or more blanks. */
static size_t split_cells(Arena *a, const char *line, char ***cells)
{
    size_t n = 0, cap = 0;
    *cells = NULL;
    bool tabs = strchr(line, '\t') != NULL;
    const char *s = line, *start = line;
    for (;;) {
        size_t gap = 0, l;
        if (tabs) gap = *s == '\t';
        else {
            const char *t = s;
            int count = 0;
            while (blank_at(t, &l)) { t += l; count++; }
            if (count >= 2) gap = (size_t)(t - s);
        }
        if (gap || !*s) {
            const char *b = start, *e = s;
            while (b < e && blank_at(b, &l)) b += l;
            while (e > b && (e[-1] == ' ' || e[-1] == '\r')) e--;
            while (e - b >= 3 && strncmp(e - 3, "\u3000", 3) == 0) e -= 3;
            *ARRAY_PUSH(*cells, n, cap) = arena_strndup(a, b, (size_t)(e - b));
            if (!*s) break;
            s += gap;
            start = s;
            continue;
        }
        s += utf8_len(s);
    }
    return n;
}

static size_t nonempty(char **cells, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += cells[i][0] != '\0';
    return k;
}

static size_t row_cells(PlanDoc *d, size_t line)
{
    char **cells;
    size_t k = split_cells(&d->arena, d->lines[line].text, &cells);
    size_t ne = nonempty(cells, k);
    free(cells);
    return ne;
}

/* Runs of three or more lines of cells (blank lines between allowed)
 * become tables; a one-cell line inside a run is a group row. */
static void find_text_tables(PlanDoc *d)
{
    for (size_t i = 0; i < d->n_lines;) {
        char **cells;
        size_t cols = split_cells(&d->arena, d->lines[i].text, &cells);
        size_t first = i;
        if (nonempty(cells, cols) < 3) { free(cells); i++; continue; }
        free(cells);
        size_t end = i + 1, rows = 1;
        for (size_t j = i + 1; j < d->n_lines; j++) {
            size_t k = split_cells(&d->arena, d->lines[j].text, &cells);
            size_t ne = nonempty(cells, k);
            free(cells);
            if (ne == 0) continue;
            if (ne < 2 && !(j + 1 < d->n_lines && row_cells(d, j + 1) >= 3)) break;   /* a group row goes on */
            end = j + 1;
            rows++;
        }
        if (rows < 3) { i = first + 1; continue; }
        char **grid = xcalloc(rows * cols, sizeof *grid);
        char **where = xcalloc(rows, sizeof *where);
        size_t r = 0;
        for (size_t j = first; j < end; j++) {
            size_t k = split_cells(&d->arena, d->lines[j].text, &cells);
            if (nonempty(cells, k) == 0) { free(cells); continue; }
            for (size_t c = 0; c < k && c < cols; c++) grid[r * cols + c] = cells[c];
            where[r++] = d->lines[j].where;
            d->lines[j].table = (int)d->n_tables;
            free(cells);
        }
        plandoc_add_table(d, grid, rows, cols, where, false, first);
        free(grid);
        free(where);
        i = end;
    }
}

static size_t count_quotes(const char *s, size_t n)
{
    size_t q = 0;
    for (size_t i = 0; i < n; i++) q += s[i] == '"';
    return q;
}

/* A table row copied from a spreadsheet or WPS quotes a cell with line
 * breaks in it ("a\nb"): the row goes on to the closing quote (at most 50
 * lines), the quotes removed. */
static size_t quoted_row(PlanDoc *d, const char *text, size_t len, size_t off, size_t end, size_t *lineno, Buf *row)
{
    size_t l = end - off;
    if (!memchr(text + off, '\t', l) || count_quotes(text + off, l) % 2 == 0) return end;
    size_t quotes = count_quotes(text + off, l), e = end;
    for (int k = 0; k < 50 && quotes % 2 && e < len; k++) {
        const char *nl = memchr(text + e + 1, '\n', len - e - 1);
        size_t next = nl ? (size_t)(nl - text) : len;
        quotes += count_quotes(text + e + 1, next - e - 1);
        e = next;
        ++*lineno;
    }
    (void)d;
    bool in_quote = false;
    for (size_t i = off; i < e; i++) {
        if (text[i] == '"') {
            if (in_quote && i + 1 < e && text[i + 1] == '"') { buf_putc(row, '"'); i++; continue; }
            in_quote = !in_quote;
            continue;
        }
        if (text[i] == '\r') continue;
        buf_putc(row, text[i] == '\n' ? '\n' : text[i]);
    }
    return e;
}

static bool plandoc_from_text(PlanDoc *d, const char *text, size_t len)
{
    d->format = PLAN_TEXT;
    bool blank = false;
    size_t off = 0, lineno = 0;
    char where[32];
    while (off < len) {
        const char *nl = memchr(text + off, '\n', len - off);
        size_t end = nl ? (size_t)(nl - text) : len;
        lineno++;
        size_t first_line = lineno;
        Buf row = {0};
        size_t row_end = quoted_row(d, text, len, off, end, &lineno, &row);
        const char *s = text + off;
        size_t l = end - off, b;
        if (row.len) { s = buf_cstr(&row); l = row.len; end = row_end; }
        while (l && s[l - 1] == '\r') l--;
        size_t k = 0;
        while (k < l && (blank_at(s + k, &b) || s[k] == '\t' || s[k] == '\r')) k += s[k] == '\t' || s[k] == '\r' ? 1 : b;
        off = end + 1;
        if (k == l) { blank = true; buf_free(&row); continue; }
        snprintf(where, sizeof where, "line %zu", first_line);
        plandoc_add_line(d, s, l, where)->blank_before = blank;
        buf_free(&row);
        blank = false;
    }
    find_text_tables(d);
    return true;
}

/* ---- the format, told by content ---- */

static bool starts_markup(const char *s, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) i = 3;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) i++;
    if (i < len && s[i] != '<') return false;
    size_t lim = len < 4096 ? len : 4096;
    for (size_t j = i; j + 5 <= lim; j++)
        if (strncasecmp(s + j, "<html", 5) == 0 || strncasecmp(s + j, "<!doctype html", j + 14 <= lim ? 14 : 5) == 0)
            return true;
    return false;
}

bool plandoc_read(PlanDoc *d, const char *data, size_t len, char *err, size_t errlen)
{
    if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) return plandoc_from_docx(d, data, len, err, errlen);
    if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
        snprintf(err, errlen, "an old binary Word (.doc) or WPS (.wps) file: open it and save it as .docx");
        return false;
    }
    if (len >= 5 && memcmp(data, "%PDF-", 5) == 0) {
        snprintf(err, errlen, "a PDF: save its text first (pdftotext FILE.pdf FILE.txt) and import the .txt");
        return false;
    }
    if (len >= 5 && memcmp(data, "{\\rtf", 5) == 0) {
        snprintf(err, errlen, "an RTF file: open it and save it as .docx or as text");
        return false;
    }
    if (starts_markup(data, len)) return plandoc_from_html(d, data, len, err, errlen);
    size_t ulen;
    bool from_gb;
    char *text = text_as_utf8(data, len, &ulen, &from_gb);
    if (!text) {
        snprintf(err, errlen, "not a plan jindu reads (text in UTF-8 or GB18030, .docx, .html): the first byte that "
                              "is not text is at offset %zu", utf8_invalid_at(data, len));
        return false;
    }
    for (size_t i = 0; i < ulen; i++)
        if (text[i] == '\0') text[i] = ' ';
    d->from_gb18030 = from_gb;
    bool ok = plandoc_from_text(d, text, ulen);
    free(text);
    return ok;
}
