/* i18n.c - see i18n.h. */
#include "base/i18n.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The directory holding zh_CN/LC_MESSAGES/jindu.mo: next to the program
 * (an installation's share/locale, or the source tree's build/locale), else
 * the system's. */
static const char *locale_dir(void)
{
    static char dir[PATH_MAX];
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) *slash = '\0';
        static const char *const under[] = { "/../share/locale", "/build/locale", "/locale" };
        for (size_t i = 0; slash && i < sizeof under / sizeof *under; i++) {
            char mo[PATH_MAX + 64];
            struct stat st;
            snprintf(mo, sizeof mo, "%s%s/zh_CN/LC_MESSAGES/jindu.mo", exe, under[i]);
            if (stat(mo, &st) == 0 && S_ISREG(st.st_mode)) {
                snprintf(dir, sizeof dir, "%s%s", exe, under[i]);
                return dir;
            }
        }
    }
    return "/usr/share/locale";
}

/* The language the environment asks for, as gettext reads it. */
static const char *wanted_language(void)
{
    static const char *const vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) return v;
    }
    return NULL;
}

void i18n_init(void)
{
    if (!setlocale(LC_MESSAGES, "")) {
        /* LANG names a locale this machine has not generated (zh_CN.UTF-8
         * on a fresh server): the messages still follow its language */
        const char *want = wanted_language();
        if (want && strncmp(want, "zh", 2) == 0 && setlocale(LC_MESSAGES, "C.UTF-8")) {
            char lang[16];
            snprintf(lang, sizeof lang, "%.5s", want);
            setenv("LANGUAGE", lang, 0);
        }
    }
    bindtextdomain("jindu", locale_dir());
    bind_textdomain_codeset("jindu", "UTF-8");   /* whatever LC_CTYPE says: stderr gets UTF-8 */
    textdomain("jindu");
}
