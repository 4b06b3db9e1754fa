/* report_plain.h - the built-in progress report.
 *
 * Until the template language (issue #4) produces documents from
 * templates/, this builds each institution's progress report as a document
 * tree straight from its figures; layout.c typesets it. */
#ifndef JINDU_REPORT_PLAIN_H
#define JINDU_REPORT_PLAIN_H

#include "figures.h"
#include "doctree.h"

/* Institution k's progress report as a document tree (caller frees). */
DocTree *report_plain_progress(const Results *r, size_t k);

#endif
