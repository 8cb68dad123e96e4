"""Editors' writes that reloading the knowledge base must respect: changes, deletions and citation
edits, the same whether they come through the admin or the API."""

from django.contrib.contenttypes.models import ContentType
from django.db import router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone

from sources.models import Record, Tombstone


@transaction.atomic
def delete_records(records, *, user) -> None:
    """Delete records as an editor, and remember every record the deletion removes, those its
    cascades take along included (a body's memberships, a meeting's roles), so that reloading the
    knowledge base brings none of them back. Citations go with their records and are not listed."""
    records = list(records)
    if not records:
        return
    collector = Collector(using=router.db_for_write(type(records[0])))
    collector.collect(records)  # raises ProtectedError before anything is written
    removed = [
        (model, instance.pk)
        for model, instances in collector.data.items()
        if issubclass(model, Record)
        for instance in instances
    ]
    # Rows the collector deletes in one query without loading them (none today: every record
    # model has delete signals); read their keys so a future model cannot slip through.
    for rows in collector.fast_deletes:
        if issubclass(rows.model, Record):
            removed += [(rows.model, pk) for pk in rows.values_list("pk", flat=True)]
    now = timezone.now()
    Tombstone.objects.bulk_create(
        [
            Tombstone(
                content_type=ContentType.objects.get_for_model(model),
                slug=pk,
                deleted_by=user,
                deleted_at=now,
            )
            for model, pk in removed
        ],
        update_conflicts=True,
        unique_fields=["content_type", "slug"],
        update_fields=["deleted_by", "deleted_at"],
    )
    collector.delete()


def record_changed(record, *, created: bool = False) -> None:
    """An editor is saving `record` (admin form, inline row, admin action or API): call before the
    save. The record becomes the editor's, so reloading the knowledge base keeps it, and its version
    (the API's ETag) moves; a record created on the slug of a deleted one is no longer a deletion."""
    record.edited_by_hand = True
    record.updated_at = timezone.now()
    if created:
        forget_deletion(record)


# The fields record_changed() sets, for a save that writes only some columns.
CHANGE_FIELDS = ["edited_by_hand", "updated_at"]


def forget_deletion(record) -> None:
    """An editor created a record whose slug was deleted before: it is no longer a deletion."""
    Tombstone.objects.filter(
        content_type=ContentType.objects.get_for_model(record), slug=record.pk
    ).delete()


def mark_cited_record_edited(content_type_id: int, object_id: str) -> None:
    """A citation changed: its record is now the editor's, and reloading keeps its citations."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None or not issubclass(model, Record):
        return
    # update(): the record's own fields did not change, so no version of it is added to its
    # history; the citation's history holds the change.
    model.objects.filter(pk=object_id).update(edited_by_hand=True, updated_at=timezone.now())


def can_cite(user) -> bool:
    """An editor who may add citations: the source page shows them the controls to cite."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("sources.add_citation")
    )
