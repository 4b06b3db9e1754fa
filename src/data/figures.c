/* figures.c - see figures.h; the rules are documents.md's. */
#include "data/figures.h"
#include "data/supervision.h"
#include "base/date.h"
#include "base/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const FLAG_NAMES[FLAG_COUNT] = { "未报送", "逾期未完成", "自报滞后", "进度滞后", "未启动",
                                                    "指标未达标" };

const char *flag_name(int i) { return i >= 0 && i < FLAG_COUNT ? FLAG_NAMES[i] : ""; }

void total_display(long tenths, char out[32])
{
    snprintf(out, 32, "%s%ld.%ld", tenths < 0 ? "-" : "", labs(tenths) / 10, labs(tenths) % 10);
}

const char *status_label(Status s) { return s == STATUS_NONE ? "未报送" : status_name(s); }

static double clamp01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }

double expected_progress(int as_of, int start, int due)
{
    if (due == start) return as_of >= due ? 100 : 0;
    return clamp01((double)(as_of - start) / (double)(due - start)) * 100;
}

/* Half away from zero, once. x*10 can land a hair below .5 in binary (e.g.
 * 80.85*10 = 808.4999...), so snap to the nearest 1e-9 first: totals are sums
 * of a few products and carry far less error than that. */
long round_tenths(double x)
{
    double t = x * 10;
    double snapped = nearbyint(t * 1e6) / 1e6;
    if (fabs(snapped - t) < 1e-7) t = snapped;
    return lround(t);
}

static double attainment(const Indicator *ind, bool has, double v)
{
    if (!has) return 0;
    if (!ind->lower_better) {
        if (ind->target <= 0) return v >= ind->target ? 1 : 0;
        return clamp01(v / ind->target);
    }
    if (v <= ind->target) return 1;
    return clamp01(ind->target / v);   /* v > target here; v == 0 only if target < 0: -inf -> 0 */
}

static bool misses(const Indicator *ind, double v)
{
    return ind->lower_better ? v > ind->target : v < ind->target;
}

/* A part's weighted sums: the weights and the weighted factors. */
typedef struct {
    double weight, sum;
} PartSums;

/* Each task assigned to institution k: its entry (current[t], -1 for
 * none), flags, factor; the task part's sums. */
static PartSums task_results(const Data *d, const Results *res, const long *current, size_t k, InstitutionResult *ir)
{
    const Rules *r = &d->rules;
    PartSums ps = { 0, 0 };
    double rsum = 0;
    for (size_t t = 0; t < d->n_tasks; t++) {
        const Task *task = &d->tasks[t];
        if (!task->assigned[k]) continue;
        TaskResult *tr = &ir->tasks[ir->n_tasks++];
        tr->task = (uint32_t)t;
        tr->entry = (int32_t)current[t];
        double exp = res->task_expected[t], reported = 0;
        bool has_reported = tr->entry >= 0;
        tr->status = STATUS_NONE;
        if (has_reported) {
            const Progress *p = &d->progress[tr->entry];
            tr->status = (int8_t)p->status;
            reported = p->percent;
        }
        bool done = tr->status == STATUS_DONE;
        if (tr->entry < 0) tr->flags |= FLAG_NOT_REPORTED;
        if (task->due < d->as_of && !done) tr->flags |= FLAG_OVERDUE;
        if (tr->status == STATUS_BEHIND) tr->flags |= FLAG_SELF_LAG;
        if (has_reported && !done && exp - reported > r->lag_threshold) tr->flags |= FLAG_LAG;
        if (tr->status == STATUS_NOT_STARTED && exp > 0) tr->flags |= FLAG_NOT_STARTED;

        if (done) tr->factor = 1;
        else if (tr->entry < 0) tr->factor = 0;
        else tr->factor = exp > 0 ? fmin(1, reported / exp) : 1;
        if (tr->flags & FLAG_OVERDUE) tr->factor *= 1 - r->overdue_penalty;

        ir->status_counts[tr->status + 1]++;
        if (tr->flags) ir->n_flagged++;
        ps.weight += task->weight;
        ps.sum += task->weight * tr->factor;
        rsum += task->weight * reported;
    }
    ir->mean_reported = ps.weight > 0 ? rsum / ps.weight : 0;
    return ps;
}

/* Indicator i's values from the institution's entries of its task, kept
 * sorted by period (one entry per period: duplicates were rejected). */
