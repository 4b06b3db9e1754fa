/* results.h - results.json and manifest.json (documents.md, exact shapes). */
#ifndef JINDU_RESULTS_H
#define JINDU_RESULTS_H

#include <stddef.h>
#include "data/figures.h"

/* Where a JSON document goes, piece by piece; non-zero stops it. */
typedef int (*JsonSink)(void *ctx, const char *text, size_t len);
/* results.json, written through sink (a province's is tens of MB: it is
 * never whole in memory); returns 0 or what sink returned. */
int results_write(const Results *r, JsonSink sink, void *ctx);
/* The same as one string (tests, small runs); caller frees. */
char *results_json(const Results *r);

typedef struct {
    char *path;            /* relative to OUT/<period>/ */
    const char *kind;      /* progress notice assessment summary pack results */
    const char *institution;   /* id or NULL */
    int pages;             /* 0 for non-PDF files */
    size_t bytes;
    char sha256[65];
} ManifestEntry;

typedef struct {
    ManifestEntry *items;
    size_t n, cap;
} Manifest;

void manifest_add(Manifest *m, const char *path, const char *kind, const char *institution, int pages,
                  const void *data, size_t len);
/* Add an entry whose size and hash are already known (from a worker). */
void manifest_add_known(Manifest *m, const char *path, const char *kind, const char *institution, int pages,
                        size_t bytes, const char *sha256);
/* manifest.json, entries sorted by path, through sink / as a string. */
int manifest_write(Manifest *m, const char *period, JsonSink sink, void *ctx);
char *manifest_json(Manifest *m, const char *period);
void manifest_free(Manifest *m);

#endif
