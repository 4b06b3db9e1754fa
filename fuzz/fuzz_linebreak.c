/* libFuzzer: the line breaker and the title balancer, with a width
 * function that gives each character a width from its code point. */
#include "linebreak.h"
#include "utf8.h"

#include <stdlib.h>

static double advance(void *ctx, uint32_t cp)
{
    (void)ctx;
    if (cp < 0x80) return 8 + (double)(cp % 5);
    return 16;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size < 2 || utf8_invalid_at((const char *)data + 1, size - 1) != (size_t)-1) return 0;
    double width = 16 * (1 + data[0] % 40);   /* 1 to 40 characters a line */
    Line *lines = NULL;
    linebreak((const char *)data + 1, size - 1, width, width - 32 > 0 ? width - 32 : width, advance, NULL, &lines);
    free(lines);
    lines = NULL;
    if (size < 400) {
        linebreak_title((const char *)data + 1, size - 1, width, advance, NULL, &lines);
        free(lines);
    }
    return 0;
}
