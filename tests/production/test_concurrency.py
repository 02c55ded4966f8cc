"""Many writers at once, with real threads and a real database file (SQLite)
or server (PostgreSQL): nothing is lost, nothing is half-saved."""

import os
import threading
from decimal import Decimal

import pytest
from django.db import connection

from companies.models import Company
from scenarios import selectors, services
from scenarios.forms.editor import editor_forms
from scenarios.models import ComponentLine, Scenario, ScenarioVersion
from tests.scenarios.editor_data import editor_post_data, save_editor_forms
from tests.scenarios.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8
ITERATIONS = int(os.environ.get("STORM_ITERATIONS", "200"))


def run_in_threads(work, count):
    barrier = threading.Barrier(count)
    errors, results = [], []

    def runner(index):
        try:
            barrier.wait(timeout=30)
            results.append(work(index))
        except Exception as error:  # collected and asserted on below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return results, errors


def edit(scenario, user, share):
    fresh = Scenario.objects.get(pk=scenario.pk)
    lines, affiliates = selectors.lines_of(fresh), selectors.affiliates_of(fresh.supplier_group_id)
    scenario_form, line_forms = editor_forms(
        fresh, lines, affiliates, editor_post_data(fresh, battery__share_pct=share)
    )
    assert all(form.is_valid() for form in (scenario_form, *line_forms))
    return save_editor_forms(fresh, scenario_form, line_forms, user=user, base_version=fresh.version)


def test_a_write_storm_of_eight_threads_loses_nothing(seeded):
    xiaomi, samsung = Company.objects.get(slug="xiaomi"), Company.objects.get(slug="samsung")
    users = [UserFactory(username=f"writer{i}") for i in range(THREADS)]

    def storm(index):
        created = 0
        for i in range(ITERATIONS):
            scenario = services.scenario_create(
                owner=users[index], name=f"Storm {index}-{i}", customer=xiaomi, supplier_group=samsung
            )
            created += 1
            edit(scenario, users[index], str(i % 100))
        return created

    results, errors = run_in_threads(storm, THREADS)

    assert errors == []
    assert sum(results) == THREADS * ITERATIONS
    storm_scenarios = Scenario.objects.filter(name__startswith="Storm ")
    assert storm_scenarios.count() == THREADS * ITERATIONS
    assert set(storm_scenarios.values_list("version", flat=True)) == {2}
    assert ScenarioVersion.objects.filter(scenario__in=storm_scenarios).count() == 2 * THREADS * ITERATIONS
    # One line per EV component category: seven.
    assert ComponentLine.objects.filter(scenario__in=storm_scenarios).count() == 7 * THREADS * ITERATIONS
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            assert cursor.fetchone()[0] == "ok"


def test_eight_saves_of_one_scenario_from_the_same_version_one_wins(seeded):
    owner = UserFactory(username="planner")
    scenario = services.scenario_create_from_preset(owner=owner)
    lines, affiliates = selectors.lines_of(scenario), selectors.affiliates_of(scenario.supplier_group_id)
    shares = [str(10 + i) for i in range(THREADS)]

    def save(index):
        data = editor_post_data(scenario, battery__share_pct=shares[index], message=f"writer {index}")
        scenario_form, line_forms = editor_forms(
            Scenario.objects.get(pk=scenario.pk), lines, affiliates, data
        )
        assert all(form.is_valid() for form in (scenario_form, *line_forms))
        try:
            save_editor_forms(
                scenario, scenario_form, line_forms, user=owner, base_version=1, message=f"writer {index}"
            )
            return ("saved", index)
        except services.StaleEdit:
            return ("refused", index)

    results, errors = run_in_threads(save, THREADS)

    assert errors == []
    outcomes = sorted(outcome for outcome, _ in results)
    assert outcomes == ["refused"] * (THREADS - 1) + ["saved"]
    winner = next(index for outcome, index in results if outcome == "saved")
    fresh = Scenario.objects.get(pk=scenario.pk)
    assert fresh.version == 2
    battery = ComponentLine.objects.get(scenario=fresh, category__slug="battery")
    assert battery.share_pct == Decimal(shares[winner])
    assert list(fresh.versions.values_list("number", "message")) == [(2, f"writer {winner}"), (1, "Created")]
