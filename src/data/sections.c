/* sections.c - issuer, plan, rules, institutions and tasks with their
 * indicators (data-format.md), each read through the table of its members
 * (loading.h). Problems here are global: no document can be trusted. */
#include "data/loading.h"
#include "base/i18n.h"
#include "base/date.h"
#include "base/util.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define M_STR(T, key, fld, req) { key, member_string, req, offsetof(T, fld), 0, 0, 0 }
#define M_STRS(T, key, fld, cnt) { key, member_strings, false, offsetof(T, fld), 0, 0, offsetof(T, cnt) }
#define M_DATE(T, key, fld, req) { key, member_date, req, offsetof(T, fld), 0, 0, 0 }
#define M_NUM(T, key, fld, req, lo, hi) { key, member_number, req, offsetof(T, fld), lo, hi, 0 }
#define M_INT(T, key, fld, lo, hi) { key, member_integer, false, offsetof(T, fld), lo, hi, 0 }
#define M_BY(key, fn) { key, fn, false, 0, 0, 0, 0 }
#define M_KNOWN(key) { key, NULL, false, 0, 0, 0, 0 }

/* ---- issuer ---------------------------------------------------------------- */

static const Member CONTACT[] = {
    M_STR(Issuer, "person", contact_person, false),
    M_STR(Issuer, "phone", contact_phone, false),
    MEMBER_END,
};

static bool issuer_contact(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target)
{
    (void)path;
    const cJSON *ct = member_get(obj, m->name);
    if (!ct) return true;
    return want_object(c, ct, "issuer.contact") && read_members(c, ct, "issuer.contact", CONTACT, target);
}

static const Member ISSUER[] = {
    M_STR(Issuer, "name", name, true),
    M_STR(Issuer, "short_name", short_name, false),
    M_STR(Issuer, "doc_code", doc_code, true),
    M_STR(Issuer, "header", header, false),
    M_STR(Issuer, "print_office", print_office, false),
    M_STRS(Issuer, "cc", cc, n_cc),
    M_BY("contact", issuer_contact),
    MEMBER_END,
};

void load_issuer(Data *d, const Occurrence *o)
{
    Ctx c = { d, o->src, &d->global_errors };
    Issuer *is = &d->issuer;
    if (!want_object(&c, o->node, "issuer")) return;
    read_members(&c, o->node, "issuer", ISSUER, is);
    if (is->name) {
        if (!is->short_name) is->short_name = is->name;
        if (!is->header) is->header = arena_printf(&d->arena, "%s文件", is->name);
        if (!is->print_office) is->print_office = arena_printf(&d->arena, "%s办公室", is->name);
    }
}

/* ---- plan ------------------------------------------------------------------ */

/* An end is read with its start: it may not come before it. */
static bool plan_end(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target)
{
    Plan *p = target;
    if (!read_date(c, obj, path, m->name, true, &p->end)) return false;
    if (p->start != DATE_NONE && p->end != DATE_NONE && p->end < p->start) node_error(c, member_get(obj, "end"), "plan.end is before plan.start");
    return true;
}

static const Member PLAN[] = {
    M_STR(Plan, "title", title, true),
    M_STR(Plan, "short_title", short_title, false),
    M_STR(Plan, "doc_no", doc_no, false),
    M_STR(Plan, "issued_by", issued_by, false),
    M_DATE(Plan, "issued_on", issued_on, false),
    M_DATE(Plan, "start", start, true),
    M_BY("end", plan_end),
    MEMBER_END,
};

void load_plan(Data *d, const Occurrence *o)
{
    Ctx c = { d, o->src, &d->global_errors };
    Plan *p = &d->plan;
    if (!want_object(&c, o->node, "plan")) return;
    read_members(&c, o->node, "plan", PLAN, p);
    if (p->title && !p->short_title) p->short_title = p->title;
}

/* ---- rules ----------------------------------------------------------------- */

static const Member GRADE[] = {
    M_NUM(Grade, "min", min, true, -HUGE_VAL, HUGE_VAL),
    M_STR(Grade, "label", label, true),
    MEMBER_END,
};

