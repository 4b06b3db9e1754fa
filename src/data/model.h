/* model.h - the progress data of data-format.md (jindu/1), validated.
 *
 * This is the input contract as C structures: what data_load() produces and
 * every later stage reads. It knows nothing of figures, templates or PDF.
 * All strings and arrays live in the Data's arena. */
#ifndef JINDU_MODEL_H
#define JINDU_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/arena.h"
#include "base/diag.h"
#include "base/strmap.h"

typedef enum {
    STATUS_NONE = -1,        /* no entry: 未报送 */
    STATUS_DONE = 0,         /* 已完成 */
    STATUS_ON_TRACK,         /* 序时推进 */
    STATUS_BEHIND,           /* 滞后 */
    STATUS_NOT_STARTED,      /* 未启动 */
} Status;

const char *status_name(Status s);    /* the Chinese word; NULL for NONE */

typedef struct {
    char *name, *short_name, *doc_code, *header, *print_office;
    char *contact_person, *contact_phone;   /* NULL when not given */
    char **cc;
    size_t n_cc;
} Issuer;

typedef struct {
    char *title, *short_title, *doc_no, *issued_by;   /* doc_no, issued_by may be NULL */
    int issued_on;                                     /* DATE_NONE when absent */
    int start, end;
} Plan;

typedef struct {
    char *id, *name, *short_name, *type, *head;       /* type, head may be NULL */
    SrcPos pos;
    bool has_errors;     /* some of its entries were rejected */
} Institution;

typedef struct {
    char *id, *name, *unit;      /* unit may be NULL */
    double target;
    bool lower_better;
    bool has_baseline;
    double baseline;
    long institution;            /* index, or -1: every institution of the task */
    int due;
    double weight;
    size_t task;
} Indicator;

typedef struct {
    char *id, *no, *section, *title, *text;            /* section, text may be NULL */
    char **lead, **responsible;
    size_t n_lead, n_responsible;
    bool *assigned;              /* [n_institutions] */
    int start, due;
    double weight;
    size_t first_indicator, n_indicators;   /* a range of Data.indicators */
} Task;

typedef struct {
    uint32_t indicator;
    bool has_value;              /* false: null, not reported */
    double value;
} IndicatorValue;

/* What an entry says in words; kept for entries of the reporting period
 * only (nothing prints an earlier quarter's words), NULL when it says
 * nothing. */
typedef struct {
    char *summary, *problems, *next_steps;              /* may be NULL */
} EntryText;

/* One accepted entry. A province's data holds about a million of these
 * (10,000 institutions, 25 tasks, 4 quarters), so they are kept small: the
 * numbers, and pointers to the rest. */
typedef struct {
    uint32_t institution, task;
    int period;
    int reported_on;                                     /* DATE_NONE when absent */
    double percent;
    const EntryText *text;                               /* NULL: no words, or an earlier quarter */
    IndicatorValue *values;
    uint32_t n_values;
    Status status;
} Progress;

typedef struct {
    double min;
    char *label;
} Grade;

typedef struct {
    double lag_threshold;        /* rules.lag.threshold_points */
    double task_share, indicator_share, overdue_penalty;
    Grade *grades;               /* sorted by min, highest first */
    size_t n_grades;
    long notice_first_number;    /* the year's first quarter's first number */
    struct PeriodNumber { int period; long first; } *first_number_by_period;   /* hand-issued overrides */
    size_t n_first_number_by_period;
    long notice_reply_days;
    int notice_date;             /* DATE_NONE: as_of */
    long notice_items_in_body;   /* rules.notice.items_in_body: more are summarised, listed in 附件1 */
    long warning_due_soon_days;  /* rules.warning.due_soon_days: 蓝 within this many days of due */
    long bulletin_number;        /* rules.bulletin.number; 0: the number after the last notice */
    char *bulletin_to;           /* rules.bulletin.to (主送) */
    long bulletin_named;         /* rules.bulletin.named: institutions named in the body, the rest in an attachment */
} Rules;

typedef struct {
    Arena arena;
    Issuer issuer;
    Plan plan;
    int period;                  /* year*4 + quarter-1 */
    int as_of;
    Institution *institutions;
    size_t n_institutions;
    Task *tasks;
    size_t n_tasks;
    Indicator *indicators;
    size_t n_indicators;
    Progress *progress;          /* accepted entries; of the quarters before the last, only those
                                    with indicator values (nothing else reads them) */
    size_t n_progress;
    Rules rules;
    /* Errors outside any one institution's entries (issuer, plan, tasks,
     * rules...): no document can be trusted. */
    bool global_errors;
    StrMap institution_ids, task_ids, indicator_ids;   /* id -> index */
} Data;

/* Load a .json file or every *.json below a directory (data-format.md).
 * Every problem is reported through diag. Returns NULL when nothing usable
 * could be read (missing path, unreadable or unparsable files, missing
 * required top-level members); otherwise a Data whose global_errors and
 * institutions[].has_errors say what may be rendered. */
Data *data_load(const char *path);
/* The same for what comes before the first reports (jindu forms): no
 * `progress` member at all is an empty one. */
Data *data_load_before_reports(const char *path);
void data_free(Data *d);

/* Keep only the entries of one period (what a build reads once the figures
 * are computed: a province's earlier quarters are most of its memory).
 * Returns the new index of every old entry, -1 for one dropped; caller
 * frees. */
int32_t *data_keep_period(Data *d, int period);

long data_find_institution(const Data *d, const char *id);
long data_find_task(const Data *d, const char *id);
long data_find_indicator(const Data *d, const char *id);
/* Does indicator i apply to institution k? */
bool indicator_applies(const Data *d, size_t i, size_t k);

#endif
