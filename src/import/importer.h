/* importer.h - a plan's text (实施方案, as converted from PDF, Word or a web
 * page) to the plan and task ledger of data-format.md.
 *
 * The text is cleaned (page numbers, web debris, blank lines), lines are
 * joined into paragraphs at the numbering the family of plans uses (一、
 * （一） 1． …), the key-task part (重点任务, 主要任务 …) is found, and each
 * numbered task there becomes a task: number, section, title, text, units
 * from the annotations, due date and candidate indicators. Tasks laid out
 * as inline paragraphs (1．标题。正文), as heading lines with their text in
 * the paragraphs below, as （一） groups only, or in a task-breakdown table
 * (which then is the ledger) are all read. Knows nothing of JSON files, file
 * formats or the command line. */
#ifndef JINDU_IMPORTER_H
#define JINDU_IMPORTER_H

#include <stdbool.h>
#include <stddef.h>
#include "base/arena.h"
#include "import/plandoc.h"

typedef struct {
    char *name, *unit;
    double target;
    int due;                 /* DATE_NONE: the task's */
    bool lower_better;
    bool name_cut;           /* the name may be cut in the middle of a phrase: to review */
} ImportIndicator;

typedef struct {
    char *id, *no, *section, *title, *text;   /* section may be NULL */
    char **lead, **responsible;
    size_t n_lead, n_responsible;
    int due;                 /* DATE_NONE: none named */
    bool due_ongoing;        /* 长期坚持, 持续推进 …: no date, the work goes on */
    ImportIndicator *indicators;
    size_t n_indicators;
    /* where each field came from, for --explain ("line 40", "lines 40–44",
     * "table 1, row 3, 牵头单位"); NULL when the field was not found */
    char *from_title, *from_text, *from_units, *from_due;
    char *due_phrase;        /* the words the due date was read from */
} ImportTask;

typedef enum { LAYOUT_INLINE, LAYOUT_HEADINGS, LAYOUT_GROUPS, LAYOUT_TABLE } ImportLayout;

typedef struct {
    Arena arena;
    ImportLayout layout;                       /* how the tasks were laid out */
    char *table_where;                         /* LAYOUT_TABLE: the table's header row */
    size_t body_tasks;                         /* LAYOUT_TABLE: numbered items in the body */
    char *title, *doc_no, *issued_by;          /* NULL when not found (never a cited document's) */
    int issued_on;                             /* DATE_NONE when not found */
    int valid_until;                           /* DATE_NONE: the plan does not say (planfacts.h) */
    char *valid_from;                          /* the words valid_until was read from */
    ImportTask *tasks;
    size_t n_tasks, cap_tasks;
    /* what the report to the user needs */
    char **key_parts;                          /* headings of the parts read */
    size_t n_key_parts;
    char **skipped;                            /* "line 57: 3．…": looked like tasks, left out */
    size_t n_skipped, cap_skipped;
} ImportResult;

/* Read a plan (see plandoc.h). Never fails: an empty result means no
 * key-task part and no task table. */
ImportResult *import_plan(const PlanDoc *doc);
void import_free(ImportResult *r);

#endif
