"""Extract step: fetch fresh data from the publishers' APIs into new raw vintages.

`fetch_sources(raw_dir, ids)` is the entry point; see docs/fetch.md for the layout of a
vintage, the manifest's [[api]] tables and the exit codes.
"""

from caetl.fetch.runner import (
    EXIT_FETCH_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    FetchResult,
    exit_code,
    fetch_sources,
)

__all__ = [
    "EXIT_FETCH_FAILED",
    "EXIT_OK",
    "EXIT_USAGE",
    "FetchResult",
    "exit_code",
    "fetch_sources",
]
