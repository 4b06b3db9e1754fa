{% include "partials/a.tpl" %}
