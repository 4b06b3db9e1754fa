/* entry.c - see entry.h. */
#include "data/entry.h"

#include <string.h>

const char *const STATUS_WORDS[4] = { "已完成", "序时推进", "滞后", "未启动" };
static const char *const STATUS_ALIASES[4] = { "done", "on_track", "behind", "not_started" };

const char *status_name(Status s) { return s >= 0 && s <= STATUS_NOT_STARTED ? STATUS_WORDS[s] : NULL; }

bool status_parse(const char *s, Status *out)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(s, STATUS_WORDS[i]) == 0 || strcmp(s, STATUS_ALIASES[i]) == 0) {
            *out = (Status)i;
            return true;
        }
    return false;
}

bool status_needs_percent(Status s) { return s == STATUS_ON_TRACK || s == STATUS_BEHIND; }

double status_default_percent(Status s) { return s == STATUS_DONE ? 100 : 0; }
