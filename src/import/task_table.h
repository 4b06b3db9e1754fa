/* task_table.h - a plan's task-breakdown table (重点任务分解表, 责任分工表,
 * 重点任务清单): which columns hold the number, the task, its content, the
 * lead and responsible units and the deadline, however the plan names them,
 * and its rows read by those columns. Knows table cells, not units or
 * dates: the importer reads those. */
#ifndef JINDU_TASK_TABLE_H
#define JINDU_TASK_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include "base/arena.h"
#include "import/plandoc.h"

typedef struct {
    const char *no, *group, *title, *text, *lead, *responsible, *due;   /* "" where the table has no such column */
    const char *where;
} TaskRow;

typedef struct {
    TaskRow *rows;
    size_t n_rows;
    bool has_lead, has_responsible, has_due, has_text;
    bool titles_from_content;   /* no task column: titles are the content's first sentences */
    const char *where;       /* its header row */
} TaskTable;

/* The task rows of t, or false when t is not a task list (no column of
 * tasks, or no column of units or deadlines beside it, or fewer than two
 * rows). Group rows (one text across the row: 一、提升服务能力) set the
 * group of the rows after them. rows is malloc'd; free it. */
bool task_table_read(Arena *a, const PlanTable *t, TaskTable *out);

#endif
