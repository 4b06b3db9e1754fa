/* docx_xml.c - the XML of the parts: xmlTextWriter calls, each checked,
 * paragraph properties in schema order, runs of text. */
#include "docx/docxint.h"
#include "base/utf8.h"
#include "typeset/linebreak.h"

#include <stdio.h>
#include <string.h>

bool xml_begin(Xml *x)
{
    x->failed = false;
    x->buf = xmlBufferCreate();
    x->w = x->buf ? xmlNewTextWriterMemory(x->buf, 0) : NULL;
    if (!x->w || xmlTextWriterStartDocument(x->w, NULL, "UTF-8", "yes") < 0) x->failed = true;
    return !x->failed;
}

/* The streamed part's bytes go straight into the archive's entry. */
static int to_zip(void *ctx, const char *buf, int len) { return zipwrite_write(ctx, buf, (size_t)len) == 0 ? len : -1; }
static int close_zip(void *ctx)
{
    (void)ctx;
    return 0;
}

bool xml_begin_streamed(Xml *x, ZipWriter *z)
{
    x->failed = false;
    x->buf = NULL;
    xmlOutputBufferPtr out = xmlOutputBufferCreateIO(to_zip, close_zip, z, NULL);
    x->w = out ? xmlNewTextWriter(out) : NULL;   /* owns out from here */
    if (!x->w && out) xmlOutputBufferClose(out);
    if (!x->w || xmlTextWriterStartDocument(x->w, NULL, "UTF-8", "yes") < 0) x->failed = true;
    return !x->failed;
}

bool xml_end_streamed(Xml *x)
{
    if (!x->w) return false;
    if (xmlTextWriterEndDocument(x->w) < 0) x->failed = true;
    xmlFreeTextWriter(x->w);   /* flushes the last bytes into the entry */
    x->w = NULL;
    return !x->failed;
}

const char *xml_end(Xml *x, size_t *len)
{
    if (!x->w) return NULL;
    if (xmlTextWriterEndDocument(x->w) < 0) x->failed = true;
    xmlFreeTextWriter(x->w);   /* flushes into buf */
    x->w = NULL;
    if (x->failed || !x->buf) return NULL;
    *len = (size_t)xmlBufferLength(x->buf);
    return (const char *)xmlBufferContent(x->buf);
}

void xml_free(Xml *x)
{
    if (x->w) xmlFreeTextWriter(x->w);
    if (x->buf) xmlBufferFree(x->buf);
    x->w = NULL;
    x->buf = NULL;
}

void xml_el(Xml *x, const char *name)
{
    if (!x->failed && xmlTextWriterStartElement(x->w, BAD_CAST name) < 0) x->failed = true;
}

void xml_attr(Xml *x, const char *name, const char *value)
{
    if (!x->failed && xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value) < 0) x->failed = true;
}

void xml_attr_int(Xml *x, const char *name, long value)
{
    char s[32];
    snprintf(s, sizeof s, "%ld", value);
    xml_attr(x, name, s);
}

void xml_text(Xml *x, const char *text, size_t len)
{
    if (x->failed || len == 0) return;
    xmlChar *s = xmlStrndup(BAD_CAST text, (int)len);   /* WriteString takes a terminated string */
    if (!s || xmlTextWriterWriteString(x->w, s) < 0) x->failed = true;
    xmlFree(s);
}

void xml_close(Xml *x)
{
    if (!x->failed && xmlTextWriterEndElement(x->w) < 0) x->failed = true;
}

void xml_val(Xml *x, const char *name, const char *value)
{
    xml_el(x, name);
    xml_attr(x, "w:val", value);
    xml_close(x);
}

void xml_width(Xml *x, const char *name, long twips)
{
    xml_el(x, name);
    xml_attr_int(x, "w:w", twips);
    xml_attr(x, "w:type", "dxa");
    xml_close(x);
}

static void border(Xml *x, const char *side, int size, const char *color, int space)
{
    xml_el(x, side);
    xml_attr(x, "w:val", "single");
    xml_attr_int(x, "w:sz", size);
    xml_attr_int(x, "w:space", space);
    xml_attr(x, "w:color", color ? color : "000000");
    xml_close(x);
}

static void indents(Xml *x, const PPr *p)
{
    if (p->side_twips) {
        xml_el(x, "w:ind");
        xml_attr_int(x, "w:left", p->side_twips);
        xml_attr_int(x, "w:right", p->side_twips);
        xml_attr_int(x, "w:firstLineChars", 0);
        xml_attr_int(x, "w:firstLine", 0);
        xml_close(x);
        return;
    }
    if (p->left_twips || p->right_twips) {
        xml_el(x, "w:ind");
        if (p->left_twips) xml_attr_int(x, "w:left", p->left_twips);
        if (p->right_twips) xml_attr_int(x, "w:right", p->right_twips);
        xml_attr_int(x, "w:firstLineChars", 0);
        xml_attr_int(x, "w:firstLine", 0);
        xml_close(x);
        return;
    }
    if (!p->first_chars && !p->left_chars && !p->right_chars && !p->hanging_chars && !p->no_first_indent) return;
    xml_el(x, "w:ind");
    if (p->left_chars) xml_attr_int(x, "w:leftChars", p->left_chars);
    if (p->left_chars) xml_attr_int(x, "w:left", (long)(p->left_chars * 320 / 100));
    if (p->right_chars) xml_attr_int(x, "w:rightChars", p->right_chars);
    if (p->right_chars) xml_attr_int(x, "w:right", (long)(p->right_chars * 320 / 100));
    if (p->hanging_chars) {
        xml_attr_int(x, "w:hangingChars", p->hanging_chars);
        xml_attr_int(x, "w:hanging", (long)(p->hanging_chars * 320 / 100));
    } else if (p->first_chars || p->no_first_indent) {
        xml_attr_int(x, "w:firstLineChars", p->first_chars);
        xml_attr_int(x, "w:firstLine", (long)(p->first_chars * 320 / 100));
    }
    xml_close(x);
}

