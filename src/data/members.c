/* members.c - reading the members of data-format.md's objects, each
 * problem reported at its place (loading.h). */
#include "data/loading.h"
#include "base/date.h"
#include "base/util.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>



SrcPos node_pos(const Ctx *c, const cJSON *node) { return jsonsrc_pos(c->src, node); }

void node_error(const Ctx *c, const cJSON *node, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vreport(DIAG_ERROR, node_pos(c, node), NULL, fmt, ap);
    va_end(ap);
    *c->failed = true;
}

/* Unknown members are warnings: a typo like "stauts" must not pass silently. */
void warn_unknown(const Ctx *c, const cJSON *obj, const char *path, const char *const *known)
{
    for (const cJSON *m = obj->child; m; m = m->next) {
        bool ok = false;
        for (const char *const *k = known; *k && !ok; k++) ok = strcmp(m->string, *k) == 0;
        if (ok) continue;
        const char *close = closest_word(m->string, known);
        if (close)
            diag_warning(jsonsrc_key_pos(c->src, m), "%s: unknown member \"%s\" is ignored (did you mean \"%s\"?)",
                         path, m->string, close);
        else
            diag_warning(jsonsrc_key_pos(c->src, m), "%s: unknown member \"%s\" is ignored", path, m->string);
    }
}

const cJSON *member_get(const cJSON *obj, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(obj, key);
}

const char *type_name(const cJSON *v)
{
    if (cJSON_IsString(v)) return "a string";
    if (cJSON_IsNumber(v)) return "a number";
    if (cJSON_IsBool(v)) return "true/false";
    if (cJSON_IsNull(v)) return "null";
    if (cJSON_IsArray(v)) return "an array";
    if (cJSON_IsObject(v)) return "an object";
    return "invalid";
}

/* A missing required member is reported at the object that lacks it. */
bool member_missing(const Ctx *c, const cJSON *obj, const char *path, const char *key)
{
    node_error(c, obj, "%s: missing required member \"%s\"", path, key);
    return false;
}

/* Read a string member. Returns true when *out was set or the member is
 * absent and optional (then *out is left alone); out NULL: only check it. */
bool read_string(const Ctx *c, const cJSON *obj, const char *path, const char *key, bool required, char **out)
{
    const char *view = NULL;
    if (!read_string_view(c, obj, path, key, required, &view)) return false;
    if (out && view) *out = arena_strdup(&c->d->arena, view);
    return true;
}

/* The same without a copy: *view points into the parsed file. */
bool read_string_view(const Ctx *c, const cJSON *obj, const char *path, const char *key, bool required,
                      const char **view)
{
    const cJSON *v = member_get(obj, key);
    if (!v) return required ? member_missing(c, obj, path, key) : true;
    if (!cJSON_IsString(v)) {
        node_error(c, v, "%s.%s: expected a string, found %s", path, key, type_name(v));
        return false;
    }
    size_t len = strlen(v->valuestring);
    if (len > MAX_STRING_BYTES) {
        node_error(c, v, "%s.%s: string longer than the limit of %u bytes", path, key, MAX_STRING_BYTES);
        return false;
    }
    const char *s = v->valuestring;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
    if (required && !*s) {
        node_error(c, v, "%s.%s: must not be empty", path, key);
        return false;
    }
    *view = v->valuestring;
    return true;
}

bool read_number(const Ctx *c, const cJSON *obj, const char *path, const char *key, bool required,
                        double min, double max, double *out)
{
    const cJSON *v = member_get(obj, key);
    if (!v) return required ? member_missing(c, obj, path, key) : true;
    if (!cJSON_IsNumber(v)) {
        node_error(c, v, "%s.%s: expected a number, found %s", path, key, type_name(v));
        return false;
    }
    if (v->valuedouble < min) {
        node_error(c, v, "%s.%s: %g is below the minimum %g", path, key, v->valuedouble, min);
        return false;
    }
    if (v->valuedouble > max) {
        node_error(c, v, "%s.%s: %g is above the maximum %g", path, key, v->valuedouble, max);
        return false;
    }
    *out = v->valuedouble + 0.0;   /* -0 read as 0 */
    return true;
}

bool read_integer(const Ctx *c, const cJSON *obj, const char *path, const char *key,
                         long min, long max, long *out)
{
    double x = (double)*out;
    if (!read_number(c, obj, path, key, false, (double)min, (double)max, &x)) return false;
    const cJSON *v = member_get(obj, key);
    if (v && x != floor(x)) {
        node_error(c, v, "%s.%s: expected a whole number, found %g", path, key, x);
        return false;
    }
    *out = (long)x;
    return true;
}

