from __future__ import annotations

from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "报送与审核"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from intake import audit

        audit.connect_signals()
