/* task_table.c - see task_table.h. */
#include "import/task_table.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>

typedef enum { COL_NONE = -1, COL_NO, COL_GROUP, COL_TITLE, COL_TEXT, COL_LEAD, COL_RESP, COL_DUE, COL_COUNT } Col;

/* Header words per column, tried in this order (工作任务及具体内容 is a
 * content column before it is a task column). */
static Col column_of(const char *h)
{
    static const struct { Col col; const char *words[12]; } KINDS[] = {
        { COL_NO, { "序号", "编号", NULL } },
        { COL_DUE, { "时限", "时间节点", "完成时间", "完成期限", "时间安排", "进度安排", "完成时段", NULL } },
        { COL_NONE, { "领导", "备注", "责任人", "联系人", NULL } },
        { COL_LEAD, { "牵头", "主责", NULL } },
        { COL_RESP, { "责任单位", "责任部门", "配合", "参与", "协同", "协办", "落实单位", NULL } },
        { COL_GROUP, { "类别", "领域", "板块", "分类", NULL } },
        { COL_TEXT, { "内容", "措施", "举措", "要求", "目标", NULL } },
        { COL_TITLE, { "任务", "事项", "工作", "项目", NULL } },
    };
    if (strstr(h, "牵头") && strstr(h, "责任")) return COL_RESP;   /* 责任单位（排第一位的为牵头单位） */
    for (size_t k = 0; k < sizeof KINDS / sizeof *KINDS; k++)
        for (int i = 0; KINDS[k].words[i]; i++)
            if (strstr(h, KINDS[k].words[i])) return KINDS[k].col;
    return COL_NONE;
}

/* Header text without blanks and line breaks: "重 点 任 务" is 重点任务. */
static char *squash(Arena *a, const char *s)
{
    char *o = arena_strdup(a, s), *w = o;
    for (const char *p = s; *p; p++) {
        if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') continue;
        if (strncmp(p, "\u3000", 3) == 0) { p += 2; continue; }
        *w++ = *p;
    }
    *w = '\0';
    return o;
}

/* The header row among the first rows: a task (or content) column and a
 * column of units or deadlines. */
/* The columns row r names (-1 where none); false when it is not a
 * header: a task (or content) column and a column of units or deadlines. */
static bool header_row(Arena *a, const PlanTable *t, size_t r, int col[COL_COUNT], bool *promoted)
{
    for (int k = 0; k < COL_COUNT; k++) col[k] = -1;
    for (size_t c = 0; c < t->n_cols; c++) {
        const char *h = squash(a, t->cells[r * t->n_cols + c]);
        if (!*h || strlen(h) > 60) continue;
        Col k = column_of(h);
        if (k != COL_NONE && col[k] < 0) col[k] = (int)c;
    }
    *promoted = col[COL_TITLE] < 0 && col[COL_TEXT] >= 0;
    if (*promoted) { col[COL_TITLE] = col[COL_TEXT]; col[COL_TEXT] = -1; }
    return col[COL_TITLE] >= 0 && (col[COL_LEAD] >= 0 || col[COL_RESP] >= 0 || col[COL_DUE] >= 0);
}

/* A second header row under cells spanning two columns (责任单位 over
 * 牵头单位 | 配合单位): every cell it fills is a column name. Its names
 * take their columns over. */
static bool sub_header(Arena *a, const PlanTable *t, size_t r, int col[COL_COUNT])
{
    int names = 0;
    for (size_t c = 0; c < t->n_cols; c++) {
        const char *h = squash(a, t->cells[r * t->n_cols + c]);
        if (!*h) continue;
        if (strlen(h) > 30 || column_of(h) == COL_NONE) return false;
        names++;
    }
    if (!names) return false;
    for (size_t c = 0; c < t->n_cols; c++) {
        const char *h = squash(a, t->cells[r * t->n_cols + c]);
        if (!*h) continue;
        Col k = column_of(h);
        for (int j = 0; j < COL_COUNT; j++)
            if (col[j] == (int)c && j != (int)k) col[j] = -1;   /* the spanning name no longer holds this column */
        col[k] = (int)c;
    }
    return true;
}

