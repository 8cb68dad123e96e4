"""The OpenAPI schema, generated once per knowledge version: it takes 0.4 s, and no reader changes it."""

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView

from sources.models import KnowledgeVersion


class OncePerVersionGenerator(SchemaGenerator):
    def get_schema(self, request=None, public=False):
        # The same for every reader and format (JSON and YAML render this one document); only the
        # language its descriptions are written in can differ.
        key = ":".join(
            [
                "api-schema",
                str(KnowledgeVersion.current()),
                str(self.api_version),
                str(public),
                translation.get_language() or "",
            ]
        )
        schema = cache.get(key)
        if schema is None:
            schema = super().get_schema(request=request, public=public)
            cache.set(key, schema, settings.PAGE_CACHE_SECONDS)
        return schema


class SchemaView(SpectacularAPIView):
    generator_class = OncePerVersionGenerator
