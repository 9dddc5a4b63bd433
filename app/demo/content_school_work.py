"""Demo vocabulary for Drivers 7-8: schools as community outposts, work.

Same placeholders as :mod:`app.demo.content_digital_green`.
"""

from __future__ import annotations

D7 = {
    "actors": [
        "dirigenti scolastici e consigli d'istituto",
        "Città metropolitana, settore edilizia scolastica",
        "associazioni sportive e culturali del quartiere",
        "comitati dei genitori e consulte degli studenti",
    ],
    "comments": [
        "Sono una docente: aprire la scuola il pomeriggio è bellissimo, ma servono custodi e fondi.",
        "Mio figlio fa un'ora e mezza di viaggio per arrivare all'istituto: il problema è "
        "anche il trasporto.",
        "La palestra della scuola è chiusa tutte le sere mentre le società sportive non sanno "
        "dove allenarsi.",
        "Come consulta degli studenti siamo pronti a gestire alcune attività in prima persona.",
    ],
    "subthemes": [
        {
            "key": "scuole_aperte",
            "keywords": ["prossimita", "inclusione"],
            "titles": [
                "Scuole aperte il pomeriggio e la sera {dove}",
                "Aprire {scuola} al quartiere come centro civico",
                "Palestre scolastiche aperte alle associazioni sportive {dove}",
                "Biblioteche scolastiche aperte a tutti {dove}",
            ],
            "summaries": [
                "Aprire gli istituti superiori oltre l'orario delle lezioni per attività di studio, "
                "sport e cultura rivolte al quartiere.",
                "Fare delle scuole superiori un presidio civico con spazi condivisi con associazioni "
                "e cittadini.",
            ],
            "needs": [
                "Le scuole superiori {dove} chiudono alle 14 e restano vuote fino al giorno dopo, "
                "mentre mancano spazi per studiare e stare insieme.",
                "I ragazzi nel pomeriggio non hanno luoghi di ritrovo sicuri e gratuiti.",
                "Le associazioni del quartiere cercano spazi per corsi e incontri e non li trovano.",
            ],
            "actions": [
                "Aprire {scuola} tre pomeriggi a settimana con aule studio, laboratori e attività "
                "sportive gestite insieme alle associazioni.",
                "Stipulare patti educativi di comunità tra scuole, comuni e terzo settore {dove}.",
                "Finanziare il personale di custodia e la pulizia per l'apertura serale e nei weekend.",
            ],
            "results": [
                "Scuole vive tutto il giorno, punti di riferimento per ragazzi e famiglie.",
                "Meno dispersione scolastica e più occasioni di incontro tra generazioni.",
            ],
        },
        {
            "key": "edilizia_scolastica",
            "keywords": ["sostenibilita", "inclusione"],
            "titles": [
                "Rinnovare gli edifici degli istituti superiori {dove}",
                "Aule nuove e sicure per {scuola}",
                "Cortili scolastici verdi al posto dell'asfalto {dove}",
                "Barriere architettoniche nelle scuole superiori {dove}",
            ],
            "summaries": [
                "Un programma di interventi per scuole sicure, accessibili ed efficienti dal punto "
                "di vista energetico.",
                "Trasformare i cortili asfaltati delle scuole in spazi verdi utilizzabili da "
                "studenti e cittadini.",
            ],
            "needs": [
                "In molti istituti superiori {dove} piove dalle finestre, i bagni sono fuori uso e le "
                "palestre sono inagibili.",
                "Alcuni edifici non sono accessibili agli studenti con disabilità.",
                "I cortili sono distese di asfalto che d'estate diventano roventi.",
            ],
            "actions": [
                "Stilare con dirigenti e studenti una lista pubblica delle priorità di manutenzione "
                "e aggiornarla ogni anno.",
                "Usare i fondi PNRR per ristrutturazioni profonde, non per interventi a pioggia.",
                "Depavimentare i cortili e trasformarli in giardini, orti e aule all'aperto {dove}.",
            ],
            "results": [
                "Scuole sicure, accessibili e confortevoli per chi ci studia e lavora.",
                "Cortili verdi aperti anche al quartiere fuori dall'orario scolastico.",
            ],
        },
        {
            "key": "orientamento_dispersione",
            "keywords": ["inclusione"],
            "titles": [
                "Contro la dispersione scolastica nelle superiori {dove}",
                "Orientamento e tutor per i primi anni delle superiori {dove}",
                "Doposcuola gratuito per gli studenti delle superiori a {comune}",
            ],
            "summaries": [
                "Prevenire l'abbandono scolastico con tutor, doposcuola e orientamento nei primi "
                "due anni delle superiori.",
                "Una rete tra scuole, servizi sociali e associazioni per non perdere nessuno studente.",
            ],
            "needs": [
                "Nei primi due anni delle superiori {dove} molti ragazzi abbandonano o cambiano "
                "scuola più volte.",
                "Le famiglie con meno risorse non possono pagare ripetizioni private.",
                "Gli studenti arrivati da poco in Italia faticano con la lingua dello studio.",
            ],
            "actions": [
                "Attivare doposcuola gratuiti nelle scuole con educatori e studenti universitari come tutor.",
                "Creare un osservatorio metropolitano sulla dispersione che incroci i dati delle "
                "scuole e dei servizi sociali.",
                "Organizzare laboratori di italiano per lo studio e percorsi di orientamento {dove}.",
            ],
            "results": [
                "Meno abbandoni nel biennio e più diplomati.",
                "Studenti e famiglie seguiti prima che il problema diventi irreparabile.",
            ],
        },
        {
            "key": "trasporto_studenti",
            "keywords": ["connettivita", "inclusione"],
            "titles": [
                "Orari dei bus adatti agli studenti pendolari {dove}",
                "Abbonamento studenti gratuito o ridotto {dove}",
                "Navetta per {scuola}",
            ],
            "summaries": [
                "Adeguare il trasporto pubblico agli orari scolastici e ridurre il costo per gli studenti.",
                "Un abbonamento agevolato per gli studenti delle superiori di tutta l'area metropolitana.",
            ],
            "needs": [
                "Gli studenti che vengono dai comuni vicini arrivano a scuola con largo anticipo o "
                "in ritardo perché i bus non coincidono con l'inizio delle lezioni.",
                "L'abbonamento costa troppo per le famiglie con più figli alle superiori.",
                "Nelle ore di punta i bus per le scuole sono talmente pieni che saltano le fermate.",
            ],
            "actions": [
                "Coordinare con l'agenzia del trasporto orari di bus e campanelle {dove}.",
                "Introdurre un abbonamento metropolitano per studenti con tariffa ridotta per redditi bassi.",
                "Aggiungere corse bis nelle ore di ingresso e uscita delle scuole.",
            ],
            "results": [
                "Studenti puntuali e meno genitori costretti ad accompagnarli in auto.",
                "Più equità nell'accesso all'istruzione superiore.",
            ],
        },
    ],
}

