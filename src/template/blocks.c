/* blocks.c - see blocks.h. */
#include "template/blocks.h"
#include "template/blocksint.h"
#include "base/utf8.h"
#include "typeset/linebreak.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


void blocks_escape(Buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '\r' || c == '\n') {
            /* a line break inside a value: Chinese text joins, Latin words keep a space */
            while (i + 1 < len && (s[i + 1] == '\r' || s[i + 1] == '\n' || s[i + 1] == ' ')) i++;
            bool latin_before = out->len > 0 && (unsigned char)out->data[out->len - 1] < 0x80;
            bool latin_after = i + 1 < len && (unsigned char)s[i + 1] < 0x80;
            if (latin_before && latin_after) buf_putc(out, ' ');
            continue;
        }
        if (c == '\t') c = ' ';
        if (c == '\\' || c == '|' || c == '@' || c == '#' || c == '*') buf_putc(out, '\\');
        buf_putc(out, c);
    }
}


/* ---- tables and charts ---- */

static void close_open(Reader *r)
{
    if (r->open && !r->open_is_chart && r->open->table->n_rows == 0)
        ERR(r, "the table has no rows");
    r->open = NULL;
}

/* "@columns auto center | 2* left | 30mm right" */
static void columns_line(Reader *r, const char *text, size_t len)
{
    if (!r->open || r->open_is_chart) { ERR(r, "@columns outside a table"); return; }
    if (r->have_cols || r->open->table->n_rows) { ERR(r, "@columns must come once, before the rows"); return; }
    char *f[MAX_FIELDS];
    size_t n = blk_split_fields(text, len, f, NULL);
    Table *tb = r->open->table;
    tb->n_cols = n;
    tb->cols = arena_alloc(&r->tree->arena, n * sizeof *tb->cols);
    for (size_t c = 0; c < n; c++) {
        TableColumn *col = &tb->cols[c];
        col->kind = WIDTH_AUTO;
        col->align = ALIGN_LEFT;
        char *save, *w = strtok_r(f[c], " ", &save);
        for (; w; w = strtok_r(NULL, " ", &save)) {
            size_t wl = strlen(w);
            double x;
            if (strcmp(w, "auto") == 0) col->kind = WIDTH_AUTO;
            else if (blk_align_word(w, &col->align)) {}
            else if (wl > 2 && strcmp(w + wl - 2, "mm") == 0 && (w[wl - 2] = '\0', blk_parse_number(w, &x)) && x > 0 && x <= 156) {
                col->kind = WIDTH_FIXED;
                col->value = x;
            } else if (wl > 1 && w[wl - 1] == '*' && (w[wl - 1] = '\0', blk_parse_number(w, &x)) && x > 0 && x <= 1000) {
                col->kind = WIDTH_RELATIVE;
                col->value = x;
            } else {
                ERR(r, "column %zu: \"%s\" is not a width (auto, 30mm, 2*) or an alignment (left, center, right, justify)",
                    c + 1, w);
            }
        }
    }
    blk_free_fields(f, n);
    r->have_cols = true;
    r->n_cols = n;
}

/* A chart row's values after its label: numbers, empty or — for none (NaN). */
static bool row_values(Reader *r, char **f, size_t cnt, double *vals)
{
    bool ok = true;
    for (size_t i = 1; i < cnt; i++) {
        if (!*f[i] || strcmp(f[i], "—") == 0) vals[i - 1] = NAN;
        else if (!blk_parse_number(f[i], &vals[i - 1])) {
            ERR(r, "\"%s\" is not a number", f[i]);
            ok = false;
        }
    }
    return ok;
}

/* "@cell(bold, red) text": the cell's options, and its text after them;
 * *color stays -1 when the cell takes its row's. */
static bool cell_options(Reader *r, char *field, bool *bold, int *color)
{
    if (strncmp(field, "@cell(", 6) != 0) {
        ERR(r, "a cell may begin with @cell(…) only (write \\@ for the sign itself)");
        return false;
    }
    Option opt[MAX_OPTIONS];
    size_t n_opt, used = blk_parse_options(r, field + 5, strlen(field + 5), opt, &n_opt);
    if (used) {
        *bold = blk_switch_option(r, opt, n_opt, "bold");
        TextColor tc = COLOR_BLACK;
        Option *o = blk_find_option(opt, n_opt, "color");
        if (o && !(o->value && blk_color_word(o->value, &tc))) ERR(r, "option color wants red, amber, blue or black (or 红, 黄, 蓝)");
        else if (o) *color = (int)tc;
        if (blk_switch_option(r, opt, n_opt, "red")) *color = COLOR_RED;
        blk_unused_options(r, "cell", opt, n_opt);
    }
    blk_free_options(opt, n_opt);
    if (!used) return false;
    const char *rest = field + 5 + used;
    while (*rest == ' ') rest++;
    memmove(field, rest, strlen(rest) + 1);
    return true;
}

