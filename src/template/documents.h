/* documents.h - the six documents of documents.md and supervision.md, each made from its
 * template in the templates directory:
 *
 *   progress.tpl    工作进展情况报告 (per institution)
 *   notice.tpl      督办通知 (per flagged institution)
 *   assessment.tpl  考核评估结果 (per institution)
 *   summary.tpl     考核评估汇总 (once)
 *   bulletin.tpl    情况通报 (once; supervision.md)
 *   pack.tpl        会议材料汇编 (once; takes in the others with @document)
 *
 * Templates are parsed once (documents_open) and evaluated per document.
 * All wording lives in the templates; this module only chooses the
 * template, gives it its values (context.h) and reads its output into a
 * document tree (blocks.h). */
#ifndef JINDU_DOCUMENTS_H
#define JINDU_DOCUMENTS_H

#include <stdbool.h>
#include "typeset/doctree.h"
#include "data/figures.h"

typedef enum { DOC_PROGRESS, DOC_NOTICE, DOC_ASSESSMENT, DOC_SUMMARY, DOC_BULLETIN, DOC_PACK, DOC_KINDS } DocKind;

/* The document kinds, in one place: what --only and the manifest call
 * each, its template, its file, and whether it is made per institution. */
typedef struct {
    const char *name;          /* --only word, manifest kind, NAME.tpl, @document NAME */
    const char *file;          /* the PDF's name */
    bool per_institution;      /* one per institution, or one per run */
} DocKindInfo;
extern const DocKindInfo DOC_KIND_INFO[DOC_KINDS];
/* The kind called name, or -1. */
int documents_kind_find(const char *name);
const char *documents_kind_name(DocKind k);   /* DOC_KIND_INFO[k].name */
const char *documents_file_name(DocKind k);   /* DOC_KIND_INFO[k].file */

typedef struct Documents Documents;

/* Parse the templates of the kinds in `kinds` (bit k: DocKind k) and of
 * the kinds they take in. Errors are reported; a kind whose template has
 * errors is not ready. seal_png: put on signatures (NULL: none);
 * seal_broken: the seal cannot be used (reported), so a document that
 * carries it is not made. */
Documents *documents_open(const char *templates_dir, unsigned kinds, const Results *r, const char *seal_png,
                          bool seal_broken);
void documents_close(Documents *d);
bool documents_ready(const Documents *d, DocKind k);

/* The tree of kind k for institution k_inst (-1 for summary and pack), or
 * NULL when its template or its output has errors (reported). */
DocTree *documents_make(Documents *d, DocKind k, long inst);

#endif
