/* i18n.h - messages in the user's language (GNU gettext). Source strings
 * are English; po/zh_CN.po holds their Chinese. Under a zh_CN locale (LANG,
 * LC_MESSAGES, LC_ALL or LANGUAGE naming zh) diagnostics, the progress line
 * and --help are Chinese; under C or en, English. Only LC_MESSAGES is taken
 * from the environment: numbers are printed the same everywhere (LC_NUMERIC
 * stays "C", so a PDF or results.json never gets a decimal comma). */
#ifndef JINDU_I18N_H
#define JINDU_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)   /* marked for xgettext, translated where it is used */

/* Before any message: the locale's language, and where the catalogue is
 * (<bin>/../share/locale installed, build/locale in the source tree). */
void i18n_init(void);

#endif
