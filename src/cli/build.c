/* build.c - see build.h. Wires the stages: load and validate the data,
 * compute the figures, render each institution's documents (in worker
 * processes with --jobs), write results.json and manifest.json. Every
 * output is written atomically. */
#include "cli/build.h"
#include "cli/buildint.h"
#include "base/i18n.h"
#include "cli/folders.h"
#include "cli/memwatch.h"
#include "cli/run_warnings.h"
#include "cli/overview.h"
#include "cli/previous.h"
#include "template/blocks.h"
#include "base/date.h"
#include "base/diag.h"
#include "data/figures.h"
#include "pdf/font.h"
#include "pdf/image.h"
#include "typeset/layout.h"
#include "data/model.h"
#include "template/documents.h"
#include "base/outfile.h"
#include "pdf/pdfdoc.h"
#include "ofd/ofd.h"
#include "data/results.h"
#include "base/safefile.h"
#include "base/sha256.h"
#include "base/strmap.h"
#include "base/util.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <malloc.h>

/* kinds made per institution (in workers); the others once, by shard 0 */
static unsigned kinds_per_institution(void)
{
    unsigned bits = 0;
    for (int k = 0; k < DOC_KINDS; k++)
        if (DOC_KIND_INFO[k].per_institution) bits |= KIND_BIT(k);
    return bits;
}

static void send_line(int fd, const char *line);
static void send_peak(int fd, const char *what);

/* SIGINT or SIGTERM: finish the document in hand, make no more, and say
 * what was not made. A second signal stops at once (the file being written
 * is removed: every output is complete or absent either way). */
static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    if (stop_signal) {
        outfile_cleanup_temporaries();
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    stop_signal = sig;
}

static bool selected(const BuildOptions *o, const Data *d, size_t k)
{
    if (o->shard_count > 1 && (int)(k % (size_t)o->shard_count) != o->shard_index) return false;
    if (!o->institutions) return true;
    for (size_t i = 0; i < o->n_institutions; i++)
        if (strcmp(o->institutions[i], d->institutions[k].id) == 0) return true;
    return false;
}


/* A written file goes to the manifest, or from a worker to the parent as a
 * line "path \t kind \t institution \t pages \t bytes \t sha256". */
