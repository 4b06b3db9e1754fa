/* progress.c - the progress entries (data-format.md): each read through
 * the table of its members (loading.h); problems inside an entry belong to
 * its institution, whose documents alone are then not made. */
#include "data/loading.h"
#include "data/entry.h"
#include "base/date.h"
#include "base/util.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    Progress p;
    EntryText text;        /* kept when the entry is of the reporting period */
    SrcPos pos;
    const char *inst_id;
    long task;             /* -1 until the task is known */
} EntryTarget;

static bool entry_task(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target)
{
    EntryTarget *et = target;
    const char *task_id = NULL;
    if (!read_string_view(c, obj, path, m->name, true, &task_id)) return false;
    long t = data_find_task(c->d, task_id);
    if (t < 0) {
        node_error(c, member_get(obj, "task"), "%s.task: no task has the id \"%s\"", path, task_id);
        return false;
    }
    if (!c->d->tasks[t].assigned[et->p.institution]) {
        node_error(c, member_get(obj, "task"), "%s.task: task \"%s\" is not assigned to institution \"%s\"", path, task_id,
             et->inst_id);
        return false;
    }
    et->task = t;
    et->p.task = (size_t)t;
    return true;
}

static bool entry_period(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target)
{
    EntryTarget *et = target;
    if (!read_period(c, obj, path, m->name, false, &et->p.period) || et->p.period <= c->d->period) return true;
    char a[16], b[16];
    period_format(et->p.period, a);
    period_format(c->d->period, b);
    node_error(c, member_get(obj, "period"), "%s.period: %s is after the reporting period %s", path, a, b);
    return false;
}

static bool entry_status(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target)
{
    EntryTarget *et = target;
    const cJSON *st = member_get(obj, m->name);
    if (!st) return member_missing(c, obj, path, m->name);
    if (cJSON_IsString(st) && status_parse(st->valuestring, &et->p.status)) return true;
    node_error(c, st, "%s.status: expected one of " STATUS_WORDS_SPACED " (or " STATUS_ALIASES_SPACED "), found %s%s%s",
         path, cJSON_IsString(st) ? "\"" : type_name(st), cJSON_IsString(st) ? st->valuestring : "",
         cJSON_IsString(st) ? "\"" : "");
    return false;
}

/* The percent given, or the one the status stands for (entry.h). */
static bool entry_percent(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target)
{
    EntryTarget *et = target;
    if (member_get(obj, m->name)) return read_number(c, obj, path, m->name, false, PERCENT_MIN, PERCENT_MAX, &et->p.percent);
    const cJSON *st = member_get(obj, "status");
    Status s;
    if (!cJSON_IsString(st) || !status_parse(st->valuestring, &s)) return true;   /* said by entry_status */
    if (!status_needs_percent(s)) {
        et->p.percent = status_default_percent(s);
        return true;
    }
    node_error(c, obj, "%s: missing \"percent\", required when the status is %s", path, status_name(s));
    return false;
}

/* One indicator value; false when it is an error (a mismatch that only
 * ignores the value is a warning). */
static bool entry_value(const Ctx *c, const cJSON *x, const char *path, EntryTarget *et)
{
    const Data *d = c->d;
    long ind = data_find_indicator(d, x->string);
    SrcPos kp = jsonsrc_key_pos(c->src, x);
    if (ind < 0) {
        diag_error(kp, "%s.indicators: no indicator has the id \"%s\"", path, x->string);
        *c->failed = true;
        return false;
    }
    if (!cJSON_IsNumber(x) && !cJSON_IsNull(x)) {
        node_error(c, x, "%s.indicators.%s: expected a number or null, found %s", path, x->string, type_name(x));
        return false;
    }
    if (et->task >= 0 && d->indicators[ind].task != (size_t)et->task) {
        diag_warning(kp, "%s.indicators: indicator \"%s\" belongs to task \"%s\", not \"%s\"; value ignored", path,
                     x->string, d->tasks[d->indicators[ind].task].id, d->tasks[et->task].id);
        return true;
    }
    if (!indicator_applies(d, (size_t)ind, et->p.institution)) {
        diag_warning(kp, "%s.indicators: indicator \"%s\" does not apply to institution \"%s\"; value ignored", path,
                     x->string, et->inst_id);
        return true;
    }
    IndicatorValue *v = &et->p.values[et->p.n_values++];
    v->indicator = (uint32_t)ind;
    v->has_value = cJSON_IsNumber(x);
    v->value = v->has_value ? x->valuedouble + 0.0 : 0;   /* -0 read as 0 */
    return true;
}

