/* supervision.h - the supervision cycle of supervision.md over documents.md's
 * figures: last quarter's flags on every item, warning levels (红 黄 蓝)
 * and repeats, each institution's follow-up of last quarter's items with
 * its rectification rate, and the bulletin's number. Computed once, in
 * figures_compute; results.json and the documents print these values. */
#ifndef JINDU_SUPERVISION_H
#define JINDU_SUPERVISION_H

#include <stdbool.h>
#include <stddef.h>
#include "data/figures.h"

/* The previous quarter's flags of every item, in the order of its
 * Results (institution by institution, tasks then indicators): all that
 * supervision reads of that quarter, so that its figures can be freed
 * before this quarter's are computed (a province's two quarters of
 * figures at once were the parent's peak). */
typedef struct PreviousFlags PreviousFlags;
PreviousFlags *previous_flags_take(const Results *prev);
void previous_flags_free(PreviousFlags *pf);

/* Fill the supervision figures of res from the previous quarter's flags
 * (NULL where it does not exist: no repeats, no follow-up). */
void supervision_compute(Results *res, const PreviousFlags *prev);

/* One of last quarter's flagged items: a task (index into the
 * institution's tasks) or an indicator (index into its indicators). */
typedef struct {
    bool is_indicator;
    size_t index;
} FollowItem;

/* An institution's follow-up list in the order of supervision.md (tasks[]
 * order, each task before its indicators): malloc'd, *n items. */
FollowItem *follow_up_list(const Results *r, size_t k, size_t *n);

/* The rate resolved / items as a fraction; false where there were no items. */
static inline bool follow_up_rate(int items, int resolved, double *rate)
{
    if (items <= 0) return false;
    *rate = (double)resolved / (double)items;
    return true;
}

#endif
