"""Eurostat Comext relational view CSV downloaded with French labels (`Union européenne -
27 pays`, `Biélorussie (Belarus)`, flow `EXPORTATION`): the layout of comext_relational,
with its own alias publisher (eurostat_fr), because a label can name another partner in
French than in English (`Guinea` is Guinea-Bissau here)."""

from __future__ import annotations

from caetl.sources.comext_relational import format_for

FORMAT = format_for("fr")
