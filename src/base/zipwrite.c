/* zipwrite.c - see zipwrite.h. The format: PKWARE's APPNOTE.TXT 6.3,
 * sections 4.3.7 (local header), 4.3.12 (central directory) and 4.3.16
 * (end of central directory). */
#include "base/zipwrite.h"
#include "base/date.h"
#include "base/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#define MAX_ENTRIES 65535u
#define MAX_OFFSET 0xFFFFFFFEu

struct ZipWriter {
    ZipWriteFn write;
    void *ctx;
    uint64_t offset;          /* bytes written so far */
    Buf central;              /* the central directory, written at the end */
    size_t entries;
    uint16_t dos_time, dos_date;
    bool failed;
    const char *why;
    /* the entry being streamed (zipwrite_begin … zipwrite_end) */
    bool streaming;
    z_stream stream;
    uint32_t crc;
    uint64_t len, start;
    char *name;
};

static void put16(Buf *b, unsigned v)
{
    unsigned char c[2] = { (unsigned char)v, (unsigned char)(v >> 8) };
    buf_append(b, c, 2);
}

static void put32(Buf *b, uint32_t v)
{
    unsigned char c[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
    buf_append(b, c, 4);
}

/* SOURCE_DATE_EPOCH as an MS-DOS time and date (UTC), or ZIP's first day. */
static void entry_time(uint16_t *dos_time, uint16_t *dos_date)
{
    *dos_time = 0;
    *dos_date = (0 << 9) | (1 << 5) | 1;   /* 1980-01-01 */
    long long t;
    if (!source_date_epoch(&t) || t < 315532800LL) return;   /* before 1980: ZIP cannot say it */
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || tm.tm_year + 1900 > 2107) return;
    *dos_time = (uint16_t)(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2);
    *dos_date = (uint16_t)((tm.tm_year + 1900 - 1980) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday);
}

ZipWriter *zipwrite_new(ZipWriteFn write, void *ctx)
{
    ZipWriter *z = xcalloc(1, sizeof *z);
    z->write = write;
    z->ctx = ctx;
    entry_time(&z->dos_time, &z->dos_date);
    return z;
}

void zipwrite_free(ZipWriter *z)
{
    if (!z) return;
    if (z->streaming) deflateEnd(&z->stream);
    free(z->name);
    buf_free(&z->central);
    free(z);
}

static int fail(ZipWriter *z, const char *why, const char **out)
{
    if (!z->failed) z->why = why;
    z->failed = true;
    *out = z->why;
    return -1;
}

static bool emit(ZipWriter *z, const void *data, size_t len)
{
    if (len && z->write(z->ctx, data, len) != 0) return false;
    z->offset += len;
    return true;
}

/* Raw deflate (no zlib header, as ZIP's method 8 wants); NULL when zlib
 * fails or the result would not be smaller. */
static unsigned char *deflate_raw(const void *data, size_t len, size_t *out_len)
{
    if (len < 64 || len > UINT32_MAX) return NULL;
    z_stream s;
    memset(&s, 0, sizeof s);
    if (deflateInit2(&s, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return NULL;
    size_t cap = deflateBound(&s, (uLong)len);
    unsigned char *out = xmalloc(cap);
    s.next_in = (Bytef *)data;
    s.avail_in = (uInt)len;
    s.next_out = out;
    s.avail_out = (uInt)cap;
    int rc = deflate(&s, Z_FINISH);
    *out_len = s.total_out;
    deflateEnd(&s);
    if (rc != Z_STREAM_END || *out_len >= len) {
        free(out);
        return NULL;
    }
    return out;
}

/* The fields a local header and its central directory entry share, from
 * "version needed" to the name's length. */
static void common_fields(Buf *b, const ZipWriter *z, unsigned method, uint32_t crc, size_t packed, size_t len,
                          size_t name_len)
{
    put16(b, 20);                 /* version needed: 2.0 (deflate) */
    put16(b, z->streaming ? 0x0808 : 0x0800);   /* the name is UTF-8; streamed: sizes in a data descriptor */
    put16(b, method);
    put16(b, z->dos_time);
    put16(b, z->dos_date);
    put32(b, crc);
    put32(b, (uint32_t)packed);
    put32(b, (uint32_t)len);
    put16(b, (unsigned)name_len);
    put16(b, 0);                  /* no extra field */
}

/* The central directory's entry of a file at offset. */
static void central_entry(ZipWriter *z, const char *name, unsigned method, uint32_t crc, size_t packed, size_t len,
                          uint64_t offset)
{
    size_t name_len = strlen(name);
    put32(&z->central, 0x02014b50);
    put16(&z->central, 20);       /* made by: MS-DOS attributes, 2.0 */
    common_fields(&z->central, z, method, crc, packed, len, name_len);
    put16(&z->central, 0);        /* no comment */
    put16(&z->central, 0);        /* disk 0 */
    put16(&z->central, 0);        /* internal attributes */
    put32(&z->central, 0);        /* external attributes */
    put32(&z->central, (uint32_t)offset);
    buf_append(&z->central, name, name_len);
}

int zipwrite_add(ZipWriter *z, const char *name, const void *data, size_t len, const char **why)
{
    if (z->failed) return fail(z, z->why, why);
    if (z->streaming) return fail(z, "an entry is still being streamed", why);
    size_t name_len = strlen(name);
    if (z->entries >= MAX_ENTRIES) return fail(z, "more than 65,535 files for one archive", why);
    if (len > UINT32_MAX || name_len > 0xFFFF) return fail(z, "a file too large for the archive", why);
    if (z->offset > MAX_OFFSET) return fail(z, "the archive would pass 4 GB", why);
    uint32_t crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), data, (uInt)len);
    size_t packed = len;
    unsigned char *deflated = deflate_raw(data, len, &packed);
    unsigned method = deflated ? 8 : 0;
    if (!deflated) packed = len;
    Buf local = {0};
    put32(&local, 0x04034b50);
    common_fields(&local, z, method, crc, packed, len, name_len);
    buf_append(&local, name, name_len);
    central_entry(z, name, method, crc, packed, len, z->offset);
    z->entries++;
    bool ok = emit(z, local.data, local.len) && emit(z, deflated ? (const void *)deflated : data, packed);
    buf_free(&local);
    free(deflated);
    return ok ? 0 : fail(z, "cannot write the archive", why);
}

