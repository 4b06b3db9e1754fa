/* font.h - font files by role, their coverage and metrics, and subsetting.
 *
 * Roles (typesetting.md): xbs 小标宋, fs 仿宋, ht 黑体, kt 楷体, st 宋体. Each
 * is an ordered list of TrueType files from fonts/fonts.map; a character the
 * role's files lack falls back to the other roles' files. Metrics come from
 * HarfBuzz, not libharu, because libharu's width calls mark glyphs as used
 * and embed them. Each file is read once per process. */
#ifndef JINDU_FONT_H
#define JINDU_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { ROLE_XBS, ROLE_FS, ROLE_HT, ROLE_KT, ROLE_ST, ROLE_COUNT } FontRole;

const char *font_role_name(FontRole r);
bool font_role_parse(const char *s, FontRole *r);

typedef struct FontSet FontSet;

/* Open the fonts of fonts_dir/fonts.map (or the built-in defaults when it
 * has none). Problems are reported through diag; returns NULL when some
 * role has no usable file at all. */
FontSet *fontset_open(const char *fonts_dir);
/* The same, but never fails: roles may be left without files (`jindu fonts`
 * shows what is wrong). */
FontSet *fontset_open_any(const char *fonts_dir);
void fontset_free(FontSet *fs);
/* Give back the pages of the font files read so far (they stay in the
 * page cache and are read again when needed): a process's resident
 * memory then holds what the current document or part reads, not every
 * glyph any earlier one did. */
void fontset_release_pages(const FontSet *fs);

size_t fontset_count(const FontSet *fs);
const char *fontset_path(const FontSet *fs, size_t file);
int fontset_index(const FontSet *fs, size_t file);     /* face index in a .ttc */
/* Files of a role in order; returns how many (at most max). */
size_t fontset_role_files(const FontSet *fs, FontRole role, size_t *out, size_t max);

/* What fonts.map asked for, in order, and what became of it: for
 * `jindu fonts`. Returns the number of entries; each call fills one. */
typedef struct {
    FontRole role;
    const char *path;
    int index;
    const char *status;      /* "ok", "not found", or the reason it was refused */
    long file;               /* fontset file index when ok, else -1 */
} FontMapEntry;
size_t fontset_map_entries(const FontSet *fs);
FontMapEntry fontset_map_entry(const FontSet *fs, size_t i);
/* The font's family name (from its name table), or "" */
const char *fontset_family(const FontSet *fs, size_t file);
size_t fontset_glyph_count(const FontSet *fs, size_t file);

/* Push-in (linebreak.h): the code point FONT_HALF + cp draws cp's glyph
 * with half its advance: a punctuation mark whose blank half is taken out.
 * It is a glyph of its own in the embedded subset (a composite of cp's
 * glyph), so PDF readers see a half-width character and extract cp. */
#define FONT_HALF 0xF0000u
static inline bool font_is_half(uint32_t cp) { return cp >= FONT_HALF && cp <= FONT_HALF + 0xFFFF; }

/* The file that draws cp for this role: the role's files first, then the
 * other roles'. -1 when no file has it (or cp is outside the BMP, which
 * libharu 2.3.0 cannot write). */
long fontset_pick(const FontSet *fs, FontRole role, uint32_t cp);
/* Ascender and descender (positive, below the baseline) in em, as PDF
 * viewers take them for the text box. */
double fontset_ascent(const FontSet *fs, size_t file);
double fontset_descent(const FontSet *fs, size_t file);
/* Where cp's ink lies in file: left and right edges from its origin, in
 * em; false when the glyph draws nothing. */
bool fontset_ink(const FontSet *fs, size_t file, uint32_t cp, double *left, double *right);
/* The ink of cp from the baseline up, bottom and top in em; false when
 * it has none. */
bool fontset_ink_height(const FontSet *fs, size_t file, uint32_t cp, double *bottom, double *top);
/* The bold face of the role's file that draws cp (fonts.map bold=), or -1:
 * bold text is then stroked. A bold face is a file of its own, used for
 * nothing else. */
long fontset_bold(const FontSet *fs, FontRole role, size_t file, uint32_t cp);
bool fontset_is_bold_face(const FontSet *fs, size_t file);
/* How wide (em) the role draws file's outlines stroked for weight (0: not). */
double fontset_stroke(const FontSet *fs, FontRole role, size_t file);
/* Advance width of cp in file, in em (1.0 = the font size). */
double fontset_advance(const FontSet *fs, size_t file, uint32_t cp);

/* A TrueType subset of file holding the given code points, for embedding.
 * Returns malloc'd bytes or NULL on failure. Thread-safe. */
/* code_base != 0: the subset's cmap maps code_base + i to the glyph of
 * cps[i] (cps sorted, unique), so that a PDF writer can use small, dense
 * codes; 0 keeps the real code points. */
unsigned char *fontset_subset(const FontSet *fs, size_t file, const uint32_t *cps, size_t n, uint32_t code_base,
                              size_t *len);

#endif
