"""The scenario list: the headline figures each write stores (and migration
0007 backfills), then the page itself: search, filters, order, pages, the
empty states, refused values, and a fixed number of queries."""

import importlib
from datetime import datetime, timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from companies.models import Company
from core.formatting import format_money
from scenarios import selectors, services
from scenarios.forms.listing import PAGE_SIZE
from scenarios.models import Scenario, ScenarioShare
from tests.companies.factories import CarMakerFactory, GroupFactory
from tests.scenarios.editor_data import editor_post_data
from tests.scenarios.factories import ComponentLineFactory, ScenarioFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("scenarios:list")

# The `scenario` fixture (tests/conftest.py): 100,000 / 110,000 / 121,000 vehicles
# x $1,000 x 50% on two lines: revenue 100M, 110M, 121M, so $331M cumulative.
# Margins 0, so EBIT and tax are 0; working capital 10% of each year's growth in
# revenue: 10M, 1M, 1.1M; FCF the negatives; at 9%:
# -(10M / 1.09 + 1M / 1.09^2 + 1.1M / 1.09^3) = -(9,174,311.93 + 841,679.99 + 849,401.83).
FIXTURE_REVENUE = 331_000_000
FIXTURE_NPV = -10_865_393.75


def stored(scenario):
    fresh = Scenario.objects.get(pk=scenario.pk)
    return fresh.cumulative_revenue_usd, fresh.npv_usd


def projected(scenario):
    projection = selectors.project(scenario, selectors.lines_of(scenario))
    return projection.cumulative_revenue, projection.value.total.npv


def recorded(scenario):
    """A factory-made scenario given its first version, as scenario_create would."""
    services.scenario_version_record(scenario=scenario, user=scenario.owner, message="Created")
    return scenario


def url(name, *args):
    return reverse(f"scenarios:{name}", args=args)


# --- the stored figures ------------------------------------------------------


def test_recording_a_version_stores_the_figures_worked_out_by_hand(owner, scenario):
    assert stored(scenario) == (None, None)  # the factory wrote rows, not a version
    recorded(scenario)
    assert stored(scenario) == pytest.approx((FIXTURE_REVENUE, FIXTURE_NPV))


def test_a_save_through_the_editor_stores_the_new_figures(owner_client, owner, scenario):
    recorded(scenario)
    data = editor_post_data(scenario, battery__share_pct="80", battery__operating_margin_pct="10")
    assert owner_client.post(url("edit", scenario.pk), data).status_code == 302
    # Battery at 80%: 80M, 88M, 96.8M, display 50M, 55M, 60.5M: 130M + 143M + 157.3M = 430.3M.
    # EBIT 10% of the battery's: 8M, 8.8M, 9.68M; tax 24% of it: 1.92M, 2.112M, 2.3232M;
    # working capital 10% of the growth: 13M, 1.3M, 1.43M; FCF -6.92M, 5.388M, 5.9268M;
    # NPV -6.92M / 1.09 + 5.388M / 1.09^2 + 5.9268M / 1.09^3 = 2,762,925.00.
    assert stored(scenario) == pytest.approx((430_300_000, 2_762_925.00))


def test_a_restore_stores_the_figures_of_the_version_it_brings_back(owner_client, owner, scenario):
    recorded(scenario)
    owner_client.post(url("edit", scenario.pk), editor_post_data(scenario, battery__share_pct="80"))
    assert stored(scenario)[0] == pytest.approx(430_300_000)
    owner_client.post(url("restore", scenario.pk, 1), {"base_version": "2"})
    assert stored(scenario) == pytest.approx((FIXTURE_REVENUE, FIXTURE_NPV))


def test_a_clone_stores_its_own_figures_and_leaves_the_sources_alone(owner, stranger, scenario):
    recorded(scenario)
    copy = services.scenario_clone(source=scenario, owner=stranger)
    assert stored(copy) == pytest.approx((FIXTURE_REVENUE, FIXTURE_NPV))
    assert stored(scenario) == pytest.approx((FIXTURE_REVENUE, FIXTURE_NPV))


def test_saving_monte_carlo_ranges_keeps_the_figures(owner, scenario):
    recorded(scenario)
    services.monte_carlo_ranges_save(scenario=scenario, ranges={}, user=owner, base_version=1)
    assert stored(scenario) == pytest.approx((FIXTURE_REVENUE, FIXTURE_NPV))


