"""The course editor: 岗位指南 offers role guides only; 先修课程 never offers or accepts the course itself."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from courses.models import CoursePage
from tests.kb.builders import guide, law


def course_form(course: CoursePage, data=None):
    form_class = CoursePage.get_edit_handler().get_form_class()
    return form_class(data, instance=course, parent_page=course.get_parent(), for_user=None)


def test_role_guide_field_lists_only_role_guides_as_checkboxes(client, social_worker, home_page, course):
    home_page.add_child(instance=guide(title="导医陪诊岗位"))
    home_page.add_child(instance=law(title="志愿服务条例"))
    client.force_login(social_worker)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).content.decode()
    start = html.index('name="role_guides"')
    guides_field = html[start : html.index("先修课程", start)]
    assert 'type="checkbox" name="role_guides"' in html
    assert "导医陪诊岗位" in guides_field
    assert "志愿服务条例" not in guides_field
    assert "培训课程" not in guides_field
    assert "只列出岗位指南页面" in html
    assert "还没有其他课程可选作先修课程" in html


def test_prerequisites_never_offer_the_course_itself(course):
    other = course.get_parent().add_child(instance=CoursePage(title="沟通技巧", slug="talk", hours=Decimal("1")))
    offered = [str(label) for _value, label in course_form(course).fields["prerequisites"].widget.choices]
    assert other.title in offered
    assert course.title not in offered


def test_a_course_posted_as_its_own_prerequisite_is_refused_in_chinese(course):
    form = course_form(course)
    form.cleaned_data = {"prerequisites": CoursePage.objects.filter(pk=course.pk)}
    with pytest.raises(ValidationError, match="不能把自己设为先修课程"):
        form.clean_prerequisites()
