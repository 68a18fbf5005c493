from django.conf import settings


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