static void row_of_table(Reader *r, char **f, const bool *at, size_t cnt, TextColor color, int lines, bool row_bold)
{
    Table *tb = r->open->table;
    if (!r->have_cols) {
        /* the first row sets the number of columns */
        tb->n_cols = cnt;
        tb->cols = arena_alloc(&r->tree->arena, cnt * sizeof *tb->cols);
        for (size_t c = 0; c < cnt; c++) tb->cols[c].align = ALIGN_LEFT;
        r->have_cols = true;
        r->n_cols = cnt;
    }
    if (cnt != r->n_cols) {
        ERR(r, "the row has %zu cells, the table %zu columns", cnt, r->n_cols);
        return;
    }
    const char *cells[MAX_FIELDS];
    bool bold[MAX_FIELDS] = { false };
    int colors[MAX_FIELDS];
    for (size_t c = 0; c < cnt; c++) {
        colors[c] = -1;
        if (at[c] && !cell_options(r, f[c], &bold[c], &colors[c])) return;
        cells[c] = *f[c] ? f[c] : NULL;
    }
    doc_table_row_lines(r->tree, r->open, cells, color, lines);
    for (size_t c = 0; c < cnt; c++) {
        if (bold[c] || row_bold) doc_table_cell_bold(r->open, c);
        if (colors[c] >= 0) doc_table_cell_color(r->open, c, (TextColor)colors[c]);
    }
}

/* A line chart: the first row names the categories along x (its first
 * cell empty), every other row is a series. */
static void row_of_line_chart(Reader *r, char **f, size_t cnt)
{
    Chart *ch = r->open->chart;
    if (!r->have_categories) {
        if (cnt < 2) ERR(r, "a line chart's first row names its categories: | | 2024Q1 | 2024Q2 |");
        else {
            for (size_t i = 1; i < cnt; i++) doc_chart_bar(r->tree, r->open, f[i], 0, 0, COLOR_BLACK);
            r->have_categories = true;
        }
    } else if (cnt != ch->n + 1) {
        ERR(r, "the series has %zu values, the chart %zu categories", cnt - 1, ch->n);
    } else {
        double vals[MAX_FIELDS];
        if (row_values(r, f, cnt, vals)) doc_line_series(r->tree, r->open, f[0], vals);
    }
}

/* Grouped or stacked bars: the first row names the series (its first
 * cell empty), every other row is a label and a value per series. */
static void row_of_series_chart(Reader *r, char **f, size_t cnt, TextColor color)
{
    if (!r->have_categories) {
        if (cnt < 2) ERR(r, "a grouped or stacked chart's first row names its series: | | 任务部分 | 指标部分 |");
        else {
            r->series = xcalloc(cnt, sizeof *r->series);
            for (size_t i = 1; i < cnt; i++) r->series[r->n_series++] = xstrdup(f[i]);
            r->have_categories = true;
        }
    } else if (cnt != r->n_series + 1) {
        ERR(r, "the row has %zu values, the chart %zu series", cnt - 1, r->n_series);
    } else {
        double vals[MAX_FIELDS];
        if (!row_values(r, f, cnt, vals)) return;
        doc_chart_bar(r->tree, r->open, f[0], 0, NAN, color);
        for (size_t i = 0; i < r->n_series; i++) *ARRAY_PUSH(r->values, r->n_values, r->cap_values) = vals[i];
    }
}

/* Bars: | label | value | marker | */
static void row_of_bar_chart(Reader *r, char **f, size_t cnt, TextColor color)
{
    double value = 0, marker = NAN;
    if (cnt < 2 || cnt > 3) ERR(r, "a bar is | label | value | or | label | value | marker |");
    else if (!blk_parse_number(f[1], &value)) ERR(r, "the bar's value \"%s\" is not a number", f[1]);
    else if (cnt == 3 && *f[2] && !blk_parse_number(f[2], &marker)) ERR(r, "the bar's marker \"%s\" is not a number", f[2]);
    else doc_chart_bar(r->tree, r->open, f[0], value, marker, color);
}

