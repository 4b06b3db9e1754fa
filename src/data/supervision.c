/* supervision.c - see supervision.h. */
#include "data/supervision.h"
#include "base/date.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>

const char *warning_name(int w)
{
    static const char *const NAMES[] = { NULL, "蓝", "黄", "红" };
    return w > WARN_NONE && w <= WARN_RED ? NAMES[w] : NULL;
}

/* Due within the coming days (as_of < due <= as_of + days): 临近到期. */
static bool due_soon(const Data *d, int due)
{
    return d->as_of < due && due <= d->as_of + (int)d->rules.warning_due_soon_days;
}

static int task_warning(const Data *d, const TaskResult *tr)
{
    if (tr->flags & (FLAG_OVERDUE | FLAG_NOT_REPORTED)) return WARN_RED;
    if (tr->repeat) return WARN_RED;
    if (tr->flags) return WARN_YELLOW;
    if (tr->status != STATUS_DONE && due_soon(d, d->tasks[tr->task].due)) return WARN_BLUE;
    return WARN_NONE;
}

static int indicator_warning(const Data *d, const IndicatorResult *xr)
{
    if (xr->flags & FLAG_TARGET_MISSED) return xr->repeat ? WARN_RED : WARN_YELLOW;
    const Indicator *ind = &d->indicators[xr->indicator];
    if (!due_soon(d, ind->due)) return WARN_NONE;
    const HistoryPoint *latest = indicator_latest(xr);
    bool misses = !latest || (ind->lower_better ? latest->value > ind->target : latest->value < ind->target);
    return misses ? WARN_BLUE : WARN_NONE;
}

struct PreviousFlags {
    uint8_t *flags;          /* every item's, institution by institution */
    size_t *first;           /* institution k's first item */
};

PreviousFlags *previous_flags_take(const Results *prev)
{
    PreviousFlags *pf = xcalloc(1, sizeof *pf);
    pf->first = xcalloc(prev->n + 1, sizeof *pf->first);
    size_t total = 0;
    for (size_t k = 0; k < prev->n; k++) {
        pf->first[k] = total;
        total += prev->inst[k].n_tasks + prev->inst[k].n_indicators;
    }
    pf->first[prev->n] = total;
    pf->flags = xcalloc(total + 1, 1);
    for (size_t k = 0; k < prev->n; k++) {
        const InstitutionResult *pr = &prev->inst[k];
        uint8_t *f = pf->flags + pf->first[k];
        for (size_t t = 0; t < pr->n_tasks; t++) *f++ = pr->tasks[t].flags;
        for (size_t i = 0; i < pr->n_indicators; i++) *f++ = (uint8_t)pr->indicators[i].flags;
    }
    return pf;
}

void previous_flags_free(PreviousFlags *pf)
{
    if (!pf) return;
    free(pf->flags);
    free(pf->first);
    free(pf);
}

/* One institution: last quarter's flags item by item (the same items in
 * the same order: assignments do not change between quarters); pf: its
 * flags, NULL where there is no previous quarter. */
static void supervise_institution(const Data *d, InstitutionResult *ir, const uint8_t *pf)
{
    for (size_t t = 0; t < ir->n_tasks; t++) {
        TaskResult *tr = &ir->tasks[t];
        tr->prev_flags = pf ? pf[t] : 0;
        tr->repeat = tr->flags && tr->prev_flags;
        tr->warning = (uint8_t)task_warning(d, tr);
        ir->warnings[tr->warning]++;
        if (tr->prev_flags) ir->follow_items++, ir->follow_resolved += tr->flags == 0;
    }
    for (size_t i = 0; i < ir->n_indicators; i++) {
        IndicatorResult *xr = &ir->indicators[i];
        xr->prev_flags = pf ? pf[ir->n_tasks + i] : 0;
        xr->repeat = xr->flags && xr->prev_flags;
        xr->warning = (uint8_t)indicator_warning(d, xr);
        ir->warnings[xr->warning]++;
        if (xr->prev_flags) ir->follow_items++, ir->follow_resolved += xr->flags == 0;
    }
}

void supervision_compute(Results *res, const PreviousFlags *prev)
{
    const Data *d = res->data;
    res->has_previous = prev != NULL;
    for (size_t k = 0; k < res->n; k++) {
        InstitutionResult *ir = &res->inst[k];
        supervise_institution(d, ir, prev ? prev->flags + prev->first[k] : NULL);
        res->follow_items += ir->follow_items;
        res->follow_resolved += ir->follow_resolved;
    }
    /* the bulletin takes the number after the last notice unless the rules name one */
    if (d->rules.bulletin_number > 0) res->bulletin_serial = d->rules.bulletin_number;
    int y, m, dd;
    date_to_ymd(res->notice_date, &y, &m, &dd);
    res->bulletin_number = xasprintf("%s〔%d〕%ld号", d->issuer.doc_code, y, res->bulletin_serial);
}

FollowItem *follow_up_list(const Results *r, size_t k, size_t *n)
{
    const Data *d = r->data;
    const InstitutionResult *ir = &r->inst[k];
    FollowItem *items = xcalloc((size_t)ir->follow_items + 1, sizeof *items);
    *n = 0;
    size_t t = 0;
    /* tasks[] order; after each task (assigned here or not) its indicators */
    for (size_t task = 0; task < d->n_tasks; task++) {
        if (t < ir->n_tasks && ir->tasks[t].task == task) {
            if (ir->tasks[t].prev_flags) items[(*n)++] = (FollowItem){ false, t };
            t++;
        }
        for (size_t i = 0; i < ir->n_indicators; i++) {
            const IndicatorResult *xr = &ir->indicators[i];
            if (d->indicators[xr->indicator].task == task && xr->prev_flags) items[(*n)++] = (FollowItem){ true, i };
        }
    }
    return items;
}