void build_record_output(Build *b, const char *rel, const char *kind, const char *inst, int pages, size_t len,
                          const char *sha)
{
    if (b->report_fd < 0) {
        manifest_add_known(&b->manifest, rel, kind, inst, pages, len, sha);
        return;
    }
    char *line = xasprintf("F\t%s\t%s\t%s\t%d\t%zu\t%s\n", rel, kind, inst ? inst : "", pages, len, sha);
    size_t n = strlen(line), off = 0;
    while (off < n) {
        ssize_t w = write(b->report_fd, line + off, n - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break;
        off += (size_t)w;
    }
    free(line);
}

/* The output's full path, its directory made; NULL (reported) on failure. */
char *build_output_path(Build *b, const char *rel)
{
    char *path = xasprintf("%s/%s", b->dir, rel);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    int rc = make_dirs(path);
    *slash = '/';
    if (rc != 0) {
        diag_error(file_pos(path), "cannot write: %s", strerror(errno));
        b->io_failed = true;
        free(path);
        return NULL;
    }
    return path;
}

static void write_output(Build *b, const char *rel, const char *kind, const char *inst, int pages,
                         const void *data, size_t len)
{
    char *path = build_output_path(b, rel);
    if (!path) return;
    if (write_file_atomic(path, data, len) != 0) {
        diag_error(file_pos(path), "cannot write: %s", strerror(errno));
        b->io_failed = true;
    } else {
        char sha[65];
        sha256_hex(data, len, sha);
        build_record_output(b, rel, kind, inst, pages, len, sha);
    }
    free(path);
}


int build_stream_write(void *ctx, const void *data, size_t len)
{
    Stream *s = ctx;
    if (outfile_write(&s->file, data, len) != 0) {
        s->error = errno;
        return -1;
    }
    sha256_update(&s->sha, data, len);
    s->len += len;
    return 0;
}

/* A file to be written as it is made, hashed as it goes; false when it
 * cannot be opened (reported). */
bool build_stream_open(Build *b, const char *path, Stream *s)
{
    memset(s, 0, sizeof *s);
    if (outfile_open(&s->file, path) != 0) {
        diag_error(file_pos(path), "cannot write: %s", strerror(errno));
        b->io_failed = true;
        return false;
    }
    sha256_init(&s->sha);
    return true;
}

/* A document too long to hold (a meeting pack of a thousand reports):
 * laid out again, and written part by part as it goes (its OFD too). */
static void write_streamed(Build *b, const DocTree *tree, const char *rel, const char *kind, const char *inst)
{
    char *path = build_output_path(b, rel);
    if (!path) return;
    Stream s;
    if (!build_stream_open(b, path, &s)) {
        free(path);
        return;
    }
    OfdOut *ofd = b->opt->ofd ? twin_ofd_open(b, rel) : NULL;
    PdfDoc *doc = pdfdoc_new_streamed(b->fonts, build_stream_write, &s);
    if (ofd) twin_ofd_on_pages(ofd, doc);
    bool made = layout_document_into(tree, b->fonts, rel, doc), made_pdf = false;
    char err[256];
    if (!made) {
        outfile_abort(&s.file);
        diag_error(file_pos(rel), "not made: one of its parts has errors");
    } else if (pdfdoc_finish(doc, err, sizeof err) != 0) {
        outfile_abort(&s.file);
        if (s.error) diag_error(file_pos(path), "cannot write: %s", strerror(s.error));
        else diag_error(file_pos(rel), "cannot make the PDF: %s", err);
        b->io_failed = true;
    } else if (outfile_commit(&s.file) != 0) {
        diag_error(file_pos(path), "cannot write: %s", strerror(errno));
        b->io_failed = true;
    } else {
        char sha[65];
        sha256_final_hex(&s.sha, sha);
        build_record_output(b, rel, kind, inst, pdfdoc_page_count(doc), s.len, sha);
        made_pdf = true;
    }
    if (ofd) twin_ofd_close(b, ofd, doc, made_pdf, kind, inst);
    pdfdoc_free(doc);
    free(path);
}

static int stream_json(void *ctx, const char *text, size_t len) { return build_stream_write(ctx, text, len); }
static int manifest_sink(void *ctx, const char *text, size_t len) { return outfile_write(ctx, text, len); }

/* results.json, written as it is made (tens of MB for a province). */
static void write_results(Build *b)
{
    char *path = build_output_path(b, "results.json");
    if (!path) return;
    Stream s;
    if (!build_stream_open(b, path, &s)) {
        free(path);
        return;
    }
    if (results_write(b->results, stream_json, &s) != 0 || outfile_commit(&s.file) != 0) {
        if (!s.error) s.error = errno;
        if (s.file.path) outfile_abort(&s.file);
        diag_error(file_pos(path), "cannot write: %s", strerror(s.error));
        b->io_failed = true;
    } else {
        char sha[65];
        sha256_final_hex(&s.sha, sha);
        build_record_output(b, "results.json", "results", NULL, 0, s.len, sha);
    }
    free(path);
}

/* Lay out a tree. A tree with a table of contents (@toc) is laid out
 * again with the pages its parts landed on written in, until they stay put
 * (the contents have a fixed layout, so this settles at once; a third pass
 * guards the rest). */
static PdfDoc *layout_settled(DocTree *tree, const FontSet *fonts, const char *rel)
{
    PdfDoc *doc = layout_document(tree, fonts, rel);
    size_t n = blocks_contents_count(tree);
    if (!n || !doc) return doc;
    int *pages = xcalloc(n, sizeof *pages), *before = xcalloc(n, sizeof *before);
    for (int pass = 0; pass < 3; pass++) {
        for (size_t i = 0; i < n; i++) pages[i] = pdfdoc_anchor_page(doc, i);
        if (pass > 0 && memcmp(pages, before, n * sizeof *pages) == 0) break;
        blocks_fill_contents(tree, pages, n);
        memcpy(before, pages, n * sizeof *pages);
        pdfdoc_free(doc);
        doc = layout_document(tree, fonts, rel);
        if (!doc) break;
    }
    free(pages);
    free(before);
    return doc;
}

/* Lay out a document tree, write the PDF and free the tree. */
static void render_tree(Build *b, long k, DocTree *tree, const char *file, const char *kind)
{
    char *rel = k >= 0 ? xasprintf("%s/%s", b->dirs[k], file) : xstrdup(file);
    const char *inst = k >= 0 ? b->data->institutions[k].id : NULL;
    PdfDoc *doc = layout_settled(tree, b->fonts, rel);
    if (!doc) {
        diag_error(file_pos(rel), "not made: one of its parts has errors");
        doctree_free(tree);
        free(rel);
        return;
    }
    /* the office's editable draft of an official document (--format docx) */
    if (b->opt->docx && (strcmp(kind, "notice") == 0 || strcmp(kind, "bulletin") == 0)) twin_docx(b, tree, rel, kind, inst);
    if (pdfdoc_too_long(doc)) {
        pdfdoc_free(doc);
        write_streamed(b, tree, rel, kind, inst);
        doctree_free(tree);
        free(rel);
        return;
    }
    doctree_free(tree);
    unsigned char *pdf;
    size_t len;
    char err[256];
    if (pdfdoc_render(doc, &pdf, &len, err, sizeof err) != 0) {
        diag_error(file_pos(rel), "cannot make the PDF: %s", err);
        b->io_failed = true;
    } else {
        write_output(b, rel, kind, inst, pdfdoc_page_count(doc), pdf, len);
        free(pdf);
        OfdOut *ofd = b->opt->ofd ? twin_ofd_open(b, rel) : NULL;
        if (ofd) {
            twin_ofd_add(ofd, doc);
            twin_ofd_close(b, ofd, doc, true, kind, inst);
        }
    }
    pdfdoc_free(doc);
    free(rel);
}

static void render_kind(Build *b, DocKind kind, long k)
{
    if (!documents_ready(b->docs, kind)) return;   /* its template's errors are reported */
    memwatch_document_begin();
    DocTree *tree = documents_make(b->docs, kind, k);
    if (tree) render_tree(b, k, tree, documents_file_name(kind), documents_kind_name(kind));
    memwatch_document_end((int)kind);
}

static void render_institution(Build *b, size_t k)
{
    const Institution *inst = &b->data->institutions[k];
    if (inst->has_errors) {
        diag_warning(inst->pos, "documents of institution \"%s\" not made: its entries have errors", inst->id);
        return;
    }
    if (b->opt->kinds & KIND_PROGRESS) render_kind(b, DOC_PROGRESS, (long)k);
    if (b->opt->kinds & KIND_ASSESSMENT) render_kind(b, DOC_ASSESSMENT, (long)k);
    if ((b->opt->kinds & KIND_NOTICE) && b->results->inst[k].notice_number) render_kind(b, DOC_NOTICE, (long)k);
    if (b->io_failed) return;
    if (b->report_fd >= 0) {
        char line[32];
        snprintf(line, sizeof line, "I\t%zu\n", k);
        send_line(b->report_fd, line);
    } else {
        b->done[k] = true;
    }
}

/* The documents of the whole run: the summary, the bulletin and the pack. */
static void render_whole(Build *b, bool progress_line)
{
    if (stop_signal) return;
    static const DocKind WHOLE[] = { DOC_SUMMARY, DOC_BULLETIN, DOC_PACK };
    for (size_t w = 0; w < sizeof WHOLE / sizeof *WHOLE && !stop_signal; w++) {
        if (!(b->opt->kinds & KIND_BIT(WHOLE[w]))) continue;
        if (progress_line) fprintf(stderr, "\r\033[K%s", DOC_KIND_INFO[WHOLE[w]].file);
        render_kind(b, WHOLE[w], -1);
        /* what it read of the font files (a long one, of its last part): an
         * institution's documents keep theirs, at a twentieth of the time */
        fontset_release_pages(b->fonts);
        if (b->report_fd >= 0) send_peak(b->report_fd, DOC_KIND_INFO[WHOLE[w]].name);   /* the peak so far */
    }
    if (progress_line) fprintf(stderr, "\r\033[K");
}

/* ---- parallel rendering ----------------------------------------------------- */

typedef struct {
    pid_t pid;
    int fd;
    Buf pending;
    bool open;
} Worker;

/* A kind a worker named, as a string that outlives its line. */
static const char *kind_name(const char *s)
{
    int k = documents_kind_find(s);
    return k >= 0 ? DOC_KIND_INFO[k].name : strcmp(s, "results") == 0 ? "results" : "unknown";
}

/* Lines from a worker: D (a diagnostic), I (an institution done), memwatch's
 * peaks or F (a file written). */
static void take_line(Build *b, char *line, size_t *done, size_t total, bool progress_line)
{
    if (strncmp(line, "D\t", 2) == 0) {
        char *msg = xasprintf("%s\n", line + 2);
        diag_pass(msg);   /* counted here, once, however many workers met it */
        free(msg);
        return;
    }
    if (strncmp(line, "I\t", 2) == 0) {
        size_t k = (size_t)strtoull(line + 2, NULL, 10);
        if (k < b->data->n_institutions) b->done[k] = true;
        return;
    }
    if (memwatch_take_line(line)) return;
    char *f[8];
    int n = 0;
    for (char *p = line; n < 8; n++) {
        f[n] = p;
        char *tab = strchr(p, '\t');
        if (!tab) { n++; break; }
        *tab = '\0';
        p = tab + 1;
    }
    if (n == 7 && strcmp(f[0], "F") == 0) {
        long inst = data_find_institution(b->data, f[3]);
        manifest_add_known(&b->manifest, f[1], kind_name(f[2]), inst >= 0 ? b->data->institutions[inst].id : NULL,
                           atoi(f[4]), (size_t)strtoull(f[5], NULL, 10), f[6]);
        (*done)++;
        if (progress_line) fprintf(stderr, "\r\033[K[%zu/%zu] %s", *done, total, f[1]);
    }
}

/* JINDU_MEMORY=1 (memwatch.h): a worker's peaks go to the parent as lines. */
_Static_assert(DOC_KINDS <= MEMWATCH_KINDS, "memwatch counts every kind");
static const char *kind_name_of(int k) { return documents_kind_name((DocKind)k); }

static void send_peak(int fd, const char *what)
{
    char lines[1024];
    if (memwatch_lines(what, lines, sizeof lines)) send_line(fd, lines);
}

static void send_line(int fd, const char *line)
{
    size_t n = strlen(line), off = 0;
    while (off < n) {
        ssize_t w = write(fd, line + off, n - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break;
        off += (size_t)w;
    }
}

/* A worker's diagnostics go to the parent as "D \t line", so that each is
 * shown once however many workers meet it. */
static void send_diagnostic(const char *line, void *ctx)
{
    Build *b = ctx;
    char *msg = xasprintf("D\t%s", line);
    send_line(b->report_fd, msg);
    free(msg);
}

/* jobs workers share the institutions; with `whole`, one more makes the
 * summary and the pack at the same time (the pack is the longest single
 * document: made last, in the parent, it left a core idle). */
/* How many documents the run makes (for the progress line): every kind
 * asked for of each institution, a notice only where there is one, and the
 * whole run's own. */
static size_t documents_to_make(const Build *b, const size_t *todo, size_t n_todo, bool whole)
{
    unsigned kinds = b->opt->kinds;
    size_t n = 0;
    for (size_t i = 0; i < n_todo; i++) {
        if (b->data->institutions[todo[i]].has_errors) continue;
        for (int k = 0; k < DOC_KINDS; k++)
            if (DOC_KIND_INFO[k].per_institution && (kinds & KIND_BIT(k)) &&
                (k != DOC_NOTICE || b->results->inst[todo[i]].notice_number))
                n++;
    }
    for (int k = 0; k < DOC_KINDS && whole; k++)
        if (!DOC_KIND_INFO[k].per_institution && (kinds & KIND_BIT(k))) n++;
    return n;
}

/* Fork the workers: jobs of them take every jobs-th institution of todo;
 * one more (whole) makes the summary and the pack. Returns how many
 * started. */
static int start_workers(Build *b, Worker *w, int n_workers, const size_t *todo, size_t n_todo, int jobs)
{
    int started = 0;
    fflush(NULL);
    for (int j = 0; j < n_workers; j++) {
        int fds[2];
        if (pipe(fds) != 0) break;
        pid_t pid = fork();
        if (pid < 0) { close(fds[0]); close(fds[1]); break; }
        if (pid == 0) {
            close(fds[0]);
            for (int i = 0; i < started; i++) close(w[i].fd);
            b->report_fd = fds[1];
            diag_sink(send_diagnostic, b);
            if (j == jobs) render_whole(b, false);
            else
                for (size_t i = (size_t)j; i < n_todo && !stop_signal && !b->io_failed; i += (size_t)jobs)
                    render_institution(b, todo[i]);
            send_peak(b->report_fd, j == jobs ? "whole-run documents" : "institutions");
            close(fds[1]);
            _exit(b->io_failed ? EXIT_IO : 0);
        }
        close(fds[1]);
        w[j].pid = pid;
        w[j].fd = fds[0];
        w[j].open = true;
        started++;
    }
    return started;
}

/* Whatever worker j has sent, line by line. */
static void read_worker(Build *b, Worker *wk, size_t *done, size_t total, bool progress_line)
{
    char chunk[4096];
    ssize_t r = read(wk->fd, chunk, sizeof chunk);
    if (r < 0 && errno == EINTR) return;
    if (r <= 0) { close(wk->fd); wk->open = false; return; }
    buf_append(&wk->pending, chunk, (size_t)r);
    char *nl;
    while (wk->pending.len && (nl = memchr(wk->pending.data, '\n', wk->pending.len))) {
        *nl = '\0';
        size_t used = (size_t)(nl - wk->pending.data) + 1;
        char *line = xstrdup(wk->pending.data);
        take_line(b, line, done, total, progress_line);
        free(line);
        memmove(wk->pending.data, wk->pending.data + used, wk->pending.len - used);
        wk->pending.len -= used;
    }
}

/* The workers' lines until every pipe is closed. */
static void drain_workers(Build *b, Worker *w, int started, size_t total, bool progress_line)
{
    size_t done = 0;
    struct pollfd *pf = xcalloc((size_t)started + 1, sizeof *pf);
    int *who = xcalloc((size_t)started + 1, sizeof *who);
    bool forwarded = false;
    for (;;) {
        int n = 0;
        for (int j = 0; j < started; j++)
            if (w[j].open) { pf[n].fd = w[j].fd; pf[n].events = POLLIN; who[n++] = j; }
        if (n == 0) break;
        if (stop_signal && !forwarded) {
            /* a SIGTERM to the parent alone: the workers stop too */
            for (int j = 0; j < started; j++) kill(w[j].pid, stop_signal);
            forwarded = true;
        }
        if (poll(pf, (nfds_t)n, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int i = 0; i < n; i++)
            if (pf[i].revents & (POLLIN | POLLHUP | POLLERR)) read_worker(b, &w[who[i]], &done, total, progress_line);
    }
    free(who);
    free(pf);
}

/* Wait for every worker; returns how many died. */
static int reap_workers(Build *b, Worker *w, int started)
{
    int failures = 0;
    for (int j = 0; j < started; j++) {
        int status;
        while (waitpid(w[j].pid, &status, 0) < 0 && errno == EINTR) {}
        if (!WIFEXITED(status)) {
            fprintf(stderr, _("jindu: error: a worker process died (%s)\n"),
                    WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "unknown");
            failures++;
        } else if (WEXITSTATUS(status) == EXIT_IO) {
            b->io_failed = true;
        }
        buf_free(&w[j].pending);
    }
    return failures;
}

static int render_parallel(Build *b, const size_t *todo, size_t n_todo, int jobs, bool whole, bool progress_line)
{
    int n_workers = jobs + (whole ? 1 : 0);
    Worker *w = xcalloc((size_t)n_workers, sizeof *w);
    int started = start_workers(b, w, n_workers, todo, n_todo, jobs);
    size_t total = documents_to_make(b, todo, n_todo, whole);
    drain_workers(b, w, started, total, progress_line);
    int failures = reap_workers(b, w, started) + (n_workers - started);
    free(w);
    return failures;
}

/* ---- the commands -------------------------------------------------------------- */

/* An unknown --institution id: the nearest id or name (a typo, or a
 * name given for an id), else the ids there are. */
static void suggest_institution(const Data *d, const char *given)
{
    const char **ids = xcalloc(d->n_institutions + 1, sizeof *ids);
    for (size_t k = 0; k < d->n_institutions; k++) ids[k] = d->institutions[k].id;
    const char *near = closest_word(given, ids);
    for (size_t k = 0; k < d->n_institutions && !near; k++)
        if (strcmp(d->institutions[k].name, given) == 0 || strcmp(d->institutions[k].short_name, given) == 0)
            near = d->institutions[k].id;
    if (near) {
        fprintf(stderr, _("  did you mean: --institution %s\n"), near);
    } else {
        fprintf(stderr, _("  the ids are:"));
        for (size_t k = 0; k < d->n_institutions && k < 30; k++) fprintf(stderr, " %s", ids[k]);
        fprintf(stderr, "%s\n", d->n_institutions > 30 ? " …" : "");
    }
    free(ids);
}

static int validate_selection(const BuildOptions *o, const Data *d)
{
    int bad = 0;
    for (size_t i = 0; i < o->n_institutions; i++)
        if (data_find_institution(d, o->institutions[i]) < 0) {
            fprintf(stderr, _("jindu: error: --institution: no institution has the id \"%s\"\n"), o->institutions[i]);
            suggest_institution(d, o->institutions[i]);
            bad = 1;
        }
    return bad;
}


/* Fonts, the seal, the output folders and the parsed templates: all made
 * once, before any fork. False when the run cannot go on (reported). */
bool fonts_dir_ok(const BuildOptions *o)
{
    struct stat st;
    if (!o->fonts_given || (stat(o->fonts, &st) == 0 && S_ISDIR(st.st_mode))) return true;
    diag_error(file_pos(o->fonts), "the fonts directory given with --fonts does not exist (no font of it would be "
                                   "used; leave --fonts out to use fonts/ or the free fonts)");
    return false;
}

bool data_path_ok(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0) return true;
    diag_error(file_pos(path), "no data here: make a working directory with `jindu init DIR`, or give the data "
                               "with --data PATH");
    return false;
}

static bool build_open(Build *b)
{
    if (make_dirs(b->dir) != 0) {
        diag_error(file_pos(b->dir), "cannot create the output directory: %s", strerror(errno));
        return false;
    }
    b->lock_fd = output_lock(b->dir, b->opt->shard_count > 1);
    b->fonts = fontset_open(b->opt->fonts);
    if (!b->fonts) return false;
    b->dirs = institution_dirs(b->data);
    if (b->opt->shard_count <= 1) output_clean_temporaries(b->dir, b->dirs, b->data->n_institutions, b->opt->quiet);
    b->done = xcalloc(b->data->n_institutions + 1, sizeof *b->done);
    signal(SIGXFSZ, SIG_IGN);   /* a file-size limit: the write fails with EFBIG, like a full disk */
    b->seal = xasprintf("%s/seal.png", b->opt->fonts);
    if (access(b->seal, R_OK) != 0) {
        free(b->seal);
        b->seal = NULL;
    }
    char why[512];
    bool seal_broken = b->seal && !image_check(b->seal, why, sizeof why);
    if (seal_broken)
        diag_error(file_pos(b->seal), "the seal image cannot be used: %s. The sealed documents (notices, the bulletin and the pack "
                                      "that holds them) are not made; the rest are", why);
    b->docs = documents_open(b->opt->templates, b->opt->kinds, b->results, b->seal, seal_broken);
    return true;
}

static void build_close(Build *b)
{
    if (b->lock_fd >= 0) close(b->lock_fd);
    manifest_free(&b->manifest);
    free(b->done);
    if (b->dirs)
        for (size_t k = 0; k < b->data->n_institutions; k++) free(b->dirs[k]);
    free(b->dirs);
    documents_close(b->docs);
    free(b->seal);
    fontset_free((FontSet *)b->fonts);
}

/* Every selected institution's documents, then the whole run's. */
static void render_selected(Build *b, const size_t *todo, size_t n_todo, bool whole, bool progress_line)
{
    const BuildOptions *o = b->opt;
    int jobs = o->jobs < (int)n_todo ? o->jobs : (int)n_todo;
    if (!(o->kinds & kinds_per_institution())) jobs = 0;
    bool whole_done = false;
    if (jobs > 1) {
        if (render_parallel(b, todo, n_todo, jobs, whole, progress_line)) b->io_failed = true;
        whole_done = whole;
    } else if (jobs == 1) {
        for (size_t i = 0; i < n_todo && !b->io_failed && !stop_signal; i++) {
            if (progress_line)
                fprintf(stderr, "\r\033[K[%zu/%zu] %s", i + 1, n_todo, b->data->institutions[todo[i]].short_name);
            render_institution(b, todo[i]);
        }
    }
    if (progress_line) fprintf(stderr, "\r\033[K");
    if (whole && !whole_done && !b->io_failed) render_whole(b, progress_line);
}

/* results.json (shard 0 only) and this run's manifest. */
/* index.html: the page that links every PDF the directory holds (a
 * sharded run has none: no shard holds them all). */
static void write_overview(Build *b)
{
    char *path = xasprintf("%s/index.html", b->dir);
    Stream s;
    bool opened = build_stream_open(b, path, &s);
    if (opened && overview_write(b->results, &b->manifest, build_stream_write, &s) == 0 && outfile_commit(&s.file) == 0) {
        char sha[65];
        sha256_final_hex(&s.sha, sha);
        manifest_add_known(&b->manifest, "index.html", "index", NULL, 0, s.len, sha);
    } else {
        if (opened) {
            if (!s.error) s.error = errno;
            if (s.file.path) outfile_abort(&s.file);
            diag_error(file_pos(path), "cannot write: %s", strerror(s.error));
            b->io_failed = true;
        }
        /* the earlier run's page would link and show what is no longer so */
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISREG(st.st_mode)) unlink(path);
    }
    free(path);
}

/* results.json, then the directory made to match the manifest (also
 * after a failure or an interruption: what an earlier run made and this
 * one did not goes, or, for a run of some kinds or institutions, stays
 * listed), index.html, and the manifest last. False when the manifest
 * could not be written; then no manifest is left at all, since an
 * earlier one would list files this run replaced. */
static bool write_run_files(Build *b, const char *period, Previous *prev)
{
    const BuildOptions *o = b->opt;
    if (o->shard_count <= 1 || o->shard_index == 0) write_results(b);
    if (o->shard_count <= 1) {
        bool full = o->kinds == KIND_ALL && !o->institutions;
        size_t removed = previous_settle(prev, b->dir, &b->manifest, full);
        if (removed && !o->quiet)
            fprintf(stderr, ngettext("jindu: %zu file of the previous run that this one did not make again removed\n",
                                     "jindu: %zu files of the previous run that this one did not make again removed\n",
                                     removed), removed);
        write_overview(b);
    }
    char *mname = o->shard_count > 1 ? xasprintf("manifest-%d-of-%d.json", o->shard_index, o->shard_count)
                                     : xstrdup("manifest.json");
    char *mpath = xasprintf("%s/%s", b->dir, mname);
    OutFile f;
    bool ok = true;
    if (outfile_open(&f, mpath) != 0 || manifest_write(&b->manifest, period, manifest_sink, &f) != 0 ||
        outfile_commit(&f) != 0) {
        int e = errno;
        if (f.path) outfile_abort(&f);
        struct stat st;
        if (lstat(mpath, &st) == 0 && S_ISREG(st.st_mode)) unlink(mpath);
        diag_error(file_pos(mpath), "cannot write: %s; no manifest lists the files of %s/ now (run again when "
                                    "there is room)", strerror(e), b->dir);
        b->io_failed = true;
        ok = false;
    }
    free(mpath);
    free(mname);
    return ok;
}

/* Every document the run was to make and did not (a template with errors,
 * a pack whose part failed) is named, so nobody takes the directory for
 * complete. */
static void report_not_made(Build *b, const size_t *todo, size_t n_todo, bool whole)
{
    StrMap made = {0};
    for (size_t i = 0; i < b->manifest.n; i++) strmap_put(&made, b->manifest.items[i].path, 1);
    Buf list = {0};
    size_t missing = 0;
    for (int k = 0; k < DOC_KINDS; k++) {
        if (!(b->opt->kinds & KIND_BIT(k))) continue;
        for (size_t i = 0; DOC_KIND_INFO[k].per_institution && i < n_todo; i++) {
            size_t inst = todo[i];
            if (b->data->institutions[inst].has_errors || (k == DOC_NOTICE && !b->results->inst[inst].notice_number))
                continue;
            char *rel = xasprintf("%s/%s", b->dirs[inst], DOC_KIND_INFO[k].file);
            if (strmap_get(&made, rel) < 0 && missing++ < 20) buf_printf(&list, "%s%s", missing > 1 ? ", " : "", rel);
            free(rel);
        }
        if (!DOC_KIND_INFO[k].per_institution && whole && strmap_get(&made, DOC_KIND_INFO[k].file) < 0 &&
            missing++ < 20)
            buf_printf(&list, "%s%s", missing > 1 ? ", " : "", DOC_KIND_INFO[k].file);
    }
    if (missing > 20) buf_printf(&list, _(" and %zu more"), missing - 20);
    if (missing)
        fprintf(stderr, ngettext("jindu: %zu document not made (see the errors above): %s\n",
                                 "jindu: %zu documents not made (see the errors above): %s\n", missing), missing,
                buf_cstr(&list));
    buf_free(&list);
    strmap_free(&made);
}

/* A run that stopped early says what it did not make. */
static void report_unfinished(Build *b, const size_t *todo, size_t n_todo, bool whole, bool listed)
{
    const BuildOptions *o = b->opt;
    size_t missing = 0;
    Buf list = {0};
    for (size_t i = 0; i < n_todo; i++) {
        size_t k = todo[i];
        if (b->done[k] || b->data->institutions[k].has_errors || !(o->kinds & kinds_per_institution())) continue;
        if (missing < 20) buf_printf(&list, "%s%s", missing ? ", " : "", b->data->institutions[k].id);
        missing++;
    }
    if (missing > 20) buf_printf(&list, _(" and %zu more"), missing - 20);
    fprintf(stderr, ngettext("jindu: %s: the documents of %zu institution were not made%s%s",
                             "jindu: %s: the documents of %zu institutions were not made%s%s", missing),
            stop_signal ? (stop_signal == SIGINT ? _("interrupted") : _("terminated")) : _("stopped by a write failure"),
            missing, missing ? ": " : "", missing ? buf_cstr(&list) : "");
    /* the whole run's documents, by what the manifest holds */
    size_t n_whole_missing = 0;
    for (int w = 0; w < DOC_KINDS && whole; w++) {
        if (DOC_KIND_INFO[w].per_institution || !(o->kinds & KIND_BIT(w))) continue;
        bool made = false;
        for (size_t i = 0; i < b->manifest.n; i++) made |= strcmp(b->manifest.items[i].path, DOC_KIND_INFO[w].file) == 0;
        if (!made) fprintf(stderr, "%s%s", n_whole_missing++ ? ", " : "; nor ", DOC_KIND_INFO[w].file);
    }
    fputc('\n', stderr);
    if (listed) fprintf(stderr, _("jindu: every file in %s/ is complete; manifest.json lists them\n"), b->dir);
    else fprintf(stderr, _("jindu: every file in %s/ is complete, but no manifest lists them\n"), b->dir);
    buf_free(&list);
}

int build_run(const BuildOptions *o)
{
    diag_set_strict(o->strict);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    bool progress_line = !o->quiet && isatty(2);
    if (!data_path_ok(o->data) || !fonts_dir_ok(o)) return EXIT_IO;
    Data *d = data_load(o->data);
    if (!d) {
        fprintf(stderr, _("jindu: no documents written: fix the errors above\n"));
        previous_note_all(o->out);
        return EXIT_DATA;
    }
    if (validate_selection(o, d)) { data_free(d); return EXIT_USAGE; }
    if (d->global_errors || (o->strict && diag_error_count() > 0)) {
        fprintf(stderr, _("jindu: no documents written: fix the errors above%s\n"), o->strict ? " (--strict)" : "");
        if (d->period >= 0) {
            char period[16];
            period_format(d->period, period);
            char *dir = xasprintf("%s/%s", o->out, period);
            previous_note(dir);
            free(dir);
        }
        data_free(d);
        return EXIT_DATA;
    }
    Results *r = figures_compute(d);
    if (o->shard_count <= 1 || o->shard_index == 0) {
        warn_reused_numbers(o->out, r);
        warn_unreported_institutions(r);
    }
    /* documents read the quarter's entries only: the rest go before the
     * workers are forked (they would each count them) */
    int32_t *map = data_keep_period(d, d->period);
    figures_remap_entries(r, map);
    free(map);
    malloc_trim(0);
    char period[16];
    period_format(d->period, period);
    char *dir = xasprintf("%s/%s", o->out, period);
    Build b = { .opt = o, .data = d, .results = r, .dir = dir, .report_fd = -1, .lock_fd = -1 };
    int rc = EXIT_IO;
    if (build_open(&b)) {
        size_t *todo = xmalloc((d->n_institutions + 1) * sizeof *todo), n_todo = 0;
        for (size_t k = 0; k < d->n_institutions; k++)
            if (selected(o, d, k)) todo[n_todo++] = k;
        /* the summary and the pack cover every institution: made by shard 0,
         * not when only some institutions were asked for */
        bool whole = (o->shard_count <= 1 || o->shard_index == 0) && !o->institutions &&
                     (o->kinds & (KIND_SUMMARY | KIND_BULLETIN | KIND_PACK));
        Previous prev;
        previous_read(&prev, dir);
        render_selected(&b, todo, n_todo, whole, progress_line);
        bool listed = write_run_files(&b, period, &prev);
        previous_free(&prev);
        if (stop_signal || b.io_failed) report_unfinished(&b, todo, n_todo, whole, listed);
        else report_not_made(&b, todo, n_todo, whole);
        if (memwatch_on()) memwatch_print_parent(kind_name_of, DOC_KINDS);
        int errors = diag_error_count(), warnings = diag_warning_count();   /* workers' arrive as D lines */
        if (!o->quiet)
            fprintf(stderr, _("jindu: %zu files written to %s/ (%d errors, %d warnings)\n"), b.manifest.n, dir, errors,
                    warnings);
        rc = stop_signal ? 128 + stop_signal : b.io_failed ? EXIT_IO : errors ? EXIT_DATA : EXIT_OK;
        free(todo);
    }
    build_close(&b);
    free(dir);
    figures_free(r);
    data_free(d);
    return rc;
}

int check_run(const BuildOptions *o)
{
    diag_set_strict(o->strict);
    if (!data_path_ok(o->data)) return EXIT_IO;
    Data *d = data_load(o->data);
    check_placeholders(o->data, 0);
    if (!d) return EXIT_DATA;
    size_t made = 0;
    if (!d->global_errors) {
        /* every template evaluated for every institution it serves, so a
         * mistake that only some data reaches is found before the run */
        Results *r = figures_compute(d);
        warn_reused_numbers(o->out, r);
        warn_unreported_institutions(r);
        Documents *docs = documents_open(o->templates, KIND_ALL, r, NULL, false);
        for (int k = 0; k < DOC_KINDS; k++) {
            if (!documents_ready(docs, (DocKind)k)) continue;
            bool per_institution = k == DOC_PROGRESS || k == DOC_NOTICE || k == DOC_ASSESSMENT;
            for (size_t i = 0; i < (per_institution ? d->n_institutions : 1); i++) {
                if (per_institution && d->institutions[i].has_errors) continue;
                if (k == DOC_NOTICE && !r->inst[i].notice_number) continue;
                DocTree *t = documents_make(docs, (DocKind)k, per_institution ? (long)i : -1);
                made += t != NULL;
                doctree_free(t);
            }
        }
        documents_close(docs);
        figures_free(r);
    }
    if (!o->quiet) {
        char period[16];
        period_format(d->period, period);
        fprintf(stderr, _("jindu: %s: period %s, %zu institutions, %zu tasks, %zu indicators, %zu progress entries; "
                        "%zu documents checked against %s/; %d errors, %d warnings\n"),
                o->data, period, d->n_institutions, d->n_tasks, d->n_indicators, d->n_progress, made, o->templates,
                diag_error_count(), diag_warning_count());
    }
    data_free(d);
    return diag_error_count() ? EXIT_DATA : EXIT_OK;
}
