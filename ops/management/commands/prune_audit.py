import datetime
import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from scenarios.models import AuditEvent


def whole_days(value):
    value = str(value)
    if not re.fullmatch(r"\s*[0-9]+\s*", value) or int(value) < 1:
        raise CommandError(f"--older-than takes a whole number of days, 1 or more; got {value!r}.")
    return int(value)


class Command(BaseCommand):
    help = "Delete stored audit events older than DAYS days (the JSON log lines are not touched)."

    def add_arguments(self, parser):
        # A string, so that a bad value gets this command's message rather than argparse's.
        parser.add_argument("--older-than", required=True, metavar="DAYS", help="whole days, 1 or more")

    def handle(self, *, older_than, **options):
        days = whole_days(older_than)
        try:
            cutoff = timezone.now() - datetime.timedelta(days=days)
        except OverflowError:
            cutoff = None  # before the year 1: nothing is that old
        deleted = AuditEvent.objects.filter(at__lt=cutoff).delete()[0] if cutoff else 0
        when = f"before {cutoff:%Y-%m-%d %H:%M} UTC" if cutoff else "that old"
        self.stdout.write(
            self.style.SUCCESS(f"Deleted {deleted} audit event{'' if deleted == 1 else 's'} {when}.")
        )
