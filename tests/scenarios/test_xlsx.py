import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from scenarios import selectors, services
from scenarios.models import Scenario

pytestmark = pytest.mark.django_db


def workbook_for(client, scenario):
    response = client.get(reverse("scenarios:export_xlsx", args=[scenario.pk]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.content))


def test_the_workbook_has_inputs_with_sources_projection_and_components(client, seeded):
    baseline = Scenario.objects.get(name="Article baseline")
    client.force_login(baseline.owner)
    book = workbook_for(client, baseline)
    assert book.sheetnames == ["Inputs", "Projection", "Components", "Value"]

    inputs = {row[0]: row for row in book["Inputs"].iter_rows(min_row=2, values_only=True)}
    assert inputs["Vehicles in the first year"][1] == 350_000
    # Worked out from Display Daily's figures: derived, with the calculation and the citation.
    assert inputs["Display: value per vehicle"][3] == (
        "derived: Derived: about $492M of car OLED panels / 1.64M panels shipped by Samsung Display in "
        "2024 (Display Daily, citing Omdia) = $300 a panel. Display Daily, “Automotive OLED shipments "
        "(citing Omdia)”"
    )
    assert inputs["Battery: value per vehicle"][3].startswith("assumption: 73.6 kWh")

    projection = selectors.project(baseline, selectors.lines_of(baseline))
    yearly = list(book["Projection"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in yearly] == list(projection.years)
    # 2026: 420,000 vehicles; revenue 50% x (6,200 x 0.94 + 300 + 60 + 40 + 400 + 600 + 100) x 420,000
    #       = 210,000 x 7,328 = 1,538,880,000.
    assert yearly[1][1] == pytest.approx(420_000) and yearly[1][3] == pytest.approx(1_538_880_000)
    components = list(book["Components"].iter_rows(min_row=2, values_only=True))
    assert len(components) == len(projection.rows)
    assert [row[7] for row in components] == pytest.approx([row.revenue for row in projection.rows])

    sheet = book["Projection"]
    assert sheet.freeze_panes == "A2"
    assert sheet["D3"].number_format == '"$"#,##0' and sheet["F3"].number_format == "0.0%"
    assert sheet.column_dimensions["C"].width == 20


def test_text_that_looks_like_a_formula_stays_text(client, seeded):
    owner = Scenario.objects.get(name="Article baseline").owner
    scenario = services.scenario_create_from_preset(
        owner=owner, name='=HYPERLINK("https://evil.invalid","x")'
    )
    client.force_login(owner)
    cell = workbook_for(client, scenario)["Inputs"]["B2"]
    assert cell.value == '=HYPERLINK("https://evil.invalid","x")'
    assert cell.data_type == "s"


def test_xlsx_export_of_a_name_with_a_control_character_opens(client, scenario):
    # Stored as staff can enter them in the admin; an .xlsx cannot hold U+000B or U+0001.
    Scenario.objects.filter(pk=scenario.pk).update(name="a\x0bb")
    line = scenario.lines.select_related("supplier").first()
    line.supplier.name = "\x01Parts"
    line.supplier.save()
    client.force_login(scenario.owner)

    book = workbook_for(client, scenario)

    assert book["Inputs"]["B2"].value == "a\ufffdb"
    # Both lines have the one supplier.
    assert {row[2] for row in book["Components"].iter_rows(min_row=2, values_only=True)} == {"\ufffdParts"}
