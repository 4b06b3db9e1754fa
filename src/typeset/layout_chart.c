/* layout_chart.c - charts: bars (single, grouped, stacked) with their
 * labels, rules, values and legend, lines, and a trend of many series set
 * as a table. */
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

/* ---- charts ----------------------------------------------------------------- */

#define CMYK_BAR ((Cmyk){ 0.75f, 0.35f, 0, 0.1f })
#define CMYK_WHITE ((Cmyk){ 0, 0, 0, 0 })
#define CMYK_RULE ((Cmyk){ 0, 0, 0, 0.25f })

/* Cut text to fit width, ending with …, at a character boundary. */
char *layout_fit_label(Flow *fl, FontRole role, double size, const char *text, double width)
{
    if (layout_text_width(fl, role, size, text) <= width) return xstrdup(text);
    Buf b = {0};
    double ell = layout_text_width(fl, role, size, "…"), w = 0;
    Measure m = { fl->fs, role, size };
    const unsigned char *p = (const unsigned char *)text;
    size_t left = strlen(text);
    while (left) {
        const unsigned char *at = p;
        double a = layout_advance_of(&m, utf8_next(&p, &left));
        if (w + a + ell > width) break;
        buf_append(&b, at, (size_t)(p - at));
        w += a;
    }
    buf_puts(&b, "…");
    return buf_take(&b);
}

/* Axis rules at a "nice" step: 100 gives 0, 25, 50, 75, 100; a count of
 * 10 gives 0, 5, 10 (whole steps when the maximum is whole: no 2.5 tasks).
 * The axis runs to the last rule, which is at least max. */
static int axis_rules(double max, double *step)
{
    double raw = max / 4, mag = pow(10, floor(log10(raw)));
    static const double NICE[] = { 1, 2, 2.5, 5, 10 };
    bool whole = max == floor(max);
    *step = 10 * mag;
    for (size_t i = 0; i < sizeof NICE / sizeof *NICE; i++) {
        double s = NICE[i] * mag;
        if (s + 1e-9 >= raw && (!whole || s == floor(s))) { *step = s; break; }
    }
    if (whole && *step < 1) *step = 1;
    int n = (int)ceil(max / *step - 1e-9);
    return n < 1 ? 1 : n;
}

/* A chart's title (Block.text): 小4 黑体 centred above the plot, part of
 * the chart so that it never stays behind at a page's foot. */
#define CHART_TITLE_SIZE 12.0
double layout_chart_title_height(const Block *b) { return b->text ? CHART_TITLE_SIZE * 2.0 : 0; }
static void chart_title(Flow *fl, const Block *b, double top, bool continued)
{
    if (!b->text) return;
    char *full = continued ? xasprintf("%s（续）", b->text) : NULL;
    char *t = layout_fit_label(fl, ROLE_HT, CHART_TITLE_SIZE, full ? full : b->text, block_w(fl));
    free(full);
    double w = layout_text_width(fl, ROLE_HT, CHART_TITLE_SIZE, t);
    layout_draw_line(fl, ROLE_HT, CHART_TITLE_SIZE, block_left(fl) + (block_w(fl) - w) / 2, top - CHART_TITLE_SIZE, t, strlen(t), 0,
              CMYK_BLACK);
    free(t);
}

static const Cmyk SERIES_COLORS[] = {
    { 0.85f, 0.45f, 0, 0 }, { 0, 0.55f, 0.9f, 0 }, { 0.65f, 0, 0.9f, 0.1f }, { 0.5f, 0.8f, 0, 0 },
    { 0, 0, 0, 0.65f },     { 0.1f, 0.9f, 0.35f, 0 }, { 0.7f, 0.1f, 0.1f, 0.3f }, { 0.3f, 0.3f, 0.9f, 0.1f },
};
#define N_SERIES_COLORS (sizeof SERIES_COLORS / sizeof *SERIES_COLORS)

/* The decimals of a chart's value labels: one, when any value needs it,
 * for all of them (60.0分 beside 35.1分), else none; one format per chart. */
