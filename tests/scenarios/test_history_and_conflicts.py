import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from scenarios import selectors, services
from scenarios.forms.editor import editor_forms
from scenarios.models import ComponentLine, Scenario, ScenarioShare
from tests.scenarios.editor_data import editor_post_data, save_editor_forms
from tests.scenarios.factories import UserFactory


def url(name, scenario, *args):
    return reverse(f"scenarios:{name}", args=[scenario.pk, *args])


def battery_share(scenario):
    return ComponentLine.objects.get(scenario=scenario, category__slug="battery").share_pct


@pytest.mark.django_db
class TestHistory:
    def test_every_save_records_a_version_with_who_when_and_why(self, owner_client, owner, scenario):
        owner_client.post(
            url("edit", scenario),
            editor_post_data(scenario, battery__share_pct="80", message="Supplier call"),
        )
        version = scenario.versions.get()
        assert (version.number, version.saved_by, version.message) == (2, owner, "Supplier call")
        assert {line["category"]: line["share_pct"] for line in version.inputs["lines"]} == {
            "battery": "80.00",
            "display": "50.00",
        }

    def test_history_lists_versions_newest_first(self, owner_client, scenario):
        services.scenario_version_record(scenario=scenario, user=scenario.owner, message="first")
        owner_client.post(url("edit", scenario), editor_post_data(scenario, message="second"))
        response = owner_client.get(url("history", scenario))
        assert [v.message for v in response.context["versions"]] == ["second", "first"]

    def test_restore_brings_back_a_version_as_a_new_one(self, owner_client, owner, scenario):
        services.scenario_version_record(scenario=scenario, user=owner, message="Created")
        owner_client.post(
            url("edit", scenario), editor_post_data(scenario, battery__share_pct="80", name="Bull")
        )
        response = owner_client.post(url("restore", scenario, 1), {"base_version": "2"})
        assert response.url == url("history", scenario)
        scenario.refresh_from_db()
        assert (scenario.name, scenario.version, battery_share(scenario)) == ("Owner's plan", 3, 50)
        assert list(scenario.versions.values_list("number", "message")) == [
            (3, "Restored version 1"),
            (2, ""),
            (1, "Created"),
        ]

    def test_a_restore_from_a_stale_history_page_is_refused(self, owner_client, owner, scenario):
        services.scenario_version_record(scenario=scenario, user=owner, message="Created")
        owner_client.post(url("edit", scenario), editor_post_data(scenario, battery__share_pct="80"))
        response = owner_client.post(url("restore", scenario, 1), {"base_version": "1"}, follow=True)
        assert "nothing was restored" in response.content.decode()
        assert battery_share(scenario) == 80

    def test_restoring_a_missing_version_is_a_404(self, owner_client, scenario):
        assert owner_client.post(url("restore", scenario, 99), {"base_version": "1"}).status_code == 404

    def test_compare_a_version_with_the_current_scenario(self, owner_client, owner, scenario):
        services.scenario_version_record(scenario=scenario, user=owner, message="Created")
        owner_client.post(url("edit", scenario), editor_post_data(scenario, battery__share_pct="80"))
        response = owner_client.get(reverse("scenarios:compare"), {"ids": f"{scenario.pk}v1,{scenario.pk}"})
        rows = {row.key: row for row in response.context["input_rows"]}
        assert [cell.value for cell in rows["battery.share_pct"].cells] == [50, 80]
        assert [item.label for item in response.context["items"]] == ["Owner's plan (v1)", "Owner's plan"]


