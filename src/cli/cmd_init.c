/* cmd_init.c - `jindu init DIR`: a working project directory for a new
 * commission (data to replace, templates to edit, fonts/ to drop licensed
 * fonts into), copied from the installed share directory so that nobody
 * edits the installed copies. Also finds that share directory. */
#include "cli/build.h"
#include "base/i18n.h"
#include "base/diag.h"
#include "base/outfile.h"
#include "base/util.h"

#include <dirent.h>
#include <ftw.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where templates/, fonts/ and data/ of the installation are:
 * <bin>/../share/jindu when installed, the source tree when run from it. */
const char *share_dir(void)
{
    static char dir[PATH_MAX];
    if (dir[0]) return dir;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash) return NULL;
    *slash = '\0';
    char candidate[PATH_MAX + 32];
    struct stat st;
    snprintf(candidate, sizeof candidate, "%s/../share/jindu", exe);
    if (stat(candidate, &st) == 0 && S_ISDIR(st.st_mode) && realpath(candidate, dir)) return dir;
    snprintf(candidate, sizeof candidate, "%s/templates", exe);
    if (stat(candidate, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(dir, sizeof dir, "%s", exe);
        return dir;
    }
    return NULL;
}

static int copy_file(const char *from, const char *to)
{
    char *data;
    size_t len;
    if (read_file(from, 64u << 20, &data, &len) != 0) return -1;
    int rc = write_file_atomic(to, data, len);
    free(data);
    return rc;
}

/* Copy the tree at from into to (which must not exist yet), skipping
 * generated or hidden entries. */
static int copy_tree(const char *from, const char *to, int depth)
{
    if (depth > 8) return 0;
    if (mkdir(to, 0777) != 0 && errno != EEXIST) {
        diag_error(file_pos(to), "cannot create: %s", strerror(errno));
        return -1;
    }
    DIR *d = opendir(from);
    if (!d) {
        diag_error(file_pos(from), "cannot read: %s", strerror(errno));
        return -1;
    }
    int rc = 0;
    for (struct dirent *e; (e = readdir(d)) && rc == 0;) {
        if (e->d_name[0] == '.') continue;
        char *src = xasprintf("%s/%s", from, e->d_name), *dst = xasprintf("%s/%s", to, e->d_name);
        struct stat st;
        if (stat(src, &st) == 0 && S_ISDIR(st.st_mode)) rc = copy_tree(src, dst, depth + 1);
        else if (stat(src, &st) == 0 && S_ISREG(st.st_mode)) {
            size_t l = strlen(e->d_name);
            bool font = l > 4 && (strcasecmp(e->d_name + l - 4, ".ttf") == 0 || strcasecmp(e->d_name + l - 4, ".ttc") == 0 ||
                                  strcasecmp(e->d_name + l - 4, ".otf") == 0);
            /* licensed fonts never travel into a new project */
            if (!font && copy_file(src, dst) != 0) {
                diag_error(file_pos(dst), "cannot write: %s", strerror(errno));
                rc = -1;
            }
        }
        free(src);
        free(dst);
    }
    closedir(d);
    return rc;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* A failed init leaves nothing behind, so that the retry finds the
 * directory as it was: what this run made is removed (the directory itself
 * too when this run created it; it was empty otherwise). Links are removed,
 * never followed. */
static int undo_init(const char *dir, bool created, int rc)
{
    static const char *const PARTS[] = { "templates", "fonts", "data" };
    for (int i = 0; i < 3; i++) {
        char *p = xasprintf("%s/%s", dir, PARTS[i]);
        nftw(p, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
        free(p);
    }
    if (created) rmdir(dir);
    fprintf(stderr, _("jindu: init did not finish; what it had made in %s was removed\n"), dir);
    return rc;
}

static int copy_parts(const char *share, const char *dir, bool with_data)
{
    static const char *const PARTS[] = { "templates", "fonts", "data" };
    for (int i = 0; i < (with_data ? 3 : 2); i++) {
        char *from = xasprintf("%s/%s", share, PARTS[i]), *to = xasprintf("%s/%s", dir, PARTS[i]);
        int rc = copy_tree(from, to, 0);
        free(from);
        free(to);
        if (rc != 0) return EXIT_IO;
    }
    return EXIT_OK;
}

int init_run(const char *dir, const char *plan, const char *institutions, bool quiet)
{
    const char *share = share_dir();
    if (!share) {
        diag_error(file_pos("jindu"), "cannot find the installed templates (share/jindu next to the program)");
        return EXIT_IO;
    }
    struct stat st;
    bool created = false;
    if (stat(dir, &st) == 0) {
        /* an empty directory is fine; anything in it is someone's work */
        DIR *d = opendir(dir);
        bool empty = d != NULL;
        for (struct dirent *e; d && (e = readdir(d));)
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) empty = false;
        if (d) closedir(d);
        if (!empty) {
            diag_error(file_pos(dir), "already exists and is not empty: jindu init makes a new project directory");
            return EXIT_USAGE;
        }
    } else if (make_dirs(dir) != 0) {
        diag_error(file_pos(dir), "cannot create: %s", strerror(errno));
        return EXIT_IO;
    } else {
        created = true;
    }
    int rc = copy_parts(share, dir, !plan);
    if (rc != EXIT_OK) return undo_init(dir, created, rc);
    if (plan) {
        char *data = xasprintf("%s/data", dir);
        rc = init_plan_data(plan, data, institutions, quiet);
        free(data);
        if (rc != EXIT_OK) return undo_init(dir, created, rc);
        if (!quiet)
            fprintf(stderr, _("jindu: created %s/ with data/ (made from the plan, no sample data), templates/ and fonts/.\n"
                            "  cd %s && jindu check     lists what is left to fill in and confirm\n"
                            "  cd %s && jindu forms     sends out the first quarter's forms\n"), dir, dir, dir);
        return EXIT_OK;
    }
    if (!quiet) {
        fprintf(stderr,
                _("jindu: created %s/ with data/ (sample data: replace it with your own), templates/ (the documents' "
                  "templates, yours to change) and fonts/ (add licensed fonts: fonts/README.md).\n"
                  "  cd %s && jindu build     writes the documents to out/\n"),
                dir, dir);
    }
    return EXIT_OK;
}
