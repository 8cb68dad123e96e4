"""Pages of a long list for the function views, as Django's list views page theirs."""

from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404


def page_of(request, object_list, per_page: int) -> Page:
    """The page `?page=N` asks for (the first by default, `last` allowed); any other is a 404."""
    paginator = Paginator(object_list, per_page)
    number = request.GET.get("page") or 1
    if number == "last":
        number = paginator.num_pages
    try:
        return paginator.page(number)
    except InvalidPage:
        raise Http404("There is no such page of this list.") from None
