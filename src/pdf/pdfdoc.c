/* pdfdoc.c - see pdfdoc.h. */
#include "pdf/pdfdoc.h"
#include "base/date.h"
#include "base/arena.h"
#include "pdf/pdfjoin.h"
#include "base/utf8.h"
#include "base/strmap.h"
#include "base/util.h"

#include <hpdf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <malloc.h>

/* A document keeps up to a part's worth of drawing operations (300 pages,
 * a few hundred thousand in a long table): 64 bytes each (pdfdoc.h). */
typedef DrawOp Op;
typedef DrawKind OpKind;
#define OP_TEXT DRAW_TEXT
#define OP_LINE DRAW_LINE
#define OP_RECT DRAW_RECT
#define OP_IMAGE DRAW_IMAGE

typedef struct {
    float width, height;         /* as libharu takes them */
    uint32_t first_op, n_ops;
} Page;

typedef PdfOutline Bookmark;   /* joined as they are kept */

struct PdfDoc {
    const FontSet *fs;
    Arena drawn;                 /* text and image paths of the ops not yet written */
    size_t part_pages;           /* a longer document is written in parts of this many pages */
    bool dropped;                /* too long to keep: pages, anchors and bookmarks still counted */
    PdfJoin *join;               /* streamed: pages before `written` are out */
    size_t written;
    bool failed;
    char err[256];
    Bookmark *marks;
    size_t n_marks, cap_marks;
    /* bookmark titles, each kept once: a pack repeats its reports' headings
     * (一、总体情况 …) two hundred thousand times */
    StrMap title_ids;
    const char **titles;
    size_t n_titles, cap_titles;
    int *anchors;                /* 1-based page by id, 0: not placed */
    size_t n_anchors, cap_anchors;
    Arena arena;
    Op *ops;
    size_t n_ops, cap_ops;
    Page *pages;                 /* pages from page_base on: those written, or only counted, are forgotten */
    size_t n_pages, cap_pages, page_base;
    float *sizes;                /* every page's width and height (an OFD's outline reads them at the end) */
    size_t cap_sizes;
    const char *title, *author, *subject;
    PdfPagesFn on_pages;         /* told of each part's pages before they are forgotten */
    void *on_pages_ctx;
};

/* Pages per part: 300 keeps libharu near 6 MB; JINDU_PDF_PART_PAGES
 * changes it (the tests write a pack in parts of a few pages). */
static size_t part_pages(void)
{
    const char *e = getenv("JINDU_PDF_PART_PAGES");
    if (e && *e) {
        char *end;
        long n = strtol(e, &end, 10);
        if (!*end && n >= 1 && n <= 1000000) return (size_t)n;
    }
    return 300;
}

PdfDoc *pdfdoc_new(const FontSet *fs)
{
    PdfDoc *d = xcalloc(1, sizeof *d);
    d->fs = fs;
    d->part_pages = part_pages();
    return d;
}

PdfDoc *pdfdoc_new_streamed(const FontSet *fs, PdfWriteFn write, void *ctx)
{
    PdfDoc *d = pdfdoc_new(fs);
    d->join = pdfjoin_new(write, ctx);
    return d;
}

bool pdfdoc_too_long(const PdfDoc *d) { return d->dropped; }

void pdfdoc_free(PdfDoc *d)
{
    if (!d) return;
    pdfjoin_free(d->join);
    arena_free(&d->drawn);
    arena_free(&d->arena);
    free(d->ops);
    free(d->pages);
    free(d->sizes);
    free(d->marks);
    strmap_free(&d->title_ids);
    free(d->titles);
    free(d->anchors);
    free(d);
}

void pdfdoc_set_info(PdfDoc *d, const char *title, const char *author, const char *subject)
{
    d->title = title ? arena_strdup(&d->arena, title) : NULL;
    d->author = author ? arena_strdup(&d->arena, author) : NULL;
    d->subject = subject ? arena_strdup(&d->arena, subject) : NULL;
}

static void write_part(PdfDoc *d);

static Page *last_page(PdfDoc *d) { return &d->pages[d->n_pages - 1 - d->page_base]; }

