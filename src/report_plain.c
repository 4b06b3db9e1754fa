/* report_plain.c - see report_plain.h. */
#include "report_plain.h"
#include "cnfmt.h"
#include "date.h"
#include "diag.h"
#include "linebreak.h"
#include "utf8.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* typesetting.md: A4, text block 156 x 225 mm at 37 mm from the top and
 * 28 mm from the left; 28 characters x 22 lines of 3号 (16 pt). */
#define PAGE_W MM(210)
#define PAGE_H MM(297)
#define BLOCK_LEFT MM(28)
#define BLOCK_TOP (PAGE_H - MM(37))
#define BLOCK_W MM(156)
#define BLOCK_H MM(225)
#define BODY_SIZE 16.0
#define LINE_PITCH (BLOCK_H / 22)
#define CHAR_PITCH (BLOCK_W / 28)

typedef struct {
    PdfDoc *doc;
    const FontSet *fs;
    const char *label;   /* for warnings: "rmyy 工作进展情况报告" */
    int line;            /* next grid line on the current page, 0..21 */
    int page;
} Flow;

typedef struct {
    const FontSet *fs;
    FontRole role;
    double size;
} Measure;

static double advance_of(void *ctx, uint32_t cp)
{
    Measure *m = ctx;
    long f = fontset_pick(m->fs, m->role, cp);
    if (f < 0) return m->size;
    /* CJK glyphs sit on the character pitch of the grid */
    double w = fontset_advance(m->fs, (size_t)f, cp) * m->size;
    return w >= m->size * 0.99 ? m->size * CHAR_PITCH / BODY_SIZE : w;
}

static void draw_line(Flow *fl, FontRole role, double size, double x, double y, const char *s, size_t len,
                      double stretch, Cmyk color);

/* 4号 (14 pt) — N —, its top 7 mm below the text block; odd pages
 * right-aligned one character in from the block's right edge, even pages
 * left-aligned one character in. */
static void page_number(Flow *fl)
{
    char s[64];
    snprintf(s, sizeof s, "— %d —", fl->page);
    Measure m = { fl->fs, ROLE_ST, 14 };
    double w = 0;
    const unsigned char *p = (const unsigned char *)s;
    size_t left = strlen(s);
    while (left) {   /* measured as draw_line sets it */
        uint32_t cp;
        int l = utf8_decode(p, left, &cp);
        w += advance_of(&m, cp);
        p += l;
        left -= (size_t)l;
    }
    double y = BLOCK_TOP - BLOCK_H - MM(7) - 14 * 0.88;
    double x = fl->page % 2 ? BLOCK_LEFT + BLOCK_W - 14 - w : BLOCK_LEFT + 14;
    draw_line(fl, ROLE_ST, 14, x, y, s, strlen(s), 0, CMYK_BLACK);
}

static void new_page(Flow *fl)
{
    if (fl->page > 0) page_number(fl);
    pdfdoc_page(fl->doc, PAGE_W, PAGE_H);
    fl->page++;
    fl->line = 0;
}

/* Draw one line from x. `stretch` is the justification space added at
 * every gap that is not inside a Latin/number run. Runs split where the
 * font file, the glyph advance or the Latin class changes; full-width
 * characters sit on the grid's pitch, the difference folded into the run's
 * character spacing. */
