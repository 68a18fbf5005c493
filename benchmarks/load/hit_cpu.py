"""CPU per anonymous page-cache hit, in the process (the WSGI application called directly), against a minimal view.

    DATABASE_URL=postgres://…/<a database with the demo> REDIS_URL=redis://127.0.0.1:6379/11 \\
        .venv/bin/python benchmarks/load/hit_cpu.py [/knowledge/guides/guide-escort/] [--hits 3000]

Each cache backend of ``BACKENDS`` runs in a fresh process with production settings (the project uses Django's own
Redis backend with one client per connection pool, ``config/cache.py``; django-redis was compared this way and not
adopted), with and without ``gc.freeze()`` (what ``config/gunicorn.py`` does in each worker).
No network, no gunicorn: what is left is the hit's own cost, where ``ratio.sh`` measures the whole server.
"""

from __future__ import annotations

import argparse
import io
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BACKENDS = {
    "Django RedisCache": "django.core.cache.backends.redis.RedisCache",
    "ReusedClientRedisCache": "config.cache.ReusedClientRedisCache",  # what the project uses
}


def environ(path: str) -> dict:
    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr, "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
    }  # fmt: skip


def measure(application, path: str, hits: int) -> tuple[float, str]:
    seen: dict = {}

    def start_response(status, headers, exc_info=None):
        seen.update(status=status, headers=dict(headers))

    for _ in range(3):  # rendered once, then cached
        b"".join(application(environ(path), start_response))
    started = time.process_time()
    for _ in range(hits):
        response = application(environ(path), start_response)
        b"".join(response)
        response.close()
    return (time.process_time() - started) / hits * 1e6, seen["headers"].get("X-Page-Cache", "-")


def child(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT))
    if args.child == "minimal":
        from benchmarks.load.minimal import application

        path = "/"
    else:
        from config.wsgi import application

        path = args.path
    if args.freeze:
        import gc

        gc.freeze()
    cpu, cache = measure(application, path, args.hits)
    print(f"{cpu:.0f} {cache}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default="/knowledge/guides/guide-escort/")
    parser.add_argument("--hits", type=int, default=3000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--freeze", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    env = {
        "DJANGO_SETTINGS_MODULE": "benchmarks.load.hit_settings",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DEBUG": "false",
        **os.environ,
    }
    env.setdefault("FIELD_ENCRYPTION_KEY", "0" * 43 + "=")
    print(f"{args.hits} hits of {args.path}, CPU per request, load average {os.getloadavg()[0]:.2f}")
    runs = [("minimal Django view", "minimal", "django.core.cache.backends.locmem.LocMemCache")]
    runs += [(name, "page", backend) for name, backend in BACKENDS.items()]
    for label, kind, backend in runs:
        for freeze in (False, True):
            command = [sys.executable, __file__, args.path, "--hits", str(args.hits), "--child", kind]
            out = subprocess.run(
                command + (["--freeze"] if freeze else []),
                env={**env, "HIT_CACHE_BACKEND": backend, "REDIS_URL": env.get("REDIS_URL", "redis://127.0.0.1:6379/11")},
                capture_output=True, text=True, check=True, cwd=ROOT,
            ).stdout.split()  # fmt: skip
            print(f"  {label:22} {'gc.freeze' if freeze else 'no freeze':10} {out[0]:>6} µs  (X-Page-Cache: {out[1]})")


if __name__ == "__main__":
    main()
