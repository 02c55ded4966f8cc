"""Plotly charts on a page: {% chart %} and {{ figure|chart_data:"element-id" }}.

chart_data is Django's json_script, only faster.
json_script escapes <, > and & with str.translate, which costs about 100 µs
for the 2 kB of a stacked bar chart; three str.replace calls give the same
text in about 2 µs, and the live preview sends three charts on every slider
move. tests/core/test_chart_tags.py holds it to json_script's output.
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def chart_data(value, element_id):
    text = (
        json.dumps(value, cls=DjangoJSONEncoder)
        .replace("&", "\\u0026")
        .replace("<", "\\u003C")
        .replace(">", "\\u003E")
    )
    if not element_id:
        return format_html('<script type="application/json">{}</script>', mark_safe(text))
    return format_html('<script id="{}" type="application/json">{}</script>', element_id, mark_safe(text))


@register.simple_tag(takes_context=True)
def chart(context, figure, chart_id, label, table=None):
    """A chart that static/js/app.js draws from its JSON data, with its numbers
    in a table beneath it: table names a template, rendered with the page's
    context.

    A tag rather than an included template: the live preview draws three
    charts on every slider move, and an include costs about 45 µs each.

    The drawn chart is kept across htmx swaps (hx-preserve) and redrawn from
    the new data beside it, which Plotly does in a fraction of the time a new
    plot takes: a drag in the editor swaps the results ten times a second."""
    data_id = f"{chart_id}-data"
    table_html = context.template.engine.get_template(table).render(context) if table else ""
    numbers = (
        format_html(
            '\n  <details class="chart-table"><summary>Show the numbers</summary>{}</details>', table_html
        )
        if table_html
        else ""
    )
    return format_html(
        '<figure class="chart-figure">\n  {}\n'
        '  <div class="chart" id="{}" data-chart="{}" role="img" aria-label="{}"'
        ' hx-preserve="true"></div>{}\n</figure>',
        chart_data(figure, data_id),
        chart_id,
        data_id,
        label,
        numbers,
    )
