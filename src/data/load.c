/* load.c - reading and validating progress data (data-format.md).
 *
 * Files are parsed by jsonsrc (cJSON plus positions); this file merges their
 * top-level members, checks every rule of the contract and builds the Data
 * structures. Every problem is reported, each at its place. Problems inside
 * one institution's progress entries mark that institution only; anything
 * else (issuer, plan, tasks, rules) is a global error. */
#include "data/model.h"
#include "data/entry.h"
#include "base/date.h"
#include "data/jsonsrc.h"
#include "base/util.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DATA_FILES 100000
#define MAX_DIR_DEPTH 32
#define MAX_STRING_BYTES (1u << 20)
/* weights beyond this only overflow sums; no plan weighs tasks so */
#define MAX_WEIGHT 1e9
/* Counts a run may hold: each task keeps a flag per institution, so their
 * product is what the memory pays; a province has a few thousand
 * institutions and a plan a few dozen tasks. */
#define MAX_INSTITUTIONS 20000
#define MAX_TASKS 2000
#define MAX_INDICATORS 20000
#define MAX_PROGRESS 2000000


/* ---- collecting files -------------------------------------------------- */

typedef struct {
    char **paths;
    size_t n, cap;
    bool failed;
} FileList;

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void collect_dir(FileList *fl, const char *dir, int depth)
{
    if (depth > MAX_DIR_DEPTH) {
        diag_error(file_pos(dir), "directories nested deeper than %d levels (a link loop?)", MAX_DIR_DEPTH);
        fl->failed = true;
        return;
    }
    DIR *dh = opendir(dir);
    if (!dh) {
        diag_error(file_pos(dir), "cannot open directory: %s", strerror(errno));
        fl->failed = true;
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(dh))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        *(char **)ARRAY_PUSH(names, n, cap) = xstrdup(e->d_name);
    }
    closedir(dh);
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        char *p = xasprintf("%s%s%s", dir, ends_with(dir, "/") ? "" : "/", names[i]);
        struct stat st;
        if (stat(p, &st) != 0) {
            diag_warning(file_pos(p), "skipped: %s", strerror(errno));
            free(p);
        } else if (S_ISDIR(st.st_mode)) {
            collect_dir(fl, p, depth + 1);
            free(p);
        } else if (S_ISREG(st.st_mode) && ends_with(names[i], ".json")) {
            if (fl->n >= MAX_DATA_FILES) {
                diag_error(file_pos(p), "more than %d data files", MAX_DATA_FILES);
                fl->failed = true;
                free(p);
            } else {
                *(char **)ARRAY_PUSH(fl->paths, fl->n, fl->cap) = p;
            }
        } else {
            free(p);
        }
        free(names[i]);
    }
    free(names);
}

/* ---- reading members ----------------------------------------------------- */

typedef struct {
    Data *d;
    const JsonSrc *src;
    bool *failed;          /* where an error is recorded (global or an institution) */
} Ctx;

static SrcPos at(const Ctx *c, const cJSON *node) { return jsonsrc_pos(c->src, node); }