static void table_row(Reader *r, const char *text, size_t len, Option *opt, size_t n_opt)
{
    /* "| a | b |": drop the leading and an optional trailing bar */
    const char *s = text + 1;
    size_t n = len - 1;
    if (n && s[n - 1] == '|' && !(n >= 2 && s[n - 2] == '\\')) n--;
    char *f[MAX_FIELDS];
    bool at[MAX_FIELDS];
    size_t cnt = blk_split_fields(s, n, f, at);
    double lines = 1;
    TextColor color = COLOR_BLACK;
    Option *o = blk_find_option(opt, n_opt, "color");
    if (o && !(o->value && blk_color_word(o->value, &color))) ERR(r, "option color wants red, amber, blue or black (or 红, 黄, 蓝)");
    if (blk_switch_option(r, opt, n_opt, "red")) color = COLOR_RED;
    if (!r->open_is_chart) blk_number_option(r, opt, n_opt, "lines", 1, 40, &lines);
    bool row_bold = !r->open_is_chart && blk_switch_option(r, opt, n_opt, "bold");
    blk_unused_options(r, "row", opt, n_opt);
    bool any_at = false;
    for (size_t c = 0; c < cnt; c++) any_at |= at[c];
    if (!r->open_is_chart) row_of_table(r, f, at, cnt, color, (int)lines, row_bold);
    else if (any_at) ERR(r, "@cell is for the cells of a table, not a chart's rows");
    else if (r->chart_lines) row_of_line_chart(r, f, cnt);
    else if (r->chart_series) row_of_series_chart(r, f, cnt, color);
    else row_of_bar_chart(r, f, cnt, color);
    blk_free_fields(f, cnt);
}

/* ---- directives ---- */

typedef enum { NEED_NONE, NEED_TEXT, NEED_ANY } TextNeed;

/* A directive line being read: @name(options) fields | … */
typedef struct {
    Reader *r;
    DocTree *t;
    const char *name;
    Option *opt;
    size_t n_opt;
    char *f[MAX_FIELDS];
    size_t nf;
    bool empty;            /* no text at all */
    const char *text;
    size_t len;
} Directive;

static bool want_fields(Directive *d, size_t lo, size_t hi, const char *form)
{
    if (d->nf >= lo && d->nf <= hi && !(d->empty && lo > 0)) return true;
    ERR(d->r, "@%s takes %s", d->name, form);
    return false;
}

static void want_no_text(Directive *d, const char *msg)
{
    if (!d->empty) ERR(d->r, "%s", msg);
}

static void dir_title(Directive *d)
{
    if (!want_fields(d, 1, 1, "the title's text")) return;
    Block *b = doc_title(d->t, d->f[0]);
    blk_style_options(d->r, b, d->opt, d->n_opt);
    if (!d->r->seen_title && !d->t->title) doctree_info(d->t, d->f[0], NULL, NULL);
    d->r->seen_title = true;
}

static void dir_p(Directive *d)
{
    if (!want_fields(d, 1, 1, "the paragraph's text")) return;
    blk_style_options(d->r, doc_paragraph(d->t, d->f[0]), d->opt, d->n_opt);
    d->r->para = (long)d->t->n - 1;
}

static void dir_blank(Directive *d)
{
    double count = 1;
    blk_number_option(d->r, d->opt, d->n_opt, "lines", 1, 22, &count);
    want_no_text(d, "@blank takes no text (use @blank(lines=3) for more lines)");
    bool keep = blk_flag_option(d->opt, d->n_opt, "keep");
    for (int i = 0; i < (int)count; i++) doc_blank(d->t)->keep_with_next = keep;
}

static void dir_pagebreak(Directive *d)
{
    want_no_text(d, "@pagebreak takes no text");
    doc_page_break(d->t);
}

static void dir_oddpage(Directive *d)
{
    want_no_text(d, "@oddpage takes no text");
    doc_odd_page(d->t);
}

static void dir_cover(Directive *d)
{
    want_no_text(d, "@cover takes no text");
    if (d->t->n) ERR(d->r, "@cover must come before everything else");
    d->t->cover = true;
}

