from django.core import mail
from django.urls import reverse


def test_login_then_my_page_shows_name_and_role(client, volunteer, home_page):
    response = client.post(
        reverse("accounts:login"), {"username": "xiaomeng", "password": "correct-horse-battery"}, follow=True
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("accounts:me")
    assert "李小萌" in html
    assert "志愿者" in html


def test_my_page_requires_login(client, home_page):
    response = client.get(reverse("accounts:me"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_repeated_wrong_passwords_lock_the_account_even_for_the_right_password(client, volunteer, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("accounts:login"), {"username": "xiaomeng", "password": "wrong"})
        assert response.status_code in (200, 429)
    response = client.post(reverse("accounts:login"), {"username": "xiaomeng", "password": "correct-horse-battery"})
    assert response.status_code == 429
    assert "登录已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_gets_a_chinese_message_and_no_session(client, volunteer):
    response = client.post(reverse("accounts:login"), {"username": "xiaomeng", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_chinese_email_with_a_working_link(
    client, volunteer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "xm@example.com"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "重设密码" in message.subject
    link = next(line for line in message.body.splitlines() if "/accounts/password/reset/" in line)
    response = client.get(link.split("testserver", 1)[1], follow=True)
    assert "设置新密码" in response.content.decode()
    assert "new_password1" in response.content.decode()
