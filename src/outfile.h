/* outfile.h - writing outputs safely.
 *
 * Every file is written under a temporary name in its own directory and
 * renamed into place, so an interrupted run leaves each output complete or
 * absent. Names built from data are sanitised so nothing lands outside the
 * output directory. */
#ifndef JINDU_OUTFILE_H
#define JINDU_OUTFILE_H

#include <stddef.h>

/* mkdir -p; returns 0 or -1 with errno. */
int make_dirs(const char *path);
/* Write data to path atomically; returns 0 or -1 with errno. */
int write_file_atomic(const char *path, const void *data, size_t len);
/* A single path component from data: no '/', '\\', control characters,
 * no leading '.', at most 120 bytes (cut at a character boundary);
 * never empty. Caller frees. */
char *sanitize_name(const char *s);
/* Remove temporary files this process left behind (signal handlers). */
void outfile_cleanup_temporaries(void);

#endif
