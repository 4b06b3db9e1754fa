/* tpl_eval.c - a parsed template run against its values (tpl.h's
 * tpl_render): the evaluator walks the nodes with a stack of names, under
 * limits of steps, memory and output. Calls nothing of the parser. */
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

const char *tpl_describe(const Expr *e)
{
    return e->kind == E_NAME || e->kind == E_ATTR ? e->name : "the value";
}

/* xs[i] (a negative i counts from the end) and map["key"]. */
static Value *eval_index(Ev *ev, const Expr *e)
{
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
        if (!v) everr(ev, e, "%s has no member \"%s\"", tpl_describe(e->a), i->u.str.s);
        return v;
    }
    everr(ev, e, "cannot index %s with %s", val_kind_name(base->kind), val_kind_name(i->kind));
    return NULL;
}

/* value | filter(args): the arguments checked by the filter's ArgSpec,
 * the filter's own errors counted as the evaluation's. */
static Value *eval_filter(Ev *ev, const Expr *e)
{
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
            everr(ev, e, "%s is %s, which has no member \"%s\"", tpl_describe(e->a), val_kind_name(base->kind), e->name);
            return NULL;
        }
        Value *v = val_get(ev->a, base, e->name);
        if (!v) everr(ev, e, "%s has no member \"%s\"", tpl_describe(e->a), e->name);
        return v;
    }
    case E_INDEX: return eval_index(ev, e);
    case E_FILTER: return eval_filter(ev, e);
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

/* {{ expr }} (or a macro call); false when the output is full. */
static bool run_output(Ev *ev, const Node *n)
{
    if (n->expr->kind == E_CALL) {
        call_macro(ev, n->expr);
        return true;
    }
    Value *v = eval(ev, n->expr);
    if (!v) return true;
    const char *s = value_text(ev->a, v);
    if (!s) {
        everr(ev, n->expr, "cannot print %s (join a list with the join filter)", val_kind_name(v->kind));
        return true;
    }
    size_t len = strlen(s);
    if (!room(ev, n, len)) return false;
    mark(ev, n);
    ev->set->escape(&ev->out->text, s, len);
    return true;
}

/* {% for x in list %}: each turn with x and `loop` bound. */
static void run_for(Ev *ev, const Node *n)
{
    if (!n->expr) return;
    Value *l = eval(ev, n->expr);
    if (!l) return;
    if (l->kind != V_LIST) {
        everr(ev, n->expr, "for needs a list, not %s", val_kind_name(l->kind));
        return;
    }
    size_t cnt = l->u.list.n, base = ev->n_vars;
    if (cnt == 0) {
        run(ev, n->other);
        return;
    }
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
        case N_OUTPUT:
            if (!run_output(ev, n)) return;
            break;
        case N_IF: {
            if (!n->expr) break;
            Value *c = eval(ev, n->expr);
            if (!c) break;
            run(ev, val_truthy(c) ? n->body : n->other);
            break;
        }
        case N_FOR:
            run_for(ev, n);
            break;
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

