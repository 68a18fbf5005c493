"""``{% constant %}``: the shell's fixed markup is rendered once per language, and nothing a visitor could differ in
can be put inside it."""

import pytest
from django.template import Context, Engine, TemplateSyntaxError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from accounts.templatetags.shell import ConstantNode


def engine(**templates: str) -> Engine:
    """A throw-away engine whose templates are the given strings (``{% include %}`` finds them by name)."""
    return Engine(
        loaders=[("django.template.loaders.locmem.Loader", templates)],
        libraries={"shell": "accounts.templatetags.shell", "i18n": "django.templatetags.i18n"},
        builtins=["django.templatetags.i18n", "django.templatetags.static"],
    )


def test_each_language_gets_its_own_copy():
    template = engine().from_string('{% load shell %}{% constant %}<a>{% translate "登录" %}</a>{% endconstant %}')
    with translation.override("zh-hans"):
        assert template.render(Context()) == "<a>登录</a>"
    with translation.override("en"):
        assert template.render(Context()) == "<a>Log in</a>"
    with translation.override("zh-hans"):
        assert template.render(Context()) == "<a>登录</a>"


def test_the_block_is_rendered_once_then_repeated():
    template = engine().from_string('{% load shell %}{% constant %}<a>{% translate "登录" %}</a>{% endconstant %}')
    with translation.override("zh-hans"):
        template.render(Context())
        [node] = [node for node in template.nodelist if isinstance(node, ConstantNode)]
        node.nodelist = []  # were it rendered again, it would now be empty
        assert template.render(Context()) == "<a>登录</a>"


@pytest.mark.parametrize(
    "inside",
    [
        "{{ user.username }}",
        "{% if user.is_authenticated %}我的{% endif %}",
        "{% translate greeting %}",
        '{% translate "登录" as label %}',
        "{% url 'accounts:me' pk %}",
        "{% static path %}",
        '{% include "plain.html" with name="x" %}',
        "{% include name %}",
        "{% csrf_token %}",
    ],
)
def test_what_may_differ_between_visitors_is_refused_when_the_template_is_loaded(inside):
    templates = engine(**{"with_a_variable.html": "<p>{{ request.path }}</p>", "plain.html": "<p>x</p>"})
    with pytest.raises(TemplateSyntaxError, match="may differ between visitors"):
        templates.from_string(f"{{% load shell %}}{{% constant %}}{inside}{{% endconstant %}}")


def test_an_included_template_with_a_variable_is_refused_before_anything_is_kept():
    templates = engine(**{"with_a_variable.html": "<p>{{ request.path }}</p>"})
    template = templates.from_string(
        '{% load shell %}{% constant %}{% include "with_a_variable.html" %}{% endconstant %}'
    )
    for _ in range(2):
        with pytest.raises(TemplateSyntaxError, match="may differ between visitors"):
            template.render(Context({"request": RequestFactory().get("/private/")}))


def test_text_translations_static_urls_and_constant_includes_are_allowed():
    templates = engine(**{"items.html": '{% load i18n %}<li>{% translate "搜索" %}</li>'})
    template = templates.from_string(
        "{% load shell %}{% constant %}{# a comment #}<link href=\"{% static 'css/site.css' %}\">"
        "{% url 'search:search' %}{% include \"items.html\" %}{% endconstant %}"
    )
    with translation.override("zh-hans"):
        html = template.render(Context())
    assert html.startswith('<link href="/static/css/site.css')
    assert "/search/" in html
    assert html.endswith("<li>搜索</li>")


def test_the_shell_rendered_again_is_the_same_and_keeps_what_differs():
    """Rendered twice (the second time from the kept copies), the shell is the same; and the signed-in and the
    anonymous header still differ where they should, in either order."""
    request = RequestFactory().get("/search/?q=x")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    with translation.override("zh-hans"):
        first = render_to_string("base.html", {}, request)
        assert render_to_string("base.html", {}, request) == first
    assert "登录" in first and "退出" not in first and "跳到正文" in first
    assert "?next=/search/%3Fq%3Dx" in first  # the language switch keeps the visitor's own address
    with translation.override("en"):
        english = render_to_string("base.html", {}, request)
    assert "Skip to content" in english and "跳到正文" not in english


@pytest.mark.django_db
def test_a_signed_in_visitor_never_gets_the_anonymous_header_or_the_other_way_round(client, volunteer, home_page):
    assert "登录" in client.get("/").content.decode()
    client.force_login(volunteer)
    html = client.get("/").content.decode()
    assert "退出" in html and 'href="/accounts/login/"' not in html
    client.logout()
    html = client.get("/").content.decode()
    assert 'href="/accounts/login/"' in html and "退出" not in html
