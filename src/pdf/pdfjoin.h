/* pdfjoin.h - one PDF made of parts that libharu wrote, streamed out.
 *
 * libharu 2.3.0 holds a whole document in memory until it saves it: a
 * 10,000-page meeting pack took 440 MB. Such a document is rendered in
 * parts of a few hundred pages, and each part's objects are copied to the
 * output as soon as the part is made: renumbered, with its pages hung under
 * one page tree. The outlines and the document information are written at
 * the end. Knows the PDF libharu writes (a classic cross-reference table,
 * no object streams), nothing of documents. */
#ifndef JINDU_PDFJOIN_H
#define JINDU_PDFJOIN_H

#include <stddef.h>
#include <stdint.h>

/* Where the bytes go; returns 0, or -1 when they could not be written. */
typedef int (*PdfWriteFn)(void *ctx, const void *data, size_t len);

/* A bookmark (pdfdoc keeps its bookmarks as these, so a pack of 200,000
 * is not copied to be joined): 16 bytes, its title an index into a list
 * of titles each kept once. */
typedef struct {
    uint32_t page;          /* 0-based, over the whole document */
    float y;                /* the top of the view */
    uint32_t title;         /* in the titles passed along with the bookmarks */
    uint8_t level;          /* 1 = top */
} PdfOutline;

typedef struct {
    const char *title, *author, *subject, *creator, *producer;   /* UTF-8 or NULL */
    long long date;         /* seconds since 1970 (SOURCE_DATE_EPOCH), or -1 for none */
} PdfInfo;

typedef struct PdfJoin PdfJoin;

PdfJoin *pdfjoin_new(PdfWriteFn write, void *ctx);
void pdfjoin_free(PdfJoin *j);
/* Copy one part (a whole PDF from libharu, without outlines) to the
 * output. Returns 0, or -1 with a reason in *why (static text). */
int pdfjoin_add(PdfJoin *j, const unsigned char *pdf, size_t len, const char **why);
/* Write the page tree, outlines (each nested under the nearest earlier one
 * of a higher level; level 1 open), information, catalogue and
 * cross-reference table. Returns 0 or -1 with *why. */
int pdfjoin_finish(PdfJoin *j, const PdfInfo *info, const PdfOutline *marks, size_t n_marks,
                   const char *const *titles, const char **why);

#endif
