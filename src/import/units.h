/* units.h - the units a plan names for a task: lists as written (A、B和C),
 * labelled annotations (牵头单位：…；责任单位：…), A牵头，B配合, and the
 * parenthesised annotation at a task's end. */
#ifndef JINDU_UNITS_H
#define JINDU_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include "base/arena.h"
#include "import/importer.h"

/* Split "A、B和C" (s[0..n)) into units appended to *list (de-duplicated). */
void units_split(Arena *a, const char *s, size_t n, char ***list, size_t *count, size_t *cap);
/* An annotation's content into t's lead and responsible units; false when
 * it is not about units. */
bool units_parse(Arena *a, const char *annotation, ImportTask *t);
/* The last parenthesised part of text that names units, read into t and
 * cut from text. */
void units_take_annotation(Arena *a, char *text, ImportTask *t);

#endif
