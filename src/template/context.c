/* context.c - see context.h. */
#include "template/context.h"
#include "data/supervision.h"
#include "base/cnfmt.h"
#include "base/date.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static Value *str(Arena *a, const char *s) { return val_str_ref(a, s); }   /* data strings outlive the arena */
static Value *num(Arena *a, double x) { return val_num(a, x); }
static Value *date_or_null(Arena *a, int d) { return d == DATE_NONE ? val_null() : val_date(a, d); }

static Value *str_list(Arena *a, char **items, size_t n)
{
    Value *l = val_list(a, n);
    for (size_t i = 0; i < n; i++) val_push(a, l, str(a, items[i]));
    return l;
}

static Value *flag_list(Arena *a, unsigned flags)
{
    Value *l = val_list(a, 0);
    for (int f = 0; f < FLAG_COUNT; f++)
        if (flags & (1u << f)) val_push(a, l, str(a, flag_name(f)));
    return l;
}

static Value *period_value(Arena *a, int period)
{
    Value *p = val_map(a, 5);
    char code[16];
    period_format(period, code);
    val_set(a, p, "year", num(a, period_year(period)));
    val_set(a, p, "quarter", num(a, period_quarter(period)));
    val_set(a, p, "code", val_str(a, code));
    val_set(a, p, "first_day", val_date(a, period_first_day(period)));
    val_set(a, p, "last_day", val_date(a, period_first_day(period + 1) - 1));
    return p;
}

/* The first quarter any of an institution's indicators reported in: the
 * trend charts run from there to the current period. */
static int first_period(const Results *r, size_t k)
{
    const InstitutionResult *ir = &r->inst[k];
    int first = r->data->period;
    for (size_t i = 0; i < ir->n_indicators; i++)
        if (ir->indicators[i].n_history && ir->indicators[i].history[0].period < first)
            first = ir->indicators[i].history[0].period;
    return first;
}

/* Points as the documents print them (two decimals, half away from zero):
 * a template asks `t.lost_points > 0` and never meets a loss of 0.003
 * that prints as 0.00. */
static double as_printed(double points)
{
    Buf b = {0};
    fmt_fixed(&b, points, 2);
    double x = strtod(buf_cstr(&b), NULL);
    buf_free(&b);
    return x;
}

_Static_assert(sizeof(size_t) >= 8, "records pack two indices in a size_t");

/* A task of institution k as a record: index is k << 32 | t. */
#define TASK_MEMBERS(X)                                                                                        \
    X(id) X(no) X(section) X(title) X(text) X(lead) X(responsible) X(start) X(due) X(weight) X(status)       \
    X(reported) X(expected) X(flags) X(flagged) X(overdue) X(not_reported) X(factor) X(max_points) X(points) \
    X(lost) X(lost_points) X(summary) X(problems) X(next_steps) X(reported_on) X(warning) X(repeat)          \
    X(flags_before)
#define MEMBER_ENUM(m) TASK_##m,
#define MEMBER_NAME(m) #m,
enum { TASK_MEMBERS(MEMBER_ENUM) };
static const char *const TASK_KEYS[] = { TASK_MEMBERS(MEMBER_NAME) NULL };

