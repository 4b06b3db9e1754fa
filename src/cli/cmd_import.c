/* cmd_import.c - `jindu import POLICY.txt [-o tasks.json]`: the plan's
 * text to data-format.md's plan and tasks, with a report to stderr of what
 * was found, so nobody types the ledger by hand. */
#include "cli/build.h"
#include "cli/plan_import.h"
#include "base/date.h"
#include "base/diag.h"
#include "import/importer.h"
#include "base/outfile.h"
#include "base/utf8.h"
#include "base/util.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_POLICY (16u << 20)


static void date_string(int d, char out[16])
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    snprintf(out, 16, "%04d-%02d-%02d", y, m, dd);
}

static cJSON *string_array(char **items, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) cJSON_AddItemToArray(a, cJSON_CreateString(items[i]));
    return a;
}

cJSON *ledger_tree(const ImportResult *r, int start, int end)
{
    char d[16];
    cJSON *root = cJSON_CreateObject();
    cJSON *plan = cJSON_AddObjectToObject(root, "plan");
    cJSON_AddStringToObject(plan, "title", r->title ? r->title : "（请填写方案名称）");
    if (r->doc_no) cJSON_AddStringToObject(plan, "doc_no", r->doc_no);
    if (r->issued_by) cJSON_AddStringToObject(plan, "issued_by", r->issued_by);
    if (r->issued_on != DATE_NONE) { date_string(r->issued_on, d); cJSON_AddStringToObject(plan, "issued_on", d); }
    date_string(start, d);
    cJSON_AddStringToObject(plan, "start", d);
    date_string(end, d);
    cJSON_AddStringToObject(plan, "end", d);
    cJSON *tasks = cJSON_AddArrayToObject(root, "tasks");
    for (size_t i = 0; i < r->n_tasks; i++) {
        const ImportTask *t = &r->tasks[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", t->id);
        cJSON_AddStringToObject(o, "no", t->no);
        if (t->section) cJSON_AddStringToObject(o, "section", t->section);
        cJSON_AddStringToObject(o, "title", t->title);
        cJSON_AddStringToObject(o, "text", t->text);
        cJSON_AddItemToObject(o, "lead", string_array(t->lead, t->n_lead));
        cJSON_AddItemToObject(o, "responsible", string_array(t->responsible, t->n_responsible));
        if (t->due != DATE_NONE && t->due >= start) { date_string(t->due, d); cJSON_AddStringToObject(o, "due", d); }
        if (t->n_indicators) {
            cJSON *c = cJSON_AddArrayToObject(o, "indicator_candidates");
            for (size_t k = 0; k < t->n_indicators; k++) {
                const ImportIndicator *x = &t->indicators[k];
                cJSON *io = cJSON_CreateObject();
                cJSON_AddStringToObject(io, "id", "");
                cJSON_AddStringToObject(io, "name", x->name);
                cJSON_AddStringToObject(io, "unit", x->unit);
                cJSON_AddNumberToObject(io, "target", x->target);
                if (x->lower_better) cJSON_AddStringToObject(io, "better", "lower");
                if (x->due != DATE_NONE && x->due >= start) { date_string(x->due, d); cJSON_AddStringToObject(io, "due", d); }
                char *id = xasprintf("%s.%zu", t->id, k + 1);
                cJSON_ReplaceItemInObject(io, "id", cJSON_CreateString(id));
                free(id);
                cJSON_AddItemToArray(c, io);
            }
        }
        cJSON_AddItemToArray(tasks, o);
    }
    return root;
}

char *json_text(cJSON *root)
{
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text) { fprintf(stderr, "jindu: out of memory\n"); exit(3); }
    char *out = xasprintf("%s\n", text);
    cJSON_free(text);
    return out;
}

/* The plan's text as UTF-8 (GB18030 converted, stray NULs from
 * converters made spaces), or NULL with the exit status in *rc. */
static char *read_plan_text(const char *input, bool quiet, size_t *len, int *rc)
{
    char *raw;
    size_t rl;
    if (read_file(input, MAX_POLICY, &raw, &rl) != 0) {
        diag_error(file_pos(input), "cannot read: %s",
                   errno == EFBIG ? "larger than the limit of 16 MB for a plan's text" : strerror(errno));
        *rc = EXIT_IO;
        return NULL;
    }
    bool from_gb;
    char *text = text_as_utf8(raw, rl, len, &from_gb);
    if (!text) {
        diag_error(file_pos(input), "neither UTF-8 nor GB18030 (the first bad byte is at offset %zu)",
                   utf8_invalid_at(raw, rl));
        free(raw);
        *rc = EXIT_DATA;
        return NULL;
    }
    free(raw);
    if (from_gb && !quiet) fprintf(stderr, "jindu import: %s read as GB18030\n", input);
    for (size_t i = 0; i < *len; i++)
        if (text[i] == '\0') text[i] = ' ';
    return text;
}

