/* layout_table.c - tables: column widths (fixed, by share, by content and
 * balanced), rows broken into lines, header rows repeated after a page
 * break, forms kept whole. */
#include "typeset/layout.h"
#include "typeset/layoutint.h"
#include "base/cnfmt.h"
#include "base/diag.h"
#include "typeset/linebreak.h"
#include "base/utf8.h"
#include "base/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- tables ------------------------------------------------------------------- */

#define CELL_PAD_X 4.0     /* points left and right of a cell's text */
#define CELL_PAD_Y 3.0

typedef struct {
    Line *lines;
    size_t n;
    char *text;          /* the cell's text with its punctuation compressed; NULL: the cell's own */
} CellLines;



/* Column widths in points filling the text block: fixed columns first,
 * automatic ones at their natural width (shrunk towards their minimum when
 * space is short), relative ones share what is left. */
/* The natural (unbroken) and least (longest unbreakable run) widths of
 * column c's content, padding included. */
/* A cell this short (序时推进, 100.0%) is a word: never broken when the
 * columns can be fitted otherwise ("序时/推进" reads as two words). */
#define SHORT_CELL_EM 4.5

static void column_extent(Flow *fl, const Table *tb, size_t c, double *nat, double *least)
{
    *nat = *least = 0;
    for (size_t r = 0; r < tb->n_rows; r++) {
        const char *text = tb->cells[r * tb->n_cols + c];
        if (!text) continue;
        Measure m = { fl->fs, doc_table_cell_role(tb, r, c), tb->size };
        double n = layout_natural_width(text, &m);
        *nat = fmax(*nat, n);
        *least = fmax(*least, n <= SHORT_CELL_EM * tb->size + 0.01 ? n : layout_min_width(text, &m));
    }
    *nat += 2 * CELL_PAD_X;
    *least += 2 * CELL_PAD_X;
}

/* Automatic columns within budget by water-filling: narrow columns keep
 * their natural width, the widest are capped, none below its minimum. */
static void fit_auto_columns(const Table *tb, const double *nat, const double *minw, double budget, double *w)
{
    size_t nc = tb->n_cols;
    double autos = 0;
    for (size_t c = 0; c < nc; c++)
        if (tb->cols[c].kind == WIDTH_AUTO) autos += nat[c];
    if (autos <= budget) {
        for (size_t c = 0; c < nc; c++)
            if (tb->cols[c].kind == WIDTH_AUTO) w[c] = nat[c];
        return;
    }
    double lo = 0, hi = 0;
    for (size_t c = 0; c < nc; c++) hi = fmax(hi, nat[c]);
    for (int it = 0; it < 50; it++) {
        double cap = (lo + hi) / 2, sum = 0;
        for (size_t c = 0; c < nc; c++)
            if (tb->cols[c].kind == WIDTH_AUTO) sum += fmax(minw[c], fmin(nat[c], cap));
        if (sum > budget) hi = cap;
        else lo = cap;
    }
    for (size_t c = 0; c < nc; c++)
        if (tb->cols[c].kind == WIDTH_AUTO) w[c] = fmax(minw[c], fmin(nat[c], lo));
}

/* What the automatic columns leave goes to the relative ones by weight,
 * or, without any, to the automatic ones in proportion. */
static void spread_rest(const Table *tb, double left, double weights, double *w)
{
    size_t nc = tb->n_cols;
    double used = 0;
    for (size_t c = 0; c < nc; c++)
        if (tb->cols[c].kind == WIDTH_AUTO) used += w[c];
    double rest = fmax(0, left - used);
    if (weights > 0) {
        for (size_t c = 0; c < nc; c++)
            if (tb->cols[c].kind == WIDTH_RELATIVE) w[c] = rest * (tb->cols[c].value > 0 ? tb->cols[c].value : 1) / weights;
    } else if (used > 0 && rest > 0) {
        for (size_t c = 0; c < nc; c++)
            if (tb->cols[c].kind == WIDTH_AUTO) w[c] += rest * w[c] / used;
    }
}

/* ---- columns by their content: the shortest table ---- */

/* Tables up to this many rows are balanced (a notice's lists, a report's
 * tables); a province's summary of thousands keeps the first fit. */