static Value *task_member(Arena *a, const void *ctx, size_t index, size_t key)
{
    const Results *r = ctx;
    const Data *d = r->data;
    const TaskResult *tr = &r->inst[index >> 32].tasks[index & 0xFFFFFFFFu];
    const Task *t = &d->tasks[tr->task];
    const Progress *p = tr->entry >= 0 ? &d->progress[tr->entry] : NULL;
    const EntryText *words = p ? p->text : NULL;
    switch (key) {
    case TASK_id: return str(a, t->id);
    case TASK_no: return str(a, t->no);
    case TASK_section: return str(a, t->section);
    case TASK_title: return str(a, t->title);
    case TASK_text: return str(a, t->text);
    case TASK_lead: return str_list(a, t->lead, t->n_lead);
    case TASK_responsible: return str_list(a, t->responsible, t->n_responsible);
    case TASK_start: return val_date(a, t->start);
    case TASK_due: return val_date(a, t->due);
    case TASK_weight: return num(a, t->weight);
    case TASK_status: return str(a, status_label(tr->status));
    case TASK_reported: {
        double pct;
        return task_reported(r, tr, &pct) ? num(a, pct) : val_null();
    }
    case TASK_expected: return num(a, task_expected(r, tr));
    case TASK_flags: return flag_list(a, tr->flags);
    case TASK_flagged: return val_bool(tr->flags != 0);
    case TASK_overdue: return val_bool((tr->flags & FLAG_OVERDUE) != 0);
    case TASK_not_reported: return val_bool(tr->status == STATUS_NONE);
    case TASK_factor: return num(a, tr->factor);
    case TASK_max_points: return num(a, tr->max_points);
    case TASK_points: return num(a, tr->points);
    case TASK_lost: return num(a, tr->max_points - tr->points);
    case TASK_lost_points: return num(a, as_printed(tr->max_points - tr->points));
    case TASK_summary: return str(a, words ? words->summary : NULL);
    case TASK_problems: return str(a, words ? words->problems : NULL);
    case TASK_next_steps: return str(a, words ? words->next_steps : NULL);
    case TASK_reported_on: return date_or_null(a, p ? p->reported_on : DATE_NONE);
    case TASK_warning: return str(a, warning_name(tr->warning));
    case TASK_repeat: return val_bool(tr->repeat);
    case TASK_flags_before: return flag_list(a, tr->prev_flags);
    }
    return NULL;
}

static const RecordType TASK_RECORD = { TASK_KEYS, task_member };

/* An indicator of institution k as a record: index is k << 32 | i. */
#define INDICATOR_MEMBERS(X)                                                                                   \
    X(id) X(name) X(unit) X(target) X(lower_better) X(baseline) X(due) X(weight) X(task_no) X(task_title)   \
    X(value) X(value_period) X(current) X(previous) X(attainment) X(is_due) X(flags) X(flagged) X(max_points) \
    X(points) X(lost) X(lost_points) X(met) X(history) X(trend) X(warning) X(repeat) X(flags_before)
#define INDICATOR_ENUM(m) INDICATOR_##m,
enum { INDICATOR_MEMBERS(INDICATOR_ENUM) };
static const char *const INDICATOR_KEYS[] = { INDICATOR_MEMBERS(MEMBER_NAME) NULL };

