@title 标题
{% if institution.flagged %}
有督办事项。
