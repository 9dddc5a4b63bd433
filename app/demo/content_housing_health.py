"""Demo vocabulary for Drivers 9-10: regeneration and housing, health and the territory.

Same placeholders as :mod:`app.demo.content_digital_green`.
"""

from __future__ import annotations

D9 = {
    "actors": [
        "ALER e aziende per la casa",
        "comuni e uffici urbanistica",
        "cooperative di abitanti e fondazioni",
        "università e residenze universitarie",
        "proprietari delle aree dismesse",
    ],
    "comments": [
        "Nel nostro quartiere ci sono decine di alloggi popolari vuoti da anni: uno scandalo.",
        "Bene la rigenerazione, ma senza espellere chi ci abita già.",
        "Sono uno studente fuorisede: pago 650 euro per una stanza. Sostengo con convinzione.",
        "Gli usi temporanei funzionano: l'abbiamo visto con il mercato e i laboratori nell'ex fabbrica.",
    ],
    "subthemes": [
        {
            "key": "alloggi_sfitti",
            "keywords": ["inclusione", "prossimita"],
            "titles": [
                "Recuperare gli alloggi popolari sfitti {dove}",
                "Case popolari vuote da riassegnare a {comune}",
                "Un'agenzia per l'affitto a canone concordato {dove}",
                "Affitti accessibili per giovani coppie e famiglie {dove}",
            ],
            "summaries": [
                "Ristrutturare e riassegnare in tempi brevi gli alloggi pubblici sfitti.",
                "Un'agenzia pubblica che faccia incontrare proprietari e inquilini a canone "
                "concordato con garanzie per entrambi.",
            ],
            "needs": [
                "{dove_cap} ci sono centinaia di alloggi popolari vuoti perché mancano i fondi per "
                "piccole manutenzioni, mentre le graduatorie sono lunghissime.",
                "Gli affitti sono cresciuti molto più degli stipendi e le giovani coppie se ne vanno.",
                "Molti proprietari tengono gli appartamenti vuoti per paura di inquilini morosi.",
            ],
            "actions": [
                "Finanziare un piano straordinario di manutenzione per rimettere a disposizione gli "
                "alloggi sfitti entro due anni.",
                "Creare un'agenzia metropolitana per l'affitto con fondo di garanzia contro la "
                "morosità {dove}.",
                "Affidare alloggi da ristrutturare a cooperative di giovani con canoni ridotti in "
                "cambio dei lavori.",
            ],
            "results": [
                "Centinaia di famiglie in una casa e graduatorie più corte.",
                "Più appartamenti in affitto a prezzi sostenibili.",
            ],
        },
        {
            "key": "aree_dismesse",
            "keywords": ["attrattivita", "sostenibilita"],
            "titles": [
                "Rigenerare {area}",
                "Usi temporanei per gli edifici abbandonati {dove}",
                "Un nuovo quartiere sostenibile presso {stazione}",
                "Dall'ex fabbrica a spazio di comunità {dove}",
            ],
            "summaries": [
                "Restituire alla città le aree dismesse con progetti che mescolino casa, lavoro, "
                "verde e servizi.",
                "Aprire subito gli edifici vuoti a usi temporanei in attesa dei progetti definitivi.",
            ],
            "needs": [
                "{area_cap} è abbandonata da anni, attira degrado e divide il quartiere.",
                "Le aree dismesse {dove} aspettano da decenni progetti che non partono mai.",
                "Mancano spazi per associazioni, artigiani e giovani creativi.",
            ],
            "actions": [
                "Avviare un percorso partecipato per decidere il futuro dell'area, con bonifica a "
                "carico della proprietà e quote di edilizia sociale.",
                "Concedere gli edifici in uso temporaneo a associazioni e start-up con contratti "
                "semplici e canoni simbolici.",
                "Prevedere nei progetti di rigenerazione {dove} almeno il 30% di verde pubblico.",
            ],
            "results": [
                "Aree oggi chiuse che tornano a vivere e nuovi servizi per i quartieri.",
                "Meno consumo di suolo perché si costruisce dove è già stato costruito.",
            ],
        },
        {
            "key": "studentati",
            "keywords": ["inclusione", "attrattivita"],
            "titles": [
                "Residenze universitarie pubbliche fuori dal capoluogo {dove}",
                "Studentato metropolitano presso {stazione}",
                "Stanze a prezzi calmierati per studenti {dove}",
            ],
            "summaries": [
                "Realizzare residenze per studenti a prezzi accessibili nei comuni ben collegati "
                "alle università.",
                "Usare edifici pubblici inutilizzati come studentati metropolitani.",
            ],
            "needs": [
                "Una stanza per studenti a {milano} costa ormai più di 600 euro al mese e molti "
                "rinunciano all'università.",
                "I posti letto pubblici per studenti coprono una piccola parte della domanda.",
                "Molti comuni della cintura ben collegati con il treno hanno edifici pubblici vuoti.",
            ],
            "actions": [
                "Trasformare edifici pubblici dismessi vicino alle stazioni in residenze "
                "universitarie a canone calmierato.",
                "Stipulare accordi con le università per la gestione e l'assegnazione dei posti "
                "letto {dove}.",
                "Incentivare l'abitare intergenerazionale: anziani che ospitano studenti in cambio "
                "di compagnia e piccoli aiuti.",
            ],
            "results": [
                "Più posti letto a prezzi accessibili e studenti che portano vita nei comuni.",
                "Edifici pubblici recuperati e utilizzati.",
            ],
        },
        {
            "key": "quartieri_popolari",
            "keywords": ["inclusione", "prossimita"],
            "titles": [
                "Servizi di prossimità nei quartieri popolari {dove}",
                "Portinerie di quartiere {dove}",
                "Cortili e spazi comuni dei caseggiati popolari {dove}",
            ],
            "summaries": [
                "Portare servizi, spazi comuni e presidi sociali nei quartieri di edilizia pubblica.",
                "Portinerie sociali che aiutano gli abitanti nelle piccole necessità quotidiane.",
            ],
            "needs": [
                "Nei quartieri popolari {dove} i negozi hanno chiuso e restano solo saracinesche abbassate.",
                "Molti anziani vivono soli nei caseggiati e nessuno se ne accorge se stanno male.",
                "I cortili sono abbandonati e usati come parcheggio.",
            ],
            "actions": [
                "Aprire portinerie di quartiere nei locali sfitti al piano terra, gestite da "
                "cooperative sociali.",
                "Assegnare i negozi vuoti a canone agevolato ad attività di vicinato e associazioni {dove}.",
                "Ristrutturare i cortili con gli abitanti, con verde, giochi e spazi per stare insieme.",
            ],
            "results": [
                "Quartieri più vivi, più sicuri e con meno solitudine.",
                "Abitanti coinvolti nella cura degli spazi comuni.",
            ],
        },
    ],
}