/* The plan runs from its issue to the latest year a task names. */
static void plan_dates(const ImportResult *r, const char *input, int *start_out, int *end_out)
{
    int start = r->issued_on, end = DATE_NONE;
    if (start == DATE_NONE && r->doc_no) {
        const char *y = strstr(r->doc_no, "〔");
        if (y) start = date_from_ymd(atoi(y + 3), 1, 1);
    }
    for (size_t i = 0; i < r->n_tasks; i++)
        if (r->tasks[i].due != DATE_NONE && (end == DATE_NONE || r->tasks[i].due > end)) end = r->tasks[i].due;
    if (start == DATE_NONE) {
        int y, m, d;
        date_to_ymd(end != DATE_NONE ? end : date_from_ymd(2025, 12, 31), &y, &m, &d);
        start = date_from_ymd(y, 1, 1);
        diag_warning(file_pos(input), "no issue date found: plan.start set to %d-01-01, check it", y);
    }
    if (end == DATE_NONE || end < start) {
        int y, m, d;
        date_to_ymd(start, &y, &m, &d);
        end = date_from_ymd(y, 12, 31);
    }
    *start_out = start;
    *end_out = end;
}

/* How many tasks each section gave. */
static void review_sections(const ImportResult *r)
{
    const char *sec = (const char *)-1;
    size_t count = 0, first = 0;
    for (size_t i = 0; i <= r->n_tasks; i++) {
        const char *s = i < r->n_tasks ? r->tasks[i].section : NULL;
        bool same = i < r->n_tasks && sec != (const char *)-1 && ((!s && !sec) || (s && sec && strcmp(s, sec) == 0));
        if (i < r->n_tasks && same) { count++; continue; }
        if (sec != (const char *)-1)
            fprintf(stderr, "  %-3zu tasks (%s–%s) %s\n", count, r->tasks[first].no, r->tasks[i - 1].no,
                    sec ? sec : "(no section)");
        if (i == r->n_tasks) break;
        sec = s;
        count = 1;
        first = i;
    }
}

/* What was found, for the user to review. */
static void review(const ImportResult *r, const char *input)
{
    fprintf(stderr, "jindu import: %s: %zu tasks", input, r->n_tasks);
    if (r->title) fprintf(stderr, " of 《%s》", r->title);
    if (r->doc_no) fprintf(stderr, " (%s)", r->doc_no);
    fputc('\n', stderr);
    for (size_t k = 0; k < r->n_key_parts; k++) fprintf(stderr, "  part read: %s\n", r->key_parts[k]);
    review_sections(r);
    size_t no_units = 0, candidates = 0;
    for (size_t i = 0; i < r->n_tasks; i++) {
        no_units += r->tasks[i].n_lead + r->tasks[i].n_responsible == 0;
        candidates += r->tasks[i].n_indicators;
    }
    if (no_units) {
        fprintf(stderr, "  %zu tasks name no units:", no_units);
        for (size_t i = 0; i < r->n_tasks; i++)
            if (r->tasks[i].n_lead + r->tasks[i].n_responsible == 0) fprintf(stderr, " %s", r->tasks[i].no);
        fputc('\n', stderr);
    }
    if (candidates)
        fprintf(stderr, "  %zu numeric targets found: review each task's \"indicator_candidates\" and move the "
                        "right ones to \"indicators\"\n", candidates);
}

ImportResult *import_file(const char *input, bool quiet, int *start, int *end, int *rc)
{
    size_t len;
    *rc = EXIT_OK;
    char *text = read_plan_text(input, quiet, &len, rc);
    if (!text) return NULL;
    ImportResult *r = import_plan(text, len);
    free(text);
    if (r->n_tasks == 0) {
        diag_error(file_pos(input), "no numbered tasks found in a key-task part (a heading such as 二、重点任务 or "
                                    "三、主要任务 followed by 1．… items)");
        import_free(r);
        *rc = EXIT_DATA;
        return NULL;
    }
    if (!r->title) diag_warning(file_pos(input), "the plan's title was not found: fill in plan.title");
    plan_dates(r, input, start, end);
    if (!quiet) review(r, input);
    for (size_t i = 0; i < r->n_skipped; i++)
        diag_warning(file_pos(input), "left out, though it looks like a task (numbered out of sequence): %.90s",
                     r->skipped[i]);
    return r;
}

int import_run(const char *input, const char *output, bool quiet)
{
    int rc, start, end;
    ImportResult *r = import_file(input, quiet, &start, &end, &rc);
    if (!r) return rc;
    char *json = json_text(ledger_tree(r, start, end));
    if (!output) fputs(json, stdout);
    else if (write_file_atomic(output, json, strlen(json)) != 0) {
        diag_error(file_pos(output), "cannot write: %s", strerror(errno));
        rc = EXIT_IO;
    }
    free(json);
    import_free(r);
    return rc;
}
