/* libFuzzer: the CSV reader behind jindu collect. */
#include "base/csv.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    Csv c;
    csv_parse(&c, (const char *)data, size);
    csv_free(&c);
    return 0;
}
