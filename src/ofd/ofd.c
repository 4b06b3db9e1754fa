/* ofd.c - see ofd.h. The package: IDs, resources, Document.xml, OFD.xml.
 *
 * One ID space (GB/T 33190 7.4: IDs unique in the document, never 0) is
 * handed out in the order things are written: a page, its layer and its
 * objects, a font or image when first drawn. MaxUnitID is the last one.
 * The package's files:
 *   OFD.xml                         DocInfo, DocRoot
 *   Doc_0/Document.xml              CommonData, Pages, Outlines
 *   Doc_0/PublicRes.xml             fonts        (files in Doc_0/Res/)
 *   Doc_0/DocumentRes.xml           images       (files in Doc_0/Res/)
 *   Doc_0/Pages/Page_N/Content.xml  one per page, N from 0 */
#include "ofd/ofd.h"
#include "base/date.h"
#include "ofd/ofdint.h"
#include "base/sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

/* What a reader that ignores embedded fonts should fall back to: the
 * names the offices' own fonts carry, by role (pdf/font.h's order). */
static const char *const ROLE_FONT_NAMES[ROLE_COUNT] = { "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体" };

typedef struct {
    size_t file;
    int role;
    uint32_t id;
} FontUse;

typedef struct {
    char *path;
    uint32_t id;
} ImageUse;

#define CP_LIMIT 0x110000u

struct OfdWriter {
    OfdIds ids;                  /* first: the page half gets &w->ids */
    const FontSet *fs;
    ZipWriter *zip;
    uint32_t last_id;
    uint32_t *page_ids;
    size_t n_pages, cap_pages;
    FontUse *fonts;
    size_t n_fonts, cap_fonts;
    uint8_t **drawn;             /* per font file: a bit per code point drawn from it */
    uint32_t **drawn_list;       /* ... and those code points, in the order first drawn */
    size_t *n_drawn, *cap_drawn;
    ImageUse *images;
    size_t n_images, cap_images;
    char *date;
    Sha256 sha;                  /* over the pages: the DocID */
    Buf xml;
    bool failed;
    char err[256];
};

static void fail(OfdWriter *w, const char *fmt, const char *arg)
{
    if (w->failed) return;
    w->failed = true;
    snprintf(w->err, sizeof w->err, fmt, arg);
}

static uint32_t next_id(OfdIds *ids)
{
    OfdWriter *w = (OfdWriter *)ids;
    return ++w->last_id;
}

static uint32_t font_id(OfdIds *ids, size_t file, int role)
{
    OfdWriter *w = (OfdWriter *)ids;
    for (size_t i = 0; i < w->n_fonts; i++)
        if (w->fonts[i].file == file && w->fonts[i].role == role) return w->fonts[i].id;
    FontUse *f = ARRAY_PUSH(w->fonts, w->n_fonts, w->cap_fonts);
    f->file = file;
    f->role = role;
    f->id = next_id(ids);
    return f->id;
}

static void mark_drawn(OfdIds *ids, size_t file, uint32_t cp)
{
    OfdWriter *w = (OfdWriter *)ids;
    if (cp >= CP_LIMIT) return;
    if (!w->drawn[file]) w->drawn[file] = xcalloc(CP_LIMIT / 8, 1);
    uint8_t bit = (uint8_t)(1u << (cp & 7));
    if (w->drawn[file][cp >> 3] & bit) return;
    w->drawn[file][cp >> 3] |= bit;
    *ARRAY_PUSH(w->drawn_list[file], w->n_drawn[file], w->cap_drawn[file]) = cp;
}

static bool is_png(const char *path)
{
    static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
    unsigned char head[8];
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    bool ok = fread(head, 1, 8, f) == 8 && memcmp(head, sig, 8) == 0;
    fclose(f);
    return ok;
}

static uint32_t image_id(OfdIds *ids, const char *path)
{
    OfdWriter *w = (OfdWriter *)ids;
    for (size_t i = 0; i < w->n_images; i++)
        if (strcmp(w->images[i].path, path) == 0) return w->images[i].id;
    if (!is_png(path)) {
        fail(w, "the image %s is not a PNG file (OFD takes it as PNG)", path);
        return 0;
    }
    ImageUse *im = ARRAY_PUSH(w->images, w->n_images, w->cap_images);
    im->path = xstrdup(path);
    im->id = next_id(ids);
    return im->id;
}

