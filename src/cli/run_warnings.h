/* run_warnings.h - warnings drawn from the figures before anything is
 * made. First, document numbers (文号) that other periods' runs in the
 * same output tree issued (OUT/<period>/results.json). supervision.md: a
 * number is issued once a year; jindu computes them so, but an office that
 * changed rules.notice.first_number, or copied data between years, can
 * still issue one twice. Each such number is a warning naming both runs. */
#ifndef JINDU_RUN_WARNINGS_H
#define JINDU_RUN_WARNINGS_H

#include <stddef.h>
#include "data/figures.h"

/* Warn about every number of r also in another period's results.json
 * under out; returns how many. */
size_t warn_reused_numbers(const char *out, const Results *r);

/* An institution with tasks this quarter but no entry for any of them
 * (its form not returned, or returned empty) gets every task 未报送, red,
 * a notice and likely 不合格: never silently. One warning per institution,
 * or one list past 20. Returns how many. */
size_t warn_unreported_institutions(const Results *r);

#endif
