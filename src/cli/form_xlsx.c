/* form_xlsx.c - a fill-in form as an Excel workbook (form.h), written with
 * libxlsxwriter: a sheet of instructions, the sheet of rows where only the
 * cells to fill are unlocked (no password: protection against slips, not
 * against people), a drop-down for the status, a 0–100 number for the
 * percent, a number for indicator values, and a hidden sheet carrying the
 * form's identity. Opens in Excel, WPS and LibreOffice alike. */
#include "cli/form.h"
#include "base/utf8.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define INSTRUCTION_WIDTH 72       /* column B of 填报说明, in characters (a CJK one is two) */
#define HEADER_ROW 4              /* 0-based: instructions, two head rows, a blank row */

typedef struct {
    lxw_format *title, *head_label, *head_value, *header, *fixed, *input, *wrap;
} Formats;

static Formats make_formats(lxw_workbook *wb)
{
    Formats f;
    f.title = workbook_add_format(wb);
    format_set_text_wrap(f.title);
    format_set_align(f.title, LXW_ALIGN_VERTICAL_TOP);
    f.head_label = workbook_add_format(wb);
    format_set_bold(f.head_label);
    format_set_align(f.head_label, LXW_ALIGN_VERTICAL_TOP);
    f.head_value = workbook_add_format(wb);
    format_set_num_format(f.head_value, "@");
    f.header = workbook_add_format(wb);
    format_set_bold(f.header);
    format_set_text_wrap(f.header);
    format_set_align(f.header, LXW_ALIGN_CENTER);
    format_set_align(f.header, LXW_ALIGN_VERTICAL_CENTER);
    format_set_border(f.header, LXW_BORDER_THIN);
    format_set_bg_color(f.header, 0xD9D9D9);
    f.fixed = workbook_add_format(wb);
    format_set_text_wrap(f.fixed);
    format_set_align(f.fixed, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(f.fixed, LXW_BORDER_THIN);
    format_set_bg_color(f.fixed, 0xF2F2F2);
    format_set_num_format(f.fixed, "@");
    f.input = workbook_add_format(wb);
    format_set_text_wrap(f.input);
    format_set_align(f.input, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(f.input, LXW_BORDER_THIN);
    format_set_bg_color(f.input, 0xFFF9DB);
    format_set_unlocked(f.input);
    f.wrap = workbook_add_format(wb);
    format_set_text_wrap(f.wrap);
    format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
    return f;
}

static bool is_input(const Form *f, size_t r, int c)
{
    if (r < f->n_tasks) return c == COL_STATUS || c == COL_PERCENT || c == COL_SUMMARY || c == COL_PROBLEMS || c == COL_NEXT;
    return c == COL_VALUE;
}

/* Display width: a CJK character is two columns. */
static size_t text_width(const char *s)
{
    size_t w = 0;
    for (; *s; s += utf8_len(s)) w += (unsigned char)*s >= 0x80 ? 2 : 1;
    return w;
}

/* Columns as wide as their content (a CJK character is two), within
 * reason; long text wraps. */
static void column_widths(lxw_worksheet *ws, const Form *f)
{
    static const double MIN[COL_COUNT] = { 6, 8, 24, 12, 10, 10, 12, 12, 30, 24, 24, 8, 10, 10, 12 };
    for (int c = 0; c < COL_COUNT; c++) {
        double w = (double)text_width(FORM_HEADERS[c]) + 2;
        for (size_t r = 0; r < f->n_rows; r++) {
            double x = (double)text_width(f->rows[r].cells[c]) + 2;
            if (x > w) w = x;
        }
        if (w < MIN[c]) w = MIN[c];
        if (w > 40) w = 40;
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL);
    }
}

static void validations(lxw_worksheet *ws, const Form *f)
{
    static const char *STATUSES[] = { "已完成", "序时推进", "滞后", "未启动", NULL };
    lxw_row_t first = HEADER_ROW + 1;
    if (f->n_tasks) {
        lxw_row_t last = (lxw_row_t)(first + f->n_tasks - 1);
        lxw_data_validation s = { .validate = LXW_VALIDATION_TYPE_LIST, .value_list = (char **)STATUSES,
                                  .input_title = "本季度状态", .input_message = "从下拉列表中选择",
                                  .error_title = "本季度状态", .error_message = "只能是：已完成、序时推进、滞后、未启动" };
        worksheet_data_validation_range(ws, first, COL_STATUS, last, COL_STATUS, &s);
        lxw_data_validation p = { .validate = LXW_VALIDATION_TYPE_DECIMAL, .criteria = LXW_VALIDATION_CRITERIA_BETWEEN,
                                  .minimum_number = 0, .maximum_number = 100, .input_title = "本季度进度(%)",
                                  .input_message = "填0到100的数字；已完成可不填（按100计），未启动可不填（按0计）",
                                  .error_title = "本季度进度(%)", .error_message = "请填0到100之间的数字" };
        worksheet_data_validation_range(ws, first, COL_PERCENT, last, COL_PERCENT, &p);
    }
    if (f->n_rows > f->n_tasks) {
        lxw_row_t a = (lxw_row_t)(first + f->n_tasks), b = (lxw_row_t)(first + f->n_rows - 1);
        lxw_data_validation v = { .validate = LXW_VALIDATION_TYPE_DECIMAL, .criteria = LXW_VALIDATION_CRITERIA_BETWEEN,
                                  .minimum_number = -1e15, .maximum_number = 1e15, .input_title = "本季度数值",
                                  .input_message = "填数字；未取得可空着", .error_title = "本季度数值",
                                  .error_message = "请填数字" };
        worksheet_data_validation_range(ws, a, COL_VALUE, b, COL_VALUE, &v);
    }
}

static void rows_sheet(lxw_workbook *wb, const Form *f, const Formats *fm)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, FORM_SHEET);
    worksheet_merge_range(ws, 0, 0, 0, COL_COUNT - 1, FORM_INSTRUCTIONS, fm->title);
    worksheet_set_row(ws, 0, 62, NULL);
    const char *head[2][4] = { { "单位编号", f->inst_id, "单位名称", f->inst_name },
                               { "期别", f->period, "截止日期", f->as_of } };
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 4; c++)
            worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, head[r][c], c % 2 ? fm->head_value : fm->head_label);
    for (int c = 0; c < COL_COUNT; c++) worksheet_write_string(ws, HEADER_ROW, (lxw_col_t)c, FORM_HEADERS[c], fm->header);
    worksheet_set_row(ws, HEADER_ROW, 30, NULL);
    for (size_t r = 0; r < f->n_rows; r++)
        for (int c = 0; c < COL_COUNT; c++) {
            lxw_format *x = is_input(f, r, c) ? fm->input : fm->fixed;
            worksheet_write_string(ws, (lxw_row_t)(HEADER_ROW + 1 + r), (lxw_col_t)c, f->rows[r].cells[c], x);
        }
    column_widths(ws, f);
    validations(ws, f);
    worksheet_freeze_panes(ws, HEADER_ROW + 1, 3);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);   /* A4 */
    worksheet_repeat_rows(ws, HEADER_ROW, HEADER_ROW);
    worksheet_fit_to_pages(ws, 1, 0);
    lxw_protection prot = { .format_columns = 1, .format_rows = 1 };
    worksheet_protect(ws, NULL, &prot);
    worksheet_activate(ws);
}

