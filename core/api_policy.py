"""API policy named in settings: pagination and who may write.

Kept apart from core/api.py because DRF imports these while its own views module is loading.
"""

from rest_framework import pagination, permissions


class Pagination(pagination.PageNumberPagination):
    """50 rows a page by default; `page_size` may ask for up to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ReadOnlyUnlessEditor(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """Anyone may read; writing needs a staff account with the model's add/change/delete permission."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_staff) and super().has_permission(
            request, view
        )
