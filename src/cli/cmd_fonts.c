/* cmd_fonts.c - `jindu fonts`: which file each font role resolves to, and
 * which characters of the data no font can draw.
 *
 * Offices install their licensed fonts by dropping files into fonts/; this
 * command is how they see whether that worked before a quarterly run. */
#include "cli/build.h"
#include "base/i18n.h"
#include "base/diag.h"
#include "pdf/font.h"
#include "data/model.h"
#include "base/utf8.h"
#include "base/util.h"

#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

static const char *const ROLE_LABELS[ROLE_COUNT] = { "小标宋", "仿宋", "黑体", "楷体", "宋体" };

typedef struct {
    const FontSet *fs;
    uint32_t *seen;        /* code points already reported or covered */
    size_t n_seen, cap_seen;
    int missing;
    size_t distinct;
} Scan;

static bool seen_before(Scan *s, uint32_t cp)
{
    for (size_t i = 0; i < s->n_seen; i++)
        if (s->seen[i] == cp) return true;
    *(uint32_t *)ARRAY_PUSH(s->seen, s->n_seen, s->cap_seen) = cp;
    return false;
}

/* Report each character of text that no font has, once, with where it was
 * first seen. */
static void scan(Scan *s, const char *text, const char *where, size_t index)
{
    if (!text) return;
    const unsigned char *p = (const unsigned char *)text;
    size_t n = strlen(text);
    while (n) {
        uint32_t cp;
        int l = utf8_decode(p, n, &cp);
        if (!l) { l = 1; cp = 0xFFFD; }
        if (cp >= 0x20 && !seen_before(s, cp)) {
            s->distinct++;
            if (fontset_pick(s->fs, ROLE_FS, cp) < 0) {
                char label[96];
                if (index == (size_t)-1) snprintf(label, sizeof label, "%s", where);
                else snprintf(label, sizeof label, where, index);
                if (cp > 0xFFFF)
                    printf(_("  U+%04X '%.*s' (first in %s): outside the Basic Multilingual Plane, which libharu cannot "
                           "embed\n"), cp, l, (const char *)p, label);
                else
                    printf(_("  U+%04X '%.*s' (first in %s): no font has it\n"), cp, l, (const char *)p, label);
                s->missing++;
            }
        }
        p += l;
        n -= (size_t)l;
    }
}

static void scan_data(Scan *s, const Data *d)
{
    const Issuer *is = &d->issuer;
    const char *issuer_fields[] = { is->name, is->short_name, is->doc_code, is->header, is->print_office,
                                    is->contact_person, is->contact_phone };
    for (size_t i = 0; i < sizeof issuer_fields / sizeof *issuer_fields; i++) scan(s, issuer_fields[i], "issuer", -1);
    for (size_t i = 0; i < is->n_cc; i++) scan(s, is->cc[i], "issuer.cc[%zu]", i);
    const char *plan_fields[] = { d->plan.title, d->plan.short_title, d->plan.doc_no, d->plan.issued_by };
    for (size_t i = 0; i < 4; i++) scan(s, plan_fields[i], "plan", -1);
    for (size_t k = 0; k < d->n_institutions; k++) {
        const Institution *in = &d->institutions[k];
        const char *fields[] = { in->name, in->short_name, in->type, in->head };
        for (size_t i = 0; i < 4; i++) scan(s, fields[i], "institutions[%zu]", k);
    }
    for (size_t t = 0; t < d->n_tasks; t++) {
        const Task *tk = &d->tasks[t];
        const char *fields[] = { tk->no, tk->section, tk->title, tk->text };
        for (size_t i = 0; i < 4; i++) scan(s, fields[i], "tasks[%zu]", t);
        for (size_t i = 0; i < tk->n_lead; i++) scan(s, tk->lead[i], "tasks[%zu].lead", t);
        for (size_t i = 0; i < tk->n_responsible; i++) scan(s, tk->responsible[i], "tasks[%zu].responsible", t);
    }
    for (size_t i = 0; i < d->n_indicators; i++) {
        scan(s, d->indicators[i].name, "indicator %zu", i);
        scan(s, d->indicators[i].unit, "indicator %zu", i);
    }
    for (size_t e = 0; e < d->n_progress; e++) {
        const Progress *p = &d->progress[e];
        if (!p->text) continue;   /* only the reporting period's words are kept, and printed */
        scan(s, p->text->summary, "progress entry %zu", e);
        scan(s, p->text->problems, "progress entry %zu", e);
        scan(s, p->text->next_steps, "progress entry %zu", e);
    }
    for (size_t g = 0; g < d->rules.n_grades; g++) scan(s, d->rules.grades[g].label, "rules.scoring.grades", -1);
}

