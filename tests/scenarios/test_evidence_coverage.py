"""The partial that shows how much of a projection rests on known supply."""

from django.template.loader import render_to_string

from modelling import evidence as coverage


def test_the_coverage_partial_lists_each_class_with_its_revenue_and_share():
    result = coverage.coverage(
        {"battery": 750_000_000.0, "display": 250_000_000.0}, {"battery": "disclosed", "display": "press"}
    )
    html = render_to_string("scenarios/_evidence_coverage.html", {"coverage": result})
    assert '<span class="tag tag-disclosed">Established and disclosed</span>' in html
    # $750M of $1B: 75.0%, and a meter at 0.75 (no inline style).
    assert '<td class="num">$750.00M</td>' in html and '<td class="num">75.0%</td>' in html
    assert '<meter min="0" max="1" value="0.7500"' in html
    assert '<td class="num">$0</td>' in html  # nothing potential
    assert '<td class="num">$1.00B</td>' in html
    assert "style=" not in html
