/* layout.c - see layout.h. */
#include "typeset/layout.h"
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
typedef struct {
    double page_w, page_h, left, top_margin, block_w, block_h;
} Geometry;

/* The ink of a text colour. */
static Cmyk text_cmyk(TextColor c)
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

#define BODY_SIZE 16.0
#define ERHAO_SIZE 22.0          /* 二号, the notice title's size */
#define LINES_PER_PAGE 22        /* GB/T 9704: 22 lines of 28 characters */
/* the body grid is the portrait page's on every page */
#define LINE_PITCH (MM(225) / LINES_PER_PAGE)
#define CHAR_PITCH (MM(156) / 28)

typedef struct {
    PdfDoc *doc;
    const FontSet *fs;
    const char *label;   /* for warnings: "rmyy 工作进展情况报告" */
    int line;            /* next grid line on the current page, 0..21 */
    int page;
    bool numbered;       /* the current page gets a page number */
    bool rules_off;      /* the table being laid out has no borders */
    bool marks_only;     /* the page holds only 份号/密级/紧急程度 so far */
    const Geometry *geom;   /* the current page's: portrait, or turned for a wide table */
    bool full_punctuation;  /* @fullwidth: adjacent punctuation keeps its full widths */
    const Block *pending;   /* a chart floated below the paragraphs after it: drawn at the next page's top */
} Flow;

/* The page and text block of the flow's current geometry (portrait or
 * landscape). */
static inline double page_w(const Flow *fl) { return fl->geom->page_w; }
static inline double page_h(const Flow *fl) { return fl->geom->page_h; }
static inline double block_left(const Flow *fl) { return fl->geom->left; }
static inline double block_top(const Flow *fl) { return fl->geom->page_h - fl->geom->top_margin; }
static inline double block_w(const Flow *fl) { return fl->geom->block_w; }
static inline double block_h(const Flow *fl) { return fl->geom->block_h; }

static void layout_chart_block(Flow *fl, const Block *b);

static size_t count_lines(const Flow *fl, const Block *b);

typedef struct {
    const FontSet *fs;
    FontRole role;
    double size;
} Measure;

static double natural_width(const char *text, Measure *m);

static double advance_of(void *ctx, uint32_t cp)
{
    Measure *m = ctx;
    if (lb_is_mark(cp)) return 0;
    if (font_is_half(cp)) return advance_of(ctx, cp - FONT_HALF) / 2;   /* push-in */
    long f = fontset_pick(m->fs, m->role, cp);
    if (f < 0) return m->size;
    /* CJK glyphs sit on the character pitch of the grid */
    double w = fontset_advance(m->fs, (size_t)f, cp) * m->size;
    return w >= m->size * 0.99 ? m->size * CHAR_PITCH / BODY_SIZE : w;
}

static bool ink_of(void *ctx, uint32_t cp, double *left, double *right)
{
    Measure *m = ctx;
    long f = fontset_pick(m->fs, m->role, cp);
    if (f < 0 || !fontset_ink(m->fs, (size_t)f, cp, left, right)) return false;
    *left *= m->size;
    *right *= m->size;
    return true;
}

static void draw_line(Flow *fl, FontRole role, double size, double x, double y, const char *s, size_t len,
                      double stretch, Cmyk color);

/* 4号 (14 pt) — N —, its 一字线 7 mm below the text block (GB/T 9704
 * 7.5: the dash, not the top of the line); odd pages right-aligned one
 * character in from the block's right edge, even pages left-aligned one
 * character in. */
static void page_number(Flow *fl)
{
    char s[64];
    snprintf(s, sizeof s, "— %d —", fl->page);
    Measure m = { fl->fs, ROLE_ST, 14 };
    double w = natural_width(s, &m);   /* measured as draw_line sets it */
    long dash_file = fontset_pick(fl->fs, ROLE_ST, 0x2014);
    double bottom, top, mid = 0.3 * 14;   /* where a dash sits in most CJK fonts */
    if (dash_file >= 0 && fontset_ink_height(fl->fs, (size_t)dash_file, 0x2014, &bottom, &top))
        mid = (bottom + top) / 2 * 14;
    double y = block_top(fl) - block_h(fl) - MM(7) - mid;
    double x = fl->page % 2 ? block_left(fl) + block_w(fl) - 14 - w : block_left(fl) + 14;
    draw_line(fl, ROLE_ST, 14, x, y, s, strlen(s), 0, CMYK_BLACK);
}

static void new_page(Flow *fl)
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

/* draw_line from a bold state (a line of a paragraph starts where the
 * lines above left off). */
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
        double adv = advance_of(&m, cp0);
        double inner = latin ? 0 : stretch;          /* spacing between this run's characters */
        double cs = inner + adv - font_adv;
        double stroke = fontset_stroke(fl->fs, role, (size_t)(font >= 0 ? font : 0)) * size;
        if (bold && stroke < BOLD_STROKE * size && !(font >= 0 && fontset_is_bold_face(fl->fs, (size_t)font)))
            stroke = BOLD_STROKE * size;
        if (font >= 0) pdfdoc_text(fl->doc, (size_t)font, role, size, run_x, y, s + run, i - run, cs, stroke, color);
        x = run_x + (double)n * adv + (double)(n - 1) * inner;
        if (i < len) x += stretch;                   /* the gap after the run */
    }
}

