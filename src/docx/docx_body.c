/* docx_body.c - word/document.xml from the document tree: a paragraph
 * per block in its style, the official parts placed as GB/T 9704 places
 * them, and the page set up in the one section's properties. */
#include "docx/docxint.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const HEADING_STYLE[4] = { "Heading1", "Heading2", "Heading3", "Heading4" };

/* The head of an official document is placed line by line as GB/T 9704
 * places it (its paragraphs off the character grid, their lines of exact
 * heights): where the body's grid lines come later, the title's and the
 * number's lines are the PDF's. Flow: the twips from the block's top to
 * the end of what is placed so far. */
typedef struct {
    int flow;
    int number_line;    /* grid line of 发文字号 (0-based) */
} Head;

/* 发文机关标志: its top 35 mm below the block's top, red, one line. */
static void red_header(Xml *x, const Block *b, Head *h)
{
    /* as large as the PDF's, but never wider than the block in another machine's font */
    double n = docx_chars(b->text), size = n > 0 ? fmin(b->size, 156 / 25.4 * 72 / n * 0.96) : b->size;
    int before = DOCX_MM(35) + (int)lround(size * 0.12 * 20), line = (int)lround(size * 20);
    PPr p = { .style = "RedHeader", .off_grid = true, .before = before, .line_exact = line };
    xml_el(x, "w:p");
    docx_ppr(x, &p);
    docx_runs_sized(x, b->text, COLOR_RED, (int)floor(size * 2));
    xml_close(x);
    h->flow = before + line;
    /* the PDF's header box ends about 1.06 of its size below its top; the number two lines below */
    h->number_line = (int)floor((DOCX_MM(35) + size * 1.06 * 20) / DOCX_LINE_PITCH) + 3;
}

/* 发文字号 two grid lines below the header, centred, with the red rule
 * 4 mm below it as the paragraph's bottom border; the title two lines
 * below the rule. */
static void number_line(Xml *x, const Block *b, Head *h)
{
    /* LibreOffice sets a line of 三号 in an exact line of the grid's pitch 1.4 mm below its middle */
    int line = h->number_line ? h->number_line : 2, top = line * DOCX_LINE_PITCH - DOCX_MM(1.4);
    int before = top - h->flow > 0 ? top - h->flow : 0;
    PPr p = { .style = "DocNumber", .border_bottom = 12, .border_color = "FF0000", .border_space = 11,
              .before = before, .line_exact = DOCX_LINE_PITCH };
    docx_paragraph(x, &p, b->text, COLOR_BLACK);
    /* the rule falls about a third into the next line: the title's middle on the third line after
     * that one's (measured in LibreOffice's print: the title's middle 0.63 of a line higher with a
     * gap of two lines) */
    PPr gap = { .style = "Normal", .no_first_indent = true, .off_grid = true,
                .line_exact = 2 * DOCX_LINE_PITCH + (int)lround(0.63 * DOCX_LINE_PITCH) };
    docx_paragraph(x, &gap, NULL, COLOR_BLACK);
    h->flow = 0;
}

/* 署名 and 成文日期 in GB/T 9704 7.3.5's style, as the PDF sets them:
 * with a seal (7.3.5.1) the date 4 characters in and the signer centred
 * on it (the seal's room kept, the seal not placed: the OA system puts it
 * on); without (7.3.5.2) the signer 2 in and the date 2 right of its
 * first character, or the date 2 in and the signer 2 left of it. */
static void signature(Xml *x, const Block *b)
{
    bool seal = b->text3 != NULL;
    double ws = docx_chars(b->text), wd = docx_chars(b->text2);
    PPr blank = { .style = "Normal", .keep_next = true, .no_first_indent = true };
    for (int i = 0; i < (seal ? 2 : 1); i++) docx_paragraph(x, &blank, NULL, COLOR_BLACK);
    PPr s = { .style = "Signature", .keep_next = true, .jc = "right", .line_exact = DOCX_LINE_PITCH };
    PPr d = { .style = "Signature", .jc = "right", .line_exact = DOCX_LINE_PITCH };
    if (seal) {
        /* in twips: LibreOffice counts rightChars in characters of the font's size */
        d.right_twips = (int)lround(4 * DOCX_TEXT_WIDTH / 28.0);
        s.right_twips = (int)lround((4 + (wd - ws) / 2) * DOCX_TEXT_WIDTH / 28.0);
    } else if (2 + wd <= ws) {
        /* the date by its left edge, two characters right of the signer's first: its digits may be
         * set in another width than here on a machine without the office's fonts; in twips, as
         * LibreOffice counts leftChars in characters of the font's size, not the grid's */
        s.right_chars = 200;
        d.jc = "left";
        d.left_twips = (int)lround((28 - ws) * DOCX_TEXT_WIDTH / 28.0);
    } else {
        d.right_chars = 200;
        s.right_chars = (int)lround((4 + wd - ws) * 100);
    }
    docx_paragraph(x, &s, b->text, COLOR_BLACK);
    docx_paragraph(x, &d, b->text2, COLOR_BLACK);
}

