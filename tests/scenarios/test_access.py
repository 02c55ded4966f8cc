"""Who may do what with a scenario, over every scenario URL and method.

owner: everything. viewer: another user, scenario shared read-only: may look,
export and clone, not change (403). stranger: another user, scenario private:
404 everywhere, the same as for a scenario that does not exist. anonymous:
sent to log in.
"""

import pytest
from django.urls import reverse

from scenarios.models import Scenario
from tests.pages import without_csrf_token
from tests.scenarios.editor_data import editor_post_data
from tests.scenarios.factories import UserFactory

pytestmark = pytest.mark.django_db

# (url name, method, owner's status, viewer's status)
ROUTES = [
    ("detail", "get", 200, 200),
    ("edit", "get", 200, 403),
    ("edit", "post", 302, 403),
    ("preview", "post", 200, 403),
    ("export_csv", "get", 200, 200),
    ("clone", "post", 302, 302),
    ("delete", "get", 200, 403),
    ("delete", "post", 302, 403),
]


def request(client, scenario, name, method):
    url = reverse(f"scenarios:{name}", args=[scenario.pk])
    if method == "get":
        return client.get(url)
    return client.post(url, editor_post_data(scenario), HTTP_HX_REQUEST="true")


@pytest.mark.parametrize(("name", "method", "expected", "_"), ROUTES)
def test_the_owner_may_do_everything(owner_client, scenario, name, method, expected, _):
    assert request(owner_client, scenario, name, method).status_code == expected


@pytest.mark.parametrize(("name", "method", "_", "expected"), ROUTES)
def test_a_viewer_of_a_shared_scenario_may_look_but_not_change(
    stranger_client, scenario, name, method, _, expected
):
    scenario.visibility = Scenario.Visibility.SHARED
    scenario.save()
    before = Scenario.objects.values().get(pk=scenario.pk)
    assert request(stranger_client, scenario, name, method).status_code == expected
    assert Scenario.objects.values().get(pk=scenario.pk) == before


@pytest.mark.parametrize(("name", "method", "_", "__"), ROUTES)
def test_a_stranger_gets_the_same_404_as_for_a_missing_scenario(
    stranger_client, scenario, name, method, _, __
):
    response = request(stranger_client, scenario, name, method)
    missing_url = reverse(f"scenarios:{name}", args=[scenario.pk + 1000])
    missing = getattr(stranger_client, method)(missing_url)
    assert response.status_code == missing.status_code == 404
    assert without_csrf_token(response.content) == without_csrf_token(missing.content)
    assert Scenario.objects.filter(pk=scenario.pk).exists()
    assert Scenario.objects.filter(owner__username="stranger").count() == 0


@pytest.mark.parametrize(("name", "method", "_", "__"), ROUTES)
def test_anonymous_visitors_are_sent_to_log_in(client, scenario, name, method, _, __):
    response = request(client, scenario, name, method)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("name", "wrong_method"),
    [("preview", "get"), ("clone", "get"), ("export_csv", "post"), ("detail", "post")],
)
def test_wrong_methods_are_refused(owner_client, scenario, name, wrong_method):
    url = reverse(f"scenarios:{name}", args=[scenario.pk])
    assert getattr(owner_client, wrong_method)(url).status_code == 405


def test_the_list_never_shows_another_users_private_scenario(client, scenario):
    client.force_login(UserFactory(username="someone-else"))
    response = client.get(reverse("scenarios:list"))
    assert scenario.name not in response.content.decode()
