/* importer.c - see importer.h. */
#include "import/importer.h"
#include "import/planfacts.h"
#include "import/cleantext.h"
#include "import/indicators.h"
#include "import/units.h"
#include "import/due.h"
#include "import/task_table.h"
#include "base/date.h"
#include "base/strmap.h"
#include "base/utf8.h"
#include "base/util.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- patterns ---- */

typedef enum {
    RE_TOP,          /* 一、指导思想 */
    RE_SECTION,      /* （一）… or (一)… */
    RE_TASK,         /* 1． 1. 1﹒ 1、 */
    RE_PAGE_NUMBER,  /* — 3 —, - 3 -, 第3页 */
    RE_DEBRIS,       /* web page furniture */
    RE_END,          /* 附件, 抄送: the plan is over */
    RE_BOOKMARK,
    RE_COUNT
} Re;

static const char *const PATTERNS[RE_COUNT] = {
    [RE_TOP] = "^([一二三四五六七八九十]{1,3})\\s*[、．.]\\s*(.*)$",
    [RE_SECTION] = "^[（(]\\s*([一二三四五六七八九十]{1,3})\\s*[）)]\\s*[、．.]?\\s*(.*)$",
    [RE_TASK] = "^(\\d{1,4})\\s*(?:[．﹒、]|\\.(?!\\d))\\s*(.*)$",
    [RE_PAGE_NUMBER] = "^(?:[—\\-－–]*\\s*\\d{1,4}\\s*[—\\-－–]*|第\\s*\\d+\\s*页(?:\\s*[,，/／]?\\s*共\\s*\\d+\\s*页)?|\\d+\\s*/\\s*\\d+)$",
    [RE_DEBRIS] = "^(?:首页|当前位置|您当前的位置|来源[:：]|发布时间|发布日期|浏览次数|阅读次数|点击数|字号[:：]|【?\\s*字体|"
                  "打印本页|【?\\s*打印|关闭窗口|【?\\s*关闭|分享到|扫一扫|相关链接|相关文件|相关解读|上一篇|下一篇|"
                  "网站地图|版权所有|主办单位|联系我们|ICP|公网安备|索引号|主题分类|信息来源|返回顶部|视力保护色|"
                  "政策解读|\\[?\\s*bookmark)",
    [RE_END] = "^(?:附件\\s*\\d*\\s*[:：]?\\s*$|附件\\s*\\d+\\s*\\S{0,3}$|抄送[:：]|印发[:：]?$|.{0,30}\\d{4}\\s*年\\s*\\d{1,2}\\s*月\\s*\\d{1,2}\\s*日\\s*印发$)",
    [RE_BOOKMARK] = "\\[bookmark:[^\\]]*\\]",
};

typedef struct {
    pcre2_code *re[RE_COUNT];
    pcre2_match_data *md;
} Patterns;

static void patterns_open(Patterns *p)
{
    for (int i = 0; i < RE_COUNT; i++) {
        int code;
        PCRE2_SIZE off;
        p->re[i] = pcre2_compile((PCRE2_SPTR)PATTERNS[i], PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP, &code, &off, NULL);
        if (!p->re[i]) {
            fprintf(stderr, "jindu: internal error: importer pattern %d does not compile at %zu\n", i, (size_t)off);
            exit(3);
        }
        pcre2_jit_compile(p->re[i], PCRE2_JIT_COMPLETE);
    }
    p->md = pcre2_match_data_create(16, NULL);
    if (!p->md) out_of_memory();
}

static void patterns_close(Patterns *p)
{
    for (int i = 0; i < RE_COUNT; i++) pcre2_code_free(p->re[i]);
    pcre2_match_data_free(p->md);
}

/* Match pattern i in s from offset; group g's bounds in *a, *b. */
static bool match(Patterns *p, Re i, const char *s, size_t from)
{
    return pcre2_match(p->re[i], (PCRE2_SPTR)s, strlen(s), from, 0, p->md, NULL) > 0;
}

static bool group(Patterns *p, int g, size_t *a, size_t *b)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
    if (ov[2 * g] == PCRE2_UNSET) return false;
    *a = ov[2 * g];
    *b = ov[2 * g + 1];
    return true;
}

static char *group_dup(Arena *ar, Patterns *p, const char *s, int g)
{
    size_t a = 0, b = 0;
    if (!group(p, g, &a, &b)) return NULL;
    return arena_strndup(ar, s + a, b - a);
}