/* An attachment on a new page: 附件N in 黑体 flush left, its title centred
 * on the third line. */
static void attachment(Xml *x, const Block *b)
{
    PPr label = { .style = "AttachmentLabel", .page_break_before = true };
    docx_paragraph(x, &label, b->text, COLOR_BLACK);
    PPr blank = { .style = "Normal", .no_first_indent = true };
    docx_paragraph(x, &blank, NULL, COLOR_BLACK);
    if (b->text2 && *b->text2) {
        PPr title = { .style = "Title", .line_exact = DOCX_LINE_PITCH };
        docx_paragraph(x, &title, b->text2, COLOR_BLACK);
        docx_paragraph(x, &blank, NULL, COLOR_BLACK);
    }
}

/* A 版记 row: one cell the block's width, the text one 4号 character in
 * on either side; the 印发 row with its date at a right tab. */
static void colophon_row(Xml *x, const char *left, const char *right)
{
    xml_el(x, "w:tr");
    xml_el(x, "w:tc");
    xml_el(x, "w:tcPr");
    xml_width(x, "w:tcW", DOCX_TEXT_WIDTH);
    xml_close(x);
    PPr p = { .style = "Colophon", .line_exact = DOCX_LINE_PITCH, .no_first_indent = true,
              .right_tab = right ? DOCX_TEXT_WIDTH - 2 * 280 : 0 };   /* from the cell's text edge */
    xml_el(x, "w:p");
    docx_ppr(x, &p);
    docx_runs(x, left, COLOR_BLACK);
    if (right) {
        xml_el(x, "w:r");
        xml_el(x, "w:tab");
        xml_close(x);
        xml_close(x);
        docx_runs(x, right, COLOR_BLACK);
    }
    xml_close(x);
    xml_close(x);
    xml_close(x);
}

static void colophon_rule(Xml *x, const char *side, int eighths)
{
    xml_el(x, side);
    xml_attr(x, "w:val", eighths ? "single" : "nil");
    if (eighths) {
        xml_attr_int(x, "w:sz", eighths);
        xml_attr_int(x, "w:space", 0);
        xml_attr(x, "w:color", "000000");
    }
    xml_close(x);
}

/* The 版记's table: its rules the table's (0.35 mm above and below, 0.25
 * mm between 抄送 and 印发, none at the sides), the text one 4号 character
 * in from either side (the cells' margins). */
static void colophon_table(Xml *x, const Block *b)
{
    xml_el(x, "w:tbl");
    xml_el(x, "w:tblPr");
    xml_width(x, "w:tblW", DOCX_TEXT_WIDTH);
    xml_el(x, "w:tblBorders");
    colophon_rule(x, "w:top", 8);
    colophon_rule(x, "w:left", 0);
    colophon_rule(x, "w:bottom", 8);
    colophon_rule(x, "w:right", 0);
    colophon_rule(x, "w:insideH", 6);
    colophon_rule(x, "w:insideV", 0);
    xml_close(x);
    xml_el(x, "w:tblLayout");
    xml_attr(x, "w:type", "fixed");
    xml_close(x);
    xml_el(x, "w:tblCellMar");
    static const char *const SIDES[2] = { "w:left", "w:right" };
    for (int i = 0; i < 2; i++) xml_width(x, SIDES[i], 280);
    xml_close(x);
    xml_close(x);
    xml_el(x, "w:tblGrid");
    xml_el(x, "w:gridCol");
    xml_attr_int(x, "w:w", DOCX_TEXT_WIDTH);
    xml_close(x);
    xml_close(x);
    if (b->text && *b->text) {
        char line[4096];
        snprintf(line, sizeof line, "抄送：%s", b->text);
        colophon_row(x, line, NULL);
    }
    char issued[256];
    snprintf(issued, sizeof issued, "%s印发", b->text3 ? b->text3 : "");
    colophon_row(x, b->text2 ? b->text2 : "", issued);
    xml_close(x);
}

