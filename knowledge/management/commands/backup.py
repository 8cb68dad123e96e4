from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from knowledge.backup import backup


class Command(BaseCommand):
    help = "Back up the knowledge base, its history, editors and the admin log to a JSON file (.gz to compress)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        try:
            backup(path)
        except OSError as error:
            raise CommandError(f"Could not write the backup to {path}: {error}") from error
        self.stdout.write(f"Backed up to {path} ({path.stat().st_size:,} bytes).")
