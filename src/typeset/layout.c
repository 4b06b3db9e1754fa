/* layout.c - see layout.h. The flow core (pages, lines of text, keep
 * rules, measuring) and the driver that walks a tree's blocks; each block
 * kind of its own is laid out in layout_table.c, layout_parts.c and
 * layout_chart.c (layoutint.h). */
#include "typeset/layout.h"
#include "typeset/layoutint.h"
#include "base/cnfmt.h"
#include "base/diag.h"
#include "typeset/linebreak.h"
#include "base/utf8.h"
#include "base/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* typesetting.md: A4, text block 156 x 225 mm at 37 mm from the top and
 * 28 mm from the left; 28 characters x 22 lines of 3号 (16 pt). A table
 * too wide for that may ask for landscape pages: A4 turned, the block
 * turned with it (225 x 156 mm, 37 mm from the left, 26 mm from the top),
 * so the margins stay those of the portrait page read sideways. */

/* The ink of a text colour. */
Cmyk layout_text_cmyk(TextColor c)
{
    switch (c) {
    case COLOR_RED: return CMYK_RED;
    case COLOR_AMBER: return CMYK_AMBER;
    case COLOR_BLUE: return CMYK_BLUE;
    case COLOR_BLACK: break;
    }
    return CMYK_BLACK;
}
static const Geometry PORTRAIT = { MM(210), MM(297), MM(28), MM(37), MM(156), MM(225) };
static const Geometry LANDSCAPE = { MM(297), MM(210), MM(37), MM(26), MM(225), MM(156) };

static void layout_chart_block(Flow *fl, const Block *b);

static size_t count_lines(const Flow *fl, const Block *b);

double layout_advance_of(void *ctx, uint32_t cp)
{
    Measure *m = ctx;
    if (lb_is_mark(cp)) return 0;
    if (font_is_half(cp)) return layout_advance_of(ctx, cp - FONT_HALF) / 2;   /* push-in */
    long f = fontset_pick(m->fs, m->role, cp);
    if (f < 0) return m->size;
    /* CJK glyphs sit on the character pitch of the grid */
    double w = fontset_advance(m->fs, (size_t)f, cp) * m->size;
    return w >= m->size * 0.99 ? m->size * CHAR_PITCH / BODY_SIZE : w;
}

bool layout_ink_of(void *ctx, uint32_t cp, double *left, double *right)
{
    Measure *m = ctx;
    long f = fontset_pick(m->fs, m->role, cp);
    if (f < 0 || !fontset_ink(m->fs, (size_t)f, cp, left, right)) return false;
    *left *= m->size;
    *right *= m->size;
    return true;
}


/* 4号 (14 pt) — N —, its 一字线 7 mm below the text block (GB/T 9704
 * 7.5: the dash, not the top of the line); odd pages right-aligned one
 * character in from the block's right edge, even pages left-aligned one
 * character in. */
static void page_number(Flow *fl)
{
    char s[64];
    snprintf(s, sizeof s, "— %d —", fl->page);
    Measure m = { fl->fs, ROLE_ST, 14 };
    double w = layout_natural_width(s, &m);   /* measured as layout_draw_line sets it */
    long dash_file = fontset_pick(fl->fs, ROLE_ST, 0x2014);
    double bottom, top, mid = 0.3 * 14;   /* where a dash sits in most CJK fonts */
    if (dash_file >= 0 && fontset_ink_height(fl->fs, (size_t)dash_file, 0x2014, &bottom, &top))
        mid = (bottom + top) / 2 * 14;
    double y = block_top(fl) - block_h(fl) - MM(7) - mid;
    double x = fl->page % 2 ? block_left(fl) + block_w(fl) - 14 - w : block_left(fl) + 14;
    layout_draw_line(fl, ROLE_ST, 14, x, y, s, strlen(s), 0, CMYK_BLACK);
}

void layout_new_page(Flow *fl)
{
    if (fl->page > 0 && fl->numbered) page_number(fl);
    pdfdoc_page(fl->doc, page_w(fl), page_h(fl));
    fl->page++;
    fl->line = 0;
    fl->numbered = true;
    if (fl->pending) {   /* a floated chart heads the page; the text goes on below it */
        const Block *b = fl->pending;
        fl->pending = NULL;
        layout_chart_block(fl, b);
        if (fl->line >= LINES_PER_PAGE) layout_new_page(fl);   /* it filled the page */
    }
}

/* Continue on pages of geometry g: the current page ends (with its number,
 * in its own geometry), unless nothing is on it yet, when it just turns. */
static void switch_geometry(Flow *fl, const Geometry *g)
{
    if (fl->geom == g) return;
    if (fl->line > 0 || fl->marks_only) {
        if (fl->numbered) page_number(fl);
        fl->geom = g;
        pdfdoc_page(fl->doc, page_w(fl), page_h(fl));
        fl->page++;
        fl->line = 0;
        fl->numbered = true;
    } else {
        fl->geom = g;
        pdfdoc_resize_page(fl->doc, page_w(fl), page_h(fl));
    }
}

