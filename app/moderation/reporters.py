"""Who counts as a distinct person when reports hide content automatically.

One person with three accounts on one mailbox (``name+1@``, ``name+2@``, ``name+3@``)
could hide any proposal alone (issue 13, finding 3). A report counts toward
``FLAGS_AUTO_HIDE_THRESHOLD`` only if its account was confirmed at least
``FLAGS_AUTO_HIDE_ACCOUNT_AGE_HOURS`` before the report, and reports count once per
*normalised mailbox*: the address lowercased, without its ``+tag``, and for the providers
that ignore dots in the local part (Gmail) without dots and with one domain name.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from app.proposals.models import Flag

# Providers that deliver ``n.a.me@`` to ``name@``, and the one name of their domain.
DOT_BLIND_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def normalised_mailbox(email: str) -> str:
    """The mailbox an address delivers to: ``Ma.Rio+x@GoogleMail.com`` → ``mario@gmail.com``.

    Sub-addressing with ``+`` is removed for every domain (widely supported, and treating two
    addresses as one mailbox only ever makes the count stricter).
    """
    address = email.strip().lower()
    local, at, domain = address.rpartition("@")
    if not at:
        return address
    domain = domain.rstrip(".")
    local = local.split("+", 1)[0]
    if domain in DOT_BLIND_DOMAINS:
        local = local.replace(".", "")
        domain = DOT_BLIND_DOMAINS[domain]
    return f"{local}@{domain}"


def counts(flag: Flag, min_account_age: timedelta) -> bool:
    """True if ``flag``'s reporter counts: an active account with an address, confirmed at
    least ``min_account_age`` before reporting."""
    reporter = flag.reporter
    if reporter is None or reporter.deleted_at is not None or not reporter.email:
        return False
    confirmed_at = reporter.confirmed_at
    return (
        confirmed_at is not None
        and flag.created_at is not None
        and (confirmed_at <= flag.created_at - min_account_age)
    )


def distinct_people(flags: Iterable[Flag], min_account_age: timedelta) -> dict[str, list[int]]:
    """The reports that count, grouped by normalised mailbox: ``{mailbox: [flag ids]}``."""
    people: dict[str, list[int]] = {}
    for flag in flags:
        if counts(flag, min_account_age):
            people.setdefault(normalised_mailbox(flag.reporter.email), []).append(flag.id)
    return people
