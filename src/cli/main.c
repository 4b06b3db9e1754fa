/* main.c - the command line: parses arguments and hands over to a command.
 * No product logic lives here. */
#include "cli/build.h"
#include "base/i18n.h"
#include "base/diag.h"
#include "base/util.h"

#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define JINDU_VERSION "0.1.0"

/* --help: the version line, then this (no macro inside: xgettext reads the literal as it is) */
static const char USAGE[] = N_(
    "progress reports, supervision notices and assessments, typeset in batch\n"
    "\n"
    "usage:\n"
    "  jindu build [--data PATH] [--templates DIR] [--fonts DIR] [--out DIR]\n"
    "              [--only KIND,...] [--institution ID,...] [--jobs N]\n"
    "              [--shard I/N] [--format pdf,ofd,docx] [--strict] [--quiet]\n"
    "  jindu check [--data PATH] [--templates DIR] [--out DIR] [--strict] [--quiet]\n"
    "  jindu preview KIND [--institution ID] [--watch] [--data PATH] [--templates DIR]\n"
    "              one document at once (into out/preview/), again on every change\n"
    "  jindu import PLAN.(txt|docx|html) [-o tasks.json] [--explain] [--quiet]\n"
    "              a plan's text to the task ledger\n"
    "  jindu fonts [--fonts DIR] [--data PATH] [--templates DIR]\n"
    "              font roles, and characters no font has (data and templates)\n"
    "  jindu forms [--data PATH] [--out DIR] [--institution ID,...] [--format xlsx|csv]\n"
    "              one fill-in form per institution (.xlsx, or --format csv)\n"
    "  jindu collect FORM.xlsx|FORM.csv... [-o progress.json] [--data PATH] [--partial]\n"
    "              filled forms back into progress entries\n"
    "  jindu init DIR [--plan PLAN.txt [--institutions LIST.xlsx]]\n"
    "              a new project directory (templates, fonts; the sample data, or data made from a plan)\n"
    "  jindu merge OUT/PERIOD  join the shards' manifests into manifest.json\n"
    "  jindu --help | --version\n"
    "\n"
    "  --data PATH        the data file or directory (default: data/)\n"
    "  --templates DIR    the templates (default: templates/)\n"
    "  --fonts DIR        the fonts (default: fonts/)\n"
    "  --out DIR          the output directory (default: out/); output goes to DIR/<period>/\n"
    "  --only KIND,...    progress, notice, assessment, summary, bulletin, pack, index\n"
    "  --institution ID,...  only these institutions\n"
    "  --jobs N           parallel jobs (default: the number of cores)\n"
    "  --shard I/N        only the institutions at positions = I (mod N)\n"
    "  --strict           warnings are errors; with any error nothing is written\n"
    "  --quiet            no progress line or summary\n"
    "  --format pdf,ofd,docx  build: an .ofd beside every .pdf, a .docx (to edit) beside each notice\n"
    "                     and the bulletin\n"
    "                     forms: xlsx (the default) or csv\n"
    "  --explain          import: where each task's fields came from\n"
    "\n"
    "Messages follow the locale (LANG=zh_CN.UTF-8: Chinese; C or en: English).\n"
    "exit status: 0 success, 1 errors in the data or templates, 2 usage errors, 3 file or font errors\n");

static void print_usage(FILE *f)
{
    fprintf(f, "jindu %s - %s", JINDU_VERSION, _(USAGE));
}

/* fmt: a message with one %s, translated here (xgettext: usage_error:1). */
static int usage_error(const char *fmt, const char *arg)
{
    fputs(_("jindu: error: "), stderr);
    fprintf(stderr, gettext(fmt), arg);
    fputs(_("\n(see jindu --help)\n"), stderr);
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
    size_t n;
    char **items = split_list(s, &n);
    bool ok = n > 0;
    *kinds = 0;
    for (size_t i = 0; i < n; i++) {
        /* index: the overview page, which every unsharded run writes; alone,
         * results.json and index.html without any document */
        int k = strcmp(items[i], "index") == 0 ? -2 : documents_kind_find(items[i]);
        if (k >= 0) *kinds |= KIND_BIT(k);
        ok &= k >= 0 || k == -2;
        free(items[i]);
    }
    free(items);
    return ok;
}

/* ---- options ------------------------------------------------------------ */

enum {
    O_DATA, O_TEMPLATES, O_FONTS, O_OUT, O_ONLY, O_INSTITUTION, O_JOBS, O_SHARD,
    O_OUTPUT, O_STRICT, O_QUIET, O_PARTIAL, O_PLAN, O_WATCH, O_EXPLAIN, O_FORMAT, O_LIST, O_COUNT
};
#define OPT(x) (1u << (x))

