/* jsonsrc.c - see jsonsrc.h. */
#include "data/jsonsrc.h"
#include "base/utf8.h"
#include "base/util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Offsets fit 32 bits: a data file is at most JSON_MAX_FILE_BYTES. A map
 * slot a value: 16 bytes, not 24 (the map is most of a big file's cost). */
#define NO_KEY UINT32_MAX
typedef struct {
    const cJSON *node;
    uint32_t value_off, key_off;   /* key_off == NO_KEY: not a member */
} NodePos;

struct JsonSrc {
    const char *name;
    char *text;
    size_t len;
    cJSON *root;
    size_t *line_starts;   /* byte offset of each line's first byte */
    size_t n_lines;
    /* column (1-based) at every COL_STEP-th byte, counted from that byte's
     * line start: a position on a long line (minified JSON is one line) is
     * found by counting at most COL_STEP bytes, not the whole line */
    int *step_cols;
    NodePos *slots;        /* open-addressing map keyed by node pointer */
    size_t n_slots;
    /* offsets recorded by the scan, in document order */
    size_t *val_offs, *key_offs;
    size_t n_offs, cap_offs;
    int failed;            /* the scan found an error */
};

#define COL_STEP 1024

static bool code_point_start(char c) { return ((unsigned char)c & 0xC0) != 0x80; }

static void index_lines(JsonSrc *js)
{
    size_t cap = 0;
    js->n_lines = 0;
    js->step_cols = xmalloc((js->len / COL_STEP + 1) * sizeof *js->step_cols);
    *(size_t *)ARRAY_PUSH(js->line_starts, js->n_lines, cap) = 0;
    int col = 1;
    for (size_t i = 0; i < js->len; i++) {
        if (i % COL_STEP == 0) js->step_cols[i / COL_STEP] = col;
        if (js->text[i] == '\n') {
            *(size_t *)ARRAY_PUSH(js->line_starts, js->n_lines, cap) = i + 1;
            col = 1;
        } else if (code_point_start(js->text[i])) {
            col++;
        }
    }
    if (js->len % COL_STEP == 0) js->step_cols[js->len / COL_STEP] = col;
}

/* Columns count code points, 1-based, so they match what editors show for
 * Chinese text. */
static SrcPos pos_at(const JsonSrc *js, size_t off)
{
    SrcPos p = { js->name, 1, 1 };
    if (off > js->len) off = js->len;
    size_t lo = 0, hi = js->n_lines;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (js->line_starts[mid] <= off) lo = mid;
        else hi = mid;
    }
    p.line = (int)lo + 1;
    size_t from = js->line_starts[lo];
    int col = 1;
    size_t step = off / COL_STEP * COL_STEP;
    if (step > from) {
        from = step;
        col = js->step_cols[step / COL_STEP];
    }
    for (size_t i = from; i < off; i++)
        if (code_point_start(js->text[i])) col++;
    p.col = col;
    return p;
}

/* ---- the scan ----------------------------------------------------------
 *
 * cJSON has accepted the text when this runs, but it is more lenient than
 * JSON (any byte up to a space counts as white space to it), so the scan
 * never trusts the text's shape: every read is bounded by the length. */

typedef struct {
    JsonSrc *js;
    size_t i;
} Scan;

static char peek(const Scan *s) { return s->i < s->js->len ? s->js->text[s->i] : '\0'; }
static void advance(Scan *s) { if (s->i < s->js->len) s->i++; }

static void scan_error(Scan *s, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void scan_error(Scan *s, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vreport(DIAG_ERROR, pos_at(s->js, off), NULL, fmt, ap);
    va_end(ap);
    s->js->failed = 1;
}

/* JSON's white space is space, tab, LF and CR; any other control
 * character between tokens is an error, reported once per run of them. */
static void skip_ws(Scan *s)
{
    size_t bad = SIZE_MAX, n_bad = 0;
    for (char c; (c = peek(s)) != '\0' && (unsigned char)c <= ' '; advance(s)) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
        if (bad == SIZE_MAX) bad = s->i;
        n_bad++;
    }
    if (n_bad == 1) scan_error(s, bad, "control character outside a string");
    else if (n_bad) scan_error(s, bad, "%zu control characters outside a string", n_bad);
}

