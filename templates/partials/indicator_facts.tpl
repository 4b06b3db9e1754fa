{#- 一项未达标指标的具体情况，督办通知正文和附件1共用；i 为当前指标。
    写在一行之中的文字：换行处用 {%- 或 -%} 吃掉换行。 -#}
{%- set facts_target = ("不高于" if i.lower_better else "不低于") ~ (i.target | num(2)) ~ i.unit -%}
{%- set facts_latest = (i.value | num(2)) ~ i.unit if i.value != none else "" -%}
{%- set facts_when = i.value_period.year ~ "年" ~ (i.value_period | quarter) if i.value != none else "" -%}
目标{{ facts_target }}
{%- if i.value != none %}，最新报送值{{ facts_latest }}（{{ facts_when }}），完成率{{ i.attainment | percent(1) }}
{%- else %}，未报送数值{% endif %}；考核时限{{ i.due | cn_date }}。
{#- 末尾不留换行，以便嵌在一行之中 -#}
