"""Demo content: the three default templates (``demo_data/templates.yaml``) with a generated seal and signature, and
a few certificates for the demo ``volunteer``. Idempotent (looked up by name/period before creating) and quick:
images are drawn once; each PDF takes tens of milliseconds once the certificate font is prepared (a few seconds,
once per machine).
"""

from __future__ import annotations

import datetime
import io
import math
from pathlib import Path
from typing import Any

import yaml
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

DATA = Path(__file__).parent / "demo_data"


def read() -> dict[str, Any]:
    """``demo_data/templates.yaml``; safe_load, so a data file can never run code."""
    with (DATA / "templates.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


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
    data = read()
    seal = _image(data["seal"]["title"], "demo-seal.png", lambda: draw_seal(data["seal"]["text"]))
    signatory = data["signatory"]
    signature = _image(signatory["image_title"], "demo-signature.png", lambda: draw_signature(signatory["name"]))
    templates = {}
    for spec in data["templates"]:
        template, created = CertificateTemplate.objects.get_or_create(
            name=spec["name"],
            defaults={
                "kind": spec["kind"],
                "title": spec["title"],
                "body": spec["body"],
                "orientation": spec["orientation"],
                "validity_months": spec.get("validity_months"),
                "seal_image": seal,
                "contact": data["contact"],
            },
        )
        if created:
            Signatory.objects.create(
                template=template, name=signatory["name"], title=signatory["title"], signature_image=signature
            )
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
