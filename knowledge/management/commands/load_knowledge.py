from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from knowledge.loading import KNOWLEDGE_FIXTURE, KnowledgeLoadError, load_knowledge


class Command(BaseCommand):
    help = (
        "Load the knowledge base from fixtures/knowledge.json. Idempotent; records edited by hand "
        "in the admin are kept and listed, and records editors deleted stay deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fixture", type=Path, default=KNOWLEDGE_FIXTURE)

    def handle(self, *args, fixture, verbosity, **options):
        try:
            report = load_knowledge(fixture)
        except KnowledgeLoadError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Knowledge base: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {len(report.kept)} kept as edited by hand, "
            f"{len(report.deleted)} kept deleted by editors."
        )
        if verbosity > 1 or (verbosity > 0 and len(report.kept) <= 20):
            for entry in report.kept:
                self.stdout.write(f"  kept (edited by hand): {entry}")
        if verbosity > 1 or (verbosity > 0 and len(report.deleted) <= 20):
            for entry in report.deleted:
                self.stdout.write(f"  kept deleted (by an editor): {entry}")
