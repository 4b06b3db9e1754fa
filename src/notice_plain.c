/* notice_plain.c - see notice_plain.h. */
#include "notice_plain.h"
#include "cnfmt.h"
#include "date.h"
#include "util.h"

#include <stdlib.h>

static void flags_text(Buf *b, unsigned flags)
{
    for (int f = 0; f < FLAG_COUNT; f++)
        if (flags & (1u << f)) buf_printf(b, "%s%s", b->len ? "、" : "", flag_name(f));
}

/* The facts behind a flagged task: expected vs reported progress, due date. */
static void task_facts(Buf *b, const Data *d, const TaskResult *tr)
{
    buf_puts(b, "截至");
    cn_date(b, d->as_of);
    buf_puts(b, "应达进度");
    fmt_number(b, tr->expected, 1);
    buf_puts(b, "%，");
    if (tr->has_reported) {
        buf_printf(b, "报告状态为“%s”，报告进度", status_name(tr->status));
        fmt_number(b, tr->reported, 1);
        buf_puts(b, "%");
    } else {
        buf_puts(b, "本季度未报送进展情况");
    }
    buf_puts(b, "；完成时限");
    cn_date(b, d->tasks[tr->task].due);
    buf_puts(b, "。");
}

static void indicator_facts(Buf *b, const Data *d, const IndicatorResult *xr)
{
    const Indicator *ind = &d->indicators[xr->indicator];
    const char *unit = ind->unit ? ind->unit : "";
    buf_printf(b, "目标%s", ind->lower_better ? "不高于" : "不低于");
    fmt_number(b, ind->target, 2);
    buf_puts(b, unit);
    if (xr->has_value) {
        char per[16];
        period_format(xr->value_period, per);
        buf_puts(b, "，最新报送值");
        fmt_number(b, xr->value, 2);
        buf_printf(b, "%s（%d年", unit, period_year(xr->value_period));
        cn_quarter(b, period_quarter(xr->value_period));
        buf_puts(b, "），完成率");
        fmt_number(b, xr->attainment * 100, 1);
        buf_puts(b, "%");
    } else {
        buf_puts(b, "，未报送数值");
    }
    buf_puts(b, "；考核时限");
    cn_date(b, ind->due);
    buf_puts(b, "。");
}

