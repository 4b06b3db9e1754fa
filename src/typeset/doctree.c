/* doctree.c - see doctree.h. Default styles follow typesetting.md. */
#include "typeset/doctree.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>

DocTree *doctree_new(void) { return xcalloc(1, sizeof(DocTree)); }

void doctree_free(DocTree *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->n; i++)
        if (t->blocks[i].table) {
            free(t->blocks[i].table->cells);
            free(t->blocks[i].table->row_color);
            free(t->blocks[i].table->row_min_lines);
            free(t->blocks[i].table->cell_bold);
        }
    for (size_t i = 0; i < t->n; i++)
        if (t->blocks[i].chart) {
            Chart *c = t->blocks[i].chart;
            free(c->labels);
            free(c->values);
            free(c->markers);
            free(c->colors);
            free(c->series_names);
            free(c->series_values);
        }
    if (t->parts.release) t->parts.release(t->parts.ctx);
    arena_free(&t->arena);
    free(t->blocks);
    free(t);
}

void doctree_shrink(DocTree *t)
{
    if (t->n == t->cap) return;
    t->blocks = xrealloc(t->blocks, (t->n + 1) * sizeof *t->blocks);
    t->cap = t->n + 1;
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

void doc_text_append(DocTree *t, size_t block, const char *sep, const char *more)
{
    Block *b = &t->blocks[block];
    size_t a = strlen(b->text), s = strlen(sep), m = strlen(more);
    char *text = arena_alloc(&t->arena, a + s + m + 1);
    memcpy(text, b->text, a);
    memcpy(text + a, sep, s);
    memcpy(text + a + s, more, m + 1);
    b->text = text;
}

Block *doc_blank(DocTree *t) { return add(t, BLOCK_BLANK, NULL); }
Block *doc_page_break(DocTree *t) { return add(t, BLOCK_PAGE_BREAK, NULL); }
Block *doc_odd_page(DocTree *t) { return add(t, BLOCK_ODD_PAGE, NULL); }

Block *doc_part(DocTree *t, size_t n)
{
    Block *b = add(t, BLOCK_PART, NULL);
    b->anchor = n;
    return b;
}

Block *doc_anchor(DocTree *t, size_t id)
{
    Block *b = add(t, BLOCK_ANCHOR, NULL);
    b->anchor = id;
    return b;
}

void doc_table_set_cell(DocTree *t, Block *b, size_t row, size_t col, const char *text)
{
    Table *tb = b->table;
    if (!tb || row >= tb->n_rows || col >= tb->n_cols) return;
    tb->cells[row * tb->n_cols + col] = text ? arena_strdup(&t->arena, text) : NULL;
}

Block *doc_table(DocTree *t, size_t n_cols, size_t header_rows)
{
    Block *b = add(t, BLOCK_TABLE, NULL);
    Table *tb = arena_alloc(&t->arena, sizeof *tb);
    tb->n_cols = n_cols ? n_cols : 1;
    tb->header_rows = header_rows;
    tb->cols = arena_alloc(&t->arena, tb->n_cols * sizeof *tb->cols);
    for (size_t c = 0; c < tb->n_cols; c++) tb->cols[c].align = ALIGN_LEFT;
    tb->role = ROLE_FS;
    tb->header_role = ROLE_HT;
    tb->size = 12;            /* 小4 */
    b->table = tb;
    return b;
}

void doc_table_column(Block *b, size_t col, WidthKind kind, double value, Align align)
{
    if (!b->table || col >= b->table->n_cols) return;
    b->table->cols[col].kind = kind;
    b->table->cols[col].value = value;
    b->table->cols[col].align = align;
}

void doc_table_row(DocTree *t, Block *b, const char *const *cells, TextColor color)
{
    doc_table_row_lines(t, b, cells, color, 1);
}

void doc_table_row_lines(DocTree *t, Block *b, const char *const *cells, TextColor color, int min_lines)
{
    Table *tb = b->table;
    if (!tb) return;
    size_t cap = tb->cap_rows;
    grow_array((void **)&tb->row_min_lines, &cap, tb->n_rows + 1, sizeof *tb->row_min_lines);
    tb->row_min_lines[tb->n_rows] = min_lines < 1 ? 1 : min_lines;
    grow_array((void **)&tb->row_color, &tb->cap_rows, tb->n_rows + 1, sizeof *tb->row_color);
    size_t cap_cells = tb->cap_cells;
    grow_array((void **)&tb->cells, &tb->cap_cells, (tb->n_rows + 1) * tb->n_cols, sizeof *tb->cells);
    if (tb->cell_bold && tb->cap_cells != cap_cells) tb->cell_bold = xrealloc(tb->cell_bold, tb->cap_cells);
    for (size_t c = 0; c < tb->n_cols; c++)
        tb->cells[tb->n_rows * tb->n_cols + c] = cells[c] ? arena_strdup(&t->arena, cells[c]) : NULL;
    tb->row_color[tb->n_rows] = color;
    if (tb->cell_bold) memset(tb->cell_bold + tb->n_rows * tb->n_cols, 0, tb->n_cols);   /* as cells, once one is bold */
    tb->n_rows++;
}

#define CELL_BOLD 1u
#define CELL_COLORED 8u

/* Set style bits of the last row's cell c. */
static void cell_style(Block *b, size_t c, unsigned bits)
{
    Table *tb = b->table;
    if (!tb || tb->n_rows == 0 || c >= tb->n_cols) return;
    if (!tb->cell_bold) tb->cell_bold = xcalloc(tb->cap_cells, 1);
    tb->cell_bold[(tb->n_rows - 1) * tb->n_cols + c] |= (unsigned char)bits;
}

void doc_table_cell_bold(Block *b, size_t c) { cell_style(b, c, CELL_BOLD); }

void doc_table_cell_color(Block *b, size_t c, TextColor color) { cell_style(b, c, CELL_COLORED | (unsigned)color << 1); }

FontRole doc_table_cell_role(const Table *tb, size_t r, size_t c)
{
    if (r < tb->header_rows) return tb->header_role;
    return tb->cell_bold && (tb->cell_bold[r * tb->n_cols + c] & CELL_BOLD) ? ROLE_HT : tb->role;
}

TextColor doc_table_cell_text_color(const Table *tb, size_t r, size_t c)
{
    unsigned style = tb->cell_bold ? tb->cell_bold[r * tb->n_cols + c] : 0;
    return style & CELL_COLORED ? (TextColor)(style >> 1 & 3u) : tb->row_color[r];
}

Block *doc_head_mark(DocTree *t, int kind, const char *text)
{
    Block *b = add(t, BLOCK_HEAD_MARK, text);
    b->level = kind;
    b->role = kind == 0 ? ROLE_FS : ROLE_HT;
    b->align = ALIGN_LEFT;
    return b;
}

Block *doc_red_header(DocTree *t, const char *text)
{
    Block *b = add(t, BLOCK_RED_HEADER, text);
    b->role = ROLE_XBS;
    b->size = 42;             /* 初号 at most; layout shrinks it to fit one line */
    b->align = ALIGN_CENTER;
    b->color = COLOR_RED;
    return b;
}

Block *doc_number(DocTree *t, const char *text)
{
    Block *b = add(t, BLOCK_DOC_NUMBER, text);
    b->align = ALIGN_CENTER;
    return b;
}

Block *doc_signature(DocTree *t, const char *signer, const char *date)
{
    Block *b = add(t, BLOCK_SIGNATURE, signer);
    b->text2 = date ? arena_strdup(&t->arena, date) : NULL;
    return b;
}

Block *doc_attachment(DocTree *t, const char *label, const char *title)
{
    Block *b = add(t, BLOCK_ATTACHMENT, label);
    b->text2 = title ? arena_strdup(&t->arena, title) : NULL;
    return b;
}

Block *doc_colophon(DocTree *t, const char *cc, const char *office, const char *date)
{
    Block *b = add(t, BLOCK_COLOPHON, cc);
    b->text2 = office ? arena_strdup(&t->arena, office) : NULL;
    b->text3 = date ? arena_strdup(&t->arena, date) : NULL;
    b->size = 14;             /* 4号 */
    return b;
}

Block *doc_chart(DocTree *t, double max, const char *unit, const char *value_name, const char *marker_name)
{
    Block *b = add(t, BLOCK_CHART, NULL);
    Chart *c = arena_alloc(&t->arena, sizeof *c);
    c->max = max > 0 ? max : 100;
    c->decimals = -1;
    c->unit = unit ? arena_strdup(&t->arena, unit) : "";
    c->value_name = value_name ? arena_strdup(&t->arena, value_name) : NULL;
    c->marker_name = marker_name ? arena_strdup(&t->arena, marker_name) : NULL;
    b->chart = c;
    b->size = 10.5;           /* 5号 */
    b->role = ROLE_ST;
    return b;
}

void doc_chart_bar(DocTree *t, Block *b, const char *label, double value, double marker, TextColor color)
{
    Chart *c = b->chart;
    if (!c) return;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->labels = xrealloc(c->labels, c->cap * sizeof *c->labels);
        c->values = xrealloc(c->values, c->cap * sizeof *c->values);
        c->markers = xrealloc(c->markers, c->cap * sizeof *c->markers);
        c->colors = xrealloc(c->colors, c->cap * sizeof *c->colors);
    }
    c->labels[c->n] = arena_strdup(&t->arena, label ? label : "");
    c->values[c->n] = value;
    c->markers[c->n] = marker;
    c->colors[c->n] = color;
    c->n++;
}