static void draw_line(Flow *fl, FontRole role, double size, double x, double y, const char *s, size_t len,
                      double stretch, Cmyk color)
{
    Measure m = { fl->fs, role, size };
    size_t i = 0;
    while (i < len) {
        size_t run = i;
        long font = -1;
        bool latin = false;
        double font_adv = 0, run_x = x;
        uint32_t cp = 0;
        while (i < len) {
            int l = utf8_decode((const unsigned char *)s + i, len - i, &cp);
            if (!l) { l = 1; cp = 0xFFFD; }
            long f = fontset_pick(fl->fs, role, cp);
            double fa = f >= 0 ? fontset_advance(fl->fs, (size_t)f, cp) * size : size;
            bool lat = lb_latin(cp);
            if (i > run && (f != font || fabs(fa - font_adv) > 1e-9 || lat != latin)) break;
            if (f < 0)
                diag_warning(file_pos(fl->label), "no font has U+%04X '%.*s' (page %d)", cp, l, s + i, fl->page);
            font = f;
            font_adv = fa;
            latin = lat;
            i += (size_t)l;
        }
        /* characters of this run: all share font, advance and class */
        size_t n = 0;
        for (size_t k = run; k < i; k++)
            if (((unsigned char)s[k] & 0xC0) != 0x80) n++;
        uint32_t cp0;
        utf8_decode((const unsigned char *)s + run, len - run, &cp0);
        double adv = advance_of(&m, cp0);
        double inner = latin ? 0 : stretch;          /* spacing between this run's characters */
        double cs = inner + adv - font_adv;
        if (font >= 0) pdfdoc_text(fl->doc, (size_t)font, size, run_x, y, s + run, i - run, cs, color);
        x = run_x + (double)n * adv + (double)(n - 1) * inner;
        if (i < len) x += stretch;                   /* the gap after the run */
    }
}

/* A paragraph on the grid: first line indented `indent` characters,
 * justified but for its last line; centred when `center`. */
static void paragraph_keep(Flow *fl, const char *text, FontRole role, double size, int indent, bool center,
                           Cmyk color, int keep_after)
{
    Measure m = { fl->fs, role, size };
    double pitch = size * CHAR_PITCH / BODY_SIZE;
    Line *lines;
    size_t n = linebreak(text, strlen(text), BLOCK_W - indent * pitch, BLOCK_W, advance_of, &m, &lines);
    int room = 22 - fl->line;
    /* a heading keeps `keep_after` lines of what follows on its page */
    if (keep_after && fl->line > 0 && room < (int)n + keep_after) new_page(fl);
    /* no single line of a paragraph of more than three alone at a page's foot */
    if (n > 3 && fl->line > 0 && 22 - fl->line == 1) new_page(fl);
    for (size_t i = 0; i < n; i++) {
        /* ... nor alone at the next page's head: carry one more line over */
        if (n > 3 && i + 2 == n && fl->line == 21 && i > 0) new_page(fl);
        if (fl->line >= 22) new_page(fl);
        /* the baseline sits at the grid line's bottom less the descent */
        double y = BLOCK_TOP - (fl->line + 1) * LINE_PITCH + (LINE_PITCH - size) / 2 + size * 0.12;
        double x = BLOCK_LEFT + (i == 0 ? indent * pitch : 0);
        double measure = BLOCK_W - (i == 0 ? indent * pitch : 0);
        double cs = 0;
        if (center) x = BLOCK_LEFT + (BLOCK_W - lines[i].width) / 2;
        else if (!lines[i].last) {
            int gaps = lb_stretch_gaps(text + lines[i].start, lines[i].end - lines[i].start);
            if (gaps > 0) cs = (measure - lines[i].width) / gaps;
        }
        draw_line(fl, role, size, x, y, text + lines[i].start, lines[i].end - lines[i].start, cs, color);
        fl->line++;
    }
    free(lines);
}

static void paragraph(Flow *fl, const char *text, FontRole role, double size, int indent, bool center, Cmyk color)
{
    paragraph_keep(fl, text, role, size, indent, center, color, 0);
}

static void heading(Flow *fl, const char *text, FontRole role)
{
    paragraph_keep(fl, text, role, BODY_SIZE, 2, false, CMYK_BLACK, 2);
}

static void blank_line(Flow *fl)
{
    if (fl->line > 0 && fl->line < 22) fl->line++;
}

static const char *status_or_missing(Status s) { return s == STATUS_NONE ? "未报送" : status_name(s); }

