@title 标题
正文
@p 关于{{ institution.name 的报告
