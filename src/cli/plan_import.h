/* plan_import.h - a plan file read as `jindu import` reads it, for the
 * commands that start from a plan (import, init --plan). */
#ifndef JINDU_PLAN_IMPORT_H
#define JINDU_PLAN_IMPORT_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include "import/importer.h"

/* The plan's tasks, with the dates the plan runs between, after telling
 * the user what was found (unless quiet); NULL with the exit status in *rc
 * when nothing usable was found (reported). */
ImportResult *import_file(const char *input, bool quiet, int *start, int *end, int *rc);
/* {"plan": {...}, "tasks": [...]} of data-format.md. */
cJSON *ledger_tree(const ImportResult *r, int start, int end);
/* A tree printed (and freed) as the files jindu writes: cJSON's layout, a
 * final newline. */
char *json_text(cJSON *root);

#endif
