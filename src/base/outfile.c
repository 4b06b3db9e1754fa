/* outfile.c - see outfile.h. */
#include "base/outfile.h"
#include "base/utf8.h"
#include "base/util.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int make_dirs(const char *path)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) { int e = errno; free(p); errno = e; return -1; }
        *s = '/';
    }
    int rc = mkdir(p, 0777);
    int e = errno;
    free(p);
    if (rc != 0 && e != EEXIST) { errno = e; return -1; }
    struct stat st;
    if (stat(path, &st) != 0) return -1;
    if (!S_ISDIR(st.st_mode)) { errno = ENOTDIR; return -1; }
    return 0;
}

/* The temporaries being written, so a signal handler can remove them. A
 * worker writes one file at a time, or a streamed PDF and its OFD side by
 * side; the handler is best-effort. */
#define MAX_OPEN 4
static char temp_paths[MAX_OPEN][4096];
static volatile sig_atomic_t temp_live[MAX_OPEN];

void outfile_cleanup_temporaries(void)
{
    for (int i = 0; i < MAX_OPEN; i++)
        if (temp_live[i]) unlink(temp_paths[i]);
}

int outfile_open(OutFile *f, const char *path)
{
    f->fd = -1;
    f->path = NULL;
    int slot = 0;
    while (slot < MAX_OPEN && temp_live[slot]) slot++;
    if (slot == MAX_OPEN) { errno = EMFILE; return -1; }
    char *temp = temp_paths[slot];
    int n = snprintf(temp, sizeof temp_paths[slot], "%s.tmp-XXXXXX", path);
    if (n < 0 || (size_t)n >= sizeof temp_paths[slot]) { errno = ENAMETOOLONG; return -1; }
    int fd = mkstemp(temp);
    if (fd < 0) return -1;
    temp_live[slot] = 1;
    fchmod(fd, 0644);
    f->fd = fd;
    f->slot = slot;
    f->path = xstrdup(path);
    return 0;
}

int outfile_write(OutFile *f, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t w = write(f->fd, p, len);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

void outfile_abort(OutFile *f)
{
    int e = errno;
    if (f->fd >= 0) close(f->fd);
    if (f->path) {
        unlink(temp_paths[f->slot]);
        temp_live[f->slot] = 0;
    }
    free(f->path);
    f->fd = -1;
    f->path = NULL;
    errno = e;
}

int outfile_commit(OutFile *f)
{
    int rc = close(f->fd);
    f->fd = -1;
    if (rc != 0 || rename(temp_paths[f->slot], f->path) != 0) {
        outfile_abort(f);
        return -1;
    }
    temp_live[f->slot] = 0;
    free(f->path);
    f->path = NULL;
    return 0;
}

int write_file_atomic(const char *path, const void *data, size_t len)
{
    OutFile f;
    if (outfile_open(&f, path) != 0) return -1;
    if (outfile_write(&f, data, len) != 0) { outfile_abort(&f); return -1; }
    return outfile_commit(&f);
}

char *sanitize_name(const char *s) { return sanitize_name_max(s, 120); }

char *sanitize_name_max(const char *s, size_t max)
{
    Buf b = {0};
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    while (n && *p) {
        uint32_t cp;
        int len = utf8_decode(p, n, &cp);
        if (len == 0) { cp = '_'; len = 1; }
        if (b.len + (size_t)len > max) break;
        if (cp < 0x20 || cp == 0x7F || cp == '/' || cp == '\\' || (cp >= 0x80 && cp < 0xA0))
            buf_putc(&b, '_');
        else if (cp == '.' && b.len == 0)
            buf_putc(&b, '_');
        else
            buf_append(&b, p, (size_t)len);
        p += len;
        n -= (size_t)len;
    }
    if (b.len == 0) buf_putc(&b, '_');
    buf_cstr(&b);
    return buf_take(&b);
}
