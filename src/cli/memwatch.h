/* memwatch.h - JINDU_MEMORY=1: how much memory each process, and each
 * kind of document, takes (make bench, the growth test). Linux: read from
 * /proc/self/status; a kind's own peak is measured by resetting the
 * process's high-water mark (/proc/self/clear_refs) before each document,
 * the process's peak over all of them kept aside. */
#ifndef JINDU_MEMWATCH_H
#define JINDU_MEMWATCH_H

#include <stdbool.h>
#include <stddef.h>

bool memwatch_on(void);

/* Around one document of kind k (an index below MEMWATCH_KINDS): what it
 * adds to the process at most is kept, the largest per kind. */
#define MEMWATCH_KINDS 16
void memwatch_document_begin(void);
void memwatch_document_end(int kind);

/* A worker's report for the parent: "M \t what \t peak KB" and a line
 * "K \t kind \t KB" per kind it made; false when off (or out of room). */
bool memwatch_lines(const char *what, char *out, size_t size);
/* In the parent: a worker's M line printed, its K lines merged; false
 * for any other line. */
bool memwatch_take_line(char *line);
/* The parent's own peak, then what each kind of document added at most
 * to the process that made it (name(k) for k below n). */
void memwatch_print_parent(const char *(*name)(int kind), int n);

#endif
