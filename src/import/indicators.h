/* indicators.h - numeric targets in a task's text (达到50%, 不少于15人,
 * 控制在…以内) as candidate indicators for a person to review: the
 * measure's name before it, the unit, the year it is for. A condition on
 * what is counted (低于800人的行政村) is not a target; a name cut in the
 * middle of a phrase is marked. */
#ifndef JINDU_INDICATORS_H
#define JINDU_INDICATORS_H

#include "base/arena.h"
#include "import/importer.h"

/* Candidates of text appended to t; task_due is the task's due date. */
void indicators_find(Arena *a, const char *text, ImportTask *t, int task_due);

#endif
