"""Back up the whole knowledge base, with its history and the editors' accounts, and restore it."""

import os
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command

from sources.models import KNOWLEDGE_APPS, Source

# Everything an editor's work lives in: the records, their history, who edited, the admin's log.
BACKED_UP = [
    "auth.group",
    "auth.user",
    "authtoken.token",
    *KNOWLEDGE_APPS,
    "admin.logentry",
]


class BackupError(Exception):
    pass


def backup(path: Path) -> None:
    """Write the backup to `path` (gzip if it ends in .gz), atomically: a failure leaves no file."""
    path = Path(path)
    suffix = "".join(path.suffixes) or ".json"
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".backup-", suffix=suffix)
    os.close(handle)
    try:
        call_command(
            "dumpdata",
            *BACKED_UP,
            # Cache bookkeeping, bumped by the restore itself; passages the database counts
            # again as the restore writes the citations.
            exclude=["sources.knowledgeversion", "sources.citedpassage"],
            natural_foreign=True,
            output=temporary,
            verbosity=0,
        )
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def restore(path: Path) -> None:
    """Load a backup into an empty database (migrated, with no records and no users)."""
    path = Path(path)
    if not path.exists():
        raise BackupError(f"There is no backup file at {path}.")
    if Source.objects.exists() or get_user_model().objects.exists():
        raise BackupError(
            "The database is not empty; restore only into a freshly migrated database "
            "(e.g. a new DATABASE_URL), so that nothing is merged or lost."
        )
    call_command("loaddata", str(path), verbosity=0)