static Value *indicator_member(Arena *a, const void *ctx, size_t index, size_t key)
{
    const Results *r = ctx;
    const Data *d = r->data;
    size_t k = index >> 32;
    const IndicatorResult *xr = &r->inst[k].indicators[index & 0xFFFFFFFFu];
    const Indicator *ind = &d->indicators[xr->indicator];
    const HistoryPoint *latest = indicator_latest(xr), *current = indicator_at(xr, d->period),
                       *previous = indicator_at(xr, d->period - 1);
    switch (key) {
    case INDICATOR_id: return str(a, ind->id);
    case INDICATOR_name: return str(a, ind->name);
    case INDICATOR_unit: return str(a, ind->unit ? ind->unit : "");
    case INDICATOR_target: return num(a, ind->target);
    case INDICATOR_lower_better: return val_bool(ind->lower_better);
    case INDICATOR_baseline: return ind->has_baseline ? num(a, ind->baseline) : val_null();
    case INDICATOR_due: return val_date(a, ind->due);
    case INDICATOR_weight: return num(a, ind->weight);
    case INDICATOR_task_no: return str(a, d->tasks[ind->task].no);
    case INDICATOR_task_title: return str(a, d->tasks[ind->task].title);
    case INDICATOR_value: return latest ? num(a, latest->value) : val_null();
    case INDICATOR_value_period: return latest ? period_value(a, latest->period) : val_null();
    case INDICATOR_current: return current ? num(a, current->value) : val_null();
    case INDICATOR_previous: return previous ? num(a, previous->value) : val_null();
    case INDICATOR_attainment: return num(a, xr->attainment * 100);
    case INDICATOR_is_due: return val_bool(xr->due);
    case INDICATOR_flags: return flag_list(a, xr->flags);
    case INDICATOR_flagged: return val_bool(xr->flags != 0);
    case INDICATOR_max_points: return num(a, xr->max_points);
    case INDICATOR_points: return num(a, xr->points);
    case INDICATOR_lost: return num(a, xr->max_points - xr->points);
    case INDICATOR_lost_points: return num(a, as_printed(xr->max_points - xr->points));
    case INDICATOR_met: return val_bool(xr->due && xr->flags == 0);
    case INDICATOR_warning: return str(a, warning_name(xr->warning));
    case INDICATOR_repeat: return val_bool(xr->repeat);
    case INDICATOR_flags_before: return flag_list(a, xr->prev_flags);
    case INDICATOR_history: {
        Value *hist = val_list(a, xr->n_history);
        for (size_t h = 0; h < xr->n_history; h++) {
            Value *e = val_map(a, 3);
            val_set(a, e, "period", period_value(a, xr->history[h].period));
            val_set(a, e, "value", num(a, xr->history[h].value));
            val_set(a, e, "attainment", num(a, xr->history[h].attainment * 100));
            val_push(a, hist, e);
        }
        return hist;
    }
    case INDICATOR_trend: {
        /* attainment in each quarter of the institution's trend (null: none) */
        int first = first_period(r, k), last = d->period;
        Value *trend = val_list(a, (size_t)(last - first + 1));
        for (int q = first; q <= last; q++) {
            Value *x = val_null();
            for (size_t h = 0; h < xr->n_history; h++)
                if (xr->history[h].period == q) x = num(a, xr->history[h].attainment * 100);
            val_push(a, trend, x);
        }
        return trend;
    }
    }
    return NULL;
}

static const RecordType INDICATOR_RECORD = { INDICATOR_KEYS, indicator_member };

static Value *lazy_tasks(Arena *a, const void *ctx, size_t k)
{
    const Results *r = ctx;
    const InstitutionResult *ir = &r->inst[k];
    Value *l = val_list(a, ir->n_tasks);
    for (size_t t = 0; t < ir->n_tasks; t++) val_push(a, l, val_record(a, &TASK_RECORD, r, (size_t)k << 32 | t));
    return l;
}

static Value *lazy_indicators(Arena *a, const void *ctx, size_t k)
{
    const Results *r = ctx;
    const InstitutionResult *ir = &r->inst[k];
    Value *l = val_list(a, ir->n_indicators);
    for (size_t i = 0; i < ir->n_indicators; i++)
        val_push(a, l, val_record(a, &INDICATOR_RECORD, r, (size_t)k << 32 | i));
    return l;
}

static Value *lazy_quarters(Arena *a, const void *ctx, size_t k)
{
    const Results *r = ctx;
    Value *l = val_list(a, 0);
    for (int q = first_period(r, k); q <= r->data->period; q++) val_push(a, l, period_value(a, q));
    return l;
}

static Value *points_or_null(Arena *a, bool has, double x) { return has ? num(a, x) : val_null(); }

/* An institution as a record: its members computed when read, nothing
 * kept (a summary of 10,000 institutions held 23 MB of their maps). */
#define INSTITUTION_MEMBERS(X)                                                                                  \
    X(id) X(name) X(short_name) X(type) X(head) X(complete) X(data_errors) X(total) X(total_text) X(rank)    \
    X(grade)                                                                                                 \
    X(notice_number) X(flagged) X(n_flagged) X(task_part) X(indicator_part) X(task_max) X(indicator_max)     \
    X(mean_reported) X(counts) X(tasks) X(indicators) X(quarters) X(warnings) X(repeats) X(follow_up)    \
    X(follow_items) X(n_red) X(n_yellow) X(n_blue) X(reasons)
#define INSTITUTION_ENUM(m) INSTITUTION_##m,
enum { INSTITUTION_MEMBERS(INSTITUTION_ENUM) };
static const char *const INSTITUTION_KEYS[] = { INSTITUTION_MEMBERS(MEMBER_NAME) NULL };

