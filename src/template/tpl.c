/* tpl.c - see tpl.h.
 *
 * Three steps: the file is cut into pieces (text, {{ }}, {% %}, {# #}) with
 * the whitespace rules applied; each tag is tokenised with one PCRE2
 * pattern; a recursive-descent parser builds nodes and expressions. The
 * evaluator walks the nodes with a stack of names. */
#include "template/tpl.h"
#include "template/filters.h"
#include "base/strmap.h"
#include "base/utf8.h"
#include "base/util.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* ------------------------------------------------------------------ */
/* positions */

static SrcPos pos_at(const Template *t, size_t off)
{
    size_t lo = 0, hi = t->n_lines;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (t->line_start[mid] <= off) lo = mid;
        else hi = mid;
    }
    int col = 1;
    for (size_t i = t->line_start[lo]; i < off && i < t->len; i += utf8_len(t->src + i)) col++;
    SrcPos p = { t->path, (int)lo + 1, col };
    return p;
}

static void index_lines(Template *t)
{
    size_t n = 1;
    for (size_t i = 0; i < t->len; i++) n += t->src[i] == '\n';
    t->line_start = xmalloc(n * sizeof *t->line_start);
    t->line_start[0] = 0;
    t->n_lines = 1;
    for (size_t i = 0; i < t->len; i++)
        if (t->src[i] == '\n') t->line_start[t->n_lines++] = i + 1;
}

/* The tag as written, shortened for messages. */
static const char *quote_of(TplSet *s, const char *p, size_t n)
{
    size_t max = 80;
    if (n <= max) return arena_strndup(&s->arena, p, n);
    size_t cut = 0;
    while (cut < max - 3) cut += utf8_len(p + cut);
    return arena_printf(&s->arena, "%.*s…", (int)cut, p);
}

/* ------------------------------------------------------------------ */
/* pieces */

typedef enum { P_TEXT, P_OUTPUT, P_STMT, P_COMMENT } PieceKind;

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

