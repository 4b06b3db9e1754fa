/* cmd_collect.c - `jindu collect`: the filled forms (form.h), workbooks or
 * CSV, back into progress[] entries of data-format.md, every problem
 * reported at the row and column a spreadsheet shows (zyy.xlsx:任务进展!H7). Columns are found by their header text,
 * so a form whose columns were moved or widened still reads. */
#include "cli/build.h"
#include "base/i18n.h"
#include "cli/form.h"
#include "base/csv.h"
#include "base/date.h"
#include "base/diag.h"
#include "base/outfile.h"
#include "base/utf8.h"
#include "base/xlsxread.h"
#include "base/util.h"
#include "data/entry.h"
#include "data/model.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* A number as people type it: 85, 85.5, 1,234, "85%", full-width ８５．５. */
static bool parse_number(const char *s, double *x, bool percent_sign)
{
    char buf[64];
    size_t n = 0;
    for (const char *p = s; *p && n < sizeof buf - 1; p++) {
        if (*p == ' ' || *p == ',') continue;
        const unsigned char *u = (const unsigned char *)p;
        if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) { buf[n++] = (char)('0' + u[2] - 0x90); p += 2; continue; }
        if (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8E) { buf[n++] = '.'; p += 2; continue; }   /* ． */
        if (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8C) { p += 2; continue; }                   /* ， */
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
    const char *sheet;     /* a workbook's sheet: places read 任务进展!H7 */
    int errors;
    int empty_forms;
    const char **form_of;  /* by institution: the file its form came from, or NULL */
} Collect;

