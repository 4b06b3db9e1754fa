/* cmd_preview.c - `jindu preview KIND [--institution ID] [--watch]`: one
 * document made at once for a clerk editing a template, into
 * OUT/preview/<period>/ (apart from the real outputs, so that a preview is
 * never sent out by mistake), and its path printed. With --watch it is made
 * again whenever a file in the templates directory changes (inotify), each
 * time in a child process, so that one render's state and memory never
 * reach the next. */
#include "cli/build.h"
#include "base/i18n.h"
#include "cli/previous.h"
#include "base/util.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The newest file of this kind and institution that a manifest under out
 * lists, as OUT/<period>/<path>; NULL when none does. */
static char *made_file(const char *out, const char *kind, const char *inst)
{
    DIR *d = opendir(out);
    if (!d) return NULL;
    char *best = NULL;
    time_t best_when = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char *dir = xasprintf("%s/%s", out, e->d_name);
        Previous p;
        previous_read(&p, dir);
        for (size_t i = 0; i < p.n; i++) {
            const ManifestEntry *m = &p.files[i];
            bool same_inst = inst ? m->institution && strcmp(m->institution, inst) == 0 : !m->institution;
            if (strcmp(m->kind, kind) != 0 || !same_inst || (best && p.when < best_when)) continue;
            free(best);
            best = xasprintf("%s/%s", dir, m->path);
            best_when = p.when;
        }
        previous_free(&p);
        free(dir);
    }
    closedir(d);
    return best;
}

/* One render, in a child when isolated; its exit status. */
static int render(const BuildOptions *o, bool isolated)
{
    if (!isolated) return build_run(o);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, _("jindu: error: cannot start a render: %s\n"), strerror(errno));
        return EXIT_IO;
    }
    if (pid == 0) _exit(build_run(o));
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return EXIT_IO;
    return WIFEXITED(status) ? WEXITSTATUS(status) : EXIT_IO;
}

static int render_and_say(const BuildOptions *o, const char *kind, const char *inst, bool isolated)
{
    int rc = render(o, isolated);
    char *path = rc == EXIT_OK ? made_file(o->out, kind, inst) : NULL;
    if (rc != EXIT_OK) fprintf(stderr, _("jindu: preview: not made (see the errors above)\n"));
    if (path) printf(_("jindu: preview: %s\n"), path);
    else if (rc == EXIT_OK && inst)
        fprintf(stderr, _("jindu: preview: no %s is made for %s%s\n"), kind, inst,
                strcmp(kind, "notice") == 0 ? " (it has no supervision items)" : "");
    else if (rc == EXIT_OK) fprintf(stderr, _("jindu: preview: no %s is made\n"), kind);
    fflush(stdout);
    free(path);
    return rc == EXIT_OK && !path ? EXIT_DATA : rc;
}

/* Watch the templates directory and its partials/ (where includes live). */
static int watch_templates(const char *dir)
{
    int fd = inotify_init1(IN_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, _("jindu: error: cannot watch %s: %s\n"), dir, strerror(errno));
        return -1;
    }
    uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE;
    if (inotify_add_watch(fd, dir, mask) < 0) {
        fprintf(stderr, _("jindu: error: cannot watch %s: %s\n"), dir, strerror(errno));
        close(fd);
        return -1;
    }
    char *partials = xasprintf("%s/partials", dir);
    struct stat st;
    if (stat(partials, &st) == 0 && S_ISDIR(st.st_mode) && inotify_add_watch(fd, partials, mask) < 0)
        fprintf(stderr, _("jindu: warning: cannot watch %s: %s\n"), partials, strerror(errno));
    free(partials);
    return fd;
}

/* Wait for a change, then for quiet: an editor saves in several steps. */
static bool wait_for_change(int fd)
{
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    struct pollfd p = { fd, POLLIN, 0 };
    if (poll(&p, 1, -1) <= 0) return false;
    do {
        if (read(fd, buf, sizeof buf) < 0 && errno != EAGAIN && errno != EINTR) return false;
    } while (poll(&p, 1, 150) > 0);
    return true;
}

int preview_run(const BuildOptions *base, const char *kind, bool watch)
{
    int k = documents_kind_find(kind);
    if (k < 0) {
        fprintf(stderr, _("jindu: error: preview takes progress, notice, assessment, summary, bulletin or pack, not \"%s\"\n"), kind);
        return EXIT_USAGE;
    }
    bool per_inst = DOC_KIND_INFO[k].per_institution;
    if (per_inst && base->n_institutions != 1) {
        fprintf(stderr, _("jindu: error: preview %s needs one institution: --institution ID\n"), kind);
        return EXIT_USAGE;
    }
    if (!per_inst && base->institutions) {
        fprintf(stderr, _("jindu: error: preview %s is for all institutions: leave out --institution\n"), kind);
        return EXIT_USAGE;
    }
    BuildOptions o = *base;
    o.kinds = KIND_BIT(k);
    o.quiet = true;
    const char *inst = per_inst ? base->institutions[0] : NULL;
    if (!watch) return render_and_say(&o, kind, inst, false);
    int fd = watch_templates(o.templates);
    if (fd < 0) return EXIT_IO;
    signal(SIGPIPE, SIG_IGN);
    printf(_("jindu: watching %s (Ctrl-C to stop)\n"), o.templates);
    render_and_say(&o, kind, inst, true);
    while (wait_for_change(fd)) render_and_say(&o, kind, inst, true);
    close(fd);
    return EXIT_IO;
}
