from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("证书")
    # Run by ``manage.py load_demo`` (accounts), which finds it here instead of importing the app.
    demo_loader = "certificates.demo.load"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from courses.signals import course_completed, quiz_passed

        from . import checks, receivers  # noqa: F401  (checks register themselves)

        course_completed.connect(receivers.course_completed, dispatch_uid="certificates.course_completed")
        quiz_passed.connect(receivers.quiz_passed, dispatch_uid="certificates.quiz_passed")
