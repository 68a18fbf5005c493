"""How a blocked publication is told to the editor, the same way from every admin path."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _


def blocked_message(title: str, problems: list[str]) -> SafeString:
    """「《标题》未发布,请先处理:」followed by one list item per problem (what was found and where)."""
    return format_html(
        "{}<ul>{}</ul>",
        _("《%(title)s》未发布(草稿已保存),请先处理:") % {"title": title},
        format_html_join("", "<li>{}</li>", ((problem,) for problem in problems)),
    )
