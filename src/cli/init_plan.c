/* init_plan.c - the data of a new project made from its plan (`jindu init
 * DIR --plan PLAN.txt`): the plan and tasks as `jindu import` reads them,
 * the institutions proposed from the units the plan names (lead and
 * responsible, each once, ids u01, u02 …), each task assigned to its own
 * units, an empty progress, and no sample data. What the plan cannot say
 * is written as "待填写…" (to fill in) or "待确认…" (to confirm), which
 * `jindu check` lists with the file and line to edit; the data is valid
 * as it is, so `jindu forms` works at once. */
#include "cli/build.h"
#include "base/i18n.h"
#include "cli/plan_import.h"
#include "cli/inst_list.h"
#include "base/date.h"
#include "base/diag.h"
#include "base/outfile.h"
#include "base/strmap.h"
#include "base/util.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define TO_FILL "待填写"
#define TO_CONFIRM "待确认"

/* The units the plan names, each once, in the order first named. */
typedef struct {
    StrMap ids;            /* name -> index */
    char **names;
    size_t n, cap;
} Units;

static long unit_of(Units *u, char *name)
{
    long k = strmap_get(&u->ids, name);
    if (k >= 0) return k;
    *(char **)ARRAY_PUSH(u->names, u->n, u->cap) = name;
    strmap_put(&u->ids, name, (long)(u->n - 1));
    return (long)(u->n - 1);
}

static char *unit_id(const Units *u, size_t k) { return xasprintf(u->n > 99 ? "u%03zu" : "u%02zu", k + 1); }

/* A government department leads or coordinates; it does not report. The
 * usual endings of their names, for the user to confirm. */
static bool looks_like_department(const char *name)
{
    static const char *const ENDS[] = { "委", "局", "办", "委员会", "政府", "部", "厅", "署", "办公室", "领导小组", NULL };
    size_t n = strlen(name);
    for (const char *const *e = ENDS; *e; e++) {
        size_t m = strlen(*e);
        if (n >= m && strcmp(name + n - m, *e) == 0) return true;
    }
    return false;
}

/* Each task's institutions: its lead and responsible units. */
static void assign_tasks(const ImportResult *r, cJSON *tasks, Units *u)
{
    size_t i = 0;
    for (cJSON *t = tasks->child; t && i < r->n_tasks; t = t->next, i++) {
        const ImportTask *it = &r->tasks[i];
        cJSON *ids = cJSON_CreateArray();
        bool seen[4096] = { false };
        for (size_t k = 0; k < it->n_lead + it->n_responsible; k++) {
            char *name = k < it->n_lead ? it->lead[k] : it->responsible[k - it->n_lead];
            long id = unit_of(u, name);
            if (id < 4096 && seen[id]) continue;
            if (id < 4096) seen[id] = true;
            char *s = unit_id(u, (size_t)id);
            cJSON_AddItemToArray(ids, cJSON_CreateString(s));
            free(s);
        }
        if (cJSON_GetArraySize(ids) > 0) cJSON_AddItemToObject(t, "institutions", ids);
        else cJSON_Delete(ids);   /* a task naming no unit: every institution reports on it */
    }
}

static cJSON *institutions_tree(const Units *u)
{
    cJSON *root = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(root, "institutions");
    for (size_t k = 0; k < u->n; k++) {
        cJSON *o = cJSON_CreateObject();
        char *id = unit_id(u, k);
        cJSON_AddStringToObject(o, "id", id);
        free(id);
        cJSON_AddStringToObject(o, "name", u->names[k]);
        if (looks_like_department(u->names[k]))
            cJSON_AddStringToObject(o, "type", TO_CONFIRM "：是牵头部门还是报送单位？部门不报送进度，请从本文件删去");
        cJSON_AddItemToArray(list, o);
    }
    if (u->n == 0) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", "u01");
        cJSON_AddStringToObject(o, "name", TO_FILL "：报送单位全称");
        cJSON_AddItemToArray(list, o);
    }
    return root;
}

/* The quarter of today (SOURCE_DATE_EPOCH when set), kept within the
 * plan; the note that says how it was found, truthfully (today, or the
 * plan's first or last quarter because today is outside it). */
