/* buildint.h - what build.c shares with the writers of a PDF's twins
 * (twins.c: the OFD and the .docx beside it): the run, its output files
 * written under temporary names and hashed as they go, and the manifest
 * they are recorded in. Not an interface: only src/cli/build*.c and
 * twins.c include it. */
#ifndef JINDU_BUILDINT_H
#define JINDU_BUILDINT_H

#include "cli/build.h"
#include "base/outfile.h"
#include "base/sha256.h"
#include "data/figures.h"
#include "data/results.h"
#include "pdf/font.h"
#include "pdf/pdfdoc.h"
#include "template/documents.h"
#include "typeset/doctree.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    const BuildOptions *opt;
    const Data *data;
    const Results *results;
    const FontSet *fonts;
    char **dirs;
    const char *dir;           /* OUT/<period> */
    char *seal;                /* fonts/seal.png when there is one */
    Documents *docs;           /* the parsed templates */
    bool *done;                /* institutions whose documents were all made */
    Manifest manifest;         /* in-process runs */
    int report_fd;             /* workers: where written files are announced */
    bool io_failed;
    int lock_fd;               /* OUT/<period>/ locked (flock), held until the end */
} Build;

/* A streamed PDF on its way to its file, hashed as it goes. */
typedef struct {
    OutFile file;
    Sha256 sha;
    size_t len;
    int error;          /* errno of a failed write */
} Stream;

/* A written file into the manifest (or, from a worker, to the parent). */
void build_record_output(Build *b, const char *rel, const char *kind, const char *inst, int pages, size_t len,
                         const char *sha);
/* The output's full path, its directory made; NULL (reported) on failure. */
char *build_output_path(Build *b, const char *rel);
/* A file written as it is made, hashed as it goes (a ZipWriteFn too). */
bool build_stream_open(Build *b, const char *path, Stream *s);
int build_stream_write(void *ctx, const void *data, size_t len);

/* twins.c: an OFD beside its PDF, written as it is made */
typedef struct OfdOut OfdOut;
OfdOut *twin_ofd_open(Build *b, const char *rel);
void twin_ofd_add(OfdOut *o, const PdfDoc *doc);
void twin_ofd_on_pages(OfdOut *o, PdfDoc *doc);
/* made: its PDF was written (else the OFD is dropped too) */
void twin_ofd_close(Build *b, OfdOut *o, const PdfDoc *doc, bool made, const char *kind, const char *inst);
/* The .docx of a notice or the bulletin from its tree (--format docx). */
void twin_docx(Build *b, const DocTree *tree, const char *rel, const char *kind, const char *inst);

#endif
