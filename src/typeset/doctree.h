/* doctree.h - the document tree: what a document says, block by block.
 *
 * Templates (or, until they land, built-in builders) produce it; the layout
 * engine turns it into pages. It is the only language between the two:
 * no figures, tasks or institutions here, and no PDF either. */
#ifndef JINDU_DOCTREE_H
#define JINDU_DOCTREE_H

#include <stdbool.h>
#include <stddef.h>
#include "base/arena.h"
#include "pdf/font.h"

typedef enum {
    BLOCK_TITLE,        /* document title: 2号 小标宋, centred */
    BLOCK_HEADING,      /* levels 1-4: 一、 黑体, （一） 楷体, 1. and （1） 仿宋 */
    BLOCK_PARAGRAPH,    /* body text on the grid */
    BLOCK_BLANK,        /* one empty grid line */
    BLOCK_PAGE_BREAK,
    BLOCK_ODD_PAGE,     /* continue on the next odd page (a blank, unnumbered page between if needed) */
    BLOCK_TABLE,        /* rows of cells; header rows repeat after a page break */
    BLOCK_CHART,        /* horizontal bars, optionally with a marker each (progress against expected) */
    /* the official-document parts (GB/T 9704-2012) */
    BLOCK_HEAD_MARK,    /* 份号, 密级和保密期限, 紧急程度: flush left on the first lines, above the header */
    BLOCK_RED_HEADER,   /* 发文机关标志: red 小标宋 on one line, its top 35 mm into the block */
    BLOCK_DOC_NUMBER,   /* 发文字号 two lines below the header, red line 4 mm below it */
    BLOCK_SIGNATURE,    /* 署名 centred over the 成文日期, which is four characters in from the right */
    BLOCK_ATTACHMENT,   /* a new page: 附件N flush left, its title centred on the third line */
    BLOCK_COLOPHON,     /* 版记: 抄送 and 印发 lines at the foot of the last (even) page */
    BLOCK_ANCHOR,       /* nothing drawn: the layout remembers its page (contents of a pack) */
    BLOCK_PART,         /* another document's blocks, made only when the layout reaches them (DocParts) */
} BlockKind;

typedef enum { ALIGN_JUSTIFY, ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT } Align;
/* Text colours: black, the red of GB/T 9704, and the amber and blue of the
 * warning levels (黄 and 蓝; amber because yellow text does not read). */
typedef enum { COLOR_BLACK, COLOR_RED, COLOR_AMBER, COLOR_BLUE } TextColor;

/* Column width: WIDTH_FIXED in mm, WIDTH_RELATIVE a share of what is left,
 * WIDTH_AUTO from the content. */
typedef enum { WIDTH_AUTO, WIDTH_FIXED, WIDTH_RELATIVE } WidthKind;

typedef struct {
    WidthKind kind;
    double value;           /* mm for FIXED, weight for RELATIVE */
    Align align;
} TableColumn;

typedef struct {
    size_t n_cols, header_rows;
    TableColumn *cols;
    const char **cells;     /* row-major, n_rows * n_cols; NULL is an empty cell */
    TextColor *row_color;
    int *row_min_lines;     /* at least this many lines per row (room to write by hand) */
    unsigned char *cell_bold;  /* row-major like cells, a cell's own style: bit 0 sets it in 黑体, bits 1-2
                                  its colour (TextColor) instead of the row's when bit 3 is set; NULL while
                                  no cell has one */
    size_t n_rows, cap_rows, cap_cells;
    FontRole role, header_role;
    double size;            /* points; default 小4 (12) */
    bool no_rules;          /* no borders (a table of contents) */
    bool leaders;           /* dot leaders from each row's first cell to its last (a table of contents) */
    bool landscape;         /* on pages of their own, turned (a wide table) */
} Table;

/* CHART_GROUPED and CHART_STACKED: one row per label, one bar (or one
 * segment) per series, values in series_values like CHART_LINES. */
typedef enum { CHART_BARS, CHART_LINES, CHART_GROUPED, CHART_STACKED } ChartKind;

typedef struct {
    ChartKind kind;
    /* CHART_LINES: categories along x (labels), series drawn as lines over
     * them; series_values[s * n + i], NaN where a series has no value */
    size_t n_series;
    const char **series_names;
    double *series_values;
    size_t n, cap;
    const char **labels;
    double *values;
    double *markers;        /* NaN: no marker for that bar */
    TextColor *colors;
    double max;             /* axis maximum (100 for percentages) */
    const char *unit;       /* appended to value labels, e.g. "%" */
    const char *value_name, *marker_name;   /* legend; NULL for none */
    const char *red_name;   /* legend: what a red bar means; NULL for none */
    int decimals;           /* of value labels: 0–2, or -1: one when any value needs it */
} Chart;

typedef struct {
    BlockKind kind;
    const char *text;       /* UTF-8; NULL for blank and page break */
    int level;              /* headings */
    int indent;             /* first-line indent in characters */
    int hang;               /* indent of the following lines, in characters */
    bool keep_with_next;    /* on the same page as what follows (the lines before a signature) */
    Align align;
    TextColor color;
    FontRole role;
    double size;            /* points */
    Table *table;           /* BLOCK_TABLE */
    Chart *chart;           /* BLOCK_CHART */
    const char *text2;      /* SIGNATURE: the date; ATTACHMENT: its title;
                               COLOPHON: 印发机关 (text is the 抄送 list) */
    const char *text3;      /* COLOPHON: 印发日期; SIGNATURE: a seal PNG or NULL */
    size_t anchor;          /* ANCHOR: its id; PART: the part's number for DocParts.make */
} Block;

