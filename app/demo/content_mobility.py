"""Demo vocabulary for Drivers 5-6: the right to mobility, production and logistics.

Same placeholders as :mod:`app.demo.content_digital_green`.
"""

from __future__ import annotations

D5 = {
    "actors": [
        "Agenzia del trasporto pubblico locale",
        "aziende di trasporto su gomma",
        "comuni attraversati dalle linee",
        "associazioni di pendolari e di ciclisti",
        "Regione Lombardia e gestore ferroviario",
    ],
    "comments": [
        "Prendo il bus tutti i giorni: dopo le 20 si aspetta anche 40 minuti. Sostengo!",
        "Le ciclabili servono solo se sono continue: un tratto isolato di 300 metri non lo usa nessuno.",
        "Il parcheggio della stazione è pieno già alle 7.30, chi arriva dopo lascia l'auto sui marciapiedi.",
        "Aggiungerei l'illuminazione delle fermate, d'inverno alle 17 è buio pesto.",
        "Sono d'accordo, ma attenzione alla manutenzione: le buche sulle ciclabili sono pericolose.",
        "Da pendolare confermo: il treno delle 7.12 è sempre in ritardo e arriva strapieno.",
    ],
    "subthemes": [
        {
            "key": "ciclabili",
            "keywords": ["connettivita", "sostenibilita"],
            "titles": [
                "Pista ciclabile continua tra {comune} e {comune2}",
                "Una rete di ciclabili sicure verso le stazioni {dove}",
                "Completare la ciclovia lungo {acqua}",
                "Ciclabile protetta per andare a scuola {dove}",
                "Parcheggi sicuri per le bici presso {stazione}",
            ],
            "summaries": [
                "Collegare i comuni vicini con piste ciclabili continue, illuminate e separate dal traffico.",
                "Portare in bicicletta studenti e pendolari fino alle stazioni e alle scuole, in sicurezza.",
            ],
            "needs": [
                "Tra {comune} e {comune2} ci sono meno di cinque chilometri ma andare in bici significa "
                "pedalare sulla provinciale tra i camion.",
                "Le piste ciclabili {dove} sono tratti isolati che si interrompono agli incroci più "
                "pericolosi.",
                "Vicino alle stazioni non ci sono rastrelliere sicure e le bici vengono rubate di continuo.",
                "Molti ragazzi andrebbero a scuola in bicicletta se i genitori non avessero paura del "
                "traffico.",
            ],
            "actions": [
                "Realizzare un collegamento ciclabile separato dalla carreggiata, illuminato e con "
                "attraversamenti protetti agli incroci.",
                "Approvare un biciplan metropolitano che dia priorità ai collegamenti tra comuni e "
                "stazioni {dove}.",
                "Installare velostazioni custodite o box chiusi per le biciclette presso le principali "
                "stazioni.",
                "Segnalare e mettere in sicurezza i percorsi casa-scuola con zone 30 davanti agli istituti.",
            ],
            "results": [
                "Più persone che usano la bici per gli spostamenti quotidiani e meno auto sulle strade "
                "locali.",
                "Meno incidenti con ciclisti e una rete continua che collega i comuni.",
            ],
        },
        {
            "key": "autobus_frequenze",
            "keywords": ["connettivita", "inclusione"],
            "titles": [
                "Più corse serali e notturne degli autobus {dove}",
                "Autobus ogni 15 minuti verso la metropolitana {dove}",
                "Bus notturno il fine settimana tra {comune} e {milano}",
                "Una linea di autobus trasversale tra {comune} e {comune2}",
                "Orari dei bus coordinati con i treni {dove}",
            ],
            "summaries": [
                "Aumentare le frequenze degli autobus extraurbani e aggiungere corse serali e notturne.",
                "Linee trasversali tra i comuni della cintura, senza dover passare da {milano}.",
            ],
            "needs": [
                "Dopo le 21 {dove} non passa più nessun autobus: chi lavora nei turni serali deve "
                "per forza avere l'auto.",
                "Per andare da {comune} a {comune2} con i mezzi pubblici bisogna passare da {milano} e "
                "servono più di un'ora e mezza.",
                "Gli orari dei bus non sono coordinati con quelli dei treni e si perdono le "
                "coincidenze per pochi minuti.",
                "Il sabato sera i ragazzi tornano da {milano} solo se un genitore va a prenderli.",
            ],
            "actions": [
                "Potenziare le linee extraurbane con una frequenza di almeno 15 minuti nelle ore di "
                "punta e 30 minuti la sera.",
                "Istituire linee notturne il venerdì e il sabato che colleghino i capolinea della "
                "metropolitana con i centri abitati {dove}.",
                "Creare linee trasversali di forza tra i comuni della cintura, con corsie "
                "preferenziali dove possibile.",
                "Coordinare gli orari di autobus e treni nei nodi principali e pubblicarli in un unico "
                "orario integrato.",
            ],
            "results": [
                "Trasporto pubblico utilizzabile anche da chi lavora su turni e dai giovani la sera.",
                "Tempi di viaggio ridotti e meno dipendenza dall'auto.",
            ],
        },
        {
            "key": "interscambio",
            "keywords": ["connettivita"],
            "titles": [
                "Parcheggio di interscambio presso {stazione}",
                "Nodi di interscambio treno-bus-bici {dove}",
                "Un parcheggio scambiatore più grande {dove}",
                "Biglietto unico integrato per tutta l'area metropolitana",
            ],
            "summaries": [
                "Rendere le stazioni veri nodi di interscambio, con parcheggi, bus in coincidenza e servizi.",
                "Un titolo di viaggio unico e semplice per treno, metropolitana e autobus.",
            ],
            "needs": [
                "Il parcheggio presso {stazione} è saturo dalle 7 di mattina e le auto invadono le vie "
                "residenziali.",
                "Chi arriva in stazione in bus deve attraversare la strada senza marciapiede e spesso "
                "perde il treno.",
                "Il sistema tariffario è complicato e i pendolari pagano due abbonamenti diversi.",
            ],
            "actions": [
                "Ampliare il parcheggio di interscambio con un parcheggio multipiano e tariffa "
                "integrata con l'abbonamento.",
                "Riorganizzare il piazzale della stazione con fermate dei bus, stalli per biciclette "
                "e monopattini e percorsi pedonali protetti.",
                "Estendere il biglietto integrato {dove} e introdurre il pagamento contactless su "
                "tutti i mezzi.",
            ],
            "results": [
                "Più pendolari che lasciano l'auto in stazione invece di arrivare in città.",
                "Cambi più rapidi e una rete percepita come un sistema unico.",
            ],
        },
        {
            "key": "sicurezza_stradale",
            "keywords": ["prossimita", "sostenibilita"],
            "titles": [
                "Messa in sicurezza della strada provinciale {dove}",
                "Zone 30 davanti alle scuole {dove}",
                "Attraversamenti pedonali sicuri sulla provinciale a {comune}",
                "Rotatoria all'incrocio pericoloso tra {comune} e {comune2}",
            ],
            "summaries": [
                "Mettere in sicurezza la rete stradale secondaria nei punti dove si concentrano gli "
                "incidenti.",
                "Moderare la velocità vicino a scuole e centri abitati.",
            ],
            "needs": [
                "Sulla strada provinciale {dove} negli ultimi cinque anni ci sono stati diversi "
                "incidenti gravi, anche mortali.",
                "I camion attraversano il centro abitato a velocità elevata e i marciapiedi sono "
                "strettissimi.",
                "Davanti alle scuole all'ingresso e all'uscita c'è il caos di auto in doppia fila.",
            ],
            "actions": [
                "Realizzare rotatorie, isole spartitraffico e attraversamenti rialzati nei punti "
                "critici indicati dai dati sugli incidenti.",
                "Istituire zone 30 e strade scolastiche chiuse al traffico negli orari di ingresso e uscita.",
                "Installare rilevatori di velocità e migliorare l'illuminazione degli attraversamenti "
                "{dove}.",
            ],
            "results": [
                "Meno incidenti e più persone che si spostano a piedi in sicurezza.",
                "Ingressi delle scuole tranquilli e più bambini che arrivano a piedi o in bici.",
            ],
        },
        {
            "key": "sharing_elettrico",
            "keywords": ["sostenibilita", "connettivita"],
            "titles": [
                "Bike sharing metropolitano oltre i confini di {milano}",
                "Car sharing elettrico {nei_comuni}",
                "Colonnine di ricarica nei parcheggi pubblici {dove}",
                "Bus elettrici sulle linee extraurbane {dove}",
            ],
            "summaries": [
                "Estendere la mobilità condivisa ai comuni dell'area metropolitana e non solo al capoluogo.",
                "Rinnovare la flotta degli autobus con mezzi elettrici e diffondere la ricarica pubblica.",
            ],
            "needs": [
                "Il bike sharing si ferma al confine di {milano}: chi vive nella prima cintura non può "
                "usarlo per tornare a casa.",
                "Gli autobus extraurbani {dove} sono vecchi, rumorosi e inquinanti.",
                "Chi vorrebbe comprare un'auto elettrica non sa dove ricaricarla perché in paese non "
                "ci sono colonnine.",
            ],
            "actions": [
                "Estendere il bike sharing ai comuni confinanti con stazioni presso fermate della "
                "metropolitana e stazioni ferroviarie.",
                "Inserire nei nuovi contratti di servizio l'obbligo di flotte elettriche o a "
                "idrogeno entro il 2030.",
                "Pianificare una rete metropolitana di colonnine di ricarica nei parcheggi pubblici {dove}.",
            ],
            "results": [
                "Più spostamenti senza auto privata e aria più pulita.",
                "Un servizio condiviso che non si ferma ai confini comunali.",
            ],
        },
    ],
}

