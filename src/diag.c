/* diag.c - see diag.h. */
#include "diag.h"
#include "util.h"

#include <stdio.h>

static int n_errors, n_warnings, strict;
static Buf *capture;

void diag_set_strict(int s) { strict = s; }
void diag_capture(void *buf) { capture = buf; }
int diag_error_count(void) { return n_errors; }
int diag_warning_count(void) { return n_warnings; }
void diag_reset(void) { n_errors = n_warnings = 0; }

void diag_report(DiagLevel level, SrcPos pos, const char *fmt, ...)
{
    if (level == DIAG_WARNING && strict) level = DIAG_ERROR;
    if (level == DIAG_ERROR) n_errors++;
    else n_warnings++;

    Buf line = {0};
    if (pos.file && pos.line > 0) buf_printf(&line, "%s:%d:%d: ", pos.file, pos.line, pos.col);
    else if (pos.file) buf_printf(&line, "%s: ", pos.file);
    else buf_puts(&line, "jindu: ");
    buf_puts(&line, level == DIAG_ERROR ? "error: " : "warning: ");
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&line, fmt, ap);
    va_end(ap);
    buf_putc(&line, '\n');
    if (capture) buf_append(capture, line.data, line.len);
    else fputs(line.data, stderr);
    buf_free(&line);
}