/* The header among the first rows; of two header rows one above the
 * other (merged cells repeated down), the lower, more particular one. */
static bool find_header(Arena *a, const PlanTable *t, size_t *header, int col[COL_COUNT], bool *promoted)
{
    for (size_t r = 0; r < t->n_rows && r < 4; r++) {
        if (!header_row(a, t, r, col, promoted)) continue;
        int below[COL_COUNT];
        bool below_promoted;
        while (r + 1 < t->n_rows && header_row(a, t, r + 1, below, &below_promoted)) {
            memcpy(col, below, sizeof below);
            *promoted = below_promoted;
            r++;
        }
        if (r + 1 < t->n_rows && sub_header(a, t, r + 1, col)) r++;
        *header = r;
        return true;
    }
    return false;
}

static const char *cell(const PlanTable *t, size_t r, int c)
{
    return c < 0 ? "" : t->cells[r * t->n_cols + (size_t)c];
}

/* One text across the whole row (a merged group row), or NULL. */
static const char *group_row(const PlanTable *t, size_t r)
{
    const char *only = NULL;
    for (size_t c = 0; c < t->n_cols; c++) {
        const char *x = t->cells[r * t->n_cols + c];
        if (!*x) continue;
        if (only && strcmp(only, x) != 0) return NULL;
        only = x;
    }
    return only;
}

/* 一、… or （一）…: a heading, not a task */
static bool heading_marker(const char *s)
{
    static const char *const NUMERALS = "一二三四五六七八九十";
    if (strncmp(s, "（", 3) == 0 || *s == '(') s += *s == '(' ? 1 : 3;
    size_t n = 0;
    while (s[n] && strncmp(s + n, "、", 3) != 0 && strncmp(s + n, "）", 3) != 0 && s[n] != ')' && n < 9) {
        if ((unsigned char)s[n] < 0x80 || !s[n + 1] || !s[n + 2]) return false;
        char ch[4] = { s[n], s[n + 1], s[n + 2], 0 };
        if (!strstr(NUMERALS, ch)) return false;
        n += 3;
    }
    return n > 0 && s[n];
}

static bool same_as_header(const PlanTable *t, size_t r, size_t header)
{
    for (size_t c = 0; c < t->n_cols; c++)
        if (strcmp(t->cells[r * t->n_cols + c], t->cells[header * t->n_cols + c]) != 0) return false;
    return true;
}

bool task_table_read(Arena *a, const PlanTable *t, TaskTable *out)
{
    memset(out, 0, sizeof *out);
    int col[COL_COUNT];
    size_t header, cap = 0;
    bool promoted;
    if (!find_header(a, t, &header, col, &promoted)) return false;
    out->titles_from_content = promoted;
    const char *group = "";
    for (size_t r = header + 1; r < t->n_rows; r++) {
        if (same_as_header(t, r, header)) continue;   /* repeated on every page */
        const char *g = group_row(t, r);
        if (g && (!*cell(t, r, col[COL_TITLE]) || heading_marker(g))) { group = g; continue; }
        const char *title = cell(t, r, col[COL_TITLE]);
        if (!*title) continue;
        TaskRow *row = ARRAY_PUSH(out->rows, out->n_rows, cap);
        row->no = cell(t, r, col[COL_NO]);
        row->group = col[COL_GROUP] >= 0 && *cell(t, r, col[COL_GROUP]) ? cell(t, r, col[COL_GROUP]) : group;
        row->title = title;
        row->text = cell(t, r, col[COL_TEXT]);
        row->lead = cell(t, r, col[COL_LEAD]);
        row->responsible = cell(t, r, col[COL_RESP]);
        row->due = cell(t, r, col[COL_DUE]);
        row->where = t->row_where[r];
    }
    out->has_lead = col[COL_LEAD] >= 0;
    out->has_responsible = col[COL_RESP] >= 0;
    out->has_due = col[COL_DUE] >= 0;
    out->has_text = col[COL_TEXT] >= 0;
    out->where = t->row_where[header];
    if (out->n_rows < 2) { free(out->rows); out->rows = NULL; out->n_rows = 0; return false; }
    return true;
}
