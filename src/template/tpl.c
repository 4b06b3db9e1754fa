/* tpl.c - see tpl.h. The parser and the loader: a recursive-descent
 * parser builds nodes and expressions from the tokens of tpl_lex.c; files
 * are read (never outside the templates directory), included and their
 * macros resolved. tpl_eval.c runs what this builds; tpl_check.c checks
 * it before any run. */
#include "template/tpl.h"
#include "base/i18n.h"
#include "template/tplint.h"
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
/* expressions */

static Expr *new_expr(Parser *p, ExprKind k, size_t off)
{
    Expr *e = arena_alloc(&p->set->arena, sizeof *e);
    e->kind = k;
    e->pos = tpl_pos_at(p->t, off);
    e->quote = p->quote;
    return e;
}

static bool is_keyword(Parser *p, const Token *t)
{
    static const char *const KW[] = { "and", "or", "not", "in", "if", "else", "true", "false", "none", "null" };
    for (size_t i = 0; i < sizeof KW / sizeof *KW; i++)
        if (tpl_tok_is(p, t, KW[i])) return true;
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
    if (!tpl_accept(p, ")")) {
        do {
            size_t off = tpl_peek(p)->off;
            if (n == MAX_ARGS) { tpl_perr(p, off, "more than %d arguments to %s %s", MAX_ARGS, what, e->name); return false; }
            Expr *x = parse_expr(p);
            if (!x) return false;
            if (offs) offs[n] = off;
            args[n++] = x;
        } while (tpl_accept(p, ","));
        if (!tpl_expect(p, ")")) return false;
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
    Token *t = tpl_peek(p);
    if (t->kind == T_NUM || t->kind == T_STR) {
        p->ti++;
        Expr *e = new_expr(p, E_LIT, t->off);
        e->lit = t->value;
        return e;
    }
    if (tpl_tok_is(p, t, "true") || tpl_tok_is(p, t, "false")) {
        p->ti++;
        Expr *e = new_expr(p, E_LIT, t->off);
        e->lit = val_bool(tpl_tok_is(p, t, "true"));
        return e;
    }
    if (tpl_tok_is(p, t, "none") || tpl_tok_is(p, t, "null")) {
        p->ti++;
        Expr *e = new_expr(p, E_LIT, t->off);
        e->lit = val_null();
        return e;
    }
    if (t->kind == T_NAME && !is_keyword(p, t)) {
        p->ti++;
        bool call = tpl_accept(p, "(");
        Expr *e = new_expr(p, call ? E_CALL : E_NAME, t->off);
        e->name = arena_strndup(&p->set->arena, p->t->src + t->off, t->len);
        return call ? parse_call_args(p, e) : e;
    }
    if (tpl_accept(p, "(")) {
        Expr *e = parse_expr(p);
        if (!e || !tpl_expect(p, ")")) return NULL;
        return e;
    }
    if (tpl_tok_is(p, t, "[")) {
        p->ti++;
        Expr *e = new_expr(p, E_LIST, t->off);
        Expr **items = NULL;
        size_t n = 0, cap = 0;
        if (!tpl_accept(p, "]")) {
            do {
                Expr *x = parse_expr(p);
                if (!x) { free(items); return NULL; }
                *ARRAY_PUSH(items, n, cap) = x;
            } while (tpl_accept(p, ","));
            if (!tpl_expect(p, "]")) { free(items); return NULL; }
        }
        e->args = arena_alloc(&p->set->arena, (n + 1) * sizeof *e->args);
        if (n) memcpy(e->args, items, n * sizeof *items);
        e->n_args = n;
        free(items);
        return e;
    }
    tpl_perr(p, t->off, "expected a value, found %s", tpl_tok_text(p, t));
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
        FilterCtx c = { &p->set->arena, tpl_pos_at(p->t, offs[i]), p->quote, p->set->patterns };
        if (filter_check_arg(&c, e->filter, i, v)) continue;
        p->t->failed = p->failed = true;
        p->errors++;
        ok = false;
    }
    return ok;
}

