"""HEAD answers as GET does, without a body (config.middleware.HeadAsGetMiddleware)."""

import pytest
from django.test import Client

from scenarios.models import Scenario
from tests.security.urls_walk import app_urls

pytestmark = pytest.mark.django_db


def test_head_on_healthz_is_200_without_a_body():
    response = Client().head("/healthz")
    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Type"] == "application/json"
    assert int(response["Content-Length"]) == len(Client().get("/healthz").content)


def test_head_on_every_url_answers_the_status_get_does_with_an_empty_body(client, world):
    client.force_login(world["owner"])
    anonymous = Client()
    checked = 0
    for name, url, _ in app_urls(world["values"]):
        for visitor in (client, anonymous):
            get = visitor.get(url)
            head = visitor.head(url)
            assert head.status_code == get.status_code, (
                f"{name}: HEAD {head.status_code}, GET {get.status_code}"
            )
            assert head.content == b"", name
            if get.status_code == 200:
                assert head["Content-Type"] == get["Content-Type"], name
            checked += 1
    assert checked > 40


def test_head_changes_nothing_where_get_changes_nothing(client, world):
    client.force_login(world["owner"])
    before = list(Scenario.objects.order_by("pk").values())
    for _, url, _ in app_urls(world["values"]):
        client.head(url)
    assert list(Scenario.objects.order_by("pk").values()) == before


def test_head_on_an_action_is_refused_as_get_is(client, world):
    client.force_login(world["owner"])
    scenario = world["scenario"]
    response = client.head(f"/scenarios/{scenario.pk}/clone/")
    assert response.status_code == 405 and response["Allow"] == "POST"
