import pytest
from django.urls import reverse

from companies.models import Company, ComponentCategory, Fact, Source, SupplyRelationship
from tests.scenarios.factories import UserFactory

pytestmark = pytest.mark.django_db

ADMIN_MODELS = [Source, Company, ComponentCategory, SupplyRelationship, Fact]
# Queries per changelist: session, user, then the model's own (count, page, filter choices).
# Pinned so that a missing list_select_related shows up as a failure, not a slow page.
CHANGELIST_QUERIES = {
    Source: 8,
    Company: 7,
    ComponentCategory: 5,
    SupplyRelationship: 7,
    Fact: 7,
}


@pytest.fixture
def staff_client(client, seeded):
    client.force_login(UserFactory(username="editor", is_staff=True, is_superuser=True))
    return client


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m.__name__)
def test_staff_can_open_every_changelist_with_a_fixed_number_of_queries(
    staff_client, model, django_assert_num_queries
):
    with django_assert_num_queries(CHANGELIST_QUERIES[model]):
        response = staff_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == model.objects.count() > 0


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m.__name__)
def test_staff_can_open_every_change_and_add_form(staff_client, model):
    obj = model.objects.first()
    assert staff_client.get(admin_url(model, "change", obj.pk)).status_code == 200
    assert staff_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m.__name__)
def test_non_staff_users_are_sent_to_the_admin_login(client, seeded, model):
    client.force_login(UserFactory(username="analyst-not-staff"))
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_anonymous_users_get_the_login_page_for_the_admin(client, db):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "login" in response.url


def test_the_company_page_shows_affiliates_and_relationships_inline(staff_client):
    samsung = Company.objects.get(slug="samsung")
    response = staff_client.get(admin_url(Company, "change", samsung.pk))
    html = response.content.decode().lower()
    assert "samsung sdi" in html and "affiliates in this group" in html
    sdi = Company.objects.get(slug="samsung-sdi")
    response = staff_client.get(admin_url(Company, "change", sdi.pk))
    assert "supplies (as supplier)" in response.content.decode().lower()


def relationship_form(**overrides):
    xiaomi = Company.objects.get(slug="xiaomi")
    data = {
        "supplier": Company.objects.get(slug="samsung-sdi").pk,
        "customer": xiaomi.pk,
        "component": ComponentCategory.objects.get(slug="battery").pk,
        "segment": "ev",
        "status": "potential",
        "since_year": "",
        "source": Source.objects.first().pk,
        "evidence": "press",
        "quote": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_admin_refuses_a_company_supplying_itself_with_a_form_error(staff_client):
    xiaomi = Company.objects.get(slug="xiaomi")
    before = SupplyRelationship.objects.count()
    response = staff_client.post(
        admin_url(SupplyRelationship, "add"), relationship_form(supplier=xiaomi.pk, customer=xiaomi.pk)
    )
    assert response.status_code == 200
    assert "A company cannot supply itself." in response.content.decode()
    assert SupplyRelationship.objects.count() == before


def test_admin_refuses_a_duplicate_relationship_with_a_form_error(staff_client):
    before = SupplyRelationship.objects.count()
    response = staff_client.post(admin_url(SupplyRelationship, "add"), relationship_form())
    assert response.status_code == 200
    assert "already supplies this customer" in response.content.decode()
    assert SupplyRelationship.objects.count() == before


def test_admin_refuses_a_negative_content_value(staff_client):
    response = staff_client.post(
        admin_url(ComponentCategory, "add"),
        {
            "name": "Heat pump",
            "slug": "heat-pump",
            "order": 9,
            "used_in_ev": "on",
            "default_value_usd": "-5",
            "default_annual_price_change_pct": "0",
            "default_value_kind": "assumption",
            "default_value_basis": "",
        },
    )
    assert response.status_code == 200
    assert "greater than or equal to 0" in response.content.decode()
    assert not ComponentCategory.objects.filter(slug="heat-pump").exists()


def test_admin_refuses_a_future_dated_source(staff_client):
    response = staff_client.post(
        admin_url(Source, "add"),
        {
            "title": "Tomorrow's news",
            "publisher": "Wire",
            "published_on": "2999-01-01",
            "address": "",
            "excerpt": "",
        },
    )
    assert response.status_code == 200
    assert "A source cannot be published in the future." in response.content.decode()
    assert not Source.objects.filter(title="Tomorrow's news").exists()


def test_admin_autocomplete_finds_companies(staff_client):
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Sams",
            "app_label": "companies",
            "model_name": "supplyrelationship",
            "field_name": "supplier",
        },
    )
    names = {result["text"] for result in response.json()["results"]}
    assert {"Samsung Group", "Samsung SDI", "Samsung Display", "Samsung Electronics"} <= names


def test_the_relationship_list_shows_and_filters_by_evidence(staff_client):
    url = admin_url(SupplyRelationship, "changelist")
    response = staff_client.get(url)
    assert "evidence_grade" in response.context["cl"].list_display
    assert "By evidence" in response.content.decode()
    inferred = staff_client.get(url, {"evidence__exact": "inferred"}).context["cl"]
    assert inferred.result_count == SupplyRelationship.objects.filter(evidence="inferred").count() == 2


def test_staff_grade_a_relationship_and_record_its_quote_in_the_form(staff_client):
    relationship = SupplyRelationship.objects.get(supplier__slug="catl", customer__slug="xiaomi")
    data = relationship_form(
        supplier=relationship.supplier_id,
        component=relationship.component_id,
        status="established",
        source=relationship.source_id,
        evidence="customer",
        quote="CATL supplies the SU7's cells.",
    )
    response = staff_client.post(admin_url(SupplyRelationship, "change", relationship.pk), data)
    assert response.status_code == 302
    relationship.refresh_from_db()
    assert (relationship.evidence, relationship.quote) == ("customer", "CATL supplies the SU7's cells.")


def test_the_fact_list_shows_the_period_where_the_source_gives_no_year(staff_client):
    response = staff_client.get(admin_url(Fact, "changelist"), {"q": "first year"})
    html = response.content.decode()
    assert "first year on sale" in html and "year or period" in html.lower()
