/* font.c - see font.h. */
#include "pdf/font.h"
#include "base/diag.h"
#include "base/util.h"

#include <errno.h>
#include <hb-subset.h>
#include <hb.h>
#include <hb-ot.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <sys/stat.h>

#define MAX_FILES_PER_ROLE 16
#define MAX_FONT_FILES 64

static const char *const ROLE_NAMES[ROLE_COUNT] = { "xbs", "fs", "ht", "kt", "st" };

const char *font_role_name(FontRole r) { return r < ROLE_COUNT ? ROLE_NAMES[r] : "?"; }

bool font_role_parse(const char *s, FontRole *r)
{
    for (int i = 0; i < ROLE_COUNT; i++)
        if (strcmp(s, ROLE_NAMES[i]) == 0) { *r = (FontRole)i; return true; }
    return false;
}

typedef struct {
    char *path;
    int index;
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *font;
    hb_set_t *coverage;
    double upem;
    char family[128];
    bool bold_face;       /* opened as a role's bold= face */
} FontFile;

typedef struct {
    FontRole role;
    char *path;
    int index;
    const char *status;
    long file;
} MapEntry;

struct FontSet {
    FontFile files[MAX_FONT_FILES];
    size_t n_files;
    size_t role_files[ROLE_COUNT][MAX_FILES_PER_ROLE];
    size_t n_role_files[ROLE_COUNT];
    float role_stroke[ROLE_COUNT][MAX_FILES_PER_ROLE];   /* em: outline stroked for weight (fonts.map stroke=) */
    int16_t role_bold[ROLE_COUNT][MAX_FILES_PER_ROLE];   /* the file's bold face (fonts.map bold=), -1: none */
    MapEntry *entries;
    size_t n_entries, cap_entries;
    const char *last_refusal;   /* why open_file refused the last file */
    /* Answers already given, by BMP code point (the layout asks for every
     * character several times): pick[role][cp] is 0 unknown, -1 no file,
     * else file + 1; advance[file][cp] is 0 unknown, else the advance + 1.
     * One anonymous mapping (calloc may clear it all, 17 MB resident in
     * every process): pages are touched only where asked. */
    void *cache;
    size_t cache_size;
    int16_t *pick[ROLE_COUNT];
    float *advance[MAX_FONT_FILES];
};

/* Used when fonts/ has no fonts.map: the usual names of the licensed office
 * fonts (found only if dropped into fonts/), then Debian's packages. */
static const char DEFAULT_MAP[] =
    "xbs FZXBSJW.TTF\nxbs FZXBSK.TTF\nxbs 方正小标宋简体.ttf\n"
    "xbs /usr/share/fonts/truetype/arphic/uming.ttc 0 stroke=0.035\n"
    "fs simfang.ttf\nfs FangSong_GB2312.ttf\nfs 仿宋_GB2312.ttf\nfs 仿宋.ttf\n"
    "fs /usr/share/fonts/truetype/arphic/uming.ttc 0\n"
    "ht simhei.ttf\nht 黑体.ttf\nht /usr/share/fonts/truetype/wqy/wqy-microhei.ttc 0\n"
    "kt simkai.ttf\nkt KaiTi_GB2312.ttf\nkt 楷体_GB2312.ttf\nkt 楷体.ttf\n"
    "kt /usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf 0 "
    "bold=/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Bold.ttf\n"
    "st simsun.ttc 0\nst 宋体.ttf\nst /usr/share/fonts/truetype/arphic/uming.ttc 0\n";

