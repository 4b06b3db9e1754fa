/* planfacts.h - a plan's own facts: its title, its document number, who
 * issued it and when, and until when it is valid, read from the notice
 * that issues it (印发通知) and from its text.
 *
 * A plan cites other documents, with their titles and numbers, in its
 * preamble (根据《…意见》（国办发〔2021〕18号）精神): those are never the
 * plan's. The plan's title is the 《…》 of the 印发 sentence ("现将《…》
 * 印发给你们"), else the X of "关于印发X的通知", else the plan's own
 * heading; its number stands on a line of its own in the header (under
 * the red header, or before or after the title), or right after its title
 * in the 印发 sentence. What is not found stays NULL (or DATE_NONE): the
 * caller marks it 待确认, never fills it with a cited document's. */
#ifndef JINDU_PLANFACTS_H
#define JINDU_PLANFACTS_H

#include "base/arena.h"
#include <stddef.h>

typedef struct {
    char *title, *doc_no, *issued_by;  /* NULL when not found */
    int issued_on;                     /* DATE_NONE when not found */
    /* the last day the plan says it is valid, and the words it was read
     * from (有效期至2025年12月31日, 实施期限, （2022-2025年） in the
     * title); DATE_NONE and NULL when the text does not say */
    int valid_until;
    char *valid_from;
} PlanFacts;

/* lines: the plan's cleaned lines (hard wraps still in); head: how many
 * of them may hold the issuing notice. */
void planfacts_read(Arena *a, char **lines, size_t n, size_t head, PlanFacts *f);

#endif
