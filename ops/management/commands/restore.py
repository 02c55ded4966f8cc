from django.core.management.base import BaseCommand, CommandError

from ops.backups import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by `manage.py backup`. Stop the app first."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, path, yes=False, **options):
        if not yes:
            answer = input(f"Replace everything in the database with {path}? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        try:
            restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored from {path}."))
