"""Migrations run backwards, and upgrading a database that holds data keeps every row."""

import json
import os
import subprocess
import sys
from pathlib import Path

from sources.models import KNOWLEDGE_APPS
from tests import knowledge_facts as facts

ROOT = Path(__file__).resolve().parents[2]
APPS = list(KNOWLEDGE_APPS)
# The first schema: each app's initial migrations (meetings' initial schema spans two), dependants first.
FIRST_SCHEMA = {"meetings": "0002", "workinggroups": "0001", "members": "0001", "sources": "0001"}

COUNT = f"""
import django, json
django.setup()
from django.apps import apps
print(json.dumps({{
    m._meta.label: m.objects.count()
    for m in apps.get_models()
    if m._meta.app_label in {APPS!r}
    # Tables the first schema has not: bookkeeping, tombstones and sentence marks (none after a
    # load), and the sources' texts and files, which it read from fixtures/sources/ (migration
    # 0013 reads them back into the database on the way up).
    and not m._meta.model_name.startswith(
        ("historical", "knowledgeversion", "citedpassage", "tombstone", "sentencemark",
         "sourcetext", "sourcefile", "sourcedraft")
    )
}}))
"""
# Rows the database derives from the citations, so that the first schema has no table for them.
COUNTED_PASSAGES = """
import django
django.setup()
from sources.models import CitedPassage
print(sorted(CitedPassage.objects.values_list("source_id", "passage", "locator", "citations")))
"""

TEXTS = """
import django
django.setup()
from sources.models import Source
print(sorted((s.slug, s.text_sha256, s.text(), bytes(s.file.content)) for s in Source.objects.all()))
"""


def run(env, *args):
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_migrating_back_to_the_first_schema_and_forward_again_keeps_every_row(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'upgrade.sqlite3'}",
        DJANGO_SETTINGS_MODULE="baliportal.settings",
    )
    run(env, "manage.py", "migrate", "-v0")
    run(env, "manage.py", "load_knowledge", "-v0")
    before = json.loads(run(env, "-c", COUNT))
    passages_before = run(env, "-c", COUNTED_PASSAGES)
    texts_before = run(env, "-c", TEXTS)
    assert before["members.Participant"] == facts.PARTICIPANTS

    for app, migration in FIRST_SCHEMA.items():
        run(env, "manage.py", "migrate", app, migration, "-v0")
    after_downgrade = json.loads(run(env, "-c", COUNT))
    run(env, "manage.py", "migrate", "-v0")
    after_upgrade = json.loads(run(env, "-c", COUNT))
    assert after_downgrade == before
    assert after_upgrade == before
    assert run(env, "-c", COUNTED_PASSAGES) == passages_before
    assert run(env, "-c", TEXTS) == texts_before