void pdfdoc_page(PdfDoc *d, double width, double height)
{
    if (d->join && d->n_pages - d->written >= d->part_pages) {
        write_part(d);
    } else if (!d->join && !d->dropped && d->n_pages >= d->part_pages) {
        /* more than one part: the caller lays it out again, streamed */
        d->dropped = true;
        d->n_ops = 0;
        arena_free(&d->drawn);
    }
    if (d->dropped) d->page_base = d->n_pages;   /* counted only */
    grow_array((void **)&d->sizes, &d->cap_sizes, 2 * (d->n_pages + 1), sizeof *d->sizes);
    d->sizes[2 * d->n_pages] = (float)width;
    d->sizes[2 * d->n_pages + 1] = (float)height;
    size_t kept = d->n_pages - d->page_base;
    Page *p = ARRAY_PUSH(d->pages, kept, d->cap_pages);
    d->n_pages++;
    p->width = (float)width;
    p->height = (float)height;
    p->first_op = (uint32_t)d->n_ops;
    p->n_ops = 0;
}

int pdfdoc_page_count(const PdfDoc *d) { return (int)d->n_pages; }

void pdfdoc_resize_page(PdfDoc *d, double width, double height)
{
    if (d->n_pages == 0) return;
    last_page(d)->width = d->sizes[2 * d->n_pages - 2] = (float)width;
    last_page(d)->height = d->sizes[2 * d->n_pages - 1] = (float)height;
}

static Op *new_op(PdfDoc *d, OpKind kind, Cmyk color)
{
    if (d->n_pages == 0) pdfdoc_page(d, MM(210), MM(297));
    Op *op = ARRAY_PUSH(d->ops, d->n_ops, d->cap_ops);
    memset(op, 0, sizeof *op);
    op->kind = kind;
    op->color = color;
    last_page(d)->n_ops++;
    return op;
}

void pdfdoc_text(PdfDoc *d, size_t font, FontRole role, double size, double x, double y, const char *utf8,
                 size_t len, double char_space, double stroke, Cmyk color)
{
    if (len == 0 || d->dropped) return;
    Op *op = new_op(d, OP_TEXT, color);
    op->font = font;
    op->role = (uint8_t)role;
    op->size = size;
    op->x = x;
    op->y = y;
    op->text = arena_strndup(&d->drawn, utf8, len);
    op->len = len;
    op->char_space = char_space;
    op->line_width = (float)stroke;
}

void pdfdoc_image(PdfDoc *d, const char *png_path, double x, double y, double w, double h)
{
    if (d->dropped) return;
    Op *op = new_op(d, OP_IMAGE, CMYK_BLACK);
    op->text = arena_strdup(&d->drawn, png_path);
    op->len = strlen(png_path);
    op->x = x;
    op->y = y;
    op->w = w;
    op->h = h;
}

void pdfdoc_bookmark(PdfDoc *d, int level, const char *title, double y)
{
    /* a document only counted (to be laid out again, streamed) needs none */
    if (d->n_pages == 0 || !title || d->dropped) return;
    if (d->n_marks == d->cap_marks) {   /* by half again: a doubling array of 275,000 left 6 MB unused */
        d->cap_marks += d->cap_marks / 2 + 64;
        d->marks = xrealloc(d->marks, d->cap_marks * sizeof *d->marks);
    }
    Bookmark *m = &d->marks[d->n_marks++];
    m->level = (uint8_t)(level < 1 ? 1 : level > 8 ? 8 : level);
    long id = strmap_get(&d->title_ids, title);
    if (id < 0) {
        id = (long)d->n_titles;
        *ARRAY_PUSH(d->titles, d->n_titles, d->cap_titles) = arena_strdup(&d->arena, title);
        strmap_put(&d->title_ids, d->titles[id], id);
    }
    m->title = (uint32_t)id;
    m->page = (uint32_t)(d->n_pages - 1);
    m->y = (float)y;
}

void pdfdoc_anchor(PdfDoc *d, size_t id)
{
    if (id > 1000000) return;
    grow_array((void **)&d->anchors, &d->cap_anchors, id + 1, sizeof *d->anchors);
    while (d->n_anchors <= id) d->anchors[d->n_anchors++] = 0;
    d->anchors[id] = (int)d->n_pages;
}