static int chart_decimals(const Chart *c)
{
    if (c->decimals >= 0) return c->decimals;
    size_t n = c->kind == CHART_BARS ? c->n : c->n * c->n_series;
    const double *v = c->kind == CHART_BARS ? c->values : c->series_values;
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i]) && fabs(round(v[i] * 10) - round(v[i]) * 10) > 0.5) return 1;
    if (c->kind == CHART_STACKED)   /* the totals */
        for (size_t i = 0; i < c->n; i++) {
            double t = 0;
            for (size_t s = 0; s < c->n_series; s++)
                if (!isnan(c->series_values[s * c->n + i]) && c->series_values[s * c->n + i] > 0) t += c->series_values[s * c->n + i];
            if (fabs(round(t * 10) - round(t) * 10) > 0.5) return 1;
        }
    return 0;
}

/* A value label at (x, base) on a white ground, so that the axis rules
 * behind it do not run through it. */
static void value_label(Flow *fl, const Block *b, double size, double x, double base, const char *text)
{
    double w = layout_text_width(fl, b->role, size, text);
    pdfdoc_rect(fl->doc, x - size * 0.1, base - size * 0.25, w + size * 0.2, size * 1.15, true, 0, CMYK_WHITE);
    layout_draw_line(fl, b->role, size, x, base, text, strlen(text), 0, CMYK_BLACK);
}

/* One row of a grouped or stacked chart: label i's value in every series,
 * side by side (grouped, each with its value) or end to end (stacked, the
 * total after the last segment). */
static void layout_series_bars(Flow *fl, const Block *b, size_t i, double x0, double plot_w, double amax, double y,
                               double row, double label_base, int decimals)
{
    const Chart *c = b->chart;
    const double size = b->size;
    size_t ns = c->n_series;
    if (c->kind == CHART_GROUPED) {
        double sub = size * 0.9, gap = size * 0.4, y0 = y - (row - (double)ns * (sub + gap) + gap) / 2;
        for (size_t s = 0; s < ns; s++) {
            double v = c->series_values[s * c->n + i];
            double top = y0 - (double)s * (sub + gap);
            if (isnan(v)) continue;
            double bw = plot_w * fmax(0, fmin(v, amax)) / amax;
            if (bw > 0) pdfdoc_rect(fl->doc, x0, top - sub, bw, sub, true, 0, SERIES_COLORS[s % N_SERIES_COLORS]);
            Buf val = {0};
            fmt_fixed(&val, v, decimals);
            buf_puts(&val, c->unit);
            value_label(fl, b, size, x0 + bw + size * 0.3, top - sub * 0.85, val.data);
            buf_free(&val);
        }
        return;
    }
    double mid = y - row / 2, bar = size * 1.1, x = x0, total = 0;
    for (size_t s = 0; s < ns; s++) {
        double v = c->series_values[s * c->n + i];
        if (isnan(v) || v <= 0) continue;
        total += v;
        double bw = plot_w * fmin(v, fmax(0, amax - (x - x0) / plot_w * amax)) / amax;
        if (bw > 0) pdfdoc_rect(fl->doc, x, mid - bar / 2, bw, bar, true, 0, SERIES_COLORS[s % N_SERIES_COLORS]);
        x += bw;
    }
    Buf val = {0};
    fmt_fixed(&val, total, decimals);
    buf_puts(&val, c->unit);
    value_label(fl, b, size, x + size * 0.3, label_base, val.data);
    buf_free(&val);
}

/* Horizontal bars, one per row: label on the left, the bar from 0, the
 * value at its end, a red tick at the marker (expected progress), light
 * rules at every quarter of the axis, a legend under the axis. */
/* A bar chart's horizontal frame: labels on the left, the plot, room for
 * value labels on the right. */
typedef struct {
    double x0, plot_w, label_w, amax, step, row, bar;
    int rules;
    int decimals;             /* of the value labels (chart_decimals) */
} BarFrame;

/* Bar i with its value label and, when it has one, its marker; the label
 * moves past the marker rather than be struck through by it. */
