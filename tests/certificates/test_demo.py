from __future__ import annotations

from accounts import demo as accounts_demo
from certificates import demo
from certificates.models import Certificate, CertificateTemplate


def test_demo_loads_templates_and_volunteer_certificates_idempotently(db, home_page):
    accounts_demo.load()
    demo.load()
    demo.load()
    assert set(CertificateTemplate.objects.values_list("name", flat=True)) == {
        "结业证书",
        "岗前培训合格证书",
        "志愿服务证明",
    }
    certificates = Certificate.objects.filter(holder__username="volunteer")
    assert certificates.count() == 2
    assert all(certificate.pdf for certificate in certificates)
    assert CertificateTemplate.objects.get(name="结业证书").seal_image is not None