def test_a_stored_figure_never_moves_the_last_updated_date(owner, scenario):
    recorded(scenario)
    long_ago = timezone.make_aware(datetime(2025, 1, 2))
    Scenario.objects.filter(pk=scenario.pk).update(updated_at=long_ago)
    services.scenario_headlines_refresh(scenario=scenario)
    assert Scenario.objects.get(pk=scenario.pk).updated_at == long_ago


@pytest.mark.parametrize("start", ["blank", "preset"])
def test_a_new_scenario_stores_the_figures_its_inputs_give(owner, seeded, start):
    if start == "preset":
        scenario = services.scenario_create_from_preset(owner=owner)
        assert stored(scenario)[0] > 0  # the preset wins a share of every component
    else:
        xiaomi, samsung = Company.objects.get(slug="xiaomi"), Company.objects.get(slug="samsung")
        scenario = services.scenario_create(
            owner=owner, name="Blank", customer=xiaomi, supplier_group=samsung
        )
        # No vehicles and no share: no revenue and no cash, so no value.
        assert stored(scenario) == (0, 0)
    assert stored(scenario) == pytest.approx(projected(scenario))


def test_the_demo_scenario_built_after_its_preset_stores_its_final_figures(seeded):
    scenario = Scenario.objects.get(name="Samsung as lead EV supplier")
    preset = services.scenario_create_from_preset(owner=scenario.owner, name="Preset as it comes")
    assert stored(scenario) == pytest.approx(projected(scenario))
    assert stored(scenario) != pytest.approx(stored(preset))  # it did change after the preset


# --- migration 0007 ------------------------------------------------------------

backfill = importlib.import_module("scenarios.migrations.0007_headline_figures").backfill


def test_the_migration_backfills_each_scenario_by_projecting_it(owner, scenario):
    empty = ScenarioFactory(owner=owner, name="No lines yet")
    refused = ScenarioFactory(owner=owner, name="Override outside its years")
    # 2031 is outside 2025-2027, which the engine refuses: no figures, not a failed migration.
    Scenario.objects.filter(pk=refused.pk).update(volume_overrides={"2031": 1})
    backfill(apps, None)
    assert stored(scenario) == pytest.approx((FIXTURE_REVENUE, FIXTURE_NPV))
    assert stored(empty) == (0, 0)  # no component: nothing to sell, nothing to spend
    assert stored(refused) == (None, None)


# --- the page ------------------------------------------------------------------


def names(response):
    return [s.name for s in response.context["page"]]


def test_a_row_shows_the_stored_figures_in_us_dollars(owner_client, scenario):
    recorded(scenario)
    response = owner_client.get(LIST)
    html = response.content.decode()
    assert names(response) == ["Owner's plan"]
    assert 'data-figure="cumulative_revenue">$331.00M<' in html
    # -$10,865,393.75 in the page's short form, whichever minus sign it writes.
    assert f'data-figure="npv">{format_money(FIXTURE_NPV)}<' in html and "$10.87M<" in html
    assert "Cumulative revenue (USD)" in html and "NPV (USD)" in html
    assert "2025–2027" in html and 'aria-label="Compare Owner&#x27;s plan"' in html


def test_a_scenario_with_no_stored_figures_shows_a_dash(owner_client, scenario):
    html = owner_client.get(LIST).content.decode()
    assert 'data-figure="cumulative_revenue">—<' in html


@pytest.fixture
def crowd(owner, scenario):
    """The owner's plan, two more of the owner's, one shared with everyone, one
    shared with the owner by name, and a stranger's private one."""
    recorded(scenario)
    colleague = UserFactory(username="colleague")
    stranger = UserFactory(username="someone")
    maker, group = CarMakerFactory(name="Shared Motors"), GroupFactory(name="Shared Group")

    def plan(name, volume, scenario_owner=owner, **extra):
        made = ScenarioFactory(owner=scenario_owner, name=name, first_year_volume=volume, **extra)
        ComponentLineFactory(scenario=made)
        return recorded(made)

    # One line at $1,000 x 50% of V, 1.1 V, 1.21 V vehicles: 1,655 V dollars;
    # NPV -(50 V / 1.09 + 5 V / 1.09^2 + 5.5 V / 1.09^3) = -54.327 V.
    plans = {
        "small": plan("Small bet", 100_000, customer=maker),  # $165.5M, NPV -$5.43M
        "big": plan("Big bet", 300_000, customer=maker, supplier_group=group),  # $496.5M, NPV -$16.30M
        "public": plan(
            "Colleague's bull case", 250_000, colleague, visibility=Scenario.Visibility.SHARED
        ),  # $413.75M, NPV -$13.58M
        "named": plan("Colleague's draft", 50_000, colleague, supplier_group=group),  # $82.75M
        "hidden": plan("Someone's secret", 1_000_000, stranger),
    }
    ScenarioShare.objects.create(scenario=plans["named"], user=owner)
    # Oldest first: Owner's plan, Small bet, Big bet, the bull case, the draft.
    start = timezone.make_aware(datetime(2026, 1, 1))
    for days, made in enumerate([scenario, *plans.values()]):
        Scenario.objects.filter(pk=made.pk).update(updated_at=start + timedelta(days=days))
    return plans