/* ---- text helpers ---- */

static int cn_numeral(const char *s)
{
    static const char *const D[] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
    int total = 0, cur = 0;
    while (*s) {
        if (strncmp(s, "十", 3) == 0) {
            total += (cur ? cur : 1) * 10;
            cur = 0;
            s += 3;
            continue;
        }
        int d = -1;
        for (int i = 0; i < 10; i++)
            if (strncmp(s, D[i], 3) == 0) d = i;
        if (d < 0) return -1;
        cur = d;
        s += 3;
    }
    return total + cur;
}

/* ---- lines and paragraphs ---- */

typedef enum { P_TEXT, P_TOP, P_SECTION, P_TASK } ParaKind;

typedef struct {
    ParaKind kind;
    int number;
    char *head;       /* text after the marker on its first line */
    bool alone;       /* the head is a paragraph of its own: a heading line */
    Buf text;         /* all of it, marker removed, lines joined (without
                       * the head when alone) */
    const char *first, *last;   /* where its first and last lines are */
    const char *body_first;     /* alone: where the text below starts */
} Para;

typedef struct {
    Arena *a;
    Patterns *p;
    char **lines;
    const char **where;
    bool *blank_before, *ends;  /* ends: a paragraph ends with this line */
    size_t n_lines, cap_lines, cap_where, cap_blank;
} Lines;

static void add_line(Lines *L, char *text, const PlanLine *src)
{
    *ARRAY_PUSH(L->lines, L->n_lines, L->cap_lines) = text;
    L->n_lines--;
    *ARRAY_PUSH(L->where, L->n_lines, L->cap_where) = src->where;
    L->n_lines--;
    *ARRAY_PUSH(L->blank_before, L->n_lines, L->cap_blank) = src->blank_before;
}

static void clean_lines(Lines *L, const PlanDoc *doc, int skip_table)
{
    for (size_t li = 0; li < doc->n_lines; li++) {
        const PlanLine *src = &doc->lines[li];
        if (skip_table >= 0 && src->table == skip_table) continue;
        char *line = text_trim(L->a, src->text, strlen(src->text));
        for (char *t = line; *t; t++)
            if (*t == '\t') *t = ' ';
        /* Word's bookmarks and similar debris inside a line */
        while (match(L->p, RE_BOOKMARK, line, 0)) {
            size_t a = 0, b = 0;
            group(L->p, 0, &a, &b);
            memmove(line + a, line + b, strlen(line + b) + 1);
            line = text_trim(L->a, line, strlen(line));
        }
        if (!*line) continue;
        /* full-width digits (１．) as ASCII */
        for (char *c = line; *c; c++)
            if ((unsigned char)c[0] == 0xEF && (unsigned char)c[1] == 0xBC && (unsigned char)c[2] >= 0x90 &&
                (unsigned char)c[2] <= 0x99) {
                c[0] = (char)('0' + ((unsigned char)c[2] - 0x90));
                memmove(c + 1, c + 3, strlen(c + 3) + 1);
            }
        if (match(L->p, RE_PAGE_NUMBER, line, 0)) continue;
        if (match(L->p, RE_DEBRIS, line, 0)) continue;
        add_line(L, text_squeeze(L->a, line), src);
    }
    /* running heads and feet of converted pages: a short line seen three
     * times or more is furniture, not text */
    StrMap count = {0};
    for (size_t i = 0; i < L->n_lines; i++) {
        long c = strmap_get(&count, L->lines[i]);
        strmap_put(&count, L->lines[i], c < 0 ? 1 : c + 1);
    }
    size_t k = 0;
    for (size_t i = 0; i < L->n_lines; i++) {
        const char *x = L->lines[i];
        bool furniture = !doc->lines_are_paragraphs && strlen(x) <= 60 && !strstr(x, "。") && strmap_get(&count, x) >= 3;
        if (!furniture) {
            L->where[k] = L->where[i];
            L->blank_before[k] = L->blank_before[i];
            L->lines[k++] = L->lines[i];
        }
    }
    L->n_lines = k;
    strmap_free(&count);
}

/* Display width: a CJK character is two columns. */
static size_t width_of(const char *s)
{
    size_t w = 0;
    for (; *s; s += utf8_len(s)) w += (unsigned char)*s >= 0x80 ? 2 : 1;
    return w;
}

