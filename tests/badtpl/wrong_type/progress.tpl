@title 标题
{% for t in institution.name %}{{ t }}{% endfor %}
