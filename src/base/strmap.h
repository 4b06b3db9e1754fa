/* strmap.h - a string -> index hash table (open addressing).
 * Keys are not copied: they must outlive the map (arena strings). */
#ifndef JINDU_STRMAP_H
#define JINDU_STRMAP_H

#include <stddef.h>

typedef struct {
    const char **keys;
    long *values;
    size_t n, cap;   /* cap is 0 or a power of two */
} StrMap;

void strmap_put(StrMap *m, const char *key, long value);   /* replaces an existing key */
long strmap_get(const StrMap *m, const char *key);          /* -1 when absent */
void strmap_free(StrMap *m);

#endif
