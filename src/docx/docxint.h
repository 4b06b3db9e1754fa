/* docxint.h - what the .docx writer's files share: an XML part written
 * with libxml2's xmlTextWriter (every call checked), paragraph properties
 * written in the order the schema fixes, and the page's measures. Not an
 * interface: only the docx writer's own files include it. */
#ifndef JINDU_DOCXINT_H
#define JINDU_DOCXINT_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/xmlwriter.h>

#include "base/zipwrite.h"
#include "typeset/doctree.h"

/* GB/T 9704-2012 in twips (1/20 pt): A4, the margins around the 156 ×
 * 225 mm text block, 22 lines of 28 characters of 三号 (16 pt). */
#define TWIPS_PER_MM (1440.0 / 25.4)
#define DOCX_MM(x) ((int)((x) * TWIPS_PER_MM + 0.5))
#define DOCX_TEXT_WIDTH DOCX_MM(156)
#define DOCX_LINE_PITCH 579          /* 225 mm / 22, as Word writes it for 公文 */
#define DOCX_CHAR_SPACE (-842)       /* 156 mm / 28 = 15.79 pt a character: (15.79 - 16) × 4096 */

typedef struct {
    xmlBufferPtr buf;
    xmlTextWriterPtr w;
    bool failed;
} Xml;

bool xml_begin(Xml *x);
/* A part written into archive entry z has begun (zipwrite_begin), piece
 * by piece as it is made: document.xml of a 10,000-institution bulletin
 * is tens of MB. xml_end_streamed flushes it; the caller ends the entry. */
bool xml_begin_streamed(Xml *x, ZipWriter *z);
bool xml_end_streamed(Xml *x);
/* The part's bytes (owned by x until xml_free); NULL after a failure. */
const char *xml_end(Xml *x, size_t *len);
void xml_free(Xml *x);
void xml_el(Xml *x, const char *name);
void xml_attr(Xml *x, const char *name, const char *value);
void xml_attr_int(Xml *x, const char *name, long value);
void xml_text(Xml *x, const char *text, size_t len);
void xml_close(Xml *x);
/* <name val="value"/>, the usual shape of a property. */
void xml_val(Xml *x, const char *name, const char *value);
/* <name w="twips" type="dxa"/>: a table's, a cell's or a margin's width. */
void xml_width(Xml *x, const char *name, long twips);

/* A paragraph's properties; each member left 0 or NULL is not written.
 * Indents in hundredths of a character (w:firstLineChars …), spacing in
 * twips. */
typedef struct {
    const char *style;
    bool keep_next, keep_lines, page_break_before;
    int frame_y;                /* framePr at this many twips below the block's top (the 版记 at its foot); 0 none */
    int border_top, border_bottom;   /* eighths of a point */
    const char *border_color;   /* RRGGBB, black when NULL */
    int border_space;           /* points between the text and the bottom border */
    bool off_grid;              /* snapToGrid 0: a part placed by its own measures */
    int before, line_exact;     /* spacing before, and an exact line height */
    int first_chars, left_chars, right_chars, hanging_chars;
    bool no_first_indent;       /* firstLineChars 0 over the style's */
    const char *jc;
    int outline;                /* outline level + 1 (a heading style's); 0 none */
    int side_twips;             /* left and right indents in twips (the 版记's one 4号 character) */
    int left_twips, right_twips;   /* indents in twips (the date under its signer, a sealed signature) */
    int right_tab;              /* a right-aligned tab stop at this many twips (the 版记's 印发日期) */
    bool no_autospace;          /* overflowPunct, autoSpaceDE/DN off: no punctuation past the edge, no extra
                                   space between Chinese and Latin or digits */
} PPr;

void docx_ppr(Xml *x, const PPr *p);
/* Runs of text, bold where the layout's marks say (LB_BOLD_ON/OFF), in
 * colour c; docx_runs_sized in a size of its own (half points, 0: the
 * style's). */
void docx_runs(Xml *x, const char *text, TextColor c);
void docx_runs_sized(Xml *x, const char *text, TextColor c, int half_points);
/* A whole paragraph. */
void docx_paragraph(Xml *x, const PPr *p, const char *text, TextColor c);

/* document.xml from the blocks (docx_body.c). */
bool docx_body(Xml *x, const DocTree *t);
/* A table's width in twips for each column (docx_table.c), and the table. */
void docx_table(Xml *x, const Table *tb);

/* A text box anchored to the bottom of the text block, w × h EMU, in the
 * run being written (docx_anchor.c): its content goes between begin and
 * end. */
void docx_anchor_begin(Xml *x, long w, long h, const char *name);
void docx_anchor_end(Xml *x);

/* Width of text in characters of its size (a CJK character 1, Latin ½). */
double docx_chars(const char *text);

#endif
