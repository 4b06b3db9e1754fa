@title x
{% include "partials/a.tpl" %}