/* Where the parts of a tree come from. A meeting pack of 10,000 reports
 * would hold every report's blocks at once; instead each report is a
 * BLOCK_PART, made when the layout reaches it, laid out and freed, so the
 * layout holds one report at a time (and makes each again on every pass).
 * A part's keep rules (headings with what follows, signature groups) do
 * not reach past its edges. */
typedef struct {
    /* the blocks of part n (no BLOCK_PART among them), or NULL when it
     * cannot be made (the maker has reported why); the caller frees it */
    struct DocTree *(*make)(void *ctx, size_t n);
    void (*release)(void *ctx);   /* with the tree */
    void *ctx;
} DocParts;

typedef struct DocTree {
    Arena arena;
    Block *blocks;
    size_t n, cap;
    const char *title, *author, *subject;   /* document info */
    bool cover;             /* the first page is a cover: no page number */
    bool duplex;            /* printed two-sided: ends on an even page (a blank one added, unnumbered) */
    bool full_punctuation;  /* @fullwidth: adjacent punctuation keeps its full widths mid-line */
    bool has_contents;      /* blocks[contents] is a table of contents: row i points at anchor i,
                               its last column the page, filled in after a first layout */
    size_t contents;
    DocParts parts;         /* for BLOCK_PART; make is NULL when the tree has none */
} DocTree;

DocTree *doctree_new(void);
void doctree_free(DocTree *t);
void doctree_info(DocTree *t, const char *title, const char *author, const char *subject);
/* Give back the room its arrays grew for (a summary of 10,000
 * institutions doubled its way to 25 MB of blocks). */
void doctree_shrink(DocTree *t);
/* Append a copy of every block of src to dst. */
void doctree_append(DocTree *dst, const DocTree *src);

/* Builders; text is copied into the tree's arena. Each returns the block
 * so a caller may adjust its style. */
Block *doc_title(DocTree *t, const char *text);
Block *doc_heading(DocTree *t, int level, const char *text);
Block *doc_paragraph(DocTree *t, const char *text);
/* Block `block` (one with text) continues: its text gets sep and more. */
void doc_text_append(DocTree *t, size_t block, const char *sep, const char *more);
Block *doc_blank(DocTree *t);
Block *doc_page_break(DocTree *t);
Block *doc_odd_page(DocTree *t);
Block *doc_anchor(DocTree *t, size_t id);
/* Part n of t->parts, laid out here. */
Block *doc_part(DocTree *t, size_t n);
/* A bar chart on an axis from 0 to max; unit is appended to value labels.
 * value_name and marker_name label the legend (NULL: no legend entry). */
Block *doc_chart(DocTree *t, double max, const char *unit, const char *value_name, const char *marker_name);
/* A line chart over the given category labels (e.g. quarters), 0..max. */
Block *doc_line_chart(DocTree *t, const char *const *categories, size_t n, double max, const char *unit);
/* One series: n values (NaN where there is none). */
void doc_line_series(DocTree *t, Block *chart, const char *name, const double *values);
/* A bar; marker is NaN for none. */
void doc_chart_bar(DocTree *t, Block *chart, const char *label, double value, double marker, TextColor color);
/* kind: 0 份号 (digits), 1 密级和保密期限, 2 紧急程度 */
Block *doc_head_mark(DocTree *t, int kind, const char *text);
Block *doc_red_header(DocTree *t, const char *text);
Block *doc_number(DocTree *t, const char *text);
Block *doc_signature(DocTree *t, const char *signer, const char *date);
Block *doc_attachment(DocTree *t, const char *label, const char *title);
/* cc: the bodies already joined ("甲，乙。"), or NULL for none */
Block *doc_colophon(DocTree *t, const char *cc, const char *office, const char *date);
/* A table of n_cols columns (all WIDTH_AUTO, left-aligned until set) whose
 * first header_rows rows are headers. */
Block *doc_table(DocTree *t, size_t n_cols, size_t header_rows);
void doc_table_column(Block *table, size_t col, WidthKind kind, double value, Align align);
/* Append a row of n_cols cells (copied; NULL for empty). */
void doc_table_row(DocTree *t, Block *table, const char *const *cells, TextColor color);
/* The same with a row at least min_lines lines tall. */
void doc_table_row_lines(DocTree *t, Block *table, const char *const *cells, TextColor color, int min_lines);
/* The last row's cell c in bold (黑体), as `@cell(bold)` asks. */
void doc_table_cell_bold(Block *b, size_t c);
/* The last row's cell c in its own colour, as `@cell(red)` asks: a mark on
 * one cell, not the whole row. */
void doc_table_cell_color(Block *b, size_t c, TextColor color);
/* The colour of cell (r, c): its own, else its row's. */
TextColor doc_table_cell_text_color(const Table *tb, size_t r, size_t c);
/* The font of cell (r, c): the header's, bold, or the table's. */
FontRole doc_table_cell_role(const Table *tb, size_t r, size_t c);
/* Replace one cell's text. */
void doc_table_set_cell(DocTree *t, Block *table, size_t row, size_t col, const char *text);

#endif
