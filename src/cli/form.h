/* form.h - the fill-in form's layout, shared by `jindu forms` (which
 * writes it) and `jindu collect` (which reads it back): its columns, in
 * order, by the header text that names each. */
#ifndef JINDU_FORM_H
#define JINDU_FORM_H

enum {
    COL_KIND, COL_ID, COL_NAME, COL_DUE, COL_PREV_STATUS, COL_PREV_PERCENT, COL_STATUS, COL_PERCENT, COL_SUMMARY,
    COL_PROBLEMS, COL_NEXT, COL_UNIT, COL_TARGET, COL_PREV_VALUE, COL_VALUE, COL_COUNT
};
extern const char *const FORM_HEADERS[COL_COUNT];

#endif
