/* diag.h - diagnostics in the form `file:line:col: error: message`.
 *
 * Every stage reports through here so that all problems are shown, not only
 * the first, and so that the exit status can be derived from the counts. */
#ifndef JINDU_DIAG_H
#define JINDU_DIAG_H

#include <stdarg.h>

typedef enum { DIAG_WARNING, DIAG_ERROR } DiagLevel;

/* A place in a source file; line 0 means "the file as a whole". */
typedef struct {
    const char *file;
    int line, col;
} SrcPos;

static inline SrcPos file_pos(const char *file) { SrcPos p = { file, 0, 0 }; return p; }

void diag_report(DiagLevel level, SrcPos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The one formatter of diagnostics, for the wrappers each reader keeps
 * for its own counts: quote, when not NULL, is the source text the
 * problem is in, shown as "… in `quote`". */
void diag_vreport(DiagLevel level, SrcPos pos, const char *quote, const char *fmt, va_list ap);
#define diag_error(...) diag_report(DIAG_ERROR, __VA_ARGS__)
#define diag_warning(...) diag_report(DIAG_WARNING, __VA_ARGS__)

/* Diagnostics shown per file at most; the rest are counted, and
 * diag_flush_hidden says how many there were. */
#define DIAG_MAX_PER_FILE 50
void diag_flush_hidden(void);

int diag_error_count(void);
int diag_warning_count(void);
void diag_reset(void);   /* counts and the lines already shown */
/* Warnings are errors (--strict). */
void diag_set_strict(int strict);
/* Capture diagnostics in memory instead of stderr (tests); NULL to stop. */
struct Buf;
void diag_capture(void *buf /* Buf* */);
/* Hand every diagnostic line (with its newline) to fn instead (a worker
 * process sends them to the parent); NULL to stop. */
void diag_sink(void (*fn)(const char *line, void *ctx), void *ctx);
/* Show a line a worker sent, unless it was shown before; counted as an
 * error or a warning by its text. */
void diag_pass(const char *line);

#endif
