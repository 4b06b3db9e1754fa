/* value.c - see value.h. */
#include "template/value.h"
#include "base/util.h"

#include <string.h>

static Value NULL_VALUE = { .kind = V_NULL };
static Value TRUE_VALUE = { .kind = V_BOOL, .u.b = true };
static Value FALSE_VALUE = { .kind = V_BOOL, .u.b = false };

Value *val_null(void) { return &NULL_VALUE; }
Value *val_bool(bool b) { return b ? &TRUE_VALUE : &FALSE_VALUE; }

static Value *make(Arena *a, ValueKind k)
{
    Value *v = arena_alloc(a, sizeof *v);
    v->kind = k;
    return v;
}

Value *val_num(Arena *a, double x)
{
    Value *v = make(a, V_NUM);
    v->u.num = x;
    return v;
}

Value *val_date(Arena *a, int days)
{
    Value *v = make(a, V_DATE);
    v->u.date = days;
    return v;
}

Value *val_strn(Arena *a, const char *s, size_t n)
{
    Value *v = make(a, V_STR);
    v->u.str.s = arena_strndup(a, s, n);
    v->u.str.len = n;
    return v;
}

Value *val_str(Arena *a, const char *s)
{
    return s ? val_strn(a, s, strlen(s)) : val_null();
}

Value *val_str_ref(Arena *a, const char *s)
{
    if (!s) return val_null();
    Value *v = make(a, V_STR);
    v->u.str.s = s;
    v->u.str.len = strlen(s);
    return v;
}

/* Arrays in an arena grow by copying; the old block stays until the arena
 * goes, which costs at most the final size again. */
static void *arena_grow(Arena *a, void *old, size_t old_n, size_t *cap, size_t elem)
{
    size_t ncap = *cap ? *cap * 2 : 8;
    void *p = arena_alloc(a, ncap * elem);
    if (old_n) memcpy(p, old, old_n * elem);
    *cap = ncap;
    return p;
}

Value *val_list(Arena *a, size_t cap)
{
    Value *v = make(a, V_LIST);
    if (cap) {
        v->u.list.items = arena_alloc(a, cap * sizeof(Value *));
        v->u.list.cap = cap;
    }
    return v;
}

void val_push(Arena *a, Value *list, Value *item)
{
    if (list->u.list.n == list->u.list.cap)
        list->u.list.items = arena_grow(a, list->u.list.items, list->u.list.n, &list->u.list.cap, sizeof(Value *));
    list->u.list.items[list->u.list.n++] = item;
}

Value *val_map(Arena *a, size_t cap)
{
    Value *v = make(a, V_MAP);
    if (cap) {
        v->u.map.entries = arena_alloc(a, cap * sizeof(MapEntry));
        v->u.map.cap = cap;
    }
    return v;
}

static MapEntry *entry(Arena *a, Value *map, const char *key)
{
    for (size_t i = 0; i < map->u.map.n; i++)
        if (strcmp(map->u.map.entries[i].key, key) == 0) return &map->u.map.entries[i];
    if (map->u.map.n == map->u.map.cap)
        map->u.map.entries = arena_grow(a, map->u.map.entries, map->u.map.n, &map->u.map.cap, sizeof(MapEntry));
    MapEntry *e = &map->u.map.entries[map->u.map.n++];
    memset(e, 0, sizeof *e);
    e->key = key;
    return e;
}

void val_set(Arena *a, Value *map, const char *key, Value *v)
{
    MapEntry *e = entry(a, map, key);
    e->value = v ? v : val_null();
    e->lazy = NULL;
}

void val_set_lazy(Arena *a, Value *map, const char *key, LazyFn fn, const void *ctx, size_t index)
{
    MapEntry *e = entry(a, map, key);
    e->value = NULL;
    e->lazy = fn;
    e->ctx = ctx;
    e->index = index;
}

Value *val_record(Arena *a, const RecordType *type, const void *ctx, size_t index)
{
    Value *v = make(a, V_MAP);
    v->record = true;
    v->u.rec.type = type;
    v->u.rec.ctx = ctx;
    v->u.rec.index = index;
    return v;
}

static LazyLog *lazy_log;

LazyLog *val_set_log(LazyLog *log)
{
    LazyLog *before = lazy_log;
    lazy_log = log;
    return before;
}

void val_forget_since(LazyLog *log, size_t from)
{
    for (size_t i = from; i < log->n; i++) log->entries[i]->value = NULL;
    log->n = from;
}

Value *val_get(Arena *a, Value *map, const char *key)
{
    if (!map || map->kind != V_MAP) return NULL;
    if (map->record) {
        const RecordType *t = map->u.rec.type;
        for (size_t i = 0; t->keys[i]; i++) {
            if (strcmp(t->keys[i], key) != 0) continue;
            Value *v = t->get(a, map->u.rec.ctx, map->u.rec.index, i);
            return v ? v : val_null();
        }
        return NULL;
    }
    for (size_t i = 0; i < map->u.map.n; i++) {
        MapEntry *e = &map->u.map.entries[i];
        if (strcmp(e->key, key) != 0) continue;
        if (!e->value && e->lazy) {
            e->value = e->lazy(a, e->ctx, e->index);
            if (!e->value) e->value = val_null();
            if (lazy_log) *(MapEntry **)ARRAY_PUSH(lazy_log->entries, lazy_log->n, lazy_log->cap) = e;
        }
        return e->value;
    }
    return NULL;
}

size_t val_map_size(const Value *map)
{
    if (!map || map->kind != V_MAP) return 0;
    if (!map->record) return map->u.map.n;
    size_t n = 0;
    while (map->u.rec.type->keys[n]) n++;
    return n;
}

const char *val_map_key(const Value *map, size_t i)
{
    if (i >= val_map_size(map)) return NULL;
    return map->record ? map->u.rec.type->keys[i] : map->u.map.entries[i].key;
}

bool val_truthy(const Value *v)
{
    switch (v->kind) {
    case V_NULL: return false;
    case V_BOOL: return v->u.b;
    case V_NUM: return v->u.num != 0;
    case V_STR: return v->u.str.len > 0;
    case V_DATE: return true;
    case V_LIST: return v->u.list.n > 0;
    case V_MAP: return val_map_size(v) > 0;
    }
    return false;
}

const char *val_kind_name(ValueKind k)
{
    static const char *const NAMES[] = { "null", "a boolean", "a number", "a string", "a date", "a list", "a map" };
    return NAMES[k];
}
