"""Rebuild the country_aliases rows of the national statistics publishers (kaz_bns, kgz_nsc,
uzb_stat) and the aggregate and residual codes they need in countries.csv.

The checked-in seeds are the source of truth; this script records how these rows were made.
It reads every name and code of the raw files with the project's parsers and maps:
- uzb_stat: the ISO 3166 numeric code through pycountry (0 "Other countries" and the codes
  pycountry no longer lists by hand); each row's Uzbek, Russian and English names map to
  the code's ISO3, so the names are aliases exactly as the publisher pairs them;
- kgz_nsc: groups and odd names by hand (Russian name), else the English name through
  pycountry, else the Russian name through the Russian names learnt from uzb_stat and
  pycountry's Russian locale; the row's Kyrgyz, Russian and English names get that ISO3;
- kaz_bns: groups and odd names by hand, else the Russian name as above.
Other publishers' rows are left untouched; these three are written as one block at the end
of country_aliases.csv. Exits 1 and lists any name it cannot map, or one name with two codes.

    .venv/bin/python scripts/build_national_trade_aliases.py
"""

from __future__ import annotations

import csv
import gettext
import sys
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from caetl.sources import kaz_bns_partners, kgz_nsc_partners, uzb_stat_partners  # noqa: E402

RAW = ROOT / "raw" / "trade" / "national"
SEEDS = ROOT / "dbt_project" / "seeds"
PUBLISHERS = ("kaz_bns", "kgz_nsc", "uzb_stat")

# Groups and residuals of the national tables. code -> (name, kind)
CODES: dict[str, tuple[str, str]] = {
    "XNC": ("Commonwealth of Independent States (CIS)", "aggregate"),
    "XNE": ("Eurasian Economic Union (EAEU)", "aggregate"),
    "XNS": ("Shanghai Cooperation Organisation (SCO)", "aggregate"),
    "XNN": ("CIS countries outside the EAEU (BNS)", "aggregate"),
    "XNR": ("Countries outside the CIS (BNS)", "aggregate"),
    "XNX": ("European countries outside the EU and the CIS (BNS)", "aggregate"),
    "XNQ": ("Europe outside the CIS (BNS)", "aggregate"),
    "XNI": ("Asia outside the CIS (BNS)", "aggregate"),
    "XNP": ("Europe, CIS members included (NSC Kyrgyzstan)", "aggregate"),
    "XNA": ("Asia, CIS members included (NSC Kyrgyzstan)", "aggregate"),
    "XNJ": ("Africa (national statistics)", "aggregate"),
    "XNM": ("America, North and South (national statistics)", "aggregate"),
    "XNO": ("Australia and Oceania (national statistics)", "aggregate"),
    "XNZ": ("Country not specified (NSC Kyrgyzstan)", "residual"),
    "XNH": ("Channel Islands, Guernsey and Jersey together (NSC Kyrgyzstan)", "residual"),
    "XNV": ("United Nations as a trade partner (NSC Kyrgyzstan)", "residual"),
    "XNW": ("European Union, member state not specified (NSC Kyrgyzstan)", "residual"),
    "XNY": ("Other countries, not allocated to a partner (Statistics Agency of Uzbekistan)",
            "residual"),
}  # fmt: skip

