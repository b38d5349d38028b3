"""Rebuild dbt_project/seeds/countries.csv and country_aliases.csv from the raw files.

The checked-in CSVs are the source of truth. This script records how they were made: it
collects every country name or code the raw files use, maps it through the hand-made tables
below and then pycountry, and rewrites both seeds. Run it again when a new raw file brings
new names; it exits 1 and lists them if any name is left unmapped.
Rows of publishers it does not build (the national statistics tables, from
scripts/build_national_trade_aliases.py, and others) and their countries rows are kept.

    .venv/bin/python scripts/build_country_aliases.py [--dots-cache /tmp/dots_names.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
SEEDS = ROOT / "dbt_project" / "seeds"
CA5 = ("KAZ", "KGZ", "TJK", "TKM", "UZB")

# Codes outside ISO 3166-1: our own labels, ISO 3166-3 historic codes, and user-assigned
# X?? codes for publisher aggregates and residuals. code -> (name, kind)
EXTRA_CODES: dict[str, tuple[str, str]] = {
    "WLD": ("World", "aggregate"),
    "EUU": ("European Union", "aggregate"),
    "EMU": ("Euro Area", "aggregate"),
    "CA5": ("Central Asia (KAZ, KGZ, TJK, TKM, UZB)", "aggregate"),
    "XAD": ("Advanced Economies (IMF)", "aggregate"),
    "XED": ("Emerging and Developing Economies (IMF)", "aggregate"),
    "XEA": ("Emerging and Developing Asia (IMF)", "aggregate"),
    "XEE": ("Emerging and Developing Europe (IMF)", "aggregate"),
    "XAF": ("Africa (IMF)", "aggregate"),
    "XSS": ("Sub-Saharan Africa (IMF)", "aggregate"),
    "XME": ("Middle East (IMF)", "aggregate"),
    "XMC": ("Middle East and Central Asia (IMF)", "aggregate"),
    "XWH": ("Western Hemisphere (IMF)", "aggregate"),
    "XFU": ("Emerging and developing economies, export earnings: fuel (IMF)", "aggregate"),
    "XNF": ("Emerging and developing economies, export earnings: nonfuel (IMF)", "aggregate"),
    "XRA": ("Africa not specified (IMF)", "residual"),
    "XRS": ("Asia not specified (IMF)", "residual"),
    "XRE": ("Europe not specified (IMF)", "residual"),
    "XRM": ("Middle East and Central Asia not specified (IMF)", "residual"),
    "XRW": ("Western Hemisphere not specified (IMF)", "residual"),
    "XRC": ("Countries and areas not specified (IMF)", "residual"),
    "XRO": ("Other countries not included elsewhere (IMF)", "residual"),
    "XRK": ("Special categories (IMF)", "residual"),
    "XCX": ("Areas, nes (Comtrade)", "residual"),
    "XCA": ("Other Asia, nes (Comtrade; mostly Taiwan)", "residual"),
    "XCE": ("Other Europe, nes (Comtrade)", "residual"),
    "XCF": ("Other Africa, nes (Comtrade)", "residual"),
    "XCL": ("LAIA, nes (Comtrade)", "residual"),
    "XCN": ("North America and Central America, nes (Comtrade)", "residual"),
    "XBK": ("Bunkers (Comtrade)", "residual"),
    "XUS": ("Unknown supplier(s) (SIPRI)", "residual"),
    "CPC": ("Caspian Pipeline Consortium", "organisation"),
    "XKX": ("Kosovo", "country"),
    "SUN": ("USSR", "historic"),
    "YUG": ("Yugoslavia", "historic"),
    "CSK": ("Czechoslovakia", "historic"),
    "DDR": ("East Germany", "historic"),
    "SCG": ("Serbia and Montenegro", "historic"),
    "ANT": ("Netherlands Antilles", "historic"),
    "BLX": ("Belgium-Luxembourg", "historic"),
    "YMD": ("Yemen, People's Democratic Republic (South Yemen)", "historic"),
    "XYA": ("Yemen Arab Republic (North Yemen)", "historic"),
    "XMW": ("West Malaysia", "historic"),
    "XSC": ("South African Common Customs Area (SACCA)", "historic"),
    "VDR": ("North Vietnam", "historic"),
    "XEM": ("Euro Area, aggregate of member states (IMF)", "aggregate"),
    "XCW": ("Curaçao and Sint Maarten (IMF)", "aggregate"),
}

# IMF SDMX CL_COUNTRY group codes (raw/reference/imf_cl_country_codelist.json) that are no
# group we already have: G... IMF country groups, U... UN M49 regions. Each gets its own
# user-assigned code; two IMF codes for one group (SACU) share it. Codes by family: XA?/XH?/
# XI?/XO?/XP? UN regions of Africa, the Americas, Asia, Europe, Oceania (?A the continent,
# ?O its southern region); XG? IMF regions; XT? unions and clubs; XV? IMF analytical groups.
# code -> (our code, name)
IMF_SDMX_GROUPS: dict[str, tuple[str, str]] = {
    "U002": ("XAA", "Africa (UN M49)"), "U015": ("XAN", "Northern Africa (UN M49)"),
    "U202": ("XAS", "Sub-Saharan Africa (UN M49)"), "U014": ("XAE", "Eastern Africa (UN M49)"),
    "U017": ("XAM", "Middle Africa (UN M49)"), "U018": ("XAO", "Southern Africa (UN M49)"),
    "U011": ("XAW", "Western Africa (UN M49)"), "U019": ("XHA", "Americas (UN M49)"),
    "U029": ("XHC", "Caribbean (UN M49)"), "U013": ("XHM", "Central America (UN M49)"),
    "U005": ("XHS", "South America (UN M49)"), "U142": ("XIA", "Asia (UN M49)"),
    "U030": ("XIE", "Eastern Asia (UN M49)"), "U035": ("XIS", "South-eastern Asia (UN M49)"),
    "U034": ("XIO", "Southern Asia (UN M49)"), "U145": ("XIW", "Western Asia (UN M49)"),
    "U150": ("XOA", "Europe (UN M49)"), "U151": ("XOE", "Eastern Europe (UN M49)"),
    "U154": ("XON", "Northern Europe (UN M49)"), "U039": ("XOO", "Southern Europe (UN M49)"),
    "U155": ("XOW", "Western Europe (UN M49)"), "U009": ("XPA", "Oceania (UN M49)"),
    "U053": ("XPZ", "Australia and New Zealand (UN M49)"),
    "U054": ("XPM", "Melanesia (UN M49)"), "U057": ("XPI", "Micronesia (UN M49)"),
    "U061": ("XPP", "Polynesia (UN M49)"),
    "G202": ("XGA", "Advanced Asia (IMF)"), "G906": ("XGE", "Advanced Europe (IMF)"),
    "G940": ("XGC", "Caucasus and Central Asia (IMF)"), "G1515": ("XGS", "Emerging Asia (IMF)"),
    "G205": ("XGL", "Latin America and the Caribbean (IMF)"),
    "G406": ("XGM", "Middle East and North Africa (IMF)"),
    "G401": ("XGX", "Middle East and Central Asia: Oil Exporters (IMF)"),
    "G402": ("XGI", "Middle East and Central Asia: Oil Importers (IMF)"),
    "G92031": ("XGN", "North America (IMF)"),
    "G1627": ("XGW", "Sub-Saharan Africa: Low-Income (IMF)"),
    "G1626": ("XGU", "Sub-Saharan Africa: Middle-Income (IMF)"),
    "G1614": ("XGO", "Sub-Saharan Africa: Oil Exporters (IMF)"),
    "GASEAN": ("XTA", "ASEAN (IMF)"), "G510": ("XTF", "ASEAN-5 (IMF)"),
    "G129": ("XTB", "Benelux (IMF)"),
    "G758": ("XTC", "Central African Economic and Monetary Community (CEMAC) (IMF)"),
    "G609": ("XTZ", "CFA franc zone (IMF)"),
    "G760": ("XTM", "Common Market for Eastern and Southern Africa (COMESA) (IMF)"),
    "G619": ("XTE", "East African Community (EAC) (IMF)"),
    "G309": ("XTK", "Eastern Caribbean Currency Union (ECCU) (IMF)"),
    "G776": ("XTW", "Economic Community of West African States (ECOWAS) (IMF)"),
    "G120": ("XTT", "G20 (IMF)"), "G119": ("XTV", "G7 (IMF)"),
    "G450": ("XTG", "Gulf Cooperation Council (GCC) (IMF)"),
    "G757": ("XTS", "Southern African Customs Union (SACU) (IMF)"),
    "GSAC": ("XTS", "Southern African Customs Union (SACU) (IMF)"),
    "G765": ("XTD", "Southern African Development Community (SADC) (IMF)"),
    "G759": ("XTU", "West African Economic and Monetary Union (WAEMU) (IMF)"),
    "G209": ("XVC", "EMDEs by External Financing: Net Creditors (IMF)"),
    "G606": ("XVD", "EMDEs by External Financing: Net Debtors (IMF)"),
    "G087": ("XVR", "EMDEs by External Financing: Net Debtors with Arrears and/or "
                    "Reschedulings (IMF)"),
    "G216": ("XVV", "EMDEs by Source of Export Earnings: Diversified (IMF)"),
    "G083": ("XVM", "EMDEs by Source of Export Earnings: Manufactures (IMF)"),
    "G089": ("XVP", "EMDEs by Source of Export Earnings: Primary Products (excluding Fuel) "
                    "(IMF)"),
    "G084": ("XVS", "EMDEs by Source of Export Earnings: Services (including Income, "
                    "Transfers) (IMF)"),
    "G1201": ("XVI", "Emerging Market and Middle-Income Economies (IMF)"),
    "G715": ("XVF", "Fragile and Conflict-affected States (FCS) (IMF)"),
    "G711": ("XVH", "Heavily Indebted Poor Countries (HIPC) (IMF)"),
    "G201": ("XVL", "Low-Income Developing Countries (LIDC) (IMF)"),
}  # fmt: skip
_CLASH = {
    code
    for code, _ in IMF_SDMX_GROUPS.values()
    if code in EXTRA_CODES or pycountry.countries.get(alpha_3=code)
}
assert not _CLASH, f"IMF SDMX group codes already taken: {sorted(_CLASH)}"
EXTRA_CODES.update({code: (name, "aggregate") for code, name in IMF_SDMX_GROUPS.values()})

# Short display names where pycountry's name is the formal one.
DISPLAY_NAMES = {
    "BOL": "Bolivia", "COD": "DR Congo", "CZE": "Czechia", "FSM": "Micronesia",
    "GBR": "United Kingdom", "IRN": "Iran", "KOR": "South Korea", "LAO": "Laos",
    "MDA": "Moldova", "PRK": "North Korea", "PSE": "Palestine", "RUS": "Russia",
    "SYR": "Syria", "TWN": "Taiwan", "TZA": "Tanzania", "USA": "United States",
    "VEN": "Venezuela", "VNM": "Vietnam",
}  # fmt: skip

# Names pycountry cannot resolve, by publisher. Everything else goes through pycountry.
MANUAL = {
    "imf": {
        "World": "WLD", "Advanced Economies": "XAD",
        "Emerging and Developing Economies": "XED", "Emerging and Developing Asia": "XEA",
        "Emerging and Developing Europe": "XEE", "Africa": "XAF", "Sub-Saharan Africa": "XSS",
        "Middle East": "XME", "Middle East and Central Asia": "XMC",
        "Western Hemisphere": "XWH", "Euro Area": "EMU", "European Union": "EUU",
        "Emerging Market and Developing Economies by Source of Export Earnings: Fuel": "XFU",
        "Emerging Market and Developing Economies by Source of Export Earnings: Nonfuel":
            "XNF",
        "Africa not specified": "XRA", "Asia not specified": "XRS",
        "Europe not specified": "XRE", "Middle East and Central Asia not specified": "XRM",
        "Western Hemisphere not specified": "XRW", "Countries & Areas not specified": "XRC",
        "Other Countries not included elsewhere": "XRO", "Special Categories": "XRK",
        "USSR": "SUN", "Yugoslavia": "YUG", "Czechoslovakia": "CSK", "Eastern Germany": "DDR",
        "Serbia and Montenegro": "SCG", "Netherlands Antilles": "ANT",
        "Belgium-Luxembourg": "BLX", "Yemen Arab Rep.": "XYA",
        "Yemen, People's Dem. Rep. of": "YMD", "Malaysia, West": "XMW",
        "South African Common Customs Area (SACCA)": "XSC",
        "China, P.R.: Mainland": "CHN", "China, P.R.: Hong Kong": "HKG",
        "China, P.R.: Macao": "MAC", "Taiwan Province of China": "TWN",
        "Kosovo, Rep. of": "XKX", "Korea, Rep. of": "KOR",
        "Korea, Dem. People's Rep. of": "PRK", "Congo, Dem. Rep. of the": "COD",
        "Congo, Rep. of": "COG", "Lao People's Dem. Rep.": "LAO",
        "Micronesia, Federated States of": "FSM", "Holy See": "VAT", "Turkey": "TUR",
        "West Bank and Gaza": "PSE", "Venezuela, Rep. Bolivariana de": "VEN",
        "Sint Maarten, Kingdom of the Netherlands": "SXM",
        "São Tomé and Príncipe, Dem. Rep. of": "STP", "Timor-Leste, Dem. Rep. of": "TLS",
        "Ethiopia, The Federal Dem. Rep. of": "ETH",
    },
    "comtrade": {
        "W00": "WLD", "World": "WLD", "_X": "XCX", "Areas, nes": "XCX", "X1": "XBK",
        "Bunkers": "XBK", "S19": "XCA", "Other Asia, nes": "XCA", "E19": "XCE",
        "Other Europe, nes": "XCE", "F19": "XCF", "Other Africa, nes": "XCF", "A79": "XCL",
        "LAIA, nes": "XCL", "A59": "XCN", "North America and Central America, nes": "XCN",
    },
    "sipri": {
        "Russia": "RUS", "South Korea": "KOR", "Turkiye": "TUR", "UAE": "ARE",
        "unknown supplier(s)": "XUS",
    },
    "iso3": {"C5": "CA5"},
    # IMF SDMX codes (CL_COUNTRY) that are no ISO3 code of the same entity. G codes whose
    # name is a DOTS aggregate's (G110 Advanced Economies, ...) map by name, see
    # imf_sdmx_codes; G200 is DOTS's "Emerging and Developing Economies" under its current
    # name; U143 (UN M49 Central Asia) is exactly the five. G995 sums the member states, so
    # it is kept apart from G163, the euro area as one economy (DOTS's "Euro Area", EMU).
    "imf_sdmx": {
        "KOS": "XKX", "WBG": "PSE", "YAR": "XYA", "CWX": "XCW", "G200": "XED",
        "U143": "CA5", "G995": "XEM",
        **{code: ours for code, (ours, _) in IMF_SDMX_GROUPS.items()},
    },
}  # fmt: skip

# IMF style suffixes and abbreviations that hide a plain pycountry name.
_IMF_SUFFIX = re.compile(
    r", (Rep\. of( the)?|The|Kingdom of( the Netherlands)?|Islamic Rep\. of|Union of the|"
    r"Arab Rep\. of|The State of|Republic of|United Rep\. of|Rep\. Bolivariana de)$"
)


def _pycountry(name: str) -> str | None:
    candidates = [name]
    if _IMF_SUFFIX.search(name):
        candidates.append(_IMF_SUFFIX.sub("", name))
    candidates.append(name.replace("Rep.", "Republic").replace("St. ", "Saint "))
    for candidate in candidates:
        try:
            return pycountry.countries.lookup(candidate).alpha_3
        except LookupError:
            continue
    return None


def _csv_rows(path: Path, encoding: str = "utf-8", skip: int = 0) -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as handle:
        for _ in range(skip):
            handle.readline()
        return list(csv.DictReader(handle))


def _split_codes(value: str) -> Iterable[str]:
    return (part.strip() for part in re.split(r"[;+]", value) if part.strip())


def imf_names(cache: Path | None) -> set[str]:
    """Reporter and partner names of every DOTS workbook, read with the project's parser."""
    if cache and cache.exists():
        files = json.loads(cache.read_text())["files"]
        return {n for v in files.values() for n in v["reporters"] + v["partners"]}
    sys.path.insert(0, str(ROOT / "src"))
    from caetl.sources.imf_dots import parse

    names: set[str] = set()
    for path in sorted((RAW / "trade" / "imf_dots_xlsx").glob("*.xlsx")):
        frame = parse(path)
        names |= set(frame["reporter_name"]) | set(frame["partner_name"])
    return names