/* @duplex: printed on both sides, the document ends on an even page. */
static void dir_duplex(Directive *d)
{
    want_no_text(d, "@duplex takes no text");
    d->t->duplex = true;
}

static void dir_fullwidth(Directive *d)
{
    want_no_text(d, "@fullwidth takes no text");
    d->t->full_punctuation = true;
}

static void dir_info(Directive *d)
{
    if (want_fields(d, 1, 3, "title | author | subject"))
        doctree_info(d->t, d->f[0], d->nf > 1 ? d->f[1] : NULL, d->nf > 2 ? d->f[2] : NULL);
}

/* 份号, 密级和保密期限, 紧急程度: before the red header, in this order */
static void dir_head_mark(Directive *d)
{
    Reader *r = d->r;
    int kind = d->name[0] == 'c' ? 0 : d->name[0] == 's' ? 1 : 2;
    if (!want_fields(d, 1, 1, kind == 0 ? "the copy number (份号), six digits" : "its text")) return;
    bool digits = true;
    for (const char *c = d->f[0]; *c; c++) digits &= *c >= '0' && *c <= '9';
    if (kind == 0 && (!digits || strlen(d->f[0]) > 6)) ERR(r, "份号 is a number of up to six digits, such as 000001");
    else if (r->head_marks > kind || r->seen_header)
        ERR(r, "@%s comes before @redheader, after @copyno, @secret, @urgency in that order", d->name);
    else {
        doc_head_mark(d->t, kind, d->f[0]);
        r->head_marks = kind + 1;
    }
}

static void dir_redheader(Directive *d)
{
    d->r->seen_header = true;
    if (want_fields(d, 1, 1, "the issuing office's header text")) doc_red_header(d->t, d->f[0]);
}

static void dir_docnumber(Directive *d)
{
    if (!want_fields(d, 1, 2, "the document number, and for an upward document | 签发人's name")) return;
    Block *b = doc_number(d->t, d->f[0]);
    if (d->nf > 1 && *d->f[1]) b->text2 = arena_strdup(&d->t->arena, d->f[1]);
}

static void dir_signature(Directive *d)
{
    if (!want_fields(d, 2, 2, "the issuing office | the date")) return;
    Block *b = doc_signature(d->t, d->f[0], d->f[1]);
    if (blk_flag_option(d->opt, d->n_opt, "noseal") || !d->r->env->seal_png) return;
    if (d->r->env->seal_broken)
        ERR(d->r, "this document carries the seal %s, which cannot be used (see its error): not made; "
                  "fix or remove the file", d->r->env->seal_png);
    else
        b->text3 = d->r->env->seal_png;
}

static void dir_attachment(Directive *d)
{
    if (want_fields(d, 2, 2, "附件N | its title")) doc_attachment(d->t, d->f[0], d->f[1]);
}

static void dir_colophon(Directive *d)
{
    if (want_fields(d, 3, 3, "抄送 | 印发机关 | 印发日期 (抄送 may be empty)"))
        doc_colophon(d->t, *d->f[0] ? d->f[0] : NULL, d->f[1], d->f[2]);
}

static void open_block(Reader *r, Block *b, bool chart)
{
    r->open = b;
    r->open_is_chart = chart;
    r->open_pos = blk_pos_of(r, r->line_off);
}

static void dir_table(Directive *d)
{
    Reader *r = d->r;
    want_no_text(d, "@table takes no text; its rows follow on their own lines");
    Block *b = doc_table(d->t, 1, 1);
    double header = 1, size = 12;
    blk_number_option(r, d->opt, d->n_opt, "header", 0, 10, &header);
    if (blk_number_option(r, d->opt, d->n_opt, "size", 6, 36, &size)) b->table->size = size;
    b->table->header_rows = (size_t)header;
    b->table->no_rules = blk_flag_option(d->opt, d->n_opt, "borderless");
    b->table->landscape = blk_flag_option(d->opt, d->n_opt, "landscape");
    Option *o = blk_find_option(d->opt, d->n_opt, "font");
    if (o && !(o->value && font_role_parse(o->value, &b->table->role))) ERR(r, "option font wants xbs, fs, ht, kt or st");
    open_block(r, b, false);
    r->have_cols = false;
}

