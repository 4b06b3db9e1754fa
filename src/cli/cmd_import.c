/* cmd_import.c - `jindu import POLICY.txt [-o tasks.json]`: the plan's
 * text to data-format.md's plan and tasks, with a report to stderr of what
 * was found, so nobody types the ledger by hand. */
#include "cli/build.h"
#include "base/i18n.h"
#include "cli/plan_import.h"
#include "base/date.h"
#include "base/diag.h"
#include "import/importer.h"
#include "import/plandoc.h"
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

/* What the plan did not state, for a person to confirm. */
static cJSON *ledger_notes(const ImportResult *r, const PlanDates *dates)
{
    cJSON *notes = cJSON_CreateArray();
    char d[16];
    date_string(dates->end, d);
    if (!r->title) cJSON_AddItemToArray(notes, cJSON_CreateString("待填写：方案名称 plan.title 没有找到，请按方案填写"));
    if (!r->doc_no)
        cJSON_AddItemToArray(notes, cJSON_CreateString("待确认：方案的文号 plan.doc_no 在方案中没有找到（方案引用的其他文件的"
                                                       "文号不算）；方案有文号的请填上，没有的删去这一条"));
    char *s = NULL;
    if (dates->end_how == END_FROM_TASKS)
        s = xasprintf("待确认：方案没有写明有效期或实施期限，结束日期 plan.end 暂取任务中最晚的完成时限 %s，请按方案核对", d);
    else if (dates->end_how == END_GUESSED)
        s = xasprintf("待确认：方案没有写明有效期，任务也没有写完成时限，结束日期 plan.end 暂定为 %s，请按方案填写", d);
    if (s) cJSON_AddItemToArray(notes, cJSON_CreateString(s));
    free(s);
    if (dates->start_guessed) {
        date_string(dates->start, d);
        s = xasprintf("待确认：没有找到方案的印发日期，开始日期 plan.start 暂定为 %s，请按方案填写", d);
        cJSON_AddItemToArray(notes, cJSON_CreateString(s));
        free(s);
    }
    return notes;
}

cJSON *ledger_tree(const ImportResult *r, const PlanDates *dates)
{
    int start = dates->start, end = dates->end;
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
                if (x->name_cut) cJSON_AddStringToObject(io, "review", "名称可能不完整，请按原文补全");
                if (x->due != DATE_NONE && x->due >= start) { date_string(x->due, d); cJSON_AddStringToObject(io, "due", d); }
                char *id = xasprintf("%s.%zu", t->id, k + 1);
                cJSON_ReplaceItemInObject(io, "id", cJSON_CreateString(id));
                free(id);
                cJSON_AddItemToArray(c, io);
            }
        }
        cJSON_AddItemToArray(tasks, o);
    }
    cJSON *notes = ledger_notes(r, dates);
    if (cJSON_GetArraySize(notes)) cJSON_AddItemToObject(root, "notes", notes);
    else cJSON_Delete(notes);
    return root;
}

char *json_text(cJSON *root)
{
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text) out_of_memory();
    char *out = xasprintf("%s\n", text);
    cJSON_free(text);
    return out;
}

/* The plan read from its file, whatever its format, or NULL with the exit
 * status in *rc (reported). */
static ImportResult *read_plan(const char *input, bool quiet, int *rc)
{
    char *raw;
    size_t rl;
    if (read_file(input, MAX_POLICY, &raw, &rl) != 0) {
        diag_error(file_pos(input), "cannot read: %s",
                   errno == EFBIG ? "larger than the limit of 16 MB for a plan" : file_strerror(errno));
        *rc = EXIT_IO;
        return NULL;
    }
    PlanDoc doc;
    memset(&doc, 0, sizeof doc);
    char err[300] = "";
    bool ok = plandoc_read(&doc, raw, rl, err, sizeof err);
    free(raw);
    if (!ok) {
        diag_error(file_pos(input), "%s", err);
        plandoc_free(&doc);
        *rc = EXIT_DATA;
        return NULL;
    }
    if (doc.from_gb18030 && !quiet) fprintf(stderr, _("jindu import: %s read as GB18030\n"), input);
    ImportResult *r = import_plan(&doc);
    plandoc_free(&doc);
    return r;
}