static void row_error(Collect *c, int row, int col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void row_error(Collect *c, int row, int col, const char *fmt, ...)
{
    SrcPos p = { c->file, row, col + 1 };
    char *place = NULL;
    if (c->sheet) {
        char cell[16];
        form_cell_name(row, col < 0 ? 0 : col, cell);
        place = xasprintf("%s:%s!%s", c->file, c->sheet, cell);
        p = (SrcPos){ place, 0, 0 };
    }
    va_list ap;
    va_start(ap, fmt);
    diag_vreport(DIAG_ERROR, p, NULL, fmt, ap);
    va_end(ap);
    free(place);
    c->errors++;
}

/* What the rows above the header say, and where each column is. */
typedef struct {
    long inst;
    int period, header;     /* header: the header row's index, -1 when none */
    int col[COL_COUNT];
} FormHead;

static void read_head_row(Collect *c, const CsvRow *row, int i, FormHead *h)
{
    const Data *d = c->d;
    char *first = cell(row, 0);
    if (strcmp(first, "单位编号") == 0) {
        char *id = cell(row, 1);
        h->inst = data_find_institution(d, id);
        if (h->inst < 0) row_error(c, i + 1, 1, "the data has no institution with the id \"%s\"", id);
        free(id);
    } else if (strcmp(first, "期别") == 0) {
        char *p = cell(row, 1);
        if (!period_parse(p, &h->period)) row_error(c, i + 1, 1, "the period \"%s\" is not a quarter such as 2024Q3", p);
        else if (h->period != d->period) {
            char dp[16];
            period_format(d->period, dp);
            row_error(c, i + 1, 1, "this is the form of %s; the data's quarter is %s", p, dp);
        }
        free(p);
    } else if (strcmp(first, "类型") == 0) {
        h->header = i;
        for (size_t j = 0; j < row->n; j++) {
            char *t = cell(row, (int)j);
            for (int k = 0; k < COL_COUNT; k++)
                if (strcmp(t, FORM_HEADERS[k]) == 0 && h->col[k] < 0) h->col[k] = (int)j;
            free(t);
        }
    }
    free(first);
}

/* A CSV saved from the 填报说明 sheet instead of the form's: it holds the
 * instructions' text and no header row. */
static bool instructions_only(const Csv *csv)
{
    for (size_t i = 0; i < csv->n; i++)
        for (size_t j = 0; j < csv->rows[i].n; j++)
            if (strncmp(csv->rows[i].fields[j], "填报说明", strlen("填报说明")) == 0 ||
                strcmp(csv->rows[i].fields[j], "怎样填") == 0)
                return true;
    return false;
}

/* The rows above the header and the header itself; false when the form
 * cannot be read further (reported). */
static bool read_head(Collect *c, const Csv *csv, FormHead *h)
{
    h->inst = -1;
    h->period = h->header = -1;
    for (int k = 0; k < COL_COUNT; k++) h->col[k] = -1;
    for (size_t i = 0; i < csv->n && h->header < 0; i++) read_head_row(c, &csv->rows[i], (int)i, h);
    if (h->header < 0) {
        diag_error(file_pos(c->file), "%s", instructions_only(csv)
                       ? _("this is a CSV saved from the 填报说明 (instructions) sheet, not the form: open the "
                           "填报表 sheet in the workbook and save that as CSV, or hand in the .xlsx itself")
                       : _("no header row (the row that starts with 类型): is this a jindu form?"));
        c->errors++;
        return false;
    }
    if (h->inst < 0 || h->period < 0) {
        if (h->inst < 0 && c->errors == 0) row_error(c, 1, 0, "the form does not say its institution (the 单位编号 row)");
        if (h->period < 0 && c->errors == 0) row_error(c, 1, 0, "the form does not say its quarter (the 期别 row)");
        return false;
    }
    static const int NEEDED[] = { COL_KIND, COL_ID, COL_STATUS, COL_PERCENT, COL_VALUE };
    for (size_t k = 0; k < sizeof NEEDED / sizeof *NEEDED; k++)
        if (h->col[NEEDED[k]] < 0) row_error(c, h->header + 1, 0, "the header has no column \"%s\"", FORM_HEADERS[NEEDED[k]]);
    return c->errors == 0;
}

/* The entries made so far from one form, by task. */
typedef struct {
    const FormHead *h;
    char period[16];
    TaskEntry *entries;
    size_t n, cap;
    cJSON *out;
    int *unfilled;          /* rows of tasks left blank: reported as unreported */
    size_t n_unfilled, n_task_rows;
} FormEntries;

static cJSON *task_entry(Collect *c, FormEntries *fe, const CsvRow *row, long t, Status s, bool has_pct, double x)
{
    const Data *d = c->d;
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "institution", d->institutions[fe->h->inst].id);
    cJSON_AddStringToObject(e, "task", d->tasks[t].id);
    cJSON_AddStringToObject(e, "period", fe->period);
    cJSON_AddStringToObject(e, "status", status_name(s));
    if (has_pct) cJSON_AddNumberToObject(e, "percent", x);
    static const int TEXTS[] = { COL_SUMMARY, COL_PROBLEMS, COL_NEXT };
    static const char *const KEYS[] = { "summary", "problems", "next_steps" };
    for (int k = 0; k < 3; k++) {
        char *v = cell(row, fe->h->col[TEXTS[k]]);
        if (*v) cJSON_AddStringToObject(e, KEYS[k], v);
        free(v);
    }
    cJSON_AddItemToArray(fe->out, e);
    return e;
}

/* A number typed into a cell formatted as a date is stored as a date
 * (70 becomes 1900-03-10): say what to change. */
static const char *date_hint(const char *v)
{
    int y, m, d;
    char tail;
    if (sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3)
        return _(": the cell is formatted as a date, so the number typed was stored as a date; set the cell's format to General or Number and type it again");
    return "";
}

/* The form says 已完成 counts as 100 and 未启动 as 0: a percent that says
 * otherwise is a slip in one of the two cells. */
static bool status_agrees(Status s, double pct)
{
    if (s == STATUS_DONE) return pct == 100;
    if (s == STATUS_NOT_STARTED) return pct == 0;
    return true;
}

