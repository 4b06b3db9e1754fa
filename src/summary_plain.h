/* summary_plain.h - the built-in overall summary (考核评估汇总).
 *
 * Until templates (issue #4) produce it: every institution ranked (table
 * and bar chart), grades counted, and the flagged items of each institution
 * with its notice number. Every figure comes from figures.c. */
#ifndef JINDU_SUMMARY_PLAIN_H
#define JINDU_SUMMARY_PLAIN_H

#include "doctree.h"
#include "figures.h"

DocTree *summary_plain(const Results *r);

#endif
