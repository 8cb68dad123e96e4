from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from sources.synthetic import copies_exist, synthesize


class Command(BaseCommand):
    help = "Grow the knowledge base SCALE times with synthetic copies of every record (for benchmarks only)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, required=True)

    def handle(self, *args, scale, **options):
        if not 2 <= scale <= 1000:
            raise CommandError("--scale must be between 2 and 1000.")
        if copies_exist():
            raise CommandError("This database already holds synthetic copies; use a fresh one.")
        written = synthesize(scale)
        if connection.vendor == "postgresql":
            # Fresh statistics, as autovacuum would gather later: plans for 100 times the rows.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(f"Wrote {written:,} synthetic rows ({scale} times the knowledge base).")