static Value *status_counts(Arena *a, const InstitutionResult *ir)
{
    Value *c = val_map(a, 6);
    val_set(a, c, "done", num(a, ir->status_counts[STATUS_DONE + 1]));
    val_set(a, c, "on_track", num(a, ir->status_counts[STATUS_ON_TRACK + 1]));
    val_set(a, c, "behind", num(a, ir->status_counts[STATUS_BEHIND + 1]));
    val_set(a, c, "not_started", num(a, ir->status_counts[STATUS_NOT_STARTED + 1]));
    val_set(a, c, "not_reported", num(a, ir->status_counts[0]));
    val_set(a, c, "tasks", num(a, (double)ir->n_tasks));
    return c;
}

/* Items by warning level: red, yellow, blue (and their sum, any). */
static Value *warning_counts(Arena *a, const int *w)
{
    Value *c = val_map(a, 4);
    val_set(a, c, "red", num(a, w[WARN_RED]));
    val_set(a, c, "yellow", num(a, w[WARN_YELLOW]));
    val_set(a, c, "blue", num(a, w[WARN_BLUE]));
    val_set(a, c, "any", num(a, w[WARN_RED] + w[WARN_YELLOW] + w[WARN_BLUE]));
    return c;
}

/* A rate as a percent, or null where there was nothing to rate. */
static Value *rate_or_null(Arena *a, int items, int resolved)
{
    double rate;
    return follow_up_rate(items, resolved, &rate) ? num(a, rate * 100) : val_null();
}

/* Last quarter's items and their state now (supervision.md): kind (任务 or
 * 指标), id, name, the flags then and now, state (已整改 or 未整改). */
static Value *follow_up_value(Arena *a, const Results *r, size_t k)
{
    const Data *d = r->data;
    const InstitutionResult *ir = &r->inst[k];
    size_t n;
    FollowItem *items = follow_up_list(r, k, &n);
    Value *list = val_list(a, n);
    for (size_t i = 0; i < n; i++) {
        Value *e = val_map(a, 7);
        unsigned before, now;
        if (items[i].is_indicator) {
            const IndicatorResult *xr = &ir->indicators[items[i].index];
            val_set(a, e, "kind", val_str(a, "指标"));
            val_set(a, e, "id", str(a, d->indicators[xr->indicator].id));
            val_set(a, e, "name", str(a, d->indicators[xr->indicator].name));
            before = xr->prev_flags, now = xr->flags;
        } else {
            const TaskResult *tr = &ir->tasks[items[i].index];
            val_set(a, e, "kind", val_str(a, "任务"));
            val_set(a, e, "id", str(a, d->tasks[tr->task].id));
            val_set(a, e, "name", str(a, d->tasks[tr->task].title));
            before = tr->prev_flags, now = tr->flags;
        }
        val_set(a, e, "flags_before", flag_list(a, before));
        val_set(a, e, "flags_now", flag_list(a, now));
        val_set(a, e, "resolved", val_bool(now == 0));
        val_set(a, e, "state", val_str(a, now ? "未整改" : "已整改"));
        val_push(a, list, e);
    }
    free(items);
    Value *f = val_map(a, 4);
    val_set(a, f, "items", num(a, ir->follow_items));
    val_set(a, f, "resolved", num(a, ir->follow_resolved));
    val_set(a, f, "rate", rate_or_null(a, ir->follow_items, ir->follow_resolved));
    val_set(a, f, "list", list);
    return f;
}

/* The flags of the institution's items, counted: [{name, count}] in the
 * flags' order, those that occur (a notice's summary by reason). */
static Value *reason_counts(Arena *a, const InstitutionResult *ir)
{
    int count[FLAG_COUNT] = {0};
    for (size_t t = 0; t < ir->n_tasks; t++)
        for (int f = 0; f < FLAG_COUNT; f++) count[f] += (ir->tasks[t].flags >> f) & 1;
    for (size_t i = 0; i < ir->n_indicators; i++)
        for (int f = 0; f < FLAG_COUNT; f++) count[f] += (ir->indicators[i].flags >> f) & 1;
    Value *l = val_list(a, FLAG_COUNT);
    for (int f = 0; f < FLAG_COUNT; f++) {
        if (!count[f]) continue;
        Value *e = val_map(a, 2);
        val_set(a, e, "name", val_str(a, flag_name(f)));
        val_set(a, e, "count", num(a, count[f]));
        val_push(a, l, e);
    }
    return l;
}

