"""Quizzes: which questions an attempt gets, and the rules the attempt is held to."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin
from wagtail.search import index


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("最高分")
    LAST = "last", _("最后一次")
    FIRST = "first", _("第一次")
    AVERAGE = "average", _("平均分")


class Layout(models.TextChoices):
    ONE_PER_PAGE = "one", _("每页一题")
    ALL_ON_ONE = "all", _("全部题目在一页")


class ReviewWhen(models.TextChoices):
    IMMEDIATELY = "immediately", _("交卷后立即")
    AFTER_CLOSE = "after_close", _("测验关闭后")
    NEVER = "never", _("从不(考试模式)")


class Quiz(DraftStateMixin, RevisionMixin, index.Indexed, ClusterableModel):
    """A quiz. Drafts are invisible to learners until published; attempts copy the questions they get."""

    title = models.CharField(_("标题"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    shuffle_questions = models.BooleanField(_("随机题序"), default=False)
    shuffle_choices = models.BooleanField(_("随机选项顺序"), default=True)
    time_limit_minutes = models.PositiveIntegerField(
        _("限时(分钟)"), null=True, blank=True, help_text=_("留空表示不限时;到时以截止时已保存的答案评分。")
    )
    max_attempts = models.PositiveIntegerField(
        _("最多作答次数"), null=True, blank=True, help_text=_("留空表示不限;1 表示只能作答一次。")
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("及格线(%)"), default=60, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    grading_method = models.CharField(
        _("多次作答取分"), max_length=16, choices=GradingMethod.choices, default=GradingMethod.HIGHEST
    )
    layout = models.CharField(_("答题页面"), max_length=8, choices=Layout.choices, default=Layout.ALL_ON_ONE)
    exam_mode = models.BooleanField(
        _("考试模式"), default=False, help_text=_("考试模式下交卷后只显示总分与是否通过,不显示逐题回顾。")
    )
    feedback_each_question = models.BooleanField(
        _("每题作答后即可核对"),
        default=False,
        help_text=_("开启后学员可逐题点击“核对答案”立即看到对错与解析,核对后该题不能再改;考试模式下无效。"),
    )
    review_when = models.CharField(
        _("何时可回顾"), max_length=16, choices=ReviewWhen.choices, default=ReviewWhen.IMMEDIATELY
    )
    review_correctness = models.BooleanField(_("回顾时显示对错"), default=True)
    review_answers = models.BooleanField(_("回顾时显示正确答案"), default=True)
    review_explanations = models.BooleanField(_("回顾时显示解析"), default=True)
    open_at = models.DateTimeField(_("开放时间"), null=True, blank=True)
    close_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    success_text = models.TextField(_("通过时显示"), blank=True, default="恭喜你通过了本次测验!")
    fail_text = models.TextField(_("未通过时显示"), blank=True, default="这次没有通过,复习后可以再试一次。")
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="quiz")

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        InlinePanel("fixed_questions", label=_("固定题目")),
        InlinePanel("rules", label=_("随机抽题规则")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices")]),
                FieldRowPanel([FieldPanel("time_limit_minutes"), FieldPanel("max_attempts")]),
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("grading_method")]),
                FieldPanel("layout"),
                FieldRowPanel([FieldPanel("open_at"), FieldPanel("close_at")]),
            ],
            heading=_("作答规则"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("exam_mode"),
                FieldPanel("feedback_each_question"),
                FieldPanel("review_when"),
                FieldRowPanel(
                    [FieldPanel("review_correctness"), FieldPanel("review_answers"), FieldPanel("review_explanations")]
                ),
            ],
            heading=_("回顾设置"),
        ),
        MultiFieldPanel([FieldPanel("success_text"), FieldPanel("fail_text")], heading=_("结果提示")),
    ]
    search_fields = [index.SearchField("title")]

    class Meta:
        verbose_name = _("测验")
        verbose_name_plural = _("测验")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def revisions(self):
        return self._revisions


class QuizQuestion(Orderable):
    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="fixed_questions")
    question = models.ForeignKey("courses.Question", verbose_name=_("题目"), on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("question")]

    class Meta(Orderable.Meta):
        verbose_name = _("固定题目")
        verbose_name_plural = _("固定题目")

    def __str__(self) -> str:
        return str(self.question)


class QuizRule(Orderable):
    """Draw ``count`` random questions from a category (and its subcategories), optionally with one tag."""

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="rules")
    category = models.ForeignKey("courses.Category", verbose_name=_("分类"), on_delete=models.PROTECT, related_name="+")
    tag = models.CharField(_("标签"), max_length=100, blank=True)
    count = models.PositiveSmallIntegerField(_("抽取题数"), default=5, validators=[MinValueValidator(1)])

    panels = [FieldRowPanel([FieldPanel("category"), FieldPanel("tag"), FieldPanel("count")])]

    class Meta(Orderable.Meta):
        verbose_name = _("抽题规则")
        verbose_name_plural = _("抽题规则")

    def __str__(self) -> str:
        return f"{self.category} × {self.count}"