static long open_file(FontSet *fs, const char *path, int index, SrcPos where)
{
    for (size_t i = 0; i < fs->n_files; i++)
        if (strcmp(fs->files[i].path, path) == 0 && fs->files[i].index == index) return (long)i;
    if (fs->n_files == MAX_FONT_FILES) {
        diag_error(where, "more than %d font files", MAX_FONT_FILES);
        fs->last_refusal = "too many font files";
        return -1;
    }
    size_t n = strlen(path);
    if (n >= 4 && (strcasecmp(path + n - 4, ".otf") == 0)) {
        diag_error(where, "%s: OpenType/CFF fonts (.otf) cannot be embedded by libharu; use a TrueType .ttf or .ttc",
                   path);
        fs->last_refusal = "refused: CFF outlines (.otf) cannot be embedded";
        return -1;
    }
    /* a pipe or device under a font's name would block or never end */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        diag_error(where, "%s: %s", path, file_strerror(S_ISDIR(st.st_mode) ? EISDIR : EINVAL));
        fs->last_refusal = "refused: not a regular file";
        return -1;
    }
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob) {
        fs->last_refusal = "not found";
        return -2;   /* absent: a normal case for the licensed names */
    }
    unsigned faces = hb_face_count(blob);
    if (faces == 0 || (unsigned)index >= faces) {
        diag_error(where, "%s: not a TrueType font, or it has no face %d", path, index);
        hb_blob_destroy(blob);
        fs->last_refusal = "refused: not a font, or no such face";
        return -1;
    }
    hb_face_t *face = hb_face_create(blob, (unsigned)index);
    hb_blob_t *glyf = hb_face_reference_table(face, HB_TAG('g', 'l', 'y', 'f'));
    bool has_glyf = hb_blob_get_length(glyf) > 0;
    hb_blob_destroy(glyf);
    if (!has_glyf) {
        diag_error(where, "%s: has no TrueType outlines (CFF?); libharu can embed only TrueType", path);
        hb_face_destroy(face);
        hb_blob_destroy(blob);
        fs->last_refusal = "refused: no TrueType outlines";
        return -1;
    }
    FontFile *f = &fs->files[fs->n_files];
    f->path = xstrdup(path);
    f->index = index;
    f->blob = blob;
    f->face = face;
    f->font = hb_font_create(face);
    hb_font_make_immutable(f->font);
    f->coverage = hb_set_create();
    hb_face_collect_unicodes(face, f->coverage);
    f->upem = hb_face_get_upem(face);
    unsigned int len = sizeof f->family;
    if (!hb_ot_name_get_utf8(face, HB_OT_NAME_ID_FONT_FAMILY, hb_language_from_string("en", -1), &len, f->family))
        f->family[0] = '\0';
    return (long)fs->n_files++;
}

/* A line's `stroke=0.035`: the role's glyphs are drawn filled and stroked
 * that many em wide, for the weight a real 小标宋 has (advances unchanged,
 * so the grid holds). 0 when not given. */
static double map_stroke(const char *line, SrcPos where)
{
    const char *s = strstr(line, "stroke=");
    if (!s) return 0;
    char *end;
    double x = strtod(s + 7, &end);
    if (end == s + 7 || x < 0 || x > 0.1) {
        diag_error(where, "stroke= takes a width in em from 0 to 0.1 (about 0.035 gives a 小标宋 its weight)");
        return 0;
    }
    return x;
}

/* A line's `bold=FILE`: the face bold text of this file is drawn in (a
 * real bold, where the font has one), instead of stroking the outline.
 * -1 when not given or not usable (said). */
static long map_bold(FontSet *fs, const char *line, const char *dir, SrcPos where)
{
    const char *s = strstr(line, "bold=");
    if (!s) return -1;
    char file[1024];
    if (sscanf(s + 5, "%1023s", file) != 1) {
        diag_error(where, "bold= takes the bold face's file");
        return -1;
    }
    char *path = file[0] == '/' ? xstrdup(file) : xasprintf("%s/%s", dir, file);
    long k = open_file(fs, path, 0, where);
    if (k == -2) diag_warning(where, "%s: not found; bold text of this font is stroked instead", path);
    if (k >= 0) fs->files[k].bold_face = true;
    free(path);
    return k >= 0 ? k : -1;
}

static void parse_map(FontSet *fs, const char *text, const char *map_name, const char *dir)
{
    int line_no = 0;
    const char *p = text;
    while (*p) {
        line_no++;
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        char *line = xstrndup(p, len);
        p += len + (eol ? 1 : 0);
        char *hash = strchr(line, '#');
        if (hash) *hash = '\0';
        char role_s[16], file[1024];
        int index = 0;
        int got = sscanf(line, "%15s %1023s %d", role_s, file, &index);
        SrcPos where = { map_name, line_no, 1 };
        if (got <= 0) { free(line); continue; }
        FontRole role;
        if (got < 2 || !font_role_parse(role_s, &role)) {
            diag_error(where, "expected `ROLE FILE [INDEX]` with ROLE one of xbs fs ht kt st");
            free(line);
            continue;
        }
        char *path = file[0] == '/' ? xstrdup(file) : xasprintf("%s/%s", dir, file);
        long k = open_file(fs, path, index, where);
        MapEntry *me = ARRAY_PUSH(fs->entries, fs->n_entries, fs->cap_entries);
        me->role = role;
        me->path = xstrdup(path);
        me->index = index;
        me->status = k >= 0 ? "ok" : fs->last_refusal;
        me->file = k >= 0 ? k : -1;
        double stroke = map_stroke(line, where);
        if (k >= 0 && fs->n_role_files[role] < MAX_FILES_PER_ROLE) {
            bool dup = false;
            for (size_t i = 0; i < fs->n_role_files[role]; i++) dup |= fs->role_files[role][i] == (size_t)k;
            if (!dup) {
                fs->role_bold[role][fs->n_role_files[role]] = (int16_t)map_bold(fs, line, dir, where);
                fs->role_stroke[role][fs->n_role_files[role]] = (float)stroke;
                fs->role_files[role][fs->n_role_files[role]++] = (size_t)k;
            }
        }
        free(path);
        free(line);
    }
}

