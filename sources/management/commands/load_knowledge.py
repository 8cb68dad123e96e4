from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the knowledge base from fixtures/ (nothing to load yet)."

    def handle(self, *args, **options):
        self.stdout.write("Knowledge base: nothing to load yet.")