static int compare_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Where paragraphs end. A .docx or web page says; in plain text a blank
 * line does (unless blank lines stand between all lines, as some PDF
 * converters write), and so does a short line when the text was broken at
 * the page width: most lines then are about as wide as the widest. */
static void mark_paragraph_ends(Lines *L, bool lines_are_paragraphs)
{
    size_t n = L->n_lines, blanks = 0;
    L->ends = arena_alloc(L->a, (n + 1) * sizeof *L->ends);
    size_t *w = xcalloc(n + 1, sizeof *w), *sorted = xcalloc(n + 1, sizeof *sorted);
    for (size_t i = 0; i < n; i++) {
        sorted[i] = w[i] = width_of(L->lines[i]);
        blanks += L->blank_before[i];
    }
    qsort(sorted, n, sizeof *sorted, compare_size);
    size_t full = n ? sorted[n * 8 / 10] : 0, slack = full / 8 > 4 ? full / 8 : 4, near = 0;
    for (size_t i = 0; i < n; i++) near += w[i] + slack >= full && w[i] <= full + slack;
    bool wrapped = !lines_are_paragraphs && full >= 20 && full <= 200 && near * 10 >= n * 4;
    bool blank_lines_count = !lines_are_paragraphs && blanks * 2 < n;
    for (size_t i = 0; i < n; i++) {
        bool next_blank = i + 1 < n && L->blank_before[i + 1];
        L->ends[i] = i + 1 == n || !wrapped || (blank_lines_count && next_blank) || w[i] + slack < full;
    }
    free(w);
    free(sorted);
}

/* ---- units ---- */

/* ---- the plan ---- */

static bool key_heading(const char *h)
{
    static const char *const EXCLUDE[] = { "指导思想", "基本原则", "目标", "工作步骤", "实施步骤", "工作安排", "进度安排",
                                           "保障措施", "保障", "组织实施", "工作要求", "总体要求", "职责分工", "时间安排",
                                           "组织领导", "附则", NULL };
    static const char *const INCLUDE[] = { "任务", "举措", "措施", "重点工作", "主要工作", "工作重点", "主要内容",
                                           "重点工程", "重点项目", "行动", NULL };
    if (strstr(h, "任务") && !strstr(h, "保障")) return true;   /* 目标任务, 主要任务和分工 */
    for (int i = 0; EXCLUDE[i]; i++)
        if (strstr(h, EXCLUDE[i])) return false;
    for (int i = 0; INCLUDE[i]; i++)
        if (strstr(h, INCLUDE[i])) return true;
    return false;
}

/* Where a task's first sub-item starts: （1） (1) ① 一是 … */
static const char *subitem_start(const char *s)
{
    static const char *const MARKS[] = { "（1）", "(1)", "（一）", "①", "⑴", "一是", NULL };
    const char *best = NULL;
    for (int i = 0; MARKS[i]; i++) {
        const char *f = strstr(s, MARKS[i]);
        if (f && f > s && (!best || f < best)) best = f;
    }
    return best;
}

/* A task's title: its first sentence, never its first sub-item, without
 * the colon or comma that led into the text. */
static char *first_sentence(Arena *a, const char *s)
{
    const char *e = strstr(s, "。");
    size_t n = e ? (size_t)(e - s) : strlen(s);
    const char *sub = subitem_start(s);
    if (sub && (size_t)(sub - s) < n) n = (size_t)(sub - s);
    char *t = arena_strndup(a, s, n);
    size_t l = strlen(t);
    while (l >= 3 && (strcmp(t + l - 3, "：") == 0 || strcmp(t + l - 3, "；") == 0 || strcmp(t + l - 3, "，") == 0)) t[l -= 3] = '\0';
    while (l && (t[l - 1] == ':' || t[l - 1] == ';' || t[l - 1] == '.' || t[l - 1] == ' ')) t[--l] = '\0';
    return t;
}

static void add_skipped(ImportResult *r, const char *where, const char *line)
{
    size_t n = strlen(line);
    if (n > 90) {   /* at a character's start: never half a character in a message */
        n = 90;
        while (n && ((unsigned char)line[n] & 0xC0) == 0x80) n--;
    }
    *ARRAY_PUSH(r->skipped, r->n_skipped, r->cap_skipped) = arena_printf(&r->arena, "%s: %.*s", where, (int)n, line);
}