@pytest.mark.django_db
class TestStaleEdits:
    def test_the_second_save_from_the_same_version_is_refused_and_shows_what_changed(self, owner, scenario):
        editor = UserFactory(username="editor")
        ScenarioShare.objects.create(scenario=scenario, user=editor, can_edit=True)
        services.scenario_version_record(scenario=scenario, user=owner, message="Created")
        alice, bob = Client(), Client()
        alice.force_login(owner)
        bob.force_login(editor)
        alice_form = editor_post_data(scenario, battery__share_pct="80", message="Alice: battery up")
        bob_form = editor_post_data(scenario, display__share_pct="25", message="Bob: display down")

        assert alice.post(url("edit", scenario), alice_form).status_code == 302
        refused = bob.post(url("edit", scenario), bob_form)

        assert refused.status_code == 409
        html = refused.content.decode()
        assert "Someone else saved this scenario first" in html
        assert refused.context["conflict"]["changes"] == [("Battery: supplier's share (%)", 50, 80)]
        # Bob's change is still in the form, now on top of Alice's version.
        line = ComponentLine.objects.get(scenario=scenario, category__slug="display")
        battery = ComponentLine.objects.get(scenario=scenario, category__slug="battery")
        assert f'name="line-{line.pk}-share_pct" value="25"' in html
        assert f'name="line-{battery.pk}-share_pct" value="80.00"' in html
        assert refused.context["form"]["base_version"].value() == "2"
        assert battery_share(scenario) == 80 and line.share_pct == 50

        # Saving again applies Bob's change on top of Alice's: nothing lost.
        resubmitted = refused.context["form"].data.copy()
        assert bob.post(url("edit", scenario), resubmitted).status_code == 302
        line.refresh_from_db()
        assert (battery_share(scenario), line.share_pct) == (80, 25)
        assert list(scenario.versions.values_list("number", "message")) == [
            (3, "Bob: display down"),
            (2, "Alice: battery up"),
            (1, "Created"),
        ]

    @pytest.mark.parametrize(
        "left_out, other_field, others_value",
        [
            ("description", "volume_overrides_text", "2026: 160000"),
            ("volume_overrides_text", "description", "Other note"),
        ],
    )
    def test_a_stale_save_that_leaves_out_a_field_gets_the_conflict_page_not_an_error(
        self, owner_client, owner, scenario, left_out, other_field, others_value
    ):
        scenario.description = "Base note"
        scenario.volume_overrides = {"2026": 150_000}
        scenario.save()
        services.scenario_version_record(scenario=scenario, user=owner, message="Created")
        stale = editor_post_data(scenario, battery__share_pct="70")
        del stale[left_out]
        other = editor_post_data(scenario, description="Other note", volume_overrides_text="2026: 160000")
        assert owner_client.post(url("edit", scenario), other).status_code == 302

        refused = owner_client.post(url("edit", scenario), stale)

        assert refused.status_code == 409
        form = refused.context["form"]
        # The form read the left-out field as empty, so empty is this edit's change to
        # it; the field this edit did not change keeps the other save's value.
        assert (form[left_out].value(), form[other_field].value()) == ("", others_value)
        battery = ComponentLine.objects.get(scenario=scenario, category__slug="battery")
        battery_form = next(f for f in refused.context["line_forms"] if f.line.pk == battery.pk)
        assert battery_form["share_pct"].value() == "70"
        scenario.refresh_from_db()
        assert (scenario.version, scenario.description, battery.share_pct) == (2, "Other note", 50)


@pytest.mark.django_db(transaction=True)
def test_two_threads_saving_from_the_same_version_one_wins_and_one_is_refused(owner, scenario):
    """Real threads, each with its own database connection (a file on SQLite)."""
    lines, affiliates = selectors.lines_of(scenario), selectors.affiliates_of(scenario.supplier_group_id)
    barrier = threading.Barrier(2)
    outcomes = {}

    def save(share):
        try:
            data = editor_post_data(scenario, battery__share_pct=share)
            scenario_form, line_forms = editor_forms(
                Scenario.objects.get(pk=scenario.pk), lines, affiliates, data
            )
            assert all(form.is_valid() for form in (scenario_form, *line_forms))
            barrier.wait(timeout=10)
            save_editor_forms(scenario, scenario_form, line_forms, user=owner, base_version=1)
            outcomes[share] = "saved"
        except services.StaleEdit:
            outcomes[share] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(share,)) for share in ("70", "90")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["refused", "saved"]
    winner = next(share for share, outcome in outcomes.items() if outcome == "saved")
    fresh = Scenario.objects.get(pk=scenario.pk)
    assert fresh.version == 2
    assert battery_share(scenario) == Decimal(winner)
    assert list(fresh.versions.values_list("number", flat=True)) == [2]