def coded_names() -> dict[str, dict[str, str]]:
    """Publisher -> {name or code: iso3} for sources that carry their own ISO3 codes."""
    out: dict[str, dict[str, str]] = {"comtrade": {}, "wb": {}, "aiddata": {}, "frb": {}}
    comtrade = RAW / "trade" / "comtrade"
    for path in sorted(comtrade.glob("TradeData_*.csv")):
        for row in _csv_rows(path, encoding="latin-1"):
            for side in ("reporter", "partner", "partner2"):
                _add_coded(out["comtrade"], row[f"{side}Desc"], row[f"{side}ISO"])
    for path in sorted(comtrade.glob("legacy_*/*.csv")):
        for row in _csv_rows(path):
            for side in ("Reporter", "Partner", "2nd Partner"):
                _add_coded(out["comtrade"], row[side], row[f"{side} ISO"])
    for path in sorted(comtrade.glob("*.json")):
        for row in json.loads(path.read_text())["data"]:
            for side in ("reporter", "partner", "partner2"):
                _add_coded(out["comtrade"], row[f"{side}Desc"], row[f"{side}ISO"])
    for path in sorted(RAW.glob("*/*.csv")):
        rows = _csv_rows(path)
        if rows and "Country Name" in rows[0]:
            for row in rows:
                _add_coded(out["wb"], row["Country Name"], row["Country Code"])
        elif rows and {"country", "iso3c"} <= rows[0].keys():
            for row in rows:
                _add_coded(out["wb"], row["country"], row["iso3c"])
        elif rows and {"country_name", "iso3c"} <= rows[0].keys():
            for row in rows:
                _add_coded(out["aiddata"], row["country_name"], row["iso3c"])
        elif rows and "Exchange rate" in rows[0]:
            for row in rows:
                _add_coded(out["frb"], row["Country"], _pycountry(row["Country"]) or "")
    return out


