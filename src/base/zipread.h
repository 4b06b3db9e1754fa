/* zipread.h - members of a ZIP archive held in memory (.docx, .xlsx), read
 * with libzip under limits, so that a hostile archive (a zip bomb, a lying
 * size header, an encrypted member) costs bounded memory and gets a clear
 * status instead of a crash. */
#ifndef JINDU_ZIPREAD_H
#define JINDU_ZIPREAD_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    ZIPREAD_OK,
    ZIPREAD_NOT_ZIP,      /* not a ZIP archive, or one too damaged to open */
    ZIPREAD_MISSING,      /* no member of that name */
    ZIPREAD_TOO_LARGE,    /* larger than the caller's limit once inflated */
    ZIPREAD_BOMB,         /* inflates more than ZIPREAD_MAX_RATIO times */
    ZIPREAD_ENCRYPTED,    /* password-protected */
    ZIPREAD_BROKEN        /* truncated or corrupt data in the member */
} ZipReadStatus;

/* Office files compress XML about 10:1; a ratio beyond this is a bomb. */
#define ZIPREAD_MAX_RATIO 200

typedef struct ZipRead ZipRead;

/* The archive in data[0..len) (kept, not copied: it must outlive the
 * ZipRead), or NULL with *status set. */
ZipRead *zipread_open(const char *data, size_t len, ZipReadStatus *status);
bool zipread_has(ZipRead *z, const char *name);
/* A member inflated into a NUL-terminated malloc'd buffer of at most limit
 * bytes. */
ZipReadStatus zipread_member(ZipRead *z, const char *name, size_t limit, char **out, size_t *out_len);
void zipread_close(ZipRead *z);
/* What a status means, for a diagnostic ("a zip bomb: …"). */
const char *zipread_status_text(ZipReadStatus s);

#endif
