import getpass
import os

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from knowledge.editors import EDITORS_GROUP, make_editor


class Command(BaseCommand):
    help = (
        f"Create (or promote) an editor: a staff account in the {EDITORS_GROUP} group, which may change "
        "the knowledge base in the admin and through the API, but not administer users."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-from-env",
            metavar="VARIABLE",
            help="Read the password from this environment variable instead of asking.",
        )
        parser.add_argument(
            "--token", action="store_true", help="Print an API token for the editor."
        )

    def handle(self, *args, username, email, password_from_env, token, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            if password_from_env:
                password = os.environ.get(password_from_env, "")
                if not password:
                    raise CommandError(
                        f"The environment variable {password_from_env} is empty or not set."
                    )
            else:
                password = getpass.getpass("Password: ")
            try:
                password_validation.validate_password(
                    password, User(username=username, email=email)
                )
            except ValidationError as error:
                raise CommandError(
                    "The password is too weak: " + " ".join(error.messages)
                ) from error
            user = User.objects.create_user(username=username, email=email, password=password)
            self.stdout.write(f"Created editor {username}.")
        elif user.is_superuser:
            raise CommandError(
                f"{username} is a superuser; an editor account must be a separate user."
            )
        else:
            self.stdout.write(f"{username} exists; made an editor.")
        make_editor(user)
        if token:
            from rest_framework.authtoken.models import Token

            key, _ = Token.objects.get_or_create(user=user)
            self.stdout.write(f"API token: {key.key}")
