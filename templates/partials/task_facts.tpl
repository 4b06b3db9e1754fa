{#- 一项督办任务的具体情况，督办通知正文和附件1共用；t 为当前任务。
    写在一行之中的文字：换行处用 {%- 或 -%} 吃掉换行。 -#}
截至{{ as_of | cn_date }}应达进度{{ t.expected | percent(1) }}，
{%- if t.reported != none %}报告状态为“{{ t.status }}”，报告进度{{ t.reported | percent(1) }}
{%- else %}本季度未报送进展情况{% endif %}；完成时限{{ t.due | cn_date }}。
{#- 末尾不留换行，以便嵌在一行之中 -#}
