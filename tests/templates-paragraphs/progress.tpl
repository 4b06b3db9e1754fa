{#- Paragraphs over several source lines (soft line breaks), as Markdown joins them:
    Chinese joins without a space, two ASCII characters with one; a blank line, a heading
    or a directive ends the paragraph. -#}
@title 段落换行
第一行写到这里，
{% if institution.id == "rmyy" %}
条件成立时的半句，
{% endif %}
第三行接着写完。
see
http://example.org 这一段到此结束。

空行之后另起一段。
@p(indent=0) 指令段落的开头，
续写的后半句。
# 标题
标题后另起一段。
