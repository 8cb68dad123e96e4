"""Cited passages are counted by the database: every way a citation is written keeps them exact."""

from django.db import connection

from members.models import Participant
from sources.models import Citation, CitedPassage
from tests import factories
from tests.helpers import counted, recounted

QUOTED = "The Bali Process is a non-binding, international forum"


def citations_of(passage):
    return CitedPassage.objects.filter(passage=passage).values_list("citations", flat=True)


def test_the_loaded_knowledge_base_has_each_cited_passage_once_with_its_count(db):
    assert counted() == recounted()
    assert CitedPassage.objects.count() < Citation.objects.count()
    assert max(row[3] for row in counted()) > 1, "some passages are quoted by several records"


def test_every_kind_of_write_to_citations_keeps_the_counts_exact(db):
    before = list(citations_of(QUOTED))
    first = factories.participant()  # cites QUOTED through the ORM's save()
    assert list(citations_of(QUOTED)) == [before[0] + 1 if before else 1]

    second = factories.participant()
    record = Citation.objects.filter(object_id=second.slug)
    record.update(passage="A passage no one else quotes")  # one UPDATE, no save()
    assert list(citations_of("A passage no one else quotes")) == [1]
    assert counted() == recounted()

    record.update(locator="Under a heading")
    assert (
        CitedPassage.objects.get(passage="A passage no one else quotes").locator
        == "Under a heading"
    )

    Citation.objects.bulk_create(
        [
            Citation(record=first, source_id="encyclopedia-article", passage=f"Bulk {n}")
            for n in range(3)
        ]
    )
    assert counted() == recounted()

    record.delete()
    assert not citations_of("A passage no one else quotes").exists()
    with connection.cursor() as cursor:  # what a restore's flush or a hand-written fix might do
        cursor.execute("DELETE FROM sources_citation WHERE passage LIKE 'Bulk %%'")
    assert not CitedPassage.objects.filter(passage__startswith="Bulk ").exists()
    Participant.objects.filter(pk__in=[first.pk, second.pk]).delete()
    Citation.objects.filter(object_id__in=[first.pk, second.pk]).delete()
    assert list(citations_of(QUOTED)) == before
    assert counted() == recounted()
