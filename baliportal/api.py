"""API conventions shared by every resource: pagination and who may write."""

from rest_framework import pagination, permissions


class Pagination(pagination.PageNumberPagination):
    """50 rows a page by default; `page_size` may ask for up to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ReadOnlyUnlessStaff(permissions.BasePermission):
    """Anyone may read; only staff may write."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_staff)