def _add_coded(target: dict[str, str], name: str, code: str) -> None:
    # Comtrade's own non-ISO codes (W00, _X, S19, ...) map through MANUAL["comtrade"].
    name, code = name.strip(), code.strip()
    iso3 = MANUAL["comtrade"].get(code, code)
    if name:
        target[name] = MANUAL["comtrade"].get(name, iso3)
    if code:
        target[code] = iso3


ISO3_COLUMNS = (
    "iso3", "reporter_iso3", "partner_iso3", "entity_iso3", "counterpart_iso3",
    "country_iso3", "subject_iso3", "iso3c", "Country Code",
)  # fmt: skip


def iso3_codes() -> set[str]:
    """Every ISO3 code or our own label in the iso3-like columns of the raw CSVs."""
    codes: set[str] = set()
    for path in sorted(RAW.glob("*/*.csv")):
        if "sipri_trade_register" in path.name:
            continue
        for row in _csv_rows(path):
            for column in ISO3_COLUMNS:
                codes |= set(_split_codes(row.get(column) or ""))
    return codes


def sipri_names() -> set[str]:
    path = RAW / "reference" / "sipri_trade_register_central_asia_2000_2023.csv"
    rows = _csv_rows(path, skip=11)
    return {row[side].strip() for row in rows for side in ("Supplier", "Recipient")}