FontSet *fontset_open_any(const char *dir)
{
    FontSet *fs = xcalloc(1, sizeof *fs);
    fs->cache_size = 0x10000 * (ROLE_COUNT * sizeof(int16_t) + MAX_FONT_FILES * sizeof(float));
    fs->cache = mmap(NULL, fs->cache_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (fs->cache == MAP_FAILED) out_of_memory();
    for (int r = 0; r < ROLE_COUNT; r++) fs->pick[r] = (int16_t *)fs->cache + (size_t)r * 0x10000;
    float *adv = (float *)((int16_t *)fs->cache + ROLE_COUNT * 0x10000);
    for (int k = 0; k < MAX_FONT_FILES; k++) fs->advance[k] = adv + (size_t)k * 0x10000;
    char *map_path = xasprintf("%s/fonts.map", dir);
    char *text;
    size_t len;
    if (read_file(map_path, 1 << 20, &text, &len) == 0) {
        parse_map(fs, text, map_path, dir);
        free(text);
    } else if (errno == ENOENT) {
        parse_map(fs, DEFAULT_MAP, "(built-in font map)", dir);
    } else {
        diag_error(file_pos(map_path), "cannot read: %s", file_strerror(errno));
    }
    free(map_path);
    return fs;
}

FontSet *fontset_open(const char *dir)
{
    FontSet *fs = fontset_open_any(dir);
    bool ok = true;
    for (int r = 0; r < ROLE_COUNT; r++)
        if (fs->n_role_files[r] == 0) {
            diag_error(file_pos(dir), "no usable font file for role %s (install fonts-arphic-uming, "
                                      "fonts-wqy-microhei and fonts-lxgw-wenkai, or drop a .ttf into %s/ and list it "
                                      "in fonts.map)", ROLE_NAMES[r], dir);
            ok = false;
        }
    if (!ok) {
        fontset_free(fs);
        return NULL;
    }
    return fs;
}

void fontset_release_pages(const FontSet *fs)
{
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0) return;
    for (size_t i = 0; i < fs->n_files; i++) {
        unsigned len = 0;
        const char *data = hb_blob_get_data(fs->files[i].blob, &len);
        /* HarfBuzz maps the file read-only: its pages come back from the
         * page cache when next read. Only whole pages inside the mapping. */
        uintptr_t a = ((uintptr_t)data + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
        uintptr_t e = ((uintptr_t)data + len) & ~((uintptr_t)page - 1);
        if (data && e > a) madvise((void *)a, e - a, MADV_DONTNEED);
    }
}

void fontset_free(FontSet *fs)
{
    if (!fs) return;
    for (size_t i = 0; i < fs->n_entries; i++) free(fs->entries[i].path);
    free(fs->entries);
    for (size_t i = 0; i < fs->n_files; i++) {
        FontFile *f = &fs->files[i];
        free(f->path);
        hb_set_destroy(f->coverage);
        hb_font_destroy(f->font);
        hb_face_destroy(f->face);
        hb_blob_destroy(f->blob);
    }
    munmap(fs->cache, fs->cache_size);
    free(fs);
}

size_t fontset_map_entries(const FontSet *fs) { return fs->n_entries; }

FontMapEntry fontset_map_entry(const FontSet *fs, size_t i)
{
    const MapEntry *e = &fs->entries[i];
    FontMapEntry out = { e->role, e->path, e->index, e->status, e->file };
    return out;
}

const char *fontset_family(const FontSet *fs, size_t file) { return fs->files[file].family; }
size_t fontset_glyph_count(const FontSet *fs, size_t file) { return hb_face_get_glyph_count(fs->files[file].face); }

size_t fontset_count(const FontSet *fs) { return fs->n_files; }
const char *fontset_path(const FontSet *fs, size_t file) { return fs->files[file].path; }
int fontset_index(const FontSet *fs, size_t file) { return fs->files[file].index; }

size_t fontset_role_files(const FontSet *fs, FontRole role, size_t *out, size_t max)
{
    size_t n = fs->n_role_files[role] < max ? fs->n_role_files[role] : max;
    memcpy(out, fs->role_files[role], n * sizeof *out);
    return n;
}

static long pick_uncached(const FontSet *fs, FontRole role, uint32_t cp);

long fontset_pick(const FontSet *fs, FontRole role, uint32_t cp)
{
    if (font_is_half(cp)) cp -= FONT_HALF;
    if (cp > 0xFFFF || role >= ROLE_COUNT) return -1;
    int16_t *c = &fs->pick[role][cp];
    if (!*c) {
        long f = pick_uncached(fs, role, cp);
        *c = (int16_t)(f < 0 ? -1 : f + 1);
    }
    return *c < 0 ? -1 : *c - 1;
}

static long pick_uncached(const FontSet *fs, FontRole role, uint32_t cp)
{
    for (size_t i = 0; i < fs->n_role_files[role]; i++) {
        size_t k = fs->role_files[role][i];
        if (hb_set_has(fs->files[k].coverage, cp)) return (long)k;
    }
    for (int r = 0; r < ROLE_COUNT; r++)
        for (size_t i = 0; i < fs->n_role_files[r]; i++) {
            size_t k = fs->role_files[r][i];
            if (hb_set_has(fs->files[k].coverage, cp)) return (long)k;
        }
    return -1;
}

double fontset_ascent(const FontSet *fs, size_t file)
{
    hb_font_extents_t e;
    if (!hb_font_get_h_extents(fs->files[file].font, &e)) return 0.88;
    return (double)e.ascender / fs->files[file].upem;
}

double fontset_descent(const FontSet *fs, size_t file)
{
    hb_font_extents_t e;
    if (!hb_font_get_h_extents(fs->files[file].font, &e)) return 0.12;
    return (double)-e.descender / fs->files[file].upem;
}

bool fontset_ink(const FontSet *fs, size_t file, uint32_t cp, double *left, double *right)
{
    const FontFile *f = &fs->files[file];
    hb_codepoint_t gid;
    hb_glyph_extents_t e;
    if (font_is_half(cp)) cp -= FONT_HALF;
    if (!hb_font_get_nominal_glyph(f->font, cp, &gid) || !hb_font_get_glyph_extents(f->font, gid, &e) || e.width <= 0)
        return false;
    *left = (double)e.x_bearing / f->upem;
    *right = (double)(e.x_bearing + e.width) / f->upem;
    return true;
}

bool fontset_ink_height(const FontSet *fs, size_t file, uint32_t cp, double *bottom, double *top)
{
    const FontFile *f = &fs->files[file];
    hb_codepoint_t gid;
    hb_glyph_extents_t e;
    if (!hb_font_get_nominal_glyph(f->font, cp, &gid) || !hb_font_get_glyph_extents(f->font, gid, &e) || e.height >= 0)
        return false;
    *top = (double)e.y_bearing / f->upem;
    *bottom = (double)(e.y_bearing + e.height) / f->upem;
    return true;
}

long fontset_bold(const FontSet *fs, FontRole role, size_t file, uint32_t cp)
{
    if (font_is_half(cp)) cp -= FONT_HALF;
    for (size_t i = 0; i < fs->n_role_files[role]; i++) {
        long b = fs->role_files[role][i] == file ? fs->role_bold[role][i] : -1;
        if (b >= 0) return hb_set_has(fs->files[b].coverage, cp) ? b : -1;
    }
    return -1;
}

bool fontset_is_bold_face(const FontSet *fs, size_t file) { return file < fs->n_files && fs->files[file].bold_face; }

double fontset_stroke(const FontSet *fs, FontRole role, size_t file)
{
    for (size_t i = 0; i < fs->n_role_files[role]; i++)
        if (fs->role_files[role][i] == file) return fs->role_stroke[role][i];
    return 0;   /* a fallback file of another role: drawn as it is */
}

double fontset_advance(const FontSet *fs, size_t file, uint32_t cp)
{
    const FontFile *f = &fs->files[file];
    double half = font_is_half(cp) ? 0.5 : 1;
    if (font_is_half(cp)) cp -= FONT_HALF;
    float *c = cp <= 0xFFFF ? &fs->advance[file][cp] : NULL;
    if (c && *c) return (*c - 1) * half;
    hb_codepoint_t gid;
    double adv = hb_font_get_nominal_glyph(f->font, cp, &gid)
                     ? (double)hb_font_get_glyph_h_advance(f->font, gid) / f->upem : 0.5;
    if (c) {
        *c = (float)(adv + 1);
        adv = *c - 1;   /* the same value whether cached or not */
    }
    return adv * half;
}

/* Big-endian writes into a buffer. */
static void put16(Buf *b, unsigned v)
{
    unsigned char x[2] = { (unsigned char)(v >> 8), (unsigned char)v };
    buf_append(b, x, 2);
}

typedef struct {
    uint32_t cp;
    unsigned gid;
} CpGid;

static int cmp_cp(const void *x, const void *y)
{
    uint32_t a = ((const CpGid *)x)->cp, b = ((const CpGid *)y)->cp;
    return (a > b) - (a < b);
}

/* A format-4 'cmap' (3,1) with few segments (one when code_base is set:
 * the codes are then code_base + i for cps[i]). libharu 2.3.0 maps code points
 * to glyphs by a linear scan over the segments, and does it for all 65,536
 * code points of the UTF-8 encoder when it writes each font: with one
 * segment per scattered Chinese character (what hb-subset makes) that scan
 * was a fifth of all the time jindu spent. Code points closer than GAP share
 * a segment, whose glyph-id array holds 0 for the gaps (zeros compress to
 * almost nothing in the PDF). */
#define CMAP_GAP 1024
static hb_blob_t *compact_cmap(hb_face_t *sub, const uint32_t *cps, size_t n, uint32_t code_base,
                               const unsigned *half_gid)
{
    hb_font_t *font = hb_font_create(sub);
    CpGid *map = xmalloc((n + 1) * sizeof *map);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        hb_codepoint_t g;
        /* a half-width glyph that could not be made draws its character whole
         * (never nothing) */
        uint32_t cp = font_is_half(cps[i]) ? cps[i] - FONT_HALF : cps[i];
        if (half_gid && half_gid[i]) g = half_gid[i];
        else if (cp > 0xFFFE || !hb_font_get_nominal_glyph(font, cp, &g)) continue;
        if (cps[i] > 0xFFFE && !code_base) continue;
        map[m].cp = code_base ? code_base + (uint32_t)i : cps[i];
        map[m].gid = g;
        m++;
    }
    hb_font_destroy(font);
    qsort(map, m, sizeof *map, cmp_cp);
    /* segments: [first, last] index ranges of map */
    size_t *seg_first = xmalloc((m + 2) * sizeof *seg_first), *seg_last = xmalloc((m + 2) * sizeof *seg_last);
    size_t segs, seg_count, sub_len;
    /* the subtable's length is 16 bits: narrow the gap until it fits */
    for (uint32_t gap = CMAP_GAP;; gap /= 2) {
        segs = 0;
        for (size_t i = 0; i < m; i++) {
            if (i > 0 && map[i].cp == map[i - 1].cp) continue;
            if (segs && map[i].cp - map[seg_last[segs - 1]].cp < gap) seg_last[segs - 1] = i;
            else { seg_first[segs] = seg_last[segs] = i; segs++; }
        }
        seg_count = segs + 1;   /* and the closing 0xFFFF segment */
        size_t array_len = 0;
        for (size_t s = 0; s < segs; s++) array_len += map[seg_last[s]].cp - map[seg_first[s]].cp + 1;
        sub_len = 16 + 8 * seg_count + 2 * array_len;
        if (sub_len <= 0xFFFF || gap <= 1) break;
    }
    Buf b = {0};
    /* header: version 0, one subtable (3,1) at offset 12 */
    put16(&b, 0); put16(&b, 1); put16(&b, 3); put16(&b, 1); put16(&b, 0); put16(&b, 12);
    unsigned search = 1, entry = 0;
    while (search * 2 <= seg_count) { search *= 2; entry++; }
    put16(&b, 4);
    put16(&b, (unsigned)sub_len);
    put16(&b, 0);
    put16(&b, (unsigned)(2 * seg_count));
    put16(&b, 2 * search);
    put16(&b, entry);
    put16(&b, (unsigned)(2 * seg_count - 2 * search));
    for (size_t s = 0; s < segs; s++) put16(&b, map[seg_last[s]].cp);
    put16(&b, 0xFFFF);
    put16(&b, 0);   /* reservedPad */
    for (size_t s = 0; s < segs; s++) put16(&b, map[seg_first[s]].cp);
    put16(&b, 0xFFFF);
    for (size_t s = 0; s < segs; s++) put16(&b, 0);   /* idDelta */
    put16(&b, 1);
    size_t at = 0;
    for (size_t s = 0; s < segs; s++) {
        /* from this idRangeOffset word to the segment's first array entry */
        put16(&b, (unsigned)(2 * (seg_count - s) + 2 * at));
        at += map[seg_last[s]].cp - map[seg_first[s]].cp + 1;
    }
    put16(&b, 0);
    for (size_t s = 0; s < segs; s++) {
        size_t k = seg_first[s];
        for (uint32_t c = map[seg_first[s]].cp; c <= map[seg_last[s]].cp; c++) {
            while (k <= seg_last[s] && map[k].cp < c) k++;
            put16(&b, k <= seg_last[s] && map[k].cp == c ? map[k].gid : 0);
        }
    }
    free(seg_first);
    free(seg_last);
    free(map);
    size_t len = b.len;
    char *data = buf_take(&b);
    return hb_blob_create(data, (unsigned)len, HB_MEMORY_MODE_WRITABLE, data, free);   /* free(data) when done */
}

