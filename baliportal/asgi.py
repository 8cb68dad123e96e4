"""ASGI entry point of the Bali Process portal."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baliportal.settings")
application = get_asgi_application()
