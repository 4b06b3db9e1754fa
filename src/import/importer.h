/* importer.h - a plan's text (实施方案, as converted from PDF, Word or a web
 * page) to the plan and task ledger of data-format.md.
 *
 * The text is cleaned (page numbers, web debris, blank lines), lines are
 * joined into paragraphs at the numbering the family of plans uses (一、
 * （一） 1． …), the key-task part (重点任务, 主要任务 …) is found, and each
 * numbered task there becomes a task: number, section, title, text, units
 * from the annotations, due year and candidate indicators. Knows nothing of
 * JSON files or the command line. */
#ifndef JINDU_IMPORTER_H
#define JINDU_IMPORTER_H

#include <stdbool.h>
#include <stddef.h>
#include "base/arena.h"

typedef struct {
    char *name, *unit;
    double target;
    int due;                 /* DATE_NONE: the task's */
    bool lower_better;
} ImportIndicator;

typedef struct {
    char *id, *no, *section, *title, *text;   /* section may be NULL */
    char **lead, **responsible;
    size_t n_lead, n_responsible;
    int due;                 /* DATE_NONE: none named */
    ImportIndicator *indicators;
    size_t n_indicators;
} ImportTask;

typedef struct {
    Arena arena;
    char *title, *doc_no, *issued_by;          /* NULL when not found */
    int issued_on;                             /* DATE_NONE when not found */
    ImportTask *tasks;
    size_t n_tasks, cap_tasks;
    /* what the report to the user needs */
    char **key_parts;                          /* headings of the parts read */
    size_t n_key_parts;
    char **skipped;                            /* lines that looked like tasks and were left out */
    size_t n_skipped, cap_skipped;
} ImportResult;

/* Parse UTF-8 text. Never fails: an empty result means no key-task part. */
ImportResult *import_plan(const char *text, size_t len);
void import_free(ImportResult *r);

#endif
