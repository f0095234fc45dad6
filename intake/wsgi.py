"""The WSGI application gunicorn serves in production."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

from intake import environment

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intake.settings")
environment.make_state_dir()
application = get_wsgi_application()
