from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from knowledge.synthetic import copies_exist, synthesize


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
            # Settled, as autovacuum would leave it later: statistics for the new rows, and the GIN
            # indexes' pending entries merged (until then every search reads them all; at
            # SCALE=100, 44 -> 26 ms a search). VACUUM cannot run inside a transaction (a test's).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(f"Wrote {written:,} synthetic rows ({scale} times the knowledge base).")
