/* strmap.c - see strmap.h. FNV-1a, linear probing, grown at half full. */
#include "base/strmap.h"
#include "base/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return (size_t)h;
}

static void grow(StrMap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    const char **keys = xcalloc(cap, sizeof *keys);
    long *values = xcalloc(cap, sizeof *values);
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t h = hash(m->keys[i]) & (cap - 1);
        while (keys[h]) h = (h + 1) & (cap - 1);
        keys[h] = m->keys[i];
        values[h] = m->values[i];
    }
    free(m->keys);
    free(m->values);
    m->keys = keys;
    m->values = values;
    m->cap = cap;
}

void strmap_put(StrMap *m, const char *key, long value)
{
    if ((m->n + 1) * 2 > m->cap) grow(m);
    size_t h = hash(key) & (m->cap - 1);
    while (m->keys[h] && strcmp(m->keys[h], key) != 0) h = (h + 1) & (m->cap - 1);
    if (!m->keys[h]) m->n++;
    m->keys[h] = key;
    m->values[h] = value;
}

long strmap_get(const StrMap *m, const char *key)
{
    if (!m->cap) return -1;
    size_t h = hash(key) & (m->cap - 1);
    while (m->keys[h]) {
        if (strcmp(m->keys[h], key) == 0) return m->values[h];
        h = (h + 1) & (m->cap - 1);
    }
    return -1;
}

void strmap_free(StrMap *m)
{
    free(m->keys);
    free(m->values);
    m->keys = NULL;
    m->values = NULL;
    m->n = m->cap = 0;
}