# Russian names (after whitespace is collapsed) that need a hand mapping, per publisher.
MANUAL: dict[str, dict[str, str]] = {
    "kaz_bns": {
        "Всего": "WLD", "Всего в том числе": "WLD", "Страны СНГ": "XNC", "Страны ЕАЭС": "XNE",
        "Страны вне ЕАЭС": "XNN", "Остальные страны мира": "XNR", "Страны ЕС": "EUU",
        "Страны вне ЕС": "XNX", "Европа": "XNQ", "Азия": "XNI", "Африка": "XNJ",
        "Америка": "XNM", "Австралия и Океания": "XNO",
        "Американское Самоа": "ASM", "Россия": "RUS", "Молдова, Республика": "MDA",
        "Соединенное Королевство": "GBR", "Соединенные Штаты Америки": "USA",
        "Республика Корея": "KOR", "Корея, Народно-Демократическая Республика": "PRK",
        "Корея, народно-Демократическая Республика": "PRK",
        "Тайвань (Китай)": "TWN", "Гонконг": "HKG", "Макао": "MAC",
        "Иран, Исламская Республика": "IRN", "Ирак, Республика Ирак": "IRQ",
        "Сирийская Арабская Республика": "SYR", "Палестина, Государство": "PSE",
        "Танзания, Объединенная Республика": "TZA", "Демократическая Республика Конго": "COD",
        "Конго": "COG", "Македония": "MKD", "Свазиленд": "SWZ",
        "Черногория (Монтенегро)": "MNE", "Чешская Республика": "CZE",
        "Республика Латвия": "LVA", "Ватикан, Государство-Город": "VAT",
        "Самоа, Независимое Государство": "WSM", "Микронезия, Федеративные Штаты": "FSM",
        "Кот-Д'Ивуар": "CIV", "Кабо-Верде": "CPV", "Южная Африка": "ZAF",
        "Ангилья (Брит.)": "AIA", "Виргинские Острова (Брит.)": "VGB",
        "Виргинские Острова (США)": "VIR", "Виргинские Острова, США": "VIR",
        "Виргинские Острова, Сша": "VIR", "Гибралтар (Брит.)": "GIB",
        "Гуам (США)": "GUM", "Гуам (Сша)": "GUM", "Каймановы Острова (Брит.)": "CYM",
        "Острова Кука (Н.Зел.)": "COK", "Кокосовые (Килинг) Острова": "CCK",
        "Фолклендские Острова (Мальвинские)": "FLK", "Французкие южные территории": "ATF",
        "Французские Южные Территории": "ATF", "Южн.Джорджия И Южн.Сандвич.Острова": "SGS",
        "Малые Тихоокеан. Отдаленные остроа США": "UMI",
        "Малые Тихоокеан. отдален. острова США": "UMI",
        "Малые Тихоокеан.отдален.ост-ва С.Ш.": "UMI",
        "Остров Святой Елены": "SHN", "Сен-Бартелеми": "BLM", "Бермуды": "BMU",
        "Багамы": "BHS", "Сейшелы": "SYC", "Коморские Острова": "COM",
        "Коморские острова": "COM", "Фарерские Острова": "FRO", "Остров Мэн": "IMN",
        "Остров Рождества": "CXR", "Аландские Острова": "ALA", "Питкерн": "PCN",
        "Западная Сахара": "ESH", "Лаосская Народно-Демократическая Республика": "LAO",
        "Бруней-Даруссалам": "BRN", "Венесуэла": "VEN", "Боливия": "BOL", "Вьетнам": "VNM",
        "Кыргызстан": "KGZ", "Ливия": "LBY", "Сомали": "SOM", "Южный Судан": "SSD",
        "Судан": "SDN", "Кюрасао": "CUW", "Майотта": "MYT", "Ниуэ": "NIU",
        "Гернси": "GGY", "Джерси": "JEY", "Уоллис И Футуна": "WLF",
        "Центрально-Африканская Республика": "CAF", "Тимор-Лесте": "TLS",
    },
    "kgz_nsc": {
        "Всего": "WLD", "СНГ": "XNC", "ЕАЭС": "XNE", "ШОС": "XNS", "ЕС": "EUU",
        "Европа": "XNP", "Азия": "XNA", "Африка": "XNJ", "Америка": "XNM",
        "Австралия и Океания": "XNO", "Неопределенная страна": "XNZ", "ООН": "XNV",
        "Европейский союз (ЕС)": "XNW", "Восточное САМОА": "ASM", "Буве": "BVT",
        "Бутан": "BTN", "Заир": "COD", "Конго": "COG", "Корея (КНДР)": "PRK",
        "Республика Корея": "KOR", "Котд Ивуар": "CIV", "Котд'Ивуар": "CIV",
        "Нормандские Острова": "XNH", "Нидерландские Антильские острова": "ANT",
        "Китай (Сар Гонконг)": "HKG", "Гонконг": "HKG", "Макао (Макао)": "MAC",
        "Тайвань. Китайская провинция": "TWN", "Тайвань": "TWN", "Республика Македония": "MKD",
        "Македония": "MKD", "Ливийская Арабская Джамахирия": "LBY", "Свазиленд": "SWZ",
        "Боствана": "BWA", "Буркино Фасо": "BFA", "ЦАР": "CAF", "Сальвадор": "SLV",
        "Кокосовые осторова": "CCK", "Великобритания (Соединенное Королевство)": "GBR",
        "Великобритания": "GBR", "Британско-Виргинские острова": "VGB",
        "Британско- Виргинские острова": "VGB", "Виргинские острова, США": "VIR",
        "Россия": "RUS", "Иран": "IRN", "Сирия": "SYR", "Молдова": "MDA",
        "Лаосская Народно-Демократическая Республика": "LAO", "Вьетнам": "VNM",
        "Венесуэла": "VEN", "Боливия": "BOL", "Бруней": "BRN", "Бруней-Даруссалам": "BRN",
        "Соединенные Штаты Америки": "USA", "Чехия": "CZE", "Чешская Республика": "CZE",
        "Турция": "TUR", "Эль-Сальвадор": "SLV",
    },
    "uzb_stat": {"0": "XNY", "530": "ANT", "736": "SDN"},
}  # fmt: skip