static int repeats(const InstitutionResult *ir)
{
    int n = 0;
    for (size_t t = 0; t < ir->n_tasks; t++) n += ir->tasks[t].repeat;
    for (size_t i = 0; i < ir->n_indicators; i++) n += ir->indicators[i].repeat;
    return n;
}

static Value *institution_member(Arena *a, const void *ctx, size_t k, size_t key)
{
    const Results *r = ctx;
    const Institution *inst = &r->data->institutions[k];
    const InstitutionResult *ir = &r->inst[k];
    double sum = 0;
    char total[32];
    switch (key) {
    case INSTITUTION_id: return str(a, inst->id);
    case INSTITUTION_name: return str(a, inst->name);
    case INSTITUTION_short_name: return str(a, inst->short_name);
    case INSTITUTION_type: return str(a, inst->type);
    case INSTITUTION_head: return str(a, inst->head);
    case INSTITUTION_complete: return val_bool(!inst->has_errors);
    case INSTITUTION_data_errors: return val_bool(ir->data_errors);
    case INSTITUTION_total: return num(a, (double)ir->total_tenths / 10);
    case INSTITUTION_total_text: total_display(ir->total_tenths, total); return val_str(a, total);
    case INSTITUTION_rank: return ir->data_errors ? val_null() : num(a, ir->rank);
    case INSTITUTION_grade: return str(a, ir->grade);
    case INSTITUTION_notice_number: return str(a, ir->notice_number);
    case INSTITUTION_flagged: return val_bool(ir->notice_number != NULL);
    case INSTITUTION_n_flagged: return num(a, ir->n_flagged);
    case INSTITUTION_task_part: return points_or_null(a, ir->has_task_part, ir->task_part);
    case INSTITUTION_indicator_part: return points_or_null(a, ir->has_indicator_part, ir->indicator_part);
    case INSTITUTION_task_max:
        for (size_t t = 0; t < ir->n_tasks; t++) sum += ir->tasks[t].max_points;
        return num(a, sum);
    case INSTITUTION_indicator_max:
        for (size_t i = 0; i < ir->n_indicators; i++) sum += ir->indicators[i].max_points;
        return num(a, sum);
    case INSTITUTION_mean_reported: return num(a, ir->mean_reported);
    case INSTITUTION_counts: return status_counts(a, ir);
    case INSTITUTION_tasks: return lazy_tasks(a, r, k);
    case INSTITUTION_indicators: return lazy_indicators(a, r, k);
    case INSTITUTION_quarters: return lazy_quarters(a, r, k);
    case INSTITUTION_warnings: return warning_counts(a, ir->warnings);
    case INSTITUTION_repeats: return num(a, repeats(ir));
    case INSTITUTION_follow_up: return follow_up_value(a, r, k);
    case INSTITUTION_follow_items: return num(a, ir->follow_items);
    case INSTITUTION_n_red: return num(a, ir->warnings[WARN_RED]);
    case INSTITUTION_n_yellow: return num(a, ir->warnings[WARN_YELLOW]);
    case INSTITUTION_n_blue: return num(a, ir->warnings[WARN_BLUE]);
    case INSTITUTION_reasons: return reason_counts(a, ir);
    }
    return NULL;
}

static const RecordType INSTITUTION_RECORD = { INSTITUTION_KEYS, institution_member };

static Value *institution_value(Arena *a, const void *ctx, size_t k)
{
    return val_record(a, &INSTITUTION_RECORD, ctx, k);
}

static Value *lazy_institutions(Arena *a, const void *ctx, size_t unused)
{
    (void)unused;
    const Results *r = ctx;
    Value *l = val_list(a, r->n);
    for (size_t k = 0; k < r->n; k++) val_push(a, l, institution_value(a, r, k));
    return l;
}

