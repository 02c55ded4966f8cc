import json
import logging

import pytest

from companies.models import ComponentCategory
from scenarios import selectors, services
from scenarios.forms.editor import editor_forms
from scenarios.models import AuditEvent, ComponentLine, Scenario
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
    # 2026 revenue = 420,000 x 50% x ($6,200 x 0.94 + $300 + $60 + $40 + $400 + $600 + $100)
    #              = 210,000 x $7,328 = $1,538,880,000.
    projection = selectors.project(scenario, selectors.lines_of(scenario))
    assert projection.revenue_by_year[0] == 0
    assert projection.revenue_by_year[1] == pytest.approx(1_538_880_000)


def only_event(**filters):
    """The one audit event matching filters, as (action, username, ip, detail)."""
    (event,) = AuditEvent.objects.filter(**filters)
    return event.action, event.username, event.ip_address, event.detail


def test_creating_a_blank_scenario_outside_a_request_records_its_event(owner):
    scenario = services.scenario_create(
        owner=owner, name="Plan", customer=CarMakerFactory(), supplier_group=GroupFactory(), ip="192.0.2.1"
    )
    assert only_event(scenario=scenario) == ("scenario_created", "owner", "192.0.2.1", {"start": "blank"})


def test_creating_from_the_preset_records_start_preset_without_an_address(owner, seeded):
    scenario = services.scenario_create_from_preset(owner=owner, name="From a command")
    assert only_event(scenario=scenario) == ("scenario_created", "owner", None, {"start": "preset"})


def test_a_clone_outside_a_request_records_start_clone_for_the_new_owner(scenario, stranger):
    copy = services.scenario_clone(source=scenario, owner=stranger)
    assert only_event(scenario=copy) == (
        "scenario_created",
        "stranger",
        None,
        {"start": "clone", "source_id": scenario.pk},
    )
    assert not AuditEvent.objects.filter(scenario=scenario).exists()


def test_a_restore_records_the_version_restored_and_the_new_one(owner, scenario):
    services.scenario_version_record(scenario=scenario, user=owner, message="Created")
    services.monte_carlo_ranges_save(scenario=scenario, ranges={}, user=owner, base_version=1)
    assert not AuditEvent.objects.exists()  # an edit's trail is its version, as from the editor
    version = scenario.versions.get(number=1)
    services.scenario_restore(scenario=scenario, version=version, user=owner, base_version=2, ip="::1")
    assert only_event(scenario=scenario) == (
        "version_restored",
        "owner",
        "::1",
        {"restored": 1, "new_version": 3},
    )


def test_a_refused_restore_records_nothing(owner, scenario):
    services.scenario_version_record(scenario=scenario, user=owner, message="Created")
    version = scenario.versions.get(number=1)
    with pytest.raises(services.StaleEdit):
        services.scenario_restore(scenario=scenario, version=version, user=owner, base_version=7)
    assert not AuditEvent.objects.exists()


def test_a_delete_outside_a_request_keeps_its_event_after_the_scenario_is_gone(owner, scenario, caplog):
    caplog.set_level(logging.INFO, logger="audit")
    pk = scenario.pk
    services.scenario_delete(scenario=scenario, user=owner)
    assert not Scenario.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.get()
    assert (event.action, event.scenario_id, event.object_repr) == ("scenario_deleted", None, "Owner's plan")
    (line,) = [json.loads(r.getMessage()) for r in caplog.records if r.name == "audit"]
    assert (line["action"], line["user"], line["ip"], line["scenario_id"], line["name"]) == (
        "scenario_deleted",
        "owner",
        None,
        pk,
        "Owner's plan",
    )
