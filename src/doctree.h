/* doctree.h - the document tree: what a document says, block by block.
 *
 * Templates (or, until they land, built-in builders) produce it; the layout
 * engine turns it into pages. It is the only language between the two:
 * no figures, tasks or institutions here, and no PDF either. */
#ifndef JINDU_DOCTREE_H
#define JINDU_DOCTREE_H

#include <stddef.h>
#include "arena.h"
#include "font.h"

typedef enum {
    BLOCK_TITLE,        /* document title: 2号 小标宋, centred */
    BLOCK_HEADING,      /* levels 1-4: 一、 黑体, （一） 楷体, 1. and （1） 仿宋 */
    BLOCK_PARAGRAPH,    /* body text on the grid */
    BLOCK_BLANK,        /* one empty grid line */
    BLOCK_PAGE_BREAK,
    BLOCK_TABLE,        /* rows of cells; header rows repeat after a page break */
} BlockKind;

typedef enum { ALIGN_JUSTIFY, ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT } Align;
typedef enum { COLOR_BLACK, COLOR_RED } TextColor;

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
    size_t n_rows, cap_rows, cap_cells;
    FontRole role, header_role;
    double size;            /* points; default 小4 (12) */
} Table;

typedef struct {
    BlockKind kind;
    const char *text;       /* UTF-8; NULL for blank and page break */
    int level;              /* headings */
    int indent;             /* first-line indent in characters */
    Align align;
    TextColor color;
    FontRole role;
    double size;            /* points */
    Table *table;           /* BLOCK_TABLE */
} Block;

typedef struct {
    Arena arena;
    Block *blocks;
    size_t n, cap;
    const char *title, *author, *subject;   /* document info */
} DocTree;

DocTree *doctree_new(void);
void doctree_free(DocTree *t);
void doctree_info(DocTree *t, const char *title, const char *author, const char *subject);

/* Builders; text is copied into the tree's arena. Each returns the block
 * so a caller may adjust its style. */
Block *doc_title(DocTree *t, const char *text);
Block *doc_heading(DocTree *t, int level, const char *text);
Block *doc_paragraph(DocTree *t, const char *text);
Block *doc_blank(DocTree *t);
Block *doc_page_break(DocTree *t);
/* A table of n_cols columns (all WIDTH_AUTO, left-aligned until set) whose
 * first header_rows rows are headers. */
Block *doc_table(DocTree *t, size_t n_cols, size_t header_rows);
void doc_table_column(Block *table, size_t col, WidthKind kind, double value, Align align);
/* Append a row of n_cols cells (copied; NULL for empty). */
void doc_table_row(DocTree *t, Block *table, const char *const *cells, TextColor color);

#endif
