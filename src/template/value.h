/* value.h - the values templates compute with: null, booleans, numbers,
 * strings, dates, lists and maps, all living in one arena.
 *
 * A map member may be lazy: a function that builds it on first use, so a
 * template that never looks at every institution's tasks never pays for
 * them. A record is a map whose members are computed on each use from
 * something outside the arena (a task's figures): a summary that reads
 * three members of 30,000 tasks then holds three small values per task, not
 * thirty. Knows nothing of tasks or templates. */
#ifndef JINDU_VALUE_H
#define JINDU_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include "base/arena.h"

typedef enum { V_NULL, V_BOOL, V_NUM, V_STR, V_DATE, V_LIST, V_MAP } ValueKind;

typedef struct Value Value;
typedef Value *(*LazyFn)(Arena *a, const void *ctx, size_t index);

typedef struct {
    const char *key;
    Value *value;              /* NULL until a lazy member is built */
    LazyFn lazy;
    const void *ctx;
    size_t index;
} MapEntry;

/* The members of a record and how to compute one. */
typedef struct {
    const char *const *keys;   /* NULL-terminated */
    Value *(*get)(Arena *a, const void *ctx, size_t index, size_t key);
} RecordType;

struct Value {
    ValueKind kind;
    bool record;               /* a V_MAP whose members come from u.rec */
    union {
        bool b;
        double num;
        int date;              /* day number (date.h) */
        struct { const char *s; size_t len; } str;
        struct { Value **items; size_t n, cap; } list;
        struct { MapEntry *entries; size_t n, cap; } map;
        struct { const RecordType *type; const void *ctx; size_t index; } rec;
    } u;
};

Value *val_null(void);                  /* a shared constant */
Value *val_bool(bool b);                /* shared constants */
Value *val_num(Arena *a, double x);
Value *val_date(Arena *a, int days);
Value *val_str(Arena *a, const char *s);        /* copies; NULL gives null */
Value *val_strn(Arena *a, const char *s, size_t n);
Value *val_str_ref(Arena *a, const char *s);    /* no copy: s outlives the arena */
Value *val_list(Arena *a, size_t cap);
void val_push(Arena *a, Value *list, Value *item);
Value *val_map(Arena *a, size_t cap);
void val_set(Arena *a, Value *map, const char *key, Value *v);   /* key not copied */
void val_set_lazy(Arena *a, Value *map, const char *key, LazyFn fn, const void *ctx, size_t index);
/* A map (kind V_MAP) whose members type computes from (ctx, index). */
Value *val_record(Arena *a, const RecordType *type, const void *ctx, size_t index);
/* The member, built now if lazy; NULL when there is no such key. */
Value *val_get(Arena *a, Value *map, const char *key);
/* How many members a map has, and the name of the i-th. */
size_t val_map_size(const Value *map);
const char *val_map_key(const Value *map, size_t i);

/* Lazy members built while a log is set are recorded in it, so that a
 * caller about to release the arena memory they were built in (a template
 * loop's turn) can forget them first: val_forget_since un-builds those
 * recorded from `from` on (built again when read again). */
typedef struct {
    MapEntry **entries;
    size_t n, cap;
} LazyLog;
LazyLog *val_set_log(LazyLog *log);     /* returns the one set before */
void val_forget_since(LazyLog *log, size_t from);

bool val_truthy(const Value *v);
const char *val_kind_name(ValueKind k);    /* for messages: "a number" */

#endif
