/* report_plain.h - the plain progress report of the foundation stage.
 *
 * Until the template language and the layout engine render the documents,
 * this writes each institution's progress report straight from its figures:
 * A4, the GB/T 9704 text block and 22-line grid, justified Chinese lines,
 * page numbers. It reads Results and draws through pdfdoc. */
#ifndef JINDU_REPORT_PLAIN_H
#define JINDU_REPORT_PLAIN_H

#include "figures.h"
#include "font.h"
#include "pdfdoc.h"

/* Lay out institution k's report into a new PdfDoc (caller frees). */
PdfDoc *report_plain_progress(const Results *r, size_t k, const FontSet *fs, const char *doc_label);

#endif