PdfDoc *report_plain_progress(const Results *r, size_t k, const FontSet *fs, const char *label)
{
    const Data *d = r->data;
    const Institution *inst = &d->institutions[k];
    const InstitutionResult *ir = &r->inst[k];
    Flow fl = { pdfdoc_new(fs), fs, label, 0, 0 };
    Buf b = {0};

    buf_printf(&b, "关于%s%d年", inst->name, period_year(d->period));
    cn_quarter(&b, period_quarter(d->period));
    buf_printf(&b, "%s工作进展情况的报告", d->plan.short_title);
    pdfdoc_set_info(fl.doc, buf_cstr(&b), inst->name, d->plan.title);
    new_page(&fl);
    paragraph(&fl, buf_cstr(&b), ROLE_XBS, 22, 0, true, CMYK_BLACK);
    blank_line(&fl);

    b.len = 0;
    buf_printf(&b, "%s：", d->issuer.name);
    paragraph(&fl, buf_cstr(&b), ROLE_FS, BODY_SIZE, 0, false, CMYK_BLACK);
    b.len = 0;
    buf_printf(&b, "现将我单位%d年", period_year(d->period));
    cn_quarter(&b, period_quarter(d->period));
    buf_printf(&b, "（截至");
    cn_date(&b, d->as_of);
    buf_printf(&b, "）《%s》重点任务推进情况报告如下。", d->plan.title);
    paragraph(&fl, buf_cstr(&b), ROLE_FS, BODY_SIZE, 2, false, CMYK_BLACK);

    heading(&fl, "一、总体情况", ROLE_HT);
    b.len = 0;
    buf_printf(&b, "本季度承担重点任务%zu项，其中已完成%d项、序时推进%d项、滞后%d项、未启动%d项、未报送%d项，"
                   "任务加权平均进度",
               ir->n_tasks, ir->status_counts[STATUS_DONE + 1], ir->status_counts[STATUS_ON_TRACK + 1],
               ir->status_counts[STATUS_BEHIND + 1], ir->status_counts[STATUS_NOT_STARTED + 1],
               ir->status_counts[0]);
    fmt_number(&b, ir->mean_reported, 1);
    buf_printf(&b, "%%。考核得分%ld.%ld分，等级%s，在%zu家单位中排名第%d。", ir->total_tenths / 10,
               labs(ir->total_tenths % 10), ir->grade ? ir->grade : "—", r->n, ir->rank);
    paragraph(&fl, buf_cstr(&b), ROLE_FS, BODY_SIZE, 2, false, CMYK_BLACK);

    heading(&fl, "二、重点任务进展", ROLE_HT);
    for (size_t t = 0; t < ir->n_tasks; t++) {
        const TaskResult *tr = &ir->tasks[t];
        const Task *task = &d->tasks[tr->task];
        const Progress *p = tr->entry >= 0 ? &d->progress[tr->entry] : NULL;
        b.len = 0;
        buf_puts(&b, "（");
        cn_num(&b, (long long)t + 1);
        buf_printf(&b, "）%s", task->title);
        heading(&fl, buf_cstr(&b), ROLE_KT);
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
        paragraph(&fl, buf_cstr(&b), ROLE_FS, BODY_SIZE, 2, false, tr->flags ? CMYK_RED : CMYK_BLACK);
        const char *labels[] = { "工作进展", "存在问题", "下步计划" };
        const char *texts[] = { p ? p->summary : NULL, p ? p->problems : NULL, p ? p->next_steps : NULL };
        for (int i = 0; i < 3; i++) {
            b.len = 0;
            buf_printf(&b, "%s：%s", labels[i], texts[i] && *texts[i] ? texts[i] : "—");
            paragraph(&fl, buf_cstr(&b), ROLE_FS, BODY_SIZE, 2, false, CMYK_BLACK);
        }
    }

    heading(&fl, "三、指标完成情况", ROLE_HT);
    if (ir->n_indicators == 0)
        paragraph(&fl, "本单位无考核指标。", ROLE_FS, BODY_SIZE, 2, false, CMYK_BLACK);
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
        paragraph(&fl, buf_cstr(&b), ROLE_FS, BODY_SIZE, 2, false, xr->flags ? CMYK_RED : CMYK_BLACK);
    }

    paragraph(&fl, "特此报告。", ROLE_FS, BODY_SIZE, 2, false, CMYK_BLACK);
    blank_line(&fl);
    paragraph(&fl, inst->name, ROLE_FS, BODY_SIZE, 0, true, CMYK_BLACK);
    b.len = 0;
    cn_date(&b, d->as_of);
    paragraph(&fl, buf_cstr(&b), ROLE_FS, BODY_SIZE, 0, true, CMYK_BLACK);
    page_number(&fl);
    buf_free(&b);
    return fl.doc;
}
