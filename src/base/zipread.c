/* zipread.c - see zipread.h. */
#include "base/zipread.h"
#include "base/util.h"

#include <stdlib.h>
#include <zip.h>

struct ZipRead {
    zip_t *zip;
};

ZipRead *zipread_open(const char *data, size_t len, ZipReadStatus *status)
{
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &err);
    if (!src) { zip_error_fini(&err); *status = ZIPREAD_NOT_ZIP; return NULL; }
    zip_t *z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
    if (!z) {
        /* consistency checks reject some archives real programs write; try once more without */
        zip_error_fini(&err);
        zip_error_init(&err);
        z = zip_open_from_source(src, ZIP_RDONLY, &err);
    }
    zip_error_fini(&err);
    if (!z) {
        zip_source_free(src);
        *status = ZIPREAD_NOT_ZIP;
        return NULL;
    }
    ZipRead *r = xcalloc(1, sizeof *r);
    r->zip = z;
    *status = ZIPREAD_OK;
    return r;
}

bool zipread_has(ZipRead *z, const char *name)
{
    return zip_name_locate(z->zip, name, ZIP_FL_NOCASE) >= 0;
}

/* Inflate at most limit bytes; the size in the header is not trusted. */
static ZipReadStatus inflate_member(zip_t *zip, zip_int64_t index, size_t limit, zip_uint64_t comp_size, char **out,
                                    size_t *out_len)
{
    zip_file_t *f = zip_fopen_index(zip, (zip_uint64_t)index, 0);
    if (!f) return zip_error_code_zip(zip_get_error(zip)) == ZIP_ER_NOPASSWD ? ZIPREAD_ENCRYPTED : ZIPREAD_BROKEN;
    size_t cap = 1 << 16, len = 0;
    char *buf = xmalloc(cap + 1);
    ZipReadStatus st = ZIPREAD_OK;
    for (;;) {
        if (len == cap) {
            if (cap >= limit) { st = ZIPREAD_TOO_LARGE; break; }
            cap = cap * 2 > limit ? limit : cap * 2;
            buf = xrealloc(buf, cap + 1);
        }
        zip_int64_t n = zip_fread(f, buf + len, cap - len);
        if (n < 0) { st = ZIPREAD_BROKEN; break; }
        if (n == 0) break;
        len += (size_t)n;
        if (len > 1000000 && comp_size > 0 && len / comp_size > ZIPREAD_MAX_RATIO) { st = ZIPREAD_BOMB; break; }
    }
    zip_fclose(f);
    if (st != ZIPREAD_OK) { free(buf); return st; }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return ZIPREAD_OK;
}

ZipReadStatus zipread_member(ZipRead *z, const char *name, size_t limit, char **out, size_t *out_len)
{
    zip_int64_t index = zip_name_locate(z->zip, name, ZIP_FL_NOCASE);
    if (index < 0) return ZIPREAD_MISSING;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(z->zip, (zip_uint64_t)index, 0, &st) != 0) return ZIPREAD_BROKEN;
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) return ZIPREAD_ENCRYPTED;
    if ((st.valid & ZIP_STAT_SIZE) && st.size > limit) return ZIPREAD_TOO_LARGE;
    zip_uint64_t comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    if ((st.valid & ZIP_STAT_SIZE) && comp > 0 && st.size > 1000000 && st.size / comp > ZIPREAD_MAX_RATIO)
        return ZIPREAD_BOMB;
    return inflate_member(z->zip, index, limit, comp, out, out_len);
}

void zipread_close(ZipRead *z)
{
    if (!z) return;
    zip_discard(z->zip);   /* read-only: nothing to write back */
    free(z);
}

const char *zipread_status_text(ZipReadStatus s)
{
    switch (s) {
    case ZIPREAD_OK: return "read";
    case ZIPREAD_NOT_ZIP: return "not a ZIP archive (or a damaged one)";
    case ZIPREAD_MISSING: return "a part is missing from the archive";
    case ZIPREAD_TOO_LARGE: return "a part of the archive is too large once unpacked";
    case ZIPREAD_BOMB: return "a part of the archive unpacks to more than 200 times its packed size (a zip bomb?)";
    case ZIPREAD_ENCRYPTED: return "password-protected: save it again without a password";
    case ZIPREAD_BROKEN: return "truncated or corrupt archive";
    }
    return "unknown";
}
