"""One search over participants, bodies, meetings, documents and cited passages.

On PostgreSQL, full-text search with ranking, plus a substring match (so "Austral" finds
Australia), both answered from GIN indexes (sources migrations 0005 and 0006: pg_trgm, and a stored
weighted text vector that also ranks); on
SQLite, the substring match alone, answered from FTS5 trigram indexes (sources migration 0004).
Neither reads every row. The page is the same.
"""

import contextlib

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Min, Q, Value
from django.db.models.expressions import RawSQL
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.pages import page_of
from meetings.models import Document, Meeting
from members.models import Participant
from sources.models import Citation, CitedPassage, Source, citations_among, normalise
from workinggroups.models import Body

# The overview shows each kind's best few; one kind's results are paged, as every list is.
OVERVIEW_PER_KIND = 5
RESULTS_PER_PAGE = 20

# kind (as in ?kind=), label, model, the field that names a result, fields searched (most
# important first)
SEARCHED = [
    (
        "participants",
        "Participants",
        Participant,
        "name",
        ["name", "short_name", "name_variants__name", "description"],
    ),
    (
        "bodies",
        "Bodies",
        Body,
        "name",
        ["name", "short_name", "other_names__name", "description", "mandate"],
    ),
    ("meetings", "Meetings", Meeting, "title", ["title", "city", "summary"]),
    ("documents", "Documents", Document, "title", ["title", "summary"]),
]
PASSAGES = "passages"
PASSAGES_LABEL = "Passages in the sources"
KIND_CHOICES = [(kind, label) for kind, label, *_ in SEARCHED] + [(PASSAGES, PASSAGES_LABEL)]


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", min_length=2, max_length=200, strip=True)
    kind = forms.ChoiceField(
        label="Only", choices=[("", "every kind"), *KIND_CHOICES], required=False
    )


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
    matches = f'SELECT rowid FROM "{table}_fts" WHERE "{table}_fts" MATCH %s'
    if not isinstance(model._meta.pk, models.AutoField):
        # A slug key is not SQLite's rowid, which the index gives: look the keys up.
        matches = f'SELECT "{key}" FROM "{table}" WHERE rowid IN ({matches})'
    return Q(pk__in=RawSQL(matches, [phrase]))


def contains(fields, word: str) -> Q:
    """`word` as a case-insensitive substring of any of `fields` (a scan)."""
    in_any_field = Q()
    for field in fields:
        in_any_field |= Q(**{f"{field}__icontains": word})
    return in_any_field


def split_fields(model, fields):
    """`fields` as (the model's own columns, [(related model, its key to `model`, column), ...])."""
    own, related = [], []
    for field in fields:
        if "__" in field:
            name, column = field.split("__", 1)
            relation = model._meta.get_field(name)
            related.append((relation.related_model, relation.field.attname, column))
        else:
            own.append(field)
    return own, related


def word_matches(model, fields, word: str) -> Q:
    """`word` in any of `fields` (a field may go through a relation, e.g. name_variants__name)."""
    if len(word) < TRIGRAM or not has_search_index(model._meta.db_table):
        return contains(fields, word)
    matches = indexed_match(model, word)
    for related, key, column in split_fields(model, fields)[1]:
        rows = related.objects.filter(word_matches(related, [column], word))
        matches |= Q(pk__in=rows.values(key))
    return matches


def substring_rows(model, fields, word: str):
    """Keys of the rows with `word` in one of `fields`, as a subquery the trigram indexes serve."""
    own, through = split_fields(model, fields)
    rows = model.objects.filter(contains(own, word)).order_by().values("pk")
    for related, key, column in through:
        matching = related.objects.filter(contains([column], word))
        rows = rows.union(matching.order_by().values(key))
    return rows


def ranked(model, fields, query: str):
    """Matching rows, best first."""
    if connection.vendor != "postgresql":
        # Every word must occur in one of the fields, in any order.
        matching = Q()
        for word in query.split():
            matching &= word_matches(model, fields, word)
        ids = model.objects.filter(matching).values("pk")
        return model.objects.filter(pk__in=ids).annotate(rank=Value(0.0))
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField

    search = SearchQuery(query, search_type="websearch", config="english")
    # The weighted vector PostgreSQL stores for each row (sources migration 0006), read unqualified
    # so that it names the table of whichever query, outer or sub, it sits in.
    vector = RawSQL('"search_vector"', [], output_field=SearchVectorField())
    # As on SQLite, a row whose fields hold every word as substrings matches too.
    full_text = model.objects.annotate(document=vector).filter(document=search)
    substring = None
    for word in query.split():
        rows = substring_rows(model, fields, word)
        substring = rows if substring is None else substring.intersection(rows)
    matching = full_text.order_by().values("pk")
    if substring is not None:
        matching = matching.union(substring)
    # Only the matching rows are ranked, their fields weighted in order of importance.
    return (
        model.objects.filter(pk__in=matching)
        .annotate(rank=SearchRank(vector, search))
        .order_by("-rank", "pk")
    )


