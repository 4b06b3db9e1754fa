/* pdfdoc.h - pages as lists of drawing operations, written out as PDF.
 *
 * The layout stage records what goes where (text runs in a given font file,
 * lines, rectangles); pdfdoc_render then subsets every font to exactly the
 * characters drawn, embeds the subsets through libharu, fixes libharu's
 * ToUnicode map and returns the PDF bytes. A long document is streamed
 * instead, part by part. Knows nothing of documents. */
#ifndef JINDU_PDFDOC_H
#define JINDU_PDFDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pdf/font.h"
#include "pdf/pdfjoin.h"

typedef struct {
    float c, m, y, k;
} Cmyk;

#define CMYK_BLACK ((Cmyk){ 0, 0, 0, 1 })
/* GB/T 9704-2012's red: Y80% M80% */
#define CMYK_RED ((Cmyk){ 0, 0.8f, 0.8f, 0 })
#define CMYK_GREY ((Cmyk){ 0, 0, 0, 0.45f })
/* the warning levels' 黄 (an amber that reads on white and prints as a
 * mid grey) and 蓝 */
#define CMYK_AMBER ((Cmyk){ 0, 0.45f, 1, 0.15f })
#define CMYK_BLUE ((Cmyk){ 1, 0.55f, 0, 0.15f })

#define MM(x) ((x) * 72.0 / 25.4)

typedef struct PdfDoc PdfDoc;

/* What a page is drawn with: the same list feeds every back end (this
 * PDF writer and the OFD writer, ofd/ofd.h), so each page is the same in
 * both. Points, from the page's bottom-left corner. */
typedef enum { DRAW_TEXT, DRAW_LINE, DRAW_RECT, DRAW_IMAGE } DrawKind;

typedef struct {
    uint8_t kind;                /* DrawKind */
    uint8_t role;                /* text: the FontRole it was set in (its file may be another role's) */
    bool fill;                   /* rect: filled, else stroked */
    Cmyk color;
    /* text: baseline start (x, y); line: ends (x, y)-(w, h); rect and
     * image: lower-left corner (x, y) and size (w, h) */
    float x, y, w, h, size, line_width, char_space;
    uint32_t font, len;          /* text: font file and bytes of text */
    const char *text;            /* text: UTF-8 (FONT_HALF + cp for push-in); image: the PNG's path */
} DrawOp;

/* Told of pages [first, end) of a streamed document before their drawing
 * is forgotten (a second back end writes them as they go). */
typedef void (*PdfPagesFn)(void *ctx, const PdfDoc *doc, size_t first, size_t end);

/* A document kept in memory and written at the end (pdfdoc_render). One
 * that grows past a part (300 pages) stops keeping what is drawn — its
 * pages, anchors and bookmarks are still counted — and pdfdoc_too_long
 * says so: lay it out again into a streamed document. */
PdfDoc *pdfdoc_new(const FontSet *fs);
/* A document written through write as it is laid out, in parts, each made
 * by libharu and joined (pdfjoin.h); pdfdoc_finish writes the rest. Memory
 * stays that of one part however long the document. */
PdfDoc *pdfdoc_new_streamed(const FontSet *fs, PdfWriteFn write, void *ctx);
bool pdfdoc_too_long(const PdfDoc *doc);
void pdfdoc_free(PdfDoc *doc);

void pdfdoc_set_info(PdfDoc *doc, const char *title, const char *author, const char *subject);
/* Start a new page (points). */
void pdfdoc_page(PdfDoc *doc, double width, double height);
int pdfdoc_page_count(const PdfDoc *doc);
/* Change the size of the last page (nothing drawn on it yet: it turns). */
void pdfdoc_resize_page(PdfDoc *doc, double width, double height);
/* A run of text drawn in one font file, baseline at (x, y) from the page's
 * bottom-left corner; char_space is added after every character. stroke >
 * 0: the glyphs are filled and stroked that many points wide (weight for a
 * face that has none; advances do not change). */
void pdfdoc_text(PdfDoc *doc, size_t font_file, FontRole role, double size, double x, double y, const char *utf8,
                 size_t len, double char_space, double stroke, Cmyk color);
void pdfdoc_line(PdfDoc *doc, double x1, double y1, double x2, double y2, double width, Cmyk color);
void pdfdoc_rect(PdfDoc *doc, double x, double y, double w, double h, bool fill, double line_width, Cmyk color);

/* A PNG image (transparency kept), or a JPEG, in the box with lower-left
 * (x, y). */
void pdfdoc_image(PdfDoc *doc, const char *png_path, double x, double y, double w, double h);
/* A bookmark at (page's current position) y, nested by level (1 = top). */
void pdfdoc_bookmark(PdfDoc *doc, int level, const char *title, double y);

/* Bookmarks recorded so far: how many, and the 1-based page of the i-th. */
size_t pdfdoc_bookmark_count(const PdfDoc *doc);
int pdfdoc_bookmark_page(const PdfDoc *doc, size_t i);
int pdfdoc_bookmark_level(const PdfDoc *doc, size_t i);
const char *pdfdoc_bookmark_title(const PdfDoc *doc, size_t i);
double pdfdoc_bookmark_y(const PdfDoc *doc, size_t i);

/* The document information set, NULL where none; the fonts drawn with. */
const char *pdfdoc_title(const PdfDoc *doc);
const char *pdfdoc_author(const PdfDoc *doc);
const char *pdfdoc_subject(const PdfDoc *doc);

/* Reading the drawing back. A document kept whole has every page's; a
 * streamed one only the pages of the part being written (in on_pages). */
bool pdfdoc_has_drawing(const PdfDoc *doc);
/* Page's size (points) and its operations, in drawing order; NULL with
 * n_ops 0 when the page is not kept. */
const DrawOp *pdfdoc_page_drawing(const PdfDoc *doc, size_t page, size_t *n_ops, double *width, double *height);
void pdfdoc_on_pages(PdfDoc *doc, PdfPagesFn fn, void *ctx);

/* Remember the current page under id (where the parts of a pack start). */
void pdfdoc_anchor(PdfDoc *doc, size_t id);
/* The 1-based page of anchor id; 0 when it was never placed. */
int pdfdoc_anchor_page(const PdfDoc *doc, size_t id);

/* Write the PDF. Returns 0 and malloc'd bytes, or -1 with a message in
 * err (static text or libharu's error code). */
int pdfdoc_render(PdfDoc *doc, unsigned char **out, size_t *len, char *err, size_t err_len);
/* A streamed document: write the last part and the end of the PDF.
 * Returns 0, or -1 with a message in err. */
int pdfdoc_finish(PdfDoc *doc, char *err, size_t err_len);

#endif