D8 = {
    "actors": [
        "centri per l'impiego",
        "enti di formazione accreditati",
        "organizzazioni sindacali",
        "associazioni datoriali",
        "comuni e ambiti sociali",
    ],
    "comments": [
        "Sono stato al centro per l'impiego: tre mesi per un colloquio. Qualcosa va cambiato.",
        "La formazione funziona solo se è fatta insieme alle aziende che poi assumono.",
        "Ricordiamoci delle donne che rientrano al lavoro dopo la maternità: servono orari e nidi.",
        "Come sindacato sosteniamo la proposta e chiediamo un tavolo permanente.",
    ],
    "subthemes": [
        {
            "key": "centri_impiego",
            "keywords": ["prossimita", "inclusione"],
            "titles": [
                "Centri per l'impiego più vicini alle persone {dove}",
                "Uno sportello lavoro nel municipio di {comune}",
                "Centri per l'impiego aperti anche il sabato {dove}",
            ],
            "summaries": [
                "Portare i servizi per l'impiego nei comuni con sportelli decentrati e appuntamenti online.",
                "Rafforzare il personale dei centri per l'impiego per ridurre i tempi di attesa.",
            ],
            "needs": [
                "Il centro per l'impiego più vicino è lontano e per un colloquio servono mezza "
                "giornata e due autobus.",
                "I tempi di attesa per il primo colloquio {dove} superano spesso i due mesi.",
                "Molte persone non sanno nemmeno quali servizi offrono i centri per l'impiego.",
            ],
            "actions": [
                "Aprire sportelli lavoro decentrati nei municipi e nelle biblioteche {dove}, con "
                "operatori a rotazione.",
                "Permettere di prenotare e svolgere i primi colloqui anche online.",
                "Assumere e formare nuovi orientatori per i centri per l'impiego.",
            ],
            "results": [
                "Tempi di attesa più brevi e più persone prese in carico.",
                "Servizi per il lavoro vicini anche a chi abita nei comuni piccoli.",
            ],
        },
        {
            "key": "formazione_gol",
            "keywords": ["inclusione", "attrattivita"],
            "titles": [
                "Formazione per i lavori della transizione ecologica {dove}",
                "Corsi GOL progettati con le imprese {dove}",
                "Riqualificazione digitale per over 50 {dove}",
                "Una scuola dei mestieri a {comune}",
            ],
            "summaries": [
                "Corsi di formazione progettati con le imprese del territorio sulle competenze che "
                "mancano davvero.",
                "Percorsi brevi di riqualificazione per chi ha perso il lavoro dopo i 50 anni.",
            ],
            "needs": [
                "Le imprese {dove} non trovano installatori, tecnici e manutentori, mentre tanti "
                "disoccupati non hanno una qualifica.",
                "I corsi del programma GOL spesso non corrispondono alle richieste delle aziende locali.",
                "Chi perde il lavoro dopo i 50 anni viene escluso perché non ha competenze digitali.",
            ],
            "actions": [
                "Costruire i percorsi GOL insieme alle associazioni di impresa e garantire stage "
                "nelle aziende partecipanti.",
                "Attivare corsi su efficienza energetica, impianti e fotovoltaico con gli istituti "
                "tecnici {dove}.",
                "Offrire moduli brevi di competenze digitali di base e avanzate con tutoraggio.",
            ],
            "results": [
                "Più persone che trovano lavoro entro sei mesi dalla fine del corso.",
                "Imprese che trovano le figure professionali che cercano.",
            ],
        },
        {
            "key": "patti_lavoro",
            "keywords": ["inclusione", "attrattivita"],
            "titles": [
                "Un patto territoriale per il lavoro {dove}",
                "Osservatorio sulle crisi aziendali {dove}",
                "Patto per il lavoro tra le imprese di {comune} e {comune2}",
            ],
            "summaries": [
                "Un patto tra istituzioni, imprese e sindacati per anticipare le crisi e governare "
                "le transizioni.",
                "Un osservatorio che segnali per tempo le aziende in difficoltà.",
            ],
            "needs": [
                "Quando un'azienda chiude {dove} i lavoratori restano soli e le istituzioni "
                "intervengono tardi.",
                "Imprese, sindacati e comuni si parlano solo nelle emergenze.",
                "Non esistono dati condivisi sui fabbisogni di personale delle imprese del territorio.",
            ],
            "actions": [
                "Firmare un patto territoriale per il lavoro con un tavolo che si riunisca ogni tre mesi.",
                "Creare un osservatorio sulle crisi aziendali con le organizzazioni sindacali e le "
                "associazioni datoriali {dove}.",
                "Condividere i dati sui fabbisogni professionali per orientare scuola e formazione.",
            ],
            "results": [
                "Crisi aziendali affrontate prima e meno posti di lavoro persi.",
                "Politiche del lavoro costruite insieme e non calate dall'alto.",
            ],
        },
        {
            "key": "lavoro_giovani_donne",
            "keywords": ["inclusione"],
            "titles": [
                "Lavoro per i giovani che non studiano e non lavorano {dove}",
                "Più nidi e servizi per le madri che lavorano {dove}",
                "Tirocini di qualità per i neodiplomati {dove}",
            ],
            "summaries": [
                "Raggiungere i giovani che non studiano e non lavorano con percorsi su misura.",
                "Servizi di conciliazione per aumentare l'occupazione femminile.",
            ],
            "needs": [
                "Molti ragazzi {dove} dopo il diploma restano a casa e non si rivolgono a nessun servizio.",
                "Tante donne lasciano il lavoro dopo il primo figlio perché mancano posti al nido.",
                "I tirocini sono spesso lavoro sottopagato senza nessuna formazione.",
            ],
            "actions": [
                "Attivare educatori di strada e sportelli nei luoghi frequentati dai giovani per "
                "agganciare chi non cerca lavoro.",
                "Aumentare i posti nei nidi e i servizi pre e post scuola {dove}.",
                "Definire una carta di qualità dei tirocini con rimborso minimo e tutor aziendale.",
            ],
            "results": [
                "Meno giovani inattivi e più donne che restano nel mercato del lavoro.",
                "Tirocini che portano davvero a un'assunzione.",
            ],
        },
    ],
}
