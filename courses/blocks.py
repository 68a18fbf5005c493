"""StreamField blocks of lesson pages: what social workers put into a lesson."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class CalloutBlock(blocks.StructBlock):
    """注意事项: the rules a volunteer must not miss, set apart from the text."""

    title = blocks.CharBlock(label=_("标题"), default="注意事项")
    body = blocks.RichTextBlock(label=_("内容"), features=["bold", "italic", "ol", "ul", "link"])

    class Meta:
        icon = "warning"
        label = _("注意事项")
        template = "courses/blocks/callout.html"
        description = _("醒目的提示框,列出必须遵守的要点")
        preview_value = {"title": "注意事项", "body": "<p>进入病房前先敲门并做手卫生。</p>"}


class CaseStudyBlock(blocks.StructBlock):
    """A short case from practice, with questions for reflection and the social worker's commentary."""

    title = blocks.CharBlock(label=_("案例标题"))
    situation = blocks.RichTextBlock(label=_("情境"))
    questions = blocks.RichTextBlock(label=_("思考题"), required=False)
    commentary = blocks.RichTextBlock(label=_("社工点评"), required=False)

    class Meta:
        icon = "group"
        label = _("案例分析")
        template = "courses/blocks/case_study.html"
        description = _("来自实际服务的案例、思考题与点评")
        preview_value = {"title": "陪诊中的突发情况", "situation": "<p>一位老人在候诊时感到头晕……</p>"}


class VideoBlock(blocks.StructBlock):
    """A video file uploaded to the document library, played by the browser's own player."""

    video = DocumentChooserBlock(label=_("视频文件"), help_text=_("上传 MP4 格式的视频"))
    caption = blocks.CharBlock(label=_("说明"), required=False)

    class Meta:
        icon = "media"
        label = _("上传视频")
        template = "courses/blocks/video.html"
        description = _("播放上传到文档库的 MP4 视频")


class KnowledgeLinkBlock(blocks.StructBlock):
    """A link to a knowledge-base page (role guide, law, FAQ) for further reading."""

    page = blocks.PageChooserBlock(label=_("知识库页面"))
    note = blocks.CharBlock(label=_("推荐理由"), required=False)

    class Meta:
        icon = "link"
        label = _("知识库链接")
        template = "courses/blocks/knowledge_link.html"
        description = _("链接到知识库中的岗位指南、法规或问答")


class LessonStreamBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("正文"), icon="pilcrow")
    image = ImageBlock(label=_("图片"))
    video = VideoBlock()
    embed = EmbedBlock(label=_("嵌入视频"), icon="media")
    document = DocumentChooserBlock(label=_("文档下载"), icon="doc-full", template="courses/blocks/document.html")
    callout = CalloutBlock()
    case_study = CaseStudyBlock()
    knowledge_link = KnowledgeLinkBlock()
