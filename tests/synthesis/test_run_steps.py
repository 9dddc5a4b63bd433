"""A run's page lists its steps, done, current or to come (a fast run still shows them)."""

from __future__ import annotations

import re

from tests import factories
from tests.proposals.helpers import english, sign_in
from tests.synthesis.factories import create_run


def _steps(client, run) -> list[tuple[str, str]]:
    page = client.get(f"/sintesi/esecuzioni/{run.id}").get_data(as_text=True)
    items = re.findall(r'<li class="run-step (is-\w+)"[^>]*>(.*?)</li>', page, re.S)
    return [(state, " ".join(re.sub(r"<[^>]+>", " ", text).split())) for state, text in items]


def test_a_running_and_a_finished_run_show_their_steps(client):
    consultation = factories.create_consultation(phase="synthesis")
    sign_in(client, factories.create_user(roles=["analyst"]))
    english(client)
    running = create_run(consultation, status="running", progress=40, progress_message="Finding themes")
    assert _steps(client, running) == [
        ("is-done", "Waiting for a worker (done)"),
        ("is-done", "Reading the proposals (done)"),
        ("is-current", "Finding the themes (in progress)"),
        ("is-pending", "Saving the themes (to come)"),
        ("is-pending", "Done (to come)"),
    ]
    finished = create_run(consultation, status="succeeded", progress=100, progress_message="Done")
    assert [state for state, _ in _steps(client, finished)] == ["is-done"] * 5