OfdWriter *ofd_new(const FontSet *fs, const char *date, ZipWriteFn write, void *ctx)
{
    OfdWriter *w = xcalloc(1, sizeof *w);
    w->ids.next = next_id;
    w->ids.font = font_id;
    w->ids.mark = mark_drawn;
    w->ids.image = image_id;
    w->fs = fs;
    w->zip = zipwrite_new(write, ctx);
    w->drawn = xcalloc(fontset_count(fs) + 1, sizeof *w->drawn);
    w->drawn_list = xcalloc(fontset_count(fs) + 1, sizeof *w->drawn_list);
    w->n_drawn = xcalloc(fontset_count(fs) + 1, sizeof *w->n_drawn);
    w->cap_drawn = xcalloc(fontset_count(fs) + 1, sizeof *w->cap_drawn);
    w->date = date ? xstrdup(date) : NULL;
    sha256_init(&w->sha);
    return w;
}

void ofd_free(OfdWriter *w)
{
    if (!w) return;
    zipwrite_free(w->zip);
    for (size_t k = 0; k < fontset_count(w->fs); k++) {
        free(w->drawn[k]);
        free(w->drawn_list[k]);
    }
    free(w->drawn);
    free(w->drawn_list);
    free(w->n_drawn);
    free(w->cap_drawn);
    for (size_t i = 0; i < w->n_images; i++) free(w->images[i].path);
    free(w->images);
    free(w->fonts);
    free(w->page_ids);
    free(w->date);
    buf_free(&w->xml);
    free(w);
}

static void add_file(OfdWriter *w, const char *name, const void *data, size_t len)
{
    const char *why = NULL;
    if (!w->failed && zipwrite_add(w->zip, name, data, len, &why) != 0) fail(w, "%s", why);
}

void ofd_add_pages(OfdWriter *w, const PdfDoc *doc, size_t first, size_t end)
{
    for (size_t p = first; p < end && !w->failed; p++) {
        size_t n_ops;
        double width, height;
        const DrawOp *ops = pdfdoc_page_drawing(doc, p, &n_ops, &width, &height);
        if (!ops && n_ops == 0 && !pdfdoc_has_drawing(doc)) {
            fail(w, "%s", "the document's drawing was not kept");
            return;
        }
        if (w->n_pages != p) {
            fail(w, "%s", "pages handed over out of order");
            return;
        }
        *ARRAY_PUSH(w->page_ids, w->n_pages, w->cap_pages) = next_id(&w->ids);
        ofd_page_xml(&w->xml, w->fs, &w->ids, ops, n_ops, width, height);
        /* the DocID: from each page's CRC-32 and length (zlib's CRC is far cheaper than hashing every page) */
        unsigned char sig[8];
        uint32_t crc = (uint32_t)crc32(0L, (const Bytef *)w->xml.data, (uInt)w->xml.len), len = (uint32_t)w->xml.len;
        for (int i = 0; i < 4; i++) sig[i] = (unsigned char)(crc >> (8 * i)), sig[4 + i] = (unsigned char)(len >> (8 * i));
        sha256_update(&w->sha, sig, sizeof sig);
        char name[64];
        snprintf(name, sizeof name, "Doc_0/Pages/Page_%zu/Content.xml", p);
        add_file(w, name, w->xml.data, w->xml.len);
    }
}

void ofd_on_pages(void *ctx, const PdfDoc *doc, size_t first, size_t end) { ofd_add_pages(ctx, doc, first, end); }

/* ---- resources ------------------------------------------------------------- */

static int cmp_cp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The code points drawn from file, sorted; NULL when none. */
static uint32_t *drawn_code_points(const OfdWriter *w, size_t file, size_t *n)
{
    *n = w->n_drawn[file];
    if (!*n) return NULL;
    uint32_t *cps = xmalloc(*n * sizeof *cps);
    memcpy(cps, w->drawn_list[file], *n * sizeof *cps);
    qsort(cps, *n, sizeof *cps, cmp_cp);
    return cps;
}

