"""The load generator of ``bench/http_bench.py``, run in its own process.

    python bench/_loadgen.py SPEC.json  ->  JSON result on stdout

N clients on one asyncio loop, each with its own keep-alive connection (reopened when
the server closes it, as gunicorn's sync workers do) and, for the writes, its own login
session. A minimal HTTP/1.1 client on raw streams keeps the generator cheap, so on a
small machine most of the CPU goes to the server being measured.

Spec: ``{"host", "port", "clients", "duration", "warmup", "scenario": {"name", "kind",
"paths"} , "accounts": [email...], "password", "consultation", "proposal_ids": [...]}``.
``kind`` is ``get`` (rotate over ``paths``), ``get_as`` (the same, logged in as the
scenario's ``account``: pages rendered for that person, never from the page cache),
``submit``, ``support`` or ``mixed``: the
first ``writers`` clients support proposals while the others read ``paths`` (reads and
writes are then reported apart, the reads at the top level and the writes under
``"writes"``).
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import sys
import time
import uuid
from urllib.parse import urlencode

CSRF = re.compile(rb'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
OPTION = re.compile(rb'<option[^>]*value="(\d+)"')


class Connection:
    """One keep-alive HTTP/1.1 connection, reopened whenever the server closes it."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def request(
        self, method: str, path: str, cookies: dict, body: bytes = b"", content_type: str = ""
    ) -> tuple[int, dict, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "Connection: keep-alive",
            "Accept-Language: it",
        ]
        if cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
        if body or method == "POST":
            lines += [f"Content-Length: {len(body)}", f"Content-Type: {content_type}"]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        headers: dict[str, list[str]] = {}
        for line in header_lines:
            if line:
                name, _, value = line.partition(":")
                headers.setdefault(name.strip().lower(), []).append(value.strip())
        if "content-length" in headers:
            payload = await self.reader.readexactly(int(headers["content-length"][0]))
        elif "chunked" in headers.get("transfer-encoding", [""])[0]:
            payload = await self._chunked()
        else:
            payload = await self.reader.read()
            self.close()
        if headers.get("connection", [""])[0].lower() == "close":
            self.close()
        return status, headers, payload

    async def _chunked(self) -> bytes:
        parts = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def _update_cookies(cookies: dict, headers: dict) -> None:
    for header in headers.get("set-cookie", []):
        name, _, rest = header.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]


def _csrf(body: bytes) -> str:
    match = CSRF.search(body)
    if not match:
        raise RuntimeError("no CSRF token in the page")
    return (match.group(1) or match.group(2)).decode()