static char *current_quarter(int start, int end, char out[16])
{
    long long epoch;
    time_t now = source_date_epoch(&epoch) ? (time_t)epoch : time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    int today = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), day = today;
    if (day < start) day = start;
    if (day > end) day = end;
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    snprintf(out, 16, "%dQ%d", y, (m - 1) / 3 + 1);
    char t[16], e[16];
    date_to_ymd(today, &y, &m, &d);
    snprintf(t, sizeof t, "%d-%02d-%02d", y, m, d);
    date_to_ymd(day == today ? end : day, &y, &m, &d);
    snprintf(e, sizeof e, "%d-%02d-%02d", y, m, d);
    if (today > end)
        return xasprintf(TO_CONFIRM "：本期季度 period 为 %s：今天（%s）已过方案的结束日期 %s，暂取方案的最后一个季度；"
                         "不对请改（也请核对 plan.end），确认后删去这一条", out, t, e);
    if (today < start)
        return xasprintf(TO_CONFIRM "：本期季度 period 为 %s：方案 %s 才开始，暂取方案的第一个季度；不对请改，确认后删去这一条",
                         out, e);
    return xasprintf(TO_CONFIRM "：本期季度 period 为 %s，是按今天（%s）的日期推定的，不对请改；确认后删去这一条", out, t);
}

static cJSON *plan_tree(cJSON *plan, int start, int end, cJSON *notes)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "schema", "jindu/1");
    cJSON *issuer = cJSON_AddObjectToObject(root, "issuer");
    cJSON_AddStringToObject(issuer, "name", TO_FILL "：发文单位全称，如××区卫生健康委员会");
    cJSON_AddStringToObject(issuer, "doc_code", TO_FILL "：督办通知文号的代字，如荣卫督");
    cJSON_AddItemToObject(root, "plan", plan);
    char q[16];
    /* the plan does not say which quarter is reported first: a guess,
     * named by jindu check until someone confirms it */
    char *note = current_quarter(start, end, q);
    cJSON_AddStringToObject(root, "period", q);
    if (!notes) notes = cJSON_CreateArray();
    cJSON_InsertItemInArray(notes, 0, cJSON_CreateString(note));
    cJSON_AddItemToObject(root, "notes", notes);
    free(note);
    return root;
}

static bool write_json(const char *dir, const char *name, cJSON *tree)
{
    char *path = xasprintf("%s/%s", dir, name), *text = json_text(tree);
    bool ok = write_file_atomic(path, text, strlen(text)) == 0;
    if (!ok) diag_error(file_pos(path), "cannot write: %s", strerror(errno));
    free(path);
    free(text);
    return ok;
}

/* Each task's institutions from the office's list: those of its units
 * the list names; none named (各公立医院, a department, no unit): all. */
static size_t assign_from_list(const ImportResult *r, cJSON *tasks, const InstitutionList *l)
{
    size_t i = 0, to_all = 0;
    bool *seen = xcalloc(l->n + 1, sizeof *seen);
    size_t *hits = xcalloc(l->n + 1, sizeof *hits);
    for (cJSON *t = tasks->child; t && i < r->n_tasks; t = t->next, i++) {
        const ImportTask *it = &r->tasks[i];
        memset(seen, 0, (l->n + 1) * sizeof *seen);
        cJSON *ids = cJSON_CreateArray();
        for (size_t k = 0; k < it->n_lead + it->n_responsible; k++) {
            const char *unit = k < it->n_lead ? it->lead[k] : it->responsible[k - it->n_lead];
            size_t n = inst_list_match(l, unit, hits, l->n);
            for (size_t h = 0; h < n; h++)
                if (!seen[hits[h]]) {
                    seen[hits[h]] = true;
                    cJSON_AddItemToArray(ids, cJSON_CreateString(l->items[hits[h]].id));
                }
        }
        if (cJSON_GetArraySize(ids) > 0) cJSON_AddItemToObject(t, "institutions", ids);
        else { cJSON_Delete(ids); to_all++; }
    }
    free(seen);
    free(hits);
    return to_all;
}

static cJSON *listed_institutions_tree(const InstitutionList *l)
{
    cJSON *root = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(root, "institutions");
    for (size_t k = 0; k < l->n; k++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", l->items[k].id);
        cJSON_AddStringToObject(o, "name", l->items[k].name);
        if (l->items[k].short_name) cJSON_AddStringToObject(o, "short_name", l->items[k].short_name);
        cJSON_AddItemToArray(list, o);
    }
    return root;
}

