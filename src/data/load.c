/* load.c - reading and validating progress data (data-format.md).
 *
 * Files are parsed by jsonsrc (cJSON plus positions); this file merges their
 * top-level members, checks every rule of the contract and builds the Data
 * structures. Every problem is reported, each at its place. Problems inside
 * one institution's progress entries mark that institution only; anything
 * else (issuer, plan, tasks, rules) is a global error. */
#include "data/loading.h"
#include "base/date.h"
#include "data/jsonsrc.h"
#include "base/util.h"

#include <dirent.h>
#include <malloc.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DATA_FILES 100000
#define MAX_DIR_DEPTH 32


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
            /* a pipe, device or socket named *.json is never opened (it
             * could block or never end), and never silently left out */
            if (ends_with(names[i], ".json"))
                diag_error(file_pos(p), "not read: %s", file_strerror(EINVAL));
            free(p);
        }
        free(names[i]);
    }
    free(names);
}

/* ---- merging the files' top-level members ------------------------------- */


/* notes: free text for the people who keep the data (jindu init leaves its
 * reminders there); read by nothing */
enum { TOP_SCHEMA, TOP_ISSUER, TOP_PLAN, TOP_PERIOD, TOP_AS_OF, TOP_INSTITUTIONS, TOP_TASKS, TOP_PROGRESS,
       TOP_RULES, TOP_NOTES, TOP_COUNT };
static const char *const TOP_KEYS[] = { "schema", "issuer", "plan", "period", "as_of", "institutions", "tasks",
                                        "progress", "rules", "notes", NULL };

/* notes are read by nothing, but what is there is meant for people: an
 * entry that is not text (a number, an object) is most likely data put in
 * the wrong place, and is said. */
static void check_notes(const TopMember *m)
{
    for (size_t i = 0; i < m->n; i++) {
        const cJSON *n = m->occ[i].node;
        if (!cJSON_IsArray(n)) {
            diag_warning(jsonsrc_pos(m->occ[i].src, n), "notes: expected an array of texts; ignored");
            continue;
        }
        size_t k = 0, bad = 0;
        const cJSON *first = NULL;
        for (const cJSON *e = n->child; e; e = e->next, k++)
            if (!cJSON_IsString(e) && bad++ == 0) first = e;
        if (bad)
            diag_warning(jsonsrc_pos(m->occ[i].src, first), "notes: %zu of %zu entries are not texts (the first shown "
                         "here); notes are for people and read by nothing", bad, k);
    }
}

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

/* The files of a data set, in the order data-format.md merges them: a
 * directory's *.json sorted by the whole path's bytes, so "a.json" comes
 * before "a/x.json" ('.' < '/'), whatever the walk order. */
static bool list_files(const char *path, FileList *fl)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        diag_error(file_pos(path), "cannot read data: %s", strerror(errno));
        return false;
    }
    if (!S_ISDIR(st.st_mode)) {
        *(char **)ARRAY_PUSH(fl->paths, fl->n, fl->cap) = xstrdup(path);
        return true;
    }
    collect_dir(fl, path, 0);
    if (!fl->failed && fl->n == 0) {
        diag_error(file_pos(path), "no .json files in this directory");
        fl->failed = true;
    }
    qsort(fl->paths, fl->n, sizeof *fl->paths, cmp_str);
    return true;
}

/* A data set on its way in: its files, parsed or deferred, and the
 * top-level members they define. */
typedef struct {
    Data *d;
    FileList files;
    JsonSrc **srcs;            /* by file; NULL: unreadable or deferred */
    DeferredFile *deferred;    /* by file; path NULL: kept parsed */
    size_t n_deferred;
    bool progress_optional;     /* data_load_before_reports: a plan's first quarter */
    TopMember top[TOP_COUNT];
    bool unusable;             /* nothing can be built from it */
} Loading;

static void take_file_members(Loading *l, size_t i)
{
    const cJSON *root = jsonsrc_root(l->srcs[i]);
    for (const cJSON *m = root->child; m; m = m->next) {
        int k = 0;
        while (k < TOP_COUNT && strcmp(TOP_KEYS[k], m->string) != 0) k++;
        if (k == TOP_COUNT) {
            Ctx c = { l->d, l->srcs[i], &l->d->global_errors };
            warn_unknown(&c, root, "(top level)", TOP_KEYS);
            break;   /* warn_unknown reported every unknown member of this root */
        }
    }
    const cJSON *only = root->child;
    if (only && !only->next && strcmp(only->string, "progress") == 0 && cJSON_IsArray(only)) {
        DeferredFile *df = &l->deferred[i];
        l->n_deferred++;
        df->path = l->files.paths[i];
        df->name = jsonsrc_name(l->srcs[i]);
        df->entries = (size_t)cJSON_GetArraySize(only);
        jsonsrc_free(l->srcs[i]);
        l->srcs[i] = NULL;
        return;
    }
    for (const cJSON *m = root->child; m; m = m->next)
        for (int k = 0; k < TOP_COUNT; k++)
            if (strcmp(TOP_KEYS[k], m->string) == 0) {
                Occurrence *o = ARRAY_PUSH(l->top[k].occ, l->top[k].n, l->top[k].cap);
                o->src = l->srcs[i];
                o->node = m;
                o->file = i;
            }
}

