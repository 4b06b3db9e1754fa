/* libFuzzer: the template parser, evaluator and block layer, on one
 * template evaluated against the sample data's first institution. */
#include "template/blocks.h"
#include "template/context.h"
#include "base/diag.h"
#include "data/figures.h"
#include "data/model.h"
#include "template/tpl.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static Data *data;
static Results *results;
static char dir[64];

/* the run's directory goes with the run (libFuzzer ends with exit) */
static void remove_dir(void)
{
    char *path = xasprintf("%s/t.tpl", dir);
    unlink(path);
    free(path);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    Buf diags = {0};
    diag_capture(&diags);
    const char *path = getenv("JINDU_FUZZ_DATA");
    data = data_load(path ? path : "data");
    diag_capture(NULL);
    buf_free(&diags);
    if (!data || data->global_errors) { fprintf(stderr, "fuzz_template: run from the source tree (data/)\n"); exit(1); }
    results = figures_compute(data);
    snprintf(dir, sizeof dir, "/tmp/jindu-fuzz-tpl-%d", (int)getpid());
    mkdir(dir, 0777);
    atexit(remove_dir);
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *bytes, size_t size)
{
    char *path = xasprintf("%s/t.tpl", dir);
    FILE *f = fopen(path, "wb");
    free(path);
    if (!f) return 0;
    fwrite(bytes, 1, size, f);
    fclose(f);
    Buf diags = {0};
    diag_reset();
    diag_capture(&diags);
    TplSet *s = tplset_new(dir, blocks_escape);
    Template *t = tplset_load(s, "t.tpl");
    if (t) {
        /* the checks a build runs before rendering: names, whole literal lines */
        StrMap globals = {0}, members = {0};
        context_names(results, &globals, &members);
        tplset_check_names(s, &globals, &members);
        tplset_check_lines(s, blocks_check_line);
        strmap_free(&globals);
        strmap_free(&members);
    }
    if (t) {
        Arena a = {0};
        Value *g = context_globals(&a, results);
        context_set_institution(&a, g, results, 0);
        TplOutput out = {0};
        if (tpl_render(s, t, &a, g, &out) == 0) {
            BlockEnv env = { NULL, NULL, NULL };
            doctree_free(blocks_build(&out, &env));
        }
        tpl_output_free(&out);
        arena_free(&a);
    }
    tplset_free(s);
    diag_capture(NULL);
    buf_free(&diags);
    return 0;
}
