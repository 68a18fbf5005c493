"""Uploads are limited by type and size: a refused file gets a clear Chinese message and nothing is stored."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from courses.models import Category, Question
from roster.models import Volunteer

FIVE_MB_AND_A_BIT = 5 * 1024 * 1024 + 1


def stored_files(root) -> set[Path]:
    return {path for path in Path(root).rglob("*") if path.is_file()} if os.path.isdir(root) else set()


def big_png() -> bytes:
    """A real PNG over the 10 MB limit (random pixels do not compress)."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (2000, 2000), os.urandom(2000 * 2000 * 3)).save(buffer, format="PNG", compress_level=0)
    return buffer.getvalue()


@pytest.fixture
def staff_client(client, coordinator, home_page):
    client.force_login(coordinator)
    return client


def root_collection() -> int:
    return Collection.get_first_root_node().pk


def post_document(client, name: str, data: bytes):
    return client.post(
        "/admin/documents/add/",
        {"title": "测试文件", "file": SimpleUploadedFile(name, data), "collection": root_collection()},
    )


def post_image(client, name: str, data: bytes):
    return client.post(
        "/admin/images/add/",
        {"title": "测试图片", "file": SimpleUploadedFile(name, data), "collection": root_collection()},
    )


def test_document_of_an_allowed_type_and_size_is_stored(staff_client):
    response = post_document(staff_client, "志愿服务协议.pdf", b"%PDF-1.4 small")
    assert response.status_code == 302
    assert get_document_model().objects.count() == 1


def test_document_too_big_is_refused_in_chinese_and_not_stored(staff_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    before = stored_files(settings.MEDIA_ROOT)
    response = post_document(staff_client, "agreement.pdf", b"%PDF-1.4" + b"0" * 2048)
    assert response.status_code == 200
    assert "文件过大" in response.content.decode()
    assert get_document_model().objects.count() == 0
    assert stored_files(settings.MEDIA_ROOT) == before


def test_document_of_a_wrong_type_is_refused_and_not_stored(staff_client, settings):
    before = stored_files(settings.MEDIA_ROOT)
    response = post_document(staff_client, "setup.exe", b"MZ\x90\x00")
    assert response.status_code == 200
    assert "文件扩展“exe”是不被允许" in response.content.decode()
    assert get_document_model().objects.count() == 0
    assert stored_files(settings.MEDIA_ROOT) == before


def test_image_too_big_is_refused_in_chinese_and_not_stored(staff_client, settings):
    before = stored_files(settings.MEDIA_ROOT)
    response = post_image(staff_client, "photo.png", big_png())
    assert response.status_code == 200
    assert "文件太大" in response.content.decode() or "过大" in response.content.decode()
    assert get_image_model().objects.count() == 0
    assert stored_files(settings.MEDIA_ROOT) == before


def test_image_of_a_wrong_type_is_refused_and_not_stored(staff_client, settings):
    before = stored_files(settings.MEDIA_ROOT)
    response = post_image(staff_client, "photo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>")
    assert response.status_code == 200
    assert "svg" in response.content.decode().lower()
    assert get_image_model().objects.count() == 0
    assert stored_files(settings.MEDIA_ROOT) == before


def test_question_bank_of_the_wrong_type_is_refused_before_parsing(staff_client):
    category = Category.objects.create(name="风险预防")
    upload = SimpleUploadedFile("题库.exe", b"::Q1:: 1+1=2 {T}")
    response = staff_client.post("/admin/courses/import/", {"format": "gift", "category": category.pk, "file": upload})
    assert response.status_code == 200
    assert "不支持的文件类型" in response.content.decode()
    assert Question.objects.count() == 0


def test_question_bank_too_big_is_refused(staff_client):
    category = Category.objects.create(name="风险预防")
    upload = SimpleUploadedFile("题库.txt", b"a" * FIVE_MB_AND_A_BIT)
    response = staff_client.post("/admin/courses/import/", {"format": "gift", "category": category.pk, "file": upload})
    assert response.status_code == 200
    assert "文件太大" in response.content.decode()
    assert Question.objects.count() == 0


def test_roster_import_of_the_wrong_type_is_refused(staff_client):
    upload = SimpleUploadedFile("名单.csv", "姓名,手机号\n张三,13800000000\n".encode())
    response = staff_client.post("/admin/roster/import/", {"file": upload})
    assert response.status_code == 200
    assert "不支持的文件类型" in response.content.decode()
    assert Volunteer.objects.count() == 0


def test_roster_import_too_big_is_refused(staff_client):
    upload = SimpleUploadedFile("名单.xlsx", b"PK" + b"0" * FIVE_MB_AND_A_BIT)
    response = staff_client.post("/admin/roster/import/", {"file": upload})
    assert response.status_code == 200
    assert "文件太大" in response.content.decode()
    assert Volunteer.objects.count() == 0
