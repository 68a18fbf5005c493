from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def test_default_language_is_simplified_chinese():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"


def test_home_page_is_served_in_chinese_by_default(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-Hans"' in html
    assert "跳到正文" in html
    assert "证书查验" in html


def test_an_english_browser_still_gets_chinese_until_the_visitor_switches(client, home_page):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="zh-Hans"' in response.content.decode()


def test_visitor_can_switch_to_english_and_back(client, home_page):
    response = client.get("/accounts/language/en/?next=/", follow=True)
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Verify a certificate" in html
    response = client.get("/accounts/language/zh-hans/?next=/", follow=True)
    assert "证书查验" in response.content.decode()


def test_admin_is_in_chinese_for_a_social_worker(client, social_worker, home_page):
    client.force_login(social_worker)
    response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans"' in html
    assert "控制面板" in html


def test_language_switch_refuses_unknown_languages_and_foreign_redirects(client, home_page):
    assert client.get("/accounts/language/fr/").status_code == 404
    response = client.get("/accounts/language/en/?next=https://evil.example/")
    assert response["Location"] == "/"


# English pages after the merges: each app's new screens read in English once the visitor chose it ----------------


def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_english_home_page_has_the_large_text_switch_and_no_chinese_shell(client, home_page):
    html = english(client).get("/").content.decode()
    assert '<html lang="en"' in html
    assert "Large text" in html and "长辈模式" not in html
    assert "Verify a certificate" in html and "证书查验" not in html
    assert 'content="Shuanggong Academy"' in html  # og:site_name


def test_english_join_page_states_the_age_rule_and_the_required_mark(client, home_page):
    html = english(client).get("/join/").content.decode()
    minimum, last_minor = settings.VOLUNTEER_MINIMUM_AGE, settings.VOLUNTEER_ADULT_AGE - 1
    assert f"From age {minimum}; ages {minimum}–{last_minor} need a guardian's consent." in html
    assert 'Fields marked <span class="required-mark">*</span> are required.' in html
    refused = english(client).post("/join/", {"name": "李"}).content.decode()
    assert "problems with the application form" in refused and "报名表有" not in refused


def test_english_verify_page(client, home_page):
    html = english(client).get("/verify/").content.decode()
    assert "<h1>Verify a certificate</h1>" in html and "请输入证书上的编号" not in html


def test_english_course_page_explains_the_audience_refusal(client, home_page, volunteer):
    from courses.models import CourseIndexPage, CoursePage

    index = home_page.add_child(instance=CourseIndexPage(title="培训课程", slug="courses"))
    course = index.add_child(instance=CoursePage(title="医务社工督导实务", slug="sw", audience="social_worker"))
    english(client).force_login(volunteer)
    html = client.get(course.url).content.decode()
    assert "This course is for medical social workers only." in html and "只面向医务社工" not in html


def test_english_my_page_offers_the_roster_correction_form(client, home_page, volunteer):
    from tests.roster.factories import make_volunteer

    make_volunteer("李小萌", user=volunteer)
    english(client).force_login(volunteer)
    me = client.get(reverse("accounts:me")).content.decode()
    assert "Service record corrections" in me and "Log out" in me
    assert "Report a missing or wrong service record" in me and "报告漏记" not in me
    form = client.get(reverse("roster:request_correction")).content.decode()
    assert "<h1>Report a missing or wrong service record</h1>" in form
    assert "Type of problem" in form and "Supporting photo (optional)" in form and "问题类型" not in form
    assert "Submit the correction request" in form


def test_english_admin_service_proof_screen_title(client, home_page, social_worker):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(social_worker)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(social_worker)
    html = client.get(reverse("roster_admin:service_proof")).content.decode()
    assert "Issue a volunteer service certificate" in html and "开具志愿服务证明" not in html
    assert "Service period from" in html and "Handling officer" in html


def test_english_story_consent_refusal_and_onboarding_rule_label():
    from kb.models import StoryConsent
    from onboarding.models import Programme
    from roster.models import Volunteer

    record = StoryConsent(person_name="张秀英", person_role="patient", consented_on=date(2026, 1, 5))
    with translation.override("en"):
        assert record.problems(date(2026, 2, 1)) == [
            "no consent to publication on this site",
            "no signed consent form uploaded",
        ]
        assert str(Programme._meta.get_field("certificate_rule").verbose_name) == "Completion certificate rule"
        # The site catalogue is searched first: the header's 退出 (log out) has a context so this one stays "Left".
        assert str(Volunteer.Status.LEFT.label) == "Left"
