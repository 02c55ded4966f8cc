import pytest

from companies.models import ComponentCategory
from scenarios import selectors, services
from scenarios.forms import editor_forms
from scenarios.models import ComponentLine, Scenario
from tests.companies.factories import (
    CarMakerFactory,
    CompanyFactory,
    ComponentCategoryFactory,
    GroupFactory,
    SupplyRelationshipFactory,
)
from tests.scenarios.editor_data import editor_post_data, save_editor_forms

pytestmark = pytest.mark.django_db


def bound_forms(scenario, **changes):
    lines = selectors.lines_of(scenario)
    affiliates = selectors.affiliates_of(scenario.supplier_group_id)
    scenario_form, line_forms = editor_forms(
        scenario, lines, affiliates, editor_post_data(scenario, **changes)
    )
    assert all(form.is_valid() for form in (scenario_form, *line_forms))
    return scenario_form, line_forms


def test_a_failure_between_the_scenario_and_its_lines_leaves_nothing_half_saved(owner, scenario, monkeypatch):
    scenario_form, line_forms = bound_forms(
        scenario, name="Half", battery__share_pct="90", display__share_pct="10"
    )
    line_updates = []
    real_filter = ComponentLine.objects.filter

    def fail_on_second_line(*args, **kwargs):
        line_updates.append(kwargs)
        if len(line_updates) == 2:
            raise RuntimeError("disk full")
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(ComponentLine.objects, "filter", fail_on_second_line)
    with pytest.raises(RuntimeError):
        save_editor_forms(scenario, scenario_form, line_forms, user=owner, base_version=1)

    fresh = Scenario.objects.get(pk=scenario.pk)
    assert (fresh.name, fresh.version) == ("Owner's plan", 1)
    assert set(ComponentLine.objects.values_list("share_pct", flat=True)) == {50}
    assert not fresh.versions.exists()


def test_a_failure_recording_the_version_undoes_the_whole_save(owner, scenario, monkeypatch):
    scenario_form, line_forms = bound_forms(scenario, battery__share_pct="90")

    def broken(*args, **kwargs):
        raise RuntimeError("history unavailable")

    monkeypatch.setattr(services.scenarios, "scenario_version_record", broken)
    with pytest.raises(RuntimeError):
        save_editor_forms(scenario, scenario_form, line_forms, user=owner, base_version=1)
    assert Scenario.objects.get(pk=scenario.pk).version == 1
    assert set(ComponentLine.objects.values_list("share_pct", flat=True)) == {50}


def test_default_suppliers_prefer_an_affiliate_already_courting_the_customer():
    group, customer = GroupFactory(name="Group"), CarMakerFactory(name="Car Co")
    cells, screens = CompanyFactory(name="Cells", parent=group), CompanyFactory(name="Screens", parent=group)
    battery, display, radio = (ComponentCategoryFactory(name=n) for n in ("Battery", "Display", "Radio"))
    # Cells supplies batteries to someone else; Screens supplies batteries to this customer.
    SupplyRelationshipFactory(supplier=cells, component=battery)
    SupplyRelationshipFactory(supplier=screens, customer=customer, component=battery)
    SupplyRelationshipFactory(supplier=screens, component=display, segment="smartphone")
    # An outsider's relationship never counts.
    SupplyRelationshipFactory(supplier=CompanyFactory(name="Outsider"), customer=customer, component=radio)
    chosen = selectors.default_suppliers(group, customer, [battery, display, radio])
    assert chosen == {battery.pk: screens, display.pk: screens, radio.pk: group}


def test_ended_relationships_do_not_make_a_default_supplier():
    group, customer = GroupFactory(name="Group"), CarMakerFactory(name="Car Co")
    former = CompanyFactory(name="Former", parent=group)
    chips = ComponentCategoryFactory(name="Chips")
    SupplyRelationshipFactory(supplier=former, customer=customer, component=chips, status="ended")
    assert selectors.default_suppliers(group, customer, [chips]) == {chips.pk: group}


def test_unique_name_numbers_repeats(owner):
    assert services.unique_name(owner, "Plan") == "Plan"
    Scenario.objects.bulk_create(
        [
            Scenario(
                owner=owner,
                name=name,
                customer=CarMakerFactory(name=f"Car {name}"),
                supplier_group=GroupFactory(name=f"Group {name}"),
                first_year=2025,
                horizon_years=1,
                first_year_volume=1,
                annual_growth_pct=0,
            )
            for name in ("Plan", "Plan (2)")
        ]
    )
    assert services.unique_name(owner, "Plan") == "Plan (3)"


def test_the_article_preset_has_one_line_per_ev_component(owner, seeded):
    scenario = services.scenario_create_from_preset(owner=owner)
    ev_categories = set(ComponentCategory.objects.filter(used_in_ev=True).values_list("slug", flat=True))
    assert set(scenario.lines.values_list("category__slug", flat=True)) == ev_categories
    # 350,000 vehicles in 2025 at 20% a year, 50% of each component from 2026:
    # 2026 revenue = 420,000 x 50% x ($6,200 x 0.94 + $300 + $60 + $40 + $400 + $600)
    #              = 210,000 x $7,228 = $1,517,880,000.
    projection = selectors.project(scenario, selectors.lines_of(scenario))
    assert projection.revenue_by_year[0] == 0
    assert projection.revenue_by_year[1] == pytest.approx(1_517_880_000)
