"""A full disk or read-only index directory degrades search; publishing still works and the index catches up."""

from __future__ import annotations

import errno

import pytest
from django.core.management import call_command

from kb.models import HomePage
from kb.search.storage import IndexStore

pytestmark = pytest.mark.whoosh_only  # about the Whoosh index / backend-independent checks run once


def test_publishing_works_while_the_index_cannot_be_written_and_a_rebuild_catches_up(add_page, client, monkeypatch):
    def disk_full(self, journal_keys=None):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(IndexStore, "writer", disk_full)
        page = add_page("透析室陪伴", "陪伴透析患者,聊天减压")
        assert HomePage.objects.get(pk=page.pk).live  # the editor's publication went through
        assert not HomePage.objects.live().search("透析")  # but search has not seen it yet

    call_command("update_index", verbosity=0)
    assert [p.pk for p in HomePage.objects.live().search("透析")] == [page.pk]


def test_healthz_reports_search_degraded_when_the_index_directory_cannot_be_written(client, monkeypatch, tmp_path):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the index directory should be")
    monkeypatch.setattr("django.conf.settings.SEARCH_INDEX_DIR", blocked / "index")
    body = client.get("/healthz").json()
    assert body["status"] == "degraded"
    assert "kb.E001" in body["checks"]


def test_a_failed_commit_does_not_leave_the_index_locked(add_page, monkeypatch):
    """A commit that raises once must not block every later write in the process (Whoosh keeps its lock)."""
    from whoosh.writing import SegmentWriter

    original = SegmentWriter._commit_toc
    calls = {"n": 0}

    def fail_once(self, segments):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError(errno.EIO, "I/O error while writing the table of contents")
        return original(self, segments)

    monkeypatch.setattr(SegmentWriter, "_commit_toc", fail_once)
    add_page("失败的一次", "写入目录失败")  # indexing fails and is logged; publishing is not affected
    second = add_page("血液透析陪伴", "陪伴透析患者")
    assert [p.pk for p in HomePage.objects.live().search("透析")] == [second.pk]
