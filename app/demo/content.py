"""Shared vocabulary of the demo data set: consultations, registers, comments and moderation
texts. Per-Driver vocabularies live in the ``content_<drivers>`` modules; people in
:mod:`app.demo.content_people`; places in :mod:`app.demo.content_places`.
"""

from __future__ import annotations

from app.demo.content_digital_green import D1, D2
from app.demo.content_energy_circular import D3, D4
from app.demo.content_housing_health import D9, D10
from app.demo.content_mobility import D5, D6
from app.demo.content_school_work import D7, D8

DEMO_EMAIL_DOMAIN = "demo.forum.example"
# One readable password for every demo account: local use only.
DEMO_PASSWORD = "Demo-Forum-2026"

DRIVERS: dict[int, dict] = {1: D1, 2: D2, 3: D3, 4: D4, 5: D5, 6: D6, 7: D7, 8: D8, 9: D9, 10: D10}

# Registers: how different kinds of authors open and close their texts.
CITIZEN_OPENERS = [
    "Abito {dove} da più di vent'anni.",
    "Lo vedo tutti i giorni da pendolare.",
    "Scrivo come genitore di due ragazzi che vanno alle superiori.",
    "Sono in pensione e giro molto il territorio.",
    "Parlo anche a nome di alcuni vicini di casa.",
    "",
    "",
]
CITIZEN_CLOSERS = [
    "Non servirebbero cifre enormi, basterebbe un po' di coordinamento.",
    "Sarei disponibile a dare una mano come volontario.",
    "Spero che questa volta la proposta venga ascoltata.",
    "Mi sembra una cosa semplice e di buon senso.",
    "",
    "",
]
ORGANISATION_OPENERS = [
    "Come {org} raccogliamo da anni questa esigenza tra i soci e le persone che incontriamo.",
    "Come {org} abbiamo discusso la proposta in assemblea e la presentiamo in forma condivisa.",
    "Nel nostro lavoro quotidiano sul territorio emerge un problema ricorrente.",
]
ORGANISATION_CLOSERS = [
    "{org} è disponibile a partecipare alla progettazione e a mettere a disposizione competenze e volontari.",
    "{org} chiede di essere coinvolta in un tavolo di lavoro dedicato.",
    "Possiamo contribuire con dati raccolti negli ultimi anni e con la nostra rete di contatti.",
]
COMUNE_OPENERS = [
    "L'Amministrazione comunale di {comune} segnala una criticità condivisa con i comuni vicini.",
    "La Giunta di {comune} ha approvato un indirizzo su questo tema e chiede un coordinamento metropolitano.",
    "Il Comune di {comune} porta all'attenzione del Forum un bisogno emerso dalle assemblee di quartiere.",
]
COMUNE_CLOSERS = [
    "Il Comune mette a disposizione aree, personale tecnico e la propria esperienza.",
    "Il Comune è pronto a cofinanziare l'intervento e a coordinarsi con i comuni confinanti.",
    "Chiediamo che l'intervento sia inserito tra le priorità del prossimo aggiornamento del Piano.",
]

