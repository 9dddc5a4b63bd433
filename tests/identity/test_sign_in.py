"""SPID/CIE sign-in against a real OpenID Connect provider over HTTP (issue 18)."""

from __future__ import annotations

import re

import pytest
from joserfc.jwk import RSAKey
from sqlalchemy import func, select, text

from app.accounts.models import User
from app.extensions import db
from app.identity.fiscal import fiscal_number_digest
from app.identity.models import VerifiedIdentity
from tests import factories
from tests.identity.conftest import IDENTITY_HASH_KEY, START, sign_in, through_gateway
from tests.oidc_provider import MARIA

NEW_ACCOUNT = "/account/spid-cie/nuovo-account"
LINK = "/account/spid-cie/collega"


def _accounts() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def _identities() -> list[VerifiedIdentity]:
    return list(db.session.scalars(select(VerifiedIdentity)))


def _logged_in_as(client) -> str:
    return client.get("/account/profilo").get_data(as_text=True)


def _open_account(client, name="Maria R.", **extra):
    return client.post(NEW_ACCOUNT, data={"display_name": name, "accept_privacy": "y", **extra})


def test_first_sign_in_opens_a_confirmed_verified_account_and_the_next_one_finds_it(client, gateway):
    response = sign_in(client)
    assert response.status_code == 302 and response.headers["Location"].endswith(NEW_ACCOUNT)
    form = client.get(NEW_ACCOUNT).get_data(as_text=True)
    assert 'value="Maria R."' in form  # first name and initial, never the full legal name
    assert "maria.rossi@example.org" in form

    assert _open_account(client).status_code == 302
    user = db.session.scalar(select(User).where(User.email == "maria.rossi@example.org"))
    assert user.is_confirmed and user.password_hash is None
    assert "identità verificata" in _logged_in_as(client)

    client.post("/account/esci")
    response = sign_in(client)
    assert response.status_code == 302 and not response.headers["Location"].endswith(NEW_ACCOUNT)
    assert "identità verificata" in _logged_in_as(client)
    assert _accounts() == 1 and len(_identities()) == 1


def test_the_fiscal_number_is_kept_only_as_a_keyed_digest(client, gateway):
    sign_in(client)
    _open_account(client)
    (identity,) = _identities()
    assert identity.fiscal_number_digest == fiscal_number_digest("RSSMRA80A41F205X", IDENTITY_HASH_KEY)
    # Nowhere in the database: not in any column of any table, with or without its prefix.
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(text(f"SELECT * FROM {table.name}")):
            assert "RSSMRA80A41F205X" not in str(tuple(row)).upper(), table.name


def test_an_existing_account_is_linked_only_after_its_password(client, gateway):
    owner = factories.create_user(email="maria.rossi@example.org")
    response = sign_in(client)
    assert response.headers["Location"].endswith(LINK)
    page = client.get(LINK).get_data(as_text=True)
    assert "maria.rossi@example.org" in page

    wrong = client.post(LINK, data={"password": "not-the-password"})
    assert wrong.status_code == 422
    assert "La password non è corretta." in wrong.get_data(as_text=True)
    assert _identities() == []

    assert client.post(LINK, data={"password": factories.PASSWORD}).status_code == 302
    (identity,) = _identities()
    assert identity.user_id == owner.id and _accounts() == 1
    assert "identità verificata" in _logged_in_as(client)


def test_without_an_e_mail_from_spid_the_person_gives_one_and_confirms_it(client, gateway, mailbox):
    gateway.behaviour.person.pop("email")
    sign_in(client)
    form = client.get(NEW_ACCOUNT).get_data(as_text=True)
    assert 'name="email"' in form

    missing = _open_account(client)
    assert missing.status_code == 422 and _accounts() == 0

    assert _open_account(client, email="maria@example.net").status_code == 302
    user = db.session.scalar(select(User).where(User.email == "maria@example.net"))
    assert not user.is_confirmed and user.is_identity_verified
    (message,) = mailbox(1)
    assert message["To"] == "maria@example.net"


