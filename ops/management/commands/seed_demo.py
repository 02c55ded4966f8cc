from django.core.management.base import BaseCommand

from ops.demo import ANALYST_USER, DEMO_USER, STAFF_USER, seed_demo


class Command(BaseCommand):
    help = "Load the article's companies and figures, demo logins and example scenarios (idempotent)."

    def handle(self, *args, **options):
        seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in with:"))
        for role, (username, password) in (
            ("analyst", DEMO_USER),
            ("staff (admin)", STAFF_USER),
            ("second analyst", ANALYST_USER),
        ):
            self.stdout.write(f"  {role:15} {username} / {password}")
