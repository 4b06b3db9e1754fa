/* blockopts.c - a directive line's parts (see blocksint.h): its name, its
 * fields split at |, its options (key=value, flags) checked and applied,
 * and the reader's error messages. */
#include "template/blocksint.h"
#include "base/utf8.h"
#include "typeset/linebreak.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

SrcPos blk_pos_of(const Reader *r, size_t off)
{
    return r->out ? tpl_output_pos(r->out, off) : r->at;
}

void blk_err_at(Reader *r, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vreport(DIAG_ERROR, blk_pos_of(r, off), r->quote, fmt, ap);
    va_end(ap);
    r->errors++;
}

/* Unescaped "**" in s[0..n): how many. */
size_t blk_bold_marks(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] == '\\') { i++; continue; }
        if (s[i] == '*' && s[i + 1] == '*') { k++; i++; }
    }
    return k;
}

/* Copy s[0..n) without its escapes and surrounding ASCII blanks; pairs of
 * unescaped ** become the layout's bold marks (an unpaired last one stays
 * as written). */
char *blk_unescape(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) { s++; n--; }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t') && !(n >= 2 && s[n - 2] == '\\')) n--;
    size_t pairs = blk_bold_marks(s, n) / 2 * 2, seen = 0;
    char *o = xmalloc(n + pairs + 1);   /* a mark is 3 bytes for the 2 of ** */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n) { o[k++] = s[++i]; continue; }
        if (s[i] == '*' && i + 1 < n && s[i + 1] == '*' && seen < pairs) {
            k += (size_t)utf8_encode(seen++ % 2 ? LB_BOLD_OFF : LB_BOLD_ON, o + k);
            i++;
            continue;
        }
        o[k++] = s[i];
    }
    o[k] = '\0';
    return o;
}

/* "@name…": where the name's letters end (1 when there are none). */
size_t blk_directive_name_end(const char *s, size_t n)
{
    size_t i = 1;
    while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) i++;
    return i;
}

/* Fields between unescaped "|", unescaped, at most MAX_FIELDS (the caller
 * frees them); at[i] (when given): field i begins with an "@" the
 * template wrote (a value's "@" arrives escaped). */
size_t blk_split_fields(const char *s, size_t n, char **fields, bool *at)
{
    size_t count = 0, start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] == '\\') { i++; continue; }
        if (i == n || s[i] == '|') {
            if (count < MAX_FIELDS) {
                size_t k = start;
                while (k < i && s[k] == ' ') k++;
                if (at) at[count] = k < i && s[k] == '@';
                fields[count++] = blk_unescape(s + start, i - start);
            }
            start = i + 1;
        }
    }
    return count;
}

void blk_free_fields(char **f, size_t n)
{
    for (size_t i = 0; i < n; i++) free(f[i]);
}

/* Options "(a=1, b, c="x, y")" starting at s[0] == '('. Returns the bytes
 * consumed, or 0 on error (reported). */
size_t blk_parse_options(Reader *r, const char *s, size_t n, Option *opt, size_t *n_opt)
{
    size_t i = 1;
    *n_opt = 0;
    for (;;) {
        while (i < n && (s[i] == ' ' || s[i] == ',')) i++;
        if (i >= n) { ERR(r, "no \")\" closes the options"); return 0; }
        if (s[i] == ')') return i + 1;
        size_t k = i;
        while (i < n && s[i] != '=' && s[i] != ',' && s[i] != ')' && s[i] != ' ') i++;
        if (*n_opt == MAX_OPTIONS) { ERR(r, "too many options"); return 0; }
        Option *o = &opt[(*n_opt)++];
        o->key = blk_unescape(s + k, i - k);
        o->value = NULL;
        o->used = false;
        while (i < n && s[i] == ' ') i++;
        if (i < n && s[i] == '=') {
            i++;
            while (i < n && s[i] == ' ') i++;
            if (i < n && s[i] == '"') {
                size_t v = ++i;
                while (i < n && s[i] != '"') i += s[i] == '\\' ? 2 : 1;
                if (i >= n) { ERR(r, "an option's quoted value is not closed"); return 0; }
                o->value = blk_unescape(s + v, i - v);
                i++;
            } else {
                size_t v = i;
                while (i < n && s[i] != ',' && s[i] != ')') i += s[i] == '\\' ? 2 : 1;
                if (i > n) i = n;
                o->value = blk_unescape(s + v, i - v);
            }
        }
    }
}

void blk_free_options(Option *opt, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(opt[i].key);
        free(opt[i].value);
    }
}

Option *blk_find_option(Option *opt, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(opt[i].key, key) == 0) { opt[i].used = true; return &opt[i]; }
    return NULL;
}

bool blk_flag_option(Option *opt, size_t n, const char *key)
{
    Option *o = blk_find_option(opt, n, key);
    return o != NULL;
}

/* A flag that may also be given a condition the template printed:
 * `@row(red)`, `@row(red={{ t.flagged }})` (booleans print as 是 and 否). */