static bool entry_indicators(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target)
{
    EntryTarget *et = target;
    const cJSON *iv = member_get(obj, m->name);
    if (!iv) return true;
    if (!cJSON_IsObject(iv)) {
        node_error(c, iv, "%s.indicators: expected an object of indicator id to number, found %s", path, type_name(iv));
        return false;
    }
    size_t n = (size_t)cJSON_GetArraySize(iv);
    if (n == 0) return true;
    et->p.values = arena_alloc(&c->d->arena, n * sizeof *et->p.values);
    bool ok = true;
    for (const cJSON *x = iv->child; x; x = x->next) ok &= entry_value(c, x, path, et);
    return ok;
}

/* summary, problems, next_steps: checked always, kept for the reporting
 * period only */
static bool entry_words(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target)
{
    EntryTarget *et = target;
    char **out = et->p.period == c->d->period ? (char **)((char *)target + m->offset) : NULL;
    return read_string(c, obj, path, m->name, false, out);
}

#define T(fld) offsetof(EntryTarget, text.fld)
#define P(fld) offsetof(EntryTarget, p.fld)
static const Member ENTRY[] = {
    { "institution", NULL, true, 0, 0, 0, 0 },   /* read first: its errors are not the institution's */
    { "task", entry_task, true, 0, 0, 0, 0 },
    { "period", entry_period, false, 0, 0, 0, 0 },
    { "status", entry_status, true, 0, 0, 0, 0 },
    { "percent", entry_percent, false, 0, 0, 0, 0 },
    { "summary", entry_words, false, T(summary), 0, 0, 0 },
    { "problems", entry_words, false, T(problems), 0, 0, 0 },
    { "next_steps", entry_words, false, T(next_steps), 0, 0, 0 },
    { "reported_on", member_date, false, P(reported_on), 0, 0, 0 },
    { "indicators", entry_indicators, false, 0, 0, 0, 0 },
    MEMBER_END,
};

/* The entries' places, by entry, while they are loaded (for the errors
 * about duplicates); not kept with the entries. */
typedef struct {
    SrcPos *pos;
} Places;

static void load_progress_entry(Data *d, const JsonSrc *src, const cJSON *e, const char *path, Places *pl)
{
    bool unattributed = false;
    Ctx c = { d, src, &unattributed };
    if (!want_object(&c, e, path)) return;
    EntryTarget et = { .p = { .period = d->period, .reported_on = DATE_NONE }, .pos = node_pos(&c, e), .task = -1 };
    const char *inst_id = NULL;
    if (!read_string_view(&c, e, path, "institution", true, &inst_id)) return;
    long k = data_find_institution(d, inst_id);
    if (k < 0) {
        node_error(&c, member_get(e, "institution"), "%s.institution: no institution has the id \"%s\"", path, inst_id);
        return;
    }
    et.p.institution = (size_t)k;
    et.inst_id = inst_id;
    /* from here on, problems belong to this institution */
    c.failed = &d->institutions[k].has_errors;
    bool was = *c.failed;
    *c.failed = false;
    bool ok = read_members(&c, e, path, ENTRY, &et);
    *c.failed = *c.failed || was;
    if (!ok) return;
    if (et.text.summary || et.text.problems || et.text.next_steps) {
        EntryText *t = arena_alloc(&d->arena, sizeof *t);
        *t = et.text;
        et.p.text = t;
    }
    pl->pos[d->n_progress] = et.pos;
    d->progress[d->n_progress++] = et.p;
}

static int cmp_progress(const void *a, const void *b)
{
    const Progress *x = *(const Progress *const *)a, *y = *(const Progress *const *)b;
    if (x->institution != y->institution) return x->institution < y->institution ? -1 : 1;
    if (x->task != y->task) return x->task < y->task ? -1 : 1;
    if (x->period != y->period) return x->period < y->period ? -1 : 1;
    return x < y ? -1 : x > y;    /* input order */
}

static void load_progress_array(Data *d, const JsonSrc *src, const cJSON *arr, size_t room, Places *pl)
{
    size_t i = 0;
    for (const cJSON *e = arr->child; e && i < room; e = e->next, i++) {
        char path[48];
        snprintf(path, sizeof path, "progress[%zu]", i);
        load_progress_entry(d, src, e, path, pl);
    }
}

static void drop_duplicates(Data *d, const SrcPos *pos);

/* Entries older than the last quarter and than the year's first say
 * nothing any figure reads but their indicator values (documents.md reads
 * the status and percent of this quarter and the last, and every value an
 * indicator ever had; supervision.md's numbering, the flags of every
 * earlier quarter of the year): once checked, the others go. A province's
 * earlier quarters were most of its memory. */
