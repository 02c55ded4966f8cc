import pytest
from django.urls import reverse

from companies.models import Company, Fact, Source
from scenarios.models import Scenario
from tests.scenarios.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_reported_deliveries_stand_beside_the_plan_with_their_citation(client, seeded):
    baseline = Scenario.objects.get(name="Article baseline")
    client.force_login(baseline.owner)
    response = client.get(reverse("scenarios:detail", args=[baseline.pk]))
    rows = list(response.context["actuals"])
    # 2025: planned 350,000 (the article's plan); reported over 410,000 (electrive.com):
    # +60,000, +17.1%. The 2024 figure lies before the 2025-2030 horizon.
    assert [(row.year, row.planned, float(row.fact.value)) for row in rows] == [(2025, 350_000, 410_000)]
    assert rows[0].difference == 60_000 and rows[0].difference_pct == pytest.approx(17.142857, rel=1e-5)
    html = response.content.decode()
    assert "Plan versus reported deliveries" in html and "over 410,000 vehicles" in html
    assert "electrive.com, 2026-01-05" in html
    volume = response.context["figures"]["volume"]["data"]
    assert volume[1]["name"] == "Reported" and volume[1]["x"] == [2025] and volume[1]["y"] == [410_000.0]


def test_an_actual_staff_add_in_the_admin_appears_without_code_changes(client, seeded):
    baseline = Scenario.objects.get(name="Article baseline")
    client.force_login(baseline.owner)
    client.get(reverse("scenarios:detail", args=[baseline.pk]))  # cached without it
    staff = UserFactory(username="editor", is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.post(
        reverse("admin:companies_fact_add"),
        {
            "company": Company.objects.get(slug="xiaomi").pk,
            "metric": "ev_deliveries",
            "label": "EV deliveries",
            "value": "560000",
            "unit": "vehicles",
            "year": "2026",
            "kind": "actual",
            "qualifier": "",
            "source": Source.objects.get(publisher="electrive.com").pk,
            "note": "",
        },
    )
    assert response.status_code == 302
    client.force_login(baseline.owner)
    page = client.get(reverse("scenarios:detail", args=[baseline.pk]))
    assert "560,000 vehicles" in page.content.decode()  # the cached page was retired
    rows = list(page.context["actuals"])
    # 2026 planned: 350,000 x 1.2 = 420,000; reported 560,000.
    assert [(row.year, row.planned, float(row.fact.value)) for row in rows][-1] == (2026, 420_000, 560_000)
    assert Fact.objects.filter(year=2026, kind="actual").count() == 1
