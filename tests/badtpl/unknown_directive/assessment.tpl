@title 标题
@tabel(header=1)
| a |
@end
