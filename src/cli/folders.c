/* folders.c - see folders.h. */
#include "cli/folders.h"
#include "base/i18n.h"
#include "base/diag.h"
#include "base/outfile.h"
#include "base/safefile.h"
#include "base/strmap.h"
#include "base/util.h"
#include "template/documents.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *fold_name(const char *s)
{
    char *f = xstrdup(s);
    for (char *p = f; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    return f;
}

bool nameset_take(NameSet *s, const char *name)
{
    char *f = fold_name(name);
    if (strmap_get(&s->taken, f) >= 0) {
        free(f);
        return false;
    }
    *ARRAY_PUSH(s->folded, s->n, s->cap) = f;
    strmap_put(&s->taken, f, (long)s->n);
    return true;
}

void nameset_free(NameSet *s)
{
    strmap_free(&s->taken);
    for (size_t i = 0; i < s->n; i++) free(s->folded[i]);
    free(s->folded);
    memset(s, 0, sizeof *s);
}

/* The run's own files, which no institution's folder may take: the whole
 * run's documents (and their OFD copies), results, manifests, index.html,
 * the lock. */
static bool run_level_name(const char *folded)
{
    static const char *const FIXED[] = { "results.json", "index.html", "manifest.json", NULL };
    for (const char *const *f = FIXED; *f; f++)
        if (strcmp(folded, *f) == 0) return true;
    size_t n = strlen(folded);   /* a shard's manifest-I-of-N.json */
    if (strncmp(folded, "manifest-", 9) == 0 && n > 14 && strcmp(folded + n - 5, ".json") == 0) return true;
    for (int k = 0; k < DOC_KINDS; k++) {
        if (DOC_KIND_INFO[k].per_institution) continue;
        const char *file = DOC_KIND_INFO[k].file;
        size_t stem = strlen(file) - 4;   /* ".pdf" */
        if (strncmp(folded, file, stem) == 0 && (strcmp(folded + stem, ".pdf") == 0 || strcmp(folded + stem, ".ofd") == 0))
            return true;
    }
    return false;
}

/* short_name sanitised, cut so that suffix fits in the 120 bytes. */
static char *name_with_suffix(const char *short_name, const char *suffix)
{
    char *base = sanitize_name_max(short_name, 120 - strlen(suffix));
    char *n = xasprintf("%s%s", base, suffix);
    free(base);
    return n;
}

/* Per-institution directory names: the sanitised short_name; where that
 * is taken (by an earlier institution, after sanitising and cutting, or
 * by a file of the run) "-id" is appended, then "-id-2", "-id-3" … until
 * the name is free. Computed over all institutions in order, so a name
 * does not depend on --institution or --shard. */
char **institution_dirs(const Data *d)
{
    char **names = xcalloc(d->n_institutions + 1, sizeof *names);
    NameSet taken = { 0 };
    for (size_t k = 0; k < d->n_institutions; k++) {
        const Institution *in = &d->institutions[k];
        char *n = sanitize_name(in->short_name);
        for (unsigned tries = 1;; tries++) {
            char *f = fold_name(n);
            bool reserved = run_level_name(f);
            free(f);
            if (!reserved && nameset_take(&taken, n)) break;
            free(n);
            char *suffix = tries == 1 ? xasprintf("-%s", in->id) : xasprintf("-%s-%u", in->id, tries);
            n = name_with_suffix(in->short_name, suffix);
            free(suffix);
        }
        names[k] = n;
    }
    nameset_free(&taken);
    return names;
}


int output_lock(const char *dir, bool shared)
{
    int fd = dir_lock(dir, shared, false);
    if (fd < 0 && errno == EWOULDBLOCK) {
        fprintf(stderr, _("jindu: another jindu run is writing to %s/; waiting for it to finish\n"), dir);
        fd = dir_lock(dir, shared, true);
    }
    if (fd < 0)
        diag_warning(file_pos(dir), "cannot lock the output directory (%s): make sure no other jindu build writes "
                                    "here at the same time", file_strerror(errno));
    return fd;
}

void output_clean_temporaries(const char *dir, char **dirs, size_t n, bool quiet)
{
    size_t removed = remove_stale_temporaries(dir);
    for (size_t k = 0; k < n; k++) {
        char *d = xasprintf("%s/%s", dir, dirs[k]);
        removed += remove_stale_temporaries(d);
        free(d);
    }
    if (removed && !quiet)
        fprintf(stderr, ngettext("jindu: %zu unfinished temporary file of an interrupted run removed\n",
                                 "jindu: %zu unfinished temporary files of an interrupted run removed\n", removed),
                removed);
}
