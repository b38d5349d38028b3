"""The shape of what a source format's rows must satisfy, as plain data (no Great
Expectations here). Each format declares its own Suite next to its parser
(`SourceFormat.suite` in caetl.sources); this module imports nothing of caetl, so formats,
gates and the GX runner can all import it.

Row-level rules (ranges, allowed sets, required cells, unique keys) send a failing row to
meta.rejects and keep the rest. File-level rules stop the refresh: a required column
missing, a source that shrinks by more than half against the previous load, or a file whose
total of `measure` moves by 100x or more (a units slip: thousands read as millions).
Column types are enforced before this by the format's schema cast.
"""

from __future__ import annotations

from dataclasses import dataclass, field

YEARS = (1940, 2100)
TRADE_FLOWS = ("exports", "imports")


@dataclass(frozen=True)
class Suite:
    ranges: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    """column -> (min, max), inclusive; None leaves a side open. Row-level."""
    allowed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """column -> allowed values (nulls pass). Row-level."""
    required: tuple[str, ...] = ()
    """Columns that must have a value in every row (the format's key is added). Row-level."""
    measure: str | None = None
    """The column whose per-file total is compared with the previous load (units slip)."""
    reasons: dict[str, str] = field(default_factory=dict)
    """column -> the reason recorded for a row outside its range."""


NEGATIVE = "negative trade value (IMF adjustments are kept out of the flows; see meta.rejects)"

SHRINK_LIMIT = 0.5
"""A source keeping fewer than this share of its previous rows is refused."""
SLIP_FACTOR = 100.0
"""A file whose total is this many times larger or smaller than before is refused."""
