/* cmd_merge.c - `jindu merge OUT/<period>`: the shards of a run, made by
 * `jindu build --shard I/N` on one machine or many, joined into the one
 * manifest.json a single run writes.
 *
 * Nothing is trusted: every shard must be there, of the same run (same N,
 * same period), every file each lists must be in the directory with the
 * size and SHA-256 it lists, no file or institution may come from two
 * shards, and every institution that results.json names must have been
 * made by some shard. Only then is manifest.json written; otherwise every
 * problem is listed and nothing is written. */
#include "cli/build.h"
#include "base/i18n.h"
#include "base/diag.h"
#include "base/outfile.h"
#include "base/safefile.h"
#include "base/sha256.h"
#include "base/strmap.h"
#include "base/util.h"
#include "data/jsonsrc.h"
#include "data/results.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_SHARDS 100000
#define MAX_MANIFEST_BYTES (256u << 20)

typedef struct {
    char *name;            /* manifest-I-of-N.json */
    char *path;            /* DIR/name, as diagnostics show it */
    int index, count;
    JsonSrc *src;          /* kept: the manifest entries point into it */
} Shard;

typedef struct {
    const char *dir;
    Shard *shards;
    size_t n_shards, cap_shards;
    Manifest merged;
    const char *period;
    StrMap owner_of_path, owner_of_inst;     /* -> position in shards[] */
    size_t n_inst_ids;     /* institutions seen */
    bool failed;
} Merge;

static int cmp_shard(const void *a, const void *b)
{
    const Shard *x = a, *y = b;
    if (x->count != y->count) return x->count < y->count ? -1 : 1;
    return x->index - y->index;
}

/* The shard manifests in dir, sorted by index; EXIT_OK, or the exit status
 * when there is none or the directory cannot be read. */
static int find_shards(Merge *m)
{
    DIR *d = opendir(m->dir);
    if (!d) {
        diag_error(file_pos(m->dir), "cannot read the output directory: %s", strerror(errno));
        return EXIT_IO;
    }
    for (struct dirent *e; (e = readdir(d));) {
        int i, n, len = 0;
        if (sscanf(e->d_name, "manifest-%d-of-%d.json%n", &i, &n, &len) != 2 || e->d_name[len] != '\0') continue;
        if (n < 1 || n > MAX_SHARDS || i < 0 || i >= n) continue;
        Shard *s = ARRAY_PUSH(m->shards, m->n_shards, m->cap_shards);
        s->name = xstrdup(e->d_name);
        s->path = xasprintf("%s/%s", m->dir, e->d_name);
        s->index = i;
        s->count = n;
        s->src = NULL;
    }
    closedir(d);
    if (!m->n_shards) {
        diag_error(file_pos(m->dir), "no shard manifests (manifest-I-of-N.json) here; "
                                     "make them with jindu build --shard I/N --out … first");
        return EXIT_DATA;
    }
    qsort(m->shards, m->n_shards, sizeof *m->shards, cmp_shard);
    return EXIT_OK;
}

/* Every shard of the same N is there, once. False when the manifests are
 * of different runs: nothing more is worth reading then. */
static bool check_complete(Merge *m)
{
    int n = m->shards[0].count;
    for (size_t k = 1; k < m->n_shards; k++)
        if (m->shards[k].count != n) {
            diag_error(file_pos(m->dir), "manifests of two runs here: %s is of a run of %d shards, %s of %d; "
                       "remove the other run's", m->shards[0].name, n, m->shards[k].name, m->shards[k].count);
            m->failed = true;
            return false;
        }
    size_t k = 0;
    for (int i = 0; i < n; i++) {
        if (k < m->n_shards && m->shards[k].index == i) { k++; continue; }
        diag_error(file_pos(m->dir), "shard %d of %d is missing (no manifest-%d-of-%d.json): "
                   "run jindu build --shard %d/%d", i, n, i, n, i, n);
        m->failed = true;
    }
    return true;
}


