"""Every record rests on a passage that really is in its source."""

import pytest
from django.apps import apps
from django.db.models import Count

from sources.models import KNOWLEDGE_APPS, Citation, Record, Source, normalise
from tests import knowledge_facts as facts


def record_models():
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in KNOWLEDGE_APPS and issubclass(m, Record)
    ]


def test_the_five_source_texts_are_shipped_and_described(db):
    assert Source.objects.count() == facts.SOURCES
    for source in Source.objects.all():
        assert len(source.text()) > 5000
        assert source.title and source.kind and source.speaks_for


def test_every_citation_quotes_its_source_after_its_locator(db):
    citations = Citation.objects.select_related("source")
    assert citations.count() > 600
    for citation in citations:
        text = normalise(citation.source.text())
        start = text.find(normalise(citation.locator)) if citation.locator else 0
        assert start >= 0, f"locator of citation {citation.pk} not in {citation.source_id}"
        assert text.find(normalise(citation.passage), start) >= 0, (
            f"{citation.content_type.model} {citation.object_id}: passage not in "
            f"{citation.source_id}: {citation.passage!r}"
        )


def test_every_citation_points_at_an_existing_record(db):
    for citation in Citation.objects.select_related("content_type"):
        model = citation.content_type.model_class()
        assert model.objects.filter(pk=citation.object_id).exists(), citation


@pytest.mark.parametrize("model", record_models(), ids=lambda m: m._meta.label)
def test_no_record_lacks_a_citation(db, model):
    assert model.objects.exists()
    uncited = model.objects.annotate(n=Count("citations")).filter(n=0)
    assert list(uncited.values_list("pk", flat=True)) == []


def test_a_citation_whose_passage_is_not_in_the_source_fails_validation(db):
    from django.core.exceptions import ValidationError

    from members.models import Participant

    citation = Citation(
        record=Participant.objects.get(pk="australia"),
        source_id="rcp-profile",
        passage="Australia left the Bali Process in 2010.",
    )
    with pytest.raises(ValidationError) as error:
        citation.full_clean()
    assert "does not occur" in error.value.message_dict["passage"][0]


def test_every_loaded_object_passes_full_clean(db):
    knowledge = [
        m
        for m in apps.get_models()
        if m._meta.app_label in KNOWLEDGE_APPS and not m._meta.model_name.startswith("historical")
    ]
    for model in knowledge:
        for obj in model.objects.all():
            obj.full_clean()


def test_every_records_choices_show_their_labels_and_an_unknown_value_shows_itself(db):
    for model in record_models():
        for field in model._meta.fields:
            if not field.choices:
                continue
            record = model.objects.exclude(**{field.attname: ""}).first()
            if record is None:
                continue
            value = getattr(record, field.attname)
            display = getattr(record, f"get_{field.name}_display")
            assert display() == dict(field.flatchoices)[value]
            setattr(record, field.attname, "not-a-choice")
            assert display() == "not-a-choice"
