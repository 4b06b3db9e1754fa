/* libFuzzer: the WordprocessingML of a .docx (what its ZIP holds), so that
 * mutations reach the XML walk, the automatic numbering and the tables
 * instead of failing the ZIP's checksums. The input is word/document.xml,
 * optionally followed by a line "\x01numbering\n" and word/numbering.xml. */
#include "import/importer.h"
#include "import/plandoc.h"

#include <stddef.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static const char SEP[] = "\n\x01numbering\n";
    const char *s = (const char *)data;
    const char *numbering = memmem(s, size, SEP, sizeof SEP - 1);
    size_t doc_len = numbering ? (size_t)(numbering - s) : size, num_len = 0;
    if (numbering) {
        numbering += sizeof SEP - 1;
        num_len = size - (size_t)(numbering - s);
    }
    PlanDoc doc;
    memset(&doc, 0, sizeof doc);
    char err[300];
    if (plandoc_from_wordml(&doc, s, doc_len, numbering, num_len, NULL, 0, err, sizeof err))
        import_free(import_plan(&doc));
    plandoc_free(&doc);
    return 0;
}
