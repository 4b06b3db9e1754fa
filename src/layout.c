/* layout.c - see layout.h. */
#include "layout.h"
#include "diag.h"
#include "linebreak.h"
#include "utf8.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* typesetting.md: A4, text block 156 x 225 mm at 37 mm from the top and
 * 28 mm from the left; 28 characters x 22 lines of 3号 (16 pt). */
#define PAGE_W MM(210)
#define PAGE_H MM(297)
#define BLOCK_LEFT MM(28)
#define BLOCK_TOP (PAGE_H - MM(37))
#define BLOCK_W MM(156)
#define BLOCK_H MM(225)
#define BODY_SIZE 16.0
#define LINE_PITCH (BLOCK_H / 22)
#define CHAR_PITCH (BLOCK_W / 28)

typedef struct {
    PdfDoc *doc;
    const FontSet *fs;
    const char *label;   /* for warnings: "rmyy 工作进展情况报告" */
    int line;            /* next grid line on the current page, 0..21 */
    int page;
} Flow;

typedef struct {
    const FontSet *fs;
    FontRole role;
    double size;
} Measure;

static double advance_of(void *ctx, uint32_t cp)
{
    Measure *m = ctx;
    long f = fontset_pick(m->fs, m->role, cp);
    if (f < 0) return m->size;
    /* CJK glyphs sit on the character pitch of the grid */
    double w = fontset_advance(m->fs, (size_t)f, cp) * m->size;
    return w >= m->size * 0.99 ? m->size * CHAR_PITCH / BODY_SIZE : w;
}

static void draw_line(Flow *fl, FontRole role, double size, double x, double y, const char *s, size_t len,
                      double stretch, Cmyk color);

/* 4号 (14 pt) — N —, its top 7 mm below the text block; odd pages
 * right-aligned one character in from the block's right edge, even pages
 * left-aligned one character in. */
static void page_number(Flow *fl)
{
    char s[64];
    snprintf(s, sizeof s, "— %d —", fl->page);
    Measure m = { fl->fs, ROLE_ST, 14 };
    double w = 0;
    const unsigned char *p = (const unsigned char *)s;
    size_t left = strlen(s);
    while (left) {   /* measured as draw_line sets it */
        uint32_t cp;
        int l = utf8_decode(p, left, &cp);
        w += advance_of(&m, cp);
        p += l;
        left -= (size_t)l;
    }
    double y = BLOCK_TOP - BLOCK_H - MM(7) - 14 * 0.88;
    double x = fl->page % 2 ? BLOCK_LEFT + BLOCK_W - 14 - w : BLOCK_LEFT + 14;
    draw_line(fl, ROLE_ST, 14, x, y, s, strlen(s), 0, CMYK_BLACK);
}

static void new_page(Flow *fl)
{
    if (fl->page > 0) page_number(fl);
    pdfdoc_page(fl->doc, PAGE_W, PAGE_H);
    fl->page++;
    fl->line = 0;
}

/* Draw one line from x. `stretch` is the justification space added at
 * every gap that is not inside a Latin/number run. Runs split where the
 * font file, the glyph advance or the Latin class changes; full-width
 * characters sit on the grid's pitch, the difference folded into the run's
 * character spacing. */
