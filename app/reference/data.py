"""The strategic plan's reference data, as shipped with the platform.

Drivers are described in our own words from the PSTTM's strategic agenda. Missions and
components are those of the Italian PNRR. Comuni come from ``data/comuni_cmm.csv``;
``data/SOURCES.md`` says where each column comes from.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
COMUNI_CSV = DATA_DIR / "comuni_cmm.csv"

# (number, name, description, default missions)
DRIVERS: list[tuple[int, str, str, tuple[str, ...]]] = [
    (
        1,
        "Campus metropolitano smart",
        "Servizi digitali condivisi tra Città metropolitana e comuni: rete in fibra ottica e 5G, "
        "gemello digitale del territorio, piattaforme di e-government e competenze digitali "
        "per le amministrazioni più piccole.",
        ("M1",),
    ),
    (
        2,
        "Politiche verdi e blu",
        "Meno consumo di suolo, una rete verde e un parco metropolitano, forestazione urbana, "
        "agricoltura multifunzionale e politiche del cibo, cura dei corsi d'acqua e dei Navigli.",
        ("M2",),
    ),
    (
        3,
        "Sustain-Ability",
        "Efficienza energetica degli edifici pubblici, fonti rinnovabili, uno sportello unico "
        "per la diagnosi energetica e comunità energetiche promosse dal pubblico.",
        ("M2",),
    ),
    (
        4,
        "Metabolismo circolare metropolitano",
        "Gestione integrata dei rifiuti e del ciclo dell'acqua, materiali riciclati e acquisti "
        "pubblici verdi per un'economia circolare.",
        ("M2",),
    ),
    (
        5,
        "Il diritto alla mobilità",
        "Trasporto pubblico e nodi di interscambio, rete stradale secondaria più sicura, "
        "ciclabilità, mobilità condivisa e veicoli a basse emissioni.",
        ("M3",),
    ),
    (
        6,
        "Tra produzione e logistica",
        "Dove collocare siti produttivi e poli logistici, centri di consolidamento delle merci "
        "e zone a emissioni zero per le consegne.",
        ("M3", "M1"),
    ),
    (
        7,
        "Scuole avamposto di comunità",
        "Le 156 scuole superiori gestite dalla Città metropolitana aperte al quartiere come "
        "centri civici, con edifici scolastici rinnovati e sicuri.",
        ("M4", "M5"),
    ),
    (
        8,
        "Il lavoro al lavoro",
        "Servizi per l'impiego, formazione, centri per l'impiego, programma GOL e patti "
        "territoriali per il lavoro.",
        ("M5", "M4"),
    ),
    (
        9,
        "Ri-generation housing",
        "Rigenerazione di edifici e aree dismesse o degradate, abitare sociale e residenze "
        "metropolitane per studenti.",
        ("M5",),
    ),
    (
        10,
        "Sistema salute territorio",
        "Servizi sanitari di prossimità (Case e Ospedali di comunità) integrati con i servizi "
        "sociali dei comuni.",
        ("M6",),
    ),
]

MISSIONS: list[tuple[str, str]] = [
    ("M1", "Digitalizzazione, innovazione, competitività, cultura e turismo"),
    ("M2", "Rivoluzione verde e transizione ecologica"),
    ("M3", "Infrastrutture per una mobilità sostenibile"),
    ("M4", "Istruzione e ricerca"),
    ("M5", "Inclusione e coesione"),
    ("M6", "Salute"),
]

COMPONENTS: list[tuple[str, str]] = [
    ("M1C1", "Digitalizzazione, innovazione e sicurezza nella PA"),
    ("M1C2", "Digitalizzazione, innovazione e competitività nel sistema produttivo"),
    ("M1C3", "Turismo e cultura 4.0"),
    ("M2C1", "Agricoltura sostenibile ed economia circolare"),
    ("M2C2", "Energia rinnovabile, idrogeno, rete e mobilità sostenibile"),
    ("M2C3", "Efficienza energetica e riqualificazione degli edifici"),
    ("M2C4", "Tutela del territorio e della risorsa idrica"),
    ("M3C1", "Investimenti sulla rete ferroviaria"),
    ("M3C2", "Intermodalità e logistica integrata"),
    ("M4C1", "Potenziamento dell'offerta dei servizi di istruzione: dagli asili nido alle università"),
    ("M4C2", "Dalla ricerca all'impresa"),
    ("M5C1", "Politiche per il lavoro"),
    ("M5C2", "Infrastrutture sociali, famiglie, comunità e terzo settore"),
    ("M5C3", "Interventi speciali per la coesione territoriale"),
    ("M6C1", "Reti di prossimità, strutture e telemedicina per l'assistenza sanitaria territoriale"),
    ("M6C2", "Innovazione, ricerca e digitalizzazione del Servizio sanitario nazionale"),
]

KEYWORDS: list[tuple[str, str]] = [
    ("sostenibilita", "Sostenibilità"),
    ("connettivita", "Connettività"),
    ("prossimita", "Prossimità"),
    ("inclusione", "Inclusione"),
    ("attrattivita", "Attrattività"),
]

# (slug, name, is_zona_omogenea)
ZONES: list[tuple[str, str, bool]] = [
    ("milano", "Milano", False),
    ("alto-milanese", "Alto Milanese", True),
    ("magentino-abbiatense", "Magentino e Abbiatense", True),
    ("sud-ovest", "Sud Ovest", True),
    ("sud-est", "Sud Est", True),
    ("adda-martesana", "Adda Martesana", True),
    ("nord-ovest", "Nord Ovest", True),
    ("nord-milano", "Nord Milano", True),
]

ACTOR_TYPES: list[tuple[str, str]] = [
    ("cittadino", "Cittadino"),
    ("comune", "Comune"),
    ("zona_omogenea", "Zona omogenea"),
    ("associazione", "Associazione / terzo settore"),
    ("universita", "Università e ricerca"),
    ("camera_commercio", "Camera di commercio e autonomie funzionali"),
    ("impresa", "Rappresentanze d'impresa"),
    ("sindacato", "Sindacati"),
    ("ente_pubblico", "Enti e società pubbliche"),
    ("altro", "Altro"),
]


@dataclass(frozen=True)
class ComuneRow:
    istat_code: str
    name: str
    zone_name: str | None
    population: int | None


def read_comuni(path: Path = COMUNI_CSV) -> list[ComuneRow]:
    """Read the comuni CSV (``istat_code,name,zona_omogenea,population``)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            ComuneRow(
                istat_code=row["istat_code"].strip().zfill(6),
                name=row["name"].strip(),
                zone_name=(row.get("zona_omogenea") or "").strip() or None,
                population=int(row["population"]) if row.get("population") else None,
            )
            for row in csv.DictReader(handle)
        ]
