/* filters.c - see filters.h. */
#include "template/filters.h"
#include "base/cnfmt.h"
#include "base/date.h"
#include "base/utf8.h"
#include "base/util.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A pattern that backtracks forever must end in an error, not a hang. */
#define MATCH_LIMIT 1000000u
#define MAX_PATTERNS 256

struct PatternCache {
    char *text[MAX_PATTERNS];
    pcre2_code *code[MAX_PATTERNS];
    size_t n;
    pcre2_match_context *mctx;
};

PatternCache *pattern_cache_new(void)
{
    PatternCache *c = xcalloc(1, sizeof *c);
    c->mctx = pcre2_match_context_create(NULL);
    if (!c->mctx) out_of_memory();
    pcre2_set_match_limit(c->mctx, MATCH_LIMIT);
    pcre2_set_depth_limit(c->mctx, 10000);
    return c;
}

void pattern_cache_free(PatternCache *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->text[i]);
        pcre2_code_free(c->code[i]);
    }
    pcre2_match_context_free(c->mctx);
    free(c);
}

/* The compiled pattern, or NULL with a message in err. */
static pcre2_code *pattern_get(PatternCache *c, const char *pattern, char *err, size_t errlen)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->text[i], pattern) == 0) return c->code[i];
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP, &code, &off, NULL);
    if (!re) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(code, msg, sizeof msg);
        snprintf(err, errlen, "bad pattern \"%s\" at offset %zu: %s", pattern, (size_t)off, (char *)msg);
        return NULL;
    }
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);   /* optional: falls back to the interpreter */
    if (c->n == MAX_PATTERNS) {   /* a template computing patterns: stop caching, keep working */
        free(c->text[0]);
        pcre2_code_free(c->code[0]);
        memmove(c->text, c->text + 1, (MAX_PATTERNS - 1) * sizeof *c->text);
        memmove(c->code, c->code + 1, (MAX_PATTERNS - 1) * sizeof *c->code);
        c->n--;
    }
    c->text[c->n] = xstrdup(pattern);
    c->code[c->n] = re;
    c->n++;
    return re;
}

