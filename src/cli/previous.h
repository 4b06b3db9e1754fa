/* previous.h - what an earlier run left in OUT/<period>/, by its
 * manifest.json. A full run removes the files the earlier one listed and
 * it did not make again; a partial run (--only, --institution) keeps them
 * and lists them again; so the directory always matches its manifest.
 * Only files an earlier manifest lists are ever touched. */
#ifndef JINDU_PREVIOUS_H
#define JINDU_PREVIOUS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "data/results.h"

typedef struct {
    ManifestEntry *files;      /* kind and institution are owned here */
    size_t n;
    time_t when;               /* the earlier manifest's time */
    bool found;
} Previous;

void previous_read(Previous *p, const char *dir);
/* After this run's files are written and before its manifest: a full run
 * removes the earlier files it did not make again (returns how many); a
 * partial one adds them to its manifest while they are still there as
 * listed. */
size_t previous_settle(Previous *p, const char *dir, Manifest *now, bool full);
/* A run that wrote nothing: say what the directory still holds, and from when. */
void previous_note(const char *dir);
/* The same for every period under out (the data could not even be read). */
void previous_note_all(const char *out);
void previous_free(Previous *p);

#endif