def test_every_scenario_the_user_can_see_is_listed_newest_first(owner_client, crowd):
    response = owner_client.get(LIST)
    assert names(response) == [
        "Colleague's draft",
        "Colleague's bull case",
        "Big bet",
        "Small bet",
        "Owner's plan",
    ]
    assert "Someone&#x27;s secret" not in response.content.decode()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        # By the revenue worked out in crowd: 496.5M, 413.75M, 331M, 165.5M, 82.75M.
        ("-revenue", ["Big bet", "Colleague's bull case", "Owner's plan", "Small bet", "Colleague's draft"]),
        ("revenue", ["Colleague's draft", "Small bet", "Owner's plan", "Colleague's bull case", "Big bet"]),
        # NPV: -2.72M (the draft), -5.43M, -10.87M, -13.58M, -16.30M.
        ("-npv", ["Colleague's draft", "Small bet", "Owner's plan", "Colleague's bull case", "Big bet"]),
        ("npv", ["Big bet", "Colleague's bull case", "Owner's plan", "Small bet", "Colleague's draft"]),
        ("updated", ["Owner's plan", "Small bet", "Big bet", "Colleague's bull case", "Colleague's draft"]),
    ],
)
def test_the_list_sorts_by_revenue_npv_or_date(owner_client, crowd, sort, expected):
    assert names(owner_client.get(LIST, {"sort": sort})) == expected


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"q": "BET"}, ["Big bet", "Small bet"]),
        ({"q": "colleague's"}, ["Colleague's draft", "Colleague's bull case"]),
        ({"owner": "mine"}, ["Big bet", "Small bet", "Owner's plan"]),
        ({"owner": "shared"}, ["Colleague's draft", "Colleague's bull case"]),
        ({"visibility": "shared"}, ["Colleague's bull case"]),
        ({"visibility": "private", "owner": "shared"}, ["Colleague's draft"]),
        ({"customer": "maker"}, ["Big bet", "Small bet"]),
        ({"supplier_group": "group"}, ["Colleague's draft", "Big bet"]),
        ({"supplier_group": "group", "owner": "mine", "q": "big"}, ["Big bet"]),
    ],
)
def test_the_list_searches_by_name_and_filters(owner_client, crowd, filters, expected):
    big = crowd["big"]
    ids = {"maker": str(big.customer_id), "group": str(big.supplier_group_id)}
    query = {name: ids.get(value, value) for name, value in filters.items()}
    response = owner_client.get(LIST, query)
    assert names(response) == expected
    assert response.context["form"].errors == {}


def test_the_filters_offer_only_the_companies_of_scenarios_the_user_can_see(owner_client, crowd):
    form = owner_client.get(LIST).context["form"]
    customers = {name for _, name in form.fields["customer"].choices}
    assert "Shared Motors" in customers
    assert crowd["hidden"].customer.name not in customers
    response = owner_client.get(LIST, {"customer": crowd["hidden"].customer_id})
    assert "customer" in response.context["form"].errors  # not a way to probe someone else's plans
    assert len(names(response)) == 5


def test_refused_values_say_so_and_the_list_falls_back(owner_client, crowd):
    response = owner_client.get(
        LIST,
        {"sort": "sideways", "customer": "abc", "owner": "everyone", "visibility": "secret", "q": "x" * 121},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"sort", "customer", "owner", "visibility", "q"}
    assert "Select a valid choice" in response.content.decode()
    assert "at most 120 characters" in response.content.decode()
    # Every filter dropped, the default order: as with no query at all.
    assert names(response) == names(owner_client.get(LIST))


