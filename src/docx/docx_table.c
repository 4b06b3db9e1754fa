/* docx_table.c - a table as a Word table: single rules, the header rows
 * repeated on every page (w:tblHeader), columns sized as the layout sizes
 * them (fixed in mm, relative by weight, automatic by their content),
 * cells in the table's size. */
#include "docx/docxint.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Column widths in twips filling the text width. */
static int *column_twips(const Table *tb)
{
    size_t nc = tb->n_cols;
    double *w = calloc(nc, sizeof *w), fixed = 0, weights = 0, autos = 0;
    int *out = calloc(nc, sizeof *out);
    if (!w || !out) { free(w); free(out); return NULL; }
    double em = tb->size * 20;
    for (size_t c = 0; c < nc; c++) {
        if (tb->cols[c].kind == WIDTH_FIXED) { w[c] = DOCX_MM(tb->cols[c].value); fixed += w[c]; continue; }
        if (tb->cols[c].kind == WIDTH_RELATIVE) { weights += tb->cols[c].value > 0 ? tb->cols[c].value : 1; continue; }
        double most = 2;
        for (size_t r = 0; r < tb->n_rows; r++) most = fmax(most, docx_chars(tb->cells[r * nc + c]));
        w[c] = fmin(most + 1, 12) * em;
        autos += w[c];
    }
    double left = DOCX_TEXT_WIDTH - fixed;
    if (weights == 0 && autos > 0) {
        for (size_t c = 0; c < nc; c++)
            if (tb->cols[c].kind == WIDTH_AUTO) w[c] *= left / autos;
    } else {
        double rest = fmax(left - autos, DOCX_TEXT_WIDTH * 0.3);
        if (autos > left - rest) for (size_t c = 0; c < nc; c++) if (tb->cols[c].kind == WIDTH_AUTO) w[c] *= (left - rest) / autos;
        for (size_t c = 0; c < nc; c++)
            if (tb->cols[c].kind == WIDTH_RELATIVE) w[c] = rest * (tb->cols[c].value > 0 ? tb->cols[c].value : 1) / weights;
    }
    for (size_t c = 0; c < nc; c++) out[c] = (int)lround(w[c]);
    free(w);
    return out;
}

static void table_props(Xml *x, const Table *tb)
{
    xml_el(x, "w:tblPr");
    xml_val(x, "w:tblStyle", "TableGrid");
    xml_width(x, "w:tblW", DOCX_TEXT_WIDTH);
    xml_val(x, "w:jc", "center");
    if (tb->no_rules) {
        xml_el(x, "w:tblBorders");
        static const char *const SIDES[] = { "w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV" };
        for (size_t i = 0; i < sizeof SIDES / sizeof *SIDES; i++) xml_val(x, SIDES[i], "nil");
        xml_close(x);
    }
    xml_el(x, "w:tblLayout");
    xml_attr(x, "w:type", "fixed");
    xml_close(x);
    xml_close(x);
}

static const char *cell_jc(Align a)
{
    return a == ALIGN_CENTER ? "center" : a == ALIGN_RIGHT ? "right" : a == ALIGN_JUSTIFY ? "both" : "left";
}

static void cell(Xml *x, const Table *tb, size_t r, size_t c, int width)
{
    xml_el(x, "w:tc");
    xml_el(x, "w:tcPr");
    xml_width(x, "w:tcW", width);
    xml_val(x, "w:vAlign", "center");
    xml_close(x);
    bool head = r < tb->header_rows;
    PPr p = { .style = head ? "TableHead" : "TableText", .jc = head ? "center" : cell_jc(tb->cols[c].align) };
    TextColor color = tb->row_color ? tb->row_color[r] : COLOR_BLACK;
    docx_paragraph(x, &p, tb->cells[r * tb->n_cols + c], head ? COLOR_BLACK : color);
    xml_close(x);
}

void docx_table(Xml *x, const Table *tb)
{
    int *w = column_twips(tb);
    if (!w) { x->failed = true; return; }
    xml_el(x, "w:tbl");
    table_props(x, tb);
    xml_el(x, "w:tblGrid");
    for (size_t c = 0; c < tb->n_cols; c++) {
        xml_el(x, "w:gridCol");
        xml_attr_int(x, "w:w", w[c]);
        xml_close(x);
    }
    xml_close(x);
    for (size_t r = 0; r < tb->n_rows; r++) {
        xml_el(x, "w:tr");
        if (r < tb->header_rows) {
            xml_el(x, "w:trPr");
            xml_el(x, "w:cantSplit");
            xml_close(x);
            xml_el(x, "w:tblHeader");
            xml_close(x);
            xml_close(x);
        }
        for (size_t c = 0; c < tb->n_cols; c++) cell(x, tb, r, c, w[c]);
        xml_close(x);
    }
    xml_close(x);
    free(w);
}
