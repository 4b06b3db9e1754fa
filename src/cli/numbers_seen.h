/* numbers_seen.h - document numbers (文号) that other periods' runs in the
 * same output tree issued (OUT/<period>/results.json). supervision.md: a
 * number is issued once a year; jindu computes them so, but an office that
 * changed rules.notice.first_number, or copied data between years, can
 * still issue one twice. Each such number is a warning naming both runs. */
#ifndef JINDU_NUMBERS_SEEN_H
#define JINDU_NUMBERS_SEEN_H

#include <stddef.h>
#include "data/figures.h"

/* Warn about every number of r also in another period's results.json
 * under out; returns how many. */
size_t warn_reused_numbers(const char *out, const Results *r);

#endif