IMF_CODELIST = RAW / "reference" / "imf_cl_country_codelist.json"
# "Sub-Saharan Africa (SSA)" -> "Sub-Saharan Africa"; "EMDEs by ..." -> DOTS's spelled-out name.
_GROUP_ABBREVIATION = re.compile(r" \([A-Z]+\)$")
_EMDES = "Emerging Market and Developing Economies"


def imf_sdmx_codes() -> dict[str, str | None]:
    """Code -> ISO3 fallback of every code in the IMF SDMX CL_COUNTRY codelist.

    A three-letter code falls back to itself; a G (IMF group) code to the DOTS aggregate of
    the same name. U codes are UN M49 regions, not the IMF's: "Africa" and "Sub-Saharan
    Africa" there are other groups than DOTS's of that name, so they never match by name.
    """
    message = json.loads(json.loads(IMF_CODELIST.read_text(encoding="utf-8"))["text"])
    (codelist,) = message["data"]["codelists"]
    out: dict[str, str | None] = {}
    for code in codelist["codes"]:
        code_id, name = code["id"], code["name"]
        if len(code_id) == 3 and code_id.isalpha() and code_id.isupper():
            out[code_id] = code_id
        elif code_id.startswith("G"):
            name = _GROUP_ABBREVIATION.sub("", name)
            name = re.sub(r"^EMDEs ", f"{_EMDES} ", name)
            out[code_id] = MANUAL["imf"].get(name)
        else:
            out[code_id] = None
    return out


