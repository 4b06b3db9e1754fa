/* units.c - see units.h. */
#include "import/units.h"
#include "import/cleantext.h"
#include "base/utf8.h"
#include "base/util.h"

#include <string.h>

static void push_unit(Arena *a, char ***list, size_t *n, size_t *cap, const char *s, size_t len)
{
    char *u = text_trim(a, s, len);
    size_t l = strlen(u);
    /* "区人民医院等" and trailing punctuation */
    for (;;) {
        if (l >= 3 && (strcmp(u + l - 3, "等") == 0 || strcmp(u + l - 3, "。") == 0 || strcmp(u + l - 3, "；") == 0 ||
                       strcmp(u + l - 3, "，") == 0)) { l -= 3; u[l] = '\0'; continue; }
        if (l >= 1 && (u[l - 1] == ';' || u[l - 1] == ',' || u[l - 1] == '.')) { u[--l] = '\0'; continue; }
        break;
    }
    if (!l) return;
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*list)[i], u) == 0) return;
    grow_array((void **)list, cap, *n + 1, sizeof **list);
    (*list)[(*n)++] = u;
}

/* Does "和" at s start a new unit? Only before what units start with, so
 * 人力资源和社会保障局 stays whole. */
static bool unit_starts(const char *s)
{
    static const char *const PREFIX[] = { "区", "市", "县", "镇", "街", "乡", "各", "有关", "省", "州", "旗", "中",
                                          "国", "团", "共青团", "妇联", "残联", "红十字" };
    for (size_t i = 0; i < sizeof PREFIX / sizeof *PREFIX; i++)
        if (strncmp(s, PREFIX[i], strlen(PREFIX[i])) == 0) return true;
    return false;
}

/* Split "A、B和C" into units. */
void units_split(Arena *a, const char *s, size_t n, char ***list, size_t *count, size_t *cap)
{
    size_t start = 0;
    for (size_t i = 0; i < n;) {
        size_t l = utf8_len(s + i);
        bool sep = false;
        size_t skip = l;
        if (strncmp(s + i, "、", 3) == 0 || strncmp(s + i, "，", 3) == 0 || s[i] == ',') sep = true;
        else if (strncmp(s + i, "和", 3) == 0 && i > start && unit_starts(s + i + 3)) sep = true;
        else if (strncmp(s + i, "及", 3) == 0 && i > start && unit_starts(s + i + 3)) sep = true;
        if (sep) {
            push_unit(a, list, count, cap, s + start, i - start);
            start = i + skip;
        }
        i += l;
    }
    push_unit(a, list, count, cap, s + start, n - start);
}

static const char *find_any(const char *s, const char *const *words, size_t *wlen)
{
    const char *best = NULL;
    for (size_t i = 0; words[i]; i++) {
        const char *f = strstr(s, words[i]);
        if (f && (!best || f < best)) { best = f; *wlen = strlen(words[i]); }
    }
    return best;
}

/* Read an annotation's content into lead and responsible. Returns false
 * when it is not an annotation about units. */