/* Report a problem at the filter (the result is then NULL: no value). */
static void filter_error(FilterCtx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void filter_error(FilterCtx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vreport(DIAG_ERROR, c->pos, c->quote, fmt, ap);
    va_end(ap);
}

const char *value_text(Arena *a, const Value *v)
{
    switch (v->kind) {
    case V_NULL: return "";
    case V_BOOL: return v->u.b ? "是" : "否";
    case V_STR: return v->u.str.s;
    case V_NUM: {
        Buf b = {0};
        fmt_number(&b, v->u.num, 6);   /* exact enough to pass on (charts); print figures with num/percent */
        char *s = arena_strdup(a, buf_cstr(&b));
        buf_free(&b);
        return s;
    }
    case V_DATE: {
        int y, m, d;
        date_to_ymd(v->u.date, &y, &m, &d);
        return arena_printf(a, "%04d-%02d-%02d", y, m, d);
    }
    default: return NULL;
    }
}

/* ---- argument helpers ---- */

static bool want_num(FilterCtx *c, const char *name, const Value *v, const char *what, double *out)
{
    if (v->kind != V_NUM) {
        filter_error(c, "filter %s expects %s to be a number, not %s", name, what, val_kind_name(v->kind));
        return false;
    }
    *out = v->u.num;
    return true;
}

static bool want_int(FilterCtx *c, const char *name, const Value *v, const char *what, long long lo, long long hi,
                     long long *out)
{
    double x;
    if (!want_num(c, name, v, what, &x)) return false;
    if (x != floor(x) || x < (double)lo || x > (double)hi) {
        filter_error(c, "filter %s expects %s to be a whole number from %lld to %lld, not %g", name, what, lo, hi, x);
        return false;
    }
    *out = (long long)x;
    return true;
}

static bool want_str(FilterCtx *c, const char *name, const Value *v, const char *what, const char **out)
{
    if (v->kind != V_STR) {
        filter_error(c, "filter %s expects %s to be a string, not %s", name, what, val_kind_name(v->kind));
        return false;
    }
    *out = v->u.str.s;
    return true;
}

static bool want_list(FilterCtx *c, const char *name, Value *v)
{
    if (v->kind != V_LIST) {
        filter_error(c, "filter %s expects a list, not %s", name, val_kind_name(v->kind));
        return false;
    }
    return true;
}

/* A date, or a string in the form 2024-09-30. */
static bool want_date(FilterCtx *c, const char *name, Value *v, int *out)
{
    if (v->kind == V_DATE) { *out = v->u.date; return true; }
    if (v->kind == V_STR && date_parse(v->u.str.s, out)) return true;
    filter_error(c, "filter %s expects a date, not %s", name, val_kind_name(v->kind));
    return false;
}

static Value *buf_value(FilterCtx *c, Buf *b)
{
    Value *v = val_strn(c->arena, b->data ? b->data : "", b->len);
    buf_free(b);
    return v;
}

/* ---- Chinese forms ---- */

static Value *f_cn_date(FilterCtx *c, const char *name, Value *in, Value **args, size_t n)
{
    (void)args; (void)n;
    int d;
    if (!want_date(c, name, in, &d)) return NULL;
    Buf b = {0};
    if (strcmp(name, "cn_date") == 0) cn_date(&b, d);
    else cn_date_upper(&b, d);
    return buf_value(c, &b);
}

/* quarter: 3 -> 第三季度; a period map ({year, quarter}) works as well */
static Value *f_quarter(FilterCtx *c, const char *name, Value *in, Value **args, size_t n)
{
    (void)args; (void)n;
    Value *q = in;
    if (in->kind == V_MAP) {
        q = val_get(c->arena, in, "quarter");
        if (!q) { filter_error(c, "filter quarter expects a quarter number or a period"); return NULL; }
    }
    long long x;
    if (!want_int(c, name, q, "its value", 1, 4, &x)) return NULL;
    Buf b = {0};
    cn_quarter(&b, (int)x);
    return buf_value(c, &b);
}

static Value *f_cn_num(FilterCtx *c, const char *name, Value *in, Value **args, size_t n)
{
    (void)args; (void)n;
    long long x;
    if (!want_int(c, name, in, "its value", -999999999999LL, 999999999999LL, &x)) return NULL;
    Buf b = {0};
    cn_num(&b, x);
    return buf_value(c, &b);
}

static Value *f_cn_digits(FilterCtx *c, const char *name, Value *in, Value **args, size_t n)
{
    (void)args; (void)n;
    long long x;
    if (!want_int(c, name, in, "its value", 0, 999999999999LL, &x)) return NULL;
    Buf b = {0};
    cn_digits(&b, x);
    return buf_value(c, &b);
}

/* ordinal(level): the heading numbers of GB/T 9704: 一、 （一） 1． （1） */
static Value *f_ordinal(FilterCtx *c, const char *name, Value *in, Value **args, size_t n)
{
    long long x, level = 1;
    if (!want_int(c, name, in, "its value", 1, 999999, &x)) return NULL;
    if (n > 0) level = (long long)args[0]->u.num;   /* checked: 1 to 4 */
    Buf b = {0};
    switch (level) {
    case 1: cn_num(&b, x); buf_puts(&b, "、"); break;
    case 2: buf_puts(&b, "（"); cn_num(&b, x); buf_puts(&b, "）"); break;
    case 3: buf_printf(&b, "%lld．", x); break;
    default: buf_printf(&b, "（%lld）", x); break;
    }
    return buf_value(c, &b);
}

/* ---- numbers ---- */

/* num(d): at most d decimals, no trailing zeros; percent(d): the same and
 * "%" (the value is already in percent: 62.5 -> 62.5%); fixed(d): exactly
 * d decimals. Half away from zero, as every figure is rounded. */
static Value *f_number(FilterCtx *c, const char *name, Value *in, Value **args, size_t n)
{
    double x;
    long long d = strcmp(name, "fixed") == 0 ? 2 : strcmp(name, "percent") == 0 ? 1 : 2;
    if (!want_num(c, name, in, "its value", &x)) return NULL;
    if (n > 0) d = (long long)args[0]->u.num;   /* checked: 0 to 6 */
    Buf b = {0};
    if (strcmp(name, "fixed") == 0) {
        fmt_fixed(&b, x, (int)d);
    } else {
        fmt_number(&b, x, (int)d);
        if (strcmp(name, "percent") == 0) buf_puts(&b, "%");
    }
    return buf_value(c, &b);
}

/* ---- strings and lists ---- */

static Value *f_default(FilterCtx *c, const char *name, Value *in, Value **args, size_t n)
{
    (void)c; (void)name; (void)n;
    if (in->kind == V_NULL || (in->kind == V_STR && in->u.str.len == 0)) return args[0];
    return in;
}

static Value *f_join(FilterCtx *c, const char *name, Value *in, Value **args, size_t n)
{
    const char *sep = "";
    if (!want_list(c, name, in)) return NULL;
    if (n > 0 && !want_str(c, name, args[0], "the separator", &sep)) return NULL;
    Buf b = {0};
    for (size_t i = 0; i < in->u.list.n; i++) {
        const char *s = value_text(c->arena, in->u.list.items[i]);
        if (!s) {
            filter_error(c, "filter join cannot join %s", val_kind_name(in->u.list.items[i]->kind));
            buf_free(&b);
            return NULL;
        }
        if (i) buf_puts(&b, sep);
        buf_puts(&b, s);
    }
    return buf_value(c, &b);
}

/* truncate(n): at most n characters, the last of them "…" when cut */
static Value *f_truncate(FilterCtx *c, const char *name, Value *in, Value **args, size_t n)
{
    (void)n;
    const char *s;
    if (!want_str(c, name, in, "its value", &s)) return NULL;
    long long max = (long long)args[0]->u.num;   /* checked: 1 or more */
    size_t off = 0, chars = 0, cut = 0;
    while (off < in->u.str.len) {
        if (chars == (size_t)max - 1) cut = off;
        off += utf8_len(s + off);
        chars++;
    }
    if (chars <= (size_t)max) return in;
    Buf b = {0};
    buf_append(&b, s, cut);
    buf_puts(&b, "…");
    return buf_value(c, &b);
}

static Value *f_length(FilterCtx *c, const char *name, Value *in, Value **args, size_t n)
{
    (void)args; (void)n;
    if (in->kind == V_LIST) return val_num(c->arena, (double)in->u.list.n);
    if (in->kind == V_STR) {
        size_t chars = 0;
        for (size_t off = 0; off < in->u.str.len; off += utf8_len(in->u.str.s + off)) chars++;
        return val_num(c->arena, (double)chars);
    }
    if (in->kind == V_MAP) return val_num(c->arena, (double)val_map_size(in));
    filter_error(c, "filter %s expects a list or a string, not %s", name, val_kind_name(in->kind));
    return NULL;
}

/* The member `key` of a list item, for sort, select, group, sum and map. */
static Value *item_key(FilterCtx *c, const char *name, Value *item, const char *key)
{
    if (!key) return item;
    Value *v = item->kind == V_MAP ? val_get(c->arena, item, key) : NULL;
    if (!v) filter_error(c, "filter %s: an item has no member \"%s\"", name, key);
    return v;
}

static int compare(const Value *a, const Value *b)
{
    if (a->kind != b->kind) return (int)a->kind - (int)b->kind;   /* nulls first */
    switch (a->kind) {
    case V_NUM: return (a->u.num > b->u.num) - (a->u.num < b->u.num);
    case V_DATE: return (a->u.date > b->u.date) - (a->u.date < b->u.date);
    case V_STR: return strcmp(a->u.str.s, b->u.str.s);
    case V_BOOL: return (int)a->u.b - (int)b->u.b;
    default: return 0;
    }
}

typedef struct {
    Value *key, *item;
    size_t pos;
} SortItem;

static int cmp_sort(const void *x, const void *y)
{
    const SortItem *a = x, *b = y;
    int r = compare(a->key, b->key);
    if (r) return r;
    return (a->pos > b->pos) - (a->pos < b->pos);   /* stable */
}

/* sort(key) ascending, sort(key, true) descending; equal keys keep their order */
static Value *f_sort(FilterCtx *c, const char *name, Value *in, Value **args, size_t n)
{
    const char *key = NULL;
    if (!want_list(c, name, in)) return NULL;
    if (n > 0 && args[0]->kind != V_NULL && !want_str(c, name, args[0], "the key", &key)) return NULL;
    bool reverse = n > 1 && val_truthy(args[1]);
    size_t cnt = in->u.list.n;
    SortItem *items = xmalloc((cnt + 1) * sizeof *items);
    for (size_t i = 0; i < cnt; i++) {
        items[i].item = in->u.list.items[i];
        items[i].key = item_key(c, name, items[i].item, key);
        if (!items[i].key) { free(items); return NULL; }
        items[i].pos = reverse ? cnt - i : i;
    }
    qsort(items, cnt, sizeof *items, cmp_sort);
    Value *out = val_list(c->arena, cnt);
    for (size_t i = 0; i < cnt; i++) val_push(c->arena, out, items[reverse ? cnt - 1 - i : i].item);
    free(items);
    return out;
}

static bool equal(const Value *a, const Value *b)
{
    return a->kind == b->kind && compare(a, b) == 0;
}

/* select("flagged"): items whose member is true; select("status", "滞后"):
 * items whose member equals the value. reject is the opposite. */
static Value *f_select(FilterCtx *c, const char *name, Value *in, Value **args, size_t n)
{
    const char *key;
    if (!want_list(c, name, in)) return NULL;
    if (!want_str(c, name, args[0], "the member name", &key)) return NULL;
    bool keep_if = strcmp(name, "select") == 0;
    Value *out = val_list(c->arena, 0);
    for (size_t i = 0; i < in->u.list.n; i++) {
        Value *v = item_key(c, name, in->u.list.items[i], key);
        if (!v) return NULL;
        bool hit = n > 1 ? equal(v, args[1]) : val_truthy(v);
        if (hit == keep_if) val_push(c->arena, out, in->u.list.items[i]);
    }
    return out;
}

/* group("section"): [{key, items}] in order of first appearance */
static Value *f_group(FilterCtx *c, const char *name, Value *in, Value **args, size_t n)
{
    (void)n;
    const char *key;
    if (!want_list(c, name, in)) return NULL;
    if (!want_str(c, name, args[0], "the member name", &key)) return NULL;
    Value *out = val_list(c->arena, 0);
    for (size_t i = 0; i < in->u.list.n; i++) {
        Value *v = item_key(c, name, in->u.list.items[i], key);
        if (!v) return NULL;
        Value *g = NULL;
        /* groups are few; a linear scan keeps first-appearance order */
        for (size_t j = 0; j < out->u.list.n && !g; j++)
            if (equal(val_get(c->arena, out->u.list.items[j], "key"), v)) g = out->u.list.items[j];
        if (!g) {
            g = val_map(c->arena, 2);
            val_set(c->arena, g, "key", v);
            val_set(c->arena, g, "items", val_list(c->arena, 0));
            val_push(c->arena, out, g);
        }
        val_push(c->arena, val_get(c->arena, g, "items"), in->u.list.items[i]);
    }
    return out;
}

static Value *f_sum(FilterCtx *c, const char *name, Value *in, Value **args, size_t n)
{
    const char *key = NULL;
    if (!want_list(c, name, in)) return NULL;
    if (n > 0 && !want_str(c, name, args[0], "the member name", &key)) return NULL;
    double s = 0;
    for (size_t i = 0; i < in->u.list.n; i++) {
        Value *v = item_key(c, name, in->u.list.items[i], key);
        if (!v) return NULL;
        if (v->kind == V_NULL) continue;
        double x;
        if (!want_num(c, name, v, "every item", &x)) return NULL;
        s += x;
    }
    return val_num(c->arena, s);
}

/* map("name"): the member of every item */
static Value *f_map(FilterCtx *c, const char *name, Value *in, Value **args, size_t n)
{
    (void)n;
    const char *key;
    if (!want_list(c, name, in)) return NULL;
    if (!want_str(c, name, args[0], "the member name", &key)) return NULL;
    Value *out = val_list(c->arena, in->u.list.n);
    for (size_t i = 0; i < in->u.list.n; i++) {
        Value *v = item_key(c, name, in->u.list.items[i], key);
        if (!v) return NULL;
        val_push(c->arena, out, v);
    }
    return out;
}

static Value *f_first_last(FilterCtx *c, const char *name, Value *in, Value **args, size_t n)
{
    (void)args; (void)n;
    if (!want_list(c, name, in)) return NULL;
    if (in->u.list.n == 0) return val_null();
    return in->u.list.items[strcmp(name, "first") == 0 ? 0 : in->u.list.n - 1];
}

static Value *f_max_min(FilterCtx *c, const char *name, Value *in, Value **args, size_t n)
{
    const char *key = NULL;
    if (!want_list(c, name, in)) return NULL;
    if (n > 0 && !want_str(c, name, args[0], "the member name", &key)) return NULL;
    Value *best = NULL;
    bool want_max = strcmp(name, "max") == 0;
    for (size_t i = 0; i < in->u.list.n; i++) {
        Value *v = item_key(c, name, in->u.list.items[i], key);
        if (!v) return NULL;
        if (v->kind == V_NULL) continue;
        if (!best || (want_max ? compare(v, best) > 0 : compare(v, best) < 0)) best = v;
    }
    return best ? best : val_null();
}

static Value *f_string(FilterCtx *c, const char *name, Value *in, Value **args, size_t n)
{
    (void)args; (void)n;
    const char *s = value_text(c->arena, in);
    if (!s) { filter_error(c, "filter %s cannot print %s", name, val_kind_name(in->kind)); return NULL; }
    return val_str_ref(c->arena, s);
}

/* ---- patterns ---- */

static pcre2_code *pattern_arg(FilterCtx *c, const char *name, const Value *arg)
{
    const char *pat;
    if (!want_str(c, name, arg, "the pattern", &pat)) return NULL;
    char err[256];
    pcre2_code *re = pattern_get(c->patterns, pat, err, sizeof err);
    if (!re) filter_error(c, "filter %s: %s", name, err);
    return re;
}

static void match_failed(FilterCtx *c, const char *name, int rc)
{
    PCRE2_UCHAR msg[160];
    pcre2_get_error_message(rc, msg, sizeof msg);
    filter_error(c, "filter %s: %s", name, (char *)msg);
}

/* match(p): the first match (its first group when it has one), or null */
static Value *f_match(FilterCtx *c, const char *name, Value *in, Value **args, size_t n)
{
    (void)n;
    const char *s;
    if (!want_str(c, name, in, "its value", &s)) return NULL;
    pcre2_code *re = pattern_arg(c, name, args[0]);
    if (!re) return NULL;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    if (!md) out_of_memory();
    int rc = pcre2_match(re, (PCRE2_SPTR)s, in->u.str.len, 0, 0, md, c->patterns->mctx);
    Value *out = val_null();
    if (rc > 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        int g = rc > 1 && ov[2] != PCRE2_UNSET ? 1 : 0;
        out = val_strn(c->arena, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
    } else if (rc != PCRE2_ERROR_NOMATCH) {
        match_failed(c, name, rc);
        out = NULL;
    }
    pcre2_match_data_free(md);
    return out;
}

/* replace(p, r): every match of p replaced by r ($1 for groups) */
static Value *f_replace(FilterCtx *c, const char *name, Value *in, Value **args, size_t n)
{
    (void)n;
    const char *s, *rep;
    if (!want_str(c, name, in, "its value", &s)) return NULL;
    pcre2_code *re = pattern_arg(c, name, args[0]);
    if (!re) return NULL;
    if (!want_str(c, name, args[1], "the replacement", &rep)) return NULL;
    PCRE2_SIZE len = in->u.str.len * 2 + 64;
    for (int attempt = 0; attempt < 2; attempt++) {
        char *out = arena_alloc(c->arena, len + 1);
        PCRE2_SIZE out_len = len + 1;
        int rc = pcre2_substitute(re, (PCRE2_SPTR)s, in->u.str.len, 0,
                                  PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH, NULL, c->patterns->mctx,
                                  (PCRE2_SPTR)rep, PCRE2_ZERO_TERMINATED, (PCRE2_UCHAR *)out, &out_len);
        if (rc >= 0) return val_strn(c->arena, out, out_len);
        if (rc != PCRE2_ERROR_NOMEMORY) { match_failed(c, name, rc); return NULL; }
        len = out_len;
    }
    filter_error(c, "filter replace: the result does not fit");
    return NULL;
}

#define DECIMALS { ARG_INT, "the number of decimals", 0, 6 }
#define MEMBER { ARG_STR, "the member name", 0, 0 }
#define ANY { ARG_ANY, "the value", 0, 0 }

static const FilterDef FILTERS[] = {
    { "cn_date", 0, 0, f_cn_date, { {0} } },
    { "cn_date_upper", 0, 0, f_cn_date, { {0} } },
    { "quarter", 0, 0, f_quarter, { {0} } },
    { "cn_num", 0, 0, f_cn_num, { {0} } },
    { "cn_digits", 0, 0, f_cn_digits, { {0} } },
    { "ordinal", 0, 1, f_ordinal, { { ARG_INT, "the level", 1, 4 } } },
    { "num", 0, 1, f_number, { DECIMALS } },
    { "fixed", 0, 1, f_number, { DECIMALS } },
    { "percent", 0, 1, f_number, { DECIMALS } },
    { "default", 1, 1, f_default, { ANY } },
    { "join", 0, 1, f_join, { { ARG_STR, "the separator", 0, 0 } } },
    { "truncate", 1, 1, f_truncate, { { ARG_INT, "the length", 1, 1000000 } } },
    { "length", 0, 0, f_length, { {0} } },
    { "count", 0, 0, f_length, { {0} } },
    { "sort", 0, 2, f_sort, { { ARG_KEY, "the key", 0, 0 }, ANY } },
    { "select", 1, 2, f_select, { MEMBER, ANY } },
    { "reject", 1, 2, f_select, { MEMBER, ANY } },
    { "group", 1, 1, f_group, { MEMBER } },
    { "sum", 0, 1, f_sum, { MEMBER } },
    { "map", 1, 1, f_map, { MEMBER } },
    { "first", 0, 0, f_first_last, { {0} } },
    { "last", 0, 0, f_first_last, { {0} } },
    { "max", 0, 1, f_max_min, { MEMBER } },
    { "min", 0, 1, f_max_min, { MEMBER } },
    { "string", 0, 0, f_string, { {0} } },
    { "match", 1, 1, f_match, { { ARG_PATTERN, "the pattern", 0, 0 } } },
    { "replace", 2, 2, f_replace, { { ARG_PATTERN, "the pattern", 0, 0 }, { ARG_STR, "the replacement", 0, 0 } } },
};

const FilterDef *filter_find(const char *name)
{
    for (size_t i = 0; i < sizeof FILTERS / sizeof *FILTERS; i++)
        if (strcmp(FILTERS[i].name, name) == 0) return &FILTERS[i];
    return NULL;
}

bool filter_check_arg(FilterCtx *c, const FilterDef *f, size_t i, const Value *v)
{
    const ArgSpec *a = &f->args[i];
    const Value *arg = v;
    const char *str;
    long long x;
    switch (a->kind) {
    case ARG_ANY: return true;
    case ARG_INT: return want_int(c, f->name, arg, a->what, a->lo, a->hi, &x);
    case ARG_STR: return want_str(c, f->name, arg, a->what, &str);
    case ARG_KEY: return v->kind == V_NULL || want_str(c, f->name, arg, a->what, &str);
    case ARG_PATTERN: return pattern_arg(c, f->name, arg) != NULL;
    }
    return true;
}
