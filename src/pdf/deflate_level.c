/* deflate_level.c - libharu compresses every stream at zlib's default level
 * (6) and has no setting for it. Font subsets are most of a PDF's bytes,
 * and compressing them was a third of all of jindu's time. Level 1 is 26%
 * faster end to end for 9% larger files (measured on 100 progress reports:
 * 1.06 s -> 0.84 s, 77 -> 84 KB each; docs/performance.md).
 *
 * libharu calls deflateInit_ (zlib's deflateInit macro) through the
 * dynamic linker, so defining it here makes libharu use ours; ours asks
 * the real zlib for the same stream at level 1. */
#include <zlib.h>

int deflateInit_(z_streamp strm, int level, const char *version, int stream_size)
{
    (void)level;
    return deflateInit2_(strm, Z_BEST_SPEED, Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY, version, stream_size);
}
