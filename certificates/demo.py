"""Demo content: the three default templates with a generated seal and signatures, and a few certificates for
the demo ``volunteer``. Idempotent (looked up by name/period before creating) and quick: images are drawn once;
each PDF takes tens of milliseconds once the certificate font is prepared (a few seconds, once per machine).
"""

from __future__ import annotations

import datetime
import io
import math
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images.models import Image

from .fonts import prepared_font
from .issuing import issue_certificate, issue_for_rule
from .models import Certificate, CertificateTemplate, IssuingRule, Signatory
from .service import ServiceHoursSummary, issue_service_certificate

RED = (200, 30, 30, 255)
INK = (20, 40, 110, 255)

TEMPLATES = (
    {
        "name": "结业证书",
        "kind": CertificateTemplate.Kind.COMPLETION,
        "title": "结业证书",
        "body": "{name} 同志:\n于 {issued_on} 完成《{course}》课程学习,共计 {hours} 学时,经考核合格,准予结业。"
        "\n特发此证。",
        "orientation": CertificateTemplate.Orientation.LANDSCAPE,
        "validity_months": None,
    },
    {
        "name": "岗前培训合格证书",
        "kind": CertificateTemplate.Kind.ONBOARDING,
        "title": "岗前培训合格证书",
        "body": "{name} 同志:\n参加 {hospital} 医务社工志愿者岗前培训({course}),完成 {hours} 学时,"
        "涵盖{scope}等模块,考核合格,准予上岗服务。\n本证书有效期至 {valid_until}。",
        "orientation": CertificateTemplate.Orientation.LANDSCAPE,
        "validity_months": 24,
    },
    {
        "name": "志愿服务证明",
        "kind": CertificateTemplate.Kind.SERVICE,
        "title": "志愿服务证明",
        "body": "兹证明 {name}(志愿者编号 {volunteer_number})于 {period} 在 {hospital} 参加志愿服务,"
        "累计服务时长 {hours} 小时,服务内容为{service_content}。\n特此证明。",
        "orientation": CertificateTemplate.Orientation.PORTRAIT,
        "validity_months": None,
    },
)


def _png(image: PILImage.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def draw_seal(text: str = "示范医院") -> bytes:
    """A round red seal: ring, five-pointed star, the hospital's name."""
    size = 320
    image = PILImage.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), outline=RED, width=12)
    centre, outer, inner = size / 2, 52, 21
    points = []
    for index in range(10):
        radius = outer if index % 2 == 0 else inner
        angle = -math.pi / 2 + index * math.pi / 5
        points.append((centre + radius * math.cos(angle), centre - 20 + radius * math.sin(angle)))
    draw.polygon(points, fill=RED)
    font = ImageFont.truetype(str(prepared_font().path), 40)
    draw.text((centre, centre + 70), text, font=font, fill=RED, anchor="mm")
    small = ImageFont.truetype(str(prepared_font().path), 24)
    draw.text((centre, centre + 112), "医务社工部", font=small, fill=RED, anchor="mm")
    return _png(image)


def draw_signature(name: str) -> bytes:
    """A slanted ink signature of ``name``."""
    font = ImageFont.truetype(str(prepared_font().path), 64)
    image = PILImage.new("RGBA", (300, 100), (0, 0, 0, 0))
    ImageDraw.Draw(image).text((20, 10), name, font=font, fill=INK)
    return _png(image.transform(image.size, PILImage.AFFINE, (1, 0.3, -15, 0, 1, 0), resample=PILImage.BICUBIC))


def _image(title: str, filename: str, draw) -> Image:
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    image = Image(title=title)
    image.file = ImageFile(io.BytesIO(draw()), name=filename)
    image.save()
    return image


def _templates() -> dict[str, CertificateTemplate]:
    seal = _image("演示:医院印章", "demo-seal.png", draw_seal)
    director = _image("演示:签名 陈嘉宁", "demo-signature.png", lambda: draw_signature("陈嘉宁"))
    templates = {}
    for spec in TEMPLATES:
        template, created = CertificateTemplate.objects.get_or_create(
            name=spec["name"], defaults={**spec, "seal_image": seal, "contact": "010-12345678"}
        )
        if created:
            Signatory.objects.create(template=template, name="陈嘉宁", title="医务社工部主任", signature_image=director)
        templates[spec["kind"]] = template
    return templates


def _course_pages() -> list:
    try:
        model = apps.get_model("courses", "CoursePage")
    except LookupError:
        return []
    return list(model.objects.live().order_by("path")[:2])


def load() -> None:
    templates = _templates()
    volunteer = get_user_model().objects.filter(username="volunteer").first()
    if volunteer is None:
        return
    pages = _course_pages()
    if pages:
        kinds = (CertificateTemplate.Kind.ONBOARDING, CertificateTemplate.Kind.COMPLETION)
        for page, kind in zip(pages, kinds, strict=False):
            rule, _created = IssuingRule.objects.get_or_create(
                template=templates[kind],
                course_page=page,
                defaults={"hours": Decimal(24), "scope": "工作职责\n风险预防\n心理支持\n康复训练协助"},
            )
            issue_for_rule(volunteer, rule, issued_on=datetime.date.today() - datetime.timedelta(days=30))
    elif not Certificate.objects.filter(holder=volunteer, template=templates[CertificateTemplate.Kind.ONBOARDING]):
        issue_certificate(
            volunteer,
            templates[CertificateTemplate.Kind.ONBOARDING],
            title="医务社工志愿者岗前培训",
            hours=24,
            scope="工作职责\n风险预防\n心理支持\n康复训练协助",
            issued_on=datetime.date.today() - datetime.timedelta(days=30),
        )
    year = datetime.date.today().year - 1
    issue_service_certificate(
        volunteer,
        ServiceHoursSummary(
            start=datetime.date(year, 1, 1),
            end=datetime.date(year, 12, 31),
            hours=Decimal("120"),
            service_content="门诊导诊、病房探访陪伴、康复训练协助",
            volunteer_number="SGV-000001",
        ),
        person_in_charge="陈嘉宁",
        handling_officer="王思远",
    )
