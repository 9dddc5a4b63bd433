"""Demo meetings: a few held (with minutes naming the proposals discussed) and a few to come."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.demo.context import Demo
from app.extensions import db
from app.meetings.models import Meeting, MeetingRegistration
from app.proposals.models import Proposal

PALAZZO_ISIMBARDI = "Palazzo Isimbardi, Sala Affreschi, corso Monforte 35, Milano"

# (consultation key, kind, zone slug, days from now, hour (UTC), title, place, seats, agenda, minutes)
MEETINGS = [
    (
        "metro",
        "forum",
        None,
        -40,
        15,
        "Forum metropolitano: assemblea di apertura della consultazione",
        PALAZZO_ISIMBARDI,
        120,
        "1. Presentazione del Piano strategico triennale\n2. Come partecipare alla consultazione\n3. Domande",
        "L'assemblea ha presentato il percorso di aggiornamento del Piano strategico. Sono intervenuti "
        "rappresentanti di associazioni, università e comuni. Le proposte qui sotto sono state discusse "
        "come esempi dei temi della mobilità e del verde metropolitano.",
    ),
    (
        "metro",
        "tavolo",
        None,
        -18,
        14,
        "Tavolo metropolitano: mobilità e interscambio",
        "Online",
        None,
        "1. Trasporto pubblico nei comuni della cintura\n2. Nodi di interscambio\n3. Ciclabilità",
        "Il Tavolo ha esaminato le proposte sul trasporto pubblico e sulla ciclabilità. L'ufficio di piano "
        "raccoglierà le indicazioni nella sintesi tematica.",
    ),
    (
        "nord_ovest",
        "zone_assembly",
        "nord-ovest",
        -10,
        17,
        "Assemblea della Zona omogenea Nord Ovest",
        "Villa Burba, corso Europa 291, Rho",
        60,
        "1. Le proposte della zona\n2. Priorità per il prossimo anno",
        "L'assemblea ha discusso le proposte dei comuni della zona e ha indicato le priorità per il DUP.",
    ),
    (
        "metro",
        "tavolo_universita",
        None,
        9,
        13,
        "Tavolo metropolitano delle Università: campus e territorio",
        "Università degli Studi di Milano-Bicocca, piazza dell'Ateneo Nuovo 1, Milano",
        40,
        "1. Residenze universitarie metropolitane\n2. Ricerca e imprese del territorio",
        "",
    ),
    (
        "metro",
        "forum",
        None,
        21,
        16,
        "Forum metropolitano: restituzione della sintesi",
        PALAZZO_ISIMBARDI,
        150,
        "1. La sintesi tematica delle proposte\n2. Le risposte dell'ufficio di piano\n3. Prossimi passi",
        "",
    ),
    (
        "adda",
        "zone_assembly",
        "adda-martesana",
        5,
        17,
        "Assemblea della Zona omogenea Adda Martesana",
        "Sala consiliare, piazza della Libertà 1, Gorgonzola",
        3,
        "1. Trasporto pubblico lungo la Martesana\n2. Scuole e comunità",
        "",
    ),
]


def create_meetings(demo: Demo) -> None:
    organisers = {"zone_assembly": demo.accounts["coordinator"]}
    analyst = demo.accounts["analyst"]
    people = demo.citizens
    count = 0
    for n, (key, kind, zone_slug, days, hour, title, place, capacity, agenda, minutes) in enumerate(MEETINGS):
        consultation = demo.consultations[key]
        starts_at = demo.days(days).replace(hour=hour, minute=0, second=0)
        meeting = Meeting(
            kind=kind,
            title=title,
            agenda=agenda,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            location="" if place == "Online" else place,
            online_url="https://meet.cittametropolitana.mi.it/forum-tavolo" if place == "Online" else "",
            capacity=capacity,
            zone_id=demo.zones[zone_slug].id if zone_slug else None,
            consultation_id=consultation.id,
            organiser_id=organisers.get(kind, analyst).id,
            sequence=0,
            created_at=starts_at - timedelta(days=30),
        )
        if minutes:
            meeting.minutes = minutes
            meeting.minutes_published_at = meeting.ends_at + timedelta(days=2)
            meeting.discussed_proposals = list(
                db.session.scalars(
                    select(Proposal)
                    .where(Proposal.consultation_id == consultation.id, Proposal.state == "published")
                    .order_by(Proposal.id)
                    .offset(3 * n)
                    .limit(3)
                )
            )
        db.session.add(meeting)
        db.session.flush()
        # Seats taken in order; the small assembly fills up and has a waiting list.
        seats = capacity if capacity is not None else 12
        for i, person in enumerate(people[n * 7 : n * 7 + min(seats + 2, 9)]):
            status = "confirmed" if capacity is None or i < capacity else "waiting"
            db.session.add(
                MeetingRegistration(
                    meeting_id=meeting.id,
                    user_id=person.id,
                    status=status,
                    queued_at=meeting.created_at + timedelta(hours=i + 1),
                    reminded_at=starts_at - timedelta(days=1) if days < 0 and status == "confirmed" else None,
                )
            )
        count += 1
    db.session.flush()
    demo.counts["meetings"] = count