def _pycountry_name(name: str) -> str | None:
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


def _key(name: str) -> str:
    """Russian names compared without case, ё or hyphen spacing (`Антигуа И Барбуда`)."""
    return " ".join(name.lower().replace("ё", "е").split())


def _russian_locale() -> dict[str, str]:
    ru = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            english = getattr(country, attr, None)
            if english:
                names.setdefault(_key(ru.gettext(english)), country.alpha_3)
    return names


class Aliases:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], str] = {}
        self.problems: list[str] = []

    def add(self, publisher: str, alias: str | None, iso3: str | None, where: str) -> None:
        if alias is None:
            return
        if iso3 is None:
            self.problems.append(f"{publisher}: {alias!r} unmapped ({where})")
            return
        before = self.rows.setdefault((publisher, alias), iso3)
        if before != iso3:
            self.problems.append(f"{publisher}: {alias!r} -> {before} and {iso3} ({where})")


def main() -> int:
    aliases = Aliases()
    russian = _russian_locale()
    for path in sorted((RAW / "uzbekistan_stat").glob("*.csv")):
        frame = uzb_stat_partners.parse(path).unique("partner_code", keep="first")
        for code, *names in frame.select(
            "partner_code", "partner_name_uz", "partner_name_ru", "partner_name_en"
        ).iter_rows():
            iso3 = MANUAL["uzb_stat"].get(code)
            if iso3 is None and (country := pycountry.countries.get(numeric=code.zfill(3))):
                iso3 = country.alpha_3
            for alias in (code, *names):
                aliases.add("uzb_stat", alias, iso3, path.name)
            if iso3 not in CODES:  # learn the publisher's Russian names of countries
                for name in names:
                    russian.setdefault(_key(name), iso3)
    for path in sorted((RAW / "kyrgyzstan_nsc").glob("*.xlsx")):
        frame = kgz_nsc_partners.parse(path).unique("partner_name_ru", keep="first")
        for ky, ru, en in frame.select(kgz_nsc_partners.NAME_COLUMNS).iter_rows():
            iso3 = MANUAL["kgz_nsc"].get(ru) or _pycountry_name(en) or russian.get(_key(ru))
            for alias in (ky, ru, en):
                aliases.add("kgz_nsc", alias, iso3, path.name)
    for path in sorted((RAW / "kazakhstan_bns_by_country").glob("*.xls")):
        for name in kaz_bns_partners.parse(path)["partner_name"].unique().sort():
            iso3 = MANUAL["kaz_bns"].get(name) or russian.get(_key(name))
            aliases.add("kaz_bns", name, iso3, path.name)
    if aliases.problems:
        print("\n".join(sorted(set(aliases.problems))), file=sys.stderr)
        return 1
    _write_aliases(aliases.rows)
    _write_countries()
    print(f"{len(aliases.rows)} aliases for {', '.join(PUBLISHERS)} written to {SEEDS}")
    return 0


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _write_aliases(rows: dict[tuple[str, str], str]) -> None:
    path = SEEDS / "country_aliases.csv"
    header, existing = _read(path)
    kept = [r for r in existing if r[0] not in PUBLISHERS]
    ours = sorted([p, a, i] for (p, a), i in rows.items())
    _write(path, header, kept + ours)


def _write_countries() -> None:
    path = SEEDS / "countries.csv"
    header, existing = _read(path)
    known = {r[0]: r[1] for r in existing}
    clash = [code for code, (name, _) in CODES.items() if known.get(code, name) != name]
    if clash:
        raise SystemExit(f"codes already used for another entity in {path.name}: {clash}")
    added = [
        [code, name, kind, "true", "false", "false"]
        for code, (name, kind) in CODES.items()
        if code not in known
    ]
    _write(path, header, sorted(existing + added))


if __name__ == "__main__":
    raise SystemExit(main())
