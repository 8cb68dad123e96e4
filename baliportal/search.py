"""One search over participants, bodies, meetings, documents and cited passages.

On PostgreSQL, full-text search with ranking (plus a substring match on names, so "Austral" finds
Australia); on SQLite, a case-insensitive substring match, answered from trigram full-text indexes
(sources migration 0004) so that it does not scan every row. The page is the same.
"""

from django import forms
from django.db import connection
from django.db.models import Min, Q, Value
from django.db.models.expressions import RawSQL
from django.shortcuts import render
from django.views.decorators.http import require_safe

from meetings.models import Document, Meeting
from members.models import Participant
from sources.models import Citation, Source, normalise, with_citations
from workinggroups.models import Body

RESULTS_PER_KIND = 20

# kind label, model, fields searched (most important first), the field that names a result
SEARCHED = [
    ("Participants", Participant, ["name", "short_name", "name_variants__name", "description"]),
    ("Bodies", Body, ["name", "short_name", "other_names__name", "description", "mandate"]),
    ("Meetings", Meeting, ["title", "city", "summary"]),
    ("Documents", Document, ["title", "summary"]),
]


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", min_length=2, max_length=200, strip=True)


# The trigram index finds substrings of three characters or more; shorter words are scanned for.
TRIGRAM = 3

# (database alias, database name, table): whether the table has its index. Asked once per process.
_indexed: dict[tuple, bool] = {}


def has_search_index(table: str) -> bool:
    """Whether `table` has its trigram index (SQLite with FTS5; see sources migration 0004)."""
    key = (connection.alias, connection.settings_dict["NAME"], table)
    if key not in _indexed:
        _indexed[key] = connection.vendor == "sqlite" and (
            f"{table}_fts" in connection.introspection.table_names(include_views=False)
        )
    return _indexed[key]


def indexed_match(model, word: str) -> Q:
    """Rows of `model` with `word` in one of its own searched columns, from its trigram index."""
    table, key = model._meta.db_table, model._meta.pk.column
    phrase = '"' + word.replace('"', '""') + '"'  # a phrase: the word as typed, not FTS syntax
    rows = RawSQL(
        f'SELECT "{key}" FROM "{table}" WHERE rowid IN '
        f'(SELECT rowid FROM "{table}_fts" WHERE "{table}_fts" MATCH %s)',
        [phrase],
    )
    return Q(pk__in=rows)


def contains(fields, word: str) -> Q:
    """`word` as a case-insensitive substring of any of `fields` (a scan)."""
    in_any_field = Q()
    for field in fields:
        in_any_field |= Q(**{f"{field}__icontains": word})
    return in_any_field


def word_matches(model, fields, word: str) -> Q:
    """`word` in any of `fields` (a field may go through a relation, e.g. name_variants__name)."""
    if len(word) < TRIGRAM or not has_search_index(model._meta.db_table):
        return contains(fields, word)
    matches = indexed_match(model, word)
    for field in fields:
        if "__" in field:
            name, rest = field.split("__", 1)
            relation = model._meta.get_field(name)
            related = relation.related_model
            rows = related.objects.filter(word_matches(related, [rest], word))
            matches |= Q(pk__in=rows.values(relation.field.attname))
    return matches


def ranked(model, fields, query: str):
    """Matching rows, best first."""
    if connection.vendor != "postgresql":
        # Every word must occur in one of the fields, in any order.
        matching = Q()
        for word in query.split():
            matching &= word_matches(model, fields, word)
        ids = model.objects.filter(matching).values("pk")
        return model.objects.filter(pk__in=ids).annotate(rank=Value(0.0))
    substring = Q()
    for word in query.split():
        substring &= contains(fields, word)
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    weights = ["A", "A", "B", "C", "D"]
    vector = SearchVector(*fields[:1], weight="A", config="english")
    for field, weight in zip(fields[1:], weights[1:], strict=False):
        if "__" not in field:
            vector += SearchVector(field, weight=weight, config="english")
    search = SearchQuery(query, search_type="websearch", config="english")
    matching = (
        model.objects.annotate(document=vector).filter(Q(document=search) | substring).values("pk")
    )
    return (
        model.objects.filter(pk__in=matching)
        .annotate(rank=SearchRank(vector, search))
        .order_by("-rank", "pk")
    )


def matching_passage(record, words: list[str]) -> str:
    """The first cited passage of a record that mentions a searched word."""
    for citation in record.citation_list:
        text = normalise(citation.passage).lower()
        if any(word in text for word in words):
            return citation
    return None


def run_search(query: str) -> list[dict]:
    words = [w.lower() for w in query.split() if len(w) > 1] or [query.lower()]
    groups = []
    for label, model, fields in SEARCHED:
        rows = list(
            ranked(model, fields, query).prefetch_related(with_citations())[:RESULTS_PER_KIND]
        )
        groups.append(
            {"label": label, "results": [(row, matching_passage(row, words)) for row in rows]}
        )
    passages = Q()
    for word in words:
        passages &= word_matches(Citation, ["passage"], word)
    # Many records quote the same passage: the database keeps one row per passage, so only the
    # shown rows travel, however many citations repeat them.
    rows = (
        Citation.objects.filter(passages)
        .order_by("source_id", "passage")
        .values_list("source_id", "source__title", "source__short_title", "passage")
        .annotate(locator=Min("locator"))[:RESULTS_PER_KIND]
    )
    unique = [
        Citation(
            source=Source(slug=source, title=title, short_title=short_title),
            passage=passage,
            locator=locator,
        )
        for source, title, short_title, passage, locator in rows
    ]
    groups.append({"label": "Passages in the sources", "passages": unique})
    return groups


@require_safe
def search(request):
    form = SearchForm(request.GET or None)
    groups = run_search(form.cleaned_data["q"]) if form.is_valid() else []
    total = sum(len(g.get("results", g.get("passages", []))) for g in groups)
    return render(request, "search.html", {"form": form, "groups": groups, "total": total})