static void perr(Parser *p, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void perr(Parser *p, size_t off, const char *fmt, ...)
{
    p->t->failed = true;
    p->failed = true;
    if (++p->errors > MAX_ERRORS_SHOWN) return;   /* the rest are counted, not shown */
    va_list ap;
    va_start(ap, fmt);
    diag_vreport(DIAG_ERROR, pos_at(p->t, off), p->quote, fmt, ap);
    va_end(ap);
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Find the end of a tag opened at open (after its two characters),
 * stepping over string literals. Returns the offset of the closing pair. */
static size_t tag_end(const Template *t, size_t from, char close)
{
    char q = 0;
    for (size_t i = from; i + 1 < t->len; i++) {
        char c = t->src[i];
        if (q) {
            if (c == '\\') i++;
            else if (c == q) q = 0;
            continue;
        }
        if (close != '#' && (c == '"' || c == '\'')) { q = c; continue; }
        if (c == close && t->src[i + 1] == '}') return i;
    }
    if (close != '#') {
        /* an unterminated string: end the tag at the first close, and let
         * the tokenizer say what is wrong */
        for (size_t i = from; i + 1 < t->len; i++)
            if (t->src[i] == close && t->src[i + 1] == '}') return i;
    }
    return (size_t)-1;
}

static void add_piece(Parser *p, PieceKind k, size_t start, size_t len, size_t inner, size_t inner_len)
{
    Piece *pc = ARRAY_PUSH(p->pieces, p->n, p->cap);
    pc->kind = k;
    pc->start = start;
    pc->len = len;
    pc->inner = inner;
    pc->inner_len = inner_len;
}

static void cut_pieces(Parser *p)
{
    const Template *t = p->t;
    const char *s = t->src;
    size_t pos = 0;
    while (pos < t->len) {
        size_t q = pos;
        while (q + 1 < t->len && !(s[q] == '{' && (s[q + 1] == '{' || s[q + 1] == '%' || s[q + 1] == '#'))) q++;
        if (q + 1 >= t->len) q = t->len;
        size_t text_end = q;
        if (q == t->len) {
            if (text_end > pos) add_piece(p, P_TEXT, pos, text_end - pos, 0, 0);
            break;
        }
        char open = s[q + 1];
        char close = open == '{' ? '}' : open;
        PieceKind kind = open == '{' ? P_OUTPUT : open == '%' ? P_STMT : P_COMMENT;
        bool strip_left = q + 2 < t->len && s[q + 2] == '-';
        size_t end = tag_end(t, q + 2, close);
        if (end == (size_t)-1) {
            p->quote = NULL;
            perr(p, q, "unclosed tag \"{%c\": no \"%c}\" follows", open, close);
            if (text_end > pos) add_piece(p, P_TEXT, pos, text_end - pos, 0, 0);
            break;
        }
        bool strip_right = end > q + 2 && s[end - 1] == '-' && !(strip_left && end == q + 3);
        /* a statement or comment alone on its line leaves no line behind */
        bool alone = false;
        size_t line_begin = text_end, after = end + 2;
        if (kind != P_OUTPUT) {
            while (line_begin > pos && (s[line_begin - 1] == ' ' || s[line_begin - 1] == '\t')) line_begin--;
            while (after < t->len && (s[after] == ' ' || s[after] == '\t')) after++;
            if (after < t->len && s[after] == '\r') after++;
            alone = (line_begin == 0 || s[line_begin - 1] == '\n') && (after >= t->len || s[after] == '\n');
        }
        if (strip_left) {
            while (text_end > pos && is_space(s[text_end - 1])) text_end--;
        } else if (alone) {
            text_end = line_begin;
        }
        if (text_end > pos) add_piece(p, P_TEXT, pos, text_end - pos, 0, 0);
        size_t inner = q + 2 + (strip_left ? 1 : 0);
        size_t inner_end = end - (strip_right ? 1 : 0);
        add_piece(p, kind, q, end + 2 - q, inner, inner_end > inner ? inner_end - inner : 0);
        pos = end + 2;
        if (strip_right) {
            while (pos < t->len && is_space(s[pos])) pos++;
        } else if (alone) {
            pos = after < t->len ? after + 1 : t->len;
        }
    }
}

/* ------------------------------------------------------------------ */
/* tokens */

typedef enum { T_NUM, T_NAME, T_STR, T_OP, T_END } TokKind;

typedef struct Token {
    TokKind kind;
    size_t off, len;          /* in the file */
    Value *value;             /* numbers and strings */
} Token;

static const char TOKEN_PATTERN[] =
    "\\G[ \\t\\r\\n]*(?:"
    "([0-9]+(?:\\.[0-9]+)?)"                       /* 1 number */
    "|([A-Za-z_][A-Za-z0-9_]*)"                   /* 2 name */
    "|(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*')"   /* 3 string */
    "|(==|!=|<=|>=|[-+*/%~<>()\\[\\].,|=])"        /* 4 operator */
    "|([ \\t\\r\\n]*$))";                          /* 5 end */

static Value *unescape_string(Arena *a, const char *s, size_t n)
{
    Buf b = {0};
    for (size_t i = 1; i + 1 < n; i++) {
        char c = s[i];
        if (c == '\\' && i + 2 < n) {
            c = s[++i];
            if (c == 'n') c = '\n';
            else if (c == 't') c = '\t';
            else if (c != '"' && c != '\'' && c != '\\') buf_putc(&b, '\\');   /* keep \d for patterns */
        }
        buf_putc(&b, c);
    }
    Value *v = val_strn(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return v;
}

static bool tokenize(Parser *p, size_t inner, size_t inner_len)
{
    TplSet *s = p->set;
    const char *src = p->t->src;
    p->n_tok = 0;
    p->ti = 0;
    size_t off = inner, end = inner + inner_len;
    for (;;) {
        int rc = pcre2_match(s->token_re, (PCRE2_SPTR)src, end, off, PCRE2_ANCHORED, s->token_md, NULL);
        Token *t = ARRAY_PUSH(p->tok, p->n_tok, p->cap_tok);
        memset(t, 0, sizeof *t);
        if (rc < 0) {
            size_t bad = off;
            while (bad < end && is_space(src[bad])) bad++;
            if (src[bad] == '"' || src[bad] == '\'') perr(p, bad, "unterminated string");
            else {
                uint32_t cp;
                int l = utf8_decode((const unsigned char *)src + bad, end - bad, &cp);
                perr(p, bad, "unexpected character \"%.*s\"", l > 0 ? l : 1, src + bad);
            }
            return false;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->token_md);
        int g = rc - 1;
        t->off = ov[2 * g];
        t->len = ov[2 * g + 1] - ov[2 * g];
        switch (g) {
        case 1:
            t->kind = T_NUM;
            t->value = val_num(&s->arena, strtod(arena_strndup(&s->arena, src + t->off, t->len), NULL));
            break;
        case 2: t->kind = T_NAME; break;
        case 3: t->kind = T_STR; t->value = unescape_string(&s->arena, src + t->off, t->len); break;
        case 4: t->kind = T_OP; break;
        default: t->kind = T_END; t->off = end; return true;
        }
        off = ov[1];
    }
}

static Token *peek(Parser *p) { return &p->tok[p->ti]; }
static bool tok_is(const Parser *p, const Token *t, const char *text)
{
    return (t->kind == T_OP || t->kind == T_NAME) && t->len == strlen(text) && memcmp(p->t->src + t->off, text, t->len) == 0;
}
static bool accept(Parser *p, const char *text)
{
    if (tok_is(p, peek(p), text)) { p->ti++; return true; }
    return false;
}
static const char *tok_text(Parser *p, const Token *t)
{
    if (t->kind == T_END) return "the end of the tag";
    return arena_printf(&p->set->arena, "\"%.*s\"", (int)t->len, p->t->src + t->off);
}
static bool expect(Parser *p, const char *text)
{
    if (accept(p, text)) return true;
    perr(p, peek(p)->off, "expected \"%s\", found %s", text, tok_text(p, peek(p)));
    return false;
}

/* ------------------------------------------------------------------ */
/* expressions */

static Expr *new_expr(Parser *p, ExprKind k, size_t off)
{
    Expr *e = arena_alloc(&p->set->arena, sizeof *e);
    e->kind = k;
    e->pos = pos_at(p->t, off);
    e->quote = p->quote;
    return e;
}

static bool is_keyword(Parser *p, const Token *t)
{
    static const char *const KW[] = { "and", "or", "not", "in", "if", "else", "true", "false", "none", "null" };
    for (size_t i = 0; i < sizeof KW / sizeof *KW; i++)
        if (tok_is(p, t, KW[i])) return true;
    return false;
}

static Expr *parse_expr(Parser *p);

#define MAX_ARGS 16

/* (a, b), after its "(": the arguments into e->args, and where each
 * begins into offs when given (filters report there). */
static bool parse_arg_list(Parser *p, Expr *e, size_t *offs, const char *what)
{
    Expr *args[MAX_ARGS];
    size_t n = 0;
    if (!accept(p, ")")) {
        do {
            size_t off = peek(p)->off;
            if (n == MAX_ARGS) { perr(p, off, "more than %d arguments to %s %s", MAX_ARGS, what, e->name); return false; }
            Expr *x = parse_expr(p);
            if (!x) return false;
            if (offs) offs[n] = off;
            args[n++] = x;
        } while (accept(p, ","));
        if (!expect(p, ")")) return false;
    }
    e->args = arena_alloc(&p->set->arena, (n + 1) * sizeof *e->args);
    if (n) memcpy(e->args, args, n * sizeof *args);
    e->n_args = n;
    return true;
}

static Expr *parse_call_args(Parser *p, Expr *e)
{
    return parse_arg_list(p, e, NULL, "macro") ? e : NULL;
}

static Expr *parse_primary(Parser *p)
{
    Token *t = peek(p);
    if (t->kind == T_NUM || t->kind == T_STR) {
        p->ti++;
        Expr *e = new_expr(p, E_LIT, t->off);
        e->lit = t->value;
        return e;
    }
    if (tok_is(p, t, "true") || tok_is(p, t, "false")) {
        p->ti++;
        Expr *e = new_expr(p, E_LIT, t->off);
        e->lit = val_bool(tok_is(p, t, "true"));
        return e;
    }
    if (tok_is(p, t, "none") || tok_is(p, t, "null")) {
        p->ti++;
        Expr *e = new_expr(p, E_LIT, t->off);
        e->lit = val_null();
        return e;
    }
    if (t->kind == T_NAME && !is_keyword(p, t)) {
        p->ti++;
        bool call = accept(p, "(");
        Expr *e = new_expr(p, call ? E_CALL : E_NAME, t->off);
        e->name = arena_strndup(&p->set->arena, p->t->src + t->off, t->len);
        return call ? parse_call_args(p, e) : e;
    }
    if (accept(p, "(")) {
        Expr *e = parse_expr(p);
        if (!e || !expect(p, ")")) return NULL;
        return e;
    }
    if (tok_is(p, t, "[")) {
        p->ti++;
        Expr *e = new_expr(p, E_LIST, t->off);
        Expr **items = NULL;
        size_t n = 0, cap = 0;
        if (!accept(p, "]")) {
            do {
                Expr *x = parse_expr(p);
                if (!x) { free(items); return NULL; }
                *ARRAY_PUSH(items, n, cap) = x;
            } while (accept(p, ","));
            if (!expect(p, "]")) { free(items); return NULL; }
        }
        e->args = arena_alloc(&p->set->arena, (n + 1) * sizeof *e->args);
        if (n) memcpy(e->args, items, n * sizeof *items);
        e->n_args = n;
        free(items);
        return e;
    }
    perr(p, t->off, "expected a value, found %s", tok_text(p, t));
    return NULL;
}

/* The value of an argument written as a literal (3, -1, "abc", [..]),
 * or NULL when it is known only when the template runs. */
static Value *literal_value(Parser *p, const Expr *x)
{
    if (x->kind == E_LIT) return x->lit;
    if (x->kind == E_NEG && x->a->kind == E_LIT && x->a->lit->kind == V_NUM)
        return val_num(&p->set->arena, -x->a->lit->u.num);
    if (x->kind == E_LIST) return val_list(&p->set->arena, 0);   /* only its kind is looked at */
    return NULL;
}

/* Literal arguments are checked now, in every branch, not on the day the
 * data first reaches them. */
static bool check_literal_args(Parser *p, const Expr *e, const size_t *offs)
{
    bool ok = true;
    for (size_t i = 0; i < e->n_args; i++) {
        Value *v = literal_value(p, e->args[i]);
        if (!v) continue;
        FilterCtx c = { &p->set->arena, pos_at(p->t, offs[i]), p->quote, p->set->patterns };
        if (filter_check_arg(&c, e->filter, i, v)) continue;
        p->t->failed = p->failed = true;
        p->errors++;
        ok = false;
    }
    return ok;
}

static Expr *parse_filter(Parser *p, Expr *in)
{
    Token *t = peek(p);
    if (t->kind != T_NAME) {
        perr(p, t->off, "expected a filter name after \"|\", found %s", tok_text(p, t));
        return NULL;
    }
    p->ti++;
    Expr *e = new_expr(p, E_FILTER, t->off);
    e->a = in;
    e->name = arena_strndup(&p->set->arena, p->t->src + t->off, t->len);
    e->filter = filter_find(e->name);
    size_t offs[MAX_ARGS];
    if (accept(p, "(") && !parse_arg_list(p, e, offs, "filter")) return NULL;
    size_t n = e->n_args;
    if (!e->filter) {
        perr(p, t->off, "unknown filter \"%s\"", e->name);
        return NULL;
    }
    if ((int)n < e->filter->min_args || (int)n > e->filter->max_args) {
        if (e->filter->min_args == e->filter->max_args)
            perr(p, t->off, "filter %s takes %d argument%s, not %zu", e->name, e->filter->min_args,
                 e->filter->min_args == 1 ? "" : "s", n);
        else
            perr(p, t->off, "filter %s takes %d to %d arguments, not %zu", e->name, e->filter->min_args,
                 e->filter->max_args, n);
        return NULL;
    }
    return check_literal_args(p, e, offs) ? e : NULL;
}

static Expr *parse_postfix(Parser *p)
{
    Expr *e = parse_primary(p);
    while (e) {
        Token *t = peek(p);
        if (accept(p, ".")) {
            Token *n = peek(p);
            if (n->kind != T_NAME) {
                perr(p, n->off, "expected a member name after \".\", found %s", tok_text(p, n));
                return NULL;
            }
            p->ti++;
            Expr *x = new_expr(p, E_ATTR, n->off);
            x->a = e;
            x->name = arena_strndup(&p->set->arena, p->t->src + n->off, n->len);
            e = x;
        } else if (accept(p, "[")) {
            Expr *x = new_expr(p, E_INDEX, t->off);
            x->a = e;
            x->b = parse_expr(p);
            if (!x->b || !expect(p, "]")) return NULL;
            e = x;
        } else {
            break;
        }
    }
    return e;
}

/* Unary minus binds tighter than filters: -2.5 | fixed(0) is -3. */
static Expr *parse_signed(Parser *p)
{
    Token *t = peek(p);
    if (tok_is(p, t, "-") && p->nest >= MAX_EXPR_NEST) {
        perr(p, t->off, "an expression nested deeper than %d levels", MAX_EXPR_NEST);
        return NULL;
    }
    if (accept(p, "-")) {
        p->nest++;
        Expr *inner = parse_signed(p);
        p->nest--;
        if (!inner) return NULL;
        Expr *e = new_expr(p, E_NEG, t->off);
        e->a = inner;
        return e;
    }
    return parse_postfix(p);
}

static Expr *parse_unary(Parser *p)
{
    Expr *e = parse_signed(p);
    while (e && accept(p, "|")) e = parse_filter(p, e);
    return e;
}

static Expr *binary(Parser *p, BinOp op, size_t off, Expr *a, Expr *b)
{
    if (!a || !b) return NULL;
    Expr *e = new_expr(p, E_BINARY, off);
    e->op = op;
    e->a = a;
    e->b = b;
    return e;
}

static Expr *parse_mul(Parser *p)
{
    Expr *e = parse_unary(p);
    while (e) {
        size_t off = peek(p)->off;
        if (accept(p, "*")) e = binary(p, OP_MUL, off, e, parse_unary(p));
        else if (accept(p, "/")) e = binary(p, OP_DIV, off, e, parse_unary(p));
        else if (accept(p, "%")) e = binary(p, OP_MOD, off, e, parse_unary(p));
        else break;
    }
    return e;
}

static Expr *parse_add(Parser *p)
{
    Expr *e = parse_mul(p);
    while (e) {
        size_t off = peek(p)->off;
        if (accept(p, "+")) e = binary(p, OP_ADD, off, e, parse_mul(p));
        else if (accept(p, "-")) e = binary(p, OP_SUB, off, e, parse_mul(p));
        else if (accept(p, "~")) e = binary(p, OP_CAT, off, e, parse_mul(p));
        else break;
    }
    return e;
}

static Expr *parse_cmp(Parser *p)
{
    Expr *e = parse_add(p);
    while (e) {
        size_t off = peek(p)->off;
        BinOp op;
        if (accept(p, "==")) op = OP_EQ;
        else if (accept(p, "!=")) op = OP_NE;
        else if (accept(p, "<=")) op = OP_LE;
        else if (accept(p, ">=")) op = OP_GE;
        else if (accept(p, "<")) op = OP_LT;
        else if (accept(p, ">")) op = OP_GT;
        else if (accept(p, "in")) op = OP_IN;
        else if (tok_is(p, peek(p), "not") && tok_is(p, &p->tok[p->ti + 1 < p->n_tok ? p->ti + 1 : p->ti], "in")) {
            p->ti += 2;
            op = OP_NOT_IN;
        } else break;
        e = binary(p, op, off, e, parse_add(p));
    }
    return e;
}

static Expr *parse_not(Parser *p)
{
    Token *t = peek(p);
    if (tok_is(p, t, "not") && p->nest >= MAX_EXPR_NEST) {
        perr(p, t->off, "an expression nested deeper than %d levels", MAX_EXPR_NEST);
        return NULL;
    }
    if (accept(p, "not")) {
        p->nest++;
        Expr *inner = parse_not(p);
        p->nest--;
        if (!inner) return NULL;
        Expr *e = new_expr(p, E_NOT, t->off);
        e->a = inner;
        return e;
    }
    return parse_cmp(p);
}

static Expr *parse_and(Parser *p)
{
    Expr *e = parse_not(p);
    while (e) {
        size_t off = peek(p)->off;
        if (!accept(p, "and")) break;
        Expr *x = new_expr(p, E_AND, off);
        x->a = e;
        x->b = parse_not(p);
        e = x->b ? x : NULL;
    }
    return e;
}

static Expr *parse_or(Parser *p)
{
    Expr *e = parse_and(p);
    while (e) {
        size_t off = peek(p)->off;
        if (!accept(p, "or")) break;
        Expr *x = new_expr(p, E_OR, off);
        x->a = e;
        x->b = parse_and(p);
        e = x->b ? x : NULL;
    }
    return e;
}

static Expr *parse_expr_inner(Parser *p);

static Expr *parse_expr(Parser *p)
{
    if (p->nest >= MAX_EXPR_NEST) {
        perr(p, peek(p)->off, "an expression nested deeper than %d levels", MAX_EXPR_NEST);
        return NULL;
    }
    p->nest++;
    Expr *e = parse_expr_inner(p);
    p->nest--;
    return e;
}

/* a if cond else b */
static Expr *parse_expr_inner(Parser *p)
{
    Expr *e = parse_or(p);
    if (!e) return NULL;
    size_t off = peek(p)->off;
    if (!accept(p, "if")) return e;
    Expr *x = new_expr(p, E_COND, off);
    x->a = e;
    x->b = parse_or(p);
    if (!x->b) return NULL;
    if (accept(p, "else")) {
        x->c = parse_expr(p);
        if (!x->c) return NULL;
    }
    return x;
}

static bool expect_end(Parser *p)
{
    if (peek(p)->kind == T_END) return true;
    perr(p, peek(p)->off, "unexpected %s", tok_text(p, peek(p)));
    return false;
}

/* ------------------------------------------------------------------ */
/* statements */

static Node *new_node(Parser *p, NodeKind k, size_t off)
{
    Node *n = arena_alloc(&p->set->arena, sizeof *n);
    n->kind = k;
    n->pos = pos_at(p->t, off);
    return n;
}

/* Prepare the statement piece at p->at: tokens and its keyword. */
static bool open_tag(Parser *p, const Piece *pc)
{
    p->failed = false;
    p->quote = quote_of(p->set, p->t->src + pc->start, pc->len);
    return tokenize(p, pc->inner, pc->inner_len);
}

static Node *parse_body(Parser *p, const char *const *stops, size_t *stop_piece);
static Template *load(TplSet *s, const char *name, Parser *from, size_t off);
static void resolve_calls(Template *t, Node *n);

static const char *keyword_of(Parser *p)
{
    Token *t = peek(p);
    if (t->kind != T_NAME) return NULL;
    return arena_strndup(&p->set->arena, p->t->src + t->off, t->len);
}

static bool in_list(const char *w, const char *const *list)
{
    for (; list && *list; list++)
        if (w && strcmp(w, *list) == 0) return true;
    return false;
}

static Node *parse_if(Parser *p, size_t off)
{
    static const char *const STOPS[] = { "elif", "else", "endif", NULL };
    Node *n = new_node(p, N_IF, off);
    Expr *cond = parse_expr(p);
    if (cond) expect_end(p);
    n->expr = cond;
    size_t stop;
    n->body = parse_body(p, STOPS, &stop);
    if (stop == (size_t)-1) {
        p->quote = NULL;
        perr(p, off, "unclosed {%% if %%}: no {%% endif %%} follows");
        return n;
    }
    Piece *pc = &p->pieces[stop];
    if (!open_tag(p, pc)) return n;
    const char *kw = keyword_of(p);
    p->ti++;
    if (strcmp(kw, "elif") == 0) {
        if (p->block_nest >= MAX_BLOCK_NEST) {
            perr(p, pc->start, "an if with more than %d elif branches", MAX_BLOCK_NEST);
            return n;
        }
        p->block_nest++;
        n->other = parse_if(p, pc->start);
        p->block_nest--;
    } else if (strcmp(kw, "else") == 0) {
        expect_end(p);
        static const char *const END[] = { "endif", NULL };
        n->other = parse_body(p, END, &stop);
        if (stop == (size_t)-1) {
            p->quote = NULL;
            perr(p, off, "unclosed {%% if %%}: no {%% endif %%} follows");
            return n;
        }
        if (open_tag(p, &p->pieces[stop])) { p->ti++; expect_end(p); }
    } else {
        expect_end(p);
    }
    return n;
}

static Node *parse_for(Parser *p, size_t off)
{
    static const char *const STOPS[] = { "else", "endfor", NULL };
    Node *n = new_node(p, N_FOR, off);
    Token *v = peek(p);
    if (v->kind != T_NAME || is_keyword(p, v)) {
        perr(p, v->off, "expected a name after \"for\", found %s", tok_text(p, v));
    } else {
        p->ti++;
        n->name = arena_strndup(&p->set->arena, p->t->src + v->off, v->len);
        if (strcmp(n->name, "loop") == 0) perr(p, v->off, "\"loop\" is taken by the loop itself");
        else if (expect(p, "in")) {
            n->expr = parse_expr(p);
            if (n->expr) expect_end(p);
        }
    }
    size_t stop;
    n->body = parse_body(p, STOPS, &stop);
    if (stop == (size_t)-1) {
        p->quote = NULL;
        perr(p, off, "unclosed {%% for %%}: no {%% endfor %%} follows");
        return n;
    }
    if (!open_tag(p, &p->pieces[stop])) return n;
    const char *kw = keyword_of(p);
    p->ti++;
    expect_end(p);
    if (strcmp(kw, "else") == 0) {
        static const char *const END[] = { "endfor", NULL };
        n->other = parse_body(p, END, &stop);
        if (stop == (size_t)-1) {
            p->quote = NULL;
            perr(p, off, "unclosed {%% for %%}: no {%% endfor %%} follows");
            return n;
        }
        if (open_tag(p, &p->pieces[stop])) { p->ti++; expect_end(p); }
    }
    return n;
}

/* {% macro name(a, b) %}…{% endmacro %}: at the top of a file only, so
 * that what a file defines is plain to see and to find. */
static bool macro_params(Parser *p, Node *n)
{
    const char *params[16];
    size_t k = 0;
    if (!expect(p, "(")) return false;
    if (!accept(p, ")")) {
        do {
            Token *v = peek(p);
            if (v->kind != T_NAME || is_keyword(p, v) || k == 16) {
                perr(p, v->off, k == 16 ? "a macro takes at most 16 parameters" : "expected a parameter name, found %s",
                     tok_text(p, v));
                return false;
            }
            p->ti++;
            params[k++] = arena_strndup(&p->set->arena, p->t->src + v->off, v->len);
        } while (accept(p, ","));
        if (!expect(p, ")")) return false;
    }
    n->params = arena_alloc(&p->set->arena, (k + 1) * sizeof *n->params);
    if (k) memcpy(n->params, params, k * sizeof *params);
    n->n_params = k;
    return expect_end(p);
}

/* The name after `set` or `macro`, or NULL (reported). */
static const char *take_name(Parser *p, const char *after)
{
    Token *v = peek(p);
    if (v->kind != T_NAME || is_keyword(p, v)) {
        perr(p, v->off, "expected a name after \"%s\", found %s", after, tok_text(p, v));
        return NULL;
    }
    p->ti++;
    return arena_strndup(&p->set->arena, p->t->src + v->off, v->len);
}

static Node *parse_macro(Parser *p, size_t off)
{
    static const char *const STOPS[] = { "endmacro", NULL };
    Node *n = new_node(p, N_MACRO, off);
    if (!(n->name = take_name(p, "macro"))) return NULL;
    if (p->block_nest > 0 || p->in_macro) perr(p, off, "a macro is defined at the top of a file, not inside a block");
    else macro_params(p, n);
    p->in_macro = true;
    size_t stop;
    n->body = parse_body(p, STOPS, &stop);
    p->in_macro = false;
    if (stop == (size_t)-1) {
        p->quote = NULL;
        perr(p, off, "unclosed {%% macro %%}: no {%% endmacro %%} follows");
        return n;
    }
    if (open_tag(p, &p->pieces[stop])) { p->ti++; expect_end(p); }
    return n;
}

static Node *parse_statement(Parser *p, const Piece *pc, const char *kw)
{
    size_t off = pc->start;
    Token *k = peek(p);
    p->ti++;
    if ((strcmp(kw, "if") == 0 || strcmp(kw, "for") == 0) && p->block_nest >= MAX_BLOCK_NEST) {
        perr(p, k->off, "blocks nested deeper than %d levels", MAX_BLOCK_NEST);
        return NULL;
    }
    if (strcmp(kw, "if") == 0 || strcmp(kw, "for") == 0) {
        p->block_nest++;
        Node *n = kw[0] == 'i' ? parse_if(p, off) : parse_for(p, off);
        p->block_nest--;
        return n;
    }
    if (strcmp(kw, "set") == 0) {
        Node *n = new_node(p, N_SET, off);
        if (!(n->name = take_name(p, "set"))) return NULL;
        if (!expect(p, "=")) return NULL;
        n->expr = parse_expr(p);
        if (!n->expr || !expect_end(p)) return NULL;
        return n;
    }
    if (strcmp(kw, "macro") == 0) return parse_macro(p, off);
    if (strcmp(kw, "include") == 0) {
        Token *v = peek(p);
        if (v->kind != T_STR) {
            perr(p, v->off, "include takes a quoted file name, found %s", tok_text(p, v));
            return NULL;
        }
        p->ti++;
        if (!expect_end(p)) return NULL;
        Template *t = load(p->set, v->value->u.str.s, p, v->off);
        if (!t) { p->t->failed = true; return NULL; }
        Node *n = new_node(p, N_INCLUDE, off);
        n->include = t;
        return n;
    }
    static const char *const ENDS[] = { "elif", "else", "endif", "endfor", "endmacro", NULL };
    if (in_list(kw, ENDS)) perr(p, k->off, "unexpected {%% %s %%}: no open block it could close", kw);
    else perr(p, k->off, "unknown statement \"%s\"", kw);
    return NULL;
}

/* Parse pieces until one of stops (a statement keyword); *stop_piece is
 * that piece's index, or -1 at the end of the file. */
static Node *parse_body(Parser *p, const char *const *stops, size_t *stop_piece)
{
    Node *head = NULL, **tail = &head;
    *stop_piece = (size_t)-1;
    while (p->at < p->n) {
        Piece *pc = &p->pieces[p->at++];
        Node *n = NULL;
        switch (pc->kind) {
        case P_TEXT:
            n = new_node(p, N_TEXT, pc->start);
            n->text = p->t->src + pc->start;
            n->len = pc->len;
            break;
        case P_COMMENT:
            break;
        case P_OUTPUT:
            if (!open_tag(p, pc)) break;
            if (peek(p)->kind == T_END) { perr(p, pc->start, "empty {{ }}"); break; }
            n = new_node(p, N_OUTPUT, pc->start);
            n->expr = parse_expr(p);
            if (!n->expr || !expect_end(p)) n = NULL;
            break;
        case P_STMT: {
            if (!open_tag(p, pc)) break;
            const char *kw = keyword_of(p);
            if (!kw) { perr(p, peek(p)->off, "expected a statement, found %s", tok_text(p, peek(p))); break; }
            if (in_list(kw, stops)) {
                *stop_piece = p->at - 1;
                return head;
            }
            n = parse_statement(p, pc, kw);
            break;
        }
        }
        if (n) {
            *tail = n;
            tail = &n->next;
        }
    }
    return head;
}

/* ------------------------------------------------------------------ */
/* files */

/* An include path stays inside the templates directory: relative, no "..",
 * and (after symlinks) still below it. */
static char *safe_path(TplSet *s, const char *name, char *why, size_t why_len)
{
    if (!*name) { snprintf(why, why_len, "an empty file name"); return NULL; }
    if (name[0] == '/' || strchr(name, '\\')) {
        snprintf(why, why_len, "\"%s\" is not a path inside the templates directory", name);
        return NULL;
    }
    for (const char *c = name; *c; c++)
        if ((unsigned char)*c < 0x20) { snprintf(why, why_len, "a control character in the file name"); return NULL; }
    const char *seg = name;
    while (*seg) {
        const char *e = strchr(seg, '/');
        size_t n = e ? (size_t)(e - seg) : strlen(seg);
        if (n == 2 && seg[0] == '.' && seg[1] == '.') {
            snprintf(why, why_len, "\"%s\" leaves the templates directory", name);
            return NULL;
        }
        seg += n + (e ? 1 : 0);
    }
    char *path = xasprintf("%s/%s", s->dir, name);
    char *real = realpath(path, NULL);
    if (!real) {
        snprintf(why, why_len, "cannot read \"%s\": %s", name, strerror(errno));
        free(path);
        return NULL;
    }
    size_t dl = strlen(s->real_dir);
    bool inside = strncmp(real, s->real_dir, dl) == 0 && real[dl] == '/';
    free(real);
    if (!inside) {
        snprintf(why, why_len, "\"%s\" leads out of the templates directory", name);
        free(path);
        return NULL;
    }
    return path;
}

static Template *load(TplSet *s, const char *name, Parser *from, size_t off)
{
    for (size_t i = 0; i < s->n_files; i++) {
        Template *t = s->files[i];
        if (strcmp(t->name, name) != 0) continue;
        if (t->loading) {
            perr(from, off, "\"%s\" includes itself", name);
            return NULL;
        }
        return t->failed ? NULL : t;
    }
    char why[600];
    if (!s->real_dir) {
        s->real_dir = realpath(s->dir, NULL);
        if (!s->real_dir) {
            diag_error(file_pos(s->dir), "cannot read the templates directory: %s (give it with --templates DIR)", strerror(errno));
            return NULL;
        }
    }
    if (from && s->depth >= TPL_MAX_INCLUDE_DEPTH) {
        perr(from, off, "includes nested deeper than %d", TPL_MAX_INCLUDE_DEPTH);
        return NULL;
    }
    if (!from) {
        /* a document's own template: say plainly when it is missing */
        char *top = xasprintf("%s/%s", s->dir, name);
        if (access(top, R_OK) != 0) {
            diag_error(file_pos(arena_strdup(&s->arena, top)), "cannot read the template: %s", strerror(errno));
            free(top);
            return NULL;
        }
        free(top);
    }
    char *path = safe_path(s, name, why, sizeof why);
    if (!path) {
        if (from) perr(from, off, "%s", why);
        else diag_error(file_pos(arena_printf(&s->arena, "%s/%s", s->dir, name)), "%s", why);
        return NULL;
    }
    char *src = NULL;
    size_t len = 0;
    int rc = read_file(path, TPL_MAX_FILE, &src, &len);
    if (rc != 0) {
        int e = errno;
        if (from) {
            perr(from, off, "cannot read \"%s\": %s", name,
                 e == EFBIG ? "larger than the limit of 4 MB for a template" : file_strerror(e));
        } else {
            diag_error(file_pos(arena_strdup(&s->arena, path)), "cannot read the template: %s",
                       e == EFBIG ? "larger than the limit of 4 MB for a template" : file_strerror(e));
        }
        free(path);
        return NULL;
    }
    Template *t = xcalloc(1, sizeof *t);
    t->name = xstrdup(name);
    t->path = path;
    t->src = src;
    t->len = len;
    index_lines(t);
    *ARRAY_PUSH(s->files, s->n_files, s->cap_files) = t;
    size_t bad = utf8_invalid_at(src, len);
    if (bad != (size_t)-1) {
        t->len = bad;   /* positions before it are still right */
        diag_error(pos_at(t, bad), "the template is not valid UTF-8");
        t->failed = true;
        return NULL;
    }
    if (memchr(src, '\0', len)) {
        diag_error(pos_at(t, (size_t)((char *)memchr(src, '\0', len) - src)), "a NUL byte in the template");
        t->failed = true;
        return NULL;
    }
    t->loading = true;
    s->depth++;
    Parser p = { .set = s, .t = t };
    cut_pieces(&p);
    size_t stop;
    t->body = parse_body(&p, NULL, &stop);
    if (!t->failed) resolve_calls(t, t->body);
    if (p.errors > MAX_ERRORS_SHOWN)
        diag_error(file_pos(t->path), "%d more errors not shown", p.errors - MAX_ERRORS_SHOWN);
    free(p.pieces);
    free(p.tok);
    s->depth--;
    t->loading = false;
    return t->failed ? NULL : t;
}

/* ---- macros: found when a file is read ---- */

/* The macro `name` of t or of a file t includes at its top level. */
static const Node *find_macro(const Template *t, const char *name, int depth)
{
    for (const Node *n = t->body; n && depth <= TPL_MAX_INCLUDE_DEPTH; n = n->next) {
        if (n->kind == N_MACRO && strcmp(n->name, name) == 0) return n;
        if (n->kind == N_INCLUDE) {
            const Node *m = find_macro(n->include, name, depth + 1);
            if (m) return m;
        }
    }
    return NULL;
}

static void call_error(Template *t, const Expr *e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void call_error(Template *t, const Expr *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vreport(DIAG_ERROR, e->pos, e->quote, fmt, ap);
    va_end(ap);
    t->failed = true;
}

/* Every call in e: a known macro with as many arguments as it has
 * parameters, and only as the whole of a {{ }} (it writes text, it has
 * no value). */
static void resolve_expr(Template *t, Expr *e, bool whole)
{
    if (!e) return;
    if (e->kind == E_CALL) {
        const Node *m = find_macro(t, e->name, 0);
        if (!m) call_error(t, e, "unknown macro \"%s\" (define it with {%% macro %s(…) %%} here or in an included file)",
                           e->name, e->name);
        else if (m->n_params != e->n_args)
            call_error(t, e, "macro %s takes %zu argument%s, not %zu", e->name, m->n_params, m->n_params == 1 ? "" : "s",
                       e->n_args);
        else if (!whole) call_error(t, e, "a macro is called as the whole of {{ %s(…) }}, not inside an expression", e->name);
        e->macro = m;
    }
    resolve_expr(t, e->a, false);
    resolve_expr(t, e->b, false);
    resolve_expr(t, e->c, false);
    for (size_t i = 0; i < e->n_args; i++) resolve_expr(t, e->args[i], false);
}

static void resolve_calls(Template *t, Node *n)
{
    for (; n; n = n->next) {
        resolve_expr(t, n->expr, n->kind == N_OUTPUT);
        if (n->kind == N_MACRO) {
            for (const Node *o = t->body; o != n; o = o->next)
                if (o->kind == N_MACRO && strcmp(o->name, n->name) == 0) {
                    diag_error(n->pos, "macro %s is defined twice in this file", n->name);
                    t->failed = true;
                }
        }
        resolve_calls(t, n->body);
        resolve_calls(t, n->other);
    }
}

TplSet *tplset_new(const char *dir, TplEscape escape)
{
    TplSet *s = xcalloc(1, sizeof *s);
    s->dir = xstrdup(dir);
    s->escape = escape;
    s->patterns = pattern_cache_new();
    int code;
    PCRE2_SIZE off;
    s->token_re = pcre2_compile((PCRE2_SPTR)TOKEN_PATTERN, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code, &off, NULL);
    if (!s->token_re) {
        fprintf(stderr, "jindu: internal error: token pattern does not compile (offset %zu)\n", (size_t)off);
        exit(3);
    }
    pcre2_jit_compile(s->token_re, PCRE2_JIT_COMPLETE);
    s->token_md = pcre2_match_data_create_from_pattern(s->token_re, NULL);
    if (!s->token_md) out_of_memory();
    return s;
}

void tplset_free(TplSet *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->n_files; i++) {
        Template *t = s->files[i];
        free(t->name);
        free(t->path);
        free(t->src);
        free(t->line_start);
        free(t);
    }
    free(s->files);
    pcre2_match_data_free(s->token_md);
    pcre2_code_free(s->token_re);
    pattern_cache_free(s->patterns);
    arena_free(&s->arena);
    free(s->dir);
    free(s->real_dir);
    free(s);
}

Template *tplset_load(TplSet *s, const char *name)
{
    return load(s, name, NULL, 0);
}

const char *tpl_path(const Template *t) { return t->path; }

/* ------------------------------------------------------------------ */
/* evaluation */

typedef struct {
    const char *name;
    Value *value;                  /* NULL for a loop's `loop` not made yet */
    size_t loop_index, loop_length;
} Var;

typedef struct {
    TplSet *set;
    Arena *a;
    Value *globals;
    TplOutput *out;
    Var *vars;
    size_t n_vars, cap_vars;
    size_t scope_floor;       /* a macro sees only the variables from here up */
    int call_depth;
    int errors;
    bool too_long;
    size_t work;              /* bytes and items built by ~ and +: a template
                                 growing a string in a loop is quadratic */
    size_t steps;             /* statements run: loops inside loops are not linear */
    /* A loop's turn gives back the memory it used (a summary of 10,000
     * institutions would otherwise hold every turn's values): unless a
     * `set` in it reached a variable from before the turn (escaped), the
     * lazy members it built are forgotten and the arena released. */
    LazyLog built;
    size_t turn_floor;        /* variables below this are older than the current turn */
    bool escaped;
} Ev;

#define TPL_MAX_STEPS ((size_t)10000000)
#define TPL_MAX_MEMORY ((size_t)512 << 20)   /* the arena of one evaluation (values, loop state) */

#define TPL_MAX_WORK ((size_t)256 << 20)

static bool charge(Ev *ev, const Expr *e, size_t amount);

static void everr(Ev *ev, const Expr *e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* An evaluation stops after this many errors: a loop repeating a wrong
 * expression says the same thing each turn (fuzz_template: loops in loops
 * of one error each ran to the output limit with 10,000 errors). */
#define MAX_EVAL_ERRORS 200

static void everr(Ev *ev, const Expr *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vreport(DIAG_ERROR, e->pos, e->quote, fmt, ap);
    va_end(ap);
    if (++ev->errors >= MAX_EVAL_ERRORS && !ev->too_long) {
        diag_error(e->pos, "the template stops here: %d errors", MAX_EVAL_ERRORS);
        ev->too_long = true;
    }
}

static Value *lookup(Ev *ev, const char *name)
{
    for (size_t i = ev->n_vars; i-- > ev->scope_floor;) {
        Var *v = &ev->vars[i];
        if (strcmp(v->name, name) != 0) continue;
        if (!v->value) {
            size_t k = v->loop_index, cnt = v->loop_length;
            Value *loop = val_map(ev->a, 6);
            val_set(ev->a, loop, "index", val_num(ev->a, (double)k + 1));
            val_set(ev->a, loop, "index0", val_num(ev->a, (double)k));
            val_set(ev->a, loop, "revindex", val_num(ev->a, (double)(cnt - k)));
            val_set(ev->a, loop, "first", val_bool(k == 0));
            val_set(ev->a, loop, "last", val_bool(k + 1 == cnt));
            val_set(ev->a, loop, "length", val_num(ev->a, (double)cnt));
            v->value = loop;
        }
        return v->value;
    }
    return val_get(ev->a, ev->globals, name);
}

static Value *eval(Ev *ev, const Expr *e);

static int cmp_values(Ev *ev, const Expr *e, const Value *a, const Value *b, bool *ok)
{
    *ok = true;
    if (a->kind == V_NUM && b->kind == V_NUM) return (a->u.num > b->u.num) - (a->u.num < b->u.num);
    if (a->kind == V_DATE && b->kind == V_DATE) return (a->u.date > b->u.date) - (a->u.date < b->u.date);
    if (a->kind == V_STR && b->kind == V_STR) return strcmp(a->u.str.s, b->u.str.s);
    everr(ev, e, "cannot compare %s with %s", val_kind_name(a->kind), val_kind_name(b->kind));
    *ok = false;
    return 0;
}

static bool values_equal(const Value *a, const Value *b)
{
    if (a->kind != b->kind) return false;
    switch (a->kind) {
    case V_NULL: return true;
    case V_BOOL: return a->u.b == b->u.b;
    case V_NUM: return a->u.num == b->u.num;
    case V_DATE: return a->u.date == b->u.date;
    case V_STR: return a->u.str.len == b->u.str.len && memcmp(a->u.str.s, b->u.str.s, a->u.str.len) == 0;
    default: return a == b;
    }
}

static Value *eval_binary(Ev *ev, const Expr *e)
{
    Value *a = eval(ev, e->a);
    if (!a) return NULL;
    Value *b = eval(ev, e->b);
    if (!b) return NULL;
    switch (e->op) {
    case OP_EQ: return val_bool(values_equal(a, b));
    case OP_NE: return val_bool(!values_equal(a, b));
    case OP_LT: case OP_LE: case OP_GT: case OP_GE: {
        bool ok;
        int c = cmp_values(ev, e, a, b, &ok);
        if (!ok) return NULL;
        return val_bool(e->op == OP_LT ? c < 0 : e->op == OP_LE ? c <= 0 : e->op == OP_GT ? c > 0 : c >= 0);
    }
    case OP_IN: case OP_NOT_IN: {
        bool found = false;
        if (b->kind == V_LIST) {
            for (size_t i = 0; i < b->u.list.n && !found; i++) found = values_equal(a, b->u.list.items[i]);
        } else if (b->kind == V_STR && a->kind == V_STR) {
            found = strstr(b->u.str.s, a->u.str.s) != NULL;
        } else if (b->kind == V_MAP && a->kind == V_STR) {
            found = val_get(ev->a, b, a->u.str.s) != NULL;
        } else {
            everr(ev, e, "cannot look for %s in %s", val_kind_name(a->kind), val_kind_name(b->kind));
            return NULL;
        }
        return val_bool(e->op == OP_IN ? found : !found);
    }
    case OP_CAT: {
        const char *x = value_text(ev->a, a), *y = value_text(ev->a, b);
        if (!x || !y) {
            everr(ev, e, "cannot join %s with \"~\"", val_kind_name((!x ? a : b)->kind));
            return NULL;
        }
        if (!charge(ev, e, strlen(x) + strlen(y))) return NULL;
        return val_str_ref(ev->a, arena_printf(ev->a, "%s%s", x, y));
    }
    case OP_ADD:
        if (a->kind == V_LIST && b->kind == V_LIST) {
            if (!charge(ev, e, (a->u.list.n + b->u.list.n) * sizeof(Value *))) return NULL;
            Value *l = val_list(ev->a, a->u.list.n + b->u.list.n);
            for (size_t i = 0; i < a->u.list.n; i++) val_push(ev->a, l, a->u.list.items[i]);
            for (size_t i = 0; i < b->u.list.n; i++) val_push(ev->a, l, b->u.list.items[i]);
            return l;
        }
        if (a->kind == V_STR && b->kind == V_STR) {
            if (!charge(ev, e, a->u.str.len + b->u.str.len)) return NULL;
            return val_str_ref(ev->a, arena_printf(ev->a, "%s%s", a->u.str.s, b->u.str.s));
        }
        /* fall through */
    default:
        break;
    }
    if (a->kind != V_NUM || b->kind != V_NUM) {
        static const char OPS[] = "+-*/%";
        everr(ev, e, "\"%c\" needs two numbers, not %s and %s", OPS[e->op], val_kind_name(a->kind),
              val_kind_name(b->kind));
        return NULL;
    }
    double x = a->u.num, y = b->u.num, r;
    switch (e->op) {
    case OP_ADD: r = x + y; break;
    case OP_SUB: r = x - y; break;
    case OP_MUL: r = x * y; break;
    default:
        if (y == 0) { everr(ev, e, "division by zero"); return NULL; }
        r = e->op == OP_DIV ? x / y : fmod(x, y);
        break;
    }
    return val_num(ev->a, r);
}

static bool charge(Ev *ev, const Expr *e, size_t amount)
{
    ev->work += amount;
    if (ev->work <= TPL_MAX_WORK) return true;
    if (!ev->too_long) everr(ev, e, "the template builds more than %zu MB of text and lists", TPL_MAX_WORK >> 20);
    ev->too_long = true;
    return false;
}

static const char *describe(const Expr *e)
{
    return e->kind == E_NAME || e->kind == E_ATTR ? e->name : "the value";
}

static Value *eval(Ev *ev, const Expr *e)
{
    switch (e->kind) {
    case E_LIT: return e->lit;
    case E_NAME: {
        Value *v = lookup(ev, e->name);
        if (!v) everr(ev, e, "unknown variable \"%s\"", e->name);
        return v;
    }
    case E_ATTR: {
        Value *base = eval(ev, e->a);
        if (!base) return NULL;
        if (base->kind != V_MAP) {
            everr(ev, e, "%s is %s, which has no member \"%s\"", describe(e->a), val_kind_name(base->kind), e->name);
            return NULL;
        }
        Value *v = val_get(ev->a, base, e->name);
        if (!v) everr(ev, e, "%s has no member \"%s\"", describe(e->a), e->name);
        return v;
    }
    case E_INDEX: {
        Value *base = eval(ev, e->a);
        if (!base) return NULL;
        Value *i = eval(ev, e->b);
        if (!i) return NULL;
        if (base->kind == V_LIST && i->kind == V_NUM) {
            double x = i->u.num;
            if (x < 0) x += (double)base->u.list.n;   /* xs[-1]: the last */
            if (x != floor(x) || x < 0 || x >= (double)base->u.list.n) {
                everr(ev, e, "index %g is outside a list of %zu", i->u.num, base->u.list.n);
                return NULL;
            }
            return base->u.list.items[(size_t)x];
        }
        if (base->kind == V_MAP && i->kind == V_STR) {
            Value *v = val_get(ev->a, base, i->u.str.s);
            if (!v) everr(ev, e, "%s has no member \"%s\"", describe(e->a), i->u.str.s);
            return v;
        }
        everr(ev, e, "cannot index %s with %s", val_kind_name(base->kind), val_kind_name(i->kind));
        return NULL;
    }
    case E_FILTER: {
        Value *in = eval(ev, e->a);
        if (!in) return NULL;
        Value *args[8];
        for (size_t i = 0; i < e->n_args; i++) {
            args[i] = eval(ev, e->args[i]);
            if (!args[i]) return NULL;
        }
        FilterCtx c = { ev->a, e->pos, e->quote, ev->set->patterns };
        int before = diag_error_count();
        bool args_ok = true;
        for (size_t i = 0; i < e->n_args && args_ok; i++) args_ok = filter_check_arg(&c, e->filter, i, args[i]);
        Value *v = args_ok ? e->filter->fn(&c, e->name, in, args, e->n_args) : NULL;
        if (!v) ev->errors += diag_error_count() - before > 0 ? diag_error_count() - before : 1;
        return v;
    }
    case E_NEG: {
        Value *v = eval(ev, e->a);
        if (!v) return NULL;
        if (v->kind != V_NUM) { everr(ev, e, "\"-\" needs a number, not %s", val_kind_name(v->kind)); return NULL; }
        return val_num(ev->a, -v->u.num);
    }
    case E_NOT: {
        Value *v = eval(ev, e->a);
        return v ? val_bool(!val_truthy(v)) : NULL;
    }
    case E_AND: {
        Value *v = eval(ev, e->a);
        if (!v || !val_truthy(v)) return v;
        return eval(ev, e->b);
    }
    case E_OR: {
        Value *v = eval(ev, e->a);
        if (!v || val_truthy(v)) return v;
        return eval(ev, e->b);
    }
    case E_COND: {
        Value *c = eval(ev, e->b);
        if (!c) return NULL;
        if (val_truthy(c)) return eval(ev, e->a);
        return e->c ? eval(ev, e->c) : val_str_ref(ev->a, "");
    }
    case E_CALL:   /* resolve_calls allows a call only as a whole {{ }} */
        everr(ev, e, "a macro is called as the whole of {{ %s(…) }}", e->name);
        return NULL;
    case E_LIST: {
        Value *l = val_list(ev->a, e->n_args);
        for (size_t i = 0; i < e->n_args; i++) {
            Value *v = eval(ev, e->args[i]);
            if (!v) return NULL;
            val_push(ev->a, l, v);
        }
        return l;
    }
    case E_BINARY: return eval_binary(ev, e);
    }
    return NULL;
}

/* Whoever reads the output asks where its lines start (tpl_output_pos at
 * a line's first byte): a stretch in which no line starts is never the
 * answer, and the next mark takes its place (a table row of ten values
 * keeps one mark, not ten). */
static bool starts_a_line(const TplOutput *o, size_t from, size_t to)
{
    if (from >= to) return false;
    if (from == 0 || o->text.data[from - 1] == '\n') return true;
    return to - from > 1 && memchr(o->text.data + from, '\n', to - from - 1) != NULL;
}

static void mark(Ev *ev, const Node *from)
{
    TplOutput *o = ev->out;
    if (o->n_marks && !starts_a_line(o, o->marks[o->n_marks - 1].offset, o->text.len)) o->n_marks--;
    TplMark *m = ARRAY_PUSH(o->marks, o->n_marks, o->cap_marks);
    m->offset = (uint32_t)o->text.len;
    m->from = from;
}

static bool room(Ev *ev, const Node *n, size_t more)
{
    /* the source map counts too: many small values make many marks */
    if (ev->out->text.len + ev->out->n_marks * sizeof(TplMark) + more <= TPL_MAX_OUTPUT) return true;
    if (!ev->too_long) {
        diag_error(n->pos, "the document grows past the limit of %u MB", TPL_MAX_OUTPUT >> 20);
        ev->errors++;
        ev->too_long = true;
    }
    return false;
}

static void set_var(Ev *ev, const char *name, Value *v)
{
    for (size_t i = ev->n_vars; i-- > ev->scope_floor;)
        if (strcmp(ev->vars[i].name, name) == 0) {
            ev->vars[i].value = v;
            if (i < ev->turn_floor) ev->escaped = true;
            return;
        }
    Var *x = ARRAY_PUSH(ev->vars, ev->n_vars, ev->cap_vars);
    x->name = name;
    x->value = v;
}

static void run(Ev *ev, const Node *n);

/* One turn of a loop whose variables start at base, then its memory back. */
static void run_turn(Ev *ev, const Node *body, size_t base)
{
    ArenaMark m = arena_mark(ev->a);
    size_t built = ev->built.n, floor = ev->turn_floor;
    bool escaped = ev->escaped;
    ev->turn_floor = base;
    ev->escaped = false;
    run(ev, body);
    if (!ev->escaped) {
        val_forget_since(&ev->built, built);
        arena_release(ev->a, m);
    }
    ev->escaped = escaped || ev->escaped;   /* an inner escape keeps the outer turn too */
    ev->turn_floor = floor;
}

#define MAX_CALL_DEPTH 32

/* {{ name(a, b) }}: the macro's body written here, seeing its parameters
 * and the globals only, never the caller's variables. */
static void call_macro(Ev *ev, const Expr *e)
{
    const Node *m = e->macro;
    if (ev->call_depth >= MAX_CALL_DEPTH) {
        everr(ev, e, "macros call each other deeper than %d levels", MAX_CALL_DEPTH);
        ev->too_long = true;
        return;
    }
    Value *args[16];
    for (size_t i = 0; i < e->n_args; i++)
        if (!(args[i] = eval(ev, e->args[i]))) return;
    size_t floor = ev->scope_floor, n_vars = ev->n_vars;
    ev->scope_floor = n_vars;
    for (size_t i = 0; i < e->n_args; i++) {
        Var *x = ARRAY_PUSH(ev->vars, ev->n_vars, ev->cap_vars);
        x->name = m->params[i];
        x->value = args[i];
    }
    ev->call_depth++;
    run(ev, m->body);
    ev->call_depth--;
    ev->n_vars = n_vars;
    ev->scope_floor = floor;
}

static void run(Ev *ev, const Node *n)
{
    for (; n && !ev->too_long; n = n->next) {
        if (ev->a->total > TPL_MAX_MEMORY) {
            diag_error(n->pos, "the template needs more than %zu MB to evaluate", TPL_MAX_MEMORY >> 20);
            ev->errors++;
            ev->too_long = true;
            return;
        }
        if (++ev->steps > TPL_MAX_STEPS) {
            diag_error(n->pos, "the template runs more than %zu million statements (loops inside loops?)",
                       TPL_MAX_STEPS / 1000000);
            ev->errors++;
            ev->too_long = true;
            return;
        }
        switch (n->kind) {
        case N_TEXT:
            if (!room(ev, n, n->len)) return;
            mark(ev, n);
            buf_append(&ev->out->text, n->text, n->len);
            break;
        case N_MACRO:
            break;   /* a definition writes nothing */
        case N_OUTPUT: {
            if (n->expr->kind == E_CALL) { call_macro(ev, n->expr); break; }
            Value *v = eval(ev, n->expr);
            if (!v) break;
            const char *s = value_text(ev->a, v);
            if (!s) {
                everr(ev, n->expr, "cannot print %s (join a list with the join filter)", val_kind_name(v->kind));
                break;
            }
            size_t len = strlen(s);
            if (!room(ev, n, len)) return;
            mark(ev, n);
            ev->set->escape(&ev->out->text, s, len);
            break;
        }
        case N_IF: {
            if (!n->expr) break;
            Value *c = eval(ev, n->expr);
            if (!c) break;
            run(ev, val_truthy(c) ? n->body : n->other);
            break;
        }
        case N_FOR: {
            if (!n->expr) break;
            Value *l = eval(ev, n->expr);
            if (!l) break;
            if (l->kind != V_LIST) {
                everr(ev, n->expr, "for needs a list, not %s", val_kind_name(l->kind));
                break;
            }
            size_t cnt = l->u.list.n, base = ev->n_vars;
            if (cnt == 0) { run(ev, n->other); break; }
            for (size_t i = 0; i < cnt && !ev->too_long; i++) {
                ev->n_vars = base;
                /* `loop` is made when a template reads it, not on every turn */
                Var *x = ARRAY_PUSH(ev->vars, ev->n_vars, ev->cap_vars);
                x->name = "loop";
                x->value = NULL;
                x->loop_index = i;
                x->loop_length = cnt;
                x = ARRAY_PUSH(ev->vars, ev->n_vars, ev->cap_vars);
                x->name = n->name;
                x->value = l->u.list.items[i];
                run_turn(ev, n->body, base);
            }
            ev->n_vars = base;
            break;
        }
        case N_SET: {
            Value *v = eval(ev, n->expr);
            if (v) set_var(ev, n->name, v);
            break;
        }
        case N_INCLUDE:
            run(ev, n->include->body);
            break;
        }
    }
}

int tpl_render(TplSet *s, Template *t, Arena *a, Value *globals, TplOutput *out)
{
    Ev ev = { .set = s, .a = a, .globals = globals, .out = out };
    LazyLog *outer = val_set_log(&ev.built);
    run(&ev, t->body);
    val_set_log(outer);
    free(ev.built.entries);
    free(ev.vars);
    buf_cstr(&out->text);
    return ev.errors;
}

/* ------------------------------------------------------------------ */
/* names checked before any evaluation */

typedef struct {
    const StrMap *globals, *members;
    StrMap locals;
    int errors;
} NameCheck;

/* Names a set or a for makes; a macro's are its own (check_macro). */
static void collect_locals(NameCheck *nc, const Node *n)
{
    for (; n; n = n->next) {
        if (n->kind == N_MACRO) continue;
        if ((n->kind == N_SET || n->kind == N_FOR) && n->name) strmap_put(&nc->locals, n->name, 1);
        collect_locals(nc, n->body);
        collect_locals(nc, n->other);
    }
}

static void check_expr(NameCheck *nc, Template *t, const Expr *e)
{
    if (!e) return;
    switch (e->kind) {
    case E_NAME:
        if (strmap_get(nc->globals, e->name) < 0 && strmap_get(&nc->locals, e->name) < 0 && strcmp(e->name, "loop") != 0) {
            diag_error(e->pos, "unknown variable \"%s\" in `%s`", e->name, e->quote);
            nc->errors++;
            t->failed = true;
        }
        break;
    case E_ATTR:
        if (strmap_get(nc->members, e->name) < 0) {
            diag_error(e->pos, "%s has no member \"%s\" in `%s`", describe(e->a), e->name, e->quote);
            nc->errors++;
            t->failed = true;
        }
        break;
    default:
        break;
    }
    check_expr(nc, t, e->a);
    check_expr(nc, t, e->b);
    check_expr(nc, t, e->c);
    for (size_t i = 0; i < e->n_args; i++) check_expr(nc, t, e->args[i]);
}

static void check_nodes(NameCheck *nc, Template *t, const Node *n);

/* A macro sees its parameters, its own sets and loops, and the globals. */
static void check_macro(NameCheck *outer, Template *t, const Node *m)
{
    NameCheck nc = { outer->globals, outer->members, { 0 }, 0 };
    for (size_t i = 0; i < m->n_params; i++) strmap_put(&nc.locals, m->params[i], 1);
    collect_locals(&nc, m->body);
    check_nodes(&nc, t, m->body);
    strmap_free(&nc.locals);
    outer->errors += nc.errors;
}

static void check_nodes(NameCheck *nc, Template *t, const Node *n)
{
    for (; n; n = n->next) {
        if (n->kind == N_MACRO) { check_macro(nc, t, n); continue; }
        check_expr(nc, t, n->expr);
        check_nodes(nc, t, n->body);
        check_nodes(nc, t, n->other);
    }
}

static bool includes_failed(const Node *n, int depth)
{
    for (; n && depth < TPL_MAX_INCLUDE_DEPTH + 2; n = n->next) {
        if (n->kind == N_INCLUDE && (n->include->failed || includes_failed(n->include->body, depth + 1))) return true;
        if (includes_failed(n->body, depth) || includes_failed(n->other, depth)) return true;
    }
    return false;
}

int tplset_check_names(TplSet *s, const StrMap *globals, const StrMap *members)
{
    NameCheck nc = { globals, members, { 0 }, 0 };
    for (size_t i = 0; i < s->n_files; i++) collect_locals(&nc, s->files[i]->body);
    for (size_t i = 0; i < s->n_files; i++) check_nodes(&nc, s->files[i], s->files[i]->body);
    strmap_free(&nc.locals);
    return nc.errors;
}

/* Does the text at off begin an output line? Not when a "-" delimiter
 * before it ate the line break: the output joins it to what came before. */
static bool starts_output_line(const Template *t, size_t off)
{
    if (off == 0) return true;
    if (t->src[off - 1] != '\n') return false;
    size_t i = off;
    while (i > 0 && is_space(t->src[i - 1])) i--;
    return !(i >= 3 && t->src[i - 3] == '-' && t->src[i - 1] == '}');
}

static int check_text_lines(Template *t, const Node *n, TplLineFn fn)
{
    int bad = 0;
    size_t start = (size_t)(n->text - t->src), end = start + n->len;
    SrcPos pos = n->pos;
    for (size_t a = start; a < end;) {
        const char *nl = memchr(t->src + a, '\n', end - a);
        size_t b = nl ? (size_t)(nl - t->src) : end;
        /* a line cut off by a tag (or by a "-" eating its break) is not whole */
        bool whole = (nl || end == t->len) && starts_output_line(t, a);
        if (whole && b > a && !fn(t->src + a, b - a, pos)) bad++;
        a = b + 1;
        pos.line++;
        pos.col = 1;
    }
    return bad;
}

static int check_node_lines(Template *t, const Node *n, TplLineFn fn)
{
    int bad = 0;
    for (; n; n = n->next) {
        if (n->kind == N_TEXT) bad += check_text_lines(t, n, fn);
        bad += check_node_lines(t, n->body, fn) + check_node_lines(t, n->other, fn);
    }
    return bad;
}

int tplset_check_lines(TplSet *s, TplLineFn fn)
{
    int bad = 0;
    for (size_t i = 0; i < s->n_files; i++) {
        Template *t = s->files[i];
        if (t->lines_checked) continue;
        t->lines_checked = true;
        int here = check_node_lines(t, t->body, fn);
        if (here) t->failed = true;
        bad += here;
    }
    return bad;
}

bool tpl_ok(const Template *t)
{
    return !t->failed && !includes_failed(t->body, 0);
}

SrcPos tpl_output_pos(const TplOutput *o, size_t offset)
{
    if (o->n_marks == 0) { SrcPos p = { "template", 0, 0 }; return p; }
    size_t lo = 0, hi = o->n_marks;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (o->marks[mid].offset <= offset) lo = mid;
        else hi = mid;
    }
    const TplMark *m = &o->marks[lo];
    SrcPos p = m->from->pos;
    if (m->from->kind != N_TEXT) return p;   /* a value: its {{ }} */
    const char *src = m->from->text;
    for (size_t i = 0; i < offset - m->offset;) {
        if (src[i] == '\n') { p.line++; p.col = 1; i++; }
        else { p.col++; i += utf8_len(src + i); }
    }
    return p;
}

void tpl_output_free(TplOutput *o)
{
    buf_free(&o->text);
    free(o->marks);
    memset(o, 0, sizeof *o);
}