/* Each font file drawn from, subset to what was drawn, as Res/font_<k>.ttf. */
static void write_font_files(OfdWriter *w)
{
    for (size_t k = 0; k < fontset_count(w->fs) && !w->failed; k++) {
        size_t n, len = 0;
        uint32_t *cps = drawn_code_points(w, k, &n);
        if (!cps) continue;
        unsigned char *ttf = fontset_subset(w->fs, k, cps, n, 0, &len);
        free(cps);
        if (!ttf) {
            fail(w, "the font %s cannot be subset for embedding", fontset_path(w->fs, k));
            return;
        }
        char name[64];
        snprintf(name, sizeof name, "Doc_0/Res/font_%zu.ttf", k);
        add_file(w, name, ttf, len);
        free(ttf);
    }
}

static void write_public_res(OfdWriter *w)
{
    Buf *b = &w->xml;
    b->len = 0;
    buf_puts(b, OFD_XML_DECL "<ofd:Res xmlns:ofd=\"" OFD_NS "\" BaseLoc=\"Res\">");
    if (w->n_fonts) buf_puts(b, "<ofd:Fonts>");
    for (size_t i = 0; i < w->n_fonts; i++) {
        const char *name = ROLE_FONT_NAMES[w->fonts[i].role < ROLE_COUNT ? w->fonts[i].role : ROLE_FS];
        buf_printf(b, "<ofd:Font ID=\"%u\" FontName=\"%s\" FamilyName=\"%s\"%s><ofd:FontFile>font_%zu.ttf</ofd:FontFile>"
                      "</ofd:Font>", w->fonts[i].id, name, name,
                   fontset_is_bold_face(w->fs, w->fonts[i].file) ? " Bold=\"true\"" : "", w->fonts[i].file);
    }
    if (w->n_fonts) buf_puts(b, "</ofd:Fonts>");
    buf_puts(b, "</ofd:Res>\n");
    add_file(w, "Doc_0/PublicRes.xml", b->data, b->len);
}

/* The images, as Res/image_<id>.png, and DocumentRes.xml naming them. */
static void write_document_res(OfdWriter *w)
{
    for (size_t i = 0; i < w->n_images && !w->failed; i++) {
        char *png, name[64];
        size_t len;
        if (read_file(w->images[i].path, (size_t)64 << 20, &png, &len) != 0) {
            fail(w, "cannot read the image %s", w->images[i].path);
            break;
        }
        snprintf(name, sizeof name, "Doc_0/Res/image_%u.png", w->images[i].id);
        add_file(w, name, png, len);
        free(png);
    }
    Buf *b = &w->xml;
    b->len = 0;
    buf_puts(b, OFD_XML_DECL "<ofd:Res xmlns:ofd=\"" OFD_NS "\" BaseLoc=\"Res\">");
    if (w->n_images) buf_puts(b, "<ofd:MultiMedias>");
    for (size_t i = 0; i < w->n_images; i++)
        buf_printf(b, "<ofd:MultiMedia ID=\"%u\" Type=\"Image\" Format=\"PNG\"><ofd:MediaFile>image_%u.png"
                      "</ofd:MediaFile></ofd:MultiMedia>", w->images[i].id, w->images[i].id);
    if (w->n_images) buf_puts(b, "</ofd:MultiMedias>");
    buf_puts(b, "</ofd:Res>\n");
    add_file(w, "Doc_0/DocumentRes.xml", b->data, b->len);
}

/* ---- Document.xml and OFD.xml ---------------------------------------------- */

/* Bookmark i and those nested under it (the following ones of a deeper
 * level); returns the index after them. */
static size_t put_outline(OfdWriter *w, const PdfDoc *doc, size_t i, size_t n)
{
    Buf *b = &w->xml;
    int level = pdfdoc_bookmark_level(doc, i);
    int page = pdfdoc_bookmark_page(doc, i) - 1;
    size_t n_pages = 0;
    double width = 0, height = 0;
    pdfdoc_page_drawing(doc, (size_t)page, &n_pages, &width, &height);
    const char *title = pdfdoc_bookmark_title(doc, i);
    buf_puts(b, "<ofd:OutlineElem Title=\"");
    ofd_xml_text(b, title, strlen(title));
    buf_printf(b, "\"><ofd:Actions><ofd:Action Event=\"CLICK\"><ofd:Goto><ofd:Dest Type=\"XYZ\" PageID=\"%u\" Left=\"0\" "
                  "Top=\"", w->page_ids[page]);
    double top = OFD_MM(height - pdfdoc_bookmark_y(doc, i));
    ofd_mm(b, top < 0 ? 0 : top);
    buf_puts(b, "\"/></ofd:Goto></ofd:Action></ofd:Actions>");
    size_t j = i + 1;
    while (j < n && pdfdoc_bookmark_level(doc, j) > level) j = put_outline(w, doc, j, n);
    buf_puts(b, "</ofd:OutlineElem>");
    return j;
}

