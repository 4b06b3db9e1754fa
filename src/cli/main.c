/* main.c - the command line: parses arguments and hands over to a command.
 * No product logic lives here. */
#include "cli/build.h"
#include "base/diag.h"
#include "base/util.h"

#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define JINDU_VERSION "0.1.0"

static const char USAGE[] =
    "jindu " JINDU_VERSION " — 进度报告、督办通知与考核评估的批量排版工具\n"
    "\n"
    "用法 / usage:\n"
    "  jindu build [--data PATH] [--templates DIR] [--fonts DIR] [--out DIR]\n"
    "              [--only KIND,...] [--institution ID,...] [--jobs N]\n"
    "              [--shard I/N] [--strict] [--quiet]\n"
    "  jindu check [--data PATH] [--templates DIR] [--strict] [--quiet]\n"
    "  jindu import POLICY.txt [-o tasks.json] [--quiet]\n"
    "              实施方案文本 → 任务台账 / a plan's text to the task ledger\n"
    "  jindu fonts [--fonts DIR] [--data PATH] [--templates DIR]\n"
    "              字体角色与缺字检查（数据和模板） / font roles, characters without a font\n"
    "  jindu forms [--data PATH] [--out DIR] [--institution ID,...]\n"
    "              每单位一份填报表（CSV） / one fill-in form per institution\n"
    "  jindu collect FORM.csv... [-o progress.json] [--data PATH] [--partial]\n"
    "              收回填好的报表 / filled forms back into progress entries\n"
    "  jindu init DIR     新建工作目录（示例数据、模板、字体目录） / a new project directory\n"
    "  jindu --help | --version\n"
    "\n"
    "  --data PATH        数据文件或目录 (default: data/)\n"
    "  --templates DIR    模板目录 (default: templates/)\n"
    "  --fonts DIR        字体目录 (default: fonts/)\n"
    "  --out DIR          输出目录 (default: out/); output goes to DIR/<period>/\n"
    "  --only KIND,...    progress, notice, assessment, summary, pack\n"
    "  --institution ID,...  只生成这些单位的文件 / only these institutions\n"
    "  --jobs N           并行数 / parallel jobs (default: number of cores)\n"
    "  --shard I/N        只处理序号 ≡ I (mod N) 的单位 / institutions at positions ≡ I mod N\n"
    "  --strict           警告视为错误，有错误时不生成任何文件 / warnings are errors\n"
    "  --quiet            不显示进度与汇总 / no progress line or summary\n"
    "\n"
    "退出码 / exit status: 0 成功, 1 数据或模板错误, 2 用法错误, 3 读写或字体错误\n";

static int usage_error(const char *fmt, const char *arg)
{
    fputs("jindu: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n(see jindu --help)\n", stderr);
    return EXIT_USAGE;
}

static char **split_list(const char *s, size_t *n)
{
    char **items = NULL;
    size_t cap = 0;
    *n = 0;
    const char *p = s;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len) *(char **)ARRAY_PUSH(items, *n, cap) = xstrndup(p, len);
        p += len + (comma ? 1 : 0);
    }
    return items;
}

static bool parse_kinds(const char *s, unsigned *kinds)
{
    static const char *const names[] = { "progress", "notice", "assessment", "summary", "pack" };
    size_t n;
    char **items = split_list(s, &n);
    bool ok = n > 0;
    *kinds = 0;
    for (size_t i = 0; i < n; i++) {
        bool found = false;
        for (int k = 0; k < 5; k++)
            if (strcmp(items[i], names[k]) == 0) { *kinds |= 1u << k; found = true; }
        ok &= found;
        free(items[i]);
    }
    free(items);
    return ok;
}