/* CT_PPrBase's order: pStyle, keepNext, keepLines, pageBreakBefore,
 * framePr, …, pBdr, …, tabs, …, overflowPunct, …, autoSpaceDE, autoSpaceDN, …, snapToGrid, spacing,
 * ind, …, jc, …,
 * outlineLvl. */
void docx_ppr(Xml *x, const PPr *p)
{
    xml_el(x, "w:pPr");
    if (p->style) xml_val(x, "w:pStyle", p->style);
    if (p->keep_next) { xml_el(x, "w:keepNext"); xml_close(x); }
    if (p->keep_lines) { xml_el(x, "w:keepLines"); xml_close(x); }
    if (p->page_break_before) { xml_el(x, "w:pageBreakBefore"); xml_close(x); }
    if (p->frame_y) {
        xml_el(x, "w:framePr");
        xml_attr_int(x, "w:w", DOCX_TEXT_WIDTH);
        xml_attr(x, "w:wrap", "notBeside");
        xml_attr(x, "w:vAnchor", "margin");
        xml_attr(x, "w:hAnchor", "margin");
        xml_attr_int(x, "w:x", 0);
        xml_attr_int(x, "w:y", p->frame_y);
        xml_close(x);
    }
    if (p->border_top || p->border_bottom) {
        xml_el(x, "w:pBdr");
        if (p->border_top) border(x, "w:top", p->border_top, p->border_color, 1);
        if (p->border_bottom) border(x, "w:bottom", p->border_bottom, p->border_color, p->border_space);
        xml_close(x);
    }
    if (p->right_tab) {
        xml_el(x, "w:tabs");
        xml_el(x, "w:tab");
        xml_attr(x, "w:val", "right");
        xml_attr_int(x, "w:pos", p->right_tab);
        xml_close(x);
        xml_close(x);
    }
    if (p->no_autospace) {
        xml_val(x, "w:overflowPunct", "0");   /* no punctuation hanging past the block's edge */
        xml_val(x, "w:autoSpaceDE", "0");
        xml_val(x, "w:autoSpaceDN", "0");
    }
    if (p->off_grid) xml_val(x, "w:snapToGrid", "0");
    if (p->before || p->line_exact) {
        xml_el(x, "w:spacing");
        if (p->before) xml_attr_int(x, "w:before", p->before);
        if (p->line_exact) {
            xml_attr_int(x, "w:line", p->line_exact);
            xml_attr(x, "w:lineRule", "exact");
        }
        xml_close(x);
    }
    indents(x, p);
    if (p->jc) xml_val(x, "w:jc", p->jc);
    if (p->outline) {
        char v[16];
        snprintf(v, sizeof v, "%d", p->outline - 1);
        xml_val(x, "w:outlineLvl", v);
    }
    xml_close(x);
}

static const char *color_hex(TextColor c)
{
    switch (c) {
    case COLOR_RED: return "FF0000";
    case COLOR_AMBER: return "B26B00";
    case COLOR_BLUE: return "1F4E9A";
    default: return NULL;
    }
}

/* One run: rPr in CT_RPr's order (b, bCs, …, color, …, sz, szCs). */
static void run(Xml *x, const char *s, size_t len, bool bold, TextColor c, int half_points)
{
    if (!len) return;
    xml_el(x, "w:r");
    const char *hex = color_hex(c);
    if (bold || hex || half_points) {
        xml_el(x, "w:rPr");
        if (bold) { xml_el(x, "w:b"); xml_close(x); xml_el(x, "w:bCs"); xml_close(x); }
        if (hex) xml_val(x, "w:color", hex);
        if (half_points) {
            char v[16];
            snprintf(v, sizeof v, "%d", half_points);
            xml_val(x, "w:sz", v);
            xml_val(x, "w:szCs", v);
        }
        xml_close(x);
    }
    xml_el(x, "w:t");
    xml_attr(x, "xml:space", "preserve");
    xml_text(x, s, len);
    xml_close(x);
    xml_close(x);
}

void docx_runs(Xml *x, const char *text, TextColor c) { docx_runs_sized(x, text, c, 0); }

void docx_runs_sized(Xml *x, const char *text, TextColor c, int half_points)
{
    if (!text) return;
    bool bold = false;
    size_t start = 0, i = 0, n = strlen(text);
    while (i < n) {
        uint32_t cp;
        int l = utf8_decode((const unsigned char *)text + i, n - i, &cp);
        if (l <= 0) l = 1;
        if (l > 0 && lb_is_mark(cp)) {
            run(x, text + start, i - start, bold, c, half_points);
            bold = cp == LB_BOLD_ON;
            start = i + (size_t)l;
        }
        i += (size_t)l;
    }
    run(x, text + start, n - start, bold, c, half_points);
}

void docx_paragraph(Xml *x, const PPr *p, const char *text, TextColor c)
{
    xml_el(x, "w:p");
    docx_ppr(x, p);
    docx_runs(x, text, c);
    xml_close(x);
}

double docx_chars(const char *text)
{
    double w = 0;
    size_t n = text ? strlen(text) : 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int l = utf8_decode((const unsigned char *)text + i, n - i, &cp);
        if (l <= 0) l = 1;
        i += (size_t)l;
        if (lb_is_mark(cp)) continue;
        w += cp < 0x2E80 && cp != 0x2014 && cp != 0x2026 ? 0.5 : 1;
    }
    return w;
}
