"""The editor says when it opens holding values nobody has saved (values from the
analysis, a refused save, a save that met someone else's), so the page warns
before they are lost (static/js/app.js reads form#editor[data-unsaved])."""

import pytest
from django.urls import reverse

from tests.scenarios.editor_data import editor_post_data

pytestmark = pytest.mark.django_db

MARK = 'data-unsaved="true"'


def url(name, scenario):
    return reverse(f"scenarios:{name}", args=[scenario.pk])


def test_the_editor_as_saved_is_not_marked(owner_client, scenario):
    response = owner_client.get(url("edit", scenario))
    assert response.status_code == 200
    assert MARK not in response.content.decode()


def test_values_from_the_analysis_mark_the_editor_unsaved(owner_client, scenario):
    response = owner_client.get(url("edit", scenario), {"apply": "share=60"})
    assert "From the analysis" in response.content.decode()
    assert MARK in response.content.decode()


def test_values_from_the_analysis_that_cannot_be_used_leave_it_unmarked(owner_client, scenario):
    response = owner_client.get(url("edit", scenario), {"apply": "share=500"})
    assert "could not be used" in response.content.decode()
    assert MARK not in response.content.decode()


def test_a_save_refused_for_its_errors_is_marked_unsaved(owner_client, scenario):
    response = owner_client.post(url("edit", scenario), editor_post_data(scenario, battery__share_pct="500"))
    assert response.status_code == 200
    assert response.context["line_forms"][0].errors or response.context["line_forms"][1].errors
    assert MARK in response.content.decode()


def test_a_save_that_met_someone_elses_is_marked_unsaved(owner_client, scenario):
    mine = editor_post_data(scenario, battery__share_pct="70")
    owner_client.post(url("edit", scenario), editor_post_data(scenario, display__share_pct="20"))
    response = owner_client.post(url("edit", scenario), mine)
    assert response.status_code == 409
    assert MARK in response.content.decode()


def test_a_preview_without_javascript_is_marked_unsaved(owner_client, scenario):
    response = owner_client.post(
        url("preview", scenario), editor_post_data(scenario, battery__share_pct="70")
    )
    assert response.status_code == 200
    assert MARK in response.content.decode()
