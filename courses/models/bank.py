"""The question bank: categories as a tree and questions (Wagtail snippets with revisions)."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, RevisionMixin
from wagtail.search import index

from ..forms import QuestionAdminForm


class Category(models.Model):
    """A topic of the bank (工作职责, 风险预防 …); categories nest, and quiz rules draw from a whole subtree."""

    name = models.CharField(_("名称"), max_length=100)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级分类"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(_("说明"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("parent"), FieldPanel("description")]

    class Meta:
        verbose_name = _("题目分类")
        verbose_name_plural = _("题目分类")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="courses_category_unique_name")]

    def __str__(self) -> str:
        return " / ".join(c.name for c in self.ancestors_and_self())

    def ancestors_and_self(self) -> list[Category]:
        chain: list[Category] = []
        node: Category | None = self
        while node is not None and node not in chain:
            chain.insert(0, node)
            node = node.parent
        return chain

    def descendant_ids(self) -> list[int]:
        """This category's id and all ids below it (the tree is small, so a breadth-first walk is enough)."""
        ids, frontier = [self.pk], [self.pk]
        while frontier:
            frontier = list(Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            frontier = [pk for pk in frontier if pk not in ids]
            ids.extend(frontier)
        return ids

    def clean(self) -> None:
        node = self.parent
        while node is not None:
            if node.pk == self.pk:
                raise ValidationError({"parent": _("上级分类不能是它自己或它的下级。")})
            node = node.parent


class QuestionTag(TaggedItemBase):
    content_object = ParentalKey("courses.Question", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = _("题目标签")
        verbose_name_plural = _("题目标签")


class QuestionType(models.TextChoices):
    SINGLE = "single", _("单选题")
    MULTIPLE = "multiple", _("多选题")
    TRUE_FALSE = "truefalse", _("判断题")
    SHORT = "short", _("填空/简答题(自动评分)")
    NUMERIC = "numeric", _("数值题")
    MATCHING = "matching", _("配对题")
    ESSAY = "essay", _("论述题(人工评分)")


class TextFormat(models.TextChoices):
    PLAIN = "plain", _("纯文本")
    HTML = "html", _("HTML(显示前会清理)")


class Difficulty(models.IntegerChoices):
    EASY = 1, _("容易")
    MEDIUM = 2, _("中等")
    HARD = 3, _("较难")


class Question(RevisionMixin, index.Indexed, ClusterableModel):
    """One question of the bank. Its grading data is copied into each attempt when the attempt starts."""

    category = models.ForeignKey(Category, verbose_name=_("分类"), on_delete=models.PROTECT, related_name="questions")
    qtype = models.CharField(_("题型"), max_length=16, choices=QuestionType.choices, default=QuestionType.SINGLE)
    title = models.CharField(_("简称"), max_length=200, blank=True, help_text=_("管理列表中显示;留空则取题干开头。"))
    text = models.TextField(_("题干"))
    text_format = models.CharField(
        _("题干格式"),
        max_length=8,
        choices=TextFormat.choices,
        default=TextFormat.PLAIN,
        help_text=_("导入的 [markdown]/[html] 题干存为 HTML,显示前只保留安全的标签。"),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("配图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    points = models.DecimalField(_("分值"), max_digits=5, decimal_places=2, default=1)
    partial_credit = models.BooleanField(
        _("多选题按比例给分"),
        default=False,
        help_text=_("不勾选则全对才得分;勾选则每选对一项得相应分数,选错扣分,最低 0 分。"),
    )
    true_false_answer = models.BooleanField(_("判断题答案"), null=True, blank=True)
    true_feedback = models.TextField(_("答“正确”时的反馈"), blank=True)
    false_feedback = models.TextField(_("答“错误”时的反馈"), blank=True)
    accepted_answers = models.TextField(
        _("可接受的答案"),
        blank=True,
        help_text=_(
            "填空/简答题每行一个答案;评分时忽略全角半角、空格和大小写的差别。"
            "部分得分写在前面,如“%50%复述”;答案的反馈写在 # 之后,如“复述#只复述还不够”。"
        ),
    )
    numeric_answers = models.TextField(
        _("数值题答案"),
        blank=True,
        help_text=_("每行一个答案:“80:20”表示 80±20,“60..100”表示 60 到 100,“%50%1:0”表示 1 得一半分,# 之后写反馈。"),
    )
    explanation = models.TextField(_("解析"), blank=True, help_text=_("按回顾设置在交卷后显示。"))
    difficulty = models.PositiveSmallIntegerField(_("难度"), choices=Difficulty.choices, default=Difficulty.MEDIUM)
    tags = ClusterTaggableManager(verbose_name=_("标签"), through=QuestionTag, blank=True)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="question")

    panels = [
        FieldRowPanel([FieldPanel("category"), FieldPanel("qtype"), FieldPanel("difficulty")]),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("image"),
        FieldRowPanel([FieldPanel("points"), FieldPanel("partial_credit")]),
        FieldPanel("text_format"),
        InlinePanel("choices", label=_("选项(单选/多选题;配对题每行一对)")),
        FieldRowPanel([FieldPanel("true_false_answer"), FieldPanel("true_feedback"), FieldPanel("false_feedback")]),
        FieldPanel("accepted_answers"),
        FieldPanel("numeric_answers"),
        MultiFieldPanel([FieldPanel("explanation"), FieldPanel("tags")], heading=_("解析与标签")),
    ]
    search_fields = [index.SearchField("text"), index.SearchField("title"), index.FilterField("category")]
    base_form_class = QuestionAdminForm

    class Meta:
        verbose_name = _("题目")
        verbose_name_plural = _("题库")
        ordering = ["category", "pk"]

    def __str__(self) -> str:
        return self.title or (self.text[:40] + ("…" if len(self.text) > 40 else ""))

    def accepted_answer_list(self) -> list[str]:
        """The answer texts (weights and feedback written on the same lines are left out)."""
        from ..questions import parse_answer_line

        return [parse_answer_line(line).text for line in self.accepted_answers.splitlines() if line.strip()]

    @property
    def revisions(self):
        return self._revisions


class Choice(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("选项内容"), max_length=500)
    is_correct = models.BooleanField(_("正确选项"), default=False)
    fraction = models.DecimalField(
        _("得分比例(%)"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text=_("留空:正确选项 100%,其他 0%。单选题可给某个选项一半分(50)。"),
    )
    feedback = models.TextField(_("选择此项时的反馈"), blank=True)
    match_text = models.CharField(
        _("配对答案"), max_length=500, blank=True, help_text=_("配对题:与左边的内容配对的答案。")
    )

    panels = [
        FieldRowPanel([FieldPanel("text"), FieldPanel("is_correct"), FieldPanel("fraction")]),
        FieldRowPanel([FieldPanel("match_text"), FieldPanel("feedback")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("选项")
        verbose_name_plural = _("选项")

    def __str__(self) -> str:
        return self.text
