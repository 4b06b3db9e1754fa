/* pdfjoin.c - see pdfjoin.h. */
#include "pdf/pdfjoin.h"
#include "base/utf8.h"
#include "base/util.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Objects 1 and 2 are the catalogue and the page tree; every part's
 * objects follow in the order they come. */
enum { CATALOG_OBJ = 1, PAGES_OBJ = 2, FIRST_FREE_OBJ = 3 };

/* A document's objects are numbered in an unsigned int; a part's at most
 * this many (libharu makes a few per page and per font). */
#define MAX_PART_OBJECTS 10000000u

struct PdfJoin {
    PdfWriteFn write;
    void *ctx;
    bool failed;
    uint64_t pos;               /* bytes written */
    uint64_t *offsets;          /* by object number; 0: not written yet */
    size_t cap_offsets;
    unsigned next_obj;
    unsigned *pages;            /* page objects, in order */
    size_t n_pages, cap_pages;
    bool header_done;
    unsigned n_parts;
    Buf out;                    /* written through in pieces of 64 KB */
};

PdfJoin *pdfjoin_new(PdfWriteFn write, void *ctx)
{
    PdfJoin *j = xcalloc(1, sizeof *j);
    j->write = write;
    j->ctx = ctx;
    j->next_obj = FIRST_FREE_OBJ;
    return j;
}

void pdfjoin_free(PdfJoin *j)
{
    if (!j) return;
    free(j->offsets);
    free(j->pages);
    buf_free(&j->out);
    free(j);
}


static void flush(PdfJoin *j)
{
    if (j->out.len && !j->failed && j->write(j->ctx, j->out.data, j->out.len) != 0) j->failed = true;
    j->pos += j->out.len;
    j->out.len = 0;
}

static void emit(PdfJoin *j, const void *data, size_t len)
{
    if (len >= 65536) {
        flush(j);
        if (!j->failed && j->write(j->ctx, data, len) != 0) j->failed = true;
        j->pos += len;
        return;
    }
    buf_append(&j->out, data, len);
    if (j->out.len >= 65536) flush(j);
}