static void dir_chart(Directive *d)
{
    Reader *r = d->r;
    Option *opt = d->opt;
    size_t n_opt = d->n_opt;
    want_no_text(d, "@chart takes no text; its bars or series follow on their own lines");
    double max = 100;
    blk_number_option(r, opt, n_opt, "max", 1e-9, 1e12, &max);
    Option *unit = blk_find_option(opt, n_opt, "unit");
    const char *unit_s = unit && unit->value ? unit->value : "";
    bool lines = blk_flag_option(opt, n_opt, "lines");
    bool grouped = blk_flag_option(opt, n_opt, "grouped"), stacked = blk_flag_option(opt, n_opt, "stacked");
    blk_flag_option(opt, n_opt, "bars");
    Block *b;
    if (lines) {
        b = doc_line_chart(d->t, NULL, 0, max, unit_s);
    } else if (grouped || stacked) {
        b = doc_chart(d->t, max, unit_s, NULL, NULL);
        b->chart->kind = grouped ? CHART_GROUPED : CHART_STACKED;
    } else {
        Option *vn = blk_find_option(opt, n_opt, "value"), *mn = blk_find_option(opt, n_opt, "marker");
        b = doc_chart(d->t, max, unit_s, vn ? vn->value : NULL, mn ? mn->value : NULL);
    }
    double decimals = -1;   /* one format per quantity in a document: decimals=1 prints 70.0% beside 58.3% */
    if (blk_number_option(r, opt, n_opt, "decimals", 0, 2, &decimals)) b->chart->decimals = (int)decimals;
    Option *title = blk_find_option(opt, n_opt, "title");
    if (title && title->value && *title->value) b->text = arena_strdup(&d->t->arena, title->value);
    /* what a red bar means, for the legend: colour is never the only sign of meaning */
    Option *red = blk_find_option(opt, n_opt, "red");
    if (red && red->value && *red->value) b->chart->red_name = arena_strdup(&d->t->arena, red->value);
    open_block(r, b, true);
    r->chart_lines = lines;
    r->chart_series = grouped || stacked;
    r->n_values = 0;
    r->have_categories = false;
}

/* Grouped and stacked bars: the values read row by row become series. */
static void close_series(Reader *r, DocTree *t)
{
    Chart *ch = r->open->chart;
    double *col = xmalloc((ch->n + 1) * sizeof *col);
    for (size_t sr = 0; sr < r->n_series && ch->n; sr++) {
        for (size_t i = 0; i < ch->n; i++) col[i] = r->values[i * r->n_series + sr];
        doc_line_series(t, r->open, r->series[sr], col);
    }
    free(col);
    for (size_t sr = 0; sr < r->n_series; sr++) free(r->series[sr]);
    free(r->series);
    r->series = NULL;
    r->n_series = 0;
    r->chart_series = false;
}

static void dir_end(Directive *d)
{
    Reader *r = d->r;
    if (r->open && r->open_is_chart && r->chart_series) close_series(r, d->t);
    if (!r->open) ERR(r, "@end without an open @table or @chart");
    else if (r->open_is_chart && r->open->chart->n == 0 && r->open->chart->n_series == 0) {
        /* an empty chart says nothing: leave it out */
        d->t->n--;
        r->open = NULL;
    } else close_open(r);
}

static void dir_columns(Directive *d) { columns_line(d->r, d->text, d->len); }

static void dir_toc(Directive *d)
{
    DocTree *t = d->t;
    want_no_text(d, "@toc takes no text; @document lines add its entries");
    if (t->has_contents) ERR(d->r, "only one @toc in a document");
    Block *b = doc_table(t, 2, 0);
    double size = 16;
    if (blk_number_option(d->r, d->opt, d->n_opt, "size", 6, 36, &size)) b->table->size = size;
    b->table->no_rules = true;
    b->table->leaders = true;
    doc_table_column(b, 0, WIDTH_RELATIVE, 1, ALIGN_LEFT);
    doc_table_column(b, 1, WIDTH_FIXED, 20, ALIGN_RIGHT);
    t->has_contents = true;
    t->contents = t->n - 1;
}

/* @document KIND ID | contents entry: another document's blocks, made now
 * or (a pack) when the layout reaches them */