static void instructions_sheet(lxw_workbook *wb, const Form *f, const Formats *fm)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "填报说明");
    /* printed on one A4 page, portrait, its text wrapped in column B */
    worksheet_set_paper(ws, 9);
    worksheet_set_portrait(ws);
    worksheet_fit_to_pages(ws, 1, 1);
    worksheet_set_margins(ws, 0.6, 0.6, 0.8, 0.8);
    worksheet_set_column(ws, 0, 0, 12, fm->head_label);
    worksheet_set_column(ws, 1, 1, INSTRUCTION_WIDTH, fm->wrap);
    const char *lines[][2] = {
        { "单位", f->inst_name }, { "单位编号", f->inst_id }, { "期别", f->period }, { "截止日期", f->as_of },
        { "联系人", f->contact ? f->contact : "（见通知）" },
        { "怎样填", "在“" FORM_SHEET "”表中填写黄色的格子，其余各格已锁定。" },
        { "说明", FORM_INSTRUCTIONS },
        { "保存", "填好后直接保存为 .xlsx（Excel、WPS 或 LibreOffice 均可），文件名不要改，交回即可。" },
    };
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        worksheet_write_string(ws, (lxw_row_t)i, 0, lines[i][0], fm->head_label);
        worksheet_write_string(ws, (lxw_row_t)i, 1, lines[i][1], fm->wrap);
        /* a wrapped cell's height is the writer's to give: 15 pt a line */
        size_t per_line = INSTRUCTION_WIDTH * 5 / 4;   /* a CJK glyph is about 2.5 digits, not 2 */
        size_t n_lines = (text_width(lines[i][1]) + per_line - 1) / per_line;
        worksheet_set_row(ws, (lxw_row_t)i, 15.0 * (double)(n_lines ? n_lines : 1) + 3, NULL);
    }
    lxw_protection prot = { .format_columns = 1, .format_rows = 1 };
    worksheet_protect(ws, NULL, &prot);
}

bool form_write_xlsx(const Form *f, const char *path, time_t created, char *err, size_t errlen)
{
    char *tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
    lxw_workbook *wb = workbook_new(tmp);
    if (!wb) {
        snprintf(err, errlen, "cannot start the workbook");
        free(tmp);
        return false;
    }
    lxw_doc_properties props = { .title = "季度填报表", .author = "jindu", .created = created };
    workbook_set_properties(wb, &props);
    Formats fm = make_formats(wb);
    instructions_sheet(wb, f, &fm);
    rows_sheet(wb, f, &fm);
    lxw_worksheet *id = workbook_add_worksheet(wb, FORM_ID_SHEET);
    worksheet_write_string(id, 0, 0, f->identity, NULL);
    worksheet_hide(id);
    lxw_error e = workbook_close(wb);
    bool ok = e == LXW_NO_ERROR && rename(tmp, path) == 0;
    if (!ok) {
        snprintf(err, errlen, "%s", e != LXW_NO_ERROR ? lxw_strerror(e) : "cannot rename the finished file");
        unlink(tmp);
    }
    free(tmp);
    return ok;
}
