from __future__ import annotations

import pytest
import zxingcpp
from django.core.checks import run_checks
from django.test import override_settings
from PIL import Image

from certificates import fonts
from certificates.actions import do_issue_for_rule
from certificates.fonts import CJKFontMissing, MissingGlyphs
from certificates.models import Certificate
from certificates.rendering import render_certificate_pdf, render_certificates_pdf, verification_url

from .conftest import pdf_reader


def embedded_fonts(reader) -> list[tuple[str, object]]:
    """(BaseFont, FontDescriptor) of every font actually embedded (a FontFile stream present)."""
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                found.append((str(font["/BaseFont"]), descriptor))
    return found


@pytest.fixture
def certificate(volunteer, rule) -> Certificate:
    return do_issue_for_rule(volunteer, rule).certificate


def test_pdf_embeds_a_subset_cjk_font(certificate):
    reader = pdf_reader(certificate.pdf.read())
    fonts_in_pdf = embedded_fonts(reader)
    assert fonts_in_pdf, "no embedded font"
    # A subset font's name carries a six-letter tag ("ABCDEF+Name").
    assert any("+" in name and "SG" in name.replace("-", "") for name, _descriptor in fonts_in_pdf)


def test_holder_name_and_course_can_be_extracted_from_pdf(certificate):
    text = "".join(page.extract_text() for page in pdf_reader(certificate.pdf.read()).pages)
    compact = "".join(text.split())
    assert "李小萌" in compact
    assert "志愿者岗前培训" in compact
    assert certificate.serial in compact


def test_qr_code_in_pdf_decodes_to_verification_url(certificate):
    reader = pdf_reader(certificate.pdf.read())
    images = list(reader.pages[0].images)
    decoded = []
    for image in images:
        # The PDF stores one pixel per module; enlarge it as a printer or screen does (no smoothing).
        pixels = image.image.convert("L")
        pixels = pixels.resize((pixels.width * 8, pixels.height * 8), Image.NEAREST)
        decoded.extend(result.text for result in zxingcpp.read_barcodes(pixels))
    assert decoded == [verification_url(certificate)]
    assert decoded[0].endswith(f"/verify/{certificate.verification_code}/")


def test_rendering_again_gives_the_same_pdf(certificate):
    assert render_certificate_pdf(certificate) == render_certificate_pdf(certificate)


def test_pdf_is_small(certificate):
    assert certificate.pdf.size < 150 * 1024


def test_rare_name_character_is_drawn_by_the_full_font_not_tofu(certificate):
    certificate.holder_name = "陈喆"
    data = render_certificate_pdf(certificate)
    text = "".join(pdf_reader(data).pages[0].extract_text().split())
    assert "陈喆" in text


def test_character_no_font_has_is_refused(certificate):
    certificate.holder_name = "\U000f0000"  # private use plane: no font draws it
    with pytest.raises(MissingGlyphs):
        render_certificate_pdf(certificate)


def test_one_merged_pdf_has_a_page_per_certificate(volunteer, social_worker, rule):
    first = do_issue_for_rule(volunteer, rule).certificate
    second = do_issue_for_rule(social_worker, rule).certificate
    reader = pdf_reader(render_certificates_pdf([first, second]))
    assert len(reader.pages) == 2
    assert "王思远" in "".join(reader.pages[1].extract_text().split())


def images_of(resources) -> list:
    """The image XObjects drawn with ``resources``, those inside form XObjects (the seal's opacity group) too."""
    found = []
    for item in resources.get("/XObject", {}).values():
        item = item.get_object()
        if item["/Subtype"] == "/Image":
            found.append(item)
        elif "/Resources" in item:
            found.extend(images_of(item["/Resources"].get_object()))
    return found


def test_seal_and_signature_are_in_every_pdf_of_a_batch(volunteer, social_worker, rule):
    """The file images are encoded once per process and reused: each PDF still gets the image and its
    transparency (soft mask) of its own."""
    from certificates import demo
    from certificates.rendering import render_certificates

    rule.template.seal_image = demo._image("印章", "seal.png", demo.draw_seal)
    rule.template.save()
    signature = demo._image("签名", "signature.png", lambda: demo.draw_signature("陈嘉宁"))
    rule.template.signatories.update(signature_image=signature)
    first = do_issue_for_rule(volunteer, rule).certificate
    second = do_issue_for_rule(social_worker, rule).certificate
    rendered = render_certificates([first, second])
    for data in [*rendered.own, rendered.document, render_certificate_pdf(first)]:
        for page in pdf_reader(data).pages:
            masked = [image for image in images_of(page["/Resources"]) if "/SMask" in image]
            # the seal and the signature, each with its transparency
            assert {(image["/Width"], image["/Height"]) for image in masked} == {(300, 100), (320, 320)}
            assert all(image["/SMask"].get_object().get_data() for image in masked)
    assert render_certificate_pdf(first) == rendered.own[0]


@pytest.fixture
def no_cjk_font(monkeypatch):
    fonts.find_cjk_font.cache_clear()
    fonts.prepared_font.cache_clear()
    monkeypatch.setattr(fonts, "_fontconfig_chinese_fonts", lambda: [])
    yield
    fonts.find_cjk_font.cache_clear()
    fonts.prepared_font.cache_clear()


def test_missing_cjk_font_is_a_clear_error_when_rendering(certificate, no_cjk_font):
    with pytest.raises(CJKFontMissing, match="找不到中文"):
        render_certificate_pdf(certificate)


def test_missing_cjk_font_fails_the_system_check(no_cjk_font):
    ids = [message.id for message in run_checks()]
    assert "certificates.E001" in ids


@override_settings(CERTIFICATES_CJK_FONT="/nonexistent/font.ttc")
def test_configured_font_that_does_not_exist_fails_the_system_check():
    fonts.find_cjk_font.cache_clear()
    try:
        ids = [message.id for message in run_checks()]
    finally:
        fonts.find_cjk_font.cache_clear()
    assert "certificates.E001" in ids