/* Draw one line from x. `stretch` is the justification space added at
 * every gap that is not inside a Latin/number run. Runs split where the
 * font file, the glyph advance or the Latin class changes; full-width
 * characters sit on the grid's pitch, the difference folded into the run's
 * character spacing. */
/* Bold (**…** in a template) without a bold face: the outlines stroked this
 * many em wide, as the 小标宋 role's are (fonts.map stroke=). */
#define BOLD_STROKE 0.035

/* layout_draw_line from a bold state (a line of a paragraph starts where the
 * lines above left off). */
/* A 破折号 (——) is one unbroken line: most fonts draw each — short of
 * its box, leaving a gap in the middle. A rule over the ink of each pair
 * of dashes in a run that starts at x (a character every `pitch`) closes
 * it. */
static void join_dashes(Flow *fl, Measure *m, size_t font, double x, double y, const char *s, size_t len, double pitch,
                        Cmyk color)
{
    double left, right, bottom, top;
    if (!layout_ink_of(m, 0x2014, &left, &right) || !fontset_ink_height(fl->fs, font, 0x2014, &bottom, &top)) return;
    size_t k = 0, run = 0;
    for (size_t i = 0; i < len; k++) {
        uint32_t cp;
        int l = utf8_decode((const unsigned char *)s + i, len - i, &cp);
        i += l > 0 ? (size_t)l : 1;
        run = cp == 0x2014 ? run + 1 : 0;
        if (run == 2) {
            double x0 = x + (double)(k - 1) * pitch + left, x1 = x + (double)k * pitch + right;
            pdfdoc_rect(fl->doc, x0, y + bottom * m->size, x1 - x0, (top - bottom) * m->size, true, 0, color);
            run = 0;
        }
    }
}

static void draw_marked_line(Flow *fl, FontRole role, double size, double x, double y, const char *s, size_t len,
                             double stretch, Cmyk color, bool bold)
{
    Measure m = { fl->fs, role, size };
    size_t i = 0;
    while (i < len) {
        uint32_t mark;
        int ml = utf8_decode((const unsigned char *)s + i, len - i, &mark);
        if (ml > 0 && lb_is_mark(mark)) {   /* not drawn: it switches the weight */
            bold = mark == LB_BOLD_ON;
            i += (size_t)ml;
            continue;
        }
        size_t run = i;
        long font = -1;
        bool latin = false;
        double font_adv = 0, run_x = x;
        uint32_t cp = 0;
        while (i < len) {
            int l = utf8_decode((const unsigned char *)s + i, len - i, &cp);
            if (!l) { l = 1; cp = 0xFFFD; }
            if (lb_is_mark(cp)) break;
            long f = fontset_pick(fl->fs, role, cp);
            long fb = bold && f >= 0 ? fontset_bold(fl->fs, role, (size_t)f, cp) : -1;
            if (fb >= 0) f = fb;   /* a real bold face: drawn in it, not stroked */
            double fa = f >= 0 ? fontset_advance(fl->fs, (size_t)f, cp) * size : size;
            bool lat = lb_latin(cp);
            if (i > run && (f != font || fabs(fa - font_adv) > 1e-9 || lat != latin)) break;
            if (f < 0)
                diag_warning(file_pos(fl->label), "no font has U+%04X '%.*s' (page %d)", cp, l, s + i, fl->page);
            font = f;
            font_adv = fa;
            latin = lat;
            i += (size_t)l;
        }
        /* characters of this run: all share font, advance and class */
        size_t n = 0;
        for (size_t k = run; k < i; k++)
            if (((unsigned char)s[k] & 0xC0) != 0x80) n++;
        uint32_t cp0;
        utf8_decode((const unsigned char *)s + run, len - run, &cp0);
        double adv = layout_advance_of(&m, cp0);
        double inner = latin ? 0 : stretch;          /* spacing between this run's characters */
        double cs = inner + adv - font_adv;
        double stroke = fontset_stroke(fl->fs, role, (size_t)(font >= 0 ? font : 0)) * size;
        if (bold && stroke < BOLD_STROKE * size && !(font >= 0 && fontset_is_bold_face(fl->fs, (size_t)font)))
            stroke = BOLD_STROKE * size;
        if (font >= 0) pdfdoc_text(fl->doc, (size_t)font, role, size, run_x, y, s + run, i - run, cs, stroke, color);
        if (font >= 0 && memmem(s + run, i - run, "\xE2\x80\x94\xE2\x80\x94", 6)) join_dashes(fl, &m, (size_t)font, run_x, y, s + run, i - run, adv + inner, color);
        x = run_x + (double)n * adv + (double)(n - 1) * inner;
        if (i < len) x += stretch;                   /* the gap after the run */
    }
}

