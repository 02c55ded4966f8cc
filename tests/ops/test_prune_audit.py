import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from scenarios.models import AuditEvent

pytestmark = pytest.mark.django_db


def event_aged(days, action="share_granted"):
    event = AuditEvent.objects.create(action=action, username="owner")
    # `at` is set on create; move it back afterwards.
    AuditEvent.objects.filter(pk=event.pk).update(at=timezone.now() - datetime.timedelta(days=days))
    return event


def prune(*args):
    out = StringIO()
    call_command("prune_audit", *args, stdout=out)
    return out.getvalue()


def test_it_deletes_events_older_than_the_days_given_and_says_how_many():
    old = [event_aged(91), event_aged(400)]
    recent = [event_aged(89), event_aged(0)]
    output = prune("--older-than", "90")
    assert "Deleted 2 audit events before" in output
    assert set(AuditEvent.objects.values_list("pk", flat=True)) == {e.pk for e in recent}
    assert not AuditEvent.objects.filter(pk__in=[e.pk for e in old]).exists()


def test_with_nothing_that_old_it_deletes_nothing():
    event_aged(3)
    assert "Deleted 0 audit events" in prune("--older-than", "30")
    assert AuditEvent.objects.count() == 1


def test_a_number_of_days_beyond_the_calendar_deletes_nothing():
    event_aged(4000)
    assert "Deleted 0 audit events that old" in prune("--older-than", "99999999999999999999")
    assert AuditEvent.objects.count() == 1


@pytest.mark.parametrize("days", ["0", "-3", "1.5", "abc", "", "1e3", "٣"])
def test_days_that_are_not_a_positive_whole_number_are_refused(days):
    event_aged(400)
    with pytest.raises(CommandError, match="whole number of days, 1 or more"):
        prune(f"--older-than={days}")
    assert AuditEvent.objects.count() == 1


def test_days_are_required():
    with pytest.raises(CommandError, match="--older-than"):
        prune()
