/* libFuzzer: jindu merge on one shard manifest (manifest-0-of-1.json) in a
 * directory of its own, with one file beside it to be checked against it. */
#include "base/diag.h"
#include "base/util.h"
#include "cli/build.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64], manifest[96], other[96];

/* the run's directory goes with the run (libFuzzer ends with exit) */
static void remove_dir(void)
{
    unlink(manifest);
    unlink(other);
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/jindu-fuzz-merge-%d", (int)getpid());
        atexit(remove_dir);
        mkdir(dir, 0700);
        snprintf(manifest, sizeof manifest, "%s/manifest-0-of-1.json", dir);
        snprintf(other, sizeof other, "%s/results.json", dir);
        FILE *r = fopen(other, "wb");
        if (r) { fputs("{\"institutions\": [{\"id\": \"a\"}]}\n", r); fclose(r); }
    }
    FILE *f = fopen(manifest, "wb");
    if (!f) return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    Buf diags = {0};
    diag_reset();
    diag_capture(&diags);
    merge_run(dir, true);
    diag_capture(NULL);
    buf_free(&diags);
    char merged[128];
    snprintf(merged, sizeof merged, "%s/manifest.json", dir);
    unlink(merged);
    return 0;
}