Block *doc_line_chart(DocTree *t, const char *const *categories, size_t n, double max, const char *unit)
{
    Block *b = doc_chart(t, max, unit, NULL, NULL);
    Chart *c = b->chart;
    c->kind = CHART_LINES;
    for (size_t i = 0; i < n; i++) doc_chart_bar(t, b, categories[i], 0, 0, COLOR_BLACK);
    return b;
}

void doc_line_series(DocTree *t, Block *b, const char *name, const double *values)
{
    Chart *c = b->chart;
    if (!c || c->kind == CHART_BARS) return;
    c->series_names = xrealloc(c->series_names, (c->n_series + 1) * sizeof *c->series_names);
    c->series_values = xrealloc(c->series_values, (c->n_series + 1) * c->n * sizeof *c->series_values);
    c->series_names[c->n_series] = arena_strdup(&t->arena, name ? name : "");
    for (size_t i = 0; i < c->n; i++) c->series_values[c->n_series * c->n + i] = values[i];
    c->n_series++;
}

static const char *copy_str(DocTree *t, const char *s) { return s ? arena_strdup(&t->arena, s) : NULL; }

void doctree_append(DocTree *dst, const DocTree *src)
{
    for (size_t i = 0; i < src->n; i++) {
        const Block *from = &src->blocks[i];
        Block *b = ARRAY_PUSH(dst->blocks, dst->n, dst->cap);
        *b = *from;
        b->text = copy_str(dst, from->text);
        b->text2 = copy_str(dst, from->text2);
        b->text3 = copy_str(dst, from->text3);
        if (from->table) {
            const Table *ft = from->table;
            b->table = NULL;
            Block *nb = doc_table(dst, ft->n_cols, ft->header_rows);
            Table *tb = nb->table;
            dst->n--;                       /* doc_table appended a block; keep ours */
            b = &dst->blocks[dst->n - 1];
            b->table = tb;
            memcpy(tb->cols, ft->cols, ft->n_cols * sizeof *tb->cols);
            tb->role = ft->role;
            tb->header_role = ft->header_role;
            tb->size = ft->size;
            tb->no_rules = ft->no_rules;
            for (size_t r = 0; r < ft->n_rows; r++) {
                doc_table_row_lines(dst, b, ft->cells + r * ft->n_cols, ft->row_color[r], ft->row_min_lines[r]);
                for (size_t c = 0; ft->cell_bold && c < ft->n_cols; c++)
                    if (ft->cell_bold[r * ft->n_cols + c]) cell_style(b, c, ft->cell_bold[r * ft->n_cols + c]);
            }
        }
        if (from->chart) {
            const Chart *fc = from->chart;
            Block *nb = doc_chart(dst, fc->max, fc->unit, fc->value_name, fc->marker_name);
            Chart *c = nb->chart;
            dst->n--;
            b = &dst->blocks[dst->n - 1];
            b->chart = c;
            for (size_t k = 0; k < fc->n; k++)
                doc_chart_bar(dst, b, fc->labels[k], fc->values[k], fc->markers[k], fc->colors[k]);
            c->kind = fc->kind;
            for (size_t sr = 0; sr < fc->n_series; sr++)
                doc_line_series(dst, b, fc->series_names[sr], fc->series_values + sr * fc->n);
        }
    }
}