/* Every option of every command; a command takes those of its mask. */
static const struct {
    const char *name, *short_name;
    bool value;
} OPTIONS[O_COUNT] = {
    [O_DATA] = { "--data", NULL, true },          [O_TEMPLATES] = { "--templates", NULL, true },
    [O_FONTS] = { "--fonts", NULL, true },        [O_OUT] = { "--out", NULL, true },
    [O_ONLY] = { "--only", NULL, true },          [O_INSTITUTION] = { "--institution", NULL, true },
    [O_JOBS] = { "--jobs", NULL, true },          [O_SHARD] = { "--shard", NULL, true },
    [O_OUTPUT] = { "--output", "-o", true },      [O_STRICT] = { "--strict", NULL, false },
    [O_QUIET] = { "--quiet", "-q", false },       [O_PARTIAL] = { "--partial", NULL, false },
    [O_PLAN] = { "--plan", NULL, true },          [O_WATCH] = { "--watch", NULL, false },
    [O_EXPLAIN] = { "--explain", NULL, false },   [O_FORMAT] = { "--format", NULL, true },
    [O_LIST] = { "--institutions", NULL, true },
};

typedef struct {
    BuildOptions b;
    const char *output, *plan, *list;
    bool partial, data_given, templates_given, out_given, watch, explain;
    const char *format;          /* --format as given: its command reads it */
    char *institutions;          /* --institution as given */
    const char **args;           /* the command's own arguments (files, a directory) */
    size_t n_args;
} Args;

static int set_option(Args *a, int opt, const char *val)
{
    switch (opt) {
    case O_DATA: a->b.data = val; a->data_given = true; break;
    case O_TEMPLATES: a->b.templates = val; a->templates_given = true; break;
    case O_FONTS: a->b.fonts = val; a->b.fonts_given = true; break;
    case O_OUT: a->b.out = val; a->out_given = true; break;
    case O_WATCH: a->watch = true; break;
    case O_EXPLAIN: a->explain = true; break;
    case O_FORMAT: a->format = val; break;
    case O_OUTPUT: a->output = val; break;
    case O_STRICT: a->b.strict = true; break;
    case O_QUIET: a->b.quiet = true; break;
    case O_PARTIAL: a->partial = true; break;
    case O_PLAN: a->plan = val; break;
    case O_LIST: a->list = val; break;
    case O_INSTITUTION: free(a->institutions); a->institutions = xstrdup(val); break;
    case O_ONLY:
        if (!parse_kinds(val, &a->b.kinds))
            return usage_error("--only takes kinds from progress,notice,assessment,summary,bulletin,pack,index; got \"%s\"", val);
        break;
    case O_JOBS: {
        char *end;
        long n = strtol(val, &end, 10);
        if (*end || end == val || n < 1 || n > 1024)
            return usage_error("--jobs takes a whole number from 1 to 1024, got \"%s\"", val);
        a->b.jobs = (int)n;
        break;
    }
    case O_SHARD: {
        int si, sn;
        char tail;
        if (sscanf(val, "%d/%d%c", &si, &sn, &tail) != 2 || sn < 1 || si < 0 || si >= sn)
            return usage_error("--shard takes I/N with 0 <= I < N, got \"%s\"", val);
        a->b.shard_index = si;
        a->b.shard_count = sn;
        break;
    }
    }
    return EXIT_OK;
}

static int find_option(const char *name)
{
    for (int k = 0; k < O_COUNT; k++)
        if (strcmp(name, OPTIONS[k].name) == 0 || (OPTIONS[k].short_name && strcmp(name, OPTIONS[k].short_name) == 0))
            return k;
    return -1;
}

/* An option this command does not take: another command's, or a typo. */
static int unknown_option(const char *cmd, const char *name, unsigned allowed)
{
    if (find_option(name) >= 0) {
        fprintf(stderr, _("jindu: error: %s is not an option of jindu %s\n(see jindu --help)\n"), name, cmd);
        return EXIT_USAGE;
    }
    const char *mine[O_COUNT + 1];
    size_t n = 0;
    for (int k = 0; k < O_COUNT; k++)
        if (allowed & OPT(k)) mine[n++] = OPTIONS[k].name;
    mine[n] = NULL;
    const char *close = closest_word(name, mine);
    if (close) fprintf(stderr, _("jindu: error: unknown option \"%s\" (did you mean \"%s\"?)\n(see jindu --help)\n"), name, close);
    else fprintf(stderr, _("jindu: error: unknown option \"%s\"\n(see jindu --help)\n"), name);
    return EXIT_USAGE;
}