/* The paragraphs of a plan, each starting at a marker in sequence (一、
 * （一） 1．); the text between markers joins the paragraph before it. */
typedef struct {
    Para *items;
    size_t n, cap;
} Paras;

/* The marker a line starts with, if it continues the sequence. */
typedef struct {
    int last_top, last_section, last_task;
    bool in_key;
} Markers;

static ParaKind line_marker(ImportResult *r, Patterns *p, const char *line, const Markers *m, const Paras *ps,
                            int *number, char **head, const char *where)
{
    if (match(p, RE_TOP, line, 0)) {
        int v = cn_numeral(group_dup(&r->arena, p, line, 1));
        char *h = group_dup(&r->arena, p, line, 2);
        /* an excerpt may start at its key part (三、主要任务) */
        if (v == m->last_top + 1 || (m->last_top == 0 && v > 1 && key_heading(h))) { *number = v; *head = h; return P_TOP; }
    }
    if (match(p, RE_SECTION, line, 0)) {
        int v = cn_numeral(group_dup(&r->arena, p, line, 1));
        if (v == m->last_section + 1) { *number = v; *head = group_dup(&r->arena, p, line, 2); return P_SECTION; }
    }
    if (m->in_key && match(p, RE_TASK, line, 0)) {
        int v = atoi(group_dup(&r->arena, p, line, 1));
        bool first_of_section = v == 1 && m->last_section > 0 && ps->n && ps->items[ps->n - 1].kind == P_SECTION;
        if (v == m->last_task + 1 || first_of_section) {
            *number = v;
            *head = group_dup(&r->arena, p, line, 2);
            return P_TASK;
        }
        add_skipped(r, where, line);
    }
    return P_TEXT;
}

/* A heading line: the marker's text is a paragraph of its own, short and
 * without a full stop; its text is in the paragraphs below. */
static bool heading_alone(const Lines *L, size_t i, const char *head)
{
    return L->ends[i] && *head && strlen(head) <= 150 && !strstr(head, "。") && !strstr(head, "；");
}

static void split_paragraphs(ImportResult *r, Patterns *p, const Lines *L, Paras *ps)
{
    Markers m = { 0, 0, 0, false };
    size_t cap_key_parts = 0;
    for (size_t i = 0; i < L->n_lines; i++) {
        const char *line = L->lines[i];
        int number = 0;
        char *head = NULL;
        ParaKind kind = line_marker(r, p, line, &m, ps, &number, &head, L->where[i]);
        if (kind == P_TEXT && m.in_key && match(p, RE_END, line, 0)) break;
        if (kind == P_TOP) {
            m.last_top = number;
            m.last_section = 0;
            m.in_key = key_heading(head);
            if (m.in_key) *ARRAY_PUSH(r->key_parts, r->n_key_parts, cap_key_parts) = head;
        } else if (kind == P_SECTION) {
            m.last_section = number;
        } else if (kind == P_TASK) {
            m.last_task = number;
        } else {
            if (ps->n) {
                Para *prev = &ps->items[ps->n - 1];
                if (!prev->body_first) prev->body_first = L->where[i];
                buf_puts(&prev->text, line);
                prev->last = L->where[i];
            }
            continue;
        }
        Para *pa = ARRAY_PUSH(ps->items, ps->n, ps->cap);
        memset(pa, 0, sizeof *pa);
        pa->kind = kind;
        pa->number = kind == P_TOP && !m.in_key ? -number : number;   /* negative: not a key part */
        pa->head = head;
        pa->alone = heading_alone(L, i, head);
        pa->first = pa->last = L->where[i];
        if (!pa->alone) buf_puts(&pa->text, head);
    }
}

/* Do the key parts' task numbers start again in every section? Then a
 * task's id is section.number. */
static bool numbering_restarts(const Paras *ps)
{
    int prev = 0;
    bool key = false, restarts = false;
    for (size_t i = 0; i < ps->n; i++) {
        if (ps->items[i].kind == P_TOP) key = ps->items[i].number > 0;
        if (key && ps->items[i].kind == P_TASK) {
            if (ps->items[i].number <= prev) restarts = true;
            prev = ps->items[i].number;
        }
    }
    return restarts;
}

