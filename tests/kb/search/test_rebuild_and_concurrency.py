"""The index stays current and whole: concurrent writers, readers during writes, atomic rebuilds."""

from __future__ import annotations

import multiprocessing
import threading

import pytest
from django.core.management import call_command
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from kb.models import HomePage
from kb.search.index import GenerationIndex


def titles(results) -> list[str]:
    return sorted(page.title for page in results)


def _unsaved_pages(home_page, count: int) -> list[HomePage]:
    """Pages saved with indexing switched off, so only the concurrent writers below put them in the index."""
    backend = get_search_backend()
    pages = []
    for i in range(count):
        page = HomePage(title=f"并发发布{i}", slug=f"c{i}", intro=f"<p>第{i}篇 同时发布的透析指南</p>")
        home_page.add_child(instance=page)
        pages.append(page)
    backend.reset_indexes()
    return pages


@pytest.mark.whoosh_only
def test_concurrent_publishing_threads_lose_no_update(home_page):
    pages = _unsaved_pages(home_page, 8)
    backend = get_search_backend()
    barrier = threading.Barrier(len(pages))
    errors: list[BaseException] = []

    def publish(page):
        barrier.wait()
        try:
            get_search_backend().add(page)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=publish, args=(page,)) for page in pages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert backend.search("透析", Page).count() == 8


def _add_in_child(page, barrier) -> None:
    barrier.wait()
    get_search_backend().add(page)


@pytest.mark.whoosh_only
def test_concurrent_publishing_processes_lose_no_update(home_page):
    pages = _unsaved_pages(home_page, 4)
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(pages))
    processes = [context.Process(target=_add_in_child, args=(page, barrier)) for page in pages]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)

    assert [process.exitcode for process in processes] == [0, 0, 0, 0]
    assert titles(Page.objects.search("透析")) == [f"并发发布{i}" for i in range(4)]


@pytest.mark.whoosh_only
def test_readers_are_not_blocked_while_a_writer_holds_the_index(add_page):
    add_page("血液透析", "透析")
    store = get_search_backend().store

    with store.locked():
        found = titles(Page.objects.search("透析"))

    assert found == ["血液透析"]


@pytest.mark.whoosh_only
def test_update_index_rebuilds_into_a_new_directory_and_swaps(add_page):
    add_page("血液透析", "透析")
    store = get_search_backend().store
    before = store.current_dir()
    get_search_backend().reset_indexes()  # the index has lost everything…
    assert titles(Page.objects.search("透析")) == []

    call_command("update_index", verbosity=0)  # …and a rebuild brings it back

    assert store.current_dir() != before
    assert titles(Page.objects.search("透析")) == ["血液透析"]


@pytest.mark.whoosh_only
def test_failed_rebuild_leaves_the_old_index_serving(add_page, monkeypatch):
    add_page("血液透析", "透析")
    serving = get_search_backend().store.current_dir()

    def broken(self, model, items):
        raise RuntimeError("database went away mid-rebuild")

    monkeypatch.setattr(GenerationIndex, "add_items", broken)
    with pytest.raises(RuntimeError):
        call_command("update_index", verbosity=0)

    assert get_search_backend().store.current_dir() == serving
    assert titles(Page.objects.search("透析")) == ["血液透析"]


def test_a_page_published_during_a_rebuild_is_in_the_rebuilt_index(add_page):
    add_page("血液透析", "透析")
    backend = get_search_backend()
    rebuilder = backend.rebuilder_class(backend.get_index_for_model(Page))
    target = rebuilder.start()
    target.add_model(HomePage)
    target.add_items(HomePage, list(HomePage.objects.all()))  # the rebuild read the pages…

    late = add_page("腹膜透析", "居家透析")  # …then an editor published one more
    add_page("血液透析", "透析").delete()  # …and one was created and deleted

    rebuilder.finish()

    assert titles(Page.objects.search("透析")) == sorted(["血液透析", late.title])


def test_publish_to_findable_needs_no_manual_step(add_page):
    page = add_page("草稿", "无关内容", live=False)
    page.intro = "<p>星级志愿者表彰</p>"
    page.save_revision().publish()

    assert titles(Page.objects.live().search("表彰")) == ["草稿"]


@pytest.mark.whoosh_only
def test_check_reports_an_unwritable_index_directory(settings, tmp_path):
    from kb.search.checks import index_directory_is_writable

    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a directory")
    settings.SEARCH_INDEX_DIR = blocked / "index"

    assert [error.id for error in index_directory_is_writable()] == ["kb.E001"]


@pytest.mark.whoosh_only
def test_web_process_does_not_load_the_segmenter_until_it_searches():
    """The segmenter's dictionary costs tens of MB per process: URLconf, backend and models load without it."""
    import subprocess
    import sys

    code = (
        "import django, sys; django.setup(); import config.urls; "
        "from wagtail.search.backends import get_search_backend; get_search_backend(); "
        "print(sorted(m for m in ('jieba', 'rjieba') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert out.stdout.strip() == "[]"
