"""Publishing by rename: a folder swapped into place whole, and renames made durable.

Readers of a published path see the old bytes or the new ones, never a mix: the warehouse
file is replaced with `os.replace`, a report folder by an atomic exchange where Linux
offers one (renameat2).
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
from pathlib import Path

# The dbt docs page, published inside the reports folder (relative to it).
PUBLISHED_DOCS = Path("html") / "dbt-docs.html"
# Names the load whose warehouse the published reports were written from.
REPORTS_MARKER = ".caetl-run.json"


def write_reports_marker(reports: Path, load_id: str) -> None:
    (reports / REPORTS_MARKER).write_text(json.dumps({"load_id": load_id}))


def reports_load_id(reports: Path) -> str | None:
    try:
        return json.loads((reports / REPORTS_MARKER).read_text())["load_id"]
    except (FileNotFoundError, ValueError, KeyError):
        return None


def fsync_dir(folder: Path) -> None:
    """Make the renames durable: a power cut must not bring the old names back."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


RENAME_EXCHANGE = 2  # linux/fs.h
AT_FDCWD = -100


def _rename_exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def exchange_dirs(new: Path, published: Path) -> None:
    """Put folder `new` in place of `published` (which may not exist yet) and delete the
    old one. Readers see the whole old folder or the whole new one, never neither."""
    if not published.exists():
        new.rename(published)
        return
    if _rename_exchange(new, published):
        shutil.rmtree(new)  # now the old folder
        return
    # Without an atomic exchange: a brief moment where `published` is missing.
    old = published.with_name(published.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    published.rename(old)
    new.rename(published)
    shutil.rmtree(old)