static void chart_bar(Flow *fl, const Block *b, const BarFrame *f, size_t i, double mid, double base)
{
    const Chart *c = b->chart;
    double size = b->size;
    double v = fmax(0, fmin(c->values[i], f->amax));
    double bw = f->plot_w * v / f->amax;
    if (bw > 0)
        pdfdoc_rect(fl->doc, f->x0, mid - f->bar / 2, bw, f->bar, true, 0, c->colors[i] == COLOR_BLACK ? CMYK_BAR : layout_text_cmyk(c->colors[i]));
    Buf val = {0};
    fmt_fixed(&val, c->values[i], f->decimals);
    buf_puts(&val, c->unit);
    double lx = f->x0 + bw + size * 0.3, lw = layout_text_width(fl, b->role, size, val.data);
    double mx = isnan(c->markers[i]) ? -1 : f->x0 + f->plot_w * fmax(0, fmin(c->markers[i], f->amax)) / f->amax;
    if (mx >= lx - size * 0.2 && mx <= lx + lw + size * 0.2) lx = mx + size * 0.3;
    value_label(fl, b, size, lx, base, val.data);
    buf_free(&val);
    if (mx >= 0) pdfdoc_line(fl->doc, mx, mid - f->bar * 0.85, mx, mid + f->bar * 0.85, 1.5, CMYK_RED);
}

/* The axis rules from top down to y, behind the bars. */
static void chart_rules(Flow *fl, const BarFrame *f, double top, double y)
{
    for (int k = 0; k <= f->rules; k++) {
        double x = f->x0 + f->plot_w * k / f->rules;
        pdfdoc_line(fl->doc, x, top, x, y, k == 0 ? 0.8 : 0.3, k == 0 ? CMYK_BLACK : CMYK_RULE);
    }
}

/* The axis values under the rules at y. */
static void chart_ticks(Flow *fl, const Block *b, const BarFrame *f, double y)
{
    double size = b->size;
    for (int k = 0; k <= f->rules; k++) {
        double x = f->x0 + f->plot_w * k / f->rules;
        Buf t = {0};
        fmt_number(&t, f->step * k, 1);
        buf_puts(&t, b->chart->unit);
        double tw = layout_text_width(fl, b->role, size, t.data);
        layout_draw_line(fl, b->role, size, x - tw / 2, y - size * 1.2, t.data, t.len, 0, CMYK_BLACK);
        buf_free(&t);
    }
}

/* The legend from (x0, ly); returns the baseline of its last line. With
 * draw false it only measures. */
static double chart_legend(Flow *fl, const Block *b, double x0, double ly, size_t ns, bool draw)
{
    const Chart *c = b->chart;
    double size = b->size, lx = x0;
    for (size_t sr = 0; sr < ns; sr++) {
        double iw = layout_text_width(fl, b->role, size, c->series_names[sr]) + size * 3.3;
        if (lx + iw > block_left(fl) + block_w(fl)) { lx = x0; ly -= size * 1.6; }
        if (draw) pdfdoc_rect(fl->doc, lx, ly, size * 1.4, size * 0.8, true, 0, SERIES_COLORS[sr % N_SERIES_COLORS]);
        if (draw) layout_draw_line(fl, b->role, size, lx + size * 1.8, ly, c->series_names[sr], strlen(c->series_names[sr]), 0,
                  CMYK_BLACK);
        lx += iw;
    }
    if (c->value_name) {
        if (draw) pdfdoc_rect(fl->doc, lx, ly, size * 1.4, size * 0.8, true, 0, CMYK_BAR);
        lx += size * 1.8;
        if (draw) layout_draw_line(fl, b->role, size, lx, ly, c->value_name, strlen(c->value_name), 0, CMYK_BLACK);
        lx += layout_text_width(fl, b->role, size, c->value_name) + size * 1.5;
    }
    if (c->marker_name) {
        if (draw) pdfdoc_line(fl->doc, lx + size * 0.4, ly - size * 0.1, lx + size * 0.4, ly + size * 0.9, 1.5, CMYK_RED);
        lx += size * 1.2;
        if (draw) layout_draw_line(fl, b->role, size, lx, ly, c->marker_name, strlen(c->marker_name), 0, CMYK_BLACK);
        lx += layout_text_width(fl, b->role, size, c->marker_name) + size * 1.5;
    }
    bool any_red = false;
    for (size_t i = 0; c->colors && i < c->n && !any_red; i++) any_red = c->colors[i] == COLOR_RED;
    if (c->red_name && any_red) {
        double iw = layout_text_width(fl, b->role, size, c->red_name) + size * 1.8;
        if (lx + iw > block_left(fl) + block_w(fl)) { lx = x0; ly -= size * 1.6; }
        if (draw) pdfdoc_rect(fl->doc, lx, ly, size * 1.4, size * 0.8, true, 0, CMYK_RED);
        if (draw) layout_draw_line(fl, b->role, size, lx + size * 1.8, ly, c->red_name, strlen(c->red_name), 0, CMYK_BLACK);
    }
    return ly;
}

