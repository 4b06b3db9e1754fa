/* run_warnings.c - see run_warnings.h. */
#include "cli/run_warnings.h"
#include "base/i18n.h"
#include "base/date.h"
#include "base/diag.h"
#include "base/strmap.h"
#include "base/util.h"
#include "data/model.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* This run's numbers: each with what it numbers ("区中医院的督办通知"). */
typedef struct {
    StrMap index;
    char **what;
    size_t n;
} OwnNumbers;

static void own_add(OwnNumbers *o, const char *number, char *what)
{
    o->what = xrealloc(o->what, (o->n + 1) * sizeof *o->what);
    o->what[o->n] = what;
    strmap_put(&o->index, number, (long)o->n++);
}

/* One other period's results.json, compared; returns the repeats. */
static size_t compare_run(const char *path, const OwnNumbers *own)
{
    struct stat st;
    char *text;
    size_t len;
    if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) || read_file(path, 256u << 20, &text, &len) != 0) return 0;
    cJSON *root = cJSON_ParseWithLength(text, len);
    free(text);
    size_t repeats = 0;
    const cJSON *insts = cJSON_GetObjectItemCaseSensitive(root, "institutions");
    const cJSON *bulletin = cJSON_GetObjectItemCaseSensitive(root, "bulletin_number");
    const cJSON *period = cJSON_GetObjectItemCaseSensitive(root, "period");
    const char *then = cJSON_IsString(period) ? period->valuestring : "?";
    if (cJSON_IsString(bulletin) && strmap_get(&own->index, bulletin->valuestring) >= 0) {
        diag_warning(file_pos(path), "the document number %s was the bulletin's of %s and is used again for %s: a number is never issued twice (docs/supervision.md, numbering)",
                     bulletin->valuestring, then, own->what[strmap_get(&own->index, bulletin->valuestring)]);
        repeats++;
    }
    for (const cJSON *i = cJSON_IsArray(insts) ? insts->child : NULL; i; i = i->next) {
        const cJSON *num = cJSON_GetObjectItemCaseSensitive(i, "notice_number");
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(i, "id");
        if (!cJSON_IsString(num) || strmap_get(&own->index, num->valuestring) < 0) continue;
        diag_warning(file_pos(path), "the document number %s was that of %s's notice to %s and is used again for %s: a number is never issued twice",
                     num->valuestring, then, cJSON_IsString(id) ? id->valuestring : "?",
                     own->what[strmap_get(&own->index, num->valuestring)]);
        repeats++;
    }
    cJSON_Delete(root);
    return repeats;
}

size_t warn_reused_numbers(const char *out, const Results *r)
{
    const Data *d = r->data;
    OwnNumbers own = { 0 };
    for (size_t k = 0; k < r->n; k++)
        if (r->inst[k].notice_number)
            own_add(&own, r->inst[k].notice_number, xasprintf("%s的督办通知", d->institutions[k].short_name));
    own_add(&own, r->bulletin_number, xstrdup("情况通报"));
    char this_period[16];
    period_format(d->period, this_period);
    DIR *dir = opendir(out);
    char **names = NULL;
    size_t n = 0, cap = 0;
    for (struct dirent *e; dir && (e = readdir(dir));) {
        int p;
        if (period_parse(e->d_name, &p) && strcmp(e->d_name, this_period) != 0)
            *(char **)ARRAY_PUSH(names, n, cap) = xstrdup(e->d_name);
    }
    if (dir) closedir(dir);
    if (n) qsort(names, n, sizeof *names, cmp_names);
    size_t repeats = 0;
    for (size_t i = 0; i < n; i++) {
        char *path = xasprintf("%s/%s/results.json", out, names[i]);
        repeats += compare_run(path, &own);
        free(path);
        free(names[i]);
    }
    free(names);
    for (size_t i = 0; i < own.n; i++) free(own.what[i]);
    free(own.what);
    strmap_free(&own.index);
    return repeats;
}

size_t warn_unreported_institutions(const Results *r)
{
    const Data *d = r->data;
    size_t *silent = xcalloc(r->n + 1, sizeof *silent), n = 0;
    for (size_t k = 0; k < r->n; k++) {
        const InstitutionResult *ir = &r->inst[k];
        size_t unreported = 0;
        for (size_t t = 0; t < ir->n_tasks; t++) unreported += (ir->tasks[t].flags & FLAG_NOT_REPORTED) != 0;
        if (ir->n_tasks > 0 && unreported == ir->n_tasks && !ir->data_errors) silent[n++] = k;
    }
    char period[16];
    period_format(d->period, period);
    if (n <= 20) {
        for (size_t i = 0; i < n; i++) {
            const Institution *in = &d->institutions[silent[i]];
            size_t n_tasks = r->inst[silent[i]].n_tasks;
            diag_warning(in->pos,
                         ngettext("%s: no progress at all for %s (the form was not handed in, or came back empty): "
                                  "its %zu task counts as 未报送, a red warning with a notice",
                                  "%s: no progress at all for %s (the form was not handed in, or came back empty): "
                                  "all %zu tasks count as 未报送, red warnings with a notice", n_tasks),
                         in->short_name, period, n_tasks);
        }
    } else {
        Buf names = {0};
        for (size_t i = 0; i < 20; i++) buf_printf(&names, "%s%s", i ? "、" : "", d->institutions[silent[i]].short_name);
        diag_warning(file_pos(d->institutions[silent[0]].pos.file), "%zu institutions have no progress at all for %s (forms not "
                     "handed in, or empty): all their tasks count as 未报送: %s and more", n, period, buf_cstr(&names));
        buf_free(&names);
    }
    free(silent);
    return n;
}