def build_aliases(dots_cache: Path | None) -> tuple[list[tuple[str, str, str]], list[str]]:
    aliases: dict[tuple[str, str], str] = {}
    unmapped: list[str] = []

    def add(publisher: str, name: str, fallback: str | None = None) -> None:
        iso3 = MANUAL.get(publisher, {}).get(name) or fallback or _pycountry(name)
        if iso3 is None or not (iso3 in EXTRA_CODES or pycountry.countries.get(alpha_3=iso3)):
            unmapped.append(f"{publisher}: {name!r} -> {iso3}")
            return
        aliases[(publisher, name)] = iso3

    for name in imf_names(dots_cache):
        add("imf", name)
    for code in iso3_codes():
        add("iso3", code, code if len(code) == 3 and code.isupper() else None)
    for name in sipri_names():
        add("sipri", name)
    for code, fallback in imf_sdmx_codes().items():
        add("imf_sdmx", code, fallback)
    for publisher, mapping in coded_names().items():
        for name, code in mapping.items():
            add(publisher, name, code or None)
    rows = sorted((p, a, i) for (p, a), i in aliases.items())
    return rows, sorted(unmapped)


def build_countries(alias_rows: list[tuple[str, str, str]]) -> list[tuple[str, ...]]:
    entries = {
        c.alpha_3: (DISPLAY_NAMES.get(c.alpha_3) or getattr(c, "common_name", c.name), "country")
        for c in pycountry.countries
    }
    entries.update(EXTRA_CODES)
    missing = {i for _, _, i in alias_rows} - entries.keys()
    if missing:
        raise SystemExit(f"aliases point to codes with no country row: {sorted(missing)}")
    rows = []
    for iso3, (name, kind) in sorted(entries.items()):
        is_aggregate = kind in ("aggregate", "residual", "organisation")
        flags = (is_aggregate, kind == "historic", iso3 in CA5)
        rows.append((iso3, name, kind, *("true" if f else "false" for f in flags)))
    return rows