static BarFrame bar_frame(Flow *fl, const Block *b, size_t ns)
{
    const Chart *c = b->chart;
    BarFrame f = { .bar = b->size * 1.1 };
    f.rules = axis_rules(c->max, &f.step);
    f.amax = f.step * f.rules;
    f.row = c->kind == CHART_GROUPED ? b->size * (0.8 + 1.3 * (double)ns) : b->size * 2.0;
    for (size_t i = 0; i < c->n; i++) f.label_w = fmax(f.label_w, layout_text_width(fl, b->role, b->size, c->labels[i]));
    f.label_w = fmin(f.label_w + b->size, block_w(fl) * 0.35);
    double value_w = layout_text_width(fl, b->role, b->size, "100.0%") + b->size * 0.5;
    f.x0 = block_left(fl) + f.label_w;
    f.plot_w = block_w(fl) - f.label_w - value_w;
    return f;
}

/* A category label in at most two lines of width, broken at word
 * boundaries like a title; what a third line would hold is cut with "…"
 * at the end of the second. Returns the number of lines. */
static int wrap_label(Flow *fl, FontRole role, double size, const char *text, double width, char *out[2])
{
    out[1] = NULL;
    if (layout_text_width(fl, role, size, text) <= width) {
        out[0] = xstrdup(text);
        return 1;
    }
    Measure m = { fl->fs, role, size };
    Line *lines = NULL;
    size_t n = linebreak_title(text, strlen(text), width, layout_advance_of, &m, &lines);
    if (n < 2) {
        free(lines);
        out[0] = layout_fit_label(fl, role, size, text, width);
        return 1;
    }
    out[0] = xstrndup(text + lines[0].start, lines[0].end - lines[0].start);
    char *rest = xstrdup(text + lines[1].start);
    out[1] = layout_fit_label(fl, role, size, rest, width);
    free(rest);
    free(lines);
    return 2;
}

/* Row i: its label (one or two lines, centred on the row) and its bar or bars. */
static void chart_row(Flow *fl, const Block *b, const BarFrame *f, size_t i, double y)
{
    const Chart *c = b->chart;
    double size = b->size, mid = y - f->row / 2, asc, desc;
    char *label[2];
    int nl = wrap_label(fl, b->role, size, c->labels[i], f->label_w - size * 0.5, label);
    layout_text_extents(fl, b->role, size, "国", &asc, &desc);
    double base = mid - (asc - desc) / 2;
    for (int k = 0; k < nl; k++) {
        double lb = base + (nl == 2 ? (k == 0 ? 0.6 : -0.6) * size * 1.15 : 0);
        layout_draw_line(fl, b->role, size, block_left(fl), lb, label[k], strlen(label[k]), 0, CMYK_BLACK);   /* the bar carries the colour */
        free(label[k]);
    }
    if (c->kind == CHART_GROUPED || c->kind == CHART_STACKED)
        layout_series_bars(fl, b, i, f->x0, f->plot_w, f->amax, y, f->row, base, f->decimals);
    else
        chart_bar(fl, b, f, i, mid, base);
}

/* Labels that need two lines make every row tall enough for two. */
static void rows_for_labels(Flow *fl, const Block *b, BarFrame *f)
{
    const Chart *c = b->chart;
    double two = b->size * 3.0;
    if (f->row >= two) return;
    for (size_t i = 0; i < c->n; i++)
        if (layout_text_width(fl, b->role, b->size, c->labels[i]) > f->label_w - b->size * 0.5) {
            f->row = two;
            return;
        }
}

/* Below the last row: the axis's tick labels, then the legend (its lines
 * as chart_legend wraps them). */
static double chart_foot(Flow *fl, const Block *b, const BarFrame *f, size_t ns)
{
    return -chart_legend(fl, b, f->x0, -b->size * 2.8, ns, false) + b->size * 0.4;
}
#define AXIS_FOOT(size) ((size) * 1.6)   /* the tick labels alone, under a part that continues */

/* The thinnest a row may get and stay legible: its label's lines, a
 * bar of two thirds of the text's size (a grouped chart's bars do not
 * thin). */
