"""`python -m intake <command>`: Django's manage.py for the back office (migrate, createsuperuser, seed_sample,
runserver…), with its settings."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intake.settings")
    from django.core.management import execute_from_command_line

    from intake import environment

    environment.make_state_dir()

    execute_from_command_line([sys.argv[0].replace("__main__.py", "intake"), *sys.argv[1:]])


if __name__ == "__main__":
    main()