GENERIC_COMMENTS = [
    "Sono d'accordo, è un problema che sento da anni.",
    "Proposta molto concreta, speriamo venga presa in considerazione.",
    "Condivido. Aggiungerei però un'attenzione alle persone con disabilità.",
    "Giusto, ma chi paga? Sarebbe utile indicare anche le possibili fonti di finanziamento.",
    "Anche a {comune} abbiamo lo stesso problema: sarebbe bello estendere la proposta.",
    "Non sono del tutto convinto: il rischio è spendere tanto per un servizio poco usato.",
    "Ottima idea. Si potrebbe partire con una sperimentazione di un anno e poi valutare.",
    "Bisognerebbe coinvolgere anche le scuole del territorio.",
    "Finalmente qualcuno ne parla!",
    "Sostengo. Sarebbe importante anche misurare i risultati con dati pubblici.",
    "Attenzione a non duplicare quello che fa già la Regione.",
    "Mi piace, ma i tempi indicati mi sembrano ottimistici.",
    "Ne abbiamo parlato anche nella consulta di quartiere: c'è molto interesse.",
    "Proposta sensata, purché si faccia anche la manutenzione negli anni successivi.",
    "Come associazione seguiamo da vicino il tema: disponibili a collaborare.",
    "Ci vuole più coraggio: la proposta è giusta ma troppo timida.",
    "Un esempio simile c'è già in Emilia e funziona bene.",
    "Chiedo: è previsto un coinvolgimento dei comuni più piccoli?",
]
REPLIES = [
    "Concordo con il commento sopra.",
    "Grazie, non ci avevo pensato: ha ragione.",
    "Non sono d'accordo: i costi sarebbero compensati dai risparmi in pochi anni.",
    "Anche da noi è successa la stessa cosa.",
    "Si potrebbe usare una parte dei fondi PNRR ancora disponibili.",
]
AUTHOR_REPLIES = [
    "Grazie per il commento: lo terremo presente nella versione finale della proposta.",
    "Giusta osservazione, abbiamo pensato a un primo anno di sperimentazione proprio per questo.",
    "Sì, la proposta vale anche per i comuni vicini: l'abbiamo scritta in modo che sia estendibile.",
]
# Comments a moderator hid (the reason is shown instead of the text).
HIDDEN_COMMENTS = [
    (
        "Guadagna 500 euro al giorno da casa, scrivimi su WhatsApp al 333 1234567!!!",
        "Pubblicità non pertinente.",
    ),
    ("Siete tutti dei buffoni, tanto non cambierà mai niente.", "Linguaggio offensivo."),
    (
        "Chiamate il signor Rossi di via Manzoni 12, lui sa tutto di questa storia.",
        "Contiene dati personali di terzi.",
    ),
    (
        "Visitate il mio negozio online, sconti su tutte le biciclette elettriche!",
        "Pubblicità non pertinente.",
    ),
    ("Questa è la solita proposta di quelli che non lavorano.", "Linguaggio offensivo verso altri utenti."),
]
FLAGGED_COMMENTS = [
    (
        "Non c'entra niente, parliamo piuttosto delle tasse sui rifiuti che sono troppo alte.",
        "off_topic",
        "Commento fuori tema.",
    ),
    ("Offro consulenze energetiche a prezzi imbattibili, contattatemi.", "spam", "Sembra pubblicità."),
    ("Chi ha scritto questa proposta non sa di cosa parla.", "offensive", "Tono aggressivo."),
]
CHANGES_REQUESTED_REASONS = [
    "Puoi indicare con più precisione il luogo e i comuni interessati?",
    "La proposta è interessante: aggiungi per favore i risultati attesi in modo misurabile.",
    "Il titolo non descrive la proposta: riformulalo in modo più chiaro.",
    "Togli il riferimento al nome e cognome di un privato cittadino, poi potremo pubblicarla.",
]
REJECT_REASONS = [
    "La proposta riguarda una competenza esclusiva dello Stato e non può essere trattata in questa "
    "consultazione.",
    "Il testo contiene solo una segnalazione di un guasto puntuale: rivolgiti all'ufficio "
    "segnalazioni del tuo comune.",
    "La proposta è fuori tema rispetto ai Driver della consultazione.",
]
HIDE_REASONS = [
    "Contiene informazioni personali su terzi; l'autore può ripresentarla senza.",
    "Il contenuto è stato segnalato più volte come promozione di un'attività commerciale.",
]
WITHDRAW_REASONS = [
    "La ripresentiamo in forma unitaria insieme ad altri comuni.",
    "Ritirata perché il problema è stato risolto dal comune.",
    "",
]
DUPLICATE_REASON = "Proposta duplicata: lo stesso contenuto è già nella proposta n. {id}, a cui puoi aderire."
FLAG_DETAILS = {
    "spam": "Sembra una pubblicità.",
    "off_topic": "Non c'entra con la consultazione.",
    "duplicate": "Mi sembra uguale a un'altra proposta già pubblicata.",
    "offensive": "Tono offensivo.",
}
DISMISS_NOTE = "Verificato: il contenuto è pertinente e rispetta le regole del Forum."
ANSWERS = {
    "accolta": "La proposta è accolta: l'azione sarà inserita nell'aggiornamento annuale del Piano, "
    "con un primo finanziamento nel bilancio del prossimo anno.",
    "accolta_in_parte": "La proposta è accolta in parte: l'ufficio di piano avvierà uno studio di "
    "fattibilità con i comuni interessati; alcune azioni richiedono risorse non ancora disponibili.",
    "gia_prevista": "L'azione proposta è già prevista dal Piano strategico: la proposta contribuirà a "
    "definire le priorità territoriali della sua attuazione.",
    "non_accolta": "La proposta non è accolta perché in contrasto con gli indirizzi del piano "
    "territoriale metropolitano; resta agli atti per le prossime revisioni.",
    "fuori_competenza": "Il tema è di competenza della Regione Lombardia, a cui la proposta è stata "
    "trasmessa.",
}