def _existing(path: Path) -> list[tuple[str, ...]]:
    """Rows of a seed this script does not build (other scripts' publishers and codes, e.g.
    scripts/build_national_trade_aliases.py): kept as they are."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [tuple(row) for row in list(csv.reader(handle))[1:]]


def write_csv(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dots-cache", type=Path, help="JSON of DOTS names, to skip parsing")
    args = parser.parse_args()
    alias_rows, unmapped = build_aliases(args.dots_cache)
    if unmapped:
        print("unmapped names:\n  " + "\n  ".join(unmapped), file=sys.stderr)
        return 1
    built = {publisher for publisher, _, _ in alias_rows}
    kept = [r for r in _existing(SEEDS / "country_aliases.csv") if r[0] not in built]
    write_csv(SEEDS / "country_aliases.csv", ("publisher", "alias", "iso3"), alias_rows + kept)
    country_rows = build_countries(alias_rows)
    codes = {row[0] for row in country_rows}
    country_rows = sorted(
        country_rows + [r for r in _existing(SEEDS / "countries.csv") if r[0] not in codes]
    )
    header = ("iso3", "name", "kind", "is_aggregate", "is_historic", "is_ca5")
    write_csv(SEEDS / "countries.csv", header, country_rows)
    print(f"{len(alias_rows) + len(kept)} aliases, {len(country_rows)} countries: {SEEDS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
