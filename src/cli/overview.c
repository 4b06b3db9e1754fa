/* overview.c - see overview.h. Colours come with a word and a mark (● 红,
 * ▲ 黄, ◆ 蓝) so that a black-and-white printout still tells them apart. */
#include "cli/overview.h"
#include "base/cnfmt.h"
#include "base/date.h"
#include "data/supervision.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The page goes out as it is made, a row at a time (a province's is
 * 27 MB): Buf first, so that the writers below, which append to a Buf,
 * reach the sink through it. */
typedef struct {
    Buf buf;
    OverviewSink sink;
    void *ctx;
    bool failed;
} Out;

static void spill(Buf *b, bool all)
{
    Out *o = (Out *)b;
    if (!all && b->len < 65536) return;
    if (b->len && !o->failed && o->sink(o->ctx, b->data, b->len) != 0) o->failed = true;
    b->len = 0;
}

/* At most this many bars in the chart; the table lists everyone. */
#define CHART_BARS 40

static const char CSS[] =
    "body{font-family:\"Noto Sans CJK SC\",\"WenQuanYi Micro Hei\",\"Microsoft YaHei\",sans-serif;margin:24px auto;"
    "max-width:1100px;color:#222;line-height:1.5}"
    "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;border-bottom:2px solid #999;padding-bottom:2px;margin-top:26px}"
    ".sub{color:#555;margin:0 0 12px}"
    ".figs{display:flex;flex-wrap:wrap;gap:8px;margin:0;padding:0}"
    ".figs div{border:1px solid #bbb;border-radius:4px;padding:6px 12px;min-width:120px}"
    ".figs dt{font-size:12px;color:#555}.figs dd{margin:0;font-size:20px;font-weight:bold}"
    "table{border-collapse:collapse;width:100%;font-size:13px}"
    "th,td{border:1px solid #999;padding:3px 6px;vertical-align:top}th{background:#eee}"
    "td.n{text-align:right;white-space:nowrap}"
    ".red{color:#c00000}.yellow{color:#9a5b00}.blue{color:#1f4e9a}"
    "tr.red td{background:#fdecec}tr.yellow td{background:#fff5e0}"
    "a{color:#1f4e9a}.docs a{margin-right:8px;white-space:nowrap}"
    "@page{size:A4;margin:14mm}"
    "@media print{body{margin:0;max-width:none}a{color:#222;text-decoration:none}"
    "tr{break-inside:avoid}h2{break-after:avoid}svg{max-width:100%}}";

static void text(Buf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': buf_puts(b, "&amp;"); break;
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        case '"': buf_puts(b, "&quot;"); break;
        case '\'': buf_puts(b, "&#39;"); break;
        default: buf_putc(b, *s);
        }
    }
}

/* A relative path as an href: every byte but letters, digits and -._~/
 * percent-encoded (Chinese file names, spaces). */
static void href(Buf *b, const char *path)
{
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                     strchr("-._~/", *p);
        if (plain) buf_putc(b, (char)*p);
        else buf_printf(b, "%%%02X", *p);
    }
}

static void number(Buf *b, double x, int decimals)
{
    fmt_number(b, x, decimals);
}

static const char *level_class(int w)
{
    return w == WARN_RED ? "red" : w == WARN_YELLOW ? "yellow" : w == WARN_BLUE ? "blue" : "";
}

static const char *level_mark(int w)
{
    return w == WARN_RED ? "● 红" : w == WARN_YELLOW ? "▲ 黄" : w == WARN_BLUE ? "◆ 蓝" : "";
}

static void figure(Buf *b, const char *label, const char *value)
{
    buf_puts(b, "<div><dt>");
    text(b, label);
    buf_puts(b, "</dt><dd>");
    text(b, value);
    buf_puts(b, "</dd></div>");
}