static void draw_line(Flow *fl, FontRole role, double size, double x, double y, const char *s, size_t len,
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
static void draw_text_line(Flow *fl, FontRole role, double size, double x, double y, const char *text, const Line *ln,
                           double stretch, Cmyk color)
{
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
static double justify_space(const char *text, const Line *ln, double measure, double size)
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
static char *compress_punctuation(const Flow *fl, const char *text, Measure *m)
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
        double il, ir, em = advance_of(m, 0x4E00);
        bool half = next && (lb_squeezable(cp, next, advance_of, ink_of, m) ||
                             (cp == 0xFF0E && prev >= '0' && prev <= '9' && ink_of(m, cp, &il, &ir) && ir <= em * 0.55));
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
static void paragraph_keep(Flow *fl, const char *text, FontRole role, double size, int indent, int hang,
                           Align align, Cmyk color, int keep_after, bool balance, int bookmark_level)
{
    Measure m = { fl->fs, role, size };
    double pitch = size * CHAR_PITCH / BODY_SIZE;
    const char *original = text;            /* for the bookmark: the characters themselves */
    char *compressed = compress_punctuation(fl, text, &m);
    if (compressed) text = compressed;
    Line *lines;
    size_t n = linebreak_pushin(text, strlen(text), block_w(fl) - indent * pitch, block_w(fl) - hang * pitch, advance_of, ink_of,
                                &m, &lines);
    if (balance && n > 1) {
        free(lines);
        n = linebreak_title(text, strlen(text), block_w(fl), advance_of, &m, &lines);
    }
    int room = LINES_PER_PAGE - fl->line;
    /* a heading keeps `keep_after` lines of what follows on its page */
    if (keep_after && fl->line > 0 && room < (int)n + keep_after) new_page(fl);
    /* no single line of a paragraph alone at a page's foot, and a paragraph
     * of two or three lines never split (1 + 1, 1 + 2, 2 + 1) */
    room = LINES_PER_PAGE - fl->line;
    if (fl->line > 0 && ((n > 1 && room == 1) || (n > 1 && n <= 3 && room < (int)n))) new_page(fl);
    for (size_t i = 0; i < n; i++) {
        if (i == 0 && bookmark_level > 0) {
            if (fl->line >= LINES_PER_PAGE) new_page(fl);
            char *plain = without_marks(original);
            pdfdoc_bookmark(fl->doc, bookmark_level, plain, block_top(fl) - fl->line * LINE_PITCH);
            free(plain);
        }
        /* ... nor alone at the next page's head: carry one more line over */
        if (n > 3 && i + 2 == n && fl->line == 21 && i > 0) new_page(fl);
        if (fl->line >= LINES_PER_PAGE) new_page(fl);
        /* the baseline sits at the grid line's bottom less the descent */
        double y = block_top(fl) - (fl->line + 1) * LINE_PITCH + (LINE_PITCH - size) / 2 + size * 0.12;
        double x = block_left(fl) + (i == 0 ? indent : hang) * pitch;
        double measure = block_w(fl) - (i == 0 ? indent : hang) * pitch;
        double cs = 0;
        if (align == ALIGN_CENTER) x = block_left(fl) + (block_w(fl) - lines[i].width) / 2;
        else if (align == ALIGN_RIGHT) x = block_left(fl) + block_w(fl) - lines[i].width;
        else if (align == ALIGN_JUSTIFY && !lines[i].last) cs = justify_space(text, &lines[i], measure, size);
        draw_text_line(fl, role, size, x, y, text, &lines[i], cs, color);
        fl->line++;
    }
    free(lines);
    free(compressed);
}

static void blank_line(Flow *fl)
{
    if (fl->line > 0 && fl->line < LINES_PER_PAGE) fl->line++;
}


/* ---- tables ------------------------------------------------------------------- */

#define CELL_PAD_X 4.0     /* points left and right of a cell's text */
#define CELL_PAD_Y 3.0

typedef struct {
    Line *lines;
    size_t n;
    char *text;          /* the cell's text with its punctuation compressed; NULL: the cell's own */
} CellLines;

/* Width of the widest unbreakable piece of text (a cell's minimum). */
static double min_width(const char *text, Measure *m)
{
    Line *lines;
    size_t n = linebreak(text, strlen(text), 1e-3, 1e-3, advance_of, m, &lines);
    double w = 0;
    for (size_t i = 0; i < n; i++) w = fmax(w, lines[i].width);
    free(lines);
    return w;
}

static double natural_width(const char *text, Measure *m)
{
    double w = 0;
    const unsigned char *p = (const unsigned char *)text;
    size_t left = strlen(text);
    while (left) w += advance_of(m, utf8_next(&p, &left));
    return w;
}

/* Column widths in points filling the text block: fixed columns first,
 * automatic ones at their natural width (shrunk towards their minimum when
 * space is short), relative ones share what is left. */
/* The natural (unbroken) and least (longest unbreakable run) widths of
 * column c's content, padding included. */
/* A cell this short (序时推进, 100.0%) is a word: never broken when the
 * columns can be fitted otherwise ("序时/推进" reads as two words). */
#define SHORT_CELL_EM 4.5

static void column_extent(Flow *fl, const Table *tb, size_t c, double *nat, double *least)
{
    *nat = *least = 0;
    for (size_t r = 0; r < tb->n_rows; r++) {
        const char *text = tb->cells[r * tb->n_cols + c];
        if (!text) continue;
        Measure m = { fl->fs, doc_table_cell_role(tb, r, c), tb->size };
        double n = natural_width(text, &m);
        *nat = fmax(*nat, n);
        *least = fmax(*least, n <= SHORT_CELL_EM * tb->size + 0.01 ? n : min_width(text, &m));
    }
    *nat += 2 * CELL_PAD_X;
    *least += 2 * CELL_PAD_X;
}

/* Automatic columns within budget by water-filling: narrow columns keep
 * their natural width, the widest are capped, none below its minimum. */
static void fit_auto_columns(const Table *tb, const double *nat, const double *minw, double budget, double *w)
{
    size_t nc = tb->n_cols;
    double autos = 0;
    for (size_t c = 0; c < nc; c++)
        if (tb->cols[c].kind == WIDTH_AUTO) autos += nat[c];
    if (autos <= budget) {
        for (size_t c = 0; c < nc; c++)
            if (tb->cols[c].kind == WIDTH_AUTO) w[c] = nat[c];
        return;
    }
    double lo = 0, hi = 0;
    for (size_t c = 0; c < nc; c++) hi = fmax(hi, nat[c]);
    for (int it = 0; it < 50; it++) {
        double cap = (lo + hi) / 2, sum = 0;
        for (size_t c = 0; c < nc; c++)
            if (tb->cols[c].kind == WIDTH_AUTO) sum += fmax(minw[c], fmin(nat[c], cap));
        if (sum > budget) hi = cap;
        else lo = cap;
    }
    for (size_t c = 0; c < nc; c++)
        if (tb->cols[c].kind == WIDTH_AUTO) w[c] = fmax(minw[c], fmin(nat[c], lo));
}

/* What the automatic columns leave goes to the relative ones by weight,
 * or, without any, to the automatic ones in proportion. */
static void spread_rest(const Table *tb, double left, double weights, double *w)
{
    size_t nc = tb->n_cols;
    double used = 0;
    for (size_t c = 0; c < nc; c++)
        if (tb->cols[c].kind == WIDTH_AUTO) used += w[c];
    double rest = fmax(0, left - used);
    if (weights > 0) {
        for (size_t c = 0; c < nc; c++)
            if (tb->cols[c].kind == WIDTH_RELATIVE) w[c] = rest * (tb->cols[c].value > 0 ? tb->cols[c].value : 1) / weights;
    } else if (used > 0 && rest > 0) {
        for (size_t c = 0; c < nc; c++)
            if (tb->cols[c].kind == WIDTH_AUTO) w[c] += rest * w[c] / used;
    }
}

/* ---- columns by their content: the shortest table ---- */

/* Tables up to this many rows are balanced (a notice's lists, a report's
 * tables); a province's summary of thousands keeps the first fit. */
#define BALANCE_ROWS 80
#define BALANCE_STEPS 120

typedef struct {
    Flow *fl;
    const Table *tb;
    double step;          /* width moves in half ems */
    double *w, *minw;
    /* per column and width (in steps from its minimum): the lines of every
     * row's cell there and how many cells end on one or two characters; -1
     * unknown */
    int *lines;           /* [c][k][r] */
    int *tails;           /* [c][k] */
} Balance;

/* Lines of column c's cells at width step k (computed once). */
static const int *column_lines(Balance *bl, size_t c, int k)
{
    const Table *tb = bl->tb;
    size_t nr = tb->n_rows;
    int *at = bl->lines + (c * BALANCE_STEPS + (size_t)k) * nr;
    if (bl->tails[c * BALANCE_STEPS + (size_t)k] >= 0) return at;
    double inner = fmax(bl->minw[c] + k * bl->step - 2 * CELL_PAD_X, tb->size);
    int tails = 0;
    for (size_t r = 0; r < nr; r++) {
        const char *text = tb->cells[r * tb->n_cols + c];
        at[r] = 0;
        if (!text || !*text) continue;
        Measure m = { bl->fl->fs, doc_table_cell_role(tb, r, c), tb->size };
        Line *lines = NULL;
        size_t n = linebreak_ragged(text, strlen(text), inner, inner, advance_of, ink_of, &m, &lines);
        at[r] = (int)n;
        if (n >= 2 && lines[n - 1].n_chars <= 2) tails++;
        free(lines);
    }
    bl->tails[c * BALANCE_STEPS + (size_t)k] = tails;
    return at;
}

/* The table's height in lines (each row its tallest cell), then its cells
 * ending on a line of one or two characters: smaller is better. */
static long table_cost(Balance *bl, const int *k)
{
    const Table *tb = bl->tb;
    size_t nc = tb->n_cols;
    long lines = 0, tails = 0;
    const int *col[64];
    for (size_t c = 0; c < nc; c++) {
        col[c] = tb->cols[c].kind == WIDTH_FIXED ? NULL : column_lines(bl, c, k[c]);
        if (col[c]) tails += bl->tails[c * BALANCE_STEPS + (size_t)k[c]];
    }
    for (size_t r = 0; r < tb->n_rows; r++) {
        int h = tb->row_min_lines[r];
        for (size_t c = 0; c < nc; c++)
            if (col[c] && col[c][r] > h) h = col[c][r];
        lines += h;
    }
    return lines * 1000 + tails;
}

/* Move width, half an em at a time, from a column that can spare it to one
 * that then needs fewer lines, while the table gets shorter (or as short
 * with fewer cells wrapping to one or two characters): the date column
 * gives to the task names. */
static void balance_columns(Flow *fl, const Table *tb, double *w, double *minw)
{
    size_t nc = tb->n_cols, flexible = 0;
    for (size_t c = 0; c < nc; c++) flexible += tb->cols[c].kind != WIDTH_FIXED;
    if (tb->n_rows > BALANCE_ROWS || flexible < 2 || nc > 64) return;
    Balance bl = { fl, tb, tb->size / 2, w, minw, NULL, NULL };
    bl.lines = xmalloc(nc * BALANCE_STEPS * tb->n_rows * sizeof *bl.lines);
    bl.tails = xmalloc(nc * BALANCE_STEPS * sizeof *bl.tails);
    for (size_t i = 0; i < nc * BALANCE_STEPS; i++) bl.tails[i] = -1;
    int k[64], best_k[64];
    for (size_t c = 0; c < nc; c++) {
        minw[c] = fmin(minw[c], w[c]);
        k[c] = (int)floor((w[c] - minw[c]) / bl.step + 1e-9);
        if (k[c] >= BALANCE_STEPS - 1) {   /* a column far wider than its narrowest: leave the table be */
            free(bl.lines);
            free(bl.tails);
            return;
        }
    }
    long cost = table_cost(&bl, k);
    for (int it = 0; it < 2 * BALANCE_STEPS; it++) {
        long best = cost;
        /* moves of up to two ems: one character more rarely saves a line by itself */
        for (size_t d = 0; d < nc; d++)
            for (size_t r = 0; r < nc && tb->cols[d].kind != WIDTH_FIXED; r++) {
                if (r == d || tb->cols[r].kind == WIDTH_FIXED) continue;
                for (int s = 1; s <= 4 && k[d] >= s && k[r] + s < BALANCE_STEPS; s++) {
                    k[d] -= s, k[r] += s;
                    long c2 = table_cost(&bl, k);
                    if (c2 < best) { best = c2; memcpy(best_k, k, nc * sizeof *k); }
                    k[d] += s, k[r] -= s;
                }
            }
        if (best >= cost) break;
        cost = best;
        memcpy(k, best_k, nc * sizeof *k);
    }
    /* the widths moved by whole steps; what was left over stays where it was */
    for (size_t c = 0; c < nc; c++) {
        if (tb->cols[c].kind == WIDTH_FIXED) continue;
        int k0 = (int)floor((w[c] - minw[c]) / bl.step + 1e-9);
        w[c] += (k[c] - k0) * bl.step;
    }
    free(bl.lines);
    free(bl.tails);
}

static double *column_widths(Flow *fl, const Table *tb)
{
    size_t nc = tb->n_cols;
    double *w = xcalloc(nc, sizeof *w), *nat = xcalloc(nc, sizeof *nat), *minw = xcalloc(nc, sizeof *minw);
    double fixed = 0, weights = 0, rel_min = 0;
    for (size_t c = 0; c < nc; c++) {
        if (tb->cols[c].kind == WIDTH_FIXED) {
            w[c] = MM(tb->cols[c].value);
            fixed += w[c];
            continue;
        }
        double n, least;
        column_extent(fl, tb, c, &n, &least);
        if (tb->cols[c].kind == WIDTH_RELATIVE) {
            weights += tb->cols[c].value > 0 ? tb->cols[c].value : 1;
            rel_min += least;
            minw[c] = least;
        } else {
            nat[c] = n;
            minw[c] = fmin(least, n);
        }
    }
    double left = block_w(fl) - fixed;
    /* relative columns keep at least 30% of the space (and their minimum) */
    double budget = weights > 0 ? left - fmax(rel_min, 0.3 * left) : left;
    fit_auto_columns(tb, nat, minw, budget, w);
    spread_rest(tb, left, weights, w);
    /* never wider than the block: scale down whatever overflows */
    double total = 0;
    for (size_t c = 0; c < nc; c++) total += w[c];
    if (total > block_w(fl))
        for (size_t c = 0; c < nc; c++) w[c] *= block_w(fl) / total;
    balance_columns(fl, tb, w, minw);
    free(nat);
    free(minw);
    return w;
}

/* Dot leaders (a table of contents) from x0 to x1 on the baseline: "·" at
 * every half character, a character clear of the text on either side. */
static void leader_dots(Flow *fl, double size, double x0, double x1, double baseline)
{
    double step = size / 2, half_dot = size / 4;
    Buf dots = {0};
    double start = ceil((x0 + size) / step) * step;   /* on a fixed pitch: every row's dots line up */
    size_t n = 0;
    for (double x = start; x + step <= x1 - size / 2; x += step) n++;
    for (size_t i = 0; i < n; i++) buf_puts(&dots, "·");
    if (n) draw_line(fl, ROLE_ST, size, start - half_dot, baseline, dots.data, dots.len, step - size * 0.5, CMYK_BLACK);
    buf_free(&dots);
}

static void draw_cell_line(Flow *fl, const Table *tb, size_t r, size_t c, const Line *ln, const char *text,
                           double x, double w, double baseline, Cmyk color)
{
    FontRole role = doc_table_cell_role(tb, r, c);
    Align a = r < tb->header_rows ? ALIGN_CENTER : tb->cols[c].align;
    double inner = w - 2 * CELL_PAD_X, tx = x + CELL_PAD_X, cs = 0;
    if (a == ALIGN_CENTER) tx += (inner - ln->width) / 2;
    else if (a == ALIGN_RIGHT) tx += inner - ln->width;
    else if (a == ALIGN_JUSTIFY && !ln->last) cs = justify_space(text, ln, inner, tb->size);
    draw_text_line(fl, role, tb->size, tx, baseline, text, ln, cs, color);
    if (tb->leaders && c == 0 && ln->last && r >= tb->header_rows) leader_dots(fl, tb->size, tx + ln->width, x + w, baseline);
}

static void table_rule(Flow *fl, double y, double x0, double x1)
{
    if (!fl->rules_off) pdfdoc_line(fl->doc, x0, y, x1, y, 0.5, CMYK_BLACK);
}

static void column_rules(Flow *fl, const double *x, size_t nc, double top, double bottom)
{
    if (fl->rules_off) return;
    for (size_t c = 0; c <= nc; c++) pdfdoc_line(fl->doc, x[c], top, x[c], bottom, 0.5, CMYK_BLACK);
}

/* A table being set: its columns, every cell broken into lines, and the
 * height of each row in lines. */
typedef struct {
    const Table *tb;
    size_t nc, headers;
    double *w, *x;         /* column widths and left edges (x[nc]: the right edge) */
    double pitch;          /* a cell line's height */
    CellLines *cl;         /* row-major */
    size_t *row_lines;
    size_t page_lines;     /* lines of one row a page holds below the repeated headers */
    double y, seg_top;     /* where the next row starts; the top of this page's part */
    int *min_lines;        /* a form's writing rows, shrunk to fit (keep_form); NULL: the table's */
} TableSet;

/* Row r's cells broken into lines, and the row's height in lines. Rows
 * are broken as they are laid out and freed after (a table of 10,000
 * rows held every cell's lines at once: 40 MB); header rows stay. */
static void break_row(Flow *fl, TableSet *ts, size_t r)
{
    const Table *tb = ts->tb;
    size_t nc = ts->nc;
    for (size_t c = 0; c < nc; c++) {
        const char *text = tb->cells[r * nc + c];
        CellLines *e = &ts->cl[r * nc + c];
        if (text && *text) {
            Measure m = { fl->fs, doc_table_cell_role(tb, r, c), tb->size };
            double inner = fmax(ts->w[c] - 2 * CELL_PAD_X, tb->size);
            free(e->text);
            e->text = compress_punctuation(fl, text, &m);
            if (e->text) text = e->text;
            bool justified = r >= tb->header_rows && tb->cols[c].align == ALIGN_JUSTIFY;
            e->n = (justified ? linebreak_pushin : linebreak_ragged)(text, strlen(text), inner, inner, advance_of, ink_of,
                                                                     &m, &e->lines);
        }
        if (e->n > ts->row_lines[r]) ts->row_lines[r] = e->n;
    }
    size_t least = (size_t)(ts->min_lines ? ts->min_lines[r] : tb->row_min_lines[r]);
    if (ts->row_lines[r] < least) ts->row_lines[r] = least;
}

/* Lines first..first+take of row r, from ts->y down. */
static void draw_row_lines(Flow *fl, const TableSet *ts, size_t r, size_t first, size_t take, Cmyk row_color)
{
    const Table *tb = ts->tb;
    for (size_t c = 0; c < ts->nc; c++) {
        const CellLines *e = &ts->cl[r * ts->nc + c];
        Cmyk color = r < ts->headers ? row_color : text_cmyk(doc_table_cell_text_color(tb, r, c));
        /* a contents entry of two lines: its page number on the last, where the leaders end */
        size_t shift = tb->leaders && c + 1 == ts->nc && r >= ts->headers && e->n < ts->row_lines[r]
                           ? ts->row_lines[r] - e->n : 0;
        for (size_t v = first; v < first + take; v++) {
            if (v < shift || v - shift >= e->n) continue;
            size_t i = v - shift;
            draw_cell_line(fl, tb, r, c, &e->lines[i], e->text ? e->text : tb->cells[r * ts->nc + c], ts->x[c], ts->w[c],
                           ts->y - CELL_PAD_Y - (v - first + 1) * ts->pitch + (ts->pitch - tb->size) / 2 + tb->size * 0.12,
                           color);
        }
    }
}

/* The table continues on a new page, under its repeated header rows. */
static void table_new_page(Flow *fl, TableSet *ts, bool repeat_headers)
{
    column_rules(fl, ts->x, ts->nc, ts->seg_top, ts->y);
    new_page(fl);
    ts->y = ts->seg_top = block_top(fl);
    table_rule(fl, ts->y, ts->x[0], ts->x[ts->nc]);
    for (size_t h = 0; h < ts->headers && repeat_headers; h++) {
        draw_row_lines(fl, ts, h, 0, ts->row_lines[h], CMYK_BLACK);
        ts->y -= ts->row_lines[h] * ts->pitch + 2 * CELL_PAD_Y;
        table_rule(fl, ts->y, ts->x[0], ts->x[ts->nc]);
    }
}

/* Row r: whole where it fits; a row that would fit on a fresh page moves
 * there whole; one taller than that fills this page and continues. */
static void free_row(TableSet *ts, size_t r)
{
    for (size_t c = 0; c < ts->nc; c++) {
        free(ts->cl[r * ts->nc + c].lines);
        free(ts->cl[r * ts->nc + c].text);
        ts->cl[r * ts->nc + c].lines = NULL;
        ts->cl[r * ts->nc + c].text = NULL;
    }
}

static void layout_row(Flow *fl, TableSet *ts, size_t r)
{
    const Table *tb = ts->tb;
    double bottom = block_top(fl) - block_h(fl);
    Cmyk color = r < ts->headers ? CMYK_BLACK : text_cmyk(tb->row_color[r]);
    size_t first = 0;
    while (first < ts->row_lines[r]) {
        size_t left = ts->row_lines[r] - first;
        double room = ts->y - bottom - 2 * CELL_PAD_Y;
        size_t fit = room > 0 ? (size_t)((room + 1e-6) / ts->pitch) : 0;
        bool move_whole = first == 0 && left <= ts->page_lines && r >= ts->headers;
        if (left > fit && (move_whole || fit == 0)) {
            table_new_page(fl, ts, r >= ts->headers);
            if (ts->page_lines == 0) return;   /* headers fill the page: give up on the row */
            continue;
        }
        size_t take = left <= fit ? left : fit;
        draw_row_lines(fl, ts, r, first, take, color);
        ts->y -= take * ts->pitch + 2 * CELL_PAD_Y;
        table_rule(fl, ts->y, ts->x[0], ts->x[ts->nc]);
        first += take;
    }
}

/* A form to fill in by hand: rows with room to write (@row(lines=N)). */
static bool is_form(const Table *tb)
{
    if (tb->n_rows > 200) return false;
    for (size_t r = 0; r < tb->n_rows; r++)
        if (tb->row_min_lines[r] > 1) return true;
    return false;
}

/* The height of rows from `from` on, each broken (and freed again). */
static double rows_height(Flow *fl, TableSet *ts, size_t from)
{
    double h = 0;
    for (size_t r = from; r < ts->tb->n_rows; r++) {
        break_row(fl, ts, r);
        h += ts->row_lines[r] * ts->pitch + 2 * CELL_PAD_Y;
        free_row(ts, r);
        ts->row_lines[r] = 0;
    }
    return h;
}

/* Take writing lines out of the tallest writing row until the form's body
 * is no taller than room, no row below `floor_share` of its lines (nor
 * under two). True when it then fits. */
static bool shrink_form(Flow *fl, TableSet *ts, double room, double floor_share)
{
    const Table *tb = ts->tb;
    for (;;) {
        if (rows_height(fl, ts, ts->headers) <= room + 1e-6) return true;
        size_t pick = tb->n_rows;
        for (size_t r = ts->headers; r < tb->n_rows; r++) {
            int floor_lines = (int)ceil(tb->row_min_lines[r] * floor_share);
            if (ts->min_lines[r] > 2 && ts->min_lines[r] > floor_lines &&
                (pick == tb->n_rows || ts->min_lines[r] > ts->min_lines[pick]))
                pick = r;
        }
        if (pick == tb->n_rows) return false;
        ts->min_lines[pick]--;
    }
}

/* A form is never split across pages: where it does not fit, its writing
 * rows give up to a third of their room; failing that it starts on a new
 * page; only a form taller than a page (its rows shrunk to two lines)
 * breaks, between rows, with its head repeated. ts->y may move to a new
 * page. */
static void keep_form(Flow *fl, TableSet *ts, double header_h)
{
    const Table *tb = ts->tb;
    ts->min_lines = xmalloc(tb->n_rows * sizeof *ts->min_lines);
    memcpy(ts->min_lines, tb->row_min_lines, tb->n_rows * sizeof *ts->min_lines);
    double bottom = block_top(fl) - block_h(fl);
    double room = ts->y - header_h - 2 * CELL_PAD_Y - bottom;
    if (shrink_form(fl, ts, room, 2.0 / 3)) return;
    memcpy(ts->min_lines, tb->row_min_lines, tb->n_rows * sizeof *ts->min_lines);
    if (fl->line > 0) {
        new_page(fl);
        ts->y = block_top(fl);
    }
    shrink_form(fl, ts, block_h(fl) - header_h - 2 * CELL_PAD_Y, 0);
}

static void layout_table(Flow *fl, const Table *tb)
{
    size_t nc = tb->n_cols;
    if (tb->n_rows == 0) return;
    fl->rules_off = tb->no_rules;
    TableSet ts = { .tb = tb, .nc = nc, .w = column_widths(fl, tb), .x = xcalloc(nc + 1, sizeof(double)),
                    .pitch = tb->size * 1.5, .cl = xcalloc(tb->n_rows * nc, sizeof(CellLines)),
                    .row_lines = xcalloc(tb->n_rows, sizeof(size_t)),
                    .headers = tb->header_rows < tb->n_rows ? tb->header_rows : 0 };
    ts.x[0] = block_left(fl);
    for (size_t c = 0; c < nc; c++) ts.x[c + 1] = ts.x[c] + ts.w[c];
    for (size_t h = 0; h < ts.headers; h++) break_row(fl, &ts, h);
    double header_h = 0;
    for (size_t h = 0; h < ts.headers; h++) header_h += ts.row_lines[h] * ts.pitch + 2 * CELL_PAD_Y;
    ts.page_lines = (size_t)((block_h(fl) - header_h - 2 * CELL_PAD_Y + 1e-6) / ts.pitch);

    if (fl->line >= LINES_PER_PAGE) new_page(fl);
    ts.y = block_top(fl) - fl->line * LINE_PITCH;
    /* the headers and the first line of the first row stay together */
    if (ts.y - header_h - ts.pitch - 2 * CELL_PAD_Y < block_top(fl) - block_h(fl) && fl->line > 0) {
        new_page(fl);
        ts.y = block_top(fl);
    }
    if (is_form(tb)) keep_form(fl, &ts, header_h);
    ts.seg_top = ts.y;
    table_rule(fl, ts.y, ts.x[0], ts.x[nc]);
    for (size_t r = 0; r < tb->n_rows; r++) {
        if (r >= ts.headers) break_row(fl, &ts, r);
        layout_row(fl, &ts, r);
        if (r >= ts.headers) free_row(&ts, r);
    }
    column_rules(fl, ts.x, nc, ts.seg_top, ts.y);
    /* back on the grid: the next line below the table */
    fl->line = (int)ceil((block_top(fl) - ts.y) / LINE_PITCH - 1e-6);
    for (size_t i = 0; i < tb->n_rows * nc; i++) {
        free(ts.cl[i].lines);
        free(ts.cl[i].text);
    }
    free(ts.cl);
    free(ts.row_lines);
    free(ts.min_lines);
    free(ts.x);
    free(ts.w);
}


/* ---- the official-document parts (GB/T 9704-2012) ------------------------- */

static double text_width(Flow *fl, FontRole role, double size, const char *text)
{
    Measure m = { fl->fs, role, size };
    return natural_width(text, &m);
}

/* Ascent and descent (points) of the font that draws text's first character. */
static void text_extents(Flow *fl, FontRole role, double size, const char *text, double *asc, double *desc)
{
    uint32_t cp = ' ';
    if (*text) utf8_decode((const unsigned char *)text, strlen(text), &cp);
    long f = fontset_pick(fl->fs, role, cp);
    *asc = (f >= 0 ? fontset_ascent(fl->fs, (size_t)f) : 0.88) * size;
    *desc = (f >= 0 ? fontset_descent(fl->fs, (size_t)f) : 0.12) * size;
}

/* Baseline that centres a line's text box (ascent + descent) in grid line n. */
static double grid_baseline(Flow *fl, FontRole role, double size, const char *text, int n)
{
    double asc, desc;
    text_extents(fl, role, size, text, &asc, &desc);
    double top = block_top(fl) - n * LINE_PITCH;
    return top - (LINE_PITCH - asc - desc) / 2 - asc;
}

/* The first grid line wholly below y. */
static int line_below(const Flow *fl, double y) { return (int)ceil((block_top(fl) - y) / LINE_PITCH - 1e-6); }

/* 发文机关标志: red 小标宋, centred, as large as 初号 but one line within the
 * block; the top of its text box 35 mm below the top of the block. */
/* 份号, 密级和保密期限, 紧急程度 (GB/T 9704-2012 7.2.1-7.2.3): flush left
 * on the block's first lines, in that order, 3号 (份号 in Arabic digits,
 * the others 黑体), above the red header. */
static void layout_head_mark(Flow *fl, const Block *b)
{
    if (fl->line > 0 && !fl->marks_only) new_page(fl);
    double baseline = grid_baseline(fl, b->role, b->size, b->text, fl->line);
    draw_line(fl, b->role, b->size, block_left(fl), baseline, b->text, strlen(b->text), 0, CMYK_BLACK);
    fl->line++;
    fl->marks_only = true;
}

static void layout_red_header(Flow *fl, const Block *b)
{
    if (fl->line > 0 && !fl->marks_only) new_page(fl);
    fl->marks_only = false;
    double size = b->size;
    double w = text_width(fl, b->role, size, b->text);
    if (w > block_w(fl)) {
        size = size * block_w(fl) / w;
        w = text_width(fl, b->role, size, b->text);
    }
    double asc, desc;
    text_extents(fl, b->role, size, b->text, &asc, &desc);
    double baseline = block_top(fl) - MM(35) - asc;
    draw_line(fl, b->role, size, block_left(fl) + (block_w(fl) - w) / 2, baseline, b->text, strlen(b->text), 0, CMYK_RED);
    fl->line = line_below(fl, baseline - desc);
}

/* 发文字号: two blank lines below the header, centred 3号仿宋; the red line
 * the width of the block 4 mm below it; the title follows two blank lines
 * below the red line. */
static void layout_doc_number(Flow *fl, const Block *b)
{
    int n = fl->line + 2;
    if (n > 18) { new_page(fl); n = 0; }
    double w = text_width(fl, b->role, b->size, b->text);
    double baseline = grid_baseline(fl, b->role, b->size, b->text, n);
    if (b->text2) {
        /* an upward document: the number one character in from the left,
         * 签发人：(仿宋) and the name (楷体) one character in from the right */
        const char *label = "签发人：";
        double nw = text_width(fl, ROLE_KT, b->size, b->text2), lw = text_width(fl, ROLE_FS, b->size, label);
        double right = block_left(fl) + block_w(fl) - CHAR_PITCH;
        draw_line(fl, b->role, b->size, block_left(fl) + CHAR_PITCH, baseline, b->text, strlen(b->text), 0, CMYK_BLACK);
        draw_line(fl, ROLE_FS, b->size, right - nw - lw, baseline, label, strlen(label), 0, CMYK_BLACK);
        draw_line(fl, ROLE_KT, b->size, right - nw, baseline, b->text2, strlen(b->text2), 0, CMYK_BLACK);
    } else {
        draw_line(fl, b->role, b->size, block_left(fl) + (block_w(fl) - w) / 2, baseline, b->text, strlen(b->text), 0,
                  CMYK_BLACK);
    }
    double asc, desc;
    text_extents(fl, b->role, b->size, b->text, &asc, &desc);
    const double thick = 1.0;
    double y = baseline - desc - MM(4) - thick / 2;   /* its top edge 4 mm below the number */
    pdfdoc_line(fl->doc, block_left(fl), y, block_left(fl) + block_w(fl), y, thick, CMYK_RED);
    fl->line = line_below(fl, y - thick / 2) + 2;
}

/* 署名 and 成文日期 by GB/T 9704 7.3.5, decided here for every document.
 * With a seal (7.3.5.1): the date four characters in from the right, the
 * signer centred over the date, both under two blank lines left for the
 * seal, whose top then lies within one line of the text above. Without
 * (7.3.5.2): one blank line, the date two characters in from the right,
 * the signer starting two characters left of the date (or, when it is the
 * longer, also ending two characters in). */
static void layout_signature(Flow *fl, const Block *b)
{
    bool seal = b->text3 != NULL;
    if (fl->line + (seal ? 4 : 3) > LINES_PER_PAGE) new_page(fl);
    else fl->line += seal ? 2 : 1;
    const char *date = b->text2 ? b->text2 : "";
    double ch = CHAR_PITCH * b->size / BODY_SIZE, right = block_left(fl) + block_w(fl);
    double wd = text_width(fl, b->role, b->size, date), ws = text_width(fl, b->role, b->size, b->text);
    double date_x = right - (seal ? 4 : 2) * ch - wd;
    double sig_x = seal ? date_x + wd / 2 - ws / 2 : date_x - 2 * ch;
    if (!seal && sig_x + ws > right - 2 * ch) sig_x = right - 2 * ch - ws;
    if (sig_x + ws > right) sig_x = right - ws;
    if (sig_x < block_left(fl)) sig_x = block_left(fl);
    draw_line(fl, b->role, b->size, sig_x, grid_baseline(fl, b->role, b->size, b->text, fl->line), b->text,
              strlen(b->text), 0, CMYK_BLACK);
    fl->line++;
    draw_line(fl, b->role, b->size, date_x, grid_baseline(fl, b->role, b->size, date, fl->line), date, strlen(date),
              0, CMYK_BLACK);
    fl->line++;
    if (b->text3) {
        /* the seal, 42 mm across, centred on the date; signer and date sit a
         * little below its centre (居印章中心偏下) */
        double d = MM(42), cx = date_x + wd / 2;
        double cy = block_top(fl) - (fl->line - 1) * LINE_PITCH + LINE_PITCH * 0.35;
        pdfdoc_image(fl->doc, b->text3, cx - d / 2, cy - d / 2, d, d);
    }
}

/* An attachment starts a page: 附件N in 3号黑体 flush left on the first
 * line, its title centred (2号小标宋, balanced) from the third line. */
static void layout_attachment(Flow *fl, const Block *b)
{
    if (fl->line > 0) new_page(fl);
    draw_line(fl, ROLE_HT, BODY_SIZE, block_left(fl), grid_baseline(fl, ROLE_HT, BODY_SIZE, b->text, 0), b->text,
              strlen(b->text), 0, CMYK_BLACK);
    fl->line = 2;
    if (b->text2 && *b->text2)
        paragraph_keep(fl, b->text2, ROLE_XBS, ERHAO_SIZE, 0, 0, ALIGN_CENTER, CMYK_BLACK, 0, true, 1);
    fl->line++;
}

/* 版记 on the last page, which must be an even page (the back of the last
 * sheet): the 抄送 rows and the 印发 row on the last grid lines, a 0.35 mm
 * line above them and at the block's bottom, 0.25 mm between; 4号仿宋,
 * one character in on either side. A page holding only the 版记, and a
 * blank page before it, carry no page number. */
/* The 抄送 line broken between the names it lists (after each "，" or
 * "、"), never inside one ("领导小组办公/室"): lines filled name by name.
 * Returns the number of lines, 0 when a name alone is wider than a line
 * (then the usual breaker takes it). */
static size_t cc_lines(Flow *fl, const char *cc, double size, double first, double rest, Line **out)
{
    size_t len = strlen(cc), n = 0, cap = 0, start = 0;
    Line *lines = NULL;
    while (start < len) {
        double measure = n == 0 ? first : rest, width = 0;
        size_t end = start;
        for (size_t at = start; at < len;) {
            /* the next name: up to and including its separator */
            size_t next = at;
            while (next < len) {
                uint32_t cp;
                int l = utf8_decode((const unsigned char *)cc + next, len - next, &cp);
                next += l > 0 ? (size_t)l : 1;
                if (cp == 0xFF0C || cp == 0x3001 || cp == FONT_HALF + 0xFF0C || cp == FONT_HALF + 0x3001) break;
            }
            char *piece = xstrndup(cc + start, next - start);
            double w = text_width(fl, ROLE_FS, size, piece);
            free(piece);
            if (w > measure + 1e-6) break;
            end = next;
            width = w;
            at = next;
        }
        if (end == start) {   /* a name wider than the line */
            free(lines);
            return 0;
        }
        Line *ln = ARRAY_PUSH(lines, n, cap);
        memset(ln, 0, sizeof *ln);
        ln->start = start;
        ln->end = end;
        ln->width = width;
        for (size_t k = start; k < end; k++) ln->n_chars += ((unsigned char)cc[k] & 0xC0) != 0x80;
        start = end;
    }
    if (n) lines[n - 1].last = true;
    *out = lines;
    return n;
}

static void layout_colophon(Flow *fl, const Block *b)
{
    const double size = b->size, ch = size * CHAR_PITCH / BODY_SIZE;
    Measure m = { fl->fs, ROLE_FS, size };
    Line *lines = NULL;
    size_t n_cc = 0;
    char *cc = NULL;
    double label_w = 0;
    if (b->text && *b->text) {
        cc = xasprintf("抄送：%s", b->text);
        char *compressed = compress_punctuation(fl, cc, &m);
        if (compressed) {
            free(cc);
            cc = compressed;
        }
        label_w = text_width(fl, ROLE_FS, size, "抄送：");
        n_cc = cc_lines(fl, cc, size, block_w(fl) - 2 * ch, block_w(fl) - 2 * ch - label_w, &lines);
        if (!n_cc)
            n_cc = linebreak_pushin(cc, strlen(cc), block_w(fl) - 2 * ch, block_w(fl) - 2 * ch - label_w, advance_of, ink_of,
                                    &m, &lines);
    }
    int rows = (int)n_cc + 1;
    if (rows > LINES_PER_PAGE) rows = LINES_PER_PAGE;
    if (fl->page % 2 == 1 || fl->line > LINES_PER_PAGE - rows) {
        bool was_even = fl->page % 2 == 0;
        new_page(fl);                       /* an even page, or after an even page a blank odd one */
        if (was_even) {
            fl->numbered = false;           /* the blank page */
            new_page(fl);
        }
        fl->numbered = false;               /* the page holds only the 版记 */
    }
    int first = LINES_PER_PAGE - rows;
    double top = block_top(fl) - first * LINE_PITCH, bottom = block_top(fl) - block_h(fl);
    double mid = block_top(fl) - 21 * LINE_PITCH;
    pdfdoc_line(fl->doc, block_left(fl), top - MM(0.35) / 2, block_left(fl) + block_w(fl), top - MM(0.35) / 2, MM(0.35),
                CMYK_BLACK);
    if (n_cc)
        pdfdoc_line(fl->doc, block_left(fl), mid, block_left(fl) + block_w(fl), mid, MM(0.25), CMYK_BLACK);
    pdfdoc_line(fl->doc, block_left(fl), bottom + MM(0.35) / 2, block_left(fl) + block_w(fl), bottom + MM(0.35) / 2, MM(0.35),
                CMYK_BLACK);
    for (size_t i = 0; i < n_cc && (int)i < rows - 1; i++) {
        double x = block_left(fl) + ch + (i ? label_w : 0);
        double measure = block_w(fl) - 2 * ch - (i ? label_w : 0), cs = 0;
        if (!lines[i].last) cs = justify_space(cc, &lines[i], measure, size);
        draw_text_line(fl, ROLE_FS, size, x, grid_baseline(fl, ROLE_FS, size, cc + lines[i].start, first + (int)i), cc,
                       &lines[i], cs, CMYK_BLACK);
    }
    const char *office = b->text2 ? b->text2 : "";
    char *issued = xasprintf("%s印发", b->text3 ? b->text3 : "");
    draw_line(fl, ROLE_FS, size, block_left(fl) + ch, grid_baseline(fl, ROLE_FS, size, office, 21), office,
              strlen(office), 0, CMYK_BLACK);
    double wi = text_width(fl, ROLE_FS, size, issued);
    draw_line(fl, ROLE_FS, size, block_left(fl) + block_w(fl) - ch - wi, grid_baseline(fl, ROLE_FS, size, issued, 21), issued,
              strlen(issued), 0, CMYK_BLACK);
    fl->line = LINES_PER_PAGE;
    free(issued);
    free(cc);
    free(lines);
}


/* ---- charts ----------------------------------------------------------------- */

#define CMYK_BAR ((Cmyk){ 0.75f, 0.35f, 0, 0.1f })
#define CMYK_WHITE ((Cmyk){ 0, 0, 0, 0 })
#define CMYK_RULE ((Cmyk){ 0, 0, 0, 0.25f })

/* Cut text to fit width, ending with …, at a character boundary. */
static char *fit_label(Flow *fl, FontRole role, double size, const char *text, double width)
{
    if (text_width(fl, role, size, text) <= width) return xstrdup(text);
    Buf b = {0};
    double ell = text_width(fl, role, size, "…"), w = 0;
    Measure m = { fl->fs, role, size };
    const unsigned char *p = (const unsigned char *)text;
    size_t left = strlen(text);
    while (left) {
        const unsigned char *at = p;
        double a = advance_of(&m, utf8_next(&p, &left));
        if (w + a + ell > width) break;
        buf_append(&b, at, (size_t)(p - at));
        w += a;
    }
    buf_puts(&b, "…");
    return buf_take(&b);
}

/* Axis rules at a "nice" step: 100 gives 0, 25, 50, 75, 100; a count of
 * 10 gives 0, 5, 10 (whole steps when the maximum is whole: no 2.5 tasks).
 * The axis runs to the last rule, which is at least max. */
static int axis_rules(double max, double *step)
{
    double raw = max / 4, mag = pow(10, floor(log10(raw)));
    static const double NICE[] = { 1, 2, 2.5, 5, 10 };
    bool whole = max == floor(max);
    *step = 10 * mag;
    for (size_t i = 0; i < sizeof NICE / sizeof *NICE; i++) {
        double s = NICE[i] * mag;
        if (s + 1e-9 >= raw && (!whole || s == floor(s))) { *step = s; break; }
    }
    if (whole && *step < 1) *step = 1;
    int n = (int)ceil(max / *step - 1e-9);
    return n < 1 ? 1 : n;
}

/* A chart's title (Block.text): 小4 黑体 centred above the plot, part of
 * the chart so that it never stays behind at a page's foot. */
#define CHART_TITLE_SIZE 12.0
static double chart_title_height(const Block *b) { return b->text ? CHART_TITLE_SIZE * 2.0 : 0; }
static void chart_title(Flow *fl, const Block *b, double top)
{
    if (!b->text) return;
    char *t = fit_label(fl, ROLE_HT, CHART_TITLE_SIZE, b->text, block_w(fl));
    double w = text_width(fl, ROLE_HT, CHART_TITLE_SIZE, t);
    draw_line(fl, ROLE_HT, CHART_TITLE_SIZE, block_left(fl) + (block_w(fl) - w) / 2, top - CHART_TITLE_SIZE, t, strlen(t), 0,
              CMYK_BLACK);
    free(t);
}

static const Cmyk SERIES_COLORS[] = {
    { 0.85f, 0.45f, 0, 0 }, { 0, 0.55f, 0.9f, 0 }, { 0.65f, 0, 0.9f, 0.1f }, { 0.5f, 0.8f, 0, 0 },
    { 0, 0, 0, 0.65f },     { 0.1f, 0.9f, 0.35f, 0 }, { 0.7f, 0.1f, 0.1f, 0.3f }, { 0.3f, 0.3f, 0.9f, 0.1f },
};
#define N_SERIES_COLORS (sizeof SERIES_COLORS / sizeof *SERIES_COLORS)

/* The decimals of a chart's value labels: one, when any value needs it,
 * for all of them (60.0分 beside 35.1分), else none; one format per chart. */
static int chart_decimals(const Chart *c)
{
    size_t n = c->kind == CHART_BARS ? c->n : c->n * c->n_series;
    const double *v = c->kind == CHART_BARS ? c->values : c->series_values;
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i]) && fabs(round(v[i] * 10) - round(v[i]) * 10) > 0.5) return 1;
    if (c->kind == CHART_STACKED)   /* the totals */
        for (size_t i = 0; i < c->n; i++) {
            double t = 0;
            for (size_t s = 0; s < c->n_series; s++)
                if (!isnan(c->series_values[s * c->n + i]) && c->series_values[s * c->n + i] > 0) t += c->series_values[s * c->n + i];
            if (fabs(round(t * 10) - round(t) * 10) > 0.5) return 1;
        }
    return 0;
}

