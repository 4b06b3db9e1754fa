/* layout_parts.c - the official-document parts of GB/T 9704-2012: 份号,
 * 密级 and 紧急程度, the red header, the document number and red line, the
 * signature and date, attachments and the 版记. */
#include "typeset/layout.h"
#include "typeset/layoutint.h"
#include "base/cnfmt.h"
#include "base/diag.h"
#include "typeset/linebreak.h"
#include "base/utf8.h"
#include "base/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the official-document parts (GB/T 9704-2012) ------------------------- */





/* 发文机关标志: red 小标宋, centred, as large as 初号 but one line within the
 * block; the top of its text box 35 mm below the top of the block. */
/* 份号, 密级和保密期限, 紧急程度 (GB/T 9704-2012 7.2.1-7.2.3): flush left
 * on the block's first lines, in that order, 3号 (份号 in Arabic digits,
 * the others 黑体), above the red header. */
void layout_head_mark(Flow *fl, const Block *b)
{
    if (fl->line > 0 && !fl->marks_only) layout_new_page(fl);
    double baseline = layout_grid_baseline(fl, b->role, b->size, b->text, fl->line);
    layout_draw_line(fl, b->role, b->size, block_left(fl), baseline, b->text, strlen(b->text), 0, CMYK_BLACK);
    fl->line++;
    fl->marks_only = true;
}

void layout_red_header(Flow *fl, const Block *b)
{
    if (fl->line > 0 && !fl->marks_only) layout_new_page(fl);
    fl->marks_only = false;
    double size = b->size;
    double w = layout_text_width(fl, b->role, size, b->text);
    if (w > block_w(fl)) {
        size = size * block_w(fl) / w;
        w = layout_text_width(fl, b->role, size, b->text);
    }
    double asc, desc;
    layout_text_extents(fl, b->role, size, b->text, &asc, &desc);
    double baseline = block_top(fl) - MM(35) - asc;
    layout_draw_line(fl, b->role, size, block_left(fl) + (block_w(fl) - w) / 2, baseline, b->text, strlen(b->text), 0, CMYK_RED);
    fl->line = layout_line_below(fl, baseline - desc);
}

/* 发文字号: two blank lines below the header, centred 3号仿宋; the red line
 * the width of the block 4 mm below it; the title follows two blank lines
 * below the red line. */
void layout_doc_number(Flow *fl, const Block *b)
{
    int n = fl->line + 2;
    if (n > 18) { layout_new_page(fl); n = 0; }
    double w = layout_text_width(fl, b->role, b->size, b->text);
    double baseline = layout_grid_baseline(fl, b->role, b->size, b->text, n);
    if (b->text2) {
        /* an upward document: the number one character in from the left,
         * 签发人：(仿宋) and the name (楷体) one character in from the right */
        const char *label = "签发人：";
        double nw = layout_text_width(fl, ROLE_KT, b->size, b->text2), lw = layout_text_width(fl, ROLE_FS, b->size, label);
        double right = block_left(fl) + block_w(fl) - CHAR_PITCH;
        layout_draw_line(fl, b->role, b->size, block_left(fl) + CHAR_PITCH, baseline, b->text, strlen(b->text), 0, CMYK_BLACK);
        layout_draw_line(fl, ROLE_FS, b->size, right - nw - lw, baseline, label, strlen(label), 0, CMYK_BLACK);
        layout_draw_line(fl, ROLE_KT, b->size, right - nw, baseline, b->text2, strlen(b->text2), 0, CMYK_BLACK);
    } else {
        layout_draw_line(fl, b->role, b->size, block_left(fl) + (block_w(fl) - w) / 2, baseline, b->text, strlen(b->text), 0,
                  CMYK_BLACK);
    }
    double asc, desc;
    layout_text_extents(fl, b->role, b->size, b->text, &asc, &desc);
    const double thick = 1.0;
    double y = baseline - desc - MM(4) - thick / 2;   /* its top edge 4 mm below the number */
    pdfdoc_line(fl->doc, block_left(fl), y, block_left(fl) + block_w(fl), y, thick, CMYK_RED);
    fl->line = layout_line_below(fl, y - thick / 2) + 2;
}

/* 署名 and 成文日期 by GB/T 9704 7.3.5, decided here for every document.
 * With a seal (7.3.5.1): the date four characters in from the right, the
 * signer centred over the date, both under two blank lines left for the
 * seal, whose top then lies within one line of the text above. Without
 * (7.3.5.2): one blank line, the signer two characters in from the
 * right and the date on the next line starting two characters right of
 * the signer's first; where the date would then pass the two-character
 * inset, the date is set two characters in and the signer moves left to
 * keep the shift. */
