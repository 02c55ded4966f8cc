import json

import pytest
from django.urls import reverse

from companies.models import Company
from tests.companies.factories import CompanyFactory, SupplyRelationshipFactory

pytestmark = pytest.mark.django_db

PAGES = [
    reverse("companies:list"),
    reverse("companies:network"),
    reverse("companies:detail", args=["xiaomi"]),
    reverse("scenarios:list"),
    reverse("scenarios:new"),
]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


def test_the_login_page_is_open_to_anyone(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'<label for="id_username">Username</label>' in response.content


def test_logging_in_with_the_demo_login_lands_on_the_scenarios(client, seeded):
    response = client.post(
        reverse("login"), {"username": "demo", "password": "partnership-demo"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("scenarios:list")
    assert response.context["user"].username == "demo"


def test_a_wrong_password_is_refused_with_a_message(client, seeded):
    response = client.post(reverse("login"), {"username": "demo", "password": "nope"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content


def test_logout_ends_the_session(owner_client):
    owner_client.post(reverse("logout"))
    assert owner_client.get(reverse("companies:list")).status_code == 302


def test_company_list_filters_by_kind_and_group(owner_client, seeded):
    response = owner_client.get(reverse("companies:list"), {"kind": "supplier"})
    names = {c.name for c in response.context["companies"]}
    assert "Samsung SDI" in names and "Xiaomi" not in names

    response = owner_client.get(reverse("companies:list"), {"group": "samsung"})
    names = {c.name for c in response.context["companies"]}
    assert names == {
        "Samsung Group",
        "Samsung Electronics",
        "Samsung SDI",
        "Samsung Display",
        "Samsung Electro-Mechanics",
        "Harman International",
    }


def test_company_list_ignores_unknown_filters(owner_client, seeded):
    response = owner_client.get(reverse("companies:list"), {"kind": "<script>", "group": "nope"})
    assert response.status_code == 200
    assert len(response.context["companies"]) == Company.objects.count()


def test_company_detail_shows_relationships_by_segment_with_citations(owner_client, seeded):
    response = owner_client.get(reverse("companies:detail", args=["xiaomi"]))
    html = response.content.decode()
    assert response.status_code == 200
    segments = [segment for segment, _ in response.context["purchases"]]
    assert segments == ["Electric vehicles", "Smartphones"]
    assert "Samsung SDI" in html and "CATL" in html
    # The article's figures, each with its citation.
    assert "137,000 vehicles" in html
    assert "Founding article" in html
    assert '<cite class="citation"' in html


def test_a_group_page_shows_what_its_affiliates_supply(owner_client, seeded):
    response = owner_client.get(reverse("companies:detail", args=["samsung"]))
    html = response.content.decode()
    assert [a.name for a in response.context["affiliates"]] == [
        "Harman International",
        "Samsung Display",
        "Samsung Electro-Mechanics",
        "Samsung Electronics",
        "Samsung SDI",
    ]
    assert "via Samsung SDI" in html


def test_the_network_chart_data_lists_every_relationship(owner_client, seeded):
    response = owner_client.get(reverse("companies:network"), {"segment": "ev"})
    figure = response.context["network"]
    link = figure["data"][0]["link"]
    assert len(link["source"]) == len(response.context["relationships"]) > 0
    # The same data is in the page for the chart script, and as a table.
    html = response.content.decode()
    start = html.index('<script id="chart-network-data" type="application/json">') + len(
        '<script id="chart-network-data" type="application/json">'
    )
    embedded = json.loads(html[start : html.index("</script>", start)])
    assert embedded["data"][0]["type"] == "sankey"
    assert "Show the numbers" in html


def test_company_detail_queries_do_not_grow_with_relationships(owner_client, django_assert_max_num_queries):
    company = CompanyFactory(name="Hub")
    for _ in range(3):
        SupplyRelationshipFactory(supplier=company)
    url = reverse("companies:detail", args=[company.slug])
    with django_assert_max_num_queries(6) as few:
        owner_client.get(url)
    for _ in range(10):
        SupplyRelationshipFactory(supplier=company)
    with django_assert_max_num_queries(len(few)):
        owner_client.get(url)


def test_an_unknown_company_is_a_404(owner_client):
    assert owner_client.get(reverse("companies:detail", args=["nobody"])).status_code == 404


def test_each_relationship_shows_its_evidence_grade_and_its_sources_words(owner_client, seeded):
    html = owner_client.get(reverse("companies:detail", args=["byd"])).content.decode()
    assert '<span class="tag tag-evidence-press">Reported by the press</span>' in html
    assert "<q>multilayer ceramic capacitors from Samsung Electro-Mechanics</q>" in html
    # In the list and in the table under the network chart.
    # Harman, Samsung Display and Samsung Electro-Mechanics to BYD; its FinDreams to Xiaomi.
    assert html.count("tag-evidence-press") == 2 * 4


def test_an_inferred_relationship_shows_why_once(owner_client, seeded):
    html = owner_client.get(reverse("companies:detail", args=["samsung-electronics"])).content.decode()
    assert '<span class="tag tag-evidence-inferred">Inferred by an analyst</span>' in html
    # The reason, from the notes: beneath the grade in the list, beneath the component in the table.
    assert html.count("the article names NAND flash only for Xiaomi&#x27;s phones") == 2


def test_a_figure_from_the_first_year_on_sale_shows_that_period_not_a_year(owner_client, seeded):
    response = owner_client.get(reverse("companies:detail", args=["xiaomi"]))
    html = response.content.decode()
    assert '<th scope="col">Year or period</th>' in html
    assert '<td class="small muted">first year on sale</td>' in html
    first_year = [f for f in response.context["facts"] if f.metric == "ev_deliveries_first_year"]
    assert [(f.year, f.when) for f in first_year] == [(None, "first year on sale")]
