/* safefile.c - see safefile.h. */
#include "base/safefile.h"
#include "base/sha256.h"
#include "base/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

bool safe_relative_path(const char *rel)
{
    if (!rel || !*rel || rel[0] == '/') return false;
    for (const char *s = rel;;) {
        const char *slash = strchr(s, '/');
        size_t n = slash ? (size_t)(slash - s) : strlen(s);
        if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.')) return false;
        if (!slash) return true;
        s = slash + 1;
    }
}

/* The directory that holds rel's last component, opened component by
 * component without following links; *last points into rel. */
static int open_parent(const char *dir, const char *rel, const char **last)
{
    if (!safe_relative_path(rel)) { errno = EINVAL; return -1; }
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return -1;
    const char *s = rel;
    for (const char *slash; (slash = strchr(s, '/')); s = slash + 1) {
        char *part = xstrndup(s, (size_t)(slash - s));
        int next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        int e = errno;
        free(part);
        close(fd);
        if (next < 0) {
            /* O_NOFOLLOW|O_DIRECTORY on a link gives ENOTDIR or ELOOP */
            errno = e == ENOTDIR ? ELOOP : e;
            return -1;
        }
        fd = next;
    }
    *last = s;
    return fd;
}

/* A FIFO is opened non-blocking so that opening it cannot wait for a
 * writer; it is refused right after, by fstat. */
int safe_open_below(const char *dir, const char *rel)
{
    const char *last;
    int parent = open_parent(dir, rel, &last);
    if (parent < 0) return -1;
    int fd = openat(parent, last, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    int e = errno;
    close(parent);
    if (fd < 0) { errno = e; return -1; }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        errno = EINVAL;
        return -1;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0) fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    return fd;
}

static int hash_fd(int fd, size_t *bytes, char sha[65])
{
    Sha256 h;
    sha256_init(&h);
    unsigned char buf[1 << 16];
    *bytes = 0;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        if (n == 0) break;
        sha256_update(&h, buf, (size_t)n);
        *bytes += (size_t)n;
    }
    sha256_final_hex(&h, sha);
    return 0;
}

int safe_hash_below(const char *dir, const char *rel, size_t *bytes, char sha[65])
{
    int fd = safe_open_below(dir, rel);
    if (fd < 0) return -1;
    int rc = hash_fd(fd, bytes, sha);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

int safe_remove_below(const char *dir, const char *rel, size_t bytes, const char *sha)
{
    const char *last;
    int parent = open_parent(dir, rel, &last);
    if (parent < 0) return 0;
    int rc = 0;
    int fd = openat(parent, last, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == bytes) {
        size_t len;
        char found[65];
        if (hash_fd(fd, &len, found) == 0 && len == bytes && strcmp(found, sha) == 0) {
            /* the name still names the file we hashed (not swapped meanwhile) */
            struct stat now;
            if (fstatat(parent, last, &now, AT_SYMLINK_NOFOLLOW) == 0 && now.st_ino == st.st_ino &&
                now.st_dev == st.st_dev)
                rc = unlinkat(parent, last, 0) == 0 ? 1 : -1;
        }
    }
    int e = errno;
    if (fd >= 0) close(fd);
    close(parent);
    errno = e;
    return rc;
}

int dir_lock(const char *dir, bool shared, bool wait)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return -1;
    int e, rc;
    while ((rc = flock(fd, (shared ? LOCK_SH : LOCK_EX) | (wait ? 0 : LOCK_NB))) != 0 && errno == EINTR) {}
    if (rc != 0) { e = errno; close(fd); errno = e; return -1; }
    return fd;
}

/* Whether a file name is one of outfile's temporaries ("NAME.tmp-XXXXXX"). */
static bool outfile_is_temporary(const char *name)
{
    const char *t = strstr(name, ".tmp-");
    if (!t) return false;
    while (strstr(t + 1, ".tmp-")) t = strstr(t + 1, ".tmp-");
    t += 5;
    if (strlen(t) != 6) return false;
    for (int i = 0; i < 6; i++)
        if (!((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z') || (t[i] >= '0' && t[i] <= '9')))
            return false;
    return t - 5 > name;
}

size_t remove_stale_temporaries(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return 0;
    DIR *d = fdopendir(fd);
    if (!d) { close(fd); return 0; }
    size_t removed = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (!outfile_is_temporary(e->d_name)) continue;
        struct stat st;
        if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
            unlinkat(fd, e->d_name, 0) == 0)
            removed++;
    }
    closedir(d);
    return removed;
}
