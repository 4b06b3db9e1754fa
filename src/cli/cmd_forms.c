/* cmd_forms.c - `jindu forms`: one form per institution to fill in for
 * the quarter, an Excel workbook (form_xlsx.c) or with --format csv a CSV
 * (cmd_collect.c reads either back).
 *
 * A form: a few rows on top (填报说明, 单位编号, 期别), a header row whose
 * first cell is 类型, then one row per task (类型 任务) and per indicator
 * (类型 指标). Columns are found by their header text, so a form whose
 * columns were moved or widened still reads. */
#include "cli/build.h"
#include "base/i18n.h"
#include "cli/folders.h"
#include "cli/form.h"
#include "base/cnfmt.h"
#include "base/csv.h"
#include "base/date.h"
#include "base/diag.h"
#include "data/figures.h"
#include "data/entry.h"
#include "data/model.h"
#include "base/outfile.h"
#include "base/strmap.h"
#include "base/utf8.h"
#include "base/util.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* Institution k's form: its tasks (with last quarter's status and
 * percent), then its indicators (with the latest value before this
 * quarter). Strings are malloc'd; form_free frees them. */
static void form_build(Form *f, const Data *d, const Results *r, size_t k, const long *prev)
{
    const InstitutionResult *ir = &r->inst[k];
    memset(f, 0, sizeof *f);
    f->inst_id = d->institutions[k].id;
    f->inst_name = d->institutions[k].name;
    period_format(d->period, f->period);
    iso_date(d->as_of, f->as_of);
    f->contact = d->issuer.contact_person;
    form_identity(d, k, d->period, f->identity);
    f->rows = xcalloc(ir->n_tasks + ir->n_indicators + 1, sizeof *f->rows);
    for (size_t t = 0; t < ir->n_tasks; t++) {
        const Task *task = &d->tasks[ir->tasks[t].task];
        long pe = prev[k * d->n_tasks + ir->tasks[t].task];
        const Progress *p = pe >= 0 ? &d->progress[pe] : NULL;
        char due[16], pct[32] = "";
        iso_date(task->due, due);
        if (p) fmt_num(pct, sizeof pct, p->percent);
        const char *row[COL_COUNT] = { "任务", task->id, task->title, due, p ? status_name(p->status) : "", pct };
        for (int c = 0; c < COL_COUNT; c++) f->rows[f->n_rows].cells[c] = xstrdup(row[c] ? row[c] : "");
        f->n_rows++;
    }
    f->n_tasks = f->n_rows;
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
        for (int c = 0; c < COL_COUNT; c++) f->rows[f->n_rows].cells[c] = xstrdup(row[c]);
        f->n_rows++;
    }
}

static void form_free(Form *f)
{
    for (size_t r = 0; r < f->n_rows; r++)
        for (int c = 0; c < COL_COUNT; c++) free(f->rows[r].cells[c]);
    free(f->rows);
}

/* The CSV form: a BOM (Excel and WPS then read UTF-8), the instructions,
 * the head rows, a blank row, the header and the rows. */
static void form_csv(Buf *b, const Form *f)
{
    buf_puts(b, "\xEF\xBB\xBF");
    char *text = xasprintf("%s用 Excel 或 WPS 打开、填写后按原格式（CSV）保存即可。", FORM_INSTRUCTIONS);
    csv_put(b, text, 1);
    free(text);
    const char *head[2][4] = { { "单位编号", f->inst_id, "单位名称", f->inst_name },
                               { "期别", f->period, "截止日期", f->as_of } };
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 4; c++) csv_put(b, head[r][c], c == 3);
    buf_puts(b, "\r\n");
    for (int c = 0; c < COL_COUNT; c++) csv_put(b, FORM_HEADERS[c], c == COL_COUNT - 1);
    for (size_t r = 0; r < f->n_rows; r++)
        for (int c = 0; c < COL_COUNT; c++) csv_put(b, f->rows[r].cells[c], c == COL_COUNT - 1);
}

