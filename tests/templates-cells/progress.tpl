{#- @cell(bold): a cell in 黑体, here only for rmyy (no header row, so 黑体 is on the page only through it);
    a value's "@" stays text. -#}
@title 单元格
@table(header=0)
@columns auto center | 1* left
| 1 | 普通的单元格 |
| 2 | @cell(bold={{ institution.id == "rmyy" }}) 条件加粗的单元格 |
| 3 | {{ "@cell(bold) 数据里的符号" }} |
@end
