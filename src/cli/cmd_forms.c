/* cmd_forms.c - `jindu forms`: one CSV per institution to fill in with
 * Excel or WPS for the quarter (cmd_collect.c reads them back).
 *
 * A form: a few lines on top (填报说明, 单位编号, 期别), a header row whose
 * first cell is 类型, then one row per task (类型 任务) and per indicator
 * (类型 指标). Columns are found by their header text, so a form whose
 * columns were moved or widened still reads. */
#include "cli/build.h"
#include "cli/form.h"
#include "base/cnfmt.h"
#include "base/csv.h"
#include "base/date.h"
#include "base/diag.h"
#include "data/figures.h"
#include "data/entry.h"
#include "data/model.h"
#include "base/outfile.h"
#include "base/utf8.h"
#include "base/util.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const FORM_HEADERS[COL_COUNT] = {
    "类型", "编号", "名称", "完成时限", "上季度状态", "上季度进度(%)", "本季度状态", "本季度进度(%)",
    "工作进展", "存在问题", "下步计划", "指标单位", "指标目标", "上次数值", "本季度数值",
};

static const char INSTRUCTIONS[] =
    "填报说明：每项任务填写“本季度状态”（已完成、序时推进、滞后、未启动四者之一）和“本季度进度(%)”"
    "（0到100的数字；已完成可不填，按100计；未启动可不填，按0计），以及工作进展、存在问题、下步计划；"
    "每项指标填写“本季度数值”（数字，未取得可空着）。类型、编号、名称、完成时限、上季度和指标目标各列请勿修改；"
    "请勿增删行列或改动前三行。用 Excel 或 WPS 打开、填写后按原格式（CSV）保存即可。";

/* A number as the form shows it: up to six places, no trailing zeros. */
static void fmt_num(char *out, size_t n, double x)
{
    Buf b = {0};
    fmt_number(&b, x, 6);
    snprintf(out, n, "%s", buf_cstr(&b));
    buf_free(&b);
}

/* ---- jindu forms ---- */

static void iso_date(int day, char out[16])
{
    int y, m, dd;
    date_to_ymd(day, &y, &m, &dd);
    snprintf(out, 16, "%d-%02d-%02d", y, m, dd);
}

/* Last quarter's entry of each institution and task (-1: none), found
 * once for every form. */
static long *previous_entries(const Data *d)
{
    long *prev = xmalloc((d->n_institutions * d->n_tasks + 1) * sizeof *prev);
    for (size_t i = 0; i < d->n_institutions * d->n_tasks; i++) prev[i] = -1;
    for (size_t e = 0; e < d->n_progress; e++)
        if (d->progress[e].period == d->period - 1)
            prev[d->progress[e].institution * d->n_tasks + d->progress[e].task] = (long)e;
    return prev;
}

static void form_head(Buf *b, const Data *d, const Institution *inst, const char *period)
{
    buf_puts(b, "\xEF\xBB\xBF");   /* a BOM: Excel and WPS then read UTF-8 */
    csv_put(b, INSTRUCTIONS, 1);
    csv_put(b, "单位编号", 0);
    csv_put(b, inst->id, 0);
    csv_put(b, "单位名称", 0);
    csv_put(b, inst->name, 1);
    csv_put(b, "期别", 0);
    csv_put(b, period, 0);
    csv_put(b, "截止日期", 0);
    char asof[16];
    iso_date(d->as_of, asof);
    csv_put(b, asof, 1);
    buf_puts(b, "\r\n");
    for (int c = 0; c < COL_COUNT; c++) csv_put(b, FORM_HEADERS[c], c == COL_COUNT - 1);
}

/* Institution k's form: its tasks (with last quarter's status and
 * percent), then its indicators (with the latest value before this
 * quarter). */
static void form_csv(Buf *b, const Data *d, const Results *r, size_t k, const long *prev, const char *period)
{
    form_head(b, d, &d->institutions[k], period);
    const InstitutionResult *ir = &r->inst[k];
    for (size_t t = 0; t < ir->n_tasks; t++) {
        const Task *task = &d->tasks[ir->tasks[t].task];
        long pe = prev[k * d->n_tasks + ir->tasks[t].task];
        const Progress *p = pe >= 0 ? &d->progress[pe] : NULL;
        char due[16], pct[32] = "";
        iso_date(task->due, due);
        if (p) fmt_num(pct, sizeof pct, p->percent);
        const char *row[COL_COUNT] = { "任务", task->id, task->title, due, p ? status_name(p->status) : "", pct };
        for (int c = 0; c < COL_COUNT; c++) csv_put(b, row[c], c == COL_COUNT - 1);
    }
    for (size_t i = 0; i < ir->n_indicators; i++) {
        const IndicatorResult *xr = &ir->indicators[i];
        const Indicator *ind = &d->indicators[xr->indicator];
        char due[16], num[48], target[64], last[32] = "";
        iso_date(ind->due, due);
        fmt_num(num, sizeof num, ind->target);
        snprintf(target, sizeof target, "%s%s", ind->lower_better ? "≤" : "", num);
        for (size_t h = 0; h < xr->n_history; h++)
            if (xr->history[h].period < d->period) fmt_num(last, sizeof last, xr->history[h].value);
        const char *row[COL_COUNT] = { "指标", ind->id, ind->name, due, "", "", "", "", "", "", "",
                                       ind->unit ? ind->unit : "", target, last, "" };
        for (int c = 0; c < COL_COUNT; c++) csv_put(b, row[c], c == COL_COUNT - 1);
    }
}

static bool wanted(const BuildOptions *o, const char *id)
{
    if (!o->institutions) return true;
    for (size_t i = 0; i < o->n_institutions; i++)
        if (strcmp(o->institutions[i], id) == 0) return true;
    return false;
}

int forms_run(const BuildOptions *o)
{
    Data *d = data_load(o->data);
    if (!d) return EXIT_DATA;
    if (d->global_errors) {
        fprintf(stderr, "jindu: no forms written: fix the errors above\n");
        data_free(d);
        return EXIT_DATA;
    }
    Results *r = figures_compute(d);
    char period[16], prev_period[16];
    period_format(d->period, period);
    period_format(d->period - 1, prev_period);
    char *dir = xasprintf("%s/%s/forms", o->out, period);
    int rc = EXIT_OK;
    size_t written = 0;
    long *prev = NULL;
    if (make_dirs(dir) != 0) {
        diag_error(file_pos(dir), "cannot create the output directory: %s", strerror(errno));
        rc = EXIT_IO;
    } else {
        prev = previous_entries(d);
    }
    for (size_t k = 0; prev && k < d->n_institutions; k++) {
        const Institution *inst = &d->institutions[k];
        if (!wanted(o, inst->id)) continue;
        Buf b = {0};
        form_csv(&b, d, r, k, prev, period);
        char *name = sanitize_name(inst->short_name);
        char *path = xasprintf("%s/%s-%s.csv", dir, inst->id, name);
        free(name);
        if (write_file_atomic(path, b.data, b.len) != 0) {
            diag_error(file_pos(path), "cannot write: %s", strerror(errno));
            rc = EXIT_IO;
        } else {
            written++;
        }
        free(path);
        buf_free(&b);
    }
    if (prev && !o->quiet)
        fprintf(stderr, "jindu: %zu form%s for %s written to %s/ (last quarter: %s)\n", written,
                written == 1 ? "" : "s", period, dir, prev_period);
    free(prev);
    free(dir);
    figures_free(r);
    data_free(d);
    return rc;
}