static unsigned get16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static void set16(unsigned char *p, unsigned v) { p[0] = (unsigned char)(v >> 8); p[1] = (unsigned char)v; }
static void put32(Buf *b, uint32_t v)
{
    unsigned char x[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8), (unsigned char)v };
    buf_append(b, x, 4);
}

static hb_blob_t *blob_of(Buf *b)
{
    size_t len = b->len;
    char *data = buf_take(b);
    return hb_blob_create(data, (unsigned)len, HB_MEMORY_MODE_WRITABLE, data, free);
}

/* A table's bytes as a writable copy (NULL when shorter than min). */
static unsigned char *table_copy(hb_face_t *face, hb_tag_t tag, unsigned min, unsigned *len)
{
    hb_blob_t *t = hb_face_reference_table(face, tag);
    const char *d = hb_blob_get_data(t, len);
    unsigned char *copy = NULL;
    if (d && *len >= min) {
        copy = xmalloc(*len);
        memcpy(copy, d, *len);
    }
    hb_blob_destroy(t);
    return copy;
}

/* The tables add_half_glyphs makes anew. */
static const hb_tag_t HALF_TABLES[] = { HB_TAG('g', 'l', 'y', 'f'), HB_TAG('l', 'o', 'c', 'a'), HB_TAG('h', 'm', 't', 'x'),
                                        HB_TAG('m', 'a', 'x', 'p'), HB_TAG('h', 'h', 'e', 'a'), HB_TAG('h', 'e', 'a', 'd') };

