"""Rebuild the rus_fcs, eurostat and eurostat_fr blocks of dbt_project/seeds/country_aliases.csv
from the names in the partner-side raw files (Russia's customs workbook, Eurostat Comext
downloads).

The checked-in seed is the source of truth; this records how the blocks were made: every
label the raw files use, mapped through pycountry's English and French country names, then
the hand-made tables below. Eurostat labels are kept per language (eurostat: the English
downloads and the spreadsheet; eurostat_fr: the download made with French labels), since a
label can name another partner in French. Exits 1 listing any label left unmapped; with
--check, exits 1 if the seed's blocks differ from what the raw files give.

    .venv/bin/python scripts/build_partner_trade_aliases.py [--check]
"""

from __future__ import annotations

import argparse
import csv
import gettext
import io
import re
import sys
from pathlib import Path

import pycountry

from caetl.sources import comext_relational, comext_relational_fr, comext_spreadsheet, russia_fcs

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
SEED = ROOT / "dbt_project" / "seeds" / "country_aliases.csv"
PUBLISHERS = ("rus_fcs", "eurostat", "eurostat_fr")

# Russian names of the customs workbook, after the parser's folding of Latin look-alikes.
RUS_FCS = {
    "Австрия": "AUT", "Азербайджан": "AZE", "Беларусь": "BLR", "Бельгия": "BEL",
    "Бразилия": "BRA", "Великобритания": "GBR", "Вьетнам": "VNM", "Германия": "DEU",
    "Индия": "IND", "Индонезия": "IDN", "Испания": "ESP", "Италия": "ITA",
    "Казахстан": "KAZ", "Китай": "CHN", "Нидерланды": "NLD", "Польша": "POL",
    "Республика Корея": "KOR", "США": "USA", "Словакия": "SVK", "Тайвань": "TWN",
    "Турция": "TUR", "Узбекистан": "UZB", "Украина": "UKR", "Финляндия": "FIN",
    "Франция": "FRA", "Чешская республика": "CZE", "Швейцария": "CHE", "Швеция": "SWE",
    "Япония": "JPN",
}  # fmt: skip

# Eurostat labels pycountry does not name, in either language; XU?: countries.csv codes for
# Eurostat's aggregates and residuals.
EUROSTAT = {
    "European Union - 27 countries (AT, BE, BG, CY, CZ, DE, DK, EE, ES, FI, FR, GR, HR, HU, IE, IT, LT, LU, LV, MT, NL, PL, PT, RO, SE, SI, SK)": "EUU",  # noqa: E501
    "Union européenne - 27 pays (AT, BE, BG, CY, CZ, DE, DK, EE, ES, FI, FR, GR, HR, HU, IE, IT, LT, LU, LV, MT, NL, PL, PT, RO, SE, SI, SK)": "EUU",  # noqa: E501
    "Extra-EU27 (from 2020)": "XUX",
    "Extra-UE27 (à partir de 2020)": "XUX",
    "Intra-EU27 (from 2020)": "XUI",
    "Intra-UE27 (à partir de 2020)": "XUI",
    "Countries and territories not specified for commercial or military reasons in the framework of extra-Union trade": "XUC",  # noqa: E501
    "Pays et territoires non précisés pour des raisons commerciales ou militaires dans le cadre des échanges avec les pays tiers": "XUC",  # noqa: E501
    "Countries and territories not specified for commercial or military reasons in the framework of intra-Union trade": "XUD",  # noqa: E501
    "Pays et territoires non précisés pour des raisons commerciales ou militaires dans le cadre des échanges intra-UE": "XUD",  # noqa: E501
    "Countries and territories not specified within the framework of extra-Union trade": "XUN",
    "Pays et territoires non déterminés dans le cadre des échanges avec les pays tiers": "XUN",
    "Countries and territories not specified within the framework of intra-Union trade": "XUO",
    "Pays et territoires non déterminés dans le cadre des échanges intra-UE": "XUO",
    "Stores and provisions within the framework of extra-Union trade": "XUP",
    "Avitaillement et soutage dans le cadre des échanges avec les pays tiers": "XUP",
    "Stores and provisions within the framework of intra-Union trade": "XUQ",
    "Avitaillement et soutage dans le cadre des échanges intra-UE": "XUQ",
    "High seas": "XUH",
    "Haute mer": "XUH",
    "Ceuta (incl. Melilla 'XL' -> 1998)": "XUA",
    "Melilla": "XUL",
    "Kosovo": "XKX",
    "Netherlands Antilles (incl. Aruba 'AW' -> 1986)": "ANT",
    "Biélorussie (Belarus)": "BLR",
    "Bolivie, Etat plurinational de": "BOL",
    "Cocos Islands (or Keeling Islands)": "CCK",
    "Iles Cocos (ou Iles Keeling)": "CCK",
    "Congo, Democratic Republic of": "COD",
    "Congo, République démocratique du": "COD",
    "Côte d’Ivoire": "CIV",
    "Côte d’Ivoire (Ivory Coast)": "CIV",
    "Egypte": "EGY",
    "Emirats arabes unis": "ARE",
    "Equateur": "ECU",
    "Erythrée": "ERI",
    "Etats-Unis (incl. Ile Navassa (partie de 'UM') de 1995 -> 2000)": "USA",
    "Ethiopie (incl. Erythrée 'ER' -> 1993)": "ETH",
    "Groenland": "GRL",
    "Ile Bouvet": "BVT",
    "Ile Christmas": "CXR",
    "Ile Norfolk": "NFK",
    "Iles Caïmans": "CYM",
    "Iles Cook": "COK",
    "Iles Falkland (Malouines)": "FLK",
    "Iles Féroé": "FRO",
    "Iles Géorgie du Sud et Sandwich du Sud": "SGS",
    "South Georgia and South Sandwich Islands": "SGS",
    "Iles Heard et McDonald": "HMD",
    "Iles Mariannes du Nord": "MNP",
    "Iles Marshall": "MHL",
    "Iles Salomon": "SLB",
    "Iles Turks-et-Caïcos": "TCA",
    "Iles Vierges britanniques (incl. Montserrat 'MS' -> 1994)": "VGB",
    "Iles Vierges des Etats-Unis": "VIR",
    "Virgin Islands, United States": "VIR",
    "Iles mineures éloignées des Etats-Unis": "UMI",
    "Iran, République islamique d’": "IRN",
    "Korea, Democratic People’s Republic of (North Korea)": "PRK",
    "Lao People’s Democratic Republic (Laos)": "LAO",
    "République démocratique populaire lao (Laos)": "LAO",
    "Micronésie, Etats fédérés de": "FSM",
    "Moldavie, République de": "MDA",
    "Niué": "NIU",
    "Occupied Palestinian Territory (West Bank (incl. East Jerusalem) and Gaza Strip)": "PSE",
    "Territoire palestinien occupé (Cisjordanie (incl. Jérusalem-Est) et bande de Gaza)": "PSE",
    "République arabe syrienne (Syrie)": "SYR",
    "Saint-Christophe-et-Nevis": "KNA",
    "St Kitts and Nevis": "KNA",
    "Saint-Siège (Etat de la Cité du Vatican)": "VAT",
    "Sint-Maarten (partie néerlandaise)": "SXM",
    "St Lucia": "LCA",
    "St Pierre and Miquelon": "SPM",
    "St Vincent and the Grenadines": "VCT",
    "Territoire britannique de l’océan Indien": "IOT",
    "Timor-Oriental": "TLS",
    "Tokélaou": "TKL",
    "Venezuela, République bolivarienne du": "VEN",
    "Wallis-et-Futuna": "WLF",
}
# Labels whose meaning differs by language: in the French download `Guinea` is
# Guinea-Bissau (EUR 126m in 2016, against 116m and 148m for Guinea-Bissau in 2015 and
# 2017; Guinea is `Guinée`).
EUROSTAT_FR_ONLY = {"Guinea": "GNB"}


