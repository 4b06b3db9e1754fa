/* plan_import.h - a plan file read as `jindu import` reads it, for the
 * commands that start from a plan (import, init --plan). */
#ifndef JINDU_PLAN_IMPORT_H
#define JINDU_PLAN_IMPORT_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include "import/importer.h"

/* The dates a plan runs between, and how each was found: the end as the
 * plan states it (有效期至…, 实施期限, the title's years), from the latest
 * deadline a task names, or guessed (the end of the year it starts). */
typedef enum { END_STATED, END_FROM_TASKS, END_GUESSED } PlanEndHow;
typedef struct {
    int start, end;
    PlanEndHow end_how;
    bool start_guessed;     /* no issue date or number year: 1 January of the end's year */
} PlanDates;

/* The plan's tasks, with the dates the plan runs between, after telling
 * the user what was found (unless quiet); NULL with the exit status in *rc
 * when nothing usable was found (reported). */
ImportResult *import_file(const char *input, bool quiet, PlanDates *dates, int *rc);
/* {"plan": {...}, "tasks": [...], "notes": [...]} of data-format.md: the
 * notes (a jindu addition) say, as 待确认/待填写, what the plan did not
 * state and was left empty or guessed; `jindu check` lists them. */
cJSON *ledger_tree(const ImportResult *r, const PlanDates *dates);
/* A tree printed (and freed) as the files jindu writes: cJSON's layout, a
 * final newline. */
char *json_text(cJSON *root);

#endif
