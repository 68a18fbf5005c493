"""``{% constant %}…{% endconstant %}``: markup of the shell every page shares that is the same for every visitor.

The header's and footer's labels, the navigation and the stylesheet links are some thirty translated strings and
static URLs, looked up again on every page rendered, though in one language they never change while the process
runs: about a third of what an uncached public page spends on its template (benchmarks/README.md, "Issue 17, part
14"). The block is rendered once per language and process, then repeated.

Only what cannot differ between two visitors may be inside: text, ``{% translate "literal" %}``, ``{% static
"literal" %}``, ``{% url "name" %}`` with literal arguments, comments, and ``{% include "literal" %}`` of a template
made of the same. Anything else (a variable, ``{% if %}``, a tag that reads the request or the user) is refused when
the template is loaded (what an included template holds, when the block is first rendered), so a visitor's name or
a private address can never be kept and shown to the next one. Templates are compiled again when they change
(Django's cached loader is reset by the development server's autoreloader), and the rendered copies go with them.
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, Node, NodeList, TextNode, Variable
from django.template.defaulttags import CommentNode, LoadNode, URLNode
from django.template.loader_tags import IncludeNode
from django.templatetags.i18n import TranslateNode
from django.templatetags.static import StaticNode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()


def _literal(expression: FilterExpression | None) -> bool:
    """A quoted string without filters: the same whatever the context."""
    if expression is None:
        return True
    if expression.filters:
        return False
    value = expression.var
    return isinstance(value, str) or (isinstance(value, Variable) and value.literal is not None)


def _refusal(node: Node) -> str | None:
    """Why ``node`` may differ between visitors (``None`` when it cannot). An included template is checked by
    :meth:`ConstantNode.render`, which knows the engine to load it from."""
    if isinstance(node, TextNode | CommentNode | LoadNode):
        return None
    if isinstance(node, TranslateNode):
        constant = _literal(node.filter_expression) and _literal(node.message_context) and not node.asvar
        return None if constant else "{% translate %} of a variable or with “as”"
    if isinstance(node, StaticNode):
        return None if _literal(node.path) and node.varname is None else "{% static %} of a variable or with “as”"
    if isinstance(node, URLNode):
        arguments = [node.view_name, *node.args, *node.kwargs.values()]
        constant = all(_literal(argument) for argument in arguments) and not node.asvar
        return None if constant else "{% url %} with a variable or with “as”"
    if isinstance(node, IncludeNode):
        return None if _literal(node.template) and not node.extra_context else "{% include %} of a variable or “with”"
    return f"{type(node).__name__} (it may read the request, the user or the page)"


def _first_refusal(nodelist: NodeList | list[Node], engine: template.Engine | None = None) -> str | None:
    """The first reason found in ``nodelist``, and with an ``engine``, in the templates it includes."""
    for node in nodelist:
        reason = _refusal(node)
        if reason is None and engine is not None and isinstance(node, IncludeNode):
            reason = _first_refusal(engine.get_template(node.template.var).nodelist, engine)
        if reason is not None:
            return reason
    return None


def _refused(reason: str) -> template.TemplateSyntaxError:
    return template.TemplateSyntaxError(
        f"{{% constant %}} holds what may differ between visitors: {reason}. Move it out of the block."
    )


class ConstantNode(Node):
    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist
        self.rendered: dict[str | None, SafeString] = {}  # language → the block as rendered in it

    def render(self, context: template.Context) -> SafeString:
        language = get_language()
        try:
            return self.rendered[language]
        except KeyError:
            pass
        if not self.rendered:  # the first time: what it includes must be constant too
            reason = _first_refusal(self.nodelist, context.template.engine)
            if reason is not None:
                raise _refused(reason)
        # Two threads may both render it the first time: the same text, and the dict keeps one.
        text = self.rendered[language] = mark_safe(self.nodelist.render(context))  # noqa: S308 — rendered markup
        return text


@register.tag
def constant(parser: template.base.Parser, token: template.base.Token) -> ConstantNode:
    """``{% constant %}…{% endconstant %}``: see the module's docstring."""
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("{% constant %} takes no arguments")
    nodelist = parser.parse(("endconstant",))
    parser.delete_first_token()
    reason = _first_refusal(nodelist)
    if reason is not None:
        raise _refused(reason)
    return ConstantNode(nodelist)