#define BALANCE_ROWS 80
#define BALANCE_STEPS 120

typedef struct {
    Flow *fl;
    const Table *tb;
    double step;          /* width moves in half ems */
    double *w, *minw;
    /* per column and width (in steps from its minimum): the lines of every
     * row's cell there and how many cells end on one or two characters (a
     * dated cell broken counts 500); -1 unknown */
    int *lines;           /* [c][k][r] */
    int *tails;           /* [c][k] */
} Balance;

/* Lines of column c's cells at width step k (computed once). */
static const int *column_lines(Balance *bl, size_t c, int k)
{
    const Table *tb = bl->tb;
    size_t nr = tb->n_rows;
    int *at = bl->lines + (c * BALANCE_STEPS + (size_t)k) * nr;
    if (bl->tails[c * BALANCE_STEPS + (size_t)k] >= 0) return at;
    double inner = fmax(bl->minw[c] + k * bl->step - 2 * CELL_PAD_X, tb->size);
    int tails = 0;
    for (size_t r = 0; r < nr; r++) {
        const char *text = tb->cells[r * tb->n_cols + c];
        at[r] = 0;
        if (!text || !*text) continue;
        Measure m = { bl->fl->fs, doc_table_cell_role(tb, r, c), tb->size };
        Line *lines = NULL;
        size_t n = linebreak_ragged(text, strlen(text), inner, inner, layout_advance_of, layout_ink_of, &m, &lines);
        at[r] = (int)n;
        if (n >= 2 && lines[n - 1].n_chars <= 2) tails++;
        /* a cell that is a date (整改时限) read in pieces: worth half a line */
        if (n >= 2 && layout_is_date(text) && layout_date_split(text, lines, n)) tails += 500;
        free(lines);
    }
    bl->tails[c * BALANCE_STEPS + (size_t)k] = tails;
    return at;
}

/* The table's height in lines (each row its tallest cell, 1000 a line),
 * then its cells ending on a line of one or two characters (1) or dated
 * cells broken (500): smaller is better. */
static long table_cost(Balance *bl, const int *k)
{
    const Table *tb = bl->tb;
    size_t nc = tb->n_cols;
    long lines = 0, tails = 0;
    const int *col[64];
    for (size_t c = 0; c < nc; c++) {
        col[c] = tb->cols[c].kind == WIDTH_FIXED ? NULL : column_lines(bl, c, k[c]);
        if (col[c]) tails += bl->tails[c * BALANCE_STEPS + (size_t)k[c]];
    }
    for (size_t r = 0; r < tb->n_rows; r++) {
        int h = tb->row_min_lines[r];
        for (size_t c = 0; c < nc; c++)
            if (col[c] && col[c][r] > h) h = col[c][r];
        lines += h;
    }
    return lines * 1000 + tails;
}

/* Move width, half an em at a time, from a column that can spare it to one
 * that then needs fewer lines, while the table gets shorter (or as short
 * with fewer cells wrapping to one or two characters): the date column
 * gives to the task names. */