/* A task row's status and percent, checked by the rules of entry.h. */
static bool check_task_row(Collect *c, FormEntries *fe, int rn, long t, const char *status, const char *pct, Status *s,
                           double *x)
{
    const int *col = fe->h->col;
    bool known = status_parse(status, s), has_pct = *pct != '\0', ok = true;
    if (!known) {
        row_error(c, rn, col[COL_STATUS], "the status \"%s\" is not one of 已完成, 序时推进, 滞后, 未启动", status);
        ok = false;
    }
    if (has_pct && !parse_number(pct, x, true)) {
        row_error(c, rn, col[COL_PERCENT], "the progress must be a number from 0 to 100, not \"%s\"%s", pct, date_hint(pct));
        ok = false;
    } else if (has_pct && !percent_in_range(*x)) {
        row_error(c, rn, col[COL_PERCENT], "the progress must be a number from 0 to 100, not %s", pct);
        ok = false;
    } else if (!has_pct && known && status_needs_percent(*s)) {
        row_error(c, rn, col[COL_PERCENT], "with the status %s the progress (0 to 100) is needed", status);
        ok = false;
    } else if (has_pct && known && !status_agrees(*s, *x)) {
        row_error(c, rn, col[COL_PERCENT], "the status is %s but the progress %s: %s", status, pct,
                  *s == STATUS_DONE ? _("已完成 counts as 100; correct the status or the progress (or leave the progress empty)")
                                    : _("未启动 counts as 0; correct the status or the progress (or leave the progress empty)"));
        ok = false;
    }
    for (size_t e = 0; e < fe->n; e++)
        if (fe->entries[e].task == t) {
            row_error(c, rn, col[COL_ID], "task %s is on this form twice (see also row %d)", c->d->tasks[t].id,
                      fe->entries[e].row);
            ok = false;
        }
    return ok;
}

/* What a row without a status has filled in anyway ("进度和工作进展"),
 * or NULL when nothing: such a row is never silently dropped. */
static char *filled_without_status(const FormEntries *fe, const CsvRow *row)
{
    static const int COLS[] = { COL_PERCENT, COL_SUMMARY, COL_PROBLEMS, COL_NEXT };
    static const char *const NAMES[] = { "进度", "工作进展", "存在问题", "下步计划" };
    const char *filled[4];
    int n = 0;
    for (int k = 0; k < 4; k++) {
        char *v = cell(row, fe->h->col[COLS[k]]);
        if (*v) filled[n++] = NAMES[k];
        free(v);
    }
    if (!n) return NULL;
    Buf b = {0};   /* 进度, 进度和工作进展, 进度、工作进展和存在问题 */
    for (int k = 0; k < n; k++) buf_printf(&b, "%s%s", k == 0 ? "" : k == n - 1 ? "和" : "、", filled[k]);
    return buf_take(&b);
}

static void collect_task_row(Collect *c, FormEntries *fe, const CsvRow *row, int rn, const char *id)
{
    const Data *d = c->d;
    const int *col = fe->h->col;
    long t = data_find_task(d, id);
    char *status = cell(row, col[COL_STATUS]), *pct = cell(row, col[COL_PERCENT]);
    Status s;
    double x = 0;
    if (t < 0) {
        row_error(c, rn, col[COL_ID], "the data has no task with the id \"%s\"", id);
    } else if (!d->tasks[t].assigned[fe->h->inst]) {
        row_error(c, rn, col[COL_ID], "task %s is not a task of %s", id, d->institutions[fe->h->inst].short_name);
    } else if (!*status) {
        char *what = filled_without_status(fe, row);
        if (what) row_error(c, rn, col[COL_STATUS], "%s filled in, but no status chosen (已完成, 序时推进, 滞后, 未启动)", what);
        else fe->unfilled[fe->n_unfilled++] = rn;
        free(what);
    } else if (check_task_row(c, fe, rn, t, status, pct, &s, &x)) {
        TaskEntry *te = ARRAY_PUSH(fe->entries, fe->n, fe->cap);
        te->task = t;
        te->entry = task_entry(c, fe, row, t, s, *pct != '\0', x);
        te->row = rn;
    }
    fe->n_task_rows++;
    free(status);
    free(pct);
}

