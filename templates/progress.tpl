{#- 工作进展情况报告：每个单位一份。institution 是本单位，见 templates/README.md。 -#}
{% set when = period.year ~ "年" ~ (period | quarter) %}
{% set title = "关于" ~ institution.name ~ when ~ plan.short_title ~ "工作进展情况的报告" %}
@info {{ title }} | {{ institution.name }} | {{ plan.title }}
@title {{ title }}
@blank
@p(indent=0) {{ issuer.name }}：

现将我单位{{ when }}（截至{{ as_of | cn_date }}）《{{ plan.title }}》重点任务推进情况报告如下。
# 一、总体情况
{% set c = institution.counts %}
本季度承担重点任务{{ c.tasks }}项，其中已完成{{ c.done }}项、序时推进{{ c.on_track }}项、
滞后{{ c.behind }}项、未启动{{ c.not_started }}项、未报送{{ c.not_reported }}项，
任务加权平均进度{{ institution.mean_reported | fixed(1) }}%。
考核得分{{ institution.total_text }}分，等级{{ institution.grade | default("—") }}，
在{{ overall.count }}家单位中排名第{{ institution.rank }}。
{% set w = institution.warnings %}
{% if w.any %}
预警事项{{ w.any }}项，其中红色{{ w.red }}项、黄色{{ w.yellow }}项、蓝色{{ w.blue }}项。
{% endif %}
{% if institution.tasks %}
@chart(bars, max={{ c.tasks }}, unit=项, title=重点任务状态分布, red=需督办的状态)
@row(color=black) | 已完成 | {{ c.done }} |
@row(color=black) | 序时推进 | {{ c.on_track }} |
@row(red={{ c.behind > 0 }}) | 滞后 | {{ c.behind }} |
@row(red={{ c.not_started > 0 }}) | 未启动 | {{ c.not_started }} |
@row(red={{ c.not_reported > 0 }}) | 未报送 | {{ c.not_reported }} |
@end
@table(header=1)
@columns auto center | auto center | 2* justify | auto center | auto right | auto right | auto left | auto center
| 序号 | 编号 | 重点任务 | 状态 | 报告进度 | 应达进度 | 督办事项 | 预警 |
{% for t in institution.tasks %}
{% set got = (t.reported | fixed(1)) ~ "%" if t.reported != none else "—" %}
{% set goal = (t.expected | fixed(1)) ~ "%" %}
{% set flags = t.flags | join("、") | default("—") %}
{% set lv = (t.warning ~ "色") if t.warning else "—" %}
{% set c = t.warning | default("") %}
{% set s = t.status %}
{% set n = loop.index %}
| {{ n }} | {{ t.no }} | {{ t.title }} | {{ s }} | {{ got }} | {{ goal }} | {{ flags }} | @cell(color={{ c }}) {{ lv }}
{% endfor %}
@end
{% if w.any %}
@p(size=12, indent=0) 预警：红色——逾期未完成、未报送，或连续两个季度列为督办事项；
黄色——本季度有其他督办事项；蓝色——{{ rules.due_soon_days }}天内到期尚未完成。
{% endif %}
@chart(bars, max=100, unit=%, decimals=1, value=报告进度, marker=应达进度, red=列为督办事项,
       title=各项任务报告进度与应达进度)
{% for t in institution.tasks %}
@row(red={{ t.flagged }}) | {{ t.no }} {{ t.title }} | {{ t.reported | default(0) }} | {{ t.expected }} |
{% endfor %}
@end
{% endif %}
# 二、重点任务进展
{% for t in institution.tasks %}
## {{ loop.index | ordinal(2) }}{{ t.title }}
{# 正文一律黑色（GB/T 9704 5.2.5）：预警写成文字，颜色只用在表格行上 #}
任务序号{{ t.no }}，完成时限{{ t.due | cn_date }}。状态：{{ t.status }}；
{% if t.reported != none %}报告进度{{ t.reported | fixed(1) }}%，{% endif %}应达进度{{ t.expected | fixed(1) }}%。
{% if t.flagged %}督办事项：{{ t.flags | join("、") }}。{% endif %}
{% if t.repeat %}预警等级：红色（上期已列为督办事项：{{ t.flags_before | join("、") }}，本期仍未整改）。
{% elif t.warning %}预警等级：{{ t.warning }}色。{% endif %}

工作进展：{{ t.summary | default("无") }}

存在问题：{{ t.problems | default("无") }}

下步计划：{{ t.next_steps | default("无") }}
{% else %}
本季度本单位无承担的重点任务。
{% endfor %}
# 三、指标完成情况
{% if not institution.indicators %}
本单位无考核指标。
{% else %}
@table(header=1)
@columns 1* justify | auto right | auto right | auto right | auto right | auto center | auto center
| 指标 | 目标 | 上季度 | 本季度 | 完成率 | 是否达标 | 预警 |
{% for i in institution.indicators %}
{% set u = i.unit %}
{% set target = ("≤" if i.lower_better else "≥") ~ (i.target | num(2)) ~ u %}
{% set before = (i.previous | num(2)) ~ u if i.previous != none else "—" %}
{% set now = (i.current | num(2)) ~ u if i.current != none
       else ((i.value | num(2)) ~ u ~ "（此前报送）" if i.value != none else "未报送") %}
{% set rate = (i.attainment | fixed(1)) ~ "%" %}
{% set verdict = "达标" if i.met else ("未达标" if i.flagged else "未到期") %}
{% set level = (i.warning ~ "色") if i.warning else "—" %}
{% set c = i.warning | default("") %}
{% set v = verdict %}
| {{ i.name }} | {{ target }} | {{ before }} | {{ now }} | {{ rate }} | {{ v }} | @cell(color={{ c }}) {{ level }} |
{% endfor %}
@end
@chart(bars, max=100, unit=%, decimals=1, title=各项指标完成率, red=未达标)
{% for i in institution.indicators %}
@row(red={{ i.flagged }}) | {{ i.name }} | {{ i.attainment }} |
{% endfor %}
@end
{% if institution.quarters | length > 1 %}
@chart(lines, max=100, unit=%, decimals=1, title=指标完成率变化趋势)
{# 季度写成“第二季度”；跨年时带上年份 #}
{% set span = (institution.quarters | first).year != (institution.quarters | last).year %}
| |{% for q in institution.quarters %} {{ (q.year ~ "年") if span }}{{ q | quarter }} |{% endfor %}

{% for i in institution.indicators %}
| {{ i.name }} |{% for v in i.trend %} {{ v | default("") }} |{% endfor %}

{% endfor %}
@end
{% endif %}
{% endif %}
{% set f = institution.follow_up %}
{% if f.items %}
# 四、上期督办事项整改情况
{{ previous_period.year }}年{{ previous_period | quarter }}本单位列入督办的事项{{ f.items }}项，
已整改{{ f.resolved }}项、未整改{{ f.items - f.resolved }}项，整改率{{ f.rate | fixed(1) }}%。
@table(header=1)
@columns auto center | 2* left | 1.2* left | 1.2* left | auto center
| 序号 | 事项 | 上期督办原因 | 本期情况 | 整改情况 |
{% for x in f.list %}
{% set now = x.flags_now | join("、") | default("已无督办事项") %}
{% set item = x.kind ~ x.id ~ "：" ~ x.name %}
{% set before = x.flags_before | join("、") %}
| {{ loop.index }} | {{ item }} | {{ before }} | {{ now }} | @cell(red={{ not x.resolved }}) {{ x.state }} |
{% endfor %}
@end
{% endif %}
{# 署名和日期的位置由 @signature 按 GB/T 9704 7.3.5 统一排；报告是本单位的，不盖发文机关的印章 #}
特此报告。
@signature(noseal) {{ institution.name }} | {{ as_of | cn_date }}