int pdfdoc_anchor_page(const PdfDoc *d, size_t id) { return id < d->n_anchors ? d->anchors[id] : 0; }

size_t pdfdoc_bookmark_count(const PdfDoc *d) { return d->n_marks; }
int pdfdoc_bookmark_page(const PdfDoc *d, size_t i) { return i < d->n_marks ? (int)d->marks[i].page + 1 : 0; }
int pdfdoc_bookmark_level(const PdfDoc *d, size_t i) { return i < d->n_marks ? d->marks[i].level : 0; }
const char *pdfdoc_bookmark_title(const PdfDoc *d, size_t i) { return i < d->n_marks ? d->titles[d->marks[i].title] : ""; }
double pdfdoc_bookmark_y(const PdfDoc *d, size_t i) { return i < d->n_marks ? d->marks[i].y : 0; }

const char *pdfdoc_title(const PdfDoc *d) { return d->title; }
const char *pdfdoc_author(const PdfDoc *d) { return d->author; }
const char *pdfdoc_subject(const PdfDoc *d) { return d->subject; }

bool pdfdoc_has_drawing(const PdfDoc *d) { return !d->dropped; }

const DrawOp *pdfdoc_page_drawing(const PdfDoc *d, size_t page, size_t *n_ops, double *width, double *height)
{
    *n_ops = 0;
    if (page >= d->n_pages) return NULL;
    *width = d->sizes[2 * page];
    *height = d->sizes[2 * page + 1];
    if (d->dropped || page < d->written || page < d->page_base) return NULL;
    const Page *p = &d->pages[page - d->page_base];
    *n_ops = p->n_ops;
    return d->ops + p->first_op;
}

void pdfdoc_on_pages(PdfDoc *d, PdfPagesFn fn, void *ctx)
{
    d->on_pages = fn;
    d->on_pages_ctx = ctx;
}

/* A line or rectangle: (x, y) and (w, h) are its end points or its corner
 * and size. */
static Op *shape_op(PdfDoc *d, OpKind kind, double x, double y, double w, double h, double line_width, Cmyk color)
{
    Op *op = new_op(d, kind, color);
    op->x = x;
    op->y = y;
    op->w = w;
    op->h = h;
    op->line_width = line_width;
    return op;
}

void pdfdoc_line(PdfDoc *d, double x1, double y1, double x2, double y2, double width, Cmyk color)
{
    if (!d->dropped) shape_op(d, OP_LINE, x1, y1, x2, y2, width, color);
}

void pdfdoc_rect(PdfDoc *d, double x, double y, double w, double h, bool fill, double line_width, Cmyk color)
{
    if (!d->dropped) shape_op(d, OP_RECT, x, y, w, h, line_width, color)->fill = fill;
}

/* ---- rendering ------------------------------------------------------------ */

typedef struct {
    HPDF_STATUS code, detail;
} HaruError;

