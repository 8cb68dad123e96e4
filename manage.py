#!/usr/bin/env python
"""Django's command-line utility for the Bali Process portal."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baliportal.settings")
    # Management commands default to development mode, so a newcomer's `manage.py shell` just works.
    # Serving goes through baliportal/wsgi.py, which keeps the safe default (debug off, and no start
    # without a strong secret key); production sets DJANGO_DEBUG=0 for its commands too.
    os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
