/* form.c - see form.h: the form's columns, wording and identity. */
#include "cli/form.h"
#include "base/date.h"
#include "base/sha256.h"
#include "base/util.h"

#include <stdio.h>
#include <string.h>

const char *const FORM_HEADERS[COL_COUNT] = {
    "类型", "编号", "名称", "完成时限", "上季度状态", "上季度进度(%)", "本季度状态", "本季度进度(%)",
    "工作进展", "存在问题", "下步计划", "指标单位", "指标目标", "上次数值", "本季度数值",
};

const char FORM_INSTRUCTIONS[] =
    "填报说明：每项任务填写“本季度状态”（已完成、序时推进、滞后、未启动四者之一）和“本季度进度(%)”"
    "（0到100的数字；已完成可不填，按100计；未启动可不填，按0计），以及工作进展、存在问题、下步计划；"
    "每项指标填写“本季度数值”（数字，未取得可空着）。类型、编号、名称、完成时限、上季度和指标目标各列请勿修改；"
    "请勿增删行列或改动前三行。";

void form_identity(const Data *d, size_t inst, int period, char out[160])
{
    Sha256 h;
    sha256_init(&h);
    char buf[64];
    for (size_t t = 0; t < d->n_tasks; t++) {
        if (!d->tasks[t].assigned[inst]) continue;
        const Task *task = &d->tasks[t];
        snprintf(buf, sizeof buf, "\x1f%d\x1e", task->due);
        sha256_update(&h, task->id, strlen(task->id) + 1);
        sha256_update(&h, task->title, strlen(task->title) + 1);
        sha256_update(&h, buf, strlen(buf));
    }
    for (size_t i = 0; i < d->n_indicators; i++) {
        if (!indicator_applies(d, i, inst)) continue;
        const Indicator *x = &d->indicators[i];
        snprintf(buf, sizeof buf, "\x1f%.9g\x1f%d\x1e", x->target, x->due);
        sha256_update(&h, x->id, strlen(x->id) + 1);
        sha256_update(&h, x->name, strlen(x->name) + 1);
        sha256_update(&h, buf, strlen(buf));
    }
    char hex[65], p[16];
    sha256_final_hex(&h, hex);
    hex[16] = '\0';
    period_format(period, p);
    snprintf(out, 160, "jindu-form 1; institution=%s; period=%s; tasks=%s", d->institutions[inst].id, p, hex);
}

/* The value of "key=" in an identity, into out. */
static void identity_part(const char *id, const char *key, char *out, size_t n)
{
    const char *f = strstr(id, key);
    out[0] = '\0';
    if (!f) return;
    f += strlen(key);
    size_t l = strcspn(f, ";");
    snprintf(out, n, "%.*s", (int)l, f);
}

const char *form_identity_differs(const char *a, const char *b)
{
    static const char *const KEYS[] = { "institution=", "period=", "tasks=" };
    static const char *const NAMES[] = { "institution", "period", "task list" };
    for (int k = 0; k < 3; k++) {
        char x[80], y[80];
        identity_part(a, KEYS[k], x, sizeof x);
        identity_part(b, KEYS[k], y, sizeof y);
        if (strcmp(x, y) != 0) return NAMES[k];
    }
    return NULL;
}

void form_cell_name(int row, int col, char out[16])
{
    char letters[8];
    int n = 0;
    for (int c = col + 1; c > 0 && n < 7; c = (c - 1) / 26) letters[n++] = (char)('A' + (c - 1) % 26);
    int k = 0;
    while (n) out[k++] = letters[--n];
    snprintf(out + k, 16 - (size_t)k, "%d", row);
}
