/* cleantext.c - see cleantext.h. */
#include "import/cleantext.h"
#include "base/util.h"

#include <string.h>

/* A blank at s, with n bytes left: its length in *len. */
/* A blank at s, with n bytes left: its length in *len. */
static bool text_blank_at(const char *s, size_t n, size_t *len)
{
    if (!n) return false;
    unsigned char c = (unsigned char)s[0];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') { *len = 1; return true; }
    if (n >= 3 && memcmp(s, "\u3000", 3) == 0) { *len = 3; return true; }   /* ideographic space */
    if (n >= 2 && memcmp(s, "\u00a0", 2) == 0) { *len = 2; return true; }
    if (n >= 3 && memcmp(s, "\ufeff", 3) == 0) { *len = 3; return true; }
    return false;
}

/* Trim blanks (ASCII, full-width, no-break) at both ends. */
char *text_trim(Arena *a, const char *s, size_t n)
{
    size_t l;
    while (text_blank_at(s, n, &l)) { s += l; n -= l; }
    for (;;) {
        if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) { n--; continue; }
        if (n >= 3 && (memcmp(s + n - 3, "\u3000", 3) == 0 || memcmp(s + n - 3, "\ufeff", 3) == 0)) { n -= 3; continue; }
        if (n >= 2 && memcmp(s + n - 2, "\u00a0", 2) == 0) { n -= 2; continue; }
        break;
    }
    return arena_strndup(a, s, n);
}

/* Remove blanks between two CJK characters or around CJK punctuation, as
 * PDF conversion leaves them ("2022 年 4 月" stays readable either way). */
char *text_squeeze(Arena *a, const char *s)
{
    Buf b = {0};
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t l;
        if (text_blank_at(s + i, n - i, &l)) {
            size_t j = i;
            while (text_blank_at(s + j, n - j, &l)) j += l;
            bool wide_before = b.len && (unsigned char)b.data[b.len - 1] >= 0x80;
            bool wide_after = j < n && (unsigned char)s[j] >= 0x80;
            bool digit_before = b.len && b.data[b.len - 1] >= '0' && b.data[b.len - 1] <= '9';
            bool digit_after = j < n && s[j] >= '0' && s[j] <= '9';
            if (!(wide_before || wide_after) || (digit_before && digit_after)) buf_putc(&b, ' ');
            i = j;
            continue;
        }
        buf_putc(&b, s[i++]);
    }
    char *out = arena_strdup(a, b.data ? buf_cstr(&b) : "");
    buf_free(&b);
    return out;
}

