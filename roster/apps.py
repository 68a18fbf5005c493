from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RosterConfig(AppConfig):
    name = "roster"
    verbose_name = _("志愿者名册")
    # Run by ``manage.py load_demo`` (accounts), which finds it here instead of importing the app.
    demo_loader = "roster.demo.load"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401  (registers the system check and the receivers)
