/* previous.c - see previous.h. */
#include "cli/previous.h"
#include "base/i18n.h"
#include "base/safefile.h"
#include "base/util.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }


void previous_read(Previous *p, const char *dir)
{
    memset(p, 0, sizeof *p);
    char *path = xasprintf("%s/manifest.json", dir);
    char *text;
    size_t len;
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) || read_file(path, 256u << 20, &text, &len) != 0) {
        free(path);
        return;
    }
    free(path);
    cJSON *root = cJSON_ParseWithLength(text, len);
    free(text);
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(root, "files");
    size_t cap = 0;
    for (const cJSON *e = cJSON_IsArray(files) ? files->child : NULL; e; e = e->next) {
        const cJSON *fp = cJSON_GetObjectItemCaseSensitive(e, "path"), *kind = cJSON_GetObjectItemCaseSensitive(e, "kind");
        const cJSON *inst = cJSON_GetObjectItemCaseSensitive(e, "institution");
        const cJSON *pages = cJSON_GetObjectItemCaseSensitive(e, "pages"), *bytes = cJSON_GetObjectItemCaseSensitive(e, "bytes");
        const cJSON *sha = cJSON_GetObjectItemCaseSensitive(e, "sha256");
        if (!cJSON_IsString(fp) || !safe_relative_path(fp->valuestring) || !cJSON_IsString(kind) || !cJSON_IsNumber(pages) ||
            !cJSON_IsNumber(bytes) || !cJSON_IsString(sha) || strlen(sha->valuestring) != 64)
            continue;
        ManifestEntry *m = ARRAY_PUSH(p->files, p->n, cap);
        m->path = xstrdup(fp->valuestring);
        m->kind = xstrdup(kind->valuestring);
        m->institution = cJSON_IsString(inst) ? xstrdup(inst->valuestring) : NULL;
        m->pages = (int)pages->valuedouble;
        m->bytes = (size_t)bytes->valuedouble;
        snprintf(m->sha256, sizeof m->sha256, "%s", sha->valuestring);
    }
    cJSON_Delete(root);
    p->found = true;
    p->when = st.st_mtime;
}

static bool made_now(const Manifest *now, const char *path)
{
    for (size_t i = 0; i < now->n; i++)
        if (strcmp(now->items[i].path, path) == 0) return true;
    return false;
}

/* Files are reached below dir only, never through a symbolic link, and
 * only a regular file whose size and SHA-256 are the ones listed counts as
 * the earlier run's: a listed name that now holds something else (a link
 * planted to reach outside, a file the user put there) is left alone and
 * not listed. index.html is written again after this, in every unsharded
 * run. */
size_t previous_settle(Previous *p, const char *dir, Manifest *now, bool full)
{
    size_t removed = 0;
    for (size_t i = 0; i < p->n; i++) {
        const ManifestEntry *e = &p->files[i];
        if (made_now(now, e->path) || strcmp(e->path, "manifest.json") == 0 || strcmp(e->path, "index.html") == 0)
            continue;
        if (full) {
            if (safe_remove_below(dir, e->path, e->bytes, e->sha256) == 1) removed++;
            continue;
        }
        size_t bytes;
        char sha[65];
        if (safe_hash_below(dir, e->path, &bytes, sha) == 0 && bytes == e->bytes && strcmp(sha, e->sha256) == 0)
            manifest_add_known(now, e->path, e->kind, e->institution, e->pages, e->bytes, e->sha256);
    }
    return removed;
}

void previous_note(const char *dir)
{
    char *path = xasprintf("%s/manifest.json", dir);
    struct stat st;
    if (stat(path, &st) == 0) {
        char when[32];
        strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", gmtime(&st.st_mtime));
        fprintf(stderr, _("jindu: %s/ still holds the outputs of the previous run (its manifest.json is of %s)\n"), dir,
                when);
    }
    free(path);
}

void previous_note_all(const char *out)
{
    DIR *d = opendir(out);
    if (!d) return;
    char **names = NULL;
    size_t n = 0, cap = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (e->d_name[0] != '.') *(char **)ARRAY_PUSH(names, n, cap) = xstrdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        char *dir = xasprintf("%s/%s", out, names[i]);
        previous_note(dir);
        free(dir);
        free(names[i]);
    }
    free(names);
}

void previous_free(Previous *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->files[i].path);
        free((char *)p->files[i].kind);
        free((char *)p->files[i].institution);
    }
    free(p->files);
    memset(p, 0, sizeof *p);
}