static void record(Scan *s, size_t val, size_t key)
{
    JsonSrc *js = s->js;
    size_t cap = js->cap_offs;
    grow_array((void **)&js->val_offs, &js->cap_offs, js->n_offs + 1, sizeof(size_t));
    /* key_offs shares the capacity of val_offs (resized only when that
     * grows: a realloc per value is quadratic under AddressSanitizer) */
    if (js->cap_offs != cap || !js->key_offs) js->key_offs = xrealloc(js->key_offs, js->cap_offs * sizeof(size_t));
    js->val_offs[js->n_offs] = val;
    js->key_offs[js->n_offs] = key;
    js->n_offs++;
}

/* One error per string, at its first offending character. */
static void scan_string(Scan *s)
{
    const char *t = s->js->text;
    size_t len = s->js->len;
    size_t ctl = SIZE_MAX, n_ctl = 0, nul = SIZE_MAX;
    if (peek(s) == '"') advance(s);
    while (s->i < len && t[s->i] != '"') {
        unsigned char c = (unsigned char)t[s->i];
        if (c < 0x20) {
            if (ctl == SIZE_MAX) ctl = s->i;
            n_ctl++;
        } else if (c == '\\') {
            if (nul == SIZE_MAX && len - s->i >= 6 && memcmp(t + s->i + 1, "u0000", 5) == 0) nul = s->i;
            advance(s);
        }
        advance(s);
    }
    advance(s);   /* the closing quote */
    if (n_ctl == 1)
        scan_error(s, ctl, "control character in a string (write it as an escape such as \\n)");
    else if (n_ctl)
        scan_error(s, ctl, "%zu control characters in a string (write them as escapes such as \\n)", n_ctl);
    if (nul != SIZE_MAX) scan_error(s, nul, "\\u0000 (NUL) is not allowed in a string");
}

static bool number_char(char c) { return c && strchr("0123456789+-eE.", c); }

static void scan_number(Scan *s)
{
    size_t start = s->i;
    if (peek(s) == '-') advance(s);
    if (peek(s) == '0') {
        advance(s);
        if (peek(s) >= '0' && peek(s) <= '9') scan_error(s, start, "number with a leading zero");
    }
    while (number_char(peek(s))) advance(s);
}

static void scan_value(Scan *s, size_t key_off);

static void scan_container(Scan *s, char open)
{
    char close = open == '{' ? '}' : ']';
    advance(s);
    skip_ws(s);
    if (peek(s) == close) { advance(s); return; }
    while (peek(s) != '\0') {
        size_t k = SIZE_MAX;
        if (open == '{') {
            skip_ws(s);
            k = s->i;
            scan_string(s);
            skip_ws(s);
            if (peek(s) == ':') advance(s);
        }
        scan_value(s, k);
        skip_ws(s);
        if (peek(s) == ',') { advance(s); continue; }
        if (peek(s) == close) advance(s);
        return;
    }
}

static void scan_value(Scan *s, size_t key_off)
{
    skip_ws(s);
    record(s, s->i, key_off);
    char c = peek(s);
    if (c == '{' || c == '[') scan_container(s, c);
    else if (c == '"') scan_string(s);
    else if (c == '-' || (c >= '0' && c <= '9')) scan_number(s);
    else while (peek(s) >= 'a' && peek(s) <= 'z') advance(s);   /* true false null */
}

/* ---- node -> offsets map ----------------------------------------------- */

static size_t hash_ptr(const void *p)
{
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 17;
    x *= 0x9E3779B97F4A7C15ull;
    return (size_t)(x ^ (x >> 29));
}

