"""No personal data in the logs: e-mail addresses and names never reach a log record."""

from __future__ import annotations

import logging
import re
import socket

from tests.accounts.helpers import link_in
from tests.factories import PASSWORD, create_consultation
from tests.proposals.helpers import full_form

EMAIL = "Riservata.Persona@Example.org"
NAME = "Riservata Persona"


# The test's own SMTP server (aiosmtpd) logs what it receives: it stands for the mail
# provider, not for this application.
TEST_HARNESS_LOGGERS = ("mail.log",)


def _personal_data_in(records) -> list[str]:
    found = []
    for record in records:
        if record.name in TEST_HARNESS_LOGGERS:
            continue
        text = record.getMessage() + (record.exc_text or "")
        if re.search(r"riservata", text, re.IGNORECASE) or "@example.org" in text.lower():
            found.append(f"{record.name} {record.levelname}: {text[:200]}")
    return found


def test_register_confirm_login_reset_and_submit_log_no_personal_data(client, app, caplog, mailbox):
    caplog.set_level(logging.DEBUG)
    consultation = create_consultation()
    # Registration and confirmation (the e-mails go through a real SMTP server).
    client.post(
        "/account/registrati",
        data={
            "email": EMAIL,
            "display_name": NAME,
            "password": PASSWORD,
            "password_confirm": PASSWORD,
            "accept_privacy": "y",
        },
    )
    client.get(link_in(mailbox(1)[0]))
    # Login and a proposal.
    client.post("/account/accedi", data={"email": EMAIL, "password": PASSWORD})
    response = client.post(f"/consultazioni/{consultation.slug}/proposte/nuova", data=full_form())
    assert response.status_code == 302
    client.post("/account/esci")
    # A password reset, then a failed login.
    client.post("/account/password-dimenticata", data={"email": EMAIL})
    assert len(mailbox(2)) == 2
    client.post("/account/accedi", data={"email": EMAIL, "password": "wrong-password-123"})
    # The mail server refuses connections: the failure is logged, without the address.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        app.config["MAIL_PORT"] = probe.getsockname()[1]
    client.post("/account/password-dimenticata", data={"email": EMAIL})
    assert any("Could not send e-mail to recipient r-" in r.getMessage() for r in caplog.records)
    app_records = [r for r in caplog.records if r.name not in TEST_HARNESS_LOGGERS]
    assert app_records, "nothing was logged: the test would prove nothing"
    assert _personal_data_in(caplog.records) == []


def test_development_mail_keeps_the_message_on_the_console_only(client, app, caplog, capsys):
    """Without MAIL_SERVER the message is printed for the developer; the log says only that."""
    caplog.set_level(logging.INFO)
    app.config["MAIL_SERVER"] = ""
    client.post("/account/password-dimenticata", data={"email": "x@example.org"})  # unknown: no mail
    client.post(
        "/account/registrati",
        data={
            "email": EMAIL,
            "display_name": NAME,
            "password": PASSWORD,
            "password_confirm": PASSWORD,
            "accept_privacy": "y",
        },
    )
    assert "riservata.persona@example.org" in capsys.readouterr().out
    assert any("E-mail not sent" in r.getMessage() for r in caplog.records)
    assert _personal_data_in(caplog.records) == []