/* A value label at (x, base) on a white ground, so that the axis rules
 * behind it do not run through it. */
static void value_label(Flow *fl, const Block *b, double size, double x, double base, const char *text)
{
    double w = text_width(fl, b->role, size, text);
    pdfdoc_rect(fl->doc, x - size * 0.1, base - size * 0.25, w + size * 0.2, size * 1.15, true, 0, CMYK_WHITE);
    draw_line(fl, b->role, size, x, base, text, strlen(text), 0, CMYK_BLACK);
}

/* One row of a grouped or stacked chart: label i's value in every series,
 * side by side (grouped, each with its value) or end to end (stacked, the
 * total after the last segment). */
static void layout_series_bars(Flow *fl, const Block *b, size_t i, double x0, double plot_w, double amax, double y,
                               double row, double label_base, int decimals)
{
    const Chart *c = b->chart;
    const double size = b->size;
    size_t ns = c->n_series;
    if (c->kind == CHART_GROUPED) {
        double sub = size * 0.9, gap = size * 0.4, y0 = y - (row - (double)ns * (sub + gap) + gap) / 2;
        for (size_t s = 0; s < ns; s++) {
            double v = c->series_values[s * c->n + i];
            double top = y0 - (double)s * (sub + gap);
            if (isnan(v)) continue;
            double bw = plot_w * fmax(0, fmin(v, amax)) / amax;
            if (bw > 0) pdfdoc_rect(fl->doc, x0, top - sub, bw, sub, true, 0, SERIES_COLORS[s % N_SERIES_COLORS]);
            Buf val = {0};
            fmt_fixed(&val, v, decimals);
            buf_puts(&val, c->unit);
            value_label(fl, b, size, x0 + bw + size * 0.3, top - sub * 0.85, val.data);
            buf_free(&val);
        }
        return;
    }
    double mid = y - row / 2, bar = size * 1.1, x = x0, total = 0;
    for (size_t s = 0; s < ns; s++) {
        double v = c->series_values[s * c->n + i];
        if (isnan(v) || v <= 0) continue;
        total += v;
        double bw = plot_w * fmin(v, fmax(0, amax - (x - x0) / plot_w * amax)) / amax;
        if (bw > 0) pdfdoc_rect(fl->doc, x, mid - bar / 2, bw, bar, true, 0, SERIES_COLORS[s % N_SERIES_COLORS]);
        x += bw;
    }
    Buf val = {0};
    fmt_fixed(&val, total, decimals);
    buf_puts(&val, c->unit);
    value_label(fl, b, size, x + size * 0.3, label_base, val.data);
    buf_free(&val);
}

