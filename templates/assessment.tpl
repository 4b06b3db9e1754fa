{#- 考核评估结果：每个单位一份。 -#}
{% set inst = institution %}
{% set title = inst.name ~ period.year ~ "年" ~ (period | quarter) ~ plan.short_title ~ "考核评估结果" %}
@info {{ title }} | {{ issuer.name }} | {{ plan.title }}
@title {{ title }}
@blank
{% set task_part = "任务部分" ~ (inst.task_part | fixed(1)) ~ "分" if inst.task_part != none else "" %}
{% set indicator_part = "指标部分" ~ (inst.indicator_part | fixed(1)) ~ "分" if inst.indicator_part != none else "" %}
{% set parts = task_part ~ ("，" if task_part and indicator_part else "") ~ indicator_part %}
依据《{{ plan.title }}》和考核评估规则，截至{{ as_of | cn_date }}，
你单位考核得分{{ inst.total_text }}分（{{ parts or "无计分项目" }}），
等级为“{{ inst.grade | default("—") }}”，在{{ overall.count }}家单位中排名第{{ inst.rank }}。
# 一、重点任务完成情况（满分{{ inst.task_max | fixed(1) }}分）
{% if not inst.tasks %}
本单位本期无承担的重点任务。
{% else %}
@table(header=1)
@columns auto center | auto center | 1* left | auto right | auto center | auto right | auto right | auto right
| 序号 | 编号 | 重点任务 | 权重 | 状态 | 完成系数 | 满分 | 得分 |
{% for t in inst.tasks %}
{% set red = t.lost_points > 0 %}
{% set wt = t.weight | fixed(1) %}
{% set factor = t.factor | fixed(3) %}
{% set full = t.max_points | fixed(1) %}
{% set got = t.points | fixed(1) %}
{% set n = loop.index %}
{% set s = t.status %}
{% set p = got %}
| {{ n }} | {{ t.no }} | {{ t.title }} | {{ wt }} | {{ s }} | {{ factor }} | {{ full }} | @cell(red={{ red }}) {{ p }} |
{% endfor %}
@end
{% endif %}
# 二、考核指标完成情况（满分{{ inst.indicator_max | fixed(1) }}分）
{% if not inst.indicators %}
本单位本期无考核指标，重点任务部分按百分制计分。
{% else %}
@table(header=1)
@columns 1* left | auto right | auto right | auto right | auto right | auto right | auto right
| 指标 | 权重 | 目标 | 最新值 | 完成率 | 满分 | 得分 |
{% for i in inst.indicators %}
{% set red = i.lost_points > 0 %}
{% set weight = i.weight | fixed(1) %}
{% set target = ("≤" if i.lower_better else "≥") ~ (i.target | num(2)) ~ i.unit %}
{% set latest = (i.value | num(2)) ~ i.unit if i.value != none else "未报送" %}
{% set rate = (i.attainment | fixed(1)) ~ "%" %}
{% set full = i.max_points | fixed(1) %}
{% set got = i.points | fixed(1) %}
| {{ i.name }} | {{ weight }} | {{ target }} | {{ latest }} | {{ rate }} | {{ full }} | @cell(red={{ red }}) {{ got }} |
{% endfor %}
@end
{% endif %}
# 三、扣分说明
{% set n = 0 %}
{% for t in inst.tasks %}
{% if t.lost_points > 0 %}
{% set n = n + 1 %}
{{ n }}．任务{{ t.no }}“{{ t.title }}”：
{% if t.not_reported %}本季度未报送，完成系数为0
{%- else %}报告进度{{ t.reported | fixed(1) }}%，应达进度{{ t.expected | fixed(1) }}%
{%- if t.overdue %}，已逾期未完成，完成系数按{{ (100 - rules.overdue_penalty) | percent(0) }}计{% endif %}
{%- endif %}，扣{{ t.lost_points | fixed(1) }}分。

{% endif %}
{% endfor %}
{% for i in inst.indicators %}
{% if i.lost_points > 0 %}
{% set n = n + 1 %}
{{ n }}．指标“{{ i.name }}”：
{% if i.value == none %}未报送数值，完成率为0{% else %}完成率{{ i.attainment | fixed(1) }}%{% endif %}，
扣{{ i.lost_points | fixed(1) }}分。

{% endif %}
{% endfor %}
{% if n == 0 %}
无扣分事项。
{% endif %}
# 四、与全部单位比较
全部{{ overall.count }}家单位平均得分{{ overall.average | fixed(1) }}分，最高得分{{ overall.best | fixed(1) }}分。
@chart(bars, max=100, unit=分, decimals=1, title=本单位得分与全部单位平均、最高得分)
| {{ inst.short_name }} | {{ inst.total }} |
| 平均 | {{ overall.average }} |
| 最高 | {{ overall.best }} |
@end
@signature(noseal) {{ issuer.name }} | {{ notice_date | cn_date }}
