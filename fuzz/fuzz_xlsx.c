/* libFuzzer: the SpreadsheetML of a workbook form (what its ZIP holds), so
 * that mutations reach the cell reading instead of failing the ZIP's
 * checksums. The input is a worksheet's XML, optionally followed by a line
 * "\x01strings\n" and the shared strings, then "\x01styles\n" and the
 * styles. */
#include "base/xlsxread.h"

#include <stddef.h>
#include <string.h>

static const char *cut(const char *s, size_t *len, const char *sep, size_t *rest_len)
{
    const char *f = memmem(s, *len, sep, strlen(sep));
    if (!f) return NULL;
    const char *rest = f + strlen(sep);
    *rest_len = *len - (size_t)(rest - s);
    *len = (size_t)(f - s);
    return rest;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    size_t sheet_len = size, strings_len = 0, styles_len = 0;
    const char *sheet = (const char *)data;
    const char *strings = cut(sheet, &sheet_len, "\n\x01strings\n", &strings_len);
    const char *styles = strings ? cut(strings, &strings_len, "\n\x01styles\n", &styles_len) : NULL;
    XlsxBook b;
    char err[300];
    if (xlsx_read_sheet_xml(&b, sheet, sheet_len, strings, strings_len, styles, styles_len, err, sizeof err))
        xlsx_free(&b);
    return 0;
}
