/* docx_anchor.c - a text box at the foot of the text block (the 版记):
 * DrawingML's wordprocessing shape, inside mc:AlternateContent as Word
 * writes it, positioned at the bottom of the margin box, text wrapped
 * above and below, no line around it and no inset. */
#include "docx/docxint.h"

#include <stdio.h>
#include <string.h>

static void empty(Xml *x, const char *name)
{
    xml_el(x, name);
    xml_close(x);
}

static void extent(Xml *x, const char *name, long w, long h)
{
    xml_el(x, name);
    xml_attr_int(x, "cx", w);
    xml_attr_int(x, "cy", h);
    xml_close(x);
}

/* wp:anchor's placement: at the margin box's left, its bottom on the text block's. */
static void placement(Xml *x, long w, long h, const char *name)
{
    xml_el(x, "wp:simplePos");
    xml_attr(x, "x", "0");
    xml_attr(x, "y", "0");
    xml_close(x);
    xml_el(x, "wp:positionH");
    xml_attr(x, "relativeFrom", "margin");
    xml_el(x, "wp:posOffset");
    xml_text(x, "0", 1);
    xml_close(x);
    xml_close(x);
    /* from the page's top, to end on the block's bottom edge: "bottom of the margin box" is, in
     * LibreOffice, above the footer's room, 2.5 mm short of the block's bottom */
    xml_el(x, "wp:positionV");
    xml_attr(x, "relativeFrom", "page");
    xml_el(x, "wp:posOffset");
    char off[32];
    snprintf(off, sizeof off, "%ld", (long)DOCX_MM(262) * 635 - h);
    xml_text(x, off, strlen(off));
    xml_close(x);
    xml_close(x);
    extent(x, "wp:extent", w, h);
    xml_el(x, "wp:effectExtent");
    xml_attr(x, "l", "0");
    xml_attr(x, "t", "0");
    xml_attr(x, "r", "0");
    xml_attr(x, "b", "0");
    xml_close(x);
    empty(x, "wp:wrapTopAndBottom");
    xml_el(x, "wp:docPr");
    xml_attr(x, "id", "1");
    xml_attr(x, "name", name);
    xml_close(x);
    empty(x, "wp:cNvGraphicFramePr");
}

/* wps:spPr: a rectangle of the box's size, no fill, no line. */
static void shape_props(Xml *x, long w, long h)
{
    xml_el(x, "wps:cNvSpPr");
    xml_attr(x, "txBox", "1");
    xml_close(x);
    xml_el(x, "wps:spPr");
    xml_el(x, "a:xfrm");
    xml_el(x, "a:off");
    xml_attr(x, "x", "0");
    xml_attr(x, "y", "0");
    xml_close(x);
    extent(x, "a:ext", w, h);
    xml_close(x);
    xml_el(x, "a:prstGeom");
    xml_attr(x, "prst", "rect");
    empty(x, "a:avLst");
    xml_close(x);
    empty(x, "a:noFill");
    xml_el(x, "a:ln");
    empty(x, "a:noFill");
    xml_close(x);
    xml_close(x);
}

void docx_anchor_begin(Xml *x, long w, long h, const char *name)
{
    xml_el(x, "mc:AlternateContent");
    xml_el(x, "mc:Choice");
    xml_attr(x, "Requires", "wps");
    xml_el(x, "w:drawing");
    xml_el(x, "wp:anchor");
    static const char *const ATTRS[][2] = { { "distT", "0" }, { "distB", "0" }, { "distL", "0" }, { "distR", "0" },
                                            { "simplePos", "0" }, { "relativeHeight", "2" }, { "behindDoc", "0" },
                                            { "locked", "0" }, { "layoutInCell", "1" }, { "allowOverlap", "1" } };
    for (size_t i = 0; i < sizeof ATTRS / sizeof *ATTRS; i++) xml_attr(x, ATTRS[i][0], ATTRS[i][1]);
    placement(x, w, h, name);
    xml_el(x, "a:graphic");
    xml_el(x, "a:graphicData");
    xml_attr(x, "uri", "http://schemas.microsoft.com/office/word/2010/wordprocessingShape");
    xml_el(x, "wps:wsp");
    shape_props(x, w, h);
    xml_el(x, "wps:txbx");
    xml_el(x, "w:txbxContent");
}

void docx_anchor_end(Xml *x)
{
    xml_close(x);   /* w:txbxContent */
    xml_close(x);   /* wps:txbx */
    xml_el(x, "wps:bodyPr");
    static const char *const ATTRS[][2] = { { "rot", "0" }, { "vert", "horz" }, { "wrap", "square" }, { "lIns", "0" },
                                            { "tIns", "0" }, { "rIns", "0" }, { "bIns", "0" }, { "anchor", "b" } };
    for (size_t i = 0; i < sizeof ATTRS / sizeof *ATTRS; i++) xml_attr(x, ATTRS[i][0], ATTRS[i][1]);
    empty(x, "a:spAutoFit");   /* the box grows with its text: the 抄送 list may take more lines */
    xml_close(x);   /* wps:bodyPr */
    xml_close(x);   /* wps:wsp */
    xml_close(x);   /* a:graphicData */
    xml_close(x);   /* a:graphic */
    xml_close(x);   /* wp:anchor */
    xml_close(x);   /* w:drawing */
    xml_close(x);   /* mc:Choice */
    xml_close(x);   /* mc:AlternateContent */
}
