"""WSGI entry point of the Bali Process portal."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baliportal.settings")
application = get_wsgi_application()
