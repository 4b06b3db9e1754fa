@title 标题
{% endfor %}
