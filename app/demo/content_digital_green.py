"""Demo vocabulary for Drivers 1-2: digital campus, green and blue policies.

Placeholders: ``{dove}`` is always filled ("a Rho", "nella zona Nord Ovest", "in tutta l'area
metropolitana"); ``{zona}`` for zone and comuni scopes; ``{comune}``, ``{comune2}``, ``{stazione}``,
``{parco}``, ``{acqua}``, ``{area}``, ``{scuola}`` only when the proposal names comuni.
"""

from __future__ import annotations

D1 = {
    "actors": [
        "Città metropolitana di Milano, settore sistemi informativi",
        "i comuni della zona",
        "i gestori della rete in fibra",
        "le biblioteche civiche",
    ],
    "comments": [
        "Nel nostro comune lo sportello online esiste, ma metà dei servizi rimanda ancora al "
        "modulo cartaceo.",
        "Bene la piattaforma unica, purché sia accessibile anche a chi usa lo screen reader.",
        "Attenzione alla privacy: i dati dei sensori vanno pubblicati aggregati.",
        "I piccoli comuni non hanno un informatico: una squadra condivisa sarebbe fondamentale.",
    ],
    "subthemes": [
        {
            "key": "fibra",
            "keywords": ["connettivita", "inclusione"],
            "titles": [
                "Fibra ottica nelle frazioni ancora scoperte {dove}",
                "Banda ultralarga per le aree artigianali {dove}",
                "Copertura 5G e fibra per la zona industriale di {comune}",
                "Connessione veloce nelle cascine e nelle frazioni di {comune} e {comune2}",
            ],
            "summaries": [
                "Completare la rete in fibra ottica nelle frazioni e nelle aree produttive che oggi "
                "viaggiano ancora su rame.",
                "Un piano per portare la banda ultralarga dove il mercato non arriva, a partire dalle "
                "zone artigianali.",
            ],
            "needs": [
                "In molte frazioni la connessione non supera i 10 megabit: chi lavora da casa o gestisce "
                "una piccola impresa è tagliato fuori.",
                "Le aree artigianali {dove} sono rimaste escluse dai cantieri della fibra perché "
                "considerate poco redditizie dagli operatori.",
                "Senza una rete veloce le scuole e gli ambulatori non possono usare i servizi digitali "
                "che la Regione sta introducendo.",
            ],
            "actions": [
                "Mappare le aree bianche e grigie {dove} insieme ai comuni e chiedere che il piano "
                "banda ultralarga le includa in via prioritaria.",
                "Usare i cavidotti esistenti dell'illuminazione pubblica e delle strade provinciali per "
                "posare la fibra riducendo costi e scavi.",
                "Creare un tavolo metropolitano con gli operatori per coordinare i cantieri ed evitare "
                "di aprire la stessa strada due volte.",
            ],
            "results": [
                "Tutte le aree produttive collegate in fibra entro tre anni e meno divario digitale tra "
                "capoluogo e frazioni.",
                "Più imprese che restano sul territorio e più persone che possono lavorare da remoto.",
            ],
        },
        {
            "key": "servizi_digitali",
            "keywords": ["connettivita", "prossimita"],
            "titles": [
                "Uno sportello digitale unico {nei_comuni}",
                "Pratiche edilizie online uguali in tutti i comuni",
                "Servizi comunali in un'unica app {dove}",
                "Sportello digitale condiviso tra {comune} e {comune2}",
            ],
            "summaries": [
                "Una piattaforma condivisa, gestita dalla Città metropolitana, per offrire gli stessi "
                "servizi online in tutti i comuni.",
                "Moduli, pagamenti e prenotazioni con le stesse regole in tutta l'area metropolitana.",
            ],
            "needs": [
                "Ogni comune ha il proprio portale e i propri moduli: chi lavora in un comune e vive in "
                "un altro deve imparare procedure diverse.",
                "I comuni sotto i cinquemila abitanti non hanno personale per gestire i servizi online e "
                "restano indietro.",
                "Per una pratica edilizia un professionista deve usare sistemi diversi a seconda del "
                "comune, con tempi e costi che si moltiplicano.",
            ],
            "actions": [
                "Realizzare un portale metropolitano in riuso, con SPID e CIE, che i comuni possano "
                "adottare senza costi di sviluppo.",
                "Uniformare la modulistica dello sportello edilizio e delle attività produttive {dove}.",
                "Formare un gruppo di facilitatori digitali che affianchino gli uffici comunali nei primi "
                "mesi di adozione.",
            ],
            "results": [
                "Tempi delle pratiche dimezzati e cittadini che non devono più andare allo sportello "
                "per un certificato.",
                "Una spesa informatica condivisa e più bassa per i comuni piccoli.",
            ],
        },
        {
            "key": "gemello_digitale",
            "keywords": ["sostenibilita", "connettivita"],
            "titles": [
                "Un gemello digitale del territorio metropolitano",
                "Dati aperti su traffico e qualità dell'aria {dove}",
                "Sensori ambientali condivisi {dove}",
                "Mappa digitale dei cantieri e delle strade di {comune}",
            ],
            "summaries": [
                "Un modello digitale del territorio che metta insieme dati su traffico, aria, edifici e "
                "reti per decidere meglio.",
                "Pubblicare come dati aperti le misure dei sensori e le informazioni territoriali già "
                "raccolte dagli enti.",
            ],
            "needs": [
                "I dati su traffico, inquinamento e consumo di suolo esistono ma sono sparsi tra enti "
                "diversi e difficili da confrontare.",
                "I comuni pianificano senza sapere cosa succede appena oltre il confine comunale.",
                "Cittadini e ricercatori non riescono ad avere dati aggiornati sulla qualità dell'aria "
                "{dove}.",
            ],
            "actions": [
                "Costruire un gemello digitale metropolitano partendo dalla cartografia esistente e "
                "aggiungendo gradualmente i dati dei sensori.",
                "Pubblicare i dati in formato aperto con licenza CC-BY e aggiornamento almeno settimanale.",
                "Installare una rete di sensori a basso costo nelle scuole, coinvolgendo studenti e "
                "docenti nella manutenzione.",
            ],
            "results": [
                "Decisioni pubbliche basate su dati condivisi e simulazioni prima dei cantieri.",
                "Nuove applicazioni sviluppate da università, start-up e associazioni con i dati aperti.",
            ],
        },
        {
            "key": "competenze_digitali",
            "keywords": ["inclusione", "prossimita"],
            "titles": [
                "Punti di facilitazione digitale nelle biblioteche {dove}",
                "Corsi di alfabetizzazione digitale per anziani {dove}",
                "Nessuno escluso dallo SPID: aiuto di quartiere {dove}",
                "Un punto digitale nella biblioteca di {comune}",
            ],
            "summaries": [
                "Aprire punti di assistenza digitale nelle biblioteche e nei centri civici per chi non "
                "riesce a usare i servizi online.",
                "Corsi gratuiti e assistenza di persona per attivare SPID, fascicolo sanitario e "
                "pagamenti online.",
            ],
            "needs": [
                "Mia madre ha 78 anni e per prenotare una visita deve sempre chiedere a qualcuno: non è "
                "l'unica nel quartiere.",
                "Con il passaggio al digitale molti anziani e stranieri non riescono più ad accedere "
                "ai servizi di base.",
                "Gli sportelli comunali sono aperti poche ore e spesso rimandano al sito.",
            ],
            "actions": [
                "Aprire un punto di facilitazione digitale in ogni biblioteca {dove}, con orari "
                "serali e il sabato mattina.",
                "Coinvolgere studenti delle superiori e volontari del servizio civile come tutor digitali.",
                "Preparare guide semplici, anche in altre lingue, per i servizi più richiesti.",
            ],
            "results": [
                "Migliaia di persone autonome nell'uso dei servizi online e meno code agli sportelli.",
                "Biblioteche più frequentate e riconosciute come presidio di comunità.",
            ],
        },
    ],
}

