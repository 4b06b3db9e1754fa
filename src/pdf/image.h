/* image.h - an image from the user's folder (the seal, fonts/seal.png)
 * checked before libharu or the OFD writer sees it.
 *
 * libharu's PNG loader calls libpng with an error handler that longjmps to
 * nowhere: a damaged PNG aborts the process. So the file is read here first,
 * completely, by libpng with an error handler of our own, and its size is
 * held to what a seal needs. */
#ifndef JINDU_IMAGE_H
#define JINDU_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

/* A seal is about 42 mm across: 2,000 pixels a side is 1,200 dpi. */
#define IMAGE_MAX_SIDE 2000
#define IMAGE_MAX_BYTES (16u << 20)

/* True when path is a PNG (or a JPEG, which libharu reads itself) that
 * decodes whole and is at most IMAGE_MAX_SIDE pixels a side; else false
 * with the reason in why (in Chinese, for the office that made the file). */
bool image_check(const char *path, char *why, size_t why_len);

#endif
