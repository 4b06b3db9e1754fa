/* image.c - see image.h. */
#include "pdf/image.h"
#include "base/i18n.h"
#include "base/util.h"

#include <errno.h>
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool too_large(unsigned w, unsigned h, char *why, size_t why_len)
{
    if (w <= IMAGE_MAX_SIDE && h <= IMAGE_MAX_SIDE) return false;
    snprintf(why, why_len, _("the image is %u × %u pixels, over the limit of %d × %d (a seal is about 42 mm across: %d "
                             "pixels are already 1200 dpi); make it smaller"), w, h, IMAGE_MAX_SIDE, IMAGE_MAX_SIDE, IMAGE_MAX_SIDE);
    return true;
}

/* The whole PNG decoded by libpng's simplified API, which reports errors
 * in image.message instead of jumping. */
static bool check_png(const char *data, size_t len, char *why, size_t why_len)
{
    /* IHDR's interlace byte: libharu 2.3.0 embeds no interlaced PNG (it
     * fails the document with error 0x1043) */
    if (len > 28 && memcmp(data + 12, "IHDR", 4) == 0 && data[28] != 0) {
        snprintf(why, why_len, "%s", _("an interlaced PNG, which cannot be embedded in a PDF: save it as a PNG without interlacing"));
        return false;
    }
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&img, data, len)) {
        snprintf(why, why_len, _("not a sound PNG image (libpng: %s)"), img.message);
        return false;
    }
    if (too_large(img.width, img.height, why, why_len)) {
        png_image_free(&img);
        return false;
    }
    img.format = PNG_FORMAT_RGBA;
    void *pixels = xmalloc(PNG_IMAGE_SIZE(img));
    bool ok = png_image_finish_read(&img, NULL, pixels, 0, NULL) != 0;
    if (!ok) snprintf(why, why_len, _("the PNG image is damaged and cannot be read whole (libpng: %s)"), img.message);
    free(pixels);
    png_image_free(&img);
    return ok;
}

/* A JPEG's size from its SOF marker; libharu copies the data as it is. */
static bool check_jpeg(const unsigned char *p, size_t len, char *why, size_t why_len)
{
    size_t i = 2;
    while (i + 4 <= len) {
        if (p[i] != 0xFF) break;
        unsigned marker = p[i + 1];
        if (marker == 0xFF) { i++; continue; }
        size_t seg = (size_t)p[i + 2] << 8 | p[i + 3];
        if (seg < 2 || i + 2 + seg > len) break;
        bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof && seg >= 7) {
            unsigned h = (unsigned)p[i + 5] << 8 | p[i + 6], w = (unsigned)p[i + 7] << 8 | p[i + 8];
            if (w == 0 || h == 0) break;
            return !too_large(w, h, why, why_len);
        }
        i += 2 + seg;
    }
    snprintf(why, why_len, "%s", _("the JPEG image is damaged (no image size found)"));
    return false;
}

bool image_check(const char *path, char *why, size_t why_len)
{
    char *data;
    size_t len;
    if (read_file(path, IMAGE_MAX_BYTES, &data, &len) != 0) {
        snprintf(why, why_len, _("cannot read: %s"), errno == EFBIG ? _("the file is over 16 MB") : file_strerror(errno));
        return false;
    }
    static const unsigned char png_sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
    const unsigned char *u = (const unsigned char *)data;
    bool ok;
    if (len >= 8 && memcmp(u, png_sig, 8) == 0) ok = check_png(data, len, why, why_len);
    else if (len >= 3 && u[0] == 0xFF && u[1] == 0xD8 && u[2] == 0xFF) ok = check_jpeg(u, len, why, why_len);
    else {
        snprintf(why, why_len, "%s", _("not a PNG or JPEG image"));
        ok = false;
    }
    free(data);
    return ok;
}