bool read_date(const Ctx *c, const cJSON *obj, const char *path, const char *key, bool required, int *out)
{
    const cJSON *v = member_get(obj, key);
    if (!v) return required ? member_missing(c, obj, path, key) : true;
    if (!cJSON_IsString(v)) {
        node_error(c, v, "%s.%s: expected a date \"YYYY-MM-DD\", found %s", path, key, type_name(v));
        return false;
    }
    if (!date_parse(v->valuestring, out)) {
        node_error(c, v, "%s.%s: \"%s\" is not a real calendar date in the form YYYY-MM-DD", path, key, v->valuestring);
        return false;
    }
    return true;
}

bool read_period(const Ctx *c, const cJSON *obj, const char *path, const char *key, bool required, int *out)
{
    const cJSON *v = member_get(obj, key);
    if (!v) return required ? member_missing(c, obj, path, key) : true;
    if (!cJSON_IsString(v) || !period_parse(v->valuestring, out)) {
        node_error(c, v, "%s.%s: expected a quarter such as \"2024Q3\", found %s%s%s", path, key,
             cJSON_IsString(v) ? "\"" : type_name(v), cJSON_IsString(v) ? v->valuestring : "",
             cJSON_IsString(v) ? "\"" : "");
        return false;
    }
    return true;
}

bool read_string_array(const Ctx *c, const cJSON *obj, const char *path, const char *key,
                              char ***out, size_t *n_out)
{
    const cJSON *v = member_get(obj, key);
    if (!v) return true;
    if (!cJSON_IsArray(v)) {
        node_error(c, v, "%s.%s: expected an array of strings, found %s", path, key, type_name(v));
        return false;
    }
    size_t n = (size_t)cJSON_GetArraySize(v), i = 0;
    char **arr = arena_alloc(&c->d->arena, (n + 1) * sizeof *arr);
    bool ok = true;
    for (const cJSON *e = v->child; e; e = e->next, i++) {
        if (!cJSON_IsString(e) || !e->valuestring[0]) {
            node_error(c, e, "%s.%s[%zu]: expected a non-empty string, found %s", path, key, i,
                 cJSON_IsString(e) ? "an empty string" : type_name(e));
            ok = false;
            continue;
        }
        arr[i] = arena_strdup(&c->d->arena, e->valuestring);
    }
    if (ok) { *out = arr; *n_out = n; }
    return ok;
}

bool id_ok(const char *s, bool allow_dot)
{
    size_t n = strlen(s);
    if (n < 1 || n > 64) return false;
    for (; *s; s++) {
        char ch = *s;
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ||
              ch == '-' || (allow_dot && ch == '.')))
            return false;
    }
    return true;
}

bool read_id(const Ctx *c, const cJSON *obj, const char *path, bool allow_dot, char **out)
{
    if (!read_string(c, obj, path, "id", true, out)) return false;
    if (!id_ok(*out, allow_dot)) {
        node_error(c, member_get(obj, "id"), "%s.id: \"%s\" is not a valid id (1 to 64 of A-Z a-z 0-9 _ -%s)", path, *out,
             allow_dot ? " ." : "");
        return false;
    }
    return true;
}

bool want_object(const Ctx *c, const cJSON *v, const char *path)
{
    if (cJSON_IsObject(v)) return true;
    node_error(c, v, "%s: expected an object, found %s", path, type_name(v));
    return false;
}


/* ---- member tables ---- */

static void *field(void *target, const Member *m) { return (char *)target + m->offset; }

bool member_string(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target)
{
    return read_string(c, obj, path, m->name, m->required, field(target, m));
}

bool member_strings(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target)
{
    return read_string_array(c, obj, path, m->name, field(target, m), (size_t *)((char *)target + m->count_offset));
}

bool member_date(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target)
{
    return read_date(c, obj, path, m->name, m->required, field(target, m));
}

bool member_number(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target)
{
    return read_number(c, obj, path, m->name, m->required, m->min, m->max, field(target, m));
}

bool member_integer(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target)
{
    return read_integer(c, obj, path, m->name, (long)m->min, (long)m->max, field(target, m));
}

void warn_unknown_members(const Ctx *c, const cJSON *obj, const char *path, const Member *table)
{
    const char *known[64];
    size_t n = 0;
    for (const Member *m = table; m->name && n < 63; m++) known[n++] = m->name;
    known[n] = NULL;
    warn_unknown(c, obj, path, known);
}

bool read_members(const Ctx *c, const cJSON *obj, const char *path, const Member *table, void *target)
{
    warn_unknown_members(c, obj, path, table);
    bool ok = true;
    for (const Member *m = table; m->name; m++)
        if (m->read) ok &= m->read(c, obj, path, m, target);
    return ok;
}