static void indicator_history(const Data *d, Results *res, size_t i, const size_t *entries, size_t n_entries,
                              IndicatorResult *xr)
{
    const Indicator *ind = &d->indicators[i];
    size_t n_values = 0;
    for (size_t e = 0; e < n_entries; e++) {
        const Progress *p = &d->progress[entries[e]];
        for (size_t v = 0; p->task == ind->task && v < p->n_values; v++)
            n_values += p->values[v].indicator == i && p->values[v].has_value;
    }
    xr->history = n_values ? arena_alloc(&res->histories, n_values * sizeof *xr->history) : NULL;
    /* values come only from entries of the indicator's task (load.c) */
    for (size_t e = 0; e < n_entries; e++) {
        const Progress *p = &d->progress[entries[e]];
        if (p->task != ind->task) continue;
        for (size_t v = 0; v < p->n_values; v++) {
            const IndicatorValue *iv = &p->values[v];
            if (iv->indicator != i || !iv->has_value) continue;
            size_t at = xr->n_history++;
            while (at > 0 && xr->history[at - 1].period > p->period) {
                xr->history[at] = xr->history[at - 1];
                at--;
            }
            xr->history[at] = (HistoryPoint){ p->period, iv->value, attainment(ind, true, iv->value) };
        }
    }
}

/* Each indicator applying to institution k: history, attainment, flag;
 * the indicator part's sums. */
static PartSums indicator_results(const Data *d, Results *res, const size_t *entries, size_t n_entries, size_t k,
                                  InstitutionResult *ir)
{
    PartSums ps = { 0, 0 };
    for (size_t i = 0; i < d->n_indicators; i++) {
        if (!indicator_applies(d, i, k)) continue;
        const Indicator *ind = &d->indicators[i];
        IndicatorResult *xr = &ir->indicators[ir->n_indicators++];
        xr->indicator = (uint32_t)i;
        indicator_history(d, res, i, entries, n_entries, xr);
        const HistoryPoint *latest = indicator_latest(xr);
        xr->attainment = attainment(ind, latest != NULL, latest ? latest->value : 0);
        xr->due = ind->due <= d->as_of;
        if (xr->due && (!latest || misses(ind, latest->value))) xr->flags |= FLAG_TARGET_MISSED;
        if (xr->flags) ir->n_flagged++;
        ps.weight += ind->weight;
        ps.sum += ind->weight * xr->attainment;
    }
    return ps;
}

/* Both parts, each item's points, the total and the grade
 * (documents.md's score). */
static void score_parts(const Data *d, PartSums tasks, PartSums inds, InstitutionResult *ir)
{
    const Rules *r = &d->rules;
    bool task_part = ir->n_tasks > 0 && tasks.weight > 0, ind_part = ir->n_indicators > 0 && inds.weight > 0;
    double mf = task_part ? tasks.sum / tasks.weight : 0, mg = ind_part ? inds.sum / inds.weight : 0;
    if (task_part && ind_part) {
        ir->task_part = r->task_share * mf;
        ir->indicator_part = r->indicator_share * mg;
    } else if (task_part) {
        ir->task_part = 100 * mf;
    } else if (ind_part) {
        ir->indicator_part = 100 * mg;
    }
    ir->has_task_part = task_part;
    ir->has_indicator_part = ind_part;
    /* each item's share of its part and what it scored (they add up to the parts) */
    double tscale = task_part ? (ind_part ? r->task_share : 100) / tasks.weight : 0;
    double iscale = ind_part ? (task_part ? r->indicator_share : 100) / inds.weight : 0;
    for (size_t t = 0; t < ir->n_tasks; t++) {
        TaskResult *tr = &ir->tasks[t];
        tr->max_points = tscale * d->tasks[tr->task].weight;
        tr->points = tr->max_points * tr->factor;
    }
    for (size_t i = 0; i < ir->n_indicators; i++) {
        IndicatorResult *xr = &ir->indicators[i];
        xr->max_points = iscale * d->indicators[xr->indicator].weight;
        xr->points = xr->max_points * xr->attainment;
    }
    ir->total = ir->task_part + ir->indicator_part;
    ir->total_tenths = round_tenths(ir->total);
    ir->grade = NULL;
    for (size_t g = 0; g < r->n_grades; g++)
        if ((double)ir->total_tenths / 10.0 >= r->grades[g].min) {
            ir->grade = r->grades[g].label;
            break;
        }
}

