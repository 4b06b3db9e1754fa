{#- 考核评估汇总：全部单位一份。institutions 为全部单位（按输入顺序），各含得分、排名和事项。 -#}
{% set title = plan.short_title ~ period.year ~ "年" ~ (period | quarter) ~ "考核评估汇总" %}
{% set ranked = institutions | select("complete") | sort("rank") %}
{% set excluded = institutions | reject("complete") %}
@info {{ title }} | {{ issuer.name }} | {{ plan.title }}
@title {{ title }}
@blank
截至{{ as_of | cn_date }}，纳入考核评估的单位{{ overall.count }}家，
平均得分{{ overall.average | fixed(1) }}分，最高得分{{ overall.best | fixed(1) }}分。
{% for g in rules.grades %}
{% set k = institutions | select("grade", g.label) | length %}
{{ "其中" if loop.first else "，" }}“{{ g.label }}”{{ k }}家
{% endfor %}
。有督办事项的单位{{ overall.flagged }}家，已分别印发督办通知。
{% if excluded %}
{{ excluded | map("short_name") | join("、") }}报送的数据有误，未纳入本期排名，待更正后补充。
{% endif %}
# 一、综合排名
@table(header=1)
@columns auto center | 1* left | auto right | auto right | auto right | auto center | auto right | auto center
| 排名 | 单位 | 任务部分 | 指标部分 | 总分 | 等级 | 督办事项 | 预警（红/黄/蓝） |
{% for i in ranked %}
{% set task_pts = i.task_part | fixed(1) if i.task_part != none else "—" %}
{% set ind_pts = i.indicator_part | fixed(1) if i.indicator_part != none else "—" %}
{% set total = i.total_text %}
{% set grade = i.grade | default("—") %}
{% set w = i.n_red ~ "/" ~ i.n_yellow ~ "/" ~ i.n_blue %}
{% set n = i.n_flagged %}
| {{ i.rank }} | {{ i.short_name }} | {{ task_pts }} | {{ ind_pts }} | {{ total }} | {{ grade }} | {{ n }} | {{ w }} |
{% endfor %}
@end
{% set w = overall.warnings %}
全部单位预警事项{{ w.any }}项：红色{{ w.red }}项（逾期未完成、未报送或连续两个季度列为督办事项），
黄色{{ w.yellow }}项（本季度其他督办事项），蓝色{{ w.blue }}项（{{ rules.due_soon_days }}天内到期尚未完成）。
@chart(bars, max=100, unit=分, decimals=1, title=各单位总分（按排名）, red=有督办事项的单位)
{% for i in ranked %}
@row(red={{ i.n_flagged > 0 }}) | {{ i.short_name }} | {{ i.total }} |
{% endfor %}
@end
{# 单位不多时再画得分构成；几百家单位的汇总只留上面的总分图 #}
{% if overall.count <= 60 %}
@chart(grouped, max=100, unit=分, decimals=1, title=各单位任务部分与指标部分得分)
| | 任务部分 | 指标部分 |
{% for i in ranked %}
| {{ i.short_name }} | {{ i.task_part | default("") }} | {{ i.indicator_part | default("") }} |
{% endfor %}
@end
{% endif %}
# 二、等级分布
@table(header=1)
@columns auto center | auto center | 1* left
| 等级 | 单位数 | 单位 |
{% for g in rules.grades %}
{% set members = ranked | select("grade", g.label) %}
| {{ g.label }} | {{ members | length }} | {{ members | map("short_name") | join("、") | default("—") }} |
{% endfor %}
@end
# 三、督办事项
{# 单位不多时逐项列出；上百家单位时只列各单位的事项数，明细见各单位的督办通知 #}
{% set flagged = institutions | select("flagged") %}
{% if flagged | length > 60 %}
有督办事项的单位{{ flagged | length }}家，各单位事项数如下，事项明细见各单位督办通知。
@table(header=1)
@columns auto center | 1* left | auto center | auto center
| 序号 | 单位（通知文号） | 任务事项 | 指标事项 |
{% for i in flagged %}
{% set n_tasks = i.tasks | select("flagged") | length %}
{% set n_indicators = i.indicators | select("flagged") | length %}
| {{ loop.index }} | {{ i.name }}（{{ i.notice_number }}） | {{ n_tasks }} | {{ n_indicators }} |
{% endfor %}
@end
{% else %}
{% for i in flagged %}
## {{ loop.index | ordinal(2) }}{{ i.name }}（{{ i.notice_number }}）
{% set tasks = i.tasks | select("flagged") %}
{% if i.n_flagged > rules.items_in_body %}
督办事项{{ i.n_flagged }}项：{% for r in i.reasons %}{{ r.name }}{{ r.count }}项{{ "、" if not loop.last }}{% endfor %}，
逐项情况见督办通知。

{% else %}
{% for t in tasks %}
{{ loop.index }}．任务{{ t.no }}{{ t.title }}：{{ t.flags | join("、") }}。

{% endfor %}
{% for x in i.indicators | select("flagged") %}
{{ (tasks | length) + loop.index }}．指标{{ x.name }}：指标未达标。

{% endfor %}
{% endif %}
{% else %}
本期各单位均无督办事项。
{% endfor %}
{% endif %}
# 四、上期督办事项整改情况
{% if previous_period == none %}
上一季度没有报送数据，本期不统计上期督办事项的整改情况。
{% elif not overall.follow_items %}
{{ previous_period.year }}年{{ previous_period | quarter }}各单位均无督办事项。
{% else %}
{{ previous_period.year }}年{{ previous_period | quarter }}督办事项{{ overall.follow_items }}项，
已整改{{ overall.follow_resolved }}项，整改率{{ overall.follow_up_rate | fixed(1) }}%。
@table(header=1)
@columns auto center | 1* left | auto center | auto center | auto center | auto center
| 序号 | 单位 | 上期督办事项 | 已整改 | 未整改 | 整改率 |
{% for i in institutions | select("follow_items") %}
{% set f = i.follow_up %}
{% set open = f.items - f.resolved %}
{% set rate = (f.rate | fixed(1)) ~ "%" %}
{% set name = i.short_name %}
| {{ loop.index }} | {{ name }} | {{ f.items }} | {{ f.resolved }} | @cell(red={{ open > 0 }}) {{ open }} | {{ rate }} |
{% endfor %}
@end
{% endif %}
@signature(noseal) {{ issuer.name }} | {{ notice_date | cn_date }}
