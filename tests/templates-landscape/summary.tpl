@title 各单位任务完成情况一览
前面的正文。
@table(header=1, landscape)
| 单位 |{% for t in (institutions | first).tasks %} 任务{{ t.no }} |{% endfor %}

{% for i in institutions | reject("id", "jkzx") %}
| {{ i.short_name }} |{% for t in i.tasks %} {{ t.reported | percent(0) if t.reported != none else "—" }} |{% endfor %}

{% endfor %}
@end
后面的正文。