class LightCitations:
    """Citations with just what the page shows of them (text, source and link), sharing one
    Source per source: building model instances is most of what a citation costs here."""

    def __init__(self):
        self.sources = {}

    def __call__(self, source, title, short_title, passage, locator) -> Citation:
        if source not in self.sources:
            self.sources[source] = Source(slug=source, title=title, short_title=short_title)
        return Citation(source=self.sources[source], passage=passage, locator=locator)


def matching_passages(records, words: list[str], light_citation: LightCitations) -> dict:
    """{record: its first cited passage that mentions a searched word} for records of any models.

    One query for all of them, reading only the columns shown: a result needs one passage, and a
    record may cite dozens.
    """
    by_key = {}
    for model, rows in records:
        content_type = ContentType.objects.get_for_model(model).id
        by_key.update({(content_type, str(row.pk)): row for row in rows})
    found = {}
    if not by_key:
        return found
    citations = citations_among(by_key).values_list(
        "content_type_id",
        "object_id",
        "source_id",
        "source__title",
        "source__short_title",
        "passage",
        "locator",
    )
    for content_type, object_id, *shown in citations:
        record = by_key.get((content_type, object_id))
        if record is None or record in found:
            continue
        text = normalise(shown[3]).lower()
        if any(word in text for word in words):
            found[record] = light_citation(*shown)
    return found


@contextlib.contextmanager
def planned_from_indexes():
    """On PostgreSQL, plan search's queries from its indexes, never by reading every row.

    The planner prices to_tsvector() far below its cost: for 1,600 bodies it chose to compute the
    vector of each (85 ms) over reading the full-text index (about 1 ms).
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        yield


def words_of(query: str) -> list[str]:
    return [w.lower() for w in query.split() if len(w) > 1] or [query.lower()]


def passage_rows(words: list[str]):
    """Cited passages with every word, one row per passage, in source order."""
    in_passages = Q()
    for word in words:
        in_passages &= word_matches(CitedPassage, ["passage"], word)
    # The counted passages, not the citations: many records quote the same passage. A passage
    # quoted under two headings is one result, its source's titles aggregated with it.
    return (
        CitedPassage.objects.filter(in_passages)
        .order_by("source_id", "passage")
        .values_list("source_id", "passage")
        .annotate(
            title=Min("source__title"),
            short_title=Min("source__short_title"),
            locator=Min("locator"),
        )
    )


def passage_citation(row, light_citation: LightCitations) -> Citation:
    source, passage, title, short_title, locator = row
    return light_citation(source, title, short_title, passage, locator)


def with_passages(found, words: list[str], light_citation: LightCitations) -> list[dict]:
    """Groups for the page: each found (kind, label, model, rows) with each row's passage."""
    passages = matching_passages(
        [(model, rows) for _k, _l, model, rows in found], words, light_citation
    )
    return [
        {"kind": kind, "label": label, "results": [(row, passages.get(row)) for row in rows]}
        for kind, label, _model, rows in found
    ]


def run_search(query: str) -> list[dict]:
    """The overview: each kind's best OVERVIEW_PER_KIND, and whether it has more."""
    with planned_from_indexes():
        return overview(query)


def first_few(rows) -> tuple[list, bool]:
    """The first OVERVIEW_PER_KIND of `rows`, and whether there are more: one row more tells."""
    rows = list(rows[: OVERVIEW_PER_KIND + 1])
    return rows[:OVERVIEW_PER_KIND], len(rows) > OVERVIEW_PER_KIND


def overview(query: str) -> list[dict]:
    words = words_of(query)
    found, more = [], {}
    for kind, label, model, name, fields in SEARCHED:
        # Only what a result shows (its name and address) leaves the database.
        rows, more[kind] = first_few(ranked(model, fields, query).only(name))
        found.append((kind, label, model, rows))
    light_citation = LightCitations()
    groups = with_passages(found, words, light_citation)
    rows, more[PASSAGES] = first_few(passage_rows(words))
    shown = [passage_citation(row, light_citation) for row in rows]
    groups.append({"kind": PASSAGES, "label": PASSAGES_LABEL, "passages": shown})
    for group in groups:
        group["more"] = more[group["kind"]]
    return groups


def one_kind(request, query: str, kind: str):
    """(the page of `kind`'s results that ?page= asks for, its group for the page)."""
    words = words_of(query)
    light_citation = LightCitations()
    with planned_from_indexes():
        if kind == PASSAGES:
            page = page_of(request, passage_rows(words), RESULTS_PER_PAGE)
            shown = [passage_citation(row, light_citation) for row in page]
            return page, {"kind": kind, "label": PASSAGES_LABEL, "passages": shown}
        label, model, name, fields = next(rest for k, *rest in SEARCHED if k == kind)
        page = page_of(request, ranked(model, fields, query).only(name), RESULTS_PER_PAGE)
        [group] = with_passages([(kind, label, model, list(page))], words, light_citation)
        return page, group


@require_safe
def search(request):
    form = SearchForm(request.GET or None)
    context = {"form": form, "groups": [], "page_obj": None, "overview_per_kind": OVERVIEW_PER_KIND}
    if form.is_valid():
        query, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
        if kind:
            context["page_obj"], group = one_kind(request, query, kind)
            context["groups"] = [group]
        else:
            context["groups"] = run_search(query)
        context["found"] = any(g.get("results") or g.get("passages") for g in context["groups"])
    return render(request, "search.html", context)