void layout_draw_line(Flow *fl, FontRole role, double size, double x, double y, const char *s, size_t len,
                      double stretch, Cmyk color)
{
    draw_marked_line(fl, role, size, x, y, s, len, stretch, color, false);
}

/* text without its bold marks (for bookmarks), malloc'd. */
static char *without_marks(const char *text)
{
    char *o = xstrdup(text), *w = o;
    for (const char *p = text; *p; p++) {
        if ((unsigned char)p[0] == 0xEE && (unsigned char)p[1] == 0x80 &&
            ((unsigned char)p[2] == 0x80 || (unsigned char)p[2] == 0x81)) { p += 2; continue; }
        *w++ = *p;
    }
    *w = '\0';
    return o;
}

/* Whether text is bold where byte `at` begins (the marks before it). */
static bool bold_at(const char *text, size_t at)
{
    bool bold = false;
    if (!strstr(text, "\xEE\x80")) return false;   /* no marks at all: the common case */
    for (size_t i = 0; i + 3 <= at; i++)
        if ((unsigned char)text[i] == 0xEE && (unsigned char)text[i + 1] == 0x80 &&
            ((unsigned char)text[i + 2] == 0x80 || (unsigned char)text[i + 2] == 0x81))
            bold = text[i + 2] == (char)0x80;
    return bold;
}

/* Line ln of text, with push-in: its squeezed characters (linebreak.h)
 * drawn as their half-width glyphs (font.h, FONT_HALF), so the blank half
 * goes and PDF readers still see one character after another, not two
 * overlapping. */
void layout_draw_text_line(Flow *fl, const TextStyle *st, double x, double y, const char *text, const Line *ln,
                           double stretch)
{
    const FontRole role = st->role;
    const double size = st->size;
    const Cmyk color = st->color;
    const char *s = text + ln->start;
    size_t len = ln->end - ln->start;
    bool bold = bold_at(text, ln->start);
    if (ln->squeezed <= 0) {
        draw_marked_line(fl, role, size, x, y, s, len, stretch, color, bold);
        return;
    }
    Buf b = {0};
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int l = utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (!l) { l = 1; cp = 0xFFFD; }
        for (int q = 0; q < ln->squeezed; q++)
            if (ln->squeeze_at[q] == ln->start + i) cp += FONT_HALF;
        char enc[4];
        buf_append(&b, enc, (size_t)utf8_encode(cp, enc));
        i += (size_t)l;
    }
    draw_marked_line(fl, role, size, x, y, b.data, b.len, stretch, color, bold);
    buf_free(&b);
}

/* The justification space of a line in measure: at most a quarter of a
 * character per gap; a line that would need more (a heading whose last
 * run went down whole, a cell of long numbers) is set ragged instead. */
double layout_justify_space(const char *text, const Line *ln, double measure, double size)
{
    int gaps = lb_stretch_gaps(text + ln->start, ln->end - ln->start);
    if (gaps <= 0) return 0;
    double cs = (measure - ln->width) / gaps;
    return cs > size * CHAR_PITCH / BODY_SIZE / 4 + 1e-9 ? 0 : cs;
}

_Static_assert(LB_HALF == FONT_HALF, "the breaker and the font agree on half-width forms");

/* Adjacent punctuation at its standard widths (clreq 3.1.6, GB/T 15834),
 * mid-line as at a line's end: the first of a pair whose blank halves
 * meet ("）。", "”，") is set half-width, and so is a full-width "．"
 * after a digit ("1．督办", no hole). Returns a copy with those characters
 * as their half-width forms (FONT_HALF + cp), or NULL when none changes
 * (or the document keeps full widths, @fullwidth). */
char *layout_compress_punctuation(const Flow *fl, const char *text, Measure *m)
{
    if (fl->full_punctuation || !text) return NULL;
    Buf b = {0};
    bool changed = false;
    uint32_t prev = 0;
    const unsigned char *p = (const unsigned char *)text;
    size_t left = strlen(text);
    while (left) {
        uint32_t cp = utf8_next(&p, &left), next = 0;
        if (left) utf8_decode(p, left, &next);
        double il, ir, em = layout_advance_of(m, 0x4E00);
        bool half = next && (lb_squeezable(cp, next, layout_advance_of, layout_ink_of, m) ||
                             (cp == 0xFF0E && prev >= '0' && prev <= '9' && layout_ink_of(m, cp, &il, &ir) && ir <= em * 0.55));
        char enc[4];
        buf_append(&b, enc, (size_t)utf8_encode(half ? cp + FONT_HALF : cp, enc));
        changed |= half;
        prev = cp;
    }
    if (!changed) {
        buf_free(&b);
        return NULL;
    }
    return buf_take(&b);
}

/* A paragraph on the grid: first line indented `indent` characters,
 * justified but for its last line; centred when `center`. */
/* A new page unless `need` grid lines are left on this one; once more if
 * a floated chart, drawn at the new page's top, leaves fewer. */
