/* docx_styles.c - word/styles.xml: the text is in styles, not direct
 * formatting, so that an office changes 正文 once. Fonts are named as the
 * licensed office fonts are (方正小标宋简体, 仿宋_GB2312, 黑体,
 * 楷体_GB2312, 宋体: the names jindu's fonts.map looks for first), for
 * Chinese and Latin text alike, as the PDF sets digits in the same font;
 * a machine without them substitutes (docs/docx.md). */
#include "docx/docxint.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    const char *id, *name, *based_on;
    const char *font;      /* NULL: the default (仿宋_GB2312) */
    int condense;          /* twips taken from each character's advance (see Normal) */
    int half_points;       /* size; 0: the default (三号, 32) */
    bool bold;
    const char *color;
    const char *jc;
    int first_chars;       /* hundredths of a character; -1: none written */
    int outline;           /* outline level + 1 (headings); 0 none */
    bool off_grid;
} StyleDef;

static const StyleDef STYLES[] = {
    /* the size said again here: LibreOffice takes the grid's character from this style. Its
     * characters are condensed by 0.3 pt: LibreOffice snaps each character to half cells of the
     * grid (15.79 pt for 28 a line), and a 16 pt one would take three; Word fits it to one */
    { "Normal", "Normal", NULL, "仿宋_GB2312", -6, 32, false, NULL, "both", 200, 0, false },
    { "Title", "Title", "Normal", "方正小标宋简体", 0, 44, false, NULL, "center", 0, 1, true },
    { "Heading1", "heading 1", "Normal", "黑体", 0, 0, false, NULL, NULL, 200, 1, false },
    { "Heading2", "heading 2", "Normal", "楷体_GB2312", 0, 0, false, NULL, NULL, 200, 2, false },
    { "Heading3", "heading 3", "Normal", NULL, 0, 0, true, NULL, NULL, 200, 3, false },
    { "Heading4", "heading 4", "Normal", NULL, 0, 0, false, NULL, NULL, 200, 4, false },
    { "RedHeader", "发文机关标志", "Normal", "方正小标宋简体", 0, 0, false, "FF0000", "center", 0, 0, true },
    { "DocNumber", "发文字号", "Normal", NULL, 0, 0, false, NULL, "center", 0, 0, true },
    { "HeadMark", "份号密级紧急程度", "Normal", "黑体", 0, 0, false, NULL, "left", 0, 0, false },
    { "Signature", "署名和成文日期", "Normal", NULL, 0, 0, false, NULL, "right", 0, 0, true },
    { "AttachmentLabel", "附件标识", "Normal", "黑体", 0, 0, false, NULL, "left", 0, 0, false },
    { "Colophon", "版记", "Normal", NULL, 0, 28, false, NULL, "both", 0, 0, true },
    { "TableText", "表格文字", "Normal", NULL, 0, 24, false, NULL, "left", 0, 0, true },
    { "TableHead", "表头", "TableText", "黑体", 0, 24, false, NULL, "center", 0, 0, true },
    { "Footer", "footer", "Normal", "宋体", 0, 28, false, NULL, NULL, 0, 0, true },
};

static void fonts(Xml *x, const char *name)
{
    xml_el(x, "w:rFonts");
    xml_attr(x, "w:ascii", name);
    xml_attr(x, "w:eastAsia", name);
    xml_attr(x, "w:hAnsi", name);
    xml_attr(x, "w:cs", name);
    xml_close(x);
}

static void size(Xml *x, int half_points)
{
    char v[16];
    snprintf(v, sizeof v, "%d", half_points);
    xml_val(x, "w:sz", v);
    xml_val(x, "w:szCs", v);
}

/* One style: CT_Style's order (name, basedOn, next, qFormat, pPr, rPr). */
static void style(Xml *x, const StyleDef *s)
{
    xml_el(x, "w:style");
    xml_attr(x, "w:type", "paragraph");
    if (strcmp(s->id, "Normal") == 0) xml_attr(x, "w:default", "1");
    xml_attr(x, "w:styleId", s->id);
    xml_val(x, "w:name", s->name);
    if (s->based_on) xml_val(x, "w:basedOn", s->based_on);
    xml_val(x, "w:next", strncmp(s->id, "Table", 5) == 0 ? s->id : "Normal");
    xml_el(x, "w:qFormat");
    xml_close(x);
    PPr p = { .jc = s->jc, .off_grid = s->off_grid, .first_chars = s->first_chars > 0 ? s->first_chars : 0,
              .no_first_indent = s->first_chars == 0, .keep_next = s->outline > 0, .outline = s->outline,
              .no_autospace = strcmp(s->id, "Normal") == 0 };
    docx_ppr(x, &p);
    xml_el(x, "w:rPr");
    if (s->font) fonts(x, s->font);
    if (s->bold) { xml_el(x, "w:b"); xml_close(x); xml_el(x, "w:bCs"); xml_close(x); }
    if (s->color) xml_val(x, "w:color", s->color);
    if (s->condense) {
        char v[16];
        snprintf(v, sizeof v, "%d", s->condense);
        xml_val(x, "w:spacing", v);
    }
    if (s->half_points) size(x, s->half_points);
    xml_close(x);
    xml_close(x);
}

/* The document's defaults: 仿宋_GB2312 三号, Chinese line-breaking. */
static void defaults(Xml *x)
{
    xml_el(x, "w:docDefaults");
    xml_el(x, "w:rPrDefault");
    xml_el(x, "w:rPr");
    fonts(x, "仿宋_GB2312");
    xml_el(x, "w:kern");
    xml_attr(x, "w:val", "2");
    xml_close(x);
    size(x, 32);
    xml_el(x, "w:lang");
    xml_attr(x, "w:val", "en-US");
    xml_attr(x, "w:eastAsia", "zh-CN");
    xml_close(x);
    xml_close(x);
    xml_close(x);
    xml_el(x, "w:pPrDefault");
    xml_el(x, "w:pPr");
    xml_val(x, "w:kinsoku", "1");
    /* no extra space between Chinese and Latin or digits (2024年, 5号): the PDF has none */
    xml_val(x, "w:autoSpaceDE", "0");
    xml_val(x, "w:autoSpaceDN", "0");
    xml_close(x);
    xml_close(x);
    xml_close(x);
}

void docx_styles(Xml *x)
{
    xml_el(x, "w:styles");
    xml_attr(x, "xmlns:w", "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
    defaults(x);
    for (size_t i = 0; i < sizeof STYLES / sizeof *STYLES; i++) style(x, &STYLES[i]);
    /* the table style the tables name: single 0.5 pt rules */
    xml_el(x, "w:style");
    xml_attr(x, "w:type", "table");
    xml_attr(x, "w:styleId", "TableGrid");
    xml_val(x, "w:name", "Table Grid");
    xml_el(x, "w:tblPr");
    xml_el(x, "w:tblBorders");
    static const char *const SIDES[] = { "w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV" };
    for (size_t i = 0; i < sizeof SIDES / sizeof *SIDES; i++) {
        xml_el(x, SIDES[i]);
        xml_attr(x, "w:val", "single");
        xml_attr(x, "w:sz", "4");
        xml_attr(x, "w:space", "0");
        xml_attr(x, "w:color", "000000");
        xml_close(x);
    }
    xml_close(x);
    xml_close(x);
    xml_close(x);
    xml_close(x);
}