/* --name VALUE, --name=VALUE, -o VALUE, flags, and the command's own
 * arguments. Returns EXIT_OK, EXIT_USAGE, or -1 for --help (printed). */
static int parse_args(int argc, char **argv, unsigned allowed, Args *a)
{
    for (int i = 2; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            print_usage(stdout);
            return -1;
        }
        if (arg[0] != '-' || arg[1] == '\0') {
            a->args[a->n_args++] = arg;
            continue;
        }
        const char *eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL;
        char *name = eq ? xstrndup(arg, (size_t)(eq - arg)) : xstrdup(arg);
        int opt = find_option(name);
        int rc = EXIT_OK;
        if (opt < 0 || !(allowed & OPT(opt))) rc = unknown_option(argv[1], name, allowed);
        else if (!OPTIONS[opt].value && eq) rc = usage_error("%s takes no value", name);
        else if (!OPTIONS[opt].value) rc = set_option(a, opt, NULL);
        else {
            const char *val = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
            rc = val ? set_option(a, opt, val) : usage_error("%s needs a value", name);
        }
        free(name);
        if (rc != EXIT_OK) return rc;
    }
    return EXIT_OK;
}

/* ---- commands ------------------------------------------------------------ */

/* build's --format: pdf (always written), and ofd and docx, in any order. */
static bool parse_output_formats(const char *val, bool *ofd, bool *docx)
{
    bool pdf = false;
    *ofd = *docx = false;
    const char *p = val;
    while (*p) {
        size_t n = strcspn(p, ",");
        if (n == 3 && strncmp(p, "pdf", 3) == 0) pdf = true;
        else if (n == 3 && strncmp(p, "ofd", 3) == 0) *ofd = true;
        else if (n == 4 && strncmp(p, "docx", 4) == 0) *docx = true;
        else return false;
        p += n;
        if (*p == ',') p++;
    }
    return pdf;
}

static int run_build(Args *a)
{
    if (a->format && !parse_output_formats(a->format, &a->b.ofd, &a->b.docx))
        return usage_error("--format takes pdf (the default), with ofd and docx if wanted (pdf,ofd,docx); got \"%s\"",
                           a->format);
    return build_run(&a->b);
}
static int run_check(Args *a) { return check_run(&a->b); }
static int run_fonts(Args *a) { return fonts_run(&a->b, a->data_given); }
static int run_forms(Args *a)
{
    if (a->format && strcmp(a->format, "csv") != 0 && strcmp(a->format, "xlsx") != 0)
        return usage_error("--format takes xlsx (the default) or csv; got \"%s\"", a->format);
    return forms_run(&a->b, a->format && strcmp(a->format, "csv") == 0);
}
static int run_collect(Args *a)
{
    return collect_run((char **)a->args, a->n_args, a->output, a->b.data, a->partial, a->b.quiet);
}
static int run_import(Args *a) { return import_run(a->args[0], a->output, a->b.quiet, a->explain); }
static int run_init(Args *a)
{
    if (a->list && !a->plan) return usage_error("--institutions goes with --plan: %s is the plan's reporting bodies", a->list);
    return init_run(a->args[0], a->plan, a->list, a->b.quiet);
}
static int run_merge(Args *a) { return merge_run(a->args[0], a->b.quiet); }
static int run_preview(Args *a)
{
    /* apart from the real outputs unless told otherwise */
    char *out = a->out_given ? NULL : xasprintf("%s/preview", a->b.out);
    if (out) a->b.out = out;
    int rc = preview_run(&a->b, a->args[0], a->watch);
    free(out);
    return rc;
}

