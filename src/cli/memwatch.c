/* memwatch.c - see memwatch.h. */
#include "cli/memwatch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static long kind_kb[MEMWATCH_KINDS];
static long earlier_peak_kb;   /* the high-water mark before the last reset */
static long doc_base_kb;

bool memwatch_on(void)
{
    const char *m = getenv("JINDU_MEMORY");
    return m && *m && strcmp(m, "0") != 0;
}

/* A field of /proc/self/status in KB (VmRSS, VmHWM); -1 if unknown. */
static long status_kb(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    long kb = -1;
    size_t n = strlen(field);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0 && line[n] == ':') {
            kb = atol(line + n + 1);
            break;
        }
    fclose(f);
    return kb;
}

/* Reset the high-water mark to the memory in use now (Linux 4.0+). */
static bool reset_peak(void)
{
    long hwm = status_kb("VmHWM");
    if (hwm > earlier_peak_kb) earlier_peak_kb = hwm;
    FILE *f = fopen("/proc/self/clear_refs", "w");
    if (!f) return false;
    bool ok = fputs("5", f) >= 0;
    return fclose(f) == 0 && ok;
}

void memwatch_document_begin(void)
{
    if (!memwatch_on()) return;
    doc_base_kb = reset_peak() ? status_kb("VmRSS") : -1;
}

void memwatch_document_end(int kind)
{
    if (!memwatch_on() || doc_base_kb < 0 || kind < 0 || kind >= MEMWATCH_KINDS) return;
    long grew = status_kb("VmHWM") - doc_base_kb;
    if (grew > kind_kb[kind]) kind_kb[kind] = grew;
}

/* This process's peak resident memory in KB, across the resets. */
static long process_peak_kb(void)
{
    long hwm = status_kb("VmHWM");
    struct rusage ru;
    if (hwm < 0 && getrusage(RUSAGE_SELF, &ru) == 0) hwm = ru.ru_maxrss;
    return hwm > earlier_peak_kb ? hwm : earlier_peak_kb;
}

bool memwatch_lines(const char *what, char *out, size_t size)
{
    if (!memwatch_on()) return false;
    int n = snprintf(out, size, "M\t%s\t%ld\n", what, process_peak_kb());
    for (int k = 0; k < MEMWATCH_KINDS && n > 0 && (size_t)n < size; k++)
        if (kind_kb[k]) n += snprintf(out + n, size - (size_t)n, "K\t%d\t%ld\n", k, kind_kb[k]);
    return n > 0 && (size_t)n < size;
}

bool memwatch_take_line(char *line)
{
    bool m = strncmp(line, "M\t", 2) == 0, k = strncmp(line, "K\t", 2) == 0;
    char *tab = m || k ? strchr(line + 2, '\t') : NULL;
    if (!tab) return m || k;
    if (m) {
        *tab = '\0';
        fprintf(stderr, "jindu: peak memory: a worker (%s) %.1f MB\n", line + 2, atol(tab + 1) / 1024.0);
    } else {
        int kind = atoi(line + 2);
        long kb = atol(tab + 1);
        if (kind >= 0 && kind < MEMWATCH_KINDS && kb > kind_kb[kind]) kind_kb[kind] = kb;
    }
    return true;
}

void memwatch_print_parent(const char *(*name)(int kind), int n)
{
    fprintf(stderr, "jindu: peak memory: the parent %.1f MB\n", process_peak_kb() / 1024.0);
    for (int k = 0; k < n && k < MEMWATCH_KINDS; k++)
        if (kind_kb[k])
            fprintf(stderr, "jindu: peak memory: documents of kind %s add at most %.1f MB\n", name(k), kind_kb[k] / 1024.0);
}
