from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "onboarding"
    verbose_name = _("岗前培训")
    # Run by ``manage.py load_demo`` (accounts), which finds it here instead of importing the app.
    demo_loader = "onboarding.demo.load"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from roster.training import register_training_source

        from . import receivers  # noqa: F401 - connects the courses signals
        from .training import sessions_attended

        register_training_source("onboarding_sessions", sessions_attended)