#define COMMON (OPT(O_STRICT) | OPT(O_QUIET))
static const struct {
    const char *name;
    int (*run)(Args *a);
    unsigned options;
    size_t min_args, max_args;
    const char *args_needed;     /* said when fewer than min_args are given */
} COMMANDS[] = {
    { "build", run_build, COMMON | OPT(O_DATA) | OPT(O_TEMPLATES) | OPT(O_FONTS) | OPT(O_OUT) | OPT(O_ONLY) |
      OPT(O_INSTITUTION) | OPT(O_JOBS) | OPT(O_SHARD) | OPT(O_FORMAT), 0, 0, NULL },
    { "check", run_check, COMMON | OPT(O_DATA) | OPT(O_TEMPLATES) | OPT(O_OUT), 0, 0, NULL },
    { "preview", run_preview, OPT(O_DATA) | OPT(O_TEMPLATES) | OPT(O_FONTS) | OPT(O_OUT) | OPT(O_INSTITUTION) |
      OPT(O_WATCH), 1, 1, N_("preview needs the kind of document: progress, notice, assessment, summary, bulletin or pack") },
    { "fonts", run_fonts, COMMON | OPT(O_FONTS) | OPT(O_DATA) | OPT(O_TEMPLATES), 0, 0, NULL },
    { "forms", run_forms, COMMON | OPT(O_DATA) | OPT(O_OUT) | OPT(O_INSTITUTION) | OPT(O_FORMAT), 0, 0, NULL },
    { "collect", run_collect, OPT(O_QUIET) | OPT(O_DATA) | OPT(O_OUTPUT) | OPT(O_PARTIAL), 1, SIZE_MAX,
      N_("collect needs at least one filled form (.xlsx or .csv)") },
    { "import", run_import, OPT(O_QUIET) | OPT(O_OUTPUT) | OPT(O_EXPLAIN), 1, 1,
      N_("import needs the plan (.txt, .docx or .html)") },
    { "init", run_init, OPT(O_QUIET) | OPT(O_PLAN) | OPT(O_LIST), 1, 1, N_("init needs the new project's directory") },
    { "merge", run_merge, OPT(O_QUIET), 1, 1, N_("merge needs the run's output directory (OUT/<period>)") },
};
#define N_COMMANDS (sizeof COMMANDS / sizeof *COMMANDS)

/* Options that only exist as their parts: the institution list, and the
 * installed templates when there are none here. */
static int finish_args(Args *a, char **installed)
{
    if (a->institutions) {
        a->b.institutions = split_list(a->institutions, &a->b.n_institutions);
        if (a->b.n_institutions == 0) return usage_error("--institution needs at least one id%s", "");
    }
    struct stat st;
    if (!a->templates_given && stat(a->b.templates, &st) != 0 && share_dir()) {
        *installed = xasprintf("%s/templates", share_dir());
        a->b.templates = *installed;
    }
    return EXIT_OK;
}

static int run_command(size_t c, int argc, char **argv)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    Args a = { .b = { .data = "data", .templates = "templates", .fonts = "fonts", .out = "out",
                      .kinds = KIND_ALL, .jobs = cores > 0 ? (int)cores : 1, .shard_count = 1 },
               .args = xcalloc((size_t)argc, sizeof(char *)) };
    char *installed = NULL;
    int rc = parse_args(argc, argv, COMMANDS[c].options, &a);
    if (rc == EXIT_OK && a.n_args < COMMANDS[c].min_args) rc = usage_error("%s", gettext(COMMANDS[c].args_needed));
    else if (rc == EXIT_OK && a.n_args > COMMANDS[c].max_args)
        rc = a.n_args == 1 ? usage_error("unexpected argument \"%s\"", a.args[0])
                           : usage_error("one argument is enough here; \"%s\" is one too many", a.args[a.n_args - 1]);
    if (rc == EXIT_OK) rc = finish_args(&a, &installed);
    if (rc == EXIT_OK) rc = COMMANDS[c].run(&a);
    if (rc < 0) rc = EXIT_OK;   /* --help */
    free(installed);
    for (size_t i = 0; i < a.b.n_institutions; i++) free(a.b.institutions[i]);
    free(a.b.institutions);
    free(a.institutions);
    free(a.args);
    return rc;
}

int main(int argc, char **argv)
{
    i18n_init();
    if (argc < 2) {
        print_usage(stderr);
        return EXIT_USAGE;
    }
    atexit(diag_flush_hidden);   /* every command: say what the per-file limit held back */
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        print_usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        puts("jindu " JINDU_VERSION);
        return EXIT_OK;
    }
    for (size_t c = 0; c < N_COMMANDS; c++)
        if (strcmp(cmd, COMMANDS[c].name) == 0) return run_command(c, argc, argv);
    const char *names[N_COMMANDS + 1];
    for (size_t c = 0; c < N_COMMANDS; c++) names[c] = COMMANDS[c].name;
    names[N_COMMANDS] = NULL;
    const char *close = closest_word(cmd, names);
    if (close) {
        fprintf(stderr, _("jindu: error: unknown command \"%s\" (did you mean \"%s\"?)\n(see jindu --help)\n"), cmd, close);
        return EXIT_USAGE;
    }
    return usage_error("unknown command \"%s\"", cmd);
}