/* 版记 at the foot of the last page: a text box anchored to the bottom of
 * the text block (what Word, WPS and LibreOffice all keep at a page's
 * foot; a frame or a floating table LibreOffice sets inline), around the
 * table of its rows. */
static void colophon(Xml *x, const Block *b)
{
    bool cc = b->text && *b->text;
    int rows = 1 + (cc ? (int)ceil((docx_chars(b->text) + 3) / 26.0) : 0);   /* 4号 characters a line, 抄送： too */
    /* the rows and the table's three rules (1 + 0.75 + 1 pt) */
    long emu_w = (long)DOCX_TEXT_WIDTH * 635, emu_h = ((long)rows * DOCX_LINE_PITCH + 55) * 635;
    PPr anchor = { .style = "Normal", .no_first_indent = true, .off_grid = true, .line_exact = 20 };
    xml_el(x, "w:p");
    docx_ppr(x, &anchor);
    xml_el(x, "w:r");
    docx_anchor_begin(x, emu_w, emu_h, "版记");
    colophon_table(x, b);
    /* a text box's content ends with a paragraph: one of 1 pt, so that the table's last rule sits
     * on the block's bottom edge */
    xml_el(x, "w:p");
    xml_el(x, "w:pPr");
    xml_val(x, "w:snapToGrid", "0");
    xml_el(x, "w:spacing");
    xml_attr(x, "w:before", "0");
    xml_attr(x, "w:after", "0");
    xml_attr(x, "w:line", "20");
    xml_attr(x, "w:lineRule", "exact");
    xml_close(x);
    xml_el(x, "w:rPr");
    xml_val(x, "w:sz", "2");
    xml_val(x, "w:szCs", "2");
    xml_close(x);
    xml_close(x);
    xml_close(x);
    docx_anchor_end(x);
    xml_close(x);
    xml_close(x);
}

static void page_break(Xml *x)
{
    xml_el(x, "w:p");
    xml_el(x, "w:r");
    xml_el(x, "w:br");
    xml_attr(x, "w:type", "page");
    xml_close(x);
    xml_close(x);
    xml_close(x);
}

/* A chart has no Word form here: its title and bars as a two-column table. */
static void chart_as_table(Xml *x, const Block *b)
{
    const Chart *c = b->chart;
    if (b->text) {
        PPr p = { .style = "Normal", .jc = "center", .no_first_indent = true, .keep_next = true };
        docx_paragraph(x, &p, b->text, COLOR_BLACK);
    }
    Table tb = { .n_cols = 2, .n_rows = c->kind == CHART_BARS ? c->n : 0, .size = 12, .role = ROLE_FS };
    TableColumn cols[2] = { { WIDTH_RELATIVE, 3, ALIGN_LEFT }, { WIDTH_RELATIVE, 1, ALIGN_RIGHT } };
    tb.cols = cols;
    const char *cells[2 * 256];
    char values[256][32];
    if (tb.n_rows > 256) tb.n_rows = 256;
    for (size_t i = 0; i < tb.n_rows; i++) {
        snprintf(values[i], sizeof values[i], "%.1f%s", c->values[i], c->unit ? c->unit : "");
        cells[2 * i] = c->labels[i];
        cells[2 * i + 1] = values[i];
    }
    tb.cells = cells;
    if (tb.n_rows) docx_table(x, &tb);
}

