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
} BlockKind;

typedef enum { ALIGN_JUSTIFY, ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT } Align;
typedef enum { COLOR_BLACK, COLOR_RED } TextColor;

typedef struct {
    BlockKind kind;
    const char *text;       /* UTF-8; NULL for blank and page break */
    int level;              /* headings */
    int indent;             /* first-line indent in characters */
    Align align;
    TextColor color;
    FontRole role;
    double size;            /* points */
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

#endif
