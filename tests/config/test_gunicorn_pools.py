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


def test_workers_are_forked_from_a_loaded_application_and_share_no_connection(monkeypatch, django_db_blocker):
    # A worker restarted after max_requests is forked from the master, which loaded the application once; nothing
    # the master opened (a database or cache connection) may go to two processes.
    from django.db import connection

    hooks = settings_for(monkeypatch)
    assert hooks["preload_app"] is True
    with django_db_blocker.unblock():
        connection.ensure_connection()
        assert connection.connection is not None
        hooks["pre_fork"](server=None, worker=None)
        assert connection.connection is None


def test_the_master_loads_the_segmenter_before_forking(monkeypatch):
    import gc

    from kb.search import analysis

    hooks = settings_for(monkeypatch)
    monkeypatch.setattr(analysis, "_segmenter", None)
    try:
        hooks["when_ready"](server=None)
        assert analysis._segmenter is not None
    finally:
        gc.unfreeze()


@pytest.mark.parametrize("yardstick", ["benchmarks.load.minimal", "benchmarks.load.minimal_default"])
def test_the_benchmarks_minimal_site_starts_under_the_same_settings(tmp_path, yardstick):
    # benchmarks/load/ratio.sh serves its yardsticks (benchmarks/load/minimal.py and, with MINIMAL_APP,
    # minimal_default.py: settings of their own without LOAD_BEFORE_FORK) with config/gunicorn.py; the master's
    # hooks must not need the project's settings.
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    root = Path(CONFIG).parents[1]
    env = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1", "GUNICORN_THREADS": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603 - the project's own gunicorn and settings
        [str(gunicorn), "-c", CONFIG, f"{yardstick}:application"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "gunicorn.log").open("w"),
    )
    try:
        body = b""
        for _ in range(200):  # up to 20 s on a loaded machine
            if server.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:  # noqa: S310
                    body = response.read()
                break
            except OSError:
                time.sleep(0.1)
        assert "minimal view" in body.decode(), (tmp_path / "gunicorn.log").read_text()
    finally:
        server.terminate()
        server.wait(timeout=30)
