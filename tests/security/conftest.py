import pytest

from pipelines import services as pipeline_services
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
    pipeline = pipeline_services.pipeline_create(owner=owner, name="Pursuits")
    deal = pipeline_services.deal_add(pipeline=pipeline, scenario=scenario, user=owner, probability_pct=50)
    pipeline_share = pipeline_services.pipeline_share(
        pipeline=pipeline, user=owner, with_user=viewer, can_edit=False
    )
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
            "pipeline_pk": pipeline.pk,
            "deal_pk": deal.pk,
            "case_pk": deal.cases.get().pk,
            "scenario_pk": scenario.pk,
            "pipeline_share_pk": pipeline_share.pk,
        },
    }
