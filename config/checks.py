"""``manage.py check`` names a missing local directory instead of SQLite's "unable to open database file".

The settings create no folders when imported (importing them must not touch the disk); ``scripts/bootstrap.sh``
creates ``VAR_DIR``, and this check tells an operator who skipped it what to create.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def sqlite_directory_exists(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """The SQLite file's folder must exist: SQLite creates the file, never its folder."""
    errors = []
    for alias, conf in settings.DATABASES.items():
        if conf.get("ENGINE") != "django.db.backends.sqlite3" or str(conf.get("NAME", "")).startswith(":memory:"):
            continue
        folder = Path(conf["NAME"]).parent
        if not folder.is_dir():
            errors.append(
                Error(
                    f"the folder of the SQLite database does not exist: {folder}",
                    hint="Run scripts/bootstrap.sh, or create the folder (SHUANGGONG_VAR_DIR).",
                    obj=f"DATABASES[{alias!r}]",
                    id="config.E001",
                )
            )
    return errors