# Consultations: (key, slug, title, description, scope, zone slug, owner key, days from now of the
# six dates, premoderated, Driver numbers or None for all, proposals to generate)
CONSULTATIONS: list[dict] = [
    {
        "key": "metro",
        "slug": "piano-strategico-2027-2029",
        "title": "Piano strategico 2027-2029: le proposte della società civile",
        "description": "La Città metropolitana di Milano aggiorna il Piano strategico triennale. "
        "Associazioni, imprese, università, comuni e cittadini possono presentare proposte sui dieci "
        "Driver dell'agenda strategica, aderire alle proposte degli altri e discuterle.",
        "scope": "metropolitan",
        "zone": None,
        "owner": "admin",
        "days": (-40, -28, 30, 50, 70, 100),
        "drivers": None,
        "proposals": 222,
    },
    {
        "key": "nord_ovest",
        "slug": "agenda-zona-nord-ovest",
        "title": "Agenda della Zona Nord Ovest: mobilità, lavoro e rigenerazione",
        "description": "I comuni della Zona omogenea Nord Ovest preparano la propria agenda "
        "territoriale. La raccolta delle proposte è chiusa: è il momento di discuterle.",
        "scope": "zone",
        "zone": "nord-ovest",
        "owner": "coordinator",
        "days": (-75, -65, -12, 20, 40, 60),
        "drivers": [2, 5, 6, 7, 8, 9],
        "proposals": 80,
    },
    {
        "key": "adda",
        "slug": "adda-martesana-acqua-verde-servizi",
        "title": "Adda Martesana: acqua, verde e servizi di prossimità",
        "description": "Consultazione conclusa della Zona Adda Martesana. Le proposte hanno ricevuto "
        "una risposta ufficiale dell'ufficio di piano.",
        "scope": "zone",
        "zone": "adda-martesana",
        "owner": "coordinator_adda",
        "days": (-260, -250, -200, -170, -130, -60),
        "drivers": [2, 3, 4, 5, 10],
        "proposals": 60,
    },
    {
        "key": "sud_est",
        "slug": "verso-agenda-sud-est",
        "title": "Verso l'agenda del Sud Est",
        "description": "Fase informativa: materiali e incontri pubblici prima dell'apertura della "
        "raccolta delle proposte.",
        "scope": "zone",
        "zone": "sud-est",
        "owner": "admin",
        "days": (-3, 12, 45, 65, 85, 110),
        "drivers": [2, 5, 9, 10],
        "proposals": 0,
    },
]
# Final states by consultation (weights).
STATE_WEIGHTS: dict[str, dict[str, int]] = {
    "metro": {
        "published": 66,
        "submitted": 11,
        "draft": 6,
        "changes_requested": 5,
        "rejected": 4,
        "withdrawn": 3,
        "hidden": 3,
        "duplicate": 2,
    },
    "nord_ovest": {
        "published": 82,
        "submitted": 2,
        "changes_requested": 2,
        "rejected": 5,
        "withdrawn": 4,
        "hidden": 3,
        "duplicate": 2,
    },
    "adda": {"published": 88, "rejected": 6, "withdrawn": 4, "hidden": 2},
}
