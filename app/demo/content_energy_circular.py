"""Demo vocabulary for Drivers 3-4: energy and the circular economy.

Same placeholders as :mod:`app.demo.content_digital_green`.
"""

from __future__ import annotations

D3 = {
    "actors": [
        "comuni e uffici tecnici",
        "agenzia per l'energia della Città metropolitana",
        "cooperative energetiche",
        "amministratori di condominio",
    ],
    "comments": [
        "Nel nostro condominio vorremmo aderire a una comunità energetica ma non sappiamo da dove partire.",
        "Sulle scuole i pannelli ci stanno benissimo, purché si sistemi prima il tetto.",
        "Serve semplificare: oggi per un impianto sul tetto del municipio servono mesi di autorizzazioni.",
        "Chiedo che si pensi anche alle famiglie in povertà energetica, non solo ai bilanci dei comuni.",
    ],
    "subthemes": [
        {
            "key": "comunita_energetiche",
            "keywords": ["sostenibilita", "inclusione"],
            "titles": [
                "Comunità energetiche rinnovabili promosse dal pubblico {dove}",
                "Una comunità energetica tra {comune} e {comune2}",
                "Pannelli solari sui tetti pubblici per una comunità energetica {dove}",
                "Comunità energetiche solidali contro la povertà energetica",
            ],
            "summaries": [
                "I comuni promuovono comunità energetiche rinnovabili usando i tetti pubblici e "
                "coinvolgendo famiglie e imprese.",
                "Una comunità energetica che destini parte dei benefici alle famiglie in difficoltà "
                "con le bollette.",
            ],
            "needs": [
                "Le bollette sono aumentate molto e tante famiglie {dove} faticano a pagarle.",
                "I comuni hanno tetti di scuole, palestre e magazzini inutilizzati che potrebbero "
                "produrre energia.",
                "Le comunità energetiche sono complicate da avviare e i cittadini non sanno a chi "
                "rivolgersi.",
            ],
            "actions": [
                "Avviare una comunità energetica per ogni ambito territoriale, con i comuni come "
                "soggetti promotori e uno statuto tipo metropolitano.",
                "Installare impianti fotovoltaici sui tetti pubblici {dove} e aprire l'adesione a "
                "famiglie, commercianti e parrocchie.",
                "Destinare una quota degli incentivi a un fondo per le famiglie in povertà energetica.",
            ],
            "results": [
                "Energia pulita prodotta e consumata sul territorio e bollette più leggere.",
                "Una rete di comunità energetiche che si sostengono a vicenda con competenze comuni.",
            ],
        },
        {
            "key": "efficienza_edifici",
            "keywords": ["sostenibilita"],
            "titles": [
                "Efficienza energetica degli edifici pubblici {dove}",
                "Riqualificare {scuola}: cappotto, serramenti e fotovoltaico",
                "Cappotto e caldaie nuove per gli edifici comunali di {comune}",
                "Illuminazione pubblica a LED {nei_comuni}",
            ],
            "summaries": [
                "Un piano pluriennale per ridurre i consumi di scuole, municipi e palestre con "
                "interventi su involucro e impianti.",
                "Sostituire l'illuminazione pubblica con lampade LED e sistemi di regolazione intelligente.",
            ],
            "needs": [
                "Molti edifici pubblici {dove} sono degli anni Sessanta e Settanta e disperdono gran "
                "parte del calore.",
                "Le spese per l'energia pesano sempre di più sui bilanci comunali a scapito dei servizi.",
                "D'inverno in alcune aule si sta con il cappotto e d'estate non si respira.",
            ],
            "actions": [
                "Fare la diagnosi energetica di tutti gli edifici pubblici e stilare una graduatoria "
                "degli interventi più efficaci.",
                "Usare contratti di rendimento energetico con le ESCO per finanziare i lavori con i "
                "risparmi.",
                "Coordinare a livello metropolitano gare uniche per illuminazione pubblica e "
                "impianti termici {dove}.",
            ],
            "results": [
                "Consumi ridotti del 30-40% negli edifici riqualificati.",
                "Aule e uffici più confortevoli e risorse liberate per i servizi.",
            ],
        },
        {
            "key": "sportello_energia",
            "keywords": ["prossimita", "inclusione"],
            "titles": [
                "Uno sportello energia per famiglie e condomini {dove}",
                "Sportello unico per la diagnosi energetica {dove}",
                "Consulenza gratuita sui bonus per la casa a {comune}",
            ],
            "summaries": [
                "Uno sportello pubblico che aiuti famiglie, condomini e piccole imprese a capire come "
                "risparmiare energia.",
                "Consulenza indipendente su diagnosi energetica, bonus e comunità energetiche.",
            ],
            "needs": [
                "Tra bonus che cambiano ogni anno e offerte commerciali aggressive è difficile capire "
                "cosa conviene davvero.",
                "Gli amministratori di condominio non hanno tempo né competenze per proporre "
                "interventi di efficienza.",
                "Le piccole imprese artigiane non sanno quanto consumano e dove potrebbero risparmiare.",
            ],
            "actions": [
                "Aprire uno sportello energia itinerante {dove}, ospitato a turno nei municipi e nelle "
                "biblioteche.",
                "Offrire diagnosi energetiche gratuite ai condomini con più di venti famiglie.",
                "Formare tecnici comunali e volontari che possano accompagnare le famiglie nelle pratiche.",
            ],
            "results": [
                "Più interventi di efficienza nelle case private e meno truffe.",
                "Un punto di riferimento pubblico e indipendente sull'energia.",
            ],
        },
        {
            "key": "rinnovabili",
            "keywords": ["sostenibilita", "attrattivita"],
            "titles": [
                "Fotovoltaico sui capannoni e sui parcheggi {dove}",
                "Agrivoltaico senza consumare suolo agricolo {dove}",
                "Pensiline fotovoltaiche presso {stazione}",
            ],
            "summaries": [
                "Coprire di pannelli solari i tetti dei capannoni e i grandi parcheggi invece dei campi.",
                "Regole chiare per l'agrivoltaico compatibile con la produzione agricola.",
            ],
            "needs": [
                "Ci sono migliaia di metri quadri di tetti industriali {dove} senza un solo pannello.",
                "Alcuni progetti di fotovoltaico a terra rischiano di occupare terreni agricoli fertili.",
                "I grandi parcheggi dei centri commerciali d'estate sono roventi e inutilizzati come "
                "superficie produttiva.",
            ],
            "actions": [
                "Creare una mappa metropolitana dei tetti idonei e un accordo con le associazioni di "
                "impresa per installarvi impianti.",
                "Prevedere pensiline fotovoltaiche nei parcheggi di interscambio e nei grandi "
                "parcheggi commerciali {dove}.",
                "Definire linee guida metropolitane per l'agrivoltaico che proteggano le colture.",
            ],
            "results": [
                "Più energia rinnovabile senza togliere suolo all'agricoltura.",
                "Parcheggi ombreggiati e imprese meno esposte ai prezzi dell'energia.",
            ],
        },
    ],
}

