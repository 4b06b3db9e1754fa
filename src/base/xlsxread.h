/* xlsxread.h - the cells of an Excel workbook (.xlsx) as text, the way a
 * spreadsheet shows them, as Excel, WPS and LibreOffice write them: shared
 * strings, inline strings and rich-text runs, numbers (a percent-formatted
 * 0.85 reads "85%"), booleans, formulas' cached values, dates stored as
 * serial numbers (read "2024-09-30"), cells in any order and rows with
 * cells missing. Read with libzip (zipread.h) and libxml2 under limits; no
 * formulas are evaluated. Knows nothing of forms. */
#ifndef JINDU_XLSXREAD_H
#define JINDU_XLSXREAD_H

#include <stdbool.h>
#include <stddef.h>
#include "base/csv.h"

#define XLSX_MAX_ROWS 100000
#define XLSX_MAX_COLS 256

typedef struct {
    char *name;
    bool hidden;
    Csv grid;       /* rows[i] is the sheet's row i+1, fields[j] column j; "" where empty */
} XlsxSheet;

typedef struct {
    XlsxSheet *sheets;
    size_t n;
} XlsxBook;

/* False with a message in err (not a workbook, an old .xls, damaged, too
 * large, password-protected …). */
bool xlsx_read(XlsxBook *b, const char *data, size_t len, char *err, size_t errlen);
void xlsx_free(XlsxBook *b);
/* One sheet from its XML, with the shared strings and styles (either may
 * be NULL): the reading of a workbook once unpacked, for the fuzzer. */
bool xlsx_read_sheet_xml(XlsxBook *b, const char *sheet, size_t sheet_len, const char *strings, size_t strings_len,
                         const char *styles, size_t styles_len, char *err, size_t errlen);
/* The sheet of that name, or NULL. */
const XlsxSheet *xlsx_sheet(const XlsxBook *b, const char *name);

#endif