static void draw_line(Flow *fl, FontRole role, double size, double x, double y, const char *s, size_t len,
                      double stretch, Cmyk color)
{
    Measure m = { fl->fs, role, size };
    size_t i = 0;
    while (i < len) {
        size_t run = i;
        long font = -1;
        bool latin = false;
        double font_adv = 0, run_x = x;
        uint32_t cp = 0;
        while (i < len) {
            int l = utf8_decode((const unsigned char *)s + i, len - i, &cp);
            if (!l) { l = 1; cp = 0xFFFD; }
            long f = fontset_pick(fl->fs, role, cp);
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
        if (font >= 0) pdfdoc_text(fl->doc, (size_t)font, size, run_x, y, s + run, i - run, cs, color);
        x = run_x + (double)n * adv + (double)(n - 1) * inner;
        if (i < len) x += stretch;                   /* the gap after the run */
    }
}

/* A paragraph on the grid: first line indented `indent` characters,
 * justified but for its last line; centred when `center`. */
static void paragraph_keep(Flow *fl, const char *text, FontRole role, double size, int indent, Align align,
                           Cmyk color, int keep_after, bool balance)
{
    Measure m = { fl->fs, role, size };
    double pitch = size * CHAR_PITCH / BODY_SIZE;
    Line *lines;
    size_t n = linebreak(text, strlen(text), BLOCK_W - indent * pitch, BLOCK_W, advance_of, &m, &lines);
    if (balance && n > 1) {
        free(lines);
        n = linebreak_title(text, strlen(text), BLOCK_W, advance_of, &m, &lines);
    }
    int room = 22 - fl->line;
    /* a heading keeps `keep_after` lines of what follows on its page */
    if (keep_after && fl->line > 0 && room < (int)n + keep_after) new_page(fl);
    /* no single line of a paragraph of more than three alone at a page's foot */
    if (n > 3 && fl->line > 0 && 22 - fl->line == 1) new_page(fl);
    for (size_t i = 0; i < n; i++) {
        /* ... nor alone at the next page's head: carry one more line over */
        if (n > 3 && i + 2 == n && fl->line == 21 && i > 0) new_page(fl);
        if (fl->line >= 22) new_page(fl);
        /* the baseline sits at the grid line's bottom less the descent */
        double y = BLOCK_TOP - (fl->line + 1) * LINE_PITCH + (LINE_PITCH - size) / 2 + size * 0.12;
        double x = BLOCK_LEFT + (i == 0 ? indent * pitch : 0);
        double measure = BLOCK_W - (i == 0 ? indent * pitch : 0);
        double cs = 0;
        if (align == ALIGN_CENTER) x = BLOCK_LEFT + (BLOCK_W - lines[i].width) / 2;
        else if (align == ALIGN_RIGHT) x = BLOCK_LEFT + BLOCK_W - lines[i].width;
        else if (align == ALIGN_JUSTIFY && !lines[i].last) {
            int gaps = lb_stretch_gaps(text + lines[i].start, lines[i].end - lines[i].start);
            if (gaps > 0) cs = (measure - lines[i].width) / gaps;
        }
        draw_line(fl, role, size, x, y, text + lines[i].start, lines[i].end - lines[i].start, cs, color);
        fl->line++;
    }
    free(lines);
}

static void blank_line(Flow *fl)
{
    if (fl->line > 0 && fl->line < 22) fl->line++;
}

PdfDoc *layout_document(const DocTree *t, const FontSet *fs, const char *label)
{
    Flow fl = { pdfdoc_new(fs), fs, label, 0, 0 };
    pdfdoc_set_info(fl.doc, t->title, t->author, t->subject);
    new_page(&fl);
    for (size_t i = 0; i < t->n; i++) {
        const Block *b = &t->blocks[i];
        Cmyk color = b->color == COLOR_RED ? CMYK_RED : CMYK_BLACK;
        switch (b->kind) {
        case BLOCK_TITLE:
            paragraph_keep(&fl, b->text, b->role, b->size, b->indent, b->align, color, 2, true);
            break;
        case BLOCK_HEADING:
            paragraph_keep(&fl, b->text, b->role, b->size, b->indent, b->align, color, 2, false);
            break;
        case BLOCK_PARAGRAPH:
            paragraph_keep(&fl, b->text, b->role, b->size, b->indent, b->align, color, 0, false);
            break;
        case BLOCK_BLANK:
            blank_line(&fl);
            break;
        case BLOCK_PAGE_BREAK:
            if (fl.line > 0) new_page(&fl);
            break;
        }
    }
    page_number(&fl);
    return fl.doc;
}