static void on_haru_error(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
    HaruError *e = user;
    if (!e->code) {
        e->code = code;
        e->detail = detail;
    }
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Text reaches libharu in small dense codes, not in its real code points:
 * the i-th distinct character a font draws in a document is CODE_BASE + i
 * (the font subset's cmap says the same). libharu's UTF-8 encoder makes the
 * code the CID, and writes per font a CIDToGIDMap as long as the largest
 * CID and a code-to-glyph lookup over all 65,536 codes; with real Chinese
 * code points that was 128 KB of zeros per font to compress and a linear
 * cmap scan per code, half of all the time spent. 0x100 keeps the codes
 * clear of ASCII, which libharu may treat specially. */
#define CODE_BASE 0x100u

static void put_utf16(Buf *b, uint32_t cp)
{
    if (cp > 0xFFFF) {
        cp -= 0x10000;
        buf_printf(b, "%04X%04X", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
    } else {
        buf_printf(b, "%04X", cp);
    }
}

/* libharu 2.3.0 writes its encoding CMap as /ToUnicode, which poppler flags
 * as invalid, and which would map the dense codes to the wrong text anyway:
 * rewrite it with code -> real character, ranges where both run on. */
static HPDF_STATUS fix_to_unicode(HPDF_Font font, const uint32_t *cps, size_t n)
{
    HPDF_Dict tu = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
    if (!tu || !tu->stream) return HPDF_INVALID_OBJECT;
    HPDF_MemStream_FreeData(tu->stream);
    /* a half-width glyph (push-in) stands for its character */
    uint32_t *uni = xmalloc((n ? n : 1) * sizeof *uni);
    for (size_t i = 0; i < n; i++) uni[i] = font_is_half(cps[i]) ? cps[i] - FONT_HALF : cps[i];
    cps = uni;
    Buf b = {0};
    buf_puts(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                 "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                 "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    /* runs of consecutive characters, at most 100 entries per block */
    size_t i = 0;
    while (i < n) {
        size_t entries = 0, j = i;
        Buf blk = {0};
        while (j < n && entries < 100) {
            size_t k = j + 1;
            while (k < n && cps[k] == cps[k - 1] + 1 && (cps[k] & 0xFF) != 0 && ((CODE_BASE + k) & 0xFF) != 0 &&
                   cps[k] <= 0xFFFF)
                k++;
            buf_printf(&blk, "<%04X> <%04X> <", (unsigned)(CODE_BASE + j), (unsigned)(CODE_BASE + k - 1));
            put_utf16(&blk, cps[j]);
            buf_puts(&blk, ">\n");
            entries++;
            j = k;
        }
        buf_printf(&b, "%zu beginbfrange\n", entries);
        buf_append(&b, blk.data, blk.len);
        buf_puts(&b, "endbfrange\n");
        buf_free(&blk);
        i = j;
    }
    buf_puts(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    HPDF_STATUS st = HPDF_Stream_Write(tu->stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
    buf_free(&b);
    free(uni);
    return st;
}

/* Embed the subset of font file k holding cps; returns the libharu font. */
static HPDF_Font load_subset(HPDF_Doc pdf, const FontSet *fs, size_t k, const uint32_t *cps, size_t n,
                             const char **why)
{
    size_t len = 0;
    unsigned char *bytes = fontset_subset(fs, k, cps, n, CODE_BASE, &len);
    if (!bytes) { *why = "hb-subset failed"; return NULL; }
    /* libharu 2.3.0 loads fonts only from a path: hand it a memfd */
    int fd = memfd_create("jindu-font", MFD_CLOEXEC);
    if (fd < 0) { free(bytes); *why = "memfd_create failed"; return NULL; }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, bytes + off, len - off);
        if (w <= 0) { close(fd); free(bytes); *why = "cannot write font subset"; return NULL; }
        off += (size_t)w;
    }
    free(bytes);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    const char *name = HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE);
    close(fd);   /* libharu holds its own open file until HPDF_Free */
    if (!name) { *why = "libharu could not load the font subset"; return NULL; }
    HPDF_Font font = HPDF_GetFont(pdf, name, "UTF-8");
    if (!font) { *why = "libharu could not create the font"; return NULL; }
    if (fix_to_unicode(font, cps, n) != HPDF_OK) { *why = "cannot write the ToUnicode map"; return NULL; }
    return font;
}

/* libharu refuses strings longer than 65,535 bytes (document info,
 * bookmark titles): a title that long comes only from absurd data, and is
 * shortened to 1,000 bytes, ending in …. Returns s or a copy in buf. */
static const char *short_enough(const char *s, char *buf, size_t size)
{
    size_t n = strlen(s);
    if (n <= 1000 || size < 1010) return s;
    size_t cut = 1000;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
    memcpy(buf, s, cut);
    memcpy(buf + cut, "…", 4);   /* with its NUL */
    return buf;
}

static void set_color(HPDF_Page page, Cmyk c)
{
    HPDF_Page_SetCMYKFill(page, c.c, c.m, c.y, c.k);
    HPDF_Page_SetCMYKStroke(page, c.c, c.m, c.y, c.k);
}

/* The document information every PDF carries, whole or joined. */
#define CREATOR "jindu"
#define PRODUCER "jindu with libharu"

/* SOURCE_DATE_EPOCH, or -1: without it no date is written at all, which
 * is as reproducible. */
static long long source_date(void)
{
    long long t;
    return source_date_epoch(&t) ? t : -1;
}

static void set_dates(HPDF_Doc pdf)
{
    long long t = source_date();
    if (t < 0) return;
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm)) return;
    HPDF_Date dt = { tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, 'Z', 0, 0 };
    HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, dt);
    HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, dt);
}

