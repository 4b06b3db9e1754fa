/* filters.h - the filters of the template language (`{{ x | cn_date }}`)
 * and the cache of PCRE2 patterns that `match` and `replace` use.
 *
 * Filters see values only; they know nothing of tasks or documents. */
#ifndef JINDU_FILTERS_H
#define JINDU_FILTERS_H

#include <stddef.h>
#include "base/diag.h"
#include "template/value.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* Compiled patterns by their text, for the whole run. */
typedef struct PatternCache PatternCache;
PatternCache *pattern_cache_new(void);
void pattern_cache_free(PatternCache *c);

typedef struct {
    Arena *arena;
    SrcPos pos;              /* where the filter is written */
    const char *quote;       /* the tag's text, for messages */
    PatternCache *patterns;
} FilterCtx;


/* What one argument must be. The filter functions read their arguments
 * as these promise: every argument is checked before the call, and a
 * literal argument already when the template is read, so a wrong one
 * fails `jindu check` even in a branch no data reaches. */
typedef enum { ARG_ANY, ARG_INT, ARG_STR, ARG_KEY /* string or null */, ARG_PATTERN } ArgKind;
typedef struct {
    ArgKind kind;
    const char *what;          /* "the number of decimals", for messages */
    long long lo, hi;          /* ARG_INT: the range */
} ArgSpec;

#define FILTER_MAX_ARGS 2

typedef Value *(*FilterFn)(FilterCtx *c, const char *name, Value *in, Value **args, size_t n);
typedef struct {
    const char *name;
    int min_args, max_args;
    FilterFn fn;
    ArgSpec args[FILTER_MAX_ARGS];
} FilterDef;

const FilterDef *filter_find(const char *name);
/* Is v right for argument i of f? Reports at c->pos if not. */
bool filter_check_arg(FilterCtx *c, const FilterDef *f, size_t i, const Value *v);

/* The printed form of a scalar: strings as they are, numbers with at most
 * six decimals (print figures with num, percent or fixed), dates as 2024-09-30, booleans as 是/否, null as nothing.
 * Returns NULL (and sets *kind) for lists and maps. */
const char *value_text(Arena *a, const Value *v);

#endif
