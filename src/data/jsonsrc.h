/* jsonsrc.h - a JSON file parsed by cJSON, with source positions.
 *
 * cJSON keeps no positions, so after it has parsed a file we make one light
 * pass over the same text recording where each value (and each member's key)
 * starts, in document order. A parallel pre-order walk of the cJSON tree
 * visits the values in the same order, which ties every node to its place.
 * The pass also enforces what cJSON lets through: duplicate keys, raw control
 * characters and \u0000 in strings, numbers out of double range. */
#ifndef JINDU_JSONSRC_H
#define JINDU_JSONSRC_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include "base/diag.h"

#define JSON_MAX_FILE_BYTES (256u << 20)

typedef struct JsonSrc JsonSrc;

/* Load and check path. Problems are reported through diag; returns NULL
 * when the file cannot be used at all. `name` is how the file is shown in
 * diagnostics; it is not copied and must outlive the JsonSrc and every
 * SrcPos taken from it (keep it in the data set's arena). */
JsonSrc *jsonsrc_load(const char *path, const char *name);
/* The same for text in memory (tests, fuzzing). Copies text, not name. */
JsonSrc *jsonsrc_parse(const char *text, size_t len, const char *name);

cJSON *jsonsrc_root(const JsonSrc *js);
const char *jsonsrc_name(const JsonSrc *js);
SrcPos jsonsrc_pos(const JsonSrc *js, const cJSON *node);      /* the value */
SrcPos jsonsrc_key_pos(const JsonSrc *js, const cJSON *node);  /* its key */
void jsonsrc_free(JsonSrc *js);

#endif
