/* loading.h - what the parts of the loader share (load.c: files and the
 * whole; members.c: reading one member with its diagnostics; sections.c:
 * issuer, plan, rules, institutions, tasks; progress.c: the entries). Not an
 * interface for other stages: they see model.h.
 *
 * Every object of data-format.md is read through a table of its members
 * (Member): its name, whether it is required, and its reader. The same
 * table says which members are known, so an unknown-member warning and the
 * readers cannot drift apart. */
#ifndef JINDU_LOADING_H
#define JINDU_LOADING_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include "base/diag.h"
#include "data/jsonsrc.h"
#include "data/model.h"

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

typedef struct {
    Data *d;
    const JsonSrc *src;
    bool *failed;          /* where an error is recorded (global or an institution) */
} Ctx;

/* A top-level member as one file defines it; the files' definitions of one
 * member, merged (arrays concatenate, objects may be defined once). */
typedef struct {
    const JsonSrc *src;
    const cJSON *node;
    size_t file;           /* its index in the data set's files */
} Occurrence;
typedef struct {
    const char *key;
    Occurrence *occ;
    size_t n, cap;
} TopMember;

SrcPos node_pos(const Ctx *c, const cJSON *node);
void node_error(const Ctx *c, const cJSON *node, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const cJSON *member_get(const cJSON *obj, const char *key);
const char *type_name(const cJSON *v);
bool want_object(const Ctx *c, const cJSON *v, const char *path);
void warn_unknown(const Ctx *c, const cJSON *obj, const char *path, const char *const *known);

/* Each reads key of obj; true when it was read or is absent and optional
 * (the output is then left alone). read_string with out NULL only checks. */
bool member_missing(const Ctx *c, const cJSON *obj, const char *path, const char *key);
bool read_string(const Ctx *c, const cJSON *obj, const char *path, const char *key, bool required, char **out);
/* The same without a copy, for what is looked up and not kept (ids in
 * progress entries: a million copies were a fifth of a province's data). */
bool read_string_view(const Ctx *c, const cJSON *obj, const char *path, const char *key, bool required,
                      const char **view);
bool read_number(const Ctx *c, const cJSON *obj, const char *path, const char *key, bool required, double min,
                 double max, double *out);
bool read_integer(const Ctx *c, const cJSON *obj, const char *path, const char *key, long min, long max, long *out);
bool read_date(const Ctx *c, const cJSON *obj, const char *path, const char *key, bool required, int *out);
bool read_period(const Ctx *c, const cJSON *obj, const char *path, const char *key, bool required, int *out);
bool read_string_array(const Ctx *c, const cJSON *obj, const char *path, const char *key, char ***out,
                       size_t *n_out);
bool id_ok(const char *s, bool allow_dot);
bool read_id(const Ctx *c, const cJSON *obj, const char *path, bool allow_dot, char **out);

/* ---- member tables ---- */

typedef struct Member Member;
/* Reads member m of obj into target (the object's struct); false on an
 * error (reported). */
typedef bool (*MemberReader)(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target);
struct Member {
    const char *name;
    MemberReader read;     /* NULL: known, read elsewhere or not at all */
    bool required;
    size_t offset;         /* where the generic readers put the value in target */
    double min, max;       /* numbers */
    size_t count_offset;   /* a list of strings: where its count goes */
};
/* The generic readers: a string, a list of strings, a date, a number in
 * [min, max], a whole number in [min, max] (into a long). */
bool member_string(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target);
bool member_strings(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target);
bool member_date(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target);
bool member_number(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target);
bool member_integer(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target);
#define MEMBER_END { NULL, NULL, false, 0, 0, 0, 0 }

/* Warn of members the table does not know, then read every member in table
 * order. True when all were read. */
bool read_members(const Ctx *c, const cJSON *obj, const char *path, const Member *table, void *target);
/* Only the warnings (for an object whose reading starts elsewhere). */
void warn_unknown_members(const Ctx *c, const cJSON *obj, const char *path, const Member *table);

/* ---- the sections (sections.c, progress.c) ---- */

void set_default_rules(Data *d);
void load_issuer(Data *d, const Occurrence *o);
void load_plan(Data *d, const Occurrence *o);
void load_rules(Data *d, const Occurrence *o);
void load_institutions(Data *d, TopMember *m);
void load_tasks(Data *d, TopMember *m);

/* Files that hold nothing but "progress" (one per institution and quarter
 * in a directory) are read again when the entries are loaded, one at a
 * time, instead of being kept parsed from the start: a province's data is
 * mostly such files, and their JSON trees all at once were most of a run's
 * peak memory. */
typedef struct {
    const char *path, *name;   /* the file, and its name in diagnostics (arena); path NULL: kept parsed */
    size_t entries;            /* as counted on the first reading */
} DeferredFile;
/* Entries in file order, whether a file was kept parsed or deferred; then
 * a second entry for one institution, task and period is an error. */
void load_progress(Data *d, TopMember *m, JsonSrc *const *srcs, const DeferredFile *deferred, size_t n_files);

#endif