static void dir_document(Directive *d)
{
    Reader *r = d->r;
    DocTree *t = d->t;
    if (!want_fields(d, 1, 2, "KIND ID | contents entry")) return;
    char *kind = d->f[0], *id = strchr(d->f[0], ' ');
    if (id) { *id++ = '\0'; while (*id == ' ') id++; }
    if (!r->env->document && !r->env->document_ref) { ERR(r, "@document is only for the meeting pack"); return; }
    SrcPos where = blk_pos_of(r, r->line_off);
    DocTree *part = NULL;
    long part_no = -1;
    if (r->env->document_ref) part_no = r->env->document_ref(r->env->ctx, kind, id ? id : "", where);
    else part = r->env->document(r->env->ctx, kind, id ? id : "", where);
    if (!part && part_no < 0) { r->errors++; return; }
    if (d->nf > 1 && *d->f[1]) {
        if (!t->has_contents) ERR(r, "a contents entry needs a @toc before it");
        else {
            /* the anchor's id is the entry's row: they are added together */
            const char *row[] = { d->f[1], "" };
            doc_table_row(t, &t->blocks[t->contents], row, COLOR_BLACK);
            doc_anchor(t, r->n_anchors++);
        }
    }
    if (part) {
        doctree_append(t, part);
        doctree_free(part);
    } else {
        doc_part(t, (size_t)part_no);
    }
}

/* Every directive but @row (read_line hands those to table_row). in_open:
 * allowed while a table or chart is open. */
static const struct {
    const char *name;
    void (*fn)(Directive *d);
    bool in_open;
} DIRECTIVES[] = {
    { "title", dir_title, false },         { "p", dir_p, false },
    { "blank", dir_blank, false },         { "pagebreak", dir_pagebreak, false },
    { "oddpage", dir_oddpage, false },     { "cover", dir_cover, false },     { "duplex", dir_duplex, false },
    { "fullwidth", dir_fullwidth, false },
    { "info", dir_info, false },           { "copyno", dir_head_mark, false },
    { "secret", dir_head_mark, false },    { "urgency", dir_head_mark, false },
    { "redheader", dir_redheader, false }, { "docnumber", dir_docnumber, false },
    { "signature", dir_signature, false }, { "attachment", dir_attachment, false },
    { "colophon", dir_colophon, false },   { "table", dir_table, false },
    { "chart", dir_chart, false },         { "end", dir_end, true },
    { "columns", dir_columns, true },      { "toc", dir_toc, false },
    { "document", dir_document, false },
};

static void directive(Reader *r, const char *name, Option *opt, size_t n_opt, const char *text, size_t len)
{
    Directive d = { .r = r, .t = r->tree, .name = name, .opt = opt, .n_opt = n_opt, .text = text, .len = len };
    d.nf = blk_split_fields(text, len, d.f, NULL);
    d.empty = d.nf == 1 && !*d.f[0];
    size_t k = 0, n = sizeof DIRECTIVES / sizeof *DIRECTIVES;
    while (k < n && strcmp(name, DIRECTIVES[k].name) != 0) k++;
    if (r->open && (k == n || !DIRECTIVES[k].in_open))
        ERR(r, "@%s inside a %s: close it with @end first", name, r->open_is_chart ? "chart" : "table");
    else if (k == n)
        ERR(r, "unknown directive @%s", name);
    else
        DIRECTIVES[k].fn(&d);
    if (strcmp(name, "columns") != 0) blk_unused_options(r, name, opt, n_opt);   /* columns_line reads its own */
    blk_free_fields(d.f, d.nf);
}

static void heading_line(Reader *r, const char *s, size_t n)
{
    int level = 0;
    while ((size_t)level < n && s[level] == '#') level++;
    if (level > 4) { ERR(r, "headings have four levels: # to ####"); return; }
    if ((size_t)level < n && s[level] != ' ') { ERR(r, "a space must follow the #s of a heading"); return; }
    char *text = blk_unescape(s + level, n - (size_t)level);
    if (!*text) ERR(r, "the heading has no text");
    else doc_heading(r->tree, level, text);
    free(text);
}

/* A plain line: a paragraph, or more of the one the line before began
 * (as Markdown joins soft line breaks). Chinese text joins without a
 * space; a space only between two ASCII characters ("see\nhttp"). */
static void paragraph_line(Reader *r, const char *s, size_t n)
{
    char *text = blk_unescape(s, n);
    if (r->para < 0) {
        doc_paragraph(r->tree, text);
        r->para = (long)r->tree->n - 1;
    } else if (*text) {
        const char *before = r->tree->blocks[r->para].text;
        size_t bl = strlen(before);
        bool space = bl && (unsigned char)before[bl - 1] < 0x80 && (unsigned char)text[0] < 0x80;
        doc_text_append(r->tree, (size_t)r->para, space ? " " : "", text);
    }
    free(text);
}