static void compute_institution(const Data *d, Results *res, long *current, long *previous, const size_t *entries,
                                size_t n_entries, size_t k, InstitutionResult *ir)
{
    /* this institution's entry for each task in the period and the one
     * before (current and previous: scratch of d->n_tasks each) */
    for (size_t t = 0; t < d->n_tasks; t++) current[t] = previous[t] = -1;
    for (size_t e = 0; e < n_entries; e++) {
        const Progress *p = &d->progress[entries[e]];
        if (p->period == d->period) current[p->task] = (long)entries[e];
        else if (p->period == d->period - 1) previous[p->task] = (long)entries[e];
    }
    ir->institution = k;
    /* exactly what applies: a province's run holds these for every
     * institution at once */
    size_t n_tasks = 0, n_indicators = 0;
    for (size_t t = 0; t < d->n_tasks; t++) n_tasks += d->tasks[t].assigned[k];
    for (size_t i = 0; i < d->n_indicators; i++) n_indicators += indicator_applies(d, i, k);
    ir->tasks = xcalloc(n_tasks + 1, sizeof *ir->tasks);
    ir->indicators = xcalloc(n_indicators + 1, sizeof *ir->indicators);
    PartSums tasks = task_results(d, res, current, k, ir);
    PartSums inds = indicator_results(d, res, entries, n_entries, k, ir);
    score_parts(d, tasks, inds, ir);
}

static int cmp_desc(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return x > y ? -1 : x < y;
}

/* documents.md's figures as of d's period, from entries up to it. */
static Results *compute_at(const Data *d, long first_serial)
{
    Results *res = xcalloc(1, sizeof *res);
    res->data = d;
    res->n = d->n_institutions;
    res->inst = xcalloc(res->n + 1, sizeof *res->inst);
    long *current = xmalloc((d->n_tasks + 1) * sizeof *current);
    long *previous = xmalloc((d->n_tasks + 1) * sizeof *previous);
    /* progress entries grouped by institution (a counting sort keeps input order) */
    size_t *start = xcalloc(d->n_institutions + 2, sizeof *start);
    size_t *by_inst = xmalloc((d->n_progress + 1) * sizeof *by_inst);
    /* entries after the period do not count (the previous quarter's figures are computed from the same data) */
    for (size_t e = 0; e < d->n_progress; e++)
        if (d->progress[e].period <= d->period) start[d->progress[e].institution + 1]++;
    for (size_t k = 0; k < d->n_institutions; k++) start[k + 1] += start[k];
    size_t *fill = xmalloc((d->n_institutions + 1) * sizeof *fill);
    memcpy(fill, start, (d->n_institutions + 1) * sizeof *fill);
    for (size_t e = 0; e < d->n_progress; e++)
        if (d->progress[e].period <= d->period) by_inst[fill[d->progress[e].institution]++] = e;
    res->task_expected = xmalloc((d->n_tasks + 1) * sizeof *res->task_expected);
    for (size_t t = 0; t < d->n_tasks; t++)
        res->task_expected[t] = expected_progress(d->as_of, d->tasks[t].start, d->tasks[t].due);
    for (size_t k = 0; k < d->n_institutions; k++)
        compute_institution(d, res, current, previous, by_inst + start[k], start[k + 1] - start[k], k, &res->inst[k]);
    free(fill);
    free(by_inst);
    free(start);
    free(current);
    free(previous);

    /* An institution whose entries had errors is scored on what was left
     * but not ranked, graded or sent a notice: a ranking built on bad data
     * is not printed (decisions.md). */
    for (size_t k = 0; k < res->n; k++) {
        res->inst[k].data_errors = d->institutions[k].has_errors;
        if (res->inst[k].data_errors) res->inst[k].grade = NULL;
        else res->n_ranked++;
    }
    /* ranks on the printed (rounded) totals: 1, 2, 2, 4 */
    long *sorted = xmalloc((res->n + 1) * sizeof *sorted);
    size_t n_sorted = 0;
    for (size_t k = 0; k < res->n; k++)
        if (!res->inst[k].data_errors) sorted[n_sorted++] = res->inst[k].total_tenths;
    qsort(sorted, n_sorted, sizeof *sorted, cmp_desc);
    for (size_t k = 0; k < res->n; k++) {
        if (res->inst[k].data_errors) continue;
        size_t lo = 0, hi = n_sorted;   /* first position holding a total <= this one */
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (sorted[mid] > res->inst[k].total_tenths) lo = mid + 1;
            else hi = mid;
        }
        res->inst[k].rank = (int)lo + 1;
    }
    free(sorted);

    res->notice_date = d->rules.notice_date != DATE_NONE ? d->rules.notice_date : d->as_of;
    res->reply_by = d->as_of + (int)d->rules.notice_reply_days;
    int y, m, dd;
    date_to_ymd(res->notice_date, &y, &m, &dd);
    long serial = first_serial;
    double sum = 0, best = 0;
    bool first = true;
    for (size_t k = 0; k < res->n; k++) {
        InstitutionResult *ir = &res->inst[k];
        if (ir->data_errors) continue;
        if (ir->n_flagged > 0) {
            ir->notice_serial = serial++;
            ir->notice_number = xasprintf("%s〔%d〕%ld号", d->issuer.doc_code, y, ir->notice_serial);
        }
        sum += ir->total;
        if (first || ir->total > best) best = ir->total;
        first = false;
    }
    res->average_total = res->n_ranked ? sum / (double)res->n_ranked : 0;
    res->best_total = best;
    res->bulletin_serial = serial;   /* the number after the last notice */
    return res;
}

