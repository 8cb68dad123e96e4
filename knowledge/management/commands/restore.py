from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError

from knowledge.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `backup` into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        try:
            restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        except DeserializationError as error:
            raise CommandError(f"{path} is not a readable backup: {error}") from error
        self.stdout.write(f"Restored {path}.")
