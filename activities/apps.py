from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("公益活动")
    # Run by ``manage.py load_demo`` (accounts), which finds it here instead of importing the app.
    demo_loader = "activities.demo.load"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (the daily reminder run and page publishing)
