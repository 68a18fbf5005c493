"""Production settings must refuse unsafe configurations; checked in a child process with a clean environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-production-secret-key-for-the-test-only-0123456789"


def run_django(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    dropped = {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_the_default_secret_key():
    result = run_django({"DEBUG": "false", "ALLOWED_HOSTS": "sg.example.org"}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug_on():
    result = run_django({"DEBUG": "true", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "sg.example.org"}, "check")
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


FERNET_KEY = "ZmDfcTF7_60GrrY167zsiPd67pEvs0aGOv2oasOM1Pg="


def test_production_check_deploy_is_clean():
    result = run_django(
        # A production environment sets the roster's own ID-number key (roster.W001 otherwise).
        {
            "DEBUG": "false",
            "SECRET_KEY": GOOD_KEY,
            "ALLOWED_HOSTS": "sg.example.org",
            "FIELD_ENCRYPTION_KEY": FERNET_KEY,
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stderr + result.stdout
