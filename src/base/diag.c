/* diag.c - see diag.h. */
#include "base/diag.h"
#include "base/i18n.h"
#include "base/util.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int n_errors, n_warnings, strict;
static Buf *capture;
static void (*sink)(const char *line, void *ctx);
static void *sink_ctx;
/* Lines already shown: a template mistake met once per institution is
 * reported once, not a thousand times. Hashes of the full lines. */
static unsigned long long *seen;
static size_t n_seen, cap_seen;

static bool shown_before(const char *line)
{
    unsigned long long h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)line; *p; p++) h = (h ^ *p) * 1099511628211ULL;
    if (h == 0) h = 1;
    if (n_seen * 2 >= cap_seen) {
        size_t ncap = cap_seen ? cap_seen * 2 : 64;
        unsigned long long *n = xcalloc(ncap, sizeof *n);
        for (size_t i = 0; i < cap_seen; i++)
            if (seen[i]) {
                size_t j = seen[i] & (ncap - 1);
                while (n[j]) j = (j + 1) & (ncap - 1);
                n[j] = seen[i];
            }
        free(seen);
        seen = n;
        cap_seen = ncap;
    }
    size_t j = h & (cap_seen - 1);
    while (seen[j]) {
        if (seen[j] == h) return true;
        j = (j + 1) & (cap_seen - 1);
    }
    seen[j] = h;
    n_seen++;
    return false;
}

/* At most DIAG_MAX_PER_FILE diagnostics are shown for one file; the rest
 * are counted (the exit status still sees them) and summed up by
 * diag_flush_hidden, so a broken export of 10,000 entries does not bury
 * its first mistakes under 10,000 lines. */
typedef struct {
    char *file;
    int shown, hidden_errors, hidden_warnings;
} FileCount;
static FileCount *file_counts;
static size_t n_file_counts, cap_file_counts;

static FileCount *count_for(const char *file)
{
    for (size_t i = 0; i < n_file_counts; i++)
        if (strcmp(file_counts[i].file, file) == 0) return &file_counts[i];
    FileCount *f = ARRAY_PUSH(file_counts, n_file_counts, cap_file_counts);
    memset(f, 0, sizeof *f);
    f->file = xstrdup(file);
    return f;
}

/* Whether a diagnostic at pos is to be shown; counts it either way. */
static bool within_file_limit(DiagLevel level, SrcPos pos)
{
    if (!pos.file || pos.line <= 0) return true;
    FileCount *f = count_for(pos.file);
    if (f->shown < DIAG_MAX_PER_FILE) {
        f->shown++;
        return true;
    }
    if (level == DIAG_ERROR) f->hidden_errors++, n_errors++;
    else f->hidden_warnings++, n_warnings++;
    return false;
}

/* "error: " or "warning: ", in the user's language (错误：, 警告：). */
static const char *label(DiagLevel level) { return level == DIAG_ERROR ? _("error: ") : _("warning: "); }

static void emit(const char *line, size_t len)
{
    if (sink) sink(line, sink_ctx);
    else if (capture) buf_append(capture, line, len);
    else fputs(line, stderr);
}

void diag_flush_hidden(void)
{
    for (size_t i = 0; i < n_file_counts; i++) {
        FileCount *f = &file_counts[i];
        if (!f->hidden_errors && !f->hidden_warnings) continue;
        Buf line = {0};
        if (f->hidden_errors) {
            buf_printf(&line, "%s: %s", f->file, label(DIAG_ERROR));
            buf_printf(&line, ngettext("and %d more error in this file, not shown\n",
                                       "and %d more errors in this file, not shown\n", (unsigned long)f->hidden_errors),
                       f->hidden_errors);
        }
        if (f->hidden_warnings) {
            buf_printf(&line, "%s: %s", f->file, label(DIAG_WARNING));
            buf_printf(&line, ngettext("and %d more warning in this file, not shown\n",
                                       "and %d more warnings in this file, not shown\n", (unsigned long)f->hidden_warnings),
                       f->hidden_warnings);
        }
        emit(line.data, line.len);
        buf_free(&line);
        f->hidden_errors = f->hidden_warnings = 0;
    }
}

void diag_set_strict(int s) { strict = s; }
void diag_capture(void *buf) { capture = buf; }

void diag_sink(void (*fn)(const char *line, void *ctx), void *ctx)
{
    sink = fn;
    sink_ctx = ctx;
}

void diag_pass(const char *line)
{
    if (shown_before(line)) return;
    char mark[64];   /* a worker writes its lines in the same language as this process */
    snprintf(mark, sizeof mark, ": %s", label(DIAG_ERROR));
    if (strstr(line, mark)) n_errors++;
    else n_warnings++;
    if (capture) buf_puts(capture, line);
    else fputs(line, stderr);
}
int diag_error_count(void) { return n_errors; }
int diag_warning_count(void) { return n_warnings; }
void diag_reset(void)
{
    n_errors = n_warnings = 0;
    free(seen);
    seen = NULL;
    n_seen = cap_seen = 0;
    for (size_t i = 0; i < n_file_counts; i++) free(file_counts[i].file);
    free(file_counts);
    file_counts = NULL;
    n_file_counts = cap_file_counts = 0;
}

void diag_vreport(DiagLevel level, SrcPos pos, const char *quote, const char *fmt, va_list ap)
{
    if (level == DIAG_WARNING && strict) level = DIAG_ERROR;

    Buf line = {0};
    if (pos.file && pos.line > 0) buf_printf(&line, "%s:%d:%d: ", pos.file, pos.line, pos.col);
    else if (pos.file) buf_printf(&line, "%s: ", pos.file);
    else buf_puts(&line, "jindu: ");
    buf_puts(&line, label(level));
    buf_vprintf(&line, gettext(fmt), ap);   /* every reader's messages pass here: translated once, here */
    if (quote) buf_printf(&line, _(" in `%s`"), quote);
    buf_putc(&line, '\n');
    if (shown_before(line.data) || !within_file_limit(level, pos)) {
        buf_free(&line);
        return;
    }
    if (level == DIAG_ERROR) n_errors++;
    else n_warnings++;
    emit(line.data, line.len);
    buf_free(&line);
}

void diag_report(DiagLevel level, SrcPos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vreport(level, pos, NULL, fmt, ap);
    va_end(ap);
}