static void new_page_unless_room(Flow *fl, int need)
{
    for (int turns = 0; turns < 2 && fl->line > 0 && LINES_PER_PAGE - fl->line < need; turns++) layout_new_page(fl);
}

void layout_paragraph_keep(Flow *fl, const char *text, const TextStyle *st, ParagraphKeep keep)
{
    const FontRole role = st->role;
    const double size = st->size;
    const int indent = st->indent, hang = st->hang, keep_after = keep.keep_after, bookmark_level = keep.bookmark_level;
    const Align align = st->align;
    const bool balance = keep.balance;
    Measure m = { fl->fs, role, size };
    double pitch = size * CHAR_PITCH / BODY_SIZE;
    const char *original = text;            /* for the bookmark: the characters themselves */
    char *compressed = layout_compress_punctuation(fl, text, &m);
    if (compressed) text = compressed;
    Line *lines;
    size_t n = linebreak_pushin(text, strlen(text), block_w(fl) - indent * pitch, block_w(fl) - hang * pitch, layout_advance_of, layout_ink_of,
                                &m, &lines);
    if (balance && n > 1) {
        free(lines);
        n = linebreak_title(text, strlen(text), block_w(fl), layout_advance_of, &m, &lines);
    }
    /* a heading keeps `keep_after` lines of what follows on its page */
    if (keep_after) new_page_unless_room(fl, (int)n + keep_after);
    /* no single line of a paragraph alone at a page's foot, and a paragraph
     * of two or three lines never split (1 + 1, 1 + 2, 2 + 1) */
    if (n > 1) new_page_unless_room(fl, n <= 3 ? (int)n : 2);
    for (size_t i = 0; i < n; i++) {
        if (i == 0 && bookmark_level > 0) {
            if (fl->line >= LINES_PER_PAGE) layout_new_page(fl);
            char *plain = without_marks(original);
            pdfdoc_bookmark(fl->doc, bookmark_level, plain, block_top(fl) - fl->line * LINE_PITCH);
            free(plain);
        }
        if (fl->break_row && i == fl->break_row) layout_new_page(fl);   /* its last lines go with a signature */
        /* ... nor alone at the next page's head: carry one more line over */
        if (n > 3 && i + 2 == n && fl->line == 21 && i > 0) layout_new_page(fl);
        if (fl->line >= LINES_PER_PAGE) layout_new_page(fl);
        /* the baseline sits at the grid line's bottom less the descent */
        double y = block_top(fl) - (fl->line + 1) * LINE_PITCH + (LINE_PITCH - size) / 2 + size * 0.12;
        double x = block_left(fl) + (i == 0 ? indent : hang) * pitch;
        double measure = block_w(fl) - (i == 0 ? indent : hang) * pitch;
        double cs = 0;
        if (align == ALIGN_CENTER) x = block_left(fl) + (block_w(fl) - lines[i].width) / 2;
        else if (align == ALIGN_RIGHT) x = block_left(fl) + block_w(fl) - lines[i].width;
        else if (align == ALIGN_JUSTIFY && !lines[i].last) cs = layout_justify_space(text, &lines[i], measure, size);
        layout_draw_text_line(fl, st, x, y, text, &lines[i], cs);
        fl->line++;
    }
    free(lines);
    free(compressed);
}

static void blank_line(Flow *fl)
{
    if (fl->line > 0 && fl->line < LINES_PER_PAGE) fl->line++;
}


/* ---- measuring text ---- */

double layout_text_width(Flow *fl, FontRole role, double size, const char *text)
{
    Measure m = { fl->fs, role, size };
    return layout_natural_width(text, &m);
}

/* Ascent and descent (points) of the font that draws text's first character. */
void layout_text_extents(Flow *fl, FontRole role, double size, const char *text, double *asc, double *desc)
{
    uint32_t cp = ' ';
    if (*text) utf8_decode((const unsigned char *)text, strlen(text), &cp);
    long f = fontset_pick(fl->fs, role, cp);
    *asc = (f >= 0 ? fontset_ascent(fl->fs, (size_t)f) : 0.88) * size;
    *desc = (f >= 0 ? fontset_descent(fl->fs, (size_t)f) : 0.12) * size;
}

/* Baseline that centres a line's text box (ascent + descent) in grid line n. */
double layout_grid_baseline(Flow *fl, FontRole role, double size, const char *text, int n)
{
    double asc, desc;
    layout_text_extents(fl, role, size, text, &asc, &desc);
    double top = block_top(fl) - n * LINE_PITCH;
    return top - (LINE_PITCH - asc - desc) / 2 - asc;
}

/* The first grid line wholly below y. */
int layout_line_below(const Flow *fl, double y) { return (int)ceil((block_top(fl) - y) / LINE_PITCH - 1e-6); }