/* Grades, sorted by min, highest first (stable for equal mins). */
static bool scoring_grades(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target)
{
    (void)path;
    Rules *r = target;
    const cJSON *g = member_get(obj, m->name);
    if (!g) return true;
    if (!cJSON_IsArray(g)) {
        node_error(c, g, "rules.scoring.grades: expected an array, found %s", type_name(g));
        return false;
    }
    if (cJSON_GetArraySize(g) == 0) {
        node_error(c, g, "rules.scoring.grades: must name at least one grade");
        return false;
    }
    size_t n = (size_t)cJSON_GetArraySize(g), i = 0;
    Grade *gr = arena_alloc(&c->d->arena, n * sizeof *gr);
    bool ok = true;
    for (const cJSON *e = g->child; e; e = e->next, i++) {
        char gpath[64];
        snprintf(gpath, sizeof gpath, "rules.scoring.grades[%zu]", i);
        if (!want_object(c, e, gpath)) { ok = false; continue; }
        gr[i].min = -HUGE_VAL;
        ok &= read_members(c, e, gpath, GRADE, &gr[i]);
    }
    if (!ok) return false;
    for (size_t a = 1; a < n; a++)
        for (size_t b = a; b > 0 && gr[b].min > gr[b - 1].min; b--) {
            Grade t = gr[b]; gr[b] = gr[b - 1]; gr[b - 1] = t;
        }
    r->grades = gr;
    r->n_grades = n;
    return true;
}

static const Member LAG[] = { M_NUM(Rules, "threshold_points", lag_threshold, false, 0, 100), MEMBER_END };
static const Member SCORING[] = {
    M_NUM(Rules, "task_share", task_share, false, 0, 100),
    M_NUM(Rules, "indicator_share", indicator_share, false, 0, 100),
    M_NUM(Rules, "overdue_penalty", overdue_penalty, false, 0, 1),
    M_BY("grades", scoring_grades),
    MEMBER_END,
};
/* rules.notice.first_number_by_period: {"2024Q3": 31}, where an office
 * issued numbers by hand between two runs (supervision.md) */
static bool notice_first_by_period(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target)
{
    Rules *r = target;
    const cJSON *map = member_get(obj, m->name);
    if (!map) return true;
    char mpath[64];
    snprintf(mpath, sizeof mpath, "%s.%s", path, m->name);
    if (!want_object(c, map, mpath)) return false;
    size_t n = 0;
    for (const cJSON *e = map->child; e; e = e->next) n++;
    r->first_number_by_period = arena_alloc(&c->d->arena, (n + 1) * sizeof *r->first_number_by_period);
    bool ok = true;
    for (const cJSON *e = map->child; e; e = e->next) {
        int period;
        long first;
        if (!period_parse(e->string, &period)) {
            node_error(c, e, "%s: \"%s\" is not a quarter such as \"2024Q3\"", mpath, e->string);
            ok = false;
            continue;
        }
        if (!read_integer(c, map, mpath, e->string, 1, 999999, &first)) { ok = false; continue; }
        r->first_number_by_period[r->n_first_number_by_period++] = (struct PeriodNumber){ period, first };
    }
    return ok;
}

static const Member NOTICE[] = {
    M_INT(Rules, "first_number", notice_first_number, 1, 999999),
    M_BY("first_number_by_period", notice_first_by_period),
    M_INT(Rules, "reply_days", notice_reply_days, 0, 3650),
    M_DATE(Rules, "date", notice_date, false),
    M_INT(Rules, "items_in_body", notice_items_in_body, 0, 999),
    MEMBER_END,
};

static const Member WARNING[] = { M_INT(Rules, "due_soon_days", warning_due_soon_days, 0, 3650), MEMBER_END };
static const Member BULLETIN[] = {
    M_INT(Rules, "number", bulletin_number, 1, 999999),
    M_STR(Rules, "to", bulletin_to, false),
    M_INT(Rules, "named", bulletin_named, 1, 1000),
    MEMBER_END,
};

/* rules.lag, rules.scoring, rules.notice, rules.warning, rules.bulletin:
 * objects of their own tables. */
static bool rules_part(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target)
{
    (void)path;
    static const struct { const char *name; const Member *table; } PARTS[] = {
        { "lag", LAG }, { "scoring", SCORING }, { "notice", NOTICE }, { "warning", WARNING }, { "bulletin", BULLETIN },
    };
    const cJSON *part = member_get(obj, m->name);
    if (!part) return true;
    const Member *table = NOTICE;
    for (size_t i = 0; i < sizeof PARTS / sizeof *PARTS; i++)
        if (strcmp(m->name, PARTS[i].name) == 0) table = PARTS[i].table;
    char ppath[32];
    snprintf(ppath, sizeof ppath, "rules.%s", m->name);
    return want_object(c, part, ppath) && read_members(c, part, ppath, table, target);
}

