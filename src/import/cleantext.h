/* cleantext.h - the blanks of text converted from PDF, Word and web pages:
 * ASCII, full-width (U+3000), no-break and BOM, trimmed and squeezed. */
#ifndef JINDU_CLEANTEXT_H
#define JINDU_CLEANTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include "base/arena.h"

/* s[0..n) without blanks at either end, a copy in a. */
char *text_trim(Arena *a, const char *s, size_t n);
/* s without the blanks between two CJK characters or around CJK
 * punctuation, as PDF conversion leaves them. */
char *text_squeeze(Arena *a, const char *s);

#endif