static void balance_columns(Flow *fl, const Table *tb, double *w, double *minw)
{
    size_t nc = tb->n_cols, flexible = 0;
    for (size_t c = 0; c < nc; c++) flexible += tb->cols[c].kind != WIDTH_FIXED;
    if (tb->n_rows > BALANCE_ROWS || flexible < 2 || nc > 64) return;
    Balance bl = { fl, tb, tb->size / 2, w, minw, NULL, NULL };
    bl.lines = xmalloc(nc * BALANCE_STEPS * tb->n_rows * sizeof *bl.lines);
    bl.tails = xmalloc(nc * BALANCE_STEPS * sizeof *bl.tails);
    for (size_t i = 0; i < nc * BALANCE_STEPS; i++) bl.tails[i] = -1;
    int k[64], best_k[64];
    for (size_t c = 0; c < nc; c++) {
        minw[c] = fmin(minw[c], w[c]);
        k[c] = (int)floor((w[c] - minw[c]) / bl.step + 1e-9);
        if (k[c] >= BALANCE_STEPS - 1) {   /* a column far wider than its narrowest: leave the table be */
            free(bl.lines);
            free(bl.tails);
            return;
        }
    }
    long cost = table_cost(&bl, k);
    for (int it = 0; it < 2 * BALANCE_STEPS; it++) {
        long best = cost;
        /* moves of up to two ems: one character more rarely saves a line by itself */
        for (size_t d = 0; d < nc; d++)
            for (size_t r = 0; r < nc && tb->cols[d].kind != WIDTH_FIXED; r++) {
                if (r == d || tb->cols[r].kind == WIDTH_FIXED) continue;
                for (int s = 1; s <= 4 && k[d] >= s && k[r] + s < BALANCE_STEPS; s++) {
                    k[d] -= s, k[r] += s;
                    long c2 = table_cost(&bl, k);
                    if (c2 < best) { best = c2; memcpy(best_k, k, nc * sizeof *k); }
                    k[d] += s, k[r] -= s;
                }
            }
        if (best >= cost) break;
        cost = best;
        memcpy(k, best_k, nc * sizeof *k);
    }
    /* the widths moved by whole steps; what was left over stays where it was */
    for (size_t c = 0; c < nc; c++) {
        if (tb->cols[c].kind == WIDTH_FIXED) continue;
        int k0 = (int)floor((w[c] - minw[c]) / bl.step + 1e-9);
        w[c] += (k[c] - k0) * bl.step;
    }
    free(bl.lines);
    free(bl.tails);
}

static double *column_widths(Flow *fl, const Table *tb)
{
    size_t nc = tb->n_cols;
    double *w = xcalloc(nc, sizeof *w), *nat = xcalloc(nc, sizeof *nat), *minw = xcalloc(nc, sizeof *minw);
    double fixed = 0, weights = 0, rel_min = 0;
    for (size_t c = 0; c < nc; c++) {
        if (tb->cols[c].kind == WIDTH_FIXED) {
            w[c] = MM(tb->cols[c].value);
            fixed += w[c];
            continue;
        }
        double n, least;
        column_extent(fl, tb, c, &n, &least);
        if (tb->cols[c].kind == WIDTH_RELATIVE) {
            weights += tb->cols[c].value > 0 ? tb->cols[c].value : 1;
            rel_min += least;
            minw[c] = least;
        } else {
            nat[c] = n;
            minw[c] = fmin(least, n);
        }
    }
    double left = block_w(fl) - fixed;
    /* relative columns keep at least 30% of the space (and their minimum) */
    double budget = weights > 0 ? left - fmax(rel_min, 0.3 * left) : left;
    fit_auto_columns(tb, nat, minw, budget, w);
    spread_rest(tb, left, weights, w);
    /* never wider than the block: scale down whatever overflows */
    double total = 0;
    for (size_t c = 0; c < nc; c++) total += w[c];
    if (total > block_w(fl))
        for (size_t c = 0; c < nc; c++) w[c] *= block_w(fl) / total;
    balance_columns(fl, tb, w, minw);
    free(nat);
    free(minw);
    return w;
}

/* Dot leaders (a table of contents) from the text's end x0 to the page
 * number at x1 on the baseline: "·" at every half character, counted back
 * from the number (a quarter character clear of it, and of the text), so
 * that they reach it on every row; page numbers differ in width by whole
 * half-width digits, so the dots of every row still line up. */
static void leader_dots(Flow *fl, double size, double x0, double x1, double baseline)
{
    double step = size / 2, half_dot = size / 4, end = x1 - size / 4;
    double span = end - (x0 + size / 4);
    size_t n = span > 0 ? (size_t)floor(span / step + 1e-6) : 0;
    if (n == 0) return;
    Buf dots = {0};
    for (size_t i = 0; i < n; i++) buf_puts(&dots, "·");
    double start = end - (double)n * step + half_dot;   /* the first dot's box starts at end - n steps */
    layout_draw_line(fl, ROLE_ST, size, start - half_dot, baseline, dots.data, dots.len, step - size * 0.5, CMYK_BLACK);
    buf_free(&dots);
}

