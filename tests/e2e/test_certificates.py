import pytest
from wagtail.models import Page

from certificates.actions import do_issue_for_rule
from certificates.models import CertificateTemplate, IssuingRule

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def certificate(volunteer, home_page):
    template = CertificateTemplate.objects.create(
        name="结业证书(e2e)", title="结业证书", body="{name} 完成《{course}》。", validity_months=24
    )
    course = home_page.add_child(instance=Page(title="志愿者岗前培训", slug="e2e-course"))
    rule = IssuingRule.objects.create(template=template, course_page=course, hours=24)
    return do_issue_for_rule(volunteer, rule).certificate


def test_phone_visitor_verifies_by_serial_and_name_and_sees_masked_name(live_server, phone_page, certificate):
    phone_page.goto(live_server.url + "/verify/")
    phone_page.get_by_label("证书编号").fill(certificate.serial)
    phone_page.get_by_label("持证人姓名").fill("王小明")
    phone_page.get_by_role("button", name="查验").click()
    main = phone_page.locator("main")
    assert "未找到" in main.inner_text() and "志愿者岗前培训" not in main.inner_text()
    phone_page.get_by_label("持证人姓名").fill("李小萌")
    phone_page.get_by_role("button", name="查验").click()
    text = main.inner_text()
    assert "李*萌" in text and "志愿者岗前培训" in text and "有效" in text
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_holder_finds_the_certificate_in_my_page_and_downloads_it(live_server, phone_page, certificate):
    phone_page.goto(live_server.url + "/accounts/login/")
    phone_page.get_by_label("用户名").fill("xiaomeng")
    phone_page.get_by_label("密码").fill("correct-horse-battery")
    phone_page.locator("main").get_by_role("button", name="登录").click()
    phone_page.wait_for_url("**/accounts/me/")
    assert certificate.serial in phone_page.locator("main").inner_text()
    with phone_page.expect_download() as download:
        phone_page.get_by_role("link", name="下载 PDF").click()
    assert download.value.suggested_filename == f"{certificate.serial}.pdf"