/* The pages not written yet as one PDF; whole: the document entire, with
 * its information and bookmarks (a part has neither: pdfjoin writes them). */
/* One document (or one part of a streamed one) on its way through libharu. */
typedef struct {
    PdfDoc *d;
    HPDF_Doc pdf;
    HaruError he;
    size_t nf;
    HPDF_Font *fonts;
    uint32_t **font_cps;       /* per font file, sorted: code = CODE_BASE + index */
    size_t *font_n;
    Buf coded;                 /* a text run in its font's codes */
    const char **image_paths;  /* each image file is embedded once */
    HPDF_Image *images;
    size_t n_images;
    const char *why;           /* what failed */
    char shortened[1024];
} Render;

static void render_info(Render *r)
{
    PdfDoc *d = r->d;
    HPDF_SetInfoAttr(r->pdf, HPDF_INFO_CREATOR, CREATOR);
    HPDF_SetInfoAttr(r->pdf, HPDF_INFO_PRODUCER, PRODUCER);
    if (d->title) HPDF_SetInfoAttr(r->pdf, HPDF_INFO_TITLE, short_enough(d->title, r->shortened, sizeof r->shortened));
    if (d->author)
        HPDF_SetInfoAttr(r->pdf, HPDF_INFO_AUTHOR, short_enough(d->author, r->shortened, sizeof r->shortened));
    if (d->subject)
        HPDF_SetInfoAttr(r->pdf, HPDF_INFO_SUBJECT, short_enough(d->subject, r->shortened, sizeof r->shortened));
    set_dates(r->pdf);
}

/* The code points font file k draws, sorted and unique; NULL for none. */
static uint32_t *drawn_code_points(const PdfDoc *d, size_t k, size_t *n_out)
{
    uint32_t *cps = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < d->n_ops; i++) {
        const Op *op = &d->ops[i];
        if (op->kind != OP_TEXT || op->font != k) continue;
        const unsigned char *s = (const unsigned char *)op->text;
        size_t left = op->len;
        while (left) {
            uint32_t cp;
            int l = utf8_decode(s, left, &cp);
            if (!l) { l = 1; cp = 0xFFFD; }
            *(uint32_t *)ARRAY_PUSH(cps, n, cap) = cp;
            s += l;
            left -= (size_t)l;
        }
    }
    if (n == 0) { *n_out = 0; return NULL; }
    qsort(cps, n, sizeof *cps, cmp_u32);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (u == 0 || cps[i] != cps[u - 1]) cps[u++] = cps[i];
    *n_out = u;
    return cps;
}

/* Every font file subset to exactly what is drawn in it, and embedded. */
static bool render_fonts(Render *r)
{
    for (size_t k = 0; k < r->nf; k++) {
        size_t u;
        uint32_t *cps = drawn_code_points(r->d, k, &u);
        if (!cps) continue;
        if (u > 0xD000) { r->why = "too many distinct characters in one font"; free(cps); return false; }
        r->fonts[k] = load_subset(r->pdf, r->d->fs, k, cps, u, &r->why);
        r->font_cps[k] = cps;
        r->font_n[k] = u;
        if (!r->fonts[k]) return false;
    }
    return true;
}

/* The text state a page has so far: set again only when it changes (a
 * page's content stream is most of what libharu holds). */
typedef struct {
    bool in_text, have_color, have_font, have_space, have_stroke;
    Cmyk color;
    size_t font;
    double size, space, stroke;
} TextState;

