/* tpl.h - the template language: Jinja-like text with values put in.
 *
 * `{{ expr | filter(args) }}`, `{% if %}{% elif %}{% else %}{% endif %}`,
 * `{% for x in xs %}…{% else %}…{% endfor %}` (loop.index, loop.first,
 * loop.last…), `{% set x = expr %}`, `{% include "partials/x.tpl" %}`,
 * `{# comments #}`, and `-` inside a delimiter to eat the whitespace on that
 * side. A statement or comment alone on its line leaves no line behind.
 *
 * Templates are parsed once per run (includes resolved then, inside the
 * templates directory only) and evaluated any number of times against a
 * map of values. The output is text; what it means (the block layer) is
 * another module's business, which is why values pass through an escape
 * function the caller chooses. Every error is reported as
 * template:line:col with the offending tag quoted. */
#ifndef JINDU_TPL_H
#define JINDU_TPL_H

#include <stddef.h>
#include "base/diag.h"
#include <stdint.h>
#include "base/util.h"
#include "template/value.h"
#include "base/strmap.h"

typedef struct TplSet TplSet;
typedef struct Template Template;

/* Where each stretch of the output came from, so that whoever reads the
 * output can point at the template (tpl_output_pos). A big summary makes
 * a million of these: 16 bytes each. */
struct Node;
typedef struct {
    uint32_t offset;            /* in the output (at most TPL_MAX_OUTPUT) */
    const struct Node *from;    /* the statement that wrote the stretch from offset on */
} TplMark;

typedef struct {
    Buf text;
    TplMark *marks;
    size_t n_marks, cap_marks;
} TplOutput;

/* Appends a value's text to the output in the form the reader expects. */
typedef void (*TplEscape)(Buf *out, const char *s, size_t len);

#define TPL_MAX_INCLUDE_DEPTH 16
#define TPL_MAX_FILE (4u << 20)          /* bytes of one template file */
#define TPL_MAX_OUTPUT (64u << 20)       /* bytes one evaluation may produce */

TplSet *tplset_new(const char *dir, TplEscape escape);
void tplset_free(TplSet *s);
/* Parse dir/name with its includes (each file once per set). Returns NULL
 * when the file is missing or has errors (all reported). */
Template *tplset_load(TplSet *s, const char *name);
/* The file name used in diagnostics (dir/name). */
const char *tpl_path(const Template *t);

/* Evaluate t with `globals` as the outermost names, appending to out.
 * Values are made in a. Returns the number of errors (reported). */
int tpl_render(TplSet *s, Template *t, Arena *a, Value *globals, TplOutput *out);

/* Check every name the loaded templates use, reached or not: a variable
 * must be in `globals` or set by some {% set %} / {% for %}; a member
 * (x.name) must be one of `members`. Errors are reported; a template with
 * one (or including one) is no longer ok. Returns the number of errors. */
int tplset_check_names(TplSet *s, const StrMap *globals, const StrMap *members);
/* Call fn with every whole line of the loaded files that is literal text
 * (no tag on it, not joined to another line by a "-" delimiter), each file
 * once per set, so that the reader of the output can check in every
 * branch what it can check from a line alone. fn returns false when the
 * line is wrong (it reported why); the file then fails. Returns the
 * number of wrong lines. */
typedef bool (*TplLineFn)(const char *line, size_t len, SrcPos pos);
int tplset_check_lines(TplSet *s, TplLineFn fn);

/* Parsed, named right, and so are its includes. */
bool tpl_ok(const Template *t);

/* The template position of the output byte at offset. */
SrcPos tpl_output_pos(const TplOutput *o, size_t offset);
void tpl_output_free(TplOutput *o);

#endif
