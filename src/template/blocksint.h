/* blocksint.h - what the block layer's files share (blocks.c reads the
 * lines and runs the directives, blockopts.c reads a directive's fields and
 * options): the reader's state and the helpers. Not an interface: only
 * template/blocks*.c include it. */
#ifndef JINDU_BLOCKSINT_H
#define JINDU_BLOCKSINT_H

#include "template/blocks.h"

#include <stdbool.h>
#include <stddef.h>

#define MAX_FIELDS 64
#define MAX_OPTIONS 16

typedef struct {
    char *key, *value;    /* value NULL for a bare flag */
    bool used;
} Option;

typedef struct {
    const TplOutput *out;     /* NULL: one template line, checked alone at `at` */
    SrcPos at;
    const BlockEnv *env;
    DocTree *tree;
    int errors;
    /* the current line */
    size_t line_off;
    const char *quote;
    /* an open table or chart */
    Block *open;
    SrcPos open_pos;
    bool open_is_chart, chart_lines, chart_series, have_cols, have_categories;
    char **series;           /* grouped and stacked bars: the series, from the first row */
    size_t n_series;
    double *values;          /* and each row's values, row by row */
    size_t n_values, cap_values;
    size_t n_cols;
    bool seen_title, seen_header;
    int head_marks;          /* 份号 1, 密级 2, 紧急程度 3: the last one given */
    size_t n_anchors;
    long para;               /* the paragraph a plain next line continues, or -1 */
} Reader;

SrcPos blk_pos_of(const Reader *r, size_t off);
void blk_err_at(Reader *r, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
size_t blk_bold_marks(const char *s, size_t n);
char *blk_unescape(const char *s, size_t n);
size_t blk_directive_name_end(const char *s, size_t n);
size_t blk_split_fields(const char *s, size_t n, char **fields, bool *at);
void blk_free_fields(char **f, size_t n);
size_t blk_parse_options(Reader *r, const char *s, size_t n, Option *opt, size_t *n_opt);
void blk_free_options(Option *opt, size_t n);
Option *blk_find_option(Option *opt, size_t n, const char *key);
bool blk_flag_option(Option *opt, size_t n, const char *key);
bool blk_switch_option(Reader *r, Option *opt, size_t n, const char *key);
bool blk_number_option(Reader *r, Option *opt, size_t n, const char *key, double lo, double hi, double *out);
bool blk_align_word(const char *w, Align *a);
bool blk_color_word(const char *w, TextColor *c);
void blk_style_options(Reader *r, Block *b, Option *opt, size_t n);
void blk_unused_options(Reader *r, const char *name, Option *opt, size_t n);
bool blk_parse_number(const char *s, double *x);
#define ERR(r, ...) blk_err_at((r), (r)->line_off, __VA_ARGS__)

#endif
