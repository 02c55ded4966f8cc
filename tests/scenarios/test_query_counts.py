"""The scenario pages cost a fixed number of queries, whatever else the
database holds: the same with the demo data alone and with more scenarios
(the user's own, shared with everyone, other people's private ones) and more
companies (car makers, and affiliates of the scenario's own supplier group).

test_views.py, test_compare.py and test_analysis_views.py pin the counts
against more components and more scenarios compared; these pin them against
more data around the page, with the cache cold and then warm."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from scenarios import services
from scenarios.models import Scenario
from tests.companies.factories import CarMakerFactory, CompanyFactory
from tests.scenarios.editor_data import editor_post_data
from tests.scenarios.factories import ComponentLineFactory, ScenarioFactory, UserFactory

pytestmark = pytest.mark.django_db

# (cold cache, warm cache) queries per page, logged in as demo.
EXPECTED = {
    # session, user, scenario; cold: its owner and companies, lines, reported actuals,
    # the lines' relationships (evidence)
    "detail": (7, 3),
    # session, user, scenario with its parties; cold: lines, affiliates
    "edit": (5, 3),
    # session, user, scenario; cold: lines, affiliates
    "preview": (5, 3),
    # session, user, the six scenarios, their lines; six is the most compared, so
    # no picker of candidates (test_compare.py counts it with fewer)
    "compare": (4, 4),
    # session, user, scenario, lines
    "analysis": (4, 4),
    # session, user, the customers and supplier groups to filter by, the count, one
    # page of rows with their figures stored (nothing projected, nothing cached)
    "list": (6, 6),
}


@pytest.fixture
def demo(seeded):
    return Scenario.objects.get(owner__username="demo", name="Article baseline").owner


@pytest.fixture
def baseline(demo):
    return Scenario.objects.get(owner=demo, name="Article baseline")


@pytest.fixture
def demo_client(client, demo):
    client.force_login(demo)
    # The first request marks the session as seen (config/middleware.py), one
    # write that the next minute's requests do not repeat.
    client.get(reverse("scenarios:list"))
    return client


def add_more_data(demo, baseline):
    """60 scenarios with two lines each and 30 companies."""
    others = [UserFactory() for _ in range(3)]
    for n in range(60):
        owner = demo if n % 3 == 0 else others[n % 3]
        visibility = Scenario.Visibility.SHARED if n % 3 == 1 else Scenario.Visibility.PRIVATE
        scenario = ScenarioFactory(owner=owner, visibility=visibility)
        ComponentLineFactory.create_batch(2, scenario=scenario)
    for n in range(15):
        CompanyFactory(name=f"{baseline.supplier_group.name} Affiliate {n}", parent=baseline.supplier_group)
        CarMakerFactory()


def request_for(page, baseline, demo):
    """(method, url, data, headers) of one request for page."""
    if page == "preview":
        data = editor_post_data(baseline)
        return "post", reverse("scenarios:preview", args=[baseline.pk]), data, {"HTTP_HX_REQUEST": "true"}
    if page == "compare":
        shared = Scenario.objects.get(owner__username="analyst", name="Samsung as lead EV supplier")
        variants = [services.scenario_create_from_preset(owner=demo, name=f"Variant {n}") for n in range(4)]
        ids = ",".join(str(s.pk) for s in [baseline, shared, *variants])
        return "get", reverse("scenarios:compare"), {"ids": ids}, {}
    if page == "list":
        return "get", reverse("scenarios:list"), None, {}
    return "get", reverse(f"scenarios:{page}", args=[baseline.pk]), None, {}


@pytest.mark.parametrize("page", list(EXPECTED))
def test_a_page_costs_the_same_queries_with_more_scenarios_and_companies(
    demo_client, demo, baseline, page, django_assert_num_queries
):
    method, url, data, headers = request_for(page, baseline, demo)
    cold, warm = EXPECTED[page]

    def assert_costs():
        cache.clear()
        with django_assert_num_queries(cold):
            response = getattr(demo_client, method)(url, data, **headers)
        assert response.status_code == 200
        with django_assert_num_queries(warm):
            response = getattr(demo_client, method)(url, data, **headers)
        assert response.status_code == 200

    before = Scenario.objects.count()
    # The seed's five (the two examples, the baseline's bear and bull cases and BYD), and
    # for a comparison four more of demo's.
    assert before == (5 if page != "compare" else 9)
    assert_costs()
    add_more_data(demo, baseline)
    assert Scenario.objects.count() == before + 60
    assert_costs()
