/* zipwrite.h - a ZIP archive written front to back, deterministically.
 *
 * Each entry is handed over whole (an OFD page's XML, a font), deflated
 * with zlib and written at once through a callback, so an archive of ten
 * thousand pages never sits in memory; the central directory follows at
 * the end. Every entry carries the same timestamp (SOURCE_DATE_EPOCH, or
 * 1980-01-01 00:00, ZIP's first day), names are UTF-8, and no extra fields
 * are written: the same entries give the same bytes. No ZIP64: an archive
 * stays under 4 GB and 65,535 entries, or zipwrite_add says so. */
#ifndef JINDU_ZIPWRITE_H
#define JINDU_ZIPWRITE_H

#include <stdbool.h>
#include <stddef.h>

/* Where the bytes go; returns 0, or -1 when they could not be written. */
typedef int (*ZipWriteFn)(void *ctx, const void *data, size_t len);

typedef struct ZipWriter ZipWriter;

ZipWriter *zipwrite_new(ZipWriteFn write, void *ctx);
/* Add an entry (deflated unless that makes it larger). Returns 0, or -1
 * with a reason in *why (static text); after a failure every call fails. */
int zipwrite_add(ZipWriter *z, const char *name, const void *data, size_t len, const char **why);
/* An entry too large to hold (a 10,000-institution bulletin's XML): begun,
 * written piece by piece (deflated as it comes), ended; its CRC and sizes
 * follow its data in a data descriptor. No other entry meanwhile. Each
 * returns 0, or -1 (with *why from begin and end). */
int zipwrite_begin(ZipWriter *z, const char *name, const char **why);
int zipwrite_write(ZipWriter *z, const void *data, size_t len);
int zipwrite_end(ZipWriter *z, const char **why);
/* The central directory and the end record. Returns 0 or -1 with *why. */
int zipwrite_finish(ZipWriter *z, const char **why);
void zipwrite_free(ZipWriter *z);

#endif
