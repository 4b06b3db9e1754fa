/* results.c - see results.h. Built with cJSON so strings are escaped
 * exactly and numbers print round-trip; member order is fixed here. */
#include "data/results.h"
#include "data/supervision.h"
#include "base/date.h"
#include "base/sha256.h"
#include "base/util.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* -0 (a difference of zeros) is written 0 */
static cJSON *num_or_null(bool has, double v) { return has ? cJSON_CreateNumber(v + 0.0) : cJSON_CreateNull(); }

static cJSON *str_or_null(const char *s) { return s ? cJSON_CreateString(s) : cJSON_CreateNull(); }

static cJSON *flags_array(unsigned flags)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < FLAG_COUNT; i++)
        if (flags & (1u << i)) cJSON_AddItemToArray(a, cJSON_CreateString(flag_name(i)));
    return a;
}

static char *print_and_free(cJSON *root)
{
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text) out_of_memory();
    return text;
}

/* A document written piece by piece: a province's results.json is tens
 * of MB, and as one cJSON tree it was hundreds. Each element of its one
 * big array is printed by cJSON on its own and indented as cJSON would
 * indent it at that depth, so the bytes are those of printing the whole. */
typedef struct {
    JsonSink sink;
    void *ctx;
    int rc;
} Out;

static void out_put(Out *o, const char *s, size_t n)
{
    if (!o->rc && n) o->rc = o->sink(o->ctx, s, n);
}

static void out_str(Out *o, const char *s) { out_put(o, s, strlen(s)); }

/* The head of a formatted object whose last member is an array, cut just
 * after that array's "[" (the array is printed empty, then reopened). */
static void out_head(Out *o, cJSON *root)
{
    char *text = print_and_free(root);
    size_t n = strlen(text);
    /* "...\t\"key\":\t[]\n}" ends the text: keep up to the "[" */
    out_put(o, text, n - 3);
    cJSON_free(text);
}

/* One element of the big array, at depth 2, after `first` or ", ". */
static void out_element(Out *o, cJSON *e, bool first)
{
    char *text = print_and_free(e);
    if (!first) out_str(o, ", ");
    const char *p = text;
    for (const char *nl; (nl = strchr(p, '\n')); p = nl + 1) {
        out_put(o, p, (size_t)(nl - p) + 1);
        out_str(o, "\t\t");
    }
    out_str(o, p);
    cJSON_free(text);
}

static cJSON *warnings_object(const InstitutionResult *ir)
{
    cJSON *w = cJSON_CreateObject();
    for (int level = WARN_RED; level >= WARN_BLUE; level--)
        cJSON_AddNumberToObject(w, warning_name(level), ir->warnings[level]);
    return w;
}

/* Last quarter's items and their state now (supervision.md). */
static cJSON *follow_up_object(const Results *r, size_t k)
{
    const Data *d = r->data;
    const InstitutionResult *ir = &r->inst[k];
    cJSON *f = cJSON_CreateObject();
    double rate;
    cJSON_AddNumberToObject(f, "items", ir->follow_items);
    cJSON_AddNumberToObject(f, "resolved", ir->follow_resolved);
    bool has = follow_up_rate(ir->follow_items, ir->follow_resolved, &rate);
    cJSON_AddItemToObject(f, "rate", num_or_null(has, has ? rate : 0));
    cJSON *list = cJSON_AddArrayToObject(f, "list");
    size_t n;
    FollowItem *items = follow_up_list(r, k, &n);
    for (size_t i = 0; i < n; i++) {
        cJSON *x = cJSON_CreateObject();
        unsigned before, now;
        if (items[i].is_indicator) {
            const IndicatorResult *xr = &ir->indicators[items[i].index];
            cJSON_AddStringToObject(x, "indicator", d->indicators[xr->indicator].id);
            before = xr->prev_flags;
            now = xr->flags;
        } else {
            const TaskResult *tr = &ir->tasks[items[i].index];
            cJSON_AddStringToObject(x, "task", d->tasks[tr->task].id);
            before = tr->prev_flags;
            now = tr->flags;
        }
        cJSON_AddItemToObject(x, "flags_before", flags_array(before));
        cJSON_AddItemToObject(x, "flags_now", flags_array(now));
        cJSON_AddStringToObject(x, "state", now ? "未整改" : "已整改");
        cJSON_AddItemToArray(list, x);
    }
    free(items);
    return f;
}