static void drop_unread(Data *d)
{
    int year_first = d->period - (period_quarter(d->period) - 1);
    int keep_from = year_first < d->period - 1 ? year_first : d->period - 1;
    size_t w = 0;
    for (size_t i = 0; i < d->n_progress; i++)
        if (d->progress[i].period >= keep_from || d->progress[i].n_values > 0) d->progress[w++] = d->progress[i];
    d->n_progress = w;
    d->progress = xrealloc(d->progress, (w + 1) * sizeof *d->progress);
}

void load_progress(Data *d, TopMember *m, JsonSrc *const *srcs, const DeferredFile *deferred, size_t n_files)
{
    size_t total = 0;
    for (size_t f = 0; f < m->n; f++)
        if (cJSON_IsArray(m->occ[f].node)) total += (size_t)cJSON_GetArraySize(m->occ[f].node);
    for (size_t f = 0; f < n_files; f++) total += deferred[f].entries;
    if (total > MAX_PROGRESS) {
        diag_error(file_pos(n_files ? (deferred[0].name ? deferred[0].name : "data") : "data"),
                   "progress: %zu entries, more than the limit of %d", total, MAX_PROGRESS);
        d->global_errors = true;
        d->progress = xcalloc(1, sizeof *d->progress);
        return;
    }
    d->progress = xcalloc(total + 1, sizeof *d->progress);   /* its own: data_keep_period shrinks it */
    Places pl = { xmalloc((total + 1) * sizeof *pl.pos) };
    for (size_t file = 0; file < n_files; file++) {
        if (deferred[file].path) {
            JsonSrc *src = jsonsrc_load(deferred[file].path, deferred[file].name);
            if (!src) { d->global_errors = true; continue; }   /* changed under us: reported by jsonsrc */
            const cJSON *arr = cJSON_GetObjectItemCaseSensitive(jsonsrc_root(src), "progress");
            if (cJSON_IsArray(arr)) load_progress_array(d, src, arr, deferred[file].entries, &pl);
            jsonsrc_free(src);
            continue;
        }
        for (size_t f = 0; f < m->n; f++) {
            if (m->occ[f].src != srcs[file]) continue;
            if (!cJSON_IsArray(m->occ[f].node)) {
                Ctx c = { d, m->occ[f].src, &d->global_errors };
                node_error(&c, m->occ[f].node, "progress: expected an array, found %s", type_name(m->occ[f].node));
                continue;
            }
            load_progress_array(d, m->occ[f].src, m->occ[f].node, (size_t)-1, &pl);
        }
    }

    drop_duplicates(d, pl.pos);
    free(pl.pos);
    drop_unread(d);
}

/* Two entries for one institution, task and period: an error naming both;
 * the later one is dropped. */
static void drop_duplicates(Data *d, const SrcPos *pos)
{
    if (d->n_progress < 2) return;
    Progress **order = xmalloc(d->n_progress * sizeof *order);
    for (size_t i = 0; i < d->n_progress; i++) order[i] = &d->progress[i];
    qsort(order, d->n_progress, sizeof *order, cmp_progress);
    bool *drop = xcalloc(d->n_progress, sizeof *drop);
    for (size_t i = 1; i < d->n_progress; i++) {
        Progress *a = order[i - 1], *b = order[i];
        if (a->institution != b->institution || a->task != b->task || a->period != b->period) continue;
        size_t first = i - 1;
        while (first > 0 && drop[order[first] - d->progress]) first--;
        Progress *f0 = order[first];
        char per[16];
        period_format(b->period, per);
        SrcPos first_at = pos[f0 - d->progress];
        diag_error(pos[b - d->progress],
                   "second progress entry for institution \"%s\", task \"%s\", period %s (the first is at %s:%d:%d)",
                   d->institutions[b->institution].id, d->tasks[b->task].id, per, first_at.file, first_at.line,
                   first_at.col);
        d->institutions[b->institution].has_errors = true;
        drop[b - d->progress] = true;
    }
    size_t w = 0;
    for (size_t i = 0; i < d->n_progress; i++)
        if (!drop[i]) d->progress[w++] = d->progress[i];
    d->n_progress = w;
    free(drop);
    free(order);
}


int32_t *data_keep_period(Data *d, int period)
{
    int32_t *map = xmalloc((d->n_progress + 1) * sizeof *map);
    size_t w = 0;
    for (size_t i = 0; i < d->n_progress; i++) {
        if (d->progress[i].period != period) { map[i] = -1; continue; }
        map[i] = (int32_t)w;
        d->progress[w++] = d->progress[i];
    }
    d->n_progress = w;
    d->progress = xrealloc(d->progress, (w + 1) * sizeof *d->progress);
    return map;
}
