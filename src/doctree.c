/* doctree.c - see doctree.h. Default styles follow typesetting.md. */
#include "doctree.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

DocTree *doctree_new(void) { return xcalloc(1, sizeof(DocTree)); }

void doctree_free(DocTree *t)
{
    if (!t) return;
    arena_free(&t->arena);
    free(t->blocks);
    free(t);
}

void doctree_info(DocTree *t, const char *title, const char *author, const char *subject)
{
    t->title = title ? arena_strdup(&t->arena, title) : NULL;
    t->author = author ? arena_strdup(&t->arena, author) : NULL;
    t->subject = subject ? arena_strdup(&t->arena, subject) : NULL;
}

static Block *add(DocTree *t, BlockKind kind, const char *text)
{
    Block *b = ARRAY_PUSH(t->blocks, t->n, t->cap);
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->text = text ? arena_strdup(&t->arena, text) : NULL;
    b->role = ROLE_FS;
    b->size = 16;             /* 3号 */
    b->align = ALIGN_JUSTIFY;
    b->color = COLOR_BLACK;
    return b;
}

Block *doc_title(DocTree *t, const char *text)
{
    Block *b = add(t, BLOCK_TITLE, text);
    b->role = ROLE_XBS;
    b->size = 22;             /* 2号 */
    b->align = ALIGN_CENTER;
    return b;
}

Block *doc_heading(DocTree *t, int level, const char *text)
{
    Block *b = add(t, BLOCK_HEADING, text);
    b->level = level < 1 ? 1 : level > 4 ? 4 : level;
    b->role = b->level == 1 ? ROLE_HT : b->level == 2 ? ROLE_KT : ROLE_FS;
    b->indent = 2;
    return b;
}

Block *doc_paragraph(DocTree *t, const char *text)
{
    Block *b = add(t, BLOCK_PARAGRAPH, text);
    b->indent = 2;
    return b;
}

Block *doc_blank(DocTree *t) { return add(t, BLOCK_BLANK, NULL); }
Block *doc_page_break(DocTree *t) { return add(t, BLOCK_PAGE_BREAK, NULL); }