static const char *string_member(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* One entry of a shard's files[]: well formed, present as listed, and the
 * only one of its path and institution. */
static void take_entry(Merge *m, const Shard *s, const cJSON *e)
{
    SrcPos at = jsonsrc_pos(s->src, e);
    const char *path = string_member(e, "path"), *kind = string_member(e, "kind"), *sha = string_member(e, "sha256");
    const cJSON *inst = cJSON_GetObjectItemCaseSensitive(e, "institution");
    const cJSON *pages = cJSON_GetObjectItemCaseSensitive(e, "pages"), *bytes = cJSON_GetObjectItemCaseSensitive(e, "bytes");
    if (!path || !kind || !sha || strlen(sha) != 64 || !(cJSON_IsNull(inst) || cJSON_IsString(inst)) ||
        !cJSON_IsNumber(pages) || !cJSON_IsNumber(bytes) || bytes->valuedouble < 0 || pages->valuedouble < 0) {
        diag_error(at, "not a manifest entry (path, kind, institution, pages, bytes, sha256)");
        m->failed = true;
        return;
    }
    if (!safe_relative_path(path)) {
        diag_error(at, "\"%s\" is not a path inside the output directory", path);
        m->failed = true;
        return;
    }
    long owner = strmap_get(&m->owner_of_path, path);
    if (owner >= 0) {
        diag_error(at, "\"%s\" is listed by shard %d too", path, m->shards[owner].index);
        m->failed = true;
        return;
    }
    long self = (long)(s - m->shards);
    strmap_put(&m->owner_of_path, path, self);
    const char *id = cJSON_IsString(inst) ? inst->valuestring : NULL;
    if (id) {
        long other = strmap_get(&m->owner_of_inst, id);
        if (other < 0) {
            strmap_put(&m->owner_of_inst, id, self);
            m->n_inst_ids++;
        } else if (other != self) {
            diag_error(at, "institution \"%s\" was made by shard %d too", id, m->shards[other].index);
            m->failed = true;
        }
    }
    /* inside the run only: no link followed, no special file opened */
    char found[65];
    size_t len;
    if (safe_hash_below(m->dir, path, &len, found) != 0) {
        diag_error(at, "\"%s\" is listed but cannot be read: %s", path, file_strerror(errno));
        m->failed = true;
    } else if ((double)len != bytes->valuedouble || strcmp(found, sha) != 0) {
        diag_error(at, "\"%s\" is not the file shard %d wrote (its size or SHA-256 differs from the listed one)",
                   path, s->index);
        m->failed = true;
    } else {
        manifest_add_known(&m->merged, path, kind, id, (int)pages->valuedouble, len, sha);
    }
}

/* A JSON file of the run itself (a shard manifest, results.json): a
 * regular file in dir, not a link to one elsewhere. */
static JsonSrc *load_own(const char *dir, const char *name, const char *shown)
{
    int fd = safe_open_below(dir, name);
    if (fd < 0) {
        diag_error(file_pos(shown), "cannot read: %s", file_strerror(errno));
        return NULL;
    }
    close(fd);
    return jsonsrc_load(shown, shown);
}

static void read_shard(Merge *m, Shard *s)
{
    s->src = load_own(m->dir, s->name, s->path);
    if (!s->src) { m->failed = true; return; }
    const cJSON *root = jsonsrc_root(s->src);
    const char *schema = string_member(root, "schema"), *period = string_member(root, "period");
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(root, "files");
    if (!schema || strcmp(schema, "jindu-manifest/1") != 0 || !period || !cJSON_IsArray(files)) {
        diag_error(jsonsrc_pos(s->src, root), "not a jindu manifest (schema jindu-manifest/1, period, files)");
        m->failed = true;
        return;
    }
    if (!m->period) m->period = period;
    else if (strcmp(m->period, period) != 0) {
        diag_error(jsonsrc_pos(s->src, root), "period %s, but %s is of %s", period, m->shards[0].name, m->period);
        m->failed = true;
        return;
    }
    for (const cJSON *e = files->child; e; e = e->next) take_entry(m, s, e);
}

/* Every institution results.json names was made by some shard (when any
 * shard made per-institution files at all: `--only summary` makes none),
 * except one whose data had errors: no run makes its documents. */
static void check_institutions(Merge *m)
{
    if (!m->n_inst_ids || strmap_get(&m->owner_of_path, "results.json") < 0) return;
    char *path = xasprintf("%s/results.json", m->dir);
    JsonSrc *r = load_own(m->dir, "results.json", path);
    if (!r) { m->failed = true; free(path); return; }
    const cJSON *insts = cJSON_GetObjectItemCaseSensitive(jsonsrc_root(r), "institutions");
    for (const cJSON *i = insts ? insts->child : NULL; i; i = i->next) {
        const char *id = string_member(i, "id");
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(i, "data_errors"))) continue;
        if (id && strmap_get(&m->owner_of_inst, id) < 0) {
            diag_error(jsonsrc_pos(r, i), "institution \"%s\" has no files in any shard", id);
            m->failed = true;
        }
    }
    jsonsrc_free(r);
    free(path);
}

static int write_merged(Merge *m, bool quiet)
{
    char *json = manifest_json(&m->merged, m->period);
    char *path = xasprintf("%s/manifest.json", m->dir);
    int rc = EXIT_OK;
    if (write_file_atomic(path, json, strlen(json)) != 0) {
        diag_error(file_pos(path), "cannot write: %s", strerror(errno));
        rc = EXIT_IO;
    } else if (!quiet) {
        fprintf(stderr, _("jindu: %zu shards merged: %zu files of %zu institutions; %s written\n"), m->n_shards,
                m->merged.n, m->n_inst_ids, path);
    }
    free(path);
    free(json);
    return rc;
}

int merge_run(const char *dir, bool quiet)
{
    Merge m = { .dir = dir };
    /* after every shard's build: none may still be writing */
    int lock = dir_lock(dir, false, false);
    if (lock < 0) {
        int e = errno;
        if (e == EWOULDBLOCK) diag_error(file_pos(dir), "a jindu build is still writing here; merge when every shard has finished");
        else diag_error(file_pos(dir), "cannot lock the directory: %s", file_strerror(e));
        return e == EWOULDBLOCK ? EXIT_DATA : EXIT_IO;
    }
    int rc = find_shards(&m);
    if (rc == EXIT_OK) {
        if (check_complete(&m))
            for (size_t k = 0; k < m.n_shards; k++) read_shard(&m, &m.shards[k]);
        if (!m.failed) check_institutions(&m);
        if (!m.failed) rc = write_merged(&m, quiet);
        else {
            rc = EXIT_DATA;
            if (!quiet) fprintf(stderr, _("jindu: nothing merged; manifest.json not written\n"));
        }
    }
    for (size_t k = 0; k < m.n_shards; k++) {
        jsonsrc_free(m.shards[k].src);
        free(m.shards[k].name);
        free(m.shards[k].path);
    }
    free(m.shards);
    manifest_free(&m.merged);
    strmap_free(&m.owner_of_path);
    strmap_free(&m.owner_of_inst);
    close(lock);
    return rc;
}
