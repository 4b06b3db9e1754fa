@title 标题
{% include "../data/plan.json" %}
