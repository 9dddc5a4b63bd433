# ruff: noqa: E501  (the agreements quote the plan's sentences as they are)
"""Parse the plan's text into ``app/actions/data/plan_actions.json`` (run once, check by hand).

Sources (PSTTM 2022-2024, Città metropolitana di Milano, as plain text extracted from the PDF):
section 3.2 "Progetti operativi" and chapter 6 "Attuazione e monitoraggio". The result is
committed; ``forum load-reference`` reads the JSON, never these texts.

    python3 scripts/parse_plan_actions.py SEEDS_DIR > app/actions/data/plan_actions.json

What the PDF extraction did to the text, and how this script copes:

* project headings are ``##`` or ``###``, numbered from 1 again in each policy area: the
  areas come from the table of contents at the top, in order, and a project number that
  does not grow starts the next area;
* field labels come bare (``PARTNER:``), bold (``**PARTNER:**``) or misspelt
  (``PARTNERIATO,``);
* the field block of a project sometimes slid under the next project (SUAP's under
  "Conciliazione", NET.I.S.'s under METROPONTE): when a project holds two blocks and the
  one before it holds none, the first block goes back to the one before;
* a few projects have no block at all: their fields stay empty.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

FIELDS = {
    "DESTINATARI": "recipients",
    "PARTNER": "partners",
    "PARTNERIATO": "partners",
    "RISORSE": "resources",
    "SETTORE DI RIFERIMENTO": "office",
}
AREA_HEADING = re.compile(r"^### ([A-Z' ,À-Ù]+)$")
PROJECT_HEADING = re.compile(r"^#{2,3} (\d+)\. (.+?)\s*$")
FIELD_LINE = re.compile(
    r"^\**(DESTINATARI|PARTNERIATO|PARTNER|RISORSE|SETTORE DI RIFERIMENTO)\**\s*[:,]\**\s*(.*)$"
)
OBJECTIVES = re.compile(r"^\*\*Obiettivi:\*\*\s*(.*)$")
# The areas as the plan's prose spells them (the headings are upper case, accents as quotes).
AREA_NAMES = {
    "SEMPLIFICAZIONE E DIGITALIZZAZIONE": "Semplificazione e digitalizzazione",
    "INTERCOMUNALITA', SUPPORTO AI COMUNI E POLITICHE EUROPEE": (
        "Intercomunalità, supporto ai Comuni e politiche europee"
    ),
    "SVILUPPO ECONOMICO, FORMAZIONE E LAVORO": "Sviluppo economico, formazione e lavoro",
    "PIANIFICAZIONE TERRITORIALE, WELFARE METROPOLITANO E RIGENERAZIONE URBANA": (
        "Pianificazione territoriale, welfare metropolitano e rigenerazione urbana"
    ),
    "SOSTENIBILITA' AMBIENTALE E PARCHI": "Sostenibilità ambientale e parchi",
    "INFRASTRUTTURE E SISTEMI DI MOBILITA'": "Infrastrutture e sistemi di mobilità",
}
SOURCE = (
    "Piano Strategico Triennale del Territorio Metropolitano (PSTTM) 2022-2024, Città metropolitana "
    "di Milano: section 3.2 'Progetti operativi' and chapter 6 'Attuazione e monitoraggio'"
)


def _plain(text: str) -> str:
    """Drop the Markdown emphasis the extraction left and squeeze spaces."""
    text = text.replace("**", "").replace("*", "")
    return re.sub(r"[ \t]+", " ", text).strip()


def parse_projects(text: str) -> list[dict]:
    lines = text.splitlines()
    areas: list[str] = []
    projects: list[dict] = []
    for line in lines:
        if line.startswith("## 1. "):
            break
        match = AREA_HEADING.match(line.strip())
        if match:
            areas.append(match.group(1).strip())
    area_index, last_number, current = -1, 10**6, None
    for line in lines:
        heading = PROJECT_HEADING.match(line)
        if heading and len(areas) and (current is not None or line.startswith("## 1. ") or projects):
            number = int(heading.group(1))
            if number <= last_number:
                area_index += 1
            last_number = number
            current = {
                "number": number,
                "area": areas[area_index],
                "title": _plain(heading.group(2)),
                "body": [],
                "objectives": "",
                "blocks": [],
            }
            projects.append(current)
            continue
        if current is None:
            continue
        stripped = line.strip()
        objectives = OBJECTIVES.match(stripped)
        field = FIELD_LINE.match(stripped)
        if objectives:
            current["objectives"] = _plain(objectives.group(1))
            current["in_objectives"] = True
        elif field:
            key = FIELDS[field.group(1)]
            if not current["blocks"] or key in current["blocks"][-1]:
                current["blocks"].append({})
            current["blocks"][-1][key] = _plain(field.group(2))
        elif stripped and current.get("in_objectives") and stripped.startswith("- "):
            current["objectives"] += " " + _plain(stripped[2:])
        elif stripped and not current.get("in_objectives"):
            current["body"].append(_plain(stripped))
    for before, project in zip(projects, projects[1:], strict=False):
        if len(project["blocks"]) == 2 and not before["blocks"]:
            before["blocks"].append(project["blocks"].pop(0))
    return projects


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def build(seeds: Path) -> dict:
    projects = parse_projects((seeds / "progetti-operativi.txt").read_text(encoding="utf-8"))
    area_numbers: dict[str, int] = {}
    actions = []
    for project in projects:
        area_number = area_numbers.setdefault(project["area"], len(area_numbers) + 1)
        fields = project["blocks"][0] if project["blocks"] else {}
        actions.append(
            {
                "code": f"PO-{area_number}.{project['number']}",
                "kind": "project",
                "title": project["title"],
                "policy_area": AREA_NAMES[project["area"]],
                "description": "\n\n".join(project["body"]),
                "objectives": project["objectives"],
                "recipients": fields.get("recipients", ""),
                "partners": fields.get("partners", ""),
                "resources": fields.get("resources", ""),
                "office": fields.get("office", ""),
            }
        )
    return {"source": SOURCE, "actions": actions + INTESE}


# Chapter 6 names the intese in a few lines each: written out here from it, by hand.
INTESE = [
    {
        "code": "INT-1",
        "kind": "agreement",
        "title": "Intesa Quadro tra Regione Lombardia e Città metropolitana di Milano",
        "policy_area": "Sistema delle intese",
        "description": (
            "Intesa quadro ai sensi dell'articolo 1, comma 3, della LR 32/2015, per orientare il Programma "
            "Regionale di Sviluppo: una cornice entro la quale collocare le varie forme di accordo finalizzate "
            "all'attuazione di interventi e azioni di scala vasta."
        ),
        "objectives": (
            "Sviluppo sostenibile e tutela del territorio e dell'ambiente, biodiversità, qualità dell'aria, "
            "decarbonizzazione e transizione energetica, governo del territorio, sistema dei parchi, "
            "infrastrutture e mobilità, sviluppo economico, turismo e grandi eventi sportivi, lavoro e "
            "formazione professionale, housing sociale, istruzione e diritto allo studio, integrazione tra "
            "servizi sanitari e sociali, semplificazione e trasformazione digitale."
        ),
        "recipients": "",
        "partners": "Regione Lombardia",
        "resources": "",
        "office": "",
    },
    {
        "code": "INT-2",
        "kind": "agreement",
        "title": "Relazioni stabili con il Comune di Milano",
        "policy_area": "Sistema delle intese",
        "description": (
            "Trattare in forma coordinata temi di interesse comune, conferendo operatività allo Schema di "
            "Convenzione Quadro tra Città metropolitana e Comune di Milano per lo svolgimento di funzioni e "
            "servizi (gennaio 2023)."
        ),
        "objectives": (
            "Rigenerazione urbana, politiche per la casa, difesa del territorio e dell'ambiente, politiche "
            "energetiche, lotta all'inquinamento e ai cambiamenti climatici, mobilità e trasporti, formazione "
            "professionale, lavoro e sviluppo economico, interventi con finanziamenti nazionali ed europei "
            "(PNRR, REACT), semplificazione e innovazione dei servizi."
        ),
        "recipients": "",
        "partners": "Comune di Milano",
        "resources": "",
        "office": "",
    },
    {
        "code": "INT-3",
        "kind": "agreement",
        "title": "Intese con i Comuni e le Zone omogenee",
        "policy_area": "Sistema delle intese",
        "description": (
            "Concretizzare indirizzi e politiche di area vasta con i Comuni metropolitani organizzati nelle "
            "Zone omogenee: coordinamento politico-amministrativo a rotazione, strutture di interfaccia "
            "operativa tra le Zone e l'Ente, servizi ai Comuni, intercomunalità (art. 30 dello Statuto)."
        ),
        "objectives": (
            "Accordi e convenzioni per la gestione comune di servizi, l'esercizio coordinato delle funzioni e "
            "la realizzazione di opere pubbliche di reciproco interesse."
        ),
        "recipients": "Comuni, Zone omogenee",
        "partners": "Comuni e Zone omogenee",
        "resources": "",
        "office": "",
    },
    {
        "code": "INT-4",
        "kind": "agreement",
        "title": "Accordi con autonomie funzionali, parti economiche e sociali, associazioni",
        "policy_area": "Sistema delle intese",
        "description": (
            "Definire progetti di interesse comune con autonomie funzionali, corpi intermedi, rappresentanze "
            "di interessi, terzo settore e associazionismo, organizzati nel Tavolo metropolitano e nel Tavolo "
            "metropolitano delle Università, che confluiranno nel Forum metropolitano. Piena attuazione o "
            "rilancio degli accordi già stipulati (progetti SOM, SAM, SILAM, Patto per il lavoro Milano "
            "2022...) e istruttoria di nuovi accordi."
        ),
        "objectives": (
            "Nuovi accordi in tema di lavoro e sviluppo economico, politiche abitative, agricoltura, "
            "integrazione scuola-territorio."
        ),
        "recipients": "",
        "partners": "Autonomie funzionali, parti economiche e sociali, terzo settore, associazioni, università",
        "resources": "",
        "office": "",
    },
    {
        "code": "INT-5",
        "kind": "agreement",
        "title": "Enti partecipati e società pubbliche",
        "policy_area": "Sistema delle intese",
        "description": (
            "Gli Enti direttamente partecipati e la costellazione delle società e dei soggetti pubblici "
            "milanesi come motore per l'attuazione del Piano."
        ),
        "objectives": "",
        "recipients": "",
        "partners": "Enti partecipati e società pubbliche milanesi",
        "resources": "",
        "office": "",
    },
]


if __name__ == "__main__":
    seeds_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/seeds")
    json.dump(build(seeds_dir), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