static double least_row(const Block *b, const BarFrame *f)
{
    if (b->chart->kind == CHART_GROUPED) return f->row;
    return f->row >= b->size * 3.0 ? b->size * 2.4 : b->size * 1.2;   /* two label lines, or one */
}

/* The frame of a bar chart as it is set: rows thinned, down to a legible
 * minimum, where the whole chart would not fit on one page (a chart is
 * divided only when even that is too tall). */
static BarFrame bar_frame_set(Flow *fl, const Block *b, size_t ns, double *foot)
{
    const Chart *c = b->chart;
    BarFrame f = bar_frame(fl, b, ns);
    rows_for_labels(fl, b, &f);
    *foot = chart_foot(fl, b, &f, ns);
    double rows_h = f.row * (double)c->n, page = block_h(fl) - layout_chart_title_height(b) - *foot;
    if (rows_h > page) {
        double s = fmax(least_row(b, &f) / f.row, page / rows_h);
        f.row *= s;
        f.bar *= s;
    }
    return f;
}

/* A bar chart's height as layout_chart sets it, unshrunk; *rows: the part
 * that may close up; *least: its height with the rows as thin as they get. */
double layout_bar_chart_height(Flow *fl, const Block *b, double *rows, double *least)
{
    const Chart *c = b->chart;
    bool series = c->kind == CHART_GROUPED || c->kind == CHART_STACKED;
    double foot;
    BarFrame f = bar_frame_set(fl, b, series ? c->n_series : 0, &foot);
    *rows = f.row * (double)c->n;
    *least = layout_chart_title_height(b) + fmin(f.row, least_row(b, &f)) * (double)c->n + foot;
    return layout_chart_title_height(b) + *rows + foot;
}

/* Rows of the chart from i that go on this page below y: all that are
 * left when they fit with the legend, else as many as fit above the tick
 * labels, leaving the last for the part that carries the legend. */
static size_t rows_here(const Flow *fl, const Chart *c, size_t i, double y, double row, double foot, double axis)
{
    double bottom = block_top(fl) - block_h(fl) - 0.01;   /* a chart thinned to fit ends on the block's edge */
    size_t rest = c->n - i;
    if (y - (double)rest * row - foot >= bottom) return rest;
    size_t k = (size_t)fmax(1, floor((y - axis - bottom) / row));
    return k >= rest ? (rest > 1 ? rest - 1 : 1) : k;
}

/* Where the chart starts: here, its rows thinned (to a legible minimum)
 * to stay on this page, or at the next page's top. Returns the top of its
 * title. */
static double bar_chart_top(Flow *fl, const Block *b, BarFrame *f, double foot)
{
    const Chart *c = b->chart;
    if (fl->line >= LINES_PER_PAGE) layout_new_page(fl);
    double y = block_top(fl) - fl->line * LINE_PITCH - (fl->line > 0 ? b->size : 0);   /* clear of what is above */
    /* what must follow on this page (the lines before a signature, and it) is kept clear */
    double room = y - (block_top(fl) - block_h(fl)) - fl->keep_below * LINE_PITCH, rows_h = f->row * (double)c->n;
    double height = layout_chart_title_height(b) + rows_h + foot;
    if (fl->line == 0 || height <= room) return y;
    double s = (room - (height - rows_h)) / rows_h;
    if (s > 0 && f->row * s >= least_row(b, f) - 1e-6) {   /* rows thinned rather than the page left empty */
        f->row *= s;
        f->bar *= s;
        return y;
    }
    /* too tall for what is left: a fresh page, unless that would leave
     * more than a third of this one empty (or the chart is taller than
     * any page) and its title, three rows and the axis fit here: then it
     * is divided, the next part under its title marked 续 */
    size_t first = c->n < 3 ? c->n : 3;
    bool divide = height > block_h(fl) || room > block_h(fl) / 3;
    if (!divide || room < layout_chart_title_height(b) + f->row * (double)first + AXIS_FOOT(b->size)) {
        layout_new_page(fl);
        return block_top(fl);
    }
    return y;
}