static const Member RULES[] = { M_BY("lag", rules_part), M_BY("scoring", rules_part), M_BY("notice", rules_part),
                                M_BY("warning", rules_part), M_BY("bulletin", rules_part), MEMBER_END };

void load_rules(Data *d, const Occurrence *o)
{
    Ctx c = { d, o->src, &d->global_errors };
    if (!want_object(&c, o->node, "rules")) return;
    read_members(&c, o->node, "rules", RULES, &d->rules);
}

void set_default_rules(Data *d)
{
    static const struct { double min; const char *label; } def[] = {
        { 90, "优秀" }, { 80, "良好" }, { 60, "合格" }, { 0, "不合格" },
    };
    Rules *r = &d->rules;
    r->lag_threshold = 20;
    r->task_share = 60;
    r->indicator_share = 40;
    r->overdue_penalty = 0.5;
    r->n_grades = 4;
    r->grades = arena_alloc(&d->arena, 4 * sizeof *r->grades);
    for (int i = 0; i < 4; i++) {
        r->grades[i].min = def[i].min;
        r->grades[i].label = arena_strdup(&d->arena, def[i].label);
    }
    r->notice_first_number = 1;
    r->notice_reply_days = 15;
    r->notice_date = DATE_NONE;
    r->notice_items_in_body = 5;
    r->warning_due_soon_days = 30;
    r->bulletin_number = 0;
    r->bulletin_to = arena_strdup(&d->arena, "各有关单位");
    r->bulletin_named = 10;
}

/* ---- institutions ------------------------------------------------------------ */

static const Member INSTITUTION[] = {
    M_KNOWN("id"),
    M_STR(Institution, "name", name, true),
    M_STR(Institution, "short_name", short_name, false),
    M_STR(Institution, "type", type, false),
    M_STR(Institution, "head", head, false),
    MEMBER_END,
};

static size_t count_entries(const TopMember *m)
{
    size_t total = 0;
    for (size_t f = 0; f < m->n; f++)
        if (cJSON_IsArray(m->occ[f].node)) total += (size_t)cJSON_GetArraySize(m->occ[f].node);
    return total;
}

/* One institution; an entry with a usable id is kept even when other
 * members are wrong (marked has_errors), so that its progress entries do
 * not turn into a cascade of "unknown institution" errors. */
static void load_institution(Data *d, Ctx *c, const cJSON *e, const char *path)
{
    if (!want_object(c, e, path)) return;
    Institution inst = { .pos = node_pos(c, e) };
    if (!read_id(c, e, path, false, &inst.id)) return;
    long dup = data_find_institution(d, inst.id);
    if (dup >= 0) {
        SrcPos p = d->institutions[dup].pos;
        node_error(c, member_get(e, "id"), "%s.id: institution \"%s\" is defined twice (first at %s:%d:%d)", path, inst.id,
             p.file, p.line, p.col);
        return;
    }
    bool own_errors = false;
    Ctx ci = { d, c->src, &own_errors };
    read_members(&ci, e, path, INSTITUTION, &inst);
    if (!inst.name) inst.name = inst.id;
    if (!inst.short_name) inst.short_name = inst.name;
    inst.has_errors = own_errors;
    strmap_put(&d->institution_ids, inst.id, (long)d->n_institutions);
    d->institutions[d->n_institutions++] = inst;
}

void load_institutions(Data *d, TopMember *m)
{
    size_t total = count_entries(m);
    if (total > MAX_INSTITUTIONS) {
        diag_error(jsonsrc_pos(m->occ[0].src, m->occ[0].node), "institutions: %zu, more than the limit of %d", total,
                   MAX_INSTITUTIONS);
        d->global_errors = true;
        total = 0;
        m->n = 0;
    }
    d->institutions = arena_alloc(&d->arena, (total + 1) * sizeof *d->institutions);
    for (size_t f = 0; f < m->n; f++) {
        Ctx c = { d, m->occ[f].src, &d->global_errors };
        if (!cJSON_IsArray(m->occ[f].node)) {
            node_error(&c, m->occ[f].node, "institutions: expected an array, found %s", type_name(m->occ[f].node));
            continue;
        }
        size_t i = 0;
        for (const cJSON *e = m->occ[f].node->child; e; e = e->next, i++) {
            char path[48];
            snprintf(path, sizeof path, "institutions[%zu]", i);
            load_institution(d, &c, e, path);
        }
    }
}