static void map_put(JsonSrc *js, const cJSON *node, size_t v, size_t k)
{
    size_t h = hash_ptr(node) & (js->n_slots - 1);
    while (js->slots[h].node) h = (h + 1) & (js->n_slots - 1);
    js->slots[h].node = node;
    js->slots[h].value_off = (uint32_t)v;
    js->slots[h].key_off = k == SIZE_MAX ? NO_KEY : (uint32_t)k;
}

static const NodePos *map_get(const JsonSrc *js, const cJSON *node)
{
    if (!js->n_slots || !node) return NULL;
    size_t h = hash_ptr(node) & (js->n_slots - 1);
    while (js->slots[h].node) {
        if (js->slots[h].node == node) return &js->slots[h];
        h = (h + 1) & (js->n_slots - 1);
    }
    return NULL;
}

static int cmp_member_names(const void *a, const void *b)
{
    const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
    int c = strcmp(x->string, y->string);
    if (c) return c;
    return x < y ? -1 : x > y;
}

static void check_duplicates(JsonSrc *js, const cJSON *obj)
{
    size_t n = 0;
    for (const cJSON *c = obj->child; c; c = c->next) n++;
    if (n < 2) return;
    const cJSON **v = xmalloc(n * sizeof *v);
    size_t i = 0;
    for (const cJSON *c = obj->child; c; c = c->next) v[i++] = c;
    qsort(v, n, sizeof *v, cmp_member_names);
    for (i = 1; i < n; i++) {
        if (strcmp(v[i]->string, v[i - 1]->string) != 0) continue;
        /* sorted by name then address; report the later one in the text */
        const cJSON *first = v[i - 1], *second = v[i];
        if (jsonsrc_key_pos(js, second).line < jsonsrc_key_pos(js, first).line) {
            const cJSON *t = first; first = second; second = t;
        }
        SrcPos p1 = jsonsrc_key_pos(js, first);
        diag_error(jsonsrc_key_pos(js, second), "duplicate key \"%s\" (first defined at line %d, column %d)",
                   second->string, p1.line, p1.col);
        js->failed = 1;
    }
    free(v);
}

/* Pre-order walk, assigning the i-th recorded offsets to the i-th node. */
static void assign(JsonSrc *js, const cJSON *node, size_t *i)
{
    /* explicit stack: nesting is bounded by cJSON's limit, but keep the
     * C stack small for threads */
    size_t cap = 64, top = 0;
    const cJSON **stack = xmalloc(cap * sizeof *stack);
    stack[top++] = node;
    while (top) {
        const cJSON *n = stack[--top];
        if (*i < js->n_offs) {
            map_put(js, n, js->val_offs[*i], js->key_offs[*i]);
            (*i)++;
        }
        if (cJSON_IsNumber(n) && !isfinite(n->valuedouble)) {
            diag_error(jsonsrc_pos(js, n), "number out of range");
            js->failed = 1;
        }
        /* push children in reverse so the first child is visited first */
        size_t nc = 0;
        for (const cJSON *c = n->child; c; c = c->next) nc++;
        if (top + nc > cap) {
            while (top + nc > cap) cap *= 2;
            stack = xrealloc(stack, cap * sizeof *stack);
        }
        size_t at = top + nc;
        for (const cJSON *c = n->child; c; c = c->next) stack[--at] = c;
        top += nc;
    }
    free(stack);
}

static void check_objects(JsonSrc *js, const cJSON *node)
{
    size_t cap = 64, top = 0;
    const cJSON **stack = xmalloc(cap * sizeof *stack);
    stack[top++] = node;
    while (top) {
        const cJSON *n = stack[--top];
        if (cJSON_IsObject(n)) check_duplicates(js, n);
        for (const cJSON *c = n->child; c; c = c->next) {
            if (top == cap) { cap *= 2; stack = xrealloc(stack, cap * sizeof *stack); }
            stack[top++] = c;
        }
    }
    free(stack);
}

