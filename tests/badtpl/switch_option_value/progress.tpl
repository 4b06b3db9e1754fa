@title 标题
@table(header=0)
@row(red={{ institution.id }}) | {{ institution.name }} |
@end
