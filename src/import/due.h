/* due.h - the deadline a plan's wording names: 2024年6月底前 → 2024-06-30,
 * 2024年9月 → 2024-09-30, 2025年底 → 2025-12-31, 2024年第三季度 →
 * 2024-09-30, 2024年上半年 → 2024-06-30; 长期坚持, 持续推进, 每年 … name
 * no date but say the work goes on. */
#ifndef JINDU_DUE_H
#define JINDU_DUE_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { DUE_NONE, DUE_DATE, DUE_ONGOING } DueKind;

typedef struct {
    DueKind kind;
    int date;             /* DUE_DATE: the latest date named */
    size_t at, len;       /* the phrase, as bytes of the text */
} Due;

/* The latest deadline in text. default_year (0: none) is the year of
 * phrases without one (年底前, 6月底前), as a table's 完成时限 column
 * writes them; in running text a year is required. */
Due due_in_text(const char *text, int default_year);

#endif
