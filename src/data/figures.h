/* figures.h - every derived figure of documents.md, computed once.
 *
 * Expected progress, flags (督办事项), both score parts, totals, ranks,
 * grades and notice numbers. results.json and every document print these
 * values; nothing downstream recomputes them. Knows nothing of PDF. */
#ifndef JINDU_FIGURES_H
#define JINDU_FIGURES_H

#include <stdbool.h>
#include <stdint.h>
#include "data/model.h"

enum {
    FLAG_NOT_REPORTED = 1u << 0,   /* 未报送 */
    FLAG_OVERDUE = 1u << 1,        /* 逾期未完成 */
    FLAG_SELF_LAG = 1u << 2,       /* 自报滞后 */
    FLAG_LAG = 1u << 3,            /* 进度滞后 */
    FLAG_NOT_STARTED = 1u << 4,    /* 未启动 */
    FLAG_TARGET_MISSED = 1u << 5,  /* 指标未达标 */
    FLAG_COUNT = 6
};
const char *flag_name(int bit_index);  /* 0..FLAG_COUNT-1 */

/* Warning levels (预警等级) of supervision.md. */
enum { WARN_NONE, WARN_BLUE, WARN_YELLOW, WARN_RED };
const char *warning_name(int w);        /* 蓝 黄 红; NULL for WARN_NONE */

/* Kept for every task of every institution at once (a province: two
 * hundred thousand), so kept small: what follows from the entry or the
 * task alone is read from there (task_reported, task_expected below). */
typedef struct {
    uint32_t task;
    int32_t entry;                 /* Data.progress index for the period, or -1 (未报送) */
    int8_t status;                 /* Status; STATUS_NONE: 未报送 */
    uint8_t flags;                 /* FLAG_* */
    uint8_t prev_flags;            /* FLAG_* at the previous quarter's end (supervision.md) */
    uint8_t warning;               /* WARN_* */
    bool repeat;                   /* flagged now and in the previous quarter */
    double factor;                 /* f of the task part */
    double max_points, points;     /* its share of the total, and what it scored */
} TaskResult;

/* A number an indicator reported in one period, and its g then. */
typedef struct {
    int period;
    double value, attainment;
} HistoryPoint;

/* Kept for every indicator of every institution: what follows from its
 * history is read from there (indicator_latest, indicator_at below). */
typedef struct {
    uint32_t indicator;
    unsigned flags;
    unsigned prev_flags;           /* FLAG_* at the previous quarter's end */
    uint8_t warning;               /* WARN_* */
    bool repeat;
    bool due;                      /* due <= as_of */
    double attainment;             /* g of the indicator part */
    double max_points, points;
    HistoryPoint *history;         /* every period <= period that reported a number, ascending */
    size_t n_history;
} IndicatorResult;

/* The latest number reported in any quarter up to this one (its value and
 * period), or NULL. */
static inline const HistoryPoint *indicator_latest(const IndicatorResult *xr)
{
    return xr->n_history ? &xr->history[xr->n_history - 1] : NULL;
}
/* The number reported in quarter q, or NULL. */
static inline const HistoryPoint *indicator_at(const IndicatorResult *xr, int q)
{
    for (size_t h = 0; h < xr->n_history; h++)
        if (xr->history[h].period == q) return &xr->history[h];
    return NULL;
}

typedef struct {
    size_t institution;
    bool data_errors;              /* some of its entries were rejected: not ranked, graded or numbered */
    TaskResult *tasks;             /* the assigned tasks, in tasks[] order */
    size_t n_tasks;
    IndicatorResult *indicators;   /* the applying indicators, in order */
    size_t n_indicators;
    bool has_task_part, has_indicator_part;
    double task_part, indicator_part;   /* points */
    double total;                  /* unrounded */
    long total_tenths;             /* rounded once, half away from zero */
    int rank;                      /* 0: not ranked (data_errors) */
    const char *grade;             /* NULL when no grade is reached, or not graded */
    long notice_serial;            /* 0: no notice */
    char *notice_number;           /* NULL: no notice */
    int n_flagged;                 /* tasks and indicators with at least one flag */
    int status_counts[5];          /* by Status + 1 (0: 未报送) */
    int warnings[4];               /* items by WARN_* (index 0: none) */
    int follow_items, follow_resolved;   /* last quarter's flagged items, and those flagged no more */
    double mean_reported;          /* weighted mean reported progress (未报送 as 0) */
} InstitutionResult;

typedef struct {
    const Data *data;
    InstitutionResult *inst;       /* one per institution, input order */
    size_t n;
    int notice_date;               /* rules.notice.date or as_of */
    int reply_by;                  /* as_of + reply_days */
    size_t n_ranked;               /* institutions ranked: those without data errors */
    double *task_expected;         /* by task: the expected progress at as_of (the same for everyone) */
    Arena histories;               /* every indicator's history points */
    double average_total, best_total;   /* of the ranked */
    /* the supervision cycle (supervision.md) */
    bool has_previous;             /* the data holds entries for the previous quarter */
    long bulletin_serial;
    /* how the period's first number was found (supervision.md: numbers run
     * through the year), for results.json */
    long first_serial;
    const char *numbering_rule;    /* "first_number", "first_number_by_period", "after_earlier_quarters" */
    int numbering_after;           /* that rule's earlier quarter (the last one that issued numbers), or -1 */
    long numbering_after_last;     /* the last number it issued (its bulletin) */
    char *bulletin_number;         /* doc_code〔year〕N号 */
    int follow_items, follow_resolved;   /* over all institutions */
} Results;

Results *figures_compute(const Data *d);

/* The printed total, "81.3", from its rounded tenths (into out[32]). */
void total_display(long tenths, char out[32]);
/* A task's status as printed: the Chinese word, or 未报送. */
const char *status_label(Status s);
void figures_free(Results *r);

static inline double task_expected(const Results *r, const TaskResult *tr) { return r->task_expected[tr->task]; }
/* The percent the institution reported for the task this quarter; false
 * when it reported nothing. */
static inline bool task_reported(const Results *r, const TaskResult *tr, double *percent)
{
    if (tr->entry < 0) return false;
    *percent = r->data->progress[tr->entry].percent;
    return true;
}
/* After data_keep_period: the tasks' entries by their new indices (map
 * from it); an entry dropped becomes -1. */
void figures_remap_entries(Results *r, const int32_t *map);

/* Exposed for the unit tests. */
double expected_progress(int as_of, int start, int due);
long round_tenths(double x);

#endif