/* ---- indicators ---------------------------------------------------------------- */

typedef struct {
    Indicator ind;
    const Task *task;
} IndicatorTarget;

static bool indicator_id(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target)
{
    (void)m;
    IndicatorTarget *it = target;
    if (!read_id(c, obj, path, true, &it->ind.id)) return false;
    long dup = data_find_indicator(c->d, it->ind.id);
    if (dup < 0) return true;
    node_error(c, member_get(obj, "id"), "%s.id: indicator \"%s\" is defined twice (also in task \"%s\")", path, it->ind.id,
         c->d->tasks[c->d->indicators[dup].task].id);
    return false;
}

static bool indicator_better(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target)
{
    IndicatorTarget *it = target;
    const cJSON *b = member_get(obj, m->name);
    if (!b) return true;
    if (cJSON_IsString(b) && strcmp(b->valuestring, "higher") == 0) it->ind.lower_better = false;
    else if (cJSON_IsString(b) && strcmp(b->valuestring, "lower") == 0) it->ind.lower_better = true;
    else {
        node_error(c, b, "%s.better: expected \"higher\" or \"lower\"", path);
        return false;
    }
    return true;
}

static bool indicator_baseline(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target)
{
    IndicatorTarget *it = target;
    if (!member_get(obj, m->name)) return true;
    it->ind.has_baseline = true;
    return read_number(c, obj, path, m->name, false, -HUGE_VAL, HUGE_VAL, &it->ind.baseline);
}

static bool indicator_institution(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target)
{
    IndicatorTarget *it = target;
    char *inst_id = NULL;
    if (!read_string(c, obj, path, m->name, false, &inst_id)) return false;
    if (!inst_id) return true;
    it->ind.institution = data_find_institution(c->d, inst_id);
    if (it->ind.institution < 0) {
        node_error(c, member_get(obj, "institution"), "%s.institution: no institution has the id \"%s\"", path, inst_id);
        return false;
    }
    if (it->task->assigned && !it->task->assigned[it->ind.institution]) {
        /* documents.md scores an institution "with no tasks" on its
         * indicators alone, so an indicator may name an institution
         * outside the task's list; it applies, though that institution
         * cannot report a value through this task */
        diag_warning(node_pos(c, member_get(obj, "institution")),
                     "%s.institution: \"%s\" is not assigned task \"%s\"; the indicator applies to it but it "
                     "cannot report a value", path, inst_id, it->task->id);
    }
    return true;
}

#define IND(key, fld) offsetof(IndicatorTarget, ind.fld)
static const Member INDICATOR[] = {
    M_BY("id", indicator_id),
    { "name", member_string, true, IND("name", name), 0, 0, 0 },
    { "unit", member_string, false, IND("unit", unit), 0, 0, 0 },
    { "target", member_number, true, IND("target", target), -HUGE_VAL, HUGE_VAL, 0 },
    M_BY("better", indicator_better),
    M_BY("baseline", indicator_baseline),
    M_BY("institution", indicator_institution),
    { "due", member_date, false, IND("due", due), 0, 0, 0 },
    { "weight", member_number, false, IND("weight", weight), 0, MAX_WEIGHT, 0 },
    MEMBER_END,
};

static void load_indicator(Data *d, Ctx *c, const cJSON *e, const char *path, const Task *t, size_t task_index)
{
    if (!want_object(c, e, path)) return;
    IndicatorTarget it = { .ind = { .institution = -1, .due = t->due, .weight = 1, .task = task_index }, .task = t };
    bool ok = read_members(c, e, path, INDICATOR, &it);
    Indicator ind = it.ind;
    /* kept with a usable, unique id even when wrong otherwise (the error is
     * global), so progress entries naming it do not cascade */
    bool usable_id = ind.id && id_ok(ind.id, true) && data_find_indicator(d, ind.id) < 0;
    if (ok || usable_id) {
        if (!ind.name) ind.name = ind.id;
        strmap_put(&d->indicator_ids, ind.id, (long)d->n_indicators);
        d->indicators[d->n_indicators++] = ind;
    }
}

