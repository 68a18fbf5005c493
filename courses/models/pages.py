"""Course pages in the Wagtail tree: /courses/ → a course → its lessons (in tree order)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from kb.models import PublicationCheckedMixin

from ..blocks import LessonStreamBlock
from ..page_forms import CoursePageForm


class Audience(models.TextChoices):
    VOLUNTEER = "volunteer", _("志愿者")
    SOCIAL_WORKER = "social_worker", _("医务社工")


class CourseIndexPage(PublicationCheckedMixin, Page):
    """The catalogue of courses at /courses/."""

    intro = RichTextField(_("简介"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["kb.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("课程目录")
        verbose_name_plural = _("课程目录")

    def get_context(self, request, *args, **kwargs):
        from ..progress import course_cards

        context = super().get_context(request, *args, **kwargs)
        courses = CoursePage.objects.child_of(self).live().public().specific().order_by("path")
        context["course_cards"] = course_cards(request.user, list(courses))
        return context


class CoursePage(PublicationCheckedMixin, Page):
    """A course: who it is for, what it prepares for, and its lessons (the child pages, in order)."""

    audience = models.CharField(_("面向对象"), max_length=20, choices=Audience.choices, default=Audience.VOLUNTEER)
    summary = models.CharField(_("一句话简介"), max_length=250, blank=True)
    objectives = RichTextField(_("学习目标"), blank=True, features=["bold", "ol", "ul", "link"])
    hours = models.DecimalField(_("学时"), max_digits=4, decimal_places=1, default=1)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("封面图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    role_guides = ParentalManyToManyField(
        "wagtailcore.Page", verbose_name=_("对应的岗位指南"), blank=True, related_name="+"
    )
    prerequisites = ParentalManyToManyField(
        "courses.CoursePage", verbose_name=_("先修课程"), blank=True, related_name="+"
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("audience"), FieldPanel("hours")]),
        FieldPanel("cover_image"),
        FieldPanel("objectives"),
        MultiFieldPanel(
            [FieldPanel("role_guides", heading=_("岗位指南")), FieldPanel("prerequisites")], heading=_("关联")
        ),
    ]
    base_form_class = CoursePageForm
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("objectives")]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("课程")
        verbose_name_plural = _("课程")

    def lessons(self):
        return LessonPage.objects.child_of(self).live().specific().order_by("path")

    def get_context(self, request, *args, **kwargs):
        from ..progress import course_progress

        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = list(self.lessons())
        context["progress"] = course_progress(request.user, self)
        return context


class LessonPage(PublicationCheckedMixin, Page):
    """A lesson: StreamField content and, optionally, a quiz at the end."""

    summary = models.CharField(_("一句话简介"), max_length=250, blank=True)
    minutes = models.PositiveSmallIntegerField(_("预计用时(分钟)"), default=20)
    body = StreamField(LessonStreamBlock(), verbose_name=_("正文"), blank=True)
    quiz = models.ForeignKey(
        "courses.Quiz",
        verbose_name=_("课后测验"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lessons",
    )
    quiz_required = models.BooleanField(_("测验必须通过才算完成课程"), default=True)

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("summary"), FieldPanel("minutes")]),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("quiz"), FieldPanel("quiz_required")], heading=_("测验")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("课时")
        verbose_name_plural = _("课时")

    @property
    def course(self) -> CoursePage:
        return self.get_parent().specific

    def get_context(self, request, *args, **kwargs):
        from ..progress import lesson_state

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_state(request.user, self))
        return context