/* A key part without numbered tasks takes its （一） items as tasks. */
static bool sections_as_tasks(Paras *ps)
{
    bool any = false;
    bool key = false;
    size_t part_start = 0;
    for (size_t i = 0; i <= ps->n; i++) {
        if (i < ps->n && ps->items[i].kind != P_TOP) continue;
        bool has_tasks = false;
        for (size_t j = part_start; key && j < i; j++) has_tasks |= ps->items[j].kind == P_TASK;
        for (size_t j = part_start; key && !has_tasks && j < i; j++)
            if (ps->items[j].kind == P_SECTION) { ps->items[j].kind = P_TASK; any = true; }
        if (i == ps->n) break;
        key = ps->items[i].number > 0;
        part_start = i + 1;
    }
    return any;
}

/* "lines 40–44", or "line 40" when it is one */
static char *span(Arena *a, const char *first, const char *last)
{
    if (!last || strcmp(first, last) == 0) return arena_strdup(a, first);
    const char *num = strrchr(last, ' ');
    if (strncmp(first, "line ", 5) == 0 && strncmp(last, "line ", 5) == 0)
        return arena_printf(a, "lines %s–%s", first + 5, num + 1);
    return arena_printf(a, "%s – %s", first, last);
}

static void set_due(Arena *a, ImportTask *t, const char *text, int default_year, const char *from)
{
    Due d = due_in_text(text, default_year);
    t->due = d.kind == DUE_DATE ? d.date : DATE_NONE;
    t->due_ongoing = d.kind == DUE_ONGOING;
    if (d.kind != DUE_NONE) {
        t->due_phrase = arena_strndup(a, text + d.at, d.len);
        t->from_due = arena_strdup(a, from);
    }
}

static void add_task(ImportResult *r, Para *pa, const char *section, int section_no, bool restarts)
{
    Arena *a = &r->arena;
    ImportTask *t = ARRAY_PUSH(r->tasks, r->n_tasks, r->cap_tasks);
    memset(t, 0, sizeof *t);
    char *body = arena_strdup(a, buf_cstr(&pa->text));
    char *head = arena_strdup(a, pa->head);
    units_take_annotation(a, body, t);
    if (pa->alone && t->n_lead + t->n_responsible == 0) units_take_annotation(a, head, t);
    const char *body_first = pa->alone && pa->body_first ? pa->body_first : pa->first;
    t->from_units = t->n_lead + t->n_responsible ? span(a, body_first, pa->last) : NULL;
    t->no = arena_printf(a, "%d", pa->number);
    t->id = restarts ? arena_printf(a, "%d.%d", section_no, pa->number) : t->no;
    t->section = section ? arena_strdup(a, section) : NULL;
    t->title = first_sentence(a, pa->alone ? head : body);
    t->text = pa->alone && *body ? body : pa->alone ? head : body;
    t->from_title = arena_strdup(a, pa->first);
    t->from_text = span(a, body_first, pa->last);
    set_due(a, t, t->text, 0, t->from_text);
    indicators_find(a, t->text, t, t->due);
}

/* A section's name: its heading line, or the first sentence of its
 * paragraph. */
static const char *section_name(Arena *a, Para *pa)
{
    return pa->alone ? first_sentence(a, pa->head) : first_sentence(a, buf_cstr(&pa->text));
}

/* How the plan laid its tasks out, for the user's review. */
static ImportLayout body_layout(const Paras *ps)
{
    size_t alone = 0, tasks = 0;
    bool key = false;
    for (size_t i = 0; i < ps->n; i++) {
        if (ps->items[i].kind == P_TOP) key = ps->items[i].number > 0;
        if (!key || ps->items[i].kind != P_TASK) continue;
        tasks++;
        alone += ps->items[i].alone;
    }
    if (alone * 2 > tasks) return LAYOUT_HEADINGS;
    return LAYOUT_INLINE;
}

/* Tasks: the numbered items of key parts, with their sections. */
static void make_tasks(ImportResult *r, Paras *ps)
{
    bool restarts = numbering_restarts(ps);
    bool groups = sections_as_tasks(ps);
    bool key = false;
    const char *section = NULL;
    int section_no = 0;
    for (size_t i = 0; i < ps->n; i++) {
        Para *pa = &ps->items[i];
        if (pa->kind == P_TOP) { key = pa->number > 0; section = NULL; continue; }
        if (!key) continue;
        if (pa->kind == P_SECTION) {
            section = section_name(&r->arena, pa);
            section_no = pa->number;
        } else if (pa->kind == P_TASK) {
            add_task(r, pa, section, section_no, restarts);
        }
    }
    r->layout = groups ? LAYOUT_GROUPS : body_layout(ps);
}