/* An indicator's value joins its task's entry of this form. */
static void collect_indicator_row(Collect *c, FormEntries *fe, const CsvRow *row, int rn, const char *id)
{
    const Data *d = c->d;
    const int *col = fe->h->col;
    long x = data_find_indicator(d, id);
    char *v = cell(row, col[COL_VALUE]);
    double value;
    if (x < 0) {
        row_error(c, rn, col[COL_ID], "the data has no indicator with the id \"%s\"", id);
    } else if (!indicator_applies(d, (size_t)x, (size_t)fe->h->inst)) {
        row_error(c, rn, col[COL_ID], "indicator %s is not an indicator of %s", id, d->institutions[fe->h->inst].short_name);
    } else if (*v && !parse_number(v, &value, true)) {
        row_error(c, rn, col[COL_VALUE], "the value must be a number, not \"%s\"%s", v, date_hint(v));
    } else if (*v) {
        TaskEntry *te = NULL;
        for (size_t e = 0; e < fe->n; e++)
            if (fe->entries[e].task == (long)d->indicators[x].task) te = &fe->entries[e];
        if (!te) {
            row_error(c, rn, col[COL_VALUE], "indicator %s has a value, but its task %s has no status chosen", id,
                      d->tasks[d->indicators[x].task].id);
        } else {
            cJSON *obj = cJSON_GetObjectItemCaseSensitive(te->entry, "indicators");
            if (!obj) obj = cJSON_AddObjectToObject(te->entry, "indicators");
            cJSON_AddNumberToObject(obj, d->indicators[x].id, value);
        }
    }
    free(v);
}

static bool row_empty(const CsvRow *row)
{
    for (size_t j = 0; j < row->n; j++) {
        char *v = cell(row, (int)j);
        bool blank = !*v;
        free(v);
        if (!blank) return false;
    }
    return true;
}

/* One form per institution: a second (another file, or the same file
 * given twice) is an error naming both, and its rows are not read. */
static bool first_form_of(Collect *c, const FormHead *h)
{
    const char *other = c->form_of[h->inst];
    if (!other) {
        c->form_of[h->inst] = c->file;
        return true;
    }
    diag_error(file_pos(c->file), "the form of %s came twice: %s and %s; keep the right one and collect again", c->d->institutions[h->inst].short_name,
               other, c->file);
    c->errors++;
    return false;
}

/* A workbook form's identity against the data: the same institution,
 * quarter and task list it was made for. */
static bool identity_holds(Collect *c, const FormHead *h, const char *identity)
{
    if (!identity) return true;   /* a CSV, or a CSV form saved as a workbook */
    char want[160];
    form_identity(c->d, (size_t)h->inst, h->period, want);
    const char *what = form_identity_differs(identity, want);
    if (!what) return true;
    if (strcmp(what, "task list") == 0)
        diag_error(file_pos(c->file), "the tasks or indicators of %s changed since this form was made (the form's mark: %s): make "
                   "new forms with jindu forms",
                   c->d->institutions[h->inst].short_name, identity);
    else
        diag_error(file_pos(c->file), "this form's %s is not the one it was made for (made for: %s)",
                   strcmp(what, "period") == 0 ? _("quarter") : _("institution"),
                   identity);
    c->errors++;
    return false;
}

/* Task rows left blank (no status, nothing else) count as unreported
 * (未报送, red): a form returned empty or half-filled is said by name. */