void layout_chart(Flow *fl, const Block *b)
{
    const Chart *c = b->chart;
    if (c->n == 0) return;
    bool series = c->kind == CHART_GROUPED || c->kind == CHART_STACKED;
    size_t ns = series ? c->n_series : 0;
    if (series && ns == 0) return;
    double foot;
    BarFrame f = bar_frame_set(fl, b, ns, &foot);
    f.decimals = chart_decimals(b->chart);
    double y = bar_chart_top(fl, b, &f, foot);
    /* part by part (a chart longer than a page, its rows already thinned,
     * continues under its title marked 续): the rules first, behind the bars */
    for (size_t i = 0; i < c->n;) {
        if (i > 0) {
            layout_new_page(fl);
            y = block_top(fl);
        }
        chart_title(fl, b, y, i > 0);
        y -= layout_chart_title_height(b);
        size_t k = rows_here(fl, c, i, y, f.row, foot, AXIS_FOOT(b->size));
        chart_rules(fl, &f, y, y - (double)k * f.row);
        for (size_t j = i; j < i + k; j++, y -= f.row) chart_row(fl, b, &f, j, y);
        chart_ticks(fl, b, &f, y);
        i += k;
    }
    double ly = chart_legend(fl, b, f.x0, y - b->size * 2.8, ns, true);
    fl->line = layout_line_below(fl, ly - b->size * 0.5);
}

/* Lines over categories (quarters): y from 0 to max with rules at every
 * quarter, one colour and square point marks per series, a legend below
 * that wraps over as many rows as it needs. */
/* More lines than a reader can tell apart by colour (over five): the
 * chart is set as a table instead, under its title: a row per series, a
 * column per category, each value with the chart's unit. */


static void line_chart_as_table(Flow *fl, const Block *b)
{
    const Chart *c = b->chart;
    DocTree *t = doctree_new();
    Block *tb = doc_table(t, c->n + 1, 1);
    doc_table_column(tb, 0, WIDTH_RELATIVE, 1, ALIGN_LEFT);
    for (size_t i = 0; i < c->n; i++) doc_table_column(tb, i + 1, WIDTH_AUTO, 0, ALIGN_RIGHT);
    const char **cells = xcalloc(c->n + 1, sizeof *cells);
    char **owned = xcalloc(c->n + 1, sizeof *owned);
    cells[0] = "";
    for (size_t i = 0; i < c->n; i++) cells[i + 1] = c->labels[i];
    doc_table_row(t, tb, cells, COLOR_BLACK);
    int decimals = chart_decimals(c);
    for (size_t s = 0; s < c->n_series; s++) {
        cells[0] = c->series_names[s];
        for (size_t i = 0; i < c->n; i++) {
            double v = c->series_values[s * c->n + i];
            Buf val = {0};
            if (isnan(v)) buf_puts(&val, "—");
            else {
                fmt_fixed(&val, v, decimals);
                buf_puts(&val, c->unit);
            }
            free(owned[i + 1]);
            owned[i + 1] = buf_take(&val);
            cells[i + 1] = owned[i + 1];
        }
        doc_table_row(t, tb, cells, COLOR_BLACK);
    }
    tb->table->size = b->size > 12 ? b->size : 12;
    /* the title stays with the table's head and first rows: about four grid lines */
    if (fl->line > LINES_PER_PAGE - 5) layout_new_page(fl);
    double top = block_top(fl) - fl->line * LINE_PITCH - (fl->line > 0 ? b->size : 0);
    chart_title(fl, b, top, false);
    fl->line = layout_line_below(fl, top - layout_chart_title_height(b) + b->size * 0.5);
    layout_table(fl, tb->table);
    for (size_t i = 0; i <= c->n; i++) free(owned[i]);
    free(owned);
    free(cells);
    doctree_free(t);
}

/* Series s of a line chart: its points joined, a gap where a value is
 * missing, each point marked. */
static void draw_series(Flow *fl, const Chart *c, size_t s, double first_x, double step, double y0, double plot_h,
                        double amax)
{
    Cmyk col = SERIES_COLORS[s % N_SERIES_COLORS];
    double px = 0, py = 0;
    bool have_prev = false;
    for (size_t i = 0; i < c->n; i++) {
        double v = c->series_values[s * c->n + i];
        if (isnan(v)) { have_prev = false; continue; }
        double x = first_x + step * (double)i, y = y0 + plot_h * fmax(0, fmin(v, amax)) / amax;
        if (have_prev) pdfdoc_line(fl->doc, px, py, x, y, 1.2, col);
        pdfdoc_rect(fl->doc, x - 2, y - 2, 4, 4, true, 0, col);
        px = x;
        py = y;
        have_prev = true;
    }
}

