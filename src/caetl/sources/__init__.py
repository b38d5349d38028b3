"""Source format modules, one per published layout, looked up by the manifest's `parser`."""

from __future__ import annotations

from importlib import import_module

from caetl.errors import ManifestError
from caetl.sources.base import SourceFormat

# parser name -> module under caetl.sources that defines FORMAT
FORMATS: dict[str, str] = {
    "imf_dots": "imf_dots",
    "kaz_panel": "kaz_panel",
    "kaz_monthly": "kaz_monthly",
    "trade_page_figures": "trade_page_figures",
    "page_figures": "page_figures",
    "wdi_csv": "wdi_csv",
    "wdi_panel": "wdi_panel",
    "fx_h10": "fx_h10",
    "aiddata_gcdf_country": "aiddata",
    "deals": "deals",
    "memberships": "memberships",
    "sipri_register": "sipri_register",
    "claims": "claims",
    "worldbank_api": "worldbank_api",
    "imf_sdmx": "imf_sdmx",
    "comtrade": "comtrade",
    "kaz_bns_partners": "kaz_bns_partners",
    "kgz_nsc_partners": "kgz_nsc_partners",
    "uzb_stat_partners": "uzb_stat_partners",
    "russia_fcs": "russia_fcs",
    "comext_relational": "comext_relational",
    "comext_relational_fr": "comext_relational_fr",
    "comext_spreadsheet": "comext_spreadsheet",
    "imf_cdis_table6o": "imf_cdis",
    "knomad_brm": "knomad_brm",
}


def get_format(parser: str) -> SourceFormat:
    try:
        module = FORMATS[parser]
    except KeyError as exc:
        raise ManifestError(f"unknown parser {parser!r}; known: {', '.join(FORMATS)}") from exc
    return import_module(f"caetl.sources.{module}").FORMAT
