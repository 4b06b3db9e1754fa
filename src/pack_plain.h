/* pack_plain.h - the built-in meeting pack (会议材料汇编).
 *
 * One printable document for a leadership meeting: a cover, a table of
 * contents with page numbers, the summary, then every progress report,
 * each part starting on an odd page for two-sided printing; every part's
 * title is a bookmark. The contents need the parts' pages, so the pack is
 * laid out twice (pack_pages reads them from the first layout). */
#ifndef JINDU_PACK_PLAIN_H
#define JINDU_PACK_PLAIN_H

#include "doctree.h"
#include "figures.h"
#include "pdfdoc.h"

/* The pack; part_pages holds each part's first page (summary, then the
 * reports in institution order), or NULL for the first pass. Institutions
 * with errors in their data are left out, as their reports are. */
DocTree *pack_plain(const Results *r, const int *part_pages);
/* Number of parts, and their pages as laid out in doc; returns false if
 * doc does not hold them all. */
size_t pack_part_count(const Results *r);
bool pack_pages(const PdfDoc *doc, size_t n_parts, int *pages);

#endif
