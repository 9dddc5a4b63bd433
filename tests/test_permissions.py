"""The permission matrix: every route × every role gets the expected answer.

Each endpoint of the app must appear in GET_MATRIX or POST_DENIED below, so a new route
without a decided permission fails ``test_every_route_is_in_the_matrix``.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import g
from sqlalchemy import func, select

from app.extensions import db
from app.moderation.models import AuditEntry
from app.proposals.models import Comment, Flag, Proposal, Support
from tests import factories
from tests.actions.factories import create_action
from tests.documents.helpers import create_attachment
from tests.meetings.helpers import create_meeting
from tests.synthesis.factories import answer_theme_id
from tests.synthesis.run_helpers import answer_run_id

ROLES = ("anonymous", "unconfirmed", "citizen", "author", "moderator", "analyst", "coordinator", "admin")
EVERYONE = set(ROLES)
LOGGED_IN = EVERYONE - {"anonymous"}
CONFIRMED = LOGGED_IN - {"unconfirmed"}
MODERATORS = {"moderator", "admin"}
ADMINS = {"admin"}
OWNERS = {"coordinator", "admin"}
AUTHOR = {"author"}

# endpoint -> (url builder taking the world, roles that get 200, what the others get)
# "login" means: anonymous is sent to the login page, other roles get 403.
# "redirect" means: pages for visitors that may send a logged-in person elsewhere.
# "hidden" means: anyone not allowed gets 404 (the object's existence is not revealed).
GET_MATRIX = {
    "main.home": (lambda w: "/", EVERYONE, None),
    "main.accessibility": (lambda w: "/accessibilita", EVERYONE, None),
    # The language switch is a link for everyone: it redirects back.
    "main.set_language": (lambda w: "/lingua/it?next=/", set(), "redirect"),
    "consultations.index": (lambda w: "/consultazioni/", EVERYONE, None),
    "consultations.detail": (lambda w: f"/consultazioni/{w['open'].slug}", EVERYONE, None),
    "proposals.detail": (lambda w: f"/proposte/{w['published'].id}", EVERYONE, None),
    "entities.organisation": (lambda w: f"/enti/{w['organisation'].slug}", EVERYONE, None),
    "entities.organisation_supports": (lambda w: f"/enti/{w['organisation'].slug}/adesioni", EVERYONE, None),
    "entities.comune": (lambda w: "/comuni/015182", EVERYONE, None),
    "entities.comune_supports": (lambda w: "/comuni/015182/adesioni", EVERYONE, None),
    "accounts.login": (lambda w: "/account/accedi", {"anonymous"}, "redirect"),
    "accounts.register": (lambda w: "/account/registrati", {"anonymous"}, "redirect"),
    "accounts.check_email": (lambda w: "/account/controlla-email", {"anonymous"}, "redirect"),
    "accounts.forgot_password": (lambda w: "/account/password-dimenticata", {"anonymous"}, "redirect"),
    "accounts.resend_confirmation": (lambda w: "/account/conferma-di-nuovo", {"anonymous"}, "redirect"),
    "accounts.confirm": (lambda w: "/account/conferma/not-a-token", set(), "any-4xx-or-redirect"),
    "accounts.reset_password": (
        lambda w: "/account/nuova-password/not-a-token",
        set(),
        "any-4xx-or-redirect",
    ),
    "accounts.profile": (lambda w: "/account/profilo", LOGGED_IN, "login"),
    "accounts.change_password": (lambda w: "/account/password", LOGGED_IN, "login"),
    "accounts.my_data": (lambda w: "/account/i-miei-dati.json", LOGGED_IN, "login"),
    # SPID/CIE sign-in: 404 without a gateway (as here); with one, the verified identity the
    # gateway vouched for is the permission (tests/identity covers every answer).
    "identity.start": (lambda w: "/account/spid-cie/entra", set(), "any-4xx-or-redirect"),
    "identity.callback": (lambda w: "/account/spid-cie/ritorno", set(), "any-4xx-or-redirect"),
    "identity.link_account": (lambda w: "/account/spid-cie/collega", set(), "any-4xx-or-redirect"),
    "identity.new_account": (lambda w: "/account/spid-cie/nuovo-account", set(), "any-4xx-or-redirect"),
    "privacy.notice": (lambda w: "/privacy", EVERYONE, None),
    # Answers with the form only to someone who has not accepted the current notice.
    "privacy.consent": (lambda w: "/account/consenso", set(), "redirect"),
    "privacy.delete_account": (lambda w: "/account/cancella", LOGGED_IN, "login"),
    "accounts.request_representation": (lambda w: "/account/rappresentanza", CONFIRMED, "login"),
    "proposals.mine": (lambda w: "/le-mie-proposte", LOGGED_IN, "login"),
    "proposals.create": (lambda w: f"/consultazioni/{w['open'].slug}/proposte/nuova", CONFIRMED, "login"),
    "proposals.edit": (lambda w: f"/proposte/{w['draft'].id}/modifica", AUTHOR, "login-or-hidden"),
    "proposals.withdraw": (lambda w: f"/proposte/{w['own_published'].id}/ritira", AUTHOR, "login"),
    "proposals.flag": (lambda w: f"/proposte/{w['published'].id}/segnala", CONFIRMED, "login"),
    "proposals.flag_comment": (lambda w: f"/commenti/{w['comment'].id}/segnala", CONFIRMED, "login"),
    "consultations.create": (lambda w: "/consultazioni/nuova", OWNERS, "login"),
    "consultations.edit": (
        lambda w: f"/consultazioni/{w['zone_consultation'].slug}/modifica",
        OWNERS,
        "login",
    ),
    # Zone coordinators moderate their zone's consultations (issue 15): their queue lists only
    # those; the items below belong to the metropolitan consultation, so they are refused there
    # (tests/moderation/test_zone_coordinators.py covers their own zone's items, act by act).
    "moderation.queue": (lambda w: "/moderazione/", MODERATORS | {"coordinator"}, "login"),
    "moderation.review": (lambda w: f"/moderazione/proposte/{w['submitted'].id}", MODERATORS, "login"),
    "moderation.comment": (lambda w: f"/moderazione/commenti/{w['comment'].id}", MODERATORS, "login"),
    "moderation.flags": (lambda w: f"/moderazione/segnalazioni/{w['flag'].id}", MODERATORS, "login"),
    "moderation.log": (lambda w: "/moderazione/registro", MODERATORS, "login"),
    "admin.index": (lambda w: "/admin/", ADMINS, "login"),
    "admin.users": (lambda w: "/admin/utenti", ADMINS, "login"),
    "admin.user": (lambda w: f"/admin/utenti/{w['users']['citizen'].id}", ADMINS, "login"),
    "admin.audit": (lambda w: "/admin/registro", ADMINS, "login"),
    "admin.organisations": (lambda w: "/admin/enti", ADMINS, "login"),
    "admin.edit_organisation": (lambda w: f"/admin/enti/{w['organisation'].id}", ADMINS, "login"),
    "admin.reference": (lambda w: "/admin/dati-di-riferimento", ADMINS, "login"),
    "admin.edit_driver": (lambda w: "/admin/driver/1", ADMINS, "login"),
    "admin.edit_mission": (lambda w: "/admin/missioni/M1", ADMINS, "login"),
    "admin.edit_component": (lambda w: "/admin/componenti/M1C1", ADMINS, "login"),
    "admin.edit_keyword": (lambda w: "/admin/parole-chiave/1", ADMINS, "login"),
    "admin.edit_zone": (lambda w: "/admin/zone/1", ADMINS, "login"),
    "admin.edit_actor_type": (lambda w: "/admin/tipi-di-attore/1", ADMINS, "login"),
    "admin.comuni": (lambda w: "/admin/comuni", ADMINS, "login"),
    "admin.edit_comune": (lambda w: "/admin/comuni/015182", ADMINS, "login"),
    # Published syntheses (none in this world: 404 for all; see tests/synthesis/test_publication.py).
    "synthesis_public.public": (
        lambda w: f"/consultazioni/{w['open'].slug}/sintesi",
        set(),
        "any-4xx-or-redirect",
    ),
    "synthesis_public.printable": (
        lambda w: f"/consultazioni/{w['open'].slug}/sintesi/stampa",
        set(),
        "any-4xx-or-redirect",
    ),
    "synthesis_public.theme": (
        lambda w: f"/consultazioni/{w['open'].slug}/sintesi/temi/1",
        set(),
        "any-4xx-or-redirect",
    ),
    # The themes workspace (themes, runs, curation): analysts everywhere, zone coordinators on
    # their zone's consultations (issue 15). The run and theme below belong to the
    # metropolitan consultation, so the coordinator is refused there.
    "synthesis.index": (lambda w: "/sintesi/", {"analyst", "admin", "coordinator"}, "login"),
    "synthesis.workspace": (
        lambda w: f"/sintesi/consultazioni/{w['zone_consultation'].slug}",
        {"analyst", "admin", "coordinator"},
        "login",
    ),
    "synthesis.run": (lambda w: f"/sintesi/esecuzioni/{answer_run_id(w)}", {"analyst", "admin"}, "login"),
    "synthesis.run_status": (
        lambda w: f"/sintesi/esecuzioni/{answer_run_id(w)}.json",
        {"analyst", "admin"},
        "login",
    ),
    "synthesis.theme": (lambda w: f"/sintesi/temi/{answer_theme_id(w)}", {"analyst", "admin"}, "login"),
    "synthesis.crossreadings": (
        lambda w: f"/sintesi/consultazioni/{w['zone_consultation'].slug}/letture",
        {"analyst", "admin", "coordinator"},
        "login",
    ),
    # "La mia zona": the zone coordinators' area.
    "zone.home": (lambda w: "/la-mia-zona/", {"coordinator"}, "login"),
    "synthesis.publish": (
        lambda w: f"/sintesi/consultazioni/{w['open'].slug}/pubblicazione",
        {"analyst", "admin"},
        "login",
    ),
    # Meetings (issue 17): public pages and calendars; analysts and admins organise every
    # meeting, coordinators only their zone's assemblies (so not this plenary one).
    "meetings.index": (lambda w: "/incontri/", EVERYONE, None),
    "meetings.detail": (lambda w: f"/incontri/{w['meeting'].id}", EVERYONE, None),
    "meetings.ics": (lambda w: f"/incontri/{w['meeting'].id}/calendario.ics", EVERYONE, None),
    "meetings.feed": (lambda w: "/incontri/calendario.ics", EVERYONE, None),
    "meetings.consultation_feed": (
        lambda w: f"/incontri/consultazione/{w['open'].slug}/calendario.ics",
        EVERYONE,
        None,
    ),
    "meetings.zone_feed": (lambda w: "/incontri/zona/nord-ovest/calendario.ics", EVERYONE, None),
    "meetings.create": (lambda w: "/incontri/nuovo", {"analyst", "admin", "coordinator"}, "login"),
    "meetings.edit": (lambda w: f"/incontri/{w['meeting'].id}/modifica", {"analyst", "admin"}, "login"),
    "meetings.minutes": (
        lambda w: f"/incontri/{w['past_meeting'].id}/verbale",
        {"analyst", "admin"},
        "login",
    ),
    "meetings.registrations_list": (
        lambda w: f"/incontri/{w['meeting'].id}/iscritti",
        {"analyst", "admin"},
        "login",
    ),
    # Documents: the author attaches to their proposal; a published proposal's are public.
    "documents.upload": (
        lambda w: f"/documenti/proposal/{w['own_published'].id}/nuovo",
        AUTHOR,
        "login",
    ),
    "documents.download": (lambda w: f"/documenti/{w['attachment'].token}/scarica", EVERYONE, None),
    # Coordinators verify representatives of the comuni of their zone.
    # Open data: public and read-only.
    "api.index": (lambda w: "/api/", EVERYONE, None),
    "api.collection": (lambda w: "/api/proposals", EVERYONE, None),
    "api.openapi": (lambda w: "/api/openapi.json", EVERYONE, None),
    "open_data.page": (lambda w: "/dati-aperti", EVERYONE, None),
    "statistics.index": (lambda w: "/statistiche", EVERYONE, None),
    "statistics.download": (lambda w: "/statistiche/dati/comune.csv", EVERYONE, None),
    "statistics_api.rows": (lambda w: "/api/statistics?by=zone", EVERYONE, None),
    # Official answers: the plan office's analysts (and admins).
    "answers.index": (lambda w: f"/sintesi/risposte/{w['open'].slug}", {"analyst", "admin"}, "login"),
    "answers.answer_proposal": (
        lambda w: f"/sintesi/risposte/proposte/{w['published'].id}",
        {"analyst", "admin"},
        "login",
    ),
    "answers.answer_theme": (
        lambda w: f"/sintesi/risposte/temi/{answer_theme_id(w)}",
        {"analyst", "admin"},
        "login",
    ),
    "notifications.preferences": (lambda w: "/account/notifiche", LOGGED_IN, "login"),
    "notifications.index": (lambda w: "/notifiche/", LOGGED_IN, "login"),
    # Someone else's notification is 404; one's own redirects to its page (tests/notifications).
    "notifications.open_notification": (lambda w: "/notifiche/999999", set(), "any-4xx-or-redirect"),
    "notifications.unsubscribe": (
        lambda w: "/notifiche/annulla-iscrizione/not-a-token",
        set(),
        "any-4xx-or-redirect",
    ),
    "admin.representations": (lambda w: "/admin/rappresentanze", OWNERS, "login"),
    "admin.representation": (
        lambda w: f"/admin/rappresentanze/{w['representation'].id}",
        OWNERS,
        "login",
    ),
    # From the Forum to the plan: public pages; analysts link and report; admins manage.
    "actions.index": (lambda w: "/dal-forum-al-piano/", EVERYONE, None),
    "actions.detail": (lambda w: f"/dal-forum-al-piano/azioni/{w['action'].id}", EVERYONE, None),
    "actions.manage": (
        lambda w: f"/dal-forum-al-piano/azioni/{w['action'].id}/gestisci",
        {"analyst", "admin"},
        "login",
    ),
    "actions_admin.index": (lambda w: "/admin/azioni/", ADMINS, "login"),
    "actions_admin.create": (lambda w: "/admin/azioni/nuova", ADMINS, "login"),
    "actions_admin.edit": (lambda w: f"/admin/azioni/{w['action'].id}", ADMINS, "login"),
}

# endpoint -> (url builder, roles that must be refused). A refusal is a redirect to the
# login page for anonymous visitors and 403/404 for the others, and changes nothing.
POST_DENIED = {
    "accounts.login": None,
    "accounts.register": None,
    "accounts.forgot_password": None,
    "accounts.resend_confirmation": None,
    "accounts.reset_password": None,
    "accounts.logout": None,
    # The identity just verified by the gateway, kept in this browser's session, is the permission.
    "identity.link_account": None,
    "identity.new_account": None,
    "accounts.logout_everywhere": (lambda w: "/account/esci-ovunque", {"anonymous"}),
    "notifications.preferences": (lambda w: "/account/notifiche", {"anonymous"}),
    "notifications.unsubscribe": None,  # the signed token is the permission (no login)
    "notifications.mark_all_read": (lambda w: "/notifiche/lette", {"anonymous"}),
    "notifications.follow_proposal": (
        lambda w: f"/proposte/{w['published'].id}/segui",
        {"anonymous", "unconfirmed"},
    ),
    "notifications.unfollow_proposal": (
        lambda w: f"/proposte/{w['published'].id}/smetti-di-seguire",
        {"anonymous"},
    ),
    "answers.answer_proposal": (
        lambda w: f"/sintesi/risposte/proposte/{w['published'].id}",
        EVERYONE - {"analyst", "admin"},
    ),
    "answers.answer_theme": (
        lambda w: f"/sintesi/risposte/temi/{answer_theme_id(w)}",
        EVERYONE - {"analyst", "admin"},
    ),
    "actions.link_proposal": (
        lambda w: f"/dal-forum-al-piano/azioni/{w['action'].id}/proposte",
        EVERYONE - {"analyst", "admin"},
    ),
    "actions.report": (
        lambda w: f"/dal-forum-al-piano/azioni/{w['action'].id}/aggiornamenti",
        EVERYONE - {"analyst", "admin"},
    ),
    "actions.unlink": (
        lambda w: f"/dal-forum-al-piano/azioni/{w['action'].id}/collegamenti/1/rimuovi",
        EVERYONE - {"analyst", "admin"},
    ),
    "actions.link_theme": (
        lambda w: f"/dal-forum-al-piano/temi/{answer_theme_id(w)}/azioni",
        EVERYONE - {"analyst", "admin"},
    ),
    "actions_admin.create": (lambda w: "/admin/azioni/nuova", EVERYONE - ADMINS),
    "actions_admin.edit": (lambda w: f"/admin/azioni/{w['action'].id}", EVERYONE - ADMINS),
    "actions_admin.retire": (lambda w: f"/admin/azioni/{w['action'].id}/ritira", EVERYONE - ADMINS),
    "actions_admin.restore": (lambda w: f"/admin/azioni/{w['action'].id}/ripristina", EVERYONE - ADMINS),
    "accounts.profile": (lambda w: "/account/profilo", {"anonymous"}),
    "accounts.change_password": (lambda w: "/account/password", {"anonymous"}),
    "privacy.consent": (lambda w: "/account/consenso", {"anonymous"}),
    "privacy.delete_account": (lambda w: "/account/cancella", {"anonymous"}),
    "accounts.request_representation": (lambda w: "/account/rappresentanza", {"anonymous", "unconfirmed"}),
    "proposals.create": (
        lambda w: f"/consultazioni/{w['open'].slug}/proposte/nuova",
        {"anonymous", "unconfirmed"},
    ),
    "proposals.edit": (lambda w: f"/proposte/{w['draft'].id}/modifica", EVERYONE - AUTHOR),
    # The proposal form's suggestions (JSON): whoever may write a proposal.
    "proposals.suggestions": (
        lambda w: f"/consultazioni/{w['open'].slug}/proposte/suggerimenti",
        {"anonymous", "unconfirmed"},
    ),
    "proposals.withdraw": (lambda w: f"/proposte/{w['own_published'].id}/ritira", EVERYONE - AUTHOR),
    "proposals.support": (lambda w: f"/proposte/{w['published'].id}/sostieni", {"anonymous", "unconfirmed"}),
    "proposals.unsupport": (lambda w: f"/proposte/{w['published'].id}/ritira-sostegno", {"anonymous"}),
    "proposals.comment": (lambda w: f"/proposte/{w['published'].id}/commenti", {"anonymous", "unconfirmed"}),
    "proposals.flag": (lambda w: f"/proposte/{w['published'].id}/segnala", {"anonymous", "unconfirmed"}),
    "proposals.flag_comment": (
        lambda w: f"/commenti/{w['comment'].id}/segnala",
        {"anonymous", "unconfirmed"},
    ),
    "consultations.follow": (
        lambda w: f"/consultazioni/{w['open'].slug}/segui",
        {"anonymous", "unconfirmed"},
    ),
    "consultations.unfollow": (
        lambda w: f"/consultazioni/{w['open'].slug}/smetti-di-seguire",
        {"anonymous", "unconfirmed"},
    ),
    "consultations.create": (lambda w: "/consultazioni/nuova", EVERYONE - OWNERS),
    "consultations.edit": (
        lambda w: f"/consultazioni/{w['zone_consultation'].slug}/modifica",
        EVERYONE - OWNERS,
    ),
    "consultations.close": (
        lambda w: f"/consultazioni/{w['zone_consultation'].slug}/chiudi",
        EVERYONE - OWNERS,
    ),
    "moderation.decide": (
        lambda w: f"/moderazione/proposte/{w['submitted'].id}/pubblica",
        EVERYONE - MODERATORS,
    ),
    "moderation.hide_comment": (
        lambda w: f"/moderazione/commenti/{w['comment'].id}/nascondi",
        EVERYONE - MODERATORS,
    ),
    "moderation.restore_comment": (
        lambda w: f"/moderazione/commenti/{w['comment'].id}/ripristina",
        EVERYONE - MODERATORS,
    ),
    "moderation.uphold_flags": (
        lambda w: f"/moderazione/segnalazioni/{w['flag'].id}/accogli",
        EVERYONE - MODERATORS,
    ),
    "moderation.dismiss_flags": (
        lambda w: f"/moderazione/segnalazioni/{w['flag'].id}/respingi",
        EVERYONE - MODERATORS,
    ),
    "admin.grant_role": (lambda w: f"/admin/utenti/{w['users']['citizen'].id}/ruoli", EVERYONE - ADMINS),
    "admin.revoke_role": (
        lambda w: f"/admin/utenti/{w['users']['moderator'].id}/ruoli/{w['moderator_role'].id}/revoca",
        EVERYONE - ADMINS,
    ),
    "admin.decide_representation": (
        lambda w: f"/admin/rappresentanze/{w['representation'].id}/decisione",
        EVERYONE - OWNERS,
    ),
    "admin.revoke_representation": (
        lambda w: f"/admin/rappresentanze/{w['representation'].id}/revoca",
        EVERYONE - ADMINS,
    ),
    "admin.edit_driver": (lambda w: "/admin/driver/1", EVERYONE - ADMINS),
    "admin.edit_mission": (lambda w: "/admin/missioni/M1", EVERYONE - ADMINS),
    "admin.edit_component": (lambda w: "/admin/componenti/M1C1", EVERYONE - ADMINS),
    "admin.edit_keyword": (lambda w: "/admin/parole-chiave/1", EVERYONE - ADMINS),
    "admin.edit_zone": (lambda w: "/admin/zone/1", EVERYONE - ADMINS),
    "admin.edit_actor_type": (lambda w: "/admin/tipi-di-attore/1", EVERYONE - ADMINS),
    "admin.edit_comune": (lambda w: "/admin/comuni/015182", EVERYONE - ADMINS),
    "admin.edit_organisation": (lambda w: f"/admin/enti/{w['organisation'].id}", EVERYONE - ADMINS),
    "synthesis.publish": (
        lambda w: f"/sintesi/consultazioni/{w['open'].slug}/pubblicazione",
        EVERYONE - {"analyst", "admin"},
    ),
    "synthesis.start_run": (
        lambda w: f"/sintesi/consultazioni/{w['open'].slug}/esecuzioni",
        EVERYONE - {"analyst", "admin"},
    ),
    **{
        f"synthesis.{endpoint}": (
            lambda w, path=path: f"/sintesi/temi/{answer_theme_id(w)}/{path}",
            EVERYONE - {"analyst", "admin"},
        )
        for endpoint, path in (
            ("rename", "etichetta"),
            ("confirm_label", "conferma-etichetta"),
            ("note", "nota"),
            ("move", "sposta"),
            ("pin", "fissa"),
            ("unpin", "sblocca"),
            ("merge", "unisci"),
            ("split", "dividi"),
        )
    },
    "synthesis.unpublish": (
        lambda w: f"/sintesi/consultazioni/{w['open'].slug}/ritira",
        EVERYONE - {"analyst", "admin"},
    ),
    "meetings.register": (lambda w: f"/incontri/{w['meeting'].id}/iscrizione", {"anonymous", "unconfirmed"}),
    "meetings.withdraw": (lambda w: f"/incontri/{w['meeting'].id}/ritiro", {"anonymous"}),
    "meetings.create": (lambda w: "/incontri/nuovo", EVERYONE - {"analyst", "admin", "coordinator"}),
    "meetings.edit": (lambda w: f"/incontri/{w['meeting'].id}/modifica", EVERYONE - {"analyst", "admin"}),
    "meetings.cancel": (lambda w: f"/incontri/{w['meeting'].id}/annulla", EVERYONE - {"analyst", "admin"}),
    "meetings.minutes": (
        lambda w: f"/incontri/{w['past_meeting'].id}/verbale",
        EVERYONE - {"analyst", "admin"},
    ),
    "documents.upload": (lambda w: f"/documenti/proposal/{w['own_published'].id}/nuovo", EVERYONE - AUTHOR),
    "documents.remove": (lambda w: f"/documenti/{w['own_attachment'].token}/elimina", EVERYONE - AUTHOR),
}


def _build_world() -> dict:
    nord_ovest = factories.zone("nord-ovest")
    users = {
        "unconfirmed": factories.create_user(confirmed=False),
        "citizen": factories.create_user(),
        "author": factories.create_user(),
        "moderator": factories.create_user(roles=["moderator"]),
        "analyst": factories.create_user(roles=["analyst"]),
        "coordinator": factories.create_user(roles=["zone_coordinator"], zone=nord_ovest),
        "admin": factories.create_user(roles=["admin"]),
    }
    open_consultation = factories.create_consultation(phase="collection")
    zone_consultation = factories.create_consultation(phase="collection", scope="zone", zone=nord_ovest)
    published = factories.create_proposal(consultation=open_consultation)
    own_published = factories.create_proposal(consultation=open_consultation, author=users["author"])
    draft = factories.create_proposal(consultation=open_consultation, author=users["author"], state="draft")
    submitted = factories.create_proposal(consultation=open_consultation, state="submitted")
    comment = factories.create_comment(published)
    flag = factories.create_flag(published)
    organisation = factories.create_organisation()
    # Rho (015182) is in Nord Ovest, the coordinator's zone.
    representation = factories.create_representative(comune=factories.comune("Rho"), status="pending")
    action = create_action("Progetto ForestaMI")
    return {
        "action": action,
        "users": users,
        "open": open_consultation,
        "zone_consultation": zone_consultation,
        "published": published,
        "own_published": own_published,
        "draft": draft,
        "submitted": submitted,
        "comment": comment,
        "flag": flag,
        "organisation": organisation,
        "representation": representation,
        "moderator_role": users["moderator"].roles[0],
        "meeting": create_meeting(),
        "past_meeting": create_meeting(starts_in=timedelta(days=-3)),
        "attachment": create_attachment("proposal", published),
        "own_attachment": create_attachment("proposal", own_published),
    }


def _sign_in(client, user) -> None:
    g.pop("_login_user", None)
    session_id = factories.session_id_for(user)
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True


def _client_for(app, world, role):
    client = app.test_client()
    if role != "anonymous":
        _sign_in(client, world["users"][role])
    return client


def _state_fingerprint() -> tuple:
    count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
    states = tuple(db.session.scalars(select(Proposal.state).order_by(Proposal.id)))
    return (count(AuditEntry), count(Proposal), count(Support), count(Comment), count(Flag), states)


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    get_endpoints = {r.endpoint for r in app.url_map.iter_rules() if "GET" in r.methods}
    post_endpoints = {r.endpoint for r in app.url_map.iter_rules() if "POST" in r.methods}
    assert get_endpoints - {"static"} <= set(GET_MATRIX), get_endpoints - set(GET_MATRIX) - {"static"}
    assert post_endpoints <= set(POST_DENIED), post_endpoints - set(POST_DENIED)
    assert set(GET_MATRIX) | set(POST_DENIED) <= endpoints, "the matrix names routes that do not exist"


@pytest.mark.parametrize("role", ROLES)
def test_get_pages_answer_each_role_as_expected(app, role):
    world = _build_world()
    client = _client_for(app, world, role)
    wrong = []
    for endpoint, (url_for_world, allowed, otherwise) in GET_MATRIX.items():
        url = url_for_world(world)
        status = client.get(url).status_code
        if role in allowed:
            ok = status == 200
        elif otherwise == "redirect":
            ok = status in (200, 302)
        elif otherwise == "any-4xx-or-redirect":
            ok = status in (302, 400, 403, 404, 410)
        elif otherwise in ("login", "login-or-hidden"):
            expected = {302} if role == "anonymous" else {403, 404}
            ok = status in expected
        else:
            ok = status == 200
        if not ok:
            wrong.append(f"{endpoint} {url} -> {status}")
    assert not wrong, f"{role}: " + "; ".join(wrong)


@pytest.mark.parametrize("role", ROLES)
def test_posts_are_refused_to_roles_without_permission_and_change_nothing(app, role):
    world = _build_world()
    client = _client_for(app, world, role)
    before = _state_fingerprint()
    wrong = []
    for endpoint, spec in POST_DENIED.items():
        if spec is None:
            continue
        url_for_world, denied = spec
        if role not in denied:
            continue
        url = url_for_world(world)
        response = client.post(url, data={"reason": "x", "body": "Un commento di prova", "note": "x"})
        expected = {302} if role == "anonymous" else {403, 404}
        if response.status_code not in expected:
            wrong.append(f"{endpoint} {url} -> {response.status_code}")
        elif role == "anonymous" and "/account/accedi" not in response.headers.get("Location", ""):
            wrong.append(f"{endpoint} {url} -> redirect to {response.headers.get('Location')}")
    assert not wrong, f"{role}: " + "; ".join(wrong)
    db.session.expire_all()
    assert _state_fingerprint() == before, f"{role}: a refused request changed data"
