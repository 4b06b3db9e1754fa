/* documents.c - see documents.h. */
#include "template/documents.h"
#include "template/blocks.h"
#include "template/context.h"
#include "template/tpl.h"

#include <stdlib.h>
#include <string.h>

const DocKindInfo DOC_KIND_INFO[DOC_KINDS] = {
    [DOC_PROGRESS] = { "progress", "工作进展情况报告.pdf", true },
    [DOC_NOTICE] = { "notice", "督办通知.pdf", true },
    [DOC_ASSESSMENT] = { "assessment", "考核评估结果.pdf", true },
    [DOC_SUMMARY] = { "summary", "考核评估汇总.pdf", false },
    [DOC_BULLETIN] = { "bulletin", "情况通报.pdf", false },
    [DOC_PACK] = { "pack", "会议材料汇编.pdf", false },
};

int documents_kind_find(const char *name)
{
    for (int k = 0; k < DOC_KINDS; k++)
        if (strcmp(name, DOC_KIND_INFO[k].name) == 0) return k;
    return -1;
}

const char *documents_kind_name(DocKind k) { return DOC_KIND_INFO[k].name; }
const char *documents_file_name(DocKind k) { return DOC_KIND_INFO[k].file; }

struct Documents {
    TplSet *set;
    Template *tpl[DOC_KINDS];
    const Results *results;
    const char *seal;
    bool seal_broken;
    int depth;        /* @document inside @document */
    StrMap globals, members;   /* the names templates may use */
};

static Template *load_kind(Documents *d, DocKind k)
{
    char *name = xasprintf("%s.tpl", DOC_KIND_INFO[k].name);
    Template *t = tplset_load(d->set, name);
    free(name);
    return t;
}

Documents *documents_open(const char *dir, unsigned kinds, const Results *r, const char *seal_png, bool seal_broken)
{
    Documents *d = xcalloc(1, sizeof *d);
    d->set = tplset_new(dir, blocks_escape);
    d->results = r;
    d->seal = seal_png;
    d->seal_broken = seal_broken;
    if (kinds & (1u << DOC_PACK)) kinds |= 1u << DOC_PROGRESS | 1u << DOC_SUMMARY | 1u << DOC_BULLETIN;
    for (int k = 0; k < DOC_KINDS; k++)
        if (kinds & (1u << k)) d->tpl[k] = load_kind(d, (DocKind)k);
    /* names checked everywhere, also in branches no data of this run reaches */
    context_names(r, &d->globals, &d->members);
    tplset_check_names(d->set, &d->globals, &d->members);
    tplset_check_lines(d->set, blocks_check_line);
    for (int k = 0; k < DOC_KINDS; k++)
        if (d->tpl[k] && !tpl_ok(d->tpl[k])) d->tpl[k] = NULL;
    return d;
}

void documents_close(Documents *d)
{
    if (!d) return;
    strmap_free(&d->globals);
    strmap_free(&d->members);
    tplset_free(d->set);
    free(d);
}

bool documents_ready(const Documents *d, DocKind k) { return d->tpl[k] != NULL; }

/* The kind and institution @document names, checked: false when it
 * cannot be made (reported at where). */
static bool resolve_part(Documents *d, const char *kind, const char *id, SrcPos where, DocKind *k_out, long *inst_out)
{
    int k = documents_kind_find(kind);
    if (k < 0 || k == DOC_PACK) {
        diag_error(where, "@document takes progress, notice, assessment, summary or bulletin, not \"%s\"", kind);
        return false;
    }
    long inst = -1;
    if (DOC_KIND_INFO[k].per_institution) {
        inst = data_find_institution(d->results->data, id);
        if (inst < 0) {
            diag_error(where, "@document %s: no institution has the id \"%s\"", kind, id);
            return false;
        }
        if (d->results->data->institutions[inst].has_errors) {
            diag_error(where, "@document %s: the data of \"%s\" has errors", kind, id);
            return false;
        }
    } else if (*id) {
        diag_error(where, "@document %s takes no institution", kind);
        return false;
    }
    if (!d->tpl[k]) {   /* a kind the run did not ask for: loaded and checked now */
        d->tpl[k] = load_kind(d, (DocKind)k);
        if (d->tpl[k]) {
            tplset_check_names(d->set, &d->globals, &d->members);
            tplset_check_lines(d->set, blocks_check_line);
        }
        if (!d->tpl[k] || !tpl_ok(d->tpl[k])) { d->tpl[k] = NULL; return false; }
    }
    *k_out = (DocKind)k;
    *inst_out = inst;
    return true;
}

/* A part made at once (a @document inside a part). */
static DocTree *part_now(void *ctx, const char *kind, const char *id, SrcPos where)
{
    Documents *d = ctx;
    DocKind k;
    long inst;
    if (!resolve_part(d, kind, id, where, &k, &inst)) return NULL;
    if (d->depth > 2) {
        diag_error(where, "@document nested too deep");
        return NULL;
    }
    d->depth++;
    DocTree *t = documents_make(d, k, inst);
    d->depth--;
    return t;
}

/* The parts of one tree made later (the reports of a pack), each when the
 * layout reaches it: the pack never holds more than one report's blocks. */
typedef struct {
    Documents *d;
    struct { DocKind kind; long inst; } *items;
    size_t n, cap;
} PartList;

static long part_later(void *ctx, const char *kind, const char *id, SrcPos where)
{
    PartList *l = ctx;
    DocKind k;
    long inst;
    if (!resolve_part(l->d, kind, id, where, &k, &inst)) return -1;
    grow_array((void **)&l->items, &l->cap, l->n + 1, sizeof *l->items);
    l->items[l->n].kind = k;
    l->items[l->n].inst = inst;
    return (long)l->n++;
}

static DocTree *make_part(void *ctx, size_t n)
{
    PartList *l = ctx;
    l->d->depth++;
    DocTree *t = documents_make(l->d, l->items[n].kind, l->items[n].inst);
    l->d->depth--;
    return t;
}

static void free_parts(void *ctx)
{
    PartList *l = ctx;
    free(l->items);
    free(l);
}

DocTree *documents_make(Documents *d, DocKind k, long inst)
{
    if (!d->tpl[k]) return NULL;
    Arena a = {0};
    Value *g = context_globals(&a, d->results);
    if (inst >= 0) context_set_institution(&a, g, d->results, (size_t)inst);
    TplOutput out = {0};
    DocTree *tree = NULL;
    if (tpl_render(d->set, d->tpl[k], &a, g, &out) == 0) {
        /* a document made on its own (depth 0) takes its parts later */
        PartList *later = d->depth == 0 ? xcalloc(1, sizeof *later) : NULL;
        BlockEnv env = { .document = part_now, .document_ref = later ? part_later : NULL,
                         .ctx = later ? (void *)later : (void *)d, .seal_png = d->seal,
                         .seal_broken = d->seal_broken };
        if (later) later->d = d;
        tree = blocks_build(&out, &env);
        if (tree && later) tree->parts = (DocParts){ make_part, free_parts, later };
        else if (later) free_parts(later);
        if (tree && tree->n == 0) {
            diag_error(file_pos(tpl_path(d->tpl[k])), "the template makes an empty document");
            doctree_free(tree);
            tree = NULL;
        }
    }
    tpl_output_free(&out);
    arena_free(&a);
    return tree;
}
