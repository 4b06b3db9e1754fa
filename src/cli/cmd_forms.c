/* cmd_forms.c - the quarterly round trip: `jindu forms` writes one CSV per
 * institution to fill in with Excel or WPS; `jindu collect` reads the
 * filled forms back into progress[] entries of data-format.md.
 *
 * A form: a few lines on top (填报说明, 单位编号, 期别), a header row whose
 * first cell is 类型, then one row per task (类型 任务) and per indicator
 * (类型 指标). Columns are found by their header text, so a form whose
 * columns were moved or widened still reads. */
#include "cli/build.h"
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

enum {
    COL_KIND, COL_ID, COL_NAME, COL_DUE, COL_PREV_STATUS, COL_PREV_PERCENT, COL_STATUS, COL_PERCENT, COL_SUMMARY,
    COL_PROBLEMS, COL_NEXT, COL_UNIT, COL_TARGET, COL_PREV_VALUE, COL_VALUE, COL_COUNT
};
static const char *const HEADERS[COL_COUNT] = {
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
    char period[16], prev[16];
    period_format(d->period, period);
    period_format(d->period - 1, prev);
    char *dir = xasprintf("%s/%s/forms", o->out, period);
    int rc = EXIT_OK;
    if (make_dirs(dir) != 0) {
        diag_error(file_pos(dir), "cannot create the output directory: %s", strerror(errno));
        rc = EXIT_IO;
        goto out;
    }
    /* last quarter's entry of each institution and task, found once */
    long *prev_entry = xmalloc((d->n_institutions * d->n_tasks + 1) * sizeof *prev_entry);
    for (size_t i = 0; i < d->n_institutions * d->n_tasks; i++) prev_entry[i] = -1;
    for (size_t e = 0; e < d->n_progress; e++)
        if (d->progress[e].period == d->period - 1)
            prev_entry[d->progress[e].institution * d->n_tasks + d->progress[e].task] = (long)e;
    size_t written = 0;
    for (size_t k = 0; k < d->n_institutions; k++) {
        const Institution *inst = &d->institutions[k];
        if (o->institutions) {
            bool want = false;
            for (size_t i = 0; i < o->n_institutions; i++) want |= strcmp(o->institutions[i], inst->id) == 0;
            if (!want) continue;
        }
        Buf b = {0};
        buf_puts(&b, "\xEF\xBB\xBF");   /* a BOM: Excel and WPS then read UTF-8 */
        csv_put(&b, INSTRUCTIONS, 1);
        csv_put(&b, "单位编号", 0);
        csv_put(&b, inst->id, 0);
        csv_put(&b, "单位名称", 0);
        csv_put(&b, inst->name, 1);
        csv_put(&b, "期别", 0);
        csv_put(&b, period, 0);
        csv_put(&b, "截止日期", 0);
        char asof[32];
        int y, m, dd;
        date_to_ymd(d->as_of, &y, &m, &dd);
        snprintf(asof, sizeof asof, "%d-%02d-%02d", y, m, dd);
        csv_put(&b, asof, 1);
        buf_puts(&b, "\r\n");
        for (int c = 0; c < COL_COUNT; c++) csv_put(&b, HEADERS[c], c == COL_COUNT - 1);
        const InstitutionResult *ir = &r->inst[k];
        for (size_t t = 0; t < ir->n_tasks; t++) {
            const Task *task = &d->tasks[ir->tasks[t].task];
            long pe = prev_entry[k * d->n_tasks + ir->tasks[t].task];
            const Progress *p = pe >= 0 ? &d->progress[pe] : NULL;
            char due[16], pct[32] = "";
            date_to_ymd(task->due, &y, &m, &dd);
            snprintf(due, sizeof due, "%d-%02d-%02d", y, m, dd);
            if (p) fmt_num(pct, sizeof pct, p->percent);
            const char *row[COL_COUNT] = { "任务", task->id, task->title, due, p ? status_name(p->status) : "", pct };
            for (int c = 0; c < COL_COUNT; c++) csv_put(&b, row[c], c == COL_COUNT - 1);
        }
        for (size_t i = 0; i < ir->n_indicators; i++) {
            const IndicatorResult *xr = &ir->indicators[i];
            const Indicator *ind = &d->indicators[xr->indicator];
            char due[16], num[48], target[64], last[32] = "";
            date_to_ymd(ind->due, &y, &m, &dd);
            snprintf(due, sizeof due, "%d-%02d-%02d", y, m, dd);
            fmt_num(num, sizeof num, ind->target);
            snprintf(target, sizeof target, "%s%s", ind->lower_better ? "≤" : "", num);
            /* the latest value before this quarter */
            for (size_t h = 0; h < xr->n_history; h++)
                if (xr->history_periods[h] < d->period) fmt_num(last, sizeof last, xr->history[h]);
            const char *row[COL_COUNT] = { "指标", ind->id, ind->name, due, "", "", "", "", "", "", "",
                                           ind->unit ? ind->unit : "", target, last, "" };
            for (int c = 0; c < COL_COUNT; c++) csv_put(&b, row[c], c == COL_COUNT - 1);
        }
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
    if (!o->quiet) fprintf(stderr, "jindu: %zu forms for %s written to %s/ (last quarter: %s)\n", written, period, dir, prev);
    free(prev_entry);
out:
    free(dir);
    figures_free(r);
    data_free(d);
    return rc;
}


/* A cell's text without surrounding blanks (Excel users pad). */
static char *cell(const CsvRow *r, int col)
{
    if (col < 0 || (size_t)col >= r->n) return xstrdup("");
    const char *s = r->fields[col];
    size_t n = strlen(s);
    while (n && (s[0] == ' ' || s[0] == '\t')) { s++; n--; }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    if (n >= 3 && memcmp(s, "\u3000", 3) == 0) { s += 3; n -= 3; }
    return xstrndup(s, n);
}

static bool parse_number(const char *s, double *x, bool percent_sign)
{
    char buf[64];
    size_t n = 0;
    for (const char *p = s; *p && n < sizeof buf - 1; p++) {
        if (*p == ' ' || *p == ',') continue;
        buf[n++] = *p;
    }
    buf[n] = '\0';
    if (percent_sign && n && buf[n - 1] == '%') buf[--n] = '\0';
    else if (percent_sign && n >= 3 && strcmp(buf + n - 3, "％") == 0) buf[n -= 3] = '\0';
    if (!n) return false;
    char *end;
    *x = strtod(buf, &end);
    return *end == '\0' && isfinite(*x);
}

typedef struct {
    long task;
    cJSON *entry;          /* in the output */
    int row;
} TaskEntry;

typedef struct {
    const Data *d;
    const char *file;
    int errors;
} Collect;

static void row_error(Collect *c, int row, int col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void row_error(Collect *c, int row, int col, const char *fmt, ...)
{
    SrcPos p = { c->file, row, col + 1 };
    va_list ap;
    va_start(ap, fmt);
    diag_vreport(DIAG_ERROR, p, NULL, fmt, ap);
    va_end(ap);
    c->errors++;
}

/* One form into entries appended to `out`. */
static void collect_form(Collect *c, const char *text, size_t len, cJSON *out)
{
    const Data *d = c->d;
    Csv csv;
    csv_parse(&csv, text, len);
    if (csv.error) {
        SrcPos p = { c->file, csv.error_line, 1 };
        diag_error(p, "%s", csv.error);
        c->errors++;
        csv_free(&csv);
        return;
    }
    long inst = -1;
    int period = -1, header = -1;
    int col[COL_COUNT];
    for (int k = 0; k < COL_COUNT; k++) col[k] = -1;
    for (size_t i = 0; i < csv.n && header < 0; i++) {
        char *first = cell(&csv.rows[i], 0);
        if (strcmp(first, "单位编号") == 0) {
            char *id = cell(&csv.rows[i], 1);
            inst = data_find_institution(d, id);
            if (inst < 0) row_error(c, (int)i + 1, 1, "no institution has the id \"%s\"", id);
            free(id);
        } else if (strcmp(first, "期别") == 0) {
            char *p = cell(&csv.rows[i], 1);
            if (!period_parse(p, &period)) row_error(c, (int)i + 1, 1, "期别 \"%s\" is not a quarter such as 2024Q3", p);
            else if (period > d->period) {
                char dp[16];
                period_format(d->period, dp);
                row_error(c, (int)i + 1, 1, "期别 %s is after the data's period %s", p, dp);
            }
            free(p);
        } else if (strcmp(first, "类型") == 0) {
            header = (int)i;
            for (size_t j = 0; j < csv.rows[i].n; j++) {
                char *h = cell(&csv.rows[i], (int)j);
                for (int k = 0; k < COL_COUNT; k++)
                    if (strcmp(h, HEADERS[k]) == 0 && col[k] < 0) col[k] = (int)j;
                free(h);
            }
        }
        free(first);
    }
    if (header < 0) {
        SrcPos p = { c->file, 0, 0 };
        diag_error(p, "no header row (a row starting with 类型): is this a jindu form?");
        c->errors++;
        csv_free(&csv);
        return;
    }
    if (inst < 0 || period < 0) {
        if (inst < 0 && c->errors == 0) row_error(c, 1, 0, "the form does not say its institution (a row 单位编号,…)");
        if (period < 0 && c->errors == 0) row_error(c, 1, 0, "the form does not say its quarter (a row 期别,…)");
        csv_free(&csv);
        return;
    }
    static const int NEEDED[] = { COL_KIND, COL_ID, COL_STATUS, COL_PERCENT, COL_VALUE };
    for (size_t k = 0; k < sizeof NEEDED / sizeof *NEEDED; k++)
        if (col[NEEDED[k]] < 0) row_error(c, header + 1, 0, "the header has no column \"%s\"", HEADERS[NEEDED[k]]);
    if (c->errors) { csv_free(&csv); return; }

    char period_s[16];
    period_format(period, period_s);
    TaskEntry *entries = NULL;
    size_t n_entries = 0, cap_entries = 0;
    for (size_t i = (size_t)header + 1; i < csv.n; i++) {
        const CsvRow *row = &csv.rows[i];
        int rn = (int)i + 1;
        bool empty = true;
        for (size_t j = 0; j < row->n && empty; j++) {
            char *v = cell(row, (int)j);
            empty = !*v;
            free(v);
        }
        if (empty) continue;   /* trailing empty rows */
        char *kind = cell(row, col[COL_KIND]), *id = cell(row, col[COL_ID]);
        if (strcmp(kind, "任务") == 0) {
            long t = data_find_task(d, id);
            char *status = cell(row, col[COL_STATUS]), *pct = cell(row, col[COL_PERCENT]);
            if (t < 0) {
                row_error(c, rn, col[COL_ID], "no task has the number \"%s\"", id);
            } else if (!d->tasks[t].assigned[inst]) {
                row_error(c, rn, col[COL_ID], "task %s is not %s's", id, d->institutions[inst].short_name);
            } else if (*status) {
                Status s;
                bool known = status_parse(status, &s);
                double x = 0;
                bool has_pct = *pct != '\0';
                bool ok = true;
                if (!known) {
                    row_error(c, rn, col[COL_STATUS], "本季度状态 \"%s\" is not one of 已完成、序时推进、滞后、未启动", status);
                    ok = false;
                }
                if (has_pct && !parse_number(pct, &x, true)) {
                    row_error(c, rn, col[COL_PERCENT], "本季度进度 \"%s\" is not a number", pct);
                    ok = false;
                } else if (has_pct && !percent_in_range(x)) {
                    row_error(c, rn, col[COL_PERCENT], "本季度进度 %s is outside 0 to 100", pct);
                    ok = false;
                } else if (!has_pct && known && status_needs_percent(s)) {
                    row_error(c, rn, col[COL_PERCENT], "本季度进度 is needed for %s", status);
                    ok = false;
                }
                for (size_t e = 0; e < n_entries; e++)
                    if (entries[e].task == t) {
                        row_error(c, rn, col[COL_ID], "task %s is in this form twice (also row %d)", id, entries[e].row);
                        ok = false;
                    }
                if (ok) {
                    cJSON *e = cJSON_CreateObject();
                    cJSON_AddStringToObject(e, "institution", d->institutions[inst].id);
                    cJSON_AddStringToObject(e, "task", d->tasks[t].id);
                    cJSON_AddStringToObject(e, "period", period_s);
                    cJSON_AddStringToObject(e, "status", status_name(s));
                    if (has_pct) cJSON_AddNumberToObject(e, "percent", x);
                    static const int TEXTS[] = { COL_SUMMARY, COL_PROBLEMS, COL_NEXT };
                    static const char *const KEYS[] = { "summary", "problems", "next_steps" };
                    for (int k = 0; k < 3; k++) {
                        char *v = cell(row, col[TEXTS[k]]);
                        if (*v) cJSON_AddStringToObject(e, KEYS[k], v);
                        free(v);
                    }
                    cJSON_AddItemToArray(out, e);
                    TaskEntry *te = ARRAY_PUSH(entries, n_entries, cap_entries);
                    te->task = t;
                    te->entry = e;
                    te->row = rn;
                }
            }
            free(status);
            free(pct);
        } else if (strcmp(kind, "指标") == 0) {
            long x = data_find_indicator(d, id);
            char *v = cell(row, col[COL_VALUE]);
            double value;
            if (x < 0) {
                row_error(c, rn, col[COL_ID], "no indicator has the id \"%s\"", id);
            } else if (!indicator_applies(d, (size_t)x, (size_t)inst)) {
                row_error(c, rn, col[COL_ID], "indicator %s is not %s's", id, d->institutions[inst].short_name);
            } else if (*v && !parse_number(v, &value, true)) {
                row_error(c, rn, col[COL_VALUE], "本季度数值 \"%s\" is not a number", v);
            } else if (*v) {
                /* it belongs to its task's entry of this form */
                TaskEntry *te = NULL;
                for (size_t e = 0; e < n_entries; e++)
                    if (entries[e].task == (long)d->indicators[x].task) te = &entries[e];
                if (!te) {
                    row_error(c, rn, col[COL_VALUE], "the value of indicator %s needs a 本季度状态 for its task %s",
                              id, d->tasks[d->indicators[x].task].id);
                } else {
                    cJSON *obj = cJSON_GetObjectItemCaseSensitive(te->entry, "indicators");
                    if (!obj) obj = cJSON_AddObjectToObject(te->entry, "indicators");
                    cJSON_AddNumberToObject(obj, d->indicators[x].id, value);
                }
            }
            free(v);
        } else {
            row_error(c, rn, col[COL_KIND], "类型 \"%s\" is neither 任务 nor 指标", kind);
        }
        free(kind);
        free(id);
    }
    free(entries);
    csv_free(&csv);
}

int collect_run(char **files, size_t n_files, const char *output, const char *data_path, bool partial, bool quiet)
{
    Data *d = data_load(data_path);
    if (!d) return EXIT_DATA;
    if (d->global_errors) {
        fprintf(stderr, "jindu: cannot check the forms against data with errors: fix the errors above\n");
        data_free(d);
        return EXIT_DATA;
    }
    cJSON *root = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(root, "progress");
    int errors = 0, rc = EXIT_OK;
    for (size_t f = 0; f < n_files; f++) {
        char *raw;
        size_t len;
        if (read_file(files[f], 16u << 20, &raw, &len) != 0) {
            diag_error(file_pos(files[f]), "cannot read: %s", strerror(errno));
            rc = EXIT_IO;
            continue;
        }
        bool from_gb;
        char *text = text_as_utf8(raw, len, &len, &from_gb);   /* GB18030: Excel on Chinese Windows */
        free(raw);
        if (!text) {
            diag_error(file_pos(files[f]), "neither UTF-8 nor GB18030");
            errors++;
            continue;
        }
        Collect c = { d, files[f], 0 };
        collect_form(&c, text, len, arr);
        errors += c.errors;
        free(text);
    }
    if (errors && !partial) {
        if (!quiet) fprintf(stderr, "jindu: nothing written: %d errors in the forms (--partial writes the good rows)\n", errors);
        rc = EXIT_DATA;
    } else if (rc == EXIT_OK || cJSON_GetArraySize(arr) > 0) {
        char *json = cJSON_Print(root);
        char *text = xasprintf("%s\n", json);
        cJSON_free(json);
        if (output) {
            if (write_file_atomic(output, text, strlen(text)) != 0) {
                diag_error(file_pos(output), "cannot write: %s", strerror(errno));
                rc = EXIT_IO;
            }
        } else {
            fputs(text, stdout);
        }
        free(text);
        if (!quiet)
            fprintf(stderr, "jindu: %d progress entries from %zu forms%s\n", cJSON_GetArraySize(arr), n_files,
                    errors ? " (rows with errors left out)" : "");
        if (errors) rc = EXIT_DATA;
    }
    cJSON_Delete(root);
    data_free(d);
    return rc;
}
