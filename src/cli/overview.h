/* overview.h - OUT/<period>/index.html (supervision.md's 一览表): one
 * self-contained page, readable in any browser and printable on A4, with
 * the period's figures, one inline SVG chart, the institutions with links
 * to the PDFs this directory holds, and every red and yellow item. No
 * script, no network, nothing outside OUT. */
#ifndef JINDU_OVERVIEW_H
#define JINDU_OVERVIEW_H

#include "base/util.h"
#include "data/figures.h"
#include "data/results.h"

/* Where the page goes, piece by piece: 0, or -1 when it could not be
 * written. */
typedef int (*OverviewSink)(void *ctx, const void *data, size_t len);

/* The page for results r, linking the PDFs of manifest m (paths relative
 * to the page), written to sink as it is made: 0, or -1 when the sink
 * failed. */
int overview_write(const Results *r, const Manifest *m, OverviewSink sink, void *ctx);

#endif
