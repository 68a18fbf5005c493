from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KbConfig(AppConfig):
    name = "kb"
    verbose_name = _("知识库")
    # Run by ``manage.py load_demo`` (accounts), which finds it here instead of importing the app.
    demo_loader = "kb.demo.load"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import workflow_messages  # noqa: F401 - confirms workflow approvals to the approver
        from .search import checks  # noqa: F401 - registers kb.E001 (search index directory writable)