static cJSON *institution_object(const Results *r, size_t k)
{
    const Data *d = r->data;
    const InstitutionResult *ir = &r->inst[k];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", d->institutions[k].id);
    if (ir->data_errors) cJSON_AddTrueToObject(o, "data_errors");   /* only then: the common shape stays */
    cJSON_AddItemToObject(o, "task_part", num_or_null(ir->has_task_part, ir->task_part));
    cJSON_AddItemToObject(o, "indicator_part", num_or_null(ir->has_indicator_part, ir->indicator_part));
    cJSON_AddNumberToObject(o, "total", ir->total);
    char disp[32];
    total_display(ir->total_tenths, disp);
    cJSON_AddStringToObject(o, "total_display", disp);
    cJSON_AddItemToObject(o, "rank", ir->data_errors ? cJSON_CreateNull() : cJSON_CreateNumber(ir->rank));
    cJSON_AddItemToObject(o, "grade", str_or_null(ir->grade));
    cJSON_AddItemToObject(o, "notice_number", str_or_null(ir->notice_number));
    cJSON_AddItemToObject(o, "warnings", warnings_object(ir));
    cJSON_AddItemToObject(o, "follow_up", follow_up_object(r, k));
    cJSON *tasks = cJSON_AddArrayToObject(o, "tasks");
    for (size_t t = 0; t < ir->n_tasks; t++) {
        const TaskResult *tr = &ir->tasks[t];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddItemToArray(tasks, x);
        cJSON_AddStringToObject(x, "task", d->tasks[tr->task].id);
        cJSON_AddItemToObject(x, "status", str_or_null(status_name(tr->status)));
        double reported = 0;
        bool has_reported = task_reported(r, tr, &reported);
        cJSON_AddNumberToObject(x, "expected", task_expected(r, tr));
        cJSON_AddItemToObject(x, "reported", num_or_null(has_reported, reported));
        cJSON_AddItemToObject(x, "flags", flags_array(tr->flags));
        cJSON_AddItemToObject(x, "warning", str_or_null(warning_name(tr->warning)));
        cJSON_AddBoolToObject(x, "repeat", tr->repeat);
    }
    cJSON *inds = cJSON_AddArrayToObject(o, "indicators");
    for (size_t i = 0; i < ir->n_indicators; i++) {
        const IndicatorResult *xr = &ir->indicators[i];
        const Indicator *ind = &d->indicators[xr->indicator];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddItemToArray(inds, x);
        cJSON_AddStringToObject(x, "indicator", ind->id);
        const HistoryPoint *latest = indicator_latest(xr);
        cJSON_AddItemToObject(x, "value", num_or_null(latest != NULL, latest ? latest->value : 0));
        cJSON_AddNumberToObject(x, "target", ind->target);
        cJSON_AddNumberToObject(x, "attainment", xr->attainment);
        cJSON_AddItemToObject(x, "flags", flags_array(xr->flags));
        cJSON_AddItemToObject(x, "warning", str_or_null(warning_name(xr->warning)));
        cJSON_AddBoolToObject(x, "repeat", xr->repeat);
    }
    return o;
}

/* How the period's first number was found (supervision.md): its rule, and
 * for a quarter that follows earlier ones of its year, which quarter last
 * issued numbers and its last number. */
static cJSON *numbering_object(const Results *r)
{
    cJSON *n = cJSON_CreateObject();
    cJSON_AddNumberToObject(n, "first", (double)r->first_serial);
    cJSON_AddStringToObject(n, "rule", r->numbering_rule ? r->numbering_rule : "first_number");
    char buf[16];
    if (r->numbering_after >= 0) {
        period_format(r->numbering_after, buf);
        cJSON_AddStringToObject(n, "after", buf);
        cJSON_AddNumberToObject(n, "after_last", (double)r->numbering_after_last);
    } else {
        cJSON_AddNullToObject(n, "after");
        cJSON_AddNullToObject(n, "after_last");
    }
    return n;
}

