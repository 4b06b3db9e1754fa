/* util.h - allocation that cannot return NULL, growable byte buffers.
 *
 * jindu is a batch tool: when memory runs out there is nothing sensible to
 * do but say so and stop with the I/O-failure status, so the x* helpers
 * never return NULL and callers need no checks of their own. */
#ifndef JINDU_UTIL_H
#define JINDU_UTIL_H

#include <stddef.h>
#include <stdarg.h>

/* Say so and stop with the I/O-failure status: the one way out when a
 * library (PCRE2, cJSON, mmap) cannot allocate either. */
_Noreturn void out_of_memory(void);
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *items (of *cap elements of size elem) so that index n fits. */
void grow_array(void **items, size_t *cap, size_t n, size_t elem);
#define ARRAY_PUSH(arr, len, cap) \
    (grow_array((void **)&(arr), &(cap), (len) + 1, sizeof *(arr)), &(arr)[(len)++])

typedef struct {
    char *data;   /* always NUL-terminated when len > 0 or after buf_cstr */
    size_t len;
    size_t cap;
} Buf;

void buf_reserve(Buf *b, size_t extra);
void buf_append(Buf *b, const void *p, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_putc(Buf *b, char c);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(Buf *b, const char *fmt, va_list ap);
const char *buf_cstr(Buf *b);
char *buf_take(Buf *b);            /* hands the string to the caller, resets b */
void buf_free(Buf *b);

/* Read a whole file. Returns 0 on success; on failure returns -1 with errno
 * set. Files larger than max_bytes fail with EFBIG. The result is
 * NUL-terminated (not counted in *len). */
/* The word of known (NULL-terminated) nearest to w within two edits (typo
 * suggestions: "did you mean"), or NULL. */
const char *closest_word(const char *w, const char *const *known);

/* Read a whole regular file (a FIFO, device or socket fails with EINVAL,
 * a directory with EISDIR, at once). */
int read_file(const char *path, size_t max_bytes, char **out, size_t *len);
/* strerror, with EINVAL (not a regular file) and ELOOP (a symbolic link
 * where none is followed) said plainly. */
const char *file_strerror(int e);

#endif
