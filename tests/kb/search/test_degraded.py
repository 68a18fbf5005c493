"""A full disk or read-only index directory degrades search; publishing still works and the index catches up."""

from __future__ import annotations

import errno

from django.core.management import call_command

from kb.models import HomePage
from kb.search.storage import IndexStore


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