void layout_signature(Flow *fl, const Block *b)
{
    bool seal = b->text3 != NULL;
    if (fl->line + (seal ? 4 : 3) > LINES_PER_PAGE) layout_new_page(fl);
    else fl->line += seal ? 2 : 1;
    const char *date = b->text2 ? b->text2 : "";
    double ch = CHAR_PITCH * b->size / BODY_SIZE, right = block_left(fl) + block_w(fl);
    double wd = layout_text_width(fl, b->role, b->size, date), ws = layout_text_width(fl, b->role, b->size, b->text);
    double date_x, sig_x;
    if (seal) {   /* 7.3.5.1: the date 4 characters in, the signer centred on it */
        date_x = right - 4 * ch - wd;
        sig_x = date_x + wd / 2 - ws / 2;
    } else {      /* 7.3.5.2: the signer 2 in, the date 2 right of its first character, */
        sig_x = right - 2 * ch - ws;
        date_x = sig_x + 2 * ch;
        if (date_x + wd > right - 2 * ch) {   /* ... or the date 2 in and the signer 2 left of it */
            date_x = right - 2 * ch - wd;
            sig_x = date_x - 2 * ch;
        }
    }
    if (sig_x + ws > right) sig_x = right - ws;
    if (sig_x < block_left(fl)) sig_x = block_left(fl);
    layout_draw_line(fl, b->role, b->size, sig_x, layout_grid_baseline(fl, b->role, b->size, b->text, fl->line), b->text,
              strlen(b->text), 0, CMYK_BLACK);
    fl->line++;
    layout_draw_line(fl, b->role, b->size, date_x, layout_grid_baseline(fl, b->role, b->size, date, fl->line), date, strlen(date),
              0, CMYK_BLACK);
    fl->line++;
    if (b->text3) {
        /* the seal, 42 mm across, centred on the date; signer and date sit a
         * little below its centre (居印章中心偏下) */
        double d = MM(42), cx = date_x + wd / 2;
        double cy = block_top(fl) - (fl->line - 1) * LINE_PITCH + LINE_PITCH * 0.35;
        pdfdoc_image(fl->doc, b->text3, cx - d / 2, cy - d / 2, d, d);
    }
}

/* An attachment starts a page: 附件N in 3号黑体 flush left on the first
 * line, its title centred (2号小标宋, balanced) from the third line. */
void layout_attachment(Flow *fl, const Block *b)
{
    if (fl->line > 0) layout_new_page(fl);
    layout_draw_line(fl, ROLE_HT, BODY_SIZE, block_left(fl), layout_grid_baseline(fl, ROLE_HT, BODY_SIZE, b->text, 0), b->text,
              strlen(b->text), 0, CMYK_BLACK);
    fl->line = 2;
    if (b->text2 && *b->text2)
        layout_paragraph_keep(fl, b->text2, &(TextStyle){ ROLE_XBS, ERHAO_SIZE, CMYK_BLACK, ALIGN_CENTER, 0, 0 },
                              (ParagraphKeep){ 0, true, 1 });
    fl->line++;
}

/* 版记 on the last page, which must be an even page (the back of the last
 * sheet): the 抄送 rows and the 印发 row on the last grid lines, a 0.35 mm
 * line above them and at the block's bottom, 0.25 mm between; 4号仿宋,
 * one character in on either side. The 版记 page carries its page number
 * unless a blank page stands before it (then neither is numbered, 7.5). */
/* The 抄送 line broken between the names it lists (after each "，" or
 * "、"), never inside one ("领导小组办公/室"): lines filled name by name.
 * Returns the number of lines, 0 when a name alone is wider than a line
 * (then the usual breaker takes it). */
static size_t cc_lines(Flow *fl, const char *cc, double size, double first, double rest, Line **out)
{
    size_t len = strlen(cc), n = 0, cap = 0, start = 0;
    Line *lines = NULL;
    while (start < len) {
        double measure = n == 0 ? first : rest, width = 0;
        size_t end = start;
        for (size_t at = start; at < len;) {
            /* the next name: up to and including its separator */
            size_t next = at;
            while (next < len) {
                uint32_t cp;
                int l = utf8_decode((const unsigned char *)cc + next, len - next, &cp);
                next += l > 0 ? (size_t)l : 1;
                if (cp == 0xFF0C || cp == 0x3001 || cp == FONT_HALF + 0xFF0C || cp == FONT_HALF + 0x3001) break;
            }
            char *piece = xstrndup(cc + start, next - start);
            double w = layout_text_width(fl, ROLE_FS, size, piece);
            free(piece);
            if (w > measure + 1e-6) break;
            end = next;
            width = w;
            at = next;
        }
        if (end == start) {   /* a name wider than the line */
            free(lines);
            return 0;
        }
        Line *ln = ARRAY_PUSH(lines, n, cap);
        memset(ln, 0, sizeof *ln);
        ln->start = start;
        ln->end = end;
        ln->width = width;
        for (size_t k = start; k < end; k++) ln->n_chars += ((unsigned char)cc[k] & 0xC0) != 0x80;
        start = end;
    }
    if (n) lines[n - 1].last = true;
    *out = lines;
    return n;
}

