/* form.h - the fill-in form, shared by `jindu forms` (which writes it as
 * CSV or as an Excel workbook) and `jindu collect` (which reads either
 * back): its columns, in order, by the header text that names each; the
 * rows of one institution's form; and the identity that tells a form of
 * another institution, quarter or task list. */
#ifndef JINDU_FORM_H
#define JINDU_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "data/model.h"

enum {
    COL_KIND, COL_ID, COL_NAME, COL_DUE, COL_PREV_STATUS, COL_PREV_PERCENT, COL_STATUS, COL_PERCENT, COL_SUMMARY,
    COL_PROBLEMS, COL_NEXT, COL_UNIT, COL_TARGET, COL_PREV_VALUE, COL_VALUE, COL_COUNT
};
extern const char *const FORM_HEADERS[COL_COUNT];
extern const char FORM_INSTRUCTIONS[];

/* The sheet of a workbook form that holds the rows, and the hidden one
 * that holds its identity in A1. */
#define FORM_SHEET "任务进展"
#define FORM_ID_SHEET "jindu"

typedef struct {
    char *cells[COL_COUNT];        /* "" where empty */
} FormRow;

typedef struct {
    const char *inst_id, *inst_name;
    char period[16], as_of[16];
    const char *contact;           /* the issuer's contact, or NULL */
    char identity[160];
    FormRow *rows;                 /* tasks first, then indicators */
    size_t n_rows, n_tasks;
} Form;

/* "jindu-form 1; institution=ID; period=2024Q3; tasks=HASH": HASH covers
 * the ids, names, deadlines and targets of the institution's tasks and
 * indicators, so that a form made before the task list changed is told. */
void form_identity(const Data *d, size_t inst, int period, char out[160]);
/* Which part of two identities differs ("institution", "period", "task
 * list"), or NULL when they are the same. */
const char *form_identity_differs(const char *a, const char *b);

/* Write a form as an Excel workbook (libxlsxwriter) at path; created is
 * the workbook's creation time (fixed, so that the file is the same for
 * the same data). False with a message in err. */
bool form_write_xlsx(const Form *f, const char *path, time_t created, char *err, size_t errlen);

/* "H7" for row 7 (1-based), column 7 (0-based). */
void form_cell_name(int row, int col, char out[16]);

#endif
