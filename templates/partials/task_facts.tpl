{#- 宏 task_facts(t)：一项督办任务的具体情况，督办通知正文和附件1共用。
    用法：先 include 本文件，再写 {{ task_facts(t) }}。宏只看得到参数 t 和全局数据。
    写在一行之中的文字：换行处用 {%- 吃掉换行。 -#}
{% macro task_facts(t) %}
截至{{ as_of | cn_date }}应达进度{{ t.expected | fixed(1) }}%，
{%- if t.reported != none %}报告状态为“{{ t.status }}”，报告进度{{ t.reported | fixed(1) }}%
{%- else %}本季度未报送进展情况{% endif %}；完成时限{{ t.due | cn_date }}。
{%- endmacro %}
