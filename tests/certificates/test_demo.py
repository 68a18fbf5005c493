from __future__ import annotations

from accounts import demo as accounts_demo
from certificates import demo
from certificates.models import Certificate, CertificateTemplate


def test_demo_loads_templates_and_volunteer_certificates_idempotently(db, home_page):
    from courses.models import CourseIndexPage, CoursePage
    from roster import demo as roster_demo

    accounts_demo.load()
    roster_demo.load()
    index = home_page.add_child(instance=CourseIndexPage(title="培训课程", slug="courses"))
    index.add_child(instance=CoursePage(title="岗位职责与服务礼仪", slug="duties", hours=4))
    demo.load()
    demo.load()
    assert set(CertificateTemplate.objects.values_list("name", flat=True)) == {
        "结业证书",
        "岗前培训合格证书",
        "志愿服务证明",
    }
    certificates = Certificate.objects.filter(holder__username="volunteer")
    # the finished course's certificate; the 志愿服务证明 comes from the onboarding demo (it needs the roster)
    assert set(certificates.values_list("template__name", flat=True)) == {"结业证书"}
    assert certificates.count() == 1
    assert all(certificate.pdf for certificate in certificates)
    assert CertificateTemplate.objects.get(name="结业证书").seal_image is not None