static Expr *parse_filter(Parser *p, Expr *in)
{
    Token *t = tpl_peek(p);
    if (t->kind != T_NAME) {
        tpl_perr(p, t->off, "expected a filter name after \"|\", found %s", tpl_tok_text(p, t));
        return NULL;
    }
    p->ti++;
    Expr *e = new_expr(p, E_FILTER, t->off);
    e->a = in;
    e->name = arena_strndup(&p->set->arena, p->t->src + t->off, t->len);
    e->filter = filter_find(e->name);
    size_t offs[MAX_ARGS];
    if (tpl_accept(p, "(") && !parse_arg_list(p, e, offs, "filter")) return NULL;
    size_t n = e->n_args;
    if (!e->filter) {
        tpl_perr(p, t->off, "unknown filter \"%s\"", e->name);
        return NULL;
    }
    if ((int)n < e->filter->min_args || (int)n > e->filter->max_args) {
        if (e->filter->min_args == e->filter->max_args)
            tpl_perr(p, t->off, ngettext("filter %s takes %d argument, not %zu", "filter %s takes %d arguments, not %zu",
                                         (unsigned long)e->filter->min_args), e->name, e->filter->min_args, n);
        else
            tpl_perr(p, t->off, "filter %s takes %d to %d arguments, not %zu", e->name, e->filter->min_args,
                 e->filter->max_args, n);
        return NULL;
    }
    return check_literal_args(p, e, offs) ? e : NULL;
}

