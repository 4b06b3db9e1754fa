/* notice_plain.h - the built-in supervision notice (督办通知).
 *
 * Until the template language (issue #4) produces documents from
 * templates/, this builds the notice of a flagged institution as a document
 * tree in GB/T 9704 form: red header, number, title, 主送, body with every
 * flagged item, requirements, contact, attachment note, signature and date,
 * the two attachments (table of items, blank feedback form) and the 版记. */
#ifndef JINDU_NOTICE_PLAIN_H
#define JINDU_NOTICE_PLAIN_H

#include "doctree.h"
#include "figures.h"

/* NULL when institution k has no notice. seal_png: the seal to print over
 * the signature, or NULL. Caller frees. */
DocTree *notice_plain(const Results *r, size_t k, const char *seal_png);

#endif