static void read_files(Loading *l)
{
    l->srcs = xcalloc(l->files.n + 1, sizeof *l->srcs);
    l->deferred = xcalloc(l->files.n + 1, sizeof *l->deferred);
    for (int k = 0; k < TOP_COUNT; k++) l->top[k].key = TOP_KEYS[k];
    l->unusable = l->files.failed;
    for (size_t i = 0; i < l->files.n; i++) {
        l->srcs[i] = jsonsrc_load(l->files.paths[i], arena_strdup(&l->d->arena, l->files.paths[i]));
        if (!l->srcs[i]) { l->unusable = true; continue; }
        const cJSON *root = jsonsrc_root(l->srcs[i]);
        if (!cJSON_IsObject(root)) {
            diag_error(jsonsrc_pos(l->srcs[i], root), "a data file must hold one JSON object, found %s",
                       type_name(root));
            l->unusable = true;
            continue;
        }
        take_file_members(l, i);
    }
}

/* schema, and the members no data set can do without */
static void check_required(Loading *l, const char *path)
{
    const Occurrence *o;
    if ((o = single(l->d, &l->top[TOP_SCHEMA]))) {
        if (!cJSON_IsString(o->node) || strcmp(o->node->valuestring, "jindu/1") != 0) {
            diag_error(jsonsrc_pos(o->src, o->node), "schema: expected \"jindu/1\"; this jindu reads only that version");
            l->d->global_errors = true;
        }
    }
    static const int need[] = { TOP_ISSUER, TOP_PLAN, TOP_PERIOD, TOP_INSTITUTIONS, TOP_TASKS, TOP_PROGRESS };
    for (size_t i = 0; i < sizeof need / sizeof *need; i++)
        if (l->top[need[i]].n == 0 && !(need[i] == TOP_PROGRESS && (l->n_deferred || l->progress_optional))) {
            diag_error(file_pos(path), "missing required member \"%s\" (in no data file)", TOP_KEYS[need[i]]);
            l->unusable = true;
        }
}

/* period, as_of, issuer, plan, rules: what every entry is read against */
static void load_frame(Loading *l)
{
    Data *d = l->d;
    const Occurrence *o;
    if ((o = single(d, &l->top[TOP_PERIOD]))) {
        Ctx c = { d, o->src, &d->global_errors };
        if (!cJSON_IsString(o->node) || !period_parse(o->node->valuestring, &d->period)) {
            node_error(&c, o->node, "period: expected a quarter such as \"2024Q3\"");
            l->unusable = true;
        }
    }
    if ((o = single(d, &l->top[TOP_AS_OF]))) {
        Ctx c = { d, o->src, &d->global_errors };
        if (!cJSON_IsString(o->node) || !date_parse(o->node->valuestring, &d->as_of))
            node_error(&c, o->node, "as_of: expected a real date in the form YYYY-MM-DD");
    }
    if (!l->unusable && d->as_of == DATE_NONE) d->as_of = period_last_day(d->period);
    if ((o = single(d, &l->top[TOP_ISSUER]))) load_issuer(d, o);
    if ((o = single(d, &l->top[TOP_PLAN]))) load_plan(d, o);
    if ((o = single(d, &l->top[TOP_RULES]))) load_rules(d, o);
    check_notes(&l->top[TOP_NOTES]);
    if (!d->issuer.name || !d->issuer.doc_code || !d->plan.title || d->plan.start == DATE_NONE ||
        d->plan.end == DATE_NONE)
        l->unusable = true;
}

/* The parsed files that hold no progress are done with: their trees go
 * before the entries come (a province's tasks.json, with every
 * institution's id in it, is tens of MB parsed). */
static void free_read_files(Loading *l)
{
    bool *keep = xcalloc(l->files.n + 1, sizeof *keep);
    for (size_t k = 0; k < l->top[TOP_PROGRESS].n; k++) keep[l->top[TOP_PROGRESS].occ[k].file] = true;
    for (size_t i = 0; i < l->files.n; i++) {
        if (!l->srcs[i] || keep[i]) continue;
        jsonsrc_free(l->srcs[i]);
        l->srcs[i] = NULL;
    }
    free(keep);
    malloc_trim(0);   /* give the trees' memory back before the entries take theirs */
}

static void loading_free(Loading *l)
{
    for (int k = 0; k < TOP_COUNT; k++) free(l->top[k].occ);
    free(l->deferred);
    for (size_t i = 0; i < l->files.n; i++) {
        jsonsrc_free(l->srcs[i]);
        free(l->files.paths[i]);
    }
    free(l->srcs);
    free(l->files.paths);
}

static Data *load(const char *path, bool progress_optional)
{
    Loading l = { .d = NULL, .progress_optional = progress_optional };
    if (!list_files(path, &l.files)) return NULL;
    Data *d = l.d = xcalloc(1, sizeof *d);
    d->period = -1;
    d->as_of = DATE_NONE;
    d->plan.start = d->plan.end = d->plan.issued_on = DATE_NONE;
    set_default_rules(d);
    read_files(&l);
    if (!l.unusable) check_required(&l, path);
    if (!l.unusable) load_frame(&l);
    if (!l.unusable) {
        load_institutions(d, &l.top[TOP_INSTITUTIONS]);
        load_tasks(d, &l.top[TOP_TASKS]);
        free_read_files(&l);
        load_progress(d, &l.top[TOP_PROGRESS], l.srcs, l.deferred, l.files.n);
    }
    loading_free(&l);
    diag_flush_hidden();
    if (l.unusable) {
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
    free(d->progress);
    arena_free(&d->arena);
    free(d);
}

Data *data_load(const char *path) { return load(path, false); }

Data *data_load_before_reports(const char *path) { return load(path, true); }