D6 = {
    "actors": [
        "operatori della logistica e dell'autotrasporto",
        "associazioni di categoria delle imprese",
        "comuni sede di poli logistici",
        "Camera di commercio e sistema camerale",
    ],
    "comments": [
        "I capannoni logistici portano lavoro ma anche centinaia di camion in più al giorno "
        "sulle nostre strade.",
        "Giusto regolare, ma le imprese hanno bisogno di tempi certi per le autorizzazioni.",
        "Nel nostro comune il centro di consolidamento esiste già, ma non lo usa nessuno: "
        "bisogna capire perché.",
        "Le consegne con le cargo bike in centro funzionano benissimo, ne servono di più.",
    ],
    "subthemes": [
        {
            "key": "poli_logistici",
            "keywords": ["sostenibilita", "attrattivita"],
            "titles": [
                "Regole metropolitane per i nuovi poli logistici {dove}",
                "Logistica solo nelle aree dismesse {dove}",
                "Un piano per i capannoni della logistica tra {comune} e {comune2}",
                "Compensazioni ambientali per i poli logistici {dove}",
            ],
            "summaries": [
                "Decidere a livello metropolitano dove possono nascere i grandi poli logistici, "
                "privilegiando aree già costruite.",
                "Chiedere ai nuovi insediamenti logistici opere di compensazione ambientale e di mobilità.",
            ],
            "needs": [
                "Negli ultimi anni {dove} sono sorti molti capannoni logistici su terreni agricoli, "
                "senza una regia complessiva.",
                "Ogni comune decide da solo e i camion generati da un polo ricadono sulle strade dei "
                "comuni vicini.",
                "Le aree produttive dismesse restano vuote mentre si costruisce sui campi.",
            ],
            "actions": [
                "Definire nel piano territoriale metropolitano gli ambiti idonei alla logistica, "
                "vicino alle autostrade e agli scali ferroviari.",
                "Subordinare le nuove autorizzazioni a un accordo tra i comuni interessati sul "
                "traffico e sulle compensazioni.",
                "Creare un fondo alimentato dagli oneri dei poli logistici per forestazione e "
                "ciclabili {dove}.",
            ],
            "results": [
                "Poli logistici in luoghi adatti, meno suolo consumato e meno camion nei centri abitati.",
                "Benefici condivisi tra i comuni che ospitano gli insediamenti.",
            ],
        },
        {
            "key": "ultimo_miglio",
            "keywords": ["sostenibilita", "prossimita"],
            "titles": [
                "Centri di consolidamento delle merci per l'ultimo miglio {dove}",
                "Consegne in cargo bike nel centro di {comune}",
                "Punti di ritiro condivisi per i pacchi {dove}",
            ],
            "summaries": [
                "Raggruppare le consegne in centri di consolidamento e portarle a destinazione con "
                "mezzi elettrici o cargo bike.",
                "Armadietti e punti di ritiro condivisi per ridurre i furgoni che girano a vuoto.",
            ],
            "needs": [
                "Nei centri storici {dove} i furgoni delle consegne sostano ovunque, anche sulle "
                "strisce pedonali.",
                "Ogni corriere fa il proprio giro e nella stessa via passano dieci furgoni al giorno.",
                "Molti pacchi non vengono consegnati al primo tentativo e il furgone deve ripassare.",
            ],
            "actions": [
                "Realizzare centri di consolidamento alle porte dei centri abitati da cui partono "
                "consegne con veicoli elettrici e cargo bike.",
                "Installare punti di ritiro neutrali, aperti a tutti i corrieri, presso stazioni, "
                "biblioteche e negozi di vicinato.",
                "Regolare le fasce orarie di carico e scarico {dove} con piazzole dedicate e prenotabili.",
            ],
            "results": [
                "Meno furgoni nei centri, meno emissioni e marciapiedi liberi.",
                "Consegne più efficienti e nuovi servizi per i negozi di vicinato.",
            ],
        },
        {
            "key": "zone_emissioni_zero",
            "keywords": ["sostenibilita"],
            "titles": [
                "Zone a emissioni zero per le consegne {dove}",
                "Incentivi ai furgoni elettrici per le piccole imprese {dove}",
                "Logistica a emissioni zero nelle aree industriali di {comune}",
            ],
            "summaries": [
                "Introdurre gradualmente zone in cui le merci si consegnano solo con veicoli a zero "
                "emissioni.",
                "Accompagnare artigiani e commercianti nel passaggio a furgoni elettrici.",
            ],
            "needs": [
                "I furgoni diesel sono una delle principali fonti di inquinamento nei centri urbani.",
                "Le piccole imprese non possono permettersi da sole di rinnovare i mezzi.",
                "Le regole sulle zone a basse emissioni cambiano da comune a comune e confondono gli "
                "autotrasportatori.",
            ],
            "actions": [
                "Definire un calendario comune per le zone a emissioni zero {dove}, con anni di "
                "preavviso per le imprese.",
                "Creare un fondo di garanzia per il noleggio a lungo termine di furgoni elettrici "
                "da parte degli artigiani.",
                "Installare ricariche rapide dedicate ai mezzi commerciali nelle aree produttive.",
            ],
            "results": [
                "Aria più pulita nei centri e regole chiare e uniformi per chi consegna.",
                "Una flotta commerciale rinnovata senza penalizzare le piccole imprese.",
            ],
        },
        {
            "key": "aree_produttive",
            "keywords": ["attrattivita", "connettivita"],
            "titles": [
                "Aree produttive ecologicamente attrezzate {dove}",
                "Trasporto pubblico verso le zone industriali {dove}",
                "Rilancio della zona industriale di {comune}",
                "Merci su ferro: riattivare i raccordi ferroviari {dove}",
            ],
            "summaries": [
                "Trasformare le zone industriali in aree ecologicamente attrezzate con servizi condivisi.",
                "Spostare più merci dalla strada alla ferrovia recuperando raccordi e scali.",
            ],
            "needs": [
                "Le zone industriali {dove} hanno strade rovinate, nessun trasporto pubblico e "
                "servizi assenti.",
                "I lavoratori dei turni non riescono a raggiungere le aziende senza l'auto.",
                "Molti raccordi ferroviari delle aziende sono stati abbandonati e tutto viaggia su gomma.",
            ],
            "actions": [
                "Promuovere consorzi di imprese per gestire servizi comuni: mensa, asilo aziendale, "
                "navette, energia.",
                "Istituire navette a chiamata tra le stazioni e le zone industriali negli orari dei turni.",
                "Censire i raccordi ferroviari dismessi e finanziarne la riattivazione dove ci sono "
                "volumi sufficienti.",
            ],
            "results": [
                "Imprese più competitive e lavoratori che arrivano al lavoro senza auto.",
                "Meno camion sulle strade e più merci su ferro.",
            ],
        },
    ],
}