static bool is_half_table(hb_tag_t tag)
{
    for (size_t t = 0; t < sizeof HALF_TABLES / sizeof *HALF_TABLES; t++)
        if (HALF_TABLES[t] == tag) return true;
    return false;
}

/* The half-width glyphs of push-in (FONT_HALF + cp in cps): each a
 * composite of cp's glyph with half its advance, appended after the
 * subset's glyphs. Adds glyf, loca (long offsets), hmtx, hhea, maxp and
 * head to builder and sets half_gid[i] for each; false (nothing added)
 * when the subset's tables are not as expected. */
/* The tables of a subset that half-width glyphs are added to: copies of
 * head, maxp and hhea (to be changed), views of hmtx, loca and glyf. */
typedef struct {
    unsigned head_len, maxp_len, hhea_len, hmtx_len, loca_len, glyf_len;
    unsigned char *head, *maxp, *hhea;
    hb_blob_t *hmtx_b, *loca_b, *glyf_b;
    const unsigned char *hmtx, *loca, *glyf;
    unsigned glyphs, metrics, long_loca;
} GlyfTables;

/* False when the font lacks a table or its tables disagree. */
static bool glyf_tables_open(hb_face_t *file, GlyfTables *t)
{
    t->head = table_copy(file, HB_TAG('h', 'e', 'a', 'd'), 54, &t->head_len);
    t->maxp = table_copy(file, HB_TAG('m', 'a', 'x', 'p'), 6, &t->maxp_len);
    t->hhea = table_copy(file, HB_TAG('h', 'h', 'e', 'a'), 36, &t->hhea_len);
    t->hmtx_b = hb_face_reference_table(file, HB_TAG('h', 'm', 't', 'x'));
    t->loca_b = hb_face_reference_table(file, HB_TAG('l', 'o', 'c', 'a'));
    t->glyf_b = hb_face_reference_table(file, HB_TAG('g', 'l', 'y', 'f'));
    t->hmtx = (const unsigned char *)hb_blob_get_data(t->hmtx_b, &t->hmtx_len);
    t->loca = (const unsigned char *)hb_blob_get_data(t->loca_b, &t->loca_len);
    t->glyf = (const unsigned char *)hb_blob_get_data(t->glyf_b, &t->glyf_len);
    if (!t->head || !t->maxp || !t->hhea || !t->hmtx || !t->loca || !t->glyf) return false;
    t->glyphs = get16(t->maxp + 4);
    t->metrics = get16(t->hhea + 34);
    t->long_loca = get16(t->head + 50);
    return t->glyphs && t->metrics && t->metrics <= t->glyphs &&
           t->hmtx_len >= t->metrics * 4 + (t->glyphs - t->metrics) * 2 &&
           t->loca_len >= (t->glyphs + 1) * (t->long_loca ? 4 : 2);
}

