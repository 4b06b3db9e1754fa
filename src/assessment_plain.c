/* assessment_plain.c - see assessment_plain.h. */
#include "assessment_plain.h"
#include "cnfmt.h"
#include "date.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>

static char *num(double x, int decimals)
{
    Buf b = {0};
    fmt_number(&b, x, decimals);
    buf_cstr(&b);
    return buf_take(&b);
}


DocTree *assessment_plain(const Results *r, size_t k)
{
    const Data *d = r->data;
    const Institution *inst = &d->institutions[k];
    const InstitutionResult *ir = &r->inst[k];
    DocTree *doc = doctree_new();
    Buf b = {0};

    buf_printf(&b, "%s%d年", inst->name, period_year(d->period));
    cn_quarter(&b, period_quarter(d->period));
    buf_printf(&b, "%s考核评估结果", d->plan.short_title);
    doctree_info(doc, buf_cstr(&b), d->issuer.name, d->plan.title);
    doc_title(doc, buf_cstr(&b));
    doc_blank(doc);

    b.len = 0;
    buf_printf(&b, "依据《%s》", d->plan.title);
    buf_puts(&b, "和考核评估规则，截至");
    cn_date(&b, d->as_of);
    buf_puts(&b, "，你单位考核得分");
    char total[32];
    total_display(ir->total_tenths, total);
    buf_puts(&b, total);
    buf_puts(&b, "分（");
    if (ir->has_task_part) {
        buf_puts(&b, "任务部分");
        fmt_number(&b, ir->task_part, 2);
        buf_puts(&b, "分");
    }
    if (ir->has_task_part && ir->has_indicator_part) buf_puts(&b, "，");
    if (ir->has_indicator_part) {
        buf_puts(&b, "指标部分");
        fmt_number(&b, ir->indicator_part, 2);
        buf_puts(&b, "分");
    }
    if (!ir->has_task_part && !ir->has_indicator_part) buf_puts(&b, "无计分项目");
    buf_printf(&b, "），等级为“%s”，在%zu家单位中排名第%d。", ir->grade ? ir->grade : "—", r->n, ir->rank);
    doc_paragraph(doc, buf_cstr(&b));

    /* tasks */
    double task_max = 0;
    for (size_t t = 0; t < ir->n_tasks; t++) task_max += ir->tasks[t].max_points;
    b.len = 0;
    buf_puts(&b, "一、重点任务完成情况（满分");
    fmt_number(&b, task_max, 2);
    buf_puts(&b, "分）");
    doc_heading(doc, 1, buf_cstr(&b));
    if (ir->n_tasks == 0) {
        doc_paragraph(doc, "本单位本期无承担的重点任务。");
    } else {
        Block *tt = doc_table(doc, 7, 1);
        doc_table_column(tt, 0, WIDTH_AUTO, 0, ALIGN_CENTER);
        doc_table_column(tt, 1, WIDTH_RELATIVE, 1, ALIGN_LEFT);
        for (size_t c = 2; c < 7; c++) doc_table_column(tt, c, WIDTH_AUTO, 0, ALIGN_CENTER);
        const char *head[] = { "序号", "重点任务", "权重", "状态", "完成系数", "满分", "得分" };
        doc_table_row(doc, tt, head, COLOR_BLACK);
        for (size_t t = 0; t < ir->n_tasks; t++) {
            const TaskResult *tr = &ir->tasks[t];
            char *w = num(d->tasks[tr->task].weight, 2), *f = num(tr->factor, 3), *mx = num(tr->max_points, 2),
                 *pt = num(tr->points, 2);
            const char *row[] = { d->tasks[tr->task].no, d->tasks[tr->task].title, w, status_label(tr->status), f,
                                  mx, pt };
            doc_table_row(doc, tt, row, tr->points + 1e-9 < tr->max_points ? COLOR_RED : COLOR_BLACK);
            free(w); free(f); free(mx); free(pt);
        }
    }

    /* indicators */
    double ind_max = 0;
    for (size_t i = 0; i < ir->n_indicators; i++) ind_max += ir->indicators[i].max_points;
    b.len = 0;
    buf_puts(&b, "二、考核指标完成情况（满分");
    fmt_number(&b, ind_max, 2);
    buf_puts(&b, "分）");
    doc_heading(doc, 1, buf_cstr(&b));
    if (ir->n_indicators == 0) {
        doc_paragraph(doc, "本单位本期无考核指标，重点任务部分按百分制计分。");
    } else {
        Block *it = doc_table(doc, 7, 1);
        doc_table_column(it, 0, WIDTH_RELATIVE, 1, ALIGN_LEFT);
        for (size_t c = 1; c < 7; c++) doc_table_column(it, c, WIDTH_AUTO, 0, ALIGN_CENTER);
        const char *head[] = { "指标", "权重", "目标", "最新值", "完成率", "满分", "得分" };
        doc_table_row(doc, it, head, COLOR_BLACK);
        for (size_t i = 0; i < ir->n_indicators; i++) {
            const IndicatorResult *xr = &ir->indicators[i];
            const Indicator *ind = &d->indicators[xr->indicator];
            const char *unit = ind->unit ? ind->unit : "";
            Buf target = {0}, value = {0};
            buf_puts(&target, ind->lower_better ? "≤" : "≥");
            fmt_number(&target, ind->target, 2);
            buf_puts(&target, unit);
            if (xr->has_value) { fmt_number(&value, xr->value, 2); buf_puts(&value, unit); }
            else buf_puts(&value, "未报送");
            char *w = num(ind->weight, 2), *att = num(xr->attainment * 100, 1), *mx = num(xr->max_points, 2),
                 *pt = num(xr->points, 2);
            char *attp = xasprintf("%s%%", att);
            const char *row[] = { ind->name, w, buf_cstr(&target), buf_cstr(&value), attp, mx, pt };
            doc_table_row(doc, it, row, xr->points + 1e-9 < xr->max_points ? COLOR_RED : COLOR_BLACK);
            free(w); free(att); free(attp); free(mx); free(pt);
            buf_free(&target);
            buf_free(&value);
        }
    }

    /* deductions */
    doc_heading(doc, 1, "三、扣分说明");
    int n_ded = 0;
    for (size_t t = 0; t < ir->n_tasks; t++) {
        const TaskResult *tr = &ir->tasks[t];
        double lost = tr->max_points - tr->points;
        if (lost < 0.005) continue;
        b.len = 0;
        buf_printf(&b, "%d．任务%s“%s”：", ++n_ded, d->tasks[tr->task].no, d->tasks[tr->task].title);
        if (tr->status == STATUS_NONE) buf_puts(&b, "本季度未报送，完成系数为0");
        else {
            buf_puts(&b, "报告进度");
            fmt_number(&b, tr->reported, 1);
            buf_puts(&b, "%，应达进度");
            fmt_number(&b, tr->expected, 1);
            buf_puts(&b, "%");
            if (tr->flags & FLAG_OVERDUE) {
                buf_puts(&b, "，已逾期未完成，完成系数按");
                fmt_number(&b, (1 - d->rules.overdue_penalty) * 100, 0);
                buf_puts(&b, "%计");
            }
        }
        buf_puts(&b, "，扣");
        fmt_number(&b, lost, 2);
        buf_puts(&b, "分。");
        Block *p = doc_paragraph(doc, buf_cstr(&b));
        p->indent = 2;
    }
    for (size_t i = 0; i < ir->n_indicators; i++) {
        const IndicatorResult *xr = &ir->indicators[i];
        double lost = xr->max_points - xr->points;
        if (lost < 0.005) continue;
        const Indicator *ind = &d->indicators[xr->indicator];
        b.len = 0;
        buf_printf(&b, "%d．指标“%s”：", ++n_ded, ind->name);
        if (!xr->has_value) buf_puts(&b, "未报送数值，完成率为0");
        else {
            buf_puts(&b, "完成率");
            fmt_number(&b, xr->attainment * 100, 1);
            buf_puts(&b, "%");
        }
        buf_puts(&b, "，扣");
        fmt_number(&b, lost, 2);
        buf_puts(&b, "分。");
        doc_paragraph(doc, buf_cstr(&b));
    }
    if (n_ded == 0) doc_paragraph(doc, "无扣分事项。");

    /* against the average and the best */
    doc_heading(doc, 1, "四、与全部单位比较");
    b.len = 0;
    buf_puts(&b, "全部");
    buf_printf(&b, "%zu家单位平均得分", r->n);
    fmt_number(&b, r->average_total, 1);
    buf_puts(&b, "分，最高得分");
    fmt_number(&b, r->best_total, 1);
    buf_puts(&b, "分。");
    doc_paragraph(doc, buf_cstr(&b));
    Block *ch = doc_chart(doc, 100, "分", NULL, NULL);
    doc_chart_bar(doc, ch, inst->short_name, (double)ir->total_tenths / 10, NAN, COLOR_BLACK);
    doc_chart_bar(doc, ch, "平均", r->average_total, NAN, COLOR_BLACK);
    doc_chart_bar(doc, ch, "最高", r->best_total, NAN, COLOR_BLACK);

    doc_blank(doc);
    doc_paragraph(doc, d->issuer.name)->align = ALIGN_RIGHT;
    b.len = 0;
    cn_date(&b, r->notice_date);
    doc_paragraph(doc, buf_cstr(&b))->align = ALIGN_RIGHT;
    buf_free(&b);
    return doc;
}
