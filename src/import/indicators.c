/* indicators.c - see indicators.h.
 *
 * Three shapes of a numeric target, each a candidate named by its phrase:
 *   measure + verb + value:   三级医院预约诊疗率达到50%以上, 床位使用率控制在90%
 *   verb + count + thing:     建成3个以上国家级临床重点专科 → 国家级临床重点专科数
 *   share + thing:            80%二级以上公立医院建成智慧医院 → …的比例
 * Numbers a hard wrap split ("4" / "0%左右", "1 000张") are joined first. */
#include "import/indicators.h"
#include "base/date.h"
#include "base/utf8.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>

static bool starts(const char *s, const char *w) { return strncmp(s, w, strlen(w)) == 0; }
static bool digit(char c) { return c >= '0' && c <= '9'; }

static const char *const VERBS[] = { "达到或超过", "达到", "达", "不低于", "不少于", "提高到", "提升至", "提高至", "提升到",
                                     "达至", "超过", "增加到", "增长到", "增至", "保持在", "稳定在", "突破", NULL };
static const char *const LOWER[] = { "控制在", "降低到", "降低至", "降至", "不超过", "不高于", "低于", "缩短至", "缩短到", NULL };

/* Where a phrase ends: quotes and brackets belong to the phrase
 * (每千人口执业（助理）医师数, 达到“美丽医院”建设标准). */
static bool clause_mark(const char *c)
{
    return starts(c, "，") || starts(c, "。") || starts(c, "；") || starts(c, "：") || starts(c, "、") || *c == ',' ||
           *c == ';' || *c == '\n';
}

/* The text with the blanks a hard wrap or a thousands gap left inside a
 * number removed: "4 0%" "4\n0%" "1 000张" "达 50%" read as one value. */
static char *join_numbers(Arena *a, const char *text)
{
    size_t n = strlen(text);
    char *s = arena_alloc(a, n + 1);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        char c = text[i];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            size_t j = i;
            while (j < n && (text[j] == ' ' || text[j] == '\n' || text[j] == '\t' || text[j] == '\r')) j++;
            bool before = w > 0 && (digit(s[w - 1]) || s[w - 1] == '.');
            bool after = j < n && (digit(text[j]) || text[j] == '.' || text[j] == '%' || starts(text + j, "％"));
            if ((before && after) || (after && w >= 3 && (starts(s + w - 3, "达") || starts(s + w - 3, "到") ||
                                                          starts(s + w - 3, "至") || starts(s + w - 3, "于")))) {
                i = j - 1;
                continue;
            }
        }
        s[w++] = c;
    }
    s[w] = '\0';
    return s;
}

/* A value at v: digits (a range 1~3 gives its lower end); its end. */
static bool read_value(const char *v, double *x, const char **end)
{
    if (!digit(*v)) return false;
    char *e;
    *x = strtod(v, &e);
    if (e == v || *x < 0) return false;
    if (*e == '~' || *e == '-' || starts(e, "～") || starts(e, "—") || starts(e, "－")) {
        const char *r = e + (*e == '~' || *e == '-' ? 1 : 3);
        char *e2;
        if (digit(*r)) {
            strtod(r, &e2);
            e = e2;
        }
    }
    *end = e;
    return true;
}

static const char *const COUNTS[] = { "个", "家", "所", "项", "名", "人", "张", "支", "座", "台", "辆", "种", "批", NULL };
static const char *const UNITS[] = { "级", "万元", "亿元", "元", "岁", "天", "次", "分钟", "小时", "平方米", "万人次",
                                     "人次", NULL };

/* The unit at u: % or a measure word; "" when none. */
static const char *unit_at(const char *u, bool *count)
{
    *count = false;
    if (*u == '%' || starts(u, "％")) return "%";
    for (int k = 0; UNITS[k]; k++)
        if (starts(u, UNITS[k])) return UNITS[k];
    for (int k = 0; COUNTS[k]; k++)
        if (starts(u, COUNTS[k])) { *count = true; return COUNTS[k]; }
    return "";
}