/* ---- a task-breakdown table as the ledger ---- */

/* Text without blanks, punctuation and its numbering, to match a table's
 * task with the body's heading of the same task. */
static char *match_key(Arena *a, const char *s)
{
    Buf b = {0};
    for (const char *c = s; *c; c += utf8_len(c)) {
        size_t l = utf8_len(c);
        if ((unsigned char)*c < 0x80 && !((*c >= '0' && *c <= '9') || (*c | 32) >= 'a')) continue;
        if (l == 3 && (unsigned char)c[0] == 0xE3 && (unsigned char)c[1] == 0x80) continue;   /* 、。《》「」… */
        if (l == 3 && (unsigned char)c[0] == 0xEF && (unsigned char)c[1] == 0xBC) continue;   /* full-width ，：（） */
        buf_append(&b, c, l);
    }
    char *k = arena_strdup(a, b.data ? buf_cstr(&b) : "");
    buf_free(&b);
    return k;
}

/* The body's section of the numbered task (or the section itself) whose
 * heading is the table's task. */
static const char *body_section(ImportResult *r, const ImportTask *body, size_t n_body, Paras *ps, const char *title)
{
    char *want = match_key(&r->arena, title);
    if (strlen(want) < 6) return NULL;
    for (size_t i = 0; i < n_body; i++) {
        char *have = match_key(&r->arena, body[i].title);
        if (strlen(have) >= 6 && (strstr(have, want) || strstr(want, have))) return body[i].section;
    }
    for (size_t i = 0; i < ps->n; i++)
        if (ps->items[i].kind == P_SECTION && strstr(match_key(&r->arena, section_name(&r->arena, &ps->items[i])), want))
            return section_name(&r->arena, &ps->items[i]);
    return NULL;
}

/* Units from a table's cells: 牵头单位 and 责任单位 columns as they say;
 * one 责任单位 column alone names the lead first (排在第一位的为牵头单位)
 * unless it says who leads (A牵头，B配合). */
static void table_units(Arena *a, const TaskRow *row, ImportTask *t)
{
    size_t cap_l = 0, cap_r = 0;
    char *lead = arena_strdup(a, row->lead), *resp = arena_strdup(a, row->responsible);
    for (char *c = lead; *c; c++) if (*c == '\n') *c = ',';
    for (char *c = resp; *c; c++) if (*c == '\n') *c = ',';
    if (*lead && !strstr(lead, "牵头")) units_split(a, lead, strlen(lead), &t->lead, &t->n_lead, &cap_l);
    else if (*lead) units_parse(a, lead, t);
    if (*resp && !*lead && (strstr(resp, "牵头") || strstr(resp, "配合"))) { units_parse(a, resp, t); return; }
    if (*resp) units_split(a, resp, strlen(resp), &t->responsible, &t->n_responsible, &cap_r);
    if (!*lead && t->n_responsible) {
        grow_array((void **)&t->lead, &cap_l, 1, sizeof *t->lead);
        t->lead[t->n_lead++] = t->responsible[0];
        memmove(t->responsible, t->responsible + 1, --t->n_responsible * sizeof *t->responsible);
    }
}

/* A cell's text with its line breaks joined (Chinese text: no space). */
static char *joined(Arena *a, const char *s)
{
    char *o = arena_strdup(a, s), *w = o;
    for (const char *c = s; *c; c++)
        if (*c != '\n') *w++ = *c;
    *w = '\0';
    return o;
}

static void add_table_task(ImportResult *r, const TaskRow *row, const char *section, size_t index, int default_year)
{
    Arena *a = &r->arena;
    ImportTask *t = ARRAY_PUSH(r->tasks, r->n_tasks, r->cap_tasks);
    memset(t, 0, sizeof *t);
    char *no = text_trim(a, row->no, strlen(row->no));
    bool numeric = *no && strspn(no, "0123456789.") == strlen(no);
    t->no = numeric ? no : arena_printf(a, "%zu", index);
    t->id = t->no;
    char *title = joined(a, row->title);
    t->title = first_sentence(a, title);
    t->text = *row->text ? joined(a, row->text) : title;
    t->section = section ? arena_strdup(a, section) : NULL;
    t->from_title = arena_printf(a, "%s, task column", row->where);
    t->from_text = arena_printf(a, "%s, %s column", row->where, *row->text ? "content" : "task");
    table_units(a, row, t);
    if (t->n_lead + t->n_responsible) t->from_units = arena_printf(a, "%s, unit columns", row->where);
    if (*row->due) set_due(a, t, row->due, default_year, arena_printf(a, "%s, deadline column", row->where));
    else set_due(a, t, t->text, 0, t->from_text);
    indicators_find(a, t->text, t, t->due);
}