/* Members names[i] = values[i] (strings, or null) of map m. */
static void set_strings(Arena *a, Value *m, const char *const *names, const char *const *values, size_t n)
{
    for (size_t i = 0; i < n; i++) val_set(a, m, names[i], str(a, values[i]));
}

Value *context_globals(Arena *a, const Results *r)
{
    const Data *d = r->data;
    Value *g = val_map(a, 12);

    const Issuer *is = &d->issuer;
    Value *issuer = val_map(a, 8);
    const char *const issuer_names[] = { "name", "short_name", "doc_code", "header", "print_office",
                                         "contact_person", "contact_phone" };
    const char *const issuer_values[] = { is->name, is->short_name, is->doc_code, is->header, is->print_office,
                                          is->contact_person, is->contact_phone };
    set_strings(a, issuer, issuer_names, issuer_values, 7);
    val_set(a, issuer, "cc", str_list(a, is->cc, is->n_cc));
    val_set(a, g, "issuer", issuer);

    const Plan *pl = &d->plan;
    Value *plan = val_map(a, 7);
    const char *const plan_names[] = { "title", "short_title", "doc_no", "issued_by" };
    const char *const plan_values[] = { pl->title, pl->short_title, pl->doc_no, pl->issued_by };
    set_strings(a, plan, plan_names, plan_values, 4);
    val_set(a, plan, "issued_on", date_or_null(a, pl->issued_on));
    val_set(a, plan, "start", val_date(a, pl->start));
    val_set(a, plan, "end", val_date(a, pl->end));
    val_set(a, g, "plan", plan);

    val_set(a, g, "period", period_value(a, d->period));
    val_set(a, g, "as_of", val_date(a, d->as_of));
    val_set(a, g, "notice_date", val_date(a, r->notice_date));
    val_set(a, g, "reply_by", val_date(a, r->reply_by));

    Value *rules = val_map(a, 5);
    Value *grades = val_list(a, d->rules.n_grades);
    for (size_t i = 0; i < d->rules.n_grades; i++) {
        Value *gr = val_map(a, 2);
        val_set(a, gr, "label", str(a, d->rules.grades[i].label));
        val_set(a, gr, "min", num(a, d->rules.grades[i].min));
        val_push(a, grades, gr);
    }
    val_set(a, rules, "grades", grades);
    val_set(a, rules, "lag_threshold", num(a, d->rules.lag_threshold));
    val_set(a, rules, "task_share", num(a, d->rules.task_share));
    val_set(a, rules, "indicator_share", num(a, d->rules.indicator_share));
    val_set(a, rules, "overdue_penalty", num(a, d->rules.overdue_penalty * 100));
    val_set(a, rules, "due_soon_days", num(a, (double)d->rules.warning_due_soon_days));
    val_set(a, rules, "items_in_body", num(a, (double)d->rules.notice_items_in_body));
    val_set(a, g, "rules", rules);

    size_t flagged = 0;
    for (size_t k = 0; k < r->n; k++) flagged += r->inst[k].notice_number != NULL;
    Value *overall = val_map(a, 4);
    val_set(a, overall, "count", num(a, (double)r->n_ranked));   /* ranked: without data errors */
    val_set(a, overall, "average", num(a, r->average_total));
    val_set(a, overall, "best", num(a, r->best_total));
    val_set(a, overall, "flagged", num(a, (double)flagged));
    int warnings[4] = {0};
    InstitutionResult all = {0};   /* status counts over every institution */
    for (size_t k = 0; k < r->n; k++) {
        for (int w = 0; w < 4; w++) warnings[w] += r->inst[k].warnings[w];
        for (int s = 0; s < 5; s++) all.status_counts[s] += r->inst[k].status_counts[s];
        all.n_tasks += r->inst[k].n_tasks;
    }
    val_set(a, overall, "counts", status_counts(a, &all));
    val_set(a, overall, "warnings", warning_counts(a, warnings));
    val_set(a, overall, "follow_items", num(a, r->follow_items));
    val_set(a, overall, "follow_resolved", num(a, r->follow_resolved));
    val_set(a, overall, "follow_up_rate", rate_or_null(a, r->follow_items, r->follow_resolved));
    val_set(a, g, "overall", overall);

    val_set(a, g, "previous_period", r->has_previous ? period_value(a, d->period - 1) : val_null());
    Value *bulletin = val_map(a, 3);
    val_set(a, bulletin, "number", str(a, r->bulletin_number));
    val_set(a, bulletin, "to", str(a, d->rules.bulletin_to));
    val_set(a, bulletin, "named", num(a, (double)d->rules.bulletin_named));
    val_set(a, g, "bulletin", bulletin);

    val_set_lazy(a, g, "institutions", lazy_institutions, r, 0);
    return g;
}

