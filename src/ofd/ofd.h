/* ofd.h - the pages of a document written as OFD (GB/T 33190-2016).
 *
 * A second back end over the drawing the PDF writer takes (pdf/pdfdoc.h):
 * each page's text runs, lines, rectangles and images become TextObject,
 * PathObject and ImageObject elements of that page's Content.xml, so a
 * page is the same in both formats. Fonts are embedded as the same
 * HarfBuzz subsets and named by their roles' standard Chinese names
 * (仿宋_GB2312 …). The package is a ZIP written front to back (zipwrite.h):
 * pages as they come, then the resources, Document.xml and OFD.xml.
 * docs/ofd.md says what is mapped how and why. */
#ifndef JINDU_OFD_H
#define JINDU_OFD_H

#include <stddef.h>

#include "base/zipwrite.h"
#include "pdf/pdfdoc.h"

typedef struct OfdWriter OfdWriter;

/* date: the document's date "YYYY-MM-DD" for CreationDate when
 * SOURCE_DATE_EPOCH is not set (then none is written when it is NULL). */
OfdWriter *ofd_new(const FontSet *fs, const char *date, ZipWriteFn write, void *ctx);
void ofd_free(OfdWriter *w);

/* Pages [first, end) of doc, written into the package. A failure is kept
 * and reported by ofd_finish. */
void ofd_add_pages(OfdWriter *w, const PdfDoc *doc, size_t first, size_t end);
/* The same as a PdfPagesFn, for a streamed document (ctx: the writer). */
void ofd_on_pages(void *ctx, const PdfDoc *doc, size_t first, size_t end);

/* The fonts and images drawn, Document.xml (pages, outline from doc's
 * bookmarks), OFD.xml and the archive's directory. Returns 0, or -1 with
 * the reason in err. */
int ofd_finish(OfdWriter *w, const PdfDoc *doc, char *err, size_t err_len);

#endif