DocTree *notice_plain(const Results *r, size_t k, const char *seal_png)
{
    const Data *d = r->data;
    const InstitutionResult *ir = &r->inst[k];
    const Institution *inst = &d->institutions[k];
    if (!ir->notice_number) return NULL;
    DocTree *doc = doctree_new();
    Buf b = {0}, reply = {0}, notice_date = {0};
    cn_date(&reply, r->reply_by);
    cn_date(&notice_date, r->notice_date);

    buf_printf(&b, "关于%s%s重点任务推进滞后的督办通知", inst->short_name, d->plan.short_title);
    doctree_info(doc, buf_cstr(&b), d->issuer.name, ir->notice_number);
    doc_red_header(doc, d->issuer.header);
    doc_number(doc, ir->notice_number);
    doc_title(doc, buf_cstr(&b));
    doc_blank(doc);
    b.len = 0;
    buf_printf(&b, "%s：", inst->name);
    doc_paragraph(doc, buf_cstr(&b))->indent = 0;

    b.len = 0;
    buf_printf(&b, "根据《%s》", d->plan.title);
    if (d->plan.doc_no) buf_printf(&b, "（%s）", d->plan.doc_no);
    buf_printf(&b, "工作安排，%s对%d年", d->issuer.short_name, period_year(d->period));
    cn_quarter(&b, period_quarter(d->period));
    buf_puts(&b, "重点任务推进情况进行了调度。截至");
    cn_date(&b, d->as_of);
    buf_puts(&b, "，你单位以下事项推进滞后，现予督办。");
    doc_paragraph(doc, buf_cstr(&b));

    doc_heading(doc, 1, "一、督办事项");
    int item = 0;
    for (size_t t = 0; t < ir->n_tasks; t++) {
        const TaskResult *tr = &ir->tasks[t];
        if (!tr->flags) continue;
        b.len = 0;
        buf_puts(&b, "（");
        cn_num(&b, ++item);
        buf_printf(&b, "）%s", d->tasks[tr->task].title);
        doc_heading(doc, 2, buf_cstr(&b));
        Buf why = {0};
        flags_text(&why, tr->flags);
        b.len = 0;
        buf_printf(&b, "督办原因：%s。", buf_cstr(&why));
        task_facts(&b, d, tr);
        doc_paragraph(doc, buf_cstr(&b));
        buf_free(&why);
    }
    for (size_t i = 0; i < ir->n_indicators; i++) {
        const IndicatorResult *xr = &ir->indicators[i];
        if (!xr->flags) continue;
        const Indicator *ind = &d->indicators[xr->indicator];
        b.len = 0;
        buf_puts(&b, "（");
        cn_num(&b, ++item);
        buf_printf(&b, "）%s", ind->name);
        doc_heading(doc, 2, buf_cstr(&b));
        b.len = 0;
        buf_printf(&b, "督办原因：指标未达标（所属任务：%s）。", d->tasks[ind->task].title);
        indicator_facts(&b, d, xr);
        doc_paragraph(doc, buf_cstr(&b));
    }

    doc_heading(doc, 1, "二、整改要求");
    b.len = 0;
    buf_printf(&b, "请你单位高度重视，对照上述事项逐项分析原因，制定整改措施，明确责任人和完成时限，于%s前将整改落实情况"
                   "书面报送%s，一事一报（填写附件2）。逾期未报送或整改不到位的，将予以通报。",
               buf_cstr(&reply), d->issuer.short_name);
    doc_paragraph(doc, buf_cstr(&b));
    if (d->issuer.contact_person || d->issuer.contact_phone) {
        b.len = 0;
        buf_puts(&b, "（");
        if (d->issuer.contact_person) buf_printf(&b, "联系人：%s", d->issuer.contact_person);
        if (d->issuer.contact_person && d->issuer.contact_phone) buf_puts(&b, "，");
        if (d->issuer.contact_phone) buf_printf(&b, "电话：%s", d->issuer.contact_phone);
        buf_puts(&b, "）");
        doc_paragraph(doc, buf_cstr(&b));
    }

    doc_blank(doc)->keep_with_next = true;
    Block *a1 = doc_paragraph(doc, "附件：1．督办事项清单");
    a1->keep_with_next = true;
    a1->hang = 7;
    a1->align = ALIGN_LEFT;
    Block *a2 = doc_paragraph(doc, "2．办理情况反馈表");
    a2->indent = 5;
    a2->hang = 7;
    a2->align = ALIGN_LEFT;
    a2->keep_with_next = true;
    Block *sig = doc_signature(doc, d->issuer.name, buf_cstr(&notice_date));
    if (seal_png) sig->text3 = seal_png;   /* outlives the tree: the build owns it */

    /* 附件1: the table of items */
    doc_attachment(doc, "附件1", "督办事项清单");
    Block *tb = doc_table(doc, 5, 1);
    doc_table_column(tb, 0, WIDTH_AUTO, 0, ALIGN_CENTER);
    doc_table_column(tb, 1, WIDTH_RELATIVE, 2, ALIGN_LEFT);
    doc_table_column(tb, 2, WIDTH_RELATIVE, 1.4, ALIGN_LEFT);
    doc_table_column(tb, 3, WIDTH_RELATIVE, 3, ALIGN_LEFT);
    doc_table_column(tb, 4, WIDTH_AUTO, 0, ALIGN_CENTER);
    const char *head[] = { "序号", "督办事项", "督办原因", "具体情况", "整改时限" };
    doc_table_row(doc, tb, head, COLOR_BLACK);
    item = 0;
    for (size_t t = 0; t < ir->n_tasks; t++) {
        const TaskResult *tr = &ir->tasks[t];
        if (!tr->flags) continue;
        Buf no = {0}, what = {0}, why = {0}, facts = {0};
        buf_printf(&no, "%d", ++item);
        buf_printf(&what, "任务%s：%s", d->tasks[tr->task].no, d->tasks[tr->task].title);
        flags_text(&why, tr->flags);
        task_facts(&facts, d, tr);
        const char *row[] = { no.data, what.data, why.data, facts.data, buf_cstr(&reply) };
        doc_table_row(doc, tb, row, COLOR_BLACK);
        buf_free(&no); buf_free(&what); buf_free(&why); buf_free(&facts);
    }
    for (size_t i = 0; i < ir->n_indicators; i++) {
        const IndicatorResult *xr = &ir->indicators[i];
        if (!xr->flags) continue;
        Buf no = {0}, what = {0}, facts = {0};
        buf_printf(&no, "%d", ++item);
        buf_printf(&what, "指标：%s", d->indicators[xr->indicator].name);
        indicator_facts(&facts, d, xr);
        const char *row[] = { no.data, what.data, "指标未达标", facts.data, buf_cstr(&reply) };
        doc_table_row(doc, tb, row, COLOR_BLACK);
        buf_free(&no); buf_free(&what); buf_free(&facts);
    }

    /* 附件2: the blank feedback form */
    doc_attachment(doc, "附件2", "办理情况反馈表");
    Block *fb = doc_table(doc, 2, 0);
    fb->table->size = 14;
    doc_table_column(fb, 0, WIDTH_FIXED, 36, ALIGN_CENTER);
    doc_table_column(fb, 1, WIDTH_RELATIVE, 1, ALIGN_LEFT);
    const char *r1[] = { "填报单位", inst->name };
    const char *r2[] = { "督办文号", ir->notice_number };
    const char *r3[] = { "督办事项", NULL };
    const char *r4[] = { "原因分析", NULL };
    const char *r5[] = { "整改措施", NULL };
    const char *r6[] = { "完成情况", NULL };
    const char *r7[] = { "责任人", NULL };
    const char *r8[] = { "联系电话", NULL };
    const char *r9[] = { "填报日期", "　　　　年　　月　　日" };
    doc_table_row(doc, fb, r1, COLOR_BLACK);
    doc_table_row(doc, fb, r2, COLOR_BLACK);
    doc_table_row_lines(doc, fb, r3, COLOR_BLACK, 4);
    doc_table_row_lines(doc, fb, r4, COLOR_BLACK, 5);
    doc_table_row_lines(doc, fb, r5, COLOR_BLACK, 6);
    doc_table_row_lines(doc, fb, r6, COLOR_BLACK, 5);
    doc_table_row_lines(doc, fb, r7, COLOR_BLACK, 2);
    doc_table_row_lines(doc, fb, r8, COLOR_BLACK, 2);
    doc_table_row_lines(doc, fb, r9, COLOR_BLACK, 2);

    /* 版记 */
    Buf cc = {0};
    for (size_t i = 0; i < d->issuer.n_cc; i++) buf_printf(&cc, "%s%s", i ? "，" : "", d->issuer.cc[i]);
    if (cc.len) buf_puts(&cc, "。");
    doc_colophon(doc, cc.len ? buf_cstr(&cc) : NULL, d->issuer.print_office, buf_cstr(&notice_date));

    buf_free(&cc);
    buf_free(&b);
    buf_free(&reply);
    buf_free(&notice_date);
    return doc;
}