static size_t unit_len(const char *u, const char *unit)
{
    return strcmp(unit, "%") == 0 ? (*u == '%' ? 1 : 3) : strlen(unit);
}

/* 以上, 及以上, 左右, 以内 after a value */
static const char *skip_bound(const char *s)
{
    static const char *const B[] = { "及以上", "以上", "左右", "以内", "以下", NULL };
    for (int k = 0; B[k]; k++)
        if (starts(s, B[k])) return s + strlen(B[k]);
    return s;
}

/* The measure's name before a target: back to the previous punctuation,
 * at most 32 characters (*cut: the limit came first). */
static char *name_before(Arena *a, const char *text, size_t at, bool *cut)
{
    size_t start = at, chars = 0;
    int closed = 0;   /* brackets closed after this point: an open one before it starts an aside (（其中…) */
    while (start > 0 && chars < 32) {
        size_t p = start - 1;
        while (p > 0 && ((unsigned char)text[p] & 0xC0) == 0x80) p--;
        if (clause_mark(text + p)) break;
        if (starts(text + p, "）")) closed++;
        if (starts(text + p, "（") && closed-- == 0) break;
        start = p;
        chars++;
    }
    *cut = chars >= 32 && start > 0;
    char *n = arena_strndup(a, text + start, at - start);
    if (starts(n, "（")) n += 3;
    /* "到2025年…", "使…", "全区…": the measure is what follows */
    static const char *const LEADS[] = { "力争", "确保", "其中", "全区", "全市", "全县", "到", "使", "将", "并", "且",
                                         "实现", "分别", "均", "及以上", "以上" };
    for (bool again = true; again;) {
        again = false;
        for (size_t i = 0; i < sizeof LEADS / sizeof *LEADS; i++)
            if (starts(n, LEADS[i]) && strlen(n) > strlen(LEADS[i]) + 3) {
                n += strlen(LEADS[i]);
                again = true;
            }
        if (digit(n[0])) {   /* a year: 2025年底前 is the time, not the measure */
            char *y = strstr(n, "年");
            if (y && y - n <= 5) {
                n = y + 3;
                while (starts(n, "底") || starts(n, "末") || starts(n, "前")) n += 3;
                again = true;
            }
        }
    }
    return n;
}

/* The thing counted after a count: up to the clause's end, at most 20
 * characters; NULL when it is not a phrase of at least two characters. */
static char *phrase_after(Arena *a, const char *s, bool *cut)
{
    while (starts(s, "的")) s += 3;
    const char *e = s;
    int chars = 0;
    while (*e && (!clause_mark(e) || starts(e, "、")) && chars < 24) {   /* 标准化、规范化…机构: one phrase */
        e += utf8_len(e);
        chars++;
    }
    *cut = chars >= 24 && *e && !clause_mark(e);
    if (chars < 2 || digit(*s)) return NULL;
    return arena_strndup(a, s, (size_t)(e - s));
}

static bool ends_with(const char *s, const char *w)
{
    size_t n = strlen(s), m = strlen(w);
    return n >= m && strcmp(s + n - m, w) == 0;
}

/* The year this target is for: the nearest year before it in the same
 * sentence, else the task's. */
static int target_due(const char *text, size_t i, int task_due)
{
    for (size_t j = i; j > 0; j--) {
        if (starts(text + j, "。")) break;
        if (text[j] == '2' && text[j + 1] == '0' && digit(text[j + 2]) && digit(text[j + 3]) && starts(text + j + 4, "年")) {
            int y = atoi(text + j);
            if (y >= 2000 && y < 2100) return date_from_ymd(y, 12, 31);
        }
    }
    return task_due;
}

static void add(Arena *a, ImportTask *t, size_t *cap, char *name, const char *unit, double x, int due, bool lower, bool cut)
{
    grow_array((void **)&t->indicators, cap, t->n_indicators + 1, sizeof *t->indicators);
    ImportIndicator *ind = &t->indicators[t->n_indicators++];
    ind->name = name;
    ind->unit = arena_strdup(a, unit);
    ind->target = x;
    ind->due = due;
    ind->lower_better = lower;
    ind->name_cut = cut;
}