int zipwrite_begin(ZipWriter *z, const char *name, const char **why)
{
    if (z->failed) return fail(z, z->why, why);
    size_t name_len = strlen(name);
    if (z->streaming) return fail(z, "an entry is still being streamed", why);
    if (z->entries >= MAX_ENTRIES) return fail(z, "more than 65,535 files for one archive", why);
    if (name_len > 0xFFFF) return fail(z, "a file too large for the archive", why);
    if (z->offset > MAX_OFFSET) return fail(z, "the archive would pass 4 GB", why);
    memset(&z->stream, 0, sizeof z->stream);
    if (deflateInit2(&z->stream, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return fail(z, "zlib failed", why);
    z->streaming = true;
    z->crc = (uint32_t)crc32(0L, Z_NULL, 0);
    z->len = 0;
    z->start = z->offset;
    free(z->name);
    z->name = xstrdup(name);
    Buf local = {0};
    put32(&local, 0x04034b50);
    common_fields(&local, z, 8, 0, 0, 0, name_len);   /* CRC and sizes follow the data */
    buf_append(&local, name, name_len);
    bool ok = emit(z, local.data, local.len);
    buf_free(&local);
    return ok ? 0 : fail(z, "cannot write the archive", why);
}

/* Deflate what is given (flush: Z_NO_FLUSH or Z_FINISH) and write it out. */
static bool pump(ZipWriter *z, const void *data, size_t len, int flush)
{
    unsigned char out[16384];
    z->stream.next_in = (Bytef *)data;
    z->stream.avail_in = (uInt)len;
    int rc;
    do {
        z->stream.next_out = out;
        z->stream.avail_out = sizeof out;
        rc = deflate(&z->stream, flush);
        if (rc == Z_STREAM_ERROR) return false;
        if (!emit(z, out, sizeof out - z->stream.avail_out)) return false;
    } while (z->stream.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
    return true;
}

int zipwrite_write(ZipWriter *z, const void *data, size_t len)
{
    if (z->failed || !z->streaming) return -1;
    if (len > UINT32_MAX || z->len + len > UINT32_MAX) {
        z->failed = true;
        z->why = "a file too large for the archive";
        return -1;
    }
    z->crc = (uint32_t)crc32(z->crc, data, (uInt)len);
    z->len += len;
    if (!pump(z, data, len, Z_NO_FLUSH)) {
        z->failed = true;
        z->why = "cannot write the archive";
        return -1;
    }
    return 0;
}

int zipwrite_end(ZipWriter *z, const char **why)
{
    if (z->failed) return fail(z, z->why, why);
    if (!z->streaming) return fail(z, "no entry is being streamed", why);
    bool ok = pump(z, NULL, 0, Z_FINISH);
    size_t packed = z->stream.total_out;
    deflateEnd(&z->stream);
    if (!ok) {
        z->streaming = false;
        return fail(z, "cannot write the archive", why);
    }
    Buf dd = {0};
    put32(&dd, 0x08074b50);       /* the data descriptor */
    put32(&dd, z->crc);
    put32(&dd, (uint32_t)packed);
    put32(&dd, (uint32_t)z->len);
    ok = emit(z, dd.data, dd.len);
    buf_free(&dd);
    central_entry(z, z->name, 8, z->crc, packed, (size_t)z->len, z->start);
    z->streaming = false;
    z->entries++;
    return ok ? 0 : fail(z, "cannot write the archive", why);
}

int zipwrite_finish(ZipWriter *z, const char **why)
{
    if (z->failed) return fail(z, z->why, why);
    if (z->streaming) return fail(z, "an entry is still being streamed", why);
    if (z->offset > MAX_OFFSET) return fail(z, "the archive would pass 4 GB", why);
    uint64_t start = z->offset;
    Buf end = {0};
    put32(&end, 0x06054b50);
    put16(&end, 0);               /* this disk */
    put16(&end, 0);               /* the central directory's disk */
    put16(&end, (unsigned)z->entries);
    put16(&end, (unsigned)z->entries);
    put32(&end, (uint32_t)z->central.len);
    put32(&end, (uint32_t)start);
    put16(&end, 0);               /* no comment */
    bool ok = emit(z, z->central.data, z->central.len) && emit(z, end.data, end.len);
    buf_free(&end);
    return ok ? 0 : fail(z, "cannot write the archive", why);
}
