/* csv.c - see csv.h. */
#include "base/csv.h"

#include <stdlib.h>
#include <string.h>

static void end_field(CsvRow *r, Buf *f, size_t *cap)
{
    grow_array((void **)&r->fields, cap, r->n + 1, sizeof *r->fields);
    r->fields[r->n++] = xstrdup(f->data ? buf_cstr(f) : "");
    f->len = 0;
}

void csv_parse(Csv *c, const char *s, size_t len)
{
    memset(c, 0, sizeof *c);
    Buf f = {0};
    size_t i = 0;
    int line = 1;
    while (i < len) {
        CsvRow *r = ARRAY_PUSH(c->rows, c->n, c->cap);
        memset(r, 0, sizeof *r);
        r->line = line;
        size_t cap = 0;
        for (;;) {
            /* one field */
            f.len = 0;
            if (i < len && s[i] == '"') {
                int start_line = line;
                i++;
                for (;;) {
                    if (i >= len) {
                        c->error = "a quoted field is not closed";
                        c->error_line = start_line;
                        end_field(r, &f, &cap);
                        buf_free(&f);
                        return;
                    }
                    if (s[i] == '"') {
                        if (i + 1 < len && s[i + 1] == '"') { buf_putc(&f, '"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    if (s[i] == '\n') line++;
                    if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n') { i++; continue; }   /* CRLF inside: LF */
                    buf_putc(&f, s[i++]);
                }
                /* anything between the closing quote and the separator is kept, as Excel does */
                while (i < len && s[i] != ',' && s[i] != '\n' && s[i] != '\r') buf_putc(&f, s[i++]);
            } else {
                while (i < len && s[i] != ',' && s[i] != '\n' && s[i] != '\r') buf_putc(&f, s[i++]);
            }
            end_field(r, &f, &cap);
            if (i < len && s[i] == ',') { i++; continue; }
            if (i < len && s[i] == '\r') i++;
            if (i < len && s[i] == '\n') i++;
            line++;
            break;
        }
    }
    buf_free(&f);
}

void csv_free(Csv *c)
{
    for (size_t i = 0; i < c->n; i++) {
        for (size_t j = 0; j < c->rows[i].n; j++) free(c->rows[i].fields[j]);
        free(c->rows[i].fields);
    }
    free(c->rows);
    memset(c, 0, sizeof *c);
}

void csv_put(Buf *b, const char *s, int last)
{
    if (!s) s = "";
    if (strpbrk(s, ",\"\r\n")) {
        buf_putc(b, '"');
        for (const char *p = s; *p; p++) {
            if (*p == '"') buf_putc(b, '"');
            buf_putc(b, *p);
        }
        buf_putc(b, '"');
    } else {
        buf_puts(b, s);
    }
    buf_puts(b, last ? "\r\n" : ",");
}