bool units_parse(Arena *a, const char *c, ImportTask *t)
{
    static const char *const LEAD_LABELS[] = { "牵头单位", "牵头部门", "主责单位", "主办单位", NULL };
    static const char *const RESP_LABELS[] = { "责任单位", "责任部门", "配合单位", "协办单位", "参与单位", "协同单位",
                                               "配合部门", NULL };
    size_t cap_l = 0, cap_r = 0;
    bool any = false;
    /* labelled lists: 牵头单位：…；责任单位：… */
    const char *const *labels[2] = { LEAD_LABELS, RESP_LABELS };
    for (int which = 0; which < 2; which++) {
        for (const char *const *lab = labels[which]; *lab; lab++) {
            const char *f = strstr(c, *lab);
            if (!f) continue;
            const char *v = f + strlen(*lab);
            if (strncmp(v, "：", 3) == 0) v += 3;
            else if (*v == ':') v++;
            else continue;
            /* up to the next label or ；/; */
            const char *end = v + strlen(v);
            static const char *const STOPS[] = { "；", ";", "。", "牵头单位", "责任单位", "配合单位", "协办单位",
                                                 "参与单位", "责任部门", "牵头部门", NULL };
            size_t wl;
            const char *stop = find_any(v, STOPS, &wl);
            if (stop) end = stop;
            if (which == 0) units_split(a, v, (size_t)(end - v), &t->lead, &t->n_lead, &cap_l);
            else units_split(a, v, (size_t)(end - v), &t->responsible, &t->n_responsible, &cap_r);
            any = true;
        }
    }
    if (any) return true;
    /* A牵头，B、C配合 / (A、B和C按职责分工负责) */
    const char *f;
    if ((f = strstr(c, "牵头"))) {
        units_split(a, c, (size_t)(f - c), &t->lead, &t->n_lead, &cap_l);
        const char *rest = f + strlen("牵头");
        while (*rest && (strncmp(rest, "，", 3) == 0 || strncmp(rest, "、", 3) == 0 || *rest == ',' ||
                         strncmp(rest, "；", 3) == 0)) rest += utf8_len(rest);
        static const char *const TAILS[] = { "按职责分工负责", "按职责负责", "配合", "参与", "负责", "协同", NULL };
        size_t wl;
        const char *tail = find_any(rest, TAILS, &wl);
        if (tail && tail > rest) units_split(a, rest, (size_t)(tail - rest), &t->responsible, &t->n_responsible, &cap_r);
        return true;
    }
    static const char *const TAILS[] = { "按职责分工负责", "按照职责分工负责", "按职责负责", "分别负责", "负责", NULL };
    size_t wl;
    const char *tail = find_any(c, TAILS, &wl);
    if (tail && tail > c && (size_t)(tail - c) < 600) {
        units_split(a, c, (size_t)(tail - c), &t->responsible, &t->n_responsible, &cap_r);
        return true;
    }
    return false;
}

/* The last parenthesised part of a task that names units; removed from
 * the text. */
void units_take_annotation(Arena *a, char *text, ImportTask *t)
{
    size_t n = strlen(text);
    /* scan backwards for the last closing parenthesis and its opening */
    for (size_t end = n; end > 0;) {
        size_t close_len = 0;
        if (end >= 3 && strncmp(text + end - 3, "）", 3) == 0) close_len = 3;
        else if (text[end - 1] == ')') close_len = 1;
        if (!close_len) {
            /* only trailing punctuation may follow the annotation */
            if (end >= 3 && (strncmp(text + end - 3, "。", 3) == 0 || strncmp(text + end - 3, "；", 3) == 0)) { end -= 3; continue; }
            if (text[end - 1] == '.' || text[end - 1] == ';' || text[end - 1] == ' ') { end--; continue; }
            return;
        }
        int depth = 0;
        size_t i = end;
        while (i > 0) {
            size_t cl = 0, ol = 0;
            if (i >= 3 && strncmp(text + i - 3, "）", 3) == 0) cl = 3;
            else if (text[i - 1] == ')') cl = 1;
            else if (i >= 3 && strncmp(text + i - 3, "（", 3) == 0) ol = 3;
            else if (text[i - 1] == '(') ol = 1;
            if (cl) { depth++; i -= cl; continue; }
            if (ol) {
                depth--;
                i -= ol;
                if (depth == 0) break;
                continue;
            }
            i--;
            while (i > 0 && ((unsigned char)text[i] & 0xC0) == 0x80) i--;
        }
        if (depth != 0) return;
        size_t open = i, inner = open + (strncmp(text + open, "（", 3) == 0 ? 3 : 1);
        char *content = arena_strndup(a, text + inner, end - close_len - inner);
        if (!units_parse(a, content, t)) return;
        /* drop it, and what punctuation followed, from the text */
        text[open] = '\0';
        size_t l = strlen(text);
        while (l && (text[l - 1] == ' ')) text[--l] = '\0';
        return;
    }
}
