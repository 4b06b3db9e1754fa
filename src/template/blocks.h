/* blocks.h - the block layer: the text a template produced, read line by
 * line into a document tree (doctree.h).
 *
 *   @title 关于……的报告          a directive: @name, options in (), then text
 *   # 一、总体情况                headings # to ####
 *   正文……                        any other line is a paragraph
 *   @table(header=1) … @end        rows as | a | b |
 *
 * templates/README.md is the full reference. Values a template prints are
 * escaped (blocks_escape) so that data can never start a directive or add
 * a table cell. Errors point at the template line that made the line. */
#ifndef JINDU_BLOCKS_H
#define JINDU_BLOCKS_H

#include "typeset/doctree.h"
#include "template/tpl.h"

typedef struct {
    /* @document KIND ID: the tree of that part (NULL: not made, reported) */
    DocTree *(*document)(void *ctx, const char *kind, const char *id, SrcPos where);
    /* Or, when set, a part made later (BLOCK_PART): checked and numbered
     * now, -1 when it cannot be made (reported); the caller gives the
     * tree its DocParts */
    long (*document_ref)(void *ctx, const char *kind, const char *id, SrcPos where);
    void *ctx;
    const char *seal_png;   /* put on @signature; NULL for none */
    bool seal_broken;       /* seal_png cannot be used: a sealed @signature is an error */
} BlockEnv;

/* The TplEscape for the block layer: \ | @ # are escaped with \, line
 * breaks inside a value join the text (no space between Chinese characters). */
void blocks_escape(Buf *out, const char *s, size_t len);

/* The document tree, or NULL when the text has errors (all reported). */
DocTree *blocks_build(const TplOutput *o, const BlockEnv *env);

/* Check one template line that is literal text, as far as it can be
 * checked alone: a directive's name, options, their values and its fields
 * (rows, @end, @columns and @document wait for the output). Reports at
 * pos; false when the line is wrong. For tplset_check_lines, so that a
 * wrong line fails in a branch no data reaches. */
bool blocks_check_line(const char *line, size_t len, SrcPos pos);

/* After a first layout: write the page of each contents entry (the page of
 * anchor i, as pages[i]) into the contents table. */
void blocks_fill_contents(DocTree *t, const int *pages, size_t n);
size_t blocks_contents_count(const DocTree *t);

#endif
