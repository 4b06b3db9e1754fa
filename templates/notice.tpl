{#- 督办通知：每个有督办事项的单位一份，GB/T 9704-2012 公文格式。 -#}
{% include "partials/task_facts.tpl" %}
{% include "partials/indicator_facts.tpl" %}
{# 有上期已督办、本期仍未整改的事项时，标题写“再次督办” #}
{% set again = "再次" if institution.repeats else "" %}
{% set title = "关于" ~ institution.short_name ~ plan.short_title ~ "重点任务推进滞后的" ~ again ~ "督办通知" %}
{% set tasks = institution.tasks | select("flagged") %}
{% set indicators = institution.indicators | select("flagged") %}
{% set reply = reply_by | cn_date %}
@info {{ title }} | {{ issuer.name }} | {{ institution.notice_number }}
@redheader {{ issuer.header }}
@docnumber {{ institution.notice_number }}
@title {{ title }}
@blank
@p(indent=0) {{ institution.name }}：

根据《{{ plan.title }}》{% if plan.doc_no %}（{{ plan.doc_no }}）{% endif %}工作安排，
{{ issuer.short_name }}对{{ period.year }}年{{ period | quarter }}重点任务推进情况进行了调度。
截至{{ as_of | cn_date }}，你单位以下事项推进滞后，现予督办。
{% if institution.repeats %}
其中{{ institution.repeats }}项已在上期督办、至今仍未整改到位，现再次督办。
{% endif %}
# 一、督办事项
{# 事项不超过 rules.items_in_body（默认5项）时逐项写出；更多时正文只写概况，逐项情况见附件1 #}
{% set n_items = (tasks | length) + (indicators | length) %}
{% if n_items > rules.items_in_body %}
{% set reds = (tasks | select("warning", "红") | map("title")) + (indicators | select("warning", "红") | map("name")) %}
你单位本期督办事项共{{ n_items }}项，其中重点任务{{ tasks | length }}项、考核指标{{ indicators | length }}项。
按督办原因：{% for r in institution.reasons %}{{ r.name }}{{ r.count }}项{{ "、" if not loop.last }}{% endfor %}
（一项可有几个原因）。
{% if reds %}其中红色预警事项{{ reds | length }}项：{{ reds | join("、") }}。{% endif %}
{% if institution.repeats %}上期已督办、至今仍未整改到位的{{ institution.repeats }}项，再次督办。{% endif %}
逐项情况见附件1。
{% else %}
{% for t in tasks %}
## {{ loop.index | ordinal(2) }}{{ t.title }}{{ "（再次督办）" if t.repeat }}
督办原因：{{ t.flags | join("、") }}。{{ task_facts(t) }}
{% if t.repeat %}该事项上期已督办（{{ t.flags_before | join("、") }}），至今仍未整改到位。{% endif %}
{% endfor %}
{% for i in indicators %}
## {{ ((tasks | length) + loop.index) | ordinal(2) }}{{ i.name }}{{ "（再次督办）" if i.repeat }}
督办原因：指标未达标（所属任务：{{ i.task_title }}）。{{ indicator_facts(i) }}
{% if i.repeat %}该指标上期已督办，至今仍未达标。{% endif %}
{% endfor %}
{% endif %}
# 二、整改要求
请你单位高度重视，对照上述事项逐项分析原因，制定整改措施，明确责任人和完成时限，
**于{{ reply }}前**将整改落实情况书面报送{{ issuer.short_name }}，一事一报（填写附件2）。
逾期未报送或整改不到位的，将予以通报。

@blank(keep)
@p(keep, hang=7, align=left) 附件：1．督办事项清单
@p(keep, indent=5, hang=7, align=left) 2．办理情况反馈表
@signature {{ issuer.name }} | {{ notice_date | cn_date }}
{# 附注（联系人、电话）：GB/T 9704 7.3.7，成文日期下一行，居左空二字，加圆括号 #}
{% if issuer.contact_person or issuer.contact_phone %}
（{% if issuer.contact_person %}联系人：{{ issuer.contact_person }}{% endif %}
{%- if issuer.contact_person and issuer.contact_phone %}，{% endif %}
{%- if issuer.contact_phone %}电话：{{ issuer.contact_phone }}{% endif %}）
{% endif %}
@attachment 附件1 | 督办事项清单
@table(header=1)
@columns auto center | 2* left | 1.4* left | 3* left | auto center
| 序号 | 督办事项 | 督办原因 | 具体情况 | 整改时限 |
{% for t in tasks %}
{% set why = (t.flags | join("、")) ~ ("（再次督办）" if t.repeat else "") %}
| {{ loop.index }} | 任务{{ t.no }}：{{ t.title }} | {{ why }} | {{ task_facts(t) }} | {{ reply }} |
{% endfor %}
{% for i in indicators %}
{% set no = (tasks | length) + loop.index %}
{% set why = "指标未达标" ~ ("（再次督办）" if i.repeat else "") %}
| {{ no }} | 指标：{{ i.name }} | {{ why }} | {{ indicator_facts(i) }} | {{ reply }} |
{% endfor %}
@end
@attachment 附件2 | 办理情况反馈表
@table(header=0, size=14)
@columns 36mm center | 1* left
| 填报单位 | {{ institution.name }} |
| 督办文号 | {{ institution.notice_number }} |
@row(lines=3) | 督办事项 | |
@row(lines=4) | 原因分析 | |
@row(lines=5) | 整改措施 | |
@row(lines=4) | 完成情况 | |
@row(lines=1) | 责任人 | |
@row(lines=1) | 联系电话 | |
@row(lines=2) | 填报日期 | 　　　　年　　月　　日 |
@end
{% set cc = (issuer.cc | join("，")) ~ ("。" if issuer.cc else "") %}
@colophon {{ cc }} | {{ issuer.print_office }} | {{ notice_date | cn_date }}
