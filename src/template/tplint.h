/* tplint.h - what the template language's files share: the parsed
 * template (nodes and expressions), the template set, and two helpers.
 * tpl_lex.c cuts a file into pieces and tokens, tpl.c parses and loads, tpl_eval.c runs, tpl_check.c checks names and
 * lines. Not an interface: only template/tpl*.c include it. */
#ifndef JINDU_TPLINT_H
#define JINDU_TPLINT_H

#include "template/tpl.h"
#include "template/filters.h"
#include "base/strmap.h"
#include "base/util.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>

/* ------------------------------------------------------------------ */
/* structures */

typedef enum { E_LIT, E_NAME, E_ATTR, E_INDEX, E_FILTER, E_NEG, E_NOT, E_BINARY, E_AND, E_OR, E_COND, E_LIST, E_CALL } ExprKind;

typedef enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD, OP_CAT, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_IN, OP_NOT_IN } BinOp;

typedef struct Expr Expr;
struct Expr {
    ExprKind kind;
    SrcPos pos;
    const char *quote;        /* the whole tag, for messages */
    Value *lit;               /* E_LIT */
    const char *name;         /* E_NAME, E_ATTR, E_FILTER */
    BinOp op;
    Expr *a, *b, *c;
    Expr **args;              /* E_FILTER arguments, E_LIST items */
    size_t n_args;
    const FilterDef *filter;
    const struct Node *macro;  /* E_CALL: the macro, found when the file is read */
};

typedef enum { N_TEXT, N_OUTPUT, N_IF, N_FOR, N_SET, N_INCLUDE, N_MACRO } NodeKind;

typedef struct Node Node;
struct Node {
    NodeKind kind;
    SrcPos pos;
    Node *next;
    const char *text;         /* N_TEXT: points into the file */
    size_t len;
    Expr *expr;               /* OUTPUT, IF condition, FOR list, SET value */
    const char *name;         /* FOR variable, SET name, MACRO name */
    const char **params;      /* MACRO parameters */
    size_t n_params;
    Node *body, *other;       /* IF then/else; FOR body/else */
    Template *include;
};

struct Template {
    char *name, *path;
    char *src;
    size_t len;
    size_t *line_start;
    size_t n_lines;
    Node *body;
    bool loading, failed;
    bool lines_checked;       /* tplset_check_lines has seen it */
};

struct TplSet {
    char *dir, *real_dir;
    TplEscape escape;
    Arena arena;              /* nodes and expressions */
    Template **files;
    size_t n_files, cap_files;
    PatternCache *patterns;
    pcre2_code *token_re;
    pcre2_match_data *token_md;
    int depth;
};


/* ---- the parser's state, its pieces and tokens (tpl_lex.c) ---- */

typedef enum { P_TEXT, P_OUTPUT, P_STMT, P_COMMENT } PieceKind;

typedef enum { T_NUM, T_NAME, T_STR, T_OP, T_END } TokKind;

typedef struct Token {
    TokKind kind;
    size_t off, len;          /* in the file */
    Value *value;             /* numbers and strings */
} Token;

typedef struct {
    PieceKind kind;
    size_t start, len;            /* text, or the whole tag with its delimiters */
    size_t inner, inner_len;      /* between the delimiters and '-' markers */
} Piece;

typedef struct {
    TplSet *set;
    Template *t;
    Piece *pieces;
    size_t n, cap, at;
    /* the tag being parsed */
    const char *quote;
    struct Token *tok;
    size_t n_tok, cap_tok, ti;
    bool failed;                  /* this tag had an error already */
    int nest, block_nest;         /* expression and block depth: bounded, the parser recurses */
    int errors;                   /* reported in this file */
    bool in_macro;
} Parser;

/* Depths no sensible template reaches; a hostile one must not exhaust the stack. */
#define MAX_EXPR_NEST 200
#define MAX_BLOCK_NEST 100
#define MAX_ERRORS_SHOWN 50

extern const char TPL_TOKEN_PATTERN[];
SrcPos tpl_pos_at(const Template *t, size_t off);
void tpl_index_lines(Template *t);
const char *tpl_quote_of(TplSet *s, const char *p, size_t n);
void tpl_perr(Parser *p, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void tpl_cut_pieces(Parser *p);
bool tpl_tokenize(Parser *p, size_t inner, size_t inner_len);
Token *tpl_peek(Parser *p);
bool tpl_tok_is(const Parser *p, const Token *t, const char *text);
bool tpl_accept(Parser *p, const char *text);
const char *tpl_tok_text(Parser *p, const Token *t);
bool tpl_expect(Parser *p, const char *text);

static inline bool tpl_is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* How an expression reads in a message ("institution.name"). */
const char *tpl_describe(const Expr *e);

#endif
