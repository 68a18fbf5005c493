from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KbConfig(AppConfig):
    name = "kb"
    verbose_name = _("知识库")
    # Run by ``manage.py load_demo`` (accounts), which finds it here instead of importing the app.
    demo_loader = "kb.demo.load"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import PageViewRestriction, Site
        from wagtail.signals import post_page_move

        from config.page_cache import invalidate_page_cache

        from . import workflow_messages  # noqa: F401 - confirms workflow approvals to the approver
        from .models import SynonymGroup
        from .search import checks  # noqa: F401 - registers kb.E001 (search index directory writable)
        from .search.freshness import page_saved_or_deleted, public_pages_changed

        # The search page is page-cached too, and a synonym changes what it finds without any page being published.
        for signal in (post_save, post_delete):
            signal.connect(invalidate_page_cache, sender=SynonymGroup, dispatch_uid=f"page_cache.synonyms.{signal}")
        # The search remembers each process's Site lookups and public pages until a Site, a view restriction or a
        # page changes (kb.search.freshness).
        for signal in (post_save, post_delete):
            for sender in (Site, PageViewRestriction):
                signal.connect(public_pages_changed, sender=sender, dispatch_uid=f"search.public.{sender}.{signal}")
            signal.connect(page_saved_or_deleted, dispatch_uid=f"search.public.page.{signal}")
        post_page_move.connect(public_pages_changed, dispatch_uid="search.public.page_moved")