static void read_line(Reader *r, const char *s, size_t n)
{
    if (s[0] == '#' || s[0] == '|' || s[0] == '@') r->para = -1;   /* a block line ends a paragraph */
    if (s[0] == '#') {
        /* nothing but rows inside a table: a block added now would also
         * move the blocks array under r->open */
        if (r->open) { ERR(r, "a heading inside a %s: close it with @end first", r->open_is_chart ? "chart" : "table"); return; }
        heading_line(r, s, n);
        return;
    }
    if (s[0] == '|') {
        if (!r->open) { ERR(r, "a table row outside @table … @end"); return; }
        table_row(r, s, n, NULL, 0);
        return;
    }
    if (s[0] != '@') {
        if (r->open) { ERR(r, "text inside a %s: rows start with |", r->open_is_chart ? "chart" : "table"); return; }
        paragraph_line(r, s, n);
        return;
    }
    size_t i = blk_directive_name_end(s, n);
    char name[32];
    if (i == 1 || i - 1 >= sizeof name) { ERR(r, "\"@\" starts a directive such as @title or @table (write \\@ for the sign itself)"); return; }
    memcpy(name, s + 1, i - 1);
    name[i - 1] = '\0';
    Option opt[MAX_OPTIONS];
    size_t n_opt = 0;
    if (i < n && s[i] == '(') {
        size_t used = blk_parse_options(r, s + i, n - i, opt, &n_opt);
        if (!used) { blk_free_options(opt, n_opt); return; }
        i += used;
    }
    if (i < n && s[i] != ' ' && s[i] != '|') {
        ERR(r, "a space must follow @%s", name);
        blk_free_options(opt, n_opt);
        return;
    }
    while (i < n && s[i] == ' ') i++;
    if (strcmp(name, "row") == 0) {
        if (!r->open) ERR(r, "@row outside @table or @chart");
        else if (i >= n || s[i] != '|') ERR(r, "@row is followed by its cells: @row(red) | a | b |");
        else table_row(r, s + i, n - i, opt, n_opt);
    } else {
        directive(r, name, opt, n_opt, s + i, n - i);
    }
    blk_free_options(opt, n_opt);
}

/* The line as diagnostics quote it: at most 80 bytes, never ending
 * inside a character. */
static char *quote_line(const char *s, size_t n)
{
    char *q = xstrndup(s, n > 80 ? 80 : n);
    size_t ql = strlen(q);
    while (ql && ((unsigned char)q[ql - 1] & 0xC0) == 0x80) ql--;
    if (ql && (unsigned char)q[ql - 1] >= 0xC0) ql--;
    if (n > 80) q[ql] = '\0';
    return q;
}

static void reader_free_parts(Reader *r)
{
    for (size_t sr = 0; sr < r->n_series; sr++) free(r->series[sr]);
    free(r->series);
    free(r->values);
}

/* Directives that mean something only beside other lines (rows, the end of
 * a table, a pack's parts) wait for the output. */
static bool needs_neighbours(const char *s, size_t n)
{
    static const char *const names[] = { "row", "end", "columns", "document" };
    size_t i = blk_directive_name_end(s, n);
    for (size_t k = 0; k < sizeof names / sizeof *names; k++)
        if (strlen(names[k]) == i - 1 && memcmp(s + 1, names[k], i - 1) == 0) return true;
    return false;
}

/* Where a directive's options stand after s[0..n): still open (no ")"
 * yet, outside quotes), and inside a quoted value or not. Scanned once,
 * line by line, so that a "(" never closed costs no more than its lines. */
typedef struct {
    bool open, quoted, escape;
} OptionScan;

static void scan_options(OptionScan *sc, const char *s, size_t n)
{
    for (size_t i = 0; i < n && sc->open; i++) {
        if (sc->escape) sc->escape = false;
        else if (s[i] == '\\') sc->escape = true;
        else if (s[i] == '"') sc->quoted = !sc->quoted;
        else if (s[i] == ')' && !sc->quoted) sc->open = false;
    }
}

/* Does a directive's "(" stay open to the end of the line? Then its
 * options go on over the next lines. */
