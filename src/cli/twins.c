/* twins.c - the files beside a PDF: its OFD (--format pdf,ofd), drawn
 * from the same pages, and the .docx of a notice or the bulletin
 * (--format pdf,docx), written from the document tree. Each is written
 * under a temporary name, hashed as it goes and put in the manifest with
 * its PDF's kind; one that cannot be made is an error naming it, and its
 * PDF stays. */
#include "cli/buildint.h"
#include "base/date.h"
#include "base/diag.h"
#include "base/i18n.h"
#include "base/util.h"
#include "docx/docx.h"
#include "ofd/ofd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct OfdOut {
    Stream s;
    OfdWriter *w;
    char *rel;
};

/* rel with its ".pdf" made ext. */
static char *beside(const char *rel, const char *ext)
{
    size_t n = strlen(rel);
    return xasprintf("%.*s%s", (int)(n > 4 && strcmp(rel + n - 4, ".pdf") == 0 ? n - 4 : n), rel, ext);
}

OfdOut *twin_ofd_open(Build *b, const char *rel)
{
    OfdOut *o = xcalloc(1, sizeof *o);
    o->rel = beside(rel, ".ofd");
    char *path = build_output_path(b, o->rel);
    bool ok = path && build_stream_open(b, path, &o->s);
    free(path);
    if (!ok) {
        free(o->rel);
        free(o);
        return NULL;
    }
    char date[16];
    date_format_iso(b->data->as_of, date);
    o->w = ofd_new(b->fonts, date, build_stream_write, &o->s);
    return o;
}

void twin_ofd_add(OfdOut *o, const PdfDoc *doc) { ofd_add_pages(o->w, doc, 0, (size_t)pdfdoc_page_count(doc)); }

void twin_ofd_on_pages(OfdOut *o, PdfDoc *doc) { pdfdoc_on_pages(doc, ofd_on_pages, o->w); }

void twin_ofd_close(Build *b, OfdOut *o, const PdfDoc *doc, bool made, const char *kind, const char *inst)
{
    char err[256];
    if (!made) {
        outfile_abort(&o->s.file);
    } else if (ofd_finish(o->w, doc, err, sizeof err) != 0) {
        outfile_abort(&o->s.file);
        if (o->s.error) {
            diag_error(file_pos(o->rel), "cannot write: %s", strerror(o->s.error));
            b->io_failed = true;
        } else {
            diag_error(file_pos(o->rel), "cannot make the OFD (the PDF is written): %s", err);
        }
    } else if (outfile_commit(&o->s.file) != 0) {
        diag_error(file_pos(o->rel), "cannot write: %s", strerror(errno));
        b->io_failed = true;
    } else {
        char sha[65];
        sha256_final_hex(&o->s.sha, sha);
        build_record_output(b, o->rel, kind, inst, pdfdoc_page_count(doc), o->s.len, sha);
    }
    ofd_free(o->w);
    free(o->rel);
    free(o);
}

void twin_docx(Build *b, const DocTree *tree, const char *rel, const char *kind, const char *inst)
{
    char *drel = beside(rel, ".docx"), *path = build_output_path(b, drel);
    Stream s;
    char err[256];
    if (!path || !build_stream_open(b, path, &s)) {
        free(path);
        free(drel);
        return;
    }
    if (docx_write(tree, build_stream_write, &s, err, sizeof err) != 0) {
        outfile_abort(&s.file);
        if (s.error) {
            diag_error(file_pos(drel), "cannot write: %s", strerror(s.error));
            b->io_failed = true;
        } else {
            diag_error(file_pos(drel), "cannot make the .docx (the PDF is written): %s", err);
        }
    } else if (outfile_commit(&s.file) != 0) {
        diag_error(file_pos(drel), "cannot write: %s", strerror(errno));
        b->io_failed = true;
    } else {
        char sha[65];
        sha256_final_hex(&s.sha, sha);
        build_record_output(b, drel, kind, inst, 0, s.len, sha);
    }
    free(path);
    free(drel);
}
