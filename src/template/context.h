/* context.h - what templates see: the data and every computed figure as
 * values (value.h), under the names templates/README.md lists.
 *
 * The figures are those of figures.c, the same that results.json holds;
 * nothing here computes a score or a flag. Big parts (every institution's
 * tasks) are lazy, so a document pays only for what its template reads. */
#ifndef JINDU_CONTEXT_H
#define JINDU_CONTEXT_H

#include "data/figures.h"
#include "template/value.h"
#include "base/strmap.h"

/* The names every template has: issuer, plan, period, as_of, notice_date,
 * reply_by, rules, overall, institutions. */
Value *context_globals(Arena *a, const Results *r);
/* Adds `institution`: institution k with its figures, tasks and indicators. */
void context_set_institution(Arena *a, Value *globals, const Results *r, size_t k);

/* The names templates may use: the globals (issuer, plan, …, institution)
 * and every member any value has (name, tasks, reported, …), for checking
 * templates before they run. Keys are static strings. */
void context_names(const Results *r, StrMap *globals, StrMap *members);

#endif