static bool options_open(const char *s, size_t n, OptionScan *sc)
{
    *sc = (OptionScan){ false, false, false };
    if (n == 0 || s[0] != '@') return false;
    size_t i = blk_directive_name_end(s, n);
    if (i >= n || s[i] != '(') return false;
    sc->open = true;
    scan_options(sc, s + i + 1, n - i - 1);
    return sc->open;
}

#define MAX_OPTION_LINES 20
#define MAX_BLOCK_ERRORS 200

bool blocks_check_line(const char *line, size_t len, SrcPos pos)
{
    while (len && (*line == ' ' || *line == '\t')) line++, len--;
    while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r')) len--;
    OptionScan sc;
    if (len == 0 || line[0] != '@' || needs_neighbours(line, len) || options_open(line, len, &sc)) return true;
    BlockEnv env = { 0 };
    Reader r = { .at = pos, .env = &env, .tree = doctree_new(), .para = -1 };
    char *q = quote_line(line, len);
    r.quote = q;
    read_line(&r, line, len);
    free(q);
    reader_free_parts(&r);
    doctree_free(r.tree);
    return r.errors == 0;
}

/* The next line of text from *off: [*a, *b) without surrounding blanks.
 * False at the end. */
static bool next_line(const char *text, size_t len, size_t *off, size_t *a, size_t *b)
{
    if (*off >= len) return false;
    const char *nl = memchr(text + *off, '\n', len - *off);
    size_t end = nl ? (size_t)(nl - text) : len;
    *a = *off;
    *b = end;
    while (*a < *b && (text[*a] == ' ' || text[*a] == '\t' || text[*a] == '\r')) (*a)++;
    while (*b > *a && (text[*b - 1] == ' ' || text[*b - 1] == '\t' || text[*b - 1] == '\r')) (*b)--;
    *off = end + 1;
    return true;
}

static void read_text_line(Reader *r, const char *s, size_t n)
{
    char *q = quote_line(s, n);
    r->quote = q;
    read_line(r, s, n);
    free(q);
    r->quote = NULL;
}

DocTree *blocks_build(const TplOutput *o, const BlockEnv *env)
{
    Reader r = { .out = o, .env = env, .tree = doctree_new(), .para = -1 };
    const char *text = o->text.data ? o->text.data : "";
    size_t len = o->text.len, off = 0, a, b;
    while (next_line(text, len, &off, &a, &b)) {
        if (r.errors >= MAX_BLOCK_ERRORS) {
            /* the document is not made anyway; a loop repeating a wrong
             * line would otherwise cost a position lookup per turn */
            diag_error(blk_pos_of(&r, a), "more than %d errors in this document: the rest is not read", MAX_BLOCK_ERRORS);
            break;
        }
        if (b == a) { r.para = -1; continue; }   /* a blank line ends a paragraph */
        r.line_off = a;
        OptionScan sc;
        if (!options_open(text + a, b - a, &sc)) { read_text_line(&r, text + a, b - a); continue; }
        /* @chart(bars, …,
         *        title=…): one directive over a few lines, never past a
         * blank one (then read_line says the options are not closed) */
        Buf joined = {0};
        buf_append(&joined, text + a, b - a);
        for (int lines = 1; sc.open && lines < MAX_OPTION_LINES; lines++) {
            size_t at = off;
            if (!next_line(text, len, &off, &a, &b)) break;
            if (b == a) { off = at; break; }
            buf_puts(&joined, " ");
            buf_append(&joined, text + a, b - a);
            scan_options(&sc, text + a, b - a);
        }
        read_text_line(&r, joined.data, joined.len);
        buf_free(&joined);
    }
    if (r.open) {
        diag_error(r.open_pos, "@%s is not closed: no @end follows", r.open_is_chart ? "chart" : "table");
        r.errors++;
    }
    reader_free_parts(&r);
    if (r.errors) {
        doctree_free(r.tree);
        return NULL;
    }
    doctree_shrink(r.tree);
    return r.tree;
}

size_t blocks_contents_count(const DocTree *t)
{
    return t->has_contents ? t->blocks[t->contents].table->n_rows : 0;
}

void blocks_fill_contents(DocTree *t, const int *pages, size_t n)
{
    if (!t->has_contents) return;
    Block *b = &t->blocks[t->contents];
    for (size_t i = 0; i < n && i < b->table->n_rows; i++) {
        char page[16];
        snprintf(page, sizeof page, "%d", pages[i]);
        doc_table_set_cell(t, b, i, 1, page);
    }
}