class Client:
    def __init__(self, spec: dict, number: int):
        self.spec, self.number = spec, number
        self.connection = Connection(spec["host"], spec["port"])
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        self.rng = random.Random(number)
        self.driver_id = ""
        kind = spec["scenario"]["kind"]
        if kind == "mixed":
            kind = "support" if number < spec["scenario"]["writers"] else "get"
        self.kind = kind

    async def get(self, path: str, keep_cookies: bool = False):
        status, headers, body = await self.connection.request("GET", path, self.cookies)
        if keep_cookies:
            _update_cookies(self.cookies, headers)
        return status, headers, body

    async def post(self, path: str, fields: dict, keep_cookies: bool = False):
        body = urlencode(fields, doseq=True).encode()
        status, headers, payload = await self.connection.request(
            "POST", path, self.cookies, body, "application/x-www-form-urlencoded"
        )
        if keep_cookies:
            _update_cookies(self.cookies, headers)
        return status, headers, payload

    async def login(self) -> None:
        """Log in with the client's own account; the session cookie is then frozen, so
        the flash messages of the measured writes do not pile up in it."""
        _status, _headers, body = await self.get("/account/accedi", keep_cookies=True)
        email = self.spec["scenario"].get("account") or self.spec["accounts"][self.number]
        status, headers, _ = await self.post(
            "/account/accedi",
            {"csrf_token": _csrf(body), "email": email, "password": self.spec["password"]},
            keep_cookies=True,
        )
        if status != 302:
            raise RuntimeError(f"login of {email} failed: {status}")
        kind = self.kind
        page = (
            f"/consultazioni/{self.spec['consultation']}/proposte/nuova"
            if kind == "submit"
            else f"/proposte/{self.spec['proposal_ids'][0]}"
        )
        status, _headers, body = await self.get(page, keep_cookies=True)
        if status != 200:
            raise RuntimeError(f"{page} answered {status} after login")
        self.csrf = _csrf(body)
        if kind == "submit":
            self.driver_id = OPTION.search(body[body.find(b'name="driver_id"') :]).group(1).decode()

    async def one(self, path_index: int) -> tuple[int, bool, str]:
        """One measured request: its status, whether it is what the scenario expects and
        its X-Cache header ("" when absent)."""
        scenario = self.spec["scenario"]
        if self.kind in ("get", "get_as"):
            paths = scenario["paths"]
            status, headers, _b = await self.get(paths[path_index % len(paths)])
            return status, status == 200, headers.get("x-cache", [""])[0]
        if self.kind == "support":
            proposal_id = self.rng.choice(self.spec["proposal_ids"])
            status, headers, _ = await self.post(
                f"/proposte/{proposal_id}/sostieni", {"csrf_token": self.csrf}
            )
            return status, status == 302 and "/proposte/" in headers.get("location", [""])[0], ""
        token = uuid.uuid4().hex
        fields = {
            "csrf_token": self.csrf,
            "submission_token": token,
            "intent": "submit",
            "title": f"Proposta di prova {token[:8]}: più treni serali tra i comuni",
            "summary": "Aumentare le corse serali del trasporto pubblico tra i comuni della zona.",
            "need": "Dopo le 20 le corse sono rare e chi lavora su turni resta senza collegamenti.",
            "action": "Una corsa ogni trenta minuti fino a mezzanotte sulle linee principali.",
            "expected_results": "Meno auto, più sicurezza per chi rientra tardi.",
            "actors_involved": "Agenzia del trasporto pubblico locale, comuni.",
            "driver_id": self.driver_id,
            "scope": "metropolitan",
            "on_behalf": "",
        }
        status, headers, _ = await self.post(
            f"/consultazioni/{self.spec['consultation']}/proposte/nuova", fields
        )
        return status, status == 302 and "/proposte/" in headers.get("location", [""])[0], ""


class Tally:
    """The measured requests of one kind: latencies, statuses, X-Cache answers, errors."""

    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.statuses: dict[str, int] = {}
        self.x_cache: dict[str, int] = {}
        self.errors = 0

    def add(self, seconds: float, status: int, ok: bool, cache: str) -> None:
        self.latencies.append(seconds)
        self.statuses[str(status)] = self.statuses.get(str(status), 0) + 1
        if cache:
            self.x_cache[cache] = self.x_cache.get(cache, 0) + 1
        self.errors += 0 if ok else 1

    def summary(self, duration: float) -> dict:
        latencies = sorted(self.latencies)

        def pct(p: float) -> float:
            if not latencies:
                return 0.0
            return round(1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1)

        return {
            "requests": len(latencies),
            "rps": round(len(latencies) / duration, 1),
            "p50_ms": pct(0.50),
            "p95_ms": pct(0.95),
            "p99_ms": pct(0.99),
            "errors": self.errors,
            "statuses": self.statuses,
            **({"x_cache": self.x_cache} if self.x_cache else {}),
        }


async def run(spec: dict) -> dict:
    clients = [Client(spec, n) for n in range(spec["clients"])]
    for client in clients:  # one at a time: each login hashes a password
        if client.kind != "get":
            await client.login()
    start = time.perf_counter()
    measure_from = start + spec["warmup"]
    end = measure_from + spec["duration"]
    tallies = {"get": Tally(), "write": Tally()}

    async def loop(client: Client, offset: int) -> None:
        tally = tallies["get" if client.kind in ("get", "get_as") else "write"]
        index = offset
        while True:
            began = time.perf_counter()
            if began >= end:
                return
            try:
                status, ok, cache = await client.one(index)
            except (OSError, asyncio.IncompleteReadError, ValueError):
                client.connection.close()
                status, ok, cache = 0, False, ""
            finished = time.perf_counter()
            index += 1
            if began >= measure_from and finished <= end:
                tally.add(finished - began, status, ok, cache)

    await asyncio.gather(*(loop(client, n * 7) for n, client in enumerate(clients)))
    for client in clients:
        client.connection.close()
    kind, duration = spec["scenario"]["kind"], spec["duration"]
    if kind == "mixed":
        return {**tallies["get"].summary(duration), "writes": tallies["write"].summary(duration)}
    return tallies["get" if kind in ("get", "get_as") else "write"].summary(duration)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as spec_file:
        print(json.dumps(asyncio.run(run(json.load(spec_file)))))
