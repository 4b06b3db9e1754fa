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

/* The same for a file written piece by piece (a PDF streamed as it is
 * made): open, write, then commit (rename into place) or abort (remove).
 * Up to four open at a time per process (a streamed PDF and its OFD).
 * Each returns 0 or -1 with errno. */
typedef struct {
    int fd;
    int slot;                /* its temporary's place in the list a signal handler cleans */
    char *path;
} OutFile;

int outfile_open(OutFile *f, const char *path);
int outfile_write(OutFile *f, const void *data, size_t len);
int outfile_commit(OutFile *f);
void outfile_abort(OutFile *f);
/* A single path component from data: no '/', '\\', control characters,
 * no leading '.', at most 120 bytes (cut at a character boundary);
 * never empty. Caller frees. */
char *sanitize_name(const char *s);
/* The same, cut to at most max bytes (so a suffix still fits after it). */
char *sanitize_name_max(const char *s, size_t max);
/* Remove temporary files this process left behind (signal handlers). */
void outfile_cleanup_temporaries(void);

#endif