/* Horizontal bars, one per row: label on the left, the bar from 0, the
 * value at its end, a red tick at the marker (expected progress), light
 * rules at every quarter of the axis, a legend under the axis. */
/* A bar chart's horizontal frame: labels on the left, the plot, room for
 * value labels on the right. */
typedef struct {
    double x0, plot_w, label_w, amax, step, row, bar;
    int rules;
    int decimals;             /* of the value labels (chart_decimals) */
} BarFrame;

/* Bar i with its value label and, when it has one, its marker; the label
 * moves past the marker rather than be struck through by it. */
static void chart_bar(Flow *fl, const Block *b, const BarFrame *f, size_t i, double mid, double base)
{
    const Chart *c = b->chart;
    double size = b->size;
    double v = fmax(0, fmin(c->values[i], f->amax));
    double bw = f->plot_w * v / f->amax;
    if (bw > 0)
        pdfdoc_rect(fl->doc, f->x0, mid - f->bar / 2, bw, f->bar, true, 0, c->colors[i] == COLOR_BLACK ? CMYK_BAR : text_cmyk(c->colors[i]));
    Buf val = {0};
    fmt_fixed(&val, c->values[i], f->decimals);
    buf_puts(&val, c->unit);
    double lx = f->x0 + bw + size * 0.3, lw = text_width(fl, b->role, size, val.data);
    double mx = isnan(c->markers[i]) ? -1 : f->x0 + f->plot_w * fmax(0, fmin(c->markers[i], f->amax)) / f->amax;
    if (mx >= lx - size * 0.2 && mx <= lx + lw + size * 0.2) lx = mx + size * 0.3;
    value_label(fl, b, size, lx, base, val.data);
    buf_free(&val);
    if (mx >= 0) pdfdoc_line(fl->doc, mx, mid - f->bar * 0.85, mx, mid + f->bar * 0.85, 1.5, CMYK_RED);
}

