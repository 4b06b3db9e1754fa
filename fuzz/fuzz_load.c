/* libFuzzer: the data loader and the figures, on one JSON data file. */
#include "base/diag.h"
#include "data/figures.h"
#include "data/model.h"
#include "data/results.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char path[64];

/* the run's file goes with the run (libFuzzer ends with exit) */
static void remove_file(void) { unlink(path); }

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/jindu-fuzz-load-%d.json", (int)getpid());
        atexit(remove_file);
    }
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    Buf diags = {0};
    diag_reset();
    diag_capture(&diags);
    Data *d = data_load(path);
    if (d && !d->global_errors) {
        Results *r = figures_compute(d);
        char *json = results_json(r);
        free(json);
        figures_free(r);
    }
    data_free(d);
    diag_capture(NULL);
    buf_free(&diags);
    return 0;
}