/* Width of the widest unbreakable piece of text (a cell's minimum). */
/* The end of a date at s (2024年10月15日, 2024年10月, 10月15日), or s. */
static const char *date_end(const char *s)
{
    static const char *const UNIT[] = { "年", "月", "日" };
    const char *p = s;
    int parts = 0;
    for (int u = 0; u < 3; u++) {
        const char *q = p;
        while (*q >= '0' && *q <= '9') q++;
        if (q == p || strncmp(q, UNIT[u], 3) != 0) {
            if (parts == 0 && u < 2) continue;   /* a date may start at its month */
            break;
        }
        p = q + 3;
        parts++;
    }
    return parts >= 2 ? p : s;
}

/* Is text a date and nothing else (2024年10月15日)? */
bool layout_is_date(const char *text)
{
    return *text >= '0' && *text <= '9' && *date_end(text) == '\0';
}

/* Does a line of text end inside a date (2024年10 / 月15日, 2024年 /
 * 10月15日)? A table's columns are balanced to keep dates whole where
 * they can. */
bool layout_date_split(const char *text, const Line *lines, size_t n)
{
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9' || (p > text && p[-1] >= '0' && p[-1] <= '9')) continue;
        const char *e = date_end(p);
        if (e == p) continue;
        size_t a = (size_t)(p - text), b = (size_t)(e - text);
        for (size_t i = 0; i + 1 < n; i++)
            if (lines[i].end > a && lines[i].end < b) return true;
        p = e - 1;
    }
    return false;
}

double layout_min_width(const char *text, Measure *m)
{
    Line *lines;
    size_t n = linebreak(text, strlen(text), 1e-3, 1e-3, layout_advance_of, m, &lines);
    double w = 0;
    for (size_t i = 0; i < n; i++) w = fmax(w, lines[i].width);
    free(lines);
    return w;
}

double layout_natural_width(const char *text, Measure *m)
{
    double w = 0;
    const unsigned char *p = (const unsigned char *)text;
    size_t left = strlen(text);
    while (left) w += layout_advance_of(m, utf8_next(&p, &left));
    return w;
}


/* The blocks of a tree in order, each part (BLOCK_PART) made when it is
 * reached and freed when it is left. Every block has a flat number, its
 * place in the tree with its parts written out; a pass over the same tree
 * numbers the blocks alike, so the breaks one pass finds apply to the
 * next. Look-ahead and look-behind stay inside the current container (the
 * tree, or the part being laid out). */
typedef struct {
    const DocTree *top;
    size_t top_i;            /* the current block of top, or the part being walked */
    DocTree *part;           /* NULL: walking top */
    size_t part_i;
    size_t flat;             /* the current block's flat number */
    bool failed;             /* a part could not be made */
} Cursor;

static const DocTree *cur_tree(const Cursor *c) { return c->part ? c->part : c->top; }
static size_t cur_index(const Cursor *c) { return c->part ? c->part_i : c->top_i; }

/* Settle on a block at or after the current place: enter parts, leave
 * finished ones. NULL at the end of the tree. */
static const Block *cursor_block(Cursor *c)
{
    for (;;) {
        if (c->part) {
            if (c->part_i < c->part->n) return &c->part->blocks[c->part_i];
            doctree_free(c->part);
            c->part = NULL;
            c->top_i++;
            continue;
        }
        if (c->top_i >= c->top->n) return NULL;
        const Block *b = &c->top->blocks[c->top_i];
        if (b->kind != BLOCK_PART) return b;
        DocTree *p = c->top->parts.make ? c->top->parts.make(c->top->parts.ctx, b->anchor) : NULL;
        if (!p) c->failed = true;
        if (!p || p->n == 0) {
            doctree_free(p);
            c->top_i++;
            continue;
        }
        c->part = p;
        c->part_i = 0;
    }
}

static void cursor_next(Cursor *c)
{
    if (c->part) c->part_i++;
    else c->top_i++;
    c->flat++;
}

static void cursor_end(Cursor *c) { doctree_free(c->part); c->part = NULL; }

static double chart_height(Flow *fl, const Block *b, double *flex, double *least);
static bool flows_past_chart(const Block *b);

/* Grid lines the start of block i takes on a page: two of a paragraph
 * (all of one of three lines or fewer, which never splits), a
 * table's header with its first rows, a chart whole (as closed up as it
 * may be; the start of one taller than a page), or two when the chart
 * would float below the text after it. */
static int start_lines(Flow *fl, const DocTree *t, size_t i)
{
    const Block *b = &t->blocks[i];
    if (b->kind == BLOCK_TABLE && !b->table->landscape) return layout_table_start_lines(fl, b->table);
    if (b->kind == BLOCK_PARAGRAPH) {   /* one of two or three lines is never split */
        /* wider than three lines: no need to break it here (the layout does, right after) */
        Measure m = { fl->fs, b->role, b->size };
        if (b->text && layout_natural_width(b->text, &m) > 3.2 * block_w(fl)) return 2;
        int n = (int)count_lines(fl, b);
        return n <= 3 ? n : 2;
    }
    if (b->kind != BLOCK_CHART || (i + 1 < t->n && flows_past_chart(&t->blocks[i + 1]))) return 2;
    double flex, least, h = chart_height(fl, b, &flex, &least);
    if (h <= 0) return 2;
    if (h > block_h(fl)) return 6;   /* its title, three rows and the axis */
    return (int)ceil(least / LINE_PITCH - 1e-6);
}

