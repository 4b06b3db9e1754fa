/* arena.h - a bump allocator for everything that lives as long as a data
 * set or a document: one arena_free releases it all, so loaders and builders
 * never track individual strings. */
#ifndef JINDU_ARENA_H
#define JINDU_ARENA_H

#include <stddef.h>

typedef struct ArenaBlock ArenaBlock;
typedef struct {
    ArenaBlock *head;
    size_t total;          /* bytes of all blocks, for limits */
} Arena;

void *arena_alloc(Arena *a, size_t n);            /* zeroed, 16-byte aligned */
char *arena_strdup(Arena *a, const char *s);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void arena_free(Arena *a);

/* A point to come back to: everything allocated after arena_mark is freed
 * by arena_release (marks nest; release the latest first). What was
 * allocated before stays. */
typedef struct {
    ArenaBlock *head;
    size_t used, total;
} ArenaMark;
ArenaMark arena_mark(const Arena *a);
void arena_release(Arena *a, ArenaMark m);

#endif
