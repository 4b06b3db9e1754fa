@title 标题
@chart(bars, max=100,

| 甲 | 1 |
@end