static void draw_text_op(Render *r, HPDF_Page page, const Op *op, TextState *ts)
{
    if (!ts->in_text) { HPDF_Page_BeginText(page); ts->in_text = true; }
    if (!ts->have_color || memcmp(&ts->color, &op->color, sizeof ts->color) != 0) {
        set_color(page, op->color);
        ts->color = op->color;
        ts->have_color = true;
    }
    if (!ts->have_font || ts->font != op->font || ts->size != op->size) {
        HPDF_Page_SetFontAndSize(page, r->fonts[op->font], (HPDF_REAL)op->size);
        ts->font = op->font;
        ts->size = op->size;
        ts->have_font = true;
    }
    if (!ts->have_space || ts->space != op->char_space) {
        HPDF_Page_SetCharSpace(page, (HPDF_REAL)op->char_space);
        ts->space = op->char_space;
        ts->have_space = true;
    }
    if (!ts->have_stroke ? op->line_width > 0 : ts->stroke != op->line_width) {
        /* fill and stroke (Tr 2) in the fill's colour: set_color sets both */
        if (op->line_width > 0) HPDF_Page_SetLineWidth(page, op->line_width);
        HPDF_Page_SetTextRenderingMode(page, op->line_width > 0 ? HPDF_FILL_THEN_STROKE : HPDF_FILL);
        ts->stroke = op->line_width;
        ts->have_stroke = true;
    }
    r->coded.len = 0;
    const unsigned char *t = (const unsigned char *)op->text;
    size_t left = op->len;
    while (left) {
        uint32_t cp;
        int l = utf8_decode(t, left, &cp);
        if (!l) { l = 1; cp = 0xFFFD; }
        const uint32_t *hit = bsearch(&cp, r->font_cps[op->font], r->font_n[op->font], sizeof cp, cmp_u32);
        char enc[4];
        int el = utf8_encode(CODE_BASE + (uint32_t)(hit - r->font_cps[op->font]), enc);
        buf_append(&r->coded, enc, (size_t)el);
        t += l;
        left -= (size_t)l;
    }
    HPDF_Page_TextOut(page, (HPDF_REAL)op->x, (HPDF_REAL)op->y, buf_cstr(&r->coded));
}

static bool is_jpeg(const char *path)
{
    unsigned char head[3];
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    bool jpeg = fread(head, 1, 3, f) == 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF;
    fclose(f);
    return jpeg;
}

static bool draw_image_op(Render *r, HPDF_Page page, const Op *op)
{
    HPDF_Image img = NULL;
    for (size_t j = 0; j < r->n_images; j++)
        if (strcmp(r->image_paths[j], op->text) == 0) img = r->images[j];
    if (!img) {
        /* a JPEG saved under a .png name (a scanned seal, renamed) is drawn as what it is */
        img = is_jpeg(op->text) ? HPDF_LoadJpegImageFromFile(r->pdf, op->text) : HPDF_LoadPngImageFromFile(r->pdf, op->text);
        if (!img) { r->why = "libharu cannot load the image (PNG or JPEG)"; return false; }
        /* libharu 2.3.0 leaves a PNG's alpha mask uncompressed */
        HPDF_Dict mask = HPDF_Dict_GetItem(img, "SMask", HPDF_OCLASS_DICT);
        if (mask) mask->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
        r->image_paths = xrealloc(r->image_paths, (r->n_images + 1) * sizeof *r->image_paths);
        r->images = xrealloc(r->images, (r->n_images + 1) * sizeof *r->images);
        r->image_paths[r->n_images] = op->text;
        r->images[r->n_images++] = img;
    }
    HPDF_Page_DrawImage(page, img, (HPDF_REAL)op->x, (HPDF_REAL)op->y, (HPDF_REAL)op->w, (HPDF_REAL)op->h);
    return true;
}

static void draw_path_op(HPDF_Page page, const Op *op)
{
    set_color(page, op->color);
    HPDF_Page_SetLineWidth(page, (HPDF_REAL)op->line_width);
    if (op->kind == OP_LINE) {
        HPDF_Page_MoveTo(page, (HPDF_REAL)op->x, (HPDF_REAL)op->y);
        HPDF_Page_LineTo(page, (HPDF_REAL)op->w, (HPDF_REAL)op->h);
        HPDF_Page_Stroke(page);
        return;
    }
    HPDF_Page_Rectangle(page, (HPDF_REAL)op->x, (HPDF_REAL)op->y, (HPDF_REAL)op->w, (HPDF_REAL)op->h);
    if (op->fill) HPDF_Page_Fill(page);
    else HPDF_Page_Stroke(page);
}

