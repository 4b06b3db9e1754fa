/* utf8.c - see utf8.h. */
#include "base/utf8.h"
#include "base/util.h"

#include <iconv.h>
#include <stdlib.h>
#include <string.h>

int utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0) return 0;
    unsigned c = s[0];
    *cp = c;
    if (c < 0x80) return 1;
    int len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if ((size_t)len > n) return 0;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

size_t utf8_invalid_at(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) { i++; continue; }
        uint32_t cp;
        int len = utf8_decode(p + i, n - i, &cp);
        if (!len) return i;
        i += (size_t)len;
    }
    return (size_t)-1;
}

int utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

size_t utf8_len(const char *s)
{
    unsigned c = (unsigned char)s[0];
    return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static char *gb18030_to_utf8(const char *in, size_t len, size_t *out_len)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) return NULL;
    size_t cap = len * 2 + 16, left_out = cap, left_in = len;   /* at most 3 UTF-8 bytes per 2 GB bytes, 4 per 4 */
    char *out = xmalloc(cap + 1), *op = out, *ip = (char *)in;
    size_t rc = iconv(cd, &ip, &left_in, &op, &left_out);
    iconv_close(cd);
    if (rc == (size_t)-1) { free(out); return NULL; }
    if (out_len) *out_len = cap - left_out;
    out[cap - left_out] = '\0';
    return out;
}

char *text_as_utf8(const char *raw, size_t len, size_t *out_len, bool *from_gb)
{
    if (len >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0) { raw += 3; len -= 3; }
    *from_gb = utf8_invalid_at(raw, len) != (size_t)-1;
    if (*from_gb) return gb18030_to_utf8(raw, len, out_len);
    char *copy = xmalloc(len + 1);
    memcpy(copy, raw, len);
    copy[len] = '\0';
    *out_len = len;
    return copy;
}

uint32_t utf8_next(const unsigned char **s, size_t *left)
{
    uint32_t cp;
    int l = utf8_decode(*s, *left, &cp);
    if (!l) { l = 1; cp = 0xFFFD; }
    *s += l;
    *left -= (size_t)l;
    return cp;
}