/* The plan runs from its issue to the end it states (有效期至…, 实施期限,
 * the years in its title), else to the latest deadline a task names, else
 * (guessed) to the end of the year it starts. */
static void plan_dates(const ImportResult *r, const char *input, PlanDates *out)
{
    int start = r->issued_on, end = r->valid_until;
    out->end_how = END_STATED;
    out->start_guessed = false;
    if (start == DATE_NONE && r->doc_no) {
        const char *y = strstr(r->doc_no, "〔");
        if (y) start = date_from_ymd(atoi(y + 3), 1, 1);
    }
    if (end == DATE_NONE) {
        out->end_how = END_FROM_TASKS;
        for (size_t i = 0; i < r->n_tasks; i++)
            if (r->tasks[i].due != DATE_NONE && (end == DATE_NONE || r->tasks[i].due > end)) end = r->tasks[i].due;
    }
    if (start == DATE_NONE) {
        int y, m, d;
        date_to_ymd(end != DATE_NONE ? end : date_from_ymd(2025, 12, 31), &y, &m, &d);
        start = date_from_ymd(y, 1, 1);
        out->start_guessed = true;
        diag_warning(file_pos(input), "no issue date found: plan.start set to %d-01-01, check it", y);
    }
    if (end == DATE_NONE || end < start) {
        int y, m, d;
        date_to_ymd(start, &y, &m, &d);
        end = date_from_ymd(y, 12, 31);
        out->end_how = END_GUESSED;
    }
    out->start = start;
    out->end = end;
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
            fprintf(stderr, _("  %-3zu tasks (%s–%s) %s\n"), count, r->tasks[first].no, r->tasks[i - 1].no,
                    sec ? sec : "(no section)");
        if (i == r->n_tasks) break;
        sec = s;
        count = 1;
        first = i;
    }
}

static const char *layout_name(const ImportResult *r)
{
    switch (r->layout) {
    case LAYOUT_INLINE: return "numbered tasks, title and text in one paragraph (1．标题。正文…)";
    case LAYOUT_HEADINGS: return "numbered heading lines, the text in the paragraphs below";
    case LAYOUT_GROUPS: return "the （一） headings of the key part are the tasks";
    case LAYOUT_TABLE: return "a task table";
    }
    return "";
}

/* Task numbers where pick() holds, after a label; nothing when none. */
static void list_tasks(const ImportResult *r, const char *label, bool (*pick)(const ImportTask *))
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_tasks; i++) n += pick(&r->tasks[i]);
    if (!n) return;
    fprintf(stderr, "  %zu %s:", n, label);
    for (size_t i = 0; i < r->n_tasks; i++)
        if (pick(&r->tasks[i])) fprintf(stderr, " %s", r->tasks[i].id);
    fputc('\n', stderr);
}

static bool no_units(const ImportTask *t) { return t->n_lead + t->n_responsible == 0; }
static bool no_due(const ImportTask *t) { return t->due == DATE_NONE && !t->due_ongoing; }
static bool ongoing(const ImportTask *t) { return t->due_ongoing; }

