/* layout.h - lays a document tree out into pages.
 *
 * A4 with the GB/T 9704 text block (156 x 225 mm at 37 mm from the top and
 * 28 mm from the left), 22 lines of 3号 text a page on a 225/22 mm grid,
 * Chinese line breaking (linebreak.h), justification by inter-character
 * space (not inside Latin runs), headings kept with two lines of what
 * follows, no single-line widows or orphans, page numbers — N — odd-right
 * and even-left. Knows nothing of what the document is about. */
#ifndef JINDU_LAYOUT_H
#define JINDU_LAYOUT_H

#include "typeset/doctree.h"
#include "pdf/font.h"
#include "pdf/pdfdoc.h"

/* label names the document in warnings (missing glyphs). Caller frees the
 * result with pdfdoc_free. NULL when one of the tree's parts could not be
 * made (its maker has said why). */
PdfDoc *layout_document(const DocTree *t, const FontSet *fs, const char *label);
/* The same into a document made by the caller (a streamed one, for a
 * document pdfdoc_too_long found too long to keep): the same pages. False
 * when a part could not be made. */
bool layout_document_into(const DocTree *t, const FontSet *fs, const char *label, PdfDoc *out);

#endif
