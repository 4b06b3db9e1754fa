/* layoutint.h - what the layout engine's files share: the flow (where on
 * which page the next line goes), the page geometry, text measurement and
 * drawing, and each block kind's layout. layout.c is the flow core and the
 * driver; layout_table.c, layout_parts.c (GB/T 9704 parts) and
 * layout_chart.c lay out one kind each. Not an interface: only
 * typeset/layout*.c include it. */
#ifndef JINDU_LAYOUTINT_H
#define JINDU_LAYOUTINT_H

#include "typeset/layout.h"
#include "typeset/linebreak.h"
#include "pdf/font.h"
#include "pdf/pdfdoc.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BODY_SIZE 16.0           /* 三号 */
#define ERHAO_SIZE 22.0          /* 二号, the notice title's size */
#define LINES_PER_PAGE 22        /* GB/T 9704: 22 lines of 28 characters */
/* the body grid is the portrait page's on every page */
#define LINE_PITCH (MM(225) / LINES_PER_PAGE)
#define CHAR_PITCH (MM(156) / 28)
#define CHART_SHRINK 0.85        /* a chart closes up by at most 15 % to stay on its page */
#define MAX_LINE_SERIES 5        /* more series than this: the trend is set as a table */

typedef struct {
    double page_w, page_h, left, top_margin, block_w, block_h;
} Geometry;

typedef struct {
    PdfDoc *doc;
    const FontSet *fs;
    const char *label;   /* for warnings: "rmyy 工作进展情况报告" */
    int line;            /* next grid line on the current page, 0..21 */
    int page;
    bool numbered;       /* the current page gets a page number */
    bool rules_off;      /* the table being laid out has no borders */
    bool marks_only;     /* the page holds only 份号/密级/紧急程度 so far */
    const Geometry *geom;   /* the current page's: portrait, or turned for a wide table */
    bool full_punctuation;  /* @fullwidth: adjacent punctuation keeps its full widths */
    const Block *pending;   /* a chart floated below the paragraphs after it: drawn at the next page's top */
    int keep_below;         /* grid lines that must follow the block being laid out on its page (a signature's) */
    size_t break_row;       /* the table or paragraph being laid out starts a new page before this row or line (0: none) */
} Flow;

/* The page and text block of the flow's current geometry (portrait or
 * landscape). */
static inline double page_w(const Flow *fl) { return fl->geom->page_w; }
static inline double page_h(const Flow *fl) { return fl->geom->page_h; }
static inline double block_left(const Flow *fl) { return fl->geom->left; }
static inline double block_top(const Flow *fl) { return fl->geom->page_h - fl->geom->top_margin; }
static inline double block_w(const Flow *fl) { return fl->geom->block_w; }
static inline double block_h(const Flow *fl) { return fl->geom->block_h; }

typedef struct {
    const FontSet *fs;
    FontRole role;
    double size;
} Measure;

/* How a paragraph is set: its font role and size, its ink, its alignment,
 * and its first and following lines' indents in characters. */
typedef struct {
    FontRole role;
    double size;
    Cmyk color;
    Align align;
    int indent, hang;
} TextStyle;

/* How a paragraph sits among its neighbours: lines of what follows kept on
 * its page (a heading's), lines balanced (a title's), its outline level
 * (0: none). */
typedef struct {
    int keep_after;
    bool balance;
    int bookmark_level;
} ParagraphKeep;

/* ---- measuring (layout.c) ---- */
/* The linebreak callbacks over a Measure: a character's advance, its ink. */
double layout_advance_of(void *ctx, uint32_t cp);
bool layout_ink_of(void *ctx, uint32_t cp, double *left, double *right);
double layout_natural_width(const char *text, Measure *m);
double layout_min_width(const char *text, Measure *m);
double layout_text_width(Flow *fl, FontRole role, double size, const char *text);
void layout_text_extents(Flow *fl, FontRole role, double size, const char *text, double *asc, double *desc);
/* The baseline that centres a line's text box in grid line n. */
double layout_grid_baseline(Flow *fl, FontRole role, double size, const char *text, int n);
/* Is text a date and nothing else; does a line of text end inside a date
 * (2024年10 / 月15日)? */
bool layout_is_date(const char *text);
bool layout_date_split(const char *text, const Line *lines, size_t n);
/* The first grid line wholly below y. */
int layout_line_below(const Flow *fl, double y);
Cmyk layout_text_cmyk(TextColor c);
/* Text rewritten with adjacent punctuation compressed (NULL: unchanged). */
char *layout_compress_punctuation(const Flow *fl, const char *text, Measure *m);

/* ---- drawing and the flow (layout.c) ---- */
void layout_draw_line(Flow *fl, FontRole role, double size, double x, double y, const char *s, size_t len,
                      double stretch, Cmyk color);
/* Line ln of text at (x, y) in st's role, size and ink (st's alignment
 * and indents are the caller's). */
void layout_draw_text_line(Flow *fl, const TextStyle *st, double x, double y, const char *text, const Line *ln,
                           double stretch);
double layout_justify_space(const char *text, const Line *ln, double measure, double size);
void layout_new_page(Flow *fl);
void layout_paragraph_keep(Flow *fl, const char *text, const TextStyle *st, ParagraphKeep keep);

/* ---- the block kinds ---- */
void layout_table(Flow *fl, const Table *tb);                       /* layout_table.c */
/* Grid lines a table needs where it starts: its header and first rows. */
int layout_table_start_lines(Flow *fl, const Table *tb);
/* May the table be divided before its last two rows (not a form, nor
 * turned, with more than three rows)? */
bool layout_table_divisible(const Table *tb);
void layout_head_mark(Flow *fl, const Block *b);                    /* layout_parts.c */
void layout_red_header(Flow *fl, const Block *b);
void layout_doc_number(Flow *fl, const Block *b);
void layout_signature(Flow *fl, const Block *b);
void layout_attachment(Flow *fl, const Block *b);
void layout_colophon(Flow *fl, const Block *b);
void layout_chart(Flow *fl, const Block *b);                        /* layout_chart.c */
void layout_line_chart(Flow *fl, const Block *b);
double layout_chart_title_height(const Block *b);
double layout_bar_chart_height(Flow *fl, const Block *b, double *rows, double *least);
char *layout_fit_label(Flow *fl, FontRole role, double size, const char *text, double width);

#endif