int results_write(const Results *r, JsonSink sink, void *ctx)
{
    const Data *d = r->data;
    Out o = { sink, ctx, 0 };
    char buf[16];
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "schema", "jindu-results/1");
    period_format(d->period, buf);
    cJSON_AddStringToObject(root, "period", buf);
    date_format_iso(d->as_of, buf);
    cJSON_AddStringToObject(root, "as_of", buf);
    period_format(d->period - 1, buf);
    cJSON_AddItemToObject(root, "previous_period", r->has_previous ? cJSON_CreateString(buf) : cJSON_CreateNull());
    cJSON_AddStringToObject(root, "bulletin_number", r->bulletin_number);
    cJSON_AddItemToObject(root, "numbering", numbering_object(r));
    double rate;
    bool has_rate = follow_up_rate(r->follow_items, r->follow_resolved, &rate);
    cJSON_AddItemToObject(root, "follow_up_rate", num_or_null(has_rate, has_rate ? rate : 0));
    cJSON_AddArrayToObject(root, "institutions");
    out_head(&o, root);
    for (size_t k = 0; k < r->n; k++) out_element(&o, institution_object(r, k), k == 0);
    out_str(&o, "]\n}\n");
    return o.rc;
}

static int buf_sink(void *ctx, const char *text, size_t len)
{
    buf_append(ctx, text, len);
    return 0;
}

char *results_json(const Results *r)
{
    Buf b = {0};
    results_write(r, buf_sink, &b);
    return buf_take(&b);
}

void manifest_add_known(Manifest *m, const char *path, const char *kind, const char *institution, int pages,
                        size_t bytes, const char *sha256)
{
    ManifestEntry *e = ARRAY_PUSH(m->items, m->n, m->cap);
    e->path = xstrdup(path);
    e->kind = kind;
    e->institution = institution;
    e->pages = pages;
    e->bytes = bytes;
    snprintf(e->sha256, sizeof e->sha256, "%s", sha256);
}

void manifest_add(Manifest *m, const char *path, const char *kind, const char *institution, int pages,
                  const void *data, size_t len)
{
    char sha[65];
    sha256_hex(data, len, sha);
    manifest_add_known(m, path, kind, institution, pages, len, sha);
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const ManifestEntry *)a)->path, ((const ManifestEntry *)b)->path);
}

int manifest_write(Manifest *m, const char *period, JsonSink sink, void *ctx)
{
    qsort(m->items, m->n, sizeof *m->items, cmp_entry);
    Out o = { sink, ctx, 0 };
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "schema", "jindu-manifest/1");
    cJSON_AddStringToObject(root, "period", period);
    cJSON_AddArrayToObject(root, "files");
    out_head(&o, root);
    for (size_t i = 0; i < m->n; i++) {
        const ManifestEntry *e = &m->items[i];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "path", e->path);
        cJSON_AddStringToObject(x, "kind", e->kind);
        cJSON_AddItemToObject(x, "institution", str_or_null(e->institution));
        cJSON_AddNumberToObject(x, "pages", e->pages);
        cJSON_AddNumberToObject(x, "bytes", (double)e->bytes);
        cJSON_AddStringToObject(x, "sha256", e->sha256);
        out_element(&o, x, i == 0);
    }
    out_str(&o, "]\n}\n");
    return o.rc;
}

char *manifest_json(Manifest *m, const char *period)
{
    Buf b = {0};
    manifest_write(m, period, buf_sink, &b);
    return buf_take(&b);
}

void manifest_free(Manifest *m)
{
    for (size_t i = 0; i < m->n; i++) free(m->items[i].path);
    free(m->items);
    m->items = NULL;
    m->n = m->cap = 0;
}
