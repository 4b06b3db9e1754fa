{#- 情况通报：每期一份，发给各单位，GB/T 9704-2012 公文格式（与督办通知同）。
    考核评估汇总是内部用表，通报是对外的公文：总体情况、表扬、点名、上期整改、工作要求。 -#}
{% set when = period.year ~ "年" ~ (period | quarter) %}
{% set title = "关于" ~ plan.short_title ~ when ~ "重点任务推进情况的通报" %}
{% set ranked = institutions | select("complete") | sort("rank") %}
{% set top = rules.grades | first %}
{% set commended = ranked | select("grade", top.label) %}
{# 有红色预警的单位：红色事项多的在前，同数按名次；正文只点名前 bulletin.named 家（默认10），
   更多时写明共几家，全部名单列入附件。表扬名单、上期整改情况同样处理。 #}
{% set named = ranked | select("n_red") | sort("n_red", true) %}
{% set n = bulletin.named %}
{% set followed = institutions | select("follow_items") %}
{% set more_commended = (commended | length) > n %}
{% set more_named = (named | length) > n %}
{% set more_followed = (followed | length) > n %}
{% set no_named = 1 if more_named else 0 %}
{% set no_commended = no_named + (1 if more_commended else 0) %}
{% set no_followed = no_commended + (1 if more_followed else 0) %}
{% set c = overall.counts %}
@info {{ title }} | {{ issuer.name }} | {{ bulletin.number }}
@redheader {{ issuer.header }}
@docnumber {{ bulletin.number }}
@title {{ title }}
@blank
@p(indent=0) {{ bulletin.to }}：

为推动《{{ plan.title }}》{% if plan.doc_no %}（{{ plan.doc_no }}）{% endif %}各项任务落实，
{{ issuer.short_name }}对{{ when }}重点任务推进情况进行了调度和考核评估。现将有关情况通报如下。
# 一、总体情况
截至{{ as_of | cn_date }}，纳入考核评估的单位{{ overall.count }}家，承担重点任务{{ c.tasks }}项次，
其中已完成{{ c.done }}项次、序时推进{{ c.on_track }}项次、滞后{{ c.behind }}项次、
未启动{{ c.not_started }}项次、未报送{{ c.not_reported }}项次。各单位平均得分{{ overall.average | fixed(1) }}分，
最高得分{{ overall.best | fixed(1) }}分。
{% set w = overall.warnings %}
本期共有预警事项{{ w.any }}项，其中红色预警{{ w.red }}项、黄色预警{{ w.yellow }}项、蓝色预警{{ w.blue }}项。
# 二、表扬单位
{% if commended and more_commended %}
{% for i in commended %}{% if loop.index <= n %}{{ i.name }}{{ "、" if loop.index < n }}{% endif %}{% endfor %}
等{{ commended | length }}家单位考核评估等级为“{{ top.label }}”，重点任务推进有力、成效明显，予以通报表扬（名单见附件{{ no_commended }}）。
{% elif commended %}
{{ commended | map("name") | join("、") }}考核评估等级为“{{ top.label }}”，
重点任务推进有力、成效明显，予以通报表扬。
{% else %}
本期没有考核评估等级为“{{ top.label }}”的单位。
{% endif %}
# 三、存在的问题
{% if named %}
{% if more_named %}
本期有红色预警事项（逾期未完成、未报送，或连续两个季度列为督办事项）的单位共{{ named | length }}家，
已分别印发督办通知。红色预警事项最多的{{ n }}家单位如下，予以通报：
{% else %}
以下单位有红色预警事项（逾期未完成、未报送，或连续两个季度列为督办事项），予以通报，
已分别印发督办通知：
{% endif %}

{% for i in named %}
{% if loop.index <= n %}
{{ loop.index }}．{{ i.name }}：红色预警{{ i.n_red }}项、黄色预警{{ i.n_yellow }}项。

{% endif %}
{% endfor %}
{% if more_named %}
其余{{ (named | length) - n }}家单位的红色、黄色预警事项数见附件{{ no_named }}。

{% endif %}
{% else %}
本期各单位均无红色预警事项。
{% endif %}
# 四、上期督办事项整改情况
{% if previous_period == none %}
上一季度没有报送数据，本期不统计上期督办事项的整改情况。
{% elif not overall.follow_items %}
{{ previous_period.year }}年{{ previous_period | quarter }}各单位均无督办事项。
{% else %}
{{ previous_period.year }}年{{ previous_period | quarter }}列入督办的事项{{ overall.follow_items }}项，
已整改{{ overall.follow_resolved }}项，总体整改率{{ overall.follow_up_rate | fixed(1) }}%。
{% if more_followed %}
上期有督办事项的单位共{{ followed | length }}家，各单位的整改情况见附件{{ no_followed }}。
{% else %}
{% for i in followed %}
{% set f = i.follow_up %}
{{ "其中" if loop.first else "；" }}{{ i.short_name }}{{ f.items }}项、已整改{{ f.resolved }}项，整改率{{ f.rate | fixed(1) }}%
{%- if loop.last %}。{% endif %}
{% endfor %}
{% endif %}

{% endif %}
# 五、工作要求
## （一）压实工作责任
各单位要对照方案任务分工，逐项梳理本单位承担的重点任务，明确责任人和时间节点，确保按期完成。
## （二）抓好问题整改
有红色、黄色预警事项的单位要逐项分析原因，限期整改，于{{ reply_by | cn_date }}前将整改情况书面报送
{{ issuer.short_name }}。连续两个季度未整改到位的事项，将纳入年度考核并予以通报。
## （三）及时准确报送
各单位要按季度如实报送任务进展和指标数据，确保数据真实、准确、完整。
{% if more_named or more_commended or more_followed %}
@blank(keep)
{% if more_named %}@p(keep, hang=7, align=left) 附件：{{ no_named }}．红色预警单位名单
{% endif %}
{# the first line of the 附件说明 says 附件：, the others stand under its first item #}
{% set first2 = not more_named %}
{% set first3 = not (more_named or more_commended) %}
{% if more_commended %}
@p(keep, {{ "" if first2 else "indent=5, " }}hang=7, align=left) {{ "附件：" if first2 }}{{ no_commended }}．表扬单位名单
{% endif %}
{% if more_followed %}
@p(keep, {{ "" if first3 else "indent=5, " }}hang=7, align=left) {{ "附件：" if first3 }}{{ no_followed }}．上期督办事项整改情况
{% endif %}
{% endif %}
@signature {{ issuer.name }} | {{ notice_date | cn_date }}
{% if more_named %}
@attachment 附件{{ no_named }} | 红色预警单位名单
@table(header=1)
@columns auto center | 1* left | auto right | auto right
| 序号 | 单位 | 红色 | 黄色 |
{% for i in named %}
| {{ loop.index }} | {{ i.name }} | {{ i.n_red }} | {{ i.n_yellow }} |
{% endfor %}
@end
{% endif %}
{% if more_commended %}
@attachment 附件{{ no_commended }} | 表扬单位名单
@table(header=1)
@columns auto center | 1* left | auto right | auto center
| 序号 | 单位 | 得分 | 名次 |
{% for i in commended %}
| {{ loop.index }} | {{ i.name }} | {{ i.total | fixed(1) }} | {{ i.rank }} |
{% endfor %}
@end
{% endif %}
{% if more_followed %}
@attachment 附件{{ no_followed }} | 上期督办事项整改情况
@table(header=1)
@columns auto center | 1* left | auto right | auto right | auto right
| 序号 | 单位 | 督办事项 | 已整改 | 整改率 |
{% for i in followed %}
{% set f = i.follow_up %}
| {{ loop.index }} | {{ i.name }} | {{ f.items }} | {{ f.resolved }} | {{ f.rate | fixed(1) }}% |
{% endfor %}
@end
{% endif %}
{% set cc = (issuer.cc | join("，")) ~ ("。" if issuer.cc else "") %}
@colophon {{ cc }} | {{ issuer.print_office }} | {{ notice_date | cn_date }}