/* A heading keeps the start of what follows on its page (start_lines),
 * and with it any headings that directly follow it (一、 then （一） then
 * text): never the last line of a page. */
static int keep_lines(Flow *fl, const DocTree *t, size_t i)
{
    int keep = 0;
    size_t j = i + 1;
    for (; j < t->n && t->blocks[j].kind == BLOCK_HEADING; j++) keep++;
    return keep + (j < t->n ? start_lines(fl, t, j) : 2);
}

/* Blocks where a signature group would begin a page with no body text
 * above it (GB/T 9704: the signature never stands alone): the block before
 * the group, which then starts a new page and takes the group along (or,
 * a long table, its last two rows). One
 * per part of the document between odd-page starts (the reports of a
 * pack): each part starts on a fresh page, so carrying a block in one
 * part changes nothing in the next, and one pass finds them all. */
typedef struct {
    size_t block;          /* flat block number */
    size_t row;            /* 0: before the block; else before this row of the table it is */
} BreakAt;

typedef struct {
    BreakAt *at;           /* ascending */
    size_t n, cap;
} Breaks;

/* What the first pass tracks to find those blocks. */
typedef struct {
    size_t group_start;    /* flat number of the current keep-with-next group's first block */
    bool part_has_orphan;
} GroupState;

/* What of block x (flat; in the cursor's container, before it) goes to
 * the next page with a signature group. Not all of a long table or
 * paragraph: its last two rows or lines (a page left half empty is no
 * better than a lone signature). A block carried whole takes the headings
 * right before it along. */
static BreakAt carried_part(Flow *fl, const Cursor *c, size_t x)
{
    const DocTree *t = cur_tree(c);
    size_t i = cur_index(c);
    if (c->flat - x > i) return (BreakAt){ x, 0 };
    size_t xi = i - (c->flat - x);
    const Block *xb = &t->blocks[xi];
    if (xb->kind == BLOCK_TABLE && layout_table_divisible(xb->table)) return (BreakAt){ x, xb->table->n_rows - 2 };
    if (xb->kind == BLOCK_PARAGRAPH) {
        size_t n = count_lines(fl, xb);
        if (n >= 4) return (BreakAt){ x, n - 2 };
    }
    while (xi > 0 && x > 0 && t->blocks[xi - 1].kind == BLOCK_HEADING) {
        xi--;
        x--;
    }
    return (BreakAt){ x, 0 };
}

static void find_orphan(Flow *fl, const Cursor *c, const Block *b, GroupState *g, Breaks *orphans)
{
    const DocTree *t = cur_tree(c);
    size_t i = cur_index(c);
    if (b->kind == BLOCK_ODD_PAGE) g->part_has_orphan = false;
    bool in_group = b->keep_with_next || b->kind == BLOCK_SIGNATURE;
    if (in_group && (c->flat == 0 || i == 0 || !t->blocks[i - 1].keep_with_next)) g->group_start = c->flat;
    if (!in_group || g->part_has_orphan || g->group_start == 0 || g->group_start == (size_t)-1 ||
        b->kind == BLOCK_BLANK)
        return;
    int need = b->kind == BLOCK_SIGNATURE ? (b->text3 ? 4 : 3) : (int)count_lines(fl, b);
    if (fl->line != 0 && fl->line + need <= LINES_PER_PAGE) return;
    /* the block before the group goes along, with whatever is kept with it
     * (inside this container: x counts back from the current block) */
    size_t x = g->group_start - 1;
    while (x > 0 && c->flat - x + 1 <= i && t->blocks[i - (c->flat - x + 1)].keep_with_next) x--;
    if (orphans->n && orphans->at[orphans->n - 1].block >= x) return;
    *ARRAY_PUSH(orphans->at, orphans->n, orphans->cap) = carried_part(fl, c, x);
    g->part_has_orphan = true;
}

/* A two-sided document ending on an odd page gets the back of its last
 * sheet: a blank page without a number. */
static void blank_back(Flow *fl)
{
    if (fl->numbered) page_number(fl);
    pdfdoc_page(fl->doc, page_w(fl), page_h(fl));
    fl->page++;
    fl->numbered = false;
}

static void layout_odd_page(Flow *fl)
{
    /* for two-sided printing: the next part starts on a right-hand page */
    if (fl->line > 0 || fl->page % 2 == 0) {
        if (fl->line > 0) layout_new_page(fl);
        if (fl->page % 2 == 0) {
            fl->numbered = false;   /* a blank page carries no number */
            layout_new_page(fl);
        }
    }
}