/* Where a cell's line goes: the cell's left edge and width, the line's
 * baseline; in a table of contents, how far the line is indented (a
 * continuation hangs under the text) and where the dot leaders end (0:
 * none on this line). */
typedef struct {
    double x, w, baseline;
    double indent, leaders_to;
} CellPlace;

static void draw_cell_line(Flow *fl, const Table *tb, size_t r, size_t c, const Line *ln, const char *text,
                           CellPlace at, Cmyk color)
{
    const double x = at.x, w = at.w, baseline = at.baseline;
    FontRole role = doc_table_cell_role(tb, r, c);
    Align a = r < tb->header_rows ? ALIGN_CENTER : tb->cols[c].align;
    double inner = w - 2 * CELL_PAD_X, tx = x + CELL_PAD_X + at.indent, cs = 0;
    if (a == ALIGN_CENTER) tx += (inner - ln->width) / 2;
    else if (a == ALIGN_RIGHT) tx += inner - ln->width;
    else if (a == ALIGN_JUSTIFY && !ln->last) cs = layout_justify_space(text, ln, inner, tb->size);
    TextStyle st = { role, tb->size, color, a, 0, 0 };
    layout_draw_text_line(fl, &st, tx, baseline, text, ln, cs);
    if (at.leaders_to > 0) leader_dots(fl, tb->size, tx + ln->width, at.leaders_to, baseline);
}

static void table_rule(Flow *fl, double y, double x0, double x1)
{
    if (!fl->rules_off) pdfdoc_line(fl->doc, x0, y, x1, y, 0.5, CMYK_BLACK);
}

static void column_rules(Flow *fl, const double *x, size_t nc, double top, double bottom)
{
    if (fl->rules_off) return;
    for (size_t c = 0; c <= nc; c++) pdfdoc_line(fl->doc, x[c], top, x[c], bottom, 0.5, CMYK_BLACK);
}

/* A table being set: its columns, every cell broken into lines, and the
 * height of each row in lines. */
typedef struct {
    const Table *tb;
    size_t nc, headers;
    double *w, *x;         /* column widths and left edges (x[nc]: the right edge) */
    double pitch;          /* a cell line's height */
    CellLines *cl;         /* row-major */
    size_t *row_lines;
    size_t page_lines;     /* lines of one row a page holds below the repeated headers */
    double y, seg_top;     /* where the next row starts; the top of this page's part */
    size_t page_rows;      /* body rows begun on this page */
    int *min_lines;        /* a form's writing rows, shrunk to fit (keep_form); NULL: the table's */
} TableSet;

/* A table of contents' entry title (its first column, below the head). */
static bool contents_entry(const Table *tb, size_t r, size_t c)
{
    return tb->leaders && c == 0 && r >= tb->header_rows;
}

/* Where the leaders of contents row r end: a quarter character before its
 * page number, set right in the last column. */
static double leaders_end(Flow *fl, const TableSet *ts, size_t r)
{
    const Table *tb = ts->tb;
    const char *num = tb->cells[r * ts->nc + ts->nc - 1];
    double w = num && *num ? layout_text_width(fl, doc_table_cell_role(tb, r, ts->nc - 1), tb->size, num) : 0;
    return ts->x[ts->nc] - CELL_PAD_X - w;
}

/* Row r's cells broken into lines, and the row's height in lines. Rows
 * are broken as they are laid out and freed after (a table of 10,000
 * rows held every cell's lines at once: 40 MB); header rows stay. */
static void break_row(Flow *fl, TableSet *ts, size_t r)
{
    const Table *tb = ts->tb;
    size_t nc = ts->nc;
    for (size_t c = 0; c < nc; c++) {
        const char *text = tb->cells[r * nc + c];
        CellLines *e = &ts->cl[r * nc + c];
        if (text && *text) {
            Measure m = { fl->fs, doc_table_cell_role(tb, r, c), tb->size };
            double inner = fmax(ts->w[c] - 2 * CELL_PAD_X, tb->size);
            free(e->text);
            e->text = layout_compress_punctuation(fl, text, &m);
            if (e->text) text = e->text;
            bool justified = r >= tb->header_rows && tb->cols[c].align == ALIGN_JUSTIFY;
            if (contents_entry(tb, r, c) && layout_text_width(fl, m.role, m.size, text) > inner)
                /* at word boundaries, the lines after the first hanging a character in */
                e->n = linebreak_title(text, strlen(text), inner - tb->size, layout_advance_of, &m, &e->lines);
            else
                e->n = (justified ? linebreak_pushin : linebreak_ragged)(text, strlen(text), inner, inner, layout_advance_of,
                                                                         layout_ink_of, &m, &e->lines);
        }
        if (e->n > ts->row_lines[r]) ts->row_lines[r] = e->n;
    }
    size_t least = (size_t)(ts->min_lines ? ts->min_lines[r] : tb->row_min_lines[r]);
    if (ts->row_lines[r] < least) ts->row_lines[r] = least;
}

