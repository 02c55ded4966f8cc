import pytest
from django.core.management import call_command
from django.db import connection

from scenarios import services
from scenarios.models import Scenario, ScenarioShare, ScenarioVersion, ShareLink
from tests.scenarios.editor_data import editor_post_data
from tests.scenarios.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def everything():
    return {
        "scenarios": list(Scenario.objects.order_by("pk").values()),
        "versions": list(ScenarioVersion.objects.order_by("pk").values()),
        "shares": list(ScenarioShare.objects.order_by("pk").values()),
        "links": list(ShareLink.objects.order_by("pk").values()),
    }


def test_a_backup_restored_into_an_empty_database_brings_back_every_scenario_version_and_share(
    client, seeded, tmp_path
):
    owner = UserFactory(username="planner")
    scenario = services.scenario_create_from_preset(owner=owner)
    client.force_login(owner)
    client.post(
        f"/scenarios/{scenario.pk}/edit/", editor_post_data(scenario, battery__share_pct="77", message="v2")
    )
    ScenarioShare.objects.create(scenario=scenario, user=UserFactory(username="colleague"), can_edit=True)
    services.share_link_create(scenario=scenario, created_by=owner)
    before = everything()
    assert len(before["versions"]) >= 4 and before["shares"] and before["links"]

    path = tmp_path / "partnership.backup"
    call_command("backup", str(path))
    call_command("flush", interactive=False)
    assert Scenario.objects.count() == 0  # empty
    call_command("restore", str(path), yes=True)
    connection.close()

    assert everything() == before


def test_restoring_a_missing_file_says_so(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no backup at"):
        call_command("restore", str(tmp_path / "nothing"), yes=True)