D2 = {
    "actors": [
        "Parco Agricolo Sud Milano",
        "Consorzio di bonifica Est Ticino Villoresi",
        "aziende agricole del territorio",
        "associazioni ambientaliste",
        "scuole e gruppi di volontari",
    ],
    "comments": [
        "Piantare alberi va bene, ma chi li innaffia nei primi tre anni? Serve un piano di manutenzione.",
        "Lungo il Naviglio nei weekend c'è troppa gente: bisogna pensare anche ai percorsi alternativi.",
        "Le aziende agricole sono pronte, servono contratti pluriennali e non bandi annuali.",
        "Aggiungerei il tema delle zanzare e della manutenzione delle sponde.",
        "Ottima idea, sosteniamo anche come gruppo di cammino del paese.",
    ],
    "subthemes": [
        {
            "key": "forestazione",
            "keywords": ["sostenibilita", "prossimita"],
            "titles": [
                "Nuovi boschi urbani {dove}",
                "Forestazione lungo le strade provinciali {dove}",
                "Un bosco di quartiere presso {parco}",
                "Alberi nelle aree industriali dismesse di {comune}",
            ],
            "summaries": [
                "Piantare alberi in aree pubbliche sottoutilizzate per ridurre le isole di calore e "
                "creare nuovi boschi di prossimità.",
                "Una campagna di forestazione che coinvolga scuole, aziende e cittadini nella cura "
                "delle nuove piante.",
            ],
            "needs": [
                "D'estate {dove} si superano i 35 gradi e i quartieri senza alberi diventano "
                "invivibili, soprattutto per anziani e bambini.",
                "Ci sono molte aree verdi pubbliche ridotte a prato rasato che potrebbero diventare "
                "piccoli boschi.",
                "Le nuove piantumazioni spesso muoiono dopo pochi anni perché nessuno se ne occupa.",
            ],
            "actions": [
                "Individuare con i comuni le aree pubbliche disponibili e piantare specie autoctone "
                "con un piano di manutenzione di almeno cinque anni.",
                "Creare fasce alberate lungo le strade provinciali e le piste ciclabili {dove}.",
                "Affidare la cura dei nuovi boschi a patti di collaborazione con scuole e associazioni "
                "di quartiere.",
            ],
            "results": [
                "Temperature estive più basse, più ombra e più biodiversità nei quartieri.",
                "Migliaia di nuovi alberi vivi e curati, non solo piantati.",
            ],
        },
        {
            "key": "consumo_suolo",
            "keywords": ["sostenibilita", "attrattivita"],
            "titles": [
                "Stop al consumo di suolo agricolo {dove}",
                "Desigillare i piazzali e i parcheggi {dove}",
                "Recuperare {area} invece di costruire sui campi",
                "Tutela dei campi tra {comune} e {comune2}",
            ],
            "summaries": [
                "Fermare le nuove edificazioni su suolo agricolo e favorire il recupero delle aree già "
                "costruite e abbandonate.",
                "Togliere asfalto e cemento da piazzali e parcheggi poco usati per restituire suolo "
                "permeabile.",
            ],
            "needs": [
                "Negli ultimi anni {dove} sono spariti molti campi per far posto a capannoni e centri "
                "commerciali, mentre tante aree dismesse restano vuote.",
                "Il suolo impermeabilizzato aumenta gli allagamenti: con ogni temporale forte le strade "
                "si riempiono d'acqua.",
                "Le regole sul consumo di suolo sono diverse da comune a comune e i progetti si "
                "spostano dove i vincoli sono più deboli.",
            ],
            "actions": [
                "Inserire nel piano territoriale metropolitano un bilancio di suolo zero con criteri "
                "comuni a tutti i comuni.",
                "Finanziare la desigillazione di piazzali pubblici e cortili scolastici {dove}.",
                "Creare un censimento pubblico delle aree dismesse da proporre agli investitori prima "
                "di autorizzare nuove costruzioni.",
            ],
            "results": [
                "Nessun nuovo ettaro agricolo perso e più aree dismesse recuperate.",
                "Meno allagamenti e un paesaggio agricolo che resta leggibile.",
            ],
        },
        {
            "key": "navigli_acque",
            "keywords": ["attrattivita", "sostenibilita"],
            "titles": [
                "Valorizzare {acqua} come corridoio verde e blu",
                "Pulizia e manutenzione delle sponde lungo {acqua}",
                "Navigli e canali: un piano unico di cura delle acque {dove}",
                "Balneabilità e qualità dell'acqua dei fiumi {dove}",
            ],
            "summaries": [
                "Un progetto condiviso per curare le sponde, migliorare la qualità dell'acqua e rendere "
                "percorribili i corsi d'acqua.",
                "I Navigli e i canali come infrastruttura verde e blu, non solo come attrazione turistica.",
            ],
            "needs": [
                "Lungo {acqua} le sponde sono in parte franate e in alcuni tratti piene di rifiuti.",
                "I corsi d'acqua {dove} sono gestiti da enti diversi e nessuno ha una visione d'insieme.",
                "La qualità dell'acqua resta scarsa per gli scarichi non depurati a monte.",
            ],
            "actions": [
                "Firmare un contratto di fiume tra comuni, consorzi e associazioni con un programma "
                "di interventi e una cabina di regia unica.",
                "Rinaturalizzare alcuni tratti di sponda con tecniche di ingegneria naturalistica.",
                "Organizzare giornate di pulizia e monitoraggio civico della qualità dell'acqua con le "
                "scuole {dove}.",
            ],
            "results": [
                "Sponde sicure e percorribili, acqua più pulita e più specie animali lungo i canali.",
                "Un sistema di acque riconosciuto come parco lineare metropolitano.",
            ],
        },
        {
            "key": "agricoltura_cibo",
            "keywords": ["sostenibilita", "prossimita"],
            "titles": [
                "Mense scolastiche con prodotti del Parco Agricolo Sud {dove}",
                "Un mercato contadino metropolitano {dove}",
                "Agricoltura multifunzionale nelle cascine di {comune}",
                "Orti condivisi presso {parco}",
            ],
            "summaries": [
                "Portare nelle mense pubbliche il cibo prodotto dalle aziende agricole dell'area "
                "metropolitana.",
                "Sostenere le cascine che offrono didattica, vendita diretta e accoglienza oltre alla "
                "produzione.",
            ],
            "needs": [
                "Le aziende agricole a pochi chilometri dalla città vendono quasi tutto alla grande "
                "distribuzione a prezzi bassissimi.",
                "Molte cascine storiche {dove} sono abbandonate o in cattivo stato.",
                "Le mense scolastiche usano pochissimi prodotti locali anche se il territorio è agricolo.",
            ],
            "actions": [
                "Inserire nei bandi delle mense criteri premianti per i prodotti a chilometro zero e "
                "biologici del territorio.",
                "Creare una rete di mercati contadini settimanali {dove} con un marchio comune.",
                "Sostenere con contributi la trasformazione delle cascine in luoghi multifunzionali "
                "(fattorie didattiche, agriturismo, vendita diretta).",
            ],
            "results": [
                "Più reddito per le aziende agricole e cibo più fresco nelle scuole.",
                "Cascine recuperate e un legame più forte tra città e campagna.",
            ],
        },
    ],
}
