"""The settings are read-only: importing them touches no disk, and a missing data folder is named by a check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _run(code: list[str], var_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SHUANGGONG_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    env.pop("DATABASE_URL", None)
    env.pop("STATIC_ROOT", None)
    return subprocess.run([sys.executable, *code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_importing_the_settings_creates_no_folder(tmp_path):
    var_dir = tmp_path / "not-yet"
    result = _run(["-c", "import config.settings.base"], var_dir)
    assert result.returncode == 0, result.stderr
    assert not var_dir.exists()


def test_check_names_a_missing_sqlite_folder(tmp_path):
    var_dir = tmp_path / "not-yet"
    result = _run(["manage.py", "check"], var_dir)
    assert result.returncode != 0
    assert "config.E001" in result.stderr and str(var_dir) in result.stderr
    assert not var_dir.exists()