def _pycountry_names() -> dict[str, str]:
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names[value.lower()] = country.alpha_3
                names[french.gettext(value).lower()] = country.alpha_3
    return names


def _eurostat_iso3(label: str, known: dict[str, str], table: dict[str, str]) -> str | None:
    if label in table:
        return table[label]
    # `Belgium (incl. Luxembourg 'LU' -> 1998)`: the notes in brackets are history
    for candidate in (label, re.sub(r"\s*\((incl\.|from|depuis|à partir).*$", "", label)):
        for form in (candidate, re.sub(r"\s*\(.*\)$", "", candidate)):
            if form.strip().lower() in known:
                return known[form.strip().lower()]
    return None


def build() -> tuple[dict[str, dict[str, str]], list[str]]:
    fcs = russia_fcs.parse(RAW / "trade/national/russia_fcs/96stran.xlsx")
    english: set[str] = set()
    french: set[str] = set()
    for source, fmt in (
        ("eu27_exports_annual", None),
        ("eu_member_trade_monthly", comext_spreadsheet.FORMAT),
    ):
        for path in sorted((RAW / "trade/eurostat" / source).iterdir()):
            if path.suffix not in (".csv", ".xlsx"):
                continue
            if fmt is None:
                text = path.read_text(encoding="utf-8")
                is_french = comext_relational.REPORTER_PREFIX["fr"] in text
                fmt_used = comext_relational_fr.FORMAT if is_french else comext_relational.FORMAT
            else:
                is_french, fmt_used = False, fmt
            frame = fmt_used.parse(path)
            labels = set(frame["reporter_name"]) | set(frame["partner_name"])
            (french if is_french else english).update(labels)
    known = _pycountry_names()
    blocks: dict[str, dict[str, str]] = {"rus_fcs": {}, "eurostat": {}, "eurostat_fr": {}}
    missing: list[str] = []
    for name in sorted(set(fcs["partner_name"])):
        if name in RUS_FCS:
            blocks["rus_fcs"][name] = RUS_FCS[name]
        else:
            missing.append(f"rus_fcs: {name}")
    for publisher, labels, table in (
        ("eurostat", english, EUROSTAT),
        ("eurostat_fr", french, {**EUROSTAT, **EUROSTAT_FR_ONLY}),
    ):
        for label in sorted(labels):
            iso3 = _eurostat_iso3(label, known, table)
            if iso3:
                blocks[publisher][label] = iso3
            else:
                missing.append(f"{publisher}: {label}")
    return blocks, missing


def render(blocks: dict[str, dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for publisher in PUBLISHERS:
        for alias in sorted(blocks[publisher]):
            writer.writerow([publisher, alias, blocks[publisher][alias]])
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the seed only")
    args = parser.parse_args()
    blocks, missing = build()
    if missing:
        print("unmapped:\n  " + "\n  ".join(missing), file=sys.stderr)
        return 1
    lines = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    prefixes = tuple(p + "," for p in PUBLISHERS)
    mine = [i for i, line in enumerate(lines) if line.startswith(prefixes)]
    current = "".join(lines[i] for i in mine)
    wanted = render(blocks)
    if args.check:
        print("seed up to date" if current == wanted else "seed differs", file=sys.stderr)
        return 0 if current == wanted else 1
    start = mine[0] if mine else len(lines)
    rest = [line for i, line in enumerate(lines) if i not in set(mine)]
    SEED.write_text("".join(rest[:start]) + wanted + "".join(rest[start:]), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
