import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_phone_visitor_sees_chinese_navigation_and_can_enlarge_text(live_server, phone_page, home_page):
    console = []
    phone_page.on("console", lambda message: console.append(message.text))
    phone_page.goto(live_server.url + "/")
    assert phone_page.locator("html").get_attribute("lang") == "zh-Hans"
    nav = phone_page.get_by_role("navigation", name="主导航")
    for label in ("知识库", "培训课程", "志愿者招募", "证书查验", "登录"):
        assert nav.get_by_role("link", name=label).is_visible()
    base_size = phone_page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert base_size >= 16
    phone_page.get_by_role("button", name="长辈模式").click()
    larger = phone_page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert larger > base_size
    # The choice survives a reload.
    phone_page.reload()
    assert phone_page.evaluate("document.documentElement.classList.contains('large-text')")
    # Nothing on the page is wider than the phone's screen.
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # The Content-Security-Policy blocked nothing the page needs.
    assert not [text for text in console if "Content Security Policy" in text]


def test_volunteer_logs_in_on_a_phone_and_reaches_my_page(live_server, phone_page, volunteer, home_page):
    phone_page.goto(live_server.url + "/accounts/login/")
    phone_page.get_by_label("用户名").fill("xiaomeng")
    phone_page.get_by_label("密码").fill("correct-horse-battery")
    phone_page.locator("main").get_by_role("button", name="登录").click()
    phone_page.wait_for_url("**/accounts/me/")
    assert "李小萌" in phone_page.locator("main").inner_text()