int init_plan_data(const char *plan_path, const char *data_dir, const char *institutions, bool quiet)
{
    InstitutionList listed = { 0 };
    if (institutions && !inst_list_read(institutions, &listed)) {
        inst_list_free(&listed);
        return EXIT_DATA;
    }
    int rc;
    PlanDates dates;
    ImportResult *r = import_file(plan_path, quiet, &dates, &rc);
    if (!r) {
        inst_list_free(&listed);
        return rc;
    }
    int start = dates.start, end = dates.end;
    cJSON *ledger = ledger_tree(r, &dates);
    cJSON *plan = cJSON_DetachItemFromObject(ledger, "plan"), *tasks = cJSON_DetachItemFromObject(ledger, "tasks");
    cJSON *notes = cJSON_DetachItemFromObject(ledger, "notes");
    cJSON_Delete(ledger);
    Units u = {0};
    size_t to_all = 0;
    if (institutions) to_all = assign_from_list(r, tasks, &listed);
    else assign_tasks(r, tasks, &u);
    cJSON *task_file = cJSON_CreateObject();
    cJSON_AddItemToObject(task_file, "tasks", tasks);
    cJSON *progress = cJSON_CreateObject();
    cJSON_AddArrayToObject(progress, "progress");
    bool ok = make_dirs(data_dir) == 0;
    if (!ok) diag_error(file_pos(data_dir), "cannot create: %s", strerror(errno));
    ok = ok && write_json(data_dir, "plan.json", plan_tree(plan, start, end, notes));
    ok = ok && write_json(data_dir, "institutions.json",
                          institutions ? listed_institutions_tree(&listed) : institutions_tree(&u));
    ok = ok && write_json(data_dir, "tasks.json", task_file);
    ok = ok && write_json(data_dir, "progress.json", progress);
    if (!quiet && ok && institutions)
        fprintf(stderr, _("jindu: %zu tasks and %zu reporting institutions (%s) written to %s/: %zu tasks reported by the "
                        "institutions the plan names, %zu by every institution; `jindu check` lists what is left to fill\n"),
                r->n_tasks, listed.n, institutions, data_dir, r->n_tasks - to_all, to_all);
    else if (!quiet && ok)
        fprintf(stderr, _("jindu: %zu tasks and %zu institutions (proposed from the plan's lead and responsible units) "
                        "written to %s/; `jindu check` lists what is left to fill\n"), r->n_tasks, u.n, data_dir);
    strmap_free(&u.ids);
    free(u.names);
    inst_list_free(&listed);
    import_free(r);
    return ok ? EXIT_OK : EXIT_IO;
}

/* ---- what is left to fill ---------------------------------------------------- */

static void scan_file(const char *path)
{
    char *text;
    size_t len;
    if (read_file(path, 256u << 20, &text, &len) != 0) return;
    int line = 1, col = 1;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n') { line++; col = 1; continue; }
        if (((unsigned char)text[i] & 0xC0) != 0x80) col++;
        bool fill = len - i >= strlen(TO_FILL) && memcmp(text + i, TO_FILL, strlen(TO_FILL)) == 0;
        bool confirm = len - i >= strlen(TO_CONFIRM) && memcmp(text + i, TO_CONFIRM, strlen(TO_CONFIRM)) == 0;
        if (!fill && !confirm) continue;
        size_t end = i;
        while (end < len && text[end] != '"' && text[end] != '\n') end++;
        SrcPos p = { path, line, col - 1 };
        diag_warning(p, "%s %.*s", fill ? "还需填写 / to fill in:" : "还需确认 / to confirm:", (int)(end - i), text + i);
    }
    free(text);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

void check_placeholders(const char *path, int depth)
{
    struct stat st;
    if (depth > 8 || stat(path, &st) != 0) return;
    if (!S_ISDIR(st.st_mode)) {
        size_t n = strlen(path);
        if (n > 5 && strcmp(path + n - 5, ".json") == 0) scan_file(path);
        return;
    }
    DIR *d = opendir(path);
    if (!d) return;
    char **names = NULL;
    size_t n = 0, cap = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (e->d_name[0] != '.') *(char **)ARRAY_PUSH(names, n, cap) = xasprintf("%s/%s", path, e->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        check_placeholders(names[i], depth + 1);
        free(names[i]);
    }
    free(names);
}