/* The axis rules from top down to y, behind the bars. */
static void chart_rules(Flow *fl, const BarFrame *f, double top, double y)
{
    for (int k = 0; k <= f->rules; k++) {
        double x = f->x0 + f->plot_w * k / f->rules;
        pdfdoc_line(fl->doc, x, top, x, y, k == 0 ? 0.8 : 0.3, k == 0 ? CMYK_BLACK : CMYK_RULE);
    }
}

/* The axis values under the rules at y. */
static void chart_ticks(Flow *fl, const Block *b, const BarFrame *f, double y)
{
    double size = b->size;
    for (int k = 0; k <= f->rules; k++) {
        double x = f->x0 + f->plot_w * k / f->rules;
        Buf t = {0};
        fmt_number(&t, f->step * k, 1);
        buf_puts(&t, b->chart->unit);
        double tw = text_width(fl, b->role, size, t.data);
        draw_line(fl, b->role, size, x - tw / 2, y - size * 1.2, t.data, t.len, 0, CMYK_BLACK);
        buf_free(&t);
    }
}

/* The legend from (x0, ly); returns the baseline of its last line. */
static double chart_legend(Flow *fl, const Block *b, double x0, double ly, size_t ns)
{
    const Chart *c = b->chart;
    double size = b->size, lx = x0;
    for (size_t sr = 0; sr < ns; sr++) {
        double iw = text_width(fl, b->role, size, c->series_names[sr]) + size * 3.3;
        if (lx + iw > block_left(fl) + block_w(fl)) { lx = x0; ly -= size * 1.6; }
        pdfdoc_rect(fl->doc, lx, ly, size * 1.4, size * 0.8, true, 0, SERIES_COLORS[sr % N_SERIES_COLORS]);
        draw_line(fl, b->role, size, lx + size * 1.8, ly, c->series_names[sr], strlen(c->series_names[sr]), 0,
                  CMYK_BLACK);
        lx += iw;
    }
    if (c->value_name) {
        pdfdoc_rect(fl->doc, lx, ly, size * 1.4, size * 0.8, true, 0, CMYK_BAR);
        lx += size * 1.8;
        draw_line(fl, b->role, size, lx, ly, c->value_name, strlen(c->value_name), 0, CMYK_BLACK);
        lx += text_width(fl, b->role, size, c->value_name) + size * 1.5;
    }
    if (c->marker_name) {
        pdfdoc_line(fl->doc, lx + size * 0.4, ly - size * 0.1, lx + size * 0.4, ly + size * 0.9, 1.5, CMYK_RED);
        lx += size * 1.2;
        draw_line(fl, b->role, size, lx, ly, c->marker_name, strlen(c->marker_name), 0, CMYK_BLACK);
        lx += text_width(fl, b->role, size, c->marker_name) + size * 1.5;
    }
    bool any_red = false;
    for (size_t i = 0; c->colors && i < c->n && !any_red; i++) any_red = c->colors[i] == COLOR_RED;
    if (c->red_name && any_red) {
        double iw = text_width(fl, b->role, size, c->red_name) + size * 1.8;
        if (lx + iw > block_left(fl) + block_w(fl)) { lx = x0; ly -= size * 1.6; }
        pdfdoc_rect(fl->doc, lx, ly, size * 1.4, size * 0.8, true, 0, CMYK_RED);
        draw_line(fl, b->role, size, lx + size * 1.8, ly, c->red_name, strlen(c->red_name), 0, CMYK_BLACK);
    }
    return ly;
}