/* What was found, for the user to review. */
static void review(const ImportResult *r, const char *input, const PlanDates *dates)
{
    fprintf(stderr, _("jindu import: %s: %zu tasks"), input, r->n_tasks);
    if (r->title) fprintf(stderr, _(" of 《%s》"), r->title);
    fprintf(stderr, " (%s)\n", r->doc_no ? r->doc_no : "文号未找到，待确认 / no document number of its own");
    char s[16], e[16];
    date_string(dates->start, s);
    date_string(dates->end, e);
    fprintf(stderr, _("  runs: %s – %s (%s)\n"), s, e,
            dates->end_how == END_STATED ? r->valid_from
            : dates->end_how == END_FROM_TASKS ? "the plan states no end: the latest deadline of a task, 待确认"
                                               : "the plan states no end and no task a deadline: guessed, 待确认");
    fprintf(stderr, _("  layout: %s"), layout_name(r));
    if (r->layout == LAYOUT_TABLE)
        fprintf(stderr, _(" (header at %s; the body's %zu numbered items are the table's, not tasks of their own)"),
                r->table_where, r->body_tasks);
    fputc('\n', stderr);
    for (size_t k = 0; k < r->n_key_parts; k++) fprintf(stderr, _("  part read: %s\n"), r->key_parts[k]);
    review_sections(r);
    size_t candidates = 0;
    for (size_t i = 0; i < r->n_tasks; i++) candidates += r->tasks[i].n_indicators;
    list_tasks(r, "tasks name no units (fill in lead and responsible)", no_units);
    list_tasks(r, "tasks name no deadline and are due at the plan's end (plan.end)", no_due);
    list_tasks(r, "tasks are ongoing (长期坚持, 持续推进 …) and are due at the plan's end (plan.end)", ongoing);
    if (candidates)
        fprintf(stderr, _("  %zu numeric targets found: review each task's \"indicator_candidates\" and move the "
                        "right ones to \"indicators\"\n"), candidates);
    for (size_t i = 0; i < r->n_tasks; i++)
        for (size_t k = 0; k < r->tasks[i].n_indicators; k++)
            if (r->tasks[i].indicators[k].name_cut)
                fprintf(stderr, _("  task %s: the name of the target \"%s\" may be cut short (\"review\" in its candidate)\n"),
                        r->tasks[i].id, r->tasks[i].indicators[k].name);
}

/* --explain: where every field of every task came from. */
static void explain(const ImportResult *r)
{
    for (size_t i = 0; i < r->n_tasks; i++) {
        const ImportTask *t = &r->tasks[i];
        printf(_("task %s  %s\n"), t->id, t->title);
        printf(_("  title        %s\n"), t->from_title ? t->from_title : "-");
        printf(_("  text         %s\n"), t->from_text ? t->from_text : "-");
        printf(_("  units        %s\n"), t->from_units ? t->from_units : "not named");
        if (t->due_phrase)
            printf(_("  due          %s (\"%s\")\n"), t->from_due, t->due_phrase);
        else
            printf(_("  due          not named: the plan's end\n"));
        printf(_("  section      %s\n"), t->section ? t->section : "-");
    }
}

ImportResult *import_file(const char *input, bool quiet, PlanDates *dates, int *rc)
{
    *rc = EXIT_OK;
    ImportResult *r = read_plan(input, quiet, rc);
    if (!r) return NULL;
    if (r->n_tasks == 0) {
        diag_error(file_pos(input), "no tasks found: neither numbered tasks in a key-task part (a heading such as "
                                    "二、重点任务 or 三、主要任务 followed by 1．… items) nor a task table (重点任务分解表 "
                                    "with columns such as 重点任务, 牵头单位, 完成时限)");
        import_free(r);
        *rc = EXIT_DATA;
        return NULL;
    }
    if (!r->title) diag_warning(file_pos(input), "the plan's title was not found: fill in plan.title");
    plan_dates(r, input, dates);
    if (!quiet) review(r, input, dates);
    for (size_t i = 0; i < r->n_skipped; i++)
        diag_warning(file_pos(input), "left out, though it looks like a task (numbered out of sequence): %s",
                     r->skipped[i]);
    return r;
}

int import_run(const char *input, const char *output, bool quiet, bool explaining)
{
    int rc;
    PlanDates dates;
    ImportResult *r = import_file(input, quiet, &dates, &rc);
    if (!r) return rc;
    char *json = json_text(ledger_tree(r, &dates));
    if (explaining) explain(r);
    if (!output && !explaining) fputs(json, stdout);
    else if (output && write_file_atomic(output, json, strlen(json)) != 0) {
        diag_error(file_pos(output), "cannot write: %s", strerror(errno));
        rc = EXIT_IO;
    }
    free(json);
    import_free(r);
    return rc;
}