static void layout_chart_block(Flow *fl, const Block *b)
{
    if (b->chart->kind == CHART_LINES) layout_line_chart(fl, b);
    else layout_chart(fl, b);
}

/* A chart's height where it is drawn whole (0: one set as a table, or
 * empty, which never floats); *flex: the part that may close up by 15 %
 * when text could instead flow past it; *least: its height closed up as
 * far as it goes where nothing can (layout_chart, layout_line_chart). */
static double chart_height(Flow *fl, const Block *b, double *flex, double *least)
{
    const Chart *c = b->chart;
    *flex = 0;
    *least = 0;
    if (c->n == 0) return 0;
    if (c->kind != CHART_LINES) return layout_bar_chart_height(fl, b, flex, least);
    if (c->n_series == 0 || c->n_series > MAX_LINE_SERIES) return 0;
    double size = b->size, item_w = 0;
    for (size_t s = 0; s < c->n_series; s++) {
        char *name = layout_fit_label(fl, b->role, size, c->series_names[s], block_w(fl) / 2 - size * 3);
        item_w = fmax(item_w, layout_text_width(fl, b->role, size, name) + size * 3);
        free(name);
    }
    size_t per_row = (size_t)fmax(1, floor(block_w(fl) / item_w));
    size_t legend_rows = (c->n_series + per_row - 1) / per_row;
    *flex = 8 * LINE_PITCH - size * 2;
    double h = layout_chart_title_height(b) + size + *flex + size * 2.2 + (double)legend_rows * size * 1.8;
    *least = h - *flex * (1 - CHART_SHRINK);
    return h;
}

/* Draw the floated chart: at the next page's top, or here on a fresh page. */
static void place_pending(Flow *fl)
{
    if (fl->line > 0) {
        layout_new_page(fl);   /* draws it */
        return;
    }
    const Block *p = fl->pending;
    fl->pending = NULL;
    layout_chart_block(fl, p);
}

/* What may flow up past a floated chart: paragraphs, headings and tables
 * (not one on turned pages, which start pages of their own), and a line
 * chart of more series than a reader can tell apart, which is set as a
 * table. */
static bool flows_past_chart(const Block *b)
{
    if (b->kind == BLOCK_CHART) return b->chart->kind == CHART_LINES && b->chart->n_series > MAX_LINE_SERIES;
    return b->kind == BLOCK_PARAGRAPH || b->kind == BLOCK_HEADING || (b->kind == BLOCK_TABLE && !b->table->landscape);
}

/* A chart too tall for the rest of the page even closed up by 15%, with
 * text after it: it floats below that text to the next page's top
 * (typesetting.md: never more than a few lines left empty for a figure). */
static bool chart_floats(Flow *fl, const DocTree *t, size_t i)
{
    const Block *b = &t->blocks[i];
    if (b->kind != BLOCK_CHART || fl->line == 0 || fl->line >= LINES_PER_PAGE || fl->pending) return false;
    if (i + 1 >= t->n || !flows_past_chart(&t->blocks[i + 1])) return false;
    double flex, least, h = chart_height(fl, b, &flex, &least);
    double room = block_h(fl) - fl->line * LINE_PITCH - b->size;
    if (h <= 0 || h > block_h(fl) + 1e-6) return false;   /* one taller than a page is divided where it stands */
    return h - flex * (1 - CHART_SHRINK) > room;   /* not even closed up */
}

/* Grid lines of a signature that follows block i (after blank lines kept
 * with it): 4 with its seal's room, else 3, plus those blanks. The
 * signature never stands alone on a page (find_orphan carries block i
 * along), so block i leaves it room. 0 when no signature follows. */
static int kept_group_lines(const DocTree *t, size_t i)
{
    int n = 0;
    size_t j = i + 1;
    for (; j < t->n && t->blocks[j].kind == BLOCK_BLANK && t->blocks[j].keep_with_next; j++) n++;
    if (j < t->n && t->blocks[j].kind == BLOCK_SIGNATURE) return n + (t->blocks[j].text3 ? 4 : 3);
    return 0;
}

