{#- 会议材料汇编：封面、目录（页码自动填写）、考核评估汇总、情况通报、各单位工作进展情况报告（均从奇数页起）。 -#}
{% set when = period.year ~ "年" ~ (period | quarter) %}
{% set title = plan.short_title ~ when ~ "工作推进会议材料汇编" %}
@info {{ title }} | {{ issuer.name }} | {{ plan.title }}
@cover
@blank(lines=5)
@title(size=26) {{ title }}
@blank(lines=8)
@p(align=center) {{ issuer.name }}
@p(align=center) {{ notice_date | cn_date }}
{# 双面打印：封面背面空白，目录从第3页起，全册在偶数页结束 #}
@duplex
@oddpage
@title 目　　录
@blank
@toc
@oddpage
@document summary | {{ plan.short_title }}{{ when }}考核评估汇总
@oddpage
@document bulletin | {{ plan.short_title }}{{ when }}重点任务推进情况通报
{% for i in institutions | select("complete") %}
@oddpage
@document progress {{ i.id }} | {{ i.name }}工作进展情况报告
{% endfor %}