def test_a_logged_in_person_links_spid_from_the_profile(client, gateway):
    user = factories.create_user(email="altro@example.org")
    factories.login(client, user)
    assert "Collega SPID o CIE" in _logged_in_as(client)
    response = sign_in(client)
    assert response.headers["Location"].endswith("/account/profilo")
    (identity,) = _identities()
    assert identity.user_id == user.id


def test_one_identity_cannot_be_linked_to_two_accounts(client, gateway):
    sign_in(client)
    _open_account(client)
    client.post("/account/esci")
    other = factories.create_user(email="secondo@example.org")
    factories.login(client, other)
    response = sign_in(client)
    assert response.status_code == 409
    assert "già collegata a un altro account" in response.get_data(as_text=True)
    assert [i.user_id for i in _identities()] != [other.id]


def test_a_rotated_signing_key_is_fetched_again(client, gateway):
    sign_in(client)
    _open_account(client)
    client.post("/account/esci")
    gateway.rotate_key()
    response = sign_in(client)
    assert response.status_code == 302
    assert "identità verificata" in _logged_in_as(client)
    assert gateway.requests.count("GET /jwks.json") == 2


def test_the_data_download_says_an_identity_is_linked_and_when_never_the_number(client, gateway):
    sign_in(client)
    _open_account(client)
    data = client.get("/account/i-miei-dati.json")
    body = data.get_data(as_text=True)
    identity = data.get_json()["account"]["verified_identity"]
    assert identity["linked"] is True and identity["linked_at"]
    assert "RSSMRA80A41F205X" not in body.upper()
    assert _identities()[0].fiscal_number_digest not in body


def test_deleting_the_account_unlinks_the_identity(client, gateway, app):
    sign_in(client)
    _open_account(client)
    user = db.session.scalar(select(User))
    from app.privacy.services import delete_account

    admin = factories.create_user(roles=("admin",))
    delete_account(admin, user)
    db.session.commit()
    assert _identities() == []


def test_the_client_can_authenticate_with_a_private_key_instead_of_a_secret(client, gateway, app):
    key = RSAKey.generate_key(2048)
    gateway.client_public_key = key
    app.config.update(OIDC_CLIENT_SECRET="", OIDC_CLIENT_PRIVATE_KEY=key.as_pem(private=True).decode())
    assert sign_in(client).headers["Location"].endswith(NEW_ACCOUNT)
    assert gateway.auth_methods_used == ["private_key_jwt"]


def test_sign_in_is_off_without_a_gateway(client):
    assert client.get(START).status_code == 404
    assert "SPID" not in client.get("/account/accedi").get_data(as_text=True)


def test_the_login_page_offers_spid_when_a_gateway_is_configured(client, gateway):
    assert "Entra con SPID o CIE" in client.get("/account/accedi").get_data(as_text=True)


# --- refusals: a clear page, nobody signed in, nothing created ---------------------------


def _refused(response, status=400, words="stato possibile verificare"):
    body = response.get_data(as_text=True)
    assert response.status_code == status, body[:500]
    assert "Accesso con SPID o CIE non completato" in body
    assert words in body
    assert _accounts() == 0 and _identities() == []


def test_a_wrong_state_is_refused(client, gateway, caplog):
    callback = through_gateway(client)
    _refused(client.get(callback.replace("state=", "state=x")))
    assert "(state)" in caplog.text
    assert "POST /token" not in gateway.requests  # the code was never even exchanged


def test_a_replayed_callback_is_refused(client, gateway):
    callback = through_gateway(client)
    client.get(callback)
    client.get(NEW_ACCOUNT)  # the first use went on to the next step
    with client.session_transaction() as session:
        session.clear()
    _refused(client.get(callback))


def test_a_replayed_code_with_a_fresh_state_is_refused_by_the_gateway(client, gateway, caplog):
    first = through_gateway(client)
    client.get(first)
    second = through_gateway(client)
    stolen_code = first.split("code=")[1].split("&")[0]
    fresh_state = second.split("state=")[1].split("&")[0]
    _refused(client.get(f"/account/spid-cie/ritorno?code={stolen_code}&state={fresh_state}"))
    assert "oauth:invalid_grant" in caplog.text