/* The head: title, period, and the summary's figures. */
static void head(Buf *b, const Results *r)
{
    const Data *d = r->data;
    Buf when = {0}, v = {0};
    buf_printf(&when, "%d年", period_year(d->period));
    cn_quarter(&when, period_quarter(d->period));
    buf_puts(b, "<h1>");
    text(b, d->plan.short_title);
    text(b, buf_cstr(&when));
    buf_puts(b, "推进情况一览</h1>\n<p class=\"sub\">");
    text(b, d->issuer.name);
    buf_puts(b, "　数据截至");
    cn_date(&v, d->as_of);
    text(b, buf_cstr(&v));
    buf_puts(b, "　《");
    text(b, d->plan.title);
    buf_puts(b, "》</p>\n<dl class=\"figs\">");
    int w[4] = {0}, flagged = 0;
    for (size_t k = 0; k < r->n; k++) {
        for (int i = 0; i < 4; i++) w[i] += r->inst[k].warnings[i];
        flagged += r->inst[k].notice_number != NULL;
    }
    const char *labels[] = { "考核单位", "平均得分", "最高得分", "督办单位", "红色预警", "黄色预警", "蓝色预警", "上期整改率" };
    double values[] = { (double)r->n_ranked, r->average_total, r->best_total, flagged, w[WARN_RED], w[WARN_YELLOW],
                        w[WARN_BLUE], 0 };
    double rate;
    for (int i = 0; i < 8; i++) {
        v.len = 0;
        if (i < 7) number(&v, values[i], 1);
        else if (follow_up_rate(r->follow_items, r->follow_resolved, &rate)) { number(&v, rate * 100, 1); buf_putc(&v, '%'); }
        else buf_puts(&v, "—");
        figure(b, labels[i], buf_cstr(&v));
    }
    buf_puts(b, "</dl>\n");
    buf_free(&when);
    buf_free(&v);
}

typedef struct {
    long key;      /* rank, or past every rank for data errors */
    size_t k;
} Ranked;

static int by_rank(const void *a, const void *b)
{
    const Ranked *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->k < y->k ? -1 : x->k > y->k;
}

/* The institutions in rank order (input order among equals), those with
 * data errors last. */
static size_t *rank_order(const Results *r)
{
    Ranked *rk = xmalloc((r->n + 1) * sizeof *rk);
    for (size_t k = 0; k < r->n; k++) rk[k] = (Ranked){ r->inst[k].data_errors ? (long)r->n + 1 : r->inst[k].rank, k };
    qsort(rk, r->n, sizeof *rk, by_rank);
    size_t *order = xmalloc((r->n + 1) * sizeof *order);
    for (size_t k = 0; k < r->n; k++) order[k] = rk[k].k;
    free(rk);
    return order;
}

/* One chart: each ranked institution's total as a bar out of 100. */
static void chart(Buf *b, const Results *r, const size_t *order)
{
    size_t bars = r->n_ranked < CHART_BARS ? r->n_ranked : CHART_BARS;
    if (!bars) return;
    const double row = 22, left = 170, width = 760, top = 8;
    buf_printf(b, "<h2>各单位总分</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%g\" height=\"%g\" "
                  "viewBox=\"0 0 %g %g\" role=\"img\" aria-label=\"各单位总分\">\n",
               left + width + 60, top + row * (double)bars + 24, left + width + 60, top + row * (double)bars + 24);
    for (int tick = 0; tick <= 100; tick += 20)
        buf_printf(b, "<line x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke=\"#ccc\"/><text x=\"%g\" y=\"%g\" "
                      "font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">%d</text>\n",
                   left + width * tick / 100, top, left + width * tick / 100, top + row * (double)bars,
                   left + width * tick / 100, top + row * (double)bars + 16, tick);
    for (size_t i = 0; i < bars; i++) {
        const InstitutionResult *ir = &r->inst[order[i]];
        double y = top + row * (double)i, total = (double)ir->total_tenths / 10;
        const char *fill = ir->warnings[WARN_RED] ? "#c00000" : ir->warnings[WARN_YELLOW] ? "#c07a00" : "#3b6fb6";
        buf_printf(b, "<text x=\"%g\" y=\"%g\" font-size=\"12\" text-anchor=\"end\">", left - 6, y + 15);
        text(b, r->data->institutions[order[i]].short_name);
        buf_printf(b, "</text><rect x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\" fill=\"%s\"/>"
                      "<text x=\"%g\" y=\"%g\" font-size=\"12\">",
                   left, y + 4, width * (total < 0 ? 0 : total > 100 ? 100 : total) / 100, row - 8, fill,
                   left + width * (total > 100 ? 100 : total < 0 ? 0 : total) / 100 + 4, y + 15);
        char disp[32];
        total_display(ir->total_tenths, disp);
        buf_puts(b, disp);
        buf_puts(b, "</text>\n");
    }
    buf_puts(b, "</svg>\n");
}

/* The manifest's paths, sorted: is there an OFD beside a PDF? And its
 * PDFs by institution ("" the whole run's), each institution's in the
 * manifest's order: a province's page looked through 30,000 entries for
 * each of 10,000 institutions. */
