/* linebreak.h - Chinese line breaking (typesetting.md).
 *
 * Breaks anywhere between Han characters except before closing punctuation
 * (，。、；：？！）》…), after opening punctuation (（《“…), and inside
 * unbreakable runs (Latin words, numbers such as 1,234.5 and 50%, —— and
 * ……). Where a line would end at a forbidden break, it first tries to take
 * the next character(s) in (push-in) by taking out the blank halves between
 * adjacent full-width punctuation (“。”” sets as 1.5 em, not 2); failing
 * that, it pushes its last characters down to the previous allowed break
 * (push-out). Only a single run wider than the whole line is cut, so nothing
 * ever runs past the measure. */
#ifndef JINDU_LINEBREAK_H
#define JINDU_LINEBREAK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef double (*AdvanceFn)(void *ctx, uint32_t cp);   /* width of cp in points */
/* Where cp's ink lies: its left and right edges in points from its origin;
 * false when cp draws nothing. */
typedef bool (*InkFn)(void *ctx, uint32_t cp, double *left, double *right);

/* Push-in takes in at most two characters: four half ems. */
#define LB_MAX_SQUEEZE 4

typedef struct {
    size_t start, end;     /* byte range in the text (trailing spaces excluded) */
    double width;          /* natural width of the range */
    int n_chars;           /* characters in the range */
    bool last;             /* the paragraph's last line: not justified */
    int squeezed;          /* push-in: this many characters set half an em narrower (the first of
                              a squeezable pair, lb_squeezable); width is net of it */
    size_t squeeze_at[LB_MAX_SQUEEZE];   /* their byte offsets in the text */
} Line;

/* Break text into lines of at most `first` (first line) and `width` (the
 * others) points. Returns the number of lines; *out is malloc'd. */
size_t linebreak(const char *text, size_t len, double first, double width, AdvanceFn adv, void *ctx,
                 Line **out);
/* The same with push-in, which needs to know where the punctuation's ink
 * is (ink; ctx is passed to both). */
size_t linebreak_pushin(const char *text, size_t len, double first, double width, AdvanceFn adv, InkFn ink,
                        void *ctx, Line **out);

/* The same for text set ragged (a table cell aligned left, centre or
 * right): a 孤字 is cured however loose the line above becomes. */
size_t linebreak_ragged(const char *text, size_t len, double first, double width, AdvanceFn adv, InkFn ink,
                        void *ctx, Line **out);

/* A title broken into as few lines of at most `width` as possible, balanced:
 * lines of nearly equal length (an inverted trapezoid preferred, a diamond
 * allowed, as GB/T 9704 says), none of fewer than three
 * characters, breaking at word boundaries of official titles (around quotes
 * and 《》, after 关于/季度/医院/中心/委员会, before 工作/情况/报告/的/通知 …)
 * wherever possible. Returns the number of lines; *out is malloc'd. */
size_t linebreak_title(const char *text, size_t len, double width, AdvanceFn adv, void *ctx, Line **out);

/* A punctuation mark set half-width (its blank half taken out): LB_HALF +
 * cp, as pdf/font.h's FONT_HALF draws it. The breaker treats it as cp for
 * every rule and measures it through adv like any other character. */
#define LB_HALF 0xF0000u
static inline bool lb_is_half(uint32_t cp) { return cp >= LB_HALF && cp <= LB_HALF + 0xFFFF; }

/* Bold on and off (the template's **…**): private-use marks that take no
 * room, glue to their neighbours and are not drawn. */
#define LB_BOLD_ON 0xE000
#define LB_BOLD_OFF 0xE001
static inline bool lb_is_mark(uint32_t cp) { return cp == LB_BOLD_ON || cp == LB_BOLD_OFF; }

/* Letters, digits and number punctuation: runs of these are set with
 * their natural spacing; justification goes between other characters. */
bool lb_latin(uint32_t cp);
/* Gaps that take justification space in a range: adjacent pairs not both Latin. */
int lb_stretch_gaps(const char *s, size_t len);
/* May the blank half after full-width punctuation a, followed by
 * full-width punctuation b, be taken out (a set half an em wide)? a is a
 * stop or closing mark (，。、；：）》”…) whose ink lies in its left half
 * (fonts differ: UMing centres 。), b any mark whose ink keeps clear of
 * a's; both a full em (the advance of 一) wide. */
bool lb_squeezable(uint32_t a, uint32_t b, AdvanceFn adv, InkFn ink, void *ctx);

#endif
