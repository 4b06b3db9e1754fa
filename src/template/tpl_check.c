/* tpl_check.c - what a template set is checked for before anything is
 * rendered (tpl.h: tplset_check_names, tplset_check_lines), and the
 * positions of rendered output. */
#include "template/tpl.h"
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
            diag_error(e->pos, "%s has no member \"%s\" in `%s`", tpl_describe(e->a), e->name, e->quote);
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
    while (i > 0 && tpl_is_space(t->src[i - 1])) i--;
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