/* ---- tasks ------------------------------------------------------------------------ */

static bool task_id(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target)
{
    (void)m;
    Task *t = target;
    if (!read_id(c, obj, path, true, &t->id)) return false;
    if (data_find_task(c->d, t->id) < 0) return true;
    node_error(c, member_get(obj, "id"), "%s.id: task \"%s\" is defined twice", path, t->id);
    return false;
}

/* A due date is read with the start: it may not come before it. */
static bool task_due(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target)
{
    Task *t = target;
    if (!read_date(c, obj, path, m->name, false, &t->due)) return false;
    const cJSON *sv = member_get(obj, "start");
    int start;
    bool start_ok = !sv || (cJSON_IsString(sv) && date_parse(sv->valuestring, &start));
    if (start_ok && t->start != DATE_NONE && t->due != DATE_NONE && t->due < t->start) {
        node_error(c, member_get(obj, "due") ? member_get(obj, "due") : obj, "%s.due: the due date is before the start date", path);
        return false;
    }
    return true;
}

/* Ids that tasks[].institutions name but no institution has: most often
 * one deleted from institutions.json after `jindu init --plan` proposed
 * it. One error per id, at its first mention, naming every task that still
 * lists it and what to do, instead of one unexplained error per mention. */
typedef struct {
    const char *id;
    SrcPos first;
    Buf tasks;
    size_t n;
} MissingId;
static MissingId *missing_ids;
static size_t n_missing_ids, cap_missing_ids;

static void note_missing_id(const Ctx *c, const cJSON *obj, const cJSON *x)
{
    MissingId *mi = NULL;
    for (size_t i = 0; i < n_missing_ids && !mi; i++)
        if (strcmp(missing_ids[i].id, x->valuestring) == 0) mi = &missing_ids[i];
    if (!mi) {
        mi = ARRAY_PUSH(missing_ids, n_missing_ids, cap_missing_ids);
        memset(mi, 0, sizeof *mi);
        mi->id = x->valuestring;
        mi->first = node_pos(c, x);
    }
    const cJSON *id = member_get(obj, "id");
    if (mi->n < 12) buf_printf(&mi->tasks, "%s%s", mi->n ? "、" : "", cJSON_IsString(id) ? id->valuestring : "?");
    mi->n++;
    *c->failed = true;
}

static void report_missing_ids(void)
{
    for (size_t i = 0; i < n_missing_ids; i++) {
        MissingId *mi = &missing_ids[i];
        diag_error(mi->first, "tasks[].institutions: no institution has the id \"%s\", yet %zu tasks name it (tasks %s%s): was it "
                   "deleted from institutions? Delete \"%s\" from those tasks' institutions (without institutions, "
                   "every institution reports the task)",
                   mi->id, mi->n, buf_cstr(&mi->tasks), mi->n > 12 ? _(" and more") : "", mi->id);
        buf_free(&mi->tasks);
    }
    free(missing_ids);
    missing_ids = NULL;
    n_missing_ids = cap_missing_ids = 0;
}

static bool task_institutions(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target)
{
    Task *t = target;
    Data *d = c->d;
    t->assigned = arena_alloc(&d->arena, (d->n_institutions + 1) * sizeof *t->assigned);
    const cJSON *ins = member_get(obj, m->name);
    if (!ins) {
        for (size_t k = 0; k < d->n_institutions; k++) t->assigned[k] = true;
        return true;
    }
    if (!cJSON_IsArray(ins)) {
        node_error(c, ins, "%s.institutions: expected an array of institution ids, found %s", path, type_name(ins));
        return false;
    }
    bool ok = true;
    size_t j = 0;
    for (const cJSON *x = ins->child; x; x = x->next, j++) {
        long k = cJSON_IsString(x) ? data_find_institution(d, x->valuestring) : -1;
        if (!cJSON_IsString(x)) {
            node_error(c, x, "%s.institutions[%zu]: expected an institution id, found %s", path, j, type_name(x));
            ok = false;
        } else if (k < 0) {
            note_missing_id(c, obj, x);
            ok = false;
        } else {
            t->assigned[k] = true;
        }
    }
    return ok;
}

