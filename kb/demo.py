"""Demo content of the knowledge base, loaded by ``manage.py load_demo``; safe to run twice."""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Page, Site

from .models import HomePage
from .search.demo import load_synonyms

HOME_INTRO = (
    "<p>“双工联动”是医务社工与志愿者携手服务患者的工作模式:医务社工负责专业评估、个案服务和志愿者的培训督导,"
    "志愿者在社工的带领下提供导医陪诊、心理陪伴、康复训练协助等服务。</p>"
    "<p>双工学苑汇集岗位指南、法律法规、常见问题和先进事迹,并为新志愿者提供为期一个月的岗前培训与结业证书。</p>"
)


@transaction.atomic
def load() -> HomePage:
    """Make a HomePage the root of the default site, replacing Wagtail's placeholder "Welcome" page."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        placeholders = root.get_children().filter(content_type__app_label="wagtailcore", content_type__model="page")
        for placeholder in placeholders:
            Site.objects.filter(root_page=placeholder).delete()
            placeholder.delete()
        home = root.add_child(
            instance=HomePage(
                title="双工学苑",
                slug="home",
                intro=HOME_INTRO,
                recruitment_call="加入我们,成为医院里温暖的一束光。",
            )
        )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "双工学苑"},
    )
    load_synonyms()
    return home
