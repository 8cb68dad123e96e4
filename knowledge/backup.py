"""Back up the whole knowledge base, with its history and the editors' accounts, and restore it."""

import gzip
import json
import os
import tempfile
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.management import call_command
from django.db import DatabaseError, models

from sources.models import KNOWLEDGE_APPS, Source

# Everything an editor's work lives in: the records, their history, who edited, the admin's log.
BACKED_UP = [
    "auth.group",
    "auth.user",
    "authtoken.token",
    *KNOWLEDGE_APPS,
    "admin.logentry",
    # Readers' reports and editors' public names (by label: the changes app sits beside this one).
    "changes",
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
    check_numbers(path)
    try:
        call_command("loaddata", str(path), verbosity=0)
    except DatabaseError as error:
        # loaddata names the file and the record ("Problem installing fixture '…': Could not load
        # meetings.Meeting(pk=…): …"), and its transaction leaves the database as empty as it was.
        detail = str(error).strip().splitlines()[0]
        detail = detail[detail.find("Could not load") :] if "Could not load" in detail else detail
        raise BackupError(
            f"{path} was not restored, nothing of it was written: {detail}"
        ) from error


def check_numbers(path: Path) -> None:
    """Refuse a backup holding a number its field cannot keep, naming the record, before writing.

    SQLite keeps any 64-bit number; PostgreSQL's columns refuse one past their type's range.
    A file this cannot read is left to loaddata, which says what is wrong with it.
    """
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            entries = json.load(handle)
    except (OSError, ValueError):
        return
    for entry in entries if isinstance(entries, list) else []:
        try:
            model = apps.get_model(entry["model"])
            values = [(model._meta.pk.name, entry.get("pk"))]
            values += [(name, value) for name, value in entry.get("fields", {}).items()]
            for name, value in values:
                field = model._meta.get_field(name)
                if isinstance(field, models.IntegerField) and value is not None:
                    field.run_validators(field.to_python(value))
        except ValidationError as error:
            raise BackupError(
                f"{path} was not restored: {entry['model']} {entry.get('pk')} has {name} {value}. "
                + " ".join(error.messages)
            ) from error
        except (KeyError, LookupError, ValueError, TypeError, AttributeError, FieldDoesNotExist):
            continue  # not an entry this check understands; loaddata will judge it
