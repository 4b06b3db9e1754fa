/* util.c - see util.h. */
#include "base/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

_Noreturn void out_of_memory(void)
{
    fputs("jindu: error: out of memory\n", stderr);
    exit(3);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) out_of_memory();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) out_of_memory();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) out_of_memory();
    return q;
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

char *xasprintf(const char *fmt, ...)
{
    Buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    buf_cstr(&b);
    return buf_take(&b);
}

void grow_array(void **items, size_t *cap, size_t n, size_t elem)
{
    if (n <= *cap) return;
    size_t c = *cap ? *cap : 8;
    while (c < n) {
        if (c > ((size_t)-1) / 2 / elem) out_of_memory();
        c *= 2;
    }
    *items = xrealloc(*items, c * elem);
    *cap = c;
}

void buf_reserve(Buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) return;
    size_t c = b->cap ? b->cap : 64;
    while (c < b->len + extra + 1) {
        if (c > ((size_t)-1) / 2) out_of_memory();
        c *= 2;
    }
    b->data = xrealloc(b->data, c);
    b->cap = c;
}

void buf_append(Buf *b, const void *p, size_t n)
{
    buf_reserve(b, n);
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_puts(Buf *b, const char *s) { buf_append(b, s, strlen(s)); }
void buf_putc(Buf *b, char c) { buf_append(b, &c, 1); }

void buf_vprintf(Buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) return;
    buf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void buf_printf(Buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *buf_cstr(Buf *b)
{
    buf_reserve(b, 0);
    b->data[b->len] = '\0';
    return b->data;
}

char *buf_take(Buf *b)
{
    buf_cstr(b);
    char *s = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

void buf_free(Buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

int read_file(const char *path, size_t max_bytes, char **out, size_t *len)
{
    /* non-blocking, so that opening a FIFO cannot wait for a writer */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return -1;
    struct stat st;
    if (fstat(fd, &st) != 0) { int e = errno; close(fd); errno = e; return -1; }
    if (!S_ISREG(st.st_mode)) { close(fd); errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL; return -1; }
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0) fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "rb");
    if (!f) { int e = errno; close(fd); errno = e; return -1; }
    Buf b = {0};
    if (st.st_size > 0 && (size_t)st.st_size <= max_bytes) {   /* exactly, not the next power of two */
        b.cap = (size_t)st.st_size + 2;
        b.data = xmalloc(b.cap);
    }
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > max_bytes) {
            buf_free(&b);
            fclose(f);
            errno = EFBIG;
            return -1;
        }
        buf_append(&b, chunk, n);
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) { buf_free(&b); errno = EIO; return -1; }
    *len = b.len;
    buf_cstr(&b);
    *out = buf_take(&b);
    return 0;
}

const char *file_strerror(int e)
{
    if (e == ELOOP) return "a symbolic link (jindu reads and removes only regular files inside its directories)";
    if (e == EINVAL) return "not a regular file (a pipe, device or socket is never read)";
    return strerror(e);
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 40 || m > 40) return 99;
    size_t row[41];
    for (size_t j = 0; j <= m; j++) row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t cur = row[j];
            size_t best = prev + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best) best = row[j] + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
        }
    }
    return row[m];
}

/* The word of known (NULL-terminated) nearest to w within two edits, for
 * "did you mean"; NULL when none is that close. */
const char *closest_word(const char *w, const char *const *known)
{
    const char *close = NULL;
    size_t best = 3;
    for (const char *const *k = known; *k; k++) {
        size_t dist = edit_distance(w, *k);
        if (dist < best) { best = dist; close = *k; }
    }
    return close;
}