static BarFrame bar_frame(Flow *fl, const Block *b, size_t ns)
{
    const Chart *c = b->chart;
    BarFrame f = { .bar = b->size * 1.1 };
    f.rules = axis_rules(c->max, &f.step);
    f.amax = f.step * f.rules;
    f.row = c->kind == CHART_GROUPED ? b->size * (0.8 + 1.3 * (double)ns) : b->size * 2.0;
    for (size_t i = 0; i < c->n; i++) f.label_w = fmax(f.label_w, text_width(fl, b->role, b->size, c->labels[i]));
    f.label_w = fmin(f.label_w + b->size, block_w(fl) * 0.35);
    double value_w = text_width(fl, b->role, b->size, "100.0%") + b->size * 0.5;
    f.x0 = block_left(fl) + f.label_w;
    f.plot_w = block_w(fl) - f.label_w - value_w;
    return f;
}

/* A category label in at most two lines of width, broken at word
 * boundaries like a title; what a third line would hold is cut with "…"
 * at the end of the second. Returns the number of lines. */
static int wrap_label(Flow *fl, FontRole role, double size, const char *text, double width, char *out[2])
{
    out[1] = NULL;
    if (text_width(fl, role, size, text) <= width) {
        out[0] = xstrdup(text);
        return 1;
    }
    Measure m = { fl->fs, role, size };
    Line *lines = NULL;
    size_t n = linebreak_title(text, strlen(text), width, advance_of, &m, &lines);
    if (n < 2) {
        free(lines);
        out[0] = fit_label(fl, role, size, text, width);
        return 1;
    }
    out[0] = xstrndup(text + lines[0].start, lines[0].end - lines[0].start);
    char *rest = xstrdup(text + lines[1].start);
    out[1] = fit_label(fl, role, size, rest, width);
    free(rest);
    free(lines);
    return 2;
}

