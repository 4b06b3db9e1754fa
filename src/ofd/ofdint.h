/* ofdint.h - what the OFD writer's package (ofd.c) and page (ofdpage.c)
 * halves share. Not an interface for other stages: ofd.h is. */
#ifndef JINDU_OFDINT_H
#define JINDU_OFDINT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/util.h"
#include "pdf/pdfdoc.h"

#define OFD_NS "http://www.ofdspec.org/2016"
#define OFD_XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
/* points to millimetres, OFD's unit */
#define OFD_MM(pt) ((pt) * 25.4 / 72.0)

/* The IDs and resources a page refers to, handed out by the package. */
typedef struct OfdIds {
    uint32_t (*next)(struct OfdIds *ids);
    /* the Font resource for (file, role) */
    uint32_t (*font)(struct OfdIds *ids, size_t file, int role);
    /* cp is drawn from file: its glyph goes into the embedded subset */
    void (*mark)(struct OfdIds *ids, size_t file, uint32_t cp);
    /* the image resource for a PNG path; 0 (the reason kept) when it is not one */
    uint32_t (*image)(struct OfdIds *ids, const char *png_path);
} OfdIds;

/* A page's Content.xml into out (emptied first). */
void ofd_page_xml(Buf *out, const FontSet *fs, OfdIds *ids, const DrawOp *ops, size_t n_ops, double width,
                  double height);

/* XML text or attribute content, escaped; characters XML 1.0 forbids are
 * left out. */
void ofd_xml_text(Buf *b, const char *s, size_t len);
/* A length in millimetres: three decimals at most, no trailing zeros. */
void ofd_mm(Buf *b, double mm);

#endif