/* Depth of [ and { open at offset `end`, for a clearer message when cJSON
 * stops at its nesting limit. */
static int depth_at(const char *t, size_t end)
{
    int depth = 0, in_str = 0;
    for (size_t i = 0; i < end; i++) {
        char c = t[i];
        if (in_str) {
            if (c == '\\') i++;
            else if (c == '"') in_str = 0;
        } else if (c == '"') in_str = 1;
        else if (c == '{' || c == '[') depth++;
        else if (c == '}' || c == ']') depth--;
    }
    return depth;
}

static void report_syntax_error(JsonSrc *js, size_t body, size_t off)
{
    const char *t = js->text + off;
    size_t rest = js->len - off;
    size_t k = body;
    while (k < js->len && strchr(" \t\r\n", js->text[k])) k++;
    if (k == js->len) {
        diag_error(file_pos(js->name), "empty file: expected a JSON object");
        return;
    }
    /* cJSON's error offset can lie one past the offending character (on
     * the following white space); point at the character itself */
    while (off > body && (off >= js->len || strchr(" \t\r\n", js->text[off]))) off--;
    t = js->text + off;
    rest = js->len - off;
    SrcPos p = pos_at(js, off);
    if ((rest >= 3 && strncmp(t, "NaN", 3) == 0) || (rest >= 8 && strncmp(t, "Infinity", 8) == 0) ||
        (rest >= 9 && strncmp(t, "-Infinity", 9) == 0))
        diag_error(p, "NaN and Infinity are not JSON numbers");
    else if (depth_at(js->text, off) >= CJSON_NESTING_LIMIT)
        diag_error(p, "nesting deeper than %d levels", CJSON_NESTING_LIMIT);
    else if (off >= js->len)
        diag_error(p, "JSON syntax error: unexpected end of file");
    else if (rest >= 6 && t[0] == '\\' && t[1] == 'u' && (t[2] == 'd' || t[2] == 'D') && strchr("89abcdefABCDEF", t[3]))
        diag_error(p, "\\%.5s is half of a UTF-16 surrogate pair without its other half: write the character "
                      "itself (the file is UTF-8) or both halves, such as \\uD83D\\uDE00", t + 1);
    else {
        uint32_t cp;
        int n = utf8_decode((const unsigned char *)t, rest, &cp);
        char shown[8] = {0};
        memcpy(shown, t, n > 0 ? (size_t)n : 1);
        diag_error(p, "JSON syntax error at '%s'", cp < 0x20 ? "control character" : shown);
    }
}

/* How many values the text holds, near enough (commas and openings
 * outside strings): counted before cJSON builds a node of some 80 bytes
 * for each, plus its place in the position map. */
static size_t count_values(const char *t, size_t len)
{
    size_t n = 1;
    bool in_str = false;
    for (size_t i = 0; i < len; i++) {
        char c = t[i];
        if (in_str) {
            if (c == '\\') i++;
            else if (c == '"') in_str = false;
        } else if (c == '"') in_str = true;
        else if (c == ',' || c == '[' || c == '{') n++;
    }
    return n;
}

/* A file of very many very small values (a 16 MB array of digits) would
 * take some 70 times its size to hold; data files of jindu have objects
 * of named members, well above this many bytes a value. */
#define MIN_BYTES_PER_VALUE 7
#define FEW_VALUES 250000