D4 = {
    "actors": [
        "aziende pubbliche di igiene ambientale",
        "gestore del servizio idrico integrato",
        "consorzi di filiera del riciclo",
        "commercianti e mercati rionali",
    ],
    "comments": [
        "La tariffa puntuale da noi ha funzionato: la differenziata è salita in un anno.",
        "Il problema sono gli abbandoni ai bordi delle strade di campagna, servono più controlli.",
        "Le case dell'acqua sono comode, ma andrebbero messe anche vicino alle scuole.",
        "Proposta utile. Coinvolgerei i mercati rionali per il recupero delle eccedenze alimentari.",
    ],
    "subthemes": [
        {
            "key": "raccolta_rifiuti",
            "keywords": ["sostenibilita"],
            "titles": [
                "Tariffa puntuale sui rifiuti {nei_comuni}",
                "Centri del riuso presso le piattaforme ecologiche {dove}",
                "Contro l'abbandono dei rifiuti nelle campagne di {comune}",
                "Raccolta differenziata nei mercati rionali {dove}",
            ],
            "summaries": [
                "Estendere la tariffa puntuale, che fa pagare in base ai rifiuti prodotti, e aprire "
                "centri del riuso.",
                "Un piano contro l'abbandono dei rifiuti con fototrappole, pulizie e sanzioni.",
            ],
            "needs": [
                "La raccolta differenziata {dove} è ferma da anni intorno al 65% e l'indifferenziato "
                "costa sempre di più.",
                "Lungo le strade di campagna si trovano continuamente sacchi, calcinacci e "
                "elettrodomestici abbandonati.",
                "Mobili ed elettrodomestici ancora funzionanti finiscono in discarica perché non c'è "
                "un posto dove lasciarli.",
            ],
            "actions": [
                "Introdurre gradualmente la tariffa puntuale con contenitori dotati di codice e "
                "un'informazione capillare alle famiglie.",
                "Aprire un centro del riuso accanto a ogni piattaforma ecologica, gestito con "
                "cooperative sociali.",
                "Installare fototrappole nei punti critici e organizzare giornate di pulizia con i "
                "volontari {dove}.",
            ],
            "results": [
                "Differenziata oltre l'80% e meno rifiuti in discarica.",
                "Campagne pulite e oggetti che tornano in uso invece di diventare rifiuti.",
            ],
        },
        {
            "key": "ciclo_acqua",
            "keywords": ["sostenibilita", "prossimita"],
            "titles": [
                "Riutilizzare le acque depurate in agricoltura {dove}",
                "Case dell'acqua in ogni quartiere {dove}",
                "Ridurre le perdite della rete idrica {dove}",
                "Vasche di laminazione e giardini della pioggia a {comune}",
            ],
            "summaries": [
                "Recuperare l'acqua dei depuratori per l'irrigazione e ridurre le perdite degli acquedotti.",
                "Gestire la pioggia in città con superfici drenanti e giardini della pioggia.",
            ],
            "needs": [
                "Durante le estati secche gli agricoltori {dove} hanno avuto problemi di irrigazione "
                "mentre l'acqua depurata finisce nei fiumi.",
                "Una parte importante dell'acqua immessa negli acquedotti si perde prima di arrivare "
                "ai rubinetti.",
                "Con i temporali sempre più violenti i sottopassi e le cantine si allagano.",
            ],
            "actions": [
                "Collegare i principali depuratori alla rete irrigua dei consorzi di bonifica.",
                "Programmare la sostituzione delle condotte più vecchie usando sensori per trovare le "
                "perdite.",
                "Realizzare giardini della pioggia e pavimentazioni drenanti nei parcheggi e nei "
                "cortili pubblici {dove}.",
            ],
            "results": [
                "Meno acqua sprecata e più acqua disponibile per l'agricoltura nei mesi secchi.",
                "Meno allagamenti e meno acqua piovana che sovraccarica i depuratori.",
            ],
        },
        {
            "key": "acquisti_verdi",
            "keywords": ["sostenibilita", "attrattivita"],
            "titles": [
                "Acquisti pubblici verdi {nei_comuni}",
                "Materiali riciclati nei cantieri stradali {dove}",
                "Mense senza plastica monouso {dove}",
            ],
            "summaries": [
                "Usare gli acquisti pubblici per far crescere il mercato dei materiali riciclati.",
                "Criteri ambientali minimi davvero applicati nei bandi di comuni ed enti.",
            ],
            "needs": [
                "I criteri ambientali minimi sono obbligatori ma spesso restano sulla carta, "
                "soprattutto nei comuni piccoli.",
                "Gli inerti da demolizione vengono smaltiti mentre potrebbero essere riusati nei "
                "sottofondi stradali.",
                "Nelle mense e negli eventi pubblici si usano ancora stoviglie monouso.",
            ],
            "actions": [
                "Creare una centrale di committenza metropolitana con capitolati verdi pronti all'uso.",
                "Prevedere una quota minima di materiali riciclati in tutti i cantieri stradali provinciali.",
                "Accompagnare gli uffici comunali {dove} con una formazione pratica sui criteri "
                "ambientali minimi.",
            ],
            "results": [
                "Più domanda per le imprese del riciclo e meno materie prime consumate.",
                "Bandi più semplici e uniformi per i comuni.",
            ],
        },
        {
            "key": "spreco_alimentare",
            "keywords": ["inclusione", "sostenibilita"],
            "titles": [
                "Recupero delle eccedenze alimentari {dove}",
                "Un hub contro lo spreco di cibo a {comune}",
                "Dalle mense agli empori solidali: niente cibo sprecato {dove}",
            ],
            "summaries": [
                "Una rete che recuperi il cibo invenduto di mercati, supermercati e mense e lo porti "
                "alle famiglie in difficoltà.",
                "Hub di quartiere per raccogliere e ridistribuire le eccedenze alimentari.",
            ],
            "needs": [
                "Ogni giorno mercati e supermercati {dove} buttano cibo ancora buono.",
                "Le associazioni che aiutano le famiglie in difficoltà non hanno mezzi e spazi per "
                "conservare il fresco.",
                "Nelle mense scolastiche avanzano ogni giorno molte porzioni intatte.",
            ],
            "actions": [
                "Aprire hub di quartiere con celle frigorifere, gestiti da associazioni e finanziati "
                "dai comuni.",
                "Stipulare accordi con la grande distribuzione e i mercati rionali per il ritiro "
                "quotidiano delle eccedenze.",
                "Applicare anche {dove} il modello dei regolamenti comunali contro lo spreco, con "
                "sgravi sulla tariffa rifiuti per chi dona.",
            ],
            "results": [
                "Tonnellate di cibo recuperate ogni anno e più famiglie raggiunte.",
                "Meno rifiuti organici e una rete di solidarietà più forte.",
            ],
        },
    ],
}