@pytest.mark.parametrize(
    ("switch", "reason"),
    [
        ({"sign_with_wrong_key": True}, "token:BadSignatureError"),
        ({"audience": "another-relying-party"}, "token:InvalidClaimError"),
        ({"expired": True}, "(expired)"),
        ({"issuer": "http://127.0.0.1:1/somebody-else"}, "token:InvalidClaimError"),
    ],
    ids=["bad-signature", "wrong-audience", "expired", "wrong-issuer"],
)
def test_an_id_token_that_fails_a_check_is_refused(client, gateway, caplog, switch, reason):
    callback = through_gateway(client)
    for name, value in switch.items():
        setattr(gateway.behaviour, name, value)
    _refused(client.get(callback))
    # Refused for that reason, and the log names the reason only (no token, no claim).
    assert reason in caplog.text
    assert "RSSMRA" not in caplog.text


def test_cancelling_at_the_gateway_is_said_so(client, gateway):
    state = through_gateway(client).split("state=")[1].split("&")[0]
    response = client.get(f"/account/spid-cie/ritorno?error=access_denied&state={state}")
    _refused(response, words="annullato presso il servizio di identità")
    assert "POST /token" not in gateway.requests


def test_claims_without_a_fiscal_number_are_refused(client, gateway):
    gateway.behaviour.person.pop("fiscal_number")
    _refused(sign_in(client), words="codice fiscale")


def test_a_malformed_fiscal_number_is_refused(client, gateway):
    gateway.behaviour.person["fiscal_number"] = "TINIT-12345"
    _refused(sign_in(client), words="codice fiscale")


def test_a_gateway_that_stops_answering_gives_a_clear_page(client, gateway):
    callback = through_gateway(client)
    gateway.behaviour.stall_seconds = 3
    _refused(client.get(callback), status=503, words="non risponde")


def test_an_unreachable_gateway_at_the_start_gives_a_clear_page(client, app):
    app.config.update(
        OIDC_ISSUER="http://127.0.0.1:9",  # discard port: nothing listens
        OIDC_CLIENT_ID="forum",
        IDENTITY_HASH_KEY=IDENTITY_HASH_KEY,
        OIDC_TIMEOUT=1.0,
    )
    _refused(client.get(START), status=503, words="non risponde")


def test_a_refusal_is_in_english_when_chosen(client, gateway):
    client.get("/lingua/en")
    gateway.behaviour.person.pop("fiscal_number")
    body = sign_in(client).get_data(as_text=True)
    assert "did not send your fiscal number" in body


def test_the_callback_after_the_pending_step_expired_asks_to_sign_in_again(client, gateway):
    sign_in(client)
    with client.session_transaction() as session:
        session["identity_at"] -= 3600
    response = _open_account(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/accedi")
    assert _accounts() == 0


def test_the_test_provider_uses_maria_by_default():
    # A guard on the fixture itself: the tests above rely on her SPID-style fiscal number.
    assert MARIA["fiscal_number"].startswith("TINIT-")


def test_an_account_opened_with_spid_sets_a_password_by_mail_to_delete_itself(client, gateway, mailbox):
    sign_in(client)
    _open_account(client)
    page = client.get("/account/cancella").get_data(as_text=True)
    assert "Il tuo account non ha una password perché entri con SPID o CIE" in page

    client.post("/account/password-dimenticata", data={"email": "maria.rossi@example.org"})
    (message,) = mailbox(1)
    reset = re.search(
        r"http://localhost(/account/nuova-password/[^\s]+)", message.get_payload(decode=True).decode()
    )
    password = "tre-parole-lunghe-a-caso-per-davvero"
    assert (
        client.post(reset.group(1), data={"password": password, "password_confirm": password}).status_code
        == 302
    )
    user = db.session.scalar(select(User))
    client.post("/account/accedi", data={"email": user.email, "password": password})
    assert client.post("/account/cancella", data={"password": password, "confirm": "y"}).status_code == 302
    db.session.refresh(user)
    assert user.deleted_at is not None and _identities() == []
