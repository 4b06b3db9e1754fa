/* tpl_lex.c - a template file cut into pieces (text, {{ }}, {% %},
 * {# #}) with the whitespace rules applied, each tag tokenised with one
 * PCRE2 pattern; positions and the parser's error report. */
#include "template/tpl.h"
#include "template/tplint.h"
#include "base/utf8.h"
#include "base/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* positions */

SrcPos tpl_pos_at(const Template *t, size_t off)
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

void tpl_index_lines(Template *t)
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
const char *tpl_quote_of(TplSet *s, const char *p, size_t n)
{
    size_t max = 80;
    if (n <= max) return arena_strndup(&s->arena, p, n);
    size_t cut = 0;
    while (cut < max - 3) cut += utf8_len(p + cut);
    return arena_printf(&s->arena, "%.*s…", (int)cut, p);
}

/* ------------------------------------------------------------------ */
/* pieces */





void tpl_perr(Parser *p, size_t off, const char *fmt, ...)
{
    p->t->failed = true;
    p->failed = true;
    if (++p->errors > MAX_ERRORS_SHOWN) return;   /* the rest are counted, not shown */
    va_list ap;
    va_start(ap, fmt);
    diag_vreport(DIAG_ERROR, tpl_pos_at(p->t, off), p->quote, fmt, ap);
    va_end(ap);
}


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

void tpl_cut_pieces(Parser *p)
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
            tpl_perr(p, q, "unclosed tag \"{%c\": no \"%c}\" follows", open, close);
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
            while (text_end > pos && tpl_is_space(s[text_end - 1])) text_end--;
        } else if (alone) {
            text_end = line_begin;
        }
        if (text_end > pos) add_piece(p, P_TEXT, pos, text_end - pos, 0, 0);
        size_t inner = q + 2 + (strip_left ? 1 : 0);
        size_t inner_end = end - (strip_right ? 1 : 0);
        add_piece(p, kind, q, end + 2 - q, inner, inner_end > inner ? inner_end - inner : 0);
        pos = end + 2;
        if (strip_right) {
            while (pos < t->len && tpl_is_space(s[pos])) pos++;
        } else if (alone) {
            pos = after < t->len ? after + 1 : t->len;
        }
    }
}

/* ------------------------------------------------------------------ */
/* tokens */

const char TPL_TOKEN_PATTERN[] =
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

bool tpl_tokenize(Parser *p, size_t inner, size_t inner_len)
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
            while (bad < end && tpl_is_space(src[bad])) bad++;
            if (src[bad] == '"' || src[bad] == '\'') tpl_perr(p, bad, "unterminated string");
            else {
                uint32_t cp;
                int l = utf8_decode((const unsigned char *)src + bad, end - bad, &cp);
                tpl_perr(p, bad, "unexpected character \"%.*s\"", l > 0 ? l : 1, src + bad);
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

Token *tpl_peek(Parser *p) { return &p->tok[p->ti]; }
bool tpl_tok_is(const Parser *p, const Token *t, const char *text)
{
    return (t->kind == T_OP || t->kind == T_NAME) && t->len == strlen(text) && memcmp(p->t->src + t->off, text, t->len) == 0;
}
bool tpl_accept(Parser *p, const char *text)
{
    if (tpl_tok_is(p, tpl_peek(p), text)) { p->ti++; return true; }
    return false;
}
const char *tpl_tok_text(Parser *p, const Token *t)
{
    if (t->kind == T_END) return "the end of the tag";
    return arena_printf(&p->set->arena, "\"%.*s\"", (int)t->len, p->t->src + t->off);
}
bool tpl_expect(Parser *p, const char *text)
{
    if (tpl_accept(p, text)) return true;
    tpl_perr(p, tpl_peek(p)->off, "expected \"%s\", found %s", text, tpl_tok_text(p, tpl_peek(p)));
    return false;
}

