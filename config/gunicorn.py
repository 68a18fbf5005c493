"""gunicorn settings: ``gunicorn -c config/gunicorn.py config.wsgi``. Every value can be overridden by env.

Two pools of the same application (docs/deploy.md, "Two pools"): ``GUNICORN_POOL=web`` (the default) serves
everything; ``GUNICORN_POOL=pages`` is a small second pool to which nginx sends anonymous GET/HEAD requests (no
session cookie). Under an exam peak the web pool's threads are all held by quiz requests, and a reader's request for
a cached page, which costs a millisecond, waited behind them for seconds; in its own pool it waits for nothing but
its share of the CPU. Both pools run the whole site, so either can answer any request if the routing is off.
"""

import multiprocessing
import os

POOL = os.environ.get("GUNICORN_POOL", "web")
if POOL not in ("web", "pages"):
    raise SystemExit(f"GUNICORN_POOL must be 'web' or 'pages', not {POOL!r}")
_PAGES = POOL == "pages"

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001" if _PAGES else "127.0.0.1:8000")
# Threads share one copy of the jieba dictionary and the fonts per process; two processes per core for the web pool,
# two for the pages pool (a cache hit is a millisecond of CPU; the second keeps answering while one restarts
# after max_requests: with one, readers waited for its restart — seen in the load run).
workers = int(os.environ.get("GUNICORN_WORKERS", 2 if _PAGES else multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", "8" if _PAGES else "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# The application is loaded once, in the master, and every worker is forked from it. A worker restarted after
# max_requests is then ready at once; loading it in the worker cost ~2 s of CPU each time (Django, Wagtail, the
# translations, the segmenter's dictionary on its first search): at a few hundred requests a second, a restart every
# few seconds somewhere. The memory of what was loaded is shared by the workers until they write to it. New code is
# deployed with a restart of the service (systemctl restart), which docs/deploy.md says; HUP reuses the loaded code.
preload_app = True
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = f"shuanggong-{POOL}"


def when_ready(server) -> None:
    """In the master, once the application is loaded: what every worker would otherwise load on its first request."""
    import gc

    from django.conf import settings
    from django.utils import translation
    from django.utils.module_loading import import_string

    # e.g. the segmenter's dictionary; a site of other settings (benchmarks/load/minimal.py) names nothing
    for path in getattr(settings, "LOAD_BEFORE_FORK", ()):
        import_string(path)()
    for language in ("zh-hans", "en"):
        with translation.override(language):
            translation.gettext("搜索")  # each language's catalogue
    gc.freeze()


def pre_fork(server, worker) -> None:
    """Nothing the master opened may be shared with a worker: a database or cache connection used by two processes
    mixes their answers. None should be open; close any, so the worker opens its own."""
    from django.core.cache import caches
    from django.db import connections

    connections.close_all()
    caches.close_all()


def post_worker_init(worker) -> None:
    """Move everything the application loaded (Django, Wagtail, the segmenter's dictionary…) out of the garbage
    collector's sight: those objects live as long as the worker, and every full collection walked them again."""
    import gc

    gc.freeze()