void layout_colophon(Flow *fl, const Block *b)
{
    const double size = b->size, ch = size * CHAR_PITCH / BODY_SIZE;
    Measure m = { fl->fs, ROLE_FS, size };
    Line *lines = NULL;
    size_t n_cc = 0;
    char *cc = NULL;
    double label_w = 0;
    if (b->text && *b->text) {
        cc = xasprintf("抄送：%s", b->text);
        char *compressed = layout_compress_punctuation(fl, cc, &m);
        if (compressed) {
            free(cc);
            cc = compressed;
        }
        label_w = layout_text_width(fl, ROLE_FS, size, "抄送：");
        n_cc = cc_lines(fl, cc, size, block_w(fl) - 2 * ch, block_w(fl) - 2 * ch - label_w, &lines);
        if (!n_cc)
            n_cc = linebreak_pushin(cc, strlen(cc), block_w(fl) - 2 * ch, block_w(fl) - 2 * ch - label_w, layout_advance_of, layout_ink_of,
                                    &m, &lines);
    }
    int rows = (int)n_cc + 1;
    if (rows > LINES_PER_PAGE) rows = LINES_PER_PAGE;
    if (fl->page % 2 == 1 || fl->line > LINES_PER_PAGE - rows) {
        bool was_even = fl->page % 2 == 0;
        layout_new_page(fl);                       /* an even page, or after an even page a blank odd one */
        if (was_even) {
            /* GB/T 9704 7.5: a blank page before the 版记 page; neither is numbered */
            fl->numbered = false;
            layout_new_page(fl);
            fl->numbered = false;
        }
    }
    int first = LINES_PER_PAGE - rows;
    double top = block_top(fl) - first * LINE_PITCH, bottom = block_top(fl) - block_h(fl);
    double mid = block_top(fl) - 21 * LINE_PITCH;
    pdfdoc_line(fl->doc, block_left(fl), top - MM(0.35) / 2, block_left(fl) + block_w(fl), top - MM(0.35) / 2, MM(0.35),
                CMYK_BLACK);
    if (n_cc)
        pdfdoc_line(fl->doc, block_left(fl), mid, block_left(fl) + block_w(fl), mid, MM(0.25), CMYK_BLACK);
    pdfdoc_line(fl->doc, block_left(fl), bottom + MM(0.35) / 2, block_left(fl) + block_w(fl), bottom + MM(0.35) / 2, MM(0.35),
                CMYK_BLACK);
    for (size_t i = 0; i < n_cc && (int)i < rows - 1; i++) {
        double x = block_left(fl) + ch + (i ? label_w : 0);
        double measure = block_w(fl) - 2 * ch - (i ? label_w : 0), cs = 0;
        if (!lines[i].last) cs = layout_justify_space(cc, &lines[i], measure, size);
        TextStyle st = { ROLE_FS, size, CMYK_BLACK, ALIGN_JUSTIFY, 0, 0 };
        layout_draw_text_line(fl, &st, x, layout_grid_baseline(fl, ROLE_FS, size, cc + lines[i].start, first + (int)i), cc,
                              &lines[i], cs);
    }
    const char *office = b->text2 ? b->text2 : "";
    char *issued = xasprintf("%s印发", b->text3 ? b->text3 : "");
    layout_draw_line(fl, ROLE_FS, size, block_left(fl) + ch, layout_grid_baseline(fl, ROLE_FS, size, office, 21), office,
              strlen(office), 0, CMYK_BLACK);
    double wi = layout_text_width(fl, ROLE_FS, size, issued);
    layout_draw_line(fl, ROLE_FS, size, block_left(fl) + block_w(fl) - ch - wi, layout_grid_baseline(fl, ROLE_FS, size, issued, 21), issued,
              strlen(issued), 0, CMYK_BLACK);
    fl->line = LINES_PER_PAGE;
    free(issued);
    free(cc);
    free(lines);
}

