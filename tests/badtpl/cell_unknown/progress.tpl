@title 标题
@table(header=0)
| 1 | @cel(bold) 甲 |
| 2 | @cell(bolt) 乙 |
@end
