/* libFuzzer: a plan file of any kind (text in UTF-8 or GB18030, .docx,
 * .html, or anything else) through the readers and the importer, as
 * `jindu import` reads it. */
#include "import/importer.h"
#include "import/plandoc.h"

#include <stddef.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    PlanDoc doc;
    memset(&doc, 0, sizeof doc);
    char err[300];
    if (plandoc_read(&doc, (const char *)data, size, err, sizeof err)) import_free(import_plan(&doc));
    plandoc_free(&doc);
    return 0;
}
