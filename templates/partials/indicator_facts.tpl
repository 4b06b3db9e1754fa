{#- 一项未达标指标的具体情况，督办通知正文和附件1共用；i 为当前指标。 -#}
目标{{ "不高于" if i.lower_better else "不低于" }}{{ i.target | num(2) }}{{ i.unit }}{% if i.value != none %}，最新报送值{{ i.value | num(2) }}{{ i.unit }}（{{ i.value_period.year }}年{{ i.value_period | quarter }}），完成率{{ i.attainment | percent(1) }}{% else %}，未报送数值{% endif %}；考核时限{{ i.due | cn_date }}。
{#- 末尾不留换行，以便嵌在一行之中 -#}
