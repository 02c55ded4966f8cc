import pytest

from scenarios import services
from scenarios.models import ScenarioShare
from tests.scenarios.factories import UserFactory


@pytest.fixture
def world(seeded, owner):
    """The article preset as owner's scenario, with a viewer, a version and a
    link, and sample URL arguments."""
    scenario = services.scenario_create_from_preset(owner=owner)
    viewer = UserFactory(username="viewer")
    share = ScenarioShare.objects.create(scenario=scenario, user=viewer, can_edit=False)
    link = services.share_link_create(scenario=scenario, created_by=owner)
    return {
        "scenario": scenario,
        "owner": owner,
        "viewer": viewer,
        "values": {
            "pk": scenario.pk,
            "number": 1,
            "share_id": share.pk,
            "link_id": link.pk,
            "token": link.token,
            "slug": "xiaomi",
        },
    }
