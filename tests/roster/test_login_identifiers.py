"""A volunteer logs in with their number, mobile or e-mail, learns the number when setting a password, and the
lock-out counts every identifier against the same account."""

from __future__ import annotations

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.conftest import make_user

from .factories import make_volunteer

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


@pytest.fixture
def numbered(db):
    user = make_user("SG2026-0042", email="wang.fang@example.com")
    make_volunteer(name="王芳", user=user, mobile="13912345678")
    return user


def log_in(client, username: str, password: str = PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


@pytest.mark.parametrize("identifier", ["SG2026-0042", "13912345678", "Wang.Fang@example.com"])
def test_volunteer_logs_in_with_number_mobile_or_email(client, numbered, identifier):
    response = log_in(client, identifier)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(numbered.pk)


def test_a_mobile_shared_by_two_volunteers_logs_nobody_in(client, numbered):
    other = make_user("SG2026-0043")
    make_volunteer(name="王芳芳", user=other, mobile="13912345678")
    response = log_in(client, "13912345678")
    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_staff_email_is_not_a_login_name(client, social_worker):
    social_worker.email = "siyuan@example.com"
    social_worker.save()
    assert log_in(client, "siyuan@example.com").status_code == 200
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_by_mobile_lock_the_account_for_its_number_too(client, numbered, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "13912345678", "wrong")
    response = log_in(client, "SG2026-0042")
    assert response.status_code == 429
    assert "登录已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_page_says_which_names_work(client, home_page):
    html = client.get(reverse("accounts:login")).content.decode()
    assert "用户名 / 手机号 / 电子邮箱" in html and "SG2026-0001" in html


def test_setting_a_password_shows_the_username_before_and_after(client, numbered, home_page):
    uid = urlsafe_base64_encode(force_bytes(numbered.pk))
    token = default_token_generator.make_token(numbered)
    form = client.get(reverse("accounts:password_reset_confirm", args=[uid, token]), follow=True)
    assert "你的用户名" in form.content.decode() and "SG2026-0042" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "Yi-Ge-Xin-Mima-2026", "new_password2": "Yi-Ge-Xin-Mima-2026"}
    )
    assert done.status_code == 302
    complete = client.get(done["Location"]).content.decode()
    assert "密码已重设" in complete and "SG2026-0042" in complete
    assert "SG2026-0042" not in client.get(done["Location"]).content.decode()