/* jindu import POLICY.txt [-o tasks.json] [--quiet] */
static int import_main(int argc, char **argv)
{
    const char *input = NULL, *output = NULL;
    bool quiet = false;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(USAGE, stdout);
            return EXIT_OK;
        }
        if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) quiet = true;
        else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (i + 1 >= argc) return usage_error("%s needs a file name", a);
            output = argv[++i];
        } else if (strncmp(a, "--output=", 9) == 0) output = a + 9;
        else if (a[0] == '-' && a[1]) return usage_error("unknown option \"%s\"", a);
        else if (input) return usage_error("import reads one plan; \"%s\" is one too many", a);
        else input = a;
    }
    if (!input) return usage_error("import needs the plan's text file%s", "");
    return import_run(input, output, quiet);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    atexit(diag_flush_hidden);   /* every command: say what the per-file limit held back */
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(USAGE, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        puts("jindu " JINDU_VERSION);
        return EXIT_OK;
    }
    if (strcmp(cmd, "import") == 0) return import_main(argc, argv);
    if (strcmp(cmd, "init") == 0) {
        const char *dir = NULL;
        bool quiet = false;
        for (int i = 2; i < argc; i++) {
            if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) { fputs(USAGE, stdout); return EXIT_OK; }
            if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) quiet = true;
            else if (argv[i][0] == '-') return usage_error("unknown option \"%s\"", argv[i]);
            else if (dir) return usage_error("init makes one directory; \"%s\" is one too many", argv[i]);
            else dir = argv[i];
        }
        if (!dir) return usage_error("init needs the new project's directory%s", "");
        return init_run(dir, quiet);
    }
    if (strcmp(cmd, "collect") == 0) {
        char **files = xcalloc((size_t)argc, sizeof *files);
        size_t n = 0;
        const char *output = NULL, *data = "data";
        bool partial = false, quiet = false;
        int rc = EXIT_OK;
        for (int i = 2; i < argc && rc == EXIT_OK; i++) {
            const char *a = argv[i];
            if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) { fputs(USAGE, stdout); free(files); return EXIT_OK; }
            if (strcmp(a, "--partial") == 0) partial = true;
            else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) quiet = true;
            else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 || strcmp(a, "--data") == 0) {
                if (i + 1 >= argc) rc = usage_error("%s needs a value", a);
                else if (strcmp(a, "--data") == 0) data = argv[++i];
                else output = argv[++i];
            } else if (a[0] == '-' && a[1]) rc = usage_error("unknown option \"%s\"", a);
            else files[n++] = argv[i];
        }
        if (rc == EXIT_OK && n == 0) rc = usage_error("collect needs at least one filled form (.csv)%s", "");
        if (rc == EXIT_OK) rc = collect_run(files, n, output, data, partial, quiet);
        free(files);
        return rc;
    }
    bool is_build = strcmp(cmd, "build") == 0, is_check = strcmp(cmd, "check") == 0;
    bool is_fonts = strcmp(cmd, "fonts") == 0, is_forms = strcmp(cmd, "forms") == 0;
    if (!is_build && !is_check && !is_fonts && !is_forms) return usage_error("unknown command \"%s\"", cmd);
    bool data_given = false, templates_given = false;

    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    BuildOptions o = { "data", "templates", "fonts", "out", KIND_ALL, NULL, 0, cores > 0 ? (int)cores : 1,
                       0, 1, false, false };
    char *inst_list = NULL;
    int rc = EXIT_OK;
    for (int i = 2; i < argc && rc == EXIT_OK; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(USAGE, stdout);
            return EXIT_OK;
        }
        if (strcmp(a, "--strict") == 0) { o.strict = true; continue; }
        if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) { o.quiet = true; continue; }
        if (strncmp(a, "--", 2) != 0) { rc = usage_error("unexpected argument \"%s\"", a); break; }
        /* --name VALUE or --name=VALUE */
        const char *eq = strchr(a, '=');
        char *name = eq ? xstrndup(a, (size_t)(eq - a)) : xstrdup(a);
        const char *val = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
        static const char *const build_only[] = { "--fonts", "--out", "--only", "--institution", "--jobs",
                                                  "--shard", NULL };
        static const char *const fonts_opts[] = { "--fonts", "--data", "--templates", NULL };
        bool known_for_cmd = true;
        for (const char *const *b = build_only; *b && is_check; b++)
            if (strcmp(name, *b) == 0) known_for_cmd = false;
        static const char *const forms_opts[] = { "--data", "--out", "--institution", NULL };
        if (is_fonts || is_forms) {
            known_for_cmd = false;
            for (const char *const *b = is_fonts ? fonts_opts : forms_opts; *b; b++)
                if (strcmp(name, *b) == 0) known_for_cmd = true;
        }
        if (!known_for_cmd) rc = usage_error("%s is not an option of this command", name);
        else if (!val) rc = usage_error("%s needs a value", name);
        else if (strcmp(name, "--data") == 0) { o.data = val; data_given = true; }
        else if (strcmp(name, "--templates") == 0) { o.templates = val; templates_given = true; }
        else if (strcmp(name, "--fonts") == 0) o.fonts = val;
        else if (strcmp(name, "--out") == 0) o.out = val;
        else if (strcmp(name, "--only") == 0) {
            if (!parse_kinds(val, &o.kinds))
                rc = usage_error("--only takes kinds from progress,notice,assessment,summary,pack; got \"%s\"", val);
        } else if (strcmp(name, "--institution") == 0) {
            free(inst_list);
            inst_list = xstrdup(val);
        } else if (strcmp(name, "--jobs") == 0) {
            char *end;
            long n = strtol(val, &end, 10);
            if (*end || n < 1 || n > 1024) rc = usage_error("--jobs takes a whole number from 1 to 1024, got \"%s\"", val);
            else o.jobs = (int)n;
        } else if (strcmp(name, "--shard") == 0) {
            int si, sn;
            char tail;
            if (sscanf(val, "%d/%d%c", &si, &sn, &tail) != 2 || sn < 1 || si < 0 || si >= sn)
                rc = usage_error("--shard takes I/N with 0 <= I < N, got \"%s\"", val);
            else { o.shard_index = si; o.shard_count = sn; }
        } else rc = usage_error("unknown option \"%s\"", name);
        free(name);
    }
    if (rc == EXIT_OK && inst_list) {
        o.institutions = split_list(inst_list, &o.n_institutions);
        if (o.n_institutions == 0) rc = usage_error("--institution needs at least one id%s", "");
    }
    /* no templates/ here and none given: the installed ones */
    char *installed = NULL;
    struct stat st;
    if (rc == EXIT_OK && !templates_given && stat(o.templates, &st) != 0 && share_dir()) {
        installed = xasprintf("%s/templates", share_dir());
        o.templates = installed;
    }
    if (rc == EXIT_OK)
        rc = is_build ? build_run(&o) : is_check ? check_run(&o) : is_forms ? forms_run(&o) : fonts_run(&o, data_given);
    free(installed);
    for (size_t i = 0; i < o.n_institutions; i++) free(o.institutions[i]);
    free(o.institutions);
    free(inst_list);
    return rc;
}
