/* assessment_plain.h - the built-in assessment sheet (考核评估结果).
 *
 * Until templates (issue #4) produce it: one institution's score, item by
 * item (weight, result, points), the deductions with their reasons, both
 * parts, total, grade and rank, and a chart against the average and the
 * best institution. Every figure comes from figures.c. */
#ifndef JINDU_ASSESSMENT_PLAIN_H
#define JINDU_ASSESSMENT_PLAIN_H

#include "doctree.h"
#include "figures.h"

DocTree *assessment_plain(const Results *r, size_t k);

#endif