/* The plan's task table, if it has one: the one with most task rows. */
static int find_task_table(const PlanDoc *doc, Arena *a, TaskTable *best)
{
    int index = -1;
    memset(best, 0, sizeof *best);
    for (size_t i = 0; i < doc->n_tables; i++) {
        TaskTable tt;
        if (!task_table_read(a, &doc->tables[i], &tt)) continue;
        if (tt.n_rows > best->n_rows) {
            free(best->rows);
            *best = tt;
            index = (int)i;
        } else free(tt.rows);
    }
    return index;
}

/* The table's rows become the tasks; the body's numbered headings give
 * their sections where the table has no groups of its own. */
static void tasks_from_table(ImportResult *r, Patterns *p, const TaskTable *tt, Paras *ps)
{
    ImportTask *body = r->tasks;
    size_t n_body = r->n_tasks;
    r->body_tasks = n_body;
    r->tasks = NULL;
    r->n_tasks = r->cap_tasks = 0;
    int year = 0, y, m, d;
    if (r->issued_on != DATE_NONE) { date_to_ymd(r->issued_on, &y, &m, &d); year = y; }
    for (size_t i = 0; i < tt->n_rows; i++) {
        const TaskRow *row = &tt->rows[i];
        const char *section = NULL;
        if (*row->group) {
            section = row->group;
            if (match(p, RE_TOP, section, 0) || match(p, RE_SECTION, section, 0)) section = group_dup(&r->arena, p, section, 2);
        } else section = body_section(r, body, n_body, ps, joined(&r->arena, row->title));
        add_table_task(r, row, section, i + 1, year);
    }
    for (size_t i = 0; i < n_body; i++) {
        free(body[i].lead);
        free(body[i].responsible);
        free(body[i].indicators);
    }
    free(body);
    r->layout = LAYOUT_TABLE;
    r->table_where = arena_strdup(&r->arena, tt->where);
}

ImportResult *import_plan(const PlanDoc *doc)
{
    ImportResult *r = xcalloc(1, sizeof *r);
    r->issued_on = DATE_NONE;
    Patterns p;
    patterns_open(&p);
    TaskTable tt;
    int table = find_task_table(doc, &r->arena, &tt);
    Lines L = { &r->arena, &p, NULL, NULL, NULL, NULL, 0, 0, 0, 0 };
    clean_lines(&L, doc, table);
    mark_paragraph_ends(&L, doc->lines_are_paragraphs);
    PlanFacts facts;
    planfacts_read(&r->arena, L.lines, L.n_lines, 60, &facts);
    r->title = facts.title;
    r->doc_no = facts.doc_no;
    r->issued_by = facts.issued_by;
    r->issued_on = facts.issued_on;
    r->valid_until = facts.valid_until;
    r->valid_from = facts.valid_from;
    Paras ps = { NULL, 0, 0 };
    split_paragraphs(r, &p, &L, &ps);
    make_tasks(r, &ps);
    /* a table without a task column (指标, 目标值, 责任单位) is the ledger
     * only when the body has no tasks */
    if (table >= 0 && !(tt.titles_from_content && r->n_tasks > 0)) tasks_from_table(r, &p, &tt, &ps);
    free(tt.rows);
    for (size_t i = 0; i < ps.n; i++) buf_free(&ps.items[i].text);
    free(ps.items);
    free(L.lines);
    free(L.where);
    free(L.blank_before);
    patterns_close(&p);
    return r;
}

void import_free(ImportResult *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->n_tasks; i++) {
        free(r->tasks[i].lead);
        free(r->tasks[i].responsible);
        free(r->tasks[i].indicators);
    }
    free(r->tasks);
    free(r->key_parts);
    free(r->skipped);
    arena_free(&r->arena);
    free(r);
}
