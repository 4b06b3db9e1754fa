{#- 宏 indicator_facts(i)：一项未达标指标的具体情况，督办通知正文和附件1共用。
    用法：先 include 本文件，再写 {{ indicator_facts(i) }}。宏只看得到参数 i 和全局数据。
    写在一行之中的文字：换行处用 {%- 或 -%} 吃掉换行。 -#}
{% macro indicator_facts(i) %}
{%- set target = ("不高于" if i.lower_better else "不低于") ~ (i.target | num(2)) ~ i.unit -%}
{%- set latest = (i.value | num(2)) ~ i.unit if i.value != none else "" -%}
{%- set when = i.value_period.year ~ "年" ~ (i.value_period | quarter) if i.value != none else "" -%}
目标{{ target }}
{%- if i.value != none %}，最新报送值{{ latest }}（{{ when }}），完成率{{ i.attainment | fixed(1) }}%
{%- else %}，未报送数值{% endif %}；考核时限{{ i.due | cn_date }}。
{%- endmacro %}