static void block(Xml *x, const Block *b, Head *h)
{
    PPr p = { .style = "Normal" };
    switch (b->kind) {
    case BLOCK_TITLE:
        p.style = "Title";
        p.line_exact = DOCX_LINE_PITCH;   /* off the character grid, on the line grid's pitch */
        docx_paragraph(x, &p, b->text, COLOR_BLACK);
        break;
    case BLOCK_HEADING:
        p.style = HEADING_STYLE[b->level >= 1 && b->level <= 4 ? b->level - 1 : 0];
        p.keep_next = true;
        docx_paragraph(x, &p, b->text, b->color);
        break;
    case BLOCK_PARAGRAPH:
        if (b->align == ALIGN_CENTER) p.jc = "center";
        else if (b->align == ALIGN_RIGHT) p.jc = "right";
        else if (b->align == ALIGN_LEFT) p.jc = "left";
        if (b->indent != 2 || b->hang) {
            p.first_chars = b->indent * 100;
            p.no_first_indent = b->indent == 0;
            p.left_chars = b->hang * 100;
            if (b->hang > b->indent) p.hanging_chars = (b->hang - b->indent) * 100;
        }
        p.keep_next = b->keep_with_next;
        docx_paragraph(x, &p, b->text, b->color);
        break;
    case BLOCK_BLANK: p.no_first_indent = true; p.keep_next = b->keep_with_next; docx_paragraph(x, &p, NULL, COLOR_BLACK); break;
    case BLOCK_PAGE_BREAK: case BLOCK_ODD_PAGE: page_break(x); break;
    case BLOCK_TABLE: docx_table(x, b->table); break;
    case BLOCK_CHART: chart_as_table(x, b); break;
    case BLOCK_HEAD_MARK: p.style = "HeadMark"; docx_paragraph(x, &p, b->text, COLOR_BLACK); break;
    case BLOCK_RED_HEADER: red_header(x, b, h); break;
    case BLOCK_DOC_NUMBER: number_line(x, b, h); break;
    case BLOCK_SIGNATURE: signature(x, b); break;
    case BLOCK_ATTACHMENT: attachment(x, b); break;
    case BLOCK_COLOPHON: colophon(x, b); break;
    case BLOCK_ANCHOR: case BLOCK_PART: break;
    }
}

/* The one section: A4, the margins, page numbers in the odd and even
 * footers, the 22 × 28 grid. */
static void section(Xml *x)
{
    xml_el(x, "w:sectPr");
    static const char *const TYPES[2] = { "default", "even" };
    static const char *const IDS[2] = { "rIdFooterOdd", "rIdFooterEven" };
    for (int i = 0; i < 2; i++) {
        xml_el(x, "w:footerReference");
        xml_attr(x, "w:type", TYPES[i]);
        xml_attr(x, "r:id", IDS[i]);
        xml_close(x);
    }
    xml_el(x, "w:pgSz");
    xml_attr_int(x, "w:w", 11906);
    xml_attr_int(x, "w:h", 16838);
    xml_close(x);
    xml_el(x, "w:pgMar");
    xml_attr_int(x, "w:top", DOCX_MM(37));
    xml_attr_int(x, "w:right", DOCX_MM(26));
    xml_attr_int(x, "w:bottom", DOCX_MM(35));
    xml_attr_int(x, "w:left", DOCX_MM(28));
    xml_attr_int(x, "w:header", DOCX_MM(15));
    xml_attr_int(x, "w:footer", DOCX_MM(25));
    xml_attr_int(x, "w:gutter", 0);
    xml_close(x);
    xml_el(x, "w:docGrid");
    xml_attr(x, "w:type", "linesAndChars");
    xml_attr_int(x, "w:linePitch", DOCX_LINE_PITCH);
    xml_attr_int(x, "w:charSpace", DOCX_CHAR_SPACE);
    xml_close(x);
    xml_close(x);
}

bool docx_body(Xml *x, const DocTree *t)
{
    xml_el(x, "w:document");
    xml_attr(x, "xmlns:w", "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
    xml_attr(x, "xmlns:r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
    xml_attr(x, "xmlns:wp", "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing");
    xml_attr(x, "xmlns:a", "http://schemas.openxmlformats.org/drawingml/2006/main");
    xml_attr(x, "xmlns:wps", "http://schemas.microsoft.com/office/word/2010/wordprocessingShape");
    xml_attr(x, "xmlns:mc", "http://schemas.openxmlformats.org/markup-compatibility/2006");
    xml_el(x, "w:body");
    Head h = {0};
    for (size_t i = 0; i < t->n; i++) block(x, &t->blocks[i], &h);
    section(x);
    xml_close(x);
    xml_close(x);
    return !x->failed;
}