static void fail(const Ctx *c, const cJSON *node, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(const Ctx *c, const cJSON *node, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vreport(DIAG_ERROR, at(c, node), NULL, fmt, ap);
    va_end(ap);
    *c->failed = true;
}

/* Unknown members are warnings: a typo like "stauts" must not pass silently. */
static void warn_unknown(const Ctx *c, const cJSON *obj, const char *path, const char *const *known)
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

static const cJSON *get(const cJSON *obj, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(obj, key);
}

static const char *type_name(const cJSON *v)
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
static bool missing(const Ctx *c, const cJSON *obj, const char *path, const char *key)
{
    fail(c, obj, "%s: missing required member \"%s\"", path, key);
    return false;
}

/* Read a string member. Returns true when *out was set or the member is
 * absent and optional (then *out is left alone). */
static bool read_string(const Ctx *c, const cJSON *obj, const char *path, const char *key, bool required, char **out)
{
    const cJSON *v = get(obj, key);
    if (!v) return required ? missing(c, obj, path, key) : true;
    if (!cJSON_IsString(v)) {
        fail(c, v, "%s.%s: expected a string, found %s", path, key, type_name(v));
        return false;
    }
    size_t len = strlen(v->valuestring);
    if (len > MAX_STRING_BYTES) {
        fail(c, v, "%s.%s: string longer than the limit of %u bytes", path, key, MAX_STRING_BYTES);
        return false;
    }
    const char *s = v->valuestring;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
    if (required && !*s) {
        fail(c, v, "%s.%s: must not be empty", path, key);
        return false;
    }
    *out = arena_strdup(&c->d->arena, v->valuestring);
    return true;
}

static bool read_number(const Ctx *c, const cJSON *obj, const char *path, const char *key, bool required,
                        double min, double max, double *out)
{
    const cJSON *v = get(obj, key);
    if (!v) return required ? missing(c, obj, path, key) : true;
    if (!cJSON_IsNumber(v)) {
        fail(c, v, "%s.%s: expected a number, found %s", path, key, type_name(v));
        return false;
    }
    if (v->valuedouble < min) {
        fail(c, v, "%s.%s: %g is below the minimum %g", path, key, v->valuedouble, min);
        return false;
    }
    if (v->valuedouble > max) {
        fail(c, v, "%s.%s: %g is above the maximum %g", path, key, v->valuedouble, max);
        return false;
    }
    *out = v->valuedouble;
    return true;
}

static bool read_integer(const Ctx *c, const cJSON *obj, const char *path, const char *key,
                         long min, long max, long *out)
{
    double x = (double)*out;
    if (!read_number(c, obj, path, key, false, (double)min, (double)max, &x)) return false;
    const cJSON *v = get(obj, key);
    if (v && x != floor(x)) {
        fail(c, v, "%s.%s: expected a whole number, found %g", path, key, x);
        return false;
    }
    *out = (long)x;
    return true;
}

static bool read_date(const Ctx *c, const cJSON *obj, const char *path, const char *key, bool required, int *out)
{
    const cJSON *v = get(obj, key);
    if (!v) return required ? missing(c, obj, path, key) : true;
    if (!cJSON_IsString(v)) {
        fail(c, v, "%s.%s: expected a date \"YYYY-MM-DD\", found %s", path, key, type_name(v));
        return false;
    }
    if (!date_parse(v->valuestring, out)) {
        fail(c, v, "%s.%s: \"%s\" is not a real calendar date in the form YYYY-MM-DD", path, key, v->valuestring);
        return false;
    }
    return true;
}

static bool read_period(const Ctx *c, const cJSON *obj, const char *path, const char *key, bool required, int *out)
{
    const cJSON *v = get(obj, key);
    if (!v) return required ? missing(c, obj, path, key) : true;
    if (!cJSON_IsString(v) || !period_parse(v->valuestring, out)) {
        fail(c, v, "%s.%s: expected a quarter such as \"2024Q3\", found %s%s%s", path, key,
             cJSON_IsString(v) ? "\"" : type_name(v), cJSON_IsString(v) ? v->valuestring : "",
             cJSON_IsString(v) ? "\"" : "");
        return false;
    }
    return true;
}

static bool read_string_array(const Ctx *c, const cJSON *obj, const char *path, const char *key,
                              char ***out, size_t *n_out)
{
    const cJSON *v = get(obj, key);
    if (!v) return true;
    if (!cJSON_IsArray(v)) {
        fail(c, v, "%s.%s: expected an array of strings, found %s", path, key, type_name(v));
        return false;
    }
    size_t n = (size_t)cJSON_GetArraySize(v), i = 0;
    char **arr = arena_alloc(&c->d->arena, (n + 1) * sizeof *arr);
    bool ok = true;
    for (const cJSON *e = v->child; e; e = e->next, i++) {
        if (!cJSON_IsString(e) || !e->valuestring[0]) {
            fail(c, e, "%s.%s[%zu]: expected a non-empty string, found %s", path, key, i,
                 cJSON_IsString(e) ? "an empty string" : type_name(e));
            ok = false;
            continue;
        }
        arr[i] = arena_strdup(&c->d->arena, e->valuestring);
    }
    if (ok) { *out = arr; *n_out = n; }
    return ok;
}

static bool id_ok(const char *s, bool allow_dot)
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

static bool read_id(const Ctx *c, const cJSON *obj, const char *path, bool allow_dot, char **out)
{
    if (!read_string(c, obj, path, "id", true, out)) return false;
    if (!id_ok(*out, allow_dot)) {
        fail(c, get(obj, "id"), "%s.id: \"%s\" is not a valid id (1 to 64 of A-Z a-z 0-9 _ -%s)", path, *out,
             allow_dot ? " ." : "");
        return false;
    }
    return true;
}

static bool want_object(const Ctx *c, const cJSON *v, const char *path)
{
    if (cJSON_IsObject(v)) return true;
    fail(c, v, "%s: expected an object, found %s", path, type_name(v));
    return false;
}

/* ---- merging the files' top-level members ------------------------------- */

typedef struct {
    const JsonSrc *src;
    const cJSON *node;
} Occurrence;

typedef struct {
    const char *key;
    Occurrence *occ;
    size_t n, cap;
} TopMember;

enum { TOP_SCHEMA, TOP_ISSUER, TOP_PLAN, TOP_PERIOD, TOP_AS_OF, TOP_INSTITUTIONS, TOP_TASKS, TOP_PROGRESS,
       TOP_RULES, TOP_COUNT };
static const char *const TOP_KEYS[] = { "schema", "issuer", "plan", "period", "as_of", "institutions", "tasks",
                                        "progress", "rules", NULL };

/* The single definition of a non-array member, or NULL. A second definition
 * is an error naming both files. */
static const Occurrence *single(Data *d, TopMember *m)
{
    for (size_t i = 1; i < m->n; i++) {
        SrcPos first = jsonsrc_key_pos(m->occ[0].src, m->occ[0].node);
        diag_error(jsonsrc_key_pos(m->occ[i].src, m->occ[i].node), "\"%s\" is defined twice (also at %s:%d:%d)",
                   m->key, first.file, first.line, first.col);
        d->global_errors = true;
    }
    return m->n ? &m->occ[0] : NULL;
}

/* ---- the sections --------------------------------------------------------- */

static void load_issuer(Data *d, const Occurrence *o)
{
    Ctx c = { d, o->src, &d->global_errors };
    Issuer *is = &d->issuer;
    if (!want_object(&c, o->node, "issuer")) return;
    static const char *const known[] = { "name", "short_name", "doc_code", "header", "print_office", "contact",
                                         "cc", NULL };
    warn_unknown(&c, o->node, "issuer", known);
    read_string(&c, o->node, "issuer", "name", true, &is->name);
    read_string(&c, o->node, "issuer", "short_name", false, &is->short_name);
    read_string(&c, o->node, "issuer", "doc_code", true, &is->doc_code);
    read_string(&c, o->node, "issuer", "header", false, &is->header);
    read_string(&c, o->node, "issuer", "print_office", false, &is->print_office);
    read_string_array(&c, o->node, "issuer", "cc", &is->cc, &is->n_cc);
    const cJSON *ct = get(o->node, "contact");
    if (ct && want_object(&c, ct, "issuer.contact")) {
        static const char *const kc[] = { "person", "phone", NULL };
        warn_unknown(&c, ct, "issuer.contact", kc);
        read_string(&c, ct, "issuer.contact", "person", false, &is->contact_person);
        read_string(&c, ct, "issuer.contact", "phone", false, &is->contact_phone);
    }
    if (is->name) {
        if (!is->short_name) is->short_name = is->name;
        if (!is->header) is->header = arena_printf(&d->arena, "%s文件", is->name);
        if (!is->print_office) is->print_office = arena_printf(&d->arena, "%s办公室", is->name);
    }
}

static void load_plan(Data *d, const Occurrence *o)
{
    Ctx c = { d, o->src, &d->global_errors };
    Plan *p = &d->plan;
    if (!want_object(&c, o->node, "plan")) return;
    static const char *const known[] = { "title", "short_title", "doc_no", "issued_by", "issued_on", "start",
                                         "end", NULL };
    warn_unknown(&c, o->node, "plan", known);
    read_string(&c, o->node, "plan", "title", true, &p->title);
    read_string(&c, o->node, "plan", "short_title", false, &p->short_title);
    read_string(&c, o->node, "plan", "doc_no", false, &p->doc_no);
    read_string(&c, o->node, "plan", "issued_by", false, &p->issued_by);
    read_date(&c, o->node, "plan", "issued_on", false, &p->issued_on);
    bool s_ok = read_date(&c, o->node, "plan", "start", true, &p->start);
    bool e_ok = read_date(&c, o->node, "plan", "end", true, &p->end);
    if (s_ok && e_ok && p->start != DATE_NONE && p->end != DATE_NONE && p->end < p->start)
        fail(&c, get(o->node, "end"), "plan.end is before plan.start");
    if (p->title && !p->short_title) p->short_title = p->title;
}

static void load_rules(Data *d, const Occurrence *o)
{
    Ctx c = { d, o->src, &d->global_errors };
    Rules *r = &d->rules;
    if (!want_object(&c, o->node, "rules")) return;
    static const char *const known[] = { "lag", "scoring", "notice", NULL };
    warn_unknown(&c, o->node, "rules", known);

    const cJSON *lag = get(o->node, "lag");
    if (lag && want_object(&c, lag, "rules.lag")) {
        static const char *const k[] = { "threshold_points", NULL };
        warn_unknown(&c, lag, "rules.lag", k);
        read_number(&c, lag, "rules.lag", "threshold_points", false, 0, 100, &r->lag_threshold);
    }
    const cJSON *sc = get(o->node, "scoring");
    if (sc && want_object(&c, sc, "rules.scoring")) {
        static const char *const k[] = { "task_share", "indicator_share", "overdue_penalty", "grades", NULL };
        warn_unknown(&c, sc, "rules.scoring", k);
        read_number(&c, sc, "rules.scoring", "task_share", false, 0, 100, &r->task_share);
        read_number(&c, sc, "rules.scoring", "indicator_share", false, 0, 100, &r->indicator_share);
        read_number(&c, sc, "rules.scoring", "overdue_penalty", false, 0, 1, &r->overdue_penalty);
        const cJSON *g = get(sc, "grades");
        if (g && !cJSON_IsArray(g)) {
            fail(&c, g, "rules.scoring.grades: expected an array, found %s", type_name(g));
        } else if (g && cJSON_GetArraySize(g) == 0) {
            fail(&c, g, "rules.scoring.grades: must name at least one grade");
        } else if (g) {
            size_t n = (size_t)cJSON_GetArraySize(g), i = 0;
            Grade *gr = arena_alloc(&d->arena, n * sizeof *gr);
            bool ok = true;
            for (const cJSON *e = g->child; e; e = e->next, i++) {
                char path[64];
                snprintf(path, sizeof path, "rules.scoring.grades[%zu]", i);
                if (!want_object(&c, e, path)) { ok = false; continue; }
                static const char *const kg[] = { "min", "label", NULL };
                warn_unknown(&c, e, path, kg);
                gr[i].min = -HUGE_VAL;
                ok &= read_number(&c, e, path, "min", true, -HUGE_VAL, HUGE_VAL, &gr[i].min);
                ok &= read_string(&c, e, path, "label", true, &gr[i].label);
            }
            if (ok) {
                /* sorted by min, highest first; stable for equal mins */
                for (size_t a = 1; a < n; a++)
                    for (size_t b = a; b > 0 && gr[b].min > gr[b - 1].min; b--) {
                        Grade t = gr[b]; gr[b] = gr[b - 1]; gr[b - 1] = t;
                    }
                r->grades = gr;
                r->n_grades = n;
            }
        }
    }
    const cJSON *no = get(o->node, "notice");
    if (no && want_object(&c, no, "rules.notice")) {
        static const char *const k[] = { "first_number", "reply_days", "date", NULL };
        warn_unknown(&c, no, "rules.notice", k);
        read_integer(&c, no, "rules.notice", "first_number", 1, 999999, &r->notice_first_number);
        read_integer(&c, no, "rules.notice", "reply_days", 0, 3650, &r->notice_reply_days);
        read_date(&c, no, "rules.notice", "date", false, &r->notice_date);
    }
}

static void set_default_rules(Data *d)
{
    static const struct { double min; const char *label; } def[] = {
        { 90, "优秀" }, { 80, "良好" }, { 60, "合格" }, { 0, "不合格" },
    };
    Rules *r = &d->rules;
    r->lag_threshold = 20;
    r->task_share = 60;
    r->indicator_share = 40;
    r->overdue_penalty = 0.5;
    r->n_grades = 4;
    r->grades = arena_alloc(&d->arena, 4 * sizeof *r->grades);
    for (int i = 0; i < 4; i++) {
        r->grades[i].min = def[i].min;
        r->grades[i].label = arena_strdup(&d->arena, def[i].label);
    }
    r->notice_first_number = 1;
    r->notice_reply_days = 15;
    r->notice_date = DATE_NONE;
}

/* Institutions: an entry with a usable id is kept even when other members
 * are wrong (marked has_errors), so that its progress entries do not turn
 * into a cascade of "unknown institution" errors. */
static void load_institutions(Data *d, TopMember *m)
{
    size_t total = 0, cap = 0;
    for (size_t f = 0; f < m->n; f++)
        if (cJSON_IsArray(m->occ[f].node)) total += (size_t)cJSON_GetArraySize(m->occ[f].node);
    if (total > MAX_INSTITUTIONS) {
        diag_error(jsonsrc_pos(m->occ[0].src, m->occ[0].node), "institutions: %zu, more than the limit of %d", total,
                   MAX_INSTITUTIONS);
        d->global_errors = true;
        total = 0;
        m->n = 0;
    }
    d->institutions = arena_alloc(&d->arena, (total + 1) * sizeof *d->institutions);
    (void)cap;
    for (size_t f = 0; f < m->n; f++) {
        bool dummy = false;
        Ctx c = { d, m->occ[f].src, &d->global_errors };
        if (!cJSON_IsArray(m->occ[f].node)) {
            fail(&c, m->occ[f].node, "institutions: expected an array, found %s", type_name(m->occ[f].node));
            continue;
        }
        size_t i = 0;
        for (const cJSON *e = m->occ[f].node->child; e; e = e->next, i++) {
            char path[48];
            snprintf(path, sizeof path, "institutions[%zu]", i);
            if (!want_object(&c, e, path)) continue;
            Institution inst = {0};
            inst.pos = at(&c, e);
            if (!read_id(&c, e, path, false, &inst.id)) continue;
            long dup = data_find_institution(d, inst.id);
            if (dup >= 0) {
                SrcPos p = d->institutions[dup].pos;
                fail(&c, get(e, "id"), "%s.id: institution \"%s\" is defined twice (first at %s:%d:%d)", path,
                     inst.id, p.file, p.line, p.col);
                continue;
            }
            Ctx ci = { d, m->occ[f].src, &dummy };
            static const char *const known[] = { "id", "name", "short_name", "type", "head", NULL };
            warn_unknown(&ci, e, path, known);
            read_string(&ci, e, path, "name", true, &inst.name);
            read_string(&ci, e, path, "short_name", false, &inst.short_name);
            read_string(&ci, e, path, "type", false, &inst.type);
            read_string(&ci, e, path, "head", false, &inst.head);
            if (!inst.name) inst.name = inst.id;
            if (!inst.short_name) inst.short_name = inst.name;
            inst.has_errors = dummy;
            strmap_put(&d->institution_ids, inst.id, (long)d->n_institutions);
            d->institutions[d->n_institutions++] = inst;
        }
    }
}

static void load_indicator(Data *d, Ctx *c, const cJSON *e, const char *path, Task *t, size_t task_index)
{
    if (!want_object(c, e, path)) return;
    static const char *const known[] = { "id", "name", "unit", "target", "better", "baseline", "institution",
                                         "due", "weight", NULL };
    warn_unknown(c, e, path, known);
    Indicator ind = {0};
    ind.institution = -1;
    ind.due = t->due;
    ind.weight = 1;
    ind.task = task_index;
    bool ok = read_id(c, e, path, true, &ind.id);
    if (ok) {
        long dup = data_find_indicator(d, ind.id);
        if (dup >= 0) {
            fail(c, get(e, "id"), "%s.id: indicator \"%s\" is defined twice (also in task \"%s\")", path, ind.id,
                 d->tasks[d->indicators[dup].task].id);
            ok = false;
        }
    }
    ok &= read_string(c, e, path, "name", true, &ind.name);
    ok &= read_string(c, e, path, "unit", false, &ind.unit);
    ok &= read_number(c, e, path, "target", true, -HUGE_VAL, HUGE_VAL, &ind.target);
    const cJSON *b = get(e, "better");
    if (b) {
        if (cJSON_IsString(b) && strcmp(b->valuestring, "higher") == 0) ind.lower_better = false;
        else if (cJSON_IsString(b) && strcmp(b->valuestring, "lower") == 0) ind.lower_better = true;
        else { fail(c, b, "%s.better: expected \"higher\" or \"lower\"", path); ok = false; }
    }
    if (get(e, "baseline")) {
        ok &= read_number(c, e, path, "baseline", false, -HUGE_VAL, HUGE_VAL, &ind.baseline);
        ind.has_baseline = true;
    }
    char *inst_id = NULL;
    ok &= read_string(c, e, path, "institution", false, &inst_id);
    if (inst_id) {
        ind.institution = data_find_institution(d, inst_id);
        if (ind.institution < 0) {
            fail(c, get(e, "institution"), "%s.institution: no institution has the id \"%s\"", path, inst_id);
            ok = false;
        } else if (t->assigned && !t->assigned[ind.institution]) {
            /* documents.md scores an institution "with no tasks" on its
             * indicators alone, so an indicator may name an institution
             * outside the task's list; it applies, though that institution
             * cannot report a value through this task */
            diag_warning(at(c, get(e, "institution")),
                         "%s.institution: \"%s\" is not assigned task \"%s\"; the indicator applies to it but it "
                         "cannot report a value", path, inst_id, t->id);
        }
    }
    ok &= read_date(c, e, path, "due", false, &ind.due);
    ok &= read_number(c, e, path, "weight", false, 0, MAX_WEIGHT, &ind.weight);
    /* kept with a usable, unique id even when wrong otherwise (the error is
     * global), so progress entries naming it do not cascade */
    bool usable_id = ind.id && id_ok(ind.id, true) && data_find_indicator(d, ind.id) < 0;
    if (ok || usable_id) {
        if (!ind.name) ind.name = ind.id;
        strmap_put(&d->indicator_ids, ind.id, (long)d->n_indicators);
        d->indicators[d->n_indicators++] = ind;
    }
}

static void load_tasks(Data *d, TopMember *m)
{
    size_t total = 0, total_ind = 0;
    for (size_t f = 0; f < m->n; f++) {
        if (!cJSON_IsArray(m->occ[f].node)) continue;
        for (const cJSON *e = m->occ[f].node->child; e; e = e->next) {
            total++;
            const cJSON *ind = cJSON_IsObject(e) ? get(e, "indicators") : NULL;
            if (cJSON_IsArray(ind)) total_ind += (size_t)cJSON_GetArraySize(ind);
        }
    }
    if (total > MAX_TASKS || total_ind > MAX_INDICATORS) {
        diag_error(jsonsrc_pos(m->occ[0].src, m->occ[0].node), "tasks: %zu tasks and %zu indicators, more than the "
                   "limit of %d tasks and %d indicators", total, total_ind, MAX_TASKS, MAX_INDICATORS);
        d->global_errors = true;
        total = total_ind = 0;
        m->n = 0;
    }
    d->tasks = arena_alloc(&d->arena, (total + 1) * sizeof *d->tasks);
    d->indicators = arena_alloc(&d->arena, (total_ind + 1) * sizeof *d->indicators);
    for (size_t f = 0; f < m->n; f++) {
        Ctx c = { d, m->occ[f].src, &d->global_errors };
        if (!cJSON_IsArray(m->occ[f].node)) {
            fail(&c, m->occ[f].node, "tasks: expected an array, found %s", type_name(m->occ[f].node));
            continue;
        }
        size_t i = 0;
        for (const cJSON *e = m->occ[f].node->child; e; e = e->next, i++) {
            char path[48];
            snprintf(path, sizeof path, "tasks[%zu]", i);
            if (!want_object(&c, e, path)) continue;
            static const char *const known[] = { "id", "no", "section", "title", "text", "lead", "responsible",
                                                 "institutions", "start", "due", "weight", "indicators",
                                                 /* written by jindu import for review; not read */
                                                 "indicator_candidates", NULL };
            warn_unknown(&c, e, path, known);
            Task t = {0};
            t.start = d->plan.start;
            t.due = d->plan.end;
            t.weight = 1;
            bool ok = read_id(&c, e, path, true, &t.id);
            if (ok && data_find_task(d, t.id) >= 0) {
                fail(&c, get(e, "id"), "%s.id: task \"%s\" is defined twice", path, t.id);
                ok = false;
            }
            ok &= read_string(&c, e, path, "no", false, &t.no);
            ok &= read_string(&c, e, path, "section", false, &t.section);
            ok &= read_string(&c, e, path, "title", true, &t.title);
            ok &= read_string(&c, e, path, "text", false, &t.text);
            ok &= read_string_array(&c, e, path, "lead", &t.lead, &t.n_lead);
            ok &= read_string_array(&c, e, path, "responsible", &t.responsible, &t.n_responsible);
            bool s_ok = read_date(&c, e, path, "start", false, &t.start);
            bool d_ok = read_date(&c, e, path, "due", false, &t.due);
            ok &= s_ok && d_ok;
            if (s_ok && d_ok && t.start != DATE_NONE && t.due != DATE_NONE && t.due < t.start) {
                fail(&c, get(e, "due") ? get(e, "due") : e, "%s.due: the due date is before the start date", path);
                ok = false;
            }
            ok &= read_number(&c, e, path, "weight", false, 0, MAX_WEIGHT, &t.weight);
            if (!t.no && t.id) t.no = t.id;

            t.assigned = arena_alloc(&d->arena, (d->n_institutions + 1) * sizeof *t.assigned);
            const cJSON *ins = get(e, "institutions");
            if (!ins) {
                for (size_t k = 0; k < d->n_institutions; k++) t.assigned[k] = true;
            } else if (!cJSON_IsArray(ins)) {
                fail(&c, ins, "%s.institutions: expected an array of institution ids, found %s", path,
                     type_name(ins));
                ok = false;
            } else {
                size_t j = 0;
                for (const cJSON *x = ins->child; x; x = x->next, j++) {
                    long k = cJSON_IsString(x) ? data_find_institution(d, x->valuestring) : -1;
                    if (!cJSON_IsString(x)) {
                        fail(&c, x, "%s.institutions[%zu]: expected an institution id, found %s", path, j,
                             type_name(x));
                        ok = false;
                    } else if (k < 0) {
                        fail(&c, x, "%s.institutions[%zu]: no institution has the id \"%s\"", path, j,
                             x->valuestring);
                        ok = false;
                    } else {
                        t.assigned[k] = true;
                    }
                }
            }
            /* indicators are appended to d->indicators as they validate */
            t.first_indicator = d->n_indicators;
            size_t before_tasks = d->n_tasks;
            const cJSON *inds = get(e, "indicators");
            if (inds && !cJSON_IsArray(inds)) {
                fail(&c, inds, "%s.indicators: expected an array, found %s", path, type_name(inds));
                ok = false;
            } else if (inds) {
                size_t j = 0;
                for (const cJSON *x = inds->child; x; x = x->next, j++) {
                    char ipath[80];
                    snprintf(ipath, sizeof ipath, "%s.indicators[%zu]", path, j);
                    load_indicator(d, &c, x, ipath, &t, before_tasks);
                }
            }
            t.n_indicators = d->n_indicators - t.first_indicator;
            /* A task with a usable id is kept even when other members are
             * wrong, so its progress entries do not cascade into "no task"
             * errors; global_errors is set and no document is made. */
            if (!t.id || !id_ok(t.id, true) || (!ok && data_find_task(d, t.id) >= 0)) {
                for (size_t x = t.first_indicator; x < d->n_indicators; x++)
                    strmap_put(&d->indicator_ids, d->indicators[x].id, -1);   /* dropped with the task */
                d->n_indicators = t.first_indicator;
                continue;
            }
            if (!t.title) t.title = t.id;
            if (!t.no) t.no = t.id;
            strmap_put(&d->task_ids, t.id, (long)d->n_tasks);
            d->tasks[d->n_tasks++] = t;
        }
    }
}

static void load_progress_entry(Data *d, const JsonSrc *src, const cJSON *e, const char *path)
{
    bool unattributed = false;
    Ctx c = { d, src, &unattributed };
    if (!want_object(&c, e, path)) return;
    static const char *const known[] = { "institution", "task", "period", "status", "percent", "summary",
                                         "problems", "next_steps", "indicators", "reported_on", NULL };
    Progress p = {0};
    p.pos = at(&c, e);
    p.period = d->period;
    p.reported_on = DATE_NONE;

    char *inst_id = NULL, *task_id = NULL;
    if (!read_string(&c, e, path, "institution", true, &inst_id)) return;
    long k = data_find_institution(d, inst_id);
    if (k < 0) {
        fail(&c, get(e, "institution"), "%s.institution: no institution has the id \"%s\"", path, inst_id);
        return;
    }
    p.institution = (size_t)k;
    /* from here on, problems belong to this institution */
    c.failed = &d->institutions[k].has_errors;
    bool was = *c.failed;
    *c.failed = false;
    warn_unknown(&c, e, path, known);

    bool ok = read_string(&c, e, path, "task", true, &task_id);
    long t = -1;
    if (ok) {
        t = data_find_task(d, task_id);
        if (t < 0) {
            fail(&c, get(e, "task"), "%s.task: no task has the id \"%s\"", path, task_id);
            ok = false;
        } else if (!d->tasks[t].assigned[k]) {
            fail(&c, get(e, "task"), "%s.task: task \"%s\" is not assigned to institution \"%s\"", path, task_id,
                 inst_id);
            ok = false;
        } else {
            p.task = (size_t)t;
        }
    }
    if (read_period(&c, e, path, "period", false, &p.period) && p.period > d->period) {
        char a[16], b[16];
        period_format(p.period, a);
        period_format(d->period, b);
        fail(&c, get(e, "period"), "%s.period: %s is after the reporting period %s", path, a, b);
        ok = false;
    }
    const cJSON *st = get(e, "status");
    if (!st) {
        ok = missing(&c, e, path, "status");
    } else if (!cJSON_IsString(st) || !status_parse(st->valuestring, &p.status)) {
        fail(&c, st, "%s.status: expected one of " STATUS_WORDS_SPACED " (or " STATUS_ALIASES_SPACED "), "
                     "found %s%s%s", path, cJSON_IsString(st) ? "\"" : type_name(st),
             cJSON_IsString(st) ? st->valuestring : "", cJSON_IsString(st) ? "\"" : "");
        ok = false;
    }
    const cJSON *pc = get(e, "percent");
    if (pc) {
        ok &= read_number(&c, e, path, "percent", false, PERCENT_MIN, PERCENT_MAX, &p.percent);
    } else if (cJSON_IsString(st) && status_parse(st->valuestring, &p.status)) {
        if (!status_needs_percent(p.status)) p.percent = status_default_percent(p.status);
        else {
            fail(&c, e, "%s: missing \"percent\", required when the status is %s", path, status_name(p.status));
            ok = false;
        }
    }
    ok &= read_string(&c, e, path, "summary", false, &p.summary);
    ok &= read_string(&c, e, path, "problems", false, &p.problems);
    ok &= read_string(&c, e, path, "next_steps", false, &p.next_steps);
    ok &= read_date(&c, e, path, "reported_on", false, &p.reported_on);

    const cJSON *iv = get(e, "indicators");
    if (iv && !cJSON_IsObject(iv)) {
        fail(&c, iv, "%s.indicators: expected an object of indicator id to number, found %s", path, type_name(iv));
        ok = false;
    } else if (iv) {
        size_t n = (size_t)cJSON_GetArraySize(iv);
        p.values = arena_alloc(&d->arena, (n + 1) * sizeof *p.values);
        for (const cJSON *x = iv->child; x; x = x->next) {
            long ind = data_find_indicator(d, x->string);
            SrcPos kp = jsonsrc_key_pos(src, x);
            if (ind < 0) {
                diag_error(kp, "%s.indicators: no indicator has the id \"%s\"", path, x->string);
                *c.failed = true;
                ok = false;
                continue;
            }
            if (!cJSON_IsNumber(x) && !cJSON_IsNull(x)) {
                fail(&c, x, "%s.indicators.%s: expected a number or null, found %s", path, x->string, type_name(x));
                ok = false;
                continue;
            }
            if (t >= 0 && d->indicators[ind].task != (size_t)t) {
                diag_warning(kp, "%s.indicators: indicator \"%s\" belongs to task \"%s\", not \"%s\"; value ignored",
                             path, x->string, d->tasks[d->indicators[ind].task].id, d->tasks[t].id);
                continue;
            }
            if (!indicator_applies(d, (size_t)ind, (size_t)k)) {
                diag_warning(kp, "%s.indicators: indicator \"%s\" does not apply to institution \"%s\"; value ignored",
                             path, x->string, inst_id);
                continue;
            }
            IndicatorValue *v = &p.values[p.n_values++];
            v->indicator = (size_t)ind;
            v->has_value = cJSON_IsNumber(x);
            v->value = v->has_value ? x->valuedouble : 0;
        }
    }
    *c.failed = *c.failed || was;
    if (ok) d->progress[d->n_progress++] = p;
}

static int cmp_progress(const void *a, const void *b)
{
    const Progress *x = *(const Progress *const *)a, *y = *(const Progress *const *)b;
    if (x->institution != y->institution) return x->institution < y->institution ? -1 : 1;
    if (x->task != y->task) return x->task < y->task ? -1 : 1;
    if (x->period != y->period) return x->period < y->period ? -1 : 1;
    return x < y ? -1 : x > y;    /* input order */
}

/* Files that hold nothing but "progress" (one per institution and quarter
 * in a directory) are read again here, one at a time, instead of being kept
 * parsed from the start: a province's data is mostly such files, and their
 * JSON trees all at once were most of a run's peak memory. */
typedef struct {
    const char *path, *name;   /* the file, and its name in diagnostics (arena) */
    size_t entries;            /* as counted on the first reading */
} DeferredFile;

static void load_progress_array(Data *d, const JsonSrc *src, const cJSON *arr, size_t room)
{
    size_t i = 0;
    for (const cJSON *e = arr->child; e && i < room; e = e->next, i++) {
        char path[48];
        snprintf(path, sizeof path, "progress[%zu]", i);
        load_progress_entry(d, src, e, path);
    }
}

/* Entries in file order, whether a file was kept parsed or deferred. */
static void load_progress(Data *d, TopMember *m, JsonSrc *const *srcs, const DeferredFile *deferred, size_t n_files)
{
    size_t total = 0;
    for (size_t f = 0; f < m->n; f++)
        if (cJSON_IsArray(m->occ[f].node)) total += (size_t)cJSON_GetArraySize(m->occ[f].node);
    for (size_t f = 0; f < n_files; f++) total += deferred[f].entries;
    if (total > MAX_PROGRESS) {
        diag_error(file_pos(n_files ? (deferred[0].name ? deferred[0].name : "data") : "data"),
                   "progress: %zu entries, more than the limit of %d", total, MAX_PROGRESS);
        d->global_errors = true;
        d->progress = arena_alloc(&d->arena, sizeof *d->progress);
        return;
    }
    d->progress = arena_alloc(&d->arena, (total + 1) * sizeof *d->progress);
    for (size_t file = 0; file < n_files; file++) {
        if (deferred[file].path) {
            JsonSrc *src = jsonsrc_load(deferred[file].path, deferred[file].name);
            if (!src) { d->global_errors = true; continue; }   /* changed under us: reported by jsonsrc */
            const cJSON *arr = cJSON_GetObjectItemCaseSensitive(jsonsrc_root(src), "progress");
            if (cJSON_IsArray(arr)) load_progress_array(d, src, arr, deferred[file].entries);
            jsonsrc_free(src);
            continue;
        }
        for (size_t f = 0; f < m->n; f++) {
            if (m->occ[f].src != srcs[file]) continue;
            if (!cJSON_IsArray(m->occ[f].node)) {
                Ctx c = { d, m->occ[f].src, &d->global_errors };
                fail(&c, m->occ[f].node, "progress: expected an array, found %s", type_name(m->occ[f].node));
                continue;
            }
            load_progress_array(d, m->occ[f].src, m->occ[f].node, (size_t)-1);
        }
    }

    /* Two entries for one institution, task and period: an error naming both;
     * the later one is dropped. */
    if (d->n_progress < 2) return;
    Progress **order = xmalloc(d->n_progress * sizeof *order);
    for (size_t i = 0; i < d->n_progress; i++) order[i] = &d->progress[i];
    qsort(order, d->n_progress, sizeof *order, cmp_progress);
    bool *drop = xcalloc(d->n_progress, sizeof *drop);
    for (size_t i = 1; i < d->n_progress; i++) {
        Progress *a = order[i - 1], *b = order[i];
        if (a->institution != b->institution || a->task != b->task || a->period != b->period) continue;
        size_t first = i - 1;
        while (first > 0 && drop[order[first] - d->progress]) first--;
        Progress *f0 = order[first];
        char per[16];
        period_format(b->period, per);
        diag_error(b->pos, "second progress entry for institution \"%s\", task \"%s\", period %s (the first is at %s:%d:%d)",
                   d->institutions[b->institution].id, d->tasks[b->task].id, per, f0->pos.file, f0->pos.line,
                   f0->pos.col);
        d->institutions[b->institution].has_errors = true;
        drop[b - d->progress] = true;
    }
    size_t w = 0;
    for (size_t i = 0; i < d->n_progress; i++)
        if (!drop[i]) d->progress[w++] = d->progress[i];
    d->n_progress = w;
    free(drop);
    free(order);
}

/* ---- lookups ---------------------------------------------------------------- */

long data_find_institution(const Data *d, const char *id) { return strmap_get(&d->institution_ids, id); }
long data_find_task(const Data *d, const char *id) { return strmap_get(&d->task_ids, id); }
long data_find_indicator(const Data *d, const char *id) { return strmap_get(&d->indicator_ids, id); }

bool indicator_applies(const Data *d, size_t i, size_t k)
{
    const Indicator *ind = &d->indicators[i];
    if (ind->institution >= 0) return (size_t)ind->institution == k;
    return d->tasks[ind->task].assigned[k];
}

/* ---- the whole ------------------------------------------------------------------ */

Data *data_load(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        diag_error(file_pos(path), "cannot read data: %s", strerror(errno));
        return NULL;
    }
    FileList fl = {0};
    if (S_ISDIR(st.st_mode)) {
        collect_dir(&fl, path, 0);
        if (!fl.failed && fl.n == 0) {
            diag_error(file_pos(path), "no .json files in this directory");
            fl.failed = true;
        }
        /* data-format.md: sorted by the whole path's bytes, so "a.json"
         * comes before "a/x.json" ('.' < '/'), whatever the walk order */
        qsort(fl.paths, fl.n, sizeof *fl.paths, cmp_str);
    } else {
        *(char **)ARRAY_PUSH(fl.paths, fl.n, fl.cap) = xstrdup(path);
    }

    Data *d = xcalloc(1, sizeof *d);
    d->period = -1;
    d->as_of = DATE_NONE;
    d->plan.start = d->plan.end = d->plan.issued_on = DATE_NONE;
    set_default_rules(d);

    JsonSrc **srcs = xcalloc(fl.n + 1, sizeof *srcs);
    DeferredFile *deferred = xcalloc(fl.n + 1, sizeof *deferred);   /* by file; path NULL: kept */
    size_t n_deferred = 0;
    TopMember top[TOP_COUNT] = {{0}};
    for (int k = 0; k < TOP_COUNT; k++) top[k].key = TOP_KEYS[k];
    bool unusable = fl.failed;
    for (size_t i = 0; i < fl.n; i++) {
        srcs[i] = jsonsrc_load(fl.paths[i], arena_strdup(&d->arena, fl.paths[i]));
        if (!srcs[i]) { unusable = true; continue; }
        const cJSON *root = jsonsrc_root(srcs[i]);
        if (!cJSON_IsObject(root)) {
            diag_error(jsonsrc_pos(srcs[i], root), "a data file must hold one JSON object, found %s",
                       type_name(root));
            unusable = true;
            continue;
        }
        for (const cJSON *m = root->child; m; m = m->next) {
            int k = 0;
            while (k < TOP_COUNT && strcmp(TOP_KEYS[k], m->string) != 0) k++;
            if (k == TOP_COUNT) {
                Ctx c = { d, srcs[i], &d->global_errors };
                warn_unknown(&c, root, "(top level)", TOP_KEYS);
                break;   /* warn_unknown reported every unknown member of this root */
            }
        }
        const cJSON *only = root->child;
        if (only && !only->next && strcmp(only->string, "progress") == 0 && cJSON_IsArray(only)) {
            DeferredFile *df = &deferred[i];
            n_deferred++;
            df->path = fl.paths[i];
            df->name = jsonsrc_name(srcs[i]);
            df->entries = (size_t)cJSON_GetArraySize(only);
            jsonsrc_free(srcs[i]);
            srcs[i] = NULL;
            continue;
        }
        for (const cJSON *m = root->child; m; m = m->next)
            for (int k = 0; k < TOP_COUNT; k++)
                if (strcmp(TOP_KEYS[k], m->string) == 0) {
                    Occurrence *o = ARRAY_PUSH(top[k].occ, top[k].n, top[k].cap);
                    o->src = srcs[i];
                    o->node = m;
                }
    }

    if (!unusable) {
        const Occurrence *o;
        if ((o = single(d, &top[TOP_SCHEMA]))) {
            if (!cJSON_IsString(o->node) || strcmp(o->node->valuestring, "jindu/1") != 0) {
                diag_error(jsonsrc_pos(o->src, o->node), "schema: expected \"jindu/1\"; this jindu reads only that version");
                d->global_errors = true;
            }
        }
        const char *need[] = { "issuer", "plan", "period", "institutions", "tasks", "progress" };
        const int need_k[] = { TOP_ISSUER, TOP_PLAN, TOP_PERIOD, TOP_INSTITUTIONS, TOP_TASKS, TOP_PROGRESS };
        for (int i = 0; i < 6; i++)
            if (top[need_k[i]].n == 0 && !(need_k[i] == TOP_PROGRESS && n_deferred)) {
                diag_error(file_pos(path), "missing required member \"%s\" (in no data file)", need[i]);
                unusable = true;
            }
    }
    if (!unusable) {
        const Occurrence *o;
        if ((o = single(d, &top[TOP_PERIOD]))) {
            Ctx c = { d, o->src, &d->global_errors };
            if (!cJSON_IsString(o->node) || !period_parse(o->node->valuestring, &d->period)) {
                fail(&c, o->node, "period: expected a quarter such as \"2024Q3\"");
                unusable = true;
            }
        }
        if ((o = single(d, &top[TOP_AS_OF]))) {
            Ctx c = { d, o->src, &d->global_errors };
            if (!cJSON_IsString(o->node) || !date_parse(o->node->valuestring, &d->as_of))
                fail(&c, o->node, "as_of: expected a real date in the form YYYY-MM-DD");
        }
        if (!unusable && d->as_of == DATE_NONE) d->as_of = period_last_day(d->period);
        if ((o = single(d, &top[TOP_ISSUER]))) load_issuer(d, o);
        if ((o = single(d, &top[TOP_PLAN]))) load_plan(d, o);
        if ((o = single(d, &top[TOP_RULES]))) load_rules(d, o);
        if (!d->issuer.name || !d->issuer.doc_code || !d->plan.title || d->plan.start == DATE_NONE ||
            d->plan.end == DATE_NONE)
            unusable = true;
    }
    if (!unusable) {
        load_institutions(d, &top[TOP_INSTITUTIONS]);
        load_tasks(d, &top[TOP_TASKS]);
        load_progress(d, &top[TOP_PROGRESS], srcs, deferred, fl.n);
    }

    for (int k = 0; k < TOP_COUNT; k++) free(top[k].occ);
    free(deferred);
    for (size_t i = 0; i < fl.n; i++) {
        jsonsrc_free(srcs[i]);
        free(fl.paths[i]);
    }
    free(srcs);
    free(fl.paths);
    diag_flush_hidden();
    if (unusable) {
        data_free(d);
        return NULL;
    }
    return d;
}

void data_free(Data *d)
{
    if (!d) return;
    strmap_free(&d->institution_ids);
    strmap_free(&d->task_ids);
    strmap_free(&d->indicator_ids);
    arena_free(&d->arena);
    free(d);
}
