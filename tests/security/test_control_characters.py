"""Control characters, and the other characters an .xlsx cannot hold, in every
text that reaches the exports and the pages.

Staff can type them in the admin, so what is stored must export and show;
the app's own forms refuse control characters in what users type, with a
message saying which one.
"""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core.text import exportable_text, safe_text
from scenarios import services
from scenarios.models import Scenario
from tests.companies.factories import (
    CarMakerFactory,
    CompanyFactory,
    ComponentCategoryFactory,
    GroupFactory,
    SourceFactory,
    SupplyRelationshipFactory,
)
from tests.scenarios.editor_data import editor_post_data
from tests.scenarios.factories import ComponentLineFactory, ScenarioFactory

CONTROL = [chr(code) for code in range(0x20)] + ["\x7f"]
# XML 1.0, and so an .xlsx, holds tab, LF and CR and no other C0 control, nor
# U+FFFE, U+FFFF or a surrogate; DEL it holds.
UNHOLDABLE = {chr(code) for code in range(0x20)} - {"\t", "\n", "\r"} | {"\ufffe", "\uffff"}
ODD = ["\ufffe", "\uffff", "\ud800", "\udfff"]
# NUL never reaches the database: every Django form field refuses it, and
# PostgreSQL cannot store it in text. Lone surrogates cannot be encoded for
# either database, and a request's body is decoded with replacement
# (test_bytes_of_a_surrogate_in_a_post_arrive_as_replacement_characters).
STORABLE = CONTROL[1:] + ["\ufffe", "\uffff"]


def codepoint(character):
    return f"U+{ord(character):04X}"


def shown_in_exports(character):
    return "\ufffd" if character in UNHOLDABLE or "\ud800" <= character <= "\udfff" else character


@pytest.mark.parametrize("character", CONTROL + ODD, ids=codepoint)
def test_exportable_text_replaces_only_what_an_xlsx_cannot_hold(character):
    text = exportable_text(f"a{character}b")
    assert text == f"a{shown_in_exports(character)}b"
    workbook = Workbook()
    workbook.active["A1"] = text
    saved = io.BytesIO()
    workbook.save(saved)
    reopened = load_workbook(io.BytesIO(saved.getvalue())).active["A1"].value
    # Everything comes back as written, a CR too: openpyxl writes it through lxml
    # (a requirement, of python-pptx) as a character reference, which XML keeps.
    assert reopened == text
    assert text.encode("utf-8")


@pytest.mark.parametrize(
    "text, cell",
    [
        ("\x0b=1+1", "\ufffd=1+1"),  # no longer a formula: it starts with U+FFFD
        ("=1\x0b", "'=1\ufffd"),
        ("\t=1", "'\t=1"),
    ],
)
def test_csv_cells_are_exportable_and_never_formulas(text, cell):
    assert safe_text(text) == cell


def scenario_with_text_everywhere(owner, text):
    """Every text an export or a page shows holds `text`, stored as staff would
    enter it in the admin (slugs excepted: the admin only takes real slugs)."""
    group = GroupFactory(name=f"Group {text}", slug="group")
    customer = CarMakerFactory(name=f"Maker {text}", slug="maker")
    affiliate = CompanyFactory(name=f"Affiliate {text}", slug="affiliate", parent=group)
    cited = ComponentCategoryFactory(
        name=f"Cited {text}",
        default_value_source=SourceFactory(publisher=f"Wire {text}", title=f"Report {text}"),
    )
    assumed = ComponentCategoryFactory(
        name=f"Assumed {text}",
        default_value_kind="assumption",
        default_value_source=None,
        default_value_basis=f"Basis {text}",
    )
    SupplyRelationshipFactory(supplier=affiliate, customer=customer, component=cited)
    scenario = ScenarioFactory(
        owner=owner, name=f"Plan {text}", description=f"Notes {text}", customer=customer, supplier_group=group
    )
    for category in (cited, assumed):
        ComponentLineFactory(
            scenario=scenario,
            category=category,
            supplier=affiliate,
            content_value_usd=category.default_value_usd,
        )
    services.scenario_version_record(scenario=scenario, user=owner, message=f"Saved {text}")
    return scenario