typedef struct {
    const char **paths;
    size_t n;
    size_t *pdfs;          /* entry numbers */
    size_t n_pdfs;
    const Manifest *m;
} PathIndex;

static int cmp_path(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static const char *owner(const ManifestEntry *e) { return e->institution ? e->institution : ""; }

static int cmp_pdf(const void *a, const void *b, void *ctx)
{
    const Manifest *m = ctx;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = strcmp(owner(&m->items[x]), owner(&m->items[y]));
    return c ? c : (x > y) - (x < y);
}

static bool is_pdf(const char *path)
{
    size_t l = strlen(path);
    return l >= 4 && strcmp(path + l - 4, ".pdf") == 0;
}

static PathIndex path_index(const Manifest *m)
{
    PathIndex ix = { xmalloc((m->n + 1) * sizeof *ix.paths), m->n, xmalloc((m->n + 1) * sizeof *ix.pdfs), 0, m };
    for (size_t i = 0; i < m->n; i++) {
        ix.paths[i] = m->items[i].path;
        if (is_pdf(m->items[i].path)) ix.pdfs[ix.n_pdfs++] = i;
    }
    qsort(ix.paths, ix.n, sizeof *ix.paths, cmp_path);
    qsort_r(ix.pdfs, ix.n_pdfs, sizeof *ix.pdfs, cmp_pdf, (void *)m);
    return ix;
}

/* The first of id's PDFs in ix.pdfs. */
static size_t first_pdf(const PathIndex *ix, const char *id)
{
    size_t lo = 0, hi = ix->n_pdfs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(owner(&ix->m->items[ix->pdfs[mid]]), id) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* The links to the PDFs of institution id (NULL: the whole run's), each
 * followed by its OFD (--format pdf,ofd) and its Word copy (a notice's or
 * the bulletin's, --format pdf,docx) when there are. */
static void doc_links(Buf *b, const Manifest *m, const PathIndex *ix, const char *id)
{
    if (!id) id = "";
    for (size_t j = first_pdf(ix, id); j < ix->n_pdfs && strcmp(owner(&m->items[ix->pdfs[j]]), id) == 0; j++) {
        const ManifestEntry *e = &m->items[ix->pdfs[j]];
        size_t l = strlen(e->path);
        const char *name = strrchr(e->path, '/');
        buf_puts(b, "<a href=\"");
        href(b, e->path);
        buf_puts(b, "\">");
        text(b, name ? name + 1 : e->path);
        buf_puts(b, "</a>");
        static const char *const TWINS[][3] = { { ".ofd", "ofd", "OFD" }, { ".docx", "docx", "Word" } };
        for (size_t t = 0; t < sizeof TWINS / sizeof *TWINS; t++) {
            char *twin = xasprintf("%.*s%s", (int)(l - 4), e->path, TWINS[t][0]);
            if (bsearch(&twin, ix->paths, ix->n, sizeof *ix->paths, cmp_path)) {
                buf_printf(b, " <a class=\"%s\" href=\"", TWINS[t][1]);
                href(b, twin);
                buf_printf(b, "\">%s</a>", TWINS[t][2]);
            }
            free(twin);
        }
    }
}

static void institution_row(Buf *b, const Results *r, const Manifest *m, const PathIndex *ix, size_t k)
{
    const InstitutionResult *ir = &r->inst[k];
    const Institution *inst = &r->data->institutions[k];
    int level = ir->warnings[WARN_RED] ? WARN_RED : ir->warnings[WARN_YELLOW] ? WARN_YELLOW : WARN_NONE;
    char disp[32];
    total_display(ir->total_tenths, disp);
    buf_printf(b, "<tr class=\"%s\"><td class=\"n\">", level_class(level));
    if (ir->data_errors) buf_puts(b, "—");
    else buf_printf(b, "%d", ir->rank);
    buf_puts(b, "</td><td>");
    text(b, inst->name);
    buf_printf(b, "</td><td class=\"n\">%s</td><td>", disp);
    text(b, ir->data_errors ? "数据有误，未排名" : ir->grade ? ir->grade : "—");
    buf_printf(b, "</td><td class=\"n red\">%d</td><td class=\"n yellow\">%d</td><td class=\"n blue\">%d</td>"
                  "<td class=\"n\">",
               ir->warnings[WARN_RED], ir->warnings[WARN_YELLOW], ir->warnings[WARN_BLUE]);
    double rate;
    if (follow_up_rate(ir->follow_items, ir->follow_resolved, &rate)) {
        number(b, rate * 100, 1);
        buf_putc(b, '%');
    } else buf_puts(b, "—");
    buf_puts(b, "</td><td class=\"docs\">");
    doc_links(b, m, ix, inst->id);
    buf_puts(b, "</td></tr>\n");
}

static void institutions_table(Buf *b, const Results *r, const Manifest *m, const size_t *order)
{
    PathIndex ix = path_index(m);
    buf_puts(b, "<h2>各单位情况</h2>\n<p class=\"docs\">全部单位：");
    doc_links(b, m, &ix, NULL);
    buf_puts(b, "</p>\n<table>\n<thead><tr><th>排名</th><th>单位</th><th>总分</th><th>等级</th>"
                "<th class=\"red\">● 红</th><th class=\"yellow\">▲ 黄</th><th class=\"blue\">◆ 蓝</th>"
                "<th>上期整改率</th><th>文件</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < r->n; i++) {
        institution_row(b, r, m, &ix, order[i]);
        spill(b, false);
    }
    buf_puts(b, "</tbody>\n</table>\n");
    free(ix.paths);
    free(ix.pdfs);
}

static void item_row(Buf *b, const Institution *inst, int level, const char *kind, const char *id, const char *name,
                     unsigned flags, bool repeat)
{
    buf_printf(b, "<tr class=\"%s\"><td class=\"%s\">%s</td><td>", level_class(level), level_class(level),
               level_mark(level));
    text(b, inst->short_name);
    buf_puts(b, "</td><td>");
    text(b, kind);
    text(b, id);
    buf_puts(b, "：");
    text(b, name);
    buf_puts(b, "</td><td>");
    for (int f = 0, first = 1; f < FLAG_COUNT; f++)
        if (flags & (1u << f)) {
            if (!first) buf_puts(b, "、");
            text(b, flag_name(f));
            first = 0;
        }
    if (repeat) buf_puts(b, "（上期已督办，仍未整改）");
    buf_puts(b, "</td></tr>\n");
}

/* Every red item, then every yellow one, institution by institution. */
static void items_table(Buf *b, const Results *r)
{
    const Data *d = r->data;
    buf_puts(b, "<h2>红色和黄色预警事项</h2>\n<table>\n<thead><tr><th>预警</th><th>单位</th><th>事项</th>"
                "<th>原因</th></tr></thead>\n<tbody>\n");
    size_t rows = 0;
    for (int level = WARN_RED; level >= WARN_YELLOW; level--)
        for (size_t k = 0; k < r->n; k++) {
            const InstitutionResult *ir = &r->inst[k];
            for (size_t t = 0; t < ir->n_tasks; t++) {
                const TaskResult *tr = &ir->tasks[t];
                if (tr->warning != level) continue;
                const Task *task = &d->tasks[tr->task];
                item_row(b, &d->institutions[k], level, "任务", task->id, task->title, tr->flags, tr->repeat);
                rows++;
                spill(b, false);
            }
            for (size_t i = 0; i < ir->n_indicators; i++) {
                const IndicatorResult *xr = &ir->indicators[i];
                if (xr->warning != level) continue;
                const Indicator *ind = &d->indicators[xr->indicator];
                item_row(b, &d->institutions[k], level, "指标", ind->id, ind->name, xr->flags, xr->repeat);
                rows++;
                spill(b, false);
            }
        }
    if (!rows) buf_puts(b, "<tr><td colspan=\"4\">本期没有红色和黄色预警事项。</td></tr>\n");
    buf_puts(b, "</tbody>\n</table>\n");
}

int overview_write(const Results *r, const Manifest *m, OverviewSink sink, void *ctx)
{
    Out o = { { 0 }, sink, ctx, false };
    Buf *b = &o.buf;
    const Data *d = r->data;
    char period[16];
    period_format(d->period, period);
    buf_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    text(b, d->plan.short_title);
    buf_printf(b, " %s 一览表</title>\n<style>%s</style>\n</head>\n<body>\n", period, CSS);
    head(b, r);
    size_t *order = rank_order(r);
    chart(b, r, order);
    institutions_table(b, r, m, order);
    items_table(b, r);
    free(order);
    buf_printf(b, "<p class=\"sub\">预警：● 红——逾期未完成、未报送，或连续两个季度列为督办事项；▲ 黄——本季度其他督办事项；"
                  "◆ 蓝——%ld天内到期尚未完成。</p>\n</body>\n</html>\n",
               d->rules.warning_due_soon_days);
    spill(b, true);
    buf_free(b);
    return o.failed ? -1 : 0;
}