/* Lines first..first+take of row r, from ts->y down. */
static void draw_row_lines(Flow *fl, const TableSet *ts, size_t r, size_t first, size_t take, Cmyk row_color)
{
    const Table *tb = ts->tb;
    for (size_t c = 0; c < ts->nc; c++) {
        const CellLines *e = &ts->cl[r * ts->nc + c];
        Cmyk color = r < ts->headers ? row_color : layout_text_cmyk(doc_table_cell_text_color(tb, r, c));
        /* a contents entry of two lines: its page number on the last, where the leaders end */
        size_t shift = tb->leaders && c + 1 == ts->nc && r >= ts->headers && e->n < ts->row_lines[r]
                           ? ts->row_lines[r] - e->n : 0;
        for (size_t v = first; v < first + take; v++) {
            if (v < shift || v - shift >= e->n) continue;
            size_t i = v - shift;
            CellPlace at = { ts->x[c], ts->w[c],
                             ts->y - CELL_PAD_Y - (v - first + 1) * ts->pitch + (ts->pitch - tb->size) / 2 + tb->size * 0.12,
                             0, 0 };
            if (contents_entry(tb, r, c)) {
                at.indent = i > 0 ? tb->size : 0;
                if (i + 1 == e->n) at.leaders_to = leaders_end(fl, ts, r);
            }
            draw_cell_line(fl, tb, r, c, &e->lines[i], e->text ? e->text : tb->cells[r * ts->nc + c], at, color);
        }
    }
}

/* The table continues on a new page, under its repeated header rows. */
static void table_new_page(Flow *fl, TableSet *ts, bool repeat_headers)
{
    column_rules(fl, ts->x, ts->nc, ts->seg_top, ts->y);
    layout_new_page(fl);
    ts->page_rows = 0;
    /* below a floated chart the new page may have taken at its top */
    ts->y = ts->seg_top = block_top(fl) - fl->line * LINE_PITCH;
    table_rule(fl, ts->y, ts->x[0], ts->x[ts->nc]);
    for (size_t h = 0; h < ts->headers && repeat_headers; h++) {
        draw_row_lines(fl, ts, h, 0, ts->row_lines[h], CMYK_BLACK);
        ts->y -= ts->row_lines[h] * ts->pitch + 2 * CELL_PAD_Y;
        table_rule(fl, ts->y, ts->x[0], ts->x[ts->nc]);
    }
}

/* Row r: whole where it fits; a row that would fit on a fresh page moves
 * there whole; one taller than that fills this page and continues. */
static void free_row(TableSet *ts, size_t r)
{
    for (size_t c = 0; c < ts->nc; c++) {
        free(ts->cl[r * ts->nc + c].lines);
        free(ts->cl[r * ts->nc + c].text);
        ts->cl[r * ts->nc + c].lines = NULL;
        ts->cl[r * ts->nc + c].text = NULL;
    }
}