@pytest.mark.django_db
@pytest.mark.parametrize("character", STORABLE, ids=codepoint)
def test_every_export_of_stored_text_with_the_character_opens(owner_client, owner, character):
    scenario = scenario_with_text_everywhere(owner, f"a{character}b")
    other = ScenarioFactory(owner=owner, customer=scenario.customer, supplier_group=scenario.supplier_group)
    shown = f"a{shown_in_exports(character)}b"

    response = owner_client.get(reverse("scenarios:export_xlsx", args=[scenario.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    in_xlsx = shown  # a CR included: written as a character reference, which XML keeps
    inputs = {row[0]: row for row in book["Inputs"].iter_rows(min_row=2, values_only=True)}
    assert inputs["Scenario"][1] == f"Plan {in_xlsx}"
    assert inputs["Customer"][1] == f"Maker {in_xlsx}"
    assert inputs["Supplier group"][1] == f"Group {in_xlsx}"
    assert inputs[f"Cited {in_xlsx}: supplier"][1] == f"Affiliate {in_xlsx}"
    assert inputs[f"Cited {in_xlsx}: value per vehicle"][3] == f"Wire {in_xlsx}, “Report {in_xlsx}”"
    assert inputs[f"Assumed {in_xlsx}: value per vehicle"][3] == f"assumption: Basis {in_xlsx}"
    components = {row[1:3] for row in book["Components"].iter_rows(min_row=2, values_only=True)}
    assert components == {
        (f"Cited {in_xlsx}", f"Affiliate {in_xlsx}"),
        (f"Assumed {in_xlsx}", f"Affiliate {in_xlsx}"),
    }

    response = owner_client.get(reverse("scenarios:export_csv", args=[scenario.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {(row["component"], row["supplier"]) for row in rows} == {
        (f"Cited {shown}", f"Affiliate {shown}"),
        (f"Assumed {shown}", f"Affiliate {shown}"),
    }

    response = owner_client.get(reverse("scenarios:compare_csv"), {"ids": f"{scenario.pk},{other.pk}"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert f"Plan {shown}" in {row["scenario"] for row in rows}
    assert f"Affiliate {shown}" in {row["value"] for row in rows}


@pytest.mark.django_db
def test_every_page_shows_stored_text_with_every_such_character(owner_client, owner):
    text = "".join(STORABLE)
    scenario = scenario_with_text_everywhere(owner, text)
    other = ScenarioFactory(owner=owner, customer=scenario.customer, supplier_group=scenario.supplier_group)
    link = services.share_link_create(scenario=scenario, created_by=owner)
    pages = {
        "list": reverse("scenarios:list"),
        "detail": reverse("scenarios:detail", args=[scenario.pk]),
        "edit": reverse("scenarios:edit", args=[scenario.pk]),
        "history": reverse("scenarios:history", args=[scenario.pk]),
        "analysis": reverse("scenarios:analysis", args=[scenario.pk]),
        "sharing": reverse("scenarios:sharing", args=[scenario.pk]),
        "compare": f"{reverse('scenarios:compare')}?ids={scenario.pk},{other.pk}",
        "customer": reverse("companies:detail", args=["maker"]),
        "group": reverse("companies:detail", args=["group"]),
        "affiliate": reverse("companies:detail", args=["affiliate"]),
        "network": reverse("companies:network"),
        "companies": reverse("companies:list"),
    }
    responses = {name: owner_client.get(url) for name, url in pages.items()}
    responses["public"] = Client().get(reverse("public:detail", args=[link.token]))
    responses["public csv"] = Client().get(reverse("public:export_csv", args=[link.token]))
    for name, response in responses.items():
        assert response.status_code == 200, name
    assert f"Saved {text}" in responses["history"].content.decode()
    assert f"Notes {text}" in responses["detail"].content.decode()

    # The editor shows the stored name and asks for it to be fixed before a save.
    preview = owner_client.post(
        reverse("scenarios:preview", args=[scenario.pk]), editor_post_data(scenario), HTTP_HX_REQUEST="true"
    )
    assert preview.status_code == 200
    assert "Remove the invisible control character U+0001 from this text." in preview.content.decode()


def edit(client, scenario, **changes):
    return client.post(reverse("scenarios:edit", args=[scenario.pk]), editor_post_data(scenario, **changes))


def refusal_of(character):
    return f"Remove the invisible control character {codepoint(character)} from this text."


@pytest.mark.django_db
@pytest.mark.parametrize("character", CONTROL[1:], ids=codepoint)
@pytest.mark.parametrize("field", ["name", "message"])
def test_the_editor_refuses_a_control_character_in_a_one_line_text(owner_client, scenario, field, character):
    response = edit(owner_client, scenario, **{field: f"a{character}b"})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [refusal_of(character)]
    scenario.refresh_from_db()
    assert (scenario.version, scenario.name) == (1, "Owner's plan")


@pytest.mark.django_db
@pytest.mark.parametrize("character", sorted(set(CONTROL[1:]) - {"\t", "\n", "\r"}), ids=codepoint)
def test_the_editor_refuses_a_control_character_in_the_description(owner_client, scenario, character):
    response = edit(owner_client, scenario, description=f"a{character}b")
    assert response.context["form"].errors["description"] == [refusal_of(character)]
    scenario.refresh_from_db()
    assert (scenario.version, scenario.description) == (1, "")


@pytest.mark.django_db
def test_a_description_keeps_its_tabs_and_line_breaks(owner_client, scenario):
    assert edit(owner_client, scenario, description="Two\r\nlines\tand a tab").status_code == 302
    scenario.refresh_from_db()
    # A browser posts a textarea's line breaks as CR LF, and they are kept as posted.
    assert scenario.description == "Two\r\nlines\tand a tab"


@pytest.mark.django_db
def test_a_new_scenario_with_a_control_character_in_its_name_is_refused(owner_client, seeded):
    response = owner_client.post(
        reverse("scenarios:new"), {"name": "a\x0bb", "customer": "", "supplier_group": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [refusal_of("\x0b")]
    assert not Scenario.objects.filter(name="a\x0bb").exists()


@pytest.mark.django_db
def test_bytes_of_a_surrogate_in_a_post_arrive_as_replacement_characters(owner_client, scenario):
    data = editor_post_data(scenario)
    data["name"] = "PLACEHOLDER"
    body = "&".join(f"{key}={value}" for key, value in data.items()).replace("PLACEHOLDER", "a%ED%A0%80b")
    response = owner_client.post(
        reverse("scenarios:edit", args=[scenario.pk]), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302
    scenario.refresh_from_db()
    # ED A0 80 would be U+D800, which UTF-8 does not allow: each byte is replaced.
    assert scenario.name == "a\ufffd\ufffd\ufffdb"