static void layout_block(Flow *fl, const DocTree *t, size_t i)
{
    const Block *b = &t->blocks[i];
    TextStyle st = { b->role, b->size, layout_text_cmyk(b->color), b->align, b->indent, b->hang };
    switch (b->kind) {
    case BLOCK_TITLE:
        layout_paragraph_keep(fl, b->text, &st, (ParagraphKeep){ keep_lines(fl, t, i), true, 1 });
        break;
    case BLOCK_HEADING:
        layout_paragraph_keep(fl, b->text, &st, (ParagraphKeep){ keep_lines(fl, t, i), false, b->level + 1 });
        break;
    case BLOCK_PARAGRAPH:
        layout_paragraph_keep(fl, b->text, &st, (ParagraphKeep){ 0, false, 0 });
        break;
    case BLOCK_RED_HEADER: layout_red_header(fl, b); break;
    case BLOCK_DOC_NUMBER: layout_doc_number(fl, b); break;
    case BLOCK_SIGNATURE: layout_signature(fl, b); break;
    case BLOCK_ATTACHMENT: layout_attachment(fl, b); break;
    case BLOCK_COLOPHON: layout_colophon(fl, b); break;
    case BLOCK_BLANK: blank_line(fl); break;
    case BLOCK_PAGE_BREAK:
        if (fl->line > 0) layout_new_page(fl);
        break;
    case BLOCK_ODD_PAGE: layout_odd_page(fl); break;
    case BLOCK_TABLE:
        if (b->table->landscape) switch_geometry(fl, &LANDSCAPE);
        layout_table(fl, b->table);
        if (b->table->landscape) switch_geometry(fl, &PORTRAIT);
        break;
    case BLOCK_HEAD_MARK: layout_head_mark(fl, b); break;
    case BLOCK_ANCHOR: pdfdoc_anchor(fl->doc, b->anchor); break;
    case BLOCK_CHART:
        fl->keep_below = kept_group_lines(t, i);
        layout_chart_block(fl, b);
        fl->keep_below = 0;
        break;
    case BLOCK_PART: break;   /* the cursor has entered it */
    }
}

/* One pass over the tree. breaks: blocks to start on a new page (the
 * second pass); orphans, when not NULL, collects them (the first).
 * False when a part could not be made. */
static bool layout_pass(PdfDoc *doc, const DocTree *t, const FontSet *fs, const char *label, const Breaks *breaks,
                        Breaks *orphans)
{
    Flow fl = { .doc = doc, .fs = fs, .label = label, .numbered = true, .geom = &PORTRAIT,
                .full_punctuation = t->full_punctuation };
    pdfdoc_set_info(fl.doc, t->title, t->author, t->subject);
    layout_new_page(&fl);
    if (t->cover) fl.numbered = false;
    GroupState g = { (size_t)-1, false };
    size_t next_break = 0;
    Cursor c = { .top = t };
    for (const Block *b; (b = cursor_block(&c)); cursor_next(&c)) {
        if (breaks && next_break < breaks->n && breaks->at[next_break].block == c.flat) {
            fl.break_row = breaks->at[next_break].row;   /* a table's (layout_table) */
            if (fl.break_row == 0 && fl.line > 0) layout_new_page(&fl);
            next_break++;
        }
        if (orphans) find_orphan(&fl, &c, b, &g, orphans);
        if (fl.pending && !flows_past_chart(b)) place_pending(&fl);   /* the text it floated below has ended */
        if (chart_floats(&fl, cur_tree(&c), cur_index(&c))) {
            fl.pending = b;
            continue;
        }
        layout_block(&fl, cur_tree(&c), cur_index(&c));
        fl.break_row = 0;
    }
    if (fl.pending) place_pending(&fl);
    cursor_end(&c);
    if (t->duplex && fl.page % 2 == 1) blank_back(&fl);
    if (fl.numbered) page_number(&fl);
    return !c.failed;
}

PdfDoc *layout_document(const DocTree *t, const FontSet *fs, const char *label)
{
    Breaks orphans = {0};
    PdfDoc *doc = pdfdoc_new(fs);
    bool ok = layout_pass(doc, t, fs, label, NULL, &orphans);
    if (ok && orphans.n) {
        /* carry the last body block over with the signature */
        pdfdoc_free(doc);
        doc = pdfdoc_new(fs);
        ok = layout_pass(doc, t, fs, label, &orphans, NULL);
    }
    free(orphans.at);
    if (!ok) {
        pdfdoc_free(doc);
        return NULL;
    }
    return doc;
}

bool layout_document_into(const DocTree *t, const FontSet *fs, const char *label, PdfDoc *out)
{
    /* the pass that finds a lone signature only counts: what it draws past
     * the first part is not kept */
    Breaks orphans = {0};
    PdfDoc *counting = pdfdoc_new(fs);
    bool ok = layout_pass(counting, t, fs, label, NULL, &orphans);
    pdfdoc_free(counting);
    if (ok) ok = layout_pass(out, t, fs, label, &orphans, NULL);
    free(orphans.at);
    return ok;
}

/* Lines a text block takes (for look-ahead). */
static size_t count_lines(const Flow *fl, const Block *b)
{
    if (!b->text || (b->kind != BLOCK_PARAGRAPH && b->kind != BLOCK_HEADING && b->kind != BLOCK_TITLE)) return 1;
    Measure m = { fl->fs, b->role, b->size };
    double pitch = b->size * CHAR_PITCH / BODY_SIZE;
    char *compressed = layout_compress_punctuation(fl, b->text, &m);
    const char *text = compressed ? compressed : b->text;
    Line *lines;
    size_t n = linebreak_pushin(text, strlen(text), block_w(fl) - b->indent * pitch, block_w(fl) - b->hang * pitch,
                                layout_advance_of, layout_ink_of, &m, &lines);
    free(lines);
    free(compressed);
    return n;
}