static void write_document(OfdWriter *w, const PdfDoc *doc)
{
    Buf *b = &w->xml;
    b->len = 0;
    buf_printf(b, OFD_XML_DECL "<ofd:Document xmlns:ofd=\"" OFD_NS "\"><ofd:CommonData><ofd:MaxUnitID>%u</ofd:MaxUnitID>"
                  "<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
                  "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>"
                  "</ofd:CommonData><ofd:Pages>", w->last_id);
    for (size_t p = 0; p < w->n_pages; p++)
        buf_printf(b, "<ofd:Page ID=\"%u\" BaseLoc=\"Pages/Page_%zu/Content.xml\"/>", w->page_ids[p], p);
    buf_puts(b, "</ofd:Pages>");
    size_t n = pdfdoc_bookmark_count(doc);
    if (n) {
        buf_puts(b, "<ofd:Outlines>");
        for (size_t i = 0; i < n;) i = put_outline(w, doc, i, n);
        buf_puts(b, "</ofd:Outlines>");
    }
    buf_puts(b, "</ofd:Document>\n");
    add_file(w, "Doc_0/Document.xml", b->data, b->len);
}

/* SOURCE_DATE_EPOCH's day, else the document's date, else none. */
static bool creation_date(const OfdWriter *w, char out[32])
{
    long long t;
    if (source_date_epoch(&t)) {
        time_t tt = (time_t)t;
        struct tm tm;
        if (gmtime_r(&tt, &tm)) {
            snprintf(out, 32, "%04d-%02d-%02d", (tm.tm_year + 1900) % 10000, tm.tm_mon + 1, tm.tm_mday);
            return true;
        }
    }
    if (!w->date) return false;
    snprintf(out, 32, "%s", w->date);
    return true;
}

static void put_info(Buf *b, const char *element, const char *value)
{
    if (!value || !*value) return;
    buf_printf(b, "<ofd:%s>", element);
    ofd_xml_text(b, value, strlen(value));
    buf_printf(b, "</ofd:%s>", element);
}

static void write_ofd_xml(OfdWriter *w, const PdfDoc *doc)
{
    const char *title = pdfdoc_title(doc);
    if (title) sha256_update(&w->sha, title, strlen(title));
    char hex[65], date[32];
    sha256_final_hex(&w->sha, hex);
    Buf *b = &w->xml;
    b->len = 0;
    /* DocInfo's members in the schema's order */
    buf_printf(b, OFD_XML_DECL "<ofd:OFD xmlns:ofd=\"" OFD_NS "\" Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody>"
                  "<ofd:DocInfo><ofd:DocID>%.32s</ofd:DocID>", hex);
    put_info(b, "Title", title);
    put_info(b, "Author", pdfdoc_author(doc));
    put_info(b, "Subject", pdfdoc_subject(doc));
    if (creation_date(w, date)) put_info(b, "CreationDate", date);
    put_info(b, "Creator", "jindu");
    buf_puts(b, "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>\n");
    add_file(w, "OFD.xml", b->data, b->len);
}

int ofd_finish(OfdWriter *w, const PdfDoc *doc, char *err, size_t err_len)
{
    if (!w->failed && w->n_pages != (size_t)pdfdoc_page_count(doc)) fail(w, "%s", "not every page was handed over");
    write_font_files(w);
    write_document_res(w);
    write_public_res(w);
    write_document(w, doc);
    write_ofd_xml(w, doc);
    const char *why = NULL;
    if (!w->failed && zipwrite_finish(w->zip, &why) != 0) fail(w, "%s", why);
    if (w->failed) {
        snprintf(err, err_len, "%s", w->err);
        return -1;
    }
    return 0;
}