/* What a name must hold to be a measure rather than a subject: a name
 * without one is marked for review ("县级公立医院" alone names no measure). */
static bool names_a_measure(const char *name, const char *unit)
{
    static const char *const WORDS[] = { "率", "比例", "占比", "数", "量", "水平", "指数", "面积", "时间", "时长", "天",
                                         "日", "人才", "床位", "医师", "护士", "药师", "专科", "学科", "覆盖", "费用",
                                         "收入", "支出", "级别", "等级", "评价", NULL };
    (void)unit;
    for (int k = 0; WORDS[k]; k++)
        if (strstr(name, WORDS[k])) return true;
    return false;
}

/* measure + verb + value (also measure + value where the measure ends in
 * 率/比例: 预约诊疗率50%以上). Returns the end of what it read, or NULL. */
static const char *verb_target(Arena *a, const char *s, size_t i, ImportTask *t, size_t *cap, int task_due)
{
    const char *verb = NULL;
    bool lower = false;
    for (int k = 0; VERBS[k] && !verb; k++)
        if (starts(s + i, VERBS[k])) verb = VERBS[k];
    for (int k = 0; LOWER[k] && !verb; k++)
        if (starts(s + i, LOWER[k])) { verb = LOWER[k]; lower = true; }
    if (!verb && digit(s[i]) && i >= 3 && !digit(s[i - 1]) && s[i - 1] != '.' && ((unsigned char)s[i - 1] & 0x80) &&
        !clause_mark(s + i - 3))
        verb = "";   /* 预约诊疗率50%以上, 高层次人才120人以上: checked below */
    if (!verb) return NULL;
    const char *v = s + i + strlen(verb), *end;
    double x;
    if (!read_value(v, &x, &end)) return NULL;
    bool count;
    const char *unit = unit_at(end, &count);
    if (!*unit) return NULL;
    const char *after = end + unit_len(end, unit);
    /* 低于800人的行政村: a condition on what is counted, not a target */
    if (starts(after, "的") || starts(after, "以上的") || starts(after, "以下的")) return NULL;
    /* without a verb, only a rate (率, 比例) or a count with its bound
     * (人才120人以上) is a target: 3家医院 is a subject */
    if (!*verb && !(starts(s + i - 3, "率") || (i >= 6 && starts(s + i - 6, "比例")) || skip_bound(after) != after))
        return NULL;
    bool cut;
    char *name = name_before(a, s, i, &cut);
    if (strlen(name) < 6) return NULL;
    const char *stop = skip_bound(after);
    /* a subject alone (二级公立医院达到4级以上: the measure is the clause
     * before): named by its whole phrase, to review */
    bool measure = names_a_measure(name, unit);
    if (!measure) name = arena_printf(a, "%s%.*s", name, (int)(stop - (s + i)), s + i);
    add(a, t, cap, name, unit, x, target_due(s, i, task_due), lower, cut || !measure);
    return stop;
}

/* A creating verb + thing + count at the clause's end:
 * 创建国家级特色科室或市级临床重点专科1~3个. */
