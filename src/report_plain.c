/* report_plain.c - see report_plain.h. */
#include "report_plain.h"
#include "doctree.h"
#include "cnfmt.h"
#include "date.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

DocTree *report_plain_progress(const Results *r, size_t k)
{
    const Data *d = r->data;
    const Institution *inst = &d->institutions[k];
    const InstitutionResult *ir = &r->inst[k];
    DocTree *doc = doctree_new();
    Buf b = {0};

    buf_printf(&b, "关于%s%d年", inst->name, period_year(d->period));
    cn_quarter(&b, period_quarter(d->period));
    buf_printf(&b, "%s工作进展情况的报告", d->plan.short_title);
    doctree_info(doc, buf_cstr(&b), inst->name, d->plan.title);
    doc_title(doc, buf_cstr(&b));
    doc_blank(doc);

    b.len = 0;
    buf_printf(&b, "%s：", d->issuer.name);
    doc_paragraph(doc, buf_cstr(&b))->indent = 0;
    b.len = 0;
    buf_printf(&b, "现将我单位%d年", period_year(d->period));
    cn_quarter(&b, period_quarter(d->period));
    buf_printf(&b, "（截至");
    cn_date(&b, d->as_of);
    buf_printf(&b, "）《%s》重点任务推进情况报告如下。", d->plan.title);
    doc_paragraph(doc, buf_cstr(&b));

    doc_heading(doc, 1, "一、总体情况");
    b.len = 0;
    buf_printf(&b, "本季度承担重点任务%zu项，其中已完成%d项、序时推进%d项、滞后%d项、未启动%d项、未报送%d项，"
                   "任务加权平均进度",
               ir->n_tasks, ir->status_counts[STATUS_DONE + 1], ir->status_counts[STATUS_ON_TRACK + 1],
               ir->status_counts[STATUS_BEHIND + 1], ir->status_counts[STATUS_NOT_STARTED + 1],
               ir->status_counts[0]);
    fmt_number(&b, ir->mean_reported, 1);
    char total[32];
    total_display(ir->total_tenths, total);
    buf_printf(&b, "%%。考核得分%s分，等级%s，在%zu家单位中排名第%d。", total, ir->grade ? ir->grade : "—", r->n,
               ir->rank);
    doc_paragraph(doc, buf_cstr(&b));

    Block *tt = doc_table(doc, 6, 1);
    doc_table_column(tt, 0, WIDTH_AUTO, 0, ALIGN_CENTER);
    doc_table_column(tt, 1, WIDTH_RELATIVE, 2, ALIGN_JUSTIFY);
    doc_table_column(tt, 2, WIDTH_AUTO, 0, ALIGN_CENTER);
    doc_table_column(tt, 3, WIDTH_AUTO, 0, ALIGN_CENTER);
    doc_table_column(tt, 4, WIDTH_AUTO, 0, ALIGN_CENTER);
    doc_table_column(tt, 5, WIDTH_AUTO, 0, ALIGN_LEFT);
    const char *task_head[] = { "序号", "重点任务", "状态", "报告进度", "应达进度", "督办事项" };
    doc_table_row(doc, tt, task_head, COLOR_BLACK);
    for (size_t t = 0; t < ir->n_tasks; t++) {
        const TaskResult *tr = &ir->tasks[t];
        Buf rep = {0}, exp = {0}, flags = {0};
        if (tr->has_reported) { fmt_number(&rep, tr->reported, 1); buf_puts(&rep, "%"); }
        else buf_puts(&rep, "—");
        fmt_number(&exp, tr->expected, 1);
        buf_puts(&exp, "%");
        for (int f = 0; f < FLAG_COUNT; f++)
            if (tr->flags & (1u << f)) buf_printf(&flags, "%s%s", flags.len ? "、" : "", flag_name(f));
        const char *row[] = { d->tasks[tr->task].no, d->tasks[tr->task].title, status_label(tr->status),
                              buf_cstr(&rep), buf_cstr(&exp), flags.len ? buf_cstr(&flags) : "—" };
        doc_table_row(doc, tt, row, tr->flags ? COLOR_RED : COLOR_BLACK);
        buf_free(&rep);
        buf_free(&exp);
        buf_free(&flags);
    }

    Block *ch = doc_chart(doc, 100, "%", "报告进度", "应达进度");
    for (size_t t = 0; t < ir->n_tasks; t++) {
        const TaskResult *tr = &ir->tasks[t];
        b.len = 0;
        buf_printf(&b, "%s %s", d->tasks[tr->task].no, d->tasks[tr->task].title);
        doc_chart_bar(doc, ch, buf_cstr(&b), tr->has_reported ? tr->reported : 0, tr->expected,
                      tr->flags ? COLOR_RED : COLOR_BLACK);
    }

    doc_heading(doc, 1, "二、重点任务进展");
    for (size_t t = 0; t < ir->n_tasks; t++) {
        const TaskResult *tr = &ir->tasks[t];
        const Task *task = &d->tasks[tr->task];
        const Progress *p = tr->entry >= 0 ? &d->progress[tr->entry] : NULL;
        b.len = 0;
        buf_puts(&b, "（");
        cn_num(&b, (long long)t + 1);
        buf_printf(&b, "）%s", task->title);
        doc_heading(doc, 2, buf_cstr(&b));
        b.len = 0;
        buf_printf(&b, "任务序号%s，完成时限", task->no);
        cn_date(&b, task->due);
        buf_printf(&b, "。状态：%s；", status_label(tr->status));
        if (tr->has_reported) {
            buf_puts(&b, "报告进度");
            fmt_number(&b, tr->reported, 1);
            buf_puts(&b, "%，");
        }
        buf_puts(&b, "应达进度");
        fmt_number(&b, tr->expected, 1);
        buf_puts(&b, "%。");
        if (tr->flags) {
            buf_puts(&b, "督办事项：");
            bool first = true;
            for (int f = 0; f < FLAG_COUNT; f++)
                if (tr->flags & (1u << f)) {
                    buf_printf(&b, "%s%s", first ? "" : "、", flag_name(f));
                    first = false;
                }
            buf_puts(&b, "。");
        }
        doc_paragraph(doc, buf_cstr(&b))->color = tr->flags ? COLOR_RED : COLOR_BLACK;
        const char *labels[] = { "工作进展", "存在问题", "下步计划" };
        const char *texts[] = { p ? p->summary : NULL, p ? p->problems : NULL, p ? p->next_steps : NULL };
        for (int i = 0; i < 3; i++) {
            b.len = 0;
            buf_printf(&b, "%s：%s", labels[i], texts[i] && *texts[i] ? texts[i] : "—");
            doc_paragraph(doc, buf_cstr(&b));
        }
    }

    doc_heading(doc, 1, "三、指标完成情况");
    if (ir->n_indicators == 0)
        doc_paragraph(doc, "本单位无考核指标。");
    if (ir->n_indicators > 0) {
        Block *it = doc_table(doc, 6, 1);
        doc_table_column(it, 0, WIDTH_RELATIVE, 1, ALIGN_JUSTIFY);
        for (size_t c = 1; c < 6; c++) doc_table_column(it, c, WIDTH_AUTO, 0, ALIGN_CENTER);
        const char *ind_head[] = { "指标", "目标", "上季度", "本季度", "完成率", "是否达标" };
        doc_table_row(doc, it, ind_head, COLOR_BLACK);
        for (size_t i = 0; i < ir->n_indicators; i++) {
            const IndicatorResult *xr = &ir->indicators[i];
            const Indicator *ind = &d->indicators[xr->indicator];
            const char *unit = ind->unit ? ind->unit : "";
            Buf target = {0}, prev = {0}, cur = {0}, att = {0};
            buf_puts(&target, ind->lower_better ? "≤" : "≥");
            fmt_number(&target, ind->target, 2);
            buf_puts(&target, unit);
            if (xr->has_previous) { fmt_number(&prev, xr->previous, 2); buf_puts(&prev, unit); }
            else buf_puts(&prev, "—");
            if (xr->has_current) { fmt_number(&cur, xr->current, 2); buf_puts(&cur, unit); }
            else if (xr->has_value) { fmt_number(&cur, xr->value, 2); buf_printf(&cur, "%s（此前报送）", unit); }
            else buf_puts(&cur, "未报送");
            fmt_number(&att, xr->attainment * 100, 1);
            buf_puts(&att, "%");
            const char *met = xr->flags ? "未达标" : xr->due ? "达标" : "未到期";
            const char *row[] = { ind->name, buf_cstr(&target), buf_cstr(&prev), buf_cstr(&cur), buf_cstr(&att), met };
            doc_table_row(doc, it, row, xr->flags ? COLOR_RED : COLOR_BLACK);
            buf_free(&target);
            buf_free(&prev);
            buf_free(&cur);
            buf_free(&att);
        }
    }

    /* trends where earlier quarters exist: attainment by quarter */
    int first_period = d->period;
    for (size_t i = 0; i < ir->n_indicators; i++)
        if (ir->indicators[i].n_history && ir->indicators[i].history_periods[0] < first_period)
            first_period = ir->indicators[i].history_periods[0];
    if (first_period < d->period) {
        size_t nq = (size_t)(d->period - first_period + 1);
        char **cats = xcalloc(nq, sizeof *cats);
        for (size_t q = 0; q < nq; q++) {
            int per = first_period + (int)q;
            cats[q] = xasprintf("%d年Q%d", period_year(per), period_quarter(per));
        }
        doc_paragraph(doc, "指标完成率变化趋势：")->indent = 2;
        Block *lc = doc_line_chart(doc, (const char *const *)cats, nq, 100, "%");
        double *vals = xmalloc(nq * sizeof *vals);
        for (size_t i = 0; i < ir->n_indicators; i++) {
            const IndicatorResult *xr = &ir->indicators[i];
            const Indicator *ind = &d->indicators[xr->indicator];
            for (size_t q = 0; q < nq; q++) vals[q] = NAN;
            for (size_t h = 0; h < xr->n_history; h++)
                vals[xr->history_periods[h] - first_period] = xr->history_attainment[h] * 100;
            doc_line_series(doc, lc, ind->name, vals);
        }
        free(vals);
        for (size_t q = 0; q < nq; q++) free(cats[q]);
        free(cats);
    }

    doc_paragraph(doc, "特此报告。");
    doc_blank(doc);
    doc_paragraph(doc, inst->name)->align = ALIGN_CENTER;
    b.len = 0;
    cn_date(&b, d->as_of);
    doc_paragraph(doc, buf_cstr(&b))->align = ALIGN_CENTER;
    buf_free(&b);
    return doc;
}
