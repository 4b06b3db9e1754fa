/* plandoc.h - a plan as the importer reads it, whatever file it came in:
 * its paragraphs (or, for plain text, its lines) in order and its tables,
 * each with the place a user finds it ("line 12", "paragraph 34").
 *
 * The readers (plain text, .docx, .html) know file formats and nothing of
 * tasks; the importer knows tasks and nothing of file formats. */
#ifndef JINDU_PLANDOC_H
#define JINDU_PLANDOC_H

#include <stdbool.h>
#include <stddef.h>
#include "base/arena.h"

typedef struct {
    char *text;           /* UTF-8, not trimmed */
    char *where;          /* "line 12", "paragraph 34" */
    bool blank_before;    /* a blank line came before it (plain text) */
    int table;            /* index of the table this row belongs to, or -1 */
} PlanLine;

typedef struct {
    size_t n_rows, n_cols;
    char **cells;         /* n_rows * n_cols, row-major; "" when empty */
    char **row_where;     /* per row */
    size_t first_line;    /* the lines[] index of its first row */
} PlanTable;

typedef enum { PLAN_TEXT, PLAN_DOCX, PLAN_HTML } PlanFormat;

typedef struct {
    Arena arena;
    PlanFormat format;
    /* Every line is a whole paragraph (.docx, .html); plain text may break
     * paragraphs at the page width and the importer decides. */
    bool lines_are_paragraphs;
    bool from_gb18030;    /* plain text that was not UTF-8 */
    PlanLine *lines;
    size_t n_lines, cap_lines;
    PlanTable *tables;
    size_t n_tables, cap_tables;
} PlanDoc;

/* Read a plan file's bytes, the format told by content: a ZIP with
 * word/document.xml is .docx, markup starting <html or <!DOCTYPE html is
 * HTML, anything else text in UTF-8 or GB18030. False with a message in
 * err (no file name) for what cannot be read (an old .doc, a PDF, a
 * damaged archive …). */
bool plandoc_read(PlanDoc *d, const char *data, size_t len, char *err, size_t errlen);
void plandoc_free(PlanDoc *d);

/* Helpers the readers share. */
PlanLine *plandoc_add_line(PlanDoc *d, const char *text, size_t len, const char *where);
/* A table of rows x cols cells (copied). With add_lines its rows are also
 * added as lines (cells joined by a tab), so that a table that is not a
 * task list stays part of the text; plain text has those lines already,
 * from first_line on. */
void plandoc_add_table(PlanDoc *d, char **cells, size_t rows, size_t cols, char **row_where, bool add_lines,
                       size_t first_line);

/* The readers behind plandoc_read. */
bool plandoc_from_docx(PlanDoc *d, const char *data, size_t len, char *err, size_t errlen);
bool plandoc_from_html(PlanDoc *d, const char *data, size_t len, char *err, size_t errlen);
/* The parts of a .docx once unpacked: word/document.xml, and
 * word/numbering.xml and word/styles.xml (NULL when absent). */
bool plandoc_from_wordml(PlanDoc *d, const char *document, size_t document_len, const char *numbering,
                         size_t numbering_len, const char *styles, size_t styles_len, char *err, size_t errlen);

#endif