static void emitf(PdfJoin *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void emitf(PdfJoin *j, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0) emit(j, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Start object num here. */
static void begin_object(PdfJoin *j, unsigned num)
{
    if (num >= j->cap_offsets) grow_array((void **)&j->offsets, &j->cap_offsets, (size_t)num + 1, sizeof *j->offsets);
    j->offsets[num] = j->pos + j->out.len;
    emitf(j, "%u 0 obj\n", num);
}

/* ---- reading what libharu wrote ------------------------------------------------ */

static bool is_space(unsigned char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0; }
static bool is_delim(unsigned char c) { return strchr("()<>[]{}/%", c) != NULL && c != 0; }
static bool is_regular(unsigned char c) { return !is_space(c) && !is_delim(c); }
static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* An unsigned integer at s[*i] (no sign); advances *i. */
static bool read_uint(const unsigned char *s, size_t len, size_t *i, unsigned long long *out)
{
    size_t k = *i;
    if (k >= len || !is_digit(s[k])) return false;
    unsigned long long v = 0;
    while (k < len && is_digit(s[k])) {
        if (v > 1000000000000ULL) return false;
        v = v * 10 + (unsigned)(s[k] - '0');
        k++;
    }
    *out = v;
    *i = k;
    return true;
}

static void skip_space(const unsigned char *s, size_t len, size_t *i)
{
    while (*i < len && is_space(s[*i])) (*i)++;
}

/* "N G R" at s[*i]: the object number in *num; advances past the R. */
static bool read_ref(const unsigned char *s, size_t len, size_t *i, unsigned long long *num)
{
    size_t k = *i;
    unsigned long long n, g;
    if (!read_uint(s, len, &k, &n)) return false;
    if (k >= len || !is_space(s[k])) return false;
    skip_space(s, len, &k);
    if (!read_uint(s, len, &k, &g)) return false;
    if (k >= len || !is_space(s[k])) return false;
    skip_space(s, len, &k);
    if (k >= len || s[k] != 'R' || (k + 1 < len && is_regular(s[k + 1]))) return false;
    *num = n;
    *i = k + 1;
    return true;
}

/* The reference after key (a name, e.g. "/Pages") in s[0..len). */
static bool find_ref(const unsigned char *s, size_t len, const char *key, unsigned long long *num)
{
    size_t kl = strlen(key);
    for (size_t i = 0; i + kl < len; i++) {
        if (memcmp(s + i, key, kl) != 0 || is_regular(s[i + kl])) continue;
        size_t k = i + kl;
        skip_space(s, len, &k);
        return read_ref(s, len, &k, num);
    }
    return false;
}

typedef struct {
    uint64_t off, end;     /* the object's bytes */
    bool used;
} XrefEntry;

typedef struct {
    const unsigned char *pdf;
    size_t len;
    XrefEntry *obj;
    size_t n_obj;
    size_t *order;         /* the objects in use, in the order they were written */
    size_t n_order;
    uint64_t xref_at;
    unsigned long long root, info;
    bool has_info;
} Part;

static int cmp_by_offset(const void *a, const void *b, void *ctx)
{
    const XrefEntry *o = ctx;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return o[x].off < o[y].off ? -1 : o[x].off > o[y].off;
}

/* The cross-reference table and trailer of a part. */
static const char *read_part(Part *p)
{
    const unsigned char *s = p->pdf;
    size_t len = p->len;
    /* startxref, near the end */
    size_t at = len > 1024 ? len - 1024 : 0, found = (size_t)-1;
    for (size_t i = at; i + 9 <= len; i++)
        if (memcmp(s + i, "startxref", 9) == 0) found = i + 9;
    if (found == (size_t)-1) return "a part has no startxref";
    skip_space(s, len, &found);
    unsigned long long xref;
    if (!read_uint(s, len, &found, &xref) || xref + 4 > len || memcmp(s + xref, "xref", 4) != 0)
        return "a part's startxref does not point at its xref table";
    p->xref_at = xref;
    size_t i = (size_t)xref + 4;
    for (;;) {
        skip_space(s, len, &i);
        if (i + 7 <= len && memcmp(s + i, "trailer", 7) == 0) break;
        unsigned long long first, count;
        if (!read_uint(s, len, &i, &first)) return "a part's xref table cannot be read";
        skip_space(s, len, &i);
        if (!read_uint(s, len, &i, &count)) return "a part's xref table cannot be read";
        if (first + count > MAX_PART_OBJECTS) return "a part has too many objects";
        if (first + count > p->n_obj) {
            p->obj = xrealloc(p->obj, (size_t)(first + count) * sizeof *p->obj);
            memset(p->obj + p->n_obj, 0, (size_t)(first + count - p->n_obj) * sizeof *p->obj);
            p->n_obj = (size_t)(first + count);
        }
        for (unsigned long long e = 0; e < count; e++) {
            unsigned long long off, gen;
            skip_space(s, len, &i);
            if (!read_uint(s, len, &i, &off)) return "a part's xref entry cannot be read";
            skip_space(s, len, &i);
            if (!read_uint(s, len, &i, &gen) || i + 1 >= len) return "a part's xref entry cannot be read";
            skip_space(s, len, &i);
            char kind = (char)s[i++];
            XrefEntry *x = &p->obj[first + e];
            x->used = kind == 'n' && first + e > 0;
            x->off = off;
            if (x->used && off >= xref) return "a part's object lies past its xref table";
        }
    }
    const unsigned char *trailer = s + i;
    size_t tlen = len - i;
    if (!find_ref(trailer, tlen, "/Root", &p->root) || p->root >= p->n_obj || !p->obj[p->root].used)
        return "a part's trailer has no /Root";
    p->has_info = find_ref(trailer, tlen, "/Info", &p->info) && p->info < p->n_obj;
    /* each object runs to the next one (or the xref table) */
    p->order = xmalloc((p->n_obj ? p->n_obj : 1) * sizeof *p->order);
    size_t n = 0;
    for (size_t k = 0; k < p->n_obj; k++)
        if (p->obj[k].used) p->order[n++] = k;
    qsort_r(p->order, n, sizeof *p->order, cmp_by_offset, p->obj);
    for (size_t k = 0; k < n; k++) p->obj[p->order[k]].end = k + 1 < n ? p->obj[p->order[k + 1]].off : xref;
    p->n_order = n;
    return NULL;
}

static const unsigned char *object_body(const Part *p, unsigned long long num, size_t *len)
{
    const XrefEntry *x = &p->obj[num];
    *len = (size_t)(x->end - x->off);
    return p->pdf + x->off;
}

/* Copy an object under its new number with every reference renumbered by
 * map (0: an object that must not be referred to). The dictionary is
 * tokenised so that nothing in a string is taken for a reference; stream
 * data is copied as it is. */
static const char *copy_object(PdfJoin *j, const Part *p, unsigned long long num, const unsigned *map)
{
    size_t len;
    const unsigned char *s = object_body(p, num, &len);
    size_t i = 0;
    unsigned long long n, g;
    skip_space(s, len, &i);
    if (!read_uint(s, len, &i, &n) || n != num) return "a part's xref entry does not point at its object";
    skip_space(s, len, &i);
    if (!read_uint(s, len, &i, &g)) return "a part's object header cannot be read";
    skip_space(s, len, &i);
    if (i + 3 > len || memcmp(s + i, "obj", 3) != 0) return "a part's object header cannot be read";
    i += 3;
    skip_space(s, len, &i);
    begin_object(j, map[num]);
    size_t copied = i;
    while (i < len) {
        unsigned char c = s[i];
        if (is_space(c) || c == '[' || c == ']' || c == '{' || c == '}') { i++; continue; }
        if (c == '<' && i + 1 < len && s[i + 1] == '<') { i += 2; continue; }
        if (c == '>' && i + 1 < len && s[i + 1] == '>') { i += 2; continue; }
        if (c == '<') {   /* hex string */
            while (i < len && s[i] != '>') i++;
            i++;
            continue;
        }
        if (c == '(') {   /* literal string: nested parentheses, backslash escapes */
            int depth = 0;
            for (; i < len; i++) {
                if (s[i] == '\\') { i++; continue; }
                if (s[i] == '(') depth++;
                else if (s[i] == ')' && --depth == 0) { i++; break; }
            }
            continue;
        }
        if (c == '%') {
            while (i < len && s[i] != '\n' && s[i] != '\r') i++;
            continue;
        }
        if (c == '/') {
            size_t start = ++i;
            while (i < len && is_regular(s[i])) i++;
            /* every part tags its font subsets HPDFAA+, HPDFAB+, …: the
             * same names for different subsets, which some readers would
             * take for one font. Each part gets its own four letters. */
            if (i - start > 7 && memcmp(s + start, "HPDF", 4) == 0 && s[start + 6] == '+' && j->n_parts > 0) {
                char tag[4];
                unsigned n = j->n_parts;
                for (int k = 3; k >= 0; k--, n /= 26) tag[k] = (char)('A' + n % 26);
                emit(j, s + copied, start - copied);
                emit(j, tag, 4);
                copied = start + 4;
            }
            continue;
        }
        size_t start = i;
        unsigned long long ref;
        if (read_ref(s, len, &i, &ref)) {
            if (ref >= p->n_obj || !p->obj[ref].used || !map[ref]) return "a part refers to an object it has not";
            emit(j, s + copied, start - copied);
            emitf(j, "%u 0 R", map[ref]);
            copied = i;
            continue;
        }
        while (i < len && is_regular(s[i])) i++;
        if (i - start == 6 && memcmp(s + start, "stream", 6) == 0) { i = len; break; }
        if (i == start) i++;   /* a stray delimiter: ")" or ">" */
    }
    emit(j, s + copied, len - copied);
    return NULL;
}

int pdfjoin_add(PdfJoin *j, const unsigned char *pdf, size_t len, const char **why)
{
    Part p = { .pdf = pdf, .len = len };
    unsigned *map = NULL;
    const char *err = read_part(&p);
    if (err) goto done;
    /* the page tree: catalogue -> /Pages -> /Kids */
    size_t blen;
    const unsigned char *body = object_body(&p, p.root, &blen);
    unsigned long long pages;
    if (!find_ref(body, blen, "/Pages", &pages) || pages >= p.n_obj || !p.obj[pages].used) {
        err = "a part's catalogue has no page tree";
        goto done;
    }
    map = xcalloc(p.n_obj, sizeof *map);
    for (size_t k = 1; k < p.n_obj; k++) {
        if (!p.obj[k].used || k == p.root || (p.has_info && k == p.info)) continue;
        if (k == pages) { map[k] = PAGES_OBJ; continue; }
        if (j->next_obj >= UINT32_MAX - 16) { err = "too many objects in one document"; goto done; }
        map[k] = j->next_obj++;
    }
    if (!j->header_done) {
        /* libharu's header: the version and a line of binary characters */
        emit(j, pdf, (size_t)(p.n_order ? p.obj[p.order[0]].off : p.xref_at));
        j->header_done = true;
    }
    /* in the order libharu wrote them */
    for (size_t k = 0; k < p.n_order && !err; k++)
        if (map[p.order[k]] && p.order[k] != pages) err = copy_object(j, &p, p.order[k], map);
    if (err) goto done;
    /* the part's pages, in order */
    body = object_body(&p, pages, &blen);
    const unsigned char *kids = NULL;
    for (size_t i = 0; i + 5 < blen && !kids; i++)
        if (memcmp(body + i, "/Kids", 5) == 0) kids = body + i + 5;
    if (!kids) { err = "a part's page tree has no /Kids"; goto done; }
    size_t i = 0, klen = blen - (size_t)(kids - body);
    skip_space(kids, klen, &i);
    if (i >= klen || kids[i] != '[') { err = "a part's /Kids is not an array"; goto done; }
    i++;
    for (;;) {
        skip_space(kids, klen, &i);
        if (i < klen && kids[i] == ']') break;
        unsigned long long ref;
        if (!read_ref(kids, klen, &i, &ref) || ref >= p.n_obj || !map[ref] || ref == pages) {
            err = "a part's /Kids cannot be read";
            goto done;
        }
        *(unsigned *)ARRAY_PUSH(j->pages, j->n_pages, j->cap_pages) = map[ref];
    }
    j->n_parts++;
    if (j->failed) err = "cannot write the PDF";
done:
    free(p.obj);
    free(p.order);
    free(map);
    if (err) *why = err;
    return err ? -1 : 0;
}

/* ---- the end: page tree, outlines, information, cross-references ------------- */

/* A text string as UTF-16BE in hex with its byte-order mark. */
static void emit_text(PdfJoin *j, const char *utf8)
{
    Buf b = {0};
    buf_puts(&b, "<FEFF");
    const unsigned char *s = (const unsigned char *)utf8;
    size_t left = strlen(utf8);
    while (left) {
        uint32_t cp;
        int l = utf8_decode(s, left, &cp);
        if (!l) { l = 1; cp = 0xFFFD; }
        if (cp > 0xFFFF) {
            cp -= 0x10000;
            buf_printf(&b, "%04X%04X", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
        } else {
            buf_printf(&b, "%04X", cp);
        }
        s += l;
        left -= (size_t)l;
    }
    buf_putc(&b, '>');
    emit(j, b.data, b.len);
    buf_free(&b);
}

/* A number the way PDF writes it: no exponent, no trailing zeros. */
static void emit_real(PdfJoin *j, double x)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.5f", x);
    char *e = tmp + strlen(tmp) - 1;
    while (*e == '0') *e-- = '\0';
    if (*e == '.') *e = '\0';
    if (strcmp(tmp, "-0") == 0) strcpy(tmp, "0");
    emit(j, tmp, strlen(tmp));
}

typedef struct {
    uint32_t parent, first, last, prev, next;   /* indices + 1; 0 for none (parent 0: the root) */
    int32_t count;
} OutlineLinks;

static void write_outlines(PdfJoin *j, const PdfOutline *m, size_t n, const char *const *titles, unsigned root)
{
    OutlineLinks *o = xcalloc(n, sizeof *o);
    uint32_t parents[9] = {0};   /* by level: the latest item, + 1 */
    uint32_t top_first = 0, top_last = 0;
    for (size_t i = 0; i < n; i++) {
        int level = m[i].level < 1 ? 1 : m[i].level > 8 ? 8 : m[i].level;
        uint32_t parent = 0;
        for (int l = level - 1; l >= 1 && !parent; l--) parent = parents[l];
        o[i].parent = parent;
        uint32_t *first = parent ? &o[parent - 1].first : &top_first, *last = parent ? &o[parent - 1].last : &top_last;
        if (*last) {
            o[*last - 1].next = (uint32_t)i + 1;
            o[i].prev = *last;
        } else {
            *first = (uint32_t)i + 1;
        }
        *last = (uint32_t)i + 1;
        parents[level] = (uint32_t)i + 1;
        for (int l = level + 1; l < 9; l++) parents[l] = 0;
    }
    /* visible descendants: items below an open one (level 1 is open) */
    for (size_t i = n; i-- > 0;) {
        long below = 0;
        for (uint32_t c = o[i].first; c; c = o[c - 1].next) below += 1 + (m[c - 1].level == 1 ? o[c - 1].count : 0);
        o[i].count = (int32_t)below;
    }
    long visible = 0;
    for (uint32_t c = top_first; c; c = o[c - 1].next) visible += 1 + (m[c - 1].level == 1 ? o[c - 1].count : 0);
    begin_object(j, root);
    emitf(j, "<<\n/Type /Outlines\n/First %u 0 R\n/Last %u 0 R\n/Count %ld\n>>\nendobj\n", root + (unsigned)top_first,
          root + (unsigned)top_last, visible);
    for (size_t i = 0; i < n; i++) {
        begin_object(j, root + 1 + (unsigned)i);
        emit(j, "<<\n/Title ", 10);
        emit_text(j, titles[m[i].title]);
        emitf(j, "\n/Parent %u 0 R\n", root + (unsigned)o[i].parent);
        if (o[i].prev) emitf(j, "/Prev %u 0 R\n", root + (unsigned)o[i].prev);
        if (o[i].next) emitf(j, "/Next %u 0 R\n", root + (unsigned)o[i].next);
        if (o[i].first) {
            emitf(j, "/First %u 0 R\n/Last %u 0 R\n", root + (unsigned)o[i].first, root + (unsigned)o[i].last);
            emitf(j, "/Count %ld\n", (long)(m[i].level == 1 ? o[i].count : -o[i].count));
        }
        size_t page = m[i].page < j->n_pages ? m[i].page : j->n_pages - 1;
        emitf(j, "/Dest [ %u 0 R /FitH ", j->pages[page]);
        emit_real(j, m[i].y);
        emit(j, " ]\n>>\nendobj\n", 13);
    }
    free(o);
}

int pdfjoin_finish(PdfJoin *j, const PdfInfo *info, const PdfOutline *marks, size_t n_marks,
                   const char *const *titles, const char **why)
{
    if (j->n_pages == 0) { *why = "a document without pages"; return -1; }
    begin_object(j, PAGES_OBJ);
    emit(j, "<<\n/Type /Pages\n/Kids [ ", 24);
    for (size_t i = 0; i < j->n_pages; i++) emitf(j, "%u 0 R%s", j->pages[i], i + 1 < j->n_pages ? " " : "");
    emitf(j, " ]\n/Count %zu\n>>\nendobj\n", j->n_pages);

    unsigned outlines = 0;
    if (n_marks) {
        outlines = j->next_obj;
        j->next_obj += 1 + (unsigned)n_marks;
        write_outlines(j, marks, n_marks, titles, outlines);
    }

    unsigned info_obj = j->next_obj++;
    begin_object(j, info_obj);
    emit(j, "<<\n", 3);
    const char *keys[] = { "Producer", "Creator", "Title", "Author", "Subject" };
    const char *vals[] = { info->producer, info->creator, info->title, info->author, info->subject };
    for (int k = 0; k < 5; k++) {
        if (!vals[k]) continue;
        emitf(j, "/%s ", keys[k]);
        emit_text(j, vals[k]);
        emit(j, "\n", 1);
    }
    if (info->date >= 0) {
        time_t t = (time_t)info->date;
        struct tm tm;
        if (gmtime_r(&t, &tm)) {
            char d[64];
            snprintf(d, sizeof d, "(D:%04d%02d%02d%02d%02d%02dZ)", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec);
            emitf(j, "/CreationDate %s\n/ModDate %s\n", d, d);
        }
    }
    emit(j, ">>\nendobj\n", 10);

    begin_object(j, CATALOG_OBJ);
    emitf(j, "<<\n/Type /Catalog\n/Pages %u 0 R\n", PAGES_OBJ);
    if (outlines) emitf(j, "/Outlines %u 0 R\n/PageMode /UseOutlines\n", outlines);
    emit(j, ">>\nendobj\n", 10);

    uint64_t xref = j->pos + j->out.len;
    emitf(j, "xref\n0 %u\n0000000000 65535 f\r\n", j->next_obj);
    for (unsigned k = 1; k < j->next_obj; k++) {
        if (k >= j->cap_offsets || !j->offsets[k]) { *why = "an object was never written"; return -1; }
        emitf(j, "%010llu 00000 n\r\n", (unsigned long long)j->offsets[k]);
    }
    emitf(j, "trailer\n<<\n/Root %u 0 R\n/Info %u 0 R\n/Size %u\n>>\nstartxref\n%llu\n%%%%EOF\n", CATALOG_OBJ, info_obj,
          j->next_obj, (unsigned long long)xref);
    flush(j);
    if (j->failed) { *why = "cannot write the PDF"; return -1; }
    return 0;
}
