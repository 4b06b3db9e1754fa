@title 标题
{% if institution.rank < 0 %}名称：{{ institution.nmae }}{% endif %}
