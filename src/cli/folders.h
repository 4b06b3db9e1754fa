/* folders.h - the folder of each institution's documents under
 * OUT/<period>/: its short name, sanitised and cut, made unique against
 * every earlier institution's and against the run's own files (results,
 * manifests, index.html, the whole run's documents and their OFD), with
 * ASCII case folded for shares on case-insensitive file systems. */
#ifndef JINDU_FOLDERS_H
#define JINDU_FOLDERS_H

#include "base/strmap.h"
#include "data/model.h"

/* One name an institution (n_institutions + 1 slots, malloc'd, each
 * malloc'd), the same whatever --institution or --shard select. */
char **institution_dirs(const Data *d);

/* Names handed out once each, compared with ASCII case folded (an
 * office's output may land on a Windows share): the folders above and the
 * forms' files. */
typedef struct {
    StrMap taken;
    char **folded;            /* the keys of taken, owned here */
    size_t n, cap;
} NameSet;
/* Take name when it is free; false (nothing taken) when it is not. */
bool nameset_take(NameSet *s, const char *name);
void nameset_free(NameSet *s);

/* One run at a time writes a period's directory (shards of one run
 * together, each its own manifest): a second build waits for the first,
 * saying so, rather than mixing its files and manifest with the other's.
 * The descriptor to close at the end, or -1 where the file system has no
 * locks (said; the run goes on). */
int output_lock(const char *dir, bool shared);

/* The temporaries of a run that was killed (SIGKILL leaves them), removed
 * from dir and its institutions' folders while this run holds them alone. */
void output_clean_temporaries(const char *dir, char **dirs, size_t n, bool quiet);

#endif