void context_set_institution(Arena *a, Value *globals, const Results *r, size_t k)
{
    val_set(a, globals, "institution", institution_value(a, r, k));
}

static void collect_members(Arena *a, Value *v, StrMap *members, int depth)
{
    if (!v || depth > 8) return;
    if (v->kind == V_LIST) {
        /* every item has the same members: the first one tells */
        if (v->u.list.n) collect_members(a, v->u.list.items[0], members, depth + 1);
        return;
    }
    if (v->kind != V_MAP) return;
    for (size_t i = 0; i < val_map_size(v); i++) {
        const char *key = val_map_key(v, i);
        strmap_put(members, key, 1);
        if (strcmp(key, "institutions") == 0) continue;   /* the same shape as institution */
        collect_members(a, val_get(a, v, key), members, depth + 1);
    }
}

void context_names(const Results *r, StrMap *globals, StrMap *members)
{
    Arena a = {0};
    Value *g = context_globals(&a, r);
    if (r->n) context_set_institution(&a, g, r, 0);
    else val_set(&a, g, "institution", val_map(&a, 0));
    for (size_t i = 0; i < val_map_size(g); i++) strmap_put(globals, val_map_key(g, i), 1);
    collect_members(&a, g, members, 0);
    /* every member this file sets, whether or not this run's data has a
     * value holding it (no indicators at all, say), and what filters and
     * loops make; the walk above adds anything this list forgets */
    static const char *const MEMBERS[] = {
        "as_of", "attainment", "average", "baseline", "behind", "best", "cc", "code", "complete", "contact_person",
        "contact_phone", "count", "counts", "current", "data_errors", "doc_code", "doc_no", "done", "due", "end", "expected",
        "factor", "first_day", "flagged", "flags", "grade", "grades", "head", "header", "history", "id",
        "indicator_max", "indicator_part", "indicator_share", "indicators", "institution", "institutions", "is_due",
        "issued_by", "issued_on", "issuer", "label", "lag_threshold", "last_day", "lead", "lost", "lost_points", "lower_better",
        "max_points", "mean_reported", "met", "min", "n_flagged", "name", "next_steps", "no", "not_reported",
        "not_started", "notice_date", "notice_number", "on_track", "overall", "overdue", "overdue_penalty",
        "period", "plan", "points", "previous", "print_office", "problems", "quarter", "quarters", "rank",
        "reply_by", "reported", "reported_on", "responsible", "rules", "section", "short_name", "short_title",
        "start", "status", "summary", "target", "task_max", "task_no", "task_part", "task_share", "task_title",
        "tasks", "text", "title", "total", "total_text", "trend", "type", "unit", "value", "value_period", "weight",
        "year", "warning", "repeat", "flags_before", "flags_now", "warnings", "repeats", "follow_up", "red",
        "yellow", "blue", "any", "resolved", "rate", "list", "kind", "state", "follow_items", "follow_resolved",
        "follow_up_rate", "previous_period", "bulletin", "to", "due_soon_days", "n_red", "n_yellow", "n_blue", "reasons", "items_in_body",
        "named",
        "key", "items", "index", "index0", "revindex", "first", "last", "length", NULL };
    for (int i = 0; MEMBERS[i]; i++) strmap_put(members, MEMBERS[i], 1);
    strmap_put(globals, "institution", 1);
    arena_free(&a);
}