/* Rows of the chart from i that fit between y and the page's bottom (at
 * least one). */
static size_t rows_fitting(const Flow *fl, const Chart *c, size_t i, double y, double row)
{
    size_t k = 0;
    while (i + k < c->n && y - (double)(k + 1) * row >= block_top(fl) - block_h(fl) - 1e-6) k++;
    return k ? k : 1;
}

/* Row i: its label (one or two lines, centred on the row) and its bar or bars. */
static void chart_row(Flow *fl, const Block *b, const BarFrame *f, size_t i, double y)
{
    const Chart *c = b->chart;
    double size = b->size, mid = y - f->row / 2, asc, desc;
    char *label[2];
    int nl = wrap_label(fl, b->role, size, c->labels[i], f->label_w - size * 0.5, label);
    text_extents(fl, b->role, size, "国", &asc, &desc);
    double base = mid - (asc - desc) / 2;
    for (int k = 0; k < nl; k++) {
        double lb = base + (nl == 2 ? (k == 0 ? 0.6 : -0.6) * size * 1.15 : 0);
        draw_line(fl, b->role, size, block_left(fl), lb, label[k], strlen(label[k]), 0, CMYK_BLACK);   /* the bar carries the colour */
        free(label[k]);
    }
    if (c->kind == CHART_GROUPED || c->kind == CHART_STACKED)
        layout_series_bars(fl, b, i, f->x0, f->plot_w, f->amax, y, f->row, base, f->decimals);
    else
        chart_bar(fl, b, f, i, mid, base);
}

/* Labels that need two lines make every row tall enough for two. */
static void rows_for_labels(Flow *fl, const Block *b, BarFrame *f)
{
    const Chart *c = b->chart;
    double two = b->size * 3.0;
    if (f->row >= two) return;
    for (size_t i = 0; i < c->n; i++)
        if (text_width(fl, b->role, b->size, c->labels[i]) > f->label_w - b->size * 0.5) {
            f->row = two;
            return;
        }
}

/* How far a chart may close up to fit where it is (of its rows or plot). */
#define CHART_SHRINK 0.85

/* A bar chart's height as layout_chart sets it, unshrunk; *rows: the part
 * that may close up. */
static double bar_chart_height(Flow *fl, const Block *b, double *rows)
{
    const Chart *c = b->chart;
    bool series = c->kind == CHART_GROUPED || c->kind == CHART_STACKED;
    BarFrame f = bar_frame(fl, b, series ? c->n_series : 0);
    rows_for_labels(fl, b, &f);
    *rows = f.row * (double)c->n;
    return chart_title_height(b) + *rows + b->size * 3.5;
}

static void layout_chart(Flow *fl, const Block *b)
{
    const Chart *c = b->chart;
    if (c->n == 0) return;
    bool series = c->kind == CHART_GROUPED || c->kind == CHART_STACKED;
    size_t ns = series ? c->n_series : 0;
    if (series && ns == 0) return;
    const double size = b->size;
    BarFrame f = bar_frame(fl, b, ns);
    f.decimals = chart_decimals(b->chart);
    rows_for_labels(fl, b, &f);
    double height = chart_title_height(b) + f.row * (double)c->n + size * 3.5;   /* title, bars, axis labels, legend */
    if (fl->line >= LINES_PER_PAGE) new_page(fl);
    double y = block_top(fl) - fl->line * LINE_PITCH - (fl->line > 0 ? size : 0);   /* clear of what is above */
    double room = y - (block_top(fl) - block_h(fl)), rows_h = f.row * (double)c->n;
    if (height > room && height - rows_h * (1 - CHART_SHRINK) <= room && fl->line > 0) {
        /* rather than leave the rest of the page empty, the rows close up by up to 15% */
        double s = (room - (height - rows_h)) / rows_h;
        f.row *= s;
        f.bar *= s;
        height = room;
    }
    if (y - height < block_top(fl) - block_h(fl) && fl->line > 0 && height < block_h(fl)) {
        new_page(fl);
        y = block_top(fl);
    }
    chart_title(fl, b, y);
    y -= chart_title_height(b);
    /* page by page (a chart longer than a page continues): the rules first, behind the bars */
    for (size_t i = 0; i < c->n;) {
        if (y - f.row < block_top(fl) - block_h(fl)) {
            new_page(fl);
            y = block_top(fl);
        }
        size_t k = rows_fitting(fl, c, i, y, f.row);
        chart_rules(fl, &f, y, y - (double)k * f.row);
        for (size_t j = i; j < i + k; j++, y -= f.row) chart_row(fl, b, &f, j, y);
        chart_ticks(fl, b, &f, y);
        i += k;
    }
    double ly = chart_legend(fl, b, f.x0, y - size * 2.8, ns);
    fl->line = line_below(fl, ly - size * 0.5);
}

/* Lines over categories (quarters): y from 0 to max with rules at every
 * quarter, one colour and square point marks per series, a legend below
 * that wraps over as many rows as it needs. */
/* More lines than a reader can tell apart by colour (over five): the
 * chart is set as a table instead, under its title: a row per series, a
 * column per category, each value with the chart's unit. */
#define MAX_LINE_SERIES 5

static void layout_table(Flow *fl, const Table *tb);

static void line_chart_as_table(Flow *fl, const Block *b)
{
    const Chart *c = b->chart;
    DocTree *t = doctree_new();
    Block *tb = doc_table(t, c->n + 1, 1);
    doc_table_column(tb, 0, WIDTH_RELATIVE, 1, ALIGN_LEFT);
    for (size_t i = 0; i < c->n; i++) doc_table_column(tb, i + 1, WIDTH_AUTO, 0, ALIGN_RIGHT);
    const char **cells = xcalloc(c->n + 1, sizeof *cells);
    char **owned = xcalloc(c->n + 1, sizeof *owned);
    cells[0] = "";
    for (size_t i = 0; i < c->n; i++) cells[i + 1] = c->labels[i];
    doc_table_row(t, tb, cells, COLOR_BLACK);
    int decimals = chart_decimals(c);
    for (size_t s = 0; s < c->n_series; s++) {
        cells[0] = c->series_names[s];
        for (size_t i = 0; i < c->n; i++) {
            double v = c->series_values[s * c->n + i];
            Buf val = {0};
            if (isnan(v)) buf_puts(&val, "—");
            else {
                fmt_fixed(&val, v, decimals);
                buf_puts(&val, c->unit);
            }
            free(owned[i + 1]);
            owned[i + 1] = buf_take(&val);
            cells[i + 1] = owned[i + 1];
        }
        doc_table_row(t, tb, cells, COLOR_BLACK);
    }
    tb->table->size = b->size > 12 ? b->size : 12;
    /* the title stays with the table's head and first rows: about four grid lines */
    if (fl->line > LINES_PER_PAGE - 5) new_page(fl);
    double top = block_top(fl) - fl->line * LINE_PITCH - (fl->line > 0 ? b->size : 0);
    chart_title(fl, b, top);
    fl->line = line_below(fl, top - chart_title_height(b) + b->size * 0.5);
    layout_table(fl, tb->table);
    for (size_t i = 0; i <= c->n; i++) free(owned[i]);
    free(owned);
    free(cells);
    doctree_free(t);
}

/* Series s of a line chart: its points joined, a gap where a value is
 * missing, each point marked. */
static void draw_series(Flow *fl, const Chart *c, size_t s, double first_x, double step, double y0, double plot_h,
                        double amax)
{
    Cmyk col = SERIES_COLORS[s % N_SERIES_COLORS];
    double px = 0, py = 0;
    bool have_prev = false;
    for (size_t i = 0; i < c->n; i++) {
        double v = c->series_values[s * c->n + i];
        if (isnan(v)) { have_prev = false; continue; }
        double x = first_x + step * (double)i, y = y0 + plot_h * fmax(0, fmin(v, amax)) / amax;
        if (have_prev) pdfdoc_line(fl->doc, px, py, x, y, 1.2, col);
        pdfdoc_rect(fl->doc, x - 2, y - 2, 4, 4, true, 0, col);
        px = x;
        py = y;
        have_prev = true;
    }
}