def test_the_list_comes_a_page_at_a_time_and_its_links_keep_the_filters(owner_client, owner):
    for n in range(PAGE_SIZE + 5):
        recorded(ScenarioFactory(owner=owner, name=f"Plan {n:02}", first_year_volume=1_000 * (n + 1)))
    first = owner_client.get(LIST, {"q": "plan", "sort": "revenue"})
    assert len(first.context["page"]) == PAGE_SIZE
    html = first.content.decode()
    assert "1–25 of 30 scenarios" in html
    assert 'href="?q=plan&amp;sort=revenue&amp;page=2"' in html
    second = owner_client.get(LIST, {"q": "plan", "sort": "revenue", "page": "2"})
    # No lines, so every revenue is 0 and the order falls to the id: the last five made.
    assert names(second) == [f"Plan {n:02}" for n in range(PAGE_SIZE, PAGE_SIZE + 5)]
    assert "26–30 of 30 scenarios" in second.content.decode()
    # A page number that is not one gives the first page; one past the end, the last.
    assert owner_client.get(LIST, {"page": "abc"}).context["page"].number == 1
    assert owner_client.get(LIST, {"page": "99"}).context["page"].number == 2


def test_with_nothing_to_see_the_list_says_so(owner_client):
    html = owner_client.get(LIST).content.decode()
    assert 'data-empty="none"' in html and "You have no scenarios yet" in html
    assert "Clear filters" not in html


def test_when_nothing_matches_the_list_says_it_is_the_filters(owner_client, crowd):
    html = owner_client.get(LIST, {"q": "no such plan"}).content.decode()
    assert 'data-empty="no-match"' in html and "No scenario matches these filters" in html
    assert "Clear filters" in html


def test_filters_say_there_is_nothing_at_all_when_the_user_can_see_nothing(client, crowd):
    client.force_login(UserFactory(username="newcomer"))
    # The newcomer sees only the bull case; among their own there is nothing at all.
    assert names(client.get(LIST)) == ["Colleague's bull case"]
    html = client.get(LIST, {"owner": "mine"}).content.decode()
    assert 'data-empty="no-match"' in html
    Scenario.objects.filter(visibility=Scenario.Visibility.SHARED).update(visibility="private")
    html = client.get(LIST, {"owner": "mine"}).content.decode()
    assert 'data-empty="none"' in html


def test_the_list_requires_login(client):
    response = client.get(LIST)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def more_data(owner, n):
    """n scenarios of the owner's with two lines each, n of other people's
    (a third shared), and a car maker and group for each of the owner's."""
    others = [UserFactory() for _ in range(3)]
    for i in range(n):
        mine = ScenarioFactory(owner=owner)
        ComponentLineFactory.create_batch(2, scenario=mine)
        recorded(mine)
        other = ScenarioFactory(
            owner=others[i % 3],
            visibility=Scenario.Visibility.SHARED if i % 3 == 0 else Scenario.Visibility.PRIVATE,
        )
        ComponentLineFactory(scenario=other)
        if i % 3 == 1:
            ScenarioShare.objects.create(scenario=other, user=owner)


# session, user, the customers and the groups to choose from, the count, the page's
# rows; a chosen customer or group is checked against the choices already read.
@pytest.mark.parametrize(
    ("case", "queries", "listed"),
    [
        # Seen: the owner's plan and theirs, the others' shared with everyone (i % 3 == 0)
        # or with them by name (i % 3 == 1): 1 + 2 + 2 = 5, then 5 + 40 + 14 + 13 = 72.
        ("plain", 6, [5, 72]),
        # The owner's own named "Scenario <n>": 2, then 42.
        ("filtered", 6, [2, 42]),
        # The owner's plan alone has its customer and group.
        ("by_companies", 6, [1, 1]),
    ],
)
def test_the_list_costs_the_same_queries_with_more_scenarios(
    owner_client, owner, scenario, case, queries, listed, django_assert_num_queries
):
    recorded(scenario)
    query = {
        "plain": {},
        "filtered": {"q": "Scenario", "owner": "mine", "visibility": "private", "sort": "-npv"},
        "by_companies": {"customer": scenario.customer_id, "supplier_group": scenario.supplier_group_id},
    }[case]
    counts = []
    for n in (2, 40):
        more_data(owner, n)
        with django_assert_num_queries(queries):
            response = owner_client.get(LIST, query)
        assert response.status_code == 200
        counts.append(response.context["page"].paginator.count)
    assert counts == listed