static Expr *parse_postfix(Parser *p)
{
    Expr *e = parse_primary(p);
    while (e) {
        Token *t = tpl_peek(p);
        if (tpl_accept(p, ".")) {
            Token *n = tpl_peek(p);
            if (n->kind != T_NAME) {
                tpl_perr(p, n->off, "expected a member name after \".\", found %s", tpl_tok_text(p, n));
                return NULL;
            }
            p->ti++;
            Expr *x = new_expr(p, E_ATTR, n->off);
            x->a = e;
            x->name = arena_strndup(&p->set->arena, p->t->src + n->off, n->len);
            e = x;
        } else if (tpl_accept(p, "[")) {
            Expr *x = new_expr(p, E_INDEX, t->off);
            x->a = e;
            x->b = parse_expr(p);
            if (!x->b || !tpl_expect(p, "]")) return NULL;
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
    Token *t = tpl_peek(p);
    if (tpl_tok_is(p, t, "-") && p->nest >= MAX_EXPR_NEST) {
        tpl_perr(p, t->off, "an expression nested deeper than %d levels", MAX_EXPR_NEST);
        return NULL;
    }
    if (tpl_accept(p, "-")) {
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
    while (e && tpl_accept(p, "|")) e = parse_filter(p, e);
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
        size_t off = tpl_peek(p)->off;
        if (tpl_accept(p, "*")) e = binary(p, OP_MUL, off, e, parse_unary(p));
        else if (tpl_accept(p, "/")) e = binary(p, OP_DIV, off, e, parse_unary(p));
        else if (tpl_accept(p, "%")) e = binary(p, OP_MOD, off, e, parse_unary(p));
        else break;
    }
    return e;
}

static Expr *parse_add(Parser *p)
{
    Expr *e = parse_mul(p);
    while (e) {
        size_t off = tpl_peek(p)->off;
        if (tpl_accept(p, "+")) e = binary(p, OP_ADD, off, e, parse_mul(p));
        else if (tpl_accept(p, "-")) e = binary(p, OP_SUB, off, e, parse_mul(p));
        else if (tpl_accept(p, "~")) e = binary(p, OP_CAT, off, e, parse_mul(p));
        else break;
    }
    return e;
}

static Expr *parse_cmp(Parser *p)
{
    Expr *e = parse_add(p);
    while (e) {
        size_t off = tpl_peek(p)->off;
        BinOp op;
        if (tpl_accept(p, "==")) op = OP_EQ;
        else if (tpl_accept(p, "!=")) op = OP_NE;
        else if (tpl_accept(p, "<=")) op = OP_LE;
        else if (tpl_accept(p, ">=")) op = OP_GE;
        else if (tpl_accept(p, "<")) op = OP_LT;
        else if (tpl_accept(p, ">")) op = OP_GT;
        else if (tpl_accept(p, "in")) op = OP_IN;
        else if (tpl_tok_is(p, tpl_peek(p), "not") && tpl_tok_is(p, &p->tok[p->ti + 1 < p->n_tok ? p->ti + 1 : p->ti], "in")) {
            p->ti += 2;
            op = OP_NOT_IN;
        } else break;
        e = binary(p, op, off, e, parse_add(p));
    }
    return e;
}

static Expr *parse_not(Parser *p)
{
    Token *t = tpl_peek(p);
    if (tpl_tok_is(p, t, "not") && p->nest >= MAX_EXPR_NEST) {
        tpl_perr(p, t->off, "an expression nested deeper than %d levels", MAX_EXPR_NEST);
        return NULL;
    }
    if (tpl_accept(p, "not")) {
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
        size_t off = tpl_peek(p)->off;
        if (!tpl_accept(p, "and")) break;
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
        size_t off = tpl_peek(p)->off;
        if (!tpl_accept(p, "or")) break;
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
        tpl_perr(p, tpl_peek(p)->off, "an expression nested deeper than %d levels", MAX_EXPR_NEST);
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
    size_t off = tpl_peek(p)->off;
    if (!tpl_accept(p, "if")) return e;
    Expr *x = new_expr(p, E_COND, off);
    x->a = e;
    x->b = parse_or(p);
    if (!x->b) return NULL;
    if (tpl_accept(p, "else")) {
        x->c = parse_expr(p);
        if (!x->c) return NULL;
    }
    return x;
}

static bool expect_end(Parser *p)
{
    if (tpl_peek(p)->kind == T_END) return true;
    tpl_perr(p, tpl_peek(p)->off, "unexpected %s", tpl_tok_text(p, tpl_peek(p)));
    return false;
}

/* ------------------------------------------------------------------ */
/* statements */

static Node *new_node(Parser *p, NodeKind k, size_t off)
{
    Node *n = arena_alloc(&p->set->arena, sizeof *n);
    n->kind = k;
    n->pos = tpl_pos_at(p->t, off);
    return n;
}

/* Prepare the statement piece at p->at: tokens and its keyword. */
static bool open_tag(Parser *p, const Piece *pc)
{
    p->failed = false;
    p->quote = tpl_quote_of(p->set, p->t->src + pc->start, pc->len);
    return tpl_tokenize(p, pc->inner, pc->inner_len);
}

static Node *parse_body(Parser *p, const char *const *stops, size_t *stop_piece);
static Template *load(TplSet *s, const char *name, Parser *from, size_t off);
static void resolve_calls(Template *t, Node *n);

static const char *keyword_of(Parser *p)
{
    Token *t = tpl_peek(p);
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
        tpl_perr(p, off, "unclosed {%% if %%}: no {%% endif %%} follows");
        return n;
    }
    Piece *pc = &p->pieces[stop];
    if (!open_tag(p, pc)) return n;
    const char *kw = keyword_of(p);
    p->ti++;
    if (strcmp(kw, "elif") == 0) {
        if (p->block_nest >= MAX_BLOCK_NEST) {
            tpl_perr(p, pc->start, "an if with more than %d elif branches", MAX_BLOCK_NEST);
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
            tpl_perr(p, off, "unclosed {%% if %%}: no {%% endif %%} follows");
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
    Token *v = tpl_peek(p);
    if (v->kind != T_NAME || is_keyword(p, v)) {
        tpl_perr(p, v->off, "expected a name after \"for\", found %s", tpl_tok_text(p, v));
    } else {
        p->ti++;
        n->name = arena_strndup(&p->set->arena, p->t->src + v->off, v->len);
        if (strcmp(n->name, "loop") == 0) tpl_perr(p, v->off, "\"loop\" is taken by the loop itself");
        else if (tpl_expect(p, "in")) {
            n->expr = parse_expr(p);
            if (n->expr) expect_end(p);
        }
    }
    size_t stop;
    n->body = parse_body(p, STOPS, &stop);
    if (stop == (size_t)-1) {
        p->quote = NULL;
        tpl_perr(p, off, "unclosed {%% for %%}: no {%% endfor %%} follows");
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
            tpl_perr(p, off, "unclosed {%% for %%}: no {%% endfor %%} follows");
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
    if (!tpl_expect(p, "(")) return false;
    if (!tpl_accept(p, ")")) {
        do {
            Token *v = tpl_peek(p);
            if (v->kind != T_NAME || is_keyword(p, v) || k == 16) {
                tpl_perr(p, v->off, k == 16 ? "a macro takes at most 16 parameters" : "expected a parameter name, found %s",
                     tpl_tok_text(p, v));
                return false;
            }
            p->ti++;
            params[k++] = arena_strndup(&p->set->arena, p->t->src + v->off, v->len);
        } while (tpl_accept(p, ","));
        if (!tpl_expect(p, ")")) return false;
    }
    n->params = arena_alloc(&p->set->arena, (k + 1) * sizeof *n->params);
    if (k) memcpy(n->params, params, k * sizeof *params);
    n->n_params = k;
    return expect_end(p);
}

/* The name after `set` or `macro`, or NULL (reported). */
static const char *take_name(Parser *p, const char *after)
{
    Token *v = tpl_peek(p);
    if (v->kind != T_NAME || is_keyword(p, v)) {
        tpl_perr(p, v->off, "expected a name after \"%s\", found %s", after, tpl_tok_text(p, v));
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
    if (p->block_nest > 0 || p->in_macro) tpl_perr(p, off, "a macro is defined at the top of a file, not inside a block");
    else macro_params(p, n);
    p->in_macro = true;
    size_t stop;
    n->body = parse_body(p, STOPS, &stop);
    p->in_macro = false;
    if (stop == (size_t)-1) {
        p->quote = NULL;
        tpl_perr(p, off, "unclosed {%% macro %%}: no {%% endmacro %%} follows");
        return n;
    }
    if (open_tag(p, &p->pieces[stop])) { p->ti++; expect_end(p); }
    return n;
}

static Node *parse_statement(Parser *p, const Piece *pc, const char *kw)
{
    size_t off = pc->start;
    Token *k = tpl_peek(p);
    p->ti++;
    if ((strcmp(kw, "if") == 0 || strcmp(kw, "for") == 0) && p->block_nest >= MAX_BLOCK_NEST) {
        tpl_perr(p, k->off, "blocks nested deeper than %d levels", MAX_BLOCK_NEST);
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
        if (!tpl_expect(p, "=")) return NULL;
        n->expr = parse_expr(p);
        if (!n->expr || !expect_end(p)) return NULL;
        return n;
    }
    if (strcmp(kw, "macro") == 0) return parse_macro(p, off);
    if (strcmp(kw, "include") == 0) {
        Token *v = tpl_peek(p);
        if (v->kind != T_STR) {
            tpl_perr(p, v->off, "include takes a quoted file name, found %s", tpl_tok_text(p, v));
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
    if (in_list(kw, ENDS)) tpl_perr(p, k->off, "unexpected {%% %s %%}: no open block it could close", kw);
    else tpl_perr(p, k->off, "unknown statement \"%s\"", kw);
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
            if (tpl_peek(p)->kind == T_END) { tpl_perr(p, pc->start, "empty {{ }}"); break; }
            n = new_node(p, N_OUTPUT, pc->start);
            n->expr = parse_expr(p);
            if (!n->expr || !expect_end(p)) n = NULL;
            break;
        case P_STMT: {
            if (!open_tag(p, pc)) break;
            const char *kw = keyword_of(p);
            if (!kw) { tpl_perr(p, tpl_peek(p)->off, "expected a statement, found %s", tpl_tok_text(p, tpl_peek(p))); break; }
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

/* The file at path read into a new template of the set (added to it
 * even when its text is refused, so that it is not read again); NULL when
 * it cannot be read or is not UTF-8 text (reported at the include, or at
 * the file). Takes path. */
static Template *read_template(TplSet *s, const char *name, char *path, Parser *from, size_t off)
{
    char *src = NULL;
    size_t len = 0;
    if (read_file(path, TPL_MAX_FILE, &src, &len) != 0) {
        int e = errno;
        if (from) {
            tpl_perr(from, off, "cannot read \"%s\": %s", name,
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
    tpl_index_lines(t);
    *ARRAY_PUSH(s->files, s->n_files, s->cap_files) = t;
    size_t bad = utf8_invalid_at(src, len);
    if (bad != (size_t)-1) {
        t->len = bad;   /* positions before it are still right */
        diag_error(tpl_pos_at(t, bad), "the template is not valid UTF-8");
        t->failed = true;
        return NULL;
    }
    if (memchr(src, '\0', len)) {
        diag_error(tpl_pos_at(t, (size_t)((char *)memchr(src, '\0', len) - src)), "a NUL byte in the template");
        t->failed = true;
        return NULL;
    }
    return t;
}

static Template *load(TplSet *s, const char *name, Parser *from, size_t off)
{
    for (size_t i = 0; i < s->n_files; i++) {
        Template *t = s->files[i];
        if (strcmp(t->name, name) != 0) continue;
        if (t->loading) {
            tpl_perr(from, off, "\"%s\" includes itself", name);
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
        tpl_perr(from, off, "includes nested deeper than %d", TPL_MAX_INCLUDE_DEPTH);
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
        if (from) tpl_perr(from, off, "%s", why);
        else diag_error(file_pos(arena_printf(&s->arena, "%s/%s", s->dir, name)), "%s", why);
        return NULL;
    }
    Template *t = read_template(s, name, path, from, off);
    if (!t) return NULL;
    t->loading = true;
    s->depth++;
    Parser p = { .set = s, .t = t };
    tpl_cut_pieces(&p);
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
            call_error(t, e, ngettext("macro %s takes %zu argument, not %zu", "macro %s takes %zu arguments, not %zu",
                                      m->n_params), e->name, m->n_params, e->n_args);
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
    s->token_re = pcre2_compile((PCRE2_SPTR)TPL_TOKEN_PATTERN, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code, &off, NULL);
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

