/* pack_plain.c - see pack_plain.h. */
#include "pack_plain.h"
#include "cnfmt.h"
#include "date.h"
#include "report_plain.h"
#include "summary_plain.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>

/* Bookmarks of level 1 before the parts: the cover title and 目录. */
#define FRONT_TITLES 2

size_t pack_part_count(const Results *r)
{
    size_t n = 1;
    for (size_t k = 0; k < r->n; k++) n += !r->data->institutions[k].has_errors;
    return n;
}

bool pack_pages(const PdfDoc *doc, size_t n_parts, int *pages)
{
    size_t seen = 0;
    for (size_t i = 0; i < pdfdoc_bookmark_count(doc) && seen < n_parts + FRONT_TITLES; i++) {
        if (pdfdoc_bookmark_level(doc, i) != 1) continue;
        if (seen >= FRONT_TITLES) pages[seen - FRONT_TITLES] = pdfdoc_bookmark_page(doc, i);
        seen++;
    }
    return seen == n_parts + FRONT_TITLES;
}

DocTree *pack_plain(const Results *r, const int *part_pages)
{
    const Data *d = r->data;
    DocTree *doc = doctree_new();
    Buf b = {0}, when = {0};
    buf_printf(&when, "%d年", period_year(d->period));
    cn_quarter(&when, period_quarter(d->period));
    buf_printf(&b, "%s%s工作推进会议材料汇编", d->plan.short_title, buf_cstr(&when));
    doctree_info(doc, buf_cstr(&b), d->issuer.name, d->plan.title);

    /* cover */
    doc->cover = true;
    for (int i = 0; i < 5; i++) doc_blank(doc);
    Block *t = doc_title(doc, buf_cstr(&b));
    t->size = 26;   /* 1号 */
    for (int i = 0; i < 8; i++) doc_blank(doc);
    doc_paragraph(doc, d->issuer.name)->align = ALIGN_CENTER;
    b.len = 0;
    cn_date(&b, r->notice_date);
    doc_paragraph(doc, buf_cstr(&b))->align = ALIGN_CENTER;
    doc_page_break(doc);

    /* contents: part titles and their pages (fixed-width page column, so
     * the second pass cannot reflow) */
    doc_title(doc, "目　　录");
    doc_blank(doc);
    Block *toc = doc_table(doc, 2, 0);
    toc->table->size = 16;
    toc->table->no_rules = true;
    doc_table_column(toc, 0, WIDTH_RELATIVE, 1, ALIGN_LEFT);
    doc_table_column(toc, 1, WIDTH_FIXED, 20, ALIGN_RIGHT);
    size_t part = 0;
    char page[16];
    snprintf(page, sizeof page, "%d", part_pages ? part_pages[part] : 0);
    b.len = 0;
    buf_printf(&b, "%s%s考核评估汇总", d->plan.short_title, buf_cstr(&when));
    const char *row0[] = { buf_cstr(&b), page };
    doc_table_row(doc, toc, row0, COLOR_BLACK);
    for (size_t k = 0; k < r->n; k++) {
        if (d->institutions[k].has_errors) continue;
        part++;
        snprintf(page, sizeof page, "%d", part_pages ? part_pages[part] : 0);
        b.len = 0;
        buf_printf(&b, "%s工作进展情况报告", d->institutions[k].name);
        const char *row[] = { buf_cstr(&b), page };
        doc_table_row(doc, toc, row, COLOR_BLACK);
    }

    /* the parts, each from an odd page */
    doc_odd_page(doc);
    DocTree *s = summary_plain(r);
    doctree_append(doc, s);
    doctree_free(s);
    for (size_t k = 0; k < r->n; k++) {
        if (d->institutions[k].has_errors) continue;
        doc_odd_page(doc);
        DocTree *rep = report_plain_progress(r, k);
        doctree_append(doc, rep);
        doctree_free(rep);
    }
    buf_free(&b);
    buf_free(&when);
    return doc;
}