static void glyf_tables_close(GlyfTables *t)
{
    free(t->head);
    free(t->maxp);
    free(t->hhea);
    hb_blob_destroy(t->hmtx_b);
    hb_blob_destroy(t->loca_b);
    hb_blob_destroy(t->glyf_b);
}

static uint32_t loca_at(const GlyfTables *t, unsigned i)
{
    return t->long_loca ? (uint32_t)get16(t->loca + 4 * i) << 16 | get16(t->loca + 4 * i + 2)
                        : 2u * get16(t->loca + 2 * i);
}
static unsigned advance_at(const GlyfTables *t, unsigned i) { return get16(t->hmtx + 4 * (i < t->metrics ? i : t->metrics - 1)); }
static unsigned lsb_at(const GlyfTables *t, unsigned i)
{
    return i < t->metrics ? get16(t->hmtx + 4 * i + 2) : get16(t->hmtx + 4 * t->metrics + 2 * (i - t->metrics));
}

/* A composite glyph drawing base whole, with half its advance: glyf, loca
 * and hmtx entries. */
static void append_half_glyph(const GlyfTables *t, unsigned base, Buf *g, Buf *l, Buf *h)
{
    put32(l, (uint32_t)g->len);
    uint32_t at = loca_at(t, base), next = loca_at(t, base + 1);
    if (next >= at + 10 && next <= t->glyf_len) {
        put16(g, 0xFFFF);                       /* numberOfContours -1: a composite */
        buf_append(g, t->glyf + at + 2, 8);     /* the base glyph's bounding box */
        put16(g, 0x0002);                       /* ARGS_ARE_XY_VALUES, byte offsets */
        put16(g, base);
        put16(g, 0);                            /* offsets 0, 0 */
    }
    put16(h, (advance_at(t, base) + 1) / 2);
    put16(h, lsb_at(t, base));
}