/* The wording of every template (*.tpl below dir) is printed too. */
static void scan_templates(Scan *s, const char *dir, int depth)
{
    DIR *dh = depth < 4 ? opendir(dir) : NULL;
    if (!dh) return;
    char **names = NULL;
    size_t n = 0, cap = 0;
    for (struct dirent *e; (e = readdir(dh));)
        if (e->d_name[0] != '.') *ARRAY_PUSH(names, n, cap) = xstrdup(e->d_name);
    closedir(dh);
    qsort(names, n, sizeof *names, (int (*)(const void *, const void *))strcmp);   /* a stable report */
    for (size_t i = 0; i < n; i++) {
        char *path = xasprintf("%s/%s", dir, names[i]);
        size_t len = strlen(names[i]);
        char *text;
        size_t tl;
        if (len > 4 && strcmp(names[i] + len - 4, ".tpl") == 0) {
            if (read_file(path, 4u << 20, &text, &tl) == 0) {
                scan(s, text, path, (size_t)-1);
                free(text);
            }
        } else {
            scan_templates(s, path, depth + 1);
        }
        free(path);
        free(names[i]);
    }
    free(names);
}

int fonts_run(const BuildOptions *o, bool with_data)
{
    FontSet *fs = fontset_open_any(o->fonts);
    int rc = fonts_dir_ok(o) ? EXIT_OK : EXIT_IO;
    struct stat st;
    bool here = stat(o->fonts, &st) == 0 && S_ISDIR(st.st_mode);
    printf(_("fonts: %s/%s\n"), o->fonts, here ? "" : _(" (missing: the free fonts only)"));
    for (int r = 0; r < ROLE_COUNT; r++) {
        size_t files[16];
        size_t n = fontset_role_files(fs, (FontRole)r, files, 16);
        printf("%-3s %s: ", font_role_name((FontRole)r), ROLE_LABELS[r]);
        if (n == 0) {
            printf(_("NO USABLE FILE\n"));
            rc = EXIT_IO;
        } else {
            printf(_("%s (%s:%d, %zu glyphs)\n"), fontset_family(fs, files[0]), fontset_path(fs, files[0]),
                   fontset_index(fs, files[0]), fontset_glyph_count(fs, files[0]));
            long bold = fontset_bold(fs, (FontRole)r, files[0], 0x4E00);   /* 一: any face has it */
            if (bold >= 0) printf(_("        bold: %s\n"), fontset_path(fs, (size_t)bold));
            else printf(_("        bold: stroked\n"));
            for (size_t i = 1; i < n; i++)
                printf(_("        then %s (%s:%d)\n"), fontset_family(fs, files[i]), fontset_path(fs, files[i]),
                       fontset_index(fs, files[i]));
        }
        /* files tried and not used: "not found" ones on one line (the usual
         * licensed names, absent until an office drops them in) */
        bool any = false;
        for (size_t i = 0; i < fontset_map_entries(fs); i++) {
            FontMapEntry e = fontset_map_entry(fs, i);
            if (e.role != (FontRole)r || e.file >= 0) continue;
            if (strcmp(e.status, "not found") != 0) printf("        %s: %s\n", e.status, e.path);
            else { printf("%s%s", any ? ", " : "        not found: ", e.path); any = true; }
        }
        if (any) putchar('\n');
    }
    if (with_data && rc == EXIT_OK) {
        Data *d = data_load(o->data);
        if (!d) {
            rc = EXIT_DATA;
        } else {
            Scan s = { fs, NULL, 0, 0, 0, 0 };
            printf(_("data %s:\n"), o->data);
            scan_data(&s, d);
            scan_templates(&s, o->templates, 0);
            printf(_("  %zu distinct characters (data and %s/), %d without a font\n"), s.distinct, o->templates,
                   s.missing);
            if (s.missing) rc = EXIT_DATA;
            free(s.seen);
            data_free(d);
        }
    }
    fontset_free(fs);
    return rc;
}