D10 = {
    "actors": [
        "ATS e ASST del territorio",
        "medici di medicina generale e pediatri",
        "servizi sociali dei comuni",
        "associazioni di volontariato sanitario",
        "farmacie",
    ],
    "comments": [
        "La Casa di comunità da noi è stata inaugurata ma è aperta solo due mattine a settimana.",
        "Il medico di base è andato in pensione e da un anno non è stato sostituito.",
        "Servono anche trasporti per portare gli anziani alle visite: molti non guidano più.",
        "Proposta concreta. Aggiungerei la salute mentale dei ragazzi, dopo il Covid è un'emergenza.",
    ],
    "subthemes": [
        {
            "key": "case_comunita",
            "keywords": ["prossimita", "inclusione"],
            "titles": [
                "Case di comunità davvero aperte {dove}",
                "Una Casa di comunità a {comune}",
                "Servizi sociali del comune dentro la Casa di comunità {dove}",
                "Infermiere di famiglia nei comuni piccoli {dove}",
            ],
            "summaries": [
                "Case di comunità aperte tutti i giorni, con medici, infermieri e servizi sociali "
                "del comune sotto lo stesso tetto.",
                "Infermieri di famiglia che seguono a casa anziani e malati cronici.",
            ],
            "needs": [
                "Le Case di comunità {dove} sono spesso solo un cartello: mancano medici, infermieri "
                "e orari di apertura chiari.",
                "Per un anziano solo bisogna andare in tre uffici diversi tra ASST e comune.",
                "Nei comuni piccoli non c'è più un ambulatorio e il medico di base è lontano.",
            ],
            "actions": [
                "Garantire in ogni Casa di comunità un'apertura di almeno 12 ore al giorno con un "
                "punto unico di accesso socio-sanitario.",
                "Portare gli assistenti sociali comunali nelle Case di comunità con un accordo tra "
                "ASST e ambiti sociali {dove}.",
                "Attivare ambulatori infermieristici itineranti nei comuni senza presidio sanitario.",
            ],
            "results": [
                "Meno accessi impropri al pronto soccorso e cure più vicine a casa.",
                "Un solo punto di riferimento per i bisogni sociali e sanitari.",
            ],
        },
        {
            "key": "anziani_domicilio",
            "keywords": ["prossimita", "inclusione"],
            "titles": [
                "Assistenza domiciliare integrata per gli anziani soli {dove}",
                "Telemedicina per i malati cronici {dove}",
                "Trasporto sociale verso ospedali e ambulatori {dove}",
            ],
            "summaries": [
                "Seguire a casa gli anziani fragili unendo assistenza sanitaria e aiuto domestico.",
                "Telemonitoraggio e visite a distanza per chi ha malattie croniche.",
            ],
            "needs": [
                "Molti anziani {dove} vivono soli e dipendono da vicini e volontari per la spesa e "
                "le medicine.",
                "I malati cronici fanno lunghi viaggi per controlli che potrebbero svolgersi a distanza.",
                "Chi non guida non riesce ad arrivare agli ospedali senza un familiare.",
            ],
            "actions": [
                "Integrare l'assistenza domiciliare sanitaria e quella dei comuni in un unico piano "
                "di cura per ogni persona.",
                "Fornire dispositivi di telemonitoraggio e formare familiari e badanti al loro uso.",
                "Organizzare un servizio di trasporto sociale con le associazioni di volontariato "
                "{dove}, prenotabile con un numero unico.",
            ],
            "results": [
                "Anziani che restano a casa propria più a lungo e in sicurezza.",
                "Meno ricoveri evitabili e famiglie meno sole.",
            ],
        },
        {
            "key": "salute_mentale",
            "keywords": ["inclusione"],
            "titles": [
                "Sportelli di ascolto psicologico per i giovani {dove}",
                "Salute mentale: tempi di attesa più brevi {dove}",
                "Un centro giovani per il benessere psicologico a {comune}",
            ],
            "summaries": [
                "Servizi di ascolto e supporto psicologico facilmente accessibili per ragazzi e famiglie.",
                "Ridurre le attese nei servizi di neuropsichiatria e salute mentale.",
            ],
            "needs": [
                "Dopo la pandemia sono aumentati ansia, ritiro sociale e disturbi alimentari tra i "
                "ragazzi {dove}.",
                "Per una prima visita di neuropsichiatria infantile si aspettano mesi.",
                "Le famiglie non sanno a chi rivolgersi e spesso arrivano ai servizi solo in emergenza.",
            ],
            "actions": [
                "Aprire sportelli di ascolto psicologico gratuiti nelle scuole superiori e nei "
                "centri di aggregazione giovanile.",
                "Rafforzare le équipe di neuropsichiatria e salute mentale con psicologi ed educatori "
                "{dove}.",
                "Formare insegnanti e allenatori a riconoscere i primi segnali di disagio.",
            ],
            "results": [
                "Interventi precoci e meno situazioni che diventano gravi.",
                "Ragazzi e famiglie che sanno dove trovare aiuto.",
            ],
        },
        {
            "key": "prevenzione",
            "keywords": ["prossimita", "sostenibilita"],
            "titles": [
                "Screening e prevenzione nelle piazze e nei mercati {dove}",
                "Farmacie dei servizi nei comuni piccoli {dove}",
                "Palestre all'aperto e gruppi di cammino {dove}",
            ],
            "summaries": [
                "Portare la prevenzione dove sono le persone: mercati, piazze, farmacie.",
                "Promuovere l'attività fisica con gruppi di cammino e attrezzature nei parchi.",
            ],
            "needs": [
                "Molte persone {dove} non partecipano agli screening gratuiti perché non ne sanno "
                "niente o non riescono a prenotare.",
                "Nei comuni piccoli la farmacia è l'unico presidio sanitario rimasto.",
                "La sedentarietà è in aumento e mancano occasioni gratuite per fare movimento.",
            ],
            "actions": [
                "Organizzare camper della prevenzione nei mercati settimanali e nelle feste di paese.",
                "Coinvolgere le farmacie nelle prenotazioni, nelle vaccinazioni e nei controlli di "
                "base {dove}.",
                "Installare palestre all'aperto nei parchi e sostenere gruppi di cammino guidati.",
            ],
            "results": [
                "Più adesione agli screening e diagnosi più precoci.",
                "Persone più attive e meno malattie croniche nel lungo periodo.",
            ],
        },
    ],
}