static void report_unfilled(Collect *c, const FormEntries *fe)
{
    const Institution *inst = &c->d->institutions[fe->h->inst];
    if (!fe->n_unfilled) return;
    if (fe->n_unfilled == fe->n_task_rows) {
        diag_warning(file_pos(c->file), "%s: the form is empty; every task of the quarter counts as 未报送 (%zu)", inst->short_name,
                     fe->n_task_rows);
        c->empty_forms++;
        return;
    }
    Buf rows = {0};
    for (size_t i = 0; i < fe->n_unfilled && i < 12; i++) buf_printf(&rows, "%s%d", i ? _(", ") : "", fe->unfilled[i]);
    if (fe->n_unfilled > 12) buf_puts(&rows, _(" and more"));
    diag_warning(file_pos(c->file), "%s: %zu tasks left blank (rows %s) count as 未报送", inst->short_name, fe->n_unfilled,
                 buf_cstr(&rows));
    buf_free(&rows);
}

/* One form's rows into entries appended to `out`. */
static void collect_rows(Collect *c, const Csv *csv, const char *identity, cJSON *out)
{
    FormHead h;
    if (!read_head(c, csv, &h) || !identity_holds(c, &h, identity) || !first_form_of(c, &h)) return;
    FormEntries fe = { .h = &h, .out = out };
    fe.unfilled = xcalloc(csv->n + 1, sizeof *fe.unfilled);
    period_format(h.period, fe.period);
    for (size_t i = (size_t)h.header + 1; i < csv->n; i++) {
        const CsvRow *row = &csv->rows[i];
        int rn = (int)i + 1;
        if (row_empty(row)) continue;   /* trailing empty rows */
        char *kind = cell(row, h.col[COL_KIND]), *id = cell(row, h.col[COL_ID]);
        if (strcmp(kind, "任务") == 0) collect_task_row(c, &fe, row, rn, id);
        else if (strcmp(kind, "指标") == 0) collect_indicator_row(c, &fe, row, rn, id);
        else row_error(c, rn, h.col[COL_KIND], "the type \"%s\" must be 任务 or 指标", kind);
        free(kind);
        free(id);
    }
    report_unfilled(c, &fe);
    free(fe.unfilled);
    free(fe.entries);
}

/* A CSV form (UTF-8 or GB18030, as Excel on Chinese Windows saves it). */
static void collect_csv(Collect *c, const char *raw, size_t len, cJSON *out)
{
    bool from_gb;
    char *text = text_as_utf8(raw, len, &len, &from_gb);
    if (!text) {
        diag_error(file_pos(c->file), "neither a workbook (.xlsx) nor text in UTF-8 or GB18030");
        c->errors++;
        return;
    }
    Csv csv;
    csv_parse(&csv, text, len);
    if (csv.error) {
        SrcPos p = { c->file, csv.error_line, 1 };
        diag_error(p, "%s", csv.error);
        c->errors++;
    } else collect_rows(c, &csv, NULL, out);
    csv_free(&csv);
    free(text);
}

/* The sheet holding the form: 任务进展, else the first with a header row. */
static const XlsxSheet *form_sheet(const XlsxBook *b)
{
    const XlsxSheet *s = xlsx_sheet(b, FORM_SHEET);
    if (s) return s;
    for (size_t i = 0; i < b->n; i++)
        for (size_t r = 0; r < b->sheets[i].grid.n; r++) {
            const CsvRow *row = &b->sheets[i].grid.rows[r];
            if (row->n && strcmp(row->fields[0], "类型") == 0) return &b->sheets[i];
        }
    return b->n ? &b->sheets[0] : NULL;
}

/* A workbook form (Excel, WPS, LibreOffice). */
static void collect_xlsx(Collect *c, const char *raw, size_t len, cJSON *out)
{
    XlsxBook book;
    char err[300];
    if (!xlsx_read(&book, raw, len, err, sizeof err)) {
        diag_error(file_pos(c->file), "%s", err);
        c->errors++;
        return;
    }
    const XlsxSheet *s = form_sheet(&book), *id = xlsx_sheet(&book, FORM_ID_SHEET);
    const char *identity = id && id->grid.n && id->grid.rows[0].n ? id->grid.rows[0].fields[0] : NULL;
    if (!s) {
        diag_error(file_pos(c->file), "the workbook has no sheet");
        c->errors++;
    } else {
        c->sheet = s->name;
        collect_rows(c, &s->grid, identity, out);
    }
    xlsx_free(&book);
}

