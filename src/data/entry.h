/* entry.h - the rules of one progress entry that every reader of entries
 * applies: the JSON loader (load.c) and the forms collector (jindu
 * collect). Status words, the percent a status stands for, its range.
 * data-format.md is the contract; this is its one implementation. */
#ifndef JINDU_ENTRY_H
#define JINDU_ENTRY_H

#include <stdbool.h>
#include "data/model.h"

/* The four words, in Status order, for messages and forms. */
extern const char *const STATUS_WORDS[4];
#define STATUS_WORDS_SPACED "已完成 序时推进 滞后 未启动"
#define STATUS_ALIASES_SPACED "done on_track behind not_started"

/* A status word (已完成 …) or its English alias (done …). */
bool status_parse(const char *word, Status *out);
/* Whether an entry of this status must give its percent: 序时推进 and
 * 滞后 must; 已完成 stands for 100 and 未启动 for 0 when none is given. */
bool status_needs_percent(Status s);
double status_default_percent(Status s);
/* The range of percent. */
#define PERCENT_MIN 0.0
#define PERCENT_MAX 100.0
static inline bool percent_in_range(double x) { return x >= PERCENT_MIN && x <= PERCENT_MAX; }

#endif