/* Takes text (NUL-terminated, of len bytes). */
static JsonSrc *parse_owned(char *text, size_t len, const char *name)
{
    JsonSrc *js = xcalloc(1, sizeof *js);
    js->name = name;
    js->text = text;
    js->len = len;
    index_lines(js);

    size_t body = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) body = 3;

    const unsigned char *u = (const unsigned char *)text;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        diag_error(pos_at(js, 0), "the file is UTF-16; save it as UTF-8");
        jsonsrc_free(js);
        return NULL;
    }
    void *nul = memchr(js->text, '\0', len);
    if (nul) {
        diag_error(pos_at(js, (size_t)((char *)nul - js->text)), "NUL byte in file (is it UTF-16 or binary?)");
        jsonsrc_free(js);
        return NULL;
    }
    size_t bad = utf8_invalid_at(js->text, len);
    if (bad != (size_t)-1) {
        diag_error(pos_at(js, bad), "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
                   (unsigned char)js->text[bad]);
        jsonsrc_free(js);
        return NULL;
    }

    size_t values = count_values(js->text, len);
    if (values > FEW_VALUES && len / values < MIN_BYTES_PER_VALUE) {
        diag_error(pos_at(js, 0), "%zu JSON values in %zu bytes (fewer than %d bytes a value): too many small values "
                   "to hold in memory; this is not a data file of jindu", values, len, MIN_BYTES_PER_VALUE);
        jsonsrc_free(js);
        return NULL;
    }
    /* the scan's offsets, sized once (no doubling) */
    js->cap_offs = values + 1;
    js->val_offs = xmalloc(js->cap_offs * sizeof *js->val_offs);
    js->key_offs = xmalloc(js->cap_offs * sizeof *js->key_offs);
    const char *end = NULL;
    js->root = cJSON_ParseWithLengthOpts(js->text + body, len - body + 1, &end, 1);
    if (!js->root) {
        size_t off = end ? (size_t)(end - js->text) : body;
        report_syntax_error(js, body, off);
        jsonsrc_free(js);
        return NULL;
    }

    Scan s = { js, body };
    scan_value(&s, SIZE_MAX);
    js->n_slots = 16;
    while (js->n_slots < js->n_offs * 2) js->n_slots *= 2;
    js->slots = xcalloc(js->n_slots, sizeof *js->slots);
    size_t i = 0;
    assign(js, js->root, &i);
    check_objects(js, js->root);
    free(js->val_offs);
    free(js->key_offs);
    js->val_offs = js->key_offs = NULL;
    if (js->failed) {
        jsonsrc_free(js);
        return NULL;
    }
    return js;
}

JsonSrc *jsonsrc_parse(const char *text, size_t len, const char *name)
{
    if (len > JSON_MAX_FILE_BYTES) {
        diag_error(file_pos(name), "file larger than the limit of %u MiB", JSON_MAX_FILE_BYTES >> 20);
        return NULL;
    }
    return parse_owned(xstrndup(text, len), len, name);
}

JsonSrc *jsonsrc_load(const char *path, const char *name)
{
    char *text;
    size_t len;
    if (read_file(path, JSON_MAX_FILE_BYTES, &text, &len) != 0) {
        if (errno == EFBIG)
            diag_error(file_pos(name), "file larger than the limit of %u MiB", JSON_MAX_FILE_BYTES >> 20);
        else
            diag_error(file_pos(name), "cannot read: %s", file_strerror(errno));
        return NULL;
    }
    return parse_owned(text, len, name);
}

cJSON *jsonsrc_root(const JsonSrc *js) { return js->root; }
const char *jsonsrc_name(const JsonSrc *js) { return js->name; }

SrcPos jsonsrc_pos(const JsonSrc *js, const cJSON *node)
{
    const NodePos *np = map_get(js, node);
    return np ? pos_at(js, np->value_off) : file_pos(js->name);
}

SrcPos jsonsrc_key_pos(const JsonSrc *js, const cJSON *node)
{
    const NodePos *np = map_get(js, node);
    if (!np) return file_pos(js->name);
    return pos_at(js, np->key_off == NO_KEY ? np->value_off : np->key_off);
}

void jsonsrc_free(JsonSrc *js)
{
    if (!js) return;
    cJSON_Delete(js->root);
    free(js->text);
    free(js->line_starts);
    free(js->step_cols);
    free(js->slots);
    free(js->val_offs);
    free(js->key_offs);
    free(js);
}