bool blk_switch_option(Reader *r, Option *opt, size_t n, const char *key)
{
    Option *o = blk_find_option(opt, n, key);
    if (!o) return false;
    if (!o->value) return true;
    static const char *const yes[] = { "是", "true", "yes", "1" }, *const no[] = { "否", "false", "no", "0", "" };
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) if (strcmp(o->value, yes[i]) == 0) return true;
    for (size_t i = 0; i < sizeof no / sizeof *no; i++) if (strcmp(o->value, no[i]) == 0) return false;
    ERR(r, "option %s wants 是 or 否 (or no value for 是), not \"%s\"", key, o->value);
    return false;
}

bool blk_number_option(Reader *r, Option *opt, size_t n, const char *key, double lo, double hi, double *out)
{
    Option *o = blk_find_option(opt, n, key);
    if (!o) return true;
    char *end;
    double x = o->value ? strtod(o->value, &end) : NAN;
    if (!o->value || *o->value == '\0' || *end != '\0' || !(x >= lo && x <= hi)) {
        ERR(r, "option %s wants a number from %g to %g", key, lo, hi);
        return false;
    }
    *out = x;
    return true;
}

bool blk_align_word(const char *w, Align *a)
{
    static const struct { const char *w; Align a; } WORDS[] = {
        { "left", ALIGN_LEFT }, { "center", ALIGN_CENTER }, { "right", ALIGN_RIGHT }, { "justify", ALIGN_JUSTIFY },
        { "居左", ALIGN_LEFT }, { "居中", ALIGN_CENTER }, { "居右", ALIGN_RIGHT }, { "两端", ALIGN_JUSTIFY },
    };
    for (size_t i = 0; i < sizeof WORDS / sizeof *WORDS; i++)
        if (strcmp(w, WORDS[i].w) == 0) { *a = WORDS[i].a; return true; }
    return false;
}

/* A colour by name; the warning levels by theirs (红 黄 蓝). */
bool blk_color_word(const char *w, TextColor *c)
{
    if (strcmp(w, "red") == 0 || strcmp(w, "红") == 0) { *c = COLOR_RED; return true; }
    if (strcmp(w, "amber") == 0 || strcmp(w, "yellow") == 0 || strcmp(w, "黄") == 0) { *c = COLOR_AMBER; return true; }
    if (strcmp(w, "blue") == 0 || strcmp(w, "蓝") == 0) { *c = COLOR_BLUE; return true; }
    if (strcmp(w, "black") == 0 || strcmp(w, "黑") == 0 || *w == '\0') { *c = COLOR_BLACK; return true; }
    return false;
}

/* Options every text block takes: indent, hang, align, color, font, size, keep. */
void blk_style_options(Reader *r, Block *b, Option *opt, size_t n)
{
    double x;
    x = b->indent;
    if (blk_number_option(r, opt, n, "indent", 0, 20, &x)) b->indent = (int)x;
    x = b->hang;
    if (blk_number_option(r, opt, n, "hang", 0, 20, &x)) b->hang = (int)x;
    x = b->size;
    if (blk_number_option(r, opt, n, "size", 6, 72, &x)) b->size = x;
    Option *o = blk_find_option(opt, n, "align");
    if (o && !(o->value && blk_align_word(o->value, &b->align))) ERR(r, "option align wants left, center, right or justify");
    o = blk_find_option(opt, n, "color");
    if (o && !(o->value && blk_color_word(o->value, &b->color))) ERR(r, "option color wants red, amber, blue or black (or 红, 黄, 蓝)");
    if (blk_switch_option(r, opt, n, "red")) b->color = COLOR_RED;
    o = blk_find_option(opt, n, "font");
    if (o && !(o->value && font_role_parse(o->value, &b->role))) ERR(r, "option font wants xbs, fs, ht, kt or st");
    if (blk_switch_option(r, opt, n, "keep")) b->keep_with_next = true;
    if (blk_switch_option(r, opt, n, "bold") && b->text) {   /* the whole text between bold marks, as **…** */
        char on[4], off[4];
        int a = utf8_encode(LB_BOLD_ON, on), z = utf8_encode(LB_BOLD_OFF, off);
        b->text = arena_printf(&r->tree->arena, "%.*s%s%.*s", a, on, b->text, z, off);
    }
    if (blk_flag_option(opt, n, "left")) b->align = ALIGN_LEFT;
    if (blk_flag_option(opt, n, "center")) b->align = ALIGN_CENTER;
    if (blk_flag_option(opt, n, "right")) b->align = ALIGN_RIGHT;
}

void blk_unused_options(Reader *r, const char *name, Option *opt, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!opt[i].used) ERR(r, "@%s has no option \"%s\"", name, opt[i].key);
}

bool blk_parse_number(const char *s, double *x)
{
    char *end;
    if (!*s) return false;
    *x = strtod(s, &end);
    return *end == '\0' && isfinite(*x);
}

