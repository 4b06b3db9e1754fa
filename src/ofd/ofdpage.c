/* ofdpage.c - one page's drawing as an OFD Content.xml (GB/T 33190-2016,
 * 7.7 page objects, 11 text, 9 paths, 10 images).
 *
 * OFD's page space is in millimetres from the top-left corner; every
 * object has a Boundary in page space and its own coordinates relative to
 * the Boundary's corner. Positions are rounded to whole micrometres once,
 * and each DeltaX is the difference of two rounded positions, so the
 * rounding never adds up along a line. */
#include "ofd/ofdint.h"
#include "base/utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put_um(Buf *b, long long um);

void ofd_mm(Buf *b, double mm) { put_um(b, llround(mm * 1000.0)); }

/* micrometres as millimetres: "12.5", "-0.105", "3" (integers only: the
 * pages' numbers are most of what is written, and printf's %f is slow) */
static void put_um(Buf *b, long long um)
{
    char s[32], *p = s + sizeof s;
    *--p = '\0';
    bool neg = um < 0;
    unsigned long long v = neg ? 0ULL - (unsigned long long)um : (unsigned long long)um;
    unsigned frac = (unsigned)(v % 1000);
    v /= 1000;
    if (frac) {
        int digits = 3;
        while (frac % 10 == 0) { frac /= 10; digits--; }
        for (int i = 0; i < digits; i++) { *--p = (char)('0' + frac % 10); frac /= 10; }
        *--p = '.';
    }
    do { *--p = (char)('0' + v % 10); v /= 10; } while (v);
    if (neg) *--p = '-';
    buf_puts(b, p);
}

static long long to_um(double mm) { return llround(mm * 1000.0); }

void ofd_xml_text(Buf *b, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        int l = utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (l <= 0) { i++; continue; }
        if (cp == '&') buf_puts(b, "&amp;");
        else if (cp == '<') buf_puts(b, "&lt;");
        else if (cp == '>') buf_puts(b, "&gt;");
        else if (cp == '"') buf_puts(b, "&quot;");
        else if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF ||
                 (cp >= 0xD800 && cp <= 0xDFFF)) {
            /* not allowed in XML 1.0 */
        } else buf_append(b, s + i, (size_t)l);
        i += (size_t)l;
    }
}

/* OFD readers disagree on CMYK, so colours go as RGB. GB/T 9704's red
 * (M80 Y80 in print) is the pure red every 电子公文 uses on screen. */
static void put_color(Buf *b, const char *element, Cmyk c)
{
    int r, g, bl;
    if (c.c == CMYK_RED.c && c.m == CMYK_RED.m && c.y == CMYK_RED.y && c.k == CMYK_RED.k) {
        r = 255, g = 0, bl = 0;
    } else {
        r = (int)lround(255.0 * (1 - c.c) * (1 - c.k));
        g = (int)lround(255.0 * (1 - c.m) * (1 - c.k));
        bl = (int)lround(255.0 * (1 - c.y) * (1 - c.k));
    }
    buf_printf(b, "<ofd:%s Value=\"%d %d %d\"/>", element, r, g, bl);
}

/* Boundary="x y w h", given in micrometres */
static void put_box(Buf *b, long long x, long long y, long long w, long long h)
{
    buf_puts(b, " Boundary=\"");
    put_um(b, x);
    buf_putc(b, ' ');
    put_um(b, y);
    buf_putc(b, ' ');
    put_um(b, w);
    buf_putc(b, ' ');
    put_um(b, h);
    buf_putc(b, '"');
}

/* A run's glyphs: real code points and their origins in micrometres from
 * the page's left edge; ink: the box of what they draw (points, PDF's
 * axes). Each origin is the one before plus the glyph's advance rounded
 * to a micrometre, so equal advances give equal DeltaX values (and "g N
 * v" runs), unless that drifts more than 2 µm from the exact position:
 * then the step takes up the difference. */
typedef struct {
    uint32_t *cps;
    long long *x_um;
    size_t n;
    double ink_l, ink_r, ink_b, ink_t;
} Glyphs;

static bool is_blank(uint32_t cp) { return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0; }

static void add_ink(Glyphs *g, const FontSet *fs, const DrawOp *op, uint32_t cp, double x)
{
    double il, ir, ib, it;
    if (is_blank(cp) || !fontset_ink(fs, op->font, cp, &il, &ir)) return;
    g->ink_l = fmin(g->ink_l, x + il * op->size);
    g->ink_r = fmax(g->ink_r, x + ir * op->size);
    if (fontset_ink_height(fs, op->font, cp, &ib, &it)) {
        g->ink_b = fmin(g->ink_b, op->y + ib * op->size);
        g->ink_t = fmax(g->ink_t, op->y + it * op->size);
    }
}

