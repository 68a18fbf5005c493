"""Demo content: the three default templates with a generated seal and signatures, and a few certificates for
the demo ``volunteer``. Idempotent (looked up by name/period before creating) and quick: images are drawn once;
each PDF takes tens of milliseconds once the certificate font is prepared (a few seconds, once per machine).
"""

from __future__ import annotations

import datetime
import io
import math

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images.models import Image

from courses import queries as courses

from .actions import do_issue_for_rule
from .fonts import prepared_font
from .models import CertificateTemplate, IssuingRule, Signatory

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


def _course_rules(template: CertificateTemplate) -> list[IssuingRule]:
    """A completion certificate for every live course, issued automatically when the course is completed."""
    rules = []
    for page in courses.live_courses():
        lessons = "\n".join(lesson.title for lesson in page.get_children().live())
        rule, _created = IssuingRule.objects.get_or_create(
            template=template,
            course_page=page,
            defaults={"hours": page.hours, "scope": lessons, "trigger": IssuingRule.Trigger.COURSE_COMPLETED},
        )
        rules.append(rule)
    return rules


def load() -> None:
    """Templates, a rule per course, and for the demo volunteer the certificate of the course they finished in
    onboarding week one (岗位职责与服务礼仪). The 岗前培训合格证书 (and its rule) and the demo volunteer's
    志愿服务证明 come from the onboarding demo, the first to run after both the roster and certificates demos."""
    templates = _templates()
    rules = _course_rules(templates[CertificateTemplate.Kind.COMPLETION])
    volunteer = get_user_model().objects.filter(username="volunteer").first()
    if volunteer is None:
        return
    today = datetime.date.today()
    for rule in rules:
        if rule.course_page.title == "岗位职责与服务礼仪":
            do_issue_for_rule(volunteer, rule, issued_on=today - datetime.timedelta(days=6))
