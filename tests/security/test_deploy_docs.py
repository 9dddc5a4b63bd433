"""Issue 13, finding 15: the nginx example in docs/deploy.md buffers request bodies (so a
slow client cannot hold a sync worker) and sets exactly the forwarded headers the app
trusts behind one proxy; the app's proxy fix agrees with it."""

from __future__ import annotations

import re
from pathlib import Path

from werkzeug.middleware.proxy_fix import ProxyFix

DEPLOY = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"


def _nginx() -> str:
    blocks = re.findall(r"```nginx\n(.*?)```", DEPLOY.read_text(), re.S)
    assert len(blocks) == 1
    return blocks[0]


def _directives(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip().rstrip(";")
        if line and not line.endswith(("{", "}")):
            name, _, value = line.partition(" ")
            found.setdefault(name, []).append(value.strip())
    return found


def test_the_nginx_example_buffers_bodies_and_drops_slow_clients():
    directives = _directives(_nginx())
    assert directives["proxy_request_buffering"] == ["on"]
    assert directives["client_body_buffer_size"] == ["64k"]
    assert directives["client_max_body_size"] == ["2m"]  # MAX_CONTENT_LENGTH
    assert directives["proxy_buffering"] == ["on"]
    for timeout in ("client_header_timeout", "client_body_timeout", "send_timeout"):
        assert int(directives[timeout][0].rstrip("s")) <= 30, timeout
    read_timeout = int(directives["proxy_read_timeout"][0].rstrip("s"))
    assert 30 < read_timeout <= 40  # a little more than gunicorn's 30 s


def test_the_nginx_example_sets_exactly_the_forwarded_headers_the_app_trusts():
    headers = dict(value.split(" ", 1) for value in _directives(_nginx())["proxy_set_header"])
    assert headers["Host"] == "$host"
    assert headers["X-Forwarded-For"] == "$remote_addr"
    assert headers["X-Forwarded-Proto"] == "$scheme"
    # The client's own X-Forwarded-Host (and -Port, -Prefix) is removed, not passed on.
    for dropped in ("X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Prefix"):
        assert headers[dropped] == '""', dropped
    # Unknown hosts are refused by nginx before the app's own check.
    assert "default_server" in _nginx() and "return 444" in _nginx()


def test_the_app_behind_one_proxy_trusts_only_for_and_proto(make_app):
    proxied = make_app(PROXY_COUNT=1)
    fix = proxied.wsgi_app
    while not isinstance(fix, ProxyFix):
        fix = fix.wsgi_app if hasattr(fix, "wsgi_app") else fix.app
    assert (fix.x_for, fix.x_proto, fix.x_host, fix.x_port, fix.x_prefix) == (1, 1, 0, 0, 0)


def test_the_deploy_guide_documents_public_url_and_the_mail_worker():
    text = DEPLOY.read_text()
    assert "PUBLIC_URL=https://" in text
    assert "EXTRA_TRUSTED_HOSTS" in text
    assert "forum mail-worker" in text and "rq worker --worker-class app.worker.Worker forum-mail" in text
