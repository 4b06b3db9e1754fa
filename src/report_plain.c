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

static const char *status_or_missing(Status s) { return s == STATUS_NONE ? "未报送" : status_name(s); }

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
    buf_printf(&b, "%%。考核得分%ld.%ld分，等级%s，在%zu家单位中排名第%d。", ir->total_tenths / 10,
               labs(ir->total_tenths % 10), ir->grade ? ir->grade : "—", r->n, ir->rank);
    doc_paragraph(doc, buf_cstr(&b));

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
        buf_printf(&b, "。状态：%s；", status_or_missing(tr->status));
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
    for (size_t i = 0; i < ir->n_indicators; i++) {
        const IndicatorResult *xr = &ir->indicators[i];
        const Indicator *ind = &d->indicators[xr->indicator];
        const char *unit = ind->unit ? ind->unit : "";
        b.len = 0;
        buf_printf(&b, "%zu．%s：目标%s", i + 1, ind->name, ind->lower_better ? "不高于" : "不低于");
        fmt_number(&b, ind->target, 2);
        buf_puts(&b, unit);
        buf_puts(&b, "，");
        if (xr->has_previous) {
            buf_puts(&b, "上季度");
            fmt_number(&b, xr->previous, 2);
            buf_printf(&b, "%s，", unit);
        }
        if (xr->has_value) {
            buf_puts(&b, xr->value_period == d->period ? "本季度" : "最近一次报送");
            fmt_number(&b, xr->value, 2);
            buf_printf(&b, "%s，完成率", unit);
            fmt_number(&b, xr->attainment * 100, 1);
            buf_puts(&b, "%");
        } else {
            buf_puts(&b, "未报送数值");
        }
        buf_printf(&b, "，%s。", xr->flags ? "未达标" : (xr->due ? "已达标" : "未到考核时限"));
        doc_paragraph(doc, buf_cstr(&b))->color = xr->flags ? COLOR_RED : COLOR_BLACK;
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
