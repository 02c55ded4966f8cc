"""The tables under a scenario's charts: every number, formatted for people,
and every name escaped."""

from modelling import engine
from scenarios import tables


def projection(component_name="Battery", supplier="Samsung SDI"):
    # 100,000 vehicles growing 10%: 100,000, 110,000. One component worth $1,000 a
    # vehicle, price flat, 50% share from the first year.
    return engine.project(
        engine.ScenarioInput(
            first_year=2025,
            horizon=2,
            first_year_volume=100_000,
            growth_pct=10,
            volume_overrides={},
            components=(
                engine.ComponentInput(
                    key="battery",
                    name=component_name,
                    supplier=supplier,
                    content_value=1000,
                    price_change_pct=0,
                    share_pct=50,
                    supply_start_year=2025,
                ),
            ),
        )
    )


def test_component_table_has_every_year_and_the_totals():
    html = tables.component_table(projection())
    # Revenue: 100,000 x 1,000 x 50% = $50.00M, then 110,000 x 1,000 x 50% = $55.00M; total $105.00M.
    assert '<th scope="col" class="num">2025</th><th scope="col" class="num">2026</th>' in html
    assert (
        '<tr><th scope="row">Battery</th><td class="num">$50.00M</td><td class="num">$55.00M</td>'
        '<td class="num">$105.00M</td></tr>'
    ) in html
    assert '<tfoot><tr><th scope="row">Total</th><td class="num">$50.00M</td>' in html


def test_year_table_has_volume_addressable_revenue_cumulative_and_capture():
    html = tables.year_table(projection())
    # 2026: 110,000 vehicles, addressable 110,000 x $1,000 = $110.00M, revenue $55.00M,
    # cumulative 50 + 55 = $105.00M, capture 55 / 110 = 50.0%.
    assert (
        '<tr><th scope="row">2026</th><td class="num">110,000</td><td class="num">$110.00M</td>'
        '<td class="num">$55.00M</td><td class="num">$105.00M</td><td class="num">50.0%</td></tr>'
    ) in html


def test_affiliate_table_sums_each_supplier():
    html = tables.affiliate_table(projection())
    assert '<tr><th scope="row">Samsung SDI</th><td class="num">$105.00M</td></tr>' in html


def test_names_are_escaped():
    html = tables.component_table(projection(component_name="<script>x</script>"))
    html += tables.affiliate_table(projection(supplier='A & B "Parts"'))
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "A &amp; B &quot;Parts&quot;" in html
