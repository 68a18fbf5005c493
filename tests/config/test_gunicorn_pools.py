"""The shipped gunicorn settings give the two pools of docs/deploy.md."""

import runpy
from pathlib import Path

import pytest

CONFIG = str(Path(__file__).resolve().parents[2] / "config" / "gunicorn.py")


def settings_for(monkeypatch, **env) -> dict:
    for name in ("GUNICORN_POOL", "GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(CONFIG)


def test_the_web_pool_is_the_default(monkeypatch):
    web = settings_for(monkeypatch)
    assert web["bind"] == "127.0.0.1:8000" and web["worker_class"] == "gthread"


def test_the_pages_pool_listens_where_nginx_sends_anonymous_readers(monkeypatch):
    pages = settings_for(monkeypatch, GUNICORN_POOL="pages")
    assert (pages["bind"], pages["workers"], pages["threads"]) == ("127.0.0.1:8001", 2, 8)
    assert "127.0.0.1:8001" in Path(CONFIG).parents[1].joinpath("docs", "deploy.md").read_text(encoding="utf-8")


def test_an_unknown_pool_name_stops_gunicorn_with_a_clear_message(monkeypatch):
    with pytest.raises(SystemExit, match="GUNICORN_POOL"):
        settings_for(monkeypatch, GUNICORN_POOL="readers")


def test_a_worker_freezes_what_the_application_loaded(monkeypatch):
    import gc

    hooks = settings_for(monkeypatch)
    try:
        hooks["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
