/* libFuzzer: the line breaker (with and without push-in, justified and
 * ragged, half-width marks LB_HALF + cp among the input) and the title
 * balancer, with a width function that gives each character a width from
 * its code point. Every line must stay within its measure. */
#include "typeset/linebreak.h"
#include "base/utf8.h"

#include <stdio.h>
#include <stdlib.h>

static double advance(void *ctx, uint32_t cp)
{
    (void)ctx;
    if (lb_is_half(cp)) return advance(ctx, cp - LB_HALF) / 2;   /* a mark set half-width */
    if (cp < 0x80) return 8 + (double)(cp % 5);
    return 16;
}

/* ink in the left part of the em for some code points, across it for others */
static bool ink(void *ctx, uint32_t cp, double *left, double *right)
{
    (void)ctx;
    *left = cp % 3 == 0 ? 1 : 4;
    *right = cp % 3 == 0 ? 6 : 12;
    return cp % 7 != 0;
}

static void check(const Line *lines, size_t n, double first, double width)
{
    for (size_t i = 0; i < n; i++)
        if (lines[i].width > (i == 0 ? first : width) + 1e-6 && lines[i].n_chars > 1 && lines[i].squeezed) {
            fprintf(stderr, "line %zu: %g wider than its measure\n", i, lines[i].width);
            abort();
        }
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size < 2 || utf8_invalid_at((const char *)data + 1, size - 1) != (size_t)-1) return 0;
    double width = 16 * (1 + data[0] % 40);   /* 1 to 40 characters a line */
    Line *lines = NULL;
    double rest = width - 32 > 0 ? width - 32 : width;
    linebreak((const char *)data + 1, size - 1, width, rest, advance, NULL, &lines);
    free(lines);
    lines = NULL;
    size_t n = linebreak_pushin((const char *)data + 1, size - 1, width, rest, advance, ink, NULL, &lines);
    check(lines, n, width, rest);
    free(lines);
    lines = NULL;
    n = linebreak_ragged((const char *)data + 1, size - 1, width, rest, advance, ink, NULL, &lines);
    check(lines, n, width, rest);
    free(lines);
    lines = NULL;
    if (size < 400) {
        linebreak_title((const char *)data + 1, size - 1, width, advance, NULL, &lines);
        free(lines);
    }
    return 0;
}
