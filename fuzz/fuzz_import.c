/* libFuzzer: the policy importer on arbitrary text. */
#include "import/importer.h"
#include "base/utf8.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    /* the command decodes to UTF-8 first; the importer sees valid text */
    if (utf8_invalid_at((const char *)data, size) != (size_t)-1) return 0;
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    for (size_t i = 0; i < size; i++)
        if (!text[i]) text[i] = ' ';
    import_free(import_plan(text, size));
    free(text);
    return 0;
}