static void layout_row(Flow *fl, TableSet *ts, size_t r)
{
    const Table *tb = ts->tb;
    double bottom = block_top(fl) - block_h(fl);
    Cmyk color = r < ts->headers ? CMYK_BLACK : layout_text_cmyk(tb->row_color[r]);
    size_t first = 0;
    while (first < ts->row_lines[r]) {
        size_t left = ts->row_lines[r] - first;
        double room = ts->y - bottom - 2 * CELL_PAD_Y;
        size_t fit = room > 0 ? (size_t)((room + 1e-6) / ts->pitch) : 0;
        bool move_whole = first == 0 && left <= ts->page_lines && r >= ts->headers;
        if (left > fit && (move_whole || fit == 0)) {
            table_new_page(fl, ts, r >= ts->headers);
            if (ts->page_lines == 0) return;   /* headers fill the page: give up on the row */
            continue;
        }
        size_t take = left <= fit ? left : fit;
        if (first == 0 && r >= ts->headers) ts->page_rows++;
        draw_row_lines(fl, ts, r, first, take, color);
        ts->y -= take * ts->pitch + 2 * CELL_PAD_Y;
        table_rule(fl, ts->y, ts->x[0], ts->x[ts->nc]);
        first += take;
    }
}

/* A form to fill in by hand: rows with room to write (@row(lines=N)). */
static bool is_form(const Table *tb)
{
    if (tb->n_rows > 200) return false;
    for (size_t r = 0; r < tb->n_rows; r++)
        if (tb->row_min_lines[r] > 1) return true;
    return false;
}

/* The height of rows [from, to), each broken (and freed again). */
static double rows_height(Flow *fl, TableSet *ts, size_t from, size_t to)
{
    double h = 0;
    for (size_t r = from; r < to; r++) {
        break_row(fl, ts, r);
        h += ts->row_lines[r] * ts->pitch + 2 * CELL_PAD_Y;
        free_row(ts, r);
        ts->row_lines[r] = 0;
    }
    return h;
}

/* Take writing lines out of the tallest writing row until the form's body
 * is no taller than room, no row below `floor_share` of its lines (nor
 * under two). True when it then fits. */
static bool shrink_form(Flow *fl, TableSet *ts, double room, double floor_share)
{
    const Table *tb = ts->tb;
    for (;;) {
        if (rows_height(fl, ts, ts->headers, tb->n_rows) <= room + 1e-6) return true;
        size_t pick = tb->n_rows;
        for (size_t r = ts->headers; r < tb->n_rows; r++) {
            int floor_lines = (int)ceil(tb->row_min_lines[r] * floor_share);
            if (ts->min_lines[r] > 2 && ts->min_lines[r] > floor_lines &&
                (pick == tb->n_rows || ts->min_lines[r] > ts->min_lines[pick]))
                pick = r;
        }
        if (pick == tb->n_rows) return false;
        ts->min_lines[pick]--;
    }
}

/* A form is never split across pages: where it does not fit, its writing
 * rows give up to a third of their room; failing that it starts on a new
 * page; only a form taller than a page (its rows shrunk to two lines)
 * breaks, between rows, with its head repeated. ts->y may move to a new
 * page. */
static void keep_form(Flow *fl, TableSet *ts, double header_h)
{
    const Table *tb = ts->tb;
    ts->min_lines = xmalloc(tb->n_rows * sizeof *ts->min_lines);
    memcpy(ts->min_lines, tb->row_min_lines, tb->n_rows * sizeof *ts->min_lines);
    double bottom = block_top(fl) - block_h(fl);
    double room = ts->y - header_h - 2 * CELL_PAD_Y - bottom;
    if (shrink_form(fl, ts, room, 2.0 / 3)) return;
    memcpy(ts->min_lines, tb->row_min_lines, tb->n_rows * sizeof *ts->min_lines);
    if (fl->line > 0) {
        layout_new_page(fl);
        ts->y = block_top(fl);
    }
    shrink_form(fl, ts, block_h(fl) - header_h - 2 * CELL_PAD_Y, 0);
}

/* The table's columns, its header rows broken into lines. */
static void table_set_open(Flow *fl, const Table *tb, TableSet *ts)
{
    size_t nc = tb->n_cols;
    *ts = (TableSet){ .tb = tb, .nc = nc, .w = column_widths(fl, tb), .x = xcalloc(nc + 1, sizeof(double)),
                      .pitch = tb->size * 1.5, .cl = xcalloc(tb->n_rows * nc, sizeof(CellLines)),
                      .row_lines = xcalloc(tb->n_rows, sizeof(size_t)),
                      .headers = tb->header_rows < tb->n_rows ? tb->header_rows : 0 };
    ts->x[0] = block_left(fl);
    for (size_t c = 0; c < nc; c++) ts->x[c + 1] = ts->x[c] + ts->w[c];
    for (size_t h = 0; h < ts->headers; h++) break_row(fl, ts, h);
}