static void layout_line_chart(Flow *fl, const Block *b)
{
    const Chart *c = b->chart;
    if (c->n_series > MAX_LINE_SERIES) {
        line_chart_as_table(fl, b);
        return;
    }
    double ystep;
    int rules = axis_rules(c->max, &ystep);
    double amax = ystep * rules;
    const double size = b->size;
    double plot_h = 8 * LINE_PITCH - size * 2;
    if (c->n == 0 || c->n_series == 0) return;
    /* legend rows */
    double item_w = 0;
    char **names = xcalloc(c->n_series, sizeof *names);
    for (size_t s = 0; s < c->n_series; s++) {
        names[s] = fit_label(fl, b->role, size, c->series_names[s], block_w(fl) / 2 - size * 3);
        item_w = fmax(item_w, text_width(fl, b->role, size, names[s]) + size * 3);
    }
    size_t per_row = (size_t)fmax(1, floor(block_w(fl) / item_w));
    size_t legend_rows = (c->n_series + per_row - 1) / per_row;
    double height = chart_title_height(b) + size + plot_h + size * 2.2 + (double)legend_rows * size * 1.8;
    if (fl->line >= LINES_PER_PAGE) new_page(fl);
    double top = block_top(fl) - fl->line * LINE_PITCH - (fl->line > 0 ? size : 0);
    double room = top - (block_top(fl) - block_h(fl));
    if (height > room && height - plot_h * (1 - CHART_SHRINK) <= room && fl->line > 0) {
        double s = (room - (height - plot_h)) / plot_h;   /* closes up by up to 15% */
        height -= plot_h * (1 - s);
        plot_h *= s;
    }
    if (top - height < block_top(fl) - block_h(fl) && fl->line > 0) {
        new_page(fl);
        top = block_top(fl);
    }
    chart_title(fl, b, top);
    top -= chart_title_height(b);
    double axis_w = text_width(fl, b->role, size, "100%") + size * 0.8;
    double x0 = block_left(fl) + axis_w, x1 = block_left(fl) + block_w(fl) - size, y1 = top - size * 0.5, y0 = y1 - plot_h;
    for (int k = 0; k <= rules; k++) {
        double y = y0 + plot_h * k / rules;
        pdfdoc_line(fl->doc, x0, y, x1, y, k == 0 ? 0.8 : 0.3, k == 0 ? CMYK_BLACK : CMYK_RULE);
        Buf t = {0};
        fmt_number(&t, ystep * k, 1);
        buf_puts(&t, c->unit);
        double tw = text_width(fl, b->role, size, t.data);
        draw_line(fl, b->role, size, x0 - tw - size * 0.3, y - size * 0.3, t.data, t.len, 0, CMYK_BLACK);
        buf_free(&t);
    }
    pdfdoc_line(fl->doc, x0, y0, x0, y1, 0.8, CMYK_BLACK);
    double step = c->n > 1 ? (x1 - x0 - size * 2) / (double)(c->n - 1) : 0;
    double first_x = c->n > 1 ? x0 + size : (x0 + x1) / 2;
    for (size_t i = 0; i < c->n; i++) {
        double x = first_x + step * (double)i;
        double tw = text_width(fl, b->role, size, c->labels[i]);
        draw_line(fl, b->role, size, x - tw / 2, y0 - size * 1.3, c->labels[i], strlen(c->labels[i]), 0,
                  CMYK_BLACK);
    }
    for (size_t s = 0; s < c->n_series; s++)
        draw_series(fl, c, s, first_x, step, y0, plot_h, amax);
    double ly = y0 - size * 3.2;
    for (size_t s = 0; s < c->n_series; s++) {
        double lx = block_left(fl) + item_w * (double)(s % per_row);
        if (s > 0 && s % per_row == 0) ly -= size * 1.8;
        pdfdoc_line(fl->doc, lx, ly + size * 0.35, lx + size * 1.6, ly + size * 0.35, 1.5, SERIES_COLORS[s % N_SERIES_COLORS]);
        draw_line(fl, b->role, size, lx + size * 2, ly, names[s], strlen(names[s]), 0, CMYK_BLACK);
        free(names[s]);
    }
    free(names);
    fl->line = line_below(fl, ly - size * 0.6);
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

/* A heading keeps two lines of what follows on its page, and with them any
 * headings that directly follow it (一、 then （一） then text). */
static int keep_lines(const DocTree *t, size_t i)
{
    int keep = 2;
    for (size_t j = i + 1; j < t->n && t->blocks[j].kind == BLOCK_HEADING; j++) keep++;
    return keep;
}

/* Blocks where a signature group would begin a page with no body text
 * above it (GB/T 9704: the signature never stands alone): the block before
 * the group, which then starts a new page and takes the group along. One
 * per part of the document between odd-page starts (the reports of a
 * pack): each part starts on a fresh page, so carrying a block in one
 * part changes nothing in the next, and one pass finds them all. */
typedef struct {
    size_t *at;            /* flat block numbers, ascending */
    size_t n, cap;
} Breaks;

/* What the first pass tracks to find those blocks. */
typedef struct {
    size_t group_start;    /* flat number of the current keep-with-next group's first block */
    bool part_has_orphan;
} GroupState;

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
    int need = b->kind == BLOCK_SIGNATURE ? 4 : (int)count_lines(fl, b);
    if (fl->line != 0 && fl->line + need <= LINES_PER_PAGE) return;
    /* the block before the group goes along, with whatever is kept with it
     * (inside this container: x counts back from the current block) */
    size_t x = g->group_start - 1;
    while (x > 0 && c->flat - x + 1 <= i && t->blocks[i - (c->flat - x + 1)].keep_with_next) x--;
    if (!orphans->n || orphans->at[orphans->n - 1] < x) *(size_t *)ARRAY_PUSH(orphans->at, orphans->n, orphans->cap) = x;
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
        if (fl->line > 0) new_page(fl);
        if (fl->page % 2 == 0) {
            fl->numbered = false;   /* a blank page carries no number */
            new_page(fl);
        }
    }
}

static void layout_chart_block(Flow *fl, const Block *b)
{
    if (b->chart->kind == CHART_LINES) layout_line_chart(fl, b);
    else layout_chart(fl, b);
}

/* A chart's height where it is drawn whole (0: one set as a table, or
 * empty, which never floats); *flex: the part that may close up. */
static double chart_height(Flow *fl, const Block *b, double *flex)
{
    const Chart *c = b->chart;
    *flex = 0;
    if (c->n == 0) return 0;
    if (c->kind != CHART_LINES) return bar_chart_height(fl, b, flex);
    if (c->n_series == 0 || c->n_series > MAX_LINE_SERIES) return 0;
    double size = b->size, item_w = 0;
    for (size_t s = 0; s < c->n_series; s++) {
        char *name = fit_label(fl, b->role, size, c->series_names[s], block_w(fl) / 2 - size * 3);
        item_w = fmax(item_w, text_width(fl, b->role, size, name) + size * 3);
        free(name);
    }
    size_t per_row = (size_t)fmax(1, floor(block_w(fl) / item_w));
    size_t legend_rows = (c->n_series + per_row - 1) / per_row;
    *flex = 8 * LINE_PITCH - size * 2;
    return chart_title_height(b) + size + *flex + size * 2.2 + (double)legend_rows * size * 1.8;
}

/* Draw the floated chart: at the next page's top, or here on a fresh page. */
static void place_pending(Flow *fl)
{
    if (fl->line > 0) {
        new_page(fl);   /* draws it */
        return;
    }
    const Block *p = fl->pending;
    fl->pending = NULL;
    layout_chart_block(fl, p);
}

/* A chart too tall for the rest of the page even closed up by 15%, with a
 * paragraph after it: it floats below that text to the next page's top
 * (typesetting.md: never more than a few lines left empty for a figure). */
static bool chart_floats(Flow *fl, const DocTree *t, size_t i)
{
    const Block *b = &t->blocks[i];
    if (b->kind != BLOCK_CHART || fl->line == 0 || fl->line >= LINES_PER_PAGE || fl->pending) return false;
    if (i + 1 >= t->n || t->blocks[i + 1].kind != BLOCK_PARAGRAPH) return false;
    double flex, h = chart_height(fl, b, &flex);
    double room = block_h(fl) - fl->line * LINE_PITCH - b->size;
    if (h <= 0 || h > block_h(fl) - b->size) return false;
    return h - flex * (1 - CHART_SHRINK) > room;   /* not even closed up */
}

static void layout_block(Flow *fl, const DocTree *t, size_t i)
{
    const Block *b = &t->blocks[i];
    Cmyk color = text_cmyk(b->color);
    switch (b->kind) {
    case BLOCK_TITLE:
        paragraph_keep(fl, b->text, b->role, b->size, b->indent, b->hang, b->align, color, keep_lines(t, i), true, 1);
        break;
    case BLOCK_HEADING:
        paragraph_keep(fl, b->text, b->role, b->size, b->indent, b->hang, b->align, color, keep_lines(t, i), false,
                       b->level + 1);
        break;
    case BLOCK_PARAGRAPH:
        paragraph_keep(fl, b->text, b->role, b->size, b->indent, b->hang, b->align, color, 0, false, 0);
        break;
    case BLOCK_RED_HEADER: layout_red_header(fl, b); break;
    case BLOCK_DOC_NUMBER: layout_doc_number(fl, b); break;
    case BLOCK_SIGNATURE: layout_signature(fl, b); break;
    case BLOCK_ATTACHMENT: layout_attachment(fl, b); break;
    case BLOCK_COLOPHON: layout_colophon(fl, b); break;
    case BLOCK_BLANK: blank_line(fl); break;
    case BLOCK_PAGE_BREAK:
        if (fl->line > 0) new_page(fl);
        break;
    case BLOCK_ODD_PAGE: layout_odd_page(fl); break;
    case BLOCK_TABLE:
        if (b->table->landscape) switch_geometry(fl, &LANDSCAPE);
        layout_table(fl, b->table);
        if (b->table->landscape) switch_geometry(fl, &PORTRAIT);
        break;
    case BLOCK_HEAD_MARK: layout_head_mark(fl, b); break;
    case BLOCK_ANCHOR: pdfdoc_anchor(fl->doc, b->anchor); break;
    case BLOCK_CHART: layout_chart_block(fl, b); break;
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
    new_page(&fl);
    if (t->cover) fl.numbered = false;
    GroupState g = { (size_t)-1, false };
    size_t next_break = 0;
    Cursor c = { .top = t };
    for (const Block *b; (b = cursor_block(&c)); cursor_next(&c)) {
        if (breaks && next_break < breaks->n && breaks->at[next_break] == c.flat) {
            next_break++;
            if (fl.line > 0) new_page(&fl);
        }
        if (orphans) find_orphan(&fl, &c, b, &g, orphans);
        if (fl.pending && b->kind != BLOCK_PARAGRAPH) place_pending(&fl);   /* the text it floated below has ended */
        if (chart_floats(&fl, cur_tree(&c), cur_index(&c))) {
            fl.pending = b;
            continue;
        }
        layout_block(&fl, cur_tree(&c), cur_index(&c));
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
    char *compressed = compress_punctuation(fl, b->text, &m);
    const char *text = compressed ? compressed : b->text;
    Line *lines;
    size_t n = linebreak_pushin(text, strlen(text), block_w(fl) - b->indent * pitch, block_w(fl) - b->hang * pitch,
                                advance_of, ink_of, &m, &lines);
    free(lines);
    free(compressed);
    return n;
}
