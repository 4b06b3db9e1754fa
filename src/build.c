/* build.c - see build.h. Wires the stages: load and validate the data,
 * compute the figures, render each document, write results.json and
 * manifest.json. Each output is written atomically. */
#include "build.h"
#include "date.h"
#include "diag.h"
#include "figures.h"
#include "font.h"
#include "model.h"
#include "outfile.h"
#include "pdfdoc.h"
#include "report_plain.h"
#include "results.h"
#include "util.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void on_signal(int sig)
{
    outfile_cleanup_temporaries();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Per-institution directory names: the sanitised short_name, with the id
 * appended where two would clash. Computed over all institutions so a name
 * does not depend on --institution or --shard. */
static char **institution_dirs(const Data *d)
{
    char **names = xcalloc(d->n_institutions + 1, sizeof *names);
    for (size_t k = 0; k < d->n_institutions; k++) {
        char *n = sanitize_name(d->institutions[k].short_name);
        bool clash = strcmp(n, "results.json") == 0 || strcmp(n, "manifest.json") == 0;
        for (size_t j = 0; j < k && !clash; j++) clash = strcmp(names[j], n) == 0;
        if (clash) {
            char *with_id = xasprintf("%s-%s", n, d->institutions[k].id);
            free(n);
            n = sanitize_name(with_id);
            free(with_id);
        }
        names[k] = n;
    }
    return names;
}

static bool selected(const BuildOptions *o, const Data *d, size_t k)
{
    if (o->shard_count > 1 && (int)(k % (size_t)o->shard_count) != o->shard_index) return false;
    if (!o->institutions) return true;
    for (size_t i = 0; i < o->n_institutions; i++)
        if (strcmp(o->institutions[i], d->institutions[k].id) == 0) return true;
    return false;
}

typedef struct {
    const char *dir;        /* OUT/<period> */
    Manifest manifest;
    int io_failed;
} Writer;

static void write_output(Writer *w, const char *rel, const char *kind, const char *inst, int pages,
                         const void *data, size_t len)
{
    char *path = xasprintf("%s/%s", w->dir, rel);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    int rc = make_dirs(path);
    *slash = '/';
    if (rc == 0) rc = write_file_atomic(path, data, len);
    if (rc != 0) {
        diag_error(file_pos(path), "cannot write: %s", strerror(errno));
        w->io_failed = 1;
    } else {
        manifest_add(&w->manifest, rel, kind, inst, pages, data, len);
    }
    free(path);
}

static int validate_selection(const BuildOptions *o, const Data *d)
{
    int bad = 0;
    for (size_t i = 0; i < o->n_institutions; i++)
        if (data_find_institution(d, o->institutions[i]) < 0) {
            fprintf(stderr, "jindu: error: --institution: no institution has the id \"%s\"\n", o->institutions[i]);
            bad = 1;
        }
    return bad;
}

int build_run(const BuildOptions *o)
{
    diag_set_strict(o->strict);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    bool progress_line = !o->quiet && isatty(2);

    Data *d = data_load(o->data);
    if (!d) return EXIT_DATA;
    if (validate_selection(o, d)) { data_free(d); return EXIT_USAGE; }
    if (d->global_errors || (o->strict && diag_error_count() > 0)) {
        fprintf(stderr, "jindu: no documents written: fix the errors above%s\n",
                o->strict ? " (--strict)" : "");
        data_free(d);
        return EXIT_DATA;
    }
    Results *r = figures_compute(d);

    char period[16];
    period_format(d->period, period);
    Writer w = { 0 };
    char *dir = xasprintf("%s/%s", o->out, period);
    w.dir = dir;
    if (make_dirs(dir) != 0) {
        diag_error(file_pos(dir), "cannot create the output directory: %s", strerror(errno));
        free(dir);
        figures_free(r);
        data_free(d);
        return EXIT_IO;
    }

    FontSet *fs = NULL;
    if (o->kinds & KIND_PROGRESS) {
        fs = fontset_open(o->fonts);
        if (!fs) {
            free(dir);
            figures_free(r);
            data_free(d);
            return EXIT_IO;
        }
    }

    char **dirs = institution_dirs(d);
    size_t total = 0, done = 0;
    for (size_t k = 0; k < d->n_institutions; k++) total += selected(o, d, k);
    for (size_t k = 0; k < d->n_institutions && !w.io_failed; k++) {
        if (!selected(o, d, k)) continue;
        const Institution *inst = &d->institutions[k];
        done++;
        if (inst->has_errors) {
            diag_warning(inst->pos, "documents of institution \"%s\" not made: its entries have errors",
                         inst->id);
            continue;
        }
        if (o->kinds & KIND_PROGRESS) {
            char *rel = xasprintf("%s/工作进展情况报告.pdf", dirs[k]);
            if (progress_line) fprintf(stderr, "\r\033[K[%zu/%zu] %s", done, total, rel);
            PdfDoc *doc = report_plain_progress(r, k, fs, rel);
            unsigned char *pdf;
            size_t len;
            char err[256];
            if (pdfdoc_render(doc, &pdf, &len, err, sizeof err) != 0) {
                diag_error(file_pos(rel), "cannot make the PDF: %s", err);
                w.io_failed = 1;
            } else {
                write_output(&w, rel, "progress", inst->id, pdfdoc_page_count(doc), pdf, len);
                free(pdf);
            }
            pdfdoc_free(doc);
            free(rel);
        }
    }
    if (progress_line) fprintf(stderr, "\r\033[K");

    if (o->shard_count <= 1 || o->shard_index == 0) {
        char *json = results_json(r);
        write_output(&w, "results.json", "results", NULL, 0, json, strlen(json));
        free(json);
    }
    char *mname = o->shard_count > 1 ? xasprintf("manifest-%d-of-%d.json", o->shard_index, o->shard_count)
                                     : xstrdup("manifest.json");
    char *mjson = manifest_json(&w.manifest, period);
    char *mpath = xasprintf("%s/%s", dir, mname);
    if (write_file_atomic(mpath, mjson, strlen(mjson)) != 0) {
        diag_error(file_pos(mpath), "cannot write: %s", strerror(errno));
        w.io_failed = 1;
    }
    if (!o->quiet)
        fprintf(stderr, "jindu: %zu files written to %s/ (%d errors, %d warnings)\n", w.manifest.n, dir,
                diag_error_count(), diag_warning_count());
    free(mpath);
    free(mjson);
    free(mname);
    manifest_free(&w.manifest);
    for (size_t k = 0; k < d->n_institutions; k++) free(dirs[k]);
    free(dirs);
    fontset_free(fs);
    free(dir);
    figures_free(r);
    data_free(d);
    if (w.io_failed) return EXIT_IO;
    return diag_error_count() ? EXIT_DATA : EXIT_OK;
}

int check_run(const BuildOptions *o)
{
    diag_set_strict(o->strict);
    Data *d = data_load(o->data);
    if (!d) return EXIT_DATA;
    if (!o->quiet) {
        char period[16];
        period_format(d->period, period);
        fprintf(stderr, "jindu: %s: period %s, %zu institutions, %zu tasks, %zu indicators, %zu progress entries; "
                        "%d errors, %d warnings\n",
                o->data, period, d->n_institutions, d->n_tasks, d->n_indicators, d->n_progress, diag_error_count(),
                diag_warning_count());
    }
    data_free(d);
    return diag_error_count() ? EXIT_DATA : EXIT_OK;
}
