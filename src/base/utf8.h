/* utf8.h - strict UTF-8 decoding (no overlongs, no surrogates). */
#ifndef JINDU_UTF8_H
#define JINDU_UTF8_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

/* Decode one code point at s (n bytes available). Returns its length in
 * bytes, or 0 if the bytes there are not valid UTF-8 (*cp is then the
 * offending byte). */
int utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* The code point at *s (U+FFFD for an invalid byte, which is then one
 * byte long), moving *s and *left past it; for loops over a string. */
uint32_t utf8_next(const unsigned char **s, size_t *left);

/* Offset of the first invalid byte, or (size_t)-1 when all is valid. */
size_t utf8_invalid_at(const char *s, size_t n);

/* Append the UTF-8 encoding of cp to out (at least 4 bytes); returns length. */
int utf8_encode(uint32_t cp, char *out);

/* Bytes of the code point starting at s (valid UTF-8; at least 1). */
size_t utf8_len(const char *s);

/* Number of code points in a valid UTF-8 string. */
size_t utf8_length(const char *s);

/* A file's text as UTF-8: a leading BOM dropped; bytes that are not UTF-8
 * read as GB18030 (what Excel and Word write on Chinese Windows; *from_gb
 * then true). A malloc'd NUL-terminated copy, or NULL when it is neither. */
char *text_as_utf8(const char *raw, size_t len, size_t *out_len, bool *from_gb);

#endif
