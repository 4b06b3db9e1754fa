/* docx.h - an official document's editable Word copy (--format docx).
 *
 * A third back end beside pdf/ and ofd/, but written from the document
 * tree, not from the page drawing: in Word, WPS or LibreOffice the text
 * reflows when someone edits it. The page is set up for GB/T 9704-2012
 * (A4, the 37/35/28/26 mm margins, a grid of 22 lines of 28 characters),
 * the text is in styles (正文, 标题, 一级 to 四级标题, 发文机关标志,
 * 发文字号, 版记) named with the fonts of the office's machines, page
 * numbers are fields in the odd and even footers. docs/docx.md says what
 * the file holds and how it was checked. */
#ifndef JINDU_DOCX_H
#define JINDU_DOCX_H

#include <stddef.h>

#include "base/zipwrite.h"
#include "typeset/doctree.h"

/* The package of tree t through write. Returns 0, or -1 with the reason
 * in err. The same tree gives the same bytes (ZIP times from
 * SOURCE_DATE_EPOCH, no dates in docProps). */
int docx_write(const DocTree *t, ZipWriteFn write, void *ctx, char *err, size_t err_len);

#endif