static bool render_page(Render *r, const Page *pg)
{
    HPDF_Page page = HPDF_AddPage(r->pdf);
    if (!page) { r->why = "libharu cannot add a page"; return false; }
    HPDF_Page_SetWidth(page, (HPDF_REAL)pg->width);
    HPDF_Page_SetHeight(page, (HPDF_REAL)pg->height);
    TextState ts = { .color = CMYK_BLACK };
    for (size_t i = pg->first_op; i < pg->first_op + pg->n_ops; i++) {
        const Op *op = &r->d->ops[i];
        if (op->kind == OP_TEXT) {
            draw_text_op(r, page, op, &ts);
            continue;
        }
        if (ts.in_text) { HPDF_Page_EndText(page); ts.in_text = false; }
        ts.have_color = false;   /* lines and rects set their own */
        if (op->kind == OP_IMAGE) {
            if (!draw_image_op(r, page, op)) return false;
        } else {
            draw_path_op(page, op);
        }
    }
    if (ts.in_text) HPDF_Page_EndText(page);
    if (r->he.code) { r->why = "libharu failed while drawing"; return false; }
    return true;
}

/* Bookmarks, each nested under the nearest earlier one of a higher level. */
static bool render_bookmarks(Render *r)
{
    const PdfDoc *d = r->d;
    HPDF_Outline parents[9] = { NULL };
    HPDF_Encoder utf8 = HPDF_GetEncoder(r->pdf, "UTF-8");
    for (size_t i = 0; i < d->n_marks; i++) {
        const Bookmark *m = &d->marks[i];
        HPDF_Outline parent = NULL;
        for (int l = m->level - 1; l >= 1 && !parent; l--) parent = parents[l];
        HPDF_Outline o = HPDF_CreateOutline(r->pdf, parent, short_enough(d->titles[m->title], r->shortened, sizeof r->shortened),
                                            utf8);
        HPDF_Page page = HPDF_GetPageByIndex(r->pdf, (HPDF_UINT)m->page);
        if (!o || !page) { r->why = "libharu cannot create a bookmark"; return false; }
        HPDF_Destination dst = HPDF_Page_CreateDestination(page);
        if (!dst || HPDF_Destination_SetFitH(dst, (HPDF_REAL)m->y) != HPDF_OK ||
            HPDF_Outline_SetDestination(o, dst) != HPDF_OK) {
            r->why = "libharu cannot set a bookmark's destination";
            return false;
        }
        HPDF_Outline_SetOpened(o, m->level == 1 ? HPDF_TRUE : HPDF_FALSE);
        parents[m->level] = o;
        for (int l = m->level + 1; l < 9; l++) parents[l] = NULL;
    }
    HPDF_SetPageMode(r->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
    return true;
}

static bool render_save(Render *r, unsigned char **out, size_t *out_len)
{
    if (HPDF_SaveToStream(r->pdf) != HPDF_OK) { r->why = "libharu cannot write the PDF"; return false; }
    HPDF_UINT32 size = HPDF_GetStreamSize(r->pdf);
    unsigned char *bytes = xmalloc(size ? size : 1);
    HPDF_UINT32 got = size;
    HPDF_ResetStream(r->pdf);
    HPDF_STATUS st = HPDF_ReadFromStream(r->pdf, bytes, &got);
    if ((st != HPDF_OK && st != HPDF_STREAM_EOF) || got != size) {
        free(bytes);
        r->why = "cannot read the PDF back from libharu";
        return false;
    }
    *out = bytes;
    *out_len = size;
    return true;
}

static void render_free(Render *r)
{
    free(r->fonts);
    for (size_t k = 0; k < r->nf; k++) free(r->font_cps[k]);
    free(r->font_cps);
    free(r->font_n);
    buf_free(&r->coded);
    free(r->image_paths);
    free(r->images);
    HPDF_Free(r->pdf);
}

/* The pages from d->written on, as a PDF; whole: also the document's info
 * and bookmarks (a part of a streamed document has neither). */
static int render_pages(PdfDoc *d, bool whole, unsigned char **out, size_t *out_len, char *err, size_t err_len)
{
    Render *r = xcalloc(1, sizeof *r);
    r->d = d;
    r->pdf = HPDF_New(on_haru_error, &r->he);
    if (!r->pdf) {
        free(r);
        snprintf(err, err_len, "libharu: cannot create a document");
        return -1;
    }
    r->nf = fontset_count(d->fs);
    r->fonts = xcalloc(r->nf + 1, sizeof *r->fonts);
    r->font_cps = xcalloc(r->nf + 1, sizeof *r->font_cps);
    r->font_n = xcalloc(r->nf + 1, sizeof *r->font_n);
    bool ok = HPDF_SetCompressionMode(r->pdf, HPDF_COMP_ALL) == HPDF_OK && HPDF_UseUTFEncodings(r->pdf) == HPDF_OK;
    if (!ok) r->why = "libharu set-up failed";
    if (ok) {
        HPDF_SetCurrentEncoder(r->pdf, "UTF-8");
        if (whole) render_info(r);
        ok = render_fonts(r);
    }
    for (size_t p = d->written; ok && p < d->n_pages; p++) ok = render_page(r, &d->pages[p - d->page_base]);
    if (ok && whole && d->n_marks) ok = render_bookmarks(r);
    if (ok) ok = render_save(r, out, out_len);
    if (!ok && r->he.code)
        snprintf(err, err_len, "%s (libharu error 0x%04X, detail %u)", r->why ? r->why : "libharu error",
                 (unsigned)r->he.code, (unsigned)r->he.detail);
    else if (!ok)
        snprintf(err, err_len, "%s", r->why ? r->why : "unknown failure");
    render_free(r);
    free(r);
    return ok ? 0 : -1;
}

int pdfdoc_render(PdfDoc *d, unsigned char **out, size_t *out_len, char *err, size_t err_len)
{
    if (d->join || d->dropped) {
        snprintf(err, err_len, "a document of more than %zu pages is written streamed", d->part_pages);
        return -1;
    }
    return render_pages(d, true, out, out_len, err, err_len);
}

/* Write the pages laid out so far as one part and forget their drawing. */
static void write_part(PdfDoc *d)
{
    if (d->failed || d->written == d->n_pages) return;
    if (d->on_pages) d->on_pages(d->on_pages_ctx, d, d->written, d->n_pages);
    unsigned char *bytes;
    size_t len;
    if (render_pages(d, false, &bytes, &len, d->err, sizeof d->err) != 0) {
        d->failed = true;
    } else {
        const char *why = NULL;
        if (pdfjoin_add(d->join, bytes, len, &why) != 0) {
            snprintf(d->err, sizeof d->err, "%s", why);
            d->failed = true;
        }
        free(bytes);
    }
    d->n_ops = 0;
    arena_free(&d->drawn);
    d->written = d->page_base = d->n_pages;   /* their records too: a pack of 100,000 pages held 4 MB of them */
    malloc_trim(0);
    fontset_release_pages(d->fs);   /* a part's libharu objects, gone: give their memory back before the next */
}

int pdfdoc_finish(PdfDoc *d, char *err, size_t err_len)
{
    if (!d->join) {
        snprintf(err, err_len, "the document is not streamed");
        return -1;
    }
    write_part(d);
    /* every page is out: the drawing's room goes back before the outlines are joined */
    free(d->ops);
    d->ops = NULL;
    d->n_ops = d->cap_ops = 0;
    free(d->pages);
    d->pages = NULL;
    d->cap_pages = 0;
    malloc_trim(0);
    if (!d->failed) {
        char title[1024], author[1024], subject[1024];
        PdfInfo info = { d->title ? short_enough(d->title, title, sizeof title) : NULL,
                         d->author ? short_enough(d->author, author, sizeof author) : NULL,
                         d->subject ? short_enough(d->subject, subject, sizeof subject) : NULL,
                         CREATOR, PRODUCER, source_date() };
        for (size_t i = 0; i < d->n_titles; i++) {   /* the few titles over 1,000 bytes, shortened */
            char buf[1024];
            if (short_enough(d->titles[i], buf, sizeof buf) == buf) d->titles[i] = arena_strdup(&d->arena, buf);
        }
        const char *why = NULL;
        if (pdfjoin_finish(d->join, &info, d->marks, d->n_marks, d->titles, &why) != 0) {
            snprintf(d->err, sizeof d->err, "%s", why);
            d->failed = true;
        }
    }
    if (d->failed) {
        snprintf(err, err_len, "%s", d->err);
        return -1;
    }
    return 0;
}