static void table_set_close(TableSet *ts)
{
    for (size_t i = 0; i < ts->tb->n_rows * ts->nc; i++) {
        free(ts->cl[i].lines);
        free(ts->cl[i].text);
    }
    free(ts->cl);
    free(ts->row_lines);
    free(ts->min_lines);
    free(ts->x);
    free(ts->w);
}

static double headers_height(const TableSet *ts)
{
    double h = 0;
    for (size_t r = 0; r < ts->headers; r++) h += ts->row_lines[r] * ts->pitch + 2 * CELL_PAD_Y;
    return h;
}

/* What a table starts a page with: its header and two rows, or all of it
 * when it has three rows or fewer (never a header alone, nor a 1 + 2
 * split); no more than a page holds. */
static double start_height(Flow *fl, TableSet *ts)
{
    size_t body = ts->tb->n_rows - ts->headers;
    size_t k = body <= 3 ? body : 2;
    double h = headers_height(ts) + rows_height(fl, ts, ts->headers, ts->headers + k);
    return fmin(h, block_h(fl));
}

int layout_table_start_lines(Flow *fl, const Table *tb)
{
    if (tb->n_rows == 0) return 0;
    TableSet ts;
    table_set_open(fl, tb, &ts);
    double h = start_height(fl, &ts);
    table_set_close(&ts);
    return (int)ceil(h / LINE_PITCH - 1e-6);
}

/* Row r, the last but one, fits on this page but the last does not:
 * the last would stand alone under the repeated header. Both go, when
 * this page keeps two rows. r is broken already. */
static bool last_row_alone(Flow *fl, TableSet *ts, size_t r)
{
    if (r + 2 != ts->tb->n_rows || r < ts->headers || ts->page_rows < 2 || is_form(ts->tb)) return false;
    double room = ts->y - (block_top(fl) - block_h(fl));
    double here = ts->row_lines[r] * ts->pitch + 2 * CELL_PAD_Y;
    double last = rows_height(fl, ts, r + 1, r + 2);
    return here <= room + 1e-6 && here + last > room + 1e-6;
}

bool layout_table_divisible(const Table *tb)
{
    return !tb->landscape && !is_form(tb) && tb->n_rows > tb->header_rows + 3;
}

void layout_table(Flow *fl, const Table *tb)
{
    if (tb->n_rows == 0) return;
    fl->rules_off = tb->no_rules;
    TableSet ts;
    table_set_open(fl, tb, &ts);
    double header_h = headers_height(&ts);
    ts.page_lines = (size_t)((block_h(fl) - header_h - 2 * CELL_PAD_Y + 1e-6) / ts.pitch);

    if (fl->line >= LINES_PER_PAGE) layout_new_page(fl);
    ts.y = block_top(fl) - fl->line * LINE_PITCH;
    if (fl->line > 0 && ts.y - start_height(fl, &ts) < block_top(fl) - block_h(fl)) {
        layout_new_page(fl);
        ts.y = block_top(fl);
    }
    if (is_form(tb)) keep_form(fl, &ts, header_h);
    ts.seg_top = ts.y;
    table_rule(fl, ts.y, ts.x[0], ts.x[ts.nc]);
    for (size_t r = 0; r < tb->n_rows; r++) {
        if (r >= ts.headers) break_row(fl, &ts, r);
        if ((fl->break_row && r == fl->break_row && r > ts.headers) || last_row_alone(fl, &ts, r))
            table_new_page(fl, &ts, true);
        layout_row(fl, &ts, r);
        if (r >= ts.headers) free_row(&ts, r);
    }
    column_rules(fl, ts.x, ts.nc, ts.seg_top, ts.y);
    /* back on the grid: the next line below the table */
    fl->line = (int)ceil((block_top(fl) - ts.y) / LINE_PITCH - 1e-6);
    table_set_close(&ts);
}