static const char *thing_then_count(Arena *a, const char *s, const char *v, ImportTask *t, size_t *cap, int task_due,
                                    size_t i)
{
    /* the count that ends the clause; a count before it is a condition on
     * what is counted (新增1000张及以上床位规模的区域医疗中心1所) */
    const char *e = NULL;
    int chars = 0;
    for (const char *w = v; *w && !clause_mark(w) && chars < 40; chars++) {
        const char *end;
        double y;
        bool count;
        if (digit(*w) && (w == v || !digit(w[-1])) && read_value(w, &y, &end) && *unit_at(end, &count) && count) {
            const char *after = skip_bound(end + strlen(unit_at(end, &count)));
            if (!*after || clause_mark(after)) e = w;
        }
        w += digit(*w) ? 1 : utf8_len(w);
    }
    if (!e || e == v) return NULL;
    for (const char *w = v; w < e; w += utf8_len(w)) {   /* 引进…人才不少于15人: the verb's target, read there */
        for (int k = 0; VERBS[k]; k++)
            if (starts(w, VERBS[k])) return NULL;
        for (int k = 0; LOWER[k]; k++)
            if (starts(w, LOWER[k])) return NULL;
    }
    const char *end;
    double x;
    bool count;
    if (!read_value(e, &x, &end)) return NULL;
    const char *unit = unit_at(end, &count);
    if (!count) return NULL;
    const char *after = skip_bound(end + strlen(unit));
    if (*after && !clause_mark(after)) return NULL;
    char *thing = arena_strndup(a, v, (size_t)(e - v));
    char *name = ends_with(thing, "数") ? thing : arena_printf(a, "%s数", thing);
    add(a, t, cap, name, unit, x, target_due(s, i, task_due), false, false);
    return after;
}

/* A creating verb + count + thing: 建成3个以上国家级临床重点专科. */
static const char *count_target(Arena *a, const char *s, size_t i, ImportTask *t, size_t *cap, int task_due)
{
    static const char *const MAKE[] = { "建成", "创建", "新建", "建设", "打造", "培育", "新增", "引进", "申报", "组建",
                                        "设立", "培养", "成立", "创成", "达标", "通过", "增加", NULL };
    const char *verb = NULL;
    for (int k = 0; MAKE[k] && !verb; k++)
        if (starts(s + i, MAKE[k])) verb = MAKE[k];
    if (!verb) return NULL;
    const char *v = s + i + strlen(verb), *end;
    while (starts(v, "了")) v += 3;
    double x;
    if (!read_value(v, &x, &end)) return thing_then_count(a, s, v, t, cap, task_due, i);
    bool count;
    const char *unit = unit_at(end, &count);
    if (!count) return NULL;
    const char *after = skip_bound(end + strlen(unit));
    bool cut;
    char *thing = phrase_after(a, after, &cut);
    if (!thing) return NULL;
    for (const char *w = thing; *w; w++)   /* a count that ends the phrase is the target (above) */
        if (digit(*w)) return thing_then_count(a, s, v, t, cap, task_due, i);
    char *name = ends_with(thing, "数") || ends_with(thing, "量") ? thing : arena_printf(a, "%s数", thing);
    add(a, t, cap, name, unit, x, target_due(s, i, task_due), false, cut);
    return after;
}

/* A share + thing: 80%二级以上公立医院建成智慧医院, 50%的二级公立医院达到…标准. */
static const char *share_target(Arena *a, const char *s, size_t i, ImportTask *t, size_t *cap, int task_due)
{
    if (!digit(s[i]) || (i > 0 && (digit(s[i - 1]) || s[i - 1] == '.'))) return NULL;
    const char *end;
    double x;
    if (!read_value(s + i, &x, &end)) return NULL;
    if (!(*end == '%' || starts(end, "％"))) return NULL;
    const char *after = end + (*end == '%' ? 1 : 3);
    if (starts(after, "以上") || starts(after, "以下") || starts(after, "左右") || clause_mark(after) || !*after) return NULL;
    bool cut;
    char *thing = phrase_after(a, after, &cut);
    if (!thing) return NULL;
    add(a, t, cap, arena_printf(a, "%s的比例", thing), "%", x, target_due(s, i, task_due), false, cut);
    return after + strlen(thing);
}

void indicators_find(Arena *a, const char *text, ImportTask *t, int task_due)
{
    char *s = join_numbers(a, text);
    size_t cap = 0, n = strlen(s), i = 0;
    while (i < n) {
        const char *next = verb_target(a, s, i, t, &cap, task_due);
        if (!next) next = count_target(a, s, i, t, &cap, task_due);
        if (!next) next = share_target(a, s, i, t, &cap, task_due);
        i = next && next > s + i ? (size_t)(next - s) : i + utf8_len(s + i);
    }
}