static void measure_run(Glyphs *g, const FontSet *fs, const DrawOp *op)
{
    g->cps = xmalloc((op->len + 1) * sizeof *g->cps);
    g->x_um = xmalloc((op->len + 1) * sizeof *g->x_um);
    g->n = 0;
    g->ink_l = g->ink_b = INFINITY;
    g->ink_r = g->ink_t = -INFINITY;
    double x = op->x;
    long long at = to_um(OFD_MM(x));
    const unsigned char *s = (const unsigned char *)op->text;
    size_t left = op->len;
    while (left) {
        uint32_t cp;
        int l = utf8_decode(s, left, &cp);
        if (l <= 0) { l = 1; cp = 0xFFFD; }
        uint32_t real = font_is_half(cp) ? cp - FONT_HALF : cp;
        add_ink(g, fs, op, real, x);
        g->cps[g->n] = real;
        g->x_um[g->n++] = at;
        /* the advance the PDF gives it: the glyph's own (half for push-in) plus the run's spacing */
        double adv = fontset_advance(fs, op->font, cp) * op->size + op->char_space;
        x += adv;
        long long step = to_um(OFD_MM(adv)), exact = to_um(OFD_MM(x));
        at = llabs(at + step - exact) > 2 ? exact : at + step;
        s += l;
        left -= (size_t)l;
    }
    if (g->ink_t < g->ink_b && g->ink_r >= g->ink_l) {   /* ink without height: the font's extents */
        g->ink_b = op->y - fontset_descent(fs, op->font) * op->size;
        g->ink_t = op->y + fontset_ascent(fs, op->font) * op->size;
    }
}

/* n positions as n-1 DeltaX values, "g N v" where a value repeats. */
static void put_delta_x(Buf *b, const long long *x, size_t n)
{
    buf_puts(b, " DeltaX=\"");
    for (size_t i = 1; i < n;) {
        long long d = x[i] - x[i - 1];
        size_t k = i + 1;
        while (k < n && x[k] - x[k - 1] == d) k++;
        if (i > 1) buf_putc(b, ' ');
        if (k - i >= 2) buf_printf(b, "g %zu ", k - i);
        put_um(b, d);
        i = k;
    }
    buf_putc(b, '"');
}

/* One TextCode per stretch between blanks: a reader's XML parser may trim
 * a blank at either end of the text, and blanks draw nothing. */
static void put_text_codes(Buf *b, const Glyphs *g, long long box_x, long long baseline_y)
{
    char enc[4];
    for (size_t i = 0; i < g->n;) {
        if (is_blank(g->cps[i])) { i++; continue; }
        size_t j = i;
        while (j < g->n && !is_blank(g->cps[j])) j++;
        buf_puts(b, "<ofd:TextCode X=\"");
        put_um(b, g->x_um[i] - box_x);
        buf_puts(b, "\" Y=\"");
        put_um(b, baseline_y);
        buf_putc(b, '"');
        if (j - i > 1) put_delta_x(b, g->x_um + i, j - i);
        buf_putc(b, '>');
        for (size_t k = i; k < j; k++) ofd_xml_text(b, enc, (size_t)utf8_encode(g->cps[k], enc));
        buf_puts(b, "</ofd:TextCode>");
        i = j;
    }
}

static void text_object(Buf *b, const FontSet *fs, OfdIds *ids, const DrawOp *op, double page_h)
{
    Glyphs g;
    measure_run(&g, fs, op);
    if (g.ink_r >= g.ink_l) {
        /* the whole ink, the stroke's half and a little: readers clip to it */
        double pad = op->line_width / 2 + 0.5;
        long long bx = to_um(OFD_MM(g.ink_l - pad)), by = to_um(OFD_MM(page_h - g.ink_t - pad));
        long long bw = to_um(OFD_MM(g.ink_r + pad)) - bx, bh = to_um(OFD_MM(page_h - g.ink_b + pad)) - by;
        uint32_t font = ids->font(ids, op->font, op->role);
        for (size_t i = 0; i < g.n; i++)
            if (!is_blank(g.cps[i])) ids->mark(ids, op->font, g.cps[i]);
        buf_printf(b, "<ofd:TextObject ID=\"%u\"", ids->next(ids));
        put_box(b, bx, by, bw, bh);
        if (op->line_width > 0) {
            buf_puts(b, " LineWidth=\"");
            ofd_mm(b, OFD_MM(op->line_width));
            buf_puts(b, "\" Stroke=\"true\"");
        }
        /* a real bold face (fonts.map bold=): a reader that falls back to its own font makes that bold */
        if (fontset_is_bold_face(fs, op->font)) buf_puts(b, " Weight=\"700\"");
        buf_printf(b, " Font=\"%u\" Size=\"", font);
        ofd_mm(b, OFD_MM(op->size));
        buf_puts(b, "\">");
        put_color(b, "FillColor", op->color);
        if (op->line_width > 0) put_color(b, "StrokeColor", op->color);
        put_text_codes(b, &g, bx, to_um(OFD_MM(page_h - op->y)) - by);
        buf_puts(b, "</ofd:TextObject>");
    }
    free(g.cps);
    free(g.x_um);
}

