/* build.h - the commands main.c dispatches to: `build` (data -> figures ->
 * outputs), `check` (validation only), `fonts`, `forms`, `collect`,
 * `import`, `init` and `merge`. */
#ifndef JINDU_BUILD_H
#define JINDU_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "template/documents.h"

/* Sets of document kinds (--only): bit k is DocKind k. */
#define KIND_BIT(k) (1u << (k))
enum {
    KIND_PROGRESS = KIND_BIT(DOC_PROGRESS),
    KIND_NOTICE = KIND_BIT(DOC_NOTICE),
    KIND_ASSESSMENT = KIND_BIT(DOC_ASSESSMENT),
    KIND_SUMMARY = KIND_BIT(DOC_SUMMARY),
    KIND_BULLETIN = KIND_BIT(DOC_BULLETIN),
    KIND_PACK = KIND_BIT(DOC_PACK),
    KIND_ALL = KIND_BIT(DOC_KINDS) - 1
};

typedef struct {
    const char *data, *templates, *fonts, *out;
    unsigned kinds;
    char **institutions;         /* --institution ids; NULL: all */
    size_t n_institutions;
    int jobs;
    int shard_index, shard_count;
    bool strict, quiet;
    bool ofd;                    /* --format pdf,ofd: an .ofd beside every .pdf */
    bool docx;                   /* --format pdf,docx: a .docx beside each notice and the bulletin */
    bool fonts_given;            /* --fonts: then it must exist (no quiet fallback to the free fonts) */
} BuildOptions;

/* A --fonts given that is not a directory: said, and false. */
bool fonts_dir_ok(const BuildOptions *o);
/* The data path is there: otherwise said, with what to do, and false. */
bool data_path_ok(const char *path);

/* Exit statuses of the contract. */
enum { EXIT_OK = 0, EXIT_DATA = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

int build_run(const BuildOptions *o);
int check_run(const BuildOptions *o);
/* Prints the font roles' resolution; with_data: also the data's characters
 * that no font has. */
int fonts_run(const BuildOptions *o, bool with_data);
/* `jindu forms`: one CSV per institution to fill in for the period. */
int forms_run(const BuildOptions *o, bool csv);
/* `jindu collect`: filled forms back into progress entries (JSON). */
int collect_run(char **files, size_t n_files, const char *output, const char *data_path, bool partial, bool quiet);
/* `jindu init DIR [--plan PLAN]`: a new project directory from the
 * installed copies; with a plan, its data made from the plan instead of
 * the sample. */
int init_run(const char *dir, const char *plan, const char *institutions, bool quiet);
/* The data of a new project from its plan (init_plan.c); institutions:
 * the list of reporting bodies (inst_list.h), or NULL to propose them
 * from the units the plan names. */
int init_plan_data(const char *plan_path, const char *data_dir, const char *institutions, bool quiet);
/* Warn of every "待填写"/"待确认" left in the data files (what init --plan
 * could not know), with its file and line. */
void check_placeholders(const char *path, int depth);
/* The installation's share directory (templates/, fonts/, data/), or NULL. */
const char *share_dir(void);
/* `jindu import`: a plan's text to plan and tasks (JSON to output, or stdout). */
int import_run(const char *input, const char *output, bool quiet, bool explain);
/* `jindu preview KIND`: one document (of the one institution in
 * o->institutions, or of all), its path printed; watch: again on every
 * change in the templates directory, until interrupted. */
int preview_run(const BuildOptions *o, const char *kind, bool watch);
/* `jindu merge OUT/<period>`: the shards' manifests checked against the
 * files and joined into manifest.json. */
int merge_run(const char *dir, bool quiet);

#endif
