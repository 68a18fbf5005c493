"""The printed certificate: no two pieces of text (or a signature image and text) are drawn on top of each other,
in A4 landscape and portrait, for every kind of certificate, with a full signature block."""

from __future__ import annotations

import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image
from weasyprint.formatting_structure import boxes

from certificates.models import CertificateTemplate, Signatory
from certificates.rendering import laid_out_certificates, sample_certificate

TOLERANCE = 0.5  # CSS px; glyph boxes of neighbouring words may touch


def walk(box):
    """Every box under ``box``, absolutely positioned ones included (WeasyPrint keeps those in placeholders)."""
    box = getattr(box, "_box", box)
    yield box
    for child in getattr(box, "children", ()):
        yield from walk(child)


def printed_boxes(page) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(text, (x0, y0, x1, y1)) of every run of text on the page, and ("<签名>", box) of every signature image.
    The background and the seal are left out: they are printed under the text on purpose."""
    found = []
    for box in walk(page._page_box):
        if isinstance(box, boxes.TextBox) and box.text.strip():
            x, y = box.position_x, box.position_y
            found.append((box.text, (x, y, x + box.width, y + box.height)))
        elif isinstance(box, boxes.ReplacedBox) and "signature" in (box.element.get("class") or ""):
            x, y = box.content_box_x(), box.content_box_y()
            found.append(("<签名>", (x, y, x + box.width, y + box.height)))
    return found


def overlaps(first, second) -> bool:
    return (
        min(first[2], second[2]) - max(first[0], second[0]) > TOLERANCE
        and min(first[3], second[3]) - max(first[1], second[1]) > TOLERANCE
    )


def colliding_pairs(document) -> list[tuple[str, str]]:
    pairs = []
    for page in document.pages:
        found = printed_boxes(page)
        width, height = page.width, page.height
        for index, (text, box) in enumerate(found):
            assert box[0] >= -TOLERANCE and box[2] <= width + TOLERANCE, f"{text!r} runs off the page"
            assert box[1] >= -TOLERANCE and box[3] <= height + TOLERANCE, f"{text!r} runs off the page"
            pairs.extend((text, other) for other, other_box in found[index + 1 :] if overlaps(box, other_box))
    return pairs


@pytest.fixture
def signature(db):
    buffer = io.BytesIO()
    PILImage.new("RGB", (300, 100), "white").save(buffer, format="PNG")
    return Image.objects.create(title="签名", file=ImageFile(buffer, name="signature.png"))


@pytest.mark.parametrize(
    "orientation", [CertificateTemplate.Orientation.PORTRAIT, CertificateTemplate.Orientation.LANDSCAPE]
)
@pytest.mark.parametrize("kind", [CertificateTemplate.Kind.SERVICE, CertificateTemplate.Kind.COMPLETION])
def test_no_text_is_printed_over_other_text(db, signature, kind, orientation):
    template = CertificateTemplate.objects.create(
        name="版式测试",
        kind=kind,
        title="志愿服务证明" if kind == CertificateTemplate.Kind.SERVICE else "结业证书",
        body=(
            "兹证明 {name} 同志于 {period} 在我院参加志愿服务,累计服务 {hours} 小时,服务内容为 {service_content}。"
            "\n特此证明。"
            if kind == CertificateTemplate.Kind.SERVICE
            else "{name} 同志于 {issued_on} 完成《{course}》学习,共计 {hours} 学时,考核合格,特发此证。"
        ),
        orientation=orientation,
        issuer_name="首都医科大学附属北京某某医院医务社会工作部",
        contact="010-12345678",
        validity_months=24,
    )
    Signatory.objects.create(template=template, name="陈嘉宁", title="医务社工部主任", signature_image=signature)
    Signatory.objects.create(template=template, name="欧阳思远", title="志愿服务负责人", signature_image=signature)
    document = laid_out_certificates([sample_certificate(template)])
    assert len(document.pages) == 1, "the certificate runs onto a second page"
    texts = "".join(text for text, _box in printed_boxes(document.pages[0]))
    for expected in ("陈嘉宁", "欧阳思远", "医务社会工作部", "颁发日期"):
        assert expected in texts
    assert colliding_pairs(document) == []
    page = document.pages[0]
    date_line = next(box for text, box in printed_boxes(page) if text.startswith("有效期至"))
    assert date_line[3] > page.height * 0.85, "the signature block is not at the foot of the page"
