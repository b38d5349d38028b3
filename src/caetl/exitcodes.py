"""Exit codes of `caetl refresh` and `caetl check`, for cron, systemd and scripts.

Each code names what the operator should do; docs/scheduling.md lists them and the deploy/
examples treat BUSY as "another run is already doing the work", not as a failure.
"""

from __future__ import annotations

OK = 0
"""Published a new warehouse, or nothing had changed (the published one is current)."""
ERROR = 1
"""An unexpected error (a bug, a full disk); the published warehouse is untouched."""
USAGE = 2
"""Bad command-line arguments (typer/click's own code)."""
INPUT = 3
"""A source file or the manifest was refused by a file-level gate; fix the named file."""
BUILD = 4
"""dbt build or one of its tests failed; the warehouse models need fixing."""
REPORT = 5
"""Writing the reports failed after a good build; nothing was published."""
FETCH = 6
"""`caetl fetch` / `refresh --fetch`: an API source failed; its previous vintage stays in
force (with --fetch the refresh still ran on what is there)."""
DAMAGED = 7
"""The published warehouse was damaged (did not open or failed the integrity check).
`caetl refresh` and `caetl status` moved it to warehouse/damaged/ and rebuilt it from raw/
(exit 7 after a good rebuild, else the rebuild's own code); `caetl report`, `sql` and
`export` refuse to read it: run `caetl refresh`."""
BUSY = 75
"""Another refresh holds the lock (EX_TEMPFAIL); retry later or pass --wait."""

DESCRIPTIONS = {
    OK: "published, or nothing changed",
    ERROR: "unexpected error, nothing published",
    USAGE: "bad command-line arguments",
    INPUT: "an input file or the manifest failed a file-level gate, nothing published",
    BUILD: "dbt build or tests failed, nothing published",
    REPORT: "reports failed, nothing published",
    FETCH: "an API fetch failed; its previous vintage stays in force",
    DAMAGED: "the published warehouse was damaged: moved to warehouse/damaged/, rebuilt",
    BUSY: "another refresh is running (lock held); retry later",
}