static bool quarter_exists(const Data *d, int period)
{
    for (size_t e = 0; e < d->n_progress; e++)
        if (d->progress[e].period == period) return true;
    return false;
}

/* An earlier quarter exactly as if it were the period: as_of its last
 * day, entries up to it (supervision.md). */
static Results *compute_quarter(const Data *d, int period, long first_serial)
{
    Data then = *d;
    then.period = period;
    then.as_of = period_last_day(period);
    Results *r = compute_at(&then, first_serial);
    r->data = NULL;   /* `then` ends here */
    return r;
}

static const long *number_override(const Data *d, int period)
{
    for (size_t i = 0; i < d->rules.n_first_number_by_period; i++)
        if (d->rules.first_number_by_period[i].period == period) return &d->rules.first_number_by_period[i].first;
    return NULL;
}

/* The first number of period's notices (supervision.md): an override for
 * the period; the year's first quarter starts at rules.notice.first_number;
 * a later one after the last number the quarter before it issued (its
 * notices, then its bulletin) where the data hold that quarter's entries,
 * else where that quarter would have started (it issued nothing). Computed
 * from the data alone, so a rebuild gives the same numbers. prev_notices:
 * the notices of the quarter before period when already known, else -1. */
static long count_notices(const Results *r)
{
    long n = 0;
    for (size_t k = 0; k < r->n; k++) n += r->inst[k].notice_serial > 0;
    return n;
}

static long first_serial(const Data *d, int period, long prev_notices, Results *how)
{
    const long *by = number_override(d, period);
    if (by) {
        how->numbering_rule = "first_number_by_period";
        return *by;
    }
    int earlier = period - 1;
    if (period_quarter(period) == 1) {
        how->numbering_rule = "first_number";
        return d->rules.notice_first_number;
    }
    Results scratch = { .numbering_after = -1 };
    long start = first_serial(d, earlier, -1, &scratch);
    if (!quarter_exists(d, earlier)) {
        /* it issued nothing: this quarter starts where it would have */
        how->numbering_rule = scratch.numbering_rule;
        how->numbering_after = scratch.numbering_after;
        how->numbering_after_last = scratch.numbering_after_last;
        return start;
    }
    long notices = prev_notices;
    if (notices < 0) {
        Results *then = compute_quarter(d, earlier, start);
        notices = count_notices(then);
        figures_free(then);
    }
    how->numbering_rule = "after_earlier_quarters";
    how->numbering_after = earlier;
    how->numbering_after_last = start + notices;   /* its bulletin's number */
    return start + notices + 1;
}

Results *figures_compute(const Data *d)
{
    /* the previous quarter first, kept only as its flags and its notices:
     * one quarter's figures in memory at a time */
    PreviousFlags *prev = NULL;
    long prev_notices = -1;
    if (quarter_exists(d, d->period - 1)) {
        Results *then = compute_quarter(d, d->period - 1, 1);
        prev = previous_flags_take(then);
        prev_notices = count_notices(then);
        figures_free(then);
    }
    Results how = { .numbering_after = -1 };
    long first = first_serial(d, d->period, prev_notices, &how);
    Results *res = compute_at(d, first);
    res->first_serial = first;
    res->numbering_rule = how.numbering_rule;
    res->numbering_after = how.numbering_after;
    res->numbering_after_last = how.numbering_after_last;
    supervision_compute(res, prev);
    previous_flags_free(prev);
    return res;
}

void figures_free(Results *r)
{
    if (!r) return;
    for (size_t k = 0; k < r->n; k++) {
        free(r->inst[k].tasks);
        free(r->inst[k].indicators);
        free(r->inst[k].notice_number);
    }
    free(r->bulletin_number);
    free(r->inst);
    free(r->task_expected);
    arena_free(&r->histories);
    free(r);
}

void figures_remap_entries(Results *r, const int32_t *map)
{
    for (size_t k = 0; k < r->n; k++)
        for (size_t t = 0; t < r->inst[k].n_tasks; t++) {
            TaskResult *tr = &r->inst[k].tasks[t];
            tr->entry = tr->entry >= 0 ? map[tr->entry] : -1;
        }
}