/* maxp, hhea and head for total glyphs, some of them composites. */
static void update_counts(GlyfTables *t, unsigned total)
{
    unsigned char *maxp = t->maxp;
    set16(maxp + 4, total);
    if (t->maxp_len >= 32 && get16(maxp) == 1) {
        if (get16(maxp + 10) < get16(maxp + 6)) set16(maxp + 10, get16(maxp + 6));    /* maxCompositePoints */
        if (get16(maxp + 12) < get16(maxp + 8)) set16(maxp + 12, get16(maxp + 8));    /* maxCompositeContours */
        if (get16(maxp + 28) < 1) set16(maxp + 28, 1);                                 /* maxComponentElements */
        set16(maxp + 30, get16(maxp + 30) + 1);                                       /* maxComponentDepth */
    }
    set16(t->hhea + 34, total);
    set16(t->head + 50, 1);
}

static bool add_half_glyphs(hb_face_t *file, hb_face_t *builder, const uint32_t *cps, size_t n, unsigned *half_gid)
{
    GlyfTables t = { 0 };
    hb_font_t *font = hb_font_create(file);
    bool ok = false;
    Buf g = {0}, l = {0}, h = {0};
    if (!glyf_tables_open(file, &t)) goto done;
    uint32_t end = loca_at(&t, t.glyphs);
    if (end > t.glyf_len) goto done;
    buf_append(&g, t.glyf, end);
    while (g.len % 4) buf_putc(&g, 0);
    for (unsigned i = 0; i <= t.glyphs; i++) put32(&l, i < t.glyphs ? loca_at(&t, i) : (uint32_t)g.len);
    for (unsigned i = 0; i < t.glyphs; i++) { put16(&h, advance_at(&t, i)); put16(&h, lsb_at(&t, i)); }
    unsigned total = t.glyphs;
    l.len -= 4;   /* the end offset comes after the new glyphs */
    for (size_t i = 0; i < n; i++) {
        hb_codepoint_t base;
        if (!font_is_half(cps[i]) || !hb_font_get_nominal_glyph(font, cps[i] - FONT_HALF, &base) ||
            base >= t.glyphs || total >= 0xFFFF)
            continue;
        append_half_glyph(&t, base, &g, &l, &h);
        half_gid[i] = total++;
    }
    put32(&l, (uint32_t)g.len);
    if (total == t.glyphs) goto done;
    update_counts(&t, total);
    hb_blob_t *blobs[] = {   /* in the order of HALF_TABLES */
        blob_of(&g), blob_of(&l), blob_of(&h),
        hb_blob_create((const char *)t.maxp, t.maxp_len, HB_MEMORY_MODE_WRITABLE, t.maxp, free),
        hb_blob_create((const char *)t.hhea, t.hhea_len, HB_MEMORY_MODE_WRITABLE, t.hhea, free),
        hb_blob_create((const char *)t.head, t.head_len, HB_MEMORY_MODE_WRITABLE, t.head, free),
    };
    t.maxp = t.hhea = t.head = NULL;   /* the blobs own them */
    for (size_t k = 0; k < sizeof blobs / sizeof *blobs; k++) {
        hb_face_builder_add_table(builder, HALF_TABLES[k], blobs[k]);
        hb_blob_destroy(blobs[k]);
    }
    ok = true;
done:
    if (!ok) for (size_t i = 0; i < n; i++) half_gid[i] = 0;
    buf_free(&g);
    buf_free(&l);
    buf_free(&h);
    glyf_tables_close(&t);
    hb_font_destroy(font);
    return ok;
}

