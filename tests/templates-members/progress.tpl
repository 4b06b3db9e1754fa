{#- The members that say what a template means, printed for tests/run.sh to check against the others. -#}
@title 成员
{% for t in institution.tasks %}
T {{ t.no }} {{ t.max_points | fixed(6) }} {{ t.points | fixed(6) }} {{ t.lost_points | fixed(6) }}

{% endfor %}
{% for i in institution.indicators %}
I {{ loop.index }} {{ i.max_points | fixed(6) }} {{ i.points | fixed(6) }} {{ i.lost_points | fixed(6) }} {{ i.is_due }} {{ i.flagged }} {{ i.met }}

{% endfor %}
