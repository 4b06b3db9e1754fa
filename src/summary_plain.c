/* summary_plain.c - see summary_plain.h. */
#include "summary_plain.h"
#include "cnfmt.h"
#include "date.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const Results *sort_results;

/* by rank, ties in input order */
static int cmp_rank(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int rx = sort_results->inst[x].rank, ry = sort_results->inst[y].rank;
    if (rx != ry) return rx < ry ? -1 : 1;
    return x < y ? -1 : x > y;
}

static char *points(bool has, double v)
{
    if (!has) return xstrdup("—");
    Buf b = {0};
    fmt_number(&b, v, 2);
    buf_cstr(&b);
    return buf_take(&b);
}

DocTree *summary_plain(const Results *r)
{
    const Data *d = r->data;
    DocTree *doc = doctree_new();
    Buf b = {0};
    buf_printf(&b, "%s%d年", d->plan.short_title, period_year(d->period));
    cn_quarter(&b, period_quarter(d->period));
    buf_puts(&b, "考核评估汇总");
    doctree_info(doc, buf_cstr(&b), d->issuer.name, d->plan.title);
    doc_title(doc, buf_cstr(&b));
    doc_blank(doc);

    size_t *order = xmalloc((r->n + 1) * sizeof *order);
    for (size_t k = 0; k < r->n; k++) order[k] = k;
    sort_results = r;
    qsort(order, r->n, sizeof *order, cmp_rank);
    size_t flagged = 0;
    for (size_t k = 0; k < r->n; k++) flagged += r->inst[k].notice_number != NULL;

    b.len = 0;
    buf_puts(&b, "截至");
    cn_date(&b, d->as_of);
    buf_printf(&b, "，纳入考核评估的单位%zu家，平均得分", r->n);
    fmt_number(&b, r->average_total, 1);
    buf_puts(&b, "分，最高得分");
    fmt_number(&b, r->best_total, 1);
    buf_puts(&b, "分。");
    for (size_t g = 0; g < d->rules.n_grades; g++) {
        size_t count = 0;
        for (size_t k = 0; k < r->n; k++) count += r->inst[k].grade == d->rules.grades[g].label;
        buf_printf(&b, "%s“%s”%zu家", g ? "，" : "其中", d->rules.grades[g].label, count);
    }
    buf_printf(&b, "。有督办事项的单位%zu家，已分别印发督办通知。", flagged);
    doc_paragraph(doc, buf_cstr(&b));

    doc_heading(doc, 1, "一、综合排名");
    Block *t = doc_table(doc, 7, 1);
    doc_table_column(t, 0, WIDTH_AUTO, 0, ALIGN_CENTER);
    doc_table_column(t, 1, WIDTH_RELATIVE, 1, ALIGN_LEFT);
    for (size_t c = 2; c < 7; c++) doc_table_column(t, c, WIDTH_AUTO, 0, ALIGN_CENTER);
    const char *head[] = { "排名", "单位", "任务部分", "指标部分", "总分", "等级", "督办事项" };
    doc_table_row(doc, t, head, COLOR_BLACK);
    for (size_t i = 0; i < r->n; i++) {
        const InstitutionResult *ir = &r->inst[order[i]];
        char rank[16], total[32], items[16];
        snprintf(rank, sizeof rank, "%d", ir->rank);
        total_display(ir->total_tenths, total);
        snprintf(items, sizeof items, "%d", ir->n_flagged);
        char *tp = points(ir->has_task_part, ir->task_part), *ip = points(ir->has_indicator_part, ir->indicator_part);
        const char *row[] = { rank, d->institutions[order[i]].short_name, tp, ip, total, ir->grade ? ir->grade : "—",
                              items };
        doc_table_row(doc, t, row, COLOR_BLACK);
        free(tp);
        free(ip);
    }
    Block *ch = doc_chart(doc, 100, "分", NULL, NULL);
    for (size_t i = 0; i < r->n; i++) {
        const InstitutionResult *ir = &r->inst[order[i]];
        doc_chart_bar(doc, ch, d->institutions[order[i]].short_name, (double)ir->total_tenths / 10, NAN,
                      ir->n_flagged ? COLOR_RED : COLOR_BLACK);
    }

    doc_heading(doc, 1, "二、等级分布");
    Block *gt = doc_table(doc, 3, 1);
    doc_table_column(gt, 0, WIDTH_AUTO, 0, ALIGN_CENTER);
    doc_table_column(gt, 1, WIDTH_AUTO, 0, ALIGN_CENTER);
    doc_table_column(gt, 2, WIDTH_RELATIVE, 1, ALIGN_LEFT);
    const char *ghead[] = { "等级", "单位数", "单位" };
    doc_table_row(doc, gt, ghead, COLOR_BLACK);
    for (size_t g = 0; g < d->rules.n_grades; g++) {
        Buf names = {0};
        size_t count = 0;
        for (size_t i = 0; i < r->n; i++)
            if (r->inst[order[i]].grade == d->rules.grades[g].label) {
                buf_printf(&names, "%s%s", count ? "、" : "", d->institutions[order[i]].short_name);
                count++;
            }
        char cnt[16];
        snprintf(cnt, sizeof cnt, "%zu", count);
        const char *row[] = { d->rules.grades[g].label, cnt, count ? buf_cstr(&names) : "—" };
        doc_table_row(doc, gt, row, COLOR_BLACK);
        buf_free(&names);
    }

    doc_heading(doc, 1, "三、督办事项");
    if (flagged == 0) doc_paragraph(doc, "本期各单位均无督办事项。");
    int n_inst = 0;
    for (size_t k = 0; k < r->n; k++) {
        const InstitutionResult *ir = &r->inst[k];
        if (!ir->notice_number) continue;
        b.len = 0;
        buf_puts(&b, "（");
        cn_num(&b, ++n_inst);
        buf_printf(&b, "）%s（%s）", d->institutions[k].name, ir->notice_number);
        doc_heading(doc, 2, buf_cstr(&b));
        int item = 0;
        for (size_t i = 0; i < ir->n_tasks; i++) {
            const TaskResult *tr = &ir->tasks[i];
            if (!tr->flags) continue;
            b.len = 0;
            buf_printf(&b, "%d．任务%s%s：", ++item, d->tasks[tr->task].no, d->tasks[tr->task].title);
            bool first = true;
            for (int f = 0; f < FLAG_COUNT; f++)
                if (tr->flags & (1u << f)) { buf_printf(&b, "%s%s", first ? "" : "、", flag_name(f)); first = false; }
            buf_puts(&b, "。");
            doc_paragraph(doc, buf_cstr(&b));
        }
        for (size_t i = 0; i < ir->n_indicators; i++) {
            const IndicatorResult *xr = &ir->indicators[i];
            if (!xr->flags) continue;
            b.len = 0;
            buf_printf(&b, "%d．指标%s：指标未达标。", ++item, d->indicators[xr->indicator].name);
            doc_paragraph(doc, buf_cstr(&b));
        }
    }

    doc_blank(doc);
    doc_paragraph(doc, d->issuer.name)->align = ALIGN_RIGHT;
    b.len = 0;
    cn_date(&b, r->notice_date);
    doc_paragraph(doc, buf_cstr(&b))->align = ALIGN_RIGHT;
    free(order);
    buf_free(&b);
    return doc;
}