/* One form file, told by content: a workbook, an old .xls, or CSV. */
static void collect_file(Collect *c, const char *raw, size_t len, cJSON *out)
{
    if (len >= 4 && memcmp(raw, "PK\x03\x04", 4) == 0) collect_xlsx(c, raw, len, out);
    else if (len >= 8 && memcmp(raw, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
        diag_error(file_pos(c->file), "an old Excel file (.xls) or a workbook with a password: save it as .xlsx (without a password) and hand it in again");
        c->errors++;
    } else collect_csv(c, raw, len, out);
}

/* The entries as JSON to output (its folder made, as docs/数据格式.md
 * tells users to name one) or to stdout; false when it cannot be written
 * (reported). */
static bool write_entries(const cJSON *root, const char *output)
{
    char *json = cJSON_Print(root);
    char *text = xasprintf("%s\n", json);
    cJSON_free(json);
    bool ok = true;
    if (!output) {
        fputs(text, stdout);
    } else {
        char *dir = xstrdup(output), *slash = strrchr(dir, '/');
        if (slash && slash != dir) *slash = '\0';
        if ((slash && slash != dir && make_dirs(dir) != 0) || write_file_atomic(output, text, strlen(text)) != 0) {
            diag_error(file_pos(output), "cannot write: %s", strerror(errno));
            ok = false;
        }
        free(dir);
    }
    free(text);
    return ok;
}

/* Every form read; nothing is written while any form has an error or
 * could not be read, unless --partial asks for the good rows. */
int collect_run(char **files, size_t n_files, const char *output, const char *data_path, bool partial, bool quiet)
{
    Data *d = data_load(data_path);
    if (!d) return EXIT_DATA;
    if (d->global_errors) {
        fprintf(stderr, _("jindu: the data itself has errors, so the forms cannot be checked: fix the errors above first\n"));
        data_free(d);
        return EXIT_DATA;
    }
    cJSON *root = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(root, "progress");
    int errors = 0, empty = 0, rc = EXIT_OK;
    const char **form_of = xcalloc(d->n_institutions + 1, sizeof *form_of);
    for (size_t f = 0; f < n_files; f++) {
        char *raw;
        size_t len;
        if (read_file(files[f], 16u << 20, &raw, &len) != 0) {
            diag_error(file_pos(files[f]), "cannot read: %s", file_strerror(errno));
            rc = EXIT_IO;
            errors++;
            continue;
        }
        Collect c = { d, files[f], NULL, 0, 0, form_of };
        collect_file(&c, raw, len, arr);
        errors += c.errors;
        empty += c.empty_forms;
        free(raw);
    }
    int entries = cJSON_GetArraySize(arr);
    if (errors && !partial) {
        if (!quiet)
            fprintf(stderr, ngettext("jindu: the forms have %d error; nothing was written (correct it and collect again; "
                                     "--partial writes the good rows only)\n",
                                     "jindu: the forms have %d errors; nothing was written (correct them and collect again; "
                                     "--partial writes the good rows only)\n", (unsigned long)errors), errors);
        if (rc == EXIT_OK) rc = EXIT_DATA;
    } else if (!write_entries(root, output)) {
        rc = EXIT_IO;
    } else {
        if (!quiet && !errors)
            fprintf(stderr, _("jindu: %d progress entries from %zu forms%s\n"), entries, n_files,
                    empty ? _(" (some forms were empty: see the warnings above)") : "");
        else if (!quiet)
            fprintf(stderr, _("jindu: only the %d good progress entries were written; the %d with errors were not (see above)\n"),
                    entries, errors);
        if (errors && rc == EXIT_OK) rc = EXIT_DATA;
    }
    free(form_of);
    cJSON_Delete(root);
    data_free(d);
    return rc;
}