/* The workbook's creation time: SOURCE_DATE_EPOCH, else the data's
 * cut-off date, so that the same data gives the same bytes. */
static time_t form_created(const Data *d)
{
    long long epoch;
    if (source_date_epoch(&epoch)) return (time_t)epoch;
    return (time_t)d->as_of * 86400;
}

/* Each institution's form's name, "id-短名": ids may hold '-', so "a-b"
 * with 丙 and "a" with "b-丙" would share a file (one form overwriting the
 * other); a name already taken (ASCII case folded) gets "-2", "-3" … Over
 * all institutions in order, so a name does not depend on --institution. */
static char **form_names(const Data *d)
{
    char **names = xcalloc(d->n_institutions + 1, sizeof *names);
    NameSet taken = { 0 };
    for (size_t k = 0; k < d->n_institutions; k++) {
        char *base = sanitize_name_max(d->institutions[k].short_name, 100);
        names[k] = xasprintf("%s-%s", d->institutions[k].id, base);
        for (unsigned n = 2; !nameset_take(&taken, names[k]); n++) {
            free(names[k]);
            names[k] = xasprintf("%s-%s-%u", d->institutions[k].id, base, n);
        }
        free(base);
    }
    nameset_free(&taken);
    return names;
}

/* One institution's form written; false when it could not be (reported). */
static bool write_form(const Data *d, const Results *r, size_t k, const long *prev, const char *dir, const char *name,
                       bool xlsx)
{
    Form f;
    form_build(&f, d, r, k, prev);
    char *path = xasprintf("%s/%s.%s", dir, name, xlsx ? "xlsx" : "csv");
    bool ok = true;
    char err[200];
    if (xlsx) {
        if (!form_write_xlsx(&f, path, form_created(d), err, sizeof err)) {
            diag_error(file_pos(path), "cannot write: %s", err);
            ok = false;
        }
    } else {
        Buf b = {0};
        form_csv(&b, &f);
        if (write_file_atomic(path, b.data, b.len) != 0) {
            diag_error(file_pos(path), "cannot write: %s", strerror(errno));
            ok = false;
        }
        buf_free(&b);
    }
    free(path);
    form_free(&f);
    return ok;
}

static bool wanted(const BuildOptions *o, const char *id)
{
    if (!o->institutions) return true;
    for (size_t i = 0; i < o->n_institutions; i++)
        if (strcmp(o->institutions[i], id) == 0) return true;
    return false;
}

int forms_run(const BuildOptions *o, bool csv)
{
    if (!data_path_ok(o->data)) return EXIT_IO;   /* the same hint as build */
    Data *d = data_load_before_reports(o->data);   /* a plan's first forms go out before any report */
    if (!d) return EXIT_DATA;
    if (d->global_errors) {
        fprintf(stderr, _("jindu: no forms written: fix the errors above\n"));
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
    char **names = form_names(d);
    for (size_t k = 0; prev && k < d->n_institutions; k++) {
        const Institution *inst = &d->institutions[k];
        if (!wanted(o, inst->id)) continue;
        if (write_form(d, r, k, prev, dir, names[k], !csv)) written++;
        else rc = EXIT_IO;
    }
    for (size_t k = 0; k < d->n_institutions; k++) free(names[k]);
    free(names);
    bool had_last = false;   /* the form shows last quarter's answers only where there were any */
    for (size_t e = 0; e < d->n_progress && !had_last; e++) had_last = d->progress[e].period == d->period - 1;
    if (prev && !o->quiet)
        fprintf(stderr, ngettext("jindu: %zu form for %s written to %s/%s%s%s\n", "jindu: %zu forms for %s written to %s/%s%s%s\n",
                                 written), written, period, dir,
                had_last ? _(" (last quarter: ") : "", had_last ? prev_period : "", had_last ? ")" : "");
    free(prev);
    free(dir);
    figures_free(r);
    data_free(d);
    return rc;
}


