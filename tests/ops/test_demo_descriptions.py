"""A seeded scenario's description is the analyst's own words, never a restatement
of its inputs: the page already writes the inputs out (modelling/summary.py), and a
typed copy of them goes stale as soon as one changes. Clones keep what the source's
owner wrote and nothing the preset wrote."""

import importlib
import re

import pytest
from django.apps import apps

from modelling.summary import describe
from scenarios import selectors, services
from scenarios.models import Scenario

pytestmark = pytest.mark.django_db

# "410,000", "25", "2026", "52.5": a number as the summary writes one.
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
PERCENTAGE = re.compile(r"\d\s*(?:%|per ?cent)", re.IGNORECASE)

reword = importlib.import_module("scenarios.migrations.0009_demo_descriptions_in_own_words")


def summary_of(scenario):
    return describe(selectors.engine_input(scenario, selectors.lines_of(scenario)))


def numbers_in(text):
    return set(NUMBER.findall(text))


def test_the_demo_scenarios_have_descriptions_of_their_own(seeded):
    described = Scenario.objects.exclude(description="")
    # The lead-supplier case, the bear and bull cases and BYD; the baseline has none.
    assert described.count() == 4


def test_no_seeded_description_restates_a_number_the_summary_gives(seeded):
    restated = {}
    for scenario in Scenario.objects.exclude(description=""):
        summary = summary_of(scenario)
        found = PERCENTAGE.findall(scenario.description) + sorted(
            numbers_in(scenario.description) & numbers_in(summary)
        )
        if found:
            restated[scenario.name] = found
    assert restated == {}


def test_the_check_catches_the_descriptions_the_demo_used_to_seed(seeded):
    """The test above could fail: each old text states a share or a volume the summary gives."""
    for old, _ in reword.REWORDED:
        assert PERCENTAGE.search(old), old
    ambitious = Scenario.objects.get(name="Samsung as lead EV supplier")
    # 410,000 vehicles in 2025 ... from 2026: both old and summary say them.
    assert {"410,000", "2025", "2026"} <= numbers_in(reword.REWORDED[0][0]) & numbers_in(
        summary_of(ambitious)
    )


def test_the_migration_rewords_seeded_text_left_as_it_was_and_keeps_a_users_own(seeded, owner):
    old, new = reword.REWORDED[2]
    stale = services.scenario_create_from_preset(owner=owner, name="Old bear")
    stale.description = old
    stale.save()
    edited = services.scenario_create_from_preset(owner=owner, name="Edited bear")
    edited.description = old + " Mine now."
    edited.save()

    reword.reword_seeded_descriptions(apps, None)

    stale.refresh_from_db()
    edited.refresh_from_db()
    assert stale.description == new
    assert edited.description == old + " Mine now."


def test_a_clone_of_a_preset_scenario_starts_with_no_description(seeded, owner, stranger):
    source = services.scenario_create_from_preset(owner=owner)
    copy = services.scenario_clone(source=source, owner=stranger)
    assert (source.description, copy.description) == ("", "")


def test_a_clone_keeps_the_words_its_source_was_given(seeded, stranger):
    source = Scenario.objects.get(name="Samsung as lead EV supplier")
    copy = services.scenario_clone(source=source, owner=stranger)
    assert copy.description == source.description
    assert not PERCENTAGE.search(copy.description)
