/* csv.h - RFC 4180 CSV as Excel and WPS read and write it: reading
 * (quoted fields, doubled quotes, line breaks inside quotes, CRLF or LF)
 * and writing (quoting where needed). Knows nothing of forms. */
#ifndef JINDU_CSV_H
#define JINDU_CSV_H

#include <stddef.h>
#include "base/util.h"

typedef struct {
    char **fields;       /* NUL-terminated copies */
    size_t n;
    int line;            /* physical line the record starts on (1-based) */
} CsvRow;

typedef struct {
    CsvRow *rows;
    size_t n, cap;
    const char *error;   /* NULL, or what made the text unreadable */
    int error_line;
} Csv;

/* Parse text (UTF-8, BOM already removed). */
void csv_parse(Csv *c, const char *text, size_t len);
void csv_free(Csv *c);

/* Append one field, quoted when it holds a comma, quote or line break. */
void csv_put(Buf *b, const char *s, int last);

#endif