/* The subset as libharu needs it:
 * - a compact 'cmap' (above);
 * - a 'prep'. libharu writes an empty 'prep' as the last table of the
 *   embedded font and then seeks to its offset, the stream's end; when the
 *   font it wrote is a whole multiple of its 4096-byte buffers that seek
 *   fails (HPDF_INVALID_OBJECT) and the PDF cannot be written. A subset
 *   without hinting has no 'prep', so it gets a tiny one that does nothing
 *   (PUSHB[0] 0, POP): the last table is then never empty. */
static hb_face_t *for_libharu(hb_face_t *sub, const uint32_t *cps, size_t n, uint32_t code_base)
{
    /* the subset is a builder face, which cannot list its tables: read it
     * back as a font file first */
    hb_blob_t *bytes = hb_face_reference_blob(sub);
    hb_face_t *file = hb_face_create(bytes, 0);
    hb_blob_destroy(bytes);
    hb_face_t *b = hb_face_builder_create();
    hb_tag_t tags[64];
    unsigned count = 64;
    hb_face_get_table_tags(file, 0, &count, tags);
    unsigned *half_gid = xcalloc(n ? n : 1, sizeof *half_gid);
    bool halves = n && font_is_half(cps[n - 1]) && add_half_glyphs(file, b, cps, n, half_gid);
    bool has_prep = false;
    for (unsigned i = 0; i < count; i++) {
        if (tags[i] == HB_TAG('c', 'm', 'a', 'p')) continue;
        if (halves && is_half_table(tags[i])) continue;   /* add_half_glyphs made them */
        hb_blob_t *t = hb_face_reference_table(file, tags[i]);
        if (tags[i] == HB_TAG('p', 'r', 'e', 'p') && hb_blob_get_length(t) > 0) has_prep = true;
        hb_face_builder_add_table(b, tags[i], t);
        hb_blob_destroy(t);
    }
    hb_blob_t *cmap = compact_cmap(file, cps, n, code_base, halves ? half_gid : NULL);
    free(half_gid);
    hb_face_builder_add_table(b, HB_TAG('c', 'm', 'a', 'p'), cmap);
    hb_blob_destroy(cmap);
    if (!has_prep) {
        static const char NOOP[] = { (char)0xB0, 0x00, 0x21 };
        hb_blob_t *p = hb_blob_create(NOOP, sizeof NOOP, HB_MEMORY_MODE_READONLY, NULL, NULL);
        hb_face_builder_add_table(b, HB_TAG('p', 'r', 'e', 'p'), p);
        hb_blob_destroy(p);
    }
    hb_face_destroy(file);
    return b;
}

unsigned char *fontset_subset(const FontSet *fs, size_t file, const uint32_t *cps, size_t n, uint32_t code_base,
                              size_t *len)
{
    const FontFile *f = &fs->files[file];
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in) return NULL;
    hb_set_t *u = hb_subset_input_unicode_set(in);
    for (size_t i = 0; i < n; i++) hb_set_add(u, font_is_half(cps[i]) ? cps[i] - FONT_HALF : cps[i]);
    /* Hinting is useless in PDF viewers and large in CJK fonts. Legacy
     * name records keep the names libharu looks for. */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NAME_LEGACY);
    hb_face_t *sub = hb_subset_or_fail(f->face, in);
    hb_subset_input_destroy(in);
    if (!sub) return NULL;
    hb_face_t *whole = for_libharu(sub, cps, n, code_base);
    hb_face_destroy(sub);
    sub = whole;
    hb_blob_t *blob = hb_face_reference_blob(sub);
    unsigned blen = 0;
    const char *data = hb_blob_get_data(blob, &blen);
    unsigned char *out = NULL;
    if (data && blen) {
        out = xmalloc(blen);
        memcpy(out, data, blen);
        *len = blen;
    }
    hb_blob_destroy(blob);
    hb_face_destroy(sub);
    return out;
}
