"""Certificate PDFs with WeasyPrint: HTML in, PDF bytes out, CJK font embedded and subset, text extractable.

The font is the small file prepared once by ``certificates.fonts`` (see there for why); one FontConfiguration,
the parsed stylesheet and the file images (seal, signatures, background) are kept per process, so a render costs
tens of milliseconds. Rendering has no side effects: it returns bytes, and ``issuing`` decides what to store.

Bulk issuing lays a batch out once, as one document, and writes from it both the batch's print PDF (one font
subset for all its pages) and every certificate's own PDF (that page alone, with a font subset of only its own
glyphs: the same bytes as rendering the certificate by itself). Layout is most of the cost, so it is done once.
"""

from __future__ import annotations

import atexit
import copy
import datetime
import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .fonts import check_glyphs, prepared_font
from .models import PLACEHOLDER_RE, Certificate, CertificateTemplate

# WeasyPrint logs every step of every render at INFO; certificates are rendered in bulk.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

_render_lock = threading.Lock()
_state: dict[str, object] = {}
# Drop the font configuration before the interpreter tears WeasyPrint's libraries down.
atexit.register(_state.clear)


class RenderError(RuntimeError):
    """The PDF could not be produced; nothing was stored."""


def chinese_date(day: datetime.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def format_hours(hours: Decimal | int | float) -> str:
    value = Decimal(hours).normalize()
    return f"{value:f}"


def verification_url(certificate: Certificate) -> str:
    """The absolute URL the QR code points to (SITE_URL + /verify/<code>/)."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("certificates:verify_code", args=[certificate.verification_code])


def placeholder_values(certificate: Certificate) -> dict[str, str]:
    extra = certificate.extra or {}
    return {
        "name": certificate.holder_name,
        "course": certificate.title,
        "hours": format_hours(certificate.hours),
        "scope": "、".join(certificate.scope_lines),
        "issued_on": chinese_date(certificate.issued_on),
        "valid_until": chinese_date(certificate.valid_until) or _("长期有效"),
        "serial": certificate.serial,
        "hospital": certificate.template.issuer,
        "period": extra.get("period", ""),
        "service_content": extra.get("service_content", ""),
        "volunteer_number": extra.get("volunteer_number", ""),
        "id_document": extra.get("id_document", ""),
    }


def body_paragraphs(certificate: Certificate) -> list[SafeString]:
    """The template body with placeholders filled in, escaped, one paragraph per non-empty line."""
    values = placeholder_values(certificate)

    def fill(match) -> str:
        key = match.group(1)
        return str(conditional_escape(values[key])) if key in values else str(conditional_escape(match.group(0)))

    paragraphs = []
    for line in certificate.template.body.splitlines():
        if line.strip():
            escaped = str(conditional_escape(line.strip()))
            paragraphs.append(mark_safe(PLACEHOLDER_RE.sub(fill, escaped)))
    return paragraphs


def _image_uri(image) -> str:
    if image is None:
        return ""
    try:
        return Path(image.file.path).as_uri()
    except (ValueError, NotImplementedError, FileNotFoundError):
        return ""


def qr_data_uri(url: str) -> str:
    """The verification URL as a PNG QR code, one pixel per module, scaled up without smoothing in the PDF
    (tiny to embed, exact modules when printed, and readable back from the PDF in tests)."""
    # A fixed mask pattern skips segno's scoring of all eight (a third of a render's time); any mask is valid.
    return segno.make(url, error="m", mask=4).png_data_uri(scale=1, border=2)


def _sheet(certificate: Certificate) -> dict[str, object]:
    template = certificate.template
    url = verification_url(certificate)
    extra = certificate.extra or {}
    service_rows = []
    if template.kind == CertificateTemplate.Kind.SERVICE:
        service_rows = [
            (_("证件类型及号码"), extra.get("id_document", "")),
            (_("志愿者编号"), extra.get("volunteer_number", "")),
            (_("服务期间"), extra.get("period", "")),
            (_("服务时长"), _("%(hours)s 小时") % {"hours": format_hours(certificate.hours)}),
            (_("服务内容"), extra.get("service_content", "")),
            (_("出具组织"), template.issuer),
            (_("负责人"), extra.get("person_in_charge", "")),
            (_("经办人"), extra.get("handling_officer", "")),
            (_("联系方式"), extra.get("contact", "") or template.contact),
        ]
    rows = [(_("姓名"), certificate.holder_name)] if service_rows else []
    rows += [(label, value) for label, value in service_rows if value]
    # Landscape prints two label/value pairs a row, so the table and the signature block fit one page.
    per_row = 2 if template.orientation == CertificateTemplate.Orientation.LANDSCAPE else 1
    return {
        "certificate": certificate,
        "template": template,
        "paragraphs": body_paragraphs(certificate),
        "service_rows": rows,
        "service_table": [rows[index : index + per_row] for index in range(0, len(rows), per_row)],
        "show_scope": not service_rows and "{scope}" not in template.body,
        "signatories": [
            {"name": s.name, "title": s.title, "image": _image_uri(s.signature_image)}
            for s in template.signatories.all()
        ],
        "seal": _image_uri(template.seal_image),
        "background": _image_uri(template.background_image),
        "issued_on": chinese_date(certificate.issued_on),
        "valid_until": chinese_date(certificate.valid_until),
        "qr": qr_data_uri(url),
        "verify_url": url,
    }


def _shared_resources():
    """The font configuration, the parsed stylesheet (with its @font-face) and the file images, made once per
    process: parsing the stylesheet and loading the font face on every render costs more than laying out a page."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font = prepared_font()
    if _state.get("font") != font:
        font_config = FontConfiguration()
        css_text = render_to_string(
            "certificates/pdf/certificates.css",
            {"font_uri": font.path.as_uri(), "font_family": font.family, "fallback": font.fallback_family},
        )
        _state.update(
            font=font,
            font_config=font_config,
            stylesheet=CSS(string=css_text, font_config=font_config),
            file_images={},
        )
    return _state["font_config"], _state["stylesheet"], _state["file_images"]


def _title(certificates: Sequence[Certificate]) -> str:
    return " ".join(certificate.serial for certificate in certificates)


def render_html(certificates: Sequence[Certificate]) -> str:
    font = prepared_font()
    sheets = [_sheet(certificate) for certificate in certificates]
    return render_to_string(
        "certificates/pdf/certificates.html",
        {
            "title": _title(certificates),
            "sheets": sheets,
            "font_uri": font.path.as_uri(),
            "font_family": font.family,
            "fallback": font.fallback_family,
        },
    )


def _visible_text(certificates: Iterable[Certificate]) -> str:
    parts = []
    for certificate in certificates:
        parts.extend([certificate.holder_name, certificate.title, certificate.scope, certificate.template.body])
        parts.extend(str(value) for value in (certificate.extra or {}).values())
    return "".join(parts)


def _copied_stream(stream):
    import pydyf

    extra = pydyf.Dictionary(stream.extra)
    if isinstance(extra.get("SMask"), pydyf.Stream):
        extra["SMask"] = _copied_stream(extra["SMask"])
    return pydyf.Stream(stream.stream, extra, stream.compress)


def _encode_once(image) -> None:
    """Make a file image (seal, signature, background) encode its PDF stream once per process.

    WeasyPrint decodes and re-encodes a PNG with transparency on every ``write_pdf`` (a third of writing a
    one-page certificate). Each write gets a fresh copy of the stream object made the first time, because writing
    replaces the stream's soft mask by a reference into that PDF; the encoded bytes are shared."""
    made: dict[tuple[bool, float], object] = {}
    encode = image.get_x_object

    def get_x_object(interpolate, dpi_ratio):
        key = (interpolate, dpi_ratio)
        if key not in made:
            made[key] = encode(interpolate, dpi_ratio)
        return _copied_stream(made[key])

    image.get_x_object = get_x_object


def _laid_out(html: str, identifier: str):
    """The WeasyPrint document, laid out and paginated, and the options to write it with (``_render_lock`` held).

    The images of files are kept for the next render; a QR code (a data URI, new for every certificate) lives only
    as long as this document, so a worker that issues for months does not keep every QR code it ever drew."""
    from weasyprint import HTML
    from weasyprint.images import RasterImage

    font_config, stylesheet, file_images = _shared_resources()
    image_cache = dict(file_images)
    options = {
        "stylesheets": [stylesheet],
        "cache": image_cache,
        "pdf_identifier": identifier.encode(),
        "optimize_images": False,
    }
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(font_config=font_config, **options)
    for key, image in image_cache.items():
        if key.startswith("file:") and key not in file_images:
            if isinstance(image, RasterImage):
                _encode_once(image)
            file_images[key] = image
    return document, options


def write_pdf(html: str, identifier: str) -> bytes:
    """HTML to PDF with the shared font configuration; deterministic for the same input."""
    with _render_lock:
        document, options = _laid_out(html, identifier)
        return document.write_pdf(**options)


def laid_out_certificates(certificates: Sequence[Certificate]):
    """The pages exactly as ``render_certificates_pdf`` draws them, as WeasyPrint layout boxes (for checking that
    no two pieces of text are printed on top of each other)."""
    identifier = "|".join(certificate.serial for certificate in certificates)[:200]
    with _render_lock:
        return _laid_out(render_html(certificates), identifier)[0]


def _identifier(certificates: Sequence[Certificate]) -> str:
    return "|".join(certificate.serial for certificate in certificates)[:200]


def render_certificates_pdf(certificates: Sequence[Certificate]) -> bytes:
    """One PDF with one page per certificate (printing a cohort), fonts embedded once."""
    if not certificates:
        raise RenderError(_("没有要生成的证书。"))
    check_glyphs(_visible_text(certificates))
    return write_pdf(render_html(certificates), _identifier(certificates))


@dataclass(frozen=True)
class RenderedBatch:
    """A batch of certificates laid out once: ``document`` has a page per certificate, in order (the print PDF);
    ``own[i]`` is certificate i's own PDF, its page alone."""

    document: bytes
    own: list[bytes]


def render_certificates(certificates: Sequence[Certificate]) -> RenderedBatch:
    """Both PDFs of bulk issuing from one layout. Each certificate's own PDF is written from its page of the batch
    with the font subset to that page's glyphs and its own title and identifier, so it is the same file as
    ``render_certificate_pdf`` makes (no bigger for being issued in bulk, and nothing of the other holders in it)."""
    if not certificates:
        raise RenderError(_("没有要生成的证书。"))
    check_glyphs(_visible_text(certificates))
    with _render_lock:
        document, options = _laid_out(render_html(certificates), _identifier(certificates))
        if len(document.pages) != len(certificates):
            raise RenderError(_("证书版式超出一页,无法生成。"))
        own = []
        for certificate, page in zip(certificates, document.pages, strict=True):
            single = document.copy([page])
            single.metadata = copy.copy(document.metadata)
            single.metadata.title = _title([certificate])
            own.append(single.write_pdf(**{**options, "pdf_identifier": _identifier([certificate]).encode()}))
        return RenderedBatch(document.write_pdf(**options), own)


def render_certificate_pdf(certificate: Certificate) -> bytes:
    return render_certificates_pdf([certificate])


def sample_certificate(template: CertificateTemplate) -> Certificate:
    """An unsaved certificate with plausible content, for the template preview."""
    today = datetime.date.today()
    return Certificate(
        template=template,
        holder_name="张晓明",
        title="医务社工志愿者岗前培训",
        hours=Decimal("24"),
        scope="工作职责\n风险预防\n心理支持\n康复训练协助",
        extra={
            "period": f"{today.year}年1月1日至{today.year}年6月30日",
            "service_content": "门诊导诊、病房探访陪伴",
            "volunteer_number": "SGV-000123",
            "id_document": "居民身份证 1101**********1234",
            "person_in_charge": "陈嘉宁",
            "handling_officer": "王思远",
            "contact": template.contact,
        },
        serial="SG-0000-000000",
        verification_code="sample",
        issued_on=today,
        valid_until=template.valid_until_for(today),
    )


def render_sample_pdf(template: CertificateTemplate) -> bytes:
    return render_certificate_pdf(sample_certificate(template))