/* A line, or a rectangle filled or stroked: a path relative to its box. */
static void path_object(Buf *b, OfdIds *ids, const DrawOp *op, double page_h)
{
    bool line = op->kind == DRAW_LINE, stroke = line || !op->fill;
    double x1 = op->x, y1 = op->y, x2 = line ? op->w : op->x + op->w, y2 = line ? op->h : op->y + op->h;
    double half = stroke ? op->line_width / 2 : 0;
    long long bx = to_um(OFD_MM(fmin(x1, x2) - half)), by = to_um(OFD_MM(page_h - fmax(y1, y2) - half));
    long long bw = to_um(OFD_MM(fmax(x1, x2) + half)) - bx, bh = to_um(OFD_MM(page_h - fmin(y1, y2) + half)) - by;
    long long ax = to_um(OFD_MM(x1)) - bx, ay = to_um(OFD_MM(page_h - y1)) - by;
    long long cx = to_um(OFD_MM(x2)) - bx, cy = to_um(OFD_MM(page_h - y2)) - by;
    buf_printf(b, "<ofd:PathObject ID=\"%u\"", ids->next(ids));
    put_box(b, bx, by, bw, bh);
    if (stroke) {
        buf_puts(b, " LineWidth=\"");
        ofd_mm(b, OFD_MM(op->line_width));
        buf_puts(b, "\">");
        put_color(b, "StrokeColor", op->color);
    } else {
        buf_puts(b, " Stroke=\"false\" Fill=\"true\">");
        put_color(b, "FillColor", op->color);
    }
    buf_puts(b, "<ofd:AbbreviatedData>M ");
    put_um(b, ax);
    buf_putc(b, ' ');
    put_um(b, ay);
    if (line) {
        buf_puts(b, " L ");
        put_um(b, cx);
        buf_putc(b, ' ');
        put_um(b, cy);
    } else {
        long long pts[3][2] = { { cx, ay }, { cx, cy }, { ax, cy } };
        for (int k = 0; k < 3; k++) {
            buf_puts(b, " L ");
            put_um(b, pts[k][0]);
            buf_putc(b, ' ');
            put_um(b, pts[k][1]);
        }
        buf_puts(b, " C");
    }
    buf_puts(b, "</ofd:AbbreviatedData></ofd:PathObject>");
}

/* An image: the unit square scaled onto its box (CTM "w 0 0 h 0 0"). */
static void image_object(Buf *b, OfdIds *ids, const DrawOp *op, double page_h)
{
    uint32_t res = ids->image(ids, op->text);
    if (!res) return;
    long long bx = to_um(OFD_MM(op->x)), by = to_um(OFD_MM(page_h - op->y - op->h));
    long long bw = to_um(OFD_MM(op->x + op->w)) - bx, bh = to_um(OFD_MM(page_h - op->y)) - by;
    buf_printf(b, "<ofd:ImageObject ID=\"%u\"", ids->next(ids));
    put_box(b, bx, by, bw, bh);
    buf_puts(b, " CTM=\"");
    put_um(b, bw);
    buf_puts(b, " 0 0 ");
    put_um(b, bh);
    buf_printf(b, " 0 0\" ResourceID=\"%u\"/>", res);
}

void ofd_page_xml(Buf *out, const FontSet *fs, OfdIds *ids, const DrawOp *ops, size_t n_ops, double width,
                  double height)
{
    out->len = 0;
    buf_puts(out, OFD_XML_DECL "<ofd:Page xmlns:ofd=\"" OFD_NS "\">");
    if (fabs(OFD_MM(width) - 210) > 0.01 || fabs(OFD_MM(height) - 297) > 0.01) {
        buf_puts(out, "<ofd:Area><ofd:PhysicalBox>0 0 ");
        ofd_mm(out, OFD_MM(width));
        buf_putc(out, ' ');
        ofd_mm(out, OFD_MM(height));
        buf_puts(out, "</ofd:PhysicalBox></ofd:Area>");
    }
    if (n_ops) {
        buf_printf(out, "<ofd:Content><ofd:Layer ID=\"%u\" Type=\"Body\">", ids->next(ids));
        for (size_t i = 0; i < n_ops; i++) {
            const DrawOp *op = &ops[i];
            if (op->kind == DRAW_TEXT) text_object(out, fs, ids, op, height);
            else if (op->kind == DRAW_IMAGE) image_object(out, ids, op, height);
            else path_object(out, ids, op, height);
        }
        buf_puts(out, "</ofd:Layer></ofd:Content>");
    }
    buf_puts(out, "</ofd:Page>\n");
}
