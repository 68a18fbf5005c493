"""StreamField blocks of the knowledge base: story bodies, risks, training links, law articles and FAQ pairs."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from .numerals import article_label

PARAGRAPH_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageBlock(label=_("图片"))
    caption = blocks.CharBlock(label=_("图注"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("图片")
        template = "kb/blocks/image_with_caption.html"
        description = _("一张图片及图注;图片中的人物须在知情同意书范围内。")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("引语"))
    attribution = blocks.CharBlock(label=_("说话人"), required=False, max_length=100)

    class Meta:
        icon = "openquote"
        label = _("引语")
        template = "kb/blocks/quote.html"
        description = _("一段引用的话,可注明说话人(如“一位患者家属”)。")
        preview_value = {"quote": "有你们陪着,看病不再手忙脚乱。", "attribution": "一位患者家属"}


class StoryBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("段落"),
        features=PARAGRAPH_FEATURES,
        icon="pilcrow",
        template="kb/blocks/paragraph.html",
        description=_("正文段落。"),
        preview_value="<p>周二上午,志愿者在门诊大厅帮助一位老人完成了自助挂号。</p>",
    )
    image = ImageWithCaptionBlock()
    quote = QuoteBlock()


class RiskBlock(blocks.StructBlock):
    risk = blocks.CharBlock(label=_("风险"), max_length=200)
    prevention = blocks.TextBlock(label=_("如何预防"))

    class Meta:
        icon = "warning"
        label = _("风险与预防")
        template = "kb/blocks/risk.html"
        description = _("岗位上可能出现的一项风险,以及预防和应对的做法。")
        preview_value = {"risk": "患者跌倒", "prevention": "陪同行走时站在患者身侧,地面湿滑时提醒并绕行。"}


class TrainingBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("培训名称"), max_length=200)
    page = blocks.PageChooserBlock(label=_("站内课程页面"), required=False)
    url = blocks.URLBlock(label=_("或外部链接"), required=False)
    note = blocks.CharBlock(label=_("说明"), required=False, max_length=200, help_text=_("如学时、是否必修。"))

    class Meta:
        icon = "doc-full"
        label = _("必修培训")
        template = "kb/blocks/training.html"
        description = _("上岗前必须完成的一项培训,可链接到课程。")
        preview_value = {"title": "志愿服务通识", "note": "必修,4 学时"}


class ArticleBlock(blocks.StructBlock):
    number = blocks.IntegerBlock(label=_("条号"), min_value=1, max_value=9999, help_text=_("阿拉伯数字,如 19。"))
    heading = blocks.CharBlock(label=_("条文主题"), required=False, max_length=100)
    text = blocks.TextBlock(label=_("条文(用本站自己的话概述)"))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["label"] = article_label(value["number"])
        return context

    class Meta:
        icon = "list-ol"
        label = _("条文")
        template = "kb/blocks/article.html"
        description = _("法规中的一条,页面上可用“#第十九条”这样的链接直接定位。")
        preview_value = {"number": 19, "heading": "志愿服务记录", "text": "志愿服务组织应当如实记录志愿者的服务情况。"}


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("问题"), max_length=200)
    answer = blocks.RichTextBlock(label=_("回答"), features=PARAGRAPH_FEATURES)
    anchor = blocks.CharBlock(
        label=_("链接锚点"),
        required=False,
        max_length=50,
        help_text=_("可选,例如 reimbursement;留空时按顺序自动编号(q1、q2……)。"),
    )

    class Meta:
        icon = "help"
        label = _("问答")
        template = "kb/blocks/question.html"
        description = _("一个问题和它的回答;每个回答都有自己的链接。")
        preview_value = {"question": "服务时长怎么记录?", "answer": "<p>每次服务后由带教社工在系统中确认。</p>"}
