/* indicators.c - see indicators.h. */
#include "import/indicators.h"
#include "base/date.h"
#include "base/utf8.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>

/* The measure's name before a target: back to the previous punctuation,
 * at most 24 characters (*cut: the limit came first, the name may be cut
 * in the middle of a phrase). */
static char *name_before(Arena *a, const char *text, size_t at, bool *cut)
{
    size_t start = at, chars = 0;
    while (start > 0 && chars < 24) {
        size_t p = start - 1;
        while (p > 0 && ((unsigned char)text[p] & 0xC0) == 0x80) p--;
        const char *c = text + p;
        if (strncmp(c, "，", 3) == 0 || strncmp(c, "。", 3) == 0 || strncmp(c, "；", 3) == 0 ||
            strncmp(c, "、", 3) == 0 || strncmp(c, "：", 3) == 0 || *c == ',' || *c == ';' ||
            strncmp(c, "“", 3) == 0 || strncmp(c, "”", 3) == 0)
            break;
        start = p;
        chars++;
    }
    *cut = chars >= 24 && start > 0;
    char *n = arena_strndup(a, text + start, at - start);
    /* "到2025年…", "使…", "全区…": the measure is what follows */
    static const char *const LEADS[] = { "力争", "确保", "其中", "全区", "全市", "全县", "到", "使", "将", "并", "且", "实现" };
    bool again = true;
    while (again) {
        again = false;
        for (size_t i = 0; i < sizeof LEADS / sizeof *LEADS; i++)
            if (strncmp(n, LEADS[i], strlen(LEADS[i])) == 0 && strlen(n) > strlen(LEADS[i]) + 3) {
                n += strlen(LEADS[i]);
                again = true;
            }
        /* a year */
        if (n[0] >= '0' && n[0] <= '9') {
            char *y = strstr(n, "年");
            if (y && y - n <= 5) {
                n = y + 3;
                /* 2025年底前, 2025年末: the time, not the measure */
                while (strncmp(n, "底", 3) == 0 || strncmp(n, "末", 3) == 0 || strncmp(n, "前", 3) == 0) n += 3;
                again = true;
            }
        }
    }
    return n;
}

void indicators_find(Arena *a, const char *text, ImportTask *t, int task_due)
{
    static const char *const VERBS[] = { "达到", "达", "不低于", "不少于", "提高到", "提升至", "提高至", "达至", NULL };
    static const char *const LOWER[] = { "控制在", "降低到", "降至", "不超过", "不高于", "低于", NULL };
    size_t cap = 0;
    size_t n = strlen(text);
    for (size_t i = 0; i < n; i += utf8_len(text + i)) {
        const char *verb = NULL;
        bool lower = false;
        for (int k = 0; VERBS[k] && !verb; k++)
            if (strncmp(text + i, VERBS[k], strlen(VERBS[k])) == 0) verb = VERBS[k];
        for (int k = 0; LOWER[k] && !verb; k++)
            if (strncmp(text + i, LOWER[k], strlen(LOWER[k])) == 0) { verb = LOWER[k]; lower = true; }
        if (!verb) continue;
        const char *v = text + i + strlen(verb);
        char *end;
        double x = strtod(v, &end);
        if (end == v || x < 0 || !(*v >= '0' && *v <= '9')) continue;
        /* its unit: % or a measure word */
        const char *u = end;
        while (*u == ' ') u++;
        char unit[16] = "";
        if (*u == '%' || strncmp(u, "％", 3) == 0) strcpy(unit, "%");
        else {
            static const char *const UNITS[] = { "级", "人", "个", "家", "所", "项", "张", "名", "台", "万元", "亿元", "元",
                                                 "岁", "天", "次", "分钟", "小时", "辆", NULL };
            for (int k = 0; UNITS[k]; k++)
                if (strncmp(u, UNITS[k], strlen(UNITS[k])) == 0) { strcpy(unit, UNITS[k]); break; }
        }
        if (!*unit) continue;
        /* 低于800人的行政村: a condition on what is counted, not a target */
        if (strncmp(u + strlen(unit), "的", 3) == 0 || strncmp(u + strlen(unit), "以上的", 9) == 0 ||
            strncmp(u + strlen(unit), "以下的", 9) == 0)
            continue;
        bool cut;
        char *name = name_before(a, text, i, &cut);
        if (strlen(name) < 6) continue;   /* two characters or fewer: not a measure */
        /* the year this target is for: the nearest year before it in the same sentence */
        int due = task_due;
        for (size_t j = i; j > 0; j--) {
            if (strncmp(text + j, "。", 3) == 0) break;
            if (text[j] == '2' && text[j + 1] == '0' && text[j + 4] && strncmp(text + j + 4, "年", 3) == 0) {
                int y = atoi(text + j);
                if (y >= 2000 && y < 2100) { due = date_from_ymd(y, 12, 31); break; }
            }
        }
        grow_array((void **)&t->indicators, &cap, t->n_indicators + 1, sizeof *t->indicators);
        ImportIndicator *ind = &t->indicators[t->n_indicators++];
        ind->name = name;
        ind->unit = arena_strdup(a, unit);
        ind->target = x;
        ind->due = due;
        ind->lower_better = lower;
        ind->name_cut = cut;
        i = (size_t)(end - text) - 1;
    }
}