void layout_line_chart(Flow *fl, const Block *b)
{
    const Chart *c = b->chart;
    if (c->n_series > MAX_LINE_SERIES) {
        line_chart_as_table(fl, b);
        return;
    }
    double ystep;
    int rules = axis_rules(c->max, &ystep);
    double amax = ystep * rules;
    const double size = b->size;
    double plot_h = 8 * LINE_PITCH - size * 2;
    if (c->n == 0 || c->n_series == 0) return;
    /* legend rows */
    double item_w = 0;
    char **names = xcalloc(c->n_series, sizeof *names);
    for (size_t s = 0; s < c->n_series; s++) {
        names[s] = layout_fit_label(fl, b->role, size, c->series_names[s], block_w(fl) / 2 - size * 3);
        item_w = fmax(item_w, layout_text_width(fl, b->role, size, names[s]) + size * 3);
    }
    size_t per_row = (size_t)fmax(1, floor(block_w(fl) / item_w));
    size_t legend_rows = (c->n_series + per_row - 1) / per_row;
    double height = layout_chart_title_height(b) + size + plot_h + size * 2.2 + (double)legend_rows * size * 1.8;
    if (fl->line >= LINES_PER_PAGE) layout_new_page(fl);
    double top = block_top(fl) - fl->line * LINE_PITCH - (fl->line > 0 ? size : 0);
    double room = top - (block_top(fl) - block_h(fl));
    if (height > room && height - plot_h * (1 - CHART_SHRINK) <= room && fl->line > 0) {
        double s = (room - (height - plot_h)) / plot_h;   /* closes up by up to 15% */
        height -= plot_h * (1 - s);
        plot_h *= s;
    }
    if (top - height < block_top(fl) - block_h(fl) && fl->line > 0) {
        layout_new_page(fl);
        top = block_top(fl);
    }
    chart_title(fl, b, top, false);
    top -= layout_chart_title_height(b);
    double axis_w = layout_text_width(fl, b->role, size, "100%") + size * 0.8;
    double x0 = block_left(fl) + axis_w, x1 = block_left(fl) + block_w(fl) - size, y1 = top - size * 0.5, y0 = y1 - plot_h;
    for (int k = 0; k <= rules; k++) {
        double y = y0 + plot_h * k / rules;
        pdfdoc_line(fl->doc, x0, y, x1, y, k == 0 ? 0.8 : 0.3, k == 0 ? CMYK_BLACK : CMYK_RULE);
        Buf t = {0};
        fmt_number(&t, ystep * k, 1);
        buf_puts(&t, c->unit);
        double tw = layout_text_width(fl, b->role, size, t.data);
        layout_draw_line(fl, b->role, size, x0 - tw - size * 0.3, y - size * 0.3, t.data, t.len, 0, CMYK_BLACK);
        buf_free(&t);
    }
    pdfdoc_line(fl->doc, x0, y0, x0, y1, 0.8, CMYK_BLACK);
    double step = c->n > 1 ? (x1 - x0 - size * 2) / (double)(c->n - 1) : 0;
    double first_x = c->n > 1 ? x0 + size : (x0 + x1) / 2;
    for (size_t i = 0; i < c->n; i++) {
        double x = first_x + step * (double)i;
        double tw = layout_text_width(fl, b->role, size, c->labels[i]);
        layout_draw_line(fl, b->role, size, x - tw / 2, y0 - size * 1.3, c->labels[i], strlen(c->labels[i]), 0,
                  CMYK_BLACK);
    }
    for (size_t s = 0; s < c->n_series; s++)
        draw_series(fl, c, s, first_x, step, y0, plot_h, amax);
    double ly = y0 - size * 3.2;
    for (size_t s = 0; s < c->n_series; s++) {
        double lx = block_left(fl) + item_w * (double)(s % per_row);
        if (s > 0 && s % per_row == 0) ly -= size * 1.8;
        pdfdoc_line(fl->doc, lx, ly + size * 0.35, lx + size * 1.6, ly + size * 0.35, 1.5, SERIES_COLORS[s % N_SERIES_COLORS]);
        layout_draw_line(fl, b->role, size, lx + size * 2, ly, names[s], strlen(names[s]), 0, CMYK_BLACK);
        free(names[s]);
    }
    free(names);
    fl->line = layout_line_below(fl, ly - size * 0.6);
}