/* Indicators are appended to d->indicators as they validate. */
static bool task_indicators(const Ctx *c, const cJSON *obj, const char *path, const Member *m, void *target)
{
    Task *t = target;
    Data *d = c->d;
    t->first_indicator = d->n_indicators;
    t->n_indicators = 0;
    const cJSON *inds = member_get(obj, m->name);
    if (inds && !cJSON_IsArray(inds)) {
        node_error(c, inds, "%s.indicators: expected an array, found %s", path, type_name(inds));
        return false;
    }
    size_t j = 0;
    for (const cJSON *x = inds ? inds->child : NULL; x; x = x->next, j++) {
        char ipath[80];
        snprintf(ipath, sizeof ipath, "%s.indicators[%zu]", path, j);
        load_indicator(d, (Ctx *)c, x, ipath, t, d->n_tasks);
    }
    t->n_indicators = d->n_indicators - t->first_indicator;
    return true;
}

static const Member TASK[] = {
    M_BY("id", task_id),
    M_STR(Task, "no", no, false),
    M_STR(Task, "section", section, false),
    M_STR(Task, "title", title, true),
    M_STR(Task, "text", text, false),
    M_STRS(Task, "lead", lead, n_lead),
    M_STRS(Task, "responsible", responsible, n_responsible),
    M_DATE(Task, "start", start, false),
    M_BY("due", task_due),
    M_NUM(Task, "weight", weight, false, 0, MAX_WEIGHT),
    M_BY("institutions", task_institutions),
    M_BY("indicators", task_indicators),
    M_KNOWN("indicator_candidates"),   /* written by jindu import for review; not read */
    MEMBER_END,
};

static void load_task(Data *d, Ctx *c, const cJSON *e, const char *path)
{
    if (!want_object(c, e, path)) return;
    Task t = { .start = d->plan.start, .due = d->plan.end, .weight = 1 };
    bool ok = read_members(c, e, path, TASK, &t);
    /* A task with a usable id is kept even when other members are wrong,
     * so its progress entries do not cascade into "no task" errors;
     * global_errors is set and no document is made. */
    if (!t.id || !id_ok(t.id, true) || (!ok && data_find_task(d, t.id) >= 0)) {
        for (size_t x = t.first_indicator; x < d->n_indicators; x++)
            strmap_put(&d->indicator_ids, d->indicators[x].id, -1);   /* dropped with the task */
        d->n_indicators = t.first_indicator;
        return;
    }
    if (!t.title) t.title = t.id;
    if (!t.no) t.no = t.id;
    strmap_put(&d->task_ids, t.id, (long)d->n_tasks);
    d->tasks[d->n_tasks++] = t;
}

void load_tasks(Data *d, TopMember *m)
{
    size_t total = count_entries(m), total_ind = 0;
    for (size_t f = 0; f < m->n; f++)
        for (const cJSON *e = cJSON_IsArray(m->occ[f].node) ? m->occ[f].node->child : NULL; e; e = e->next) {
            const cJSON *ind = cJSON_IsObject(e) ? member_get(e, "indicators") : NULL;
            if (cJSON_IsArray(ind)) total_ind += (size_t)cJSON_GetArraySize(ind);
        }
    if (total > MAX_TASKS || total_ind > MAX_INDICATORS) {
        diag_error(jsonsrc_pos(m->occ[0].src, m->occ[0].node), "tasks: %zu tasks and %zu indicators, more than the "
                   "limit of %d tasks and %d indicators", total, total_ind, MAX_TASKS, MAX_INDICATORS);
        d->global_errors = true;
        total = total_ind = 0;
        m->n = 0;
    }
    d->tasks = arena_alloc(&d->arena, (total + 1) * sizeof *d->tasks);
    d->indicators = arena_alloc(&d->arena, (total_ind + 1) * sizeof *d->indicators);
    for (size_t f = 0; f < m->n; f++) {
        Ctx c = { d, m->occ[f].src, &d->global_errors };
        if (!cJSON_IsArray(m->occ[f].node)) {
            node_error(&c, m->occ[f].node, "tasks: expected an array, found %s", type_name(m->occ[f].node));
            continue;
        }
        size_t i = 0;
        for (const cJSON *e = m->occ[f].node->child; e; e = e->next, i++) {
            char path[48];
            snprintf(path, sizeof path, "tasks[%zu]", i);
            load_task(d, &c, e, path);
        }
    }
    report_missing_ids();
}
