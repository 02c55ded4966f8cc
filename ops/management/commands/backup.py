from django.core.management.base import BaseCommand, CommandError

from ops.backups import BackupError, backup


class Command(BaseCommand):
    help = "Write a consistent backup of the database while the app runs (SQLite online backup or pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="where to write the backup file")

    def handle(self, path, **options):
        try:
            kind = backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path} ({kind})."))
