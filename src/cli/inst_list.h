/* inst_list.h - the reporting bodies an office names for a new project
 * (`jindu init DIR --plan PLAN --institutions LIST`): a .txt (one a line,
 * "全称<tab or comma>简称" where a short name is given), a .csv or an .xlsx
 * (a header row naming 名称/单位/全称, 简称 and 编号 where there is one,
 * else those columns in that order).
 *
 * A plan addressed to 各区县、市级部门 names departments, which lead but do
 * not report; the hospitals that report are this list. Each task goes to
 * the listed bodies the plan names for it, else (各公立医院, a department
 * only, no unit at all) to every one of them. */
#ifndef JINDU_INST_LIST_H
#define JINDU_INST_LIST_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char *id, *name, *short_name;   /* short_name NULL when not given */
} ListedInstitution;

typedef struct {
    ListedInstitution *items;
    size_t n;
} InstitutionList;

/* Read path; false when it cannot be read or names no body (reported,
 * file:line where it helps). Ids: the list's 编号 column when it has one
 * that fits data-format.md's pattern, else i01, i02 … */
bool inst_list_read(const char *path, InstitutionList *l);
/* The bodies a unit name of the plan stands for (equal to a name or short
 * name, or the short form a full name ends with); the indexes into ids,
 * returns how many (0: none). */
size_t inst_list_match(const InstitutionList *l, const char *unit, size_t *ids, size_t max);
void inst_list_free(InstitutionList *l);

#endif
